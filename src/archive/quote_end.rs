//! Where a quote ends. The tag page marks a quote's start ("X said:") but not its end: the
//! quoted paragraphs run straight on into the release's own narrative. A speaker talks in
//! the first person ("we", "I", "our") far more than a press office does, and a press office
//! writes "The ..." and "the government" about itself; those signals decide it.

/// Whether a paragraph that follows a quoted one reads as the release's narrative rather than
/// more of the quote.
pub(crate) fn reads_as_narrative(text: &str) -> bool {
    if has_first_person(text) {
        return false;
    }
    let lower = text.to_lowercase();
    text.starts_with("The ")
        || mentions_the_government(&lower)
        || lower.contains("announced today")
        || lower.contains("the defendant")
}

/// Whether a paragraph opens in the first person ("We are…", "I hope…"): after a paragraph
/// taken for narrative, such a paragraph is the speaker again.
pub(crate) fn opens_in_first_person(text: &str) -> bool {
    words(text).next().is_some_and(is_first_person)
}

fn has_first_person(text: &str) -> bool {
    words(text).any(is_first_person)
}

fn is_first_person(word: &str) -> bool {
    // "I" only capitalised (not a roman numeral inside a title is rare enough); "US" is the
    // country, so "us" only in lower case.
    if word == "I" || word == "us" {
        return true;
    }
    let head = word.split(['’', '\'']).next().unwrap_or(word);
    if head == "I" {
        return true;
    }
    matches!(
        head.to_lowercase().as_str(),
        "we" | "our" | "ours" | "ourselves" | "my" | "me" | "myself"
    )
}

/// "the government" as the press office writes it, not "this government" as a minister says.
fn mentions_the_government(lower: &str) -> bool {
    lower.match_indices("the government").any(|(at, _)| {
        let after = lower[at + "the government".len()..].chars().next();
        let before = lower[..at].chars().next_back();
        !after.is_some_and(char::is_alphanumeric) && !before.is_some_and(char::is_alphanumeric)
    })
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '’' || c == '\''))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Paragraphs from the bundled sample (assets/home-office-may-2023.txt).
    #[test]
    fn the_press_office_voice_ends_a_quote() {
        for narrative in [
            "The Renault Master van driven by the defendant travelled by ferry from Dunkirk to Dover.",
            "The government has already awarded over £41 million to Police and Crime Commissioners across England and Wales to fund similar projects since 2020.",
            "This funding builds on the government’s measures to help tackle domestic abuse announced in February.",
            "In plans announced today, banks will be allowed to delay payments from being processed for longer.",
            "The Independent Inquiry, chaired by Professor Alexis Jay, spent seven years examining widespread failings.",
        ] {
            assert!(reads_as_narrative(narrative), "{narrative}");
        }
    }

    #[test]
    fn a_speaker_keeps_talking() {
        for quote in [
            "I would like to praise our Immigration Enforcement officers who are working around the clock.",
            "No-one should be risking their lives to come to the UK illegally, and today’s case sends a clear message to the smuggling gangs that they will feel the full weight of the law.",
            "It is unacceptable and this government is determined to protect people from this horrific abuse.",
            "The work we are undertaking on mandatory reporting is vital to fully address the concerns raised.",
            "The Scottish Government will continue to work closely with partners in the UK government, law enforcement, local government and Police Scotland – as we welcome delegates from around the world to Glasgow.",
            "The UK has a strong track record on tackling human trafficking and modern slavery, and it has been a privilege to meet with my Romanian counterparts.",
        ] {
            assert!(!reads_as_narrative(quote), "{quote}");
        }
    }

    #[test]
    fn first_person_openings() {
        assert!(opens_in_first_person(
            "We have a dedicated operation, together with key local partners."
        ));
        assert!(opens_in_first_person("I’m delighted."));
        assert!(!opens_in_first_person(
            "Interpol’s General Assembly meets annually."
        ));
        assert!(!opens_in_first_person("US officials met."));
    }
}
