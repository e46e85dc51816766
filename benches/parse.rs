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
    // What `inspect --no-cache --text` does: the same text from a memory-mapped file, parsed in
    // pieces on every core and handed over in order, without building the archive.
    let dir = std::env::temp_dir().join(format!("pressmark-bench-{}", std::process::id()));
    let path = dir.join("big.txt");
    if std::fs::create_dir_all(&dir).is_ok() && std::fs::write(&path, &text).is_ok() {
        let paths = [path];
        group.bench_function("100k releases, streamed from a file", |b| {
            b.iter(|| {
                let pages = pressmark::archive::TagPages::open(&paths)?;
                let pieces = pages.pieces()?;
                let mut n = 0usize;
                pieces.releases(|rs| {
                    n += rs.len();
                    true
                });
                Some(n)
            })
        });
        // What `inspect --no-cache` without `--text` does since issue 14's second round:
        // the same, parsing only what it prints (no text, no quotes).
        group.bench_function("100k releases, outlines streamed from a file", |b| {
            b.iter(|| {
                let pages = pressmark::archive::TagPages::open(&paths)?;
                let pieces = pages.pieces()?;
                let mut n = 0usize;
                pieces.outlines(false, |rs| {
                    n += rs.len();
                    true
                });
                Some(n)
            })
        });
        let _ = std::fs::remove_dir_all(&dir);
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
