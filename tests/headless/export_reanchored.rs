//! Exports after the archive changed: every export places the claims in the archive as it
//! is now (issue 16 item 6), or refuses, naming the claims it cannot place.
//!
//! The project is made on the bundled sample; then a real paragraph of the sample ("Fraud
//! has grown to be the biggest form of crime ...") is inserted twice: at the start of the
//! first release, before the "net migration" claims, and in the fraud strategy release
//! before "£400 million". Each export is then checked against the edited file's own text.

use std::io::Read;
use std::path::{Path, PathBuf};

use pressmark::archive::Archive;
use pressmark::export::{self, Format};
use pressmark::project::{store, Anchor, Edit, Project};

use crate::common;

const INSERTED: &str = "    Fraud has grown to be the biggest form of crime in the UK, causing financial and emotional distress to millions of people.\n\n";

/// A project on a copy of the sample (every "net migration" and "£400 million" claimed),
/// saved at `dir/work.ron`; then the copy is edited as the module says. Returns the project
/// as saved, its path, the archive's path and the edited archive.
fn moved_project(dir: &Path) -> (Project, PathBuf, PathBuf, Archive) {
    let (mut project, project_path, archive) = common::tagged_sample_project(dir);
    let funding = project.codebook.by_name("funding total").unwrap().id;
    let r = archive
        .releases
        .iter()
        .find(|r| r.text.contains("£400 million"))
        .unwrap();
    let s = r.text.find("£400 million").unwrap();
    let c = project.new_claim(
        &r.id,
        Anchor::from_range(&r.text, s, s + "£400 million".len()),
        vec![funding],
        1_683_000_100,
    );
    Edit::AddClaim(c).apply(&mut project).unwrap();
    store::save(&project, &project_path).unwrap();

    let archive_path = dir.join("home-office.txt");
    let mut text = std::fs::read_to_string(&archive_path).unwrap();
    for before in [
        "    New government restrictions to student visa routes",
        "    Today’s plans build on action already taken",
    ] {
        let at = text.find(before).expect("in the sample");
        text.insert_str(at, INSERTED);
    }
    std::fs::write(&archive_path, &text).unwrap();
    let edited = Archive::load(std::slice::from_ref(&archive_path)).unwrap();
    (project, project_path, archive_path, edited)
}

/// Runs `export` as the command line does (the library's one entry point).
fn export_to(
    project: &Project,
    archive_path: &Path,
    archive: &Archive,
    format: Format,
    out: &Path,
) -> Result<(), export::ExportError> {
    export::export(format, project, archive_path, archive, out)
}

/// The quotes of the project's claims, sorted.
fn quotes(project: &Project) -> Vec<String> {
    let mut q: Vec<String> = project
        .claims
        .values()
        .map(|c| c.anchor.exact.clone())
        .collect();
    q.sort();
    q
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn html_marks_the_claimed_words_after_a_paragraph_is_inserted() {
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive_path, archive) = moved_project(d.path());
    let out = d.path().join("report.html");
    export_to(&project, &archive_path, &archive, Format::Html, &out).unwrap();
    let html = std::fs::read_to_string(&out).unwrap();
    // The release texts mark each claim as `<a href="#c-N"><mark>WORDS</mark></a>`.
    let mut marked = Vec::new();
    for part in html.split("<a href=\"#c-").skip(1) {
        let Some(rest) = part.split_once("\"><mark>") else {
            continue;
        };
        let words = rest.1.split("</mark>").next().unwrap();
        marked.push(unescape(words));
    }
    marked.sort();
    assert_eq!(marked, quotes(&project), "what the report marks");
}

#[test]
fn csv_lines_point_at_the_quote_after_a_paragraph_is_inserted() {
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive_path, archive) = moved_project(d.path());
    let out = d.path().join("claims.csv");
    export_to(&project, &archive_path, &archive, Format::Csv, &out).unwrap();
    let csv = std::fs::read_to_string(&out).unwrap();
    let file = std::fs::read_to_string(&archive_path).unwrap();
    let lines: Vec<&str> = file.lines().collect();
    let mut rows = 0;
    for row in csv.split("\r\n").skip(1).filter(|r| !r.is_empty()) {
        // No cell of these rows holds a comma inside quotes except the title: read from
        // the right.
        let cells: Vec<&str> = row.rsplitn(3, ',').collect();
        let line: usize = cells[0].parse().unwrap();
        let quote = if row.contains("£400 million") {
            "£400 million"
        } else {
            "net migration"
        };
        assert!(
            lines[line - 1].contains(quote),
            "line {line} ({:?}) does not hold {quote:?}",
            lines[line - 1]
        );
        rows += 1;
    }
    assert_eq!(rows, project.claims.len());
}

