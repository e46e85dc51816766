//! Merging two colleagues' projects, and their agreement.

use pressmark::archive::Archive;
use pressmark::export::{agree, agree_mapped, merge, merge_with, unmatched_tags, TagMap, Who};
use pressmark::project::{Anchor, ArchiveRef, ClaimId, Edit, Project, Tag, TagId};

fn sample() -> Archive {
    Archive::load(&["assets/home-office-may-2023.txt".into()]).unwrap()
}

fn claim_on(
    p: &Project,
    a: &Archive,
    needle: &str,
    tags: Vec<TagId>,
    now: i64,
) -> pressmark::project::Claim {
    let r = a.releases.iter().find(|r| r.text.contains(needle)).unwrap();
    let s = r.text.find(needle).unwrap();
    p.new_claim(
        &r.id,
        Anchor::from_range(&r.text, s, s + needle.len()),
        tags,
        now,
    )
}

fn add_on(p: &mut Project, a: &Archive, needle: &str, tags: Vec<TagId>, now: i64) -> ClaimId {
    let c = claim_on(p, a, needle, tags, now);
    add(p, c)
}

fn add(p: &mut Project, c: pressmark::project::Claim) -> ClaimId {
    let id = c.id;
    Edit::AddClaim(c).apply(p).unwrap();
    id
}

#[test]
fn additions_edits_and_conflicts_on_both_sides() {
    let a = sample();
    let mut base = Project::new(ArchiveRef::default(), "ana");
    let mig = base.codebook.by_name("migration figure").unwrap().id;
    let c1 = add_on(&mut base, &a, "net migration", vec![mig], 100);
    let c2 = add_on(&mut base, &a, "student visa", vec![mig], 100);
    let c3 = add_on(&mut base, &a, "500,000", vec![mig], 100);

    let mut ours = base.clone();
    let mut theirs = base.clone();
    theirs.author = "bo".into();
    // Theirs: a new tag (unknown name) with an id we already use, an edit, a conflict, a new claim.
    let their_tag = Tag::new(TagId(1000), "dependants", [1, 2, 3]);
    Edit::AddTag(their_tag).apply(&mut theirs).unwrap();
    let mut t2 = theirs.claim(c2).unwrap().clone();
    t2.note = "theirs edited".into();
    t2.tags.push(TagId(1000));
    t2.modified = 200;
    Edit::UpdateClaim(t2).apply(&mut theirs).unwrap();
    let mut t3 = theirs.claim(c3).unwrap().clone();
    t3.note = "their view".into();
    t3.modified = 210;
    Edit::UpdateClaim(t3).apply(&mut theirs).unwrap();
    let tnew = add_on(&mut theirs, &a, "136,000", vec![TagId(1000)], 220);
    // Ours: an edit of c1, a conflicting edit of c3, a new claim that takes the same id as theirs.
    let mut o1 = ours.claim(c1).unwrap().clone();
    o1.note = "ours edited".into();
    o1.modified = 300;
    Edit::UpdateClaim(o1.clone()).apply(&mut ours).unwrap();
    let mut o3 = ours.claim(c3).unwrap().clone();
    o3.note = "our view".into();
    o3.modified = 310;
    Edit::UpdateClaim(o3.clone()).apply(&mut ours).unwrap();
    // New ids are random now; Pressmark before format 2 numbered them highest + 1, so that
    // both sides gave their new claim the same id: as such a pair would be.
    let mut ours_new = claim_on(&ours, &a, "750%", vec![mig], 320);
    ours_new.id = tnew;
    let onew = add(&mut ours, ours_new);
    assert_eq!(onew, tnew, "both sides gave their new claim the same id");
    Edit::SetReleaseNote {
        release: o1.release.clone(),
        note: "bo's note".into(),
    }
    .apply(&mut theirs)
    .unwrap();

    let result = merge(&ours, &theirs);
    assert_eq!(result.added, 1, "their new claim");
    assert_eq!(result.updated, 2, "c2 and the release note");
    assert_eq!(result.tags_added, 1);
    assert_eq!(result.conflicts.len(), 1);
    let mut merged = ours.clone();
    result.edit.clone().apply(&mut merged).unwrap();
    assert_eq!(
        merged.claims.len(),
        6,
        "4 ours + their new claim + the conflict copy"
    );
    assert_eq!(merged.claim(c1).unwrap().note, "ours edited");
    assert_eq!(merged.claim(c2).unwrap().note, "theirs edited");
    assert_eq!(merged.claim(c3).unwrap().note, "our view");
    assert!(merged
        .claims
        .values()
        .any(|c| c.note == "[conflict from ana] their view"
            || c.note == "[conflict from bo] their view"));
    let dep = merged.codebook.by_name("dependants").unwrap().id;
    // Their id, which we do not use, is kept (new ids are random, so a tag keeps one id in
    // both projects).
    assert_eq!(dep, TagId(1000));
    assert!(merged.claim(c2).unwrap().has_tag(dep));
    assert!(merged
        .claims
        .values()
        .any(|c| c.anchor.exact == "136,000" && c.has_tag(dep)));
    assert!(merged.claims.values().any(|c| c.anchor.exact == "750%"));
    assert_eq!(
        merged.release_notes.get(&o1.release).map(String::as_str),
        Some("bo's note")
    );
    // One undo step gives ours back.
    let inverse = result.edit.clone().apply(&mut ours.clone()).unwrap();
    let mut back = merged.clone();
    inverse.apply(&mut back).unwrap();
    assert_eq!(back, ours);
    // Merging again adds nothing.
    let again = merge(&merged, &theirs);
    assert_eq!((again.added, again.tags_added), (0, 0));
}

