//! One writer of a cache at a time. A first `search` of an archive starts a second process
//! to write its cache, so a script running searches of a new archive one after another
//! started one writer per search, each holding the archive's structure and search index
//! (600 MB each for the 541 MB archive) until the machine ran out of memory. A writer holds
//! a lock on a small file beside the cache; one that finds it held leaves the work to the
//! other. The system lets go of the lock when its process ends, however it ends, so a
//! writer that crashed never blocks the next; a writer that ends removes the file (another
//! that opened it just before then may write the cache again: wasted work, never a broken
//! cache, which is written to a temporary file and renamed into place).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::Key;

/// The lock on writing one cache, held until dropped.
#[derive(Debug)]
pub struct Building {
    path: PathBuf,
    _file: File,
}

impl Building {
    /// The lock on writing `key`'s cache in `dir`; `Ok(None)` when another process holds
    /// it (and so is writing that cache).
    pub fn start(dir: &Path, key: &Key) -> std::io::Result<Option<Building>> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(format!("{}.lock", key.name));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Building { path, _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

impl Drop for Building {
    fn drop(&mut self) {
        // Removed while still locked: the lock goes with the file, just after.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A second writer of the same cache is told another holds it, until the first is done;
    /// a writer of another archive's cache is not held up.
    #[test]
    fn one_writer_of_a_cache_at_a_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let key = Key::of(&[root.join("assets/home-office-may-2023.txt")]).expect("key");
        let other = Key::of(&[root.join("tests/fixtures/archives/variants.txt")]).expect("key");
        let first = Building::start(dir.path(), &key).expect("locks");
        assert!(first.is_some());
        assert!(Building::start(dir.path(), &key).expect("asks").is_none());
        assert!(Building::start(dir.path(), &other)
            .expect("locks")
            .is_some());
        drop(first);
        let again = Building::start(dir.path(), &key).expect("locks");
        assert!(again.is_some());
        drop(again);
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
