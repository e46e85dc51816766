//! CSV: one row per claim, for spreadsheets.
//!
//! UTF-8 without a byte-order mark (with one for `--format csv-excel`, which Excel on Windows
//! needs to read UTF-8 rather than the system code page), a header row, RFC 4180 quoting, CRLF line ends. A cell
//! that begins with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` so no
//! spreadsheet runs it as a formula ([`import_csv`](super::import_csv) takes it off again).
//! Rows are in archive order of their releases, then by position, then by claim id.

use std::collections::HashMap;
use std::path::Path;

use crate::archive::{Archive, Release};
use crate::figures::find_figures;
use crate::project::{Claim, Project};

use super::format::{place_claims, write_file};
use super::text::rfc3339;
use super::ExportError;

/// The header row's cells, in order.
pub const CSV_HEADER: [&str; 15] = [
    "release title",
    "date",
    "department",
    "kind",
    "tags",
    "quote",
    "figure",
    "value",
    "unit",
    "status",
    "note",
    "author",
    "created",
    "source file",
    "line",
];

/// Writes the CSV of `project`'s claims, placed in `archive` as it is now, to `out`.
pub fn write_csv(project: &Project, archive: &Archive, out: &Path) -> Result<(), ExportError> {
    let project = place_claims(project, archive)?;
    write_file(out, csv_string(&project, archive).as_bytes())
}

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// [`write_csv`] for Excel: the same rows after a byte-order mark.
pub fn write_csv_excel(
    project: &Project,
    archive: &Archive,
    out: &Path,
) -> Result<(), ExportError> {
    let project = place_claims(project, archive)?;
    let mut text = BOM.to_owned();
    text.push_str(&csv_string(&project, archive));
    write_file(out, text.as_bytes())
}

/// The CSV text.
pub fn csv_string(project: &Project, archive: &Archive) -> String {
    let mut out = String::with_capacity(project.claims.len() * 256 + 256);
    push_row(&mut out, CSV_HEADER.iter().copied());
    for (claim, release) in claims_in_order(project, archive) {
        let tags: Vec<&str> = claim
            .tags
            .iter()
            .filter_map(|t| project.codebook.get(*t).map(|t| t.name.as_str()))
            .collect();
        let figure = find_figures(&claim.anchor.exact).into_iter().next();
        let (title, date, department, kind, file, line) = match release {
            Some(r) => (
                r.title.clone(),
                r.date.map(|d| d.to_string()).unwrap_or_default(),
                r.department.clone().unwrap_or_default(),
                r.kind.label().to_owned(),
                source_name(project, archive, r.file),
                r.source_position(claim.anchor.start).0.to_string(),
            ),
            None => (
                claim.release.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        let cells = [
            title,
            date,
            department,
            kind,
            tags.join("; "),
            claim.anchor.exact.clone(),
            figure.as_ref().map(|f| f.text.clone()).unwrap_or_default(),
            figure
                .as_ref()
                .map(|f| f.value.to_string())
                .unwrap_or_default(),
            figure
                .as_ref()
                .map(|f| f.unit.as_str().to_owned())
                .unwrap_or_default(),
            claim.status.label().to_owned(),
            claim.note.clone(),
            claim.author.clone(),
            rfc3339(claim.created),
            file,
            line,
        ];
        push_row(&mut out, cells.iter().map(String::as_str));
    }
    out
}

/// The archive file as the user knows it: the path the project records (relative to the
/// project, or the archive's name inside a bundle) rather than where it was read from, which
/// for a bundle is a cache folder.
fn source_name(project: &Project, archive: &Archive, file: usize) -> String {
    let recorded = &project.archive.path;
    if archive.files.len() <= 1 && !recorded.as_os_str().is_empty() {
        return recorded.display().to_string();
    }
    archive.file_path(file).display().to_string()
}

/// Claims with their releases, in archive order, then position, then id; claims whose
/// release is not in the archive come last.
pub(crate) fn claims_in_order<'a>(
    project: &'a Project,
    archive: &'a Archive,
) -> Vec<(&'a Claim, Option<&'a Release>)> {
    let index: HashMap<&str, usize> = archive.index_by_id();
    let mut rows: Vec<(usize, &Claim, Option<&Release>)> = project
        .claims
        .values()
        .map(|c| {
            let i = index.get(c.release.as_str()).copied();
            (i.unwrap_or(usize::MAX), c, i.map(|i| &archive.releases[i]))
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.0, &a.1.release, a.1.anchor.start, a.1.anchor.end, a.1.id).cmp(&(
            b.0,
            &b.1.release,
            b.1.anchor.start,
            b.1.anchor.end,
            b.1.id,
        ))
    });
    rows.into_iter().map(|(_, c, r)| (c, r)).collect()
}

fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// One cell: neutralised against formulas, quoted when it holds `,` `"` CR or LF.
pub(crate) fn push_cell(out: &mut String, cell: &str) {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote =
        risky && cell.contains([',', '"', '\n', '\r']) || cell.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if risky {
        out.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_neutralised() {
        let mut s = String::new();
        push_cell(&mut s, "=SUM(A1)");
        assert_eq!(s, "'=SUM(A1)");
        s.clear();
        push_cell(&mut s, "a \"b\", c");
        assert_eq!(s, "\"a \"\"b\"\", c\"");
        s.clear();
        push_cell(&mut s, "-1,2");
        assert_eq!(s, "\"'-1,2\"");
    }
}
