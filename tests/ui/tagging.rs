//! Tagging in the window: select text, tag it, undo, redo, save, reopen.

use std::sync::Arc;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{AppCommand, Prefs, PressmarkApp};

use crate::common;
use crate::common::{harness, select};

#[test]
fn select_tag_undo_redo_save_and_reopen() {
    let mut h = harness();
    select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    let claims = &h.state().doc.project.claims;
    assert_eq!(claims.len(), 1);
    let claim = claims.values().next().unwrap();
    assert_eq!(claim.anchor.exact, "net migration was over 500,000");
    assert!(h.state().window_title().contains('*'));

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().doc.project.claims.is_empty());
    assert!(!h.state().window_title().contains('*'));

    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(h.state().doc.project.claims.len(), 1);

    // Keys 1–9 tag a selection: 2 is "funding total".
    select(&mut h, "International Education Strategy");
    h.key_press(egui::Key::Num2);
    h.run();
    assert_eq!(h.state().doc.project.claims.len(), 2);

    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("work.ron");
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(project.clone()));
    crate::common::wait_for_tasks(&mut h);
    assert!(!h.state().doc.is_dirty(), "{:?}", h.state().error);

    let mut again = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    again.open_project(&project);
    again.wait_for_load();
    assert_eq!(again.doc.project.claims.len(), 2);
    assert_eq!(again.archive.as_ref().unwrap().releases.len(), 10);
    assert!(again.doc.orphans.is_empty());
}

#[test]
fn a_new_tag_made_on_the_spot_is_one_undo_step() {
    let mut h = harness();
    select(&mut h, "750%");
    h.get_by_label("New tag name").click();
    h.run();
    h.get_by_label("New tag name").type_text("growth rate");
    h.run();
    h.get_by_label("Create tag").click();
    h.run();
    let p = &h.state().doc.project;
    assert!(p.codebook.by_name("growth rate").is_some());
    assert_eq!(p.claims.len(), 1);
    h.state_mut()
        .commands
        .push(pressmark::app::Command::Undo.into());
    h.run();
    let p = &h.state().doc.project;
    assert!(p.codebook.by_name("growth rate").is_none());
    assert!(p.claims.is_empty());
}

#[test]
fn after_a_crash_the_autosaved_work_is_offered_back() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("work.ron");
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(project.clone()));
    crate::common::wait_for_tasks(&mut h);
    // Work after the save, autosaved, then the app dies without saving.
    select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    std::thread::sleep(std::time::Duration::from_millis(20));
    pressmark::project::store::save_recovery(&h.state().doc.project, &project).unwrap();
    drop(h);

    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open_project(&project);
    app.wait_for_load();
    assert!(app.doc.project.claims.is_empty());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut PressmarkApp| app.show(ui), app);
    h.run();
    h.get_by_label("Restore").click();
    // The recovery file is read on a task.
    h.run_steps(1);
    crate::common::wait_for_tasks(&mut h);
    assert_eq!(h.state().doc.project.claims.len(), 1);
    assert!(h.state().doc.is_dirty());
}

#[test]
fn a_drag_that_stops_inside_a_number_claims_all_of_it() {
    let mut h = harness();
    // As a drag from "net" to just after the "5" of "500,000" reports it.
    select(&mut h, "net migration was over 5");
    h.get_by_label("1 migration figure").click();
    h.run();
    let claim = h
        .state()
        .doc
        .project
        .claims
        .values()
        .next()
        .unwrap()
        .clone();
    assert_eq!(claim.anchor.exact, "net migration was over 500,000");
}

#[test]
fn untitled_work_is_autosaved_and_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let untitled = dir.path().join("data/pressmark/untitled.recovery.ron");
    let mut h = harness();
    h.state_mut().recovery.untitled = Some(untitled.clone());
    select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    assert!(h.state().doc.path.is_none());
    // The autosave runs on a thread when its minute is up.
    pressmark::app::autosave(h.state_mut(), 1.0e6);
    for _ in 0..200 {
        if untitled.is_file() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    drop(h);

    // The next start offers it back; restored, it is still untitled and unsaved.
    let mut app = common::app_on_sample();
    app.recovery.untitled = Some(untitled.clone());
    pressmark::app::offer_untitled(&mut app);
    let mut h = common::harness_for(app, 1400.0, 900.0);
    h.get_by_label_contains("An untitled project was not saved");
    h.get_by_label("Restore").click();
    // The recovery file is read on a task.
    h.run_steps(1);
    crate::common::wait_for_tasks(&mut h);
    assert_eq!(h.state().doc.project.claims.len(), 1);
    assert!(h.state().doc.path.is_none() && h.state().doc.is_dirty());
    // Saved under a name, the untitled autosave goes.
    let named = dir.path().join("named.ron");
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(named.clone()));
    crate::common::wait_for_tasks(&mut h);
    assert!(named.is_file() && !untitled.exists());
}

