//! `pressmark check`: re-anchor a project's claims against its archive as it is now.
//! Changes nothing on disk.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::archive::Archive;
use crate::project::reanchor::{reanchor, Outcome};

pub fn run(project_path: &Path, json: bool) -> anyhow::Result<()> {
    // A project file or a bundle (whose archive is extracted beside its project).
    let loaded = crate::export::load_project_any(project_path)?;
    let (project, archive_paths) = (loaded.project, loaded.archive_paths);
    let shown = crate::output::shown_paths(&archive_paths);
    // Of an archive of several paths, one removed is reported like a file removed from a
    // folder: its claims orphaned, the rest checked. With none left there is nothing to check.
    let (present, missing): (Vec<PathBuf>, Vec<PathBuf>) =
        archive_paths.iter().cloned().partition(|p| p.exists());
    let read = if present.is_empty() {
        &archive_paths
    } else {
        for m in &missing {
            eprintln!(
                "warning: {} (part of the project's archive) is missing; its claims are \
                 reported orphaned",
                m.display()
            );
        }
        &present
    };
    let archive = Archive::load(read)
        .with_context(|| format!("cannot load the project's archive {shown}"))?;
    let changed = !project.archive.matches_files(&archive_paths);
    let result = reanchor(&project, &archive);
    let counts = result.counts();

    if json {
        let claims: Vec<serde_json::Value> = result
            .placements
            .iter()
            .map(|p| {
                serde_json::json!({
                    "id": p.claim.0,
                    "status": p.outcome.label(),
                    "text_now": p.anchor.as_ref().map(|a| a.exact.as_str()),
                })
            })
            .collect();
        let value = serde_json::json!({
            "exact": counts.exact,
            "moved": counts.moved,
            "fuzzy": counts.fuzzy,
            "orphaned": counts.orphaned,
            "archive_changed": changed,
            "claims": claims,
            // Left by a three-way merge (`merge3`): both versions are in the project file.
            "conflicts": project.conflicts.iter().map(|c| {
                let (kind, id) = c.subject();
                serde_json::json!({
                    "kind": kind,
                    "id": super::merge3::json_id(kind, &id),
                    "description": c.describe(),
                })
            }).collect::<Vec<_>>(),
        });
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        return super::print(&text);
    }

    let mut out = format!(
        "{}: {} claims against {}{}\n",
        project_path.display(),
        result.placements.len(),
        shown,
        if changed {
            " (archive changed since tagging)"
        } else {
            ""
        },
    );
    out.push_str(&format!(
        "exact {}\nmoved {}\nfuzzy {}\norphaned {}\n",
        counts.exact, counts.moved, counts.fuzzy, counts.orphaned
    ));
    for p in result
        .placements
        .iter()
        .filter(|p| p.outcome != Outcome::Exact)
    {
        let old = project
            .claim(p.claim)
            .map_or("", |c| c.anchor.exact.as_str());
        match &p.anchor {
            Some(a) => out.push_str(&format!(
                "  {} {} {:?} -> {:?}\n",
                p.outcome.label(),
                p.claim.0,
                old,
                a.exact
            )),
            None => out.push_str(&format!("  orphaned {} {:?}\n", p.claim.0, old)),
        }
    }
    if !project.conflicts.is_empty() {
        out.push_str(&format!(
            "conflicts {} (left by a merge; both versions are under `conflicts:` in the file)\n",
            project.conflicts.len()
        ));
        for c in &project.conflicts {
            out.push_str(&format!("  {}\n", c.describe()));
        }
    }
    super::print(&out)
}
