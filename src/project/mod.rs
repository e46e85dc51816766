//! The annotated document: a codebook of tags, claims anchored in release text, notes.
//!
//! Every change is an [`Edit`] whose `apply` returns its inverse; [`History`] keeps them for
//! undo and redo and knows whether the project has unsaved changes. [`store`] reads and writes
//! the RON project file (see `docs/project-format.md`); [`reanchor`] places claims again
//! when the archive text has changed. Nothing here knows about the UI.

pub(crate) mod anchor;
pub mod archive_ref;
mod claim;
mod codebook;
mod edit;
mod history;
mod matches;
pub mod reanchor;
pub mod store;
mod tag;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use anchor::{snap_to_words, Anchor, CONTEXT_CHARS};
pub use claim::{unix_now, Claim, ClaimId, Status};
pub use codebook::{Codebook, PALETTE};
pub use edit::{Edit, EditError, TagFate};
pub use history::History;
pub use matches::{find_matches, tag_all_edit, Match};
pub use reanchor::{reanchor, Outcome, Placement, Reanchoring};
pub use store::StoreError;
pub use tag::{Tag, TagId};

/// The version of the project file this build writes.
pub const FORMAT_VERSION: u32 = 1;

/// The archive a project was made on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArchiveRef {
    /// Relative to the project file's folder (or absolute), with `/` separators.
    pub path: PathBuf,
    /// SHA-256 of the archive file's bytes, lower-case hex; empty if unknown.
    #[serde(default)]
    pub sha256: String,
}

/// The whole annotated document, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub format_version: u32,
    pub archive: ArchiveRef,
    /// The author given to new claims.
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub codebook: Codebook,
    /// By id; saved as a list sorted by id.
    #[serde(default, with = "claims_as_list")]
    pub claims: BTreeMap<ClaimId, Claim>,
    /// Release id to note; empty notes are not kept.
    #[serde(default)]
    pub release_notes: BTreeMap<String, String>,
}

impl Project {
    /// An empty project on `archive` with the default codebook for announcements.
    pub fn new(archive: ArchiveRef, author: &str) -> Project {
        Project {
            format_version: FORMAT_VERSION,
            archive,
            author: author.to_owned(),
            codebook: Codebook::default_announcements(),
            claims: BTreeMap::new(),
            release_notes: BTreeMap::new(),
        }
    }

    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.claims.get(&id)
    }

    /// An id no claim has.
    pub fn next_claim_id(&self) -> ClaimId {
        ClaimId(self.claims.keys().next_back().map_or(1, |id| id.0 + 1))
    }

    /// A new claim (not yet added: wrap it in `Edit::AddClaim`).
    pub fn new_claim(&self, release: &str, anchor: Anchor, tags: Vec<TagId>, now: i64) -> Claim {
        let mut claim = Claim {
            id: self.next_claim_id(),
            release: release.to_owned(),
            anchor,
            tags,
            note: String::new(),
            status: Status::Unchecked,
            author: self.author.clone(),
            created: now,
            modified: now,
        };
        claim.normalise();
        claim
    }

    /// The claims of one release, sorted by position then id.
    pub fn claims_in_release(&self, release: &str) -> Vec<&Claim> {
        let mut out: Vec<&Claim> = self
            .claims
            .values()
            .filter(|c| c.release == release)
            .collect();
        out.sort_by_key(|c| (c.anchor.start, c.anchor.end, c.id));
        out
    }
}

mod claims_as_list {
    use std::collections::BTreeMap;

    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    use super::{Claim, ClaimId};

    pub fn serialize<S: Serializer>(
        claims: &BTreeMap<ClaimId, Claim>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(claims.values())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<ClaimId, Claim>, D::Error> {
        let list = Vec::<Claim>::deserialize(d)?;
        let mut map = BTreeMap::new();
        for mut claim in list {
            claim.normalise();
            let id = claim.id;
            if map.insert(id, claim).is_some() {
                return Err(D::Error::custom(format!("two claims have the id {}", id.0)));
            }
        }
        Ok(map)
    }
}
