//! One reader per source format, each turning a file's bytes into a [`FileDraft`], and the
//! detection that picks the reader from the content (the file name only where the content
//! cannot tell, and to skip files that are plainly not archives).

mod by_format;
pub(crate) mod docx;
pub(crate) mod feed;
mod feed_items;
pub(crate) mod govuk_json;
pub(crate) mod html_body;
pub(crate) mod html_page;
pub(crate) mod html_tokens;
pub(crate) mod json_text;
pub(crate) mod line_index;
pub(crate) mod markdown;
pub(crate) mod pdf;
pub(crate) mod placed_text;
pub(crate) mod plain_blocks;
pub(crate) mod stated_date;
pub(crate) mod text;
pub(crate) mod text_runs;

pub use by_format::{read_draft_as, read_feed_releases, sniff_format};

use std::path::Path;

use super::decode::decode;
use super::{FileDraft, Format};

/// What a file holds, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detected {
    Archive(Format),
    /// Not an archive file (an image, a spreadsheet, other binary data): what it looks like.
    Other(&'static str),
}

/// How many bytes of a file [`detect`] wants to see.
pub(crate) const HEAD: usize = 8 * 1024;

/// Extensions of files that are never archives; a folder skips them without opening them.
const NOT_ARCHIVES: [(&str, &str); 24] = [
    ("png", "an image"),
    ("jpg", "an image"),
    ("jpeg", "an image"),
    ("gif", "an image"),
    ("webp", "an image"),
    ("bmp", "an image"),
    ("tif", "an image"),
    ("tiff", "an image"),
    ("ico", "an image"),
    ("svg", "an image"),
    ("xlsx", "a spreadsheet"),
    ("xls", "a spreadsheet"),
    ("ods", "a spreadsheet"),
    ("csv", "a spreadsheet"),
    ("pptx", "a presentation"),
    ("mp3", "a sound file"),
    ("mp4", "a video"),
    ("mov", "a video"),
    ("zip", "a zip file"),
    ("gz", "a compressed file"),
    ("css", "a style sheet"),
    ("js", "a script"),
    ("ron", "a Pressmark project"),
    ("exe", "a program"),
];

/// What a file name alone says about a file that is surely not an archive.
pub(crate) fn skip_by_name(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    NOT_ARCHIVES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, what)| *what)
}

/// The format of a file from its first bytes (`head`), and its name where the content
/// cannot tell (Markdown without front matter, plain text).
pub(crate) fn detect(path: &Path, head: &[u8]) -> Detected {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if head.starts_with(b"%PDF-") {
        return Detected::Archive(Format::Pdf);
    }
    if head.starts_with(b"PK\x03\x04") {
        let docx = ext == "docx" || memchr::memmem::find(head, b"word/").is_some();
        return if docx {
            Detected::Archive(Format::Docx)
        } else if memchr::memmem::find(head, b"xl/").is_some() {
            Detected::Other("a spreadsheet")
        } else {
            Detected::Other("a zip file")
        };
    }
    for (magic, what) in [
        (&b"\x89PNG"[..], "an image"),
        (&b"\xff\xd8\xff"[..], "an image"),
        (&b"GIF8"[..], "an image"),
        (&b"\xd0\xcf\x11\xe0"[..], "an old Office document"),
        (&b"\x1f\x8b"[..], "a compressed file"),
    ] {
        if head.starts_with(magic) {
            return Detected::Other(what);
        }
    }
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if is_tag_page(&text) {
        return Detected::Archive(Format::TagPage);
    }
    if t.starts_with('{') || t.starts_with('[') {
        if govuk_json::looks_like(&text) {
            return Detected::Archive(Format::GovukJson);
        }
        return Detected::Other("JSON that is not GOV.UK content");
    }
    if let Some(feed) = feed_kind(t) {
        return Detected::Archive(feed);
    }
    if html_page::looks_like(t) {
        return Detected::Archive(Format::Html);
    }
    if t.starts_with("---") || matches!(ext.as_str(), "md" | "markdown" | "mdown") {
        return Detected::Archive(Format::Markdown);
    }
    if matches!(ext.as_str(), "html" | "htm" | "xhtml") {
        return Detected::Archive(Format::Html);
    }
    if head.contains(&0) {
        return Detected::Other("binary data");
    }
    Detected::Archive(Format::Text)
}

