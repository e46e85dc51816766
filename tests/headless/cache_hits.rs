//! A later `search` answers from the cache's posting offsets, reading only the text around
//! each hit: the same hits, positions and sentences as a scan of the whole archive, for
//! every reader's fixtures; and an archive file changed under a cache that still matches
//! its stamp is noticed, not answered from.

use std::path::{Path, PathBuf};
use std::process::Command;

use pressmark::archive::Archive;
use pressmark::cache::{write, CacheFile, Key};
use pressmark::search::{Query, Scanner, SearchIndex};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every reader's fixtures: tag pages, the folder of every format, and each format alone.
fn inputs() -> Vec<Vec<PathBuf>> {
    let mut out = vec![
        vec![fixture("assets/home-office-may-2023.txt")],
        vec![fixture("tests/fixtures/archives/variants.txt")],
        vec![fixture("tests/fixtures/search/accented.txt")],
        vec![fixture("tests/fixtures/formats")],
        vec![
            fixture("assets/home-office-may-2023.txt"),
            fixture("tests/fixtures/search/accented.txt"),
        ],
    ];
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("tests/fixtures/formats"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && !p.ends_with("README.md") && !p.ends_with("SOURCES-formats.md"))
        .collect();
    files.sort();
    out.extend(files.into_iter().map(|f| vec![f]));
    out
}

/// Release id, file, line, column and sentence of each hit.
type Line = (String, usize, u32, u32, String);

/// The hits a scan of every release's whole text gives (what `search --no-cache` prints).
fn scanned(archive: &Archive, q: &str) -> Vec<Line> {
    let scanner = Scanner::new(&Query::parse(q));
    let mut out = Vec::new();
    for r in &archive.releases {
        for h in scanner.hits(&r.text).unwrap_or_default() {
            let (line, column) = r.source_position(h.start);
            let text = r.text[h.sentence.0..h.sentence.1].to_owned();
            out.push((r.id.clone(), r.file, line, column, text));
        }
    }
    out
}

fn from_cache(file: &CacheFile, q: &str) -> Result<Vec<Line>, String> {
    let meta = file.meta().map_err(|e| format!("{e:?}"))?;
    let mut found = Vec::new();
    file.each_hit(
        &meta,
        &Query::parse(q),
        Vec::new,
        |out: &mut Vec<Line>, h| {
            out.push((
                h.release.to_owned(),
                h.file,
                h.line,
                h.column,
                h.sentence.to_owned(),
            ))
        },
        |run: &mut Vec<Line>| {
            found.append(run);
            Ok::<(), ()>(())
        },
    )
    .map_err(|e| format!("{e:?}"))?;
    Ok(found)
}

const QUERIES: [&str; 16] = [
    "\"net migration\"",
    "\"£39 million\"",
    "£",
    "migrants jailed",
    "GOVERNMENT",
    "83%",
    "the",
    "a",
    "cafe",
    "naive",
    "\"home secretary\" said",
    "\"of the\" the",
    "UK's",
    "untitled",
    "smuggled zzzznotaword",
    "",
];

#[test]
fn hits_from_posting_offsets_are_the_whole_scans() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut found = 0;
    for paths in inputs() {
        // A scanned PDF without text is no archive.
        let Ok(archive) = Archive::load(&paths) else {
            continue;
        };
        let key = Key::of(&paths).expect("key");
        write(dir.path(), &key, &archive, &SearchIndex::build(&archive)).expect("written");
        let file = CacheFile::open(dir.path(), &key).expect("the cache is found");
        for q in QUERIES {
            let want = scanned(&archive, q);
            assert_eq!(from_cache(&file, q), Ok(want.clone()), "{paths:?} {q}");
            found += want.len();
        }
    }
    assert!(found > 1000, "{found}");
}

/// Writes `text` over `path` and puts its modification time back to `stamp`: the cache's
/// key (path, size, time) stays the same if the size does.
pub fn write_keeping_stamp(path: &Path, text: &str, stamp: std::time::SystemTime) {
    std::fs::write(path, text).expect("write");
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(stamp))
        .expect("touch");
}

