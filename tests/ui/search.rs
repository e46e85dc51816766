//! Searching in the window: type a query, step through hits with Enter and F3.

use egui_kittest::kittest::Queryable;

use crate::common::{app_on_sample, harness_for, wait_for_index};
use pressmark::app::{AppCommand, Command};

#[test]
fn type_a_query_and_step_through_hits() {
    let mut h = harness_for(app_on_sample(), 1400.0, 900.0);
    wait_for_index(&mut h);
    h.key_press(egui::Key::Slash);
    h.run();
    h.get_by_label("Search").type_text("\"people smuggling\"");
    h.run();
    let results = h.state().search.results.clone().unwrap();
    let titles: Vec<&str> = results
        .releases
        .iter()
        .map(|r| {
            h.state().archive.as_ref().unwrap().releases[r.release]
                .title
                .as_str()
        })
        .collect();
    // "people-smuggling" matches too: punctuation between words does not count.
    assert_eq!(
        titles,
        [
            "Gang members who smuggled 41 migrants jailed",
            "Illegal Migration Bill in Lords for second reading"
        ]
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().search.current, Some(0));
    let (release, _) = h.state().search.nth_hit(0).unwrap();
    assert_eq!(h.state().selected, Some(release));
    h.key_press(egui::Key::F3);
    h.run();
    let total = h.state().search.total_hits();
    assert_eq!(h.state().search.current, Some(1 % total));
}

/// Issue 12, defect 8: the list does not empty while a word is half typed: the last word of
/// the query matches as a prefix ("migra" finds migration, migrants, migrant).
#[test]
fn a_half_typed_word_finds_its_completions() {
    let mut h = harness_for(app_on_sample(), 1400.0, 900.0);
    wait_for_index(&mut h);
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("migra");
    h.run();
    let results = h.state().search.results.clone().unwrap();
    let archive = h.state().archive.clone().unwrap();
    let mut words: Vec<String> = results
        .releases
        .iter()
        .flat_map(|r| {
            let text = &archive.releases[r.release].text;
            r.hits
                .iter()
                .map(|hit| text[hit.start..hit.end].to_lowercase())
        })
        .collect();
    words.sort();
    words.dedup();
    assert!(words.len() >= 2, "{words:?}");
    assert!(words.iter().all(|w| w.starts_with("migra")), "{words:?}");
    assert!(results.total_releases >= 4, "{results:?}");
    // A finished word followed by a space is whole again.
    h.get_by_label("Search").type_text(" ");
    h.run();
    assert!(h
        .state()
        .search
        .results
        .as_ref()
        .unwrap()
        .releases
        .is_empty());
}

/// Issue 12, defect 8: Ctrl+C copies the selection as snapped to whole words, not the raw
/// drag that stopped inside a word.
#[test]
fn copy_takes_the_snapped_selection() {
    let mut h = harness_for(app_on_sample(), 1400.0, 900.0);
    let index = h.state().selected.unwrap();
    let text = h.state().archive.as_ref().unwrap().releases[index]
        .text
        .clone();
    let words = "net migration was over 500,000";
    let start = text.find(words).unwrap();
    // A drag from inside "net" to inside "500,000".
    h.state_mut()
        .commands
        .push(pressmark::app::AppCommand::SetSelection {
            release: index,
            start: start + 1,
            end: start + words.len() - 2,
        });
    h.run();
    h.event(egui::Event::Copy);
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
    assert_eq!(copied, [words.to_owned()]);
}

/// With the list narrowed by a search, the next and previous release (Down, Up, J, K) are
/// the next and previous rows shown, never a release the search left out.
#[test]
fn next_release_steps_through_the_rows_a_search_leaves() {
    let mut h = harness_for(app_on_sample(), 1400.0, 900.0);
    wait_for_index(&mut h);
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("\"people smuggling\"");
    h.run();
    let rows = h.state().list.rows.clone();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.len() < h.state().order.len());
    h.state_mut()
        .commands
        .push(AppCommand::SelectRelease(rows[0]));
    h.run();
    for (command, want) in [
        (Command::NextRelease, rows[1]),
        (Command::NextRelease, rows[1]),
        (Command::PreviousRelease, rows[0]),
    ] {
        h.state_mut().commands.push(AppCommand::Run(command));
        h.run();
        assert_eq!(h.state().selected, Some(want), "{command:?}");
    }
}
