//! Tag pages read straight from memory-mapped files, in pieces parsed on every core and
//! handed over in file order: for the command line, which prints releases as they come and
//! answers one query without holding (or building) the whole archive.
//!
//! Gives exactly the releases, ids and warnings of [`Archive::load`](super::Archive::load);
//! anything it does not handle the same way (folders, other formats, UTF-16, classic Mac
//! line ends, bytes that are not UTF-8, files without entries) it declines, and the caller
//! loads the archive the usual way.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use memmap2::Mmap;

use super::decode::{is_classic_mac, is_utf16, sniff};
use super::formats::{detect, Detected, HEAD};
use super::ids::TagPageIds;
use super::parser::{entry_text, ChunkParser, Detail, EntryHead};
use super::{Format, Release, SourceFile, Warning, MAX_FILE_BYTES};

/// Pieces are about this large: small enough that the few parsed ahead of the printer cost
/// little memory, large enough that handing them over costs nothing.
const PIECE: usize = 4 * 1024 * 1024;

/// Parsed pieces waiting to be handed over, per thread: bounds the memory held ahead.
const AHEAD_PER_THREAD: usize = 2;

/// Tag-page files, mapped into memory.
pub struct TagPages {
    files: Vec<(PathBuf, Mmap)>,
    /// [`PIECE`], smaller in tests.
    piece: usize,
}

/// A piece of one file's text, starting at an entry line (or the file's start).
#[derive(Debug, Clone, Copy)]
pub struct Piece<'a> {
    /// Index into the files.
    pub file: usize,
    pub text: &'a str,
    /// Byte offset of `text` in its file.
    pub offset: usize,
}

/// The files' text, checked to be UTF-8, in pieces.
pub struct Pieces<'a> {
    pub pieces: Vec<Piece<'a>>,
}

/// The files' bytes in pieces, not yet checked to be UTF-8: each is checked on the thread
/// that reads it, while it is in the cache, for a reader that prints nothing before it has
/// read every piece (search).
pub struct RawPieces<'a> {
    /// The file's index, the piece's offset in it, and its bytes.
    pieces: Vec<(usize, usize, &'a [u8])>,
}

impl<'a> RawPieces<'a> {
    /// Piece `i` as text, if its bytes are UTF-8.
    fn text(&self, i: usize) -> Option<Piece<'a>> {
        let &(file, offset, bytes) = self.pieces.get(i)?;
        let text = simdutf8::basic::from_utf8(bytes).ok()?;
        Some(Piece { file, text, offset })
    }
}

impl TagPages {
    /// Maps `paths`, if each is a plain file holding a UTF-8 tag page with at least one
    /// entry; `None` otherwise (the caller then reads them with `Archive::load`).
    pub fn open(paths: &[PathBuf]) -> Option<TagPages> {
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            files.push((path.clone(), map_tag_page(path)?));
        }
        Some(TagPages {
            files,
            piece: PIECE,
        })
    }

    /// Cuts pieces of about `bytes` (tests cross many piece boundaries with small ones).
    #[doc(hidden)]
    pub fn with_piece_size(mut self, bytes: usize) -> TagPages {
        self.piece = bytes.max(1);
        self
    }

    pub fn files(&self) -> Vec<SourceFile> {
        self.files
            .iter()
            .map(|(path, map)| SourceFile {
                path: path.clone(),
                bytes: map.len() as u64,
            })
            .collect()
    }

    /// The bytes in pieces, each starting at an entry line, not checked yet.
    pub fn raw_pieces(&self) -> RawPieces<'_> {
        let mut raw: Vec<(usize, usize, &[u8])> = Vec::new();
        for (file, (_, map)) in self.files.iter().enumerate() {
            let bytes: &[u8] = map;
            raw.extend(
                split(bytes, self.piece)
                    .into_iter()
                    .map(|r| (file, r.start, &bytes[r])),
            );
        }
        RawPieces { pieces: raw }
    }

    /// The text in pieces, checked on every core; `None` if some byte is not UTF-8.
    pub fn pieces(&self) -> Option<Pieces<'_>> {
        let raw = self.raw_pieces().pieces;
        let mut pieces = Vec::with_capacity(raw.len());
        let mut valid = true;
        in_order(
            raw.len(),
            |i| {
                raw.get(i)
                    .and_then(|&(_, _, b)| simdutf8::basic::from_utf8(b).ok())
            },
            |i, text| {
                match (text, raw.get(i)) {
                    (Some(text), Some(&(file, offset, _))) => {
                        pieces.push(Piece { file, text, offset })
                    }
                    _ => valid = false,
                }
                valid
            },
        );
        valid.then_some(Pieces { pieces })
    }
}

