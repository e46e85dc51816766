//! Project scale: save and load of 100,000 claims, re-anchoring them against an edited large
//! archive, one undo/redo step. The archive is built from the bundled sample's releases under
//! new titles (as `make-large-archive.py` does).

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use pressmark::archive::{Archive, MONTHS};
use pressmark::project::{
    reanchor, store, Anchor, ArchiveRef, Claim, ClaimId, Edit, History, Project, Status, TagId,
};

const RELEASES: usize = 5_000;
const CLAIMS_PER_RELEASE: usize = 20;

/// `n` releases from the sample. With `edited`, every 10th gets a paragraph inserted at the
/// top, every 10th (offset 1) has a word changed throughout, every 50th is deleted.
fn large_archive(n: usize, edited: bool) -> String {
    let sample = include_str!("../assets/home-office-may-2023.txt");
    let mut releases: Vec<Vec<&str>> = Vec::new();
    for line in sample.lines().skip(1) {
        if line.starts_with("  • ") {
            releases.push(vec![line]);
        } else if let Some(r) = releases.last_mut() {
            r.push(line);
        }
    }
    let mut out = String::from("Tag: Home Office\n\n");
    let mut seed: u64 = 2023;
    for serial in 1..=n {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        if edited && serial % 50 == 2 {
            continue;
        }
        let r = &releases[(seed >> 33) as usize % releases.len()];
        let year = 2026 - (serial * 17 / n.max(1)) as i32;
        let month = MONTHS[(seed >> 40) as usize % 12];
        let day = 1 + (seed >> 45) as usize % 28;
        let title = r[0].trim_start_matches("  • ");
        let title = title.rsplit_once(" [").map(|(t, _)| t).unwrap_or(title);
        let title = format!("{title} (no. {serial}) [{month} {year}]");
        out.push_str(&format!("  • {title}\n"));
        for line in &r[1..] {
            if line.trim_start().starts_with("PRESS RELEASE :") {
                out.push_str(&format!("    {title}\n"));
            } else if line.starts_with("    The press release issued by") {
                out.push_str(&format!(
                    "    The press release issued by the Home Office on {day} {month} {year}.\n"
                ));
                if edited && serial % 10 == 0 {
                    out.push_str("\n    A paragraph inserted after publication, to move things.\n");
                }
            } else if edited && serial % 10 == 1 {
                out.push_str(&line.replace(" government ", " Government "));
                out.push('\n');
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn project_on(archive: &Archive) -> Project {
    let mut p = Project::new(ArchiveRef::default(), "bench");
    let mut id = 1;
    for r in &archive.releases {
        let step = r.text.len() / CLAIMS_PER_RELEASE;
        for k in 0..CLAIMS_PER_RELEASE {
            let start = k * step;
            let anchor = Anchor::from_range(&r.text, start, start + 40);
            let claim = Claim {
                id: ClaimId(id),
                release: r.id.clone(),
                anchor,
                tags: vec![TagId(1 + (id % 8) as u32)],
                note: String::new(),
                status: Status::Unchecked,
                author: "bench".into(),
                created: 1_700_000_000,
                modified: 1_700_000_000,
            };
            p.claims.insert(claim.id, claim);
            id += 1;
        }
    }
    p
}

fn bench(c: &mut Criterion) {
    let path = Path::new("large.txt");
    let before = Archive::parse_str(&large_archive(RELEASES, false), path).expect("archive");
    let after = Archive::parse_str(&large_archive(RELEASES, true), path).expect("archive");
    let project = project_on(&before);
    let counts = reanchor(&project, &after).counts();
    eprintln!(
        "{} claims on {} releases; against the edited archive: {counts:?}",
        project.claims.len(),
        before.releases.len()
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bench.ron");
    store::save(&project, &file).expect("save");
    eprintln!(
        "project file: {} bytes",
        std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0)
    );

    let mut group = c.benchmark_group("project");
    group.sample_size(10);
    group.bench_function("save 100k claims", |b| {
        b.iter(|| store::save(black_box(&project), &file).expect("save"))
    });
    group.bench_function("load 100k claims", |b| {
        b.iter(|| store::load(black_box(&file)).expect("load"))
    });
    group.bench_function("reanchor 100k claims", |b| {
        b.iter(|| reanchor(black_box(&project), black_box(&after)))
    });

    let mut live = project.clone();
    let mut history = History::new();
    let edit = Edit::change_claim(&live, ClaimId(50_000), 1, |c| c.status = Status::Checked)
        .expect("claim");
    history.apply(&mut live, edit).expect("apply");
    group.bench_function("undo+redo one step, 100k claims", |b| {
        b.iter(|| {
            history.undo(&mut live).expect("undo");
            history.redo(&mut live).expect("redo");
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
