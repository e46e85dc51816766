//! `pressmark findings ARCHIVE... [--json]`: what the checks on the figures found.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;

use crate::archive::Archive;
use crate::figures::{findings, FindingKind};

#[derive(Serialize)]
struct FindingOut<'a> {
    release: &'a str,
    kind: FindingKind,
    message: &'a str,
    figures: Vec<FigureOut<'a>>,
}

#[derive(Serialize)]
struct FigureOut<'a> {
    release: &'a str,
    text: &'a str,
    value: f64,
    unit: &'a str,
    start: usize,
    end: usize,
    file: String,
    line: u32,
    column: u32,
}

pub fn run(paths: &[PathBuf], json: bool) -> anyhow::Result<()> {
    let archive = Archive::load(paths).context("could not open the archive")?;
    let found = findings(&archive);
    let index = archive.index_by_id();
    let out: Vec<FindingOut<'_>> = found
        .iter()
        .map(|f| FindingOut {
            release: &f.release,
            kind: f.kind,
            message: &f.message,
            figures: f
                .figures
                .iter()
                .map(|r| {
                    let release = index
                        .get(r.release.as_str())
                        .and_then(|&i| archive.releases.get(i));
                    let (line, column) = release
                        .map(|rel| rel.source_position(r.start))
                        .unwrap_or((0, 0));
                    FigureOut {
                        release: &r.release,
                        text: &r.text,
                        value: r.value,
                        unit: r.unit.as_str(),
                        start: r.start,
                        end: r.end,
                        file: release
                            .map(|rel| archive.file_path(rel.file).display().to_string())
                            .unwrap_or_default(),
                        line,
                        column,
                    }
                })
                .collect(),
        })
        .collect();
    if json {
        let mut text = serde_json::to_string_pretty(&out)?;
        text.push('\n');
        return super::print(&text);
    }
    let mut text = String::new();
    for f in &out {
        let at = f
            .figures
            .first()
            .map(|r| format!("{}:{}:{}", r.file, r.line, r.column))
            .unwrap_or_default();
        let _ = writeln!(text, "{at}  {}  {}", f.kind.as_str(), f.message);
    }
    let _ = writeln!(
        text,
        "{} findings in {} releases",
        out.len(),
        archive.releases.len()
    );
    super::print(&text)
}
