//! Window tests: the app in a headless egui_kittest harness, driven as a user would.
//! One test binary for all of them, so CI links the app once rather than once per file.

#[path = "../common/mod.rs"]
mod common;

mod background_work;
mod compare;
mod figures;
mod figures_axes;
mod keyboard;
mod layout;
mod open_archive;
mod open_folder;
mod open_project;
mod project_folder;
mod reader;
mod release_list;
mod search;
mod share;
mod tagging;
mod tasks;
mod team_disk;
mod timeline;
mod windows;
