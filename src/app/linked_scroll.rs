//! Linked scrolling: when the user scrolls one compare column, the others follow so that the
//! passages that correspond (through the phrases they share) stay level.

use crate::compare::Alignment;

use super::reader::ViewGeometry;
use super::text_block::RunRect;

/// How far down the viewport the line that is kept level sits (a reading line, not the top).
const READING_LINE: f32 = 0.3;

/// The byte offset drawn at height `y` (relative to the content's top).
pub fn byte_at(runs: &[RunRect], y: f32) -> Option<usize> {
    let run = runs
        .iter()
        .find(|r| r.top <= y && y <= r.bottom)
        .or_else(|| {
            runs.iter()
                .filter(|r| r.top > y)
                .min_by(|a, b| a.top.total_cmp(&b.top))
        })
        .or_else(|| runs.last())?;
    let t = ((y - run.top) / (run.bottom - run.top).max(1.0)).clamp(0.0, 1.0);
    let len = run.range.end - run.range.start;
    Some(run.range.start + (len as f32 * t) as usize)
}

/// The height (relative to the content's top) at which byte `at` was drawn.
pub fn y_of(runs: &[RunRect], at: usize) -> Option<f32> {
    if let Some(run) = runs.iter().find(|r| r.range.contains(&at)) {
        let len = (run.range.end - run.range.start).max(1) as f32;
        let t = (at - run.range.start) as f32 / len;
        return Some(run.top + (run.bottom - run.top) * t);
    }
    runs.iter()
        .filter(|r| r.range.start > at)
        .min_by_key(|r| r.range.start)
        .or_else(|| runs.last())
        .map(|r| r.top)
}

/// The scroll offset that puts the passage matching the leader's reading line level with it
/// in the follower. `leader_is_a` says which side of `align` the leader's text is.
pub fn follow(
    leader: &ViewGeometry,
    follower: &ViewGeometry,
    align: &Alignment,
    leader_is_a: bool,
) -> Option<f32> {
    let line = leader.viewport.height() * READING_LINE;
    let at = byte_at(&leader.runs, leader.offset + line)?;
    // Where that text really is: the reading line may fall between runs (on a heading), and
    // then the next run's text is what must be matched level.
    let mine = y_of(&leader.runs, at)?;
    let theirs = if leader_is_a {
        align.a_to_b(at)
    } else {
        align.b_to_a(at)
    };
    let y = y_of(&follower.runs, theirs)?;
    // Level on screen: the same height as the leader's text.
    let screen = leader.viewport.top() + (mine - leader.offset);
    Some((y - (screen - follower.viewport.top())).max(0.0))
}
