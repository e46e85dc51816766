//! Releases most like a given one: shared rare words (from the search index's postings)
//! and shared speakers.

use std::collections::HashSet;

use crate::archive::Archive;
use crate::search::{fold, SearchIndex, Tokens};

/// Rare words of the release looked up (the rarest first).
const RARE_WORDS: usize = 32;
/// Weight of a shared speaker, relative to a shared rare word's idf.
const SPEAKER_WEIGHT: f32 = 2.0;

/// Up to `k` releases most like `release`, best first, with a score in 0..=1.
/// Needs the archive's search index (built once).
pub fn similar_releases(
    archive: &Archive,
    index: &SearchIndex,
    release: usize,
    k: usize,
) -> Vec<(usize, f32)> {
    let Some(r) = archive.releases.get(release) else {
        return Vec::new();
    };
    let n = archive.releases.len();
    let mut terms: Vec<(usize, String)> = Tokens::new(&r.text)
        .map(|(s, e)| fold(r.text.get(s..e).unwrap_or("")))
        .filter(|w| w.chars().count() > 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .collect::<HashSet<_>>()
        .into_iter()
        .map(|w| (index.document_frequency(&w), w))
        .filter(|(df, _)| *df > 1)
        .collect();
    terms.sort_unstable();
    terms.truncate(RARE_WORDS);
    let mut score = vec![0f32; n];
    let mut best_possible = 0f32;
    for (df, term) in &terms {
        let idf = ((n as f32 + 1.0) / (*df as f32)).ln();
        best_possible += idf;
        for other in index.releases_with(term) {
            if let Some(s) = score.get_mut(other) {
                *s += idf;
            }
        }
    }
    let speakers: HashSet<&str> = r.speakers.iter().map(|s| s.name.as_str()).collect();
    if !speakers.is_empty() {
        best_possible += SPEAKER_WEIGHT;
        for (i, other) in archive.releases.iter().enumerate() {
            if other
                .speakers
                .iter()
                .any(|s| speakers.contains(s.name.as_str()))
            {
                if let Some(s) = score.get_mut(i) {
                    *s += SPEAKER_WEIGHT;
                }
            }
        }
    }
    let mut ranked: Vec<(usize, f32)> = score
        .into_iter()
        .enumerate()
        .filter(|&(i, s)| i != release && s > 0.0)
        .map(|(i, s)| (i, (s / best_possible.max(f32::EPSILON)).min(1.0)))
        .collect();
    let order = |x: &(usize, f32), y: &(usize, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
    if k < ranked.len() {
        ranked.select_nth_unstable_by(k, order);
        ranked.truncate(k);
    }
    ranked.sort_unstable_by(order);
    ranked
}
