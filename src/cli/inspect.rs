//! `pressmark inspect PATH... [--json] [--text]`.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::archive::Release;

/// The release's text after its title: the dating line and the body, blocks apart by a
/// blank line.
fn body(r: &Release) -> &str {
    let start = r
        .blocks
        .get(1)
        .map(|b| b.start as usize)
        .unwrap_or(r.text.len());
    r.text.get(start..).unwrap_or("")
}

#[derive(Serialize)]
struct Report<'a> {
    releases: Vec<ReleaseOut<'a>>,
    warnings: Vec<WarningOut<'a>>,
}

#[derive(Serialize)]
struct ReleaseOut<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    date: Option<String>,
    department: Option<&'a str>,
    speakers: Vec<&'a str>,
    file: String,
    line: u32,
    /// `tagpage`, `govuk-json`, `rss`, `atom`, `html`, `markdown`, `text`, `docx`, `pdf`.
    format: &'static str,
    url: Option<&'a str>,
    /// With `--text`: the body as the reader shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct WarningOut<'a> {
    file: String,
    line: u32,
    message: &'a str,
}

pub fn run(paths: &[PathBuf], json: bool, with_text: bool, no_cache: bool) -> anyhow::Result<()> {
    let opened = super::cached::open(paths, no_cache)?;
    let archive = &opened.archive;
    let report = Report {
        releases: archive
            .releases
            .iter()
            .map(|r| ReleaseOut {
                id: &r.id,
                title: &r.title,
                kind: r.kind.label(),
                date: r.date.map(|d| d.to_string()),
                department: r.department.as_deref(),
                speakers: r.speaker_names(),
                file: archive.file_path(r.file).display().to_string(),
                line: r.line,
                format: r.format.label(),
                url: r.url.as_deref(),
                text: with_text.then(|| body(r)),
            })
            .collect(),
        warnings: archive
            .warnings
            .iter()
            .map(|w| WarningOut {
                file: archive.file_path(w.file).display().to_string(),
                line: w.line,
                message: &w.message,
            })
            .collect(),
    };
    if json {
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        super::print(&text)?;
        drop(report);
        opened.save();
        // The process ends next: freeing 100,000 releases one by one would only add time.
        std::mem::forget(opened);
        return Ok(());
    }
    let mut out = String::new();
    for r in &report.releases {
        let _ = writeln!(
            out,
            "{}  {:<10}  {:<14}  {}  [{}]",
            r.id,
            r.date.as_deref().unwrap_or("undated"),
            r.kind,
            r.title,
            r.department.unwrap_or("-")
        );
        if let Some(text) = r.text {
            for line in text.lines() {
                let _ = writeln!(out, "    {line}");
            }
            out.push('\n');
        }
    }
    let range = archive
        .date_range()
        .map(|(a, b)| format!(", {a} to {b}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} releases{range}; {} warnings",
        report.releases.len(),
        report.warnings.len()
    );
    for w in &report.warnings {
        let _ = writeln!(out, "{}:{}: warning: {}", w.file, w.line, w.message);
    }
    super::print(&out)?;
    drop(report);
    opened.save();
    // The process ends next: freeing 100,000 releases one by one would only add time.
    std::mem::forget(opened);
    Ok(())
}
