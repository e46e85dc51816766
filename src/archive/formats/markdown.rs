//! Markdown files from a newsroom's static site: YAML front matter (`title`, `date`,
//! `department`/`organisation`, `kind`/`type`, `url`, ...) when there is one, else the title
//! from the first heading; paragraphs, bullets, tables as rows and block quotes as quotes.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use yaml_rust2::{Yaml, YamlLoader};

use super::line_index::LineIndex;
use super::plain_blocks::{clean, joined, BlockBuilder};
use super::stated_date::{find_date, find_date_or_month};
use super::text::decode_text;
use crate::archive::dating::parse_dating;
use crate::archive::draft::{remap_marks, DraftPiece, FileDraft, Format, ReleaseDraft, SourcePos};
use crate::archive::release::Kind;

/// Whether the bytes look like Markdown: YAML front matter, or an ATX heading, a list or a
/// link among the first lines. Plain text without any of these is left to the text reader.
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}');
    if let Some(rest) = text.strip_prefix("---") {
        return rest.starts_with(['\n', '\r']) && rest.contains("\n---");
    }
    if text.trim_start().starts_with('<') || text.trim_start().starts_with('{') {
        return false;
    }
    text.lines().take(40).any(|l| {
        let l = l.trim_start();
        (l.starts_with('#') && l.trim_start_matches('#').starts_with(' '))
            || l.contains("](")
            || l.starts_with("```")
    })
}

/// The front matter's text and where the body starts (byte offset), if the file has one.
fn split_front_matter(text: &str) -> Option<(&str, usize)> {
    let rest = text.strip_prefix("---")?;
    let first_nl = rest.find('\n')?;
    if !rest[..first_nl].trim().is_empty() {
        return None;
    }
    let fm_start = 3 + first_nl + 1;
    let mut at = fm_start;
    for line in text[fm_start..].split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Some((&text[fm_start..at], at + line.len()));
        }
        at += line.len();
    }
    None
}

/// The first string under any of `keys` (the first item of a list).
fn field<'y>(doc: &'y Yaml, keys: &[&str]) -> Option<&'y str> {
    keys.iter().find_map(|k| match &doc[*k] {
        Yaml::String(s) => Some(s.as_str()),
        Yaml::Array(items) => items.iter().find_map(Yaml::as_str),
        _ => None,
    })
}

/// Where `key:`'s value stands in the front matter (which starts on line 2).
fn field_pos(front: &str, key: &str) -> Option<SourcePos> {
    front.lines().enumerate().find_map(|(i, l)| {
        let rest = l.strip_prefix(key)?.strip_prefix(':')?;
        let value = rest.trim_start();
        // A quoted value's text starts after its quote.
        let quote = usize::from(value.starts_with(['"', '\'']));
        let lead = rest.len() - value.len() + quote;
        Some(SourcePos {
            line: u32::try_from(i + 2).ok()?,
            col: u32::try_from(key.chars().count() + 1 + lead).ok()?,
        })
    })
}

/// Reads one Markdown release.
pub(crate) fn read(bytes: &[u8]) -> Result<FileDraft, String> {
    let (text, mut warnings) = decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err("the file holds no text to read".to_owned());
    }
    let index = LineIndex::new(&text);
    let mut draft = ReleaseDraft {
        line: 1,
        ..ReleaseDraft::default()
    };
    let mut body_start = 0;
    if let Some((front, body)) = split_front_matter(&text) {
        body_start = body;
        read_front_matter(front, &mut draft, &mut warnings);
    } else if let Some(rest) = text.strip_prefix("+++") {
        warnings.push((
            1,
            "TOML front matter (+++) is not read; the title comes from the first heading"
                .to_owned(),
        ));
        if let Some(end) = rest.find("\n+++") {
            body_start = (3 + end + 4).min(text.len());
        }
    }
    let body = &text[body_start..];
    let mut walker = Walker::new(&index, body_start, !draft.title.is_empty());
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        walker.event(event, range.start, range.end);
    }
    let (title, blocks) = walker.finish();
    if draft.title.is_empty() {
        match title {
            Some((t, pos)) => {
                draft.title = t;
                draft.title_pos = pos;
            }
            None => {
                warnings.push((
                    1,
                    "no title (no front matter title and no heading)".to_owned(),
                ));
                draft.title = "(untitled)".to_owned();
                draft.title_pos = SourcePos { line: 1, col: 0 };
            }
        }
    }
    draft.blocks = blocks;
    if draft.date.is_none() {
        draft.date = dateline_date(&mut draft);
    }
    if draft.date.is_none() {
        warnings.push((
            draft.title_pos.line.max(1),
            "no date: neither front matter `date:` nor a dateline near the top".to_owned(),
        ));
    }
    Ok(FileDraft {
        format: Format::Markdown,
        releases: vec![draft],
        warnings,
    })
}

