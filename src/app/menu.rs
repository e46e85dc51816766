//! The menu bar, drawn from the command table: every command in its menu, with its
//! shortcuts, enabled when it can act.

use super::command::{AppCommand, Command, Menu};
use super::pressmark_app::PressmarkApp;

/// A menu entry that pushes `command`, showing its shortcuts.
pub fn item(ui: &mut egui::Ui, commands: &mut Vec<AppCommand>, command: Command) {
    let mut button = egui::Button::new(command.menu_label());
    if let Some(keys) = command.shortcut_text(ui.ctx()) {
        button = button.shortcut_text(keys);
    }
    if ui.add(button).clicked() {
        commands.push(command.into());
    }
}

/// A checkbox menu entry for a toggle, showing its shortcut.
fn check(ui: &mut egui::Ui, commands: &mut Vec<AppCommand>, on: bool, command: Command) {
    let mut on = on;
    let mut label = command.menu_label().to_owned();
    if let Some(keys) = command.shortcut_text(ui.ctx()) {
        label = format!("{label} ({keys})");
    }
    if ui.checkbox(&mut on, label).changed() {
        commands.push(command.into());
    }
}

/// Whether `command` can act now (greyed out in the menu otherwise).
pub fn enabled(app: &PressmarkApp, command: Command) -> bool {
    match command {
        Command::Undo => app.doc.history.can_undo(),
        Command::Redo => app.doc.history.can_redo(),
        Command::ReopenLastProject => app.prefs.last_project.is_some(),
        Command::CopySelection => app.selection.is_some(),
        Command::CopyClaimWithCitation => app.selected_claim.is_some(),
        Command::CompareSelected => app.picked.len() >= 2,
        Command::CloseColumns => app.columns.is_active(),
        Command::NextHit | Command::PreviousHit => app.search.total_hits() > 0,
        _ => true,
    }
}

/// The state a toggle shows as a checkbox, for toggles drawn as one.
fn checked(app: &PressmarkApp, command: Command) -> Option<bool> {
    match command {
        Command::ToggleTheme => Some(app.prefs.dark),
        Command::ToggleLinkedScrolling => Some(app.columns.linked),
        Command::ToggleReleaseList => Some(!app.prefs.hide_list),
        Command::ToggleClaimsPanel => Some(!app.prefs.hide_claims_panel),
        _ => None,
    }
}

fn menu_items(app: &mut PressmarkApp, ui: &mut egui::Ui, menu: Menu) {
    let mut first = true;
    for command in Command::ALL.into_iter().filter(|c| c.menu() == Some(menu)) {
        if command.starts_group() && !first {
            ui.separator();
        }
        first = false;
        if command == Command::ClearRecent {
            recent(app, ui);
            continue;
        }
        if command == Command::ImportCsv {
            // Exports sit in their own submenu, just above importing.
            ui.menu_button(Menu::Export.label(), |ui| menu_items(app, ui, Menu::Export));
        }
        let on = enabled(app, command);
        ui.add_enabled_ui(on, |ui| match checked(app, command) {
            Some(state) => check(ui, &mut app.commands, state, command),
            None => item(ui, &mut app.commands, command),
        });
    }
}

/// Open Recent, with Clear Recent at its foot.
fn recent(app: &mut PressmarkApp, ui: &mut egui::Ui) {
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
        item(ui, &mut app.commands, Command::ClearRecent);
    });
}

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::BAR {
                ui.menu_button(menu.label(), |ui| menu_items(app, ui, menu));
            }
        });
    });
}
