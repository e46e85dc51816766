//! Search without an index: one release's text read through once, for a command line that
//! answers a single query and would spend more time building the index than using it.
//!
//! Gives exactly the hits [`SearchIndex::search`](super::SearchIndex::search) gives: the
//! same tokens, folding and phrase rule, with each phrase checked forwards from its first
//! token (the index checks around its rarest token; every occurrence is found either way).

use regex::bytes::{Regex, RegexBuilder};

use super::fold::{fold_into, token_end, Tokens};
use super::query::Query;
use super::results::Hit;
use super::sentence::sentence_around;

/// A query prepared for scanning many texts.
#[derive(Debug)]
pub struct Scanner {
    terms: Vec<Vec<String>>,
    /// Per term, a quick test that a text may hold it (`None`: no quick test).
    quick: Vec<Option<Regex>>,
}

impl Scanner {
    pub fn new(query: &Query) -> Scanner {
        let terms = query.terms().to_vec();
        let quick = terms
            .iter()
            .map(|tokens| quick_test(tokens.iter().max_by_key(|t| t.len())?))
            .collect();
        Scanner { terms, quick }
    }

    /// The hits in `text`, sorted by offset, if it holds every term; `None` otherwise (and
    /// for an empty query, which the index answers with nothing too).
    pub fn hits(&self, text: &str) -> Option<Vec<Hit>> {
        if self.terms.is_empty() || !self.may_match(text) {
            return None;
        }
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut found = vec![false; self.terms.len()];
        let mut buf = String::new();
        let mut rest = String::new();
        for (s, e) in Tokens::new(text) {
            fold_into(&text[s..e], &mut buf);
            for (t, tokens) in self.terms.iter().enumerate() {
                if tokens.first().is_none_or(|first| *first != buf) {
                    continue;
                }
                let end = if tokens.len() == 1 {
                    Some(token_end(text, s))
                } else {
                    phrase_end(text, e, &tokens[1..], &mut rest)
                };
                if let Some(end) = end {
                    spans.push((s, end));
                    found[t] = true;
                }
            }
        }
        if found.contains(&false) {
            return None;
        }
        spans.sort_unstable();
        spans.dedup();
        Some(
            spans
                .into_iter()
                .map(|(start, end)| Hit {
                    start,
                    end,
                    sentence: sentence_around(text, start),
                })
                .collect(),
        )
    }

    /// Cheap check before tokenizing: each term's longest token can only match where its
    /// letters appear (any case), or where the text has a non-ASCII letter that may fold
    /// to them (`é` to `e`, `ß` to `ss`).
    fn may_match(&self, text: &str) -> bool {
        let mut accented: Option<bool> = None;
        self.quick.iter().all(|quick| match quick {
            None => true,
            Some(re) => {
                re.is_match(text.as_bytes())
                    || *accented.get_or_insert_with(|| has_non_ascii_letter(text))
            }
        })
    }
}

/// A case-insensitive ASCII test for a folded token, where the token is ASCII.
fn quick_test(token: &str) -> Option<Regex> {
    if !token.is_ascii() {
        return None;
    }
    RegexBuilder::new(&regex::escape(token))
        .case_insensitive(true)
        .unicode(false)
        .build()
        .ok()
}

fn has_non_ascii_letter(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(k) = bytes
        .get(i..)
        .and_then(|b| b.iter().position(|&x| x >= 0x80))
    {
        i += k;
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            return true;
        };
        if c.is_alphanumeric() {
            return true;
        }
        i += c.len_utf8();
    }
    false
}

/// Where a phrase ends if `tokens` follow the token ending at `end`.
fn phrase_end(text: &str, mut end: usize, tokens: &[String], buf: &mut String) -> Option<usize> {
    for want in tokens {
        let (s, e) = Tokens::from(text, end).next()?;
        fold_into(text.get(s..e)?, buf);
        if buf != want {
            return None;
        }
        end = e;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, q: &str) -> Vec<String> {
        Scanner::new(&Query::parse(q))
            .hits(text)
            .unwrap_or_default()
            .iter()
            .map(|h| text[h.start..h.end].to_owned())
            .collect()
    }

    #[test]
    fn words_phrases_accents_and_symbols() {
        let text = "Net migration rose. NET MIGRATION: £39 million for the Café, 83% of it.";
        assert_eq!(
            texts(text, "\"net migration\""),
            ["Net migration", "NET MIGRATION"]
        );
        assert_eq!(texts(text, "cafe £39"), ["£39", "Café"]);
        assert_eq!(texts(text, "83%"), ["83%"]);
        assert!(texts(text, "\"migration net\"").is_empty());
        assert!(texts(text, "migration zzzz").is_empty());
        assert!(texts(text, "").is_empty());
    }

    #[test]
    fn overlapping_phrases_are_each_found() {
        let text = "a a a";
        assert_eq!(texts(text, "\"a a\""), ["a a", "a a"]);
    }

    #[test]
    fn the_quick_test_lets_folded_letters_through() {
        assert_eq!(texts("Straße", "strasse"), ["Straße"]);
        assert_eq!(texts("ÉMIGRÉ", "emigre"), ["ÉMIGRÉ"]);
    }
}

