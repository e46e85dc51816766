//! What around a number written in digits says it is not a figure: codes and
//! names ("Covid-19", "COP 26", "Section 3"), list numbering ("1. ", "2) "),
//! ages ("aged 25", "Awad, 25, of London", "(25)") and day-of-month dates
//! after the month ("May 23").

use super::lexicon;
use super::numeral::Numeral;
use super::text::{at_line_start, is, letters_start, next_word, prev_word};

/// The digits at `i` belong to a code or a name, judged by what comes before:
/// a letter joined by a hyphen ("Covid-19"), a slash, hash or plus ("24/7",
/// "#5", "+44"), a dotted token ("v2.5"), a label ("Section 3", "call 999",
/// "No. 10") or an acronym ("COP 26").
pub(crate) fn code_before(b: &[u8], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = b[i - 1];
    let pp = if i >= 2 { b[i - 2] } else { b' ' };
    match p {
        b'-' if pp.is_ascii_alphabetic() => return true,
        // "+44" is a dialling code, but "| +247 |" in a table is a signed cell
        b'+' => return !(matches!(pp, b'|' | b'(') || (pp == b' ' && i >= 3 && b[i - 3] == b'|')),
        b'/' | b'#' | b'@' | b'_' | b'\\' | b'=' | b'^' => return true,
        b'.' | b':' if pp.is_ascii_alphanumeric() => return true,
        _ => {}
    }
    // "No. 10", "para. 4"
    if matches!(p, b' ') && pp == b'.' && i >= 3 {
        let s = letters_start(b, i - 2);
        let w = &b[s..i - 2];
        if is(w, "no")
            || is(w, "nos")
            || is(w, "para")
            || is(w, "art")
            || is(w, "fig")
            || is(w, "vol")
        {
            return true;
        }
    }
    match prev_word(b, i) {
        Some((s, e)) => {
            let w = &b[s..e];
            lexicon::code_label(w) || (lexicon::acronym(w) && lexicon::currency_code(w).is_none())
        }
        None => false,
    }
}

/// The base of a rate: "per 100,000 people", "for every 10,000 residents".
/// The standard reports the rate's value, not its base.
pub(crate) fn rate_base(b: &[u8], i: usize) -> bool {
    let Some((s1, e1)) = prev_word(b, i) else {
        return false;
    };
    let w1 = &b[s1..e1];
    if is(w1, "per") {
        return true;
    }
    is(w1, "every") && prev_word(b, s1).is_some_and(|(s2, e2)| is(&b[s2..e2], "for"))
}

/// An age: "aged 25", "aged between 18 and 25", "aged under 18", "the age of 18".
pub(crate) fn age_before(b: &[u8], i: usize) -> bool {
    let Some((s1, e1)) = prev_word(b, i) else {
        return false;
    };
    let w1 = &b[s1..e1];
    if is(w1, "aged") || is(w1, "age") || is(w1, "ages") {
        return true;
    }
    let Some((s2, e2)) = prev_word(b, s1) else {
        return false;
    };
    let w2 = &b[s2..e2];
    let aged = is(w2, "aged") || is(w2, "ages");
    (aged
        && (is(w1, "between")
            || is(w1, "under")
            || is(w1, "over")
            || is(w1, "from")
            || is(w1, "up")))
        || (is(w1, "of") && is(w2, "age"))
}

/// An age written as a bound on people: "children under 16", "people over
/// 65", "adults (16+)", "16+ year olds". A count after "under"/"over" is a
/// figure ("over 50 projects"); only a people word before it makes it an age.
pub(crate) fn age_bound(b: &[u8], i: usize, n: &Numeral) -> bool {
    if n.grouped || n.int_digits > 2 || n.int().is_none() {
        return false;
    }
    if b.get(n.end) == Some(&b'+') {
        let after = b.get(n.end + 1);
        if i > 0 && b[i - 1] == b'(' && after == Some(&b')') {
            return true;
        }
        if next_word(b, n.end + 1)
            .is_some_and(|(s, e)| is(&b[s..e], "year") || is(&b[s..e], "years"))
        {
            return true;
        }
    }
    let Some((s1, e1)) = prev_word(b, i) else {
        return false;
    };
    if !(is(&b[s1..e1], "under") || is(&b[s1..e1], "over")) {
        return false;
    }
    const PEOPLE: &[&str] = &[
        "children", "child", "adults", "people", "those", "anyone", "pupils", "girls", "boys",
        "women", "men", "persons", "everyone", "students", "young", "aged", "patients",
    ];
    prev_word(b, s1).is_some_and(|(s2, e2)| PEOPLE.iter().any(|p| is(&b[s2..e2], p)))
}

