//! Releases side by side: pick two in the list, compare, tag in the right-hand column, undo.

use egui_kittest::kittest::Queryable;
use pressmark::app::AppCommand;

use crate::common;
use crate::common::{app_on_sample, harness_for, select_in, wait_for_index, wait_for_search};

#[test]
fn compare_two_releases_and_tag_in_the_right_column() {
    let mut h = harness_for(app_on_sample(), 1600.0, 1000.0);
    h.run();
    let gang = "Gang members who smuggled 41 migrants jailed";
    let van = "Driver who smuggled children bolted inside hidden van hatch jailed";
    // Open one, Ctrl-click the other: both are picked.
    h.get_by_label(gang).click();
    h.run();
    h.get_by_label(van)
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    assert_eq!(h.state().picked.len(), 2);
    h.get_by_label("Compare").click();
    h.run();
    let columns = h.state().columns.columns.clone();
    assert_eq!(columns.len(), 2);
    let a = h.state().archive.clone().unwrap();
    // Newest first in the list, and the columns follow the picks in archive order.
    let right = columns[1];
    assert!(a.releases[columns[0]].title == van || a.releases[columns[0]].title == gang);

    // Tag words in the right-hand column, then undo.
    select_in(&mut h, right, "Criminal and Financial Investigations");
    h.get_by_label("6 quote").click();
    h.run();
    let claims = &h.state().doc.project.claims;
    assert_eq!(claims.len(), 1);
    assert_eq!(
        claims.values().next().unwrap().release,
        a.releases[right].id
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().doc.project.claims.is_empty());
    h.get_by_label("Close comparison").click();
    h.run();
    assert!(!h.state().columns.is_active());
}

#[test]
fn a_claim_opens_beside_the_releases_that_mention_it() {
    let mut h = harness_for(app_on_sample(), 1600.0, 1000.0);
    wait_for_index(&mut h);
    let a = h.state().archive.clone().unwrap();
    let gang = a
        .releases
        .iter()
        .position(|r| r.title.starts_with("Gang members"))
        .unwrap();
    h.state_mut().commands.push(AppCommand::SelectRelease(gang));
    select_in(&mut h, gang, "Criminal and Financial Investigations");
    h.get_by_label("6 quote").click();
    h.run();
    h.get_by_label("Compare mentions").click();
    h.run();
    let columns = h.state().columns.columns.clone();
    assert_eq!(columns[0], gang);
    let titles: Vec<&str> = columns[1..]
        .iter()
        .map(|&i| a.releases[i].title.as_str())
        .collect();
    assert!(titles.contains(&"Driver who smuggled children bolted inside hidden van hatch jailed"));
}

/// The on-screen height of byte `at` in compare column `pos`, from where its runs were drawn.
fn screen_y(app: &pressmark::app::PressmarkApp, pos: usize, at: usize) -> f32 {
    let view = &app.columns.views[pos];
    let run = view
        .runs
        .iter()
        .find(|r| r.range.contains(&at))
        .expect("a run holds the offset");
    let t = (at - run.range.start) as f32 / (run.range.end - run.range.start) as f32;
    view.viewport.top() + run.top + (run.bottom - run.top) * t - view.offset
}

/// One turn of the mouse wheel by `dy` points where the pointer is.
fn wheel(h: &mut egui_kittest::Harness<'static, pressmark::app::PressmarkApp>, dy: f32) {
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, dy),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
}

/// The smuggling releases side by side in a window short enough that both must scroll.
fn gang_and_van() -> (
    egui_kittest::Harness<'static, pressmark::app::PressmarkApp>,
    usize,
    usize,
) {
    let mut h = harness_for(app_on_sample(), 1500.0, 520.0);
    let a = h.state().archive.clone().unwrap();
    let find = |t: &str| {
        a.releases
            .iter()
            .position(|r| r.title.starts_with(t))
            .unwrap()
    };
    let (gang, van) = (find("Gang members"), find("Driver who"));
    h.state_mut().commands.push(AppCommand::SelectRelease(gang));
    h.state_mut().commands.push(AppCommand::AddColumn(van));
    h.run();
    assert_eq!(h.state().columns.columns, vec![gang, van]);
    (h, gang, van)
}

const CFI: &str = "investigation by the Home Office’s Criminal and Financial Investigations";

