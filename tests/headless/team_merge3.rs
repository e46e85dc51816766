//! `project::merge3` by properties: symmetric up to which side a conflict keeps, merging
//! with an unchanged side gives the other side, nothing is ever lost, the result is always a
//! valid project.

use std::collections::BTreeSet;
use std::path::Path;

use pressmark::project::merge3::{merge3, Merged};
use pressmark::project::{
    store, Anchor, ArchiveRef, Claim, ClaimId, Conflict, Project, Status, Tag, TagId,
};
use proptest::prelude::*;

/// A claim as an analyst might have it: a few places, tags, notes and statuses, so that the
/// two sides often touch the same fields.
fn claim(id: u64) -> impl Strategy<Value = Claim> {
    (
        0..2usize,
        0..3usize,
        proptest::collection::btree_set(1..4u32, 0..3),
        prop_oneof![Just(""), Just("check ONS"), Just("wrong year")],
        proptest::sample::select(Status::ALL.to_vec()),
        1..3i64,
    )
        .prop_map(
            move |(release, start, tags, note, status, modified)| Claim {
                id: ClaimId(id),
                release: format!("r{release}"),
                anchor: Anchor {
                    exact: format!("q{start}"),
                    prefix: String::new(),
                    suffix: String::new(),
                    start: start * 10,
                    end: start * 10 + 2,
                },
                tags: tags.into_iter().map(TagId).collect(),
                note: note.to_owned(),
                status,
                author: "a".to_owned(),
                created: 1,
                modified,
            },
        )
}

fn base() -> impl Strategy<Value = Project> {
    proptest::collection::vec(proptest::option::of(claim(0)), 5).prop_map(|claims| {
        let mut p = Project::new(ArchiveRef::default(), "a");
        for (i, c) in claims.into_iter().enumerate() {
            if let Some(mut c) = c {
                c.id = ClaimId(i as u64 + 1);
                p.claims.insert(c.id, c);
            }
        }
        p
    })
}

/// What one side does to each claim id 1..=7 (6 and 7 never in the base) and to tags 1..=4.
#[derive(Debug, Clone)]
enum Act {
    Keep,
    Delete,
    /// Takes field `n` (0 place, 1 tags, 2 note, 3 status) of the given claim.
    Change(usize, Box<Claim>),
}

fn acts() -> impl Strategy<Value = (Vec<Act>, Vec<(u8, u8)>)> {
    let act = (0..8u8, 0..4usize, claim(0)).prop_map(|(a, field, c)| match a {
        0..=3 => Act::Keep,
        4 => Act::Delete,
        _ => Act::Change(field, Box::new(c)),
    });
    (
        proptest::collection::vec(act, 7),
        // Per tag 1..=4 (and a new tag 9): 0-5 keep, 6 delete, 7-8 rename to one of two names,
        // 9 recolour.
        proptest::collection::vec((0..10u8, 0..2u8), 5),
    )
}

fn apply(base: &Project, (claims, tags): &(Vec<Act>, Vec<(u8, u8)>)) -> Project {
    let mut p = base.clone();
    for (i, act) in claims.iter().enumerate() {
        let id = ClaimId(i as u64 + 1);
        match act {
            Act::Keep => {}
            Act::Delete => {
                p.claims.remove(&id);
            }
            Act::Change(field, new) => {
                let mut c = p.claims.get(&id).cloned().unwrap_or_else(|| Claim {
                    id,
                    ..(**new).clone()
                });
                match field {
                    0 => {
                        c.release = new.release.clone();
                        c.anchor = new.anchor.clone();
                    }
                    1 => c.tags = new.tags.clone(),
                    2 => c.note = new.note.clone(),
                    _ => c.status = new.status,
                }
                c.modified = c.modified.max(new.modified) + 1;
                p.claims.insert(id, c);
            }
        }
    }
    for (i, (act, variant)) in tags.iter().enumerate() {
        let id = TagId(if i == 4 { 9 } else { i as u32 + 1 });
        let Some(mut tag) = p
            .codebook
            .get(id)
            .cloned()
            .or_else(|| (i == 4 && *act >= 6).then(|| Tag::new(id, "new tag", [9, 9, 9])))
        else {
            continue;
        };
        match act {
            0..=5 => {}
            6 => {
                // As `Edit::RemoveTag` with the claims kept: the tag goes from every claim.
                for c in p.claims.values_mut() {
                    c.tags.retain(|t| *t != id);
                }
                tag.parent = None;
                let without: Vec<Tag> = p
                    .codebook
                    .tags()
                    .iter()
                    .filter(|t| t.id != id)
                    .cloned()
                    .collect();
                p.codebook = pressmark::project::Codebook::from_tags(without);
                continue;
            }
            7 | 8 => tag.name = format!("tag {} v{variant}", id.0),
            _ => tag.colour = [*variant, 0, 0],
        }
        let mut all: Vec<Tag> = p
            .codebook
            .tags()
            .iter()
            .filter(|t| t.id != id)
            .cloned()
            .collect();
        all.push(tag);
        p.codebook = pressmark::project::Codebook::from_tags(all);
    }
    p
}

fn claim_conflict(m: &Merged, id: ClaimId) -> Option<(&Option<Claim>, &Option<Claim>)> {
    m.project.conflicts.iter().find_map(|c| match c {
        Conflict::Claim {
            id: i,
            ours,
            theirs,
        } if *i == id => Some((ours, theirs)),
        _ => None,
    })
}

fn tag_conflicted(m: &Merged, id: TagId) -> bool {
    m.project
        .conflicts
        .iter()
        .any(|c| matches!(c, Conflict::Tag { id: i, .. } if *i == id))
}

