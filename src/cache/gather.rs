//! Parts of files read in as few reads as the gaps between them allow: a search reads the
//! records and the stretches of text of a run of candidates, often close together in their
//! files, and each `pread` costs about as much as copying a few kilobytes more.

use super::codec::{Damaged, Decoded};

/// Parts closer than this are read together, with the bytes between them.
const GAP: u64 = 4096;

/// At most this much is read at once (a run of whole texts, or one long text, is read in
/// several reads rather than one huge buffer).
const MOST: u64 = 8 << 20;

/// Parts (file, from, to) asked for, read into one buffer.
#[derive(Default)]
pub(super) struct Gather {
    buf: Vec<u8>,
    /// Where each part asked for starts in `buf`, in the order asked.
    at: Vec<usize>,
    wants: Vec<(usize, u64, u64)>,
    order: Vec<usize>,
}

impl Gather {
    /// Forgets what was read, keeping the buffers.
    pub fn clear(&mut self) {
        self.at.clear();
        self.wants.clear();
    }

    /// Asks for bytes `from..to` of file `file`; returns its number for [`Self::get`].
    pub fn want(&mut self, (file, from, to): (usize, u64, u64)) -> usize {
        self.wants.push((file, from, to.max(from)));
        self.wants.len() - 1
    }

    /// Reads every part asked for: `read(file, offset, buf)` fills `buf` from `offset` of
    /// `file`.
    pub fn read(
        &mut self,
        mut read: impl FnMut(usize, u64, &mut [u8]) -> Decoded<()>,
    ) -> Decoded<()> {
        self.order.clear();
        self.order.extend(0..self.wants.len());
        let wants = &self.wants;
        self.order.sort_unstable_by_key(|&k| wants.get(k).copied());
        // Runs of parts read together: (file, from, to, first in `order`, past the last).
        let mut runs: Vec<(usize, u64, u64, usize, usize)> = Vec::new();
        for (i, &k) in self.order.iter().enumerate() {
            let (file, from, to) = *self.wants.get(k).ok_or(Damaged)?;
            match runs.last_mut() {
                // Overlapping parts always (their bytes are read once, so what is read is
                // never more than the files hold), near ones up to a bound.
                Some(r)
                    if r.0 == file
                        && (from <= r.2 || (from <= r.2 + GAP && to.max(r.2) - r.1 <= MOST)) =>
                {
                    r.2 = r.2.max(to);
                    r.4 = i + 1;
                }
                _ => runs.push((file, from, to, i, i + 1)),
            }
        }
        let total: u64 = runs.iter().map(|r| r.2 - r.1).sum();
        let total = usize::try_from(total).map_err(|_| Damaged)?;
        // Only grows: zero-filling it again for every run would cost as much as the reads.
        if self.buf.len() < total {
            self.buf.resize(total, 0);
        }
        self.at.clear();
        self.at.resize(self.wants.len(), 0);
        let mut start = 0usize;
        for (file, from, to, first, last) in runs {
            let len = usize::try_from(to - from).map_err(|_| Damaged)?;
            let into = self.buf.get_mut(start..start + len).ok_or(Damaged)?;
            read(file, from, into)?;
            for &k in self.order.get(first..last).unwrap_or_default() {
                let (_, a, _) = *self.wants.get(k).ok_or(Damaged)?;
                let slot = self.at.get_mut(k).ok_or(Damaged)?;
                *slot = start + usize::try_from(a - from).map_err(|_| Damaged)?;
            }
            start += len;
        }
        Ok(())
    }

    /// Part `k`'s bytes, once read.
    pub fn get(&self, k: usize) -> Decoded<&[u8]> {
        let (_, from, to) = *self.wants.get(k).ok_or(Damaged)?;
        let at = *self.at.get(k).ok_or(Damaged)?;
        let len = usize::try_from(to - from).map_err(|_| Damaged)?;
        self.buf.get(at..at + len).ok_or(Damaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parts asked for in any order, overlapping, near and far apart, come back as the file
    /// holds them, in fewer reads than parts when they are close.
    #[test]
    fn parts_come_back_as_the_files_hold_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = [
            std::fs::read(root.join("assets/home-office-may-2023.txt")).expect("sample"),
            std::fs::read(root.join("tests/fixtures/search/accented.txt")).expect("fixture"),
        ];
        let parts = [
            (0, 30_000, 30_100),
            (0, 0, 10),
            (1, 5, 40),
            (0, 5, 2000),
            (0, 1990, 2300),
            (0, 20_000, 20_000),
            (1, 0, 3),
            (0, 9000, 9100),
        ];
        let mut g = Gather::default();
        for round in 0..2 {
            g.clear();
            let ks: Vec<usize> = parts.iter().map(|&p| g.want(p)).collect();
            let mut reads = 0;
            g.read(|file, from, buf| {
                reads += 1;
                let f = files.get(file).ok_or(Damaged)?;
                let from = from as usize;
                buf.copy_from_slice(f.get(from..from + buf.len()).ok_or(Damaged)?);
                Ok(())
            })
            .expect("reads");
            for (&k, &(file, from, to)) in ks.iter().zip(&parts) {
                let want = &files[file][from as usize..to as usize];
                assert_eq!(g.get(k).expect("read"), want, "round {round} part {k}");
            }
            // 0..2300 together, 9000.., 20000.., 30000.., and the second file's.
            assert_eq!(reads, 5, "round {round}");
        }
        // A read that fails fails the whole.
        g.clear();
        g.want((0, 0, 10));
        assert!(g.read(|_, _, _| Err(Damaged)).is_err());
    }

    /// Parts over the bound that overlap are read once: a damaged record naming a huge part
    /// for each of a few releases must not make a buffer several times the file.
    #[test]
    fn overlapping_parts_are_read_once_however_long() {
        let big = 3 * MOST;
        let mut g = Gather::default();
        let ks: Vec<usize> = (0..4).map(|k| g.want((0, k, big))).collect();
        let mut reads = 0;
        g.read(|_, from, buf| {
            reads += 1;
            for (i, b) in buf.iter_mut().enumerate() {
                *b = ((from as usize + i) % 251) as u8;
            }
            Ok(())
        })
        .expect("reads");
        assert_eq!(reads, 1);
        assert_eq!(g.buf.len() as u64, big);
        for (&k, from) in ks.iter().zip(0u64..) {
            let part = g.get(k).expect("read");
            assert_eq!(part.len() as u64, big - from);
            assert_eq!(part.first().copied(), Some((from % 251) as u8));
        }
    }
}
