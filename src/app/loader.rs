//! Loading an archive on a background thread, with progress and an early preview.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

use crate::archive::{load_files_with_preview, Archive, Progress};
use crate::cache::{CacheFile, Key};
use crate::search::SearchIndex;

pub enum LoadEvent {
    /// The first releases of a large file, while the rest loads.
    Preview(Arc<Archive>),
    Done(Result<Arc<Archive>, String>),
    /// Sent just before `Done`: the search index read from the cache, or where to write
    /// the cache once the index is built.
    Cache(CacheNews),
}

pub enum CacheNews {
    Index(Arc<SearchIndex>),
    WriteTo(PathBuf, Key),
}

/// The archive and its index from the cache, when it holds these paths whole.
fn from_cache(dir: &Path, key: &Key) -> Option<(Archive, SearchIndex)> {
    crate::trace::mark("loading started");
    let file = CacheFile::open(dir, key)?;
    // Texts stay in the mapped files until read: reading them all took most of a reopening.
    // The index is read beside the releases, on whichever core is free first.
    let read = file.archive_and_index_in_place().ok()?;
    crate::trace::mark("archive and search index read from the cache");
    Some(read)
}

/// A load in progress.
pub struct Loading {
    pub paths: Vec<PathBuf>,
    pub progress: Arc<Progress>,
    rx: Receiver<LoadEvent>,
}

impl Loading {
    /// Starts loading on a named thread; `wake` is called whenever there is news.
    pub fn start(paths: Vec<PathBuf>, wake: impl Fn() + Send + 'static) -> Loading {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let thread_progress = progress.clone();
        let thread_paths = paths.clone();
        let spawned = std::thread::Builder::new()
            .name("load-archive".into())
            .spawn(move || {
                let preview_tx = tx.clone();
                let mut preview = |a: Archive| {
                    let _ = preview_tx.send(LoadEvent::Preview(Arc::new(a)));
                    wake();
                };
                let cache = crate::cache::dir().zip(Key::of(&thread_paths).ok());
                if let Some((dir, key)) = &cache {
                    if let Some((archive, index)) = from_cache(dir, key) {
                        let _ = tx.send(LoadEvent::Cache(CacheNews::Index(Arc::new(index))));
                        let _ = tx.send(LoadEvent::Done(Ok(Arc::new(archive))));
                        wake();
                        return;
                    }
                }
                let result = load_files_with_preview(&thread_paths, &thread_progress, &mut preview)
                    .map(Arc::new)
                    .map_err(|e| e.to_string());
                if let (Some((dir, key)), Ok(_)) = (cache, &result) {
                    let _ = tx.send(LoadEvent::Cache(CacheNews::WriteTo(dir, key)));
                }
                super::background::release_free_memory();
                let _ = tx.send(LoadEvent::Done(result));
                wake();
            });
        let rx = match spawned {
            Ok(_) => rx,
            Err(e) => {
                let (tx, rx) = channel();
                let _ = tx.send(LoadEvent::Done(Err(format!(
                    "could not start loading: {e}"
                ))));
                rx
            }
        };
        Loading {
            paths,
            progress,
            rx,
        }
    }

    /// News since the last call, without waiting.
    pub fn poll(&self) -> Vec<LoadEvent> {
        self.rx.try_iter().collect()
    }

    /// Waits for the load to finish (for tests and the command line).
    pub fn wait(&self) -> Vec<LoadEvent> {
        let mut events = Vec::new();
        while let Ok(e) = self.rx.recv() {
            let done = matches!(e, LoadEvent::Done(_));
            events.push(e);
            if done {
                break;
            }
        }
        events
    }
}
