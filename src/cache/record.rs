//! One release record read for a search: its id, file and source map, and where its text
//! is (encoded in the record, sliced from its archive file). A search reads only the
//! stretches of the text around its candidate offsets (a common word's candidates are long
//! releases with a hit or two: reading them whole read half the archive), and the whole text
//! only when a stretch is too short for an answer.

use std::ops::Range;

use super::codec::{checksum, Damaged, Decoded, Reader};
use super::pieces::Pieces;
use crate::search::{sentence_in, Part, SentenceBefore, Short, Sparse, Stale};

/// Bytes of text either side of a hit a stretch holds beyond its line's start: enough for
/// its phrase and its sentence, nearly always.
const BEFORE: usize = 256;
const AFTER: usize = 512;

/// Stretches closer than this are read as one (they share sentences and pieces).
const JOIN: usize = 1024;

/// Stretches are read instead of the whole text when they leave out this many bytes.
pub(super) const SKIP: usize = 8192;

/// [`SKIP`]; tests set it to 0 to read every text in stretches.
#[cfg(not(test))]
fn skip() -> usize {
    SKIP
}

#[cfg(test)]
pub(super) static SKIP_IN_TESTS: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(SKIP);

#[cfg(test)]
fn skip() -> usize {
    SKIP_IN_TESTS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Bytes per entry of the source map: text offset, line, column.
const SPAN: usize = 12;

#[derive(Clone, Copy)]
pub(super) struct Record<'m> {
    pub id: &'m str,
    pub file: usize,
    /// The part of the archive file (from, to) its text is sliced from.
    pub source: (u64, u64),
    /// The text's length in bytes.
    pub len: usize,
    /// The release's first line (the position of text before every span).
    line: u32,
    spans: &'m [u8],
    /// The record's bytes (its text's pieces stored as they are lie in them).
    pub bytes: &'m [u8],
    /// Where its text starts in them.
    text: usize,
}

/// Skips an optional string.
fn skip_opt(r: &mut Reader<'_>) -> Decoded<()> {
    match r.u8()? {
        0 => Ok(()),
        1 => r.bytes().map(|_| ()),
        _ => Err(Damaged),
    }
}

impl<'m> Record<'m> {
    /// The record, checked against `sum`, up to its text (its source map comes before it;
    /// the text is read by [`Self::parse_pieces`] or [`Self::put_whole`]); the layout is
    /// [`Writer::release`](super::codec::Writer::release)'s.
    pub fn read(record: &'m [u8], sum: u64) -> Decoded<Record<'m>> {
        if checksum(record) != sum {
            return Err(Damaged);
        }
        let mut r = Reader::new(record);
        let (file, from, to) = r.release_source()?;
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
        let line = r.u32()?;
        let spans = r.u32()? as usize;
        let spans = r.take(spans.checked_mul(SPAN).ok_or(Damaged)?)?;
        let text = record.len() - r.remaining();
        let len = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
        // A text is its file's part and the bytes stored in the record, no more (a damaged
        // length would otherwise size a buffer).
        if len as u64 > (to - from).saturating_add(record.len() as u64) {
            return Err(Damaged);
        }
        Ok(Record {
            id,
            file,
            source: (from, to),
            len,
            line,
            spans,
            bytes: record,
            text,
        })
    }

    /// A reader of the record from its text on.
    fn text_reader(&self) -> Decoded<Reader<'m>> {
        Ok(Reader::new(self.bytes.get(self.text..).ok_or(Damaged)?))
    }

    /// Parses the pieces of its text that hold `stretches` (in order) into `pieces`: the
    /// rest is not read, nor kept.
    pub fn parse_pieces(&self, pieces: &mut Pieces, stretches: &[Range<usize>]) -> Decoded<()> {
        let keep = match (stretches.first(), stretches.last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => 0..0,
        };
        let mut r = self.text_reader()?;
        pieces.parse_until(&mut r, self.text, self.source, keep)
    }

