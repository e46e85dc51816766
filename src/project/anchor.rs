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

/// A selection widened to whole words and trimmed of surrounding spaces, so that a drag that
/// stops inside a word or a number ("over 5" of "over 500,000") claims the whole of it.
/// Offsets are bytes of `text`; the result is `(start, end)` with `start <= end`.
pub fn snap_to_words(text: &str, start: usize, end: usize) -> (usize, usize) {
    let end = floor_boundary(text, end.min(text.len()));
    let mut start = floor_boundary(text, start.min(end));
    let mut end = end;
    // Trim spaces the drag took in at either end.
    while start < end && text[start..].starts_with(char::is_whitespace) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    while end > start && text[..end].ends_with(char::is_whitespace) {
        end -= text[..end].chars().next_back().map_or(1, char::len_utf8);
    }
    if start == end {
        return (start, end);
    }
    // Widen while the selection's edge splits a word.
    while let Some(c) = text[..start].chars().next_back() {
        if !joins(text, start - c.len_utf8(), start) {
            break;
        }
        start -= c.len_utf8();
    }
    while let Some(c) = text[end..].chars().next() {
        if !joins(text, end - 1, end) {
            break;
        }
        end += c.len_utf8();
    }
    (start, end)
}

/// Whether the characters either side of byte `at` (the one before it starts at `before`)
/// belong to one word: letters and digits, or the `,` or `.` inside a number ("500,000",
/// "39.5"). Apostrophes and hyphens end a word, so "UK" in "UK’s" stays "UK".
fn joins(text: &str, before: usize, at: usize) -> bool {
    let before = floor_boundary(text, before);
    let (Some(a), Some(b)) = (text[before..].chars().next(), text[at..].chars().next()) else {
        return false;
    };
    if a.is_alphanumeric() && b.is_alphanumeric() {
        return true;
    }
    let separator = |c: char| matches!(c, ',' | '.');
    if a.is_ascii_digit() && separator(b) {
        return text[at..]
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit());
    }
    if separator(a) && b.is_ascii_digit() {
        return text[..before]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit());
    }
    false
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

    #[test]
    fn selections_snap_to_whole_words_and_numbers() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/home-office-may-2023.txt"
        );
        let text = std::fs::read_to_string(path).expect("the bundled sample");
        let snapped = |from: &str| {
            let start = text.find(from).expect("in the sample");
            let (s, e) = snap_to_words(&text, start, start + from.len());
            text[s..e].to_owned()
        };
        // A drag that stops inside a number claims all of it.
        assert_eq!(snapped("over 5"), "over 500,000");
        assert_eq!(snapped("to 136,0"), "to 136,000");
        assert_eq!(snapped("ecretar"), "Secretary");
        // Spaces taken in at the ends are dropped; whole words and sentence ends stay.
        assert_eq!(snapped(" net migration "), "net migration");
        assert_eq!(snapped("136,000 people."), "136,000 people.");
        assert_eq!(snapped("UK"), "UK");
        // All spaces: nothing.
        let start = text.find("  ").expect("two spaces");
        let (s, e) = snap_to_words(&text, start, start + 2);
        assert_eq!(s, e);
    }
}
