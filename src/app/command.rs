//! Everything the user can ask the window to do. Panels push these while drawing; the app
//! applies them once per frame, after drawing.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    /// Show the Open panel and start the native file dialog.
    Open,
    OpenPath(PathBuf),
    /// Start the native file dialog from the Open panel.
    Browse,
    CloseOpenPanel,
    SelectRelease(usize),
    NextRelease,
    PreviousRelease,
    ToggleWarnings,
    DismissError,
    ToggleTheme,
    ClearRecent,
    Quit,
}

impl AppCommand {
    /// The commands that have a fixed shortcut, for menus and the keyboard.
    pub const WITH_SHORTCUTS: [AppCommand; 4] = [
        AppCommand::Open,
        AppCommand::ToggleWarnings,
        AppCommand::ToggleTheme,
        AppCommand::Quit,
    ];

    pub fn label(&self) -> &'static str {
        match self {
            AppCommand::Open => "Open…",
            AppCommand::OpenPath(_) => "Open file",
            AppCommand::Browse => "Browse…",
            AppCommand::CloseOpenPanel => "Cancel",
            AppCommand::SelectRelease(_) => "Select release",
            AppCommand::NextRelease => "Next release",
            AppCommand::PreviousRelease => "Previous release",
            AppCommand::ToggleWarnings => "Warnings",
            AppCommand::DismissError => "Dismiss",
            AppCommand::ToggleTheme => "Dark theme",
            AppCommand::ClearRecent => "Clear Recent",
            AppCommand::Quit => "Quit",
        }
    }

    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let ctrl = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            AppCommand::Open => ctrl(Key::O),
            AppCommand::ToggleWarnings => ctrl(Key::W),
            AppCommand::ToggleTheme => ctrl(Key::T),
            AppCommand::Quit => ctrl(Key::Q),
            _ => None,
        }
    }
}
