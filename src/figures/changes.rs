//! Figures for the same subject that change between releases: revised or
//! restated numbers.
//!
//! Conservative on purpose: two figures are "the same figure" only when they
//! have the same unit, the same counted noun and the same period (or none),
//! and the same subject words: the content words of their sentence just
//! before the number ("net migration was over 500,000" -> {migration, net}),
//! at least two of them. Counts, ratios and quantities need a noun or a stated
//! period ("net migration was over 500,000 from June 2021 to June 2022").
//! Grouping is by exact key, so the check is linear in the number of figures.
//!
//! The message labels the figure with a phrase from the text, in its order,
//! with the number elided: "net migration was over …".

use std::collections::{BTreeSet, HashMap};

use super::figure::{Figure, Unit};
use super::findings::{format_value, FigureRef, Finding, FindingKind};
use super::sentence::{sentence_around, words};
use crate::archive::Archive;

/// Words that say nothing about the subject.
const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "was",
    "were",
    "has",
    "have",
    "had",
    "that",
    "this",
    "from",
    "into",
    "are",
    "been",
    "its",
    "their",
    "our",
    "than",
    "more",
    "over",
    "around",
    "nearly",
    "about",
    "some",
    "which",
    "will",
    "also",
    "who",
    "per",
    "each",
    "up",
    "to",
    "of",
    "in",
    "on",
    "by",
    "at",
    "an",
    "a",
    "is",
    "be",
    "it",
    "as",
    "we",
    "almost",
    "least",
    "estimated",
    "approximately",
    "roughly",
    "under",
    "less",
    "fewer",
    "just",
    "only",
    "all",
    "total",
    "there",
    "these",
    "those",
    "new",
    "said",
    "today",
    "now",
];

/// How many words before the figure make its subject.
const SUBJECT_WORDS: usize = 5;

type Key = (String, Option<String>, Option<String>, Vec<String>);

pub(crate) fn check(archive: &Archive, figures: &[Vec<Figure>]) -> Vec<Finding> {
    let mut groups: HashMap<Key, Vec<(usize, &Figure)>> = HashMap::new();
    let mut labels: HashMap<Key, String> = HashMap::new();
    for (ri, (release, figs)) in archive.releases.iter().zip(figures).enumerate() {
        for f in figs {
            if let Some(key) = key(&release.text, f) {
                labels
                    .entry(key.clone())
                    .or_insert_with(|| label(&release.text, f));
                groups.entry(key).or_default().push((ri, f));
            }
        }
    }
    let mut out = Vec::new();
    for (key, mut members) in groups {
        let first_value = members.first().map(|(_, f)| f.value);
        if members.iter().all(|(_, f)| Some(f.value) == first_value) {
            continue;
        }
        // Oldest first: by date, and newest-first archive order within a date.
        members.sort_by(|(a, fa), (b, fb)| {
            let date = |i: usize| archive.releases.get(i).and_then(|r| r.date);
            date(*a)
                .cmp(&date(*b))
                .then(b.cmp(a))
                .then(fa.start.cmp(&fb.start))
        });
        let mut seen = BTreeSet::new();
        for pair in members.windows(2) {
            let [(ra, fa), (rb, fb)] = pair else { continue };
            if ra == rb || !differs(fa.value, fb.value) || !seen.insert((*ra, *rb)) {
                continue;
            }
            let (Some(old), Some(new)) = (archive.releases.get(*ra), archive.releases.get(*rb))
            else {
                continue;
            };
            let subject = labels.get(&key).cloned().unwrap_or_else(|| key.3.join(" "));
            let noun = fa
                .noun
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            let message = format!(
                "\"{subject}\": {}{noun} in \"{}\" ({}), {}{noun} in \"{}\" ({}).",
                format_value(fa.value, &fa.unit),
                old.title,
                old.date_label(),
                format_value(fb.value, &fb.unit),
                new.title,
                new.date_label()
            );
            out.push(Finding {
                release: new.id.clone(),
                kind: FindingKind::ChangedFigure,
                message,
                figures: vec![FigureRef::new(&new.id, fb), FigureRef::new(&old.id, fa)],
            });
        }
    }
    out
}

fn differs(a: f64, b: f64) -> bool {
    let scale = a.abs().max(b.abs());
    scale > 0.0 && (a - b).abs() / scale > 0.005
}

fn key(text: &str, f: &Figure) -> Option<Key> {
    let needs_noun = matches!(f.unit, Unit::Count | Unit::Ratio | Unit::Physical(_));
    if needs_noun && f.noun.is_none() && f.period.is_none() {
        return None;
    }
    let (s, _) = sentence_around(text, f.start, f.end);
    let head = text.get(s..f.start)?;
    let all: Vec<String> = words(head).collect();
    let mut subject: Vec<String> = all
        .iter()
        .rev()
        .take(SUBJECT_WORDS)
        .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
        .filter(|w| !STOP.contains(&w.as_str()))
        .cloned()
        .collect();
    if subject.len() < 2 {
        return None;
    }
    subject.sort();
    subject.dedup();
    Some((
        f.unit.as_str().to_owned(),
        f.noun.clone(),
        f.period.clone(),
        subject,
    ))
}

/// A readable label for a figure: the words of its clause before it (at most
/// `LABEL_WORDS`, without leading filler words), the figure elided as "…",
/// then its counted noun as written: "net migration was over …", "last year
/// almost … student visas".
fn label(text: &str, f: &Figure) -> String {
    const LABEL_WORDS: usize = 6;
    let (s, _) = sentence_around(text, f.start, f.end);
    let head = text.get(s..f.start).unwrap_or_default();
    // the clause: after the last comma, semicolon or colon before the figure
    let clause = head.rfind([',', ';', ':']).map_or(head, |k| &head[k + 1..]);
    let mut words: Vec<&str> = clause.split_whitespace().collect();
    if words.len() > LABEL_WORDS {
        words.drain(..words.len() - LABEL_WORDS);
    }
    while words
        .first()
        .is_some_and(|w| STOP.contains(&w.to_lowercase().as_str()) && words.len() > 2)
    {
        words.remove(0);
    }
    let mut out = words.join(" ");
    out.push_str(" …");
    if let Some(noun) = &f.noun {
        // the noun as written after the figure, with any words between ("student visas")
        let tail = text.get(f.end..).unwrap_or_default();
        let lower = tail.to_lowercase();
        if let Some(phrase) = lower
            .find(noun.as_str())
            .filter(|&k| k < 40)
            .and_then(|k| tail.get(..k + noun.len()))
        {
            out.push(' ');
            out.push_str(phrase.trim());
        }
    }
    out
}
