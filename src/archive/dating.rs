//! The dating line: "The press release issued by the Home Office on 23 May 2023."

use super::date::{parse_day_month_year, PartialDate};
use super::release::{Kind, Speaker};

/// What a dating line says.
#[derive(Debug, Clone, PartialEq)]
pub struct Dating {
    pub kind: Option<Kind>,
    pub date: PartialDate,
    pub department: Option<String>,
    pub speaker: Option<Speaker>,
}

const VERBS: [&str; 8] = [
    "issued ",
    "made ",
    "published ",
    "written ",
    "given ",
    "released ",
    "sent ",
    "delivered ",
];

/// Parses a dating line, or returns `None` if the line is not one.
pub fn parse_dating(line: &str) -> Option<Dating> {
    let rest = line.strip_prefix("The ")?;
    let body = rest.trim_end().strip_suffix('.').unwrap_or(rest.trim_end());
    let (head, date_words) = body.rsplit_once(" on ")?;
    let date = parse_day_month_year(date_words)?;
    let (kind_words, by) = head.split_once(" by ")?;
    let mut kind_words = kind_words.trim();
    for verb in VERBS {
        if let Some(k) = kind_words.strip_suffix(verb.trim_end()) {
            kind_words = k.trim_end();
            break;
        }
    }
    if kind_words.split_whitespace().count() > 4 {
        return None;
    }
    let kind = Kind::from_words(kind_words);
    let by = by.trim().trim_end_matches(',').trim();
    if by.is_empty() {
        return None;
    }
    let personal = kind.map(Kind::is_personal).unwrap_or(false) || by.contains(", ");
    if personal {
        let (name, role) = split_person(by);
        Some(Dating {
            kind,
            date,
            department: None,
            speaker: Some(Speaker { name, role }),
        })
    } else {
        let dept = by.strip_prefix("the ").unwrap_or(by);
        Some(Dating {
            kind,
            date,
            department: Some(dept.to_owned()),
            speaker: None,
        })
    }
}

/// "Ed Davey, the Leader of the Liberal Democrats, in the House of Commons"
/// -> ("Ed Davey", Some("Leader of the Liberal Democrats")).
fn split_person(by: &str) -> (String, Option<String>) {
    let mut parts = by.split(", ").map(str::trim).filter(|p| !p.is_empty());
    let first = parts.next().unwrap_or(by);
    let name = strip_place(first);
    let role = parts
        .next()
        .map(|r| r.strip_prefix("the ").unwrap_or(r))
        .map(strip_place)
        .filter(|r| !r.is_empty() && !r.starts_with("in ") && !r.starts_with("at "));
    (name, role)
}

fn strip_place(s: &str) -> String {
    let mut out = s;
    for sep in [" in the ", " at the ", " in ", " at "] {
        if let Some((head, _)) = out.split_once(sep) {
            out = head;
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form_the_issue_names() {
        let d =
            parse_dating("The press release issued by the Home Office on 23 May 2023.").unwrap();
        assert_eq!(d.kind, Some(Kind::PressRelease));
        assert_eq!(d.date.to_string(), "2023-05-23");
        assert_eq!(d.department.as_deref(), Some("Home Office"));

        let d = parse_dating("The press release by HM Treasury on 11 August 1998.").unwrap();
        assert_eq!(d.department.as_deref(), Some("HM Treasury"));
        assert_eq!(d.date.to_string(), "1998-08-11");

        let d = parse_dating("The speech made by Ed Davey, the Leader of the Liberal Democrats, in the House of Commons on 26 November 2025.").unwrap();
        assert_eq!(d.kind, Some(Kind::Speech));
        let s = d.speaker.unwrap();
        assert_eq!(s.name, "Ed Davey");
        assert_eq!(s.role.as_deref(), Some("Leader of the Liberal Democrats"));
        assert_eq!(d.department, None);

        let d = parse_dating("The comments made by Rishi Sunak, the Chancellor of the Exchequer, on 30 September 2021.").unwrap();
        assert_eq!(d.kind, Some(Kind::Comments));
        assert_eq!(
            d.speaker.unwrap().role.as_deref(),
            Some("Chancellor of the Exchequer")
        );
        assert_eq!(d.date.to_string(), "2021-09-30");
    }

    #[test]
    fn ordinary_sentences_are_not_dating_lines() {
        assert_eq!(
            parse_dating("The government has committed to a redress scheme."),
            None
        );
        assert_eq!(
            parse_dating("The scheme was announced by the Prime Minister on Monday."),
            None
        );
    }
}
