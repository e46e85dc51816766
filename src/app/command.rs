//! Everything the user can ask the window to do. Panels push these while drawing; the app
//! applies them once per frame, after drawing.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::project::{ClaimId, Edit, TagId};

#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    /// Show the Open panel and start the native file dialog.
    Open,
    OpenPath(PathBuf),
    /// Start the native file dialog from the Open panel.
    Browse,
    /// Show the Open panel and start the native folder dialog (a folder of files in any
    /// format is one archive).
    OpenFolder,
    /// Start the native folder dialog from the Open panel.
    BrowseFolder,
    CloseOpenPanel,
    SelectRelease(usize),
    NextRelease,
    PreviousRelease,
    ToggleWarnings,
    DismissError,
    ToggleTheme,
    ClearRecent,
    Quit,
    /// A change to the project, applied through the undo history.
    Edit(Edit),
    Undo,
    Redo,
    NewProject,
    OpenProject,
    Save,
    SaveAs,
    SaveTo(PathBuf),
    /// The user chose where a project's missing archive is.
    LocateArchive(PathBuf),
    /// Words selected in the reader (byte offsets in the release's text).
    SetSelection {
        release: usize,
        start: usize,
        end: usize,
    },
    /// Tag the selection (or the selected claim) with a tag.
    TagSelection(TagId),
    /// Tag the selection with the n-th tag of the codebook (keys 1–9).
    TagSelectionWithNth(usize),
    /// Make a tag and apply it to the selection.
    CreateTagForSelection(String),
    SelectClaim(ClaimId),
    /// Open a claim's release and select it.
    JumpToClaim(ClaimId),
    ToggleCodebook,
    ToggleClaimsTable,
    ToggleClaimsPlot,
    ToggleTagAll,
    /// Close the window even with unsaved changes.
    DiscardAndQuit,
    SaveAndQuit,
    CancelQuit,
    /// Go to the next (or previous) search hit.
    NextHit,
    PreviousHit,
    FocusSearch,
    ToggleFindings,
    /// Scroll the reader to a byte offset of the selected release.
    ScrollTo(usize),
    /// Turn a figure into a claim, with a tag suggested from its kind and context.
    ClaimFigure {
        release: usize,
        start: usize,
        end: usize,
    },
    /// Compare the releases picked in the list (Ctrl-click) side by side.
    CompareSelected,
    AddColumn(usize),
    CloseColumn(usize),
    MoveColumn(usize, usize),
    CloseColumns,
    /// A shared phrase was clicked: scroll both columns so the phrase is level in each.
    AlignShared {
        release: usize,
        at: usize,
        other: usize,
        other_at: usize,
    },
    /// Scroll the compare columns together (or apart).
    ToggleLinkedScrolling,
    /// Ctrl-click in the list: pick or unpick a release for comparing.
    TogglePick(usize),
    RestoreRecovery(PathBuf),
    /// A claim was re-attached or deleted: no longer an orphan.
    Unorphan(ClaimId),
    ToggleOrphans,
    TogglePrefs,
    TogglePalette,
    /// Ask where to write an export in this format.
    Export(crate::export::Format),
    ExportTo(crate::export::Format, PathBuf),
    Merge,
    MergeFrom(PathBuf),
    CompareColleague,
    AgreeWith(PathBuf),
    ImportCsv,
    ImportCsvFrom(PathBuf),
    ReopenLastProject,
    /// Open the claim's release beside the releases that mention the same words.
    CompareMentions(ClaimId),
}

impl AppCommand {
    /// The commands that have a fixed shortcut, for menus and the keyboard.
    pub const WITH_SHORTCUTS: [AppCommand; 16] = [
        // Longer shortcuts first, so Ctrl+Shift+Z is not taken as Ctrl+Z.
        AppCommand::PreviousHit,
        AppCommand::NextHit,
        AppCommand::SaveAs,
        AppCommand::Redo,
        AppCommand::ToggleLinkedScrolling,
        AppCommand::Open,
        AppCommand::Save,
        AppCommand::Undo,
        AppCommand::ToggleTagAll,
        AppCommand::ToggleWarnings,
        AppCommand::ToggleTheme,
        AppCommand::ToggleCodebook,
        AppCommand::ToggleClaimsTable,
        AppCommand::ToggleFindings,
        AppCommand::TogglePalette,
        AppCommand::Quit,
    ];

