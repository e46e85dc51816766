//! Three-way merge of projects: two analysts' versions and the version both started from
//! (git's merge base).
//!
//! Claims, tags and release notes are matched by id (claims and tags) or release (notes).
//! Added on one side: added. Deleted on one side and untouched on the other: deleted.
//! Changed on one side: changed. Changed on both sides: merged field by field (a claim's tags
//! as a set); a field both sides changed differently, or a change against a deletion, is a
//! [`Conflict`]: the project keeps ours (or theirs where ours deleted it) and the `conflicts`
//! list keeps both versions whole. The result is always a valid project: two tags given one
//! name are joined (if both are new) or the later renamed, a tag deleted on one side but still
//! used by the other is kept, a circle of parents is broken; each such repair is a conflict too.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Claim, ClaimId, Codebook, Conflict, Project, Tag, TagId, FORMAT_VERSION};

/// Which side a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    Ours,
    Theirs,
    Both,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
            Side::Both => "both",
        }
    }
}

/// One thing added, deleted or changed: ("claim" | "tag" | "release note", id, side).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub kind: &'static str,
    pub id: String,
    pub side: Side,
}

/// The merged project and what happened, each list sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub project: Project,
    pub added: Vec<Change>,
    pub deleted: Vec<Change>,
    pub changed: Vec<Change>,
    /// The conflicts this merge made (the project's list also keeps older unresolved ones).
    pub conflicts: Vec<Conflict>,
}

/// Merges `ours` and `theirs`, both made from `base`.
pub fn merge3(base: &Project, ours: &Project, theirs: &Project) -> Merged {
    let mut report = Report::default();

    let claims = merge_maps(
        &base.claims,
        &ours.claims,
        &theirs.claims,
        merge_claim,
        &mut report.log("claim", |id: &ClaimId| id.0.to_string()),
    );
    let mut claim_conflicts = Vec::new();
    for (id, o, t) in claims.conflicts {
        claim_conflicts.push(Conflict::Claim {
            id,
            ours: o,
            theirs: t,
        });
    }

    let by_id = |book: &Codebook| -> BTreeMap<TagId, Tag> {
        book.tags().iter().map(|t| (t.id, t.clone())).collect()
    };
    let tags = merge_maps(
        &by_id(&base.codebook),
        &by_id(&ours.codebook),
        &by_id(&theirs.codebook),
        merge_tag,
        &mut report.log("tag", |id: &TagId| id.0.to_string()),
    );
    let mut tag_conflicts: Vec<Conflict> = tags
        .conflicts
        .into_iter()
        .map(|(id, o, t)| Conflict::Tag {
            id,
            ours: o,
            theirs: t,
        })
        .collect();

    let notes = merge_maps(
        &base.release_notes,
        &ours.release_notes,
        &theirs.release_notes,
        |b, o, t| same_or_none(b, o, t).cloned(),
        &mut report.log("release note", String::clone),
    );
    let note_conflicts = notes
        .conflicts
        .into_iter()
        .map(|(release, o, t)| Conflict::ReleaseNote {
            release,
            ours: o,
            theirs: t,
        });

    let mut project = Project {
        format_version: FORMAT_VERSION,
        archive: pick(&base.archive, &ours.archive, &theirs.archive).clone(),
        author: pick(&base.author, &ours.author, &theirs.author).clone(),
        codebook: Codebook::default(),
        claims: claims.merged,
        release_notes: notes.merged,
        conflicts: Vec::new(),
    };
    let mut book = tags.merged;
    repair_tags(
        &mut project,
        &mut book,
        [ours, theirs, base],
        &claim_conflicts,
        &mut tag_conflicts,
    );
    project.codebook = Codebook::from_tags(book.into_values().collect());

    let mut conflicts: Vec<Conflict> = claim_conflicts;
    conflicts.extend(tag_conflicts);
    conflicts.extend(note_conflicts);
    sort_conflicts(&mut conflicts);

    // Unresolved conflicts from before: kept unless one side resolved (removed) one that the
    // other did not touch; the new ones after them.
    let mut all = merge_lists(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    for c in &conflicts {
        if !all.contains(c) {
            all.push(c.clone());
        }
    }
    sort_conflicts(&mut all);
    project.conflicts = all;

    let Report {
        mut added,
        mut deleted,
        mut changed,
    } = report;
    added.sort();
    deleted.sort();
    changed.sort();
    Merged {
        project,
        added,
        deleted,
        changed,
        conflicts,
    }
}

fn sort_conflicts(list: &mut [Conflict]) {
    list.sort_by_cached_key(|c| {
        let (kind, id) = c.subject();
        // Numbers in numeric order: by length first.
        (kind, id.len(), id)
    });
}

#[derive(Default)]
struct Report {
    added: Vec<Change>,
    deleted: Vec<Change>,
    changed: Vec<Change>,
}

/// How a change is written down by `merge_maps`.
enum What {
    Added,
    Deleted,
    Changed,
}

impl Report {
    fn log<'a, K>(
        &'a mut self,
        kind: &'static str,
        name: impl Fn(&K) -> String + 'a,
    ) -> impl FnMut(What, &K, Side) + 'a {
        move |what, key, side| {
            let change = Change {
                kind,
                id: name(key),
                side,
            };
            match what {
                What::Added => self.added.push(change),
                What::Deleted => self.deleted.push(change),
                What::Changed => self.changed.push(change),
            }
        }
    }
}

