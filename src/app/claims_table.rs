//! The project's claims as a table: filter by tag, status and release; sort by any column;
//! total the selected rows where their units agree; double-click to go to a claim.

use std::collections::{BTreeSet, HashMap};

use egui_extras::{Column, TableBuilder};

use crate::figures::QuoteFigures;
use crate::project::{ClaimId, Status, TagId};

use super::claims_panel::STATUSES;
use super::command::AppCommand;
use super::view::View;

const COLUMNS: [&str; 9] = [
    "Release", "Date", "Tags", "Quote", "Figure", "Value", "Unit", "Status", "Note",
];

#[derive(Default)]
pub struct TableUi {
    pub visible: bool,
    tag: Option<TagId>,
    status: Option<Status>,
    release_filter: String,
    sort: usize,
    descending: bool,
    selected: BTreeSet<ClaimId>,
    /// The figure in each quote, found once per quote rather than every frame.
    figures: QuoteFigures,
}

/// One row, with every cell as text plus the figure's value for sorting and totals.
pub struct Row {
    pub id: ClaimId,
    pub cells: [String; 9],
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// The rows the table shows, filtered and sorted (figures from the cache `show` fills).
fn rows(ui: &TableUi, view: &View) -> Vec<Row> {
    let releases: HashMap<&str, &crate::archive::Release> = view
        .archive
        .as_ref()
        .map(|a| a.releases.iter().map(|r| (r.id.as_str(), r)).collect())
        .unwrap_or_default();
    let book = &view.doc.project.codebook;
    let filter = ui.release_filter.to_lowercase();
    let mut out: Vec<Row> = view
        .doc
        .project
        .claims
        .values()
        .filter(|c| ui.tag.is_none_or(|t| c.has_tag(t)))
        .filter(|c| ui.status.is_none_or(|s| c.status == s))
        .filter_map(|c| {
            let r = releases.get(c.release.as_str());
            let title = r
                .map(|r| r.title.clone())
                .unwrap_or_else(|| "(release not in archive)".into());
            if !filter.is_empty() && !title.to_lowercase().contains(&filter) {
                return None;
            }
            // read in the release, so a table cell has its header's scale and unit
            let found = ui.figures.of_claim(c);
            let figure = found.first();
            let tags: Vec<&str> = c
                .tags
                .iter()
                .filter_map(|t| book.get(*t).map(|t| t.name.as_str()))
                .collect();
            Some(Row {
                id: c.id,
                value: figure.as_ref().map(|f| f.value),
                unit: figure.as_ref().map(|f| f.unit.as_str().to_owned()),
                cells: [
                    title,
                    r.and_then(|r| r.date)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    tags.join("; "),
                    c.anchor.exact.clone(),
                    figure.as_ref().map(|f| f.text.clone()).unwrap_or_default(),
                    figure.map(|f| value_text(f, found)).unwrap_or_default(),
                    figure
                        .as_ref()
                        .map(|f| f.unit.as_str().to_owned())
                        .unwrap_or_default(),
                    c.status.label().to_owned(),
                    c.note.clone(),
                ],
            })
        })
        .collect();
    let col = ui.sort.min(COLUMNS.len() - 1);
    out.sort_by(|a, b| {
        let ord = if col == 5 {
            a.value
                .partial_cmp(&b.value)
                .unwrap_or(std::cmp::Ordering::Equal)
        } else {
            a.cells[col].cmp(&b.cells[col])
        };
        ord.then(a.id.cmp(&b.id))
    });
    if ui.descending {
        out.reverse();
    }
    out
}

/// A figure's value for the Value column: a ratio to three places, and a range as both
/// ends ("20 – 30").
fn value_text(f: &crate::figures::Figure, found: &[crate::figures::Figure]) -> String {
    let one = |f: &crate::figures::Figure| match f.unit {
        crate::figures::Unit::Ratio => format!("{:.3}", f.value),
        _ => format_value(f.value),
    };
    match found.get(1) {
        Some(second) if second.unit == f.unit => format!("{} – {}", one(f), one(second)),
        _ => one(f),
    }
}

pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v as i64);
        let mut out = String::new();
        for (i, c) in s.chars().rev().enumerate() {
            if i > 0 && i % 3 == 0 && c != '-' {
                out.push(',');
            }
            out.push(c);
        }
        out.chars().rev().collect()
    } else {
        format!("{v}")
    }
}

