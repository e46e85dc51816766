//! Tests of [`findings`](super::findings) on the sample and on small archives.

use std::path::Path;

use super::{findings, FindingKind, Unit};
use crate::archive::Archive;

const SAMPLE: &str = include_str!("../../assets/home-office-may-2023.txt");

/// An archive of releases given as (title, day of May 2023, body paragraphs).
fn archive(releases: &[(&str, u32, &[&str])]) -> Archive {
    let mut text = String::from("Tag: Home Office\n\n");
    for (title, day, paragraphs) in releases {
        text.push_str(&format!("  • PRESS RELEASE : {title} [May 2023]\n\n"));
        text.push_str(&format!("    PRESS RELEASE : {title} [May 2023]\n\n"));
        text.push_str(&format!(
            "    The press release issued by the Home Office on {day} May 2023.\n\n"
        ));
        for p in *paragraphs {
            text.push_str(&format!("    {p}\n\n"));
        }
    }
    Archive::parse_str(&text, Path::new("test.txt")).unwrap()
}

#[test]
fn sample_funding_table_disagrees_with_its_total() {
    let archive = Archive::parse_str(SAMPLE, Path::new("sample.txt")).unwrap();
    let found = findings(&archive);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.kind, FindingKind::TotalVsBreakdown);
    assert!(f.message.contains("gives 27 amounts"), "{}", f.message);
    assert!(f.message.contains("£39,564,574"), "{}", f.message);
    assert!(f.message.contains("up to £39 million"), "{}", f.message);
    assert!(f.message.contains("50 projects"), "{}", f.message);
    assert_eq!(f.figures[0].value, 39_000_000.0);
    assert_eq!(f.figures[0].unit, Unit::Currency("GBP".into()));
    assert_eq!(f.figures[1].value, 50.0);
    let items = &f.figures[2..];
    assert_eq!(items.len(), 27);
    let sum: f64 = items.iter().map(|r| r.value).sum();
    assert_eq!(sum, 39_564_574.0);
    let release = archive.release(&f.release).unwrap();
    for r in &f.figures {
        assert_eq!(&release.text[r.start..r.end], r.text);
    }
}

#[test]
fn a_table_matching_its_total_is_not_a_finding() {
    let a = archive(&[(
        "Funding for forces",
        11,
        &[
            "A total of £3 million has been allocated to 2 projects.",
            "Successful applicants Project descriptions Indicative funding\nKent A project. £ 1,000,000.00\nEssex Another project. £ 2,000,000.00",
        ],
    )]);
    let found = findings(&a);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn bullets_with_amounts_are_a_breakdown() {
    let a = archive(&[(
        "Funding for councils",
        12,
        &[
            "Councils will receive £4 million in total.",
            "The funding includes:",
            "• £2 million for Kent\n    • £3 million for Essex",
        ],
    )]);
    let found = findings(&a);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("£5,000,000"),
        "{}",
        found[0].message
    );
    // A partial list ("includes") may sum to less than the total.
    let b = archive(&[(
        "Funding for councils",
        12,
        &[
            "Councils will receive £10 million in total.",
            "The funding includes:",
            "• £2 million for Kent\n    • £3 million for Essex",
        ],
    )]);
    assert!(findings(&b).is_empty());
}

#[test]
fn restated_figures_change_between_releases() {
    let a = archive(&[
        (
            "Migration statistics revised",
            25,
            &["The ONS estimated that net migration reached 606,000 people last year."],
        ),
        (
            "Migration statistics published",
            2,
            &["The ONS estimated that net migration reached 504,000 people last year."],
        ),
        (
            "Unrelated figures",
            1,
            &["The force recruited 606,000 people over the decade."],
        ),
    ]);
    let found = findings(&a);
    let changed: Vec<_> = found
        .iter()
        .filter(|f| f.kind == FindingKind::ChangedFigure)
        .collect();
    assert_eq!(changed.len(), 1, "{found:#?}");
    let f = changed[0];
    assert_eq!(f.release, a.releases[0].id, "the later release");
    assert_eq!(f.figures[0].value, 606_000.0);
    assert_eq!(f.figures[1].value, 504_000.0);
    assert_eq!(f.figures[1].release, a.releases[1].id);
}

