//! Reading archive files: chunked, parallel parsing with progress.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::decode::{decode, is_classic_mac, is_utf16, sniff};
use super::error::ArchiveError;
use super::folder::expand;
use super::gather::{gather, Outcome};
use super::left_texts::LeaveTexts;
use super::parser::{Chunk, ChunkParser};
use super::warning::Warning;
use super::{Archive, SourceFile};

/// Files larger than this are refused rather than exhausting memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024 * 1024;

/// Chunks smaller than this are not worth a thread of their own.
const MIN_CHUNK: usize = 4 * 1024 * 1024;

/// Where loading has got to: bytes read and parsed out of the total, for a progress bar.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicU64,
    pub read: AtomicU64,
    pub parsed: AtomicU64,
}

impl Progress {
    /// 0.0 ..= 1.0: reading counts for a fifth, parsing for the rest.
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed).max(1) as f32;
        let read = self.read.load(Ordering::Relaxed) as f32 / total;
        let parsed = self.parsed.load(Ordering::Relaxed) as f32 / total;
        (0.2 * read + 0.8 * parsed).clamp(0.0, 1.0)
    }
}

/// Opens an archive file, refusing one too large to load, and adds its size to the
/// progress total.
fn open_counted(path: &Path, progress: &Progress) -> Result<(std::fs::File, u64), ArchiveError> {
    let io = |e| ArchiveError::io(path.to_owned(), e);
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ArchiveError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    progress.total.fetch_add(size, Ordering::Relaxed);
    Ok((file, size))
}

