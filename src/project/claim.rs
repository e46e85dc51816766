//! A claim: a tagged stretch of a release's text.

use serde::{Deserialize, Serialize};

use super::{Anchor, TagId};

/// A claim's stable id: it stays with its claim, and no two claims of a project share one.
/// A freed id (its claim deleted) is not remembered: see docs/project-format.md, *Ids*.
///
/// New ids are random 12-digit numbers (see [`ClaimId::fresh`]), so that analysts who add
/// claims apart (on two git branches, two laptops) do not give two claims one id. Ids of
/// older projects (1, 2, 3...) are kept as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(pub u64);

impl ClaimId {
    /// The range new ids are drawn from: 12 decimal digits (about 2^39.7 values), short
    /// enough to read and to quote, and below 2^53 so that JavaScript reads them exactly.
    pub const NEW: std::ops::RangeInclusive<u64> = 100_000_000_000..=999_999_999_999;

    /// A random id for which `taken` is false.
    pub fn fresh(taken: impl Fn(ClaimId) -> bool) -> ClaimId {
        loop {
            let id = ClaimId(fastrand::u64(Self::NEW));
            if !taken(id) {
                return id;
            }
        }
    }
}

/// What the analyst has found out about a claim.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Unchecked,
    Checked,
    Disputed,
    False,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Unchecked,
        Status::Checked,
        Status::Disputed,
        Status::False,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Unchecked => "unchecked",
            Status::Checked => "checked",
            Status::Disputed => "disputed",
            Status::False => "false",
        }
    }
}

/// A tagged quote in one release.
///
/// `created` and `modified` are Unix time in whole seconds (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    /// The release's stable id (`Release::id`).
    pub release: String,
    pub anchor: Anchor,
    /// Sorted, no duplicates.
    #[serde(default)]
    pub tags: Vec<TagId>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub modified: i64,
}

impl Claim {
    pub fn has_tag(&self, tag: TagId) -> bool {
        self.tags.binary_search(&tag).is_ok()
    }

    /// Sorts and deduplicates the tags.
    pub fn normalise(&mut self) {
        self.tags.sort_unstable();
        self.tags.dedup();
    }
}

/// Now, as Unix seconds (0 if the clock is before 1970).
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The name claims are signed with when none is set: the system user's, else "analyst".
/// The window and the command line both use it, so a claim never has an empty author.
pub fn default_author() -> String {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|n| n.trim().to_owned())
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| "analyst".to_owned())
}
