//! What a panel may read while it draws: the document and what is on screen, read-only.
//! A panel keeps its own state in its own struct and asks for changes by pushing
//! `AppCommand`s, which the app applies after drawing (rerun's `ViewerContext` is the model).

use std::sync::Arc;

use crate::archive::Archive;
use crate::project::{ClaimId, Selection, Session};

use super::prefs::Prefs;
use super::task_done::Done;
use super::tasks::Tasks;

pub struct View<'a> {
    pub archive: Option<&'a Arc<Archive>>,
    pub doc: &'a Session,
    pub prefs: &'a Prefs,
    /// The release in the reader (index into `archive.releases`).
    pub selected: Option<usize>,
    /// Words selected in the reader.
    pub selection: Option<Selection>,
    pub selected_claim: Option<ClaimId>,
    // panelsB
    /// The file work under way (a panel waits, or shows a spinner, while it runs).
    pub tasks: &'a Tasks<Done>,
}
