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

/// Small windows: the release list and the claims panel give way before the reader does.
#[test]
fn the_reader_keeps_its_room_in_small_windows() {
    let title = "Changes to student visa route will reduce net migration";
    // (window, least width of the reader's text): about 55 characters a line at 800×600, a
    // few words a line at the least size the window may take.
    let sizes = [((800.0, 600.0), 300.0), ((640.0, 400.0), 200.0)];
    let titles: Vec<Option<egui::Rect>> = sizes
        .iter()
        .map(|&(size, _)| {
            let mut h = harness_for(app_on_sample(), size.0, size.1);
            h.run();
            assert_eq!(h.state().release_title(), Some(title));
            // The side panels are still there.
            h.get_by_label("Search");
            h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Release note");
            // The reader's title is a run of text as wide as the reader.
            runs_of(&h, title).first().copied()
        })
        .collect();
    for (&(size, least), t) in sizes.iter().zip(&titles) {
        assert!(
            t.is_some_and(|t| t.width() >= least && t.right() <= size.0 && t.bottom() <= size.1),
            "{size:?}: reader title {t:?}; all: {titles:?}"
        );
    }
}

/// At 1280×800 the side panels keep their widths (the list 420 px, the claims panel 216 px):
/// the reader's room in small windows costs nothing there, and after the window was small
/// they come back to the widths they had, the list's as dragged.
#[test]
fn the_side_panels_keep_their_widths_at_1280_by_800() {
    let mut h = harness_for(app_on_sample(), 1280.0, 800.0);
    let title = "Changes to student visa route will reduce net migration";
    // As wide as before: between the list and the claims panel.
    let t = runs_of(&h, title)[0];
    assert!(
        (t.left() - 436.0).abs() < 1.0 && (t.right() - 1048.0).abs() < 1.0,
        "{t:?}"
    );
    // The list's edge dragged 60 px to the left.
    let edge = egui::pos2(t.left() - 8.0, 500.0);
    h.drag_at(edge);
    h.run();
    for i in 1..=6 {
        h.hover_at(edge - egui::vec2(10.0 * i as f32, 0.0));
        h.run();
    }
    h.drop_at(edge - egui::vec2(60.0, 0.0));
    h.run();
    let dragged = runs_of(&h, title)[0];
    assert!((dragged.left() - 376.0).abs() < 2.0, "{dragged:?}");
    for size in [(800.0, 600.0), (640.0, 400.0), (1280.0, 800.0)] {
        h.set_size(egui::vec2(size.0, size.1));
        h.run();
    }
    let t = runs_of(&h, title)[0];
    assert!(
        (t.left() - dragged.left()).abs() < 1.0 && (t.right() - 1048.0).abs() < 1.0,
        "after a small window: {t:?}, dragged {dragged:?}"
    );
}