/// A tag page: a section header or an entry line ("  • PRESS RELEASE : ...") near the top.
fn is_tag_page(head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}');
    head.starts_with("  \u{2022} ")
        || head.contains("\n  \u{2022} ")
        || [
            "Tag:",
            "Category:",
            "Topic:",
            "Department:",
            "Archive:",
            "Page:",
        ]
        .iter()
        .any(|k| head.starts_with(k))
}

/// RSS (0.9x, 2.0, 1.0/RDF) or Atom, from the root element (in any case).
fn feed_kind(t: &str) -> Option<Format> {
    let lower: String = t
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if !lower.starts_with('<') {
        return None;
    }
    // The first element after the XML declaration, comments and processing instructions.
    let mut rest = lower.as_str();
    loop {
        rest = rest.trim_start();
        if rest.starts_with("<?") || rest.starts_with("<!--") || rest.starts_with("<!doctype") {
            let close = if rest.starts_with("<!--") { "-->" } else { ">" };
            let end = rest.find(close)? + close.len();
            rest = &rest[end..];
            continue;
        }
        break;
    }
    if rest.starts_with("<rss") || rest.starts_with("<rdf:rdf") || rest.starts_with("<rdf") {
        Some(Format::Rss)
    } else if rest.starts_with("<feed") {
        Some(Format::Atom)
    } else {
        None
    }
}

/// Reads a file's bytes in a detected format (not the tag page, which streams).
pub(crate) fn read(format: Format, bytes: Vec<u8>, path: &Path) -> Result<FileDraft, String> {
    match format {
        Format::GovukJson | Format::Html => {
            let decoded = decode(bytes, path).map_err(|e| e.to_string())?;
            let mut draft = match format {
                Format::GovukJson => govuk_json::read(&decoded.text)?,
                _ => html_page::read(&decoded.text)?,
            };
            if let Some(line) = decoded.bad_line {
                draft.warnings.push((
                    line,
                    "bytes that are not valid UTF-8 were replaced with \u{fffd}".to_owned(),
                ));
            }
            Ok(draft)
        }
        Format::Rss | Format::Atom => feed::read(&bytes),
        Format::Markdown => markdown::read(&bytes),
        Format::Text => text::read(&bytes),
        Format::Docx => docx::read(&bytes),
        Format::Pdf => pdf::read(&bytes),
        Format::TagPage => Err("a tag page is read by the tag-page parser".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_str(name: &str, head: &str) -> Detected {
        detect(Path::new(name), head.as_bytes())
    }

    #[test]
    fn formats_are_told_from_their_content() {
        let tag = include_str!("../../../assets/home-office-may-2023.txt");
        assert_eq!(
            detect_str("x.txt", &tag[..2000]),
            Detected::Archive(Format::TagPage)
        );
        let json = include_str!("../../../tests/fixtures/formats/govuk-press-release.json");
        // The name does not matter: the content says GOV.UK JSON.
        assert_eq!(
            detect_str("x.txt", json),
            Detected::Archive(Format::GovukJson)
        );
        assert_eq!(
            detect_str(
                "feed.xml",
                "<?xml version=\"1.0\"?>\n<!-- c -->\n<RSS version=\"2.0\">"
            ),
            Detected::Archive(Format::Rss)
        );
        assert_eq!(
            detect_str("f", "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Detected::Archive(Format::Atom)
        );
        assert_eq!(
            detect_str("page", "<!DOCTYPE html>\n<html lang=\"en\">"),
            Detected::Archive(Format::Html)
        );
        assert_eq!(
            detect_str("a.txt", "---\ntitle: x\n---\n"),
            Detected::Archive(Format::Markdown)
        );
        assert_eq!(
            detect(Path::new("a.pdf"), b"%PDF-1.7\n"),
            Detected::Archive(Format::Pdf)
        );
        assert_eq!(
            detect(Path::new("photo.dat"), b"\x89PNG\r\n\x1a\n"),
            Detected::Other("an image")
        );
        assert_eq!(
            skip_by_name(Path::new("a/b/Budget.XLSX")),
            Some("a spreadsheet")
        );
        assert_eq!(skip_by_name(Path::new("a/b/release.html")), None);
    }
}
