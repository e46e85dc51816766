//! The window, driven headlessly: open the sample, select a release, read it.

use std::path::Path;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::PressmarkApp;

use crate::common::{app_on_sample, harness_for};

#[test]
fn opens_the_sample_and_selects_a_release() {
    let mut h = harness(app_on_sample());
    h.run();
    // Newest first: the student visa release is selected at the start.
    assert_eq!(
        h.state().release_title(),
        Some("Changes to student visa route will reduce net migration")
    );
    h.get_by_label("Status: 10 releases").hover();
    h.get_by_label("Gang members who smuggled 41 migrants jailed")
        .click();
    h.run();
    assert_eq!(
        h.state().release_title(),
        Some("Gang members who smuggled 41 migrants jailed")
    );
    // The reader shows the quote's speaker with their role.
    h.get_by_label(
        "Ben Thomas — Deputy Director from the Criminal and Financial Investigation unit",
    );
}

#[test]
fn keyboard_moves_between_releases() {
    let mut h = harness(app_on_sample());
    h.run();
    h.key_press(egui::Key::J);
    h.run();
    assert_eq!(
        h.state().release_title(),
        Some("Child sexual abuse redress scheme to be established")
    );
    h.key_press(egui::Key::K);
    h.run();
    assert_eq!(
        h.state().release_title(),
        Some("Changes to student visa route will reduce net migration")
    );
}

#[test]
fn a_bad_file_shows_an_error_and_keeps_the_archive() {
    let mut app = app_on_sample();
    app.open(vec![Path::new("/nonexistent/archive.txt").to_path_buf()]);
    app.wait_for_load();
    let mut h = harness(app);
    h.run();
    assert!(h.state().error.as_deref().unwrap().contains("no such file"));
    assert_eq!(h.state().archive.as_ref().unwrap().releases.len(), 10);
    h.get_by_label("Dismiss").click();
    h.run();
    assert_eq!(h.state().error, None);
}

#[test]
fn warnings_are_one_click_away() {
    let mut h = harness(app_on_sample());
    h.run();
    h.get_by_label("0 warnings").click();
    h.run();
    assert!(h.state().status_bar.show_warnings);
    h.get_by_label("The archive was read without warnings.");
}

fn harness(app: PressmarkApp) -> Harness<'static, PressmarkApp> {
    harness_for(app, 1280.0, 800.0)
}
