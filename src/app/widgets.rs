//! Small widgets shared by panels.

/// A text field with a visible label that screen readers (and UI tests) read as its name.
pub fn field(ui: &mut egui::Ui, label: &str, edit: egui::TextEdit<'_>) -> egui::Response {
    let label = ui.label(label);
    ui.add(edit).labelled_by(label.id)
}
