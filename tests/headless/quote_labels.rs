//! Where quotes end, scored against real releases labelled by hand
//! (tests/fixtures/quotes/: labels.tsv says who speaks each paragraph of releases.txt).

use std::path::Path;

use pressmark::archive::{Archive, BlockKind, Release};

/// How many of the labelled paragraphs the parser must give to the right speaker (or to none).
const AT_LEAST_RIGHT: usize = 69;
/// The same for the held-out releases.
const HELD_OUT_RIGHT: usize = 12;

struct Label<'a> {
    title: &'a str,
    opening: &'a str,
    /// The speaker's name, or `None` for the press office's narrative.
    speaker: Option<&'a str>,
}

fn labels(text: &str) -> Vec<Label<'_>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "a label line has three columns: {l}");
            Label {
                title: cols[0],
                opening: cols[1],
                speaker: (cols[2] != "-").then_some(cols[2]),
            }
        })
        .collect()
}

/// Who the parser says speaks the paragraph of `r` that opens with `opening`: Some(Some(name)),
/// Some(None) for narrative, None if no such paragraph.
fn parsed_speaker<'r>(r: &'r Release, opening: &str) -> Option<Option<&'r str>> {
    let block = r.blocks.iter().find(|b| {
        matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote)
            && r.block_text(b).starts_with(opening)
    })?;
    Some(
        block
            .speaker
            .filter(|_| block.kind == BlockKind::Quote)
            .and_then(|s| r.speakers.get(usize::from(s)))
            .map(|s| s.name.as_str()),
    )
}

/// The same person: names are compared on their last word ("Mr Brokenshire" is "James
/// Brokenshire"; "Dr Ellie Cannon" is "Ellie Cannon").
fn same_person(parsed: Option<&str>, label: Option<&str>) -> bool {
    let surname = |n: &str| n.split_whitespace().last().map(str::to_owned);
    match (parsed, label) {
        (None, None) => true,
        (Some(p), Some(l)) => surname(p) == surname(l),
        _ => false,
    }
}

/// Scores `releases` against `labels` (files in tests/fixtures/quotes/), printing each wrong
/// paragraph; returns (right, labelled).
fn score(releases: &str, labels_file: &str) -> (usize, usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quotes");
    let archive = Archive::load(&[dir.join(releases)]).expect("the fixture loads");
    let text = std::fs::read_to_string(dir.join(labels_file)).expect("the labels load");
    let labels = labels(&text);
    let (mut right, mut wrong) = (0, Vec::new());
    for label in &labels {
        let release = archive
            .releases
            .iter()
            .find(|r| r.title.contains(label.title))
            .unwrap_or_else(|| panic!("no release titled …{}…", label.title));
        let parsed = parsed_speaker(release, label.opening)
            .unwrap_or_else(|| panic!("no paragraph opening {:?}", label.opening));
        if same_person(parsed, label.speaker) {
            right += 1;
        } else {
            wrong.push(format!(
                "{} / {:?}: parser {:?}, label {:?}",
                label.title, label.opening, parsed, label.speaker
            ));
        }
    }
    println!(
        "{labels_file}: {right} of {} paragraphs right, {} wrong",
        labels.len(),
        wrong.len()
    );
    for w in &wrong {
        println!("  wrong: {w}");
    }
    (right, labels.len())
}

#[test]
fn quotes_end_where_the_hand_labels_say() {
    let (right, labelled) = score("releases.txt", "labels.tsv");
    assert_eq!(labelled, 72);
    assert!(
        right >= AT_LEAST_RIGHT,
        "{right} right, fewer than {AT_LEAST_RIGHT}"
    );
}

/// Releases labelled after the rule was written: it must do as well on them.
#[test]
fn quotes_end_where_the_held_out_labels_say() {
    let (right, labelled) = score("heldout.txt", "heldout-labels.tsv");
    assert_eq!(labelled, 12);
    assert!(
        right >= HELD_OUT_RIGHT,
        "{right} right, fewer than {HELD_OUT_RIGHT}"
    );
}

/// A speech whose paragraphs are hard-wrapped (as some archives keep them) is still its
/// speaker's: Sarah Jones's statement from the fixture, wrapped at 72 columns.
#[test]
fn a_wrapped_speech_keeps_its_speaker() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quotes");
    let text = std::fs::read_to_string(dir.join("releases.txt")).expect("the fixture loads");
    let start = text
        .find("  • Sarah Jones")
        .expect("the statement is there");
    let end = start
        + text[start..]
            .find("\nCategory:")
            .expect("a section follows");
    let mut wrapped = String::from("Tag: Speeches\n\n");
    for line in text[start..end].lines() {
        let body = line.trim_start();
        if body.len() < 200 {
            wrapped.push_str(line);
            wrapped.push('\n');
            continue;
        }
        // Fill the paragraph to 72 columns, keeping its indent.
        let mut row = String::new();
        for word in body.split(' ') {
            if !row.is_empty() && row.len() + word.len() > 72 {
                wrapped.push_str(&format!("    {row}\n"));
                row.clear();
            }
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
        }
        wrapped.push_str(&format!("    {row}\n"));
    }
    let archive = Archive::parse_str(&wrapped, Path::new("wrapped.txt")).expect("it parses");
    let r = &archive.releases[0];
    let body: Vec<_> = r
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote))
        .collect();
    assert_eq!(body.len(), 3, "three paragraphs, each read as one");
    for b in body {
        assert_eq!(b.kind, BlockKind::Quote, "{}", r.block_text(b));
        assert_eq!(
            r.speakers[usize::from(b.speaker.expect("a speaker"))].name,
            "Sarah Jones"
        );
    }
}
