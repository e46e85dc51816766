//! Sentence bounds and words around a figure, for the checks and suggestions.

/// A sentence reaches at most this many bytes either side of its figure (about a hundred
/// words; the longest sentence of the sample is 376 bytes): text
/// without sentence ends (a 10 MB line of table cells) made every figure's sentence the whole
/// line, and the checks quadratic. The checks read every word of each figure's sentence, so
/// the reach is what a figure costs in such text.
pub(crate) const MAX_SENTENCE_REACH: usize = 640;

/// Byte range of the sentence holding `start..end`: back to the previous
/// sentence end (". ", "! ", "? ", ": " or a line break) and on to the next, but no further
/// than [`MAX_SENTENCE_REACH`] bytes either side (cut on a character boundary).
pub(crate) fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let start = start.min(bytes.len());
    let end = end.clamp(start, bytes.len());
    let floor = start.saturating_sub(MAX_SENTENCE_REACH);
    let ceiling = end.saturating_add(MAX_SENTENCE_REACH).min(bytes.len());
    let mut s = start;
    while s > floor {
        let b = bytes[s - 1];
        if b == b'\n' || (b == b' ' && s >= 2 && is_stop(bytes[s - 2])) {
            break;
        }
        s -= 1;
    }
    let mut e = end;
    while e < ceiling {
        let b = bytes[e];
        if b == b'\n' || (is_stop(b) && bytes.get(e + 1).is_none_or(|n| *n == b' ' || *n == b'\n'))
        {
            break;
        }
        e += 1;
    }
    while !text.is_char_boundary(s) {
        s += 1;
    }
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    (s, e.max(s))
}

fn is_stop(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b';')
}

/// Lower-case words (letters, digits, apostrophes and hyphens) of a text.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// Whether any word of `text` starts with one of `stems`.
pub(crate) fn has_stem(text: &str, stems: &[&str]) -> bool {
    words(text).any(|w| stems.iter().any(|s| w.starts_with(s)))
}

/// The text just before `at`, back to `max` bytes (on a char boundary).
pub(crate) fn before(text: &str, at: usize, max: usize) -> &str {
    let at = at.min(text.len());
    let mut from = at.saturating_sub(max);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text.get(from..at).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_sentence() {
        let t = "First one. Up to £39 million has been allocated to 50 projects. Next.";
        let at = t.find("£39").unwrap();
        let (s, e) = sentence_around(t, at, at + 3);
        assert_eq!(
            &t[s..e],
            "Up to £39 million has been allocated to 50 projects"
        );
        let t = "It costs £1.2 million\nand more";
        let (s, e) = sentence_around(t, 9, 12);
        assert_eq!(&t[s..e], "It costs £1.2 million");
    }

    #[test]
    fn matches_stems() {
        assert!(has_stem("Many repeat Offenders", &["offend"]));
        assert!(!has_stem("migrant", &["migration"]));
    }

    /// A line with no sentence end (cells of a flattened table, built from the sample's
    /// words): the sentence stops at the reach instead of taking the whole line.
    #[test]
    fn a_sentence_without_ends_is_bounded() {
        let cell = "net migration £5 million – 12 projects | ";
        let line = cell.repeat(20_000);
        for at in [0, 7, line.len() / 2, line.len() - 3] {
            let at = (at..).find(|i| line.is_char_boundary(*i)).unwrap_or(0);
            let (s, e) = sentence_around(&line, at, at + 5);
            assert!(s <= at && at <= e, "{s} {at} {e}");
            assert!(e - s <= 2 * MAX_SENTENCE_REACH + 8, "{} bytes", e - s);
            assert!(line.is_char_boundary(s) && line.is_char_boundary(e));
        }
    }
}
