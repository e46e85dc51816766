//! File reads and the work after a user's choice run off the UI thread (issue 12): restoring
//! autosaved work, re-reading a project changed on disk, and working out a merge or an
//! agreement again after the user has mapped tags. The window keeps drawing meanwhile, says
//! what it is doing, and errors reach the user in words.
//!
//! A read is held up with a named pipe in the file's place: it can be read only when the
//! test writes to it (or, so that a window that blocks on it cannot hang the test, after
//! 10 s).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Sender};
use std::time::Duration;

use egui_kittest::kittest::Queryable;

use crate::common;

/// A named pipe at `path` that `bytes` are written into when the returned sender says so
/// (or after 10 s), then replaced by a plain file holding them; join the handle after.
fn held_file(path: &Path, bytes: Vec<u8>) -> (Sender<()>, std::thread::JoinHandle<()>) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (write, written) = channel::<()>();
    let path = path.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = written.recv_timeout(Duration::from_secs(10));
        std::fs::write(&path, &bytes).expect("write the pipe");
        // Then a plain file in its place, so that a later read never waits on the pipe.
        let plain = path.with_extension("plain");
        std::fs::write(&plain, &bytes).expect("write");
        std::fs::rename(&plain, &path).expect("rename");
    });
    (write, writer)
}

/// The RON text of the sample project of `tagged_sample_project` (saved at `dir/work.ron`).
fn project_text(dir: &Path) -> (pressmark::project::Project, PathBuf, Vec<u8>) {
    let (project, path, _) = common::tagged_sample_project(dir);
    let bytes = std::fs::read(&path).expect("saved project");
    (project, path, bytes)
}

/// Fails before the change: Restore read the recovery file on the UI thread, so the frame
/// that asked for it did not end until the file could be read, and nothing said so.
#[test]
fn restoring_autosaved_work_reads_it_on_a_task() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (project, _, bytes) = project_text(dir.path());
    let app = common::app_on(dir.path().join("home-office.txt"));
    let mut h = common::harness_for(app, 1280.0, 800.0);
    let rec = dir.path().join("work.ron.recovery");
    let (write, writer) = held_file(&rec, bytes);
    h.state_mut().recovery.offer = Some(rec);
    h.run_steps(2);
    h.get_by_label("Restore").click();
    h.run_steps(3);
    // The window draws while the file waits to be read, and says what it is doing.
    h.get_by_label("Restoring work.ron.recovery…");
    assert!(h.state().doc.project.claims.is_empty());

    let _ = write.send(());
    common::wait_for_tasks(&mut h);
    writer.join().expect("writer");
    assert_eq!(h.state().error, None);
    assert_eq!(h.state().doc.project.claims.len(), project.claims.len());
    assert!(h.state().doc.is_dirty(), "restored work is unsaved");
    assert!(h.state().doc.orphans.is_empty());
}

/// A recovery file that is not a project: the restore says so, in words, and the project on
/// screen stays as it was.
#[test]
fn a_broken_recovery_file_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = dir.path().join("work.ron.recovery");
    std::fs::write(&rec, "this is not a project").expect("write");
    let mut h = common::harness();
    h.state_mut().recovery.offer = Some(rec);
    h.run_steps(2);
    h.get_by_label("Restore").click();
    h.run_steps(1);
    common::wait_for_tasks(&mut h);
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.starts_with("Could not restore"), "{error}");
    h.get_by_label(&format!("Error: {error}"));
    assert!(!h.state().doc.is_dirty());
}

/// The window on the saved sample project of `tagged_sample_project`, and a colleague's
/// version of the file's text: one claim of it checked.
fn window_on_project(
    dir: &Path,
) -> (
    egui_kittest::Harness<'static, pressmark::app::PressmarkApp>,
    PathBuf,
    Vec<u8>,
) {
    use pressmark::project::{store, Edit, Status};
    let (project, path, _) = common::tagged_sample_project(dir);
    let mut app = pressmark::app::PressmarkApp::new(
        pressmark::app::Prefs::default(),
        std::sync::Arc::new(|| {}),
    );
    app.open_project(&path);
    app.wait_for_load();
    let h = common::harness_for(app, 1400.0, 900.0);
    let mut theirs = project.clone();
    let mut checked = theirs.claims.values().next().expect("a claim").clone();
    checked.status = Status::Checked;
    checked.modified += 1;
    Edit::UpdateClaim(checked).apply(&mut theirs).expect("edit");
    let elsewhere = dir.join("theirs.ron");
    store::save(&theirs, &elsewhere).expect("save");
    let bytes = std::fs::read(&elsewhere).expect("saved");
    (h, path, bytes)
}

