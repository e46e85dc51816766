//! A passage where two analysts disagree, side by side: the release twice, "Mine" with my
//! project's claims highlighted and "Theirs" with the colleague's, both scrolled to the
//! passage, with each side's tags there. Read-only: selecting or clicking does nothing here.

use crate::archive::{BlockKind, Release};
use crate::export::{Disagreement, Who};
use crate::project::Project;

use super::view::View;

use super::claims_panel::colour;
use super::text_block::{self, Look, Mark, MarkKind, RunContext};

/// How many frames keep scrolling to the passage after it opens (the window's first frames
/// are still sizing it, so one scroll may land short).
const SCROLL_FRAMES: u8 = 3;

/// The disagreement shown side by side.
#[derive(Debug, Clone)]
pub struct DisagreementView {
    /// Index of the passage's release in the archive.
    pub release: usize,
    pub passage: Disagreement,
    scroll_frames: u8,
}

impl DisagreementView {
    pub fn new(release: usize, passage: Disagreement) -> Self {
        DisagreementView {
            release,
            passage,
            scroll_frames: SCROLL_FRAMES,
        }
    }
}

impl DisagreementView {
    /// Draws the "Disagreement" window: my project (`view`) against `theirs`, read from
    /// `their_path`. False once the window is closed.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        view: &View,
        theirs: &Project,
        their_path: &str,
    ) -> bool {
        let Some(release) = view.archive.and_then(|a| a.releases.get(self.release)) else {
            return false;
        };
        let their_file = file_name(their_path);
        let scroll_to = (self.scroll_frames > 0).then_some(self.passage.start);
        let d = &self.passage;
        let mine = &view.doc.project;
        let mut open = true;
        egui::Window::new("Disagreement")
            .open(&mut open)
            .default_size([980.0, 560.0])
            .show(ctx, |ui| {
                let who = match d.who {
                    Who::AOnly => "only you tagged it",
                    Who::BOnly => "only they tagged it",
                };
                ui.label(format!("{} - {who}: \"{}\"", d.tag, d.text));
                ui.label(egui::RichText::new(&release.title).strong());
                ui.separator();
                ui.columns(2, |cols| {
                    let sides = [
                        Side {
                            heading: "Mine",
                            detail: mine.author.clone(),
                            project: mine,
                            salt: "mine",
                        },
                        Side {
                            heading: "Theirs",
                            detail: their_file.clone(),
                            project: theirs,
                            salt: "theirs",
                        },
                    ];
                    for (col, side) in cols.iter_mut().zip(sides) {
                        side.show(col, self.release, release, d, scroll_to);
                    }
                });
            });
        self.scroll_frames = self.scroll_frames.saturating_sub(1);
        open
    }
}

/// One column: a project's view of the release.
struct Side<'a> {
    heading: &'static str,
    /// The author (mine) or the colleague's file name (theirs).
    detail: String,
    project: &'a Project,
    salt: &'static str,
}

impl Side<'_> {
    fn show(
        &self,
        ui: &mut egui::Ui,
        index: usize,
        release: &Release,
        d: &Disagreement,
        scroll_to: Option<usize>,
    ) {
        ui.heading(self.heading);
        if !self.detail.is_empty() {
            ui.label(egui::RichText::new(&self.detail).weak());
        }
        let here = tags_at(self.project, &release.id, d.start, d.end);
        ui.label(if here.is_empty() {
            "Tags here: none".to_owned()
        } else {
            format!("Tags here: {}", here.join(", "))
        });
        ui.separator();
        let marks = claim_marks(self.project, &release.id, d.start, d.end);
        let runs = std::cell::RefCell::new(Vec::new());
        let ctx = RunContext {
            release_index: index,
            release_id: &release.id,
            text: &release.text,
            marks: &marks,
            scroll_to,
            runs: &runs,
        };
        // Read-only: what a selection or click would ask for is dropped.
        let mut ignored = Vec::new();
        egui::ScrollArea::vertical()
            .id_salt(("disagreement", self.salt))
            .auto_shrink([false, false])
            .max_height(ui.available_height().max(200.0))
            .show(ui, |ui| {
                ui.push_id(self.salt, |ui| {
                    for block in &release.blocks {
                        if block.kind == BlockKind::Title {
                            continue;
                        }
                        let look = Look {
                            italics: matches!(block.kind, BlockKind::Quote | BlockKind::Dateline),
                            weak: block.kind == BlockKind::Dateline,
                            monospace: block.kind == BlockKind::TableRow,
                            heading: false,
                        };
                        let range = block.start as usize..block.end as usize;
                        text_block::show(ui, &ctx, range, look, &mut ignored);
                    }
                });
            });
    }
}

/// The tags of `project`'s claims that overlap `start..end` of a release, by name, once each.
pub fn tags_at(project: &Project, release: &str, start: usize, end: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in project.claims_in_release(release) {
        if c.anchor.start < end && start < c.anchor.end {
            for t in c.tags.iter().filter_map(|t| project.codebook.get(*t)) {
                if !out.contains(&t.name) {
                    out.push(t.name.clone());
                }
            }
        }
    }
    out
}

/// `project`'s claims in a release as highlights; those over the passage stand out.
fn claim_marks(project: &Project, release: &str, start: usize, end: usize) -> Vec<Mark> {
    let book = &project.codebook;
    project
        .claims_in_release(release)
        .into_iter()
        .map(|c| {
            let names: Vec<&str> = c
                .tags
                .iter()
                .filter_map(|t| book.get(*t).map(|t| t.name.as_str()))
                .collect();
            let first = c.tags.first().and_then(|t| book.get(*t));
            Mark {
                range: c.anchor.start..c.anchor.end,
                kind: MarkKind::Claim {
                    id: c.id,
                    colour: colour(first.map(|t| t.colour).unwrap_or([200, 200, 0])),
                    tooltip: format!("{} ({})", names.join(", "), c.author),
                    selected: c.anchor.start < end && start < c.anchor.end,
                },
            }
        })
        .collect()
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}
