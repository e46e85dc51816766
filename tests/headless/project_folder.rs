//! Projects whose archive is a folder of mixed formats (issue 11, "Positions and projects"),
//! through the built binary: tag claims in every format, then add, remove and edit files and
//! `check`; bundle the project and open it elsewhere with the folder moved away; merge two
//! analysts' projects on the folder and measure their agreement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pressmark::archive::Archive;
use pressmark::project::store;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Runs the binary in `dir`, with its own cache folder (bundles are opened into it).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .current_dir(dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "stderr: {}\nstdout: {}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(o)).expect("JSON")
}

/// Each file's phrase to tag and the tag it gets: a tag page, GOV.UK JSON, a saved page and
/// an RSS feed (in a sub-folder).
const PHRASES: [(&str, &str, &str); 4] = [
    ("home-office.txt", "£400 million", "money"),
    ("govuk.json", "83% of 40 to 60 year olds", "health"),
    ("page.html", "common sense gun safety laws", "guns"),
    ("feeds/nasa.xml", "several tons of supplies", "space"),
];

/// `dir/archive/` holding the four files of [`PHRASES`].
fn make_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("archive");
    std::fs::create_dir_all(folder.join("feeds")).expect("mkdir");
    for (name, source) in [
        ("home-office.txt", "assets/home-office-may-2023.txt"),
        (
            "govuk.json",
            "tests/fixtures/formats/govuk-press-release.json",
        ),
        ("page.html", "tests/fixtures/formats/page-bbc-news.html"),
        ("feeds/nasa.xml", "tests/fixtures/formats/rss2-nasa.xml"),
    ] {
        std::fs::copy(fixture(source), folder.join(name)).expect("copy");
    }
    folder
}

/// Tags every phrase of [`PHRASES`] in project `name` on `archive` (a path as typed).
fn tag_all(dir: &Path, name: &str, archive: &str) {
    for (_, phrase, tag) in PHRASES {
        let out = ok(&run_in(
            dir,
            &[
                "tag",
                name,
                "--archive",
                archive,
                "--match",
                phrase,
                "--tag",
                tag,
            ],
        ));
        assert!(out.starts_with("added 1 claim "), "{phrase}: {out}");
    }
}

/// Claim id to its quote, from the project file.
fn quotes(project: &Path) -> BTreeMap<u64, String> {
    let p = store::load(project).expect("project loads");
    p.claims
        .values()
        .map(|c| (c.id.0, c.anchor.exact.clone()))
        .collect()
}

/// `check --json`'s status of each quote.
fn statuses(dir: &Path, project: &str) -> (BTreeMap<String, String>, serde_json::Value) {
    let v = json(&run_in(dir, &["check", project, "--json"]));
    let by_id = quotes(&dir.join(project));
    let mut out = BTreeMap::new();
    for c in v["claims"].as_array().expect("claims") {
        let id = c["id"].as_u64().expect("id");
        let quote = by_id.get(&id).expect("a claim of the project").clone();
        out.insert(quote, c["status"].as_str().expect("status").to_owned());
    }
    (out, v)
}

