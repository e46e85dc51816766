//! A run of release text that can be selected and tagged: claims highlighted in their tags'
//! colours, figures underlined, search hits marked. Read-only, so it selects and copies.

use std::cell::RefCell;
use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Stroke};

use crate::project::ClaimId;

use super::command::AppCommand;

/// A highlighted range of a release's text.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Byte offsets in the release text.
    pub range: Range<usize>,
    pub kind: MarkKind,
}

#[derive(Debug, Clone)]
pub enum MarkKind {
    Claim {
        id: ClaimId,
        colour: Color32,
        tooltip: String,
        selected: bool,
    },
    Figure {
        tooltip: String,
    },
    /// A search hit; `current` is the one Enter/F3 went to.
    Hit {
        current: bool,
    },
    /// Words this release shares with a release beside it; `partner` is that release and
    /// where the words are in it, so a click can bring both into view.
    Shared {
        tooltip: String,
        partner: Option<(usize, usize)>,
    },
    /// Words that differ from a near-identical release beside it.
    Changed {
        tooltip: String,
    },
}

/// How a run of text is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look {
    pub italics: bool,
    pub weak: bool,
    pub monospace: bool,
    /// The release's title, at the top of the reader.
    pub heading: bool,
}

/// Everything a text run needs from its release.
pub struct RunContext<'a> {
    pub release_index: usize,
    pub release_id: &'a str,
    pub text: &'a str,
    /// Sorted by start.
    pub marks: &'a [Mark],
    /// Scroll the run holding this byte offset into view.
    pub scroll_to: Option<usize>,
    /// Where each run was drawn, for scrolling columns together.
    pub runs: &'a RefCell<Vec<RunRect>>,
}

/// Where a run of text was drawn: its byte range and its top and bottom on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRect {
    pub range: Range<usize>,
    pub top: f32,
    pub bottom: f32,
}

/// Draws `ctx.text[range]`; pushes a selection or a claim click as commands.
/// Where the reader notes which of its runs has the keyboard focus.
const READER_FOCUS: &str = "reader-run-focus";

/// Whether the keyboard focus is in the reader's text. A run is a read-only text field,
/// there to select words with: it takes the focus when dragged across, yet nothing is typed
/// into it, so the tag keys and other shortcuts must still act.
pub fn reader_has_focus(ctx: &egui::Context) -> bool {
    let focused = ctx.memory(|m| m.focused());
    focused.is_some() && focused == ctx.data(|d| d.get_temp(egui::Id::unique(READER_FOCUS)))
}

