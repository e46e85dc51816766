//! Releases side by side: each column a full reader (tagging, undo and redo work there as in
//! the single reader), phrases shared with the neighbouring column highlighted in both, and
//! the releases most like the first column one click from becoming a column.

use std::collections::HashMap;

use crate::archive::Archive;
use crate::compare::{
    shared_phrases, similar_releases, word_diff, Alignment, DiffKind, DiffOp, SharedPhrase,
};
use crate::figures::{Figure, FiguresInView};
use crate::search::SearchIndex;

use super::command::{AppCommand, Command};
use super::linked_scroll::follow;
use super::reader::{release_view, Showing, ViewGeometry};
use super::text_block::{Mark, MarkKind};
use super::view::View;

/// A figure one release shares with another: its start and end, and its start in the other.
type SameFigure = (usize, usize, usize);

/// Shortest run of words that counts as a shared phrase.
const MIN_WORDS: usize = 6;

#[derive(Default)]
pub struct ColumnsState {
    /// Release indices, left to right.
    pub columns: Vec<usize>,
    /// Shared phrases between two releases, computed once per pair.
    shared: HashMap<(usize, usize), Vec<SharedPhrase>>,
    /// Word diffs of near-identical pairs (empty when the pair is not near-identical).
    diffs: HashMap<(usize, usize), Vec<DiffOp>>,
    similar: Option<(usize, Vec<(usize, f32)>)>,
    /// Scroll the columns together, keeping matching passages level.
    pub linked: bool,
    /// Per release: a byte offset to bring into view on the next frame.
    scroll_to: HashMap<usize, usize>,
    /// Per release: a scroll offset to set on the next frame (linked scrolling).
    pending: HashMap<usize, f32>,
    /// Per release: its scroll offset last frame, to tell which column the user moved.
    last_offsets: HashMap<usize, f32>,
    /// Level the columns on the next frame even if none moved (linking was just turned on).
    pub relevel: bool,
    /// Where each column was drawn last frame, left to right.
    pub views: Vec<ViewGeometry>,
    alignments: HashMap<(usize, usize), Alignment>,
    /// Which shared passage of the first two columns "Next shared passage" lines up next.
    next_shared: usize,
    /// Figures of the releases in the columns, found once each.
    figures: FiguresInView,
    /// Per (release, other release): its figures that the other also gives, as (start, end,
    /// start in the other), found once per pair rather than every frame.
    same_figures: HashMap<(usize, usize), Vec<SameFigure>>,
    /// Per release: the byte ranges shaded as differing from a column beside it, as last
    /// drawn.
    pub changed: HashMap<usize, Vec<(usize, usize)>>,
}

/// Share of a release's text that must be equal for a pair to count as near-identical (a
/// corrected version, a reprint) and get a word-level diff.
const NEAR_IDENTICAL: f64 = 0.7;

impl ColumnsState {
    pub fn is_active(&self) -> bool {
        self.columns.len() >= 2
    }

    pub fn add(&mut self, release: usize) {
        if !self.columns.contains(&release) {
            self.columns.push(release);
            // A new column opens at the top, as the reader does, not where the release was
            // last scrolled to (egui remembers scroll positions, across runs too).
            self.pending.insert(release, 0.0);
        }
    }

    pub fn clear(&mut self) {
        self.columns.clear();
        self.shared.clear();
        self.diffs.clear();
        self.similar = None;
        self.scroll_to.clear();
        self.pending.clear();
        self.last_offsets.clear();
        self.views.clear();
        self.alignments.clear();
        self.changed.clear();
        self.figures.clear();
        self.same_figures.clear();
    }

    /// Brings each (release, byte offset) into view, centred, on the next frame.
    pub fn align(&mut self, places: &[(usize, usize)]) {
        self.scroll_to.extend(places.iter().copied());
    }

    /// The alignment of a pair (smaller release index first), built from its shared phrases.
    fn alignment(&mut self, a: usize, b: usize, texts: (&str, &str)) -> &Alignment {
        if !self.alignments.contains_key(&(a, b)) {
            let align = Alignment::new(self.phrases(a, b, texts), texts.0.len(), texts.1.len());
            self.alignments.insert((a, b), align);
        }
        &self.alignments[&(a, b)]
    }

    fn diff(&mut self, a: usize, b: usize, texts: (&str, &str)) -> &[DiffOp] {
        self.diffs.entry((a, b)).or_insert_with(|| {
            let ops = word_diff(texts.0, texts.1);
            let equal: usize = ops
                .iter()
                .filter(|o| o.kind == DiffKind::Equal)
                .map(|o| o.a_range.1 - o.a_range.0)
                .sum();
            let near = texts.0.len().max(1) as f64;
            if equal as f64 / near >= NEAR_IDENTICAL {
                ops
            } else {
                Vec::new()
            }
        })
    }

