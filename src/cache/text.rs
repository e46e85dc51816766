//! A release's text stored as pieces of its archive file: the cache's key already proves
//! the file is the one parsed (same path, size and modification time), so each source line's
//! text is a slice of the file, and only what the parser changed (indentation removed, line
//! breaks between blocks, decoded characters) is stored. Every piece is compared with the
//! file when written, so what is read back is byte for byte the text that was parsed.

use std::fs::File;
use std::path::Path;
use std::sync::OnceLock;

use memmap2::Mmap;

use super::codec::{checksum, Damaged, Decoded, Reader, Writer};
use crate::archive::LineSpan;

/// Shorter matches are stored as they are: a piece costs a few bytes itself.
const MIN_COPY: usize = 8;

/// An archive file mapped into memory, and where each of its lines starts once a text is
/// compared with it (none is when every text was left in the file as it loaded).
pub struct Source {
    map: Mmap,
    lines: OnceLock<Vec<usize>>,
}

impl Source {
    /// Maps `path` for writing a cache; `None` when it cannot be read (its text is then
    /// stored whole).
    pub fn open(path: &Path) -> Option<Source> {
        Some(Source {
            map: map(path).ok()?,
            lines: OnceLock::new(),
        })
    }

    /// Where each line starts, found when first asked for.
    fn starts(&self) -> &[usize] {
        self.lines.get_or_init(|| {
            let map = &self.map;
            let mut lines = vec![0];
            // A chunk at a time, each let go once read (see `forget`).
            const CHUNK: usize = 16 << 20;
            for from in (0..map.len()).step_by(CHUNK) {
                let to = (from + CHUNK).min(map.len());
                push_line_starts(&mut lines, map.get(from..to).unwrap_or_default(), from);
                forget(map, from, to);
            }
            lines
        })
    }

    pub fn len(&self) -> u64 {
        self.map.len() as u64
    }

    /// Drops the mapped file's pages from this process's memory: they stay in the system's
    /// file cache and are read back if touched again. Writing a cache compares every text
    /// with the file, so without this the whole file came to count against the process (541
    /// MB more at the peak of the window's first opening of the 541 MB archive).
    pub fn forget(&self) {
        forget(&self.map, 0, self.map.len());
    }

    /// The whole file and where its lines start, to compare texts with.
    pub fn lines(&self) -> Lines<'_> {
        Lines {
            bytes: &self.map,
            starts: self.starts(),
            base: 0,
        }
    }
}

/// Bytes of an archive file (the whole file, or a part of it read while loading) and where
/// each of their lines starts: what [`encode`] compares a text with.
pub struct Lines<'a> {
    bytes: &'a [u8],
    /// Where each line starts in `bytes` (the first at 0).
    starts: &'a [usize],
    /// Where `bytes` start in the file.
    base: u64,
}

impl<'a> Lines<'a> {
    /// `bytes` found at byte `base` of their file, with their lines' starts
    /// ([`line_starts`]): a text's source map then counts lines from 1 at `bytes`' start.
    pub fn new(bytes: &'a [u8], starts: &'a [usize], base: u64) -> Lines<'a> {
        Lines {
            bytes,
            starts,
            base,
        }
    }

    /// Offset in `bytes` of 0-based character column `col` of 1-based `line`.
    fn position(&self, line: u32, col: u32) -> Option<usize> {
        let mut at = *self.starts.get((line as usize).checked_sub(1)?)?;
        for _ in 0..col {
            let b = *self.bytes.get(at)?;
            if b == b'\n' {
                return None;
            }
            at += match b {
                0..=0x7F => 1,
                0x80..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
        }
        Some(at)
    }
}

/// Where each line of `bytes` starts (the first at 0).
pub fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    push_line_starts(&mut starts, bytes, 0);
    starts
}

/// Adds where the lines after each line break in `bytes` start, `bytes` lying at `from`.
fn push_line_starts(out: &mut Vec<usize>, bytes: &[u8], from: usize) {
    out.extend(memchr::memchr_iter(b'\n', bytes).map(|i| from + i + 1));
}

/// Drops bytes `from..to` of a read-only file mapping from this process's memory (whole
/// pages only, and the last one at the mapping's end; they stay in the system's file cache,
/// and are read again if touched).
#[cfg_attr(not(unix), allow(unused_variables))]
pub(super) fn forget(map: &Mmap, from: usize, to: usize) {
    #[cfg(unix)]
    {
        use memmap2::UncheckedAdvice;
        const PAGE: usize = 4096;
        let start = from.div_ceil(PAGE) * PAGE;
        let end = if to == map.len() {
            to
        } else {
            to / PAGE * PAGE
        };
        if end > start {
            // SAFETY: a read-only file mapping: dropped pages read back the same bytes.
            let _ = unsafe {
                map.unchecked_advise_range(UncheckedAdvice::DontNeed, start, end - start)
            };
        }
    }
}

