//! Reading a cache file back: the whole archive, or only what one search needs.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::codec::{checksum, Damaged, Decoded, Reader};
use super::write::{
    HEADER, KEY, MAGIC, META, OFFSETS, OFFSET_ENTRY, POSTINGS, RELEASES, SECTIONS, TERMS,
    TERM_ENTRY,
};
use super::Key;
use crate::archive::{Archive, Release, SourceFile, Warning};
use crate::search::{releases_in_postings, Hit, Query, Scanner, SearchIndex, StoredTerm};

/// An open cache file whose header and key have been checked.
pub struct CacheFile {
    file: File,
    pub path: PathBuf,
    /// The file's size in bytes.
    pub size: u64,
    table: [(u64, u64, u64); SECTIONS],
    offsets: Option<Vec<u8>>,
}

/// A release that matched, with its hits.
pub type Found = (Release, Vec<Hit>);

/// What the metadata section holds.
pub struct Meta {
    pub files: Vec<SourceFile>,
    pub warnings: Vec<Warning>,
    pub releases: usize,
}

impl CacheFile {
    /// The cache for `key` in `dir`, if there is one, whole and made for exactly this key.
    pub fn open(dir: &Path, key: &Key) -> Option<CacheFile> {
        let path = dir.join(&key.name);
        let mut file = File::open(&path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut header = vec![0u8; HEADER];
        file.read_exact(&mut header).ok()?;
        let table = parse_header(&header, size).ok()?;
        let mut cache = CacheFile {
            file,
            path,
            size,
            table,
            offsets: None,
        };
        (cache.section(KEY).ok()? == key.bytes).then_some(cache)
    }

    fn read_at(&mut self, offset: u64, len: u64) -> Decoded<Vec<u8>> {
        let len = usize::try_from(len).map_err(|_| Damaged)?;
        let mut buf = Vec::new();
        buf.try_reserve_exact(len).map_err(|_| Damaged)?;
        self.file
            .seek(SeekFrom::Start(offset))
            .map_err(|_| Damaged)?;
        (&mut self.file)
            .take(len as u64)
            .read_to_end(&mut buf)
            .map_err(|_| Damaged)?;
        if buf.len() != len {
            return Err(Damaged);
        }
        Ok(buf)
    }

    /// A section checksummed whole, checked.
    fn section(&mut self, s: usize) -> Decoded<Vec<u8>> {
        let (offset, len, sum) = *self.table.get(s).ok_or(Damaged)?;
        let bytes = self.read_at(offset, len)?;
        if checksum(&bytes) != sum {
            return Err(Damaged);
        }
        Ok(bytes)
    }

    pub fn meta(&mut self) -> Decoded<Meta> {
        let bytes = self.section(META)?;
        let mut r = Reader::new(&bytes);
        let n = r.u32()? as usize;
        let mut files = Vec::new();
        for _ in 0..n {
            files.push(r.file()?);
        }
        let n = r.u32()? as usize;
        let mut warnings = Vec::new();
        for _ in 0..n {
            warnings.push(r.warning()?);
        }
        let releases = r.usize()?;
        if !r.at_end() {
            return Err(Damaged);
        }
        Ok(Meta {
            files,
            warnings,
            releases,
        })
    }

    /// Each release's (offset in the releases section, length, checksum).
    fn offsets(&mut self, releases: usize) -> Decoded<Vec<(u64, u64, u64)>> {
        let bytes = match self.offsets.take() {
            Some(b) => b,
            None => self.section(OFFSETS)?,
        };
        if bytes.len() != releases.checked_mul(OFFSET_ENTRY).ok_or(Damaged)? {
            return Err(Damaged);
        }
        let mut r = Reader::new(&bytes);
        let mut out = Vec::with_capacity(releases);
        let (_, section_len, _) = self.table[RELEASES];
        for _ in 0..releases {
            let entry = (r.u64()?, r.u64()?, r.u64()?);
            if entry
                .0
                .checked_add(entry.1)
                .is_none_or(|end| end > section_len)
            {
                return Err(Damaged);
            }
            out.push(entry);
        }
        self.offsets = Some(bytes);
        Ok(out)
    }

    /// The whole archive, read a few megabytes at a time.
    pub fn archive(&mut self) -> Decoded<Archive> {
        let meta = self.meta()?;
        let offsets = self.offsets(meta.releases)?;
        let (base, _, _) = self.table[RELEASES];
        let mut releases = Vec::with_capacity(meta.releases);
        let mut section = None;
        let mut i = 0;
        while i < offsets.len() {
            // Records are stored in order and back to back: read a run of them at once.
            let first = offsets[i].0;
            let mut j = i;
            while j < offsets.len() && offsets[j].0 + offsets[j].1 - first <= 16 << 20 {
                j += 1;
            }
            j = j.max(i + 1);
            let end = offsets[j - 1].0 + offsets[j - 1].1;
            let bytes = self.read_at(base + first, end.checked_sub(first).ok_or(Damaged)?)?;
            for &(offset, len, sum) in &offsets[i..j] {
                let at = usize::try_from(offset - first).map_err(|_| Damaged)?;
                let record = bytes.get(at..at + len as usize).ok_or(Damaged)?;
                releases.push(decode_release(record, sum, &mut section)?);
            }
            i = j;
        }
        Ok(Archive {
            files: meta.files,
            releases,
            warnings: meta.warnings,
        })
    }

    /// Every match of `query`, reading only the posting lists of its words and the
    /// releases that hold them all: the same hits as a search of the whole archive.
    pub fn search(&mut self, query: &Query) -> Decoded<(Meta, Vec<Found>)> {
        let meta = self.meta()?;
        let candidates = self.candidates(query)?;
        let offsets = self.offsets(meta.releases)?;
        let (base, _, _) = self.table[RELEASES];
        let scanner = Scanner::new(query);
        let mut out = Vec::new();
        let mut section = None;
        for r in candidates {
            let &(offset, len, sum) = offsets.get(r as usize).ok_or(Damaged)?;
            let record = self.read_at(base + offset, len)?;
            let release = decode_release(&record, sum, &mut section)?;
            if let Some(hits) = scanner.hits(&release.text) {
                out.push((release, hits));
            }
        }
        Ok((meta, out))
    }

    /// Releases holding every token of the query, in order.
    fn candidates(&mut self, query: &Query) -> Decoded<Vec<u32>> {
        let bytes = self.section(TERMS)?;
        let table = TermTable::new(&bytes)?;
        let mut tokens: Vec<&String> = query.terms().iter().flatten().collect();
        tokens.sort();
        tokens.dedup();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        for token in tokens {
            let Some(e) = table.find(token)? else {
                return Ok(Vec::new());
            };
            let (base, section_len, _) = self.table[POSTINGS];
            if e.offset
                .checked_add(e.len)
                .is_none_or(|end| end > section_len)
            {
                return Err(Damaged);
            }
            let data = self.read_at(base + e.offset, e.len)?;
            if checksum(&data) != e.sum {
                return Err(Damaged);
            }
            lists.push(releases_in_postings(&data));
        }
        lists.sort_by_key(Vec::len);
        let mut lists = lists.into_iter();
        let Some(mut cands) = lists.next() else {
            return Ok(Vec::new());
        };
        for list in lists {
            cands.retain(|r| list.binary_search(r).is_ok());
        }
        Ok(cands)
    }

    /// The whole search index, every posting list checked.
    pub fn index(&mut self, releases: usize) -> Decoded<SearchIndex> {
        let bytes = self.section(TERMS)?;
        let table = TermTable::new(&bytes)?;
        let (base, len, _) = self.table[POSTINGS];
        let postings = self.read_at(base, len)?;
        let mut terms = Vec::with_capacity(table.n);
        for k in 0..table.n {
            let e = table.get(k)?;
            let start = usize::try_from(e.offset).map_err(|_| Damaged)?;
            let end = start
                .checked_add(usize::try_from(e.len).map_err(|_| Damaged)?)
                .ok_or(Damaged)?;
            let data = postings.get(start..end).ok_or(Damaged)?;
            if checksum(data) != e.sum {
                return Err(Damaged);
            }
            terms.push(StoredTerm {
                term: e.name,
                data,
                releases: e.releases,
                occurrences: e.occurrences,
            });
        }
        Ok(SearchIndex::from_stored(releases, terms.into_iter()))
    }
}

/// The term table: fixed-size entries sorted by term, then the terms' text.
struct TermTable<'a> {
    n: usize,
    entries: &'a [u8],
    names: &'a [u8],
}

