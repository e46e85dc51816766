//! The scanner: one pass over the bytes stops only at digits, currency signs
//! and words that can start a spelled number; each candidate is then parsed
//! locally, looking a few words either side. No regular expressions run over
//! the whole text.
//!
//! Rules for what is *not* a figure (see also [`context`](super::context)):
//! - years: a plain four-digit 1900..=2099 ("2019", "since 2020", "2021-22");
//! - dates: a day before or after a month name ("23 May 2023", "May 23",
//!   "from 4 to 7 November");
//! - ordinals ("92nd"), decades ("1990s"), times ("10:30", "9am");
//! - ages ("17-year-old", "aged 25", "Awad, 25, of London");
//! - durations: a number under 1,000 followed by a unit of time ("12 months",
//!   "7 years", "6-month period"); larger ones are counts ("10,000 hours");
//! - any number joined to a word by a hyphen ("4-pronged", "10-year"),
//!   except "-strong" ("a 2,000-strong team" is a count);
//! - list numbering ("1. ", "2) ") and numbers in names, addresses or codes
//!   ("1:1", "Covid-19", "A1", "COP 26", "Section 3", "24/7", phone numbers,
//!   "2 Marsham Street").
//!
//! Spelled-out numbers: in GOV.UK style numbers are written in digits, and a
//! small number in words is prose rather than a claim ("the two defendants",
//! "one common goal", "four 17-year-old children", "for two years running").
//! So one to nine in words is a figure only with a percent, a scale, a unit
//! or as a ratio ("Seventy per cent", "half a million", "one in five");
//! ten or more in words ("twelve officers") is a count.

use super::figure::{Figure, Unit};
use super::numeral::{self, Numeral};
use super::text::{
    alnum_end, boundary_at, code_end, digits_end, is, letters_end, next_is, next_word, prev_word,
    skip_gap, space_len,
};
use super::{context, fraction_words, lexicon, noun, period, qualifier, table, words};

/// A figure before its qualifier, noun and period are looked up.
#[derive(Debug, Clone, PartialEq)]
struct Raw {
    start: usize,
    end: usize,
    value: f64,
    unit: Unit,
    /// Power of ten applied by a scale word; ranges pass it on ("3 to 4 million").
    pow10: i32,
}

enum Found {
    Figure(Raw),
    /// Not a figure; resume scanning at this offset.
    Skip(usize),
    /// Nothing here; resume at the next byte.
    Nothing,
}

fn figure(start: usize, end: usize, value: f64, unit: Unit, pow10: i32) -> Found {
    Found::Figure(Raw {
        start,
        end,
        value,
        unit,
        pow10,
    })
}

/// Finds the figures in `text`, sorted by start and non-overlapping.
pub fn find_figures(text: &str) -> Vec<Figure> {
    let b = text.as_bytes();
    let mut raws = scan(b);
    refine(b, &mut raws);
    let mut out = Vec::with_capacity(raws.len());
    for (k, r) in raws.iter().enumerate() {
        let prev_end = if k > 0 { raws[k - 1].end } else { 0 };
        let next_start = raws.get(k + 1).map_or(b.len(), |n| n.start);
        let qual = qualifier::before(b, r.start);
        let q_start = qual.as_ref().map_or(r.start, |q| q.0);
        let noun = match r.unit {
            Unit::Count | Unit::Ratio => noun::after(b, r.end, r.value == 1.0),
            _ => None,
        };
        let period = period::find(b, r.end, q_start, prev_end, next_start)
            .and_then(|(s, e)| text.get(s..e))
            .map(str::to_string);
        out.push(Figure {
            start: r.start,
            end: r.end,
            text: text.get(r.start..r.end).unwrap_or_default().to_string(),
            value: r.value,
            unit: r.unit.clone(),
            qualifier: qual.map(|q| q.1),
            noun,
            period,
        });
    }
    out
}

