//! A release's lists that only a reader of that release needs (its speakers, blocks and
//! source spans): owned, or decoded from the cache the first time something reads them.
//!
//! Reopening the 541 MB archive from its cache decoded these lists for all 100,000
//! releases before the window could show any: 123 MB in a million small allocations, half
//! the reopening's work. The list, the timeline and search need none of them; the reader
//! needs one release's at a time.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};

use super::release::{Block, LineSpan, Speaker};

/// Where lazy lists are decoded from (the cache): release `at`'s lists, or `None` when
/// they can no longer be read (the cache file changed after it was checked).
pub trait ReleaseParts: Send + Sync {
    fn speakers(&self, at: usize) -> Option<Vec<Speaker>>;
    fn blocks(&self, at: usize) -> Option<Vec<Block>>;
    fn spans(&self, at: usize) -> Option<Vec<LineSpan>>;
}

/// An item of a lazy list: which of [`ReleaseParts`]' lists it is read from.
pub trait Part: Sized + Send + Sync {
    fn read(parts: &dyn ReleaseParts, at: usize) -> Option<Vec<Self>>;
}

impl Part for Speaker {
    fn read(parts: &dyn ReleaseParts, at: usize) -> Option<Vec<Self>> {
        parts.speakers(at)
    }
}

impl Part for Block {
    fn read(parts: &dyn ReleaseParts, at: usize) -> Option<Vec<Self>> {
        parts.blocks(at)
    }
}

impl Part for LineSpan {
    fn read(parts: &dyn ReleaseParts, at: usize) -> Option<Vec<Self>> {
        parts.spans(at)
    }
}

/// A list that reads as a `Vec<T>`; a lazy one is decoded on first read and kept.
pub struct LazyList<T>(Repr<T>);

enum Repr<T> {
    Owned(Vec<T>),
    Lazy {
        parts: Arc<dyn ReleaseParts>,
        at: usize,
        list: OnceLock<Vec<T>>,
    },
}

impl<T: Part> LazyList<T> {
    /// Release `at`'s list of `T`, decoded from `parts` when first read.
    pub fn lazy(parts: Arc<dyn ReleaseParts>, at: usize) -> LazyList<T> {
        LazyList(Repr::Lazy {
            parts,
            at,
            list: OnceLock::new(),
        })
    }

    /// The list, decoded now if it was not yet.
    pub fn as_vec(&self) -> &Vec<T> {
        match &self.0 {
            Repr::Owned(v) => v,
            Repr::Lazy { parts, at, list } => list.get_or_init(|| {
                T::read(parts.as_ref(), *at).unwrap_or_else(|| {
                    // An empty list keeps every offset valid (the text reads as blanks
                    // then too); the count lets the window tell the user to reopen.
                    super::release_text::count_unreadable();
                    Vec::new()
                })
            }),
        }
    }

    /// Whether the list has been decoded (or was owned from the start).
    pub fn is_ready(&self) -> bool {
        match &self.0 {
            Repr::Owned(_) => true,
            Repr::Lazy { list, .. } => list.get().is_some(),
        }
    }
}

impl<T> Default for LazyList<T> {
    fn default() -> Self {
        LazyList(Repr::Owned(Vec::new()))
    }
}

impl<T> From<Vec<T>> for LazyList<T> {
    fn from(v: Vec<T>) -> Self {
        LazyList(Repr::Owned(v))
    }
}

impl<T: Part> Deref for LazyList<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        self.as_vec()
    }
}

impl<T: Part> DerefMut for LazyList<T> {
    /// Changing a lazy list decodes it and owns it from then on.
    fn deref_mut(&mut self) -> &mut Vec<T> {
        owned(&mut self.0)
    }
}

/// The list of `repr`, made owned first if it was lazy.
fn owned<T: Part>(repr: &mut Repr<T>) -> &mut Vec<T> {
    match repr {
        Repr::Owned(v) => v,
        Repr::Lazy { .. } => {
            let lazy = std::mem::replace(repr, Repr::Owned(Vec::new()));
            *repr = Repr::Owned(LazyList(lazy).into_vec());
            owned(repr)
        }
    }
}

impl<T: Part> LazyList<T> {
    /// The list as a `Vec`, decoded if it was not yet.
    pub fn into_vec(self) -> Vec<T> {
        let ready = match self.0 {
            Repr::Owned(v) => return v,
            Repr::Lazy { list, .. } if list.get().is_some() => list.into_inner(),
            Repr::Lazy { parts, at, .. } => {
                return T::read(parts.as_ref(), at).unwrap_or_else(|| {
                    super::release_text::count_unreadable();
                    Vec::new()
                })
            }
        };
        ready.unwrap_or_default()
    }
}

