//! Whole-file locking for read-change-write cycles on a project: an advisory lock on a
//! small `.NAME.lock` file beside the project, there only while a save runs (the project
//! itself is replaced on every save, so a lock on it would be on a file that no longer has
//! the name).

use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::output::{resolve, stem, Target};

/// How long a save waits for another Pressmark to finish its own before giving up.
const WAIT: Duration = Duration::from_secs(60);

/// Held while a project is checked and written; released when dropped, when the lock file
/// is also removed (so that none is left beside the project).
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    path: PathBuf,
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Removed while still locked: a process waiting on this file then finds, once it has
        // the lock, that the name no longer leads to it, and starts again (see `lock`).
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// The lock file for the project at `path` (after following links, so that every name for
/// one project shares one lock).
pub fn lock_path(path: &Path) -> io::Result<PathBuf> {
    let real = match resolve(path)? {
        Target::Replace(p) => p,
        // A project is a file it can be read back from, never a device or pipe.
        Target::Direct(_) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file; a project is saved to a file",
            ))
        }
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
    let started = Instant::now();
    loop {
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_file)?;
        loop {
            match file.try_lock() {
                Ok(()) => break,
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
        if still_named(&file, &lock_file) {
            return Ok(ProjectLock {
                file,
                path: lock_file,
            });
        }
        // The holder before us removed the file we waited on: lock the one there now.
    }
}

/// True if `path` still names the open `file`.
fn still_named(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}