/// The raw figures in `b` (valid UTF-8), in order.
fn scan(b: &[u8]) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let found = if c.is_ascii_digit() {
            bare_number(b, i, 0)
        } else if c.is_ascii_alphabetic() {
            let end = alnum_end(b, i);
            match word_at(b, i, end) {
                Found::Nothing => Found::Skip(end),
                f => f,
            }
        } else if matches!(c, b'$' | 0xC2 | 0xE2) {
            currency_at(b, i)
        } else {
            Found::Nothing
        };
        match found {
            Found::Figure(r) => {
                i = r.end.max(i + 1);
                out.push(r);
            }
            Found::Skip(e) => i = e.max(i + 1),
            Found::Nothing => i += 1,
        }
    }
    out
}

/// A currency sign at `i`: "£", "€" or "$".
fn currency_at(b: &[u8], i: usize) -> Found {
    let (code, len) = match b[i] {
        b'$' => ("USD", 1),
        0xC2 if b.get(i + 1) == Some(&0xA3) => ("GBP", 2),
        0xE2 if b.get(i + 1..i + 3) == Some(&[0x82, 0xAC]) => ("EUR", 3),
        _ => return Found::Nothing,
    };
    money(b, i, i + len, code)
}

/// The amount after a currency sign or code ending at `after_sign`:
/// "£39 million", "£ 762, 033.00", "£1.5m", "£11.4million", "$40 billion".
fn money(b: &[u8], start: usize, after_sign: usize, code: &str) -> Found {
    let j = after_sign + space_len(b, after_sign);
    if !b.get(j).is_some_and(u8::is_ascii_digit) {
        return Found::Nothing;
    }
    let Some(n) = numeral::parse(b, j, true) else {
        return Found::Nothing;
    };
    if n.dotted {
        return Found::Skip(code_end(b, j));
    }
    if n.leading_zero && n.int() == Some(0) {
        // "£000": a table header's scale, not an amount
        return Found::Skip(n.end);
    }
    let mut end = n.end;
    let mut pow = 0;
    if b.get(end).is_some_and(u8::is_ascii_alphabetic) {
        let we = letters_end(b, end);
        if boundary_at(b, we) {
            if let Some(p) = lexicon::scale(&b[end..we], true, true) {
                pow = p;
                end = we;
            }
        }
    } else if let Some((s, e)) = next_word(b, end) {
        if let Some(p) = lexicon::scale(&b[s..e], false, true) {
            pow = p;
            end = e;
        }
    }
    figure(
        start,
        end,
        n.scaled(pow),
        Unit::Currency(code.to_string()),
        pow,
    )
}

/// A word (the ASCII alphanumeric run `b[i..end]`): a currency code before an
/// amount ("GBP 5m", "US$40bn") or the start of a spelled number.
fn word_at(b: &[u8], i: usize, end: usize) -> Found {
    let w = &b[i..end];
    if w.len() <= 3 && w[0].is_ascii_uppercase() {
        if w == b"US" && b.get(end) == Some(&b'$') {
            return money(b, i, end + 1, "USD");
        }
        if let Some(code) = lexicon::currency_code(w) {
            if skip_gap(b, end).is_some_and(|j| b.get(j).is_some_and(u8::is_ascii_digit)) {
                return money(b, i, end, code);
            }
        }
    }
    if !words::may_start(w) {
        return Found::Nothing;
    }
    let spelled = words::parse(b, i);
    // "half a million" is a count; "half of adults", "a third (34%)" are shares
    if !spelled.is_some_and(|sp| sp.scaled) {
        if let Some(sh) = fraction_words::at(b, i) {
            return figure(i, sh.end, sh.value, Unit::Ratio, 0);
        }
    }
    match spelled {
        Some(sp) => spelled_tail(b, i, sp),
        None => Found::Nothing,
    }
}

