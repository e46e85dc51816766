//! Noticing that the open project's file changed on disk (a `git pull`, a colleague's save on
//! a shared drive) and offering to reload it or to merge it with the window's version, three
//! ways, from the version both started from. Nothing is written here: the user's next Save
//! writes the merged project.

use std::path::PathBuf;
use std::time::SystemTime;

use super::command::AppCommand;
use super::pressmark_app::PressmarkApp;
use crate::project::merge3::merge3;
use crate::project::Session;
use crate::project::{store, History, Project};

/// How often the file is looked at (its size and time only, unless they changed).
const CHECK_SECONDS: f64 = 2.0;

#[derive(Default)]
pub struct DiskWatch {
    /// When the file was last looked at (UI time, seconds).
    last_check: Option<f64>,
    /// The file's size and modification time then.
    seen: Option<(PathBuf, u64, Option<SystemTime>)>,
    /// The project as the window last read or wrote it, and that file's stamp: the base of a
    /// three-way merge with what is on disk now.
    base: Option<(store::Stamp, Project)>,
    /// The other version now on disk, when it differs from what the window read or wrote.
    pub changed: Option<(store::Stamp, Project)>,
    /// A change the user chose to leave for now (offered again if the file changes again).
    dismissed: Option<store::Stamp>,
    /// What the last merge did, shown until dismissed.
    pub merged_message: Option<String>,
}

/// What the user chose in the bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChoice {
    Reload,
    Merge,
    NotNow,
}

impl DiskWatch {
    /// Looks at the file if it is time (or `force`): records the base after the window opened
    /// or saved it (`doc`, unless changed since), and notices another program's change.
    pub fn check(&mut self, doc: &Session, now: f64, force: bool) {
        let (path, stamp) = (doc.path.as_deref(), doc.disk_stamp.as_ref());
        if !force && self.last_check.is_some_and(|t| now - t < CHECK_SECONDS) {
            return;
        }
        self.last_check = Some(now);
        let (Some(path), Some(stamp)) = (path, stamp) else {
            self.base = None;
            self.changed = None;
            return;
        };
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        let seen = Some((path.to_owned(), meta.len(), meta.modified().ok()));
        let base_is_current = self.base.as_ref().is_some_and(|(s, _)| s == stamp);
        if !base_is_current && !doc.is_dirty() {
            // Just opened or saved here: the file holds the window's project, so it need not
            // be read again (a large project takes a while to parse).
            self.base = Some((stamp.clone(), doc.project.clone()));
            self.seen = seen;
            self.changed = None;
            return;
        }
        if seen == self.seen && base_is_current {
            return;
        }
        self.seen = seen;
        let Ok((on_disk, disk_stamp)) = store::load_stamped(path) else {
            // Half-written or not a project just now: look again next time.
            self.seen = None;
            return;
        };
        if disk_stamp == *stamp {
            // What the window opened or last saved: the base of any later merge.
            self.base = Some((disk_stamp, on_disk));
            self.changed = None;
        } else if self.dismissed.as_ref() != Some(&disk_stamp) {
            self.changed = Some((disk_stamp, on_disk));
        }
    }
}

/// Checks the file and, if it changed, shows the bar offering to reload or merge.
pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    let now = ui.input(|i| i.time);
    let path = app.doc.path.clone();
    if !app.tasks.has(super::tasks::TaskKind::Save) {
        // Not while a save writes: the file changes before the window learns its new stamp.
        app.disk_watch.check(&app.doc, now, false);
    }
    if path.is_some() {
        // An idle window draws no frames: wake it to look again.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(CHECK_SECONDS));
    }
    if let Some(message) = app.disk_watch.merged_message.clone() {
        egui::Panel::top("disk-merged").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(message);
                if ui.button("OK").clicked() {
                    app.disk_watch.merged_message = None;
                }
            });
        });
    }
    if app.disk_watch.changed.is_none() {
        return;
    }
    let dirty = app.doc.is_dirty();
    let mut choice = None;
    egui::Panel::top("disk-changed").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} was changed on disk by another program (a git pull, a colleague's \
                     save). Your version has not been saved over it.",
                    app.doc.file_name()
                ),
            );
            let reload = if dirty {
                "Reload from disk (drop my unsaved changes)"
            } else {
                "Reload from disk"
            };
            if ui.button(reload).clicked() {
                choice = Some(DiskChoice::Reload);
            }
            if ui.button("Merge with mine").clicked() {
                choice = Some(DiskChoice::Merge);
            }
            if ui.button("Not now").clicked() {
                choice = Some(DiskChoice::NotNow);
            }
        });
    });
    if let Some(choice) = choice {
        app.commands.push(AppCommand::DiskChanged(choice));
    }
}

/// Carries out the user's choice.
pub fn apply(app: &mut PressmarkApp, choice: DiskChoice) {
    let Some((stamp, theirs)) = app.disk_watch.changed.take() else {
        return;
    };
    match choice {
        DiskChoice::NotNow => app.disk_watch.dismissed = Some(stamp),
        DiskChoice::Reload => {
            if let Some(path) = app.doc.path.clone() {
                app.open_project(&path);
            }
        }
        DiskChoice::Merge => {
            let base = match app.disk_watch.base.take() {
                Some((_, base)) => base,
                // Never saw the file as opened (cannot normally happen): merge two ways from
                // nothing, so that both sides' claims are kept.
                None => Project {
                    claims: Default::default(),
                    codebook: Default::default(),
                    release_notes: Default::default(),
                    conflicts: Vec::new(),
                    ..theirs.clone()
                },
            };
            let merged = merge3(&base, &app.doc.project, &theirs);
            app.doc.project = merged.project;
            // The merge is not one of the window's edits: the history starts again, unsaved.
            app.doc.history = History::new();
            app.doc.history.mark_unsaved();
            // The next save writes over the version just merged in, and that version is the
            // base of the next merge.
            app.doc.disk_stamp = Some(stamp.clone());
            app.disk_watch.base = Some((stamp, theirs));
            if let Some(archive) = app.archive.clone() {
                if let Err(e) = app.doc.reanchor(&archive) {
                    app.error = Some(format!("Could not re-anchor the claims: {e}"));
                }
            }
            let n = merged.conflicts.len();
            app.disk_watch.merged_message = Some(format!(
                "Merged the version on disk with yours: {} added, {} deleted, {} changed{}. \
                 Save to keep the result.",
                merged.added.len(),
                merged.deleted.len(),
                merged.changed.len(),
                if n == 0 {
                    String::new()
                } else {
                    format!(
                        "; {n} conflict{} kept with both versions (`pressmark check` lists them)",
                        if n == 1 { "" } else { "s" }
                    )
                }
            ));
        }
    }
}
