//! File work off the UI thread (issue 12): a save runs as a task while the window keeps
//! drawing, with its label in the status bar; a failed save says why and leaves the project
//! unsaved; edits made while it writes stay unsaved; quitting while it writes waits for it.
//!
//! A save is held up the way another Pressmark saving the same project holds it up: by
//! holding the project's lock (`store::lock`), which the save waits for.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Sender};
use std::time::Duration;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{AppCommand, Command, PressmarkApp};
use pressmark::project::store;

use crate::common;

/// Holds `project`'s lock on a thread until told to let go (or, so that a window that blocks
/// on the save cannot hang the test for the lock's full minute, after 10 s).
fn hold_lock(project: &Path) -> Sender<()> {
    let (release, released) = channel::<()>();
    let (held, is_held) = channel::<()>();
    let path = project.to_owned();
    std::thread::spawn(move || {
        let lock = store::lock(&path).expect("the project's lock");
        let _ = held.send(());
        let _ = released.recv_timeout(Duration::from_secs(10));
        drop(lock);
    });
    is_held.recv().expect("lock taken");
    release
}

/// The sample with one claim, saved at `dir/work.ron`, then a second claim: dirty.
fn window_with_unsaved_claim(dir: &Path) -> (Harness<'static, PressmarkApp>, PathBuf) {
    let project = dir.join("work.ron");
    let mut h = common::harness_for(common::app_on_sample(), 1280.0, 800.0);
    common::select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(project.clone()));
    common::wait_for_tasks(&mut h);
    assert!(!h.state().doc.is_dirty(), "{:?}", h.state().error);
    common::select(&mut h, "International Education Strategy");
    h.key_press(egui::Key::Num2);
    h.run();
    assert!(h.state().doc.is_dirty());
    (h, project)
}

fn claims_on_disk(project: &Path) -> usize {
    store::load(project)
        .expect("the saved project")
        .claims
        .len()
}

/// Fails before the change: the save ran on the UI thread, so the frame that started it
/// did not end until the file was written, and no "Saving" label was ever drawn.
#[test]
fn a_held_up_save_keeps_the_window_drawing_and_ends_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, project) = window_with_unsaved_claim(dir.path());
    let release = hold_lock(&project);
    h.state_mut().commands.push(AppCommand::Run(Command::Save));
    h.run_steps(3);
    // The window draws while the save waits, and says what it is doing.
    h.get_by_label("Saving work.ron…");
    assert_eq!(claims_on_disk(&project), 1, "not written yet");
    assert!(h.state().doc.is_dirty());
    // The user can still move about: the next release opens.
    let before = h.state().selected;
    h.state_mut()
        .commands
        .push(AppCommand::Run(Command::NextRelease));
    h.run_steps(2);
    assert_ne!(h.state().selected, before);

    let _ = release.send(());
    common::wait_for_tasks(&mut h);
    assert_eq!(h.state().error, None);
    assert!(!h.state().doc.is_dirty());
    assert!(!h.state().window_title().contains('*'));
    assert_eq!(claims_on_disk(&project), 2);
    assert!(h.query_by_label("Saving work.ron…").is_none());
}

/// A folder this process cannot write to: a read-only one, or (for root, whom permissions
/// do not stop) `/sys`, which no one can make files in.
fn read_only_folder(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let folder = dir.join("read-only");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = folder.join("probe");
    if std::fs::write(&probe, b"").is_ok() {
        let _ = std::fs::remove_file(&probe);
        return PathBuf::from("/sys");
    }
    folder
}

#[test]
fn a_save_into_a_read_only_folder_says_why_and_stays_unsaved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, _) = window_with_unsaved_claim(dir.path());
    let folder = read_only_folder(dir.path());
    let target = folder.join("elsewhere.ron");
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(target.clone()));
    common::wait_for_tasks(&mut h);
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.starts_with("Could not save the project"), "{error:?}");
    assert!(error.contains("elsewhere.ron"), "{error:?}");
    // On screen, in words, and the project is still the one saved at work.ron, unsaved.
    h.get_by_label(&format!("Error: {error}"));
    assert!(h.state().doc.is_dirty());
    assert!(h
        .state()
        .window_title()
        .starts_with("Pressmark — work.ron*"));
    assert!(!target.exists());
    assert!(h.query_by_label_contains("Saving").is_none());
}

