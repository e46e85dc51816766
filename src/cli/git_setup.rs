//! `pressmark git-setup`: makes git merge project files with `merge3` and show them in
//! `git diff` as a summary (`pressmark git-textconv`), for the repository it is run in.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

use crate::project::{store, Conflict, Project};

/// The name of the merge driver and diff helper in `.gitattributes` and git's config.
const DRIVER: &str = "pressmark";

pub fn run(pattern: &str) -> anyhow::Result<()> {
    let top = git(&["rev-parse", "--show-toplevel"])
        .context("git-setup must run inside a git repository")?;
    let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
    let exe = std::env::current_exe().context("cannot tell where this pressmark is")?;
    let exe = shell_quote(&exe.to_string_lossy());
    let settings = [
        (
            format!("merge.{DRIVER}.name"),
            "Pressmark three-way project merge".to_owned(),
        ),
        (
            format!("merge.{DRIVER}.driver"),
            format!("{exe} merge3 %O %A %B --out %A --fallback-text"),
        ),
        (
            format!("diff.{DRIVER}.textconv"),
            format!("{exe} git-textconv"),
        ),
    ];
    for (key, value) in &settings {
        git(&["config", "--local", key, value]).with_context(|| format!("cannot set {key}"))?;
    }
    let attributes = top.join(".gitattributes");
    let line = format!("{pattern} merge={DRIVER} diff={DRIVER}");
    let old = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", attributes.display())),
    };
    let mut text = String::new();
    if old.lines().any(|l| l.trim() == line) {
        text.push_str(&format!("{} already has: {line}\n", attributes.display()));
    } else {
        let mut new = old.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        new.push_str(&line);
        new.push('\n');
        store::write_atomic(&attributes, new.as_bytes())
            .with_context(|| format!("cannot write {}", attributes.display()))?;
        text.push_str(&format!("added to {}: {line}\n", attributes.display()));
    }
    for (key, value) in &settings {
        text.push_str(&format!("git config {key} {value}\n"));
    }
    text.push_str(
        "Commit .gitattributes; everyone who clones the repository runs `pressmark git-setup` \
         once in their clone.\n",
    );
    super::print(&text)
}

/// Runs git in the current folder; its standard output.
fn git(args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        anyhow::bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A word for `sh`, which git runs the driver with.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `pressmark git-textconv FILE`: the project as one line per tag, claim, note and conflict,
/// sorted by id, for `git diff` and `git log -p`. A file that is not a project is printed as
/// it is.
pub fn textconv(path: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let Ok(project) = std::str::from_utf8(&bytes)
        .map_err(|_| ())
        .and_then(|t| store::from_ron(t, path).map_err(|_| ()))
    else {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        return match out.write_all(&bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => Ok(other?),
        };
    };
    super::print(&summary(&project))
}

/// The diffable summary of a project.
pub fn summary(p: &Project) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "archive {:?} sha256 {}",
        p.archive.path.to_string_lossy(),
        p.archive.sha256
    );
    let _ = writeln!(out, "author {:?}", p.author);
    let tag_name = |id| {
        p.codebook
            .get(id)
            .map_or_else(|| format!("#{}", id.0), |t| t.name.clone())
    };
    for t in p.codebook.tags() {
        let [r, g, b] = t.colour;
        let _ = writeln!(
            out,
            "tag {} {:?} #{r:02x}{g:02x}{b:02x}{}{}",
            t.id.0,
            t.name,
            t.parent
                .map(|q| format!(" under {:?}", tag_name(q)))
                .unwrap_or_default(),
            if t.description.is_empty() {
                String::new()
            } else {
                format!(" — {:?}", t.description)
            }
        );
    }
    for c in p.claims.values() {
        let tags: Vec<String> = c.tags.iter().map(|t| tag_name(*t)).collect();
        let _ = writeln!(
            out,
            "claim {} {:?} [{}] {} in {} at {}..{}{}{}",
            c.id.0,
            c.anchor.exact,
            tags.join(", "),
            c.status.label(),
            c.release,
            c.anchor.start,
            c.anchor.end,
            if c.author.is_empty() {
                String::new()
            } else {
                format!(" by {:?}", c.author)
            },
            if c.note.is_empty() {
                String::new()
            } else {
                format!(" note {:?}", c.note)
            },
        );
    }
    for (release, note) in &p.release_notes {
        let _ = writeln!(out, "release note {release} {note:?}");
    }
    for c in &p.conflicts {
        let _ = writeln!(out, "CONFLICT {}", c.describe());
        if let Conflict::Claim { ours, theirs, .. } = c {
            for (side, claim) in [("ours", ours), ("theirs", theirs)] {
                if let Some(claim) = claim {
                    let _ = writeln!(
                        out,
                        "  {side}: {:?} {} note {:?}",
                        claim.anchor.exact,
                        claim.status.label(),
                        claim.note
                    );
                }
            }
        }
    }
    out
}
