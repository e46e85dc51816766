//! One release record read for a search: its id, file and source map, and its text put
//! together from the archive file's bytes and the record's own. Most candidates of a search
//! hold several hits spread through their text, so the whole text is put together once, in
//! a reused buffer, rather than a part (checked as UTF-8) for each hit.

use super::codec::{checksum, Damaged, Decoded, Reader};
use crate::search::{sentence_in, Part, Sparse, Stale};

/// Bytes per entry of the source map: text offset, line, column.
const SPAN: usize = 12;

pub(super) struct Record<'m> {
    pub id: &'m str,
    pub file: usize,
    /// The release's first line (the position of text before every span).
    line: u32,
    spans: &'m [u8],
}

/// A release's whole text: it answers for every offset.
pub(super) struct Whole<'t>(Part<'t>);

impl Sparse for Whole<'_> {
    fn near(&mut self, _at: usize) -> Result<Part<'_>, Stale> {
        Ok(self.0)
    }

    fn whole(&mut self) -> Result<Part<'_>, Stale> {
        Ok(self.0)
    }
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
    /// The record (checked against `sum`), and its text put together in `text` from what
    /// `source` gives for the part of its archive file the record names. The text is not
    /// checked against its checksum (that would read it all once more): a search checks
    /// the word at every posting offset instead. The layout is
    /// [`Writer::release`](super::codec::Writer::release)'s.
    pub fn read<'t>(
        record: &'m [u8],
        sum: u64,
        source: impl FnOnce((usize, u64, u64)) -> Decoded<&'m [u8]>,
        text: &'t mut Vec<u8>,
    ) -> Decoded<(Record<'m>, Whole<'t>)> {
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
        let len = to_usize(r.varint()?)?;
        r.u64()?; // the text's checksum
        text.clear();
        text.reserve(len);
        for _ in 0..r.varint()? {
            let at = r.varint()?;
            let copy = to_usize(r.varint()?)?;
            let literal = to_usize(r.varint()?)?;
            if copy > 0 {
                let s = to_usize(at.checked_sub(from).ok_or(Damaged)?)?;
                let e = s.checked_add(copy).ok_or(Damaged)?;
                text.extend_from_slice(source.get(s..e).ok_or(Damaged)?);
            }
            text.extend_from_slice(r.take(literal)?);
        }
        if text.len() != len {
            return Err(Damaged);
        }
        let blocks = r.u32()? as usize;
        r.take(blocks.checked_mul(13).ok_or(Damaged)?)?;
        let spans = r.u32()? as usize;
        let spans = r.take(spans.checked_mul(SPAN).ok_or(Damaged)?)?;
        let line = r.u32()?;
        // Not UTF-8: the archive file changed under the cache.
        let whole = simdutf8::basic::from_utf8(text).map_err(|_| Damaged)?;
        let record = Record {
            id,
            file,
            line,
            spans,
        };
        Ok((record, Whole(Part::whole(whole))))
    }

    /// The line and column of byte `at` of `text` and the sentence around it (as
    /// `Release::source_position` and `sentence_around` give them), handed to `f`.
    pub fn describe(&self, text: &Whole<'_>, at: usize, f: impl FnOnce(u32, u32, &str)) {
        let p = &text.0;
        let at = at.min(p.total);
        let (line, column) = position(self.spans, self.line, p, at);
        let (s, e) = sentence_in(p, at).unwrap_or((at, at));
        f(line, column, p.text.get(s..e).unwrap_or(""));
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

/// `Release::source_position` from the source map's bytes and the whole text.
fn position(spans: &[u8], line: u32, p: &Part<'_>, offset: usize) -> (u32, u32) {
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
        return (line, 1);
    };
    let chars = p
        .text
        .get(start as usize..offset)
        .map(|s| s.chars().count())
        .unwrap_or(0);
    let chars = u32::try_from(chars).unwrap_or(u32::MAX);
    (line, col.saturating_add(chars).saturating_add(1))
}
