//! What the sharing commands do (File > Export, Import CSV, Merge Colleague's Project,
//! Compare with Colleague): each starts its file work or its merge on a task, and takes the
//! result in when the task ends. The windows that show the results are `share.rs`.

use std::path::{Path, PathBuf};

use crate::export::{self, CsvImport, Format, MergeResult, TagMap};
use crate::project::Project;

use super::merge_tags::MergeTagsStep;
use super::pressmark_app::PressmarkApp;
use super::task_done::{file_label, Done};
use super::tasks::TaskKind;

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
    let archive = app.archive.clone();
    let label = format!("Merging {}", file_label(&path));
    app.spawn_task("merge", label, TaskKind::Work, move || {
        // Their claims where their words are in the open archive now (ours were placed when
        // it opened): one tagged before an edit would otherwise be a second claim.
        let placed = match &archive {
            Some(archive) => export::placed_now(&theirs, archive, false).0,
            None => std::borrow::Cow::Borrowed(&*theirs),
        };
        let result = Box::new(export::merge_with(&mine, &placed, &tags));
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
    let summary = format!(
        "Merged {}: {} added, {} updated, {} tags added, {} conflicts",
        path.display(),
        result.added,
        result.updated,
        result.tags_added,
        result.conflicts.len()
    );
    app.share.show_merge(summary, result.conflicts);
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
        app.share.wait_for_agreement(None);
        return;
    };
    let mine = app.doc.project.clone();
    let label = format!("Comparing again with {}", file_label(Path::new(other)));
    let map = tags.clone();
    let started = app.spawn_task("agreement-again", label, TaskKind::Work, move || {
        let result = Box::new(export::agree_mapped(&mine, &theirs, &archive, &map));
        Done::Reagreed { tags: map, result }
    });
    app.share.wait_for_agreement(started.then_some(tags));
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
