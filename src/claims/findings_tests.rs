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
