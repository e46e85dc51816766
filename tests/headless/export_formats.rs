//! Bundles, CSV, HTML, W3C and REFI-QDA exports of a project made on the sample archive.

use std::path::{Path, PathBuf};

use pressmark::archive::Archive;
use pressmark::export::{self, bundle, csv, html, qdpx, w3c, ExportError};
use pressmark::project::{store, Anchor, Edit, Project};

const SAMPLE: &str = "assets/home-office-may-2023.txt";

use crate::common;

fn setup(dir: &Path) -> (Project, PathBuf, Archive) {
    let (mut project, project_path, archive) = common::tagged_sample_project(dir);
    let tag = project.codebook.by_name("migration figure").unwrap().id;
    // A claim on text with curly quotes, notes that try to run code.
    let r = archive
        .releases
        .iter()
        .find(|r| r.text.contains("UK’s"))
        .unwrap();
    let s = r.text.find("UK’s").unwrap();
    let funding = project.codebook.by_name("funding total").unwrap().id;
    let mut c = project.new_claim(
        &r.id,
        Anchor::from_range(&r.text, s, s + "UK’s Ukraine".len()),
        vec![funding, tag],
        1_683_000_100,
    );
    c.note = "=cmd|' /C calc'!A0 <script>alert(1)</script> &".into();
    Edit::AddClaim(c).apply(&mut project).unwrap();
    store::save(&project, &project_path).unwrap();
    (project, project_path, archive)
}

#[test]
fn bundle_round_trip_without_the_original_archive() {
    let a = tempfile::tempdir().unwrap();
    let (project, project_path, archive) = setup(a.path());
    let out = a.path().join("work.pressmark.zip");
    bundle::write_bundle(&project, &project_path, &out).unwrap();
    let moved = tempfile::tempdir().unwrap();
    let copy = moved.path().join("from-colleague.zip");
    std::fs::copy(&out, &copy).unwrap();
    drop(a); // The original archive is gone.
    let into = moved.path().join("opened");
    let (opened, archive_path) = bundle::open_bundle(&copy, &into).unwrap();
    assert!(archive_path.starts_with(&into));
    assert_eq!(opened.claims, project.claims);
    assert_eq!(opened.codebook, project.codebook);
    assert_eq!(opened.archive.sha256, project.archive.sha256);
    assert_eq!(opened.archive.path, PathBuf::from("home-office.txt"));
    assert_eq!(
        std::fs::read(&archive_path).unwrap(),
        std::fs::read(SAMPLE).unwrap()
    );
    let again = Archive::load(std::slice::from_ref(&archive_path)).unwrap();
    assert_eq!(again.releases.len(), archive.releases.len());
    // load_project_any takes the bundle too.
    let loaded = export::load_project_any(&copy).unwrap();
    assert!(loaded.from_bundle);
    assert_eq!(loaded.project.claims, project.claims);
}

fn evil_zip(path: &Path, name: &str) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = zip::write::SimpleFileOptions::default();
    zip.start_file("project.ron", o).unwrap();
    zip.write_all(b"()").unwrap();
    zip.start_file(name, o).unwrap();
    zip.write_all(b"owned").unwrap();
    zip.finish().unwrap();
}

#[test]
fn climbing_entries_are_refused() {
    let d = tempfile::tempdir().unwrap();
    for name in ["../evil", "/tmp/evil-abs", "a/../../evil"] {
        let path = d.path().join("evil.zip");
        evil_zip(&path, name);
        let into = d.path().join("in");
        let err = bundle::open_bundle(&path, &into).unwrap_err();
        assert!(
            matches!(err, ExportError::UnsafeEntry { .. }),
            "{name}: {err}"
        );
        assert!(!d.path().join("evil").exists());
        assert!(!into.exists(), "nothing is written for a refused bundle");
    }
    let damaged = d.path().join("damaged.zip");
    std::fs::write(&damaged, b"PK\x03\x04 not really a zip").unwrap();
    let err = bundle::open_bundle(&damaged, &d.path().join("x")).unwrap_err();
    assert!(matches!(err, ExportError::BadBundle { .. }), "{err}");
}