#[test]
fn tag_then_add_remove_and_edit_files_then_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = make_folder(dir.path());
    tag_all(dir.path(), "P.ron", "archive");
    let p = store::load(&dir.path().join("P.ron")).expect("loads");
    assert_eq!(p.archive.path, PathBuf::from("archive"));
    assert_eq!(p.claims.len(), 4);

    let (before, v) = statuses(dir.path(), "P.ron");
    assert_eq!(v["archive_changed"], false, "{v}");
    assert!(before.values().all(|s| s == "exact"), "{before:?}");

    // Added: a Markdown file. Removed: the saved page. Edited: a paragraph inserted before
    // the GOV.UK claim, inside the JSON's HTML body.
    std::fs::copy(
        fixture("tests/fixtures/formats/md-digitalgov-autopen.md"),
        folder.join("autopen.md"),
    )
    .expect("copy");
    std::fs::remove_file(folder.join("page.html")).expect("remove");
    let json_path = folder.join("govuk.json");
    let text = std::fs::read_to_string(&json_path).expect("read");
    assert!(text.contains("<p>Eight out of 10"));
    let edited = text.replacen(
        "<p>Eight out of 10",
        "<p>A paragraph written after the project was tagged.</p><p>Eight out of 10",
        1,
    );
    std::fs::write(&json_path, edited).expect("write");

    let (after, v) = statuses(dir.path(), "P.ron");
    assert_eq!(v["archive_changed"], true, "{v}");
    assert_eq!(after["£400 million"], "exact", "{after:?}");
    assert_eq!(after["several tons of supplies"], "exact", "{after:?}");
    assert_eq!(after["83% of 40 to 60 year olds"], "moved", "{after:?}");
    assert_eq!(
        after["common sense gun safety laws"], "orphaned",
        "{after:?}"
    );
    assert_eq!(
        (
            v["exact"].as_u64(),
            v["moved"].as_u64(),
            v["orphaned"].as_u64()
        ),
        (Some(2), Some(1), Some(1)),
        "{v}"
    );

    // Tagging in the new file re-anchors the others first, then records the folder as now.
    let out = ok(&run_in(
        dir.path(),
        &[
            "tag",
            "P.ron",
            "--archive",
            "archive",
            "--match",
            "Federal Register",
            "--tag",
            "rules",
        ],
    ));
    assert!(out.contains("re-anchored"), "{out}");
    let (now, v) = statuses(dir.path(), "P.ron");
    assert_eq!(v["archive_changed"], false, "{v}");
    assert_eq!(now["83% of 40 to 60 year olds"], "exact", "{now:?}");
    // The orphan is kept, never dropped or moved onto other words.
    assert_eq!(now["common sense gun safety laws"], "orphaned", "{now:?}");
    assert!(now.contains_key("Federal Register"), "{now:?}");
}

