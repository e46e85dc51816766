//! What each command of the table does: the app's answer to a menu item, a palette entry
//! or a shortcut. Messages from panels are applied in `pressmark_app.rs`.

use super::command::Command;
use super::open_panel::Purpose;
use super::pressmark_app::{apply_theme, PressmarkApp};
use crate::project::Session;

impl PressmarkApp {
    pub(super) fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Open | Command::OpenProject => {
                self.open_panel.open(Purpose::Open, &self.prefs, None);
                self.open_panel.browse(self.waker());
            }
            Command::OpenFolder => {
                self.open_panel.open(Purpose::Open, &self.prefs, None);
                self.open_panel.browse_folder(self.waker());
            }
            Command::NextRelease | Command::PreviousRelease => {
                // The rows the list shows (a search or filters narrow them), not the whole
                // archive's order: stepping on from a match must not open a release the
                // search left out. All releases when the list is hidden.
                let rows = if self.prefs.hide_list {
                    &self.order
                } else {
                    &self.list.rows
                };
                let pos = self
                    .selected
                    .and_then(|s| rows.iter().position(|&i| i == s));
                let next = match (pos, command == Command::NextRelease) {
                    (None, _) => 0,
                    (Some(p), true) => (p + 1).min(rows.len().saturating_sub(1)),
                    (Some(p), false) => p.saturating_sub(1),
                };
                if let Some(&i) = rows.get(next) {
                    self.select_release(i);
                }
            }
            Command::ToggleWarnings => {
                self.status_bar.show_warnings = !self.status_bar.show_warnings
            }
            Command::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                apply_theme(ctx, &self.prefs);
            }
            Command::ClearRecent => self.prefs.recent.clear(),
            Command::Quit => {
                if !self.tasks.is_idle() {
                    // Quits once the save (or other file work) under way has ended.
                    self.quit_after_tasks = true;
                } else if self.doc.is_dirty() {
                    self.confirm_quit = true;
                } else {
                    self.quit_requested = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Command::Undo => {
                if self.edits_held() {
                    return;
                }
                match self.doc.undo() {
                    // A re-pointing undone: the claims go back to the archive they were on.
                    Ok(Some(archive)) => self.open(archive),
                    Ok(None) => {}
                    Err(e) => self.error = Some(format!("Could not undo: {e}")),
                }
                self.claims_panel.clear_drafts();
            }
            Command::Redo => {
                if self.edits_held() {
                    return;
                }
                match self.doc.redo() {
                    Ok(Some(archive)) => self.open(archive),
                    Ok(None) => {}
                    Err(e) => self.error = Some(format!("Could not redo: {e}")),
                }
                self.claims_panel.clear_drafts();
            }
            Command::NewProject => {
                if self.document_busy() {
                } else if self.doc.is_dirty() {
                    self.error = Some(
                        "Save or undo the changes to this project before starting a new one."
                            .to_owned(),
                    );
                } else {
                    self.doc = Session::new(&self.author());
                    self.selected_claim = None;
                }
            }
            Command::Save => match self.doc.path.clone() {
                Some(path) => self.save_to(path),
                None => self.run(ctx, Command::SaveAs),
            },
            Command::SaveAs => {
                let suggestion = self.doc.path.clone().or_else(|| {
                    self.archive_path()
                        .map(|p| p.with_extension("pressmark.ron"))
                });
                self.open_panel
                    .open(Purpose::SaveAs, &self.prefs, suggestion);
            }
            Command::ToggleCodebook => self.codebook_ui.visible = !self.codebook_ui.visible,
            Command::ToggleClaimsTable => {
                self.claims_table_ui.visible = !self.claims_table_ui.visible
            }
            Command::ToggleClaimsPlot => self.claims_plot.visible = !self.claims_plot.visible,
            Command::ToggleTagAll => self.tag_all.visible = !self.tag_all.visible,
            Command::FocusSearch => self.search_bar.focus = true,
            Command::ToggleFindings => self.findings.visible = !self.findings.visible,
            Command::CompareSelected => {
                self.columns.clear();
                for &i in &self.picked {
                    self.columns.add(i);
                }
                self.picked.clear();
            }
            Command::CloseColumns => {
                self.columns.clear();
                self.let_go_of_hidden();
            }
            Command::ToggleLinkedScrolling => {
                self.columns.linked = !self.columns.linked;
                self.columns.relevel = self.columns.linked;
            }
            Command::ToggleReleaseList => self.prefs.hide_list = !self.prefs.hide_list,
            Command::ToggleClaimsPanel => {
                self.prefs.hide_claims_panel = !self.prefs.hide_claims_panel
            }
            Command::ToggleOrphans => self.recovery.show_orphans = !self.recovery.show_orphans,
            Command::TogglePrefs => self.recovery.show_prefs = !self.recovery.show_prefs,
            Command::TogglePalette => self.palette.toggle(),
            Command::ToggleShortcuts => self.help.visible = !self.help.visible,
            Command::ReopenLastProject => match self.prefs.last_project.clone() {
                Some(p) => self.open_any(p),
                None => self.error = Some("No project has been opened yet.".to_owned()),
            },
            Command::Export(f) => {
                let suggestion = self.archive_path().map(|p| p.with_extension(f.extension()));
                self.open_panel
                    .open(Purpose::Export(f), &self.prefs, suggestion);
            }
            Command::Merge => {
                let folder = self.work_folder();
                self.open_panel.open(Purpose::Merge, &self.prefs, folder)
            }
            Command::CompareColleague => {
                let folder = self.work_folder();
                self.open_panel
                    .open(Purpose::CompareColleague, &self.prefs, folder)
            }
            Command::ImportCsv => {
                let folder = self.work_folder();
                self.open_panel
                    .open(Purpose::ImportCsv, &self.prefs, folder)
            }
            Command::NextHit | Command::PreviousHit => self.step_hit(command == Command::NextHit),
            Command::TagWithNth(n) => {
                let tag = self.doc.project.codebook.tags().get(usize::from(n));
                if let Some(tag) = tag.map(|t| t.id) {
                    self.tag_selection(tag);
                }
            }
            Command::CopySelection => {
                let words = self.selection.and_then(|s| {
                    let text = &self.archive.as_ref()?.releases.get(s.release)?.text;
                    text.get(s.start..s.end).map(str::to_owned)
                });
                if let Some(words) = words {
                    ctx.copy_text(words);
                }
            }
            Command::CopyClaimWithCitation => {
                let cited = self.selected_claim.and_then(|id| {
                    let claim = self.doc.project.claim(id)?;
                    let archive = self.archive.as_ref()?;
                    let release = archive.releases.iter().find(|r| r.id == claim.release)?;
                    Some(crate::export::citation::citation(claim, release))
                });
                match cited {
                    Some(text) => ctx.copy_text(text),
                    None => self.error = Some("Select a claim to copy it.".to_owned()),
                }
            }
            Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Command::ZoomReset => ctx.set_zoom_factor(1.0),
        }
    }

    /// Goes to the next (or previous) search hit, in the reader or its compare column.
    fn step_hit(&mut self, forward: bool) {
        let total = self.search.total_hits();
        if total == 0 {
            return;
        }
        let next = match (self.search.current, forward) {
            (None, true) => 0,
            (None, false) => total - 1,
            (Some(c), true) => (c + 1) % total,
            (Some(c), false) => (c + total - 1) % total,
        };
        self.search.current = Some(next);
        if let Some((release, hit)) = self.search.nth_hit(next) {
            self.select_release(release);
            self.scroll_to = Some(hit.start);
            // Side by side, the column showing that release scrolls to the hit.
            if self.columns.is_active() && self.columns.columns.contains(&release) {
                self.columns.align(&[(release, hit.start)]);
            }
        }
    }

    /// Another archive opened while a project is open: the question's first answer. The
    /// project is closed (asking about unsaved changes first) and the archive opens alone.
    pub(super) fn open_archive_alone(&mut self, path: std::path::PathBuf) {
        if self.doc.is_dirty() {
            self.open_question.question = Some(super::open_question::OpenQuestion::unsaved(path));
            return;
        }
        self.close_project_and_open(path);
    }

    /// Drops the open project (its file stays as saved) and opens `path` with a new one.
    pub(super) fn close_project_and_open(&mut self, path: std::path::PathBuf) {
        if self.doc.path.is_none() {
            self.recovery.forget_untitled();
        }
        self.open_question.question = None;
        if !Self::opens_as_archive(&path) {
            // The project read takes the open one's place (which stays if it cannot be read).
            self.open_project_or_bundle(path);
            return;
        }
        self.doc = Session::new(&self.author());
        self.selection = None;
        self.selected_claim = None;
        self.claims_panel.clear_drafts();
        self.open(vec![path]);
    }

    /// The question's second answer: load `path` and re-point the project at it, its claims
    /// re-anchored there, as one undo step; the check's report is shown.
    pub(super) fn repoint_project(&mut self, path: std::path::PathBuf) {
        self.open_question.question = None;
        let from = self.archive_path();
        self.doc.begin_repoint(path.clone(), from.as_deref());
        self.open(vec![path]);
    }
}
