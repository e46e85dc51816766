//! Timings of the slow steps of opening (set `PRESSMARK_TRACE=1`): how long after start the
//! project was read, the first releases shown, the archive loaded and the index built.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PRESSMARK_TRACE").is_some_and(|v| v != "0"))
}

/// Starts the clock (call first thing in `main`).
pub fn init() {
    let _ = start();
}

/// Time since `init`.
pub fn elapsed() -> Duration {
    start().elapsed()
}

/// Prints `what` with the time since start, when tracing is on.
pub fn mark(what: &str) {
    if enabled() {
        eprintln!("[{:>8.3} s] {what}", elapsed().as_secs_f64());
    }
}
