//! The application state and the one place where commands are applied.

use std::path::PathBuf;
use std::sync::Arc;

use crate::archive::Archive;

use super::command::AppCommand;
use super::loader::{LoadEvent, Loading};
use super::open_panel::OpenPanel;
use super::prefs::Prefs;
use super::{menu, reader, release_list, status_bar};

/// Runtime state of the window. `prefs` is what persists.
pub struct PressmarkApp {
    pub prefs: Prefs,
    pub archive: Option<Arc<Archive>>,
    /// Indices into `archive.releases`, newest first.
    pub order: Vec<usize>,
    /// Index into `archive.releases`.
    pub selected: Option<usize>,
    pub loading: Option<Loading>,
    pub error: Option<String>,
    pub open_panel: OpenPanel,
    pub show_warnings: bool,
    /// Filled while drawing, applied after.
    pub commands: Vec<AppCommand>,
    pub quit_requested: bool,
    /// Set when the reader should scroll back to the top (a new release was selected).
    pub scroll_reader_to_top: bool,
    wake: Arc<dyn Fn() + Send + Sync>,
}

impl PressmarkApp {
    /// `wake` asks the UI to redraw (from any thread).
    pub fn new(prefs: Prefs, wake: Arc<dyn Fn() + Send + Sync>) -> PressmarkApp {
        PressmarkApp {
            prefs,
            archive: None,
            order: Vec::new(),
            selected: None,
            loading: None,
            error: None,
            open_panel: OpenPanel::default(),
            show_warnings: false,
            commands: Vec::new(),
            quit_requested: false,
            scroll_reader_to_top: false,
            wake,
        }
    }

    /// Starts loading archive files in the background.
    pub fn open(&mut self, paths: Vec<PathBuf>) {
        let wake = self.wake.clone();
        self.loading = Some(Loading::start(paths, move || wake()));
    }

    /// Blocks until a load in progress finishes (tests).
    pub fn wait_for_load(&mut self) {
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
                LoadEvent::Preview(archive) => self.set_archive(archive, false),
                LoadEvent::Done(Ok(archive)) => {
                    if let Some(loading) = self.loading.take() {
                        for p in &loading.paths {
                            self.prefs.add_recent(p);
                        }
                    }
                    self.set_archive(archive, true);
                    self.error = None;
                }
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
        let mut order: Vec<usize> = (0..archive.releases.len()).collect();
        // Newest first; undated last; file order breaks ties.
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&archive.releases[a], &archive.releases[b]);
            match (ra.date, rb.date) {
                (Some(x), Some(y)) => y.cmp(&x).then(a.cmp(&b)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.cmp(&b),
            }
        });
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
        self.archive = Some(archive);
        self.scroll_reader_to_top = true;
    }

    /// Draws the whole window into `ui`, then applies what the user asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.poll_loading();
        self.handle_dropped_files(ui.ctx());
        self.handle_shortcuts(ui.ctx());
        menu::show(self, ui);
        status_bar::show(self, ui);
        if let Some(error) = self.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Error: {error}"));
                    if ui.button(AppCommand::DismissError.label()).clicked() {
                        self.commands.push(AppCommand::DismissError);
                    }
                });
            });
        }
        release_list::show(self, ui);
        egui::CentralPanel::default().show(ui, |ui| reader::show(self, ui));
        self.open_panel
            .show(ui.ctx(), &self.prefs, &mut self.commands);
        status_bar::warnings_window(self, ui.ctx());
        if let Some(loading) = &self.loading {
            if loading.progress.fraction() < 1.0 {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            self.run_command(ui.ctx(), command);
        }
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

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        for command in AppCommand::WITH_SHORTCUTS {
            if let Some(shortcut) = command.shortcut() {
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                    self.commands.push(command);
                }
            }
        }
        // List navigation keys, unless a text field has the keyboard.
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        ctx.input(|i| {
            if i.key_pressed(egui::Key::J) || i.key_pressed(egui::Key::ArrowDown) {
                self.commands.push(AppCommand::NextRelease);
            }
            if i.key_pressed(egui::Key::K) || i.key_pressed(egui::Key::ArrowUp) {
                self.commands.push(AppCommand::PreviousRelease);
            }
        });
    }

    /// The one place where state changes in answer to the user.
    pub fn run_command(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::Open => {
                self.open_panel.open(&self.prefs);
                self.open_panel.browse((self.wake).clone());
            }
            AppCommand::Browse => self.open_panel.browse((self.wake).clone()),
            AppCommand::CloseOpenPanel => self.open_panel.visible = false,
            AppCommand::OpenPath(path) => {
                self.open_panel.visible = false;
                self.open(vec![path]);
            }
            AppCommand::SelectRelease(i) => {
                if self.selected != Some(i) {
                    self.selected = Some(i);
                    self.scroll_reader_to_top = true;
                }
            }
            AppCommand::NextRelease | AppCommand::PreviousRelease => {
                let pos = self
                    .selected
                    .and_then(|s| self.order.iter().position(|&i| i == s));
                let next = match (pos, command == AppCommand::NextRelease) {
                    (None, _) => 0,
                    (Some(p), true) => (p + 1).min(self.order.len().saturating_sub(1)),
                    (Some(p), false) => p.saturating_sub(1),
                };
                if let Some(&i) = self.order.get(next) {
                    self.run_command(ctx, AppCommand::SelectRelease(i));
                }
            }
            AppCommand::ToggleWarnings => self.show_warnings = !self.show_warnings,
            AppCommand::DismissError => self.error = None,
            AppCommand::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                apply_theme(ctx, &self.prefs);
            }
            AppCommand::ClearRecent => self.prefs.recent.clear(),
            AppCommand::Quit => {
                self.quit_requested = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// "Pressmark — file.txt".
    pub fn window_title(&self) -> String {
        match self.archive.as_ref().and_then(|a| a.files.first()) {
            Some(f) => format!(
                "Pressmark — {}",
                f.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
            None => "Pressmark".to_owned(),
        }
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
