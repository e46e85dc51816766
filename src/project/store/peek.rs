//! Reading a project file's archive path from its first lines, without parsing the whole
//! file: so that a large archive can start loading while a large project is parsed.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::project::ArchiveRef;

/// How much of the file's start is read: the archive reference comes before the codebook.
const HEAD: u64 = 64 * 1024;

/// The archive a project file refers to (resolved against the project's folder), if its
/// head names one in the form `save` writes. `None` when it cannot tell; the full load
/// then decides.
pub fn peek_archive_path(project_path: &Path) -> Option<PathBuf> {
    let mut head = Vec::new();
    std::fs::File::open(project_path)
        .ok()?
        .take(HEAD)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let after = text.get(text.find("archive:")?..)?;
    let after = after.get(after.find("path:")? + "path:".len()..)?;
    let quoted = after.trim_start().strip_prefix('"')?;
    let mut path = String::new();
    let mut chars = quoted.chars();
    loop {
        match chars.next()? {
            '"' => break,
            '\\' => match chars.next()? {
                c @ ('"' | '\\') => path.push(c),
                // Other escapes are rare in paths; leave them to the full parse.
                _ => return None,
            },
            c => path.push(c),
        }
    }
    if path.is_empty() {
        return None;
    }
    let reference = ArchiveRef {
        path: PathBuf::from(path),
        sha256: String::new(),
        more: Vec::new(),
    };
    Some(reference.resolve(project_path))
}
