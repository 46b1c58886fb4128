//! The improvement plan file: one row per action with its current BRAG status,
//! the date it was set and who set it. Importing a row whose status or date
//! differs from the last recorded adds to the action's history; nothing is
//! ever taken out of it.

use crate::row::{require_columns, split_list, Row};
use crate::table::{strings, Sheet, Table};
use crate::Problem;
use scrutiny_store::governance::{action_rule_problems, Action, Brag, Governance, Source, StatusChange};
use std::collections::HashMap;

pub const PLAN_COLUMNS: &[&str] = &[
    "ref",
    "theme",
    "description",
    "owner",
    "start",
    "due",
    "report_to_meeting",
    "status",
    "status_date",
    "status_by",
    "evidence",
    "indicators",
    "source",
    "source_ref",
];
const REQUIRED: &[&str] = &["ref", "description", "owner", "status", "status_date", "status_by", "source"];

/// Whether a header is the plan's.
pub fn is_plan(table: &Table) -> bool {
    table.has("status_by") && table.has("description")
}

/// Checks a catalogue indicator id, returning it as the catalogue spells it.
pub fn known_indicator(id: &str) -> Result<String, String> {
    scrutiny_indicators::find(id).map(|i| i.id.to_string()).ok_or_else(|| {
        format!(
            "'{id}' is not an indicator in the catalogue (ids look like CP-03 or CLA-05; `scrutiny indicators` lists them, docs/indicators.md defines them)"
        )
    })
}

/// The actions of a plan table, each with its line; every problem found is added to `problems`.
pub fn parse_plan(table: &Table, problems: &mut Vec<Problem>) -> Vec<(u32, Action)> {
    if !require_columns(table, REQUIRED, problems) {
        return Vec::new();
    }
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for (line, cells) in &table.rows {
        let before = problems.len();
        let mut row = Row { table, line: *line, cells, problems };
        let reference = row.unique_ref(&mut seen, "action");
        let description = row.required("description");
        let owner = row.required("owner");
        let status = row.code("status", true, Brag::parse, Brag::ALL, Brag::label);
        let status_on = row.required_date("status_date");
        let status_by = row.required("status_by");
        let source = row.code("source", true, Source::parse, Source::ALL, Source::label);
        let start = row.date("start");
        let due = row.date("due");
        let target_meeting = row.int("report_to_meeting");
        let evidence = row.get("evidence").to_string();
        // The store's rules, so a file and an edit in the dashboard are held to the same ones.
        for (field, problem) in action_rule_problems(start, due, status, &evidence) {
            row.problem(field, problem);
        }
        let mut indicators = Vec::new();
        for id in split_list(row.get("indicators")) {
            match known_indicator(&id) {
                Ok(id) => indicators.push(id),
                Err(message) => row.problem("indicators", message),
            }
        }
        if problems.len() > before {
            continue;
        }
        let (Some(reference), Some(description), Some(owner), Some(status), Some(on), Some(by), Some(source)) =
            (reference, description, owner, status, status_on, status_by, source)
        else {
            continue;
        };
        let row = Row { table, line: *line, cells, problems };
        out.push((
            *line,
            Action {
                reference,
                source,
                source_ref: row.get("source_ref").to_string(),
                theme: row.opt("theme"),
                description,
                owner,
                start,
                due,
                original_due: None,
                target_meeting,
                status: StatusChange { status, on, by },
                evidence,
                indicators,
                history: Vec::new(),
            },
        ));
    }
    out
}

fn opt_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The plan as sheets: the plan itself (the import format), then for
/// workbooks every action's BRAG history and the council's BRAG key.
pub fn plan_sheets(g: &Governance) -> Vec<Sheet<'static>> {
    let plan = g
        .actions
        .iter()
        .map(|a| {
            vec![
                a.reference.clone(),
                a.theme.clone().unwrap_or_default(),
                a.description.clone(),
                a.owner.clone(),
                opt_date(a.start),
                opt_date(a.due),
                a.target_meeting.map(|m| m.to_string()).unwrap_or_default(),
                a.status.status.label().to_string(),
                a.status.on.to_string(),
                a.status.by.clone(),
                a.evidence.clone(),
                a.indicators.join("; "),
                a.source.label().to_string(),
                a.source_ref.clone(),
            ]
        })
        .collect();
    let history = g
        .actions
        .iter()
        .flat_map(|a| a.history.iter().map(move |h| vec![a.reference.clone(), h.status.label().to_string(), h.on.to_string(), h.by.clone()]))
        .collect();
    let key = g.brag_key.iter().map(|k| vec![k.status.label().to_string(), k.label.clone(), k.meaning.clone()]).collect();
    vec![
        Sheet { name: "Plan", headers: strings(PLAN_COLUMNS), rows: plan },
        Sheet { name: "BRAG history", headers: strings(&["ref", "status", "status_date", "status_by"]), rows: history },
        Sheet { name: "BRAG key", headers: strings(&["status", "label", "meaning"]), rows: key },
    ]
}
