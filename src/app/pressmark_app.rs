//! The application state and the one place where commands are applied.

use std::path::PathBuf;
use std::sync::Arc;

use crate::archive::Archive;
use crate::project::{unix_now, ClaimId, Edit};

use super::command::{AppCommand, Command};
use super::loader::{LoadEvent, Loading};
use super::open_panel::OpenPanel;
use super::prefs::Prefs;
use super::task_done::{file_label, Done};
use super::tasks::TaskKind;
use super::{
    claims_panel, claims_table, codebook_window, columns, findings_panel, menu, palette, reader,
    recovery, release_list, search_bar, search_state, status_bar, tag_all, timeline_strip,
};
use crate::project::{default_author, Session};

/// Words selected in the reader (the core's type: tagging takes it).
pub use crate::project::Selection;

/// What panels read while they draw (`super::view::View`), borrowed field by field so that
/// a panel's own state can be borrowed mutably beside it.
macro_rules! view {
    ($app:expr) => {
        super::view::View {
            archive: $app.archive.as_ref(),
            doc: &$app.doc,
            prefs: &$app.prefs,
            selected: $app.selected,
            selection: $app.selection,
            selected_claim: $app.selected_claim,
            // panelsA
            order: &$app.order,
            picked: &$app.picked,
            scroll_to_selected: $app.scroll_list_to_selected,
            scroll_to: $app.scroll_to,
            search: &$app.search,
            date_filter: $app.timeline.range,
            comparing: $app.columns.is_active(),
            linked_scrolling: $app.columns.linked,
            loading: $app.loading.as_ref(),
            tasks: &$app.tasks,
        }
    };
}

/// Where the background hash of the open archive arrives.
type HashSlot = Arc<std::sync::Mutex<Option<String>>>;

/// Runtime state of the window. `prefs` is what persists.
pub struct PressmarkApp {
    pub prefs: Prefs,
    pub archive: Option<Arc<Archive>>,
    /// Indices into `archive.releases`, newest first.
    pub order: Vec<usize>,
    /// Index into `archive.releases`.
    pub selected: Option<usize>,
    pub(super) loading: Option<Loading>,
    /// The archive a project being read names, loading meanwhile: it becomes `loading` once
    /// the project is read, and is dropped if it cannot be.
    pub(super) early_load: Option<Loading>,
    pub error: Option<String>,
    pub open_panel: OpenPanel,
    /// Filled while drawing, applied after.
    pub commands: Vec<AppCommand>,
    pub quit_requested: bool,
    /// Set when the list should scroll to the selected release.
    pub(super) scroll_list_to_selected: bool,
    pub doc: Session,
    pub selection: Option<Selection>,
    pub selected_claim: Option<ClaimId>,
    pub tag_all: tag_all::TagAllState,
    pub codebook_ui: codebook_window::CodebookUi,
    pub claims_table_ui: claims_table::TableUi,
    pub claims_plot: super::claims_plot::ClaimsPlotState,
    /// Unsaved text in note fields, committed as one edit when the field loses focus.
    pub claims_panel: claims_panel::ClaimsPanel,
    pub confirm_quit: bool,
    /// The search index and the query's results, which the list, the reader and the
    /// columns read; the query is typed in `search_bar`.
    pub search: search_state::SearchState,
    pub(super) search_bar: search_bar::SearchBar,
    pub status_bar: status_bar::StatusBar,
    reader: reader::Reader,
    pub timeline: timeline_strip::TimelineState,
    pub findings: findings_panel::FindingsState,
    pub columns: columns::ColumnsState,
    pub recovery: recovery::RecoveryState,
    pub palette: palette::PaletteState,
    pub share: super::share::ShareState,
    /// Notices the project file changing on disk (see `disk_watch`).
    pub disk_watch: super::disk_watch::DiskWatch,
    /// The release list: its filters and the rows shown.
    pub list: release_list::ReleaseList,
    /// Releases picked in the list (Ctrl-click) for comparing.
    pub picked: std::collections::BTreeSet<usize>,
    /// A byte offset in the selected release that the reader should scroll to.
    pub(super) scroll_to: Option<usize>,
    /// SHA-256 of the open archive (see `project::archive_ref`), computed in the background
    /// after loading, for the paths it was computed of.
    archive_sha: Option<(Vec<PathBuf>, HashSlot)>,
    /// The files and folders the open archive was opened from, as given (a folder stays a
    /// folder: a project saved on it names the folder, not the first file read from it).
    opened_paths: Vec<PathBuf>,
    /// The paths of a project's archive of several while the user says where the missing
    /// ones are (the missing-archive prompt asks for each in turn).
    pub(super) locating: Vec<PathBuf>,
    /// Another archive was opened with a project open: the question, then the report.
    pub open_question: super::open_question::OpenQuestionWindow,
    /// The Help window with every shortcut.
    pub help: super::help::HelpWindow,
    /// File work under way off the UI thread (save, open, merge, …).
    pub tasks: super::tasks::Tasks<super::task_done::Done>,
    /// The user asked to quit while tasks ran: quit once they end.
    pub quit_after_tasks: bool,
    /// The project is being saved before another archive opens on its own (the open
    /// question's "Save, then open"): opened once the save ends well.
    pub open_after_save: Option<PathBuf>,
    /// Save was asked for again while a save to this path wrote: saved again once it ends,
    /// so that changes made in between are written too.
    pub save_again: Option<PathBuf>,
    /// Where the save under way writes.
    pub(super) saving_to: Option<PathBuf>,
    /// The archive being loaded, arranged by the loader (taken by `set_archive`).
    arranged: Option<super::loader::Arranged>,
    /// Release texts found unreadable so far (`archive::unreadable_texts`), already told.
    unreadable_told: usize,
    wake: Arc<dyn Fn() + Send + Sync>,
}