/// A month name just before ("May 23"); the caller checks the day is 1..=31.
pub(crate) fn month_before(b: &[u8], i: usize) -> bool {
    prev_word(b, i).is_some_and(|(s, e)| lexicon::month(&b[s..e]))
}

/// List numbering: a small integer followed by "." or ")" and a space or line
/// end, at the start of a line ("  2. This programme") or after a table's row
/// label ("Derbyshire 1. The Changes Programme").
pub(crate) fn list_marker(b: &[u8], i: usize, n: &Numeral) -> bool {
    if n.grouped || n.int_digits > 2 || n.int().is_none() {
        return false;
    }
    if !matches!(b.get(n.end), Some(b'.' | b')')) {
        return false;
    }
    if !b.get(n.end + 1).is_none_or(u8::is_ascii_whitespace) {
        return false;
    }
    at_line_start(b, i) || prev_word(b, i).is_some_and(|(s, _)| b[s].is_ascii_uppercase())
}

/// A section number at the start of a line: "2.1 ‘Waste from households’",
/// "3.4 Results" (one or two digits, a point, one digit, then a capital or a
/// quotation mark).
pub(crate) fn section_number(b: &[u8], i: usize, n: &Numeral) -> bool {
    if n.grouped || n.int_digits > 2 || n.end - i != n.int_digits + 2 || !at_line_start(b, i) {
        return false;
    }
    if b.get(n.end) != Some(&b' ') {
        return false;
    }
    match b.get(n.end + 1) {
        Some(c) if c.is_ascii_uppercase() => next_word(b, n.end)
            .is_none_or(|(s, e)| lexicon::scale(&b[s..e], false, false).is_none()),
        Some(b'"' | b'\'') => true,
        // ‘ “ (E2 80 98 / E2 80 9C)
        Some(0xE2) => {
            b.get(n.end + 2) == Some(&0x80) && matches!(b.get(n.end + 3), Some(0x98 | 0x9C))
        }
        _ => false,
    }
}

/// A house number: the number is followed by a capitalised name and a street
/// word ("2 Marsham Street", "10 Downing Street").
pub(crate) fn street_after(b: &[u8], end: usize) -> bool {
    let Some((s, e)) = next_word(b, end) else {
        return false;
    };
    if !b[s].is_ascii_uppercase() {
        return false;
    }
    next_word(b, e).is_some_and(|(s2, e2)| lexicon::street(&b[s2..e2]))
}

/// A bare integer in brackets: a list marker, footnote or age ("(1)", "[2]",
/// "Smith (25)").
pub(crate) fn bracketed(b: &[u8], i: usize, n: &Numeral) -> bool {
    if i == 0 || n.int().is_none() {
        return false;
    }
    // "[122240]": square brackets hold question numbers and references
    if b[i - 1] == b'[' && b.get(n.end) == Some(&b']') {
        return true;
    }
    matches!(b[i - 1], b'(' | b'[')
        && matches!(b.get(n.end), Some(b')' | b']'))
        && !n.grouped
        && n.int_digits <= 3
}