#[test]
fn a_shared_passage_is_lined_up_in_both_columns() {
    let (mut h, gang, van) = gang_and_van();
    let a = h.state().archive.clone().unwrap();
    let (in_gang, in_van) = (
        a.releases[gang].text.find(CFI).unwrap(),
        a.releases[van].text.find(CFI).unwrap(),
    );
    // The passage sits at different depths in the two releases.
    let before = (
        screen_y(h.state(), 0, in_gang),
        screen_y(h.state(), 1, in_van),
    );
    assert!((before.0 - before.1).abs() > 20.0, "{before:?}");
    // The first shared passage is the title and dating line; the second is the CFI sentence.
    h.get_by_label_contains("Next shared passage (1 of 2)")
        .click();
    h.run();
    h.get_by_label_contains("Next shared passage (2 of 2)")
        .click();
    h.run();
    let after = (
        screen_y(h.state(), 0, in_gang),
        screen_y(h.state(), 1, in_van),
    );
    assert!((after.0 - after.1).abs() < 4.0, "{after:?}");
    assert!(h.state().columns.views.iter().any(|v| v.offset > 0.0));
}

#[test]
fn a_search_hit_scrolls_its_column_and_a_linked_column_follows() {
    let (mut h, _gang, _van) = gang_and_van();
    wait_for_index(&mut h);
    // The pointer is on the search field, not over a column: the keyboard drives this.
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("\"Renault Master\"");
    wait_for_search(&mut h);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    let offsets = |h: &egui_kittest::Harness<'_, pressmark::app::PressmarkApp>| {
        let v = &h.state().columns.views;
        (v[0].offset, v[1].offset)
    };
    let (left, right) = offsets(&h);
    assert!(right > 0.0, "the van column scrolled to its hit");
    assert_eq!(left, 0.0, "unlinked, the other column stays put");
    // Linked, stepping to the hit again moves the other column with it.
    h.get_by_label("Link scrolling").click();
    h.run_steps(4);
    h.key_press(egui::Key::F3);
    h.run_steps(6);
    let (left, right) = offsets(&h);
    assert!(right > 0.0 && left > 0.0, "both scrolled: {left} {right}");
}

#[test]
fn a_column_opens_at_the_top_again() {
    let (mut h, gang, van) = gang_and_van();
    let left = h.state().columns.views[0].viewport;
    h.hover_at(left.center());
    for _ in 0..3 {
        wheel(&mut h, -120.0);
        h.run_steps(8);
    }
    assert!(h.state().columns.views[0].offset > 0.0, "scrolled");
    h.get_by_label("Close comparison").click();
    h.run();
    h.state_mut().commands.push(AppCommand::SelectRelease(gang));
    h.state_mut().commands.push(AppCommand::AddColumn(van));
    h.run_steps(4);
    assert_eq!(h.state().columns.columns, vec![gang, van]);
    assert_eq!(h.state().columns.views[0].offset, 0.0);
}

#[test]
fn linked_scrolling_keeps_matching_passages_level() {
    let (mut h, gang, van) = gang_and_van();
    h.get_by_label("Link scrolling").click();
    h.run();
    assert!(h.state().columns.linked);
    let a = h.state().archive.clone().unwrap();
    let (in_gang, in_van) = (
        a.releases[gang].text.find(CFI).unwrap(),
        a.releases[van].text.find(CFI).unwrap(),
    );
    // Scroll the left column with the wheel until its CFI sentence is near the reading line.
    let left = h.state().columns.views[0].viewport;
    h.hover_at(left.center());
    for _ in 0..40 {
        let y = screen_y(h.state(), 0, in_gang);
        if y < left.top() + left.height() * 0.35 {
            break;
        }
        wheel(&mut h, -30.0);
        // Wheel scrolling is smoothed over a few frames, and the follower moves a frame later.
        h.run_steps(8);
    }
    h.run_steps(8);
    let views = &h.state().columns.views;
    assert!(
        views[0].offset > 0.0 && views[1].offset > 0.0,
        "both scrolled"
    );
    let (l, r) = (
        screen_y(h.state(), 0, in_gang),
        screen_y(h.state(), 1, in_van),
    );
    assert!(
        (l - r).abs() < 30.0,
        "the shared sentence is level: {l} vs {r}"
    );
    // Unlinked, the right column stays put while the left one scrolls back.
    h.get_by_label("Link scrolling").click();
    h.run();
    let right_offset = h.state().columns.views[1].offset;
    let left_offset = h.state().columns.views[0].offset;
    h.hover_at(left.center());
    wheel(&mut h, 200.0);
    h.run_steps(8);
    assert!(h.state().columns.views[0].offset < left_offset);
    assert_eq!(h.state().columns.views[1].offset, right_offset);
}

