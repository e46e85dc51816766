//! One reader per source format, each turning a file's bytes into a [`FileDraft`]
//! (`crate::archive::FileDraft`), and the detection that picks the reader from the content.

pub(crate) mod html_body;
pub(crate) mod line_index;
