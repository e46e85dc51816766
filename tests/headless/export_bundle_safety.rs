//! Opening a bundle refuses oversize, damaged and climbing bundles with a clear message,
//! writes nothing for a refused bundle and never writes outside the chosen folder. Every
//! bundle here is a real one made from the bundled sample, then cut, damaged or padded.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use pressmark::export::bundle::{self, Limits};
use pressmark::export::ExportError;

use crate::common;

/// A real bundle of a project with a few claims on the sample, at `dir/work.pressmark.zip`.
fn real_bundle(dir: &Path) -> PathBuf {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let (project, project_path, _) = common::tagged_sample_project(&src);
    let out = dir.join("work.pressmark.zip");
    bundle::write_bundle(&project, &project_path, &out).unwrap();
    out
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

/// Opens `bundle` into `dir/opened` expecting a refusal; checks nothing at all was written.
fn refused(dir: &Path, bundle: &Path, limits: Limits) -> ExportError {
    let before = tree(dir);
    let into = dir.join("opened");
    let err = bundle::open_bundle_with(bundle, &into, limits).unwrap_err();
    assert!(!into.exists(), "a refused bundle writes nothing: {err}");
    assert_eq!(tree(dir), before, "a refused bundle writes nothing: {err}");
    err
}

/// (name, offset of its data, compressed size) of each entry.
fn entries(bundle: &Path) -> Vec<(String, u64, u64)> {
    let bytes = std::fs::read(bundle).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(bundle).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let e = zip.by_index_raw(i).unwrap();
            let h = e.header_start() as usize;
            let name_len = u16::from_le_bytes([bytes[h + 26], bytes[h + 27]]) as u64;
            let extra_len = u16::from_le_bytes([bytes[h + 28], bytes[h + 29]]) as u64;
            (
                e.name().unwrap().into_owned(),
                h as u64 + 30 + name_len + extra_len,
                e.compressed_size(),
            )
        })
        .collect()
}

#[test]
fn a_real_bundle_opens_only_inside_the_chosen_folder() {
    let d = tempfile::tempdir().unwrap();
    let bundle = real_bundle(d.path());
    let before = tree(d.path());
    let into = d.path().join("opened");
    let (project, archive_path) = bundle::open_bundle(&bundle, &into).unwrap();
    assert!(!project.claims.is_empty());
    assert!(archive_path.starts_with(&into));
    let added: Vec<PathBuf> = tree(d.path()).difference(&before).cloned().collect();
    assert!(!added.is_empty());
    for p in &added {
        assert!(
            p.starts_with("opened"),
            "{} was written outside",
            p.display()
        );
    }
    assert_eq!(
        std::fs::read(archive_path).unwrap(),
        std::fs::read(common::sample_path()).unwrap()
    );
}

#[test]
fn an_oversize_bundle_is_refused_before_extracting() {
    let d = tempfile::tempdir().unwrap();
    let bundle = real_bundle(d.path());
    // The sample alone is about 54 kB uncompressed: a 16 kB limit refuses it on the declared
    // sizes, before anything is inflated.
    let small = Limits {
        max_total_bytes: 16 * 1024,
        ..Limits::DEFAULT
    };
    let err = refused(d.path(), &bundle, small);
    assert!(matches!(err, ExportError::TooLarge { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("bundle too large"), "{message}");
    assert!(message.contains("at most 16384"), "{message}");
    // Too many entries.
    let few = Limits {
        max_entries: 1,
        ..Limits::DEFAULT
    };
    let err = refused(d.path(), &bundle, few);
    assert!(err.to_string().contains("2 entries (at most 1)"), "{err}");
    // The default limits take it.
    let into = d.path().join("opened");
    bundle::open_bundle_with(&bundle, &into, Limits::default()).unwrap();
}

#[test]
fn declared_sizes_that_lie_are_not_trusted() {
    let d = tempfile::tempdir().unwrap();
    let bundle = real_bundle(d.path());
    let mut bytes = std::fs::read(&bundle).unwrap();
    // Claim every entry is 1 byte uncompressed, in the local and the central headers.
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let (sig, size_at) = match &bytes[at..at + 4] {
            b"PK\x03\x04" => (true, at + 22),
            b"PK\x01\x02" => (true, at + 24),
            _ => (false, 0),
        };
        if sig {
            bytes[size_at..size_at + 4].copy_from_slice(&1u32.to_le_bytes());
        }
        at += 1;
    }
    let liar = d.path().join("liar.zip");
    std::fs::write(&liar, &bytes).unwrap();
    let small = Limits {
        max_total_bytes: 16 * 1024,
        ..Limits::DEFAULT
    };
    let err = refused(d.path(), &liar, small);
    assert!(
        matches!(
            err,
            ExportError::TooLarge { .. } | ExportError::BadBundle { .. }
        ),
        "{err}"
    );
}

#[test]
fn a_truncated_bundle_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let bundle = real_bundle(d.path());
    let bytes = std::fs::read(&bundle).unwrap();
    for keep in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 10] {
        let cut = d.path().join("cut.zip");
        std::fs::write(&cut, &bytes[..keep]).unwrap();
        let err = refused(d.path(), &cut, Limits::DEFAULT);
        assert!(
            matches!(err, ExportError::BadBundle { .. }),
            "{keep}: {err}"
        );
        assert!(
            err.to_string().contains("not a readable bundle"),
            "{keep}: {err}"
        );
        std::fs::remove_file(&cut).unwrap();
    }
}

#[test]
fn a_bundle_with_a_corrupted_byte_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let bundle = real_bundle(d.path());
    let bytes = std::fs::read(&bundle).unwrap();
    let mut positions = Vec::new();
    for (name, start, size) in entries(&bundle) {
        assert!(size > 8, "{name}");
        positions.push((name.clone(), start + size / 2));
        positions.push((name, start + size - 3));
    }
    for (name, at) in positions {
        let mut damaged = bytes.clone();
        damaged[at as usize] ^= 0x55;
        let path = d.path().join("damaged.zip");
        std::fs::write(&path, &damaged).unwrap();
        let err = refused(d.path(), &path, Limits::DEFAULT);
        assert!(
            matches!(err, ExportError::BadBundle { .. }),
            "{name} at {at}: {err}"
        );
        assert!(
            err.to_string().contains("not a readable bundle"),
            "{name} at {at}: {err}"
        );
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn a_real_bundle_with_a_climbing_entry_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let bundle = real_bundle(d.path());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle).unwrap()).unwrap();
    for evil in ["../evil", "sub/../../evil", "/tmp/pressmark-evil"] {
        let path = d.path().join("evil.zip");
        let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let o = zip::write::SimpleFileOptions::default();
        for i in 0..zip.len() {
            let mut e = zip.by_index(i).unwrap();
            let name = e.name().unwrap().into_owned();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            out.start_file(name, o).unwrap();
            out.write_all(&bytes).unwrap();
        }
        out.start_file(evil, o).unwrap();
        out.write_all(b"owned").unwrap();
        out.finish().unwrap();
        let err = refused(d.path(), &path, Limits::DEFAULT);
        assert!(
            matches!(&err, ExportError::UnsafeEntry { name, .. } if name == evil),
            "{evil}: {err}"
        );
        assert!(err.to_string().contains("outside the folder"), "{err}");
        assert!(!d.path().parent().unwrap().join("evil").exists());
        assert!(!Path::new("/tmp/pressmark-evil").exists());
        std::fs::remove_file(&path).unwrap();
    }
}
