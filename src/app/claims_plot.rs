//! View > Claims over time: for one tag, the values of its claims' figures against their
//! releases' dates, drawn with the painter. Hover a point for its release and quote; click it
//! to go to the claim.

use egui::{Color32, Pos2, Rect, Sense, Stroke};

use crate::archive::Archive;
use crate::figures::{log_ticks, nice_ticks, over_time_in, OverTime, QuoteFigures};
use crate::project::{ClaimId, TagId};
use crate::timeline::{ticks, Scale};

use super::claims_table::format_value;
use super::command::AppCommand;
use super::view::View;

#[derive(Default)]
pub struct ClaimsPlotState {
    pub visible: bool,
    /// The tag plotted; the first tag with claims when not chosen yet.
    tag: Option<TagId>,
    figures: QuoteFigures,
    /// The unit on the value axis; the most common among the tag's figures when not chosen.
    /// Percentages and ratios each get their own axis this way, never one shared with money.
    unit: Option<String>,
    /// The points, with the tag, unit and project revision they were computed for.
    data: Option<(TagId, Option<String>, u64, OverTime)>,
    /// Where each point was drawn in the last frame, to find the one under the pointer.
    pub drawn: Vec<(ClaimId, Pos2)>,
    /// A logarithmic value axis (when every value is positive).
    pub log: bool,
}

impl ClaimsPlotState {
    /// What the plot shows.
    pub fn data(&self) -> Option<&OverTime> {
        self.data.as_ref().map(|(_, _, _, d)| d)
    }
}

/// Margins around the plot area, for the tick labels and axis titles.
const LEFT: f32 = 70.0;
const RIGHT: f32 = 16.0;
const TOP: f32 = 20.0;
const BOTTOM: f32 = 36.0;
/// How near (px) the pointer must be to a point to pick it.
const PICK: f32 = 10.0;

impl ClaimsPlotState {
    pub fn ui(&mut self, ctx: &egui::Context, view: &View, commands: &mut Vec<AppCommand>) {
        if !self.visible {
            return;
        }
        let Some(archive) = view.archive.cloned() else {
            return;
        };
        update(self, view, &archive);
        let mut open = true;
        egui::Window::new("Claims over time")
            .open(&mut open)
            .default_size([680.0, 380.0])
            .show(ctx, |ui| {
                tag_picker(self, view, ui);
                summary(self, ui);
                let size = egui::vec2(ui.available_width(), ui.available_height().max(220.0));
                let (rect, response) = ui.allocate_exact_size(size, Sense::click());
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Claims over time plot")
                });
                plot(self, view, commands, ui, &archive, rect, &response);
            });
        if !open {
            self.visible = false;
        }
    }
}

/// Picks a tag if none is chosen and recomputes the points when the tag or the claims change.
fn update(state: &mut ClaimsPlotState, view: &View, archive: &Archive) {
    let revision = view.doc.history.revision();
    let project = &view.doc.project;
    if state.tag.is_none_or(|t| project.codebook.get(t).is_none()) {
        let used = |t: TagId| project.claims.values().any(|c| c.has_tag(t));
        let tags = project.codebook.tags();
        state.tag = tags
            .iter()
            .find(|t| used(t.id))
            .or(tags.first())
            .map(|t| t.id);
    }
    let Some(tag) = state.tag else {
        state.data = None;
        return;
    };
    let stale = state
        .data
        .as_ref()
        .is_none_or(|(t, u, f, _)| *t != tag || *u != state.unit || *f != revision);
    if stale {
        let data = over_time_in(
            archive,
            project,
            tag,
            state.unit.as_deref(),
            &mut state.figures,
        );
        state.data = Some((tag, state.unit.clone(), revision, data));
    }
}

