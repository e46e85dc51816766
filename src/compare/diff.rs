//! Word diff (Myers) for near-identical releases.

use super::words::{words, Word};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiffKind {
    Equal,
    Insert,
    Delete,
}

/// A run of words: equal in both, only in `b` (insert) or only in `a` (delete). Ranges are
/// byte offsets; an insert has an empty `a_range` where it goes, a delete an empty `b_range`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOp {
    pub kind: DiffKind,
    pub a_range: (usize, usize),
    pub b_range: (usize, usize),
}

/// Edit distance beyond which the middle is reported as one delete and one insert.
const MAX_EDITS: usize = 4_000;

/// Word-level diff of `a` into `b` (words compared folded), in text order.
pub fn word_diff(a: &str, b: &str) -> Vec<DiffOp> {
    let wa = words(a);
    let wb = words(b);
    let prefix = wa
        .iter()
        .zip(&wb)
        .take_while(|(x, y)| x.hash == y.hash)
        .count();
    let suffix = wa[prefix..]
        .iter()
        .rev()
        .zip(wb[prefix..].iter().rev())
        .take_while(|(x, y)| x.hash == y.hash)
        .count();
    let mid_a = &wa[prefix..wa.len() - suffix];
    let mid_b = &wb[prefix..wb.len() - suffix];
    // Per word: (kind, index in a, index in b).
    let mut steps: Vec<(DiffKind, usize, usize)> = Vec::new();
    steps.extend((0..prefix).map(|k| (DiffKind::Equal, k, k)));
    match myers(mid_a, mid_b) {
        Some(mid) => steps.extend(
            mid.into_iter()
                .map(|(kind, i, j)| (kind, i + prefix, j + prefix)),
        ),
        None => {
            steps.extend((0..mid_a.len()).map(|i| (DiffKind::Delete, i + prefix, prefix)));
            steps.extend(
                (0..mid_b.len()).map(|j| (DiffKind::Insert, prefix + mid_a.len(), j + prefix)),
            );
        }
    }
    let (sa, sb) = (wa.len() - suffix, wb.len() - suffix);
    steps.extend((0..suffix).map(|k| (DiffKind::Equal, sa + k, sb + k)));
    runs(&steps, &wa, &wb, a.len(), b.len())
}

/// Shortest edit script between word lists, as steps; `None` if over `MAX_EDITS`.
fn myers(a: &[Word], b: &[Word]) -> Option<Vec<(DiffKind, usize, usize)>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let off = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let eq = |x: isize, y: isize| a[x as usize].hash == b[y as usize].hash;
    let mut found = None;
    for d in 0..=max.min(MAX_EDITS) as isize {
        trace.push(v[(off - d) as usize..=(off + d) as usize].to_vec());
        let mut k = -d;
        while k <= d {
            let idx = (off + k) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && eq(x, y) {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                found = Some(d);
                break;
            }
            k += 2;
        }
        if found.is_some() {
            break;
        }
    }
    let d_end = found?;
    // Walk back through the saved frontiers.
    let mut steps = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=d_end).rev() {
        let vd = &trace[d as usize];
        let get = |k: isize| vd[(k + d) as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && get(k - 1) < get(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = get(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            steps.push((DiffKind::Equal, x as usize, y as usize));
        }
        if prev_k == k + 1 {
            steps.push((DiffKind::Insert, x as usize, prev_y as usize));
        } else {
            steps.push((DiffKind::Delete, prev_x as usize, y as usize));
        }
        x = prev_x;
        y = prev_y;
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        steps.push((DiffKind::Equal, x as usize, y as usize));
    }
    steps.reverse();
    Some(steps)
}

/// Merges word steps into runs with byte ranges.
fn runs(
    steps: &[(DiffKind, usize, usize)],
    wa: &[Word],
    wb: &[Word],
    a_len: usize,
    b_len: usize,
) -> Vec<DiffOp> {
    let at = |ws: &[Word], i: usize, len: usize| ws.get(i).map_or(len, |w| w.start);
    let mut out: Vec<DiffOp> = Vec::new();
    for &(kind, i, j) in steps {
        let a_range = match kind {
            DiffKind::Insert => (at(wa, i, a_len), at(wa, i, a_len)),
            _ => (wa[i].start, wa[i].end),
        };
        let b_range = match kind {
            DiffKind::Delete => (at(wb, j, b_len), at(wb, j, b_len)),
            _ => (wb[j].start, wb[j].end),
        };
        match out.last_mut() {
            Some(last) if last.kind == kind => {
                if kind != DiffKind::Insert {
                    last.a_range.1 = a_range.1;
                }
                if kind != DiffKind::Delete {
                    last.b_range.1 = b_range.1;
                }
            }
            _ => out.push(DiffOp {
                kind,
                a_range,
                b_range,
            }),
        }
    }
    out
}