impl PressmarkApp {
    /// `wake` asks the UI to redraw (from any thread).
    pub fn new(prefs: Prefs, wake: Arc<dyn Fn() + Send + Sync>) -> PressmarkApp {
        let author = if prefs.author.trim().is_empty() {
            default_author()
        } else {
            prefs.author.clone()
        };
        PressmarkApp {
            prefs,
            archive: None,
            order: Vec::new(),
            selected: None,
            loading: None,
            early_load: None,
            error: None,
            open_panel: OpenPanel::default(),
            commands: Vec::new(),
            quit_requested: false,
            scroll_list_to_selected: false,
            doc: Session::new(&author),
            selection: None,
            selected_claim: None,
            tag_all: tag_all::TagAllState::default(),
            codebook_ui: codebook_window::CodebookUi::default(),
            claims_table_ui: claims_table::TableUi::default(),
            claims_plot: super::claims_plot::ClaimsPlotState::default(),
            claims_panel: claims_panel::ClaimsPanel::default(),
            confirm_quit: false,
            search: search_state::SearchState::default(),
            search_bar: search_bar::SearchBar::default(),
            status_bar: status_bar::StatusBar::default(),
            reader: reader::Reader::default(),
            timeline: timeline_strip::TimelineState::default(),
            findings: findings_panel::FindingsState::default(),
            columns: columns::ColumnsState::default(),
            recovery: recovery::RecoveryState::default(),
            palette: palette::PaletteState::default(),
            share: super::share::ShareState::default(),
            disk_watch: super::disk_watch::DiskWatch::default(),
            list: release_list::ReleaseList::default(),
            picked: std::collections::BTreeSet::new(),
            scroll_to: None,
            archive_sha: None,
            opened_paths: Vec::new(),
            locating: Vec::new(),
            open_question: super::open_question::OpenQuestionWindow::default(),
            help: super::help::HelpWindow::default(),
            tasks: super::tasks::Tasks::default(),
            quit_after_tasks: false,
            open_after_save: None,
            save_again: None,
            saving_to: None,
            arranged: None,
            unreadable_told: 0,
            wake,
        }
    }

    /// Whether `path` opens as an archive (not a project, not a bundle).
    pub fn opens_as_archive(path: &std::path::Path) -> bool {
        !is_project_path(path) && !is_bundle_path(path)
    }

    /// Takes over an archive load started before the window existed (see `app::run`), for
    /// a window with no project open.
    pub(super) fn open_started(&mut self, loading: Loading) {
        self.loading = Some(loading);
    }

    /// Opens an archive or a project, by what the file holds.
    pub fn open_any(&mut self, path: PathBuf) {
        if !Self::opens_as_archive(&path) {
            if self.doc.is_dirty() {
                // It takes the open project's place: never drop unsaved changes silently.
                self.open_question.question =
                    Some(super::open_question::OpenQuestion::unsaved(path));
                return;
            }
            self.open_project_or_bundle(path);
        } else {
            let project_open = self.doc.path.is_some() || !self.doc.project.claims.is_empty();
            if project_open && self.archive_path().as_ref() != Some(&path) {
                // Never re-point a project silently: ask.
                self.open_question.question = Some(super::open_question::OpenQuestion::ask(path));
                return;
            }
            // The same file again (perhaps changed on disk): the claims are placed anew.
            self.doc.needs_reanchor = project_open;
            self.open(vec![path]);
        }
    }

    /// Opens a project file or a bundle in the open project's place.
    pub(super) fn open_project_or_bundle(&mut self, path: PathBuf) {
        if is_bundle_path(&path) {
            let label = format!("Opening {}", file_label(&path));
            self.spawn_task("open-bundle", label, TaskKind::Open, move || {
                let result = crate::export::load_project_any(&path).map_err(|e| e.to_string());
                Done::BundleRead { path, result }
            });
        } else {
            self.open_project(&path);
        }
    }

