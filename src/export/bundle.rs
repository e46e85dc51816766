//! A bundle: one zip file holding `project.ron` and the archive text file, so a colleague
//! gets everything in one file.
//!
//! Inside the bundle the project's archive path is the archive's file name. Opening a bundle
//! never writes outside the folder given, refuses entries whose names climb out (`..`,
//! absolute paths, drive letters), more than [`MAX_ENTRIES`] entries or more than
//! [`MAX_TOTAL_BYTES`] uncompressed (see [`Limits`]), and checks the archive against its
//! recorded SHA-256. Every entry is read and checked before the first file is written, so a
//! refused or damaged bundle leaves nothing behind.

use std::fs::File;
use std::io::{self, Cursor, Read, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::project::{store, Project};

use super::format::write_file;
use super::ExportError;

/// The project's name inside a bundle.
pub const PROJECT_ENTRY: &str = "project.ron";
/// At most this many entries.
pub const MAX_ENTRIES: usize = 64;
/// At most this many bytes, uncompressed, in all entries together (4 GiB).
pub const MAX_TOTAL_BYTES: u64 = 4 << 30;

/// What opening a bundle accepts; [`Limits::DEFAULT`] is what the app uses. Tests pass
/// smaller limits to check refusal without making gigabyte files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_entries: usize,
    /// Uncompressed bytes of all entries together.
    pub max_total_bytes: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_entries: MAX_ENTRIES,
        max_total_bytes: MAX_TOTAL_BYTES,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// A project opened from a `.ron` file or a bundle.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub project: Project,
    /// The project file (for a bundle: the extracted `project.ron`).
    pub project_path: PathBuf,
    /// The archive file on disk.
    pub archive_path: PathBuf,
    /// True if it came from a bundle.
    pub from_bundle: bool,
}

/// Writes a bundle of `project` (saved at `project_path`, whose archive it resolves) to `out`.
pub fn write_bundle(project: &Project, project_path: &Path, out: &Path) -> Result<(), ExportError> {
    write_bundle_from(project, &project.archive.resolve(project_path), out)
}

/// Writes a bundle of `project` and the archive at `archive_path` to `out`.
pub fn write_bundle_from(
    project: &Project,
    archive_path: &Path,
    out: &Path,
) -> Result<(), ExportError> {
    let bytes = bundle_bytes(project, archive_path)?;
    write_file(out, &bytes)
}