#[test]
fn agreement_per_tag() {
    let a = sample();
    let mut p = Project::new(ArchiveRef::default(), "ana");
    let mig = p.codebook.by_name("migration figure").unwrap().id;
    let fund = p.codebook.by_name("funding total").unwrap().id;
    add_on(&mut p, &a, "net migration was over 500,000", vec![mig], 1);
    let mut q = Project::new(ArchiveRef::default(), "bo");
    add_on(&mut q, &a, "over 500,000", vec![mig], 1);
    add_on(&mut q, &a, "136,000", vec![fund], 1);
    let result = agree(&p, &q, &a);
    let m = result
        .per_tag
        .iter()
        .find(|t| t.tag == "migration figure")
        .unwrap();
    assert_eq!(
        m.a_chars,
        "net migration was over 500,000".chars().count() as u64
    );
    assert_eq!(m.b_chars, 12);
    assert_eq!(m.both_chars, 12);
    assert!(m.kappa > 0.0 && m.kappa < 1.0);
    assert!(m.percent_agreement > 99.0);
    let f = result
        .per_tag
        .iter()
        .find(|t| t.tag == "funding total")
        .unwrap();
    assert_eq!((f.a_chars, f.b_chars, f.both_chars), (0, 7, 0));
    assert!(f.kappa.abs() < 1e-9);
    let q1 = result.per_tag.iter().find(|t| t.tag == "quote").unwrap();
    assert!((q1.kappa - 1.0).abs() < 1e-9);
    assert_eq!(result.disagreements.len(), 2);
    assert!(result
        .disagreements
        .iter()
        .any(|d| d.who == Who::AOnly && d.text == "net migration was "));
    assert!(result
        .disagreements
        .iter()
        .any(|d| d.who == Who::BOnly && d.text == "136,000"));
}

