//! The codebook: the project's tags, sorted by id.

use serde::{Deserialize, Serialize};

use super::{Tag, TagId};

/// Tags sorted by id; names are unique (ignoring case).
///
/// Change it through `Edit`s (`Edit::create_tag`, `rename_tag`, ...), so it can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Codebook {
    tags: Vec<Tag>,
}

/// Distinct colours for new tags, in order.
pub const PALETTE: [[u8; 3]; 12] = [
    [0x1f, 0x77, 0xb4],
    [0xff, 0x7f, 0x0e],
    [0x2c, 0xa0, 0x2c],
    [0xd6, 0x27, 0x28],
    [0x94, 0x67, 0xbd],
    [0x8c, 0x56, 0x4b],
    [0xe3, 0x77, 0xc2],
    [0x7f, 0x7f, 0x7f],
    [0xbc, 0xbd, 0x22],
    [0x17, 0xbe, 0xcf],
    [0x39, 0x3b, 0x79],
    [0xad, 0x49, 0x4a],
];

impl Codebook {
    /// Builds a codebook from tags in any order (sorted here).
    pub fn from_tags(mut tags: Vec<Tag>) -> Codebook {
        tags.sort_by_key(|t| t.id);
        Codebook { tags }
    }

    /// A starting codebook for government announcements.
    pub fn default_announcements() -> Codebook {
        let names = [
            (
                "migration figure",
                "A number of people arriving, leaving or staying.",
            ),
            ("funding total", "An amount of money committed or spent."),
            (
                "crime statistic",
                "A count or rate of offences, arrests or convictions.",
            ),
            (
                "target or pledge",
                "A number the government promises to reach.",
            ),
            ("policy promise", "A commitment to act, without a number."),
            ("quote", "Words attributed to a named speaker."),
            (
                "comparison",
                "A rise, fall or ranking against another time or place.",
            ),
            (
                "attribution",
                "A figure credited to a source (ONS, a survey, ...).",
            ),
        ];
        let tags = names
            .iter()
            .zip(PALETTE)
            .zip(1u32..)
            .map(|(((name, description), colour), id)| Tag {
                description: (*description).to_owned(),
                ..Tag::new(TagId(id), name, colour)
            })
            .collect();
        Codebook { tags }
    }

    /// Sorted by id.
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    pub fn get(&self, id: TagId) -> Option<&Tag> {
        self.position(id).map(|i| &self.tags[i])
    }

    /// The tag with this name, ignoring case and surrounding space.
    pub fn by_name(&self, name: &str) -> Option<&Tag> {
        let name = name.trim();
        self.tags.iter().find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// A new id no tag has (random: see [`TagId::fresh`]).
    pub fn next_id(&self) -> TagId {
        TagId::fresh(|id| self.get(id).is_some())
    }

    /// The palette colour used least so far.
    pub fn next_colour(&self) -> [u8; 3] {
        let mut best = PALETTE[0];
        let mut best_count = usize::MAX;
        for colour in PALETTE {
            let count = self.tags.iter().filter(|t| t.colour == colour).count();
            if count < best_count {
                best = colour;
                best_count = count;
            }
        }
        best
    }

    /// Tags whose parent is `id`, sorted by id.
    pub fn children(&self, id: TagId) -> Vec<TagId> {
        self.tags
            .iter()
            .filter(|t| t.parent == Some(id))
            .map(|t| t.id)
            .collect()
    }

    /// True if `ancestor` is `id` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: TagId, id: TagId) -> bool {
        let mut current = Some(id);
        let mut steps = 0;
        while let Some(c) = current {
            if c == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.tags.len() {
                return false;
            }
            current = self.get(c).and_then(|t| t.parent);
        }
        false
    }

    pub(crate) fn position(&self, id: TagId) -> Option<usize> {
        self.tags.binary_search_by_key(&id, |t| t.id).ok()
    }

    /// Inserts or replaces by id; returns the tag replaced.
    pub(crate) fn put(&mut self, tag: Tag) -> Option<Tag> {
        match self.tags.binary_search_by_key(&tag.id, |t| t.id) {
            Ok(i) => Some(std::mem::replace(&mut self.tags[i], tag)),
            Err(i) => {
                self.tags.insert(i, tag);
                None
            }
        }
    }

    pub(crate) fn take(&mut self, id: TagId) -> Option<Tag> {
        self.position(id).map(|i| self.tags.remove(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_codebook_has_distinct_colours() {
        let book = Codebook::default_announcements();
        let mut colours: Vec<_> = book.tags().iter().map(|t| t.colour).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), book.len());
        assert!(book.by_name("Migration Figure").is_some());
        let id = book.next_id();
        assert!(TagId::NEW.contains(&id.0) && book.get(id).is_none());
    }
}
