//! The cache's binary encoding: little-endian integers, length-prefixed strings, and a
//! reader that checks every length against what is left, so damaged bytes give an error,
//! never a panic or a huge allocation.

use std::sync::Arc;

use super::text::Source;
use crate::archive::{
    Block, BlockKind, Format, Kind, LazyList, LineSpan, Part, PartialDate, Release, ReleaseParts,
    ReleaseText, SourceFile, Speaker, Warning,
};

/// A little-endian `u32` from exactly four bytes.
#[inline]
fn le32(b: &[u8]) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(b);
    u32::from_le_bytes(w)
}

/// The bytes did not decode: the cache is damaged or not ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged;

pub type Decoded<T> = Result<T, Damaged>;

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Where a hash of `len` bytes starts.
pub(super) fn seed(len: usize) -> u64 {
    0x5052_4553_534D_4B31 ^ (len as u64).wrapping_mul(K)
}

/// One word folded into `h`.
#[inline(always)]
fn mix(h: u64, w: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(w);
    (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(29)
}

/// `bytes` folded into `h` a word at a time, then a byte at a time: format 5's checksum
/// (the cache's file names still use it) and the tail of today's.
pub(super) fn fold(mut h: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = mix(h, w);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h
}

/// A 64-bit checksum, to notice damaged bytes: four words at a time in four independent
/// lanes (a single lane waits on each multiply: ~5 GB/s; a search checks every record it
/// reads, 50 MB of them for a word in a fifth of the 541 MB archive's releases).
pub fn checksum(bytes: &[u8]) -> u64 {
    let seed = seed(bytes.len());
    let mut lanes = [seed, seed ^ 1, seed ^ 2, seed ^ 3];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = mix(*lane, w);
        }
    }
    let [a, b, c, d] = lanes;
    let h = a ^ b.rotate_left(16) ^ c.rotate_left(32) ^ d.rotate_left(48);
    let h = fold(h, blocks.remainder()).wrapping_mul(K);
    h ^ (h >> 32)
}

#[derive(Default)]
pub struct Writer {
    pub out: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.out.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.out.push(v as u8);
    }
    pub fn bytes(&mut self, v: &[u8]) {
        self.u64(v.len() as u64);
        self.out.extend_from_slice(v);
    }
    pub fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    pub fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }

    pub fn file(&mut self, f: &SourceFile) {
        self.str(&f.path.to_string_lossy());
        self.u64(f.bytes);
    }

    pub fn warning(&mut self, w: &Warning) {
        self.u64(w.file as u64);
        self.u32(w.line);
        self.str(&w.message);
    }

    /// A release; its text as pieces of `source`, its archive file (see [`super::text`]):
    /// as left there when it was loaded, else compared with it now (read, not kept).
    pub fn release(&mut self, r: &Release, source: Option<&Source>) {
        let mut text = Writer::default();
        let (from, to) = match (r.text.stored(), source) {
            (Some((stored, part)), Some(_)) => {
                text.out.extend_from_slice(stored);
                part
            }
            _ => {
                let lines = source.map(Source::lines);
                super::text::encode(&mut text, &r.text.read(), &r.spans, lines.as_ref())
            }
        };
        self.u64(r.file as u64);
        // The part of the file the text is sliced from, so a reader need read only that.
        self.varint(from);
        self.varint(to);
        self.str(&r.id);
        self.str(&r.title);
        self.u8(Kind::ALL.iter().position(|&k| k == r.kind).unwrap_or(0) as u8);
        match r.date {
            Some(d) => {
                self.u8(1);
                self.u32(d.year as u32);
                self.u8(d.month);
                self.u8(d.day.unwrap_or(0));
            }
            None => self.u8(0),
        }
        self.opt_str(r.department.as_deref());
        self.str(&r.section);
        self.u32(r.speakers.len() as u32);
        for s in &r.speakers {
            self.str(&s.name);
            self.opt_str(s.role.as_deref());
        }
        // The source map before the text: a search needs it to choose the stretches of the
        // text it reads, and then parses the text's pieces only as far as them.
        self.u32(r.line);
        self.u32(r.spans.len() as u32);
        for s in &r.spans {
            self.u32(s.offset);
            self.u32(s.line);
            self.u32(s.col);
        }
        self.out.extend_from_slice(&text.out);
        self.u32(r.blocks.len() as u32);
        for b in &r.blocks {
            self.u8(block_code(b.kind));
            self.u32(b.start);
            self.u32(b.end);
            self.u32(b.speaker.map_or(u32::MAX, u32::from));
        }
        self.u8(Format::ALL.iter().position(|&f| f == r.format).unwrap_or(0) as u8);
        self.opt_str(r.url.as_deref());
        self.opt_str(r.version_of.as_deref());
        self.opt_str(r.source_id.as_deref());
    }
}

const BLOCK_KINDS: [BlockKind; 7] = [
    BlockKind::Title,
    BlockKind::Dateline,
    BlockKind::Paragraph,
    BlockKind::Bullet,
    BlockKind::QuoteIntro,
    BlockKind::Quote,
    BlockKind::TableRow,
];

fn block_code(kind: BlockKind) -> u8 {
    BLOCK_KINDS.iter().position(|&k| k == kind).unwrap_or(0) as u8
}

pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    pub fn at_end(&self) -> bool {
        self.pos == self.data.len()
    }

    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// Up to ten bytes, seven bits each, low first; read from the slice directly (through
    /// [`Self::u8`], a bounds check per byte was a thirtieth of a cached search's time).
    pub fn varint(&mut self) -> Decoded<u64> {
        let rest = self.data.get(self.pos..).ok_or(Damaged)?;
        let mut v = 0u64;
        for (i, &b) in rest.iter().take(10).enumerate() {
            v |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.pos += i + 1;
                return Ok(v);
            }
        }
        Err(Damaged)
    }

    pub fn take(&mut self, n: usize) -> Decoded<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Damaged)?;
        let out = self.data.get(self.pos..end).ok_or(Damaged)?;
        self.pos = end;
        Ok(out)
    }

    pub fn u8(&mut self) -> Decoded<u8> {
        Ok(*self.take(1)?.first().ok_or(Damaged)?)
    }
    pub fn u32(&mut self) -> Decoded<u32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }
    pub fn u64(&mut self) -> Decoded<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
    pub fn usize(&mut self) -> Decoded<usize> {
        usize::try_from(self.u64()?).map_err(|_| Damaged)
    }
    /// A count of items each at least `min` bytes long, checked against what is left.
    fn count(&mut self, min: usize) -> Decoded<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.data.len() - self.pos {
            return Err(Damaged);
        }
        Ok(n)
    }
    pub fn bytes(&mut self) -> Decoded<&'a [u8]> {
        let n = self.usize()?;
        self.take(n)
    }
    pub fn str(&mut self) -> Decoded<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| Damaged)
    }
    pub fn string(&mut self) -> Decoded<String> {
        self.str().map(str::to_owned)
    }
    pub fn opt_string(&mut self) -> Decoded<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(Damaged),
        }
    }

    pub fn file(&mut self) -> Decoded<SourceFile> {
        Ok(SourceFile {
            path: self.string()?.into(),
            bytes: self.u64()?,
        })
    }

    pub fn warning(&mut self) -> Decoded<Warning> {
        Ok(Warning {
            file: self.usize()?,
            line: self.u32()?,
            message: self.string()?,
        })
    }

    /// Where a release's text lies: its archive file, and the part of it (`from..to`)
    /// that [`Self::release`] needs; read first.
    pub fn release_source(&mut self) -> Decoded<(usize, u64, u64)> {
        let file = self.usize()?;
        let (from, to) = (self.varint()?, self.varint()?);
        if from > to {
            return Err(Damaged);
        }
        Ok((file, from, to))
    }

    /// A count, then that many entries of `size` bytes, read from one slice (100,000
    /// releases hold millions of them): decoded by `entry`, or stepped over and left to
    /// `lazy` when given.
    fn fixed_list<T: Part>(
        &mut self,
        size: usize,
        lazy: Option<(&Arc<dyn ReleaseParts>, usize)>,
        entry: impl Fn(&[u8]) -> Decoded<T>,
    ) -> Decoded<LazyList<T>> {
        let n = self.count(size)?;
        let entries = self.take(n * size)?;
        match lazy {
            Some((parts, at)) => Ok(LazyList::lazy(parts.clone(), at)),
            None => entries.chunks_exact(size).map(entry).collect(),
        }
    }

    /// The rest of a release after [`Self::release_source`]; `section` is the previous
    /// release's section, shared when the same; `text` reads the release's text (written
    /// by [`super::text::encode`]) from this reader, now or as a lazy text. With `lazy`
    /// (where, and which release this is), the speakers, blocks and spans are stepped over
    /// and decoded from there when first read.
    pub fn release(
        &mut self,
        file: usize,
        section: &mut Option<Arc<str>>,
        text: impl FnOnce(&mut Self) -> Decoded<ReleaseText>,
        lazy: Option<(&Arc<dyn ReleaseParts>, usize)>,
    ) -> Decoded<Release> {
        let id = self.string()?;
        let title = self.string()?;
        let kind = *Kind::ALL.get(self.u8()? as usize).ok_or(Damaged)?;
        let date = match self.u8()? {
            0 => None,
            1 => {
                let year = self.u32()? as i32;
                let month = self.u8()?;
                let day = self.u8()?;
                Some(PartialDate {
                    year,
                    month,
                    day: (day != 0).then_some(day),
                })
            }
            _ => return Err(Damaged),
        };
        let department = self.opt_string()?;
        let name = self.str()?;
        let section = match section {
            Some(s) if &**s == name => s.clone(),
            _ => section.insert(Arc::from(name)).clone(),
        };
        let n = self.count(9)?;
        let speakers = match lazy {
            Some((parts, at)) => {
                for _ in 0..n {
                    self.bytes()?;
                    if self.u8()? == 1 {
                        self.bytes()?;
                    }
                }
                LazyList::lazy(parts.clone(), at)
            }
            None => {
                let mut speakers = Vec::with_capacity(n);
                for _ in 0..n {
                    speakers.push(Speaker {
                        name: self.string()?,
                        role: self.opt_string()?,
                    });
                }
                speakers.into()
            }
        };
        let line = self.u32()?;
        let spans = self.fixed_list(12, lazy, |e| {
            Ok(LineSpan {
                offset: le32(&e[0..4]),
                line: le32(&e[4..8]),
                col: le32(&e[8..12]),
            })
        })?;
        let text = text(self)?;
        let blocks = self.fixed_list(13, lazy, |e| {
            let kind = *BLOCK_KINDS.get(e[0] as usize).ok_or(Damaged)?;
            let speaker = le32(&e[9..13]);
            Ok(Block {
                kind,
                start: le32(&e[1..5]),
                end: le32(&e[5..9]),
                speaker: if speaker == u32::MAX {
                    None
                } else {
                    Some(u16::try_from(speaker).map_err(|_| Damaged)?)
                },
            })
        })?;
        Ok(Release {
            id,
            title,
            kind,
            date,
            department,
            section,
            speakers,
            text,
            blocks,
            spans,
            file,
            line,
            format: *Format::ALL.get(self.u8()? as usize).ok_or(Damaged)?,
            url: self.opt_string()?,
            version_of: self.opt_string()?,
            source_id: self.opt_string()?,
        })
    }
}
