//! Case and accent folding, and the tokenizer shared by the index and queries.
//!
//! A token is a run of letters and digits, or one searchable symbol (`£`, `%`, ...).
//! Everything else (spaces, punctuation, apostrophes, hyphens) separates tokens.

/// How a character takes part in tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Word,
    Symbol,
    Sep,
}

pub(crate) fn class(c: char) -> Class {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            Class::Word
        } else if matches!(c, '$' | '%' | '#' | '&' | '+' | '@') {
            Class::Symbol
        } else {
            Class::Sep
        }
    } else if c.is_alphanumeric() {
        Class::Word
    } else if matches!(c, '£' | '€' | '¥' | '§' | '°') {
        Class::Symbol
    } else {
        Class::Sep
    }
}

/// Base letters of U+00C0..=U+00FF; digits stand for two letters, `-` for no letter.
const LATIN1: &[u8; 64] = b"aaaaaa3ceeeeiiiidnooooo-ouuuuy45aaaaaa3ceeeeiiiidnooooo-ouuuuy4y";
/// Base letters of U+0100..=U+017F (Latin Extended-A).
const EXT_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkkllllllllllnnnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

fn expand(b: u8) -> Option<&'static str> {
    Some(match b {
        b'1' => "ij",
        b'2' => "oe",
        b'3' => "ae",
        b'4' => "th",
        b'5' => "ss",
        _ => return None,
    })
}

/// Appends the folded (lower-case, unaccented) form of `c` to `out`.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let code = c as u32;
    let base = match code {
        0xC0..=0xFF => LATIN1.get((code - 0xC0) as usize).copied(),
        0x100..=0x17F => EXT_A.get((code - 0x100) as usize).copied(),
        // Romanian ș ț (comma below) and the other letters of U+0200..=U+023F: the base
        // letter of the canonical decomposition. One UTF-8 lead byte (C8) holds them all,
        // so the raw search looks for them in one more pass (see `folded_ascii_words`);
        // the rest of Latin Extended-B and Additional (Vietnamese) would take two more.
        0x200..=0x23F => {
            let mut first = None;
            unicode_normalization::char::decompose_canonical(c, |d| {
                first.get_or_insert(d);
            });
            first
                .filter(|d| *d != c && d.is_ascii_alphabetic())
                .map(|d| d.to_ascii_lowercase() as u8)
        }
        _ => None,
    };
    match base {
        Some(b'-') | None => out.extend(c.to_lowercase()),
        Some(b) => match expand(b) {
            Some(s) => out.push_str(s),
            None => out.push(char::from(b)),
        },
    }
}

/// Folds a whole string.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Folds `text` into `out`, replacing its contents.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        for c in text.chars() {
            fold_char(c, out);
        }
    }
}

/// Byte ranges of the tokens of `text`, in order.
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Self {
        Tokens { text, pos: 0 }
    }

    pub fn from(text: &'a str, pos: usize) -> Self {
        Tokens { text, pos }
    }
}

impl Iterator for Tokens<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.text.as_bytes();
        let mut i = self.pos;
        let mut start = None;
        while i < b.len() {
            let x = b[i];
            let (cls, len) = if x < 0x80 {
                (ascii_class(x), 1)
            } else {
                let c = self.text.get(i..)?.chars().next()?;
                (class(c), c.len_utf8())
            };
            match (cls, start) {
                (Class::Sep, None) => {}
                (Class::Symbol, None) => {
                    self.pos = i + len;
                    return Some((i, self.pos));
                }
                (Class::Word, None) => start = Some(i),
                (Class::Word, Some(_)) => {}
                (_, Some(s)) => {
                    self.pos = i;
                    return Some((s, i));
                }
            }
            i += len;
        }
        self.pos = b.len();
        start.map(|s| (s, b.len()))
    }
}

pub(crate) fn ascii_class(x: u8) -> Class {
    if x.is_ascii_alphanumeric() {
        Class::Word
    } else if matches!(x, b'$' | b'%' | b'#' | b'&' | b'+' | b'@') {
        Class::Symbol
    } else {
        Class::Sep
    }
}

/// The token ending at or before byte `before`, if any.
pub(crate) fn prev_token(text: &str, before: usize) -> Option<(usize, usize)> {
    let head = text.get(..before)?;
    let mut end = None;
    for (i, c) in head.char_indices().rev() {
        match (class(c), end) {
            (Class::Sep, None) => {}
            (Class::Symbol, None) => return Some((i, i + c.len_utf8())),
            (Class::Word, None) => end = Some(i + c.len_utf8()),
            (Class::Word, Some(_)) => {}
            (_, Some(e)) => return Some((i + c.len_utf8(), e)),
        }
    }
    end.map(|e| (0, e))
}

/// End of the token starting at `start`.
pub(crate) fn token_end(text: &str, start: usize) -> usize {
    Tokens::from(text, start)
        .next()
        .map(|(_, e)| e)
        .unwrap_or(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_the_right_size() {
        assert_eq!(LATIN1.len(), 64);
        assert_eq!(EXT_A.len(), 128);
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(
            fold("Café NAÏVE Œuvre Łódź Straße"),
            "cafe naive oeuvre lodz strasse"
        );
        assert_eq!(fold("×÷"), "×÷");
        // Comma-below (the Romanian spelling) and cedilla (a common stand-in) alike; a
        // letter of the same block without a base letter.
        assert_eq!(fold("București Bucureşti Țara"), "bucuresti bucuresti tara");
        assert_eq!(fold("ȸ"), "ȸ");
    }

    #[test]
    fn tokenizes_words_and_symbols() {
        let text = "£39 million, 83% of UK’s people-smuggling";
        let toks: Vec<&str> = Tokens::new(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            toks,
            [
                "£",
                "39",
                "million",
                "83",
                "%",
                "of",
                "UK",
                "s",
                "people",
                "smuggling"
            ]
        );
        assert_eq!(prev_token(text, 5), Some((2, 4)));
        assert_eq!(prev_token(text, 2), Some((0, 2)));
        assert_eq!(prev_token(text, 0), None);
        assert_eq!(token_end(text, 5), 12);
    }
}
