//! A save's snapshot, written on any thread (the window writes it on a background task).

use std::path::{Path, PathBuf};

use super::{store, ArchiveRef, Project};

/// A save's snapshot and where it goes; `run` writes it.
pub struct SaveJob {
    project: Project,
    path: PathBuf,
    /// The archive's files or folders, to point the project at (empty: leave it as it is).
    archive_paths: Vec<PathBuf>,
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
    pub(super) fn new(
        project: Project,
        path: &Path,
        archive_paths: &[PathBuf],
        archive_sha: Option<&str>,
        since: Option<store::Stamp>,
    ) -> SaveJob {
        SaveJob {
            project,
            path: path.to_owned(),
            archive_paths: archive_paths.to_vec(),
            archive_sha: archive_sha.map(str::to_owned),
            since,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the snapshot (hashing the archive first if its checksum is not known yet), and
    /// syncs it to disk.
    pub fn run(mut self) -> Result<Saved, store::StoreError> {
        let archive = match (self.archive_paths.as_slice(), &self.archive_sha) {
            ([], _) => None,
            (all, Some(sha)) => Some(ArchiveRef::with_sha(&self.path, all, sha.clone())),
            (all, None) => Some(ArchiveRef::for_files(&self.path, all)?),
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
