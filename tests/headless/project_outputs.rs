//! Where outputs go: never over an input; through links; straight into pipes and devices;
//! keeping a file's permissions; a full disk reported once and in words.
// Links, FIFOs, modes, /dev and process ids: Unix only.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn pressmark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// A project `work.ron` tagged on a copy of the sample `archive.txt`, in a new folder.
fn tagged() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    let archive = dir.path().join("archive.txt");
    std::fs::copy(sample, &archive).expect("copy");
    let project = dir.path().join("work.ron");
    let o = pressmark(&[
        "tag",
        &s(&project),
        "--archive",
        &s(&archive),
        "--match",
        "net migration",
        "--tag",
        "migration figure",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, project, archive)
}

#[test]
fn export_refuses_to_write_over_its_project_or_archive() {
    let (dir, project, archive) = tagged();
    let before = (
        std::fs::read(&project).unwrap(),
        std::fs::read(&archive).unwrap(),
    );
    // The same files by other names too: a link and a `..` path.
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&project, &link).unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let dotted = sub.join("../archive.txt");
    for (format, out) in [
        ("csv", &project),
        ("html", &archive),
        ("csv", &link),
        ("w3c", &dotted),
    ] {
        let o = pressmark(&["export", &s(&project), "--format", format, "--out", &s(out)]);
        assert!(!o.status.success(), "--out {} was accepted", out.display());
        assert!(
            stderr(&o).contains("refusing to write over it"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(
        std::fs::read(&project).unwrap(),
        before.0,
        "project untouched"
    );
    assert_eq!(
        std::fs::read(&archive).unwrap(),
        before.1,
        "archive untouched"
    );
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn merge_and_tag_refuse_an_output_that_is_an_input() {
    let (dir, project, archive) = tagged();
    let other = dir.path().join("other.ron");
    std::fs::copy(&project, &other).unwrap();
    let before = std::fs::read(&other).unwrap();
    for out in [&other, &archive] {
        let o = pressmark(&["merge", &s(&project), &s(&other), "--out", &s(out)]);
        assert!(!o.status.success(), "merge --out {}", out.display());
        assert!(
            stderr(&o).contains("refusing to write over it"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read(&other).unwrap(), before);
    // `tag ARCHIVE --archive ARCHIVE` would turn the archive into a project.
    let archive_before = std::fs::read(&archive).unwrap();
    let o = pressmark(&[
        "tag",
        &s(&archive),
        "--archive",
        &s(&archive),
        "--match",
        "net migration",
        "--tag",
        "x",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("both the project and the archive"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&archive).unwrap(), archive_before);
}

#[test]
fn a_symlinked_project_is_saved_through_to_its_target_keeping_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, project, archive) = tagged();
    std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("work.ron", &link).unwrap();
    let o = pressmark(&[
        "tag",
        &s(&link),
        "--archive",
        &s(&archive),
        "--match",
        "£400 million",
        "--tag",
        "funding total",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(
        text.contains("£400 million"),
        "the real file has the new claim"
    );
    let mode = std::fs::metadata(&project).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a private project stays private");
}

#[test]
fn an_export_to_a_link_writes_its_target_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, project, _archive) = tagged();
    let real = dir.path().join("report.csv");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("latest.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = pressmark(&[
        "export",
        &s(&project),
        "--format",
        "csv",
        "--out",
        &s(&link),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("net migration"));
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn an_export_into_a_fifo_goes_through_the_pipe() {
    let (dir, project, _archive) = tagged();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let mut reader = Command::new("cat")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .expect("cat runs");
    let o = pressmark(&[
        "export",
        &s(&project),
        "--format",
        "csv",
        "--out",
        &s(&fifo),
    ]);
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    if !o.status.success() || kind.is_file() {
        // The old behaviour: the pipe replaced by a file; `cat` would wait for ever.
        let _ = reader.kill();
    }
    let read = reader.wait_with_output().expect("cat ends");
    assert!(o.status.success(), "{}", stderr(&o));
    use std::os::unix::fs::FileTypeExt;
    assert!(kind.is_fifo(), "the FIFO is still a FIFO");
    let csv = String::from_utf8_lossy(&read.stdout);
    assert!(csv.contains("net migration"), "{csv}");
}

#[test]
fn export_to_dev_stdout_writes_to_the_pipe() {
    let (_dir, project, archive) = tagged();
    let o = pressmark(&[
        "export",
        &s(&project),
        "--format",
        "csv",
        "--out",
        "/dev/stdout",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("net migration"), "{out}");
    assert!(!out.contains("wrote "), "the summary goes to stderr: {out}");
    assert!(stderr(&o).contains("wrote /dev/stdout"));
    // A merge too: the merged project on stdout, the report on stderr.
    let o = pressmark(&[
        "merge",
        &s(&project),
        &s(&project),
        "--out",
        "/dev/stdout",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("(\n  format_version: 2,"), "{out}");
    assert!(stderr(&o).contains("\"conflicts\": 0"), "{}", stderr(&o));
    // A project is a file: `tag` refuses a device, and creates nothing in /dev.
    let o = pressmark(&[
        "tag",
        "/dev/stdout",
        "--archive",
        &s(&archive),
        "--match",
        "x",
        "--tag",
        "y",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    // /dev/stdout and /dev/null are still what they were.
    assert!(std::fs::symlink_metadata("/dev/stdout").is_ok_and(|m| !m.file_type().is_file()));
    let o = pressmark(&[
        "export",
        &s(&project),
        "--format",
        "html",
        "--out",
        "/dev/null",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

/// A 64 KiB tmpfs mounted for one test (root only); unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_is_reported_once_and_the_project_is_untouched() {
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("skipped: cannot mount a small tmpfs (needs root)");
        return;
    };
    let (_dir, _project, archive) = tagged();
    let small = disk.dir.path().join("work.ron");
    let tag = |pattern: &str, name: &str| {
        pressmark(&[
            "tag",
            &s(&small),
            "--archive",
            &s(&archive),
            "--match",
            pattern,
            "--tag",
            name,
        ])
    };
    let o = tag("net migration", "migration figure");
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(&small).unwrap();
    // Fill what is left of the disk.
    let filler = disk.dir.path().join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    use std::io::Write;
    while f.write_all(&[b'x'; 4096]).is_ok() {}
    let _ = f.write_all(b"x");
    drop(f);
    let o = tag("£400 million", "funding total");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.matches("No space left on device").count(), 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(
        std::fs::read(&small).unwrap(),
        before,
        "the project is untouched"
    );
    let left: Vec<String> = std::fs::read_dir(disk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn a_nul_in_a_path_is_printed_escaped() {
    let (_dir, project, _archive) = tagged();
    let text = std::fs::read_to_string(&project).unwrap().replacen(
        "path: \"archive.txt\"",
        "path: \"arch\\u{0}ive.txt\"",
        1,
    );
    std::fs::write(&project, text).unwrap();
    let o = pressmark(&["check", &s(&project)]);
    assert!(!o.status.success());
    assert!(!o.stderr.contains(&0), "a raw NUL byte was printed");
    assert!(stderr(&o).contains("arch\\0ive.txt"), "{}", stderr(&o));
}

/// `merge3 --out` names the archive, or BASE or THEIRS: refused, as `merge` refuses, and
/// nothing is written (it had written a project over the archive). OURS stays allowed: git's
/// merge driver writes the merge there. Seen failing before the fix.
#[test]
fn merge3_refuses_to_write_over_the_archive_or_base_or_theirs() {
    let (dir, project, archive) = tagged();
    let (base, theirs) = base_and_theirs(dir.path(), &project);
    let link = dir.path().join("archive-link.txt");
    std::os::unix::fs::symlink(&archive, &link).unwrap();
    let before: Vec<Vec<u8>> = [&archive, &base, &theirs]
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    for out in [&archive, &link, &base, &theirs] {
        let o = pressmark(&[
            "merge3",
            &s(&base),
            &s(&project),
            &s(&theirs),
            "--out",
            &s(out),
        ]);
        assert!(!o.status.success(), "merge3 --out {}", out.display());
        assert!(
            stderr(&o).contains("refusing to write over it"),
            "{}",
            stderr(&o)
        );
    }
    let after: Vec<Vec<u8>> = [&archive, &base, &theirs]
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert_eq!(after, before);
    let o = pressmark(&[
        "merge3",
        &s(&base),
        &s(&project),
        &s(&theirs),
        "--out",
        &s(&project),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `merge3 --out OURS` waits for the project's lock, as `tag` and the window's saves take it:
/// it had written without it, and a `tag` that saved while a long merge ran was lost when
/// the merge was written. Seen failing before the fix (the merge wrote at once).
#[test]
fn merge3_waits_for_the_projects_lock() {
    let (dir, project, _archive) = tagged();
    let (base, theirs) = base_and_theirs(dir.path(), &project);
    let held = pressmark::project::store::lock(&project).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .args([
            "merge3",
            &s(&base),
            &s(&project),
            &s(&theirs),
            "--out",
            &s(&project),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "merge3 did not wait");
    drop(held);
    assert!(child.wait().unwrap().success());
}

/// BASE and THEIRS for `merge3`: copies of `project` in `dir`.
fn base_and_theirs(dir: &Path, project: &Path) -> (PathBuf, PathBuf) {
    let base = dir.join("base.ron");
    let theirs = dir.join("theirs.ron");
    std::fs::copy(project, &base).unwrap();
    std::fs::copy(project, &theirs).unwrap();
    (base, theirs)
}