    /// Appends its whole text to `out` (`source` holds the archive file's bytes
    /// [`Self::source`]). Not checked as UTF-8, nor against the text's checksum (that would
    /// read it all once more): a search checks the word at every posting offset instead.
    pub fn put_whole(&self, source: &[u8], out: &mut Vec<u8>) -> Decoded<()> {
        super::text::put(&mut self.text_reader()?, source, self.source.0, out).map(|_| ())
    }

    /// Its whole text (`source` as for [`Self::put_whole`]), checked as UTF-8.
    pub fn whole_text(&self, source: &[u8]) -> Decoded<String> {
        let mut text = Vec::new();
        self.put_whole(source, &mut text)?;
        String::from_utf8(text).map_err(|_| Damaged)
    }

    /// Whether a search with hits at `offsets` (in order) reads the whole text rather than
    /// stretches of it: unless stretches leave out at least [`SKIP`] bytes of it. Putting a
    /// whole text together is one pass over its pieces, stretches need two and copy a line's
    /// piece at a time; in a search of the 541 MB archive for `"home office"` (stretches of
    /// a kilobyte or two in texts of five) they took 1.5x the CPU time of whole texts, while
    /// `vile` (one hit in texts of twelve) took 0.7x.
    pub fn read_whole(&self, offsets: &[usize]) -> bool {
        let (mut held, mut end) = (0, 0);
        for &o in offsets {
            let (from, to) = (o.saturating_sub(BEFORE).max(end), o + AFTER);
            if to > from {
                held += to - from;
                end = to;
            }
        }
        held + skip() > self.len
    }

    /// The stretches of the text a search reads for hits at `offsets` (in order) into
    /// `out`: from the start of each hit's line (its column is counted from there) to a
    /// little past it.
    pub fn stretches(&self, offsets: &[usize], out: &mut Vec<Range<usize>>) {
        out.clear();
        for &o in offsets {
            let from = line_span(self.spans, o)
                .map_or(0, |(start, _, _)| start as usize)
                .min(o.saturating_sub(BEFORE))
                // The line break before it, which ends the sentence before.
                .saturating_sub(1);
            let to = o.saturating_add(AFTER).min(self.len);
            match out.last_mut() {
                Some(last) if from <= last.end + JOIN => {
                    last.start = last.start.min(from);
                    last.end = last.end.max(to);
                }
                _ => out.push(from..to),
            }
        }
    }

    /// The line and column of byte `at` of the text and the sentence around it (as
    /// `Release::source_position` and `sentence_around` give them), handed to `f`; `before`
    /// holds what the hit before in the text worked out (hits are described in order).
    pub fn describe(
        &self,
        text: &mut impl Sparse,
        at: usize,
        before: &mut Described,
        f: impl FnOnce(u32, u32, &str),
    ) -> Result<(), Stale> {
        let place = |p: &Part<'_>, before: &mut Described| {
            let at = at.min(p.total);
            let (line, column) = position(self.spans, self.line, p, at, &mut before.counted)?;
            let (s, e) = match before.sentence.get(at) {
                Some(kept) => kept,
                None => {
                    let found = sentence_in(p, at)?;
                    before.sentence.keep(at, found, p.total);
                    found
                }
            };
            Ok::<_, Short>((line, column, s, e))
        };
        let p = text.near(at)?;
        if let Ok((line, column, s, e)) = place(&p, before) {
            // A kept sentence may reach past this part.
            if let Ok(sentence) = p.get(s, e) {
                f(line, column, sentence.unwrap_or(""));
                return Ok(());
            }
        }
        let p = text.whole()?;
        let (line, column, s, e) = place(&p, before).map_err(|Short| Stale)?;
        f(line, column, p.get(s, e).ok().flatten().unwrap_or(""));
        Ok(())
    }
}

/// What describing a hit worked out that the next hit in the same text may use: hits come
/// in order, often several to a line or a sentence.
#[derive(Default)]
pub(super) struct Described {
    /// A line's start, the offset counted to, and the characters from one to the other.
    counted: Option<(usize, usize, usize)>,
    sentence: SentenceBefore,
}

