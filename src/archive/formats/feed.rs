//! Feeds: RSS 2.0, RSS 0.9x, RSS 1.0 (RDF) and Atom 1.0, one release per item.
//!
//! The `rss` and `atom_syndication` crates read the structure. Around them, one pass over the
//! bytes (`scan`) repairs what real feeds get wrong and the crates reject or skip (element
//! names in the wrong case, Atom dates that are not RFC 3339), finds each item's line and
//! column, and keeps each item's date exactly as written: the crates turn dates into instants,
//! and a release issued at 00:38 +01:00 must stay on the day its source states.

use std::collections::HashMap;
use std::sync::Arc;

pub(crate) use super::feed_items::{FileReleases, Forget};
use super::html_body::{escaped_html_blocks, html_blocks};
use super::placed_text::{one_piece, placed_piece};
use super::plain_blocks::{clean, joined};
use super::stated_date::find_date;
use super::text_runs::{escaped_runs, source_of};
use crate::archive::draft::{DraftBlock, FileDraft, Format, ReleaseDraft, SourcePos};
use crate::archive::release::Kind;

/// Feeds larger than this are refused: the feed crates hold the whole document in memory,
/// and a feed this size is a mistake or an attack rather than a department's news.
pub(crate) const MAX_FEED_BYTES: usize = 256 * 1024 * 1024;

/// Element names the crates match exactly, in their proper case.
const CANONICAL: [&str; 58] = [
    "rss",
    "channel",
    "item",
    "title",
    "link",
    "description",
    "pubDate",
    "guid",
    "author",
    "category",
    "source",
    "comments",
    "enclosure",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "lastBuildDate",
    "generator",
    "docs",
    "ttl",
    "image",
    "url",
    "width",
    "height",
    "textInput",
    "skipHours",
    "skipDays",
    "hour",
    "day",
    "rating",
    "cloud",
    "rdf:RDF",
    "rdf:Seq",
    "rdf:li",
    "items",
    "dc:date",
    "dc:creator",
    "dc:subject",
    "dc:publisher",
    "dc:title",
    "dc:description",
    "dc:identifier",
    "content:encoded",
    "feed",
    "entry",
    "id",
    "updated",
    "published",
    "summary",
    "content",
    "name",
    "email",
    "uri",
    "subtitle",
    "rights",
    "contributor",
    "icon",
];

/// Whether the bytes are a feed: the first element is `rss`, `rdf:RDF` or `feed`.
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let Some(name) = first_element(head) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    name == b"rss" || name == b"feed" || name.ends_with(b":rdf")
}

/// The name of the first element, past the XML declaration, comments and doctype.
fn first_element(head: &[u8]) -> Option<&[u8]> {
    first_element_at(head).map(|(_, name)| name)
}

/// [`first_element`] and the offset where its name starts.
pub(super) fn first_element_at(head: &[u8]) -> Option<(usize, &[u8])> {
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &head[i..]) {
        let at = i + lt;
        let rest = &head[at + 1..];
        match rest.first() {
            Some(b'?') | Some(b'!') => {
                let end = if rest.starts_with(b"!--") {
                    memchr::memmem::find(rest, b"-->")? + 3
                } else {
                    memchr::memchr(b'>', rest)? + 1
                };
                i = at + 1 + end;
            }
            Some(_) => {
                let len = rest
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                    .unwrap_or(rest.len());
                return Some((at + 1, &rest[..len]));
            }
            None => return None,
        }
    }
    None
}

/// Byte offsets to positions, for bytes that may not be UTF-8 (ISO-8859-1 feeds).
pub(super) struct ByteLines {
    /// Where each line starts; shared by the threads that read one feed's items.
    starts: Arc<[usize]>,
    /// The last position asked for (line index, offset, column): offsets come in order, so
    /// columns are counted on from there rather than from the line's start (a feed written
    /// on one line would otherwise cost the square of its length).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl ByteLines {
    fn new(bytes: &[u8]) -> ByteLines {
        ByteLines::with_starts(ByteLines::line_starts(bytes))
    }