struct MapMerge<K, V> {
    merged: BTreeMap<K, V>,
    /// Key, ours, theirs (`None`: deleted on that side).
    conflicts: Vec<(K, Option<V>, Option<V>)>,
}

/// The three-way merge of keyed values. `both(base, ours, theirs)` merges a value both sides
/// changed (`base` is `None` if both added it); `None` from it is a conflict, where ours is
/// kept.
fn merge_maps<K: Ord + Clone, V: Clone + PartialEq>(
    base: &BTreeMap<K, V>,
    ours: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
    both: impl Fn(Option<&V>, &V, &V) -> Option<V>,
    log: &mut impl FnMut(What, &K, Side),
) -> MapMerge<K, V> {
    let keys: BTreeSet<&K> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut merged = BTreeMap::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let value = match (b, o, t) {
            (_, None, None) => {
                if b.is_some() {
                    log(What::Deleted, key, Side::Both);
                }
                None
            }
            (None, Some(o), None) => {
                log(What::Added, key, Side::Ours);
                Some(o.clone())
            }
            (None, None, Some(t)) => {
                log(What::Added, key, Side::Theirs);
                Some(t.clone())
            }
            (Some(b), Some(o), None) | (Some(b), None, Some(o)) => {
                let gone = if t.is_none() {
                    Side::Theirs
                } else {
                    Side::Ours
                };
                if o == b {
                    log(What::Deleted, key, gone);
                    None
                } else {
                    // Changed here, deleted there: keep the change, and ask.
                    conflicts.push((
                        key.clone(),
                        ours.get(key).cloned(),
                        theirs.get(key).cloned(),
                    ));
                    Some(o.clone())
                }
            }
            (b, Some(o), Some(t)) => {
                if b == Some(o) && b == Some(t) {
                    Some(o.clone())
                } else if b == Some(o) {
                    log(What::Changed, key, Side::Theirs);
                    Some(t.clone())
                } else if b == Some(t) {
                    log(What::Changed, key, Side::Ours);
                    Some(o.clone())
                } else {
                    let what = if b.is_some() {
                        What::Changed
                    } else {
                        What::Added
                    };
                    match both(b, o, t) {
                        Some(v) => {
                            log(what, key, Side::Both);
                            Some(v)
                        }
                        None => {
                            conflicts.push((key.clone(), Some(o.clone()), Some(t.clone())));
                            Some(o.clone())
                        }
                    }
                }
            }
        };
        if let Some(v) = value {
            merged.insert(key.clone(), v);
        }
    }
    MapMerge { merged, conflicts }
}

