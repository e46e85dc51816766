//! `pressmark cache [--clear] [--build PATH...]`: where the cache of parsed archives is and how
//! big it is; empty it; or build it.

use std::fmt::Write as _;

pub fn run(clear: bool, build: &[std::path::PathBuf]) -> anyhow::Result<()> {
    if !build.is_empty() {
        return super::cached::build(build);
    }
    let Some(dir) = crate::cache::dir() else {
        anyhow::bail!("this system has no cache folder");
    };
    let files = crate::cache::list(&dir);
    let mut out = String::new();
    if clear {
        for (path, _) in &files {
            std::fs::remove_file(path)
                .map_err(|e| anyhow::anyhow!("could not delete {}: {e}", path.display()))?;
        }
        let _ = writeln!(
            out,
            "{}: {} cache files deleted",
            dir.display(),
            files.len()
        );
        return super::print(&out);
    }
    let total: u64 = files.iter().map(|(_, size)| size).sum();
    for (path, size) in &files {
        let _ = writeln!(out, "{}  {}", path.display(), megabytes(*size));
    }
    let _ = writeln!(
        out,
        "{}: {} cache files, {}",
        dir.display(),
        files.len(),
        megabytes(total)
    );
    super::print(&out)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
