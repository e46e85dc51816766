//! A release's canonical text: owned, or put together from the cache on first use.
//!
//! Reopening a 541 MB archive from its cache copied every text out of the archive file
//! (a second of page clearing and copying before the window could show anything, and the
//! texts' whole weight in memory); a text read from the cache is instead put together from
//! its pieces the first time something reads it, and kept from then on. A first opening of a
//! large tag page leaves its texts in the file the same way (see `LeaveTexts`).

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use super::kept::{Reading, Stretch};

/// Where a lazy text comes from.
pub trait TextSource: Send + Sync {
    /// The whole text put together: `None` when its pieces no longer give the text that
    /// was parsed (the archive file changed after the cache was checked).
    fn text(&self) -> Option<String>;

    /// The text's bytes around bytes `around` (those a search will ask about; a few
    /// hundred either side), to read parts of it without the whole (a phrase search asks
    /// this of thousands of texts), kept within a bound for the next search that asks;
    /// `None` when they cannot be read as they were parsed, or the source gives only
    /// whole texts.
    fn stretch(&self, _around: Range<usize>, _reading: &mut Reading) -> Option<Arc<Stretch>> {
        None
    }

    /// The text as a cache stores it (pieces of its archive file, see the cache's `text`
    /// module) and the part of the file (from, to) they copy from, when the source holds it
    /// so already: writing the cache then need not read the text.
    fn stored(&self) -> Option<(&[u8], (u64, u64))> {
        None
    }
}

impl<F: Fn() -> Option<String> + Send + Sync> TextSource for F {
    fn text(&self) -> Option<String> {
        self()
    }
}

/// Texts that read as blanks because their archive file changed (see `unreadable_texts`).
static UNREADABLE: AtomicUsize = AtomicUsize::new(0);

/// Counts a release text or list that could not be read back (see `unreadable_texts`).
pub(crate) fn count_unreadable() {
    UNREADABLE.fetch_add(1, Ordering::Relaxed);
}

/// How many release texts this process could not read back from their archive file (it
/// changed after the cache was checked) and shows as blanks: the window watches it to say so.
pub fn unreadable_texts() -> usize {
    UNREADABLE.load(Ordering::Relaxed)
}

/// What a text that no longer matches its archive file reads as: blanks of the same length
/// keep every block and span offset valid; the count lets the window tell the user to
/// reopen the archive.
fn blanks(len: usize) -> String {
    UNREADABLE.fetch_add(1, Ordering::Relaxed);
    crate::trace::mark("a release's text no longer matches its archive file");
    " ".repeat(len)
}

/// A release's text; reads as a `&str`.
#[derive(Clone)]
pub struct ReleaseText(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    Lazy {
        len: usize,
        source: Arc<dyn TextSource>,
        text: OnceLock<String>,
    },
}

impl ReleaseText {
    /// A text put together by `source` when first read; `len` is its length in bytes.
    pub fn lazy(len: usize, source: Arc<dyn TextSource>) -> ReleaseText {
        ReleaseText(Repr::Lazy {
            len,
            source,
            text: OnceLock::new(),
        })
    }

    /// The text as a `&str`, put together now if it was not yet.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::Lazy { len, source, text } => {
                text.get_or_init(|| source.text().unwrap_or_else(|| blanks(*len)))
            }
        }
    }

    /// The text, without keeping it if it was not at hand: for work that reads every text
    /// once (building the search index, writing the cache), which would otherwise keep the
    /// archive's whole text in memory.
    pub fn read(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Lazy {
                len, source, text, ..
            } if text.get().is_none() => Cow::Owned(source.text().unwrap_or_else(|| blanks(*len))),
            _ => Cow::Borrowed(self.as_str()),
        }
    }

    /// See [`TextSource::stored`].
    pub fn stored(&self) -> Option<(&[u8], (u64, u64))> {
        match &self.0 {
            Repr::Owned(_) => None,
            Repr::Lazy { source, .. } => source.stored(),
        }
    }

    /// The text's length in bytes, without putting it together.
    pub fn byte_len(&self) -> usize {
        match &self.0 {
            Repr::Owned(s) => s.len(),
            Repr::Lazy { len, .. } => *len,
        }
    }

    /// The whole text if it is at hand (owned, or already put together).
    pub fn at_hand(&self) -> Option<&str> {
        match &self.0 {
            Repr::Owned(s) => Some(s),
            Repr::Lazy { text, .. } => text.get().map(String::as_str),
        }
    }

    /// The bytes of a text not yet put together around bytes `around`, to read parts of
    /// it without the whole (see [`TextSource::stretch`]); `None` when the text is at hand
    /// or they cannot be read.
    pub fn stretch(&self, around: Range<usize>, reading: &mut Reading) -> Option<Arc<Stretch>> {
        match &self.0 {
            Repr::Owned(_) => None,
            Repr::Lazy { source, text, .. } => match text.get() {
                Some(_) => None,
                None => source.stretch(around, reading),
            },
        }
    }

    /// Whether the text has been put together (or was owned from the start).
    pub fn is_ready(&self) -> bool {
        match &self.0 {
            Repr::Owned(_) => true,
            Repr::Lazy { text, .. } => text.get().is_some(),
        }
    }
}

impl Default for ReleaseText {
    fn default() -> Self {
        ReleaseText(Repr::Owned(String::new()))
    }
}

impl Deref for ReleaseText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ReleaseText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for ReleaseText {
    fn from(s: String) -> Self {
        ReleaseText(Repr::Owned(s))
    }
}

impl From<&str> for ReleaseText {
    fn from(s: &str) -> Self {
        ReleaseText(Repr::Owned(s.to_owned()))
    }
}

impl From<ReleaseText> for String {
    fn from(t: ReleaseText) -> Self {
        match t.0 {
            Repr::Owned(s) => s,
            Repr::Lazy { .. } => t.as_str().to_owned(),
        }
    }
}

impl fmt::Debug for ReleaseText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ReleaseText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for ReleaseText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ReleaseText {}

impl PartialEq<str> for ReleaseText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ReleaseText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ReleaseText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<ReleaseText> for String {
    fn eq(&self, other: &ReleaseText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ReleaseText> for str {
    fn eq(&self, other: &ReleaseText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ReleaseText> for &str {
    fn eq(&self, other: &ReleaseText) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A lazy text (a line of the sample, with a `£`) is put together once, on first read,
    /// and reads like the owned one.
    #[test]
    fn a_lazy_text_is_put_together_once_on_first_read() {
        let sample = include_str!("../../assets/home-office-may-2023.txt");
        let line = sample
            .lines()
            .find(|l| l.contains('£'))
            .expect("a line with £")
            .trim();
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let owned = line.to_owned();
        let text = ReleaseText::lazy(
            line.len(),
            Arc::new(move || {
                counted.fetch_add(1, Ordering::Relaxed);
                Some(owned.clone())
            }),
        );
        assert!(!text.is_ready());
        assert_eq!(calls.load(Ordering::Relaxed), 0);
        assert_eq!(text.len(), line.len());
        assert!(text.is_ready());
        assert_eq!(text, ReleaseText::from(line));
        assert_eq!(&text[..4], &line[..4]);
        assert!(text.contains('£'));
        assert_eq!(calls.load(Ordering::Relaxed), 1);
    }

    /// A text whose pieces fail reads as blanks of its length, so offsets stay valid.
    #[test]
    fn a_text_that_cannot_be_put_together_reads_as_blanks() {
        let text = ReleaseText::lazy(5, Arc::new(|| None));
        assert_eq!(text, " ".repeat(5));
    }
}
