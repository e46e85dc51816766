//! Totals against breakdowns: a money total stated in the prose, and the
//! table rows (or bullets) that list its items with their amounts.
//!
//! The items are the table rows with a trailing amount, or a run of bullets
//! each holding exactly one amount. The stated total is tied to the items by
//! the text, not by nearness of value: a money figure in the prose (same
//! currency) whose sentence also states a count ("Up to £39 million has been
//! allocated to 50 projects") is preferred, then one before the table, and
//! only then the one closest to the items' sum. So a changed row cannot
//! re-tie the table to an unrelated total ("over £41 million ... since 2020").
//! A count in the total's sentence is the stated number of items. An amount
//! too large to hold (hundreds of digits) is named in the message as out of
//! range and left out of the sum; the rest is still checked. A finding is made when the sum
//! differs from the total by more than the total's rounding (half its last
//! stated digit: "£39 million" is ±£0.5 million), allowing for its hedge
//! ("up to" allows less, "over" allows more, "around" allows 5%; a bullet
//! list, often a selection, may sum to less), or when the stated count
//! differs from the number of items.

use super::figure::{Figure, Unit};
use super::findings::{format_value, FigureRef, Finding, FindingKind};
use super::sentence::sentence_around;
use crate::archive::{trailing_amount, Block, BlockKind, Release};

/// One listed item: its amount's position and value.
struct Item {
    start: usize,
    end: usize,
    text: String,
    value: f64,
    unit: Unit,
}

pub(crate) fn check(release: &Release, figures: &[Figure]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (source, items) in item_lists(release, figures) {
        if let Some(f) = compare(release, figures, source, &items) {
            out.push(f);
        }
    }
    out
}

/// Lists of items: ("table", rows) per run of table rows, ("bullet list",
/// bullets) per run of bullets that all carry one amount.
fn item_lists(release: &Release, figures: &[Figure]) -> Vec<(&'static str, Vec<Item>)> {
    let mut lists = Vec::new();
    for run in runs(&release.blocks, BlockKind::TableRow) {
        let items: Vec<Item> = run
            .iter()
            .filter_map(|b| table_item(release, b, figures))
            .collect();
        if items.len() >= 2 {
            lists.push(("table", items));
        }
    }
    for run in runs(&release.blocks, BlockKind::Bullet) {
        let items: Vec<Option<Item>> = run.iter().map(|b| bullet_item(b, figures)).collect();
        if items.len() >= 2 && items.iter().all(Option::is_some) {
            lists.push(("bullet list", items.into_iter().flatten().collect()));
        }
    }
    lists
}

/// Runs of consecutive blocks of one kind.
fn runs(blocks: &[Block], kind: BlockKind) -> Vec<&[Block]> {
    blocks
        .chunk_by(|a, b| a.kind == b.kind)
        .filter(|run| run.first().is_some_and(|b| b.kind == kind))
        .collect()
}

fn table_item(release: &Release, block: &Block, figures: &[Figure]) -> Option<Item> {
    // The amount ends one of the row's lines: usually the last, but numbered
    // description lines may follow it ("West Midlands ... £ 2,799,100.00", "1. ...").
    let block_text = release.block_text(block);
    let (line_start, text, at) = block_text
        .split('\n')
        .scan(0usize, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line))
        })
        .filter_map(|(start, line)| {
            let line = line.trim_end();
            trailing_amount(line).map(|at| (start, line, at))
        })
        .last()?;
    let start = block.start as usize + line_start + at;
    let end = block.start as usize + line_start + text.len();
    if let Some(f) = figures_within(figures, start, end).find(|f| is_money(&f.unit)) {
        return Some(item_of(f));
    }
    // The detector missed it: read the amount ourselves.
    let raw = text.get(at..)?;
    let unit = Unit::Currency(
        match raw.chars().next()? {
            '$' => "USD",
            '€' => "EUR",
            _ => "GBP",
        }
        .to_owned(),
    );
    let digits: String = raw
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let value = digits.parse::<f64>().ok()?;
    Some(Item {
        start,
        end,
        text: raw.to_owned(),
        value,
        unit,
    })
}

