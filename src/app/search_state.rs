//! Search as you type: the index is built off the UI thread once per archive; each change of
//! the query (typed in the search bar, `search_bar.rs`) filters the release list and marks
//! hits in the reader. Enter and F3 step through hits.

use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

use super::loader::CacheNews;
use crate::archive::Archive;
use crate::search::{Hit, Query, SearchIndex, SearchResults};

/// How many matching releases a search lists (the totals count all of them).
const LIMIT: usize = 100_000;

#[derive(Default)]
pub struct SearchState {
    index: Option<Arc<SearchIndex>>,
    building: Option<Receiver<Arc<SearchIndex>>>,
    pub results: Option<SearchResults>,
    searched: String,
    /// `searched` parsed: a query typed on to the same words (a closing quote) is not run
    /// again (a phrase is read from the archive file each time).
    parsed: Option<Query>,
    /// Position in the flattened list of hits.
    pub current: Option<usize>,
    /// From the loader: the index read from the cache, or where to write the cache.
    cache: Option<CacheNews>,
    /// The archive indexed: searches of it work out hits when read (`search_shared`).
    archive: Option<Arc<Archive>>,
}

impl SearchState {
    /// What the loader says about the cache of the archive it is about to hand over.
    pub fn cache(&mut self, news: CacheNews) {
        self.cache = Some(news);
    }

    /// Starts indexing a newly loaded archive (or takes the index from the cache).
    pub fn index(&mut self, archive: Arc<Archive>, wake: Arc<dyn Fn() + Send + Sync>) {
        self.index = None;
        self.results = None;
        self.searched.clear();
        self.parsed = None;
        self.archive = Some(archive.clone());
        let write_to = match self.cache.take() {
            Some(CacheNews::Index(index)) => {
                self.index = Some(index);
                self.building = None;
                crate::trace::mark("search index ready");
                return;
            }
            Some(CacheNews::WriteTo(dir, key)) => Some((dir, key)),
            None => None,
        };
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                super::background::lower_priority();
                let index =
                    SearchIndex::build_with(&archive, &super::background::release_free_memory);
                super::background::release_free_memory();
                let index = Arc::new(index);
                let _ = tx.send(index.clone());
                wake();
                // The index goes to the window first; the cache is written after, so the
                // next opening of this archive reads both back.
                if let Some((dir, key)) = write_to {
                    let _ = crate::cache::write(&dir, &key, &archive, &index);
                }
            });
        if spawned.is_ok() {
            self.building = Some(rx);
        }
    }

    /// The query the current results answer.
    pub fn searched(&self) -> &str {
        &self.searched
    }

    /// The index, once built.
    pub fn index_ref(&self) -> Option<Arc<SearchIndex>> {
        self.index.clone()
    }

    pub fn is_indexing(&self) -> bool {
        self.building.is_some()
    }

    /// Runs `query` if it changed since the last search.
    pub fn update(&mut self, archive: &Archive, query: &str) {
        if let Some(rx) = &self.building {
            if let Ok(index) = rx.try_recv() {
                self.index = Some(index);
                crate::trace::mark("search index ready");
                self.building = None;
                self.searched.clear();
                self.parsed = None;
            }
        }
        if query == self.searched {
            return;
        }
        let Some(index) = &self.index else {
            return;
        };
        self.searched = query.to_owned();
        let parsed = Query::parse_typed(query);
        if self.parsed.as_ref() == Some(&parsed) {
            return;
        }
        self.parsed = Some(parsed.clone());
        self.current = None;
        let started = std::time::Instant::now();
        self.results = if parsed.is_empty() {
            None
        } else {
            Some(match &self.archive {
                Some(shared) if std::ptr::eq(shared.as_ref(), archive) => {
                    index.search_shared(shared, &parsed, LIMIT)
                }
                _ => index.search(archive, &parsed, LIMIT),
            })
        };
        if let Some(r) = &self.results {
            crate::trace::mark(&format!(
                "search {query:?}: {:?}, {} releases",
                started.elapsed(),
                r.total_releases
            ));
        }
    }

    /// Hits in one release (by index into the archive's releases).
    pub fn hits_in(&self, release: usize) -> &[Hit] {
        self.results
            .as_ref()
            .and_then(|r| r.releases.iter().find(|h| h.release == release))
            .map(|h| &*h.hits)
            .unwrap_or(&[])
    }

    /// The release and hit at flattened position `n`.
    pub fn nth_hit(&self, n: usize) -> Option<(usize, Hit)> {
        let mut left = n;
        for rh in &self.results.as_ref()?.releases {
            if left < rh.hits.len() {
                return Some((rh.release, rh.hits[left]));
            }
            left -= rh.hits.len();
        }
        None
    }

    pub fn total_hits(&self) -> usize {
        self.results
            .as_ref()
            .map(|r| r.releases.iter().map(|h| h.hits.len()).sum())
            .unwrap_or(0)
    }
}