#[test]
fn w3c_positions_select_the_quote_after_a_paragraph_is_inserted() {
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive_path, archive) = moved_project(d.path());
    let out = d.path().join("claims.jsonld");
    export_to(&project, &archive_path, &archive, Format::W3c, &out).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let items = json["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), project.claims.len());
    // Positions count code points of the edited archive file; the quote there, read as
    // words, is the claim's.
    let file: Vec<char> = std::fs::read_to_string(&archive_path)
        .unwrap()
        .chars()
        .collect();
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut selected = Vec::new();
    for item in items {
        let target = &item["target"];
        assert!(archive
            .release(target["pressmark:release"].as_str().unwrap())
            .is_some());
        let selectors = target["selector"].as_array().unwrap();
        let exact = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap()["exact"]
            .as_str()
            .unwrap();
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        let at: String = file[start..end].iter().collect();
        assert_eq!(at, exact, "{}", item["id"]);
        selected.push(words(&at));
    }
    selected.sort();
    assert_eq!(selected, quotes(&project));
}

#[test]
fn qdpx_selections_select_the_quote_after_a_paragraph_is_inserted() {
    use quick_xml::events::Event;
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive_path, archive) = moved_project(d.path());
    let out = d.path().join("claims.qdpx");
    export_to(&project, &archive_path, &archive, Format::Qdpx, &out).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let attr = |e: &quick_xml::events::BytesStart, k: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == k)
            .map(|a| String::from_utf8(a.value.into_owned()).unwrap())
    };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut source = String::new();
    let mut selected = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"TextSource" => {
                    let g = attr(&e, b"guid").unwrap();
                    source.clear();
                    zip.by_name(&format!("sources/{g}.txt"))
                        .unwrap()
                        .read_to_string(&mut source)
                        .unwrap();
                }
                b"PlainTextSelection" => {
                    let s: usize = attr(&e, b"startPosition").unwrap().parse().unwrap();
                    let en: usize = attr(&e, b"endPosition").unwrap().parse().unwrap();
                    selected.push(source.chars().skip(s).take(en - s).collect::<String>());
                }
                _ => {}
            },
            _ => {}
        }
    }
    selected.sort();
    assert_eq!(selected, quotes(&project));
}

#[test]
fn a_bundle_of_a_moved_project_opens_with_its_claims_in_place() {
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive_path, archive) = moved_project(d.path());
    let out = d.path().join("work.pressmark.zip");
    export_to(&project, &archive_path, &archive, Format::Bundle, &out).unwrap();
    // The colleague opens it: the archive's hash is the one recorded, and every claim sits
    // exactly where its anchor says.
    let into = d.path().join("opened");
    let (opened, opened_archive) = export::open_bundle(&out, &into).unwrap();
    let archive = Archive::load(std::slice::from_ref(&opened_archive)).unwrap();
    let placed = pressmark::project::reanchor(&opened, &archive);
    let counts = placed.counts();
    assert_eq!(counts.exact, project.claims.len(), "{counts:?}");
    assert_eq!(quotes(&opened), quotes(&project));
}

#[test]
fn exports_refuse_claims_that_cannot_be_placed_and_say_which() {
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive_path, _) = moved_project(d.path());
    // The bullet with "£400 million" is deleted from the archive.
    let text = std::fs::read_to_string(&archive_path).unwrap();
    let bullet = "    • investing £400 million for law enforcement to tackle economic crime, including fraud, over the next 3 years\n";
    assert!(text.contains(bullet));
    std::fs::write(&archive_path, text.replacen(bullet, "", 1)).unwrap();
    let archive = Archive::load(std::slice::from_ref(&archive_path)).unwrap();
    let orphan = project
        .claims
        .values()
        .find(|c| c.anchor.exact == "£400 million")
        .unwrap()
        .id;
    for format in Format::ALL {
        let out = d.path().join(format!("out.{}", format.extension()));
        let err = export_to(&project, &archive_path, &archive, format, &out)
            .expect_err("an orphaned claim refuses the export");
        let message = err.to_string();
        assert!(
            message.contains(&format!("claim {} \"£400 million\"", orphan.0)),
            "{}: {message}",
            format.name()
        );
        assert!(message.contains("1 claim cannot be placed"), "{message}");
        assert!(!out.exists(), "{}: nothing written", format.name());
    }
}