    /// Where each line of `bytes` starts.
    pub(super) fn line_starts(bytes: &[u8]) -> Arc<[usize]> {
        let mut starts = Vec::with_capacity(bytes.len() / 60 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        starts.into()
    }

    /// Positions from lines already found (each thread keeps its own place in them).
    pub(super) fn with_starts(starts: Arc<[usize]>) -> ByteLines {
        ByteLines {
            starts,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    fn pos(&self, bytes: &[u8], offset: usize) -> SourcePos {
        let offset = offset.min(bytes.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let (last_line, last_offset, last_col) = self.last.get();
        let (from, base) = if last_line == line && last_offset <= offset && last_offset >= start {
            (last_offset, last_col)
        } else {
            (start, 0)
        };
        // Characters, not bytes: count the bytes that start a UTF-8 character.
        let col = base
            + bytes[from..offset]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count();
        self.last.set((line, offset, col));
        SourcePos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }
}

/// What the scan found of one item: where it and its parts start, and its dates as written.
#[derive(Debug, Default)]
pub(super) struct ItemScan {
    pub(super) start: usize,
    /// Just past the tag that closes the item, where the scan saw one.
    pub(super) end: Option<usize>,
    /// How many elements are open around the item (2 for an RSS 2.0 item in its channel).
    pub(super) depth: usize,
    /// Byte offset where each element's content starts (first occurrence), by lower-case name.
    content_at: HashMap<String, usize>,
    /// `(lower-case element name, text)` of date elements.
    dates: Vec<(String, String)>,
}

/// The scan's result: the bytes to hand to the crate (repaired where needed) and the items.
pub(super) struct Scan {
    pub(super) repaired: Option<Vec<u8>>,
    pub(super) items: Vec<ItemScan>,
    /// How many element names were put in their proper case.
    recased: usize,
}

const DATE_ELEMENTS: [&str; 5] = [
    "pubdate",
    "dc:date",
    "published",
    "updated",
    "dcterms:issued",
];
const CONTENT_ELEMENTS: [&str; 5] = [
    "title",
    "description",
    "content:encoded",
    "content",
    "summary",
];

/// One pass over the feed's tags: positions, raw dates and case repairs. Comments, CDATA
/// sections and processing instructions are stepped over whole.
fn scan(bytes: &[u8], atom: bool) -> Scan {
    let canonical: HashMap<Vec<u8>, &str> = CANONICAL
        .iter()
        .map(|c| (c.to_ascii_lowercase().into_bytes(), *c))
        .collect();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut recased = 0;
    let mut items: Vec<ItemScan> = Vec::new();
    let mut in_item = false;
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + lt;
        let rest = &bytes[at..];
        let skip_to = |end: &[u8]| memchr::memmem::find(rest, end).map(|e| at + e + end.len());
        let next = if rest.starts_with(b"<!--") {
            skip_to(b"-->")
        } else if rest.starts_with(b"<![CDATA[") {
            skip_to(b"]]>")
        } else if rest.starts_with(b"<?") {
            skip_to(b"?>")
        } else if rest.starts_with(b"<!") {
            skip_to(b">")
        } else {
            None
        };
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            match next {
                Some(n) => {
                    i = n;
                    continue;
                }
                None => break,
            }
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
            .unwrap_or(bytes.len() - name_start);
        let name = &bytes[name_start..name_start + name_len];
        let tag_end = tag_end(bytes, name_start + name_len);
        let around = depth;
        if closing {
            depth = depth.saturating_sub(1);
        } else if tag_end.is_some_and(|e| bytes.get(e - 2) != Some(&b'/')) {
            depth += 1;
        }
        let lower = name.to_ascii_lowercase();
        if let Some(proper) = canonical.get(&lower) {
            if name != proper.as_bytes() {
                let buf = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
                buf.extend_from_slice(&bytes[copied..name_start]);
                buf.extend_from_slice(proper.as_bytes());
                copied = name_start + name_len;
                recased += 1;
            }
        }
        let local = lower.rsplit(|b| *b == b':').next().unwrap_or(&lower);
        let is_item = local == b"item" || (atom && local == b"entry");
        if is_item && !closing {
            items.push(ItemScan {
                start: at,
                depth: around,
                ..ItemScan::default()
            });
            in_item = true;
        } else if is_item && closing {
            if in_item {
                if let Some(item) = items.last_mut() {
                    item.end = tag_end;
                }
            }
            in_item = false;
        } else if in_item && !closing && tag_end.is_some_and(|e| bytes.get(e - 2) != Some(&b'/')) {
            let Ok(lname) = std::str::from_utf8(&lower) else {
                i = tag_end.unwrap_or(bytes.len());
                continue;
            };
            if let (Some(item), Some(end)) = (items.last_mut(), tag_end) {
                if CONTENT_ELEMENTS.contains(&lname) || DATE_ELEMENTS.contains(&lname) {
                    item.content_at.entry(lname.to_owned()).or_insert(end);
                }
                if DATE_ELEMENTS.contains(&lname) {
                    item.dates
                        .push((lname.to_owned(), element_text(&bytes[end..])));
                    if atom && (lname == "published" || lname == "updated") {
                        // atom_syndication refuses a whole feed over one date it cannot
                        // parse; the date is read here, so the crate gets a valid one.
                        let text_end = memchr::memchr(b'<', &bytes[end..]).map(|e| end + e);
                        if let Some(te) = text_end {
                            let raw = &bytes[end..te];
                            if !is_rfc3339(raw) {
                                let buf =
                                    out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
                                buf.extend_from_slice(&bytes[copied..end]);
                                buf.extend_from_slice(b"1970-01-01T00:00:00Z");
                                copied = te;
                            }
                        }
                    }
                }
            }
        }
        i = tag_end.unwrap_or(bytes.len());
        if tag_end.is_none() {
            break;
        }
    }
    let repaired = out.map(|mut buf| {
        buf.extend_from_slice(&bytes[copied..]);
        buf
    });
    Scan {
        repaired,
        items,
        recased,
    }
}

/// The offset just past the `>` that ends a tag, stepping over quoted attribute values.
pub(super) fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes.get(from..)?.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(from + k + 1),
            None => {}
        }
    }
    None
}

