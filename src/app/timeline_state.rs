//! What the timeline strip keeps between frames: the timeline, its scale and range, the
//! lanes, and per-release colours, rebuilt only when the archive, the lane choice or the
//! project's revision change.

use std::collections::HashMap;

use egui::Color32;

use crate::archive::Archive;
use crate::project::{ClaimId, History, Project};
use crate::timeline::{lanes, LaneBy, Scale, Timeline};

/// One lane of the strip: its name, its tag's colour (lanes by tag) and its releases.
pub struct LaneRow {
    pub name: String,
    pub colour: Option<Color32>,
    pub timeline: Timeline,
}

#[derive(Default)]
pub struct TimelineState {
    pub timeline: Timeline,
    pub scale: Option<Scale>,
    /// Days (since 1970) of a dragged range that filters the list.
    pub range: Option<(i64, i64)>,
    pub(super) drag_from: Option<f32>,
    /// Release index by id, to colour releases with claims.
    pub(super) index: HashMap<String, usize>,
    /// Per release: the colour of its claims (`None` without claims), and the project
    /// revision it was computed for.
    pub(super) colours: (u64, Vec<Option<Color32>>),
    /// The lanes shown, and what they were computed for (the choice and, by tag, the
    /// project revision): computed once, not every frame.
    pub(super) lanes: Vec<LaneRow>,
    pub(super) lanes_key: Option<(LaneBy, u64)>,
    /// Per release, its place in `timeline.placed` (`u32::MAX` if undated): lanes by tag are
    /// picked out of the whole timeline rather than sorted again after each claim edit.
    slot: Vec<u32>,
    /// Per claim, its release's index (`None`: not in this archive), as of the revision
    /// `claims_at`: after an edit only the claims it touched are looked up by release id
    /// (100,000 ids hashed and compared per lookup cost more than the rest of a frame).
    release_of: HashMap<ClaimId, Option<usize>>,
    /// Per release index, its claims (by id), kept with `release_of`: after an edit only the
    /// releases whose claims changed get their colour again.
    claims_of: HashMap<usize, std::collections::BTreeSet<ClaimId>>,
    claims_at: Option<u64>,
}

/// Drawn for a release whose claims have no tag.
pub(super) const UNTAGGED_CLAIM: Color32 = Color32::from_rgb(220, 120, 0);

impl TimelineState {
    pub fn rebuild(&mut self, archive: &Archive) {
        self.timeline = Timeline::new(archive);
        self.scale = None;
        self.range = None;
        self.index = archive
            .releases
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        self.colours = (u64::MAX, Vec::new());
        self.lanes.clear();
        self.lanes_key = None;
        self.release_of.clear();
        self.claims_of.clear();
        self.claims_at = None;
        self.slot = vec![u32::MAX; archive.releases.len()];
        for (k, p) in self.timeline.placed.iter().enumerate() {
            if let Some(s) = self.slot.get_mut(p.release) {
                *s = k as u32;
            }
        }
    }

    /// The lanes shown (empty when the strip is one row).
    pub fn lanes(&self) -> &[LaneRow] {
        &self.lanes
    }

    /// The colour a release is drawn in: its claims' first tag's (`None` without claims).
    pub fn colour_of(&self, release: usize) -> Option<Color32> {
        self.colours.1.get(release).copied().flatten()
    }

