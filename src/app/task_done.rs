//! What the window's background tasks (see `tasks.rs`) hand back, and how the app takes each
//! in on the UI thread: the state changes and the error messages happen here, once.

use std::path::PathBuf;

use crate::export::{Agreement, CsvImport, Loaded, MergeResult, TagMap};
use crate::project::merge3::{merge3, Merged};
use crate::project::store::Stamp;
use crate::project::{store::StoreError, History, Project};

use super::pressmark_app::PressmarkApp;
use super::tasks::{Ended, TaskKind};
use super::{recovery, share_tasks};
use crate::project::Saved;
use crate::project::Session;

/// A task's result.
pub enum Done {
    Saved {
        result: Result<Saved, StoreError>,
        /// Where the project was saved before (a Save As leaves its old recovery file).
        previous: Option<PathBuf>,
    },
    ProjectRead {
        path: PathBuf,
        /// The archive path read ahead from the file, whose load started with the task.
        early: Option<PathBuf>,
        result: Result<(Box<Session>, PathBuf), StoreError>,
    },
    BundleRead {
        path: PathBuf,
        result: Result<Loaded, String>,
    },
    /// A colleague's project read to merge.
    ColleagueRead {
        path: PathBuf,
        result: Result<Project, String>,
    },
    Agreement {
        path: PathBuf,
        result: Result<(Project, Agreement), String>,
    },
    CsvRead {
        path: PathBuf,
        /// The file's text and its import against the project at `revision`.
        result: Result<(String, CsvImport), String>,
        revision: u64,
    },
    Exported(String),
    // panelsB
    /// A recovery file read to restore the unsaved work it holds.
    RecoveryRead {
        path: PathBuf,
        result: Result<Project, StoreError>,
    },
    /// The open project's file, read to see whether another program changed it.
    DiskRead {
        path: PathBuf,
        result: Result<(Project, Stamp), StoreError>,
    },
    /// The version on disk merged three ways with the window's project at `revision`.
    DiskMerged {
        stamp: Stamp,
        base: Box<Project>,
        theirs: Box<Project>,
        merged: Box<Merged>,
        revision: u64,
    },
    /// A colleague's project merged with the project at `revision`, their tags mapped.
    Merged {
        path: PathBuf,
        theirs: Box<Project>,
        tags: TagMap,
        result: Box<MergeResult>,
        revision: u64,
    },
    /// The agreement worked out again with their tags mapped.
    Reagreed {
        tags: TagMap,
        result: Box<Agreement>,
    },
}

impl TaskKind {
    /// Whether a task of this kind must wait for one of `running`'s.
    fn conflicts_with(self, running: TaskKind) -> bool {
        use TaskKind::*;
        matches!(
            (self, running),
            (_, Open) | (Open, Save | Read | Work) | (Save, Save) | (Read, Read)
        )
    }
}

