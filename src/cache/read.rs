//! Reading a memory-mapped cache file: the whole archive, or only what one search needs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use memmap2::Mmap;

use super::codec::{checksum, Damaged, Decoded, Reader};
use super::files::ArchiveFiles;
use super::gather::Gather;
use super::in_order::{Ended, InOrder, Stopped};
use super::lazy::Mapped;
use super::pieces::Pieces;
use super::record::{Described, Record, Stretches};
use super::write::{
    HEADER, KEY, MAGIC, META, OFFSETS, OFFSET_ENTRY, POSTINGS, RELEASES, SECTIONS, TERMS,
    TERM_ENTRY,
};
use super::Key;
use crate::archive::{
    Archive, Block, Format, Kind, LineSpan, Release, ReleaseParts, ReleaseText, SourceFile,
    Speaker, Warning,
};
use crate::search::{
    releases_in_postings, Candidate, Hit, MappedTerm, Posted, Query, Scanner, SearchIndex,
    SharedBytes, Stale,
};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// An open, memory-mapped cache file whose header and key have been checked.
pub struct CacheFile {
    map: Arc<Mmap>,
    /// The file mapped (the same file even if another process has since replaced the one at
    /// `path`): a search reads its records with `pread` rather than through the map.
    file: File,
    pub path: PathBuf,
    /// The file's size in bytes.
    pub size: u64,
    table: [(u64, u64, u64); SECTIONS],
}

/// A release that matched, with its hits.
pub type Found = (Release, Vec<Hit>);

/// One hit as the command line prints it.
#[derive(Debug, Clone, Copy)]
pub struct HitLine<'a> {
    /// The release's id.
    pub release: &'a str,
    /// Its archive file, as an index into [`Meta::files`].
    pub file: usize,
    pub line: u32,
    pub column: u32,
    /// The sentence around the hit, as it is in the text.
    pub sentence: &'a str,
}

/// Texts read whole because a stretch was too short (tests look).
#[cfg(test)]
static WHOLE_READ: AtomicUsize = AtomicUsize::new(0);

/// Candidates read together: their records and texts (about 200 KB for the 541 MB
/// archive's) stay in a core's cache until used.
const FEW: usize = 32;

/// What a search's thread reads into, kept from run to run.
#[derive(Default)]
struct Scratch {
    records: Gather,
    texts: Gather,
    offsets: Vec<usize>,
    wanted: Vec<std::ops::Range<usize>>,
    /// Each candidate's text's pieces.
    pieces: Vec<Pieces>,
    /// The stretches of a candidate's text, one after the other.
    text: Vec<u8>,
}

/// A record's whole text, read (when a stretch of it was too short for an answer).
fn whole_text(record: &Record<'_>, files: &ArchiveFiles, buf: &mut Vec<u8>) -> Decoded<String> {
    #[cfg(test)]
    WHOLE_READ.fetch_add(1, Ordering::Relaxed);
    let (a, b) = record.source;
    record.whole_text(files.read((record.file, a, b), buf)?)
}

/// What the metadata section holds.
pub struct Meta {
    pub files: Vec<SourceFile>,
    pub warnings: Vec<Warning>,
    pub releases: usize,
    /// Each archive file's size when texts were sliced from it (`None`: not used).
    sources: Vec<Option<u64>>,
}

impl Meta {
    /// Each archive file's path and, where texts are sliced from it, its size.
    pub(super) fn file_sizes(&self) -> impl Iterator<Item = (&Path, Option<u64>)> {
        self.files
            .iter()
            .zip(&self.sources)
            .map(|(f, s)| (f.path.as_path(), *s))
    }
}

/// The archive files, mapped, that texts are sliced from (for a search, which reads a few).
struct Sources(Vec<Option<Mmap>>);

impl Sources {
    fn get(&self, (file, from, to): (usize, u64, u64)) -> Decoded<&[u8]> {
        if from == to {
            return Ok(&[]);
        }
        let map = self.0.get(file).and_then(Option::as_ref).ok_or(Damaged)?;
        let from = usize::try_from(from).map_err(|_| Damaged)?;
        let to = usize::try_from(to).map_err(|_| Damaged)?;
        map.get(from..to).ok_or(Damaged)
    }
}

/// The archive files read a window at a time (for the whole archive): reading copies from
/// the page cache without mapping, so the file's pages never count against this process's
/// memory beside the texts made from them.
struct Windows<'m> {
    meta: &'m Meta,
    files: Vec<Option<File>>,
    /// File, offset and bytes of the current window.
    window: (usize, u64, Vec<u8>),
}

/// How much of an archive file is read at once.
const WINDOW: u64 = 4 << 20;

