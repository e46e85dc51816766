//! Issue 11's loose ends: a real European Parliament press-release page, real bot-check and
//! "access denied" pages (warnings, not releases), UTF-16 plain text, tables that keep their
//! columns, and a feed too large to read refused before it is read. Fixtures:
//! tests/fixtures/formats/README.md.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use pressmark::archive::{load_files, split_cells, Archive, BlockKind, Format, Progress};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// 1-based line and column of the first `needle` in the file.
fn position_in_file(path: &Path, needle: &str) -> (u32, u32) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find(needle).expect("in the file");
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = text[..at].matches('\n').count() as u32 + 1;
    let col = text[line_start..at].chars().count() as u32 + 1;
    (line, col)
}

#[test]
fn a_european_parliament_press_release_page() {
    let path = fixture("page-europarl-press-release.html");
    let a = Archive::load(std::slice::from_ref(&path)).unwrap();
    assert_eq!(a.releases.len(), 1, "{:?}", a.warnings);
    let r = &a.releases[0];
    assert_eq!(r.format, Format::Html);
    assert_eq!(
        r.title,
        "Car-recharging stations should be available every 60 km, say MEPs"
    );
    // `<time itemprop="datePublished" datetime="2022-10-19T13:14:00">`.
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2022-10-19"));
    // The organisation from the page's `<title>` ("... | News | European Parliament") and
    // the kind from its keywords (`productType:PRESS_RELEASE`).
    assert_eq!(r.department.as_deref(), Some("European Parliament"));
    assert_eq!(r.kind, pressmark::archive::Kind::PressRelease);
    assert_eq!(
        r.url.as_deref(),
        Some("https://www.europarl.europa.eu/news/en/press-room/20221014IPR43206/car-recharging-stations-should-be-available-every-60-km-say-meps")
    );
    // The article, without the header, the language menu or scripts.
    assert!(r
        .text
        .contains("On Wednesday, Parliament adopted its position"));
    assert!(r.text.contains("485 votes to 65 and 80 abstentions"));
    assert!(!r.text.contains("Direct access to language menu"));
    // The labels under the heading (category, content type, committee, the date as shown)
    // are the page's metadata: the body starts with the release's own first words.
    for label in [
        "Press Releases",
        "Plenary session",
        "TRAN",
        "19-10-2022 - 13:14",
    ] {
        assert!(!r.text.contains(&format!("\n\n{label}\n\n")), "{label}");
    }
    let body = r.block_text(&r.blocks[2]);
    assert_eq!(
        body,
        "Faster roll-out of recharging stations needed on main EU roads"
    );
    assert!(!r.text.contains("български"));
    assert!(!r.text.contains('<'));
    // The quote and its speaker.
    let quote = r
        .text
        .find("At the moment we have 377 000 charging stations")
        .expect("the rapporteur's words");
    assert_eq!(
        r.source_position(r.text.find("On Wednesday, Parliament").unwrap()),
        position_in_file(&path, "On Wednesday, Parliament")
    );
    assert!(quote > 0);
}

#[test]
fn bot_checks_and_access_denied_pages_are_warnings_not_releases() {
    // In a folder of their own, so that tests reading every page at the top of
    // tests/fixtures/formats as a release leave them out.
    for name in [
        "page-cloudflare-just-a-moment.html",
        "page-cloudflare-access-denied.html",
    ] {
        let page = fixture("not-releases").join(name);
        // Alone, the page is an error that says why.
        let err = Archive::load(std::slice::from_ref(&page))
            .expect_err(name)
            .to_string();
        assert!(err.contains("not a release"), "{name}: {err}");
        // In a folder with a release, it is a warning naming its file.
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&page, dir.path().join(name)).unwrap();
        std::fs::copy(
            fixture("page-europarl-press-release.html"),
            dir.path().join("release.html"),
        )
        .unwrap();
        let a = Archive::load(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(a.releases.len(), 1, "{name}");
        let w = a
            .warnings
            .iter()
            .find(|w| w.message.contains("not a release"))
            .unwrap_or_else(|| panic!("{name}: {:?}", a.warnings));
        assert!(a.files[w.file].path.ends_with(name));
    }
}

