//! The command line: the same core as the window, scriptable.

mod agree;
mod cache;
mod cached;
mod check;
mod claims;
mod export;
mod findings;
mod git_setup;
mod inspect;
mod merge;
mod merge3;
mod search;
mod tag;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "pressmark",
    version,
    about = "Read, compare and tag the claims in government press releases.",
    long_about = "Read, compare and tag the claims in government press releases.\n\n\
                  With no subcommand, opens the window on FILE (an archive or a project), \
                  or on the bundled sample archive."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// An archive or project file to open in the window.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print what was read from archive files: releases and warnings.
    Inspect {
        /// Archive files and folders (read recursively), in any supported format.
        #[arg(required = true)]
        archives: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Also print each release's body as the reader shows it, in plain text.
        #[arg(long)]
        text: bool,
        /// Neither read nor write the cache of parsed archives.
        #[arg(long)]
        no_cache: bool,
    },
    /// List every figure (money, percentages, counts) found in the releases.
    Claims {
        #[arg(required = true)]
        archives: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check the figures: totals against breakdowns, changed figures, impossible shares.
    Findings {
        #[arg(required = true)]
        archives: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Find words and "quoted phrases" (all must match; case- and accent-insensitive).
    Search {
        /// ARCHIVE... QUERY: archive files, then the query as the last argument.
        #[arg(required = true, num_args = 2.., value_name = "ARCHIVE... QUERY")]
        args: Vec<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Neither read nor write the cache of parsed archives.
        #[arg(long)]
        no_cache: bool,
    },
    /// Show the cache of parsed archives (its folder, files and size), or empty it.
    Cache {
        /// Delete every cache file.
        #[arg(long)]
        clear: bool,
        /// Build and write the cache of these archive files and folders (what a first
        /// `inspect` or `search` starts in the background).
        #[arg(long, num_args = 1.., value_name = "PATH")]
        build: Vec<PathBuf>,
    },
    /// Tag every match of a text (or --regex) in the archive; creates the project and tag if needed.
    Tag {
        /// The project file (created if missing).
        project: PathBuf,
        /// The archive file or folder to tag; repeat it for an archive of several files
        /// or folders (`--archive a.json --archive feeds/`).
        #[arg(long, required = true)]
        archive: Vec<PathBuf>,
        /// The text to find (case-sensitive), or a regular expression with --regex.
        #[arg(long = "match", value_name = "TEXT")]
        pattern: String,
        /// The tag's name (created if missing).
        #[arg(long)]
        tag: String,
        /// Treat --match as a regular expression.
        #[arg(long)]
        regex: bool,
        /// A note for every new claim.
        #[arg(long, default_value = "")]
        note: String,
        /// Move an existing project onto this archive (its claims are re-anchored);
        /// without it, an archive other than the project's own is refused.
        #[arg(long)]
        repoint: bool,
    },
    /// Re-anchor a project's claims against its archive as it is now; changes nothing.
    Check {
        project: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write a project (or bundle) as a bundle, CSV, HTML report, W3C annotations or REFI-QDA.
    Export {
        /// The project file or bundle.
        project: PathBuf,
        /// bundle, csv, csv-excel (CSV with a byte-order mark, for Excel), html, w3c or qdpx.
        #[arg(long)]
        format: String,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Merge a colleague's project (or bundle) into this one; conflicts are kept as new claims.
    Merge {
        project: PathBuf,
        other: PathBuf,
        /// The merged project file to write.
        #[arg(long)]
        out: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// THEIRS=MINE: their tag THEIRS means my tag MINE (repeatable).
        #[arg(long = "map", value_name = "THEIRS=MINE")]
        maps: Vec<String>,
    },
    /// Three-way merge of project files (BASE: the version both started from); conflicts are
    /// kept in the project, both versions, listed by `check`. Exits 1 if any were kept.
    Merge3 {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// The merged project file to write (may be OURS).
        #[arg(long)]
        out: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// As git's merge driver: merge a file that is not a project as text.
        #[arg(long, hide = true)]
        fallback_text: bool,
    },
    /// In a git repository: merge project files with merge3 and diff them as summaries.
    GitSetup {
        /// Which files are projects (a .gitattributes pattern).
        #[arg(long, default_value = "*.ron")]
        pattern: String,
    },
    /// Print a project as one line per tag and claim (git's diff helper; see git-setup).
    GitTextconv { file: PathBuf },
    /// Inter-coder agreement per tag: percentage agreement and Cohen's kappa.
    Agree {
        project: PathBuf,
        other: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// THEIRS=MINE: count their tag THEIRS as my tag MINE (repeatable).
        #[arg(long = "map", value_name = "THEIRS=MINE")]
        maps: Vec<String>,
    },
}

/// Runs a headless subcommand. Errors are returned for `main` to print once.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Inspect {
            archives,
            json,
            text,
            no_cache,
        } => inspect::run(&archives, json, text, no_cache),
        Command::Claims { archives, json } => claims::run(&archives, json),
        Command::Findings { archives, json } => findings::run(&archives, json),
        Command::Search {
            args,
            json,
            no_cache,
        } => search::run(&args, json, no_cache),
        Command::Cache { clear, build } => cache::run(clear, &build),
        Command::Tag {
            project,
            archive,
            pattern,
            tag,
            regex,
            note,
            repoint,
        } => tag::run(&tag::TagArgs {
            project: &project,
            archive: &archive,
            pattern: &pattern,
            tag: &tag,
            regex,
            note: &note,
            repoint,
        }),
        Command::Check { project, json } => check::run(&project, json),
        Command::Export {
            project,
            format,
            out,
        } => export::run(&project, &format, &out),
        Command::Merge {
            project,
            other,
            out,
            json,
            maps,
        } => merge::run(&project, &other, &out, json, &maps),
        Command::Merge3 {
            base,
            ours,
            theirs,
            out,
            json,
            fallback_text,
        } => merge3::run(&merge3::Merge3Args {
            base: &base,
            ours: &ours,
            theirs: &theirs,
            out: &out,
            json,
            fallback_text,
        }),
        Command::GitSetup { pattern } => git_setup::run(&pattern),
        Command::GitTextconv { file } => git_setup::textconv(&file),
        Command::Agree {
            project,
            other,
            json,
            maps,
        } => agree::run(&project, &other, json, &maps),
    }
}

