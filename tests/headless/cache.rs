//! The persistent cache: the same archive and the same search hits with and without it, for
//! every reader; damaged, truncated, foreign and stale caches ignored and rebuilt; several
//! processes opening the same archive at once.

use std::path::{Path, PathBuf};
use std::process::Command;

use pressmark::archive::Archive;
use pressmark::cache::{write, CacheFile, Key};
use pressmark::search::{Query, SearchIndex};

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every fixture each reader has: the tag page (sample, variants, accented), GOV.UK JSON,
/// saved pages, and the folder of all of them.
pub fn inputs() -> Vec<Vec<PathBuf>> {
    let mut out = vec![
        vec![fixture("assets/home-office-may-2023.txt")],
        vec![fixture("tests/fixtures/archives/variants.txt")],
        vec![fixture("tests/fixtures/search/accented.txt")],
        vec![fixture("tests/fixtures/formats")],
        vec![
            fixture("assets/home-office-may-2023.txt"),
            fixture("tests/fixtures/formats"),
        ],
    ];
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("tests/fixtures/formats"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "html"))
        .collect();
    files.sort();
    out.extend(files.into_iter().map(|f| vec![f]));
    out
}

fn assert_same(a: &Archive, b: &Archive, what: &str) {
    assert_eq!(a.files, b.files, "{what}: files");
    assert_eq!(a.releases, b.releases, "{what}: releases");
    assert_eq!(a.warnings, b.warnings, "{what}: warnings");
}

/// Writes the cache of `paths` into `dir` and returns the archive as read from files.
pub fn cache(dir: &Path, paths: &[PathBuf]) -> (Archive, Key) {
    let archive = Archive::load(paths).expect("loads");
    let key = Key::of(paths).expect("key");
    write(dir, &key, &archive, &SearchIndex::build(&archive)).expect("cache written");
    (archive, key)
}

#[test]
fn every_reader_gives_the_same_archive_through_the_cache() {
    let dir = tempfile::tempdir().expect("tempdir");
    for paths in inputs() {
        let what = format!("{paths:?}");
        let (archive, key) = cache(dir.path(), &paths);
        assert!(!archive.releases.is_empty(), "{what}");
        let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
        let cached = file.archive().expect("the cache reads back");
        assert_same(&archive, &cached, &what);
    }
}

/// The window reads the archive with its texts left in the files: none is put together
/// until read, and each reads back as parsed.
#[test]
fn every_reader_gives_the_same_archive_with_texts_read_when_needed() {
    let dir = tempfile::tempdir().expect("tempdir");
    for paths in inputs() {
        let what = format!("{paths:?}");
        let (archive, key) = cache(dir.path(), &paths);
        let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
        let cached = file.archive_in_place().expect("the cache reads back");
        assert!(
            cached.releases.iter().all(|r| !r.text.is_ready()),
            "{what}: no text is read before it is needed"
        );
        assert_same(&archive, &cached, &what);
        assert!(cached.releases.iter().all(|r| r.text.is_ready()), "{what}");
    }
}

/// The window reads the releases and the search index together, shared out between the
/// cores in runs: the same archive (texts left in the files until read) and an index that
/// answers every query as the one read on its own does.
#[test]
fn the_archive_and_its_index_read_together_are_those_read_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let queries = [
        "\"net migration\"",
        "migrants jailed",
        "GOVERNMENT",
        "83%",
        "the",
        "cafe",
        "zzzznotaword",
    ];
    let mut hits = 0;
    for paths in inputs() {
        let what = format!("{paths:?}");
        let (archive, key) = cache(dir.path(), &paths);
        let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
        let (together, index) = file
            .archive_and_index_in_place()
            .expect("the cache reads back");
        assert!(
            together.releases.iter().all(|r| !r.text.is_ready()
                && !r.blocks.is_ready()
                && !r.spans.is_ready()
                && !r.speakers.is_ready()),
            "{what}: no text or list is read before it is needed"
        );
        let apart = file
            .index(archive.releases.len())
            .expect("the index reads back");
        assert_eq!(index.term_count(), apart.term_count(), "{what}");
        for q in queries {
            let query = Query::parse(q);
            let want = apart.search(&archive, &query, usize::MAX);
            assert_eq!(
                index.search(&archive, &query, usize::MAX),
                want,
                "{what} {q}"
            );
            hits += want.total_hits;
        }
        assert_same(&archive, &together, &what);
    }
    assert!(hits > 100, "{hits}");
}

