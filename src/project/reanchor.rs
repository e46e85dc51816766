//! Places claims again after the archive text changed.
//!
//! For each claim, in this order (after Hypothesis):
//! 1. the quote is at the stored position: **exact**;
//! 2. the quote is elsewhere in the release: **moved** to the occurrence scored best by
//!    context (prefix and suffix) and nearness to the old position;
//! 3. an approximate match (edit distance of the quote, then context and distance) is
//!    confident enough: **fuzzy**;
//! 4. otherwise, or if the release is gone: **orphaned**. Orphans are never moved.

use std::collections::HashMap;

use crate::archive::Archive;

use super::anchor::{ceil_boundary, floor_boundary};
use super::{Anchor, ClaimId, Edit, Project};

/// How far from the old position an approximate match is looked for, in bytes.
pub const FUZZY_WINDOW: usize = 4096;
/// Lowest quote similarity (0..1) accepted for a fuzzy match.
pub const MIN_SIMILARITY: f32 = 0.75;
/// Lowest overall confidence (0..1) accepted for a moved or fuzzy match.
pub const MIN_CONFIDENCE: f32 = 0.7;
/// Quotes shorter than this (bytes) also need their context to match when moved or fuzzy.
pub const SHORT_QUOTE: usize = 20;
/// Quotes longer than this (bytes) are matched approximately piece by piece, in time linear
/// in the quote; shorter ones by edit distance, which is exact but takes quote × window time
/// (a claim quoting 1 MB took minutes).
pub const LONG_QUOTE: usize = 1024;
/// The pieces a long quote is matched by, in bytes.
const PIECE: usize = 64;
/// How far past where a piece was expected it is looked for (text inserted inside the quote,
/// or the text of pieces not found before it).
const LOOKAHEAD: usize = 4096;

/// Where a claim ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Exact,
    Moved,
    Fuzzy,
    Orphaned,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Exact => "exact",
            Outcome::Moved => "moved",
            Outcome::Fuzzy => "fuzzy",
            Outcome::Orphaned => "orphaned",
        }
    }
}

/// One claim's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub claim: ClaimId,
    pub outcome: Outcome,
    /// Confidence 0..1 (1 for exact, 0 for orphans).
    pub confidence: f32,
    /// The anchor in today's text; `None` for an orphan.
    pub anchor: Option<Anchor>,
}

/// Counts by outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub exact: usize,
    pub moved: usize,
    pub fuzzy: usize,
    pub orphaned: usize,
}

/// Results for every claim, sorted by claim id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reanchoring {
    pub placements: Vec<Placement>,
}

impl Reanchoring {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for p in &self.placements {
            match p.outcome {
                Outcome::Exact => c.exact += 1,
                Outcome::Moved => c.moved += 1,
                Outcome::Fuzzy => c.fuzzy += 1,
                Outcome::Orphaned => c.orphaned += 1,
            }
        }
        c
    }

    /// Claims that could not be placed, sorted.
    pub fn orphans(&self) -> Vec<ClaimId> {
        self.placements
            .iter()
            .filter(|p| p.outcome == Outcome::Orphaned)
            .map(|p| p.claim)
            .collect()
    }

    pub fn get(&self, claim: ClaimId) -> Option<&Placement> {
        self.placements
            .binary_search_by_key(&claim, |p| p.claim)
            .ok()
            .map(|i| &self.placements[i])
    }

    /// One undoable edit giving moved and fuzzy claims their new anchors. Orphans and exact
    /// claims are left alone.
    pub fn edit(&self, project: &Project) -> Edit {
        let edits = self
            .placements
            .iter()
            .filter(|p| matches!(p.outcome, Outcome::Moved | Outcome::Fuzzy))
            .filter_map(|p| {
                let mut claim = project.claim(p.claim)?.clone();
                claim.anchor = p.anchor.clone()?;
                Some(Edit::UpdateClaim(claim))
            })
            .collect();
        Edit::Batch(edits)
    }
}

