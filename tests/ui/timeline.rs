//! The timeline: click a release on it, and drag across a range to filter the list.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{AppCommand, PressmarkApp};
use pressmark::archive::PartialDate;
use pressmark::project::{Anchor, Edit};
use pressmark::timeline::LaneBy;

use crate::common;
use crate::common::{harness, select_in};

/// Where a date is drawn on the timeline.
fn x_of(h: &Harness<'static, PressmarkApp>, rect: egui::Rect, date: PartialDate) -> f32 {
    let scale = h.state().timeline.scale.unwrap();
    rect.left() + scale.x_of(date.first_day() as f64) as f32
}

/// Clicks the timeline at `date`, `below_top` points down the strip (its middle if `None`).
fn click_timeline(
    h: &mut Harness<'static, PressmarkApp>,
    date: PartialDate,
    below_top: Option<f32>,
) {
    let rect = h.get_by_label("Timeline of releases").rect();
    let x = x_of(h, rect, date);
    let y = below_top.map_or(rect.center().y, |d| rect.top() + d);
    let pos = egui::pos2(x, y);
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
}

#[test]
fn click_a_release_on_the_timeline() {
    let mut h = harness();
    // 18 May 2023: the UK and Romania release, alone on its day.
    click_timeline(&mut h, PartialDate::new(2023, 5, Some(18)).unwrap(), None);
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

/// Picks a lane choice in the strip's "Lanes" combo.
fn choose_lanes(h: &mut Harness<'static, PressmarkApp>, choice: &str) {
    h.get_by_label("Lanes").click();
    h.run();
    // The list filters have labels "Kind" and "Tag" too: take the option's button.
    h.get_by_role_and_label(egui::accesskit::Role::Button, choice)
        .click();
    h.run();
}

fn lane_names(h: &Harness<'static, PressmarkApp>) -> Vec<String> {
    h.state()
        .timeline
        .lanes()
        .iter()
        .map(|l| l.name.clone())
        .collect()
}

#[test]
fn lanes_by_kind_and_by_tag() {
    let mut h = harness();
    assert_eq!(h.state().prefs.timeline_lanes, None);
    choose_lanes(&mut h, "Kind");
    assert_eq!(h.state().prefs.timeline_lanes, Some(LaneBy::Kind));
    assert_eq!(lane_names(&h), ["press release"]);
    assert_eq!(h.state().timeline.lanes()[0].timeline.placed.len(), 10);

    // Two claims in two releases, with two tags.
    select_in_titled(
        &mut h,
        "Changes to student visa",
        "net migration was over 500,000",
    );
    h.get_by_label("1 migration figure").click();
    h.run();
    select_in_titled(&mut h, "Stalkers", "£39 million");
    h.get_by_label("2 funding total").click();
    h.run();
    assert_eq!(h.state().doc.project.claims.len(), 2);

    // Releases with claims are drawn in their tag's colour.
    let colour = |h: &Harness<'static, PressmarkApp>, title: &str, tag: &str| {
        let app = h.state();
        let i = app
            .archive
            .as_ref()
            .unwrap()
            .releases
            .iter()
            .position(|r| r.title.starts_with(title))
            .unwrap();
        let want = app
            .doc
            .project
            .codebook
            .by_name(tag)
            .map(|t| egui::Color32::from_rgb(t.colour[0], t.colour[1], t.colour[2]));
        (app.timeline.colour_of(i), want)
    };
    let (got, want) = colour(&h, "Changes to student visa", "migration figure");
    assert_eq!(got, want);
    let (got, want) = colour(&h, "Stalkers", "funding total");
    assert_eq!(got, want);
    assert_eq!(colour(&h, "Glasgow", "quote").0, None);

    choose_lanes(&mut h, "Tag");
    assert_eq!(h.state().prefs.timeline_lanes, Some(LaneBy::Tag));
    assert_eq!(
        lane_names(&h),
        ["funding total", "migration figure", "(untagged)"]
    );
    let lanes = h.state().timeline.lanes();
    assert_eq!(lanes[0].timeline.placed.len(), 1);
    assert_eq!(lanes[1].timeline.placed.len(), 1);
    assert_eq!(lanes[2].timeline.placed.len(), 8);
    // The lane of a tag has its colour.
    let funding = h
        .state()
        .doc
        .project
        .codebook
        .by_name("funding total")
        .unwrap()
        .colour;
    assert_eq!(
        lanes[0].colour,
        Some(egui::Color32::from_rgb(funding[0], funding[1], funding[2]))
    );

    // Clicking in the migration lane opens the student visa release (23 May).
    click_timeline(
        &mut h,
        PartialDate::new(2023, 5, Some(23)).unwrap(),
        Some(20.0 * 1.5),
    );
    assert_eq!(
        h.state().release_title(),
        Some("Changes to student visa route will reduce net migration")
    );

    choose_lanes(&mut h, "None");
    assert_eq!(h.state().prefs.timeline_lanes, None);
    assert!(h.state().timeline.lanes().is_empty());
}

