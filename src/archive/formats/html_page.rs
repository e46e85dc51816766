//! A saved web page (GOV.UK news pages, the European Parliament's press releases, any other
//! site): the title from the page's heading, the date from JSON-LD `datePublished`, the
//! article meta tags, `<time datetime>` or the visible dateline, the organisation from the
//! page's metadata, and the body from the article (GOV.UK's `govspeak`, `<article>`,
//! `<main>`), without navigation, cookie banners, scripts or footers. Pages that are not
//! releases (a bot check, "access denied", an empty page, an index of links) give a warning.

use std::collections::HashMap;

use super::govuk_json::kind_of;
use super::html_body::blocks_with;
use super::html_tokens::{for_each_token, TagName, Tok};
use super::line_index::LineIndex;
use super::placed_text::placed_piece;
use super::stated_date::{date_in_line, iso_date};
use super::text_runs::{source_of, text_runs};
use crate::archive::{
    DraftBlock, DraftPiece, FileDraft, Format, Kind, PartialDate, ReleaseDraft, SourcePos,
};

/// Whether text looks like an HTML page (checked on its first few kilobytes).
pub(crate) fn looks_like(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    let lower: String = t.chars().take(512).collect::<String>().to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<head")
        || lower.starts_with("<body")
        || (lower.starts_with("<!--") && lower.contains("<html"))
        || (lower.starts_with("<meta") && lower.contains("charset"))
}

/// Text in the page that names what it is when it is not a release.
const NOT_A_RELEASE: [&str; 12] = [
    "just a moment",
    "attention required",
    "access denied",
    "are you a robot",
    "are you human",
    "verify you are human",
    "captcha",
    "403 forbidden",
    "404 not found",
    "page not found",
    "request blocked",
    "robot check",
];

/// Where one element of interest stands: the text between its tags.
#[derive(Default, Clone, Copy)]
struct Region {
    depth: Option<usize>,
    start: usize,
    end: Option<usize>,
}

/// The text of one element of interest, with where it starts.
#[derive(Default)]
struct Capture {
    depth: Option<usize>,
    text: String,
    at: Option<usize>,
    /// Where each part of `text` stands in the page (see [`text_runs`]): entities and the
    /// markup between text tokens make the two differ.
    runs: Vec<(usize, usize)>,
    done: bool,
}

impl Capture {
    fn open(&mut self, depth: usize) {
        if !self.done && self.depth.is_none() {
            self.depth = Some(depth);
        }
    }

    /// Text `s` decoded from `raw`, which starts at byte `at` of the page.
    fn text(&mut self, s: &str, raw: &str, at: usize) {
        if self.depth.is_some() && !self.done {
            if self.at.is_none() && !s.trim().is_empty() {
                self.at = Some(at + (s.len() - s.trim_start().len()));
            }
            let base = self.text.len();
            self.runs.extend(
                text_runs(s, raw, at)
                    .into_iter()
                    .map(|(d, o)| (base + d, o)),
            );
            self.text.push_str(s);
        }
    }

    /// The text, white space collapsed, placed in the page (`pos` of a byte offset).
    fn placed(&self, pos: &dyn Fn(usize) -> SourcePos) -> DraftPiece {
        placed_piece(&self.text, &|i| source_of(&self.runs, i), pos)
    }

    fn close(&mut self, depth: usize) {
        if self.depth.is_some_and(|d| depth <= d) {
            self.depth = None;
            self.done = !self.text.trim().is_empty();
            if !self.done {
                self.text.clear();
                self.runs.clear();
                self.at = None;
            }
        }
    }

    fn value(&self) -> Option<String> {
        let t = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!t.is_empty()).then_some(t)
    }
}

