//! The improvement plan, practice audits and scrutiny committees' records:
//! reading them from the files councils keep (CSV or xlsx, ModernGov XML),
//! writing them back, and the views made from them (BRAG by theme, overdue
//! and slipped actions, audit summaries, pre-meeting briefings, actions'
//! effect on their indicators, the interlink diagram as SVG).
//!
//! The records themselves are `scrutiny_store::governance`'s, re-exported
//! here; this crate never computes an indicator itself but reads the catalogue's.

mod audit_file;
mod committee_file;
mod import;
pub mod moderngov;
mod plan_file;
mod row;
pub mod svg;
mod table;
pub mod views;

pub use audit_file::{audit_sheets, parse_audits, AUDIT_COLUMNS, GRADE_PREFIX};
pub use committee_file::{parse_recommendations, parse_work_programme, recommendation_sheets, RECOMMENDATION_COLUMNS, WORK_PROGRAMME_COLUMNS};
pub use import::{import_files, kind_of_file, read_files, FileKind, Imported, Read, Rejected};
pub use plan_file::{known_indicator, parse_plan, plan_sheets, PLAN_COLUMNS};
pub use row::parse_date;
pub use scrutiny_store::governance::*;
pub use table::{read_table, write_sheets, Sheet, Table};

/// Something wrong with an input, located as precisely as it can be.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: Option<u32>,
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn file(file: &str, message: String) -> Problem {
        Problem { file: file.to_string(), line: None, field: None, message }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}
