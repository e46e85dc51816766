//! What a panel may read while it draws: the document and what is on screen, read-only.
//! A panel keeps its own state in its own struct and asks for changes by pushing
//! `AppCommand`s, which the app applies after drawing (rerun's `ViewerContext` is the model).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::archive::Archive;
use crate::project::{ClaimId, Selection, Session};

use super::loader::Loading;
use super::prefs::Prefs;
use super::search_state::SearchState;
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
    // panelsA
    /// Indices into `archive.releases`, newest first.
    pub order: &'a [usize],
    /// Releases picked in the list (Ctrl-click) for comparing.
    pub picked: &'a BTreeSet<usize>,
    /// The selected release was just chosen: the list brings its row into view.
    pub scroll_to_selected: bool,
    /// A byte offset in the selected release that the reader brings into view this frame.
    pub scroll_to: Option<usize>,
    /// The search index and the current query's results and hit.
    pub search: &'a SearchState,
    /// Days (since 1970) of the range dragged on the timeline, which filters the list.
    pub date_filter: Option<(i64, i64)>,
    /// Two or more releases side by side, and whether they scroll together.
    pub comparing: bool,
    pub linked_scrolling: bool,
    /// An archive being read in the background.
    pub loading: Option<&'a Loading>,
    /// File work under way (save, open, merge…), for the status bar.
    pub tasks: &'a Tasks<Done>,
}
