//! The merge conflicts kept in the open project (by `pressmark merge3`, git's merge driver or
//! Merge with mine): listed at the top of the window until each is settled.

use super::command::AppCommand;
use super::view::View;
use crate::project::{Conflict, Edit, Project};

/// The list of conflicts kept in the project, with a choice for each. It has no state of its
/// own: the list is the project's.
pub fn ui(ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
    let project = &view.doc.project;
    if project.conflicts.is_empty() {
        return;
    }
    egui::Panel::top("merge-conflicts").show(ui, |ui| {
        ui.label(format!(
            "Merge conflicts: {} (both versions are kept in the project file)",
            project.conflicts.len()
        ));
        for c in &project.conflicts {
            ui.horizontal_wrapped(|ui| {
                ui.label(c.describe());
                if ui.button("Keep current version").clicked() {
                    commands.push(AppCommand::SettleConflict(Box::new(c.clone())));
                }
                let other = other_version(project, c);
                if let Some(edit) = other {
                    if ui.button("Use the other version").clicked() {
                        // The other version through an undoable edit; then the entry goes.
                        commands.push(AppCommand::Edit(edit));
                        commands.push(AppCommand::SettleConflict(Box::new(c.clone())));
                    }
                }
            });
        }
    });
}

/// The edit that puts a conflict's other version (the one not in the project now) in place,
/// if there is one to put (a deletion is done by deleting, then Keep current version).
fn other_version(project: &Project, c: &Conflict) -> Option<Edit> {
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
