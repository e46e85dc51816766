//! The reader: a release's structure — title, metadata, paragraphs, bullets, quotes with
//! their speakers, and tables as rows and cells. All text is selectable.

use std::cell::RefCell;

use crate::archive::{split_cells, Block, BlockKind, Release};

use crate::figures::{Figure, FiguresInView};

use super::claims_panel::colour;
use super::claims_table::format_value;
use super::command::AppCommand;
use super::text_block::{self, Look, Mark, MarkKind, RunContext, RunRect};
use super::view::View;

/// The reader's own state: the figures of the releases it showed, found once each.
#[derive(Default)]
pub struct Reader {
    figures: FiguresInView,
}

/// The highlights of a release: its claims, its figures and the search's hits, sorted by
/// start.
fn marks(view: &View, index: usize, release: &Release, figures: &[Figure]) -> Vec<Mark> {
    let mut marks: Vec<Mark> = Vec::new();
    let book = &view.doc.project.codebook;
    for c in view.doc.claims_in_release(&release.id) {
        let tags: Vec<&str> = c
            .tags
            .iter()
            .filter_map(|t| book.get(*t).map(|t| t.name.as_str()))
            .collect();
        let first = c.tags.first().and_then(|t| book.get(*t));
        let mut tooltip = format!("{} — {}", tags.join(", "), c.status.label());
        if !c.note.is_empty() {
            tooltip.push('\n');
            tooltip.push_str(&c.note);
        }
        marks.push(Mark {
            range: c.anchor.start..c.anchor.end,
            kind: MarkKind::Claim {
                id: c.id,
                colour: colour(first.map(|t| t.colour).unwrap_or([200, 200, 0])),
                tooltip,
                selected: view.selected_claim == Some(c.id),
            },
        });
    }
    for f in figures {
        let mut tooltip = format!("{} = {} {}", f.text, format_value(f.value), f.unit.as_str());
        if let Some(q) = &f.qualifier {
            tooltip.push_str(&format!(" ({q})"));
        }
        if let Some(n) = &f.noun {
            tooltip.push_str(&format!(", {n}"));
        }
        if let Some(p) = &f.period {
            tooltip.push_str(&format!(", {p}"));
        }
        tooltip.push_str("\nClick to make it a claim");
        marks.push(Mark {
            range: f.start..f.end,
            kind: MarkKind::Figure { tooltip },
        });
    }
    let search = view.search;
    let current = search
        .current
        .and_then(|n| search.nth_hit(n))
        .filter(|(r, _)| *r == index)
        .map(|(_, h)| h.start);
    for h in search.hits_in(index) {
        marks.push(Mark {
            range: h.start..h.end,
            kind: MarkKind::Hit {
                current: current == Some(h.start),
            },
        });
    }
    marks.sort_by_key(|m| (m.range.start, m.range.end));
    marks
}

impl Reader {
    /// Another archive is open: releases are known by index, so the figures go.
    pub fn clear(&mut self) {
        self.figures.clear();
    }

    /// The selected release, or what is being loaded, or how to open an archive.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        if let Some(loading) = view.loading {
            let names: Vec<String> = loading
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            // No spinner: it would repaint every frame and take CPU from the load itself;
            // the bar is redrawn ten times a second.
            ui.label(format!("Loading {}…", names.join(", ")));
            ui.add(
                egui::ProgressBar::new(loading.progress.fraction())
                    .show_percentage()
                    .desired_width(320.0),
            );
            ui.separator();
        }
        let Some(archive) = view.archive else {
            if view.loading.is_none() {
                ui.vertical_centered(|ui| {
                    ui.add_space(80.0);
                    ui.heading("Pressmark");
                    ui.label("Open an archive of press releases with File > Open…, or drop one on the window.");
                });
            }
            return;
        };
        let Some(index) = view.selected.filter(|&i| i < archive.releases.len()) else {
            ui.label("Select a release in the list.");
            return;
        };
        let figures = self.figures.of(Some(archive.as_ref()), index);
        let showing = Showing {
            extra: Vec::new(),
            scroll_to: view.scroll_to,
            offset: None,
            salt: "reader",
        };
        release_view(ui, view, archive, index, figures, showing, commands);
    }
}

/// How a release is shown: highlights beyond its own, where to scroll, and a salt that keeps
/// each place's scroll position apart.
pub struct Showing<'a> {
    pub extra: Vec<Mark>,
    /// Scroll to the line holding this byte offset.
    pub scroll_to: Option<usize>,
    /// Set the scroll offset (columns scrolled together).
    pub offset: Option<f32>,
    pub salt: &'a str,
}

/// Where a release view was drawn: its viewport, scroll offset and the runs of text in it
/// (their tops and bottoms relative to the top of the content).
#[derive(Debug, Clone)]
pub struct ViewGeometry {
    pub viewport: egui::Rect,
    pub offset: f32,
    pub runs: Vec<RunRect>,
}

