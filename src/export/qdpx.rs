//! REFI-QDA project exchange (`.qdpx`): a zip of `project.qde` (XML in the namespace
//! `urn:QDA-XML:project:1.0`) and `sources/<GUID>.txt`, one plain-text source per release.
//!
//! The codebook becomes nested `<Code>`s; each claim a `<PlainTextSelection>` whose
//! `startPosition`/`endPosition` count characters (code points) of the source text (the
//! release's canonical text, written as UTF-8), holding its note as `<Description>` and one
//! `<Coding>` per tag. GUIDs are derived from the archive hash and the ids, so the same
//! project always gives the same GUIDs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::archive::Archive;
use crate::project::{Project, TagId};

use super::format::{place_claims, write_file};
use super::text::{esc, esc_attr, guid, rfc3339, CharCounter};
use super::ExportError;

/// The XML namespace of `project.qde`.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// Writes the `.qdpx` file, the claims placed in `archive` as it is now, to `out`.
pub fn write_qdpx(project: &Project, archive: &Archive, out: &Path) -> Result<(), ExportError> {
    let project = place_claims(project, archive)?;
    write_file(out, &qdpx_bytes(&project, archive)?)
}

/// The `.qdpx` zip's bytes.
pub fn qdpx_bytes(project: &Project, archive: &Archive) -> Result<Vec<u8>, ExportError> {
    let zip_error = |e: zip::result::ZipError| ExportError::Zip(e.to_string());
    let io_error = |e: std::io::Error| ExportError::Zip(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file("project.qde", options).map_err(zip_error)?;
    zip.write_all(project_qde(project, archive).as_bytes())
        .map_err(io_error)?;
    for release in &archive.releases {
        let g = source_guid(project, &release.id);
        zip.start_file(format!("sources/{g}.txt"), options)
            .map_err(zip_error)?;
        zip.write_all(release.text.as_bytes()).map_err(io_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

fn scope(project: &Project) -> &str {
    &project.archive.sha256
}

/// The GUID of a release's `<TextSource>` (also its file name in `sources/`).
pub fn source_guid(project: &Project, release: &str) -> String {
    guid(&[scope(project), "source", release])
}

/// The GUID of a tag's `<Code>`.
pub fn code_guid(project: &Project, tag: TagId) -> String {
    guid(&[scope(project), "code", &tag.0.to_string()])
}

/// The GUID of a claim's `<PlainTextSelection>`.
pub fn selection_guid(project: &Project, claim: u64) -> String {
    guid(&[scope(project), "claim", &claim.to_string()])
}

fn user_guid(name: &str) -> String {
    guid(&["user", name])
}

/// The `project.qde` XML.
pub fn project_qde(project: &Project, archive: &Archive) -> String {
    let mut out = String::with_capacity(project.claims.len() * 400 + 4096);
    let mut users: BTreeSet<&str> = project.claims.values().map(|c| c.author.as_str()).collect();
    users.insert(project.author.as_str());
    let now = rfc3339(crate::project::unix_now());
    let name = project.archive.path.file_name().map_or_else(
        || "Pressmark project".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{NAMESPACE}\" \
         name=\"{}\" origin=\"Pressmark {}\" creatingUserGUID=\"{}\" creationDateTime=\"{now}\">\n",
        esc_attr(&name),
        env!("CARGO_PKG_VERSION"),
        user_guid(&project.author)
    );
    out.push_str("  <Users>\n");
    for u in &users {
        let _ = writeln!(
            out,
            "    <User guid=\"{}\" name=\"{}\"/>",
            user_guid(u),
            esc_attr(if u.is_empty() { "unknown" } else { u })
        );
    }
    out.push_str("  </Users>\n");
    let book = &project.codebook;
    // The schema wants at least one <Code> in <Codes> (and one source in <Sources>): an empty
    // list is left out.
    if !book.tags().is_empty() {
        out.push_str("  <CodeBook>\n    <Codes>\n");
        let mut children: BTreeMap<Option<TagId>, Vec<TagId>> = BTreeMap::new();
        for t in book.tags() {
            // A parent that does not exist puts the tag at the top.
            let parent = t.parent.filter(|p| book.get(*p).is_some() && *p != t.id);
            children.entry(parent).or_default().push(t.id);
        }
        let mut seen = BTreeSet::new();
        push_codes(&mut out, project, &children, None, 3, &mut seen);
        out.push_str("    </Codes>\n  </CodeBook>\n");
    }
    if archive.releases.is_empty() {
        out.push_str("</Project>\n");
        return out;
    }
    out.push_str("  <Sources>\n");

    let mut by_release: BTreeMap<&str, Vec<&crate::project::Claim>> = BTreeMap::new();
    for c in project.claims.values() {
        by_release.entry(c.release.as_str()).or_default().push(c);
    }
    for release in &archive.releases {
        let g = source_guid(project, &release.id);
        let _ = write!(
            out,
            "    <TextSource guid=\"{g}\" name=\"{}\" plainTextPath=\"internal://{g}.txt\"",
            esc_attr(&format!("{} ({})", release.title, release.date_label()))
        );
        let claims = by_release.get(release.id.as_str());
        let Some(claims) = claims else {
            out.push_str("/>\n");
            continue;
        };
        out.push_str(">\n");
        let mut claims = claims.clone();
        claims.sort_by_key(|c| (c.anchor.start, c.anchor.end, c.id));
        let mut counter = CharCounter::new(&release.text);
        for c in claims {
            let start = counter.chars_at(c.anchor.start);
            let end = counter.chars_at(c.anchor.end);
            let _ = writeln!(
                out,
                "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{start}\" \
                 endPosition=\"{end}\" creatingUser=\"{}\" creationDateTime=\"{}\" \
                 modifyingUser=\"{}\" modifiedDateTime=\"{}\">",
                selection_guid(project, c.id.0),
                esc_attr(&short(&c.anchor.exact)),
                user_guid(&c.author),
                rfc3339(c.created),
                user_guid(&c.author),
                rfc3339(c.modified)
            );
            if !c.note.is_empty() {
                let _ = writeln!(out, "        <Description>{}</Description>", esc(&c.note));
            }
            for t in &c.tags {
                let _ = writeln!(
                    out,
                    "        <Coding guid=\"{}\" creatingUser=\"{}\" creationDateTime=\"{}\">\
                     <CodeRef targetGUID=\"{}\"/></Coding>",
                    guid(&[
                        scope(project),
                        "coding",
                        &c.id.0.to_string(),
                        &t.0.to_string()
                    ]),
                    user_guid(&c.author),
                    rfc3339(c.created),
                    code_guid(project, *t)
                );
            }
            out.push_str("      </PlainTextSelection>\n");
        }
        out.push_str("    </TextSource>\n");
    }
    out.push_str("  </Sources>\n</Project>\n");
    out
}

fn push_codes(
    out: &mut String,
    project: &Project,
    children: &BTreeMap<Option<TagId>, Vec<TagId>>,
    parent: Option<TagId>,
    depth: usize,
    seen: &mut BTreeSet<TagId>,
) {
    let Some(ids) = children.get(&parent) else {
        return;
    };
    for id in ids {
        let Some(tag) = project.codebook.get(*id) else {
            continue;
        };
        if !seen.insert(*id) {
            continue;
        }
        let pad = "  ".repeat(depth);
        let [r, g, b] = tag.colour;
        let _ = writeln!(
            out,
            "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"#{r:02X}{g:02X}{b:02X}\">",
            code_guid(project, *id),
            esc_attr(&tag.name)
        );
        if !tag.description.is_empty() {
            let _ = writeln!(
                out,
                "{pad}  <Description>{}</Description>",
                esc(&tag.description)
            );
        }
        push_codes(out, project, children, Some(*id), depth + 1, seen);
        let _ = writeln!(out, "{pad}</Code>");
    }
}

/// The first 60 characters of a quote, for a selection's name.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
