//! The release list: date, title, kind and department, newest first.

use std::collections::HashMap;
use std::sync::Arc;

use egui_extras::{Column, TableBuilder};

use crate::archive::Archive;

use super::claims_panel;
use super::columns::DraggedRelease;
use super::command::{AppCommand, Command};
use super::list_filters::{Choices, ListFilters};
use super::prefs::ListWidths;
use super::view::View;
use super::widgets::SidePanelWidth;

/// The release list's own state: its filters and the rows shown, kept from frame to frame
/// (at archive scale, filtering 100,000 releases every frame would cost more than drawing
/// the list).
#[derive(Default)]
pub struct ReleaseList {
    /// What the rows were computed from; `None` forces a recomputation.
    key: Option<RowsKey>,
    /// Release indices, newest first, that pass the search, the date range and the filters.
    pub rows: Vec<usize>,
    /// Search hits per release.
    pub hits: HashMap<usize, usize>,
    /// Whether the archive holds more than one kind of release (else the Kind column,
    /// all one word, gives its room to the titles); found once per archive.
    several_kinds: Option<(usize, bool)>,
    pub filters: ListFilters,
    /// Departments and kinds in the archive, for the filter menus (found once per archive).
    choices: Option<Choices>,
    /// Per set of columns (with Kind, while searching): the widths its table was last given
    /// or last measured at. A table whose widths differ from the preferences' (they changed
    /// in another set, or the preferences were read at start) is reset to them.
    synced: HashMap<(bool, bool), ListWidths>,
    /// Whether the Kind column was shown last frame: kept while the pointer is down, so a
    /// column edge being dragged stays under the pointer.
    showed_kind: Option<bool>,
    /// The panel's width, kept while a small window narrows it.
    width: SidePanelWidth,
}

#[derive(PartialEq)]
struct RowsKey {
    archive: usize,
    order: usize,
    query: String,
    range: Option<(i64, i64)>,
    filters: ListFilters,
    /// With filters on, the rows also depend on the claims: the project's revision.
    claims: u64,
}

impl ReleaseList {
    /// Another archive is open: the filter menus' choices are found again.
    pub fn archive_changed(&mut self) {
        self.choices = None;
    }

    /// Brings the rows up to date, recomputing them only when what they depend on changed.
    fn update_rows(&mut self, view: &View, archive: &Arc<Archive>) {
        let active = self.filters.is_active();
        let key = RowsKey {
            archive: Arc::as_ptr(archive) as usize,
            order: view.order.len(),
            query: view.search.searched().to_owned(),
            range: view.date_filter,
            filters: self.filters.clone(),
            claims: if active {
                view.doc.history.revision()
            } else {
                0
            },
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        // The rows: every release newest first, or only those the search matches.
        let hits: Option<HashMap<usize, usize>> = view.search.results.as_ref().map(|r| {
            r.releases
                .iter()
                .map(|h| (h.release, h.hits.len()))
                .collect()
        });
        let range = view.date_filter;
        let in_range = |i: &usize| match (range, archive.releases.get(*i).and_then(|r| r.date)) {
            (None, _) => true,
            (Some((a, b)), Some(d)) => d.last_day() >= a && d.first_day() <= b,
            (Some(_), None) => false,
        };
        let matcher = active.then(|| self.filters.matcher(&view.doc.project));
        let rows: Vec<usize> = view
            .order
            .iter()
            .copied()
            .filter(|i| hits.as_ref().is_none_or(|h| h.contains_key(i)))
            .filter(in_range)
            .filter(|&i| match &matcher {
                Some(m) => archive.releases.get(i).is_some_and(m),
                None => true,
            })
            .collect();
        drop(matcher);
        self.key = Some(key);
        self.rows = rows;
        self.hits = hits.unwrap_or_default();
        let id = Arc::as_ptr(archive) as usize;
        if self.several_kinds.is_none_or(|(a, _)| a != id) {
            let first = archive.releases.first().map(|r| r.kind);
            let several = archive.releases.iter().any(|r| Some(r.kind) != first);
            self.several_kinds = Some((id, several));
        }
    }
}

/// Room kept for titles (28 characters of body text, five or six words) before the Kind
/// column is shown.
const TITLE_ROOM: f32 = 176.0;

impl ReleaseList {
    /// Draws the list in its side panel; `search_bar` draws the search field above it.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &View,
        commands: &mut Vec<AppCommand>,
        search_bar: impl FnOnce(&mut egui::Ui, &mut Vec<AppCommand>),
    ) {
        if view.prefs.hide_list {
            return;
        }
        // Wide enough for the date, 28 characters of title, the kind and the department
        // (Home Office) at 1280×800, narrow enough that two compare columns (300 px each)
        // fit beside it and the claims panel; dragged wider or narrower (or collapsed,
        // View > Release list) as the user likes. In a small window it narrows first, leaving
        // the claims panel its least width and the reader its room.
        let claims = if view.prefs.hide_claims_panel {
            0.0
        } else {
            claims_panel::LEAST_WIDTH
        };
        let widths = self.width.range(ui, "release-list", 200.0, claims);
        let shown = egui::Panel::left("release-list")
            .resizable(true)
            .default_size(420.0)
            .size_range(widths)
            .show(ui, |ui| {
                // The panel keeps the width of what it holds: fill it, so that a short
                // line shown before the archive loads does not narrow the list for good.
                ui.set_min_width(ui.available_width());
                let Some(archive) = view.archive.cloned() else {
                    ui.label("No archive open. Use File > Open… or drop a file here.");
                    return;
                };
                ui.heading("Releases");
                search_bar(ui, commands);
                self.picked_row(ui, view, commands);
                let label = if self.filters.is_active() {
                    "Filters (on)"
                } else {
                    "Filters"
                };
                ui.toggle_value(&mut self.filters.open, label);
                if self.filters.open {
                    let choices = self
                        .choices
                        .get_or_insert_with(|| super::list_filters::choices(&archive));
                    super::list_filters::show(ui, &mut self.filters, &view.doc.project, choices);
                }
                self.update_rows(view, &archive);
                if self.rows.len() != view.order.len() {
                    ui.label(format!(
                        "{} of {} releases shown",
                        self.rows.len(),
                        view.order.len()
                    ));
                }
                self.table(ui, view, &archive, commands);
            });
        self.width.shown(widths, shown.response.rect);
    }

