//! The inverted index: folded term → posting list of (release, byte offsets).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::check::{phrase_offsets, span, Check, Run, Span};
use super::fold::{fold_into, token_end, Tokens};
use super::hasher::FxBuild;
use super::posted::Stale;
use super::postings::{get_varint, put_varint, Cursor, Entry, Postings, SharedBytes};
use super::query::Query;
use super::results::{Hit, Hits, ReleaseHits, SearchResults, SharedSpans};
use super::text_parts::TextParts;
use crate::archive::{Archive, Reading, Release};

/// Built once per archive (about 4 s for 100,000 releases on two cores); immutable afterwards.
#[derive(Debug, Default)]
pub struct SearchIndex {
    terms: HashMap<Box<str>, u32, FxBuild>,
    postings: Vec<Postings>,
    releases: usize,
}

/// A word being typed matches as a prefix once it has this many characters (shorter
/// prefixes begin too many words to be worth reading while typing).
const MIN_PREFIX_CHARS: usize = 3;
/// A prefix matches at most this many of the words it begins, the most common first, so
/// that a keystroke reads a bounded part of the index.
const MAX_COMPLETIONS: usize = 64;
/// A search that can be stopped looks at its stop flag once per this many candidate
/// releases (a phrase reads each one's text around its words from the archive file).
const STOP_EVERY: usize = 64;

/// A posting list read alongside candidates, without losing the entry it stopped at.
struct Peek<'a> {
    cursor: Cursor<'a>,
    head: Option<super::postings::Entry<'a>>,
}

impl<'a> Peek<'a> {
    fn new(p: &'a Postings) -> Peek<'a> {
        let mut cursor = p.cursor();
        let head = cursor.next();
        Peek { cursor, head }
    }

    /// The entry for `release`, if the list has one (releases asked for in order).
    fn at(&mut self, release: u32) -> Option<super::postings::Entry<'a>> {
        while let Some(e) = self.head {
            if e.release >= release {
                break;
            }
            self.head = self.cursor.next();
        }
        self.head.filter(|e| e.release == release)
    }
}

/// One term of an index as a cache stores it.
#[derive(Debug, Clone, Copy)]
pub struct StoredTerm<'a> {
    pub term: &'a str,
    /// The encoded posting list.
    pub data: &'a [u8],
    pub releases: u32,
    pub occurrences: u64,
}

/// One term of an index lying in a mapped cache file: its posting list at
/// `start..start + len`, with that list's checksum.
#[derive(Debug, Clone, Copy)]
pub struct MappedTerm<'a> {
    pub term: &'a str,
    pub start: usize,
    pub len: usize,
    pub sum: u64,
    pub releases: u32,
    pub occurrences: u64,
}

/// A query term resolved against the index.
pub(super) struct Plan<'q> {
    pub tokens: &'q [String],
    ids: Vec<u32>,
    /// The rarest token: occurrences are read for it and the phrase checked around them.
    pub anchor: usize,
}

impl SearchIndex {
    pub fn build(archive: &Archive) -> SearchIndex {
        Self::build_with(archive, &|| {})
    }

