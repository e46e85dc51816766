//! Two writers on one project, one of them the window: the window (or a second window)
//! refuses to save over a change it did not see, in words, and keeps its own work.

use std::sync::Arc;

use pressmark::app::{Prefs, PressmarkApp};
use pressmark::project::store::{self, StoreError};
use pressmark::project::Edit;

use super::project_concurrent::{setup, tag_command};

#[test]
fn the_window_refuses_to_save_over_a_command_line_run() {
    let (_dir, project, archive) = setup();
    let out = tag_command(&project, &archive, "net migration", "migration figure")
        .output()
        .expect("tag runs");
    assert!(out.status.success());

    // The window opens the project and changes it...
    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open_project(&project);
    app.wait_for_load();
    assert_eq!(app.doc.project.claims.len(), 8);
    let (_, add) = Edit::create_tag(
        &app.doc.project.codebook,
        "from the window",
        [1, 2, 3],
        None,
    );
    app.doc.apply(add).expect("edit");

    // ...while a command-line run adds claims to the file.
    let out = tag_command(&project, &archive, "£400 million", "funding total")
        .output()
        .expect("tag runs");
    assert!(out.status.success());
    let on_disk = std::fs::read(&project).expect("read");

    let err = app
        .doc
        .save(&project, &[], None)
        .expect_err("the window must not write over the other run's claims");
    assert!(matches!(err, StoreError::Changed { .. }), "{err}");
    assert!(
        err.to_string().contains("changed by another program"),
        "{err}"
    );
    assert_eq!(std::fs::read(&project).expect("read"), on_disk, "untouched");
    assert!(app.doc.is_dirty(), "the window's change is still unsaved");

    // Saved under another name, the window's version is kept and later saves go there.
    let other = project.with_file_name("mine.ron");
    app.doc.save(&other, &[], None).expect("save as");
    app.doc.save(&other, &[], None).expect("save again");

    // As the message says: the other version opened again, and ours merged into it, keeps
    // both sides' work.
    let theirs = store::load(&project).expect("load");
    let mine = store::load(&other).expect("load");
    let result = pressmark::export::merge_with(&theirs, &mine, &pressmark::export::TagMap::new());
    let mut both = theirs.clone();
    result.edit.apply(&mut both).expect("merge applies");
    assert!(both.codebook.by_name("from the window").is_some());
    assert!(both
        .claims
        .values()
        .any(|c| c.anchor.exact == "£400 million"));
    assert_eq!(
        both.claims
            .values()
            .filter(|c| c.anchor.exact == "net migration")
            .count(),
        8,
        "the claims both had are not doubled"
    );
}

#[test]
fn two_windows_second_save_is_refused_and_a_reopened_one_saves() {
    let (_dir, project, archive) = setup();
    let out = tag_command(&project, &archive, "net migration", "migration figure")
        .output()
        .expect("tag runs");
    assert!(out.status.success());
    let (mut first, stamp1) = store::load_stamped(&project).expect("load");
    let (mut second, stamp2) = store::load_stamped(&project).expect("load");
    first.author = "first window".into();
    second.author = "second window".into();
    let stamp1 = store::save_checked(&first, &project, Some(&stamp1)).expect("first saves");
    let err = store::save_checked(&second, &project, Some(&stamp2)).expect_err("refused");
    assert!(matches!(err, StoreError::Changed { .. }));
    assert_eq!(store::load(&project).expect("load").author, "first window");
    // The first window saves again on its own save: its stamp follows its saves.
    first.author = "first window, later".into();
    store::save_checked(&first, &project, Some(&stamp1)).expect("first saves again");
}

#[test]
fn the_windows_save_command_shows_the_refusal() {
    use egui_kittest::kittest::Queryable;
    use pressmark::app::AppCommand;
    let (_dir, project, archive) = setup();
    let out = tag_command(&project, &archive, "net migration", "migration figure")
        .output()
        .expect("tag runs");
    assert!(out.status.success());
    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open_project(&project);
    app.wait_for_load();
    let mut h = crate::common::harness_for(app, 1400.0, 900.0);
    let (_, add) = Edit::create_tag(
        &h.state().doc.project.codebook,
        "from the window",
        [1, 2, 3],
        None,
    );
    h.state_mut().doc.apply(add).expect("edit");
    let out = tag_command(&project, &archive, "£400 million", "funding total")
        .output()
        .expect("tag runs");
    assert!(out.status.success());
    let on_disk = std::fs::read(&project).expect("read");

    // Save to where it was opened (what File > Save does).
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(project.clone()));
    crate::common::wait_for_tasks(&mut h);
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("changed by another program"), "{error:?}");
    assert!(h.state().doc.is_dirty());
    assert_eq!(std::fs::read(&project).expect("read"), on_disk);
    // The message is on screen, not only in the state, and all of it within the window,
    // with its Dismiss button: the advice at its end can be read.
    let shown = format!("Error: {error}");
    let label = h.get_by_label(&shown).rect();
    let dismiss = h.get_by_label("Dismiss").rect();
    assert!(
        label.right() <= 1400.0,
        "the message runs off the window: {label:?}"
    );
    assert!(
        dismiss.right() <= 1400.0,
        "Dismiss is off the window: {dismiss:?}"
    );
}

#[test]
fn the_window_refuses_to_export_over_its_project_or_archive() {
    use pressmark::app::AppCommand;
    use pressmark::export::Format;
    let (_dir, project, archive) = setup();
    let out = tag_command(&project, &archive, "net migration", "migration figure")
        .output()
        .expect("tag runs");
    assert!(out.status.success());
    let before = (
        std::fs::read(&project).unwrap(),
        std::fs::read(&archive).unwrap(),
    );
    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open_project(&project);
    app.wait_for_load();
    let mut h = crate::common::harness_for(app, 1400.0, 900.0);
    for (format, out) in [(Format::Csv, &project), (Format::Html, &archive)] {
        h.state_mut().error = None;
        h.state_mut()
            .commands
            .push(AppCommand::ExportTo(format, out.clone()));
        h.run();
        // An export runs on a thread; give a wrong one time to write.
        std::thread::sleep(std::time::Duration::from_millis(300));
        h.run();
        let error = h.state().error.clone().unwrap_or_default();
        assert!(error.contains("refusing to write over it"), "{error:?}");
    }
    assert_eq!(
        std::fs::read(&project).unwrap(),
        before.0,
        "project untouched"
    );
    assert_eq!(
        std::fs::read(&archive).unwrap(),
        before.1,
        "archive untouched"
    );
}
