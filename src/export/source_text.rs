//! An archive file's own text, for exports that address it directly (the W3C selectors), so
//! that a client holding only the file finds each claim without Pressmark's canonical text.
//!
//! The file is read as UTF-8 (bytes that are not UTF-8 replaced by U+FFFD, a leading
//! byte-order mark dropped, as a browser's `TextDecoder` does); positions count Unicode code
//! points of that text, and also UTF-16 units for JavaScript's string indices.

use std::io;
use std::path::Path;

/// A place in the file's text, in code points and UTF-16 units, with the text there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub start: usize,
    pub end: usize,
    pub utf16_start: usize,
    pub utf16_end: usize,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// The text of one archive file and where its lines start.
#[derive(Debug)]
pub struct SourceText {
    text: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The code point index where each line starts (line 1 first).
    line_chars: Vec<usize>,
    /// Where the last lookup ended: byte, code point and UTF-16 offsets of one place, so
    /// lookups in file order cost the distance between them, not from the start.
    at: (usize, usize, usize),
}

/// How much context the quote selector carries on each side, in code points.
pub const CONTEXT: usize = 32;

impl SourceText {
    pub fn read(path: &Path) -> io::Result<SourceText> {
        Ok(SourceText::new(std::fs::read(path)?))
    }

    pub fn new(bytes: Vec<u8>) -> SourceText {
        use sha2::{Digest, Sha256};
        let sha256 = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        // The bytes become the text without a copy when they are UTF-8, as they usually are.
        let mut text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let mut line_chars = vec![0];
        for (i, c) in text.chars().enumerate() {
            if c == '\n' {
                line_chars.push(i + 1);
            }
        }
        SourceText {
            text,
            sha256,
            line_chars,
            at: (0, 0, 0),
        }
    }

    /// Byte, code point and UTF-16 offsets of the code point at `line` (1-based) and
    /// `column` (1-based, in code points), clamped to the text.
    fn offsets(&mut self, line: u32, column: u32) -> (usize, usize, usize) {
        let line = (line.max(1) as usize - 1).min(self.line_chars.len() - 1);
        let target = self.line_chars[line] + column.max(1) as usize - 1;
        let (mut byte, mut chars, mut utf16) = self.at;
        while chars < target {
            let Some(c) = self.text[byte..].chars().next() else {
                break;
            };
            byte += c.len_utf8();
            chars += 1;
            utf16 += c.len_utf16();
        }
        while chars > target {
            let Some(c) = self.text[..byte].chars().next_back() else {
                break;
            };
            byte -= c.len_utf8();
            chars -= 1;
            utf16 -= c.len_utf16();
        }
        self.at = (byte, chars, utf16);
        self.at
    }

    /// The text from (`line`, `column`) to (`end_line`, `end_column`), end exclusive, with
    /// its context.
    pub fn locate(&mut self, from: (u32, u32), to: (u32, u32)) -> Located {
        let (start_byte, start, utf16_start) = self.offsets(from.0, from.1);
        let (end_byte, end, utf16_end) = self.offsets(to.0, to.1);
        let (end_byte, end, utf16_end) = if end_byte < start_byte {
            (start_byte, start, utf16_start)
        } else {
            (end_byte, end, utf16_end)
        };
        let before = &self.text[..start_byte];
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(0, |(i, _)| i);
        let after = &self.text[end_byte..];
        let suffix_len = after
            .char_indices()
            .nth(CONTEXT)
            .map_or(after.len(), |(i, _)| i);
        Located {
            start,
            end,
            utf16_start,
            utf16_end,
            exact: self.text[start_byte..end_byte].to_owned(),
            prefix: before[prefix_start..].to_owned(),
            suffix: after[..suffix_len].to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_points_and_utf16_units() {
        // "😀" is one code point, two UTF-16 units, four bytes.
        let mut s = SourceText::new("\u{feff}ab\n😀 £5\nlast".as_bytes().to_vec());
        let at = s.locate((2, 3), (2, 5));
        assert_eq!(at.exact, "£5");
        assert_eq!((at.start, at.end), (5, 7));
        assert_eq!((at.utf16_start, at.utf16_end), (6, 8));
        assert_eq!(at.prefix, "ab\n😀 ");
        assert_eq!(at.suffix, "\nlast");
        // Backwards works too.
        let at = s.locate((1, 1), (1, 3));
        assert_eq!((at.exact.as_str(), at.start, at.utf16_end), ("ab", 0, 2));
    }
}
