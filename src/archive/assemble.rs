//! One builder from a reader's [`ReleaseDraft`] to a [`Release`], for every format: the
//! canonical text, blocks, speakers and source map are made as the tag-page parser makes
//! them (the title is block 0, then a dating line, blocks apart by a blank line).

use std::sync::Arc;

use super::draft::{remap_marks, DraftBlock, Format, ReleaseDraft, SourcePos};
use super::release::{Block, BlockKind, Kind, LineSpan, Release, Speaker};

impl ReleaseDraft {
    /// The release this draft describes, read from file `file` (an index into
    /// `Archive::files`) in `format`. Its id is given when the archive is finished.
    pub fn into_release(self, file: usize, format: Format) -> Release {
        let mut b = Builder::default();
        let title = clean(&self.title);
        let (title, title_marks) = if title.is_empty() {
            ("(untitled)".to_owned(), Vec::new())
        } else {
            // Cleaning only folds or drops white space.
            let marks = remap_marks(&self.title, &title, &self.title_marks, char::is_whitespace);
            (title, marks)
        };
        let kind = self.kind.unwrap_or(Kind::Announcement);
        b.push(
            BlockKind::Title,
            &[(&title, self.title_pos, &title_marks)],
            None,
            " ",
        );
        let line = if self.line > 0 {
            self.line
        } else {
            self.title_pos.line.max(1)
        };
        let has_dateline = self
            .blocks
            .iter()
            .any(|blk| blk.kind == BlockKind::Dateline);
        if !has_dateline {
            if let Some(words) = dateline(kind, self.date.map(|d| d.long()), &self.department) {
                // Formats without a dating line get one in the tag page's words. Its words
                // stand nowhere in the file: each points at where the date it states stands,
                // or, where the reader does not know that, at the start of the release.
                let at = self.date_pos.unwrap_or(SourcePos { line, col: 0 });
                let marks: Vec<(usize, SourcePos)> =
                    words.match_indices(' ').map(|(i, _)| (i + 1, at)).collect();
                b.push(BlockKind::Dateline, &[(&words, at, &marks)], None, " ");
            }
        }
        for block in &self.blocks {
            b.block(block);
        }
        let section: Arc<str> = Arc::from(self.department.as_deref().unwrap_or(""));
        // Exact sizes: an archive holds many releases.
        b.text.shrink_to_fit();
        b.blocks.shrink_to_fit();
        b.spans.shrink_to_fit();
        Release {
            id: String::new(),
            title,
            kind,
            date: self.date,
            department: self.department,
            section,
            speakers: b.speakers.into(),
            text: b.text.into(),
            blocks: b.blocks.into(),
            spans: b.spans.into(),
            file,
            line,
            format,
            url: self.url,
            version_of: None,
            source_id: self.source_id,
        }
    }
}

/// "The press release issued by the Home Office on 23 May 2023." in the tag page's words.
fn dateline(kind: Kind, date: Option<String>, department: &Option<String>) -> Option<String> {
    let what = kind.label();
    let by = department.as_deref().map(|d| {
        if d.starts_with("The ") || d.starts_with("the ") {
            d.to_owned()
        } else {
            format!("the {d}")
        }
    });
    let verb = if kind.is_personal() { "made" } else { "issued" };
    match (by, date) {
        (Some(by), Some(date)) => Some(format!("The {what} {verb} by {by} on {date}.")),
        (Some(by), None) => Some(format!("The {what} {verb} by {by}.")),
        (None, Some(date)) => Some(format!("The {what} {verb} on {date}.")),
        (None, None) => None,
    }
}

/// A piece's cleaned text, its position and its marks (see [`crate::archive::DraftPiece`]).
type Cleaned = (String, SourcePos, Vec<(usize, SourcePos)>);
type Piece<'a> = (&'a str, SourcePos, &'a [(usize, SourcePos)]);

#[derive(Default)]
struct Builder {
    text: String,
    blocks: Vec<Block>,
    spans: Vec<LineSpan>,
    speakers: Vec<Speaker>,
}

