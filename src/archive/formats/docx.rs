//! Word documents (.docx): the paragraphs of `word/document.xml` in order, headings (the
//! Title-styled paragraph, else the first heading, as the title), list paragraphs as bullets,
//! tables as rows; `docProps/core.xml` gives the title, date and creator where the body does
//! not. A .docx is a zip of XML parts: `zip` opens it and `quick-xml` reads the parts.
//!
//! Positions: a .docx has no lines a reader can open, so a piece's "line" is the number of
//! its paragraph in the document (1 = the first), and its column is 0.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

use super::plain_blocks::{clean, piece, BlockBuilder};
use super::stated_date::{find_date, find_date_or_month};
use crate::archive::dating::parse_dating;
use crate::archive::draft::{FileDraft, Format, ReleaseDraft, SourcePos};
use crate::archive::release::Kind;

/// A part larger than this (uncompressed) is refused: a zip bomb, not a press release.
const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;

/// Whether the bytes are a zip holding a Word document part.
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    // Entry names stand in the local headers at the start and in the directory at the end.
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    let finder = memchr::memmem::Finder::new(b"word/document.xml");
    finder.find(head).is_some() || finder.find(tail).is_some()
}

/// One paragraph of the document, or one table row.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    list: bool,
    /// Cells of a table row (then `text` is empty).
    cells: Option<Vec<String>>,
    /// 1-based paragraph number, the position this reader gives.
    no: u32,
}

/// Reads a Word document.
pub(crate) fn read(bytes: &[u8]) -> Result<FileDraft, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!("this is not a Word .docx file: it cannot be opened as a zip archive ({e}); it may be cut short, or an old .doc")
    })?;
    let document = part(&mut zip, "word/document.xml")?.ok_or_else(|| {
        "this zip holds no word/document.xml: it is not a Word document".to_owned()
    })?;
    let styles = part(&mut zip, "word/styles.xml")?
        .map(|x| style_names(&x))
        .unwrap_or_default();
    let core = part(&mut zip, "docProps/core.xml")?
        .map(|x| core_properties(&x))
        .unwrap_or_default();
    let paras = paragraphs(&document)?;
    let mut warnings = Vec::new();
    let draft = release(paras, &styles, &core, &mut warnings)
        .ok_or_else(|| "the document holds no text".to_owned())?;
    Ok(FileDraft {
        format: Format::Docx,
        releases: vec![draft],
        warnings,
    })
}

/// A part's bytes, or `None` when the zip has no such part.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, String> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(format!(
                "the part {name} of the document cannot be read: {e}"
            ))
        }
    };
    if file.size() > MAX_PART_BYTES {
        return Err(format!(
            "the part {name} is {} MB uncompressed; parts over {} MB are not read",
            file.size() / (1024 * 1024),
            MAX_PART_BYTES / (1024 * 1024)
        ));
    }
    let mut out = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
    (&mut file)
        .take(MAX_PART_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| {
            format!(
                "the part {name} of the document cannot be read: {e} (the file may be cut short)"
            )
        })?;
    Ok(Some(out))
}

/// `&amp;`, `&#8217;` and the like, as text.
fn entity(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
    match name.as_str() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_owned()
}

