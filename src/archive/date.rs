//! Dates as press releases state them: to the day, or only to the month.

use std::fmt;

/// A calendar date known to the day, or only to the month (`[May 2023]`).
///
/// Ordering is chronological; a month-only date sorts before the days of that month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    /// 1 = January.
    pub month: u8,
    pub day: Option<u8>,
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    pub fn month_name(&self) -> &'static str {
        MONTHS
            .get(usize::from(self.month.saturating_sub(1)))
            .copied()
            .unwrap_or("?")
    }

    /// Days since 1970-01-01 of the first day this date may mean.
    pub fn first_day(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day.unwrap_or(1))
    }

    /// Days since 1970-01-01 of the last day this date may mean (inclusive).
    pub fn last_day(&self) -> i64 {
        match self.day {
            Some(d) => days_from_civil(self.year, self.month, d),
            None => days_from_civil(self.year, self.month, days_in_month(self.year, self.month)),
        }
    }

    /// "23 May 2023" or "May 2023", as a reader writes it.
    pub fn long(&self) -> String {
        match self.day {
            Some(d) => format!("{d} {} {}", self.month_name(), self.year),
            None => format!("{} {}", self.month_name(), self.year),
        }
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM` (the form `Display` writes).
    pub fn parse_iso(s: &str) -> Option<PartialDate> {
        let mut parts = s.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day = match parts.next() {
            Some(d) => Some(d.parse::<u8>().ok()?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        PartialDate::new(year, month, day)
    }

    pub fn new(year: i32, month: u8, day: Option<u8>) -> Option<PartialDate> {
        if !(1..=12).contains(&month) || !(1000..=9999).contains(&year) {
            return None;
        }
        if let Some(d) = day {
            if d == 0 || d > days_in_month(year, month) {
                return None;
            }
        }
        Some(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    /// `YYYY-MM-DD`, or `YYYY-MM` when only the month is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

/// "May", "may", "Sept", "Sep" -> 5, 9.
pub fn month_from_name(name: &str) -> Option<u8> {
    if name.len() < 3 {
        return None;
    }
    // The whole name or its first three letters or more, in any case (compared in place:
    // this runs twice per release when an archive is parsed).
    let name = name.as_bytes();
    MONTHS
        .iter()
        .position(|m| {
            m.as_bytes()
                .get(..name.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(name))
        })
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// "23 May 2023", "1st June 2021" -> a date to the day.
pub fn parse_day_month_year(s: &str) -> Option<PartialDate> {
    let mut words = s.split_whitespace();
    let day_word = words.next()?;
    let day_digits = day_word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let day: u8 = day_digits.parse().ok()?;
    let month = month_from_name(words.next()?)?;
    let year: i32 = words.next()?.trim_end_matches('.').parse().ok()?;
    if words.next().is_some() {
        return None;
    }
    PartialDate::new(year, month, Some(day))
}

/// "May 2023" -> a date to the month.
pub fn parse_month_year(s: &str) -> Option<PartialDate> {
    let mut words = s.split_whitespace();
    let month = month_from_name(words.next()?)?;
    let year: i32 = words.next()?.parse().ok()?;
    if words.next().is_some() {
        return None;
    }
    PartialDate::new(year, month, None)
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil: days since 1970-01-01.
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        i32::try_from(year).unwrap_or(i32::MAX),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_releases_use() {
        assert_eq!(
            parse_day_month_year("23 May 2023"),
            PartialDate::new(2023, 5, Some(23))
        );
        assert_eq!(
            parse_day_month_year("1st June 2021"),
            PartialDate::new(2021, 6, Some(1))
        );
        assert_eq!(
            parse_month_year("August 1998"),
            PartialDate::new(1998, 8, None)
        );
        assert_eq!(parse_day_month_year("31 February 2023"), None);
        assert_eq!(parse_month_year("Mayday 2023"), None);
    }

    /// Month names and their abbreviations in any case; not shorter than three letters,
    /// longer than the name, or another word.
    #[test]
    fn month_names_in_any_case_and_short() {
        for (i, m) in MONTHS.iter().enumerate() {
            let n = u8::try_from(i + 1).ok();
            assert_eq!(month_from_name(m), n);
            assert_eq!(month_from_name(&m.to_uppercase()), n);
            assert_eq!(month_from_name(&m.to_lowercase()[..3]), n);
            assert_eq!(month_from_name(&format!("{m}s")), None);
        }
        assert_eq!(month_from_name("Sept"), Some(9));
        assert_eq!(month_from_name("Ma"), None);
        assert_eq!(month_from_name("Mai"), None);
        assert_eq!(month_from_name("Mär"), None);
    }

    #[test]
    fn displays_iso_to_its_precision() {
        let d = PartialDate::new(2023, 5, Some(3)).unwrap();
        assert_eq!(d.to_string(), "2023-05-03");
        let m = PartialDate::new(1998, 8, None).unwrap();
        assert_eq!(m.to_string(), "1998-08");
        assert_eq!(PartialDate::parse_iso("1998-08"), Some(m));
        assert!(m < PartialDate::new(1998, 8, Some(1)).unwrap());
    }

    #[test]
    fn civil_days_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_500, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        let may = PartialDate::new(2023, 5, None).unwrap();
        assert_eq!(may.last_day() - may.first_day(), 30);
    }
}