impl<'m> Windows<'m> {
    fn new(meta: &'m Meta) -> Windows<'m> {
        Windows {
            meta,
            files: meta.files.iter().map(|_| None).collect(),
            window: (usize::MAX, 0, Vec::new()),
        }
    }

    fn get(&mut self, (file, from, to): (usize, u64, u64)) -> Decoded<&[u8]> {
        if from == to {
            return Ok(&[]);
        }
        let (f, base, bytes) = &self.window;
        let inside = *f == file && from >= *base && to <= base + bytes.len() as u64;
        if !inside {
            let size = self
                .meta
                .sources
                .get(file)
                .copied()
                .flatten()
                .ok_or(Damaged)?;
            if to > size {
                return Err(Damaged);
            }
            let slot = self.files.get_mut(file).ok_or(Damaged)?;
            if slot.is_none() {
                let path = &self.meta.files.get(file).ok_or(Damaged)?.path;
                let opened = File::open(path).map_err(|_| Damaged)?;
                if opened.metadata().map_err(|_| Damaged)?.len() != size {
                    return Err(Damaged);
                }
                *slot = Some(opened);
            }
            let handle = slot.as_mut().ok_or(Damaged)?;
            let len = (to - from).max(WINDOW).min(size - from);
            let buf = &mut self.window.2;
            buf.resize(usize::try_from(len).map_err(|_| Damaged)?, 0);
            handle.seek(SeekFrom::Start(from)).map_err(|_| Damaged)?;
            handle.read_exact(buf).map_err(|_| Damaged)?;
            self.window.0 = file;
            self.window.1 = from;
        }
        let (_, base, bytes) = &self.window;
        let s = usize::try_from(from - base).map_err(|_| Damaged)?;
        let e = usize::try_from(to - base).map_err(|_| Damaged)?;
        bytes.get(s..e).ok_or(Damaged)
    }
}

impl CacheFile {
    /// The cache for `key` in `dir`, if there is one, whole and made for exactly this key.
    pub fn open(dir: &Path, key: &Key) -> Option<CacheFile> {
        let path = dir.join(&key.name);
        let file = File::open(&path).ok()?;
        let map = super::text::map_file(&file).ok()?;
        let size = map.len() as u64;
        let table = parse_header(map.get(..HEADER)?, size).ok()?;
        let cache = CacheFile {
            map: Arc::new(map),
            file,
            path,
            size,
            table,
        };
        (cache.checked(KEY).ok()? == key.bytes).then_some(cache)
    }

    /// Where a section lies in the file.
    fn range(&self, s: usize) -> Decoded<std::ops::Range<usize>> {
        let (offset, len, _) = *self.table.get(s).ok_or(Damaged)?;
        let start = usize::try_from(offset).map_err(|_| Damaged)?;
        let end = start
            .checked_add(usize::try_from(len).map_err(|_| Damaged)?)
            .ok_or(Damaged)?;
        Ok(start..end)
    }

    /// A section's bytes, where they lie.
    fn bytes(&self, s: usize) -> Decoded<&[u8]> {
        self.map.get(self.range(s)?).ok_or(Damaged)
    }

    /// A section checksummed whole, checked.
    fn checked(&self, s: usize) -> Decoded<&[u8]> {
        let bytes = self.bytes(s)?;
        let (_, _, sum) = *self.table.get(s).ok_or(Damaged)?;
        if checksum(bytes) != sum {
            return Err(Damaged);
        }
        Ok(bytes)
    }

    pub fn meta(&self) -> Decoded<Meta> {
        let mut r = Reader::new(self.checked(META)?);
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
        let mut sources = Vec::with_capacity(files.len());
        for _ in 0..files.len() {
            let size = r.u64()?;
            sources.push((size != u64::MAX).then_some(size));
        }
        if !r.at_end() {
            return Err(Damaged);
        }
        Ok(Meta {
            files,
            warnings,
            releases,
            sources,
        })
    }

    /// Maps the archive files texts are sliced from; each must have the size it had.
    fn sources(meta: &Meta) -> Decoded<Sources> {
        let mut out = Vec::with_capacity(meta.files.len());
        for (file, size) in meta.files.iter().zip(&meta.sources) {
            let Some(size) = size else {
                out.push(None);
                continue;
            };
            let map = super::text::map(&file.path).map_err(|_| Damaged)?;
            if map.len() as u64 != *size {
                return Err(Damaged);
            }
            out.push(Some(map));
        }
        Ok(Sources(out))
    }

    /// Release `i`'s record and its checksum.
    fn record(&self, i: usize) -> Decoded<(&[u8], u64)> {
        record_at(self.bytes(OFFSETS)?, self.bytes(RELEASES)?, i)
    }

    /// The whole archive, every record checked; decoded on every core.
    pub fn archive(&self) -> Decoded<Archive> {
        self.read_archive(Depth::Whole)
    }