/// Issue 12, defect 2: the claims panel follows the release chosen in the list, and the tag
/// keys no longer reach a claim in the release left behind.
#[test]
fn choosing_another_release_leaves_the_claim_behind() {
    let mut h = harness();
    select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    let first = h.state().selected.unwrap();
    h.get_by_label("Claims in this release (1)");
    h.get_by_label("UK and Romania pledge to tackle human trafficking")
        .click();
    h.run();
    assert_ne!(h.state().selected, Some(first));
    h.get_by_label("Claims in this release (0)");
    h.key_press(egui::Key::Num3);
    h.run();
    let claim = h.state().doc.project.claims.values().next().unwrap();
    assert_eq!(claim.tags.len(), 1, "3 tagged a claim not on screen");
}

/// Issue 12 (smaller): Preferences shows the name new claims are signed with, and changing
/// it is one undoable edit that marks the project changed.
#[test]
fn the_author_name_is_shown_and_changed_as_an_edit() {
    let mut h = harness();
    let author = h.state().doc.project.author.clone();
    assert!(!author.is_empty());
    h.state_mut()
        .commands
        .push(pressmark::app::Command::TogglePrefs.into());
    h.run();
    let label = "Your name (the author of new claims)";
    assert_eq!(
        h.get_by_label(label).value().as_deref(),
        Some(author.as_str())
    );
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label).type_text("Ana Lyst");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().doc.project.author, "Ana Lyst");
    assert!(h.state().doc.is_dirty());
    select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    let claim = h.state().doc.project.claims.values().next().unwrap();
    assert_eq!(claim.author, "Ana Lyst");
    // Undo the claim, then the name.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.project.author, author);
    assert!(!h.state().doc.is_dirty());
}

/// Issue 12 (app layer): dragging a colour picker is one gesture, so one undo step,
/// committed when the pointer is released. (The picker's own drag is not driven here: the
/// test holds the pointer down while the pending colour changes, as a drag would.)
#[test]
fn a_colour_dragged_in_the_codebook_is_one_undo_step() {
    let mut h = harness();
    h.state_mut()
        .commands
        .push(pressmark::app::Command::ToggleCodebook.into());
    h.run();
    let tag = h.state().doc.project.codebook.tags()[0].clone();
    let at = h.get_by_label("Codebook").rect().center();
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    for step in 0..5u8 {
        h.state_mut().codebook_ui.recolouring = Some((tag.id, [10 * step, 100, 200]));
        h.step();
    }
    assert_eq!(
        h.state().doc.project.codebook.get(tag.id).unwrap().colour,
        tag.colour
    );
    assert!(!h.state().doc.history.can_undo());
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    assert_eq!(
        h.state().doc.project.codebook.get(tag.id).unwrap().colour,
        [40, 100, 200]
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().doc.project.codebook.get(tag.id).unwrap().colour,
        tag.colour
    );
    assert!(!h.state().doc.history.can_undo());
}

/// Issue 12 (smaller): after Save As, the old file's autosave is not offered back when the
/// old file is opened again (its changes went into the new file).
#[test]
fn save_as_leaves_no_stale_recovery_behind() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.ron");
    let second = dir.path().join("second.ron");
    let mut h = harness();
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(first.clone()));
    crate::common::wait_for_tasks(&mut h);
    select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    std::thread::sleep(std::time::Duration::from_millis(20));
    // The autosave of the first file runs (its minute is up), then Save As.
    pressmark::app::autosave(h.state_mut(), 1.0e6);
    let rec = pressmark::project::store::recovery_path(&first);
    for _ in 0..200 {
        if rec.is_file() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(rec.is_file());
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(second.clone()));
    crate::common::wait_for_tasks(&mut h);
    assert!(!h.state().doc.is_dirty());
    drop(h);

    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open_project(&first);
    app.wait_for_load();
    assert_eq!(app.recovery.offer, None);
}

/// Issue 12 (smaller): Ctrl+Shift+C copies the selected claim with its citation.
#[test]
fn a_claim_is_copied_with_its_citation() {
    let mut h = harness();
    select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    // One key event, as the platform sends it (kittest's key_press_modifiers spreads the
    // modifiers over frames, and only the last frame's output can be read).
    h.event(egui::Event::Key {
        key: egui::Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
    });
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    let text = &copied[0];
    assert!(
        text.starts_with("“net migration was over 500,000” — Changes to student visa route will reduce net migration, Home Office, 23 May 2023."),
        "{text}"
    );
    assert!(text.contains("Figure: over 500,000"), "{text}");
}
