//! The release list: date, title, kind and department, newest first.

use egui_extras::{Column, TableBuilder};

use super::command::AppCommand;
use super::pressmark_app::PressmarkApp;

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    egui::Panel::left("release-list")
        .resizable(true)
        .default_size(480.0)
        .min_size(240.0)
        .show(ui, |ui| {
            let Some(archive) = app.archive.clone() else {
                ui.label("No archive open. Use File > Open… or drop a file here.");
                return;
            };
            ui.heading("Releases");
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            let scroll_to = app
                .selected
                .filter(|_| app.scroll_reader_to_top)
                .and_then(|s| app.order.iter().position(|&i| i == s));
            let mut table = TableBuilder::new(ui)
                .id_salt("releases")
                .striped(true)
                .sense(egui::Sense::click())
                .column(Column::exact(80.0))
                .column(Column::remainder().at_least(160.0).clip(true))
                .column(Column::auto().at_least(60.0))
                .column(Column::auto().at_least(60.0));
            if let Some(row) = scroll_to {
                table = table.scroll_to_row(row, None);
            }
            table
                .header(row_height, |mut header| {
                    for name in ["Date", "Title", "Kind", "Department"] {
                        header.col(|ui| {
                            ui.strong(name);
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, app.order.len(), |mut row| {
                        let Some(&index) = app.order.get(row.index()) else {
                            return;
                        };
                        let Some(r) = archive.releases.get(index) else {
                            return;
                        };
                        row.set_selected(app.selected == Some(index));
                        let date = r
                            .date
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "undated".into());
                        row.col(|ui| {
                            ui.add(egui::Label::new(date).selectable(false));
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(&r.title).selectable(false).truncate())
                                .on_hover_text(&r.title);
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(r.kind.label()).selectable(false));
                        });
                        row.col(|ui| {
                            let dept = r
                                .department
                                .as_deref()
                                .or_else(|| r.speakers.first().map(|s| s.name.as_str()))
                                .unwrap_or("—");
                            ui.add(egui::Label::new(dept).selectable(false));
                        });
                        if row.response().clicked() {
                            app.commands.push(AppCommand::SelectRelease(index));
                        }
                    });
                });
        });
}
