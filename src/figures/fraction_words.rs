//! Shares written as fractions in words: "a third", "two thirds",
//! "three-quarters", "a fifth", "half". The figure standard counts each as a
//! `ratio` whose value is the fraction ("two thirds" 0.6667).
//!
//! The same words also name periods and ranks ("a quarter of an hour", "the
//! first half of 2023", "a third review", "on the quarter"), so each form is
//! accepted only where it reads as a share: a singular fraction must be
//! followed by "of" or a bracketed restatement ("a quarter (26%)"); "half"
//! must also not follow an ordinal.

use super::text::{is, letters_end, next_word, prev_word, skip_gap};
use super::words;

/// A share in words: its end and value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Share {
    pub end: usize,
    pub value: f64,
}

/// The denominator named by `w` and whether it is plural ("thirds").
fn denominator(w: &[u8]) -> Option<(f64, bool)> {
    const NAMES: &[(&str, &str, f64)] = &[
        ("third", "thirds", 3.0),
        ("quarter", "quarters", 4.0),
        ("fifth", "fifths", 5.0),
        ("sixth", "sixths", 6.0),
        ("seventh", "sevenths", 7.0),
        ("eighth", "eighths", 8.0),
        ("ninth", "ninths", 9.0),
        ("tenth", "tenths", 10.0),
    ];
    NAMES.iter().find_map(|&(one, many, d)| {
        if is(w, one) {
            Some((d, false))
        } else if is(w, many) {
            Some((d, true))
        } else {
            None
        }
    })
}

/// The numerator a word gives: "a"/"an"/"one" 1, "two" .. "nine".
fn numerator(w: &[u8]) -> Option<f64> {
    if is(w, "a") || is(w, "an") {
        return Some(1.0);
    }
    let v = words::small_value(w)?;
    (1..=9).contains(&v).then_some(f64::from(v))
}

/// What follows a share confirms it: "of" (but not "of an hour", "of 2023"),
/// or a bracket ("a quarter (26%)"), or, for "half", "the"/"as" ("half the
/// number", "half as many").
fn reads_as_share(b: &[u8], end: usize, half: bool, plural: bool) -> bool {
    let Some(j) = skip_gap(b, end) else {
        return false;
    };
    if b.get(j) == Some(&b'(') {
        return true;
    }
    let e = letters_end(b, j);
    let w = &b[j..e];
    if is(w, "of") {
        // "of an hour", "of a century", "of 2023": a period, not a share
        return match next_word(b, e) {
            Some((s2, e2)) => !(is(&b[s2..e2], "an") || is(&b[s2..e2], "a")),
            None => skip_gap(b, e).is_some_and(|k| !b[k].is_ascii_digit()),
        };
    }
    if half {
        return is(w, "the") || is(w, "as") || is(w, "their") || is(w, "all");
    }
    // "two thirds owned by councils": a plural fraction is a share unless a
    // unit of time follows ("three quarters of an hour" is caught above)
    plural && e > j && !super::lexicon::time_unit(w)
}

/// A share starting at the word `b[i..]`, if there is one.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Share> {
    let we = letters_end(b, i);
    let w = &b[i..we];
    if is(w, "half") {
        if b.get(we) == Some(&b'-') {
            return None; // "half-year", "half-term"
        }
        let ordinal_before = prev_word(b, i).is_some_and(|(s, e)| {
            let p = &b[s..e];
            ["first", "second", "latter", "other", "final", "last", "and"]
                .iter()
                .any(|o| is(p, o))
        });
        if ordinal_before || !reads_as_share(b, we, true, false) {
            return None;
        }
        return Some(Share {
            end: we,
            value: 0.5,
        });
    }
    let num = numerator(w)?;
    // "three-quarters", "two-thirds" or "two thirds"
    let (ds, de) = if b.get(we) == Some(&b'-') {
        let s = we + 1;
        (s, letters_end(b, s))
    } else {
        next_word(b, we)?
    };
    let (den, plural) = denominator(&b[ds..de])?;
    if plural != (num > 1.0) || !reads_as_share(b, de, false, plural) {
        return None;
    }
    Some(Share {
        end: de,
        value: num / den,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(s: &str) -> Option<(String, f64)> {
        let b = s.as_bytes();
        (0..b.len())
            .filter(|&i| b[i].is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphabetic()))
            .find_map(|i| at(b, i).map(|sh| (s[i..sh.end].to_string(), sh.value)))
    }

    #[test]
    fn shares() {
        assert_eq!(
            share("around a quarter of adults"),
            Some(("a quarter".into(), 0.25))
        );
        assert_eq!(
            share("three-quarters (75%) of"),
            Some(("three-quarters".into(), 0.75))
        );
        assert_eq!(
            share("almost two thirds owned by"),
            Some(("two thirds".into(), 2.0 / 3.0))
        );
        assert_eq!(
            share("Only a fifth of pupils"),
            Some(("a fifth".into(), 0.2))
        );
        assert_eq!(
            share("Over half (57%) of adults"),
            Some(("half".into(), 0.5))
        );
        assert_eq!(
            share("less than half the number"),
            Some(("half".into(), 0.5))
        );
        assert_eq!(share("half as many"), Some(("half".into(), 0.5)));
        assert_eq!(
            share("one third of cases"),
            Some(("one third".into(), 1.0 / 3.0))
        );
    }

    #[test]
    fn not_shares() {
        assert_eq!(share("in the first half of 2023"), None);
        assert_eq!(share("a quarter of an hour"), None);
        assert_eq!(share("a third review"), None);
        assert_eq!(share("down 0.1 on the quarter"), None);
        assert_eq!(share("the half-year results"), None);
        assert_eq!(share("half an hour"), None);
        assert_eq!(share("two thirds of a century"), None);
        assert_eq!(share("a quarter of 2023"), None);
    }
}
