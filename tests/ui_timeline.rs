//! The timeline: click a release on it, and drag across a range to filter the list.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::PressmarkApp;
use pressmark::archive::PartialDate;

mod common;
use common::harness;

/// Where a date is drawn on the timeline.
fn x_of(h: &Harness<'static, PressmarkApp>, rect: egui::Rect, date: PartialDate) -> f32 {
    let scale = h.state().timeline.scale.unwrap();
    rect.left() + scale.x_of(date.first_day() as f64) as f32
}

#[test]
fn click_a_release_on_the_timeline() {
    let mut h = harness();
    let rect = h.get_by_label("Timeline of releases").rect();
    // 18 May 2023: the UK and Romania release, alone on its day.
    let x = x_of(&h, rect, PartialDate::new(2023, 5, Some(18)).unwrap());
    let pos = egui::pos2(x, rect.center().y);
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
    assert_eq!(
        h.state().release_title(),
        Some("UK and Romania pledge to tackle human trafficking")
    );
}

#[test]
fn drag_a_range_to_filter_the_list() {
    let mut h = harness();
    let rect = h.get_by_label("Timeline of releases").rect();
    let from = x_of(&h, rect, PartialDate::new(2023, 5, Some(9)).unwrap());
    let to = x_of(&h, rect, PartialDate::new(2023, 5, Some(15)).unwrap());
    let y = rect.center().y;
    h.hover_at(egui::pos2(from, y));
    h.run();
    h.drag_at(egui::pos2(from, y));
    h.run();
    for step in 1..=5 {
        let x = from + (to - from) * step as f32 / 5.0;
        h.hover_at(egui::pos2(x, y));
        h.run();
    }
    h.drop_at(egui::pos2(to, y));
    h.run();
    assert!(h.state().timeline.range.is_some());
    // 10 and 11 May: four releases.
    h.get_by_label("4 of 10 releases shown");
}