/// What follows a spelled number decides whether it is a figure.
fn spelled_tail(b: &[u8], start: usize, sp: words::Spelled) -> Found {
    let end = sp.end;
    if b.get(end) == Some(&b'-') && b.get(end + 1).is_some_and(u8::is_ascii_alphabetic) {
        // "seventeen-year-old", "two-year"
        return Found::Skip(compound_end(b, end));
    }
    if !sp.scaled {
        if let Some(e) = percent_at(b, end) {
            return figure(start, e, sp.value, Unit::Percent, 0);
        }
    }
    if let Some((s, e)) = next_word(b, end) {
        let w = &b[s..e];
        if let Some((code, p)) = lexicon::currency_word(w) {
            return figure(
                start,
                e,
                sp.value * 10f64.powi(p),
                Unit::Currency(code.to_string()),
                p,
            );
        }
        if let Some(u) = lexicon::physical(w, false) {
            return figure(start, e, sp.value, Unit::Physical(u.to_string()), 0);
        }
        if sp.value < 1000.0 && lexicon::time_unit(w) {
            return Found::Skip(e);
        }
        if !sp.scaled {
            if let Some(after) = ratio_word_end(b, w, e) {
                if let Some(r) = ratio(b, start, sp.value, after) {
                    return Found::Figure(r);
                }
            }
        }
    }
    if sp.scaled || sp.value >= 10.0 {
        figure(start, end, sp.value, Unit::Count, 0)
    } else {
        Found::Skip(end)
    }
}

/// Digits at `i` with no currency sign before them.
fn bare_number(b: &[u8], i: usize, depth: u8) -> Found {
    if context::code_before(b, i) {
        // "Notes 5, 6 and 7", "Years 6, 8 and 10": the whole list is the code
        return Found::Skip(range_end(b, digit_code_end(b, i), 3));
    }
    let Some(n) = numeral::parse(b, i, false) else {
        return Found::Nothing;
    };
    if n.dotted || (n.leading_zero && n.is_int()) || (!n.grouped && n.int_digits >= 8) {
        // versions, phone numbers, reference numbers
        return Found::Skip(digit_code_end(b, i));
    }
    if context::bracketed(b, i, &n)
        || context::list_marker(b, i, &n)
        || context::section_number(b, i, &n)
        || context::name_age(b, i, &n)
    {
        return Found::Skip(n.end);
    }
    if context::age_before(b, i) {
        return Found::Skip(range_end(b, n.end, 2));
    }
    if context::age_bound(b, i, &n) {
        return Found::Skip(n.end + usize::from(b.get(n.end) == Some(&b'+')));
    }
    if context::rate_base(b, i) {
        // "per 100,000 people": the base of a rate is not a figure of its own
        return Found::Skip(n.end);
    }
    if day_of_month(&n) && context::month_before(b, i) {
        return Found::Skip(n.end);
    }
    digits_tail(b, i, n, depth)
}

/// An integer that can be a day of the month.
fn day_of_month(n: &Numeral) -> bool {
    !n.grouped && n.int_digits <= 2 && n.int().is_some_and(|v| (1..=31).contains(&v))
}