/// An element's text up to the next tag, CDATA unwrapped, entities left as they are (dates
/// hold none worth decoding).
fn element_text(rest: &[u8]) -> String {
    let rest = trim_ascii_start(rest);
    let body = if let Some(inner) = rest.strip_prefix(b"<![CDATA[") {
        let end = memchr::memmem::find(inner, b"]]>").unwrap_or(inner.len());
        &inner[..end]
    } else {
        let end = memchr::memchr(b'<', rest).unwrap_or(rest.len());
        &rest[..end]
    };
    String::from_utf8_lossy(body).trim().to_owned()
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// `2005-07-31T12:29:29Z`, `2020-01-19T16:08:59+11:00`, with optional fractions.
fn is_rfc3339(raw: &[u8]) -> bool {
    let s = String::from_utf8_lossy(raw);
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b't' || b[10] == b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19))
    {
        return false;
    }
    let mut k = 19;
    if b.get(k) == Some(&b'.') {
        k += 1;
        while b.get(k).is_some_and(u8::is_ascii_digit) {
            k += 1;
        }
    }
    match b.get(k) {
        Some(b'Z') | Some(b'z') => k + 1 == b.len(),
        Some(b'+') | Some(b'-') => {
            k + 6 == b.len() && digits(k + 1..k + 3) && b[k + 3] == b':' && digits(k + 4..k + 6)
        }
        _ => false,
    }
}

