//! One public door to the readers of this folder, for tests and tools that already know a
//! file's format (the window and the command line detect it from the content).

use super::{docx, feed, markdown, pdf, text};
use crate::archive::draft::{FileDraft, Format};
use crate::archive::release::Release;

/// Reads `bytes` as `format`; a message for the user when they cannot be read so.
pub fn read_draft_as(format: Format, bytes: &[u8]) -> Result<FileDraft, String> {
    match format {
        Format::Rss | Format::Atom => feed::read(bytes),
        Format::Markdown => markdown::read(bytes),
        Format::Text => text::read(bytes),
        Format::Docx => docx::read(bytes),
        Format::Pdf => pdf::read(bytes),
        other => Err(format!("no reader here for the {} format", other.label())),
    }
}

/// A feed's releases, and its warnings (line, message).
pub type FeedReleases = (Vec<Release>, Vec<(u32, String)>);

/// A feed's releases and warnings (line, message) as `pressmark inspect` reads a feed: item
/// by item on every core where the feed allows it, else the whole document at once (the
/// releases are the same either way). Their ids are given when an archive is finished.
pub fn read_feed_releases(bytes: &[u8]) -> Result<FeedReleases, String> {
    feed::read_releases(bytes, &|_, _| {})
}

/// The format the bytes' content shows, among this folder's readers; `None` when none
/// recognises it. The checks run from the most to the least specific; a feed is reported
/// as `Rss` whatever its kind (the reader tells RSS from Atom).
pub fn sniff_format(bytes: &[u8]) -> Option<Format> {
    if pdf::sniff(bytes) {
        Some(Format::Pdf)
    } else if docx::sniff(bytes) {
        Some(Format::Docx)
    } else if feed::sniff(bytes) {
        Some(Format::Rss)
    } else if markdown::sniff(bytes) {
        Some(Format::Markdown)
    } else if text::sniff(bytes) {
        Some(Format::Text)
    } else {
        None
    }
}
