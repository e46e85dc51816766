//! The side panel: tag the selection, the open release's claims, and the release's note.

use std::collections::HashMap;

use crate::project::{unix_now, ClaimId, Edit, Status};

use super::command::AppCommand;
use super::view::View;
use super::widgets::SidePanelWidth;

/// The claims panel's own state: text typed into its fields, not yet committed as an edit.
#[derive(Default)]
pub struct ClaimsPanel {
    pub claim_notes: HashMap<ClaimId, String>,
    pub release_notes: HashMap<String, String>,
    pub new_tag: String,
    /// The panel's width, kept while a small window narrows it.
    width: SidePanelWidth,
}

impl ClaimsPanel {
    /// Forgets typed notes (after undo or redo, or another project: they would be stale).
    pub fn clear_drafts(&mut self) {
        self.claim_notes.clear();
        self.release_notes.clear();
    }
}

/// The claims panel's least width, also kept for it by the release list in a small window.
pub const LEAST_WIDTH: f32 = 200.0;

pub const STATUSES: [Status; 4] = [
    Status::Unchecked,
    Status::Checked,
    Status::Disputed,
    Status::False,
];

pub fn colour(c: [u8; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(c[0], c[1], c[2])
}

impl ClaimsPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        let panel = self;
        let Some(archive) = view.archive.cloned() else {
            return;
        };
        // The release being worked on: where words are selected (a compare column, perhaps), or
        // the one open in the reader.
        let claim_release = view
            .selected_claim
            .and_then(|id| view.doc.project.claim(id))
            .and_then(|c| archive.releases.iter().position(|r| r.id == c.release));
        let Some(index) = view
            .selection
            .map(|s| s.release)
            .or(claim_release)
            .or(view.selected)
        else {
            return;
        };
        let Some(release) = archive.releases.get(index) else {
            return;
        };
        if view.prefs.hide_claims_panel {
            return;
        }
        // Gives way (after the list) in a small window, so the reader keeps its room.
        let widths = panel.width.range(ui, "claims-panel", LEAST_WIDTH, 0.0);
        let shown = egui::Panel::right("claims-panel")
            .resizable(true)
            .default_size(216.0)
            .size_range(widths)
            .show(ui, |ui| {
                // The panel's width is the user's (dragged), never the content's: what is in it
                // wraps, so a long selection does not widen it and reflow the reader.
                egui::ScrollArea::vertical()
                    .id_salt("claims-panel-scroll")
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        ui.set_max_width(ui.available_width());
                        tag_section(panel, view, commands, ui, index, &release.text);
                        ui.separator();
                        claims_section(panel, view, commands, ui, &release.id);
                        ui.separator();
                        release_note(panel, view, commands, ui, &release.id);
                    });
            });
        panel.width.shown(widths, shown.response.rect);
    }
}

