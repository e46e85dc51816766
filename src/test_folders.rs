//! Every test binary keeps out of the user's own folders: before any test runs, the cache,
//! data, config and state folders (`$XDG_CACHE_HOME`, ... on Linux, where `dirs` reads
//! them) are pointed at a new temporary folder, removed when the tests end. Tests that open
//! archives write caches (`.pmcache`, `.pmdigest`), extracted bundles and recovery files
//! there, and the command line they start inherits it. The app itself is unchanged.
//!
//! Compiled into the library's unit tests (`lib.rs`) and, by path, into each integration
//! test binary (`tests/common/mod.rs`). Set before `main` (as the `ctor` crate does), while
//! the process has one thread: tests run on many, and the env is the process's.

#[cfg(target_os = "linux")]
mod linux {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    /// The folder made for this process.
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();

    /// Run by the loader before `main`.
    #[used]
    #[link_section = ".init_array"]
    static POINT_FOLDERS_AWAY: extern "C" fn() = point_folders_away;

    extern "C" fn point_folders_away() {
        let Ok(dir) = tempfile::Builder::new()
            .prefix("pressmark-tests-")
            .tempdir()
        else {
            // No temporary folder: tests that write caches fail loudly elsewhere, rather
            // than writing into the user's.
            std::env::set_var("XDG_CACHE_HOME", "/nonexistent/pressmark-tests");
            return;
        };
        let dir = dir.keep();
        for (var, sub) in [
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_STATE_HOME", "state"),
        ] {
            std::env::set_var(var, dir.join(sub));
        }
        let _ = FOLDER.set(dir);
        // SAFETY: registers a plain function to run at exit; it only removes the folder.
        unsafe {
            libc::atexit(remove_folder);
        }
    }

    extern "C" fn remove_folder() {
        if let Some(dir) = FOLDER.get() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The folders `dirs` gives this test binary (the cache folder `cache::dir` is in) lie in
    /// the temporary folder made for it, whatever `$HOME` and `$XDG_CACHE_HOME` were.
    #[test]
    fn tests_use_a_temporary_cache_and_data_folder() {
        for dir in [dirs::cache_dir(), dirs::data_dir(), dirs::config_dir()] {
            let dir = dir.expect("a folder");
            assert!(
                dir.starts_with(std::env::temp_dir())
                    && dir.to_string_lossy().contains("pressmark-tests-"),
                "{dir:?}"
            );
        }
    }
}
