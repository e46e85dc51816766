//! Phrases two texts share: word n-gram hashing, then greedy extension.

use std::collections::HashMap;

use super::words::{words, Word};

/// A run of at least `min_words` words found in both texts (byte ranges; folded match).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SharedPhrase {
    pub a: (usize, usize),
    pub b: (usize, usize),
    pub words: usize,
}

fn gram_hash(ws: &[Word]) -> u64 {
    ws.iter()
        .fold(0u64, |h, w| h.rotate_left(7).wrapping_mul(31) ^ w.hash)
}

/// Maximal shared phrases, sorted by position in `a` then `b`. Each stretch of `a` is
/// used once (its longest match in `b`, earliest on ties).
pub fn shared_phrases(a: &str, b: &str, min_words: usize) -> Vec<SharedPhrase> {
    let n = min_words.max(1);
    let wa = words(a);
    let wb = words(b);
    if wa.len() < n || wb.len() < n {
        return Vec::new();
    }
    let mut grams: HashMap<u64, Vec<usize>> = HashMap::with_capacity(wb.len());
    for j in 0..=wb.len() - n {
        grams.entry(gram_hash(&wb[j..j + n])).or_default().push(j);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + n <= wa.len() {
        let mut best: Option<(usize, usize)> = None;
        if let Some(starts) = grams.get(&gram_hash(&wa[i..i + n])) {
            for &j in starts {
                let len = wa[i..]
                    .iter()
                    .zip(&wb[j..])
                    .take_while(|(x, y)| x.hash == y.hash)
                    .count();
                if len >= n && best.is_none_or(|(_, l)| len > l) {
                    best = Some((j, len));
                }
            }
        }
        match best {
            Some((j, len)) => {
                out.push(SharedPhrase {
                    a: (wa[i].start, wa[i + len - 1].end),
                    b: (wb[j].start, wb[j + len - 1].end),
                    words: len,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    out.sort_unstable();
    out
}
