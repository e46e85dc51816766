//! Comparing releases: phrases two texts share, a word diff for near-identical ones, and
//! the releases most like a given one.

mod align;
mod diff;
mod phrases;
mod similar;
mod words;

pub use align::Alignment;
pub use diff::{word_diff, DiffKind, DiffOp};
pub use phrases::{shared_phrases, SharedPhrase};
pub use similar::similar_releases;

#[cfg(test)]
mod tests;
