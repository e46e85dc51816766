//! Pathological text at two small sizes each, so that a time that grows faster than the input
//! shows (issue 16 item 12): one long line (`claims`, `search`), a long bullet list
//! (`findings`) and a long quote re-anchored after a word in it changed (`check`). Each input
//! is built from the bundled sample: its paragraphs joined into one line, its bullets repeated.
//! The end-to-end figures at full size (10 MB lines, a million bullets, a 1 MB quote) are in
//! the README's performance table, measured with `/usr/bin/time`.
//!
//! Run: `cargo bench --bench pathological`

use std::path::Path;
use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pressmark::archive::Archive;
use pressmark::figures::{find_figures, findings};
use pressmark::project::{reanchor, Anchor};
use pressmark::search::{Query, SearchIndex};

const SAMPLE: &str = include_str!("../assets/home-office-may-2023.txt");

fn paragraphs() -> Vec<&'static str> {
    SAMPLE
        .lines()
        .filter(|l| l.starts_with("    ") && !l.trim_start().starts_with('•'))
        .map(str::trim)
        .filter(|l| l.len() > 80)
        .collect()
}

/// The sample's paragraphs joined into one line of at least `bytes`.
fn long_line(bytes: usize) -> String {
    let joined = paragraphs().join(" ");
    let mut line = String::with_capacity(bytes + joined.len());
    while line.len() < bytes {
        line.push_str(&joined);
        line.push(' ');
    }
    line
}

fn release(title: &str, body: &str) -> String {
    format!(
        "Tag: Home Office\n\n  • PRESS RELEASE : {title} [May 2023]\n\n    The press release \
         issued by the Home Office on 23 May 2023.\n\n{body}"
    )
}

fn one_line_archive(bytes: usize) -> Archive {
    let text = release("One long paragraph", &format!("    {}\n", long_line(bytes)));
    Archive::parse_str(&text, Path::new("one-line.txt")).expect("parses")
}

/// `count` bullets: the sample's bullets, repeated.
fn bullets_archive(count: usize) -> Archive {
    let bullets: Vec<&str> = SAMPLE.lines().filter(|l| l.starts_with("    • ")).collect();
    let mut body = String::from("    Further measures include:\n");
    for i in 0..count {
        body.push_str(bullets[i % bullets.len()]);
        body.push('\n');
    }
    Archive::parse_str(&release("Many bullets", &body), Path::new("bullets.txt")).expect("parses")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("pathological");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));

    for kb in [100, 400] {
        let archive = one_line_archive(kb * 1024);
        let r = &archive.releases[0];
        group.throughput(Throughput::Bytes(r.text.len() as u64));
        // What `pressmark claims` does: every figure, with its line and column.
        group.bench_with_input(BenchmarkId::new("claims_one_line_kB", kb), r, |b, r| {
            b.iter(|| {
                find_figures(&r.text)
                    .iter()
                    .map(|f| r.source_position(f.start).1)
                    .max()
            })
        });
        // What `pressmark search` does: index, search, every hit's line and column.
        group.bench_with_input(
            BenchmarkId::new("search_one_line_kB", kb),
            &archive,
            |b, archive| {
                b.iter(|| {
                    let index = SearchIndex::build(archive);
                    let results =
                        index.search(archive, &Query::parse("\"net migration\""), usize::MAX);
                    results
                        .releases
                        .iter()
                        .flat_map(|rh| {
                            let r = &archive.releases[rh.release];
                            rh.hits.iter().map(move |h| r.source_position(h.start).1)
                        })
                        .max()
                })
            },
        );
        // What `pressmark check` does with a claim quoting the whole line after one word in
        // it changed: a fuzzy match.
        let body = r.text.rfind("\n\n").map_or(0, |i| i + 2);
        let anchor = Anchor::from_range(&r.text, body, r.text.len());
        let middle = body + (r.text.len() - body) / 2;
        let the = middle + r.text[middle..].find(" the ").unwrap_or(0);
        let edited = format!("{} a {}", &r.text[..the], &r.text[the + 5..]);
        group.bench_with_input(
            BenchmarkId::new("check_fuzzy_quote_kB", kb),
            &(anchor, edited),
            |b, (anchor, edited)| b.iter(|| reanchor::place(black_box(anchor), edited).0),
        );
    }
    for count in [2_000, 8_000] {
        let archive = bullets_archive(count);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(
            BenchmarkId::new("findings_bullets", count),
            &archive,
            |b, archive| b.iter(|| findings(black_box(archive)).len()),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