/// The attribute `w:val` of an element.
fn val(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    e.try_get_attribute("w:val")
        .ok()
        .flatten()
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// The paragraphs and table rows of `word/document.xml`, in order.
fn paragraphs(xml: &[u8]) -> Result<Vec<Para>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out: Vec<Para> = Vec::new();
    // Paragraphs open now: a text box's paragraphs stand inside another paragraph.
    let mut open: Vec<Para> = Vec::new();
    let mut in_text = false;
    // Table nesting; the row and cell being read at the outermost table.
    let mut tables = 0usize;
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    // Text boxes appear twice (a drawing and its fallback): read the first only.
    let mut fallback = 0usize;
    let mut count: u32 = 0;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!(
                "the document's text cannot be read: {e} at byte {} of word/document.xml (the file may be damaged)",
                reader.error_position()
            )
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) => match e.name().as_ref() {
                b"mc:Fallback" => fallback += 1,
                _ if fallback > 0 => {}
                b"w:p" => {
                    count += 1;
                    open.push(Para {
                        no: count,
                        ..Para::default()
                    });
                }
                b"w:t" => in_text = true,
                b"w:tbl" => tables += 1,
                b"w:tr" if tables == 1 => row = Some(Vec::new()),
                b"w:tc" if tables == 1 => cell = Some(String::new()),
                b"w:numPr" => {
                    if let Some(p) = open.last_mut() {
                        p.list = true;
                    }
                }
                _ => {}
            },
            Event::Empty(e) if fallback == 0 => match e.name().as_ref() {
                b"w:pStyle" => {
                    if let Some(p) = open.last_mut() {
                        p.style = val(&e);
                    }
                }
                b"w:numPr" => {
                    if let Some(p) = open.last_mut() {
                        p.list = true;
                    }
                }
                b"w:tab" | b"w:br" | b"w:cr" => {
                    if let Some(p) = open.last_mut() {
                        p.text.push(' ');
                    }
                }
                b"w:p" => count += 1,
                _ => {}
            },
            Event::Text(t) if in_text && fallback == 0 => {
                if let (Some(p), Ok(s)) = (open.last_mut(), t.decode()) {
                    p.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text && fallback == 0 => {
                if let Some(p) = open.last_mut() {
                    p.text.push_str(&entity(&r));
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"mc:Fallback" => fallback = fallback.saturating_sub(1),
                _ if fallback > 0 => {}
                b"w:t" => in_text = false,
                b"w:p" => {
                    if let Some(p) = open.pop() {
                        match cell.as_mut() {
                            Some(c) if tables == 1 => {
                                if !c.is_empty() {
                                    c.push(' ');
                                }
                                c.push_str(&p.text);
                            }
                            _ if tables > 1 => {
                                // A table inside a cell: its text joins the outer cell.
                                if let Some(c) = cell.as_mut() {
                                    c.push(' ');
                                    c.push_str(&p.text);
                                }
                            }
                            _ => out.push(p),
                        }
                    }
                }
                b"w:tc" if tables == 1 => {
                    if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                        r.push(clean(&c));
                    }
                }
                b"w:tr" if tables == 1 => {
                    if let Some(cells) = row.take() {
                        out.push(Para {
                            cells: Some(cells),
                            no: count,
                            ..Para::default()
                        });
                    }
                }
                b"w:tbl" => tables = tables.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Style ids to their names ("Heading1" -> "heading 1"), lower case.
fn style_names(xml: &[u8]) -> HashMap<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut names = HashMap::new();
    let mut id: Option<String> = None;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:style" => {
                id = e
                    .try_get_attribute("w:styleId")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned());
            }
            Event::Empty(e) if e.name().as_ref() == b"w:name" => {
                if let (Some(i), Some(n)) = (id.clone(), val(&e)) {
                    names.insert(i, n.to_lowercase());
                }
            }
            _ => {}
        }
        buf.clear();
    }
    names
}

/// `docProps/core.xml`: title, creator, created.
#[derive(Debug, Default)]
struct Core {
    title: Option<String>,
    creator: Option<String>,
    created: Option<String>,
}

fn core_properties(xml: &[u8]) -> Core {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut core = Core::default();
    let mut field: Option<&'static str> = None;
    let mut text = String::new();
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                field = match e.name().as_ref() {
                    b"dc:title" => Some("title"),
                    b"dc:creator" => Some("creator"),
                    b"dcterms:created" => Some("created"),
                    _ => None,
                };
                text.clear();
            }
            Event::Text(t) if field.is_some() => {
                if let Ok(s) = t.decode() {
                    text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if field.is_some() => text.push_str(&entity(&r)),
            Event::End(_) => {
                let value = clean(&text);
                if !value.is_empty() {
                    match field {
                        Some("title") => core.title = Some(value),
                        Some("creator") => core.creator = Some(value),
                        Some("created") => core.created = Some(value),
                        _ => {}
                    }
                }
                field = None;
            }
            _ => {}
        }
        buf.clear();
    }
    core
}

/// The style's name, lower case ("title", "heading 1", "list bullet").
fn style_of<'a>(p: &'a Para, styles: &'a HashMap<String, String>) -> String {
    let Some(id) = p.style.as_deref() else {
        return String::new();
    };
    styles.get(id).cloned().unwrap_or_else(|| id.to_lowercase())
}

fn is_heading(style: &str) -> bool {
    style.starts_with("heading") || style == "subtitle"
}

/// Creator names Word fills in by itself, which name no organisation.
const DEFAULT_CREATORS: [&str; 5] = [
    "microsoft office user",
    "windows user",
    "user",
    "administrator",
    "author",
];

