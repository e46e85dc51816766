//! What a cache is valid for: the opened paths, and each archive file's path, size and
//! modification time.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::codec::{checksum, Writer};
use crate::archive::{Archive, ArchiveError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The encoded key, stored in the cache and compared byte for byte.
    pub bytes: Vec<u8>,
    /// The cache file's name, from the opened paths made absolute.
    pub name: String,
}

impl Key {
    /// The key of opening `paths` now: folders are walked and every file looked at.
    pub fn of(paths: &[PathBuf]) -> Result<Key, ArchiveError> {
        let inputs = Archive::input_files(paths)?;
        let mut w = Writer::default();
        w.u32(super::VERSION);
        w.str(env!("CARGO_PKG_VERSION"));
        w.u32(paths.len() as u32);
        let mut absolute = Writer::default();
        for p in paths {
            w.str(&p.to_string_lossy());
            let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            absolute.str(&abs.to_string_lossy());
        }
        w.u32(inputs.len() as u32);
        for p in &inputs {
            let (size, secs, nanos) = stamp(p)?;
            w.str(&p.to_string_lossy());
            w.u64(size);
            w.u64(secs);
            w.u32(nanos);
        }
        Ok(Key {
            bytes: w.out,
            name: format!("{:016x}.pmcache", checksum(&absolute.out)),
        })
    }
}

/// Size and modification time (seconds and nanoseconds since 1970).
fn stamp(path: &Path) -> Result<(u64, u64, u32), ArchiveError> {
    let meta = std::fs::metadata(path).map_err(|e| ArchiveError::io(path.to_owned(), e))?;
    let since = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default();
    Ok((meta.len(), since.as_secs(), since.subsec_nanos()))
}
