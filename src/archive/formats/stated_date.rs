//! The calendar date a source states, as written, in every form sources write it: no shift
//! to another time zone. Feed crates turn dates into instants in UTC, which moves a release
//! issued at 00:38 +01:00 to the day before; here the time and zone are read past and never
//! applied. One reader of dates for every format (feeds, front matter, datelines, saved
//! pages, GOV.UK JSON).

use crate::archive::date::{parse_month_year, PartialDate, MONTHS};

/// The date at the start of an ISO 8601 timestamp ("2016-12-28T00:00:19.000+00:00",
/// "2023-05-23", "2023-05"): the day the source wrote, whatever its offset.
pub(crate) fn iso_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    let day = s.get(..10).and_then(PartialDate::parse_iso);
    day.or_else(|| s.get(..7).and_then(PartialDate::parse_iso))
        .or_else(|| PartialDate::parse_iso(s))
}

/// The first date in a line such as a page's dateline ("Published 23 May 2023",
/// "April 15, 2013", "Published 2023-05-23"), to the day, else the first month and year
/// ("Spring statement, March 2024").
pub(crate) fn date_in_line(line: &str) -> Option<PartialDate> {
    find_date(line).or_else(|| {
        let toks = tokens(line);
        toks.windows(2).find_map(|w| {
            let (m, y) = (month(w[0].text)?, year(w[1].text)?);
            PartialDate::new(y, m, None)
        })
    })
}

/// The first date in `s`, in any of the forms sources use:
/// ISO 8601 (`2023-05-02 10:36:00 -0500`, `2020-01-19T16:08:59+11:00`, `2022-12-17`),
/// RFC 822 and its relatives (`Thu, 01 Aug 2019 16:15 EDT`, `mer, 16 nov 2022 00:38:15 +0100`),
/// words (`Published 3 May 2023`, `Tuesday 23rd May 2023`) and the US order
/// (`Monday, April 15, 2013 - 2:23pm`, `May 3, 2023`).
pub(crate) fn find_date(s: &str) -> Option<PartialDate> {
    let iso = find_iso(s);
    let words = find_in_words(s);
    match (iso, words) {
        (Some((i, a)), Some((j, b))) => Some(if i <= j { a } else { b }),
        (Some((_, a)), None) | (None, Some((_, a))) => Some(a),
        (None, None) => None,
    }
}

/// Like [`find_date`], and also a month alone ("May 2023") when the text is nothing else.
pub(crate) fn find_date_or_month(s: &str) -> Option<PartialDate> {
    find_date(s).or_else(|| parse_month_year(s.trim().trim_end_matches('.')))
}

/// `YYYY-MM-DD` (or `YYYY-MM` standing alone) and its byte position.
fn find_iso(s: &str) -> Option<(usize, PartialDate)> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let mut i = 0;
    while i + 7 <= b.len() {
        let starts_word = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if starts_word && digits(i, 4) && b.get(i + 4) == Some(&b'-') && digits(i + 5, 2) {
            let year: i32 = s[i..i + 4].parse().ok()?;
            let month: u8 = s[i + 5..i + 7].parse().ok()?;
            let day = if b.get(i + 7) == Some(&b'-') && digits(i + 8, 2) {
                s[i + 8..i + 10].parse::<u8>().ok()
            } else if b.get(i + 7).is_none_or(|c| !c.is_ascii_alphanumeric()) {
                None
            } else {
                i += 1;
                continue;
            };
            if let Some(d) = PartialDate::new(year, month, day) {
                return Some((i, d));
            }
        }
        i += 1;
    }
    None
}

/// A word or number and where it starts.
struct Token<'a> {
    at: usize,
    text: &'a str,
}

fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            out.push(Token {
                at: st,
                text: &s[st..i],
            });
        }
    }
    if let Some(st) = start {
        out.push(Token {
            at: st,
            text: &s[st..],
        });
    }
    out
}

