//! The one way the window runs file work (save, open, bundle open, merge, agreement, CSV
//! import, export) off the UI thread: each task is a named thread with a label the status bar
//! shows beside a spinner while it runs; the window is woken when it ends, and the app takes
//! its result on the UI thread, where errors become messages for the user.
//!
//! Plain `std::thread` rather than `poll-promise`: a `JoinHandle` already says whether the
//! thread is done (`is_finished`) and hands back its result (`join`), and a task that panics
//! comes back as an error to show, where a promise whose thread panicked panics the window.

use std::thread::JoinHandle;

/// A task under way.
struct Running<T> {
    label: String,
    kind: TaskKind,
    handle: JoinHandle<T>,
}

/// What a task does, for deciding what else may start while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    /// Writes a snapshot of the project: edits may go on meanwhile (they stay unsaved).
    Save,
    /// Reads a project or a bundle that replaces the open one: edits meanwhile would be lost.
    Open,
    /// Reads a colleague's file or a CSV to merge, compare or import: edits may go on (the
    /// result is checked against the project as it is when the task ends).
    Read,
    /// Writes an export from a snapshot.
    Export,
    // panelsB
    /// Works something out from snapshots in memory, or reads a file to compare, and changes
    /// nothing until the app takes its result in (a merge, an agreement, the project's file
    /// as it is on disk now): edits may go on, and the result is checked against the project
    /// as it is when the task ends.
    Work,
}

impl TaskKind {
    /// Whether edits to the open project must wait until this task ends.
    pub fn holds_edits(self) -> bool {
        self == TaskKind::Open
    }
}

/// The tasks under way; `T` is what a task hands back to the app.
pub struct Tasks<T> {
    running: Vec<Running<T>>,
}

impl<T> Default for Tasks<T> {
    fn default() -> Self {
        Tasks {
            running: Vec::new(),
        }
    }
}

/// A task that ended: its label and its result, or why it has none.
pub struct Ended<T> {
    pub label: String,
    pub kind: TaskKind,
    pub result: Result<T, String>,
}

impl<T: Send + 'static> Tasks<T> {
    /// Starts `work` on a thread named `name`; `wake` is called when it ends so that the
    /// window draws again and takes the result. Fails only if no thread can be started.
    pub fn spawn(
        &mut self,
        name: &str,
        label: String,
        kind: TaskKind,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<(), String> {
        let handle = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                // Woken even if `work` panics, so that the window reports it.
                let _wake = OnDrop(Some(wake));
                work()
            })
            .map_err(|e| format!("could not start {}: {e}", label.to_lowercase()))?;
        self.running.push(Running {
            label,
            kind,
            handle,
        });
        Ok(())
    }

    /// The tasks that have ended since the last call, in the order they were started.
    pub fn take_ended(&mut self) -> Vec<Ended<T>> {
        let (ended, running): (Vec<_>, Vec<_>) = std::mem::take(&mut self.running)
            .into_iter()
            .partition(|t| t.handle.is_finished());
        self.running = running;
        ended.into_iter().map(Running::join).collect()
    }

    /// Waits for every task to end (quitting, and tests) and returns them all.
    pub fn wait_all(&mut self) -> Vec<Ended<T>> {
        std::mem::take(&mut self.running)
            .into_iter()
            .map(Running::join)
            .collect()
    }
}

impl<T> Tasks<T> {
    pub fn is_idle(&self) -> bool {
        self.running.is_empty()
    }

    /// The labels of the tasks under way, for the status bar.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.running.iter().map(|t| t.label.as_str())
    }

    /// Whether a task of `kind` is under way.
    pub fn has(&self, kind: TaskKind) -> bool {
        self.running.iter().any(|t| t.kind == kind)
    }

    /// The kind and label of each task under way.
    pub fn running_kinds(&self) -> impl Iterator<Item = (TaskKind, &str)> {
        self.running.iter().map(|t| (t.kind, t.label.as_str()))
    }

    /// The label of a task that edits must wait for, if one runs.
    pub fn holding_edits(&self) -> Option<&str> {
        self.running
            .iter()
            .find(|t| t.kind.holds_edits())
            .map(|t| t.label.as_str())
    }

    /// The label of the first task under way, if any.
    pub fn busy(&self) -> Option<&str> {
        self.running.first().map(|t| t.label.as_str())
    }
}

