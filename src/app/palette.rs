//! The command palette (Ctrl+K): every menu command by name, with its shortcuts, from the
//! command table.

use super::command::{AppCommand, Command};

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

/// The palette's commands whose names contain every word of the filter, case-insensitively
/// ("exp csv" finds Export CSV…).
pub fn matching(filter: &str) -> Vec<Command> {
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    Command::ALL
        .into_iter()
        .filter(|c| c.in_palette())
        .filter(|c| {
            let label = c.label().to_lowercase();
            words.iter().all(|w| label.contains(w.as_str()))
        })
        .collect()
}

impl PaletteState {
    /// `enabled`: the commands that can run now (the others are shown greyed out).
    pub fn ui(&mut self, ctx: &egui::Context, enabled: &[Command], commands: &mut Vec<AppCommand>) {
        if !self.visible {
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
                let edit = egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("type to find a command")
                    .desired_width(320.0);
                let field = super::widgets::field(ui, "Command", edit);
                if self.focus {
                    field.request_focus();
                    self.focus = false;
                }
                let list = matching(&self.filter);
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    chosen = list.iter().copied().find(|&c| enabled.contains(&c));
                }
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for command in list {
                            let mut button = egui::Button::new(command.label());
                            if let Some(keys) = command.shortcut_text(ctx) {
                                button = button.shortcut_text(keys);
                            }
                            let on = enabled.contains(&command);
                            if ui.add_enabled(on, button).clicked() {
                                chosen = Some(command);
                            }
                        }
                    });
            });
        if let Some(command) = chosen {
            self.visible = false;
            commands.push(command.into());
        } else if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.visible = false;
        }
    }
}