    /// Reads a project on a task; the archive it names starts loading at once, held apart
    /// until the project is read (a project that cannot be read leaves the open archive
    /// as it was).
    pub fn open_project(&mut self, path: &std::path::Path) {
        if self.refuses(TaskKind::Open) {
            return;
        }
        // Start reading the archive while the project parses: both can take a while.
        let early = crate::project::store::peek_archive_path(path).filter(|p| p.is_file());
        self.early_load = early.as_ref().map(|archive_path| {
            let wake = self.wake.clone();
            Loading::start(vec![archive_path.clone()], move || wake())
        });
        let path = path.to_owned();
        let label = format!("Opening {}", file_label(&path));
        self.spawn_task("open-project", label, TaskKind::Open, move || {
            let result = Session::open(&path).map(|(doc, archive)| (Box::new(doc), archive));
            Done::ProjectRead {
                path,
                early,
                result,
            }
        });
    }

    /// The missing-archive prompt, for `missing`.
    pub(super) fn ask_where(&mut self, missing: PathBuf) {
        self.error = Some(format!(
            "The project's archive is not at {}: choose where it is.",
            missing.display()
        ));
        self.open_panel.open(
            super::open_panel::Purpose::LocateArchive,
            &self.prefs,
            Some(missing),
        );
    }

    /// The user said where a missing archive path is: open the archive, or, for an archive
    /// of several paths, ask for the next missing one first.
    fn locate_archive(&mut self, path: PathBuf) {
        self.open_panel.visible = false;
        self.doc.needs_reanchor = true;
        if self.locating.is_empty() {
            self.open(vec![path]);
            return;
        }
        if let Some(slot) = self.locating.iter_mut().find(|p| !p.exists()) {
            *slot = path;
        }
        if let Some(next) = self.locating.iter().find(|p| !p.exists()).cloned() {
            self.ask_where(next);
            return;
        }
        let all = std::mem::take(&mut self.locating);
        self.open(all);
    }

    /// Columns for a claim's release and up to three other releases with the same words.
    fn compare_mentions(&mut self, id: ClaimId) {
        let (Some(archive), Some(index)) = (self.archive.clone(), self.search.index_ref()) else {
            self.error =
                Some("The search index is still being built; try again in a moment.".into());
            return;
        };
        let Some(claim) = self.doc.project.claim(id) else {
            return;
        };
        let Some(own) = archive.releases.iter().position(|r| r.id == claim.release) else {
            return;
        };
        let others = crate::search::mentions(&index, &archive, &claim.anchor.exact, own, 3);
        if others.is_empty() {
            self.error = Some(format!(
                "No other release mentions “{}”.",
                claim.anchor.exact
            ));
            return;
        }
        self.columns.clear();
        self.columns.add(own);
        for r in others {
            self.columns.add(r);
        }
    }

    /// Says so when a release text could not be read back from its archive file (changed
    /// since it was opened): it shows as blanks, which must not pass for the release.
    fn tell_unreadable_texts(&mut self) {
        let unreadable = crate::archive::unreadable_texts();
        if unreadable > self.unreadable_told {
            self.unreadable_told = unreadable;
            self.error = Some(
                "The archive file (or its cache) changed after Pressmark opened it: a \
                 release could not be read and shows as blanks or without its paragraphs \
                 and speakers. Open the archive again (File > Open) to read it anew."
                    .into(),
            );
        }
    }

    /// A function that asks the window to redraw, for background work.
    pub fn waker(&self) -> Arc<dyn Fn() + Send + Sync> {
        self.wake.clone()
    }

    /// The name new claims are given.
    pub fn author(&self) -> String {
        if self.prefs.author.trim().is_empty() {
            default_author()
        } else {
            self.prefs.author.clone()
        }
    }

    /// The path the open archive was opened from (its first, if several): a file, or a
    /// folder.
    pub fn archive_path(&self) -> Option<PathBuf> {
        self.archive_paths().into_iter().next()
    }

    /// Every file or folder the open archive was opened from, in order.
    pub fn archive_paths(&self) -> Vec<PathBuf> {
        let Some(archive) = &self.archive else {
            return Vec::new();
        };
        if self.opened_paths.is_empty() {
            return archive
                .files
                .first()
                .map(|f| f.path.clone())
                .into_iter()
                .collect();
        }
        self.opened_paths.clone()
    }

    /// The folder a colleague's file most likely sits in: the project's (else the archive's),
    /// ending in a separator so that only the file name is left to type.
    pub(super) fn work_folder(&self) -> Option<PathBuf> {
        let file = self.doc.path.clone().or_else(|| self.archive_path())?;
        Some(file.parent()?.join(""))
    }

    /// Saves to `path` on a task: a snapshot of the project now is written (and synced);
    /// edits made meanwhile stay unsaved.
    pub(super) fn save_to(&mut self, path: PathBuf) {
        let previous = self.doc.path.clone();
        let paths = self.archive_paths();
        let sha = self.archive_sha.as_ref().and_then(|(p, sha)| {
            let sha = sha.lock().ok()?.clone()?;
            (*p == paths).then_some(sha)
        });
        if self.saving_to.as_ref() == Some(&path) && self.tasks.has(TaskKind::Save) {
            // Ctrl+S again while it writes: not an error; once more when it ends.
            self.save_again = Some(path);
            return;
        }
        if self.refuses(TaskKind::Save) {
            return;
        }
        let job = self.doc.begin_save(&path, &paths, sha.as_deref());
        let label = format!("Saving {}", file_label(&path));
        let started = self.spawn_task("save", label, TaskKind::Save, move || Done::Saved {
            result: job.run(),
            previous,
        });
        if started {
            self.saving_to = Some(path);
        } else {
            self.doc.history.end_save(false);
        }
    }

