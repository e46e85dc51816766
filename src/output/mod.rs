//! Writing output files without losing anything: atomically (a temporary file beside the
//! target, synced, renamed over it), through symbolic links to the file they name, straight
//! into devices and pipes, keeping the file's permissions, cleaning up temporary files a
//! killed process left, and refusing an output that is one of the inputs.
//!
//! UI-free. `docs/data-promises.md` lists what this promises and the tests that check it.

mod inputs;
mod target;
mod temp;

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

pub use inputs::{refuse_inputs, same_file, same_paths, OutputIsInput};
pub use target::{resolve, writes_directly, Target};
pub use temp::{remove_stale, stem, temp_name};

/// Writes `bytes` to `path` atomically (see the module's documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |file| file)
}

/// `write_atomic`, writing through `wrap(file)` (a test hook for failing writers).
pub fn write_atomic_with<W: Write>(
    path: &Path,
    bytes: &[u8],
    wrap: impl FnOnce(File) -> W,
) -> io::Result<()> {
    match resolve(path)? {
        Target::Direct(device) => write_direct(&device, bytes, wrap),
        Target::Replace(file) => replace(&file, bytes, wrap),
    }
}

/// Writes into a device, pipe or `/dev/stdout` as it is: appending if it turns out to be a
/// regular file (standard output redirected with `>` or `>>`), never truncating or replacing.
fn write_direct<W: Write>(
    path: &Path,
    bytes: &[u8],
    wrap: impl FnOnce(File) -> W,
) -> io::Result<()> {
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let file = File::options()
        .write(true)
        .append(regular)
        .create(false)
        .open(path)?;
    let mut writer = wrap(file);
    writer.write_all(bytes)?;
    writer.flush()
}

/// The atomic replacement of a regular file (or the creation of a new one).
fn replace<W: Write>(path: &Path, bytes: &[u8], wrap: impl FnOnce(File) -> W) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    remove_stale(dir, &name);
    let temp = dir.join(temp_name(
        &name,
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
    ));
    let old = std::fs::metadata(path).ok();
    let file = create_temp(&temp, old.as_ref())?;
    let result = (|| {
        keep_owner_and_mode(&file, old.as_ref())?;
        let sync = file.try_clone()?;
        let mut writer = wrap(file);
        writer.write_all(bytes)?;
        writer.flush()?;
        drop(writer);
        sync.sync_all()?;
        drop(sync);
        std::fs::rename(&temp, path)
    })();
    match result {
        Ok(()) => {
            // Make the rename itself durable where the platform allows it.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// A new temporary file; on Unix created with the old file's permissions from the start, so
/// that a private project is never readable by others, not even while it is written.
fn create_temp(temp: &Path, old: Option<&std::fs::Metadata>) -> io::Result<File> {
    let mut options = File::options();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if let Some(old) = old {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(old.permissions().mode() & 0o7777);
    }
    #[cfg(not(unix))]
    let _ = old;
    options.open(temp)
}

/// Gives the new file the old one's permissions exactly (the umask may have narrowed them at
/// creation) and, where allowed, its owner and group.
fn keep_owner_and_mode(file: &File, old: Option<&std::fs::Metadata>) -> io::Result<()> {
    let Some(old) = old else {
        return Ok(());
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = file.metadata()?;
        if (mine.uid(), mine.gid()) != (old.uid(), old.gid()) {
            // Only root (or the owner, for the group) may; otherwise the file becomes ours,
            // as any editor's save would make it.
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
        }
    }
    file.set_permissions(old.permissions())
}

/// Paths as the user would type them: `a.json`, or `a.json and feeds` for several.
pub fn shown_paths(paths: &[std::path::PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
