//! Pressmark: a headless subcommand, or the window.

use clap::Parser;
use pressmark::cli::{self, Cli};

fn main() -> std::process::ExitCode {
    pressmark::trace::init();
    let args = Cli::parse();
    let result = match args.command {
        Some(command) => cli::run(command),
        None => pressmark::app::run(args.file),
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