    pub(super) fn apply_edit(&mut self, edit: Edit) {
        if self.edits_held() {
            return;
        }
        if let Err(e) = self.doc.apply(edit) {
            self.error = Some(format!("That change could not be made: {e}"));
        }
        if self
            .selected_claim
            .is_some_and(|id| self.doc.project.claim(id).is_none())
        {
            self.selected_claim = None;
        }
    }

    /// What the tag keys act on: the selected words, else the selected claim.
    fn tag_target(&self) -> Option<crate::project::TagTarget> {
        crate::project::TagTarget::of(self.selection, self.selected_claim)
    }

    /// After a tagging: the claim tagged is selected and the words let go.
    fn tagged(&mut self, result: Result<Option<ClaimId>, crate::project::EditError>) {
        match result {
            Ok(Some(id)) => {
                self.selection = None;
                self.selected_claim = Some(id);
            }
            Ok(None) => {}
            Err(e) => self.error = Some(format!("That change could not be made: {e}")),
        }
    }

    /// Tags the selection with `tag`, or adds the tag to the selected claim.
    pub(super) fn tag_selection(&mut self, tag: crate::project::TagId) {
        let (Some(archive), Some(target)) = (self.archive.clone(), self.tag_target()) else {
            return;
        };
        let result = self.doc.tag(&archive, target, tag, unix_now());
        self.tagged(result);
    }

    /// Tags the selection with the tag called `name`, made if there is none.
    fn tag_selection_with_name(&mut self, name: &str) {
        let Some(archive) = self.archive.clone() else {
            return;
        };
        let target = self.tag_target();
        let result = self.doc.tag_with_name(&archive, target, name, unix_now());
        self.tagged(result);
    }

    /// Turns a figure into a claim tagged as its kind and context suggest.
    fn claim_figure(&mut self, release: usize, start: usize, end: usize) {
        let Some(archive) = self.archive.clone() else {
            return;
        };
        let result = self
            .doc
            .claim_figure(&archive, release, start, end, unix_now());
        if let Ok(Some(id)) = result {
            self.selected_claim = Some(id);
        } else if let Err(e) = result {
            self.error = Some(format!("That change could not be made: {e}"));
        }
    }

    fn start_hashing(&mut self) {
        let path = self.archive_paths();
        if path.is_empty() {
            return;
        }
        if self.archive_sha.as_ref().is_some_and(|(p, _)| p == &path) {
            return;
        }
        let slot = Arc::new(std::sync::Mutex::new(None));
        let thread_slot = slot.clone();
        let thread_path = path.clone();
        let _ = std::thread::Builder::new()
            .name("hash-archive".into())
            .spawn(move || {
                super::background::lower_priority();
                // A folder's digest covers its archive files; several paths, each's digest.
                // Read from the cache folder when stored for the same files (a reopening).
                if let Ok(sha) = crate::project::archive_ref::archive_digest_stored(&thread_path) {
                    if let Ok(mut s) = thread_slot.lock() {
                        *s = Some(sha);
                    }
                }
            });
        self.archive_sha = Some((path, slot));
    }

    /// Gives the project the open archive's hash once it is known, if the project refers to
    /// that archive without one (just re-pointed): exports and bundles record it.
    fn learn_archive_sha(&mut self) {
        if !self.doc.project.archive.sha256.is_empty() {
            return;
        }
        let Some((path, slot)) = &self.archive_sha else {
            return;
        };
        let sha = slot.lock().ok().and_then(|s| s.clone());
        if let Some(sha) = sha {
            self.doc.learn_archive_sha(path, &sha);
        }
    }

    /// Starts loading archive files in the background.
    pub fn open(&mut self, paths: Vec<PathBuf>) {
        let wake = self.wake.clone();
        self.loading = Some(Loading::start(paths, move || wake()));
    }

    /// Blocks until the tasks under way and a load in progress finish (tests).
    pub fn wait_for_load(&mut self) {
        self.wait_for_tasks();
        if let Some(loading) = &self.loading {
            let events = loading.wait();
            self.handle_load_events(events);
        }
    }

    pub fn release_title(&self) -> Option<&str> {
        let archive = self.archive.as_ref()?;
        let r = archive.releases.get(self.selected?)?;
        Some(&r.title)
    }

    fn poll_loading(&mut self) {
        let Some(loading) = &self.loading else {
            return;
        };
        let events = loading.poll();
        self.handle_load_events(events);
    }

