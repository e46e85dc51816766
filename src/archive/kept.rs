//! Stretches of release texts that a search read from their archive files, kept within a
//! bound for the searches after it: a phrase typed again, or another in the same
//! releases, is checked without reading the files again (reading, not checking, was
//! most of a repeated phrase search's time once texts were no longer kept whole).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Bytes `base..base + text.len()` of a release's text: valid UTF-8, cut at char
/// boundaries of the whole text.
#[derive(Debug, PartialEq, Eq)]
pub struct Stretch {
    pub base: usize,
    pub text: String,
}

/// One search's reading of texts left in their archive files, on one thread: which search
/// it is (what it keeps is not dropped to make room for more of its own), and which files
/// it has seen unchanged (each is looked at once before stretches kept from an earlier
/// search are used, not once a release).
#[derive(Debug)]
pub struct Reading {
    pass: u64,
    seen: Vec<Option<bool>>,
    /// What a source reads into, used again for each text (a buffer allocated and
    /// zero-filled for each cost as much as reading into it).
    buf: Vec<u8>,
}

impl Clone for Reading {
    /// The same search's reading, for another thread.
    fn clone(&self) -> Self {
        Reading {
            pass: self.pass,
            seen: self.seen.clone(),
            buf: Vec::new(),
        }
    }
}

/// Numbers searches (a counter, not a clock: only their order matters).
static PASSES: AtomicU64 = AtomicU64::new(1);

impl Default for Reading {
    fn default() -> Self {
        Reading::new()
    }
}

