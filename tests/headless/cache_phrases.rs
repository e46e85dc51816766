//! The window's phrase search on an archive reopened from its cache: each phrase is checked
//! in the bytes around its words, read from the archive file, without putting any whole
//! text together; the same releases, hits and order as a search of whole texts, for every
//! reader's fixtures, and for a file changed while open (blanks, counted, as before).

use std::path::PathBuf;
use std::sync::Arc;

use pressmark::archive::{unreadable_texts, Archive, Reading};
use pressmark::cache::CacheFile;
use pressmark::search::{fold, Query, SearchIndex, SearchResults, Tokens};

use super::cache::{cache, fixture, inputs};

/// Phrases of real text from `archive`: two, three and five words in a row from every
/// seventh release, at places spread through its text, and one phrase of 120 words (longer
/// than the part of a text read around a word, so it is checked in the whole text).
fn phrases_from(archive: &Archive) -> Vec<String> {
    let mut out = Vec::new();
    for r in archive.releases.iter().step_by(7) {
        let words: Vec<&str> = Tokens::new(&r.text).map(|(s, e)| &r.text[s..e]).collect();
        for (k, n) in [(0, 2), (5, 3), (words.len() / 2, 2), (words.len() / 3, 5)] {
            if let Some(w) = words.get(k..k + n) {
                out.push(format!("\"{}\"", w.join(" ")));
            }
        }
        if let Some(w) = words.get(10..130) {
            out.push(format!("\"{}\"", w.join(" ")));
        }
    }
    out
}

/// What every phrase search is compared on, besides the phrases of each archive.
const TYPED: [&str; 14] = [
    "\"net migration\"",
    "\"net m",
    "\"net migration\" net",
    "\"£39 million\"",
    "\"the home\" secretary",
    "\"of the\" the",
    "\"home secretary\" said",
    "\"human trafficking\" \"joint action plan\"",
    "\"bucuresti cafe\"",
    "UK's",
    "83%",
    "\"small boats\" migra",
    "\"zzzz notaword\"",
    "\"the the\"",
];

fn read_texts(archive: &Archive) -> usize {
    archive
        .releases
        .iter()
        .filter(|r| r.text.is_ready())
        .count()
}

/// Every phrase, on every reader's fixtures: the window's search of the reopened archive
/// puts no text together (for phrases of a few words) and gives the releases, hits, order
/// and totals a search of the whole texts gives. Seen failing before the fix: the old check
/// read every candidate's whole text ("no text put together" failed on the sample).
#[test]
fn a_phrase_is_found_from_the_text_around_its_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut phrases, mut found) = (0, 0);
    for paths in inputs() {
        let (archive, key) = cache(dir.path(), &paths);
        let index = SearchIndex::build(&archive);
        let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
        let mut queries: Vec<String> = TYPED.iter().map(|q| q.to_string()).collect();
        queries.extend(phrases_from(&archive));
        for q in &queries {
            // Reopened for each query: comparing hits reads the texts.
            let reopened = Arc::new(file.archive_in_place().expect("reads back"));
            let query = Query::parse_typed(q);
            let what = format!("{paths:?} {q}");
            let long = query.terms().iter().any(|t| t.len() > 40);
            let got = index.search_shared(&reopened, &query, usize::MAX);
            if !long {
                assert_eq!(read_texts(&reopened), 0, "{what}: no text put together");
            }
            let want = index.search(&archive, &query, usize::MAX);
            assert_eq!(got, want, "{what}");
            assert_eq!(got.total_hits, want.total_hits, "{what}");
            assert_eq!(got.total_releases, want.total_releases, "{what}");
            let first3 = index.search_shared(&reopened, &query, 3);
            assert_eq!(first3, index.search(&archive, &query, 3), "{what} (3)");
            phrases += 1;
            found += usize::from(want.total_hits > 0);
        }
    }
    assert!(
        phrases > 200 && found > 150,
        "{phrases} phrases, {found} found"
    );
}

