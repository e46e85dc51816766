//! The open project: the annotated document, its undo history and where it is saved.

use std::path::{Path, PathBuf};

use crate::archive::Archive;
use crate::project::{reanchor, store, ArchiveRef, Edit, History, Project};

pub struct Document {
    pub project: Project,
    pub history: History,
    /// Where the project is saved; `None` until the first Save As.
    pub path: Option<PathBuf>,
    /// What the file at `path` held when it was opened or last saved here: a save refuses
    /// to write over changes made since by another program or window.
    pub disk_stamp: Option<store::Stamp>,
    /// Claims that could not be placed in the archive as it is now.
    pub orphans: Vec<crate::project::ClaimId>,
    /// Set when a project was opened and its claims must be re-anchored once its archive loads.
    pub needs_reanchor: bool,
    /// Set when the user chose to re-point the project at an archive being loaded.
    pub repoint_to: Option<PathBuf>,
}

/// The author's name: the system user's, unless preferences say otherwise.
pub fn default_author() -> String {
    crate::project::default_author()
}

impl Document {
    pub fn new(author: &str) -> Document {
        Document {
            project: Project::new(ArchiveRef::default(), author),
            history: History::new(),
            path: None,
            disk_stamp: None,
            orphans: Vec::new(),
            needs_reanchor: false,
            repoint_to: None,
        }
    }

    /// A project read from elsewhere (a bundle), saved at `path`; re-anchored once its archive
    /// loads.
    pub fn from_project(project: Project, path: PathBuf) -> Document {
        Document {
            project,
            history: History::new(),
            path: Some(path),
            disk_stamp: None,
            orphans: Vec::new(),
            needs_reanchor: true,
            repoint_to: None,
        }
    }

    /// Opens a project file; the caller then loads `archive_path`.
    pub fn open(path: &Path) -> Result<(Document, PathBuf), store::StoreError> {
        let (project, stamp) = store::load_stamped(path)?;
        let archive_path = project.archive.resolve(path);
        Ok((
            Document {
                project,
                history: History::new(),
                path: Some(path.to_owned()),
                disk_stamp: Some(stamp),
                orphans: Vec::new(),
                needs_reanchor: true,
                repoint_to: None,
            },
            archive_path,
        ))
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    pub fn apply(&mut self, edit: Edit) -> Result<(), crate::project::EditError> {
        self.history.apply(&mut self.project, edit)
    }

    /// Re-anchors every claim against `archive` (a project just opened, its archive just
    /// loaded). Not the user's change, so not on the undo stack; the file is marked changed
    /// if claims moved, so that it learns their new places.
    pub fn reanchor(&mut self, archive: &Archive) -> Result<(), crate::project::EditError> {
        let result = reanchor(&self.project, archive);
        self.orphans = result.orphans();
        self.needs_reanchor = false;
        let edit = result.edit(&self.project);
        if edit.is_empty() {
            return Ok(());
        }
        edit.apply(&mut self.project)?;
        self.history.touch();
        self.history.mark_unsaved();
        Ok(())
    }

    /// Points the project at another archive (`archive_path`, loaded as `archive`) and
    /// re-anchors its claims there, as one undo step. Returns what the check found.
    pub fn repoint(
        &mut self,
        archive: &Archive,
        archive_path: &Path,
    ) -> Result<crate::project::Counts, crate::project::EditError> {
        let result = reanchor(&self.project, archive);
        let reference = ArchiveRef {
            path: match &self.path {
                Some(p) => store::relative_to_project(p, archive_path),
                None => archive_path.to_owned(),
            },
            // Unknown until hashed: the next save records it.
            sha256: String::new(),
            more: Vec::new(),
        };
        let edit = Edit::Batch(vec![
            Edit::SetArchive(reference),
            result.edit(&self.project),
        ]);
        self.history.apply(&mut self.project, edit)?;
        self.orphans = result.orphans();
        self.needs_reanchor = false;
        Ok(result.counts())
    }

    /// Saves to `path` (atomically), pointing the project at `archive_path`.
    pub fn save(
        &mut self,
        path: &Path,
        archive_path: Option<&Path>,
        archive_sha: Option<&str>,
    ) -> Result<(), store::StoreError> {
        if let Some(a) = archive_path {
            let reference = match archive_sha {
                Some(sha) => ArchiveRef {
                    path: store::relative_to_project(path, a),
                    sha256: sha.to_owned(),
                    more: Vec::new(),
                },
                None => ArchiveRef::for_file(path, a)?,
            };
            self.project.archive = reference;
        }
        // Saving where it was opened: only over the file as it was then.
        let since = self
            .disk_stamp
            .as_ref()
            .filter(|_| self.path.as_deref() == Some(path));
        self.disk_stamp = Some(store::save_checked(&self.project, path, since)?);
        self.path = Some(path.to_owned());
        self.history.mark_saved();
        Ok(())
    }

    pub fn file_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "untitled project".to_owned())
    }
}
