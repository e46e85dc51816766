//! One public door to the readers of this folder, for tests and tools that already know a
//! file's format (the window and the command line detect it from the content).

use super::{markdown, text};
use crate::archive::draft::{FileDraft, Format};

/// Reads `bytes` as `format`; a message for the user when they cannot be read so.
pub fn read_draft_as(format: Format, bytes: &[u8]) -> Result<FileDraft, String> {
    match format {
        Format::Markdown => markdown::read(bytes),
        Format::Text => text::read(bytes),
        other => Err(format!("no reader here for the {} format", other.label())),
    }
}

/// The format the bytes' content shows, among this folder's readers; `None` when none
/// recognises it. The checks run from the most to the least specific.
pub fn sniff_format(bytes: &[u8]) -> Option<Format> {
    if markdown::sniff(bytes) {
        Some(Format::Markdown)
    } else if text::sniff(bytes) {
        Some(Format::Text)
    } else {
        None
    }
}