/// The bundle's bytes.
pub fn bundle_bytes(project: &Project, archive_path: &Path) -> Result<Vec<u8>, ExportError> {
    let archive_bytes = std::fs::read(archive_path).map_err(|source| ExportError::Read {
        path: archive_path.to_owned(),
        source,
    })?;
    let name = archive_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| safe_name(n) && n != PROJECT_ENTRY)
        .unwrap_or_else(|| "archive.txt".to_owned());
    let mut copy = project.clone();
    copy.archive.path = PathBuf::from(&name);
    if copy.archive.sha256.is_empty() {
        copy.archive.sha256 = sha256_hex(&archive_bytes);
    }
    let ron = store::to_ron(&copy)?;

    let zip_error = |e: zip::result::ZipError| ExportError::Zip(e.to_string());
    let io_error = |e: io::Error| ExportError::Zip(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(archive_bytes.len() as u64 >= u64::from(u32::MAX));
    zip.start_file(PROJECT_ENTRY, options).map_err(zip_error)?;
    zip.write_all(ron.as_bytes()).map_err(io_error)?;
    zip.start_file(name.as_str(), options).map_err(zip_error)?;
    zip.write_all(&archive_bytes).map_err(io_error)?;
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// Opens the bundle at `path` into the folder `into_dir` (created if needed); returns the
/// project and the extracted archive's path. Nothing is written outside `into_dir`.
pub fn open_bundle(path: &Path, into_dir: &Path) -> Result<(Project, PathBuf), ExportError> {
    open_bundle_with(path, into_dir, Limits::DEFAULT)
}

/// [`open_bundle`] with other limits.
pub fn open_bundle_with(
    path: &Path,
    into_dir: &Path,
    limits: Limits,
) -> Result<(Project, PathBuf), ExportError> {
    let Limits {
        max_entries,
        max_total_bytes,
    } = limits;
    let bad = |message: String| ExportError::BadBundle {
        path: path.to_owned(),
        message,
    };
    let file = File::open(path).map_err(|source| ExportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut zip = ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
    if zip.len() > max_entries {
        return Err(ExportError::TooLarge {
            path: path.to_owned(),
            message: format!("{} entries (at most {max_entries})", zip.len()),
        });
    }
    // Check every name and the declared sizes first, before inflating anything.
    let mut names = Vec::with_capacity(zip.len());
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| bad(e.to_string()))?;
        let name = entry.name().map_err(|e| bad(e.to_string()))?.into_owned();
        if entry.is_dir() {
            continue;
        }
        if !safe_path(&name) {
            return Err(ExportError::UnsafeEntry {
                path: path.to_owned(),
                name,
            });
        }
        total = total.saturating_add(entry.size());
        names.push((i, name));
    }
    if total > max_total_bytes {
        return Err(ExportError::TooLarge {
            path: path.to_owned(),
            message: format!("{total} bytes uncompressed (at most {max_total_bytes})"),
        });
    }
    if !names.iter().any(|(_, n)| n == PROJECT_ENTRY) {
        return Err(bad(format!("it holds no {PROJECT_ENTRY}")));
    }
    // Read (and so CRC-check) every entry before writing any, so a damaged bundle or one whose
    // declared sizes lie writes nothing.
    let mut budget = max_total_bytes;
    let mut contents = Vec::with_capacity(names.len());
    for (i, name) in &names {
        let mut entry = zip.by_index(*i).map_err(|e| bad(e.to_string()))?;
        let mut bytes = Vec::new();
        // Never trust the declared size: read at most what is left of the budget, plus one.
        (&mut entry)
            .take(budget.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        let len = bytes.len() as u64;
        if len > budget {
            return Err(ExportError::TooLarge {
                path: path.to_owned(),
                message: format!("more than {max_total_bytes} bytes uncompressed"),
            });
        }
        budget -= len;
        contents.push((name, bytes));
    }
    // The project and its archive are checked before anything is written too.
    let project_path = into_dir.join(PROJECT_ENTRY);
    let project = contents
        .iter()
        .find(|(n, _)| *n == PROJECT_ENTRY)
        .map(|(_, bytes)| {
            let text = std::str::from_utf8(bytes)
                .map_err(|e| bad(format!("{PROJECT_ENTRY} is not UTF-8 text: {e}")))?;
            store::from_ron(text, &project_path).map_err(ExportError::from)
        })
        .ok_or_else(|| bad(format!("it holds no {PROJECT_ENTRY}")))??;
    let archive_name = project.archive.path.to_string_lossy().into_owned();
    let archive_bytes = contents
        .iter()
        .find(|(n, _)| safe_path(&archive_name) && **n == archive_name)
        .map(|(_, bytes)| bytes)
        .ok_or_else(|| {
            bad(format!(
                "the project names the archive {archive_name:?}, which the bundle does not hold"
            ))
        })?;
    if !project.archive.sha256.is_empty() && sha256_hex(archive_bytes) != project.archive.sha256 {
        return Err(bad(format!(
            "{archive_name} does not match the SHA-256 recorded in the project (damaged?)"
        )));
    }
    std::fs::create_dir_all(into_dir).map_err(|source| ExportError::Write {
        path: into_dir.to_owned(),
        source,
    })?;
    for (name, bytes) in &contents {
        let target = into_dir.join(name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        write_file(&target, bytes)?;
    }
    let archive_path = into_dir.join(&archive_name);
    Ok((project, archive_path))
}

/// Opens a project file or a bundle (told apart by the zip magic bytes). A bundle is
/// extracted into a cache folder named after its content ([`bundle_dir`]), so the same bundle
/// always opens in the same place and nothing next to it is overwritten.
pub fn load_project_any(path: &Path) -> Result<Loaded, ExportError> {
    if is_zip(path)? {
        let dir = bundle_dir(path)?;
        let (project, archive_path) = open_bundle(path, &dir)?;
        return Ok(Loaded {
            project,
            project_path: dir.join(PROJECT_ENTRY),
            archive_path,
            from_bundle: true,
        });
    }
    let project = store::load(path)?;
    let archive_path = project.archive.resolve(path);
    Ok(Loaded {
        project,
        project_path: path.to_owned(),
        archive_path,
        from_bundle: false,
    })
}

/// True if the file starts with a zip signature.
pub fn is_zip(path: &Path) -> Result<bool, ExportError> {
    let mut head = [0u8; 4];
    let mut file = File::open(path).map_err(|source| ExportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(ExportError::Read {
                    path: path.to_owned(),
                    source,
                })
            }
        }
    }
    Ok(n == 4 && (head == *b"PK\x03\x04" || head == *b"PK\x05\x06"))
}

/// Where `load_project_any` extracts a bundle: `<cache>/pressmark/bundles/<sha256 prefix>`
/// (the system temporary folder if there is no cache folder).
pub fn bundle_dir(path: &Path) -> Result<PathBuf, ExportError> {
    let sha = store::sha256_file(path).map_err(|source| ExportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let base = dirs::cache_dir().unwrap_or_else(std::env::temp_dir);
    Ok(base.join("pressmark").join("bundles").join(&sha[..16]))
}

/// A relative `/`-separated path of plain names: no `..`, `.`, empty parts, absolute roots,
/// backslashes, drive letters or control characters.
pub fn safe_path(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('/')
        && name.split('/').all(safe_name)
}

fn safe_name(part: &str) -> bool {
    !part.is_empty()
        && part != "."
        && part != ".."
        && !part.contains(['\\', ':', '\0'])
        && !part.chars().any(char::is_control)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names() {
        assert!(safe_path("project.ron"));
        assert!(safe_path("sources/a.txt"));
        for bad in [
            "../evil",
            "/etc/passwd",
            "a/../../b",
            "C:\\x",
            "a\\..\\b",
            "",
            "a//b",
        ] {
            assert!(!safe_path(bad), "{bad}");
        }
    }
}
