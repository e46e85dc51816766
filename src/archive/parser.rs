//! The line-level parser for one chunk of a tag-page archive.
//!
//! A chunk always starts at an entry line (or the file's start), so chunks can be parsed
//! independently and joined; line numbers and inherited section names are fixed up by the
//! caller.

use std::sync::Arc;

use super::date::{parse_month_year, PartialDate};
use super::dating::{parse_dating, Dating};
use super::draft::Format;
use super::quote_end::{ends_quote, opens_in_first_person, opens_with_quote_mark};
use super::release::{Block, BlockKind, Kind, LineSpan, Release, Speaker};
use super::speaker::parse_attribution;
use super::table::{group_rows, trailing_amount};
use super::warning::Warning;

/// What one chunk yields. Line numbers are relative to the chunk (1 = its first line).
pub(crate) struct Chunk {
    pub releases: Vec<Release>,
    pub warnings: Vec<Warning>,
    /// How many leading releases appear before the chunk's first section header.
    pub inherited: usize,
    pub last_section: Option<Arc<str>>,
    pub newlines: u32,
}

/// How much of each release a parse makes: the command line asks for less where its
/// output needs less (the same releases, ids, dates and warnings either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Everything: the canonical text, blocks, source map, speakers and who speaks each quote.
    Full,
    /// The canonical text, its blocks and source map, without reading quote attributions or
    /// where quotes end (every block but tables and the dating line is a paragraph, and the
    /// speakers are at most the dating line's): what locating a search hit and its sentence
    /// needs.
    Text,
    /// No text at all: title, kind, date, department, line and warnings, and with
    /// `speakers` the people quoted (without, at most the dating line's speaker): what
    /// `inspect` without `--text` prints.
    Outline { speakers: bool },
}

/// What an outline keeps of a release's last block, for the warning that the text ends
/// mid-sentence: whether it is a table row, its last character and the line that holds it.
#[derive(Clone, Copy)]
struct LastBlock {
    table: bool,
    last: Option<char>,
    line: u32,
}

#[derive(Clone, Copy)]
struct Line<'a> {
    no: u32,
    /// Characters before `text` in the source line.
    col: u32,
    text: &'a str,
}

struct Builder {
    line: u32,
    entry_text: String,
    title: String,
    entry_kind: Option<Kind>,
    bracket_date: Option<PartialDate>,
    dating: Option<Dating>,
    text: String,
    blocks: Vec<Block>,
    spans: Vec<LineSpan>,
    speakers: Vec<Speaker>,
    quote_speaker: Option<u16>,
    /// A quote ended by a paragraph that read as narrative: its speaker, in case the next
    /// paragraph turns out to be theirs after all.
    paused_speaker: Option<u16>,
    /// The quote opened with a quotation mark (‘…), so its paragraphs all do.
    quote_marked: bool,
    /// Whose speech, statement or comments the release is (its dating line names them): the
    /// body is theirs, interjections ("Madam Deputy Speaker") included, outside others' quotes.
    voice: Option<u16>,
    warned_indent: bool,
    detail: Detail,
    /// Blocks counted, and the last one, when [`Detail::Outline`] builds no text.
    counted: usize,
    last_block: Option<LastBlock>,
}

pub(crate) struct ChunkParser<'a> {
    file: usize,
    detail: Detail,
    section: Option<Arc<str>>,
    inherited: Option<usize>,
    releases: Vec<Release>,
    warnings: Vec<Warning>,
    cur: Option<Builder>,
    group: Vec<Line<'a>>,
    /// Buffers reused from release to release, so each release's text is built without
    /// regrowing and copied out once at its exact size.
    scratch: (String, Vec<Block>, Vec<LineSpan>),
}

const SECTION_KEYS: [&str; 6] = [
    "Tag:",
    "Category:",
    "Topic:",
    "Department:",
    "Archive:",
    "Page:",
];

/// Chars that indent a line: space, tab and the non-breaking space.
fn is_indent(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}'
}