#[test]
fn searches_through_the_cache_find_the_same_hits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let queries = [
        "\"net migration\"",
        "\"£39 million\"",
        "migrants jailed",
        "GOVERNMENT",
        "83%",
        "the",
        "cafe",
        "\"home secretary\" said",
        "zzzznotaword",
        "smuggled zzzznotaword",
    ];
    let mut found_some = 0;
    for paths in inputs() {
        let (archive, key) = cache(dir.path(), &paths);
        let index = SearchIndex::build(&archive);
        let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
        for q in queries {
            let query = Query::parse(q);
            let want = index.search(&archive, &query, usize::MAX);
            let (_, got) = file.search(&query).expect("the cache searches");
            let want: Vec<(String, Vec<_>)> = want
                .releases
                .iter()
                .map(|rh| (archive.releases[rh.release].id.clone(), rh.hits.to_vec()))
                .collect();
            let got: Vec<(String, Vec<_>)> =
                got.into_iter().map(|(r, hits)| (r.id, hits)).collect();
            assert_eq!(got, want, "{paths:?} {q}");
            found_some += got.len();
            // The whole index as the window reads it back.
            let stored = file
                .index(archive.releases.len())
                .expect("the index reads back");
            let again = stored.search(&archive, &query, usize::MAX);
            assert_eq!(again, index.search(&archive, &query, usize::MAX), "{q}");
        }
    }
    assert!(found_some > 20);
}

/// The window's search of an archive reopened from the cache (texts put together when read)
/// gives what a search with every text at hand gives, as each keystroke is typed; a query of
/// words reads no text until a release's hits are read, and then only that release's.
#[test]
fn the_windows_search_reads_only_the_texts_of_the_hits_it_shows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let typed = [
        "m",
        "mi",
        "mig",
        "migra",
        "migration",
        "net migration",
        "migrants jailed",
        "GOVERNMENT",
        "83%",
        "the",
        "cafe",
        "\"net migration\"",
        "\"home secretary\" said",
        "zzzznotaword",
    ];
    let mut shown = 0;
    for paths in inputs() {
        let (archive, key) = cache(dir.path(), &paths);
        let index = SearchIndex::build(&archive);
        let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
        for q in typed {
            let query = Query::parse_typed(q);
            let what = format!("{paths:?} {q}");
            let want = index.search(&archive, &query, 3);
            let reopened = std::sync::Arc::new(file.archive_in_place().expect("reads back"));
            let got = index.search_shared(&reopened, &query, 3);
            let phrase = query.terms().iter().any(|t| t.len() > 1);
            if !phrase {
                assert!(
                    reopened.releases.iter().all(|r| !r.text.is_ready()),
                    "{what}: no text read by the search"
                );
                let lens: Vec<usize> = got.releases.iter().map(|r| r.hits.len()).collect();
                let want_lens: Vec<usize> = want.releases.iter().map(|r| r.hits.len()).collect();
                assert_eq!(lens, want_lens, "{what}: counted without texts");
                assert!(
                    reopened.releases.iter().all(|r| !r.text.is_ready()),
                    "{what}"
                );
                if let Some(first) = got.releases.first() {
                    assert!(!first.hits.is_empty());
                    assert_eq!(first.hits[0], want.releases[0].hits[0], "{what}");
                    let ready: Vec<usize> = (0..reopened.releases.len())
                        .filter(|&i| reopened.releases[i].text.is_ready())
                        .collect();
                    assert_eq!(
                        ready,
                        vec![first.release],
                        "{what}: only the shown text read"
                    );
                    shown += 1;
                }
            }
            assert_eq!(got, want, "{what}");
            assert_eq!(got.total_hits, want.total_hits, "{what}");
            assert_eq!(got.total_releases, want.total_releases, "{what}");
        }
    }
    assert!(shown > 20, "{shown}");
}

