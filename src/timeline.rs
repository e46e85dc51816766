//! Timeline core (no drawing): where each release sits in time, lanes to group them,
//! a pan/zoom scale, tick marks, and a fast query for what is visible.
//!
//! Days are counted from 1970-01-01 (as `PartialDate::first_day`).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::archive::{civil_from_days, days_from_civil, Archive, Release, MONTHS};
use crate::project::{Project, TagId};
use crate::search::FxBuild;

/// Where a release sits in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineItem {
    /// Dated to the day.
    Point(i64),
    /// Dated to the month only: its first and last day.
    Span(i64, i64),
    Undated,
}

impl TimelineItem {
    pub fn of(release: &Release) -> TimelineItem {
        match release.date {
            Some(d) if d.day.is_some() => TimelineItem::Point(d.first_day()),
            Some(d) => TimelineItem::Span(d.first_day(), d.last_day()),
            None => TimelineItem::Undated,
        }
    }

    /// First and last day, if dated.
    pub fn days(self) -> Option<(i64, i64)> {
        match self {
            TimelineItem::Point(d) => Some((d, d)),
            TimelineItem::Span(a, b) => Some((a, b)),
            TimelineItem::Undated => None,
        }
    }
}

/// A dated release placed on the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placed {
    pub first_day: i64,
    pub last_day: i64,
    /// Index into `Archive::releases`.
    pub release: usize,
}

/// Longest span a release can cover (a month).
const MAX_SPAN_DAYS: i64 = 31;

/// Dated releases sorted by first day (then release), and undated ones listed apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    pub placed: Vec<Placed>,
    pub undated: Vec<usize>,
}

impl Timeline {
    pub fn new(archive: &Archive) -> Timeline {
        Self::from_releases(archive, 0..archive.releases.len())
    }

    /// A timeline of some releases (for a lane or a filter).
    pub fn from_releases(archive: &Archive, releases: impl IntoIterator<Item = usize>) -> Self {
        let mut t = Timeline::default();
        for i in releases {
            let Some(r) = archive.releases.get(i) else {
                continue;
            };
            match TimelineItem::of(r).days() {
                Some((first_day, last_day)) => t.placed.push(Placed {
                    first_day,
                    last_day,
                    release: i,
                }),
                None => t.undated.push(i),
            }
        }
        t.placed.sort_unstable();
        t.undated.sort_unstable();
        t
    }

    /// Releases overlapping days `first..=last`: a binary search, no allocation.
    pub fn visible(&self, first: f64, last: f64) -> impl Iterator<Item = &Placed> {
        visible(&self.placed, first, last)
            .iter()
            .filter(move |p| p.last_day as f64 >= first.floor())
    }

    /// First and last day of all dated releases.
    pub fn extent(&self) -> Option<(i64, i64)> {
        let first = self.placed.first()?.first_day;
        let last = self.placed.iter().map(|p| p.last_day).max()?;
        Some((first, last))
    }
}

/// The run of `items` (sorted by first day) that may overlap days `first..=last`; it can
/// include month spans ending just before `first`, which callers may skip.
pub fn visible(items: &[Placed], first: f64, last: f64) -> &[Placed] {
    let lo = first.floor() as i64 - MAX_SPAN_DAYS;
    let hi = last.floor() as i64;
    let a = items.partition_point(|p| p.first_day < lo);
    let b = items.partition_point(|p| p.first_day <= hi);
    items.get(a..b.max(a)).unwrap_or(&[])
}

/// What to group releases into lanes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LaneBy {
    Department,
    Kind,
    /// The archive section (`Tag: ...` header).
    Section,
    /// The tags of a release's claims: a release is in the lane of every tag it has claims
    /// with, or in the untagged lane.
    Tag,
}

/// One lane: its name, its tag (lanes by tag), and its releases in date order (undated last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub name: String,
    pub tag: Option<TagId>,
    pub items: Vec<usize>,
}

pub const NO_DEPARTMENT: &str = "(no department)";
/// The lane by tag of releases with no tagged claim.
pub const UNTAGGED: &str = "(untagged)";

/// Lanes sorted by name; by tag, the untagged lane comes last. Lanes by tag only list tags
/// that have claims.
pub fn lanes(archive: &Archive, project: &Project, by: LaneBy) -> Vec<Lane> {
    if by == LaneBy::Tag {
        return tag_lanes(archive, project);
    }
    // Borrowed names: no allocation per release.
    let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in archive.releases.iter().enumerate() {
        let name = match by {
            LaneBy::Department => r.department.as_deref().unwrap_or(NO_DEPARTMENT),
            LaneBy::Kind => r.kind.label(),
            LaneBy::Section | LaneBy::Tag => &r.section,
        };
        map.entry(name).or_default().push(i);
    }
    map.into_iter()
        .map(|(name, items)| lane(archive, name.to_owned(), None, items))
        .collect()
}

