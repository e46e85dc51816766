//! The project file: round trip, old versions, damaged and future files, atomic saves.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use pressmark::archive::Archive;
use pressmark::project::store::{self, StoreError};
use pressmark::project::{
    find_matches, tag_all_edit, ArchiveRef, ClaimId, Edit, Project, Status, TagId, FORMAT_VERSION,
};

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt")
}

fn sample_project() -> Project {
    let archive = Archive::load(&[sample_path()]).expect("sample loads");
    let mut p = Project::new(ArchiveRef::default(), "tester");
    let matches = find_matches(&archive, "net migration", false).expect("literal");
    let edit = tag_all_edit(&p, &archive, &matches, TagId(1), "from test", 1_700_000_000);
    edit.apply(&mut p).expect("tagging works");
    let edit = Edit::SetReleaseNote {
        release: archive.releases[0].id.clone(),
        note: "Student visas: ünïcode “quotes”".into(),
    };
    edit.apply(&mut p).expect("note");
    p
}

#[test]
fn round_trip_is_exact_and_deterministic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.ron");
    let p = sample_project();
    assert!(p.claims.len() >= 5);
    store::save(&p, &path).expect("save");
    let loaded = store::load(&path).expect("load");
    assert_eq!(loaded, p);
    let first = std::fs::read(&path).expect("read");
    store::save(&loaded, &path).expect("save again");
    assert_eq!(std::fs::read(&path).expect("read"), first);
    // No temporary files are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn loads_version_0() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/project/v0.ron");
    let p = store::load(&path).expect("old file loads");
    assert_eq!(p.format_version, FORMAT_VERSION);
    assert_eq!(
        p.codebook.tags().iter().map(|t| t.id.0).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let c1 = p.claim(ClaimId(1)).expect("claim 1");
    assert_eq!(c1.tags, vec![TagId(1)]);
    assert_eq!(c1.status, Status::Checked);
    assert_eq!(c1.anchor.exact, "500,000");
    assert_eq!(c1.anchor.prefix, "net migration was over ");
    let c2 = p.claim(ClaimId(2)).expect("claim 2");
    assert!(c2.tags.is_empty());
    assert_eq!(c2.status, Status::Unchecked);
    assert_eq!(p.release_notes.len(), 1);
    assert_eq!(
        p.archive.resolve(&path),
        path.parent()
            .expect("dir")
            .join("../../../assets/home-office-may-2023.txt")
    );
}

#[test]
fn damaged_file_reports_line_and_column_and_is_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.ron");
    store::save(&sample_project(), &path).expect("save");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text = text.replacen("release:", "release", 1);
    std::fs::write(&path, &text).expect("write");
    let err = store::load(&path).expect_err("damaged");
    assert!(
        matches!(err, StoreError::Parse { line, .. } if line > 1),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains("p.ron:"), "{message}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
}

#[test]
fn future_version_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.ron");
    store::save(&sample_project(), &path).expect("save");
    let text = std::fs::read_to_string(&path).expect("read").replacen(
        "format_version: 2,",
        "format_version: 7,",
        1,
    );
    std::fs::write(&path, &text).expect("write");
    let err = store::load(&path).expect_err("future");
    assert!(matches!(err, StoreError::TooNew { found: 7, .. }));
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn unknown_tag_is_refused() {
    let p = sample_project();
    let text = store::to_ron(&p).expect("ron").replacen(
        "tags: [\n        1,\n      ],",
        "tags: [\n        42,\n      ],",
        1,
    );
    let err = store::from_ron(&text, Path::new("x.ron")).expect_err("invalid");
    assert!(err.to_string().contains("tag 42"), "{err}");
}

/// A writer that fails after `left` bytes.
struct Failing<W> {
    inner: W,
    left: usize,
}

