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