    pub fn label(&self) -> &'static str {
        match self {
            AppCommand::Open => "Open…",
            AppCommand::OpenPath(_) => "Open file",
            AppCommand::Browse => "Browse…",
            AppCommand::CloseOpenPanel => "Cancel",
            AppCommand::OpenFolder => "Open Folder…",
            AppCommand::BrowseFolder => "Browse Folder…",
            AppCommand::SelectRelease(_) => "Select release",
            AppCommand::NextRelease => "Next release",
            AppCommand::PreviousRelease => "Previous release",
            AppCommand::ToggleWarnings => "Warnings",
            AppCommand::DismissError => "Dismiss",
            AppCommand::ToggleTheme => "Dark theme",
            AppCommand::ClearRecent => "Clear Recent",
            AppCommand::Quit => "Quit",
            AppCommand::Edit(_) => "Edit",
            AppCommand::Undo => "Undo",
            AppCommand::Redo => "Redo",
            AppCommand::NewProject => "New Project",
            AppCommand::OpenProject => "Open Project…",
            AppCommand::Save => "Save",
            AppCommand::SaveAs => "Save As…",
            AppCommand::SaveTo(_) => "Save to file",
            AppCommand::LocateArchive(_) => "Locate archive",
            AppCommand::SetSelection { .. } => "Select text",
            AppCommand::TagSelection(_) => "Tag selection",
            AppCommand::TagSelectionWithNth(_) => "Tag selection with tag",
            AppCommand::CreateTagForSelection(_) => "New tag",
            AppCommand::SelectClaim(_) => "Select claim",
            AppCommand::JumpToClaim(_) => "Go to claim",
            AppCommand::ToggleCodebook => "Codebook",
            AppCommand::ToggleClaimsTable => "Claims table",
            AppCommand::ToggleClaimsPlot => "Claims over time",
            AppCommand::ToggleTagAll => "Tag All Matches…",
            AppCommand::DiscardAndQuit => "Don't Save",
            AppCommand::SaveAndQuit => "Save and Quit",
            AppCommand::CancelQuit => "Keep Working",
            AppCommand::NextHit => "Next Hit",
            AppCommand::PreviousHit => "Previous Hit",
            AppCommand::FocusSearch => "Search",
            AppCommand::ToggleFindings => "Findings",
            AppCommand::ScrollTo(_) => "Scroll to",
            AppCommand::ClaimFigure { .. } => "Claim this figure",
            AppCommand::CompareSelected => "Compare",
            AppCommand::AddColumn(_) => "Add as column",
            AppCommand::CloseColumn(_) => "Close column",
            AppCommand::MoveColumn(..) => "Move column",
            AppCommand::CloseColumns => "Close comparison",
            AppCommand::AlignShared { .. } => "Line up shared phrase",
            AppCommand::ToggleLinkedScrolling => "Link column scrolling",
            AppCommand::TogglePick(_) => "Pick for comparing",
            AppCommand::RestoreRecovery(_) => "Restore",
            AppCommand::Unorphan(_) => "Unorphan",
            AppCommand::ToggleOrphans => "Orphaned Claims",
            AppCommand::TogglePrefs => "Preferences…",
            AppCommand::TogglePalette => "Command Palette",
            AppCommand::Export(f) => match f {
                crate::export::Format::Bundle => "Project Bundle…",
                crate::export::Format::Csv => "CSV…",
                crate::export::Format::Html => "HTML Report…",
                crate::export::Format::W3c => "W3C Web Annotations…",
                crate::export::Format::Qdpx => "REFI-QDA Project…",
            },
            AppCommand::ExportTo(..) => "Export",
            AppCommand::Merge => "Merge Colleague's Project…",
            AppCommand::MergeFrom(_) => "Merge",
            AppCommand::CompareColleague => "Compare with Colleague…",
            AppCommand::AgreeWith(_) => "Compare",
            AppCommand::ImportCsv => "Import CSV…",
            AppCommand::ImportCsvFrom(_) => "Import",
            AppCommand::ReopenLastProject => "Reopen Last Project",
            AppCommand::CompareMentions(_) => "Compare with releases that mention this",
        }
    }

    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let ctrl = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            AppCommand::Open => ctrl(Key::O),
            AppCommand::ToggleWarnings => ctrl(Key::W),
            AppCommand::ToggleTheme => ctrl(Key::T),
            AppCommand::Quit => ctrl(Key::Q),
            AppCommand::Save => ctrl(Key::S),
            AppCommand::SaveAs => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::S,
            )),
            AppCommand::Undo => ctrl(Key::Z),
            AppCommand::Redo => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )),
            AppCommand::ToggleCodebook => ctrl(Key::B),
            AppCommand::ToggleFindings => ctrl(Key::I),
            AppCommand::ToggleLinkedScrolling => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::L,
            )),
            AppCommand::TogglePalette => ctrl(Key::K),
            AppCommand::NextHit => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F3)),
            AppCommand::PreviousHit => Some(KeyboardShortcut::new(Modifiers::SHIFT, Key::F3)),
            AppCommand::ToggleClaimsTable => ctrl(Key::L),
            AppCommand::ToggleTagAll => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::T,
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_distinct() {
        let mut seen: Vec<KeyboardShortcut> = Vec::new();
        for c in AppCommand::WITH_SHORTCUTS {
            let s = c.shortcut().expect("listed commands have shortcuts");
            assert!(!seen.contains(&s), "{} shares {s:?}", c.label());
            seen.push(s);
        }
        // Every command the palette offers with a shortcut is one the keyboard handles.
        for c in super::super::palette::COMMANDS {
            if c.shortcut().is_some() {
                assert!(AppCommand::WITH_SHORTCUTS.contains(&c), "{}", c.label());
            }
        }
    }
}