/// Runs the command line with its cache in `home`.
fn run(home: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .env("XDG_CACHE_HOME", home)
        // The cache is written before the command returns, so the test can look at it.
        .env("PRESSMARK_CACHE_FOREGROUND", "1")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn cache_files(home: &Path) -> Vec<PathBuf> {
    let dir = home.join("pressmark");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn the_command_line_writes_the_cache_and_answers_the_same_from_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let sample = fixture("assets/home-office-may-2023.txt");
    let sample = sample.to_str().expect("path");
    let q = "\"net migration\" home";
    let without = run(home.path(), &["search", sample, q, "--json", "--no-cache"]);
    assert!(
        cache_files(home.path()).is_empty(),
        "--no-cache writes none"
    );
    let first = run(home.path(), &["search", sample, q, "--json"]);
    let files = cache_files(home.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let later = run(home.path(), &["search", sample, q, "--json"]);
    assert_eq!(first, without);
    assert_eq!(later, without);
    assert!(without.contains("\"release\""));
    let inspect = run(home.path(), &["inspect", sample, "--json", "--no-cache"]);
    assert_eq!(run(home.path(), &["inspect", sample, "--json"]), inspect);
    let listing = run(home.path(), &["cache"]);
    assert!(listing.contains("1 cache files"), "{listing}");
}

/// Breaks the cache file with `harm`, then checks it is ignored, the answer unchanged,
/// and a whole cache written again.
fn harmed_cache_is_rebuilt(harm: impl Fn(&Path)) {
    let home = tempfile::tempdir().expect("tempdir");
    let sample = fixture("assets/home-office-may-2023.txt");
    let sample = sample.to_str().expect("path");
    let q = "migrants jailed";
    let want = run(home.path(), &["search", sample, q, "--json", "--no-cache"]);
    let inspect = run(home.path(), &["inspect", sample, "--json", "--no-cache"]);
    run(home.path(), &["inspect", sample]);
    let files = cache_files(home.path());
    let [file] = files.as_slice() else {
        panic!("one cache file: {files:?}");
    };
    let good = std::fs::read(file).expect("cache");
    harm(file);
    let key = Key::of(&[PathBuf::from(sample)]).expect("key");
    let dir = home.path().join("pressmark");
    let opened = CacheFile::open(&dir, &key).and_then(|f| f.archive().ok());
    assert!(opened.is_none(), "a harmed cache is not trusted");
    // A search checks what it reads (the header, tables, its words' posting lists and the
    // releases holding them), so its answer is right whatever the damage.
    assert_eq!(run(home.path(), &["search", sample, q, "--json"]), want);
    // Reading the whole archive checks every record, and writes the cache again.
    assert_eq!(run(home.path(), &["inspect", sample, "--json"]), inspect);
    assert!(std::fs::read(file).expect("cache") == good, "rebuilt");
    harm(file);
    assert_eq!(run(home.path(), &["inspect", sample, "--json"]), inspect);
    assert!(std::fs::read(file).expect("cache") == good, "rebuilt");
}

#[test]
fn a_changed_byte_is_detected() {
    harmed_cache_is_rebuilt(|file| {
        let mut bytes = std::fs::read(file).expect("cache");
        // A letter of a release's text.
        let at = bytes
            .windows(13)
            .position(|w| w == b"net migration")
            .expect("a release's text in the cache");
        bytes[at] ^= 0x20;
        std::fs::write(file, bytes).expect("write");
    });
}

#[test]
fn a_truncated_cache_is_detected() {
    harmed_cache_is_rebuilt(|file| {
        let bytes = std::fs::read(file).expect("cache");
        std::fs::write(file, &bytes[..bytes.len() - 100]).expect("write");
    });
}

#[test]
fn a_foreign_file_is_detected() {
    harmed_cache_is_rebuilt(|file| {
        // A real file of another kind under the cache's name.
        let other =
            std::fs::read(fixture("tests/fixtures/formats/govuk-speech.json")).expect("fixture");
        std::fs::write(file, other).expect("write");
    });
}

#[test]
fn a_changed_added_or_removed_file_makes_the_cache_stale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("archive");
    std::fs::create_dir(&folder).expect("mkdir");
    let sample =
        std::fs::read_to_string(fixture("assets/home-office-may-2023.txt")).expect("sample");
    let first = folder.join("a.txt");
    std::fs::write(&first, &sample).expect("write");
    let caches = dir.path().join("cache");
    let paths = vec![folder.clone()];
    let (_, key) = cache(&caches, &paths);
    assert!(CacheFile::open(&caches, &key).is_some());
    let stale = |what: &str| {
        let now = Key::of(&paths).expect("key");
        assert_eq!(now.name, key.name, "same opened paths, same cache file");
        assert!(CacheFile::open(&caches, &now).is_none(), "{what}");
    };
    // Added.
    let second = folder.join("b.json");
    std::fs::copy(fixture("tests/fixtures/formats/govuk-speech.json"), &second).expect("copy");
    stale("a file added to the folder");
    // Removed.
    std::fs::remove_file(&second).expect("rm");
    assert!(CacheFile::open(&caches, &Key::of(&paths).expect("key")).is_some());
    // Changed: same size, another time.
    let file = std::fs::File::options()
        .write(true)
        .open(&first)
        .expect("open");
    file.set_modified(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1))
        .expect("touch");
    stale("a file changed");
    std::fs::write(&first, sample.replace("Home Office", "Home Offices")).expect("write");
    stale("a file rewritten");
    std::fs::remove_file(&first).expect("rm");
    std::fs::write(folder.join("c.txt"), &sample).expect("write");
    stale("a file removed and another added");
}