/// What one pass over the page found.
#[derive(Default)]
struct Scan {
    metas: HashMap<String, String>,
    /// Where each meta tag of `metas` starts in the page.
    meta_at: HashMap<String, usize>,
    canonical: Option<String>,
    json_ld: Vec<String>,
    /// Where the JSON-LD scripts start.
    json_ld_at: Vec<usize>,
    title: Capture,
    h1: Capture,
    /// Every visible top heading: its text, where its text starts, and the heading's
    /// capture (to place its words).
    h1s: Vec<(String, usize, Capture)>,
    /// GOV.UK's "Press release" above the title.
    context: Capture,
    /// GOV.UK's metadata: "From: Home Office", "Published 23 May 2023".
    from: Capture,
    published: Capture,
    /// The organisation links after a "From:" term (GOV.UK's 2014 pages: "From: Home Office
    /// and The Rt Hon Norman Baker MP", where only the first is an organisation), in order.
    orgs: Vec<String>,
    org: Capture,
    /// The date value (`title` or `datetime`) of the first `<abbr>` or `<time>` after a
    /// "Published:" term, and where its tag starts.
    published_term: Option<(String, usize)>,
    /// The first `<time datetime>`'s value and where its tag starts.
    time: Option<(String, usize)>,
    govspeak: Region,
    article: Region,
    main: Region,
    content: Region,
    body: Region,
    /// Every run of visible text: where it starts, its length, whether it is a link's.
    runs: Vec<(usize, u32, bool)>,
    /// Where each link starts.
    links: Vec<usize>,
}

