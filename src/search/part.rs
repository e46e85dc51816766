//! A part of a release's text, so that a search from a cache's posting offsets reads only
//! the bytes around each hit instead of putting the whole text together. Every question
//! asked of a part gets the answer the whole text would give, or [`Short`] when the part
//! does not hold the bytes that answer needs (the caller then asks the whole text).

use super::fold::{prev_token, Tokens};

/// Bytes `base..base + text.len()` of a text `total` bytes long. `text` is valid UTF-8, so
/// both its ends are char boundaries of the whole text.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub text: &'a str,
    pub base: usize,
    pub total: usize,
}

/// The part did not hold the bytes an answer needs: ask the whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Short;

impl<'a> Part<'a> {
    pub fn whole(text: &'a str) -> Part<'a> {
        Part {
            text,
            base: 0,
            total: text.len(),
        }
    }

    fn end(&self) -> usize {
        self.base + self.text.len()
    }

    /// Byte `i`, which must lie before the end of the text.
    #[inline]
    pub(crate) fn at(&self, i: usize) -> Result<u8, Short> {
        i.checked_sub(self.base)
            .and_then(|k| self.text.as_bytes().get(k))
            .copied()
            .ok_or(Short)
    }

    /// Byte `i`; `None` at or past the end of the text.
    #[inline]
    pub(crate) fn get_byte(&self, i: usize) -> Result<Option<u8>, Short> {
        if i >= self.total {
            return Ok(None);
        }
        self.at(i).map(Some)
    }

    /// Whether byte `i` starts a char (as `str::is_char_boundary` on the whole text).
    pub(crate) fn is_char_boundary(&self, i: usize) -> Result<bool, Short> {
        if i == 0 || i == self.total {
            return Ok(true);
        }
        if i > self.total {
            return Ok(false);
        }
        // Not a UTF-8 continuation byte (as `str::is_char_boundary`).
        Ok((self.at(i)? as i8) >= -0x40)
    }

    /// The whole text's `get(from..to)`.
    pub fn get(&self, from: usize, to: usize) -> Result<Option<&'a str>, Short> {
        if from > to || to > self.total {
            return Ok(None);
        }
        if from < self.base || to > self.end() {
            return Err(Short);
        }
        Ok(self.text.get(from - self.base..to - self.base))
    }

    /// The first token starting at or after byte `at` (as [`Tokens::from`] on the whole
    /// text).
    pub fn token_from(&self, at: usize) -> Result<Option<(usize, usize)>, Short> {
        let Some(k) = at.checked_sub(self.base) else {
            return Err(Short);
        };
        if k > self.text.len() {
            return Err(Short);
        }
        let more = self.end() < self.total;
        match Tokens::from(self.text, k).next() {
            // A token reaching the part's end may go on past it.
            Some((_, e)) if more && e == self.text.len() => Err(Short),
            Some((s, e)) => Ok(Some((s + self.base, e + self.base))),
            None if more => Err(Short),
            None => Ok(None),
        }
    }

    /// The last token ending at or before byte `before` (as `prev_token` on the whole text).
    pub fn token_before(&self, before: usize) -> Result<Option<(usize, usize)>, Short> {
        let Some(k) = before.checked_sub(self.base) else {
            return Err(Short);
        };
        if k > self.text.len() {
            return Err(Short);
        }
        match prev_token(self.text, k) {
            // A token reaching the part's start may begin before it (or be a symbol: asked
            // of the whole text all the same, which is rare).
            Some((0, _)) | None if self.base > 0 => Err(Short),
            Some((s, e)) => Ok(Some((s + self.base, e + self.base))),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part of real texts (the sample's first 6 kB, the accented fixture) answers as
    /// the whole text does, or says it is short.
    #[test]
    fn parts_answer_as_the_whole_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sample =
            std::fs::read_to_string(root.join("assets/home-office-may-2023.txt")).expect("sample");
        let cut = (6000..).find(|&i| sample.is_char_boundary(i)).unwrap_or(0);
        let accented = std::fs::read_to_string(root.join("tests/fixtures/search/accented.txt"))
            .expect("fixture");
        let mut answered = [0; 3];
        for text in [&sample[..cut], accented.as_str()] {
            let whole = Part::whole(text);
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &base) in bounds.iter().enumerate().step_by(97) {
                for &end in bounds[k..].iter().step_by(151).take(12) {
                    let part = Part {
                        text: &text[base..end],
                        base,
                        total: text.len(),
                    };
                    for &at in bounds.iter().step_by(3) {
                        if let Ok(t) = part.token_from(at) {
                            assert_eq!(t, Tokens::from(text, at).next(), "{base}..{end} {at}");
                            answered[0] += 1;
                        }
                        if let Ok(t) = part.token_before(at) {
                            assert_eq!(t, prev_token(text, at), "{base}..{end} {at}");
                            answered[2] += 1;
                        }
                        if let Ok(s) = crate::search::sentence::sentence_in(&part, at) {
                            assert_eq!(s, crate::search::sentence_around(text, at));
                            answered[1] += 1;
                        }
                        let to = (at + 9).min(text.len());
                        if let Ok(g) = part.get(at, to) {
                            assert_eq!(Ok(g), whole.get(at, to));
                            assert_eq!(g, text.get(at..to));
                        }
                        if let Ok(b) = part.is_char_boundary(at + 1) {
                            assert_eq!(b, text.is_char_boundary(at + 1));
                        }
                    }
                }
            }
        }
        assert!(answered.iter().all(|&n| n > 1000), "{answered:?}");
    }
}
