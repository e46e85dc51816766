//! The thing a count counts: the first plural noun in the few words after it
//! ("50 projects", "41 Syrian nationals", "400 new specialist investigators",
//! "4.2 million pieces of written evidence").

use super::text::{is, letters_end, lower, next_word, space_len};

/// Function words that end the noun phrase after a number.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "into",
    "onto",
    "across",
    "over",
    "under",
    "and",
    "or",
    "but",
    "nor",
    "per",
    "each",
    "every",
    "who",
    "which",
    "that",
    "whom",
    "whose",
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "being",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "have",
    "has",
    "had",
    "do",
    "does",
    "did",
    "not",
    "as",
    "than",
    "since",
    "until",
    "while",
    "when",
    "where",
    "this",
    "these",
    "those",
    "their",
    "our",
    "its",
    "his",
    "her",
    "them",
    "they",
    "we",
    "you",
    "he",
    "she",
    "it",
    "so",
    "also",
    "already",
    "now",
    "there",
    "here",
    "if",
    "through",
    "throughout",
    "within",
    "without",
    "against",
    "between",
    "among",
    "after",
    "before",
    "during",
    "including",
    "like",
    "such",
    "plus",
    "up",
    "down",
    "out",
    "off",
    "about",
    "around",
    "via",
    "towards",
    "toward",
    "upon",
    "always",
    "perhaps",
    "whereas",
    "sometimes",
    "besides",
    "thus",
    "yes",
    "all",
    "both",
    "either",
    "neither",
    "only",
    "just",
    "even",
    "still",
    "yet",
    "again",
    "ago",
    "later",
    "earlier",
    "respectively",
    "alone",
    "altogether",
    "less",
    "more",
];

/// Plurals that do not end in "s".
const IRREGULAR: &[&str] = &[
    "people",
    "children",
    "men",
    "women",
    "police",
    "staff",
    "personnel",
    "youth",
    "cattle",
    "data",
    "criteria",
    "media",
    "feet",
    "teeth",
    "mice",
    "geese",
    "crew",
    "aircraft",
    "livestock",
    "sheep",
    "fish",
    "deer",
    "offspring",
];

fn plural(w: &[u8]) -> bool {
    w.len() >= 3
        && w.last().is_some_and(|c| c.eq_ignore_ascii_case(&b's'))
        && !["ss", "us", "is"]
            .iter()
            .any(|end| is(&w[w.len() - 2..], end))
}

/// The noun counted by the number ending at `end`. With `singular_ok` (the
/// value is 1) a singular head is accepted too ("1 child").
pub(crate) fn after(b: &[u8], end: usize, singular_ok: bool) -> Option<String> {
    let mut run: [(usize, usize); 6] = [(0, 0); 6];
    let mut n = 0;
    let mut pos = end;
    while n < run.len() {
        let Some((s, mut e)) = next_word(b, pos) else {
            break;
        };
        // hyphenated words: "ex-partners", "co-accused"
        while b.get(e) == Some(&b'-') && b.get(e + 1).is_some_and(u8::is_ascii_alphabetic) {
            e = letters_end(b, e + 1);
        }
        let w = &b[s..e];
        if w.len() > 30 || STOP.iter().any(|st| is(w, st)) {
            break;
        }
        run[n] = (s, e);
        n += 1;
        pos = e;
        // the phrase ends at punctuation or an apostrophe ("officers’ homes")
        if space_len(b, e) == 0 {
            break;
        }
    }
    let run = &run[..n];
    let pick = run
        .iter()
        .find(|&&(s, e)| plural(&b[s..e]))
        .or_else(|| {
            run.iter()
                .find(|&&(s, e)| IRREGULAR.iter().any(|w| is(&b[s..e], w)))
        })
        .or_else(|| if singular_ok { run.last() } else { None });
    pick.map(|&(s, e)| lower(&b[s..e]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noun(s: &str) -> Option<String> {
        after(s.as_bytes(), 0, false)
    }

    #[test]
    fn heads() {
        assert_eq!(
            noun(" projects across England").as_deref(),
            Some("projects")
        );
        assert_eq!(
            noun(" migrants jailed [May 2023]").as_deref(),
            Some("migrants")
        );
        assert_eq!(noun(" Syrian nationals.").as_deref(), Some("nationals"));
        assert_eq!(
            noun(" new specialist investigators.").as_deref(),
            Some("investigators")
        );
        assert_eq!(
            noun(" pieces of written evidence").as_deref(),
            Some("pieces")
        );
        assert_eq!(noun(" people.").as_deref(), Some("people"));
        assert_eq!(noun(" Police Officers from").as_deref(), Some("officers"));
        assert_eq!(noun(" local authority areas in").as_deref(), Some("areas"));
        assert_eq!(noun(" student visas were issued").as_deref(), Some("visas"));
        assert_eq!(noun(" internet users have").as_deref(), Some("users"));
        assert_eq!(noun(" serious offences").as_deref(), Some("offences"));
    }

    #[test]
    fn none() {
        assert_eq!(noun(" from June 2021"), None);
        assert_eq!(noun(". It now"), None);
        assert_eq!(noun(" of us falling"), None);
        assert_eq!(noun(" key"), None);
        assert_eq!(after(b" new officer.", 0, true).as_deref(), Some("officer"));
    }
}