/// Fails before the change: the disk watch read a changed project file on the UI thread, so
/// a slow file (a shared drive) stopped the window until it was read.
#[test]
fn a_project_changed_on_disk_is_read_on_a_task() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, path, theirs) = window_on_project(dir.path());
    // The colleague's version arrives slowly, as over a network share.
    std::fs::remove_file(&path).expect("remove");
    let (write, writer) = held_file(&path, theirs);
    h.state_mut().disk_watch.look_now();
    h.run_steps(3);
    h.get_by_label("Looking at work.ron on disk…");
    assert!(h.state().disk_watch.changed.is_none());

    let _ = write.send(());
    common::wait_for_tasks(&mut h);
    writer.join().expect("writer");
    h.get_by_label_contains("was changed on disk by another program");
    assert_eq!(h.state().error, None);
}

/// Merge with mine is worked out on a task; the result arrives as before.
#[test]
fn merge_with_mine_is_worked_out_on_a_task() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, path, theirs) = window_on_project(dir.path());
    std::fs::write(&path, &theirs).expect("the colleague saves");
    h.state_mut().disk_watch.look_now();
    h.run_steps(1);
    common::wait_for_tasks(&mut h);
    h.get_by_label("Merge with mine").click();
    h.run_steps(1);
    assert!(
        h.state()
            .tasks
            .labels()
            .any(|l| l == "Merging work.ron from disk"),
        "the merge runs on a task"
    );
    common::wait_for_tasks(&mut h);
    h.get_by_label_contains("Merged the version on disk with yours: 0 added, 0 deleted, 1 changed");
    let checked = h
        .state()
        .doc
        .project
        .claims
        .values()
        .filter(|c| c.status == pressmark::project::Status::Checked)
        .count();
    assert_eq!(checked, 1);
}

/// A colleague's project at `dir/colleague.ron`: "half a million" in the sample tagged with a
/// tag of theirs, "Funding", that the default codebook lacks.
fn colleague_with_own_tag(dir: &Path) -> PathBuf {
    use pressmark::archive::Archive;
    use pressmark::project::{store, Anchor, ArchiveRef, Edit, Project, Tag};
    let sample = common::sample_path();
    let archive = Archive::load(std::slice::from_ref(&sample)).expect("sample");
    let path = dir.join("colleague.ron");
    let mut theirs = Project::new(ArchiveRef::for_file(&path, &sample).expect("ref"), "bo");
    let id = theirs.codebook.next_id();
    Edit::AddTag(Tag::new(id, "Funding", [1, 2, 3]))
        .apply(&mut theirs)
        .expect("tag");
    let r = &archive.releases[0];
    let s = r.text.find("half a million").expect("in the sample");
    let claim = theirs.new_claim(
        &r.id,
        Anchor::from_range(&r.text, s, s + "half a million".len()),
        vec![id],
        1_683_000_000,
    );
    Edit::AddClaim(claim).apply(&mut theirs).expect("claim");
    store::save(&theirs, &path).expect("save");
    path
}

/// Fails before the change: after the Merge tags step, the merge was worked out on the UI
/// thread; it now runs as a task, and arrives as one undo step.
#[test]
fn the_merge_after_the_merge_tags_step_is_worked_out_on_a_task() {
    let dir = tempfile::tempdir().expect("tempdir");
    let theirs = colleague_with_own_tag(dir.path());
    let mut h = common::harness();
    h.state_mut()
        .commands
        .push(pressmark::app::AppCommand::MergeFrom(theirs));
    h.run_steps(1);
    common::wait_for_tasks(&mut h);
    h.get_by_label_contains("has tags your project does not");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Merge")
        .click();
    h.run_steps(1);
    assert!(
        h.state()
            .tasks
            .labels()
            .any(|l| l == "Merging colleague.ron"),
        "the merge runs on a task"
    );
    common::wait_for_tasks(&mut h);
    assert_eq!(h.state().error, None);
    assert_eq!(h.state().doc.project.claims.len(), 1);
    h.get_by_label_contains("Merged");
    h.get_by_label_contains("1 added, 0 updated, 1 tags added, 0 conflicts");
}

/// Fails before the change: counting their tag as one of mine worked the agreement out again
/// on the UI thread; it now runs as a task, with a spinner in the window meanwhile.
#[test]
fn the_agreement_is_worked_out_again_on_a_task() {
    let dir = tempfile::tempdir().expect("tempdir");
    let theirs = colleague_with_own_tag(dir.path());
    let mut h = common::harness();
    common::select(&mut h, "half a million");
    h.get_by_label("2 funding total").click();
    h.run();
    h.state_mut()
        .commands
        .push(pressmark::app::AppCommand::AgreeWith(theirs));
    h.run_steps(1);
    common::wait_for_tasks(&mut h);
    h.get_by_label("funding total - only you: \"half a million\"");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Funding")
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "funding total")
        .click();
    h.run_steps(1);
    assert!(
        h.state()
            .tasks
            .labels()
            .any(|l| l == "Comparing again with colleague.ron"),
        "worked out again on a task"
    );
    common::wait_for_tasks(&mut h);
    assert_eq!(h.state().error, None);
    h.get_by_label("0 passages where you disagree (click one to see both sides):");
    assert!(h
        .query_by_label("Working out the agreement again…")
        .is_none());
}
