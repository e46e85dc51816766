//! The release list at 1280×800 (issue 12): the Title column starts wide enough to read
//! titles, on the sample (one kind of release) and on an archive of several kinds (where a
//! Kind column used to leave the titles about 10 characters).

use std::path::Path;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::PressmarkApp;

use crate::common::{app_on, app_on_sample, harness_for};

/// Characters of `title` (in the body font) that fit in its cell in the release list: the
/// title's label furthest to the left (the reader shows the title too, further right).
fn title_chars_shown(h: &Harness<'static, PressmarkApp>, title: &str) -> usize {
    let cell = h
        .query_all_by_label(title)
        .map(|n| n.rect())
        .min_by(|a, b| a.left().total_cmp(&b.left()))
        .unwrap_or_else(|| panic!("{title:?} is not in the window"));
    let font = h.ctx.global_style().text_styles[&egui::TextStyle::Body].clone();
    let chars: Vec<char> = title.chars().collect();
    (1..=chars.len())
        .take_while(|&n| {
            let prefix: String = chars[..n].iter().collect();
            let galley = h
                .ctx
                .fonts_mut(|f| f.layout(prefix, font.clone(), egui::Color32::WHITE, f32::INFINITY));
            galley.size().x <= cell.width() + 0.5
        })
        .count()
}

/// Five or six words of a title, enough to tell releases apart (before the fix: 24 on the
/// sample, 10 with the Kind column).
const READABLE: usize = 28;

#[test]
fn titles_are_readable_in_the_list_at_1280_by_800() {
    let h = harness_for(app_on_sample(), 1280.0, 800.0);
    let title = "Changes to student visa route will reduce net migration";
    let shown = title_chars_shown(&h, title);
    assert!(shown >= READABLE, "only {shown} characters of {title:?}");
}

#[test]
fn titles_are_readable_with_the_kind_column_too() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archives/variants.txt");
    let h = harness_for(app_on(path), 1280.0, 800.0);
    assert!(
        h.state().archive.as_ref().is_some_and(|a| {
            let first = a.releases[0].kind;
            a.releases.iter().any(|r| r.kind != first)
        }),
        "releases of several kinds"
    );
    let title = "Glasgow named as host of the 92nd Interpol General Assembly";
    let shown = title_chars_shown(&h, title);
    assert!(shown >= READABLE, "only {shown} characters of {title:?}");
}