fn bullet_item(block: &Block, figures: &[Figure]) -> Option<Item> {
    let (s, e) = (block.start as usize, block.end as usize);
    let mut money = figures_within(figures, s, e).filter(|f| is_money(&f.unit));
    let first = money.next()?;
    if money.next().is_some() {
        return None;
    }
    Some(item_of(first))
}

/// The figures lying within `start..end`, found by binary search (figures come sorted by
/// start and do not overlap): scanning every figure for each bullet made a release of 30,000
/// bullets quadratic.
fn figures_within(figures: &[Figure], start: usize, end: usize) -> impl Iterator<Item = &Figure> {
    let first = figures.partition_point(|f| f.start < start);
    figures[first..]
        .iter()
        .take_while(move |f| f.start < end)
        .filter(move |f| f.end <= end)
}

fn item_of(f: &Figure) -> Item {
    Item {
        start: f.start,
        end: f.end,
        text: f.text.clone(),
        value: f.value,
        unit: f.unit.clone(),
    }
}

fn is_money(unit: &Unit) -> bool {
    matches!(unit, Unit::Currency(_))
}

fn compare(release: &Release, figures: &[Figure], source: &str, items: &[Item]) -> Option<Finding> {
    let unit = &items.first()?.unit;
    if items.iter().any(|i| &i.unit != unit) {
        return None;
    }
    let (items, out_of_range): (Vec<&Item>, Vec<&Item>) =
        items.iter().partition(|i| i.value.is_finite());
    if items.is_empty() {
        return None;
    }
    let sum: f64 = items.iter().map(|i| i.value).sum();
    let largest = items.iter().map(|i| i.value).fold(0.0, f64::max);
    let first_item = items.iter().map(|i| i.start).min().unwrap_or(0);
    // Items come in text order without overlapping: a binary search finds the one a figure
    // could overlap (a scan of all items per figure was quadratic on long lists).
    let ordered = items.windows(2).all(|w| w[0].end <= w[1].start);
    let in_items = |f: &Figure| {
        if ordered {
            let i = items.partition_point(|i| i.end <= f.start);
            items.get(i).is_some_and(|i| i.start < f.end)
        } else {
            items.iter().any(|i| f.start < i.end && i.start < f.end)
        }
    };
    let in_lists = |f: &Figure| {
        release
            .block_at(f.start)
            .is_some_and(|b| matches!(b.kind, BlockKind::TableRow | BlockKind::Bullet))
    };
    // each candidate's tie to the text, worked out once
    let candidates: Vec<(&Figure, bool)> = figures
        .iter()
        .filter(|f| &f.unit == unit && f.value.is_finite() && !in_items(f) && !in_lists(f))
        .filter(|f| f.value >= sum / 10.0 && f.value <= sum * 10.0)
        .map(|f| (f, stated_count(release, figures, f).is_some()))
        .collect();
    let (total, _) = candidates
        .into_iter()
        .filter(|(f, tied)| {
            let near = f.value >= largest && f.value >= sum / 2.0 && f.value <= sum * 2.0;
            // a total its sentence ties to the list may be further off: that is the finding
            near || (*tied && f.start < first_item)
        })
        .min_by(|(a, ta), (b, tb)| {
            let d = |f: &Figure| (f.value / sum).ln().abs();
            (!ta, a.start > first_item)
                .cmp(&(!tb, b.start > first_item))
                .then(d(a).total_cmp(&d(b)))
        })?;
    let count = stated_count(release, figures, total);
    // A bullet list is often a selection ("projects include:"): only a sum
    // above the total is a finding.
    let sum_ok = sum_agrees(sum, total) || (source == "bullet list" && sum < total.value);
    let listed = items.len() + out_of_range.len();
    let count_ok = count.is_none_or(|c| c.value == listed as f64);
    if sum_ok && count_ok && out_of_range.is_empty() {
        return None;
    }
    let mut message = message(source, items.len(), sum, total, count, sum_ok, count_ok);
    for i in &out_of_range {
        let shown: String = i.text.chars().take(16).collect();
        message.push_str(&format!(
            " The amount \"{shown}…\" ({} characters) is out of range and was left out of the sum.",
            i.text.chars().count()
        ));
    }
    let mut refs = vec![FigureRef::new(&release.id, total)];
    if let Some(c) = count {
        refs.push(FigureRef::new(&release.id, c));
    }
    refs.extend(items.iter().map(|&i| FigureRef {
        release: release.id.clone(),
        text: i.text.clone(),
        value: i.value,
        unit: i.unit.clone(),
        start: i.start,
        end: i.end,
    }));
    Some(Finding {
        release: release.id.clone(),
        kind: FindingKind::TotalVsBreakdown,
        message,
        figures: refs,
    })
}