/// HTML descriptions some feeds escape twice (`&amp;lt;p&amp;gt;`): after the XML layer is
/// decoded they still read `&lt;p&gt;`, with no real tag in them. Undo the second layer.
fn unescape_twice_escaped(html: &str) -> std::borrow::Cow<'_, str> {
    let escaped_tag = html.contains("&lt;") && (html.contains("&gt;") || html.contains("&lt;/"));
    if !escaped_tag || html.contains('<') {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (rep, len) = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&apos;", '\''),
            ("&amp;", '&'),
        ]
        .iter()
        .find(|(e, _)| tail.starts_with(e))
        .map(|(e, c)| (*c, e.len()))
        .unwrap_or(('&', 1));
        out.push(rep);
        rest = &tail[len..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Text that may hold markup or entities (a title, an author) as plain words.
fn plain(html: &str, pos: SourcePos) -> String {
    let html = unescape_twice_escaped(html);
    if !html.contains(['<', '&']) {
        return clean(&html);
    }
    let blocks = html_blocks(&html, pos);
    let words: Vec<String> = blocks.iter().map(|b| joined(&b.pieces)).collect();
    clean(&words.join(" "))
}

/// The organisation a GOV.UK feed is of: "Home Office - Activity on GOV.UK" -> "Home Office".
fn govuk_organisation(title: &str) -> Option<String> {
    let t = title
        .trim()
        .strip_suffix(" - Activity on GOV.UK")?
        .trim_end();
    (!t.is_empty()).then(|| t.to_owned())
}

/// "Home Office - Activity on GOV.UK" -> "Home Office".
fn organisation_from_title(title: &str) -> Option<String> {
    let mut t = title.trim();
    for suffix in [
        " - Activity on GOV.UK",
        " - GOV.UK",
        " RSS Feed",
        " RSS feed",
    ] {
        if let Some(head) = t.strip_suffix(suffix) {
            t = head.trim_end();
        }
    }
    (!t.is_empty()).then(|| t.to_owned())
}

/// One item as both crates hand it over, before it becomes a draft.
pub(super) struct Item<'a> {
    title: Option<&'a str>,
    title_is_html: bool,
    link: Option<&'a str>,
    id: Option<&'a str>,
    body: Option<&'a str>,
    body_is_html: bool,
    body_element: &'static str,
    categories: Vec<&'a str>,
    author: Option<&'a str>,
}

/// Reads a feed.
pub(crate) fn read(bytes: &[u8]) -> Result<FileDraft, String> {
    let (atom, scan) = prepare(bytes)?;
    read_whole(bytes, atom, &scan)
}

/// Reads a feed into releases: item by item on every core where it can be, else the whole
/// document at once as [`read`] does. The releases and warnings are the same either way.
/// `forget` is told of the bytes whose items are releases already.
pub(crate) fn read_releases(bytes: &[u8], forget: Forget<'_>) -> Result<FileReleases, String> {
    let (atom, scan) = prepare(bytes)?;
    if let Some(read) = super::feed_items::read_by_item(bytes, atom, &scan, forget) {
        return Ok(read);
    }
    let draft = read_whole(bytes, atom, &scan)?;
    let format = draft.format;
    let releases = draft
        .releases
        .into_iter()
        .map(|d| d.into_release(0, format))
        .collect();
    Ok((releases, draft.warnings))
}

/// Refuses a feed too large to read; whether it is Atom, and the scan of its tags.
pub(super) fn prepare(bytes: &[u8]) -> Result<(bool, Scan), String> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(format!(
            "this feed is {} MB; feeds over {} MB are not read (a department's feed is rarely over a few MB: split it, or check it is the file you meant)",
            bytes.len() / (1024 * 1024),
            MAX_FEED_BYTES / (1024 * 1024)
        ));
    }
    let root = first_element(bytes)
        .map(<[u8]>::to_ascii_lowercase)
        .ok_or_else(|| "this is not a feed: no XML element was found".to_owned())?;
    let atom = root == b"feed";
    Ok((atom, scan(bytes, atom)))
}

/// An Atom feed's title and the organisation it names.
pub(super) fn atom_head(feed: &atom_syndication::Feed) -> (String, Option<String>) {
    let feed_title = plain(&feed.title().value, SourcePos::default());
    let feed_author = feed.authors().first().map(|p| p.name().to_owned());
    // A GOV.UK feed's title names the organisation better than its author ("HM Government").
    let org = govuk_organisation(&feed_title)
        .or(feed_author)
        .or_else(|| organisation_from_title(&feed_title));
    (feed_title, org)
}