#[test]
fn csv_neutralises_formulas_and_imports_back() {
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive) = setup(d.path());
    let text = csv::csv_string(&project, &archive);
    let mut lines = text.split("\r\n");
    assert_eq!(lines.next().unwrap(), csv::CSV_HEADER.join(","));
    assert!(text.contains("'=cmd|"), "{text}");
    assert!(!text.contains(",=cmd"));
    assert!(text.contains("migration figure; funding total"));
    assert!(text.contains(",2023-05-02T04:00:00Z,"));
    // Everything is already present; into an empty project everything comes back.
    let same = export::import_csv(&text, &project, &archive).unwrap();
    assert_eq!((same.added, same.skipped), (0, project.claims.len()));
    let mut empty = Project::new(project.archive.clone(), "bo");
    let back = export::import_csv(&text, &empty, &archive).unwrap();
    assert!(back.unplaced.is_empty(), "{:?}", back.unplaced);
    assert_eq!(back.added, project.claims.len());
    back.edit.apply(&mut empty).unwrap();
    let quotes = |p: &Project| {
        let mut v: Vec<_> = p
            .claims
            .values()
            .map(|c| {
                (
                    c.release.clone(),
                    c.anchor.start,
                    c.anchor.exact.clone(),
                    c.note.clone(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(quotes(&empty), quotes(&project));
}

#[test]
fn html_escapes_user_text() {
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive) = setup(d.path());
    let html = html::html_string(&project, &archive);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("@media print"));
    let c = project.claims.values().next().unwrap();
    assert!(html.contains(&format!("href=\"#r-{}\"", c.release)));
    assert!(html.contains(&format!("id=\"r-{}\"", c.release)));
}

#[test]
fn w3c_positions_count_characters() {
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive) = setup(d.path());
    let out = d.path().join("claims.jsonld");
    w3c::write_w3c(&project, &archive, &out).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), project.claims.len());
    assert_eq!(v["total"], project.claims.len());
    // Positions count code points of the archive file itself (see export_exchange for a
    // client that resolves them from the specification).
    let text = std::fs::read_to_string(d.path().join("home-office.txt")).unwrap();
    for item in items {
        let release = item["target"]["pressmark:release"].as_str().unwrap();
        assert!(archive.release(release).is_some());
        let source = item["target"]["source"].as_str().unwrap();
        assert_eq!(source, format!("urn:sha256:{}", project.archive.sha256));
        let sel = item["target"]["selector"].as_array().unwrap();
        assert_eq!(sel[0]["type"], "TextQuoteSelector");
        assert_eq!(sel[1]["type"], "TextPositionSelector");
        let (s, e) = (
            sel[1]["start"].as_u64().unwrap() as usize,
            sel[1]["end"].as_u64().unwrap() as usize,
        );
        let quote: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(quote, sel[0]["exact"].as_str().unwrap());
        let bodies = item["body"].as_array().unwrap();
        assert!(bodies.iter().any(|b| b["purpose"] == "tagging"));
    }
    assert!(items.iter().any(|i| i["body"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["purpose"] == "commenting")));
}

