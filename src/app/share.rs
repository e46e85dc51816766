//! Handing work to colleagues from the window: File > Export (bundle, CSV, HTML, W3C,
//! REFI-QDA), Import CSV, Merge Colleague's Project (their new tags added or mapped onto mine
//! first; conflicts shown side by side to settle),
//! and Compare with Colleague (agreement per tag; a disagreement opens side by side).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::export::{self, Agreement, Conflict, CsvImport, Format, MergeResult, TagMap};
use crate::project::{Edit, Project};

use super::command::AppCommand;
use super::disagreement::DisagreementView;
use super::merge_tags::{self, MergeTagsStep, StepAnswer};
use super::pressmark_app::PressmarkApp;
use super::task_done::{file_label, Done};
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

/// Starts writing the project in `format` to `out` on a background thread.
pub fn export_to(app: &mut PressmarkApp, format: Format, out: PathBuf) {
    let archive_paths = app.archive_paths();
    let (Some(archive), Some(archive_path)) = (app.archive.clone(), archive_paths.first().cloned())
    else {
        app.error = Some("Open an archive before exporting.".to_owned());
        return;
    };
    // Never over the open project or its archive: a CSV in the project's place loses it.
    let mut inputs = vec![("the archive", archive_path.as_path())];
    // A folder's files too: an export into the folder must not replace one of them.
    inputs.extend(
        archive
            .files
            .iter()
            .map(|f| ("the archive", f.path.as_path())),
    );
    if let Some(open) = &app.doc.path {
        inputs.push(("the open project", open.as_path()));
    }
    if let Err(e) = crate::output::refuse_inputs(&out, &inputs) {
        app.error = Some(format!("Export refused: {e}"));
        return;
    }
    let mut project: Project = app.doc.project.clone();
    if project.archive.path.as_os_str().is_empty() {
        project.archive.path = archive_path.clone();
    }
    let label = format!("Exporting {}", format.name());
    let started = app.spawn_task("export", label, TaskKind::Export, move || {
        Done::Exported(
            match export::export_all(format, &project, &archive_paths, &archive, &out) {
                Ok(()) => format!("Exported {} to {}", format.name(), out.display()),
                Err(e) => format!("Export failed: {e}"),
            },
        )
    });
    if started {
        app.share.notice = Some(format!("Exporting {}…", format.name()));
    }
}

/// Loads a colleague's project or bundle.
fn load_other(path: &Path) -> Result<Project, String> {
    export::load_project_any(path)
        .map(|l| l.project)
        .map_err(|e| format!("Could not open {}: {e}", path.display()))
}

/// Reads a colleague's project on a task, to merge it (see `merge_loaded`).
pub fn merge_from(app: &mut PressmarkApp, path: &Path) {
    let path = path.to_owned();
    let label = format!("Reading {}", file_label(&path));
    app.spawn_task("read-colleague", label, TaskKind::Read, move || {
        let result = load_other(&path);
        Done::ColleagueRead { path, result }
    });
}

/// Merges a colleague's project just read, first asking what their new tags are (the Merge
/// tags step) when they have tags whose names none of mine has.
pub fn merge_loaded(app: &mut PressmarkApp, path: &Path, theirs: Project) {
    let choices = MergeTagsStep::choices(&app.doc.project, &theirs);
    if choices.is_empty() {
        start_merge(app, path.to_owned(), Box::new(theirs), TagMap::default());
    } else {
        app.share.merge_tags = Some(MergeTagsStep {
            path: path.to_owned(),
            theirs,
            choices,
        });
    }
}

/// Works out the merge of `theirs`, their tags mapped by `tags`, on a task, against the
/// project as it is now (see `merged`).
pub fn start_merge(app: &mut PressmarkApp, path: PathBuf, theirs: Box<Project>, tags: TagMap) {
    let mine = app.doc.project.clone();
    let revision = app.doc.history.revision();
    let label = format!("Merging {}", file_label(&path));
    app.spawn_task("merge", label, TaskKind::Work, move || {
        let result = Box::new(export::merge_with(&mine, &theirs, &tags));
        Done::Merged {
            path,
            theirs,
            tags,
            result,
            revision,
        }
    });
}

