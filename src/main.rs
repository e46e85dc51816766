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
            // One line: the chain of causes, outermost first; a cause the error before it
            // already quoted is said once; control characters (a NUL in a path) escaped.
            let mut chain: Vec<String> = Vec::new();
            for cause in e.chain().map(|c| c.to_string()) {
                if !chain.last().is_some_and(|last| last.contains(&cause)) {
                    chain.push(cause);
                }
            }
            let mut line = String::new();
            for c in chain.join(": ").chars() {
                if c == '\0' {
                    line.push_str("\\0");
                } else if c.is_control() && c != '\n' {
                    line.extend(c.escape_default());
                } else {
                    line.push(c);
                }
            }
            eprintln!("pressmark: {line}");
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
