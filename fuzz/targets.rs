//! What is fuzzed, each target with its seeds (the project's own files) and the invariants it
//! checks beyond "no panic".

use std::hash::{Hash, Hasher};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use pressmark::archive::{load_files, Archive, Progress};
use pressmark::export::bundle::{self, Limits};
use pressmark::figures::{find_figures, findings};
use pressmark::project::store;

use super::engine::{mutate, Outcome, Rng};

/// Inputs larger than this are cut: the fuzzer looks for wrong answers and panics; size and
/// time at scale are the benchmarks' business.
pub const MAX_LEN: usize = 256 * 1024;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (recursively) whose name ends with one of `extensions`, sorted.
fn files_under(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if extensions.iter().any(|x| p.to_string_lossy().ends_with(x)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read_all(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|mut b| {
            b.truncate(MAX_LEN);
            b
        })
        .collect()
}

/// A scratch folder for this thread (targets run in parallel as tests).
fn scratch(target: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "pressmark-fuzz-{}-{}-{:?}",
        target,
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Removes this thread's scratch folder for `target`, once its run is over.
pub fn clean_scratch(target: &str) {
    let _ = std::fs::remove_dir_all(scratch(target));
}

fn outcome_of(parts: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// The first word of an error's variant, for outcomes: "NotArchive", "Io", ...
fn kind_of(e: &impl std::fmt::Debug) -> String {
    format!("{e:?}")
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_owned()
}

// ---- archive readers ----

pub fn archive_seeds() -> Vec<Vec<u8>> {
    let mut paths = files_under(&root().join("assets"), &[".txt"]);
    paths.extend(files_under(
        &root().join("tests/fixtures"),
        &[
            ".txt", ".html", ".htm", ".md", ".json", ".xml", ".rss", ".atom",
        ],
    ));
    read_all(&paths)
}

/// Reads the bytes as an archive, and checks that every offset the archive hands out lies
/// inside its text. One input in 16 (chosen by its hash, so a run is reproducible) goes
/// through the file loader, with its sniffing and decoding (UTF-16, bytes that are not
/// UTF-8); the rest through the in-memory reader, because the file loader zeroes a 64 MiB
/// block for every file, which takes most of a second in a debug build.
pub fn archive_target(input: &[u8]) -> Outcome {
    let archive = if outcome_of(input).is_multiple_of(16) {
        let dir = scratch("archive");
        let path = dir.join("input.txt");
        std::fs::write(&path, input).map_err(|e| format!("scratch: {e}"))?;
        load_files(std::slice::from_ref(&path), &Progress::default())
    } else {
        Archive::parse_str(&String::from_utf8_lossy(input), Path::new("input.txt"))
    };
    let archive = match archive {
        Ok(a) => a,
        Err(e) => return Ok(outcome_of(("err", kind_of(&e)))),
    };
    check_archive(&archive)?;
    Ok(outcome_of((
        archive.releases.len().min(12),
        archive.warnings.len().min(12),
        archive
            .warnings
            .iter()
            .map(|w| w.message.split(' ').take(3).collect::<String>())
            .collect::<std::collections::BTreeSet<_>>(),
    )))
}

fn check_archive(archive: &Archive) -> Result<(), String> {
    for r in &archive.releases {
        for b in &r.blocks {
            let (s, e) = (b.start as usize, b.end as usize);
            if s > e
                || e > r.text.len()
                || !r.text.is_char_boundary(s)
                || !r.text.is_char_boundary(e)
            {
                return Err(format!(
                    "release {:?}: block {s}..{e} outside its text ({} bytes) or inside a character",
                    r.title,
                    r.text.len()
                ));
            }
        }
        if !r.spans.windows(2).all(|w| w[0].offset <= w[1].offset) {
            return Err(format!("release {:?}: line spans not sorted", r.title));
        }
        let _ = r.source_position(0);
        let _ = r.source_position(r.text.len());
    }
    Ok(())
}

// ---- project loader ----

pub fn project_seeds() -> Vec<Vec<u8>> {
    let mut paths = files_under(&root().join("tests/fixtures"), &[".ron"]);
    paths.extend(files_under(&root().join("docs"), &[".ron"]));
    let mut seeds = read_all(&paths);
    // A current-format project on the sample, with claims, tags and a note.
    if let Ok(project) = sample_project() {
        if let Ok(text) = store::to_ron(&project) {
            seeds.push(text.into_bytes());
        }
    }
    seeds
}

/// A project with claims on the sample: every "net migration", tagged.
fn sample_project() -> Result<pressmark::project::Project, String> {
    use pressmark::project::{find_matches, tag_all_edit, ArchiveRef, Project};
    let sample = root().join("assets/home-office-may-2023.txt");
    let archive = Archive::load(std::slice::from_ref(&sample)).map_err(|e| e.to_string())?;
    let mut project = Project::new(
        ArchiveRef {
            path: PathBuf::from("home-office-may-2023.txt"),
            sha256: store::sha256_file(&sample).map_err(|e| e.to_string())?,
            more: Vec::new(),
        },
        "fuzz",
    );
    let tag = project
        .codebook
        .by_name("migration figure")
        .map(|t| t.id)
        .ok_or("no tag")?;
    let matches = find_matches(&archive, "net migration", false).map_err(|e| e.to_string())?;
    tag_all_edit(&project, &archive, &matches, tag, "a note", 1_683_000_000)
        .apply(&mut project)
        .map_err(|e| e.to_string())?;
    Ok(project)
}

/// Loads the bytes as a project file; a project that loads must save and load back to
/// itself.
pub fn project_target(input: &[u8]) -> Outcome {
    let dir = scratch("project");
    let path = dir.join("input.ron");
    std::fs::write(&path, input).map_err(|e| format!("scratch: {e}"))?;
    let project = match store::load(&path) {
        Ok(p) => p,
        Err(e) => return Ok(outcome_of(("err", kind_of(&e)))),
    };
    let text =
        store::to_ron(&project).map_err(|e| format!("a loaded project does not save: {e}"))?;
    let again = store::from_ron(&text, &path)
        .map_err(|e| format!("a saved project does not load back: {e}\n{text}"))?;
    if again != project {
        return Err("a project saved and loaded back is not the same".to_owned());
    }
    Ok(outcome_of((
        project.claims.len().min(8),
        project.codebook.len().min(8),
        project.format_version,
    )))
}

// ---- bundle reader ----

pub fn bundle_seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    let dir = scratch("bundle-seeds");
    let sample = root().join("assets/home-office-may-2023.txt");
    if let Ok(project) = sample_project() {
        let project_path = dir.join("work.ron");
        let archive_path = dir.join("home-office-may-2023.txt");
        let out = dir.join("seed.zip");
        if std::fs::copy(&sample, &archive_path).is_ok()
            && store::save(&project, &project_path).is_ok()
            && bundle::write_bundle(&project, &project_path, &out).is_ok()
        {
            seeds.extend(std::fs::read(&out).ok());
        }
        // The same with a small archive, so byte mutations reach every part of it.
        let small = "Tag: Home Office\n\n  • PRESS RELEASE : Small [May 2023]\n\n    The press release issued by the Home Office on 23 May 2023.\n\n    Up to £39 million for 50 projects.\n";
        let mut p = project.clone();
        p.claims.clear();
        p.archive.sha256.clear();
        p.archive.path = PathBuf::from("small.txt");
        if let Ok(ron) = store::to_ron(&p) {
            seeds.push(zip_of(
                &[
                    ("project.ron", ron.as_bytes()),
                    ("small.txt", small.as_bytes()),
                ],
                true,
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    seeds
}

fn zip_of(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        if zip.start_file(*name, options).is_err() || zip.write_all(bytes).is_err() {
            continue;
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// Re-zips a bundle with one entry's bytes or name changed, so the CRCs stay right and the
/// reader's later checks are reached.
pub fn bundle_structured(rng: &mut Rng, base: &[u8], corpus: &[Vec<u8>]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(base)).ok()?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).ok()?;
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).ok()?;
        entries.push((e.name().ok()?.into_owned(), bytes));
    }
    if entries.is_empty() {
        return None;
    }
    let i = rng.below(entries.len());
    match rng.below(6) {
        0 | 1 => {
            let bytes = mutate(rng, &entries[i].1, corpus, MAX_LEN);
            entries[i].1 = bytes;
        }
        2 => {
            let name = entries[i].0.clone();
            entries[i].0 = match rng.below(6) {
                0 => format!("{name}/y"),
                1 => format!("../{name}"),
                2 => name.to_uppercase(),
                3 => format!("sub/{name}"),
                4 => format!("{name}/"),
                _ => format!("./{name}"),
            };
        }
        3 => {
            // A second entry whose name collides with a first one's.
            let name = entries[i].0.clone();
            let other = match rng.below(3) {
                0 => format!("{name}/y"),
                1 => name.to_uppercase(),
                _ => name
                    .rsplit_once('/')
                    .map_or_else(|| format!("{name}/x"), |(d, _)| d.to_owned()),
            };
            entries.push((other, b"x".to_vec()));
        }
        4 => {
            entries.remove(i);
        }
        _ => {
            // A run of zeros: a small bomb.
            entries.push(("padding.bin".to_owned(), vec![0; 1 + rng.below(4 << 20)]));
        }
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    Some(
        zip_of(&refs, rng.chance(2))
            .into_iter()
            .take(8 << 20)
            .collect(),
    )
}

/// Every file and folder under `dir`, relative to it.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_owned());
            }
        }
    }
    out.sort();
    out
}

/// Opens the bytes as a bundle: a refused bundle writes nothing at all, an accepted one only
/// inside its folder, and the archive it returns is the one it wrote.
pub fn bundle_target(input: &[u8]) -> Outcome {
    let dir = scratch("bundle");
    let path = dir.join("input.zip");
    std::fs::write(&path, input).map_err(|e| format!("scratch: {e}"))?;
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    let into = out.join("opened");
    let limits = Limits {
        max_total_bytes: 16 << 20,
        ..Limits::DEFAULT
    };
    let result = bundle::open_bundle_with(&path, &into, limits);
    let written = tree(&dir);
    let _ = std::fs::remove_dir_all(&out);
    match result {
        Err(e) => {
            let extra: Vec<&PathBuf> = written
                .iter()
                .filter(|p| **p != Path::new("input.zip"))
                .collect();
            if !extra.is_empty() {
                return Err(format!("a refused bundle ({e}) left {extra:?}"));
            }
            Ok(outcome_of((
                "err",
                kind_of(&e),
                e.to_string().split(':').nth(2).map(str::to_owned),
            )))
        }
        Ok((project, archive_path)) => {
            for p in &written {
                if *p != Path::new("input.zip")
                    && !p.starts_with("out/opened")
                    && *p != Path::new("out")
                {
                    return Err(format!(
                        "an opened bundle wrote {} outside its folder",
                        p.display()
                    ));
                }
            }
            if !archive_path.starts_with(&into) {
                return Err(format!(
                    "the archive {} is outside the folder",
                    archive_path.display()
                ));
            }
            Ok(outcome_of((
                "ok",
                project.claims.len().min(8),
                written.len().min(8),
            )))
        }
    }
}

// ---- figure detector ----

pub fn figure_seeds() -> Vec<Vec<u8>> {
    let mut paths = files_under(&root().join("tests/fixtures/figures"), &[".txt"]);
    paths.extend(files_under(&root().join("assets"), &[".txt"]));
    read_all(&paths)
}

/// Finds the figures in the text: each figure's range must be its text; and the findings of
/// the text read as an archive.
pub fn figure_target(input: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(input);
    let figures = find_figures(&text);
    for f in &figures {
        if text.get(f.start..f.end) != Some(f.text.as_str()) {
            return Err(format!(
                "figure {:?} at {}..{} is not the text there ({:?})",
                f.text,
                f.start,
                f.end,
                text.get(f.start..f.end)
            ));
        }
    }
    let mut found = 0;
    if let Ok(archive) = Archive::parse_str(&text, Path::new("input.txt")) {
        found = findings(&archive).len();
    }
    Ok(outcome_of((
        figures.len().min(16),
        figures
            .iter()
            .map(|f| f.unit.as_str().to_owned())
            .collect::<std::collections::BTreeSet<_>>(),
        found.min(8),
    )))
}
