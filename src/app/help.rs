//! Help > Keyboard Shortcuts (F1): every shortcut from the command table, and the mouse
//! gestures that have no menu entry.

use super::command::{Command, Menu};

/// Gestures of the mouse, which the command table does not hold.
const GESTURES: [(&str, &str); 7] = [
    ("Ctrl-click a release in the list", "Pick it for comparing"),
    ("Drag a release onto the reader", "Open it as a column"),
    ("Drag across words, then 1–9", "Tag them with that tag"),
    ("Click a figure", "Make it a claim"),
    ("Scroll over the timeline", "Zoom the timeline"),
    ("Drag across the timeline", "Filter the list to those dates"),
    ("Right-drag the timeline", "Pan it"),
];

/// The Help window's own state.
#[derive(Debug, Default)]
pub struct HelpWindow {
    pub visible: bool,
}

impl HelpWindow {
    pub fn ui(&mut self, ctx: &egui::Context) {
        if !self.visible {
            return;
        }
        let mut open = true;
        egui::Window::new("Keyboard Shortcuts")
        .open(&mut open)
        .default_width(460.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().max_height(520.0).show(ui, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    let mut last_menu = None;
                    for c in Command::ALL {
                        let Some(keys) = c.shortcut_text(ctx) else {
                            continue;
                        };
                        let menu = c.menu();
                        if menu != last_menu {
                            let name = menu.map_or("Tagging", Menu::label);
                            ui.strong(name);
                            ui.end_row();
                            last_menu = menu;
                        }
                        ui.label(keys);
                        ui.label(c.label());
                        ui.end_row();
                    }
                    ui.strong("Mouse");
                    ui.end_row();
                    for (gesture, effect) in GESTURES {
                        ui.label(gesture);
                        ui.label(effect);
                        ui.end_row();
                    }
                });
                ui.label(
                    egui::RichText::new(
                        "Keys without Ctrl (1–9, J, K, /) act only while no text field has the keyboard.",
                    )
                    .weak(),
                );
            });
        });
        if !open {
            self.visible = false;
        }
    }
}