#[test]
fn their_tag_mapped_onto_mine() {
    let a = sample();
    let mut ours = Project::new(ArchiveRef::default(), "ana");
    let mig = ours.codebook.by_name("migration figure").unwrap().id;
    let fund = ours.codebook.by_name("funding total").unwrap().id;
    add_on(&mut ours, &a, "net migration", vec![mig], 100);
    // Theirs calls it "Funding", and has a tag of their own.
    let mut theirs = Project::new(ArchiveRef::default(), "bo");
    let their_mig = theirs.codebook.by_name("migration figure").unwrap().id;
    let funding = theirs.codebook.next_id();
    Edit::AddTag(Tag::new(funding, "Funding", [10, 20, 30]))
        .apply(&mut theirs)
        .unwrap();
    let dependants = theirs.codebook.next_id();
    Edit::AddTag(Tag::new(dependants, "dependants", [30, 20, 10]))
        .apply(&mut theirs)
        .unwrap();
    add_on(&mut theirs, &a, "136,000", vec![funding], 200);
    add_on(&mut theirs, &a, "750%", vec![funding, their_mig], 201);
    add_on(&mut theirs, &a, "student visa", vec![dependants], 202);
    let mut unmatched: Vec<&str> = unmatched_tags(&ours.codebook, &theirs.codebook)
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    // In id order, and new ids are random.
    unmatched.sort_unstable();
    assert_eq!(unmatched, ["Funding", "dependants"]);

    // Names are compared ignoring case and spaces.
    let map = TagMap::new().with(" funding", "Funding Total");
    let result = merge_with(&ours, &theirs, &map);
    assert_eq!(result.added, 3, "nothing lost");
    assert_eq!(result.tags_added, 1, "only dependants is new");
    let mut merged = ours.clone();
    result.edit.clone().apply(&mut merged).unwrap();
    assert!(merged.codebook.by_name("Funding").is_none(), "no new tag");
    assert_eq!(merged.codebook.len(), ours.codebook.len() + 1);
    assert_eq!(merged.claims.len(), 4);
    let on = |exact: &str| {
        merged
            .claims
            .values()
            .find(|c| c.anchor.exact == exact)
            .unwrap()
            .tags
            .clone()
    };
    assert_eq!(on("136,000"), vec![fund], "arrives with my tag");
    let mut both = vec![mig, fund];
    both.sort();
    assert_eq!(on("750%"), both);
    let dep = merged.codebook.by_name("dependants").unwrap().id;
    assert_eq!(on("student visa"), vec![dep]);

    // Without the mapping, "Funding" comes in as a tag of its own; a mapping onto a tag I do
    // not have is ignored the same way.
    for map in [TagMap::new(), TagMap::new().with("Funding", "no such tag")] {
        let plain = merge_with(&ours, &theirs, &map);
        assert_eq!(plain, merge(&ours, &theirs));
        assert_eq!((plain.added, plain.tags_added), (3, 2));
    }
}

#[test]
fn agreement_counts_their_tag_as_mine_when_mapped() {
    let a = sample();
    let mut ours = Project::new(ArchiveRef::default(), "ana");
    let fund = ours.codebook.by_name("funding total").unwrap().id;
    add_on(&mut ours, &a, "136,000", vec![fund], 1);
    let mut theirs = Project::new(ArchiveRef::default(), "bo");
    let funding = theirs.codebook.next_id();
    Edit::AddTag(Tag::new(funding, "Funding", [10, 20, 30]))
        .apply(&mut theirs)
        .unwrap();
    add_on(&mut theirs, &a, "136,000", vec![funding], 1);
    let row = |r: &pressmark::export::Agreement, tag: &str| {
        r.per_tag
            .iter()
            .find(|t| t.tag == tag)
            .map(|t| (t.a_chars, t.b_chars, t.both_chars))
    };
    let plain = agree(&ours, &theirs, &a);
    assert_eq!(row(&plain, "funding total"), Some((7, 0, 0)));
    assert_eq!(row(&plain, "Funding"), Some((0, 7, 0)));
    let mapped = agree_mapped(
        &ours,
        &theirs,
        &a,
        &TagMap::new().with("funding", "funding total"),
    );
    assert_eq!(row(&mapped, "funding total"), Some((7, 7, 7)));
    assert_eq!(row(&mapped, "Funding"), None);
    assert!(mapped.disagreements.is_empty());
    let k = mapped
        .per_tag
        .iter()
        .find(|t| t.tag == "funding total")
        .unwrap()
        .kappa;
    assert!((k - 1.0).abs() < 1e-9);
}
