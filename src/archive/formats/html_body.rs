//! An HTML fragment (a GOV.UK body, a saved page's article, a feed item's description) to
//! the blocks a reader shows: paragraphs, bullets, table rows, quotes and their
//! introductions. Text is decoded as a browser shows it (entities decoded, white space
//! collapsed, no-break spaces as spaces, no markup) and every piece remembers where it
//! stands in the source.
//!
//! html5gum tokenizes by the WHATWG rules (entities, raw text in scripts and styles, broken
//! markup) and gives each token's byte span, which is what the source map needs; the few
//! tree rules that matter for text (implied ends of `p`, `li`, `tr`, `td`) are applied here.

use super::html_tokens::{for_each_token, TagName, Tok};
use super::line_index::{offset_from, LineIndex};
use super::text_runs::{escaped_runs, source_of, text_runs};
use crate::archive::quote_end::reads_as_narrative;
use crate::archive::speaker::parse_attribution;
use crate::archive::{BlockKind, DraftBlock, DraftPiece, SourcePos, Speaker};

/// The blocks of an HTML fragment whose first byte stands at `base` in its file (a feed
/// item's description when its element's place is not known).
pub(crate) fn html_blocks(html: &str, base: SourcePos) -> Vec<DraftBlock> {
    let index = LineIndex::new(html);
    blocks_with(html, &|offset| offset_from(base, index.pos(offset)))
}

/// The blocks of HTML that a feed holds in an element (escaped, escaped twice, or in a CDATA
/// section): `html` as decoded, `source` the feed's bytes, whose element content starts at
/// byte `from`, and `pos` the position of a byte of `source`. Every piece is placed where its
/// text stands in the feed, past the escapes.
pub(crate) fn escaped_html_blocks(
    html: &str,
    source: &[u8],
    from: usize,
    pos: &dyn Fn(usize) -> SourcePos,
) -> Vec<DraftBlock> {
    let runs = escaped_runs(html, source.get(from..).unwrap_or_default(), from);
    let mut jumps: Vec<usize> = runs.iter().skip(1).map(|r| r.0).collect();
    jumps.dedup();
    blocks_mapped(html, &|off| pos(source_of(&runs, off)), &jumps)
}

/// The blocks of an HTML fragment, with `pos` giving the source position of a byte offset
/// in `html` (for fragments cut from a page, or decoded from a JSON string).
pub(crate) fn blocks_with(html: &str, pos: &dyn Fn(usize) -> SourcePos) -> Vec<DraftBlock> {
    blocks_mapped(html, pos, &[])
}

/// Like [`blocks_with`], where `pos` does not run on evenly through `html`: `jumps` are the
/// sorted offsets in `html` whose position does not follow from the byte before (where a
/// JSON escape starts and where it ends), so text across them is placed anew.
pub(crate) fn blocks_mapped(
    html: &str,
    pos: &dyn Fn(usize) -> SourcePos,
    jumps: &[usize],
) -> Vec<DraftBlock> {
    let mut walker = Walker {
        src: html,
        pos,
        jumps,
        next_at: None,
        stack: Vec::new(),
        skip_from: None,
        blocks: Vec::new(),
        cur: Cur::default(),
        speaker: None,
    };
    // Scripts, styles and titles hold raw text, not markup (see `for_each_token`).
    for_each_token(html, |token| match token {
        Tok::Start {
            name,
            attrs,
            self_closing,
            ..
        } => {
            let skip = is_skipped(name, |k| attrs.text(k).map(|v| v.into_owned()));
            walker.start(name, self_closing, skip);
        }
        Tok::End { name, .. } => walker.end(name),
        Tok::Text { value, start, end } => walker.text(value, start, end),
    });
    walker.flush();
    walker.blocks
}

/// Elements that never hold text.
const VOID: [&[u8]; 14] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// Elements that end the block before them and start a new one.
const BLOCK: [&[u8]; 35] = [
    b"p",
    b"div",
    b"li",
    b"ul",
    b"ol",
    b"dl",
    b"dt",
    b"dd",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"blockquote",
    b"table",
    b"thead",
    b"tbody",
    b"tfoot",
    b"tr",
    b"caption",
    b"section",
    b"article",
    b"main",
    b"figure",
    b"figcaption",
    b"pre",
    b"hr",
    b"br",
    b"address",
    b"body",
    b"details",
    b"summary",
    b"center",
    b"fieldset",
];

