//! Quote attributions: "Graeme Biggar, Director General of the National Crime Agency, said:".

use super::release::Speaker;

const SAID: [&str; 7] = [
    " said:",
    " says:",
    " added:",
    " commented:",
    " explained:",
    " stated:",
    " continued:",
];

/// Words that mark a role rather than a name.
const ROLE_WORDS: [&str; 40] = [
    "Minister",
    "Secretary",
    "Commissioner",
    "Chief",
    "Director",
    "Executive",
    "Lead",
    "Police",
    "Council",
    "Government",
    "Inspector",
    "Constable",
    "Champion",
    "Chancellor",
    "Officer",
    "Head",
    "President",
    "Leader",
    "Deputy",
    "Assistant",
    "General",
    "Prime",
    "Home",
    "Office",
    "Chair",
    "Chairman",
    "Lord",
    "Lady",
    "Justice",
    "Security",
    "Education",
    "Immigration",
    "Safeguarding",
    "Crime",
    "Policing",
    "Mayor",
    "Agency",
    "Unit",
    "Service",
    "Foreign",
];

const SUFFIXES: [&str; 5] = ["MP", "QC", "KC", "OBE", "MBE"];

/// Parses a quote attribution line into the person quoted, or `None` if it is not one.
pub fn parse_attribution(line: &str) -> Option<Speaker> {
    if line.len() > 400 {
        return None;
    }
    let head = SAID.iter().find_map(|s| line.strip_suffix(s))?;
    let head = head.trim().trim_end_matches(',').trim();
    let segments: Vec<&str> = head
        .split(", ")
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.starts_with("which ") && !s.starts_with("who "))
        .collect();
    if segments.is_empty() {
        return None;
    }
    // A segment that is just a name ("Graeme Biggar", "Sarah Dines", "Anthony Browne MP").
    if let Some(i) = segments.iter().position(|s| is_name(strip_suffix(s))) {
        let name = strip_suffix(segments[i]).to_owned();
        let role: Vec<&str> = segments
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, s)| *s)
            .collect();
        return Some(Speaker {
            name,
            role: join_role(&role),
        });
    }
    // Otherwise the name ends a segment: "Home Secretary Suella Braverman".
    // Later segments first: "..., Assistant Commissioner Louisa Rolfe, said:".
    for (i, seg) in segments.iter().enumerate().rev() {
        let (before, after) = match seg.split_once(" from ") {
            Some((b, a)) => (b, Some(a)),
            None => (*seg, None),
        };
        let words: Vec<&str> = strip_suffix(before).split_whitespace().collect();
        if words.len() < 2 {
            continue;
        }
        let name_words = &words[words.len() - 2..];
        if !name_words.iter().all(|w| is_name_word(w)) {
            continue;
        }
        // "Lead for Domestic Abuse": a name follows a title, not a lower-case word; but a
        // title may be written in lower case ("Home office crime prevention minister Jeremy
        // Browne said:", Home Office, January 2013).
        let after_lower = words.len() > 2 && {
            let before = words[words.len() - 3];
            before.chars().next().is_some_and(char::is_lowercase)
                && !ROLE_WORDS.iter().any(|r| r.eq_ignore_ascii_case(before))
        };
        if after_lower {
            continue;
        }
        let name = name_words.join(" ");
        let mut role_here = words[..words.len() - 2].join(" ");
        if let Some(a) = after {
            if role_here.is_empty() {
                role_here = a.to_owned();
            } else {
                role_here = format!("{role_here}, {a}");
            }
        }
        let mut role: Vec<&str> = Vec::new();
        if !role_here.is_empty() {
            role.push(&role_here);
        }
        role.extend(
            segments
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| *s),
        );
        return Some(Speaker {
            name,
            role: join_role(&role),
        });
    }
    None
}

fn join_role(parts: &[&str]) -> Option<String> {
    let role = parts.join(", ");
    let role = role.trim().trim_end_matches(',').trim();
    (!role.is_empty()).then(|| role.to_owned())
}

fn strip_suffix(s: &str) -> &str {
    let mut s = s.trim();
    for suffix in SUFFIXES {
        if let Some(head) = s.strip_suffix(suffix) {
            if head.ends_with(' ') {
                s = head.trim_end();
            }
        }
    }
    s
}

fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    // A peer is named by title ("Rail Minister, Lord Hendy, who attended…, said:", DfT).
    if let [title, name] = words[..] {
        if PEERS.contains(&title) && is_name_word(name) {
            return true;
        }
    }
    (2..=3).contains(&words.len()) && words.iter().all(|w| is_name_word(w))
}

const PEERS: [&str; 3] = ["Lord", "Lady", "Baroness"];

fn is_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
        && !ROLE_WORDS.contains(&w)
        && !SUFFIXES.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(line: &str) -> (String, Option<String>) {
        let s = parse_attribution(line).unwrap();
        (s.name, s.role)
    }

    #[test]
    fn reads_the_samples_attributions() {
        assert_eq!(
            who("Home Secretary Suella Braverman said:"),
            ("Suella Braverman".into(), Some("Home Secretary".into()))
        );
        assert_eq!(
            who("Graeme Biggar, Director General of the National Crime Agency, said:"),
            (
                "Graeme Biggar".into(),
                Some("Director General of the National Crime Agency".into())
            )
        );
        assert_eq!(
            who("Safeguarding Minister, Sarah Dines said:"),
            ("Sarah Dines".into(), Some("Safeguarding Minister".into()))
        );
        assert_eq!(
            who("Immigration Minister Robert Jenrick, said:").0,
            "Robert Jenrick"
        );
        assert_eq!(
            who("Lord Chancellor and Justice Secretary Alex Chalk MP said:").0,
            "Alex Chalk"
        );
        assert_eq!(
            who("Anti-Fraud Champion, Anthony Browne MP said:").0,
            "Anthony Browne"
        );
        let (name, role) = who("Commissioner Angela McLaren from the City of London Police, which is the National Lead Force for fraud, said:");
        assert_eq!(name, "Angela McLaren");
        assert_eq!(
            role.as_deref(),
            Some("Commissioner, the City of London Police")
        );
        assert_eq!(
            who("National Police Chiefs’ Council Lead for Domestic Abuse, Assistant Commissioner Louisa Rolfe, said:").0,
            "Louisa Rolfe"
        );
        assert_eq!(
            who("West Midlands Police and Crime Commissioner, Simon Foster, said:").0,
            "Simon Foster"
        );
    }

    // Attributions from real releases beyond the sample (tests/fixtures/quotes/).
    #[test]
    fn reads_titles_in_lower_case_and_peers() {
        assert_eq!(
            who("Home office crime prevention minister Jeremy Browne said:").0,
            "Jeremy Browne"
        );
        assert_eq!(
            who("Rail Minister, Lord Hendy, who attended the breakthrough event, said:"),
            ("Lord Hendy".into(), Some("Rail Minister".into()))
        );
        assert_eq!(
            who("Minister for Prisons, Probation, and Reducing Reoffending, Lord James Timpson said:").0,
            "James Timpson"
        );
        // Still no name after a lower-case word that is not a title.
        assert_eq!(parse_attribution("Funding for Domestic Abuse said:"), None);
    }

    #[test]
    fn other_lines_are_not_attributions() {
        assert_eq!(parse_attribution("These include:"), None);
        assert_eq!(
            parse_attribution("The minister said the plan would work."),
            None
        );
    }
}
