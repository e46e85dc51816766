//! `pressmark search ARCHIVE... QUERY [--json]`: every hit, with where it starts in the
//! source file and the sentence around it.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;

use crate::archive::Archive;
use crate::search::{Query, SearchIndex};

/// One hit as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HitOut {
    pub release: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub text: String,
}

/// Every hit of `query` in `archive`, in release order then offset.
pub fn hits(archive: &Archive, query: &str) -> Vec<HitOut> {
    let index = SearchIndex::build(archive);
    let results = index.search(archive, &Query::parse(query), usize::MAX);
    let mut out = Vec::new();
    for rh in &results.releases {
        let Some(r) = archive.releases.get(rh.release) else {
            continue;
        };
        for hit in &rh.hits {
            let (line, column) = r.source_position(hit.start);
            let (s, e) = hit.sentence;
            out.push(HitOut {
                release: r.id.clone(),
                file: archive.file_path(r.file).display().to_string(),
                line,
                column,
                text: r.text.get(s..e).unwrap_or("").replace('\n', " "),
            });
        }
    }
    out
}

pub fn run(args: &[String], json: bool) -> anyhow::Result<()> {
    let Some((query, paths)) = args.split_last() else {
        anyhow::bail!("usage: pressmark search ARCHIVE... QUERY");
    };
    if paths.is_empty() {
        anyhow::bail!("usage: pressmark search ARCHIVE... QUERY (no archive given)");
    }
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let archive = Archive::load(&paths).context("could not open the archive")?;
    let found = hits(&archive, query);
    let mut text = String::new();
    if json {
        text = serde_json::to_string_pretty(&found)?;
        text.push('\n');
    } else {
        for h in &found {
            let _ = writeln!(text, "{}:{}:{}: {}", h.file, h.line, h.column, h.text);
        }
    }
    super::print(&text)
}