/// Elements whose text is not part of the release: code, navigation, page furniture.
const SKIPPED: [&[u8]; 20] = [
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"svg",
    b"nav",
    b"footer",
    b"header",
    b"aside",
    b"form",
    b"button",
    b"select",
    b"textarea",
    b"iframe",
    b"object",
    b"canvas",
    b"math",
    b"head",
    b"title",
    b"dialog",
];

/// Class or id words of page furniture that is not in a skipped element.
const FURNITURE: [&str; 10] = [
    "aural",
    "cookie",
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "breadcrumb",
    "share",
    "skip-link",
    "print-link",
    "related",
];

fn is_skipped(name: &[u8], attr: impl Fn(&str) -> Option<String>) -> bool {
    if SKIPPED.contains(&name) {
        return true;
    }
    if attr("hidden").is_some() || attr("aria-hidden").is_some_and(|v| v == "true") {
        return true;
    }
    if attr("role").is_some_and(|r| {
        matches!(
            r.as_str(),
            "navigation" | "banner" | "contentinfo" | "search" | "complementary"
        )
    }) {
        return true;
    }
    let marks = [attr("class"), attr("id")];
    marks.iter().flatten().any(|m| {
        let m = m.to_ascii_lowercase();
        FURNITURE.iter().any(|w| m.contains(w))
    })
}

struct Open {
    name: TagName,
}

#[derive(Default)]
struct Cur {
    kind: Option<BlockKind>,
    pieces: Vec<DraftPiece>,
    /// Indices of pieces that start a new table cell.
    cells: Vec<usize>,
    /// White space (or a line break) since the last text.
    space: bool,
    /// A table cell started since the last text.
    new_cell: bool,
}

struct Walker<'p> {
    src: &'p str,
    pos: &'p dyn Fn(usize) -> SourcePos,
    /// See [`blocks_mapped`].
    jumps: &'p [usize],
    /// The offset in `src` where text added to the last piece would stand if it followed on
    /// in the source; text that stands anywhere else gets a mark of its own position.
    next_at: Option<usize>,
    stack: Vec<Open>,
    /// Stack depth of the skipped element being walked through, if any.
    skip_from: Option<usize>,
    blocks: Vec<DraftBlock>,
    cur: Cur,
    /// The speaker of the quote being read, after "X said:".
    speaker: Option<Speaker>,
}