impl<T: Part + Clone> Clone for LazyList<T> {
    fn clone(&self) -> Self {
        match &self.0 {
            Repr::Owned(v) => LazyList(Repr::Owned(v.clone())),
            Repr::Lazy { parts, at, list } => LazyList(Repr::Lazy {
                parts: parts.clone(),
                at: *at,
                list: list.clone(),
            }),
        }
    }
}

impl<T: Part + fmt::Debug> fmt::Debug for LazyList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_vec(), f)
    }
}

impl<T: Part + PartialEq> PartialEq for LazyList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_vec() == other.as_vec()
    }
}

impl<T: Part + PartialEq> PartialEq<Vec<T>> for LazyList<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.as_vec() == other
    }
}

impl<T: Part + Eq> Eq for LazyList<T> {}

impl<'a, T: Part> IntoIterator for &'a LazyList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_vec().iter()
    }
}

impl<'a, T: Part> IntoIterator for &'a mut LazyList<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T> FromIterator<T> for LazyList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        LazyList(Repr::Owned(iter.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::BlockKind;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The sample's first release's lists, handed out by a counting source.
    struct Counted {
        release: crate::archive::Release,
        reads: AtomicUsize,
        fail: bool,
    }

    impl ReleaseParts for Counted {
        fn speakers(&self, _at: usize) -> Option<Vec<Speaker>> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            (!self.fail).then(|| self.release.speakers.to_vec())
        }
        fn blocks(&self, _at: usize) -> Option<Vec<Block>> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            (!self.fail).then(|| self.release.blocks.to_vec())
        }
        fn spans(&self, _at: usize) -> Option<Vec<LineSpan>> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            (!self.fail).then(|| self.release.spans.to_vec())
        }
    }

    fn sample_release() -> crate::archive::Release {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/home-office-may-2023.txt");
        let archive = crate::archive::Archive::load(&[path]).expect("sample loads");
        archive
            .releases
            .into_iter()
            .find(|r| !r.speakers.is_empty())
            .expect("a release with a speaker")
    }

    /// A lazy list is decoded once, on first read, and reads, compares and changes like
    /// the owned one.
    #[test]
    fn a_lazy_list_is_decoded_once_on_first_read() {
        let release = sample_release();
        let source = Arc::new(Counted {
            release: release.clone(),
            reads: AtomicUsize::new(0),
            fail: false,
        });
        let parts: Arc<dyn ReleaseParts> = source.clone();
        let blocks: LazyList<Block> = LazyList::lazy(parts.clone(), 0);
        let speakers: LazyList<Speaker> = LazyList::lazy(parts.clone(), 0);
        assert!(!blocks.is_ready() && !speakers.is_ready());
        assert_eq!(source.reads.load(Ordering::Relaxed), 0);
        assert_eq!(blocks.len(), release.blocks.len());
        assert!(blocks.is_ready() && !speakers.is_ready());
        assert_eq!(blocks, release.blocks);
        assert_eq!(speakers, *release.speakers);
        assert_eq!(source.reads.load(Ordering::Relaxed), 2);
        assert!(blocks.iter().any(|b| b.kind == BlockKind::Quote));
        // A copy keeps what was decoded; a change owns the list.
        let mut copy = blocks.clone();
        assert!(copy.is_ready());
        copy.pop();
        assert_eq!(copy.len() + 1, blocks.len());
        let mut spans: LazyList<LineSpan> = LazyList::lazy(parts, 0);
        spans.clear();
        assert!(spans.is_empty());
        assert_eq!(source.reads.load(Ordering::Relaxed), 3);
    }

    /// A list that can no longer be read is empty, and counted for the window to say so.
    #[test]
    fn a_list_that_cannot_be_read_is_empty_and_counted() {
        let parts: Arc<dyn ReleaseParts> = Arc::new(Counted {
            release: sample_release(),
            reads: AtomicUsize::new(0),
            fail: true,
        });
        let before = crate::archive::unreadable_texts();
        let blocks: LazyList<Block> = LazyList::lazy(parts, 0);
        assert!(blocks.is_empty());
        assert!(crate::archive::unreadable_texts() > before);
    }
}
