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

    /// Saves to `path` (atomically), pointing the project at `archive_path`, here and now
    /// (the window saves through `begin_save`, on a task).
    pub fn save(
        &mut self,
        path: &Path,
        archive_path: Option<&Path>,
        archive_sha: Option<&str>,
    ) -> Result<(), store::StoreError> {
        let job = self.begin_save(path, archive_path, archive_sha);
        let result = job.run();
        self.end_save(&result);
        result.map(|_| ())
    }

    /// Takes what a save to `path` writes: a snapshot of the project as it is now. Edits
    /// made before `end_save` stay unsaved.
    pub fn begin_save(
        &mut self,
        path: &Path,
        archive_path: Option<&Path>,
        archive_sha: Option<&str>,
    ) -> SaveJob {
        self.history.begin_save();
        // Saving where it was opened: only over the file as it was then.
        let since = self
            .disk_stamp
            .clone()
            .filter(|_| self.path.as_deref() == Some(path));
        SaveJob {
            project: self.project.clone(),
            path: path.to_owned(),
            archive_path: archive_path.map(Path::to_owned),
            archive_sha: archive_sha.map(str::to_owned),
            since,
        }
    }

    /// Takes in how a save begun with `begin_save` went.
    pub fn end_save(&mut self, result: &Result<Saved, store::StoreError>) {
        match result {
            Ok(saved) => {
                if let Some(reference) = &saved.archive {
                    self.project.archive = reference.clone();
                }
                self.disk_stamp = Some(saved.stamp.clone());
                self.path = Some(saved.path.clone());
                self.history.end_save(true);
            }
            Err(_) => self.history.end_save(false),
        }
    }

    pub fn file_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "untitled project".to_owned())
    }
}

/// A save's snapshot and where it goes; `run` writes it, on any thread.
pub struct SaveJob {
    project: Project,
    path: PathBuf,
    archive_path: Option<PathBuf>,
    archive_sha: Option<String>,
    since: Option<store::Stamp>,
}

/// What a save wrote.
pub struct Saved {
    pub path: PathBuf,
    /// The archive reference written, when the save pointed the project at its archive.
    pub archive: Option<ArchiveRef>,
    pub stamp: store::Stamp,
}

impl SaveJob {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the snapshot (hashing the archive first if its checksum is not known yet), and
    /// syncs it to disk.
    pub fn run(mut self) -> Result<Saved, store::StoreError> {
        let archive = match &self.archive_path {
            Some(a) => Some(match &self.archive_sha {
                Some(sha) => ArchiveRef {
                    path: store::relative_to_project(&self.path, a),
                    sha256: sha.clone(),
                },
                None => ArchiveRef::for_file(&self.path, a)?,
            }),
            None => None,
        };
        if let Some(reference) = &archive {
            self.project.archive = reference.clone();
        }
        let stamp = store::save_checked(&self.project, &self.path, self.since.as_ref())?;
        Ok(Saved {
            path: self.path,
            archive,
            stamp,
        })
    }
}
