//! The archive's SHA-256, kept in the cache folder beside its cache so that a reopening reads
//! it instead of hashing every byte again (541 MB took ~40% of a reopening's CPU).
//!
//! Keyed like the cache (each archive file's path, size and modification time, see [`Key`]):
//! a file changed, added or removed gives another key and the digest is computed again. The
//! entry carries a checksum; a damaged or foreign one is computed again, never trusted. As
//! git does for "racily clean" files, a digest is not stored while a file was modified in
//! the last seconds, since a same-size edit within the file system's timestamp granularity
//! would keep the key.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::codec::{checksum, Reader, Writer};
use super::Key;

const MAGIC: &[u8; 8] = b"PMDIGEST";

/// How recently modified a file may be for its digest to be stored.
const SETTLED: Duration = Duration::from_secs(2);

/// The digest of the archive of `paths`: the stored one if its key matches, else `compute()`
/// (stored for next time). Without a cache folder, `compute()`.
pub fn stored_or(
    paths: &[PathBuf],
    compute: impl FnOnce() -> io::Result<String>,
) -> io::Result<String> {
    match super::dir() {
        Some(dir) => stored_or_in(&dir, paths, compute),
        None => compute(),
    }
}

/// [`stored_or`] with the cache folder given (tests).
pub fn stored_or_in(
    dir: &Path,
    paths: &[PathBuf],
    compute: impl FnOnce() -> io::Result<String>,
) -> io::Result<String> {
    // The key is taken before hashing: a file changed meanwhile gives another key next time.
    let Ok(key) = Key::of(paths) else {
        return compute();
    };
    let file = dir.join(file_name(&key));
    if let Some(digest) = std::fs::read(&file).ok().and_then(|b| decode(&b, &key)) {
        return Ok(digest);
    }
    let settled = settled_before(paths, SystemTime::now());
    let digest = compute()?;
    if settled {
        // A digest that cannot be stored is computed again next time; nothing else is lost.
        let _ = std::fs::create_dir_all(dir)
            .and_then(|()| crate::output::write_atomic(&file, &encode(&key, &digest)));
    }
    Ok(digest)
}

/// The digest file's name: the cache file's, with its own extension.
fn file_name(key: &Key) -> String {
    let stem = key.name.strip_suffix(".pmcache").unwrap_or(&key.name);
    format!("{stem}.{}", super::DIGEST_EXTENSION)
}

/// True if every archive file of `paths` was last modified at least [`SETTLED`] before `now`.
fn settled_before(paths: &[PathBuf], now: SystemTime) -> bool {
    let Ok(files) = crate::archive::Archive::input_files(paths) else {
        return false;
    };
    files.iter().all(|f| {
        std::fs::metadata(f)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= SETTLED)
    })
}

fn encode(key: &Key, digest: &str) -> Vec<u8> {
    let mut w = Writer::default();
    w.out.extend_from_slice(MAGIC);
    w.bytes(&key.bytes);
    w.str(digest);
    let sum = checksum(&w.out);
    w.u64(sum);
    w.out
}

