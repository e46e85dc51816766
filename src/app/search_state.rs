//! Search as you type: the index is built off the UI thread once per archive; each change of
//! the query (typed in the search bar, `search_bar.rs`) is searched for on a thread, and its
//! results filter the release list and mark hits in the reader. Enter and F3 step through
//! hits.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::loader::CacheNews;
use crate::archive::Archive;
use crate::search::{Hit, Query, SearchIndex, SearchResults};

/// How many matching releases a search lists (the totals count all of them).
const LIMIT: usize = 100_000;

/// How long the frame that takes a new query waits for its search: one that answers by then
/// (a rare word: 2–6 ms on 100,000 releases) is shown at once, with no "Searching…" shown
/// for a frame; a longer one goes on on its thread while the window draws.
const ANSWER_IN_FRAME: Duration = Duration::from_millis(10);

type Wake = Arc<dyn Fn() + Send + Sync>;

#[derive(Default)]
pub struct SearchState {
    index: Option<Arc<SearchIndex>>,
    building: Option<Receiver<Arc<SearchIndex>>>,
    pub results: Option<SearchResults>,
    /// The query `results` answer (what the list shows).
    searched: String,
    /// `searched` parsed.
    answered: Option<Query>,
    /// The query last typed (its search may still be running).
    asked: String,
    /// `asked` parsed: a query typed on to the same words (a closing quote) is not run
    /// again (a phrase is read from the archive file each time).
    parsed: Option<Query>,
    /// The search of `asked`, running on a thread.
    running: Option<Running>,
    /// Position in the flattened list of hits.
    pub current: Option<usize>,
    /// From the loader: the index read from the cache, or where to write the cache.
    cache: Option<CacheNews>,
    /// The archive indexed: searches of it work out hits when read (`search_shared`).
    archive: Option<Arc<Archive>>,
    /// Redraws the window when a search thread is done.
    wake: Option<Wake>,
    /// Tests: search threads wait for a message (or the sender's drop) before they start.
    hold: Option<Arc<Mutex<Receiver<()>>>>,
}

