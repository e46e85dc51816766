//! A folder of mixed formats (a tag page, GOV.UK JSON, a saved page) opened through the
//! Open panel's path field: one archive, and the reader shows a release of each format.

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use pressmark::app::AppCommand;
use pressmark::archive::Format;

use crate::common;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

#[test]
fn a_folder_of_mixed_formats_opens_from_the_path_field() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    std::fs::create_dir_all(root.join("govuk")).unwrap();
    std::fs::copy(common::sample_path(), root.join("home-office.txt")).unwrap();
    std::fs::copy(
        fixture("govuk-press-release.json"),
        root.join("govuk/phe.json"),
    )
    .unwrap();
    std::fs::copy(fixture("page-bbc-news.html"), root.join("bbc.html")).unwrap();

    let mut h = common::harness();
    // The sample's search index builds on a thread with a spinner showing; on a loaded
    // machine `run` would give up on the repaints before it is done.
    common::wait_for_index(&mut h);
    h.get_by_label("File").click();
    common::settle(&mut h);
    h.get_by_label_contains("Open…").click();
    common::settle(&mut h);
    h.get_by_label("Path").click();
    common::settle(&mut h);
    h.state_mut().open_panel.path = root.display().to_string();
    common::settle(&mut h);
    h.get_by_role_and_label(Role::Button, "Open").click();
    // A project opens on a task, with a spinner: step, then wait for it.
    h.run_steps(1);
    h.state_mut().wait_for_load();
    common::wait_for_index(&mut h);
    assert_eq!(h.state().error, None);
    let archive = h.state().archive.clone().unwrap();
    assert_eq!(archive.files.len(), 3);
    assert_eq!(archive.releases.len(), 12);

    for (format, words) in [
        (
            Format::TagPage,
            "New government restrictions to student visa routes",
        ),
        (Format::GovukJson, "Eight out of 10 of the middle aged"),
        (Format::Html, "President Barack Obama has admitted"),
    ] {
        let index = archive
            .releases
            .iter()
            .position(|r| r.format == format && r.text.contains(words))
            .unwrap();
        h.state_mut()
            .commands
            .push(AppCommand::SelectRelease(index));
        common::settle(&mut h);
        // The reader has it: its title stands in the list and over the text.
        let title = archive.releases[index].title.clone();
        assert_eq!(h.state().release_title(), Some(title.as_str()));
        assert!(h.get_all_by_label(&title).count() >= 2, "{title}");
    }

    // The list filters by source format.
    h.get_by_label("Filters").click();
    common::settle(&mut h);
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    common::settle(&mut h);
    h.get_by_label("govuk-json").click();
    common::settle(&mut h);
    assert_eq!(h.state().list.rows.len(), 1);
}
