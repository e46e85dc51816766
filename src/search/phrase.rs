//! Whether a phrase occurs around one of its words, asked of a part of a text: the check a
//! search makes at each occurrence of a phrase's rarest word. The same code answers for a
//! whole text and for the few hundred bytes around an offset (a text left in its archive
//! file, see [`TextParts`](super::TextParts)), so both give the same hits.

use super::fold::fold_into;
use super::part::{Part, Short};

/// What a phrase's anchor word at an offset turned out to be part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phrase {
    /// The phrase, at these bytes.
    At(usize, usize),
    /// The word, but not the rest of the phrase around it.
    Missing,
    /// Not the word the index says is there: the text is not the one indexed.
    Stale,
}

/// Whether `tokens` occur with token `k` (the anchor) starting at byte `at`, reading the
/// words before and after it as the index's tokenizer does. `check` the anchor itself
/// when the text read may not be the one indexed (a part read from an archive file; a
/// whole text has been checked against its checksum).
pub(crate) fn phrase_in(
    p: &Part<'_>,
    tokens: &[String],
    (k, at): (usize, usize),
    check: bool,
    buf: &mut String,
) -> Result<Phrase, Short> {
    let (Some(anchor), Some(before), Some(after)) =
        (tokens.get(k), tokens.get(..k), tokens.get(k + 1..))
    else {
        return Ok(Phrase::Missing);
    };
    let Some((s, mut end)) = p.token_from(at)? else {
        return Ok(if check {
            Phrase::Stale
        } else {
            Phrase::Missing
        });
    };
    if check {
        let Some(word) = p.get(s, end)? else {
            return Ok(Phrase::Stale);
        };
        fold_into(word, buf);
        if s != at || buf != anchor {
            return Ok(Phrase::Stale);
        }
    }
    let mut start = at;
    for want in before.iter().rev() {
        let Some((s, e)) = p.token_before(start)? else {
            return Ok(Phrase::Missing);
        };
        let Some(word) = p.get(s, e)? else {
            return Ok(Phrase::Missing);
        };
        fold_into(word, buf);
        if buf != want {
            return Ok(Phrase::Missing);
        }
        start = s;
    }
    for want in after {
        let Some((s, e)) = p.token_from(end)? else {
            return Ok(Phrase::Missing);
        };
        let Some(word) = p.get(s, e)? else {
            return Ok(Phrase::Missing);
        };
        fold_into(word, buf);
        if buf != want {
            return Ok(Phrase::Missing);
        }
        end = e;
    }
    Ok(Phrase::At(start, end))
}
