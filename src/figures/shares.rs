//! Percentages that cannot be right: a share of a whole above 100% ("130%
//! of offenders"), or a ratio above one ("16 in 15").
//!
//! A percentage above 100 is only a finding when the text reads as a share:
//! "of" follows it, it is not preceded by a change word ("increased by 750%",
//! "a rise of 150%"), and what follows is not a level it may exceed ("120% of
//! the target", "of pre-pandemic levels").

use super::figure::{Figure, Unit};
use super::findings::{FigureRef, Finding, FindingKind};
use super::sentence::{before, has_stem, words};
use crate::archive::Release;

/// Words before a percentage that make it a change, not a share.
const CHANGE_STEMS: &[&str] = &[
    "increas", "rise", "rose", "risen", "grow", "grew", "growth", "up", "jump", "surg", "soar",
    "boost", "more", "higher", "doubl", "tripl", "climb", "fell", "fall", "drop", "decreas",
    "reduc", "cut", "down", "change",
];

/// Words after "of" that name a level a figure may exceed.
const LEVEL_STEMS: &[&str] = &[
    "target", "capacity", "level", "baseline", "average", "pre-", "quota", "budget", "plan",
    "forecast", "expect", "gdp", "normal", "previous", "last", "the same",
];

pub(crate) fn check(release: &Release, figures: &[Figure]) -> Vec<Finding> {
    let text = &release.text;
    let mut out = Vec::new();
    for f in figures {
        let message = match f.unit {
            Unit::Percent if f.value > 100.0 && reads_as_share(text, f) => format!(
                "{} of a whole cannot be more than 100%; is it a change rather than a share?",
                f.text
            ),
            Unit::Ratio if f.value > 1.0 => {
                format!("{} is more than the whole (more than one in one).", f.text)
            }
            _ => continue,
        };
        out.push(Finding {
            release: release.id.clone(),
            kind: FindingKind::ImpossiblePercentage,
            message,
            figures: vec![FigureRef::new(&release.id, f)],
        });
    }
    out
}

fn reads_as_share(text: &str, f: &Figure) -> bool {
    let after = text.get(f.end..).unwrap_or("");
    let mut next = words(after).take(4);
    if next.next().as_deref() != Some("of") {
        return false;
    }
    let rest: Vec<String> = next.collect();
    if rest
        .iter()
        .any(|w| LEVEL_STEMS.iter().any(|s| w.starts_with(s)))
    {
        return false;
    }
    let prior: Vec<String> = words(before(text, f.start, 60)).collect();
    let last = prior
        .iter()
        .rev()
        .take(4)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    !has_stem(&last, CHANGE_STEMS)
}
