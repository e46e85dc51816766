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
    pub kind: Option<Kind>,
    /// The calendar date the source states (no time-zone shift), to the day or the month.
    pub date: Option<PartialDate>,
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
