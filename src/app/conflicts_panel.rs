//! The merge conflicts kept in the open project (by `pressmark merge3`, git's merge driver or
//! Merge with mine): listed at the top of the window until each is settled.

use super::command::AppCommand;
use super::pressmark_app::PressmarkApp;
use crate::project::{Conflict, Edit};

/// What the user chose for conflict `n`.
enum Settle {
    /// The project's version stays; the entry goes.
    KeepCurrent(usize),
    /// The other version replaces it (through an undoable edit); the entry goes.
    UseOther(usize),
}

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    if app.doc.project.conflicts.is_empty() {
        return;
    }
    let mut choice = None;
    egui::Panel::top("merge-conflicts").show(ui, |ui| {
        ui.label(format!(
            "Merge conflicts: {} (both versions are kept in the project file)",
            app.doc.project.conflicts.len()
        ));
        for (n, c) in app.doc.project.conflicts.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                ui.label(c.describe());
                if ui.button("Keep current version").clicked() {
                    choice = Some(Settle::KeepCurrent(n));
                }
                if other_version(app, c).is_some() && ui.button("Use the other version").clicked() {
                    choice = Some(Settle::UseOther(n));
                }
            });
        }
    });
    let Some(choice) = choice else {
        return;
    };
    let n = match choice {
        Settle::KeepCurrent(n) => n,
        Settle::UseOther(n) => {
            let edit = app
                .doc
                .project
                .conflicts
                .get(n)
                .and_then(|c| other_version(app, c));
            if let Some(edit) = edit {
                app.commands.push(AppCommand::Edit(edit));
            }
            n
        }
    };
    if n < app.doc.project.conflicts.len() {
        app.doc.project.conflicts.remove(n);
        // The list is part of the file: settling one is a change to save.
        app.doc.history.mark_unsaved();
    }
}

/// The edit that puts a conflict's other version (the one not in the project now) in place,
/// if there is one to put (a deletion is done by deleting, then Keep current version).
fn other_version(app: &PressmarkApp, c: &Conflict) -> Option<Edit> {
    let project = &app.doc.project;
    match c {
        Conflict::Claim { id, ours, theirs } => {
            let current = project.claim(*id);
            let other = [ours, theirs]
                .into_iter()
                .flatten()
                .find(|v| Some(*v) != current)?;
            // Its tags must all still be in the codebook.
            if other
                .tags
                .iter()
                .any(|t| project.codebook.get(*t).is_none())
            {
                return None;
            }
            Some(match current {
                Some(_) => Edit::UpdateClaim(other.clone()),
                None => Edit::AddClaim(other.clone()),
            })
        }
        Conflict::Tag { id, ours, theirs } => {
            let current = project.codebook.get(*id);
            let other = [ours, theirs]
                .into_iter()
                .flatten()
                .find(|v| Some(*v) != current)?;
            Some(match current {
                Some(_) => Edit::UpdateTag(other.clone()),
                None => Edit::AddTag(other.clone()),
            })
        }
        Conflict::ReleaseNote {
            release,
            ours,
            theirs,
        } => {
            let current = project.release_notes.get(release);
            let other = [ours, theirs]
                .into_iter()
                .flatten()
                .find(|v| Some(*v) != current)?;
            Some(Edit::SetReleaseNote {
                release: release.clone(),
                note: other.clone(),
            })
        }
    }
}