#[test]
fn processes_opening_the_same_archive_at_once_leave_a_whole_cache() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    // Several copies of the sample, so writing takes long enough to overlap.
    let text = std::fs::read_to_string(fixture("assets/home-office-may-2023.txt"))
        .expect("sample")
        .repeat(20);
    let path = dir.path().join("big.txt");
    std::fs::write(&path, text).expect("write");
    let path = path.to_str().expect("path");
    let want = run(home.path(), &["inspect", path, "--json", "--no-cache"]);
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_pressmark"))
                .env("XDG_CACHE_HOME", home.path())
                .env("PRESSMARK_CACHE_FOREGROUND", "1")
                .args(["inspect", path, "--json"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("spawns")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("waits");
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).expect("UTF-8"), want);
    }
    let files = cache_files(home.path());
    assert_eq!(files.len(), 1, "no temporary files left: {files:?}");
    let key = Key::of(&[PathBuf::from(path)]).expect("key");
    let file = CacheFile::open(&home.path().join("pressmark"), &key).expect("whole");
    assert_eq!(file.archive().expect("reads").releases.len(), 200);
    assert_eq!(run(home.path(), &["inspect", path, "--json"]), want);
}

#[test]
fn a_first_search_leaves_the_cache_to_a_background_process() {
    let home = tempfile::tempdir().expect("temp dir");
    let sample = fixture("assets/home-office-may-2023.txt");
    let path = sample.to_str().expect("UTF-8 path");
    let out = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .env("XDG_CACHE_HOME", home.path())
        .args(["search", path, "net migration", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("net migration"));
    // The answer came first; the cache follows from `pressmark cache --build`. Wait for it
    // (a bound, not a timing assertion: on a loaded machine it may take a while).
    let written = |home: &Path| {
        cache_files(home)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "pmcache"))
            .count()
    };
    let mut waited = 0;
    while written(home.path()) == 0 && waited < 600 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    assert_eq!(
        written(home.path()),
        1,
        "the background build wrote no cache"
    );
    // A later run answers the same from it.
    let again = run(home.path(), &["search", path, "net migration", "--json"]);
    assert_eq!(again, String::from_utf8_lossy(&out.stdout));
}

/// Texts are sliced from the archive file, trusted by its path, size and modification time.
/// A file rewritten with other words of the same length and its time put back has the same
/// key: the cache must still not give texts the file no longer holds.
#[test]
fn an_archive_changed_under_the_same_stamp_is_not_sliced_wrong() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.txt");
    let sample =
        std::fs::read_to_string(fixture("assets/home-office-may-2023.txt")).expect("sample");
    std::fs::write(&path, &sample).expect("write");
    let paths = vec![path.clone()];
    let caches = dir.path().join("cache");
    let (_, key) = cache(&caches, &paths);
    let stamp = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    // The same number of bytes, other letters.
    let changed = sample.replace("migration", "MIGRATION");
    assert_ne!(changed, sample);
    std::fs::write(&path, &changed).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(stamp))
        .expect("touch");
    assert_eq!(Key::of(&paths).expect("key"), key, "the stamp is the same");
    let file = CacheFile::open(&caches, &key).expect("the key still matches");
    let now = Archive::load(&paths).expect("loads");
    // An error is right too: the caller then reads the file again and rewrites the cache.
    if let Ok(cached) = file.archive() {
        assert_same(&now, &cached, "changed under the same stamp");
    }
    // Texts read when needed are the file's or blanks (the file changed), never wrong words.
    if let Ok(cached) = file.archive_in_place() {
        for (r, fresh) in cached.releases.iter().zip(&now.releases) {
            let blank = r.text.bytes().all(|b| b == b' ');
            assert!(blank || r.text == fresh.text, "{}", r.id);
        }
    }
    let query = Query::parse("migration");
    if let Ok((_, found)) = file.search(&query) {
        for (release, _) in found {
            let fresh = now
                .releases
                .iter()
                .find(|r| r.id == release.id)
                .expect("same release");
            assert_eq!(release.text, fresh.text, "search gives the file's text");
        }
    }
}