    /// Brings the colours and lanes up to date: recomputed only when the project's
    /// revision, the archive or the lane choice change, so a frame does not look up 100,000
    /// ids; after a claim edit, only the edited claims' releases are looked up.
    pub(super) fn update(
        &mut self,
        archive: &Archive,
        project: &Project,
        history: &History,
        by: Option<LaneBy>,
    ) {
        let revision = history.revision();
        let releases = archive.releases.len();
        let stale = self.colours.0 != revision || self.colours.1.len() != releases;
        let key = by.map(|by| (by, if by == LaneBy::Tag { revision } else { 0 }));
        let mut touched = None;
        if stale || (key != self.lanes_key && by == Some(LaneBy::Tag)) {
            touched = self.follow_claims(project, history);
        }
        if stale {
            let colours = match touched {
                // Only the releases whose claims changed, when the last colours are of this
                // archive and the history could say which claims changed.
                Some(releases_touched) if self.colours.1.len() == releases => {
                    let mut colours = std::mem::take(&mut self.colours.1);
                    for r in releases_touched {
                        if let Some(slot) = colours.get_mut(r) {
                            *slot = self.colour_of_release(project, r);
                        }
                    }
                    colours
                }
                _ => self.release_colours(project, releases),
            };
            self.colours = (revision, colours);
        }
        if key != self.lanes_key {
            self.lanes = match by {
                None => Vec::new(),
                Some(LaneBy::Tag) => self.tag_lanes(project),
                Some(by) => lanes(archive, project, by)
                    .into_iter()
                    .map(|l| LaneRow {
                        colour: None,
                        timeline: Timeline::from_releases(archive, l.items),
                        name: l.name,
                    })
                    .collect(),
            };
            self.lanes_key = key;
        }
    }

    /// Brings `release_of` and `claims_of` to the history's revision: the claims changed
    /// since they were last brought up to date, or every claim when the history cannot say
    /// which changed. Returns the release indices whose claims changed, or `None` when every
    /// claim was looked up again (or nothing needed doing: the caller then rebuilds).
    fn follow_claims(&mut self, project: &Project, history: &History) -> Option<Vec<usize>> {
        let revision = history.revision();
        if self.claims_at == Some(revision) {
            return None;
        }
        let changed = self
            .claims_at
            .and_then(|at| history.claims_changed_since(at));
        let index = &self.index;
        let find = |release: &str| index.get(release).copied();
        let touched = match changed {
            Some(ids) => {
                let mut touched = Vec::new();
                for id in ids {
                    let now = project.claims.get(&id).and_then(|c| find(&c.release));
                    let before = match project.claims.get(&id) {
                        Some(_) => self.release_of.insert(id, now).flatten(),
                        None => self.release_of.remove(&id).flatten(),
                    };
                    if let Some(b) = before {
                        if let Some(set) = self.claims_of.get_mut(&b) {
                            set.remove(&id);
                        }
                        touched.push(b);
                    }
                    if let Some(n) = now {
                        self.claims_of.entry(n).or_default().insert(id);
                        touched.push(n);
                    }
                }
                touched.sort_unstable();
                touched.dedup();
                Some(touched)
            }
            None => {
                self.release_of = project
                    .claims
                    .values()
                    .map(|c| (c.id, find(&c.release)))
                    .collect();
                self.claims_of.clear();
                for (&id, &r) in &self.release_of {
                    if let Some(r) = r {
                        self.claims_of.entry(r).or_default().insert(id);
                    }
                }
                None
            }
        };
        self.claims_at = Some(revision);
        touched
    }

    /// The colour of release `r` (see `release_colours`) from its claims alone.
    fn colour_of_release(&self, project: &Project, r: usize) -> Option<Color32> {
        let mut slot = None;
        for id in self.claims_of.get(&r).into_iter().flatten() {
            let Some(c) = project.claims.get(id) else {
                continue;
            };
            let tag = c.tags.first().and_then(|&t| project.codebook.get(t));
            match (&slot, tag) {
                (None, Some(t)) => slot = Some(rgb(t.colour)),
                (Some(prev), Some(t)) if *prev == UNTAGGED_CLAIM => slot = Some(rgb(t.colour)),
                (None, None) => slot = Some(UNTAGGED_CLAIM),
                _ => {}
            }
        }
        slot
    }

    /// A claim's release index, as `follow_claims` last found it.
    fn release_index(&self, claim: ClaimId) -> Option<usize> {
        self.release_of.get(&claim).copied().flatten()
    }