/// What follows a numeral decides what it is.
fn digits_tail(b: &[u8], start: usize, n: Numeral, depth: u8) -> Found {
    let mut end = n.end;
    let mut value = n.value();
    let mut fraction = false;
    if let Some((f, e)) = vulgar_fraction(b, end) {
        value += f;
        end = e;
        fraction = true;
    } else if b.get(end) == Some(&b'/') {
        // "1/2%"; any other slash is a date or a code ("23/05/2023", "24/7")
        match slash_fraction(b, &n, end) {
            Some((v, e)) if percent_at(b, e).is_some() => {
                value = v;
                end = e;
                fraction = true;
            }
            _ => return Found::Skip(code_end(b, start)),
        }
    } else if let Some((f, e)) = mixed_fraction(b, end) {
        value += f;
        end = e;
        fraction = true;
    }
    let scaled = |pow: i32| {
        if fraction {
            value * 10f64.powi(pow)
        } else {
            n.scaled(pow)
        }
    };
    let mut pow = 0;

    // Straight after the digits.
    match b.get(end) {
        Some(c) if c.is_ascii_alphabetic() => {
            let we = letters_end(b, end);
            if !boundary_at(b, we) {
                return Found::Skip(code_end(b, start));
            }
            let w = &b[end..we];
            if lexicon::ordinal_suffix(w)
                || w == b"s"
                || lexicon::clock_word(w)
                || lexicon::time_unit(w)
            {
                return Found::Skip(we);
            }
            if let Some(p) = lexicon::scale(w, true, false) {
                pow = p;
                end = we;
            } else if w == b"p" && !fraction {
                return figure(start, we, n.scaled(-2), Unit::Currency("GBP".into()), -2);
            } else if w == b"pp" {
                // "+0.4pp" in a table: percentage points, which the standard reports as percent
                return figure(start, we, value, Unit::Percent, 0);
            } else if let Some(u) = lexicon::physical(w, true) {
                return figure(start, we, value, Unit::Physical(u.into()), 0);
            } else {
                // "4G", "2AA", "3D"
                return Found::Skip(code_end(b, start));
            }
        }
        Some(b'-') if b.get(end + 1).is_some_and(u8::is_ascii_alphabetic) => {
            // "a 2,000-strong team" is a count; "17-year-old", "6-month",
            // "4-pronged" are not figures
            let we = letters_end(b, end + 1);
            if is(&b[end + 1..we], "strong") && boundary_at(b, we) {
                return figure(start, end, scaled(0), Unit::Count, 0);
            }
            // "a 500-hectare site", "152-megawatt": a unit joined before its noun
            if let Some(u) = lexicon::physical(&b[end + 1..we], false) {
                if boundary_at(b, we) || b.get(we) == Some(&b'-') {
                    return figure(start, we, scaled(0), Unit::Physical(u.into()), 0);
                }
            }
            return Found::Skip(compound_end(b, end));
        }
        Some(b':') if b.get(end + 1).is_some_and(u8::is_ascii_digit) => {
            // "10:30", "1:1"
            return Found::Skip(code_end(b, start));
        }
        _ => {}
    }

    if pow == 0 {
        if let Some(e) = percent_at(b, end) {
            return figure(start, e, value, Unit::Percent, 0);
        }
        if let Some(e) = next_is(b, end, "percentage").and_then(|e| {
            next_word(b, e).and_then(|(s, e2)| {
                (is(&b[s..e2], "point") || is(&b[s..e2], "points")).then_some(e2)
            })
        }) {
            // the standard: percentage points are `percent`, value as written
            return figure(start, e, value, Unit::Percent, 0);
        }
        if let Some((s, e)) = next_word(b, end) {
            if b[s..e] == *b"pp" {
                return figure(start, e, value, Unit::Percent, 0);
            }
            if let Some(p) = lexicon::scale(&b[s..e], false, false) {
                pow = p;
                end = e;
            }
        }
    }

    if let Some((s, e)) = next_word(b, end) {
        let w = &b[s..e];
        if let Some((code, p)) = lexicon::currency_word(w) {
            return figure(
                start,
                e,
                scaled(pow + p),
                Unit::Currency(code.into()),
                pow + p,
            );
        }
        if let Some(u) = lexicon::physical(w, false) {
            return figure(start, e, scaled(pow), Unit::Physical(u.into()), pow);
        }
        // "1,200 square metres", "40 sq km"
        if is(w, "square") || is(w, "sq") {
            if let Some((s2, e2)) = next_word(b, e) {
                if let Some(u) = lexicon::physical(&b[s2..e2], true).filter(|u| lexicon::length(u))
                {
                    let unit = format!("square {u}");
                    return figure(start, e2, scaled(pow), Unit::Physical(unit), pow);
                }
            }
        }
        if scaled(pow) < 1000.0 && lexicon::time_unit(w) {
            // a duration: "12 months", "7 years"; with a range: "2 to 3 years"
            return Found::Skip(e);
        }
        if pow == 0 && !fraction {
            if lexicon::clock_word(w) {
                return Found::Skip(e);
            }
            if lexicon::month(w) && day_of_month(&n) {
                return Found::Skip(date_end(b, e));
            }
            if let Some(after) = ratio_word_end(b, w, e) {
                if let Some(r) = ratio(b, start, value, after) {
                    return Found::Figure(r);
                }
            }
        }
    }

    if pow == 0 && !fraction && n.int().is_some() && context::street_after(b, end) {
        return Found::Skip(end);
    }

    if pow == 0 && !fraction && day_of_month(&n) {
        // "4 and 19 March 2021", "11, 12 and 13 May": days of a month
        if let Some(e) = day_list_end(b, end) {
            return Found::Skip(e);
        }
    }

    if pow == 0 && !fraction && n.is_year_like() {
        return Found::Skip(year_range_end(b, n.end));
    }

    if pow == 0 && !fraction && depth == 0 {
        if let Some(k) = range_next(b, start, end) {
            match bare_number(b, k, 1) {
                // "4 to 7 November", "2-3 years": the first half is what the second is
                Found::Skip(e) => return Found::Skip(e),
                // "10 to 15 per cent", "3 to 4 million"
                Found::Figure(r2)
                    if !matches!(r2.unit, Unit::Count | Unit::Ratio) || r2.pow10 != 0 =>
                {
                    return figure(start, end, scaled(r2.pow10), r2.unit, r2.pow10);
                }
                _ => {}
            }
        }
    }
    figure(start, end, scaled(pow), Unit::Count, pow)
}

