//! GOV.UK Content API JSON: one content item, an array of items, or a search API response
//! (`results[]`). Title, `document_type` as the kind, the first publication date, the
//! organisations (or worldwide organisations) as the department, the speaker, and
//! `details.body` (HTML) as the body; `description` is a summary, used only when an item
//! has no body (search results).

use serde::Deserialize;
use serde_json::value::RawValue;

use super::html_body::blocks_mapped;
use super::json_text::{offset_in, JsonText};
use super::line_index::LineIndex;
use super::placed_text::placed_piece;
use super::stated_date::iso_date;
use crate::archive::{
    BlockKind, DraftBlock, DraftPiece, FileDraft, Format, Kind, ReleaseDraft, Speaker,
};

#[derive(Deserialize, Default)]
struct Named {
    title: Option<String>,
}

#[derive(Deserialize, Default)]
struct Links {
    #[serde(default)]
    organisations: Vec<Named>,
    #[serde(default)]
    worldwide_organisations: Vec<Named>,
    #[serde(default)]
    primary_publishing_organisation: Vec<Named>,
    #[serde(default)]
    speaker: Vec<Named>,
}

#[derive(Deserialize, Default)]
struct Details<'a> {
    #[serde(borrow)]
    body: Option<&'a RawValue>,
    #[serde(borrow)]
    first_public_at: Option<&'a RawValue>,
}

/// A body given in several content types (the Publishing API's multipart form).
#[derive(Deserialize)]
struct Part<'a> {
    content_type: Option<String>,
    #[serde(borrow)]
    content: &'a RawValue,
}

#[derive(Deserialize)]
struct Item<'a> {
    #[serde(borrow)]
    title: Option<&'a RawValue>,
    document_type: Option<String>,
    /// Search API: the kind.
    content_store_document_type: Option<String>,
    format: Option<String>,
    #[serde(borrow)]
    first_published_at: Option<&'a RawValue>,
    #[serde(borrow)]
    public_updated_at: Option<&'a RawValue>,
    /// Search API.
    #[serde(borrow)]
    public_timestamp: Option<&'a RawValue>,
    base_path: Option<String>,
    /// Search API: the page's path.
    link: Option<String>,
    web_url: Option<String>,
    content_id: Option<String>,
    #[serde(borrow)]
    description: Option<&'a RawValue>,
    #[serde(default)]
    links: Links,
    #[serde(default, borrow)]
    details: Details<'a>,
    /// Search API.
    #[serde(default)]
    organisations: Vec<Named>,
    /// Search API, when asked for.
    #[serde(borrow)]
    indexable_content: Option<&'a RawValue>,
}

/// Whether text looks like GOV.UK Content API JSON (checked on the first few kilobytes).
pub(crate) fn looks_like(head: &str) -> bool {
    let t = head.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && [
            "\"document_type\"",
            "\"content_id\"",
            "\"base_path\"",
            "\"results\"",
        ]
        .iter()
        .any(|k| head.contains(k))
}

/// Reads a GOV.UK Content API file.
pub(crate) fn read(text: &str) -> Result<FileDraft, String> {
    let index = LineIndex::new(text);
    let items = items_of(text).map_err(|e| json_error(&e))?;
    let mut out = FileDraft {
        format: Format::GovukJson,
        ..FileDraft::default()
    };
    let mut summaries = 0usize;
    for raw in items {
        let at = offset_in(text, raw);
        let line = index.pos(at).line;
        let item: Item<'_> = match serde_json::from_str(raw.get()) {
            Ok(i) => i,
            Err(e) => {
                out.warnings
                    .push((line, format!("not a GOV.UK content item: {e}")));
                continue;
            }
        };
        match draft(text, &index, &item, line, &mut summaries) {
            Some(d) => out.releases.push(d),
            None => out
                .warnings
                .push((line, "a content item with no title was not read".to_owned())),
        }
    }
    if summaries > 0 {
        let first = out.releases.first().map(|r| r.line).unwrap_or(1);
        out.warnings.push((
            first,
            format!(
                "{summaries} item(s) have no body (search results carry only a summary): their summary is shown as the text"
            ),
        ));
    }
    Ok(out)
}

fn json_error(e: &serde_json::Error) -> String {
    format!(
        "invalid JSON at line {}, column {}: {}",
        e.line(),
        e.column(),
        e
    )
}

/// The raw items: the array's elements, a search response's `results`, or the one item.
fn items_of(text: &str) -> Result<Vec<&RawValue>, serde_json::Error> {
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text);
    }
    #[derive(Deserialize)]
    struct Top<'a> {
        #[serde(borrow)]
        results: Option<Vec<&'a RawValue>>,
    }
    let top: Top<'_> = serde_json::from_str(text)?;
    match top.results {
        Some(results) => Ok(results),
        None => Ok(vec![serde_json::from_str(text)?]),
    }
}

