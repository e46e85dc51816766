//! The export formats and one entry point that writes any of them.

use std::borrow::Cow;
use std::path::Path;

use crate::archive::Archive;
use crate::project::{reanchor, Project};

use super::ExportError;

/// What `pressmark export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// A zip of `project.ron` and the archive, for a colleague.
    Bundle,
    /// One row per claim, for spreadsheets.
    Csv,
    /// The same CSV with a byte-order mark, so Excel on Windows reads it as UTF-8.
    CsvExcel,
    /// One self-contained HTML report.
    Html,
    /// W3C Web Annotation JSON.
    W3c,
    /// REFI-QDA project exchange, for QDA software.
    Qdpx,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Bundle,
        Format::Csv,
        Format::CsvExcel,
        Format::Html,
        Format::W3c,
        Format::Qdpx,
    ];

    /// The name on the command line: "bundle", "csv", ...
    pub fn name(self) -> &'static str {
        match self {
            Format::Bundle => "bundle",
            Format::Csv => "csv",
            Format::CsvExcel => "csv-excel",
            Format::Html => "html",
            Format::W3c => "w3c",
            Format::Qdpx => "qdpx",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Bundle => "pressmark.zip",
            Format::Csv | Format::CsvExcel => "csv",
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
///
/// The claims are first placed in the archive as it is now ([`place_claims`]): an export of
/// a project whose archive has changed marks today's words, or is refused if some claims
/// cannot be placed.
pub fn export(
    format: Format,
    project: &Project,
    archive_path: &Path,
    archive: &Archive,
    out: &Path,
) -> Result<(), ExportError> {
    export_all(
        format,
        project,
        std::slice::from_ref(&archive_path.to_owned()),
        archive,
        out,
    )
}

/// [`export`] of a project whose archive is `archive_paths` (files or folders, in order).
pub fn export_all(
    format: Format,
    project: &Project,
    archive_paths: &[std::path::PathBuf],
    archive: &Archive,
    out: &Path,
) -> Result<(), ExportError> {
    match format {
        Format::Bundle => super::bundle::write_bundle_placed(project, archive_paths, archive, out),
        Format::Csv => super::csv::write_csv(project, archive, out),
        Format::CsvExcel => super::csv::write_csv_excel(project, archive, out),
        Format::Html => super::html::write_html(project, archive, out),
        Format::W3c => super::w3c::write_w3c(project, archive, out),
        Format::Qdpx => super::qdpx::write_qdpx(project, archive, out),
    }
}

/// `project` with every claim placed in `archive` as it is now: claims that moved get their
/// new anchors (in a copy; `project` is left alone). Refuses, naming them, if any claim cannot
/// be placed (its words are gone, or its release is not in the archive).
pub fn place_claims<'a>(
    project: &'a Project,
    archive: &Archive,
) -> Result<Cow<'a, Project>, ExportError> {
    let placed = reanchor(project, archive);
    let orphans = placed.orphans();
    if !orphans.is_empty() {
        let claims = orphans
            .iter()
            .map(|id| {
                let quote = project.claim(*id).map_or("", |c| c.anchor.exact.as_str());
                (id.0, quote.to_owned())
            })
            .collect();
        return Err(ExportError::Orphaned { claims });
    }
    let counts = placed.counts();
    if counts.moved + counts.fuzzy == 0 {
        return Ok(Cow::Borrowed(project));
    }
    let mut copy = project.clone();
    placed
        .edit(project)
        .apply(&mut copy)
        .map_err(|e| ExportError::Reanchor(e.to_string()))?;
    Ok(Cow::Owned(copy))
}

/// Writes `bytes` atomically, with the error naming `path`.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::project::store::write_atomic(path, bytes).map_err(|source| ExportError::Write {
        path: path.to_owned(),
        source,
    })
}
