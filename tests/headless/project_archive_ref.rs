//! The project's reference to its archive: relative for a bare project name, never
//! re-pointed to another archive without being asked, re-anchored when the archive changed;
//! and archives with classic Mac line ends.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pressmark::project::store;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_bare_project_name_stores_a_relative_archive_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(sample(), dir.path().join("archive.txt")).expect("copy");
    for project in ["P.ron", "./Q.ron"] {
        let o = run_in(
            dir.path(),
            &[
                "tag",
                project,
                "--archive",
                "archive.txt",
                "--match",
                "750%",
                "--tag",
                "growth",
            ],
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        let p = store::load(&dir.path().join(project)).expect("loads");
        assert_eq!(p.archive.path, PathBuf::from("archive.txt"), "{project}");
    }
}

#[test]
fn tag_on_another_archive_is_refused_unless_repointed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(sample(), dir.path().join("a.txt")).expect("copy");
    std::fs::copy(sample(), dir.path().join("b.txt")).expect("copy");
    let tag = |archive: &str, extra: &[&str]| {
        let mut args = vec![
            "tag",
            "P.ron",
            "--archive",
            archive,
            "--match",
            "750%",
            "--tag",
            "x",
        ];
        args.extend_from_slice(extra);
        run_in(dir.path(), &args)
    };
    assert!(tag("a.txt", &[]).status.success());
    let before = std::fs::read(dir.path().join("P.ron")).expect("read");
    let o = tag("b.txt", &[]);
    assert!(!o.status.success(), "re-pointed without being asked");
    assert!(text(&o.stderr).contains("--repoint"), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read(dir.path().join("P.ron")).expect("read"),
        before
    );
    let o = tag("b.txt", &["--repoint"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("repointed to b.txt"),
        "{}",
        text(&o.stdout)
    );
    let p = store::load(&dir.path().join("P.ron")).expect("loads");
    assert_eq!(p.archive.path, PathBuf::from("b.txt"));
}

#[test]
fn tag_after_the_archive_changed_re_anchors_before_storing_the_new_hash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("a.txt");
    std::fs::copy(sample(), &archive).expect("copy");
    let o = run_in(
        dir.path(),
        &[
            "tag",
            "P.ron",
            "--archive",
            "a.txt",
            "--match",
            "£400 million",
            "--tag",
            "money",
        ],
    );
    assert!(o.status.success());
    // A paragraph inserted before the claim, as an editor would.
    let original = std::fs::read_to_string(&archive).expect("read");
    let at = original.find("£400 million").expect("in the sample");
    let para = original[..at].rfind("\n\n").expect("a paragraph break") + 2;
    let edited = format!(
        "{}A new first paragraph, inserted after the project was tagged.\n\n{}",
        &original[..para],
        &original[para..]
    );
    std::fs::write(&archive, edited).expect("write");
    let check = |dir: &Path| {
        let o = run_in(dir, &["check", "P.ron", "--json"]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("json")
    };
    let v = check(dir.path());
    assert_eq!(v["moved"], 1, "{v}");
    assert_eq!(v["archive_changed"], true, "{v}");

    // Tagging something else on the edited archive stores its hash...
    let o = run_in(
        dir.path(),
        &[
            "tag",
            "P.ron",
            "--archive",
            "a.txt",
            "--match",
            "750%",
            "--tag",
            "growth",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("re-anchored"),
        "{}",
        text(&o.stdout)
    );
    // ...and so must have moved the old claim: the archive is unchanged and nothing moved.
    let v = check(dir.path());
    assert_eq!(v["archive_changed"], false, "{v}");
    assert_eq!(v["moved"], 0, "{v}");
    assert_eq!(v["exact"], 2, "{v}");
}

#[test]
fn an_archive_with_classic_mac_line_ends_reads_like_the_original() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = std::fs::read_to_string(sample()).expect("read");
    let mac = dir.path().join("mac.txt");
    std::fs::write(&mac, original.replace("\r\n", "\n").replace('\n', "\r")).expect("write");
    let count = |path: &Path| {
        let o = run_in(dir.path(), &["inspect", &path.to_string_lossy(), "--json"]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        v["releases"].as_array().map(Vec::len).unwrap_or(0)
    };
    assert_eq!(count(&mac), count(&sample()));
    assert_eq!(count(&mac), 10);
}
