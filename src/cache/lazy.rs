//! Release texts left in their archive files (the window's, reopened from the cache): put
//! together whole when first read, or only the bytes around some offsets for a search
//! (kept, within a bound, for the next search).

use std::ops::Range;
use std::sync::Arc;

use memmap2::Mmap;

use super::codec::{Damaged, Decoded, Reader};
use super::files::ArchiveFiles;
use super::read::Meta;
use crate::archive::{Kept, Reading, ReleaseText, Stretch, TextSource};
use crate::search::Stale;

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
    files: ArchiveFiles,
    /// Stretches of texts searches read (shared by the archive's every handle).
    kept: Arc<Kept>,
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

impl TextSource for LazyText {
    fn text(&self) -> Option<String> {
        self.mapped.text(self.encoded.clone(), self.at).ok()
    }

    fn stretch(&self, around: Range<usize>, reading: &mut Reading) -> Option<Arc<Stretch>> {
        self.mapped
            .stretch(self.encoded.clone(), self.at, around, reading)
            .ok()
    }
}

/// Where a piece of a text lies: bytes of the archive file as read, or stored as they are
/// in the cache.
#[derive(Clone, Copy)]
enum Piece {
    File(usize, usize),
    Literal(usize, usize),
}

/// A text's pieces holding its bytes `lo..hi`, cut to them, with the part of its archive
/// file they are sliced from, read once.
struct Pieces<'m, 'b> {
    len: usize,
    lo: usize,
    hi: usize,
    /// Where each piece starts in the text, and where its bytes are.
    pieces: Vec<(usize, Piece)>,
    read: &'b [u8],
    encoded: &'m [u8],
}

impl Pieces<'_, '_> {
    fn bytes(&self, piece: Piece) -> Option<&[u8]> {
        match piece {
            Piece::File(s, n) => self.read.get(s..s.checked_add(n)?),
            Piece::Literal(s, n) => self.encoded.get(s..s.checked_add(n)?),
        }
    }
}

impl Pieces<'_, '_> {
    /// The text's bytes `lo..hi` (less any part of a char at either end). Not checked
    /// against the text's checksum, which needs the whole text: the file was seen unchanged
    /// (size, modification time) when read, and a search checks every word it reads
    /// against the index.
    fn stretch(&self) -> Result<Stretch, Stale> {
        let first = self
            .pieces
            .partition_point(|&(s, _)| s <= self.lo)
            .saturating_sub(1);
        let pieces = self.pieces.get(first..).unwrap_or_default().iter();
        // Every piece's bytes were checked to be there when read.
        let bytes = pieces.map(|&(s, p)| (s, self.bytes(p).unwrap_or_default()));
        let mut text = String::with_capacity(self.hi - self.lo);
        let base = assemble(bytes, self.len, self.lo, self.hi, &mut text)?;
        Ok(Stretch { base, text })
    }
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
            files,
            kept,
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

    fn text(&self, encoded: Range<usize>, at: (usize, u64, u64)) -> Decoded<String> {
        let mut bytes = Vec::new();
        let source = self.files.read(at, &mut bytes)?;
        let mut r = Reader::new(self.cache.get(encoded).ok_or(Damaged)?);
        super::text::decode(&mut r, source, at.1)
    }

    /// The bytes within [`REACH`] of `around` of the encoded text at `encoded` in the cache
    /// file, sliced from `at` in its archive file: kept from an earlier search if its file
    /// is unchanged (looked at once a search), else read now and kept.
    fn stretch(
        &self,
        encoded: Range<usize>,
        at: (usize, u64, u64),
        around: Range<usize>,
        reading: &mut Reading,
    ) -> Decoded<Arc<Stretch>> {
        let key = encoded.start;
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
        let pieces = self.pieces(encoded, at, read, reading.scratch())?;
        let stretch = Arc::new(pieces.stretch().map_err(|Stale| Damaged)?);
        let read = pieces.lo..pieces.hi;
        self.kept.keep(key, read, pieces.len, stretch.clone(), pass);
        Ok(stretch)
    }