/// An RSS channel's title and the organisation it names.
pub(super) fn rss_head(channel: &rss::Channel) -> (String, Option<String>) {
    let feed_title = plain(channel.title(), SourcePos::default());
    let publisher = channel
        .dublin_core_ext()
        .and_then(|dc| dc.publishers().first().cloned());
    let org = publisher.or_else(|| organisation_from_title(&feed_title));
    (feed_title, org)
}

/// The whole document handed to the feed crate at once (with the scan's repairs).
fn read_whole(bytes: &[u8], atom: bool, scan: &Scan) -> Result<FileDraft, String> {
    let xml: &[u8] = scan.repaired.as_deref().unwrap_or(bytes);
    let lines = ByteLines::new(bytes);
    let mut warnings = Vec::new();
    if scan.recased > 0 {
        warnings.push((
            1,
            format!(
                "{} element names were in the wrong case (such as <Item> for <item>) and were read as if written properly",
                scan.recased
            ),
        ));
    }
    let ctx = Context {
        bytes,
        lines: &lines,
        scans: &scan.items,
        org: None,
    };
    // Items are turned into drafts one by one and dropped as they go, so the parsed feed and
    // all its drafts are not held at once.
    let (format, feed_title, drafts) = if atom {
        let mut feed =
            atom_syndication::Feed::read_from(xml).map_err(|e| feed_error(&e.to_string()))?;
        let (feed_title, org) = atom_head(&feed);
        let ctx = Context { org, ..ctx };
        let entries = std::mem::take(&mut feed.entries);
        let mut drafts = Vec::with_capacity(entries.len());
        for (n, entry) in entries.into_iter().enumerate() {
            drafts.push(ctx.draft(n, &atom_item(&entry), &mut warnings));
        }
        (Format::Atom, feed_title, drafts)
    } else {
        let channel = rss::Channel::read_from(xml).map_err(|e| feed_error(&e.to_string()))?;
        let (feed_title, org) = rss_head(&channel);
        let ctx = Context { org, ..ctx };
        let items = channel.into_items();
        let mut drafts = Vec::with_capacity(items.len());
        for (n, item) in items.into_iter().enumerate() {
            drafts.push(ctx.draft(n, &rss_item(&item), &mut warnings));
        }
        (Format::Rss, feed_title, drafts)
    };
    if drafts.is_empty() {
        let what = if feed_title.is_empty() {
            "the feed".to_owned()
        } else {
            format!("the feed \"{feed_title}\"")
        };
        warnings.push((1, format!("{what} has no items")));
    }
    Ok(FileDraft {
        format,
        releases: drafts,
        warnings,
    })
}

fn feed_error(detail: &str) -> String {
    format!("the feed could not be read: {detail} (the file may be cut short or not be well-formed XML)")
}

pub(super) fn rss_item(item: &rss::Item) -> Item<'_> {
    let dc = item.dublin_core_ext();
    let creator = dc.and_then(|d| d.creators().first().map(String::as_str));
    // `content:encoded` holds the full text where a feed has both.
    let (body, element) = match (item.content(), item.description()) {
        (Some(c), Some(d)) if c.len() >= d.len() => (Some(c), "content:encoded"),
        (Some(c), None) => (Some(c), "content:encoded"),
        (_, Some(d)) => (Some(d), "description"),
        (None, None) => (None, "description"),
    };
    Item {
        title: item.title(),
        title_is_html: true,
        link: item.link(),
        id: item.guid().map(|g| g.value()),
        body,
        body_is_html: true,
        body_element: element,
        categories: item.categories().iter().map(|c| c.name()).collect(),
        author: creator.or(item.author()),
    }
}

