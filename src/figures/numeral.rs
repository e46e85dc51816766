//! Numerals written in digits: "3,438,373", "377 000", "£ 762, 033.00", "4.2".

use super::text::{digits_end, space_len};

/// A run of digits with its thousands separators and decimal part.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Numeral {
    /// Byte offset just past the numeral.
    pub end: usize,
    /// The digits as an integer, decimal point removed (first 17 kept).
    mantissa: u64,
    /// Digits of `mantissa` after the decimal point.
    frac_digits: i32,
    /// Integer digits dropped from `mantissa` because it was full.
    dropped: i32,
    /// Digits before the decimal point, separators not counted.
    pub int_digits: usize,
    /// Thousands separators (commas or spaces) were used.
    pub grouped: bool,
    /// Starts with "0" followed by more integer digits ("0300", "007").
    pub leading_zero: bool,
    /// A second ".digits" follows the decimal part ("2.5.1"): a version or code.
    pub dotted: bool,
}

impl Numeral {
    /// No decimal part.
    pub fn is_int(&self) -> bool {
        self.frac_digits == 0
    }

    /// The value as written.
    pub fn value(&self) -> f64 {
        self.scaled(0)
    }

    /// The value times `10^pow10`, computed with one rounding.
    pub fn scaled(&self, pow10: i32) -> f64 {
        let e = pow10 - self.frac_digits + self.dropped;
        let m = self.mantissa as f64;
        if e >= 0 {
            m * 10f64.powi(e)
        } else {
            m / 10f64.powi(-e)
        }
    }

    /// The integer value, if the numeral is an integer that fits.
    pub fn int(&self) -> Option<u64> {
        (self.is_int() && self.dropped == 0).then_some(self.mantissa)
    }

    /// A plain four-digit number between 1900 and 2099, written without
    /// separators: a year.
    pub fn is_year_like(&self) -> bool {
        !self.grouped
            && self.int_digits == 4
            && self.int().is_some_and(|v| (1900..=2099).contains(&v))
    }

    fn push(&mut self, d: u8, frac: bool) {
        if self.mantissa < 10_000_000_000_000_000 {
            self.mantissa = self.mantissa * 10 + u64::from(d - b'0');
            if frac {
                self.frac_digits += 1;
            }
        } else if !frac {
            self.dropped += 1;
        }
    }

    fn push_all(&mut self, digits: &[u8], frac: bool) {
        for &d in digits {
            self.push(d, frac);
        }
    }
}

/// Exactly three digits at `k`, not followed by a further digit.
fn group_at(b: &[u8], k: usize) -> bool {
    b.get(k..k + 3)
        .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !b.get(k + 3).is_some_and(u8::is_ascii_digit)
}

/// After a space-separated group: nothing that would make the group the start
/// of another token ("50 100-metre", "10 100/2").
fn clean_after_space_group(b: &[u8], k: usize) -> bool {
    match b.get(k) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() => false,
        Some(b'-' | b'/' | b':') => false,
        Some(0xE2) => b.get(k + 1..k + 3) != Some(&[0x80, 0x93]),
        Some(_) => true,
    }
}

#[derive(PartialEq)]
enum Sep {
    None,
    Comma,
    Space,
}

/// Parses the numeral starting at `i` (an ASCII digit).
///
/// Thousands may be grouped by commas ("1,230,500") or by single spaces
/// ("377 000"), never both. `loose_commas` (used after a currency sign) also
/// accepts a stray space after a comma ("762, 033"), as seen in real tables.
pub(crate) fn parse(b: &[u8], i: usize, loose_commas: bool) -> Option<Numeral> {
    let first_end = digits_end(b, i);
    if first_end == i {
        return None;
    }
    let mut n = Numeral {
        int_digits: first_end - i,
        leading_zero: b[i] == b'0' && first_end - i > 1,
        ..Numeral::default()
    };
    n.push_all(&b[i..first_end], false);
    let mut j = first_end;
    let mut sep = Sep::None;
    if first_end - i <= 3 {
        loop {
            if sep != Sep::Space && b.get(j) == Some(&b',') {
                let mut k = j + 1;
                if loose_commas && b.get(k) == Some(&b' ') {
                    k += 1;
                }
                if group_at(b, k) {
                    n.push_all(&b[k..k + 3], false);
                    n.int_digits += 3;
                    j = k + 3;
                    sep = Sep::Comma;
                    continue;
                }
                break;
            }
            if sep != Sep::Comma {
                let sp = space_len(b, j);
                if sp > 0 && group_at(b, j + sp) && clean_after_space_group(b, j + sp + 3) {
                    let k = j + sp;
                    n.push_all(&b[k..k + 3], false);
                    n.int_digits += 3;
                    j = k + 3;
                    sep = Sep::Space;
                    continue;
                }
            }
            break;
        }
    }
    n.grouped = sep != Sep::None;
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        let fe = digits_end(b, j + 1);
        n.push_all(&b[j + 1..fe], true);
        j = fe;
        if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
            n.dotted = true;
        }
    }
    n.end = j;
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Numeral {
        parse(s.as_bytes(), 0, false).unwrap()
    }

    #[test]
    fn plain_grouped_and_decimal() {
        assert_eq!(p("41 migrants").value(), 41.0);
        assert_eq!(p("3,438,373 x").value(), 3_438_373.0);
        assert_eq!(p("1,230,500.00").value(), 1_230_500.0);
        assert_eq!(p("4.2 million").value(), 4.2);
        assert_eq!(p("4.2 million").scaled(6), 4_200_000.0);
        assert_eq!(p("11.4million").scaled(6), 11_400_000.0);
        assert_eq!(p("1.5").scaled(6), 1_500_000.0);
    }

    #[test]
    fn space_groups() {
        let n = p("377 000 people");
        assert_eq!(n.value(), 377_000.0);
        assert!(n.grouped);
        assert_eq!(n.end, 7);
        assert_eq!(p("377\u{a0}000").value(), 377_000.0);
        // not a group: four digits, or followed by a hyphenated word
        assert_eq!(p("10 2023").value(), 10.0);
        assert_eq!(p("50 100-metre").value(), 50.0);
        assert_eq!(p("2019 500").value(), 2019.0);
    }

    #[test]
    fn loose_commas_only_when_asked() {
        let s = b"762, 033.00";
        assert_eq!(parse(s, 0, true).unwrap().value(), 762_033.0);
        assert_eq!(parse(s, 0, false).unwrap().value(), 762.0);
    }

    #[test]
    fn bad_groups_stop_the_numeral() {
        assert_eq!(p("1,2,3").value(), 1.0);
        assert_eq!(p("1234,567").value(), 1234.0);
        assert_eq!(p("12,3456").value(), 12.0);
    }

    #[test]
    fn flags() {
        assert!(p("2.5.1").dotted);
        assert!(p("0300 123").leading_zero);
        assert!(!p("0.5").leading_zero);
        assert!(p("2019").is_year_like());
        assert!(!p("2,019").is_year_like());
        assert!(!p("1899").is_year_like());
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let n = p("123456789012345678901234567890");
        assert!((n.value() / 1.234_567_890_123_456_7e29 - 1.0).abs() < 1e-9);
    }
}
