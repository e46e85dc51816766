//! Checks on a project as loaded: what the format promises (unique ids and names, tags that
//! exist, a tag tree without circles) and that a damaged or hand-edited file breaks. A file
//! that breaks them is refused with the line and what is wrong; nothing is repaired silently.

use std::collections::{BTreeMap, BTreeSet};

use crate::project::{Project, TagId};

/// The first problem found, with its line in `text` where it can be found.
pub fn validate(project: &Project, text: &str) -> Result<(), String> {
    let book = &project.codebook;
    let tag_section = Section::find(text, &["codebook", "tags"]);
    let claim_section = Section::find(text, &["claims"]);

    let mut seen = BTreeSet::new();
    for tag in book.tags() {
        if !seen.insert(tag.id) {
            return Err(format!(
                "{}tag id {} is used by two tags ({:?} and {:?}); give one of them an id \
                 no other tag has",
                tag_section.at(text, tag.id.0.into(), 2),
                tag.id.0,
                book.tags()
                    .iter()
                    .find(|t| t.id == tag.id)
                    .map_or("", |t| t.name.as_str()),
                tag.name
            ));
        }
    }
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for tag in book.tags() {
        if let Some(first) = names.insert(tag.name.trim().to_ascii_lowercase(), &tag.name) {
            return Err(format!(
                "{}two tags are named {:?} and {:?} (names must differ, ignoring case)",
                tag_section.at(text, tag.id.0.into(), 1),
                first,
                tag.name
            ));
        }
    }
    for tag in book.tags() {
        if let Some(p) = tag
            .parent
            .filter(|p| book.get(*p).is_none() || *p == tag.id)
        {
            return Err(format!(
                "{}tag {} has parent {}, which is not another tag in the codebook",
                tag_section.at(text, tag.id.0.into(), 1),
                tag.id.0,
                p.0
            ));
        }
    }
    if let Some(circle) = first_circle(project) {
        let ids: Vec<String> = circle.iter().map(|t| t.0.to_string()).collect();
        return Err(format!(
            "{}the parents of tag {} go round in a circle ({}); a tag cannot be its own \
             ancestor",
            tag_section.at(text, circle[0].0.into(), 1),
            circle[0].0,
            ids.join(" → ")
        ));
    }
    for claim in project.claims.values() {
        if let Some(t) = claim.tags.iter().find(|t| book.get(**t).is_none()) {
            return Err(format!(
                "{}claim {} has tag {}, which is not in the codebook",
                claim_section.at(text, claim.id.0, 1),
                claim.id.0,
                t.0
            ));
        }
        if claim.anchor.start > claim.anchor.end {
            return Err(format!(
                "{}claim {} ends before it starts",
                claim_section.at(text, claim.id.0, 1),
                claim.id.0
            ));
        }
    }
    Ok(())
}

/// The message for two claims sharing `id`, with the line of the second.
pub fn repeated_claim(text: &str, id: u64) -> String {
    let line = Section::find(text, &["claims"]).at(text, id, 2);
    format!("{line}claim id {id} is used by two claims; give one of them an id no other claim has")
}

/// A circle of parents, if there is one: its ids from the smallest round to it again. Each
/// tag is walked up once (linear in the number of tags, however deep the tree).
fn first_circle(project: &Project) -> Option<Vec<TagId>> {
    let tags = project.codebook.tags();
    // 0: not seen, 1: on the walk now, 2: known to reach the top.
    let mut state = vec![0u8; tags.len()];
    let index = |id: TagId| project.codebook.position(id);
    for start in 0..tags.len() {
        let mut walk: Vec<usize> = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let from = walk.iter().position(|w| *w == i)?;
                    let mut circle: Vec<TagId> = walk[from..].iter().map(|w| tags[*w].id).collect();
                    let low = (0..circle.len()).min_by_key(|k| circle[*k])?;
                    circle.rotate_left(low);
                    circle.push(circle[0]);
                    return Some(circle);
                }
                _ => {
                    state[i] = 1;
                    walk.push(i);
                    at = tags[i].parent.and_then(index);
                }
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    None
}

/// Where a list (`claims: [...]`, `codebook: [...]`) is in the file's text, to find the line
/// of an entry by its id. A guess from the text, good for files as Pressmark writes them and
/// most hand-edited ones; when it cannot tell, the message goes without a line.
pub struct Section {
    range: Option<(usize, usize)>,
}

impl Section {
    /// The first top-level-looking `KEY: [` of `keys`, to the next `]` at the start of a line
    /// with the same indentation.
    pub fn find(text: &str, keys: &[&str]) -> Section {
        let range = keys.iter().find_map(|key| {
            let pattern = format!(r"(?m)^([ \t]*){}\s*:\s*\[", regex::escape(key));
            let re = regex::Regex::new(&pattern).ok()?;
            let found = re.captures(text)?;
            let whole = found.get(0)?;
            let indent = found.get(1)?.as_str();
            let close = regex::Regex::new(&format!(r"(?m)^{}\]", regex::escape(indent))).ok()?;
            let end = close
                .find_at(text, whole.end())
                .map_or(text.len(), |m| m.end());
            Some((whole.end(), end))
        });
        Section { range }
    }

    /// "line N: " for the `nth` (1-based) entry with `id: ID` in the section, or "".
    pub fn at(&self, text: &str, id: u64, nth: usize) -> String {
        self.line_of(text, id, nth)
            .map_or_else(String::new, |line| format!("line {line}: "))
    }

    fn line_of(&self, text: &str, id: u64, nth: usize) -> Option<usize> {
        let (start, end) = self.range?;
        let body = text.get(start..end)?;
        // `id: 3` but not `id: 31`, nor a field whose name ends in `id`.
        let re = regex::Regex::new(&format!(r"(?:^|[\s(,])id\s*:\s*{id}\b")).ok()?;
        let found = re.find_iter(body).nth(nth.checked_sub(1)?)?;
        let offset = start + found.start() + found.as_str().find("id")?;
        Some(text[..offset].bytes().filter(|b| *b == b'\n').count() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{ArchiveRef, Codebook, Tag};

    fn with_parents(parents: &[(u32, Option<u32>)]) -> Project {
        let mut p = Project::new(ArchiveRef::default(), "t");
        p.codebook = Codebook::from_tags(
            parents
                .iter()
                .map(|(id, parent)| Tag {
                    parent: parent.map(TagId),
                    ..Tag::new(TagId(*id), &format!("tag {id}"), [0, 0, 0])
                })
                .collect(),
        );
        p
    }

    #[test]
    fn circles_are_found_from_their_smallest_id_and_trees_pass() {
        // 4 hangs below a circle 7 -> 5 -> 6 -> 7; 1 and 2 form a proper tree.
        let p = with_parents(&[
            (1, None),
            (2, Some(1)),
            (4, Some(7)),
            (5, Some(6)),
            (6, Some(7)),
            (7, Some(5)),
        ]);
        let ids: Vec<u32> = first_circle(&p)
            .expect("a circle")
            .iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(ids, [5, 6, 7, 5]);
        let message = validate(&p, "").expect_err("refused");
        assert!(
            message.starts_with("the parents of tag 5 go round"),
            "{message}"
        );
        // A deep chain with no circle.
        let chain: Vec<(u32, Option<u32>)> =
            (1..=5000).map(|i| (i, (i > 1).then(|| i - 1))).collect();
        assert!(first_circle(&with_parents(&chain)).is_none());
    }
}
