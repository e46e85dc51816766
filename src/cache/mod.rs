//! A persistent cache of opened archives, in `$XDG_CACHE_HOME/pressmark` (the platform's
//! cache folder): the parsed releases with their source maps, and the search index, so a
//! later open reads them back instead of parsing again, and a search reads only the posting
//! lists of its words and the releases that hold them. The file is memory-mapped and read
//! where it lies (the window's search index stays in the mapping); a release's text is kept
//! as slices of the archive file itself where it is one.
//!
//! One file per set of opened paths, keyed (as build tools do) by each archive file's path,
//! size and modification time, and by this program's version: a file changed, added to a
//! folder or removed gives another key, and the cache is rebuilt. Every part is checked
//! (lengths, checksums) before use; a damaged, truncated, foreign or stale cache is
//! ignored and written again, never trusted. Written to a temporary file and renamed into
//! place, so two processes opening the same archive at once never see half a cache.

mod building;
mod codec;
pub mod digest;
mod files;
mod gather;
mod in_order;
mod key;
mod lazy;
mod left;
mod pieces;
mod read;
mod record;
mod text;
mod write;

use std::path::{Path, PathBuf};

pub use building::Building;
pub use codec::checksum;
pub use in_order::Stopped;
pub use key::Key;
pub use left::LeftInFiles;
pub use read::{CacheFile, HitLine};
pub use write::write;

/// Bumped whenever the layout, its checksum or what a reader produces changes (6: the
/// checksum reads four words at a time; 7: letters U+0200..=U+023F, Romanian ș ț among
/// them, fold to their base letters, so the index's words changed).
pub const VERSION: u32 = 7;

/// The extension of a stored archive digest (see [`digest`]).
pub const DIGEST_EXTENSION: &str = "pmdigest";

/// The cache folder: `$XDG_CACHE_HOME/pressmark` on Linux.
pub fn dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("pressmark"))
}

/// The cache files (and stored digests) in `dir` and their sizes in bytes, sorted by name.
pub fn list(dir: &Path) -> Vec<(PathBuf, u64)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, u64)> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "pmcache" || x == DIGEST_EXTENSION)
        })
        .filter_map(|e| Some((e.path(), e.metadata().ok()?.len())))
        .collect();
    out.sort();
    out
}

/// Could not write the cache (the archive itself was read fine).
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("could not write the cache in {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}
