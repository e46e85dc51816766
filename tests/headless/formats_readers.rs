//! The feed, Markdown, plain-text, DOCX and PDF readers on real files (sources and licences in
//! tests/fixtures/formats/SOURCES-formats.md): title, date, department, kind, body start and
//! positions of each, and malformed input turned into clear errors or warnings.

use pressmark::archive::{
    read_draft_as, sniff_format, BlockKind, FileDraft, Format, Kind, Release, SourcePos,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Sniffs the fixture's format from its content, reads it, and checks the two agree.
fn read(name: &str) -> FileDraft {
    let bytes = fixture(name);
    let sniffed = sniff_format(&bytes).unwrap_or_else(|| panic!("{name}: no format sniffed"));
    let draft = read_draft_as(sniffed, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    if sniffed == Format::Rss {
        assert!(matches!(draft.format, Format::Rss | Format::Atom));
    } else {
        assert_eq!(draft.format, sniffed, "{name}");
    }
    draft
}

fn release(draft: &FileDraft, i: usize) -> Release {
    draft.releases[i].clone().into_release(0, draft.format)
}

fn date(r: &Release) -> String {
    r.date.map(|d| d.to_string()).unwrap_or_default()
}

/// The body as the reader shows it, after the title and dating line.
fn body_start(r: &Release) -> &str {
    let first = r
        .blocks
        .iter()
        .find(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Dateline))
        .expect("a body block");
    r.block_text(first)
}

fn pos(line: u32, col: u32) -> SourcePos {
    SourcePos { line, col }
}

#[test]
fn rss2_press_release_with_a_named_zone_and_the_channel_as_organisation() {
    let d = read("rss2-nasa.xml");
    assert_eq!(d.format, Format::Rss);
    assert_eq!(d.releases.len(), 1);
    let draft = &d.releases[0];
    assert_eq!(draft.line, 14, "the <item> line");
    assert_eq!(draft.title_pos, pos(15, 19), "after <title>");
    let r = release(&d, 0);
    assert_eq!(
        r.title,
        "NASA Television to Broadcast Space Station Departure of Cygnus Cargo Ship"
    );
    assert_eq!(date(&r), "2019-08-01", "Thu, 01 Aug 2019 16:15 EDT");
    assert_eq!(r.kind, Kind::PressRelease);
    assert_eq!(r.department.as_deref(), Some("NASA Breaking News"));
    assert_eq!(
        r.url.as_deref(),
        Some("http://www.nasa.gov/press-release/nasa-television-to-broadcast-space-station-departure-of-cygnus-cargo-ship")
    );
    assert_eq!(
        draft.source_id.as_deref(),
        Some("http://www.nasa.gov/press-release/nasa-television-to-broadcast-space-station-departure-of-cygnus-cargo-ship")
    );
    assert!(
        body_start(&r).starts_with(
            "More than three months after delivering several tons of supplies and scientific experiments to the International Space Station"
        ),
        "{}",
        body_start(&r)
    );
    let at = r.text.find("More than three").expect("body");
    assert_eq!(r.source_position(at).0, 19, "the <description> line");
}

#[test]
fn untidy_rss_wrong_case_drupal_date_and_twice_escaped_html() {
    let d = read("rss2-nasa-untidy.xml");
    assert_eq!(d.releases.len(), 1, "items under <ITEM> are still found");
    assert!(
        d.warnings.iter().any(|(_, w)| w.contains("wrong case")),
        "{:?}",
        d.warnings
    );
    let r = release(&d, 0);
    assert_eq!(
        r.title,
        "NASA Television to Broadcast Space Station Departure of Cygnus Cargo Ship"
    );
    assert_eq!(date(&r), "2019-08-01", "Thursday, August 1, 2019 - 4:15pm");
    let body = body_start(&r);
    assert!(body.starts_with("More than three months"), "{body}");
    assert!(
        !r.text.contains("<p>") && !r.text.contains("&lt;"),
        "{}",
        r.text
    );
    assert_eq!(d.releases[0].line, 14);
}

#[test]
fn rss2_keeps_the_stated_date_where_utc_is_the_day_before() {
    // "mer, 16 nov 2022 00:38:15 +0100" is 15 November in UTC.
    let d = read("rss2-ilmessaggero.xml");
    let r = release(&d, 0);
    assert_eq!(date(&r), "2022-11-16");
    assert_eq!(
        r.title,
        "Missili Polonia, cosa è successo? Tensione Nato-Russia, Mosca: non siamo stati noi"
    );
    assert_eq!(r.department.as_deref(), Some("ilmessaggero.it - mondo"));
    assert_eq!(d.releases[0].line, 18);
    assert!(body_start(&r).starts_with("Non sono ancora le 16 di ieri pomeriggio"));
}

#[test]
fn rss1_rdf_item_with_a_dublin_core_date() {
    let d = read("rss1-debian.rdf");
    assert_eq!(d.format, Format::Rss);
    assert_eq!(d.releases.len(), 1);
    let r = release(&d, 0);
    assert_eq!(r.title, "Updated Debian 11: 11.6 released");
    assert_eq!(date(&r), "2022-12-17");
    assert_eq!(r.department.as_deref(), Some("Debian News"));
    assert_eq!(
        r.url.as_deref(),
        Some("https://www.debian.org/News/2022/20221217")
    );
    assert_eq!(
        body_start(&r),
        "The Debian project is pleased to announce the sixth update of its stable distribution Debian 11 (codename bullseye). This point release mainly adds corrections for security issues, along with a few adjustments for serious problems. Security advisories have already been published separately and are referenced where available."
    );
    assert_eq!(d.releases[0].line, 27);
    assert_eq!(d.releases[0].title_pos, pos(28, 9));
}

#[test]
fn rss091_items_without_dates_are_warned_about() {
    let d = read("rss091-spec.xml");
    assert_eq!(d.releases.len(), 2);
    let undated = d
        .warnings
        .iter()
        .filter(|(_, w)| w.contains("has no date"))
        .count();
    assert_eq!(undated, 2, "{:?}", d.warnings);
    let r = release(&d, 0);
    assert_eq!(r.title, "Giving the world a pluggable Gnutella");
    assert_eq!(r.date, None);
    assert_eq!(r.department.as_deref(), Some("WriteTheWeb"));
    assert!(body_start(&r).starts_with("WorldOS is a framework on which to build programs"));
}

#[test]
fn atom_entries_with_offsets_authors_and_html_content() {
    let d = read("atom-feed-rs-releases.xml");
    assert_eq!(d.format, Format::Atom);
    assert_eq!(d.releases.len(), 4);
    let draft = &d.releases[0];
    assert_eq!(draft.line, 8);
    assert_eq!(draft.title_pos, pos(12, 15));
    assert_eq!(
        draft.source_id.as_deref(),
        Some("tag:github.com,2008:Repository/90976281/v0.2.0")
    );
    let r = release(&d, 0);
    assert_eq!(r.title, "0.2.0");
    assert_eq!(
        date(&r),
        "2020-01-19",
        "2020-01-19T16:08:59+11:00, not the UTC day"
    );
    assert_eq!(r.department.as_deref(), Some("markpritchard"), "the author");
    assert_eq!(
        r.url.as_deref(),
        Some("https://github.com/feed-rs/feed-rs/releases/tag/v0.2.0")
    );
    assert_eq!(body_start(&r), "A range of maintenance work, including:");
    let bullets = r
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Bullet)
        .count();
    assert_eq!(bullets, 5);
    assert_eq!(date(&release(&d, 1)), "2017-07-07");
}

