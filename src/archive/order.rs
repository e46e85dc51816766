//! The order the release list shows: newest first.

use std::cmp::Ordering;

use super::Archive;

impl Archive {
    /// Indices into `releases`, newest first; undated releases last; file order breaks ties.
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.releases.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&self.releases[a], &self.releases[b]);
            match (ra.date, rb.date) {
                (Some(x), Some(y)) => y.cmp(&x).then(a.cmp(&b)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => a.cmp(&b),
            }
        });
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_then_undated_in_file_order() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/archives/variants.txt"
        );
        let archive = Archive::load(&[path.into()]).expect("archive");
        let order = archive.newest_first();
        let mut all = order.clone();
        all.sort_unstable();
        assert_eq!(all, (0..archive.releases.len()).collect::<Vec<_>>());
        for pair in order.windows(2) {
            let (a, b) = (&archive.releases[pair[0]], &archive.releases[pair[1]]);
            match (a.date, b.date) {
                (Some(x), Some(y)) => assert!(x > y || (x == y && pair[0] < pair[1])),
                (None, Some(_)) => panic!("an undated release before a dated one"),
                (None, None) => assert!(pair[0] < pair[1]),
                (Some(_), None) => {}
            }
        }
    }
}
