//! The window (placeholder while the app is written).
use std::path::PathBuf;
pub fn run(_file: Option<PathBuf>) -> anyhow::Result<()> {
    Ok(())
}
