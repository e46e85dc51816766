//! The export formats and one entry point that writes any of them.

use std::path::Path;

use crate::archive::Archive;
use crate::project::Project;

use super::ExportError;

/// What `pressmark export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// A zip of `project.ron` and the archive, for a colleague.
    Bundle,
    /// One row per claim, for spreadsheets.
    Csv,
    /// One self-contained HTML report.
    Html,
    /// W3C Web Annotation JSON.
    W3c,
    /// REFI-QDA project exchange, for QDA software.
    Qdpx,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Bundle,
        Format::Csv,
        Format::Html,
        Format::W3c,
        Format::Qdpx,
    ];

    /// The name on the command line: "bundle", "csv", ...
    pub fn name(self) -> &'static str {
        match self {
            Format::Bundle => "bundle",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::W3c => "w3c",
            Format::Qdpx => "qdpx",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Bundle => "pressmark.zip",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::W3c => "jsonld",
            Format::Qdpx => "qdpx",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// Writes `project` (made on `archive`, read from `archive_path`) to `out` in `format`.
pub fn export(
    format: Format,
    project: &Project,
    archive_path: &Path,
    archive: &Archive,
    out: &Path,
) -> Result<(), ExportError> {
    match format {
        Format::Bundle => super::bundle::write_bundle_from(project, archive_path, out),
        Format::Csv => super::csv::write_csv(project, archive, out),
        Format::Html => super::html::write_html(project, archive, out),
        Format::W3c => super::w3c::write_w3c(project, archive, out),
        Format::Qdpx => super::qdpx::write_qdpx(project, archive, out),
    }
}

/// Writes `bytes` atomically, with the error naming `path`.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::project::store::write_atomic(path, bytes).map_err(|source| ExportError::Write {
        path: path.to_owned(),
        source,
    })
}
