//! `pressmark tag`: claim every match of a text or pattern with a tag, and save.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::archive::Archive;
use crate::output::{same_file, shown_paths};
use crate::project::{self, unix_now, ArchiveRef, FollowError, Project, Session};

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
    // Nothing to match: refused before the project is touched (it had made the tag, saved,
    // and said "0 matches").
    if args.pattern.is_empty() {
        anyhow::bail!("--match needs the words (or, with --regex, the pattern) to tag");
    }
    if args.archive.iter().any(|a| same_file(args.project, a)) {
        anyhow::bail!(
            "{} is both the project and the archive; name the project file another way",
            args.project.display()
        );
    }
    let archive = Archive::load(args.archive)
        .with_context(|| format!("cannot load the archive {}", shown_paths(args.archive)))?;
    let archive_ref = ArchiveRef::for_files(args.project, args.archive)?;
    let matches = project::find_matches(&archive, args.pattern, args.regex)
        .with_context(|| format!("bad regular expression {:?}", args.pattern))?;

    // Read, change and save under the project's lock, through the same session the window
    // uses: another run saving meanwhile is read here and its claims kept; new ids follow
    // the file as it is now.
    let new_project = || {
        Ok(Project::new(
            archive_ref.clone(),
            &project::default_author(),
        ))
    };
    let summary = Session::update(args.project, new_project, |session, existed| {
        let mut notes = String::new();
        if existed {
            notes = follow_archive(session, args, &archive, &archive_ref)?;
            if session.project.author.trim().is_empty() {
                // Files from before claims were always signed.
                session.project.author = project::default_author();
            }
        }
        let done = session.tag_all(&archive, &matches, args.tag, args.note, unix_now())?;
        let added = done.added;
        Ok::<_, anyhow::Error>(format!(
            "added {added} claim{} tagged {:?} ({} match{}, {} already tagged){}\n{notes}",
            if added == 1 { "" } else { "s" },
            done.tag_name,
            matches.len(),
            if matches.len() == 1 { "" } else { "es" },
            matches.len() - added,
            if done.created { "; new tag" } else { "" },
        ))
    })?;
    let mut out = summary;
    out.push_str(&format!("saved {}\n", args.project.display()));
    super::print(&out)
}

/// Points an existing project at the archive as it is now (see `Session::follow_archive`):
/// another archive file only with `--repoint`. Returns lines to print.
fn follow_archive(
    session: &mut Session,
    args: &TagArgs,
    archive: &Archive,
    now: &ArchiveRef,
) -> anyhow::Result<String> {
    let followed = match session.follow_archive(archive, args.archive, now, args.repoint) {
        Ok(f) => f,
        Err(FollowError::OtherArchive(before)) => {
            let now = shown_paths(args.archive);
            anyhow::bail!(
                "{} was made on the archive {}, not {now}; its claims would lose their places. \
                 Add --repoint to move the project to {now} (its claims are then re-anchored)",
                args.project.display(),
                shown_paths(&before),
            )
        }
        Err(e) => return Err(e.into()),
    };
    let mut notes = String::new();
    if let Some(counts) = followed.counts {
        if counts.moved + counts.fuzzy + counts.orphaned > 0 {
            notes = format!(
                "re-anchored to the archive as it is now: moved {}, fuzzy {}, orphaned {}\n",
                counts.moved, counts.fuzzy, counts.orphaned
            );
        }
    }
    if followed.repointed {
        notes.push_str(&format!("repointed to {}\n", shown_paths(args.archive)));
    }
    Ok(notes)
}
