//! The timeline strip across the window: every release by date, zoomable (scroll) and
//! pannable (right- or middle-drag) from decades to days. Day-dated releases are ticks,
//! month-dated ones are spans of their month, undated ones are counted apart. Hover shows
//! titles; click opens a release; dragging across a range filters the release list.

use std::collections::HashMap;

use egui::{Color32, Pos2, Rect, Sense, Stroke};

use crate::archive::Archive;
use crate::timeline::{ticks, Scale, Timeline};

use super::command::AppCommand;
use super::pressmark_app::PressmarkApp;

#[derive(Default)]
pub struct TimelineState {
    pub timeline: Timeline,
    pub scale: Option<Scale>,
    /// Days (since 1970) of a dragged range that filters the list.
    pub range: Option<(i64, i64)>,
    drag_from: Option<f32>,
    /// Release index by id, to mark releases with claims.
    index: HashMap<String, usize>,
    /// Which releases have claims, and a fingerprint of the claims it was computed from.
    claimed: (u64, Vec<bool>),
}

impl TimelineState {
    pub fn rebuild(&mut self, archive: &Archive) {
        self.timeline = Timeline::new(archive);
        self.scale = None;
        self.range = None;
        self.index = archive
            .releases
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        self.claimed = (u64::MAX, Vec::new());
    }

    /// Per release: whether it has a claim. Recomputed only when the claims change, so a
    /// frame does not look up 100,000 ids.
    fn claimed(&mut self, project: &crate::project::Project, releases: usize) -> &[bool] {
        let fingerprint = project
            .claims
            .values()
            .fold(project.claims.len() as u64, |h, c| {
                h.wrapping_mul(31)
                    .wrapping_add(c.id.0)
                    .wrapping_add(c.release.len() as u64)
                    .wrapping_add(c.release.bytes().next().map_or(0, u64::from))
            });
        if self.claimed.0 != fingerprint || self.claimed.1.len() != releases {
            let mut flags = vec![false; releases];
            for c in project.claims.values() {
                if let Some(flag) = self.index.get(&c.release).and_then(|&i| flags.get_mut(i)) {
                    *flag = true;
                }
            }
            self.claimed = (fingerprint, flags);
        }
        &self.claimed.1
    }
}

const HEIGHT: f32 = 86.0;

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    let Some(archive) = app.archive.clone() else {
        return;
    };
    egui::Panel::top("timeline")
        .exact_size(HEIGHT + 22.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong("Timeline");
                if ui
                    .button("Fit")
                    .on_hover_text("Show all dated releases")
                    .clicked()
                {
                    app.timeline.scale = None;
                }
                if let Some((a, b)) = app.timeline.range {
                    ui.label(format!(
                        "List filtered to {} – {}",
                        day_label(a),
                        day_label(b)
                    ));
                    if ui.button("Clear range").clicked() {
                        app.timeline.range = None;
                    }
                } else {
                    ui.label(
                        egui::RichText::new(
                            "drag to filter by dates · scroll to zoom · right-drag to pan · shift-click adds a column",
                        )
                        .weak(),
                    );
                }
                if !app.timeline.timeline.undated.is_empty() {
                    ui.label(format!("{} undated", app.timeline.timeline.undated.len()));
                }
            });
            let (rect, response) = ui.allocate_exact_size(
            egui::vec2(ui.available_width(), HEIGHT - 6.0),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Timeline of releases")
        });
            draw(app, ui, &archive, rect, &response);
        });
}

fn day_label(day: i64) -> String {
    let (y, m, d) = crate::archive::civil_from_days(day);
    format!(
        "{d} {} {y}",
        crate::archive::MONTHS[usize::from(m.saturating_sub(1)).min(11)]
    )
}

