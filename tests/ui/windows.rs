//! Every window opens with the sample, and every control in it has a name a screen reader
//! can read (kittest fails a frame with unlabelled widgets).

use pressmark::app::{AppCommand, Command};

use crate::common::{app_on_sample, harness_for};

#[test]
fn every_window_opens_with_labelled_controls() {
    let mut h = harness_for(app_on_sample(), 1600.0, 1000.0);
    h.run();
    // A claim, so the claim controls are drawn too.
    {
        let app = h.state_mut();
        let index = app.selected.unwrap();
        let text = &app.archive.as_ref().unwrap().releases[index].text;
        let start = text.find("750%").unwrap();
        app.commands.push(AppCommand::SetSelection {
            release: index,
            start,
            end: start + 4,
        });
        app.commands.push(Command::TagWithNth(0).into());
    }
    h.run();
    for command in [
        Command::ToggleClaimsTable,
        Command::ToggleClaimsPlot,
        Command::ToggleCodebook,
        Command::ToggleFindings,
        Command::ToggleWarnings,
        Command::ToggleTagAll,
        Command::ToggleOrphans,
        Command::TogglePrefs,
        Command::TogglePalette,
        Command::ToggleShortcuts,
    ] {
        h.state_mut().commands.push(command.into());
        h.run();
    }
    let app = h.state();
    assert!(app.claims_table_ui.visible && app.codebook_ui.visible && app.findings.visible);
    assert!(app.tag_all.visible && app.palette.visible && app.status_bar.show_warnings);
    assert!(app.claims_plot.visible && app.help.visible);
    assert_eq!(app.doc.project.claims.len(), 1);
}