/// A date from the body's opening: a dating sentence, or a date opening a paragraph
/// ("Forest Hill, MD - 19 May 2015 - The Apache Software Foundation ...").
fn dateline_date(draft: &mut ReleaseDraft) -> Option<crate::archive::PartialDate> {
    for block in draft.blocks.iter().take(4) {
        let text = joined(&block.pieces);
        if let Some(d) = parse_dating(&text) {
            draft.kind = draft.kind.or(d.kind);
            if draft.department.is_none() {
                draft.department = d.department;
            }
            return Some(d.date);
        }
        let opening: String = text.chars().take(48).collect();
        if let Some(d) = find_date(&opening) {
            return Some(d);
        }
    }
    // Further down, only a press dateline: "PLACE - 19 May 2015 - The ..." (the date set off
    // by a dash), not any paragraph that happens to open with a date.
    draft.blocks.iter().skip(4).find_map(|block| {
        let first = block.pieces.first()?;
        let opening: String = first.text.chars().take(60).collect();
        let date = find_date(&opening)?;
        let dashed = [" - ", " – ", " — "]
            .iter()
            .filter(|d| opening.contains(*d))
            .count()
            > 0;
        dashed.then_some(date)
    })
}

fn read_front_matter(front: &str, draft: &mut ReleaseDraft, warnings: &mut Vec<(u32, String)>) {
    let docs = match YamlLoader::load_from_str(front) {
        Ok(docs) => docs,
        Err(e) => {
            // The body is still worth reading; the fields are not.
            let line = u32::try_from(e.marker().line() + 1).unwrap_or(1);
            warnings.push((
                line,
                format!("the front matter is not valid YAML ({e}); its fields were not read"),
            ));
            return;
        }
    };
    let Some(doc) = docs.first() else {
        return;
    };
    if let Some(t) = field(doc, &["title"]) {
        draft.title = clean(t);
        draft.title_pos = field_pos(front, "title").unwrap_or(SourcePos { line: 1, col: 0 });
    }
    if let Some(d) = field(doc, &["date", "published", "publishDate", "pubDate"]) {
        draft.date = find_date_or_month(d);
        draft.date_pos = ["date", "published", "publishDate", "pubDate"]
            .iter()
            .find_map(|k| field_pos(front, k));
        if draft.date.is_none() {
            let line = field_pos(front, "date").map(|p| p.line).unwrap_or(1);
            warnings.push((
                line,
                format!("the date \"{d}\" is not a date this reader knows"),
            ));
        }
    }
    let dept = field(
        doc,
        &[
            "department",
            "organisation",
            "organization",
            "organisations",
            "organizations",
            "agency",
            "publisher",
        ],
    );
    draft.department = dept.map(clean).filter(|d| !d.is_empty());
    draft.kind = ["kind", "document_type", "type", "category", "categories"]
        .iter()
        .filter_map(|k| field(doc, &[k]))
        .find_map(|v| Kind::from_words(&v.replace(['_', '-'], " ")));
    draft.url = field(
        doc,
        &[
            "url",
            "source_url",
            "canonical_url",
            "canonical",
            "link",
            "permalink",
        ],
    )
    .map(str::to_owned);
    draft.source_id = field(doc, &["content_id", "guid", "id", "uuid"]).map(str::to_owned);
}

/// Walks pulldown-cmark's events into blocks.
struct Walker<'i, 'a> {
    index: &'i LineIndex<'a>,
    base: usize,
    have_title: bool,
    title: Option<(String, SourcePos)>,
    b: BlockBuilder,
    /// Text of the block being read, a piece per source line.
    pieces: Vec<DraftPiece>,
    new_line: bool,
    /// The current list item's text so far (its paragraphs joined).
    bullet: Option<Vec<DraftPiece>>,
    items: usize,
    quotes: usize,
    skip: usize,
    cells: Vec<DraftPiece>,
    row_pos: Option<SourcePos>,
    /// The file offset where text added to the last piece would stand if it followed on in
    /// the source (after a link or an emphasis it does not: it gets a mark of its own).
    next_at: Option<usize>,
}

