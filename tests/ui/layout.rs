//! The window at 1280×800 (issue 12, defect 6): two compare columns are wide enough to read,
//! and the right panel keeps its width when words are selected.

use egui_kittest::kittest::Queryable;
use pressmark::app::AppCommand;

use crate::common::{app_on_sample, harness_for, select};

#[test]
fn two_compare_columns_are_comfortable_at_1280_by_800() {
    let mut h = harness_for(app_on_sample(), 1280.0, 800.0);
    let open = h.state().selected.unwrap();
    let other = h.state().order[3];
    h.state_mut().commands.push(AppCommand::AddColumn(other));
    h.run();
    h.run();
    let columns = h.state().columns.columns.clone();
    assert_eq!(columns, [open, other]);
    let widths: Vec<f32> = h
        .state()
        .columns
        .views
        .iter()
        .map(|v| v.viewport.width())
        .collect();
    assert_eq!(widths.len(), 2);
    // About 60 characters of body text a line.
    assert!(widths.iter().all(|&w| w >= 300.0), "{widths:?}");
}

#[test]
fn the_right_panel_keeps_its_width_when_words_are_selected() {
    let mut h = harness_for(app_on_sample(), 1280.0, 800.0);
    let width = |h: &egui_kittest::Harness<'static, pressmark::app::PressmarkApp>| {
        h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Release note")
            .rect()
            .width()
    };
    let before = width(&h);
    // A long selection: most of a paragraph, shown in the Tag panel.
    select(
        &mut h,
        "The ONS estimated that net migration was over 500,000 from June 2021 to June 2022. Although partly attributed to the rise in temporary factors",
    );
    h.run();
    let after = width(&h);
    assert!((after - before).abs() < 1.0, "{before} -> {after}");
    // And the list is not wider than a third of the window.
    let list = h.get_by_label("Search").rect().right();
    assert!(list < 1280.0 / 3.0 + 40.0, "{list}");
}

/// The release list and the claims panel collapse (View menu) to give the reader the room.
#[test]
fn the_side_panels_collapse_and_come_back() {
    use pressmark::app::Command;
    let mut h = harness_for(app_on_sample(), 1280.0, 800.0);
    h.state_mut()
        .commands
        .push(Command::ToggleReleaseList.into());
    h.state_mut()
        .commands
        .push(Command::ToggleClaimsPanel.into());
    h.run();
    assert!(h.query_by_label("Search").is_none());
    assert!(h.query_by_label("Release note").is_none());
    h.state_mut()
        .commands
        .push(Command::ToggleReleaseList.into());
    h.state_mut()
        .commands
        .push(Command::ToggleClaimsPanel.into());
    h.run();
    h.get_by_label("Search");
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Release note");
}

/// Sorted left to right: where the widgets labelled `label` are.
fn rects_of(
    h: &egui_kittest::Harness<'static, pressmark::app::PressmarkApp>,
    label: &str,
) -> Vec<egui::Rect> {
    let mut rects: Vec<egui::Rect> = h.get_all_by_label(label).map(|n| n.rect()).collect();
    rects.sort_by(|a, b| a.left().total_cmp(&b.left()));
    rects
}

/// Where the reader's runs of text that read `text` are (a title, a paragraph), left to right.
fn runs_of(
    h: &egui_kittest::Harness<'static, pressmark::app::PressmarkApp>,
    text: &str,
) -> Vec<egui::Rect> {
    let by = egui_kittest::kittest::by()
        .value(text)
        .role(egui::accesskit::Role::MultilineTextInput);
    let mut rects: Vec<egui::Rect> = h.query_all(by).map(|n| n.rect()).collect();
    rects.sort_by(|a, b| a.left().total_cmp(&b.left()));
    rects
}

/// Three compare columns at 1280×800 beside the release list and the claims panel: each
/// column keeps to its own width, its buttons and title inside it.
#[test]
fn three_compare_columns_keep_to_their_widths_at_1280_by_800() {
    let mut h = harness_for(app_on_sample(), 1280.0, 800.0);
    let a = h.state().archive.clone().unwrap();
    let find = |t: &str| {
        a.releases
            .iter()
            .position(|r| r.title.starts_with(t))
            .unwrap()
    };
    let columns = [
        find("Glasgow"),
        find("UK and Romania"),
        find("New blueprint"),
    ];
    h.state_mut()
        .commands
        .push(AppCommand::SelectRelease(columns[0]));
    h.state_mut()
        .commands
        .push(AppCommand::AddColumn(columns[1]));
    h.run();
    h.state_mut()
        .commands
        .push(AppCommand::AddColumn(columns[2]));
    h.run();
    h.run();
    assert_eq!(h.state().columns.columns, columns);
    // Both side panels are there.
    h.get_by_label("Search");
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Release note");
    let views: Vec<egui::Rect> = h.state().columns.views.iter().map(|v| v.viewport).collect();
    assert_eq!(views.len(), 3);
    for pair in views.windows(2) {
        assert!(pair[0].right() <= pair[1].left(), "{views:?}");
    }
    let close = rects_of(&h, "Close column");
    let left = rects_of(&h, "Move left");
    assert_eq!((close.len(), left.len()), (3, 2));
    for (pos, view) in views.iter().enumerate() {
        let (l, r) = (view.left() - 1.0, view.right() + 1.0);
        assert!(
            l <= close[pos].left() && close[pos].right() <= r,
            "column {pos}: Close column {:?} outside {view:?}",
            close[pos]
        );
        // The title, a run of text as wide as the column, wraps inside it.
        let t = runs_of(&h, &a.releases[columns[pos]].title)[0];
        assert!(
            l <= t.left() && t.right() <= r,
            "column {pos}: title {t:?} outside {view:?}"
        );
    }
    // The middle column's Close column is not under the next column's Move left.
    assert!(!close[1].intersects(left[1]), "{close:?} {left:?}");
}
