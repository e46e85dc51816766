//! Opening an archive while a project is open (issue 12, defect 3): the window asks whether
//! to open it on its own or to re-point the project at it, and never re-points silently.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{AppCommand, Prefs, PressmarkApp};

use crate::common;

/// The sample's project (claims on every "net migration") open in a 1280×800 window.
fn project_window(dir: &Path) -> (Harness<'static, PressmarkApp>, PathBuf) {
    let (_, project_path, _) = common::tagged_sample_project(dir);
    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open_project(&project_path);
    app.wait_for_load();
    let h = common::harness_for(app, 1280.0, 800.0);
    (h, project_path)
}

fn other_archive() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archives/variants.txt")
}

fn open(h: &mut Harness<'static, PressmarkApp>, path: PathBuf) {
    h.state_mut().commands.push(AppCommand::OpenPath(path));
    // A project opens on a task, with a spinner: step, then wait for it.
    h.run_steps(1);
    h.state_mut().wait_for_load();
    h.run();
}

#[test]
fn another_archive_is_not_taken_silently() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, project_path) = project_window(dir.path());
    let claims = h.state().doc.project.claims.clone();
    let own = h.state().archive_path();
    open(&mut h, other_archive());
    // Nothing has moved yet: the question is up.
    assert_eq!(h.state().archive_path(), own);
    assert!(!h.state().doc.is_dirty());
    assert!(h.state().doc.orphans.is_empty());
    h.get_by_label("Re-point the project at it");
    h.get_by_label("Open it on its own").click();
    // A project opens on a task, with a spinner: step, then wait for it.
    h.run_steps(1);
    h.state_mut().wait_for_load();
    h.run();
    // On its own: the archive opens with a new, empty project; the project file is as it was.
    assert_eq!(h.state().archive_path(), Some(other_archive()));
    assert_eq!(h.state().doc.path, None);
    assert!(h.state().doc.project.claims.is_empty());
    let saved = pressmark::project::store::load(&project_path).unwrap();
    assert_eq!(saved.claims, claims);
}

#[test]
fn re_pointing_is_one_undo_step_with_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, project_path) = project_window(dir.path());
    let before = h.state().doc.project.clone();
    open(&mut h, other_archive());
    h.get_by_label("Re-point the project at it").click();
    // A project opens on a task, with a spinner: step, then wait for it.
    h.run_steps(1);
    h.state_mut().wait_for_load();
    h.run();
    assert_eq!(h.state().archive_path(), Some(other_archive()));
    assert_eq!(h.state().doc.path, Some(project_path));
    assert!(h.state().doc.is_dirty());
    // The check's report: the sample's claims have no place in the other archive.
    let orphans = h.state().doc.orphans.len();
    assert_eq!(orphans, before.claims.len());
    h.get_by_label(&format!("{orphans} orphaned"));
    // One undo step takes the whole re-pointing back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.project, before);
    assert!(!h.state().doc.is_dirty());
}

/// Re-points the window's project at the other archive, as the user would.
fn re_point(h: &mut Harness<'static, PressmarkApp>) {
    open(h, other_archive());
    h.get_by_label("Re-point the project at it").click();
    h.run();
    h.state_mut().wait_for_load();
    h.run();
    assert_eq!(h.state().archive_path(), Some(other_archive()));
}

#[test]
fn undoing_a_re_pointing_reopens_the_archive_the_claims_were_made_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = project_window(dir.path());
    let own = h.state().archive_path();
    let claims = h.state().doc.project.claims.len();
    re_point(&mut h);
    assert_eq!(h.state().doc.orphans.len(), claims);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.state_mut().wait_for_load();
    h.run();
    // The claims are back on their own archive, all in place.
    assert_eq!(h.state().archive_path(), own);
    assert!(h.state().doc.orphans.is_empty());
    assert!(!h.state().doc.is_dirty());
    // Redo goes to the other archive again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    h.state_mut().wait_for_load();
    h.run();
    assert_eq!(h.state().archive_path(), Some(other_archive()));
    assert_eq!(h.state().doc.orphans.len(), claims);
}

#[test]
fn a_re_pointed_project_learns_the_new_archive_s_hash_before_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = project_window(dir.path());
    re_point(&mut h);
    let want = pressmark::project::archive_ref::archive_digest(&other_archive()).unwrap();
    // The hash is worked out in the background once the search index is built.
    common::wait_for_index(&mut h);
    for _ in 0..300 {
        h.run();
        if !h.state().doc.project.archive.sha256.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(h.state().doc.project.archive.sha256, want);
    assert!(h.state().doc.is_dirty(), "not saved yet");
}
