//! A claim as an analyst pastes it into a brief: the quote, then where it comes from
//! (release title, department, date) and the figures it states.

use crate::archive::Release;
use crate::project::Claim;

/// “quote” — title, department, date. Figures: …
///
/// Figures are those the detector finds inside the claim's words, read in their release
/// (so a qualifier such as "over" or a period stated nearby comes with them).
pub fn citation(claim: &Claim, release: &Release) -> String {
    let mut source = vec![release.title.trim().to_owned()];
    if let Some(d) = release
        .department
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        source.push(d.trim().to_owned());
    }
    if release.date.is_some() {
        source.push(release.date_label());
    }
    let mut out = format!("“{}” — {}.", claim.anchor.exact.trim(), source.join(", "));
    let (start, end) = (claim.anchor.start, claim.anchor.end);
    let figures: Vec<String> = crate::figures::find_figures(&release.text)
        .into_iter()
        .filter(|f| f.start >= start && f.end <= end)
        .map(|f| {
            let mut said = f.text.clone();
            if let Some(q) = &f.qualifier {
                said = format!("{q} {said}");
            }
            if let Some(p) = &f.period {
                said.push_str(&format!(" ({p})"));
            }
            said
        })
        .collect();
    if !figures.is_empty() {
        let label = if figures.len() == 1 {
            "Figure"
        } else {
            "Figures"
        };
        out.push_str(&format!(" {label}: {}.", figures.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Anchor, ArchiveRef, Project, TagId};

    #[test]
    fn cites_the_sample_release_with_its_figure() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/home-office-may-2023.txt");
        let archive = crate::archive::Archive::load(&[path]).unwrap();
        let release = archive
            .releases
            .iter()
            .find(|r| r.title.starts_with("Changes to student visa"))
            .unwrap();
        let words = "net migration was over 500,000";
        let start = release.text.find(words).unwrap();
        let project = Project::new(ArchiveRef::default(), "ana");
        let anchor = Anchor::from_range(&release.text, start, start + words.len());
        let claim = project.new_claim(&release.id, anchor, vec![TagId(1)], 0);
        let text = citation(&claim, release);
        assert!(text.starts_with("“net migration was over 500,000” — Changes to student visa route will reduce net migration, Home Office, "), "{text}");
        assert!(text.contains("2023"), "{text}");
        assert!(text.contains("Figure: over 500,000"), "{text}");
    }
}