/// A candidate's text as a search read it: stretches of it (in order), and the whole text
/// once a stretch was too short for an answer.
pub(super) struct Stretches<'a, F: FnMut() -> Decoded<String>> {
    pub total: usize,
    pub parts: &'a [(usize, &'a str)],
    pub whole: Option<String>,
    /// Reads the whole text.
    pub read_whole: F,
}

impl<F: FnMut() -> Decoded<String>> Sparse for Stretches<'_, F> {
    fn near(&mut self, at: usize) -> Result<Part<'_>, Stale> {
        if self.whole.is_some() {
            return self.whole();
        }
        let k = self.parts.partition_point(|(base, _)| *base <= at);
        match k.checked_sub(1).and_then(|k| self.parts.get(k)) {
            Some((base, text)) => Ok(Part {
                text,
                base: *base,
                total: self.total,
            }),
            None => self.whole(),
        }
    }

    fn whole(&mut self) -> Result<Part<'_>, Stale> {
        if self.whole.is_none() {
            let text = (self.read_whole)().map_err(|Damaged| Stale)?;
            if text.len() != self.total {
                return Err(Stale);
            }
            self.whole = Some(text);
        }
        Ok(Part::whole(self.whole.as_deref().unwrap_or_default()))
    }
}

/// The source map's entry for the line holding byte `offset`: its text offset, line and
/// column (spans are in text order).
fn line_span(spans: &[u8], offset: usize) -> Option<(u32, u32, u32)> {
    let (mut lo, mut hi) = (0, spans.len() / SPAN);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if span(spans, mid).is_some_and(|s| s.0 as usize <= offset) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo.checked_sub(1).and_then(|k| span(spans, k))
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

/// `Release::source_position` from the source map's bytes and the text `p` is part of;
/// characters already counted on the line (`counted`, from an earlier offset) are counted
/// from there on, and what was counted is kept there.
fn position(
    spans: &[u8],
    line: u32,
    p: &Part<'_>,
    offset: usize,
    counted: &mut Option<(usize, usize, usize)>,
) -> Result<(u32, u32), Short> {
    let Some((start, line, col)) = line_span(spans, offset) else {
        return Ok((line, 1));
    };
    let start = start as usize;
    let (from, before) = match *counted {
        Some((s, at, chars)) if s == start && at <= offset => (at, chars),
        _ => (start, 0),
    };
    // Not on a char boundary (the whole count gives nothing then too): nothing kept.
    let chars = p.get(from, offset)?.map(|s| before + s.chars().count());
    *counted = chars.map(|chars| (start, offset, chars));
    let chars = chars.unwrap_or(0);
    let chars = u32::try_from(chars).unwrap_or(u32::MAX);
    Ok((line, col.saturating_add(chars).saturating_add(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Archive;
    use crate::cache::codec::Writer;
    use crate::cache::text::Source;

    /// A record whose text says it is longer than its file's part and its own bytes could
    /// make is damaged: read as it was, its length sized a buffer (a length near
    /// `usize::MAX` panicked there) before the text was found short.
    #[test]
    fn a_text_longer_than_its_parts_is_damaged() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/home-office-may-2023.txt");
        let archive = Archive::load(std::slice::from_ref(&path)).expect("loads");
        let source = Source::open(&path).expect("maps");
        let mut w = Writer::default();
        w.release(&archive.releases[2], Some(&source));
        let good = w.out;
        let record = Record::read(&good, checksum(&good)).expect("a good record");
        assert_eq!(record.len, archive.releases[2].text.len());
        // The length's varint replaced by a longer one.
        let at = record.text;
        let mut old = Reader::new(&good[at..]);
        old.varint().expect("length");
        let after = at + (good.len() - at - old.remaining());
        for len in [u64::MAX, 1 << 40, good.len() as u64 * 1000] {
            let mut v = Writer::default();
            v.varint(len);
            let bad = [&good[..at], &v.out, &good[after..]].concat();
            assert!(Record::read(&bad, checksum(&bad)).is_err(), "{len}");
        }
    }
}