#[test]
fn qdpx_parses_back_and_positions_select_the_quotes() {
    use quick_xml::events::Event;
    use std::io::Read;
    let d = tempfile::tempdir().unwrap();
    let (project, _, archive) = setup(d.path());
    let bytes = qdpx::qdpx_bytes(&project, &archive).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut codes, mut selections, mut coderefs) = (0, 0, 0);
    let mut current_source: Option<String> = None;
    let mut checked = 0;
    let attr = |e: &quick_xml::events::BytesStart, k: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == k)
            .map(|a| String::from_utf8(a.value.into_owned()).unwrap())
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"Project" => assert_eq!(attr(&e, b"xmlns").as_deref(), Some(qdpx::NAMESPACE)),
                b"Code" => codes += 1,
                b"CodeRef" => coderefs += 1,
                b"TextSource" => {
                    let path = attr(&e, b"plainTextPath").unwrap();
                    let g = path.strip_prefix("internal://").unwrap().to_owned();
                    assert_eq!(format!("{}.txt", attr(&e, b"guid").unwrap()), g);
                    let mut text = String::new();
                    zip.by_name(&format!("sources/{g}"))
                        .unwrap()
                        .read_to_string(&mut text)
                        .unwrap();
                    current_source = Some(text);
                }
                b"PlainTextSelection" => {
                    selections += 1;
                    let s: usize = attr(&e, b"startPosition").unwrap().parse().unwrap();
                    let en: usize = attr(&e, b"endPosition").unwrap().parse().unwrap();
                    let text = current_source.as_ref().unwrap();
                    let quote: String = text.chars().skip(s).take(en - s).collect();
                    assert!(
                        project.claims.values().any(|c| c.anchor.exact == quote),
                        "{quote}"
                    );
                    checked += 1;
                }
                _ => {}
            },
            _ => {}
        }
    }
    assert_eq!(codes, project.codebook.len());
    assert_eq!(selections, project.claims.len());
    assert_eq!(checked, selections);
    let tags: usize = project.claims.values().map(|c| c.tags.len()).sum();
    assert_eq!(coderefs, tags);
    // Stable GUIDs.
    assert_eq!(qdpx::project_qde(&project, &archive).len(), xml.len());
}

/// Runs `xmllint --schema` on `xml` against the REFI-QDA Project schema (QDA-XML 1.0,
/// `Project-mrt2019.xsd`) named by `REFI_QDA_XSD`. The schema is not shipped with the
/// project, so without it (or without xmllint) the check says so and is skipped: `None`.
fn refi_schema_check(xml: &str, dir: &Path) -> Option<Result<(), String>> {
    let Some(schema) = std::env::var_os("REFI_QDA_XSD") else {
        eprintln!("skipped: set REFI_QDA_XSD to the REFI-QDA Project-mrt2019.xsd to validate");
        return None;
    };
    let file = dir.join("project.qde");
    std::fs::write(&file, xml).unwrap();
    let run = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output();
    match run {
        Ok(o) if o.status.success() => Some(Ok(())),
        Ok(o) => Some(Err(String::from_utf8_lossy(&o.stderr).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: xmllint not found (apt-get install libxml2-utils)");
            None
        }
        Err(e) => panic!("cannot run xmllint: {e}"),
    }
}

#[test]
fn qdpx_validates_against_the_refi_qda_schema() {
    use std::io::Read;
    let d = tempfile::tempdir().unwrap();
    let (mut project, _, archive) = setup(d.path());
    // A nested code, a description, and a claim with several tags, so every part is written.
    let fund = project.codebook.by_name("funding total").unwrap().id;
    let mig = project.codebook.by_name("migration figure").unwrap().id;
    let mut nested = project.codebook.get(fund).unwrap().clone();
    nested.parent = Some(mig);
    nested.description = "Money <announced> & \"pledged\"".into();
    Edit::UpdateTag(nested).apply(&mut project).unwrap();
    let out = d.path().join("work.qdpx");
    qdpx::write_qdpx(&project, &archive, &out).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let Some(result) = refi_schema_check(&xml, d.path()) else {
        return;
    };
    if let Err(e) = result {
        panic!("project.qde does not validate against Project-mrt2019.xsd:\n{e}");
    }
    // A project whose codebook is empty and that has no claims is valid too.
    let mut bare = Project::new(project.archive.clone(), "");
    bare.codebook = Default::default();
    let bare_xml = qdpx::project_qde(&bare, &archive);
    if let Some(Err(e)) = refi_schema_check(&bare_xml, d.path()) {
        panic!("an empty project's project.qde does not validate:\n{e}");
    }
    // The check has teeth: a code without isCodable, or a malformed GUID, fails.
    for broken in [
        xml.replacen(" isCodable=\"true\"", "", 1),
        xml.replacen("guid=\"", "guid=\"x", 1),
    ] {
        assert!(
            matches!(refi_schema_check(&broken, d.path()), Some(Err(_))),
            "a broken project.qde validated"
        );
    }
}
