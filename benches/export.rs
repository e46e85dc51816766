//! Export 100,000 claims in every format (target: under 3 s each).
//!
//! The archive repeats the sample's releases with changed titles until it holds enough
//! text; claims are every number-like match, anchored on the real release text.
//! Run: `cargo bench --bench export`.

use std::time::Instant;

use pressmark::archive::Archive;
use pressmark::export::{export, merge, Format};
use pressmark::project::{find_matches, store, tag_all_edit, ArchiveRef, Project};

const CLAIMS: usize = 100_000;

fn main() {
    let sample = std::fs::read_to_string("assets/home-office-may-2023.txt").unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("pressmark-export-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let archive_path = dir.join("large.txt");
    let project_path = dir.join("large.ron");
    let mut copies = 1;
    let (archive, matches) = loop {
        let mut text = String::with_capacity(sample.len() * copies);
        for i in 0..copies {
            text.push_str(&sample.replace(" : ", &format!(" : R{i} ")));
            text.push('\n');
        }
        let _ = std::fs::write(&archive_path, &text);
        let Ok(archive) = Archive::load(std::slice::from_ref(&archive_path)) else {
            eprintln!("cannot load the generated archive");
            return;
        };
        let matches =
            find_matches(&archive, r"[0-9][0-9,.]*%?|migration|visa", true).unwrap_or_default();
        if matches.len() >= CLAIMS {
            break (archive, matches);
        }
        copies *= 2;
    };
    let Ok(archive_ref) = ArchiveRef::for_file(&project_path, &archive_path) else {
        return;
    };
    let mut project = Project::new(archive_ref, "bench");
    let Some(tag) = project.codebook.by_name("migration figure").map(|t| t.id) else {
        return;
    };
    let edit = tag_all_edit(
        &project,
        &archive,
        &matches[..CLAIMS],
        tag,
        "a note, with \"quotes\"",
        1_683_000_000,
    );
    if edit.apply(&mut project).is_err() {
        return;
    }
    let _ = store::save(&project, &project_path);
    println!(
        "{} releases ({} copies of the sample, {} MB), {} claims",
        archive.releases.len(),
        copies,
        archive.total_bytes() / 1_000_000,
        project.claims.len()
    );
    for format in Format::ALL {
        let out = dir.join(format!("out.{}", format.extension()));
        let t = Instant::now();
        let result = export(format, &project, &archive_path, &archive, &out);
        let secs = t.elapsed().as_secs_f64();
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        println!(
            "export {:7} {secs:7.3} s  {:8.1} MB  {}",
            format.name(),
            size as f64 / 1e6,
            if result.is_ok() { "ok" } else { "FAILED" }
        );
    }
    let mut theirs = project.clone();
    theirs.author = "other".into();
    let t = Instant::now();
    let m = merge(&project, &theirs);
    println!(
        "merge (identical) {:7.3} s  added {}",
        t.elapsed().as_secs_f64(),
        m.added
    );
    let t = Instant::now();
    let a = pressmark::export::agree(&project, &theirs, &archive);
    println!(
        "agree {:7.3} s  {} tags",
        t.elapsed().as_secs_f64(),
        a.per_tag.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
