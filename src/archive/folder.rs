//! The paths a user opens (files and folders) as the list of files to read: folders are
//! walked recursively in name order (so the order, and the ids that depend on it, do not
//! depend on where the folder is or on the order the file system lists it), files that are
//! plainly not archives are set aside by name, and symbolic-link loops are reported.

use std::path::{Path, PathBuf};

use super::error::ArchiveError;
use super::formats::skip_by_name;

/// A file to read, and whether it was found in a folder (a file found in a folder that
/// cannot be read is a warning, not an error).
#[derive(Debug, Clone)]
pub(crate) struct Input {
    pub path: PathBuf,
    pub in_folder: Option<usize>,
}

/// A folder the user opened, and what was set aside in it.
#[derive(Debug, Default)]
pub(crate) struct Folder {
    pub path: PathBuf,
    /// Files skipped as not archives: (what they are, how many).
    pub skipped: Vec<(&'static str, usize)>,
    /// Problems walking it (unreadable folders, symbolic-link loops).
    pub problems: Vec<String>,
}

impl Folder {
    pub fn skip(&mut self, what: &'static str) {
        match self.skipped.iter_mut().find(|(w, _)| *w == what) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((what, 1)),
        }
    }

    /// "14 files that are not archives were skipped (12 images, 2 spreadsheets)".
    pub fn skipped_note(&self) -> Option<String> {
        let total: usize = self.skipped.iter().map(|(_, n)| n).sum();
        if total == 0 {
            return None;
        }
        let mut parts: Vec<String> = self
            .skipped
            .iter()
            .map(|(what, n)| format!("{n} × {what}"))
            .collect();
        parts.sort();
        Some(format!(
            "{}: {total} file{} that {} not archives skipped ({})",
            self.path.display(),
            if total == 1 { "" } else { "s" },
            if total == 1 { "is" } else { "are" },
            parts.join(", ")
        ))
    }
}

/// The files to read for `paths`, and the folders among them.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<(Vec<Input>, Vec<Folder>), ArchiveError> {
    let mut inputs = Vec::new();
    let mut folders: Vec<Folder> = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| ArchiveError::io(path.clone(), e))?;
        if !meta.is_dir() {
            inputs.push(Input {
                path: path.clone(),
                in_folder: None,
            });
            continue;
        }
        let index = folders.len();
        let mut folder = Folder {
            path: path.clone(),
            ..Folder::default()
        };
        walk(path, index, &mut folder, &mut inputs);
        folders.push(folder);
    }
    Ok((inputs, folders))
}

fn walk(root: &Path, index: usize, folder: &mut Folder, inputs: &mut Vec<Input>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let what = if e.loop_ancestor().is_some() {
                    "a symbolic link that loops back to a folder above it was not followed"
                } else {
                    "could not be read"
                };
                let at = e.path().unwrap_or(root).display().to_string();
                folder.problems.push(format!("{at}: {what}"));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(what) = skip_by_name(entry.path()) {
            folder.skip(what);
            continue;
        }
        inputs.push(Input {
            path: entry.into_path(),
            in_folder: Some(index),
        });
    }
}

/// Dot files (".DS_Store", ".git") are not part of an archive.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}
