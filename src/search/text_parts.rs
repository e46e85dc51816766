//! A release's text read a part at a time for a search: a text left in its archive file
//! (reopened from the cache) has the pieces around the offsets to be asked about read once,
//! and gives the bytes around each offset without being put together whole or kept; a text
//! at hand is read whole.

use std::ops::Range;

use super::part::Part;
use super::posted::{Sparse, Stale};
use crate::archive::{ReleaseText, TextPieces};

/// Parts of one text, while one release is searched.
pub struct TextParts<'t> {
    text: &'t ReleaseText,
    /// The offsets that will be asked about.
    around: Range<usize>,
    /// The text's pieces, once read (`None` inside: they could not be).
    pieces: Option<Option<Box<dyn TextPieces + 't>>>,
    /// The last part put together: where it starts, and its text (offsets are asked about
    /// in order, and a part serves the next ones while they are well inside it).
    part: Option<(usize, String)>,
}

/// Bytes a part must have either side of the offset asked about to be used again.
const SPARE: usize = 64;

impl<'t> TextParts<'t> {
    /// Parts of `text` around offsets in `around`.
    pub fn new(text: &'t ReleaseText, around: Range<usize>) -> TextParts<'t> {
        TextParts {
            text,
            around,
            pieces: None,
            part: None,
        }
    }
}

impl<'t> TextParts<'t> {
    /// The whole text if it is at hand (checked against its checksum, or owned).
    pub fn at_hand(&self) -> Option<&'t str> {
        self.text.at_hand()
    }
}

impl Sparse for TextParts<'_> {
    fn near(&mut self, at: usize) -> Result<Part<'_>, Stale> {
        let total = self.text.byte_len();
        if let Some(whole) = self.text.at_hand() {
            return Ok(Part::whole(whole));
        }
        let fits = |base: usize, len: usize| {
            (base == 0 || at >= base + SPARE) && (base + len == total || at + SPARE <= base + len)
        };
        let reuse = matches!(&self.part, Some((base, t)) if fits(*base, t.len()));
        if !reuse {
            let (text, around) = (self.text, self.around.clone());
            let pieces = self.pieces.get_or_insert_with(|| text.pieces(around));
            let (_, buf) = self.part.get_or_insert_with(|| (0, String::new()));
            let base = pieces.as_ref().and_then(|p| p.near(at, buf)).ok_or(Stale)?;
            if base + buf.len() > total {
                return Err(Stale);
            }
            if let Some(part) = &mut self.part {
                part.0 = base;
            }
        }
        let (base, text) = self.part.as_ref().ok_or(Stale)?;
        Ok(Part {
            text,
            base: *base,
            total,
        })
    }

    /// The whole text, put together (and kept, as any read of it does); blanks, counted,
    /// when its archive file changed.
    fn whole(&mut self) -> Result<Part<'_>, Stale> {
        Ok(Part::whole(self.text.as_str()))
    }
}