    fn handle_load_events(&mut self, events: Vec<LoadEvent>) {
        for event in events {
            match event {
                LoadEvent::Preview(archive) => {
                    crate::trace::mark("first releases shown");
                    self.set_archive(archive, false)
                }
                LoadEvent::Done(Ok(archive)) => {
                    crate::trace::mark("archive loaded");
                    if let Some(loading) = self.loading.take() {
                        for p in &loading.paths {
                            self.prefs.add_recent(p);
                        }
                        self.opened_paths = loading.paths;
                    }
                    self.set_archive(archive.clone(), true);
                    self.search.index(archive.clone(), self.wake.clone());
                    self.findings.reset(archive.clone());
                    self.error = None;
                    if let Some(path) = self.doc.repoint_to.take() {
                        match self.doc.repoint(&archive, &path) {
                            Ok(counts) => {
                                self.open_question.report =
                                    Some(super::open_question::RepointReport { path, counts })
                            }
                            Err(e) => {
                                self.error = Some(format!("Could not re-point the project: {e}"))
                            }
                        }
                    } else if self.doc.needs_reanchor {
                        if let Err(e) = self.doc.reanchor(&archive) {
                            self.error = Some(format!("Could not re-anchor the claims: {e}"));
                        }
                    }
                    crate::trace::mark("archive shown, claims anchored");
                }
                LoadEvent::Cache(news) => self.search.cache(news),
                LoadEvent::Arranged(arranged) => self.arranged = Some(arranged),
                LoadEvent::Done(Err(message)) => {
                    // The archive we had stays open.
                    self.loading = None;
                    self.error = Some(message);
                }
            }
        }
    }

    fn set_archive(&mut self, archive: Arc<Archive>, complete: bool) {
        let keep = self
            .selected
            .and_then(|i| self.archive.as_ref()?.releases.get(i))
            .map(|r| r.id.clone());
        // Arranged by the loader if this is the archive it loaded, else here.
        let arranged = self
            .arranged
            .take()
            .filter(|a| Arc::ptr_eq(&a.archive, &archive));
        let (order, timeline, date_range) = match arranged {
            Some(a) => (a.order, a.timeline, a.date_range),
            None => (
                archive.newest_first(),
                crate::timeline::Timeline::new(&archive),
                archive.date_range(),
            ),
        };
        self.selected = keep
            .and_then(|id| archive.releases.iter().position(|r| r.id == id))
            .or_else(|| {
                if complete {
                    order.first().copied()
                } else {
                    None
                }
            })
            .or(self.selected.filter(|&i| i < archive.releases.len()));
        self.order = order;
        self.timeline.rebuild_with(&archive, timeline);
        self.status_bar.date_range = date_range;
        self.columns.clear();
        self.picked.clear();
        self.list.archive_changed();
        self.reader.clear();
        self.archive = Some(archive);
        self.selection = None;
        self.scroll_list_to_selected = true;
    }

