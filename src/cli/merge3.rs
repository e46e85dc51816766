//! `pressmark merge3 BASE OURS THEIRS --out MERGED`: the three-way merge of project files,
//! as git's merge driver runs it (see `git_setup`).

use std::path::Path;
use std::process::Command;

use anyhow::Context;

use crate::project::merge3::{merge3, Change, Merged};
use crate::project::{store, Codebook, Conflict, Project};

pub struct Merge3Args<'a> {
    pub base: &'a Path,
    pub ours: &'a Path,
    pub theirs: &'a Path,
    pub out: &'a Path,
    pub json: bool,
    /// As git's merge driver: a file that is not a project is merged as text by
    /// `git merge-file` instead of refused.
    pub fallback_text: bool,
}

pub fn run(args: &Merge3Args) -> anyhow::Result<()> {
    // Held from reading OURS (git's driver writes the merge over it) until the merge is
    // written: a `tag` or a save meanwhile waits, then reads the merge, rather than being
    // written over by it.
    let _lock = if crate::output::writes_directly(args.out) {
        None
    } else {
        Some(store::lock(args.out).with_context(|| format!("cannot lock {}", args.out.display()))?)
    };
    let loaded = (|| -> anyhow::Result<_> {
        Ok((
            load_or_empty(args.base)?,
            store::load(args.ours)?,
            store::load(args.theirs)?,
        ))
    })();
    let (base, ours, theirs) = match loaded {
        Ok(three) => three,
        Err(e) if args.fallback_text => return merge_as_text(args, &e),
        Err(e) => return Err(e),
    };
    refuse_inputs(
        args,
        [
            (&base, args.base),
            (&ours, args.ours),
            (&theirs, args.theirs),
        ],
    )?;
    let mut merged = merge3(&base, &ours, &theirs);
    repoint_archive(&mut merged.project, args.ours, args.out);
    let text = store::to_ron(&merged.project)?;
    // Never write a project that would not load again.
    store::from_ron(&text, args.out)
        .context("the merge made a project that does not pass its own checks (a bug in Pressmark); nothing was written")?;
    store::write_atomic(args.out, text.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let report = if args.json {
        json_report(&merged, args.out)?
    } else {
        text_report(&merged, args.out)
    };
    if crate::output::writes_directly(args.out) {
        eprint!("{report}");
    } else {
        super::print(&report)?;
    }
    if !merged.conflicts.is_empty() {
        anyhow::bail!(
            "{} conflict{} kept in {} with both versions; `pressmark check {}` lists them",
            merged.conflicts.len(),
            if merged.conflicts.len() == 1 { "" } else { "s" },
            args.out.display(),
            args.out.display()
        );
    }
    Ok(())
}

/// Refuses an output that is BASE, THEIRS or a file of any of the three projects'
/// archives, as `merge` does; OURS is where git's driver writes the merge.
fn refuse_inputs<const N: usize>(
    args: &Merge3Args,
    projects: [(&Project, &Path); N],
) -> anyhow::Result<()> {
    let mut archives = Vec::new();
    for (project, path) in projects {
        // An empty BASE names no archive (its path would resolve to its folder).
        if !project.archive.path.as_os_str().is_empty() {
            archives.extend(super::archive_files(&project.archive.resolve_all(path)));
        }
    }
    let mut inputs = vec![
        ("the base project", args.base),
        ("their project", args.theirs),
    ];
    inputs.extend(
        archives
            .iter()
            .filter(|a| !crate::output::same_file(a, args.ours))
            .map(|a| ("a project's archive", a.as_path())),
    );
    crate::output::refuse_inputs(args.out, &inputs)?;
    Ok(())
}

/// The base of two files added apart is empty (git passes an empty file): an empty project.
fn load_or_empty(path: &Path) -> anyhow::Result<Project> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let mut empty = Project::new(Default::default(), "");
        empty.codebook = Codebook::default();
        return Ok(empty);
    }
    Ok(store::load(path)?)
}

/// The archive path is relative to the project's folder: written elsewhere, it is made
/// relative to the new place. (In git, OURS and MERGED are one file: nothing changes.)
fn repoint_archive(project: &mut Project, ours: &Path, out: &Path) {
    let dir = |p: &Path| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
        std::path::absolute(parent.unwrap_or(Path::new("."))).ok()
    };
    if project.archive.path.is_absolute() || dir(ours) == dir(out) {
        return;
    }
    let archive = project.archive.resolve(ours);
    project.archive.path = store::relative_to_project(out, &archive);
}

/// Not a project: let git merge it as text (with the usual conflict markers).
fn merge_as_text(args: &Merge3Args, why: &anyhow::Error) -> anyhow::Result<()> {
    eprintln!("pressmark: not merged as a project ({why:#}); merging as text");
    let status = Command::new("git")
        .arg("merge-file")
        .args(["-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(args.ours)
        .arg(args.base)
        .arg(args.theirs)
        .status()
        .context("cannot run git merge-file")?;
    if args.out != args.ours {
        std::fs::copy(args.ours, args.out)
            .with_context(|| format!("cannot write {}", args.out.display()))?;
    }
    match status.code() {
        Some(0) => Ok(()),
        _ => anyhow::bail!("text conflicts left in {}", args.out.display()),
    }
}

/// Claim and tag ids as JSON numbers, release ids (hex, even when all digits) as strings.
pub(crate) fn json_id(kind: &str, id: &str) -> serde_json::Value {
    match id.parse::<u64>() {
        Ok(n) if kind != "release note" => serde_json::json!(n),
        _ => serde_json::json!(id),
    }
}

fn text_report(m: &Merged, out: &Path) -> String {
    let mut text = String::new();
    for (label, list) in [
        ("added", &m.added),
        ("deleted", &m.deleted),
        ("changed", &m.changed),
    ] {
        text.push_str(&format!("{label} {}\n", list.len()));
        for c in list {
            text.push_str(&format!("  {} {} ({})\n", c.kind, c.id, c.side.label()));
        }
    }
    text.push_str(&format!("conflicts {}\n", m.conflicts.len()));
    for c in &m.conflicts {
        text.push_str(&format!("  {}\n", c.describe()));
    }
    text.push_str(&format!("wrote {}\n", out.display()));
    text
}

fn json_report(m: &Merged, out: &Path) -> anyhow::Result<String> {
    let id = |kind: &str, id: &str| json_id(kind, id);
    let changes = |list: &[Change]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|c| serde_json::json!({"kind": c.kind, "id": id(c.kind, &c.id), "side": c.side.label()}))
            .collect()
    };
    let side = |present: bool| if present { "changed" } else { "deleted" };
    let conflicts: Vec<serde_json::Value> = m
        .conflicts
        .iter()
        .map(|c| {
            let (kind, key) = c.subject();
            let (ours, theirs) = match c {
                Conflict::Claim { ours, theirs, .. } => (ours.is_some(), theirs.is_some()),
                Conflict::Tag { ours, theirs, .. } => (ours.is_some(), theirs.is_some()),
                Conflict::ReleaseNote { ours, theirs, .. } => (ours.is_some(), theirs.is_some()),
            };
            serde_json::json!({
                "kind": kind,
                "id": id(kind, &key),
                "ours": side(ours),
                "theirs": side(theirs),
                "description": c.describe(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "added": changes(&m.added),
        "deleted": changes(&m.deleted),
        "changed": changes(&m.changed),
        "conflicts": conflicts,
        "out": out.display().to_string(),
    });
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    Ok(text)
}
