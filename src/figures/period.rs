//! The period a figure covers, when the sentence states one: "since 2019",
//! "from June 2021 to June 2022", "over the next 3 years", "a year",
//! "per year", "in 2022", "within a 6-month period", "last year".
//!
//! The period is looked for after the figure, up to the end of the sentence or
//! the next figure; failing that, before it, but only when no other figure
//! precedes it in the same sentence ("Last year almost half a million ...").
//! It is returned as written, with its preposition: "since 2019" and "by 2030"
//! mean different things.

use super::lexicon;
use super::text::{
    boundary_before, digits_end, is, letters_end, next_is, next_word, sentence_end, sentence_start,
    skip_gap,
};
use super::words;

/// How far either side of a figure to look, in bytes.
const REACH: usize = 240;

/// The period for the figure ending at `end` (with its qualifier starting at
/// `q_start`), given the neighbouring figures' bounds. Byte range in `b`.
pub(crate) fn find(
    b: &[u8],
    end: usize,
    q_start: usize,
    prev_end: usize,
    next_start: usize,
) -> Option<(usize, usize)> {
    let fwd_limit = sentence_end(b, end, end.saturating_add(REACH)).min(next_start);
    if let Some(m) = first_match(b, end, fwd_limit) {
        return Some(m);
    }
    let s_start = sentence_start(b, q_start, q_start.saturating_sub(REACH));
    if prev_end > s_start {
        return None;
    }
    last_match(b, s_start, q_start)
}

fn trigger(c: u8) -> bool {
    matches!(
        c.to_ascii_lowercase(),
        b'f' | b'b'
            | b's'
            | b'i'
            | b'd'
            | b'u'
            | b't'
            | b'o'
            | b'w'
            | b'a'
            | b'p'
            | b'e'
            | b'l'
            | b'n'
    )
}

fn word_starts(b: &[u8], from: usize, limit: usize) -> impl Iterator<Item = usize> + '_ {
    (from..limit.min(b.len()))
        .filter(move |&p| b[p].is_ascii_alphabetic() && boundary_before(b, p) && trigger(b[p]))
}

fn first_match(b: &[u8], from: usize, limit: usize) -> Option<(usize, usize)> {
    word_starts(b, from, limit).find_map(|p| match_at(b, p, limit).map(|e| (p, chain(b, e, limit))))
}

fn last_match(b: &[u8], from: usize, limit: usize) -> Option<(usize, usize)> {
    let mut best = None;
    let mut next_from = from;
    for p in word_starts(b, from, limit) {
        if p < next_from {
            continue;
        }
        if let Some(e) = match_at(b, p, limit) {
            let e = chain(b, e, limit);
            best = Some((p, e));
            next_from = e;
        }
    }
    best
}

/// A second period straight after the first: "over a 16-day period in
/// November 2021", "each year by 2030".
fn chain(b: &[u8], e: usize, limit: usize) -> usize {
    match next_word(b, e) {
        Some((s, _)) => match_at(b, s, limit).unwrap_or(e),
        None => e,
    }
}

/// A period starting at the word at `p`; returns its end.
fn match_at(b: &[u8], p: usize, limit: usize) -> Option<usize> {
    let we = letters_end(b, p);
    let w = &b[p..we];
    let end = if is(w, "from") {
        let e = date(b, we)?;
        let e = connector(b, e)?;
        date(b, e)
    } else if is(w, "between") {
        let e = date(b, we)?;
        let e = next_is(b, e, "and")?;
        date(b, e)
    } else if is(w, "since") {
        date(b, we)
    } else if is(w, "on") {
        // only a full day: "on 15 March 2023"
        let s = skip_gap(b, we)?;
        if (1..=2).contains(&(digits_end(b, s) - s)) {
            date(b, we)
        } else {
            None
        }
    } else if is(w, "in") || is(w, "during") || is(w, "by") || is(w, "until") || is(w, "throughout")
    {
        date(b, we).or_else(|| span(b, we))
    } else if is(w, "over") || is(w, "within") {
        span(b, we)
    } else if is(w, "a") || is(w, "per") || is(w, "each") || is(w, "every") {
        let (s, e) = next_word(b, we)?;
        let u = &b[s..e];
        let unit = ["year", "month", "week", "day", "annum", "quarter"]
            .iter()
            .any(|x| is(u, x));
        (unit && b.get(e) != Some(&b'-')).then_some(e)
    } else if is(w, "annually") {
        Some(we)
    } else if is(w, "last") || is(w, "this") || is(w, "next") || is(w, "past") {
        let (s, e) = next_word(b, we)?;
        let u = &b[s..e];
        let unit = ["year", "month", "week", "decade", "quarter"]
            .iter()
            .any(|x| is(u, x));
        (unit && b.get(e) != Some(&b'-')).then_some(e)
    } else {
        None
    };
    end.filter(|&e| e <= limit)
}

