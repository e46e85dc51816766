//! Loading an archive on a background thread, with progress and an early preview.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

use crate::archive::{load_files_leaving, Archive, PartialDate, Progress};
use crate::cache::{CacheFile, Key, LeftInFiles};
use crate::search::SearchIndex;
use crate::timeline::Timeline;

pub enum LoadEvent {
    /// The first releases of a large file, while the rest loads.
    Preview(Arc<Archive>),
    Done(Result<Arc<Archive>, String>),
    /// Sent just before `Done`: the search index read from the cache, or where to write
    /// the cache once the index is built.
    Cache(CacheNews),
    /// Sent just before `Done`: the loaded archive put in order for the window.
    Arranged(Arranged),
}

/// What the window shows of an archive as a whole, worked out on the loading thread: on
/// the window's thread it took 25-50 ms of the frame that shows a reopened 100,000-release
/// archive, after the load had ended.
pub struct Arranged {
    /// The archive arranged (the window uses the rest only for this one).
    pub archive: Arc<Archive>,
    /// `Archive::newest_first`.
    pub order: Vec<usize>,
    /// `Timeline::new`.
    pub timeline: Timeline,
    /// `Archive::date_range`.
    pub date_range: Option<(PartialDate, PartialDate)>,
}

impl Arranged {
    /// The order on one core, the timeline and dates on another.
    pub fn of(archive: &Arc<Archive>) -> Arranged {
        std::thread::scope(|s| {
            let order = std::thread::Builder::new()
                .name("arrange".into())
                .spawn_scoped(s, || archive.newest_first());
            let timeline = Timeline::new(archive);
            let date_range = archive.date_range();
            let order = match order.map(|h| h.join()) {
                Ok(Ok(order)) => order,
                _ => archive.newest_first(),
            };
            Arranged {
                archive: archive.clone(),
                order,
                timeline,
                date_range,
            }
        })
    }
}

pub enum CacheNews {
    Index(Arc<SearchIndex>),
    WriteTo(PathBuf, Key),
}

