//! The command line: the same core as the window, scriptable.

mod claims;
mod findings;
mod inspect;
mod search;

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
        #[arg(required = true)]
        archives: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
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
    },
}

/// Runs a headless subcommand. Errors are returned for `main` to print once.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Inspect { archives, json } => inspect::run(&archives, json),
        Command::Claims { archives, json } => claims::run(&archives, json),
        Command::Findings { archives, json } => findings::run(&archives, json),
        Command::Search { args, json } => search::run(&args, json),
    }
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