fn tag_section(
    panel: &mut ClaimsPanel,
    view: &View,
    commands: &mut Vec<AppCommand>,
    ui: &mut egui::Ui,
    index: usize,
    text: &str,
) {
    ui.heading("Tag");
    let quote = view
        .selection
        .filter(|s| s.release == index)
        .and_then(|s| text.get(s.start..s.end));
    match (quote, view.selected_claim) {
        (Some(q), _) => {
            let short: String = q.chars().take(120).collect();
            ui.label(format!("Selection: “{short}”"));
        }
        (None, Some(_)) => {
            ui.label("Add a tag to the selected claim:");
        }
        (None, None) => {
            ui.label(
                egui::RichText::new("Select words in the release, then pick a tag (or press 1–9).")
                    .weak(),
            );
            return;
        }
    }
    let tags: Vec<(crate::project::TagId, String, [u8; 3])> = view
        .doc
        .project
        .codebook
        .tags()
        .iter()
        .map(|t| (t.id, t.name.clone(), t.colour))
        .collect();
    ui.horizontal_wrapped(|ui| {
        for (n, (id, name, c)) in tags.iter().enumerate() {
            let label = if n < 9 {
                format!("{} {name}", n + 1)
            } else {
                name.clone()
            };
            let button = egui::Button::new(label).fill(colour(*c).gamma_multiply(0.35));
            if ui.add(button).clicked() {
                commands.push(AppCommand::TagSelection(*id));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let field = super::widgets::field(
            ui,
            "New tag name",
            egui::TextEdit::singleline(&mut panel.new_tag)
                .hint_text("new tag name")
                .desired_width(120.0),
        );
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Create tag").clicked() || enter) && !panel.new_tag.trim().is_empty() {
            let name = std::mem::take(&mut panel.new_tag);
            commands.push(AppCommand::CreateTagForSelection(name));
        }
    });
}

fn claims_section(
    panel: &mut ClaimsPanel,
    view: &View,
    commands: &mut Vec<AppCommand>,
    ui: &mut egui::Ui,
    release_id: &str,
) {
    let claims: Vec<crate::project::Claim> = view
        .doc
        .claims_in_release(release_id)
        .into_iter()
        .cloned()
        .collect();
    ui.heading(format!("Claims in this release ({})", claims.len()));
    if claims.is_empty() {
        ui.label(egui::RichText::new("No claims yet.").weak());
    }
    for claim in claims {
        let selected = view.selected_claim == Some(claim.id);
        let frame = egui::Frame::group(ui.style()).fill(if selected {
            ui.visuals().selection.bg_fill.gamma_multiply(0.4)
        } else {
            egui::Color32::TRANSPARENT
        });
        frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            let quote: String = claim.anchor.exact.chars().take(160).collect();
            if ui
                .add(egui::Label::new(format!("“{quote}”")).sense(egui::Sense::click()))
                .on_hover_text("Select this claim")
                .clicked()
            {
                commands.push(AppCommand::SelectClaim(claim.id));
            }
            ui.horizontal_wrapped(|ui| {
                for tag in &claim.tags {
                    if let Some(t) = view.doc.project.codebook.get(*tag) {
                        let chip = egui::Button::new(format!("{} ×", t.name))
                            .fill(colour(t.colour).gamma_multiply(0.35));
                        if ui
                            .add(chip)
                            .on_hover_text("Remove this tag from the claim")
                            .clicked()
                        {
                            let id = *tag;
                            let edit = if claim.tags.len() == 1 {
                                Ok(Edit::RemoveClaim(claim.id))
                            } else {
                                Edit::change_claim(&view.doc.project, claim.id, unix_now(), |c| {
                                    c.tags.retain(|x| *x != id)
                                })
                            };
                            if let Ok(edit) = edit {
                                commands.push(AppCommand::Edit(edit));
                            }
                        }
                    }
                }
            });
            ui.horizontal_wrapped(|ui| {
                let mut status = claim.status;
                egui::ComboBox::new(("status", claim.id.0), "Status")
                    .selected_text(status.label())
                    .show_ui(ui, |ui| {
                        for s in STATUSES {
                            ui.selectable_value(&mut status, s, s.label());
                        }
                    });
                if status != claim.status {
                    if let Ok(edit) =
                        Edit::change_claim(&view.doc.project, claim.id, unix_now(), |c| {
                            c.status = status
                        })
                    {
                        commands.push(AppCommand::Edit(edit));
                    }
                }
                if ui
                    .button("Compare mentions")
                    .on_hover_text(AppCommand::CompareMentions(claim.id).label())
                    .clicked()
                {
                    commands.push(AppCommand::CompareMentions(claim.id));
                }
                if ui.button("Delete claim").clicked() {
                    commands.push(AppCommand::Edit(Edit::RemoveClaim(claim.id)));
                }
            });
            let draft = panel
                .claim_notes
                .entry(claim.id)
                .or_insert_with(|| claim.note.clone());
            let field = super::widgets::field(
                ui,
                "Claim note",
                egui::TextEdit::multiline(draft)
                    .hint_text("note")
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            );
            if let Some(note) = super::widgets::commit_on_leave(&field, draft, &claim.note) {
                if let Ok(edit) =
                    Edit::change_claim(&view.doc.project, claim.id, unix_now(), |c| c.note = note)
                {
                    commands.push(AppCommand::Edit(edit));
                }
            }
            ui.label(
                egui::RichText::new(format!("by {}", claim.author))
                    .small()
                    .weak(),
            );
        });
    }
}

fn release_note(
    panel: &mut ClaimsPanel,
    view: &View,
    commands: &mut Vec<AppCommand>,
    ui: &mut egui::Ui,
    release_id: &str,
) {
    ui.heading("Release note");
    let saved = view
        .doc
        .project
        .release_notes
        .get(release_id)
        .cloned()
        .unwrap_or_default();
    let draft = panel
        .release_notes
        .entry(release_id.to_owned())
        .or_insert_with(|| saved.clone());
    let field = super::widgets::field(
        ui,
        "Release note",
        egui::TextEdit::multiline(draft)
            .hint_text("notes on the whole release")
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    if let Some(note) = super::widgets::commit_on_leave(&field, draft, &saved) {
        commands.push(AppCommand::Edit(Edit::SetReleaseNote {
            release: release_id.to_owned(),
            note,
        }));
    }
}