#[test]
fn shares_above_the_whole_are_impossible() {
    let a = archive(&[(
        "Victims supported",
        10,
        &[
            "Officers found that 130% of victims were repeat callers.",
            "Reports have increased by 750% since 2019, and output reached 120% of the target.",
        ],
    )]);
    let found = findings(&a);
    let texts: Vec<&str> = found
        .iter()
        .filter(|f| f.kind == FindingKind::ImpossiblePercentage)
        .map(|f| f.figures[0].text.as_str())
        .collect();
    assert_eq!(texts, vec!["130%"], "{found:#?}");
}

/// The sample's student-visa release, copied as a corrected version two days
/// later with net migration "over 606,000" and "almost 490,000" student visas.
fn sample_with_corrected_copy() -> Archive {
    let release = include_str!("../../tests/fixtures/figures/release-01-student-visas.txt");
    let body = release
        .strip_prefix("Tag: Home Office\n\n")
        .unwrap_or(release)
        .replace("23 May 2023", "25 May 2023")
        .replace("over 500,000", "over 606,000")
        .replace("almost half a million", "almost 490,000");
    let text = format!("{SAMPLE}\n{body}");
    Archive::parse_str(&text, Path::new("corrected.txt")).unwrap()
}

#[test]
fn corrected_copy_reports_the_changed_net_migration_with_readable_labels() {
    let a = sample_with_corrected_copy();
    let found = findings(&a);
    let changed: Vec<_> = found
        .iter()
        .filter(|f| f.kind == FindingKind::ChangedFigure)
        .collect();
    let migration = changed
        .iter()
        .find(|f| f.figures.iter().any(|r| r.value == 606_000.0))
        .unwrap_or_else(|| panic!("net migration change not reported: {changed:#?}"));
    assert!(migration.figures.iter().any(|r| r.value == 500_000.0));
    assert!(
        migration.message.contains("net migration"),
        "{}",
        migration.message
    );
    // Every label is a phrase from the release: its parts, around the elided
    // figure, appear in the text in order.
    for f in &changed {
        let label = f.message.split('"').nth(1).unwrap_or_default();
        let release = a.release(&f.figures[0].release).unwrap();
        let mut at = 0;
        for part in label.split('…').map(str::trim).filter(|p| !p.is_empty()) {
            let pos = release.text[at..]
                .find(part)
                .unwrap_or_else(|| panic!("label part {part:?} not in the text: {}", f.message));
            at += pos + part.len();
        }
    }
}

/// Raising one row of the sample's funding table by £1,000,000 must not
/// re-tie the table to "over £41 million ... since 2020" (issue 16, item 8).
#[test]
fn a_raised_row_keeps_the_total_its_introducing_sentence_states() {
    let text = SAMPLE.replacen("£ 1,230,500.00", "£ 2,230,500.00", 1);
    let a = Archive::parse_str(&text, Path::new("raised.txt")).unwrap();
    let found = findings(&a);
    let f = found
        .iter()
        .find(|f| f.kind == FindingKind::TotalVsBreakdown)
        .unwrap_or_else(|| panic!("no breakdown finding: {found:#?}"));
    assert_eq!(f.figures[0].value, 39_000_000.0, "{}", f.message);
    assert_eq!(f.figures[1].value, 50.0, "{}", f.message);
    assert!(f.message.contains("£40,564,574"), "{}", f.message);
}

/// A 400-digit amount in a row: the finding stays, says the amount is out of
/// range, and sums the rest (issue 16, item 9).
#[test]
fn an_out_of_range_amount_is_named_and_the_rest_still_checked() {
    let huge = format!("£ 1{}.00", "0".repeat(399));
    let text = SAMPLE.replacen("£ 1,230,500.00", &huge, 1);
    let a = Archive::parse_str(&text, Path::new("huge.txt")).unwrap();
    let found = findings(&a);
    let f = found
        .iter()
        .find(|f| f.kind == FindingKind::TotalVsBreakdown)
        .unwrap_or_else(|| panic!("no breakdown finding: {found:#?}"));
    assert!(f.message.contains("out of range"), "{}", f.message);
    assert!(f.message.contains("£38,334,074"), "{}", f.message);
    assert!(f.figures.iter().all(|r| r.value.is_finite()), "{f:#?}");
    assert_eq!(f.figures[0].value, 39_000_000.0);
}
