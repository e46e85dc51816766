//! Byte-level helpers shared by the scanner: spaces, words, case-insensitive
//! comparison.
//!
//! Every position these return is a char boundary: they only step over ASCII
//! bytes or over whole, recognised multi-byte characters (no-break and thin
//! spaces), so the callers can slice the `&str` at them.

/// Bytes taken by one horizontal space at `i`: ASCII space or tab, no-break
/// space (U+00A0), thin space (U+2009) or narrow no-break space (U+202F).
/// 0 when there is none. Newlines are not horizontal spaces.
pub(crate) fn space_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ') | Some(b'\t') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0xA0) => 2,
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x89 | 0xAF)) => 3,
        _ => 0,
    }
}

/// Bytes taken by one horizontal space ending just before `i`, or 0.
pub(crate) fn space_len_before(b: &[u8], i: usize) -> usize {
    if i >= 1 && matches!(b[i - 1], b' ' | b'\t') {
        1
    } else if i >= 2 && b[i - 2] == 0xC2 && b[i - 1] == 0xA0 {
        2
    } else if i >= 3 && b[i - 3] == 0xE2 && b[i - 2] == 0x80 && matches!(b[i - 1], 0x89 | 0xAF) {
        3
    } else {
        0
    }
}

/// Skips a gap of one or two spaces at `i`; `None` when there is no space.
pub(crate) fn skip_gap(b: &[u8], i: usize) -> Option<usize> {
    let n = space_len(b, i);
    if n == 0 {
        return None;
    }
    let j = i + n;
    Some(j + space_len(b, j))
}

/// Skips back over a gap of one or two spaces ending at `i`.
pub(crate) fn skip_gap_back(b: &[u8], i: usize) -> Option<usize> {
    let n = space_len_before(b, i);
    if n == 0 {
        return None;
    }
    let j = i - n;
    Some(j - space_len_before(b, j))
}

/// End of the run of ASCII letters starting at `i`.
pub(crate) fn letters_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// Start of the run of ASCII letters ending just before `i`.
pub(crate) fn letters_start(b: &[u8], mut i: usize) -> usize {
    while i > 0 && b[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    i
}

/// End of the run of ASCII digits starting at `i`.
pub(crate) fn digits_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// End of the run of ASCII letters and digits starting at `i`.
pub(crate) fn alnum_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// End of a code-like token starting at `i`: letters and digits joined by
/// `. / : - _` ("2.5.1", "1:1", "24/7", "SW1A", "Covid-19").
pub(crate) fn code_end(b: &[u8], i: usize) -> usize {
    let mut j = alnum_end(b, i);
    while j + 1 < b.len()
        && matches!(b[j], b'.' | b'/' | b':' | b'-' | b'_')
        && b[j + 1].is_ascii_alphanumeric()
    {
        j = alnum_end(b, j + 1);
    }
    j.max(i + 1).min(b.len())
}

/// The word (ASCII letters) after a gap of one or two spaces at `i`.
pub(crate) fn next_word(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let s = skip_gap(b, i)?;
    let e = letters_end(b, s);
    (e > s).then_some((s, e))
}

/// The word (ASCII letters) before a gap of one or two spaces ending at `i`.
pub(crate) fn prev_word(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let e = skip_gap_back(b, i)?;
    let s = letters_start(b, e);
    (s < e).then_some((s, e))
}

/// `word` equals `lower` (an ASCII lower-case literal), ignoring case.
#[inline]
pub(crate) fn is(word: &[u8], lower: &str) -> bool {
    word.eq_ignore_ascii_case(lower.as_bytes())
}

/// The word after a gap at `i` if it is `lower` (ignoring case); returns its end.
pub(crate) fn next_is(b: &[u8], i: usize, lower: &str) -> Option<usize> {
    let (s, e) = next_word(b, i)?;
    is(&b[s..e], lower).then_some(e)
}

/// Lower-case copy of an ASCII word.
pub(crate) fn lower(word: &[u8]) -> String {
    word.iter()
        .map(|c| char::from(c.to_ascii_lowercase()))
        .collect()
}

/// `i` is not preceded by a letter or digit.
pub(crate) fn boundary_before(b: &[u8], i: usize) -> bool {
    i == 0 || !b[i - 1].is_ascii_alphanumeric()
}

/// `i` is not followed by a letter or digit.
pub(crate) fn boundary_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Only spaces, tabs and bullet marks ("•", "-", "*") lie between the start of
/// the line and `i`.
pub(crate) fn at_line_start(b: &[u8], mut i: usize) -> bool {
    loop {
        if i == 0 {
            return true;
        }
        match b[i - 1] {
            b'\n' | b'\r' => return true,
            b' ' | b'\t' | b'-' | b'*' => i -= 1,
            // "•" is E2 80 A2
            0xA2 if i >= 3 && b[i - 3] == 0xE2 && b[i - 2] == 0x80 => i -= 3,
            _ => return false,
        }
    }
}

/// Whitespace of any kind, or the end of the text, at `i`.
fn gap_or_end(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(u8::is_ascii_whitespace) || space_len(b, i) > 0
}

/// End of the sentence (or line) that contains `i`: the next newline, or the
/// next `.`/`!`/`?`/`;` followed by a space or the end of text.
pub(crate) fn sentence_end(b: &[u8], from: usize, limit: usize) -> usize {
    let limit = limit.min(b.len());
    let mut i = from;
    while i < limit {
        match b[i] {
            b'\n' | b'\r' | b';' => return i,
            b'.' | b'!' | b'?' if gap_or_end(b, i + 1) => return i,
            _ => i += 1,
        }
    }
    limit
}

/// Start of the sentence (or line) that contains `i`, no earlier than `limit`.
pub(crate) fn sentence_start(b: &[u8], to: usize, limit: usize) -> usize {
    let mut i = to.min(b.len());
    while i > limit {
        match b[i - 1] {
            b'\n' | b'\r' | b';' => return i,
            b'.' | b'!' | b'?' if gap_or_end(b, i) => return i,
            _ => i -= 1,
        }
    }
    limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_include_no_break_and_thin() {
        assert_eq!(space_len(b" x", 0), 1);
        assert_eq!(space_len("\u{a0}x".as_bytes(), 0), 2);
        assert_eq!(space_len("\u{202f}x".as_bytes(), 0), 3);
        assert_eq!(space_len("\u{2009}x".as_bytes(), 0), 3);
        assert_eq!(space_len("\u{2019}x".as_bytes(), 0), 0);
        assert_eq!(space_len(b"\nx", 0), 0);
    }

    #[test]
    fn words_either_side() {
        let b = b"up to  39 more";
        assert_eq!(prev_word(b, 7), Some((3, 5)));
        assert_eq!(next_word(b, 9), Some((10, 14)));
        assert_eq!(next_is(b, 9, "MORE"), Some(14));
    }

    #[test]
    fn line_starts_and_sentences() {
        let b = "x\n    \u{2022} 1. y".as_bytes();
        assert!(at_line_start(b, 10));
        assert!(!at_line_start(b, 13));
        let s = b"One. Two 3 four. Five";
        assert_eq!(sentence_start(s, 9, 0), 4);
        assert_eq!(sentence_end(s, 9, s.len()), 15);
    }

    #[test]
    fn code_tokens() {
        assert_eq!(code_end(b"2.5.1 x", 0), 5);
        assert_eq!(code_end(b"1:1 x", 0), 3);
        assert_eq!(code_end(b"24/7.", 0), 4);
    }
}
