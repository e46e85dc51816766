//! Readers for the archive formats other than the tag page, each turning one file's bytes
//! into a `FileDraft`.

mod by_format;
pub(crate) mod loose_date;
pub(crate) mod markdown;
pub(crate) mod plain_blocks;
pub(crate) mod text;

pub use by_format::{read_draft_as, sniff_format};