/// "3", "3rd", "23" -> a day of the month.
fn day(t: &str) -> Option<u8> {
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &t[digits.len()..];
    if !(suffix.is_empty()
        || ["st", "nd", "rd", "th"].contains(&suffix.to_ascii_lowercase().as_str()))
        || digits.is_empty()
        || digits.len() > 2
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(t: &str) -> Option<i32> {
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// "May", "sept", "DECEMBER" -> a month, as [`crate::archive::date::month_from_name`] reads it, without
/// allocating: every word of every dateline and heading comes through here.
fn month(t: &str) -> Option<u8> {
    let b = t.as_bytes();
    if b.len() < 3 || !b.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.len() >= b.len() && m.as_bytes()[..b.len()].eq_ignore_ascii_case(b))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// Day-month-year or month-day-year in words, and its byte position.
fn find_in_words(s: &str) -> Option<(usize, PartialDate)> {
    let toks = tokens(s);
    for (i, t) in toks.iter().enumerate() {
        let next = |k: usize| toks.get(i + k).map(|t| t.text);
        if let (Some(d), Some(m), Some(y)) =
            (day(t.text), next(1).and_then(month), next(2).and_then(year))
        {
            if let Some(date) = PartialDate::new(y, m, Some(d)) {
                return Some((t.at, date));
            }
        }
        if let (Some(m), Some(d), Some(y)) =
            (month(t.text), next(1).and_then(day), next(2).and_then(year))
        {
            if let Some(date) = PartialDate::new(y, m, Some(d)) {
                return Some((t.at, date));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        find_date(s).map(|d| d.to_string())
    }

    #[test]
    fn reads_the_stated_date_of_every_form_without_shifting_it() {
        // RFC 822 with named zones and offsets: the date as written, even where UTC would
        // be the day before (00:38 +0100) or the day after.
        assert_eq!(
            d("Thu, 01 Aug 2019 16:15 EDT").as_deref(),
            Some("2019-08-01")
        );
        assert_eq!(
            d("mer, 16 nov 2022 00:38:15 +0100").as_deref(),
            Some("2022-11-16")
        );
        assert_eq!(
            d("Sun, 17 Dec 2023 22:58:40 -0500").as_deref(),
            Some("2023-12-17")
        );
        assert_eq!(
            d("Thu, 06 Feb 2020 00:00:00 PST").as_deref(),
            Some("2020-02-06")
        );
        // ISO 8601, with a time and offset or a date alone.
        assert_eq!(
            d("2020-01-19T16:08:59+11:00").as_deref(),
            Some("2020-01-19")
        );
        assert_eq!(
            d("2023-05-02 10:36:00 -0500").as_deref(),
            Some("2023-05-02")
        );
        assert_eq!(d("2022-12-17").as_deref(), Some("2022-12-17"));
        // Words, in both orders (Drupal's default format among them).
        assert_eq!(
            d("Monday, April 15, 2013 - 2:23pm").as_deref(),
            Some("2013-04-15")
        );
        assert_eq!(d("Published 3 May 2023").as_deref(), Some("2023-05-03"));
        assert_eq!(d("Tuesday 23rd May 2023").as_deref(), Some("2023-05-23"));
        assert_eq!(
            d("Forest Hill, MD - 19 May 2015 - The Apache Software Foundation").as_deref(),
            Some("2015-05-19")
        );
    }

    #[test]
    fn other_numbers_are_not_dates() {
        assert_eq!(d("over 500,000 from June 2021 to June 2022"), None);
        assert_eq!(d("31 February 2023"), None);
        assert_eq!(d("Mar 45 2023"), None);
        assert_eq!(d("version 2023-13-01"), None);
        assert_eq!(
            find_date_or_month("May 2023")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2023-05")
        );
    }

    #[test]
    fn iso_timestamps_keep_the_stated_day() {
        let d = iso_date("2016-12-28T00:00:19.000+00:00").expect("date");
        assert_eq!(d.to_string(), "2016-12-28");
        // Late evening in New York is still the 31st, not the 1st in London.
        assert_eq!(
            iso_date("2023-12-31T23:30:00-05:00").map(|d| d.to_string()),
            Some("2023-12-31".to_owned())
        );
        assert_eq!(
            iso_date("2023-05").map(|d| d.to_string()),
            Some("2023-05".to_owned())
        );
        assert_eq!(iso_date("yesterday"), None);
    }

    #[test]
    fn months_are_read_as_the_shared_reader_reads_them() {
        for w in [
            "May",
            "may",
            "SEPT",
            "Sep",
            "sept",
            "December",
            "Decembers",
            "Ma",
            "Jun",
            "Junk",
            "März",
            "octobre",
        ] {
            assert_eq!(month(w), crate::archive::date::month_from_name(w), "{w}");
        }
    }

    #[test]
    fn dates_in_a_line() {
        let line = |s: &str| date_in_line(s).map(|d| d.to_string());
        assert_eq!(line("Published 23 May 2023").as_deref(), Some("2023-05-23"));
        assert_eq!(
            line("Monday, April 15, 2013 - 2:23pm").as_deref(),
            Some("2013-04-15")
        );
        assert_eq!(
            line("Spring statement, March 2024").as_deref(),
            Some("2024-03")
        );
        // A dateline in ISO form, which the page reader's own copy of this code missed.
        assert_eq!(line("Published 2023-05-23").as_deref(), Some("2023-05-23"));
        assert_eq!(line("no date here"), None);
    }
}