    /// Draws the whole window into `ui`, then applies what the user asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let frame_start = std::time::Instant::now();
        self.show_inner(ui);
        let took = frame_start.elapsed();
        if took > std::time::Duration::from_millis(30) {
            crate::trace::mark(&format!("slow frame: {took:?}"));
        }
    }

    fn show_inner(&mut self, ui: &mut egui::Ui) {
        self.poll_loading();
        self.finish_tasks();
        if let Some(archive) = self.archive.clone() {
            self.search.update(&archive, &self.search_bar.query);
            // The archive's checksum (for the project file) waits for the search index, so
            // the two do not share the CPU while the user waits to search.
            if self.loading.is_none() && !self.search.is_indexing() {
                self.start_hashing();
                self.learn_archive_sha();
            }
        }
        self.handle_dropped_files(ui.ctx());
        self.tell_unreadable_texts();
        self.handle_shortcuts(ui.ctx());
        let view = view!(self);
        menu::ui(ui, &view, &mut self.commands);
        self.status_bar.ui(ui, &view, &mut self.commands);
        let view = view!(self);
        self.disk_watch.ui(ui, &view, &mut self.commands);
        let view = view!(self);
        super::conflicts_panel::ui(ui, &view, &mut self.commands);
        let view = view!(self);
        self.timeline.ui(ui, &view, &mut self.commands);
        if let Some(error) = self.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                // Wrapped: a long message (and the Dismiss button after it) stays on screen.
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Error: {error}"));
                    if ui.button(AppCommand::DismissError.label()).clicked() {
                        self.commands.push(AppCommand::DismissError);
                    }
                });
            });
        }
        let view = view!(self);
        let search_bar = &mut self.search_bar;
        self.list.ui(ui, &view, &mut self.commands, |ui, commands| {
            search_bar.ui(ui, &view, commands)
        });
        self.claims_panel.ui(ui, &view, &mut self.commands);
        egui::CentralPanel::default().show(ui, |ui| {
            let area = ui.max_rect();
            if view.comparing {
                self.columns.ui(ui, &view, &mut self.commands);
            } else {
                self.reader.ui(ui, &view, &mut self.commands);
            }
            columns::drop_target(ui, &view, area, &mut self.commands);
        });
        self.open_panel
            .show(ui.ctx(), &self.prefs, &mut self.commands);
        self.status_bar.warnings_window(ui.ctx(), &view);
        // Panels that own their state and read the document through a `View`.
        let view = view!(self);
        self.codebook_ui.ui(ui.ctx(), &view, &mut self.commands);
        self.tag_all.ui(ui.ctx(), &view, &mut self.commands);
        self.help.ui(ui.ctx());
        self.claims_table_ui.ui(ui.ctx(), &view, &mut self.commands);
        self.claims_plot.ui(ui.ctx(), &view, &mut self.commands);
        let view = view!(self);
        self.findings
            .ui(ui.ctx(), &view, self.wake.clone(), &mut self.commands);
        let view = view!(self);
        self.recovery.ui(ui.ctx(), &view, &mut self.commands);
        if self.palette.visible {
            let view = view!(self);
            let enabled: Vec<Command> = Command::ALL
                .into_iter()
                .filter(|&c| menu::enabled(&view, c))
                .collect();
            self.palette.ui(ui.ctx(), &enabled, &mut self.commands);
        }
        let view = view!(self);
        self.share.ui(ui.ctx(), &view, &mut self.commands);
        let view = view!(self);
        self.open_question.ui(ui.ctx(), &view, &mut self.commands);
        let now = ui.input(|i| i.time);
        recovery::autosave(self, now);
        if self.doc.is_dirty() {
            // An idle window draws no frames: wake it when the next autosave is due.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(
                    recovery::AUTOSAVE_SECONDS,
                ));
        }
        self.quit_dialog(ui.ctx());
        if let Some(loading) = &self.loading {
            if loading.progress.fraction() < 1.0 {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // State changed after drawing: draw again so the window shows it.
            ui.ctx().request_repaint();
        }
        if !self.columns.is_active() {
            // The reader has brought the offset into view.
            self.scroll_to = None;
        }
        // The list has brought the selected row into view; a release chosen by the commands
        // below is brought into view on the next frame.
        self.scroll_list_to_selected = false;
        for command in commands {
            self.run_command(ui.ctx(), command);
        }
    }

    /// Asks what to do with unsaved changes when the window is closed.
    fn quit_dialog(&mut self, ctx: &egui::Context) {
        let close = ctx.input(|i| i.viewport().close_requested()) && !self.quit_requested;
        if close && !self.tasks.is_idle() {
            // A save under way is waited for, then quitting goes on as usual.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.quit_after_tasks = true;
        } else if close && self.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm_quit = true;
        }
        if self.quit_after_tasks {
            self.wait_to_quit(ctx);
        }
        if !self.confirm_quit {
            return;
        }
        egui::Modal::new(egui::Id::unique("confirm-quit")).show(ctx, |ui| {
            ui.heading("Save changes?");
            ui.label(format!(
                "{} has changes that are not saved.",
                self.doc.file_name()
            ));
            ui.horizontal(|ui| {
                for command in [
                    AppCommand::SaveAndQuit,
                    AppCommand::DiscardAndQuit,
                    AppCommand::CancelQuit,
                ] {
                    if ui.button(command.label()).clicked() {
                        self.commands.push(command);
                    }
                }
            });
        });
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.commands
                .extend(dropped.into_iter().map(AppCommand::OpenPath));
        }
    }

    /// Keys to commands, from the command table. While a text field has the keyboard
    /// (egui knows), only commands whose keys no text field uses, and that leave the
    /// document alone, act: a digit typed into a path is text, never a tag.
    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input() && !super::text_block::reader_has_focus(ctx);
        // Ctrl+C arrives as egui's Copy event. With words selected in the reader, copy them
        // as snapped to whole words; taking the event keeps egui from copying the raw drag.
        if !typing && self.selection.is_some() {
            let copy = ctx.input_mut(|i| {
                let before = i.events.len();
                i.events.retain(|e| !matches!(e, egui::Event::Copy));
                i.events.len() != before
            });
            if copy {
                self.commands.push(Command::CopySelection.into());
            }
        }
        let mut keyed: Vec<(Command, egui::KeyboardShortcut)> = Command::ALL
            .into_iter()
            .filter(|c| *c != Command::CopySelection && (!typing || c.while_typing()))
            .flat_map(|c| c.shortcuts().iter().map(move |k| (c, *k)))
            .collect();
        // Most modifiers first: egui ignores an extra Shift when matching, so Ctrl+Shift+Z
        // must be tried before Ctrl+Z takes it.
        keyed.sort_by_key(|(_, k)| {
            let m = k.modifiers;
            std::cmp::Reverse(u8::from(m.command) + u8::from(m.shift) + u8::from(m.alt))
        });
        for (command, shortcut) in keyed {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.commands.push(command.into());
            }
        }
    }

    /// The one place where state changes in answer to the user: a command from the table
    /// (see `user_commands.rs`) or a message from a panel.
    pub fn run_command(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::Run(c) => self.run(ctx, c),
            AppCommand::Browse => self.open_panel.browse(self.wake.clone()),
            AppCommand::CloseOpenPanel => self.open_panel.visible = false,
            AppCommand::BrowseFolder => self.open_panel.browse_folder(self.waker()),
            AppCommand::OpenPath(path) => {
                if self.document_busy() {
                    return;
                }
                self.open_panel.visible = false;
                self.open_any(path);
            }
            AppCommand::SelectRelease(i) => self.select_release(i),
            AppCommand::DismissError => self.error = None,
            AppCommand::ShowError(message) => self.error = Some(message),
            AppCommand::DiscardAndQuit => {
                if self.doc.path.is_none() {
                    // The user chose to drop the untitled work: no restore offer next time.
                    self.recovery.forget_untitled();
                }
                self.confirm_quit = false;
                self.quit_requested = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            AppCommand::SaveAndQuit => {
                self.confirm_quit = false;
                self.run(ctx, Command::Save);
                if self.tasks.has(TaskKind::Save) {
                    self.quit_after_tasks = true;
                } else if !self.doc.is_dirty() {
                    self.quit_requested = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            AppCommand::CancelQuit => self.confirm_quit = false,
            AppCommand::Edit(edit) => self.apply_edit(edit),
            AppCommand::SaveTo(path) => self.save_to(path),
            AppCommand::LocateArchive(path) => self.locate_archive(path),
            AppCommand::SetSelection {
                release,
                start,
                end,
            } => {
                // Claims are whole words: a drag that stops inside a word or a number
                // selects all of it.
                let (start, end) = self
                    .archive
                    .as_ref()
                    .and_then(|a| a.releases.get(release))
                    .map_or((start, end), |r| {
                        crate::project::snap_to_words(&r.text, start, end)
                    });
                self.selection = (start < end).then_some(Selection {
                    release,
                    start,
                    end,
                });
            }
            AppCommand::TagSelection(tag) => self.tag_selection(tag),
            AppCommand::CreateTagForSelection(name) => self.tag_selection_with_name(&name),
            AppCommand::SelectClaim(id) => {
                self.selected_claim = Some(id);
                self.selection = None;
            }
            AppCommand::JumpToClaim(id) => {
                let index = self.doc.project.claim(id).and_then(|c| {
                    self.archive
                        .as_ref()?
                        .releases
                        .iter()
                        .position(|r| r.id == c.release)
                });
                if let Some(i) = index {
                    self.select_release(i);
                }
                self.selected_claim = Some(id);
            }
            AppCommand::ScrollTo(at) => self.scroll_to = Some(at),
            AppCommand::TogglePick(i) => {
                if self.picked.is_empty() {
                    // The open release is highlighted in the list too: Ctrl-clicking a
                    // second release picks both, as the two highlighted rows say.
                    if let Some(open) = self.selected.filter(|&s| s != i) {
                        self.picked.insert(open);
                    }
                }
                if !self.picked.remove(&i) {
                    self.picked.insert(i);
                }
            }
            AppCommand::AddColumn(i) => {
                if self.columns.columns.is_empty() {
                    if let Some(s) = self.selected.filter(|&s| s != i) {
                        self.columns.add(s);
                    }
                }
                self.columns.add(i);
            }
            AppCommand::CloseColumn(pos) => {
                if pos < self.columns.columns.len() {
                    self.columns.columns.remove(pos);
                    // One column is no comparison: the reader takes over, showing the release
                    // open before comparing (perhaps the one just closed), so it must show
                    // the one left.
                    if let [left] = self.columns.columns[..] {
                        self.columns.clear();
                        self.select_release(left);
                    }
                    self.let_go_of_hidden();
                }
            }
            AppCommand::MoveColumn(from, to) => {
                let c = &mut self.columns.columns;
                if from < c.len() && to < c.len() {
                    c.swap(from, to);
                }
            }
            AppCommand::AlignShared {
                release,
                at,
                other,
                other_at,
            } => self.columns.align(&[(release, at), (other, other_at)]),
            AppCommand::RestoreRecovery(rec) => {
                if !self.document_busy() {
                    self.restore_recovery(rec);
                }
            }
            AppCommand::Unorphan(id) => self.doc.orphans.retain(|o| *o != id),
            AppCommand::DiskChanged(choice) => {
                if !self.document_busy() {
                    self.disk_changed(choice);
                }
            }
            AppCommand::CompareMentions(id) => self.compare_mentions(id),
            AppCommand::ExportTo(f, path) => {
                self.open_panel.visible = false;
                super::share_tasks::export_to(self, f, path);
            }
            AppCommand::MergeFrom(path) => {
                self.open_panel.visible = false;
                super::share_tasks::merge_from(self, &path);
            }
            AppCommand::AgreeWith(path) => {
                self.open_panel.visible = false;
                super::share_tasks::agree_with(self, &path);
            }
            AppCommand::ImportCsvFrom(path) => {
                self.open_panel.visible = false;
                super::share_tasks::import_csv_from(self, &path);
            }
            AppCommand::ClaimFigure {
                release,
                start,
                end,
            } => self.claim_figure(release, start, end),
            AppCommand::OpenArchiveAlone(path) => {
                if !self.document_busy() {
                    self.open_archive_alone(path);
                }
            }
            AppCommand::RepointProject(path) => {
                if !self.document_busy() {
                    self.repoint_project(path);
                }
            }
            AppCommand::CancelOpenArchive => self.open_question.question = None,
            AppCommand::SaveThenOpenAlone(path) => {
                if self.document_busy() {
                    return;
                }
                self.run(ctx, Command::Save);
                if self.tasks.has(TaskKind::Save) {
                    // Opened once the save has ended well (see `finish_save`).
                    self.open_after_save = Some(path);
                } else if !self.doc.is_dirty() {
                    self.close_project_and_open(path);
                }
                // Untitled work goes to Save As first.
                self.open_question.question = None;
            }
            AppCommand::DiscardThenOpenAlone(path) => {
                if !self.document_busy() {
                    self.close_project_and_open(path);
                }
            }
            AppCommand::DismissRepointReport => self.open_question.report = None,
            AppCommand::SetListWidths(widths) => self.prefs.list_widths = widths,
            AppCommand::SetTimelineLanes(by) => self.prefs.timeline_lanes = by,
            // panelsB
            AppCommand::SettleConflict(conflict) => {
                let conflicts = &mut self.doc.project.conflicts;
                if let Some(n) = conflicts.iter().position(|c| *c == *conflict) {
                    conflicts.remove(n);
                    // The list is part of the file: settling one is a change to save, and a
                    // new revision (a merge worked out meanwhile is worked out again).
                    self.doc.history.touch();
                    self.doc.history.mark_unsaved();
                }
            }
            AppCommand::DiscardRecovery(rec) => {
                let _ = std::fs::remove_file(&rec);
                if self.recovery.offer.as_ref() == Some(&rec) {
                    self.recovery.offer = None;
                }
            }
            AppCommand::RememberAuthor(name) => self.prefs.author = name,
            AppCommand::ReadDiskVersion(path) => self.read_disk_version(path),
            AppCommand::MergeWithTags { path, theirs, tags } => {
                super::share_tasks::start_merge(self, path, theirs, tags)
            }
            AppCommand::AgreeMapped(tags) => super::share_tasks::start_reagree(self, tags),
        }
    }

    /// Shows release `i` in the reader. The claims panel follows: a claim selected in
    /// another release is let go, so the tag keys act only on what is on screen.
    pub(super) fn select_release(&mut self, i: usize) {
        if self.selected == Some(i) {
            return;
        }
        self.selected = Some(i);
        self.scroll_list_to_selected = true;
        self.selection = None;
        self.let_go_of_claim_outside(&[i]);
    }

    /// After the columns change: selected words or a selected claim in a release no longer
    /// on screen (in a column, or in the reader) are let go, since the claims panel, the
    /// release note and the tag keys act on the release they belong to.
    pub(super) fn let_go_of_hidden(&mut self) {
        let shown: Vec<usize> = if self.columns.is_active() {
            self.columns.columns.clone()
        } else {
            self.selected.into_iter().collect()
        };
        if self.selection.is_some_and(|s| !shown.contains(&s.release)) {
            self.selection = None;
        }
        self.let_go_of_claim_outside(&shown);
    }

    /// Lets go of the selected claim unless it is in one of the releases `shown`.
    fn let_go_of_claim_outside(&mut self, shown: &[usize]) {
        let releases = self.archive.as_ref().map(|a| &a.releases);
        let claim_shown = self
            .selected_claim
            .and_then(|id| self.doc.project.claim(id))
            .is_some_and(|c| {
                shown
                    .iter()
                    .filter_map(|&i| releases?.get(i))
                    .any(|r| r.id == c.release)
            });
        if !claim_shown {
            self.selected_claim = None;
        }
    }

    /// Reads the recovery file on a task; `finish_restore` puts it in place.
    fn restore_recovery(&mut self, rec: PathBuf) {
        self.recovery.offer = None;
        let label = format!("Restoring {}", file_label(&rec));
        self.spawn_task("restore", label, TaskKind::Open, move || {
            let result = crate::project::store::load(&rec);
            Done::RecoveryRead { path: rec, result }
        });
    }

    /// "Pressmark — project.ron* — archive.txt"; the star marks unsaved changes.
    pub fn window_title(&self) -> String {
        let star = if self.doc.is_dirty() { "*" } else { "" };
        // What was opened, as given (a folder by its own name, not its first file's).
        let first = self
            .opened_paths
            .first()
            .or_else(|| self.archive.as_ref()?.files.first().map(|f| &f.path))
            .and_then(|p| p.file_name());
        let more = match self.opened_paths.len() {
            0 | 1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let archive = first
            .map(|n| format!(" — {}{more}", n.to_string_lossy()))
            .unwrap_or_default();
        format!("Pressmark — {}{star}{archive}", self.doc.file_name())
    }
}

pub fn apply_theme(ctx: &egui::Context, prefs: &Prefs) {
    ctx.set_theme(if prefs.dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
}

impl eframe::App for PressmarkApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let title = self.window_title();
        self.show(ui);
        if self.window_title() != title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(self.window_title()));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Prefs::KEY, &self.prefs);
    }
}

fn is_project_path(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

fn is_bundle_path(path: &std::path::Path) -> bool {
    super::share::is_bundle(path)
        // A Word document is a zip file too.
        && !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}
