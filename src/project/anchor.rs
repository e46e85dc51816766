//! Where a claim sits in a release: a quote selector and a position selector.

use serde::{Deserialize, Serialize};

/// How much context `Anchor::from_range` keeps on each side, in characters.
pub const CONTEXT_CHARS: usize = 32;

/// W3C TextQuoteSelector (`exact`, `prefix`, `suffix`) plus TextPositionSelector (`start`, `end`).
///
/// `start` and `end` are UTF-8 **byte** offsets into the release's canonical text
/// (`Release::text`), in memory and in the project file alike; `end` is exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Anchor {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    pub start: usize,
    pub end: usize,
}

impl Anchor {
    /// The anchor of `text[start..end]`, with up to `CONTEXT_CHARS` characters of context on
    /// each side. Offsets are clamped to the text and moved back to character boundaries.
    pub fn from_range(text: &str, start: usize, end: usize) -> Anchor {
        let end = floor_boundary(text, end.min(text.len()));
        let start = floor_boundary(text, start.min(end));
        let before = &text[..start];
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let after = &text[end..];
        let suffix_len = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Anchor {
            exact: text[start..end].to_owned(),
            prefix: before[prefix_start..].to_owned(),
            suffix: after[..suffix_len].to_owned(),
            start,
            end,
        }
    }

    /// True if `text` holds the quote exactly at the stored position.
    pub fn matches_at_position(&self, text: &str) -> bool {
        text.get(self.start..self.end) == Some(self.exact.as_str())
    }
}

/// The largest character boundary at or before `i` (`i` must be `<= text.len()`).
pub(crate) fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary at or after `i` (`i` must be `<= text.len()`).
pub(crate) fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_char_safe() {
        let text = "ééééé the quote ü€ and more";
        let start = text.find("the").unwrap_or(0);
        let a = Anchor::from_range(text, start, start + 9);
        assert_eq!(a.exact, "the quote");
        assert_eq!(a.prefix, "ééééé ");
        assert_eq!(a.suffix, " ü€ and more");
        // An offset inside a character is moved back to its start.
        let b = Anchor::from_range(text, 1, 3);
        assert_eq!(b.exact, "é");
        assert!(b.matches_at_position(text));
    }

    #[test]
    fn context_is_limited() {
        let text = "a".repeat(100) + "X" + &"b".repeat(100);
        let a = Anchor::from_range(&text, 100, 101);
        assert_eq!(a.prefix.len(), CONTEXT_CHARS);
        assert_eq!(a.suffix.len(), CONTEXT_CHARS);
    }
}