impl<W: Write> Write for Failing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::other("disk full (test)"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[test]
fn failing_writer_leaves_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.ron");
    store::save(&sample_project(), &path).expect("save");
    let before = std::fs::read(&path).expect("read");
    let err = store::write_atomic_with(&path, b"new content that is long enough", |f| Failing {
        inner: f,
        left: 5,
    })
    .expect_err("fails");
    assert!(err.to_string().contains("disk full"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn unwritable_folder_leaves_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.ron");
    store::save(&sample_project(), &path).expect("save");
    let before = std::fs::read(&path).expect("read");
    let mut changed = sample_project();
    changed.author = "someone else".into();
    // A folder that cannot hold the temporary file: a path through a regular file.
    let through_file = path.join("inner.ron");
    assert!(store::save(&changed, &through_file).is_err());
    assert_eq!(std::fs::read(&path).expect("read"), before);
    // A read-only folder (root may still write there; then the save simply succeeds).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |m| std::fs::Permissions::from_mode(m);
        std::fs::set_permissions(dir.path(), mode(0o555)).expect("chmod");
        let result = store::save(&changed, &path);
        std::fs::set_permissions(dir.path(), mode(0o755)).expect("chmod back");
        if result.is_err() {
            assert_eq!(std::fs::read(&path).expect("read"), before);
        }
    }
}

#[test]
fn recovery_path_is_next_to_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("claims.ron");
    let saved = store::save_recovery(&sample_project(), &path).expect("autosave");
    assert_eq!(saved, dir.path().join("claims.ron.recovery"));
    assert_eq!(store::recovery_path(&path), saved);
    assert!(store::load(&saved).is_ok());
}

#[test]
fn archive_ref_is_relative_with_hash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("data/a.txt");
    std::fs::create_dir_all(archive.parent().expect("parent")).expect("mkdir");
    std::fs::write(&archive, b"abc").expect("write");
    let project = dir.path().join("work/p.ron");
    let r = ArchiveRef::for_file(&project, &archive).expect("ref");
    assert_eq!(r.path, PathBuf::from("../data/a.txt"));
    assert_eq!(
        r.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert!(r.matches_file(&archive));
}

#[test]
fn archive_path_is_read_from_the_head_of_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A relative path, one with a quote and a backslash in its name, and an absolute one.
    for archive in [
        PathBuf::from("archives/home office.txt"),
        PathBuf::from("odd \"name\" \\ here.txt"),
        sample_path(),
    ] {
        let mut p = sample_project();
        p.archive = ArchiveRef {
            path: archive.clone(),
            sha256: String::new(),
            more: Vec::new(),
        };
        let path = dir.path().join("p.ron");
        store::save(&p, &path).expect("save");
        let full = store::load(&path).expect("load").archive.resolve(&path);
        assert_eq!(store::peek_archive_path(&path), Some(full.clone()));
        assert_eq!(full, p.archive.resolve(&path));
    }
    // Files that do not say, or not in the usual form: no guess.
    let bad = dir.path().join("bad.ron");
    for text in [
        &b"(format_version: 1, archive: (path: \"unterminated"[..],
        b"",
        b"\xff\xfe(",
        b"(codebook: [])",
    ] {
        std::fs::write(&bad, text).expect("write");
        assert_eq!(store::peek_archive_path(&bad), None);
    }
    assert_eq!(
        store::peek_archive_path(&dir.path().join("missing.ron")),
        None
    );
}

/// A file that is not a project at all (empty, an archive, a word) says so in words, not
/// in the parser's internal names ("Expected struct `Probe` but found `hello`" had been
/// shown). Seen failing before the fix.
#[test]
fn a_file_that_is_not_a_project_says_so_in_words() {
    let path = Path::new("work.ron");
    let sample = std::fs::read_to_string(sample_path()).unwrap();
    for (text, want) in [
        ("", "the file is empty"),
        ("  \n", "the file is empty"),
        ("hello", "not a Pressmark project"),
        (sample.as_str(), "not a Pressmark project"),
    ] {
        let message = store::from_ron(text, path).unwrap_err().to_string();
        assert!(message.contains(want), "{message}");
        assert!(!message.contains("Probe"), "{message}");
    }
}
