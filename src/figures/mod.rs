//! Numbers in release text: detection and normalisation.
//!
//! [`find_figures`] scans a text once and returns every [`Figure`]: money
//! ("£39 million", "£ 762, 033.00", "$40 billion"), percentages ("83%",
//! "Seventy per cent", "2 1/2%"), ratios ("1 in 15"), counts ("41 migrants",
//! "half a million") and physical quantities ("2.5 tonnes"), each with its
//! normalised value, unit, qualifier ("up to"), counted noun and period.
//!
//! Years, dates, ordinals, ages, durations, times, list numbering and the
//! digits inside names and codes are not figures; `detect.rs` documents the
//! rules, including the choice about small numbers written in words.
//!
//! Files: `figure.rs` (the types), `detect.rs` (the scanner, and what follows
//! a number), `numeral.rs` (digits), `words.rs` (number words), `context.rs`
//! (what before a number makes it a non-figure), `lexicon.rs` (word lists),
//! `qualifier.rs`, `noun.rs`, `period.rs`, `text.rs` (byte helpers), `tests.rs`,
//! `fraction_words.rs` ("a third", "three-quarters", "half" as shares) and `table.rs`
//! (a table header's scale and currency carried to its cells; signed cells).
//! `over_time.rs` plots one tag's claimed figures against their releases' dates.
//! The labelled measurement is `tests/headless/figures_labelled.rs`; the benchmark is
//! `benches/figures.rs`.
//!
//! UI-free: no egui here.

mod breakdown;
mod changes;
mod context;
mod detect;
mod figure;
mod findings;
mod fraction_words;
mod groups;
mod in_view;
mod lexicon;
mod noun;
mod numeral;
mod over_time;
mod period;
mod qualifier;
mod sentence;
mod shares;
mod suggest;
mod table;
mod table_totals;
mod text;
mod words;

#[cfg(test)]
mod findings_tests;
#[cfg(test)]
mod tests;

pub use detect::find_figures;
pub use figure::{Figure, Unit};
pub use findings::{findings, FigureRef, Finding, FindingKind};
pub use groups::{groups_of, same_figure_groups, FigureGroup, Member};
pub use in_view::FiguresInView;
pub use over_time::{
    log_ticks, nice_ticks, over_time, over_time_in, OverTime, Point, QuoteFigures,
};
pub use suggest::suggest_tag;
