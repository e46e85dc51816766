//! How many threads work shared out to every core uses.

use std::sync::OnceLock;

/// The cores this process may use, 1 to 8, asked of the system once (it reads the cgroup's
/// files each time: 0.1-0.2 ms, which a repeated window search of a few hundred releases
/// notices).
pub fn workers() -> usize {
    static WORKERS: OnceLock<usize> = OnceLock::new();
    *WORKERS.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8)
    })
}
