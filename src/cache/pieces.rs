//! A text stored in the cache as pieces (the layout is [`super::text::encode`]'s): which part
//! of its archive file a stretch of it is sliced from, and the stretch put together once that
//! part is read. The window's lazy texts and the command line's search both read texts this
//! way, a stretch or the whole text at a time.

use std::ops::Range;

use super::codec::{Damaged, Decoded, Reader};

/// One piece: where it starts in the text, the bytes it copies from the archive file
/// (offset, length), then the bytes stored as they are (offset in the encoded bytes,
/// length).
#[derive(Clone, Copy)]
struct Piece {
    pos: usize,
    at: u64,
    copy: usize,
    literal: usize,
    stored: usize,
}

/// A text's pieces, parsed once (each stretch asked of it then finds its own).
#[derive(Default)]
pub(super) struct Pieces {
    list: Vec<Piece>,
    /// The text's length in bytes.
    pub len: usize,
}

impl Pieces {
    /// Parses the encoded text `r` reads (its bytes replace these) as far as the piece
    /// holding byte `keep.end` of the text, keeping the pieces that reach past `keep.start`
    /// (a search or the window reads stretches of a text in `keep`; `r` is then left part
    /// way), checking that every piece lies in `from..to` of its file; `base` is where `r`
    /// starts in the bytes later given to [`Self::put`].
    pub fn parse_until(
        &mut self,
        r: &mut Reader<'_>,
        base: usize,
        (from, to): (u64, u64),
        keep: Range<usize>,
    ) -> Decoded<()> {
        let until = keep.end;
        let start = r.remaining();
        self.list.clear();
        let len = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
        r.u64()?; // the text's checksum
        let n = r.varint()?;
        let mut pos = 0usize;
        for _ in 0..n {
            if pos > until {
                self.len = len;
                return Ok(());
            }
            let at = r.varint()?;
            let copy = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
            let literal = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
            if copy > 0 && (at < from || at.checked_add(copy as u64).is_none_or(|e| e > to)) {
                return Err(Damaged);
            }
            let stored = base + (start - r.remaining());
            r.take(literal)?;
            let end = pos
                .checked_add(copy)
                .and_then(|p| p.checked_add(literal))
                .ok_or(Damaged)?;
            if end > keep.start {
                self.list.push(Piece {
                    pos,
                    at,
                    copy,
                    literal,
                    stored,
                });
            }
            pos = end;
        }
        if pos != len {
            return Err(Damaged);
        }
        self.len = len;
        Ok(())
    }

    /// The pieces holding bytes `lo..hi` of the text.
    fn holding(&self, lo: usize, hi: usize) -> &[Piece] {
        let first = self.list.partition_point(|p| p.pos <= lo).saturating_sub(1);
        let last = self.list.partition_point(|p| p.pos < hi);
        self.list.get(first..last.max(first)).unwrap_or_default()
    }

