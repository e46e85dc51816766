//! The annotated document: a codebook of tags, claims anchored in release text, notes.
//!
//! Every change is an [`Edit`] whose `apply` returns its inverse; [`History`] keeps them for
//! undo and redo and knows whether the project has unsaved changes. [`store`] reads and writes
//! the RON project file (see `docs/project-format.md`); [`reanchor`] places claims again
//! when the archive text has changed; [`Session`] is the load/edit/save session that the
//! window and the command line share. Nothing here knows about the UI.

pub(crate) mod anchor;
pub mod archive_ref;
mod claim;
mod claims_by_release;
mod codebook;
mod conflict;
mod edit;
mod history;
mod matches;
pub mod merge3;
pub mod reanchor;
mod save_job;
mod session;
pub mod store;
mod tag;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use anchor::{snap_to_words, Anchor, CONTEXT_CHARS};
pub use claim::{default_author, unix_now, Claim, ClaimId, Status};
pub use claims_by_release::ClaimsByRelease;
pub use codebook::{Codebook, PALETTE};
pub use conflict::Conflict;
pub use edit::{Edit, EditError, TagFate};
pub use history::History;
pub use matches::{find_matches, tag_all_edit, Match};
pub use reanchor::{reanchor, Counts, Outcome, Placement, Reanchoring};
pub use save_job::{SaveJob, Saved};
pub use session::{FollowError, Followed, Selection, Session, TagAllOutcome, TagTarget};
pub use store::StoreError;
pub use tag::{Tag, TagId};

/// The version of the project file this build writes.
///
/// 2: new claim and tag ids are random (unique across analysts working apart); the fields
/// are as in 1, and `conflicts` may list what a three-way merge could not decide.
pub const FORMAT_VERSION: u32 = 2;

/// The version written for a project whose archive is several files or folders
/// (`archive.more`): the fields of 2 and that one, so that a Pressmark that knows only one
/// archive path refuses the file ("update Pressmark") rather than opening it on the first
/// path alone and orphaning the claims in the others. Other projects stay version 2.
pub const SEVERAL_FILES_VERSION: u32 = 3;

/// The archive a project was made on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArchiveRef {
    /// Relative to the project file's folder (or absolute), with `/` separators.
    pub path: PathBuf,
    /// SHA-256 of the archive file's bytes (of a folder's files, of several paths' digests:
    /// see [`archive_ref`]), lower-case hex; empty if unknown.
    #[serde(default)]
    pub sha256: String,
    /// Further files or folders, for an archive of several (as `path`); empty for one. A
    /// project that has them is written as version [`SEVERAL_FILES_VERSION`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<PathBuf>,
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
    /// What a three-way merge left undecided (see [`merge3`]), sorted; not written when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
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
            conflicts: Vec::new(),
        }
    }

    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.claims.get(&id)
    }

    /// A new id no claim has (random: see [`ClaimId::fresh`]).
    pub fn next_claim_id(&self) -> ClaimId {
        ClaimId::fresh(|id| self.claims.contains_key(&id))
    }

    /// New ids for many claims at once: none a claim has, none given twice.
    pub fn claim_ids(&self) -> impl FnMut() -> ClaimId + '_ {
        let mut given = std::collections::HashSet::new();
        move || {
            let id = ClaimId::fresh(|id| self.claims.contains_key(&id) || given.contains(&id));
            given.insert(id);
            id
        }
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

/// How the claims list reports a repeated id (the store finds its line).
const DUPLICATE_CLAIM: &str = "two claims have the id ";

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
                return Err(D::Error::custom(format!(
                    "{}{}",
                    super::DUPLICATE_CLAIM,
                    id.0
                )));
            }
        }
        Ok(map)
    }
}
