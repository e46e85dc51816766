//! Texts left in their archive file as it loads (see [`LeaveTexts`]): each kept as the
//! cache stores it (pieces of the file, and the bytes the parser changed), put together
//! again when read, and written into the cache as it is.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::codec::Writer;
use super::files::ArchiveFiles;
use super::lazy::{Texts, KEPT};
use super::text::{encode, line_starts, Lines};
use crate::archive::{Kept, LeaveTexts, Reading, Release, ReleaseText, Stretch, TextSource};

/// Files smaller than this keep their texts in memory: they weigh little, and each file
/// left holding texts stays open while the archive is (a folder of thousands of small
/// tag pages would otherwise hold thousands of files open, and run out of them).
const SMALLEST: u64 = 4 << 20;

/// Leaves the texts of the archive files it is handed in them.
pub struct LeftInFiles {
    /// Files smaller than this keep their texts ([`SMALLEST`]; tests leave every file's).
    smallest: u64,
    kept: Arc<Kept>,
    /// Each archive file's texts, by file number, opened when its first block comes
    /// (`None` inside: it could not be opened, and its texts stay in memory).
    files: Mutex<Vec<Option<Option<Arc<Texts>>>>>,
    /// Names each text for the stretches kept of it.
    next: AtomicUsize,
}

impl Default for LeftInFiles {
    fn default() -> Self {
        LeftInFiles {
            smallest: SMALLEST,
            kept: Arc::new(Kept::new(KEPT)),
            files: Mutex::new(Vec::new()),
            next: AtomicUsize::new(0),
        }
    }
}

/// A text a file is left holding, written as [`encode`] writes it.
struct LeftText {
    texts: Arc<Texts>,
    key: usize,
    encoded: Box<[u8]>,
    /// The part of its archive file (file, from, to) it is sliced from.
    at: (usize, u64, u64),
}

impl TextSource for LeftText {
    fn text(&self) -> Option<String> {
        self.texts.text(&self.encoded, self.at).ok()
    }

    fn stretch(
        &self,
        around: std::ops::Range<usize>,
        reading: &mut Reading,
    ) -> Option<Arc<Stretch>> {
        (self.texts)
            .stretch(self.key, &self.encoded, self.at, around, reading)
            .ok()
    }

    fn stored(&self) -> Option<(&[u8], (u64, u64))> {
        Some((&self.encoded, (self.at.1, self.at.2)))
    }
}

impl LeftInFiles {
    /// Leaves the texts of files of any size (tests: the sample is 33 kB).
    #[cfg(test)]
    pub(crate) fn every_file() -> LeftInFiles {
        LeftInFiles {
            smallest: 0,
            ..LeftInFiles::default()
        }
    }

    /// File `file` (at `path`) opened to read its texts back, once; `None` when it is too
    /// small to be worth it, or cannot be opened.
    fn texts_of(&self, path: &Path, file: usize) -> Option<Arc<Texts>> {
        let mut files = self.files.lock().ok()?;
        if files.len() <= file {
            files.resize(file + 1, None);
        }
        let slot = files.get_mut(file)?;
        slot.get_or_insert_with(|| {
            let size = std::fs::metadata(path).ok()?.len();
            if size < self.smallest {
                return None;
            }
            // Only this file has a size: the texts of the others are not read through it.
            let sizes = (0..=file).map(|f| (path, (f == file).then_some(size)));
            let files = ArchiveFiles::open(sizes).ok()?;
            Some(Arc::new(Texts {
                files,
                kept: self.kept.clone(),
            }))
        })
        .clone()
    }
}

