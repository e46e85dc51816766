//! Small widgets shared by panels.

/// A text field with a visible label that screen readers (and UI tests) read as its name.
pub fn field(ui: &mut egui::Ui, label: &str, edit: egui::TextEdit<'_>) -> egui::Response {
    let label = ui.label(label);
    ui.add(edit).labelled_by(label.id)
}

/// For a field edited as a draft of a project value: the new value to commit when the field
/// loses focus with a change (one edit per gesture, not per keystroke). While the field is
/// not being edited, the draft follows the project (after undo or redo).
pub fn commit_on_leave(field: &egui::Response, draft: &mut String, saved: &str) -> Option<String> {
    if field.lost_focus() {
        return (draft.as_str() != saved).then(|| draft.clone());
    }
    if !field.has_focus() && draft.as_str() != saved {
        *draft = saved.to_owned();
    }
    None
}

/// Gives a text field the keyboard with all of its text selected.
pub fn select_all(ctx: &egui::Context, field: &egui::Response, text: &str) {
    use egui::text::{CCursor, CCursorRange};
    field.request_focus();
    let mut state = egui::TextEdit::load_state(ctx, field.id).unwrap_or_default();
    let all = CCursorRange::two(CCursor::new(0), CCursor::new(text.chars().count()));
    state.cursor.set_char_range(Some(all));
    state.store(ctx, field.id);
}