/// The stored digest if `bytes` are whole, ours and for `key`.
fn decode(bytes: &[u8], key: &Key) -> Option<String> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if Reader::new(sum).u64().ok()? != checksum(body) {
        return None;
    }
    let mut r = Reader::new(body);
    if r.take(MAGIC.len()).ok()? != MAGIC || r.bytes().ok()? != key.bytes.as_slice() {
        return None;
    }
    let digest = r.string().ok()?;
    let hex = digest.len() == 64
        && digest
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (hex && r.at_end()).then_some(digest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::fs::{File, FileTimes};

    const SAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/home-office-may-2023.txt"
    );

    /// Sets a file's modification time `secs` seconds back (settled, and distinct per call).
    fn age(path: &Path, secs: u64) {
        let t = SystemTime::now() - Duration::from_secs(secs);
        let f = File::options().write(true).open(path).expect("open");
        f.set_times(FileTimes::new().set_modified(t))
            .expect("times");
    }

    /// `stored_or_in` with a counting hasher: the digest, and whether it was computed.
    fn digest(dir: &Path, paths: &[PathBuf]) -> (String, bool) {
        let computed = Cell::new(false);
        let d = stored_or_in(dir, paths, || {
            computed.set(true);
            crate::project::archive_ref::archive_digest_all(paths)
        })
        .expect("digest");
        (d, computed.get())
    }

    #[test]
    fn a_stored_digest_is_used_while_the_key_matches_and_recomputed_when_not() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let file = tmp.path().join("a.txt");
        std::fs::copy(SAMPLE, &file).expect("copy");
        age(&file, 60);
        let paths = vec![file.clone()];
        let truth = crate::project::store::sha256_file(&file).expect("sha");

        assert_eq!(digest(&cache, &paths), (truth.clone(), true));
        assert_eq!(digest(&cache, &paths), (truth.clone(), false), "stored");

        // Same size, other bytes, other modification time: recomputed.
        let mut bytes = std::fs::read(&file).expect("read");
        bytes[0] ^= 0x20;
        std::fs::write(&file, &bytes).expect("write");
        age(&file, 50);
        let edited = crate::project::store::sha256_file(&file).expect("sha");
        assert_ne!(edited, truth);
        assert_eq!(digest(&cache, &paths), (edited.clone(), true));
        assert_eq!(digest(&cache, &paths), (edited.clone(), false));

        // Other size, same modification time: recomputed.
        bytes.push(b'\n');
        std::fs::write(&file, &bytes).expect("write");
        age(&file, 50);
        let longer = crate::project::store::sha256_file(&file).expect("sha");
        assert_eq!(digest(&cache, &paths), (longer.clone(), true));

        // A file modified just now: its digest is computed and not stored.
        std::fs::write(&file, b"Title: x\n").expect("write");
        let fresh = crate::project::store::sha256_file(&file).expect("sha");
        assert_eq!(digest(&cache, &paths), (fresh.clone(), true));
        assert_eq!(digest(&cache, &paths), (fresh, true), "not yet settled");
    }

    #[test]
    fn a_damaged_or_foreign_entry_is_recomputed_never_trusted() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let file = tmp.path().join("a.txt");
        std::fs::copy(SAMPLE, &file).expect("copy");
        age(&file, 60);
        let paths = vec![file.clone()];
        let (truth, _) = digest(&cache, &paths);
        let key = Key::of(&paths).expect("key");
        let entry = cache.join(file_name(&key));
        let good = std::fs::read(&entry).expect("stored");

        // A wrong digest under a matching checksum is what a bug would write; a flipped byte,
        // a truncated file, an empty one and another archive's entry are what a disk gives.
        let mut flipped = good.clone();
        let at = flipped.len() - 20;
        flipped[at] ^= 1;
        let other = tmp.path().join("b.txt");
        std::fs::write(&other, b"Title: other\n").expect("write");
        age(&other, 60);
        let foreign = encode(&Key::of(&[other]).expect("key"), &truth.replace('a', "b"));
        for bad in [
            flipped,
            good[..good.len() - 3].to_vec(),
            Vec::new(),
            foreign,
        ] {
            std::fs::write(&entry, &bad).expect("damage");
            assert_eq!(digest(&cache, &paths), (truth.clone(), true));
            assert_eq!(std::fs::read(&entry).expect("rewritten"), good);
        }
    }

    #[test]
    fn a_folder_and_several_paths_are_keyed_over_all_their_files() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let folder = tmp.path().join("folder");
        std::fs::create_dir_all(&folder).expect("mkdir");
        let one = folder.join("one.txt");
        std::fs::copy(SAMPLE, &one).expect("copy");
        age(&one, 60);
        let paths = vec![folder.clone()];
        let (first, _) = digest(&cache, &paths);
        assert_eq!(digest(&cache, &paths), (first.clone(), false));

        // A file added to the folder: another key.
        let two = folder.join("two.txt");
        std::fs::write(&two, b"Title: two\n").expect("write");
        age(&two, 60);
        let (added, computed) = digest(&cache, &paths);
        assert!(computed);
        assert_ne!(added, first);

        // Several paths: one digest over all of them, stored and then read.
        let single = tmp.path().join("single.txt");
        std::fs::copy(SAMPLE, &single).expect("copy");
        age(&single, 60);
        let both = vec![folder, single];
        let truth = crate::project::archive_ref::archive_digest_all(&both).expect("d");
        assert_eq!(digest(&cache, &both), (truth.clone(), true));
        assert_eq!(digest(&cache, &both), (truth, false));
    }
}
