//! `pressmark tag`: claim every match of a text or pattern with a tag, and save.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::archive::Archive;
use crate::output::same_file;
use crate::project::{self, reanchor, store, unix_now, ArchiveRef, Edit, Project};

/// What to tag.
pub struct TagArgs<'a> {
    pub project: &'a Path,
    /// One or more files or folders, in order.
    pub archive: &'a [PathBuf],
    pub pattern: &'a str,
    pub tag: &'a str,
    pub regex: bool,
    pub note: &'a str,
    /// Allow pointing an existing project at another archive file.
    pub repoint: bool,
}

pub fn run(args: &TagArgs) -> anyhow::Result<()> {
    if args.tag.trim().is_empty() {
        anyhow::bail!("--tag needs a name");
    }
    if args.archive.iter().any(|a| same_file(args.project, a)) {
        anyhow::bail!(
            "{} is both the project and the archive; name the project file another way",
            args.project.display()
        );
    }
    let archive = Archive::load(args.archive)
        .with_context(|| format!("cannot load the archive {}", shown(args.archive)))?;
    let archive_ref = ArchiveRef::for_files(args.project, args.archive)?;
    let matches = project::find_matches(&archive, args.pattern, args.regex)
        .with_context(|| format!("bad regular expression {:?}", args.pattern))?;

    // Read, change and save under the project's lock, so that another run saving meanwhile
    // is read here and its claims kept; new ids follow the file as it is now.
    let new_project = || {
        Ok(Project::new(
            archive_ref.clone(),
            &project::default_author(),
        ))
    };
    let summary = store::update(args.project, new_project, |project, existed| {
        let mut notes = String::new();
        if existed {
            notes = follow_archive(project, args, &archive, &archive_ref)?;
            if project.author.trim().is_empty() {
                // Files from before claims were always signed.
                project.author = project::default_author();
            }
        }
        let (tag, created) = match project.codebook.by_name(args.tag) {
            Some(t) => (t.id, false),
            None => {
                let colour = project.codebook.next_colour();
                let (id, add) = Edit::create_tag(&project.codebook, args.tag, colour, None);
                add.apply(project)?;
                (id, true)
            }
        };
        let edit = project::tag_all_edit(project, &archive, &matches, tag, args.note, unix_now());
        let added = match &edit {
            Edit::Batch(edits) => edits.len(),
            _ => 0,
        };
        edit.apply(project)?;
        let tag_name = project
            .codebook
            .get(tag)
            .map_or(args.tag, |t| t.name.as_str());
        Ok::<_, anyhow::Error>(format!(
            "added {added} claim{} tagged {tag_name:?} ({} match{}, {} already tagged){}\n{notes}",
            if added == 1 { "" } else { "s" },
            matches.len(),
            if matches.len() == 1 { "" } else { "es" },
            matches.len() - added,
            if created { "; new tag" } else { "" },
        ))
    })?;
    let mut out = summary;
    out.push_str(&format!("saved {}\n", args.project.display()));
    super::print(&out)
}

/// Points an existing project at the archive as it is now: refuses another archive file
/// unless `--repoint` was given, and re-anchors the claims when the archive's text has
/// changed since the project last saw it, before the new hash is stored (so that `check`
/// never calls an archive unchanged while claims sit in the old places). Returns lines to
/// print.
fn follow_archive(
    project: &mut Project,
    args: &TagArgs,
    archive: &Archive,
    now: &ArchiveRef,
) -> anyhow::Result<String> {
    let before = project.archive.resolve_all(args.project);
    let same = project.archive.path.as_os_str().is_empty()
        || (before.len() == args.archive.len()
            && before
                .iter()
                .zip(args.archive)
                .all(|(b, a)| same_file(b, a) || b == a));
    if !same && !args.repoint {
        let now = shown(args.archive);
        anyhow::bail!(
            "{} was made on the archive {}, not {now}; its claims would lose their places. \
             Add --repoint to move the project to {now} (its claims are then re-anchored)",
            args.project.display(),
            shown(&before),
        );
    }
    let mut notes = String::new();
    if !same || project.archive.sha256 != now.sha256 || now.sha256.is_empty() {
        let result = reanchor(project, archive);
        let counts = result.counts();
        result.edit(project).apply(project)?;
        if counts.moved + counts.fuzzy + counts.orphaned > 0 {
            notes = format!(
                "re-anchored to the archive as it is now: moved {}, fuzzy {}, orphaned {}\n",
                counts.moved, counts.fuzzy, counts.orphaned
            );
        }
        if !same {
            notes.push_str(&format!("repointed to {}\n", shown(args.archive)));
        }
    }
    project.archive = now.clone();
    Ok(notes)
}

/// Paths as the user would type them: `a.json`, or `a.json and feeds` for several.
pub(crate) fn shown(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
