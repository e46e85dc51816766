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
use super::formats::feed::MAX_FEED_BYTES;
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
    let outcome = match read(format, bytes, path) {
        Ok(draft) => Outcome::Read {
            releases: draft
                .releases
                .into_iter()
                .map(|d| d.into_release(0, draft.format))
                .collect(),
            warnings: draft.warnings,
            bytes: n,
        },
        Err(reason) => Outcome::Failed(ArchiveError::Unreadable {
            reason: format!("{}: {reason}", path.display()),
        }),
    };
    progress.parsed.fetch_add(n, Ordering::Relaxed);
    outcome
}
