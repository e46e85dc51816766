//! The menu bar, drawn from the command table: every command in its menu, with its
//! shortcuts, enabled when it can act.

use super::command::{AppCommand, Command, Menu};
use super::view::View;

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
pub fn enabled(view: &View, command: Command) -> bool {
    match command {
        Command::Undo => view.doc.history.can_undo(),
        Command::Redo => view.doc.history.can_redo(),
        Command::ReopenLastProject => view.prefs.last_project.is_some(),
        Command::CopySelection => view.selection.is_some(),
        Command::CopyClaimWithCitation => view.selected_claim.is_some(),
        Command::CompareSelected => view.picked.len() >= 2,
        Command::CloseColumns => view.comparing,
        Command::NextHit | Command::PreviousHit => view.search.total_hits() > 0,
        _ => true,
    }
}

/// The state a toggle shows as a checkbox, for toggles drawn as one.
fn checked(view: &View, command: Command) -> Option<bool> {
    match command {
        Command::ToggleTheme => Some(view.prefs.dark),
        Command::ToggleLinkedScrolling => Some(view.linked_scrolling),
        Command::ToggleReleaseList => Some(!view.prefs.hide_list),
        Command::ToggleClaimsPanel => Some(!view.prefs.hide_claims_panel),
        _ => None,
    }
}

fn menu_items(ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>, menu: Menu) {
    let mut first = true;
    for command in Command::ALL.into_iter().filter(|c| c.menu() == Some(menu)) {
        if command.starts_group() && !first {
            ui.separator();
        }
        first = false;
        if command == Command::ClearRecent {
            recent(ui, view, commands);
            continue;
        }
        if command == Command::ImportCsv {
            // Exports sit in their own submenu, just above importing.
            ui.menu_button(Menu::Export.label(), |ui| {
                menu_items(ui, view, commands, Menu::Export)
            });
        }
        let on = enabled(view, command);
        ui.add_enabled_ui(on, |ui| match checked(view, command) {
            Some(state) => check(ui, commands, state, command),
            None => item(ui, commands, command),
        });
    }
}

/// Open Recent, with Clear Recent at its foot.
fn recent(ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
    ui.menu_button("Open Recent", |ui| {
        if view.prefs.recent.is_empty() {
            ui.label("No recent files");
        }
        for path in &view.prefs.recent {
            if ui.button(path.display().to_string()).clicked() {
                commands.push(AppCommand::OpenPath(path.clone()));
            }
        }
        ui.separator();
        item(ui, commands, Command::ClearRecent);
    });
}

/// The menu bar (it has no state of its own: what it shows comes from the command table and
/// the view).
pub fn ui(ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::BAR {
                ui.menu_button(menu.label(), |ui| menu_items(ui, view, commands, menu));
            }
        });
    });
}