/// The archive and its index from the cache, when it holds these paths whole, and the
/// cache file they are read from.
fn from_cache(dir: &Path, key: &Key) -> Option<(Archive, SearchIndex, CacheFile)> {
    crate::trace::mark("loading started");
    let file = CacheFile::open(dir, key)?;
    // Texts stay in the mapped files until read: reading them all took most of a reopening.
    // The index is read beside the releases, on whichever core is free first.
    let (archive, index) = file.archive_and_index_in_place().ok()?;
    crate::trace::mark("archive and search index read from the cache");
    Some((archive, index, file))
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
                    if let Some((archive, index, file)) = from_cache(dir, key) {
                        let archive = Arc::new(archive);
                        let arranged = Arranged::of(&archive);
                        crate::trace::mark("archive arranged");
                        let _ = tx.send(LoadEvent::Cache(CacheNews::Index(Arc::new(index))));
                        let _ = tx.send(LoadEvent::Arranged(arranged));
                        let _ = tx.send(LoadEvent::Done(Ok(archive.clone())));
                        wake();
                        // Speakers were left in the cache; a filter by speaker and the
                        // search for similar releases read every release's, which would
                        // stall the window for 0.2 s the first time on 100,000 releases:
                        // they are read now, at a low priority, with the archive shown.
                        super::background::lower_priority();
                        file.read_speakers_ahead(&archive);
                        return;
                    }
                }
                // Texts are left in the archive files as they load, and read back when
                // shown: held, the 541 MB archive's texts took its first opening to 2.3x
                // its size in memory.
                let left = LeftInFiles::default();
                let result =
                    load_files_leaving(&thread_paths, &thread_progress, &mut preview, Some(&left))
                        .map(Arc::new)
                        .map_err(|e| e.to_string());
                if let (Some((dir, key)), Ok(_)) = (cache, &result) {
                    let _ = tx.send(LoadEvent::Cache(CacheNews::WriteTo(dir, key)));
                }
                if let Ok(archive) = &result {
                    let _ = tx.send(LoadEvent::Arranged(Arranged::of(archive)));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Speakers left in the cache by a reopening are all decoded ahead, and read as parsed;
    /// the other lists stay where they are.
    #[test]
    fn speakers_are_read_ahead_after_a_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/home-office-may-2023.txt");
        let paths = vec![path];
        let archive = Archive::load(&paths).expect("loads");
        let key = Key::of(&paths).expect("key");
        let index = SearchIndex::build(&archive);
        crate::cache::write(dir.path(), &key, &archive, &index).expect("written");
        let (reopened, _, file) = from_cache(dir.path(), &key).expect("read back");
        assert!(reopened.releases.iter().all(|r| !r.speakers.is_ready()));
        file.read_speakers_ahead(&reopened);
        assert!(reopened.releases.iter().all(|r| r.speakers.is_ready()));
        assert!(reopened.releases.iter().all(|r| !r.blocks.is_ready()));
        for (got, want) in reopened.releases.iter().zip(&archive.releases) {
            assert_eq!(got.speakers, want.speakers, "{}", want.id);
        }
        assert!(archive.releases.iter().any(|r| !r.speakers.is_empty()));
    }

    /// The loader's arrangement of an archive (dated and undated releases) is what the
    /// window would work out itself, and the window shows it for the archive loaded.
    #[test]
    fn the_loader_arranges_the_archive_as_the_window_would() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = vec![
            root.join("assets/home-office-may-2023.txt"),
            root.join("tests/fixtures/archives/variants.txt"),
        ];
        let archive = Arc::new(Archive::load(&paths).expect("loads"));
        assert!(archive.releases.iter().any(|r| r.date.is_none()));
        let arranged = Arranged::of(&archive);
        assert!(Arc::ptr_eq(&arranged.archive, &archive));
        assert_eq!(arranged.order, archive.newest_first());
        assert_eq!(arranged.timeline, Timeline::new(&archive));
        assert_eq!(arranged.date_range, archive.date_range());

        let mut app = super::super::PressmarkApp::new(Default::default(), Arc::new(|| {}));
        app.open(paths);
        app.wait_for_load();
        let shown = app.archive.clone().expect("loaded");
        assert_eq!(app.order, shown.newest_first());
        assert_eq!(app.timeline.timeline, Timeline::new(&shown));
        assert_eq!(app.order.len(), archive.releases.len());
    }

    /// A first opening leaves the archive's texts in its file, each read when something
    /// asks for it; building the search index reads them without keeping them. Held, the
    /// 541 MB archive's texts (491 MB) took the window's first opening to 2.3x its size.
    #[test]
    fn a_first_opening_holds_no_text_until_one_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("first-opening.txt");
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/home-office-may-2023.txt");
        // Over 4 MB: a smaller file keeps its texts.
        let text = std::fs::read_to_string(&sample).expect("sample");
        std::fs::write(&path, text.repeat((4 << 20) / text.len() + 1)).expect("written");
        let loading = Loading::start(vec![path.clone()], || {});
        let archive = loading
            .wait()
            .into_iter()
            .find_map(|e| match e {
                LoadEvent::Done(Ok(a)) => Some(a),
                _ => None,
            })
            .expect("loaded");
        let held = Archive::load(&[path]).expect("loads");
        assert_eq!(archive.releases.len(), held.releases.len());
        assert!(archive.releases.iter().all(|r| !r.text.is_ready()));
        let index = SearchIndex::build(&archive);
        assert!(archive.releases.iter().all(|r| !r.text.is_ready()));
        let query = crate::search::Query::parse("\"net migration\"");
        assert_eq!(
            format!("{:?}", index.search(&archive, &query, 100)),
            format!("{:?}", SearchIndex::build(&held).search(&held, &query, 100))
        );
        for (got, want) in archive.releases.iter().zip(&held.releases) {
            assert_eq!(got.text.as_str(), want.text.as_str(), "{}", want.id);
        }
    }
}
