//! Small text helpers shared by the exports: character offsets, time stamps, GUIDs.

use sha2::{Digest, Sha256};

/// Converts byte offsets of one text to character (code point) offsets.
///
/// Fast when asked in increasing order (it counts on from the last answer); any order works.
#[derive(Debug)]
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    pub fn new(text: &'a str) -> CharCounter<'a> {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The number of characters before byte `offset` (clamped to the text; an offset inside a
    /// character counts that character as not yet begun).
    pub fn chars_at(&mut self, offset: usize) -> usize {
        let offset = crate::project::anchor::floor_boundary(self.text, offset.min(self.text.len()));
        // Claims come in order of their starts but may overlap: step back as well as on.
        if offset < self.byte {
            self.chars -= self.text[offset..self.byte].chars().count();
        } else {
            self.chars += self.text[self.byte..offset].chars().count();
        }
        self.byte = offset;
        self.chars
    }
}

/// Unix seconds as RFC 3339 UTC: `2023-05-04T09:30:00Z`.
pub fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = crate::archive::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` (or `+00:00`) back to Unix seconds.
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix("+00:00"))
        .unwrap_or(s);
    let (date, time) = s.split_once(['T', ' '])?;
    let mut d = date.split('-');
    let y: i32 = d.next()?.parse().ok()?;
    let m: u8 = d.next()?.parse().ok()?;
    let day: u8 = d.next()?.parse().ok()?;
    let mut t = time.split(':');
    let h: i64 = t.next()?.parse().ok()?;
    let min: i64 = t.next()?.parse().ok()?;
    let sec: f64 = t.next().unwrap_or("0").parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let days = crate::archive::days_from_civil(y, m, day);
    // Whole seconds: the fraction, if any, is dropped on purpose.
    #[allow(clippy::cast_possible_truncation)]
    let sec = sec as i64;
    Some(days * 86_400 + h * 3600 + min * 60 + sec)
}

/// A stable GUID (RFC 4122 layout, version 5 bits, from SHA-256) for `parts`.
pub fn guid(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"pressmark-guid\x1f");
    for p in parts {
        hasher.update(p.as_bytes());
        hasher.update(b"\x1f");
    }
    let h = hasher.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Escapes text for HTML and XML content and attribute values.
pub(crate) fn escape_xml(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A raw CR would reach the reader as LF (XML end-of-line handling): keep it as a
            // reference.
            '\r' => out.push_str("&#13;"),
            // Characters XML 1.0 forbids are dropped (tab and newline are kept).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

/// `escape_xml` for an XML attribute value, where a parser would turn a raw tab or newline
/// into a space (attribute-value normalisation): those are written as references too.
pub(crate) fn esc_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => escape_xml(c.encode_utf8(&mut [0; 4]), &mut out),
        }
    }
    out
}

/// `escape_xml` into a new string.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_xml(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_counts_and_times() {
        let text = "é€a b";
        let mut c = CharCounter::new(text);
        assert_eq!(c.chars_at(2), 1);
        assert_eq!(c.chars_at(5), 2);
        assert_eq!(c.chars_at(0), 0);
        assert_eq!(c.chars_at(99), 5);
        // Overlapping claims step back.
        assert_eq!(c.chars_at(2), 1);
        assert_eq!(c.chars_at(5), 2);
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_683_192_600), "2023-05-04T09:30:00Z");
        assert_eq!(parse_rfc3339("2023-05-04T09:30:00Z"), Some(1_683_192_600));
        let g = guid(&["claim", "1"]);
        assert_eq!(g.len(), 36);
        assert_eq!(g, guid(&["claim", "1"]));
        assert_ne!(g, guid(&["claim", "2"]));
        assert_eq!(esc("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
    }
}