/// The relative path of every archive file under `folder`, sorted.
fn relative_files(folder: &Path) -> Vec<String> {
    let mut out: Vec<String> = pressmark::archive::files_in(folder)
        .expect("files")
        .iter()
        .map(|f| {
            f.strip_prefix(folder)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_bundle_carries_every_file_of_the_folder_and_opens_with_the_folder_gone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = make_folder(dir.path());
    // A file that is not an archive stays out of the bundle, as it stays out of the archive.
    std::fs::write(folder.join("logo.png"), b"\x89PNG\r\n\x1a\n").expect("write");
    tag_all(dir.path(), "P.ron", "archive");
    let files = relative_files(&folder);
    assert_eq!(files.len(), 4, "{files:?}");
    let out = ok(&run_in(
        dir.path(),
        &[
            "export",
            "P.ron",
            "--format",
            "bundle",
            "--out",
            "shared.zip",
        ],
    ));
    assert!(out.contains("4 claims"), "{out}");

    // The colleague has the bundle alone: the folder and the project are moved away.
    std::fs::rename(&folder, dir.path().join("gone")).expect("move");
    std::fs::rename(dir.path().join("P.ron"), dir.path().join("gone.ron")).expect("move");
    let into = dir.path().join("opened");
    let (project, archive_path) =
        pressmark::export::open_bundle(&dir.path().join("shared.zip"), &into).expect("opens");
    assert!(
        archive_path.starts_with(&into),
        "{}",
        archive_path.display()
    );
    assert!(archive_path.is_dir(), "{}", archive_path.display());
    assert_eq!(relative_files(&archive_path), files);
    for name in &files {
        assert_eq!(
            std::fs::read(archive_path.join(name)).expect("extracted"),
            std::fs::read(dir.path().join("gone").join(name)).expect("original"),
            "{name}"
        );
    }
    // Every claim stands on its words in the extracted folder.
    let archive = Archive::load(std::slice::from_ref(&archive_path)).expect("loads");
    assert_eq!(project.claims.len(), 4);
    for c in project.claims.values() {
        let r = archive.release(&c.release).expect("the claim's release");
        assert_eq!(
            &r.text[c.anchor.start..c.anchor.end],
            c.anchor.exact,
            "{}",
            c.anchor.exact
        );
    }
    assert!(project.archive.matches_file(&archive_path));

    // The command line opens the bundle too: every claim exact, the archive unchanged.
    let (statuses, v) = {
        let v = json(&run_in(dir.path(), &["check", "shared.zip", "--json"]));
        let all: Vec<String> = v["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .map(|c| c["status"].as_str().expect("status").to_owned())
            .collect();
        (all, v)
    };
    assert_eq!(statuses, vec!["exact"; 4], "{v}");
    assert_eq!(v["archive_changed"], false, "{v}");
}

#[test]
fn merge_and_agree_on_two_analysts_projects_on_one_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    make_folder(dir.path());
    // Ana tags all four; Ben tags two of the same words and one of his own.
    tag_all(dir.path(), "ana.ron", "archive");
    for (phrase, tag) in [
        ("£400 million", "money"),
        ("several tons of supplies", "space"),
        ("common sense gun safety laws", "politics"),
    ] {
        ok(&run_in(
            dir.path(),
            &[
                "tag",
                "ben.ron",
                "--archive",
                "archive",
                "--match",
                phrase,
                "--tag",
                tag,
            ],
        ));
    }
    let v = json(&run_in(
        dir.path(),
        &[
            "merge",
            "ana.ron",
            "ben.ron",
            "--out",
            "merged.ron",
            "--json",
        ],
    ));
    // Ben's money and space claims are Ana's (same words, same tag); his politics tag is new.
    assert_eq!(v["conflicts"], 0, "{v}");
    assert_eq!(v["tags_added"], 1, "{v}");
    let merged = store::load(&dir.path().join("merged.ron")).expect("loads");
    assert_eq!(merged.archive.path, PathBuf::from("archive"));
    assert_eq!(
        merged.archive.sha256,
        store::load(&dir.path().join("ana.ron"))
            .expect("loads")
            .archive
            .sha256
    );
    let (statuses, v) = statuses(dir.path(), "merged.ron");
    assert_eq!(v["archive_changed"], false, "{v}");
    assert!(statuses.values().all(|s| s == "exact"), "{statuses:?}");
    assert!(
        statuses.contains_key("common sense gun safety laws"),
        "{statuses:?}"
    );

    let v = json(&run_in(
        dir.path(),
        &["agree", "ana.ron", "ben.ron", "--json"],
    ));
    let tag = |name: &str| {
        v["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .find(|t| t["tag"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no tag {name} in {v}"))
    };
    // Both tagged the same words as money and as space: full agreement on those tags.
    assert_eq!(tag("money")["agreement"], 100.0, "{v}");
    assert_eq!(tag("space")["kappa"], 1.0, "{v}");
    // Health was Ana's alone: they disagree on the words she tagged.
    let health = tag("health");
    assert_eq!(health["b_chars"], 0, "{v}");
    assert!(health["a_chars"].as_u64() > Some(0), "{v}");
    assert!(
        v["disagreements"].as_array().is_some_and(|d| !d.is_empty()),
        "{v}"
    );
}

/// `dir/a/govuk.json`, `dir/b/page.html` and `dir/b/sub/nasa.xml`: three files in two
/// folders, as typed after `--archive`.
fn make_files(dir: &Path) -> [&'static str; 3] {
    let files = ["a/govuk.json", "b/page.html", "b/sub/nasa.xml"];
    for (name, source) in files.iter().zip([
        "tests/fixtures/formats/govuk-press-release.json",
        "tests/fixtures/formats/page-bbc-news.html",
        "tests/fixtures/formats/rss2-nasa.xml",
    ]) {
        let to = dir.join(name);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(fixture(source), to).expect("copy");
    }
    files
}

fn tag_files(dir: &Path, project: &str, files: &[&str], phrase: &str, tag: &str) -> String {
    let mut args = vec!["tag", project];
    for f in files {
        args.extend(["--archive", f]);
    }
    args.extend(["--match", phrase, "--tag", tag]);
    ok(&run_in(dir, &args))
}

#[test]
fn a_project_on_several_files_tags_checks_bundles_and_merges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = make_files(dir.path());
    for (_, phrase, tag) in &PHRASES[1..] {
        let out = tag_files(dir.path(), "P.ron", &files, phrase, tag);
        assert!(out.starts_with("added 1 claim "), "{phrase}: {out}");
    }
    let p = store::load(&dir.path().join("P.ron")).expect("loads");
    assert_eq!(p.archive.path, PathBuf::from("a/govuk.json"));
    assert_eq!(
        p.archive.more,
        vec![
            PathBuf::from("b/page.html"),
            PathBuf::from("b/sub/nasa.xml")
        ]
    );
    // A Pressmark that knows one archive path must not open it on the first file alone.
    let text = std::fs::read_to_string(dir.path().join("P.ron")).expect("read");
    assert!(text.starts_with("(\n  format_version: 3,"), "{text}");
    let (statuses_now, v) = statuses(dir.path(), "P.ron");
    assert_eq!(v["archive_changed"], false, "{v}");
    assert!(
        statuses_now.values().all(|s| s == "exact"),
        "{statuses_now:?}"
    );

    // The same files in another order, or fewer of them, are another archive.
    let o = run_in(
        dir.path(),
        &[
            "tag",
            "P.ron",
            "--archive",
            files[0],
            "--match",
            "Obama",
            "--tag",
            "x",
        ],
    );
    assert!(
        !o.status.success(),
        "re-pointed to one file without being asked"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("--repoint"));

    // Edited: a paragraph before the GOV.UK claim.
    let json_path = dir.path().join(files[0]);
    let text = std::fs::read_to_string(&json_path).expect("read");
    std::fs::write(
        &json_path,
        text.replacen(
            "<p>Eight out of 10",
            "<p>A paragraph written after the project was tagged.</p><p>Eight out of 10",
            1,
        ),
    )
    .expect("write");
    let (edited, v) = statuses(dir.path(), "P.ron");
    assert_eq!(v["archive_changed"], true, "{v}");
    assert_eq!(edited["83% of 40 to 60 year olds"], "moved", "{edited:?}");
    assert_eq!(edited["several tons of supplies"], "exact", "{edited:?}");

    // A bundle holds the three files; opened with the originals gone, every claim is in place.
    ok(&run_in(
        dir.path(),
        &[
            "export",
            "P.ron",
            "--format",
            "bundle",
            "--out",
            "shared.zip",
        ],
    ));
    std::fs::rename(dir.path().join("a"), dir.path().join("gone-a")).expect("move");
    std::fs::rename(dir.path().join("b"), dir.path().join("gone-b")).expect("move");
    let into = dir.path().join("opened");
    let (project, paths) =
        pressmark::export::open_bundle_all(&dir.path().join("shared.zip"), &into).expect("opens");
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(&into).expect("inside").display().to_string())
        .collect();
    assert_eq!(names, ["govuk.json", "page.html", "nasa.xml"]);
    for (path, original) in paths.iter().zip([
        "gone-a/govuk.json",
        "gone-b/page.html",
        "gone-b/sub/nasa.xml",
    ]) {
        assert_eq!(
            std::fs::read(path).expect("extracted"),
            std::fs::read(dir.path().join(original)).expect("original")
        );
    }
    let archive = Archive::load(&paths).expect("loads");
    for c in project.claims.values() {
        let r = archive.release(&c.release).expect("the claim's release");
        assert_eq!(&r.text[c.anchor.start..c.anchor.end], c.anchor.exact);
    }
    assert!(project.archive.matches_files(&paths));
    let v = json(&run_in(dir.path(), &["check", "shared.zip", "--json"]));
    assert_eq!(v["exact"], 3, "{v}");
    assert_eq!(v["archive_changed"], false, "{v}");

    // Two analysts merge from their bundles: the merged project names all three files.
    let colleague = dir.path().join("colleague");
    std::fs::create_dir_all(&colleague).expect("mkdir");
    let files = make_files(&colleague);
    // The colleague has the files as they are now (the edited one too).
    std::fs::copy(
        dir.path().join("gone-a/govuk.json"),
        colleague.join(files[0]),
    )
    .expect("copy");
    tag_files(&colleague, "ben.ron", &files, "Obama", "people");
    let v = json(&run_in(
        &colleague,
        &[
            "merge",
            "ben.ron",
            "../shared.zip",
            "--out",
            "merged.ron",
            "--json",
        ],
    ));
    assert_eq!(v["added"], 3, "{v}");
    let merged = store::load(&colleague.join("merged.ron")).expect("loads");
    assert_eq!(merged.archive.more.len(), 2);
    let (statuses_merged, v) = statuses(&colleague, "merged.ron");
    assert_eq!(v["archive_changed"], false, "{v}");
    assert!(
        statuses_merged.values().all(|s| s == "exact"),
        "{statuses_merged:?}"
    );
    for quote in [
        "Obama",
        "83% of 40 to 60 year olds",
        "common sense gun safety laws",
        "several tons of supplies",
    ] {
        assert!(statuses_merged.contains_key(quote), "{statuses_merged:?}");
    }
    let v = json(&run_in(
        &colleague,
        &["agree", "ben.ron", "../shared.zip", "--json"],
    ));
    assert!(v["tags"].as_array().is_some_and(|t| !t.is_empty()), "{v}");
}

