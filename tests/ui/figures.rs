//! Figures in the window: findings listed, and a figure turned into a claim with a
//! suggested tag.

use egui_kittest::kittest::Queryable;
use pressmark::app::AppCommand;

use crate::common::harness;

#[test]
fn findings_panel_reports_the_funding_table() {
    let mut h = harness();
    // Findings are computed (on a thread) when the panel is first shown.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    // The panel's spinner repaints until the findings arrive: step, do not wait to settle.
    h.step();
    assert!(h.state().findings.visible);
    for _ in 0..300 {
        let _ = h.try_run();
        if h.state().findings.findings.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    // The finding's message, with both figures.
    h.get_by_label_contains("£39,564,574");
    h.get_by_label("£39 million").click();
    h.run();
    let a = h.state().archive.clone().unwrap();
    let selected = &a.releases[h.state().selected.unwrap()];
    assert!(selected.title.starts_with("Stalkers and domestic abusers"));
}

#[test]
fn a_figure_becomes_a_claim_with_a_suggested_tag() {
    let mut h = harness();
    h.run();
    let (index, start, end) = {
        let a = h.state().archive.clone().unwrap();
        let i = a
            .releases
            .iter()
            .position(|r| r.title.starts_with("Stalkers"))
            .unwrap();
        let text = &a.releases[i].text;
        let start = text.find("£39 million").unwrap();
        (i, start, start + "£39 million".len())
    };
    h.state_mut()
        .commands
        .push(AppCommand::SelectRelease(index));
    h.run();
    h.state_mut().commands.push(AppCommand::ClaimFigure {
        release: index,
        start,
        end,
    });
    h.run();
    let p = &h.state().doc.project;
    let claim = p.claims.values().next().unwrap();
    assert_eq!(claim.anchor.exact, "£39 million");
    let tag = p.codebook.get(claim.tags[0]).unwrap();
    assert_eq!(tag.name, "funding total");
}