fn tag_lanes(archive: &Archive, project: &Project) -> Vec<Lane> {
    // A fast hasher: every release's id is looked up once per rebuild.
    let mut tags_of: HashMap<&str, Vec<TagId>, FxBuild> = HashMap::default();
    for c in project.claims.values() {
        tags_of
            .entry(c.release.as_str())
            .or_default()
            .extend(&c.tags);
    }
    let mut by_tag: BTreeMap<TagId, Vec<usize>> = BTreeMap::new();
    let mut untagged = Vec::new();
    for (i, r) in archive.releases.iter().enumerate() {
        match tags_of.get_mut(r.id.as_str()) {
            Some(tags) if !tags.is_empty() => {
                tags.sort_unstable();
                tags.dedup();
                for t in tags.iter() {
                    by_tag.entry(*t).or_default().push(i);
                }
            }
            _ => untagged.push(i),
        }
    }
    let mut out: Vec<Lane> = by_tag
        .into_iter()
        .map(|(tag, items)| {
            let name = project
                .codebook
                .get(tag)
                .map_or_else(|| format!("tag {}", tag.0), |t| t.name.clone());
            lane(archive, name, Some(tag), items)
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.tag.cmp(&b.tag)));
    if !untagged.is_empty() {
        out.push(lane(archive, UNTAGGED.to_owned(), None, untagged));
    }
    out
}

/// A lane with its releases sorted by date, undated last.
fn lane(archive: &Archive, name: String, tag: Option<TagId>, mut items: Vec<usize>) -> Lane {
    // Keys looked up once per release, not at every comparison: a lane may hold most of
    // 100,000 releases and is rebuilt after each claim edit when lanes are by tag.
    items.sort_by_cached_key(|&i| {
        let day = archive
            .releases
            .get(i)
            .and_then(|r| r.date)
            .map(|d| d.first_day());
        (day.is_none(), day, i)
    });
    Lane { name, tag, items }
}

/// Maps days to pixels: `x = (day - start_day) / days_per_px`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub start_day: f64,
    pub days_per_px: f64,
}

impl Scale {
    pub const MIN_DAYS_PER_PX: f64 = 1.0 / 200.0;
    pub const MAX_DAYS_PER_PX: f64 = 400.0;

    /// Shows days `first..=last` across `width_px`.
    pub fn fit(first: f64, last: f64, width_px: f64) -> Scale {
        let days = (last - first).max(1.0) + 1.0;
        Scale {
            start_day: first,
            days_per_px: (days / width_px.max(1.0))
                .clamp(Self::MIN_DAYS_PER_PX, Self::MAX_DAYS_PER_PX),
        }
    }

    pub fn x_of(&self, day: f64) -> f64 {
        (day - self.start_day) / self.days_per_px
    }

    pub fn day_at(&self, x: f64) -> f64 {
        self.start_day + x * self.days_per_px
    }

    /// Days shown across `width_px`.
    pub fn range(&self, width_px: f64) -> (f64, f64) {
        (self.start_day, self.day_at(width_px))
    }

    /// Zooms by `factor` (> 1 zooms in) keeping the day under `anchor_x` in place.
    pub fn zoom(&mut self, factor: f64, anchor_x: f64) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let day = self.day_at(anchor_x);
        self.days_per_px =
            (self.days_per_px / factor).clamp(Self::MIN_DAYS_PER_PX, Self::MAX_DAYS_PER_PX);
        self.start_day = day - anchor_x * self.days_per_px;
    }

    /// Moves the view by `dx_px` (dragging right shows earlier days).
    pub fn pan(&mut self, dx_px: f64) {
        self.start_day -= dx_px * self.days_per_px;
    }
}

/// A tick mark: the day it is at and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub day: i64,
    pub label: String,
}

/// Tick spacing unit chosen for a zoom level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Days(i64),
    Months(i64),
    Years(i64),
}

/// Minimum pixels between ticks.
const MIN_TICK_PX: f64 = 70.0;