/// An age between commas after a name or a noun: "Mohamed Awad, 25, of
/// London", "The suspect, 34, of Leeds", "Smith, 40, was".
pub(crate) fn name_age(b: &[u8], i: usize, n: &Numeral) -> bool {
    if i < 3 || b[i - 1] != b' ' || b[i - 2] != b',' || !b[i - 3].is_ascii_alphabetic() {
        return false;
    }
    if n.int().is_none_or(|v| v > 120) || n.grouped || b.get(n.end) != Some(&b',') {
        return false;
    }
    let Some((s, e)) = next_word(b, n.end + 1) else {
        return false;
    };
    let w = &b[s..e];
    let name = b[letters_start(b, i - 2)].is_ascii_uppercase();
    // "of London", "from Leeds": a place name follows
    let place = (is(w, "of") || is(w, "from"))
        && next_word(b, e).is_some_and(|(s2, _)| b[s2].is_ascii_uppercase());
    place
        || (name && (is(w, "of") || is(w, "from") || is(w, "who") || is(w, "was") || is(w, "and")))
}

#[cfg(test)]
mod tests {
    use super::super::numeral;
    use super::*;

    fn num(s: &str, at: usize) -> Numeral {
        numeral::parse(s.as_bytes(), at, false).unwrap()
    }

    #[test]
    fn codes() {
        assert!(code_before(b"Covid-19", 6));
        assert!(code_before(b"COP 26", 4));
        assert!(code_before(b"Section 3 of", 8));
        assert!(code_before(b"call 999", 5));
        assert!(code_before(b"No. 10", 4));
        assert!(code_before(b"24/7", 3));
        assert!(!code_before(b"over 500", 5));
        assert!(!code_before(b"GBP 5", 4));
        assert!(!code_before(b"2-3", 2));
        assert!(code_before(b"vol 354", 4));
        assert!(code_before(b"HL Deb cols 2301", 12));
        assert!(code_before(b"Notes 5,6 and 7", 6));
    }

    #[test]
    fn rate_bases() {
        assert!(rate_base(b"deaths per 100,000 people", 11));
        assert!(rate_base(b"for every 10,000 people", 10));
        assert!(!rate_base(b"in every 20", 9));
        assert!(!rate_base(b"up to 20", 6));
    }

    #[test]
    fn ages() {
        assert!(age_before(b"aged 25", 5));
        assert!(age_before(b"aged between 18", 13));
        assert!(age_before(b"the age of 18", 11));
        assert!(!age_before(b"over 18", 5));
        let s = "Mohamed Awad, 25, of London";
        assert!(name_age(s.as_bytes(), 14, &num(s, 14)));
        let s = "The suspect, 34, of Leeds";
        assert!(name_age(s.as_bytes(), 13, &num(s, 13)));
        let s = "in Leeds, 25, 26 and 27";
        assert!(!name_age(s.as_bytes(), 10, &num(s, 10)));
        let s = "in total, 34, of which";
        assert!(!name_age(s.as_bytes(), 10, &num(s, 10)));
    }

    #[test]
    fn list_markers() {
        let s = "x\n2. This programme";
        assert!(list_marker(s.as_bytes(), 2, &num(s, 2)));
        let s = "Derbyshire 1. The Changes";
        assert!(list_marker(s.as_bytes(), 11, &num(s, 11)));
        let s = "the total rose to 41. The next";
        assert!(!list_marker(s.as_bytes(), 18, &num(s, 18)));
        let s = "(1) first";
        assert!(bracketed(s.as_bytes(), 1, &num(s, 1)));
    }

    #[test]
    fn sections() {
        let s = "x\n2.1 \u{2018}Waste from Households";
        assert!(section_number(s.as_bytes(), 2, &num(s, 2)));
        let s = "x\n2.1 Million people";
        assert!(!section_number(s.as_bytes(), 2, &num(s, 2)));
        let s = "x\n2.1 million people";
        assert!(!section_number(s.as_bytes(), 2, &num(s, 2)));
    }

    #[test]
    fn signs_and_codes() {
        assert!(code_before(b"call +44", 6));
        assert!(!code_before(b"| +247 |", 3));
        assert!(!code_before(b"(+5%)", 2));
    }

    #[test]
    fn streets() {
        assert!(street_after(b"2 Marsham Street", 1));
        assert!(street_after(b"10 Downing Street", 2));
        assert!(!street_after(b"10 London boroughs", 2));
    }

    #[test]
    fn months() {
        assert!(month_before(b"May 23", 4));
        assert!(!month_before(b"may 23", 4));
    }
}
