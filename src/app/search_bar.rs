//! The search field above the release list: the query as typed, how many releases and hits
//! it finds, and the sentence of the current hit. Enter and Shift+Enter step through hits.

use super::command::{AppCommand, Command};
use super::view::View;

/// The search bar's own state: the query being typed.
#[derive(Default)]
pub struct SearchBar {
    pub query: String,
    /// Give the field the keyboard on the next frame (the `/` key).
    pub focus: bool,
}

impl SearchBar {
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        let search = view.search;
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(&mut self.query)
                .hint_text("words or \"a phrase\"   ( / )")
                .desired_width((ui.available_width() - 130.0).clamp(100.0, 260.0));
            let field = super::widgets::field(ui, "Search", edit);
            if self.focus {
                field.request_focus();
                self.focus = false;
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let back = ui.input(|i| i.modifiers.shift);
                commands.push(if back {
                    AppCommand::Run(Command::PreviousHit)
                } else {
                    AppCommand::Run(Command::NextHit)
                });
                field.request_focus();
            }
            if search.is_indexing() {
                // A label, not a spinner: a spinner repaints every frame, taking CPU from the
                // index being built. The index thread wakes the window when it is done.
                ui.weak("indexing…")
                    .on_hover_text("Search answers once the archive is indexed");
            } else if search.is_searching() {
                // The search thread wakes the window when its results are in; until then
                // the list shows the results of the query before.
                ui.weak("Searching…").on_hover_text(
                    "The list shows the results of the query before until this search is done",
                );
            }
        });
        let Some(r) = &search.results else {
            return;
        };
        let at = search
            .current
            .map(|c| format!(" — hit {} of {}", c + 1, search.total_hits()))
            .unwrap_or_default();
        let (releases, hits) = (r.total_releases, r.total_hits);
        ui.label(format!(
            "{releases} {} {}, {hits} {}{at}",
            if releases == 1 { "release" } else { "releases" },
            if releases == 1 { "matches" } else { "match" },
            if hits == 1 { "hit" } else { "hits" },
        ));
        // The sentence of the current hit (or the first), as the search result to read.
        let hit = search.current.or(Some(0)).and_then(|n| search.nth_hit(n));
        let sentence = hit.and_then(|(i, h)| {
            let text = &view.archive?.releases.get(i)?.text;
            let s = text.get(h.sentence.0..h.sentence.1)?;
            Some(s.chars().take(300).collect::<String>())
        });
        if let Some(sentence) = sentence {
            ui.add(
                egui::Label::new(egui::RichText::new(sentence.replace('\n', " ")).italics()).wrap(),
            );
        }
    }
}