/// `--map THEIRS=MINE` arguments as a tag map onto `ours`' codebook.
pub(crate) fn tag_map(
    maps: &[String],
    ours: &crate::project::Project,
) -> anyhow::Result<crate::export::TagMap> {
    let mut map = crate::export::TagMap::new();
    for m in maps {
        let Some((theirs, mine)) = m.split_once('=') else {
            anyhow::bail!(
                "--map {m}: expected THEIRS=MINE, such as --map \"Funding=funding total\""
            );
        };
        if ours.codebook.by_name(mine).is_none() {
            anyhow::bail!(
                "--map {m}: your project has no tag named \"{}\"",
                mine.trim()
            );
        }
        map.map(theirs, mine);
    }
    Ok(map)
}

/// The files an archive of `paths` is read from (folders walked), for refusing an output
/// that would overwrite one of them; a path that cannot be walked stands for itself.
pub(crate) fn archive_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    crate::archive::Archive::input_files(paths).unwrap_or_else(|_| paths.to_vec())
}

/// Whether two projects record different archive hashes (both known): `merge` and `agree`
/// warn of it.
pub(crate) fn made_on_different_archives(
    a: &crate::project::Project,
    b: &crate::project::Project,
) -> bool {
    let (x, y) = (&a.archive.sha256, &b.archive.sha256);
    !x.is_empty() && !y.is_empty() && x != y
}

/// Writes to stdout, treating a closed pipe (`| head`) as success.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