impl LeaveTexts for LeftInFiles {
    fn leave(&self, path: &Path, file: usize, bytes: &[u8], offset: u64, releases: &mut [Release]) {
        let Some(texts) = self.texts_of(path, file) else {
            return;
        };
        // Bytes past the size the file had when opened (it grew as it loaded) could not be
        // read back: their texts are kept.
        let end = offset.saturating_add(bytes.len() as u64);
        if !texts.files.holds(file, (offset, end)) {
            return;
        }
        let starts = line_starts(bytes);
        let lines = Lines::new(bytes, &starts, offset);
        let mut w = Writer::default();
        for r in releases {
            let Some(text) = r.text.at_hand() else {
                continue;
            };
            w.out.clear();
            let (from, to) = encode(&mut w, text, &r.spans, Some(&lines));
            // Left only when the file holds most of it.
            if w.out.len() * 4 > text.len() {
                continue;
            }
            let len = text.len();
            r.text = ReleaseText::lazy(
                len,
                Arc::new(LeftText {
                    texts: texts.clone(),
                    key: self.next.fetch_add(1, Ordering::Relaxed),
                    encoded: w.out.as_slice().into(),
                    at: (file, from, to),
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{load_files, load_files_leaving, Archive, Progress};
    use crate::cache::{CacheFile, Key};
    use crate::search::{Query, SearchIndex};
    use std::path::PathBuf;

    /// The sample repeated (a tag page of 10 releases) into a file of `times` copies.
    fn repeated(times: usize) -> (tempfile::TempDir, PathBuf) {
        let sample = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt"),
        )
        .expect("sample");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sample-repeated.txt");
        std::fs::write(&path, sample.repeat(times)).expect("written");
        (dir, path)
    }

    fn load_left(path: &Path) -> Archive {
        let left = LeftInFiles::every_file();
        load_files_leaving(
            &[path.to_owned()],
            &Progress::default(),
            &mut |_| {},
            Some(&left),
        )
        .expect("loads")
    }

    /// Texts left in the file read back byte for byte as those parsed and held, and none
    /// is held until read.
    #[test]
    fn texts_left_in_their_file_read_back_as_parsed() {
        let (_dir, path) = repeated(40);
        let held = load_files(std::slice::from_ref(&path), &Progress::default()).expect("loads");
        let left = load_left(&path);
        assert_eq!(left.releases.len(), held.releases.len());
        let waiting = left.releases.iter().filter(|r| !r.text.is_ready()).count();
        assert_eq!(waiting, held.releases.len(), "texts left in the file");
        for (l, h) in left.releases.iter().zip(&held.releases) {
            assert_eq!(l.text.byte_len(), h.text.len());
            assert_eq!(l.text.read(), h.text.as_str(), "{}", h.id);
        }
        // Read without being kept.
        assert!(left.releases.iter().all(|r| !r.text.is_ready()));
        assert_eq!(
            left.releases[3].text.as_str(),
            held.releases[3].text.as_str()
        );
        assert!(left.releases[3].text.is_ready());
    }

    /// The cache written from texts left in the file is byte for byte the one written from
    /// texts held (their pieces are written as they are, not read and compared again), and
    /// the search index built from them is the same.
    #[test]
    fn a_cache_of_texts_left_in_their_file_is_the_cache_of_texts_held() {
        let (dir, path) = repeated(40);
        let paths = [path.clone()];
        let key = Key::of(&paths).expect("key");
        let held = load_files(&paths, &Progress::default()).expect("loads");
        let left = load_left(&path);
        let (a, b) = (dir.path().join("held"), dir.path().join("left"));
        let held_index = SearchIndex::build(&held);
        let left_index = SearchIndex::build(&left);
        crate::cache::write(&a, &key, &held, &held_index).expect("written");
        crate::cache::write(&b, &key, &left, &left_index).expect("written");
        let bytes = |d: &Path| std::fs::read(d.join(&key.name)).expect("cache");
        assert!(bytes(&a) == bytes(&b), "the two caches differ");
        // Neither the index nor the cache kept a text.
        assert!(left.releases.iter().all(|r| !r.text.is_ready()));
        for q in [
            "migration",
            "\"net migration\"",
            "£39 million",
            "83%",
            "vile",
        ] {
            let q = Query::parse(q);
            assert_eq!(
                format!("{:?}", held_index.search(&held, &q, 1000)),
                format!("{:?}", left_index.search(&left, &q, 1000)),
            );
        }
        let cached = CacheFile::open(&b, &key).expect("opens");
        let back = cached.archive().expect("reads");
        for (l, h) in back.releases.iter().zip(&held.releases) {
            assert_eq!(l.text.as_str(), h.text.as_str());
        }
    }

    /// A small file keeps its texts (and is not held open); one of 4 MB or more leaves them.
    #[test]
    fn only_large_files_are_left_holding_their_texts() {
        let sample_len = repeated(1).1.metadata().expect("size").len() as usize;
        for (times, left) in [(3, false), ((4 << 20) / sample_len + 1, true)] {
            let (_dir, path) = repeated(times);
            let leave = LeftInFiles::default();
            let archive =
                load_files_leaving(&[path], &Progress::default(), &mut |_| {}, Some(&leave))
                    .expect("loads");
            assert!(
                archive.releases.iter().all(|r| r.text.is_ready() != left),
                "{times} copies"
            );
            let opened = leave.files.lock().expect("lock")[0].clone().flatten();
            assert_eq!(opened.is_some(), left, "{times} copies held open");
        }
    }

    /// Bytes that lie past the size the file had when it was opened (a file that grew while
    /// it loaded) keep their texts: they could not be read back.
    #[test]
    fn texts_past_the_files_size_when_opened_are_kept() {
        let (_dir, path) = repeated(2);
        let text = std::fs::read_to_string(&path).expect("file");
        let mut archive = Archive::parse_str(&text, &path).expect("parses");
        let left = LeftInFiles::every_file();
        // As if these bytes came 100 bytes later in the file than they do.
        left.leave(&path, 0, text.as_bytes(), 100, &mut archive.releases);
        assert!(archive.releases.iter().all(|r| r.text.is_ready()));
        left.leave(&path, 0, text.as_bytes(), 0, &mut archive.releases);
        assert!(archive.releases.iter().all(|r| !r.text.is_ready()));
        assert!(!archive.releases[1].text.read().trim().is_empty());
    }

    /// A file rewritten after it loaded (same size, other words) gives blanks, counted for
    /// the window to report, never the new words as if they were the release's.
    #[test]
    fn a_text_whose_file_changed_reads_as_blanks() {
        let (_dir, path) = repeated(3);
        let left = load_left(&path);
        let bytes = std::fs::read(&path).expect("file");
        std::fs::write(&path, bytes.to_ascii_uppercase()).expect("rewritten");
        let before = crate::archive::unreadable_texts();
        let r = &left.releases[1];
        let text = r.text.read();
        assert_eq!(text.len(), r.text.byte_len());
        assert!(text.trim().is_empty(), "{text}");
        assert!(crate::archive::unreadable_texts() > before);
    }
}
