//! `pressmark claims ARCHIVE... [--json]`: every figure found, with where it is.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;

use crate::archive::Archive;
use crate::figures::find_figures;

/// One figure as printed: the JSON object has exactly these fields.
#[derive(Serialize)]
struct ClaimOut<'a> {
    release: &'a str,
    file: String,
    line: u32,
    column: u32,
    text: String,
    value: f64,
    unit: String,
    qualifier: Option<String>,
    noun: Option<String>,
}

pub fn run(paths: &[PathBuf], json: bool) -> anyhow::Result<()> {
    let archive = Archive::load(paths).context("could not open the archive")?;
    let claims = collect(&archive);
    // A number too long to hold (hundreds of digits) has no value: say so and
    // keep the rest ("value" is null in JSON).
    for c in claims.iter().filter(|c| !c.value.is_finite()) {
        let shown: String = c.text.chars().take(16).collect();
        eprintln!(
            "pressmark: {}:{}:{}: the figure \"{shown}…\" is out of range; its value is left empty",
            c.file, c.line, c.column
        );
    }
    if json {
        let mut text = serde_json::to_string_pretty(&claims)?;
        text.push('\n');
        return super::print(&text);
    }
    let mut out = String::new();
    for c in &claims {
        let value = if c.value.is_finite() {
            c.value.to_string()
        } else {
            "out of range".to_owned()
        };
        let _ = writeln!(
            out,
            "{}:{}:{}  {}  = {value} {}",
            c.file, c.line, c.column, c.text, c.unit
        );
    }
    let _ = writeln!(
        out,
        "{} figures in {} releases",
        claims.len(),
        archive.releases.len()
    );
    super::print(&out)
}

/// Figures in archive order: file, then release, then position in the text.
fn collect(archive: &Archive) -> Vec<ClaimOut<'_>> {
    let mut out = Vec::new();
    for r in &archive.releases {
        let file = archive.file_path(r.file).display().to_string();
        for f in find_figures(&r.text) {
            let (line, column) = r.source_position(f.start);
            out.push(ClaimOut {
                release: &r.id,
                file: file.clone(),
                line,
                column,
                value: f.value,
                unit: f.unit.as_str().to_owned(),
                text: f.text,
                qualifier: f.qualifier,
                noun: f.noun,
            });
        }
    }
    out
}
