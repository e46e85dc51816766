//! Where a title's words and a made dating line point in the source (issue 11, positions).
//!
//! A title with inline markup or escapes (the BMJV page's heading, whose words are parted
//! by a `<span>` and a line break; Il Messaggero's title in a CDATA section on the line
//! after `<title>`) was mapped as one run from its first word, so every word after the
//! markup was given a column (even a line) where it does not stand. A dating line made for
//! a format that has none pointed at the title; it now points at where the date it states
//! stands. Fixtures: tests/fixtures/formats/README.md and SOURCES-formats.md.

use std::path::{Path, PathBuf};
use std::process::Command;

use pressmark::archive::{Archive, BlockKind, Release};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// 1-based line and column of the first `needle` right after `context` in the file.
fn position_after(path: &Path, context: &str, needle: &str) -> (u32, u32) {
    let text = std::fs::read_to_string(path).expect("fixture");
    let at = text
        .find(&format!("{context}{needle}"))
        .expect("in the file")
        + context.len();
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = text[..at].matches('\n').count() as u32 + 1;
    let col = text[line_start..at].chars().count() as u32 + 1;
    (line, col)
}

fn only(path: &Path) -> Release {
    let a = Archive::load(&[path.to_owned()]).expect("reads");
    a.releases.into_iter().next().expect("a release")
}

/// Where `word` of the title stands, by the release's map.
fn title_word(r: &Release, word: &str) -> (u32, u32) {
    let at = r.title.find(word).expect("in the title");
    // The title is block 0 and starts the text.
    assert!(r.text.starts_with(&r.title));
    r.source_position(at)
}

#[test]
fn title_words_after_inline_markup_point_at_their_place() {
    let path = fixture("page-bmjv-de.html");
    let r = only(&path);
    assert_eq!(
        r.title,
        "Verbraucherschutz Mehr Transparenz bei Preisanpassungen"
    );
    assert_eq!(
        title_word(&r, "Verbraucherschutz"),
        position_after(&path, "</span>", "Verbraucherschutz")
    );
    // After `</span>`, on the next line of the page.
    assert_eq!(
        title_word(&r, "Transparenz"),
        position_after(&path, "</span>Mehr ", "Transparenz")
    );
}

#[test]
fn a_feed_title_in_cdata_points_past_the_cdata() {
    let path = fixture("rss2-ilmessaggero.xml");
    let r = only(&path);
    assert!(r.title.starts_with("Missili Polonia"), "{}", r.title);
    assert_eq!(
        title_word(&r, "Polonia"),
        position_after(&path, "<![CDATA[ Missili ", "Polonia")
    );
    assert_eq!(
        title_word(&r, "Mosca"),
        position_after(&path, "Nato-Russia, ", "Mosca")
    );
}

/// `search --json` reports a title's words where they stand (the command line's map is the
/// release's).
#[test]
fn search_hits_in_titles_point_into_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("archive");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for name in ["page-bmjv-de.html", "rss2-ilmessaggero.xml"] {
        std::fs::copy(fixture(name), folder.join(name)).expect("copy");
    }
    for (query, file) in [
        ("Preisanpassungen", "page-bmjv-de.html"),
        ("Mosca", "rss2-ilmessaggero.xml"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_pressmark"))
            .current_dir(dir.path())
            .env("XDG_CACHE_HOME", dir.path().join(".cache"))
            .args([
                "search",
                &folder.to_string_lossy(),
                query,
                "--json",
                "--no-cache",
            ])
            .output()
            .expect("binary runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let hits: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).expect("JSON");
        assert!(!hits.is_empty(), "no hit of {query}");
        let source = std::fs::read_to_string(folder.join(file)).expect("source");
        for h in &hits {
            let line = h["line"].as_u64().expect("line") as usize;
            let col = h["column"].as_u64().expect("column") as usize;
            let found: String = source
                .split('\n')
                .nth(line - 1)
                .expect("the line")
                .chars()
                .skip(col - 1)
                .take(query.chars().count())
                .collect();
            assert_eq!(found, query, "hit at {line}:{col}");
        }
    }
}

/// The position of a release's made dating line (block 1).
fn dateline_position(r: &Release) -> (u32, u32) {
    let b = &r.blocks[1];
    assert_eq!(b.kind, BlockKind::Dateline, "{}", r.block_text(b));
    r.source_position(b.start as usize)
}

#[test]
fn a_made_dating_line_points_at_the_date_not_the_title() {
    let json = fixture("govuk-press-release.json");
    let r = only(&json);
    assert_eq!(
        r.block_text(&r.blocks[1]),
        "The press release issued by the Public Health England on 28 December 2016."
    );
    assert_eq!(
        dateline_position(&r),
        position_after(&json, "\"first_published_at\": \"", "2016-12-28")
    );
    // Each of its words names that place (a search hit on "Health" in it, say).
    let health = r.text.find("Health England on").expect("in the line");
    assert_eq!(r.source_position(health), dateline_position(&r));
    // A speech's line, made with its speaker, likewise.
    let speech = fixture("govuk-speech.json");
    assert_eq!(
        dateline_position(&only(&speech)),
        position_after(&speech, "\"first_published_at\": \"", "2016-03-08")
    );
    // A page dated by its JSON-LD, by `<time datetime>`; a feed by its `pubDate`; Markdown
    // by its front matter.
    let bbc = fixture("page-bbc-news.html");
    assert_eq!(
        dateline_position(&only(&bbc)),
        position_after(&bbc, "\"datePublished\": \"", "2015-07-24")
    );
    let ep = fixture("page-europarl-press-release.html");
    assert_eq!(
        dateline_position(&only(&ep)),
        position_after(&ep, "datetime=\"", "2022-10-19")
    );
    let nasa = fixture("rss2-nasa.xml");
    assert_eq!(
        dateline_position(&only(&nasa)),
        position_after(&nasa, "<pubDate>", "Thu, 01 Aug 2019")
    );
    let md = fixture("md-digitalgov-autopen.md");
    assert_eq!(
        dateline_position(&only(&md)),
        position_after(&md, "date: ", "2023-05-23")
    );
}

#[test]
fn a_made_dating_line_without_a_known_date_place_points_at_the_release_start() {
    // The BMJV page has no date: its line names the organisation only, and points at the
    // start of the release's line, not at the title's words.
    let path = fixture("page-bmjv-de.html");
    let r = only(&path);
    assert_eq!(r.date, None);
    let (line, col) = dateline_position(&r);
    assert_eq!((line, col), (r.line, 1));
    assert_ne!((line, col), r.source_position(0));
}

/// A search result without a body: its summary is placed word by word in the JSON.
#[test]
fn a_summary_without_a_body_points_into_the_json() {
    let path = fixture("govuk-search.json");
    let r = only(&path);
    let at = r.text.find("DVLA for your car").expect("the summary");
    assert_eq!(
        r.source_position(at),
        position_after(&path, "Get vehicle tax from the ", "DVLA")
    );
}
