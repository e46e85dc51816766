//! Zip bombs and colliding names in bundles (issue 16 item 11): refused before anything is
//! written, memory and disk bounded while inflating, no partial file left behind. Every
//! bundle here is real zip bytes made with the zip crate around the sample's project and
//! archive, with a bomb or a colliding entry added.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use pressmark::export::bundle::{self, Limits};
use pressmark::export::ExportError;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use crate::common;

/// The entries of a real bundle of the sample project: (name, bytes).
fn real_entries(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let (project, project_path, _) = common::tagged_sample_project(&src);
    let out = src.join("real.pressmark.zip");
    bundle::write_bundle(&project, &project_path, &out).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let entries = (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (e.name().unwrap().into_owned(), bytes)
        })
        .collect();
    std::fs::remove_dir_all(&src).unwrap();
    entries
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
}

/// Writes a zip of `entries` and then `zeros` bytes of zeros under the name `bomb`.
fn write_zip(path: &Path, entries: &[(String, Vec<u8>)], bomb: Option<(&str, usize)>) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), deflated()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    if let Some((name, zeros)) = bomb {
        zip.start_file(name, deflated()).unwrap();
        let block = vec![0u8; 1 << 20];
        let mut left = zeros;
        while left > 0 {
            let n = left.min(block.len());
            zip.write_all(&block[..n]).unwrap();
            left -= n;
        }
    }
    zip.finish().unwrap();
}

/// Every file and folder under `dir`, relative to it.
fn tree(dir: &Path) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, at: &Path, out: &mut BTreeSet<PathBuf>) {
        for e in std::fs::read_dir(at).unwrap() {
            let p = e.unwrap().path();
            out.insert(p.strip_prefix(root).unwrap().to_owned());
            if p.is_dir() {
                walk(root, &p, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

/// Opens `bundle` into `dir/opened/deeper` expecting a refusal; checks that nothing at all
/// was written (not even the folders on the way).
fn refused(dir: &Path, bundle: &Path, limits: Limits) -> ExportError {
    let before = tree(dir);
    let into = dir.join("opened").join("deeper");
    let err = bundle::open_bundle_with(bundle, &into, limits).unwrap_err();
    assert_eq!(tree(dir), before, "a refused bundle writes nothing: {err}");
    err
}

#[test]
fn a_bomb_is_refused_on_its_declared_ratio_before_inflating() {
    let d = tempfile::tempdir().unwrap();
    let entries = real_entries(d.path());
    let path = d.path().join("bomb.zip");
    // 64 MiB of zeros deflate to about 64 kB: a thousand to one.
    write_zip(&path, &entries, Some(("padding.bin", 64 << 20)));
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let err = refused(d.path(), &path, Limits::DEFAULT);
    assert!(matches!(err, ExportError::TooLarge { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("padding.bin"), "{message}");
    assert!(message.contains("to 1"), "{message}");
}

/// Sets every entry's uncompressed size, in the local and the central headers, to `size`.
fn lie_about_sizes(bytes: &mut [u8], size: u32) {
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let size_at = match &bytes[at..at + 4] {
            b"PK\x03\x04" => Some(at + 22),
            b"PK\x01\x02" => Some(at + 24),
            _ => None,
        };
        if let Some(s) = size_at {
            bytes[s..s + 4].copy_from_slice(&size.to_le_bytes());
        }
        at += 1;
    }
}

#[test]
fn a_bomb_whose_headers_lie_is_stopped_while_inflating() {
    let d = tempfile::tempdir().unwrap();
    let entries = real_entries(d.path());
    let path = d.path().join("liar.zip");
    write_zip(&path, &entries, Some(("padding.bin", 64 << 20)));
    let mut bytes = std::fs::read(&path).unwrap();
    // Every entry claims 200 kB: within any ratio and total. The bomb inflates to 64 MiB.
    lie_about_sizes(&mut bytes, 200_000);
    std::fs::write(&path, &bytes).unwrap();
    let err = refused(d.path(), &path, Limits::DEFAULT);
    // Stopped at the declared size, by the zip reader's own count or by Pressmark's.
    assert!(
        matches!(
            err,
            ExportError::TooLarge { .. } | ExportError::BadBundle { .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("declared"), "{err}");
}

#[test]
fn colliding_names_are_refused_before_anything_is_written() {
    let d = tempfile::tempdir().unwrap();
    let entries = real_entries(d.path());
    for (a, b) in [("x", "x/y"), ("notes/a.txt", "NOTES/A.TXT"), ("x/y", "X")] {
        let mut all = entries.clone();
        all.push((a.to_owned(), b"first".to_vec()));
        all.push((b.to_owned(), b"second".to_vec()));
        let path = d.path().join("collide.zip");
        write_zip(&path, &all, None);
        let err = refused(d.path(), &path, Limits::DEFAULT);
        assert!(
            matches!(err, ExportError::BadBundle { .. }),
            "{a} {b}: {err}"
        );
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn an_archive_that_fails_its_hash_leaves_nothing_behind() {
    let d = tempfile::tempdir().unwrap();
    let mut entries = real_entries(d.path());
    // The archive's text changed after the project recorded its hash; the zip itself is
    // sound (its CRCs match), so this is found only once the archive is inflated.
    let archive = entries
        .iter_mut()
        .find(|(n, _)| n != "project.ron")
        .unwrap();
    let text = String::from_utf8(archive.1.clone()).unwrap();
    archive.1 = text
        .replacen("over 500,000", "over 600,000", 1)
        .into_bytes();
    let path = d.path().join("changed.zip");
    write_zip(&path, &entries, None);
    let err = refused(d.path(), &path, Limits::DEFAULT);
    assert!(err.to_string().contains("SHA-256"), "{err}");
}

#[test]
fn a_bundle_opens_twice_into_the_same_folder() {
    let d = tempfile::tempdir().unwrap();
    let entries = real_entries(d.path());
    let path = d.path().join("good.zip");
    write_zip(&path, &entries, None);
    let into = d.path().join("opened");
    let (first, archive) = bundle::open_bundle(&path, &into).unwrap();
    let (second, again) = bundle::open_bundle(&path, &into).unwrap();
    assert_eq!(first, second);
    assert_eq!(archive, again);
    // Only the bundle's own files, no temporary folder beside them.
    let names: BTreeSet<PathBuf> = tree(d.path());
    let expected: BTreeSet<PathBuf> = ["good.zip", "opened", "opened/project.ron"]
        .iter()
        .map(PathBuf::from)
        .chain([PathBuf::from("opened").join(archive.file_name().unwrap())])
        .collect();
    assert_eq!(names, expected);
}

#[test]
fn the_command_line_refuses_a_bomb_and_leaves_the_cache_empty() {
    let d = tempfile::tempdir().unwrap();
    let entries = real_entries(d.path());
    let path = d.path().join("bomb.pressmark.zip");
    // Honest headers: before the ratio bound, this was inflated in memory and written out
    // in full to the cache.
    write_zip(&path, &entries, Some(("padding.bin", 64 << 20)));
    let cache = d.path().join("cache");
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_pressmark"))
            .arg("check")
            .arg(&path)
            .env("XDG_CACHE_HOME", &cache)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("bundle too large"), "{stderr}");
        assert!(stderr.contains("padding.bin"), "{stderr}");
        // Nothing in the cache: no folder for the bundle, no partial file.
        let left: Vec<PathBuf> = if cache.exists() {
            tree(&cache)
                .into_iter()
                .filter(|p| !cache.join(p).is_dir())
                .collect()
        } else {
            Vec::new()
        };
        assert!(left.is_empty(), "{left:?}");
    }
}
