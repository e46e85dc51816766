//! Folders: recursive, mixed formats, files that are not archives skipped with one warning,
//! stable ids (re-read, files added, folder moved), the same release twice, and hostile
//! folders (a symbolic-link loop, 100,000 files).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pressmark::archive::{Archive, Format};
use pressmark::compare::{word_diff, DiffKind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt")
}

/// A folder of mixed formats, with subfolders and files that are not archives.
fn mixed_folder(root: &Path) {
    std::fs::create_dir_all(root.join("govuk/speeches")).unwrap();
    std::fs::create_dir_all(root.join("pages")).unwrap();
    std::fs::copy(sample(), root.join("tag-page.txt")).unwrap();
    std::fs::copy(
        fixture("govuk-press-release.json"),
        root.join("govuk/phe.json"),
    )
    .unwrap();
    std::fs::copy(
        fixture("govuk-speech.json"),
        root.join("govuk/speeches/leadsom.json"),
    )
    .unwrap();
    std::fs::copy(fixture("page-bbc-news.html"), root.join("pages/bbc.html")).unwrap();
    // Not archives: a spreadsheet (by name) and an image (by content, whatever its name).
    std::fs::write(root.join("pages/figures.csv"), "a,b\n1,2\n").unwrap();
    std::fs::write(
        root.join("pages/logo.dat"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
}

fn ids_by_title(a: &Archive) -> BTreeMap<String, String> {
    a.releases
        .iter()
        .map(|r| (format!("{} {}", r.title, r.date_label()), r.id.clone()))
        .collect()
}

#[test]
fn a_folder_of_mixed_formats() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    mixed_folder(&root);
    let a = Archive::load(std::slice::from_ref(&root)).unwrap();
    let count = |f: Format| a.releases.iter().filter(|r| r.format == f).count();
    assert_eq!(count(Format::TagPage), 10);
    assert_eq!(count(Format::GovukJson), 2);
    assert_eq!(count(Format::Html), 1);
    // Files in name order, whatever order the file system lists them in.
    let names: Vec<String> = a
        .files
        .iter()
        .map(|f| f.path.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        vec![
            "govuk/phe.json",
            "govuk/speeches/leadsom.json",
            "pages/bbc.html",
            "tag-page.txt"
        ]
    );
    let skipped: Vec<&str> = a
        .warnings
        .iter()
        .filter(|w| w.message.contains("not archives skipped"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0].contains("2 files"), "{}", skipped[0]);
}

#[test]
fn ids_stay_when_read_again_when_files_are_added_and_when_moved() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    mixed_folder(&root);
    let first = ids_by_title(&Archive::load(std::slice::from_ref(&root)).unwrap());
    let again = ids_by_title(&Archive::load(std::slice::from_ref(&root)).unwrap());
    assert_eq!(first, again);
    // The tag page's ids are those it has on its own.
    let alone = Archive::load(&[sample()]).unwrap();
    for r in &alone.releases {
        assert_eq!(
            first.get(&format!("{} {}", r.title, r.date_label())),
            Some(&r.id)
        );
    }
    // Files added (one sorting before all others): every earlier id stays.
    std::fs::copy(
        fixture("govuk-world-news-story.json"),
        root.join("a-first.json"),
    )
    .unwrap();
    std::fs::copy(fixture("page-bmjv-de.html"), root.join("pages/zz.html")).unwrap();
    let added = ids_by_title(&Archive::load(std::slice::from_ref(&root)).unwrap());
    assert_eq!(added.len(), first.len() + 2);
    for (k, id) in &first {
        assert_eq!(added.get(k), Some(id), "{k}");
    }
    // The folder moved elsewhere.
    let moved = dir.path().join("elsewhere/renamed");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&root, &moved).unwrap();
    assert_eq!(ids_by_title(&Archive::load(&[moved]).unwrap()), added);
}