/// The window keeps the archive file open for its texts: a file truncated in place while it
/// is open gives each text not yet read as blanks (a short read), never a crash or a cut text.
#[test]
fn an_archive_truncated_while_open_gives_blanks_not_a_fault() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.txt");
    let sample = std::fs::read(fixture("assets/home-office-may-2023.txt")).expect("sample");
    std::fs::write(&path, &sample).expect("write");
    let paths = vec![path.clone()];
    let caches = dir.path().join("cache");
    let (archive, key) = cache(&caches, &paths);
    let file = CacheFile::open(&caches, &key).expect("the cache is found");
    let cached = file.archive_in_place().expect("reads back");
    let first = &cached.releases[0];
    assert_eq!(
        first.text, archive.releases[0].text,
        "read before the truncation"
    );
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_len(sample.len() as u64 / 2))
        .expect("truncate");
    let last = cached.releases.last().expect("releases");
    assert_eq!(
        last.text.len(),
        archive.releases.last().expect("r").text.len()
    );
    assert!(
        last.text.bytes().all(|b| b == b' '),
        "{:?}",
        &last.text[..40]
    );
    assert_eq!(first.text, archive.releases[0].text, "kept once read");
}

/// The window's index stays in the mapped file and checks each posting list when a search
/// first reads it: a damaged list finds nothing rather than wrong places, and a command-line
/// search through the cache reports the damage (and reads the archive instead).
#[test]
fn a_damaged_posting_list_is_never_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = vec![fixture("assets/home-office-may-2023.txt")];
    let (archive, key) = cache(dir.path(), &paths);
    let query = Query::parse("migration");
    let want = SearchIndex::build(&archive).search(&archive, &query, usize::MAX);
    assert!(want.total_hits > 0);
    // The header: magic (16), version (4), section count (4), then (offset, length, checksum)
    // per section; the posting lists are section 5.
    let path = dir.path().join(&key.name);
    let mut bytes = std::fs::read(&path).expect("cache");
    let at = 24 + 5 * 24;
    let offset = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes")) as usize;
    let len = u64::from_le_bytes(bytes[at + 8..at + 16].try_into().expect("8 bytes")) as usize;
    for b in &mut bytes[offset..offset + len] {
        *b ^= 0x01;
    }
    std::fs::write(&path, bytes).expect("write");
    let file = CacheFile::open(dir.path(), &key).expect("header and key are whole");
    assert!(
        file.search(&query).is_err(),
        "the command line sees the damage"
    );
    let index = file
        .index(archive.releases.len())
        .expect("the term table is whole");
    let got = index.search(&archive, &query, usize::MAX);
    assert_eq!(got.total_hits, 0, "a damaged list reads as empty");
}

/// A text that could not be read back (its archive file changed while open) is counted, so
/// the window can say so instead of showing blanks without a word.
#[test]
fn a_text_read_as_blanks_is_counted_for_the_window_to_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.txt");
    let sample = std::fs::read(fixture("assets/home-office-may-2023.txt")).expect("sample");
    std::fs::write(&path, &sample).expect("write");
    let paths = vec![path.clone()];
    let caches = dir.path().join("cache");
    let (_, key) = cache(&caches, &paths);
    let file = CacheFile::open(&caches, &key).expect("the cache is found");
    let cached = file.archive_in_place().expect("reads back");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_len(sample.len() as u64 / 2))
        .expect("truncate");
    let before = pressmark::archive::unreadable_texts();
    let last = cached.releases.last().expect("releases");
    assert!(last.text.bytes().all(|b| b == b' '));
    // Other tests may count too (the count is the process's): at least this one.
    assert!(pressmark::archive::unreadable_texts() > before);
}