#[test]
fn a_release_dragged_from_the_list_becomes_a_column() {
    let mut h = harness_for(app_on_sample(), 1500.0, 800.0);
    let a = h.state().archive.clone().unwrap();
    let gang = a
        .releases
        .iter()
        .position(|r| r.title.starts_with("Gang members"))
        .unwrap();
    h.state_mut().commands.push(AppCommand::SelectRelease(gang));
    h.run();
    let van_title = "Driver who smuggled children bolted inside hidden van hatch jailed";
    let van = a
        .releases
        .iter()
        .position(|r| r.title == van_title)
        .unwrap();
    let from = h.get_by_label(van_title).rect().center();
    // The title is in the list and, as a heading, in the reader: the reader's is to the right.
    let reader = crate::common::title_rects(&h, "Gang members who smuggled 41 migrants jailed")
        .into_iter()
        .max_by(|a, b| a.left().total_cmp(&b.left()))
        .unwrap();
    let to = egui::pos2(reader.center().x + 100.0, reader.bottom() + 200.0);
    h.drag_at(from);
    h.run();
    // Move in steps, as a hand would, past the drag threshold and over to the reader.
    for i in 1..=10 {
        let t = i as f32 / 10.0;
        h.hover_at(from + (to - from) * t);
        h.run();
    }
    h.drop_at(to);
    h.run();
    assert_eq!(h.state().columns.columns, vec![gang, van]);
}

/// The sample with a corrected reprint of its first release appended: the reprint is dated a
/// day later and gives a different number of dependants.
fn sample_with_correction(dir: &std::path::Path) -> std::path::PathBuf {
    let sample = std::fs::read_to_string(common::sample_path()).unwrap();
    let start = sample
        .find("  • PRESS RELEASE : Changes to student visa")
        .unwrap();
    let end = start + 1 + sample[start + 1..].find("\n  • ").unwrap();
    let reprint = sample[start..end]
        .replace(
            "net migration [May 2023]",
            "net migration (corrected) [May 2023]",
        )
        .replace("on 23 May 2023", "on 24 May 2023")
        .replace("to 136,000 people", "to 163,000 people");
    let path = dir.join("with-correction.txt");
    std::fs::write(&path, format!("{sample}\n{reprint}")).unwrap();
    path
}

#[test]
fn a_corrected_reprint_shows_the_words_that_differ() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(
        common::app_on(sample_with_correction(dir.path())),
        1500.0,
        900.0,
    );
    let a = h.state().archive.clone().unwrap();
    let find = |t: &str| {
        a.releases
            .iter()
            .position(|r| r.title.ends_with(t))
            .unwrap()
    };
    let (original, reprint) = (find("reduce net migration"), find("(corrected)"));
    h.state_mut()
        .commands
        .push(AppCommand::SelectRelease(original));
    h.state_mut().commands.push(AppCommand::AddColumn(reprint));
    h.run();
    let changed = &h.state().columns.changed;
    let words = |release: usize| -> Vec<&str> {
        changed[&release]
            .iter()
            .map(|&(s, e)| &a.releases[release].text[s..e])
            .collect()
    };
    // Only what was corrected is shaded: the title's "(corrected)", the date and the figure.
    assert!(
        words(original).contains(&"136,000"),
        "{:?}",
        words(original)
    );
    assert!(words(original).contains(&"23"), "{:?}", words(original));
    assert!(words(reprint).contains(&"163,000"), "{:?}", words(reprint));
    assert!(words(reprint).iter().any(|w| w.contains("corrected")));
    assert!(words(original).len() <= 4 && words(reprint).len() <= 4);
    // A release that is not a near copy gets no word diff.
    let gang = find("41 migrants jailed");
    h.state_mut()
        .commands
        .push(pressmark::app::Command::CloseColumns.into());
    h.state_mut()
        .commands
        .push(AppCommand::SelectRelease(original));
    h.state_mut().commands.push(AppCommand::AddColumn(gang));
    h.run();
    assert!(h.state().columns.changed[&gang].is_empty());
}