#[test]
fn edits_made_while_a_save_writes_stay_unsaved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, project) = window_with_unsaved_claim(dir.path());
    let release = hold_lock(&project);
    h.state_mut().commands.push(AppCommand::Run(Command::Save));
    h.run_steps(3);
    h.get_by_label("Saving work.ron…");
    // A third claim while the second is being written (frames stepped, not settled: the
    // status bar's spinner turns until the save ends).
    let app = h.state_mut();
    let index = app.selected.expect("a release");
    let text = &app.archive.as_ref().expect("archive").releases[index].text;
    let start = text.find("half a million").expect("words in the release");
    app.commands.push(AppCommand::SetSelection {
        release: index,
        start,
        end: start + "half a million".len(),
    });
    h.run_steps(2);
    h.get_by_label("1 migration figure").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.project.claims.len(), 3);

    let _ = release.send(());
    common::wait_for_tasks(&mut h);
    assert_eq!(h.state().error, None);
    assert_eq!(
        claims_on_disk(&project),
        2,
        "the snapshot taken when it began"
    );
    assert!(h.state().doc.is_dirty(), "the third claim is not saved");
    assert!(h.state().window_title().contains('*'));
    // Undoing the third claim comes back to what is on disk.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h.state().doc.is_dirty());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    h.state_mut().commands.push(AppCommand::Run(Command::Save));
    common::wait_for_tasks(&mut h);
    assert!(!h.state().doc.is_dirty());
    assert_eq!(claims_on_disk(&project), 3);
}

/// Fails before the change: Quit asked "Save changes?" of a project whose save was under
/// way (or, with the save on the UI thread, had already blocked the window).
#[test]
fn quitting_while_a_save_writes_waits_for_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, project) = window_with_unsaved_claim(dir.path());
    let release = hold_lock(&project);
    h.state_mut().commands.push(AppCommand::Run(Command::Save));
    h.run_steps(3);
    h.get_by_label("Saving work.ron…");
    h.state_mut().commands.push(AppCommand::Run(Command::Quit));
    h.run_steps(3);
    // Not closed, not asking about unsaved changes: waiting, and saying so.
    assert!(!h.state().quit_requested);
    assert!(!h.state().confirm_quit);
    h.get_by_label("Saving work.ron… Pressmark closes when this is done.");
    assert_eq!(claims_on_disk(&project), 1);

    let _ = release.send(());
    common::wait_for_tasks(&mut h);
    h.run_steps(2);
    assert_eq!(h.state().error, None);
    assert_eq!(claims_on_disk(&project), 2);
    assert!(!h.state().doc.is_dirty());
    assert!(h.state().quit_requested, "closes once saved");
}

/// Closing the window (its close button) while a save writes is held off the same way.
#[test]
fn closing_the_window_while_a_save_writes_waits_for_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, project) = window_with_unsaved_claim(dir.path());
    let release = hold_lock(&project);
    h.state_mut().commands.push(AppCommand::Run(Command::Save));
    h.run_steps(3);
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(3);
    assert!(h.state().quit_after_tasks);
    assert!(!h.state().quit_requested);
    assert!(!h.state().confirm_quit);

    let _ = release.send(());
    common::wait_for_tasks(&mut h);
    h.run_steps(2);
    assert_eq!(claims_on_disk(&project), 2);
    assert!(h.state().quit_requested);
}

/// While a save writes, another project cannot be opened over the one being saved.
#[test]
fn no_other_project_opens_while_a_save_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, project) = window_with_unsaved_claim(dir.path());
    let other = tempfile::tempdir().expect("tempdir");
    let (_, other_project, _) = common::tagged_sample_project(other.path());
    let release = hold_lock(&project);
    h.state_mut().commands.push(AppCommand::Run(Command::Save));
    h.run_steps(3);
    h.state_mut()
        .commands
        .push(AppCommand::OpenPath(other_project));
    h.run_steps(2);
    let error = h.state().error.clone().unwrap_or_default();
    assert_eq!(
        error,
        "Saving work.ron is still under way; try again when it is done."
    );
    assert_eq!(h.state().doc.path.as_deref(), Some(project.as_path()));

    let _ = release.send(());
    common::wait_for_tasks(&mut h);
    assert_eq!(claims_on_disk(&project), 2);
    assert!(!h.state().doc.is_dirty());
}