/// A search runs on a thread, so that typing goes on while it runs: a phrase is checked in
/// the text around its words, read from the archive file (26–120 ms on 100,000 releases
/// warm, 0.3–0.5 s when the file is not in the page cache, over a second for `"of the"`),
/// and common words take long too (`the` as typed, with its 64 commonest completions:
/// 140 ms; `home`, `gov`: 25 ms).
struct Running {
    /// The query as last typed with this parse: `searched` once the results are in.
    query: String,
    parsed: Query,
    /// The results, and how long the thread took; a newer search drops this end, so a
    /// superseded search's results can never replace a newer one's.
    results: Receiver<(SearchResults, Duration)>,
    /// Set when a newer query supersedes this one: the thread stops early.
    stop: Arc<AtomicBool>,
    started: Instant,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl SearchState {
    /// What the loader says about the cache of the archive it is about to hand over.
    pub fn cache(&mut self, news: CacheNews) {
        self.cache = Some(news);
    }

    /// Starts indexing a newly loaded archive (or takes the index from the cache).
    pub fn index(&mut self, archive: Arc<Archive>, wake: Wake) {
        self.index = None;
        self.results = None;
        self.forget_queries();
        self.archive = Some(archive.clone());
        self.wake = Some(wake.clone());
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

    /// Every query is run again (a new index or archive); a running search is stopped.
    fn forget_queries(&mut self) {
        self.searched.clear();
        self.answered = None;
        self.asked.clear();
        self.parsed = None;
        self.running = None;
    }

    /// The query the current results answer (while a newer one is searched for, the one
    /// before it).
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

    /// Whether a search runs on a thread (for longer than the frame that took its query
    /// waited); the results shown meanwhile are those of `searched()`.
    pub fn is_searching(&self) -> bool {
        self.running.is_some()
    }

    /// Tests: from now on each search run on a thread waits, before it starts, until a
    /// message is sent on the returned sender (or the sender is dropped), so that a test can
    /// look at the window while a search is under way.
    pub fn hold_searches(&mut self) -> Sender<()> {
        let (tx, rx) = channel();
        self.hold = Some(Arc::new(Mutex::new(rx)));
        tx
    }

    /// Blocks until the search running on a thread ends (or `within` has passed), and takes
    /// its results (tests, and the frame that starts a search).
    pub fn wait_for_search(&mut self, within: Duration) {
        let Some(running) = &self.running else {
            return;
        };
        match running.results.recv_timeout(within) {
            Ok((results, took)) => self.finish(results, took),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.lost(),
        }
    }

    /// Runs `query` if it changed since the last search, and takes the results of a search
    /// that ended on its thread.
    pub fn update(&mut self, archive: &Arc<Archive>, query: &str) {
        if let Some(rx) = &self.building {
            if let Ok(index) = rx.try_recv() {
                self.index = Some(index);
                crate::trace::mark("search index ready");
                self.building = None;
                self.forget_queries();
            }
        }
        if let Some(running) = &self.running {
            match running.results.try_recv() {
                Ok((results, took)) => self.finish(results, took),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.lost(),
            }
        }
        if query == self.asked {
            return;
        }
        let Some(index) = self.index.clone() else {
            return;
        };
        self.asked = query.to_owned();
        let parsed = Query::parse_typed(query);
        if self.parsed.as_ref() == Some(&parsed) {
            // The same search: its results answer this query too.
            match &mut self.running {
                Some(running) => running.query = query.to_owned(),
                None => self.searched = query.to_owned(),
            }
            return;
        }
        self.parsed = Some(parsed.clone());
        // A newer query: the search under way, if any, is stopped and its results never
        // taken.
        self.running = None;
        if self.answered.as_ref() == Some(&parsed) {
            // Typed back to the query shown.
            self.searched = query.to_owned();
            return;
        }
        if let Some(shared) = self.archive.clone().filter(|a| Arc::ptr_eq(a, archive)) {
            if !parsed.is_empty() && self.spawn(index.clone(), shared, query, parsed.clone()) {
                self.wait_for_search(ANSWER_IN_FRAME);
                return;
            }
        }
        // No thread, or not the archive indexed (one being loaded): searched in the frame.
        let started = Instant::now();
        let results = if parsed.is_empty() {
            None
        } else {
            Some(match &self.archive {
                Some(shared) if Arc::ptr_eq(shared, archive) => {
                    index.search_shared(shared, &parsed, LIMIT)
                }
                _ => index.search(archive, &parsed, LIMIT),
            })
        };
        let took = started.elapsed();
        self.show(query.to_owned(), parsed, results, took, started);
    }

    /// Starts searching on a thread; false if no thread could be started.
    fn spawn(
        &mut self,
        index: Arc<SearchIndex>,
        archive: Arc<Archive>,
        query: &str,
        parsed: Query,
    ) -> bool {
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let wake = self.wake.clone();
        let hold = self.hold.clone();
        let (thread_stop, thread_query) = (stop.clone(), parsed.clone());
        let spawned = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                if let Some(hold) = hold {
                    if let Ok(rx) = hold.lock() {
                        let _ = rx.recv();
                    }
                }
                let started = Instant::now();
                let found =
                    index.search_shared_unless(&archive, &thread_query, LIMIT, &thread_stop);
                if let Some(results) = found {
                    if tx.send((results, started.elapsed())).is_ok() {
                        if let Some(wake) = wake {
                            wake();
                        }
                    }
                }
            });
        if spawned.is_err() {
            return false;
        }
        self.running = Some(Running {
            query: query.to_owned(),
            parsed,
            results: rx,
            stop,
            started: Instant::now(),
        });
        true
    }

    /// The search thread ended without results (it panicked): the results shown stay, and
    /// the next query typed is searched for.
    fn lost(&mut self) {
        self.running = None;
        self.parsed = self.answered.clone();
    }

    /// The results of the search that ran on a thread (for `took`).
    fn finish(&mut self, results: SearchResults, took: Duration) {
        let Some(running) = self.running.take() else {
            return;
        };
        self.show(
            running.query.clone(),
            running.parsed.clone(),
            Some(results),
            took,
            running.started,
        );
    }

    /// Shows `results` as the answer to `query`, searched for `took`, typed at `started`.
    fn show(
        &mut self,
        query: String,
        parsed: Query,
        results: Option<SearchResults>,
        took: Duration,
        started: Instant,
    ) {
        if let Some(r) = &results {
            crate::trace::mark(&format!(
                "search {query:?}: {took:?}, {} releases, shown {:?} after it was typed",
                r.total_releases,
                started.elapsed()
            ));
        }
        self.results = results;
        self.searched = query;
        self.answered = Some(parsed);
        self.current = None;
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