#[test]
fn a_truncated_feed_is_a_clear_error() {
    let bytes = fixture("rss2-nasa.xml");
    let cut = &bytes[..bytes.len() / 2];
    let err = read_draft_as(Format::Rss, cut).expect_err("cut short");
    assert!(err.contains("could not be read"), "{err}");
    let err = read_draft_as(
        Format::Atom,
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>x",
    )
    .expect_err("cut short");
    assert!(err.contains("could not be read"), "{err}");
}

#[test]
fn a_one_gigabyte_feed_is_refused_before_it_is_parsed() {
    // Zeroed pages are not touched: this costs no real memory.
    let big = vec![0u8; 1 << 30];
    let err = read_draft_as(Format::Rss, &big).expect_err("refused");
    assert!(err.contains("1024 MB") && err.contains("not read"), "{err}");
}

#[test]
fn markdown_with_front_matter_and_shortcodes() {
    let d = read("md-digitalgov-autopen.md");
    let draft = &d.releases[0];
    assert_eq!(draft.title_pos, pos(4, 7));
    let r = release(&d, 0);
    assert_eq!(
        r.title,
        "Digital Autopen Playbook pinpoints how agencies can leverage technology for digital signatures"
    );
    assert_eq!(date(&r), "2023-05-23", "2023-05-23 15:48:00 -0500");
    assert_eq!(
        body_start(&r),
        "Each day, federal agencies publish documents in the Federal Register—including proposed rules, final rules, public notices, and presidential actions."
    );
    assert!(!r.text.contains("{{<"), "shortcodes are markup");
    assert!(!r.text.contains("]("), "links are text");
    let bullets: Vec<&str> = r
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Bullet)
        .map(|b| r.block_text(b))
        .collect();
    assert_eq!(bullets.len(), 3);
    assert!(bullets[0].starts_with("Define the agency process to delegate signing"));
    let at = r.text.find("Each day").expect("body");
    assert_eq!(r.source_position(at), (27, 1));
    let at = r.text.find("Define controls").expect("bullet");
    assert_eq!(r.source_position(at), (42, 5), "1-based: after \"2. [\"");
}

