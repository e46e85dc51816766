//! Format version 0 (the first prototype): one tag per claim, `checked: bool` instead of a
//! status, the anchor's fields flat in the claim, the archive as a bare path, `notes`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::project::{
    Anchor, ArchiveRef, Claim, ClaimId, Codebook, Project, Status, Tag, TagId, FORMAT_VERSION,
};

#[derive(Debug, Deserialize)]
pub struct ProjectV0 {
    pub archive: String,
    #[serde(default)]
    pub tags: Vec<TagV0>,
    #[serde(default)]
    pub claims: Vec<ClaimV0>,
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct TagV0 {
    pub id: u32,
    pub name: String,
    pub colour: [u8; 3],
}

#[derive(Debug, Deserialize)]
pub struct ClaimV0 {
    pub id: u64,
    pub release: String,
    pub quote: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub tag: Option<u32>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub checked: bool,
}

/// The project in the current format; refused (with the line, found in `text`) if two claims
/// share an id, which the prototype let happen and which would otherwise drop one of them.
pub fn migrate(old: ProjectV0, text: &str) -> Result<Project, String> {
    let mut seen = std::collections::BTreeSet::new();
    if let Some(c) = old.claims.iter().find(|c| !seen.insert(c.id)) {
        return Err(super::validate::repeated_claim(text, c.id));
    }
    let codebook = Codebook::from_tags(
        old.tags
            .into_iter()
            .map(|t| Tag::new(TagId(t.id), &t.name, t.colour))
            .collect(),
    );
    let claims = old
        .claims
        .into_iter()
        .map(|c| {
            let claim = Claim {
                id: ClaimId(c.id),
                release: c.release,
                anchor: Anchor {
                    exact: c.quote,
                    prefix: c.prefix,
                    suffix: c.suffix,
                    start: c.start,
                    end: c.end,
                },
                tags: c.tag.map(TagId).into_iter().collect(),
                note: c.note,
                status: if c.checked {
                    Status::Checked
                } else {
                    Status::Unchecked
                },
                author: String::new(),
                created: 0,
                modified: 0,
            };
            (claim.id, claim)
        })
        .collect();
    Ok(Project {
        format_version: FORMAT_VERSION,
        archive: ArchiveRef {
            path: old.archive.into(),
            sha256: String::new(),
            more: Vec::new(),
        },
        author: String::new(),
        codebook,
        claims,
        release_notes: old
            .notes
            .into_iter()
            .filter(|(_, n)| !n.is_empty())
            .collect(),
        conflicts: Vec::new(),
    })
}
