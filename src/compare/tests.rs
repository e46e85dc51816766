use std::path::PathBuf;

use super::*;
use crate::archive::Archive;
use crate::search::SearchIndex;

fn sample() -> Archive {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/home-office-may-2023.txt"
    ));
    Archive::load(&[path]).expect("sample loads")
}

fn find(a: &Archive, title: &str) -> usize {
    a.releases
        .iter()
        .position(|r| r.title.contains(title))
        .expect("release present")
}

const GANG: &str = "Gang members who smuggled 41 migrants jailed";
const VAN: &str = "Driver who smuggled children bolted inside hidden van hatch jailed";

#[test]
fn smuggling_releases_share_phrasing() {
    let a = sample();
    let (ga, va) = (
        &a.releases[find(&a, GANG)].text,
        &a.releases[find(&a, VAN)].text,
    );
    let shared = shared_phrases(ga, va, 5);
    assert!(shared.windows(2).all(|w| w[0] <= w[1]));
    let texts: Vec<&str> = shared.iter().map(|p| &ga[p.a.0..p.a.1]).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Criminal and Financial Investigations (CFI) unit")),
        "{texts:?}"
    );
    for p in &shared {
        assert!(p.words >= 5);
        assert_eq!(
            crate::search::fold(&ga[p.a.0..p.a.1])
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>(),
            crate::search::fold(&va[p.b.0..p.b.1])
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
        );
    }
    assert!(shared_phrases(ga, va, 40).is_empty());
}

#[test]
fn diff_of_near_identical_texts() {
    let a = "The gang smuggled 41 migrants into the UK and were jailed today.";
    let b = "The gang smuggled 40 migrants into Britain and were jailed today.";
    let ops = word_diff(a, b);
    let kinds: Vec<DiffKind> = ops.iter().map(|o| o.kind).collect();
    use DiffKind::*;
    assert_eq!(
        kinds,
        [Equal, Delete, Insert, Equal, Delete, Insert, Equal],
        "{ops:?}"
    );
    assert_eq!(&a[ops[1].a_range.0..ops[1].a_range.1], "41");
    assert_eq!(&b[ops[2].b_range.0..ops[2].b_range.1], "40");
    assert_eq!(&a[ops[4].a_range.0..ops[4].a_range.1], "the UK");
    assert_eq!(&b[ops[5].b_range.0..ops[5].b_range.1], "Britain");
    assert_eq!(word_diff(a, a).len(), 1);
    let ins = word_diff("one two", "one two three");
    assert_eq!(
        ins.last().map(|o| (o.kind, o.a_range)),
        Some((Insert, (7, 7)))
    );
}

#[test]
fn diff_covers_both_texts() {
    let a = sample();
    let (ga, va) = (
        &a.releases[find(&a, GANG)].text,
        &a.releases[find(&a, VAN)].text,
    );
    let ops = word_diff(ga, va);
    let a_words: usize = ops
        .iter()
        .filter(|o| o.kind != DiffKind::Insert)
        .map(|o| crate::search::Tokens::new(&ga[o.a_range.0..o.a_range.1]).count())
        .sum();
    assert_eq!(a_words, crate::search::Tokens::new(ga).count());
    let b_words: usize = ops
        .iter()
        .filter(|o| o.kind != DiffKind::Delete)
        .map(|o| crate::search::Tokens::new(&va[o.b_range.0..o.b_range.1]).count())
        .sum();
    assert_eq!(b_words, crate::search::Tokens::new(va).count());
}

#[test]
fn most_similar_to_gang_is_van() {
    let a = sample();
    let index = SearchIndex::build(&a);
    let gang = find(&a, GANG);
    let similar = similar_releases(&a, &index, gang, 3);
    assert_eq!(
        similar.first().map(|s| s.0),
        Some(find(&a, VAN)),
        "{similar:?}"
    );
    assert!(similar.windows(2).all(|w| w[0].1 >= w[1].1));
    assert!(similar
        .iter()
        .all(|s| s.0 != gang && s.1 > 0.0 && s.1 <= 1.0));
}

#[test]
fn alignment_carries_shared_phrases_across() {
    let a = sample();
    let (ga, va) = (
        &a.releases[find(&a, GANG)].text,
        &a.releases[find(&a, VAN)].text,
    );
    let shared = shared_phrases(ga, va, 6);
    let align = Alignment::new(&shared, ga.len(), va.len());
    let cfi = "Criminal and Financial Investigations (CFI) unit";
    let (in_gang, in_van) = (ga.find(cfi).unwrap(), va.find(cfi).unwrap());
    // Inside a shared phrase the place carries over exactly, both ways.
    assert_eq!(align.a_to_b(in_gang + 10), in_van + 10);
    assert_eq!(align.b_to_a(in_van + 10), in_gang + 10);
    // The ends map to the ends, and the map never runs backwards.
    assert_eq!(align.a_to_b(0), 0);
    assert_eq!(align.a_to_b(ga.len()), va.len());
    let mapped: Vec<usize> = (0..=ga.len())
        .step_by(97)
        .map(|i| align.a_to_b(i))
        .collect();
    assert!(mapped.windows(2).all(|w| w[0] <= w[1]), "{mapped:?}");
    assert!(mapped.iter().all(|&m| m <= va.len()));
}

#[test]
fn alignment_drops_phrases_that_cross() {
    // Two phrases in swapped order: only the longer one can be lined up.
    let phrases = [
        SharedPhrase {
            a: (0, 10),
            b: (50, 60),
            words: 2,
        },
        SharedPhrase {
            a: (20, 40),
            b: (0, 20),
            words: 4,
        },
    ];
    let align = Alignment::new(&phrases, 100, 100);
    assert_eq!(align.a_to_b(25), 5);
    // A's text before the phrase has nothing before it in B to match.
    assert_eq!(align.a_to_b(5), 0);
    assert_eq!(align.a_to_b(100), 100);
    // No phrases: proportional.
    let none = Alignment::new(&[], 100, 300);
    assert_eq!(none.a_to_b(50), 150);
}

#[test]
fn a_changed_figure_differs_as_a_whole() {
    let a = sample();
    let visa = &a.releases[find(&a, "student visa route")].text;
    let corrected = visa.replace("to 136,000 people", "to 163,000 people");
    let ops = word_diff(visa, &corrected);
    let changed: Vec<&str> = ops
        .iter()
        .filter(|o| o.kind == DiffKind::Delete)
        .map(|o| &visa[o.a_range.0..o.a_range.1])
        .collect();
    assert_eq!(changed, ["136,000"]);
}
