//! Word lists: scales, units, months, time units and the labels that make the
//! number after them an identifier.
//!
//! All matching is ASCII case-insensitive unless stated.

use super::text::is;

/// Power of ten of a scale word: "million" -> 6.
///
/// `adjacent`: written straight after the digits ("£1.5m", "11.4million").
/// `money`: the number has a currency sign. The one-letter "m", "k" and "b"
/// count only when adjacent; "k" and "b" only with money ("£20k", "$40b").
/// "1.5m people" (no currency) is read as 1.5 million, not 1.5 metres: in
/// press releases the abbreviation is used for millions far more often.
pub(crate) fn scale(w: &[u8], adjacent: bool, money: bool) -> Option<i32> {
    if is(w, "thousand") {
        Some(3)
    } else if is(w, "million") || is(w, "mn") || is(w, "mln") {
        Some(6)
    } else if is(w, "billion") || is(w, "bn") {
        Some(9)
    } else if is(w, "trillion") || is(w, "tn") {
        Some(12)
    } else if adjacent && is(w, "m") {
        Some(6)
    } else if adjacent && money && is(w, "k") {
        Some(3)
    } else if adjacent && money && is(w, "b") {
        Some(9)
    } else {
        None
    }
}

/// ISO code and power of ten of a currency word after a number:
/// "pounds" -> ("GBP", 0), "pence" -> ("GBP", -2).
pub(crate) fn currency_word(w: &[u8]) -> Option<(&'static str, i32)> {
    if is(w, "pounds") || is(w, "pound") || is(w, "sterling") {
        Some(("GBP", 0))
    } else if is(w, "pence") {
        Some(("GBP", -2))
    } else if is(w, "dollars") || is(w, "dollar") {
        Some(("USD", 0))
    } else if is(w, "euros") || is(w, "euro") {
        Some(("EUR", 0))
    } else {
        None
    }
}

/// ISO code of a currency code word written before a number ("GBP 5 million").
/// Upper case only.
pub(crate) fn currency_code(w: &[u8]) -> Option<&'static str> {
    match w {
        b"GBP" => Some("GBP"),
        b"USD" => Some("USD"),
        b"EUR" => Some("EUR"),
        _ => None,
    }
}

/// Canonical singular name of a physical unit after a number.
///
/// `adjacent`: written straight after the digits ("150kg"). Short symbols
/// that are also common words or letters ("g", "t", "ha") need adjacency;
/// "g" must be lower case ("5G" is a code).
pub(crate) fn physical(w: &[u8], adjacent: bool) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("tonnes", "tonne"),
        ("tonne", "tonne"),
        ("tons", "ton"),
        ("ton", "ton"),
        ("kg", "kg"),
        ("kgs", "kg"),
        ("kilos", "kg"),
        ("kilo", "kg"),
        ("kilograms", "kg"),
        ("kilogram", "kg"),
        ("kilogrammes", "kg"),
        ("kilogramme", "kg"),
        ("grams", "g"),
        ("gram", "g"),
        ("grammes", "g"),
        ("gramme", "g"),
        ("mg", "mg"),
        ("milligrams", "mg"),
        ("km", "km"),
        ("kilometres", "km"),
        ("kilometre", "km"),
        ("kilometers", "km"),
        ("kilometer", "km"),
        ("miles", "mile"),
        ("mile", "mile"),
        ("metres", "metre"),
        ("metre", "metre"),
        ("meters", "metre"),
        ("meter", "metre"),
        ("cm", "cm"),
        ("centimetres", "cm"),
        ("mm", "mm"),
        ("millimetres", "mm"),
        ("litres", "litre"),
        ("litre", "litre"),
        ("liters", "litre"),
        ("liter", "litre"),
        ("ml", "ml"),
        ("millilitres", "ml"),
        ("hectares", "hectare"),
        ("hectare", "hectare"),
        ("acres", "acre"),
        ("acre", "acre"),
        ("mph", "mph"),
        ("kwh", "kwh"),
        ("mwh", "mwh"),
        ("gwh", "gwh"),
        ("twh", "twh"),
        ("kw", "kw"),
        ("mw", "mw"),
        ("gw", "gw"),
        ("megawatts", "mw"),
        ("megawatt", "mw"),
        ("gigawatts", "gw"),
        ("gigawatt", "gw"),
        ("kilowatts", "kw"),
        ("kilowatt", "kw"),
        ("terawatt", "tw"),
        ("feet", "foot"),
        ("foot", "foot"),
        ("ft", "foot"),
        ("inches", "inch"),
        ("inch", "inch"),
    ];
    if adjacent {
        match w {
            b"g" => return Some("g"),
            b"ha" => return Some("hectare"),
            _ => {}
        }
    }
    TABLE.iter().find(|(k, _)| is(w, k)).map(|&(_, v)| v)
}

/// A unit of length, which "square" can precede ("square metres").
pub(crate) fn length(unit: &str) -> bool {
    matches!(unit, "km" | "mile" | "metre" | "foot" | "cm" | "mm")
}