/// Maps one file if it is a UTF-8 tag page with an entry.
fn map_tag_page(path: &Path) -> Option<Mmap> {
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() == 0 || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    // SAFETY: the map is only read. If another program truncates the file while it is
    // read, the process stops with SIGBUS (as ripgrep, which maps files too, may); a file
    // rewritten in place may be read half old, half new, as `read` would read it.
    let map = unsafe { Mmap::map(&file) }.ok()?;
    let head = &map[..map.len().min(HEAD)];
    if !matches!(detect(path, head), Detected::Archive(Format::TagPage))
        || is_utf16(&map)
        || is_classic_mac(&map)
        || sniff(&map, path).is_err()
        || !has_entry(&map)
    {
        return None;
    }
    Some(map)
}

/// Whether some line is an entry line (every file must give a release).
fn has_entry(bytes: &[u8]) -> bool {
    entry_starts(bytes, true).next().is_some()
}

/// Byte offsets of the entry lines' starts in `bytes` (a piece of a file starting at a line
/// start; `file_start` if it is the file's start, whose first line may hold a BOM).
pub(crate) fn entry_starts(bytes: &[u8], file_start: bool) -> impl Iterator<Item = usize> + '_ {
    memchr::memmem::find_iter(bytes, "•".as_bytes()).filter_map(move |at| {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        // Only a few indent characters may come before the bullet.
        if at - start > 8 {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = std::str::from_utf8(&bytes[start..end]).ok()?;
        entry_text(line, start == 0 && file_start).map(|_| start)
    })
}

/// Cuts a file's bytes into pieces of about `piece` bytes, each starting at an entry line
/// (`\n  • `) so that pieces parse on their own; cuts fall after a newline, so valid UTF-8
/// stays valid in every piece.
fn split(bytes: &[u8], piece: usize) -> Vec<Range<usize>> {
    let finder = memchr::memmem::Finder::new("\n  \u{2022} ");
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let from = start + piece;
        let cut = if from >= bytes.len() {
            bytes.len()
        } else {
            finder
                .find(&bytes[from..])
                .map_or(bytes.len(), |i| from + i + 1)
        };
        out.push(start..cut);
        start = cut;
    }
    out
}

/// One piece parsed to `detail`: its releases (line numbers still relative to the piece).
pub(crate) fn parse_piece(piece: &Piece<'_>, detail: Detail) -> super::parser::Chunk {
    let mut chunk = ChunkParser::with_detail(piece.file, detail).parse(piece.text);
    // An outline has no text to index.
    if !matches!(detail, Detail::Outline { .. }) {
        for r in &mut chunk.releases {
            r.index_long_lines();
        }
    }
    chunk
}

impl Pieces<'_> {
    /// Hands `each` every release, in order, with its id, line numbers and section as
    /// `Archive::load` gives them, parsing ahead on every core; stops early when `each`
    /// returns false. Returns the warnings, sorted.
    pub fn releases(&self, each: impl FnMut(&[Release]) -> bool) -> Vec<Warning> {
        self.releases_in(Detail::Full, each)
    }

    /// [`Self::releases`] without their text: each release has its title, kind, date,
    /// department, section, line and id, and with `speakers` the people quoted, but no text,
    /// blocks or source map. The warnings are those of the full parse. Several times faster,
    /// for `inspect`, which prints no more than that.
    pub fn outlines(&self, speakers: bool, each: impl FnMut(&[Release]) -> bool) -> Vec<Warning> {
        self.releases_in(Detail::Outline { speakers }, each)
    }

    fn releases_in(
        &self,
        detail: Detail,
        mut each: impl FnMut(&[Release]) -> bool,
    ) -> Vec<Warning> {
        let mut ids = TagPageIds::default();
        let mut warnings = Vec::new();
        let mut base: u32 = 0;
        let mut file = usize::MAX;
        let mut section: Option<Arc<str>> = None;
        in_order(
            self.pieces.len(),
            |i| self.pieces.get(i).map(|p| parse_piece(p, detail)),
            |i, chunk| {
                let (Some(mut chunk), Some(piece)) = (chunk, self.pieces.get(i)) else {
                    return false;
                };
                if piece.file != file {
                    file = piece.file;
                    base = 0;
                    section = None;
                }
                for (k, r) in chunk.releases.iter_mut().enumerate() {
                    r.line += base;
                    for s in &mut r.spans {
                        s.line += base;
                    }
                    if k < chunk.inherited {
                        if let Some(sec) = &section {
                            r.section = sec.clone();
                        }
                    }
                    r.id = ids.next(&r.title, r.date);
                }
                for w in &mut chunk.warnings {
                    w.line += base;
                    w.file = file;
                }
                if chunk.last_section.is_some() {
                    section = chunk.last_section.take();
                }
                base += chunk.newlines;
                warnings.append(&mut chunk.warnings);
                each(&chunk.releases)
            },
        );
        warnings.sort();
        warnings
    }
}

