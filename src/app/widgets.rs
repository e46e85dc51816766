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

/// Width of the central panel that the side panels leave to the reader (or the compare
/// columns) in a small window: about 300 px of text, some 55 characters a line.
pub const READER_ROOM: f32 = 320.0;

/// The width a side panel (the release list, the claims panel) was given, by default or by
/// dragging its edge. In a small window the panel gives way, down to its least width, before
/// the reader does; this keeps the width it gave up, to give it back when the window grows
/// again (egui keeps only the width last shown).
#[derive(Default)]
pub struct SidePanelWidth {
    wanted: Option<f32>,
}

impl SidePanelWidth {
    /// The widths the panel made with `salt` may take in `ui`: from `least` up to what leaves
    /// `READER_ROOM` and `others` (for the side panels drawn after it). Brings the panel back
    /// to its width if the window has grown since it gave way.
    pub fn range(&self, ui: &egui::Ui, salt: &str, least: f32, others: f32) -> egui::Rangef {
        let most = ui.available_width() - others - READER_ROOM;
        let range = egui::Rangef::new(least, most.max(least));
        // What `egui::Panel` keeps under its id: the width last shown (from the last run, at
        // first).
        let id = ui.scope_id().with(salt);
        let Some(mut state) = egui::PanelState::load(ui.ctx(), id) else {
            return range;
        };
        let want = range.clamp(self.wanted.unwrap_or(state.outer_rect.width()));
        if state.outer_rect.width() < want - 0.5 {
            state.outer_rect.set_width(want);
            ui.data_mut(|d| d.insert_persisted(id, state));
        }
        range
    }

    /// Takes the width the panel was shown at as the one wanted, unless a small window held
    /// it to the most of `range`.
    pub fn shown(&mut self, range: egui::Rangef, panel: egui::Rect) {
        if panel.width() < range.max - 0.5 {
            self.wanted = Some(panel.width());
        }
    }
}
