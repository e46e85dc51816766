//! `pressmark search ARCHIVE... QUERY [--json]`: every hit, with where it starts in the
//! source file and the sentence around it.

use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;

use crate::archive::{Archive, RawPieces, Release, SourceFile, TagPages};
use crate::cache::{CacheFile, Stopped};
use crate::search::{Hit, Prefilter, Query, Scanner};

/// One hit as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HitOut {
    pub release: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub text: String,
}

/// Every hit of `query` in `archive`, in release order then offset. Reads each release
/// once (on every core) rather than building an index to answer one query.
pub fn hits(archive: &Archive, query: &str) -> Vec<HitOut> {
    hits_in(&archive.releases, &archive.files, query)
}

/// [`hits`] in `releases`, of an archive of `files`.
fn hits_in(releases: &[Release], files: &[SourceFile], query: &str) -> Vec<HitOut> {
    let scanner = Scanner::new(&Query::parse(query));
    let found = in_parallel(releases, |r| scanner.hits(&r.text));
    let names = names(files);
    let mut out = Vec::new();
    for (r, hits) in releases.iter().zip(found) {
        for hit in hits.unwrap_or_default() {
            out.push(hit_out(&names, r, &hit));
        }
    }
    out
}

/// [`hits`] in tag pages read straight from their files: only the releases whose raw text
/// holds every term (any case, any accent) are parsed and scanned. `None` if the files are
/// not UTF-8 (each piece is checked as it is read; nothing is printed before all are).
pub fn hits_in_pieces(
    files: &[SourceFile],
    pieces: &RawPieces<'_>,
    query: &str,
) -> Option<Vec<HitOut>> {
    let query = Query::parse(query);
    if query.terms().is_empty() {
        // Nothing to find (the index finds nothing either).
        return Some(Vec::new());
    }
    let prefilter = Prefilter::new(&query);
    let scanner = Scanner::new(&query);
    // Each hit's line, column and sentence are worked out on the thread that found it;
    // its line is then moved down as its release is (line numbers are known only once the
    // pieces before are counted), and its release id and file name are given.
    let found = pieces.select(
        |text, starts| prefilter.candidates(text, starts),
        |r| {
            let hits = scanner.hits(&r.text)?;
            let out: Vec<(u32, u32, String)> = hits.iter().map(|h| hit_place(r, h)).collect();
            Some((r.line, out))
        },
    )?;
    let names = names(files);
    let mut out = Vec::new();
    for (r, (line_then, hits)) in found {
        let down = r.line.saturating_sub(line_then);
        let file = names.get(r.file).map_or("?", String::as_str);
        out.extend(hits.into_iter().map(|(line, column, text)| HitOut {
            release: r.id.clone(),
            file: file.to_owned(),
            line: line.saturating_add(down),
            column,
            text,
        }));
    }
    Some(out)
}

/// [`hits`] through the search index, as the window finds them.
#[cfg(test)]
fn hits_indexed(archive: &Archive, query: &str) -> Vec<HitOut> {
    hits_with(&crate::search::SearchIndex::build(archive), archive, query)
}

/// [`hits_indexed`] with an index already built.
#[cfg(test)]
fn hits_with(index: &crate::search::SearchIndex, archive: &Archive, query: &str) -> Vec<HitOut> {
    let results = index.search(archive, &Query::parse(query), usize::MAX);
    let names = names(&archive.files);
    let mut out = Vec::new();
    for rh in &results.releases {
        let Some(r) = archive.releases.get(rh.release) else {
            continue;
        };
        for hit in &rh.hits {
            out.push(hit_out(&names, r, hit));
        }
    }
    out
}

/// The files' names as printed, worked out once rather than for every hit.
fn names(files: &[SourceFile]) -> Vec<String> {
    files.iter().map(|f| f.path.display().to_string()).collect()
}

fn hit_out(names: &[String], r: &Release, hit: &Hit) -> HitOut {
    let (line, column, text) = hit_place(r, hit);
    let file = names.get(r.file).map_or_else(|| "?".into(), Clone::clone);
    HitOut {
        release: r.id.clone(),
        file,
        line,
        column,
        text,
    }
}

