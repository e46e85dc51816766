//! The claims of each release, by release id, kept up to date from the history's revision:
//! a frame that shows a release hashes its id once instead of comparing it with every
//! claim's (10,000 string compares per panel per frame at archive scale).

use std::collections::{BTreeSet, HashMap};

use super::{Claim, ClaimId, History, Project};
use crate::search::FxBuild;

#[derive(Debug, Default)]
pub struct ClaimsByRelease {
    /// The history's revision the index is of; `None` before it is first built.
    at: Option<u64>,
    /// Release id to the ids of its claims.
    of: HashMap<String, BTreeSet<ClaimId>, FxBuild>,
    /// Claim to the release id it is filed under in `of`.
    release_of: HashMap<ClaimId, String, FxBuild>,
}

impl ClaimsByRelease {
    /// Brings the index to the history's revision: only the claims changed since, when the
    /// history can say which (see [`History::claims_changed_since`]); else every claim.
    pub fn refresh(&mut self, project: &Project, history: &History) {
        let revision = history.revision();
        if self.at == Some(revision) {
            return;
        }
        match self.at.and_then(|at| history.claims_changed_since(at)) {
            Some(ids) => {
                for id in ids {
                    self.remove(id);
                    if let Some(claim) = project.claims.get(&id) {
                        self.insert(claim);
                    }
                }
            }
            None => {
                self.of.clear();
                self.release_of.clear();
                for claim in project.claims.values() {
                    self.insert(claim);
                }
            }
        }
        self.at = Some(revision);
    }

    /// The claims of one release, sorted by position then id (as
    /// [`Project::claims_in_release`]). Call [`ClaimsByRelease::refresh`] first.
    pub fn claims_in<'p>(&self, project: &'p Project, release: &str) -> Vec<&'p Claim> {
        let mut out: Vec<&Claim> = self
            .of
            .get(release)
            .into_iter()
            .flatten()
            .filter_map(|id| project.claims.get(id))
            .collect();
        out.sort_by_key(|c| (c.anchor.start, c.anchor.end, c.id));
        out
    }

    fn insert(&mut self, claim: &Claim) {
        self.of
            .entry(claim.release.clone())
            .or_default()
            .insert(claim.id);
        self.release_of.insert(claim.id, claim.release.clone());
    }

    fn remove(&mut self, id: ClaimId) {
        let Some(release) = self.release_of.remove(&id) else {
            return;
        };
        if let Some(ids) = self.of.get_mut(&release) {
            ids.remove(&id);
            if ids.is_empty() {
                self.of.remove(&release);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Edit, TagId};
    use crate::test_support::sample;

    /// After each edit, undo and redo, every release's claims are what a scan of every
    /// claim finds.
    #[test]
    fn follows_edits_as_a_scan_would() {
        let archive = sample();
        let mut project = Project::new(Default::default(), "ana");
        let mut history = History::new();
        let mut index = ClaimsByRelease::default();
        let tag = project.codebook.tags()[0].id;
        let check = |index: &mut ClaimsByRelease, project: &Project, history: &History| {
            index.refresh(project, history);
            for r in &archive.releases {
                assert_eq!(
                    index.claims_in(project, &r.id),
                    project.claims_in_release(&r.id),
                    "{}",
                    r.id
                );
            }
        };
        let claim_in = |project: &Project, r: usize, at: usize| {
            let r = &archive.releases[r];
            let anchor = crate::project::Anchor::from_range(&r.text, at, at + 4);
            project.new_claim(&r.id, anchor, vec![tag], 0)
        };
        let mut ids = Vec::new();
        for (r, at) in [(0, 8), (0, 0), (1, 0), (2, 4)] {
            let c = claim_in(&project, r, at);
            ids.push(c.id);
            history.apply(&mut project, Edit::AddClaim(c)).unwrap();
            check(&mut index, &project, &history);
        }
        // Moved to another release, untagged, removed; undone and redone.
        let mut moved = project.claims[&ids[1]].clone();
        moved.release = archive.releases[3].id.clone();
        moved.tags = Vec::<TagId>::new();
        history
            .apply(&mut project, Edit::UpdateClaim(moved))
            .unwrap();
        check(&mut index, &project, &history);
        history
            .apply(&mut project, Edit::RemoveClaim(ids[2]))
            .unwrap();
        check(&mut index, &project, &history);
        history.undo(&mut project).unwrap();
        history.undo(&mut project).unwrap();
        check(&mut index, &project, &history);
        history.redo(&mut project).unwrap();
        check(&mut index, &project, &history);
        // Changed outside the history (a merge): every claim is looked at again.
        project.claims.remove(&ids[0]);
        history.touch();
        check(&mut index, &project, &history);
    }
}
