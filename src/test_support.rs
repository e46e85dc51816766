//! Shared set-up for unit tests: the bundled sample, and claims made on it.

use std::path::Path;

use crate::archive::Archive;
use crate::project::{Anchor, ClaimId, Edit, Project, TagId};

/// The bundled sample archive, parsed.
pub fn sample() -> Archive {
    let text = include_str!("../assets/home-office-may-2023.txt");
    Archive::parse_str(text, Path::new("home-office-may-2023.txt")).expect("the sample parses")
}

/// Claims `words` in the release whose title starts with `title`, with `tags`.
pub fn claim(a: &Archive, p: &mut Project, title: &str, words: &str, tags: Vec<TagId>) -> ClaimId {
    let r = a
        .releases
        .iter()
        .find(|r| r.title.starts_with(title))
        .expect("release");
    let start = r.text.find(words).expect("words");
    let anchor = Anchor::from_range(&r.text, start, start + words.len());
    let c = p.new_claim(&r.id, anchor, tags, 0);
    let id = c.id;
    Edit::AddClaim(c).apply(p).expect("adds");
    id
}
