//! Tables in release text: the scale and currency a header states ("£
//! billion", "£m", "£000", "Proportion (%)", "thousands") apply to the bare
//! numbers in the rows below it, and a row label may state its own ("Employment
//! (000s, aged 16 and over) | 32,523"). The figure standard reads a cell "-12.4"
//! under "£ billion" as -12,400,000,000 GBP.
//!
//! Only numbers that are cells are touched: a cell is followed on its line by
//! nothing but more cells ("Net borrowing 15.9 14.0 51.5"), and its row label
//! is short. The header is looked for upwards from the row, over at most
//! `MAX_LINES_UP` lines, stopping at the first line of prose, so prose
//! paragraphs are never reached and the cost stays with the few lines that end
//! in numbers.

use super::figure::Unit;
use super::text::is;

/// How far above a row its header may be, in non-blank lines (rows further
/// down a table reuse the header found for the row above them).
const MAX_LINES_UP: usize = 40;
/// A row label longer than this is prose, not a table row.
const MAX_LABEL: usize = 100;
/// A row's cells after the first take at most this many bytes.
const MAX_TAIL: usize = 400;
/// A header line longer than this is prose.
const MAX_HEADER: usize = 60;

/// The unit and power of ten a header or row label gives its cells.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scale {
    pub unit: Unit,
    pub pow10: i32,
}

/// The number ending at `end` is a table cell: everything after it on its
/// line is more cells (digits, signs, separators, "%", "pp", "n/a", ":"), and
/// the row label before it is short.
pub(crate) fn is_cell(b: &[u8], line_start: usize, start: usize, end: usize) -> bool {
    if start - line_start > MAX_LABEL {
        return false;
    }
    let mut k = end;
    // bounded, so a huge line of numbers stays linear
    let limit = b.len().min(end + MAX_TAIL);
    while k < b.len() && b[k] != b'\n' && b[k] != b'\r' {
        if k >= limit {
            return false;
        }
        let c = b[k];
        if c.is_ascii_digit()
            || matches!(
                c,
                b' ' | b'\t' | b'|' | b'%' | b'-' | b'+' | b':' | b'.' | b','
            )
        {
            k += 1;
        } else if b[k..].starts_with("\u{2212}".as_bytes()) {
            k += 3;
        } else if b[k..].starts_with(b"pp")
            || b[k..].starts_with(b"n/a")
            || b[k..].starts_with(b"..")
        {
            k += if b[k] == b'n' { 3 } else { 2 };
        } else {
            return false;
        }
    }
    true
}

/// A scale word after a currency sign or in brackets: "billion" 9, "bn" 9,
/// "million"/"m" 6, "thousand"/"000"/"k" 3.
fn scale_word(w: &[u8]) -> Option<i32> {
    let w = w.strip_suffix(b"s").filter(|s| s.len() > 1).unwrap_or(w);
    if is(w, "billion") || is(w, "bn") {
        Some(9)
    } else if is(w, "million") || is(w, "m") || is(w, "mn") {
        Some(6)
    } else if is(w, "thousand") || w == b"000" || is(w, "k") {
        Some(3)
    } else {
        None
    }
}

/// The currency sign at `i` and its length.
fn currency_sign(b: &[u8], i: usize) -> Option<(&'static str, usize)> {
    match b[i] {
        b'$' => Some(("USD", 1)),
        0xC2 if b.get(i + 1) == Some(&0xA3) => Some(("GBP", 2)),
        0xE2 if b.get(i + 1..i + 3) == Some(&[0x82, 0xAC]) => Some(("EUR", 3)),
        _ => None,
    }
}

/// "£ billion", "£m", "£000", "(£)", "£million": a currency sign followed by a
/// scale word, digits "000", a bracket or the end.
fn currency_scale(s: &[u8]) -> Option<Scale> {
    let i = (0..s.len()).find(|&i| currency_sign(s, i).is_some())?;
    let (code, len) = currency_sign(s, i)?;
    let mut j = i + len;
    while s.get(j) == Some(&b' ') {
        j += 1;
    }
    let we = (j..s.len())
        .find(|&k| !s[k].is_ascii_alphanumeric())
        .unwrap_or(s.len());
    // "£ billion1": a footnote digit may follow the word
    let word_end = (j..we).find(|&k| s[k].is_ascii_digit() && k > j && s[j].is_ascii_alphabetic());
    let w = &s[j..word_end.unwrap_or(we)];
    let pow = if w.is_empty() {
        (j >= s.len() || matches!(s[j], b')' | b',' | b' ')).then_some(0)?
    } else {
        scale_word(w)?
    };
    Some(Scale {
        unit: Unit::Currency(code.to_string()),
        pow10: pow,
    })
}