    fn phrases(&mut self, a: usize, b: usize, texts: (&str, &str)) -> &[SharedPhrase] {
        self.shared
            .entry((a, b))
            .or_insert_with(|| shared_phrases(texts.0, texts.1, MIN_WORDS))
    }
}

impl ColumnsState {
    /// The releases side by side, each a full reader.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<AppCommand>) {
        let Some(archive) = view.archive.cloned() else {
            return;
        };
        let columns = self.columns.clone();
        ui.horizontal_wrapped(|ui| {
            if ui.button("Close comparison").clicked() {
                commands.push(AppCommand::Run(Command::CloseColumns));
            }
            ui.strong(format!("Comparing {} releases", columns.len()))
                .on_hover_text(
                    "Green: phrases and figures a release shares with the column beside it \
                     (click a phrase to line it up in both). \
                     Red: words that differ, for near-identical releases.",
                );
            self.next_shared_button(ui, &archive, &columns, commands);
            let mut linked = self.linked;
            if ui
                .checkbox(&mut linked, "Link scrolling")
                .on_hover_text(
                    "Scroll the columns together, keeping matching passages level (Ctrl+Shift+L)",
                )
                .changed()
            {
                commands.push(AppCommand::Run(Command::ToggleLinkedScrolling));
            }
        });
        if let Some(index) = view.search.index_ref() {
            self.similar_row(ui, &archive, &index, &columns, commands);
        }
        ui.separator();
        let n = columns.len();
        // Keep the columns inside the panel whatever the rows above them measured.
        let width = ui.max_rect().width().min(ui.clip_rect().width());
        ui.set_max_width(width);
        let mut views = Vec::with_capacity(n);
        // Columns moved this frame by linking itself: they follow, they do not lead.
        let mut followed = vec![false; n];
        ui.columns(n, |uis| {
            for (pos, ui) in uis.iter_mut().enumerate() {
                let index = columns[pos];
                if archive.releases.get(index).is_none() {
                    continue;
                }
                // Wrapped: three columns beside the side panels at 1280×800 are narrower than
                // the three buttons, and a row wider than its column widens the column (egui
                // grows a Ui to hold what it holds) over the next one.
                ui.horizontal_wrapped(|ui| {
                    if pos > 0 && ui.small_button("Move left").clicked() {
                        commands.push(AppCommand::MoveColumn(pos, pos - 1));
                    }
                    if pos + 1 < n && ui.small_button("Move right").clicked() {
                        commands.push(AppCommand::MoveColumn(pos, pos + 1));
                    }
                    if ui.small_button("Close column").clicked() {
                        commands.push(AppCommand::CloseColumn(pos));
                    }
                });
                let extra = self.marks_beside(&archive, &columns, pos);
                let offset = self.pending.remove(&index);
                if let Some(f) = followed.get_mut(pos) {
                    *f = offset.is_some();
                }
                let showing = Showing {
                    extra,
                    scroll_to: self.scroll_to.remove(&index),
                    offset,
                    salt: "column",
                };
                let figures = self.figures.of(Some(archive.as_ref()), index);
                // `ui.columns` justifies its children, which would stretch wrapped headings.
                let layout = egui::Layout::top_down(egui::Align::Min);
                views.push(
                    ui.with_layout(layout, |ui| {
                        release_view(ui, view, &archive, index, figures, showing, commands)
                    })
                    .inner,
                );
            }
        });
        self.views = views;
        let lead = self.leader(ui.ctx(), &columns, &followed);
        self.last_offsets = columns
            .iter()
            .zip(&self.views)
            .map(|(&release, v)| (release, v.offset))
            .collect();
        if self.linked {
            if let Some(lead) = lead {
                self.link(ui.ctx(), &archive, &columns, lead);
            }
        }
    }

    /// The marks of the column at `pos` from its neighbours on either side: the phrases and
    /// figures it shares with them, and (for near-identical releases) the words that differ.
    /// The words that differ are kept in `changed`.
    fn marks_beside(&mut self, archive: &Archive, columns: &[usize], pos: usize) -> Vec<Mark> {
        let mut extra = Vec::new();
        let mut changed_here = Vec::new();
        let index = columns[pos];
        let Some(release) = archive.releases.get(index) else {
            return extra;
        };
        for other_pos in [pos.wrapping_sub(1), pos + 1] {
            let Some(&other) = columns.get(other_pos) else {
                continue;
            };
            let Some(o) = archive.releases.get(other) else {
                continue;
            };
            let (a, b) = if index < other {
                (index, other)
            } else {
                (other, index)
            };
            let texts = if index < other {
                (release.text.as_str(), o.text.as_str())
            } else {
                (o.text.as_str(), release.text.as_str())
            };
            for p in self.phrases(a, b, texts) {
                let ((s, e), theirs) = if index < other {
                    (p.a, p.b)
                } else {
                    (p.b, p.a)
                };
                extra.push(Mark {
                    range: s..e,
                    kind: MarkKind::Shared {
                        tooltip: format!(
                            "{} words shared with “{}” (click to line them up)",
                            p.words, o.title
                        ),
                        partner: Some((other, theirs.0)),
                    },
                });
            }
            // Near-identical releases: the words that differ.
            for op in self.diff(a, b, texts) {
                let mine = if index < other {
                    op.a_range
                } else {
                    op.b_range
                };
                let changed = match op.kind {
                    DiffKind::Equal => false,
                    DiffKind::Delete => index < other,
                    DiffKind::Insert => index > other,
                };
                if changed && mine.0 < mine.1 {
                    changed_here.push(mine);
                    extra.push(Mark {
                        range: mine.0..mine.1,
                        kind: MarkKind::Changed {
                            tooltip: format!("differs from “{}”", o.title),
                        },
                    });
                }
            }
            // The same figures (equal normalised values and units), found once per pair
            // from the figures kept per release.
            if !self.same_figures.contains_key(&(index, other)) {
                let theirs = self.figures.of(Some(archive), other).to_vec();
                let same = same_figures(self.figures.of(Some(archive), index), &theirs);
                self.same_figures.insert((index, other), same);
            }
            let same = self
                .same_figures
                .get(&(index, other))
                .map_or(&[][..], Vec::as_slice);
            for &(start, end, theirs) in same {
                extra.push(Mark {
                    range: start..end,
                    kind: MarkKind::Shared {
                        tooltip: format!("the same figure is in “{}”", o.title),
                        partner: Some((other, theirs)),
                    },
                });
            }
        }
        self.changed.insert(index, changed_here);
        extra
    }
    /// The column the others should follow: one the user moved since last frame (by wheel, drag,
    /// a search hit or the keyboard), the one under the pointer if several moved; after linking is
    /// turned on, the one under the pointer or the first.
    fn leader(
        &mut self,
        ctx: &egui::Context,
        columns: &[usize],
        followed: &[bool],
    ) -> Option<usize> {
        let views = &self.views;
        let under_pointer = |pos: &usize| {
            let pointer = ctx.pointer_hover_pos();
            views
                .get(*pos)
                .zip(pointer)
                .is_some_and(|(v, p)| v.viewport.expand2(egui::vec2(16.0, 0.0)).contains(p))
        };
        if std::mem::take(&mut self.relevel) {
            return (0..views.len()).find(under_pointer).or(Some(0));
        }
        let moved: Vec<usize> = (0..views.len())
            .filter(|&pos| !followed.get(pos).copied().unwrap_or(false))
            .filter(|&pos| {
                let last = columns.get(pos).and_then(|r| self.last_offsets.get(r));
                views
                    .get(pos)
                    .zip(last)
                    .is_some_and(|(v, &last)| (v.offset - last).abs() > 0.5)
            })
            .collect();
        moved
            .iter()
            .copied()
            .find(under_pointer)
            .or(moved.first().copied())
    }

    /// Makes the other columns follow column `lead`.
    fn link(&mut self, ctx: &egui::Context, archive: &Archive, columns: &[usize], lead: usize) {
        let views = &self.views;
        let (Some(&lead_release), Some(leader)) = (columns.get(lead), views.get(lead).cloned())
        else {
            return;
        };
        for (pos, &index) in columns.iter().enumerate() {
            let (Some(follower), Some(ra), Some(rb)) = (
                self.views.get(pos).cloned(),
                archive.releases.get(lead_release.min(index)),
                archive.releases.get(lead_release.max(index)),
            ) else {
                continue;
            };
            if index == lead_release {
                continue;
            }
            let (a, b) = (lead_release.min(index), lead_release.max(index));
            let align = self.alignment(a, b, (ra.text.as_str(), rb.text.as_str()));
            if let Some(target) = follow(&leader, &follower, align, lead_release == a) {
                if (target - follower.offset).abs() > 0.5 {
                    self.pending.insert(index, target);
                    ctx.request_repaint();
                }
            }
        }
    }

    /// Lines up the first two columns on their next shared passage (the keyboard's way to what
    /// clicking a shaded phrase does).
    fn next_shared_button(
        &mut self,
        ui: &mut egui::Ui,
        archive: &Archive,
        columns: &[usize],
        commands: &mut Vec<AppCommand>,
    ) {
        let (Some(&c0), Some(&c1)) = (columns.first(), columns.get(1)) else {
            return;
        };
        let (a, b) = (c0.min(c1), c0.max(c1));
        let (Some(ra), Some(rb)) = (archive.releases.get(a), archive.releases.get(b)) else {
            return;
        };
        let next = self.next_shared;
        let phrases = self.phrases(a, b, (ra.text.as_str(), rb.text.as_str()));
        let n = phrases.len();
        let k = next % n.max(1);
        let Some(p) = phrases.get(k).cloned() else {
            ui.label("No shared passages");
            return;
        };
        let label = format!("Next shared passage ({} of {n})", k + 1);
        if ui
            .button(label)
            .on_hover_text("Scroll both columns so the passage is level in each")
            .clicked()
        {
            self.next_shared = k + 1;
            commands.push(AppCommand::AlignShared {
                release: a,
                at: p.a.0,
                other: b,
                other_at: p.b.0,
            });
        }
    }

    /// The releases most like the first column, each a click from becoming a column.
    fn similar_row(
        &mut self,
        ui: &mut egui::Ui,
        archive: &Archive,
        index: &SearchIndex,
        columns: &[usize],
        commands: &mut Vec<AppCommand>,
    ) {
        let Some(&first) = columns.first() else {
            return;
        };
        if self.similar.as_ref().map(|(r, _)| *r) != Some(first) {
            let found = similar_releases(archive, index, first, 6);
            self.similar = Some((first, found));
        }
        let Some((_, similar)) = &self.similar else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label("Similar releases:");
            for (i, _) in similar.iter().filter(|(i, _)| !columns.contains(i)) {
                if let Some(r) = archive.releases.get(*i) {
                    let label = format!("+ {} ({})", truncate(&r.title, 48), r.date_label());
                    if ui.button(label).on_hover_text("Add as a column").clicked() {
                        commands.push(AppCommand::AddColumn(*i));
                    }
                }
            }
        });
    }
}