/// Issue 12, defect 9: with a release open, Ctrl-clicking another picks both (the two rows
/// highlighted), so Compare is ready.
#[test]
fn ctrl_click_picks_the_open_release_and_the_clicked_one() {
    let mut h = harness_for(app_on_sample(), 1600.0, 1000.0);
    h.run();
    let open = h.state().selected.unwrap();
    let gang = "Gang members who smuggled 41 migrants jailed";
    h.get_by_label(gang)
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    h.get_by_label("2 picked (Ctrl-click)");
    assert!(h.state().picked.contains(&open));
    h.get_by_label("Compare").click();
    h.run();
    let columns = h.state().columns.columns.clone();
    assert_eq!(columns.len(), 2);
    assert!(columns.contains(&open));
}

const GLASGOW: &str = "Glasgow named as host of the 92nd Interpol General Assembly";
const ROMANIA: &str = "UK and Romania pledge to tackle human trafficking";

/// At 1280×800, Glasgow opened in the list, Romania Ctrl-clicked, then Compare: the two side
/// by side. Returns their release indices.
fn compare_glasgow_and_romania(
    h: &mut egui_kittest::Harness<'static, pressmark::app::PressmarkApp>,
) -> (usize, usize) {
    let a = h.state().archive.clone().unwrap();
    let find = |t: &str| a.releases.iter().position(|r| r.title == t).unwrap();
    let (glasgow, romania) = (find(GLASGOW), find(ROMANIA));
    h.get_by_label(GLASGOW).click();
    h.run();
    h.get_by_label(ROMANIA)
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    h.get_by_label("Compare").click();
    h.run();
    let columns = h.state().columns.columns.clone();
    assert_eq!(columns.len(), 2);
    assert!(columns.contains(&glasgow) && columns.contains(&romania));
    assert_eq!(h.state().selected, Some(glasgow));
    (glasgow, romania)
}

/// Closing a comparison lets go of a claim selected in a release no longer on screen: the
/// claims panel, the release note and the tag keys act on the release in the reader.
#[test]
fn closing_a_comparison_leaves_a_claim_in_a_column_behind() {
    let mut h = harness_for(app_on_sample(), 1280.0, 800.0);
    let (glasgow, romania) = compare_glasgow_and_romania(&mut h);
    select_in(&mut h, romania, "Potential victims of exploitation");
    h.key_press(egui::Key::Num3);
    h.run();
    assert_eq!(h.state().doc.project.claims.len(), 1);
    assert!(h.state().selected_claim.is_some());
    h.get_by_label("Close comparison").click();
    h.run();
    assert!(!h.state().columns.is_active());
    assert_eq!(h.state().selected, Some(glasgow));
    assert_eq!(h.state().selected_claim, None);
    h.get_by_label("Claims in this release (0)");
    // 5 has nothing on screen to tag.
    h.key_press(egui::Key::Num5);
    h.run();
    let claim = h.state().doc.project.claims.values().next().unwrap();
    assert_eq!(claim.tags.len(), 1, "5 tagged a claim not on screen");
    // The release note is Glasgow's.
    let note = || egui::accesskit::Role::MultilineTextInput;
    h.get_by_role_and_label(note(), "Release note").click();
    h.run();
    h.get_by_role_and_label(note(), "Release note")
        .type_text("host city");
    h.run();
    h.get_by_label("Claims in this release (0)").click();
    h.run();
    let a = h.state().archive.clone().unwrap();
    let notes = &h.state().doc.project.release_notes;
    assert_eq!(
        notes.get(&a.releases[glasgow].id).map(String::as_str),
        Some("host city"),
        "{notes:?}"
    );
}

/// "Close column" on the left column closes that column: the other release stays shown. (The
/// column did close; but one column is no comparison, and the reader took over showing the
/// release open before comparing, which was the one closed.)
#[test]
fn closing_the_left_column_keeps_the_right_one() {
    let mut h = harness_for(app_on_sample(), 1280.0, 800.0);
    let (glasgow, romania) = compare_glasgow_and_romania(&mut h);
    assert_eq!(h.state().columns.columns, vec![glasgow, romania]);
    h.get_all_by_label("Close column")
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap()
        .click();
    h.run();
    assert_eq!(
        h.state().selected,
        Some(romania),
        "Romania is in the reader"
    );
    assert!(!h.state().columns.is_active());
    // Romania's title is in the list and, as a heading, in the reader; Glasgow's only in
    // the list.
    assert_eq!(crate::common::title_rects(&h, ROMANIA).len(), 2);
    assert_eq!(crate::common::title_rects(&h, GLASGOW).len(), 1);
}