pub(super) fn atom_item(entry: &atom_syndication::Entry) -> Item<'_> {
    use atom_syndication::TextType;
    let link = entry
        .links()
        .iter()
        .find(|l| l.rel() == "alternate")
        .or_else(|| entry.links().first())
        .map(|l| l.href());
    let content = entry.content().and_then(|c| {
        c.value().map(|v| {
            let html = !matches!(c.content_type(), Some("text") | Some("text/plain"));
            (v, html)
        })
    });
    let (body, body_is_html, element) = match (content, entry.summary()) {
        (Some((v, html)), _) => (Some(v), html, "content"),
        (None, Some(s)) => (
            Some(s.value.as_str()),
            s.r#type != TextType::Text,
            "summary",
        ),
        (None, None) => (None, false, "content"),
    };
    Item {
        title: Some(entry.title().value.as_str()),
        title_is_html: entry.title().r#type != TextType::Text,
        link,
        id: Some(entry.id()),
        body,
        body_is_html,
        body_element: element,
        categories: entry
            .categories()
            .iter()
            .map(|c| c.label().unwrap_or(c.term()))
            .collect(),
        author: entry.authors().first().map(|p| p.name()),
    }
}

/// What every item of a feed shares while it becomes a draft.
pub(super) struct Context<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) lines: &'a ByteLines,
    pub(super) scans: &'a [ItemScan],
    /// The organisation the feed names, for items that name none.
    pub(super) org: Option<String>,
}

impl Context<'_> {
    /// Item `n` as a draft, with its position and its date as the scan read it.
    pub(super) fn draft(
        &self,
        n: usize,
        item: &Item<'_>,
        warnings: &mut Vec<(u32, String)>,
    ) -> ReleaseDraft {
        let empty = ItemScan::default();
        let scan = self.scans.get(n).unwrap_or(&empty);
        let at = |name: &str| {
            scan.content_at
                .get(name)
                .map(|&o| self.lines.pos(self.bytes, o))
                .unwrap_or_else(|| self.lines.pos(self.bytes, scan.start))
        };
        let start = self.lines.pos(self.bytes, scan.start);
        let mut title_pos = at("title");
        let body_pos = at(item.body_element);
        let body_at = scan.content_at.get(item.body_element).copied();
        let mut blocks: Vec<DraftBlock> = match (item.body, body_at) {
            // Placed past the XML escapes (`&lt;p&gt;`, `&amp;lt;p&amp;gt;`, CDATA).
            (Some(b), Some(from)) if item.body_is_html => {
                escaped_html_blocks(&unescape_twice_escaped(b), self.bytes, from, &|o| {
                    self.lines.pos(self.bytes, o)
                })
            }
            (Some(b), None) if item.body_is_html => {
                html_blocks(&unescape_twice_escaped(b), body_pos)
            }
            (Some(b), _) => text_blocks(b, body_pos),
            (None, _) => Vec::new(),
        };
        blocks.retain(|b| !b.pieces.is_empty());
        let mut title_marks = Vec::new();
        let mut title = match item.title {
            Some(t) => {
                let title = if item.title_is_html {
                    plain(t, title_pos)
                } else {
                    clean(t)
                };
                // Placed past the XML escapes, CDATA and markup around its words.
                if let Some(&from) = scan.content_at.get("title") {
                    let pos = |o: usize| self.lines.pos(self.bytes, o);
                    let placed = if item.title_is_html {
                        let html = unescape_twice_escaped(t);
                        one_piece(&escaped_html_blocks(&html, self.bytes, from, &pos))
                    } else {
                        let source = self.bytes.get(from..).unwrap_or_default();
                        let runs = escaped_runs(t, source, from);
                        placed_piece(t, &|i| source_of(&runs, i), &pos)
                    };
                    if placed.text == title {
                        title_pos = placed.pos;
                        title_marks = placed.marks;
                    }
                }
                title
            }
            None => String::new(),
        };
        if title.is_empty() {
            // RSS allows an item with a description only: its opening words stand in.
            let first = blocks
                .first()
                .map(|b| joined(&b.pieces))
                .unwrap_or_default();
            title = first.chars().take(100).collect();
            warnings.push((
                start.line,
                "a feed item has no title; its first words stand in".to_owned(),
            ));
            if title.is_empty() {
                title = "(untitled)".to_owned();
            }
        }
        // The publication date before the date of the last change.
        let dated = [
            "published",
            "pubdate",
            "dc:date",
            "dcterms:issued",
            "updated",
        ]
        .iter()
        .flat_map(|want| scan.dates.iter().filter(move |(name, _)| name == want))
        .find_map(|(name, raw)| Some((find_date(raw)?, name.as_str())));
        let date = dated.map(|(d, _)| d);
        // Where the date element's text starts (its first occurrence in the item).
        let date_pos = dated
            .and_then(|(_, name)| scan.content_at.get(name))
            .map(|&o| {
                let lead = self
                    .bytes
                    .get(o..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                self.lines.pos(self.bytes, o + lead)
            });
        if date.is_none() {
            let message = match scan.dates.first() {
                Some((_, raw)) if !raw.is_empty() => {
                    format!("the date \"{raw}\" of the item \"{title}\" could not be read; the release is undated")
                }
                _ => format!("the item \"{title}\" has no date; the release is undated"),
            };
            warnings.push((start.line, message));
        }
        let kind = item
            .categories
            .iter()
            .find_map(|c| Kind::from_words(&c.replace(['_', '-'], " ")))
            .unwrap_or(Kind::PressRelease);
        let department = item
            .author
            .map(|a| plain(a, start))
            .map(|a| person_of_email(&a))
            .filter(|a| !a.is_empty())
            .or_else(|| self.org.clone());
        ReleaseDraft {
            title,
            title_pos,
            title_marks,
            kind: Some(kind),
            date,
            date_pos,
            department,
            url: item
                .link
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty()),
            source_id: item
                .id
                .map(|g| g.trim().to_owned())
                .filter(|g| !g.is_empty()),
            blocks,
            line: start.line,
        }
    }
}

