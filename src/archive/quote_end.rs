//! Where a quote ends. The tag page marks a quote's start ("X said:") but not its end: the
//! quoted paragraphs run straight on into the release's own narrative. A speaker talks in
//! the first person ("we", "I", "our") far more than a press office does, and a press office
//! writes "The ...", "the government", "This comes as ..." and "On Wednesday, ..." about
//! itself and others; those signals decide it. Checked by hand on the sample and on 22 real
//! releases and speeches (tests/fixtures/quotes/).

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Whether the paragraph `text`, which follows a quoted one, ends the quote. `marked` says the
/// quote opened with a quotation mark.
pub(crate) fn ends_quote(text: &str, marked: bool) -> bool {
    // Where the release marks its quotes (‘Distorted information…), every quoted paragraph
    // opens with a mark, so a paragraph without one is the release talking again.
    (marked && !opens_with_quote_mark(text)) || reads_as_narrative(text)
}

/// Whether a paragraph opens with a quotation mark.
pub(crate) fn opens_with_quote_mark(text: &str) -> bool {
    text.starts_with(['‘', '“', '"', '\''])
}

/// Whether a paragraph that follows a quoted one reads as the release's narrative rather than
/// more of the quote.
pub(crate) fn reads_as_narrative(text: &str) -> bool {
    // The cheap signals first: most quoted paragraphs have none, and parsing stays fast
    // (a plain `str::contains` per marker cost a third of the parser's throughput).
    if is_heading(text) {
        return true;
    }
    let voiced = text.starts_with("The ")
        || opens_with_a_link(text)
        || mentions_the_government(text)
        || MARKERS.iter().any(|m| m.find(text.as_bytes()).is_some());
    voiced && !has_first_person(text)
}

/// A heading ("Background", "Notes to editors"): a few words with no sentence's end. Quoted
/// paragraphs are sentences; one without a full stop is long (Brokenshire's "…a number of
/// proposals").
fn is_heading(text: &str) -> bool {
    text.len() <= 40
        && !text.ends_with(['.', '!', '?', ':', ';', ',', '’', '”', '"', '\'', '…', ')'])
        && text.split_whitespace().count() <= 5
        && !has_first_person(text)
}

/// Openings with which a press office ties what was said to the news around it: "This comes
/// as the UK has seen…", "It follows a survey…", "This follows a swift investigation…", "This
/// marks a key step…", "Today’s news represents…" (MoD, DESNZ, Home Office, MoJ releases), and
/// a day named to recount events: "On Wednesday, the Defence Secretary confirmed…".
fn opens_with_a_link(text: &str) -> bool {
    // Most paragraphs are rejected on their first byte.
    if !matches!(text.as_bytes().first(), Some(b'T' | b'I' | b'O')) {
        return false;
    }
    const OPENINGS: [&str; 6] = [
        "This comes as ",
        "It comes as ",
        "This follows ",
        "It follows ",
        "This marks ",
        "Today’s news ",
    ];
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    OPENINGS.iter().any(|o| text.starts_with(o))
        || text
            .strip_prefix("On ")
            .is_some_and(|rest| DAYS.iter().any(|d| rest.starts_with(d)))
}

/// Phrases of the press office's voice: what was "announced today", "the defendant" in a court
/// case, and the impersonal "it is believed the schemes can help…" (DWP) and "It is estimated
/// that the funding…" (Home Office).
static MARKERS: LazyLock<[Finder<'static>; 4]> = LazyLock::new(|| {
    [
        Finder::new("announced today"),
        Finder::new("the defendant"),
        Finder::new("is believed"),
        Finder::new("is estimated"),
    ]
});
static GOVERNMENT: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("overnment"));

/// Whether a paragraph opens in the first person ("We are…", "I hope…"): after a paragraph
/// taken for narrative, such a paragraph is the speaker again.
pub(crate) fn opens_in_first_person(text: &str) -> bool {
    words(text).next().is_some_and(is_first_person)
}

fn has_first_person(text: &str) -> bool {
    words(text).any(is_first_person)
}