struct TermEntry<'a> {
    name: &'a str,
    offset: u64,
    len: u64,
    sum: u64,
    releases: u32,
    occurrences: u64,
}

impl<'a> TermTable<'a> {
    fn new(bytes: &'a [u8]) -> Decoded<TermTable<'a>> {
        let n = Reader::new(bytes).usize()?;
        let names_at = n
            .checked_mul(TERM_ENTRY)
            .and_then(|b| b.checked_add(8))
            .ok_or(Damaged)?;
        Ok(TermTable {
            n,
            entries: bytes.get(8..names_at).ok_or(Damaged)?,
            names: bytes.get(names_at..).ok_or(Damaged)?,
        })
    }

    fn get(&self, k: usize) -> Decoded<TermEntry<'a>> {
        let at = k * TERM_ENTRY;
        let mut e = Reader::new(self.entries.get(at..at + TERM_ENTRY).ok_or(Damaged)?);
        let (s, len) = (e.usize()?, e.usize()?);
        let name = self
            .names
            .get(s..s.checked_add(len).ok_or(Damaged)?)
            .ok_or(Damaged)?;
        Ok(TermEntry {
            name: std::str::from_utf8(name).map_err(|_| Damaged)?,
            offset: e.u64()?,
            len: e.u64()?,
            sum: e.u64()?,
            releases: e.u32()?,
            occurrences: e.u64()?,
        })
    }

    /// Binary search for a term.
    fn find(&self, term: &str) -> Decoded<Option<TermEntry<'a>>> {
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let e = self.get(mid)?;
            match e.name.cmp(term) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(Some(e)),
            }
        }
        Ok(None)
    }
}

fn decode_release(record: &[u8], sum: u64, section: &mut Option<Arc<str>>) -> Decoded<Release> {
    if checksum(record) != sum {
        return Err(Damaged);
    }
    let mut r = Reader::new(record);
    let release = r.release(section)?;
    if !r.at_end() {
        return Err(Damaged);
    }
    Ok(release)
}

/// Checks the magic, version, section table and header checksum against the file's size.
fn parse_header(header: &[u8], size: u64) -> Decoded<[(u64, u64, u64); SECTIONS]> {
    if header.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
        return Err(Damaged);
    }
    let body = header.get(..HEADER - 8).ok_or(Damaged)?;
    let mut r = Reader::new(header.get(MAGIC.len()..).ok_or(Damaged)?);
    if r.u32()? != super::VERSION || r.u32()? as usize != SECTIONS {
        return Err(Damaged);
    }
    let mut table = [(0u64, 0u64, 0u64); SECTIONS];
    for slot in &mut table {
        *slot = (r.u64()?, r.u64()?, r.u64()?);
        if slot.0.checked_add(slot.1).is_none_or(|end| end > size) {
            return Err(Damaged);
        }
    }
    if r.u64()? != checksum(body) {
        return Err(Damaged);
    }
    Ok(table)
}