const VOID: [&[u8]; 14] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// One pass over the page's tokens (see [`for_each_token`]): what the page says about itself
/// and where its parts stand.
fn scan(html: &str) -> Scan {
    let mut s = Scan::default();
    let mut stack: Vec<TagName> = Vec::new();
    let mut in_script_ld = false;
    let mut skip: Option<usize> = None;
    let mut in_link: Option<usize> = None;
    let mut after_from_term = false;
    let mut after_published_term = false;
    // Inside a document's attachment (its title, file type and accessibility notice), whose
    // `govspeak` is not the article's.
    let mut in_attachment: Option<usize> = None;
    for_each_token(html, |token| match token {
        Tok::Start {
            name,
            attrs,
            self_closing,
            start: tag_start,
            end: tag_end,
        } => {
            let depth = stack.len();
            let class = attrs.text("class").unwrap_or_default();
            let attr = |k: &str| attrs.text(k).map(|v| v.into_owned());
            let words = |w: &str| class.split_whitespace().any(|c| c == w);
            if after_published_term
                && s.published_term.is_none()
                && matches!(name, b"abbr" | b"time")
            {
                s.published_term = attr("datetime")
                    .or_else(|| attr("title"))
                    .map(|v| (v, tag_start));
            }
            match name {
                b"meta" => {
                    let key = attrs
                        .text("name")
                        .or_else(|| attrs.text("property"))
                        .or_else(|| attrs.text("itemprop"));
                    if let (Some(k), Some(v)) = (key, attr("content")) {
                        let k = k.to_ascii_lowercase();
                        s.meta_at.entry(k.clone()).or_insert(tag_start);
                        s.metas.entry(k).or_insert(v);
                    }
                }
                b"link" => {
                    let rel = attrs.text("rel").unwrap_or_default();
                    if rel.eq_ignore_ascii_case("canonical") && s.canonical.is_none() {
                        s.canonical = attr("href");
                    }
                }
                b"script" => {
                    let ty = attrs.text("type").unwrap_or_default();
                    in_script_ld = ty.eq_ignore_ascii_case("application/ld+json");
                    if in_script_ld {
                        s.json_ld.push(String::new());
                        s.json_ld_at.push(tag_end);
                    }
                }
                b"title" if skip.is_none() => s.title.open(depth),
                b"h1" if skip.is_none() && !is_hidden_class(&class) => s.h1.open(depth),
                b"time" if s.time.is_none() => s.time = attr("datetime").map(|v| (v, tag_start)),
                b"dt" => {
                    after_from_term = false;
                    after_published_term = false;
                }
                b"a" => {
                    s.links.push(tag_start);
                    in_link = Some(depth);
                    if after_from_term && skip.is_none() && words("organisation-link") {
                        s.org = Capture::default();
                        s.org.open(depth);
                    }
                }
                b"body" if s.body.depth.is_none() => {
                    s.body = Region {
                        depth: Some(depth),
                        start: tag_end,
                        end: None,
                    }
                }
                _ => {}
            }
            let open = |r: &mut Region| {
                if r.depth.is_none() && r.end.is_none() {
                    *r = Region {
                        depth: Some(depth),
                        start: tag_end,
                        end: None,
                    };
                }
            };
            if in_attachment.is_none()
                && !(VOID.contains(&name) || self_closing)
                && class
                    .split_whitespace()
                    .any(|c| c.starts_with("attachment"))
            {
                in_attachment = Some(depth);
            }
            if in_attachment.is_none()
                && class.split_whitespace().any(|c| {
                    c.contains("govspeak")
                        || matches!(
                            c,
                            "entry-content" | "post-body" | "article-body" | "story-body"
                        )
                })
            {
                open(&mut s.govspeak);
            }
            if name == b"article" {
                open(&mut s.article);
            }
            if name == b"main" || attrs.get("role") == Some(b"main") {
                open(&mut s.main);
            }
            if matches!(attrs.get("id"), Some(b"content" | b"main-content")) {
                open(&mut s.content);
            }
            // GOV.UK's "Press release" (today), `<p class="type">Policy paper</p>` (2014).
            if class.contains("gem-c-title__context") || (name == b"p" && words("type")) {
                s.context.open(depth);
            }
            if class.contains("gem-c-metadata__term") {
                after_from_term = false;
            }
            if class.contains("gem-c-metadata__definition") && after_from_term {
                s.from.open(depth);
            }
            if class.contains("published-dates") || class.contains("metadata__published") {
                s.published.open(depth);
            }
            // The site's header is furniture; an article's own header holds its heading, its
            // type ("Policy paper") and its metadata ("From:").
            let skipped = matches!(
                name,
                b"script"
                    | b"style"
                    | b"noscript"
                    | b"template"
                    | b"nav"
                    | b"footer"
                    | b"svg"
                    | b"form"
            ) || (name == b"header" && s.article.depth.is_none())
                || class.contains("cookie")
                || is_hidden_class(&class)
                || attrs.text("id").is_some_and(|id| is_banner_id(&id))
                || class.contains("satisfaction-survey");
            if skipped && skip.is_none() {
                skip = Some(depth);
            }
            if !(VOID.contains(&name) || self_closing) {
                stack.push(TagName::new(name));
            }
        }
        Tok::End { name, start } => {
            let Some(i) = stack.iter().rposition(|n| n.as_slice() == name) else {
                return;
            };
            stack.truncate(i);
            let depth = stack.len();
            if name == b"script" {
                in_script_ld = false;
            }
            for r in [
                &mut s.govspeak,
                &mut s.article,
                &mut s.main,
                &mut s.content,
                &mut s.body,
            ] {
                if r.depth.is_some_and(|d| depth <= d) {
                    r.depth = None;
                    r.end = Some(start);
                }
            }
            s.h1.close(depth);
            if s.h1.done {
                let h1 = std::mem::take(&mut s.h1);
                if let (Some(t), Some(at)) = (h1.value(), h1.at) {
                    s.h1s.push((t, at, h1));
                }
            }
            for c in [&mut s.title, &mut s.context, &mut s.from, &mut s.published] {
                c.close(depth);
            }
            s.org.close(depth);
            if s.org.done {
                let org = std::mem::take(&mut s.org);
                if let Some(name) = org.value().filter(|n| !s.orgs.contains(n)) {
                    s.orgs.push(name);
                }
            }
            if in_attachment.is_some_and(|d| depth <= d) {
                in_attachment = None;
            }
            if skip.is_some_and(|d| depth <= d) {
                skip = None;
            }
            if in_link.is_some_and(|d| depth <= d) {
                in_link = None;
            }
        }
        Tok::Text { value, start, end } => {
            let value = String::from_utf8_lossy(value);
            let raw = html.get(start..end).unwrap_or("");
            if in_script_ld {
                if let Some(last) = s.json_ld.last_mut() {
                    last.push_str(&value);
                }
                return;
            }
            let at = start;
            s.title.text(&value, raw, at);
            if skip.is_some() {
                return;
            }
            s.h1.text(&value, raw, at);
            s.context.text(&value, raw, at);
            s.from.text(&value, raw, at);
            s.published.text(&value, raw, at);
            s.org.text(&value, raw, at);
            if value.trim_start().starts_with("From") {
                after_from_term = true;
            }
            let term = value.trim();
            if term.eq_ignore_ascii_case("published:")
                || term.eq_ignore_ascii_case("first published:")
            {
                after_published_term = true;
            }
            let n = value.split_whitespace().map(str::len).sum::<usize>();
            if n > 0 {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                s.runs.push((at, n, in_link.is_some()));
            }
        }
    });
    s
}

