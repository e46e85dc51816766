//! Noticing that the open project's file changed on disk (a `git pull`, a colleague's save on
//! a shared drive) and offering to reload it or to merge it with the window's version, three
//! ways, from the version both started from. The file is read, and the merge worked out, on
//! the app's tasks (see `task_done.rs`). Nothing is written here: the user's next Save writes
//! the merged project.

use std::path::PathBuf;
use std::time::SystemTime;

use super::command::AppCommand;
use super::tasks::TaskKind;
use super::view::View;
use crate::project::merge3::Merged;
use crate::project::Session;
use crate::project::{store, Project};

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
    merged_message: Option<String>,
    /// The file is being read on a task (see `took_read`).
    reading: bool,
    /// The version on disk being merged on a task: not looked at, nor offered, again
    /// meanwhile (a look that landed before the merge was taken in offered it again).
    merging: Option<store::Stamp>,
}

/// What the user chose in the bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChoice {
    Reload,
    Merge,
    NotNow,
}

/// What the app does for the user's choice (`DiskWatch::choose`).
pub enum DiskNext {
    /// Open the project file again.
    Reload,
    /// Merge the version on disk (`theirs`, whose file has `stamp`) with the window's, three
    /// ways from `base`.
    Merge {
        stamp: store::Stamp,
        base: Box<Project>,
        theirs: Box<Project>,
    },
}

impl DiskWatch {
    /// Looks at the file if it is time (or `force`): records the base after the window opened
    /// or saved it (`doc`, unless changed since), and says which file to read (on a task,
    /// handed to `took_read`) when its size or time changed.
    pub fn check(&mut self, doc: &Session, now: f64, force: bool) -> Option<PathBuf> {
        let (path, stamp) = (doc.path.as_deref(), doc.disk_stamp.as_ref());
        if !force && self.last_check.is_some_and(|t| now - t < CHECK_SECONDS) {
            return None;
        }
        if self.merging.is_some() {
            return None;
        }
        self.last_check = Some(now);
        let (Some(path), Some(stamp)) = (path, stamp) else {
            self.base = None;
            self.changed = None;
            return None;
        };
        let meta = std::fs::metadata(path).ok()?;
        let seen = Some((path.to_owned(), meta.len(), meta.modified().ok()));
        let base_is_current = self.base.as_ref().is_some_and(|(s, _)| s == stamp);
        if !base_is_current && !doc.is_dirty() {
            // Just opened or saved here: the file holds the window's project, so it need not
            // be read again (a large project takes a while to parse).
            self.base = Some((stamp.clone(), doc.project.clone()));
            self.seen = seen;
            self.changed = None;
            return None;
        }
        if seen == self.seen && base_is_current {
            return None;
        }
        self.seen = seen;
        Some(path.to_owned())
    }

    /// Looks at the file on the next frame, whatever its size and time.
    pub fn look_now(&mut self) {
        self.last_check = None;
        self.seen = None;
    }

    /// The read asked for by `check` could not start: look again next time.
    pub fn read_refused(&mut self) {
        self.reading = false;
        self.seen = None;
    }

    /// The file `path` was read on a task: notices another program's change to `doc`'s file.
    pub fn took_read(
        &mut self,
        doc: &Session,
        path: &std::path::Path,
        read: Result<(Project, store::Stamp), store::StoreError>,
    ) {
        self.reading = false;
        if doc.path.as_deref() != Some(path) {
            // Another project was opened meanwhile.
            return;
        }
        let Ok((on_disk, disk_stamp)) = read else {
            // Half-written or not a project just now: look again next time.
            self.seen = None;
            return;
        };
        if self.merging.as_ref() == Some(&disk_stamp) {
            // Read before the merge of this very version was taken in.
            return;
        }
        if doc.disk_stamp.as_ref() == Some(&disk_stamp) {
            // What the window opened or last saved: the base of any later merge.
            self.base = Some((disk_stamp, on_disk));
            self.changed = None;
        } else if self.dismissed.as_ref() != Some(&disk_stamp) {
            self.changed = Some((disk_stamp, on_disk));
        }
    }

