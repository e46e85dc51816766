//! Tag all matches: preview every occurrence of a phrase or regular expression across the
//! archive, then tag them all in one step (one undo step).

use crate::project::{find_matches, tag_all_edit, unix_now, Match, TagId};

use super::command::AppCommand;
use super::view::View;

#[derive(Default)]
pub struct TagAllState {
    pub visible: bool,
    pub pattern: String,
    pub regex: bool,
    pub tag: Option<TagId>,
    pub note: String,
    pub preview: Option<Result<Vec<Match>, String>>,
}

impl TagAllState {
    pub fn ui(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        if !self.visible {
            return;
        }
        let Some(archive) = view.archive else {
            return;
        };
        let mut open = true;
        egui::Window::new("Tag All Matches")
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                let state = &mut *self;
                ui.horizontal(|ui| {
                    let field = super::widgets::field(
                        ui,
                        "Pattern",
                        egui::TextEdit::singleline(&mut state.pattern)
                            .hint_text("phrase or regular expression")
                            .desired_width(300.0),
                    );
                    if field.changed() {
                        state.preview = None;
                    }
                    if ui
                        .checkbox(&mut state.regex, "Regular expression")
                        .changed()
                    {
                        state.preview = None;
                    }
                });
                ui.horizontal(|ui| {
                    let book = &view.doc.project.codebook;
                    let name = state
                        .tag
                        .and_then(|t| book.get(t))
                        .map(|t| t.name.clone())
                        .unwrap_or_else(|| "choose a tag".into());
                    egui::ComboBox::new("tag-all-tag", "Tag")
                        .selected_text(name)
                        .show_ui(ui, |ui| {
                            for t in book.tags() {
                                ui.selectable_value(&mut state.tag, Some(t.id), &t.name);
                            }
                        });
                    ui.add(
                        egui::TextEdit::singleline(&mut state.note)
                            .hint_text("note for every claim (optional)")
                            .desired_width(220.0),
                    );
                });
                if ui.button("Preview matches").clicked() {
                    state.preview = Some(
                        find_matches(archive, &state.pattern, state.regex)
                            .map_err(|e| e.to_string()),
                    );
                }
                match &state.preview {
                    None => {}
                    Some(Err(e)) => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            format!("Not a valid regular expression: {e}"),
                        );
                    }
                    Some(Ok(matches)) => {
                        ui.label(format!("{} matches", matches.len()));
                        let index = archive.index_by_id();
                        egui::ScrollArea::vertical()
                            .max_height(220.0)
                            .show(ui, |ui| {
                                for m in matches.iter().take(200) {
                                    let Some(r) = index
                                        .get(m.release.as_str())
                                        .and_then(|&i| archive.releases.get(i))
                                    else {
                                        continue;
                                    };
                                    let from = floor(&r.text, m.start.saturating_sub(40));
                                    let to = ceil(&r.text, (m.end + 40).min(r.text.len()));
                                    ui.label(
                                        format!(
                                            "{} — …{}[{}]{}…",
                                            r.title,
                                            &r.text[from..m.start],
                                            &r.text[m.start..m.end],
                                            &r.text[m.end..to]
                                        )
                                        .replace('\n', " "),
                                    );
                                }
                                if matches.len() > 200 {
                                    ui.label(format!("… and {} more", matches.len() - 200));
                                }
                            });
                        if let Some(tag) = state.tag {
                            if ui
                                .button(format!("Tag all {} matches", matches.len()))
                                .clicked()
                            {
                                let edit = tag_all_edit(
                                    &view.doc.project,
                                    archive,
                                    matches,
                                    tag,
                                    &state.note,
                                    unix_now(),
                                );
                                commands.push(AppCommand::Edit(edit));
                                state.preview = None;
                            }
                        } else {
                            ui.label("Choose a tag to apply.");
                        }
                    }
                }
            });
        if !open {
            self.visible = false;
        }
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}
