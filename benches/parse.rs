//! Parsing throughput on a large archive built from the bundled sample, the way
//! `make-large-archive.py` builds one: real releases recombined under new titles and dates.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pressmark::archive::{Archive, MONTHS};

/// Builds an archive of `n` releases from the sample's releases.
pub fn large_archive(n: usize) -> String {
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
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn parse(c: &mut Criterion) {
    let text = large_archive(100_000);
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
