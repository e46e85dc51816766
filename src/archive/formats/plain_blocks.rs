//! Plain paragraphs to draft blocks, for the readers whose sources mark paragraphs but not
//! who speaks them (text, Markdown, DOCX, PDF): "X said:" opens a quote, and the paragraphs
//! after it are the speaker's until one reads as the release's own narrative, exactly as the
//! tag-page parser decides it.

use crate::archive::draft::{DraftBlock, DraftPiece, SourcePos};
use crate::archive::quote_end::{opens_in_first_person, reads_as_narrative};
use crate::archive::release::{BlockKind, Speaker};
use crate::archive::speaker::parse_attribution;

/// Text as users see it: no-break and other odd spaces as spaces, soft hyphens and
/// zero-width characters gone, runs of white space as one space, no space at either end.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(
            c,
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'
        ) {
            continue;
        }
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2007}' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// A piece of cleaned text at a place in the source; `None` when nothing is left.
pub(crate) fn piece(text: &str, pos: SourcePos) -> Option<DraftPiece> {
    let text = clean(text);
    (!text.is_empty()).then(|| DraftPiece::new(text, pos))
}

/// The pieces' text as the canonical text joins them.
pub(crate) fn joined(pieces: &[DraftPiece]) -> String {
    let mut out = String::new();
    for p in pieces {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&p.text);
    }
    out
}

/// Collects a release's blocks in order, deciding quotes and their speakers as it goes.
#[derive(Default)]
pub(crate) struct BlockBuilder {
    blocks: Vec<DraftBlock>,
    speaker: Option<Speaker>,
    /// A quote ended by a paragraph that read as narrative: its speaker, in case the next
    /// paragraph turns out to be theirs after all.
    paused: Option<Speaker>,
}

impl BlockBuilder {
    pub(crate) fn new() -> BlockBuilder {
        BlockBuilder::default()
    }

    /// A paragraph of prose: an attribution, a quoted paragraph or narrative.
    pub(crate) fn paragraph(&mut self, pieces: Vec<DraftPiece>) {
        if pieces.is_empty() {
            return;
        }
        let text = joined(&pieces);
        let paused = self.paused.take();
        if let Some(speaker) = parse_attribution(&text) {
            self.speaker = Some(speaker.clone());
            self.push(BlockKind::QuoteIntro, pieces, Some(speaker));
            return;
        }
        if text.ends_with(':') || text.starts_with("Notes to editors") || text == "ENDS" {
            self.speaker = None;
        }
        let after_quote = self.blocks.last().map(|b| b.kind) == Some(BlockKind::Quote);
        if self.speaker.is_some() && after_quote && reads_as_narrative(&text) {
            self.paused = self.speaker.take();
        } else if self.speaker.is_none() && paused.is_some() && opens_in_first_person(&text) {
            self.speaker = paused;
        }
        match self.speaker.clone() {
            Some(s) => self.push(BlockKind::Quote, pieces, Some(s)),
            None => self.push(BlockKind::Paragraph, pieces, None),
        }
    }

    /// A paragraph the source marks as a quotation (a Markdown `>` block): the current
    /// speaker's, if an attribution came before it.
    pub(crate) fn quote(&mut self, pieces: Vec<DraftPiece>) {
        if pieces.is_empty() {
            return;
        }
        let text = joined(&pieces);
        if let Some(speaker) = parse_attribution(&text) {
            self.speaker = Some(speaker.clone());
            self.push(BlockKind::QuoteIntro, pieces, Some(speaker));
            return;
        }
        let speaker = self.speaker.clone();
        self.push(BlockKind::Quote, pieces, speaker);
    }

    pub(crate) fn bullet(&mut self, pieces: Vec<DraftPiece>) {
        self.end_quote();
        self.push(BlockKind::Bullet, pieces, None);
    }

    /// A table row: one piece per line of the row, cells apart by two spaces.
    pub(crate) fn table_row(&mut self, pieces: Vec<DraftPiece>) {
        self.end_quote();
        self.push(BlockKind::TableRow, pieces, None);
    }

    /// "The press release issued by the Home Office on 23 May 2023.", "Published 3 May 2023".
    pub(crate) fn dateline(&mut self, pieces: Vec<DraftPiece>, speaker: Option<Speaker>) {
        self.push(BlockKind::Dateline, pieces, speaker);
    }

    fn end_quote(&mut self) {
        self.speaker = None;
        self.paused = None;
    }

    fn push(&mut self, kind: BlockKind, pieces: Vec<DraftPiece>, speaker: Option<Speaker>) {
        if pieces.is_empty() {
            return;
        }
        self.blocks.push(DraftBlock {
            kind,
            pieces,
            speaker,
        });
    }

    pub(crate) fn finish(self) -> Vec<DraftBlock> {
        self.blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, line: u32) -> Vec<DraftPiece> {
        vec![DraftPiece::new(text.to_owned(), SourcePos { line, col: 0 })]
    }

    #[test]
    fn cleans_spaces_as_users_see_them() {
        assert_eq!(
            clean("  net\u{a0}migration \t over\n 500,000\u{ad} "),
            "net migration over 500,000"
        );
        assert_eq!(clean("\u{feff}\u{200b}"), "");
    }

    #[test]
    fn an_attribution_opens_a_quote_that_narrative_ends() {
        // Paragraphs from the bundled sample's student-visa release.
        let mut b = BlockBuilder::new();
        b.paragraph(p("Home Secretary Suella Braverman said:", 1));
        b.paragraph(p("The UK is a top destination for the brightest students to learn at some of the world’s best universities. But we have seen an unprecedented rise.", 3));
        b.paragraph(p("It is time for us to tighten up this route.", 5));
        b.bullet(p("restricting dependants", 7));
        b.paragraph(p("The government has also reaffirmed its commitment to the International Education Strategy.", 9));
        let blocks = b.finish();
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::QuoteIntro,
                BlockKind::Quote,
                BlockKind::Quote,
                BlockKind::Bullet,
                BlockKind::Paragraph
            ]
        );
        let who = blocks[1].speaker.as_ref().map(|s| s.name.as_str());
        assert_eq!(who, Some("Suella Braverman"));
    }
}
