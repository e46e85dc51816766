//! `pressmark cache [--clear]`: where the cache of parsed archives is and how big it is.

use std::fmt::Write as _;

pub fn run(clear: bool) -> anyhow::Result<()> {
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
