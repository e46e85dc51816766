//! Undo and redo, whether the project differs from the saved file, and a revision number
//! that tells caches built from the project when to rebuild.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{ClaimId, Edit, EditError, Project};

/// Revisions are drawn from one counter for the whole process, so a new history (another
/// project opened) never repeats a number a cache has already seen.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// Inverse edits to undo and edits to redo. Each step costs the size of its edit, never a
/// copy of the project.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// `undo.len()` when last saved; `None` if that state can no longer be reached.
    saved_at: Option<usize>,
    /// Changes with every apply, undo and redo (and `touch`): caches key on it instead of
    /// hashing the project.
    revision: u64,
    /// `undo.len()` when a save still under way took its snapshot; `None` once that state
    /// can no longer be reached (as `saved_at`).
    saving_at: Option<usize>,
    /// The latest steps (oldest first): which claims each touched, so a cache can update
    /// only those (see `claims_changed_since`).
    steps: Vec<Step>,
}

/// One change of revision, from `before` to the next step's (or the current revision),
/// touching `claims` (`None`: more than claims changed, such as a tag's colour, or a change
/// made outside the history).
#[derive(Debug, Clone)]
struct Step {
    before: u64,
    claims: Option<Vec<ClaimId>>,
}

/// Steps remembered for `claims_changed_since`; a cache further behind rebuilds.
const STEPS_KEPT: usize = 64;

