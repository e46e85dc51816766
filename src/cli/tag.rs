//! `pressmark tag`: claim every match of a text or pattern with a tag, and save.

use std::path::Path;

use anyhow::Context;

use crate::archive::Archive;
use crate::project::{self, store, unix_now, ArchiveRef, Edit, Project};

/// What to tag.
pub struct TagArgs<'a> {
    pub project: &'a Path,
    pub archive: &'a Path,
    pub pattern: &'a str,
    pub tag: &'a str,
    pub regex: bool,
    pub note: &'a str,
}

pub fn run(args: &TagArgs) -> anyhow::Result<()> {
    if args.tag.trim().is_empty() {
        anyhow::bail!("--tag needs a name");
    }
    let archive = Archive::load(&[args.archive.to_owned()])
        .with_context(|| format!("cannot load the archive {}", args.archive.display()))?;
    let archive_ref = ArchiveRef::for_file(args.project, args.archive)?;
    let mut project = if args.project.exists() {
        let mut p = store::load(args.project)?;
        p.archive = archive_ref;
        if p.author.trim().is_empty() {
            // Files from before claims were always signed.
            p.author = project::default_author();
        }
        p
    } else {
        Project::new(archive_ref, &project::default_author())
    };
    let matches = project::find_matches(&archive, args.pattern, args.regex)
        .with_context(|| format!("bad regular expression {:?}", args.pattern))?;

    let (tag, created) = match project.codebook.by_name(args.tag) {
        Some(t) => (t.id, false),
        None => {
            let colour = project.codebook.next_colour();
            let (id, add) = Edit::create_tag(&project.codebook, args.tag, colour, None);
            add.apply(&mut project)?;
            (id, true)
        }
    };
    let edit = project::tag_all_edit(&project, &archive, &matches, tag, args.note, unix_now());
    let added = match &edit {
        Edit::Batch(edits) => edits.len(),
        _ => 0,
    };
    edit.apply(&mut project)?;
    store::save(&project, args.project)?;

    let tag_name = project
        .codebook
        .get(tag)
        .map_or(args.tag, |t| t.name.as_str());
    let mut out = format!(
        "added {added} claim{} tagged {tag_name:?} ({} match{}, {} already tagged){}\n",
        if added == 1 { "" } else { "s" },
        matches.len(),
        if matches.len() == 1 { "" } else { "es" },
        matches.len() - added,
        if created { "; new tag" } else { "" },
    );
    out.push_str(&format!("saved {}\n", args.project.display()));
    super::print(&out)
}