pub fn show(
    ui: &mut egui::Ui,
    ctx: &RunContext<'_>,
    range: Range<usize>,
    look: Look,
    commands: &mut Vec<AppCommand>,
) {
    let Some(slice) = ctx.text.get(range.clone()) else {
        return;
    };
    let base = range.start;
    let marks: Vec<&Mark> = ctx
        .marks
        .iter()
        .filter(|m| m.range.start < range.end && m.range.end > range.start)
        .collect();
    let style = ui.style().clone();
    let font = if look.monospace {
        FontId::monospace(style.text_styles[&egui::TextStyle::Body].size)
    } else if look.heading {
        style.text_styles[&egui::TextStyle::Heading].clone()
    } else {
        style.text_styles[&egui::TextStyle::Body].clone()
    };
    let colour = if look.weak {
        ui.visuals().weak_text_color()
    } else if look.heading {
        ui.visuals().strong_text_color()
    } else {
        ui.visuals().text_color()
    };
    let dark = ui.visuals().dark_mode;
    let mut layouter = |ui: &egui::Ui, _buf: &dyn egui::TextBuffer, wrap: f32| {
        let job = layout(slice, base, &marks, &font, colour, look.italics, dark, wrap);
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let mut text: &str = slice;
    let output = egui::TextEdit::multiline(&mut text)
        .id_salt(("run", ctx.release_id, base))
        .frame(egui::Frame::NONE)
        .desired_width(f32::INFINITY)
        .desired_rows(1)
        .layouter(&mut layouter)
        .show(ui);
    let response = output.response.response.clone();
    if ui.memory(|m| m.has_focus(response.id)) {
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(READER_FOCUS), response.id));
    }
    ctx.runs.borrow_mut().push(RunRect {
        range: range.clone(),
        top: response.rect.top(),
        bottom: response.rect.bottom(),
    });
    let galley = output.galley.clone();
    if let Some(at) = ctx.scroll_to.filter(|at| range.contains(at)) {
        // Centre the line holding the offset, not the whole paragraph, so that two columns
        // scrolled to the same phrase show it level.
        let chars = slice.get(..at - base).map_or(0, |s| s.chars().count());
        let line = galley
            .pos_from_cursor(egui::text::CCursor::new(chars))
            .translate(output.galley_pos.to_vec2());
        ui.scroll_to_rect(line, Some(egui::Align::Center));
    }
    // A pointer position to a byte offset in the release text.
    let offset_at = |pos: egui::Pos2| -> usize {
        let cursor = galley.cursor_from_pos(pos - output.galley_pos);
        base + byte_of_char(slice, cursor.index.0)
    };
    // Report the selection when it changes (by mouse or keyboard). Each run keeps its own
    // cursor, so only a change — not a stale selection elsewhere — replaces the app's.
    let chars = output
        .cursor_range
        .map(|c| c.as_sorted_char_range())
        .map(|r| (r.start.0, r.end.0))
        .unwrap_or((0, 0));
    let memory_id = response.id.with("last-selection");
    let last: (usize, usize) = ui.ctx().data(|d| d.get_temp(memory_id)).unwrap_or((0, 0));
    if chars != last {
        ui.ctx().data_mut(|d| d.insert_temp(memory_id, chars));
        if chars.0 < chars.1 {
            commands.push(AppCommand::SetSelection {
                release: ctx.release_index,
                start: base + byte_of_char(slice, chars.0),
                end: base + byte_of_char(slice, chars.1),
            });
        }
    }
    if let Some(pos) = response.hover_pos() {
        let at = offset_at(pos);
        let hovered: Vec<String> = marks
            .iter()
            .filter(|m| m.range.start <= at && at < m.range.end)
            .filter_map(|m| match &m.kind {
                MarkKind::Claim { tooltip, .. }
                | MarkKind::Figure { tooltip }
                | MarkKind::Shared { tooltip, .. }
                | MarkKind::Changed { tooltip } => Some(tooltip.clone()),
                MarkKind::Hit { .. } => None,
            })
            .collect();
        if !hovered.is_empty() {
            response.clone().on_hover_text(hovered.join("\n\n"));
        }
    }
    if response.clicked() {
        let empty = output.cursor_range.is_none_or(|c| c.is_empty());
        if let (true, Some(pos)) = (empty, response.interact_pointer_pos()) {
            let at = offset_at(pos);
            let hit = marks.iter().find_map(|m| match &m.kind {
                MarkKind::Claim { id, .. } if m.range.start <= at && at < m.range.end => Some(*id),
                _ => None,
            });
            let figure = marks.iter().find_map(|m| match &m.kind {
                MarkKind::Figure { .. } if m.range.start <= at && at < m.range.end => {
                    Some(m.range.clone())
                }
                _ => None,
            });
            match (hit, figure) {
                (Some(id), _) => commands.push(AppCommand::SelectClaim(id)),
                (None, Some(r)) => commands.push(AppCommand::ClaimFigure {
                    release: ctx.release_index,
                    start: r.start,
                    end: r.end,
                }),
                (None, None) => {
                    let shared = marks.iter().find_map(|m| match &m.kind {
                        MarkKind::Shared {
                            partner: Some(p), ..
                        } if m.range.start <= at && at < m.range.end => Some((m.range.start, *p)),
                        _ => None,
                    });
                    if let Some((mine, (other, theirs))) = shared {
                        commands.push(AppCommand::AlignShared {
                            release: ctx.release_index,
                            at: mine,
                            other,
                            other_at: theirs,
                        });
                    }
                }
            }
        }
    }
}

