//! Parsing throughput on a large archive built from the bundled sample, the way
//! `make-large-archive.py` builds one: real releases recombined under new titles and dates.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pressmark::archive::Archive;

#[path = "common/large.rs"]
mod large;

fn parse(c: &mut Criterion) {
    let text = large::make_archive(100_000);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("100k releases", |b| {
        b.iter(|| Archive::parse_str(&text, Path::new("big.txt")).map(|a| a.releases.len()))
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
