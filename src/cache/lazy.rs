//! Release texts left in their archive files (the window's, reopened from the cache): put
//! together whole when first read, or only the bytes around an offset for a search.

use std::ops::Range;
use std::sync::Arc;

use memmap2::Mmap;

use super::codec::{Damaged, Decoded, Reader};
use super::files::ArchiveFiles;
use super::read::Meta;
use super::record::put_together;
use crate::archive::{ReleaseText, TextSource};

/// Bytes of text either side of an offset that [`TextSource::near`] puts together: enough
/// for the words of a phrase around one of them.
const REACH: usize = 256;

/// The cache file, mapped, and the archive files, open, that lazy texts are put together
/// from. The archive files are read, not mapped: a file truncated or rewritten in place
/// while the window is open then gives a short read or other bytes (noticed by the text's
/// checksum, or for a part of it by the file's size and modification time), never a fault;
/// one replaced by another file is still read from the old one.
pub(super) struct Mapped {
    cache: Arc<Mmap>,
    files: ArchiveFiles,
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

    fn near(&self, at: usize) -> Option<(usize, String)> {
        self.mapped.near(self.encoded.clone(), self.at, at).ok()
    }
}

/// Where a piece of a text comes from.
enum Piece<'m> {
    /// Bytes of the archive file at this offset.
    File(u64, usize),
    Literal(&'m [u8]),
}

impl Mapped {
    pub(super) fn new(cache: Arc<Mmap>, meta: &Meta) -> Decoded<Mapped> {
        let files = ArchiveFiles::open(meta.file_sizes())?;
        Ok(Mapped { cache, files })
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
        self.files.read(at, &mut bytes)?;
        let mut r = Reader::new(self.cache.get(encoded).ok_or(Damaged)?);
        super::text::decode(&mut r, &bytes, at.1)
    }

    /// The text's bytes within [`REACH`] of `offset` and where they start, reading only
    /// the part of the archive file they are sliced from (the layout is
    /// [`super::text::encode`]'s). Not checked against the text's checksum, which needs
    /// the whole text: a file that changed since it was opened is noticed by its size and
    /// modification time, and a search checks every word it reads against the index.
    fn near(
        &self,
        encoded: Range<usize>,
        (file, from, to): (usize, u64, u64),
        offset: usize,
    ) -> Decoded<(usize, String)> {
        let mut r = Reader::new(self.cache.get(encoded).ok_or(Damaged)?);
        let len = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
        r.u64()?; // the whole text's checksum
        let lo = offset.saturating_sub(REACH).min(len);
        let hi = offset.saturating_add(REACH).min(len);
        // The pieces holding bytes of lo..hi, each cut to them, and the part of the file
        // the copied ones lie in.
        let mut wanted: Vec<(usize, Piece<'_>)> = Vec::new();
        let mut span: Option<(u64, u64)> = None;
        let mut pos = 0usize;
        for _ in 0..r.varint()? {
            if pos >= hi {
                break;
            }
            let at = r.varint()?;
            let copy = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
            let literal = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
            let end = pos.checked_add(copy).ok_or(Damaged)?;
            if copy > 0 && pos < hi && end > lo {
                let (s, e) = (pos.max(lo), end.min(hi));
                let a = at.checked_add((s - pos) as u64).ok_or(Damaged)?;
                let b = a + (e - s) as u64;
                if a < from || b > to {
                    return Err(Damaged);
                }
                span = Some(span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
                wanted.push((s, Piece::File(a, e - s)));
            }
            pos = end;
            let bytes = r.take(literal)?;
            if literal > 0 && pos < hi && pos + literal > lo {
                wanted.push((pos, Piece::Literal(bytes)));
            }
            pos += literal;
        }
        let mut read = Vec::new();
        let base = span.map_or(0, |(a, _)| a);
        if let Some((a, b)) = span {
            self.files.read((file, a, b), &mut read)?;
            if !self.files.unchanged(file) {
                return Err(Damaged);
            }
        }
        let pieces: Vec<(usize, &[u8])> = wanted
            .iter()
            .map(|(s, piece)| match *piece {
                Piece::Literal(bytes) => Ok((*s, bytes)),
                Piece::File(a, n) => {
                    let k = usize::try_from(a - base).map_err(|_| Damaged)?;
                    Ok((*s, read.get(k..k + n).ok_or(Damaged)?))
                }
            })
            .collect::<Decoded<_>>()?;
        put_together(&pieces, len, lo, hi).map_err(|_| Damaged)
    }
}
