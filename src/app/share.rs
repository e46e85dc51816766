//! Handing work to colleagues from the window: File > Export (bundle, CSV, HTML, W3C,
//! REFI-QDA), Import CSV, Merge Colleague's Project (their new tags added or mapped onto mine
//! first; conflicts shown side by side to settle),
//! and Compare with Colleague (agreement per tag; a disagreement opens side by side).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::export::{self, Agreement, Conflict, CsvImport, Format, TagMap};
use crate::project::{Edit, Project};

use super::command::AppCommand;
use super::disagreement::{self, DisagreementView};
use super::merge_tags::{self, MergeTagsStep};
use super::pressmark_app::PressmarkApp;
use super::task_done::{file_label, Done};
use super::tasks::TaskKind;

#[derive(Default)]
pub struct ShareState {
    pub notice: Option<String>,
    /// Conflicts from the last merge, still to settle.
    pub conflicts: Vec<Conflict>,
    pub merge_summary: Option<String>,
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
/// tags step) when they have tags whose names none of mine has. The merge is worked out
/// against the project as it is now, so edits made while the file was read are kept.
pub fn merge_loaded(app: &mut PressmarkApp, path: &Path, theirs: Project) {
    let choices = MergeTagsStep::choices(&app.doc.project, &theirs);
    if choices.is_empty() {
        apply_merge(app, path, &theirs, &TagMap::default());
    } else {
        app.share.merge_tags = Some(MergeTagsStep {
            path: path.to_owned(),
            theirs,
            choices,
        });
    }
}

/// Merges `theirs` with their tags mapped by `tags`, as one undo step, and shows the result.
pub fn apply_merge(app: &mut PressmarkApp, path: &Path, theirs: &Project, tags: &TagMap) {
    let result = export::merge_with(&app.doc.project, theirs, tags);
    app.commands.push(AppCommand::Edit(result.edit));
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

/// Shows the agreement worked out by `agree_with`.
pub fn show_agreement(app: &mut PressmarkApp, path: &Path, other: Project, a: Agreement) {
    app.share.agree_tags = MergeTagsStep::choices(&app.doc.project, &other);
    app.share.agreement = Some((path.display().to_string(), a));
    app.share.colleague = Some(Arc::new(other));
    app.share.disagreement = None;
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
            app.commands.push(AppCommand::Edit(import.edit));
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

pub fn show(app: &mut PressmarkApp, ctx: &egui::Context) {
    let exporting = app.tasks.has(TaskKind::Export);
    if let Some(notice) = app.share.notice.clone() {
        egui::Window::new("Sharing")
            .id(egui::Id::unique("share-notice"))
            .collapsible(false)
            .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    if exporting {
                        ui.spinner();
                    }
                    ui.label(&notice);
                    if !exporting && ui.button("OK").clicked() {
                        app.share.notice = None;
                    }
                });
            });
    }
    merge_tags::show(app, ctx);
    merge_window(app, ctx);
    agreement_window(app, ctx);
    disagreement::show(app, ctx);
}

fn merge_window(app: &mut PressmarkApp, ctx: &egui::Context) {
    let Some(summary) = app.share.merge_summary.clone() else {
        return;
    };
    let mut open = true;
    let mut settled: Option<usize> = None;
    egui::Window::new("Merge")
        .open(&mut open)
        .default_width(700.0)
        .show(ctx, |ui| {
            ui.label(&summary);
            if app.share.conflicts.is_empty() {
                ui.label("No conflicts left.");
                return;
            }
            ui.label(
                "Claims changed on both sides. Both versions are in the project until you choose:",
            );
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (i, c) in app.share.conflicts.iter().enumerate() {
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
                                    .filter_map(|t| app.doc.project.codebook.get(*t))
                                    .map(|t| t.name.as_str())
                                    .collect();
                                col.label(format!("tags: {}", tags.join(", ")));
                                col.label(format!("status: {}", claim.status.label()));
                                col.label(format!("note: {}", claim.note));
                            }
                        });
                        ui.horizontal(|ui| {
                            if ui.button("Keep mine").clicked() {
                                app.commands
                                    .push(AppCommand::Edit(Edit::RemoveClaim(c.theirs.id)));
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
                                app.commands.push(AppCommand::Edit(Edit::Batch(vec![
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
        app.share.conflicts.remove(i);
    }
    if !open {
        app.share.merge_summary = None;
    }
}

fn agreement_window(app: &mut PressmarkApp, ctx: &egui::Context) {
    // Taken out while drawn (not cloned every frame: it lists every disagreement).
    let Some((other, mut agreement)) = app.share.agreement.take() else {
        return;
    };
    let mut open = true;
    let archive = app.archive.clone();
    let mine = merge_tags::my_tags(app);
    egui::Window::new("Agreement with colleague")
        .open(&mut open)
        .default_width(640.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "This project against {other}, over the archive's text:"
            ));
            if !app.share.agree_tags.is_empty() {
                let n = app.share.agree_tags.len();
                egui::CollapsingHeader::new(format!("Their tags with other names ({n})"))
                    .default_open(true)
                    .show(ui, |ui| {
                        ui.label("Count one of their tags as one of yours:");
                        let changed = merge_tags::choice_grid(
                            ui,
                            "agree-tags",
                            &mut app.share.agree_tags,
                            &mine,
                            KEEP_APART,
                        );
                        if let (true, Some(theirs), Some(archive)) =
                            (changed, app.share.colleague.as_ref(), archive.as_ref())
                        {
                            let map = merge_tags::tag_map_of(&app.share.agree_tags);
                            agreement =
                                export::agree_mapped(&app.doc.project, theirs, archive, &map);
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
                            let index = archive
                                .as_ref()
                                .and_then(|a| a.releases.iter().position(|r| r.id == d.release));
                            if let Some(i) = index {
                                app.share.disagreement = Some(DisagreementView::new(i, d.clone()));
                            }
                        }
                    }
                });
        });
    if open {
        app.share.agreement = Some((other, agreement));
    } else {
        app.share.colleague = None;
        app.share.disagreement = None;
        app.share.agree_tags.clear();
    }
}

/// In the agreement's tag choices: their tag counted on its own.
const KEEP_APART: &str = "Keep apart";
