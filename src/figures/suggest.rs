//! A suggested tag for a figure, from the default codebook's names.

use super::figure::{Figure, Unit};
use super::sentence::{has_stem, sentence_around};

const MIGRATION: &[&str] = &[
    "migra",
    "migrant",
    "immigra",
    "visa",
    "asylum",
    "boat",
    "crossing",
    "smuggl",
    "refugee",
    "dependant",
    "dependent",
    "border",
];
const CRIME: &[&str] = &[
    "crime",
    "criminal",
    "offender",
    "offence",
    "offending",
    "fraud",
    "abuse",
    "abuser",
    "traffick",
    "victim",
    "stalk",
    "perpetrator",
    "scam",
    "arrest",
    "convict",
];
const TARGET: &[&str] = &[
    "target", "pledge", "will", "aim", "commit", "promise", "ambition",
];

/// The suggested tag name for `figure` in `text` (the release text it was
/// found in): "funding total" for money; otherwise by the words of its
/// sentence, in this order: "migration figure", "crime statistic", "target or
/// pledge" ("target", "pledge", "will", "by 2030"), else "statistic".
pub fn suggest_tag(text: &str, figure: &Figure) -> &'static str {
    if matches!(figure.unit, Unit::Currency(_)) {
        return "funding total";
    }
    let (s, e) = sentence_around(text, figure.start, figure.end);
    let sentence = text.get(s..e).unwrap_or("");
    if has_stem(sentence, MIGRATION) {
        "migration figure"
    } else if has_stem(sentence, CRIME) {
        "crime statistic"
    } else if has_stem(sentence, TARGET) || has_by_year(sentence) {
        "target or pledge"
    } else {
        "statistic"
    }
}

/// "by 2030": a deadline year.
fn has_by_year(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    lower.match_indices("by ").any(|(i, m)| {
        let year = lower.get(i + m.len()..i + m.len() + 4).unwrap_or("");
        year.len() == 4 && year.starts_with("20") && year.bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::find_figures;

    fn tag_of(sentence: &str, figure_text: &str) -> &'static str {
        let figures = find_figures(sentence);
        let f = figures
            .iter()
            .find(|f| f.text == figure_text)
            .unwrap_or_else(|| panic!("no {figure_text} in {figures:?}"));
        suggest_tag(sentence, f)
    }

    #[test]
    fn money_is_a_funding_total() {
        let s = "Up to £39 million has been allocated to 50 projects across England and Wales to protect victims from domestic abuse and stalking.";
        assert_eq!(tag_of(s, "£39 million"), "funding total");
    }

    #[test]
    fn migration_figures() {
        let s =
            "The ONS estimated that net migration was over 500,000 from June 2021 to June 2022.";
        assert_eq!(tag_of(s, "500,000"), "migration figure");
        let s = "Two members of an organised crime group who smuggled more than 40 migrants into the UK have been jailed.";
        assert_eq!(tag_of(s, "40"), "migration figure");
    }

    #[test]
    fn crime_statistics() {
        let s = "Many domestic abusers are repeat offenders with 83% of male offenders repeating their offences within a 6-month period.";
        assert_eq!(tag_of(s, "83%"), "crime statistic");
        let s = "Fraud is now the most common crime in the UK, with 1 in 15 of us falling victim, costing nearly £7 billion a year.";
        assert_eq!(tag_of(s, "1 in 15"), "crime statistic");
    }

    #[test]
    fn targets_and_pledges() {
        let s = "The proposals announced today do not detract from the success of the government’s International Education Strategy, including meeting the target to host 600,000 international higher education students studying in the UK each year by 2030, for two years running.";
        assert_eq!(tag_of(s, "600,000"), "target or pledge");
    }

    #[test]
    fn otherwise_a_statistic() {
        let s = "The Illegal Migration Bill recently passed through the House of Commons, with a majority of 289 votes to 230.";
        // "Migration" is in the sentence: a migration figure.
        assert_eq!(tag_of(s, "289"), "migration figure");
        let s = "It heard from over 6,000 brave people and considered 4.2 million pieces of written evidence.";
        assert_eq!(tag_of(s, "4.2 million"), "statistic");
    }
}
