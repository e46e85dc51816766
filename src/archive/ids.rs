//! Stable ids, and the same release arriving twice.
//!
//! A release's id is a hash of its title and date, so it survives re-reading, files being
//! added and the folder being moved. Tag-page releases keep the scheme they always had (a
//! second release with the same title and date is told apart by its order: `-2`). Releases
//! of other formats with the same title and date are compared: an identical copy (a feed
//! and a saved page of one release) is kept once; a differing one (a corrected version) is
//! kept under the id with a hash of its text added, and the versions are linked through
//! `Release::version_of`, as are releases sharing a source id (a GOV.UK translation).

use std::collections::HashMap;

use super::date::PartialDate;
use super::draft::Format;
use super::warning::Warning;
use super::{fnv1a, Archive};

impl Archive {
    /// Tag pages only (the usual case, at archive scale): ids from title and date, a second
    /// release with the same title and date told apart by its order.
    fn finish_tag_pages(&mut self) {
        let mut ids = TagPageIds::with_capacity(self.releases.len());
        for r in &mut self.releases {
            r.id = ids.next(&r.title, r.date);
            r.index_long_lines();
        }
        self.warnings.sort();
    }
}

/// Tag-page ids handed out in archive order (the command line streams releases through it).
#[derive(Debug, Default)]
pub(crate) struct TagPageIds {
    /// How many releases of each base id (the hash it is written from) so far.
    seen: HashMap<u64, u32>,
}

impl TagPageIds {
    pub fn with_capacity(n: usize) -> TagPageIds {
        TagPageIds {
            seen: HashMap::with_capacity(n),
        }
    }

    /// The id of the next release, of this title and date.
    pub fn next(&mut self, title: &str, date: Option<PartialDate>) -> String {
        let date = date.map(|d| d.to_string()).unwrap_or_default();
        // Counted by the hash that `base_id` writes out: the same ids, without a string key
        // per release (the command line hands out 100,000 on one thread).
        let hash = base_hash(title, &date);
        let n = self.seen.entry(hash).or_insert(0);
        *n += 1;
        if *n == 1 {
            format!("{hash:016x}")
        } else {
            format!("{hash:016x}-{n}")
        }
    }
}

fn base_id(title: &str, date: &str) -> String {
    format!("{:016x}", base_hash(title, date))
}

fn base_hash(title: &str, date: &str) -> u64 {
    fnv1a(&[title.as_bytes(), b"\x1f", date.as_bytes()])
}

impl Archive {
    /// Gives every release its stable id, keeps one of identical copies, links versions and
    /// sorts the warnings.
    pub(super) fn finish(&mut self) {
        if self.releases.iter().all(|r| r.format == Format::TagPage) {
            self.finish_tag_pages();
            return;
        }
        let n = self.releases.len();
        let mut ids: Vec<String> = vec![String::new(); n];
        let mut seen_tag: HashMap<String, u32> = HashMap::new();
        // Releases (indices) kept under each base id: tag-page releases first, whatever
        // the order of the files, so their ids never change.
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        let bases: Vec<String> = self
            .releases
            .iter()
            .map(|r| base_id(&r.title, &r.date.map(|d| d.to_string()).unwrap_or_default()))
            .collect();
        for (i, r) in self.releases.iter().enumerate() {
            if r.format != Format::TagPage {
                continue;
            }
            let base = &bases[i];
            let k = seen_tag.entry(base.clone()).or_insert(0);
            *k += 1;
            ids[i] = if *k == 1 {
                base.clone()
            } else {
                format!("{base}-{k}")
            };
            groups.entry(base.clone()).or_default().push(i);
        }
        let mut drop = vec![false; n];
        for (i, r) in self.releases.iter().enumerate() {
            if r.format == Format::TagPage {
                continue;
            }
            let base = &bases[i];
            let group = groups.entry(base.clone()).or_default();
            if let Some(&same) = group.iter().find(|&&j| self.releases[j].text == r.text) {
                drop[i] = true;
                let first = &self.releases[same];
                self.warnings.push(Warning {
                    file: r.file,
                    line: r.line,
                    message: format!(
                        "the same release as {}:{} (kept once)",
                        self.files
                            .get(first.file)
                            .map(|f| f.path.display().to_string())
                            .unwrap_or_default(),
                        first.line
                    ),
                });
                continue;
            }
            ids[i] = if group.is_empty() {
                base.clone()
            } else {
                format!("{base}-{:08x}", fnv1a(&[r.text.as_bytes()]) as u32)
            };
            group.push(i);
        }
        // Link the versions of one release.
        let mut links: Vec<Option<String>> = vec![None; n];
        for members in groups.values() {
            if members.len() < 2 {
                continue;
            }
            let first = members[0];
            for &m in &members[1..] {
                links[m] = Some(ids[first].clone());
            }
            links[first] = Some(ids[members[1]].clone());
        }
        let mut by_source: HashMap<&str, usize> = HashMap::new();
        for (i, r) in self.releases.iter().enumerate() {
            let Some(sid) = r.source_id.as_deref().filter(|_| !drop[i]) else {
                continue;
            };
            match by_source.get(sid) {
                Some(&first) => {
                    if links[i].is_none() {
                        links[i] = Some(ids[first].clone());
                    }
                    if links[first].is_none() {
                        links[first] = Some(ids[i].clone());
                    }
                }
                None => {
                    by_source.insert(sid, i);
                }
            }
        }
        for ((r, id), link) in self.releases.iter_mut().zip(ids).zip(links) {
            r.id = id;
            if r.version_of.is_none() {
                r.version_of = link;
            }
            r.index_long_lines();
        }
        if drop.iter().any(|&d| d) {
            let mut i = 0;
            self.releases.retain(|_| {
                let keep = !drop[i];
                i += 1;
                keep
            });
        }
        self.warnings.sort();
    }
}
