//! Inter-coder agreement, as NVivo's coding comparison computes it: for each tag (matched by
//! name) and every character of every release's text, was it coded by A, by B, by both or by
//! neither? Percentage agreement and Cohen's kappa come from that 2×2 table, summed over
//! the archive.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::archive::Archive;
use crate::project::{reanchor, Project};

use super::tag_map::TagMap;
use super::text::CharCounter;

/// Who coded a stretch the other did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    AOnly,
    BOnly,
}

/// Agreement on one tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagAgreement {
    /// The tag's name (as A spells it, else as B does).
    pub tag: String,
    /// Characters both coded the same way (both or neither), in percent.
    pub percent_agreement: f64,
    /// Cohen's kappa; 1 when the two agree on every character.
    pub kappa: f64,
    /// False when neither coder used the tag: then agreement and kappa say nothing (they
    /// are 100 % and 1 by arithmetic) and are reported as "not used".
    pub used: bool,
    pub a_chars: u64,
    pub b_chars: u64,
    pub both_chars: u64,
    /// Characters of text in the archive.
    pub total_chars: u64,
}

impl TagAgreement {
    /// Kappa as shown, to three places: a kappa a hair below zero reads "0.000", not
    /// "-0.000" (no agreement beyond chance, not a negative one).
    pub fn kappa_shown(&self) -> String {
        let k = if self.kappa.abs() < 0.0005 {
            0.0
        } else {
            self.kappa
        };
        format!("{k:.3}")
    }
}

/// A stretch of text one coder tagged and the other did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub release: String,
    /// Byte offsets into the release's text.
    pub start: usize,
    pub end: usize,
    pub tag: String,
    pub who: Who,
    pub text: String,
}

/// Agreement per tag (sorted by name) and the disagreements (by release order, tag, place).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub per_tag: Vec<TagAgreement>,
    pub disagreements: Vec<Disagreement>,
    /// Claims of A and of B left out: their words are no longer in the archive.
    #[serde(skip)]
    pub left_out: [usize; 2],
}

/// Compares the coding of `a` and `b` over `archive`'s text, tags matched by name.
pub fn agree(a: &Project, b: &Project, archive: &Archive) -> Agreement {
    agree_mapped(a, b, archive, &TagMap::new())
}

/// [`agree`], with `b`'s tags mapped onto `a`'s by `map` (their "Funding" counted as our
/// "funding total"), as a merge would map them.
pub fn agree_mapped(a: &Project, b: &Project, archive: &Archive, map: &TagMap) -> Agreement {
    // Tag name (lower case) -> display name.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for t in b.codebook.tags() {
        let name = map.get(&t.name).unwrap_or(&t.name);
        names.insert(name.trim().to_lowercase(), name.to_owned());
    }
    for t in a.codebook.tags() {
        names.insert(t.name.trim().to_lowercase(), t.name.clone());
    }
    // Both coders' claims where their words are in the archive as it is now: offsets
    // stored before the archive was edited would compare other characters.
    let (a, a_out) = placed_now(a, archive, true);
    let (b, b_out) = placed_now(b, archive, true);
    let spans_a = spans_by(&a, &TagMap::new());
    let spans_b = spans_by(&b, map);
    let total_chars: u64 = archive
        .releases
        .iter()
        .map(|r| r.text.chars().count() as u64)
        .sum();
    let empty = Vec::new();
    let mut per_tag = Vec::new();
    let mut disagreements = Vec::new();
    for (key, name) in &names {
        let (mut ac, mut bc, mut both) = (0u64, 0u64, 0u64);
        for r in &archive.releases {
            let ka = (key.clone(), r.id.clone());
            let sa = merged(spans_a.get(&ka).unwrap_or(&empty), r.text.len());
            let sb = merged(spans_b.get(&ka).unwrap_or(&empty), r.text.len());
            if sa.is_empty() && sb.is_empty() {
                continue;
            }
            let mut counter = CharCounter::new(&r.text);
            let mut chars = |s: usize, e: usize| {
                let cs = counter.chars_at(s);
                (counter.chars_at(e) - cs) as u64
            };
            // Sweep the boundaries of both span lists.
            let mut cuts: BTreeSet<usize> = BTreeSet::new();
            for (s, e) in sa.iter().chain(&sb) {
                cuts.insert(*s);
                cuts.insert(*e);
            }
            let cuts: Vec<usize> = cuts.into_iter().collect();
            let inside = |spans: &[(usize, usize)], p: usize| {
                let i = spans.partition_point(|(_, e)| *e <= p);
                spans.get(i).is_some_and(|(s, _)| *s <= p)
            };
            let mut open: Option<(usize, Who)> = None;
            let mut close = |open: &mut Option<(usize, Who)>, at: usize| {
                if let Some((s, who)) = open.take() {
                    if at > s {
                        disagreements.push(Disagreement {
                            release: r.id.clone(),
                            start: s,
                            end: at,
                            tag: name.clone(),
                            who,
                            text: r.text.get(s..at).unwrap_or("").to_owned(),
                        });
                    }
                }
            };
            for w in cuts.windows(2) {
                let (s, e) = (w[0], w[1]);
                let (in_a, in_b) = (inside(&sa, s), inside(&sb, s));
                let n = chars(s, e);
                if in_a {
                    ac += n;
                }
                if in_b {
                    bc += n;
                }
                if in_a && in_b {
                    both += n;
                }
                let who = match (in_a, in_b) {
                    (true, false) => Some(Who::AOnly),
                    (false, true) => Some(Who::BOnly),
                    _ => None,
                };
                match (open, who) {
                    (Some((_, w0)), Some(w1)) if w0 == w1 => {}
                    (_, Some(w1)) => {
                        close(&mut open, s);
                        open = Some((s, w1));
                    }
                    (_, None) => close(&mut open, s),
                }
            }
            if let Some(&last) = cuts.last() {
                close(&mut open, last);
            }
        }
        per_tag.push(score(name, ac, bc, both, total_chars));
    }
    let order = archive.index_by_id();
    disagreements.sort_by(|x, y| {
        (order.get(x.release.as_str()), &x.tag, x.start, x.end, x.who).cmp(&(
            order.get(y.release.as_str()),
            &y.tag,
            y.start,
            y.end,
            y.who,
        ))
    });
    Agreement {
        per_tag,
        disagreements,
        left_out: [a_out, b_out],
    }
}