impl PressmarkApp {
    /// Starts `work` as a task labelled `label` in the status bar; refused (with a message
    /// saying what to wait for) while a task it would conflict with runs.
    pub(super) fn spawn_task(
        &mut self,
        name: &str,
        label: String,
        kind: TaskKind,
        work: impl FnOnce() -> Done + Send + 'static,
    ) -> bool {
        if self.refuses(kind) {
            return false;
        }
        let wake = self.waker();
        match self.tasks.spawn(name, label, kind, move || wake(), work) {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(format!("Pressmark {e}."));
                false
            }
        }
    }

    /// True (with a message saying what to wait for) while a task that one of `kind` would
    /// conflict with runs.
    pub(super) fn refuses(&mut self, kind: TaskKind) -> bool {
        let conflicting = self
            .tasks
            .running_kinds()
            .find(|(k, _)| kind.conflicts_with(*k))
            .map(|(_, label)| label.to_owned());
        if let Some(busy) = conflicting {
            self.error = Some(format!(
                "{busy} is still under way; try again when it is done."
            ));
            return true;
        }
        false
    }

    /// True (with a message) while a save or an open runs: the open project must not be
    /// replaced under it.
    pub(super) fn document_busy(&mut self) -> bool {
        let busy = self
            .tasks
            .running_kinds()
            .find(|(k, _)| matches!(k, TaskKind::Save | TaskKind::Open))
            .map(|(_, label)| label.to_owned());
        if let Some(busy) = busy {
            self.error = Some(format!(
                "{busy} is still under way; try again when it is done."
            ));
            return true;
        }
        false
    }

    /// True (with a message) while edits must wait: a project or bundle is being opened
    /// over the one on screen.
    pub(super) fn edits_held(&mut self) -> bool {
        if let Some(busy) = self.tasks.holding_edits() {
            self.error = Some(format!(
                "{busy} is still under way; make changes when it is done."
            ));
            return true;
        }
        false
    }

    /// The user asked to quit while tasks ran: says what is awaited, and quits as usual
    /// (asking about unsaved changes) once they have ended.
    pub(super) fn wait_to_quit(&mut self, ctx: &egui::Context) {
        if self.tasks.is_idle() {
            self.quit_after_tasks = false;
            self.commands.push(super::command::AppCommand::Run(
                super::command::Command::Quit,
            ));
            return;
        }
        let waiting: Vec<String> = self.tasks.labels().map(str::to_owned).collect();
        egui::Modal::new(egui::Id::unique("quit-waiting")).show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!(
                    "{}… Pressmark closes when this is done.",
                    waiting.join(", ")
                ));
            });
        });
    }

    /// Takes in the tasks that ended since the last frame.
    pub(super) fn finish_tasks(&mut self) {
        let ended = self.tasks.take_ended();
        for task in ended {
            self.finish(task);
        }
    }

    /// Waits for every task to end and takes them in (tests, and quitting).
    pub fn wait_for_tasks(&mut self) {
        loop {
            let ended = self.tasks.wait_all();
            if ended.is_empty() {
                break;
            }
            for task in ended {
                self.finish(task);
            }
        }
    }

    fn finish(&mut self, task: Ended<Done>) {
        let done = match task.result {
            Ok(done) => done,
            Err(message) => {
                if task.kind == TaskKind::Save {
                    // Stopped unexpectedly: its snapshot was not written.
                    self.doc.history.end_save(false);
                }
                if task.kind == TaskKind::Work {
                    // Nothing waits for it any more: the disk watch looks again, and the
                    // agreement window stops its spinner.
                    self.disk_watch.read_refused();
                    self.share.stop_waiting();
                }
                self.error = Some(message);
                return;
            }
        };
        match done {
            Done::Saved { result, previous } => self.finish_save(result, previous),
            Done::ProjectRead {
                path,
                early,
                result,
            } => self.finish_open_project(&path, early, result),
            Done::BundleRead { path, result } => match result {
                Ok(loaded) => {
                    self.doc = Session::from_project(loaded.project, loaded.project_path);
                    self.selection = None;
                    self.selected_claim = None;
                    self.prefs.add_recent(&path);
                    self.open(loaded.archive_paths);
                }
                Err(e) => self.error = Some(format!("Could not open the bundle: {e}")),
            },
            Done::ColleagueRead { path, result } => match result {
                Ok(theirs) => share_tasks::merge_loaded(self, &path, theirs),
                Err(e) => self.error = Some(e),
            },
            Done::Agreement { path, result } => match result {
                Ok((theirs, agreement)) => {
                    self.share
                        .show_agreement(&self.doc.project, &path, theirs, agreement)
                }
                Err(e) => self.error = Some(e),
            },
            Done::CsvRead {
                path,
                result,
                revision,
            } => match result {
                Ok((text, import)) => {
                    share_tasks::imported_csv(self, &path, &text, import, revision)
                }
                Err(e) => self.error = Some(e),
            },
            Done::Exported(message) => self.share.notice = Some(message),
            Done::RecoveryRead { path, result } => match result {
                Ok(project) => self.finish_restore(&path, project),
                Err(e) => self.error = Some(format!("Could not restore: {e}")),
            },
            Done::DiskRead { path, result } => self.disk_watch.took_read(&self.doc, &path, result),
            Done::DiskMerged {
                stamp,
                base,
                theirs,
                merged,
                revision,
            } => self.finish_disk_merge(stamp, base, theirs, *merged, revision),
            Done::Merged {
                path,
                theirs,
                tags,
                result,
                revision,
            } => share_tasks::merged(self, path, theirs, tags, *result, revision),
            Done::Reagreed { tags, result } => self.share.reagreed(&tags, *result),
        }
    }

    /// Reads the open project's file on a task, for the disk watch (`took_read`). Never an
    /// error for the user: while other work holds it off, the file is looked at again later.
    pub(super) fn read_disk_version(&mut self, path: PathBuf) {
        let held_off = self
            .tasks
            .running_kinds()
            .any(|(k, _)| TaskKind::Work.conflicts_with(k));
        let wake = self.waker();
        let label = format!("Looking at {} on disk", file_label(&path));
        let spawned = !held_off
            && self
                .tasks
                .spawn(
                    "read-disk",
                    label,
                    TaskKind::Work,
                    move || wake(),
                    move || {
                        let result = crate::project::store::load_stamped(&path);
                        Done::DiskRead { path, result }
                    },
                )
                .is_ok();
        if !spawned {
            self.disk_watch.read_refused();
        }
    }

    /// The user's choice about the project file another program changed.
    pub(super) fn disk_changed(&mut self, choice: super::disk_watch::DiskChoice) {
        use super::disk_watch::DiskNext;
        match self.disk_watch.choose(choice) {
            Some(DiskNext::Reload) => {
                if let Some(path) = self.doc.path.clone() {
                    self.open_project(&path);
                }
            }
            Some(DiskNext::Merge {
                stamp,
                base,
                theirs,
            }) => self.start_disk_merge(stamp, base, theirs),
            None => {}
        }
    }

    /// Merges the version on disk with the project as it is now, three ways, on a task.
    fn start_disk_merge(&mut self, stamp: Stamp, base: Box<Project>, theirs: Box<Project>) {
        let mine = self.doc.project.clone();
        let revision = self.doc.history.revision();
        if self.refuses(TaskKind::Work) {
            // The offer stands again (the message says what to wait for).
            let base_stamp = self.doc.disk_stamp.clone();
            self.disk_watch
                .merge_refused(stamp, base_stamp, *base, *theirs);
            return;
        }
        let label = format!("Merging {} from disk", self.doc.file_name());
        self.spawn_task("merge-disk", label, TaskKind::Work, move || {
            let merged = Box::new(merge3(&base, &mine, &theirs));
            Done::DiskMerged {
                stamp,
                base,
                theirs,
                merged,
                revision,
            }
        });
    }

    /// Puts the merge with the version on disk in place, unless the project changed while it
    /// was worked out: then it is worked out again, so that no edit made meanwhile is lost.
    fn finish_disk_merge(
        &mut self,
        stamp: Stamp,
        base: Box<Project>,
        theirs: Box<Project>,
        merged: Merged,
        revision: u64,
    ) {
        if revision != self.doc.history.revision() {
            self.start_disk_merge(stamp, base, theirs);
            return;
        }
        self.disk_watch.merged(stamp.clone(), *theirs, &merged);
        self.doc.project = merged.project;
        // The merge is not one of the window's edits: the history starts again, unsaved.
        self.doc.history = History::new();
        self.doc.history.mark_unsaved();
        // The next save writes over the version just merged in.
        self.doc.disk_stamp = Some(stamp);
        if let Some(archive) = self.archive.clone() {
            if let Err(e) = self.doc.reanchor(&archive) {
                self.error = Some(format!("Could not re-anchor the claims: {e}"));
            }
        }
    }

    /// Puts the unsaved work read from recovery file `rec` in place of the open project.
    fn finish_restore(&mut self, rec: &std::path::Path, project: Project) {
        // Untitled work names its archive: open it if another is open.
        let theirs = project.archive.resolve(rec);
        let other_archive = !project.archive.path.as_os_str().is_empty()
            && self.archive_path().as_ref() != Some(&theirs)
            && theirs.is_file();
        self.doc.project = project;
        self.doc.history = crate::project::History::new();
        self.doc.history.mark_unsaved();
        if self.recovery.untitled.as_deref() == Some(rec) {
            // Untitled work stays untitled, whatever project was open.
            self.doc.path = None;
        }
        if other_archive {
            self.doc.needs_reanchor = true;
            self.open(vec![theirs]);
            return;
        }
        self.doc.needs_reanchor = self.archive.is_none();
        if let Some(archive) = self.archive.clone() {
            if let Err(e) = self.doc.reanchor(&archive) {
                self.error = Some(format!("Could not re-anchor the claims: {e}"));
            }
        }
    }

    fn finish_save(&mut self, result: Result<Saved, StoreError>, previous: Option<PathBuf>) {
        self.doc.end_save(&result);
        self.saving_to = None;
        let again = self.save_again.take();
        match result {
            Ok(saved) => {
                let path = saved.path;
                if self.open_panel.purpose == super::open_panel::Purpose::SaveAs {
                    // Kept open on failure, with the path to correct.
                    self.open_panel.visible = false;
                }
                self.prefs.add_recent(&path);
                self.recovery.saved(&path, previous.as_deref());
                if previous.is_none() {
                    self.recovery.forget_untitled();
                }
                self.prefs.last_project = Some(path);
                if let Some(next) = self.open_after_save.take() {
                    if !self.doc.is_dirty() {
                        self.close_project_and_open(next);
                    }
                }
                if let Some(path) = again.filter(|_| self.doc.is_dirty()) {
                    self.save_to(path);
                }
            }
            Err(e) => {
                self.open_after_save = None;
                self.error = Some(format!("Could not save the project: {e}"));
            }
        }
    }

    fn finish_open_project(
        &mut self,
        path: &std::path::Path,
        early: Option<PathBuf>,
        result: Result<(Box<Session>, PathBuf), StoreError>,
    ) {
        crate::trace::mark("project read");
        // The archive read ahead is used only for the project it was read for.
        let early_load = self.early_load.take();
        match result {
            Ok((doc, archive_path)) => {
                // An archive of several files or folders is opened whole.
                let all = doc.project.archive.resolve_all(path);
                self.doc = *doc;
                if self.doc.project.author.trim().is_empty() {
                    // A file from before claims were always signed: sign new ones as usual.
                    self.doc.project.author = self.author();
                }
                self.recovery.offer = recovery::newer_recovery(path);
                self.prefs.last_project = Some(path.to_owned());
                self.selection = None;
                self.selected_claim = None;
                self.prefs.add_recent(path);
                let missing = all.iter().find(|p| !p.exists()).cloned();
                match early_load {
                    // Read ahead (perhaps loaded already): shown now, the claims placed
                    // in it once it is whole.
                    Some(load) if all.len() == 1 && early.as_ref() == Some(&archive_path) => {
                        self.loading = Some(load)
                    }
                    _ if missing.is_some() => {
                        self.locating = if all.len() > 1 { all } else { Vec::new() };
                        if let Some(missing) = missing {
                            self.ask_where(missing);
                        }
                    }
                    _ => self.open(all),
                }
            }
            // The archive (and any load) we had stays.
            Err(e) => self.error = Some(format!("Could not open the project: {e}")),
        }
    }
}

/// A file's name for a task's label ("Saving work.ron").
pub fn file_label(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::TaskKind::*;

    #[test]
    fn work_waits_only_for_an_open_and_an_open_waits_for_it() {
        for running in [Save, Read, Export, Work] {
            assert!(!Work.conflicts_with(running), "{running:?}");
        }
        assert!(Work.conflicts_with(Open));
        assert!(Open.conflicts_with(Work));
        assert!(!Save.conflicts_with(Work) && !Read.conflicts_with(Work));
    }
}
