//! Writing a cache file: streamed to a temporary file, then renamed into place.
//!
//! Layout: a header (magic, version, a table of sections: offset, length, checksum; and
//! the header's own checksum), then the sections. The key and metadata are checksummed
//! whole; each release record, each entry of the term table and each posting list has a
//! checksum of its own (in the offsets table, the entry itself and the term table), so a
//! reader of the memory-mapped file checks only what it reads. A release's text is stored
//! as slices of its archive file where it is one (see [`super::text`]).

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::codec::{checksum, Writer};
use super::text::Source;
use super::{CacheError, Key};
use crate::archive::Archive;
use crate::search::SearchIndex;

pub(super) const MAGIC: &[u8; 16] = b"PRESSMARK CACHE\n";
pub(super) const SECTIONS: usize = 6;
pub(super) const HEADER: usize = 16 + 4 + 4 + SECTIONS * 24 + 8;
pub(super) const KEY: usize = 0;
pub(super) const META: usize = 1;
pub(super) const OFFSETS: usize = 2;
pub(super) const RELEASES: usize = 3;
pub(super) const TERMS: usize = 4;
pub(super) const POSTINGS: usize = 5;
/// Bytes per release in the offsets section, and per term in the term table.
pub(super) const OFFSET_ENTRY: usize = 24;
pub(super) const TERM_ENTRY: usize = 60;

/// Writes the cache of `archive` (opened as `key`) and its search index into `dir`.
/// Returns the cache file's path.
pub fn write(
    dir: &Path,
    key: &Key,
    archive: &Archive,
    index: &SearchIndex,
) -> Result<PathBuf, CacheError> {
    let err = |source| CacheError::Io {
        path: dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let path = dir.join(&key.name);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    // A name of its own per writer: two processes never write the same temporary file.
    let tmp = dir.join(format!("{}.{}-{nanos}.tmp", key.name, std::process::id()));
    let written = write_to(&tmp, key, archive, index).and_then(|()| std::fs::rename(&tmp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(path)
}

fn write_to(tmp: &Path, key: &Key, archive: &Archive, index: &SearchIndex) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(tmp)?);
    out.write_all(&[0u8; HEADER])?;
    let mut pos = HEADER as u64;
    let mut table = [(0u64, 0u64, 0u64); SECTIONS];
    let mut whole = |out: &mut BufWriter<File>, section: usize, bytes: &[u8], pos: &mut u64| {
        table[section] = (*pos, bytes.len() as u64, checksum(bytes));
        *pos += bytes.len() as u64;
        out.write_all(bytes)
    };
    whole(&mut out, KEY, &key.bytes, &mut pos)?;
    let mut meta = Writer::default();
    meta.u32(archive.files.len() as u32);
    for f in &archive.files {
        meta.file(f);
    }
    meta.u32(archive.warnings.len() as u32);
    for w in &archive.warnings {
        meta.warning(w);
    }
    meta.u64(archive.releases.len() as u64);
    // Each file's size as mapped, which texts are sliced from (u64::MAX: not used).
    let sources: Vec<Option<Source>> = archive
        .files
        .iter()
        .map(|f| Source::open(&f.path))
        .collect();
    for s in &sources {
        meta.u64(s.as_ref().map_or(u64::MAX, Source::len));
    }
    whole(&mut out, META, &meta.out, &mut pos)?;

    // Releases, one record at a time.
    let mut offsets = Writer::default();
    let start = pos;
    let mut record = Writer::default();
    for (k, r) in archive.releases.iter().enumerate() {
        // What the last releases compared with their files is let go (releases come in file
        // order, so little is read twice).
        if k % 4096 == 4095 {
            sources.iter().flatten().for_each(Source::forget);
        }
        record.out.clear();
        record.release(r, sources.get(r.file).and_then(Option::as_ref));
        offsets.u64(pos - start);
        offsets.u64(record.out.len() as u64);
        offsets.u64(checksum(&record.out));
        out.write_all(&record.out)?;
        pos += record.out.len() as u64;
    }
    table[RELEASES] = (start, pos - start, 0);

    // Posting lists, one per term; the term table says where each is.
    let terms = index.sorted_postings();
    let start = pos;
    let mut entries = Writer::default();
    let mut names: Vec<u8> = Vec::new();
    entries.u64(terms.len() as u64);
    let mut entry = Writer::default();
    for t in &terms {
        entry.out.clear();
        entry.u64(names.len() as u64);
        entry.u64(t.term.len() as u64);
        entry.u64(pos - start);
        entry.u64(t.data.len() as u64);
        entry.u64(checksum(t.data));
        entry.u32(t.releases);
        entry.u64(t.occurrences);
        // The entry's own checksum covers its term too: a lookup checks only what it reads.
        entry.out.extend_from_slice(t.term.as_bytes());
        let sum = checksum(&entry.out);
        entry.out.truncate(TERM_ENTRY - 8);
        entry.u64(sum);
        entries.out.extend_from_slice(&entry.out);
        names.extend_from_slice(t.term.as_bytes());
        out.write_all(t.data)?;
        pos += t.data.len() as u64;
    }
    table[POSTINGS] = (start, pos - start, 0);
    entries.out.extend_from_slice(&names);
    // Checked entry by entry (record checksums, entry checksums), never whole: a search
    // reads a few entries of each.
    for (section, bytes) in [(OFFSETS, &offsets.out), (TERMS, &entries.out)] {
        table[section] = (pos, bytes.len() as u64, 0);
        pos += bytes.len() as u64;
        out.write_all(bytes)?;
    }

    let mut header = Writer::default();
    header.out.extend_from_slice(MAGIC);
    header.u32(super::VERSION);
    header.u32(SECTIONS as u32);
    for (offset, len, sum) in table {
        header.u64(offset);
        header.u64(len);
        header.u64(sum);
    }
    let sum = checksum(&header.out);
    header.u64(sum);
    out.seek(SeekFrom::Start(0))?;
    out.write_all(&header.out)?;
    out.flush()?;
    Ok(())
}
