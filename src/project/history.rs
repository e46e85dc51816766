//! Undo and redo, and whether the project differs from the saved file.

use super::{Edit, EditError, Project};

/// Inverse edits to undo and edits to redo. Each step costs the size of its edit, never a
/// copy of the project.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// `undo.len()` when last saved; `None` if that state can no longer be reached.
    saved_at: Option<usize>,
}

impl History {
    /// A history whose current state is the saved one.
    pub fn new() -> History {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            saved_at: Some(0),
        }
    }

    /// Applies `edit` as one undo step and clears the redo list. Empty edits are not kept.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        if edit.is_empty() {
            return Ok(());
        }
        let inverse = edit.apply(project)?;
        if self.saved_at.is_some_and(|s| s > self.undo.len()) {
            self.saved_at = None;
        }
        self.undo.push(inverse);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last step; `Ok(false)` if there was nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<bool, EditError> {
        let Some(edit) = self.undo.pop() else {
            return Ok(false);
        };
        match edit.clone().apply(project) {
            Ok(inverse) => {
                self.redo.push(inverse);
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
        match edit.clone().apply(project) {
            Ok(inverse) => {
                self.undo.push(inverse);
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
}