impl Walker<'_> {
    fn open(&self, name: &[u8]) -> bool {
        self.stack.iter().any(|o| o.name.as_slice() == name)
    }

    /// Whether text is inside a table row (the innermost of table and row is a row).
    fn in_row(&self) -> bool {
        self.stack
            .iter()
            .rev()
            .find(|o| matches!(o.name.as_slice(), b"tr" | b"table"))
            .is_some_and(|o| o.name.as_slice() == b"tr")
    }

    /// Closes open elements back to and including the innermost `name`, if it is open and
    /// no element in `fence` was opened after it.
    fn close_implied(&mut self, name: &[u8], fence: &[&[u8]]) {
        for i in (0..self.stack.len()).rev() {
            let n = self.stack[i].name.as_slice();
            if n == name {
                self.pop_to(i);
                return;
            }
            if fence.contains(&n) {
                return;
            }
        }
    }

    fn pop_to(&mut self, depth: usize) {
        self.stack.truncate(depth);
        if self.skip_from.is_some_and(|d| self.stack.len() <= d) {
            self.skip_from = None;
        }
    }

    fn start(&mut self, name: &[u8], self_closing: bool, skip: bool) {
        if self.skip_from.is_none() {
            match name {
                b"p" => self.close_implied(b"p", &[b"div", b"li", b"td", b"th", b"blockquote"]),
                b"li" => self.close_implied(b"li", &[b"ul", b"ol"]),
                b"tr" => self.close_implied(b"tr", &[b"table"]),
                b"td" | b"th" => {
                    self.close_implied(b"td", &[b"tr", b"table"]);
                    self.close_implied(b"th", &[b"tr", b"table"]);
                }
                _ => {}
            }
            self.boundary(name);
        }
        let void = VOID.contains(&name) || self_closing;
        if void {
            return;
        }
        if skip && self.skip_from.is_none() {
            self.skip_from = Some(self.stack.len());
        }
        self.stack.push(Open {
            name: TagName::new(name),
        });
    }

    fn end(&mut self, name: &[u8]) {
        if self.skip_from.is_none() {
            self.boundary(name);
        }
        if let Some(i) = self.stack.iter().rposition(|o| o.name.as_slice() == name) {
            self.pop_to(i);
        }
    }

    /// A tag that may end a block (or, in a table row, a cell).
    fn boundary(&mut self, name: &[u8]) {
        if matches!(name, b"td" | b"th") {
            self.cur.new_cell = true;
            return;
        }
        if !BLOCK.contains(&name) {
            return;
        }
        if self.in_row() && name != b"tr" && name != b"table" {
            self.cur.space = true;
            return;
        }
        self.flush();
    }

    fn text(&mut self, value: &[u8], start: usize, end: usize) {
        if self.skip_from.is_some() || self.open(b"head") {
            return;
        }
        let decoded = String::from_utf8_lossy(value);
        let raw = self.src.get(start..end).unwrap_or("");
        // Where each part of the decoded text stands in `src` (entities make them differ).
        let runs = text_runs(&decoded, raw, start);
        let mut at = 0;
        for (i, line) in decoded.split('\n').enumerate() {
            if i > 0 {
                self.cur.space = true;
            }
            self.words(&decoded, at, line.len(), &runs);
            at += line.len() + 1;
        }
    }

    /// One line (`decoded[from..from + len]`) of a text token: its words, collapsed to
    /// single spaces, each placed in the source where it does not follow on.
    fn words(&mut self, decoded: &str, from: usize, len: usize, runs: &[(usize, usize)]) {
        let line = decoded.get(from..from + len).unwrap_or("");
        if line.starts_with(char::is_whitespace) {
            self.cur.space = true;
        }
        let mut first = true;
        for w in line.split_whitespace() {
            let w_at = from + (w.as_ptr() as usize - line.as_ptr() as usize);
            if first {
                if self.cur.kind.is_none() {
                    self.cur.kind = Some(self.context_kind());
                }
                let cell = self.cur.new_cell && !self.cur.pieces.is_empty();
                // Text right after inline markup (`</abbr>’s`) joins the piece before it
                // without a space, with a mark of where it stands.
                let glued = !self.cur.space && !self.cur.new_cell && !self.cur.pieces.is_empty();
                if !glued {
                    if cell {
                        self.cur.cells.push(self.cur.pieces.len());
                    }
                    self.cur
                        .pieces
                        .push(DraftPiece::new(String::new(), SourcePos::default()));
                    self.next_at = None;
                }
                first = false;
            } else {
                if let Some(last) = self.cur.pieces.last_mut() {
                    last.text.push(' ');
                }
                // One space in the text stands for one in the source, or is marked anew.
                self.next_at = self.next_at.map(|n| n + 1);
            }
            self.add(decoded, w_at, w_at + w.len(), runs);
        }
        if first {
            if !line.is_empty() {
                self.cur.space = true;
            }
            return;
        }
        self.cur.new_cell = false;
        self.cur.space = line.ends_with(char::is_whitespace);
    }

    /// Adds `decoded[from..to]` to the last piece, split where it does not run on evenly in
    /// the source (an entity, a JSON escape), each part placed where it stands.
    fn add(&mut self, decoded: &str, from: usize, to: usize, runs: &[(usize, usize)]) {
        let mut x = from;
        while x < to {
            let i = runs.partition_point(|r| r.0 <= x).saturating_sub(1);
            let run_end = runs.get(i + 1).map_or(to, |r| r.0.clamp(x + 1, to));
            let at = source_of(runs, x);
            // A jump inside the part cuts it there too.
            let j = self.jumps.partition_point(|&j| j <= at);
            let mut end = run_end;
            if let Some(&jump) = self.jumps.get(j) {
                let cut = x + (jump - at);
                if cut < run_end && decoded.is_char_boundary(cut) {
                    end = cut;
                }
            }
            while end < to && !decoded.is_char_boundary(end) {
                end += 1;
            }
            let Some(part) = decoded.get(x..end) else {
                return;
            };
            let follows = self.next_at == Some(at) && self.jumps.binary_search(&at).is_err();
            if let Some(last) = self.cur.pieces.last_mut() {
                if last.text.is_empty() {
                    last.pos = (self.pos)(at);
                } else if !follows {
                    last.marks.push((last.text.len(), (self.pos)(at)));
                }
                last.text.push_str(part);
            }
            self.next_at = Some(at + part.len());
            x = end;
        }
    }

    /// What a block starting here is, from the innermost element that decides it.
    fn context_kind(&self) -> BlockKind {
        for o in self.stack.iter().rev() {
            match o.name.as_slice() {
                b"li" => return BlockKind::Bullet,
                b"tr" | b"td" | b"th" => return BlockKind::TableRow,
                b"blockquote" => return BlockKind::Quote,
                _ => {}
            }
        }
        BlockKind::Paragraph
    }

    fn flush(&mut self) {
        let cur = std::mem::take(&mut self.cur);
        let Some(kind) = cur.kind else {
            return;
        };
        let mut pieces = cur.pieces;
        let Some(first) = pieces.first() else {
            return;
        };
        let prev = self.blocks.last().map(|b| b.kind);
        let after_quote = matches!(prev, Some(BlockKind::Quote | BlockKind::QuoteIntro));
        let (kind, speaker) = match kind {
            BlockKind::TableRow => {
                // One line per row, cells apart by two spaces (as `split_cells` reads them).
                let mut row = DraftPiece::new(String::new(), first.pos);
                for (i, p) in pieces.iter().enumerate() {
                    if i > 0 {
                        row.text
                            .push_str(if cur.cells.contains(&i) { "  " } else { " " });
                        // Each cell keeps its place in the source.
                        row.marks.push((row.text.len(), p.pos));
                    }
                    let at = row.text.len();
                    row.marks
                        .extend(p.marks.iter().map(|&(o, pos)| (at + o, pos)));
                    row.text.push_str(&p.text);
                }
                pieces = vec![row];
                self.speaker = None;
                (BlockKind::TableRow, None)
            }
            BlockKind::Bullet => {
                self.speaker = None;
                (BlockKind::Bullet, None)
            }
            BlockKind::Quote => {
                let speaker = if after_quote {
                    self.speaker.clone()
                } else {
                    None
                };
                (BlockKind::Quote, speaker)
            }
            _ => {
                let text = joined(&pieces);
                if let Some(s) = parse_attribution(&text) {
                    self.speaker = Some(s.clone());
                    (BlockKind::QuoteIntro, Some(s))
                } else if self.speaker.is_some()
                    && after_quote
                    && !(prev == Some(BlockKind::Quote) && reads_as_narrative(&text))
                    && !text.ends_with(':')
                {
                    (BlockKind::Quote, self.speaker.clone())
                } else {
                    self.speaker = None;
                    (BlockKind::Paragraph, None)
                }
            }
        };
        self.blocks.push(DraftBlock {
            kind,
            pieces,
            speaker,
        });
    }
}

