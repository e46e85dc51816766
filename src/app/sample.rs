//! The bundled sample archive, opened when no file is given.

use std::path::PathBuf;

/// The sample's path in this checkout, or a copy written to the data folder when the binary
/// runs away from its source tree.
pub fn sample_path() -> PathBuf {
    let in_tree = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    if in_tree.exists() {
        return in_tree;
    }
    let copy = dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("pressmark")
        .join("home-office-may-2023.txt");
    if !copy.exists() {
        if let Some(dir) = copy.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(&copy, SAMPLE);
    }
    copy
}

const SAMPLE: &str = include_str!("../../assets/home-office-may-2023.txt");
