//! The practice audit file: one row per audited case. Domain grades are the
//! columns headed `grade: <domain>`, so each council keeps its own domains.

use crate::row::{require_columns, split_list, Row};
use crate::table::{strings, Sheet, Table};
use crate::Problem;
use scrutiny_store::governance::{Audit, DomainGrade, Governance, Grade};
use std::collections::HashMap;

pub const AUDIT_COLUMNS: &[&str] =
    &["ref", "child_ref", "team", "auditor", "date", "overall", "moderator", "moderated_grade", "themes", "safeguarding_concern", "escalated_to"];
const REQUIRED: &[&str] = &["ref", "child_ref", "auditor", "date", "overall", "safeguarding_concern"];
/// Prefix of a domain grade column.
pub const GRADE_PREFIX: &str = "grade:";

pub fn is_audits(table: &Table) -> bool {
    table.has("child_ref") && table.has("auditor")
}

pub fn parse_audits(table: &Table, problems: &mut Vec<Problem>) -> Vec<(u32, Audit)> {
    if !require_columns(table, REQUIRED, problems) {
        return Vec::new();
    }
    let domains: Vec<(String, String)> = table.headers.iter().filter_map(|h| h.strip_prefix(GRADE_PREFIX).map(|d| (h.clone(), capitalise(d.trim())))).collect();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for (line, cells) in &table.rows {
        let before = problems.len();
        let mut row = Row { table, line: *line, cells, problems };
        let reference = row.unique_ref(&mut seen, "audit");
        let child_ref = row.required("child_ref");
        let auditor = row.required("auditor");
        let date = row.required_date("date");
        let overall = row.code("overall", true, Grade::parse, Grade::ALL, Grade::label);
        let moderator = row.opt("moderator");
        let moderated = row.code("moderated_grade", false, Grade::parse, Grade::ALL, Grade::label);
        if moderator.is_some() != moderated.is_some() {
            let (field, message) = if moderator.is_some() {
                ("moderated_grade", "is empty but a moderator is named: give the moderated grade")
            } else {
                ("moderator", "is empty but there is a moderated grade: name who moderated it")
            };
            row.problem(field, message);
        }
        let concern = row.yes_no("safeguarding_concern");
        let escalated_to = row.opt("escalated_to");
        if concern == Some(true) && escalated_to.is_none() {
            row.problem("escalated_to", "is empty but the audit raised a safeguarding concern: name the manager it was escalated to");
        }
        let mut grades = Vec::new();
        for (column, domain) in &domains {
            if let Some(grade) = row.code(column, false, Grade::parse, Grade::ALL, Grade::label) {
                grades.push(DomainGrade { domain: domain.clone(), grade });
            }
        }
        let themes = split_list(row.get("themes"));
        let team = row.get("team").to_string();
        if problems.len() > before {
            continue;
        }
        let (Some(reference), Some(child_ref), Some(auditor), Some(date), Some(overall), Some(concern)) =
            (reference, child_ref, auditor, date, overall, concern)
        else {
            continue;
        };
        out.push((
            *line,
            Audit { reference, child_ref, team, auditor, date, grades, overall, moderator, moderated, themes, safeguarding_concern: concern, escalated_to },
        ));
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The audits in the import format (domain columns in first-seen order).
pub fn audit_sheets(g: &Governance) -> Vec<Sheet<'static>> {
    let mut domains: Vec<String> = Vec::new();
    for a in &g.audits {
        for d in &a.grades {
            if !domains.iter().any(|x| x.eq_ignore_ascii_case(&d.domain)) {
                domains.push(d.domain.clone());
            }
        }
    }
    let mut headers = strings(AUDIT_COLUMNS);
    headers.extend(domains.iter().map(|d| format!("{GRADE_PREFIX} {d}")));
    let rows = g
        .audits
        .iter()
        .map(|a| {
            let mut r = vec![
                a.reference.clone(),
                a.child_ref.clone(),
                a.team.clone(),
                a.auditor.clone(),
                a.date.to_string(),
                a.overall.label().to_string(),
                a.moderator.clone().unwrap_or_default(),
                a.moderated.map(|g| g.label().to_string()).unwrap_or_default(),
                a.themes.join("; "),
                if a.safeguarding_concern { "yes" } else { "no" }.to_string(),
                a.escalated_to.clone().unwrap_or_default(),
            ];
            r.extend(
                domains.iter().map(|d| a.grades.iter().find(|g| g.domain.eq_ignore_ascii_case(d)).map(|g| g.grade.label().to_string()).unwrap_or_default()),
            );
            r
        })
        .collect();
    vec![Sheet { name: "Audits", headers, rows }]
}