    /// Per release: the colour of the first tag of its first claim with a tag (claims by
    /// id), or `UNTAGGED_CLAIM` if none of its claims has a tag; `None` without claims.
    fn release_colours(&self, project: &Project, releases: usize) -> Vec<Option<Color32>> {
        let mut out = vec![None; releases];
        for c in project.claims.values() {
            let Some(slot) = self.release_index(c.id).and_then(|i| out.get_mut(i)) else {
                continue;
            };
            let tag = c.tags.first().and_then(|&t| project.codebook.get(t));
            match (&slot, tag) {
                (None, Some(t)) => *slot = Some(rgb(t.colour)),
                (Some(prev), Some(t)) if *prev == UNTAGGED_CLAIM => *slot = Some(rgb(t.colour)),
                (None, None) => *slot = Some(UNTAGGED_CLAIM),
                _ => {}
            }
        }
        out
    }

    /// Lanes by tag, as `crate::timeline::lanes` makes them (tags by name, then the
    /// untagged lane), taken from the whole archive's timeline: one id lookup per claim
    /// and one pass over the timeline, no sort of the archive, so the frame after a claim
    /// edit stays short.
    fn tag_lanes(&self, project: &Project) -> Vec<LaneRow> {
        let mut tagged = vec![false; self.slot.len()];
        let mut by_tag: std::collections::BTreeMap<crate::project::TagId, Vec<usize>> =
            std::collections::BTreeMap::new();
        for c in project.claims.values() {
            let Some(i) = self.release_index(c.id) else {
                continue;
            };
            if c.tags.is_empty() {
                continue;
            }
            if let Some(t) = tagged.get_mut(i) {
                *t = true;
            }
            for tag in &c.tags {
                by_tag.entry(*tag).or_default().push(i);
            }
        }
        let is_tagged = |i: usize| tagged.get(i).copied().unwrap_or(false);
        let mut rows: Vec<(String, crate::project::TagId, LaneRow)> = by_tag
            .into_iter()
            .map(|(tag, mut items)| {
                items.sort_unstable();
                items.dedup();
                let mut timeline = Timeline::default();
                for i in items {
                    let placed = self
                        .slot
                        .get(i)
                        .and_then(|&k| self.timeline.placed.get(k as usize));
                    match placed {
                        Some(p) => timeline.placed.push(*p),
                        None => timeline.undated.push(i),
                    }
                }
                timeline.placed.sort_unstable();
                let found = project.codebook.get(tag);
                let name = found.map_or_else(|| format!("tag {}", tag.0), |t| t.name.clone());
                let row = LaneRow {
                    name: name.clone(),
                    colour: found.map(|t| rgb(t.colour)),
                    timeline,
                };
                (name, tag, row)
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<LaneRow> = rows.into_iter().map(|(_, _, row)| row).collect();
        let untagged = Timeline {
            placed: self
                .timeline
                .placed
                .iter()
                .filter(|p| !is_tagged(p.release))
                .copied()
                .collect(),
            undated: self
                .timeline
                .undated
                .iter()
                .copied()
                .filter(|&i| !is_tagged(i))
                .collect(),
        };
        if !untagged.placed.is_empty() || !untagged.undated.is_empty() {
            out.push(LaneRow {
                name: crate::timeline::UNTAGGED.to_owned(),
                colour: None,
                timeline: untagged,
            });
        }
        out
    }
}

pub(super) fn rgb(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Anchor, ArchiveRef, Edit, TagId};

    fn sample() -> Archive {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/home-office-may-2023.txt");
        Archive::load(&[path]).unwrap()
    }

    /// The lanes by tag and the colours are what the core and a fresh state make.
    fn check(state: &TimelineState, archive: &Archive, project: &Project, history: &History) {
        let want = lanes(archive, project, LaneBy::Tag);
        assert_eq!(state.lanes.len(), want.len());
        for (got, want) in state.lanes.iter().zip(&want) {
            assert_eq!(got.name, want.name);
            assert_eq!(
                got.timeline,
                Timeline::from_releases(archive, want.items.clone())
            );
        }
        let mut fresh = TimelineState::default();
        fresh.rebuild(archive);
        fresh.update(archive, project, history, Some(LaneBy::Tag));
        assert_eq!(state.colours, fresh.colours);
        let names = |s: &TimelineState| -> Vec<(String, Option<Color32>)> {
            s.lanes.iter().map(|l| (l.name.clone(), l.colour)).collect()
        };
        assert_eq!(names(state), names(&fresh));
    }

    /// The quick lanes by tag are the lanes the core makes, release for release.
    #[test]
    fn tag_lanes_match_the_core() {
        let archive = sample();
        let mut project = Project::new(ArchiveRef::default(), "ana");
        let mut history = History::new();
        let tags: Vec<TagId> = project.codebook.tags().iter().map(|t| t.id).collect();
        // Claims in a few releases: one tag, two tags, and none (untagged).
        for (k, r) in archive.releases.iter().enumerate().step_by(2) {
            let anchor = Anchor::from_range(&r.text, 0, 4.min(r.text.len()));
            let claim_tags = match k % 3 {
                0 => vec![tags[k % tags.len()], tags[(k + 1) % tags.len()]],
                1 => vec![tags[k % tags.len()]],
                _ => Vec::new(),
            };
            let claim = project.new_claim(&r.id, anchor, claim_tags, 0);
            history.apply(&mut project, Edit::AddClaim(claim)).unwrap();
        }
        let mut state = TimelineState::default();
        state.rebuild(&archive);
        state.update(&archive, &project, &history, Some(LaneBy::Tag));
        assert!(state.lanes.len() >= 3);
        check(&state, &archive, &project, &history);
    }

    /// After each edit (through the history) the state follows only the claims edited, and
    /// ends where a state built afresh from every claim would be.
    #[test]
    fn edits_update_the_lanes_and_colours_as_a_rebuild_would() {
        let archive = sample();
        let mut project = Project::new(ArchiveRef::default(), "ana");
        let mut history = History::new();
        let tags: Vec<TagId> = project.codebook.tags().iter().map(|t| t.id).collect();
        let claim_in = |project: &Project, r: usize, tags: Vec<TagId>| {
            let r = &archive.releases[r];
            project.new_claim(&r.id, Anchor::from_range(&r.text, 0, 4), tags, 0)
        };
        let mut state = TimelineState::default();
        state.rebuild(&archive);
        let mut step = |project: &Project, history: &History| {
            state.update(&archive, project, history, Some(LaneBy::Tag));
            check(&state, &archive, project, history);
        };
        let first = claim_in(&project, 0, vec![tags[0]]);
        let first_id = first.id;
        history.apply(&mut project, Edit::AddClaim(first)).unwrap();
        step(&project, &history);
        let second = claim_in(&project, 1, vec![]);
        history.apply(&mut project, Edit::AddClaim(second)).unwrap();
        step(&project, &history);
        // Retag: the release moves from one lane to two.
        let mut retagged = project.claims[&first_id].clone();
        retagged.tags = vec![tags[1], tags[2]];
        history
            .apply(&mut project, Edit::UpdateClaim(retagged))
            .unwrap();
        step(&project, &history);
        // Moved to another release (as re-anchoring may).
        let mut moved = project.claims[&first_id].clone();
        moved.release = archive.releases[2].id.clone();
        history
            .apply(&mut project, Edit::UpdateClaim(moved))
            .unwrap();
        step(&project, &history);
        history.undo(&mut project).unwrap();
        step(&project, &history);
        history.redo(&mut project).unwrap();
        step(&project, &history);
        // Two edits between frames.
        history
            .apply(&mut project, Edit::RemoveClaim(first_id))
            .unwrap();
        let third = claim_in(&project, 3, vec![tags[0]]);
        history.apply(&mut project, Edit::AddClaim(third)).unwrap();
        step(&project, &history);
        // A tag's colour: every claim's release is looked up again.
        let mut tag = project.codebook.tags()[0].clone();
        tag.colour = [9, 9, 9];
        history.apply(&mut project, Edit::UpdateTag(tag)).unwrap();
        step(&project, &history);
    }
}
