//! Which place in one release corresponds to a place in another, from the phrases they share:
//! what keeps matching passages level when two columns scroll together.

use super::SharedPhrase;

/// A piecewise-linear map from byte offsets in text A to byte offsets in text B, through
/// knots at the ends of shared phrases that keep their order in both texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// (offset in A, offset in B), increasing in both.
    knots: Vec<(usize, usize)>,
}

impl Alignment {
    /// `phrases` sorted by position in A, as `shared_phrases` returns them.
    pub fn new(phrases: &[SharedPhrase], len_a: usize, len_b: usize) -> Alignment {
        let chain = ordered_chain(phrases);
        let mut knots = Vec::with_capacity(chain.len() * 2 + 2);
        knots.push((0, 0));
        for p in chain {
            knots.push((p.a.0.min(len_a), p.b.0.min(len_b)));
            knots.push((p.a.1.min(len_a), p.b.1.min(len_b)));
        }
        knots.push((len_a, len_b));
        // Clamping can leave knots out of order at the ends; keep only increasing ones.
        let mut kept: Vec<(usize, usize)> = Vec::with_capacity(knots.len());
        for k in knots {
            if kept.last().is_none_or(|l| k.0 >= l.0 && k.1 >= l.1) {
                kept.push(k);
            }
        }
        Alignment { knots: kept }
    }

    /// The offset in B that corresponds to `at` in A.
    pub fn a_to_b(&self, at: usize) -> usize {
        interpolate(&self.knots, at, |k| k.0, |k| k.1)
    }

    /// The offset in A that corresponds to `at` in B.
    pub fn b_to_a(&self, at: usize) -> usize {
        interpolate(&self.knots, at, |k| k.1, |k| k.0)
    }
}

fn interpolate(
    knots: &[(usize, usize)],
    at: usize,
    from: impl Fn(&(usize, usize)) -> usize,
    to: impl Fn(&(usize, usize)) -> usize,
) -> usize {
    // The last knot at or before `at`, and the one after it.
    let i = knots.partition_point(|k| from(k) <= at);
    let (Some(lo), Some(hi)) = (knots.get(i.saturating_sub(1)), knots.get(i)) else {
        return knots.last().map(&to).unwrap_or(0);
    };
    let (x0, x1, y0, y1) = (from(lo), from(hi), to(lo), to(hi));
    if x1 <= x0 {
        return y0;
    }
    let t = (at.saturating_sub(x0)) as f64 / (x1 - x0) as f64;
    y0 + ((y1.saturating_sub(y0)) as f64 * t).round() as usize
}

/// The heaviest (by words) run of phrases that are in the same order in both texts: phrases
/// that cross each other cannot all be lined up, so the weaker ones are dropped.
fn ordered_chain(phrases: &[SharedPhrase]) -> Vec<&SharedPhrase> {
    let n = phrases.len();
    // best[i]: weight of the heaviest chain ending with phrase i; prev[i]: its predecessor.
    let mut best: Vec<usize> = Vec::with_capacity(n);
    let mut prev: Vec<Option<usize>> = Vec::with_capacity(n);
    for (i, p) in phrases.iter().enumerate() {
        let mut w = p.words;
        let mut from = None;
        for (j, q) in phrases.iter().enumerate().take(i) {
            if q.a.1 <= p.a.0 && q.b.1 <= p.b.0 && best[j] + p.words > w {
                w = best[j] + p.words;
                from = Some(j);
            }
        }
        best.push(w);
        prev.push(from);
    }
    let mut end = (0..n).max_by_key(|&i| (best[i], std::cmp::Reverse(i)));
    let mut chain = Vec::new();
    while let Some(i) = end {
        chain.push(&phrases[i]);
        end = prev[i];
    }
    chain.reverse();
    chain
}
