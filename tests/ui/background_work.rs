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
/// (or after 10 s); join the handle after.
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
        std::fs::write(&path, bytes).expect("write the pipe");
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
    let (write, writer) = held_file(&path, theirs.clone());
    h.state_mut().disk_watch.look_now();
    h.run_steps(3);
    h.get_by_label("Looking at work.ron on disk…");
    assert!(h.state().disk_watch.changed.is_none());

    let _ = write.send(());
    common::wait_for_tasks(&mut h);
    writer.join().expect("writer");
    // A plain file again, so that nothing waits on the pipe.
    std::fs::remove_file(&path).expect("remove the pipe");
    std::fs::write(&path, &theirs).expect("write");
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
