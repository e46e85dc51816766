//! `pressmark inspect PATH... [--json] [--text]`.
//!
//! Without a cache (`--no-cache`, or a first run), tag pages are streamed: parsed on every
//! core from a memory map and printed as they come, without building the whole archive.
//! The output is byte for byte what printing the loaded archive gives.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::archive::{Archive, PartialDate, Pieces, Release, SourceFile, TagPages, Warning};
use crate::cache::CacheFile;

/// The release's text after its title: the dating line and the body, blocks apart by a
/// blank line.
fn body(r: &Release) -> &str {
    let start = r
        .blocks
        .get(1)
        .map(|b| b.start as usize)
        .unwrap_or(r.text.len());
    r.text.get(start..).unwrap_or("")
}

#[derive(Serialize)]
struct Report<'a> {
    releases: Vec<ReleaseOut<'a>>,
    warnings: Vec<WarningOut<'a>>,
}

#[derive(Serialize)]
struct ReleaseOut<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    date: Option<String>,
    department: Option<&'a str>,
    speakers: Vec<&'a str>,
    file: String,
    line: u32,
    /// `tagpage`, `govuk-json`, `rss`, `atom`, `html`, `markdown`, `text`, `docx`, `pdf`.
    format: &'static str,
    url: Option<&'a str>,
    /// With `--text`: the body as the reader shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct WarningOut<'a> {
    file: String,
    line: u32,
    message: &'a str,
}

fn file_path(files: &[SourceFile], file: usize) -> String {
    files
        .get(file)
        .map_or_else(|| "?".to_owned(), |f| f.path.display().to_string())
}

fn release_out<'a>(files: &[SourceFile], r: &'a Release, with_text: bool) -> ReleaseOut<'a> {
    ReleaseOut {
        id: &r.id,
        title: &r.title,
        kind: r.kind.label(),
        date: r.date.map(|d| d.to_string()),
        department: r.department.as_deref(),
        speakers: r.speaker_names(),
        file: file_path(files, r.file),
        line: r.line,
        format: r.format.label(),
        url: r.url.as_deref(),
        text: with_text.then(|| body(r)),
    }
}

fn warning_out<'a>(files: &[SourceFile], w: &'a Warning) -> WarningOut<'a> {
    WarningOut {
        file: file_path(files, w.file),
        line: w.line,
        message: &w.message,
    }
}

/// One release as plain text.
fn write_release(out: &mut String, r: &ReleaseOut<'_>) {
    let _ = writeln!(
        out,
        "{}  {:<10}  {:<14}  {}  [{}]",
        r.id,
        r.date.as_deref().unwrap_or("undated"),
        r.kind,
        r.title,
        r.department.unwrap_or("-")
    );
    if let Some(text) = r.text {
        for line in text.lines() {
            let _ = writeln!(out, "    {line}");
        }
        out.push('\n');
    }
}

