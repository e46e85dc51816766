//! What the window can be asked to do. `Command` is the user's vocabulary, one table that
//! the menus, the command palette, the keyboard and the Help window all read: each command
//! knows its label, its shortcuts and where it sits. `AppCommand` is the app's internal
//! message: panels push these while drawing and the app applies them once per frame, after
//! drawing; a user command travels as `AppCommand::Run`.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::export::Format;
use crate::project::{ClaimId, Edit, TagId};

/// A menu of the menu bar (`Export` is the File menu's submenu).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    Export,
    Edit,
    View,
    Go,
    Help,
}

impl Menu {
    pub const BAR: [Menu; 5] = [Menu::File, Menu::Edit, Menu::View, Menu::Go, Menu::Help];

    pub fn label(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Export => "Export",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Go => "Go",
            Menu::Help => "Help",
        }
    }
}

/// Everything the user can ask for by name: a menu item, a palette entry or a shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    NewProject,
    /// Show the Open panel and start the native file dialog.
    Open,
    /// Show the Open panel and start the native folder dialog (a folder of files in any
    /// format is one archive).
    OpenFolder,
    OpenProject,
    ReopenLastProject,
    Save,
    SaveAs,
    Export(Format),
    ImportCsv,
    Merge,
    CompareColleague,
    ClearRecent,
    Quit,
    Undo,
    Redo,
    /// Copy the words selected in the reader (snapped to whole words).
    CopySelection,
    /// Copy the selected claim with its citation: release, department, date, quote, figure.
    CopyClaimWithCitation,
    ToggleTagAll,
    ToggleOrphans,
    TogglePrefs,
    ToggleClaimsTable,
    ToggleClaimsPlot,
    ToggleCodebook,
    ToggleFindings,
    ToggleWarnings,
    ToggleTheme,
    ToggleLinkedScrolling,
    /// Collapse or show the release list, or the claims panel on the right.
    ToggleReleaseList,
    ToggleClaimsPanel,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    TogglePalette,
    FocusSearch,
    NextRelease,
    PreviousRelease,
    NextHit,
    PreviousHit,
    /// Compare the releases picked in the list (Ctrl-click) side by side.
    CompareSelected,
    CloseColumns,
    /// Tag the selection (or the selected claim) with the n-th tag of the codebook (keys 1–9).
    TagWithNth(u8),
    ToggleShortcuts,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl Command {
    /// Every command, in menu order.
    pub const ALL: [Command; 55] = [
        Command::NewProject,
        Command::Open,
        Command::OpenFolder,
        Command::OpenProject,
        Command::ReopenLastProject,
        Command::ClearRecent,
        Command::Save,
        Command::SaveAs,
        Command::Export(Format::Csv),
        Command::Export(Format::CsvExcel),
        Command::Export(Format::Html),
        Command::Export(Format::W3c),
        Command::Export(Format::Qdpx),
        Command::Export(Format::Bundle),
        Command::ImportCsv,
        Command::Merge,
        Command::CompareColleague,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::CopySelection,
        Command::CopyClaimWithCitation,
        Command::ToggleTagAll,
        Command::ToggleOrphans,
        Command::TogglePrefs,
        Command::ToggleClaimsTable,
        Command::ToggleClaimsPlot,
        Command::ToggleCodebook,
        Command::ToggleFindings,
        Command::ToggleWarnings,
        Command::ToggleTheme,
        Command::ToggleLinkedScrolling,
        Command::ToggleReleaseList,
        Command::ToggleClaimsPanel,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomReset,
        Command::TogglePalette,
        Command::FocusSearch,
        Command::NextRelease,
        Command::PreviousRelease,
        Command::NextHit,
        Command::PreviousHit,
        Command::CompareSelected,
        Command::CloseColumns,
        Command::ToggleShortcuts,
        Command::TagWithNth(0),
        Command::TagWithNth(1),
        Command::TagWithNth(2),
        Command::TagWithNth(3),
        Command::TagWithNth(4),
        Command::TagWithNth(5),
        Command::TagWithNth(6),
        Command::TagWithNth(7),
        Command::TagWithNth(8),
    ];

    /// The name in the palette and the Help window (and in menus, but for the Export
    /// submenu, which shows `menu_label`).
    pub fn label(self) -> &'static str {
        match self {
            Command::NewProject => "New Project",
            Command::Open => "Open…",
            Command::OpenFolder => "Open Folder…",
            Command::OpenProject => "Open Project…",
            Command::ReopenLastProject => "Reopen Last Project",
            Command::Save => "Save",
            Command::SaveAs => "Save As…",
            Command::Export(f) => match f {
                Format::Csv => "Export CSV…",
                Format::CsvExcel => "Export CSV for Excel…",
                Format::Html => "Export HTML Report…",
                Format::W3c => "Export W3C Web Annotations…",
                Format::Qdpx => "Export REFI-QDA Project…",
                Format::Bundle => "Export Project Bundle…",
            },
            Command::ImportCsv => "Import CSV…",
            Command::Merge => "Merge Colleague's Project…",
            Command::CompareColleague => "Compare with Colleague…",
            Command::ClearRecent => "Clear Recent",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::CopySelection => "Copy",
            Command::CopyClaimWithCitation => "Copy Claim with Citation",
            Command::ToggleTagAll => "Tag All Matches…",
            Command::ToggleOrphans => "Orphaned Claims",
            Command::TogglePrefs => "Preferences…",
            Command::ToggleClaimsTable => "Claims table",
            Command::ToggleClaimsPlot => "Claims over time",
            Command::ToggleCodebook => "Codebook",
            Command::ToggleFindings => "Findings",
            Command::ToggleWarnings => "Warnings",
            Command::ToggleTheme => "Dark theme",
            Command::ToggleLinkedScrolling => "Link column scrolling",
            Command::ToggleReleaseList => "Release list",
            Command::ToggleClaimsPanel => "Claims panel",
            Command::ZoomIn => "Zoom In",
            Command::ZoomOut => "Zoom Out",
            Command::ZoomReset => "Actual Size",
            Command::TogglePalette => "Command Palette",
            Command::FocusSearch => "Search",
            Command::NextRelease => "Next release",
            Command::PreviousRelease => "Previous release",
            Command::NextHit => "Next Hit",
            Command::PreviousHit => "Previous Hit",
            Command::CompareSelected => "Compare Picked Releases",
            Command::CloseColumns => "Close comparison",
            Command::TagWithNth(n) => match n {
                0 => "Tag with tag 1",
                1 => "Tag with tag 2",
                2 => "Tag with tag 3",
                3 => "Tag with tag 4",
                4 => "Tag with tag 5",
                5 => "Tag with tag 6",
                6 => "Tag with tag 7",
                7 => "Tag with tag 8",
                _ => "Tag with tag 9",
            },
            Command::ToggleShortcuts => "Keyboard Shortcuts",
        }
    }

    /// The name in its menu: exports sit in the Export submenu, so "CSV…" says enough.
    pub fn menu_label(self) -> &'static str {
        match self {
            Command::Export(f) => match f {
                Format::Csv => "CSV…",
                Format::CsvExcel => "CSV for Excel…",
                Format::Html => "HTML Report…",
                Format::W3c => "W3C Web Annotations…",
                Format::Qdpx => "REFI-QDA Project…",
                Format::Bundle => "Project Bundle…",
            },
            c => c.label(),
        }
    }

    /// The keys that run the command, the usual one first (several where more than one is
    /// usual: Ctrl+Shift+Z and Ctrl+Y redo).
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Command::Open => const { &[key(CMD, Key::O)] },
            Command::Save => const { &[key(CMD, Key::S)] },
            Command::SaveAs => const { &[key(CMD_SHIFT, Key::S)] },
            Command::Quit => const { &[key(CMD, Key::Q)] },
            Command::Undo => const { &[key(CMD, Key::Z)] },
            Command::Redo => const { &[key(CMD_SHIFT, Key::Z), key(CMD, Key::Y)] },
            // Ctrl+C arrives as egui's Copy event; listed here for the menus and Help.
            Command::CopySelection => const { &[key(CMD, Key::C)] },
            Command::CopyClaimWithCitation => const { &[key(CMD_SHIFT, Key::C)] },
            Command::ToggleTagAll => const { &[key(CMD_SHIFT, Key::T)] },
            Command::ToggleClaimsTable => const { &[key(CMD, Key::L)] },
            Command::ToggleCodebook => const { &[key(CMD, Key::B)] },
            Command::ToggleFindings => const { &[key(CMD, Key::I)] },
            Command::ToggleWarnings => const { &[key(CMD, Key::W)] },
            Command::ToggleTheme => const { &[key(CMD, Key::T)] },
            Command::ToggleLinkedScrolling => const { &[key(CMD_SHIFT, Key::L)] },
            Command::ZoomIn => const { &[key(CMD, Key::Plus), key(CMD, Key::Equals)] },
            Command::ZoomOut => const { &[key(CMD, Key::Minus)] },
            Command::ZoomReset => const { &[key(CMD, Key::Num0)] },
            Command::TogglePalette => const { &[key(CMD, Key::K)] },
            Command::FocusSearch => const { &[key(NONE, Key::Slash)] },
            Command::NextRelease => const { &[key(NONE, Key::J), key(NONE, Key::ArrowDown)] },
            Command::PreviousRelease => const { &[key(NONE, Key::K), key(NONE, Key::ArrowUp)] },
            Command::NextHit => const { &[key(NONE, Key::F3)] },
            Command::PreviousHit => const { &[key(Modifiers::SHIFT, Key::F3)] },
            Command::TagWithNth(n) => DIGIT_SHORTCUTS
                .get(n as usize)
                .map_or(&[], std::slice::from_ref),
            Command::ToggleShortcuts => const { &[key(NONE, Key::F1)] },
            _ => const { &[] },
        }
    }

    /// Whether the command still runs while a text field has the keyboard. Only commands
    /// whose keys no text field uses (Ctrl+Z, Ctrl+K, Ctrl+W, plain keys and digits are all
    /// editing keys there) and that do not change the document.
    pub fn while_typing(self) -> bool {
        matches!(
            self,
            Command::Open
                | Command::Save
                | Command::SaveAs
                | Command::Quit
                | Command::NextHit
                | Command::PreviousHit
                | Command::ZoomIn
                | Command::ZoomOut
                | Command::ZoomReset
                | Command::ToggleShortcuts
        )
    }

    /// Where the command sits in the menu bar (`None`: palette and keys only).
    pub fn menu(self) -> Option<Menu> {
        Some(match self {
            Command::NewProject
            | Command::Open
            | Command::OpenFolder
            | Command::OpenProject
            | Command::ReopenLastProject
            | Command::Save
            | Command::SaveAs
            | Command::ImportCsv
            | Command::Merge
            | Command::CompareColleague
            | Command::ClearRecent
            | Command::Quit => Menu::File,
            Command::Export(_) => Menu::Export,
            Command::Undo
            | Command::Redo
            | Command::CopySelection
            | Command::CopyClaimWithCitation
            | Command::ToggleTagAll
            | Command::ToggleOrphans
            | Command::TogglePrefs => Menu::Edit,
            Command::ToggleClaimsTable
            | Command::ToggleClaimsPlot
            | Command::ToggleCodebook
            | Command::ToggleFindings
            | Command::ToggleWarnings
            | Command::ToggleTheme
            | Command::ToggleLinkedScrolling
            | Command::ToggleReleaseList
            | Command::ToggleClaimsPanel
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::ZoomReset => Menu::View,
            Command::TogglePalette
            | Command::FocusSearch
            | Command::NextRelease
            | Command::PreviousRelease
            | Command::NextHit
            | Command::PreviousHit
            | Command::CompareSelected
            | Command::CloseColumns => Menu::Go,
            Command::ToggleShortcuts => Menu::Help,
            Command::TagWithNth(_) => return None,
        })
    }

    /// A separator goes above this command in its menu.
    pub fn starts_group(self) -> bool {
        matches!(
            self,
            Command::Save
                | Command::ImportCsv
                | Command::Quit
                | Command::CopySelection
                | Command::ToggleTagAll
                | Command::TogglePrefs
                | Command::ToggleTheme
                | Command::ToggleReleaseList
                | Command::ZoomIn
                | Command::NextRelease
                | Command::NextHit
                | Command::CompareSelected
        )
    }

    /// Offered in the command palette: every menu command, not the tag keys (the palette
    /// would show nine near-identical entries; the Tag panel has them by name).
    pub fn in_palette(self) -> bool {
        self.menu().is_some()
    }

    /// The shortcuts as the user reads them ("Ctrl+Shift+Z or Ctrl+Y").
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        let keys = self.shortcuts();
        (!keys.is_empty()).then(|| {
            keys.iter()
                .map(|k| ctx.format_shortcut(k))
                .collect::<Vec<_>>()
                .join(" or ")
        })
    }
}