#[test]
fn markdown_without_a_front_matter_date_takes_the_press_dateline() {
    let d = read("md-apache-drill-1.0.md");
    let r = release(&d, 0);
    assert_eq!(r.title, "Drill 1.0 Released");
    assert_eq!(
        date(&r),
        "2015-05-19",
        "Forest Hill, MD - 19 May 2015 - ..."
    );
    assert_eq!(
        body_start(&r),
        "We embarked on the Drill project in late 2012 with two primary objectives:"
    );
    let kinds: Vec<BlockKind> = r.blocks.iter().map(|b| b.kind).take(5).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Title,
            BlockKind::Dateline,
            BlockKind::Paragraph,
            BlockKind::Bullet,
            BlockKind::Bullet
        ]
    );
    assert!(r
        .text
        .contains("Happy Drilling! Tomer Shiran and Jacques Nadeau"));
}

#[test]
fn invalid_yaml_front_matter_is_a_warning_naming_its_line() {
    let mut bytes = fixture("md-apache-drill-1.0.md");
    // The real file with its title's closing quote lost, as a hand edit can leave it.
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    bytes = text
        .replacen(
            "title: \"Drill 1.0 Released\"",
            "title: \"Drill 1.0 Released",
            1,
        )
        .into_bytes();
    let d = read_draft_as(Format::Markdown, &bytes).expect("the body is still read");
    let (line, message) = d
        .warnings
        .iter()
        .find(|(_, w)| w.contains("not valid YAML"))
        .expect("a warning");
    assert!(*line >= 3, "{line}: {message}");
    assert_eq!(
        d.releases[0].title, "The Apache Software Foundation Announces Apache™ Drill™ 1.0",
        "the first heading stands in"
    );
}

#[test]
fn plain_text_as_copied_from_a_govuk_page() {
    let d = read("text-govuk-student-visas.txt");
    let draft = &d.releases[0];
    assert_eq!(draft.title_pos, pos(3, 0));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let r = release(&d, 0);
    assert_eq!(
        r.title,
        "Changes to student visa route will reduce net migration"
    );
    assert_eq!(r.kind, Kind::PressRelease, "the label above the title");
    assert_eq!(date(&r), "2023-05-23");
    assert_eq!(r.department.as_deref(), Some("Home Office"));
    assert_eq!(
        body_start(&r),
        "New government restrictions to student visa routes will substantially cut net migration by restricting the ability for international students to bring family members on all but post-graduate research routes and banning people from using a student visa as a backdoor route to work in the UK."
    );
    // Hard line breaks inside sentences are joined; each line keeps its own position.
    let at = r.text.find("cut net migration by").expect("second line");
    assert_eq!(r.source_position(at), (11, 1));
    let intro = r
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::QuoteIntro)
        .expect("an attribution");
    assert_eq!(r.block_text(intro), "Home Secretary Suella Braverman said:");
    assert!(r.speaker_names().contains(&"Suella Braverman"));
    assert!(r.speaker_names().contains(&"Gillian Keegan"));
    let quotes = r
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Quote)
        .count();
    assert!(quotes >= 4, "{quotes}");
}

