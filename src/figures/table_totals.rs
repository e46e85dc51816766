//! Totals inside tables: a row labelled "Total" (or "All ...") against the sum
//! of the rows above it in each of its columns, with the header's scale (the
//! cells are figures already scaled by `table.rs`). Rounded cells may sum to a
//! total that differs by up to half a unit of the last digit per row; only a
//! larger difference is a finding.

use super::figure::Figure;
use super::findings::{format_value, FigureRef, Finding, FindingKind};
use super::table;
use crate::archive::Release;

/// One table row: its label and its cells, left to right.
struct Row<'a> {
    label: &'a str,
    cells: Vec<&'a Figure>,
}

pub(crate) fn check(release: &Release, figures: &[Figure]) -> Vec<Finding> {
    let mut out = Vec::new();
    for rows in tables(&release.text, figures) {
        let mut above: Vec<&Row> = Vec::new();
        for row in &rows {
            if is_total(row.label) {
                out.extend(compare(release, row, &above));
                above.clear();
            } else {
                above.push(row);
            }
        }
    }
    out
}

fn is_total(label: &str) -> bool {
    let l = label.trim_start_matches(|c: char| !c.is_alphanumeric());
    let first = l.split_whitespace().next().unwrap_or("");
    first.eq_ignore_ascii_case("total") || first.eq_ignore_ascii_case("all")
}

/// Runs of consecutive lines whose numbers are table cells (blank lines
/// between them allowed).
fn tables<'a>(text: &'a str, figures: &'a [Figure]) -> Vec<Vec<Row<'a>>> {
    let b = text.as_bytes();
    let mut out: Vec<Vec<Row>> = Vec::new();
    let mut current: Vec<Row> = Vec::new();
    let mut k = 0;
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        let mut cells = Vec::new();
        while k < figures.len() && figures[k].start < line_end {
            let f = &figures[k];
            if f.start >= line_start && table::is_cell(b, line_start, f.start, f.end) {
                cells.push(f);
            }
            k += 1;
        }
        match cells.first() {
            Some(first) => {
                let label = text.get(line_start..first.start).unwrap_or("").trim();
                current.push(Row { label, cells });
            }
            // the archive's text puts a blank line between rows
            None if line.trim().is_empty() => {}
            None => {
                if current.len() >= 2 {
                    out.push(std::mem::take(&mut current));
                } else {
                    current.clear();
                }
            }
        }
        line_start = line_end + 1;
    }
    if current.len() >= 2 {
        out.push(current);
    }
    out
}

/// Half a unit of the last written digit of a cell, in its scaled units.
fn rounding(f: &Figure) -> f64 {
    let digits: String = f
        .text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    let written: f64 = digits.parse().unwrap_or(0.0);
    let scale = if written > 0.0 {
        (f.value / written).abs()
    } else {
        1.0
    };
    scale * 10f64.powi(-i32::try_from(decimals).unwrap_or(0)) / 2.0
}

fn compare(release: &Release, total: &Row, above: &[&Row]) -> Vec<Finding> {
    let mut out = Vec::new();
    let width = total.cells.len();
    let items: Vec<&&Row> = above.iter().filter(|r| r.cells.len() == width).collect();
    if items.len() < 2 || items.len() != above.len() {
        return out;
    }
    for (col, t) in total.cells.iter().enumerate() {
        let column: Vec<&Figure> = items.iter().map(|r| r.cells[col]).collect();
        if column
            .iter()
            .any(|f| f.unit != t.unit || !f.value.is_finite())
            || !t.value.is_finite()
        {
            continue;
        }
        let sum: f64 = column.iter().map(|f| f.value).sum();
        let tol = rounding(t) + column.iter().map(|f| rounding(f)).sum::<f64>();
        let diff = sum - t.value;
        if diff.abs() <= tol.max(1e-9 * t.value.abs()) {
            continue;
        }
        let dir = if diff > 0.0 { "more" } else { "less" };
        let column_name = if width > 1 {
            format!(" in column {}", col + 1)
        } else {
            String::new()
        };
        let message = format!(
            "The table's \"{}\" row gives {}{column_name}; the {} rows above it sum to {}, {} {dir}.",
            total.label,
            format_value(t.value, &t.unit),
            column.len(),
            format_value(sum, &t.unit),
            format_value(diff.abs(), &t.unit),
        );
        let mut figures = vec![FigureRef::new(&release.id, t)];
        figures.extend(column.iter().map(|f| FigureRef::new(&release.id, f)));
        out.push(Finding {
            release: release.id.clone(),
            kind: FindingKind::TotalVsBreakdown,
            message,
            figures,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::find_figures;
    use super::*;
    use crate::archive::Archive;

    const TABLE: &str =
        include_str!("../../tests/fixtures/figures/tables/rural-police-allocations-2000.txt");

    fn release_of(body: &str) -> Archive {
        let mut text = String::from("Tag: Home Office\n\n");
        text.push_str("  \u{2022} PRESS RELEASE : Rural police funding [July 2000]\n\n");
        text.push_str("    PRESS RELEASE : Rural police funding [July 2000]\n\n");
        text.push_str("    The press release issued by the Home Office on 20 July 2000.\n\n");
        for line in body.lines() {
            text.push_str("    ");
            text.push_str(line);
            text.push('\n');
        }
        Archive::parse_str(&text, Path::new("t.txt")).unwrap()
    }

    fn run(body: &str) -> Vec<Finding> {
        let a = release_of(body);
        let r = &a.releases[0];
        check(r, &find_figures(&r.text))
    }

    #[test]
    fn a_real_total_row_that_adds_up_is_not_a_finding() {
        assert!(run(TABLE).is_empty(), "{:#?}", run(TABLE));
    }

    #[test]
    fn a_changed_row_makes_the_total_row_disagree() {
        let body = TABLE.replacen("Kent 298,863", "Kent 398,863", 1);
        let found = run(&body);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert!(
            f.message
                .contains("\"All police authorities\" row gives £15,000,000"),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("£15,100,000, £100,000 more"),
            "{}",
            f.message
        );
        assert_eq!(f.figures.len(), 44);
    }

    #[test]
    fn a_scaled_header_applies_to_total_and_rows() {
        // the real PSF table's header, with a total row over two of its rows
        let body = "Not seasonally adjusted, \u{a3} billion\nCurrent budget -13.8 -11.6\nNet borrowing 15.9 14.0\nTotal 1.0 2.4\n";
        let found = run(body);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("£1,000,000,000 in column 1"),
            "{}",
            found[0].message
        );
    }
}
