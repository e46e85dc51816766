//! The Open panel: a path field, recent files and Browse… for the native dialog.
//!
//! Where no native dialog can be shown (no desktop portal), rfd returns `None` at once, just
//! as for a cancel; the panel stays so the user can still type a path or pick a recent file.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

use super::command::AppCommand;
use super::prefs::Prefs;

#[derive(Default)]
pub struct OpenPanel {
    pub visible: bool,
    pub path: String,
    pub note: Option<String>,
    dialog: Option<Receiver<Option<PathBuf>>>,
}

impl OpenPanel {
    pub fn open(&mut self, prefs: &Prefs) {
        self.visible = true;
        self.note = None;
        if self.path.is_empty() {
            if let Some(p) = prefs.recent.first() {
                self.path = p.display().to_string();
            }
        }
    }

    /// Runs the native file dialog on its own thread, so the window keeps drawing.
    pub fn browse(&mut self, wake: Arc<dyn Fn() + Send + Sync>) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title("Open an archive")
                    .add_filter("Archives and projects", &["txt", "ron", "pressmark"])
                    .add_filter("All files", &["*"])
                    .pick_file();
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
                    Some(path) => commands.push(AppCommand::OpenPath(path)),
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
        egui::Window::new("Open")
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label("Archive or project file:");
                ui.horizontal(|ui| {
                    let field = ui.add(
                        egui::TextEdit::singleline(&mut self.path)
                            .hint_text("/path/to/archive.txt")
                            .desired_width(340.0),
                    );
                    field.widget_info(|| egui::WidgetInfo::text_edit(true, "", &self.path, "Path"));
                    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let open = ui.button("Open").clicked();
                    if (enter || open) && !self.path.trim().is_empty() {
                        commands.push(AppCommand::OpenPath(PathBuf::from(self.path.trim())));
                    }
                    if ui.button(AppCommand::Browse.label()).clicked() {
                        commands.push(AppCommand::Browse);
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
                if !prefs.recent.is_empty() {
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
