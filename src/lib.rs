//! Pressmark: read, compare and tag the claims in government press releases.
//!
//! The crate is split into a UI-free core (`archive`, `figures`, ...) and a thin egui
//! layer in `app`. Only `app` (and `main.rs`) may use egui, eframe or rfd; the `gui`
//! feature (on by default) brings them in, so the core and the command line build alone.

#[cfg(feature = "gui")]
pub mod app;
pub mod archive;
pub mod background;
pub mod cache;
pub mod cli;
pub mod compare;
pub mod export;
pub mod figures;
pub mod output;
pub mod project;
pub mod search;
pub mod threads;
pub mod timeline;
pub mod trace;

#[cfg(test)]
mod test_folders;
#[cfg(test)]
mod test_support;
