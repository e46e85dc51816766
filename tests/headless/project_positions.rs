//! The map back to the source on a folder archive (issue 11): `claims --json` and
//! `search --json` name the real file, and the line and column there where the text stands,
//! inside a saved page, a feed or a tag page. Checked by reading the file at that place.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// A folder holding copies of `sources` (repository paths), by their file names.
fn folder(dir: &Path, sources: &[&str]) -> PathBuf {
    let folder = dir.join("archive");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for s in sources {
        let name = Path::new(s).file_name().expect("name");
        std::fs::copy(fixture(s), folder.join(name)).expect("copy");
    }
    folder
}

fn run_json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .current_dir(dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .args(args)
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout).expect("a JSON list")
}

/// The source text at a 1-based line and column (in characters) of `file`, `len` characters.
fn at(file: &str, line: u64, column: u64, len: usize) -> String {
    let text = std::fs::read_to_string(file).expect("source file");
    let line = text
        .split('\n')
        .nth(line as usize - 1)
        .unwrap_or_else(|| panic!("{file} has no line {line}"));
    line.chars().skip(column as usize - 1).take(len).collect()
}

/// A dating line Pressmark made for a source without one ("The press release issued by the
/// Home Office on 23 May 2023."): the formats here state their date in metadata.
fn made_dateline(text: &str) -> bool {
    text.starts_with("The ")
        && (text.contains(" issued ") || text.contains(" made "))
        && text.ends_with('.')
        && text
            .trim_end_matches('.')
            .rsplit(' ')
            .next()
            .is_some_and(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
}

/// Every figure of `claims --json` and every hit of `search --json` for `queries` stands at
/// its line and column in its file; returns the files that had any.
fn check_positions(dir: &Path, folder: &Path, queries: &[&str]) -> Vec<String> {
    let folder = folder.to_string_lossy().into_owned();
    let mut files = Vec::new();
    let figures = run_json(dir, &["claims", &folder, "--json"]);
    for f in &figures {
        let (file, text) = (
            f["file"].as_str().expect("file"),
            f["text"].as_str().expect("text"),
        );
        assert!(file.starts_with(&folder), "{file}");
        let found = at(
            file,
            f["line"].as_u64().expect("line"),
            f["column"].as_u64().expect("column"),
            text.chars().count(),
        );
        assert_eq!(
            found, text,
            "figure at {file}:{}:{}",
            f["line"], f["column"]
        );
        files.push(file.to_owned());
    }
    for q in queries {
        let hits = run_json(dir, &["search", &folder, q, "--json", "--no-cache"]);
        assert!(!hits.is_empty(), "no hit of {q}");
        for h in &hits {
            let file = h["file"].as_str().expect("file");
            let (line, column) = (
                h["line"].as_u64().expect("line"),
                h["column"].as_u64().expect("column"),
            );
            let exact =
                at(file, line, column, q.chars().count()).to_lowercase() == q.to_lowercase();
            if !exact && made_dateline(h["text"].as_str().expect("text")) {
                // Its words stand nowhere in the file: it names where the date stands.
                let text = h["text"].as_str().expect("text");
                let year = text.trim_end_matches('.').rsplit(' ').next().expect("year");
                let around = at(file, line, column, 40);
                assert!(
                    around.contains(year),
                    "hit of {q} in {text:?} at {file}:{line}:{column}: {around:?}"
                );
                files.push(file.to_owned());
                continue;
            }
            let found = at(file, line, column, q.chars().count());
            assert_eq!(
                found.to_lowercase(),
                q.to_lowercase(),
                "hit of {q} at {file}:{}:{}",
                h["line"],
                h["column"]
            );
            files.push(file.to_owned());
        }
    }
    files.sort();
    files.dedup();
    files
}

#[test]
fn figures_and_hits_point_into_the_real_page_feed_and_tag_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = folder(
        dir.path(),
        &[
            "assets/home-office-may-2023.txt",
            "tests/fixtures/formats/page-bbc-news.html",
            "tests/fixtures/formats/rss2-nasa.xml",
        ],
    );
    let files = check_positions(
        dir.path(),
        &folder,
        &["Obama", "supplies", "million", "migration"],
    );
    // Each of the three files was looked into.
    assert_eq!(files.len(), 3, "{files:?}");
}

/// Text after inline markup (`<abbr>PHE</abbr>’s`, a Markdown link) was glued to the piece
/// before it and took that piece's position, so the columns after it were off by the
/// markup's length: `83%` in the GOV.UK fixture was reported at 51:398, and stands at 51:405.
/// Escapes did the same within a line (`\"` and `\u2019` in JSON, `&rsquo;` in HTML).
/// Seen failing before the fix (html_body.rs now marks where glued text stands).
#[test]
fn figures_and_hits_point_into_the_real_json_and_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = folder(
        dir.path(),
        &[
            "tests/fixtures/formats/govuk-press-release.json",
            "tests/fixtures/formats/govuk-speech.json",
            "tests/fixtures/formats/govuk-world-news-story.json",
            "tests/fixtures/formats/govuk-search.json",
            "tests/fixtures/formats/md-digitalgov-autopen.md",
            "tests/fixtures/formats/md-apache-drill-1.0.md",
        ],
    );
    let files = check_positions(
        dir.path(),
        &folder,
        &["health", "Federal", "overweight", "Drill"],
    );
    assert!(files.len() >= 4, "{files:?}");
}

/// The same in feeds, whose HTML stands escaped in the file (`&amp;lt;p&amp;gt;More than`
/// in the untidy NASA feed, `&lt;p&gt;A range of maintenance` in feed-rs's Atom feed):
/// "supplies" is reported at 19:85, "maintenance" at 13:44. The feed reader hands the
/// decoded HTML with its element's start; `html_body::escaped_html_blocks` places it past
/// the escapes.
#[test]
fn figures_and_hits_point_into_escaped_html_in_feeds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = folder(
        dir.path(),
        &[
            "tests/fixtures/formats/rss2-nasa-untidy.xml",
            "tests/fixtures/formats/atom-feed-rs-releases.xml",
        ],
    );
    check_positions(dir.path(), &folder, &["supplies", "maintenance"]);
}

/// The line, at least, is right inside the JSON: the figure is on the line named.
#[test]
fn figures_inside_govuk_json_are_on_the_line_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = folder(
        dir.path(),
        &[
            "tests/fixtures/formats/govuk-press-release.json",
            "tests/fixtures/formats/govuk-speech.json",
        ],
    );
    let folder_text = folder.to_string_lossy().into_owned();
    let figures = run_json(dir.path(), &["claims", &folder_text, "--json"]);
    assert!(figures.len() > 30, "{}", figures.len());
    for f in &figures {
        let file = f["file"].as_str().expect("file");
        let text = std::fs::read_to_string(file).expect("source");
        let line = text
            .split('\n')
            .nth(f["line"].as_u64().expect("line") as usize - 1)
            .expect("the line");
        // Figures are plain digits and signs; the JSON line holds them as they are.
        assert!(
            line.contains(f["text"].as_str().expect("text")),
            "{f} not on its line"
        );
    }
}