/// "%", " %", " per cent", " percent" at `i`; returns the end.
fn percent_at(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) == Some(&b'%') {
        return Some(i + 1);
    }
    let j = skip_gap(b, i)?;
    if b.get(j) == Some(&b'%') {
        return Some(j + 1);
    }
    let e = letters_end(b, j);
    let w = &b[j..e];
    if is(w, "percent") {
        return Some(e);
    }
    if is(w, "per") {
        if b.get(e) == Some(&b'-') && is(b.get(e + 1..letters_end(b, e + 1))?, "cent") {
            return Some(letters_end(b, e + 1));
        }
        return next_is(b, e, "cent");
    }
    None
}

/// "½", "¼", "¾" straight after the digits.
fn vulgar_fraction(b: &[u8], i: usize) -> Option<(f64, usize)> {
    if b.get(i) != Some(&0xC2) {
        return None;
    }
    let f = match b.get(i + 1)? {
        0xBD => 0.5,
        0xBC => 0.25,
        0xBE => 0.75,
        _ => return None,
    };
    Some((f, i + 2))
}

/// "/den" after an integer numerator, at `slash`.
fn slash_fraction(b: &[u8], num: &Numeral, slash: usize) -> Option<(f64, usize)> {
    let a = num.int()?;
    let s = slash + 1;
    let e = digits_end(b, s);
    if e == s || e - s > 3 || matches!(b.get(e), Some(b'/' | b'.' | b':')) {
        return None;
    }
    let den = numeral::parse(b, s, false)?.int()?;
    (den > 0).then(|| (a as f64 / den as f64, e))
}

/// " 1/2" after a whole number, kept only before a percent or a scale
/// ("2 1/2%", "1 1/2 million").
fn mixed_fraction(b: &[u8], i: usize) -> Option<(f64, usize)> {
    let s = i + space_len(b, i);
    if s == i || !b.get(s).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let num = numeral::parse(b, s, false)?;
    if num.end - s > 2 || b.get(num.end) != Some(&b'/') {
        return None;
    }
    let (f, e) = slash_fraction(b, &num, num.end)?;
    if f >= 1.0 {
        return None;
    }
    let scale_next =
        next_word(b, e).is_some_and(|(ws, we)| lexicon::scale(&b[ws..we], false, false).is_some());
    (percent_at(b, e).is_some() || scale_next).then_some((f, e))
}

