//! A tag of the codebook.

use serde::{Deserialize, Serialize};

/// A tag's stable id: it stays with its tag, and no two tags of a project share one. A
/// freed id (its tag deleted) is not remembered: see docs/project-format.md, *Ids*.
///
/// New ids are random 9-digit numbers (see [`TagId::fresh`]) so that tags added apart do not
/// share an id; the default codebook's tags are 1 to 8 in every project, and ids of older
/// projects are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagId(pub u32);

impl TagId {
    /// The range new ids are drawn from: 9 decimal digits.
    pub const NEW: std::ops::RangeInclusive<u32> = 100_000_000..=999_999_999;

    /// A random id for which `taken` is false.
    pub fn fresh(taken: impl Fn(TagId) -> bool) -> TagId {
        loop {
            let id = TagId(fastrand::u32(Self::NEW));
            if !taken(id) {
                return id;
            }
        }
    }
}

/// A category for claims ("migration figure", "funding total", ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub id: TagId,
    pub name: String,
    /// sRGB.
    pub colour: [u8; 3],
    #[serde(default)]
    pub description: String,
    /// A tag may sit under another (a tree, never a cycle).
    #[serde(default)]
    pub parent: Option<TagId>,
}

impl Tag {
    pub fn new(id: TagId, name: &str, colour: [u8; 3]) -> Tag {
        Tag {
            id,
            name: name.to_owned(),
            colour,
            description: String::new(),
            parent: None,
        }
    }
}
