//! A release's text read a part at a time for a search: a text left in its archive file
//! (reopened from the cache) has the stretch around the offsets to be asked about read
//! once (or found kept from an earlier search), and answers from it without being put
//! together whole; a text at hand is read whole.

use std::ops::Range;
use std::sync::Arc;

use super::part::Part;
use super::posted::{Sparse, Stale};
use crate::archive::{Reading, ReleaseText, Stretch};

/// Parts of one text, while one release is searched.
pub struct TextParts<'t> {
    text: &'t ReleaseText,
    /// The offsets that will be asked about.
    around: Range<usize>,
    reading: &'t mut Reading,
    /// The text around them, once read (`None` inside: it could not be).
    stretch: Option<Option<Arc<Stretch>>>,
}

impl<'t> TextParts<'t> {
    /// Parts of `text` around offsets in `around`, read for the search `reading`.
    pub fn new(text: &'t ReleaseText, around: Range<usize>, reading: &'t mut Reading) -> Self {
        TextParts {
            text,
            around,
            reading,
            stretch: None,
        }
    }

    /// The whole text if it is at hand (checked against its checksum, or owned).
    pub fn at_hand(&self) -> Option<&'t str> {
        self.text.at_hand()
    }
}

impl Sparse for TextParts<'_> {
    /// The stretch read around the offsets (the same for every offset asked about).
    fn near(&mut self, _at: usize) -> Result<Part<'_>, Stale> {
        let total = self.text.byte_len();
        if let Some(whole) = self.text.at_hand() {
            return Ok(Part::whole(whole));
        }
        let (text, around) = (self.text, self.around.clone());
        let reading = &mut *self.reading;
        let stretch = self
            .stretch
            .get_or_insert_with(|| text.stretch(around, reading))
            .as_deref()
            .ok_or(Stale)?;
        if stretch.base + stretch.text.len() > total {
            return Err(Stale);
        }
        Ok(Part {
            text: &stretch.text,
            base: stretch.base,
            total,
        })
    }

    /// The whole text, put together (and kept, as any read of it does); blanks, counted,
    /// when its archive file changed.
    fn whole(&mut self) -> Result<Part<'_>, Stale> {
        Ok(Part::whole(self.text.as_str()))
    }
}