/// The end of the word that joins a ratio's two numbers: "in" ("1 in 5") or
/// "out of" ("three out of four"); `w` is the word after the numerator.
fn ratio_word_end(b: &[u8], w: &[u8], e: usize) -> Option<usize> {
    if is(w, "in") {
        Some(e)
    } else if is(w, "out") {
        next_is(b, e, "of")
    } else {
        None
    }
}

/// After a day of the month at `end`: the rest of a list of days ending in a
/// month name ("and 19 March", ", 12 and 13 May"); returns the month's end.
fn day_list_end(b: &[u8], mut end: usize) -> Option<usize> {
    for _ in 0..6 {
        let mut k = end;
        if b.get(k) == Some(&b',') {
            k += 1;
        }
        k = next_is(b, k, "and")
            .or_else(|| next_is(b, k, "or"))
            .unwrap_or(k);
        if k == end {
            return None;
        }
        let j = skip_gap(b, k)?;
        let d = digits_end(b, j);
        if d == j || d - j > 2 {
            return None;
        }
        end = d;
        if let Some((s, e)) = next_word(b, end) {
            if lexicon::month(&b[s..e]) {
                return Some(date_end(b, e));
            }
        }
    }
    None
}

/// After the scan: what a figure's neighbours say about it. Table cells take
/// their header's scale and currency; a written minus sign makes a number
/// negative; the second end of "£5-10 million" is money and gives the first
/// its scale; "4.2 per cent, down 0.1 on the quarter" makes 0.1 percent.
fn refine(b: &[u8], raws: &mut [Raw]) {
    let mut line_cache: Option<(usize, Option<table::Scale>)> = None;
    let (mut ls, mut scanned) = (0, 0);
    for k in 0..raws.len() {
        // the start of this raw's line, found moving forward only (linear in the text)
        let at = raws[k].start;
        if let Some(p) = b[scanned..at].iter().rposition(|&c| c == b'\n') {
            ls = scanned + p + 1;
        }
        scanned = at;
        let cell = table::is_cell(b, ls, raws[k].start, raws[k].end);
        if let Some(s) = table::minus_before(b, raws[k].start, cell) {
            let r = &mut raws[k];
            r.start = s;
            r.value = -r.value;
        }
        let r = &raws[k];
        if cell && r.pow10 == 0 && r.unit == Unit::Count && b[r.end - 1].is_ascii_digit() {
            let scale = match table::row_scale(&b[ls..r.start]) {
                Some(sc) => Some(sc),
                None => match &line_cache {
                    // the same row, or the next row of the same table (only
                    // blank lines between): the same header, found once
                    Some((at, sc)) if *at == ls || table::next_row(b, *at, ls) => {
                        let sc = sc.clone();
                        line_cache = Some((ls, sc.clone()));
                        sc
                    }
                    _ => {
                        let sc = table::column_scale(b, ls);
                        line_cache = Some((ls, sc.clone()));
                        sc
                    }
                },
            };
            if let Some(sc) = scale {
                let r = &mut raws[k];
                r.value *= 10f64.powi(sc.pow10);
                r.unit = sc.unit;
                r.pow10 = sc.pow10;
            }
            continue;
        }
        if k == 0 {
            continue;
        }
        let (prev, rest) = raws.split_at_mut(k);
        let (p, r) = (&mut prev[k - 1], &mut rest[0]);
        if matches!(p.unit, Unit::Currency(_))
            && r.unit == Unit::Count
            && joins_range(b, p.end, r.start)
        {
            // "£5-10 million": one scale and currency for both ends
            if p.pow10 == 0 && r.pow10 != 0 {
                p.value *= 10f64.powi(r.pow10);
                p.pow10 = r.pow10;
            }
            r.unit = p.unit.clone();
        } else if p.unit == Unit::Percent
            && r.unit == Unit::Count
            && r.pow10 == 0
            && change_after(b, p.end, r.start)
        {
            r.unit = Unit::Percent;
        }
    }
}