/// The window leaves each release's speakers, blocks and spans in the cache until they are
/// read: they read back as parsed, one release at a time; and a record changed in the cache
/// file after it was checked gives empty lists, counted for the window to report, never
/// wrong ones.
#[cfg(unix)]
#[test]
fn the_windows_lists_are_read_when_needed_and_checked_then() {
    use std::os::unix::fs::FileExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = vec![fixture("assets/home-office-may-2023.txt")];
    let (archive, key) = cache(dir.path(), &paths);
    let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
    let (cached, _) = file.archive_and_index_in_place().expect("reads back");
    let quoted = archive
        .releases
        .iter()
        .position(|r| !r.speakers.is_empty())
        .expect("a release with a speaker");
    let (want, got) = (&archive.releases[quoted], &cached.releases[quoted]);
    assert!(!got.blocks.is_ready());
    assert_eq!(got.speakers, want.speakers);
    assert_eq!(got.blocks, want.blocks);
    assert_eq!(got.spans, want.spans);
    assert_eq!(
        got.source_position(got.text.len() / 2),
        want.source_position(want.text.len() / 2)
    );
    let others = cached
        .releases
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != quoted);
    assert!(
        others
            .clone()
            .all(|(_, r)| !r.blocks.is_ready() && !r.spans.is_ready()),
        "only the release read"
    );
    // Every record changed in place (same size: the mapping stays valid).
    let header = std::fs::read(dir.path().join(&key.name)).expect("cache");
    let at = 24 + 3 * 24;
    let offset = u64::from_le_bytes(header[at..at + 8].try_into().expect("8 bytes"));
    let len = u64::from_le_bytes(header[at + 8..at + 16].try_into().expect("8 bytes"));
    let start = offset as usize;
    let mut records = header[start..start + len as usize].to_vec();
    for b in &mut records {
        *b ^= 0x01;
    }
    std::fs::File::options()
        .write(true)
        .open(dir.path().join(&key.name))
        .and_then(|f| f.write_all_at(&records, offset))
        .expect("changed in place");
    let before = pressmark::archive::unreadable_texts();
    let (i, other) = others.last().expect("another release");
    assert!(!archive.releases[i].blocks.is_empty());
    assert!(other.blocks.is_empty() && other.spans.is_empty() && other.speakers.is_empty());
    assert!(pressmark::archive::unreadable_texts() > before);
    assert_eq!(got.blocks, want.blocks, "kept once read");
}

/// A cache being written by one process is not written by another at the same time: a script
/// running searches of a new archive one after another started a writer per search, each
/// holding 600 MB for the 541 MB archive. The second leaves the work to the first and says
/// so; once the first is done, a writer may start again.
#[test]
fn a_cache_being_written_is_not_written_again_at_once() {
    let home = tempfile::tempdir().expect("tempdir");
    let sample = fixture("assets/home-office-may-2023.txt");
    let key = Key::of(std::slice::from_ref(&sample)).expect("key");
    let dir = home.path().join("pressmark");
    let building = pressmark::cache::Building::start(&dir, &key)
        .expect("locks")
        .expect("no other writer");
    let build = || {
        Command::new(env!("CARGO_BIN_EXE_pressmark"))
            .env("XDG_CACHE_HOME", home.path())
            .args(["cache", "--build", sample.to_str().expect("path")])
            .output()
            .expect("runs")
    };
    let out = build();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("another process"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(CacheFile::open(&dir, &key).is_none(), "written at once");
    drop(building);
    assert!(build().status.success());
    assert!(CacheFile::open(&dir, &key).is_some());
    assert_eq!(cache_files(home.path()).len(), 1, "the lock file is gone");
}

/// `cache --build` that cannot write the cache (its folder is a file) or read the archive
/// (a path that does not exist) fails, saying which: it had said "note: could not write"
/// and exited 0, and for a missing path that the system had no cache folder. Seen failing
/// before the fix.
#[test]
fn a_cache_build_that_cannot_write_or_read_fails_in_words() {
    let home = tempfile::tempdir().expect("tempdir");
    let not_a_folder = home.path().join("file");
    std::fs::write(&not_a_folder, "x").expect("writes");
    let sample = fixture("assets/home-office-may-2023.txt");
    let build = |cache: &Path, path: &Path| {
        Command::new(env!("CARGO_BIN_EXE_pressmark"))
            .env("XDG_CACHE_HOME", cache)
            .args(["cache", "--build", path.to_str().expect("path")])
            .output()
            .expect("runs")
    };
    let out = build(&not_a_folder, &sample);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not write the cache"));
    let missing = home.path().join("missing.txt");
    let out = build(home.path(), &missing);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("missing.txt") && !said.contains("no cache folder"),
        "{said}"
    );
}
