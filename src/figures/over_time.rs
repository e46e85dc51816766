//! Claims over time: the figures in one tag's claims against their releases' dates, so an
//! analyst sees how a figure was reported over time. UI-free.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::archive::Archive;
use crate::project::{Claim, ClaimId, Project, TagId};

use super::{find_figures, Figure};

/// How much release text before a claim is read to find its figure in context: enough for
/// a table's header above a cell ("£ billion" over "-13.8").
const CONTEXT_BYTES: usize = 8 * 1024;

/// The figure of each quote (its first), found once per quote: finding figures is far slower
/// than looking one up, and quotes rarely change. Claims are looked up in their release's
/// text ([`QuoteFigures::fill_claims`]), so a table cell takes its header's scale and unit
/// and a range keeps both ends.
#[derive(Debug, Clone, Default)]
pub struct QuoteFigures {
    figures: HashMap<String, Option<Figure>>,
    /// Per claim: the release, start and quote it was read at, and the figures inside the
    /// quote, read in context. Keyed by id so a frame's look-ups allocate nothing.
    in_context: HashMap<ClaimId, (String, usize, String, Vec<Figure>)>,
}

impl QuoteFigures {
    /// Finds the figures of the claims not seen before, in their release's text around the
    /// quote; a claim whose release is missing or whose quote moved is read on its own.
    pub fn fill_claims<'a>(
        &mut self,
        archive: &Archive,
        claims: impl IntoIterator<Item = &'a Claim>,
    ) {
        let mut releases: Option<HashMap<&str, &str>> = None;
        for c in claims {
            if self.in_context.get(&c.id).is_some_and(|(r, s, q, _)| {
                *r == c.release && *s == c.anchor.start && *q == c.anchor.exact
            }) {
                continue;
            }
            let texts = releases.get_or_insert_with(|| {
                archive
                    .releases
                    .iter()
                    .map(|r| (r.id.as_str(), r.text.as_str()))
                    .collect()
            });
            let found = texts
                .get(c.release.as_str())
                .filter(|t| t.get(c.anchor.start..c.anchor.end) == Some(c.anchor.exact.as_str()))
                .map(|t| figures_in_context(t, c.anchor.start, c.anchor.end))
                .unwrap_or_else(|| find_figures(&c.anchor.exact));
            self.in_context.insert(
                c.id,
                (
                    c.release.clone(),
                    c.anchor.start,
                    c.anchor.exact.clone(),
                    found,
                ),
            );
        }
    }

    /// The figures inside a claim's quote given to `fill_claims`, in order: the first is the
    /// claim's figure; a range's second end follows it.
    pub fn of_claim(&self, c: &Claim) -> &[Figure] {
        match self.in_context.get(&c.id) {
            Some((r, s, q, found))
                if *r == c.release && *s == c.anchor.start && *q == c.anchor.exact =>
            {
                found
            }
            _ => &[],
        }
    }

    /// Finds the figures of the quotes not seen before.
    pub fn fill<'a>(&mut self, quotes: impl IntoIterator<Item = &'a str>) {
        for quote in quotes {
            if !self.figures.contains_key(quote) {
                let figure = find_figures(quote).into_iter().next();
                self.figures.insert(quote.to_owned(), figure);
            }
        }
    }

    /// The figure of a quote given to `fill`.
    pub fn get(&self, quote: &str) -> Option<&Figure> {
        self.figures.get(quote)?.as_ref()
    }
}

/// The figures of `text` inside `start..end`, read with up to `CONTEXT_BYTES` of the text
/// before (from a line start) and the rest of the last line, so headers and ranges count.
fn figures_in_context(text: &str, start: usize, end: usize) -> Vec<Figure> {
    let mut from = start.saturating_sub(CONTEXT_BYTES);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    if from > 0 {
        from = text[from..start].find('\n').map_or(start, |k| from + k + 1);
    }
    let to = text[end..].find('\n').map_or(text.len(), |k| end + k);
    let Some(window) = text.get(from..to) else {
        return find_figures(text.get(start..end).unwrap_or_default());
    };
    find_figures(window)
        .into_iter()
        .filter(|f| from + f.start < end && from + f.end > start)
        .map(|mut f| {
            f.start += from;
            f.end += from;
            f
        })
        .collect()
}

/// One claim on the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub claim: ClaimId,
    /// Index into `Archive::releases`.
    pub release: usize,
    /// The release's date as days since 1970 (a month-dated release: the month's first day).
    pub day: i64,
    pub value: f64,
}