impl Reading {
    /// A new search's reading (share it with the search's threads by cloning it).
    pub fn new() -> Reading {
        Reading {
            pass: PASSES.fetch_add(1, Ordering::Relaxed),
            seen: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// A buffer to read into (its bytes are what the last read left).
    pub fn scratch(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    pub fn pass(&self) -> u64 {
        self.pass
    }

    /// Whether archive file `file` is unchanged: `check`ed the first time this reading asks.
    pub fn unchanged(&mut self, file: usize, check: impl FnOnce() -> bool) -> bool {
        if self.seen.len() <= file {
            self.seen.resize(file + 1, None);
        }
        match self.seen.get_mut(file) {
            Some(Some(seen)) => *seen,
            Some(slot) => *slot.insert(check()),
            None => check(),
        }
    }
}

/// Stretches kept, by text (a key unique within one reopened archive), at most `budget`
/// bytes of them.
pub struct Kept {
    budget: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<usize, Entry>,
    bytes: usize,
    /// A search that found nothing older to drop: it keeps no more.
    full: u64,
    /// The last search to keep a stretch, and the bytes it kept.
    added: (u64, usize),
}

struct Entry {
    /// The bytes asked for (the stretch may lack a cut char at either end), and the
    /// text's length.
    read: Range<usize>,
    len: usize,
    stretch: Arc<Stretch>,
    /// The last search that used it.
    pass: u64,
}

impl Entry {
    fn bytes(&self) -> usize {
        // The string, the Arc's counts and base, and the map's slot.
        self.stretch.text.capacity() + 96
    }
}

impl Kept {
    pub fn new(budget: usize) -> Kept {
        Kept {
            budget,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The stretch kept for text `key` that holds its bytes `want` (cut to the text), now
    /// used by search `pass`; else the bytes to read: `want` with those kept (so that the
    /// stretches of a text searched for other words grow rather than replace each other).
    pub fn get(
        &self,
        key: usize,
        want: Range<usize>,
        pass: u64,
    ) -> Result<Arc<Stretch>, Range<usize>> {
        let Ok(mut inner) = self.inner.lock() else {
            return Err(want);
        };
        let Some(entry) = inner.entries.get_mut(&key) else {
            return Err(want);
        };
        let (lo, hi) = (want.start.min(entry.len), want.end.min(entry.len));
        if entry.read.start <= lo && hi <= entry.read.end {
            entry.pass = pass;
            return Ok(entry.stretch.clone());
        }
        Err(want.start.min(entry.read.start)..want.end.max(entry.read.end))
    }

    /// Keeps `stretch`, text `key`'s bytes `read` (of `len`) read for search `pass`, in
    /// place of any kept for that text, unless the search has kept a quarter of the bound
    /// already: memory new to the process costs a page fault and a cleared page every
    /// 4 kB, and a first search keeping 32 MB took a tenth longer (a phrase searched again
    /// keeps more each time). Room is made by dropping the stretches earlier searches used
    /// last, oldest first; when only this search's own are left it is not kept (a search
    /// wanting more than the bound keeps its first releases' stretches rather than each
    /// release's pushing out the one before).
    pub fn keep(
        &self,
        key: usize,
        read: Range<usize>,
        len: usize,
        stretch: Arc<Stretch>,
        pass: u64,
    ) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let entry = Entry {
            read,
            len,
            stretch,
            pass,
        };
        let size = entry.bytes();
        let added = if inner.added.0 == pass {
            inner.added.1
        } else {
            0
        };
        if added + size > self.budget / 4 {
            return;
        }
        if let Some(old) = inner.entries.remove(&key) {
            inner.bytes -= old.bytes();
        }
        if inner.bytes + size > self.budget {
            if inner.full == pass {
                return;
            }
            // Down to three quarters of the bound, so that this is not done again at once.
            inner.make_room(self.budget / 4 * 3 - size.min(self.budget / 4 * 3), pass);
            if inner.bytes + size > self.budget {
                inner.full = pass;
                return;
            }
        }
        inner.bytes += size;
        inner.added = (pass, added + size);
        inner.entries.insert(key, entry);
    }

    /// Drops every stretch (their archive file changed).
    pub fn clear(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            *inner = Inner::default();
        }
    }

    /// Bytes kept (counted as for the bound).
    pub fn bytes(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.bytes)
    }
}

impl Inner {
    /// Drops stretches searches before `pass` used, least recently used first, until at
    /// most `target` bytes are kept or none of theirs is left.
    fn make_room(&mut self, target: usize, pass: u64) {
        let mut older: Vec<(u64, usize)> = self
            .entries
            .iter()
            .filter(|(_, e)| e.pass < pass)
            .map(|(&key, e)| (e.pass, key))
            .collect();
        older.sort_unstable();
        for (_, key) in older {
            if self.bytes <= target {
                break;
            }
            if let Some(old) = self.entries.remove(&key) {
                self.bytes -= old.bytes();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stretch(n: usize) -> Arc<Stretch> {
        Arc::new(Stretch {
            base: 0,
            text: "x".repeat(n),
        })
    }

    /// A stretch is found again for any bytes it holds, and a wider want reads both.
    #[test]
    fn a_kept_stretch_answers_for_the_bytes_it_holds() {
        let kept = Kept::new(1 << 20);
        kept.keep(7, 100..600, 1000, stretch(500), 1);
        assert!(kept.get(7, 150..550, 2).is_ok());
        // Past the text's end is cut to it.
        kept.keep(8, 500..1000, 1000, stretch(500), 1);
        assert!(kept.get(8, 700..1300, 2).is_ok());
        assert_eq!(kept.get(7, 50..550, 2), Err(50..600));
        assert_eq!(kept.get(9, 0..10, 2), Err(0..10));
        kept.clear();
        assert_eq!(kept.bytes(), 0);
        assert!(kept.get(7, 150..550, 3).is_err());
    }

    /// A search keeps at most a quarter of the bound; room is made from what earlier
    /// searches used, oldest first; a search never drops stretches it used itself, and what
    /// is kept stays within the bound.
    #[test]
    fn older_searches_make_room_and_the_bound_holds() {
        let one = stretch(1000).text.capacity() + 96;
        let kept = Kept::new(40 * one);
        for key in 0..11 {
            kept.keep(key, 0..1000, 1000, stretch(1000), 1);
        }
        assert!(kept.get(9, 0..1000, 2).is_ok(), "ten a search");
        assert!(kept.get(10, 0..1000, 2).is_err(), "not eleven");
        let kept = Kept::new(40 * one);
        let is_kept = |key, pass| kept.get(key, 0..1000, pass).is_ok();
        for key in 0..40 {
            kept.keep(key, 0..1000, 1000, stretch(1000), 1 + key as u64 / 10);
        }
        // Search 5 uses 0..5 (search 1's) again, then keeps ten more: search 1's others
        // go first, then search 2's, down to three quarters of the bound.
        assert!((0..5).all(|key| is_kept(key, 5)));
        for key in 100..110 {
            kept.keep(key, 0..1000, 1000, stretch(1000), 5);
            assert!(kept.bytes() <= 40 * one);
        }
        assert!((0..5).all(|key| is_kept(key, 6)), "used by search 5");
        assert!((5..16).all(|key| !is_kept(key, 6)), "the oldest dropped");
        assert!((16..40).all(|key| is_kept(key, 6)));
        assert!((100..110).all(|key| is_kept(key, 6)));
        // Search 7 has used every stretch kept: it keeps one more, to the bound, then no
        // more.
        let used: Vec<usize> = (0..5).chain(16..40).chain(100..110).collect();
        assert!(used.iter().all(|&key| is_kept(key, 7)));
        kept.keep(200, 0..1000, 1000, stretch(1000), 7);
        kept.keep(201, 0..1000, 1000, stretch(1000), 7);
        assert!(is_kept(200, 7) && !is_kept(201, 7));
        assert!(used.iter().all(|&key| is_kept(key, 8)));
        assert_eq!(kept.bytes(), 40 * one);
    }

    #[test]
    fn a_reading_checks_each_file_once() {
        let mut reading = Reading::new();
        let mut checks = 0;
        for _ in 0..3 {
            assert!(reading.unchanged(2, || {
                checks += 1;
                true
            }));
        }
        assert!(!reading.unchanged(0, || false));
        assert!(!reading.unchanged(0, || true));
        assert_eq!(checks, 1);
        assert!(Reading::new().pass() > reading.pass());
    }
}
