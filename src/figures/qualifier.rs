//! The hedge or bound stated just before a figure: "up to £39 million",
//! "more than 40 migrants", "nearly £7 billion", "an estimated 10,000".

use super::text::{is, letters_start, prev_word, space_len_before};

/// Phrases, longest first, as they are stated (lower case).
const PHRASES: &[&[&str]] = &[
    &["in", "excess", "of"],
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["as", "few", "as"],
    &["as", "little", "as"],
    &["no", "more", "than"],
    &["no", "fewer", "than"],
    &["no", "less", "than"],
    &["not", "more", "than"],
    &["a", "maximum", "of"],
    &["a", "minimum", "of"],
    &["an", "average", "of"],
    &["up", "to"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["greater", "than"],
    &["at", "least"],
    &["at", "most"],
    &["an", "estimated"],
    &["just", "over"],
    &["just", "under"],
    &["just", "below"],
    &["just", "above"],
    &["well", "over"],
    &["well", "under"],
    &["upwards", "of"],
    &["close", "to"],
    &["a", "further"],
    &["an", "additional"],
    &["an", "extra"],
    &["over"],
    &["under"],
    &["nearly"],
    &["almost"],
    &["around"],
    &["about"],
    &["approximately"],
    &["roughly"],
    &["some"],
    &["circa"],
    &["estimated"],
    &["only"],
    &["just"],
    &["above"],
    &["below"],
    &["another"],
    &["exceeding"],
];

/// The qualifier before the figure starting at `start`: its start offset and
/// the phrase in lower case.
pub(crate) fn before(b: &[u8], start: usize) -> Option<(usize, String)> {
    // abbreviations with a full stop: "c. 500", "approx. 500"
    if let Some(q) = abbreviation(b, start) {
        return Some(q);
    }
    let mut words: [(usize, usize); 3] = [(0, 0); 3];
    let mut n = 0;
    let mut pos = start;
    while n < 3 {
        match prev_word(b, pos) {
            Some((s, e)) => {
                words[n] = (s, e);
                n += 1;
                pos = s;
            }
            None => break,
        }
    }
    // PHRASES is ordered longest first, so the first match is the longest.
    for phrase in PHRASES {
        let len = phrase.len();
        if len > n {
            continue;
        }
        // words[0] is nearest the figure: phrase[len - 1] must match it.
        let matches = (0..len).all(|k| {
            let (s, e) = words[k];
            is(&b[s..e], phrase[len - 1 - k])
        });
        if matches {
            return Some((words[len - 1].0, phrase.join(" ")));
        }
    }
    None
}

fn abbreviation(b: &[u8], start: usize) -> Option<(usize, String)> {
    let sp = space_len_before(b, start);
    let dot = start.checked_sub(sp + 1)?;
    if sp == 0 || b[dot] != b'.' {
        return None;
    }
    let s = letters_start(b, dot);
    let w = &b[s..dot];
    if s > 0 && b[s - 1].is_ascii_alphanumeric() {
        return None;
    }
    for abbr in ["c", "ca", "approx", "est"] {
        if is(w, abbr) {
            return Some((s, format!("{abbr}.")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Option<String> {
        let at = s.find('#').unwrap();
        before(s.as_bytes(), at).map(|(_, p)| p)
    }

    #[test]
    fn phrases() {
        assert_eq!(q("Backed by up to #").as_deref(), Some("up to"));
        assert_eq!(q("Up to #").as_deref(), Some("up to"));
        assert_eq!(q("made more than #").as_deref(), Some("more than"));
        assert_eq!(q("costing nearly #").as_deref(), Some("nearly"));
        assert_eq!(q("last year almost #").as_deref(), Some("almost"));
        assert_eq!(q("was over #").as_deref(), Some("over"));
        assert_eq!(q("charging migrants around #").as_deref(), Some("around"));
        assert_eq!(q("an estimated #").as_deref(), Some("an estimated"));
        assert_eq!(q("at least #").as_deref(), Some("at least"));
        assert_eq!(q("in excess of #").as_deref(), Some("in excess of"));
        assert_eq!(q("c. #").as_deref(), Some("c."));
    }

    #[test]
    fn no_qualifier() {
        assert_eq!(q("increased by #"), None);
        assert_eq!(q("Backed by a #"), None);
        assert_eq!(q("(#"), None);
        assert_eq!(q("#"), None);
        assert_eq!(q("takeover, #"), None);
    }

    #[test]
    fn start_offset_is_the_phrase_start() {
        let s = "Backed by up to #";
        assert_eq!(before(s.as_bytes(), 16), Some((10, "up to".to_string())));
    }
}
