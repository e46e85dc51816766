//! Sentence bounds around an offset, for showing hits in context.

use super::part::{Part, Short};

/// Whether a sentence ends just before byte `i` (the end of `.`/`!`/`?` plus closing quotes).
fn ends_before(p: &Part<'_>, mut i: usize) -> Result<bool, Short> {
    loop {
        if i == 0 {
            return Ok(false);
        }
        match p.at(i - 1)? {
            b'.' | b'!' | b'?' => return Ok(true),
            b'"' | b'\'' | b')' => i -= 1,
            // ’ and ” end in 0x99 / 0x9D after E2 80.
            0x99 | 0x9D if i >= 3 && p.at(i - 3)? == 0xE2 && p.at(i - 2)? == 0x80 => i -= 3,
            _ => return Ok(false),
        }
    }
}

/// Skips closing quotes after a terminator at `i`.
fn skip_closers(p: &Part<'_>, mut i: usize) -> Result<usize, Short> {
    loop {
        match p.get_byte(i)? {
            Some(b'"' | b'\'' | b')') => i += 1,
            Some(0xE2)
                if i + 3 <= p.total
                    && p.at(i + 1)? == 0x80
                    && matches!(p.at(i + 2)?, 0x99 | 0x9D) =>
            {
                i += 3
            }
            _ => return Ok(i),
        }
    }
}

/// A hit's sentence reaches at most this many bytes either side of it: in text without
/// sentence ends (a 10 MB line) every hit's sentence was the whole line, which made search
/// quadratic and each hit megabytes long.
pub const MAX_SENTENCE_REACH: usize = 2048;

/// Byte range of the sentence holding `offset`: bounded by `.`, `!` or `?` followed by
/// a space, or by a line break (blocks, bullets and table rows are lines); at most
/// [`MAX_SENTENCE_REACH`] bytes either side of `offset`.
pub fn sentence_around(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    // The whole text always holds what is needed.
    sentence_in(&Part::whole(text), offset).unwrap_or((offset, offset))
}

/// The sentence of the hit before in the same text, for the next hit when it must be the
/// same sentence: hits come in order, often several to a sentence, and finding each one's
/// sentence again was a tenth of a search with 600,000 hits.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SentenceBefore(Option<(usize, usize, usize)>);

impl SentenceBefore {
    /// The sentence holding the word that starts at `at` (at or after the hit before's), if
    /// it is the hit before's: `at` lies before that sentence's end, which was found rather
    /// than cut at the reach, and its start is within reach of `at`. No bound lies between
    /// the two (the hit before's sentence would have ended there): a bound is a line break,
    /// or a space after a sentence end and its closing quotes, and a word starts in neither.
    pub fn get(&self, at: usize) -> Option<(usize, usize)> {
        let (before, s, e) = self.0?;
        let floor = at.saturating_sub(MAX_SENTENCE_REACH);
        (before <= at && at < e && (s > floor || floor == 0)).then_some((s, e))
    }

    /// Keeps `(s, e)`, the sentence of the word at `at` in a text of `len` bytes, unless its
    /// end was cut at the reach.
    pub fn keep(&mut self, at: usize, (s, e): (usize, usize), len: usize) {
        let found = e < at.saturating_add(MAX_SENTENCE_REACH) || e >= len;
        self.0 = found.then_some((at, s, e));
    }
}

/// [`sentence_around`] in the text `part` is part of, or [`Short`] if the part does not
/// hold every byte the answer looks at.
pub(crate) fn sentence_in(p: &Part<'_>, offset: usize) -> Result<(usize, usize), Short> {
    sentence_with(p, offset, true)
}

/// [`sentence_in`]; with `fast`, line breaks and sentence ends are looked for with `memchr`
/// rather than byte by byte: a search from the cache spent a fifth of its time here.
fn sentence_with(p: &Part<'_>, offset: usize, fast: bool) -> Result<(usize, usize), Short> {
    let len = p.total;
    let offset = offset.min(len);
    let floor = offset.saturating_sub(MAX_SENTENCE_REACH);
    let ceiling = offset.saturating_add(MAX_SENTENCE_REACH).min(len);
    let mut start = floor;
    match fast.then(|| start_by_memchr(p, floor, offset)).flatten() {
        Some(s) => start = s,
        None => {
            let mut i = offset;
            while i > floor {
                let c = p.at(i - 1)?;
                if c == b'\n' || (c == b' ' && ends_before(p, i - 1)?) {
                    start = i;
                    break;
                }
                i -= 1;
            }
        }
    }
    let mut end = ceiling;
    if fast {
        end = end_by_memchr(p, offset, ceiling)?;
    } else {
        let mut j = offset;
        while j < ceiling {
            match p.at(j)? {
                b'\n' => {
                    end = j;
                    break;
                }
                b'.' | b'!' | b'?' => {
                    let k = skip_closers(p, j + 1)?;
                    if k >= len || p.at(k)?.is_ascii_whitespace() {
                        end = k;
                        break;
                    }
                    j = k;
                }
                _ => j += 1,
            }
        }
    }
    // Keep to char boundaries (sentence ends are ASCII; a cut at the reach may not be).
    while start < offset && !p.is_char_boundary(start)? {
        start += 1;
    }
    while end < len && !p.is_char_boundary(end)? {
        end += 1;
    }
    Ok((start, end.max(start)))
}