fn tag_picker(state: &mut ClaimsPlotState, view: &View, ui: &mut egui::Ui) {
    let book = &view.doc.project.codebook;
    let name = state
        .tag
        .and_then(|t| book.get(t))
        .map_or_else(|| "no tags".to_owned(), |t| t.name.clone());
    ui.horizontal(|ui| {
        egui::ComboBox::new("claims-plot-tag", "Tag to plot")
            .selected_text(name)
            .show_ui(ui, |ui| {
                for t in book.tags() {
                    ui.selectable_value(&mut state.tag, Some(t.id), &t.name);
                }
            });
        // each unit on its own axis: money, percentages and ratios are never mixed
        let units: Vec<(String, usize)> = state.data().map(|d| d.units.clone()).unwrap_or_default();
        if units.len() > 1 {
            let shown = state
                .data()
                .and_then(|d| d.unit.clone())
                .unwrap_or_default();
            egui::ComboBox::new("claims-plot-unit", "Axis")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (u, n) in &units {
                        ui.selectable_value(&mut state.unit, Some(u.clone()), format!("{u} ({n})"));
                    }
                });
        }
        ui.checkbox(&mut state.log, "Log scale")
            .on_hover_text("Powers of ten on the value axis, for figures of very different sizes");
    });
}

/// What is plotted and what was left out, and why.
fn summary(state: &ClaimsPlotState, ui: &mut egui::Ui) {
    let Some(d) = state.data() else {
        ui.label("The codebook has no tags.");
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let unit = d.unit.as_deref().unwrap_or("");
        ui.label(format!(
            "{} of {} claims plotted{}",
            d.points.len(),
            d.claims,
            if unit.is_empty() {
                String::new()
            } else {
                format!(", in {unit}")
            }
        ));
        let mut skipped = Vec::new();
        if d.without_figure > 0 {
            skipped.push(format!("{} without a figure", d.without_figure));
        }
        if d.other_unit > 0 {
            skipped.push(format!(
                "{} in other units (choose the axis to plot them)",
                d.other_unit
            ));
        }
        if d.undated > 0 {
            skipped.push(format!("{} in undated releases", d.undated));
        }
        if !skipped.is_empty() {
            ui.label(format!("Skipped: {}.", skipped.join(", ")));
        }
    });
}

/// A value in few characters, for tick labels: 39000000 -> "39M".
fn compact(v: f64) -> String {
    let a = v.abs();
    let (div, suffix) = if a >= 1e9 {
        (1e9, "bn")
    } else if a >= 1e6 {
        (1e6, "M")
    } else if a >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let x = v / div;
    if (x - x.round()).abs() < 1e-9 {
        format!("{}{suffix}", x.round() as i64)
    } else {
        format!("{}{suffix}", (x * 100.0).round() / 100.0)
    }
}

