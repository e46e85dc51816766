//! One reader per source format, each turning a file's bytes into a [`FileDraft`]
//! (`crate::archive::FileDraft`), and the detection that picks the reader from the content.

mod by_format;
pub(crate) mod docx;
pub(crate) mod feed;
pub(crate) mod html_body;
pub(crate) mod line_index;
pub(crate) mod loose_date;
pub(crate) mod markdown;
pub(crate) mod pdf;
pub(crate) mod plain_blocks;
pub(crate) mod text;

pub use by_format::{read_draft_as, sniff_format};
