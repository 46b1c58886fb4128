//! The committee's performance report. `build` turns indicator results into a
//! `Report` — figures already formatted for the edition, so a member edition
//! holds no child id and no small count to leak — and `html`, `xlsx` and
//! `pdf` present it. A `Report` is plain data (serde), which is how the store
//! keeps a pack exactly as a committee saw it.

pub mod build;
pub mod check;
pub mod html;
pub mod judge;
pub mod narrative;
pub mod pdf;
pub mod plan;
pub mod suppress;
pub mod svg;
pub mod xlsx;

pub use build::{build, Comparators, Comparison, Input};
pub use narrative::{Narrative, Narratives, Status};
pub use suppress::Cell;

use scrutiny_model::Period;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Who the pack is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edition {
    /// Elected members: aggregates only, counts 1–5 suppressed, no child or worker ids or names.
    Member,
    /// Officers: unsuppressed figures and the exception lists behind them.
    Officer,
}

impl Edition {
    pub fn label(self) -> &'static str {
        match self {
            Edition::Member => "Member edition",
            Edition::Officer => "Officer edition",
        }
    }

    pub fn parse(s: &str) -> Option<Edition> {
        match s {
            "member" => Some(Edition::Member),
            "officer" => Some(Edition::Officer),
            _ => None,
        }
    }
}

/// How an indicator's value reads. Kept here (not the catalogue's `Unit`) so a
/// stored report renders the same after the catalogue changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Count,
    Percent,
    RatePer10k,
    Days,
    Ratio,
    Fte,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
    Neither,
}

/// Red, amber or green against a target, always shown with its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }
}

/// Direction of travel since the previous period, in the indicator's own sense of better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Travel {
    Improving,
    Worsening,
    NoChange,
    /// Moved, but the indicator has no better direction.
    Changed,
}

impl Travel {
    pub fn label(self) -> &'static str {
        match self {
            Travel::Improving => "Improving",
            Travel::Worsening => "Worsening",
            Travel::NoChange => "No change",
            Travel::Changed => "Changed (context measure)",
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Travel::Improving => "▲",
            Travel::Worsening => "▼",
            Travel::NoChange => "►",
            Travel::Changed => "◆",
        }
    }
}

/// One indicator's figure for one period, as the edition may show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub period: Period,
    pub value: Cell,
    /// The count behind a percentage or rate (its numerator).
    pub numerator: Cell,
    /// How many it is out of (children, cases); `Missing` where that is not a count.
    pub denominator: Cell,
}

/// A grouping of a count (referral source, age at entry…), with its total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub name: String,
    pub rows: Vec<(String, Cell)>,
    pub total: Cell,
}

/// One scorecard row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub better: Better,
    /// Oldest first; the last is the report's period.
    pub points: Vec<Point>,
    pub comparison: Comparison,
    pub breakdown: Option<Breakdown>,
    pub narrative: Option<Narrative>,
}

impl Row {
    pub fn current(&self) -> &Point {
        self.points.last().expect("a row has the report's period")
    }

    /// Red with no commentary signed off: the committee should ask why.
    pub fn red_without_signed_off_narrative(&self) -> bool {
        self.comparison.rag == Some(Rag::Red) && !self.narrative.as_ref().is_some_and(|n| n.status == Status::SignedOff)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The catalogue's domain key, e.g. `front_door`.
    pub key: String,
    pub title: String,
    pub rows: Vec<Row>,
    pub narrative: Option<Narrative>,
}

/// A source of the data and the last date it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub name: String,
    pub runs_to: Option<chrono::NaiveDate>,
}

/// What the figures were computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// e.g. "snapshot 3 of council.sqlite, imported 2025-07-01T09:00:00Z".
    pub description: String,
    pub id: Option<i64>,
    /// (format, file name, first 12 hex digits of its SHA-256).
    pub files: Vec<(String, String, String)>,
}

/// Validation findings, summarised by rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityNote {
    pub rule: String,
    pub severity: String,
    pub findings: Cell,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    pub errors: Cell,
    pub warnings: Cell,
    pub queries: Cell,
    pub total: Cell,
    pub notes: Vec<QualityNote>,
}

/// An officer's list of the children or workers who need action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExceptionTable {
    pub title: String,
    pub indicator: String,
    pub domain: String,
    /// id, name, worker, team, due (dd/mm/yyyy), working days overdue, detail.
    pub rows: Vec<[String; 7]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub id: String,
    pub title: String,
    pub domain: String,
    pub unit: String,
    pub better: String,
    pub definition: String,
    pub basis: String,
    pub comparator: Option<String>,
}

/// The whole pack, as presented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub council: String,
    pub la_code: Option<String>,
    pub period: Period,
    pub edition: Edition,
    /// The date the pack was produced (kept, so a re-render is identical).
    pub generated: chrono::NaiveDate,
    pub snapshot: Snapshot,
    pub sources: Vec<Source>,
    /// Where the comparator and target columns came from, or why they are absent.
    pub comparators_note: String,
    pub sections: Vec<Section>,
    pub quality: Quality,
    pub exceptions: Vec<ExceptionTable>,
    pub definitions: Vec<Definition>,
    /// The improvement plan, audits and committees' actions; absent without governance
    /// records (and in packs kept before there were any).
    #[serde(default)]
    pub plan: Option<plan::PlanSection>,
}

impl Report {
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.sections.iter().flat_map(|s| s.rows.iter())
    }
}

/// Lower-case hex SHA-256, the hash a report as presented is checked against.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
