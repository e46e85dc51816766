//! One announcement: its metadata, structure and canonical text.

use std::sync::Arc;

use super::date::PartialDate;
use super::draft::Format;
use super::release_parts::LazyList;
use super::release_text::ReleaseText;

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
    /// GOV.UK's "Policy paper" (a publication, not news; saved pages and `policy_paper` JSON).
    PolicyPaper,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
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
        // Last, so that the kinds' numbers in caches written before it stay the same.
        Kind::PolicyPaper,
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
            Kind::PolicyPaper => "policy paper",
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
            "policy paper" => Kind::PolicyPaper,
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
    /// The index of `speaker` in a release's list, adding them if new (a role learnt later
    /// fills one not known before). Shared by the tag-page parser and the draft builder.
    pub(crate) fn intern(speakers: &mut Vec<Speaker>, speaker: Speaker) -> Option<u16> {
        if let Some(i) = speakers.iter().position(|s| s.name == speaker.name) {
            if speakers[i].role.is_none() {
                speakers[i].role = speaker.role;
            }
            return u16::try_from(i).ok();
        }
        speakers.push(speaker);
        u16::try_from(speakers.len() - 1).ok()
    }

    /// "Suella Braverman — Home Secretary".
    pub fn display(&self) -> String {
        match &self.role {
            Some(role) => format!("{} — {}", self.name, role),
            None => self.name.clone(),
        }
    }
}

/// Long source lines get a checkpoint span at least every this many bytes of canonical text
/// (see [`Release::index_long_lines`]).
pub const CHECKPOINT_BYTES: usize = 4096;

/// Where a piece of canonical text came from: the start of one source line's text, or a
/// checkpoint inside a long line.
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
    /// (From the cache, decoded when first read, as are `blocks` and `spans`.)
    pub speakers: LazyList<Speaker>,
    /// Canonical text: blocks separated by a blank line, lines within a block by `\n`
    /// (reads as a `&str`; from the cache, put together when first read).
    pub text: ReleaseText,
    pub blocks: LazyList<Block>,
    /// Sorted by `offset`; maps canonical text back to the source.
    pub spans: LazyList<LineSpan>,
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

    /// Adds checkpoints inside long source lines (a whole release on one line), so that
    /// [`source_position`](Self::source_position) counts the characters of at most
    /// [`CHECKPOINT_BYTES`] instead of the line from its start: a figure per sentence of a
    /// 10 MB line made `claims` and `search` quadratic. Positions are unchanged: a checkpoint is
    /// a span of the same line whose column is that of its first character.
    pub(crate) fn index_long_lines(&mut self) {
        // Its length only, unless a line is long: a text left in its file is not read.
        let len = self.text.byte_len();
        let end_of = |spans: &[LineSpan], i: usize| {
            spans.get(i + 1).map_or(len, |n| n.offset as usize).min(len)
        };
        let long = (0..self.spans.len()).any(|i| {
            end_of(&self.spans, i).saturating_sub(self.spans[i].offset as usize) > CHECKPOINT_BYTES
        });
        if !long {
            return;
        }
        let text = self.text.read();
        let mut out = Vec::with_capacity(self.spans.len() + len / CHECKPOINT_BYTES);
        for (i, span) in self.spans.iter().enumerate() {
            out.push(*span);
            let end = end_of(&self.spans, i);
            let mut at = span.offset as usize;
            let mut col = span.col;
            while end.saturating_sub(at) > CHECKPOINT_BYTES {
                let mut next = at + CHECKPOINT_BYTES;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                let (Ok(offset), false) = (u32::try_from(next), next >= end) else {
                    break;
                };
                let chars = u32::try_from(text[at..next].chars().count()).unwrap_or(u32::MAX);
                col = col.saturating_add(chars);
                out.push(LineSpan {
                    offset,
                    line: span.line,
                    col,
                });
                at = next;
            }
        }
        drop(text);
        self.spans = out.into();
    }

    /// The block holding a byte offset, if any.
    pub fn block_at(&self, offset: usize) -> Option<&Block> {
        let idx = self.blocks.partition_point(|b| (b.end as usize) < offset);
        self.blocks
            .get(idx)
            .filter(|b| (b.start as usize) <= offset && offset <= b.end as usize)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::archive::Archive;

    /// A release whose body is the sample's paragraphs joined into one 200 kB line (with
    /// non-ASCII characters: `£`, curly quotes), read twice: positions with checkpoints are
    /// those counted from the line's start.
    #[test]
    fn long_lines_get_checkpoints_that_keep_positions() {
        let sample = include_str!("../../assets/home-office-may-2023.txt");
        let paragraphs: Vec<&str> = sample
            .lines()
            .filter(|l| l.starts_with("    ") && !l.trim_start().starts_with('•'))
            .map(str::trim)
            .filter(|l| l.len() > 80)
            .collect();
        let mut line = String::new();
        while line.len() < 200_000 {
            line.push_str(&paragraphs.join(" "));
            line.push(' ');
        }
        let text = format!(
            "Tag: Home Office\n\n  • PRESS RELEASE : One line [May 2023]\n\n    The press \
             release issued by the Home Office on 23 May 2023.\n\n    {line}\n"
        );
        let archive = Archive::parse_str(&text, Path::new("one-line.txt")).expect("parses");
        let r = &archive.releases[0];
        assert!(r.spans.len() > 40, "{} spans", r.spans.len());
        let body = r.text.find(&line[..60]).expect("the body");
        let (body_line, body_col) = r.source_position(body);
        assert_eq!(body_col, 5);
        let source_line = text.lines().nth(body_line as usize - 1).expect("line");
        for (offset, _) in r.text[body..].char_indices().step_by(997) {
            let at = body + offset;
            let (l, c) = r.source_position(at);
            assert_eq!(l, body_line, "{at}");
            // The column counted the slow way, in the source line.
            let before = r.text[body..at].chars().count() as u32;
            assert_eq!(c, body_col + before, "{at}");
            // (The canonical text has plain spaces for the source's non-breaking ones.)
            let expected: String = source_line
                .chars()
                .skip(c as usize - 1)
                .take(20)
                .map(|ch| if ch == '\u{a0}' { ' ' } else { ch })
                .collect();
            let got: String = r.text[at..].chars().take(20).collect();
            assert_eq!(got, expected, "{at}");
        }
    }
}
