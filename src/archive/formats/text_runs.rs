//! Where each part of a run of decoded HTML text stands in its source, when entities or
//! carriage returns made the two differ (`PHE&rsquo;s` is read as `PHE’s`, two characters
//! shorter, so what follows the entity stands further on in the source than in the text).

/// (decoded offset, source offset) at the start of each stretch where the decoded text and
/// its source `raw` (which starts at byte `start` of its file) hold the same bytes; within a
/// stretch, bytes map one to one. One stretch when nothing was decoded. Decoded offsets are
/// on character boundaries.
pub(crate) fn text_runs(decoded: &str, raw: &str, start: usize) -> Vec<(usize, usize)> {
    let mut runs = vec![(0, start)];
    if decoded == raw {
        return runs;
    }
    let (d, r) = (decoded.as_bytes(), raw.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < d.len() && j < r.len() {
        if d[i] == r[j] && r[j] != b'&' {
            i += 1;
            j += 1;
            continue;
        }
        match r[j] {
            b'\r' => {
                // CR LF and a lone CR are both read as LF.
                j += 1;
                if r.get(j) == Some(&b'\n') {
                    j += 1;
                }
                if d[i] == b'\n' {
                    i += 1;
                }
            }
            b'&' => {
                let len = entity_len(&r[j..]);
                if d[i] == b'&' && (len == 0 || !is_ampersand(&r[j..j + len])) {
                    // A bare `&` (or one that starts no entity) is read as itself.
                    i += 1;
                    j += 1;
                    continue;
                }
                i += utf8_len(d[i]);
                j += len.max(1);
            }
            _ => {
                // Something else was replaced (NUL by U+FFFD): step over one character of
                // each and carry on.
                i += utf8_len(d[i]);
                j += utf8_len(r[j]);
            }
        }
        while i < d.len() && !decoded.is_char_boundary(i) {
            i += 1;
        }
        runs.push((i.min(d.len()), start + j.min(r.len())));
    }
    runs
}

/// Like [`text_runs`], for HTML that a feed holds in an element: `decoded` is the HTML as
/// the feed crate and the twice-escaped repair hand it over, `raw` the feed's bytes from where
/// the element's content starts (at byte `start` of the file), with XML escapes (`&lt;p&gt;`),
/// escapes of escapes (`&amp;lt;p&amp;gt;`) or CDATA sections around it.
pub(crate) fn escaped_runs(decoded: &str, raw: &[u8], start: usize) -> Vec<(usize, usize)> {
    let d = decoded.as_bytes();
    let mut runs = vec![(0, start)];
    let (mut i, mut j) = (0, 0);
    let mut cdata = false;
    while i < d.len() && j < raw.len() {
        let r = &raw[j..];
        let want = decoded.get(i..).and_then(|s| s.chars().next());
        if !cdata && r.starts_with(b"<![CDATA[") {
            cdata = true;
            j += 9;
        } else if cdata && r.starts_with(b"]]>") {
            cdata = false;
            j += 3;
        } else if d[i] == r[0] && (cdata || r[0] != b'&') {
            i += 1;
            j += 1;
            continue;
        } else if let (false, Some((c1, l1))) = (cdata, xml_entity(r)) {
            // Escaped twice: `&amp;lt;` is `<` once the repair has read it again.
            let twice = (c1 == '&' && want != Some('&'))
                .then(|| {
                    let mut again = vec![b'&'];
                    again.extend(r.iter().skip(l1).take(10));
                    xml_entity(&again)
                })
                .flatten()
                .filter(|(c2, _)| Some(*c2) == want);
            match twice {
                Some((c2, l2)) => {
                    i += c2.len_utf8();
                    j += l1 + l2 - 1;
                }
                None => {
                    i += want.map_or(1, char::len_utf8);
                    j += l1;
                }
            }
        } else if r[0] == b'\r' && d[i] != b'\n' {
            // CR LF is read as LF.
            j += 1;
        } else if r[0].is_ascii_whitespace() && !d[i].is_ascii_whitespace() {
            // White space the crate trimmed.
            j += 1;
        } else if d[i].is_ascii_whitespace() && !r[0].is_ascii_whitespace() {
            i += 1;
        } else {
            // Not the same character: step over one of each and carry on.
            i += utf8_len(d[i]);
            j += utf8_len(r[0]);
        }
        while i < d.len() && !decoded.is_char_boundary(i) {
            i += 1;
        }
        runs.push((i.min(d.len()), start + j.min(raw.len())));
    }
    runs
}

/// The XML character reference at the start of `s` (`&lt;`, `&#8217;`): its character and
/// length.
fn xml_entity(s: &[u8]) -> Option<(char, usize)> {
    let len = entity_len(s);
    if len < 3 || s.get(len - 1) != Some(&b';') {
        return None;
    }
    let name = s.get(1..len - 1)?;
    let c = match name {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"quot" => '"',
        b"apos" => '\'',
        _ => {
            let digits = std::str::from_utf8(name.strip_prefix(b"#")?).ok()?;
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => digits.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, len))
}

/// The source offset of a decoded offset, by the runs of [`text_runs`].
pub(crate) fn source_of(runs: &[(usize, usize)], decoded: usize) -> usize {
    let i = runs.partition_point(|r| r.0 <= decoded).saturating_sub(1);
    runs.get(i)
        .map_or(decoded, |&(d, s)| s + decoded.saturating_sub(d))
}

/// The length of the character reference at the start of `s` (`&amp;`, `&#8217;`,
/// `&#x2019;`, a legacy `&nbsp` without its semicolon), or 0 if none starts there.
fn entity_len(s: &[u8]) -> usize {
    let mut k = 1;
    if s.get(1) == Some(&b'#') {
        k = 2;
        let hex = matches!(s.get(2), Some(b'x' | b'X'));
        if hex {
            k = 3;
        }
        let from = k;
        while s.get(k).is_some_and(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        }) {
            k += 1;
        }
        if k == from {
            return 0;
        }
    } else {
        while s.get(k).is_some_and(u8::is_ascii_alphanumeric) {
            k += 1;
        }
        if k == 1 {
            return 0;
        }
    }
    if s.get(k) == Some(&b';') {
        k += 1;
    }
    k
}

