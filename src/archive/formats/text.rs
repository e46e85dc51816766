//! Plain text files, one release per file, as people copy them out of a browser or an email:
//! a title line (perhaps under a "Press release" label), a dateline in words somewhere near
//! the top, then paragraphs, with hard line breaks inside sentences that are joined back.

use std::path::Path;

use super::plain_blocks::{clean, piece, BlockBuilder};
use super::stated_date::{find_date, find_date_or_month};
use crate::archive::dating::parse_dating;
use crate::archive::decode::decode;
use crate::archive::draft::{DraftPiece, FileDraft, Format, ReleaseDraft, SourcePos};
use crate::archive::release::Kind;

/// A non-blank source line: 1-based number, characters before its text, and the text
/// without surrounding white space.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub no: u32,
    pub col: u32,
    pub text: &'a str,
}

impl Line<'_> {
    fn pos(&self) -> SourcePos {
        SourcePos {
            line: self.no,
            col: self.col,
        }
    }
}

/// An undated text shorter than this (in words after its first line) is not taken for a
/// release.
const MIN_UNDATED_WORDS: usize = 40;

/// How many non-blank lines after the title may hold the dateline and "From:".
const HEADER_LINES: usize = 12;

/// Whether the bytes look like a plain-text release: text (not binary), and not markup,
/// JSON, a tag page or Markdown front matter, which other readers take first.
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Some(text) = std::str::from_utf8(head)
        .ok()
        .or_else(|| std::str::from_utf8(&head[..head.len().saturating_sub(3)]).ok())
    else {
        return false;
    };
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    !start.is_empty()
        && !start.starts_with(['<', '{', '['])
        && !start.starts_with("---")
        && !start.starts_with("%PDF")
        && !text.contains("\n  \u{2022} ")
        && !head.contains(&0)
}

/// Bytes to text: UTF-8 or UTF-16 with a byte-order mark; bytes that are not UTF-8 are
/// replaced, with a warning naming the first line that had them.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<(String, Vec<(u32, String)>), String> {
    let decoded = decode(bytes.to_vec(), Path::new("the file")).map_err(|e| e.to_string())?;
    let mut warnings = Vec::new();
    if let Some(line) = decoded.bad_line {
        warnings.push((
            line,
            "bytes that are not valid UTF-8 were replaced with \u{fffd}".to_owned(),
        ));
    }
    let text = match decoded.text.strip_prefix('\u{feff}') {
        Some(t) => t.to_owned(),
        None => decoded.text,
    };
    Ok((text, warnings))
}

/// The non-blank lines of `text`, each with its number; `None` stands for a blank line.
pub(crate) fn lines(text: &str) -> Vec<Option<Line<'_>>> {
    text.split('\n')
        .enumerate()
        .map(|(i, raw)| {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let body = raw.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
            let lead = &raw[..raw.len() - body.len()];
            let body = body.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
            (!body.is_empty()).then(|| Line {
                no: u32::try_from(i + 1).unwrap_or(u32::MAX),
                col: u32::try_from(lead.chars().count()).unwrap_or(u32::MAX),
                text: body,
            })
        })
        .collect()
}

/// Reads one plain-text release.
pub(crate) fn read(bytes: &[u8]) -> Result<FileDraft, String> {
    let (text, mut warnings) = decode_text(bytes)?;
    let all = lines(&text);
    let mut draft = release_from_lines(&all, &mut warnings)
        .ok_or_else(|| "the file holds no text to read".to_owned())?;
    // A few undated lines are notes, not a release: say so rather than make one of them.
    let words: usize = draft
        .blocks
        .iter()
        .flat_map(|b| &b.pieces)
        .map(|p| p.text.split_whitespace().count())
        .sum();
    if draft.date.is_none() && words < MIN_UNDATED_WORDS {
        return Err(format!(
            "this text is not a press-release archive: it has no date near the top and only {words} words after its first line"
        ));
    }
    draft.kind = draft.kind.or(Some(Kind::PressRelease));
    Ok(FileDraft {
        format: Format::Text,
        releases: vec![draft],
        warnings,
    })
}

