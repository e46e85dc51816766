//! What the timeline strip keeps between frames: the timeline, its scale and range, the
//! lanes, and per-release colours, rebuilt only when the archive, the lane choice or the
//! claims change.

use std::collections::HashMap;

use egui::Color32;

use crate::archive::Archive;
use crate::project::Project;
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
    /// Per release: the colour of its claims (`None` without claims), and the fingerprint
    /// of the claims and codebook it was computed from.
    pub(super) colours: (u64, Vec<Option<Color32>>),
    /// The lanes shown, and what they were computed for (the choice and, by tag, the claims'
    /// fingerprint): computed once, not every frame.
    pub(super) lanes: Vec<LaneRow>,
    pub(super) lanes_key: Option<(LaneBy, u64)>,
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
    }

    /// The lanes shown (empty when the strip is one row).
    pub fn lanes(&self) -> &[LaneRow] {
        &self.lanes
    }

    /// The colour a release is drawn in: its claims' first tag's (`None` without claims).
    pub fn colour_of(&self, release: usize) -> Option<Color32> {
        self.colours.1.get(release).copied().flatten()
    }

    /// The fingerprint of the claims and codebook this frame, for other caches built from
    /// them (the strip is drawn first, so one walk of the claims per frame serves all).
    pub(super) fn claims_fingerprint(&self) -> u64 {
        self.colours.0
    }

    /// Brings the colours and lanes up to date. Recomputed only when the claims, the
    /// codebook or the lane choice change, so a frame does not look up 100,000 ids.
    pub(super) fn update(&mut self, archive: &Archive, project: &Project, by: Option<LaneBy>) {
        let fingerprint = claims_fingerprint(project);
        let releases = archive.releases.len();
        if self.colours.0 != fingerprint || self.colours.1.len() != releases {
            self.colours = (fingerprint, release_colours(project, &self.index, releases));
        }
        let key = by.map(|by| (by, if by == LaneBy::Tag { fingerprint } else { 0 }));
        if key != self.lanes_key {
            self.lanes = by.map_or_else(Vec::new, |by| {
                lanes(archive, project, by)
                    .into_iter()
                    .map(|l| LaneRow {
                        colour: l
                            .tag
                            .and_then(|t| project.codebook.get(t))
                            .map(|t| rgb(t.colour)),
                        timeline: Timeline::from_releases(archive, l.items),
                        name: l.name,
                    })
                    .collect()
            });
            self.lanes_key = key;
        }
    }
}

pub(super) fn rgb(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// A cheap fingerprint of the claims (ids, releases, quotes' places, tags, statuses) and the
/// codebook's colours, to know when caches built from them are stale.
fn claims_fingerprint(project: &Project) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |v: u64| h = (h ^ v).wrapping_mul(0x0100_0000_01b3);
    // The first and last 8 bytes of an id: cheaper than all of it, and ids are hashes.
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        for (d, s) in w.iter_mut().zip(b) {
            *d = *s;
        }
        u64::from_le_bytes(w)
    };
    mix(project.claims.len() as u64);
    for c in project.claims.values() {
        let id = c.release.as_bytes();
        mix(c.id.0);
        mix(id.len() as u64);
        mix(word(id));
        mix(word(id.get(id.len().saturating_sub(8)..).unwrap_or(&[])));
        // Where the quote is (its figure may change with it).
        mix(c.anchor.start as u64);
        mix(c.anchor.exact.len() as u64);
        for t in &c.tags {
            mix(u64::from(t.0));
        }
        // The status too: the release list's claim filters read it.
        mix(c.status as u64);
        mix(u64::MAX);
    }
    for t in project.codebook.tags() {
        mix(u64::from(t.id.0));
        mix(u64::from_le_bytes([
            t.colour[0],
            t.colour[1],
            t.colour[2],
            0,
            0,
            0,
            0,
            0,
        ]));
    }
    h
}

/// Per release: the colour of the first tag of its first claim with a tag (claims by id),
/// or `UNTAGGED_CLAIM` if none of its claims has a tag; `None` without claims.
fn release_colours(
    project: &Project,
    index: &HashMap<String, usize>,
    releases: usize,
) -> Vec<Option<Color32>> {
    let mut out = vec![None; releases];
    for c in project.claims.values() {
        let Some(slot) = index.get(&c.release).and_then(|&i| out.get_mut(i)) else {
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
