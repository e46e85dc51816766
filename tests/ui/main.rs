//! Window tests: the app in a headless egui_kittest harness, driven as a user would.
//! One test binary for all of them, so CI links the app once rather than once per file.

#[path = "../common/mod.rs"]
mod common;

mod compare;
mod figures;
mod keyboard;
mod open_folder;
mod reader;
mod search;
mod share;
mod tagging;
mod timeline;
mod windows;
