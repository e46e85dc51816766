//! What a search returns.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use super::check::Span;
use super::fold::token_end;
use super::sentence::sentence_around;
use crate::archive::Archive;

/// One match: byte offsets in `Release::text`, and the sentence around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub sentence: (usize, usize),
}

impl Hit {
    /// The hit at `span` of `text`, with its sentence; a span without an end (see [`Span`])
    /// ends where the token at its start does.
    pub(super) fn in_text(text: &str, (start, end): Span) -> Hit {
        let (start, end) = (start as usize, end as usize);
        Hit {
            start,
            end: if end == start {
                token_end(text, start)
            } else {
                end
            },
            sentence: sentence_around(text, start),
        }
    }
}

/// The hits in one release, sorted by offset; reads as a `&[Hit]`.
///
/// A search of words knows where every hit starts from the index alone (a phrase, where it
/// starts and ends from the text around its words); their ends and sentences need the
/// release's text, which the window, reopening an archive from its cache, puts together
/// only when read. Such hits are worked out when first read, so a search touches the texts
/// of the releases it shows, not of every release it matches. [`Hits::len`] counts them
/// without reading any text.
#[derive(Clone)]
pub struct Hits(Repr);

#[derive(Clone)]
enum Repr {
    Found(Vec<Hit>),
    Later {
        shared: Arc<SharedSpans>,
        release: usize,
        /// Its hits' part of `shared.spans`.
        range: std::ops::Range<usize>,
        hits: OnceLock<Vec<Hit>>,
    },
}

/// The spans of every release a search in the window lists, one after another, and the
/// archive whose texts they are in: each release's [`Hits`] holds its part.
pub struct SharedSpans {
    pub archive: Arc<Archive>,
    /// Where each hit starts and ends (see [`Span`]).
    pub spans: Vec<Span>,
}

impl Hits {
    /// Hits whose sentences (and the ends not given, those of the token at the start: see
    /// [`Span`]) are found in the archive's release `release` when read; `shared.spans[range]`
    /// sorted, without repeats.
    pub fn at_spans(
        shared: Arc<SharedSpans>,
        release: usize,
        range: std::ops::Range<usize>,
    ) -> Hits {
        Hits(Repr::Later {
            shared,
            release,
            range,
            hits: OnceLock::new(),
        })
    }

    /// How many hits, without reading the release's text.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Found(h) => h.len(),
            Repr::Later { range, .. } => range.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn as_slice(&self) -> &[Hit] {
        match &self.0 {
            Repr::Found(h) => h,
            Repr::Later {
                shared,
                release,
                range,
                hits,
            } => hits.get_or_init(|| {
                let text = shared
                    .archive
                    .releases
                    .get(*release)
                    .map_or("", |r| r.text.as_str());
                let spans = shared.spans.get(range.clone()).unwrap_or_default();
                spans.iter().map(|&s| Hit::in_text(text, s)).collect()
            }),
        }
    }

    /// Whether the hits have been worked out (or were found with the text at hand).
    pub fn is_ready(&self) -> bool {
        match &self.0 {
            Repr::Found(_) => true,
            Repr::Later { hits, .. } => hits.get().is_some(),
        }
    }
}

impl From<Vec<Hit>> for Hits {
    fn from(hits: Vec<Hit>) -> Self {
        Hits(Repr::Found(hits))
    }
}

impl Deref for Hits {
    type Target = [Hit];

    fn deref(&self) -> &[Hit] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Hits {
    type Item = &'a Hit;
    type IntoIter = std::slice::Iter<'a, Hit>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq for Hits {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Hits {}

impl fmt::Debug for Hits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

/// The hits in one release, sorted by offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseHits {
    /// Index into `Archive::releases`.
    pub release: usize,
    pub hits: Hits,
}

/// Matching releases in archive order (at most `limit` of them), with totals over all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub releases: Vec<ReleaseHits>,
    /// Hits in all matching releases, including those beyond `limit`.
    pub total_hits: usize,
    /// Matching releases, including those beyond `limit`.
    pub total_releases: usize,
}
