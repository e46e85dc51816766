//! Re-anchoring on edited copies of the bundled sample, with exact expectations.

use std::path::Path;

use pressmark::archive::Archive;
use pressmark::project::{reanchor, Anchor, ArchiveRef, ClaimId, Edit, Outcome, Project, TagId};

const SAMPLE: &str = include_str!("../../assets/home-office-may-2023.txt");

fn parse(text: &str) -> Archive {
    Archive::parse_str(text, Path::new("sample.txt")).expect("archive parses")
}

/// Claims on quotes of the original sample: (release index, quote).
const QUOTES: [(usize, &str); 7] = [
    (0, "New government restrictions to student visa routes"), // before the insertion
    (0, "net migration was over 500,000"),                     // a word changed inside
    (0, "750% since 2019, to 136,000 people"),                 // after the insertion
    (0, "600,000 international higher education students"),    // a word changed next to it
    (0, "the terms of the graduate route remain unchanged"),   // sentence deleted
    (1, "A 12-week public call for evidence"),                 // release deleted
    (2, "Glasgow"),                                            // untouched release
];

fn project_on(archive: &Archive) -> Project {
    let mut p = Project::new(ArchiveRef::default(), "tester");
    for (i, quote) in QUOTES {
        let release = &archive.releases[i];
        let start = release.text.find(quote).expect("quote in sample");
        let anchor = Anchor::from_range(&release.text, start, start + quote.len());
        let mut claim = p.new_claim(&release.id, anchor, vec![TagId(1)], 0);
        // Numbered 1, 2, 3... as before format 2 (new ids are random), for the table below.
        claim.id = ClaimId(p.claims.len() as u64 + 1);
        Edit::AddClaim(claim).apply(&mut p).expect("add");
    }
    p
}

fn edited_sample() -> String {
    let mut text = SAMPLE.to_owned();
    let replace = |text: &mut String, from: &str, to: &str| {
        assert!(text.contains(from), "{from}");
        *text = text.replacen(from, to, 1);
    };
    replace(
        &mut text,
        "    The ONS estimated",
        "    An inserted paragraph about the visa changes, long enough to move things.\n\n    The ONS estimated",
    );
    replace(&mut text, "was over 500,000", "was above 500,000");
    replace(
        &mut text,
        "target to host 600,000",
        "target to welcome 600,000",
    );
    replace(
        &mut text,
        " The government has also made clear that the terms of the graduate route remain unchanged.",
        "",
    );
    // Delete the second release (the child sexual abuse redress scheme).
    let start = text
        .find("  • PRESS RELEASE : Child sexual abuse")
        .expect("release 2");
    let end = text.find("  • PRESS RELEASE : Glasgow").expect("release 3");
    text.replace_range(start..end, "");
    text
}

#[test]
fn unchanged_archive_is_all_exact() {
    let archive = parse(SAMPLE);
    let p = project_on(&archive);
    let r = reanchor(&p, &archive);
    assert_eq!(r.counts().exact, QUOTES.len());
    assert!(r.edit(&p).is_empty());
}

#[test]
fn edited_archive_has_exact_expectations() {
    let before = parse(SAMPLE);
    let p = project_on(&before);
    let after = parse(&edited_sample());
    assert_eq!(after.releases.len(), before.releases.len() - 1);
    let r = reanchor(&p, &after);
    let got: Vec<(u64, Outcome, Option<String>)> = r
        .placements
        .iter()
        .map(|pl| {
            (
                pl.claim.0,
                pl.outcome,
                pl.anchor.as_ref().map(|a| a.exact.clone()),
            )
        })
        .collect();
    let s = |t: &str| Some(t.to_owned());
    assert_eq!(
        got,
        vec![
            (1, Outcome::Exact, s(QUOTES[0].1)),
            (2, Outcome::Fuzzy, s("net migration was above 500,000")),
            (3, Outcome::Moved, s(QUOTES[2].1)),
            (4, Outcome::Moved, s(QUOTES[3].1)),
            (5, Outcome::Orphaned, None),
            (6, Outcome::Orphaned, None),
            (7, Outcome::Exact, s("Glasgow")),
        ]
    );
    assert_eq!(r.orphans(), vec![ClaimId(5), ClaimId(6)]);

    // New anchors point at the new text, with new context.
    let text = &after.releases[0].text;
    for pl in &r.placements {
        if let Some(a) = &pl.anchor {
            let release = after
                .release(&p.claim(pl.claim).expect("claim").release)
                .expect("release");
            assert_eq!(&release.text[a.start..a.end], a.exact);
        }
    }
    let moved = r
        .get(ClaimId(4))
        .and_then(|pl| pl.anchor.clone())
        .expect("moved");
    assert!(
        moved.prefix.ends_with("target to welcome "),
        "{}",
        moved.prefix
    );
    assert!(text.contains(&moved.exact));

    // Applying is one undoable edit; orphans stay in the project untouched.
    let mut q = p.clone();
    let undo = r.edit(&q).apply(&mut q).expect("apply");
    assert_eq!(q.claims.len(), p.claims.len());
    assert_eq!(q.claim(ClaimId(5)), p.claim(ClaimId(5)));
    assert_eq!(reanchor(&q, &after).counts().exact, 5);
    undo.apply(&mut q).expect("undo");
    assert_eq!(q, p);
}

#[test]
fn quote_text_elsewhere_with_other_context_is_not_taken() {
    // The quote "500,000" now only appears in an unrelated sentence: orphan, not moved.
    let before = parse(SAMPLE);
    let mut p = Project::new(ArchiveRef::default(), "t");
    let release = &before.releases[0];
    let start = release.text.find("500,000").expect("figure");
    let claim = p.new_claim(
        &release.id,
        Anchor::from_range(&release.text, start, start + 7),
        vec![],
        0,
    );
    Edit::AddClaim(claim).apply(&mut p).expect("add");
    let edited = SAMPLE
        .replacen(
            "net migration was over 500,000 from June 2021",
            "net migration was high from June 2021",
            1,
        )
        .replacen(
            "The government has also reaffirmed",
            "Some 500,000 leaflets were printed. The government has also reaffirmed",
            1,
        );
    let r = reanchor(&p, &parse(&edited));
    assert_eq!(r.placements[0].outcome, Outcome::Orphaned);
}
