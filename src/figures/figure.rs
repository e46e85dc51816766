//! The [`Figure`] found in release text and its [`Unit`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One number expression in a text, normalised.
///
/// `start..end` is the byte range of `text` in the string given to
/// [`find_figures`](super::find_figures). `text` is the number expression only
/// ("£39 million", "83%", "1 in 15", "half a million"); the hedge before it
/// ("up to") is in `qualifier` and the thing counted ("projects") in `noun`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Byte offset of the first byte of `text`.
    pub start: usize,
    /// Byte offset just past the last byte of `text`.
    pub end: usize,
    /// The figure as written.
    pub text: String,
    /// Normalised value: £39 million -> 39000000, 83% -> 83, "1 in 15" -> 1/15,
    /// half a million -> 500000.
    pub value: f64,
    /// What the value measures.
    pub unit: Unit,
    /// Lower-case hedge or bound stated just before the figure: "up to", "over",
    /// "more than", "nearly", "an estimated", ...
    pub qualifier: Option<String>,
    /// For counts and ratios: the thing counted, lower-case ("migrants").
    pub noun: Option<String>,
    /// The period the figure covers, as written, if stated nearby: "since 2019",
    /// "over the next 3 years", "from June 2021 to June 2022", "a year".
    pub period: Option<String>,
}

/// What a [`Figure`]'s value measures. Serialised as the plain string of
/// [`Unit::as_str`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Money; the ISO 4217 code ("GBP", "USD", "EUR").
    Currency(String),
    /// A percentage; the value is the number before the sign (83% -> 83).
    Percent,
    /// A plain count of things.
    Count,
    /// "1 in 15": the value is the fraction (1/15).
    Ratio,
    /// A physical quantity; the singular unit name ("tonne", "kg", "km").
    Physical(String),
}

impl Unit {
    /// "GBP", "percent", "count", "ratio", or the physical unit ("tonne").
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Currency(code) => code,
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Ratio => "ratio",
            Unit::Physical(name) => name,
        }
    }

    /// The inverse of [`Unit::as_str`]: three upper-case letters are a currency.
    pub fn parse(s: &str) -> Unit {
        match s {
            "percent" => Unit::Percent,
            "count" => Unit::Count,
            "ratio" => Unit::Ratio,
            _ if s.len() == 3 && s.bytes().all(|c| c.is_ascii_uppercase()) => {
                Unit::Currency(s.to_string())
            }
            _ => Unit::Physical(s.to_string()),
        }
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(Unit::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_round_trips_as_plain_string() {
        for unit in [
            Unit::Currency("GBP".into()),
            Unit::Percent,
            Unit::Count,
            Unit::Ratio,
            Unit::Physical("tonne".into()),
        ] {
            let json = serde_json::to_string(&unit).unwrap();
            assert_eq!(json, format!("\"{}\"", unit.as_str()));
            let back: Unit = serde_json::from_str(&json).unwrap();
            assert_eq!(back, unit);
        }
    }

    #[test]
    fn figure_serialises_unit_as_string() {
        let f = Figure {
            start: 0,
            end: 3,
            text: "83%".into(),
            value: 83.0,
            unit: Unit::Percent,
            qualifier: None,
            noun: None,
            period: None,
        };
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.contains("\"unit\":\"percent\""), "{json}");
        let back: Figure = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }
}