/// A release from lines (`None` = blank): the title, the dateline and "From:" near the top,
/// and the body's paragraphs, bullets and quotes. Shared with the PDF reader.
pub(crate) fn release_from_lines(
    all: &[Option<Line<'_>>],
    warnings: &mut Vec<(u32, String)>,
) -> Option<ReleaseDraft> {
    let mut idx = all.iter().position(Option::is_some)?;
    let mut draft = ReleaseDraft::default();
    // A label line that also gave the date becomes the dating line.
    let mut b_label: Option<Line<'_>> = None;
    // A document-type label above the title, as GOV.UK pages show it ("Press release"),
    // perhaps with the date ("Press Release - 20 August 2024"), or "FOR IMMEDIATE RELEASE".
    if let Some(Some(first)) = all.get(idx) {
        if let Some((kind, date)) = label_line(first.text) {
            draft.kind = Some(kind);
            if let Some(d) = date {
                draft.date = Some(d);
                b_label = Some(*first);
            }
            idx = next_line(all, idx + 1)?;
        }
    }
    let title_line = all.get(idx).copied().flatten()?;
    let title_text = title_line
        .text
        .strip_prefix("Title:")
        .map(str::trim_start)
        .unwrap_or(title_line.text);
    draft.title = clean(title_text);
    draft.title_pos = title_line.pos();
    draft.line = title_line.no;
    let mut b = BlockBuilder::new();
    if let Some(label) = b_label {
        b.dateline(piece(label.text, label.pos()).into_iter().collect(), None);
    }
    let body = header(all, idx + 1, &mut draft, &mut b);
    paragraphs(&all[body.min(all.len())..], &mut b);
    draft.blocks = b.finish();
    if draft.date.is_none() {
        warnings.push((
            draft.line,
            "no date found near the top (a line like \"Published 3 May 2023\"); the release is undated".to_owned(),
        ));
    }
    Some(draft)
}

/// "Press release" -> a kind; "Press Release - 20 August 2024" -> a kind and a date;
/// "FOR IMMEDIATE RELEASE" -> a press release.
fn label_line(text: &str) -> Option<(Kind, Option<crate::archive::PartialDate>)> {
    if text.eq_ignore_ascii_case("for immediate release") {
        return Some((Kind::PressRelease, None));
    }
    if let Some(kind) = Kind::from_words(text) {
        return Some((kind, None));
    }
    let head = text
        .split([' ', '-', '–', '—', '|', ':', ','])
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let kind = Kind::from_words(&head)?;
    let date = find_date(text)?;
    Some((kind, Some(date)))
}

fn next_line(all: &[Option<Line<'_>>], from: usize) -> Option<usize> {
    (from..all.len()).find(|&i| all.get(i).is_some_and(Option::is_some))
}

/// Reads the metadata lines under the title (dateline, "From:", "Published", "Last
/// updated") into the draft; returns the index where the body starts.
fn header(
    all: &[Option<Line<'_>>],
    start: usize,
    draft: &mut ReleaseDraft,
    b: &mut BlockBuilder,
) -> usize {
    let mut i = start;
    let mut body = start;
    let mut seen = 0;
    while i < all.len() && seen < HEADER_LINES {
        let Some(line) = all[i] else {
            i += 1;
            continue;
        };
        seen += 1;
        let text = line.text;
        if let Some(value) = label_value(text, "From") {
            let (dept, used) = value_or_next(all, i, value);
            draft.department = first_organisation(dept.text);
            i = used + 1;
            body = i;
            continue;
        }
        if label_value(text, "Last updated").is_some() || label_value(text, "Updated").is_some() {
            i += 1;
            body = i;
            continue;
        }
        if text.starts_with("The ") {
            if let Some(d) = parse_dating(text) {
                draft.date = Some(d.date);
                draft.kind = draft.kind.or(d.kind);
                draft.department = draft.department.take().or(d.department);
                b.dateline(piece(text, line.pos()).into_iter().collect(), d.speaker);
                i += 1;
                body = i;
                continue;
            }
        }
        if draft.date.is_some() {
            // The date is known: only the labels above may follow.
            break;
        }
        if let Some(value) = label_value(text, "Published") {
            let (date_line, used) = value_or_next(all, i, value);
            if let Some(date) = find_date(date_line.text) {
                draft.date = Some(date);
                let mut pieces: Vec<DraftPiece> = piece(text, line.pos()).into_iter().collect();
                if used != i {
                    pieces.extend(piece(date_line.text, date_line.pos()));
                }
                b.dateline(pieces, None);
                i = used + 1;
                body = i;
                continue;
            }
        }
        // A line that is a date and little else: "23 May 2023", "Tuesday 23 May 2023".
        if text.chars().count() <= 40 {
            if let Some(date) = find_date_or_month(text) {
                draft.date = Some(date);
                b.dateline(piece(text, line.pos()).into_iter().collect(), None);
                i += 1;
                body = i;
                continue;
            }
        }
        // A press-release dateline opening the first paragraph: "LONDON, 3 May 2023 - ...".
        let opening: String = text.chars().take(48).collect();
        if let Some(date) = find_date(&opening) {
            draft.date = Some(date);
        }
        break;
    }
    body
}

/// "From: Home Office" -> "Home Office"; "Published" -> "" (the value on the next line).
fn label_value<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(label)?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let rest = rest.strip_prefix(" on ").unwrap_or(rest);
    (rest.is_empty() || rest.starts_with(' ')).then(|| rest.trim())
}

/// The label's value on its own line, or the next line when the label stands alone.
fn value_or_next<'a>(all: &[Option<Line<'a>>], i: usize, value: &'a str) -> (Line<'a>, usize) {
    let here = all.get(i).copied().flatten();
    if value.is_empty() {
        if let Some(n) = next_line(all, i + 1) {
            if let Some(Some(line)) = all.get(n) {
                return (*line, n);
            }
        }
    }
    let line = here.unwrap_or(Line {
        no: 0,
        col: 0,
        text: "",
    });
    let col =
        line.col + u32::try_from(line.text.len() - value.len().min(line.text.len())).unwrap_or(0);
    (
        Line {
            no: line.no,
            col,
            text: value,
        },
        i,
    )
}

