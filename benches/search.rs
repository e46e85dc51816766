//! Search at archive scale: index build time and median query time on ~100,000 releases
//! (~540 MB) generated from the sample, and `rg -c` on the same text for comparison.
//!
//! ```text
//! cargo bench --bench search            # 100,000 releases
//! SEARCH_BENCH_RELEASES=10000 cargo bench --bench search
//! ```

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use pressmark::archive::{Archive, MONTHS};
use pressmark::search::{Query, SearchIndex};

const SAMPLE: &str = include_str!("../assets/home-office-may-2023.txt");
const ENTRY: &str = "  \u{2022} ";

const QUERIES: [&str; 10] = [
    "migration",
    "\"net migration\"",
    "smuggled jailed",
    "\"£39 million\"",
    "83%",
    "Interpol Glasgow",
    "\"domestic abuse\" stalking",
    "monkey dust",
    "government",
    "\"the joint action plan\"",
];

/// A tiny deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The sample's releases, each as its lines (entry line first).
fn sample_releases() -> Vec<Vec<&'static str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for line in SAMPLE.lines() {
        if line.starts_with(ENTRY) {
            out.push(vec![line]);
        } else if let Some(r) = out.last_mut() {
            r.push(line);
        }
    }
    out
}

/// Varies numbers of two or more digits (not years) by up to ±50%.
fn vary_numbers(line: &str, rng: &mut Rng, out: &mut String) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let value: u64 = line[i..j].parse().unwrap_or(0);
            if value >= 10 && !(1900..=2100).contains(&value) && j - i < 12 {
                let scaled = value * (50 + rng.next() % 101) / 100;
                out.push_str(&scaled.max(1).to_string());
            } else {
                out.push_str(&line[i..j]);
            }
            i = j;
        } else {
            let c = line[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
}

/// Newest first, like a tag page: releases recombined from the sample with new titles,
/// dates and figures.
fn make_archive(n: usize) -> String {
    let pool = sample_releases();
    let mut rng = Rng(2023);
    let mut text = String::with_capacity(n * 5_600);
    text.push_str("Tag: Home Office\n\n");
    let start = pressmark::archive::days_from_civil(2010, 1, 1);
    let span = 6_000i64;
    for serial in 1..=n {
        let days = start + span - (serial as i64 * span / n as i64);
        let (y, m, d) = pressmark::archive::civil_from_days(days);
        let month = MONTHS[usize::from(m) - 1];
        let r = &pool[(rng.next() % pool.len() as u64) as usize];
        let title = r[0][ENTRY.len()..]
            .rsplit_once(" [")
            .map_or(r[0], |(t, _)| t)
            .to_owned();
        let title = format!("{title} (no. {serial}) [{month} {y}]");
        text.push_str(ENTRY);
        text.push_str(&title);
        text.push('\n');
        for line in &r[1..] {
            let t = line.trim_start();
            if t.starts_with("PRESS RELEASE :") {
                text.push_str("    ");
                text.push_str(&title);
            } else if let Some(rest) = t.strip_prefix("The press release issued by the ") {
                let dept = rest.split(" on ").next().unwrap_or("Home Office");
                text.push_str(&format!(
                    "    The press release issued by the {dept} on {d} {month} {y}."
                ));
            } else {
                vary_numbers(line, &mut rng, &mut text);
            }
            text.push('\n');
        }
    }
    text
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn rg_time(path: &Path, query: &str) -> Option<(Duration, String)> {
    // ripgrep on the first term (word or phrase) as fixed, case-insensitive text.
    let pattern = match query.strip_prefix('"') {
        Some(rest) => rest.split('"').next().unwrap_or(rest),
        None => query.split_whitespace().next().unwrap_or(query),
    };
    let mut times = Vec::new();
    let mut last = String::new();
    for _ in 0..3 {
        let t = Instant::now();
        let out = Command::new("rg")
            .args(["-c", "-i", "-F", pattern])
            .arg(path)
            .output()
            .ok()?;
        times.push(t.elapsed());
        last = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    }
    Some((median(times), last))
}

fn main() {
    let n: usize = std::env::var("SEARCH_BENCH_RELEASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let t = Instant::now();
    let text = make_archive(n);
    println!(
        "generated {n} releases, {:.0} MB in {:.2?}",
        text.len() as f64 / 1e6,
        t.elapsed()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.txt");
    std::fs::write(&path, &text).expect("write archive");
    let t = Instant::now();
    let archive = Archive::parse_str(&text, &path).expect("parses");
    println!(
        "parsed {} releases in {:.2?}",
        archive.releases.len(),
        t.elapsed()
    );
    drop(text);
    let t = Instant::now();
    let index = SearchIndex::build(&archive);
    println!(
        "index built in {:.2?}: {} terms, {:.0} MB of postings",
        t.elapsed(),
        index.term_count(),
        index.posting_bytes() as f64 / 1e6
    );
    let mut medians = Vec::new();
    for q in QUERIES {
        let query = Query::parse(q);
        let mut times = Vec::new();
        let mut res = index.search(&archive, &query, 200);
        for _ in 0..5 {
            let t = Instant::now();
            res = index.search(&archive, &query, 200);
            times.push(t.elapsed());
        }
        let m = median(times);
        medians.push(m);
        let rg = rg_time(&path, q);
        let (rg_t, rg_n) = rg.map_or((Duration::ZERO, "n/a".to_owned()), |(t, n)| (t, n));
        println!(
            "{q:32} {m:>10.2?}  {:>8} releases {:>9} hits | rg -c {rg_t:>9.2?} ({rg_n} lines) ratio {:.0}x",
            res.total_releases,
            res.total_hits,
            rg_t.as_secs_f64() / m.as_secs_f64().max(1e-9)
        );
    }
    println!("median query time: {:.2?}", median(medians));
}
