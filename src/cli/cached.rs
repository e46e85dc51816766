//! Opening archives through the persistent cache (`--no-cache` skips it).

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::archive::Archive;
use crate::cache::{CacheFile, Key};
use crate::search::SearchIndex;

/// An archive opened for a command, and where its cache is to be written if it had none.
pub(crate) struct Opened {
    pub archive: Archive,
    pending: Option<(PathBuf, Key)>,
}

/// The cache folder and this opening's key, unless caching is off or the key cannot be
/// made (the load that follows then reports the problem).
pub(crate) fn cache_key(paths: &[PathBuf], no_cache: bool) -> Option<(PathBuf, Key)> {
    if no_cache {
        return None;
    }
    let dir = crate::cache::dir()?;
    let key = Key::of(paths).ok()?;
    Some((dir, key))
}

/// Opens `paths` from the cache when it holds them, else by reading them.
pub(crate) fn open(paths: &[PathBuf], no_cache: bool) -> anyhow::Result<Opened> {
    let cache = cache_key(paths, no_cache);
    if let Some((dir, key)) = &cache {
        if let Some(archive) = CacheFile::open(dir, key).and_then(|mut f| f.archive().ok()) {
            return Ok(Opened {
                archive,
                pending: None,
            });
        }
    }
    let archive = Archive::load(paths).context("could not open the archive")?;
    Ok(Opened {
        archive,
        pending: cache,
    })
}

impl Opened {
    /// Writes the cache if the archive was read from its files (call after printing, so
    /// the answer is not kept waiting). A cache that cannot be written is only a note.
    pub fn save(&self) {
        if let Some((dir, key)) = &self.pending {
            save(dir, key, &self.archive);
        }
    }
}

/// Builds the search index and writes the cache of `archive`.
pub(crate) fn save(dir: &Path, key: &Key, archive: &Archive) {
    let index = SearchIndex::build(archive);
    if let Err(e) = crate::cache::write(dir, key, archive, &index) {
        eprintln!("note: {e}");
    }
}