/// Fails before the change (it blocked the window until the file could be read): a CSV
/// import reads its file on a task, and a claim made while it reads is neither lost nor
/// doubled (the rows are matched again against the project as it is when the read ends).
/// The file is a named pipe, so that it can be read only when the test says.
#[test]
fn a_csv_import_reads_on_a_task_and_keeps_edits_made_meanwhile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (theirs, _, archive) = common::tagged_sample_project(dir.path());
    let csv = pressmark::export::csv::csv_string(&theirs, &archive);
    let rows = theirs.claims.len();
    let app = common::app_on(dir.path().join("home-office.txt"));
    let mut h = common::harness_for(app, 1280.0, 800.0);
    let fifo = dir.path().join("claims.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (write, written) = channel::<()>();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let _ = written.recv_timeout(Duration::from_secs(10));
            std::fs::write(&fifo, csv).expect("write the CSV");
        })
    };
    h.state_mut().commands.push(AppCommand::ImportCsvFrom(fifo));
    h.run_steps(3);
    h.get_by_label("Importing claims.csv…");

    // Meanwhile, one of the rows' claims is made by hand.
    let app = h.state_mut();
    let index = app.selected.expect("a release");
    let text = &app.archive.as_ref().expect("archive").releases[index].text;
    let start = text.find("net migration").expect("words in the release");
    app.commands.push(AppCommand::SetSelection {
        release: index,
        start,
        end: start + "net migration".len(),
    });
    h.run_steps(2);
    h.get_by_label("1 migration figure").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.project.claims.len(), 1);

    let _ = write.send(());
    common::wait_for_tasks(&mut h);
    writer.join().expect("writer");
    assert_eq!(h.state().error, None);
    let claims = &h.state().doc.project.claims;
    assert_eq!(
        claims.len(),
        rows,
        "one claim per row: the hand-made one not doubled"
    );
    let mut places: Vec<_> = claims
        .values()
        .map(|c| (c.release.clone(), c.anchor.start, c.anchor.end))
        .collect();
    places.sort();
    places.dedup();
    assert_eq!(places.len(), rows);
    let notice = h.state().share.notice.clone().unwrap_or_default();
    assert!(
        notice.contains(&format!("{} claims added, 1 already here", rows - 1)),
        "{notice}"
    );
    // The import is one undo step; the claim made by hand stays.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.project.claims.len(), 1);
}

/// A bundle (project and archive in one zip) opens on a task, and its claims are placed.
#[test]
fn a_bundle_opens_on_a_task() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (project, project_path, _) = common::tagged_sample_project(dir.path());
    let bundle = dir.path().join("work.zip");
    pressmark::export::write_bundle(&project, &project_path, &bundle).expect("bundle");
    let mut h = common::harness_for(common::app_on_sample(), 1280.0, 800.0);
    h.state_mut().commands.push(AppCommand::OpenPath(bundle));
    h.run_steps(1);
    assert!(
        h.state().tasks.labels().any(|l| l == "Opening work.zip"),
        "the bundle is read on a task"
    );
    h.state_mut().wait_for_load();
    common::wait_for_index(&mut h);
    assert_eq!(h.state().error, None);
    assert_eq!(h.state().doc.project.claims.len(), project.claims.len());
    assert!(h.state().doc.orphans.is_empty());
}

/// Ctrl+S again while a save writes is not an error: the project is saved once more when
/// the first save ends, with the changes made in between.
#[test]
fn saving_again_while_a_save_writes_saves_once_more_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, project) = window_with_unsaved_claim(dir.path());
    let release = hold_lock(&project);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(3);
    h.get_by_label("Saving work.ron…");
    let app = h.state_mut();
    let index = app.selected.expect("a release");
    let text = &app.archive.as_ref().expect("archive").releases[index].text;
    let start = text.find("half a million").expect("words in the release");
    app.commands.push(AppCommand::SetSelection {
        release: index,
        start,
        end: start + "half a million".len(),
    });
    h.run_steps(2);
    h.get_by_label("1 migration figure").click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert_eq!(h.state().error, None, "not refused");

    let _ = release.send(());
    common::wait_for_tasks(&mut h);
    assert_eq!(h.state().error, None);
    assert_eq!(
        claims_on_disk(&project),
        3,
        "saved again with the third claim"
    );
    assert!(!h.state().doc.is_dirty());
}