/// Reads a file's bytes, reporting progress as it goes.
pub fn read_file(path: &Path, progress: &Progress) -> Result<Vec<u8>, ArchiveError> {
    let io = |e| ArchiveError::io(path.to_owned(), e);
    let (mut file, size) = open_counted(path, progress)?;
    // Read straight into the final buffer (no copy through a staging buffer), a slice at a
    // time so the progress bar moves.
    let size = usize::try_from(size).unwrap_or(0);
    let mut bytes = vec![0u8; size];
    let mut filled = 0;
    while filled < bytes.len() {
        let end = (filled + 16 * 1024 * 1024).min(bytes.len());
        let n = file.read(&mut bytes[filled..end]).map_err(io)?;
        if n == 0 {
            break;
        }
        filled += n;
        progress.read.fetch_add(n as u64, Ordering::Relaxed);
    }
    bytes.truncate(filled);
    // The file may have grown since its size was read.
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// Loads and parses archive files into one archive.
pub fn load_files(paths: &[PathBuf], progress: &Progress) -> Result<Archive, ArchiveError> {
    load_files_with_preview(paths, progress, &mut |_| {})
}

/// Text larger than this gets a quick preview of its first releases while the rest loads.
const PREVIEW_AFTER: usize = 16 * 1024 * 1024;

/// Like [`load_files`], but for a large first file first hands `preview` an archive of its
/// opening releases, so a window can show something at once.
pub fn load_files_with_preview(
    paths: &[PathBuf],
    progress: &Progress,
    preview: &mut dyn FnMut(Archive),
) -> Result<Archive, ArchiveError> {
    load_files_leaving(paths, progress, preview, None)
}

/// [`load_files_with_preview`], with the texts of tag-page files read as they stream in
/// handed to `leave` (which leaves them in their file, to be read back when needed).
pub fn load_files_leaving(
    paths: &[PathBuf],
    progress: &Progress,
    preview: &mut dyn FnMut(Archive),
    leave: Option<&dyn LeaveTexts>,
) -> Result<Archive, ArchiveError> {
    let (inputs, mut folders) = expand(paths)?;
    let outcomes = gather(&inputs, progress);
    let mut archive = Archive::default();
    // The first file read from each folder carries the folder's notes.
    let mut folder_file: Vec<Option<usize>> = vec![None; folders.len()];
    // Files named on their own that are not archives, when others are: each a warning.
    let mut skipped_alone: Vec<ArchiveError> = Vec::new();
    for (input, outcome) in inputs.iter().zip(outcomes) {
        let path = &input.path;
        let file = archive.files.len();
        let result = match outcome {
            Outcome::TagPage => {
                if archive.files.is_empty() {
                    if let Some(first) = preview_head(path) {
                        preview(first);
                    }
                }
                load_tag_page(path, file, progress, leave)
            }
            Outcome::Read {
                mut releases,
                warnings,
                bytes,
            } => {
                for r in &mut releases {
                    r.file = file;
                }
                let warnings = warnings
                    .into_iter()
                    .map(|(line, message)| Warning {
                        file,
                        line,
                        message,
                    })
                    .collect();
                Ok((
                    Archive {
                        files: Vec::new(),
                        releases,
                        warnings,
                    },
                    bytes,
                ))
            }
            Outcome::Skipped(what) => {
                match input.in_folder.and_then(|f| folders.get_mut(f)) {
                    Some(folder) => folder.skip(what),
                    None => {
                        let err = if what == "binary data" {
                            ArchiveError::NotText { path: path.clone() }
                        } else {
                            ArchiveError::Unreadable {
                                reason: format!(
                                    "{} is {what}, not a press-release archive",
                                    path.display()
                                ),
                            }
                        };
                        if inputs.len() == 1 {
                            return Err(err);
                        }
                        skipped_alone.push(err);
                    }
                }
                continue;
            }
            Outcome::Failed(e) => Err(e),
        };
        let (mut part, size) = match result {
            Ok(loaded) => loaded,
            // A file named on its own that cannot be read is an error; one found in a
            // folder is a warning, and the rest of the folder is read.
            Err(e) if input.in_folder.is_none() => return Err(e),
            Err(e) => (
                Archive {
                    files: Vec::new(),
                    releases: Vec::new(),
                    warnings: vec![Warning {
                        file,
                        line: 1,
                        message: e.to_string(),
                    }],
                },
                0,
            ),
        };
        if let Some(f) = input.in_folder {
            if let Some(slot) = folder_file.get_mut(f) {
                slot.get_or_insert(file);
            }
        }
        archive.files.push(SourceFile {
            path: path.clone(),
            bytes: size,
        });
        archive.releases.append(&mut part.releases);
        archive.warnings.append(&mut part.warnings);
    }
    let mut notes: Vec<String> = skipped_alone.iter().map(|e| e.to_string()).collect();
    for (f, folder) in folders.iter().enumerate() {
        let mut lines: Vec<String> = folder.problems.clone();
        if let Some(note) = folder.skipped_note() {
            lines.push(note);
        }
        match folder_file.get(f).copied().flatten() {
            Some(file) => archive
                .warnings
                .extend(lines.into_iter().map(|message| Warning {
                    file,
                    line: 1,
                    message,
                })),
            None => notes.extend(lines),
        }
    }
    if !archive.releases.is_empty() {
        // Named, so never dropped without a word (a folder's are counted in its note).
        archive
            .warnings
            .extend(skipped_alone.iter().map(|e| Warning {
                file: 0,
                line: 1,
                message: format!("{e}; it was skipped"),
            }));
    }
    if archive.releases.is_empty() {
        let reason = archive
            .warnings
            .first()
            .map(|w| w.message.clone())
            .or_else(|| notes.first().cloned())
            .unwrap_or_else(|| "it holds no archive files".to_owned());
        let path = paths.first().cloned().unwrap_or_default();
        return Err(ArchiveError::NoReleases { path, reason });
    }
    archive.finish();
    Ok(archive)
}

/// Reads one tag-page file: streamed in blocks, or decoded whole when it is not UTF-8.
fn load_tag_page(
    path: &Path,
    file: usize,
    progress: &Progress,
    leave: Option<&dyn LeaveTexts>,
) -> Result<(Archive, u64), ArchiveError> {
    let (part, size) = match load_in_blocks(path, file, progress, BLOCK, leave)? {
        Some(loaded) => loaded,
        None => {
            // Not plain UTF-8 (UTF-16, or bytes that are not UTF-8): read it whole and
            // decode it first.
            progress.read.store(0, Ordering::Relaxed);
            progress.parsed.store(0, Ordering::Relaxed);
            progress.total.store(0, Ordering::Relaxed);
            let bytes = read_file(path, progress)?;
            let size = bytes.len() as u64;
            sniff(&bytes, path)?;
            let decoded = decode(bytes, path)?;
            let mut part = parse_text(&decoded.text, file, progress);
            if let Some(line) = decoded.bad_line {
                part.warnings.push(Warning {
                    file,
                    line,
                    message: "bytes that are not valid UTF-8 were replaced with \u{fffd}"
                        .to_owned(),
                });
            }
            (part, size)
        }
    };
    if part.releases.is_empty() {
        return Err(ArchiveError::NotArchive {
            path: path.to_owned(),
        });
    }
    Ok((part, size))
}

/// How much of a file is read at a time. Each block's complete entries are parsed and its
/// bytes dropped before the next is read, so a load never holds the whole file and all of
/// its parsed text at once.
const BLOCK: usize = 64 * 1024 * 1024;

/// Reads and parses a UTF-8 file block by block (of `block` bytes: small in tests, to cross
/// many boundaries), in parallel within each block, each block's texts handed to `leave`.
/// `Ok(None)` when the file is not plain UTF-8 (UTF-16, or bytes that are not UTF-8): the
/// caller then reads it whole and decodes it. Also returns the bytes read.
fn load_in_blocks(
    path: &Path,
    file: usize,
    progress: &Progress,
    block: usize,
    leave: Option<&dyn LeaveTexts>,
) -> Result<Option<(Archive, u64)>, ArchiveError> {
    let io = |e| ArchiveError::io(path.to_owned(), e);
    let (mut f, size) = open_counted(path, progress)?;
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    // Where `buf` starts in the file.
    let mut consumed: u64 = 0;
    let mut first = true;
    let want = block.max(1) as u64;
    loop {
        // Room for one block, or for what is left of the file if less: a small file never
        // pays for a 64 MB buffer. `read_to_end` fills the room without zeroing it first.
        let left = size.saturating_sub(total);
        buf.reserve_exact(
            usize::try_from(want.min(left))
                .unwrap_or(0)
                .saturating_add(1),
        );
        let n = (&mut f).take(want).read_to_end(&mut buf).map_err(io)? as u64;
        progress.read.fetch_add(n, Ordering::Relaxed);
        let eof = n < want;
        total += n;
        if first {
            first = false;
            if is_utf16(&buf) || is_classic_mac(&buf) {
                return Ok(None);
            }
            sniff(&buf, path)?;
        }
        // Parse up to the last entry that is surely complete; the rest waits for more bytes.
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memmem::rfind(&buf, "\n  \u{2022} ".as_bytes()) {
                Some(i) if i > 0 => i + 1,
                // One entry longer than a block: read on.
                _ => continue,
            }
        };
        let leave = leave.map(|l| (l, path, consumed));
        let Some(mut parsed) = parse_chunks(&buf[..cut], file, progress, leave) else {
            return Ok(None);
        };
        chunks.append(&mut parsed);
        buf.drain(..cut);
        consumed += cut as u64;
        if eof {
            break;
        }
    }
    Ok(Some((join_chunks(chunks.into_iter(), file), total)))
}

