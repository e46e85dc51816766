//! What the window remembers across restarts.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub dark: bool,
    /// The name given to new claims; the system user's name when empty.
    pub author: String,
    /// The project last opened or saved, offered by File > Reopen Last Project.
    pub last_project: Option<PathBuf>,
    /// What the timeline strip groups releases into lanes by; one row when `None`.
    pub timeline_lanes: Option<crate::timeline::LaneBy>,
    /// Panels collapsed to make room (View > Release List, View > Claims Panel).
    pub hide_list: bool,
    pub hide_claims_panel: bool,
    /// Widths of the release list's columns, as the user dragged them.
    pub list_widths: ListWidths,
}

/// Widths (px) of the release list's columns; the Title column takes the room they leave.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListWidths {
    pub date: f32,
    pub kind: f32,
    pub department: f32,
    pub hits: f32,
}

impl Default for ListWidths {
    fn default() -> ListWidths {
        // Enough for "2023-05-23", "speech" and "Home Office" in the body font.
        ListWidths {
            date: 68.0,
            kind: 56.0,
            department: 76.0,
            hits: 30.0,
        }
    }
}

impl ListWidths {
    /// Equal but for rounding (a table's measured widths are not exactly those it was given).
    pub fn same_as(&self, other: &ListWidths) -> bool {
        let near = |a: f32, b: f32| (a - b).abs() < 0.5;
        near(self.date, other.date)
            && near(self.kind, other.kind)
            && near(self.department, other.department)
            && near(self.hits, other.hits)
    }
}

impl Prefs {
    pub const KEY: &'static str = "pressmark-prefs";

    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}