fn unit_for(days_per_px: f64) -> Unit {
    let min_days = days_per_px * MIN_TICK_PX;
    let steps = [
        (1.0, Unit::Days(1)),
        (2.0, Unit::Days(2)),
        (7.0, Unit::Days(7)),
        (14.0, Unit::Days(14)),
        (31.0, Unit::Months(1)),
        (92.0, Unit::Months(3)),
        (183.0, Unit::Months(6)),
        (366.0, Unit::Years(1)),
        (731.0, Unit::Years(2)),
        (1827.0, Unit::Years(5)),
        (3653.0, Unit::Years(10)),
        (7305.0, Unit::Years(20)),
        (18263.0, Unit::Years(50)),
    ];
    steps
        .iter()
        .find(|(d, _)| *d >= min_days)
        .map_or(Unit::Years(100), |(_, u)| *u)
}

/// Ticks across `width_px`: days, weeks, months, years or decades by zoom.
pub fn ticks(scale: &Scale, width_px: f64) -> Vec<Tick> {
    let (first, last) = scale.range(width_px);
    let (first, last) = (first.floor() as i64, last.ceil() as i64);
    let mut out = Vec::new();
    match unit_for(scale.days_per_px) {
        Unit::Days(k) => {
            let mut d = first.div_euclid(k) * k;
            while d <= last {
                if d >= first {
                    let (y, m, day) = civil_from_days(d);
                    let label = if day == 1 && m == 1 {
                        format!("{day} {} {y}", month_abbr(m))
                    } else {
                        format!("{day} {}", month_abbr(m))
                    };
                    out.push(Tick { day: d, label });
                }
                d += k;
            }
        }
        Unit::Months(k) => {
            let (y, m, _) = civil_from_days(first);
            let mut idx = (i64::from(y) * 12 + i64::from(m) - 1).div_euclid(k) * k;
            loop {
                let (y, m) = (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u8);
                let d = days_from_civil(y, m, 1);
                if d > last {
                    break;
                }
                if d >= first {
                    let label = if m == 1 {
                        y.to_string()
                    } else {
                        format!("{} {y}", month_abbr(m))
                    };
                    out.push(Tick { day: d, label });
                }
                idx += k;
            }
        }
        Unit::Years(k) => {
            let (y, _, _) = civil_from_days(first);
            let mut year = i64::from(y).div_euclid(k) * k;
            loop {
                let d = days_from_civil(year as i32, 1, 1);
                if d > last {
                    break;
                }
                if d >= first {
                    let label = if k >= 10 {
                        format!("{year}s")
                    } else {
                        year.to_string()
                    };
                    out.push(Tick { day: d, label });
                }
                year += k;
            }
        }
    }
    out
}

