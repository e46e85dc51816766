//! Sentence bounds and words around a figure, for the checks and suggestions.

/// Byte range of the sentence holding `start..end`: back to the previous
/// sentence end (". ", "! ", "? ", ": " or a line break) and on to the next.
pub(crate) fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let start = start.min(bytes.len());
    let end = end.clamp(start, bytes.len());
    let mut s = start;
    while s > 0 {
        let b = bytes[s - 1];
        if b == b'\n' || (b == b' ' && s >= 2 && is_stop(bytes[s - 2])) {
            break;
        }
        s -= 1;
    }
    let mut e = end;
    while e < bytes.len() {
        let b = bytes[e];
        if b == b'\n' || (is_stop(b) && bytes.get(e + 1).is_none_or(|n| *n == b' ' || *n == b'\n'))
        {
            break;
        }
        e += 1;
    }
    (s, e)
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
}