/// A count stated in the same sentence as the total (or as a restatement of
/// it, with the same value): "allocated to 50 projects".
fn stated_count<'a>(
    release: &Release,
    figures: &'a [Figure],
    total: &Figure,
) -> Option<&'a Figure> {
    let text = &release.text;
    figures
        .iter()
        .filter(|t| t.unit == total.unit && t.value == total.value)
        .find_map(|t| {
            let (s, e) = sentence_around(text, t.start, t.end);
            figures_within(figures, s, e)
                .find(|c| c.unit == Unit::Count && c.value >= 2.0 && c.value.fract() == 0.0)
        })
}

/// Whether the items' sum agrees with the stated total, given its rounding
/// and hedge.
fn sum_agrees(sum: f64, total: &Figure) -> bool {
    let mut tol = rounding(total);
    let q = total.qualifier.as_deref().unwrap_or("");
    if matches!(
        q,
        "around"
            | "about"
            | "approximately"
            | "nearly"
            | "almost"
            | "roughly"
            | "some"
            | "an estimated"
            | "estimated"
            | "circa"
            | "c."
    ) {
        tol = tol.max(total.value * 0.05);
    }
    let diff = sum - total.value;
    if diff.abs() <= tol {
        return true;
    }
    let at_most = matches!(
        q,
        "up to" | "as much as" | "at most" | "a maximum of" | "less than" | "under"
    );
    let at_least = matches!(
        q,
        "over" | "more than" | "at least" | "in excess of" | "above"
    );
    (at_most && diff < 0.0) || (at_least && diff > 0.0)
}

/// Half the last stated digit of a figure: "£39 million" -> 500,000,
/// "£1.2 million" -> 50,000, "£400,000" -> 0.5; 5% for words.
fn rounding(f: &Figure) -> f64 {
    let Some(first) = f.text.find(|c: char| c.is_ascii_digit()) else {
        return f.value * 0.05;
    };
    let run: String = f.text[first..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' '))
        .filter(|c| *c != ',' && *c != ' ')
        .collect();
    let run = run.trim_end_matches('.');
    let Ok(mantissa) = run.parse::<f64>() else {
        return f.value * 0.05;
    };
    let decimals = run.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
    let decimals = i32::try_from(decimals).unwrap_or(0);
    let scale = if mantissa > 0.0 {
        f.value / mantissa
    } else {
        1.0
    };
    let scale = if scale < 1.5 { 1.0 } else { scale };
    scale * 10f64.powi(-decimals) / 2.0
}

fn message(
    source: &str,
    n: usize,
    sum: f64,
    total: &Figure,
    count: Option<&Figure>,
    sum_ok: bool,
    count_ok: bool,
) -> String {
    let stated = match &total.qualifier {
        Some(q) => format!("{q} {}", total.text),
        None => total.text.clone(),
    };
    let mut m = format!(
        "The {source} gives {n} amounts summing to {}",
        format_value(sum, &total.unit)
    );
    if sum_ok {
        m.push_str(&format!(", in line with the stated total of {stated}"));
    } else {
        let diff = sum - total.value;
        let dir = if diff > 0.0 { "more" } else { "less" };
        m.push_str(&format!(
            ", {} {dir} than the stated total of {stated}",
            format_value(diff.abs(), &total.unit)
        ));
    }
    if let Some(c) = count {
        let noun = c.noun.as_deref().unwrap_or("items");
        if count_ok {
            m.push_str(&format!("; {n} items, as stated ({} {noun})", c.text));
        } else {
            m.push_str(&format!(
                "; it lists {n} items where the release states {} {noun}",
                c.text
            ));
        }
    }
    m.push('.');
    m
}
