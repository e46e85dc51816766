//! GOV.UK Content API JSON: real items from alphagov/govuk-content-schemas (see
//! tests/fixtures/formats/README.md): title, kind, date, department, body start, speakers,
//! and positions inside the JSON file.

use std::path::{Path, PathBuf};

use pressmark::archive::{Archive, BlockKind, Format};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// 1-based line and character column of the first `needle` in a file, as an editor shows.
fn position_in_file(path: &Path, needle: &str) -> (u32, u32) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find(needle).expect("in the file");
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = text[..at].matches('\n').count() as u32 + 1;
    let col = text[line_start..at].chars().count() as u32 + 1;
    (line, col)
}

#[test]
fn a_press_release_item() {
    let path = fixture("govuk-press-release.json");
    let a = Archive::load(std::slice::from_ref(&path)).unwrap();
    assert_eq!(a.releases.len(), 1);
    let r = &a.releases[0];
    assert_eq!(r.format, Format::GovukJson);
    assert_eq!(
        r.title,
        "Modern life responsible for ‘worrying’ health in middle aged"
    );
    assert_eq!(r.kind.label(), "press release");
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2016-12-28"));
    assert_eq!(r.department.as_deref(), Some("Public Health England"));
    assert_eq!(
        r.url.as_deref(),
        Some("https://www.gov.uk/government/news/modern-life-responsible-for-worrying-health-in-middle-aged")
    );
    // The body, not the description, and no markup left ("<abbr title=...>PHE</abbr>").
    let first = r
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .unwrap();
    assert!(r
        .block_text(first)
        .starts_with("Eight out of 10 of the middle aged either weigh too much"));
    assert!(!r.text.contains('<') && !r.text.contains("abbr"));
    assert!(
        !r.text.contains("PHE’s One You campaign is helping"),
        "the description is not the body"
    );
    // A quote introduced by "X said:" in a <blockquote>, with its speaker.
    let intro = r
        .blocks
        .iter()
        .position(|b| b.kind == BlockKind::QuoteIntro)
        .unwrap();
    let quote = &r.blocks[intro + 1];
    assert_eq!(quote.kind, BlockKind::Quote);
    let who = quote
        .speaker
        .and_then(|s| r.speakers.get(usize::from(s)))
        .unwrap();
    assert_eq!(who.name, "Professor Kevin Fenton");
    assert!(r.block_text(quote).starts_with("People are busy with work"));

    // Positions point into the JSON file: the title inside its string, and body text
    // inside the escaped HTML of `details.body`.
    assert_eq!(
        r.source_position(0),
        position_in_file(
            &path,
            "Modern life responsible for ‘worrying’ health in middle aged\""
        )
    );
    let at = r.text.find("Modern life is harming the health").unwrap();
    assert_eq!(
        r.source_position(at),
        position_in_file(&path, "Modern life is harming the health")
    );
    let at = r.text.find("People are busy with work").unwrap();
    assert_eq!(
        r.source_position(at),
        position_in_file(&path, "People are busy with work")
    );
}

#[test]
fn a_speech_and_a_world_news_story() {
    let a = Archive::load(&[
        fixture("govuk-speech.json"),
        fixture("govuk-world-news-story.json"),
    ])
    .unwrap();
    assert_eq!(a.releases.len(), 2);
    let speech = &a.releases[0];
    assert_eq!(speech.kind.label(), "speech");
    assert_eq!(
        speech.date.map(|d| d.to_string()).as_deref(),
        Some("2016-03-08")
    );
    assert_eq!(
        speech.department.as_deref(),
        Some("Department of Energy & Climate Change")
    );
    // The speaker makes the dating line, as on a tag page.
    assert_eq!(speech.speaker_names(), vec!["The Rt Hon Andrea Leadsom MP"]);
    assert_eq!(
        speech.block_text(&speech.blocks[1]),
        "The speech made by The Rt Hon Andrea Leadsom MP on 8 March 2016."
    );
    let story = &a.releases[1];
    assert_eq!(story.kind.label(), "news story");
    assert_eq!(
        story.department.as_deref(),
        Some("British High Commission Singapore")
    );
    assert_eq!(
        story.date.map(|d| d.to_string()).as_deref(),
        Some("2016-12-25")
    );
}

#[test]
fn an_array_of_items_and_a_search_response() {
    let dir = tempfile::tempdir().unwrap();
    let one = std::fs::read_to_string(fixture("govuk-press-release.json")).unwrap();
    let two = std::fs::read_to_string(fixture("govuk-speech.json")).unwrap();
    let array = dir.path().join("items.json");
    std::fs::write(&array, format!("[\n{one},\n{two}\n]\n")).unwrap();
    let a = Archive::load(&[array]).unwrap();
    assert_eq!(a.releases.len(), 2);
    // The second item starts after the first one's lines and the line with the comma.
    assert_eq!(a.releases[0].line, 2);
    assert_eq!(a.releases[1].line, 3 + one.lines().count() as u32);
    assert_eq!(a.releases[1].kind.label(), "speech");

    let search = Archive::load(&[fixture("govuk-search.json")]).unwrap();
    assert_eq!(search.releases.len(), 1);
    let r = &search.releases[0];
    assert_eq!(r.title, "Renew vehicle tax");
    assert_eq!(
        r.department.as_deref(),
        Some("Department for Transport, Driver and Vehicle Licensing Agency")
    );
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2014-12-09"));
    assert_eq!(r.url.as_deref(), Some("https://www.gov.uk/vehicle-tax"));
    assert!(r.text.contains("Get vehicle tax from the DVLA"));
    assert!(search
        .warnings
        .iter()
        .any(|w| w.message.contains("no body") && w.line == 3));
}

#[test]
fn invalid_json_is_a_clear_error_alone_and_a_warning_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("govuk-press-release.json")).unwrap();
    let cut = dir.path().join("cut.json");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let err = Archive::load(std::slice::from_ref(&cut))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("invalid JSON") && err.contains("cut.json"),
        "{err}"
    );
    std::fs::copy(fixture("govuk-speech.json"), dir.path().join("speech.json")).unwrap();
    let a = Archive::load(&[dir.path().to_owned()]).unwrap();
    assert_eq!(a.releases.len(), 1);
    let w = a
        .warnings
        .iter()
        .find(|w| w.message.contains("invalid JSON"))
        .unwrap();
    assert!(a.file_path(w.file).ends_with("cut.json"));
}