/// Text only screen readers see ("Thema ", "Share this page").
fn is_hidden_class(class: &str) -> bool {
    class.split_whitespace().any(|c| {
        c == "aural"
            || c.contains("visually-hidden")
            || c.contains("visuallyhidden")
            || c == "sr-only"
    })
}

/// The id of a banner above the page (GOV.UK's `global-cookie-message`,
/// `user-satisfaction-survey`).
fn is_banner_id(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    id.contains("cookie") || id.contains("satisfaction-survey")
}

/// What the page's JSON-LD says about the article.
#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    date: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
}

fn linked_data(scripts: &[String]) -> LinkedData {
    let mut out = LinkedData::default();
    for script in scripts {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(script.trim()) else {
            continue;
        };
        let mut objects = Vec::new();
        collect_objects(&value, &mut objects, 0);
        for o in objects {
            let get = |k: &str| o.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            let name_of = |k: &str| {
                let v = o.get(k)?;
                let v = v.as_array().and_then(|a| a.first()).unwrap_or(v);
                v.get("name")
                    .and_then(|n| n.as_str())
                    .or(v.as_str())
                    .map(str::to_owned)
            };
            if out.date.is_none() {
                out.date = get("datePublished");
            }
            if out.headline.is_none() {
                out.headline = get("headline");
            }
            if out.author.is_none() {
                out.author = name_of("author");
            }
            if out.publisher.is_none() {
                out.publisher = name_of("publisher");
            }
            if out.url.is_none() && o.get("datePublished").is_some() {
                out.url = get("url");
            }
        }
    }
    out
}

