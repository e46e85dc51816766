//! What a search returns.

/// One match: byte offsets in `Release::text`, and the sentence around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub sentence: (usize, usize),
}

/// The hits in one release, sorted by offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseHits {
    /// Index into `Archive::releases`.
    pub release: usize,
    pub hits: Vec<Hit>,
}

/// Matching releases in archive order (at most `limit` of them), with totals over all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub releases: Vec<ReleaseHits>,
    /// Hits in all matching releases, including those beyond `limit`.
    pub total_hits: usize,
    /// Matching releases, including those beyond `limit`.
    pub total_releases: usize,
}
