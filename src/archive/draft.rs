//! What a reader of one source format hands over before it becomes a [`Release`].
//!
//! Every format (tag page, GOV.UK JSON, feeds, HTML, Markdown, text, DOCX, PDF) reads its
//! file into [`ReleaseDraft`]s: plain metadata plus blocks of decoded text, each piece of text
//! remembering where it stands in the source file. One builder (`ReleaseDraft::into_release`)
//! turns drafts into releases, so the canonical text, blocks, speakers and source map are
//! made the same way whatever the format.

use super::date::PartialDate;
use super::release::{BlockKind, Kind, Speaker};

/// The source format a release was read from. `label()` is the word used in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Format {
    #[default]
    TagPage,
    GovukJson,
    Rss,
    Atom,
    Html,
    Markdown,
    Text,
    Docx,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::TagPage,
        Format::GovukJson,
        Format::Rss,
        Format::Atom,
        Format::Html,
        Format::Markdown,
        Format::Text,
        Format::Docx,
        Format::Pdf,
    ];

    /// The word used in `inspect --json` (`format`) and in the window's filter.
    pub fn label(self) -> &'static str {
        match self {
            Format::TagPage => "tagpage",
            Format::GovukJson => "govuk-json",
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// Where a piece of text stands in its source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourcePos {
    /// 1-based line in the source file.
    pub line: u32,
    /// 0-based column, in characters, in that line.
    pub col: u32,
}

/// A run of decoded text (entities decoded, no markup, no-break spaces as spaces) from one
/// place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftPiece {
    pub text: String,
    pub pos: SourcePos,
    /// Places inside `text` that do not follow on from the text before them in the source
    /// (after inline markup, an entity, an escape or a run of spaces): (byte offset in
    /// `text`, where that byte stands), in order. Empty when the text is a run of the source.
    pub marks: Vec<(usize, SourcePos)>,
}

impl DraftPiece {
    /// A piece that is one run of its source, starting at `pos`.
    pub fn new(text: String, pos: SourcePos) -> DraftPiece {
        DraftPiece {
            text,
            pos,
            marks: Vec::new(),
        }
    }
}

/// A paragraph, bullet, quote, quote introduction, table row or dating line. Its pieces are
/// joined with a single space (or `\n` for a table row's lines) in the canonical text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftBlock {
    /// Not `Title`: the title is `ReleaseDraft::title`.
    pub kind: BlockKind,
    pub pieces: Vec<DraftPiece>,
    /// Who speaks a `Quote` or is introduced by a `QuoteIntro`.
    pub speaker: Option<Speaker>,
}

/// One release as a reader found it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReleaseDraft {
    pub title: String,
    /// Where the title stands in the source.
    pub title_pos: SourcePos,
    /// Places inside `title` that do not follow on in the source (see [`DraftPiece::marks`]):
    /// an entity, an escape or inline markup in the title. Empty when the title is one run.
    pub title_marks: Vec<(usize, SourcePos)>,
    pub kind: Option<Kind>,
    /// The calendar date the source states (no time-zone shift), to the day or the month.
    pub date: Option<PartialDate>,
    /// Where that date stands in the source (a `<time>` element, a meta tag, a JSON field, a
    /// feed's date element), when the reader knows: the dating line made for formats that
    /// have none points there.
    pub date_pos: Option<SourcePos>,
    pub department: Option<String>,
    /// Where the source gives one.
    pub url: Option<String>,
    /// An identifier the source gives (GOV.UK `content_id`, a feed item's `guid`/`id`), used
    /// to recognise the same release arriving twice.
    pub source_id: Option<String>,
    pub blocks: Vec<DraftBlock>,
    /// 1-based line where the release starts in its file.
    pub line: u32,
}

/// What a reader made of one file: its releases and what it noticed (line, message).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileDraft {
    pub format: Format,
    pub releases: Vec<ReleaseDraft>,
    pub warnings: Vec<(u32, String)>,
}

/// `marks` of a piece whose text `from` became `to` by dropping or folding characters that
/// `dropped` names (white space, zero-width characters): each mark moves with the character
/// it stands on, counted among the characters both texts keep.
pub(crate) fn remap_marks(
    from: &str,
    to: &str,
    marks: &[(usize, SourcePos)],
    dropped: impl Fn(char) -> bool,
) -> Vec<(usize, SourcePos)> {
    if from == to || marks.is_empty() {
        return marks.to_vec();
    }
    let keep = |(_, c): &(usize, char)| !dropped(*c);
    let mut kept = from
        .char_indices()
        .filter(keep)
        .zip(to.char_indices().filter(keep));
    let mut pair = kept.next();
    let mut out: Vec<(usize, SourcePos)> = Vec::with_capacity(marks.len());
    for &(offset, pos) in marks {
        // The first kept character at or after the mark.
        while let Some(((i, _), _)) = pair {
            if i >= offset {
                break;
            }
            pair = kept.next();
        }
        let Some((_, (j, _))) = pair else {
            break;
        };
        match out.last_mut() {
            // Of two marks on one character, the later is nearer to it.
            Some(last) if last.0 == j => last.1 = pos,
            // The piece's own position stands at its start.
            _ if j == 0 => {}
            _ => out.push((j, pos)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(col: u32) -> SourcePos {
        SourcePos { line: 1, col }
    }

    #[test]
    fn marks_follow_their_characters_through_cleaning() {
        let from = "  PHE’s\u{a0}data,   83%";
        let to = "PHE’s data, 83%";
        let marks = [(5, at(20)), (from.find("83").unwrap_or(0), at(40))];
        let moved = remap_marks(from, to, &marks, char::is_whitespace);
        assert_eq!(
            moved,
            vec![(3, at(20)), (to.find("83").unwrap_or(0), at(40))]
        );
        // Unchanged text keeps its marks as they are.
        assert_eq!(remap_marks(to, to, &moved, char::is_whitespace), moved);
    }
}
