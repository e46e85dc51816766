//! Numbers written in words: "Seventy", "twenty-five", "two hundred and fifty",
//! "half a million", "a quarter of a million", "two and a half billion".

use super::text::{is, letters_end, next_is, next_word};

/// A number written in words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Spelled {
    /// Byte offset just past the last word.
    pub end: usize,
    pub value: f64,
    /// A scale word was used ("hundred", "thousand", "million", ...).
    pub scaled: bool,
}

/// Value of "one" .. "nineteen" and of the tens "twenty" .. "ninety".
/// The bool is true for the tens, which may take a unit ("twenty-five").
fn small(w: &[u8]) -> Option<(u32, bool)> {
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    let mut buf = [0u8; 9];
    for (d, c) in buf.iter_mut().zip(w) {
        *d = c.to_ascii_lowercase();
    }
    let v = match &buf[..w.len()] {
        b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        b"eleven" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        b"twenty" => return Some((20, true)),
        b"thirty" => return Some((30, true)),
        b"forty" => return Some((40, true)),
        b"fifty" => return Some((50, true)),
        b"sixty" => return Some((60, true)),
        b"seventy" => return Some((70, true)),
        b"eighty" => return Some((80, true)),
        b"ninety" => return Some((90, true)),
        _ => return None,
    };
    Some((v, false))
}

/// Value of "one" .. "ninety" as a single word ("seven" 7), for callers that
/// only need the number.
pub(crate) fn small_value(w: &[u8]) -> Option<u32> {
    small(w).map(|(v, _)| v)
}

/// "thousand", "million", "billion", "trillion".
fn big(w: &[u8]) -> Option<f64> {
    if is(w, "thousand") {
        Some(1e3)
    } else if is(w, "million") {
        Some(1e6)
    } else if is(w, "billion") {
        Some(1e9)
    } else if is(w, "trillion") {
        Some(1e12)
    } else {
        None
    }
}

/// "hundred" or a big scale.
fn any_scale(w: &[u8]) -> Option<f64> {
    if is(w, "hundred") {
        Some(100.0)
    } else {
        big(w)
    }
}

/// Could the word at `w` start a spelled number? A cheap filter for the scanner.
pub(crate) fn may_start(w: &[u8]) -> bool {
    match w.len() {
        1 => w[0] == b'a' || w[0] == b'A',
        3..=9 => match w[0] | 0x20 {
            b'h' => is(w, "half"),
            b'q' => is(w, "quarter"),
            b'o' | b't' | b'f' | b's' | b'e' | b'n' => small(w).is_some(),
            _ => false,
        },
        _ => false,
    }
}

