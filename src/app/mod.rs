//! The egui layer: panels draw state and push `AppCommand`s; `PressmarkApp::run_command`
//! applies them after drawing. Only this module (and `main.rs`) uses egui, eframe or rfd.

use crate::background;
mod claims_panel;
mod claims_plot;
mod claims_table;
mod codebook_window;
mod columns;
mod command;
mod conflicts_panel;
mod disagreement;
mod disk_watch;
mod findings_panel;
mod help;
mod linked_scroll;
mod list_filters;
mod loader;
mod menu;
mod merge_tags;
mod open_panel;
mod open_question;
mod palette;
mod prefs;
mod pressmark_app;
mod reader;
mod recovery;
mod release_list;
mod sample;
mod search_bar;
mod search_state;
mod share;
mod share_tasks;
mod status_bar;
mod tag_all;
mod task_done;
mod tasks;
mod text_block;
mod timeline_state;
mod timeline_strip;
mod user_commands;
mod view;
mod widgets;

use std::path::PathBuf;
use std::sync::Arc;

pub use command::{AppCommand, Command, Menu};
pub use list_filters::{HasClaims, ListFilters};
pub use prefs::{ListWidths, Prefs};
pub use pressmark_app::{PressmarkApp, Selection};
pub use recovery::{autosave, offer_untitled};
pub use sample::sample_path;

/// Opens the window on `file`, or on the bundled sample.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let file = file.unwrap_or_else(sample_path);
    // An archive starts loading before the window is made: making it takes 0.2-0.3 s, which
    // the load now overlaps (reopening the 541 MB archive from its cache showed it at
    // 0.66-0.75 s, loading starting only at 0.24-0.30 s). The load wakes the window once
    // there is one; the first frame looks at it anyway.
    let window: Arc<std::sync::OnceLock<egui::Context>> = Arc::default();
    let early = PressmarkApp::opens_as_archive(&file).then(|| {
        let window = window.clone();
        loader::Loading::start(vec![file.clone()], move || {
            if let Some(ctx) = window.get() {
                ctx.request_repaint();
            }
        })
    });
    crate::trace::mark("making the window");
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Pressmark")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Pressmark",
        options,
        Box::new(move |cc| {
            crate::trace::mark("window made");
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, Prefs::KEY))
                .unwrap_or_default();
            pressmark_app::apply_theme(&cc.egui_ctx, &prefs);
            let ctx = cc.egui_ctx.clone();
            let _ = window.set(ctx.clone());
            let mut app = PressmarkApp::new(prefs, Arc::new(move || ctx.request_repaint()));
            app.recovery.untitled = recovery::default_untitled_path();
            match early {
                Some(loading) => app.open_started(loading),
                None => app.open_any(file),
            }
            recovery::offer_untitled(&mut app);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