    /// The whole archive, every record checked, each release's text left in the mapped
    /// archive file and put together when first read (checked against its checksum then):
    /// for the window, which reads a few texts at a time.
    pub fn archive_in_place(&self) -> Decoded<Archive> {
        self.read_archive(Depth::TextsInPlace)
    }

    /// The whole archive as [`Self::archive_in_place`] gives it, but each release's
    /// speakers, blocks and spans also left in the cache until first read (checked again
    /// then); and the search index as [`Self::index`] gives it, read together: the index
    /// is one more piece of work shared out with the runs of releases. For the window,
    /// which needs the list and the index before it can show the archive and answer a
    /// search, and the rest of a release only when it is read.
    pub fn archive_and_index_in_place(&self) -> Decoded<(Archive, SearchIndex)> {
        let (archive, index) = self.read_archive_with(Depth::ForTheWindow)?;
        Ok((archive, index.ok_or(Damaged)??))
    }

    /// Decodes now the speakers [`Self::archive_and_index_in_place`] left in this cache
    /// (every release's, for a filter by speaker or a search for similar releases), the
    /// records' pages leaving this process's memory again as they are read.
    pub fn read_speakers_ahead(&self, archive: &Archive) {
        let Ok(records) = self.range(RELEASES) else {
            return;
        };
        for run in archive.releases.chunks(4096) {
            for r in run {
                let _ = r.speakers.len();
            }
            self.forget(records.start, records.end);
        }
    }

    fn read_archive(&self, depth: Depth) -> Decoded<Archive> {
        self.read_archive_with(depth).map(|(archive, _)| archive)
    }

    /// Every release, decoded in runs that the cores claim in turn (a core busy with other
    /// work, such as making the window, takes fewer of them), each run written straight
    /// into its place in the archive's list; and, when asked, the search index.
    fn read_archive_with(&self, depth: Depth) -> Decoded<(Archive, Option<Decoded<SearchIndex>>)> {
        let with_index = depth == Depth::ForTheWindow;
        let meta = self.meta()?;
        let n = meta.releases;
        if self.bytes(OFFSETS)?.len() != n.checked_mul(OFFSET_ENTRY).ok_or(Damaged)? {
            return Err(Damaged);
        }
        let threads = crate::threads::workers();
        let mut releases = vec![placeholder(); n];
        let per = n.div_ceil(threads * RUNS_PER_THREAD).max(1);
        let runs = std::sync::Mutex::new(releases.chunks_mut(per).enumerate());
        let index = std::sync::Mutex::new(with_index.then_some(Err(Damaged)));
        let index_wanted = AtomicBool::new(with_index);
        let failed = AtomicBool::new(false);
        // One bound for the stretches searches keep, whichever handle read them.
        let kept = Arc::new(crate::archive::Kept::new(super::lazy::KEPT));
        let work = || -> Decoded<()> {
            if index_wanted.swap(false, Ordering::Relaxed) {
                let built = self.index(n);
                *index.lock().map_err(|_| Damaged)? = Some(built);
            }
            // Each core's lazy texts share their own handle on the files: 100,000 texts
            // counting references to one would bounce it between the cores.
            let mapped = match depth {
                Depth::Whole => None,
                Depth::TextsInPlace | Depth::ForTheWindow => Some(Arc::new(Mapped::new(
                    self.map.clone(),
                    &meta,
                    self.range(OFFSETS)?,
                    self.range(RELEASES)?,
                    kept.clone(),
                )?)),
            };
            let parts: Option<Arc<dyn ReleaseParts>> = match (depth, &mapped) {
                (Depth::ForTheWindow, Some(m)) => Some(m.clone()),
                _ => None,
            };
            let mut windows = Windows::new(&meta);
            while !failed.load(Ordering::Relaxed) {
                let next = runs.lock().map_err(|_| Damaged)?.next();
                let Some((k, slots)) = next else {
                    break;
                };
                let first = k * per;
                let read =
                    self.releases_into(slots, first, &mut windows, mapped.as_ref(), parts.as_ref());
                if read.is_err() {
                    failed.store(true, Ordering::Relaxed);
                    return read;
                }
            }
            Ok(())
        };
        let worked: Decoded<()> = std::thread::scope(|s| {
            let work = &work;
            let handles: Vec<_> = (1..threads.min(n.div_ceil(per)))
                .map(|_| s.spawn(work))
                .collect();
            let mut all = work();
            for h in handles {
                all = all.and(h.join().unwrap_or(Err(Damaged)));
            }
            all
        });
        worked?;
        if failed.load(Ordering::Relaxed) {
            return Err(Damaged);
        }
        let index = index.into_inner().map_err(|_| Damaged)?;
        Ok((
            Archive {
                files: meta.files,
                releases,
                warnings: meta.warnings,
            },
            index,
        ))
    }