/// "Home Office and The Rt Hon Suella Braverman KC MP" -> "Home Office".
fn first_organisation(value: &str) -> Option<String> {
    let first = value.split(" and ").next().unwrap_or(value);
    let first = first.split(", ").next().unwrap_or(first);
    let first = clean(first);
    (!first.is_empty()).then_some(first)
}

/// Bullet markers people type or copy: "•", "-", "*", "–", "·" and "1." / "1)".
fn bullet_text(text: &str) -> Option<&str> {
    for m in ['•', '-', '*', '–', '·', '▪', '◦'] {
        if let Some(rest) = text.strip_prefix(m) {
            if rest.starts_with([' ', '\t']) {
                return Some(rest.trim_start());
            }
        }
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &text[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim_start());
        }
    }
    None
}

/// Whether a line ends a sentence (or a clause that stands alone, such as "X said:").
fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', ':', '"', '”', '’', ')', ';'])
}

/// A line that goes on from a word broken after its hyphen ("points-" / "based") joins the
/// previous line's piece with no space between. Wrapping breaks a hyphenated word at its own
/// hyphen, so the hyphen stays. Returns whether the line was joined.
fn join_broken_word(pieces: &mut [DraftPiece], next: &str) -> bool {
    let Some(last) = pieces.last_mut() else {
        return false;
    };
    let broken = last.text.ends_with('-')
        && last
            .text
            .chars()
            .rev()
            .nth(1)
            .is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_lowercase);
    if broken {
        last.text.push_str(&clean(next));
    }
    broken
}