/// The bytes between two numbers join them as a range: "-", "–", " to ".
fn joins_range(b: &[u8], from: usize, to: usize) -> bool {
    let gap = &b[from..to];
    gap == b"-" || gap == "\u{2013}".as_bytes() || gap.trim_ascii().eq_ignore_ascii_case(b"to")
}

/// A change stated straight after a percentage, in its own units: ", down
/// 0.1 on", ", up by 0.3 from".
fn change_after(b: &[u8], from: usize, to: usize) -> bool {
    if to - from > 24 {
        return false;
    }
    let gap = &b[from..to];
    if !gap.starts_with(b",") && !gap.starts_with(b" (") {
        return false;
    }
    let words: Vec<&[u8]> = gap
        .split(|c| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [w] => is(w, "up") || is(w, "down"),
        [w, by] => (is(w, "up") || is(w, "down")) && is(by, "by"),
        _ => false,
    }
}

/// "1 in 15", "9 in 10", "one in five", "1 in every 20": `after_in` is the end
/// of "in". The numerator must be a whole number no larger than the
/// denominator, and the denominator not a year.
fn ratio(b: &[u8], start: usize, num: f64, after_in: usize) -> Option<Raw> {
    if num < 1.0 || num.fract() != 0.0 {
        return None;
    }
    let after_in = next_is(b, after_in, "every").unwrap_or(after_in);
    let s = skip_gap(b, after_in)?;
    let (den, end) = if b.get(s)?.is_ascii_digit() {
        let n = numeral::parse(b, s, false)?;
        if n.is_year_like()
            || matches!(b.get(n.end), Some(b'-' | b'/' | b':' | b'%'))
            || b.get(n.end).is_some_and(u8::is_ascii_alphabetic)
        {
            return None;
        }
        (n.int()? as f64, n.end)
    } else {
        let sp = words::parse(b, s)?;
        if sp.scaled {
            return None;
        }
        (sp.value, sp.end)
    };
    if den < 2.0 || num > den {
        return None;
    }
    if next_word(b, end)
        .is_some_and(|(ws, we)| lexicon::time_unit(&b[ws..we]) || lexicon::month(&b[ws..we]))
    {
        return None;
    }
    Some(Raw {
        start,
        end,
        value: num / den,
        unit: Unit::Ratio,
        pow10: 0,
    })
}

/// Where a range's second number starts: "2-3", "10–15", "2 to 3", "2 or 3",
/// "between 10 and 15".
fn range_next(b: &[u8], start: usize, end: usize) -> Option<usize> {
    let digit_at = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit).then_some(k);
    if b.get(end) == Some(&b'-') {
        return digit_at(end + 1);
    }
    if en_dash(b, end) {
        return digit_at(end + 3);
    }
    let j = skip_gap(b, end)?;
    if b.get(j) == Some(&b'-') || en_dash(b, j) {
        let k = if b[j] == b'-' { j + 1 } else { j + 3 };
        return digit_at(skip_gap(b, k)?);
    }
    let e = letters_end(b, j);
    let w = &b[j..e];
    let between = || prev_word(b, start).is_some_and(|(s, e)| is(&b[s..e], "between"));
    if is(w, "to") || is(w, "or") || (is(w, "and") && between()) {
        return digit_at(skip_gap(b, e)?);
    }
    None
}

/// "–" (en dash, E2 80 93) at `i`.
fn en_dash(b: &[u8], i: usize) -> bool {
    b.get(i..i + 3) == Some(&[0xE2, 0x80, 0x93])
}

/// End of a hyphenated compound starting at the hyphen `i`: "-year-old".
fn compound_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i) == Some(&b'-') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
        i = alnum_end(b, i + 1);
    }
    i
}

