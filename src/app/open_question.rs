//! Another archive opened while a project is open: the window asks whether to open it on
//! its own (closing the project, asking about unsaved changes) or to re-point the project at
//! it; after re-pointing, it reports what the check found.

use std::path::PathBuf;

use super::command::AppCommand;
use super::view::View;

/// The question on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenQuestion {
    pub path: PathBuf,
    /// The user chose "on its own" with unsaved changes: ask about them.
    pub unsaved: bool,
}

impl OpenQuestion {
    pub fn ask(path: PathBuf) -> OpenQuestion {
        OpenQuestion {
            path,
            unsaved: false,
        }
    }

    pub fn unsaved(path: PathBuf) -> OpenQuestion {
        OpenQuestion {
            path,
            unsaved: true,
        }
    }
}

/// The question's window and the report after re-pointing: this panel's own state.
#[derive(Debug, Default)]
pub struct OpenQuestionWindow {
    /// The question on screen.
    pub question: Option<OpenQuestion>,
    /// What re-pointing the project found, until read.
    pub report: Option<RepointReport>,
}

/// What re-pointing found: the archive and the claims by outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct RepointReport {
    pub path: PathBuf,
    pub counts: crate::project::Counts,
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl OpenQuestionWindow {
    pub fn ui(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        if let Some(q) = self.question.clone() {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("open-archive-question")).show(ctx, |ui| {
                ui.set_max_width(460.0);
                if q.unsaved {
                    ui.heading("Save changes?");
                    ui.label(format!(
                        "{} has changes that are not saved. Save them before closing it?",
                        view.doc.file_name()
                    ));
                    ui.horizontal(|ui| {
                        for c in [
                            AppCommand::SaveThenOpenAlone(q.path.clone()),
                            AppCommand::DiscardThenOpenAlone(q.path.clone()),
                            AppCommand::CancelOpenArchive,
                        ] {
                            if ui.button(c.label()).clicked() {
                                choice = Some(c);
                            }
                        }
                    });
                    return;
                }
                ui.heading(format!("Open {}", file_name(&q.path)));
                ui.label(format!(
                    "The project {} is open on another archive. Open this archive on its own \
                 (the project closes), or re-point the project at it (its claims are placed \
                 in the new archive; one undo step takes it back)?",
                    view.doc.file_name()
                ));
                ui.horizontal(|ui| {
                    for c in [
                        AppCommand::OpenArchiveAlone(q.path.clone()),
                        AppCommand::RepointProject(q.path.clone()),
                        AppCommand::CancelOpenArchive,
                    ] {
                        if ui.button(c.label()).clicked() {
                            choice = Some(c);
                        }
                    }
                });
            });
            if let Some(c) = choice {
                commands.push(c);
            }
        }
        if let Some(report) = self.report.clone() {
            let mut done = false;
            egui::Window::new("Project re-pointed")
                .collapsible(false)
                .show(ctx, |ui| {
                    ui.label(format!(
                        "The project now refers to {}. Its claims there:",
                        report.path.display()
                    ));
                    let c = report.counts;
                    ui.label(format!("{} in place", c.exact));
                    ui.label(format!("{} moved", c.moved + c.fuzzy));
                    ui.label(format!("{} orphaned", c.orphaned));
                    if c.orphaned > 0 {
                        ui.label("Edit > Orphaned Claims lists the claims that found no place.");
                    }
                    ui.label("Edit > Undo takes the re-pointing back.");
                    if ui
                        .button(AppCommand::DismissRepointReport.label())
                        .clicked()
                    {
                        done = true;
                    }
                });
            if done {
                commands.push(AppCommand::DismissRepointReport);
            }
        }
    }
}
