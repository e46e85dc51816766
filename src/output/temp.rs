//! The temporary files of atomic writes: their names, and removing the ones a killed
//! process left behind.
//!
//! A temporary file is `.NAME.PID-N.tmp` beside `NAME`; a long `NAME` is shortened to its
//! first 64 bytes and a hash, so that the temporary name stays within the 255 bytes most file
//! systems allow. Only names of exactly this form, for this `NAME`, are ever removed.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// Names longer than this (in bytes) are shortened in temporary and lock file names.
const LONG_NAME: usize = 100;

/// A temporary file whose process cannot be asked is stale after this long.
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// `name`, or for a long one its first 64 bytes and a hash of the whole.
pub fn stem(name: &str) -> String {
    if name.len() <= LONG_NAME {
        return name.to_owned();
    }
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(name.as_bytes());
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let mut cut = 64;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}~{hex}", &name[..cut])
}

/// The temporary file's name for writing `name` as process `pid`, the `n`th time.
pub fn temp_name(name: &str, pid: u32, n: u64) -> String {
    format!(".{}.{pid}-{n}.tmp", stem(name))
}

/// The process id in `entry` if it is one of our temporary files for `name`.
fn temp_pid(entry: &str, name: &str) -> Option<u32> {
    let rest = entry
        .strip_prefix('.')?
        .strip_prefix(stem(name).as_str())?
        .strip_prefix('.')?
        .strip_suffix(".tmp")?;
    let (pid, n) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n)).then(|| pid.parse().ok())?
}

/// True if process `pid` is running on this machine (`None`: cannot tell here).
fn alive(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else {
        None
    }
}

/// Removes the temporary files for `name` in `dir` that no running process is writing:
/// those of a process that has gone (where the system can say) or older than an hour.
/// Our own process's are left alone. Returns how many were removed.
pub fn remove_stale(dir: &Path, name: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|e| temp_pid(e, name)) else {
            continue;
        };
        if pid == me {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE_AFTER);
        let stale = old || alive(pid) == Some(false);
        // Only plain files: never follow a link someone put there.
        let plain = entry.file_type().is_ok_and(|t| t.is_file());
        if stale && plain && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_stay_short() {
        let long = "é".repeat(125);
        assert_eq!(long.len(), 250);
        for name in ["p.ron", "work.pressmark.ron", long.as_str()] {
            let t = temp_name(name, 4242, 17);
            assert!(t.len() < 140, "{t}");
            assert_eq!(temp_pid(&t, name), Some(4242));
        }
        assert_eq!(temp_name("p.ron", 1, 2), ".p.ron.1-2.tmp");
    }

    #[test]
    fn other_names_are_not_ours() {
        for entry in [
            ".p.ron.12-3.tmp.bak",
            ".p.ron.12.tmp",
            ".p.ron.x-3.tmp",
            ".q.ron.12-3.tmp",
            "p.ron.12-3.tmp",
            ".p.ron.lock",
            ".p.ron.-3.tmp",
        ] {
            assert_eq!(temp_pid(entry, "p.ron"), None, "{entry}");
        }
        // Another project whose name starts like ours.
        assert_eq!(temp_pid(".p.ron.old.12-3.tmp", "p.ron"), None);
    }
}
