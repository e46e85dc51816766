//! Reading many files of any format at once: each file's format is detected from its first
//! bytes, and every file but a tag page (which streams in parallel on its own) is read and
//! turned into releases on one of a few threads, in any order; the caller puts the results
//! back in the order of the files.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::decode::{decode, is_utf16};
use super::error::ArchiveError;
use super::folder::Input;
use super::formats::feed::{self, MAX_FEED_BYTES};
use super::formats::{detect, read, Detected, HEAD};
use super::load::Progress;
use super::{Format, Release};

/// Files of the formats read whole (not the tag page) larger than this are refused rather
/// than exhausting memory.
pub const MAX_DOCUMENT_BYTES: u64 = 1024 * 1024 * 1024;

/// What became of one file.
pub(crate) enum Outcome {
    /// A tag page: the caller streams it.
    TagPage,
    Read {
        releases: Vec<Release>,
        /// (line, message).
        warnings: Vec<(u32, String)>,
        bytes: u64,
    },
    /// Not an archive file: what it looks like.
    Skipped(&'static str),
    Failed(ArchiveError),
}

/// Reads every input but the tag pages, on up to one thread per core.
pub(crate) fn gather(inputs: &[Input], progress: &Progress) -> Vec<Outcome> {
    let slots: Vec<Mutex<Option<Outcome>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = inputs.get(i) else {
            break;
        };
        let outcome = read_one(&input.path, progress);
        if let Some(Ok(mut slot)) = slots.get(i).map(|m| m.lock()) {
            *slot = Some(outcome);
        }
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(inputs.len())
        .max(1);
    if threads == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for n in 0..threads {
                let _ = std::thread::Builder::new()
                    .name(format!("read-{n}"))
                    .spawn_scoped(s, work);
            }
        });
    }
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or(Outcome::Failed(ArchiveError::Unreadable {
                    reason: "a reading thread stopped".to_owned(),
                }))
        })
        .collect()
}

fn read_one(path: &Path, progress: &Progress) -> Outcome {
    let io = |e| ArchiveError::io(path.to_owned(), e);
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Outcome::Failed(io(e)),
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(HEAD.min(usize::try_from(size).unwrap_or(HEAD)));
    if let Err(e) = (&mut file).take(HEAD as u64).read_to_end(&mut bytes) {
        return Outcome::Failed(io(e));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Outcome::Failed(ArchiveError::Empty {
            path: path.to_owned(),
        });
    }
    if is_utf16(&bytes) {
        return read_utf16(file, bytes, size, path, progress);
    }
    let format = match detect(path, &bytes) {
        Detected::Archive(Format::TagPage) => return Outcome::TagPage,
        Detected::Archive(f) => f,
        Detected::Other(what) => return Outcome::Skipped(what),
    };
    // Refused from its size, before it is read: a 1 GB feed is never held in memory.
    if let Some(refused) = too_large(format, size, path) {
        return refused;
    }
    progress.total.fetch_add(size, Ordering::Relaxed);
    if matches!(format, Format::Rss | Format::Atom) {
        return read_feed(&file, size, path, progress);
    }
    bytes.reserve(
        usize::try_from(size)
            .unwrap_or(0)
            .saturating_sub(bytes.len()),
    );
    if let Err(e) = file.read_to_end(&mut bytes) {
        return Outcome::Failed(io(e));
    }
    let n = bytes.len() as u64;
    progress.read.fetch_add(n, Ordering::Relaxed);
    read_as(format, bytes, n, path, progress)
}

/// The largest file of `format` that is read (feeds are held whole by the feed crates, so
/// their limit is lower); an outcome that refuses a larger one.
fn too_large(format: Format, size: u64, path: &Path) -> Option<Outcome> {
    let limit = match format {
        Format::Rss | Format::Atom => MAX_FEED_BYTES as u64,
        _ => MAX_DOCUMENT_BYTES,
    };
    (size > limit).then(|| {
        Outcome::Failed(ArchiveError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        })
    })
}

