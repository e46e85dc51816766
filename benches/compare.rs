//! Compare: shared phrases and word diff of two ~50 KB releases (target < 50 ms), and
//! similar releases on a generated archive (default 100,000 releases).
//!
//! ```text
//! cargo bench --bench compare
//! COMPARE_BENCH_RELEASES=10000 cargo bench --bench compare
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use pressmark::archive::Archive;
use pressmark::compare::{shared_phrases, similar_releases, word_diff};
use pressmark::search::SearchIndex;

#[path = "common/large.rs"]
mod large;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut out = f();
    for _ in 0..runs {
        let t = Instant::now();
        out = f();
        times.push(t.elapsed());
    }
    (median(times), out)
}

fn main() {
    // Two ~50 KB texts: the sample's releases, and a revision with changed figures,
    // a dropped and an added paragraph every few paragraphs.
    let archive = large::make_archive(14);
    let parsed = Archive::parse_str(&archive, Path::new("bench.txt")).expect("parses");
    let a: String = parsed
        .releases
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let b: String = a
        .split("\n\n")
        .enumerate()
        .filter(|(i, _)| i % 17 != 5)
        .map(|(i, p)| {
            let p = p.replace("million", "billion");
            if i % 13 == 0 {
                format!("{p}\n\nA new paragraph added in revision {i}, with new words.")
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    println!("texts: {} and {} bytes", a.len(), b.len());
    let (t_shared, shared) = time(9, || shared_phrases(&a, &b, 8));
    let (t_diff, diff) = time(9, || word_diff(&a, &b));
    println!(
        "shared_phrases: {t_shared:.2?} ({} phrases); word_diff: {t_diff:.2?} ({} ops); both: {:.2?}",
        shared.len(),
        diff.len(),
        t_shared + t_diff
    );

    let n: usize = std::env::var("COMPARE_BENCH_RELEASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let text = large::make_archive(n);
    let big = Archive::parse_str(&text, Path::new("large.txt")).expect("parses");
    drop(text);
    let index = SearchIndex::build(&big);
    let mut times = Vec::new();
    for r in (0..big.releases.len()).step_by((big.releases.len() / 10).max(1)) {
        let t = Instant::now();
        let s = similar_releases(&big, &index, r, 10);
        times.push(t.elapsed());
        assert!(s.len() <= 10);
    }
    println!(
        "similar_releases on {} releases: median {:.2?} over {} calls",
        big.releases.len(),
        median(times.clone()),
        times.len()
    );
}
