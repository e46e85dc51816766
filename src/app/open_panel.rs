//! The file panel: a path field, recent files and Browse… for the native dialog. One panel
//! serves Open, Open Project, Save As and Locate Archive.
//!
//! Where no native dialog can be shown (no desktop portal), rfd returns `None` at once, just
//! as for a cancel; the panel stays so the user can still type a path or pick a recent file.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

use super::command::AppCommand;
use super::prefs::Prefs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Purpose {
    #[default]
    Open,
    SaveAs,
    LocateArchive,
    Export(crate::export::Format),
    Merge,
    CompareColleague,
    ImportCsv,
}

impl Purpose {
    fn title(self) -> &'static str {
        match self {
            Purpose::Open => "Open",
            Purpose::SaveAs => "Save Project As",
            Purpose::LocateArchive => "Where is the archive?",
            Purpose::Export(_) => "Export",
            Purpose::Merge => "Merge Colleague's Project",
            Purpose::CompareColleague => "Compare with Colleague",
            Purpose::ImportCsv => "Import CSV",
        }
    }

    fn prompt(self) -> &'static str {
        match self {
            Purpose::Open => "Archive file or folder (any format), or project file:",
            Purpose::SaveAs => "Save the project to:",
            Purpose::LocateArchive => {
                "The project's archive is not where the project says. Archive file:"
            }
            Purpose::Export(_) => "Write the export to:",
            Purpose::Merge | Purpose::CompareColleague => "Colleague's project or bundle:",
            Purpose::ImportCsv => "CSV file of claims:",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Purpose::Open | Purpose::LocateArchive => "Open",
            Purpose::SaveAs | Purpose::Export(_) => "Save",
            Purpose::Merge => "Merge",
            Purpose::CompareColleague => "Compare",
            Purpose::ImportCsv => "Import",
        }
    }

    fn command(self, path: PathBuf) -> AppCommand {
        match self {
            Purpose::Open => AppCommand::OpenPath(path),
            Purpose::SaveAs => AppCommand::SaveTo(path),
            Purpose::LocateArchive => AppCommand::LocateArchive(path),
            Purpose::Export(f) => AppCommand::ExportTo(f, path),
            Purpose::Merge => AppCommand::MergeFrom(path),
            Purpose::CompareColleague => AppCommand::AgreeWith(path),
            Purpose::ImportCsv => AppCommand::ImportCsvFrom(path),
        }
    }
}

#[derive(Default)]
pub struct OpenPanel {
    pub visible: bool,
    pub purpose: Purpose,
    pub path: String,
    pub note: Option<String>,
    dialog: Option<Receiver<Option<PathBuf>>>,
    /// Just opened: the path field takes the keyboard, its text selected, so what is typed
    /// replaces the suggestion (and a `/` or a digit is text, not a shortcut).
    focus: bool,
}

impl OpenPanel {
    pub fn open(&mut self, purpose: Purpose, prefs: &Prefs, suggestion: Option<PathBuf>) {
        self.visible = true;
        self.purpose = purpose;
        self.note = None;
        self.focus = true;
        if let Some(s) = suggestion {
            self.path = s.display().to_string();
        } else if self.path.is_empty() || purpose != Purpose::Open {
            self.path = prefs
                .recent
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
        }
    }

    /// Runs the native file dialog on its own thread, so the window keeps drawing.
    pub fn browse(&mut self, wake: Arc<dyn Fn() + Send + Sync>) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let purpose = self.purpose;
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let dialog = rfd::FileDialog::new().set_title(purpose.title());
                let picked = match purpose {
                    Purpose::SaveAs => dialog
                        .add_filter("Pressmark project", &["ron"])
                        .set_file_name("project.ron")
                        .save_file(),
                    Purpose::Export(f) => dialog
                        .set_file_name(format!("export.{}", f.extension()))
                        .save_file(),
                    _ => dialog
                        .add_filter(
                            "Archives and projects",
                            &[
                                "txt", "json", "html", "htm", "xml", "rss", "atom", "md", "docx",
                                "pdf", "ron", "pmbundle", "zip",
                            ],
                        )
                        .add_filter("All files", &["*"])
                        .pick_file(),
                };
                let _ = tx.send(picked);
                wake();
            });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        }
    }

    /// Runs the native folder dialog on its own thread: a folder opens as one archive.
    pub fn browse_folder(&mut self, wake: Arc<dyn Fn() + Send + Sync>) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("folder-dialog".into())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title("Open Folder")
                    .pick_folder();
                let _ = tx.send(picked);
                wake();
            });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        }
    }

    pub fn show(&mut self, ctx: &egui::Context, prefs: &Prefs, commands: &mut Vec<AppCommand>) {
        if let Some(rx) = &self.dialog {
            if let Ok(picked) = rx.try_recv() {
                self.dialog = None;
                match picked {
                    Some(path) => commands.push(self.purpose.command(path)),
                    None => {
                        self.note = Some(
                            "No file was chosen (or no file dialog is available here): type a path above or pick a recent file."
                                .to_owned(),
                        );
                    }
                }
            }
        }
        if !self.visible {
            return;
        }
        let mut open = true;
        egui::Window::new(self.purpose.title())
            .id(egui::Id::unique("file-panel"))
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label(self.purpose.prompt());
                ui.horizontal(|ui| {
                    let field = super::widgets::field(
                        ui,
                        "Path",
                        egui::TextEdit::singleline(&mut self.path)
                            .hint_text("/path/to/file or folder")
                            .desired_width(340.0),
                    );
                    if std::mem::take(&mut self.focus) {
                        super::widgets::select_all(ui.ctx(), &field, &self.path);
                    }
                    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let go = ui.button(self.purpose.action()).clicked();
                    if (enter || go) && !self.path.trim().is_empty() {
                        commands.push(self.purpose.command(PathBuf::from(self.path.trim())));
                    }
                    if ui.button(AppCommand::Browse.label()).clicked() {
                        commands.push(AppCommand::Browse);
                    }
                    if self.purpose == Purpose::Open
                        && ui.button(AppCommand::BrowseFolder.label()).clicked()
                    {
                        commands.push(AppCommand::BrowseFolder);
                    }
                });
                if self.dialog.is_some() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Waiting for the file dialog…");
                    });
                }
                if let Some(note) = &self.note {
                    ui.label(egui::RichText::new(note).weak());
                }
                if self.purpose == Purpose::Open && !prefs.recent.is_empty() {
                    ui.separator();
                    ui.label("Recent files:");
                    for path in &prefs.recent {
                        if ui.link(path.display().to_string()).clicked() {
                            commands.push(AppCommand::OpenPath(path.clone()));
                        }
                    }
                }
                ui.separator();
                if ui.button(AppCommand::CloseOpenPanel.label()).clicked() {
                    commands.push(AppCommand::CloseOpenPanel);
                }
            });
        if !open {
            self.visible = false;
        }
    }
}