fn month_abbr(m: u8) -> &'static str {
    MONTHS
        .get(usize::from(m).saturating_sub(1))
        .and_then(|name| name.get(..3))
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const TEXT: &str = "Tag: Home Office\n\n\
  • PRESS RELEASE : Day dated [May 2023]\n\n    PRESS RELEASE : Day dated [May 2023]\n\n    The press release issued by the Home Office on 23 May 2023.\n\n    Body one.\n\n\
  • PRESS RELEASE : Month dated [April 2023]\n\n    PRESS RELEASE : Month dated [April 2023]\n\n    Body two.\n\n\
  • Undated thing\n\n    Body three.\n";

    fn archive() -> Archive {
        Archive::parse_str(TEXT, Path::new("t.txt")).expect("parses")
    }

    #[test]
    fn items_by_precision() {
        let a = archive();
        let items: Vec<TimelineItem> = a.releases.iter().map(TimelineItem::of).collect();
        let may23 = days_from_civil(2023, 5, 23);
        let april = (days_from_civil(2023, 4, 1), days_from_civil(2023, 4, 30));
        assert!(items.contains(&TimelineItem::Point(may23)), "{items:?}");
        assert!(
            items.contains(&TimelineItem::Span(april.0, april.1)),
            "{items:?}"
        );
        let t = Timeline::new(&a);
        assert_eq!(t.placed.len() + t.undated.len(), a.releases.len());
        assert!(t.placed.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(t.extent(), Some((april.0, may23)));
        // A range inside April sees only the month-dated release.
        let seen: Vec<usize> = t
            .visible(april.0 as f64 + 10.0, april.0 as f64 + 12.0)
            .map(|p| p.release)
            .collect();
        assert_eq!(seen.len(), 1);
        assert_eq!(t.visible(may23 as f64, may23 as f64).count(), 1);
        assert_eq!(t.visible(may23 as f64 + 1.0, may23 as f64 + 9.0).count(), 0);
    }

    #[test]
    fn lanes_sorted_and_complete() {
        let a = archive();
        let p = Project::new(Default::default(), "t");
        for by in [
            LaneBy::Department,
            LaneBy::Kind,
            LaneBy::Section,
            LaneBy::Tag,
        ] {
            let ls = lanes(&a, &p, by);
            assert!(ls.windows(2).all(|w| w[0].name < w[1].name));
            let n: usize = ls.iter().map(|l| l.items.len()).sum();
            assert_eq!(n, a.releases.len());
        }
    }

    use crate::test_support::{claim, sample};

    #[test]
    fn lanes_by_tag_on_the_sample() {
        let a = sample();
        let mut p = Project::new(Default::default(), "t");
        let migration = p.codebook.by_name("migration figure").expect("tag").id;
        let funding = p.codebook.by_name("funding total").expect("tag").id;
        let students = "Changes to student visa route";
        claim(&a, &mut p, students, "net migration", vec![migration]);
        claim(
            &a,
            &mut p,
            students,
            "International Education",
            vec![funding],
        );
        claim(&a, &mut p, "Gang members", "41 migrants", vec![migration]);
        claim(&a, &mut p, "Stalkers", "£39 million", vec![funding]);
        // A claim without a tag leaves its release untagged.
        claim(&a, &mut p, "Glasgow", "Interpol", vec![]);

        let ls = lanes(&a, &p, LaneBy::Tag);
        let names: Vec<&str> = ls.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["funding total", "migration figure", UNTAGGED]);
        assert_eq!(ls[0].tag, Some(funding));
        assert_eq!(ls[1].tag, Some(migration));
        assert_eq!(ls[2].tag, None);
        let titles = |l: &Lane| -> Vec<&str> {
            l.items
                .iter()
                .map(|&i| a.releases[i].title.split(' ').next().unwrap_or(""))
                .collect()
        };
        // In date order: the student visa release (23 May) is the latest.
        assert_eq!(titles(&ls[0]), ["Stalkers", "Changes"]);
        assert_eq!(titles(&ls[1]), ["Gang", "Changes"]);
        assert_eq!(ls[2].items.len(), a.releases.len() - 3);
        assert!(titles(&ls[2]).contains(&"Glasgow"));
        // Lanes by department and kind: everything in one lane each on this sample.
        for by in [LaneBy::Department, LaneBy::Kind] {
            let ls = lanes(&a, &p, by);
            assert_eq!(ls.len(), 1, "{by:?}");
            assert_eq!(ls[0].items.len(), a.releases.len());
        }
        assert_eq!(lanes(&a, &p, LaneBy::Kind)[0].name, "press release");
        assert_eq!(lanes(&a, &p, LaneBy::Department)[0].name, "Home Office");
    }

    #[test]
    fn zoom_keeps_anchor_and_pan_moves() {
        let mut s = Scale::fit(0.0, 999.0, 1000.0);
        let before = s.day_at(300.0);
        s.zoom(4.0, 300.0);
        assert!((s.day_at(300.0) - before).abs() < 1e-9);
        assert!((s.days_per_px - 0.25).abs() < 1e-9);
        s.pan(100.0);
        assert!((s.day_at(400.0) - before).abs() < 1e-9);
    }

    #[test]
    fn ticks_follow_zoom() {
        let start = days_from_civil(2000, 1, 1) as f64;
        let width = 1000.0;
        let decades = ticks(&Scale::fit(start, start + 365.25 * 150.0, width), width);
        assert!(decades.iter().any(|t| t.label == "2020s"), "{decades:?}");
        let years = ticks(&Scale::fit(start, start + 365.25 * 8.0, width), width);
        assert!(years.iter().any(|t| t.label == "2003"), "{years:?}");
        let months = ticks(&Scale::fit(start, start + 300.0, width), width);
        assert!(months.iter().any(|t| t.label == "Feb 2000"), "{months:?}");
        let days = ticks(&Scale::fit(start, start + 10.0, width), width);
        assert_eq!(days.first().map(|t| t.label.as_str()), Some("1 Jan 2000"));
        assert_eq!(days.len(), 12);
        for t in [&decades, &years, &months, &days] {
            assert!(t.windows(2).all(|w| w[0].day < w[1].day));
        }
    }

    #[test]
    fn visible_is_a_binary_search() {
        let placed: Vec<Placed> = (0..100_000)
            .map(|i| Placed {
                first_day: i / 10,
                last_day: i / 10,
                release: i as usize,
            })
            .collect();
        let v = visible(&placed, 100.0, 109.0);
        assert!(v.len() >= 100 && v.len() <= 100 + 10 * 31);
        assert!(v.iter().any(|p| p.first_day == 109));
    }
}