/// A hit's line, column and sentence as printed (its release and file are given later,
/// once per hit, rather than made here and replaced).
fn hit_place(r: &Release, hit: &Hit) -> (u32, u32, String) {
    let (line, column) = r.source_position(hit.start);
    let (s, e) = hit.sentence;
    let text = r.text.get(s..e).unwrap_or("").replace('\n', " ");
    (line, column, text)
}

/// `f` of every item, in order, worked out on every core.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = crate::threads::workers();
    let per = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(per)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

pub fn run(args: &[String], json: bool, no_cache: bool) -> anyhow::Result<()> {
    let Some((query, paths)) = args.split_last() else {
        anyhow::bail!("usage: pressmark search ARCHIVE... QUERY");
    };
    if paths.is_empty() {
        anyhow::bail!("usage: pressmark search ARCHIVE... QUERY (no archive given)");
    }
    // A query of punctuation alone finds nothing anywhere: said, rather than printing no
    // hits as if the archive had been searched for something.
    if Query::parse(query).terms().is_empty() {
        anyhow::bail!(
            "the query {query:?} has no words to search for (letters, digits and symbols such as £, $ and % are searchable)"
        );
    }
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let cache = super::cached::cache_key(&paths, no_cache);
    if let Some((dir, key)) = &cache {
        if let Some(printed) =
            CacheFile::open(dir, key).and_then(|f| from_cache(&f, &paths, query, json))
        {
            return printed;
        }
    }
    if let Some(pages) = TagPages::open(&paths) {
        if let Some(found) = hits_in_pieces(&pages.files(), &pages.raw_pieces(), query) {
            print(&found, json)?;
            if cache.is_some() {
                super::cached::save_later(&paths);
            }
            // The process ends next: freeing every hit's strings one by one would only add
            // time (a few per cent of it with 150,000 hits).
            std::mem::forget(found);
            return Ok(());
        }
    }
    let archive = Archive::load(&paths).context("could not open the archive")?;
    print(&hits(&archive, query), json)?;
    if cache.is_some() {
        super::cached::save_later(&paths);
    }
    // The process ends next: freeing 100,000 releases one by one would only add time.
    std::mem::forget(archive);
    Ok(())
}

