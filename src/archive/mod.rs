//! Text in, `Archive` out: releases with their structure, canonical text and warnings.
//!
//! The reference format is a "tag page" of press releases (see `assets/`): section headers
//! (`Tag: Home Office`), entries opened by `  • ` lines, a dating line, and indented body
//! paragraphs, bullets, quotes and tables flattened into lines.

mod assemble;
mod date;
mod dating;
mod decode;
mod draft;
mod error;
mod folder;
mod formats;
mod gather;
mod ids;
mod kept;
mod left_texts;
mod load;
mod order;
mod parser;
mod quote_end;
mod release;
mod release_parts;
mod release_text;
mod speaker;
mod stream;
mod table;
mod warning;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use date::{civil_from_days, days_from_civil, PartialDate, MONTHS};
pub use draft::{DraftBlock, DraftPiece, FileDraft, Format, ReleaseDraft, SourcePos};
pub use error::ArchiveError;
pub use formats::{read_draft_as, read_feed_releases, sniff_format};
pub use kept::{Kept, Reading, Stretch};
pub use left_texts::LeaveTexts;
pub use load::{
    load_files, load_files_leaving, load_files_with_preview, read_file, Progress, MAX_FILE_BYTES,
};
pub use release::{Block, BlockKind, Kind, LineSpan, Release, Speaker};
pub use release_parts::{LazyList, Part, ReleaseParts};
pub use release_text::{unreadable_texts, ReleaseText, TextSource};
pub use stream::{Piece, Pieces, RawPieces, TagPages};
pub use table::{row_amount, split_cells, trailing_amount};
pub use warning::Warning;

/// A file an archive was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub bytes: u64,
}

/// Everything read from one or more archive files. Immutable once built; share it with `Arc`.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    pub files: Vec<SourceFile>,
    /// In file order (a tag page lists newest first).
    pub releases: Vec<Release>,
    /// Sorted by file and line.
    pub warnings: Vec<Warning>,
}

impl Archive {
    /// Parses archive text held in memory, as if read from `path`.
    pub fn parse_str(text: &str, path: &Path) -> Result<Archive, ArchiveError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(ArchiveError::Empty {
                path: path.to_owned(),
            });
        }
        let mut archive = load::parse_text(text, 0, &Progress::default());
        if archive.releases.is_empty() {
            return Err(ArchiveError::NotArchive {
                path: path.to_owned(),
            });
        }
        archive.files.push(SourceFile {
            path: path.to_owned(),
            bytes: text.len() as u64,
        });
        archive.finish();
        Ok(archive)
    }

    /// Reads one file's bytes in whatever format they are, as if read from `path` (the
    /// window and the command line read files and folders with [`Archive::load`]).
    pub fn parse_bytes(bytes: Vec<u8>, path: &Path) -> Result<Archive, ArchiveError> {
        let head = &bytes[..bytes.len().min(formats::HEAD)];
        let format = match formats::detect(path, head) {
            formats::Detected::Archive(f) => f,
            formats::Detected::Other(what) => {
                return Err(ArchiveError::Unreadable {
                    reason: format!("{} is {what}, not a press-release archive", path.display()),
                })
            }
        };
        if matches!(format, Format::TagPage | Format::Text) || decode::is_utf16(head) {
            let decoded = decode::decode(bytes, path)?;
            return Archive::parse_str(&decoded.text, path);
        }
        let size = bytes.len() as u64;
        let draft = formats::read(format, bytes, path)
            .map_err(|reason| ArchiveError::Unreadable { reason })?;
        let mut archive = Archive {
            files: vec![SourceFile {
                path: path.to_owned(),
                bytes: size,
            }],
            releases: draft
                .releases
                .into_iter()
                .map(|d| d.into_release(0, draft.format))
                .collect(),
            warnings: draft
                .warnings
                .into_iter()
                .map(|(line, message)| Warning {
                    file: 0,
                    line,
                    message,
                })
                .collect(),
        };
        if archive.releases.is_empty() {
            let reason = archive
                .warnings
                .first()
                .map(|w| w.message.clone())
                .unwrap_or_else(|| "nothing in it reads as a release".to_owned());
            return Err(ArchiveError::NoReleases {
                path: path.to_owned(),
                reason,
            });
        }
        archive.finish();
        Ok(archive)
    }

    /// Loads archive files from disk.
    pub fn load(paths: &[PathBuf]) -> Result<Archive, ArchiveError> {
        load_files(paths, &Progress::default())
    }

    /// The files `paths` stand for, folders walked, in the order a load reads them.
    pub fn input_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ArchiveError> {
        Ok(folder::expand(paths)?
            .0
            .into_iter()
            .map(|i| i.path)
            .collect())
    }

    pub fn release(&self, id: &str) -> Option<&Release> {
        self.releases.iter().find(|r| r.id == id)
    }

    /// Index of each release id, for lookups by id at scale.
    pub fn index_by_id(&self) -> HashMap<&str, usize> {
        self.releases
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect()
    }

    pub fn file_path(&self, file: usize) -> &Path {
        self.files
            .get(file)
            .map(|f| f.path.as_path())
            .unwrap_or_else(|| Path::new("?"))
    }

    /// Earliest and latest dated release.
    pub fn date_range(&self) -> Option<(PartialDate, PartialDate)> {
        let mut dates = self.releases.iter().filter_map(|r| r.date);
        let first = dates.next()?;
        Some(dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }

    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// The files an archive opened on `path` is read from: the file itself, or every file
/// under a folder that is not plainly something else (by name), in name order.
pub fn files_in(path: &Path) -> Result<Vec<PathBuf>, ArchiveError> {
    let (inputs, _) = folder::expand(&[path.to_owned()])?;
    Ok(inputs.into_iter().map(|i| i.path).collect())
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}