/// A full reader for one release: metadata and structure, with claims, figures, search hits
/// and `showing.extra` marks highlighted. Used by the single reader and by each compare
/// column; what the user does in it goes to `commands`.
pub fn release_view(
    ui: &mut egui::Ui,
    view: &View,
    archive: &crate::archive::Archive,
    index: usize,
    figures: &[Figure],
    showing: Showing<'_>,
    commands: &mut Vec<AppCommand>,
) -> ViewGeometry {
    let Some(release) = archive.releases.get(index) else {
        return ViewGeometry {
            viewport: egui::Rect::NOTHING,
            offset: 0.0,
            runs: Vec::new(),
        };
    };
    let mut marks = marks(view, index, release, figures);
    if !showing.extra.is_empty() {
        marks.extend(showing.extra);
        marks.sort_by_key(|m| (m.range.start, m.range.end));
    }
    let runs = RefCell::new(Vec::new());
    let ctx = RunContext {
        release_index: index,
        release_id: &release.id,
        text: &release.text,
        marks: &marks,
        scroll_to: showing.scroll_to,
        runs: &runs,
    };
    let mut area = egui::ScrollArea::vertical()
        .id_salt((showing.salt, &release.id))
        .auto_shrink([false, false]);
    if let Some(offset) = showing.offset {
        area = area.vertical_scroll_offset(offset);
    }
    let output = area.show(ui, |ui| {
        let top = ui.max_rect().top();
        ui.set_max_width(ui.available_width().min(860.0));
        header(ui, release, archive.file_path(release.file), &ctx, commands);
        ui.separator();
        body(ui, release, &ctx, commands);
        top
    });
    let top = output.inner;
    let mut runs = runs.into_inner();
    for r in &mut runs {
        r.top -= top;
        r.bottom -= top;
    }
    ViewGeometry {
        viewport: output.inner_rect,
        offset: output.state.clamped_offset().y,
        runs,
    }
}

fn header(
    ui: &mut egui::Ui,
    r: &Release,
    path: &std::path::Path,
    ctx: &RunContext<'_>,
    commands: &mut Vec<AppCommand>,
) {
    // The title as the text holds it, where it is one of its blocks: a search hit or a
    // claim in it is marked there (the body leaves the title block out). A title the
    // text does not hold as it is (made up, or tidied) is a label.
    let block = r.blocks.iter().find(|b| {
        b.kind == BlockKind::Title
            && r.text.get(b.start as usize..b.end as usize) == Some(r.title.as_str())
    });
    match block {
        Some(block) => {
            let look = Look {
                heading: true,
                ..Look::default()
            };
            run(ui, ctx, block, look, commands);
        }
        None => {
            ui.add(egui::Label::new(egui::RichText::new(&r.title).heading().strong()).wrap());
        }
    }
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

fn run(
    ui: &mut egui::Ui,
    ctx: &RunContext<'_>,
    block: &Block,
    look: Look,
    commands: &mut Vec<AppCommand>,
) {
    text_block::show(
        ui,
        ctx,
        block.start as usize..block.end as usize,
        look,
        commands,
    );
}

fn body(ui: &mut egui::Ui, r: &Release, ctx: &RunContext<'_>, commands: &mut Vec<AppCommand>) {
    let blocks = &r.blocks;
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        match block.kind {
            BlockKind::Title => {}
            BlockKind::Dateline => {
                let look = Look {
                    italics: true,
                    weak: true,
                    ..Look::default()
                };
                run(ui, ctx, block, look, commands);
            }
            BlockKind::Paragraph => run(ui, ctx, block, Look::default(), commands),
            BlockKind::Bullet => {
                ui.horizontal_top(|ui| {
                    ui.label("•");
                    run(ui, ctx, block, Look::default(), commands);
                });
            }
            BlockKind::QuoteIntro => {
                let look = Look {
                    weak: true,
                    ..Look::default()
                };
                run(ui, ctx, block, look, commands);
            }
            BlockKind::Quote => {
                let end = run_end(blocks, i, |b| {
                    b.kind == BlockKind::Quote && b.speaker == block.speaker
                });
                quote(ui, r, &blocks[i..end], ctx, commands);
                i = end;
                continue;
            }
            BlockKind::TableRow => {
                let end = run_end(blocks, i, |b| b.kind == BlockKind::TableRow);
                table(ui, r, &blocks[i..end], i, ctx, commands);
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

fn quote(
    ui: &mut egui::Ui,
    r: &Release,
    blocks: &[Block],
    ctx: &RunContext<'_>,
    commands: &mut Vec<AppCommand>,
) {
    let run_blocks = blocks;
    let speaker = run_blocks
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
            for b in run_blocks {
                let look = Look {
                    italics: true,
                    ..Look::default()
                };
                run(ui, ctx, b, look, commands);
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

fn table(
    ui: &mut egui::Ui,
    r: &Release,
    rows: &[Block],
    first: usize,
    ctx: &RunContext<'_>,
    commands: &mut Vec<AppCommand>,
) {
    let width = ui.available_width();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new(("table", &r.id, first))
            .striped(true)
            .num_columns(2)
            .min_col_width(80.0)
            .show(ui, |ui| {
                for row in rows {
                    let text = r.block_text(row);
                    let start = row.start as usize;
                    // Description and amount are both ranges of the release's text, so
                    // either can be selected and tagged.
                    let (description, amount) = match crate::archive::row_amount(text) {
                        Some((s, e)) => (start..start + s, Some(start + s..start + e)),
                        None => (start..row.end as usize, None),
                    };
                    let tail = amount
                        .as_ref()
                        .map(|a| a.end..row.end as usize)
                        .filter(|t| t.start < t.end);
                    ui.scope(|ui| {
                        ui.set_max_width((width - 160.0).max(200.0));
                        ui.vertical(|ui| {
                            if description.start < description.end {
                                text_block::show(ui, ctx, description, Look::default(), commands);
                            }
                            if let Some(t) = tail {
                                text_block::show(ui, ctx, t, Look::default(), commands);
                            }
                        });
                    });
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::TOP), |ui| {
                        if let Some(a) = amount {
                            let look = Look {
                                monospace: true,
                                ..Look::default()
                            };
                            ui.set_max_width(150.0);
                            text_block::show(ui, ctx, a, look, commands);
                        }
                    });
                    let _ = split_cells;
                    ui.end_row();
                }
            });
    });
    ui.add_space(6.0);
}
