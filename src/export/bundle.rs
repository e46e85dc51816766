//! A bundle: one zip file holding `project.ron` and every file of the archive, so a
//! colleague gets everything in one file.
//!
//! Inside the bundle the project's archive path is the archive's file name; an archive that
//! is a folder is held as a folder of that name with its archive files (files that are not
//! archives, such as images, are left out, as a load leaves them out), and each further
//! path of an archive of several (`archive.more`) under its own name. Opening a bundle
//! never writes outside the folder given, refuses entries whose names climb out (`..`,
//! absolute paths, drive letters) or collide (`x` beside `x/y`), more than [`MAX_ENTRIES`]
//! entries, more than [`MAX_TOTAL_BYTES`] uncompressed or a compression ratio above
//! [`MAX_RATIO`] (see [`Limits`]), and checks the archive against its recorded SHA-256.
//! Names and declared sizes are checked before anything is inflated; the bytes that really
//! come out are counted while inflating, into a temporary folder that becomes the
//! destination only when everything is complete and checked, so a refused or damaged bundle
//! leaves nothing behind and memory stays small whatever the bundle holds.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::archive::Archive;
use crate::project::{store, Project};

use super::format::{place_claims, write_file};
use super::ExportError;

/// The project's name inside a bundle.
pub const PROJECT_ENTRY: &str = "project.ron";
/// At most this many entries: a folder archive of 100,000 files and the project.
pub const MAX_ENTRIES: usize = 100_001;
/// At most this many bytes, uncompressed, in all entries together (4 GiB).
pub const MAX_TOTAL_BYTES: u64 = 4 << 30;
/// At most this many bytes out for each compressed byte in. Deflate reaches about 1,000 to 1
/// on a run of one byte; press-release text at the level bundles are written with, about 3
/// to 1; a page of boilerplate repeated, 10 to 20.
pub const MAX_RATIO: u64 = 200;
/// At most this many bytes in the bundle's `project.ron`, which is read into memory (a
/// project of 100,000 claims is about 40 MB).
pub const MAX_PROJECT_BYTES: u64 = 256 << 20;
/// Entries smaller than this are not held to the ratio (a tiny file's ratio means nothing).
const RATIO_SLACK: u64 = 1 << 20;

/// What opening a bundle accepts; [`Limits::DEFAULT`] is what the app uses. Tests pass
/// smaller limits to check refusal without making gigabyte files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_entries: usize,
    /// Uncompressed bytes of all entries together.
    pub max_total_bytes: u64,
    /// Uncompressed bytes per compressed byte, for each entry (beyond the first MiB).
    pub max_ratio: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_entries: MAX_ENTRIES,
        max_total_bytes: MAX_TOTAL_BYTES,
        max_ratio: MAX_RATIO,
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
    /// The archive file (or folder) on disk; the first of `archive_paths`.
    pub archive_path: PathBuf,
    /// Every file or folder of the archive on disk, in order (one for most projects).
    pub archive_paths: Vec<PathBuf>,
    /// True if it came from a bundle.
    pub from_bundle: bool,
}

/// Writes a bundle of `project` (saved at `project_path`, whose archive it resolves) to `out`.
pub fn write_bundle(project: &Project, project_path: &Path, out: &Path) -> Result<(), ExportError> {
    let paths = project.archive.resolve_all(project_path);
    let archive = Archive::load(&paths)?;
    write_bundle_placed(project, &paths, &archive, out)
}

/// Writes a bundle of `project` and the archive file or folder at `archive_path` to `out`.
pub fn write_bundle_from(
    project: &Project,
    archive_path: &Path,
    out: &Path,
) -> Result<(), ExportError> {
    let paths = [archive_path.to_owned()];
    let archive = Archive::load(&paths)?;
    write_bundle_placed(project, &paths, &archive, out)
}