impl Builder {
    fn block(&mut self, block: &DraftBlock) {
        // A table row keeps the gaps between its cells (two spaces, as `split_cells` reads
        // them); folding them to one space would lose the table's columns.
        let clean_piece = if block.kind == BlockKind::TableRow {
            clean_row
        } else {
            clean_keep_lines
        };
        let pieces: Vec<Cleaned> = block
            .pieces
            .iter()
            .map(|p| {
                let text = clean_piece(&p.text);
                // Both cleanings only fold or drop white space.
                let marks = remap_marks(&p.text, &text, &p.marks, char::is_whitespace);
                (text, p.pos, marks)
            })
            .filter(|(t, _, _)| !t.is_empty())
            .collect();
        if pieces.is_empty() {
            return;
        }
        let kind = if block.kind == BlockKind::Title {
            BlockKind::Paragraph
        } else {
            block.kind
        };
        let speaker = block.speaker.clone().and_then(|s| self.speaker_index(s));
        let sep = if kind == BlockKind::TableRow {
            "\n"
        } else {
            " "
        };
        let refs: Vec<Piece<'_>> = pieces
            .iter()
            .map(|(t, p, m)| (t.as_str(), *p, m.as_slice()))
            .collect();
        self.push(kind, &refs, speaker, sep);
    }

