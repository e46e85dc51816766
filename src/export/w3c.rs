//! W3C Web Annotation JSON-LD: one `AnnotationCollection` whose `first` page holds every
//! claim as an `Annotation`, sorted like the CSV rows.
//!
//! Each annotation's target is `{ source, selector: [TextQuoteSelector, TextPositionSelector] }`
//! addressing the archive FILE itself, so a client that holds the file (beside the export, or
//! inside a bundle) and knows only the W3C model finds every claim: the source is
//! `urn:sha256:<SHA-256 of the file's bytes>`; the quote (`exact`, with 32 code points of
//! `prefix` and `suffix`) is the file's text there, and positions count Unicode code points of
//! the file read as UTF-8 (a leading byte-order mark dropped), as the model says. JavaScript
//! indexes strings in UTF-16 units: each position selector also carries
//! `pressmark:utf16Start` and `pressmark:utf16End`. The release is named in
//! `pressmark:release`. Tags are `TextualBody`s with purpose `tagging`, the note one with
//! purpose `commenting`.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::archive::Archive;
use crate::project::Project;

use super::csv::claims_in_order;
use super::format::{place_claims, write_file};
use super::source_text::SourceText;
use super::text::rfc3339;
use super::ExportError;

/// Writes the annotation collection, the claims placed in `archive` as it is now, to `out`.
pub fn write_w3c(project: &Project, archive: &Archive, out: &Path) -> Result<(), ExportError> {
    let project = place_claims(project, archive)?;
    let project = project.as_ref();
    let base = source_base(project);
    let items = annotations(project, archive, &base)?;
    let collection = Collection {
        context: (
            "http://www.w3.org/ns/anno.jsonld",
            Vocab {
                pressmark: "urn:pressmark:vocab#",
            },
        ),
        id: &base,
        kind: "AnnotationCollection",
        label: format!("Pressmark claims on {}", project.archive.path.display()),
        total: items.len(),
        first: Page {
            id: format!("{base}#page-1"),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    // Typed structs straight to bytes: no JSON tree of 100,000 annotations in between.
    let mut text = serde_json::to_vec(&collection).map_err(|e| ExportError::Json(e.to_string()))?;
    text.push(b'\n');
    write_file(out, &text)
}

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: (&'static str, Vocab),
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: Page<'a>,
}

#[derive(Serialize)]
struct Vocab {
    pressmark: &'static str,
}

#[derive(Serialize)]
struct Page<'a> {
    /// The model requires every page to have an IRI.
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    created: String,
    modified: String,
    target: Target<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Person<'a>>,
    #[serde(rename = "pressmark:status")]
    status: &'static str,
}

#[derive(Serialize)]
struct Target<'a> {
    source: String,
    selector: (QuoteSelector, PositionSelector),
    #[serde(rename = "pressmark:release")]
    release: &'a str,
}

#[derive(Serialize)]
struct QuoteSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: String,
    prefix: String,
    suffix: String,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
    #[serde(
        rename = "pressmark:utf16Start",
        skip_serializing_if = "Option::is_none"
    )]
    utf16_start: Option<usize>,
    #[serde(rename = "pressmark:utf16End", skip_serializing_if = "Option::is_none")]
    utf16_end: Option<usize>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    value: &'a str,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

/// One annotation per claim, in the CSV's order.
fn annotations<'a>(
    project: &'a Project,
    archive: &'a Archive,
    base: &str,
) -> Result<Vec<Annotation<'a>>, ExportError> {
    let mut files: HashMap<usize, SourceText> = HashMap::new();
    let mut items = Vec::with_capacity(project.claims.len());
    for (claim, release) in claims_in_order(project, archive) {
        let a = &claim.anchor;
        let (source, quote, position) = match release {
            Some(r) => {
                let file = match files.entry(r.file) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let path = archive.file_path(r.file);
                        e.insert(SourceText::read(path).map_err(|source| ExportError::Read {
                            path: path.to_owned(),
                            source,
                        })?)
                    }
                };
                let at = file.locate(r.source_position(a.start), r.source_position(a.end));
                (
                    format!("urn:sha256:{}", file.sha256),
                    QuoteSelector {
                        kind: "TextQuoteSelector",
                        exact: at.exact,
                        prefix: at.prefix,
                        suffix: at.suffix,
                    },
                    PositionSelector {
                        kind: "TextPositionSelector",
                        start: at.start,
                        end: at.end,
                        utf16_start: Some(at.utf16_start),
                        utf16_end: Some(at.utf16_end),
                    },
                )
            }
            // Without the release (not reached: exports refuse orphans), the stored quote
            // and its characters counted from the stored offset.
            None => (
                format!("{base}#{}", claim.release),
                QuoteSelector {
                    kind: "TextQuoteSelector",
                    exact: a.exact.clone(),
                    prefix: a.prefix.clone(),
                    suffix: a.suffix.clone(),
                },
                PositionSelector {
                    kind: "TextPositionSelector",
                    start: a.start,
                    end: a.start + a.exact.chars().count(),
                    utf16_start: None,
                    utf16_end: None,
                },
            ),
        };
        let mut body: Vec<Body<'a>> = claim
            .tags
            .iter()
            .filter_map(|t| project.codebook.get(*t))
            .map(|t| Body {
                kind: "TextualBody",
                purpose: "tagging",
                format: None,
                value: &t.name,
            })
            .collect();
        if !claim.note.is_empty() {
            body.push(Body {
                kind: "TextualBody",
                purpose: "commenting",
                format: Some("text/plain"),
                value: &claim.note,
            });
        }
        let motivation = if !claim.note.is_empty() {
            "commenting"
        } else if claim.tags.is_empty() {
            "highlighting"
        } else {
            "tagging"
        };
        items.push(Annotation {
            id: format!("{base}#claim-{}", claim.id.0),
            kind: "Annotation",
            motivation,
            created: rfc3339(claim.created),
            modified: rfc3339(claim.modified),
            target: Target {
                source,
                selector: (quote, position),
                release: &claim.release,
            },
            body,
            creator: (!claim.author.is_empty()).then_some(Person {
                kind: "Person",
                name: &claim.author,
            }),
            status: claim.status.label(),
        });
    }
    Ok(items)
}

/// The collection's base URN, to which `#<release id>` is added.
pub fn source_base(project: &Project) -> String {
    if project.archive.sha256.is_empty() {
        let name = project.archive.path.file_name().map_or_else(
            || "archive".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        format!("urn:pressmark:{}", percent_encode(&name))
    } else {
        format!("urn:sha256:{}", project.archive.sha256)
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
