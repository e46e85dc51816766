//! One line of decoded text (a title, a summary, a date) as a piece placed in its source:
//! white space collapsed to single spaces, and a mark wherever the text does not run on in
//! the file (after an entity, a JSON escape, inline markup or a run of spaces), so that a
//! search hit or a figure inside it points at its real column.

use crate::archive::{DraftBlock, DraftPiece, SourcePos};

/// `text` with its white space collapsed (and trimmed) as one piece: `source_of(i)` is the
/// file offset of byte `i` of `text`, `pos` the position of a file offset.
pub(crate) fn placed_piece(
    text: &str,
    source_of: &dyn Fn(usize) -> usize,
    pos: &dyn Fn(usize) -> SourcePos,
) -> DraftPiece {
    let mut out = DraftPiece::new(String::new(), SourcePos::default());
    // The file offset the next byte stands at if it follows on from the last one kept.
    let mut next: Option<usize> = None;
    // Where the white space before the next word starts in the file.
    let mut space: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let at = source_of(i);
        if c.is_whitespace() {
            if !out.text.is_empty() && space.is_none() {
                space = Some(at);
            }
            continue;
        }
        if let Some(sp) = space.take() {
            if next != Some(sp) {
                out.marks.push((out.text.len(), pos(sp)));
            }
            out.text.push(' ');
            // One space in the text stands for one in the file, or what follows is marked.
            next = Some(sp + 1);
        }
        if out.text.is_empty() {
            out.pos = pos(at);
        } else if next != Some(at) {
            out.marks.push((out.text.len(), pos(at)));
        }
        out.text.push(c);
        next = Some(at + c.len_utf8());
    }
    out
}

/// The pieces of `blocks` as one piece, as a title joins them (one space apart), each
/// keeping its place.
pub(crate) fn one_piece(blocks: &[DraftBlock]) -> DraftPiece {
    let mut out = DraftPiece::new(String::new(), SourcePos::default());
    for p in blocks.iter().flat_map(|b| &b.pieces) {
        if out.text.is_empty() {
            out.pos = p.pos;
        } else {
            out.text.push(' ');
            out.marks.push((out.text.len(), p.pos));
        }
        let at = out.text.len();
        out.marks
            .extend(p.marks.iter().map(|&(o, pos)| (at + o, pos)));
        out.text.push_str(&p.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::formats::json_text::JsonText;
    use crate::archive::formats::line_index::LineIndex;

    /// The text at each mark (and at the start) is the text at that place in the file.
    fn check(piece: &DraftPiece, file: &str) {
        let lines: Vec<&str> = file.split('\n').collect();
        let at = |p: SourcePos, len: usize| -> String {
            lines[p.line as usize - 1]
                .chars()
                .skip(p.col as usize)
                .take(len)
                .collect()
        };
        let mut starts = vec![(0, piece.pos)];
        starts.extend(piece.marks.iter().copied());
        for (k, &(off, p)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(piece.text.len(), |m| m.0);
            let want = &piece.text[off..end];
            // An escape stands where it starts, and what follows it is marked anew: only a
            // part's last character may be one.
            let n = want.chars().count();
            let found = at(p, n);
            let head = |s: &str| s.chars().take(n.saturating_sub(1)).collect::<String>();
            assert_eq!(head(&found), head(want), "{want:?} at {p:?}");
        }
    }

    #[test]
    fn a_json_string_with_escapes_is_placed_past_them() {
        // The GOV.UK fixture's body as one JSON string: `\"` escapes and runs of spaces.
        let file = include_str!("../../../tests/fixtures/formats/govuk-press-release.json");
        let from = file.find("\"body\": \"").expect("body") + 8;
        let to = from + file[from..].find("\",\n").expect("end") + 1;
        let j = JsonText::decode(&file[from..to], from).expect("string");
        let index = LineIndex::new(file);
        let p = placed_piece(&j.text, &|i| j.source_offset(i), &|o| index.pos(o));
        assert!(!p.marks.is_empty());
        check(&p, file);
        // A word after many escapes stands where it stands in the file.
        let w = p.text.find("Nearly a quarter").expect("word");
        let mark = p.marks.iter().rev().find(|m| m.0 <= w).expect("a mark");
        let col = mark.1.col as usize + p.text[mark.0..w].chars().count();
        let line = file.lines().nth(mark.1.line as usize - 1).expect("line");
        let want = line[..line.find("Nearly a quarter").expect("in file")]
            .chars()
            .count();
        assert_eq!(col, want);
    }

    #[test]
    fn plain_text_has_no_marks() {
        let file = "x  Modern life responsible for health";
        let index = LineIndex::new(file);
        let p = placed_piece(&file[3..], &|i| i + 3, &|o| index.pos(o));
        assert_eq!(p.text, "Modern life responsible for health");
        assert!(p.marks.is_empty());
        assert_eq!(p.pos, SourcePos { line: 1, col: 3 });
    }
}
