//! Throughput of `figures::find_figures` on ~50 MB of release text.
//!
//! The input is built from the bundled sample archive: its paragraphs are
//! shuffled (fixed seed) and concatenated until the text reaches the target
//! size, so the mix of prose, tables and figures matches real releases.
//!
//! Run: `cargo bench --bench figures`

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use pressmark::figures::find_figures;
use std::time::Duration;

const SAMPLE: &str = include_str!("../assets/home-office-may-2023.txt");
const TARGET_BYTES: usize = 50 * 1024 * 1024;

fn build_input() -> String {
    let paragraphs: Vec<&str> = SAMPLE
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut out = String::with_capacity(TARGET_BYTES + SAMPLE.len());
    while out.len() < TARGET_BYTES {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let p = paragraphs[(seed % paragraphs.len() as u64) as usize];
        out.push_str(p);
        out.push_str("\n\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let input = build_input();
    let figures = find_figures(&input).len();
    eprintln!("input: {} bytes, {} figures", input.len(), figures);
    let mut group = c.benchmark_group("figures");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("find_figures_50MB", |b| {
        b.iter(|| find_figures(black_box(&input)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