/// A UTF-16 file (it starts with a byte-order mark): decoded first, then told apart by its
/// content like any other; a tag page goes to the tag-page loader, which decodes it itself.
fn read_utf16(
    mut file: std::fs::File,
    mut bytes: Vec<u8>,
    size: u64,
    path: &Path,
    progress: &Progress,
) -> Outcome {
    if let Some(refused) = too_large(Format::Text, size, path) {
        return refused;
    }
    if let Err(e) = file.read_to_end(&mut bytes) {
        return Outcome::Failed(ArchiveError::io(path.to_owned(), e));
    }
    let n = bytes.len() as u64;
    progress.total.fetch_add(n, Ordering::Relaxed);
    progress.read.fetch_add(n, Ordering::Relaxed);
    let text = match decode(bytes, path) {
        Ok(d) => d.text,
        Err(e) => return Outcome::Failed(e),
    };
    let mut cut = text.len().min(HEAD);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match detect(path, &text.as_bytes()[..cut]) {
        Detected::Archive(Format::TagPage) => Outcome::TagPage,
        Detected::Archive(format) => read_as(format, text.into_bytes(), n, path, progress),
        Detected::Other(what) => Outcome::Skipped(what),
    }
}

/// Reads `bytes` (UTF-8, or bytes in the format's own encoding) as `format`; `n` is how
/// many bytes the file held.
fn read_as(format: Format, bytes: Vec<u8>, n: u64, path: &Path, progress: &Progress) -> Outcome {
    let result = match format {
        // A feed becomes releases item by item, on every core when it is large.
        Format::Rss | Format::Atom => feed::read_releases(&bytes, &|_, _| {}),
        _ => read(format, bytes, path).map(|draft| {
            let releases = draft
                .releases
                .into_iter()
                .map(|d| d.into_release(0, draft.format))
                .collect();
            (releases, draft.warnings)
        }),
    };
    outcome(result, n, path, progress)
}

/// A feed read from a memory map rather than a copy: the pages of items already made
/// releases are let go as the reading goes on, so the file and all its releases are never
/// in memory at once (issue 11: peak memory at most twice the bytes read). A copy is read
/// where the file cannot be mapped.
fn read_feed(file: &std::fs::File, size: u64, path: &Path, progress: &Progress) -> Outcome {
    // SAFETY: a read-only mapping of a file just opened, read once here. A file truncated
    // by another program while mapped would fault the reads: the risk every mmap-based
    // reader (ripgrep, git, the tag-page stream) takes.
    let map = match unsafe { memmap2::Mmap::map(file) } {
        Ok(map) => map,
        Err(_) => return read_feed_copy(file, size, path, progress),
    };
    let n = map.len() as u64;
    progress.read.fetch_add(n, Ordering::Relaxed);
    let forget = |from: usize, to: usize| forget_pages(&map, from, to);
    let result = feed::read_releases(&map, &forget);
    outcome(result, n, path, progress)
}

/// A feed read into memory whole (where it cannot be mapped).
fn read_feed_copy(file: &std::fs::File, size: u64, path: &Path, progress: &Progress) -> Outcome {
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut reader = file;
    if let Err(e) = std::io::Seek::rewind(&mut reader).and_then(|()| reader.read_to_end(&mut bytes))
    {
        return Outcome::Failed(ArchiveError::io(path.to_owned(), e));
    }
    let n = bytes.len() as u64;
    progress.read.fetch_add(n, Ordering::Relaxed);
    read_as(Format::Rss, bytes, n, path, progress)
}

/// Drops the mapped pages wholly inside `from..to` from this process's memory (they stay in
/// the system's file cache, and are read again if touched).
#[cfg(unix)]
fn forget_pages(map: &memmap2::Mmap, from: usize, to: usize) {
    const PAGE: usize = 4096;
    let start = from.div_ceil(PAGE) * PAGE;
    let end = to.min(map.len()) / PAGE * PAGE;
    if end > start {
        // SAFETY: a read-only file mapping: dropped pages read back the same bytes.
        let _ = unsafe {
            map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, end - start)
        };
    }
}

#[cfg(not(unix))]
fn forget_pages(_map: &memmap2::Mmap, _from: usize, _to: usize) {}

/// What a file's releases, or the reason they could not be read, make of it.
fn outcome(
    result: Result<feed::FileReleases, String>,
    n: u64,
    path: &Path,
    progress: &Progress,
) -> Outcome {
    let outcome = match result {
        Ok((releases, warnings)) => Outcome::Read {
            releases,
            warnings,
            bytes: n,
        },
        Err(reason) => Outcome::Failed(ArchiveError::Unreadable {
            reason: format!("{}: {reason}", path.display()),
        }),
    };
    progress.parsed.fetch_add(n, Ordering::Relaxed);
    outcome
}
