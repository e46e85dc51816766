//! Words of a text with their byte ranges, folded for comparison.

use crate::search::{fold, Tokens};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    /// Hash of the folded word.
    pub hash: u64,
}

pub(crate) fn words(text: &str) -> Vec<Word> {
    Tokens::new(text)
        .map(|(start, end)| Word {
            start,
            end,
            hash: hash_str(&fold(text.get(start..end).unwrap_or(""))),
        })
        .collect()
}

/// FNV-1a (stable, fast enough for words).
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
