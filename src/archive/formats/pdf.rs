//! PDF files: the text layer in reading order (pdf-extract), page by page, with paragraphs
//! rebuilt from its lines the way the plain-text reader joins hard-wrapped lines. A PDF with
//! pages but no text (a scan) gives a warning, not an empty release.
//!
//! Positions: a PDF has no lines a reader can open, so a piece's "line" is its page number
//! (1 = the first page) and its column is 0.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::text::{release_from_lines, Line};
use crate::archive::draft::{FileDraft, Format};
use crate::archive::release::Kind;

/// Whether the bytes are a PDF: the `%PDF-` header near the start (some writers put a few
/// bytes before it).
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// Reads a PDF's text into one release.
pub(crate) fn read(bytes: &[u8]) -> Result<FileDraft, String> {
    if !sniff(bytes) {
        return Err("this is not a PDF file (it does not start with %PDF-)".to_owned());
    }
    // The extractor is known to panic on some damaged or unusual files: a bad file must be
    // an error for its user, never the end of the program.
    let pages = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    }))
    .map_err(|_| {
        "the PDF could not be read: the text extractor failed on it (the file may be damaged, or use a feature it does not support)".to_owned()
    })?
    .map_err(|e| format!("the PDF could not be read: {e} (the file may be cut short or damaged)"))?;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Ok(FileDraft {
            format: Format::Pdf,
            releases: Vec::new(),
            warnings: vec![(
                1,
                format!(
                    "no text layer: scanned? ({} page{} but no text to read; run it through OCR first)",
                    pages.len(),
                    if pages.len() == 1 { "" } else { "s" }
                ),
            )],
        });
    }
    let merged = page_lines(&pages);
    let lines: Vec<Option<Line<'_>>> = merged
        .iter()
        .map(|(page, text)| {
            text.as_deref().map(|t| Line {
                no: *page,
                col: 0,
                text: t,
            })
        })
        .collect();
    let mut warnings = Vec::new();
    let mut draft = release_from_lines(&lines, &mut warnings)
        .ok_or_else(|| "the PDF holds no text to read".to_owned())?;
    draft.kind = draft.kind.or(Some(Kind::PressRelease));
    Ok(FileDraft {
        format: Format::Pdf,
        releases: vec![draft],
        warnings,
    })
}

/// Each page's lines with its page number (`None` = a blank line; a page break is one),
/// words broken by a hyphen at a line's end joined again, and lines that are only a page
/// number ("3", "Page 3 of 5") left out.
fn page_lines(pages: &[String]) -> Vec<(u32, Option<String>)> {
    let mut out: Vec<(u32, Option<String>)> = Vec::new();
    for (k, page) in pages.iter().enumerate() {
        let no = u32::try_from(k + 1).unwrap_or(u32::MAX);
        out.push((no, None));
        for raw in page.lines() {
            let line = raw.trim();
            if line.is_empty() {
                out.push((no, None));
                continue;
            }
            if is_page_number(line) {
                continue;
            }
            if let Some((_, Some(prev))) = out.last_mut() {
                let broken = prev.ends_with('-')
                    && prev.chars().rev().nth(1).is_some_and(char::is_alphabetic)
                    && line.chars().next().is_some_and(char::is_lowercase);
                if broken {
                    prev.pop();
                    prev.push_str(line);
                    continue;
                }
            }
            out.push((no, Some(line.to_owned())));
        }
    }
    out
}

fn is_page_number(line: &str) -> bool {
    let line = line.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let l = line.to_ascii_lowercase();
    let l = l.strip_prefix("page ").unwrap_or(&l);
    let mut parts = l.split(" of ");
    let first_is_number = parts
        .next()
        .is_some_and(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    first_is_number && parts.all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf_and_a_cut_pdf_are_errors_not_panics() {
        let err = read(b"<html>not a pdf</html>").unwrap_err();
        assert!(err.contains("not a PDF"), "{err}");
        let err = read(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog").unwrap_err();
        assert!(err.contains("could not be read"), "{err}");
    }

    #[test]
    fn page_numbers_in_their_usual_dress_are_left_out() {
        // groff's -ms macros head page 2 with "-2-".
        for n in ["3", "Page 3 of 5", "-2-", "- 2 -", "– 4 –"] {
            assert!(is_page_number(n), "{n}");
        }
        for n in ["3 May", "-", "Page", "Section 2"] {
            assert!(!is_page_number(n), "{n}");
        }
    }

    #[test]
    fn hyphenated_words_and_page_numbers() {
        let pages = vec![
            "The govern-\nment said\n\n3\n".to_owned(),
            "Page 2 of 2\nEnd.".to_owned(),
        ];
        let lines: Vec<Option<String>> = page_lines(&pages).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            lines,
            [
                None,
                Some("The government said".to_owned()),
                None,
                None,
                Some("End.".to_owned())
            ]
        );
    }
}