#[test]
fn the_same_release_twice_is_kept_once_and_a_corrected_one_is_linked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let item = std::fs::read_to_string(fixture("govuk-press-release.json")).unwrap();
    std::fs::write(root.join("a.json"), &item).unwrap();
    std::fs::write(root.join("b-copy.json"), &item).unwrap();
    let a = Archive::load(&[root.to_owned()]).unwrap();
    assert_eq!(a.releases.len(), 1);
    assert!(a.warnings.iter().any(|w| w.message.contains("kept once")));
    // A corrected version: one figure changed.
    let corrected = item.replace("Nearly a quarter of a million", "Nearly 300,000");
    assert_ne!(corrected, item);
    std::fs::write(root.join("c-corrected.json"), corrected).unwrap();
    let a = Archive::load(&[root.to_owned()]).unwrap();
    assert_eq!(a.releases.len(), 2);
    let (orig, corr) = (&a.releases[0], &a.releases[1]);
    assert_ne!(orig.id, corr.id);
    assert!(corr.id.starts_with(&orig.id));
    assert_eq!(corr.version_of.as_deref(), Some(orig.id.as_str()));
    assert_eq!(orig.version_of.as_deref(), Some(corr.id.as_str()));
    // Compare's word diff of the two shows the change, and only it.
    let changed: Vec<(&str, &str)> = word_diff(&orig.text, &corr.text)
        .into_iter()
        .filter(|op| op.kind != DiffKind::Equal)
        .map(|op| {
            (
                &orig.text[op.a_range.0..op.a_range.1],
                &corr.text[op.b_range.0..op.b_range.1],
            )
        })
        .collect();
    // A delete of the old words and an insert of the new, nothing else.
    assert_eq!(
        changed,
        [("a quarter of a million", ""), ("", "300,000")],
        "{changed:?}"
    );
}

#[test]
fn a_translation_sharing_a_govuk_content_id_is_linked() {
    // GOV.UK's English news story and its Urdu translation, one content_id between them.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(fixture("govuk-news-story-en.json"), root.join("en.json")).unwrap();
    std::fs::copy(fixture("govuk-news-story-ur.json"), root.join("ur.json")).unwrap();
    let a = Archive::load(&[root.to_owned()]).unwrap();
    assert_eq!(a.releases.len(), 2);
    let (en, ur) = (&a.releases[0], &a.releases[1]);
    assert_eq!(en.title, "Christmas 2016: Prime Minister's message");
    assert!(ur.title.starts_with("کرسمس 2016ء"), "{}", ur.title);
    assert_eq!(en.source_id, ur.source_id);
    assert_ne!(en.id, ur.id);
    assert_eq!(en.version_of.as_deref(), Some(ur.id.as_str()));
    assert_eq!(ur.version_of.as_deref(), Some(en.id.as_str()));
    // Read again with the files the other way round: the same ids.
    let moved = root.join("moved");
    std::fs::create_dir(&moved).unwrap();
    std::fs::rename(root.join("en.json"), moved.join("z-en.json")).unwrap();
    std::fs::rename(root.join("ur.json"), moved.join("a-ur.json")).unwrap();
    let b = Archive::load(&[moved]).unwrap();
    let mut ids: Vec<&str> = b.releases.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let mut before = vec![en.id.as_str(), ur.id.as_str()];
    before.sort_unstable();
    assert_eq!(ids, before);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::copy(fixture("govuk-speech.json"), root.join("sub/speech.json")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("sub/loop")).unwrap();
    let a = Archive::load(&[root]).unwrap();
    assert_eq!(a.releases.len(), 1);
    assert!(
        a.warnings.iter().any(|w| w.message.contains("loops back")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn a_folder_of_100000_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..100 {
        let sub = root.join(format!("d{i:03}"));
        std::fs::create_dir(&sub).unwrap();
        for j in 0..1000 {
            std::fs::write(sub.join(format!("{j}.csv")), "").unwrap();
        }
    }
    // Nothing to read: one clear error, counting what was skipped.
    let err = Archive::load(&[root.to_owned()]).unwrap_err().to_string();
    assert!(
        err.contains("100000 files that are not archives skipped"),
        "{err}"
    );
    std::fs::copy(fixture("govuk-speech.json"), root.join("d050/speech.json")).unwrap();
    let a = Archive::load(&[root.to_owned()]).unwrap();
    assert_eq!(a.releases.len(), 1);
}

/// A file named beside others that is not an archive (an image, here the README's
/// screenshot) is skipped with a warning naming it, as a folder's are counted: it had been
/// dropped without a word. Named alone it is an error. Seen failing before the fix.
#[test]
fn a_named_file_that_is_not_an_archive_is_skipped_with_a_warning() {
    let image = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshot.png");
    for paths in [vec![sample(), image.clone()], vec![image.clone(), sample()]] {
        let a = Archive::load(&paths).expect("the sample loads");
        assert_eq!(a.releases.len(), 10);
        let said: Vec<&str> = a.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(
            said.iter()
                .any(|m| m.contains("screenshot.png") && m.contains("skipped")),
            "{said:?}"
        );
    }
    assert!(Archive::load(&[image]).is_err());
}
