//! Byte offsets in a source file to 1-based lines and 0-based character columns.

use crate::archive::SourcePos;

/// The start of every line of a text, to turn byte offsets into positions.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last position asked for (line, offset, column): readers ask in order, word by
    /// word, so columns are counted on from there rather than from the line's start (a
    /// GOV.UK body is one JSON line; counting from its start each time is quadratic).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// The text from byte `from` to byte `to`, if those are character boundaries in it.
    pub fn slice(&self, from: usize, to: usize) -> Option<&'a str> {
        self.text.get(from..to)
    }

    /// The position of a byte offset (clamped to the text; a column counts characters).
    pub fn pos(&self, offset: usize) -> SourcePos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let (last_line, last_offset, last_col) = self.last.get();
        let (from, base) = if last_line == line && (start..=offset).contains(&last_offset) {
            (last_offset, last_col)
        } else {
            (start, 0)
        };
        // Characters, not bytes: count the bytes that start one (an offset inside a
        // character counts the characters begun before it, as before).
        let col = base
            + self.text.as_bytes()[from..offset]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count();
        self.last.set((line, offset, col));
        SourcePos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }
}

/// A position inside a fragment that itself starts at `base` in the file.
#[allow(dead_code)]
pub(crate) fn offset_from(base: SourcePos, inner: SourcePos) -> SourcePos {
    if inner.line <= 1 {
        SourcePos {
            line: base.line.max(1),
            col: base.col.saturating_add(inner.col),
        }
    } else {
        SourcePos {
            line: base.line.max(1).saturating_add(inner.line - 1),
            col: inner.col,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let text = "ab\n£cd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(0), SourcePos { line: 1, col: 0 });
        assert_eq!(idx.pos(1), SourcePos { line: 1, col: 1 });
        assert_eq!(idx.pos(3), SourcePos { line: 2, col: 0 });
        // "£" is two bytes but one column.
        assert_eq!(idx.pos(5), SourcePos { line: 2, col: 1 });
        assert_eq!(idx.pos(9), SourcePos { line: 4, col: 0 });
        assert_eq!(idx.pos(99), SourcePos { line: 4, col: 1 });
        // Asked out of order, after the cache, the same answers.
        assert_eq!(idx.pos(5), SourcePos { line: 2, col: 1 });
        assert_eq!(idx.pos(4), SourcePos { line: 2, col: 1 });
        assert_eq!(idx.pos(6), SourcePos { line: 2, col: 2 });
        assert_eq!(idx.pos(1), SourcePos { line: 1, col: 1 });
    }

    #[test]
    fn fragment_positions_add_to_their_base() {
        let base = SourcePos { line: 10, col: 4 };
        let first = offset_from(base, SourcePos { line: 1, col: 3 });
        assert_eq!(first, SourcePos { line: 10, col: 7 });
        let third = offset_from(base, SourcePos { line: 3, col: 2 });
        assert_eq!(third, SourcePos { line: 12, col: 2 });
    }
}
