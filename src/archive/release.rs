//! One announcement: its metadata, structure and canonical text.

use std::sync::Arc;

use super::date::PartialDate;
use super::draft::Format;

/// What kind of announcement an entry is, read from the entry line or the dating line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    PressRelease,
    HistoricPressRelease,
    Speech,
    Statement,
    Comments,
    Letter,
    Article,
    Interview,
    NewsStory,
    Announcement,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::PressRelease,
        Kind::HistoricPressRelease,
        Kind::Speech,
        Kind::Statement,
        Kind::Comments,
        Kind::Letter,
        Kind::Article,
        Kind::Interview,
        Kind::NewsStory,
        Kind::Announcement,
    ];

    /// The lower-case words used in JSON and in the window.
    pub fn label(self) -> &'static str {
        match self {
            Kind::PressRelease => "press release",
            Kind::HistoricPressRelease => "historic press release",
            Kind::Speech => "speech",
            Kind::Statement => "statement",
            Kind::Comments => "comments",
            Kind::Letter => "letter",
            Kind::Article => "article",
            Kind::Interview => "interview",
            Kind::NewsStory => "news story",
            Kind::Announcement => "announcement",
        }
    }

    /// Reads a kind from words such as "PRESS RELEASE", "speech", "Comments".
    pub fn from_words(words: &str) -> Option<Kind> {
        let w = words.trim().to_ascii_lowercase();
        let kind = match w.as_str() {
            "press release" | "press notice" => Kind::PressRelease,
            "historic press release" => Kind::HistoricPressRelease,
            "speech" | "speeches" => Kind::Speech,
            "statement" | "written statement" | "oral statement" => Kind::Statement,
            "comments" | "comment" => Kind::Comments,
            "letter" => Kind::Letter,
            "article" | "op-ed" => Kind::Article,
            "interview" => Kind::Interview,
            "news story" | "news" => Kind::NewsStory,
            _ => return None,
        };
        Some(kind)
    }

    /// Whether the dating line names a person ("made by Ed Davey") rather than a department.
    pub fn is_personal(self) -> bool {
        matches!(
            self,
            Kind::Speech | Kind::Comments | Kind::Letter | Kind::Article | Kind::Interview
        )
    }
}

/// The structural role of a run of text in a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Title,
    /// "The press release issued by the Home Office on 23 May 2023."
    Dateline,
    Paragraph,
    Bullet,
    /// "Home Secretary Suella Braverman said:"
    QuoteIntro,
    /// A paragraph spoken by `Block::speaker`.
    Quote,
    /// A row of a table flattened into lines; may span several lines.
    TableRow,
}

/// A block of a release: a range of its canonical text with a structural role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte offsets into `Release::text`.
    pub start: u32,
    pub end: u32,
    /// Index into `Release::speakers` for quotes and their introductions.
    pub speaker: Option<u16>,
}

/// A person quoted in (or speaking) a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    pub role: Option<String>,
}

impl Speaker {
    /// "Suella Braverman — Home Secretary".
    pub fn display(&self) -> String {
        match &self.role {
            Some(role) => format!("{} — {}", self.name, role),
            None => self.name.clone(),
        }
    }
}

/// Where a piece of canonical text came from: the start of one source line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineSpan {
    /// Byte offset in `Release::text` where this source line's text begins.
    pub offset: u32,
    /// 1-based line in the source file.
    pub line: u32,
    /// 0-based column, in characters, of that text in the source line.
    pub col: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// Stable id: derived from title and date, so it survives re-reading and edits elsewhere.
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub date: Option<PartialDate>,
    pub department: Option<String>,
    /// The section header the entry is under ("Home Office" for `Tag: Home Office`).
    pub section: Arc<str>,
    pub speakers: Vec<Speaker>,
    /// Canonical text: blocks separated by a blank line, lines within a block by `\n`.
    pub text: String,
    pub blocks: Vec<Block>,
    /// Sorted by `offset`; maps canonical text back to the source.
    pub spans: Vec<LineSpan>,
    /// Index into `Archive::files`.
    pub file: usize,
    /// 1-based line of the entry line in its file.
    pub line: u32,
    /// The source format it was read from.
    pub format: Format,
    /// Where the source gives one (a GOV.UK page, a feed item's link).
    pub url: Option<String>,
    /// Another version of the same release in the archive (the same source id, or title and
    /// date, with different text: a correction), so the two can be compared.
    pub version_of: Option<String>,
    /// An identifier the source gives (GOV.UK `content_id`, a feed item's `guid`), to
    /// recognise the same release arriving twice.
    pub source_id: Option<String>,
}

impl Release {
    pub fn block_text(&self, block: &Block) -> &str {
        self.text
            .get(block.start as usize..block.end as usize)
            .unwrap_or("")
    }

    pub fn speaker_names(&self) -> Vec<&str> {
        self.speakers.iter().map(|s| s.name.as_str()).collect()
    }

    pub fn date_label(&self) -> String {
        self.date
            .map(|d| d.long())
            .unwrap_or_else(|| "undated".to_owned())
    }

    /// 1-based line and 1-based character column in the source file of a byte offset in `text`.
    pub fn source_position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let idx = self.spans.partition_point(|s| s.offset as usize <= offset);
        let Some(span) = idx.checked_sub(1).and_then(|i| self.spans.get(i)) else {
            return (self.line, 1);
        };
        let start = span.offset as usize;
        let chars = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        let chars = u32::try_from(chars).unwrap_or(u32::MAX);
        (span.line, span.col.saturating_add(chars).saturating_add(1))
    }

    /// The block holding a byte offset, if any.
    pub fn block_at(&self, offset: usize) -> Option<&Block> {
        let idx = self.blocks.partition_point(|b| (b.end as usize) < offset);
        self.blocks
            .get(idx)
            .filter(|b| (b.start as usize) <= offset && offset <= b.end as usize)
    }
}
