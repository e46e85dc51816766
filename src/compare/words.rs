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
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (start, end) in Tokens::new(text) {
        // "136,000" and "39.5" are one word, so a changed figure differs as a whole.
        if let Some(last) = spans.last_mut() {
            if joins_number(text, last.1, start) {
                last.1 = end;
                continue;
            }
        }
        spans.push((start, end));
    }
    spans
        .into_iter()
        .map(|(start, end)| Word {
            start,
            end,
            hash: hash_str(&fold(text.get(start..end).unwrap_or(""))),
        })
        .collect()
}

/// Whether a token ending at `prev_end` and one starting at `start` are parts of one number:
/// digits on both sides of a single `,` or `.`.
fn joins_number(text: &str, prev_end: usize, start: usize) -> bool {
    let bytes = text.as_bytes();
    start == prev_end + 1
        && matches!(bytes.get(prev_end), Some(b',' | b'.'))
        && bytes
            .get(prev_end.wrapping_sub(1))
            .is_some_and(u8::is_ascii_digit)
        && bytes.get(start).is_some_and(u8::is_ascii_digit)
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
