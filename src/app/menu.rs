//! The menu bar: every command with its shortcut.

use super::command::AppCommand;
use super::pressmark_app::PressmarkApp;

/// A menu entry that pushes `command`, showing its shortcut.
pub fn item(ui: &mut egui::Ui, commands: &mut Vec<AppCommand>, command: AppCommand) {
    let mut button = egui::Button::new(command.label());
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add(button).clicked() {
        commands.push(command);
    }
}

/// A checkbox menu entry for a toggle, showing its shortcut.
fn check(ui: &mut egui::Ui, commands: &mut Vec<AppCommand>, on: bool, command: AppCommand) {
    let mut on = on;
    let mut label = command.label().to_owned();
    if let Some(s) = command.shortcut() {
        label = format!("{label} ({})", ui.ctx().format_shortcut(&s));
    }
    if ui.checkbox(&mut on, label).changed() {
        commands.push(command);
    }
}

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, &mut app.commands, AppCommand::NewProject);
                item(ui, &mut app.commands, AppCommand::Open);
                item(ui, &mut app.commands, AppCommand::OpenFolder);
                item(ui, &mut app.commands, AppCommand::OpenProject);
                if app.prefs.last_project.is_some() {
                    item(ui, &mut app.commands, AppCommand::ReopenLastProject);
                }
                ui.menu_button("Open Recent", |ui| {
                    if app.prefs.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in &app.prefs.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            app.commands.push(AppCommand::OpenPath(path.clone()));
                        }
                    }
                    ui.separator();
                    item(ui, &mut app.commands, AppCommand::ClearRecent);
                });
                ui.separator();
                item(ui, &mut app.commands, AppCommand::Save);
                item(ui, &mut app.commands, AppCommand::SaveAs);
                ui.separator();
                ui.menu_button("Export", |ui| {
                    for f in crate::export::Format::ALL {
                        item(ui, &mut app.commands, AppCommand::Export(f));
                    }
                });
                item(ui, &mut app.commands, AppCommand::ImportCsv);
                item(ui, &mut app.commands, AppCommand::Merge);
                item(ui, &mut app.commands, AppCommand::CompareColleague);
                ui.separator();
                item(ui, &mut app.commands, AppCommand::Quit);
            });
            ui.menu_button("Edit", |ui| {
                let can_undo = app.doc.history.can_undo();
                let can_redo = app.doc.history.can_redo();
                ui.add_enabled_ui(can_undo, |ui| item(ui, &mut app.commands, AppCommand::Undo));
                ui.add_enabled_ui(can_redo, |ui| item(ui, &mut app.commands, AppCommand::Redo));
                ui.separator();
                item(ui, &mut app.commands, AppCommand::ToggleTagAll);
                item(ui, &mut app.commands, AppCommand::ToggleOrphans);
                ui.separator();
                item(ui, &mut app.commands, AppCommand::TogglePrefs);
            });
            ui.menu_button("View", |ui| {
                item(ui, &mut app.commands, AppCommand::ToggleClaimsTable);
                item(ui, &mut app.commands, AppCommand::ToggleClaimsPlot);
                item(ui, &mut app.commands, AppCommand::ToggleCodebook);
                item(ui, &mut app.commands, AppCommand::ToggleFindings);
                item(ui, &mut app.commands, AppCommand::ToggleWarnings);
                check(
                    ui,
                    &mut app.commands,
                    app.prefs.dark,
                    AppCommand::ToggleTheme,
                );
                check(
                    ui,
                    &mut app.commands,
                    app.columns.linked,
                    AppCommand::ToggleLinkedScrolling,
                );
            });
            ui.menu_button("Go", |ui| {
                item(ui, &mut app.commands, AppCommand::TogglePalette);
                let mut go = |ui: &mut egui::Ui, command: AppCommand, keys: &str| {
                    if ui
                        .add(egui::Button::new(command.label()).shortcut_text(keys))
                        .clicked()
                    {
                        app.commands.push(command);
                    }
                };
                go(ui, AppCommand::NextRelease, "J or Down");
                go(ui, AppCommand::PreviousRelease, "K or Up");
            });
        });
    });
}
