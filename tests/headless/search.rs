//! Search on the sample archive: phrases, case, accents, symbols, and hits inside quotes,
//! tables and bullets; the CLI prints the same hits as the core finds.

use std::path::PathBuf;
use std::process::Command;

use pressmark::archive::{Archive, BlockKind};
use pressmark::search::{sentence_around, Query, SearchIndex, SearchResults};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/home-office-may-2023.txt"
);
const ACCENTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/search/accented.txt"
);

fn load(path: &str) -> Archive {
    Archive::load(&[PathBuf::from(path)]).expect("archive loads")
}

fn find(archive: &Archive, q: &str) -> SearchResults {
    SearchIndex::build(archive).search(archive, &Query::parse(q), usize::MAX)
}

/// The matched texts, in order.
fn matched(archive: &Archive, q: &str) -> Vec<String> {
    let res = find(archive, q);
    res.releases
        .iter()
        .flat_map(|rh| {
            let text = &archive.releases[rh.release].text;
            rh.hits.iter().map(move |h| text[h.start..h.end].to_owned())
        })
        .collect()
}

fn kinds(archive: &Archive, q: &str) -> Vec<BlockKind> {
    let res = find(archive, q);
    res.releases
        .iter()
        .flat_map(|rh| {
            let r = &archive.releases[rh.release];
            rh.hits
                .iter()
                .map(move |h| r.block_at(h.start).expect("hit in a block").kind)
        })
        .collect()
}

#[test]
fn phrases_match_in_order_only() {
    let a = load(SAMPLE);
    assert_eq!(matched(&a, "\"net migration\"").len(), 8);
    assert!(matched(&a, "\"migration net\"").is_empty());
    let words = find(&a, "smuggled jailed");
    assert_eq!(words.total_releases, 2);
    assert!(find(&a, "smuggled zzzznotaword").releases.is_empty());
}

#[test]
fn case_insensitive() {
    let a = load(SAMPLE);
    assert_eq!(matched(&a, "INTERPOL"), matched(&a, "interpol"));
    assert!(matched(&a, "InTeRpOl").iter().any(|m| m == "Interpol"));
}

#[test]
fn accent_insensitive_both_ways() {
    let a = load(ACCENTED);
    assert_eq!(matched(&a, "cafe"), ["café"]);
    assert_eq!(matched(&a, "CAFÉ"), ["café"]);
    assert_eq!(
        matched(&a, "\"bucuresti cafe with zoe nastase\""),
        ["Bucureşti café with Zoë Năstase"]
    );
}

#[test]
fn symbols_are_searchable() {
    let a = load(SAMPLE);
    assert_eq!(
        matched(&a, "\"£39 million\""),
        ["£39 million", "£39 million"]
    );
    // Unquoted, the words may be apart: more hits, including the phrase's.
    assert!(matched(&a, "£39 million").len() > 4);
    let pct = matched(&a, "83%");
    assert_eq!(pct, ["83%"]);
    let r = find(&a, "83%");
    let rh = &r.releases[0];
    let text = &a.releases[rh.release].text;
    let (s, e) = rh.hits[0].sentence;
    assert!(text[s..e].starts_with("Many domestic abusers are repeat offenders"));
}

#[test]
fn hits_inside_quotes_tables_and_bullets() {
    let a = load(SAMPLE);
    let quotes = kinds(&a, "\"vile crimes\"");
    assert!(!quotes.is_empty() && quotes.iter().all(|k| *k == BlockKind::Quote));
    assert_eq!(kinds(&a, "\"police collect data\""), [BlockKind::Bullet]);
    assert_eq!(
        kinds(&a, "\"Greater Manchester Development\""),
        [BlockKind::TableRow]
    );
}

#[test]
fn results_sorted_and_counted() {
    let a = load(SAMPLE);
    let r = find(&a, "government");
    assert!(r.releases.windows(2).all(|w| w[0].release < w[1].release));
    assert!(r
        .releases
        .iter()
        .all(|rh| rh.hits.windows(2).all(|w| w[0].start < w[1].start)));
    let n: usize = r.releases.iter().map(|rh| rh.hits.len()).sum();
    assert_eq!(n, r.total_hits);
    let limited = SearchIndex::build(&a).search(&a, &Query::parse("government"), 2);
    assert_eq!(limited.releases.len(), 2);
    assert_eq!(limited.total_hits, r.total_hits);
}

