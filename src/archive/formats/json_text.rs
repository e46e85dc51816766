//! A JSON string as it stands in its file: decoded, with a map from each decoded byte back
//! to the file, so text inside JSON (a GOV.UK body) points at its real line and column.

use serde_json::value::RawValue;

/// Where a raw JSON value starts in `file` (it must be a slice of it).
pub(crate) fn offset_in(file: &str, raw: &RawValue) -> usize {
    let start = file.as_ptr() as usize;
    let at = raw.get().as_ptr() as usize;
    at.saturating_sub(start).min(file.len())
}

/// A decoded JSON string and the way back to its source.
pub(crate) struct JsonText {
    pub text: String,
    /// (decoded offset, source offset) at the start of each run of literal characters;
    /// within a run, bytes map one to one.
    runs: Vec<(usize, usize)>,
}

impl JsonText {
    /// Decodes the JSON string literal `raw` (with its quotes), which starts at byte `base`
    /// of the file. `None` if `raw` is not a string.
    pub fn decode(raw: &str, base: usize) -> Option<JsonText> {
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        let bytes = inner.as_bytes();
        let mut text = String::with_capacity(inner.len());
        let mut runs = vec![(0, base + 1)];
        let mut i = 0;
        while i < bytes.len() {
            let Some(esc) = memchr::memchr(b'\\', &bytes[i..]).map(|n| i + n) else {
                text.push_str(inner.get(i..)?);
                break;
            };
            text.push_str(inner.get(i..esc)?);
            let (decoded, used) = unescape(inner.get(esc..)?)?;
            text.push_str(&decoded);
            i = esc + used;
            // The escape's own characters map to where it starts; what follows maps on.
            runs.push((text.len() - decoded.len(), base + 1 + esc));
            runs.push((text.len(), base + 1 + i));
        }
        Some(JsonText { text, runs })
    }

    /// The decoded offsets where the source does not run on from the byte before (each
    /// escape's start and the byte after it), sorted: what `html_body::blocks_mapped` needs.
    pub fn jumps(&self) -> Vec<usize> {
        let mut jumps: Vec<usize> = self.runs.iter().skip(1).map(|r| r.0).collect();
        jumps.dedup();
        jumps
    }

    /// The file offset of a byte offset in the decoded text.
    pub fn source_offset(&self, decoded: usize) -> usize {
        let idx = self.runs.partition_point(|&(d, _)| d <= decoded);
        match idx.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(d, s)) => s + (decoded - d),
            None => self.runs.first().map(|r| r.1).unwrap_or(0),
        }
    }
}

/// One escape at the start of `s` (which starts with `\`): its text and its length.
fn unescape(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let c = *b.get(1)?;
    let simple = match c {
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        b'/' => Some('/'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        _ => None,
    };
    if let Some(ch) = simple {
        return Some((ch.to_string(), 2));
    }
    if c != b'u' {
        return None;
    }
    let hi = u32::from_str_radix(s.get(2..6)?, 16).ok()?;
    if (0xD800..0xDC00).contains(&hi) {
        // A surrogate pair: \uD83D\uDE00.
        if s.get(6..8) == Some("\\u") {
            let lo = u32::from_str_radix(s.get(8..12)?, 16).ok()?;
            let code = 0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
            return Some((char::from_u32(code).unwrap_or('\u{fffd}').to_string(), 12));
        }
        return Some(('\u{fffd}'.to_string(), 6));
    }
    Some((char::from_u32(hi).unwrap_or('\u{fffd}').to_string(), 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_maps_back() {
        // As GOV.UK's Content API writes markup: `<` as \u003c, quotes escaped.
        let raw = r#""\u003cp class=\"x\"\u003eFunding of £5m\u003c/p\u003e""#;
        let base = 100;
        let j = JsonText::decode(raw, base).expect("a string");
        assert_eq!(j.text, "<p class=\"x\">Funding of £5m</p>");
        // "F" of "Funding" stands after the opening quote and `\u003cp class=\"x\"\u003e`.
        let f = j.text.find("Funding").expect("found");
        assert_eq!(j.source_offset(f), base + raw.find("Funding").expect("raw"));
        let m = j.text.find("m<").expect("found");
        assert_eq!(
            j.source_offset(m),
            base + raw.find("m\\u003c/p").expect("raw")
        );
        assert_eq!(j.source_offset(0), base + 1);
    }

    #[test]
    fn surrogate_pairs_and_non_strings() {
        let j = JsonText::decode(r#""a\ud83d\ude00b""#, 0).expect("string");
        assert_eq!(j.text, "a\u{1F600}b");
        assert!(JsonText::decode("[1]", 0).is_none());
    }
}
