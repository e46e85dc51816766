//! The sharing windows: the export notice, the Merge tags step (their new tags added or
//! mapped onto mine first), the merge's conflicts shown side by side to settle, and the
//! agreement with a colleague (per tag; a disagreement opens side by side). What the sharing
//! commands do is `share_tasks.rs`.

use std::path::Path;
use std::sync::Arc;

use crate::export::{self, Agreement, Conflict, TagMap};
use crate::project::{Edit, Project};

use super::command::AppCommand;
use super::disagreement::DisagreementView;
use super::merge_tags::{self, MergeTagsStep, StepAnswer};
use super::tasks::TaskKind;
use super::view::View;

#[derive(Default)]
pub struct ShareState {
    pub notice: Option<String>,
    /// Conflicts from the last merge, still to settle.
    conflicts: Vec<Conflict>,
    merge_summary: Option<String>,
    pub agreement: Option<(String, Agreement)>,
    /// The colleague's project the agreement was computed against, to draw their claims.
    pub colleague: Option<Arc<Project>>,
    /// A disagreement open side by side.
    pub disagreement: Option<DisagreementView>,
    /// A merge waiting on the Merge tags step.
    pub merge_tags: Option<MergeTagsStep>,
    /// In the agreement: their tags whose names none of mine has, and the tag of mine each
    /// is counted as (`None`: kept apart).
    pub agree_tags: Vec<(String, Option<String>)>,
    /// The agreement is being worked out again with this mapping of their tags (on a task).
    reagreeing: Option<TagMap>,
}

/// Whether a file is a bundle (a zip).
pub fn is_bundle(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map(|()| &magic == b"PK\x03\x04")
        .unwrap_or(false)
}

impl ShareState {
    /// Shows the agreement with the colleague's project `other` (read from `path`) worked
    /// out by `agree_with`; `mine` is the open project, whose tags theirs are offered as.
    pub fn show_agreement(&mut self, mine: &Project, path: &Path, other: Project, a: Agreement) {
        self.agree_tags = MergeTagsStep::choices(mine, &other);
        self.agreement = Some((path.display().to_string(), a));
        self.colleague = Some(Arc::new(other));
        self.disagreement = None;
        self.reagreeing = None;
    }

    /// An agreement worked out again arrived: shown if it is for the choices on screen (a
    /// later one, for the latest choices, is on its way otherwise).
    pub fn reagreed(&mut self, tags: &TagMap, agreement: Agreement) {
        if self.reagreeing.as_ref() != Some(tags) {
            return;
        }
        self.reagreeing = None;
        if let Some((_, shown)) = &mut self.agreement {
            *shown = agreement;
        }
    }

    /// Shows what a merge did, with the claims changed on both sides to settle.
    pub fn show_merge(&mut self, summary: String, conflicts: Vec<Conflict>) {
        self.merge_summary = Some(summary);
        self.conflicts = conflicts;
    }

    /// The agreement is being worked out again for `tags` (`None`: it is not).
    pub fn wait_for_agreement(&mut self, tags: Option<TagMap>) {
        self.reagreeing = tags;
    }

    /// A task stopped unexpectedly: the agreement window no longer waits for a result.
    pub fn stop_waiting(&mut self) {
        self.reagreeing = None;
    }
}

impl ShareState {
    /// The sharing windows: the export notice, the Merge tags step, the merge's conflicts,
    /// the agreement and a disagreement side by side.
    pub fn ui(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        let exporting = view.tasks.has(TaskKind::Export);
        if let Some(notice) = &self.notice {
            let mut ok = false;
            egui::Window::new("Sharing")
                .id(egui::Id::unique("share-notice"))
                .collapsible(false)
                .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
                .show(ctx, |ui| {
                    ui.horizontal(|ui| {
                        if exporting {
                            ui.spinner();
                        }
                        ui.label(notice);
                        ok = !exporting && ui.button("OK").clicked();
                    });
                });
            if ok {
                self.notice = None;
            }
        }
        if let Some(step) = &mut self.merge_tags {
            match step.ui(ctx, view, commands) {
                StepAnswer::Open => {}
                StepAnswer::Merge | StepAnswer::Cancel => self.merge_tags = None,
            }
        }
        self.merge_window(ctx, view, commands);
        self.agreement_window(ctx, view, commands);
        if let (Some(d), Some(theirs)) = (&mut self.disagreement, &self.colleague) {
            let path = self.agreement.as_ref().map_or("", |(p, _)| p.as_str());
            if !d.ui(ctx, view, theirs, path) {
                self.disagreement = None;
            }
        }
    }

