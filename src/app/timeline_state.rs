//! What the timeline strip keeps between frames: the timeline, its scale and range, the
//! lanes, and per-release colours, rebuilt only when the archive, the lane choice or the
//! project's revision change.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use egui::Color32;

use crate::archive::Archive;
use crate::project::{ClaimId, History, Project, TagId};
use crate::search::FxBuild;
use crate::timeline::{lanes, LaneBy, Placed, Scale, Timeline};

/// One lane of the strip: its name, its tag and the tag's colour (lanes by tag) and its
/// releases.
pub struct LaneRow {
    pub name: String,
    /// The lane's tag (lanes by tag; `None` for the untagged lane and other lanes).
    pub tag: Option<TagId>,
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
    /// Release index by id, to colour releases with claims: made when a claim is first
    /// looked up (`None` until then), not when the archive arrives: 100,000 ids copied and
    /// hashed took 30-60 ms of the frame that shows a reopened archive, which needs them
    /// only if the project has claims.
    pub(super) index: Option<HashMap<String, usize, FxBuild>>,
    /// Per release: the colour of its claims (`None` without claims), and the project
    /// revision it was computed for.
    pub(super) colours: (u64, Vec<Option<Color32>>),
    /// The lanes shown, and what they were computed for (the choice and, by tag, the
    /// project revision): computed once, not every frame.
    pub(super) lanes: Vec<LaneRow>,
    pub(super) lanes_key: Option<(LaneBy, u64)>,
    /// Lanes by tag: per release index with a tagged claim, the tags of its claims (sorted,
    /// once each) as the lanes show them. After a claim edit only the lanes of the edited
    /// releases' tags change (a release in or out of a lane), not the whole strip.
    lane_tags: HashMap<usize, Vec<TagId>>,
    /// How many times the lanes by tag were built from every claim (tests check that an
    /// edit does not rebuild them).
    tag_lane_builds: u64,
    /// Per release, its place in `timeline.placed` (`u32::MAX` if undated): lanes by tag are
    /// picked out of the whole timeline rather than sorted again after each claim edit.
    slot: Vec<u32>,
    /// Per claim, its release's index (`None`: not in this archive), as of the revision
    /// `claims_at`: after an edit only the claims it touched are looked up by release id
    /// (100,000 ids hashed and compared per lookup cost more than the rest of a frame).
    release_of: HashMap<ClaimId, Option<usize>>,
    /// Per release index, its claims (by id), kept with `release_of`: after an edit only the
    /// releases whose claims changed get their colour and lanes again.
    claims_of: HashMap<usize, BTreeSet<ClaimId>>,
    claims_at: Option<u64>,
}

/// Drawn for a release whose claims have no tag.
pub(super) const UNTAGGED_CLAIM: Color32 = Color32::from_rgb(220, 120, 0);

impl TimelineState {
    pub fn rebuild(&mut self, archive: &Archive) {
        self.rebuild_with(archive, Timeline::new(archive));
    }

