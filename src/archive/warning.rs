//! Things the parser noticed but could not place perfectly.

/// A warning about one line of one source file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Index into `Archive::files`.
    pub file: usize,
    /// 1-based line.
    pub line: u32,
    pub message: String,
}