#[test]
fn utf16_plain_text_is_read_as_plain_text() {
    // The GOV.UK page copied as text, saved as UTF-16 (as Notepad's "Unicode" does).
    let utf8 = std::fs::read_to_string(fixture("text-govuk-student-visas.txt")).unwrap();
    let want = Archive::load(&[fixture("text-govuk-student-visas.txt")]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bom, le) in [
        ("le.txt", [0xFF, 0xFE], true),
        ("be.txt", [0xFE, 0xFF], false),
    ] {
        let mut bytes = bom.to_vec();
        for unit in utf8.encode_utf16() {
            bytes.extend(if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let a = Archive::load(&[path]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(a.releases.len(), 1, "{name}");
        let (r, w) = (&a.releases[0], &want.releases[0]);
        assert_eq!(r.format, Format::Text);
        assert_eq!((&r.title, r.date, &r.text), (&w.title, w.date, &w.text));
        assert_eq!(r.source_position(40), w.source_position(40));
    }
}

#[test]
fn table_rows_keep_their_columns_in_the_release_text() {
    // A Word table (mammoth's test document): the reader puts cells two spaces apart, and
    // the release text must keep them apart so the reader and the figures see columns.
    let a = Archive::load(&[fixture("docx-mammoth-tables.docx")]).unwrap();
    let r = &a.releases[0];
    let rows: Vec<Vec<&str>> = r
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| split_cells(r.block_text(b)))
        .collect();
    assert_eq!(
        rows,
        [["Top left", "Top right"], ["Bottom left", "Bottom right"]]
    );
}

#[test]
fn a_feed_too_large_to_read_is_refused_before_it_is_read() {
    // A 1 GB file that starts as a feed; sparse, so it costs no disk.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.xml");
    let head = b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>x</title>";
    std::fs::write(&path, head).unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(1_000_000_000).unwrap();
    drop(file);
    let progress = Progress::default();
    let err = load_files(std::slice::from_ref(&path), &progress)
        .expect_err("refused")
        .to_string();
    assert!(err.contains("too large"), "{err}");
    // Refused from its size: not a gigabyte read into memory first.
    assert!(
        progress.read.load(Ordering::Relaxed) < 1 << 20,
        "{} bytes were read",
        progress.read.load(Ordering::Relaxed)
    );
}

#[test]
fn truncated_feeds_and_broken_pdfs_in_a_folder_are_warnings_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Truncated XML: the real NASA feed cut in the middle of its item.
    let feed = std::fs::read(fixture("rss2-nasa.xml")).unwrap();
    std::fs::write(root.join("cut-feed.xml"), &feed[..feed.len() / 2]).unwrap();
    // A PDF cut short, and a file that says it is a PDF but holds a feed.
    let pdf = std::fs::read(fixture("pdf-govuk-student-visas.pdf")).unwrap();
    std::fs::write(root.join("cut.pdf"), &pdf[..pdf.len() / 3]).unwrap();
    let mut fake = b"%PDF-1.4\n".to_vec();
    fake.extend_from_slice(&feed);
    std::fs::write(root.join("not-a.pdf"), &fake).unwrap();
    for name in ["cut-feed.xml", "cut.pdf", "not-a.pdf"] {
        // Alone, each is an error that names the file.
        let err = Archive::load(&[root.join(name)])
            .expect_err(name)
            .to_string();
        assert!(err.contains(name), "{name}: {err}");
    }
    // In a folder with a release, each is a warning naming its file; the release is read.
    std::fs::copy(fixture("govuk-speech.json"), root.join("speech.json")).unwrap();
    let a = Archive::load(&[root.to_owned()]).unwrap();
    assert_eq!(a.releases.len(), 1);
    for name in ["cut-feed.xml", "cut.pdf", "not-a.pdf"] {
        let w = a
            .warnings
            .iter()
            .find(|w| a.files[w.file].path.ends_with(name))
            .unwrap_or_else(|| panic!("{name}: {:?}", a.warnings));
        assert!(
            w.message.contains("could not be read") || w.message.contains("not a PDF"),
            "{name}: {}",
            w.message
        );
    }
}