impl<'a> ChunkParser<'a> {
    pub fn new(file: usize) -> ChunkParser<'a> {
        Self::with_detail(file, Detail::Full)
    }

    /// A parser that makes only `detail` of each release.
    pub fn with_detail(file: usize, detail: Detail) -> ChunkParser<'a> {
        ChunkParser {
            file,
            detail,
            section: None,
            inherited: None,
            releases: Vec::new(),
            warnings: Vec::new(),
            cur: None,
            group: Vec::new(),
            scratch: (String::new(), Vec::new(), Vec::new()),
        }
    }

    /// Parses a chunk; `first_line` says whether it starts the file (where a BOM may be).
    pub fn parse(mut self, chunk: &'a str) -> Chunk {
        let mut no: u32 = 0;
        let mut newlines: u32 = 0;
        let bytes = chunk.as_bytes();
        let mut start = 0usize;
        let mut ends = memchr::memchr_iter(b'\n', bytes);
        loop {
            let end = match ends.next() {
                Some(e) => {
                    newlines += 1;
                    e
                }
                None if start < bytes.len() => bytes.len(),
                None => break,
            };
            no += 1;
            let raw = chunk.get(start..end).unwrap_or("");
            start = end + 1;
            self.line(no, raw);
        }
        self.flush_group();
        self.finish_release();
        Chunk {
            inherited: self.inherited.unwrap_or(self.releases.len()),
            releases: self.releases,
            warnings: self.warnings,
            last_section: self.section,
            newlines,
        }
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: self.file,
            line,
            message: message.into(),
        });
    }

    fn line(&mut self, no: u32, raw: &'a str) {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let raw = if no == 1 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        let content = raw.trim_start_matches(is_indent);
        let indent = &raw[..raw.len() - content.len()];
        let content = content.trim_end_matches(is_indent);
        if content.is_empty() {
            self.flush_group();
            return;
        }
        let col = u32::try_from(indent.chars().count()).unwrap_or(u32::MAX);
        let level: usize = indent.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
        if level == 0 && SECTION_KEYS.iter().any(|k| content.starts_with(k)) {
            self.flush_group();
            self.finish_release();
            let value = content.split_once(':').map(|(_, v)| v.trim()).unwrap_or("");
            if self.inherited.is_none() {
                self.inherited = Some(self.releases.len());
            }
            self.section = Some(Arc::from(value));
            return;
        }
        if level <= 2 {
            if let Some(entry) = content.strip_prefix('•') {
                self.flush_group();
                self.finish_release();
                self.start_release(no, col + 1, entry);
                return;
            }
        }
        let Some(cur) = self.cur.as_mut() else {
            self.warn(
                no,
                "text before the first entry is not part of any release and was not read",
            );
            return;
        };
        if level == 0 && !cur.warned_indent {
            cur.warned_indent = true;
            self.warn(
                no,
                "text is not indented like the rest of the entry; kept as part of the release",
            );
        }
        self.group.push(Line {
            no,
            col,
            text: content,
        });
    }

    fn start_release(&mut self, no: u32, col: u32, entry: &str) {
        let head = EntryHead::read(col, entry);
        let entry = entry.trim();
        let (entry_kind, bracket_date, title_col) = (head.kind, head.bracket_date, head.title_col);
        let title = if head.title.is_empty() {
            self.warn(no, "entry has no title");
            "(untitled)".to_owned()
        } else {
            normalise(head.title)
        };
        let (mut text, mut blocks, mut spans) = std::mem::take(&mut self.scratch);
        text.clear();
        blocks.clear();
        spans.clear();
        let mut b = Builder {
            line: no,
            entry_text: entry.to_owned(),
            title: title.clone(),
            entry_kind,
            bracket_date,
            dating: None,
            text,
            blocks,
            spans,
            speakers: Vec::new(),
            quote_speaker: None,
            paused_speaker: None,
            quote_marked: false,
            voice: None,
            warned_indent: false,
            detail: self.detail,
            counted: 0,
            last_block: None,
        };
        let line = Line {
            no,
            col: title_col,
            text: &title,
        };
        b.push_block(BlockKind::Title, &[line], None, " ");
        self.cur = Some(b);
    }

    fn flush_group(&mut self) {
        if self.group.is_empty() {
            return;
        }
        let group = std::mem::take(&mut self.group);
        let Some(cur) = self.cur.as_mut() else {
            return;
        };
        if group.len() == 1 {
            cur.single(group[0]);
        } else {
            // Bullets stand alone; runs of other lines are tables or wrapped paragraphs.
            let mut run: Vec<Line<'a>> = Vec::new();
            for line in &group {
                if line.text.starts_with('•') {
                    cur.lines(&run);
                    run.clear();
                    cur.single(*line);
                } else {
                    run.push(*line);
                }
            }
            cur.lines(&run);
        }
        self.group = group;
        self.group.clear();
    }

    fn finish_release(&mut self) {
        let Some(b) = self.cur.take() else {
            return;
        };
        let no = b.line;
        let dating_kind = b.dating.as_ref().and_then(|d| d.kind);
        let kind = b.entry_kind.or(dating_kind).unwrap_or(Kind::Announcement);
        let date = match (&b.dating, b.bracket_date) {
            (Some(d), Some(m)) => {
                if (d.date.year, d.date.month) != (m.year, m.month) {
                    self.warn(
                        no,
                        format!(
                            "the title says {} but the dating line says {}; using the dating line",
                            m.long(),
                            d.date.long()
                        ),
                    );
                }
                Some(d.date)
            }
            (Some(d), None) => Some(d.date),
            (None, Some(m)) => Some(m),
            (None, None) => {
                self.warn(
                    no,
                    "no date: the entry has neither a dating line nor a [Month Year] in its title",
                );
                None
            }
        };
        if b.block_count() <= 1 {
            self.warn(no, "entry has a title but no text");
        } else if let Some(last) = b.last_block() {
            let ends_well = last
                .last
                .map(|c| ".!?:;)\"”’'…]".contains(c) || c.is_ascii_digit())
                .unwrap_or(true);
            if !ends_well && !last.table {
                self.warn(
                    last.line,
                    "text ends mid-sentence: the entry may be cut off",
                );
            }
        }
        let department = b.dating.as_ref().and_then(|d| d.department.clone());
        // Exact-size copies: growth by doubling would leave up to half of each buffer unused,
        // which at archive scale is the difference between fitting in memory and not.
        let text = String::from(b.text.as_str());
        let blocks = b.blocks.to_vec();
        let spans = b.spans.to_vec();
        let mut speakers = b.speakers;
        speakers.shrink_to_fit();
        self.scratch = (b.text, b.blocks, b.spans);
        let section = self.section.clone().unwrap_or_else(|| Arc::from(""));
        self.releases.push(Release {
            id: String::new(),
            title: b.title,
            kind,
            date,
            department,
            section,
            speakers: speakers.into(),
            text: text.into(),
            blocks: blocks.into(),
            spans: spans.into(),
            file: self.file,
            line: no,
            format: Format::TagPage,
            url: None,
            version_of: None,
            source_id: None,
        });
    }
}