/// Opens the release titled `title` and selects `words` in it.
fn select_in_titled(h: &mut Harness<'static, PressmarkApp>, title: &str, words: &str) {
    let index = h
        .state()
        .archive
        .as_ref()
        .unwrap()
        .releases
        .iter()
        .position(|r| r.title.starts_with(title))
        .unwrap();
    h.state_mut()
        .commands
        .push(AppCommand::SelectRelease(index));
    h.run();
    select_in(h, index, words);
}

/// Claims `words` in the release titled `title`, tagged `tag`, through the project API.
fn add_claim(h: &mut Harness<'static, PressmarkApp>, title: &str, words: &str, tag: &str) {
    let app = h.state_mut();
    let archive = app.archive.clone().unwrap();
    let r = archive
        .releases
        .iter()
        .find(|r| r.title.starts_with(title))
        .unwrap();
    let start = r.text.find(words).unwrap();
    let anchor = Anchor::from_range(&r.text, start, start + words.len());
    let tag = app.doc.project.codebook.by_name(tag).unwrap().id;
    let claim = app.doc.project.new_claim(&r.id, anchor, vec![tag], 0);
    app.commands.push(AppCommand::Edit(Edit::AddClaim(claim)));
    h.run();
}

#[test]
fn claims_over_time_plots_a_tags_figures_and_opens_a_claim() {
    let mut h = harness();
    add_claim(
        &mut h,
        "Gang members",
        "more than £200,000",
        "funding total",
    );
    add_claim(&mut h, "Stalkers", "£39 million", "funding total");
    add_claim(
        &mut h,
        "New blueprint",
        "£30 million investment",
        "funding total",
    );
    add_claim(
        &mut h,
        "Changes",
        "International Education Strategy",
        "funding total",
    );
    add_claim(&mut h, "Changes", "136,000 people", "migration figure");

    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Claims over time").click();
    h.run();
    assert!(h.state().claims_plot.visible);
    // The first tag with claims is shown first: migration figure (one point).
    let values = |h: &Harness<'static, PressmarkApp>| -> Vec<f64> {
        let data = h.state().claims_plot.data().unwrap();
        data.points.iter().map(|p| p.value).collect()
    };
    assert_eq!(values(&h), [136_000.0]);

    h.get_by_label("Tag to plot").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "funding total")
        .click();
    h.run();
    // In date order: 3, 11 and 16 May; the quote without a figure is skipped and said so.
    assert_eq!(values(&h), [30_000_000.0, 39_000_000.0, 200_000.0]);
    let data = h.state().claims_plot.data().unwrap();
    assert_eq!(data.unit.as_deref(), Some("GBP"));
    assert_eq!(data.without_figure, 1);
    h.get_by_label_contains("1 without a figure");
    h.get_by_label("Claims over time plot");

    // Click the 11 May point: the Stalkers claim opens.
    let stalkers = data.points[1].claim;
    let pos = h
        .state()
        .claims_plot
        .drawn
        .iter()
        .find(|(id, _)| *id == stalkers)
        .unwrap()
        .1;
    h.hover_at(pos);
    h.run();
    // Hovering shows the point's release, date, quote and value.
    h.get_by_label_contains("\"£39 million\"\n39,000,000 GBP");
    h.get_by_label_contains("11 May 2023");
    // A window repaints while the button is held on it: step, not run, until released.
    h.drag_at(pos);
    h.step();
    h.drop_at(pos);
    h.run();
    assert_eq!(h.state().selected_claim, Some(stalkers));
    assert!(h
        .state()
        .release_title()
        .unwrap()
        .starts_with("Stalkers and domestic abusers"));

    // A new claim with the tag joins the plot.
    add_claim(&mut h, "Gang members", "seizing £8,000", "funding total");
    // The last two share a day, so they come in id order, and new ids are random.
    let mut got = values(&h);
    got[2..].sort_by(|a, b| b.total_cmp(a));
    assert_eq!(got, [30_000_000.0, 39_000_000.0, 200_000.0, 8_000.0]);

    // £8,000 and £200,000 sit almost on the same line beside £39 million; on a log axis they
    // are far apart.
    let gap = |h: &Harness<'static, PressmarkApp>| {
        let drawn = &h.state().claims_plot.drawn;
        (drawn[2].1.y - drawn[3].1.y).abs()
    };
    assert!(gap(&h) < 6.0, "linear gap {}", gap(&h));
    h.get_by_label("Log scale").click();
    h.run();
    assert!(h.state().claims_plot.log);
    assert!(gap(&h) > 30.0, "log gap {}", gap(&h));
}

