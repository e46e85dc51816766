//! The timeline strip across the window: every release by date, zoomable (scroll) and
//! pannable (right- or middle-drag) from decades to days, in one row or in lanes (by
//! department, kind or tag). Day-dated releases are ticks, month-dated ones are spans of
//! their month, undated ones are counted apart; releases with claims show their tags'
//! colours. Hover shows titles; click opens a release; dragging across a range filters the
//! release list.

use egui::{Color32, Pos2, Rect, Sense, Stroke};

use crate::archive::Archive;
use crate::timeline::{ticks, LaneBy, Placed, Scale, Timeline};

use super::command::AppCommand;
pub use super::timeline_state::TimelineState;
use super::view::View;

/// Height of the marks in one-row mode, of a lane, and of the date labels below.
const ROW_HEIGHT: f32 = 64.0;
const LANE_HEIGHT: f32 = 20.0;
const AXIS_HEIGHT: f32 = 16.0;
/// Lanes shown at once; more scroll.
const MAX_LANES_SHOWN: usize = 8;
/// Width of the lane names at the left.
const GUTTER: f32 = 130.0;

const LANE_CHOICES: [Option<LaneBy>; 4] = [
    None,
    Some(LaneBy::Department),
    Some(LaneBy::Kind),
    Some(LaneBy::Tag),
];

fn lane_label(by: Option<LaneBy>) -> &'static str {
    match by {
        None => "None",
        Some(LaneBy::Department) => "Department",
        Some(LaneBy::Kind) => "Kind",
        Some(LaneBy::Section) => "Section",
        Some(LaneBy::Tag) => "Tag",
    }
}

