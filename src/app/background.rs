//! Background work (the search index, the archive's checksum, findings) runs at a lower
//! priority than the window, so that on a machine with few cores the window still answers at
//! once while it runs.

/// Lowers the calling thread's scheduling priority; threads it starts inherit it.
pub fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: setpriority only reads its integer arguments. On Linux, PRIO_PROCESS with
        // id 0 applies to the calling thread alone (each thread has its own nice value).
        let result = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
        // Failure only means the work competes with the window as before.
        let _ = result;
    }
}