/// RSS `<author>` is an address, often with the name in brackets: "press@x.gov (Press Office)".
fn person_of_email(author: &str) -> String {
    if let (Some(open), Some(close)) = (author.find('('), author.rfind(')')) {
        if open < close && author[..open].contains('@') {
            return clean(&author[open + 1..close]);
        }
    }
    author.to_owned()
}

/// Plain-text content (Atom `type="text"`): paragraphs at blank lines.
fn text_blocks(text: &str, pos: SourcePos) -> Vec<DraftBlock> {
    let mut b = super::plain_blocks::BlockBuilder::new();
    for para in text.split("\n\n") {
        b.paragraph(super::plain_blocks::piece(para, pos).into_iter().collect());
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_a_feed_from_its_first_element() {
        assert!(sniff(
            b"<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">"
        ));
        assert!(sniff(b"<rdf:RDF xmlns:rdf=\"x\">"));
        assert!(sniff(
            b"\xef\xbb\xbf<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(!sniff(b"<!DOCTYPE html><html>"));
        assert!(!sniff(b"Plain text"));
    }

    #[test]
    fn twice_escaped_html_is_unescaped_once_more() {
        assert_eq!(
            unescape_twice_escaped("&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;"),
            "<p>Fish &amp; chips</p>"
        );
        assert_eq!(unescape_twice_escaped("<p>a &lt; b</p>"), "<p>a &lt; b</p>");
    }

    #[test]
    fn positions_are_the_same_in_any_order_of_asking() {
        let bytes =
            "<rss>\n  <item>é<title>a</title></item><item><title>b</title>\n</rss>".as_bytes();
        let lines = ByteLines::new(bytes);
        let offsets = [40, 3, 17, 30, 12, 0, 60, 45];
        let asked: Vec<SourcePos> = offsets.iter().map(|&o| lines.pos(bytes, o)).collect();
        let fresh: Vec<SourcePos> = offsets
            .iter()
            .map(|&o| ByteLines::new(bytes).pos(bytes, o))
            .collect();
        assert_eq!(asked, fresh);
        assert_eq!(
            fresh[2],
            SourcePos { line: 2, col: 10 },
            "é is one character"
        );
    }

    #[test]
    fn rfc3339_is_told_from_other_dates() {
        assert!(is_rfc3339(b"2020-01-19T16:08:59+11:00"));
        assert!(is_rfc3339(b"2009-08-31T18:55:12.569Z"));
        assert!(!is_rfc3339(b"Monday, April 15, 2013 - 2:23pm"));
        assert!(!is_rfc3339(b"2013-04-15"));
    }
}
