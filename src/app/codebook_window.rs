//! The codebook: create, rename, recolour, move, merge and delete tags.

use std::collections::HashMap;

use crate::project::{Edit, TagFate, TagId};

use super::command::AppCommand;
use super::view::View;

#[derive(Default)]
pub struct CodebookUi {
    pub visible: bool,
    pub new_name: String,
    /// Names being typed, committed when the field loses focus.
    names: HashMap<TagId, String>,
    descriptions: HashMap<TagId, String>,
    /// The tag chosen for "merge into" or "move claims to" when deleting.
    target: HashMap<TagId, TagId>,
    /// A colour being dragged in a picker: committed as one edit when the pointer is
    /// released (one gesture, one undo step).
    pub recolouring: Option<(TagId, [u8; 3])>,
}

impl CodebookUi {
    pub fn ui(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        if !self.visible {
            return;
        }
        let mut open = true;
        let book = view.doc.project.codebook.clone();
        let counts: HashMap<TagId, usize> = view
            .doc
            .project
            .claims
            .values()
            .flat_map(|c| c.tags.iter())
            .fold(HashMap::new(), |mut m, t| {
                *m.entry(*t).or_insert(0) += 1;
                m
            });
        egui::Window::new("Codebook")
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    super::widgets::field(
                        ui,
                        "New tag",
                        egui::TextEdit::singleline(&mut self.new_name)
                            .hint_text("tag name")
                            .desired_width(200.0),
                    );
                    if ui.button("Add tag").clicked() && !self.new_name.trim().is_empty() {
                        let name = std::mem::take(&mut self.new_name);
                        let (_, edit) = Edit::create_tag(&book, &name, book.next_colour(), None);
                        commands.push(AppCommand::Edit(edit));
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for tag in book.tags() {
                        let depth = ancestors(&book, tag.id);
                        ui.horizontal(|ui| {
                            ui.add_space(depth as f32 * 16.0);
                            let mut rgb = match self.recolouring {
                                Some((id, c)) if id == tag.id => c,
                                _ => tag.colour,
                            };
                            if ui.color_edit_button_srgb(&mut rgb).changed() {
                                self.recolouring = Some((tag.id, rgb));
                            }
                            let name = self.names.entry(tag.id).or_insert_with(|| tag.name.clone());
                            let field = ui
                                .add(egui::TextEdit::singleline(name).desired_width(160.0))
                                .on_hover_text("Tag name (renames when you leave the field)");
                            if field.lost_focus() {
                                let new = name.clone();
                                self.names.remove(&tag.id);
                                if new.trim() != tag.name && !new.trim().is_empty() {
                                    match Edit::rename_tag(&book, tag.id, &new) {
                                        Ok(e) => commands.push(AppCommand::Edit(e)),
                                        Err(e) => {
                                            commands.push(AppCommand::ShowError(e.to_string()))
                                        }
                                    }
                                }
                            } else if !field.has_focus() && *name != tag.name {
                                *name = tag.name.clone();
                            }
                            ui.label(
                                egui::RichText::new(claims_label(
                                    counts.get(&tag.id).copied().unwrap_or(0),
                                ))
                                .weak(),
                            );
                            let parent_name = tag
                                .parent
                                .and_then(|p| book.get(p))
                                .map(|p| p.name.clone())
                                .unwrap_or_else(|| "(top level)".into());
                            egui::ComboBox::new(("parent", tag.id.0), "parent")
                                .selected_text(parent_name)
                                .show_ui(ui, |ui| {
                                    if ui
                                        .selectable_label(tag.parent.is_none(), "(top level)")
                                        .clicked()
                                    {
                                        if let Ok(e) = Edit::move_tag(&book, tag.id, None) {
                                            commands.push(AppCommand::Edit(e));
                                        }
                                    }
                                    for other in book.tags() {
                                        if other.id == tag.id || book.is_ancestor(tag.id, other.id)
                                        {
                                            continue;
                                        }
                                        if ui
                                            .selectable_label(
                                                tag.parent == Some(other.id),
                                                &other.name,
                                            )
                                            .clicked()
                                        {
                                            if let Ok(e) =
                                                Edit::move_tag(&book, tag.id, Some(other.id))
                                            {
                                                commands.push(AppCommand::Edit(e));
                                            }
                                        }
                                    }
                                });
                        });
                        ui.horizontal(|ui| {
                            ui.add_space(depth as f32 * 16.0 + 28.0);
                            let desc = self
                                .descriptions
                                .entry(tag.id)
                                .or_insert_with(|| tag.description.clone());
                            let field = ui.add(
                                egui::TextEdit::singleline(desc)
                                    .hint_text("description")
                                    .desired_width(220.0),
                            );
                            if field.lost_focus() {
                                let new = desc.clone();
                                self.descriptions.remove(&tag.id);
                                if new != tag.description {
                                    if let Ok(e) =
                                        Edit::change_tag(&book, tag.id, |t| t.description = new)
                                    {
                                        commands.push(AppCommand::Edit(e));
                                    }
                                }
                            } else if !field.has_focus() && *desc != tag.description {
                                *desc = tag.description.clone();
                            }
                            let others: Vec<(TagId, String)> = book
                                .tags()
                                .iter()
                                .filter(|t| t.id != tag.id)
                                .map(|t| (t.id, t.name.clone()))
                                .collect();
                            let target = self
                                .target
                                .get(&tag.id)
                                .copied()
                                .or_else(|| others.first().map(|o| o.0));
                            let target_name = target
                                .and_then(|t| book.get(t))
                                .map(|t| t.name.clone())
                                .unwrap_or_default();
                            egui::ComboBox::new(("target", tag.id.0), "other tag")
                                .selected_text(target_name.clone())
                                .show_ui(ui, |ui| {
                                    for (id, name) in &others {
                                        if ui.selectable_label(target == Some(*id), name).clicked()
                                        {
                                            self.target.insert(tag.id, *id);
                                        }
                                    }
                                });
                            if let Some(into) = target {
                                if ui
                                .button("Merge into")
                                .on_hover_text(
                                    "Move this tag's claims to the other tag and remove this tag",
                                )
                                .clicked()
                            {
                                commands
                                    .push(AppCommand::Edit(Edit::merge_tags(tag.id, into)));
                            }
                            }
                            ui.menu_button("Delete…", |ui| {
                                if ui.button("Delete the tag and its claims").clicked() {
                                    commands.push(AppCommand::Edit(Edit::RemoveTag {
                                        id: tag.id,
                                        fate: TagFate::DeleteClaims,
                                    }));
                                }
                                if let Some(into) = target {
                                    if ui
                                        .button(format!(
                                            "Delete the tag, move its claims to {target_name}"
                                        ))
                                        .clicked()
                                    {
                                        commands.push(AppCommand::Edit(Edit::RemoveTag {
                                            id: tag.id,
                                            fate: TagFate::MoveClaimsTo(into),
                                        }));
                                    }
                                }
                            });
                        });
                        ui.add_space(4.0);
                    }
                });
            });
        // The drag is over (or the value was typed): one edit for the whole gesture.
        if let Some((id, rgb)) = self.recolouring {
            if !ctx.input(|i| i.pointer.any_down()) {
                self.recolouring = None;
                if book.get(id).is_some_and(|t| t.colour != rgb) {
                    if let Ok(e) = Edit::recolour_tag(&book, id, rgb) {
                        commands.push(AppCommand::Edit(e));
                    }
                }
            }
        }
        if !open {
            self.visible = false;
        }
    }
}

fn ancestors(book: &crate::project::Codebook, id: TagId) -> usize {
    let mut depth = 0;
    let mut cur = book.get(id).and_then(|t| t.parent);
    while let Some(p) = cur {
        depth += 1;
        if depth > 16 {
            break;
        }
        cur = book.get(p).and_then(|t| t.parent);
    }
    depth
}

/// "1 claim", "3 claims".
fn claims_label(n: usize) -> String {
    format!("{n} claim{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    /// A tag with one claim says "1 claim" (it said "1 claims").
    #[test]
    fn one_claim_is_one_claim() {
        assert_eq!(super::claims_label(1), "1 claim");
        assert_eq!(super::claims_label(0), "0 claims");
        assert_eq!(super::claims_label(27), "27 claims");
    }
}
