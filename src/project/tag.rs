//! A tag of the codebook.

use serde::{Deserialize, Serialize};

/// A tag's stable id. Never reused within a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagId(pub u32);

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
