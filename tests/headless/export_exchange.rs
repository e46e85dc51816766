//! Exports read by other tools (issue 15, "Exports that resolve without Pressmark"): what a
//! W3C client, an XML parser and a spreadsheet see, checked by reading the files as they
//! would, not through Pressmark.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use pressmark::export::{self, Format};
use pressmark::project::{store, Edit, Project};

use crate::common;

fn pressmark(args: &[&std::ffi::OsStr], cache: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .args(args)
        // A bundle is opened into the cache folder: keep it inside the test's folder.
        .env("XDG_CACHE_HOME", cache)
        .output()
        .unwrap()
}

fn ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The sample project with a note holding CR LF and a lone CR (as pasted from Windows and
/// classic Mac text), saved.
fn project_with_crs(dir: &Path) -> (Project, std::path::PathBuf) {
    let (mut project, project_path, _) = common::tagged_sample_project(dir);
    let mut claim = project.claims.values().next().unwrap().clone();
    claim.note = "First line\r\nsecond line\rthird".to_owned();
    Edit::UpdateClaim(claim).apply(&mut project).unwrap();
    store::save(&project, &project_path).unwrap();
    (project, project_path)
}

/// The text of every `<Description>` in `xml`, read as an XML 1.0 parser must: line ends
/// normalised (a raw CR becomes LF), references resolved.
fn descriptions(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == b"Description" => {
                current = Some(String::new());
            }
            Event::End(e) if e.local_name().as_ref() == b"Description" => {
                out.extend(current.take());
            }
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.xml10_content().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = current.as_mut() {
                    match r.resolve_char_ref().unwrap() {
                        Some(ch) => c.push(ch),
                        None => c.push(match r.decode().unwrap().as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => panic!("unknown entity {other}"),
                        }),
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn a_carriage_return_in_a_note_survives_the_qdpx() {
    let d = tempfile::tempdir().unwrap();
    let (_, project_path) = project_with_crs(d.path());
    let out = d.path().join("work.qdpx");
    ok(&pressmark(
        &[
            "export".as_ref(),
            project_path.as_os_str(),
            "--format".as_ref(),
            "qdpx".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
        d.path(),
    ));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(!xml.contains('\r'), "a raw CR in project.qde");
    let notes = descriptions(&xml);
    assert!(
        notes
            .iter()
            .any(|n| n == "First line\r\nsecond line\rthird"),
        "{notes:?}"
    );
}

#[test]
fn the_w3c_annotation_page_has_an_id() {
    let d = tempfile::tempdir().unwrap();
    let (_, project_path) = project_with_crs(d.path());
    let out = d.path().join("work.jsonld");
    ok(&pressmark(
        &[
            "export".as_ref(),
            project_path.as_os_str(),
            "--format".as_ref(),
            "w3c".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
        d.path(),
    ));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let page = &json["first"];
    assert_eq!(page["type"], "AnnotationPage");
    let id = page["id"].as_str().expect("the page has an id");
    // An IRI, not the collection's own.
    assert!(
        id.contains(':') && !id.contains(char::is_whitespace),
        "{id}"
    );
    assert_ne!(Some(id), json["id"].as_str());
}

/// The `source file` cells of a CSV written by the command line.
fn source_files(csv: &str) -> Vec<String> {
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "source file").unwrap();
    assert_eq!(
        column,
        header.len() - 2,
        "the cells are read from the right"
    );
    csv.split("\r\n")
        .skip(1)
        .filter(|r| !r.is_empty())
        .map(|r| r.rsplitn(3, ',').nth(1).unwrap().to_owned())
        .collect()
}

#[test]
fn a_csv_made_from_a_bundle_names_the_archive_not_the_cache() {
    let d = tempfile::tempdir().unwrap();
    let (project, project_path, _) = common::tagged_sample_project(d.path());
    let bundle = d.path().join("work.pressmark.zip");
    let csv = d.path().join("from-bundle.csv");
    let cache = d.path().join("cache");
    for (input, format, out) in [(&project_path, "bundle", &bundle), (&bundle, "csv", &csv)] {
        ok(&pressmark(
            &[
                "export".as_ref(),
                input.as_os_str(),
                "--format".as_ref(),
                format.as_ref(),
                "--out".as_ref(),
                out.as_os_str(),
            ],
            &cache,
        ));
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    let sources = source_files(&text);
    assert_eq!(sources.len(), project.claims.len());
    for s in sources {
        assert_eq!(s, "home-office.txt", "{text}");
    }
}

#[test]
fn csv_for_excel_is_the_csv_after_a_byte_order_mark() {
    let d = tempfile::tempdir().unwrap();
    let (project, project_path) = project_with_crs(d.path());
    let plain = d.path().join("plain.csv");
    let excel = d.path().join("excel.csv");
    for (format, out) in [("csv", &plain), ("csv-excel", &excel)] {
        ok(&pressmark(
            &[
                "export".as_ref(),
                project_path.as_os_str(),
                "--format".as_ref(),
                format.as_ref(),
                "--out".as_ref(),
                out.as_os_str(),
            ],
            d.path(),
        ));
    }
    let plain = std::fs::read(&plain).unwrap();
    let excel = std::fs::read(&excel).unwrap();
    assert_eq!(&excel[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel[3..], &plain[..]);
    assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
    // Pressmark reads it back.
    let archive = pressmark::archive::Archive::load(&[d.path().join("home-office.txt")]).unwrap();
    let text = String::from_utf8(excel).unwrap();
    let back = export::import_csv(&text, &project, &archive).unwrap();
    assert_eq!(back.skipped, project.claims.len());
    assert!(Format::from_name("csv-excel").is_some());
}
