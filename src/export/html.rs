//! One self-contained HTML report: claims grouped by tag, each quote in its context, the
//! release sections they link to, and the archive's findings. Inline CSS (with print
//! styles), no scripts, every piece of archive and user text escaped.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::archive::{Archive, Release};
use crate::figures::findings;
use crate::project::{Claim, Project, TagId};

use super::csv::claims_in_order;
use super::format::{place_claims, write_file};
use super::text::{esc, escape_xml};
use super::ExportError;

const STYLE: &str = "body{font-family:Georgia,serif;max-width:50em;margin:2em auto;padding:0 1em;\
line-height:1.5;color:#222}h1,h2,h3{font-family:system-ui,sans-serif}\
.tag{border-left:6px solid var(--c);padding-left:.8em;margin:1.5em 0}\
.claim{margin:.8em 0}.ctx{color:#666}mark{background:#fff1a8;padding:0 .1em}\
.meta{font-size:.85em;color:#555}.note{white-space:pre-wrap;font-style:italic}\
section.release{border-top:1px solid #ccc;margin-top:2em}\
.finding{margin:.6em 0}.text{white-space:pre-wrap}\
@media print{body{max-width:none;margin:0}a{color:inherit;text-decoration:none}\
section.release{page-break-before:always}.claim,.finding{page-break-inside:avoid}\
mark{background:none;text-decoration:underline}}";

/// Writes the HTML report, the claims placed in `archive` as it is now, to `out`.
pub fn write_html(project: &Project, archive: &Archive, out: &Path) -> Result<(), ExportError> {
    let project = place_claims(project, archive)?;
    write_file(out, html_string(&project, archive).as_bytes())
}

/// The HTML report.
pub fn html_string(project: &Project, archive: &Archive) -> String {
    let ordered = claims_in_order(project, archive);
    let mut out = String::with_capacity(ordered.len() * 400 + 4096);
    let title = format!("Pressmark report: {}", project.archive.path.display());
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n\
         <p class=\"meta\">{} claims, {} tags, {} releases</p>\n",
        esc(&title),
        esc(&title),
        project.claims.len(),
        project.codebook.len(),
        archive.releases.len()
    );

    out.push_str("<h2>Claims by tag</h2>\n");
    let mut groups: Vec<(Option<TagId>, String, [u8; 3])> = project
        .codebook
        .tags()
        .iter()
        .map(|t| (Some(t.id), t.name.clone(), t.colour))
        .collect();
    groups.sort_by(|a, b| {
        a.1.to_lowercase()
            .cmp(&b.1.to_lowercase())
            .then(a.0.cmp(&b.0))
    });
    groups.push((None, "untagged".to_owned(), [0x99, 0x99, 0x99]));
    for (tag, name, [r, g, b]) in &groups {
        let claims: Vec<&(&Claim, Option<&Release>)> = ordered
            .iter()
            .filter(|(c, _)| match tag {
                Some(t) => c.has_tag(*t),
                None => c.tags.is_empty(),
            })
            .collect();
        if claims.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<div class=\"tag\" style=\"--c:#{r:02x}{g:02x}{b:02x}\">\n<h3>{} ({})</h3>",
            esc(name),
            claims.len()
        );
        for (claim, release) in claims {
            push_claim(&mut out, project, claim, *release);
        }
        out.push_str("</div>\n");
    }

    let found = findings(archive);
    let index = archive.index_by_id();
    let _ = writeln!(out, "<h2>Findings ({})</h2>", found.len());
    for f in &found {
        let _ = write!(
            out,
            "<div class=\"finding\"><a href=\"#r-{}\">{}</a>: {}",
            esc(&f.release),
            esc(index
                .get(f.release.as_str())
                .map_or(f.release.as_str(), |&i| archive.releases[i].title.as_str())),
            esc(&f.message)
        );
        let figs: Vec<String> = f.figures.iter().map(|r| esc(&r.text)).collect();
        if !figs.is_empty() {
            let _ = write!(out, " <span class=\"meta\">({})</span>", figs.join(", "));
        }
        out.push_str("</div>\n");
    }

    out.push_str("<h2>Releases</h2>\n");
    let mut by_release: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for c in project.claims.values() {
        by_release.entry(c.release.as_str()).or_default().push(c);
    }
    for release in &archive.releases {
        let Some(claims) = by_release.get_mut(release.id.as_str()) else {
            continue;
        };
        claims.sort_by_key(|c| (c.anchor.start, c.anchor.end, c.id));
        let _ = write!(
            out,
            "<section class=\"release\" id=\"r-{}\">\n<h3>{}</h3>\n<p class=\"meta\">{} · {}{}</p>\n",
            esc(&release.id),
            esc(&release.title),
            esc(&release.date_label()),
            esc(release.kind.label()),
            release
                .department
                .as_deref()
                .map(|d| format!(" · {}", esc(d)))
                .unwrap_or_default()
        );
        if let Some(note) = project.release_notes.get(&release.id) {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(note));
        }
        push_marked_text(&mut out, claims, release);
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn push_claim(out: &mut String, project: &Project, claim: &Claim, release: Option<&Release>) {
    let a = &claim.anchor;
    let _ = write!(out, "<div class=\"claim\" id=\"c-{}\">", claim.id.0);
    out.push_str("<span class=\"ctx\">…");
    escape_xml(&a.prefix, out);
    out.push_str("</span><mark>");
    escape_xml(&a.exact, out);
    out.push_str("</mark><span class=\"ctx\">");
    escape_xml(&a.suffix, out);
    out.push_str("…</span><br><span class=\"meta\">");
    match release {
        Some(r) => {
            let _ = write!(
                out,
                "<a href=\"#r-{}\">{}</a>, {}",
                esc(&r.id),
                esc(&r.title),
                esc(&r.date_label())
            );
        }
        None => {
            let _ = write!(out, "release {} (not in the archive)", esc(&claim.release));
        }
    }
    let tags: Vec<String> = claim
        .tags
        .iter()
        .filter_map(|t| project.codebook.get(*t).map(|t| esc(&t.name)))
        .collect();
    let _ = write!(
        out,
        " · {} · {} · {}</span>",
        esc(claim.status.label()),
        tags.join(", "),
        esc(&claim.author)
    );
    if !claim.note.is_empty() {
        let _ = write!(out, "<div class=\"note\">{}</div>", esc(&claim.note));
    }
    out.push_str("</div>\n");
}

/// The release text with its claims marked (overlapping claims: the earlier one wins).
fn push_marked_text(out: &mut String, claims: &[&Claim], release: &Release) {
    let text = &release.text;
    out.push_str("<div class=\"text\">");
    let mut pos = 0;
    for claim in claims {
        let (s, e) = (claim.anchor.start, claim.anchor.end);
        if s < pos || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        escape_xml(&text[pos..s], out);
        let _ = write!(out, "<a href=\"#c-{}\"><mark>", claim.id.0);
        escape_xml(&text[s..e], out);
        out.push_str("</mark></a>");
        pos = e;
    }
    escape_xml(&text[pos..], out);
    out.push_str("</div>\n");
}