#[test]
fn check_on_several_files_with_one_removed_reports_its_claims_orphaned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = make_files(dir.path());
    for (_, phrase, tag) in &PHRASES[1..] {
        tag_files(dir.path(), "P.ron", &files, phrase, tag);
    }
    std::fs::remove_file(dir.path().join(files[1])).expect("remove");
    let o = run_in(dir.path(), &["check", "P.ron", "--json"]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let (now, v) = statuses(dir.path(), "P.ron");
    assert_eq!(v["archive_changed"], true, "{v}");
    assert_eq!(now["common sense gun safety laws"], "orphaned", "{now:?}");
    assert_eq!(now["83% of 40 to 60 year olds"], "exact", "{now:?}");
    assert_eq!(now["several tons of supplies"], "exact", "{now:?}");
    assert!(
        stderr.contains("b/page.html") && stderr.contains("missing"),
        "{stderr}"
    );
}

#[test]
fn two_files_of_one_name_keep_apart_in_a_bundle() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, source) in [
        (
            "a/release.json",
            "tests/fixtures/formats/govuk-press-release.json",
        ),
        ("b/release.json", "tests/fixtures/formats/govuk-speech.json"),
    ] {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(fixture(source), to).expect("copy");
    }
    let files = ["a/release.json", "b/release.json"];
    tag_files(
        dir.path(),
        "P.ron",
        &files,
        "83% of 40 to 60 year olds",
        "health",
    );
    tag_files(dir.path(), "P.ron", &files, "Andrea Leadsom", "people");
    ok(&run_in(
        dir.path(),
        &[
            "export",
            "P.ron",
            "--format",
            "bundle",
            "--out",
            "shared.zip",
        ],
    ));
    let into = dir.path().join("opened");
    let (project, paths) =
        pressmark::export::open_bundle_all(&dir.path().join("shared.zip"), &into).expect("opens");
    assert_eq!(
        paths,
        [into.join("release.json"), into.join("2-release.json")]
    );
    for (path, original) in paths.iter().zip(files) {
        assert_eq!(
            std::fs::read(path).expect("extracted"),
            std::fs::read(dir.path().join(original)).expect("original")
        );
    }
    assert!(project.claims.len() >= 2);
    let v = json(&run_in(dir.path(), &["check", "shared.zip", "--json"]));
    assert_eq!(v["orphaned"], 0, "{v}");
    assert_eq!(v["archive_changed"], false, "{v}");
}
