//! The command palette (Ctrl+K): every command by name, with its shortcut.

use super::command::AppCommand;
use super::pressmark_app::PressmarkApp;

/// The commands the palette offers.
pub const COMMANDS: [AppCommand; 30] = [
    AppCommand::Open,
    AppCommand::OpenProject,
    AppCommand::NewProject,
    AppCommand::Save,
    AppCommand::SaveAs,
    AppCommand::Undo,
    AppCommand::Redo,
    AppCommand::ToggleTagAll,
    AppCommand::ToggleOrphans,
    AppCommand::TogglePrefs,
    AppCommand::ToggleClaimsTable,
    AppCommand::ToggleClaimsPlot,
    AppCommand::ToggleCodebook,
    AppCommand::ToggleFindings,
    AppCommand::ToggleWarnings,
    AppCommand::ToggleTheme,
    AppCommand::NextRelease,
    AppCommand::PreviousRelease,
    AppCommand::NextHit,
    AppCommand::PreviousHit,
    AppCommand::FocusSearch,
    AppCommand::CloseColumns,
    AppCommand::ToggleLinkedScrolling,
    AppCommand::ReopenLastProject,
    AppCommand::ImportCsv,
    AppCommand::Merge,
    AppCommand::CompareColleague,
    AppCommand::Export(crate::export::Format::Bundle),
    AppCommand::Export(crate::export::Format::Html),
    AppCommand::Quit,
];

#[derive(Default)]
pub struct PaletteState {
    pub visible: bool,
    pub filter: String,
    focus: bool,
}

impl PaletteState {
    pub fn toggle(&mut self) {
        self.visible = !self.visible;
        self.filter.clear();
        self.focus = self.visible;
    }
}

/// The commands whose names contain the filter, case-insensitively.
pub fn matching(filter: &str) -> Vec<AppCommand> {
    let f = filter.trim().to_lowercase();
    COMMANDS
        .iter()
        .filter(|c| c.label().to_lowercase().contains(&f))
        .cloned()
        .collect()
}

pub fn show(app: &mut PressmarkApp, ctx: &egui::Context) {
    if !app.palette.visible {
        return;
    }
    let mut open = true;
    let mut chosen = None;
    egui::Window::new("Command Palette")
        .open(&mut open)
        .collapsible(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
        .default_width(420.0)
        .show(ctx, |ui| {
            let edit = egui::TextEdit::singleline(&mut app.palette.filter)
                .hint_text("type to find a command")
                .desired_width(320.0);
            let field = super::widgets::field(ui, "Command", edit);
            if app.palette.focus {
                field.request_focus();
                app.palette.focus = false;
            }
            app.typing = true;
            let list = matching(&app.palette.filter);
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                chosen = list.first().cloned();
            }
            ui.separator();
            for command in list {
                let mut button = egui::Button::new(command.label());
                if let Some(s) = command.shortcut() {
                    button = button.shortcut_text(ctx.format_shortcut(&s));
                }
                if ui.add(button).clicked() {
                    chosen = Some(command);
                }
            }
        });
    if let Some(command) = chosen {
        app.palette.visible = false;
        app.commands.push(command);
    } else if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        app.palette.visible = false;
    }
}