/// Where the sentence holding `offset` starts, from the nearest line break and sentence end
/// before it; `None` when neither is in reach, or in the part (the byte-by-byte walk then
/// decides, or finds the part short: a sentence end's closing quotes may start before
/// `floor`).
fn start_by_memchr(p: &Part<'_>, floor: usize, offset: usize) -> Option<usize> {
    // What lies before the part cannot change the nearest break found in it.
    let from = floor.max(p.base);
    let bytes = p.text.as_bytes();
    let local = |i: usize| i.checked_sub(p.base);
    let newline =
        memchr::memrchr(b'\n', bytes.get(local(from)?..local(offset)?)?).map(|k| from + k);
    let mut to = offset;
    let mut ended = None;
    while let Some(k) = memchr::memrchr3(b'.', b'!', b'?', bytes.get(local(from)?..local(to)?)?) {
        let k = from + k;
        if newline.is_some_and(|n| k < n) {
            // Anything this sentence end starts lies before the line break.
            break;
        }
        let m = skip_closers(p, k + 1).ok()?;
        if m < offset && p.at(m).ok() == Some(b' ') {
            ended = Some(m + 1);
            break;
        }
        to = k;
    }
    newline.map(|n| n + 1).max(ended)
}

/// Where the sentence holding `offset` ends (at most `ceiling`, unless closing quotes run
/// past it), from the next line break and the sentence ends before it.
fn end_by_memchr(p: &Part<'_>, offset: usize, ceiling: usize) -> Result<usize, Short> {
    let bytes = p.text.as_bytes();
    let end = p.base + bytes.len();
    // The part may stop before the ceiling: what is not found in it is not known.
    let cut = ceiling > end;
    let upto = ceiling.min(end);
    let local = |i: usize| i.checked_sub(p.base).ok_or(Short);
    let zone = bytes.get(local(offset)?..local(upto)?).ok_or(Short)?;
    let stop = match memchr::memchr(b'\n', zone) {
        Some(k) => offset + k,
        None if cut => upto,
        None => ceiling,
    };
    let mut j = offset;
    while j < stop {
        let Some(t) = bytes
            .get(local(j)?..local(stop)?)
            .and_then(|z| memchr::memchr3(b'.', b'!', b'?', z))
        else {
            break;
        };
        let k = skip_closers(p, j + t + 1)?;
        if k >= p.total || p.at(k)?.is_ascii_whitespace() {
            return Ok(k);
        }
        j = k;
    }
    if cut && stop == upto {
        return Err(Short);
    }
    Ok(stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sentences() {
        let t = "First one. Second “quoted.” Third?\nRow | 83%";
        let at = |s: &str| t.find(s).unwrap_or(0);
        let s = |o| {
            let (a, b) = sentence_around(t, o);
            &t[a..b]
        };
        assert_eq!(s(at("one")), "First one.");
        assert_eq!(s(at("Second")), "Second “quoted.”");
        assert_eq!(s(at("Third")), "Third?");
        assert_eq!(s(at("83")), "Row | 83%");
        assert_eq!(s(0), "First one.");
        assert_eq!(s(t.len()), "Row | 83%");
    }

    /// A line with no sentence end (cells of a flattened table, built from the sample's
    /// words): the sentence stops at the reach instead of taking the whole line.
    /// The `memchr` search gives the byte-by-byte walk's sentence at every offset of real
    /// texts (quotes, bullets, tables, accents; and a text cut mid-sentence).
    #[test]
    fn looking_for_ends_finds_what_walking_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for path in [
            "assets/home-office-may-2023.txt",
            "tests/fixtures/search/accented.txt",
        ] {
            let text = std::fs::read_to_string(root.join(path)).unwrap_or_default();
            assert!(text.len() > 1000, "{path}");
            let cut = (text.len() / 3..)
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            for t in [text.as_str(), &text[..cut], &text[cut..]] {
                let p = Part::whole(t);
                for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                    assert_eq!(
                        sentence_with(&p, at, true),
                        sentence_with(&p, at, false),
                        "{path} at {at}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 60_000, "{checked}");
    }

    /// The sentence kept from the hit before gives what finding it again gives, at every
    /// word of real texts and at every third word: the sample, accented text, the sample's
    /// paragraphs joined into one long line, and that line without its sentence ends (so
    /// that sentences are cut at the reach).
    #[test]
    fn the_sentence_before_is_the_sentence_found_again() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_default();
        let sample = read("assets/home-office-may-2023.txt");
        let joined: Vec<&str> = sample
            .lines()
            .map(str::trim)
            .filter(|l| l.len() > 80)
            .collect();
        let line = joined.join(" ");
        let no_ends = line.replace(['.', '!', '?'], "");
        let mut reused = 0;
        for text in [
            sample.clone(),
            read("tests/fixtures/search/accented.txt"),
            line,
            no_ends,
        ] {
            assert!(text.len() > 1000);
            let words: Vec<usize> = crate::search::Tokens::new(&text).map(|(s, _)| s).collect();
            for step in [1, 3] {
                let mut before = SentenceBefore::default();
                for &at in words.iter().step_by(step) {
                    let found = sentence_around(&text, at);
                    if let Some(kept) = before.get(at) {
                        assert_eq!(kept, found, "at {at}");
                        reused += 1;
                    }
                    before.keep(at, found, text.len());
                }
            }
        }
        assert!(reused > 10_000, "{reused}");
    }

    #[test]
    fn a_sentence_without_ends_is_bounded() {
        let cell = "net migration £5 million – 12 projects | ";
        let line = cell.repeat(20_000);
        for at in [0, 7, line.len() / 2, line.len() - 3] {
            let at = (at..).find(|i| line.is_char_boundary(*i)).unwrap_or(0);
            let (s, e) = sentence_around(&line, at);
            assert!(s <= at && at <= e, "{s} {at} {e}");
            assert!(e - s <= 2 * MAX_SENTENCE_REACH + 8, "{} bytes", e - s);
            assert!(line.is_char_boundary(s) && line.is_char_boundary(e));
        }
    }
}