fn collect_objects<'v>(v: &'v serde_json::Value, out: &mut Vec<&'v serde_json::Value>, depth: u8) {
    if depth > 4 {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_objects(x, out, depth + 1)),
        serde_json::Value::Object(o) => {
            out.push(v);
            if let Some(g) = o.get("@graph") {
                collect_objects(g, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Reads a saved web page: one release, or a warning saying why it is not one.
pub(crate) fn read(text: &str) -> Result<FileDraft, String> {
    let index = LineIndex::new(text);
    let s = scan(text);
    let ld = linked_data(&s.json_ld);
    let mut out = FileDraft {
        format: Format::Html,
        ..FileDraft::default()
    };
    let page_title = s.title.value().unwrap_or_default();
    let lower_title = page_title.to_ascii_lowercase();
    if let Some(what) = NOT_A_RELEASE.iter().find(|w| lower_title.contains(*w)) {
        out.warnings.push((
            1,
            format!("the page is not a release: its title says \"{page_title}\" ({what})"),
        ));
        return Ok(out);
    }
    let span = |r: Region| {
        (r.depth.is_some() || r.end.is_some()).then(|| (r.start, r.end.unwrap_or(text.len())))
    };
    let region = [s.govspeak, s.article, s.main, s.content, s.body]
        .into_iter()
        .find_map(span)
        .unwrap_or((0, text.len()));
    let (start, end) = (
        region.0.min(text.len()),
        region.1.min(text.len()).max(region.0),
    );
    let fragment = text.get(start..end).unwrap_or("");
    let mut blocks = blocks_with(fragment, &|off| index.pos(start + off));
    // The article's own heading (in the body, else in the `<article>`, `<main>` or content
    // around it: a GOV.UK page's heading stands above its `govspeak`, and a banner's heading
    // may come first in the page), else the page's first, else what the metadata says.
    let in_article = [
        Some((start, end)),
        span(s.article),
        span(s.main),
        span(s.content),
    ]
    .into_iter()
    .flatten()
    .find_map(|(a, b)| s.h1s.iter().find(|(_, at, _)| (a..b).contains(at)));
    let heading = in_article.or(s.h1s.first());
    // A heading's words are placed where each stands (past entities and inline markup).
    let (title, title_at, title_marks) = match heading {
        Some((t, at, capture)) => {
            let placed = capture.placed(&|o| index.pos(o));
            let marks = if placed.text == *t {
                placed.marks
            } else {
                Vec::new()
            };
            (t.clone(), Some(*at), marks)
        }
        None => {
            let t = ld
                .headline
                .clone()
                .or_else(|| s.metas.get("og:title").cloned())
                .unwrap_or_else(|| trim_site(&page_title));
            (t, s.title.at, Vec::new())
        }
    };
    // What stands before the heading (a section label) and the heading itself are not
    // the body.
    if let Some(at) = title_at.filter(|at| (start..end).contains(at)) {
        let p = index.pos(at);
        blocks.retain(|b| {
            let first = b.pieces.first().map(|x| (x.pos.line, x.pos.col));
            first.is_some_and(|f| f > (p.line, p.col)) && joined(b) != title
        });
    } else {
        blocks.retain(|b| joined(b) != title);
    }
    let body_chars: usize = blocks.iter().map(|b| joined(b).len()).sum();
    // A page whose article has its own heading and whose metadata says when it was published
    // is a release however short its text (a GOV.UK publication of one sentence); without
    // them, a short text is taken for an empty or unfinished page.
    let stated = ld.date.is_some()
        || s.published_term.is_some()
        || ["article:published_time", "govuk:first-published-at"]
            .iter()
            .any(|k| s.metas.contains_key(*k));
    let least = if in_article.is_some() && stated {
        1
    } else {
        200
    };
    if title.trim().is_empty() || body_chars < least {
        out.warnings.push((
            1,
            "the page is not a release: it has almost no text (an empty or unfinished page)"
                .to_owned(),
        ));
        return Ok(out);
    }
    // Judged on the article's part of the page: a side bar of links does not make a page
    // an index.
    let links = s
        .links
        .iter()
        .filter(|at| (start..end).contains(*at))
        .count();
    let (mut text_chars, mut link_chars) = (0u64, 0u64);
    for &(_, n, link) in s.runs.iter().filter(|r| (start..end).contains(&r.0)) {
        text_chars += u64::from(n);
        if link {
            link_chars += u64::from(n);
        }
    }
    if links >= 10 && link_chars * 2 > text_chars {
        out.warnings.push((
            1,
            format!(
                "the page is not a release: most of its text is links ({links} links), as on an index page"
            ),
        ));
        return Ok(out);
    }
    let meta = |k: &str| s.metas.get(k).map(String::as_str);
    // The date, and where it stands: where its value is written in the tag or script that
    // gives it, or the words that state it.
    let value_at = |from: usize, value: &str| {
        text.get(from..)
            .and_then(|rest| rest.find(value))
            .map_or(from, |i| from + i)
    };
    let ld_at = s.json_ld_at.first().copied().unwrap_or(0);
    let dated = ld
        .date
        .as_deref()
        .and_then(|v| Some((iso_date(v)?, index.pos(value_at(ld_at, v)))))
        .or_else(|| {
            [
                "article:published_time",
                "govuk:first-published-at",
                "dc.date",
                "dcterms.date",
                "date",
                "pubdate",
                "datepublished",
            ]
            .iter()
            .find_map(|k| {
                let v = meta(k)?;
                let at = value_at(s.meta_at.get(*k).copied().unwrap_or(0), v);
                Some((iso_date(v)?, index.pos(at)))
            })
        })
        .or_else(|| {
            // "Published: 28 May 2010" (GOV.UK's 2014 pages): the first publication, as the
            // GOV.UK JSON reader takes it, not the last update.
            let (v, tag) = s.published_term.as_ref()?;
            Some((iso_date(v)?, index.pos(value_at(*tag, v))))
        })
        .or_else(|| {
            let (v, tag) = s.time.as_ref()?;
            Some((iso_date(v)?, index.pos(value_at(*tag, v))))
        })
        .or_else(|| {
            let d = s.published.value().as_deref().and_then(date_in_line)?;
            Some((d, index.pos(s.published.at?)))
        })
        .or_else(|| visible_dateline(&blocks))
        .or_else(|| dateline_above(text, start, &index));
    let (date, date_pos) = dated.unzip();
    let kind = s
        .context
        .value()
        .and_then(|c| Kind::from_words(&c))
        .or_else(|| meta("govuk:format").and_then(kind_of))
        .or_else(|| meta("govuk:schema-name").and_then(kind_of))
        .or_else(|| meta("keywords").and_then(product_type));
    let department = (!s.orgs.is_empty())
        .then(|| s.orgs.join(", "))
        .or_else(|| s.from.value())
        .or(ld.author.clone().filter(|a| !a.contains("GOV.UK")))
        .or(ld.publisher.clone())
        .or_else(|| {
            [
                "og:site_name",
                "dc.publisher",
                "dcterms.publisher",
                "application-name",
                "author",
            ]
            .iter()
            .find_map(|k| meta(k).map(str::to_owned))
        })
        .or_else(|| site_of_title(&page_title, &title));
    let url = s
        .canonical
        .clone()
        .or_else(|| meta("og:url").map(str::to_owned))
        .or(ld.url.clone());
    // Labels between the heading and the text (a category, a content type, a committee,
    // the date as shown) are the page's metadata, not its body: short lines with no
    // sentence in them, before the first line that has one. (Read after the date, which
    // such a line may give.)
    let labels = blocks.iter().take_while(|b| is_label(&joined(b))).count();
    if labels < blocks.len() {
        blocks.drain(..labels);
    }
    let title_pos = index.pos(title_at.unwrap_or(start));
    out.releases.push(ReleaseDraft {
        title,
        title_pos,
        title_marks,
        kind,
        date,
        date_pos,
        department,
        url,
        source_id: meta("govuk:content-id").map(str::to_owned),
        blocks,
        line: title_pos.line,
    });
    Ok(out)
}

/// The site that publishes the page, from a `<title>` that is the release's title followed by
/// the site's name ("Car-recharging stations ... | News | European Parliament"): the last
/// part. GOV.UK is the site, not a department, so it is not one.
fn site_of_title(page_title: &str, title: &str) -> Option<String> {
    let rest = page_title.strip_prefix(title)?;
    let site = [" | ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| rest.rsplit_once(sep).map(|(_, s)| s.trim()))
        .min_by_key(|s| s.len())?;
    (!site.is_empty() && site.len() < 80 && site != "GOV.UK").then(|| site.to_owned())
}

/// A kind named in the keywords meta tag, as the European Parliament writes it
/// (`productType:PRESS_RELEASE`).
fn product_type(keywords: &str) -> Option<Kind> {
    keywords
        .split(',')
        .find_map(|k| k.trim().strip_prefix("productType:"))
        .and_then(|t| Kind::from_words(&t.replace('_', " ")))
}

/// "Title - GOV.UK", "Title | Site" -> "Title".
fn trim_site(title: &str) -> String {
    for sep in [" - ", " | ", " – ", " — "] {
        if let Some((head, _)) = title.rsplit_once(sep) {
            return head.trim().to_owned();
        }
    }
    title.trim().to_owned()
}

/// A date in words just above the article (a blog's "Friday, December 23, 2016"), and where
/// its line stands.
fn dateline_above(
    text: &str,
    start: usize,
    index: &LineIndex<'_>,
) -> Option<(PartialDate, SourcePos)> {
    let mut from = start.saturating_sub(3000);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let above = text.get(from..start)?;
    let blocks = blocks_with(above, &|off| index.pos(from + off));
    blocks
        .iter()
        .rev()
        .take(6)
        .filter(|b| joined(b).len() < 120)
        .find_map(|b| Some((date_in_line(&joined(b))?, b.pieces.first()?.pos)))
}

/// A date in words in the first lines of the body ("Published 23 May 2023"), and where its
/// line stands.
fn visible_dateline(blocks: &[DraftBlock]) -> Option<(PartialDate, SourcePos)> {
    blocks
        .iter()
        .take(3)
        .filter(|b| joined(b).len() < 200)
        .find_map(|b| Some((date_in_line(&joined(b))?, b.pieces.first()?.pos)))
}

/// A short line with no sentence in it: "Press Releases", "Plenary session", "19-10-2022 -
/// 13:14".
fn is_label(text: &str) -> bool {
    text.split_whitespace().count() <= 4 && !text.ends_with(['.', '!', '?', ':', '"', '”'])
}

fn joined(b: &DraftBlock) -> String {
    b.pieces
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
