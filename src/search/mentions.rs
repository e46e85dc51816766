//! Releases that mention the same words as a passage: the window's "compare with releases
//! that mention this", as plain data.

use crate::archive::Archive;

use super::{Query, SearchIndex};

/// Up to `limit` releases other than `own` whose text has `words` as a phrase, in the
/// search's order (most hits first).
pub fn mentions(
    index: &SearchIndex,
    archive: &Archive,
    words: &str,
    own: usize,
    limit: usize,
) -> Vec<usize> {
    // Quotes inside the words would end the phrase early.
    let query = Query::parse(&format!("\"{}\"", words.replace('"', " ")));
    // A few more than asked: `own` is among them.
    index
        .search(archive, &query, limit.saturating_add(50))
        .releases
        .iter()
        .map(|h| h.release)
        .filter(|&r| r != own)
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_in_several_releases_finds_the_others_only() {
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/home-office-may-2023.txt"
        );
        let archive = Archive::load(&[sample.into()]).expect("sample");
        let index = SearchIndex::build(&archive);
        let with: Vec<usize> = archive
            .releases
            .iter()
            .enumerate()
            .filter(|(_, r)| r.text.to_lowercase().contains("home secretary"))
            .map(|(i, _)| i)
            .collect();
        assert!(
            with.len() >= 3,
            "the sample has the phrase in three releases or more"
        );
        let own = with[0];
        let found = mentions(&index, &archive, "Home Secretary", own, 50);
        assert!(!found.contains(&own));
        let mut sorted = found.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, with[1..].to_vec());
        assert_eq!(
            mentions(&index, &archive, "Home Secretary", own, 1).len(),
            1
        );
        // Not the words one by one: a phrase.
        assert!(mentions(&index, &archive, "Secretary Home", own, 50).is_empty());
    }
}
