//! Releases side by side: each column a full reader (tagging, undo and redo work there as in
//! the single reader), phrases shared with the neighbouring column highlighted in both, and
//! the releases most like the first column one click from becoming a column.

use std::collections::HashMap;

use crate::claims::find_figures;
use crate::compare::{shared_phrases, similar_releases, word_diff, DiffKind, DiffOp, SharedPhrase};

use super::command::AppCommand;
use super::pressmark_app::PressmarkApp;
use super::reader::release_view;
use super::text_block::{Mark, MarkKind};

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
        }
    }

    pub fn clear(&mut self) {
        self.columns.clear();
        self.shared.clear();
        self.diffs.clear();
        self.similar = None;
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

pub fn show(app: &mut PressmarkApp, ui: &mut egui::Ui) {
    let Some(archive) = app.archive.clone() else {
        return;
    };
    let columns = app.columns.columns.clone();
    ui.horizontal_wrapped(|ui| {
        if ui.button("Close comparison").clicked() {
            app.commands.push(AppCommand::CloseColumns);
        }
        ui.strong(format!("Comparing {} releases", columns.len()))
            .on_hover_text(
                "Green: phrases and figures a release shares with the column beside it. \
                 Red: words that differ, for near-identical releases.",
            );
    });
    similar_row(app, ui, &archive, &columns);
    ui.separator();
    let n = columns.len();
    // Keep the columns inside the panel whatever the rows above them measured.
    let width = ui.max_rect().width().min(ui.clip_rect().width());
    ui.set_max_width(width);
    ui.columns(n, |uis| {
        for (pos, ui) in uis.iter_mut().enumerate() {
            let index = columns[pos];
            let Some(release) = archive.releases.get(index) else {
                continue;
            };
            ui.horizontal(|ui| {
                if pos > 0 && ui.small_button("Move left").clicked() {
                    app.commands.push(AppCommand::MoveColumn(pos, pos - 1));
                }
                if pos + 1 < n && ui.small_button("Move right").clicked() {
                    app.commands.push(AppCommand::MoveColumn(pos, pos + 1));
                }
                if ui.small_button("Close column").clicked() {
                    app.commands.push(AppCommand::CloseColumn(pos));
                }
            });
            // Phrases shared with the neighbours on either side.
            let mut extra = Vec::new();
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
                for p in app.columns.phrases(a, b, texts) {
                    let (s, e) = if index < other { p.a } else { p.b };
                    extra.push(Mark {
                        range: s..e,
                        kind: MarkKind::Shared {
                            tooltip: format!("{} words shared with “{}”", p.words, o.title),
                        },
                    });
                }
                // Near-identical releases: the words that differ.
                for op in app.columns.diff(a, b, texts) {
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
                        extra.push(Mark {
                            range: mine.0..mine.1,
                            kind: MarkKind::Changed {
                                tooltip: format!("differs from “{}”", o.title),
                            },
                        });
                    }
                }
                // The same figures (equal normalised values and units).
                let theirs = find_figures(&o.text);
                for f in find_figures(&release.text) {
                    let same = theirs.iter().any(|t| {
                        t.unit == f.unit && (t.value - f.value).abs() <= f.value.abs() * 1e-9
                    });
                    if same {
                        extra.push(Mark {
                            range: f.start..f.end,
                            kind: MarkKind::Shared {
                                tooltip: format!("the same figure is in “{}”", o.title),
                            },
                        });
                    }
                }
            }
            release_view(app, ui, &archive, index, extra, None, "column");
        }
    });
}

fn similar_row(
    app: &mut PressmarkApp,
    ui: &mut egui::Ui,
    archive: &crate::archive::Archive,
    columns: &[usize],
) {
    let Some(&first) = columns.first() else {
        return;
    };
    let Some(index) = app.search.index_ref() else {
        return;
    };
    if app.columns.similar.as_ref().map(|(r, _)| *r) != Some(first) {
        let found = similar_releases(archive, &index, first, 6);
        app.columns.similar = Some((first, found));
    }
    let Some((_, similar)) = &app.columns.similar else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label("Similar releases:");
        for (i, _) in similar.iter().filter(|(i, _)| !columns.contains(i)) {
            if let Some(r) = archive.releases.get(*i) {
                let label = format!("+ {} ({})", truncate(&r.title, 48), r.date_label());
                if ui.button(label).on_hover_text("Add as a column").clicked() {
                    app.commands.push(AppCommand::AddColumn(*i));
                }
            }
        }
    });
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