/// The releases in the first few megabytes of a large file, read before the rest.
fn preview_head(path: &Path) -> Option<Archive> {
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() <= PREVIEW_AFTER as u64 {
        return None;
    }
    let mut head = Vec::with_capacity(PREVIEW_HEAD);
    file.take(PREVIEW_HEAD as u64).read_to_end(&mut head).ok()?;
    let valid = match std::str::from_utf8(&head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    // Stop before the last entry, which the head may cut short.
    let cut = valid.rfind("\n  \u{2022} ")?;
    Archive::parse_str(&valid[..cut + 1], path).ok()
}

/// How much of a large file the preview reads.
const PREVIEW_HEAD: usize = 4 * 1024 * 1024;

/// Parses the text of one file (index `file`), in parallel where it is large.
pub fn parse_text(text: &str, file: usize, progress: &Progress) -> Archive {
    parse_bytes(text.as_bytes(), file, progress).unwrap_or_default()
}

/// Parses bytes that should be UTF-8, checking each chunk on the thread that parses it (so
/// the check runs in parallel too). `None` if any chunk is not valid UTF-8.
fn parse_bytes(bytes: &[u8], file: usize, progress: &Progress) -> Option<Archive> {
    parse_chunks(bytes, file, progress, None).map(|chunks| join_chunks(chunks.into_iter(), file))
}

/// Where texts parsed from a block go, the file's path, and where the block starts in it.
type Leave<'a> = (&'a dyn LeaveTexts, &'a Path, u64);

/// [`parse_bytes`] before the chunks are joined: the chunks in order, each chunk's texts
/// handed to `leave` as it is parsed (on the core that parsed it).
fn parse_chunks(
    bytes: &[u8],
    file: usize,
    progress: &Progress,
    leave: Option<Leave<'_>>,
) -> Option<Vec<Chunk>> {
    let chunks = split_chunks(bytes);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(chunks.len())
        .max(1);
    let results: Vec<Mutex<Option<Chunk>>> = chunks.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let invalid = AtomicBool::new(false);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(slice) = chunks.get(i) else {
            break;
        };
        let Ok(text) = std::str::from_utf8(slice) else {
            invalid.store(true, Ordering::Relaxed);
            break;
        };
        let mut chunk = ChunkParser::new(file).parse(text);
        if let Some((leave, path, offset)) = leave {
            // The chunk's place in the block (a slice of it).
            let at = (slice.as_ptr() as usize).saturating_sub(bytes.as_ptr() as usize);
            leave.leave(path, file, slice, offset + at as u64, &mut chunk.releases);
        }
        progress
            .parsed
            .fetch_add(slice.len() as u64, Ordering::Relaxed);
        if let Some(Ok(mut slot)) = results.get(i).map(|m| m.lock()) {
            *slot = Some(chunk);
        }
    };
    if threads == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for n in 0..threads {
                let _ = std::thread::Builder::new()
                    .name(format!("parse-{n}"))
                    .spawn_scoped(s, work);
            }
        });
    }
    if invalid.load(Ordering::Relaxed) {
        return None;
    }
    Some(
        results
            .into_iter()
            .filter_map(|m| m.into_inner().ok().flatten())
            .collect(),
    )
}