#[test]
fn sentence_bounds() {
    let t = "One. Two three! Four";
    assert_eq!(sentence_around(t, 6), (5, 15));
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct CliHit {
    release: String,
    file: String,
    line: u32,
    column: u32,
    text: String,
}

#[test]
fn cli_matches_core() {
    let a = load(SAMPLE);
    for q in ["\"£39 million\"", "migrants jailed", "vile"] {
        let out = Command::new(env!("CARGO_BIN_EXE_pressmark"))
            .args(["search", SAMPLE, q, "--json"])
            .output()
            .expect("runs");
        assert!(out.status.success());
        let cli: Vec<CliHit> = serde_json::from_slice(&out.stdout).expect("json");
        // Without the cache, the tag page is searched raw (only releases holding the words
        // are parsed): the same hits.
        let raw = Command::new(env!("CARGO_BIN_EXE_pressmark"))
            .args(["search", SAMPLE, q, "--json", "--no-cache"])
            .output()
            .expect("runs");
        assert!(raw.status.success());
        let raw: Vec<CliHit> = serde_json::from_slice(&raw.stdout).expect("json");
        assert_eq!(raw, cli, "query {q}");
        let core: Vec<CliHit> = find(&a, q)
            .releases
            .iter()
            .flat_map(|rh| {
                let r = &a.releases[rh.release];
                rh.hits.iter().map(move |h| {
                    let (line, column) = r.source_position(h.start);
                    CliHit {
                        release: r.id.clone(),
                        file: SAMPLE.to_owned(),
                        line,
                        column,
                        text: r.text[h.sentence.0..h.sentence.1].replace('\n', " "),
                    }
                })
            })
            .collect();
        assert!(!core.is_empty());
        assert_eq!(cli, core, "query {q}");
        let plain = Command::new(env!("CARGO_BIN_EXE_pressmark"))
            .args(["search", SAMPLE, q])
            .output()
            .expect("runs");
        let plain = String::from_utf8_lossy(&plain.stdout);
        let first = &core[0];
        assert!(plain.starts_with(&format!(
            "{}:{}:{}: {}",
            first.file, first.line, first.column, first.text
        )));
    }
}

/// A query as typed into the window's search box.
fn find_typed(archive: &Archive, q: &str) -> SearchResults {
    SearchIndex::build(archive).search(archive, &Query::parse_typed(q), usize::MAX)
}

fn matched_typed(archive: &Archive, q: &str) -> Vec<String> {
    let res = find_typed(archive, q);
    res.releases
        .iter()
        .flat_map(|rh| {
            let text = &archive.releases[rh.release].text;
            rh.hits.iter().map(move |h| text[h.start..h.end].to_owned())
        })
        .collect()
}

/// Issue 12, defect 8: while typing, the last word of a query matches as a prefix; every
/// other word, a quoted phrase, and a word followed by a space match whole.
#[test]
fn the_last_word_typed_matches_as_a_prefix() {
    let archive = load(SAMPLE);
    let words: std::collections::BTreeSet<String> = matched_typed(&archive, "migra")
        .into_iter()
        .map(|w| w.to_lowercase())
        .collect();
    assert!(words.contains("migration"), "{words:?}");
    assert!(words.contains("migrants"), "{words:?}");
    assert!(words.iter().all(|w| w.starts_with("migra")), "{words:?}");
    // The same releases as the whole words would find.
    let whole = find_typed(&archive, "migration").total_releases;
    assert!(find_typed(&archive, "migra").total_releases >= whole);
    // Earlier words are whole: "net" alone, then "migra" as the prefix.
    let both = find_typed(&archive, "net migra");
    assert!(both.total_releases > 0 && both.total_releases <= whole);
    // On the command line (and in the window once a space follows), words are whole.
    assert_eq!(find(&archive, "migra").total_releases, 0);
    // A finished word or a phrase is not a prefix.
    assert_eq!(find_typed(&archive, "migra ").total_releases, 0);
    assert_eq!(find_typed(&archive, "\"migra\"").total_releases, 0);
}