impl<T> Running<T> {
    fn join(self) -> Ended<T> {
        let result = self.handle.join().map_err(|panic| {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("{} stopped unexpectedly. {why}", self.label)
                .trim_end()
                .to_owned()
        });
        Ended {
            label: self.label,
            kind: self.kind,
            result,
        }
    }
}

impl<T> Drop for Tasks<T> {
    /// The window is going: a save under way finishes before the process ends (no lost work).
    fn drop(&mut self) {
        for task in self.running.drain(..) {
            let _ = task.handle.join();
        }
    }
}

/// Calls the function when dropped (at the end of a task, even one that panicked).
struct OnDrop<F: FnOnce()>(Option<F>);

impl<F: FnOnce()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            f();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc::channel;
    use std::sync::Arc;

    #[test]
    fn a_task_runs_apart_and_wakes_the_window_when_it_ends() {
        let mut tasks: Tasks<u32> = Tasks::default();
        let woken = Arc::new(AtomicUsize::new(0));
        let (go, wait) = channel::<()>();
        let w = woken.clone();
        let spawned = tasks.spawn(
            "test-task",
            "Counting".into(),
            TaskKind::Read,
            move || {
                w.fetch_add(1, Ordering::SeqCst);
            },
            move || {
                let _ = wait.recv();
                7
            },
        );
        assert!(spawned.is_ok());
        // Still waiting for `go`: under way, labelled, nothing ended, nobody woken.
        assert_eq!(tasks.labels().collect::<Vec<_>>(), ["Counting"]);
        assert!(tasks.take_ended().is_empty());
        assert_eq!(woken.load(Ordering::SeqCst), 0);
        assert!(go.send(()).is_ok());
        let ended = tasks.wait_all();
        assert_eq!(ended.len(), 1);
        assert_eq!(ended[0].result, Ok(7));
        assert_eq!(woken.load(Ordering::SeqCst), 1);
        assert!(tasks.is_idle());
    }

    #[test]
    fn a_task_that_panics_comes_back_as_an_error_in_words() {
        let mut tasks: Tasks<u32> = Tasks::default();
        let woken = Arc::new(AtomicUsize::new(0));
        let w = woken.clone();
        let spawned = tasks.spawn(
            "test-panic",
            "Saving work.ron".into(),
            TaskKind::Save,
            move || {
                w.fetch_add(1, Ordering::SeqCst);
            },
            || panic!("disk on fire"),
        );
        assert!(spawned.is_ok());
        let ended = tasks.wait_all();
        assert_eq!(
            ended[0].result,
            Err("Saving work.ron stopped unexpectedly. disk on fire".to_owned())
        );
        assert_eq!(woken.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn only_an_open_holds_edits() {
        let mut tasks: Tasks<()> = Tasks::default();
        let (go, wait) = channel::<()>();
        let wait = Arc::new(std::sync::Mutex::new(wait));
        for (kind, label) in [(TaskKind::Save, "Saving"), (TaskKind::Open, "Opening")] {
            let wait = wait.clone();
            let spawned = tasks.spawn(
                "t",
                label.into(),
                kind,
                || {},
                move || {
                    if let Ok(w) = wait.lock() {
                        let _ = w.recv();
                    }
                },
            );
            assert!(spawned.is_ok());
        }
        assert_eq!(tasks.holding_edits(), Some("Opening"));
        assert!(tasks.has(TaskKind::Save));
        assert_eq!(tasks.busy(), Some("Saving"));
        assert!(go.send(()).is_ok());
        assert!(go.send(()).is_ok());
        assert_eq!(tasks.wait_all().len(), 2);
        assert_eq!(tasks.holding_edits(), None);
    }
}
