//! A project whose archive is a folder of mixed formats, in the window: opened through the
//! Open panel, saved (still on the folder), re-opened after the folder moved (the missing-
//! archive prompt takes the folder's new place), and exported as a bundle holding every file.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{AppCommand, PressmarkApp};
use pressmark::archive::Archive;
use pressmark::project::{find_matches, store, tag_all_edit, ArchiveRef, Project};

use crate::common;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// `dir/archive/` (a tag page, GOV.UK JSON in a sub-folder, a saved page) and `dir/work.ron`
/// on it, with "£400 million" and "83% of 40 to 60 year olds" tagged, made with the core API.
fn folder_project(dir: &Path) -> (PathBuf, PathBuf) {
    let root = dir.join("archive");
    std::fs::create_dir_all(root.join("govuk")).unwrap();
    std::fs::copy(common::sample_path(), root.join("home-office.txt")).unwrap();
    std::fs::copy(
        fixture("govuk-press-release.json"),
        root.join("govuk/phe.json"),
    )
    .unwrap();
    std::fs::copy(fixture("page-bbc-news.html"), root.join("bbc.html")).unwrap();
    let project_path = dir.join("work.ron");
    let archive = Archive::load(std::slice::from_ref(&root)).unwrap();
    let mut project = Project::new(ArchiveRef::for_file(&project_path, &root).unwrap(), "ana");
    let tag = project.codebook.by_name("funding total").unwrap().id;
    for words in ["£400 million", "83% of 40 to 60 year olds"] {
        let matches = find_matches(&archive, words, false).unwrap();
        assert_eq!(matches.len(), 1, "{words}");
        tag_all_edit(&project, &archive, &matches, tag, "", 1_700_000_000)
            .apply(&mut project)
            .unwrap();
    }
    store::save(&project, &project_path).unwrap();
    (project_path, root)
}

/// Types `path` into the Open panel's path field and presses its `button`.
fn choose(h: &mut Harness<'static, PressmarkApp>, path: &Path, button: &str) {
    h.get_by_label("Path").click();
    common::settle(h);
    h.state_mut().open_panel.path = path.display().to_string();
    common::settle(h);
    h.get_by_role_and_label(Role::Button, button).click();
    common::settle(h);
}

fn open_through_the_menu(h: &mut Harness<'static, PressmarkApp>, path: &Path) {
    h.get_by_label("File").click();
    common::settle(h);
    h.get_by_label_contains("Open…").click();
    common::settle(h);
    choose(h, path, "Open");
    h.state_mut().wait_for_load();
    common::wait_for_index(h);
}

#[test]
fn a_project_on_a_folder_opens_saves_follows_the_folder_and_exports_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let (project_path, root) = folder_project(dir.path());
    let mut h = common::harness();
    open_through_the_menu(&mut h, &project_path);
    assert_eq!(h.state().error, None);
    let archive = h.state().archive.clone().unwrap();
    assert_eq!(archive.files.len(), 3);
    assert_eq!(h.state().doc.project.claims.len(), 2);
    assert!(h.state().doc.orphans.is_empty());
    // The open archive is the folder, not the first file read from it.
    assert_eq!(h.state().archive_path(), Some(root.clone()));

    // A claim in the saved page, then Save: the project still names the folder.
    let index = archive
        .releases
        .iter()
        .position(|r| r.text.contains("common sense gun safety laws"))
        .unwrap();
    common::select_in(&mut h, index, "common sense gun safety laws");
    h.get_by_label("2 funding total").click();
    common::settle(&mut h);
    assert_eq!(h.state().doc.project.claims.len(), 3);
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(project_path.clone()));
    common::settle(&mut h);
    assert_eq!(h.state().error, None);
    let saved = store::load(&project_path).unwrap();
    assert_eq!(saved.archive.path, PathBuf::from("archive"));
    assert!(saved.archive.matches_file(&root), "{:?}", saved.archive);
    drop(h);

    // The folder moves: opening the project asks where it is; the folder's new place is
    // given, and every claim is found there.
    let moved = dir.path().join("moved");
    std::fs::rename(&root, &moved).unwrap();
    let mut h = common::harness();
    h.get_by_label("File").click();
    common::settle(&mut h);
    h.get_by_label_contains("Open…").click();
    common::settle(&mut h);
    choose(&mut h, &project_path, "Open");
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("archive is not at"), "{error}");
    assert!(h.state().open_panel.visible);
    choose(&mut h, &moved, "Open");
    h.state_mut().wait_for_load();
    common::wait_for_index(&mut h);
    assert_eq!(h.state().archive_path(), Some(moved.clone()));
    assert_eq!(h.state().archive.as_ref().unwrap().files.len(), 3);
    assert_eq!(h.state().doc.project.claims.len(), 3);
    assert!(h.state().doc.orphans.is_empty());

    // File > Export > Project Bundle…: every file of the folder and every claim.
    let out = dir.path().join("shared.zip");
    h.get_by_label("File").click();
    common::settle(&mut h);
    h.get_by_label("Export").click();
    common::settle(&mut h);
    h.get_by_label("Project Bundle…").click();
    common::settle(&mut h);
    h.get_by_label("Path").click();
    common::settle(&mut h);
    h.state_mut().open_panel.path = out.display().to_string();
    common::settle(&mut h);
    h.get_by_label("Save").click();
    for _ in 0..500 {
        h.step();
        let done = h
            .state()
            .share
            .notice
            .as_deref()
            .is_some_and(|n| !n.ends_with('…'));
        if done {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let notice = h.state().share.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("Exported"), "{notice}");
    let into = dir.path().join("opened");
    let (project, folder) = pressmark::export::open_bundle(&out, &into).unwrap();
    assert!(folder.is_dir(), "{}", folder.display());
    assert_eq!(pressmark::archive::files_in(&folder).unwrap().len(), 3);
    assert_eq!(project.claims.len(), 3);
    assert!(project.archive.matches_file(&folder));
}

