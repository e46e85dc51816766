//! Handing the work to colleagues: bundles, exports to other tools, merging and agreement.
//!
//! - [`bundle`]: one zip holding `project.ron` and the archive; [`load_project_any`] opens a
//!   project file or a bundle alike.
//! - [`csv`]: one row per claim, and [`import_csv`] to bring rows back.
//! - [`html`]: one self-contained report file.
//! - [`w3c`]: W3C Web Annotation JSON (an `AnnotationCollection`).
//! - [`qdpx`]: REFI-QDA project exchange (`.qdpx`), for NVivo, ATLAS.ti, MAXQDA.
//! - [`merge`]: bring a colleague's project into ours as one undoable edit, their tags matched
//!   by name or mapped onto ours ([`TagMap`]).
//! - [`agree`]: inter-coder agreement per tag (percentage and Cohen's kappa).
//!
//! UI-free: no egui here.

pub mod agree;
pub mod bundle;
pub mod citation;
pub mod csv;
mod csv_import;
mod error;
mod format;
pub mod html;
pub mod merge;
pub mod qdpx;
mod source_text;
mod tag_map;
mod text;
pub mod w3c;

pub use agree::{agree, agree_mapped, placed_now, Agreement, Disagreement, TagAgreement, Who};
pub use bundle::{load_project_any, open_bundle, open_bundle_all, write_bundle, Loaded};
pub use csv::{write_csv, CSV_HEADER};
pub use csv_import::{import_csv, CsvImport, UnplacedRow};
pub use error::ExportError;
pub use format::{export, export_all, Format};
pub use html::write_html;
pub use merge::{merge, merge_with, Conflict, MergeResult};
pub use qdpx::write_qdpx;
pub use tag_map::{unmatched_tags, TagMap};
pub use text::{guid, rfc3339, CharCounter};
pub use w3c::write_w3c;
