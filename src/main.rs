//! Pressmark: a headless subcommand, or the window.

use clap::Parser;
use pressmark::cli::{self, Cli};

fn main() -> std::process::ExitCode {
    pressmark::trace::init();
    let args = Cli::parse();
    let result = match args.command {
        Some(command) => cli::run(command),
        None => window(args.file),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line: the chain of causes, outermost first.
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("pressmark: {}", chain.join(": "));
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn window(file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    pressmark::app::run(file)
}

#[cfg(not(feature = "gui"))]
fn window(_file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!(
        "this pressmark was built without the window (the \"gui\" feature); use a subcommand (see pressmark --help)"
    )
}