impl History {
    /// A history whose current state is the saved one.
    pub fn new() -> History {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            saved_at: Some(0),
            revision: next_revision(),
            saving_at: None,
            steps: Vec::new(),
        }
    }

    /// The project's revision: equal revisions mean an unchanged project.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Records a change made to the project outside the undo history (re-anchoring on
    /// open), so caches rebuild.
    pub fn touch(&mut self) {
        self.step(None);
    }

    /// The claims added, removed or changed since `revision` (each once, sorted), or `None`
    /// if that is not known: something other than claims changed since (tags, the archive),
    /// or `revision` is older than the steps kept. Lets a cache built at `revision` update
    /// the claims that changed instead of rebuilding from every claim.
    pub fn claims_changed_since(&self, revision: u64) -> Option<Vec<ClaimId>> {
        if revision == self.revision {
            return Some(Vec::new());
        }
        let from = self.steps.iter().position(|s| s.before == revision)?;
        let mut out = Vec::new();
        for step in &self.steps[from..] {
            out.extend(step.claims.as_ref()?);
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// A new revision, remembering what `claims` the step touched.
    fn step(&mut self, claims: Option<Vec<ClaimId>>) {
        let before = self.revision;
        self.revision = next_revision();
        if self.steps.len() >= STEPS_KEPT {
            self.steps.remove(0);
        }
        self.steps.push(Step { before, claims });
    }

    /// Applies `edit` as one undo step and clears the redo list. Empty edits are not kept.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        if edit.is_empty() {
            return Ok(());
        }
        let claims = edit.claims_touched();
        let inverse = edit.apply(project)?;
        if self.saved_at.is_some_and(|s| s > self.undo.len()) {
            self.saved_at = None;
        }
        if self.saving_at.is_some_and(|s| s > self.undo.len()) {
            self.saving_at = None;
        }
        self.undo.push(inverse);
        self.redo.clear();
        self.step(claims);
        Ok(())
    }

    /// Undoes the last step; `Ok(false)` if there was nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<bool, EditError> {
        let Some(edit) = self.undo.pop() else {
            return Ok(false);
        };
        let claims = edit.claims_touched();
        match edit.clone().apply(project) {
            Ok(inverse) => {
                self.redo.push(inverse);
                self.step(claims);
                Ok(true)
            }
            Err(e) => {
                self.undo.push(edit);
                Err(e)
            }
        }
    }

    /// Redoes the last undone step; `Ok(false)` if there was nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<bool, EditError> {
        let Some(edit) = self.redo.pop() else {
            return Ok(false);
        };
        let claims = edit.claims_touched();
        match edit.clone().apply(project) {
            Ok(inverse) => {
                self.undo.push(inverse);
                self.step(claims);
                Ok(true)
            }
            Err(e) => {
                self.redo.push(edit);
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// True if the project differs from the last save (or was never saved).
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.undo.len())
    }

    /// Call after a successful save.
    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.undo.len());
    }

    /// Forgets the save point (e.g. a project that was never saved).
    pub fn mark_unsaved(&mut self) {
        self.saved_at = None;
        // A change outside the history: a save under way does not hold it either.
        self.saving_at = None;
    }

    /// A save starts writing a snapshot of the project as it is now. Edits may follow while
    /// it writes; [`History::end_save`] then makes the snapshot's state the saved one, so
    /// those edits stay unsaved.
    pub fn begin_save(&mut self) {
        self.saving_at = Some(self.undo.len());
    }

    /// The save begun by [`History::begin_save`] ended; `written` says whether the file now
    /// holds the snapshot. A failed save leaves the save point where it was.
    pub fn end_save(&mut self, written: bool) {
        let at = self.saving_at.take();
        if written {
            self.saved_at = at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Anchor, ArchiveRef, TagId};

    #[test]
    fn dirty_follows_save_point() {
        let mut p = Project::new(ArchiveRef::default(), "me");
        let mut h = History::new();
        assert!(!h.is_dirty());
        let c = p.new_claim("r", Anchor::from_range("abc", 0, 1), vec![TagId(1)], 0);
        assert!(h.apply(&mut p, Edit::AddClaim(c)).is_ok());
        assert!(h.is_dirty());
        h.mark_saved();
        assert_eq!(h.undo(&mut p), Ok(true));
        assert!(h.is_dirty());
        assert_eq!(h.redo(&mut p), Ok(true));
        assert!(!h.is_dirty());
        assert_eq!(h.undo(&mut p), Ok(true));
        let c = p.new_claim("r", Anchor::from_range("abc", 1, 2), vec![TagId(1)], 0);
        assert!(h.apply(&mut p, Edit::AddClaim(c)).is_ok());
        assert!(h.is_dirty());
        assert_eq!(h.undo(&mut p), Ok(true));
        assert!(h.is_dirty());
        assert_eq!(h.redo(&mut p), Ok(true));
        assert_eq!(h.redo(&mut p), Ok(false));
        assert!(h.is_dirty());
    }

    #[test]
    fn edits_made_while_a_save_writes_stay_unsaved() {
        let mut p = Project::new(ArchiveRef::default(), "me");
        let mut h = History::new();
        let claim = |p: &Project, at: usize| {
            Edit::AddClaim(p.new_claim("r", Anchor::from_range("abcd", at, at + 1), vec![], 0))
        };
        let e = claim(&p, 0);
        assert!(h.apply(&mut p, e).is_ok());
        // Nothing more happens during the save: clean once written.
        h.begin_save();
        h.end_save(true);
        assert!(!h.is_dirty());
        // An edit while it writes: still dirty after; undoing it comes back to the save.
        let e = claim(&p, 1);
        assert!(h.apply(&mut p, e).is_ok());
        h.begin_save();
        let e = claim(&p, 2);
        assert!(h.apply(&mut p, e).is_ok());
        h.end_save(true);
        assert!(h.is_dirty());
        assert_eq!(h.undo(&mut p), Ok(true));
        assert!(!h.is_dirty());
        // Undo past the snapshot then a new edit: the saved state cannot be reached again.
        h.begin_save();
        assert_eq!(h.undo(&mut p), Ok(true));
        let e = claim(&p, 3);
        assert!(h.apply(&mut p, e).is_ok());
        h.end_save(true);
        assert!(h.is_dirty());
        assert_eq!(h.undo(&mut p), Ok(true));
        assert!(h.is_dirty());
        // A failed save keeps the old save point; a change outside the history during a
        // save is not held by it.
        let mut h = History::new();
        let e = claim(&p, 0);
        assert!(h.apply(&mut p, e).is_ok());
        h.begin_save();
        h.end_save(false);
        assert!(h.is_dirty());
        h.begin_save();
        h.mark_unsaved();
        h.end_save(true);
        assert!(h.is_dirty());
    }

    #[test]
    fn every_change_gives_a_new_revision() {
        let mut p = Project::new(ArchiveRef::default(), "me");
        let mut h = History::new();
        let mut seen = vec![h.revision(), History::new().revision()];
        let c = p.new_claim("r", Anchor::from_range("abc", 0, 1), vec![TagId(1)], 0);
        assert!(h.apply(&mut p, Edit::AddClaim(c)).is_ok());
        seen.push(h.revision());
        assert_eq!(h.undo(&mut p), Ok(true));
        seen.push(h.revision());
        assert_eq!(h.redo(&mut p), Ok(true));
        seen.push(h.revision());
        // Nothing to undo or redo, an empty edit, or a save: the project is as it was.
        let same = h.revision();
        assert_eq!(h.redo(&mut p), Ok(false));
        assert!(h.apply(&mut p, Edit::Batch(Vec::new())).is_ok());
        h.mark_saved();
        assert_eq!(h.revision(), same);
        h.touch();
        seen.push(h.revision());
        let n = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), n);
    }

    #[test]
    fn says_which_claims_changed_since_a_revision() {
        let mut p = Project::new(ArchiveRef::default(), "me");
        let mut h = History::new();
        let start = h.revision();
        let a = p.new_claim("r", Anchor::from_range("abc", 0, 1), vec![TagId(1)], 0);
        let b = p.new_claim("r", Anchor::from_range("abc", 1, 2), vec![TagId(1)], 0);
        let (ia, ib) = (a.id, b.id);
        assert!(h.apply(&mut p, Edit::AddClaim(a)).is_ok());
        let after_a = h.revision();
        assert!(h.apply(&mut p, Edit::AddClaim(b)).is_ok());
        assert_eq!(h.claims_changed_since(h.revision()), Some(Vec::new()));
        assert_eq!(h.claims_changed_since(after_a), Some(vec![ib]));
        let mut both = vec![ia, ib];
        both.sort_unstable();
        assert_eq!(h.claims_changed_since(start), Some(both.clone()));
        // Undo and redo touch the claim they take away and bring back.
        let before_undo = h.revision();
        assert_eq!(h.undo(&mut p), Ok(true));
        assert_eq!(h.claims_changed_since(before_undo), Some(vec![ib]));
        assert_eq!(h.redo(&mut p), Ok(true));
        assert_eq!(h.claims_changed_since(start), Some(both));
        // A tag's colour shows on every claim; a change outside the history is unknown; so
        // is a revision never seen.
        let tag = p.codebook.tags()[0].clone();
        let before_tag = h.revision();
        let mut recoloured = tag.clone();
        recoloured.colour = [1, 2, 3];
        assert!(h.apply(&mut p, Edit::UpdateTag(recoloured)).is_ok());
        assert_eq!(h.claims_changed_since(before_tag), None);
        let before_touch = h.revision();
        h.touch();
        assert_eq!(h.claims_changed_since(before_touch), None);
        assert_eq!(h.claims_changed_since(0), None);
    }
}
