//! What a project records of its archive: one SHA-256 that changes when a file is added,
//! removed or edited, and not when the archive is moved.
//!
//! A single file keeps its plain SHA-256, as before. A folder gets one SHA-256 over every
//! archive file in it (its path inside the folder and its own SHA-256, in the order a load
//! reads them). Several files or folders (`archive.more`) get one SHA-256 over their
//! digests in order, so that only their contents count, not their names or places.

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::store::sha256_file;

/// SHA-256 of an archive file, or the digest of a folder's archive files, lower-case hex.
pub fn archive_digest(path: &Path) -> io::Result<String> {
    if !path.is_dir() {
        return sha256_file(path);
    }
    let files = crate::archive::files_in(path).map_err(io::Error::other)?;
    let mut folder = FolderDigest::default();
    for file in files {
        let inner = file.strip_prefix(path).unwrap_or(&file);
        folder.add(inner, &sha256_file(&file)?);
    }
    Ok(folder.finish())
}

/// The digest of an archive made of `paths` (each a file or a folder): that of the one path
/// alone, else one over each path's digest in order.
pub fn archive_digest_all(paths: &[PathBuf]) -> io::Result<String> {
    match paths {
        [one] => archive_digest(one),
        _ => {
            let digests = paths
                .iter()
                .map(|p| archive_digest(p))
                .collect::<io::Result<Vec<String>>>()?;
            Ok(combine(&digests))
        }
    }
}

/// [`archive_digest_all`], read from the cache folder where it was stored for the same files
/// (path, size, modification time) and stored there otherwise (see [`crate::cache::digest`]).
pub fn archive_digest_stored(paths: &[PathBuf]) -> io::Result<String> {
    crate::cache::digest::stored_or(paths, || archive_digest_all(paths))
}

/// The digest of several paths from each one's digest, in order.
pub fn combine(digests: &[String]) -> String {
    let mut hasher = Sha256::new();
    for d in digests {
        hasher.update(d.as_bytes());
        hasher.update(b"\n");
    }
    hex(&hasher.finalize())
}

/// A folder's digest, built from its files' paths inside it and their SHA-256s, added in
/// the order a load reads them (see [`crate::archive::files_in`]).
#[derive(Default)]
pub struct FolderDigest {
    hasher: Sha256,
}

impl FolderDigest {
    pub fn add(&mut self, inner: &Path, sha256: &str) {
        let parts: Vec<String> = inner
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        self.hasher.update(parts.join("/").as_bytes());
        self.hasher.update(b"\0");
        self.hasher.update(sha256.as_bytes());
        self.hasher.update(b"\n");
    }

    pub fn finish(self) -> String {
        hex(&self.hasher.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

    #[test]
    fn several_paths_digest_their_contents_in_order_not_their_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let json = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/govuk-press-release.json"
        );
        let feed = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/rss2-nasa.xml"
        );
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.xml"));
        std::fs::copy(json, &a).expect("copy");
        std::fs::copy(feed, &b).expect("copy");
        let both = archive_digest_all(&[a.clone(), b.clone()]).expect("digest");
        // One path alone: that path's own digest.
        assert_eq!(
            archive_digest_all(std::slice::from_ref(&a)).expect("digest"),
            sha256_file(&a).expect("sha")
        );
        // Renamed: the same; in the other order, or one edited: different.
        let (c, d) = (dir.path().join("c.json"), dir.path().join("d.xml"));
        std::fs::rename(&a, &c).expect("move");
        std::fs::rename(&b, &d).expect("move");
        assert_eq!(
            archive_digest_all(&[c.clone(), d.clone()]).expect("d"),
            both
        );
        assert_ne!(
            archive_digest_all(&[d.clone(), c.clone()]).expect("d"),
            both
        );
        std::fs::write(&d, "<rss></rss>").expect("write");
        assert_ne!(archive_digest_all(&[c, d]).expect("d"), both);
    }
}
