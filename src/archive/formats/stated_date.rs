//! The calendar date a source states, as written: no shift to another time zone.

use crate::archive::date::{parse_day_month_year, parse_month_year, PartialDate};

/// The date at the start of an ISO 8601 timestamp ("2016-12-28T00:00:19.000+00:00",
/// "2023-05-23", "2023-05"): the day the source wrote, whatever its offset.
pub(crate) fn iso_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    let day = s.get(..10).and_then(PartialDate::parse_iso);
    day.or_else(|| s.get(..7).and_then(PartialDate::parse_iso))
        .or_else(|| PartialDate::parse_iso(s))
}

/// The first date written in words in a line ("Published 23 May 2023", "April 15, 2013"),
/// to the day, else to the month.
pub(crate) fn date_in_words(line: &str) -> Option<PartialDate> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for w in words.windows(3) {
        if let Some(d) = parse_day_month_year(&w.join(" ")) {
            return Some(d);
        }
    }
    // "May 8, 2023" (month, day, year).
    for w in words.windows(3) {
        let day = w[1].trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if let Some(d) = parse_day_month_year(&format!("{day} {} {}", w[0], w[2])) {
            return Some(d);
        }
    }
    words
        .windows(2)
        .find_map(|w| parse_month_year(&w.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn dates_in_words() {
        let d = date_in_words("Published 23 May 2023").map(|d| d.to_string());
        assert_eq!(d, Some("2023-05-23".to_owned()));
        let d = date_in_words("Monday, April 15, 2013 - 2:23pm").map(|d| d.to_string());
        assert_eq!(d, Some("2013-04-15".to_owned()));
        let d = date_in_words("Spring statement, March 2024").map(|d| d.to_string());
        assert_eq!(d, Some("2024-03".to_owned()));
        assert_eq!(date_in_words("no date here"), None);
    }
}