fn draw(
    app: &mut PressmarkApp,
    ui: &egui::Ui,
    archive: &Archive,
    rect: Rect,
    response: &egui::Response,
) {
    let width = f64::from(rect.width());
    let state = &mut app.timeline;
    let scale = state
        .scale
        .get_or_insert_with(|| match state.timeline.extent() {
            Some((a, b)) => Scale::fit(a as f64 - 15.0, b as f64 + 15.0, width),
            None => Scale::fit(0.0, 365.0, width),
        });
    // Zoom with the wheel around the pointer; pan with a secondary drag.
    if let Some(pos) = response.hover_pos() {
        let scroll = ui.input(|i| i.smooth_scroll_delta);
        if scroll.y != 0.0 {
            scale.zoom(
                f64::from((scroll.y / 200.0).exp()),
                f64::from(pos.x - rect.left()),
            );
        }
        if scroll.x != 0.0 {
            scale.pan(f64::from(scroll.x));
        }
    }
    if response.dragged_by(egui::PointerButton::Secondary)
        || response.dragged_by(egui::PointerButton::Middle)
    {
        scale.pan(f64::from(response.drag_delta().x));
    }
    let scale = *scale;
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    let x_of = |day: f64| rect.left() + scale.x_of(day) as f32;
    for tick in ticks(&scale, width) {
        let x = x_of(tick.day as f64);
        painter.line_segment(
            [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
            Stroke::new(1.0, visuals.weak_text_color().gamma_multiply(0.3)),
        );
        painter.text(
            Pos2::new(x + 2.0, rect.bottom() - 2.0),
            egui::Align2::LEFT_BOTTOM,
            &tick.label,
            egui::FontId::proportional(11.0),
            visuals.weak_text_color(),
        );
    }
    // The dragged range.
    if let Some((a, b)) = state.range {
        let r = Rect::from_x_y_ranges(x_of(a as f64)..=x_of(b as f64 + 1.0), rect.y_range());
        painter.rect_filled(r, 0.0, visuals.selection.bg_fill.gamma_multiply(0.3));
    }
    let claimed = state
        .claimed(&app.doc.project, archive.releases.len())
        .to_vec();
    // One column of pixels at a time: the count of releases there sets the mark's height, so
    // 100,000 releases draw as a few hundred shapes.
    let (first, last) = scale.range(width);
    let top = rect.top() + 6.0;
    let base = rect.bottom() - 16.0;
    let mut columns: Vec<(u32, bool)> = vec![(0, false); rect.width().max(1.0) as usize + 1];
    let mut spans: Vec<(f32, f32, bool)> = Vec::new();
    let mut nearest: Option<(f32, usize)> = None;
    let pointer = response.hover_pos();
    for p in state.timeline.visible(first, last) {
        let claimed_here = claimed.get(p.release).copied().unwrap_or(false);
        let x0 = x_of(p.first_day as f64);
        if p.first_day == p.last_day {
            let col = (x0 - rect.left()).max(0.0) as usize;
            if let Some(c) = columns.get_mut(col) {
                c.0 += 1;
                c.1 |= claimed_here;
            }
        } else if spans.len() < 5_000 {
            spans.push((x0, x_of(p.last_day as f64 + 1.0), claimed_here));
        }
        if let Some(pos) = pointer {
            let d = (x0 - pos.x).abs();
            if d < 4.0 && nearest.is_none_or(|(best, _)| d < best) {
                nearest = Some((d, p.release));
            }
        }
    }
    let max = columns.iter().map(|c| c.0).max().unwrap_or(1).max(1) as f32;
    let mark = visuals.text_color().gamma_multiply(0.6);
    let tagged = Color32::from_rgb(220, 120, 0);
    for (i, (count, any_claim)) in columns.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let h = 8.0 + (base - top - 8.0) * ((*count as f32).ln_1p() / max.ln_1p());
        let x = rect.left() + i as f32 + 0.5;
        let colour = if *any_claim { tagged } else { mark };
        painter.line_segment(
            [Pos2::new(x, base), Pos2::new(x, base - h)],
            Stroke::new(1.5, colour),
        );
    }
    for (i, (x0, x1, any_claim)) in spans.iter().enumerate() {
        let y = top + 4.0 + (i % 4) as f32 * 5.0;
        let colour = if *any_claim {
            tagged
        } else {
            mark.gamma_multiply(0.7)
        };
        painter.rect_filled(
            Rect::from_x_y_ranges(*x0..=x1.max(x0 + 2.0), y..=y + 3.0),
            1.0,
            colour,
        );
    }
    if let Some(sel) = app.selected.and_then(|i| archive.releases.get(i)) {
        if let Some(d) = sel.date {
            let x = x_of(d.first_day() as f64);
            painter.line_segment(
                [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
                Stroke::new(2.0, visuals.selection.bg_fill),
            );
        }
    }
    let hovered = nearest.and_then(|(_, i)| archive.releases.get(i).map(|r| (i, r)));
    if let Some((_, r)) = hovered {
        response
            .clone()
            .on_hover_text(format!("{} — {}", r.date_label(), r.title));
    }
    // Primary drag: a date range; click: open the release under the pointer.
    if response.drag_started_by(egui::PointerButton::Primary) {
        state.drag_from = response.interact_pointer_pos().map(|p| p.x);
    }
    if let (Some(from), Some(pos)) = (state.drag_from, response.interact_pointer_pos()) {
        if response.dragged_by(egui::PointerButton::Primary) {
            let (a, b) = (from.min(pos.x), from.max(pos.x));
            let day = |x: f32| scale.day_at(f64::from(x - rect.left())).floor() as i64;
            if b - a > 3.0 {
                state.range = Some((day(a), day(b)));
            }
        }
    }
    if response.drag_stopped() {
        state.drag_from = None;
    }
    if response.clicked() {
        if let Some((i, _)) = hovered {
            let shift = ui.input(|inp| inp.modifiers.shift);
            app.commands.push(if shift {
                AppCommand::AddColumn(i)
            } else {
                AppCommand::SelectRelease(i)
            });
        }
    }
}