/// Runs the command line with its cache in `home`, written before it returns.
fn run(home: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .env("XDG_CACHE_HOME", home)
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

/// The printed lines (and JSON) are byte for byte those of `--no-cache`, for a tag page and
/// the folder of every format.
#[test]
fn the_command_line_prints_the_same_from_the_cache() {
    let home = tempfile::tempdir().expect("tempdir");
    for path in [
        fixture("assets/home-office-may-2023.txt"),
        fixture("tests/fixtures/formats"),
    ] {
        let path = path.to_str().expect("path");
        // The first run writes the cache.
        run(home.path(), &["inspect", path]);
        for q in ["\"net migration\"", "the", "students visa", "£"] {
            let want = run(home.path(), &["search", path, q, "--no-cache"]);
            assert!(!want.is_empty() || q == "students visa", "{path} {q}");
            assert_eq!(run(home.path(), &["search", path, q]), want, "{path} {q}");
            let want = run(home.path(), &["search", path, q, "--json", "--no-cache"]);
            let got = run(home.path(), &["search", path, q, "--json"]);
            assert_eq!(got, want, "{path} {q} --json");
        }
    }
}

/// Texts are read from the archive file, trusted by its path, size and modification time.
/// A file rewritten with other words of the same length and its time put back has the same
/// key: the words at the cache's offsets are checked, so the search notices and reads the
/// file instead.
#[test]
fn a_word_changed_under_the_same_stamp_is_noticed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.txt");
    let sample =
        std::fs::read_to_string(fixture("assets/home-office-may-2023.txt")).expect("sample");
    std::fs::write(&path, &sample).expect("write");
    let paths = vec![path.clone()];
    let home = dir.path().join("home");
    let p = path.to_str().expect("path");
    run(&home, &["inspect", p]);
    let stamp = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let key = Key::of(&paths).expect("key");
    // The same number of bytes, another word.
    let changed = sample.replace("migration", "migratiom");
    assert_ne!(changed, sample);
    write_keeping_stamp(&path, &changed, stamp);
    assert_eq!(Key::of(&paths).expect("key"), key, "the stamp is the same");
    let file = CacheFile::open(&home.join("pressmark"), &key).expect("the key still matches");
    assert!(from_cache(&file, "migration").is_err());
    for q in ["migration", "migratiom", "\"net migration\""] {
        let want = run(&home, &["search", p, q, "--no-cache"]);
        assert_eq!(run(&home, &["search", p, q]), want, "{q}");
    }
}

/// A word changed under the same stamp in the last release that holds it: the releases
/// before it are answered from the cache (and printed as they are found), the search stops
/// there, and the command line reads the archive for the rest. What is printed is what
/// `--no-cache` prints, once.
#[test]
fn a_change_part_way_through_prints_the_rest_from_the_archive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("five.txt");
    let sample =
        std::fs::read_to_string(fixture("assets/home-office-may-2023.txt")).expect("sample");
    let five = sample.repeat(5);
    std::fs::write(&path, &five).expect("write");
    let paths = vec![path.clone()];
    let home = dir.path().join("home");
    let p = path.to_str().expect("path");
    run(&home, &["inspect", p]);
    let archive = Archive::load(&paths).expect("loads");
    let stamp = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    // The last hit, found where the search says it is.
    let (id, _, line, column, _) = scanned(&archive, "migration").pop().expect("a hit");
    let last = archive
        .releases
        .iter()
        .position(|r| r.id == id)
        .expect("its release");
    let line_start: usize = five
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    let at = line_start
        + five[line_start..]
            .chars()
            .take(column as usize - 1)
            .map(char::len_utf8)
            .sum::<usize>();
    assert_eq!(
        five[at..].get(..9).map(str::to_lowercase).as_deref(),
        Some("migration")
    );
    let mut changed = five.clone();
    changed.replace_range(at..at + "migration".len(), "migratiom");
    write_keeping_stamp(&path, &changed, stamp);
    let key = Key::of(&paths).expect("key");
    let file = CacheFile::open(&home.join("pressmark"), &key).expect("the key still matches");
    let meta = file.meta().expect("meta");
    let mut handed_on = Vec::new();
    let stopped = file.each_hit(
        &meta,
        &Query::parse("migration"),
        Vec::new,
        |out: &mut Vec<String>, h| out.push(h.release.to_owned()),
        |run: &mut Vec<String>| {
            handed_on.append(run);
            Ok::<(), ()>(())
        },
    );
    match stopped {
        Err(pressmark::cache::Stopped::Cache { from: Some(from) }) => {
            assert_eq!(from as usize, last, "it stops at the changed release");
        }
        other => panic!("{other:?}"),
    }
    let before: Vec<String> = scanned(&archive, "migration")
        .into_iter()
        .map(|l| l.0)
        .filter(|id| archive.releases.iter().position(|r| &r.id == id) < Some(last))
        .collect();
    assert!(before.len() > 20, "{}", before.len());
    assert_eq!(handed_on, before);
    for q in ["migration", "\"net migration\""] {
        let want = run(&home, &["search", p, q, "--no-cache"]);
        assert_eq!(run(&home, &["search", p, q]), want, "{q}");
        let want = run(&home, &["search", p, q, "--json", "--no-cache"]);
        assert_eq!(run(&home, &["search", p, q, "--json"]), want, "{q} --json");
    }
}
