//! Claim and tag ids under format version 2: random for new claims and tags, kept as they are
//! for projects of version 1, which are still read.

use std::collections::BTreeSet;
use std::path::Path;

use pressmark::project::{store, Anchor, ClaimId, Edit, TagId, FORMAT_VERSION};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/project")
        .join(name)
}

#[test]
fn a_version_1_project_loads_as_version_2_with_its_ids_kept() {
    let path = fixture("sample-tagged.ron");
    let text = std::fs::read_to_string(&path).expect("fixture");
    assert!(
        text.contains("format_version: 1,"),
        "the fixture is version 1"
    );
    let p = store::load(&path).expect("version 1 still reads");
    assert_eq!(FORMAT_VERSION, 2);
    assert_eq!(p.format_version, FORMAT_VERSION);
    let ids: Vec<u64> = p.claims.keys().map(|c| c.0).collect();
    assert_eq!(ids, (1..=10).collect::<Vec<u64>>());
    let tags: Vec<u32> = p.codebook.tags().iter().map(|t| t.id.0).collect();
    assert_eq!(tags, (1..=9).collect::<Vec<u32>>());
    // Two analysts who open the same old file apart get the same ids (the migration draws
    // nothing at random), so their versions still merge claim by claim.
    assert_eq!(store::load(&path).expect("again"), p);
    // Saved, it says version 2 and keeps every id.
    let saved = store::to_ron(&p).expect("ron");
    assert!(saved.starts_with("(\n  format_version: 2,"), "{saved}");
    let again = store::from_ron(&saved, &path).expect("reads back");
    assert_eq!(again, p);
    assert!(
        !saved.contains("conflicts"),
        "an empty conflict list is not written"
    );
}

#[test]
fn new_claims_and_tags_get_random_short_ids_that_do_not_repeat() {
    let mut p = store::load(&fixture("sample-tagged.ron")).expect("fixture");
    let claim = p.claim(ClaimId(1)).expect("claim 1").clone();
    let mut claim_ids = BTreeSet::new();
    let mut tag_ids = BTreeSet::new();
    for i in 0..200 {
        let (tag, add_tag) = Edit::create_tag(&p.codebook, &format!("tag {i}"), [0, 0, 0], None);
        add_tag.apply(&mut p).expect("tag added");
        assert!(TagId::NEW.contains(&tag.0), "{}", tag.0);
        assert!(tag_ids.insert(tag));
        let anchor = Anchor {
            start: claim.anchor.start,
            ..claim.anchor.clone()
        };
        let new = p.new_claim(&claim.release, anchor, vec![tag], 1_700_000_000);
        assert!(ClaimId::NEW.contains(&new.id.0), "{}", new.id.0);
        // 12 digits as written in the file.
        assert_eq!(new.id.0.to_string().len(), 12);
        assert!(claim_ids.insert(new.id));
        Edit::AddClaim(new).apply(&mut p).expect("claim added");
    }
    assert_eq!(p.claims.len(), 210);
    // Two analysts starting from one project draw different ids (not 11, 12... on both).
    let base = store::load(&fixture("sample-tagged.ron")).expect("fixture");
    let a: BTreeSet<ClaimId> = {
        let mut next = base.claim_ids();
        (0..1000).map(|_| next()).collect()
    };
    let b: BTreeSet<ClaimId> = {
        let mut next = base.claim_ids();
        (0..1000).map(|_| next()).collect()
    };
    assert_eq!((a.len(), b.len()), (1000, 1000));
    assert!(a.is_disjoint(&b));
    assert!(a.iter().all(|id| base.claim(*id).is_none()));
}
