//! The runs of a search's candidates, worked out on every core, handed on in order as soon as
//! a run and every run before it are done. The command line prints while it searches and
//! reuses a few buffers, rather than holding every line until the end (27 MB for `migration`
//! on the 541 MB archive: a page fault, and a page cleared, every 4 kB).

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

/// Why a search handed on in order stopped before its end.
#[derive(Debug)]
pub enum Stopped<E> {
    /// The cache could not answer (damaged, or an archive file changed under it) from this
    /// release on; every hit before it was handed on. `None`: nothing was handed on.
    Cache { from: Option<u32> },
    /// Handing a run on failed (standard output closed, say).
    Emit(E),
}

/// Where handing on in order stopped.
#[derive(Debug)]
pub(super) enum Ended<E> {
    /// At this run.
    At(usize),
    Emit(E),
}

pub(super) struct InOrder<S, F, E> {
    state: Mutex<State<S, F, E>>,
}

struct State<S, F, E> {
    /// The run to hand on next.
    next: usize,
    /// Runs done, waiting for those before them.
    ready: BTreeMap<usize, S>,
    /// Outputs handed on, emptied, to be used again.
    spare: Vec<S>,
    emit: F,
    /// The first run the cache could not answer.
    failed: Option<usize>,
    error: Option<E>,
}

impl<S, F: FnMut(&mut S) -> Result<(), E>, E> InOrder<S, F, E> {
    /// `emit` hands a run's output on and leaves it empty.
    pub fn new(emit: F) -> Self {
        InOrder {
            state: Mutex::new(State {
                next: 0,
                ready: BTreeMap::new(),
                spare: Vec::new(),
                emit,
                failed: None,
                error: None,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State<S, F, E>> {
        // A thread that panicked holding the lock leaves its run missing: `finish` says so.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An emptied output to fill, if one was handed on already.
    pub fn spare(&self) -> Option<S> {
        self.state().spare.pop()
    }

    /// Run `k` is done: it and the runs after it that are done are handed on, once every
    /// run before them is. `false` once handing on failed (the work should stop).
    pub fn done(&self, k: usize, out: S) -> bool {
        let mut state = self.state();
        state.ready.insert(k, out);
        let s = &mut *state;
        while s.error.is_none() && s.failed.is_none_or(|f| s.next < f) {
            let Some(mut out) = s.ready.remove(&s.next) else {
                break;
            };
            match (s.emit)(&mut out) {
                Ok(()) => {
                    s.spare.push(out);
                    s.next += 1;
                }
                Err(e) => s.error = Some(e),
            }
        }
        s.error.is_none()
    }

    /// The cache could not answer run `k`.
    pub fn failed(&self, k: usize) {
        let mut state = self.state();
        state.failed = Some(state.failed.map_or(k, |f| f.min(k)));
    }

    /// How it ended, for `runs` runs: `Err(Ended::At(k))` if run `k` and those after were
    /// not handed on (the cache could not answer, or a thread died).
    pub fn finish(self, runs: usize) -> Result<(), Ended<E>> {
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        match state.error {
            Some(e) => Err(Ended::Emit(e)),
            None if state.next < runs => Err(Ended::At(state.next)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs done out of order are handed on in order; a failed run stops everything from it
    /// on, and says where.
    #[test]
    fn runs_are_handed_on_in_order_up_to_a_failure() {
        let mut seen = Vec::new();
        let order = InOrder::new(|out: &mut Vec<usize>| {
            seen.append(out);
            Ok::<(), ()>(())
        });
        assert!(order.done(1, vec![10, 11]));
        assert!(order.done(0, vec![0]));
        order.failed(3);
        assert!(order.done(4, vec![40]));
        assert!(order.done(2, vec![20]));
        assert!(order.spare().is_some_and(|s| s.is_empty()));
        let end = order.finish(5);
        assert!(matches!(end, Err(Ended::At(3))), "{end:?}");
        assert_eq!(seen, [0, 10, 11, 20]);
    }

    #[test]
    fn a_failed_emit_stops_the_work() {
        let order = InOrder::new(|_: &mut Vec<usize>| Err("closed"));
        assert!(!order.done(0, vec![1]));
        assert!(matches!(order.finish(1), Err(Ended::Emit("closed"))));
        let order = InOrder::new(|_: &mut Vec<usize>| Ok::<(), ()>(()));
        assert!(order.done(0, vec![1]));
        assert!(order.finish(1).is_ok());
    }
}
