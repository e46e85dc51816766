//! A real saved GOV.UK page (issue 11, "Saved HTML pages: GOV.UK news pages ..."): GOV.UK's
//! "Controlled drugs list" policy paper (Home Office), saved whole with curl from www.gov.uk in
//! 2014 (datagovuk/ckanext-dgu's scraper tests; tests/fixtures/formats/README.md).
//!
//! The page holds, before its article, a skip link, the cookie message, the header and its
//! navigation and a "Tell us what you think of GOV.UK" survey banner whose heading is the
//! page's first `<h1>`; in the article, an attachment whose `govspeak` block is only the
//! "may not be suitable for users of assistive technology" notice, before the "Detail"
//! section's `govspeak` body; after it, "Help us improve GOV.UK", the footer and scripts.
//! It was read as a release titled with the survey banner's heading, no date, no
//! department, and the attachment's accessibility notice as its whole body.

use std::path::{Path, PathBuf};
use std::process::Command;

use pressmark::archive::{Archive, Format};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

const PAGE: &str = "page-govuk-publication-controlled-drugs.html";

/// 1-based line and column of the first `needle` in the file.
fn position_in_file(path: &Path, needle: &str) -> (u32, u32) {
    let text = std::fs::read_to_string(path).expect("fixture");
    let at = text.find(needle).expect("in the file");
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = text[..at].matches('\n').count() as u32 + 1;
    let col = text[line_start..at].chars().count() as u32 + 1;
    (line, col)
}

#[test]
fn a_saved_govuk_page_gives_its_title_date_department_kind_and_article() {
    let path = fixture(PAGE);
    let a = Archive::load(std::slice::from_ref(&path)).expect("reads");
    assert_eq!(a.releases.len(), 1, "{:?}", a.warnings);
    let r = &a.releases[0];
    assert_eq!(r.format, Format::Html);
    // The article's heading, not the survey banner's ("Tell us what you think of GOV.UK").
    assert_eq!(r.title, "Controlled drugs list");
    // "Published: 28 May 2010" (`<abbr class="date" title="2010-05-28T01:00:00+01:00">`),
    // the first publication, as the GOV.UK JSON reader takes it; not "Updated 4 August 2014".
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2010-05-28"));
    // "From: Home Office and The Rt Hon Norman Baker MP": the organisation link, not the
    // minister's, and not GOV.UK.
    assert_eq!(r.department.as_deref(), Some("Home Office"));
    // The type label above the heading.
    assert_eq!(r.kind.label(), "policy paper");
    // The body is the "Detail" section's text.
    let body = r.block_text(&r.blocks[2]);
    assert!(
        body.starts_with("The following is a list of the most commonly encountered drugs"),
        "{body}"
    );
    assert!(
        body.ends_with("the Misuse of Drugs Regulations 2001."),
        "{body}"
    );
    for furniture in [
        "Skip to main content",
        "GOV.UK uses cookies",
        "Tell us what you think",
        "Take the 3 minute survey",
        "Departments",
        "not be suitable for users of assistive technology",
        "Request a different format",
        "MS Word Document",
        "Help us improve GOV.UK",
        "Services and information",
        "Open Government Licence",
        "Crown copyright",
        "_gaq",
    ] {
        assert!(!r.text.contains(furniture), "{furniture}: {}", r.text);
    }
    assert!(!r.text.contains('<'));
    // Positions: the title and the body's first words point at where they stand.
    assert_eq!(
        r.source_position(0),
        position_in_file(&path, "Controlled drugs list</h1>")
    );
    let at = r.text.find("The following is a list").expect("the body");
    assert_eq!(
        r.source_position(at),
        position_in_file(&path, "The following is a list")
    );
}

