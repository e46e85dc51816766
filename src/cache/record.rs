//! One release record read where it lies, for a search: its id, file, source map and the
//! pieces its text is made of, without putting the whole text together. The text around
//! a hit is put together from the pieces that hold it; the whole text (checked against its
//! checksum) only when that is not enough.

use super::codec::{checksum, Damaged, Decoded, Reader};
use crate::search::{around, sentence_in, Part, Short, Sparse, Stale};

/// Bytes of the neighbouring pieces a part includes: a sentence's start looks at the byte
/// before it, which is the line break ending the piece before.
const PAD: usize = 16;

/// Bytes per entry of the source map: text offset, line, column.
const SPAN: usize = 12;

pub(super) struct Record<'m> {
    pub id: &'m str,
    pub file: usize,
    /// The release's first line (the position of text before every span).
    line: u32,
    spans: &'m [u8],
    /// Where each piece of the text starts, and its bytes (from the archive file or the
    /// record itself).
    pieces: Vec<(usize, &'m [u8])>,
    len: usize,
    /// The text as encoded, with the archive file's bytes it is sliced from and where they
    /// start in the file: enough to put the whole text together.
    encoded: &'m [u8],
    source: &'m [u8],
    from: u64,
    /// The parts put together so far: the range asked for, where its text starts, its
    /// text (kept for the record's life: its hits are read twice, checked and then described).
    parts: Vec<(usize, usize, usize, String)>,
    whole: Option<String>,
}

/// Skips an optional string.
fn skip_opt(r: &mut Reader<'_>) -> Decoded<()> {
    match r.u8()? {
        0 => Ok(()),
        1 => r.bytes().map(|_| ()),
        _ => Err(Damaged),
    }
}

fn to_usize(v: u64) -> Decoded<usize> {
    usize::try_from(v).map_err(|_| Damaged)
}

impl<'m> Record<'m> {
    /// The record (checked against `sum`), its text's pieces sliced from what `source`
    /// gives for the part of its archive file the record names. The layout is
    /// [`Writer::release`](super::codec::Writer::release)'s.
    pub fn read(
        record: &'m [u8],
        sum: u64,
        source: impl FnOnce((usize, u64, u64)) -> Decoded<&'m [u8]>,
    ) -> Decoded<Record<'m>> {
        if checksum(record) != sum {
            return Err(Damaged);
        }
        let mut r = Reader::new(record);
        let at = r.release_source()?;
        let (file, from, _) = at;
        let source = source(at)?;
        let id = r.str()?;
        r.bytes()?; // title
        r.u8()?; // kind
        match r.u8()? {
            0 => {}
            // Year, month, day.
            1 => {
                r.take(6)?;
            }
            _ => return Err(Damaged),
        }
        skip_opt(&mut r)?; // department
        r.bytes()?; // section
        for _ in 0..r.u32()? {
            r.bytes()?;
            skip_opt(&mut r)?;
        }
        let text_at = record.len() - r.remaining();
        let len = to_usize(r.varint()?)?;
        r.u64()?; // the text's checksum, checked when the whole text is put together
        let mut pieces = Vec::new();
        let mut pos = 0usize;
        for _ in 0..r.varint()? {
            let at = r.varint()?;
            let copy = to_usize(r.varint()?)?;
            let literal = to_usize(r.varint()?)?;
            if copy > 0 {
                let s = to_usize(at.checked_sub(from).ok_or(Damaged)?)?;
                let e = s.checked_add(copy).ok_or(Damaged)?;
                pieces.push((pos, source.get(s..e).ok_or(Damaged)?));
                pos += copy;
            }
            let bytes = r.take(literal)?;
            if literal > 0 {
                pieces.push((pos, bytes));
                pos += literal;
            }
        }
        if pos != len {
            return Err(Damaged);
        }
        let encoded = record
            .get(text_at..record.len() - r.remaining())
            .ok_or(Damaged)?;
        let blocks = r.u32()? as usize;
        r.take(blocks.checked_mul(13).ok_or(Damaged)?)?;
        let spans = r.u32()? as usize;
        let spans = r.take(spans.checked_mul(SPAN).ok_or(Damaged)?)?;
        let line = r.u32()?;
        Ok(Record {
            id,
            file,
            line,
            spans,
            pieces,
            len,
            encoded,
            source,
            from,
            parts: Vec::new(),
            whole: None,
        })
    }

    /// The line and column of byte `at` and the sentence around it (as
    /// `Release::source_position` and `sentence_around` give them), handed to `f`.
    pub fn describe(&mut self, at: usize, mut f: impl FnMut(u32, u32, &str)) -> Decoded<()> {
        let (spans, line) = (self.spans, self.line);
        around(self, at, |p| {
            let (line, column) = position(spans, line, p, at)?;
            let (s, e) = sentence_in(p, at)?;
            let text = p.get(s, e)?.unwrap_or("");
            f(line, column, text);
            Ok(())
        })
        .map_err(|Stale| Damaged)
    }
}