/// Which releases of a raw tag page may hold every term of a query, found over the file's
/// bytes before anything is parsed: each term's longest ASCII token, in any case, where it
/// appears as letters; and wherever a letter that folds to ASCII (`é`, `ß`, `ſ`, the Kelvin
/// sign) is part of a word that folds to that token. Never misses a release the [`Scanner`]
/// would find hits in; may let through some that it finds none in.
#[derive(Debug)]
pub struct Prefilter {
    /// Per term: the token looked for, and a case-insensitive test for it (`None`: every
    /// release may hold the term, as for a term of symbols such as `£`).
    terms: Vec<Option<(String, Regex)>>,
}

/// A release whose entry has no title is titled "(untitled)", which is not in the file.
const UNTITLED: &str = "untitled";

impl Prefilter {
    pub fn new(query: &Query) -> Prefilter {
        let terms = query
            .terms()
            .iter()
            .map(|tokens| {
                let token = tokens
                    .iter()
                    .filter(|t| t.is_ascii())
                    .max_by_key(|t| t.len())?;
                // "(untitled)" is made up by the parser: any release may hold it.
                if token == UNTITLED {
                    return None;
                }
                Some((token.clone(), quick_test(token)?))
            })
            .collect();
        Prefilter { terms }
    }

    /// The entries of `text` (whose entry lines start at `starts`, sorted) that may hold
    /// every term, in order. An entry runs from its start to the next one.
    pub fn candidates(&self, text: &str, starts: &[usize]) -> Vec<usize> {
        let mut all = vec![true; starts.len()];
        for (token, re) in self.terms.iter().flatten() {
            let mut has = vec![false; starts.len()];
            let mut mark = |at: usize| {
                if let Some(k) = starts.partition_point(|&s| s <= at).checked_sub(1) {
                    if let Some(h) = has.get_mut(k) {
                        *h = true;
                    }
                }
            };
            for m in re.find_iter(text.as_bytes()) {
                mark(m.start());
            }
            for at in folded_ascii_words(text, token) {
                mark(at);
            }
            for (a, h) in all.iter_mut().zip(has) {
                *a &= h;
            }
        }
        (0..starts.len()).filter(|&k| all[k]).collect()
    }
}

/// Where `text` has a word holding a non-ASCII letter that folds to ASCII and the whole
/// word folds to `token`. Such letters are U+00C0..=U+017F (UTF-8 lead bytes C3, C4, C5)
/// and the Kelvin sign U+212A (see the test that checks every char).
fn folded_ascii_words<'t>(text: &'t str, token: &'t str) -> impl Iterator<Item = usize> + 't {
    let bytes = text.as_bytes();
    let latin = memchr::memchr3_iter(0xC3, 0xC4, 0xC5, bytes);
    let kelvin = memchr::memmem::find_iter(bytes, "\u{212a}".as_bytes());
    let mut buf = String::new();
    latin.chain(kelvin).filter_map(move |at| {
        let start = text
            .get(..at)?
            .char_indices()
            .rev()
            .take_while(|&(_, c)| super::fold::class(c) == super::fold::Class::Word)
            .last()
            .map_or(at, |(i, _)| i);
        let end = text
            .get(at..)?
            .char_indices()
            .find(|&(_, c)| super::fold::class(c) != super::fold::Class::Word)
            .map_or(text.len(), |(i, _)| at + i);
        fold_into(text.get(start..end)?, &mut buf);
        (buf == token).then_some(start)
    })
}

#[cfg(test)]
mod prefilter_tests {
    use super::*;

    /// The letters [`folded_ascii_words`] looks for are all the non-ASCII chars whose
    /// folded form has an ASCII letter or digit in it.
    #[test]
    fn only_these_chars_fold_to_ascii() {
        let mut buf = String::new();
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            buf.clear();
            super::super::fold::fold_char(c, &mut buf);
            if buf.bytes().any(|b| b.is_ascii_alphanumeric()) {
                let code = c as u32;
                assert!(
                    (0xC0..=0x17F).contains(&code) || code == 0x212A,
                    "{c:?} U+{code:04X} folds to {buf:?}"
                );
            }
        }
    }

    fn entries(text: &str) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(text.match_indices("\n•").map(|(i, _)| i + 1));
        starts
    }

    #[test]
    fn candidates_hold_every_term_in_any_case_or_accent() {
        let text =
            "• Net migration\n• CAFÉ and Straße\n• café\n• net zero\n• Kelvin \u{212a}elvin\n";
        let starts = entries(text);
        let pick = |q: &str| Prefilter::new(&Query::parse(q)).candidates(text, &starts);
        assert_eq!(pick("migration"), [0]);
        assert_eq!(pick("cafe"), [1, 2]);
        assert_eq!(pick("strasse"), [1]);
        assert_eq!(pick("net"), [0, 3]);
        assert_eq!(pick("net migration"), [0]);
        assert_eq!(pick("kelvin"), [4]);
        assert_eq!(pick("untitled"), [0, 1, 2, 3, 4]);
        assert_eq!(pick("£"), [0, 1, 2, 3, 4]);
        assert!(pick("zzzz").is_empty());
    }
}