/// The total of the selected rows' values, if they share a unit.
pub fn selected_total(rows: &[Row], selected: &BTreeSet<ClaimId>) -> Option<(f64, String)> {
    let chosen: Vec<&Row> = rows.iter().filter(|r| selected.contains(&r.id)).collect();
    let unit = chosen.first()?.unit.clone()?;
    chosen
        .iter()
        .all(|r| r.unit.as_deref() == Some(&unit))
        .then(|| (chosen.iter().filter_map(|r| r.value).sum(), unit))
}

impl TableUi {
    pub fn ui(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        if !self.visible {
            return;
        }
        if let Some(archive) = view.archive {
            self.figures
                .fill_claims(archive, view.doc.project.claims.values());
        }
        let rows = rows(self, view);
        let mut open = true;
        egui::Window::new("Claims")
            .open(&mut open)
            .default_size([900.0, 420.0])
            .show(ctx, |ui| {
                filters(self, view, ui);
                let total = selected_total(&rows, &self.selected);
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{} claims shown, {} selected",
                        rows.len(),
                        self.selected.len()
                    ));
                    match total {
                        Some((sum, unit)) => ui.strong(format!("Total of selected: {} {unit}", format_value(sum))),
                        None if !self.selected.is_empty() => {
                            ui.label("Selected rows have no figures in one unit to total.")
                        }
                        None => ui.label("Click rows to select them (Ctrl-click adds); double-click goes to the claim."),
                    };
                });
                table(self, commands, ui, &rows);
            });
        if !open {
            self.visible = false;
        }
    }
}

fn filters(t: &mut TableUi, view: &View, ui: &mut egui::Ui) {
    let book = &view.doc.project.codebook;
    ui.horizontal(|ui| {
        let tag_name = t
            .tag
            .and_then(|id| book.get(id))
            .map(|x| x.name.clone())
            .unwrap_or_else(|| "any tag".into());
        egui::ComboBox::new("filter-tag", "Tag")
            .selected_text(tag_name)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut t.tag, None, "any tag");
                for tag in book.tags() {
                    ui.selectable_value(&mut t.tag, Some(tag.id), &tag.name);
                }
            });
        egui::ComboBox::new("filter-status", "Status")
            .selected_text(t.status.map(|s| s.label()).unwrap_or("any status"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut t.status, None, "any status");
                for s in STATUSES {
                    ui.selectable_value(&mut t.status, Some(s), s.label());
                }
            });
        super::widgets::field(
            ui,
            "Release filter",
            egui::TextEdit::singleline(&mut t.release_filter)
                .hint_text("release title contains…")
                .desired_width(200.0),
        );
    });
}

fn table(t: &mut TableUi, commands: &mut Vec<AppCommand>, ui: &mut egui::Ui, rows: &[Row]) {
    let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut builder = TableBuilder::new(ui)
        .id_salt("claims-table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click());
    for (i, _) in COLUMNS.iter().enumerate() {
        let col = match i {
            0 | 3 => Column::initial(200.0).clip(true),
            8 => Column::remainder().clip(true),
            _ => Column::auto().clip(true),
        };
        builder = builder.column(col);
    }
    builder
        .header(height, |mut header| {
            for (i, name) in COLUMNS.iter().enumerate() {
                header.col(|ui| {
                    let arrow = match (t.sort == i, t.descending) {
                        (true, false) => " ^",
                        (true, true) => " v",
                        _ => "",
                    };
                    if ui.button(format!("{name}{arrow}")).clicked() {
                        if t.sort == i {
                            t.descending = !t.descending;
                        } else {
                            t.sort = i;
                            t.descending = false;
                        }
                    }
                });
            }
        })
        .body(|body| {
            body.rows(height, rows.len(), |mut row| {
                let Some(r) = rows.get(row.index()) else {
                    return;
                };
                row.set_selected(t.selected.contains(&r.id));
                for cell in &r.cells {
                    row.col(|ui| {
                        ui.add(egui::Label::new(cell).selectable(false).truncate());
                    });
                }
                let response = row.response();
                if response.double_clicked() {
                    commands.push(AppCommand::JumpToClaim(r.id));
                } else if response.clicked() {
                    let additive = response
                        .ctx
                        .input(|i| i.modifiers.command || i.modifiers.shift);
                    let sel = &mut t.selected;
                    if !additive {
                        sel.clear();
                        sel.insert(r.id);
                    } else if !sel.remove(&r.id) {
                        sel.insert(r.id);
                    }
                }
            });
        });
}
