//! W3C Web Annotation JSON-LD: one `AnnotationCollection` whose `first` page holds every
//! claim as an `Annotation`, sorted like the CSV rows.
//!
//! Each annotation's target is `{ source, selector: [TextQuoteSelector, TextPositionSelector] }`.
//! The source is `urn:sha256:<archive hash>#<release id>` (or `urn:pressmark:<archive file
//! name>#<release id>` when the hash is unknown). Positions count CHARACTERS (code points) of
//! the release's canonical text, as the W3C model says; Pressmark's byte offsets are
//! converted. Tags are `TextualBody`s with purpose `tagging`, the note one with purpose
//! `commenting`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Value};

use crate::archive::Archive;
use crate::project::Project;

use super::csv::claims_in_order;
use super::format::write_file;
use super::text::{rfc3339, CharCounter};
use super::ExportError;

/// Writes the annotation collection to `out`.
pub fn write_w3c(project: &Project, archive: &Archive, out: &Path) -> Result<(), ExportError> {
    let value = w3c_json(project, archive);
    let mut text = serde_json::to_string(&value).map_err(|e| ExportError::Json(e.to_string()))?;
    text.push('\n');
    write_file(out, text.as_bytes())
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

/// The annotation collection as JSON.
pub fn w3c_json(project: &Project, archive: &Archive) -> Value {
    let base = source_base(project);
    let mut counters: HashMap<&str, CharCounter> = HashMap::new();
    let mut items = Vec::with_capacity(project.claims.len());
    for (claim, release) in claims_in_order(project, archive) {
        let a = &claim.anchor;
        let (start, end) = match release {
            Some(r) => {
                let counter = counters
                    .entry(r.id.as_str())
                    .or_insert_with(|| CharCounter::new(&r.text));
                (counter.chars_at(a.start), counter.chars_at(a.end))
            }
            // Without the text, count the quote's characters from the stored offset.
            None => (a.start, a.start + a.exact.chars().count()),
        };
        let mut body: Vec<Value> = claim
            .tags
            .iter()
            .filter_map(|t| project.codebook.get(*t))
            .map(|t| json!({"type": "TextualBody", "purpose": "tagging", "value": t.name}))
            .collect();
        if !claim.note.is_empty() {
            body.push(json!({
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/plain",
                "value": claim.note,
            }));
        }
        let motivation = if !claim.note.is_empty() {
            "commenting"
        } else if claim.tags.is_empty() {
            "highlighting"
        } else {
            "tagging"
        };
        let mut item = json!({
            "id": format!("{base}#claim-{}", claim.id.0),
            "type": "Annotation",
            "motivation": motivation,
            "created": rfc3339(claim.created),
            "modified": rfc3339(claim.modified),
            "target": {
                "source": format!("{base}#{}", claim.release),
                "selector": [
                    {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix},
                    {"type": "TextPositionSelector", "start": start, "end": end},
                ],
            },
        });
        if let Some(map) = item.as_object_mut() {
            if !body.is_empty() {
                map.insert("body".to_owned(), Value::Array(body));
            }
            if !claim.author.is_empty() {
                map.insert(
                    "creator".to_owned(),
                    json!({"type": "Person", "name": claim.author}),
                );
            }
            map.insert(
                "pressmark:status".to_owned(),
                Value::String(claim.status.label().to_owned()),
            );
        }
        items.push(item);
    }
    json!({
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"pressmark": "urn:pressmark:vocab#"}],
        "id": base,
        "type": "AnnotationCollection",
        "label": format!("Pressmark claims on {}", project.archive.path.display()),
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
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
