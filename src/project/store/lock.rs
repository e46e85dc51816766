//! Whole-file locking for read-change-write cycles on a project: an advisory lock on a
//! small `.NAME.lock` file beside the project (the project itself is replaced on every save,
//! so a lock on it would be on a file that no longer has the name).

use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::output::{resolve, stem, Target};

/// How long a save waits for another Pressmark to finish its own before giving up.
const WAIT: Duration = Duration::from_secs(60);

/// Held while a project is checked and written; released when dropped.
#[derive(Debug)]
pub struct ProjectLock {
    _file: File,
}

/// The lock file for the project at `path` (after following links, so that every name for
/// one project shares one lock).
pub fn lock_path(path: &Path) -> io::Result<PathBuf> {
    let real = match resolve(path)? {
        Target::Replace(p) | Target::Direct(p) => p,
    };
    let name = real
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    Ok(real.with_file_name(format!(".{}.lock", stem(&name))))
}

/// Takes the project's lock, waiting up to a minute for another process to finish.
pub fn lock(path: &Path) -> io::Result<ProjectLock> {
    let lock_file = lock_path(path)?;
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_file)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(ProjectLock { _file: file }),
            Err(TryLockError::WouldBlock) if started.elapsed() < WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    "another Pressmark has been saving this project for a minute; try again",
                ))
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
}
