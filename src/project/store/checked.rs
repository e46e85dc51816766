//! Saving a project that others may be writing too: the stamp of what was read, a save that
//! refuses to write over changes it did not see, and a read-change-write under the lock.

use std::io;
use std::path::Path;

use super::{load, lock, save, to_ron, write_atomic, StoreError};
use crate::project::Project;

/// What a project file held when it was read (a hash of its bytes). A save compares it with
/// the file as it is then, so that it never writes over changes it did not see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(String);

impl Stamp {
    pub(super) fn of(bytes: &[u8]) -> Stamp {
        use sha2::{Digest, Sha256};
        Stamp(hex(&Sha256::digest(bytes)))
    }
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Saves atomically unless the file has changed since `since` was taken (when it was opened
/// or last saved here): then nothing is written and the error is [`StoreError::Changed`].
/// `None` writes over whatever is there. The check and the write happen under the project's
/// lock, so no other Pressmark can save in between. Returns the stamp of what was written.
pub fn save_checked(
    project: &Project,
    path: &Path,
    since: Option<&Stamp>,
) -> Result<Stamp, StoreError> {
    let text = to_ron(project)?;
    let write_error = |source| StoreError::Write {
        path: path.to_owned(),
        source,
    };
    let _lock = lock(path).map_err(write_error)?;
    if let Some(since) = since {
        match std::fs::read(path) {
            Ok(bytes) if Stamp::of(&bytes) != *since => {
                return Err(StoreError::Changed {
                    path: path.to_owned(),
                })
            }
            // Unchanged, or removed meanwhile (writing it again loses nothing).
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::Read {
                    path: path.to_owned(),
                    source,
                })
            }
        }
    }
    write_atomic(path, text.as_bytes()).map_err(write_error)?;
    Ok(Stamp::of(text.as_bytes()))
}

/// Reads the project at `path` (or takes `new()` if there is no file), lets `change` change
/// it (told whether the file existed), and saves it, all under the project's lock: two
/// processes updating one project at once both keep their changes, because each reads the
/// file as the other left it. Nothing is written if `change` fails.
pub fn update<T, E: From<StoreError>>(
    path: &Path,
    new: impl FnOnce() -> Result<Project, E>,
    change: impl FnOnce(&mut Project, bool) -> Result<T, E>,
) -> Result<T, E> {
    let _lock = lock(path).map_err(|source| StoreError::Write {
        path: path.to_owned(),
        source,
    })?;
    let existed = path.exists();
    let mut project = if existed { load(path)? } else { new()? };
    let result = change(&mut project, existed)?;
    save(&project, path)?;
    Ok(result)
}
