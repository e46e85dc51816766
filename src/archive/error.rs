//! Why an archive could not be read, in words a user understands.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{}: no such file", path.display())]
    NotFound { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is empty: there is nothing to read", path.display())]
    Empty { path: PathBuf },
    #[error("{} is not a text file (it looks like binary data)", path.display())]
    NotText { path: PathBuf },
    #[error(
        "{} is not a press-release archive: no entries were found (an entry starts with a line like \"  • PRESS RELEASE : title [May 2023]\")",
        path.display()
    )]
    NotArchive { path: PathBuf },
    /// A file in a format other than the tag page that its reader could not make sense of.
    #[error("{reason}")]
    Unreadable { reason: String },
    #[error("no releases were found in {}: {reason}", path.display())]
    NoReleases { path: PathBuf, reason: String },
    #[error("{} is too large to open ({size} bytes; the limit is {limit} bytes)", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

impl ArchiveError {
    pub fn io(path: PathBuf, source: std::io::Error) -> ArchiveError {
        if source.kind() == std::io::ErrorKind::NotFound {
            ArchiveError::NotFound { path }
        } else {
            ArchiveError::Io { path, source }
        }
    }
}