/// Entry `k` of a source map: text offset, line, column.
fn span(spans: &[u8], k: usize) -> Option<(u32, u32, u32)> {
    let e = spans.get(k * SPAN..k * SPAN + SPAN)?;
    let word = |i: usize| {
        let mut b = [0u8; 4];
        b.copy_from_slice(e.get(i..i + 4)?);
        Some(u32::from_le_bytes(b))
    };
    Some((word(0)?, word(4)?, word(8)?))
}

/// `Release::source_position` from the source map's bytes and a part of the text.
fn position(spans: &[u8], line: u32, p: &Part<'_>, offset: usize) -> Result<(u32, u32), Short> {
    let offset = offset.min(p.total);
    // The first span starting after `offset` (spans are in text order).
    let (mut lo, mut hi) = (0, spans.len() / SPAN);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if span(spans, mid).is_some_and(|s| s.0 as usize <= offset) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let Some((start, line, col)) = lo.checked_sub(1).and_then(|k| span(spans, k)) else {
        return Ok((line, 1));
    };
    let chars = p
        .get(start as usize, offset)?
        .map(|s| s.chars().count())
        .unwrap_or(0);
    let chars = u32::try_from(chars).unwrap_or(u32::MAX);
    Ok((line, col.saturating_add(chars).saturating_add(1)))
}

impl Sparse for Record<'_> {
    /// The piece holding `at` with a few bytes of its neighbours, put together once for
    /// all the hits in it.
    fn near(&mut self, at: usize) -> Result<Part<'_>, Stale> {
        let k = self
            .pieces
            .partition_point(|&(s, _)| s <= at)
            .saturating_sub(1);
        let (s, bytes) = self.pieces.get(k).copied().unwrap_or((0, &[][..]));
        let lo = s.saturating_sub(PAD);
        let hi = (s + bytes.len() + PAD).min(self.len);
        let k = match self.parts.iter().position(|p| (p.0, p.1) == (lo, hi)) {
            Some(k) => k,
            None => {
                let (base, text) = self.put_together(lo, hi)?;
                self.parts.push((lo, hi, base, text));
                self.parts.len() - 1
            }
        };
        let (_, _, base, text) = self.parts.get(k).ok_or(Stale)?;
        Ok(Part {
            text,
            base: *base,
            total: self.len,
        })
    }

    fn whole(&mut self) -> Result<Part<'_>, Stale> {
        if self.whole.is_none() {
            let mut r = Reader::new(self.encoded);
            let text =
                super::text::decode(&mut r, self.source, self.from).map_err(|Damaged| Stale)?;
            self.whole = Some(text);
        }
        Ok(Part::whole(self.whole.as_deref().ok_or(Stale)?))
    }
}

impl Record<'_> {
    fn put_together(&self, lo: usize, hi: usize) -> Result<(usize, String), Stale> {
        put_together(&self.pieces, self.len, lo, hi)
    }
}

/// Bytes `lo..hi` of a text `len` bytes long made of `pieces` (where each starts in the
/// text, and its bytes; in order), less any part of a char at either end, and where they
/// start.
pub(super) fn put_together(
    pieces: &[(usize, &[u8])],
    len: usize,
    lo: usize,
    hi: usize,
) -> Result<(usize, String), Stale> {
    let mut out = String::new();
    let base = put_together_into(pieces, len, lo, hi, &mut out)?;
    Ok((base, out))
}

/// [`put_together`] into `out` (its bytes replaced), returning where they start.
pub(super) fn put_together_into(
    pieces: &[(usize, &[u8])],
    len: usize,
    lo: usize,
    hi: usize,
    out: &mut String,
) -> Result<usize, Stale> {
    let first = pieces.partition_point(|&(s, b)| s + b.len() <= lo);
    let from = pieces.get(first..).unwrap_or_default().iter().copied();
    assemble(from, len, lo, hi, out)
}

/// [`put_together_into`] from the pieces from one holding byte `lo` on (or after it).
pub(super) fn assemble<'p>(
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