/// The count, date range and warnings after the releases, as plain text.
fn write_summary(
    out: &mut String,
    releases: usize,
    range: Option<(PartialDate, PartialDate)>,
    warnings: &[WarningOut<'_>],
) {
    let range = range
        .map(|(a, b)| format!(", {a} to {b}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{releases} releases{range}; {} warnings",
        warnings.len()
    );
    for w in warnings {
        let _ = writeln!(out, "{}:{}: warning: {}", w.file, w.line, w.message);
    }
}

pub fn run(paths: &[PathBuf], json: bool, with_text: bool, no_cache: bool) -> anyhow::Result<()> {
    let cache = super::cached::cache_key(paths, no_cache);
    let in_cache = cache
        .as_ref()
        .is_some_and(|(dir, key)| CacheFile::open(dir, key).is_some());
    if !in_cache {
        if let Some(pages) = TagPages::open(paths) {
            if let Some(pieces) = pages.pieces() {
                let mut out = Out::new(std::io::stdout().lock());
                stream(&mut out, &pages.files(), &pieces, json, with_text)?;
                out.finish()?;
                if cache.is_some() {
                    super::cached::save_later(paths);
                }
                return Ok(());
            }
        }
    }
    let opened = super::cached::open(paths, no_cache, with_text)?;
    let mut out = Out::new(std::io::stdout().lock());
    print_archive(&mut out, &opened.archive, json, with_text)?;
    out.finish()?;
    opened.save();
    // The process ends next: freeing 100,000 releases one by one would only add time.
    std::mem::forget(opened);
    Ok(())
}

/// Prints an archive read whole (from the cache, or a format that is not streamed).
fn print_archive<W: std::io::Write>(
    out: &mut Out<W>,
    archive: &Archive,
    json: bool,
    with_text: bool,
) -> anyhow::Result<()> {
    let report = Report {
        releases: archive
            .releases
            .iter()
            .map(|r| release_out(&archive.files, r, with_text))
            .collect(),
        warnings: archive
            .warnings
            .iter()
            .map(|w| warning_out(&archive.files, w))
            .collect(),
    };
    if json {
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        out.write(&text);
        return Ok(());
    }
    let mut text = String::new();
    for r in &report.releases {
        write_release(&mut text, r);
    }
    write_summary(
        &mut text,
        report.releases.len(),
        archive.date_range(),
        &report.warnings,
    );
    out.write(&text);
    Ok(())
}

/// Standard output, buffered; a closed pipe (`| head`) ends the output quietly.
struct Out<W: std::io::Write> {
    out: std::io::BufWriter<W>,
    error: Option<std::io::Error>,
}

impl<W: std::io::Write> Out<W> {
    fn new(out: W) -> Out<W> {
        Out {
            out: std::io::BufWriter::with_capacity(1 << 20, out),
            error: None,
        }
    }

    /// False once writing has failed.
    fn write(&mut self, text: &str) -> bool {
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(text.as_bytes()) {
                self.error = Some(e);
            }
        }
        self.error.is_none()
    }

    /// Flushes; an error other than a closed pipe is reported.
    fn finish(mut self) -> anyhow::Result<()> {
        if self.error.is_none() {
            if let Err(e) = self.out.flush() {
                self.error = Some(e);
            }
        }
        match self.error {
            Some(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            _ => Ok(()),
        }
    }
}

/// Prints tag pages as they are parsed.
fn stream<W: std::io::Write>(
    out: &mut Out<W>,
    files: &[SourceFile],
    pieces: &Pieces<'_>,
    json: bool,
    with_text: bool,
) -> anyhow::Result<()> {
    if json {
        let report = Streamed {
            files,
            pieces,
            with_text,
            warnings: RefCell::new(Vec::new()),
        };
        let written = serde_json::to_writer_pretty(&mut out.out, &report);
        match written {
            Err(e) if e.is_io() => {
                out.error = Some(e.into());
            }
            other => other?,
        }
        out.write("\n");
        return Ok(());
    }
    let mut count = 0usize;
    let mut range: Option<(PartialDate, PartialDate)> = None;
    let mut text = String::new();
    let warnings = each_release(pieces, with_text, false, |releases| {
        text.clear();
        for r in releases {
            write_release(&mut text, &release_out(files, r, with_text));
            if let Some(d) = r.date {
                range = Some(range.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))));
            }
        }
        count += releases.len();
        out.write(&text)
    });
    let warnings: Vec<WarningOut<'_>> = warnings.iter().map(|w| warning_out(files, w)).collect();
    text.clear();
    write_summary(&mut text, count, range, &warnings);
    out.write(&text);
    Ok(())
}

/// Hands `each` the releases of `pieces` as they are parsed, with no more of each than
/// printing needs: their text only with `--text`, their speakers only for JSON.
fn each_release(
    pieces: &Pieces<'_>,
    with_text: bool,
    speakers: bool,
    each: impl FnMut(&[Release]) -> bool,
) -> Vec<Warning> {
    if with_text {
        pieces.releases(each)
    } else {
        pieces.outlines(speakers, each)
    }
}

/// The JSON report of tag pages, serialized as they are parsed: the same document as
/// [`Report`], field for field.
struct Streamed<'a> {
    files: &'a [SourceFile],
    pieces: &'a Pieces<'a>,
    with_text: bool,
    /// Filled while the releases are written, written after them.
    warnings: RefCell<Vec<Warning>>,
}

struct StreamedReleases<'r, 'a>(&'r Streamed<'a>);

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut report = s.serialize_struct("Report", 2)?;
        report.serialize_field("releases", &StreamedReleases(self))?;
        let warnings = self.warnings.borrow();
        let out: Vec<WarningOut<'_>> = warnings
            .iter()
            .map(|w| warning_out(self.files, w))
            .collect();
        report.serialize_field("warnings", &out)?;
        report.end()
    }
}

