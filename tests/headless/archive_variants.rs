//! Archive variants: sections, kinds, dating lines, missing dates, odd bytes and bad input.

use std::path::{Path, PathBuf};

use pressmark::archive::{Archive, ArchiveError, Kind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archives")
        .join(name)
}

fn sample_text() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn reads_every_variant_of_entry_and_dating_line() {
    let a = Archive::load(&[fixture("variants.txt")]).unwrap();
    let r = &a.releases;
    assert_eq!(r.len(), 6);

    assert_eq!(r[0].kind, Kind::HistoricPressRelease);
    assert_eq!(r[0].date.unwrap().to_string(), "1998-08-11");
    assert_eq!(r[0].department.as_deref(), Some("HM Treasury"));
    assert_eq!(&*r[0].section, "Press Release");

    assert_eq!(
        r[1].title,
        "Rishi Sunak – 2021 Comments on the Household Support Fund"
    );
    assert_eq!(r[1].kind, Kind::Comments);
    assert_eq!(r[1].date.unwrap().to_string(), "2021-09-30");
    assert_eq!(r[1].speaker_names(), ["Rishi Sunak"]);
    assert_eq!(
        r[1].speakers[0].role.as_deref(),
        Some("Chancellor of the Exchequer")
    );

    assert_eq!(r[2].date, None);
    assert_eq!(r[2].kind, Kind::Announcement);

    assert_eq!(r[3].kind, Kind::Speech);
    assert_eq!(&*r[3].section, "Press Releases");
    assert_eq!(r[3].date.unwrap().to_string(), "2025-11-26");
    assert_eq!(r[3].speaker_names(), ["Ed Davey"]);

    assert_eq!(r[4].date.unwrap().to_string(), "2023-05");

    let messages: Vec<(u32, &str)> = a
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    let line_of = |title: &str| r.iter().find(|x| x.title.starts_with(title)).unwrap().line;
    assert!(messages.contains(&(
        line_of("Illegal migration"),
        "no date: the entry has neither a dating line nor a [Month Year] in its title"
    )));
    assert!(messages.contains(&(
        line_of("Header with no body"),
        "entry has a title but no text"
    )));
    assert!(messages.iter().any(|(_, m)| m.contains("cut off")));
}

#[test]
fn crlf_bom_tabs_and_nbsp_read_like_the_original() {
    let text = sample_text();
    let plain = Archive::parse_str(&text, Path::new("a.txt")).unwrap();
    let messy: String = format!("\u{feff}{text}")
        .replace("    The ", "\t The ")
        .replace("migration", "migration\u{a0}")
        .replace('\n', "  \r\n");
    let messy = messy.replace("net migration\u{a0} was", "net\u{a0}migration was");
    let m = Archive::parse_str(&messy, Path::new("b.txt")).unwrap();
    assert_eq!(m.releases.len(), plain.releases.len());
    for (a, b) in plain.releases.iter().zip(&m.releases) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.date, b.date);
        assert_eq!(a.speaker_names(), b.speaker_names());
        assert_eq!(a.blocks.len(), b.blocks.len(), "{}", a.title);
    }
    assert!(m.releases[0]
        .text
        .contains("net migration was over 500,000"));
}

#[test]
fn pages_appended_keep_their_sections_and_line_numbers() {
    let text = sample_text();
    let twice = format!("{text}\nCategory: Press Releases\n\n{text}");
    let a = Archive::parse_str(&twice, Path::new("twice.txt")).unwrap();
    assert_eq!(a.releases.len(), 20);
    assert_eq!(&*a.releases[12].section, "Home Office");
    assert_eq!(a.releases[10].line, 3 + text.lines().count() as u32 + 2);
    // The same release twice: the second gets its own id.
    assert_eq!(a.releases[10].id, format!("{}-2", a.releases[0].id));
}

#[test]
fn bad_input_gives_clear_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let empty = write("empty.txt", b"");
    assert!(matches!(
        Archive::load(&[empty]),
        Err(ArchiveError::Empty { .. })
    ));

    let mut binary = vec![0u8, 1, 2, 3, 255, 254];
    binary.extend((0..5000u32).map(|i| (i * 7 % 256) as u8));
    let binary = write("data.bin", &binary);
    let err = Archive::load(&[binary]).unwrap_err();
    assert!(err.to_string().contains("not a text file"), "{err}");

    let prose = write(
        "notes.txt",
        b"Just some notes.\nNothing like a press release here.\n",
    );
    let err = Archive::load(&[prose]).unwrap_err();
    assert!(
        err.to_string().contains("not a press-release archive"),
        "{err}"
    );

    let missing = dir.path().join("missing.txt");
    let err = Archive::load(&[missing]).unwrap_err();
    assert!(err.to_string().contains("no such file"), "{err}");
}

#[test]
fn truncated_invalid_utf8_and_huge_lines_are_read_with_warnings() {
    let text = sample_text();
    // Cut mid-word in the middle of a release.
    let cut = text.find("unprecedented rise").unwrap() + 6;
    let a = Archive::parse_str(&text[..cut], Path::new("cut.txt")).unwrap();
    assert_eq!(a.releases.len(), 1);
    assert!(a.warnings.iter().any(|w| w.message.contains("cut off")));

    // Invalid UTF-8 in line 7: read, with a warning that gives the line.
    let mut bytes = text.clone().into_bytes();
    let at = text.find("23 May 2023").unwrap();
    bytes[at] = 0xFF;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin.txt");
    std::fs::write(&p, &bytes).unwrap();
    let a = Archive::load(&[p]).unwrap();
    assert_eq!(a.releases.len(), 10);
    assert!(a
        .warnings
        .iter()
        .any(|w| w.line == 7 && w.message.contains("not valid UTF-8")));

    // A 20 MB line in a body.
    let huge = "word ".repeat(4_000_000);
    let big = text.replacen(
        "    The ONS estimated",
        &format!("    {huge}\n\n    The ONS estimated"),
        1,
    );
    let a = Archive::parse_str(&big, Path::new("huge.txt")).unwrap();
    assert_eq!(a.releases.len(), 10);
    assert!(a.releases[0].text.len() > 20_000_000);
}

#[test]
fn text_before_the_first_entry_is_reported() {
    let text = format!("Home Office news page\n{}", sample_text());
    let a = Archive::parse_str(&text, Path::new("x.txt")).unwrap();
    assert_eq!(a.warnings.len(), 1);
    assert_eq!(a.warnings[0].line, 1);
}
