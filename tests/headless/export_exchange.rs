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
        .map(|r| r.rsplit(',').nth(1).unwrap().to_owned())
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

// ---- A W3C client written from the Web Annotation Data Model, not from Pressmark ----

/// The resource a `source` IRI names among the files the recipient holds:
/// `urn:sha256:<hex>` is the file whose bytes have that SHA-256.
fn resource<'a>(source: &str, held: &'a [(String, Vec<u8>)]) -> Option<&'a (String, Vec<u8>)> {
    use sha2::{Digest, Sha256};
    let hex = source.strip_prefix("urn:sha256:")?;
    held.iter().find(|(_, bytes)| {
        let h: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        h == hex
    })
}

/// What a client resolves for one annotation's target: the text by position (Data Model
/// §4.2.5: code points of the resource's text) and by quote (§4.2.4: where `exact` occurs with
/// `prefix` just before and `suffix` just after; it must occur once), both as code point
/// ranges; and the UTF-16 range Pressmark offers JavaScript, sliced as JavaScript would.
fn resolve(target: &serde_json::Value, held: &[(String, Vec<u8>)]) -> (String, (usize, usize)) {
    let source = target["source"].as_str().expect("a source IRI");
    let (name, bytes) =
        resource(source, held).unwrap_or_else(|| panic!("no file held has the source {source}"));
    // Text as a browser's TextDecoder gives it: UTF-8, the byte-order mark dropped.
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let chars: Vec<char> = text.chars().collect();
    let selectors = target["selector"].as_array().expect("selectors");
    let of = |kind: &str| {
        selectors
            .iter()
            .find(|s| s["type"] == kind)
            .unwrap_or_else(|| panic!("no {kind}"))
    };
    let position = of("TextPositionSelector");
    let (start, end) = (
        position["start"].as_u64().unwrap() as usize,
        position["end"].as_u64().unwrap() as usize,
    );
    assert!(start <= end && end <= chars.len(), "{name}: {start}..{end}");
    let by_position: String = chars[start..end].iter().collect();

    let quote = of("TextQuoteSelector");
    let exact: Vec<char> = quote["exact"].as_str().unwrap().chars().collect();
    let prefix: Vec<char> = quote["prefix"].as_str().unwrap_or("").chars().collect();
    let suffix: Vec<char> = quote["suffix"].as_str().unwrap_or("").chars().collect();
    let found: Vec<usize> = (0..=chars.len().saturating_sub(exact.len()))
        .filter(|&p| chars[p..p + exact.len()] == exact[..])
        .filter(|&p| p >= prefix.len() && chars[p - prefix.len()..p] == prefix[..])
        .filter(|&p| {
            let after = p + exact.len();
            after + suffix.len() <= chars.len() && chars[after..after + suffix.len()] == suffix[..]
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "the quote {exact:?} is found once, not {found:?}"
    );
    assert_eq!(
        (found[0], found[0] + exact.len()),
        (start, end),
        "quote and position agree"
    );
    assert_eq!(by_position, exact.iter().collect::<String>());

    let utf16: Vec<u16> = text.encode_utf16().collect();
    let (s16, e16) = (
        position["pressmark:utf16Start"].as_u64().unwrap() as usize,
        position["pressmark:utf16End"].as_u64().unwrap() as usize,
    );
    assert_eq!(String::from_utf16(&utf16[s16..e16]).unwrap(), by_position);
    (by_position, (start, end))
}

/// Words as a reader sees them: any run of white space (a line end and indentation in the
/// file, a non-breaking space) is one space.
fn words(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sample project with claims on money, curly quotes, a non-breaking space and a quote
/// running over a paragraph break.
fn project_for_clients(dir: &Path) -> (Project, std::path::PathBuf) {
    use pressmark::project::Anchor;
    let (mut project, project_path, archive) = common::tagged_sample_project(dir);
    let tag = project.codebook.by_name("funding total").unwrap().id;
    let mut add = |release: &pressmark::archive::Release, start: usize, end: usize| {
        let c = project.new_claim(
            &release.id,
            Anchor::from_range(&release.text, start, end),
            vec![tag],
            1_683_000_100,
        );
        Edit::AddClaim(c).apply(&mut project).unwrap();
    };
    for quote in ["£400 million", "UK’s Ukraine", "up to £39 million"] {
        let r = archive
            .releases
            .iter()
            .find(|r| r.text.contains(quote))
            .unwrap();
        let s = r.text.find(quote).unwrap();
        add(r, s, s + quote.len());
    }
    // From the last words of a paragraph to the first of the next.
    let r = &archive.releases[0];
    let gap = r.text.find(".\n\n").unwrap();
    add(r, gap - 20, gap + 25);
    store::save(&project, &project_path).unwrap();
    (project, project_path)
}

fn export_w3c(input: &Path, out: &Path, cache: &Path) -> serde_json::Value {
    ok(&pressmark(
        &[
            "export".as_ref(),
            input.as_os_str(),
            "--format".as_ref(),
            "w3c".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
        cache,
    ));
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn check_every_annotation(json: &serde_json::Value, project: &Project, held: &[(String, Vec<u8>)]) {
    let items = json["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), project.claims.len());
    let mut resolved: Vec<String> = items
        .iter()
        .map(|item| words(&resolve(&item["target"], held).0))
        .collect();
    let mut quotes: Vec<String> = project
        .claims
        .values()
        .map(|c| words(&c.anchor.exact))
        .collect();
    resolved.sort();
    quotes.sort();
    assert_eq!(resolved, quotes);
}

#[test]
fn a_w3c_client_finds_every_claim_in_the_archive_file() {
    let d = tempfile::tempdir().unwrap();
    let (project, project_path) = project_for_clients(d.path());
    let json = export_w3c(&project_path, &d.path().join("claims.jsonld"), d.path());
    // The recipient holds the export and the archive file.
    let held = vec![(
        "home-office.txt".to_owned(),
        std::fs::read(d.path().join("home-office.txt")).unwrap(),
    )];
    check_every_annotation(&json, &project, &held);
}

#[test]
fn a_w3c_client_finds_every_claim_in_a_bundle() {
    let d = tempfile::tempdir().unwrap();
    let (project, project_path) = project_for_clients(d.path());
    let bundle = d.path().join("work.pressmark.zip");
    ok(&pressmark(
        &[
            "export".as_ref(),
            project_path.as_os_str(),
            "--format".as_ref(),
            "bundle".as_ref(),
            "--out".as_ref(),
            bundle.as_os_str(),
        ],
        d.path(),
    ));
    let json = export_w3c(
        &bundle,
        &d.path().join("claims.jsonld"),
        &d.path().join("cache"),
    );
    // The recipient holds the bundle: a zip whose entries are the files.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle).unwrap()).unwrap();
    let held: Vec<(String, Vec<u8>)> = (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (e.name().unwrap().into_owned(), bytes)
        })
        .collect();
    check_every_annotation(&json, &project, &held);
}