fn joined(pieces: &[DraftPiece]) -> String {
    let mut s = String::new();
    for p in pieces {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&p.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[DraftBlock]) -> Vec<(BlockKind, String)> {
        blocks.iter().map(|b| (b.kind, joined(&b.pieces))).collect()
    }

    // Sentences of GOV.UK's "Changes to student visa route will reduce net migration" (Home
    // Office, 23 May 2023, Open Government Licence v3.0; the bundled sample), in the markup
    // GOV.UK bodies use (govspeak: `p`, `blockquote`, `ul`).
    const BODY: &str = "<p>New government restrictions to student visa routes will substantially cut net migration.</p>\n\n<p>The ONS estimated that net migration was over 500,000 from June 2021 to June&nbsp;2022.</p>\n\n<p>Home Secretary Suella Braverman said:</p>\n\n<blockquote>\n  <p class=\"last-child\">The UK is a top destination for the brightest students.</p>\n</blockquote>\n\n<ul>\n  <li>removing the right for international students to bring dependants</li>\n  <li>removing the ability for international students to switch</li>\n</ul>\n";

    #[test]
    fn paragraphs_quotes_and_bullets_with_positions() {
        let blocks = html_blocks(BODY, SourcePos { line: 1, col: 0 });
        let t = texts(&blocks);
        assert_eq!(t.len(), 6, "{t:?}");
        assert_eq!(t[0].0, BlockKind::Paragraph);
        assert!(t[0].1.starts_with("New government restrictions"));
        // &nbsp; decoded, as a plain space.
        assert!(t[1].1.ends_with("June 2022."), "{}", t[1].1);
        assert_eq!(t[2].0, BlockKind::QuoteIntro);
        assert_eq!(
            blocks[2].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Suella Braverman")
        );
        assert_eq!(t[3].0, BlockKind::Quote);
        assert_eq!(
            blocks[3].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Suella Braverman")
        );
        assert_eq!(t[4].0, BlockKind::Bullet);
        assert_eq!(t[5].0, BlockKind::Bullet);
        // The first paragraph's text starts after "<p>" on line 1.
        assert_eq!(blocks[0].pieces[0].pos, SourcePos { line: 1, col: 3 });
        // The quote stands on line 8, after `  <p class="last-child">`.
        assert_eq!(blocks[3].pieces[0].pos, SourcePos { line: 8, col: 24 });
        // The base moves every position.
        let moved = html_blocks(BODY, SourcePos { line: 40, col: 10 });
        assert_eq!(moved[0].pieces[0].pos, SourcePos { line: 40, col: 13 });
        assert_eq!(moved[3].pieces[0].pos, SourcePos { line: 47, col: 24 });
    }

    #[test]
    fn inline_markup_joins_without_spaces_and_wrapped_lines_with_one() {
        let html = "<p>Funding of <strong>£5</strong>m for\n   <a href=\"/x\">local</a> councils &amp; police</p>";
        let blocks = html_blocks(html, SourcePos { line: 3, col: 0 });
        assert_eq!(
            texts(&blocks)[0].1,
            "Funding of £5m for local councils & police"
        );
        // "m" follows `</strong>`: a mark places it after the tag.
        let five = &blocks[0].pieces[1];
        assert_eq!(five.text, "£5m for");
        assert_eq!(five.pos, SourcePos { line: 3, col: 22 });
        assert_eq!(
            five.marks,
            vec![("£5".len(), SourcePos { line: 3, col: 33 })]
        );
        // "local" is on the second line, after the link's opening tag.
        let local = blocks[0]
            .pieces
            .iter()
            .find(|p| p.text.starts_with("local"));
        assert_eq!(local.map(|p| p.pos), Some(SourcePos { line: 4, col: 16 }));
    }

    /// Every piece of `blocks`, and every part after one of its marks, stands in `source` at
    /// its position: the words up to the first character a source may escape are there as
    /// they are, and an escaped character is where its escape starts.
    fn check_placed(blocks: &[DraftBlock], source: &str) -> usize {
        let lines: Vec<&str> = source.split('\n').collect();
        let mut checked = 0;
        for p in blocks.iter().flat_map(|b| &b.pieces) {
            let mut starts = vec![(0, p.pos)];
            starts.extend(p.marks.iter().copied());
            for (k, &(offset, pos)) in starts.iter().enumerate() {
                let end = starts.get(k + 1).map_or(p.text.len(), |m| m.0);
                let part = &p.text[offset..end];
                let plain: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '%' | ',' | '.'))
                    .take(12)
                    .collect();
                let line = lines.get(pos.line as usize - 1).copied().unwrap_or("");
                let there: String = line.chars().skip(pos.col as usize).take(12).collect();
                if plain.is_empty() {
                    let first = part.chars().next().unwrap_or(' ');
                    assert!(
                        there.starts_with(['&', '\\', first]),
                        "{part:?} at {pos:?}: {there:?}"
                    );
                } else {
                    assert!(there.starts_with(&plain), "{part:?} at {pos:?}: {there:?}");
                }
                checked += 1;
            }
        }
        checked
    }

    /// GOV.UK's body, in its JSON file: `<abbr>PHE</abbr>’s One You campaign is reaching out
    /// to the 83% ...` read "’s One You ..." (and so "83%") at the place of "PHE".
    #[test]
    fn text_after_inline_markup_stands_where_it_is_in_the_json() {
        use super::super::json_text::JsonText;
        let file = include_str!("../../../tests/fixtures/formats/govuk-press-release.json");
        let key = "\"body\": ";
        let at = file.find(key).expect("a body") + key.len();
        let len = file[at..].find("\",\n").expect("its end") + 1;
        let body = JsonText::decode(&file[at..at + len], at).expect("a string");
        let index = LineIndex::new(file);
        let blocks = blocks_mapped(
            &body.text,
            &|off| index.pos(body.source_offset(off)),
            &body.jumps(),
        );
        assert!(check_placed(&blocks, file) > 40);
        let piece = blocks
            .iter()
            .flat_map(|b| &b.pieces)
            .find(|p| p.text.starts_with("PHE’s One You"))
            .expect("the paragraph");
        let (offset, pos) = piece
            .marks
            .iter()
            .copied()
            .find(|m| piece.text[m.0..].starts_with('’'))
            .expect("a mark after </abbr>");
        assert_eq!(offset, "PHE".len());
        let line = file.split('\n').nth(pos.line as usize - 1).expect("line");
        let there: String = line.chars().skip(pos.col as usize).take(15).collect();
        assert_eq!(there, "’s One You camp");
    }

    /// feed-rs's Atom feed holds its release notes as escaped HTML (`&lt;p&gt;A range of
    /// maintenance work`): every word is placed past the escapes.
    #[test]
    fn escaped_feed_html_is_placed_past_its_escapes() {
        let file = include_str!("../../../tests/fixtures/formats/atom-feed-rs-releases.xml");
        let feed = atom_syndication::Feed::read_from(file.as_bytes()).expect("a feed");
        let html = feed.entries()[0]
            .content()
            .and_then(|c| c.value())
            .expect("content");
        let tag = "<content type=\"html\">";
        let from = file.find(tag).expect("content") + tag.len();
        let index = LineIndex::new(file);
        let blocks = escaped_html_blocks(html, file.as_bytes(), from, &|o| index.pos(o));
        assert!(check_placed(&blocks, file) >= 6);
        let first = &blocks[0].pieces[0];
        assert!(first.text.starts_with("A range of maintenance"));
        assert_eq!(first.pos, SourcePos { line: 13, col: 38 });
    }

    /// NASA's feed in its untidy copy holds the HTML escaped twice (`&amp;lt;p&amp;gt;More
    /// than three months`); read as the feed reader reads it (the XML's escapes, then the
    /// repair's), every word is placed past both.
    #[test]
    fn html_escaped_twice_in_a_feed_is_placed_past_both_escapes() {
        let file = include_str!("../../../tests/fixtures/formats/rss2-nasa-untidy.xml");
        let from = file.find("<Description>&amp;lt;p").expect("an item") + "<Description>".len();
        let len = file[from..].find("</Description>").expect("its end");
        let once = quick_xml::escape::unescape(&file[from..from + len]).expect("XML");
        let html = quick_xml::escape::unescape(&once).expect("escaped HTML");
        let index = LineIndex::new(file);
        let blocks = escaped_html_blocks(&html, file.as_bytes(), from, &|o| index.pos(o));
        assert!(check_placed(&blocks, file) >= 3);
        let first = &blocks[0].pieces[0];
        assert!(
            first.text.starts_with("More than three months"),
            "{}",
            first.text
        );
        let line = file
            .split('\n')
            .nth(first.pos.line as usize - 1)
            .expect("line");
        let there: String = line.chars().skip(first.pos.col as usize).take(9).collect();
        assert_eq!(there, "More than");
    }

    #[test]
    fn table_rows_and_skipped_furniture() {
        let html = "<script>var x = '<p>not text</p>';</script><nav><a>Home</a></nav>\
            <table><tr><th>Force</th><th>Funding</th></tr>\
            <tr><td><p>Derbyshire</p></td><td>£ 1,389,150.00</td></tr></table>\
            <div class=\"gem-c-cookie-banner\"><p>We use cookies</p></div><p>After</p>";
        let t = texts(&html_blocks(html, SourcePos { line: 1, col: 0 }));
        assert_eq!(
            t,
            vec![
                (BlockKind::TableRow, "Force  Funding".to_owned()),
                (BlockKind::TableRow, "Derbyshire  £ 1,389,150.00".to_owned()),
                (BlockKind::Paragraph, "After".to_owned()),
            ]
        );
    }

    #[test]
    fn unclosed_and_truncated_markup_still_reads() {
        let html = "<p>One<p>Two<ul><li>a<li>b</ul><p>Three <b>cut";
        let t = texts(&html_blocks(html, SourcePos { line: 1, col: 0 }));
        let words: Vec<&str> = t.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(words, vec!["One", "Two", "a", "b", "Three cut"]);
        assert_eq!(t[2].0, BlockKind::Bullet);
        assert!(html_blocks("", SourcePos::default()).is_empty());
        assert!(html_blocks("<p>  &nbsp; </p>", SourcePos::default()).is_empty());
    }
}