/// A project on three files in two folders (as `pressmark tag --archive A --archive B
/// --archive C` makes it) opens with all three read, and a save keeps all three.
#[test]
fn a_project_on_several_files_opens_them_all_and_saves_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = [
        ("a/phe.json", "govuk-press-release.json"),
        ("b/bbc.html", "page-bbc-news.html"),
        ("b/sub/nasa.xml", "rss2-nasa.xml"),
    ]
    .iter()
    .map(|(name, source)| {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture(source), &to).unwrap();
        to
    })
    .collect();
    let project_path = dir.path().join("work.ron");
    let archive = Archive::load(&paths).unwrap();
    let mut project = Project::new(ArchiveRef::for_files(&project_path, &paths).unwrap(), "ana");
    let tag = project.codebook.by_name("funding total").unwrap().id;
    for words in ["83% of 40 to 60 year olds", "several tons of supplies"] {
        let matches = find_matches(&archive, words, false).unwrap();
        tag_all_edit(&project, &archive, &matches, tag, "", 1_700_000_000)
            .apply(&mut project)
            .unwrap();
    }
    store::save(&project, &project_path).unwrap();

    let mut h = common::harness();
    open_through_the_menu(&mut h, &project_path);
    assert_eq!(h.state().error, None);
    assert_eq!(h.state().archive.as_ref().unwrap().files.len(), 3);
    assert_eq!(h.state().archive_paths(), paths);
    assert!(h.state().doc.orphans.is_empty());
    let index = h
        .state()
        .archive
        .as_ref()
        .unwrap()
        .releases
        .iter()
        .position(|r| r.text.contains("common sense gun safety laws"))
        .unwrap();
    common::select_in(&mut h, index, "common sense gun safety laws");
    h.get_by_label("2 funding total").click();
    common::settle(&mut h);
    let saved_as = dir.path().join("b/again.ron");
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(saved_as.clone()));
    common::settle(&mut h);
    assert_eq!(h.state().error, None);
    let saved = store::load(&saved_as).unwrap();
    assert_eq!(saved.claims.len(), 3);
    // Relative to where it was saved now.
    assert_eq!(saved.archive.path, PathBuf::from("../a/phe.json"));
    assert_eq!(
        saved.archive.more,
        [PathBuf::from("bbc.html"), PathBuf::from("sub/nasa.xml")]
    );
    assert!(saved.archive.matches_files(&paths));
    drop(h);

    // Folder b moves: the prompt asks for each of its files in turn, then opens all three.
    std::fs::rename(dir.path().join("b"), dir.path().join("moved")).unwrap();
    let mut h = common::harness();
    h.get_by_label("File").click();
    common::settle(&mut h);
    h.get_by_label_contains("Open…").click();
    common::settle(&mut h);
    choose(&mut h, &project_path, "Open");
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("bbc.html"), "{error}");
    choose(&mut h, &dir.path().join("moved/bbc.html"), "Open");
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("nasa.xml"), "{error}");
    assert!(h.state().open_panel.visible);
    choose(&mut h, &dir.path().join("moved/sub/nasa.xml"), "Open");
    h.state_mut().wait_for_load();
    common::wait_for_index(&mut h);
    assert_eq!(
        h.state().archive_paths(),
        [
            paths[0].clone(),
            dir.path().join("moved/bbc.html"),
            dir.path().join("moved/sub/nasa.xml")
        ]
    );
    assert_eq!(h.state().doc.project.claims.len(), 2);
    assert!(h.state().doc.orphans.is_empty());
}