/// Works out `work(i)` for `i` in `0..n` on every core and hands each result to `take` in
/// order of `i`, on the calling thread, as soon as it and those before it are ready. At most
/// a few results wait at a time. Stops when `take` returns false.
pub(crate) fn in_order<T: Send>(
    n: usize,
    work: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(usize, T) -> bool,
) {
    let threads = std::thread::available_parallelism()
        .map(|t| t.get())
        .unwrap_or(1)
        .min(n);
    if threads <= 1 {
        for i in 0..n {
            if !take(i, work(i)) {
                return;
            }
        }
        return;
    }
    struct State<T> {
        slots: Vec<Option<std::thread::Result<T>>>,
        /// The next index a worker takes.
        next: usize,
        /// Indices below this have been handed over.
        taken: usize,
    }
    let state = Mutex::new(State {
        slots: (0..n).map(|_| None).collect(),
        next: 0,
        taken: 0,
    });
    let changed = Condvar::new();
    let ahead = threads * AHEAD_PER_THREAD;
    let worker = || loop {
        let i = {
            let Ok(mut s) = state.lock() else { return };
            while s.next < n && s.next >= s.taken + ahead {
                s = match changed.wait(s) {
                    Ok(s) => s,
                    Err(_) => return,
                };
            }
            if s.next >= n {
                return;
            }
            s.next += 1;
            s.next - 1
        };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(i)));
        if let Ok(mut s) = state.lock() {
            if let Some(slot) = s.slots.get_mut(i) {
                *slot = Some(result);
            }
        }
        changed.notify_all();
    };
    /// Lets the workers go however the consumer stops: done, told to stop, or unwinding
    /// from a panic (they would otherwise wait for it for ever).
    struct LetGo<'s, T> {
        state: &'s Mutex<State<T>>,
        changed: &'s Condvar,
        n: usize,
    }
    impl<T> Drop for LetGo<'_, T> {
        fn drop(&mut self) {
            if let Ok(mut s) = self.state.lock() {
                s.next = self.n;
            }
            self.changed.notify_all();
        }
    }
    std::thread::scope(|scope| {
        let _let_go = LetGo {
            state: &state,
            changed: &changed,
            n,
        };
        let spawned = (0..threads)
            .filter(|t| {
                std::thread::Builder::new()
                    .name(format!("parse-{t}"))
                    .spawn_scoped(scope, worker)
                    .is_ok()
            })
            .count();
        if spawned == 0 {
            // No thread could be started: the work is done here.
            for i in 0..n {
                if !take(i, work(i)) {
                    return;
                }
            }
            return;
        }
        for i in 0..n {
            let result = {
                let Ok(mut s) = state.lock() else { return };
                loop {
                    if let Some(r) = s.slots.get_mut(i).and_then(Option::take) {
                        s.taken = i + 1;
                        break r;
                    }
                    s = match changed.wait(s) {
                        Ok(s) => s,
                        Err(_) => return,
                    };
                }
            };
            changed.notify_all();
            match result {
                Ok(value) => {
                    if !take(i, value) {
                        return;
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
}

/// What one piece gave [`Pieces::select`].
struct Selected<T> {
    /// Where each entry line starts in the piece.
    starts: Vec<usize>,
    /// FNV-1a of each entry's title.
    titles: Vec<u64>,
    /// Entries kept: index in `starts`, the release (line relative to the piece), and what
    /// `keep` said of it.
    kept: Vec<(usize, Release, T)>,
    newlines: u32,
}

/// Newlines in `bytes`. (memchr counts 32 bytes at a time; the compiler's vectorized
/// `filter().count()` took four at a time and was a fifth of `search`'s time.)
fn count_newlines(bytes: &[u8]) -> u32 {
    let n = memchr::memchr_iter(b'\n', bytes).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Piece<'_> {
    /// The text of entry `k` of `starts`: from its entry line to the next entry line.
    fn entry(&self, starts: &[usize], k: usize) -> &str {
        let start = starts.get(k).copied().unwrap_or(self.text.len());
        let end = starts.get(k + 1).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("")
    }

    /// Parses the release of entry `k` on its own to `detail` (line numbers relative to its
    /// entry line).
    fn parse_entry(&self, starts: &[usize], k: usize, detail: Detail) -> Option<Release> {
        let mut chunk = ChunkParser::with_detail(self.file, detail).parse(self.entry(starts, k));
        if chunk.releases.is_empty() {
            return None;
        }
        let mut r = chunk.releases.swap_remove(0);
        r.index_long_lines();
        Some(r)
    }
}

fn title_hash(piece: &Piece<'_>, start: usize) -> u64 {
    let rest = piece.text.get(start..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    let entry = entry_text(line, start == 0 && piece.offset == 0).unwrap_or("");
    super::fnv1a(&[EntryHead::read(0, entry).title().as_bytes()])
}

impl RawPieces<'_> {
    /// The releases that `keep` keeps, in order, each with what it said of it, as
    /// `Archive::load` gives them (ids, lines; not their sections, and without their text,
    /// blocks or source map, which `keep` has read), parsing only the entries
    /// `candidates` picks: given a piece's text and where its entry lines start, the indices
    /// (sorted) of the entries that may be kept. `None` if some piece is not UTF-8 (the
    /// caller then loads the archive the usual way). For the command line's search, which
    /// parses only the releases holding its words.
    pub(crate) fn select<T: Send>(
        &self,
        candidates: impl Fn(&str, &[usize]) -> Vec<usize> + Sync,
        keep: impl Fn(&Release) -> Option<T> + Sync,
    ) -> Option<Vec<(Release, T)>> {
        let mut parts: Vec<Selected<T>> = Vec::with_capacity(self.pieces.len());
        in_order(
            self.pieces.len(),
            |i| {
                let piece = &self.text(i)?;
                let bytes = piece.text.as_bytes();
                let starts: Vec<usize> = entry_starts(bytes, piece.offset == 0).collect();
                let titles = starts.iter().map(|&s| title_hash(piece, s)).collect();
                let mut kept = Vec::new();
                let (mut at, mut lines) = (0usize, 0u32);
                for k in candidates(piece.text, &starts) {
                    let Some(&start) = starts.get(k) else {
                        continue;
                    };
                    lines += count_newlines(bytes.get(at..start).unwrap_or(&[]));
                    at = start;
                    let Some(mut r) = piece.parse_entry(&starts, k, Detail::Text) else {
                        continue;
                    };
                    if let Some(t) = keep(&r) {
                        // What `keep` took from the text is all that is wanted of it: the
                        // texts of most releases would otherwise be held to the end.
                        r.text = Default::default();
                        r.blocks = Default::default();
                        r.spans = Default::default();
                        shift_lines(&mut r, lines);
                        kept.push((k, r, t));
                    }
                }
                let newlines = lines + count_newlines(bytes.get(at..).unwrap_or(&[]));
                Some(Selected {
                    starts,
                    titles,
                    kept,
                    newlines,
                })
            },
            |_, part| match part {
                Some(part) => {
                    parts.push(part);
                    true
                }
                None => false,
            },
        );
        if parts.len() < self.pieces.len() {
            // A piece that is not UTF-8 stopped the reading.
            return None;
        }
        // Line numbers: each piece's from the newlines before it in its file.
        let mut base = 0u32;
        let mut file = usize::MAX;
        for (&(piece_file, _, _), part) in self.pieces.iter().zip(parts.iter_mut()) {
            if piece_file != file {
                file = piece_file;
                base = 0;
            }
            for (_, r, _) in &mut part.kept {
                shift_lines(r, base);
            }
            base += part.newlines;
        }
        // Ids: a release's id counts the earlier releases of its title and date, so only
        // entries of the kept releases' titles take part (parsed here if not kept).
        let wanted: std::collections::HashSet<u64> = parts
            .iter()
            .flat_map(|p| p.kept.iter().map(|&(k, _, _)| p.titles.get(k).copied()))
            .flatten()
            .collect();
        let mut ids = TagPageIds::default();
        let mut out = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            // Checked again only where an entry must be read again (rare).
            let mut piece: Option<Option<Piece<'_>>> = None;
            let mut kept = part.kept.into_iter().peekable();
            for (k, title) in part.titles.iter().enumerate() {
                if !wanted.contains(title) {
                    continue;
                }
                match kept.next_if(|(j, _, _)| *j == k) {
                    Some((_, mut r, t)) => {
                        r.id = ids.next(&r.title, r.date);
                        out.push((r, t));
                    }
                    None => {
                        // Only its title and date count.
                        let outline = Detail::Outline { speakers: false };
                        let piece = piece.get_or_insert_with(|| self.text(i));
                        let entry = piece
                            .as_ref()
                            .and_then(|p| p.parse_entry(&part.starts, k, outline));
                        if let Some(r) = entry {
                            ids.next(&r.title, r.date);
                        }
                    }
                }
            }
        }
        Some(out)
    }
}

/// Moves a release's line numbers `by` lines down.
fn shift_lines(r: &mut Release, by: u32) {
    r.line += by;
    for s in &mut r.spans {
        s.line += by;
    }
}