fn release(
    paras: Vec<Para>,
    styles: &HashMap<String, String>,
    core: &Core,
    warnings: &mut Vec<(u32, String)>,
) -> Option<ReleaseDraft> {
    let paras: Vec<Para> = paras
        .into_iter()
        .filter(|p| {
            !clean(&p.text).is_empty()
                || p.cells
                    .as_ref()
                    .is_some_and(|c| c.iter().any(|x| !x.is_empty()))
        })
        .collect();
    if paras.is_empty() {
        return None;
    }
    let style: Vec<String> = paras.iter().map(|p| style_of(p, styles)).collect();
    let title_at = style
        .iter()
        .position(|s| s == "title")
        .or_else(|| style.iter().position(|s| is_heading(s)));
    let mut draft = ReleaseDraft::default();
    let pos = |p: &Para| SourcePos { line: p.no, col: 0 };
    match (title_at, &core.title) {
        (Some(i), _) => {
            draft.title = clean(&paras[i].text);
            draft.title_pos = pos(&paras[i]);
        }
        (None, Some(t)) => {
            draft.title = t.clone();
            draft.title_pos = SourcePos { line: 1, col: 0 };
        }
        (None, None) => {
            // The opening paragraph, when it is short enough to be a headline.
            let first = &paras[0];
            if first.cells.is_none() && first.text.chars().count() <= 200 {
                draft.title = clean(&first.text);
                draft.title_pos = pos(first);
            } else {
                draft.title = "(untitled)".to_owned();
                warnings.push((
                    1,
                    "the document has no title (no Title or heading style)".to_owned(),
                ));
            }
        }
    }
    let title_index =
        title_at.or_else(|| (draft.title_pos.line != 0 && core.title.is_none()).then_some(0));
    draft.line = draft.title_pos.line.max(1);
    let mut b = BlockBuilder::new();
    let mut seen = 0;
    for (i, p) in paras.iter().enumerate() {
        if Some(i) == title_index {
            continue;
        }
        if let Some(cells) = &p.cells {
            // Cells were cleaned one by one; two spaces between them mark the columns, as
            // `split_cells` reads them (and as the HTML reader writes them).
            let text = cells.join("  ");
            b.table_row(vec![crate::archive::DraftPiece::new(text, pos(p))]);
            continue;
        }
        let text = clean(&p.text);
        seen += 1;
        if seen <= 6 {
            // A dating sentence says the most (kind, department, date), even after a date
            // line such as the one Word's "Date" style holds.
            if let Some(d) = parse_dating(&text) {
                draft.date = Some(d.date);
                draft.kind = draft.kind.or(d.kind);
                draft.department = draft.department.take().or(d.department);
                b.dateline(piece(&text, pos(p)).into_iter().collect(), d.speaker);
                continue;
            }
        }
        if draft.date.is_none() && seen <= 6 {
            if text.chars().count() <= 40 {
                if let Some(d) = find_date_or_month(&text) {
                    draft.date = Some(d);
                    b.dateline(piece(&text, pos(p)).into_iter().collect(), None);
                    continue;
                }
            }
            if seen <= 2 {
                if let Some(kind) = Kind::from_words(&text) {
                    draft.kind = Some(kind);
                    continue;
                }
            }
        }
        let st = &style[i];
        // Word's Author and Date paragraphs (as pandoc and many templates write them) are
        // the release's metadata.
        if st == "author" {
            if draft.department.is_none() {
                draft.department = Some(text);
            }
            continue;
        }
        if st == "date" && draft.date.is_none() {
            if let Some(d) = find_date_or_month(&text) {
                draft.date = Some(d);
                b.dateline(piece(&text, pos(p)).into_iter().collect(), None);
                continue;
            }
        }
        let pieces = piece(&text, pos(p)).into_iter().collect();
        if p.list || st.starts_with("list") {
            b.bullet(pieces);
        } else if st.contains("quote") {
            b.quote(pieces);
        } else {
            b.paragraph(pieces);
        }
    }
    draft.blocks = b.finish();
    if draft.date.is_none() {
        // A dateline opening the first paragraph, then the date the file was made.
        let opening = draft
            .blocks
            .first()
            .and_then(|bl| bl.pieces.first())
            .map(|pc| pc.text.chars().take(48).collect::<String>());
        draft.date = opening.as_deref().and_then(find_date);
    }
    if draft.date.is_none() {
        if let Some(created) = core.created.as_deref().and_then(find_date) {
            draft.date = Some(created);
            warnings.push((
                1,
                "no date in the text; the date the document was created is used".to_owned(),
            ));
        } else {
            warnings.push((
                1,
                "no date in the document; the release is undated".to_owned(),
            ));
        }
    }
    if draft.department.is_none() {
        draft.department = core
            .creator
            .clone()
            .filter(|c| !DEFAULT_CREATORS.contains(&c.to_lowercase().as_str()));
    }
    Some(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_zip_is_a_clear_error() {
        let err = read(b"%PDF-1.4 not a docx").unwrap_err();
        assert!(err.contains("not a Word .docx file"), "{err}");
        assert!(!sniff(b"%PDF-1.4"));
    }
}
