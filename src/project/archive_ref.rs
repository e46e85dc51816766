//! What a project records of an archive that is a folder: one SHA-256 over every archive
//! file in it (its path inside the folder and its own SHA-256, in name order), so the
//! project knows when a file was added, removed or edited, and the record does not change
//! when the folder is moved. A single file keeps its plain SHA-256, as before.

use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::store::sha256_file;

/// SHA-256 of an archive file, or the digest of a folder's archive files, lower-case hex.
pub fn archive_digest(path: &Path) -> io::Result<String> {
    if !path.is_dir() {
        return sha256_file(path);
    }
    let files = crate::archive::files_in(path).map_err(io::Error::other)?;
    let mut hasher = Sha256::new();
    for file in files {
        let inner = file.strip_prefix(path).unwrap_or(&file);
        let parts: Vec<String> = inner
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        hasher.update(parts.join("/").as_bytes());
        hasher.update(b"\0");
        hasher.update(sha256_file(&file)?.as_bytes());
        hasher.update(b"\n");
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_digest_follows_its_files_not_its_place() {
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/home-office-may-2023.txt"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a");
        std::fs::create_dir_all(a.join("sub")).expect("mkdir");
        std::fs::copy(sample, a.join("sub/one.txt")).expect("copy");
        let first = archive_digest(&a).expect("digest");
        assert_eq!(first.len(), 64);
        // Moved: the same.
        let b = dir.path().join("b");
        std::fs::rename(&a, &b).expect("move");
        assert_eq!(archive_digest(&b).expect("digest"), first);
        // A file added, then edited, then removed: different each time, and back.
        std::fs::copy(sample, b.join("two.txt")).expect("copy");
        let added = archive_digest(&b).expect("digest");
        assert_ne!(added, first);
        std::fs::write(b.join("two.txt"), "Tag: x\n").expect("write");
        assert_ne!(archive_digest(&b).expect("digest"), added);
        std::fs::remove_file(b.join("two.txt")).expect("remove");
        assert_eq!(archive_digest(&b).expect("digest"), first);
        // Files that are not archives do not count.
        std::fs::write(b.join("logo.png"), b"\x89PNG").expect("write");
        assert_eq!(archive_digest(&b).expect("digest"), first);
        // A single file: its plain SHA-256, as projects have always recorded.
        assert_eq!(
            archive_digest(Path::new(sample)).expect("digest"),
            sha256_file(Path::new(sample)).expect("sha")
        );
    }
}
