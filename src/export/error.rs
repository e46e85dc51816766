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
    #[error(
        "{} cannot be placed in the archive as it is now, so an export would mark the \
         wrong words; re-attach or delete {} (in the window: Edit > Orphaned Claims; \
         `pressmark check` lists them): {}",
        count_claims(.claims.len()),
        if .claims.len() == 1 { "it" } else { "them" },
        list_orphans(.claims)
    )]
    Orphaned {
        /// Each orphan's id and quote, sorted by id.
        claims: Vec<(u64, String)>,
    },
    #[error("cannot place the claims in today's archive: {0}")]
    Reanchor(String),
    #[error("CSV line {line}: {message}")]
    Csv { line: usize, message: String },
}

fn count_claims(n: usize) -> String {
    if n == 1 {
        "1 claim".to_owned()
    } else {
        format!("{n} claims")
    }
}

/// The first few orphans as `claim 4 "£400 million"`; a long list ends with how many more.
fn list_orphans(claims: &[(u64, String)]) -> String {
    const SHOWN: usize = 10;
    let mut parts: Vec<String> = claims
        .iter()
        .take(SHOWN)
        .map(|(id, quote)| {
            let mut short: String = quote.chars().take(60).collect();
            if short.len() < quote.len() {
                short.push('…');
            }
            format!("claim {id} {short:?}")
        })
        .collect();
    if claims.len() > SHOWN {
        parts.push(format!("and {} more", claims.len() - SHOWN));
    }
    parts.join(", ")
}