    /// As `rebuild`, with the archive's timeline already made (`Timeline::new(archive)`).
    pub fn rebuild_with(&mut self, archive: &Archive, timeline: Timeline) {
        self.timeline = timeline;
        self.scale = None;
        self.range = None;
        self.index = None;
        self.colours = (u64::MAX, Vec::new());
        self.lanes.clear();
        self.lanes_key = None;
        self.lane_tags.clear();
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
    /// ids; after a claim edit, only the edited claims' releases are looked up, recoloured
    /// and moved between lanes by tag.
    pub(super) fn update(
        &mut self,
        archive: &Archive,
        project: &Project,
        history: &History,
        by: Option<LaneBy>,
    ) {
        let revision = history.revision();
        let releases = archive.releases.len();
        let colours_stale = self.colours.0 != revision || self.colours.1.len() != releases;
        let key = by.map(|by| (by, if by == LaneBy::Tag { revision } else { 0 }));
        let lanes_stale = key != self.lanes_key;
        // Only the colours and the lanes by tag depend on the claims.
        let follows_claims = colours_stale || (lanes_stale && by == Some(LaneBy::Tag));
        if !follows_claims {
            if lanes_stale {
                self.lanes = self.other_lanes(archive, project, by);
                self.lanes_key = key;
            }
            return;
        }
        // The revision the claims were followed to before: colours and lanes built then
        // can take just the releases touched since.
        let since = self.claims_at;
        let touched = self.follow_claims(archive, project, history);
        let touched = touched.as_deref();
        if colours_stale {
            let colours = match touched {
                Some(touched)
                    if since == Some(self.colours.0) && self.colours.1.len() == releases =>
                {
                    let mut colours = std::mem::take(&mut self.colours.1);
                    for &r in touched {
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
        if lanes_stale {
            let built_at = match self.lanes_key {
                Some((LaneBy::Tag, at)) => Some(at),
                _ => None,
            };
            match (by, touched) {
                (Some(LaneBy::Tag), Some(touched)) if built_at.is_some() && built_at == since => {
                    self.move_in_tag_lanes(project, touched)
                }
                (Some(LaneBy::Tag), _) => self.lanes = self.tag_lanes(project),
                _ => self.lanes = self.other_lanes(archive, project, by),
            }
            self.lanes_key = key;
        }
    }

    /// Lanes by department, kind or section (none for one row): they do not depend on claims.
    fn other_lanes(
        &self,
        archive: &Archive,
        project: &Project,
        by: Option<LaneBy>,
    ) -> Vec<LaneRow> {
        let Some(by) = by else {
            return Vec::new();
        };
        lanes(archive, project, by)
            .into_iter()
            .map(|l| LaneRow {
                colour: None,
                tag: l.tag,
                timeline: Timeline::from_releases(archive, l.items),
                name: l.name,
            })
            .collect()
    }

    /// Brings `release_of` and `claims_of` to the history's revision: the claims changed
    /// since they were last brought up to date, or every claim when the history cannot say
    /// which changed. Returns the release indices whose claims changed since (none if
    /// nothing did), or `None` when every claim was looked up again.
    fn follow_claims(
        &mut self,
        archive: &Archive,
        project: &Project,
        history: &History,
    ) -> Option<Vec<usize>> {
        let revision = history.revision();
        if self.claims_at == Some(revision) {
            return Some(Vec::new());
        }
        let changed = self
            .claims_at
            .and_then(|at| history.claims_changed_since(at));
        if self.index.is_none() && !project.claims.is_empty() {
            self.index = Some(
                archive
                    .releases
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id.clone(), i))
                    .collect(),
            );
        }
        let index = &self.index;
        let find = |release: &str| index.as_ref()?.get(release).copied();
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
                            if set.is_empty() {
                                self.claims_of.remove(&b);
                            }
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

    /// The tags of release `r`'s claims, sorted, once each.
    fn tags_of_release(&self, project: &Project, r: usize) -> Vec<TagId> {
        let mut tags: Vec<TagId> = self
            .claims_of
            .get(&r)
            .into_iter()
            .flatten()
            .filter_map(|id| project.claims.get(id))
            .flat_map(|c| c.tags.iter().copied())
            .collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }

    /// Lanes by tag, as `crate::timeline::lanes` makes them (tags by name, then the
    /// untagged lane), taken from the whole archive's timeline: no id lookup and no sort
    /// of the archive. Built from every claim when the lanes are first shown or the history
    /// cannot say which claims changed; after a claim edit `move_in_tag_lanes` follows it.
    fn tag_lanes(&mut self, project: &Project) -> Vec<LaneRow> {
        self.tag_lane_builds += 1;
        let lane_tags: HashMap<usize, Vec<TagId>> = self
            .claims_of
            .keys()
            .map(|&r| (r, self.tags_of_release(project, r)))
            .filter(|(_, tags)| !tags.is_empty())
            .collect();
        let mut by_tag: BTreeMap<TagId, Vec<usize>> = BTreeMap::new();
        for (&r, tags) in &lane_tags {
            for &tag in tags {
                by_tag.entry(tag).or_default().push(r);
            }
        }
        let mut rows: Vec<LaneRow> = by_tag
            .into_iter()
            .map(|(tag, mut items)| {
                items.sort_unstable();
                let mut row = tag_row(project, tag);
                for i in items {
                    match self.placed(i) {
                        Some(p) => row.timeline.placed.push(p),
                        None => row.timeline.undated.push(i),
                    }
                }
                row.timeline.placed.sort_unstable();
                row
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.tag.cmp(&b.tag)));
        let is_tagged = |i: usize| lane_tags.contains_key(&i);
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
            rows.push(LaneRow {
                name: crate::timeline::UNTAGGED.to_owned(),
                tag: None,
                colour: None,
                timeline: untagged,
            });
        }
        self.lane_tags = lane_tags;
        rows
    }

    /// Lanes by tag after a claim edit: each touched release leaves the lanes of tags its
    /// claims no longer have and joins those of tags they now have (and the untagged lane
    /// when it has none). A lane left empty goes; a tag's first release makes its lane.
    fn move_in_tag_lanes(&mut self, project: &Project, touched: &[usize]) {
        for &r in touched {
            let now = self.tags_of_release(project, r);
            let before = self.lane_tags.remove(&r).unwrap_or_default();
            let place = self.placed(r);
            for &tag in before.iter().filter(|t| !now.contains(t)) {
                lane_remove(&mut self.lanes, Some(tag), r, place);
            }
            for &tag in now.iter().filter(|t| !before.contains(t)) {
                lane_insert(&mut self.lanes, project, Some(tag), r, place);
            }
            match (before.is_empty(), now.is_empty()) {
                (true, false) => lane_remove(&mut self.lanes, None, r, place),
                (false, true) => lane_insert(&mut self.lanes, project, None, r, place),
                _ => {}
            }
            if !now.is_empty() {
                self.lane_tags.insert(r, now);
            }
        }
    }

    /// Release `r` as placed on the whole timeline (`None` if undated).
    fn placed(&self, r: usize) -> Option<Placed> {
        self.slot
            .get(r)
            .and_then(|&k| self.timeline.placed.get(k as usize))
            .copied()
    }
}

/// An empty lane for `tag`, named and coloured from the codebook.
fn tag_row(project: &Project, tag: TagId) -> LaneRow {
    let found = project.codebook.get(tag);
    LaneRow {
        name: found.map_or_else(|| format!("tag {}", tag.0), |t| t.name.clone()),
        tag: Some(tag),
        colour: found.map(|t| rgb(t.colour)),
        timeline: Timeline::default(),
    }
}

/// Takes release `r` (at `place` on the timeline, `None` if undated) out of the lane of
/// `tag` (`None`: the untagged lane), and the lane away if that empties it.
fn lane_remove(rows: &mut Vec<LaneRow>, tag: Option<TagId>, r: usize, place: Option<Placed>) {
    let Some(k) = rows.iter().position(|row| row.tag == tag) else {
        return;
    };
    let Some(row) = rows.get_mut(k) else {
        return;
    };
    let t = &mut row.timeline;
    match place {
        Some(p) => {
            if let Ok(at) = t.placed.binary_search(&p) {
                t.placed.remove(at);
            }
        }
        None => {
            if let Ok(at) = t.undated.binary_search(&r) {
                t.undated.remove(at);
            }
        }
    }
    if t.placed.is_empty() && t.undated.is_empty() {
        rows.remove(k);
    }
}

/// Puts release `r` into the lane of `tag` (`None`: the untagged lane) in date order,
/// making the lane where lanes by tag sort it (by name, then tag; untagged last) if new.
fn lane_insert(
    rows: &mut Vec<LaneRow>,
    project: &Project,
    tag: Option<TagId>,
    r: usize,
    place: Option<Placed>,
) {
    let k = match rows.iter().position(|row| row.tag == tag) {
        Some(k) => k,
        None => {
            let row = match tag {
                Some(tag) => tag_row(project, tag),
                None => LaneRow {
                    name: crate::timeline::UNTAGGED.to_owned(),
                    tag: None,
                    colour: None,
                    timeline: Timeline::default(),
                },
            };
            let k = rows
                .iter()
                .position(|other| {
                    tag.is_some()
                        && (other.tag.is_none()
                            || (other.name.as_str(), other.tag) > (row.name.as_str(), row.tag))
                })
                .unwrap_or(rows.len());
            rows.insert(k, row);
            k
        }
    };
    let Some(row) = rows.get_mut(k) else {
        return;
    };
    let t = &mut row.timeline;
    match place {
        Some(p) => {
            if let Err(at) = t.placed.binary_search(&p) {
                t.placed.insert(at, p);
            }
        }
        None => {
            if let Err(at) = t.undated.binary_search(&r) {
                t.undated.insert(at, r);
            }
        }
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
            assert_eq!(got.tag, want.tag);
            assert_eq!(
                got.timeline,
                Timeline::from_releases(archive, want.items.clone())
            );
        }
        let mut fresh = TimelineState::default();
        fresh.rebuild(archive);
        fresh.update(archive, project, history, Some(LaneBy::Tag));
        assert_eq!(state.colours, fresh.colours);
        let names = |s: &TimelineState| -> Vec<(String, Option<TagId>, Option<Color32>)> {
            s.lanes
                .iter()
                .map(|l| (l.name.clone(), l.tag, l.colour))
                .collect()
        };
        assert_eq!(names(state), names(&fresh));
        assert_eq!(state.lane_tags, fresh.lane_tags);
    }

    /// Without claims a newly opened archive's ids are not copied into a lookup table
    /// (it cost 30-60 ms of the frame that shows a reopened 100,000-release archive); the
    /// first claim made then makes it, and colours and lanes follow the claims as before.
    #[test]
    fn ids_are_looked_up_only_once_there_are_claims() {
        let archive = sample();
        let mut project = Project::new(ArchiveRef::default(), "ana");
        let mut history = History::new();
        let mut state = TimelineState::default();
        state.rebuild(&archive);
        state.update(&archive, &project, &history, Some(LaneBy::Tag));
        assert!(state.index.is_none(), "no claims: no ids copied");
        assert!(state.colours.1.iter().all(Option::is_none));
        check(&state, &archive, &project, &history);
        let tag = project.codebook.tags()[0].id;
        let r = &archive.releases[3];
        let claim = project.new_claim(&r.id, Anchor::from_range(&r.text, 0, 4), vec![tag], 0);
        history.apply(&mut project, Edit::AddClaim(claim)).unwrap();
        state.update(&archive, &project, &history, Some(LaneBy::Tag));
        assert!(state.index.is_some());
        assert!(
            state.colour_of(3).is_some(),
            "the claim's release is coloured"
        );
        check(&state, &archive, &project, &history);
        // Another archive: the table waits for a claim in it again.
        state.rebuild(&archive);
        assert!(state.index.is_none());
        state.update(&archive, &project, &history, Some(LaneBy::Tag));
        assert!(state.colour_of(3).is_some());
        check(&state, &archive, &project, &history);
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

    /// The sample and the archive of variants, some of whose releases have no date:
    /// releases on the strip and releases counted apart.
    fn dated_and_undated() -> Archive {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = [
            root.join("assets/home-office-may-2023.txt"),
            root.join("tests/fixtures/archives/variants.txt"),
        ];
        Archive::load(&paths).unwrap()
    }

    /// Lanes by tag after a series of real edits (tag, untag, delete a claim, undo, redo)
    /// are the lanes a full rebuild makes, and no edit rebuilt them from every claim: each
    /// moved only the edited release between lanes.
    #[test]
    fn lanes_by_tag_follow_tag_untag_delete_undo_and_redo() {
        let archive = dated_and_undated();
        let undated = Timeline::new(&archive).undated;
        assert!(!undated.is_empty(), "some variants have no date");
        let mut project = Project::new(ArchiveRef::default(), "ana");
        let mut history = History::new();
        let tags: Vec<TagId> = project.codebook.tags().iter().map(|t| t.id).collect();
        let claim_in = |project: &Project, r: usize, at: usize, tags: Vec<TagId>| {
            let r = &archive.releases[r];
            let mut end = (at + 6).min(r.text.len());
            while !r.text.is_char_boundary(end) {
                end -= 1;
            }
            project.new_claim(&r.id, Anchor::from_range(&r.text, at, end), tags, 0)
        };
        let mut state = TimelineState::default();
        state.rebuild(&archive);
        state.update(&archive, &project, &history, Some(LaneBy::Tag));
        let mut step = |project: &Project, history: &History| {
            state.update(&archive, project, history, Some(LaneBy::Tag));
            check(&state, &archive, project, history);
            assert_eq!(state.tag_lane_builds, 1, "an edit rebuilt the lanes");
        };
        let retag = |project: &Project, id: ClaimId, tags: Vec<TagId>| {
            let mut claim = project.claims[&id].clone();
            claim.tags = tags;
            Edit::UpdateClaim(claim)
        };
        // Two claims in one release, one in an undated release, one in another release.
        let mut ids = Vec::new();
        for (r, at, claim_tags) in [
            (0, 0, vec![tags[0]]),
            (0, 10, vec![]),
            (undated[0], 0, vec![tags[1]]),
            (1, 0, vec![tags[0], tags[3]]),
        ] {
            let claim = claim_in(&project, r, at, claim_tags);
            ids.push(claim.id);
            history.apply(&mut project, Edit::AddClaim(claim)).unwrap();
            step(&project, &history);
        }
        let [a, b, c, d] = ids[..] else {
            unreachable!()
        };
        // Tag: the untagged claim gains a tag no release had (a new lane).
        let edit = retag(&project, b, vec![tags[2]]);
        history.apply(&mut project, edit).unwrap();
        step(&project, &history);
        // Untag: the release leaves the first tag's lane but keeps the other's.
        let edit = retag(&project, a, vec![]);
        history.apply(&mut project, edit).unwrap();
        step(&project, &history);
        // Untag its last tag: back to the untagged lane, with claims; a lane empties.
        let edit = retag(&project, b, vec![]);
        history.apply(&mut project, edit).unwrap();
        step(&project, &history);
        // Delete the undated release's claim: it goes back to the untagged lane.
        history.apply(&mut project, Edit::RemoveClaim(c)).unwrap();
        step(&project, &history);
        // Undo the three, redo two; then a batch of two edits between frames.
        for _ in 0..3 {
            history.undo(&mut project).unwrap();
            step(&project, &history);
        }
        for _ in 0..2 {
            history.redo(&mut project).unwrap();
            step(&project, &history);
        }
        history.apply(&mut project, Edit::RemoveClaim(d)).unwrap();
        let edit = retag(&project, a, vec![tags[3], tags[1]]);
        history.apply(&mut project, edit).unwrap();
        step(&project, &history);
    }
}