    /// How many releases are picked for comparing (Ctrl-click), and Compare.
    fn picked_row(&self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        if view.picked.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            ui.label(format!("{} picked (Ctrl-click)", view.picked.len()));
            if ui
                .add_enabled(view.picked.len() >= 2, egui::Button::new("Compare"))
                .clicked()
            {
                commands.push(AppCommand::Run(Command::CompareSelected));
            }
        });
    }

    fn table(
        &mut self,
        ui: &mut egui::Ui,
        view: &View,
        archive: &Archive,
        commands: &mut Vec<AppCommand>,
    ) {
        let (rows, hits) = (&self.rows, &self.hits);
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let scroll_to = view
            .selected
            .filter(|_| view.scroll_to_selected)
            .and_then(|s| rows.iter().position(|&i| i == s));
        let widths = view.prefs.list_widths;
        // The Title column takes the room the others leave, so titles can be read and
        // widening the panel widens the titles; Date, Kind, Department and Hits resize by
        // dragging their edges, and the widths the user gives them are kept in the
        // preferences (across restarts).
        // Kind only when releases differ in kind and the titles keep their room beside
        // it (the kind is in each title's tooltip and the filters); Hits only while
        // searching.
        let room = ui.available_width() - ui.spacing().scroll.allocated_width();
        let fits = self.several_kinds.is_some_and(|(_, k)| k)
            && room
                >= widths.date
                    + widths.kind
                    + widths.department
                    + TITLE_ROOM
                    + 3.0 * ui.spacing().item_spacing.x;
        let dragging = ui.input(|i| i.pointer.primary_down());
        let kinds = match self.showed_kind {
            Some(shown) if dragging => shown,
            _ => fits,
        };
        self.showed_kind = Some(kinds);
        let searching = view.search.results.is_some();
        let mut columns = vec![ListColumn::Date, ListColumn::Title];
        if kinds {
            columns.push(ListColumn::Kind);
        }
        columns.push(ListColumn::Department);
        if searching {
            columns.push(ListColumn::Hits);
        }
        let mut table = TableBuilder::new(ui)
            .id_salt(("releases", kinds, searching))
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click_and_drag());
        for c in &columns {
            table = table.column(match c.width(&widths) {
                Some(w) => Column::initial(w).at_least(c.min_width()).clip(true),
                None => Column::remainder()
                    .at_least(60.0)
                    .clip(true)
                    .resizable(false),
            });
        }
        // Each set of columns has its own table (and egui keeps each one's widths): one
        // that last showed other widths than the preferences' starts again from them.
        let set = (kinds, searching);
        if self.synced.get(&set) != Some(&widths) {
            table.reset();
            self.synced.insert(set, widths);
        }
        if let Some(row) = scroll_to {
            table = table.scroll_to_row(row, None);
        }
        let mut shown = vec![0.0; columns.len()];
        let table = table.header(row_height, |mut header| {
            for (c, width) in columns.iter().zip(shown.iter_mut()) {
                header.col(|ui| {
                    *width = ui.max_rect().width();
                    ui.strong(c.name());
                });
            }
        });
        // A column edge dragged: the new widths go to the preferences.
        let mut now = widths;
        for (c, width) in columns.iter().zip(&shown) {
            c.set_width(&mut now, *width);
        }
        if !now.same_as(&widths) {
            self.synced.insert(set, now);
            commands.push(AppCommand::SetListWidths(now));
        }
        table.body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let Some(&index) = rows.get(row.index()) else {
                    return;
                };
                let Some(r) = archive.releases.get(index) else {
                    return;
                };
                // Picking (Ctrl-click) highlights the picked rows only, so what is
                // highlighted is what Compare will show.
                let highlighted = if view.picked.is_empty() {
                    view.selected == Some(index)
                } else {
                    view.picked.contains(&index)
                };
                row.set_selected(highlighted);
                let date = r
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".into());
                row.col(|ui| {
                    ui.add(egui::Label::new(date).selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&r.title).selectable(false).truncate())
                        .on_hover_text(format!(
                            "{}\n{} · {}: {}:{}",
                            r.title,
                            r.kind.label(),
                            r.format.label(),
                            archive.file_path(r.file).display(),
                            r.line
                        ));
                });
                if kinds {
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(r.kind.label())
                                .selectable(false)
                                .truncate(),
                        );
                    });
                }
                row.col(|ui| {
                    let dept = r
                        .department
                        .as_deref()
                        .or_else(|| r.speakers.first().map(|s| s.name.as_str()))
                        .unwrap_or("—");
                    ui.add(egui::Label::new(dept).selectable(false).truncate())
                        .on_hover_text(dept);
                });
                if searching {
                    row.col(|ui| {
                        if let Some(n) = hits.get(&index) {
                            ui.add(egui::Label::new(n.to_string()).selectable(false));
                        }
                    });
                }
                let response = row.response();
                // Dragged onto the reader or the columns, a release becomes a column.
                response.dnd_set_drag_payload(DraggedRelease(index));
                if response.clicked() {
                    let pick = response.ctx.input(|i| i.modifiers.command);
                    commands.push(if pick {
                        AppCommand::TogglePick(index)
                    } else {
                        AppCommand::SelectRelease(index)
                    });
                }
                response.context_menu(|ui| {
                    if ui.button("Add as column").clicked() {
                        commands.push(AppCommand::AddColumn(index));
                    }
                });
            });
        });
    }
}

/// A column of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListColumn {
    Date,
    Title,
    Kind,
    Department,
    Hits,
}

impl ListColumn {
    fn name(self) -> &'static str {
        match self {
            ListColumn::Date => "Date",
            ListColumn::Title => "Title",
            ListColumn::Kind => "Kind",
            ListColumn::Department => "Department",
            ListColumn::Hits => "Hits",
        }
    }

    /// The width the user gave the column (`None`: the Title, which takes the rest).
    fn width(self, w: &ListWidths) -> Option<f32> {
        match self {
            ListColumn::Date => Some(w.date),
            ListColumn::Title => None,
            ListColumn::Kind => Some(w.kind),
            ListColumn::Department => Some(w.department),
            ListColumn::Hits => Some(w.hits),
        }
    }

    fn set_width(self, w: &mut ListWidths, width: f32) {
        match self {
            ListColumn::Date => w.date = width,
            ListColumn::Title => {}
            ListColumn::Kind => w.kind = width,
            ListColumn::Department => w.department = width,
            ListColumn::Hits => w.hits = width,
        }
    }

    fn min_width(self) -> f32 {
        match self {
            ListColumn::Date => 40.0,
            ListColumn::Hits => 24.0,
            _ => 30.0,
        }
    }
}
