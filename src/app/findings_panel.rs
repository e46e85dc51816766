//! The Findings panel: checks of the archive's figures (totals against breakdowns, changed
//! figures, impossible shares), computed off the UI thread; each links to its text.

use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

use crate::archive::Archive;
use crate::figures::{findings, same_figure_groups, FigureGroup, Finding};

use super::command::AppCommand;
use super::view::View;

#[derive(Default)]
pub struct FindingsState {
    pub visible: bool,
    pub findings: Option<Vec<Finding>>,
    /// Equal figures (after normalisation) found in more than one release.
    pub groups: Vec<FigureGroup>,
    rx: Option<Receiver<(Vec<Finding>, Vec<FigureGroup>)>>,
    /// An archive whose findings are still to compute: they are computed when first shown,
    /// so that opening a large archive does not spend its first seconds on them.
    pending: Option<Arc<Archive>>,
}

impl FindingsState {
    /// A new archive is open: its findings are computed when the panel is next shown.
    pub fn reset(&mut self, archive: Arc<Archive>) {
        self.findings = None;
        self.groups.clear();
        self.rx = None;
        self.pending = Some(archive);
    }

    fn compute(&mut self, archive: Arc<Archive>, wake: Arc<dyn Fn() + Send + Sync>) {
        self.findings = None;
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("findings".into())
            .spawn(move || {
                super::background::lower_priority();
                let _ = tx.send((findings(&archive), same_figure_groups(&archive)));
                wake();
            });
        if spawned.is_ok() {
            self.rx = Some(rx);
        }
    }

    fn poll(&mut self) {
        if let Some(rx) = &self.rx {
            if let Ok((f, g)) = rx.try_recv() {
                self.findings = Some(f);
                self.groups = g;
                self.rx = None;
            }
        }
    }
}

impl FindingsState {
    /// `wake` redraws the window when the check, run on a thread, is done.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        view: &View,
        wake: Arc<dyn Fn() + Send + Sync>,
        commands: &mut Vec<AppCommand>,
    ) {
        self.poll();
        if !self.visible {
            return;
        }
        if let Some(archive) = self.pending.take() {
            self.compute(archive, wake);
        }
        let Some(archive) = view.archive.cloned() else {
            return;
        };
        let mut open = true;
        egui::Window::new("Findings")
            .open(&mut open)
            .default_size([620.0, 320.0])
            .show(ctx, |ui| {
                let Some(list) = &self.findings else {
                    // No spinner: it would repaint every frame while the check runs; the
                    // thread wakes the window when it is done.
                    ui.label("Checking the figures…");
                    return;
                };
                let index = archive.index_by_id();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if list.is_empty() {
                        ui.label("No findings: the figures checked out.");
                    }
                    for f in list {
                        let title = index
                            .get(f.release.as_str())
                            .and_then(|&i| archive.releases.get(i))
                            .map(|r| r.title.as_str())
                            .unwrap_or("?");
                        ui.group(|ui| {
                            ui.strong(format!("{} — {}", f.kind.as_str().replace('_', " "), title));
                            ui.add(egui::Label::new(&f.message).wrap());
                            ui.horizontal_wrapped(|ui| {
                                for fig in f.figures.iter().take(12) {
                                    if ui
                                        .link(&fig.text)
                                        .on_hover_text("Show in the release")
                                        .clicked()
                                    {
                                        if let Some(&i) = index.get(fig.release.as_str()) {
                                            commands.push(AppCommand::SelectRelease(i));
                                            commands.push(AppCommand::ScrollTo(fig.start));
                                        }
                                    }
                                }
                                if f.figures.len() > 12 {
                                    ui.label(format!("and {} more", f.figures.len() - 12));
                                }
                            });
                        });
                    }
                    ui.separator();
                    ui.collapsing(
                        format!(
                            "The same figure in several releases ({} groups)",
                            self.groups.len()
                        ),
                        |ui| {
                            for g in self.groups.iter().take(500) {
                                ui.horizontal_wrapped(|ui| {
                                    ui.strong(format!(
                                        "{} {}:",
                                        super::claims_table::format_value(g.value),
                                        g.unit.as_str()
                                    ));
                                    for (release, start, _, text) in &g.members {
                                        let title = index
                                            .get(release.as_str())
                                            .and_then(|&i| archive.releases.get(i))
                                            .map(|r| r.title.as_str())
                                            .unwrap_or("?");
                                        if ui
                                            .link(format!("“{text}”"))
                                            .on_hover_text(title)
                                            .clicked()
                                        {
                                            if let Some(&i) = index.get(release.as_str()) {
                                                commands.push(AppCommand::SelectRelease(i));
                                                commands.push(AppCommand::ScrollTo(*start));
                                            }
                                        }
                                    }
                                });
                            }
                        },
                    );
                });
            });
        if !open {
            self.visible = false;
        }
    }
}
