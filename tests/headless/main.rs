//! Core and command-line tests on the bundled sample and the fixtures, without a window.
//! One test binary for all of them, so CI links the crate once rather than once per file.

#[path = "../common/mod.rs"]
mod common;
#[path = "../../fuzz/mod.rs"]
mod fuzz;

mod archive_sample;
mod archive_variants;
mod cache;
mod cache_hits;
mod cache_kept;
mod cache_phrases;
mod claims_cli;
mod export_bundle_bombs;
mod export_bundle_safety;
mod export_exchange;
mod export_formats;
mod export_merge;
mod export_reanchored;
mod figures_cli;
mod figures_forms;
mod figures_labelled;
mod formats_feed_items;
mod formats_folder;
mod formats_govuk;
mod formats_govuk_page;
mod formats_html;
mod formats_inspect_cli;
mod formats_loose_ends;
mod formats_readers;
mod formats_title_positions;
mod project_archive_ref;
mod project_cli;
mod project_concurrent;
mod project_edits;
mod project_folder;
mod project_outputs;
mod project_positions;
mod project_reanchor;
mod project_stamps;
mod project_store;
mod project_temp_files;
mod project_validate;
mod quote_labels;
mod search;
mod share_cli;
mod team_git;
mod team_ids;
mod team_merge3;
