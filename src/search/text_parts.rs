//! A release's text read a part at a time for a search: a text left in its archive file
//! (reopened from the cache) gives the bytes around each offset asked about, without being
//! put together whole or kept; any other text is read whole.

use std::borrow::Cow;

use super::part::Part;
use super::posted::{Sparse, Stale};
use crate::archive::ReleaseText;

/// Parts of one text, kept while one release is searched (its hits lie close together).
pub struct TextParts<'t> {
    text: &'t ReleaseText,
    /// The parts read so far: where each starts, and its text.
    parts: Vec<(usize, Cow<'t, str>)>,
}

impl<'t> TextParts<'t> {
    pub fn new(text: &'t ReleaseText) -> TextParts<'t> {
        TextParts {
            text,
            parts: Vec::new(),
        }
    }
}

impl Sparse for TextParts<'_> {
    fn near(&mut self, at: usize) -> Result<Part<'_>, Stale> {
        let total = self.text.byte_len();
        // A part already read holding `at` with some bytes to spare either side.
        let k = match self.parts.iter().position(|(base, t)| {
            let end = base + t.len();
            (*base == 0 || at >= base + 64) && (end == total || at + 64 <= end)
        }) {
            Some(k) => k,
            None => {
                let part = self.text.near(at).ok_or(Stale)?;
                self.parts.push(part);
                self.parts.len() - 1
            }
        };
        let (base, text) = self.parts.get(k).ok_or(Stale)?;
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