/// A text's bytes around an offset, from its pieces in the archive file: the text's own
/// bytes, without putting the text together.
#[test]
fn a_text_left_in_its_file_gives_the_bytes_around_an_offset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut parts = 0;
    for paths in inputs() {
        let (archive, key) = cache(dir.path(), &paths);
        let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
        let reopened = file.archive_in_place().expect("reads back");
        let mut reading = Reading::new();
        for (r, fresh) in reopened.releases.iter().zip(&archive.releases) {
            let text = fresh.text.as_str();
            assert_eq!(r.text.byte_len(), text.len());
            for at in (0..=text.len()).step_by(97) {
                let part = r
                    .text
                    .stretch(at..at + 1, &mut reading)
                    .expect("the file is unchanged");
                let base = part.base;
                assert!(base <= at && at <= base + part.text.len(), "{} {at}", r.id);
                assert_eq!(
                    Some(part.text.as_str()),
                    text.get(base..base + part.text.len()),
                    "{}",
                    r.id
                );
                // At least 200 bytes either side, where the text has them.
                assert!(base <= at.saturating_sub(200), "{} {at}", r.id);
                assert!(
                    base + part.text.len() >= (at + 200).min(text.len()),
                    "{}",
                    r.id
                );
                parts += 1;
            }
            assert!(!r.text.is_ready(), "{}", r.id);
        }
    }
    assert!(parts > 1000, "{parts}");
}

/// The archive file changes while the window has it open (its text rewritten with other
/// letters, same size): a phrase search gives what a search of the whole texts as they now
/// read gives (the changed ones blanks, counted), never a hit at words that are not there.
#[test]
fn a_phrase_search_in_a_changed_file_reads_as_whole_texts_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.txt");
    let sample =
        std::fs::read_to_string(fixture("assets/home-office-may-2023.txt")).expect("the sample");
    std::fs::write(&path, &sample).expect("write");
    let paths: Vec<PathBuf> = vec![path.clone()];
    let caches = dir.path().join("cache");
    let (archive, key) = cache(&caches, &paths);
    let index = SearchIndex::build(&archive);
    let file = CacheFile::open(&caches, &key).expect("the cache is found");
    let reopened = Arc::new(file.archive_in_place().expect("reads back"));
    let as_read = file.archive_in_place().expect("reads back");
    let query = Query::parse("\"home secretary\"");
    let before = index.search(&archive, &query, usize::MAX);
    assert!(before.total_releases > 1, "{}", before.total_releases);
    // One "Home Secretary" in the first release that has one becomes capitals: the same
    // words to a search, other bytes to the text's checksum.
    let first = &archive.releases[before.releases[0].release];
    let lower = sample.to_lowercase();
    let title_at = sample.rfind(first.title.as_str()).expect("its title");
    let at = title_at
        + lower[title_at..]
            .find("home secretary")
            .expect("in the file");
    let mut changed = sample.clone();
    changed.replace_range(at..at + 14, &sample[at..at + 14].to_uppercase());
    assert_ne!(changed, sample);
    let stamp = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::fs::write(&path, &changed).expect("rewrite in place");
    // Saved a second later (a rewrite within the file system's clock tick keeps the time).
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(stamp + std::time::Duration::from_secs(1)))
        .expect("touch");
    let counted = unreadable_texts();
    let got = index.search_shared(&reopened, &query, usize::MAX);
    // The whole-text check: every text as it now reads.
    for r in &as_read.releases {
        let _ = r.text.as_str();
    }
    let want: SearchResults = index.search(&as_read, &query, usize::MAX);
    assert_eq!(got, want);
    assert_eq!(got.total_hits, want.total_hits);
    assert!(
        want.total_releases < before.total_releases,
        "the changed release no longer matches"
    );
    assert!(unreadable_texts() > counted, "blanks are counted");
    for rh in &got.releases {
        let text = &reopened.releases[rh.release].text;
        for h in rh.hits.iter() {
            assert_eq!(fold(&text[h.start..h.end]), "home secretary");
        }
    }
}

/// The window's search run on a thread: it gives what `search_shared` gives unless it is
/// told to stop (a newer query typed), and then gives nothing.
#[test]
fn a_search_told_to_stop_gives_nothing() {
    use std::sync::atomic::AtomicBool;
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = [fixture("assets/home-office-may-2023.txt")];
    let (archive, key) = cache(dir.path(), &paths);
    let index = SearchIndex::build(&archive);
    let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
    for q in ["\"net migration\"", "\"net migration\" migra", "migration"] {
        let query = Query::parse_typed(q);
        let reopened = Arc::new(file.archive_in_place().expect("reads back"));
        let want = index.search_shared(&reopened, &query, usize::MAX);
        assert!(want.total_releases > 0, "{q}");
        let go_on = AtomicBool::new(false);
        let got = index.search_shared_unless(&reopened, &query, usize::MAX, &go_on);
        assert_eq!(got.as_ref(), Some(&want), "{q}");
        let stop = AtomicBool::new(true);
        let got = index.search_shared_unless(&reopened, &query, usize::MAX, &stop);
        assert_eq!(got, None, "{q}");
    }
}
