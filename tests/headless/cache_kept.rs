//! The window's phrase search keeps the stretches of text it read from the archive file
//! for the next search: the same phrase searched again reads nothing from the file, and a
//! file changed in between (another size or time) is read as whole texts, as before.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use pressmark::archive::{unreadable_texts, Archive};
use pressmark::cache::CacheFile;
use pressmark::search::{Query, SearchIndex, SearchResults};

use super::cache::{cache, fixture};
use super::cache_hits::write_keeping_stamp;

const PHRASES: [&str; 3] = ["\"home secretary\"", "\"£39 million\"", "\"net migration\""];

/// The sample copied to a folder of its own, its cache written and reopened as the window
/// reopens it.
struct Sample {
    _dir: tempfile::TempDir,
    path: PathBuf,
    /// The archive as parsed, and its index.
    archive: Archive,
    index: SearchIndex,
    file: CacheFile,
    /// Reopened from the cache, texts left in the file.
    reopened: Arc<Archive>,
    /// The file's text and time.
    text: String,
    stamp: SystemTime,
    queries: Vec<Query>,
}

fn sample() -> Sample {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.txt");
    let text =
        std::fs::read_to_string(fixture("assets/home-office-may-2023.txt")).expect("the sample");
    std::fs::write(&path, &text).expect("write");
    let caches = dir.path().join("cache");
    let (archive, key) = cache(&caches, std::slice::from_ref(&path));
    let file = CacheFile::open(&caches, &key).expect("the cache is found");
    let stamp = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    Sample {
        _dir: dir,
        path,
        index: SearchIndex::build(&archive),
        archive,
        reopened: Arc::new(file.archive_in_place().expect("reads back")),
        file,
        text,
        stamp,
        queries: PHRASES.iter().map(|q| Query::parse(q)).collect(),
    }
}

/// The sample with every phrase's last letter changed (the same size): none of them is in it.
fn without_the_phrases(sample: &str) -> String {
    let changed = sample
        .replace("Secretary", "Secretarx")
        .replace("secretary", "secretarx")
        .replace("million", "millioX")
        .replace("migration", "migratioX");
    assert_eq!(changed.len(), sample.len());
    changed
}

/// What a search found, without reading its hits (which reads the texts).
fn found(results: &SearchResults) -> (usize, usize, Vec<(usize, usize)>) {
    let releases = results.releases.iter();
    let counts = releases.map(|r| (r.release, r.hits.len())).collect();
    (results.total_releases, results.total_hits, counts)
}

/// Seen failing before the stretches were kept (the second search read the file again,
/// and found none of the phrases): the file is rewritten under the same size and time
/// between the searches (a change nothing can see without reading it), so only a search
/// that reads nothing from it finds what the first found.
#[test]
fn a_phrase_searched_again_reads_nothing_from_the_archive_file() {
    // The folder stays until the test ends.
    let Sample {
        _dir,
        path,
        archive,
        index,
        reopened,
        text,
        stamp,
        queries,
        ..
    } = sample();
    let first: Vec<_> = queries
        .iter()
        .map(|q| found(&index.search_shared(&reopened, q, usize::MAX)))
        .collect();
    for (q, got) in queries.iter().zip(&first) {
        assert_eq!(got, &found(&index.search(&archive, q, usize::MAX)));
        assert!(got.0 > 0, "{q:?}");
    }
    write_keeping_stamp(&path, &without_the_phrases(&text), stamp);
    for (q, want) in queries.iter().zip(&first) {
        let again = index.search_shared(&reopened, q, usize::MAX);
        assert_eq!(&found(&again), want, "{q:?}: searched again");
    }
    assert!(reopened.releases.iter().all(|r| !r.text.is_ready()));
}

/// A file changed between the searches (its time moved on): nothing kept is used, and the
/// search gives what a search of the whole texts as they now read gives (the changed ones
/// blanks, counted).
#[test]
fn stretches_kept_from_a_changed_file_are_not_used() {
    // The folder stays until the test ends.
    let Sample {
        _dir,
        path,
        index,
        file,
        reopened,
        text,
        stamp,
        queries,
        ..
    } = sample();
    let as_read = file.archive_in_place().expect("reads back");
    for q in &queries {
        assert!(index.search_shared(&reopened, q, usize::MAX).total_releases > 0);
    }
    write_keeping_stamp(
        &path,
        &without_the_phrases(&text),
        stamp + Duration::from_secs(1),
    );
    let counted = unreadable_texts();
    for r in &as_read.releases {
        let _ = r.text.as_str();
    }
    for q in &queries {
        let again = index.search_shared(&reopened, q, usize::MAX);
        assert_eq!(again, index.search(&as_read, q, usize::MAX), "{q:?}");
        assert_eq!(again.total_releases, 0, "{q:?}");
    }
    assert!(unreadable_texts() > counted, "blanks are counted");
}
