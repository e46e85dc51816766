//! Refusing an output file that is one of the command's inputs.

use std::path::{Path, PathBuf};

/// The output names an input file; nothing was written.
#[derive(Debug, thiserror::Error)]
#[error(
    "{} is {what} ({}); refusing to write over it: choose another output file",
    .out.display(), .input.display()
)]
pub struct OutputIsInput {
    pub out: PathBuf,
    pub input: PathBuf,
    /// What the input is: "the project", "the archive", ...
    pub what: String,
}

/// True if `a` and `b` name the same files or folders in the same order, each equal as
/// written or the same file however named.
pub fn same_paths(a: &[std::path::PathBuf], b: &[std::path::PathBuf]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y || same_file(x, y))
}

/// True if `a` and `b` are the same existing file, however named (links, `..`, hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (x.dev(), x.ino()) == (y.dev(), y.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (x, y);
        matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(p), Ok(q)) if p == q
        )
    }
}

/// Refuses `out` if it is one of `inputs` (each with what it is, such as "the archive").
/// Devices (`/dev/stdout`) are never inputs of ours and are always allowed.
pub fn refuse_inputs(out: &Path, inputs: &[(&str, &Path)]) -> Result<(), OutputIsInput> {
    if super::writes_directly(out) {
        return Ok(());
    }
    match inputs.iter().find(|(_, input)| same_file(out, input)) {
        Some((what, input)) => Err(OutputIsInput {
            out: out.to_owned(),
            input: input.to_path_buf(),
            what: (*what).to_owned(),
        }),
        None => Ok(()),
    }
}
