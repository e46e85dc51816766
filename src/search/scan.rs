//! Search without an index: one release's text read through once, for a command line that
//! answers a single query and would spend more time building the index than using it.
//!
//! Gives exactly the hits [`SearchIndex::search`](super::SearchIndex::search) gives: the
//! same tokens, folding and phrase rule, with each phrase checked forwards from its first
//! token (the index checks around its rarest token; every occurrence is found either way).

use memchr::memmem::Finder;
use regex::bytes::{Regex, RegexBuilder};

use super::fold::{ascii_class, class, fold_into, token_end, Class, Tokens};
use super::query::Query;
use super::results::Hit;
use super::sentence::sentence_around;

/// A query prepared for scanning many texts.
#[derive(Debug)]
pub struct Scanner {
    terms: Vec<Vec<String>>,
    /// Per term, a quick test that a text may hold it (`None`: no quick test).
    quick: Vec<Option<Regex>>,
    /// Per term, a case-insensitive test for its first token, when every term's first token
    /// is ASCII letters and digits: hits are then found where those tokens stand, without
    /// reading and folding every token of the text.
    first: Option<Vec<Finder<'static>>>,
}

impl Scanner {
    pub fn new(query: &Query) -> Scanner {
        let terms = query.terms().to_vec();
        let quick = terms
            .iter()
            .map(|tokens| quick_test(tokens.iter().max_by_key(|t| t.len())?))
            .collect();
        let first = terms
            .iter()
            .map(|tokens| {
                let first = tokens.first()?;
                if first.is_empty() || !first.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return None;
                }
                Some(Finder::new(first.as_bytes()).into_owned())
            })
            .collect();
        Scanner {
            terms,
            quick,
            first,
        }
    }

    /// The hits in `text`, sorted by offset, if it holds every term; `None` otherwise (and
    /// for an empty query, which the index answers with nothing too).
    pub fn hits(&self, text: &str) -> Option<Vec<Hit>> {
        if self.terms.is_empty() {
            return None;
        }
        match &self.first {
            Some(first) => self.hits_at_first_tokens(text, first),
            None => self.hits_by_tokens(text),
        }
    }

    /// [`Self::hits`] found where each term's first token stands: as ASCII in any case (a
    /// whole token: no letter or digit either side), or as a word with letters that fold
    /// to ASCII (`Café`); each phrase is then read on from there, as the token-by-token
    /// scan reads it. The same hits, several times faster in texts that hold the words.
    fn hits_at_first_tokens(&self, text: &str, first: &[Finder<'_>]) -> Option<Vec<Hit>> {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut rest = String::new();
        // ASCII letters in lower case (the tokens are folded), everything else as it is.
        let lower = text.as_bytes().to_ascii_lowercase();
        for (tokens, finder) in self.terms.iter().zip(first) {
            let word = tokens.first()?;
            let before = spans.len();
            let ascii = finder
                .find_iter(&lower)
                .filter(|&s| is_whole_token(text, s, s + word.len()));
            let starts: Vec<usize> = ascii.chain(folded_ascii_words(text, word)).collect();
            for s in starts {
                let end = if tokens.len() == 1 {
                    Some(token_end(text, s))
                } else {
                    phrase_end(text, token_end(text, s), &tokens[1..], &mut rest)
                };
                if let Some(end) = end {
                    spans.push((s, end));
                }
            }
            if spans.len() == before {
                return None;
            }
        }
        Some(hits_of(text, spans))
    }

    /// [`Self::hits`] by reading and folding every token of the text.
    fn hits_by_tokens(&self, text: &str) -> Option<Vec<Hit>> {
        if !self.may_match(text) {
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
        Some(hits_of(text, spans))
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

/// The hits of `spans` (start and end of each), sorted, each once, with their sentences.
fn hits_of(text: &str, mut spans: Vec<(usize, usize)>) -> Vec<Hit> {
    spans.sort_unstable();
    spans.dedup();
    spans
        .into_iter()
        .map(|(start, end)| Hit {
            start,
            end,
            sentence: sentence_around(text, start),
        })
        .collect()
}

/// Whether `start..end` (ASCII letters and digits) is a whole token of `text`: no letter
/// or digit just before or just after it.
fn is_whole_token(text: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| class(c) == Class::Word);
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| t.chars().next());
    !word(before) && !word(after)
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

    /// Finding hits where the first tokens stand gives what reading every token gives, on
    /// every release of real tag pages (the sample, quotes, accented words, tables), for
    /// words and phrases taken from those texts and for the queries the command line is
    /// measured with.
    #[test]
    fn hits_at_first_tokens_are_the_hits_of_every_token() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths: Vec<std::path::PathBuf> = [
            "assets/home-office-may-2023.txt",
            "tests/fixtures/search/accented.txt",
            "tests/fixtures/quotes/releases.txt",
            "tests/fixtures/archives/variants.txt",
            "tests/fixtures/figures/hard/02-psf-september-2017.txt",
        ]
        .iter()
        .map(|p| root.join(p))
        .collect();
        let archive = crate::archive::Archive::load(&paths).expect("fixtures load");
        let mut queries: Vec<String> = [
            "migration",
            "\"net migration\"",
            "interpol",
            "\"no. 21685\"",
            "cafe",
            "CAFÉ",
            "naive",
            "strasse",
            "\"home secretary\" said",
            "83%",
            "uk s",
            "\"a a\"",
        ]
        .iter()
        .map(|q| (*q).to_owned())
        .collect();
        // Words and two-word phrases from the texts themselves, accents and case as written.
        for r in archive.releases.iter().step_by(3) {
            let tokens: Vec<(usize, usize)> = Tokens::new(&r.text).collect();
            for pair in tokens.windows(2).step_by(97) {
                let (a, b) = (pair[0], pair[1]);
                queries.push(r.text[a.0..a.1].to_owned());
                queries.push(format!("\"{}\"", &r.text[a.0..b.1]));
            }
        }
        let mut direct = 0;
        let mut found = 0;
        for q in &queries {
            let scanner = Scanner::new(&Query::parse(q));
            let Some(first) = &scanner.first else {
                continue;
            };
            direct += 1;
            for r in &archive.releases {
                let fast = scanner.hits_at_first_tokens(&r.text, first);
                let slow = scanner.hits_by_tokens(&r.text);
                found += usize::from(slow.is_some());
                assert_eq!(fast, slow, "{q:?} in {}", r.title);
            }
        }
        assert!(direct > 100, "{direct} queries");
        assert!(found > 500, "{found} releases found");
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
    /// Per term: the token looked for (`None`: every release may hold the term, as for a
    /// term of symbols such as `£`).
    terms: Vec<Option<Anchor>>,
}

/// A term's longest ASCII token, with a finder for it in lower-case text; in a phrase, also
/// the words on either side of it.
#[derive(Debug)]
struct Anchor {
    token: String,
    finder: Finder<'static>,
    /// The phrase's words just before and after the token, where they are ASCII letters and
    /// digits: an occurrence with another word there (on the same line, past nothing but
    /// spaces and punctuation) is not the phrase.
    before: Option<String>,
    after: Option<String>,
}

impl Anchor {
    /// Whether the phrase may be at the token found at `i` of `bytes` (`false` only when
    /// it certainly is not there; the [`Scanner`] decides the rest).
    fn may_be_at(&self, bytes: &[u8], i: usize) -> bool {
        if self.before.is_none() && self.after.is_none() {
            return true;
        }
        let end = i + self.token.len();
        // A letter or digit beside it makes it part of a longer word.
        let glued = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
        if glued(i.checked_sub(1).and_then(|k| bytes.get(k))) || glued(bytes.get(end)) {
            return false;
        }
        let differs = |word: Option<&[u8]>, want: &Option<String>| match (word, want) {
            (Some(w), Some(want)) => !w.eq_ignore_ascii_case(want.as_bytes()),
            _ => false,
        };
        !differs(word_before(bytes, i), &self.before)
            && !differs(word_after(bytes, end), &self.after)
    }
}

/// Whether `b` may be skipped between two words of a phrase in the raw bytes for certain:
/// ASCII spacing and punctuation that the [`Tokens`] skip, on the same line (a line break
/// may stand for furniture the parser left out).
fn skipped(b: u8) -> bool {
    b != b'\n' && b < 0x80 && ascii_class(b) == Class::Sep
}

/// The ASCII word just before `i`, past spacing and punctuation; `None` when that is not
/// certain (a symbol, a line break, a non-ASCII char, or the start of `bytes` first).
fn word_before(bytes: &[u8], i: usize) -> Option<&[u8]> {
    let mut j = i;
    while j > 0 && skipped(*bytes.get(j - 1)?) {
        j -= 1;
    }
    let e = j;
    while j > 0 && bytes.get(j - 1)?.is_ascii_alphanumeric() {
        j -= 1;
    }
    if j == e || j == 0 || *bytes.get(j - 1)? >= 0x80 {
        return None;
    }
    bytes.get(j..e)
}

/// The ASCII word just after `end`, as [`word_before`].
fn word_after(bytes: &[u8], end: usize) -> Option<&[u8]> {
    let mut j = end;
    while skipped(*bytes.get(j)?) {
        j += 1;
    }
    let s = j;
    while bytes.get(j)?.is_ascii_alphanumeric() {
        j += 1;
    }
    if j == s || *bytes.get(j)? >= 0x80 {
        return None;
    }
    bytes.get(s..j)
}

/// A release whose entry has no title is titled "(untitled)", which is not in the file.
const UNTITLED: &str = "untitled";

impl Prefilter {
    pub fn new(query: &Query) -> Prefilter {
        let terms = query
            .terms()
            .iter()
            .map(|tokens| {
                let (k, token) = tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.is_ascii())
                    .max_by_key(|(_, t)| t.len())?;
                // "(untitled)" is made up by the parser: any release may hold it.
                if token == UNTITLED {
                    return None;
                }
                let word = |k: Option<usize>| {
                    let t = tokens.get(k?)?;
                    let letters = !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric());
                    letters.then(|| t.clone())
                };
                Some(Anchor {
                    token: token.clone(),
                    finder: Finder::new(token.as_bytes()).into_owned(),
                    before: word(k.checked_sub(1)),
                    after: word(k.checked_add(1)),
                })
            })
            .collect();
        Prefilter { terms }
    }

    /// The entries of `text` (whose entry lines start at `starts`, sorted) that may hold
    /// every term, in order. An entry runs from its start to the next one.
    pub fn candidates(&self, text: &str, starts: &[usize]) -> Vec<usize> {
        let mut all = vec![true; starts.len()];
        // ASCII letters in lower case, everything else as it is: a folded ASCII token is
        // found in it in any case by a plain substring search, several times faster than a
        // case-insensitive one over the same bytes.
        thread_local! {
            // A piece's bytes, lower-cased: kept from piece to piece, so that each piece
            // does not pay for a fresh 4 MB allocation and its page faults.
            static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        LOWER.with(|lower| {
            let mut lower = lower.borrow_mut();
            self.mark_candidates(text, starts, &mut lower, &mut all);
        });
        (0..starts.len()).filter(|&k| all[k]).collect()
    }

    /// Clears in `all` the entries that lack some term, using `lower` for the lower-cased text.
    fn mark_candidates(&self, text: &str, starts: &[usize], lower: &mut Vec<u8>, all: &mut [bool]) {
        let terms: Vec<&Anchor> = self.terms.iter().flatten().collect();
        if terms.is_empty() {
            return;
        }
        let mut has = vec![vec![false; starts.len()]; terms.len()];
        let mark = |has: &mut [bool], at: usize| {
            if let Some(k) = starts.partition_point(|&s| s <= at).checked_sub(1) {
                if let Some(h) = has.get_mut(k) {
                    *h = true;
                }
            }
        };
        // Lower-cased a block at a time, each block searched while it is still in the
        // core's cache (lower-casing the whole 4 MB piece first and then searching it read
        // and wrote it from the shared cache). Blocks overlap by a term's length less one,
        // and a match counts in the block it starts in.
        let bytes = text.as_bytes();
        let longest = terms.iter().map(|a| a.token.len()).max().unwrap_or(0);
        let mut at = 0;
        while at < bytes.len() {
            let end = (at + LOWER_BLOCK).min(bytes.len());
            let upto = (end + longest.saturating_sub(1)).min(bytes.len());
            lower.clear();
            lower.extend(bytes[at..upto].iter().map(u8::to_ascii_lowercase));
            for (anchor, has) in terms.iter().zip(has.iter_mut()) {
                for i in anchor.finder.find_iter(lower.as_slice()) {
                    if at + i < end && anchor.may_be_at(bytes, at + i) {
                        mark(has, at + i);
                    }
                }
                // The block is in the cache now too.
                for i in folded_ascii_words_in(text, &anchor.token, at..end) {
                    mark(has, i);
                }
            }
            at = end;
        }
        for has in &has {
            for (a, h) in all.iter_mut().zip(has.iter()) {
                *a &= *h;
            }
        }
    }
}