/// The body: groups of lines between blank lines; in each, bullets, attributions and
/// paragraphs whose hard line breaks are joined back.
pub(crate) fn paragraphs(all: &[Option<Line<'_>>], b: &mut BlockBuilder) {
    let mut group: Vec<Line<'_>> = Vec::new();
    for line in all {
        match line {
            Some(l) => group.push(*l),
            None => {
                group_blocks(&group, b);
                group.clear();
            }
        }
    }
    group_blocks(&group, b);
}

fn group_blocks(group: &[Line<'_>], b: &mut BlockBuilder) {
    if group.is_empty() {
        return;
    }
    // Lines wrapped at a width: a line well short of the widest ended its paragraph.
    let width = group
        .iter()
        .map(|l| l.text.chars().count())
        .max()
        .unwrap_or(0);
    let mut para: Vec<DraftPiece> = Vec::new();
    let mut bullet: Option<Vec<DraftPiece>> = None;
    let flush_para = |para: &mut Vec<DraftPiece>, b: &mut BlockBuilder| {
        if !para.is_empty() {
            b.paragraph(std::mem::take(para));
        }
    };
    for line in group {
        if let Some(rest) = bullet_text(line.text) {
            flush_para(&mut para, b);
            if let Some(done) = bullet.take() {
                b.bullet(done);
            }
            let skipped = line.text.len() - rest.len();
            let col = line.col + u32::try_from(line.text[..skipped].chars().count()).unwrap_or(0);
            bullet = Some(
                piece(rest, SourcePos { line: line.no, col })
                    .into_iter()
                    .collect(),
            );
            continue;
        }
        if let Some(open) = bullet.as_mut() {
            // A bullet's own wrapped lines continue it until a line ends a sentence.
            let continues = open.last().is_some_and(|p| !ends_sentence(&p.text));
            if continues {
                if !join_broken_word(open, line.text) {
                    open.extend(piece(line.text, line.pos()));
                }
                continue;
            }
            if let Some(done) = bullet.take() {
                b.bullet(done);
            }
        }
        if !join_broken_word(&mut para, line.text) {
            para.extend(piece(line.text, line.pos()));
        }
        let short = line.text.chars().count() * 4 < width * 3;
        if line.text.ends_with(':') || (ends_sentence(line.text) && short) {
            flush_para(&mut para, b);
        }
    }
    flush_para(&mut para, b);
    if let Some(done) = bullet.take() {
        b.bullet(done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::release::BlockKind;

    #[test]
    fn hard_wrapped_sentences_are_joined_and_short_lines_end_paragraphs() {
        let text = "Title here\n23 May 2023\n\nNew government restrictions to student visa\nroutes will substantially cut net migration.\nThe ONS estimated that net migration was over\n500,000 from June 2021 to June 2022.\n\n- first point that runs on\n  to a second line.\n- second point.\n";
        let draft = read(text.as_bytes()).unwrap();
        let r = &draft.releases[0];
        assert_eq!(r.title, "Title here");
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2023-05-23"));
        let kinds: Vec<BlockKind> = r.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Dateline,
                BlockKind::Paragraph,
                BlockKind::Bullet,
                BlockKind::Bullet
            ]
        );
        assert_eq!(r.blocks[1].pieces.len(), 4);
        assert_eq!(r.blocks[1].pieces[1].pos, SourcePos { line: 5, col: 0 });
        assert_eq!(r.blocks[2].pieces[1].text, "to a second line.");
        assert_eq!(r.blocks[2].pieces[1].pos, SourcePos { line: 10, col: 2 });
    }

    #[test]
    fn a_label_line_above_the_title_gives_the_kind_and_perhaps_the_date() {
        let (kind, date) = label_line("Press Release - 20 August 2024").unwrap();
        assert_eq!(kind, Kind::PressRelease);
        assert_eq!(date.map(|d| d.to_string()).as_deref(), Some("2024-08-20"));
        assert_eq!(
            label_line("FOR IMMEDIATE RELEASE"),
            Some((Kind::PressRelease, None))
        );
        assert_eq!(
            label_line("Speech by the Prime Minister on 3 May 2023"),
            None
        );
        let d = read("Press Release - 20 August 2024\n\nBitcoin Developer Grant Awarded\n\nWe are delighted to announce the grant.\n".as_bytes()).unwrap();
        assert_eq!(d.releases[0].title, "Bitcoin Developer Grant Awarded");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn a_line_broken_after_a_hyphen_joins_without_a_space() {
        // From the GOV.UK fixture wrapped at 72 columns: "points-" / "based immigration".
        let text = "Title\n23 May 2023\n\nthe government introduced a points-\nbased immigration system, giving the government full control.\n";
        let d = read(text.as_bytes()).unwrap();
        let body = &d.releases[0].blocks[1];
        let joined: Vec<&str> = body.pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            joined.join(" "),
            "the government introduced a points-based immigration system, giving the government full control."
        );
    }

    #[test]
    fn a_few_undated_lines_are_not_a_release() {
        let err = read(b"Just some notes.\nNothing like a press release here.\n").unwrap_err();
        assert!(err.contains("not a press-release archive"), "{err}");
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert!(read(b"  \n\n").is_err());
    }
}
