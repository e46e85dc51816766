//! `pressmark export`: write a project (or bundle) as a bundle, CSV, HTML, W3C Web
//! Annotation JSON or REFI-QDA `.qdpx`.

use std::path::Path;

use anyhow::Context;

use crate::archive::Archive;
use crate::export::{export_all, load_project_any, Format};
use crate::output::{refuse_inputs, writes_directly};

pub fn run(project_path: &Path, format: &str, out: &Path) -> anyhow::Result<()> {
    let format = Format::from_name(format).with_context(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {format:?}; use one of {}", names.join(", "))
    })?;
    let loaded = load_project_any(project_path)?;
    // Before anything is read further or written: the output must not be an input.
    let archive_files = super::archive_files(&loaded.archive_paths);
    let mut inputs = vec![
        ("the project", project_path),
        ("the project", loaded.project_path.as_path()),
    ];
    inputs.extend(
        archive_files
            .iter()
            .map(|p| ("the project's archive", p.as_path())),
    );
    refuse_inputs(out, &inputs)?;
    let archive = Archive::load(&loaded.archive_paths).with_context(|| {
        format!(
            "cannot load the project's archive {}",
            crate::output::shown_paths(&loaded.archive_paths)
        )
    })?;
    export_all(
        format,
        &loaded.project,
        &loaded.archive_paths,
        &archive,
        out,
    )?;
    let summary = format!(
        "wrote {} ({} claims, {})\n",
        out.display(),
        loaded.project.claims.len(),
        format.name()
    );
    if writes_directly(out) {
        // The export went to standard output or a pipe: keep the summary out of it.
        eprint!("{summary}");
        return Ok(());
    }
    super::print(&summary)
}
