//! Bringing CSV rows (as [`write_csv`](super::write_csv) writes them) back as claims.
//!
//! A row's release is found by title and date; its quote is looked for in that release's
//! text (the occurrence on the row's source line if there are several). Tags are matched by
//! name, and missing tags are created. Rows already present (same release, same place) are
//! skipped; rows that cannot be placed are reported, not guessed.

use std::collections::{HashMap, HashSet};

use crate::archive::Archive;
use crate::project::{Anchor, Claim, Codebook, Edit, Project, Status, Tag, TagId};

use super::text::parse_rfc3339;
use super::ExportError;

/// What `import_csv` would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvImport {
    /// One `Batch`: new tags, then new claims. One undo step.
    pub edit: Edit,
    pub added: usize,
    /// Rows whose claim is already in the project.
    pub skipped: usize,
    pub unplaced: Vec<UnplacedRow>,
}

/// A row that could not be placed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnplacedRow {
    /// 1-based record number, counting the header as 1.
    pub row: usize,
    pub reason: String,
}

/// Reads CSV text into an edit that adds its rows as claims of `project`.
pub fn import_csv(
    text: &str,
    project: &Project,
    archive: &Archive,
) -> Result<CsvImport, ExportError> {
    let records = parse(text.strip_prefix('\u{feff}').unwrap_or(text))?;
    let mut records = records.into_iter();
    let header = records.next().ok_or(ExportError::Csv {
        line: 1,
        message: "no header row".to_owned(),
    })?;
    let col: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_lowercase(), i))
        .collect();
    for needed in ["release title", "date", "quote"] {
        if !col.contains_key(needed) {
            return Err(ExportError::Csv {
                line: 1,
                message: format!("no {needed:?} column"),
            });
        }
    }
    let by_title_date: HashMap<(&str, String), usize> = archive
        .releases
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                (
                    r.title.as_str(),
                    r.date.map(|d| d.to_string()).unwrap_or_default(),
                ),
                i,
            )
        })
        .collect();
    let mut present: HashSet<(String, usize, usize)> = project
        .claims
        .values()
        .map(|c| (c.release.clone(), c.anchor.start, c.anchor.end))
        .collect();
    let mut book: Codebook = project.codebook.clone();
    let mut tag_edits = Vec::new();
    let mut claim_edits = Vec::new();
    let mut next_id = project.claim_ids();
    let mut skipped = 0;
    let mut unplaced = Vec::new();
    for (n, record) in records.enumerate() {
        let row = n + 2;
        let get = |name: &str| {
            col.get(name)
                .and_then(|i| record.get(*i))
                .map(|s| unneutralise(s))
                .unwrap_or_default()
        };
        if record.iter().all(|c| c.is_empty()) {
            continue;
        }
        let (title, date, quote) = (get("release title"), get("date"), get("quote"));
        let Some(&ri) = by_title_date.get(&(title.as_str(), date.clone())) else {
            unplaced.push(UnplacedRow {
                row,
                reason: format!("no release titled {title:?} dated {date:?}"),
            });
            continue;
        };
        let release = &archive.releases[ri];
        if quote.is_empty() {
            unplaced.push(UnplacedRow {
                row,
                reason: "empty quote".to_owned(),
            });
            continue;
        }
        let hits: Vec<usize> = release
            .text
            .match_indices(quote.as_str())
            .map(|(i, _)| i)
            .collect();
        let line: Option<u32> = get("line").trim().parse().ok();
        // Prefer an occurrence on the row's line, then any; one not yet claimed if possible.
        let free = |s: &usize| !present.contains(&(release.id.clone(), *s, *s + quote.len()));
        let on_line = |s: &usize| line.is_some_and(|l| release.source_position(*s).0 == l);
        let start = hits
            .iter()
            .copied()
            .find(|s| on_line(s) && free(s))
            .or_else(|| hits.iter().copied().find(|s| on_line(s)))
            .or_else(|| hits.iter().copied().find(free))
            .or_else(|| hits.first().copied());
        let Some(start) = start else {
            unplaced.push(UnplacedRow {
                row,
                reason: format!("the quote {quote:?} is not in {title:?}"),
            });
            continue;
        };
        let end = start + quote.len();
        if !present.insert((release.id.clone(), start, end)) {
            skipped += 1;
            continue;
        }
        let mut tags: Vec<TagId> = Vec::new();
        for name in get("tags")
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let id = match book.by_name(name) {
                Some(t) => t.id,
                None => {
                    let tag = Tag::new(book.next_id(), name, book.next_colour());
                    let id = tag.id;
                    book = Codebook::from_tags(
                        book.tags().iter().cloned().chain([tag.clone()]).collect(),
                    );
                    tag_edits.push(Edit::AddTag(tag));
                    id
                }
            };
            tags.push(id);
        }
        let created = parse_rfc3339(&get("created")).unwrap_or_else(crate::project::unix_now);
        let author = get("author");
        let mut claim = Claim {
            id: next_id(),
            release: release.id.clone(),
            anchor: Anchor::from_range(&release.text, start, end),
            tags,
            note: get("note"),
            status: Status::ALL
                .into_iter()
                .find(|s| s.label() == get("status").trim())
                .unwrap_or_default(),
            author: if author.is_empty() {
                project.author.clone()
            } else {
                author
            },
            created,
            modified: created,
        };
        claim.normalise();
        claim_edits.push(Edit::AddClaim(claim));
    }
    let added = claim_edits.len();
    tag_edits.extend(claim_edits);
    Ok(CsvImport {
        edit: Edit::Batch(tag_edits),
        added,
        skipped,
        unplaced,
    })
}

/// Takes off the `'` that the export puts before a formula-like cell.
fn unneutralise(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// RFC 4180 records (quotes, doubled quotes, CRLF or LF line ends).
fn parse(text: &str) -> Result<Vec<Vec<String>>, ExportError> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if cell.is_empty() && at_start => {
                let open_line = line;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            cell.push(c);
                        }
                        None => {
                            return Err(ExportError::Csv {
                                line: open_line,
                                message: "a quoted cell is never closed".to_owned(),
                            })
                        }
                    }
                }
                at_start = false;
            }
            ',' => {
                record.push(std::mem::take(&mut cell));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
                line += 1;
                at_start = true;
            }
            c => {
                cell.push(c);
                at_start = false;
            }
        }
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_cells() {
        let r = parse("a,b\r\n\"x, \"\"y\"\"\nz\",'=1\r\n").unwrap_or_default();
        assert_eq!(r, vec![vec!["a", "b"], vec!["x, \"y\"\nz", "'=1"]]);
        assert_eq!(unneutralise("'=1"), "=1");
        assert_eq!(unneutralise("'hello"), "'hello");
    }
}
