//! Keyboard first: the command palette, and list filters that combine with search.

use egui_kittest::kittest::Queryable;
use pressmark::app::{AppCommand, Command};

use crate::common::harness;

#[test]
fn the_palette_finds_and_runs_a_command() {
    let mut h = harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    h.run();
    assert!(h.state().palette.visible);
    h.get_by_label("Command").type_text("codebook");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(!h.state().palette.visible);
    assert!(h.state().codebook_ui.visible);
}

#[test]
fn filters_combine_with_claims_and_the_list_count() {
    let mut h = harness();
    // Tag one release's words, then show only releases with claims.
    let (index, start) = {
        let a = h.state().archive.clone().unwrap();
        let i = a
            .releases
            .iter()
            .position(|r| r.title.starts_with("Glasgow"))
            .unwrap();
        (i, a.releases[i].text.find("Interpol").unwrap())
    };
    h.state_mut()
        .commands
        .push(AppCommand::SelectRelease(index));
    h.state_mut().commands.push(AppCommand::SetSelection {
        release: index,
        start,
        end: start + "Interpol".len(),
    });
    h.run();
    h.get_by_label("6 quote").click();
    h.run();
    h.get_by_label("Filters").click();
    h.run();
    h.state_mut().list.filters.has_claims = pressmark_filters_with();
    h.run();
    h.get_by_label("1 of 10 releases shown");
    assert_eq!(h.state().list.rows, vec![index]);
    // Filters off again: every release is back (the list's rows are not stale).
    h.state_mut().list.filters.has_claims = pressmark::app::HasClaims::default();
    h.run();
    assert_eq!(h.state().list.rows.len(), 10);
    assert!(h.query_by_label("1 of 10 releases shown").is_none());
}

fn pressmark_filters_with() -> pressmark::app::HasClaims {
    pressmark::app::HasClaims::With
}

#[test]
fn a_status_filter_follows_the_claims_status() {
    let mut h = harness();
    let index = h.state().selected.unwrap();
    let start = {
        let a = h.state().archive.clone().unwrap();
        a.releases[index].text.find("136,000").unwrap()
    };
    h.state_mut().commands.push(AppCommand::SetSelection {
        release: index,
        start,
        end: start + "136,000".len(),
    });
    h.run();
    h.get_by_label("6 quote").click();
    h.run();
    h.state_mut().list.filters.status = Some(pressmark::project::Status::Checked);
    h.run();
    assert!(h.state().list.rows.is_empty(), "nothing checked yet");
    // Checking the claim brings its release into the list; undo takes it out again.
    let mut claim = h
        .state()
        .doc
        .project
        .claims
        .values()
        .next()
        .unwrap()
        .clone();
    claim.status = pressmark::project::Status::Checked;
    h.state_mut()
        .commands
        .push(AppCommand::Edit(pressmark::project::Edit::UpdateClaim(
            claim,
        )));
    h.run();
    assert_eq!(h.state().list.rows, vec![index]);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().list.rows.is_empty());
}

/// Types `text` as a keyboard would: a key event for each digit or letter (what shortcuts
/// listen to) and the text itself (what a text field takes).
fn type_keys(h: &mut egui_kittest::Harness<'static, pressmark::app::PressmarkApp>, text: &str) {
    for c in text.chars() {
        if let Some(key) = egui::Key::from_name(&c.to_ascii_uppercase().to_string()) {
            h.key_press(key);
        }
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
}

/// Issue 12, defect 1: a path typed into the Save As, Export or Merge panel is text, not
/// tag keys (it used to give the selected claim the tag bound to 3).
#[test]
fn digits_typed_into_a_path_field_do_not_tag_the_claim() {
    use pressmark::export::Format;
    let mut h = harness();
    crate::common::select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    assert!(h.state().selected_claim.is_some());
    let before = h.state().doc.project.claims.clone();
    assert_eq!(before.len(), 1);
    for open in [
        Command::SaveAs,
        Command::Export(Format::Csv),
        Command::Merge,
    ] {
        h.state_mut().commands.push(open.into());
        h.run();
        h.get_by_label("Path").click();
        h.run();
        type_keys(&mut h, "/tmp/t3.ron");
        assert_eq!(h.state().doc.project.claims, before);
        assert!(h.state().open_panel.path.contains("t3.ron"));
        h.get_by_label("Cancel").click();
        h.run();
    }
    // Outside a text field the keys still tag: 3 is "funding total".
    h.key_press(egui::Key::Num3);
    h.run();
    let claim = h.state().doc.project.claims.values().next().unwrap();
    assert_eq!(claim.tags.len(), 2);
}

/// Issue 12, defect 10: every export is in the palette, found by "exp".
#[test]
fn the_palette_finds_every_export() {
    let mut h = harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    h.run();
    h.get_by_label("Command").type_text("exp");
    h.run();
    for label in [
        "Export CSV…",
        "Export W3C Web Annotations…",
        "Export REFI-QDA Project…",
        "Export HTML Report…",
        "Export Project Bundle…",
    ] {
        h.get_by_label(label);
    }
}

/// Words selected in the reader with the mouse, then a digit: the digit tags them. The
/// reader's text is a read-only text field, which takes the keyboard focus when dragged
/// across; the digit keys must still act (seen in the real window: 1–9 did nothing after a
/// drag, only the Tag panel's buttons tagged).
#[test]
fn a_digit_tags_words_dragged_across_in_the_reader() {
    let mut h = harness();
    let paragraph = h
        .query_all(egui_kittest::kittest::by().predicate(|n| {
            n.role() == egui::accesskit::Role::MultilineTextInput
                && n.value()
                    .is_some_and(|v| v.starts_with("The ONS estimated"))
        }))
        .map(|n| n.rect())
        .next()
        .unwrap();
    // Across the first words of the paragraph's first line, as a hand would drag.
    let from = egui::pos2(paragraph.left() + 2.0, paragraph.top() + 6.0);
    let to = egui::pos2(paragraph.left() + 120.0, paragraph.top() + 6.0);
    h.drag_at(from);
    h.run();
    for i in 1..=6 {
        h.hover_at(from + (to - from) * (i as f32 / 6.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
    assert!(h.state().selection.is_some(), "the drag selected words");
    h.key_press(egui::Key::Num2);
    h.run();
    let claims = &h.state().doc.project.claims;
    assert_eq!(claims.len(), 1, "the digit tagged the dragged words");
    let claim = claims.values().next().unwrap();
    assert!(
        claim.anchor.exact.starts_with("The ONS"),
        "{}",
        claim.anchor.exact
    );
}

/// A path panel opened by its shortcut has the keyboard at once, its suggestion selected:
/// what is typed next replaces the path (seen in the real window: Ctrl+Shift+S, then
/// `/tmp/t3.ron` went to the search field, its `/` taken as the search shortcut).
#[test]
fn save_as_opened_by_its_shortcut_takes_the_typing() {
    let mut h = harness();
    crate::common::select(&mut h, "net migration was over 500,000");
    h.get_by_label("1 migration figure").click();
    h.run();
    let before = h.state().doc.project.claims.clone();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run();
    assert!(h.state().open_panel.visible);
    type_keys(&mut h, "/tmp/t3.ron");
    assert_eq!(h.state().open_panel.path, "/tmp/t3.ron");
    assert_eq!(h.state().doc.project.claims, before);
}
