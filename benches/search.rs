//! Search at archive scale: index build time and median query time on ~100,000 releases
//! (~540 MB) generated from the sample, and `rg -c` on the same text for comparison; then
//! the window's search of the same archive reopened from its cache.
//!
//! ```text
//! cargo bench --bench search            # 100,000 releases
//! SEARCH_BENCH_RELEASES=10000 cargo bench --bench search
//! ```

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use pressmark::archive::Archive;
use pressmark::search::{Query, SearchIndex};

#[path = "common/large.rs"]
mod large;
use large::make_archive;

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

/// Resident memory of this process, in MB (Linux), or 0.
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0 / 1e6)
}

/// How many times each query is timed: `default`, or SEARCH_BENCH_ROUNDS (more rounds give
/// steadier medians on a busy machine).
fn rounds(default: usize) -> usize {
    std::env::var("SEARCH_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
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
    let before = rss_mb();
    let t = Instant::now();
    let index = SearchIndex::build(&archive);
    println!(
        "resident: {before:.0} MB with the archive, {:.0} MB with the index too ({:.2}x the archive file)",
        rss_mb(),
        rss_mb() / (archive.total_bytes() as f64 / 1e6)
    );
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
        for _ in 0..rounds(5) {
            let t = Instant::now();
            res = index.search(&archive, &query, 200);
            times.push(t.elapsed());
        }
        let fastest = times.iter().min().copied().unwrap_or_default();
        let m = median(times);
        medians.push(m);
        let rg = rg_time(&path, q);
        let (rg_t, rg_n) = rg.map_or((Duration::ZERO, "n/a".to_owned()), |(t, n)| (t, n));
        println!(
            "{q:32} {m:>10.2?} (fastest {fastest:>9.2?})  {:>8} releases {:>9} hits | rg -c {rg_t:>9.2?} ({rg_n} lines) ratio {:.0}x",
            res.total_releases,
            res.total_hits,
            rg_t.as_secs_f64() / m.as_secs_f64().max(1e-9)
        );
    }
    println!("median query time: {:.2?}", median(medians));
    window_search(&archive, &index, &path, dir.path());
}

/// The window's search of the archive reopened from its cache (texts left in the archive
/// file until read, as the window has them; reopened on another thread, as the window's
/// loader does): each query on a fresh reopening (what typing it costs the first time) and
/// again on the same one, median of three reopenings.
fn window_search(archive: &Archive, index: &SearchIndex, path: &Path, dir: &Path) {
    let paths = [path.to_path_buf()];
    let Ok(key) = pressmark::cache::Key::of(&paths) else {
        return;
    };
    let caches = dir.join("cache");
    if pressmark::cache::write(&caches, &key, archive, index).is_err() {
        return;
    }
    let Some(file) = pressmark::cache::CacheFile::open(&caches, &key) else {
        return;
    };
    println!("the window's search, the archive reopened from its cache: first, again");
    for q in QUERIES {
        let query = Query::parse(q);
        let (mut first, mut again) = (Vec::new(), Vec::new());
        let mut found = 0;
        for _ in 0..rounds(3) {
            // Reopened on a thread of its own, as the window's loader does: the memory it
            // allocates is then not the searching thread's to reuse.
            let Ok(Ok(reopened)) =
                std::thread::scope(|s| s.spawn(|| file.archive_in_place()).join())
            else {
                return;
            };
            let reopened = std::sync::Arc::new(reopened);
            let t = Instant::now();
            found = index
                .search_shared(&reopened, &query, 100_000)
                .total_releases;
            first.push(t.elapsed());
            let t = Instant::now();
            let _ = index.search_shared(&reopened, &query, 100_000);
            again.push(t.elapsed());
        }
        let fastest = |v: &[Duration]| v.iter().min().copied().unwrap_or_default();
        println!(
            "{q:32} {:>10.2?} {:>10.2?}  (fastest {:>9.2?} {:>9.2?})  {found:>8} releases",
            median(first.clone()),
            median(again.clone()),
            fastest(&first),
            fastest(&again),
        );
    }
}