/// Writes a bundle of `project` and the archive at `archive_paths` (files or folders, read
/// as `archive`) to `out`, the claims first placed in the archive as it is now (see
/// [`place_claims`](super::format::place_claims)), so the bundle's anchors and recorded hash
/// are those of the archive it holds.
pub(crate) fn write_bundle_placed(
    project: &Project,
    archive_paths: &[PathBuf],
    archive: &Archive,
    out: &Path,
) -> Result<(), ExportError> {
    let project = place_claims(project, archive)?;
    let bytes = bundle_bytes(&project, archive_paths)?;
    write_file(out, &bytes)
}

/// The name a path of the archive gets in a bundle: its own file name, unless that is not a
/// plain name, is the project's, or is taken (in any case) by an earlier path.
fn entry_name(path: &Path, taken: &HashSet<String>) -> String {
    let own = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| safe_name(n) && !n.eq_ignore_ascii_case(PROJECT_ENTRY))
        .unwrap_or_else(|| {
            if path.is_dir() {
                "archive".to_owned()
            } else {
                "archive.txt".to_owned()
            }
        });
    // A second `phe.json` (from another folder) is `2-phe.json`, and so on.
    let mut name = own.clone();
    let mut n = 1;
    while taken.contains(&name.to_lowercase()) {
        n += 1;
        name = format!("{n}-{own}");
    }
    name
}

/// The bundle's bytes: `project` as it is (its claims already placed in this archive) and
/// every archive file's bytes, with the archive's hash recorded.
fn bundle_bytes(project: &Project, archive_paths: &[PathBuf]) -> Result<Vec<u8>, ExportError> {
    use crate::project::archive_ref::{combine, FolderDigest};
    let read_error = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Read { path, source }
    };
    let zip_error = |e: zip::result::ZipError| ExportError::Zip(e.to_string());
    let io_error = |e: io::Error| ExportError::Zip(e.to_string());
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let add = |zip: &mut ZipWriter<Cursor<Vec<u8>>>, name: &str, file: &Path| {
        let bytes = std::fs::read(file).map_err(read_error(file))?;
        let options = options.large_file(bytes.len() as u64 >= u64::from(u32::MAX));
        zip.start_file(name, options).map_err(zip_error)?;
        zip.write_all(&bytes).map_err(io_error)?;
        // The hash of the bytes put in the bundle, not of the file read again later.
        Ok::<String, ExportError>(sha256_hex(&bytes))
    };

    let mut names = Vec::with_capacity(archive_paths.len());
    let mut taken: HashSet<String> = HashSet::new();
    let mut digests = Vec::with_capacity(archive_paths.len());
    // The archive first, so that a failure to read it is reported before the project is
    // written; the project goes last (the entries are sorted when opened).
    for path in archive_paths {
        let name = entry_name(path, &taken);
        taken.insert(name.to_lowercase());
        if path.is_dir() {
            let files = crate::archive::files_in(path)
                .map_err(|e| read_error(path)(io::Error::other(e.to_string())))?;
            let mut folder = FolderDigest::default();
            for file in files {
                let inner = file.strip_prefix(path).unwrap_or(&file).to_owned();
                let inner_name: Vec<String> = inner
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let entry = format!("{name}/{}", inner_name.join("/"));
                if !safe_path(&entry) {
                    return Err(ExportError::Zip(format!(
                        "{} cannot be put in a bundle under its name",
                        file.display()
                    )));
                }
                let sha = add(&mut zip, &entry, &file)?;
                folder.add(&inner, &sha);
            }
            digests.push(folder.finish());
        } else {
            digests.push(add(&mut zip, &name, path)?);
        }
        names.push(PathBuf::from(name));
    }
    let mut copy = project.clone();
    let mut names = names.into_iter();
    copy.archive.path = names.next().unwrap_or_else(|| PathBuf::from("archive.txt"));
    copy.archive.more = names.collect();
    // The claims are placed in these bytes: record their hash, even if the project still
    // held the hash of the archive it was tagged on.
    copy.archive.sha256 = match digests.as_slice() {
        [one] => one.clone(),
        several => combine(several),
    };
    let ron = store::to_ron(&copy)?;
    zip.start_file(PROJECT_ENTRY, options).map_err(zip_error)?;
    zip.write_all(ron.as_bytes()).map_err(io_error)?;
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// Opens the bundle at `path` into the folder `into_dir` (created if needed); returns the
/// project and the extracted archive's path (its first, for an archive of several: see
/// [`open_bundle_all`]). Nothing is written outside `into_dir`.
pub fn open_bundle(path: &Path, into_dir: &Path) -> Result<(Project, PathBuf), ExportError> {
    open_bundle_with(path, into_dir, Limits::DEFAULT)
}