#[test]
fn search_hits_in_the_saved_govuk_page_point_into_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("archive");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::copy(fixture(PAGE), folder.join(PAGE)).expect("copy");
    let source = std::fs::read_to_string(folder.join(PAGE)).expect("source");
    // Body words: one early in its long line, one far along it (past column 200).
    for query in ["legislation", "Regulations"] {
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
        assert_eq!(hits.len(), 1, "{query}: {hits:?}");
        let line = hits[0]["line"].as_u64().expect("line") as usize;
        let col = hits[0]["column"].as_u64().expect("column") as usize;
        // In the "Detail" section's paragraph (line 220), not the attachment's notice.
        assert_eq!(line, 220, "{query}");
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

/// A second saved page of the same kind (GOV.UK's "NHS trusts and foundation trusts in
/// special measures: 1 year on", 2014), from three organisations: "From: Monitor, NHS Trust
/// Development Authority and Care Quality Commission" at the top and each again at the foot.
#[test]
fn a_saved_govuk_page_from_three_organisations_names_each_once() {
    let path = fixture("page-govuk-publication-special-measures.html");
    let a = Archive::load(std::slice::from_ref(&path)).expect("reads");
    assert_eq!(a.releases.len(), 1, "{:?}", a.warnings);
    let r = &a.releases[0];
    assert_eq!(
        r.title,
        "NHS trusts and foundation trusts in special measures: 1 year on"
    );
    // "Published: 4 August 2014" (`<abbr class="date" title="2014-08-04T14:37:59+01:00">`).
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2014-08-04"));
    assert_eq!(
        r.department.as_deref(),
        Some("Monitor, NHS Trust Development Authority, Care Quality Commission")
    );
    // (Its type, "Corporate report", has no kind of its own: it is read as the default.)
    let body = r.block_text(&r.blocks[2]);
    assert!(
        body.starts_with("In 2013 Sir Bruce Keogh led a review of 14 NHS trusts"),
        "{body}"
    );
    assert!(r
        .text
        .contains("close scrutiny from Monitor or the NHS Trust Development Authority"));
    for furniture in [
        "Tell us what you think",
        "GOV.UK uses cookies",
        "assistive technology",
        "Portable Document Format",
        "Help us improve GOV.UK",
        "Crown copyright",
    ] {
        assert!(!r.text.contains(furniture), "{furniture}: {}", r.text);
    }
    let at = r.text.find("In 2013 Sir Bruce Keogh").expect("the body");
    assert_eq!(
        r.source_position(at),
        position_in_file(&path, "In 2013 Sir Bruce Keogh")
    );
}

/// A saved GOV.UK page whose text is one sentence ("Passport impact indicators - CSV version",
/// Guidance, Home Office and HM Passport Office, first published 2 January 2013; saved in
/// 2016): a short release, not an empty page, because its article has a heading and its
/// metadata says when it was published.
#[test]
fn a_saved_govuk_page_of_one_sentence_is_a_release() {
    let path = fixture("page-govuk-guidance-passport-indicators.html");
    let a = Archive::load(std::slice::from_ref(&path)).expect("reads");
    assert_eq!(a.releases.len(), 1, "{:?}", a.warnings);
    let r = &a.releases[0];
    assert_eq!(r.title, "Passport impact indicators - CSV version");
    // "First published: <time datetime="2013-01-02T00:00:00+00:00">".
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2013-01-02"));
    assert_eq!(
        r.department.as_deref(),
        Some("Home Office, HM Passport Office")
    );
    assert_eq!(r.blocks.len(), 3, "{}", r.text);
    let body = r.block_text(&r.blocks[2]);
    assert_eq!(
        body,
        "Find impact indicators on passport applications that were processed within target by the Identity and Passport Service."
    );
    let at = r.text.find("Find impact indicators").expect("the body");
    let text = std::fs::read_to_string(&path).expect("fixture");
    // In the "Detail" section, not the summary above it, which says the same words.
    let detail = text.rfind("<p>Find impact indicators").expect("the detail") + "<p>".len();
    let line = text[..detail].matches('\n').count() as u32 + 1;
    let col = (detail - text[..detail].rfind('\n').map_or(0, |i| i + 1)) as u32 + 1;
    assert_eq!(r.source_position(at), (line, col));
    // An empty page stays a warning (`truncated_and_empty_pages_are_warnings_not_releases`
    // in formats_html.rs); so does this page cut before its article.
    let dir = tempfile::tempdir().expect("tempdir");
    let cut = dir.path().join("cut.html");
    std::fs::write(&cut, &text[..text.find("<main").expect("main")]).expect("write");
    let err = Archive::load(std::slice::from_ref(&cut))
        .expect_err("not a release")
        .to_string();
    assert!(err.contains("not a release"), "{err}");
}
