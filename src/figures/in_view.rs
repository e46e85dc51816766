//! Figures of the releases in view (the reader and the compare columns draw them every
//! frame), found once per release and kept while the archive stays the same.

use std::collections::HashMap;

use crate::archive::Archive;

use super::{find_figures, Figure};

/// A handful of releases are in view at once; more than this and the rest are forgotten.
const KEEP: usize = 32;

#[derive(Debug, Default)]
pub struct FiguresInView {
    by_release: HashMap<usize, Vec<Figure>>,
}

impl FiguresInView {
    /// The figures of release `release` of `archive` (none if it has no such release).
    /// Call `clear` when another archive is loaded: releases are known by index.
    pub fn of(&mut self, archive: Option<&Archive>, release: usize) -> &[Figure] {
        if !self.by_release.contains_key(&release) {
            if self.by_release.len() >= KEEP {
                self.by_release.clear();
            }
            let found = archive
                .and_then(|a| a.releases.get(release))
                .map(|r| find_figures(&r.text))
                .unwrap_or_default();
            self.by_release.insert(release, found);
        }
        self.by_release.get(&release).map_or(&[], Vec::as_slice)
    }

    pub fn clear(&mut self) {
        self.by_release.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_found_once_and_forgotten_with_the_archive() {
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/home-office-may-2023.txt"
        );
        let archive = Archive::load(&[sample.into()]).expect("sample");
        let mut cache = FiguresInView::default();
        let want = find_figures(&archive.releases[0].text);
        assert!(!want.is_empty());
        assert_eq!(cache.of(Some(&archive), 0), want.as_slice());
        // Kept: asked without the archive, the same figures come back.
        assert_eq!(cache.of(None, 0), want.as_slice());
        cache.clear();
        assert!(cache.of(None, 0).is_empty());
        assert!(cache.of(Some(&archive), archive.releases.len()).is_empty());
    }
}