/// "(000s", "(thousands", "(millions": a count scale in brackets.
fn bracketed_count_scale(s: &[u8]) -> Option<Scale> {
    let mut k = 0;
    while let Some(p) = s[k..].iter().position(|&c| c == b'(') {
        let j = k + p + 1;
        let we = (j..s.len())
            .find(|&q| !s[q].is_ascii_alphanumeric())
            .unwrap_or(s.len());
        if let Some(pow) = scale_word(&s[j..we]).filter(|_| we - j >= 3) {
            return Some(Scale {
                unit: Unit::Count,
                pow10: pow,
            });
        }
        k = j;
    }
    None
}

/// A number in the line that is not part of a year, a footnote mark or a
/// scale ("2010-11", "billion1", "£000" are allowed): such a line holds data,
/// so it is not a header.
fn has_free_number(s: &[u8]) -> bool {
    let mut k = 0;
    while k < s.len() {
        if !s[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let e = (k..s.len())
            .find(|&q| !s[q].is_ascii_digit())
            .unwrap_or(s.len());
        let run = &s[k..e];
        let glued = k > 0 && s[k - 1].is_ascii_alphabetic();
        let year = run.len() == 4 && (run.starts_with(b"19") || run.starts_with(b"20"));
        let year_tail = run.len() == 2 && k > 0 && matches!(s[k - 1], b'-' | b'/');
        let thousands = run == b"000";
        if !(glued || year || year_tail || thousands) {
            return true;
        }
        k = e;
    }
    false
}

/// The scale a header line states, if the line is a header.
pub(crate) fn header_scale(line: &[u8]) -> Option<Scale> {
    let s = line.trim_ascii();
    if s.is_empty() || s.len() > MAX_HEADER || has_free_number(s) {
        return None;
    }
    if let Some(sc) = currency_scale(s) {
        return Some(sc);
    }
    let lower = s.to_ascii_lowercase();
    let percent = lower.windows(3).any(|w| w == b"(%)")
        || lower.ends_with(b"%")
        || lower.ends_with(b"per cent")
        || lower.ends_with(b"percent")
        || lower.windows(10).any(|w| w == b"(per cent)");
    if percent {
        return Some(Scale {
            unit: Unit::Percent,
            pow10: 0,
        });
    }
    bracketed_count_scale(s).or_else(|| {
        let words = |w: &[u8]| lower.split(|c| !c.is_ascii_alphanumeric()).any(|x| x == w);
        if words(b"thousands") || words(b"000s") {
            Some(Scale {
                unit: Unit::Count,
                pow10: 3,
            })
        } else if words(b"millions") {
            Some(Scale {
                unit: Unit::Count,
                pow10: 6,
            })
        } else {
            None
        }
    })
}

/// The scale a row label states in brackets: "Employment (000s, aged 16 and
/// over)", "Total weekly hours (millions)", "Spending (£m)".
pub(crate) fn row_scale(label: &[u8]) -> Option<Scale> {
    let mut k = 0;
    while let Some(p) = label[k..].iter().position(|&c| c == b'(') {
        let j = k + p;
        let inner_end = label[j..]
            .iter()
            .position(|&c| c == b')' || c == b',')
            .map_or(label.len(), |q| j + q);
        let inner = &label[j + 1..inner_end];
        if let Some(sc) = currency_scale(inner) {
            return Some(sc);
        }
        if inner == b"%" {
            return Some(Scale {
                unit: Unit::Percent,
                pow10: 0,
            });
        }
        // "(000s)", "(millions)"; never a one-letter list mark such as "(m)"
        let word = inner.trim_ascii();
        if let Some(pow) = scale_word(word).filter(|_| word.len() >= 3) {
            return Some(Scale {
                unit: Unit::Count,
                pow10: pow,
            });
        }
        k = j + 1;
    }
    None
}

/// A line of running prose: a table never reaches above one. A long line
/// without a closing full stop is a table's column headings ("County and
/// combined police authorities (England) 1992–93 Police SSA1 ..."), not prose.
fn prose(line: &[u8]) -> bool {
    let s = line.trim_ascii();
    s.len() > 300 || (s.ends_with(b".") && s.iter().filter(|&&c| c == b' ').count() >= 8)
}

/// The scale of the table whose row starts at `line_start`: the nearest header
/// above it, if no prose comes first.
pub(crate) fn column_scale(b: &[u8], line_start: usize) -> Option<Scale> {
    let mut end = line_start;
    let mut lines = 0;
    while lines < MAX_LINES_UP {
        if end == 0 {
            return None;
        }
        let e = end - 1; // the newline ending the line above
        let s = b[..e]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let line = &b[s..e];
        if line.trim_ascii().is_empty() {
            end = s;
            continue;
        }
        lines += 1;
        if let Some(sc) = header_scale(line) {
            return Some(sc);
        }
        if prose(line) {
            return None;
        }
        end = s;
    }
    None
}

/// The row starting at `line_start` follows the row starting at `prev_start`
/// with only blank lines between.
pub(crate) fn next_row(b: &[u8], prev_start: usize, line_start: usize) -> bool {
    if prev_start >= line_start {
        return false;
    }
    let Some(nl) = b[prev_start..line_start].iter().position(|&c| c == b'\n') else {
        return false;
    };
    b[prev_start + nl..line_start]
        .iter()
        .all(u8::is_ascii_whitespace)
}

/// Where a written minus sign before the number at `start` begins: "-12.4",
/// "−12.4" (U+2212), after a space, a bar or a bracket; at the start of a line
/// only for a table cell (elsewhere a leading "-" is a bullet).
pub(crate) fn minus_before(b: &[u8], start: usize, cell: bool) -> Option<usize> {
    let s = if start >= 1 && b[start - 1] == b'-' {
        start - 1
    } else if start >= 3 && &b[start - 3..start] == "\u{2212}".as_bytes() {
        start - 3
    } else {
        return None;
    };
    match s.checked_sub(1).map(|k| b[k]) {
        None | Some(b'\n' | b'\r') => cell.then_some(s),
        Some(b' ' | b'\t' | b'|' | b'(') => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbp(pow10: i32) -> Option<Scale> {
        Some(Scale {
            unit: Unit::Currency("GBP".into()),
            pow10,
        })
    }

    #[test]
    fn headers() {
        assert_eq!(
            header_scale("Not seasonally adjusted, £ billion1".as_bytes()),
            gbp(9)
        );
        assert_eq!(
            header_scale("£ billion (current prices)".as_bytes()),
            gbp(9)
        );
        assert_eq!(header_scale("£ million".as_bytes()), gbp(6));
        assert_eq!(header_scale("£000".as_bytes()), gbp(3));
        assert_eq!(header_scale("£million 2010-11".as_bytes()), gbp(6));
        assert_eq!(header_scale("£m".as_bytes()), gbp(6));
        assert_eq!(
            header_scale(b"Proportion (%)"),
            Some(Scale {
                unit: Unit::Percent,
                pow10: 0
            })
        );
        assert_eq!(
            header_scale(b"Thousands"),
            Some(Scale {
                unit: Unit::Count,
                pow10: 3
            })
        );
        // data and prose are not headers
        assert_eq!(header_scale("It cost £5 million".as_bytes()), None);
        assert_eq!(header_scale(b"Up to 20%"), None);
        assert_eq!(
            header_scale(b"Redundancies (000s, aged 16 years) | 104 | +5"),
            None
        );
    }

    #[test]
    fn rows() {
        assert_eq!(
            row_scale(b"Employment (000s, aged 16 years and over) | "),
            Some(Scale {
                unit: Unit::Count,
                pow10: 3
            })
        );
        assert_eq!(
            row_scale(b"Total weekly hours (millions) | "),
            Some(Scale {
                unit: Unit::Count,
                pow10: 6
            })
        );
        assert_eq!(row_scale("Spending (£m) ".as_bytes()), gbp(6));
        assert_eq!(
            row_scale(b"Redundancy rate (per thousand, aged 16) | "),
            None
        );
        assert_eq!(row_scale(b"(m) Cabinet Office4 "), None);
        assert_eq!(row_scale(b"(k) Lord Chancellor's Department "), None);
    }

    #[test]
    fn cells_and_signs() {
        let s = b"Net borrowing 15.9 14.0 -3.9\nIt was 15 in total";
        assert!(is_cell(s, 0, 14, 18));
        assert!(!is_cell(s, 29, 36, 38));
        assert_eq!(minus_before(s, 25, true), Some(24));
        assert_eq!(minus_before(b"2-3", 2, true), None);
        assert_eq!(minus_before("x \u{2212}4".as_bytes(), 5, false), Some(2));
        assert_eq!(minus_before(b"-5 items", 1, false), None);
    }
}