impl<'i, 'a> Walker<'i, 'a> {
    fn new(index: &'i LineIndex<'a>, base: usize, have_title: bool) -> Walker<'i, 'a> {
        Walker {
            index,
            base,
            have_title,
            title: None,
            b: BlockBuilder::new(),
            pieces: Vec::new(),
            new_line: true,
            bullet: None,
            items: 0,
            quotes: 0,
            skip: 0,
            cells: Vec::new(),
            row_pos: None,
            next_at: None,
        }
    }

    /// Text `s` of an event whose source is `at..end` (offsets in the body).
    fn text(&mut self, s: &str, at: usize, end: usize) {
        if self.skip > 0 {
            return;
        }
        // The source holds the text as it is (a code span inside its backticks, an escaped
        // character after its backslash) unless an entity was decoded.
        let src = self.index.slice(self.base + at, self.base + end);
        let found = src.and_then(|src| src.find(s));
        let literal = found.is_some();
        let at = self.base + at + found.unwrap_or(0);
        let mut part_at = at;
        for (i, part) in s.split('\n').enumerate() {
            if i > 0 {
                self.new_line = true;
            }
            let here = if literal { part_at } else { at };
            match self.pieces.last_mut() {
                Some(last) if !self.new_line => {
                    if !part.is_empty() && self.next_at != Some(here) && !last.text.is_empty() {
                        last.marks.push((last.text.len(), self.index.pos(here)));
                    }
                    last.text.push_str(part);
                }
                // White space never opens a line's piece.
                _ if part.trim().is_empty() => {}
                _ => {
                    let lead = if literal {
                        part.len() - part.trim_start().len()
                    } else {
                        0
                    };
                    let pos = self.index.pos(here + lead);
                    self.pieces.push(DraftPiece::new(part.to_owned(), pos));
                    self.new_line = false;
                }
            }
            self.next_at = literal.then_some(part_at + part.len());
            part_at += part.len() + 1;
        }
    }

    /// The block's pieces, cleaned, emptied out of the walker.
    fn take(&mut self) -> Vec<DraftPiece> {
        self.new_line = true;
        std::mem::take(&mut self.pieces)
            .into_iter()
            .filter_map(|p| {
                // Shortcodes are cut out of a line's whole text: the Markdown parser hands
                // `{{<` and the rest over as separate runs.
                let cut = strip_shortcodes(&p.text);
                let text = clean(&cut);
                if text.is_empty() {
                    return None;
                }
                // Cleaning only drops white space and invisible characters; cutting a
                // shortcode drops text, and the marks with it.
                let marks = match cut {
                    std::borrow::Cow::Borrowed(_) => remap_marks(&p.text, &text, &p.marks, |c| {
                        c.is_whitespace()
                            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{feff}')
                    }),
                    std::borrow::Cow::Owned(_) => Vec::new(),
                };
                Some(DraftPiece {
                    text,
                    pos: p.pos,
                    marks,
                })
            })
            .collect()
    }

    fn flush_bullet(&mut self) {
        let pending = self.take();
        let mut bullet = self.bullet.take().unwrap_or_default();
        bullet.extend(pending);
        if !bullet.is_empty() {
            self.b.bullet(bullet);
        }
    }

