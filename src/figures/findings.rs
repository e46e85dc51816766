//! Checks across the figures of an archive: [`findings`] returns every
//! [`Finding`] worth an analyst's look.
//!
//! Three checks, each in its own file:
//! - `breakdown.rs`: a stated money total against the table rows or bullets
//!   that list its items (sum and count);
//! - `changes.rs`: the same figure (unit, noun and subject words) stated with
//!   a different value in another release;
//! - `table_totals.rs`: a table's "Total" row against the sum of its
//!   column, with the header's scale;
//! - `shares.rs`: percentages that cannot be right ("130% of victims",
//!   "16 in 15").

use serde::Serialize;

use super::figure::{Figure, Unit};
use crate::archive::Archive;

/// What a [`Finding`] is about. Serialised as snake_case words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A stated total disagrees with the items listed for it.
    TotalVsBreakdown,
    /// The same figure has a different value in another release.
    ChangedFigure,
    /// A share above the whole ("130% of", "16 in 15").
    ImpossiblePercentage,
}

impl FindingKind {
    /// "total_vs_breakdown", ...: the serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::TotalVsBreakdown => "total_vs_breakdown",
            FindingKind::ChangedFigure => "changed_figure",
            FindingKind::ImpossiblePercentage => "impossible_percentage",
        }
    }
}

/// A figure a finding points at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRef {
    /// Id of the release whose text holds the figure (for `changed_figure`,
    /// one of the two releases compared).
    pub release: String,
    pub text: String,
    pub value: f64,
    pub unit: Unit,
    /// Byte offsets into that release's `text`.
    pub start: usize,
    pub end: usize,
}

impl FigureRef {
    pub fn new(release: &str, figure: &Figure) -> FigureRef {
        FigureRef {
            release: release.to_owned(),
            text: figure.text.clone(),
            value: figure.value,
            unit: figure.unit.clone(),
            start: figure.start,
            end: figure.end,
        }
    }
}

/// Something in the figures worth checking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Id of the release the finding is about (for a changed figure: the
    /// later of the two, in archive order when undated).
    pub release: String,
    pub kind: FindingKind,
    pub message: String,
    /// The figures involved, most important first: for `total_vs_breakdown`
    /// the stated total, the stated count (if any), then the listed items.
    pub figures: Vec<FigureRef>,
}

/// Every finding in the archive, sorted by release (archive order), kind,
/// then position of the first figure.
pub fn findings(archive: &Archive) -> Vec<Finding> {
    let figures: Vec<Vec<Figure>> = archive
        .releases
        .iter()
        .map(|r| super::find_figures(&r.text))
        .collect();
    let mut out = Vec::new();
    for (release, figs) in archive.releases.iter().zip(&figures) {
        out.extend(super::breakdown::check(release, figs));
        out.extend(super::table_totals::check(release, figs));
        out.extend(super::shares::check(release, figs));
    }
    out.extend(super::changes::check(archive, &figures));
    let order = archive.index_by_id();
    out.sort_by(|a, b| {
        let pos = |f: &Finding| order.get(f.release.as_str()).copied();
        let first = |f: &Finding| f.figures.first().map(|r| r.start);
        pos(a)
            .cmp(&pos(b))
            .then(a.kind.cmp(&b.kind))
            .then(first(a).cmp(&first(b)))
            .then(a.message.cmp(&b.message))
    });
    out
}

/// "£39,564,574", "$1,200", "83%", "1,234": a value for a message.
pub(crate) fn format_value(value: f64, unit: &Unit) -> String {
    let whole = group_thousands(value);
    match unit {
        Unit::Currency(code) => match code.as_str() {
            "GBP" => format!("£{whole}"),
            "USD" => format!("${whole}"),
            "EUR" => format!("€{whole}"),
            _ => format!("{whole} {code}"),
        },
        Unit::Percent => format!("{whole}%"),
        Unit::Ratio => format!("{value:.3}"),
        Unit::Count => whole,
        Unit::Physical(name) => format!("{whole} {name}"),
    }
}

/// 39564574.0 -> "39,564,574"; 2.5 -> "2.5".
fn group_thousands(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let neg = rounded < 0.0;
    let abs = rounded.abs();
    let int = abs.trunc();
    let frac = abs - int;
    let digits = format!("{int:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if frac > 0.0 {
        let f = format!("{frac:.2}");
        out.push_str(f.trim_start_matches('0').trim_end_matches('0'));
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_values_for_messages() {
        let gbp = Unit::Currency("GBP".into());
        assert_eq!(format_value(39_564_574.0, &gbp), "£39,564,574");
        assert_eq!(format_value(762_033.0, &gbp), "£762,033");
        assert_eq!(format_value(2.5, &Unit::Count), "2.5");
        assert_eq!(format_value(130.0, &Unit::Percent), "130%");
        assert_eq!(format_value(999.0, &Unit::Count), "999");
    }

    #[test]
    fn kinds_serialise_as_snake_case_words() {
        let json = serde_json::to_string(&FindingKind::TotalVsBreakdown).unwrap();
        assert_eq!(json, "\"total_vs_breakdown\"");
        for k in [
            FindingKind::TotalVsBreakdown,
            FindingKind::ChangedFigure,
            FindingKind::ImpossiblePercentage,
        ] {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
    }
}