/// "to", "until", "and", or a dash between two dates.
fn connector(b: &[u8], e: usize) -> Option<usize> {
    if let Some((s, we)) = next_word(b, e) {
        let w = &b[s..we];
        return (is(w, "to") || is(w, "until") || is(w, "and")).then_some(we);
    }
    let j = skip_gap(b, e).unwrap_or(e);
    match b.get(j) {
        Some(b'-') => Some(j + 1),
        Some(0xE2) if b.get(j + 1..j + 3) == Some(&[0x80, 0x93]) => Some(j + 3),
        _ => None,
    }
}

/// After "in", "over", "within", ...: "the next 3 years", "the year to March
/// 2023", "a 6-month period", "3 years".
fn span(b: &[u8], e: usize) -> Option<usize> {
    let (s, we) = next_word(b, e).or_else(|| {
        let s = skip_gap(b, e)?;
        b.get(s).is_some_and(u8::is_ascii_digit).then_some((s, s))
    })?;
    let w = &b[s..we];
    if is(w, "the") {
        let (s2, e2) = next_word(b, we)?;
        let w2 = &b[s2..e2];
        let rel = [
            "next",
            "past",
            "last",
            "previous",
            "coming",
            "following",
            "first",
            "same",
        ];
        if rel.iter().any(|r| is(w2, r)) {
            return count_unit(b, e2);
        }
        // "the year to March 2023", "the 12 months to June"
        let e3 = count_unit(b, we)?;
        let e4 = next_is(b, e3, "to").or_else(|| next_is(b, e3, "ending"))?;
        return date(b, e4);
    }
    if is(w, "a") {
        // "a 16-day period"
        let s2 = skip_gap(b, we)?;
        let d = digits_end(b, s2);
        if d == s2 || b.get(d) != Some(&b'-') {
            return None;
        }
        let ue = letters_end(b, d + 1);
        if !lexicon::time_unit(&b[d + 1..ue]) {
            return None;
        }
        return next_is(b, ue, "period");
    }
    // "3 years", "two years"
    let e_num = number(b, e)?;
    unit(b, e_num)
}

/// An optional number, then a unit of time: "3 years", "two years", "year".
fn count_unit(b: &[u8], e: usize) -> Option<usize> {
    let e = number(b, e).unwrap_or(e);
    unit(b, e)
}

fn unit(b: &[u8], e: usize) -> Option<usize> {
    let (s, we) = next_word(b, e)?;
    let w = &b[s..we];
    let ok = lexicon::time_unit(w) || is(w, "quarter") || is(w, "quarters");
    (ok && b.get(we) != Some(&b'-')).then_some(we)
}

/// A small number in digits or words after a gap.
fn number(b: &[u8], e: usize) -> Option<usize> {
    let s = skip_gap(b, e)?;
    if b.get(s)?.is_ascii_digit() {
        let d = digits_end(b, s);
        return (d - s <= 3).then_some(d);
    }
    let sp = words::parse(b, s)?;
    (!sp.scaled && sp.value < 1000.0).then_some(sp.end)
}

