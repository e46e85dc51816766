//! Tag all matches: find a pattern across an archive, then claim every hit in one edit.

use std::collections::HashSet;

use crate::archive::Archive;

use super::{Anchor, Claim, Edit, Project, Status, TagId};

/// One hit: `text[start..end]` of a release, byte offsets into its canonical text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Match {
    pub release: String,
    pub start: usize,
    pub end: usize,
}

/// Every non-empty, non-overlapping match of `pattern` (a literal, case-sensitive, or a
/// regular expression), sorted by release id then position.
pub fn find_matches(
    archive: &Archive,
    pattern: &str,
    regex: bool,
) -> Result<Vec<Match>, regex::Error> {
    let mut out = Vec::new();
    if pattern.is_empty() {
        return Ok(out);
    }
    if regex {
        let re = regex::Regex::new(pattern)?;
        for r in &archive.releases {
            out.extend(
                re.find_iter(&r.text)
                    .filter(|m| !m.is_empty())
                    .map(|m| Match {
                        release: r.id.clone(),
                        start: m.start(),
                        end: m.end(),
                    }),
            );
        }
    } else {
        let finder = memchr::memmem::Finder::new(pattern.as_bytes());
        for r in &archive.releases {
            out.extend(finder.find_iter(r.text.as_bytes()).map(|start| Match {
                release: r.id.clone(),
                start,
                end: start + pattern.len(),
            }));
        }
    }
    out.sort();
    Ok(out)
}

/// One `Batch` adding a claim with `tag` for each match, skipping ranges already claimed with
/// that tag. Matches in releases missing from `archive` are skipped too.
pub fn tag_all_edit(
    project: &Project,
    archive: &Archive,
    matches: &[Match],
    tag: TagId,
    note: &str,
    now: i64,
) -> Edit {
    let claimed: HashSet<(&str, usize, usize)> = project
        .claims
        .values()
        .filter(|c| c.has_tag(tag))
        .map(|c| (c.release.as_str(), c.anchor.start, c.anchor.end))
        .collect();
    let index = archive.index_by_id();
    let mut next_id = project.claim_ids();
    let mut edits = Vec::new();
    let mut seen = HashSet::new();
    for m in matches {
        let key = (m.release.as_str(), m.start, m.end);
        if claimed.contains(&key) || !seen.insert(key) {
            continue;
        }
        let Some(release) = index.get(m.release.as_str()).map(|&i| &archive.releases[i]) else {
            continue;
        };
        edits.push(Edit::AddClaim(Claim {
            id: next_id(),
            release: m.release.clone(),
            anchor: Anchor::from_range(&release.text, m.start, m.end),
            tags: vec![tag],
            note: note.to_owned(),
            status: Status::Unchecked,
            author: project.author.clone(),
            created: now,
            modified: now,
        }));
    }
    Edit::Batch(edits)
}
