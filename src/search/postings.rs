//! Posting lists: for one term, the releases holding it and the byte offsets of each
//! occurrence, delta- and varint-encoded in one byte stream.
//!
//! Per release: `release delta`, `count`, `bytes of offsets`, then `count` offset deltas.

use std::sync::{Arc, OnceLock};

#[derive(Debug, Default, Clone)]
pub(crate) struct Postings {
    /// The list, when built in memory.
    pub data: Vec<u8>,
    /// The list, when it lies in a memory-mapped cache file.
    mapped: Option<Mapped>,
    pub releases: u32,
    pub occurrences: u64,
    last: Option<u32>,
}

/// Bytes shared by many posting lists: a memory-mapped cache file.
pub type SharedBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A posting list inside a mapped file, checked against its checksum when first read (a
/// damaged list reads as empty, never as wrong offsets).
#[derive(Clone)]
struct Mapped {
    file: SharedBytes,
    start: usize,
    len: usize,
    sum: u64,
    whole: OnceLock<bool>,
}

impl std::fmt::Debug for Mapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mapped({}..+{})", self.start, self.len)
    }
}

impl Mapped {
    fn bytes(&self) -> &[u8] {
        let all = (*self.file).as_ref();
        let Some(data) = self
            .start
            .checked_add(self.len)
            .and_then(|end| all.get(self.start..end))
        else {
            return &[];
        };
        let whole = *self
            .whole
            .get_or_init(|| crate::cache::checksum(data) == self.sum);
        if whole {
            data
        } else {
            &[]
        }
    }
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn get_varint(data: &[u8], pos: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = data.get(*pos) {
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

impl Postings {
    /// Appends one release's occurrences; releases must come in increasing order and
    /// offsets be sorted.
    pub fn push(&mut self, release: u32, offsets: &[u32], scratch: &mut Vec<u8>) {
        scratch.clear();
        let mut prev = 0;
        for &o in offsets {
            put_varint(scratch, u64::from(o - prev));
            prev = o;
        }
        let delta = release - self.last.unwrap_or(0);
        put_varint(&mut self.data, u64::from(delta));
        put_varint(&mut self.data, offsets.len() as u64);
        put_varint(&mut self.data, scratch.len() as u64);
        self.data.extend_from_slice(scratch);
        self.last = Some(release);
        self.releases += 1;
        self.occurrences += offsets.len() as u64;
    }

    /// A list lying in a mapped cache file at `start..start + len`, with its checksum
    /// (`last` is only needed while building).
    pub fn mapped(
        file: SharedBytes,
        (start, len, sum): (usize, usize, u64),
        releases: u32,
        occurrences: u64,
    ) -> Postings {
        Postings {
            data: Vec::new(),
            mapped: Some(Mapped {
                file,
                start,
                len,
                sum,
                whole: OnceLock::new(),
            }),
            releases,
            occurrences,
            last: None,
        }
    }

    /// The encoded list.
    pub fn bytes(&self) -> &[u8] {
        match &self.mapped {
            Some(m) => m.bytes(),
            None => &self.data,
        }
    }

    pub fn last_release(&self) -> Option<u32> {
        self.last
    }

    pub fn set_last(&mut self, last: Option<u32>) {
        if last.is_some() {
            self.last = last;
        }
    }

    pub fn shrink(&mut self) {
        self.data.shrink_to_fit();
    }

    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            data: self.bytes(),
            pos: 0,
            release: 0,
        }
    }
}

/// One release's entry in a posting list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<'a> {
    pub release: u32,
    pub count: u32,
    offsets: &'a [u8],
}

impl<'a> Entry<'a> {
    pub fn offsets(&self) -> impl Iterator<Item = usize> + 'a {
        let data = self.offsets;
        let mut pos = 0;
        let mut prev = 0usize;
        std::iter::from_fn(move || {
            if pos >= data.len() {
                return None;
            }
            prev += get_varint(data, &mut pos) as usize;
            Some(prev)
        })
    }
}

/// Walks a posting list forwards.
pub(crate) struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
    release: u32,
}

impl<'a> Iterator for Cursor<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        if self.pos >= self.data.len() {
            return None;
        }
        let delta = get_varint(self.data, &mut self.pos) as u32;
        self.release += delta;
        let count = get_varint(self.data, &mut self.pos) as u32;
        let len = get_varint(self.data, &mut self.pos) as usize;
        let end = (self.pos + len).min(self.data.len());
        let offsets = self.data.get(self.pos..end).unwrap_or(&[]);
        self.pos = end;
        Some(Entry {
            release: self.release,
            count,
            offsets,
        })
    }
}

impl<'a> Cursor<'a> {
    /// Walks an encoded list as [`Postings::bytes`] gives it (a cache stores it so).
    pub fn over(data: &'a [u8]) -> Cursor<'a> {
        Cursor {
            data,
            pos: 0,
            release: 0,
        }
    }

    /// The first entry with `release >= target`.
    pub fn seek(&mut self, target: u32) -> Option<Entry<'a>> {
        loop {
            let e = self.next()?;
            if e.release >= target {
                return Some(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut p = Postings::default();
        let mut s = Vec::new();
        p.push(0, &[3, 10, 300], &mut s);
        p.push(7, &[70_000], &mut s);
        p.push(9, &[1, 2], &mut s);
        let all: Vec<(u32, Vec<usize>)> = p
            .cursor()
            .map(|e| (e.release, e.offsets().collect()))
            .collect();
        assert_eq!(
            all,
            vec![(0, vec![3, 10, 300]), (7, vec![70_000]), (9, vec![1, 2])]
        );
        let mut c = p.cursor();
        assert_eq!(c.seek(5).map(|e| e.release), Some(7));
        assert_eq!(c.seek(9).map(|e| e.count), Some(2));
        assert!(c.seek(10).is_none());
    }
}