/// Parses a spelled number whose first word is `b[start..]` (an ASCII word).
pub(crate) fn parse(b: &[u8], start: usize) -> Option<Spelled> {
    let we = letters_end(b, start);
    let w = &b[start..we];
    if is(w, "a") {
        // "a million", "a hundred", "a quarter of a million"
        let (s2, e2) = next_word(b, we)?;
        let w2 = &b[s2..e2];
        if let Some(m) = any_scale(w2) {
            return Some(Spelled {
                end: e2,
                value: m,
                scaled: true,
            });
        }
        return if is(w2, "quarter") {
            quarter_of_a(b, e2)
        } else {
            None
        };
    }
    if is(w, "half") {
        let e = next_is(b, we, "a")?;
        let (s3, e3) = next_word(b, e)?;
        let m = big(&b[s3..e3])?;
        return Some(Spelled {
            end: e3,
            value: 0.5 * m,
            scaled: true,
        });
    }
    if is(w, "quarter") {
        return quarter_of_a(b, we);
    }
    let (first, tens) = small(w)?;
    let mut value = f64::from(first);
    let mut end = we;
    if tens {
        if let Some((u, e)) = unit_after_tens(b, end) {
            value += f64::from(u);
            end = e;
        }
    }
    let mut scaled = false;
    if let Some(e) = next_is(b, end, "hundred") {
        value *= 100.0;
        end = e;
        scaled = true;
        // "two hundred and fifty"
        if let Some(e_and) = next_is(b, end, "and") {
            if let Some((s, e)) = next_word(b, e_and) {
                if let Some((v, t)) = small(&b[s..e]) {
                    let mut add = f64::from(v);
                    let mut e_add = e;
                    if t {
                        if let Some((u, e2)) = unit_after_tens(b, e) {
                            add += f64::from(u);
                            e_add = e2;
                        }
                    }
                    value += add;
                    end = e_add;
                }
            }
        }
    }
    // "two and a half million"
    let mut half_end = None;
    if let Some(e) = next_is(b, end, "and")
        .and_then(|e| next_is(b, e, "a"))
        .and_then(|e| next_is(b, e, "half"))
    {
        half_end = Some(e);
    }
    let scale_from = half_end.unwrap_or(end);
    if let Some((s, e)) = next_word(b, scale_from) {
        if let Some(m) = big(&b[s..e]) {
            let v = if half_end.is_some() {
                value + 0.5
            } else {
                value
            };
            return Some(Spelled {
                end: e,
                value: v * m,
                scaled: true,
            });
        }
    }
    Some(Spelled { end, value, scaled })
}

/// After a tens word: "-five" or " five".
fn unit_after_tens(b: &[u8], end: usize) -> Option<(u32, usize)> {
    let (s, e) = if matches!(b.get(end), Some(b'-')) {
        let s = end + 1;
        (s, letters_end(b, s))
    } else {
        next_word(b, end)?
    };
    match small(b.get(s..e)?) {
        Some((u, false)) if u < 10 => Some((u, e)),
        _ => None,
    }
}

/// "of a million" after "quarter".
fn quarter_of_a(b: &[u8], after_quarter: usize) -> Option<Spelled> {
    let e = next_is(b, after_quarter, "of")?;
    let e = next_is(b, e, "a")?;
    let (s, e) = next_word(b, e)?;
    let m = big(&b[s..e])?;
    Some(Spelled {
        end: e,
        value: 0.25 * m,
        scaled: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<(f64, usize, bool)> {
        parse(s.as_bytes(), 0).map(|p| (p.value, p.end, p.scaled))
    }

    #[test]
    fn simple_and_compound() {
        assert_eq!(v("Seventy per cent"), Some((70.0, 7, false)));
        assert_eq!(v("twenty-five officers"), Some((25.0, 11, false)));
        assert_eq!(v("twenty five"), Some((25.0, 11, false)));
        assert_eq!(v("two years"), Some((2.0, 3, false)));
        assert_eq!(v("two hundred and fifty-one x"), Some((251.0, 25, true)));
        assert_eq!(v("one hundred"), Some((100.0, 11, true)));
    }

    #[test]
    fn scaled_forms() {
        assert_eq!(v("half a million visas"), Some((500_000.0, 14, true)));
        assert_eq!(v("a million"), Some((1e6, 9, true)));
        assert_eq!(v("a quarter of a million"), Some((250_000.0, 22, true)));
        assert_eq!(v("quarter of a billion"), Some((2.5e8, 20, true)));
        assert_eq!(v("two and a half million"), Some((2.5e6, 22, true)));
        assert_eq!(v("three million"), Some((3e6, 13, true)));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(v("a year"), None);
        assert_eq!(v("half the"), None);
        assert_eq!(v("someone"), None);
        assert_eq!(v("ones"), None);
        // "and a half" without a scale stays outside the number
        assert_eq!(v("two and a half years"), Some((2.0, 3, false)));
    }

    #[test]
    fn filter() {
        assert!(may_start(b"Seventy"));
        assert!(may_start(b"a"));
        assert!(!may_start(b"the"));
        assert!(!may_start(b"government"));
    }
}