fn byte_of_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

#[allow(clippy::too_many_arguments)]
fn layout(
    text: &str,
    base: usize,
    marks: &[&Mark],
    font: &FontId,
    colour: Color32,
    italics: bool,
    dark: bool,
    wrap: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap;
    // Cut the text at every mark boundary; each piece takes the formats of the marks over it.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in marks {
        cuts.push(m.range.start.saturating_sub(base).min(text.len()));
        cuts.push(m.range.end.saturating_sub(base).min(text.len()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        let mut format = TextFormat {
            font_id: font.clone(),
            color: colour,
            italics,
            ..Default::default()
        };
        for m in marks {
            let (s, e) = (
                m.range.start.saturating_sub(base),
                m.range.end.saturating_sub(base),
            );
            if s <= a && b <= e {
                match &m.kind {
                    MarkKind::Claim {
                        colour: c,
                        selected,
                        ..
                    } => {
                        let alpha = if *selected { 150 } else { 80 };
                        format.background =
                            Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha);
                        if *selected {
                            format.underline = Stroke::new(2.0, *c);
                        }
                    }
                    MarkKind::Hit { current } => {
                        // The hit Enter/F3 went to is orange and underlined; the others
                        // are a paler yellow, so it can be told apart at a glance.
                        if *current {
                            format.background = Color32::from_rgb(255, 140, 0);
                            format.underline = Stroke::new(2.0, Color32::from_rgb(160, 60, 0));
                        } else {
                            format.background = Color32::from_rgba_unmultiplied(255, 225, 60, 130);
                        }
                        if dark {
                            format.color = Color32::BLACK;
                        }
                    }
                    MarkKind::Changed { .. } => {
                        format.background = if dark {
                            Color32::from_rgb(90, 30, 30)
                        } else {
                            Color32::from_rgb(250, 205, 200)
                        };
                    }
                    MarkKind::Shared { .. } => {
                        if format.background == Color32::TRANSPARENT {
                            format.background = if dark {
                                Color32::from_rgb(30, 70, 40)
                            } else {
                                Color32::from_rgb(205, 240, 205)
                            };
                        }
                    }
                    MarkKind::Figure { .. } => {
                        if format.underline == Stroke::NONE {
                            let faint = if dark {
                                Color32::from_gray(120)
                            } else {
                                Color32::from_gray(160)
                            };
                            format.underline = Stroke::new(1.0, faint);
                        }
                    }
                }
            }
        }
        job.append(&text[a..b], 0.0, format);
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12, defect 8: the current hit stands apart from the other hits in colour and
    /// outline, not only in opacity.
    #[test]
    fn the_current_hit_is_marked_apart() {
        let text = "net migration and net migration";
        let marks = [
            Mark {
                range: 0..3,
                kind: MarkKind::Hit { current: true },
            },
            Mark {
                range: 18..21,
                kind: MarkKind::Hit { current: false },
            },
        ];
        let refs: Vec<&Mark> = marks.iter().collect();
        for dark in [false, true] {
            let job = layout(
                text,
                0,
                &refs,
                &FontId::proportional(14.0),
                Color32::GRAY,
                false,
                dark,
                400.0,
            );
            let format_at = |at: usize| {
                job.sections
                    .iter()
                    .find(|s| {
                        let (a, b): (usize, usize) =
                            (s.byte_range.start.into(), s.byte_range.end.into());
                        a <= at && at < b
                    })
                    .map(|s| s.format.clone())
                    .unwrap()
            };
            let (current, other) = (format_at(0), format_at(18));
            let rgb = |c: Color32| {
                let [r, g, b, _] = c.to_srgba_unmultiplied();
                [r, g, b]
            };
            assert_ne!(rgb(current.background), rgb(other.background));
            assert_ne!(current.underline, Stroke::NONE);
            assert_eq!(other.underline, Stroke::NONE);
        }
    }
}