/// Prints every hit as [`print`] would, found from the cache's posting offsets, as the
/// releases are searched. `None` when the cache could not answer and nothing was printed
/// (damaged, or an archive file changed under it: the caller reads the archive, and the
/// cache is written again). If it stops part way (an archive file changed while it was
/// read), the archive is read and the hits of the releases from there on are printed.
fn from_cache(
    file: &CacheFile,
    paths: &[PathBuf],
    query: &str,
    json: bool,
) -> Option<anyhow::Result<()>> {
    crate::trace::mark("search: cache opened");
    let meta = file.meta().ok()?;
    crate::trace::mark("search: cache's files read");
    let names: Vec<String> = meta
        .files
        .iter()
        .map(|f| f.path.display().to_string())
        .collect();
    let name = |i: usize| names.get(i).map_or("?", String::as_str);
    let parsed = Query::parse(query);
    if json {
        // One JSON array, printed at the end.
        let mut found: Vec<HitOut> = Vec::new();
        let searched = file.each_hit(
            &meta,
            &parsed,
            Vec::new,
            |out: &mut Vec<HitOut>, h| {
                out.push(HitOut {
                    release: h.release.to_owned(),
                    file: name(h.file).to_owned(),
                    line: h.line,
                    column: h.column,
                    text: h.sentence.replace('\n', " "),
                });
            },
            |run: &mut Vec<HitOut>| {
                found.append(run);
                Ok::<(), std::convert::Infallible>(())
            },
        );
        return match searched {
            Ok(()) => Some(print(&found, json)),
            Err(_) => None,
        };
    }
    let stdout = std::io::stdout();
    let searched = file.each_hit(
        &meta,
        &parsed,
        String::new,
        |out: &mut String, h| {
            // itoa rather than `write!`: formatting was a tenth of the work per hit.
            let mut num = itoa::Buffer::new();
            out.push_str(name(h.file));
            out.push(':');
            out.push_str(num.format(h.line));
            out.push(':');
            out.push_str(num.format(h.column));
            out.push_str(": ");
            // Line breaks as spaces; `memchr` rather than `split('\n')`, whose byte search
            // was a twentieth of a search with 600,000 hits.
            let mut rest = h.sentence;
            while let Some(k) = memchr::memchr(b'\n', rest.as_bytes()) {
                out.push_str(rest.get(..k).unwrap_or_default());
                out.push(' ');
                rest = rest.get(k + 1..).unwrap_or_default();
            }
            out.push_str(rest);
            out.push('\n');
        },
        |run: &mut String| {
            use std::io::Write;
            let written = (&stdout).write_all(run.as_bytes());
            run.clear();
            written
        },
    );
    match searched {
        Ok(()) => Some(flush(&stdout)),
        Err(Stopped::Emit(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Some(Ok(())),
        Err(Stopped::Emit(e)) => Some(Err(e.into())),
        Err(Stopped::Cache { from: None }) => None,
        Err(Stopped::Cache { from: Some(from) }) => Some(print_rest(paths, query, from as usize)),
    }
}

/// Standard output flushed (a closed pipe ends it quietly).
fn flush(stdout: &std::io::Stdout) -> anyhow::Result<()> {
    use std::io::Write;
    match (&*stdout).flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// The hits of the releases from `from` on, read from the archive (the cache answered for
/// those before it, and is written again).
fn print_rest(paths: &[PathBuf], query: &str, from: usize) -> anyhow::Result<()> {
    let archive = Archive::load(paths).context("could not open the archive")?;
    let rest = archive.releases.get(from..).unwrap_or_default();
    print(&hits_in(rest, &archive.files, query), false)?;
    super::cached::save_later(paths);
    std::mem::forget(archive);
    Ok(())
}

/// Prints every hit, through a small buffer that stays in the cache (all of them in one
/// string first meant writing, and faulting in, 27 MB for 150,000 hits). A closed pipe ends
/// it quietly.
fn print(found: &[HitOut], json: bool) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let written = if json {
        serde_json::to_writer_pretty(&mut out, found)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
    } else {
        found.iter().try_for_each(|h| {
            out.write_all(h.file.as_bytes())?;
            write!(out, ":{}:{}: ", h.line, h.column)?;
            out.write_all(h.text.as_bytes())?;
            out.write_all(b"\n")
        })
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(path: &str) -> Archive {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        Archive::load(&[path]).expect("archive loads")
    }

    /// The scan and the index give the same hits, in the same order, on real releases.
    #[test]
    fn scanning_finds_what_the_index_finds() {
        let sample = load("assets/home-office-may-2023.txt");
        let queries = [
            "\"net migration\"",
            "\"£39 million\"",
            "migrants jailed",
            "vile",
            "GOVERNMENT",
            "83%",
            "the",
            "\"the home\" secretary",
            "UK's",
            "smuggled zzzznotaword",
            "\"of the\" \"the\"",
        ];
        for q in queries {
            let scanned = hits(&sample, q);
            assert_eq!(scanned, hits_indexed(&sample, q), "query {q}");
        }
        assert!(!hits(&sample, "the").is_empty());
        let accented = load("tests/fixtures/search/accented.txt");
        for q in ["cafe", "CAFÉ", "naive", "\"cafe\" the"] {
            assert_eq!(hits(&accented, q), hits_indexed(&accented, q), "query {q}");
        }
        assert!(!hits(&accented, "cafe").is_empty());
    }

    fn fixture(path: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    /// Reading the raw tag pages and parsing only the releases that may hold the words finds
    /// what the index finds in the loaded archive: same releases, ids (five copies of the
    /// sample repeat every title and date), lines, columns and sentences.
    #[test]
    fn the_raw_scan_finds_what_the_index_finds() {
        let dir = tempfile::tempdir().expect("tempdir");
        let five = dir.path().join("five.txt");
        let sample =
            std::fs::read_to_string(fixture("assets/home-office-may-2023.txt")).expect("sample");
        std::fs::write(&five, sample.repeat(5)).expect("write");
        // The accented fixture with Bucureşti's cedilla as the comma below that Romanian
        // spells it with (real Romanian releases use both), and Năstase's ă kept: a letter
        // beyond Latin Extended-A beside one in it.
        let comma = dir.path().join("comma.txt");
        let accented = std::fs::read_to_string(fixture("tests/fixtures/search/accented.txt"))
            .expect("fixture");
        let changed = accented.replace("Bucureşti", "București");
        assert_ne!(changed, accented);
        std::fs::write(&comma, changed).expect("write");
        let sets = [
            vec![five],
            vec![fixture("tests/fixtures/search/accented.txt")],
            vec![comma],
            vec![
                fixture("tests/fixtures/archives/variants.txt"),
                fixture("assets/home-office-may-2023.txt"),
                fixture("tests/fixtures/search/accented.txt"),
            ],
        ];
        let queries = [
            "\"net migration\"",
            "\"£39 million\"",
            "£",
            "migrants jailed",
            "vile",
            "GOVERNMENT",
            "83%",
            "the",
            "\"the home\" secretary",
            "UK's",
            "smuggled zzzznotaword",
            "cafe",
            "CAFÉ",
            "naive",
            "\"bucuresti cafe with zoe nastase\"",
            "bucuresti",
            "BUCUREȘTI",
            "untitled",
            "",
        ];
        for paths in &sets {
            let archive = Archive::load(paths).expect("loads");
            // Phrases of two and three words from the texts themselves, as written: across
            // punctuation, symbols, line and block breaks.
            let mut queries: Vec<String> = queries.iter().map(|q| (*q).to_owned()).collect();
            for r in &archive.releases {
                let tokens: Vec<(usize, usize)> = crate::search::Tokens::new(&r.text).collect();
                for (k, w) in tokens.windows(3).enumerate().step_by(29) {
                    let upto = if k % 2 == 0 { w[1].1 } else { w[2].1 };
                    queries.push(format!("\"{}\"", &r.text[w[0].0..upto]));
                }
            }
            queries.sort();
            queries.dedup();
            assert!(queries.len() > 20, "{}", queries.len());
            let index = crate::search::SearchIndex::build(&archive);
            for piece in [997, 1 << 22] {
                let pages = TagPages::open(paths)
                    .expect("tag pages")
                    .with_piece_size(piece);
                let pieces = pages.raw_pieces();
                for q in &queries {
                    let raw = hits_in_pieces(&pages.files(), &pieces, q).expect("UTF-8");
                    assert_eq!(raw, hits_with(&index, &archive, q), "{paths:?} {piece} {q}");
                }
            }
        }
        // Found at all (the raw scan and the index had agreed on nothing).
        let comma = Archive::load(&sets[2]).expect("loads");
        for q in ["bucuresti", "BUCUREȘTI", "bucureşti"] {
            assert_eq!(hits_indexed(&comma, q).len(), 1, "{q}");
        }
        let archive = Archive::load(&sets[0]).expect("loads");
        let many = hits_indexed(&archive, "\"net migration\"");
        // A byte that is not UTF-8 near the end, in one of the last pieces: no answer from
        // the raw pieces (the archive is then loaded the usual way), whatever was found
        // before it.
        let bad = dir.path().join("bad.txt");
        let mut bytes = sample.repeat(3).into_bytes();
        let at = bytes.len() - 500;
        bytes[at] = 0xFF;
        std::fs::write(&bad, &bytes).expect("write");
        let pages = TagPages::open(std::slice::from_ref(&bad))
            .expect("looks like a tag page")
            .with_piece_size(997);
        let files = pages.files();
        assert!(hits_in_pieces(&files, &pages.raw_pieces(), "migration").is_none());
        assert!(many.iter().any(|h| h.release.ends_with("-5")), "{many:?}");
    }
}
