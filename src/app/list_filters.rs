//! Filters on the release list that combine with search and the timeline's date range:
//! department, kind, speaker, tag, claim status, with or without claims, and (when the
//! archive mixes them) source format and file.

use std::collections::HashSet;

use crate::archive::{Archive, Format, Kind, Release};
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
    /// The source format (GOV.UK JSON, saved page, ...).
    pub format: Option<Format>,
    /// Index into `Archive::files`.
    pub file: Option<usize>,
    pub open: bool,
}

/// What the filter menus offer: departments, kinds, formats, and files (index and name).
pub type Choices = (Vec<String>, Vec<Kind>, Vec<Format>, Vec<(usize, String)>);

impl ListFilters {
    pub fn is_active(&self) -> bool {
        self.department.is_some()
            || self.kind.is_some()
            || !self.speaker.trim().is_empty()
            || self.tag.is_some()
            || self.status.is_some()
            || self.has_claims != HasClaims::Any
            || self.format.is_some()
            || self.file.is_some()
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
                && self.format.is_none_or(|f| r.format == f)
                && self.file.is_none_or(|f| r.file == f)
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

/// The departments, kinds, formats and files present in an archive, sorted, for the filter
/// menus.
pub fn choices(archive: &Archive) -> Choices {
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
    let mut formats: Vec<Format> = archive
        .releases
        .iter()
        .map(|r| r.format)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    formats.sort();
    let mut files: Vec<(usize, String)> = archive
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.path.display().to_string()))
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    (departments, kinds, formats, files)
}

pub fn show(ui: &mut egui::Ui, f: &mut ListFilters, project: &Project, choices: &Choices) -> bool {
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
        if choices.2.len() > 1 {
            egui::ComboBox::new("filter-format", "Format")
                .selected_text(f.format.map(Format::label).unwrap_or("any"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.format, None, "any");
                    for k in &choices.2 {
                        ui.selectable_value(&mut f.format, Some(*k), k.label());
                    }
                });
        }
        if choices.3.len() > 1 {
            let name = |i: usize| {
                choices
                    .3
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map(|(_, n)| short_name(n))
                    .unwrap_or_else(|| "?".to_owned())
            };
            egui::ComboBox::new("filter-file", "File")
                .selected_text(f.file.map(name).unwrap_or_else(|| "any".into()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.file, None, "any");
                    for (i, path) in &choices.3 {
                        ui.selectable_value(&mut f.file, Some(*i), short_name(path))
                            .on_hover_text(path);
                    }
                });
        }
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

/// The last two parts of a path ("speeches/leadsom.json"): enough to tell files apart.
fn short_name(path: &str) -> String {
    let parts: Vec<&str> = path.rsplit(['/', '\\']).take(2).collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}