/// A date after a gap: "2019", "2021/22", "June 2021", "23 May 2023", "May".
fn date(b: &[u8], e: usize) -> Option<usize> {
    let s = skip_gap(b, e)?;
    let c = *b.get(s)?;
    if c.is_ascii_digit() {
        let d = digits_end(b, s);
        if d - s == 4 {
            return year_tail(b, s, d);
        }
        if d - s <= 2 {
            // day, optional ordinal suffix, then a month
            let mut de = d;
            let le = letters_end(b, d);
            if lexicon::ordinal_suffix(&b[d..le]) {
                de = le;
            }
            return month_year(b, de);
        }
        return None;
    }
    // a quarter: "Q1 2023"
    if c == b'Q'
        && matches!(b.get(s + 1), Some(b'1'..=b'4'))
        && !b.get(s + 2).is_some_and(u8::is_ascii_alphanumeric)
    {
        let ys = skip_gap(b, s + 2)?;
        let d = digits_end(b, ys);
        return if d - ys == 4 {
            year_tail(b, ys, d)
        } else {
            None
        };
    }
    month_year(b, e)
}

/// A month after a gap, with an optional year.
fn month_year(b: &[u8], e: usize) -> Option<usize> {
    let (s, we) = next_word(b, e)?;
    if !lexicon::month(&b[s..we]) {
        return None;
    }
    if let Some(ys) = skip_gap(b, we) {
        let d = digits_end(b, ys);
        if d - ys == 4 {
            if let Some(ye) = year_tail(b, ys, d) {
                return Some(ye);
            }
        }
    }
    Some(we)
}

/// A year 1900..=2099 at `s..d` with an optional "/22" or "-23"; its end.
fn year_tail(b: &[u8], s: usize, d: usize) -> Option<usize> {
    if b.get(d).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let y: u32 = std::str::from_utf8(&b[s..d]).ok()?.parse().ok()?;
    if !(1900..=2099).contains(&y) {
        return None;
    }
    if matches!(b.get(d), Some(b'/' | b'-')) {
        let e = digits_end(b, d + 1);
        if e - (d + 1) == 2 || e - (d + 1) == 4 {
            return Some(e);
        }
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The period after "#" in `s`.
    fn after(s: &str) -> Option<&str> {
        let at = s.find('#').unwrap() + 1;
        let b = s.as_bytes();
        find(b, at, at - 1, 0, b.len()).map(|(x, y)| &s[x..y])
    }

    #[test]
    fn forward() {
        assert_eq!(
            after("over # from June 2021 to June 2022."),
            Some("from June 2021 to June 2022")
        );
        assert_eq!(after("# since 2019, to 136,000"), Some("since 2019"));
        assert_eq!(
            after("# for law enforcement, over the next 3 years"),
            Some("over the next 3 years")
        );
        assert_eq!(after("nearly # a year."), Some("a year"));
        assert_eq!(after("# per year"), Some("per year"));
        assert_eq!(after("# in 2022."), Some("in 2022"));
        assert_eq!(
            after("# within a 6-month period."),
            Some("within a 6-month period")
        );
        assert_eq!(
            after("# for facilitating the UK over a 16-day period in November 2021."),
            Some("over a 16-day period in November 2021")
        );
        assert_eq!(
            after("# students in the UK each year by 2030, for"),
            Some("each year by 2030")
        );
        assert_eq!(
            after("# in the year to March 2023"),
            Some("in the year to March 2023")
        );
        assert_eq!(
            after("# between 2019 and 2022"),
            Some("between 2019 and 2022")
        );
        assert_eq!(after("# in 2021/22"), Some("in 2021/22"));
        assert_eq!(after("# in Q1 2023."), Some("in Q1 2023"));
    }

    #[test]
    fn backward() {
        assert_eq!(
            after("Although partly so, last year almost #"),
            Some("last year")
        );
        assert_eq!(after("In 2022, #"), Some("In 2022"));
        assert_eq!(after("On 15 March 2023, #"), Some("On 15 March 2023"));
    }

    #[test]
    fn none() {
        assert_eq!(after("# by facilitating migrants."), None);
        assert_eq!(after("# per journey."), None);
        assert_eq!(after("# in cash. In 2022 it rose"), None);
        assert_eq!(after("# a year-long"), None);
        assert_eq!(after("# in the UK"), None);
        assert_eq!(after("# on May"), None);
        assert_eq!(after("up # on 2021/22"), None);
    }
}
