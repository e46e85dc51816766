//! Claims over time puts percentages (and ratios) on their own axis, chosen
//! by the user, never on the money axis; the claims table shows a claim's
//! figure read in its release.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{AppCommand, PressmarkApp};
use pressmark::project::{Anchor, Edit};

use crate::common::harness;

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
fn percentages_get_their_own_axis_in_claims_over_time() {
    let mut h = harness();
    add_claim(&mut h, "Stalkers", "£39 million", "funding total");
    add_claim(
        &mut h,
        "New blueprint",
        "£30 million investment",
        "funding total",
    );
    add_claim(&mut h, "Changes", "increased by 750%", "funding total");
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Claims over time").click();
    h.run();
    h.get_by_label("Tag to plot").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "funding total")
        .click();
    h.run();
    let unit = |h: &Harness<'static, PressmarkApp>| {
        let d = h.state().claims_plot.data().unwrap();
        (
            d.unit.clone(),
            d.points.iter().map(|p| p.value).collect::<Vec<_>>(),
        )
    };
    // money first (the most common), the percentage left off that axis
    assert_eq!(unit(&h), (Some("GBP".into()), vec![30e6, 39e6]));
    h.get_by_label_contains("1 in other units");
    // choose the percent axis
    h.get_by_label("Axis").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "percent (1)")
        .click();
    h.run();
    assert_eq!(unit(&h), (Some("percent".into()), vec![750.0]));
    h.get_by_label_contains("2 in other units");
}
