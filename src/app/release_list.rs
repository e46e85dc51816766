//! The release list: date, title, kind and department, newest first.

use std::collections::HashMap;
use std::sync::Arc;

use egui_extras::{Column, TableBuilder};

use crate::archive::Archive;

use super::columns::DraggedRelease;
use super::command::{AppCommand, Command};
use super::pressmark_app::PressmarkApp;

/// The rows shown, kept from frame to frame: at archive scale, filtering 100,000 releases
/// every frame would cost more than drawing the list.
#[derive(Default)]
pub struct ListRows {
    /// What the rows were computed from; `None` forces a recomputation.
    key: Option<RowsKey>,
    /// Release indices, newest first, that pass the search, the date range and the filters.
    pub rows: Vec<usize>,
    /// Search hits per release.
    pub hits: HashMap<usize, usize>,
    /// Whether the archive holds more than one kind of release (else the Kind column,
    /// all one word, gives its room to the titles); found once per archive.
    several_kinds: Option<(usize, bool)>,
}

#[derive(PartialEq)]
struct RowsKey {
    archive: usize,
    order: usize,
    query: String,
    range: Option<(i64, i64)>,
    filters: super::list_filters::ListFilters,
    /// With filters on, the rows also depend on the claims: the project's revision.
    claims: u64,
}

/// Brings `app.list` up to date, recomputing the rows only when what they depend on changed.
fn rows(app: &mut PressmarkApp, archive: &Arc<Archive>) {
    let active = app.filters.is_active();
    let key = RowsKey {
        archive: Arc::as_ptr(archive) as usize,
        order: app.order.len(),
        query: app.search.searched().to_owned(),
        range: app.timeline.range,
        filters: app.filters.clone(),
        claims: if active {
            app.doc.history.revision()
        } else {
            0
        },
    };
    if app.list.key.as_ref() == Some(&key) {
        return;
    }
    // The rows: every release newest first, or only those the search matches.
    let hits: Option<HashMap<usize, usize>> = app.search.results.as_ref().map(|r| {
        r.releases
            .iter()
            .map(|h| (h.release, h.hits.len()))
            .collect()
    });
    let range = app.timeline.range;
    let in_range = |i: &usize| match (range, archive.releases.get(*i).and_then(|r| r.date)) {
        (None, _) => true,
        (Some((a, b)), Some(d)) => d.last_day() >= a && d.first_day() <= b,
        (Some(_), None) => false,
    };
    let matcher = active.then(|| app.filters.matcher(&app.doc.project));
    let rows: Vec<usize> = app
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
    let several_kinds = app.list.several_kinds;
    app.list = ListRows {
        key: Some(key),
        rows,
        hits: hits.unwrap_or_default(),
        several_kinds,
    };
    let id = Arc::as_ptr(archive) as usize;
    if app.list.several_kinds.is_none_or(|(a, _)| a != id) {
        let first = archive.releases.first().map(|r| r.kind);
        let several = archive.releases.iter().any(|r| Some(r.kind) != first);
        app.list.several_kinds = Some((id, several));
    }
}

