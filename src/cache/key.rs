//! What a cache is valid for: the opened paths, and each archive file's path, size and
//! modification time.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::codec::{fold, seed, Writer};
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
        for p in paths {
            w.str(&p.to_string_lossy());
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
            name: name_of(paths),
        })
    }
}

/// The cache file's name for opening `paths`: a hash of them made absolute, the same in
/// every version of the format, so the cache written after an upgrade replaces the old
/// one rather than leaving it beside (hundreds of megabytes for a large archive).
fn name_of(paths: &[PathBuf]) -> String {
    let mut absolute = Writer::default();
    for p in paths {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
        absolute.str(&abs.to_string_lossy());
    }
    format!("{:016x}.pmcache", name_hash(&absolute.out))
}

/// The hash format 5's checksum was, kept for names (the checksum itself changed in 6).
fn name_hash(bytes: &[u8]) -> u64 {
    let h = fold(seed(bytes.len()), bytes);
    h ^ (h >> 32)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache's name depends only on the opened paths, never on the format: the 541 MB
    /// archive at /tmp/big.txt had this name under format 5 (`pressmark cache` at 17b8b45),
    /// and format 6's faster checksum, used for the name too, had left that 392 MB file
    /// beside the new one after an upgrade (seen failing: 7b9922f76bac03e5.pmcache).
    #[test]
    fn the_name_of_a_cache_does_not_change_with_its_format() {
        let name = name_of(&[PathBuf::from("/tmp/big.txt")]);
        assert_eq!(name, "29243e8be5a72b82.pmcache");
        assert_ne!(name, name_of(&[PathBuf::from("/tmp/big2.txt")]));
    }
}
