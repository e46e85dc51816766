//! Any sequence of edits, undone through `History`, gives back the original project.

use proptest::prelude::*;

use pressmark::project::{
    Anchor, ArchiveRef, ClaimId, Edit, History, Project, Status, TagFate, TagId,
};

const TEXT: &str =
    "The ONS estimated that net migration was over 500,000 from June 2021 to June 2022.";

/// Turns three numbers into an edit that makes sense for the current project (or may fail:
/// failing edits must change nothing).
fn edit_for(p: &Project, op: u8, a: u32, b: u32) -> Edit {
    let tags: Vec<TagId> = p.codebook.tags().iter().map(|t| t.id).collect();
    let claims: Vec<ClaimId> = p.claims.keys().copied().collect();
    let tag = |n: u32| {
        tags.get(n as usize % tags.len().max(1))
            .copied()
            .unwrap_or(TagId(999))
    };
    let claim = |n: u32| {
        claims
            .get(n as usize % claims.len().max(1))
            .copied()
            .unwrap_or(ClaimId(999))
    };
    let start = a as usize % TEXT.len();
    let end = (start + b as usize % 20).min(TEXT.len());
    match op % 10 {
        0 | 1 => Edit::AddClaim(p.new_claim(
            &format!("r{}", b % 3),
            Anchor::from_range(TEXT, start, end),
            vec![tag(a), tag(b)],
            i64::from(a),
        )),
        2 => Edit::RemoveClaim(claim(a)),
        3 => Edit::change_claim(p, claim(a), i64::from(b), |c| {
            c.status = Status::ALL[b as usize % 4];
            c.note = format!("note {b}");
            c.tags.push(tag(b));
        })
        .unwrap_or(Edit::Batch(vec![])),
        4 => {
            Edit::create_tag(
                &p.codebook,
                &format!("tag {a}"),
                [a as u8, b as u8, 0],
                Some(tag(b)),
            )
            .1
        }
        5 => Edit::rename_tag(&p.codebook, tag(a), &format!("renamed {b}"))
            .unwrap_or(Edit::Batch(vec![])),
        6 => Edit::move_tag(
            &p.codebook,
            tag(a),
            if b.is_multiple_of(3) {
                None
            } else {
                Some(tag(b))
            },
        )
        .unwrap_or(Edit::Batch(vec![])),
        7 => Edit::RemoveTag {
            id: tag(a),
            fate: if b.is_multiple_of(2) {
                TagFate::DeleteClaims
            } else {
                TagFate::MoveClaimsTo(tag(b))
            },
        },
        8 => Edit::SetReleaseNote {
            release: format!("r{}", a % 3),
            note: if b.is_multiple_of(3) {
                String::new()
            } else {
                format!("note {b}")
            },
        },
        _ => Edit::Batch(vec![
            Edit::RemoveClaim(claim(a)),
            Edit::merge_tags(tag(a), tag(b)),
            Edit::SetReleaseNote {
                release: "r0".into(),
                note: format!("batch {a}"),
            },
        ]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn undo_all_gives_back_the_original(ops in proptest::collection::vec((any::<u8>(), any::<u32>(), any::<u32>()), 0..40)) {
        let mut p = Project::new(ArchiveRef::default(), "t");
        let original = p.clone();
        let mut history = History::new();
        for (op, a, b) in ops {
            let edit = edit_for(&p, op, a, b);
            let before = p.clone();
            if history.apply(&mut p, edit).is_err() {
                prop_assert_eq!(&p, &before, "a failed edit changed the project");
            }
        }
        let last = p.clone();
        while history.undo(&mut p).expect("undo works") {}
        prop_assert_eq!(&p, &original);
        prop_assert!(!history.is_dirty());
        while history.redo(&mut p).expect("redo works") {}
        prop_assert_eq!(&p, &last);
    }
}
