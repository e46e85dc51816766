//! Searching in the window: type a query, step through hits with Enter and F3.

use egui_kittest::kittest::Queryable;

use crate::common::{app_on_sample, harness_for, wait_for_index};

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
