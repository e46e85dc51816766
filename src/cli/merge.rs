//! `pressmark merge`: bring a colleague's project (or bundle) into ours; write the result.

use std::path::Path;

use crate::export::{load_project_any, merge_with, placed_now};
use crate::project::{store, ArchiveRef};

pub fn run(
    project: &Path,
    other: &Path,
    out: &Path,
    json: bool,
    maps: &[String],
) -> anyhow::Result<()> {
    let ours = load_project_any(project)?;
    let theirs = load_project_any(other)?;
    let (our_files, their_files) = (
        super::archive_files(&ours.archive_paths),
        super::archive_files(&theirs.archive_paths),
    );
    let mut inputs = vec![("your project", project), ("the other project", other)];
    inputs.extend(
        our_files
            .iter()
            .map(|p| ("your project's archive", p.as_path())),
    );
    inputs.extend(
        their_files
            .iter()
            .map(|p| ("the other project's archive", p.as_path())),
    );
    crate::output::refuse_inputs(out, &inputs)?;
    let map = super::tag_map(maps, &ours.project)?;
    if super::made_on_different_archives(&ours.project, &theirs.project) {
        eprintln!("warning: the two projects were made on different archives");
    }
    // Both sides' claims where their words are in our archive now: one tagged before the
    // archive was edited would otherwise be a second claim on the same words. A claim whose
    // words are gone is merged as stored (nothing is dropped).
    let archive = crate::archive::Archive::load(&ours.archive_paths);
    let (mine, theirs_placed) = match &archive {
        Ok(archive) => (
            placed_now(&ours.project, archive, false).0,
            placed_now(&theirs.project, archive, false).0,
        ),
        Err(e) => {
            eprintln!(
                "warning: the claims are merged where they were saved, not placed in the \
                 archive first ({e})"
            );
            (
                std::borrow::Cow::Borrowed(&ours.project),
                std::borrow::Cow::Borrowed(&theirs.project),
            )
        }
    };
    let result = merge_with(&mine, &theirs_placed, &map);
    let mut merged = mine.into_owned();
    result.edit.clone().apply(&mut merged)?;
    let mut paths = ours
        .archive_paths
        .iter()
        .map(|p| store::relative_to_project(out, p));
    merged.archive = ArchiveRef {
        path: paths.next().unwrap_or_default(),
        sha256: ours.project.archive.sha256.clone(),
        more: paths.collect(),
    };
    store::save(&merged, out)?;

    if json {
        let conflicts: Vec<serde_json::Value> = result
            .conflicts
            .iter()
            .map(|c| {
                serde_json::json!({
                    "ours": c.ours.id.0,
                    "theirs": c.theirs.id.0,
                    "release": c.ours.release,
                    "quote": c.ours.anchor.exact,
                })
            })
            .collect();
        let value = serde_json::json!({
            "added": result.added,
            "updated": result.updated,
            "tags_added": result.tags_added,
            "conflicts": result.conflicts.len(),
            "conflict_claims": conflicts,
            "out": out.display().to_string(),
        });
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        return report(out, &text);
    }
    let mut text = format!(
        "added {}\nupdated {}\ntags added {}\nconflicts {}\n",
        result.added,
        result.updated,
        result.tags_added,
        result.conflicts.len()
    );
    for c in &result.conflicts {
        text.push_str(&format!(
            "  claim {} kept; theirs added as claim {} {:?}\n",
            c.ours.id.0, c.theirs.id.0, c.ours.anchor.exact
        ));
    }
    text.push_str(&format!("wrote {}\n", out.display()));
    report(out, &text)
}

/// Prints the report, on standard error if the merged project went to standard output or a
/// pipe (so that the two are not mixed).
fn report(out: &Path, text: &str) -> anyhow::Result<()> {
    if crate::output::writes_directly(out) {
        eprint!("{text}");
        return Ok(());
    }
    super::print(text)
}
