//! The reader: a release's structure — title, metadata, paragraphs, bullets, quotes with
//! their speakers, and tables as rows and cells. All text is selectable.

use crate::archive::{split_cells, Block, BlockKind, Release};

use super::pressmark_app::PressmarkApp;

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    if let Some(loading) = &app.loading {
        let names: Vec<String> = loading
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Loading {}…", names.join(", ")));
        });
        ui.add(
            egui::ProgressBar::new(loading.progress.fraction())
                .show_percentage()
                .desired_width(320.0),
        );
        ui.separator();
    }
    let Some(archive) = app.archive.clone() else {
        if app.loading.is_none() {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("Pressmark");
                ui.label("Open an archive of press releases with File > Open…, or drop one on the window.");
            });
        }
        return;
    };
    let Some(release) = app.selected.and_then(|i| archive.releases.get(i)) else {
        ui.label("Select a release in the list.");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt(("reader", &release.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width().min(860.0));
            header(ui, release, archive.file_path(release.file));
            ui.separator();
            body(ui, release);
        });
}

fn header(ui: &mut egui::Ui, r: &Release, path: &std::path::Path) {
    ui.add(egui::Label::new(egui::RichText::new(&r.title).heading().strong()).wrap());
    let mut meta = vec![r.kind.label().to_owned(), r.date_label()];
    if let Some(d) = &r.department {
        meta.push(d.clone());
    }
    if !r.section.is_empty() {
        meta.push(format!("section: {}", r.section));
    }
    ui.label(egui::RichText::new(meta.join("  ·  ")).weak());
    ui.label(
        egui::RichText::new(format!("{}:{}", path.display(), r.line))
            .small()
            .weak(),
    );
}

fn body(ui: &mut egui::Ui, r: &Release) {
    let blocks = &r.blocks;
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        match block.kind {
            BlockKind::Title => {}
            BlockKind::Dateline => {
                ui.label(egui::RichText::new(r.block_text(block)).italics().weak());
            }
            BlockKind::Paragraph => {
                ui.add(egui::Label::new(r.block_text(block)).wrap());
            }
            BlockKind::Bullet => {
                ui.horizontal_wrapped(|ui| {
                    ui.label("•");
                    ui.add(egui::Label::new(r.block_text(block)).wrap());
                });
            }
            BlockKind::QuoteIntro => {
                ui.label(egui::RichText::new(r.block_text(block)).weak());
            }
            BlockKind::Quote => {
                let end = run_end(blocks, i, |b| {
                    b.kind == BlockKind::Quote && b.speaker == block.speaker
                });
                quote(ui, r, &blocks[i..end]);
                i = end;
                continue;
            }
            BlockKind::TableRow => {
                let end = run_end(blocks, i, |b| b.kind == BlockKind::TableRow);
                table(ui, r, &blocks[i..end], i);
                i = end;
                continue;
            }
        }
        ui.add_space(6.0);
        i += 1;
    }
}

fn run_end(blocks: &[Block], from: usize, same: impl Fn(&Block) -> bool) -> usize {
    blocks[from..]
        .iter()
        .position(|b| !same(b))
        .map(|n| from + n)
        .unwrap_or(blocks.len())
}

fn quote(ui: &mut egui::Ui, r: &Release, run: &[Block]) {
    let speaker = run
        .first()
        .and_then(|b| b.speaker)
        .and_then(|s| r.speakers.get(usize::from(s)));
    let stroke = egui::Stroke::new(3.0, ui.visuals().selection.bg_fill);
    egui::Frame::new()
        .inner_margin(egui::Margin {
            left: 12,
            right: 4,
            top: 2,
            bottom: 2,
        })
        .show(ui, |ui| {
            let rect = ui.max_rect();
            if let Some(s) = speaker {
                ui.label(egui::RichText::new(s.display()).strong());
            }
            for b in run {
                ui.add(egui::Label::new(egui::RichText::new(r.block_text(b)).italics()).wrap());
                ui.add_space(4.0);
            }
            let left = rect.left() - 8.0;
            let bottom = ui.min_rect().bottom();
            ui.painter().line_segment(
                [egui::pos2(left, rect.top()), egui::pos2(left, bottom)],
                stroke,
            );
        });
    ui.add_space(6.0);
}

fn table(ui: &mut egui::Ui, r: &Release, rows: &[Block], first: usize) {
    let width = ui.available_width();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new(("table", &r.id, first))
            .striped(true)
            .num_columns(2)
            .min_col_width(80.0)
            .show(ui, |ui| {
                for row in rows {
                    let text = r.block_text(row);
                    let (description, amount) = match crate::archive::row_amount(text) {
                        Some((s, e)) => (
                            format!("{}{}", text[..s].trim_end(), &text[e..]),
                            &text[s..e],
                        ),
                        None => (split_cells(text).join("  ·  "), ""),
                    };
                    ui.scope(|ui| {
                        ui.set_max_width((width - 160.0).max(200.0));
                        ui.add(egui::Label::new(description).wrap());
                    });
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::TOP), |ui| {
                        ui.label(egui::RichText::new(amount).monospace());
                    });
                    ui.end_row();
                }
            });
    });
    ui.add_space(6.0);
}
