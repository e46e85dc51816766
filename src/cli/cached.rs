//! Opening archives through the persistent cache (`--no-cache` skips it).

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::archive::Archive;
use crate::cache::{CacheFile, Key};
use crate::search::SearchIndex;

/// An archive opened for a command, and the paths whose cache is to be written if it had none.
pub(crate) struct Opened {
    pub archive: Archive,
    pending: Option<Vec<PathBuf>>,
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

/// Opens `paths` from the cache when it holds them, else by reading them. Without
/// `texts`, a cached archive's texts are left in the archive files, read
/// only if something asks for one (`inspect` without `--text` never does: reading every
/// text took twice the time and 1.38x the archive in memory).
pub(crate) fn open(paths: &[PathBuf], no_cache: bool, texts: bool) -> anyhow::Result<Opened> {
    let cache = cache_key(paths, no_cache);
    if let Some((dir, key)) = &cache {
        let read = |f: CacheFile| {
            if texts {
                f.archive()
            } else {
                f.archive_in_place()
            }
        };
        if let Some(archive) = CacheFile::open(dir, key).and_then(|f| read(f).ok()) {
            return Ok(Opened {
                archive,
                pending: None,
            });
        }
    }
    let archive = Archive::load(paths).context("could not open the archive")?;
    Ok(Opened {
        archive,
        pending: cache.map(|_| paths.to_vec()),
    })
}

impl Opened {
    /// Has the cache written if the archive was read from its files (call after printing).
    pub fn save(&self) {
        if let Some(paths) = &self.pending {
            save_later(paths);
        }
    }
}

/// Has the cache of `paths` written without keeping the user waiting: building the search
/// index costs several times the parse at archive scale (a first `search` took 12.7 s
/// instead of 2.7 s when it built the cache itself), so a second process builds it, at a
/// lower priority, after this one has answered and exited. With
/// `PRESSMARK_CACHE_FOREGROUND=1` it is built here instead, before returning (for scripts
/// and tests that need the cache in place).
pub(crate) fn save_later(paths: &[PathBuf]) {
    if std::env::var_os("PRESSMARK_CACHE_FOREGROUND").is_some_and(|v| v == "1") {
        if let Err(e) = build(paths) {
            eprintln!("note: {e:#}");
        }
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let spawned = std::process::Command::new(exe)
        .arg("cache")
        .arg("--build")
        .args(paths)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("note: could not start writing the cache: {e}");
    }
}

/// Reads `paths`, builds the search index and writes the cache (`pressmark cache --build`).
pub(crate) fn build(paths: &[PathBuf]) -> anyhow::Result<()> {
    let Some(dir) = crate::cache::dir() else {
        anyhow::bail!("this system has no cache folder (set XDG_CACHE_HOME or HOME)");
    };
    // The archive's files, each named if it cannot be read (a missing path, say).
    let key = Key::of(paths).context("could not read the archive")?;
    // Held until the cache is written (a lock that cannot be taken at all, on a file system
    // without locks, leaves the cache written as before).
    let _building = match crate::cache::Building::start(&dir, &key) {
        Ok(None) => {
            eprintln!("note: another process is already writing the cache of these files");
            return Ok(());
        }
        Ok(Some(lock)) => Some(lock),
        Err(_) => None,
    };
    crate::background::lower_priority();
    // Texts are left in the archive files as they load: the cache stores them as pieces of
    // the files anyway, and holding them all doubled this process's memory.
    let left = crate::cache::LeftInFiles::default();
    let progress = crate::archive::Progress::default();
    let archive = crate::archive::load_files_leaving(paths, &progress, &mut |_| {}, Some(&left))
        .context("could not open the archive")?;
    save(&dir, &key, &archive)?;
    Ok(())
}

/// Builds the search index and writes the cache of `archive`.
pub(crate) fn save(dir: &Path, key: &Key, archive: &Archive) -> anyhow::Result<()> {
    // Freed memory handed back as the parts built in parallel are merged: the build's peak
    // is then near the finished index's size.
    let index = SearchIndex::build_with(archive, &crate::background::release_free_memory);
    crate::background::release_free_memory();
    crate::cache::write(dir, key, archive, &index)?;
    Ok(())
}