/// The figures of one tag's claims over time, in one unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OverTime {
    /// Sorted by day, then claim.
    pub points: Vec<Point>,
    /// The unit plotted: the most common among the claims' figures (ties: the first by name).
    pub unit: Option<String>,
    /// The tag's claims, plotted or not.
    pub claims: usize,
    /// Skipped: no figure in the quote.
    pub without_figure: usize,
    /// Skipped: a figure in another unit.
    pub other_unit: usize,
    /// Skipped: the release is undated or not in the archive.
    pub undated: usize,
    /// Every unit among the claims' figures with how many claims have it, most common
    /// first: each can be plotted on its own axis.
    pub units: Vec<(String, usize)>,
}

/// The claims tagged `tag` whose quotes hold a figure, as points of their release's date and
/// the figure's value.
pub fn over_time(
    archive: &Archive,
    project: &Project,
    tag: TagId,
    figures: &mut QuoteFigures,
) -> OverTime {
    over_time_in(archive, project, tag, None, figures)
}

/// As [`over_time`], plotting `unit` ("percent", "ratio", "GBP", ...) on its own axis when
/// the claims have figures in it, else the most common unit.
pub fn over_time_in(
    archive: &Archive,
    project: &Project,
    tag: TagId,
    unit: Option<&str>,
    figures: &mut QuoteFigures,
) -> OverTime {
    let claims: Vec<_> = project.claims.values().filter(|c| c.has_tag(tag)).collect();
    figures.fill_claims(archive, claims.iter().copied());
    // Only the releases of these claims: a scan, not a map of every release id.
    let wanted: HashSet<&str> = claims.iter().map(|c| c.release.as_str()).collect();
    let releases: HashMap<&str, usize> = archive
        .releases
        .iter()
        .enumerate()
        .filter(|(_, r)| wanted.contains(r.id.as_str()))
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut units: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &claims {
        if let Some(f) = figures.of_claim(c).first() {
            *units.entry(f.unit.as_str()).or_default() += 1;
        }
    }
    // The most common unit; `max_by_key` keeps the last of equals, so go by name backwards.
    let common = units
        .iter()
        .rev()
        .max_by_key(|(_, n)| **n)
        .map(|(u, _)| (*u).to_owned());
    let unit = unit
        .filter(|u| units.contains_key(u))
        .map(str::to_owned)
        .or(common);
    let mut listed: Vec<(String, usize)> =
        units.iter().map(|(u, n)| ((*u).to_owned(), *n)).collect();
    listed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = OverTime {
        claims: claims.len(),
        units: listed,
        ..OverTime::default()
    };
    for c in &claims {
        let Some(f) = figures.of_claim(c).first() else {
            out.without_figure += 1;
            continue;
        };
        if unit.as_deref() != Some(f.unit.as_str()) {
            out.other_unit += 1;
            continue;
        }
        let dated = releases.get(c.release.as_str()).and_then(|&i| {
            let d = archive.releases.get(i)?.date?;
            Some((i, d.first_day()))
        });
        let Some((release, day)) = dated else {
            out.undated += 1;
            continue;
        };
        out.points.push(Point {
            claim: c.id,
            release,
            day,
            value: f.value,
        });
    }
    out.points.sort_by_key(|p| (p.day, p.claim));
    out.unit = unit;
    out
}