impl Builder {
    fn outline(&self) -> bool {
        matches!(self.detail, Detail::Outline { .. })
    }

    /// Blocks so far (the title is the first).
    fn block_count(&self) -> usize {
        if self.outline() {
            self.counted
        } else {
            self.blocks.len()
        }
    }

    /// The last block so far: whether it is a table row, its text's last character and
    /// the line of its last source line.
    fn last_block(&self) -> Option<LastBlock> {
        if self.outline() {
            return self.last_block;
        }
        let last = self.blocks.last()?;
        let tail = self
            .text
            .get(last.start as usize..last.end as usize)
            .unwrap_or("");
        Some(LastBlock {
            table: last.kind == BlockKind::TableRow,
            last: tail.chars().last(),
            line: self.spans.last().map_or(self.line, |s| s.line),
        })
    }

    /// Appends a block made of `lines`, joined by `sep`.
    fn push_block(&mut self, kind: BlockKind, lines: &[Line<'_>], speaker: Option<u16>, sep: &str) {
        if self.outline() {
            // What the block's text would end with: its last line's last character (tabs
            // and no-break spaces are spaces in the text), or the separator after an empty
            // last line.
            let last = match lines.last() {
                Some(l) if !l.text.is_empty() => {
                    l.text
                        .chars()
                        .last()
                        .map(|c| if c == '\t' || c == '\u{a0}' { ' ' } else { c })
                }
                Some(_) if lines.len() > 1 => sep.chars().last(),
                _ => None,
            };
            self.counted += 1;
            self.last_block = Some(LastBlock {
                table: kind == BlockKind::TableRow,
                last,
                line: lines.last().map_or(self.line, |l| l.no),
            });
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.text.push_str(sep);
            }
            self.spans.push(LineSpan {
                offset: u32::try_from(self.text.len()).unwrap_or(u32::MAX),
                line: line.no,
                col: line.col,
            });
            push_normalised(&mut self.text, line.text);
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

    /// One line standing alone between blank lines.
    fn single(&mut self, line: Line<'_>) {
        let text = line.text;
        let paused = self.paused_speaker.take();
        let early = self.block_count() <= 1;
        if early && text == self.entry_text {
            // The entry's title repeated as the first line of its body.
            return;
        }
        if self.dating.is_none() && self.block_count() <= 2 && text.starts_with("The ") {
            if let Some(d) = parse_dating(text) {
                let speaker = d.speaker.clone();
                self.dating = Some(d);
                let idx = speaker.and_then(|s| self.speaker_index(s));
                self.voice = idx;
                self.push_block(BlockKind::Dateline, &[line], idx, " ");
                return;
            }
        }
        if let Some(rest) = text.strip_prefix('•') {
            self.quote_speaker = None;
            let trimmed = rest.trim_start();
            let skipped = text.len() - trimmed.len();
            let col = line.col + u32::try_from(text[..skipped].chars().count()).unwrap_or(0);
            let bullet = Line {
                no: line.no,
                col,
                text: trimmed,
            };
            self.push_block(BlockKind::Bullet, &[bullet], None, " ");
            return;
        }
        let (attributions, quotes) = match self.detail {
            Detail::Full => (true, true),
            Detail::Text => (false, false),
            Detail::Outline { speakers } => (speakers, false),
        };
        if attributions {
            if let Some(speaker) = parse_attribution(text) {
                let idx = self.speaker_index(speaker);
                self.quote_speaker = idx;
                self.push_block(BlockKind::QuoteIntro, &[line], idx, " ");
                return;
            }
        }
        if !quotes {
            // Who speaks is not asked for: a quote's text is a paragraph's.
            self.push_block(BlockKind::Paragraph, &[line], None, " ");
            return;
        }
        if text.ends_with(':') || text.starts_with("Notes to editors") || text == "ENDS" {
            self.quote_speaker = None;
        }
        let last = self.blocks.last().map(|b| b.kind);
        if last == Some(BlockKind::QuoteIntro) {
            self.quote_marked = opens_with_quote_mark(text);
        }
        let after_quote = last == Some(BlockKind::Quote);
        if self.quote_speaker.is_some() && after_quote && ends_quote(text, self.quote_marked) {
            self.paused_speaker = self.quote_speaker.take();
        } else if self.quote_speaker.is_none() && paused.is_some() && opens_in_first_person(text) {
            self.quote_speaker = paused;
        }
        match self.quote_speaker.or(self.voice) {
            Some(idx) => self.push_block(BlockKind::Quote, &[line], Some(idx), " "),
            None => self.push_block(BlockKind::Paragraph, &[line], None, " "),
        }
    }

    /// A run of lines with no blank line between them: a table, or a hard-wrapped paragraph.
    fn lines(&mut self, run: &[Line<'_>]) {
        match run.len() {
            0 => return,
            1 => return self.single(run[0]),
            _ => {}
        }
        self.quote_speaker = None;
        self.paused_speaker = None;
        if is_wrapped_paragraph(run) {
            // A hard-wrapped paragraph of a speech is still the speaker's.
            match self.voice {
                Some(idx) => self.push_block(BlockKind::Quote, run, Some(idx), " "),
                None => self.push_block(BlockKind::Paragraph, run, None, " "),
            }
            return;
        }
        let texts: Vec<&str> = run.iter().map(|l| l.text).collect();
        for row in group_rows(&texts) {
            let lines: Vec<Line<'_>> = row.iter().filter_map(|&i| run.get(i).copied()).collect();
            self.push_block(BlockKind::TableRow, &lines, None, "\n");
        }
    }
}

/// What an entry line says before the release's body: its title, and the kind and month it
/// may give. Shared with the command line's search, which reads titles without parsing.
pub(crate) struct EntryHead<'a> {
    /// As written (empty when the entry has none; the release is then "(untitled)").
    pub title: &'a str,
    pub title_col: u32,
    pub kind: Option<Kind>,
    pub bracket_date: Option<PartialDate>,
}

impl<'a> EntryHead<'a> {
    /// Reads an entry line's text after its `•` (at character column `col`).
    pub fn read(col: u32, entry: &'a str) -> EntryHead<'a> {
        let lead = entry.len() - entry.trim_start().len();
        let entry = entry.trim();
        let mut title_col = col + u32::try_from(lead).unwrap_or(0);
        let mut title = entry;
        let mut kind = None;
        if let Some((prefix, rest)) = entry.split_once(" : ") {
            let is_label = prefix.len() <= 40
                && prefix
                    .chars()
                    .all(|c| c.is_uppercase() || c == ' ' || c == '-');
            if is_label {
                kind = Some(Kind::from_words(prefix).unwrap_or(Kind::Announcement));
                title_col += u32::try_from(prefix.chars().count() + 3).unwrap_or(0);
                title = rest.trim_start();
            }
        }
        let mut bracket_date = None;
        if let Some(head) = title.strip_suffix(']') {
            if let Some((t, inside)) = head.rsplit_once('[') {
                if let Some(d) = parse_month_year(inside) {
                    bracket_date = Some(d);
                    title = t.trim_end();
                }
            }
        }
        if kind.is_none() {
            kind = kind_from_title(title);
        }
        EntryHead {
            title,
            title_col,
            kind,
            bracket_date,
        }
    }

    /// The release's title as the parser gives it.
    pub fn title(&self) -> String {
        if self.title.is_empty() {
            "(untitled)".to_owned()
        } else {
            normalise(self.title)
        }
    }
}

/// The text after the `•` of an entry line (`raw`, without its line end), if it is one:
/// what [`ChunkParser`] starts a release at. `first` for a file's first line (a BOM).
pub(crate) fn entry_text(raw: &str, first: bool) -> Option<&str> {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let raw = if first {
        raw.strip_prefix('\u{feff}').unwrap_or(raw)
    } else {
        raw
    };
    let content = raw.trim_start_matches(is_indent);
    let indent = &raw[..raw.len() - content.len()];
    let level: usize = indent.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
    if level > 2 {
        return None;
    }
    content.trim_end_matches(is_indent).strip_prefix('•')
}

/// Lines broken mid-sentence: most continuation lines start in lower case.
fn is_wrapped_paragraph(run: &[Line<'_>]) -> bool {
    if run.iter().any(|l| trailing_amount(l.text).is_some()) {
        return false;
    }
    let lower = run[1..]
        .iter()
        .filter(|l| l.text.chars().next().is_some_and(char::is_lowercase))
        .count();
    lower * 2 >= run.len() - 1
}

fn kind_from_title(title: &str) -> Option<Kind> {
    title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .find_map(|w| match w {
            "Speech" => Some(Kind::Speech),
            "Comments" | "Comment" => Some(Kind::Comments),
            "Statement" => Some(Kind::Statement),
            "Letter" => Some(Kind::Letter),
            "Article" => Some(Kind::Article),
            "Interview" => Some(Kind::Interview),
            _ => None,
        })
}

/// Copies text, turning tabs and non-breaking spaces into spaces (one char for one char, so
/// character columns still map back to the source).
fn push_normalised(out: &mut String, text: &str) {
    if memchr::memchr2(b'\t', 0xA0, text.as_bytes()).is_none() {
        out.push_str(text);
        return;
    }
    out.extend(
        text.chars()
            .map(|c| if c == '\t' || c == '\u{a0}' { ' ' } else { c }),
    );
}

fn normalise(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    push_normalised(&mut s, text);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tag page among the fixtures (real releases: the sample, quotes, tables of
    /// figures, accented text, variants of the format), with its name.
    fn tag_pages() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = vec![root.join("assets/home-office-may-2023.txt")];
        let mut dirs = vec![root.join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "txt") {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        paths
            .into_iter()
            .filter_map(|p| {
                let text = std::fs::read_to_string(&p).ok()?;
                text.lines()
                    .any(|l| entry_text(l, false).is_some())
                    .then(|| (p.display().to_string(), text))
            })
            .collect()
    }

    /// What every detail must agree on: the metadata and the warnings.
    fn outline_of(chunk: &Chunk) -> Vec<String> {
        let mut out: Vec<String> = chunk
            .releases
            .iter()
            .map(|r| {
                format!(
                    "{} {:?} {:?} {:?} {} {} {}",
                    r.title, r.kind, r.date, r.department, r.section, r.line, r.file
                )
            })
            .collect();
        out.extend(chunk.warnings.iter().map(|w| format!("{w:?}")));
        out.push(format!(
            "{} {} {:?}",
            chunk.inherited, chunk.newlines, chunk.last_section
        ));
        out
    }

    /// An outline (no text) and a text-only parse give the full parse's releases, dates and
    /// warnings (among them "ends mid-sentence", which an outline works out without the
    /// text); the outline with speakers its speakers; the text-only parse its text and
    /// source map, on every real tag page we have.
    #[test]
    fn lighter_details_agree_with_the_full_parse() {
        let pages = tag_pages();
        assert!(pages.len() > 20, "{} tag pages", pages.len());
        let mut releases = 0;
        let mut mid_sentence = 0;
        for (name, text) in &pages {
            let parse = |detail| ChunkParser::with_detail(3, detail).parse(text);
            let full = parse(Detail::Full);
            releases += full.releases.len();
            mid_sentence += full
                .warnings
                .iter()
                .filter(|w| w.message.contains("mid-sentence"))
                .count();
            let expected = outline_of(&full);
            for detail in [
                Detail::Text,
                Detail::Outline { speakers: false },
                Detail::Outline { speakers: true },
            ] {
                let light = parse(detail);
                assert_eq!(outline_of(&light), expected, "{name} {detail:?}");
                for (a, b) in light.releases.iter().zip(&full.releases) {
                    match detail {
                        Detail::Text => {
                            assert_eq!(a.text, b.text, "{name}");
                            assert_eq!(a.spans, b.spans, "{name}");
                        }
                        Detail::Outline { speakers } => {
                            assert!(a.text.is_empty() && a.spans.is_empty());
                            if speakers {
                                assert_eq!(a.speakers, b.speakers, "{name}");
                            }
                        }
                        Detail::Full => {}
                    }
                }
            }
        }
        // The fixtures do exercise what is compared.
        assert!(releases > 100, "{releases} releases");
        assert!(mid_sentence > 0);
    }
}