    fn event(&mut self, event: Event<'_>, at: usize, end: usize) {
        match event {
            Event::Text(t) | Event::Code(t) => self.text(&t, at, end),
            Event::SoftBreak | Event::HardBreak => self.new_line = true,
            Event::Start(Tag::Image { .. }) => self.skip += 1,
            Event::End(TagEnd::Image) => self.skip = self.skip.saturating_sub(1),
            Event::Start(Tag::Item) => {
                self.flush_bullet();
                self.items += 1;
                self.bullet = Some(Vec::new());
            }
            Event::Start(Tag::List(_)) if self.items > 0 => self.flush_bullet(),
            Event::End(TagEnd::Item) => {
                self.flush_bullet();
                self.items = self.items.saturating_sub(1);
                if self.items > 0 {
                    self.bullet = Some(Vec::new());
                }
            }
            Event::Start(Tag::BlockQuote(_)) => self.quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => self.quotes = self.quotes.saturating_sub(1),
            Event::End(TagEnd::Heading(_)) => {
                let pieces = self.take();
                if pieces.is_empty() {
                    return;
                }
                if !self.have_title && self.title.is_none() {
                    let pos = pieces.first().map(|p| p.pos).unwrap_or_default();
                    self.title = Some((joined(&pieces), pos));
                } else {
                    self.b.paragraph(pieces);
                }
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::CodeBlock) => {
                let pieces = self.take();
                if let Some(bullet) = self.bullet.as_mut() {
                    bullet.extend(pieces);
                } else if self.quotes > 0 {
                    self.b.quote(pieces);
                } else {
                    self.b.paragraph(pieces);
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                self.cells.clear();
                self.row_pos = Some(self.index.pos(self.base + at));
            }
            Event::End(TagEnd::TableCell) => {
                let pieces = self.take();
                let mut cell = DraftPiece::new(String::new(), SourcePos::default());
                for p in pieces {
                    if cell.text.is_empty() {
                        cell.pos = p.pos;
                    } else {
                        cell.text.push(' ');
                        cell.marks.push((cell.text.len(), p.pos));
                    }
                    let at = cell.text.len();
                    cell.marks
                        .extend(p.marks.iter().map(|&(o, pos)| (at + o, pos)));
                    cell.text.push_str(&p.text);
                }
                self.cells.push(cell);
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                // Two spaces between cells, as `split_cells` reads them; each cell keeps
                // its place in the source.
                let pos = self.row_pos.take().unwrap_or_default();
                let mut row = DraftPiece::new(String::new(), pos);
                for (i, cell) in std::mem::take(&mut self.cells).into_iter().enumerate() {
                    if i > 0 {
                        row.text.push_str("  ");
                    }
                    let at = row.text.len();
                    if !cell.text.is_empty() {
                        if row.text.trim().is_empty() {
                            row.pos = cell.pos;
                        } else {
                            row.marks.push((at, cell.pos));
                        }
                    }
                    row.marks
                        .extend(cell.marks.iter().map(|&(o, pos)| (at + o, pos)));
                    row.text.push_str(&cell.text);
                }
                if !row.text.trim().is_empty() {
                    self.b.table_row(vec![row]);
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> (Option<(String, SourcePos)>, Vec<crate::archive::DraftBlock>) {
        self.flush_bullet();
        (self.title, self.b.finish())
    }
}

/// Static-site shortcodes (`{{< img src="x" >}}`, `{{% note %}}`) are markup, not text.
fn strip_shortcodes(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("{{") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let is_code = after.starts_with(['<', '%']);
        match after.find("}}") {
            Some(j) if is_code => rest = &after[j + 2..],
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::release::BlockKind;

    #[test]
    fn front_matter_and_the_first_heading() {
        let md = "---\ntitle: \"Drill 1.0 Released\"\ndate: 2015-05-19\n---\n# Heading\n\nText *with* [a link](http://x).\n\n* one\n* two\n";
        let d = read(md.as_bytes()).unwrap();
        let r = &d.releases[0];
        assert_eq!(r.title, "Drill 1.0 Released");
        // At "Drill", after the value's opening quote.
        assert_eq!(r.title_pos, SourcePos { line: 2, col: 8 });
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2015-05-19"));
        let kinds: Vec<BlockKind> = r.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Bullet,
                BlockKind::Bullet
            ]
        );
        assert_eq!(r.blocks[1].pieces[0].text, "Text with a link.");
        assert_eq!(r.blocks[1].pieces[0].pos, SourcePos { line: 7, col: 0 });
        assert_eq!(r.blocks[3].pieces[0].pos, SourcePos { line: 10, col: 2 });
    }

    #[test]
    fn invalid_yaml_is_a_warning_and_the_body_is_still_read() {
        let md = "---\ntitle: [unclosed\ndate: 2015-05-19\n---\n# The heading\n\nBody.\n";
        let d = read(md.as_bytes()).unwrap();
        assert!(d.warnings.iter().any(|(_, w)| w.contains("not valid YAML")));
        assert_eq!(d.releases[0].title, "The heading");
    }

    #[test]
    fn shortcodes_are_dropped() {
        assert_eq!(strip_shortcodes("a {{< img src=\"x\" >}} b"), "a  b");
        assert_eq!(strip_shortcodes("{{ not a shortcode"), "{{ not a shortcode");
    }
}