/// Places every claim of `project` in `archive`.
pub fn reanchor(project: &Project, archive: &Archive) -> Reanchoring {
    let index: HashMap<&str, usize> = archive.index_by_id();
    let placements = project
        .claims
        .values()
        .map(|claim| {
            let text = index
                .get(claim.release.as_str())
                .map(|&i| archive.releases[i].text.as_str());
            let (outcome, confidence, anchor) = match text {
                Some(text) => place(&claim.anchor, text),
                None => (Outcome::Orphaned, 0.0, None),
            };
            Placement {
                claim: claim.id,
                outcome,
                confidence,
                anchor,
            }
        })
        .collect();
    Reanchoring { placements }
}

/// Places one anchor in `text`.
pub fn place(anchor: &Anchor, text: &str) -> (Outcome, f32, Option<Anchor>) {
    if anchor.matches_at_position(text) {
        return (Outcome::Exact, 1.0, Some(anchor.clone()));
    }
    let orphan = (Outcome::Orphaned, 0.0, None);
    if anchor.exact.is_empty() {
        return orphan;
    }
    let short = anchor.exact.len() < SHORT_QUOTE;
    // Moved: the exact quote elsewhere.
    let finder = memchr::memmem::Finder::new(anchor.exact.as_bytes());
    let best = finder
        .find_iter(text.as_bytes())
        .map(|start| {
            let end = start + anchor.exact.len();
            let context = context_score(anchor, text, start, end);
            let confidence = 0.6 + 0.3 * context + 0.1 * nearness(anchor.start, start);
            (confidence, context, start, end)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((confidence, context, start, end)) = best {
        if confidence >= MIN_CONFIDENCE && (!short || context >= 0.5) {
            return (
                Outcome::Moved,
                confidence,
                Some(Anchor::from_range(text, start, end)),
            );
        }
        return orphan;
    }
    // Fuzzy: the closest approximate match near the old position.
    let Some((start, end, similarity)) = approximate(anchor, text) else {
        return orphan;
    };
    let context = context_score(anchor, text, start, end);
    let confidence = 0.6 * similarity + 0.3 * context + 0.1 * nearness(anchor.start, start);
    if similarity >= MIN_SIMILARITY && confidence >= MIN_CONFIDENCE && (!short || context >= 0.5) {
        (
            Outcome::Fuzzy,
            confidence,
            Some(Anchor::from_range(text, start, end)),
        )
    } else {
        orphan
    }
}

/// 1 at the same place, falling towards 0 as the distance grows past a few paragraphs.
fn nearness(old: usize, new: usize) -> f32 {
    let d = old.abs_diff(new) as f32;
    1.0 / (1.0 + d / 2000.0)
}

/// How well the stored prefix and suffix match the text around `start..end`, 0..1.
fn context_score(anchor: &Anchor, text: &str, start: usize, end: usize) -> f32 {
    let before_start = floor_boundary(text, start.saturating_sub(anchor.prefix.len()));
    let after_end = ceil_boundary(text, (end + anchor.suffix.len()).min(text.len()));
    let pre = similarity(
        anchor.prefix.as_bytes(),
        &text.as_bytes()[before_start..start],
    );
    let suf = similarity(anchor.suffix.as_bytes(), &text.as_bytes()[end..after_end]);
    (pre + suf) / 2.0
}

/// 1 - edit distance / longer length; 1 for two empty strings.
fn similarity(a: &[u8], b: &[u8]) -> f32 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f32 / longest as f32
}

fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The substring of `text` near the old position with the least edit distance to the quote
/// (Sellers' algorithm), as `(start, end, similarity)`; for a long quote, the estimate of
/// [`approximate_long`].
fn approximate(anchor: &Anchor, text: &str) -> Option<(usize, usize, f32)> {
    if anchor.exact.len() > LONG_QUOTE {
        return approximate_long(anchor, text);
    }
    let quote = anchor.exact.as_bytes();
    let lo = floor_boundary(
        text,
        anchor.start.min(text.len()).saturating_sub(FUZZY_WINDOW),
    );
    let hi = ceil_boundary(text, (anchor.end + FUZZY_WINDOW).min(text.len()));
    let window = &text.as_bytes()[lo..hi];
    if window.is_empty() {
        return None;
    }
    let expected_end = anchor.end.saturating_sub(lo);
    let (end, distance) = best_end(quote, window.iter().copied(), |j| j.abs_diff(expected_end))?;
    // The start: the same search backwards from the end, on reversed strings.
    let reversed: Vec<u8> = quote.iter().rev().copied().collect();
    let (len, _) = best_end(&reversed, window[..end].iter().rev().copied(), |j| {
        j.abs_diff(quote.len())
    })?;
    let end_abs = ceil_boundary(text, lo + end);
    let start_abs = floor_boundary(text, lo + end - len);
    if start_abs >= end_abs {
        return None;
    }
    let longest = quote.len().max(end_abs - start_abs);
    let similarity = 1.0 - distance as f32 / longest as f32;
    Some((start_abs, end_abs, similarity))
}

/// A long quote placed by its pieces of [`PIECE`] bytes, as `(start, end, similarity)`:
/// the first of its opening pieces found near the old position fixes where it begins; each
/// following piece is looked for just after the previous one (up to [`LOOKAHEAD`] bytes on,
/// so text inserted or deleted inside the quote is stepped over); the similarity is the share
/// of the quote's bytes found in order. Time is linear in the quote (each piece searches at
/// most `LOOKAHEAD` bytes), where edit distance would be quadratic.
fn approximate_long(anchor: &Anchor, text: &str) -> Option<(usize, usize, f32)> {
    use memchr::memmem;
    let quote = anchor.exact.as_bytes();
    let bytes = text.as_bytes();
    let pieces: Vec<(usize, &[u8])> = quote
        .chunks(PIECE)
        .enumerate()
        .map(|(i, piece)| (i * PIECE, piece))
        .collect();
    // Where it begins: one of the first pieces, nearest to where the old position puts it.
    let (first, found) = pieces
        .iter()
        .enumerate()
        .take(16)
        .find_map(|(k, (off, piece))| {
            let expected = anchor.start.saturating_add(*off).min(bytes.len());
            let lo = expected.saturating_sub(FUZZY_WINDOW);
            let hi = expected
                .saturating_add(FUZZY_WINDOW + piece.len())
                .min(bytes.len());
            memmem::find_iter(&bytes[lo..hi], piece)
                .map(|p| lo + p)
                .min_by_key(|p| p.abs_diff(expected))
                .map(|p| (k, p))
        })?;
    let start = found.saturating_sub(pieces[first].0);
    let mut cursor = found;
    let mut matched = 0;
    let mut missed = 0;
    for (_, piece) in &pieces[first..] {
        let hi = cursor
            .saturating_add(piece.len() + (missed + LOOKAHEAD).min(LOOKAHEAD * 2))
            .min(bytes.len());
        match memmem::find(&bytes[cursor.min(hi)..hi], piece) {
            Some(p) => {
                cursor += p + piece.len();
                matched += piece.len();
                missed = 0;
            }
            None => missed += piece.len(),
        }
    }
    // Pieces missing at the end are taken to have been replaced by as much text.
    let end = ceil_boundary(text, cursor.saturating_add(missed).min(bytes.len()));
    let start = floor_boundary(text, start.min(end));
    if start >= end {
        return None;
    }
    let longest = quote.len().max(end - start);
    let similarity = matched as f32 / longest as f32;
    Some((start, end, similarity))
}

/// Semi-global edit distance: for each end `j` in `text`, the least distance from `pattern`
/// to a substring ending at `j`. Returns the best `(j, distance)`, ties broken by `tie`.
fn best_end(
    pattern: &[u8],
    text: impl Iterator<Item = u8>,
    tie: impl Fn(usize) -> usize,
) -> Option<(usize, usize)> {
    let m = pattern.len();
    let mut column: Vec<usize> = (0..=m).collect();
    let mut best: Option<(usize, usize, usize)> = None; // (distance, tie, j)
    for (j0, c) in text.enumerate() {
        let mut diagonal = column[0];
        column[0] = 0;
        for i in 0..m {
            let up = column[i + 1];
            column[i + 1] = (diagonal + usize::from(pattern[i] != c))
                .min(up + 1)
                .min(column[i] + 1);
            diagonal = up;
        }
        let j = j0 + 1;
        let key = (column[m], tie(j), j);
        if best.is_none_or(|b| key < b) {
            best = Some(key);
        }
    }
    best.map(|(d, _, j)| (j, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The ONS estimated that net migration was over 500,000 from June 2021 to June 2022. Other words follow here.";

    fn anchor_of(text: &str, quote: &str) -> Anchor {
        let start = text.find(quote).unwrap_or(0);
        Anchor::from_range(text, start, start + quote.len())
    }

    #[test]
    fn exact_moved_fuzzy_orphaned() {
        let a = anchor_of(TEXT, "net migration was over 500,000");
        assert_eq!(place(&a, TEXT).0, Outcome::Exact);
        let inserted = format!("A new paragraph. {TEXT}");
        let (o, _, new) = place(&a, &inserted);
        assert_eq!(o, Outcome::Moved);
        assert_eq!(new.map(|n| n.start), inserted.find("net migration"));
        let changed = TEXT.replace("over 500,000", "over 600,000");
        let (o, _, new) = place(&a, &changed);
        assert_eq!(o, Outcome::Fuzzy);
        assert_eq!(
            new.map(|n| n.exact),
            Some("net migration was over 600,000".to_owned())
        );
        let gone = "Completely different text about something else entirely, nothing alike.";
        assert_eq!(place(&a, gone).0, Outcome::Orphaned);
    }

    #[test]
    fn short_quote_needs_context() {
        let a = anchor_of(TEXT, "500,000");
        let elsewhere = "Unrelated sentence mentioning 500,000 apples in a different place.";
        assert_eq!(place(&a, elsewhere).0, Outcome::Orphaned);
    }

    /// A claim quoting 150 kB of the sample's paragraphs (joined into one line, so one block),
    /// then a word changed in the middle, text inserted before it, and its last sentence
    /// changed: placed as fuzzy on the right words, by pieces.
    #[test]
    fn a_long_quote_is_placed_by_its_pieces() {
        let sample = include_str!("../../assets/home-office-may-2023.txt");
        let joined: Vec<&str> = sample
            .lines()
            .map(str::trim)
            .filter(|l| l.len() > 80 && !l.starts_with('•'))
            .collect();
        let mut line = String::new();
        while line.len() < 150_000 {
            line.push_str(&joined.join(" "));
            line.push(' ');
        }
        let text = format!("Opening words. {line}Closing words.");
        let quote_start = text.find(&line[..40]).unwrap_or(0);
        let a = Anchor::from_range(&text, quote_start, quote_start + line.len());
        assert!(a.exact.len() > LONG_QUOTE);
        // A word changed in the middle, a paragraph inserted before the quote.
        let middle = quote_start + line.len() / 2;
        let the = middle + text[middle..].find(" the ").unwrap_or(0);
        let edited = format!(
            "A new paragraph first.\n\n{} a {}",
            &text[..the],
            &text[the + " the ".len()..]
        );
        let (outcome, _, new) = place(&a, &edited);
        assert_eq!(outcome, Outcome::Fuzzy);
        let new = new.unwrap_or_default();
        let shift = "A new paragraph first.\n\n".len();
        assert_eq!(new.start, quote_start + shift);
        assert_eq!(
            new.exact.len(),
            line.len() - " the ".len() + " a ".len(),
            "ends where the quote now ends"
        );
        assert!(new.exact.ends_with(&line[line.len() - 100..]));
        // Mostly other words: an orphan.
        let other = format!("{}{}", &text[..quote_start + 5000], "x".repeat(line.len()));
        assert_eq!(place(&a, &other).0, Outcome::Orphaned);
    }

    #[test]
    fn levenshtein_basics() {
        assert_eq!(levenshtein(b"kitten", b"sitting"), 3);
        assert_eq!(levenshtein(b"", b"abc"), 3);
    }
}
