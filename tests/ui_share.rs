//! Sharing through the menus: export a CSV, merge a colleague's project.

use std::path::Path;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{AppCommand, PressmarkApp};

mod common;
use common::harness;

fn tag(h: &mut Harness<'static, PressmarkApp>, words: &str, button: &str) {
    let app = h.state_mut();
    let index = app.selected.unwrap();
    let text = &app.archive.as_ref().unwrap().releases[index].text;
    let start = text.find(words).unwrap();
    app.commands.push(AppCommand::SetSelection {
        release: index,
        start,
        end: start + words.len(),
    });
    h.run();
    h.get_by_label(button).click();
    h.run();
}

fn choose_path(h: &mut Harness<'static, PressmarkApp>, path: &Path, action: &str) {
    let field = h.get_by_label("Path");
    field.click();
    h.run();
    h.state_mut().open_panel.path = path.display().to_string();
    h.run();
    h.get_by_label(action).click();
    // An export shows a spinner while its thread runs: step, don't wait to settle.
    h.run_steps(3);
}

#[test]
fn export_csv_through_the_menu() {
    let mut h = harness();
    tag(
        &mut h,
        "net migration was over 500,000",
        "1 migration figure",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("claims.csv");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("CSV…").click();
    h.run();
    choose_path(&mut h, &out, "Save");
    for _ in 0..200 {
        h.step();
        if out.exists()
            && h.state()
                .share
                .notice
                .as_deref()
                .is_some_and(|n| n.starts_with("Exported"))
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.lines().count() == 2, "{csv}");
    assert!(csv.contains("net migration was over 500,000"));
}

#[test]
fn merge_a_colleagues_project_through_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    // The colleague tags one passage and saves.
    let theirs = dir.path().join("colleague.ron");
    let mut h = harness();
    tag(&mut h, "half a million", "1 migration figure");
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(theirs.clone()));
    h.run();
    drop(h);

    // I tag another and merge theirs in.
    let mut h = harness();
    tag(&mut h, "750%", "7 comparison");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Merge Colleague's Project…").click();
    h.run();
    choose_path(&mut h, &theirs, "Merge");
    let claims = &h.state().doc.project.claims;
    assert_eq!(claims.len(), 2, "{:?}", h.state().error);
    assert!(claims.values().any(|c| c.anchor.exact == "half a million"));
    // One undo step takes the whole merge back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.project.claims.len(), 1);
}