/// Maps a file read-only.
pub fn map(path: &Path) -> std::io::Result<Mmap> {
    map_file(&File::open(path)?)
}

/// Maps an open file read-only.
pub fn map_file(file: &File) -> std::io::Result<Mmap> {
    // SAFETY: the mapping is read-only; the cache's key (path, size, modification time) is
    // checked just before, so the file is the one parsed. A file truncated by another
    // program while mapped would fault the reads: the same risk every mmap-based reader
    // (ripgrep, git) takes.
    unsafe { Mmap::map(file) }
}

/// Writes `text` as its length in bytes, its checksum and pieces: `count`, then per piece
/// a file offset, a length to copy from the file, and bytes stored as they are (all
/// varints). Returns the part of the file the pieces copy from.
pub fn encode(
    w: &mut Writer,
    text: &str,
    spans: &[LineSpan],
    source: Option<&Lines<'_>>,
) -> (u64, u64) {
    let bytes = text.as_bytes();
    // (file offset, bytes copied, literal start, literal end) in `text`.
    let mut pieces: Vec<(usize, usize, usize, usize)> = vec![(0, 0, 0, 0)];
    let mut literal_from = 0;
    if let Some(src) = source {
        for (i, span) in spans.iter().enumerate() {
            let start = span.offset as usize;
            let end = spans
                .get(i + 1)
                .map_or(bytes.len(), |n| n.offset as usize)
                .min(bytes.len());
            if start < literal_from || start >= end {
                continue;
            }
            let Some(at) = src.position(span.line, span.col) else {
                continue;
            };
            let same = common_prefix(&bytes[start..end], src.bytes.get(at..).unwrap_or(&[]));
            if same < MIN_COPY {
                continue;
            }
            if let Some(last) = pieces.last_mut() {
                last.2 = literal_from;
                last.3 = start;
            }
            pieces.push((at, same, 0, 0));
            literal_from = start + same;
        }
    }
    if let Some(last) = pieces.last_mut() {
        last.2 = literal_from;
        last.3 = bytes.len();
    }
    // File offsets from here on.
    let base = source.map_or(0, |s| s.base as usize);
    for p in pieces.iter_mut().filter(|p| p.1 > 0) {
        p.0 += base;
    }
    let copied = pieces.iter().filter(|p| p.1 > 0);
    let from = copied.clone().map(|p| p.0).min().unwrap_or(0);
    let to = copied.map(|p| p.0 + p.1).max().unwrap_or(0);
    w.varint(bytes.len() as u64);
    // The text's own checksum: a file rewritten under the same size and time would
    // otherwise give other words in the same places.
    w.u64(checksum(bytes));
    w.varint(pieces.len() as u64);
    for (at, copy, s, e) in pieces {
        w.varint(at as u64);
        w.varint(copy as u64);
        w.varint((e - s) as u64);
        w.out.extend_from_slice(&bytes[s..e]);
    }
    (from as u64, to as u64)
}

/// How many leading bytes `a` and `b` share: compared 32 at a time, then one by one (a byte
/// at a time was most of comparing every text with its file as the window's first opening
/// loads the 541 MB archive).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const STEP: usize = 32;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + STEP <= n && a.get(i..i + STEP) == b.get(i..i + STEP) {
        i += STEP;
    }
    while i < n && a.get(i) == b.get(i) {
        i += 1;
    }
    i
}

/// Reads back text written by [`encode`], slicing `source` (the archive file's bytes from
/// offset `base` on).
pub fn decode(r: &mut Reader<'_>, source: &[u8], base: u64) -> Decoded<String> {
    let mut out = Vec::new();
    let sum = put(r, source, base, &mut out)?;
    if checksum(&out) != sum {
        return Err(Damaged);
    }
    String::from_utf8(out).map_err(|_| Damaged)
}

