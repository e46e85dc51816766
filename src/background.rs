//! Background work (the search index, the archive's checksum, findings, the cache written
//! by a second process) runs at a lower priority than the window and the user's commands,
//! so that on a machine with few cores they still answer at once while it runs.

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

/// Hands memory freed by a large piece of work (the index build's per-thread scratch) back
/// to the system, so that a process's footprint is what it holds, not what it once used.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only walks the allocator's own free lists; it has no
        // preconditions and is safe to call from any thread at any time.
        let _ = unsafe { libc::malloc_trim(0) };
    }
}
