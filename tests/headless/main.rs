//! Core and command-line tests on the bundled sample and the fixtures, without a window.
//! One test binary for all of them, so CI links the crate once rather than once per file.

#[path = "../common/mod.rs"]
mod common;

mod archive_sample;
mod archive_variants;
mod cache;
mod claims_cli;
mod export_bundle_safety;
mod export_formats;
mod export_merge;
mod figures_labelled;
mod formats_folder;
mod formats_govuk;
mod formats_html;
mod project_cli;
mod project_edits;
mod project_reanchor;
mod project_store;
mod search;
mod share_cli;