const DIGIT_SHORTCUTS: [KeyboardShortcut; 9] = [
    key(NONE, Key::Num1),
    key(NONE, Key::Num2),
    key(NONE, Key::Num3),
    key(NONE, Key::Num4),
    key(NONE, Key::Num5),
    key(NONE, Key::Num6),
    key(NONE, Key::Num7),
    key(NONE, Key::Num8),
    key(NONE, Key::Num9),
];

/// A message from a panel to the app, applied after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    /// A command from the table (menu, palette, key).
    Run(Command),
    OpenPath(PathBuf),
    /// Start the native file dialog from the Open panel.
    Browse,
    /// Start the native folder dialog from the Open panel.
    BrowseFolder,
    CloseOpenPanel,
    SelectRelease(usize),
    DismissError,
    /// A panel could not do what was asked: tell the user, in words they understand.
    ShowError(String),
    /// A change to the project, applied through the undo history.
    Edit(Edit),
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
    /// Make a tag and apply it to the selection.
    CreateTagForSelection(String),
    SelectClaim(ClaimId),
    /// Open a claim's release and select it.
    JumpToClaim(ClaimId),
    /// Close the window even with unsaved changes.
    DiscardAndQuit,
    SaveAndQuit,
    CancelQuit,
    /// Scroll the reader to a byte offset of the selected release.
    ScrollTo(usize),
    /// Turn a figure into a claim, with a tag suggested from its kind and context.
    ClaimFigure {
        release: usize,
        start: usize,
        end: usize,
    },
    AddColumn(usize),
    CloseColumn(usize),
    MoveColumn(usize, usize),
    /// A shared phrase was clicked: scroll both columns so the phrase is level in each.
    AlignShared {
        release: usize,
        at: usize,
        other: usize,
        other_at: usize,
    },
    /// Ctrl-click in the list: pick or unpick a release for comparing.
    TogglePick(usize),
    RestoreRecovery(PathBuf),
    /// A claim was re-attached or deleted: no longer an orphan.
    Unorphan(ClaimId),
    /// What to do with the project file another program changed on disk.
    DiskChanged(super::disk_watch::DiskChoice),
    ExportTo(Format, PathBuf),
    MergeFrom(PathBuf),
    AgreeWith(PathBuf),
    ImportCsvFrom(PathBuf),
    /// Open the claim's release beside the releases that mention the same words.
    CompareMentions(ClaimId),
    /// The answer to "another archive, with a project open": open it alone (closing the
    /// project) or re-point the project at it.
    OpenArchiveAlone(PathBuf),
    RepointProject(PathBuf),
    CancelOpenArchive,
    /// Unsaved changes, then the archive alone: save first, or drop the changes.
    SaveThenOpenAlone(PathBuf),
    DiscardThenOpenAlone(PathBuf),
    /// The re-pointing report was read.
    DismissRepointReport,
    /// The release list's column widths were dragged: kept in the preferences.
    SetListWidths(super::prefs::ListWidths),
    /// What the timeline strip groups releases into lanes by (`None`: one row).
    SetTimelineLanes(Option<crate::timeline::LaneBy>),
    // panelsB
    /// A merge conflict kept in the project is settled: its entry goes (the project is
    /// changed, to save).
    SettleConflict(Box<crate::project::Conflict>),
    /// The offer to restore unsaved work was declined: the recovery file goes.
    DiscardRecovery(PathBuf),
    /// The author's name typed in Preferences, remembered for new projects.
    RememberAuthor(String),
    /// The open project's file changed size or time: read it (on a task) to see whether
    /// another program changed it.
    ReadDiskVersion(PathBuf),
    /// Merge a colleague's project (read already) with their tags mapped as chosen in the
    /// Merge tags step.
    MergeWithTags {
        path: PathBuf,
        theirs: Box<crate::project::Project>,
        tags: crate::export::TagMap,
    },
    /// Work out the agreement with the colleague again, their tags counted as mine as mapped.
    AgreeMapped(crate::export::TagMap),
}