/// Applies a merge worked out on a task as one undo step and shows what it did; if the
/// project changed while it was worked out, it is worked out again (so that the edit never
/// undoes or duplicates what was done meanwhile).
pub fn merged(
    app: &mut PressmarkApp,
    path: PathBuf,
    theirs: Box<Project>,
    tags: TagMap,
    result: MergeResult,
    revision: u64,
) {
    if revision != app.doc.history.revision() {
        start_merge(app, path, theirs, tags);
        return;
    }
    // Applied now, before the panels draw: an edit they make this frame is made against
    // the project with the merge in, not before it.
    app.apply_edit(result.edit);
    app.share.merge_summary = Some(format!(
        "Merged {}: {} added, {} updated, {} tags added, {} conflicts",
        path.display(),
        result.added,
        result.updated,
        result.tags_added,
        result.conflicts.len()
    ));
    app.share.conflicts = result.conflicts;
}

/// Reads a colleague's project and works out our agreement on a task, from a snapshot of
/// this project (the agreement is read-only: edits meanwhile change nothing it shows
/// wrongly until it is worked out again).
pub fn agree_with(app: &mut PressmarkApp, path: &Path) {
    let Some(archive) = app.archive.clone() else {
        return;
    };
    let mine = app.doc.project.clone();
    let path = path.to_owned();
    let label = format!("Comparing with {}", file_label(&path));
    app.spawn_task("agreement", label, TaskKind::Read, move || {
        let result = load_other(&path).map(|other| {
            let a = export::agree(&mine, &other, &archive);
            (other, a)
        });
        Done::Agreement { path, result }
    });
}

/// Works out the agreement again on a task, their tags mapped by `tags` (the user changed a
/// choice), against the project as it is now.
pub fn start_reagree(app: &mut PressmarkApp, tags: TagMap) {
    let (Some(theirs), Some(archive), Some((other, _))) = (
        app.share.colleague.clone(),
        app.archive.clone(),
        app.share.agreement.as_ref(),
    ) else {
        app.share.reagreeing = None;
        return;
    };
    let mine = app.doc.project.clone();
    let label = format!("Comparing again with {}", file_label(Path::new(other)));
    let map = tags.clone();
    let started = app.spawn_task("agreement-again", label, TaskKind::Work, move || {
        let result = Box::new(export::agree_mapped(&mine, &theirs, &archive, &map));
        Done::Reagreed { tags: map, result }
    });
    app.share.reagreeing = started.then_some(tags);
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

    /// A task stopped unexpectedly: the agreement window no longer waits for a result.
    pub fn stop_waiting(&mut self) {
        self.reagreeing = None;
    }
}

/// Reads a CSV of claims and matches its rows to the archive on a task, against a snapshot
/// of the project (see `imported_csv`).
pub fn import_csv_from(app: &mut PressmarkApp, path: &Path) {
    let Some(archive) = app.archive.clone() else {
        return;
    };
    let mine = app.doc.project.clone();
    let revision = app.doc.history.revision();
    let path = path.to_owned();
    let label = format!("Importing {}", file_label(&path));
    app.spawn_task("import-csv", label, TaskKind::Read, move || {
        let result = std::fs::read_to_string(&path)
            .map_err(|e| format!("Could not read {}: {e}", path.display()))
            .and_then(|text| {
                let import = export::import_csv(&text, &mine, &archive)
                    .map_err(|e| format!("Could not import {}: {e}", path.display()))?;
                Ok((text, import))
            });
        Done::CsvRead {
            path,
            result,
            revision,
        }
    });
}

/// Applies an import worked out on a task. If the project changed while it ran, the rows are
/// matched again against the project as it is now (in memory: the file was read), so the
/// edit never undoes or duplicates what was done meanwhile.
pub fn imported_csv(
    app: &mut PressmarkApp,
    path: &Path,
    text: &str,
    import: CsvImport,
    revision: u64,
) {
    let import = if revision == app.doc.history.revision() {
        Ok(import)
    } else {
        match app.archive.clone() {
            Some(archive) => export::import_csv(text, &app.doc.project, &archive),
            None => return,
        }
    };
    match import {
        Ok(import) => {
            // Applied now, before the panels draw (as a merge is).
            app.apply_edit(import.edit);
            app.share.notice = Some(format!(
                "Imported {}: {} claims added, {} already here, {} rows could not be placed",
                path.display(),
                import.added,
                import.skipped,
                import.unplaced.len()
            ));
        }
        Err(e) => app.error = Some(format!("Could not import {}: {e}", path.display())),
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
                            ui.label(format!("{:.3}", t.kappa));
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
