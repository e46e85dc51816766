//! A folder of mixed formats (a file of each of the nine: tag page, GOV.UK JSON, a saved
//! page, RSS, Atom, Markdown, plain text, Word, PDF) opened through the Open panel's path
//! field and dropped on the window: one archive, the reader shows a release of each format,
//! and the list filters by format and by file.

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use pressmark::app::AppCommand;
use pressmark::archive::Format;

use crate::common;

/// A folder holding a file of each of the nine formats, in subfolders.
fn mixed_folder(root: &Path) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (from, to) in [
        ("archives/variants.txt", "tag-page.txt"),
        ("formats/govuk-press-release.json", "govuk/phe.json"),
        ("formats/page-bbc-news.html", "pages/bbc.html"),
        ("formats/rss2-nasa.xml", "feeds/nasa.xml"),
        ("formats/atom-feed-rs-releases.xml", "feeds/feed-rs.atom"),
        ("formats/md-apache-drill-1.0.md", "notes/drill.md"),
        ("formats/text-govuk-student-visas.txt", "copies/visas.txt"),
        ("formats/docx-mammoth-tables.docx", "word/tables.docx"),
        ("formats/pdf-govuk-student-visas.pdf", "pdf/visas.pdf"),
    ] {
        let to = root.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixtures.join(from), to).unwrap();
    }
}

/// Each format's first release, selected in the list, is the one the reader shows.
fn reads_a_release_of_each_format(
    h: &mut egui_kittest::Harness<'static, pressmark::app::PressmarkApp>,
) {
    let archive = h.state().archive.clone().unwrap();
    assert_eq!(archive.files.len(), 9);
    for format in Format::ALL {
        let index = archive
            .releases
            .iter()
            .position(|r| r.format == format)
            .unwrap_or_else(|| panic!("no {} release", format.label()));
        h.state_mut()
            .commands
            .push(AppCommand::SelectRelease(index));
        common::settle(h);
        // The reader has it: its title stands in the list and over the text.
        let title = archive.releases[index].title.clone();
        assert_eq!(h.state().release_title(), Some(title.as_str()));
        // Over the text as a label, or as the text's own title block (marks show there).
        assert!(common::title_rects(h, &title).len() >= 2, "{title}");
    }
}

#[test]
fn a_folder_of_mixed_formats_opens_from_the_path_field() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    mixed_folder(&root);

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
    // The title names the folder opened, not the first file read from it (it had said
    // "README.md" for a folder of mixed formats).
    let title = h.state().window_title();
    assert!(title.ends_with(" — archive"), "{title}");
    reads_a_release_of_each_format(&mut h);

    // The list filters by source format, and by file.
    h.get_by_label("Filters").click();
    common::settle(&mut h);
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    common::settle(&mut h);
    h.get_by_label("govuk-json").click();
    common::settle(&mut h);
    assert_eq!(h.state().list.rows.len(), 1);
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    common::settle(&mut h);
    h.get_by_label("any").click();
    common::settle(&mut h);
    h.get_by_role_and_label(Role::ComboBox, "File").click();
    common::settle(&mut h);
    h.get_by_label_contains("feed-rs.atom").click();
    common::settle(&mut h);
    // feed-rs's Atom feed has four entries.
    assert_eq!(h.state().list.rows.len(), 4);
}

/// A folder as the window's integration hands a dropped one over (a path; its bytes are
/// never asked for).
#[derive(Debug)]
struct DroppedFolder(std::path::PathBuf);

impl egui::DroppedFile for DroppedFolder {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("a folder has no bytes".to_owned())
    }
}

#[test]
fn a_folder_dropped_on_the_window_opens() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("dropped");
    mixed_folder(&root);
    let mut h = common::harness();
    common::wait_for_index(&mut h);
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedFolder(root.clone())));
    h.run_steps(2);
    h.state_mut().wait_for_load();
    common::wait_for_index(&mut h);
    assert_eq!(h.state().error, None);
    reads_a_release_of_each_format(&mut h);
}