/// Bytes lower-cased at a time by [`Prefilter`]: small enough to stay in a core's own cache.
const LOWER_BLOCK: usize = 64 * 1024;

/// Where `text` has a word holding a non-ASCII letter that folds to ASCII and the whole
/// word folds to `token`. Such letters are U+00C0..=U+017F (UTF-8 lead bytes C3, C4, C5),
/// U+0200..=U+023F (C8) and the Kelvin sign U+212A (see the test that checks every char).
fn folded_ascii_words<'t>(text: &'t str, token: &'t str) -> impl Iterator<Item = usize> + 't {
    folded_ascii_words_in(text, token, 0..text.len())
}

/// [`folded_ascii_words`] for the letters that start in `within` (a word may start before it).
fn folded_ascii_words_in<'t>(
    text: &'t str,
    token: &'t str,
    within: std::ops::Range<usize>,
) -> impl Iterator<Item = usize> + 't {
    let bytes = text.as_bytes();
    let from = within.start;
    let to = within.end.min(bytes.len());
    let span = bytes.get(from..to).unwrap_or(&[]);
    let latin = memchr::memchr3_iter(0xC3, 0xC4, 0xC5, span);
    // U+0200..=U+023F (Romanian ș ț).
    let more = memchr::memchr_iter(0xC8, span);
    let kelvin_sign = "\u{212a}".as_bytes();
    let kelvin_to = (to + kelvin_sign.len() - 1).min(bytes.len());
    let kelvin = memchr::memmem::find_iter(bytes.get(from..kelvin_to).unwrap_or(&[]), kelvin_sign)
        .filter(move |&i| from + i < to);
    let mut buf = String::new();
    latin
        .chain(more)
        .chain(kelvin)
        .map(move |i| from + i)
        .filter_map(move |at| {
            let start = text
                .get(..at)?
                .char_indices()
                .rev()
                .take_while(|&(_, c)| class(c) == Class::Word)
                .last()
                .map_or(at, |(i, _)| i);
            let end = text
                .get(at..)?
                .char_indices()
                .find(|&(_, c)| class(c) != Class::Word)
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
                    (0xC0..=0x17F).contains(&code)
                        || (0x200..=0x23F).contains(&code)
                        || code == 0x212A,
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

    /// A phrase's candidates are those where its longest word stands beside the phrase's
    /// other words, or may (a line break or a non-ASCII char between: left to the scanner).
    #[test]
    fn a_phrase_keeps_only_entries_where_its_words_may_stand_together() {
        let text = "• Net migration\n• Immigration net\n• net-migration\n• gross migration\n\
                    • net — migration\n• net\n  migration\n• migrations net\n• net migration2\n\
                    • migration policy, net\n";
        let starts = entries(text);
        let pick = |q: &str| Prefilter::new(&Query::parse(q)).candidates(text, &starts);
        assert_eq!(pick("migration"), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(pick("\"net migration\""), [0, 2, 4, 5, 8]);
        // Before a line break, the next word is left to the scanner.
        assert_eq!(pick("\"migration net\""), [0, 2, 3, 4, 5]);
        assert_eq!(pick("\"gross migration\""), [3, 4, 5, 8]);
    }

    /// A word is found wherever it falls across the blocks the prefilter lower-cases one at
    /// a time: in ASCII, with an accented letter, and with the Kelvin sign.
    #[test]
    fn words_across_block_edges_are_found() {
        for (word, query) in [
            ("MIGRATION", "migration"),
            ("CAFÉ", "cafe"),
            ("\u{212a}ELVIN", "kelvin"),
        ] {
            for at in LOWER_BLOCK - 10..LOWER_BLOCK + 3 {
                let mut text = String::from("• ");
                text.push_str(&" ".repeat(at - text.len()));
                text.push_str(word);
                text.push_str("\n• none\n");
                let starts = entries(&text);
                let found = Prefilter::new(&Query::parse(query)).candidates(&text, &starts);
                assert_eq!(found, [0], "{word} at {at}");
            }
        }
    }
}
