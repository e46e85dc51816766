//! The status bar (releases, date range, warnings) and the warnings window.

use super::command::{AppCommand, Command};
use super::pressmark_app::PressmarkApp;

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            // File work under way (saving, opening, merging…): each with a spinner.
            for label in app.tasks.labels() {
                ui.spinner();
                ui.label(format!("{label}…"));
                ui.separator();
            }
            let Some(archive) = app.archive.clone() else {
                ui.label("No archive");
                return;
            };
            let count = format!("{} releases", archive.releases.len());
            ui.label(&count).widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Label, true, format!("Status: {count}"))
            });
            ui.separator();
            match app.date_range {
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
                app.commands.push(AppCommand::Run(Command::ToggleWarnings));
            }
            if !app.doc.orphans.is_empty() {
                ui.separator();
                let text = format!("{} orphaned claims", app.doc.orphans.len());
                if ui
                    .button(text)
                    .on_hover_text("Claims that could not be placed in the archive as it is now")
                    .clicked()
                {
                    app.commands.push(AppCommand::Run(Command::ToggleOrphans));
                }
            }
            if let Some(loading) = &app.loading {
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

pub fn warnings_window(app: &mut PressmarkApp, ctx: &egui::Context) {
    if !app.show_warnings {
        return;
    }
    let Some(archive) = app.archive.clone() else {
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
        app.show_warnings = false;
    }
}