impl Serialize for StreamedReleases<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        let warnings = each_release(report.pieces, report.with_text, true, |releases| {
            for r in releases {
                if let Err(e) =
                    seq.serialize_element(&release_out(report.files, r, report.with_text))
                {
                    failed = Some(e);
                    return false;
                }
            }
            true
        });
        if let Some(e) = failed {
            return Err(e);
        }
        *report.warnings.borrow_mut() = warnings;
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    /// What `inspect` prints for `paths`: streamed, and from the loaded archive.
    fn both(paths: &[PathBuf], json: bool, with_text: bool) -> (Vec<u8>, Vec<u8>) {
        let pages = TagPages::open(paths)
            .expect("plain tag pages")
            .with_piece_size(997);
        let pieces = pages.pieces().expect("UTF-8");
        let mut streamed = Out::new(Vec::new());
        stream(&mut streamed, &pages.files(), &pieces, json, with_text).expect("streams");
        let archive = Archive::load(paths).expect("loads");
        let mut loaded = Out::new(Vec::new());
        print_archive(&mut loaded, &archive, json, with_text).expect("prints");
        let bytes = |o: Out<Vec<u8>>| o.out.into_inner().expect("flushed");
        (bytes(streamed), bytes(loaded))
    }

    /// Streaming prints byte for byte what printing the loaded archive prints: ids (with the
    /// `-2` of a repeated title and date), lines, sections, warnings and their order, on
    /// every tag page we have, alone and together.
    #[test]
    fn streaming_prints_what_the_loaded_archive_prints() {
        let sample = fixture("assets/home-office-may-2023.txt");
        let variants = fixture("tests/fixtures/archives/variants.txt");
        let accented = fixture("tests/fixtures/search/accented.txt");
        // Five copies of the sample in one file: the same titles and dates again (`-2`...),
        // and pieces of ~1 kB cut it into hundreds, parsed on every core.
        let dir = tempfile::tempdir().expect("tempdir");
        let five = dir.path().join("five.txt");
        let text = std::fs::read_to_string(&sample).expect("sample");
        std::fs::write(&five, text.repeat(5)).expect("write");
        // Real releases with quotes and speakers, and tables of figures.
        let quotes = fixture("tests/fixtures/quotes/releases.txt");
        let heldout = fixture("tests/fixtures/quotes/heldout.txt");
        let tables = fixture("tests/fixtures/figures/hard/02-psf-september-2017.txt");
        let sets = [
            vec![five],
            vec![sample.clone()],
            vec![variants.clone()],
            vec![accented.clone()],
            vec![quotes.clone(), heldout, tables],
            vec![sample.clone(), variants, sample, accented, quotes],
        ];
        for paths in &sets {
            for (json, with_text) in [(false, false), (false, true), (true, false), (true, true)] {
                let (streamed, loaded) = both(paths, json, with_text);
                assert!(loaded.len() > 100, "{paths:?}");
                assert!(
                    streamed == loaded,
                    "{paths:?} json {json} text {with_text}:\n{}\n---\n{}",
                    String::from_utf8_lossy(&streamed),
                    String::from_utf8_lossy(&loaded)
                );
            }
        }
    }

    /// Other formats, folders and text that is not UTF-8 are not streamed.
    #[test]
    fn what_is_not_a_plain_tag_page_is_read_the_usual_way() {
        assert!(TagPages::open(&[fixture("tests/fixtures/formats")]).is_none());
        assert!(TagPages::open(&[fixture("tests/fixtures/formats/govuk-speech.json")]).is_none());
        assert!(TagPages::open(&[fixture("tests/fixtures/formats/rss2-nasa.xml")]).is_none());
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bad.txt");
        let mut bytes = std::fs::read(fixture("assets/home-office-may-2023.txt")).expect("sample");
        let at = bytes.len() - 500;
        bytes[at] = 0xFF;
        std::fs::write(&path, &bytes).expect("write");
        let pages = TagPages::open(&[path]).expect("looks like a tag page");
        assert!(pages.pieces().is_none());
    }
}
