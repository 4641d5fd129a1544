//! Errors of the engine: only for data the caller hands in (unit tables, the metric
//! catalogue, gold files).
//!
//! Messy report text never produces an error; it yields diagnostics. An error here
//! means a data file is malformed, and it names the file and line so that a user
//! editing their own table can fix it.

use std::fmt;

/// A malformed line in a data file (unit table, metric catalogue, gold annotations).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    /// The file name the caller gave (a path or `embedded:units.txt`).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, lowercase with no final period.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for DataError {}
