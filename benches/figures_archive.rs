//! Throughput of `figures::find_figures` over every release of a ~100 MB
//! archive, built by repeating the bundled sample's releases with changed
//! titles (so ids differ) and parsing the result once.
//!
//! Run: `cargo bench --bench figures_archive`

use std::path::Path;
use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use pressmark::archive::Archive;
use pressmark::figures::find_figures;

const SAMPLE: &str = include_str!("../assets/home-office-may-2023.txt");
const TARGET_BYTES: usize = 100 * 1024 * 1024;

/// The sample repeated, each copy's titles numbered: "PRESS RELEASE : #12 ...".
fn build_archive_text() -> String {
    let mut out = String::with_capacity(TARGET_BYTES + 2 * SAMPLE.len());
    let mut copy = 0usize;
    while out.len() < TARGET_BYTES {
        copy += 1;
        out.push_str(&SAMPLE.replace("PRESS RELEASE : ", &format!("PRESS RELEASE : #{copy} ")));
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = build_archive_text();
    let Ok(archive) = Archive::parse_str(&text, Path::new("repeated.txt")) else {
        eprintln!("could not parse the repeated archive");
        return;
    };
    drop(text);
    let bytes: usize = archive.releases.iter().map(|r| r.text.len()).sum();
    let figures: usize = archive
        .releases
        .iter()
        .map(|r| find_figures(&r.text).len())
        .sum();
    eprintln!(
        "archive: {} releases, {bytes} bytes of release text, {figures} figures",
        archive.releases.len()
    );
    let mut group = c.benchmark_group("figures_archive");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("find_figures_every_release_100MB", |b| {
        b.iter(|| {
            archive
                .releases
                .iter()
                .map(|r| find_figures(black_box(&r.text)).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
