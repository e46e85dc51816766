//! Autosave and crash recovery: the open project is written to a recovery file beside it in
//! the background while it has unsaved changes (an untitled project to one file in the user's
//! data folder); opening a project whose recovery file is newer, or starting with untitled
//! work left behind, offers to restore it. Also the orphaned-claims window and the
//! preferences window.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::project::{store, unix_now, Anchor, Edit, Session};

use super::command::{AppCommand, Command};
use super::pressmark_app::PressmarkApp;
use super::view::View;

/// Seconds between autosaves while there are unsaved changes.
pub const AUTOSAVE_SECONDS: f64 = 60.0;

#[derive(Default)]
pub struct RecoveryState {
    last_autosave: f64,
    /// A recovery file newer than the project just opened.
    pub offer: Option<PathBuf>,
    pub(super) show_orphans: bool,
    pub(super) show_prefs: bool,
    /// Where an untitled project's work is autosaved (none: not autosaved).
    pub untitled: Option<PathBuf>,
    /// The author's name as typed in Preferences, committed when the field is left.
    author_draft: String,
    /// An autosave being written, waited for before a save removes recovery files (else it
    /// could write one after the save and leave it stale).
    writing: Option<std::thread::JoinHandle<()>>,
}

/// The usual place for an untitled project's autosave, in the user's data folder.
pub fn default_untitled_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("pressmark").join("untitled.recovery.ron"))
}

/// At start: offers back untitled work that an earlier session left unsaved.
pub fn offer_untitled(app: &mut PressmarkApp) {
    if app.recovery.offer.is_some() {
        return;
    }
    if let Some(path) = app.recovery.untitled.clone().filter(|p| p.is_file()) {
        app.recovery.offer = Some(path);
    }
}

impl RecoveryState {
    /// The untitled work is saved under a name, or discarded: its autosave goes.
    pub fn forget_untitled(&self) {
        if let Some(path) = &self.untitled {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A recovery file for `project` that is newer than the project itself.
pub fn newer_recovery(project: &Path) -> Option<PathBuf> {
    let rec = store::recovery_path(project);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let rec_time = modified(&rec)?;
    let project_time = modified(project).unwrap_or(SystemTime::UNIX_EPOCH);
    (rec_time > project_time).then_some(rec)
}

/// Writes the recovery file on a background thread when it is time.
pub fn autosave(app: &mut PressmarkApp, now: f64) {
    let archive = app.archive_path();
    app.recovery.autosave(&app.doc, archive, now);
}

impl RecoveryState {
    /// Writes `doc`'s recovery file on a background thread when it is time; `archive` is
    /// where the open archive was opened from (named in an untitled project's file).
    fn autosave(&mut self, doc: &Session, archive: Option<PathBuf>, now: f64) {
        if !doc.is_dirty() || now - self.last_autosave < AUTOSAVE_SECONDS {
            return;
        }
        self.last_autosave = now;
        let mut project = doc.project.clone();
        let target = match (doc.path.clone(), self.untitled.clone()) {
            (Some(path), _) => Target::Beside(path),
            (None, Some(file)) => {
                // Untitled: name the archive by its full path so that a restore can find it.
                if let Some(archive) = archive {
                    project.archive.path = std::path::absolute(&archive).unwrap_or(archive);
                }
                Target::Untitled(file)
            }
            (None, None) => return,
        };
        let spawned = std::thread::Builder::new()
            .name("autosave".into())
            .spawn(move || {
                // A failed autosave leaves the last good recovery file; the next one retries.
                let _ = match target {
                    Target::Beside(path) => store::save_recovery(&project, &path).map(|_| ()),
                    Target::Untitled(file) => file
                        .parent()
                        .map_or(Ok(()), std::fs::create_dir_all)
                        .map_err(|source| store::StoreError::Write {
                            path: file.clone(),
                            source,
                        })
                        .and_then(|()| store::save(&project, &file)),
                };
            });
        self.writing = spawned.ok();
    }

    /// Removes the recovery files once the project is saved at `project`: its own, and
    /// after Save As the one beside the file it was saved as before (`previous`), whose
    /// changes are now in the new file.
    pub fn saved(&mut self, project: &Path, previous: Option<&Path>) {
        if let Some(writing) = self.writing.take() {
            // A write of one file, already under way: short, and it must not land after this.
            let _ = writing.join();
        }
        let _ = std::fs::remove_file(store::recovery_path(project));
        if let Some(old) = previous.filter(|p| *p != project) {
            let _ = std::fs::remove_file(store::recovery_path(old));
        }
    }

    /// The offer to restore, the orphaned claims and the preferences, each when shown.
    pub fn ui(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        self.offer_window(ctx, commands);
        self.orphans_window(ctx, view, commands);
        self.prefs_window(ctx, view, commands);
    }

    fn offer_window(&mut self, ctx: &egui::Context, commands: &mut Vec<AppCommand>) {
        let Some(rec) = self.offer.clone() else {
            return;
        };
        egui::Modal::new(egui::Id::unique("recovery-offer")).show(ctx, |ui| {
            ui.heading("Restore unsaved work?");
            if self.untitled.as_ref() == Some(&rec) {
                ui.label(
                    "An untitled project was not saved when Pressmark last closed (it may have \
                     closed unexpectedly). Restore it, then save it under a name.",
                );
            } else {
                ui.label(format!(
                    "{} holds changes made after this project was last saved (the app may have closed unexpectedly).",
                    rec.display()
                ));
            }
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    commands.push(AppCommand::RestoreRecovery(rec.clone()));
                }
                if ui.button("Discard").clicked() {
                    commands.push(AppCommand::DiscardRecovery(rec.clone()));
                    self.offer = None;
                }
            });
        });
    }

