//! The one error type of exports, bundles, merges and imports.

use std::io;
use std::path::PathBuf;

use crate::archive::ArchiveError;
use crate::project::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read {}: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("{}: not a readable bundle: {message}", .path.display())]
    BadBundle { path: PathBuf, message: String },
    #[error("{}: bundle entry {name:?} would be written outside the folder; refused", .path.display())]
    UnsafeEntry { path: PathBuf, name: String },
    #[error("{}: bundle too large: {message}; refused", .path.display())]
    TooLarge { path: PathBuf, message: String },
    #[error("cannot write the zip file: {0}")]
    Zip(String),
    #[error("cannot write JSON: {0}")]
    Json(String),
    #[error("CSV line {line}: {message}")]
    Csv { line: usize, message: String },
}