/// [`open_bundle`], returning every path of the archive, in order.
pub fn open_bundle_all(
    path: &Path,
    into_dir: &Path,
) -> Result<(Project, Vec<PathBuf>), ExportError> {
    open_bundle_all_with(path, into_dir, Limits::DEFAULT)
}

/// [`open_bundle`] with other limits.
pub fn open_bundle_with(
    path: &Path,
    into_dir: &Path,
    limits: Limits,
) -> Result<(Project, PathBuf), ExportError> {
    let (project, paths) = open_bundle_all_with(path, into_dir, limits)?;
    let first = paths
        .into_iter()
        .next()
        .unwrap_or_else(|| into_dir.to_owned());
    Ok((project, first))
}

/// [`open_bundle_all`] with other limits.
///
/// Every name and declared size is checked before anything is inflated; entries are then
/// inflated into a temporary folder beside `into_dir`, counting the bytes that really come
/// out (never more than declared), and moved into `into_dir` only when all of them are
/// complete and the archive's hash is right. A refusal removes the temporary folder.
pub fn open_bundle_all_with(
    path: &Path,
    into_dir: &Path,
    limits: Limits,
) -> Result<(Project, Vec<PathBuf>), ExportError> {
    let bad = |message: String| ExportError::BadBundle {
        path: path.to_owned(),
        message,
    };
    let file = File::open(path).map_err(|source| ExportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut zip = ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
    let plan = plan_entries(path, &mut zip, limits)?;
    let project_index = plan
        .iter()
        .find(|e| e.name == PROJECT_ENTRY)
        .map(|e| e.index)
        .ok_or_else(|| bad(format!("it holds no {PROJECT_ENTRY}")))?;
    // The project is small and needed first (it names the archive): read it into memory,
    // still bounded by what its header declared.
    let project_path = into_dir.join(PROJECT_ENTRY);
    let project = {
        let declared = plan
            .iter()
            .find(|e| e.index == project_index)
            .map_or(0, |e| e.size);
        let mut entry = zip
            .by_index(project_index)
            .map_err(|e| bad(e.to_string()))?;
        let mut bytes = Vec::new();
        (&mut entry)
            .take(declared.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("{PROJECT_ENTRY}: {e}")))?;
        if bytes.len() as u64 > declared {
            return Err(inflates_past_header(path, PROJECT_ENTRY, declared));
        }
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| bad(format!("{PROJECT_ENTRY} is not UTF-8 text: {e}")))?;
        store::from_ron(text, &project_path)?
    };
    // Each path of the archive: a file entry of that name, or a folder of entries under it.
    let names: Vec<String> = std::iter::once(&project.archive.path)
        .chain(&project.archive.more)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for name in &names {
        let folder = format!("{name}/");
        if !safe_path(name)
            || !plan
                .iter()
                .any(|e| e.name == *name || e.name.starts_with(&folder))
        {
            return Err(bad(format!(
                "the project names the archive {name:?}, which the bundle does not hold"
            )));
        }
    }
    let staging = Staging::new(into_dir)?;
    for entry in &plan {
        staging.inflate(path, &mut zip, entry)?;
    }
    if !project.archive.sha256.is_empty() {
        // Hashed as a load reads them (a folder's archive files, by their paths inside it).
        let staged: Vec<PathBuf> = names.iter().map(|n| staging.dir.join(n)).collect();
        let digest = crate::project::archive_ref::archive_digest_all(&staged)
            .map_err(|e| bad(format!("the archive could not be read back: {e}")))?;
        if digest != project.archive.sha256 {
            return Err(bad(format!(
                "{} does not match the SHA-256 recorded in the project (damaged?)",
                names.join(", ")
            )));
        }
    }
    staging.commit(&plan)?;
    let archive_paths = names.iter().map(|n| into_dir.join(n)).collect();
    Ok((project, archive_paths))
}

