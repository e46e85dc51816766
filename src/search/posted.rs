//! A search answered from posting lists' byte offsets (a cache's), reading only the text
//! around each hit: the hits [`Scanner`](super::Scanner) finds in a whole text, without
//! putting the text together or tokenizing it. The word at every offset is checked against
//! the query, so an archive file changed under a cache that still matches its stamp gives
//! [`Stale`] rather than hits in the wrong places.

use super::fold::fold_into;
use super::part::{Part, Short};
use super::postings::{Cursor, Entry};
use super::query::Query;
use smallvec::SmallVec;

/// The text does not hold the words its posting lists say it does (or cannot be read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale;

/// A release's text, read a part at a time.
pub trait Sparse {
    /// A part of the text holding byte `at` (it may be too short for an answer).
    fn near(&mut self, at: usize) -> Result<Part<'_>, Stale>;
    /// The whole text.
    fn whole(&mut self) -> Result<Part<'_>, Stale>;
}

/// `f` of the part of `text` near `at`, or of the whole text when that part is too short.
pub fn around<T: Sparse + ?Sized, R>(
    text: &mut T,
    at: usize,
    mut f: impl FnMut(&Part<'_>) -> Result<R, Short>,
) -> Result<R, Stale> {
    if let Ok(r) = f(&text.near(at)?) {
        return Ok(r);
    }
    f(&text.whole()?).map_err(|Short| Stale)
}

/// A query resolved to the posting lists of its words.
pub struct Posted<'a> {
    terms: Vec<Vec<String>>,
    /// Per distinct token, its list's entries in release order.
    lists: Vec<Vec<Entry<'a>>>,
    /// Per term, which of `lists` is its first token's.
    firsts: Vec<usize>,
}

/// A release holding every word of the query, with the entries of each term's first word.
pub struct Candidate<'a> {
    pub release: u32,
    /// Kept in place for a query of one or two terms: a cached search of a common word has
    /// tens of thousands of candidates, found before any is read (one allocation each was
    /// most of that time).
    firsts: SmallVec<[Entry<'a>; 2]>,
}

impl Candidate<'_> {
    /// Every offset its postings give (each term's first word's), in order, into `out`.
    pub fn offsets(&self, out: &mut Vec<usize>) {
        out.clear();
        for e in &self.firsts {
            out.extend(e.offsets());
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// What a term's first word at an offset turned out to be.
enum At {
    /// The term, ending here.
    End(usize),
    /// The word, but not the rest of the phrase.
    Miss,
    /// Not the word the posting list says.
    Stale,
}

impl<'a> Posted<'a> {
    /// `list` gives a folded token's encoded posting list, `None` when no release holds it;
    /// `Ok(None)` when nothing can match (a word no release holds, or no word at all).
    pub fn new<E>(
        query: &Query,
        mut list: impl FnMut(&str) -> Result<Option<&'a [u8]>, E>,
    ) -> Result<Option<Posted<'a>>, E> {
        let terms = query.terms().to_vec();
        let mut tokens: Vec<&str> = terms.iter().flatten().map(String::as_str).collect();
        tokens.sort_unstable();
        tokens.dedup();
        let mut lists = Vec::with_capacity(tokens.len());
        for token in &tokens {
            let Some(data) = list(token)? else {
                return Ok(None);
            };
            lists.push(Cursor::over(data).collect::<Vec<_>>());
        }
        let firsts: Option<Vec<usize>> = terms
            .iter()
            .map(|t| tokens.binary_search(&t.first()?.as_str()).ok())
            .collect();
        match firsts {
            Some(firsts) if !terms.is_empty() => Ok(Some(Posted {
                terms,
                lists,
                firsts,
            })),
            _ => Ok(None),
        }
    }

    /// The releases holding every word of the query, in order.
    pub fn candidates(&self) -> Vec<Candidate<'a>> {
        let mut order: Vec<usize> = (0..self.lists.len()).collect();
        order.sort_by_key(|&k| self.lists.get(k).map_or(0, Vec::len));
        let Some((&shortest, others)) = order.split_first() else {
            return Vec::new();
        };
        let Some(driver) = self.lists.get(shortest) else {
            return Vec::new();
        };
        // Where each list's walk has got to.
        let mut next = vec![0usize; self.lists.len()];
        let mut out = Vec::new();
        let mut at = Vec::with_capacity(self.lists.len());
        'release: for e in driver {
            at.clear();
            at.resize(self.lists.len(), None);
            if let Some(slot) = at.get_mut(shortest) {
                *slot = Some(*e);
            }
            for &k in others {
                let (Some(list), Some(i)) = (self.lists.get(k), next.get_mut(k)) else {
                    continue 'release;
                };
                while list.get(*i).is_some_and(|x| x.release < e.release) {
                    *i += 1;
                }
                match list.get(*i) {
                    Some(x) if x.release == e.release => {
                        if let Some(slot) = at.get_mut(k) {
                            *slot = Some(*x);
                        }
                    }
                    Some(_) => continue 'release,
                    None => break 'release,
                }
            }
            let firsts: Option<SmallVec<[Entry<'a>; 2]>> = self
                .firsts
                .iter()
                .map(|&k| at.get(k).copied().flatten())
                .collect();
            if let Some(firsts) = firsts {
                out.push(Candidate {
                    release: e.release,
                    firsts,
                });
            }
        }
        out
    }

    /// The hits of candidate `c` as (start, end) in its text, sorted; none when some term
    /// of the query is not in it (a phrase's words all are, but not in order).
    pub fn hits(
        &self,
        c: &Candidate<'a>,
        text: &mut impl Sparse,
    ) -> Result<Vec<(usize, usize)>, Stale> {
        let mut spans = Vec::new();
        let mut buf = String::new();
        for (tokens, entry) in self.terms.iter().zip(&c.firsts) {
            let before = spans.len();
            for o in entry.offsets() {
                match around(text, o, |p| term_at(p, o, tokens, &mut buf))? {
                    At::End(e) => spans.push((o, e)),
                    At::Miss => {}
                    At::Stale => return Err(Stale),
                }
            }
            if spans.len() == before {
                return Ok(Vec::new());
            }
        }
        spans.sort_unstable();
        spans.dedup();
        Ok(spans)
    }
}