/// Starting widths of the list's columns (px); the Title column takes the rest.
const DATE: f32 = 72.0;
const KIND: f32 = 64.0;
const DEPARTMENT: f32 = 80.0;
/// Room kept for titles (about 30 characters) before the Kind column is shown.
const TITLE_ROOM: f32 = 180.0;

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    if app.prefs.hide_list {
        return;
    }
    // Wide enough for about 30 characters of title, narrow enough that two compare columns
    // (300 px each) fit beside it at 1280×800; dragged wider (or collapsed, View > Release
    // list) as the user likes.
    egui::Panel::left("release-list")
        .resizable(true)
        .default_size(366.0)
        .min_size(200.0)
        .show(ui, |ui| {
            let Some(archive) = app.archive.clone() else {
                ui.label("No archive open. Use File > Open… or drop a file here.");
                return;
            };
            ui.heading("Releases");
            search_field(app, ui);
            if !app.picked.is_empty() {
                ui.horizontal(|ui| {
                    ui.label(format!("{} picked (Ctrl-click)", app.picked.len()));
                    if ui
                        .add_enabled(app.picked.len() >= 2, egui::Button::new("Compare"))
                        .clicked()
                    {
                        app.commands.push(AppCommand::Run(Command::CompareSelected));
                    }
                });
            }
            let label = if app.filters.is_active() {
                "Filters (on)"
            } else {
                "Filters"
            };
            ui.toggle_value(&mut app.filters.open, label);
            if app.filters.open {
                if app.filter_choices.is_none() {
                    app.filter_choices = Some(super::list_filters::choices(&archive));
                }
                if let Some(choices) = &app.filter_choices {
                    super::list_filters::show(ui, &mut app.filters, &app.doc.project, choices);
                }
            }
            rows(app, &archive);
            let (rows, hits) = (&app.list.rows, &app.list.hits);
            if rows.len() != app.order.len() {
                ui.label(format!(
                    "{} of {} releases shown",
                    rows.len(),
                    app.order.len()
                ));
            }
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            let scroll_to = app
                .selected
                .filter(|_| app.scroll_reader_to_top)
                .and_then(|s| rows.iter().position(|&i| i == s));
            // The Title column takes the room the others leave, so titles can be read and
            // widening the panel widens the titles; Date, Kind and Department resize by
            // dragging their edges and keep the widths the user gives them.
            // Kind only when releases differ in kind and the titles keep their room beside
            // it (the kind is in each title's tooltip and the filters); Hits only while
            // searching. Each set of columns keeps its own widths.
            let room = ui.available_width() - ui.spacing().scroll.allocated_width();
            let kinds = app.list.several_kinds.is_some_and(|(_, k)| k)
                && room
                    >= DATE + KIND + DEPARTMENT + TITLE_ROOM + 3.0 * ui.spacing().item_spacing.x;
            let searching = app.search.results.is_some();
            let mut table = TableBuilder::new(ui)
                .id_salt(("releases", kinds, searching))
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click_and_drag())
                .column(Column::initial(DATE).at_least(40.0).clip(true))
                .column(
                    Column::remainder()
                        .at_least(60.0)
                        .clip(true)
                        .resizable(false),
                );
            if kinds {
                table = table.column(Column::initial(KIND).at_least(30.0).clip(true));
            }
            table = table.column(Column::initial(DEPARTMENT).at_least(30.0).clip(true));
            if searching {
                table = table.column(Column::initial(30.0).at_least(24.0).clip(true));
            }
            if let Some(row) = scroll_to {
                table = table.scroll_to_row(row, None);
            }
            let mut names = vec!["Date", "Title"];
            if kinds {
                names.push("Kind");
            }
            names.push("Department");
            if searching {
                names.push("Hits");
            }
            table
                .header(row_height, |mut header| {
                    for name in names {
                        header.col(|ui| {
                            ui.strong(name);
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, rows.len(), |mut row| {
                        let Some(&index) = rows.get(row.index()) else {
                            return;
                        };
                        let Some(r) = archive.releases.get(index) else {
                            return;
                        };
                        // Picking (Ctrl-click) highlights the picked rows only, so what is
                        // highlighted is what Compare will show.
                        let highlighted = if app.picked.is_empty() {
                            app.selected == Some(index)
                        } else {
                            app.picked.contains(&index)
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
                            app.commands.push(if pick {
                                AppCommand::TogglePick(index)
                            } else {
                                AppCommand::SelectRelease(index)
                            });
                        }
                        response.context_menu(|ui| {
                            if ui.button("Add as column").clicked() {
                                app.commands.push(AppCommand::AddColumn(index));
                            }
                        });
                    });
                });
        });
}

fn search_field(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let edit = egui::TextEdit::singleline(&mut app.search.query)
            .hint_text("words or \"a phrase\"   ( / )")
            .desired_width((ui.available_width() - 130.0).clamp(100.0, 260.0));
        let field = super::widgets::field(ui, "Search", edit);
        if app.search.focus_field {
            field.request_focus();
            app.search.focus_field = false;
        }
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let back = ui.input(|i| i.modifiers.shift);
            app.commands.push(if back {
                AppCommand::Run(Command::PreviousHit)
            } else {
                AppCommand::Run(Command::NextHit)
            });
            field.request_focus();
        }
        if app.search.is_indexing() {
            // A label, not a spinner: a spinner repaints every frame, taking CPU from the
            // index being built. The index thread wakes the window when it is done.
            ui.weak("indexing…")
                .on_hover_text("Search answers once the archive is indexed");
        }
    });
    if let Some(r) = &app.search.results {
        let at = app
            .search
            .current
            .map(|c| format!(" — hit {} of {}", c + 1, app.search.total_hits()))
            .unwrap_or_default();
        let (releases, hits) = (r.total_releases, r.total_hits);
        ui.label(format!(
            "{releases} {} {}, {hits} {}{at}",
            if releases == 1 { "release" } else { "releases" },
            if releases == 1 { "matches" } else { "match" },
            if hits == 1 { "hit" } else { "hits" },
        ));
        // The sentence of the current hit (or the first), as the search result to read.
        let hit = app
            .search
            .current
            .or(Some(0))
            .and_then(|n| app.search.nth_hit(n));
        let sentence = hit.and_then(|(i, h)| {
            let text = &app.archive.as_ref()?.releases.get(i)?.text;
            let s = text.get(h.sentence.0..h.sentence.1)?;
            Some(s.chars().take(300).collect::<String>())
        });
        if let Some(sentence) = sentence {
            ui.add(
                egui::Label::new(egui::RichText::new(sentence.replace('\n', " ")).italics()).wrap(),
            );
        }
    }
}