impl From<Command> for AppCommand {
    fn from(c: Command) -> AppCommand {
        AppCommand::Run(c)
    }
}

impl AppCommand {
    /// The label of a button that sends this message.
    pub fn label(&self) -> &'static str {
        match self {
            AppCommand::Run(c) => c.label(),
            AppCommand::OpenPath(_) => "Open file",
            AppCommand::Browse => "Browse…",
            AppCommand::CloseOpenPanel => "Cancel",
            AppCommand::BrowseFolder => "Browse Folder…",
            AppCommand::SelectRelease(_) => "Select release",
            AppCommand::DismissError => "Dismiss",
            AppCommand::ShowError(_) => "Show error",
            AppCommand::Edit(_) => "Edit",
            AppCommand::SaveTo(_) => "Save to file",
            AppCommand::LocateArchive(_) => "Locate archive",
            AppCommand::SetSelection { .. } => "Select text",
            AppCommand::TagSelection(_) => "Tag selection",
            AppCommand::CreateTagForSelection(_) => "New tag",
            AppCommand::SelectClaim(_) => "Select claim",
            AppCommand::JumpToClaim(_) => "Go to claim",
            AppCommand::DiscardAndQuit => "Don't Save",
            AppCommand::SaveAndQuit => "Save and Quit",
            AppCommand::CancelQuit => "Keep Working",
            AppCommand::ScrollTo(_) => "Scroll to",
            AppCommand::ClaimFigure { .. } => "Claim this figure",
            AppCommand::AddColumn(_) => "Add as column",
            AppCommand::CloseColumn(_) => "Close column",
            AppCommand::MoveColumn(..) => "Move column",
            AppCommand::AlignShared { .. } => "Line up shared phrase",
            AppCommand::TogglePick(_) => "Pick for comparing",
            AppCommand::RestoreRecovery(_) => "Restore",
            AppCommand::Unorphan(_) => "Unorphan",
            AppCommand::DiskChanged(choice) => match choice {
                super::disk_watch::DiskChoice::Reload => "Reload from disk",
                super::disk_watch::DiskChoice::Merge => "Merge with mine",
                super::disk_watch::DiskChoice::NotNow => "Not now",
            },
            AppCommand::ExportTo(..) => "Export",
            AppCommand::MergeFrom(_) => "Merge",
            AppCommand::AgreeWith(_) => "Compare",
            AppCommand::ImportCsvFrom(_) => "Import",
            AppCommand::CompareMentions(_) => "Compare with releases that mention this",
            AppCommand::OpenArchiveAlone(_) => "Open it on its own",
            AppCommand::RepointProject(_) => "Re-point the project at it",
            AppCommand::CancelOpenArchive => "Cancel",
            AppCommand::SaveThenOpenAlone(_) => "Save and Open",
            AppCommand::DiscardThenOpenAlone(_) => "Don't Save",
            AppCommand::DismissRepointReport => "OK",
            AppCommand::SetListWidths(_) => "Resize list columns",
            AppCommand::SetTimelineLanes(_) => "Lanes",
            // panelsB
            AppCommand::SettleConflict(_) => "Keep current version",
            AppCommand::DiscardRecovery(_) => "Discard",
            AppCommand::RememberAuthor(_) => "Your name",
            AppCommand::ReadDiskVersion(_) => "Look at the file on disk",
            AppCommand::MergeWithTags { .. } => "Merge",
            AppCommand::AgreeMapped(_) => "Count their tag as mine",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_distinct() {
        let mut seen: Vec<KeyboardShortcut> = Vec::new();
        for c in Command::ALL {
            for s in c.shortcuts() {
                assert!(!seen.contains(s), "{} shares {s:?}", c.label());
                seen.push(*s);
            }
        }
    }

    #[test]
    fn every_menu_command_is_in_the_palette_with_a_unique_name() {
        let mut names: Vec<&str> = Command::ALL
            .iter()
            .filter(|c| c.in_palette())
            .map(|c| c.label())
            .collect();
        assert_eq!(
            names.len(),
            Command::ALL.iter().filter(|c| c.menu().is_some()).count()
        );
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
        // Each format once.
        for f in Format::ALL {
            assert!(Command::ALL.contains(&Command::Export(f)));
        }
    }
}
