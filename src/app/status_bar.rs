//! The status bar (file work under way, releases, date range, warnings, orphans, loading)
//! and the warnings window it opens.

use crate::archive::PartialDate;

use super::command::{AppCommand, Command};
use super::view::View;

/// The status bar's own state: the archive's date range (found once per archive) and
/// whether the warnings window is open.
#[derive(Default)]
pub struct StatusBar {
    pub show_warnings: bool,
    /// The open archive's first and last dates (`Archive::date_range`), set with it.
    pub(super) date_range: Option<(PartialDate, PartialDate)>,
}

impl StatusBar {
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                // File work under way (saving, opening, merging…): each with a spinner.
                for label in view.tasks.labels() {
                    ui.spinner();
                    ui.label(format!("{label}…"));
                    ui.separator();
                }
                let Some(archive) = view.archive else {
                    ui.label("No archive");
                    return;
                };
                let count = format!("{} releases", archive.releases.len());
                ui.label(&count).widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Label, true, format!("Status: {count}"))
                });
                ui.separator();
                match self.date_range {
                    Some((a, b)) => ui.label(format!("{} – {}", a.long(), b.long())),
                    None => ui.label("no dates"),
                };
                ui.separator();
                let n = archive.warnings.len();
                let text = if n == 1 {
                    "1 warning".to_owned()
                } else {
                    format!("{n} warnings")
                };
                if ui
                    .button(text)
                    .on_hover_text("Show the warnings, each with its file and line")
                    .clicked()
                {
                    commands.push(AppCommand::Run(Command::ToggleWarnings));
                }
                if !view.doc.orphans.is_empty() {
                    ui.separator();
                    let text = format!("{} orphaned claims", view.doc.orphans.len());
                    if ui
                        .button(text)
                        .on_hover_text(
                            "Claims that could not be placed in the archive as it is now",
                        )
                        .clicked()
                    {
                        commands.push(AppCommand::Run(Command::ToggleOrphans));
                    }
                }
                if let Some(loading) = view.loading {
                    ui.separator();
                    ui.add(
                        egui::ProgressBar::new(loading.progress.fraction())
                            .desired_width(160.0)
                            .text("loading…"),
                    );
                }
            });
        });
    }

    /// The warnings window, each warning with its file and line.
    pub fn warnings_window(&mut self, ctx: &egui::Context, view: &View) {
        if !self.show_warnings {
            return;
        }
        let Some(archive) = view.archive else {
            return;
        };
        let mut open = true;
        egui::Window::new("Warnings")
            .open(&mut open)
            .default_size([640.0, 320.0])
            .show(ctx, |ui| {
                if archive.warnings.is_empty() {
                    ui.label("The archive was read without warnings.");
                    return;
                }
                let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
                egui::ScrollArea::vertical().show_rows(
                    ui,
                    row_height,
                    archive.warnings.len(),
                    |ui, rows| {
                        for w in &archive.warnings[rows] {
                            ui.label(format!(
                                "{}:{}: {}",
                                archive.file_path(w.file).display(),
                                w.line,
                                w.message
                            ));
                        }
                    },
                );
            });
        if !open {
            self.show_warnings = false;
        }
    }
}