/// Whether a character reference stands for `&` itself.
fn is_ampersand(entity: &[u8]) -> bool {
    let name = entity.strip_suffix(b";").unwrap_or(entity);
    matches!(
        name,
        b"&amp" | b"&AMP" | b"&#38" | b"&#038" | b"&#x26" | b"&#X26"
    )
}

/// The length of the UTF-8 character starting with byte `b` (1 for a stray continuation).
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that every run's first byte is the same character in the text and the source
    /// (or the start of the entity that stands for it).
    fn check(decoded: &str, raw: &str) -> Vec<(usize, usize)> {
        let runs = text_runs(decoded, raw, 10);
        for &(d, s) in &runs {
            let (Some(dc), Some(rc)) = (decoded[d..].chars().next(), raw[s - 10..].chars().next())
            else {
                continue;
            };
            assert!(dc == rc || rc == '&', "{d}:{dc:?} {s}:{rc:?}");
        }
        runs
    }

    #[test]
    fn text_after_entities_maps_to_where_it_stands() {
        // From GOV.UK's body markup: "<abbr>PHE</abbr>&rsquo;s" and "&amp;".
        let raw = "&rsquo;s data &amp; 83% of cases&nbsp;rose";
        let decoded = "’s data & 83% of cases\u{a0}rose";
        let runs = check(decoded, raw);
        let at = |word: &str| source_of(&runs, decoded.find(word).unwrap_or(0)) - 10;
        assert_eq!(at("s data"), raw.find("s data").unwrap_or(0));
        assert_eq!(at("83%"), raw.find("83%").unwrap_or(0));
        assert_eq!(at("rose"), raw.find("rose").unwrap_or(0));
        assert_eq!(at("’"), 0);
    }

    #[test]
    fn feed_html_escaped_once_twice_or_in_cdata() {
        // The NASA feed's untidy copy: HTML escaped twice, as the repair reads it.
        let raw = "&amp;lt;p&amp;gt;More than three months&amp;lt;/p&amp;gt;";
        let decoded = "<p>More than three months</p>";
        let runs = escaped_runs(decoded, raw.as_bytes(), 100);
        let at = |word: &str| source_of(&runs, decoded.find(word).unwrap_or(0)) - 100;
        assert_eq!(at("More"), raw.find("More").unwrap_or(0));
        assert_eq!(at("months"), raw.find("months").unwrap_or(0));
        // feed-rs's Atom feed: escaped once, with a literal entity inside.
        let raw = "&lt;p&gt;A range of maintenance work &amp;amp; more&lt;/p&gt;";
        let decoded = "<p>A range of maintenance work &amp; more</p>";
        let runs = escaped_runs(decoded, raw.as_bytes(), 0);
        let at = |word: &str| source_of(&runs, decoded.find(word).unwrap_or(0));
        assert_eq!(at("maintenance"), raw.find("maintenance").unwrap_or(0));
        assert_eq!(at("more"), raw.find("more").unwrap_or(0));
        // CDATA, and white space the crate trimmed.
        let raw = "\n  <![CDATA[<p>Fish &amp; chips</p>]]>";
        let decoded = "<p>Fish &amp; chips</p>";
        let runs = escaped_runs(decoded, raw.as_bytes(), 0);
        let at = |word: &str| source_of(&runs, decoded.find(word).unwrap_or(0));
        assert_eq!(at("Fish"), raw.find("Fish").unwrap_or(0));
        assert_eq!(at("chips"), raw.find("chips").unwrap_or(0));
    }

    #[test]
    fn bare_ampersands_line_ends_and_unknown_entities() {
        let raw = "Fish & chips &foo; \r\nmore &#8217;x&#x2019;y";
        let decoded = "Fish & chips &foo; \nmore ’x’y";
        let runs = check(decoded, raw);
        let at = |word: &str| source_of(&runs, decoded.find(word).unwrap_or(0)) - 10;
        assert_eq!(at("chips"), raw.find("chips").unwrap_or(0));
        assert_eq!(at("more"), raw.find("more").unwrap_or(0));
        assert_eq!(at("x"), raw.find("x&").unwrap_or(0));
        assert_eq!(at("y"), raw.find('y').unwrap_or(0));
        // Nothing decoded: one run.
        assert_eq!(text_runs("plain", "plain", 3), vec![(0, 3)]);
    }
}
