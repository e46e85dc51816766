//! Loading an archive on a background thread, with progress and an early preview.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

use crate::archive::{load_files_with_preview, Archive, Progress};

pub enum LoadEvent {
    /// The first releases of a large file, while the rest loads.
    Preview(Arc<Archive>),
    Done(Result<Arc<Archive>, String>),
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
                let result = load_files_with_preview(&thread_paths, &thread_progress, &mut preview)
                    .map(Arc::new)
                    .map_err(|e| e.to_string());
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
