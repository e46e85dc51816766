//! Tables flattened into lines: grouping lines into rows and rows into cells.

/// Byte index where a trailing amount ("£ 1,230,500.00", "£ 762, 033.00", "$40,000") starts,
/// if the line ends with one.
pub fn trailing_amount(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = bytes.len();
    // Digits, commas, dots and stray spaces after a comma, back to a currency sign.
    let mut saw_digit = false;
    while i > 0 {
        let b = bytes[i - 1];
        if b.is_ascii_digit() {
            saw_digit = true;
            i -= 1;
        } else if b == b','
            || b == b'.'
            || (b == b' ' && i >= 2 && (bytes[i - 2] == b',' || is_currency_end(line, i - 1)))
        {
            i -= 1;
        } else {
            break;
        }
    }
    if !saw_digit {
        return None;
    }
    let head = &line[..i];
    for sign in ['£', '$', '€'] {
        if let Some(h) = head.strip_suffix(sign) {
            return Some(h.len());
        }
    }
    None
}

fn is_currency_end(line: &str, at: usize) -> bool {
    let head = line.get(..at).unwrap_or("");
    head.ends_with('£') || head.ends_with('$') || head.ends_with('€')
}

/// Byte range of a table row's amount: the trailing amount of whichever of its lines has one
/// (a row's numbered description may follow its amount).
pub fn row_amount(row: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    for line in row.split('\n') {
        if let Some(i) = trailing_amount(line) {
            let lead = line.len() - line[i..].trim_start().len();
            return Some((start + lead.max(i), start + line.len()));
        }
        start += line.len() + 1;
    }
    None
}

/// Whether a line continues a numbered description ("2. This programme will ...").
pub fn is_numbered_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits <= 2 && line[digits..].starts_with(". ")
}

/// Whether a line opens a row whose numbered description follows ("Derbyshire 1. The ...").
fn opens_numbered_row(line: &str) -> bool {
    line.contains(" 1. ") && !is_numbered_item(line)
}

/// Groups the lines of a table (indices into `lines`) into rows.
///
/// A trailing amount ends a row; a row whose amount stands on a line of its own spans the
/// lines before it ("Derbyshire 1. ...", "2. ...", "£ 1,389,150.00"); numbered lines after a
/// complete row continue it; any other line is a row of its own (a description-only row).
pub fn group_rows(lines: &[&str]) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let any_amount = lines.iter().any(|l| trailing_amount(l).is_some());
    if !any_amount {
        return (0..lines.len()).map(|i| vec![i]).collect();
    }
    let mut open: Option<Vec<usize>> = None;
    for (i, line) in lines.iter().enumerate() {
        let amount = trailing_amount(line);
        let amount_only = amount == Some(0);
        if amount_only {
            match open.take() {
                Some(mut row) => {
                    row.push(i);
                    rows.push(row);
                }
                None => match rows.last_mut() {
                    Some(row) => row.push(i),
                    None => rows.push(vec![i]),
                },
            }
        } else if amount.is_some() {
            if let Some(row) = open.take() {
                rows.push(row);
            }
            rows.push(vec![i]);
        } else if is_numbered_item(line) {
            match (&mut open, rows.last_mut()) {
                (Some(row), _) => row.push(i),
                (None, Some(row)) => row.push(i),
                (None, None) => open = Some(vec![i]),
            }
        } else if opens_numbered_row(line) || i == 0 {
            if let Some(row) = open.take() {
                rows.push(row);
            }
            if i == 0 {
                rows.push(vec![i]);
            } else {
                open = Some(vec![i]);
            }
        } else if let Some(row) = &mut open {
            row.push(i);
        } else {
            // A line after a complete row: one more line of that row's description.
            rows.push(vec![i]);
        }
    }
    if let Some(row) = open {
        rows.push(row);
    }
    rows
}

/// Splits a row's text into cells: runs of two or more spaces or tabs separate cells, and a
/// trailing amount is a cell of its own.
pub fn split_cells(row: &str) -> Vec<&str> {
    let flat = row.trim();
    let (body, amount) = match trailing_amount(flat) {
        Some(i) => (flat[..i].trim_end(), Some(flat[i..].trim())),
        None => (flat, None),
    };
    let mut cells: Vec<&str> = Vec::new();
    let mut start = 0;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let gap = bytes[i] == b'\t' || (bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' '));
        if gap {
            let cell = body[start..i].trim();
            if !cell.is_empty() {
                cells.push(cell);
            }
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            start = i;
        } else {
            i += 1;
        }
    }
    let cell = body[start..].trim();
    if !cell.is_empty() {
        cells.push(cell);
    }
    if let Some(a) = amount {
        cells.push(a);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_amounts_at_line_end() {
        let line = "Essex Essex DA perpetrator intervention programme to break the cycle of abuse. £ 1,687,170.00";
        let i = trailing_amount(line).unwrap();
        assert_eq!(&line[i..], "£ 1,687,170.00");
        assert_eq!(trailing_amount("£ 762, 033.00"), Some(0));
        assert_eq!(trailing_amount("supported by 184 perpetrators"), None);
        assert_eq!(trailing_amount("The year was 2023."), None);
    }

    #[test]
    fn groups_rows_as_the_sample_table_has_them() {
        let lines = [
            "Successful applicants Project descriptions Indicative funding",
            "Avon and Somerset The Drive Project. £ 1,230,500.00",
            "Cheshire Provides a multi-agency approach. £ 2,920,500.00",
            "Provides interventions for adult perpetrators.",
            "Derbyshire 1. The Changes Programme.",
            "2. This programme will deliver.",
            "£ 1,389,150.00",
            "West Midlands EASI. £ 2,799,100.00",
            "1. Provide early intervention.",
            "2. Academic evaluation.",
        ];
        let rows = group_rows(&lines);
        assert_eq!(
            rows,
            vec![
                vec![0],
                vec![1],
                vec![2],
                vec![3],
                vec![4, 5, 6],
                vec![7, 8, 9]
            ]
        );
    }

    #[test]
    fn splits_cells() {
        assert_eq!(
            split_cells("Essex  Essex DA programme\t£ 1,687,170.00"),
            vec!["Essex", "Essex DA programme", "£ 1,687,170.00"]
        );
    }
}