fn draft(
    file: &str,
    index: &LineIndex<'_>,
    item: &Item<'_>,
    line: u32,
    summaries: &mut usize,
) -> Option<ReleaseDraft> {
    let title_raw = item.title?;
    let title_json = JsonText::decode(title_raw.get(), offset_in(file, title_raw))?;
    // Escapes (`\"`, `\u2019`) and runs of spaces: the words after them are placed anew.
    let title = placed_piece(&title_json.text, &|i| title_json.source_offset(i), &|o| {
        index.pos(o)
    });
    if title.text.is_empty() {
        return None;
    }
    let doc_type = item
        .document_type
        .as_deref()
        .or(item.content_store_document_type.as_deref())
        .or(item.format.as_deref());
    let kind = doc_type.and_then(kind_of);
    // The date and where it stands in the file.
    let (date, date_pos) = [
        item.first_published_at,
        item.details.first_public_at,
        item.public_timestamp,
        item.public_updated_at,
    ]
    .into_iter()
    .flatten()
    .find_map(|raw| {
        let at = offset_in(file, raw);
        let d = iso_date(&JsonText::decode(raw.get(), at)?.text)?;
        Some((d, index.pos(at + 1)))
    })
    .unzip();
    let orgs = |list: &[Named]| -> Option<String> {
        let names: Vec<&str> = list.iter().filter_map(|n| n.title.as_deref()).collect();
        (!names.is_empty()).then(|| names.join(", "))
    };
    let department = orgs(&item.links.organisations)
        .or_else(|| orgs(&item.links.worldwide_organisations))
        .or_else(|| orgs(&item.links.primary_publishing_organisation))
        .or_else(|| orgs(&item.organisations));
    let url = item
        .web_url
        .clone()
        .or_else(|| {
            item.base_path
                .as_ref()
                .map(|p| format!("https://www.gov.uk{p}"))
        })
        .or_else(|| {
            item.link.as_ref().map(|l| {
                if l.starts_with('/') {
                    format!("https://www.gov.uk{l}")
                } else {
                    l.clone()
                }
            })
        });
    let title_pos = title.pos;
    let mut blocks = Vec::new();
    let speaker = item.links.speaker.first().and_then(|s| s.title.clone());
    if let (Some(name), Some(d)) = (&speaker, date) {
        // A speech is dated by who made it, as the tag page's dating line says.
        let what = kind.unwrap_or(Kind::Speech).label();
        blocks.push(DraftBlock {
            kind: BlockKind::Dateline,
            // Made from the metadata: placed where the date stands.
            pieces: vec![DraftPiece::new(
                format!("The {what} made by {name} on {}.", d.long()),
                date_pos.unwrap_or(title_pos),
            )],
            speaker: Some(Speaker {
                name: name.clone(),
                role: None,
            }),
        });
    }
    let body = body_blocks(file, index, item);
    if body.is_empty() {
        let summary = item
            .description
            .or(item.indexable_content)
            .and_then(|raw| JsonText::decode(raw.get(), offset_in(file, raw)));
        if let Some(s) = summary.filter(|s| !s.text.trim().is_empty()) {
            *summaries += 1;
            // Placed word by word past its escapes, as a body is.
            let piece = placed_piece(&s.text, &|i| s.source_offset(i), &|o| index.pos(o));
            blocks.push(DraftBlock {
                kind: BlockKind::Paragraph,
                pieces: vec![piece],
                speaker: None,
            });
        }
    } else {
        blocks.extend(body);
    }
    Some(ReleaseDraft {
        title: title.text,
        title_pos,
        title_marks: title.marks,
        kind,
        date,
        date_pos,
        department,
        url,
        source_id: item.content_id.clone(),
        blocks,
        line,
    })
}

/// The body's blocks, each piece placed in the JSON file.
fn body_blocks(file: &str, index: &LineIndex<'_>, item: &Item<'_>) -> Vec<DraftBlock> {
    let Some(raw) = item.details.body else {
        return Vec::new();
    };
    let html_raw = if raw.get().starts_with('[') {
        let parts: Vec<Part<'_>> = serde_json::from_str(raw.get()).unwrap_or_default();
        let html = parts
            .iter()
            .find(|p| p.content_type.as_deref() == Some("text/html"))
            .or(parts.first());
        match html {
            Some(p) => p.content,
            None => return Vec::new(),
        }
    } else {
        raw
    };
    let Some(body) = JsonText::decode(html_raw.get(), offset_in(file, html_raw)) else {
        return Vec::new();
    };
    // Escapes (`\"`, `\u2019`) are longer in the file than in the text: text after one
    // is placed anew.
    blocks_mapped(
        &body.text,
        &|off| index.pos(body.source_offset(off)),
        &body.jumps(),
    )
}

/// GOV.UK's `document_type` as a kind.
pub(crate) fn kind_of(doc_type: &str) -> Option<Kind> {
    let kind = match doc_type {
        "press_release" => Kind::PressRelease,
        "news_story" | "world_news_story" | "news_article" => Kind::NewsStory,
        "speech" | "speaking_notes" | "transcript" => Kind::Speech,
        "written_statement" | "oral_statement" | "government_response" | "statement" => {
            Kind::Statement
        }
        "authored_article" => Kind::Article,
        "correspondence" => Kind::Letter,
        "fatality_notice" | "announcement" => Kind::Announcement,
        other => return Kind::from_words(&other.replace('_', " ")),
    };
    Some(kind)
}
