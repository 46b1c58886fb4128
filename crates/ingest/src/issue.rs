//! A finding about an input: what is wrong, where, and how to put it right.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: the DfE would reject the return.
    Error,
    /// Probably wrong; check it.
    Warning,
    /// DfE query (codes ending Q): explain it or fix it.
    Query,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Query => "query",
        })
    }
}

/// One finding. `rule` is the DfE rule code where one exists (e.g. "8500",
/// "103") and otherwise Scrutiny's own code (e.g. "SCR-XML").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub severity: Severity,
    pub rule: String,
    /// The file as given on the command line.
    pub file: String,
    /// 1-based line in the file, where known.
    pub line: Option<u32>,
    pub child: Option<String>,
    pub field: Option<String>,
    pub value: Option<String>,
    /// Plain English: what is wrong and how to fix it.
    pub message: String,
}