    /// Decodes releases `first..` into `slots`, in order; their texts left in place when
    /// `mapped` is given, else read through `windows`; their lists left to `parts` when
    /// given.
    fn releases_into(
        &self,
        slots: &mut [Release],
        first: usize,
        windows: &mut Windows<'_>,
        mapped: Option<&Arc<Mapped>>,
        parts: Option<&Arc<dyn ReleaseParts>>,
    ) -> Decoded<()> {
        let mut section = None;
        let mut span = None;
        for (i, slot) in (first..).zip(slots.iter_mut()) {
            let (record, sum) = self.record(i)?;
            let at = record.as_ptr() as usize - self.map.as_ptr() as usize;
            let lazy = parts.map(|p| (p, i));
            *slot = match mapped {
                Some(mapped) => decode_release(record, sum, &mut section, lazy, |r, s| {
                    mapped.lazy(r, at + record.len(), s)
                })?,
                None => decode_release(record, sum, &mut section, lazy, |r, s| {
                    Ok(super::text::decode(r, windows.get(s)?, s.1)?.into())
                })?,
            };
            let from = span.map_or(at, |(from, _)| from);
            span = Some((from, at + record.len()));
        }
        // The records read are not needed again: their pages leave this process's memory.
        if let Some((from, to)) = span {
            self.forget(from, to);
        }
        Ok(())
    }

    /// Drops the mapped pages of `from..to` from this process's memory.
    fn forget(&self, from: usize, to: usize) {
        super::text::forget(&self.map, from, to);
    }