/// `project` with its claims placed in `archive` as it is now (a claim whose words moved
/// where they are now), to compare or merge it with another project placed there too; a
/// claim whose words are gone stays as stored, or is left out with `drop_orphans`. Also how
/// many claims that was.
pub fn placed_now<'a>(
    project: &'a Project,
    archive: &Archive,
    drop_orphans: bool,
) -> (Cow<'a, Project>, usize) {
    let placing = reanchor(project, archive);
    let orphans = placing.orphans();
    let counts = placing.counts();
    if counts.moved + counts.fuzzy == 0 && (orphans.is_empty() || !drop_orphans) {
        return (Cow::Borrowed(project), orphans.len());
    }
    let mut copy = project.clone();
    if placing.edit(project).apply(&mut copy).is_err() {
        // Cannot happen (each edit updates a claim the project holds): used as stored.
        return (Cow::Borrowed(project), orphans.len());
    }
    if drop_orphans {
        for id in &orphans {
            copy.claims.remove(id);
        }
    }
    (Cow::Owned(copy), orphans.len())
}

/// (tag name lower case, release id) -> byte spans.
type Spans = BTreeMap<(String, String), Vec<(usize, usize)>>;

fn spans_by(p: &Project, map: &TagMap) -> Spans {
    let mut out: Spans = BTreeMap::new();
    for c in p.claims.values() {
        for t in &c.tags {
            if let Some(tag) = p.codebook.get(*t) {
                let name = map.get(&tag.name).unwrap_or(&tag.name);
                out.entry((name.trim().to_lowercase(), c.release.clone()))
                    .or_default()
                    .push((c.anchor.start, c.anchor.end));
            }
        }
    }
    out
}

/// Sorted, non-overlapping, non-empty spans clamped to `len`.
fn merged(spans: &[(usize, usize)], len: usize) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(s, e)| (s.min(len), e.min(len)))
        .filter(|(s, e)| s < e)
        .collect();
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn score(tag: &str, a: u64, b: u64, both: u64, n: u64) -> TagAgreement {
    #[allow(clippy::cast_precision_loss)]
    let (fa, fb, fboth, fn_) = (a as f64, b as f64, both as f64, n.max(1) as f64);
    let neither = fn_ - fa - fb + fboth;
    let po = (fboth + neither) / fn_;
    let pe = (fa / fn_) * (fb / fn_) + ((fn_ - fa) / fn_) * ((fn_ - fb) / fn_);
    let kappa = if (1.0 - pe).abs() < 1e-12 {
        if (po - 1.0).abs() < 1e-12 {
            1.0
        } else {
            0.0
        }
    } else {
        (po - pe) / (1.0 - pe)
    };
    TagAgreement {
        tag: tag.to_owned(),
        percent_agreement: po * 100.0,
        kappa,
        used: a > 0 || b > 0,
        a_chars: a,
        b_chars: b,
        both_chars: both,
        total_chars: n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_a_hair_below_zero_is_shown_as_zero() {
        let mut t = TagAgreement {
            tag: "figure".into(),
            percent_agreement: 99.0,
            kappa: -0.000_2,
            used: true,
            a_chars: 10,
            b_chars: 12,
            both_chars: 0,
            total_chars: 2_000,
        };
        assert_eq!(t.kappa_shown(), "0.000");
        t.kappa = -0.25;
        assert_eq!(t.kappa_shown(), "-0.250");
        t.kappa = 1.0;
        assert_eq!(t.kappa_shown(), "1.000");
    }

    #[test]
    fn kappa_from_table() {
        let s = score("t", 10, 10, 10, 100);
        assert!((s.kappa - 1.0).abs() < 1e-9);
        assert!((s.percent_agreement - 100.0).abs() < 1e-9);
        assert!(s.used);
        assert!(!score("t", 0, 0, 0, 100).used);
        let s = score("t", 10, 10, 0, 100);
        assert!(s.kappa < 0.0);
        assert!((s.percent_agreement - 80.0).abs() < 1e-9);
        assert_eq!(
            merged(&[(5, 9), (0, 3), (2, 4), (9, 12)], 10),
            vec![(0, 4), (5, 10)]
        );
    }
}