/// The merged value of one field: the same on both sides, or changed on one side only.
fn same_or_none<'a, T: PartialEq>(b: Option<&'a T>, o: &'a T, t: &'a T) -> Option<&'a T> {
    if o == t || b == Some(t) {
        Some(o)
    } else if b == Some(o) {
        Some(t)
    } else {
        None
    }
}

/// A field with no conflict possible: ours unless only theirs changed it.
fn pick<'a, T: PartialEq>(b: &'a T, o: &'a T, t: &'a T) -> &'a T {
    if o == b {
        t
    } else {
        o
    }
}

/// A claim both sides changed: field by field; tags as a set; the later `modified`.
fn merge_claim(b: Option<&Claim>, o: &Claim, t: &Claim) -> Option<Claim> {
    let place = |c: &Claim| (c.release.clone(), c.anchor.clone());
    let (release, anchor) = same_or_none(b.map(place).as_ref(), &place(o), &place(t))?.clone();
    let tags = match b {
        Some(b) => merge_set(&b.tags, &o.tags, &t.tags),
        // Both added one id: the same claim only if they agree on its tags too.
        None => same_or_none(None, &o.tags, &t.tags)?.clone(),
    };
    let mut claim = Claim {
        id: o.id,
        release,
        anchor,
        tags,
        note: same_or_none(b.map(|c| &c.note), &o.note, &t.note)?.clone(),
        status: *same_or_none(b.map(|c| &c.status), &o.status, &t.status)?,
        author: same_or_none(b.map(|c| &c.author), &o.author, &t.author)?.clone(),
        created: *same_or_none(b.map(|c| &c.created), &o.created, &t.created)?,
        modified: o.modified.max(t.modified),
    };
    claim.normalise();
    Some(claim)
}

/// Elements both kept, plus those either added.
fn merge_set<T: Ord + Copy>(b: &[T], o: &[T], t: &[T]) -> Vec<T> {
    let (b, o, t): (BTreeSet<T>, BTreeSet<T>, BTreeSet<T>) = (
        b.iter().copied().collect(),
        o.iter().copied().collect(),
        t.iter().copied().collect(),
    );
    o.union(&t)
        .filter(|x| (o.contains(x) && t.contains(x)) || !b.contains(x))
        .copied()
        .collect()
}

/// A tag both sides changed: field by field.
fn merge_tag(b: Option<&Tag>, o: &Tag, t: &Tag) -> Option<Tag> {
    Some(Tag {
        id: o.id,
        name: same_or_none(b.map(|x| &x.name), &o.name, &t.name)?.clone(),
        colour: *same_or_none(b.map(|x| &x.colour), &o.colour, &t.colour)?,
        description: same_or_none(b.map(|x| &x.description), &o.description, &t.description)?
            .clone(),
        parent: *same_or_none(b.map(|x| &x.parent), &o.parent, &t.parent)?,
    })
}