    /// Takes the user's choice about the changed file: what the app is to do, if anything.
    pub fn choose(&mut self, choice: DiskChoice) -> Option<DiskNext> {
        let (stamp, theirs) = self.changed.take()?;
        match choice {
            DiskChoice::NotNow => {
                self.dismissed = Some(stamp);
                None
            }
            DiskChoice::Reload => Some(DiskNext::Reload),
            DiskChoice::Merge => {
                self.merging = Some(stamp.clone());
                let base = match self.base.take() {
                    Some((_, base)) => base,
                    // Never saw the file as opened (cannot normally happen): merge two ways
                    // from nothing, so that both sides' claims are kept.
                    None => Project {
                        claims: Default::default(),
                        codebook: Default::default(),
                        release_notes: Default::default(),
                        conflicts: Vec::new(),
                        ..theirs.clone()
                    },
                };
                Some(DiskNext::Merge {
                    stamp,
                    base: Box::new(base),
                    theirs: Box::new(theirs),
                })
            }
        }
    }

    /// The version on disk (`theirs`, with `stamp`) was merged into the window's project:
    /// it is the base of the next merge, and the bar says what the merge did.
    pub fn merged(&mut self, stamp: store::Stamp, theirs: Project, merged: &Merged) {
        self.merging = None;
        if self.changed.as_ref().is_some_and(|(s, _)| *s == stamp) {
            self.changed = None;
        }
        self.base = Some((stamp, theirs));
        let n = merged.conflicts.len();
        self.merged_message = Some(format!(
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

    /// The merge `choose` asked for could not start (another task holds the project): the
    /// offer stands again, with its base, to be taken up later.
    pub fn merge_refused(
        &mut self,
        stamp: store::Stamp,
        base_stamp: Option<store::Stamp>,
        base: Project,
        theirs: Project,
    ) {
        self.merging = None;
        self.base = base_stamp.map(|s| (s, base));
        self.changed = Some((stamp, theirs));
    }

    /// Checks the file and, if it changed, shows the bar offering to reload or merge.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        let now = ui.input(|i| i.time);
        let doc = view.doc;
        // Not while a save writes (the file changes before the window learns its new stamp)
        // or a project opens, nor while the file is being read.
        let busy = view.tasks.has(TaskKind::Save) || view.tasks.has(TaskKind::Open);
        if !busy && !self.reading {
            if let Some(path) = self.check(doc, now, false) {
                self.reading = true;
                commands.push(AppCommand::ReadDiskVersion(path));
            }
        }
        if doc.path.is_some() {
            // An idle window draws no frames: wake it to look again.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(CHECK_SECONDS));
        }
        if let Some(message) = &self.merged_message {
            let mut ok = false;
            egui::Panel::top("disk-merged").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(message);
                    ok = ui.button("OK").clicked();
                });
            });
            if ok {
                self.merged_message = None;
            }
        }
        if self.changed.is_none() {
            return;
        }
        let dirty = doc.is_dirty();
        egui::Panel::top("disk-changed").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "{} was changed on disk by another program (a git pull, a colleague's \
                         save). Your version has not been saved over it.",
                        doc.file_name()
                    ),
                );
                let reload = if dirty {
                    "Reload from disk (drop my unsaved changes)"
                } else {
                    "Reload from disk"
                };
                let mut choice = None;
                if ui.button(reload).clicked() {
                    choice = Some(DiskChoice::Reload);
                }
                if ui.button("Merge with mine").clicked() {
                    choice = Some(DiskChoice::Merge);
                }
                if ui.button("Not now").clicked() {
                    choice = Some(DiskChoice::NotNow);
                }
                if let Some(choice) = choice {
                    commands.push(AppCommand::DiskChanged(choice));
                }
            });
        });
    }
}