fn is_first_person(word: &str) -> bool {
    // Most words are rejected on their first letter and length, before anything else.
    if word.len() > 12
        || !matches!(
            word.as_bytes().first(),
            Some(b'I' | b'w' | b'W' | b'o' | b'O' | b'm' | b'M' | b'u')
        )
    {
        return false;
    }
    // "I" only capitalised; "US" is the country, so "us" only in lower case.
    if word == "I" || word == "us" {
        return true;
    }
    let head = word.split(['’', '\'']).next().unwrap_or(word);
    head == "I"
        || ["we", "our", "ours", "ourselves", "my", "me", "myself"]
            .iter()
            .any(|w| head.eq_ignore_ascii_case(w))
}

/// "the government" as the press office writes it, not "this government" as a minister says.
fn mentions_the_government(text: &str) -> bool {
    let bytes = text.as_bytes();
    GOVERNMENT.find_iter(bytes).any(|at| {
        // "overnment" follows "the G"/"the g" (any case of "the"), and ends the word.
        let before = at.checked_sub(5).and_then(|s| text.get(s..at));
        let article = before.is_some_and(|b| {
            b.get(..4).is_some_and(|t| t.eq_ignore_ascii_case("the ")) && b.ends_with(['g', 'G'])
        });
        let start_ok = at
            .checked_sub(5)
            .and_then(|s| text.get(..s))
            .is_some_and(|t| t.chars().next_back().is_none_or(|c| !c.is_alphanumeric()));
        let end_ok = text
            .get(at + "overnment".len()..)
            .and_then(|t| t.chars().next())
            .is_none_or(|c| !c.is_alphanumeric());
        article && start_ok && end_ok
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

    // Paragraphs from real releases beyond the sample (tests/fixtures/quotes/).
    #[test]
    fn links_days_and_headings_end_a_quote() {
        for narrative in [
            "This comes as the UK has seen a 30% increase in Russian vessels threatening UK waters in the past two years.",
            "On Wednesday, the Defence Secretary confirmed that Russian spy ship Yantar – used for gathering intelligence and mapping undersea cables – was operating on the edge of UK waters north of Scotland.",
            "By supporting these schemes to invest surplus in UK productive finance assets, it is believed the schemes can help boost the UK’s leading position as a leading financial centre, creating wealth to help fund public services.",
            "Background",
        ] {
            assert!(reads_as_narrative(narrative), "{narrative}");
        }
        for quote in [
            "This is the necessary first step to addressing the issues of greatest public concern - health, education and other public services in Northern Ireland.",
            "Over 15 million Britons are living with a long term health condition , and busy lives and desk jobs make it difficult to live healthily. But just making a few small changes will have significant benefits to people’s health now and in later life.",
            "Since then I have been working intensively with the political parties and with the Irish government to find a way forward, including putting forward a number of proposals",
            "On Wednesday we met the families.",
            "Urgent progress is required.",
        ] {
            assert!(!reads_as_narrative(quote), "{quote}");
        }
    }

    #[test]
    fn a_marked_quote_ends_at_a_paragraph_without_a_mark() {
        assert!(!ends_quote(
            "‘We know FRANK works, 67 per cent of young people say they would use it.’",
            true
        ));
        assert!(ends_quote(
            "One advert depicts a group of butchers passing around a ‘joint’ of meat at a party.",
            true
        ));
        // Unmarked quotes are left to the other signals.
        assert!(!ends_quote(
            "One advert depicts a group of butchers passing around a ‘joint’ of meat at a party.",
            false
        ));
    }

    #[test]
    fn the_government_but_not_this_one() {
        assert!(mentions_the_government(
            "This funding builds on the government’s measures."
        ));
        assert!(mentions_the_government("The Government has listened."));
        assert!(!mentions_the_government(
            "this government is determined to protect people"
        ));
        assert!(!mentions_the_government(
            "cooperation between both governments"
        ));
        assert!(!mentions_the_government("breathe government"));
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
