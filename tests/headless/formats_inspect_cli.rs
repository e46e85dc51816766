//! `pressmark inspect FOLDER --json --text` on a folder of every format (issue 11's command
//! line): each release names its `format`, its `url` where the source gives one (else null),
//! and its `text` as the reader shows it. Fixtures: tests/fixtures/formats/README.md.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn folder_of_every_format(root: &Path) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (from, to) in [
        ("archives/variants.txt", "tag-page.txt"),
        ("formats/govuk-press-release.json", "govuk/phe.json"),
        ("formats/page-bbc-news.html", "pages/bbc.html"),
        ("formats/rss2-nasa.xml", "feeds/nasa.xml"),
        ("formats/atom-feed-rs-releases.xml", "feeds/feed-rs.atom"),
        ("formats/md-apache-drill-1.0.md", "notes/drill.md"),
        ("formats/text-govuk-student-visas.txt", "copies/visas.txt"),
        ("formats/docx-mammoth-tables.docx", "word/tables.docx"),
        ("formats/pdf-govuk-student-visas.pdf", "pdf/visas.pdf"),
    ] {
        let to = root.join(to);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(fixtures.join(from), to).expect("copy");
    }
}

#[test]
fn inspect_json_names_format_url_and_text_for_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    folder_of_every_format(&root);
    let o = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .env("XDG_CACHE_HOME", dir.path().join(".cache"))
        .args(["inspect", &root.to_string_lossy(), "--json", "--text"])
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let releases = out
        .get("releases")
        .and_then(|r| r.as_array())
        .or_else(|| out.as_array())
        .expect("a list of releases");
    // The first release of each format: its title, url and the start of its text.
    let mut first: BTreeMap<String, &serde_json::Value> = BTreeMap::new();
    for r in releases {
        let format = r["format"].as_str().expect("format").to_owned();
        first.entry(format).or_insert(r);
    }
    let formats: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        formats,
        [
            "atom",
            "docx",
            "govuk-json",
            "html",
            "markdown",
            "pdf",
            "rss",
            "tagpage",
            "text"
        ]
    );
    let url = |f: &str| first[f]["url"].as_str().map(str::to_owned);
    assert_eq!(
        url("govuk-json").as_deref(),
        Some("https://www.gov.uk/government/news/modern-life-responsible-for-worrying-health-in-middle-aged")
    );
    assert_eq!(
        url("html").as_deref(),
        Some("http://www.bbc.com/news/world-us-canada-33646704")
    );
    assert!(
        url("rss").is_some_and(|u| u.starts_with("http://www.nasa.gov/")),
        "{:?}",
        url("rss")
    );
    // Files that give no address: null.
    for f in ["text", "docx", "pdf", "tagpage"] {
        assert!(first[f]["url"].is_null(), "{f}: {}", first[f]["url"]);
    }
    // `text`: the body as the reader shows it, plain.
    for (f, words) in [
        ("govuk-json", "Eight out of 10 of the middle aged"),
        ("html", "President Barack Obama has admitted"),
        ("text", "New government restrictions to student visa routes"),
        ("pdf", "New government restrictions to student visa routes"),
        ("docx", "Top left"),
    ] {
        let text = first[f]["text"].as_str().expect("text");
        assert!(text.contains(words), "{f}: {text:.200}");
        assert!(!text.contains('<'), "{f}: markup left in {text:.200}");
    }
}