/// End of a code made of digit groups ("0300 123 4567", "2.5.1").
fn digit_code_end(b: &[u8], i: usize) -> usize {
    let mut e = code_end(b, i);
    while let Some(j) = skip_gap(b, e) {
        if !b.get(j).is_some_and(u8::is_ascii_digit) {
            break;
        }
        e = code_end(b, j);
    }
    e
}

/// After an age: also skip the rest of a range or list of ages ("18 to 25",
/// "18-25", "19, 21 and 24").
/// `max_digits` bounds each further number: 2 for ages, 3 for codes ("call
/// 101 or 999").
fn range_end(b: &[u8], mut end: usize, max_digits: usize) -> usize {
    for _ in 0..8 {
        let next = range_next(b, end, end).or_else(|| {
            // ", 21", " and 24", ", and 24"
            let mut e = end;
            if b.get(e) == Some(&b',') {
                e += 1;
            }
            e = next_is(b, e, "and").unwrap_or(e);
            // ", 21" or ",6" ("Notes 5,6 and 7")
            let j = skip_gap(b, e).unwrap_or(e);
            (e > end && b.get(j).is_some_and(u8::is_ascii_digit)).then_some(j)
        });
        match next {
            // ages have at most two digits; "25,000" or "2.5" is something else,
            // and "Years 1-13, 55% of pupils" ends before the percentage
            Some(k)
                if digits_end(b, k) - k <= max_digits
                    && !continues_number(b, digits_end(b, k))
                    && percent_at(b, digits_end(b, k)).is_none() =>
            {
                end = digits_end(b, k)
            }
            _ => break,
        }
    }
    end
}

/// A separator and more digits at `i` (",000", ".5").
fn continues_number(b: &[u8], i: usize) -> bool {
    matches!(b.get(i), Some(b',' | b'.')) && b.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// After "23 May": also skip a following year ("23 May 2023").
fn date_end(b: &[u8], after_month: usize) -> usize {
    let mut e = after_month;
    if b.get(e) == Some(&b'.') {
        e += 1;
    }
    if let Some(j) = skip_gap(b, e) {
        let d = digits_end(b, j);
        if d - j == 4 {
            return d;
        }
    }
    after_month
}

/// After a year: also skip "-22", "/23", "–2024".
fn year_range_end(b: &[u8], end: usize) -> usize {
    let k = match b.get(end) {
        Some(b'-' | b'/') => end + 1,
        _ if en_dash(b, end) => end + 3,
        _ => return end,
    };
    let d = digits_end(b, k);
    if d - k == 2 || d - k == 4 {
        d
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raws(s: &str) -> Vec<(String, f64, String)> {
        scan(s.as_bytes())
            .into_iter()
            .map(|r| {
                (
                    s[r.start..r.end].to_string(),
                    r.value,
                    r.unit.as_str().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn ranges_share_units() {
        assert_eq!(
            raws("between 10 and 15 per cent"),
            vec![
                ("10".to_string(), 10.0, "percent".to_string()),
                ("15 per cent".to_string(), 15.0, "percent".to_string()),
            ]
        );
        assert_eq!(
            raws("3 to 4 million people")[0],
            ("3".to_string(), 3e6, "count".to_string())
        );
        assert!(raws("for 2-3 years").is_empty());
        assert!(raws("from 4 to 7 November 2024").is_empty());
    }

    #[test]
    fn fractions() {
        assert_eq!(
            raws("2 1/2%"),
            vec![("2 1/2%".to_string(), 2.5, "percent".to_string())]
        );
        assert_eq!(
            raws("2\u{bd}%"),
            vec![("2\u{bd}%".to_string(), 2.5, "percent".to_string())]
        );
        assert_eq!(
            raws("1/2%"),
            vec![("1/2%".to_string(), 0.5, "percent".to_string())]
        );
        assert!(raws("open 24/7 and 23/05/2023").is_empty());
    }
}