    /// [`Self::build`], calling `tidy` when the parts built in parallel have been trimmed
    /// and again once merged: the app hands freed memory back to the system there, which
    /// keeps the peak of a build near the size of the finished index.
    pub fn build_with(archive: &Archive, tidy: &dyn Fn()) -> SearchIndex {
        let n = archive.releases.len();
        let threads = crate::threads::workers();
        let chunk = n.div_ceil(threads).max(1);
        let mut parts: Vec<SearchIndex> = std::thread::scope(|s| {
            let handles: Vec<_> = archive
                .releases
                .chunks(chunk)
                .enumerate()
                .map(|(c, releases)| s.spawn(move || Self::build_part(releases, c * chunk)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for part in &mut parts {
            for p in &mut part.postings {
                p.shrink();
            }
        }
        tidy();
        let mut index = if parts.is_empty() {
            SearchIndex::default()
        } else {
            parts.remove(0)
        };
        for part in parts {
            index.merge(part);
            tidy();
        }
        for p in &mut index.postings {
            p.shrink();
        }
        index.releases = n;
        index
    }

    fn build_part(releases: &[Release], first: usize) -> SearchIndex {
        let mut index = SearchIndex::default();
        // Per release: each term's slot in `slots` (plus one; 0 = not seen yet).
        let mut slot_of: Vec<u32> = Vec::new();
        let mut slots: Vec<(u32, Vec<u32>)> = Vec::new();
        let mut used = 0usize;
        let mut scratch = Vec::new();
        let mut buf = String::new();
        for (i, r) in releases.iter().enumerate() {
            // Read, not kept: a text left in its archive file is read back only for this.
            let text = r.text.read();
            for (s, e) in Tokens::new(&text) {
                fold_into(&text[s..e], &mut buf);
                let id = match index.terms.get(buf.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = index.postings.len() as u32;
                        index.terms.insert(buf.as_str().into(), id);
                        index.postings.push(Postings::default());
                        slot_of.push(0);
                        id
                    }
                };
                let Some(slot) = slot_of.get_mut(id as usize) else {
                    continue;
                };
                if *slot == 0 {
                    if used == slots.len() {
                        slots.push((id, Vec::new()));
                    }
                    if let Some(entry) = slots.get_mut(used) {
                        entry.0 = id;
                        entry.1.clear();
                    }
                    used += 1;
                    *slot = used as u32;
                }
                if let Some(entry) = slots.get_mut(*slot as usize - 1) {
                    entry.1.push(s as u32);
                }
            }
            let release = (first + i) as u32;
            for (id, offsets) in slots.iter().take(used) {
                if let Some(p) = index.postings.get_mut(*id as usize) {
                    p.push(release, offsets, &mut scratch);
                }
                if let Some(slot) = slot_of.get_mut(*id as usize) {
                    *slot = 0;
                }
            }
            used = 0;
        }
        index
    }

    /// Appends a part built from later releases.
    fn merge(&mut self, part: SearchIndex) {
        let mut postings: Vec<Option<Postings>> = part.postings.into_iter().map(Some).collect();
        for (term, id) in part.terms {
            let Some(p) = postings.get_mut(id as usize).and_then(Option::take) else {
                continue;
            };
            match self.terms.get(&term) {
                Some(&gid) => {
                    if let Some(g) = self.postings.get_mut(gid as usize) {
                        append(g, p);
                    }
                }
                None => {
                    self.terms.insert(term, self.postings.len() as u32);
                    self.postings.push(p);
                }
            }
        }
    }

    /// Every term with its encoded posting list, sorted by term: what a persistent cache
    /// stores (read back with [`releases_in_postings`]).
    pub fn sorted_postings(&self) -> Vec<StoredTerm<'_>> {
        let mut out: Vec<StoredTerm<'_>> = self
            .terms
            .iter()
            .filter_map(|(t, &id)| {
                let p = self.postings.get(id as usize)?;
                Some(StoredTerm {
                    term: t,
                    data: p.bytes(),
                    releases: p.releases,
                    occurrences: p.occurrences,
                })
            })
            .collect();
        out.sort_unstable_by(|a, b| a.term.cmp(b.term));
        out
    }

    /// An index of `releases` releases whose posting lists lie in `file` (a memory-mapped
    /// cache): nothing is copied, and each list is checked against its checksum when a
    /// search first reads it.
    pub fn from_mapped<'a>(
        releases: usize,
        file: SharedBytes,
        terms: impl Iterator<Item = MappedTerm<'a>>,
    ) -> Self {
        let mut index = SearchIndex {
            releases,
            ..SearchIndex::default()
        };
        let (n, _) = terms.size_hint();
        index.terms.reserve(n);
        index.postings.reserve_exact(n);
        for t in terms {
            index
                .terms
                .insert(t.term.into(), index.postings.len() as u32);
            index.postings.push(Postings::mapped(
                file.clone(),
                (t.start, t.len, t.sum),
                t.releases,
                t.occurrences,
            ));
        }
        index
    }

    /// Number of distinct folded terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Bytes held by posting lists.
    pub fn posting_bytes(&self) -> usize {
        self.postings.iter().map(|p| p.data.capacity()).sum()
    }

    /// Releases holding a folded term, in order (for similarity and filters).
    pub fn releases_with(&self, folded: &str) -> Vec<usize> {
        self.terms
            .get(folded)
            .and_then(|&id| self.postings.get(id as usize))
            .map(|p| p.cursor().map(|e| e.release as usize).collect())
            .unwrap_or_default()
    }

    /// Number of releases holding a folded term.
    pub fn document_frequency(&self, folded: &str) -> usize {
        self.terms
            .get(folded)
            .and_then(|&id| self.postings.get(id as usize))
            .map_or(0, |p| p.releases as usize)
    }

    /// Releases matching every term of `query`, in archive order; hits are located for
    /// the first `limit` releases, and counted for all.
    pub fn search(&self, archive: &Archive, query: &Query, limit: usize) -> SearchResults {
        self.search_in(archive, None, query, limit, &AtomicBool::new(false))
    }

    /// [`Self::search`] as the window runs it: for a query of words (no phrase), the hits'
    /// ends and sentences are worked out when read (see [`Hits`]), so no release's text is
    /// read (put together, when the archive came from the cache) before it is shown. The
    /// results are those of [`Self::search`].
    pub fn search_shared(
        &self,
        archive: &Arc<Archive>,
        query: &Query,
        limit: usize,
    ) -> SearchResults {
        self.search_in(
            archive,
            Some(archive),
            query,
            limit,
            &AtomicBool::new(false),
        )
    }

    /// [`Self::search_shared`] that gives up, returning `None`, once `stop` is set (the
    /// window sets it when a newer query supersedes this one): it is looked at every
    /// 64 candidate releases (`STOP_EVERY`).
    pub fn search_shared_unless(
        &self,
        archive: &Arc<Archive>,
        query: &Query,
        limit: usize,
        stop: &AtomicBool,
    ) -> Option<SearchResults> {
        let out = self.search_in(archive, Some(archive), query, limit, stop);
        (!stop.load(Ordering::Relaxed)).then_some(out)
    }

    fn search_in(
        &self,
        archive: &Archive,
        shared: Option<&Arc<Archive>>,
        query: &Query,
        limit: usize,
        stop: &AtomicBool,
    ) -> SearchResults {
        let out = SearchResults::default();
        let Some(plans) = self.plan(query) else {
            return out;
        };
        let completions = query.prefix().map(|p| self.completions(p));
        if completions.as_ref().is_some_and(Vec::is_empty) {
            return out;
        }
        let mut candidates = if plans.is_empty() {
            Vec::new()
        } else {
            self.candidates(&plans)
        };
        let mut peeks: Vec<Peek<'_>> = Vec::new();
        if let Some(ids) = &completions {
            let lists: Vec<&Postings> = ids
                .iter()
                .filter_map(|&id| self.postings.get(id as usize))
                .collect();
            let mut union: Vec<u32> = lists
                .iter()
                .flat_map(|p| p.cursor().map(|e| e.release))
                .collect();
            union.sort_unstable();
            union.dedup();
            candidates = if plans.is_empty() {
                union
            } else {
                candidates.retain(|r| union.binary_search(r).is_ok());
                candidates
            };
            peeks = lists.into_iter().map(Peek::new).collect();
        }
        // Finding the candidates can take long too (a prefix's completions are many lists).
        if stop.load(Ordering::Relaxed) {
            return out;
        }
        let mut collect = Collect {
            archive,
            shared,
            limit,
            peeks,
            out,
            later: Run::default(),
        };
        // A phrase in the window is checked in the text around its words, read from the
        // archive file: thousands of releases are shared out to every core.
        let phrase = plans.iter().any(|p| p.tokens.len() > 1);
        let threads = match shared {
            Some(_) if phrase && candidates.len() >= 256 => crate::threads::workers(),
            _ => 1,
        };
        // Texts left in their files are read for this search (and kept for the next).
        let reading = Reading::new();
        if threads == 1 {
            self.check_run(
                archive,
                shared.is_some(),
                &reading,
                &plans,
                &candidates,
                limit,
                stop,
                &mut |r, n, spans| collect.add(r, n, spans),
            );
            return collect.finish();
        }
        let per = candidates.len().div_ceil(threads);
        let runs: Vec<Run> = std::thread::scope(|s| {
            let handles: Vec<_> = candidates
                .chunks(per)
                .map(|part| {
                    let (plans, reading) = (&plans, &reading);
                    s.spawn(move || {
                        let mut run = Run::default();
                        self.check_run(
                            archive,
                            true,
                            reading,
                            plans,
                            part,
                            limit,
                            stop,
                            &mut |r, n, spans| run.push(r, n, spans),
                        );
                        run
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        let mut spans = Vec::new();
        for run in &runs {
            for found in &run.found {
                spans.clear();
                spans.extend_from_slice(run.spans.get(found.spans.clone()).unwrap_or_default());
                collect.add(found.release, found.count, &mut spans);
            }
        }
        collect.finish()
    }

    /// Hands `each` the releases of `candidates` (in order) in which every term of `plans`
    /// is found: each one's hits counted, and their spans (for the first `limit` of them).
    /// In the window (`shared`) no text is put together: words are found from the index
    /// alone, phrases in the text around their words, and the hits' sentences are worked
    /// out when read. Stops early, handing on what it found so far, once `stop` is set.
    #[allow(clippy::too_many_arguments)]
    fn check_run(
        &self,
        archive: &Archive,
        shared: bool,
        reading: &Reading,
        plans: &[Plan<'_>],
        candidates: &[u32],
        limit: usize,
        stop: &AtomicBool,
        each: &mut impl FnMut(u32, usize, &mut Vec<Span>),
    ) {
        let mut cursors: Vec<Cursor<'_>> = plans
            .iter()
            .filter_map(|p| self.postings.get(p.ids[p.anchor] as usize))
            .map(Postings::cursor)
            .collect();
        let mut buf = String::new();
        let mut spans = Vec::new();
        let mut found = 0;
        let mut reading = reading.clone();
        let mut entries: Vec<Entry<'_>> = Vec::with_capacity(plans.len());
        let words = plans.iter().all(|p| p.tokens.len() == 1);
        'release: for (n, &r) in candidates.iter().enumerate() {
            if n % STOP_EVERY == 0 && stop.load(Ordering::Relaxed) {
                return;
            }
            let Some(release) = archive.releases.get(r as usize) else {
                continue;
            };
            entries.clear();
            for cursor in &mut cursors {
                let Some(entry) = cursor.seek(r).filter(|e| e.release == r) else {
                    continue 'release;
                };
                entries.push(entry);
            }
            let text = (!shared).then(|| release.text.as_str());
            if words {
                // Found from the index alone.
                spans.clear();
                let check = Check {
                    strict: false,
                    want_hits: found < limit,
                    text,
                };
                let count = check.words(&entries, &mut spans);
                found += 1;
                each(r, count, &mut spans);
                continue;
            }
            // A text that is not the one indexed (its archive file changed) is read whole,
            // as a search of whole texts reads it: blanks, counted, that match nothing.
            let mut strict = shared;
            let count = loop {
                spans.clear();
                let check = Check {
                    strict,
                    want_hits: found < limit,
                    text,
                };
                let around = phrase_offsets(plans, &entries);
                let mut parts = TextParts::new(&release.text, around, &mut reading);
                match check.terms(plans, &entries, &mut parts, &mut spans, &mut buf) {
                    Ok(count) => break count,
                    Err(Stale) if strict => {
                        let _ = release.text.as_str();
                        strict = false;
                    }
                    Err(Stale) => break None,
                }
            };
            if let Some(count) = count {
                found += 1;
                each(r, count, &mut spans);
            }
        }
    }

    fn plan<'q>(&self, query: &'q Query) -> Option<Vec<Plan<'q>>> {
        let mut plans = Vec::new();
        for tokens in query.terms() {
            let ids: Vec<u32> = tokens
                .iter()
                .map(|t| self.terms.get(t.as_str()).copied())
                .collect::<Option<_>>()?;
            let anchor = (0..ids.len()).min_by_key(|&k| self.occurrences(ids[k]))?;
            plans.push(Plan {
                tokens,
                ids,
                anchor,
            });
        }
        (!plans.is_empty() || query.prefix().is_some()).then_some(plans)
    }

    /// The terms a word being typed begins, as ids in order: the `MAX_COMPLETIONS` found in
    /// the most releases. Below `MIN_PREFIX_CHARS` characters, only the word itself.
    fn completions(&self, prefix: &str) -> Vec<u32> {
        if prefix.chars().count() < MIN_PREFIX_CHARS {
            return self.terms.get(prefix).copied().into_iter().collect();
        }
        let mut ids: Vec<(u32, u32)> = self
            .terms
            .iter()
            .filter(|(term, _)| term.starts_with(prefix))
            .map(|(_, &id)| {
                let releases = self.postings.get(id as usize).map_or(0, |p| p.releases);
                (releases, id)
            })
            .collect();
        ids.sort_unstable_by_key(|&(releases, id)| (std::cmp::Reverse(releases), id));
        let mut ids: Vec<u32> = ids
            .into_iter()
            .take(MAX_COMPLETIONS)
            .map(|(_, id)| id)
            .collect();
        ids.sort_unstable();
        ids
    }

    fn occurrences(&self, id: u32) -> u64 {
        self.postings.get(id as usize).map_or(0, |p| p.occurrences)
    }

    /// Releases holding every token of every term.
    fn candidates(&self, plans: &[Plan<'_>]) -> Vec<u32> {
        let mut ids: Vec<u32> = plans.iter().flat_map(|p| p.ids.iter().copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.sort_by_key(|&id| self.postings.get(id as usize).map_or(0, |p| p.releases));
        let mut lists = ids.iter().filter_map(|&id| self.postings.get(id as usize));
        let Some(first) = lists.next() else {
            return Vec::new();
        };
        let mut cands: Vec<u32> = first.cursor().map(|e| e.release).collect();
        for p in lists {
            if cands.is_empty() {
                break;
            }
            let mut cursor = p.cursor();
            let mut head = cursor.next();
            cands.retain(|&r| {
                while let Some(e) = head {
                    if e.release >= r {
                        break;
                    }
                    head = cursor.next();
                }
                head.is_some_and(|e| e.release == r)
            });
        }
        cands
    }
}

/// The results of a search, made from the releases found in order.
struct Collect<'a> {
    archive: &'a Archive,
    shared: Option<&'a Arc<Archive>>,
    limit: usize,
    /// The posting lists of the words a word being typed begins.
    peeks: Vec<Peek<'a>>,
    out: SearchResults,
    /// In the window (`shared`): every listed release with its part of one list of spans;
    /// their hits are made at the end, sharing that list (a list of its own for each of
    /// 80,000 releases made the allocator a third of a search's time).
    later: Run,
}

impl Collect<'_> {
    /// Release `r`, in which every term was found: `count` hits, at `spans` (for the
    /// first `limit` releases; used up).
    fn add(&mut self, r: u32, count: usize, spans: &mut Vec<Span>) {
        let Some(release) = self.archive.releases.get(r as usize) else {
            return;
        };
        let want_hits = self.out.releases.len() + self.later.found.len() < self.limit;
        let text = match self.shared {
            Some(_) => None,
            None => Some(release.text.as_str()),
        };
        let mut count = count;
        for peek in &mut self.peeks {
            if let Some(entry) = peek.at(r) {
                count += entry.count as usize;
                if want_hits {
                    let end = |o: usize| text.map(|t| token_end(t, o));
                    spans.extend(entry.offsets().map(|o| span(o, end(o))));
                }
            }
        }
        self.out.total_hits += count;
        self.out.total_releases += 1;
        if !want_hits {
            return;
        }
        spans.sort_unstable();
        spans.dedup();
        match text {
            None => self.later.push(r, count, spans),
            Some(text) => {
                let hits: Vec<Hit> = spans.iter().map(|&s| Hit::in_text(text, s)).collect();
                self.out.releases.push(ReleaseHits {
                    release: r as usize,
                    hits: Hits::from(hits),
                });
            }
        }
    }

    /// The results, with the hits of the releases whose text is not at hand made now.
    fn finish(mut self) -> SearchResults {
        if let Some(shared) = self.shared {
            let spans = Arc::new(SharedSpans {
                archive: shared.clone(),
                spans: std::mem::take(&mut self.later.spans),
            });
            self.out
                .releases
                .extend(self.later.found.drain(..).map(|found| ReleaseHits {
                    release: found.release as usize,
                    hits: Hits::at_spans(spans.clone(), found.release as usize, found.spans),
                }));
        }
        self.out
    }
}

/// Appends `part` (for later releases) to `into`, re-basing its first release delta.
fn append(into: &mut Postings, part: Postings) {
    let mut pos = 0;
    let first = get_varint(&part.data, &mut pos) as u32;
    let last = into.last_release().unwrap_or(0);
    // Exactly the room needed: growth by doubling would leave slack in every merged list.
    into.data.reserve_exact(part.data.len() + 5);
    put_varint(&mut into.data, u64::from(first - last));
    into.data
        .extend_from_slice(part.data.get(pos..).unwrap_or(&[]));
    into.releases += part.releases;
    into.occurrences += part.occurrences;
    into.set_last(part.last_release());
}

/// The releases of a posting list as [`SearchIndex::sorted_postings`] gives it, in order.
pub fn releases_in_postings(data: &[u8]) -> Vec<u32> {
    let mut p = Postings::default();
    p.data = data.to_vec();
    p.cursor().map(|e| e.release).collect()
}