#[test]
fn docx_written_by_pandoc_title_style_and_dating_paragraph() {
    let d = read("docx-govuk-student-visas.docx");
    let r = release(&d, 0);
    assert_eq!(
        r.title,
        "Changes to student visa route will reduce net migration"
    );
    assert_eq!(date(&r), "2023-05-23");
    assert_eq!(r.kind, Kind::PressRelease);
    assert_eq!(r.department.as_deref(), Some("Home Office"));
    assert!(body_start(&r).starts_with("New government restrictions to student visa routes"));
    assert_eq!(d.releases[0].title_pos, pos(1, 0), "paragraph 1");
    let intro = r
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::QuoteIntro)
        .expect("an attribution");
    assert_eq!(r.block_text(intro), "Home Secretary Suella Braverman said:");
}

#[test]
fn docx_tables_become_rows_and_lists_bullets() {
    let d = read("docx-mammoth-tables.docx");
    // Cells two spaces apart in the draft, as the HTML reader writes them.
    let rows: Vec<&str> = d.releases[0]
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| b.pieces[0].text.as_str())
        .collect();
    assert_eq!(rows, ["Top left  Top right", "Bottom left  Bottom right"]);
    let r = release(&d, 0);
    assert_eq!(
        r.title, "Above",
        "the opening paragraph, short enough for a headline"
    );
    assert!(r.text.contains("Below"));
    let d = read("docx-mammoth-simple-list.docx");
    let r = release(&d, 0);
    let bullets: Vec<&str> = r
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Bullet)
        .map(|b| r.block_text(b))
        .collect();
    assert!(bullets.contains(&"Banana"), "{bullets:?} in {}", r.text);
}

#[test]
fn pdf_text_in_reading_order_with_paragraphs_rebuilt() {
    let d = read("pdf-govuk-student-visas.pdf");
    let r = release(&d, 0);
    assert_eq!(
        r.title,
        "Changes to student visa route will reduce net migration"
    );
    assert_eq!(date(&r), "2023-05-23");
    assert_eq!(r.department.as_deref(), Some("Home Office"));
    assert!(
        body_start(&r).starts_with(
            "New government restrictions to student visa routes will substantially cut net migration by restricting the ability for international students to bring family members"
        ),
        "{}",
        body_start(&r)
    );
    assert!(
        body_start(&r).ends_with("as a backdoor route to work in the UK."),
        "{}",
        body_start(&r)
    );
    assert_eq!(d.releases[0].title_pos, pos(1, 0), "page 1");
    assert!(
        r.speaker_names().contains(&"Suella Braverman"),
        "{:?}",
        r.speakers
    );
}

#[test]
fn a_scanned_pdf_warns_instead_of_giving_an_empty_release() {
    let d = read("pdf-scanned-no-text.pdf");
    assert!(d.releases.is_empty());
    assert!(
        d.warnings
            .iter()
            .any(|(_, w)| w.contains("no text layer: scanned?")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn not_a_pdf_and_a_truncated_pdf_are_clear_errors() {
    let err = read_draft_as(Format::Pdf, &fixture("rss2-nasa.xml")).expect_err("not a PDF");
    assert!(err.contains("not a PDF"), "{err}");
    let bytes = fixture("pdf-govuk-student-visas.pdf");
    let err = read_draft_as(Format::Pdf, &bytes[..bytes.len() / 3]).expect_err("truncated");
    assert!(err.contains("could not be read"), "{err}");
    let err = read_draft_as(Format::Docx, &bytes).expect_err("not a docx");
    assert!(err.contains("not a Word .docx file"), "{err}");
}
