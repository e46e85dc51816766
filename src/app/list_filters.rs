//! Filters on the release list that combine with search and the timeline's date range:
//! department, kind, speaker, tag, claim status, and with or without claims.

use std::collections::HashSet;

use crate::archive::{Archive, Kind, Release};
use crate::project::{Project, Status, TagId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HasClaims {
    #[default]
    Any,
    With,
    Without,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilters {
    pub department: Option<String>,
    pub kind: Option<Kind>,
    pub speaker: String,
    pub tag: Option<TagId>,
    pub status: Option<Status>,
    pub has_claims: HasClaims,
    pub open: bool,
}

impl ListFilters {
    pub fn is_active(&self) -> bool {
        self.department.is_some()
            || self.kind.is_some()
            || !self.speaker.trim().is_empty()
            || self.tag.is_some()
            || self.status.is_some()
            || self.has_claims != HasClaims::Any
    }

    /// A test for releases, prepared once per frame.
    pub fn matcher<'a>(&'a self, project: &'a Project) -> impl Fn(&Release) -> bool + 'a {
        let claim_filter = self.tag.is_some() || self.status.is_some();
        // Releases with a claim that passes the tag and status filters.
        let matching: HashSet<&str> = project
            .claims
            .values()
            .filter(|c| self.tag.is_none_or(|t| c.has_tag(t)))
            .filter(|c| self.status.is_none_or(|s| c.status == s))
            .map(|c| c.release.as_str())
            .collect();
        let with_claims: HashSet<&str> = if self.has_claims == HasClaims::Any {
            HashSet::new()
        } else {
            project
                .claims
                .values()
                .map(|c| c.release.as_str())
                .collect()
        };
        let speaker = self.speaker.trim().to_lowercase();
        move |r: &Release| {
            self.department
                .as_ref()
                .is_none_or(|d| r.department.as_deref() == Some(d.as_str()))
                && self.kind.is_none_or(|k| r.kind == k)
                && (speaker.is_empty()
                    || r.speakers
                        .iter()
                        .any(|s| s.name.to_lowercase().contains(&speaker)))
                && (!claim_filter || matching.contains(r.id.as_str()))
                && match self.has_claims {
                    HasClaims::Any => true,
                    HasClaims::With => with_claims.contains(r.id.as_str()),
                    HasClaims::Without => !with_claims.contains(r.id.as_str()),
                }
        }
    }
}

/// The departments and kinds present in an archive, sorted, for the filter menus.
pub fn choices(archive: &Archive) -> (Vec<String>, Vec<Kind>) {
    let mut departments: Vec<String> = archive
        .releases
        .iter()
        .filter_map(|r| r.department.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    departments.sort();
    let mut kinds: Vec<Kind> = archive
        .releases
        .iter()
        .map(|r| r.kind)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    kinds.sort();
    (departments, kinds)
}

pub fn show(
    ui: &mut egui::Ui,
    f: &mut ListFilters,
    project: &Project,
    choices: &(Vec<String>, Vec<Kind>),
) -> bool {
    let mut typing = false;
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::new("filter-department", "Department")
            .selected_text(f.department.clone().unwrap_or_else(|| "any".into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.department, None, "any");
                for d in &choices.0 {
                    ui.selectable_value(&mut f.department, Some(d.clone()), d);
                }
            });
        egui::ComboBox::new("filter-kind", "Kind")
            .selected_text(f.kind.map(Kind::label).unwrap_or("any"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.kind, None, "any");
                for k in &choices.1 {
                    ui.selectable_value(&mut f.kind, Some(*k), k.label());
                }
            });
        let edit = egui::TextEdit::singleline(&mut f.speaker)
            .hint_text("name")
            .desired_width(100.0);
        typing |= super::widgets::field(ui, "Speaker", edit).has_focus();
        let tag_name = f
            .tag
            .and_then(|t| project.codebook.get(t))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "any".into());
        egui::ComboBox::new("filter-list-tag", "Tag")
            .selected_text(tag_name)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.tag, None, "any");
                for t in project.codebook.tags() {
                    ui.selectable_value(&mut f.tag, Some(t.id), &t.name);
                }
            });
        egui::ComboBox::new("filter-list-status", "Status")
            .selected_text(f.status.map(|s| s.label()).unwrap_or("any"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.status, None, "any");
                for s in super::claims_panel::STATUSES {
                    ui.selectable_value(&mut f.status, Some(s), s.label());
                }
            });
        egui::ComboBox::new("filter-has-claims", "Claims")
            .selected_text(match f.has_claims {
                HasClaims::Any => "any",
                HasClaims::With => "with claims",
                HasClaims::Without => "without claims",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.has_claims, HasClaims::Any, "any");
                ui.selectable_value(&mut f.has_claims, HasClaims::With, "with claims");
                ui.selectable_value(&mut f.has_claims, HasClaims::Without, "without claims");
            });
        if f.is_active() && ui.button("Clear filters").clicked() {
            let open = f.open;
            *f = ListFilters {
                open,
                ..ListFilters::default()
            };
        }
    });
    typing
}