    /// Every match of `query`, reading only the posting lists of its words and the
    /// releases that hold them all: the same hits as a search of the whole archive.
    pub fn search(&self, query: &Query) -> Decoded<(Meta, Vec<Found>)> {
        let meta = self.meta()?;
        let candidates = self.candidates(query)?;
        let mut out = Vec::new();
        if candidates.is_empty() {
            return Ok((meta, out));
        }
        let sources = Self::sources(&meta)?;
        let scanner = Scanner::new(query);
        // Candidates are read and scanned on every core, in order.
        let threads = crate::threads::workers();
        let per = candidates.len().div_ceil(threads).max(1);
        let parts: Vec<Decoded<Vec<Found>>> = std::thread::scope(|s| {
            let (sources, scanner) = (&sources, &scanner);
            let handles: Vec<_> = candidates
                .chunks(per)
                .map(|part| {
                    s.spawn(move || {
                        let mut found = Vec::new();
                        let mut section = None;
                        for &r in part {
                            let (record, sum) = self.record(r as usize)?;
                            let release =
                                decode_release(record, sum, &mut section, None, |r, s| {
                                    Ok(super::text::decode(r, sources.get(s)?, s.1)?.into())
                                })?;
                            if let Some(hits) = scanner.hits(&release.text) {
                                found.push((release, hits));
                            }
                        }
                        Ok(found)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(Err(Damaged)))
                .collect()
        });
        for part in parts {
            out.extend(part?);
        }
        Ok((meta, out))
    }

    /// Every hit of `query`, found from its words' posting offsets: only the records of the
    /// releases holding every word are read, and of their texts only the parts around the
    /// hits; the hits, positions and sentences a search of the whole archive gives. The
    /// releases are shared out in runs to every core: `start` makes a run's output, `each`
    /// adds a hit to it, and `emit` hands the outputs on in release order as soon as they
    /// are ready (and leaves each empty, to be filled again). A damaged cache, or an archive
    /// file that no longer holds the words the cache says, stops it: every hit of the
    /// releases before the one it stopped at was handed on, none after.
    pub fn each_hit<S: Send, E: Send>(
        &self,
        meta: &Meta,
        query: &Query,
        start: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, &HitLine<'_>) + Sync,
        emit: impl FnMut(&mut S) -> Result<(), E> + Send,
    ) -> Result<(), Stopped<E>> {
        let nothing = || Stopped::Cache { from: None };
        let table =
            TermTable::new(self.bytes(TERMS).map_err(|_| nothing())?).map_err(|_| nothing())?;
        let postings = self.bytes(POSTINGS).map_err(|_| nothing())?;
        let mut buf = Vec::new();
        let posted = Posted::new(query, |token| {
            let Some(e) = table.find(token, &mut buf)? else {
                return Ok(None);
            };
            let data = postings.get(e.range()?).ok_or(Damaged)?;
            if checksum(data) != e.sum {
                return Err(Damaged);
            }
            Ok(Some(data))
        })
        .map_err(|_| nothing())?;
        crate::trace::mark("search: postings read");
        let Some(posted) = posted else {
            return Ok(());
        };
        let candidates = posted.candidates();
        crate::trace::mark("search: candidates found");
        if candidates.is_empty() {
            return Ok(());
        }
        let files = ArchiveFiles::open(meta.file_sizes()).map_err(|_| nothing())?;
        let threads = crate::threads::workers();
        // Runs are claimed in turn, so a core busy with other work takes fewer of them; small
        // enough that a few outputs, used again, hold what is waiting to be printed.
        let per = candidates.len().div_ceil(threads * 32).max(1);
        let runs: Vec<&[Candidate<'_>]> = candidates.chunks(per).collect();
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let order = InOrder::new(emit);
        let work = || {
            let mut scratch = Scratch::default();
            while !stop.load(Ordering::Relaxed) {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(run) = runs.get(k) else {
                    break;
                };
                let mut out = order.spare().unwrap_or_else(&start);
                let found = self.hits_in(run, &posted, &files, &mut scratch, |h| each(&mut out, h));
                let handed_on = match found {
                    Ok(()) => order.done(k, out),
                    Err(Damaged) => {
                        order.failed(k);
                        false
                    }
                };
                if !handed_on {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        };
        std::thread::scope(|s| {
            let handles: Vec<_> = (1..threads.min(runs.len()))
                .map(|_| s.spawn(work))
                .collect();
            work();
            for h in handles {
                // A thread that panicked leaves its runs missing: the cache answered up to
                // them (joined here, so the panic goes no further).
                let _ = h.join();
            }
        });
        crate::trace::mark("search: every run searched");
        match order.finish(runs.len()) {
            Ok(()) => Ok(()),
            Err(Ended::Emit(e)) => Err(Stopped::Emit(e)),
            Err(Ended::At(0)) => Err(nothing()),
            Err(Ended::At(k)) => Err(Stopped::Cache {
                from: runs.get(k).and_then(|run| run.first()).map(|c| c.release),
            }),
        }
    }

    /// The hits in a run of candidates, in order, each handed to `each`, a few candidates
    /// at a time: what they read then stays in the core's cache while it is used (reading a
    /// whole run's texts first, megabytes, then putting them together took 1.5x the CPU time
    /// for common words, the bytes fetched from memory twice).
    fn hits_in<'p>(
        &self,
        run: &[Candidate<'p>],
        posted: &Posted<'p>,
        files: &ArchiveFiles,
        scratch: &mut Scratch,
        mut each: impl FnMut(&HitLine<'_>),
    ) -> Decoded<()> {
        for few in run.chunks(FEW) {
            self.hits_among(few, posted, files, scratch, &mut each)?;
        }
        Ok(())
    }

    /// [`Self::hits_in`] for a few candidates: their records are read first, then the
    /// stretches of text they need, each in as few reads as the gaps between them allow.
    fn hits_among<'p>(
        &self,
        run: &[Candidate<'p>],
        posted: &Posted<'p>,
        files: &ArchiveFiles,
        scratch: &mut Scratch,
        each: &mut impl FnMut(&HitLine<'_>),
    ) -> Decoded<()> {
        let Scratch {
            records,
            texts,
            offsets,
            wanted,
            pieces,
            text,
        } = scratch;
        let entries = self.bytes(OFFSETS)?;
        let (base, size, _) = *self.table.get(RELEASES).ok_or(Damaged)?;
        let mut sums = Vec::with_capacity(run.len());
        records.clear();
        for c in run {
            let (offset, len, sum) = offset_entry(entries, c.release as usize)?;
            let end = offset.checked_add(len).ok_or(Damaged)? as u64;
            if end > size {
                return Err(Damaged);
            }
            records.want((0, base + offset as u64, base + end));
            sums.push(sum);
        }
        records
            .read(|_, at, buf| super::files::read_at(&self.file, buf, at).map_err(|_| Damaged))?;
        // Each candidate's record, and the parts of its archive file its text needs: all its
        // text is sliced from, or its pieces parsed and the stretches of its text it needs
        // (each with the part of `texts` it is sliced from, and that part's file offset).
        if pieces.len() < run.len() {
            pieces.resize_with(run.len(), Pieces::default);
        }
        let mut read = Vec::with_capacity(run.len());
        let mut all = Vec::new();
        texts.clear();
        for (k, ((c, &sum), p)) in run.iter().zip(&sums).zip(pieces.iter_mut()).enumerate() {
            let record = Record::read(records.get(k)?, sum)?;
            if !files.holds(record.file, record.source) {
                return Err(Damaged);
            }
            c.offsets(offsets);
            let first = all.len();
            let whole = record.read_whole(offsets);
            if whole {
                let (a, b) = record.source;
                all.push((0..record.len, Some((texts.want((record.file, a, b)), a))));
            } else {
                record.stretches(offsets, wanted);
                record.parse_pieces(p, wanted)?;
                for want in wanted.drain(..) {
                    let part = p
                        .span(want.start, want.end)
                        .map(|(a, b)| (texts.want((record.file, a, b)), a));
                    all.push((want, part));
                }
            }
            read.push((record, whole, first..all.len()));
        }
        texts.read(|file, at, buf| files.fill(file, at, buf))?;
        let mut source = Vec::new();
        for ((c, (record, whole, mine)), p) in run.iter().zip(&mut read).zip(pieces.iter()) {
            let mine = all.get(mine.clone()).ok_or(Damaged)?;
            text.clear();
            let mut bounds = Vec::with_capacity(mine.len());
            for (want, part) in mine {
                let bytes = match part {
                    Some((k, a)) => (texts.get(*k)?, *a),
                    None => (&[][..], 0),
                };
                let start = text.len();
                // Where the stretch starts in the text (a cut char left out).
                let from = if *whole {
                    record.put_whole(bytes.0, text)?;
                    0
                } else {
                    p.put(bytes, record.bytes, (want.start, want.end), text)?
                };
                bounds.push((from, start..text.len()));
            }
            let record = &*record;
            let mut parts = Vec::with_capacity(bounds.len());
            for (from, range) in bounds {
                let bytes = text.get(range).ok_or(Damaged)?;
                // Not UTF-8: the archive file changed under the cache.
                parts.push((
                    from,
                    simdutf8::basic::from_utf8(bytes).map_err(|_| Damaged)?,
                ));
            }
            let mut text = Stretches {
                total: record.len,
                parts: &parts,
                whole: None,
                read_whole: || whole_text(record, files, &mut source),
            };
            let hits = posted.hits(c, &mut text).map_err(|Stale| Damaged)?;
            let mut before = Described::default();
            for (at, _) in hits {
                record
                    .describe(&mut text, at, &mut before, |line, column, sentence| {
                        each(&HitLine {
                            release: record.id,
                            file: record.file,
                            line,
                            column,
                            sentence,
                        });
                    })
                    .map_err(|Stale| Damaged)?;
            }
        }
        Ok(())
    }

    /// Releases holding every token of the query, in order.
    fn candidates(&self, query: &Query) -> Decoded<Vec<u32>> {
        let table = TermTable::new(self.bytes(TERMS)?)?;
        let postings = self.bytes(POSTINGS)?;
        let mut tokens: Vec<&String> = query.terms().iter().flatten().collect();
        tokens.sort();
        tokens.dedup();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        let mut buf = Vec::new();
        for token in tokens {
            let Some(e) = table.find(token, &mut buf)? else {
                return Ok(Vec::new());
            };
            let data = postings.get(e.range()?).ok_or(Damaged)?;
            if checksum(data) != e.sum {
                return Err(Damaged);
            }
            lists.push(releases_in_postings(data));
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

    /// The whole search index, its posting lists left in the mapped file (each is checked
    /// when a search first reads it); every entry of the term table checked.
    pub fn index(&self, releases: usize) -> Decoded<SearchIndex> {
        let table = TermTable::new(self.bytes(TERMS)?)?;
        let (base, len, _) = self.table[POSTINGS];
        let base = usize::try_from(base).map_err(|_| Damaged)?;
        let len = usize::try_from(len).map_err(|_| Damaged)?;
        let mut terms = Vec::with_capacity(table.n);
        let mut buf = Vec::new();
        for k in 0..table.n {
            let e = table.get(k, &mut buf)?;
            let range = e.range()?;
            if range.end > len {
                return Err(Damaged);
            }
            terms.push(MappedTerm {
                term: e.name,
                start: base + range.start,
                len: range.len(),
                sum: e.sum,
                releases: e.releases,
                occurrences: e.occurrences,
            });
        }
        let file: SharedBytes = self.map.clone();
        Ok(SearchIndex::from_mapped(releases, file, terms.into_iter()))
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

impl TermEntry<'_> {
    /// Where its posting list lies in the postings section.
    fn range(&self) -> Decoded<std::ops::Range<usize>> {
        let start = usize::try_from(self.offset).map_err(|_| Damaged)?;
        let len = usize::try_from(self.len).map_err(|_| Damaged)?;
        Ok(start..start.checked_add(len).ok_or(Damaged)?)
    }
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

    /// Entry `k`, checked against its own checksum (`buf` is scratch space).
    fn get(&self, k: usize, buf: &mut Vec<u8>) -> Decoded<TermEntry<'a>> {
        let at = k.checked_mul(TERM_ENTRY).ok_or(Damaged)?;
        let entry = self.entries.get(at..at + TERM_ENTRY).ok_or(Damaged)?;
        let mut e = Reader::new(entry);
        let (s, len) = (e.usize()?, e.usize()?);
        let name = self
            .names
            .get(s..s.checked_add(len).ok_or(Damaged)?)
            .ok_or(Damaged)?;
        let (fields, sum) = entry.split_at(TERM_ENTRY - 8);
        buf.clear();
        buf.extend_from_slice(fields);
        buf.extend_from_slice(name);
        if Reader::new(sum).u64()? != checksum(buf) {
            return Err(Damaged);
        }
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
    fn find(&self, term: &str, buf: &mut Vec<u8>) -> Decoded<Option<TermEntry<'a>>> {
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let e = self.get(mid, buf)?;
            match e.name.cmp(term) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(Some(e)),
            }
        }
        Ok(None)
    }
}

/// Release `i`'s record and its checksum, from the offsets and records sections.
fn record_at<'a>(offsets: &[u8], records: &'a [u8], i: usize) -> Decoded<(&'a [u8], u64)> {
    let (offset, len, sum) = offset_entry(offsets, i)?;
    let end = offset.checked_add(len).ok_or(Damaged)?;
    Ok((records.get(offset..end).ok_or(Damaged)?, sum))
}

/// Release `i`'s entry in the offsets section: where its record starts in the records
/// section, its length and its checksum.
fn offset_entry(offsets: &[u8], i: usize) -> Decoded<(usize, usize, u64)> {
    let at = i.checked_mul(OFFSET_ENTRY).ok_or(Damaged)?;
    let mut r = Reader::new(offsets.get(at..at + OFFSET_ENTRY).ok_or(Damaged)?);
    Ok((r.usize()?, r.usize()?, r.u64()?))
}

impl Mapped {
    /// Release `i` decoded again from its record (checked again), its lists owned.
    fn release(&self, i: usize) -> Decoded<Release> {
        let offsets = self.cache.get(self.offsets.clone()).ok_or(Damaged)?;
        let records = self.cache.get(self.records.clone()).ok_or(Damaged)?;
        let (record, sum) = record_at(offsets, records, i)?;
        decode_release(record, sum, &mut None, None, |r, _| {
            super::text::skip(r)?;
            Ok(ReleaseText::default())
        })
    }
}

/// The lists the window reads of one release at a time, decoded from its record then.
impl ReleaseParts for Mapped {
    fn speakers(&self, at: usize) -> Option<Vec<Speaker>> {
        Some(self.release(at).ok()?.speakers.into_vec())
    }

    fn blocks(&self, at: usize) -> Option<Vec<Block>> {
        Some(self.release(at).ok()?.blocks.into_vec())
    }

    fn spans(&self, at: usize) -> Option<Vec<LineSpan>> {
        Some(self.release(at).ok()?.spans.into_vec())
    }
}

/// A release from its record (checked against `sum`), its text read by `text` (given the
/// part of its archive file the record names); its lists left to `lazy` when given.
fn decode_release<'r>(
    record: &'r [u8],
    sum: u64,
    section: &mut Option<Arc<str>>,
    lazy: Option<(&Arc<dyn ReleaseParts>, usize)>,
    text: impl FnOnce(&mut Reader<'r>, (usize, u64, u64)) -> Decoded<ReleaseText>,
) -> Decoded<Release> {
    if checksum(record) != sum {
        return Err(Damaged);
    }
    let mut r = Reader::new(record);
    let at = r.release_source()?;
    let release = r.release(at.0, section, |r| text(r, at), lazy)?;
    if !r.at_end() {
        return Err(Damaged);
    }
    Ok(release)
}

/// How much of each release is decoded when the archive is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// Everything, texts put together from the archive files.
    Whole,
    /// Everything but the texts, left in the archive files until read.
    TextsInPlace,
    /// Neither the texts nor the speakers, blocks and spans (and the search index too).
    ForTheWindow,
}

/// Runs of releases per core: enough that a core slowed by other work leaves its share to
/// the others, few enough that claiming one costs nothing beside decoding it.
const RUNS_PER_THREAD: usize = 16;

/// What a release's place in the list holds until its run is decoded (no allocation: the
/// strings and lists are empty, the section shared).
fn placeholder() -> Release {
    Release {
        id: String::new(),
        title: String::new(),
        kind: Kind::ALL[0],
        date: None,
        department: None,
        section: Arc::from(""),
        speakers: Vec::new().into(),
        text: ReleaseText::default(),
        blocks: Vec::new().into(),
        spans: Vec::new().into(),
        file: 0,
        line: 0,
        format: Format::default(),
        url: None,
        version_of: None,
        source_id: None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Query, Scanner, SearchIndex};

    /// With every candidate read in stretches (none whole unless one is too short), the
    /// hits, lines, columns and sentences are a scan's of the whole texts, on real releases:
    /// the sample, and GOV.UK pages and a PDF whose long lines need the whole text at times.
    #[test]
    fn stretches_find_what_whole_texts_find() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("tempdir");
        super::super::record::SKIP_IN_TESTS.store(0, Ordering::Relaxed);
        let before = WHOLE_READ.load(Ordering::Relaxed);
        let mut found = 0;
        for name in ["assets/home-office-may-2023.txt", "tests/fixtures/formats"] {
            let paths = vec![root.join(name)];
            let archive = Archive::load(&paths).expect("loads");
            let key = Key::of(&paths).expect("key");
            super::super::write(dir.path(), &key, &archive, &SearchIndex::build(&archive))
                .expect("written");
            let file = CacheFile::open(dir.path(), &key).expect("found");
            let meta = file.meta().expect("meta");
            for q in [
                "\"net migration\"",
                "the",
                "83%",
                "government",
                "£",
                "home office",
            ] {
                let query = Query::parse(q);
                let scanner = Scanner::new(&query);
                let mut want = Vec::new();
                for r in &archive.releases {
                    for h in scanner.hits(&r.text).unwrap_or_default() {
                        let (line, column) = r.source_position(h.start);
                        let text = r.text.get(h.sentence.0..h.sentence.1).unwrap_or("");
                        want.push((r.id.clone(), line, column, text.to_owned()));
                    }
                }
                let mut got = Vec::new();
                file.each_hit(
                    &meta,
                    &query,
                    Vec::new,
                    |out: &mut Vec<_>, h| {
                        out.push((
                            h.release.to_owned(),
                            h.line,
                            h.column,
                            h.sentence.to_owned(),
                        ))
                    },
                    |run: &mut Vec<_>| {
                        got.append(run);
                        Ok::<(), ()>(())
                    },
                )
                .expect("answered");
                assert_eq!(got, want, "{name} {q}");
                found += got.len();
            }
        }
        super::super::record::SKIP_IN_TESTS.store(super::super::record::SKIP, Ordering::Relaxed);
        assert!(found > 1000, "{found}");
        assert!(
            WHOLE_READ.load(Ordering::Relaxed) > before,
            "no stretch was too short"
        );
    }

    /// Records damaged under checksums made to match them (a byte of each of a few of the
    /// sample's records changed, and the checksum in the offsets section with it): a search
    /// answers, or says the cache cannot, and never panics (the reads are gathered and the
    /// stretches cut from what the record says).
    #[test]
    fn records_damaged_under_matching_checksums_never_panic() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = vec![root.join("assets/home-office-may-2023.txt")];
        let archive = Archive::load(&paths).expect("loads");
        let key = Key::of(&paths).expect("key");
        super::super::write(dir.path(), &key, &archive, &SearchIndex::build(&archive))
            .expect("written");
        let path = CacheFile::open(dir.path(), &key).expect("found").path;
        let good = std::fs::read(&path).expect("read");
        let table = CacheFile::open(dir.path(), &key).expect("found").table;
        let (offsets, _, _) = table[OFFSETS];
        let (records, _, _) = table[RELEASES];
        let queries: Vec<Query> = ["\"net migration\"", "the", "83%", "£", "home office"]
            .iter()
            .map(|q| Query::parse(q))
            .collect();
        let mut tried = 0;
        for i in [0usize, 5, 11] {
            let entry = offsets as usize + i * OFFSET_ENTRY;
            let word = |k: usize| {
                let mut b = [0u8; 8];
                b.copy_from_slice(&good[entry + 8 * k..entry + 8 * k + 8]);
                u64::from_le_bytes(b) as usize
            };
            let (at, len) = (records as usize + word(0), word(1));
            for k in (0..len).step_by(3) {
                for flip in [0x01u8, 0x80, 0xFF] {
                    let mut bad = good.clone();
                    bad[at + k] ^= flip;
                    let sum = checksum(&bad[at..at + len]);
                    bad[entry + 16..entry + 24].copy_from_slice(&sum.to_le_bytes());
                    std::fs::write(&path, &bad).expect("write");
                    let Some(file) = CacheFile::open(dir.path(), &key) else {
                        continue;
                    };
                    let Ok(meta) = file.meta() else {
                        continue;
                    };
                    for q in &queries {
                        let searched = file.each_hit(
                            &meta,
                            q,
                            || (),
                            |_: &mut (), _| {},
                            |_: &mut ()| Ok::<(), ()>(()),
                        );
                        assert!(
                            matches!(searched, Ok(()) | Err(Stopped::Cache { .. })),
                            "release {i} byte {k} ^ {flip:#x}"
                        );
                        tried += 1;
                    }
                }
            }
        }
        assert!(tried > 2000, "{tried}");
    }
}