/// A release being dragged from the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraggedRelease(pub usize);

/// While a release is dragged from the list: says where it can go, and adds it as a column
/// when it is dropped on the reader or the columns (`area`).
pub fn drop_target(ui: &egui::Ui, view: &View, area: egui::Rect, commands: &mut Vec<AppCommand>) {
    let ctx = ui.ctx();
    let Some(dragged) = egui::DragAndDrop::payload::<DraggedRelease>(ctx) else {
        return;
    };
    let Some(pointer) = ctx.pointer_hover_pos() else {
        return;
    };
    let over = area.contains(pointer);
    let title = view
        .archive
        .and_then(|a| a.releases.get(dragged.0))
        .map(|r| truncate(&r.title, 60))
        .unwrap_or_default();
    let hint = if over {
        format!("Drop to compare: {title}")
    } else {
        format!("Drag onto the reader to compare: {title}")
    };
    let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("drag-release"));
    let painter = ctx.layer_painter(layer);
    let visuals = ui.visuals();
    if over {
        painter.rect_stroke(
            area.shrink(2.0),
            4.0,
            egui::Stroke::new(2.0, visuals.selection.bg_fill),
            egui::StrokeKind::Inside,
        );
    }
    let galley = painter.layout_no_wrap(
        hint,
        egui::FontId::proportional(13.0),
        visuals.strong_text_color(),
    );
    let at = pointer + egui::vec2(14.0, 8.0);
    painter.rect_filled(
        egui::Rect::from_min_size(at, galley.size()).expand(4.0),
        3.0,
        visuals.window_fill,
    );
    painter.galley(at, galley, visuals.strong_text_color());
    if over && ui.input(|i| i.pointer.any_released()) {
        if let Some(dropped) = egui::DragAndDrop::take_payload::<DraggedRelease>(ctx) {
            commands.push(AppCommand::AddColumn(dropped.0));
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Figures of `mine` that `theirs` gives too: (start, end, start in theirs).
fn same_figures(mine: &[Figure], theirs: &[Figure]) -> Vec<SameFigure> {
    mine.iter()
        .filter_map(|f| {
            theirs
                .iter()
                .find(|t| t.unit == f.unit && (t.value - f.value).abs() <= f.value.abs() * 1e-9)
                .map(|t| (f.start, f.end, t.start))
        })
        .collect()
}
