//! Merging a colleague's project into ours, as one undoable edit.
//!
//! Tags are matched by name (ignoring case), or through a [`TagMap`] that maps a tag of theirs
//! onto one of ours; any other tag of theirs is added, with its own id if we do not use it
//! (else a fresh one), and their claims' tag ids are remapped. Claims are matched by id, and count as
//! the same claim only if they also have the same release and creation time (two people
//! adding claim 7 independently made two different claims: theirs comes in with a fresh id).
//! For the same claim that differs: if one side never changed it after creating it
//! (`modified == created`), the other side's version wins; if both changed it, that is a
//! [`Conflict`]: ours stays, theirs is added as a new claim whose note begins
//! `[conflict from <author>]`, so nothing is lost. A claim of theirs that repeats one of ours
//! (same release, place and tags) is skipped. Release notes only they have come in; two
//! different notes are joined.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::project::{Claim, ClaimId, Codebook, Edit, Project, Tag, TagId};

use super::TagMap;

/// A claim both sides changed differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub ours: Claim,
    /// Theirs as it came in (tags remapped to our ids), with its new id in `ours`' project.
    pub theirs: Claim,
}

/// What `merge` would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeResult {
    /// One `Batch` (one undo step): new tags, new and updated claims, notes.
    pub edit: Edit,
    /// Claims added (not counting conflict copies).
    pub added: usize,
    /// Claims of ours replaced by their newer version, plus release notes changed.
    pub updated: usize,
    pub tags_added: usize,
    pub conflicts: Vec<Conflict>,
}

/// Merges `theirs` into `ours`, tags matched by name; apply `edit` to `ours` to get the merged
/// project.
pub fn merge(ours: &Project, theirs: &Project) -> MergeResult {
    merge_with(ours, theirs, &TagMap::default())
}

/// [`merge`], with their tags in `tags` mapped onto ours (a mapping onto a tag we do not have
/// is ignored).
pub fn merge_with(ours: &Project, theirs: &Project, tags: &TagMap) -> MergeResult {
    let (tag_map, tag_edits) = map_tags(&ours.codebook, &theirs.codebook, tags);
    let tags_added = tag_edits.len();
    let mut edits = tag_edits;
    // Random new ids that neither side has, none given twice.
    let mut given: HashSet<ClaimId> = HashSet::new();
    let mut fresh = || {
        let id = ClaimId::fresh(|id| {
            ours.claims.contains_key(&id) || theirs.claims.contains_key(&id) || given.contains(&id)
        });
        given.insert(id);
        id
    };
    let key = |c: &Claim| {
        (
            c.release.clone(),
            c.anchor.start,
            c.anchor.end,
            c.tags.clone(),
        )
    };
    let mut present: HashSet<(String, usize, usize, Vec<TagId>)> =
        ours.claims.values().map(key).collect();
    let (mut added, mut updated) = (0, 0);
    let mut conflicts = Vec::new();
    for their in theirs.claims.values() {
        let mut their = their.clone();
        their.tags = their
            .tags
            .iter()
            .filter_map(|t| tag_map.get(t).copied())
            .collect();
        their.normalise();
        match ours.claims.get(&their.id) {
            Some(our) if *our == their => {}
            Some(our) if our.release == their.release && our.created == their.created => {
                let our_changed = our.modified > our.created;
                let their_changed = their.modified > their.created;
                if !our_changed && their_changed {
                    present.insert(key(&their));
                    edits.push(Edit::UpdateClaim(their));
                    updated += 1;
                } else if our_changed && !their_changed {
                    // Ours is the newer version; keep it.
                } else {
                    let mut copy = their;
                    copy.id = fresh();
                    let who = if theirs.author.is_empty() {
                        copy.author.as_str()
                    } else {
                        theirs.author.as_str()
                    };
                    copy.note = format!("[conflict from {who}] {}", copy.note)
                        .trim_end()
                        .to_owned();
                    present.insert(key(&copy));
                    edits.push(Edit::AddClaim(copy.clone()));
                    conflicts.push(Conflict {
                        ours: our.clone(),
                        theirs: copy,
                    });
                }
            }
            other => {
                if present.contains(&key(&their)) {
                    continue;
                }
                if other.is_some() {
                    their.id = fresh();
                }
                present.insert(key(&their));
                edits.push(Edit::AddClaim(their));
                added += 1;
            }
        }
    }
    // Claims added with their own ids must not collide with fresh ids given above.
    let mut used: HashSet<ClaimId> = ours.claims.keys().copied().collect();
    for e in &mut edits {
        if let Edit::AddClaim(c) = e {
            if !used.insert(c.id) {
                c.id = fresh();
                used.insert(c.id);
            }
        }
    }
    let notes: BTreeMap<&String, &String> = theirs.release_notes.iter().collect();
    for (release, note) in notes {
        let merged = match ours.release_notes.get(release) {
            None => note.clone(),
            Some(o) if o == note || o.contains(note.as_str()) => continue,
            Some(o) => format!("{o}\n\n[from {}] {note}", theirs.author),
        };
        edits.push(Edit::SetReleaseNote {
            release: release.clone(),
            note: merged,
        });
        updated += 1;
    }
    MergeResult {
        edit: Edit::Batch(edits),
        added,
        updated,
        tags_added,
        conflicts,
    }
}

/// Their tag ids to ours, and the edits adding the tags we lack (parents first).
fn map_tags(
    ours: &Codebook,
    theirs: &Codebook,
    chosen: &TagMap,
) -> (HashMap<TagId, TagId>, Vec<Edit>) {
    let mut map = HashMap::new();
    let mut edits = Vec::new();
    let mut given: HashSet<TagId> = HashSet::new();
    let mut names: HashSet<String> = ours
        .tags()
        .iter()
        .map(|t| t.name.trim().to_lowercase())
        .collect();
    let mut pending: Vec<&Tag> = Vec::new();
    for t in theirs.tags() {
        let onto = chosen.get(&t.name).and_then(|name| ours.by_name(name));
        match onto.or_else(|| ours.by_name(&t.name)) {
            Some(o) => {
                map.insert(t.id, o.id);
            }
            None => pending.push(t),
        }
    }
    // Parents first: repeat while progress is made; a tag whose parent never maps goes on top.
    let mut progress = true;
    while !pending.is_empty() {
        let before = pending.len();
        let mut rest = Vec::new();
        for t in pending {
            let parent_ready = t
                .parent
                .is_none_or(|p| map.contains_key(&p) || theirs.get(p).is_none());
            if !parent_ready && progress {
                rest.push(t);
                continue;
            }
            if !names.insert(t.name.trim().to_lowercase()) {
                continue;
            }
            // Their id if we do not use it (ids are random, so it usually is free and the
            // tag keeps one id in both projects); else a new one.
            let taken = |id: TagId| ours.get(id).is_some() || given.contains(&id);
            let id = if taken(t.id) {
                TagId::fresh(taken)
            } else {
                t.id
            };
            given.insert(id);
            map.insert(t.id, id);
            edits.push(Edit::AddTag(Tag {
                id,
                parent: t.parent.and_then(|p| map.get(&p).copied()),
                ..t.clone()
            }));
        }
        progress = rest.len() < before;
        pending = rest;
    }
    (map, edits)
}