    fn orphans_window(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        if !self.show_orphans {
            return;
        }
        let mut open = true;
        let project = &view.doc.project;
        egui::Window::new("Orphaned claims")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label(
                    "These claims could not be placed with confidence in the archive as it is now. \
                     Select the right words in a release and re-attach a claim there, or delete it.",
                );
                let live: Vec<_> = view
                    .doc
                    .orphans
                    .iter()
                    .filter_map(|id| project.claim(*id))
                    .collect();
                if live.is_empty() {
                    ui.label("None left.");
                }
                for claim in live {
                    ui.group(|ui| {
                        ui.label(format!("“{}”", claim.anchor.exact));
                        ui.horizontal(|ui| {
                            let target = view.selection.and_then(|s| {
                                let r = view.archive?.releases.get(s.release)?;
                                Some((r.id.clone(), Anchor::from_range(&r.text, s.start, s.end)))
                            });
                            if ui
                                .add_enabled(
                                    target.is_some(),
                                    egui::Button::new("Re-attach to selection"),
                                )
                                .clicked()
                            {
                                if let Some((release, anchor)) = target {
                                    if let Ok(edit) =
                                        Edit::change_claim(project, claim.id, unix_now(), |c| {
                                            c.release = release;
                                            c.anchor = anchor;
                                        })
                                    {
                                        commands.push(AppCommand::Edit(edit));
                                        commands.push(AppCommand::Unorphan(claim.id));
                                    }
                                }
                            }
                            if ui.button("Delete claim").clicked() {
                                commands.push(AppCommand::Edit(Edit::RemoveClaim(claim.id)));
                                commands.push(AppCommand::Unorphan(claim.id));
                            }
                        });
                    });
                }
            });
        if !open {
            self.show_orphans = false;
        }
    }

    fn prefs_window(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        if !self.show_prefs {
            return;
        }
        let mut open = true;
        egui::Window::new("Preferences")
            .open(&mut open)
            .show(ctx, |ui| {
                // The name shown is the one new claims get: the project's.
                let saved = &view.doc.project.author;
                let draft = &mut self.author_draft;
                let edit = egui::TextEdit::singleline(draft).desired_width(220.0);
                let field = super::widgets::field(ui, "Your name (the author of new claims)", edit);
                if let Some(name) = super::widgets::commit_on_leave(&field, draft, saved) {
                    let name = name.trim().to_owned();
                    if !name.is_empty() {
                        // Remembered for new projects, and an undoable change to this one.
                        commands.push(AppCommand::RememberAuthor(name.clone()));
                        commands.push(AppCommand::Edit(Edit::SetAuthor(name)));
                    }
                }
                let mut dark = view.prefs.dark;
                if ui.checkbox(&mut dark, "Dark theme").changed() {
                    commands.push(AppCommand::Run(Command::ToggleTheme));
                }
            });
        if !open {
            self.show_prefs = false;
        }
    }
}

/// Where an autosave goes.
enum Target {
    /// `NAME.recovery` beside the project file.
    Beside(PathBuf),
    /// The untitled project's file.
    Untitled(PathBuf),
}