/// Nothing one side did is lost: each claim it added or changed is in the merge with its
/// changes, or kept whole in a conflict; a claim is gone only if a side deleted it and the
/// other left it as it was; every tag a side added or changed is there.
fn nothing_lost(b: &Project, side: &Project, other: &Project, m: &Merged) -> Result<(), String> {
    for (id, c) in &side.claims {
        let before = b.claims.get(id);
        if before == Some(c) {
            continue;
        }
        if let Some((o, t)) = claim_conflict(m, *id) {
            if o.as_ref() == Some(c) || t.as_ref() == Some(c) {
                continue;
            }
            return Err(format!(
                "claim {} conflicted without this side's version",
                id.0
            ));
        }
        let Some(got) = m.project.claims.get(id) else {
            return Err(format!("claim {} lost", id.0));
        };
        let fields_kept = match before {
            None => got.release == c.release && got.anchor == c.anchor && got.note == c.note,
            Some(bc) => {
                (bc.anchor == c.anchor || got.anchor == c.anchor)
                    && (bc.note == c.note || got.note == c.note)
                    && (bc.status == c.status || got.status == c.status)
                    && c.tags
                        .iter()
                        .all(|t| bc.tags.contains(t) || got.tags.contains(t))
                    && bc
                        .tags
                        .iter()
                        .all(|t| c.tags.contains(t) || !got.tags.contains(t))
            }
        };
        if !fields_kept {
            return Err(format!(
                "claim {}: a change was lost: {got:?} vs {c:?}",
                id.0
            ));
        }
    }
    for (id, bc) in &b.claims {
        if m.project.claims.contains_key(id) {
            continue;
        }
        let untouched = |p: &Project| p.claims.get(id).is_none_or(|c| c == bc);
        if !(untouched(side) && untouched(other)) {
            return Err(format!("claim {} deleted though changed on a side", id.0));
        }
    }
    for t in side.codebook.tags() {
        if b.codebook.get(t.id) == Some(t) {
            continue;
        }
        let got = m.project.codebook.get(t.id);
        if got != Some(t) && !tag_conflicted(m, t.id) && got.is_none() {
            return Err(format!("tag {} lost", t.id.0));
        }
    }
    Ok(())
}

fn valid(m: &Merged) -> Result<(), String> {
    let text = store::to_ron(&m.project).map_err(|e| e.to_string())?;
    let back = store::from_ron(&text, Path::new("merged.ron")).map_err(|e| e.to_string())?;
    if back != m.project {
        return Err("does not read back as written".into());
    }
    if text.contains("<<<<<<<") {
        return Err("text conflict markers".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn merging_with_an_unchanged_side_gives_the_other(b in base(), a in acts()) {
        let side = apply(&b, &a);
        let m = merge3(&b, &b, &side);
        prop_assert_eq!(&m.project, &side);
        prop_assert!(m.conflicts.is_empty());
        let m = merge3(&b, &side, &b);
        prop_assert_eq!(&m.project, &side);
        prop_assert!(m.conflicts.is_empty());
    }

    #[test]
    fn merging_is_symmetric_up_to_conflict_sides(b in base(), a in acts(), c in acts()) {
        let (o, t) = (apply(&b, &a), apply(&b, &c));
        let m1 = merge3(&b, &o, &t);
        let m2 = merge3(&b, &t, &o);
        let swapped: BTreeSet<String> =
            m2.project.conflicts.iter().map(|c| format!("{:?}", c.swapped())).collect();
        let direct: BTreeSet<String> =
            m1.project.conflicts.iter().map(|c| format!("{c:?}")).collect();
        prop_assert_eq!(direct, swapped);
        let ids = |m: &Merged| m.project.claims.keys().copied().collect::<Vec<_>>();
        prop_assert_eq!(ids(&m1), ids(&m2));
        for (id, c) in &m1.project.claims {
            if claim_conflict(&m1, *id).is_none() {
                prop_assert_eq!(Some(c), m2.project.claims.get(id));
            }
        }
        let tag_ids = |m: &Merged| m.project.codebook.tags().iter().map(|t| t.id).collect::<Vec<_>>();
        prop_assert_eq!(tag_ids(&m1), tag_ids(&m2));
        for t in m1.project.codebook.tags() {
            if !tag_conflicted(&m1, t.id) {
                prop_assert_eq!(Some(t), m2.project.codebook.get(t.id));
            }
        }
        let flip = |m: &Merged| {
            let mut all: Vec<String> = m.added.iter().chain(&m.deleted).chain(&m.changed)
                .map(|c| format!("{} {} {}", c.kind, c.id, c.side.label())).collect();
            all.sort();
            all
        };
        let swap_sides = |v: Vec<String>| {
            let mut v: Vec<String> = v.into_iter().map(|s| {
                if let Some(x) = s.strip_suffix(" ours") { format!("{x} theirs") }
                else if let Some(x) = s.strip_suffix(" theirs") { format!("{x} ours") }
                else { s }
            }).collect();
            v.sort();
            v
        };
        prop_assert_eq!(flip(&m1), swap_sides(flip(&m2)));
    }

    #[test]
    fn nothing_is_lost_and_the_result_is_valid(b in base(), a in acts(), c in acts()) {
        let (o, t) = (apply(&b, &a), apply(&b, &c));
        let m = merge3(&b, &o, &t);
        prop_assert_eq!(valid(&m), Ok(()));
        prop_assert_eq!(nothing_lost(&b, &o, &t, &m), Ok(()));
        prop_assert_eq!(nothing_lost(&b, &t, &o, &m), Ok(()));
    }
}