#[test]
fn more_than_eight_lanes_scroll() {
    let mut h = harness();
    // Each of the codebook's eight tags on a release of its own: 8 tag lanes + "(untagged)".
    {
        let app = h.state_mut();
        let archive = app.archive.clone().unwrap();
        let tags: Vec<_> = app
            .doc
            .project
            .codebook
            .tags()
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(tags.len(), 8);
        for (r, tag) in archive.releases.iter().zip(tags) {
            let anchor = Anchor::from_range(&r.text, 0, 10);
            let claim = app.doc.project.new_claim(&r.id, anchor, vec![tag], 0);
            app.doc.apply(Edit::AddClaim(claim)).unwrap();
        }
    }
    h.run();
    choose_lanes(&mut h, "Tag");
    assert_eq!(h.state().timeline.lanes().len(), 9);
    assert_eq!(
        lane_names(&h).last().map(String::as_str),
        Some("(untagged)")
    );
    h.get_by_label("+1 more lanes (scroll)");
    // All nine rows are drawn (in a scroll area), each 20 px high.
    let rect = h.get_by_label("Timeline of releases").rect();
    assert_eq!(rect.height(), 9.0 * 20.0);
}

#[test]
fn undated_releases_are_listed_apart_and_open_from_there() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archives/variants.txt");
    let mut h = common::harness_for(common::app_on(path), 1400.0, 900.0);
    let undated = h.state().timeline.timeline.undated.clone();
    assert_eq!(undated.len(), 1);
    // The month-dated release is on the strip as a span, not among the undated.
    assert_eq!(h.state().timeline.timeline.placed.len(), 5);
    h.get_by_label("1 undated").click();
    h.run();
    let title = h.state().archive.as_ref().unwrap().releases[undated[0]]
        .title
        .clone();
    assert!(title.starts_with("Illegal migration: statement without a d"));
    // The menu's entry (a button; the list's row is a label).
    h.get_by_role_and_label(egui::accesskit::Role::Button, &title)
        .click();
    h.run();
    assert_eq!(h.state().selected, Some(undated[0]));
}

/// Issue 12, defect 5: three releases on 11 May 2023 share a day; each is reached by
/// pointing higher or lower in the day's stack, in one row and in a lane.
#[test]
fn each_release_on_a_shared_day_can_be_clicked() {
    let day = PartialDate::new(2023, 5, Some(11)).unwrap();
    let on_the_day = |h: &Harness<'static, PressmarkApp>| -> Vec<usize> {
        let a = h.state().archive.clone().unwrap();
        (0..a.releases.len())
            .filter(|&i| a.releases[i].date == Some(day))
            .collect()
    };
    let mut h = harness();
    let want = on_the_day(&h);
    assert_eq!(want.len(), 3);
    let rect = h.get_by_label("Timeline of releases").rect();
    let mut got = Vec::new();
    for below_top in [8.0, rect.height() / 2.0, rect.height() - 6.0] {
        click_timeline(&mut h, day, Some(below_top));
        got.push(h.state().selected.unwrap());
    }
    got.sort_unstable();
    assert_eq!(got, want, "one row");

    choose_lanes(&mut h, "Kind");
    let mut got = Vec::new();
    for below_top in [3.0, 10.0, 17.0] {
        click_timeline(&mut h, day, Some(below_top));
        got.push(h.state().selected.unwrap());
    }
    got.sort_unstable();
    assert_eq!(got, want, "a lane");
}