impl TimelineState {
    /// The strip: its header, its lanes (or one row) and the date axis.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        let Some(archive) = view.archive.cloned() else {
            return;
        };
        let by = view.prefs.timeline_lanes;
        self.update(&archive, &view.doc.project, &view.doc.history, by);
        let lane_count = self.lanes.len();
        let (rows, content) = match by {
            None => (ROW_HEIGHT, ROW_HEIGHT),
            Some(_) => (
                LANE_HEIGHT * lane_count.clamp(1, MAX_LANES_SHOWN) as f32,
                LANE_HEIGHT * lane_count.max(1) as f32,
            ),
        };
        let gutter = if by.is_some() { GUTTER } else { 0.0 };
        egui::Panel::top("timeline")
            .exact_size(rows + AXIS_HEIGHT + 30.0)
            .show(ui, |ui| {
                self.header(ui, view, lane_count, commands);
                ui.spacing_mut().item_spacing.y = 0.0;
                // The wheel zooms the strip, so only the scroll bar scrolls the lanes.
                egui::ScrollArea::vertical()
                    .id_salt("timeline-lanes")
                    .max_height(rows)
                    .auto_shrink([false, true])
                    .scroll_source(egui::scroll_area::ScrollSource::SCROLL_BAR)
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.spacing_mut().item_spacing.x = 0.0;
                            if gutter > 0.0 {
                                let (names, _) = ui.allocate_exact_size(
                                    egui::vec2(gutter, content),
                                    Sense::hover(),
                                );
                                self.lane_names(ui, names);
                            }
                            let (rect, response) = ui.allocate_exact_size(
                                egui::vec2(ui.available_width(), content),
                                Sense::click_and_drag(),
                            );
                            response.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::Canvas,
                                    true,
                                    "Timeline of releases",
                                )
                            });
                            self.draw(ui, view, &archive, rect, &response, commands);
                        });
                    });
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    ui.add_space(gutter);
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(ui.available_width(), AXIS_HEIGHT),
                        Sense::hover(),
                    );
                    self.axis(ui, rect);
                });
            });
    }

    fn header(
        &mut self,
        ui: &mut egui::Ui,
        view: &View,
        lane_count: usize,
        commands: &mut Vec<AppCommand>,
    ) {
        ui.horizontal(|ui| {
        ui.strong("Timeline");
        if ui
            .button("Fit")
            .on_hover_text("Show all dated releases")
            .clicked()
        {
            self.scale = None;
        }
        let mut by = view.prefs.timeline_lanes;
        egui::ComboBox::new("timeline-lanes", "Lanes")
            .selected_text(lane_label(by))
            .show_ui(ui, |ui| {
                for choice in LANE_CHOICES {
                    ui.selectable_value(&mut by, choice, lane_label(choice));
                }
            });
        if by != view.prefs.timeline_lanes {
            commands.push(AppCommand::SetTimelineLanes(by));
        }
        if lane_count > MAX_LANES_SHOWN {
            ui.label(format!(
                "+{} more lanes (scroll)",
                lane_count - MAX_LANES_SHOWN
            ));
        }
        if let Some((a, b)) = self.range {
            ui.label(format!(
                "List filtered to {} – {}",
                day_label(a),
                day_label(b)
            ));
            if ui.button("Clear range").clicked() {
                self.range = None;
            }
        } else {
            ui.label(
                egui::RichText::new(
                    "drag to filter by dates · scroll to zoom · right-drag to pan · shift-click adds a column",
                )
                .weak(),
            );
        }
        self.undated_menu(ui, view, commands);
    });
    }

    /// Releases with no date cannot sit on the strip; they are listed apart, each a click from
    /// the reader.
    fn undated_menu(&self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        let undated = &self.timeline.undated;
        if undated.is_empty() {
            return;
        }
        let Some(archive) = view.archive else {
            return;
        };
        const SHOWN: usize = 300;
        let mut chosen = None;
        ui.menu_button(format!("{} undated", undated.len()), |ui| {
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for &i in undated.iter().take(SHOWN) {
                        if let Some(r) = archive.releases.get(i) {
                            if ui.button(&r.title).clicked() {
                                chosen = Some(i);
                                ui.close();
                            }
                        }
                    }
                    if undated.len() > SHOWN {
                        ui.label(format!("and {} more", undated.len() - SHOWN));
                    }
                });
        })
        .response
        .on_hover_text("Releases without a date: click one to read it");
        if let Some(i) = chosen {
            commands.push(AppCommand::SelectRelease(i));
        }
    }

    /// The lane names, each beside its row, with the tag's colour for lanes by tag.
    fn lane_names(&self, ui: &egui::Ui, rect: Rect) {
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        for (i, lane) in self.lanes.iter().enumerate() {
            let row = lane_rect(rect, i);
            if !ui.is_rect_visible(row) {
                continue;
            }
            let mut x = row.left() + 4.0;
            if let Some(c) = lane.colour {
                painter.rect_filled(
                    Rect::from_center_size(
                        Pos2::new(x + 4.0, row.center().y),
                        egui::vec2(8.0, 8.0),
                    ),
                    2.0,
                    c,
                );
                x += 12.0;
            }
            painter.text(
                Pos2::new(x, row.center().y),
                egui::Align2::LEFT_CENTER,
                &lane.name,
                egui::FontId::proportional(12.0),
                visuals.text_color(),
            );
        }
    }

    /// The date labels under the strip.
    fn axis(&self, ui: &egui::Ui, rect: Rect) {
        let Some(scale) = self.scale else {
            return;
        };
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        for tick in ticks(&scale, f64::from(rect.width())) {
            let x = rect.left() + scale.x_of(tick.day as f64) as f32;
            painter.text(
                Pos2::new(x + 2.0, rect.bottom() - 2.0),
                egui::Align2::LEFT_BOTTOM,
                &tick.label,
                egui::FontId::proportional(11.0),
                visuals.weak_text_color(),
            );
        }
    }

    fn draw(
        &mut self,
        ui: &egui::Ui,
        view: &View,
        archive: &Archive,
        rect: Rect,
        response: &egui::Response,
        commands: &mut Vec<AppCommand>,
    ) {
        let width = f64::from(rect.width());
        let state = self;
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
        }
        // The dragged range.
        if let Some((a, b)) = state.range {
            let r = Rect::from_x_y_ranges(x_of(a as f64)..=x_of(b as f64 + 1.0), rect.y_range());
            painter.rect_filled(r, 0.0, visuals.selection.bg_fill.gamma_multiply(0.3));
        }
        let (first, last) = scale.range(width);
        let pointer = response.hover_pos();
        let mark = visuals.text_color().gamma_multiply(0.6);
        let mut nearest: Option<Hovered> = None;
        let mut row_hit = |row: Rect, timeline: &Timeline, lane_colour: Option<Color32>| {
            // Rows scrolled out of view cost nothing.
            if !ui.is_rect_visible(row) {
                return;
            }
            let style = RowStyle {
                lane_colour,
                mark,
                background: visuals.extreme_bg_color,
                hover: visuals.selection.stroke.color,
            };
            let hit = draw_row(
                &painter,
                row,
                timeline.visible(first, last),
                &state.colours.1,
                &scale,
                &style,
                pointer,
            );
            if hit.is_some() {
                nearest = hit;
            }
        };
        if state.lanes_key.is_none() {
            row_hit(rect, &state.timeline, None);
        } else {
            for (i, lane) in state.lanes.iter().enumerate() {
                let row = lane_rect(rect, i);
                row_hit(row, &lane.timeline, lane.colour);
                painter.line_segment(
                    [row.left_bottom(), row.right_bottom()],
                    Stroke::new(1.0, visuals.weak_text_color().gamma_multiply(0.2)),
                );
            }
        }
        if let Some(sel) = view.selected.and_then(|i| archive.releases.get(i)) {
            if let Some(d) = sel.date {
                let x = x_of(d.first_day() as f64);
                painter.line_segment(
                    [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
                    Stroke::new(2.0, visuals.selection.bg_fill),
                );
            }
        }
        let hovered = nearest.and_then(|h| archive.releases.get(h.release).map(|r| (h, r)));
        if let Some((h, r)) = hovered {
            let place = if h.of > 1 {
                format!(
                    " ({} of {} that day: higher or lower for the others)",
                    h.place + 1,
                    h.of
                )
            } else {
                String::new()
            };
            response
                .clone()
                .on_hover_text(format!("{} — {}{place}", r.date_label(), r.title));
        }
        let hovered = hovered.map(|(h, r)| (h.release, r));
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
                commands.push(if shift {
                    AppCommand::AddColumn(i)
                } else {
                    AppCommand::SelectRelease(i)
                });
            }
        }
    }
}