/// One file entry to extract.
#[derive(Debug)]
struct Planned {
    index: usize,
    name: String,
    /// Uncompressed size, as declared in the central directory.
    size: u64,
}

/// Checks every entry's name and declared sizes without inflating anything: names that
/// climb out or collide (the same name twice, in any case, or `x` beside `x/y`), too many
/// entries, too many bytes, or a compression ratio no real text reaches.
fn plan_entries(
    path: &Path,
    zip: &mut ZipArchive<File>,
    limits: Limits,
) -> Result<Vec<Planned>, ExportError> {
    let Limits {
        max_entries,
        max_total_bytes,
        max_ratio,
    } = limits;
    let bad = |message: String| ExportError::BadBundle {
        path: path.to_owned(),
        message,
    };
    let too_large = |message: String| ExportError::TooLarge {
        path: path.to_owned(),
        message,
    };
    if zip.len() > max_entries {
        return Err(too_large(format!(
            "{} entries (at most {max_entries})",
            zip.len()
        )));
    }
    let mut plan = Vec::with_capacity(zip.len());
    let mut total: u64 = 0;
    let mut folded: HashSet<String> = HashSet::new();
    for index in 0..zip.len() {
        let entry = zip.by_index_raw(index).map_err(|e| bad(e.to_string()))?;
        let name = entry.name().map_err(|e| bad(e.to_string()))?.into_owned();
        let is_dir = entry.is_dir();
        let (size, compressed) = (entry.size(), entry.compressed_size());
        drop(entry);
        let plain = name.trim_end_matches('/');
        if !safe_path(plain) {
            return Err(ExportError::UnsafeEntry {
                path: path.to_owned(),
                name,
            });
        }
        if is_dir {
            // Folders are made as their files need them; an empty one is not worth making.
            continue;
        }
        if !folded.insert(plain.to_lowercase()) {
            return Err(bad(format!("it holds {name:?} twice")));
        }
        if size
            > compressed
                .saturating_mul(max_ratio)
                .saturating_add(RATIO_SLACK)
        {
            return Err(too_large(format!(
                "{name:?} would inflate {compressed} bytes to {size} (more than {max_ratio} to 1)"
            )));
        }
        if plain == PROJECT_ENTRY && size > MAX_PROJECT_BYTES {
            return Err(too_large(format!(
                "{PROJECT_ENTRY} is {size} bytes (at most {MAX_PROJECT_BYTES})"
            )));
        }
        total = total.saturating_add(size);
        plan.push(Planned {
            index,
            name: plain.to_owned(),
            size,
        });
    }
    if total > max_total_bytes {
        return Err(too_large(format!(
            "{total} bytes uncompressed (at most {max_total_bytes})"
        )));
    }
    // A file whose name is also a folder of another (`x` and `x/y`) cannot be extracted
    // whole: refuse it before anything is written.
    for e in &plan {
        let mut at = 0;
        while let Some(slash) = e.name[at..].find('/') {
            let folder = e.name[..at + slash].to_lowercase();
            if folded.contains(&folder) {
                return Err(bad(format!(
                    "{:?} is both a file and the folder of {:?}",
                    &e.name[..at + slash],
                    e.name
                )));
            }
            at += slash + 1;
        }
    }
    plan.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(plan)
}