    fn merge_window(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        let Some(summary) = &self.merge_summary else {
            return;
        };
        let book = &view.doc.project.codebook;
        let mut open = true;
        let mut settled: Option<usize> = None;
        egui::Window::new("Merge")
            .open(&mut open)
            .default_width(700.0)
            .show(ctx, |ui| {
                ui.label(summary);
                if self.conflicts.is_empty() {
                    ui.label("No conflicts left.");
                    return;
                }
                ui.label(
                    "Claims changed on both sides. Both versions are in the project until you choose:",
                );
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for (i, c) in self.conflicts.iter().enumerate() {
                        ui.group(|ui| {
                            ui.columns(2, |cols| {
                                for (col, (who, claim)) in cols
                                    .iter_mut()
                                    .zip([("Mine", &c.ours), ("Theirs", &c.theirs)])
                                {
                                    col.strong(if claim.author.is_empty() {
                                        who.to_owned()
                                    } else {
                                        format!("{who} ({})", claim.author)
                                    });
                                    col.label(format!("“{}”", claim.anchor.exact));
                                    let tags: Vec<&str> = claim
                                        .tags
                                        .iter()
                                        .filter_map(|t| book.get(*t))
                                        .map(|t| t.name.as_str())
                                        .collect();
                                    col.label(format!("tags: {}", tags.join(", ")));
                                    col.label(format!("status: {}", claim.status.label()));
                                    col.label(format!("note: {}", claim.note));
                                }
                            });
                            ui.horizontal(|ui| {
                                if ui.button("Keep mine").clicked() {
                                    commands.push(AppCommand::Edit(Edit::RemoveClaim(c.theirs.id)));
                                    settled = Some(i);
                                }
                                if ui.button("Keep theirs").clicked() {
                                    let mut kept = c.theirs.clone();
                                    kept.id = c.ours.id;
                                    kept.note = kept
                                        .note
                                        .split_once("] ")
                                        .filter(|_| kept.note.starts_with("[conflict from "))
                                        .map(|(_, rest)| rest.to_owned())
                                        .unwrap_or(kept.note.clone());
                                    commands.push(AppCommand::Edit(Edit::Batch(vec![
                                        Edit::UpdateClaim(kept),
                                        Edit::RemoveClaim(c.theirs.id),
                                    ])));
                                    settled = Some(i);
                                }
                            });
                        });
                    }
                });
            });
        if let Some(i) = settled {
            self.conflicts.remove(i);
        }
        if !open {
            self.merge_summary = None;
        }
    }

    fn agreement_window(
        &mut self,
        ctx: &egui::Context,
        view: &View,
        commands: &mut Vec<AppCommand>,
    ) {
        let Some((other, agreement)) = &self.agreement else {
            return;
        };
        let mut open = true;
        let mine = merge_tags::my_tags(&view.doc.project);
        let mut opened: Option<DisagreementView> = None;
        let agree_tags = &mut self.agree_tags;
        let reagreeing = self.reagreeing.is_some();
        let mut remap = None;
        egui::Window::new("Agreement with colleague")
            .open(&mut open)
            .default_width(640.0)
            .show(ctx, |ui| {
                ui.label(format!(
                    "This project against {other}, over the archive's text:"
                ));
                if !agree_tags.is_empty() {
                    let n = agree_tags.len();
                    egui::CollapsingHeader::new(format!("Their tags with other names ({n})"))
                        .default_open(true)
                        .show(ui, |ui| {
                            ui.label("Count one of their tags as one of yours:");
                            let changed = merge_tags::choice_grid(
                                ui,
                                "agree-tags",
                                agree_tags,
                                &mine,
                                KEEP_APART,
                            );
                            if changed {
                                remap = Some(merge_tags::tag_map_of(agree_tags));
                            }
                            if reagreeing {
                                ui.horizontal(|ui| {
                                    ui.spinner();
                                    ui.label("Working out the agreement again…");
                                });
                            }
                        });
                }
                egui::Grid::new("agreement").striped(true).show(ui, |ui| {
                    for h in [
                        "Tag",
                        "Agreement",
                        "Kappa",
                        "Mine (chars)",
                        "Theirs (chars)",
                        "Both",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for t in &agreement.per_tag {
                        ui.label(&t.tag);
                        if t.used {
                            ui.label(format!("{:.2}%", t.percent_agreement));
                            ui.label(t.kappa_shown());
                        } else {
                            // Neither of us used it: nothing to agree or disagree on.
                            ui.weak("not used");
                            ui.weak("not used");
                        }
                        ui.label(t.a_chars.to_string());
                        ui.label(t.b_chars.to_string());
                        ui.label(t.both_chars.to_string());
                        ui.end_row();
                    }
                });
                ui.separator();
                ui.label(format!(
                    "{} passages where you disagree (click one to see both sides):",
                    agreement.disagreements.len()
                ));
                egui::ScrollArea::vertical()
                    .max_height(240.0)
                    .show(ui, |ui| {
                        for d in agreement.disagreements.iter().take(500) {
                            let who = match d.who {
                                export::Who::AOnly => "only you",
                                export::Who::BOnly => "only they",
                            };
                            if ui
                                .link(format!("{} - {who}: \"{}\"", d.tag, d.text))
                                .clicked()
                            {
                                let index = view.archive.and_then(|a| {
                                    a.releases.iter().position(|r| r.id == d.release)
                                });
                                if let Some(i) = index {
                                    opened = Some(DisagreementView::new(i, d.clone()));
                                }
                            }
                        }
                    });
            });
        if let Some(tags) = remap {
            // Worked out again on a task; the window shows the old figures until it ends.
            self.reagreeing = Some(tags.clone());
            commands.push(AppCommand::AgreeMapped(tags));
        }
        if opened.is_some() {
            self.disagreement = opened;
        }
        if !open {
            self.agreement = None;
            self.colleague = None;
            self.disagreement = None;
            self.agree_tags.clear();
            self.reagreeing = None;
        }
    }
}

/// In the agreement's tag choices: their tag counted on its own.
const KEEP_APART: &str = "Keep apart";
