//! Leaving release texts in their archive file as it loads (the cache's `LeftInFiles`
//! does): the window's first opening of a large archive then holds its structure, not its
//! text (the 541 MB archive's texts are 491 MB), and reads a text back when it is shown.

use std::path::Path;

use super::Release;

pub trait LeaveTexts: Sync {
    /// `releases` were just parsed from `bytes`, which lie at byte `offset` of archive file
    /// `file` (at `path`); their source maps count lines from 1 at the start of `bytes`.
    /// Each text that the file holds is replaced by one read back from it when needed.
    fn leave(&self, path: &Path, file: usize, bytes: &[u8], offset: u64, releases: &mut [Release]);
}
