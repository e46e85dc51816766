//! One run of a search's candidate releases checked against its terms: words from the
//! index alone, phrases in the text around their rarest word (see [`phrase_in`]).

use super::fold::token_end;
use super::index::Plan;
use super::part::Part;
use super::phrase::{phrase_in, Phrase};
use super::posted::{around, Stale};
use super::postings::Entry;
use super::text_parts::TextParts;

/// Where a hit starts and ends, or starts twice when its end is that of the token there
/// (worked out when read; a hit is never empty). Offsets in a text fit in 32 bits, as in
/// the index's posting lists.
pub type Span = (u32, u32);

/// A span from byte offsets.
pub fn span(start: usize, end: Option<usize>) -> Span {
    let at = |o: usize| u32::try_from(o).unwrap_or(u32::MAX);
    (at(start), end.map_or(at(start), at))
}

/// The first and last offsets (plus one) of the phrases' anchors in `entries`: where a
/// check reads a release's text.
pub(super) fn phrase_offsets(plans: &[Plan<'_>], entries: &[Entry<'_>]) -> std::ops::Range<usize> {
    let mut offsets = plans
        .iter()
        .zip(entries)
        .filter(|(plan, _)| plan.tokens.len() > 1)
        .flat_map(|(_, entry)| entry.offsets());
    let Some(first) = offsets.next() else {
        return 0..0;
    };
    let (lo, hi) = offsets.fold((first, first), |(lo, hi), o| (lo.min(o), hi.max(o)));
    lo..hi + 1
}

/// What the terms of a query found in a run of candidates (on a thread of its own), in
/// order.
#[derive(Default)]
pub(super) struct Run {
    pub found: Vec<Found>,
    /// The hits' spans of every release found, one after another: where each starts and,
    /// if known, ends.
    pub spans: Vec<Span>,
}

impl Run {
    /// Keeps release `r`, found with `count` hits at `spans`.
    pub fn push(&mut self, r: u32, count: usize, spans: &[Span]) {
        let from = self.spans.len();
        self.spans.extend_from_slice(spans);
        self.found.push(Found {
            release: r,
            count,
            spans: from..self.spans.len(),
        });
    }
}

/// A release in which every term of a query is found.
pub(super) struct Found {
    pub release: u32,
    /// Hits of its terms (without those of a word being typed).
    pub count: usize,
    /// Its part of [`Run::spans`].
    pub spans: std::ops::Range<usize>,
}

/// How one release's terms are checked.
pub(super) struct Check<'t> {
    /// Whether a word not where the index says ends the check (the text is then read whole).
    pub strict: bool,
    pub want_hits: bool,
    /// The whole text, when at hand: hits' ends are then worked out now.
    pub text: Option<&'t str>,
}

impl Check<'_> {
    /// [`Self::terms`] for a query of words alone (`entries` of each), which cannot miss.
    pub fn words(&self, entries: &[Entry<'_>], spans: &mut Vec<Span>) -> usize {
        let mut count = 0;
        for entry in entries {
            count += entry.count as usize;
            if self.want_hits {
                let end = |o: usize| self.text.map(|t| token_end(t, o));
                spans.extend(entry.offsets().map(|o| span(o, end(o))));
            }
        }
        count
    }

    /// The hits of every term in a release (each term's anchor at `entries`), counted, with
    /// their spans added to `spans`; `None` if some term is not in it.
    pub fn terms(
        &self,
        plans: &[Plan<'_>],
        entries: &[Entry<'_>],
        parts: &mut TextParts<'_>,
        spans: &mut Vec<Span>,
        buf: &mut String,
    ) -> Result<Option<usize>, Stale> {
        let mut count = 0;
        for (plan, entry) in plans.iter().zip(entries) {
            if plan.tokens.len() == 1 {
                count += self.words(std::slice::from_ref(entry), spans);
                continue;
            }
            let before = spans.len();
            // A whole text at hand is read as it is; a text left in its archive file, a
            // part at a time, each checked against the index.
            let whole = parts.at_hand().map(Part::whole);
            for o in entry.offsets() {
                let at = (plan.anchor, o);
                let phrase = match &whole {
                    Some(p) => phrase_in(p, plan.tokens, at, false, buf).unwrap_or(Phrase::Missing),
                    None => around(parts, o, |p| phrase_in(p, plan.tokens, at, true, buf))?,
                };
                match phrase {
                    Phrase::At(s, e) => spans.push(span(s, Some(e))),
                    Phrase::Missing => {}
                    Phrase::Stale if self.strict => return Err(Stale),
                    Phrase::Stale => {}
                }
            }
            if spans.len() == before {
                return Ok(None);
            }
            count += spans.len() - before;
        }
        Ok(Some(count))
    }
}