/// Round tick values (1, 2 or 5 times a power of ten apart) covering `lo..=hi`, at most
/// about `max_ticks` of them, ascending; the first is at or below `lo`, the last at or above
/// `hi`.
pub fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let rough = (hi - lo) / max_ticks.max(1) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Powers of ten covering `lo..=hi` (both positive), ascending: ticks for a log axis, where
/// figures of very different sizes (40 migrants, 136,000 dependants) can be read together.
/// Empty unless `0 < lo <= hi`.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && hi >= lo) {
        return Vec::new();
    }
    let first = lo.log10().floor() as i32;
    let last = (hi.log10().ceil() as i32).max(first + 1);
    (first..=last).map(|e| 10f64.powi(e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::days_from_civil;

    #[test]
    fn log_ticks_cover_the_values() {
        assert_eq!(
            log_ticks(40.0, 136_000.0),
            [10.0, 100.0, 1e3, 1e4, 1e5, 1e6]
        );
        assert_eq!(log_ticks(1e6, 1e6), [1e6, 1e7]);
        assert!(log_ticks(0.0, 10.0).is_empty());
        assert!(log_ticks(-5.0, 10.0).is_empty());
    }
    use crate::test_support::{claim, sample};

    #[test]
    fn funding_totals_over_time_on_the_sample() {
        let a = sample();
        let mut p = Project::new(Default::default(), "t");
        let funding = p.codebook.by_name("funding total").expect("tag").id;
        let migration = p.codebook.by_name("migration figure").expect("tag").id;
        // Added out of date order: the points come back sorted by date.
        let gang = claim(
            &a,
            &mut p,
            "Gang members",
            "more than £200,000",
            vec![funding],
        );
        let stalkers = claim(&a, &mut p, "Stalkers", "£39 million", vec![funding]);
        let fraud = claim(
            &a,
            &mut p,
            "New blueprint",
            "Backed by a £30 million investment",
            vec![funding],
        );
        claim(
            &a,
            &mut p,
            "Changes",
            "International Education Strategy",
            vec![funding],
        );
        claim(&a, &mut p, "Changes", "increased by 750%", vec![funding]);
        claim(&a, &mut p, "Changes", "136,000 people", vec![migration]);

        let t = over_time(&a, &p, funding, &mut QuoteFigures::default());
        assert_eq!(t.unit.as_deref(), Some("GBP"));
        assert_eq!(
            (t.claims, t.without_figure, t.other_unit, t.undated),
            (5, 1, 1, 0)
        );
        let got: Vec<(ClaimId, i64, f64)> =
            t.points.iter().map(|p| (p.claim, p.day, p.value)).collect();
        assert_eq!(
            got,
            [
                (fraud, days_from_civil(2023, 5, 3), 30_000_000.0),
                (stalkers, days_from_civil(2023, 5, 11), 39_000_000.0),
                (gang, days_from_civil(2023, 5, 16), 200_000.0),
            ]
        );
        assert!(t
            .points
            .iter()
            .all(|pt| a.releases[pt.release].id == p.claims[&pt.claim].release));

        let m = over_time(&a, &p, migration, &mut QuoteFigures::default());
        assert_eq!(m.unit.as_deref(), Some("count"));
        assert_eq!(m.points.len(), 1);
        assert_eq!(m.points[0].value, 136_000.0);

        let none = over_time(&a, &p, TagId(99), &mut QuoteFigures::default());
        assert_eq!(none, OverTime::default());
    }

    #[test]
    fn percentages_plot_on_their_own_axis() {
        let a = sample();
        let mut p = Project::new(Default::default(), "t");
        let funding = p.codebook.by_name("funding total").expect("tag").id;
        claim(&a, &mut p, "Stalkers", "£39 million", vec![funding]);
        claim(&a, &mut p, "Changes", "increased by 750%", vec![funding]);
        let mut figures = QuoteFigures::default();
        let t = over_time_in(&a, &p, funding, Some("percent"), &mut figures);
        assert_eq!(t.unit.as_deref(), Some("percent"));
        assert_eq!(
            t.points.iter().map(|p| p.value).collect::<Vec<_>>(),
            [750.0]
        );
        assert_eq!(t.other_unit, 1);
        assert_eq!(
            t.units,
            [("GBP".to_string(), 1), ("percent".to_string(), 1)]
        );
        // a unit the claims do not have falls back to the most common
        let t = over_time_in(&a, &p, funding, Some("ratio"), &mut figures);
        assert!(t.unit.is_some() && t.unit.as_deref() != Some("ratio"));
    }

    #[test]
    fn a_table_cell_is_read_with_its_header() {
        let psf = include_str!("../../tests/fixtures/figures/hard/01-psf-august-2011.txt");
        let start = psf.find("-13.8").expect("cell");
        let found = figures_in_context(psf, start, start + 5);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].value, -13.8e9);
        assert_eq!(found[0].unit.as_str(), "GBP");
        assert_eq!(found[0].start, start);
        // a range keeps both ends
        let land =
            include_str!("../../tests/fixtures/figures/hard/34-public-sector-land-answer.txt");
        let start = land.find("20-30%").expect("range");
        let found = figures_in_context(land, start, start + 6);
        let ends: Vec<f64> = found.iter().map(|f| f.value).collect();
        assert_eq!(ends, [20.0, 30.0]);
    }

    #[test]
    fn nice_ticks_are_round_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 39e6, 5), [0.0, 1e7, 2e7, 3e7, 4e7]);
        assert_eq!(nice_ticks(0.0, 1.0, 4), [0.0, 0.5, 1.0]);
        assert_eq!(
            nice_ticks(-3.0, 7.0, 5),
            [-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]
        );
        let one = nice_ticks(5.0, 5.0, 5);
        assert!(one.first().is_some_and(|t| *t <= 5.0) && one.last().is_some_and(|t| *t >= 5.0));
        assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
    }
}