/// Splits text at entry lines into pieces of roughly equal size. Cuts fall just after a
/// newline, so every piece of valid UTF-8 is itself valid UTF-8.
fn split_chunks(text: &[u8]) -> Vec<&[u8]> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let target = (text.len() / (threads * 8)).max(MIN_CHUNK);
    let finder = memchr::memmem::Finder::new("\n  \u{2022} ");
    let mut chunks = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let from = start + target;
        let cut = if from >= text.len() {
            text.len()
        } else {
            match finder.find(&text[from..]) {
                Some(i) => from + i + 1,
                None => text.len(),
            }
        };
        chunks.push(&text[start..cut]);
        start = cut;
    }
    chunks
}

fn join_chunks(chunks: impl Iterator<Item = Chunk>, file: usize) -> Archive {
    let mut archive = Archive::default();
    let mut base: u32 = 0;
    let mut section: Option<Arc<str>> = None;
    for mut chunk in chunks {
        for (i, r) in chunk.releases.iter_mut().enumerate() {
            r.line += base;
            for s in &mut r.spans {
                s.line += base;
            }
            if i < chunk.inherited {
                if let Some(sec) = &section {
                    r.section = sec.clone();
                }
            }
        }
        for w in &mut chunk.warnings {
            w.line += base;
            w.file = file;
        }
        if chunk.last_section.is_some() {
            section = chunk.last_section.take();
        }
        base += chunk.newlines;
        archive.releases.append(&mut chunk.releases);
        archive.warnings.append(&mut chunk.warnings);
    }
    archive
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/home-office-may-2023.txt"
        );
        std::fs::read_to_string(path).expect("the bundled sample")
    }

    /// Loads `path` in blocks of `block` bytes, as the app does with 64 MB blocks.
    fn in_blocks(path: &Path, block: usize) -> Option<Archive> {
        in_blocks_leaving(path, block, None)
    }

    fn in_blocks_leaving(
        path: &Path,
        block: usize,
        leave: Option<&dyn LeaveTexts>,
    ) -> Option<Archive> {
        let (mut archive, _) =
            load_in_blocks(path, 0, &Progress::default(), block, leave).ok()??;
        archive.finish();
        Some(archive)
    }

    #[test]
    fn loading_in_blocks_gives_the_same_archive_as_one_pass() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pages.txt");
        // Five copies of the sample: entries, section headers and line numbers cross many
        // block boundaries, and blocks smaller than one entry must read on.
        let text = sample().repeat(5);
        std::fs::write(&path, &text).expect("write");
        let mut whole = parse_text(&text, 0, &Progress::default());
        whole.finish();
        assert_eq!(whole.releases.len(), 50);
        for block in [997, 4096, 65_536, 1 << 26] {
            let blocks = in_blocks(&path, block).expect("plain UTF-8");
            assert_eq!(blocks.releases, whole.releases, "block size {block}");
            assert_eq!(blocks.warnings, whole.warnings, "block size {block}");
            // Texts left in the file as the blocks stream in (each block's place in the
            // file, its lines counted from its start) read back as those parsed whole.
            let left = crate::cache::LeftInFiles::every_file();
            let blocks = in_blocks_leaving(&path, block, Some(&left)).expect("plain UTF-8");
            for (b, w) in blocks.releases.iter().zip(&whole.releases) {
                assert!(!b.text.is_ready(), "block size {block}: {} held", w.id);
                let text = b.text.read();
                assert_eq!(text, w.text.as_str(), "block size {block}: {}", w.id);
            }
            assert_eq!(blocks.releases, whole.releases, "block size {block}");
        }
    }

    #[test]
    fn bad_bytes_in_a_later_block_fall_back_to_decoding() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bad.txt");
        let mut bytes = sample().repeat(3).into_bytes();
        let at = bytes.len() - 500;
        bytes[at] = 0xFF;
        std::fs::write(&path, &bytes).expect("write");
        assert!(in_blocks(&path, 4096).is_none());
        let archive = load_files(&[path], &Progress::default()).expect("decoded");
        assert_eq!(archive.releases.len(), 30);
        assert!(archive
            .warnings
            .iter()
            .any(|w| w.message.contains("not valid UTF-8")));
    }
}
