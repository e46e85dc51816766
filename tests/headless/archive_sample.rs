//! The bundled sample, read end to end.

use std::path::{Path, PathBuf};

use pressmark::archive::{row_amount, split_cells, Archive, BlockKind, Kind};

fn sample() -> Archive {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    Archive::load(&[path]).expect("the sample loads")
}

#[test]
fn reads_ten_releases_with_dates_and_departments() {
    let a = sample();
    assert_eq!(a.releases.len(), 10);
    let dates: Vec<String> = a
        .releases
        .iter()
        .map(|r| r.date.unwrap().to_string())
        .collect();
    assert_eq!(
        dates,
        [
            "2023-05-23",
            "2023-05-22",
            "2023-05-22",
            "2023-05-18",
            "2023-05-16",
            "2023-05-11",
            "2023-05-11",
            "2023-05-11",
            "2023-05-10",
            "2023-05-03"
        ]
    );
    for r in &a.releases {
        assert_eq!(r.department.as_deref(), Some("Home Office"));
        assert_eq!(r.kind, Kind::PressRelease);
        assert_eq!(&*r.section, "Home Office");
    }
    assert_eq!(
        a.releases[0].title,
        "Changes to student visa route will reduce net migration"
    );
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn reads_the_speakers_of_each_release() {
    let a = sample();
    let speakers: Vec<Vec<&str>> = a.releases.iter().map(|r| r.speaker_names()).collect();
    assert_eq!(speakers[0], ["Suella Braverman", "Gillian Keegan"]);
    assert_eq!(
        speakers[1],
        ["Rishi Sunak", "Suella Braverman", "Gillian Keegan"]
    );
    assert_eq!(
        speakers[2],
        ["Tom Tugendhat", "Angela Constance", "Graeme Biggar"]
    );
    assert_eq!(speakers[3], ["Sarah Dines"]);
    assert_eq!(speakers[4], ["Ben Thomas"]);
    assert_eq!(speakers[5], ["Robert Jenrick", "Chris Foster"]);
    assert_eq!(speakers[6], ["Chris Philp", "Rob Hessell", "Lisa Healings"]);
    assert_eq!(
        speakers[7],
        [
            "Sarah Dines",
            "Andy Hill",
            "Louisa Rolfe",
            "Simon Foster",
            "Jo Todd"
        ]
    );
    assert_eq!(speakers[8], ["Suella Braverman", "Alex Chalk"]);
    assert_eq!(
        speakers[9],
        [
            "Rishi Sunak",
            "Suella Braverman",
            "Anthony Browne",
            "Graeme Biggar",
            "Angela McLaren"
        ]
    );
    let braverman = &a.releases[0].speakers[0];
    assert_eq!(braverman.display(), "Suella Braverman — Home Secretary");
}

#[test]
fn the_funding_table_has_27_amounts() {
    let a = sample();
    let r = &a.releases[7];
    let rows: Vec<&str> = r
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| r.block_text(b))
        .collect();
    let amounts: Vec<&str> = rows
        .iter()
        .filter_map(|row| row_amount(row).map(|(s, e)| &row[s..e]))
        .collect();
    assert_eq!(amounts.len(), 27);
    assert_eq!(amounts[0], "£ 1,230,500.00");
    assert!(amounts.contains(&"£ 762, 033.00"));
    let pence: u64 = amounts
        .iter()
        .map(|a| {
            a.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    assert_eq!(pence, 3_956_457_400);
    // The header row and an amount row split into cells.
    assert_eq!(
        rows[0],
        "Successful applicants Project descriptions Indicative funding"
    );
    let essex = rows.iter().find(|r| r.starts_with("Essex")).unwrap();
    assert_eq!(split_cells(essex).last(), Some(&"£ 1,687,170.00"));
    // Derbyshire's amount stands on its own line: the row spans three lines.
    let derbyshire = rows.iter().find(|r| r.starts_with("Derbyshire")).unwrap();
    assert_eq!(derbyshire.lines().count(), 3);
    assert!(derbyshire.ends_with("£ 1,389,150.00"));
}

#[test]
fn structure_has_bullets_and_quotes() {
    let a = sample();
    let r = &a.releases[1];
    let bullets = r
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Bullet)
        .count();
    assert_eq!(bullets, 5);
    let first_quote = r
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Quote)
        .unwrap();
    let who = &r.speakers[usize::from(first_quote.speaker.unwrap())];
    assert_eq!(who.name, "Rishi Sunak");
    assert_eq!(who.role.as_deref(), Some("Prime Minister"));
}

/// The quoted paragraphs of `title`'s release, as (speaker's name, first words).
fn quotes_of(a: &Archive, title: &str) -> Vec<(String, String)> {
    let r = a
        .releases
        .iter()
        .find(|r| r.title.starts_with(title))
        .unwrap();
    r.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Quote)
        .map(|b| {
            let who = &r.speakers[usize::from(b.speaker.unwrap())].name;
            let words: Vec<&str> = r.text[b.start as usize..b.end as usize]
                .split(' ')
                .take(3)
                .collect();
            (who.clone(), words.join(" "))
        })
        .collect()
}

#[test]
fn a_quote_ends_where_the_release_resumes_its_own_voice() {
    let a = sample();
    let q = |who: &str, words: &str| (who.to_string(), words.to_string());
    // Jenrick's three paragraphs; the court narrative after them is not his.
    assert_eq!(
        quotes_of(&a, "Driver who smuggled"),
        [
            q("Robert Jenrick", "These criminal and"),
            q("Robert Jenrick", "I would like"),
            q("Robert Jenrick", "No-one should be"),
            q("Chris Foster", "Criminals should be"),
            q("Chris Foster", "I hope this"),
        ]
    );
    // "The government has already awarded…" closes the Assistant Chief Constable's quote.
    let stalking = quotes_of(&a, "Stalkers and domestic abusers");
    assert!(stalking.contains(&q("Andy Hill", "We will also")));
    assert!(!stalking.iter().any(|(_, w)| w == "The government has"));
    // A paragraph taken for narrative, then "We have…": the speaker is talking again.
    let monkey = quotes_of(&a, "Government seeks advice");
    assert!(monkey.contains(&q("Rob Hessell", "We have a")));
    assert!(!monkey.iter().any(|(_, w)| w == "The ACMD will"));
}

#[test]
fn canonical_offsets_map_back_to_the_source() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    let source = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let a = sample();
    for r in &a.releases {
        for needle in ["£", "said:", "migration", "Home Office"] {
            for (off, _) in r.text.match_indices(needle) {
                let (line, col) = r.source_position(off);
                let src_line = lines[line as usize - 1];
                let at: String = src_line.chars().skip(col as usize - 1).collect();
                assert!(at.starts_with(needle), "{} at {line}:{col}", r.id);
            }
        }
    }
}

#[test]
fn ids_are_stable_across_reads_and_removals() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let a = Archive::parse_str(&text, &path).unwrap();
    let b = sample();
    let ids = |a: &Archive| a.releases.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
    // Remove the first release: the others keep their ids.
    let cut = text.find("  • PRESS RELEASE : Child sexual abuse").unwrap();
    let rest = format!("Tag: Home Office\n\n{}", &text[cut..]);
    let c = Archive::parse_str(&rest, &PathBuf::from("cut.txt")).unwrap();
    assert_eq!(ids(&c)[..], ids(&a)[1..]);
}
