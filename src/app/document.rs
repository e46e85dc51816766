//! The open project is the core's [`Session`](crate::project::Session); this name stays so
//! that code written against `Document` keeps compiling.

pub use crate::project::Session as Document;

/// The author's name: the system user's, unless preferences say otherwise.
pub fn default_author() -> String {
    crate::project::default_author()
}
