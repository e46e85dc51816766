//! Searching in the window: type a query, step through hits with Enter and F3.

use std::path::Path;
use std::sync::Arc;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{Prefs, PressmarkApp};

#[test]
fn type_a_query_and_step_through_hits() {
    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    app.open(vec![path]);
    app.wait_for_load();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut PressmarkApp| app.show(ui), app);
    // The index is built on a thread; let it finish.
    for _ in 0..200 {
        h.run();
        if !h.state().search.is_indexing() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
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