    /// The pieces of the encoded text at `encoded` in the cache file that hold its bytes
    /// `want` (cut to the text), cut to them, with the part of its archive file they are
    /// sliced from read into `buf` (the layout is [`super::text::encode`]'s); the file must
    /// not have changed since it was opened.
    fn pieces<'b>(
        &self,
        encoded: Range<usize>,
        (file, from, to): (usize, u64, u64),
        want: Range<usize>,
        buf: &'b mut Vec<u8>,
    ) -> Decoded<Pieces<'_, 'b>> {
        let encoded = self.cache.get(encoded).ok_or(Damaged)?;
        let mut r = Reader::new(encoded);
        let len = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
        r.u64()?; // the whole text's checksum
        let lo = want.start.min(len);
        let hi = want.end.clamp(lo, len);
        let n = r.varint()?;
        let mut pieces = Vec::with_capacity(usize::try_from(n).unwrap_or(0).min(1 << 16) * 2);
        // The part of the file the pieces kept are sliced from.
        let mut span: Option<(u64, u64)> = None;
        let mut pos = 0usize;
        for _ in 0..n {
            if pos >= hi {
                break;
            }
            let at = r.varint()?;
            let copy = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
            let literal = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
            let end = pos.checked_add(copy).ok_or(Damaged)?;
            if copy > 0 && end > lo && pos < hi {
                let (s, e) = (pos.max(lo), end.min(hi));
                let a = at.checked_add((s - pos) as u64).ok_or(Damaged)?;
                let b = a + (e - s) as u64;
                if a < from || b > to {
                    return Err(Damaged);
                }
                span = Some(span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
                // Where its bytes start in the file, for now.
                pieces.push((s, Piece::File(a as usize, e - s)));
            }
            pos = end;
            let start = encoded.len() - r.remaining();
            r.take(literal)?;
            if literal > 0 && pos + literal > lo && pos < hi {
                pieces.push((pos, Piece::Literal(start, literal)));
            }
            pos += literal;
        }
        if pos < hi {
            return Err(Damaged);
        }
        let mut read: &[u8] = &[];
        if let Some((a, b)) = span {
            read = self.files.read((file, a, b), buf)?;
            if !self.files.unchanged(file) {
                return Err(Damaged);
            }
            // File offsets become offsets in what was read.
            let base = usize::try_from(a).map_err(|_| Damaged)?;
            for (_, piece) in &mut pieces {
                if let Piece::File(s, _) = piece {
                    *s = s.checked_sub(base).ok_or(Damaged)?;
                }
            }
        }
        let pieces = Pieces {
            len,
            lo,
            hi,
            pieces,
            read,
            encoded,
        };
        // Every piece lies in what was read.
        if pieces
            .pieces
            .iter()
            .any(|&(_, p)| pieces.bytes(p).is_none())
        {
            return Err(Damaged);
        }
        Ok(pieces)
    }
}

/// Bytes `lo..hi` of a text `len` bytes long, from its pieces (where each starts in the
/// text, and its bytes; in order) from the one holding byte `lo` on, less any part of a char
/// at either end, into `out` (its bytes replaced); returns where they start.
fn assemble<'p>(
    pieces: impl Iterator<Item = (usize, &'p [u8])>,
    len: usize,
    lo: usize,
    hi: usize,
    out: &mut String,
) -> Result<usize, Stale> {
    let mut buf = std::mem::take(out).into_bytes();
    buf.clear();
    for (s, b) in pieces {
        if s >= hi {
            break;
        }
        let from = lo.saturating_sub(s).min(b.len());
        let to = hi.saturating_sub(s).min(b.len());
        buf.extend_from_slice(b.get(from..to).unwrap_or_default());
    }
    // A char cut at the start: its continuation bytes are left out.
    let skip = if lo > 0 {
        buf.iter()
            .take(3)
            .take_while(|&&b| (b as i8) < -0x40)
            .count()
    } else {
        0
    };
    buf.drain(..skip);
    *out = match String::from_utf8(buf) {
        Ok(text) => text,
        // A char cut at the end is left out too; anything else is not the text.
        Err(e) if e.utf8_error().error_len().is_none() && hi < len => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).map_err(|_| Stale)?
        }
        Err(_) => return Err(Stale),
    };
    Ok(lo + skip)
}
