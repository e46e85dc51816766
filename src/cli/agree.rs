//! `pressmark agree`: inter-coder agreement (percentage and Cohen's kappa) per tag.

use std::path::Path;

use anyhow::Context;

use crate::archive::Archive;
use crate::export::{agree_mapped, load_project_any, Who};

pub fn run(project: &Path, other: &Path, json: bool, maps: &[String]) -> anyhow::Result<()> {
    let a = load_project_any(project)?;
    let b = load_project_any(other)?;
    let map = super::tag_map(maps, &a.project)?;
    let archive = Archive::load(&a.archive_paths).with_context(|| {
        format!(
            "cannot load the project's archive {}",
            crate::output::shown_paths(&a.archive_paths)
        )
    })?;
    if super::made_on_different_archives(&a.project, &b.project) {
        eprintln!(
            "warning: the two projects were made on different archives (or the archive changed \
             between them); the claims are compared where their words are in {} now",
            crate::output::shown_paths(&a.archive_paths)
        );
    }
    let result = agree_mapped(&a.project, &b.project, &archive, &map);
    for (who, n) in ["the first project", "the other project"]
        .iter()
        .zip(result.left_out)
        .filter(|(_, n)| *n > 0)
    {
        eprintln!(
            "warning: {n} claim{} of {who} left out: {} words are no longer in the archive",
            if n == 1 { "" } else { "s" },
            if n == 1 { "its" } else { "their" }
        );
    }
    if json {
        let tags: Vec<serde_json::Value> = result
            .per_tag
            .iter()
            .map(|t| {
                // A tag neither side used has no agreement to report: null, not 100 / 1.
                let score = |v: f64| t.used.then_some(v);
                serde_json::json!({
                    "tag": t.tag,
                    "agreement": score(t.percent_agreement),
                    "kappa": score(t.kappa),
                    "used": t.used,
                    "a_chars": t.a_chars,
                    "b_chars": t.b_chars,
                    "both_chars": t.both_chars,
                    "total_chars": t.total_chars,
                })
            })
            .collect();
        let value = serde_json::json!({
            "tags": tags,
            "disagreements": result.disagreements,
        });
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        return super::print(&text);
    }
    let mut text = String::from("tag\tagreement %\tkappa\tA chars\tB chars\tboth\n");
    for t in &result.per_tag {
        let (agreement, kappa) = if t.used {
            (format!("{:.2}", t.percent_agreement), t.kappa_shown())
        } else {
            ("not used".to_owned(), "not used".to_owned())
        };
        text.push_str(&format!(
            "{}\t{agreement}\t{kappa}\t{}\t{}\t{}\n",
            t.tag, t.a_chars, t.b_chars, t.both_chars
        ));
    }
    text.push_str(&format!("{} disagreements\n", result.disagreements.len()));
    for d in &result.disagreements {
        let who = match d.who {
            Who::AOnly => "A only",
            Who::BOnly => "B only",
        };
        text.push_str(&format!(
            "  {} {}..{} {} ({who}) {:?}\n",
            d.release, d.start, d.end, d.tag, d.text
        ));
    }
    super::print(&text)
}
