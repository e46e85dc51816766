//! Which of a colleague's tags to fold into one of ours during a merge. Tags are matched by
//! name anyway; a `TagMap` says that their tag with another name means one of ours (their
//! "Funding" is our "funding total").

use std::collections::BTreeMap;

use crate::project::{Codebook, Tag};

/// Their tag name -> our tag name, both compared ignoring case and surrounding spaces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagMap {
    onto: BTreeMap<String, String>,
}

impl TagMap {
    pub fn new() -> Self {
        TagMap::default()
    }

    /// Maps their tag `theirs` onto our tag `ours` (replacing an earlier mapping of it).
    pub fn map(&mut self, theirs: &str, ours: &str) {
        self.onto.insert(key(theirs), ours.trim().to_owned());
    }

    /// The builder form of [`TagMap::map`].
    pub fn with(mut self, theirs: &str, ours: &str) -> Self {
        self.map(theirs, ours);
        self
    }

    /// Our tag name that their tag `theirs` is mapped onto.
    pub fn get(&self, theirs: &str) -> Option<&str> {
        self.onto.get(&key(theirs)).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.onto.is_empty()
    }
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Their tags whose names none of ours has (in their codebook's order): the ones a merge
/// would add unless they are mapped.
pub fn unmatched_tags<'a>(ours: &Codebook, theirs: &'a Codebook) -> Vec<&'a Tag> {
    theirs
        .tags()
        .iter()
        .filter(|t| ours.by_name(&t.name).is_none())
        .collect()
}
