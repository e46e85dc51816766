//! The project file: RON, pretty, deterministic, written atomically, versioned.
//!
//! See `docs/project-format.md`. Loading never writes; a failed save leaves the old file as
//! it was.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::{ArchiveRef, Project, FORMAT_VERSION, SEVERAL_FILES_VERSION};

mod checked;
mod lock;
mod peek;
mod v0;
mod validate;

pub use checked::{save_checked, update, Stamp};
pub use lock::{lock, lock_path, ProjectLock};
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
    #[error(
        "{} was changed by another program (or another Pressmark window) after it was \
         opened here; not saved over it, so that those changes are not lost. To keep both: \
         Save As another name, open this file again, and bring your version in with File > \
         Merge Colleague's Project…",
        .path.display()
    )]
    Changed { path: PathBuf },
}

/// The RON text of a project: the same project always gives the same bytes.
pub fn to_ron(project: &Project) -> Result<String, StoreError> {
    if !project.archive.more.is_empty() && project.format_version != SEVERAL_FILES_VERSION {
        let mut copy = project.clone();
        copy.format_version = SEVERAL_FILES_VERSION;
        return to_ron(&copy);
    }
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
    // Not even a project's outline: said in words, not in the parser's names for it.
    let not_a_project = |e: ron::error::SpannedError| match parse_error(e) {
        StoreError::Parse { message, .. } if text.trim().is_empty() => StoreError::Parse {
            path: path.to_owned(),
            line: 1,
            col: 1,
            message: format!("the file is empty ({message})")
                .replace("for struct `Probe`", "of a project"),
        },
        StoreError::Parse {
            path,
            line,
            col,
            message,
        } => StoreError::Parse {
            path,
            line,
            col,
            message: format!(
                "it is not a Pressmark project ({})",
                message.replace("struct `Probe`", "a project")
            ),
        },
        other => other,
    };
    let version = match quick_version(text) {
        Some(v) => v,
        None => {
            ron::from_str::<Probe>(text)
                .map_err(not_a_project)?
                .format_version
        }
    };
    let invalid = |message| StoreError::Invalid {
        path: path.to_owned(),
        message,
    };
    let mut project = match version {
        0 => v0::migrate(
            ron::from_str::<v0::ProjectV0>(text).map_err(parse_error)?,
            text,
        )
        .map_err(invalid)?,
        // Version 1 has the fields of 2; only new ids are made differently (random), so
        // the file is read as it is and says 2 when next saved. Its ids are kept: two
        // analysts who open one old project apart must still agree on every id.
        1 | FORMAT_VERSION | SEVERAL_FILES_VERSION => {
            ron::from_str::<Project>(text).map_err(|e| {
                // Said at the end of the list by the parser; the line of the repeat is more use.
                match duplicate_claim(&e.code.to_string()) {
                    Some(id) => invalid(validate::repeated_claim(text, id)),
                    None => parse_error(e),
                }
            })?
        }
        found => {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found,
                supported: SEVERAL_FILES_VERSION,
            })
        }
    };
    project.format_version = if project.archive.more.is_empty() {
        FORMAT_VERSION
    } else {
        SEVERAL_FILES_VERSION
    };
    // A hand-edited codebook may be out of order; lookups need it sorted (stable, so that
    // repeated ids stay in file order for the message).
    project.codebook = super::Codebook::from_tags(project.codebook.tags().to_vec());
    validate::validate(&project, text).map_err(invalid)?;
    Ok(project)
}

/// The id in the "two claims have the id N" error of the claims list, if that is the error.
fn duplicate_claim(message: &str) -> Option<u64> {
    message
        .strip_prefix(super::DUPLICATE_CLAIM)?
        .trim()
        .parse()
        .ok()
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

/// Loads a project file. Never writes.
pub fn load(path: &Path) -> Result<Project, StoreError> {
    load_stamped(path).map(|(project, _)| project)
}

/// Loads a project file, with the stamp that [`save_checked`] compares. Never writes.
pub fn load_stamped(path: &Path) -> Result<(Project, Stamp), StoreError> {
    let read_error = |source| StoreError::Read {
        path: path.to_owned(),
        source,
    };
    let bytes = std::fs::read(path).map_err(read_error)?;
    let stamp = Stamp::of(&bytes);
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        read_error(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.valid_up_to()),
        ))
    })?;
    // Some editors start UTF-8 files with a byte-order mark; it is not part of the RON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok((from_ron(text, path)?, stamp))
}

