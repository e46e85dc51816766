//! The project file: RON, pretty, deterministic, written atomically, versioned.
//!
//! See `docs/project-format.md`. Loading never writes; a failed save leaves the old file as
//! it was.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;

use super::{ArchiveRef, Project, FORMAT_VERSION};

mod peek;
mod v0;

pub use peek::peek_archive_path;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read {}: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("{}:{line}:{col}: not a readable project file: {message}", .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{} has format version {found}, newer than this Pressmark reads ({supported}); \
         update Pressmark to open it", .path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}: {message}", .path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write the project as RON: {0}")]
    Serialise(String),
}

/// The RON text of a project: the same project always gives the same bytes.
pub fn to_ron(project: &Project) -> Result<String, StoreError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .new_line("\n")
        .struct_names(false);
    let mut text = ron::ser::to_string_pretty(project, config)
        .map_err(|e| StoreError::Serialise(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Reads project RON (any supported version), as if from `path` (for messages).
pub fn from_ron(text: &str, path: &Path) -> Result<Project, StoreError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        format_version: u32,
    }
    let parse_error = |e: ron::error::SpannedError| StoreError::Parse {
        path: path.to_owned(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    };
    let version = match quick_version(text) {
        Some(v) => v,
        None => {
            ron::from_str::<Probe>(text)
                .map_err(parse_error)?
                .format_version
        }
    };
    let project = match version {
        0 => v0::migrate(ron::from_str::<v0::ProjectV0>(text).map_err(parse_error)?),
        FORMAT_VERSION => ron::from_str::<Project>(text).map_err(parse_error)?,
        found => {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found,
                supported: FORMAT_VERSION,
            })
        }
    };
    validate(&project).map_err(|message| StoreError::Invalid {
        path: path.to_owned(),
        message,
    })?;
    Ok(project)
}

/// `format_version` read from the first line that names it, without parsing the whole file
/// twice; `None` if it is not plainly there (then a full parse decides).
fn quick_version(text: &str) -> Option<u32> {
    let head = &text[..crate::project::anchor::floor_boundary(text, text.len().min(4096))];
    let line = head
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("format_version:"))?;
    let digits = line
        .strip_prefix("format_version:")?
        .trim()
        .trim_end_matches(',');
    digits.parse().ok()
}

/// Every claim's tags and every tag's parent must exist.
fn validate(project: &Project) -> Result<(), String> {
    let book = &project.codebook;
    for claim in project.claims.values() {
        if let Some(t) = claim.tags.iter().find(|t| book.get(**t).is_none()) {
            return Err(format!(
                "claim {} has tag {}, which is not in the codebook",
                claim.id.0, t.0
            ));
        }
        if claim.anchor.start > claim.anchor.end {
            return Err(format!("claim {} ends before it starts", claim.id.0));
        }
    }
    for tag in book.tags() {
        if let Some(p) = tag
            .parent
            .filter(|p| book.get(*p).is_none() || *p == tag.id)
        {
            return Err(format!(
                "tag {} has parent {}, which is not a valid tag",
                tag.id.0, p.0
            ));
        }
    }
    Ok(())
}

/// Loads a project file. Never writes.
pub fn load(path: &Path) -> Result<Project, StoreError> {
    let read_error = |source| StoreError::Read {
        path: path.to_owned(),
        source,
    };
    let bytes = std::fs::read(path).map_err(read_error)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        read_error(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.valid_up_to()),
        ))
    })?;
    from_ron(text, path)
}

/// Saves atomically: the file is either the old one or the whole new one.
pub fn save(project: &Project, path: &Path) -> Result<(), StoreError> {
    let text = to_ron(project)?;
    write_atomic(path, text.as_bytes()).map_err(|source| StoreError::Write {
        path: path.to_owned(),
        source,
    })
}

/// Where autosave keeps a copy of an unsaved project: next to it, `NAME.recovery`.
pub fn recovery_path(project_path: &Path) -> PathBuf {
    let name = project_path
        .file_name()
        .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
    project_path.with_file_name(format!("{name}.recovery"))
}

/// Autosave: saves `project` to `recovery_path(project_path)`; returns that path.
pub fn save_recovery(project: &Project, project_path: &Path) -> Result<PathBuf, StoreError> {
    let path = recovery_path(project_path);
    save(project, &path)?;
    Ok(path)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |file| file)
}

/// `write_atomic`, writing through `wrap(temporary file)` (a test hook for failing writers).
pub fn write_atomic_with<W: Write>(
    path: &Path,
    bytes: &[u8],
    wrap: impl FnOnce(File) -> W,
) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let temp = dir.join(format!(
        ".{}.{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let file = File::options().write(true).create_new(true).open(&temp)?;
    let result = (|| {
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

/// SHA-256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

impl ArchiveRef {
    /// A reference to `archive` from a project saved at `project_path`: the path relative to
    /// the project's folder, and the archive's SHA-256.
    pub fn for_file(project_path: &Path, archive: &Path) -> Result<ArchiveRef, StoreError> {
        let sha256 =
            super::archive_ref::archive_digest(archive).map_err(|source| StoreError::Read {
                path: archive.to_owned(),
                source,
            })?;
        Ok(ArchiveRef {
            path: relative_to_project(project_path, archive),
            sha256,
        })
    }

    /// The archive's path on disk, given where the project file is.
    pub fn resolve(&self, project_path: &Path) -> PathBuf {
        if self.path.is_absolute() {
            return self.path.clone();
        }
        let dir = project_path.parent().unwrap_or(Path::new(""));
        dir.join(&self.path)
    }

    /// True if `archive`'s bytes still have the recorded hash (false if unknown).
    pub fn matches_file(&self, archive: &Path) -> bool {
        !self.sha256.is_empty()
            && super::archive_ref::archive_digest(archive).is_ok_and(|h| h == self.sha256)
    }
}

/// `target` relative to `project_path`'s folder, `/`-separated; absolute if there is no
/// relative way (another drive).
pub fn relative_to_project(project_path: &Path, target: &Path) -> PathBuf {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let dir = absolute(project_path.parent().unwrap_or(Path::new("")));
    let target = absolute(target);
    let a: Vec<Component> = dir.components().collect();
    let b: Vec<Component> = target.components().collect();
    if a.first() != b.first() {
        return target;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    PathBuf::from(parts.join("/"))
}