fn inflates_past_header(path: &Path, name: &str, declared: u64) -> ExportError {
    ExportError::TooLarge {
        path: path.to_owned(),
        message: format!("{name:?} inflates to more than the {declared} bytes its header declares"),
    }
}

/// A temporary folder beside the destination that entries are inflated into; removed when
/// dropped unless committed.
struct Staging {
    dir: PathBuf,
    into_dir: PathBuf,
    /// Folders this made for the destination's parent, deepest first.
    made: Vec<PathBuf>,
    committed: bool,
}

impl Staging {
    fn new(into_dir: &Path) -> Result<Staging, ExportError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let write_error = |path: &Path| {
            let path = path.to_owned();
            move |source| ExportError::Write { path, source }
        };
        let parent = match into_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        // The folders this makes (deepest first), to remove again on failure.
        let made: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(&parent).map_err(write_error(&parent))?;
        let name = into_dir
            .file_name()
            .map_or_else(|| "bundle".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(
            ".{name}.{}-{}.partial",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let staging = Staging {
            dir,
            into_dir: into_dir.to_owned(),
            made,
            committed: false,
        };
        std::fs::create_dir(&staging.dir).map_err(write_error(&staging.dir))?;
        Ok(staging)
    }

    /// Inflates one entry into the staging folder, never past its declared size.
    fn inflate(
        &self,
        path: &Path,
        zip: &mut ZipArchive<File>,
        planned: &Planned,
    ) -> Result<(), ExportError> {
        let bad = |message: String| ExportError::BadBundle {
            path: path.to_owned(),
            message,
        };
        let target = self.dir.join(&planned.name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        let write_error = |source| ExportError::Write {
            path: target.clone(),
            source,
        };
        let mut out = File::options()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(write_error)?;
        let mut entry = zip
            .by_index(planned.index)
            .map_err(|e| bad(e.to_string()))?;
        let mut buf = vec![0u8; 1 << 16];
        let mut written: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(bad(format!("{}: {e}", planned.name))),
            };
            written += n as u64;
            // Counted as it comes out: a header that understates the size stops here, not
            // after gigabytes.
            if written > planned.size {
                return Err(inflates_past_header(path, &planned.name, planned.size));
            }
            out.write_all(&buf[..n]).map_err(write_error)?;
        }
        out.sync_all().map_err(write_error)?;
        Ok(())
    }

    /// Moves the complete extraction into place: the whole folder at once if the destination
    /// does not exist yet, otherwise file by file (each rename atomic).
    fn commit(mut self, plan: &[Planned]) -> Result<(), ExportError> {
        let write_error = |path: &Path| {
            let path = path.to_owned();
            move |source| ExportError::Write { path, source }
        };
        if std::fs::rename(&self.dir, &self.into_dir).is_err() {
            for e in plan {
                let target = self.into_dir.join(&e.name);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(write_error(parent))?;
                }
                std::fs::rename(self.dir.join(&e.name), &target).map_err(write_error(&target))?;
            }
        }
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        for folder in &self.made {
            // Only if still empty: something else may have been put there meanwhile.
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }
}

/// Opens a project file or a bundle (told apart by the zip magic bytes). A bundle is
/// extracted into a cache folder named after its content ([`bundle_dir`]), so the same bundle
/// always opens in the same place and nothing next to it is overwritten.
pub fn load_project_any(path: &Path) -> Result<Loaded, ExportError> {
    if is_zip(path)? {
        let dir = bundle_dir(path)?;
        let (project, archive_paths) = open_bundle_all(path, &dir)?;
        return Ok(Loaded {
            project,
            project_path: dir.join(PROJECT_ENTRY),
            archive_path: archive_paths.first().cloned().unwrap_or_default(),
            archive_paths,
            from_bundle: true,
        });
    }
    let project = store::load(path)?;
    let archive_paths = project.archive.resolve_all(path);
    Ok(Loaded {
        project,
        project_path: path.to_owned(),
        archive_path: archive_paths.first().cloned().unwrap_or_default(),
        archive_paths,
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