/// A list kept as a set: an element stays unless one side removed it and the other did not
/// add it back; additions from either side come in. In first-seen order.
fn merge_lists<T: Clone + PartialEq>(b: &[T], o: &[T], t: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for x in o.iter().chain(t) {
        let keep = (o.contains(x) && t.contains(x)) || !b.contains(x);
        if keep && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// Makes the merged codebook valid: every tag a claim or tag refers to is there (a claim's
/// versions in `claim_conflicts` too, so that either can be chosen), names are unique,
/// parents form a tree. Each repair is recorded as a conflict on that tag.
fn repair_tags(
    project: &mut Project,
    book: &mut BTreeMap<TagId, Tag>,
    [ours, theirs, base]: [&Project; 3],
    claim_conflicts: &[Conflict],
    conflicts: &mut Vec<Conflict>,
) {
    let note = |conflicts: &mut Vec<Conflict>, id: TagId| {
        let c = Conflict::Tag {
            id,
            ours: ours.codebook.get(id).cloned(),
            theirs: theirs.codebook.get(id).cloned(),
        };
        if !conflicts.contains(&c) {
            conflicts.push(c);
        }
    };

    // 1. A tag deleted on one side but used by the other's claims or tags comes back.
    let mut dropped = BTreeSet::new();
    loop {
        let used: BTreeSet<TagId> = project
            .claims
            .values()
            .flat_map(|c| c.tags.iter().copied())
            .chain(claim_conflicts.iter().flat_map(|c| {
                match c {
                    Conflict::Claim { ours, theirs, .. } => ours
                        .iter()
                        .chain(theirs)
                        .flat_map(|c| c.tags.clone())
                        .collect(),
                    _ => Vec::new(),
                }
            }))
            .chain(book.values().filter_map(|t| t.parent))
            .collect();
        let missing: Vec<TagId> = used
            .into_iter()
            .filter(|id| !book.contains_key(id) && !dropped.contains(id))
            .collect();
        if missing.is_empty() {
            break;
        }
        for id in missing {
            let found = [&base.codebook, &ours.codebook, &theirs.codebook]
                .iter()
                .find_map(|b| b.get(id).cloned());
            if let Some(tag) = found {
                book.insert(id, tag);
                note(conflicts, id);
            } else {
                // Used but never defined (cannot come from valid inputs): drop the use.
                dropped.insert(id);
                for c in project.claims.values_mut() {
                    c.tags.retain(|t| *t != id);
                }
                for t in book.values_mut() {
                    if t.parent == Some(id) {
                        t.parent = None;
                    }
                }
            }
        }
    }

    // 2. One name, two tags: two new tags (one concept added on both sides) become one, the
    //    smaller id; otherwise the larger id is renamed "NAME (ID)".
    let mut by_name: BTreeMap<String, Vec<TagId>> = BTreeMap::new();
    for t in book.values() {
        by_name
            .entry(t.name.trim().to_ascii_lowercase())
            .or_default()
            .push(t.id);
    }
    let mut joined: HashMap<TagId, TagId> = HashMap::new();
    for ids in by_name.values().filter(|ids| ids.len() > 1) {
        let keep = ids[0];
        for &other in &ids[1..] {
            let new_on_both =
                base.codebook.get(keep).is_none() && base.codebook.get(other).is_none();
            if new_on_both {
                joined.insert(other, keep);
                if let Some(gone) = book.remove(&other) {
                    let kept = book.get(&keep).cloned();
                    let same = kept.as_ref().is_some_and(|k| {
                        k.colour == gone.colour
                            && k.description == gone.description
                            && k.parent == gone.parent
                    });
                    if !same {
                        // Both definitions kept, under the id that stays.
                        let (o, t) = if ours.codebook.get(keep).is_some() {
                            (kept, Some(gone))
                        } else {
                            (Some(gone), kept)
                        };
                        conflicts.push(Conflict::Tag {
                            id: keep,
                            ours: o,
                            theirs: t,
                        });
                    }
                }
            } else if let Some(t) = book.get_mut(&other) {
                t.name = format!("{} ({})", t.name.trim(), other.0);
                note(conflicts, other);
            }
        }
    }
    if !joined.is_empty() {
        for c in project.claims.values_mut() {
            for t in &mut c.tags {
                if let Some(k) = joined.get(t) {
                    *t = *k;
                }
            }
            c.normalise();
        }
        for t in book.values_mut() {
            if let Some(k) = t.parent.and_then(|p| joined.get(&p)) {
                t.parent = Some(*k);
            }
            if t.parent == Some(t.id) {
                t.parent = None;
            }
        }
    }

    // 3. Parents in a circle (each side moved one tag under the other): the smallest id on
    //    the circle goes to the top.
    let ids: Vec<TagId> = book.keys().copied().collect();
    for id in ids {
        let mut at = book.get(&id).and_then(|t| t.parent);
        let mut steps = 0;
        while let Some(p) = at {
            if p == id {
                if let Some(t) = book.get_mut(&id) {
                    t.parent = None;
                }
                note(conflicts, id);
                break;
            }
            steps += 1;
            if steps > book.len() {
                break;
            }
            at = book.get(&p).and_then(|t| t.parent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Anchor, ArchiveRef, Status};

    fn claim(id: u64, note: &str, tags: &[u32]) -> Claim {
        Claim {
            id: ClaimId(id),
            release: "r".into(),
            anchor: Anchor {
                exact: "136,000".into(),
                prefix: String::new(),
                suffix: String::new(),
                start: 10,
                end: 17,
            },
            tags: tags.iter().map(|t| TagId(*t)).collect(),
            note: note.into(),
            status: Status::Unchecked,
            author: "a".into(),
            created: 1,
            modified: 1,
        }
    }

    fn project(claims: &[Claim]) -> Project {
        let mut p = Project::new(ArchiveRef::default(), "a");
        p.claims = claims.iter().map(|c| (c.id, c.clone())).collect();
        p
    }

    #[test]
    fn fields_changed_on_each_side_merge_and_a_field_changed_twice_conflicts() {
        let base = project(&[claim(1, "n", &[1]), claim(2, "n", &[1])]);
        let mut o1 = claim(1, "ours", &[1]);
        o1.modified = 5;
        let mut t1 = claim(1, "n", &[1, 2]);
        t1.status = Status::Checked;
        t1.modified = 7;
        let ours = project(&[o1, claim(2, "ours", &[1])]);
        let theirs = project(&[t1, claim(2, "theirs", &[1])]);
        let m = merge3(&base, &ours, &theirs);
        let c1 = m.project.claim(ClaimId(1)).expect("claim 1");
        assert_eq!(
            (c1.note.as_str(), c1.status, c1.tags.clone(), c1.modified),
            ("ours", Status::Checked, vec![TagId(1), TagId(2)], 7)
        );
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].subject(), ("claim", "2".to_owned()));
        assert_eq!(
            m.project.claim(ClaimId(2)).map(|c| c.note.as_str()),
            Some("ours")
        );
        assert_eq!(m.project.conflicts, m.conflicts);
    }

    #[test]
    fn a_tag_deleted_on_one_side_but_used_on_the_other_is_kept_as_a_conflict() {
        let base = project(&[]);
        let mut ours = base.clone();
        ours.codebook.take(TagId(3));
        let theirs = project(&[claim(9, "", &[3])]);
        let m = merge3(&base, &ours, &theirs);
        assert!(m.project.codebook.get(TagId(3)).is_some());
        assert!(m.project.claim(ClaimId(9)).is_some());
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].subject(), ("tag", "3".to_owned()));
    }

    #[test]
    fn one_new_tag_name_on_both_sides_becomes_one_tag() {
        let base = project(&[]);
        let mut ours = base.clone();
        ours.codebook
            .put(Tag::new(TagId(500_000_000), "housing", [1, 2, 3]));
        ours.claims.insert(ClaimId(7), claim(7, "", &[500_000_000]));
        let mut theirs = base.clone();
        theirs
            .codebook
            .put(Tag::new(TagId(200_000_000), "Housing", [1, 2, 3]));
        theirs
            .claims
            .insert(ClaimId(8), claim(8, "", &[200_000_000]));
        let m = merge3(&base, &ours, &theirs);
        assert!(m.project.codebook.get(TagId(500_000_000)).is_none());
        assert_eq!(
            m.project.claim(ClaimId(7)).map(|c| c.tags.clone()),
            Some(vec![TagId(200_000_000)])
        );
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    }
}
