//! Release texts left in their archive files (the window's, reopened from the cache, and
//! through [`Texts`] those a first opening leaves there, see `left.rs`): put
//! together whole when first read, or only the bytes around some offsets for a search
//! (kept, within a bound, for the next search).

use std::ops::Range;
use std::sync::Arc;

use memmap2::Mmap;

use super::codec::{Damaged, Decoded, Reader};
use super::files::ArchiveFiles;
use super::pieces::Pieces;
use super::read::Meta;
use crate::archive::{Kept, Reading, ReleaseText, Stretch, TextSource};

/// Bytes of text either side of the offsets a search asks about that a stretch holds:
/// enough for the words of a phrase around one of them.
const REACH: usize = 256;

/// Bytes of stretches kept for the next search, of all of one archive's texts: the few
/// thousand releases of a phrase search or two (in the 541 MB archive `83%` reads 1 MB of
/// them, `"£39 million"` 4 MB, `"net migration"` 74 MB, of which a part is kept).
pub(super) const KEPT: usize = 32 << 20;

/// The cache file, mapped, and the archive files, open, that lazy texts are put together
/// from. The archive files are read, not mapped: a file truncated or rewritten in place
/// while the window is open then gives a short read or other bytes (noticed by the text's
/// checksum, or for a part of it by the file's size and modification time), never a fault;
/// one replaced by another file is still read from the old one.
pub(super) struct Mapped {
    pub(super) cache: Arc<Mmap>,
    texts: Texts,
    /// Where the offsets and the records lie in the cache file (for lazy lists).
    pub(super) offsets: Range<usize>,
    pub(super) records: Range<usize>,
}

/// One text: where it is encoded in the cache file, and the part of its archive file
/// (file, from, to) it is sliced from.
struct LazyText {
    mapped: Arc<Mapped>,
    encoded: Range<usize>,
    at: (usize, u64, u64),
}

impl LazyText {
    fn encoded(&self) -> Decoded<&[u8]> {
        self.mapped.cache.get(self.encoded.clone()).ok_or(Damaged)
    }
}

impl TextSource for LazyText {
    fn text(&self) -> Option<String> {
        self.mapped.texts.text(self.encoded().ok()?, self.at).ok()
    }

    fn stretch(&self, around: Range<usize>, reading: &mut Reading) -> Option<Arc<Stretch>> {
        let key = self.encoded.start;
        let encoded = self.encoded().ok()?;
        (self.mapped.texts)
            .stretch(key, encoded, self.at, around, reading)
            .ok()
    }
}

/// The archive files texts are sliced from, and the stretches of them searches read.
pub(super) struct Texts {
    pub(super) files: ArchiveFiles,
    /// Stretches of texts searches read (shared by the archive's every handle).
    pub(super) kept: Arc<Kept>,
}

impl Mapped {
    pub(super) fn new(
        cache: Arc<Mmap>,
        meta: &Meta,
        offsets: Range<usize>,
        records: Range<usize>,
        kept: Arc<Kept>,
    ) -> Decoded<Mapped> {
        let files = ArchiveFiles::open(meta.file_sizes())?;
        Ok(Mapped {
            cache,
            texts: Texts { files, kept },
            offsets,
            records,
        })
    }

    /// A lazy text for the encoded text `r` is at; `end` is where its record ends in the
    /// cache file, `at` the part of its archive file it is sliced from.
    pub(super) fn lazy(
        self: &Arc<Self>,
        r: &mut Reader<'_>,
        end: usize,
        at: (usize, u64, u64),
    ) -> Decoded<ReleaseText> {
        let start = end - r.remaining();
        let len = super::text::skip(r)?;
        let encoded = start..end - r.remaining();
        Ok(ReleaseText::lazy(
            len,
            Arc::new(LazyText {
                mapped: self.clone(),
                encoded,
                at,
            }),
        ))
    }
}

impl Texts {
    /// The text `encoded` (see [`super::text::encode`]) put together from `at` in its
    /// archive file (file, from, to), and checked.
    pub(super) fn text(&self, encoded: &[u8], at: (usize, u64, u64)) -> Decoded<String> {
        let mut bytes = Vec::new();
        let source = self.files.read(at, &mut bytes)?;
        super::text::decode(&mut Reader::new(encoded), source, at.1)
    }

    /// The bytes within [`REACH`] of `around` of text `encoded`, sliced from `at` in its
    /// archive file: kept (as text `key`) from an earlier search if its file is unchanged
    /// (looked at once a search), else read now and kept.
    pub(super) fn stretch(
        &self,
        key: usize,
        encoded: &[u8],
        at: (usize, u64, u64),
        around: Range<usize>,
        reading: &mut Reading,
    ) -> Decoded<Arc<Stretch>> {
        let want = around.start.saturating_sub(REACH)..around.end.saturating_add(REACH);
        let read = match self.kept.get(key, want, reading.pass()) {
            Ok(kept) if reading.unchanged(at.0, || self.files.unchanged(at.0)) => return Ok(kept),
            Ok(_) => {
                // Nothing kept can be trusted, nor read again.
                self.kept.clear();
                return Err(Damaged);
            }
            Err(read) => read,
        };
        let pass = reading.pass();
        let mut pieces = Pieces::default();
        pieces.parse_until(&mut Reader::new(encoded), 0, (at.1, at.2), read.clone())?;
        let hi = read.end.min(pieces.len);
        let lo = read.start.min(hi);
        let mut bytes: (&[u8], u64) = (&[], 0);
        if let Some((a, b)) = pieces.span(lo, hi) {
            bytes = (self.files.read((at.0, a, b), reading.scratch())?, a);
            if !self.files.unchanged(at.0) {
                return Err(Damaged);
            }
        }
        let mut out = Vec::with_capacity(hi - lo);
        let base = pieces.put(bytes, encoded, (lo, hi), &mut out)?;
        let text = String::from_utf8(out).map_err(|_| Damaged)?;
        let stretch = Arc::new(Stretch { base, text });
        self.kept
            .keep(key, lo..hi, pieces.len, stretch.clone(), pass);
        Ok(stretch)
    }
}
