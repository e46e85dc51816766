//! Temporary files of saves: a killed save's leftovers are cleaned up by the next save (only
//! ours, only stale ones), and a long project name still saves.
// Links, FIFOs, modes, /dev and process ids: Unix only.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use pressmark::project::store;
use pressmark::project::{ArchiveRef, Project};

fn project() -> Project {
    Project::new(ArchiveRef::default(), "tester")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A process id that has ended (a child that ran `true` and was waited for).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("true runs");
    let pid = child.id();
    child.wait().expect("waits");
    pid
}

#[test]
fn a_killed_saves_temporary_file_goes_on_the_next_save_but_a_live_ones_stays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("work.ron");
    store::save(&project(), &path).expect("save");
    let dead = format!(".work.ron.{}-0.tmp", dead_pid());
    std::fs::write(dir.path().join(&dead), vec![b'('; 1 << 20]).expect("write");
    // A save in progress in another, running process.
    let mut live_process = Command::new("sleep")
        .arg("30")
        .stdout(Stdio::null())
        .spawn()
        .expect("sleep runs");
    let live = format!(".work.ron.{}-3.tmp", live_process.id());
    std::fs::write(dir.path().join(&live), b"(").expect("write");
    // Not ours: another file's temporary file, and a user's file that looks a bit like one.
    let others = [
        format!(".other.ron.{}-0.tmp", dead_pid()),
        "work.ron.1-0.tmp".to_owned(),
        ".work.ron.backup.tmp".to_owned(),
    ];
    for o in &others {
        std::fs::write(dir.path().join(o), b"keep").expect("write");
    }

    store::save(&project(), &path).expect("save");
    let left = names(dir.path());
    let _ = live_process.kill();
    let _ = live_process.wait();
    assert!(
        !left.contains(&dead),
        "the dead process's temporary file is gone: {left:?}"
    );
    assert!(left.contains(&live), "the live process's is kept: {left:?}");
    for o in &others {
        assert!(left.contains(o), "{o} is not ours and is kept: {left:?}");
    }
}

#[test]
fn a_sigkilled_tag_run_leaves_nothing_after_the_next_save() {
    // A project big enough that a save takes a moment: every word "the" tagged.
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    let archive = dir.path().join("archive.txt");
    std::fs::copy(sample, &archive).expect("copy");
    let project = dir.path().join("work.ron");
    let tag = |tag: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_pressmark"));
        c.arg("tag")
            .arg(&project)
            .arg("--archive")
            .arg(&archive)
            .args(["--match", r"\b\w+\b", "--regex", "--tag", tag])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    assert!(tag("word").status().expect("runs").success());
    let temps = |dir: &Path| {
        names(dir)
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .collect::<Vec<_>>()
    };
    // Kill runs part-way until one is caught mid-save (its temporary file left behind).
    let mut caught = false;
    for attempt in 0..60u64 {
        let mut child = tag(&format!("k{attempt}")).spawn().expect("runs");
        let mut waited = 0;
        while temps(dir.path()).is_empty() && waited < 4000 {
            if child.try_wait().expect("try_wait").is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
            waited += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        if !temps(dir.path()).is_empty() {
            caught = true;
            break;
        }
    }
    if !caught {
        eprintln!("skipped: no run was killed during its save in 60 attempts");
        return;
    }
    // The next save cleans up; the project is whole.
    assert!(tag("after").status().expect("runs").success());
    assert_eq!(temps(dir.path()), Vec::<String>::new());
    assert!(store::load(&project).is_ok());
}

#[test]
fn a_250_byte_project_name_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name: String = format!("{}.ron", "é".repeat(123));
    assert_eq!(name.len(), 250);
    let path: PathBuf = dir.path().join(&name);
    store::save(&project(), &path).expect("a long name saves");
    store::save(&project(), &path).expect("and saves again");
    // Under the lock too (its `.NAME.lock` name is shortened the same way).
    let (p, stamp) = store::load_stamped(&path).expect("loads");
    store::save_checked(&p, &path, Some(&stamp)).expect("a checked save");
    assert_eq!(
        names(dir.path())
            .iter()
            .filter(|n| n.ends_with(".tmp"))
            .count(),
        0
    );
    assert!(store::load(&path).is_ok());
}

#[test]
fn a_250_byte_project_name_is_autosaved_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name: String = format!("{}.ron", "é".repeat(123));
    let path: PathBuf = dir.path().join(&name);
    let saved = store::save_recovery(&project(), &path).expect("the recovery file saves");
    assert_eq!(saved, store::recovery_path(&path));
    assert!(store::load(&saved).is_ok());
    // Another long name gets another recovery file.
    let other = dir.path().join(format!("{}.ron", "é".repeat(122) + "x"));
    assert_ne!(store::recovery_path(&other), saved);
}