/// A unit of duration: "years", "month", "hrs". Numbers followed by one are
/// durations, not figures.
pub(crate) fn time_unit(w: &[u8]) -> bool {
    const UNITS: &[&str] = &[
        "year",
        "years",
        "yr",
        "yrs",
        "month",
        "months",
        "mth",
        "mths",
        "week",
        "weeks",
        "wk",
        "wks",
        "fortnight",
        "fortnights",
        "day",
        "days",
        "night",
        "nights",
        "hour",
        "hours",
        "hr",
        "hrs",
        "minute",
        "minutes",
        "min",
        "mins",
        "second",
        "seconds",
        "sec",
        "secs",
        "decade",
        "decades",
        "century",
        "centuries",
    ];
    w.len() <= 10 && UNITS.iter().any(|u| is(w, u))
}

/// "am", "pm", "GMT", "BST": the number before is a time of day.
pub(crate) fn clock_word(w: &[u8]) -> bool {
    is(w, "am") || is(w, "pm") || is(w, "gmt") || is(w, "bst") || is(w, "utc")
}

/// An ordinal suffix: "st", "nd", "rd", "th".
pub(crate) fn ordinal_suffix(w: &[u8]) -> bool {
    is(w, "st") || is(w, "nd") || is(w, "rd") || is(w, "th")
}

/// A month name or abbreviation, capitalised ("May", not "may").
pub(crate) fn month(w: &[u8]) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ];
    w.first().is_some_and(u8::is_ascii_uppercase) && w.len() <= 9 && MONTHS.iter().any(|m| is(w, m))
}

/// A word after which a number is an identifier, not a quantity:
/// "Section 3", "Tier 2", "call 999", "Year 11".
pub(crate) fn code_label(w: &[u8]) -> bool {
    const LABELS: &[&str] = &[
        "section",
        "sections",
        "article",
        "articles",
        "clause",
        "clauses",
        "paragraph",
        "paragraphs",
        "para",
        "schedule",
        "chapter",
        "part",
        "annex",
        "appendix",
        "page",
        "pages",
        "tier",
        "level",
        "phase",
        "stage",
        "category",
        "class",
        "grade",
        "band",
        "step",
        "version",
        "flight",
        "room",
        "junction",
        "platform",
        "gate",
        "route",
        "rule",
        "regulation",
        "regulations",
        "item",
        "question",
        "call",
        "dial",
        "ring",
        "covid",
        "no",
        "nos",
        "number",
        "figure",
        "table",
        "box",
        "option",
        "objective",
        "recommendation",
        "recommendations",
        "vol",
        "col",
        "cols",
        "column",
        "columns",
        "note",
        "notes",
        "footnote",
        "chart",
        "wave",
    ];
    // "Year 11" (school year) only when capitalised: "a year 500 people" is prose.
    if w == b"Year" || w == b"Years" {
        return true;
    }
    w.len() <= 15 && LABELS.iter().any(|l| is(w, l))
}

/// A street-type word, capitalised, that ends an address ("Marsham Street").
pub(crate) fn street(w: &[u8]) -> bool {
    const STREETS: &[&str] = &[
        "Street",
        "Road",
        "Avenue",
        "Lane",
        "Square",
        "Place",
        "Way",
        "Close",
        "Drive",
        "Court",
        "Gardens",
        "Terrace",
        "Crescent",
        "Row",
        "Walk",
        "Embankment",
        "Parade",
        "Hill",
    ];
    STREETS.iter().any(|s| w == s.as_bytes())
}

/// Two or more upper-case letters ("COP", "PSNI"): an acronym, after which a
/// number is part of a name ("COP 26").
pub(crate) fn acronym(w: &[u8]) -> bool {
    w.len() >= 2 && w.iter().all(u8::is_ascii_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales() {
        assert_eq!(scale(b"Million", false, false), Some(6));
        assert_eq!(scale(b"m", true, true), Some(6));
        assert_eq!(scale(b"m", false, true), None);
        assert_eq!(scale(b"k", true, false), None);
        assert_eq!(scale(b"k", true, true), Some(3));
        assert_eq!(scale(b"bn", false, false), Some(9));
    }

    #[test]
    fn months_need_a_capital() {
        assert!(month(b"May"));
        assert!(month(b"November"));
        assert!(!month(b"may"));
        assert!(!month(b"Mayor"));
    }

    #[test]
    fn units() {
        assert_eq!(physical(b"tonnes", false), Some("tonne"));
        assert_eq!(physical(b"kg", true), Some("kg"));
        assert_eq!(physical(b"g", false), None);
        assert_eq!(physical(b"G", true), None);
        assert!(time_unit(b"Years"));
        assert!(!time_unit(b"yearly"));
        assert_eq!(currency_word(b"pence"), Some(("GBP", -2)));
    }

    #[test]
    fn labels() {
        assert!(code_label(b"Section"));
        assert!(code_label(b"Year"));
        assert!(!code_label(b"year"));
        assert!(acronym(b"COP"));
        assert!(!acronym(b"Cop"));
    }
}