/// Saves atomically: the file is either the old one or the whole new one. Writes over
/// whatever is there: for a file the user chose to replace. An open project is saved with
/// [`save_checked`]; a read-change-write with [`update`].
pub fn save(project: &Project, path: &Path) -> Result<(), StoreError> {
    let text = to_ron(project)?;
    write_atomic(path, text.as_bytes()).map_err(|source| StoreError::Write {
        path: path.to_owned(),
        source,
    })
}

/// Where autosave keeps a copy of an unsaved project: next to it, `NAME.recovery` (a long
/// `NAME` shortened to its start and a hash).
pub fn recovery_path(project_path: &Path) -> PathBuf {
    let name = project_path
        .file_name()
        .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
    // `NAME.recovery` must stay within the usual 255-byte limit: a long name is shortened.
    let name = if name.len() + ".recovery".len() > 255 {
        crate::output::stem(&name)
    } else {
        name
    };
    project_path.with_file_name(format!("{name}.recovery"))
}

/// Autosave: saves `project` to `recovery_path(project_path)`; returns that path.
pub fn save_recovery(project: &Project, project_path: &Path) -> Result<PathBuf, StoreError> {
    let path = recovery_path(project_path);
    save(project, &path)?;
    Ok(path)
}

/// Writes `bytes` to `path` atomically, through links, keeping the file's permissions (see
/// [`crate::output`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    crate::output::write_atomic(path, bytes)
}

/// `write_atomic`, writing through `wrap(temporary file)` (a test hook for failing writers).
pub fn write_atomic_with<W: Write>(
    path: &Path,
    bytes: &[u8],
    wrap: impl FnOnce(File) -> W,
) -> io::Result<()> {
    crate::output::write_atomic_with(path, bytes, wrap)
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
    Ok(checked::hex(&hasher.finalize()))
}

impl ArchiveRef {
    /// A reference to `archive` (a file or a folder) from a project saved at `project_path`:
    /// the path relative to the project's folder, and the archive's SHA-256.
    pub fn for_file(project_path: &Path, archive: &Path) -> Result<ArchiveRef, StoreError> {
        ArchiveRef::for_files(project_path, std::slice::from_ref(&archive.to_owned()))
    }

    /// A reference to an archive of one or more files or folders, in the order given.
    pub fn for_files(project_path: &Path, archive: &[PathBuf]) -> Result<ArchiveRef, StoreError> {
        let first = archive.first().map_or(Path::new(""), PathBuf::as_path);
        let sha256 = super::archive_ref::archive_digest_stored(archive).map_err(|source| {
            StoreError::Read {
                path: first.to_owned(),
                source,
            }
        })?;
        Ok(ArchiveRef::with_sha(project_path, archive, sha256))
    }

    /// A reference to the archive of `archive` (in order) whose SHA-256 is already known,
    /// each path relative to the project's folder.
    pub fn with_sha(project_path: &Path, archive: &[PathBuf], sha256: String) -> ArchiveRef {
        let mut paths = archive.iter().map(|p| relative_to_project(project_path, p));
        ArchiveRef {
            path: paths.next().unwrap_or_default(),
            sha256,
            more: paths.collect(),
        }
    }

    /// The archive's (first) path on disk, given where the project file is.
    pub fn resolve(&self, project_path: &Path) -> PathBuf {
        resolve_one(&self.path, project_path)
    }

    /// Every path of the archive on disk, in order, given where the project file is.
    pub fn resolve_all(&self, project_path: &Path) -> Vec<PathBuf> {
        std::iter::once(&self.path)
            .chain(&self.more)
            .map(|p| resolve_one(p, project_path))
            .collect()
    }

    /// True if `archive`'s bytes still have the recorded hash (false if unknown).
    pub fn matches_file(&self, archive: &Path) -> bool {
        self.matches_files(std::slice::from_ref(&archive.to_owned()))
    }

    /// True if the archive of `paths` still has the recorded hash (false if unknown).
    pub fn matches_files(&self, paths: &[PathBuf]) -> bool {
        !self.sha256.is_empty()
            && super::archive_ref::archive_digest_stored(paths).is_ok_and(|h| h == self.sha256)
    }
}

fn resolve_one(path: &Path, project_path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_owned();
    }
    let dir = project_path.parent().unwrap_or(Path::new(""));
    dir.join(path)
}

/// `target` relative to `project_path`'s folder, `/`-separated; absolute if there is no
/// relative way (another drive).
pub fn relative_to_project(project_path: &Path, target: &Path) -> PathBuf {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    // A bare name (`P.ron`) has the empty path as its parent: that is the current folder.
    let parent = match project_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = absolute(parent);
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