fn plot(
    state: &mut ClaimsPlotState,
    view: &View,
    commands: &mut Vec<AppCommand>,
    ui: &egui::Ui,
    archive: &Archive,
    rect: Rect,
    response: &egui::Response,
) {
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    state.drawn.clear();
    let colour = state
        .tag
        .and_then(|t| view.doc.project.codebook.get(t))
        .map_or(visuals.text_color(), |t| {
            Color32::from_rgb(t.colour[0], t.colour[1], t.colour[2])
        });
    let Some(data) = state.data().filter(|d| !d.points.is_empty()) else {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "No claims with figures for this tag",
            egui::FontId::proportional(13.0),
            visuals.weak_text_color(),
        );
        return;
    };
    let area = Rect::from_min_max(
        Pos2::new(rect.left() + LEFT, rect.top() + TOP),
        Pos2::new(rect.right() - RIGHT, rect.bottom() - BOTTOM),
    );
    let weak = visuals.weak_text_color();
    let font = egui::FontId::proportional(11.0);
    let grid = Stroke::new(1.0, weak.gamma_multiply(0.3));

    // x: the dates, with a margin so the end points are not on the edges.
    let first = data.points.first().map_or(0, |p| p.day) as f64;
    let last = data.points.last().map_or(0, |p| p.day) as f64;
    let pad = ((last - first) * 0.05).max(3.0);
    let width = f64::from(area.width());
    let scale = Scale::fit(first - pad, last + pad, width);
    let x_of = |day: f64| area.left() + scale.x_of(day + 0.5) as f32;
    for tick in ticks(&scale, width) {
        let x = x_of(tick.day as f64);
        painter.line_segment(
            [Pos2::new(x, area.top()), Pos2::new(x, area.bottom())],
            grid,
        );
        painter.text(
            Pos2::new(x, area.bottom() + 2.0),
            egui::Align2::CENTER_TOP,
            &tick.label,
            font.clone(),
            weak,
        );
    }
    // y: from zero (or the lowest value) to the highest, on round ticks; or, on a log axis,
    // powers of ten around all of them.
    let min = data
        .points
        .iter()
        .map(|p| p.value)
        .fold(f64::INFINITY, f64::min);
    let max = data.points.iter().map(|p| p.value).fold(0.0, f64::max);
    let log_axis = state.log && min > 0.0;
    let y_ticks = if log_axis {
        log_ticks(min, max)
    } else {
        nice_ticks(min.min(0.0), max, 5)
    };
    let axis_value = |v: f64| if log_axis { v.log10() } else { v };
    let lo = axis_value(y_ticks.first().copied().unwrap_or(min.min(0.0)));
    let hi = axis_value(y_ticks.last().copied().unwrap_or(max)).max(lo + f64::EPSILON);
    let y_of = |v: f64| area.bottom() - ((axis_value(v) - lo) / (hi - lo)) as f32 * area.height();
    for v in &y_ticks {
        let y = y_of(*v);
        painter.line_segment(
            [Pos2::new(area.left(), y), Pos2::new(area.right(), y)],
            grid,
        );
        let label = match data.unit.as_deref() {
            Some("percent") => format!("{}%", compact(*v)),
            _ => compact(*v),
        };
        painter.text(
            Pos2::new(area.left() - 4.0, y),
            egui::Align2::RIGHT_CENTER,
            label,
            font.clone(),
            weak,
        );
    }
    let axis = Stroke::new(1.0, weak);
    painter.line_segment([area.left_bottom(), area.right_bottom()], axis);
    painter.line_segment([area.left_bottom(), area.left_top()], axis);
    let unit = data.unit.clone().unwrap_or_default();
    painter.text(
        Pos2::new(area.left(), rect.top() + 2.0),
        egui::Align2::LEFT_TOP,
        format!("value ({unit})"),
        font.clone(),
        visuals.text_color(),
    );
    painter.text(
        Pos2::new(area.right(), rect.bottom() - 2.0),
        egui::Align2::RIGHT_BOTTOM,
        "release date",
        font,
        visuals.text_color(),
    );

    let positions: Vec<(ClaimId, Pos2)> = data
        .points
        .iter()
        .map(|p| (p.claim, Pos2::new(x_of(p.day as f64), y_of(p.value))))
        .collect();
    if positions.len() > 1 {
        let line: Vec<Pos2> = positions.iter().map(|(_, pos)| *pos).collect();
        painter.line(line, Stroke::new(1.0, colour.gamma_multiply(0.5)));
    }
    let pointer = response.hover_pos().or(response.interact_pointer_pos());
    let picked = pointer.and_then(|at| {
        positions
            .iter()
            .enumerate()
            .map(|(i, (_, pos))| (i, pos.distance(at)))
            .filter(|(_, d)| *d <= PICK)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    });
    for (i, (_, pos)) in positions.iter().enumerate() {
        if picked == Some(i) {
            painter.circle(*pos, 6.0, colour, Stroke::new(2.0, visuals.text_color()));
        } else {
            painter.circle_filled(*pos, 4.0, colour);
        }
    }
    let hovered = picked.and_then(|i| data.points.get(i));
    if let Some(p) = hovered {
        let release = archive.releases.get(p.release);
        let quote = view
            .doc
            .project
            .claim(p.claim)
            .map(|c| c.anchor.exact.clone())
            .unwrap_or_default();
        let text = format!(
            "{}\n{}\n\"{quote}\"\n{} {unit}",
            release.map(|r| r.title.as_str()).unwrap_or(""),
            release.map(|r| r.date_label()).unwrap_or_default(),
            format_value(p.value),
        );
        // Beside the pointer: a tooltip anchored to this large canvas could cover the point.
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(text);
        });
    }
    let clicked = hovered.filter(|_| response.clicked()).map(|p| p.claim);
    state.drawn = positions;
    if let Some(id) = clicked {
        commands.push(AppCommand::JumpToClaim(id));
    }
}
