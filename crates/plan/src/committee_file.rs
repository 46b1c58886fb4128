//! Files the committee clerk keeps beside ModernGov: what each resolution or
//! recommendation asked of whom and the response, and the work programme.

use crate::row::{require_columns, Row};
use crate::table::{strings, Sheet, Table};
use crate::Problem;
use scrutiny_store::governance::{Governance, Recommendation, RecommendationKind, RecommendationStatus, WorkItem};

pub const RECOMMENDATION_COLUMNS: &[&str] = &["ref", "meeting_id", "agenda_item_id", "kind", "text", "to_whom", "response", "status"];
pub const WORK_PROGRAMME_COLUMNS: &[&str] = &["committee_id", "title", "meeting_id", "lead"];

pub fn is_recommendations(table: &Table) -> bool {
    table.has("to_whom")
}

pub fn is_work_programme(table: &Table) -> bool {
    table.has("committee_id") && table.has("lead")
}

pub fn parse_recommendations(table: &Table, problems: &mut Vec<Problem>) -> Vec<(u32, Recommendation)> {
    if !require_columns(table, &["ref", "meeting_id", "kind", "text", "to_whom", "status"], problems) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (line, cells) in &table.rows {
        let mut row = Row { table, line: *line, cells, problems };
        let reference = row.required("ref");
        let meeting_id = row.int("meeting_id");
        if meeting_id.is_none() && row.get("meeting_id").is_empty() {
            row.problem("meeting_id", "is empty; give the ModernGov meeting id");
        }
        let agenda_item_id = row.int("agenda_item_id");
        let kind = row.code("kind", true, RecommendationKind::parse, RecommendationKind::ALL, RecommendationKind::label);
        let text = row.required("text");
        let to_whom = row.required("to_whom");
        let status = row.code("status", true, RecommendationStatus::parse, RecommendationStatus::ALL, RecommendationStatus::label);
        let response = row.get("response").to_string();
        if let (Some(reference), Some(meeting_id), Some(kind), Some(text), Some(to_whom), Some(status)) = (reference, meeting_id, kind, text, to_whom, status) {
            out.push((*line, Recommendation { reference, meeting_id, agenda_item_id, kind, text, to_whom, response, status }));
        }
    }
    out
}

pub fn parse_work_programme(table: &Table, problems: &mut Vec<Problem>) -> Vec<(u32, WorkItem)> {
    if !require_columns(table, WORK_PROGRAMME_COLUMNS, problems) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (line, cells) in &table.rows {
        let mut row = Row { table, line: *line, cells, problems };
        let committee_id = row.int("committee_id");
        if committee_id.is_none() && row.get("committee_id").is_empty() {
            row.problem("committee_id", "is empty; give the ModernGov committee id");
        }
        let title = row.required("title");
        let meeting_id = row.int("meeting_id");
        let lead = row.required("lead");
        if let (Some(committee_id), Some(title), Some(lead)) = (committee_id, title, lead) {
            out.push((*line, WorkItem { committee_id, title, meeting_id, lead }));
        }
    }
    out
}

pub fn recommendation_sheets(g: &Governance) -> Vec<Sheet<'static>> {
    let rows = g
        .recommendations
        .iter()
        .map(|r| {
            vec![
                r.reference.clone(),
                r.meeting_id.to_string(),
                r.agenda_item_id.map(|i| i.to_string()).unwrap_or_default(),
                r.kind.label().to_string(),
                r.text.clone(),
                r.to_whom.clone(),
                r.response.clone(),
                r.status.label().to_string(),
            ]
        })
        .collect();
    vec![Sheet { name: "Recommendations", headers: strings(RECOMMENDATION_COLUMNS), rows }]
}