fn day_label(day: i64) -> String {
    let (y, m, d) = crate::archive::civil_from_days(day);
    format!(
        "{d} {} {y}",
        crate::archive::MONTHS[usize::from(m.saturating_sub(1)).min(11)]
    )
}

fn lane_rect(rect: Rect, i: usize) -> Rect {
    let top = rect.top() + i as f32 * LANE_HEIGHT;
    Rect::from_x_y_ranges(rect.x_range(), top..=top + LANE_HEIGHT)
}

/// What to draw one row with.
struct RowStyle {
    /// The lane's tag colour, for releases with claims.
    lane_colour: Option<Color32>,
    mark: Color32,
    /// The strip's background (gaps between stacked releases) and the hovered release.
    background: Color32,
    hover: Color32,
}

/// The release under the pointer: its distance in x, its index, and (for releases that
/// share a day) its place in the day's stack and the stack's height.
#[derive(Debug, Clone, Copy)]
struct Hovered {
    distance: f32,
    release: usize,
    place: usize,
    of: usize,
}

/// Draws one row of releases: one column of pixels at a time, the count of releases there
/// sets the mark's height, so 100,000 releases draw as a few hundred shapes. Releases on
/// the same day are a stack: the mark is cut into one segment per release, bottom first,
/// and the pointer's height picks one, so each can be hovered and clicked at any zoom.
/// Returns the release under the pointer (within 4 px), if the pointer is in the row.
fn draw_row<'a>(
    painter: &egui::Painter,
    row: Rect,
    items: impl Iterator<Item = &'a Placed>,
    colours: &[Option<Color32>],
    scale: &Scale,
    style: &RowStyle,
    pointer: Option<Pos2>,
) -> Option<Hovered> {
    let x_of = |day: f64| row.left() + scale.x_of(day) as f32;
    let pad = (row.height() * 0.08).clamp(1.0, 4.0);
    let (top, base) = (row.top() + pad, row.bottom() - pad);
    let pointer = pointer.filter(|p| row.y_range().contains(p.y));
    let mut columns: Vec<(u32, Option<Color32>)> =
        vec![(0, None); row.width().max(1.0) as usize + 1];
    let mut spans: Vec<(f32, f32, Option<Color32>)> = Vec::new();
    // Single-day releases near the pointer, by pixel column, in stack order.
    let mut near: Vec<(usize, f32, usize)> = Vec::new();
    let mut nearest_span: Option<(f32, usize)> = None;
    for p in items {
        let colour = colours
            .get(p.release)
            .copied()
            .flatten()
            .map(|c| style.lane_colour.unwrap_or(c));
        let x0 = x_of(p.first_day as f64);
        let d = pointer.map(|pos| (x0 - pos.x).abs());
        if p.first_day == p.last_day {
            let col = (x0 - row.left()).max(0.0) as usize;
            if let Some(c) = columns.get_mut(col) {
                c.0 += 1;
                c.1 = c.1.or(colour);
            }
            if let Some(d) = d.filter(|d| *d < 4.0) {
                near.push((col, d, p.release));
            }
        } else {
            if spans.len() < 5_000 {
                spans.push((x0, x_of(p.last_day as f64 + 1.0), colour));
            }
            if let Some(d) = d.filter(|d| *d < 4.0) {
                if nearest_span.is_none_or(|(best, _)| d < best) {
                    nearest_span = Some((d, p.release));
                }
            }
        }
    }
    let max = columns.iter().map(|c| c.0).max().unwrap_or(1).max(1) as f32;
    let room = (base - top).max(1.0);
    let min_h = 8.0_f32.min(room * 0.35);
    let height = |count: u32| min_h + (room - min_h) * ((count as f32).ln_1p() / max.ln_1p());
    let gap = style.background;
    for (i, (count, colour)) in columns.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let h = height(*count);
        let x = row.left() + i as f32 + 0.5;
        painter.line_segment(
            [Pos2::new(x, base), Pos2::new(x, base - h)],
            Stroke::new(1.5, colour.unwrap_or(style.mark)),
        );
        // A stack shows its segments where there is room for them to be seen.
        if *count > 1 && h / *count as f32 >= 3.0 {
            for k in 1..*count {
                let y = base - h * k as f32 / *count as f32;
                painter.line_segment(
                    [Pos2::new(x - 1.0, y), Pos2::new(x + 1.0, y)],
                    Stroke::new(1.0, gap),
                );
            }
        }
    }
    // Month spans in up to four staggered rows at the top.
    let stagger = ((room - 3.0) / 5.0).clamp(1.0, 4.0) as usize;
    for (i, (x0, x1, colour)) in spans.iter().enumerate() {
        let y = top + 1.0 + (i % stagger) as f32 * 5.0;
        painter.rect_filled(
            Rect::from_x_y_ranges(*x0..=x1.max(x0 + 2.0), y..=y + 3.0),
            1.0,
            colour.unwrap_or(style.mark.gamma_multiply(0.7)),
        );
    }
    let best = near
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|&(col, d, _)| (col, d));
    let day = match (best, pointer) {
        (Some((col, distance)), Some(pos)) => {
            let stack: Vec<usize> = near.iter().filter(|n| n.0 == col).map(|n| n.2).collect();
            let of = stack.len();
            let h = height(columns.get(col).map_or(1, |c| c.0));
            // Bottom segment first; above the mark counts as its top segment.
            let place = (((base - pos.y) / h * of as f32).floor().max(0.0) as usize).min(of - 1);
            let x = row.left() + col as f32 + 0.5;
            if of > 1 {
                let (y0, y1) = (
                    base - h * place as f32 / of as f32,
                    base - h * (place + 1) as f32 / of as f32,
                );
                painter.line_segment(
                    [Pos2::new(x, y0), Pos2::new(x, y1)],
                    Stroke::new(3.0, style.hover),
                );
            }
            stack.get(place).map(|&release| Hovered {
                distance,
                release,
                place,
                of,
            })
        }
        _ => None,
    };
    match (day, nearest_span) {
        (Some(d), Some((sd, _))) if d.distance <= sd => Some(d),
        (None, Some((distance, release))) => Some(Hovered {
            distance,
            release,
            place: 0,
            of: 1,
        }),
        (d, _) => d,
    }
}
