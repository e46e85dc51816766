//! Releases side by side: pick two in the list, compare, tag in the right-hand column, undo.

use egui_kittest::kittest::Queryable;
use pressmark::app::AppCommand;

mod common;
use common::{app_on_sample, harness_for, wait_for_index};

#[test]
fn compare_two_releases_and_tag_in_the_right_column() {
    let mut h = harness_for(app_on_sample(), 1600.0, 1000.0);
    h.run();
    let gang = "Gang members who smuggled 41 migrants jailed";
    let van = "Driver who smuggled children bolted inside hidden van hatch jailed";
    h.get_by_label(gang)
        .click_modifiers(egui::Modifiers::COMMAND);
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
    let text = &a.releases[right].text;
    let words = "Criminal and Financial Investigations";
    let start = text.find(words).unwrap();
    h.state_mut().commands.push(AppCommand::SetSelection {
        release: right,
        start,
        end: start + words.len(),
    });
    h.run();
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
    let words = "Criminal and Financial Investigations";
    let start = a.releases[gang].text.find(words).unwrap();
    h.state_mut().commands.push(AppCommand::SelectRelease(gang));
    h.state_mut().commands.push(AppCommand::SetSelection {
        release: gang,
        start,
        end: start + words.len(),
    });
    h.run();
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