/// Appends text written by [`encode`] to `out`, slicing `source` (the archive file's bytes
/// from offset `base` on), and returns the checksum stored with it (checked by the caller
/// if it will: a search checks the words it reads instead). Neither checked as UTF-8.
pub fn put(r: &mut Reader<'_>, source: &[u8], base: u64, out: &mut Vec<u8>) -> Decoded<u64> {
    let len = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
    if len > source.len().saturating_add(r.remaining()) {
        return Err(Damaged);
    }
    let sum = r.u64()?;
    let n = r.varint()?;
    // Exactly the text's length: growth by doubling would leave slack in every release.
    out.try_reserve_exact(len).map_err(|_| Damaged)?;
    let begin = out.len();
    for _ in 0..n {
        let at = r.varint()?;
        let copy = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
        let literal = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
        if copy > 0 {
            let at = usize::try_from(at.checked_sub(base).ok_or(Damaged)?).map_err(|_| Damaged)?;
            let end = at.checked_add(copy).ok_or(Damaged)?;
            out.extend_from_slice(source.get(at..end).ok_or(Damaged)?);
        }
        out.extend_from_slice(r.take(literal)?);
    }
    if out.len() - begin != len {
        return Err(Damaged);
    }
    Ok(sum)
}

/// Steps over text written by [`encode`] without putting it together; returns its length.
/// (The record's checksum has been checked; [`decode`] checks the rest when it is read.)
pub fn skip(r: &mut Reader<'_>) -> Decoded<usize> {
    let len = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
    r.u64()?;
    for _ in 0..r.varint()? {
        r.varint()?;
        r.varint()?;
        let literal = usize::try_from(r.varint()?).map_err(|_| Damaged)?;
        r.take(literal)?;
    }
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Archive;

    /// Resident kilobytes of this process's mappings of `path` (/proc/self/smaps).
    #[cfg(target_os = "linux")]
    fn resident_kb(path: &Path) -> u64 {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
        let name = path.to_string_lossy();
        let mut inside = false;
        let mut kb = 0;
        for line in smaps.lines() {
            if line.contains(" /") || line.ends_with(']') || line.split_whitespace().count() == 5 {
                inside = line.ends_with(&*name);
            } else if inside && line.starts_with("Rss:") {
                kb += line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
            }
        }
        kb
    }

    /// Finding an archive file's lines, to write its cache, lets go of its pages as it
    /// goes: the whole file stayed counted against the process before (the 541 MB archive
    /// took the window's first opening from 1.2 to 1.7 GB; this test saw all 26 MB resident).
    #[cfg(target_os = "linux")]
    #[test]
    fn an_archive_file_read_for_its_lines_is_let_go() {
        let sample = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt"),
        )
        .expect("sample");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sample-x500.txt");
        std::fs::write(&path, sample.repeat(500)).expect("written");
        let source = Source::open(&path).expect("maps");
        assert_eq!(
            source.starts().len(),
            sample.iter().filter(|&&b| b == b'\n').count() * 500 + 1
        );
        let kb = resident_kb(&path);
        assert!(
            kb < 4096,
            "{kb} kB of the {} MB file resident",
            (sample.len() * 500) >> 20
        );
        assert!(source.lines().position(2, 0).is_some());
        source.forget();
        assert!(resident_kb(&path) < 64);
    }

    /// Shared starts of every length around the step, differing at every place.
    #[test]
    fn common_prefixes_are_counted_to_the_byte() {
        let a: Vec<u8> = (0..200u8).collect();
        for len in [0, 1, 31, 32, 33, 64, 95, 200] {
            assert_eq!(common_prefix(&a[..len], &a), len);
            assert_eq!(common_prefix(&a, &a[..len]), len);
            for at in 0..len {
                let mut b = a[..len].to_vec();
                b[at] ^= 1;
                assert_eq!(common_prefix(&a, &b), at, "{len} {at}");
            }
        }
    }

    /// The sample's texts come back byte for byte from a small part of what they weigh.
    #[test]
    fn texts_are_sliced_from_the_archive_file() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
        let archive = Archive::load(std::slice::from_ref(&path)).expect("sample loads");
        let source = Source::open(&path).expect("sample maps");
        let (mut text, mut stored) = (0, 0);
        for r in &archive.releases {
            let mut w = Writer::default();
            let (from, to) = encode(&mut w, &r.text, &r.spans, Some(&source.lines()));
            let whole = source.map.get(..).expect("bytes");
            let part = whole.get(from as usize..to as usize).expect("in the file");
            let back = decode(&mut Reader::new(&w.out), part, from).expect("decodes");
            assert_eq!(back, r.text, "{}", r.id);
            text += r.text.len();
            stored += w.out.len();
        }
        assert!(text > 10_000);
        assert!(
            stored * 5 < text,
            "{stored} bytes stored for {text} of text"
        );
        // Without the file, the text is stored whole.
        let r = &archive.releases[0];
        let mut w = Writer::default();
        assert_eq!(encode(&mut w, &r.text, &r.spans, None), (0, 0));
        assert_eq!(
            decode(&mut Reader::new(&w.out), &[], 0).expect("decodes"),
            r.text
        );
        assert!(w.out.len() > r.text.len());
    }
}