    /// The part of the archive file (from, to) that bytes `lo..hi` of the text are sliced
    /// from; `None` when none of them are.
    pub fn span(&self, lo: usize, hi: usize) -> Option<(u64, u64)> {
        let mut span: Option<(u64, u64)> = None;
        for p in self.holding(lo, hi) {
            let (s, e) = (p.pos.max(lo), (p.pos + p.copy).min(hi));
            if s < e {
                let a = p.at + (s - p.pos) as u64;
                let b = a + (e - s) as u64;
                span = Some(span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
            }
        }
        span
    }

    /// Appends bytes `lo..hi` of the text to `out`, less any part of a char at either end;
    /// `read` holds the archive file's bytes from offset `read_from` on (at least
    /// [`Self::span`]), `encoded` the bytes [`Self::parse_until`] was given. Returns where they
    /// start in the text. Not checked as UTF-8, nor against the text's checksum (which needs
    /// the whole text): a search checks every word it reads against the index.
    pub fn put(
        &self,
        (read, read_from): (&[u8], u64),
        encoded: &[u8],
        (lo, hi): (usize, usize),
        out: &mut Vec<u8>,
    ) -> Decoded<usize> {
        let hi = hi.min(self.len);
        let lo = lo.min(hi);
        let begin = out.len();
        for p in self.holding(lo, hi) {
            let (s, e) = (p.pos.max(lo), (p.pos + p.copy).min(hi));
            if s < e {
                let a = (p.at + (s - p.pos) as u64)
                    .checked_sub(read_from)
                    .and_then(|a| usize::try_from(a).ok())
                    .ok_or(Damaged)?;
                out.extend_from_slice(read.get(a..a + (e - s)).ok_or(Damaged)?);
            }
            let q = p.pos + p.copy;
            let (s, e) = (q.max(lo), (q + p.literal).min(hi));
            if s < e {
                let k = p.stored + (s - q);
                out.extend_from_slice(encoded.get(k..k + (e - s)).ok_or(Damaged)?);
            }
        }
        if out.len() - begin != hi - lo {
            return Err(Damaged);
        }
        // A char cut at the start: its continuation bytes are left out.
        let skip = if lo > 0 {
            out.get(begin..)
                .unwrap_or_default()
                .iter()
                .take(3)
                .take_while(|&&b| (b as i8) < -0x40)
                .count()
        } else {
            0
        };
        out.drain(begin..begin + skip);
        // A char cut at the end: its first bytes are left out too.
        if hi < self.len {
            let tail = out.get(begin..).unwrap_or_default();
            let back = tail.len().min(4);
            if let Some(k) = (1..=back).find(|&k| (tail[tail.len() - k] as i8) >= -0x40) {
                let lead = tail[tail.len() - k];
                let need = match lead {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    0xC0.. => 2,
                    _ => 1,
                };
                if need > k {
                    out.truncate(out.len() - k);
                }
            }
        }
        Ok(lo + skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Archive;
    use crate::cache::codec::Writer;
    use crate::cache::text::{encode, Source};
    use std::path::Path;

    /// Every stretch of the sample's and the accented fixture's texts, cut anywhere (inside
    /// chars too), comes back as the text holds it, less the cut chars.
    #[test]
    fn stretches_come_back_as_the_text_holds_them() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for name in [
            "assets/home-office-may-2023.txt",
            "tests/fixtures/search/accented.txt",
        ] {
            let path = root.join(name);
            let archive = Archive::load(std::slice::from_ref(&path)).expect("loads");
            let source = Source::open(&path).expect("maps");
            let file = std::fs::read(&path).expect("reads");
            for r in archive.releases.iter().take(12) {
                let mut w = Writer::default();
                let (from, to) = encode(&mut w, &r.text, &r.spans, Some(&source.lines()));
                let mut pieces = Pieces::default();
                pieces
                    .parse_until(&mut Reader::new(&w.out), 0, (from, to), 0..usize::MAX)
                    .expect("parses");
                assert_eq!(pieces.len, r.text.len());
                let t = r.text.as_bytes();
                for lo in (0..t.len()).step_by(37) {
                    for hi in [lo, lo + 1, lo + 90, lo + 700, t.len()] {
                        let hi = hi.min(t.len());
                        let mut out = b"kept".to_vec();
                        let (a, b) = pieces.span(lo, hi).unwrap_or((0, 0));
                        let read = file.get(a as usize..b as usize).expect("in the file");
                        let base = pieces
                            .put((read, a), &w.out, (lo, hi), &mut out)
                            .expect("puts");
                        // Parsed only as far as the stretch, keeping only its pieces: the
                        // same bytes.
                        let mut part = Pieces::default();
                        part.parse_until(&mut Reader::new(&w.out), 0, (from, to), lo..hi)
                            .expect("parses");
                        let mut again = b"kept".to_vec();
                        let (a2, b2) = part.span(lo, hi).unwrap_or((0, 0));
                        let read2 = file.get(a2 as usize..b2 as usize).expect("in the file");
                        let base2 = part.put((read2, a2), &w.out, (lo, hi), &mut again);
                        assert_eq!((base2, &again), (Ok(base), &out), "{lo}..{hi}");
                        let got = std::str::from_utf8(&out[4..]).expect("whole chars");
                        assert_eq!(&out[..4], b"kept");
                        if lo == hi {
                            assert!(got.is_empty());
                        }
                        if got.is_empty() {
                            // Nothing but the cut parts of a char.
                            assert!(hi - lo < 4, "{lo}..{hi}");
                            continue;
                        }
                        assert!(base >= lo && base <= lo + 3, "{lo}..{hi}: {base}");
                        assert_eq!(r.text.get(base..base + got.len()), Some(got), "{lo}..{hi}");
                        assert!(
                            base + got.len() + 4 > hi,
                            "{lo}..{hi}: {base} {}",
                            got.len()
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 2000, "{checked}");
        // A piece outside the part of the file named is refused.
        let path = root.join("assets/home-office-may-2023.txt");
        let archive = Archive::load(std::slice::from_ref(&path)).expect("loads");
        let source = Source::open(&path).expect("maps");
        let mut w = Writer::default();
        let r = &archive.releases[1];
        let (from, to) = encode(&mut w, &r.text, &r.spans, Some(&source.lines()));
        let mut pieces = Pieces::default();
        assert!(pieces
            .parse_until(&mut Reader::new(&w.out), 0, (from + 1, to), 0..usize::MAX)
            .is_err());
    }
}
