//! Saved web pages: title, date, organisation, body and positions, and pages that are not
//! releases. Fixtures: tests/fixtures/formats/README.md.

use std::path::{Path, PathBuf};

use pressmark::archive::{Archive, Format};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn position_in_file(path: &Path, needle: &str) -> (u32, u32) {
    position_after(path, "", needle)
}

/// Like `position_in_file`, for the first `needle` right after `context`.
fn position_after(path: &Path, context: &str, needle: &str) -> (u32, u32) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text
        .find(&format!("{context}{needle}"))
        .expect("in the file")
        + context.len();
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = text[..at].matches('\n').count() as u32 + 1;
    let col = text[line_start..at].chars().count() as u32 + 1;
    (line, col)
}

#[test]
fn a_news_page_with_json_ld() {
    let path = fixture("page-bbc-news.html");
    let a = Archive::load(std::slice::from_ref(&path)).unwrap();
    assert_eq!(a.releases.len(), 1);
    let r = &a.releases[0];
    assert_eq!(r.format, Format::Html);
    assert_eq!(
        r.title,
        "Obama admits US gun laws are his 'biggest frustration'"
    );
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2015-07-24"));
    assert_eq!(r.department.as_deref(), Some("BBC News"));
    // The article: not the navigation, not scripts, and the heading is not repeated.
    assert!(r
        .text
        .contains("President Barack Obama has admitted that his failure"));
    assert!(!r.text.contains("window.") && !r.text.contains("<"));
    assert_eq!(r.text.matches("Obama admits US gun laws").count(), 1);
    // Body text points at its line and column in the page.
    let at = r.text.find("President Barack Obama has admitted").unwrap();
    // (The same words stand earlier in a video's data attribute, which is not text.)
    assert_eq!(
        r.source_position(at),
        position_after(
            &path,
            "introduction\">",
            "President Barack Obama has admitted"
        )
    );
    assert_eq!(
        r.source_position(0),
        position_in_file(
            &path,
            "Obama admits US gun laws are his 'biggest frustration'</h1>"
        )
    );
}

#[test]
fn a_ministry_page_without_a_date_and_a_blog_post_dated_above_its_text() {
    let a = Archive::load(&[
        fixture("page-bmjv-de.html"),
        fixture("page-python-blog.html"),
    ])
    .unwrap();
    assert_eq!(a.releases.len(), 2);
    let bmjv = &a.releases[0];
    assert!(
        bmjv.title
            .ends_with("Mehr Transparenz bei Preisanpassungen"),
        "{}",
        bmjv.title
    );
    // "Thema " is for screen readers only.
    assert!(!bmjv.title.contains("Thema"));
    assert_eq!(bmjv.date, None);
    assert_eq!(bmjv.department.as_deref(), Some("BMJV"));
    assert!(bmjv
        .text
        .contains("Ob Energie, Finanzen oder Telekommunikation"));
    // Its footer and side bar are not part of it.
    assert!(!bmjv.text.contains("Zusatzinformationen"));
    let blog = &a.releases[1];
    assert_eq!(blog.title, "Python 3.6.0 is now available!");
    assert_eq!(
        blog.date.map(|d| d.to_string()).as_deref(),
        Some("2016-12-23")
    );
    assert!(blog.text.contains("We hope you enjoy Python 3.6.0!"));
}

#[test]
fn truncated_and_empty_pages_are_warnings_not_releases() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(fixture("page-bbc-news.html")).unwrap();
    // Cut in the middle of the article: still read, up to the cut.
    let mid = page.find("Hours after the interview").unwrap() + 10;
    let cut = dir.path().join("cut.html");
    std::fs::write(&cut, &page[..mid]).unwrap();
    let a = Archive::load(std::slice::from_ref(&cut)).unwrap();
    assert!(a.releases[0].text.contains("In an interview with the BBC"));
    // Cut in its head: nothing to read, said in words, naming the file.
    let head = dir.path().join("head.html");
    std::fs::write(&head, &page[..2000]).unwrap();
    let err = Archive::load(std::slice::from_ref(&head))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("head.html") && err.contains("not a release"),
        "{err}"
    );
    // In a folder, the same page is a warning and the rest is read.
    std::fs::copy(fixture("page-bmjv-de.html"), dir.path().join("bmjv.html")).unwrap();
    let a = Archive::load(&[dir.path().to_owned()]).unwrap();
    assert_eq!(a.releases.len(), 2);
    let w = a
        .warnings
        .iter()
        .find(|w| w.message.contains("not a release"))
        .unwrap();
    assert!(a.file_path(w.file).ends_with("head.html"));
}
