//! Full-text search over an archive: an inverted index from folded words to the releases
//! and byte offsets where they occur, and queries of words and "quoted phrases".
//!
//! Matching is case- and accent-insensitive (see [`fold`]); symbols such as `£` and `%`
//! are tokens of their own, so `£39 million` and `83%` can be searched.

mod check;
mod fold;
mod hasher;
mod index;
mod mentions;
mod part;
mod phrase;
mod posted;
mod postings;
mod query;
mod results;
mod scan;
mod sentence;
mod text_parts;

pub use fold::{fold, fold_char, Tokens};
pub(crate) use hasher::FxBuild;
pub use index::{releases_in_postings, MappedTerm, SearchIndex, StoredTerm};
pub use mentions::mentions;
pub use part::{Part, Short};
pub use posted::{around, Candidate, Posted, Sparse, Stale};
pub use postings::SharedBytes;
pub use query::Query;
pub use results::{Hit, Hits, ReleaseHits, SearchResults};
pub use scan::{Prefilter, Scanner};
pub use sentence::sentence_around;
pub(crate) use sentence::{sentence_in, SentenceBefore};
pub use text_parts::TextParts;
