//! What a three-way merge could not decide, kept in the project until someone does.

use serde::{Deserialize, Serialize};

use super::{Claim, ClaimId, Tag, TagId};

/// Both sides' versions of one thing that the two sides of a merge changed differently (or
/// one changed and the other deleted). `None` is "deleted on that side". The project itself
/// holds one version so that it stays usable: ours, or theirs where ours deleted it.
/// Saved in the project's `conflicts` list, shown by `pressmark check`; removed from the
/// list when resolved.
// Few and rare (left by a merge until settled): their size does not matter, and plain
// claims keep them easy to read and match.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    Claim {
        id: ClaimId,
        ours: Option<Claim>,
        theirs: Option<Claim>,
    },
    Tag {
        id: TagId,
        ours: Option<Tag>,
        theirs: Option<Tag>,
    },
    ReleaseNote {
        release: String,
        ours: Option<String>,
        theirs: Option<String>,
    },
}

impl Conflict {
    /// What it is about, for sorting and messages: ("claim" | "tag" | "release note", id).
    pub fn subject(&self) -> (&'static str, String) {
        match self {
            Conflict::Claim { id, .. } => ("claim", id.0.to_string()),
            Conflict::Tag { id, .. } => ("tag", id.0.to_string()),
            Conflict::ReleaseNote { release, .. } => ("release note", release.clone()),
        }
    }

    /// The same conflict seen from the other side.
    pub fn swapped(&self) -> Conflict {
        match self.clone() {
            Conflict::Claim { id, ours, theirs } => Conflict::Claim {
                id,
                ours: theirs,
                theirs: ours,
            },
            Conflict::Tag { id, ours, theirs } => Conflict::Tag {
                id,
                ours: theirs,
                theirs: ours,
            },
            Conflict::ReleaseNote {
                release,
                ours,
                theirs,
            } => Conflict::ReleaseNote {
                release,
                ours: theirs,
                theirs: ours,
            },
        }
    }

    /// One line for people: what differs.
    pub fn describe(&self) -> String {
        fn side<T>(v: &Option<T>) -> &'static str {
            if v.is_some() {
                "changed"
            } else {
                "deleted"
            }
        }
        let (kind, id) = self.subject();
        let (ours, theirs, what) = match self {
            Conflict::Claim { ours, theirs, .. } => (
                side(ours),
                side(theirs),
                ours.as_ref()
                    .or(theirs.as_ref())
                    .map(|c| format!(" {:?}", c.anchor.exact))
                    .unwrap_or_default(),
            ),
            Conflict::Tag { ours, theirs, .. } => (
                side(ours),
                side(theirs),
                ours.as_ref()
                    .or(theirs.as_ref())
                    .map(|t| format!(" {:?}", t.name))
                    .unwrap_or_default(),
            ),
            Conflict::ReleaseNote { ours, theirs, .. } => (side(ours), side(theirs), String::new()),
        };
        format!("{kind} {id}{what}: {ours} on our side, {theirs} on theirs")
    }
}
