//! The "Merge tags" step before a merge: when the colleague's project has tags whose names
//! none of mine has, each can be added as a new tag (the default) or mapped onto one of mine.
//! Merge then applies everything as one undo step.

use std::path::PathBuf;

use crate::export::{unmatched_tags, TagMap};
use crate::project::Project;

use super::command::AppCommand;
use super::view::View;

const ADD_AS_NEW: &str = "Add as new tag";

/// A merge waiting for the user to say what their new tags are.
pub struct MergeTagsStep {
    pub path: PathBuf,
    pub theirs: Project,
    /// Each of their unmatched tag names, and the tag of mine it maps onto (`None`: add it).
    pub choices: Vec<(String, Option<String>)>,
}

impl MergeTagsStep {
    /// The choices to make before merging `theirs` into `ours`: one per tag of theirs whose
    /// name none of ours has, each added as a new tag by default. Empty: nothing to ask.
    pub fn choices(ours: &Project, theirs: &Project) -> Vec<(String, Option<String>)> {
        unmatched_tags(&ours.codebook, &theirs.codebook)
            .into_iter()
            .map(|t| (t.name.clone(), None))
            .collect()
    }

    pub fn tag_map(&self) -> TagMap {
        tag_map_of(&self.choices)
    }
}

/// The mapping that `choices` (their tag, the tag of mine it maps onto) describe.
pub fn tag_map_of(choices: &[(String, Option<String>)]) -> TagMap {
    let mut map = TagMap::new();
    for (theirs, ours) in choices {
        if let Some(ours) = ours {
            map.map(theirs, ours);
        }
    }
    map
}

/// A row per tag of theirs with a choice among mine (or `none`, their tag kept apart).
/// Returns whether a choice changed.
pub fn choice_grid(
    ui: &mut egui::Ui,
    salt: &str,
    choices: &mut [(String, Option<String>)],
    mine: &[String],
    none: &str,
) -> bool {
    let mut changed = false;
    egui::Grid::new(salt).striped(true).show(ui, |ui| {
        ui.strong("Their tag");
        ui.strong("In my project");
        ui.end_row();
        for (i, (theirs, choice)) in choices.iter_mut().enumerate() {
            let label = ui.label(theirs.as_str());
            let shown = choice.clone().unwrap_or_else(|| none.to_owned());
            egui::ComboBox::from_id_salt((salt, i))
                .selected_text(shown)
                .width(220.0)
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(choice, None, none).changed();
                    for name in mine {
                        changed |= ui
                            .selectable_value(choice, Some(name.clone()), name)
                            .changed();
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        }
    });
    changed
}

/// The names of my tags, in codebook order.
pub fn my_tags(project: &Project) -> Vec<String> {
    project
        .codebook
        .tags()
        .iter()
        .map(|t| t.name.clone())
        .collect()
}

/// What the user did with the step this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepAnswer {
    /// Still choosing.
    Open,
    Merge,
    Cancel,
}

impl MergeTagsStep {
    /// Draws the step. Merge hands the merge, with the chosen mapping, to the app (which
    /// works it out on a task and applies it as one undo step).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        view: &View,
        commands: &mut Vec<AppCommand>,
    ) -> StepAnswer {
        let mine = my_tags(&view.doc.project);
        let file = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (mut merge, mut cancel) = (false, false);
        let mut open = true;
        egui::Window::new("Merge tags")
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label(format!(
                    "{file} has tags your project does not. Add each as a new tag, or map it onto \
                     one of yours (its claims then carry your tag):"
                ));
                choice_grid(ui, "merge-tags", &mut self.choices, &mine, ADD_AS_NEW);
                ui.separator();
                ui.horizontal(|ui| {
                    merge = ui.button("Merge").clicked();
                    cancel = ui.button("Cancel").clicked();
                });
            });
        if merge {
            commands.push(AppCommand::MergeWithTags {
                path: self.path.clone(),
                theirs: Box::new(self.theirs.clone()),
                tags: self.tag_map(),
            });
            StepAnswer::Merge
        } else if cancel || !open {
            StepAnswer::Cancel
        } else {
            StepAnswer::Open
        }
    }
}