    fn push(&mut self, kind: BlockKind, pieces: &[Piece<'_>], speaker: Option<u16>, sep: &str) {
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        for (i, (text, pos, marks)) in pieces.iter().enumerate() {
            if i > 0 {
                self.text.push_str(sep);
            }
            let at = self.text.len();
            let spans = std::iter::once((0, *pos)).chain(marks.iter().copied());
            for (offset, pos) in spans.filter(|(o, _)| *o < text.len()) {
                self.spans.push(LineSpan {
                    offset: u32::try_from(at + offset).unwrap_or(u32::MAX),
                    line: pos.line.max(1),
                    col: pos.col,
                });
            }
            self.text.push_str(text);
        }
        self.blocks.push(Block {
            kind,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(self.text.len()).unwrap_or(u32::MAX),
            speaker,
        });
    }

    fn speaker_index(&mut self, speaker: Speaker) -> Option<u16> {
        Speaker::intern(&mut self.speakers, speaker)
    }
}

/// One line of text: white space (tabs, no-break spaces, line breaks) as single spaces.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Like [`clean`], but a piece's own line breaks (a table row's lines) are kept; no blank
/// lines, which would split the block.
fn clean_keep_lines(text: &str) -> String {
    if !text.contains('\n') {
        return clean(text);
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(clean)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// A table row's lines, cleaned as [`clean`] does within each cell, with the cells kept two
/// spaces apart (a tab or a run of two or more white-space characters parts two cells).
fn clean_row(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let mut cells: Vec<String> = Vec::new();
        let mut start = 0;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next_space = chars.peek().is_some_and(|(_, n)| n.is_whitespace());
            if c == '\t' || (c.is_whitespace() && next_space) {
                cells.push(clean(&line[start..i]));
                while chars.peek().is_some_and(|(_, n)| n.is_whitespace()) {
                    chars.next();
                }
                start = chars.peek().map_or(line.len(), |(j, _)| *j);
            }
        }
        cells.push(clean(&line[start..]));
        cells.retain(|c| !c.is_empty());
        if !cells.is_empty() {
            lines.push(cells.join("  "));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{Archive, DraftPiece, PartialDate};
    use std::path::Path;

    fn piece(text: &str, line: u32, col: u32) -> DraftPiece {
        DraftPiece::new(text.to_owned(), SourcePos { line, col })
    }

    /// The sample's first release, as a reader of another format would hand it over.
    fn draft() -> ReleaseDraft {
        ReleaseDraft {
            title: "Changes to student visa route will reduce net migration".to_owned(),
            title_pos: SourcePos { line: 3, col: 20 },
            title_marks: Vec::new(),
            kind: Some(Kind::PressRelease),
            date: PartialDate::new(2023, 5, Some(23)),
            date_pos: None,
            department: Some("Home Office".to_owned()),
            url: None,
            source_id: None,
            blocks: vec![
                DraftBlock {
                    kind: BlockKind::Dateline,
                    pieces: vec![piece(
                        "The press release issued by the Home Office on 23 May 2023.",
                        7,
                        4,
                    )],
                    speaker: None,
                },
                DraftBlock {
                    kind: BlockKind::Paragraph,
                    pieces: vec![piece("New government restrictions to student visa routes will substantially cut net migration by restricting the ability for international students to bring family members on all but post-graduate research routes and banning people from using a student visa as a backdoor route to work in the UK.", 9, 4)],
                    speaker: None,
                },
            ],
            line: 3,
        }
    }

    #[test]
    fn table_rows_keep_the_gaps_between_cells() {
        assert_eq!(
            clean_row("Derbyshire\u{a0}Police  £ 1,389,150.00\t2023\n  second   line "),
            "Derbyshire Police  £ 1,389,150.00  2023\nsecond  line"
        );
        assert_eq!(clean_row(" \t "), "");
    }

    #[test]
    fn a_draft_builds_the_release_the_tag_page_parser_makes() {
        let sample = include_str!("../../assets/home-office-may-2023.txt");
        let parsed = Archive::parse_str(sample, Path::new("sample.txt")).expect("sample");
        let first = &parsed.releases[0];
        let built = draft().into_release(0, Format::TagPage);
        assert_eq!(built.title, first.title);
        assert_eq!(built.kind, first.kind);
        assert_eq!(built.date, first.date);
        assert_eq!(built.department, first.department);
        // The same canonical text, blocks and source map for the blocks the draft carries.
        let n = built.blocks.len();
        assert_eq!(n, 3);
        assert_eq!(built.blocks[..], first.blocks[..n]);
        let end = built.blocks[n - 1].end as usize;
        assert_eq!(built.text, first.text[..end]);
        assert_eq!(built.spans[..], first.spans[..n]);
        assert_eq!(built.source_position(0), first.source_position(0));
    }

    #[test]
    fn a_missing_dateline_is_made_and_speakers_are_shared() {
        let mut d = draft();
        d.blocks.remove(0);
        let who = Speaker {
            name: "Suella Braverman".to_owned(),
            role: Some("Home Secretary".to_owned()),
        };
        d.blocks.push(DraftBlock {
            kind: BlockKind::QuoteIntro,
            pieces: vec![piece("Home Secretary Suella Braverman said:", 12, 0)],
            speaker: Some(who.clone()),
        });
        d.blocks.push(DraftBlock {
            kind: BlockKind::Quote,
            pieces: vec![
                piece("The UK is a top\u{a0}destination", 13, 2),
                piece("for students.", 14, 0),
            ],
            speaker: Some(Speaker {
                name: who.name.clone(),
                role: None,
            }),
        });
        let r = d.into_release(2, Format::Html);
        assert_eq!(r.format, Format::Html);
        assert_eq!(r.file, 2);
        assert_eq!(r.blocks[1].kind, BlockKind::Dateline);
        assert_eq!(
            r.block_text(&r.blocks[1]),
            "The press release issued by the Home Office on 23 May 2023."
        );
        assert_eq!(r.speakers, vec![who]);
        assert_eq!(r.blocks[3].speaker, Some(0));
        assert_eq!(r.blocks[4].speaker, Some(0));
        assert_eq!(
            r.block_text(&r.blocks[4]),
            "The UK is a top destination for students."
        );
        // "for" stands at line 14, column 1 (1-based) of the source.
        let at = r.text.find("for students").expect("in text");
        assert_eq!(r.source_position(at), (14, 1));
        assert!(r.text.split("\n\n").all(|b| !b.is_empty()));
    }
}