/// Whether the phrase `tokens` starts at `o` (where a posting list has its first word),
/// as the [`Scanner`](super::Scanner) reads it: the next words, whatever separates them.
fn term_at(p: &Part<'_>, o: usize, tokens: &[String], buf: &mut String) -> Result<At, Short> {
    let Some((s, mut end)) = p.token_from(o)? else {
        return Ok(At::Stale);
    };
    let Some(word) = p.get(s, end)? else {
        return Ok(At::Stale);
    };
    if s != o || !tokens.first().is_some_and(|t| same_word(word, t, buf)) {
        return Ok(At::Stale);
    }
    for want in tokens.get(1..).unwrap_or_default() {
        let Some((s, e)) = p.token_from(end)? else {
            return Ok(At::Miss);
        };
        let Some(word) = p.get(s, e)? else {
            return Ok(At::Miss);
        };
        if !same_word(word, want, buf) {
            return Ok(At::Miss);
        }
        end = e;
    }
    Ok(At::End(end))
}

/// Whether `word` folds to `want` (folded already); an ASCII word folds to its lower case,
/// so it is compared in place rather than copied (`buf` is scratch space).
fn same_word(word: &str, want: &str, buf: &mut String) -> bool {
    if word.is_ascii() {
        return word.eq_ignore_ascii_case(want);
    }
    fold_into(word, buf);
    buf == want
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Archive;
    use crate::search::{Scanner, SearchIndex, StoredTerm};

    /// The query resolved against an index's stored posting lists.
    fn resolve<'a>(stored: &'a [StoredTerm<'a>], query: &Query) -> Option<Posted<'a>> {
        Posted::new(query, |t| {
            Ok::<_, ()>(
                stored
                    .binary_search_by(|s| s.term.cmp(t))
                    .ok()
                    .and_then(|k| stored.get(k))
                    .map(|s| s.data),
            )
        })
        .ok()
        .flatten()
    }

    /// A whole text read a part at a time: parts of `size` bytes (cut at char boundaries),
    /// so that many answers need the whole text.
    struct Pieces<'t> {
        text: &'t str,
        size: usize,
    }

    impl Sparse for Pieces<'_> {
        fn near(&mut self, at: usize) -> Result<Part<'_>, Stale> {
            let t = self.text;
            let mut lo = at.saturating_sub(self.size / 2).min(t.len());
            while !t.is_char_boundary(lo) {
                lo -= 1;
            }
            let mut hi = (lo + self.size).min(t.len());
            while !t.is_char_boundary(hi) {
                hi += 1;
            }
            Ok(Part {
                text: t.get(lo..hi).ok_or(Stale)?,
                base: lo,
                total: t.len(),
            })
        }

        fn whole(&mut self) -> Result<Part<'_>, Stale> {
            Ok(Part::whole(self.text))
        }
    }

    /// On the sample's releases, the hits from posting offsets, read through parts of any
    /// size, are the scanner's.
    #[test]
    fn posting_offsets_find_what_the_scanner_finds() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/home-office-may-2023.txt");
        let archive = Archive::load(&[path]).expect("sample loads");
        let index = SearchIndex::build(&archive);
        let stored = index.sorted_postings();
        let mut found = 0;
        for q in [
            "\"net migration\"",
            "\"£39 million\"",
            "migrants jailed",
            "83%",
            "the",
            "\"the home\" secretary",
            "UK's",
            "\"of the\" the",
            "smuggled zzzznotaword",
            "",
        ] {
            let query = Query::parse(q);
            let scanner = Scanner::new(&query);
            let want: Vec<(usize, Vec<(usize, usize)>)> = archive
                .releases
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    let hits = scanner.hits(&r.text)?;
                    Some((i, hits.iter().map(|h| (h.start, h.end)).collect()))
                })
                .collect();
            for size in [12, 64, 1 << 20] {
                let Some(posted) = resolve(&stored, &query) else {
                    assert!(want.is_empty(), "{q}");
                    continue;
                };
                let mut got = Vec::new();
                for c in posted.candidates() {
                    let r = &archive.releases[c.release as usize];
                    let mut text = Pieces {
                        text: &r.text,
                        size,
                    };
                    let hits = posted.hits(&c, &mut text).expect("fresh");
                    if !hits.is_empty() {
                        got.push((c.release as usize, hits));
                    }
                }
                assert_eq!(got, want, "{q} in parts of {size}");
            }
            found += want.len();
        }
        assert!(found > 20, "{found}");
    }

    /// A text that no longer holds the word its posting list points at is stale.
    #[test]
    fn a_changed_word_is_stale() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/home-office-may-2023.txt");
        let archive = Archive::load(&[path]).expect("sample loads");
        let index = SearchIndex::build(&archive);
        let stored = index.sorted_postings();
        let posted = resolve(&stored, &Query::parse("migration")).expect("the word is there");
        let c = posted.candidates().into_iter().next().expect("a release");
        let changed = archive.releases[c.release as usize]
            .text
            .replace("migration", "migrations");
        let mut text = Pieces {
            text: &changed,
            size: 64,
        };
        assert_eq!(posted.hits(&c, &mut text), Err(Stale));
    }
}
