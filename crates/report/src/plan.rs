//! "Improvement plan and scrutiny actions": the plan's BRAG by theme, overdue
//! and slipped actions, the year's practice audits and each committee's open
//! actions, as plain tables. The report and the dashboard both show these, so
//! they agree. Audits appear as summaries only: no child is ever named, and
//! in the member edition audit counts from 1 to 5 are suppressed like any
//! count of children. Counts of actions and days are not counts of children.

use crate::suppress::{is_small, parts_and_total, Cell};
use crate::Edition;
use scrutiny_model::Period;
use scrutiny_plan::views;
use scrutiny_plan::{Brag, Governance};
use serde::{Deserialize, Serialize};

/// One cell: text, or a figure with how it reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanCell {
    Text(String),
    Number(f64, String),
    /// No figure (e.g. a percentage of no audits); the text says so.
    Missing(String),
    /// Withheld to protect children's privacy.
    Suppressed,
}

impl PlanCell {
    pub fn text(&self) -> &str {
        match self {
            PlanCell::Text(s) | PlanCell::Number(_, s) | PlanCell::Missing(s) => s,
            PlanCell::Suppressed => crate::suppress::MARK,
        }
    }

    fn count(n: usize) -> PlanCell {
        PlanCell::Number(n as f64, n.to_string())
    }

    /// A count of audited children, as the edition may show it.
    fn children(c: crate::Cell) -> PlanCell {
        match c {
            crate::Cell::Value(v) => PlanCell::Number(v, format!("{v:.0}")),
            _ => PlanCell::Suppressed,
        }
    }

    /// A percentage of audits; withheld where either count it is built on is.
    fn share(n: usize, d: usize, edition: Edition) -> PlanCell {
        if edition == Edition::Member && (is_small(n as f64) || is_small(d as f64)) {
            return PlanCell::Suppressed;
        }
        PlanCell::percent((d > 0).then(|| 100.0 * n as f64 / d as f64))
    }

    fn percent(p: Option<f64>) -> PlanCell {
        p.map_or_else(|| PlanCell::Missing("not available".into()), |p| PlanCell::Number(p, format!("{p:.0}%")))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTable {
    /// Short name, for downloads.
    pub name: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<PlanCell>>,
}

impl PlanTable {
    fn new(name: &str, caption: String, columns: &[&str]) -> PlanTable {
        PlanTable { name: name.into(), caption, columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
    }
}

/// The section as presented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSection {
    /// The day overdue is judged on (the period's end).
    pub as_at: chrono::NaiveDate,
    /// "Blue = completed and evidenced", … from the council's BRAG key.
    pub key: Vec<String>,
    /// How many actions stand at each BRAG status, in `Brag::ALL` order.
    pub totals: Vec<(String, usize)>,
    pub tables: Vec<PlanTable>,
}

fn date(d: Option<chrono::NaiveDate>) -> PlanCell {
    d.map_or_else(|| PlanCell::Missing("none given".into()), |d| PlanCell::Text(d.format("%d/%m/%Y").to_string()))
}

/// Where an action reports: the meeting's committee and date.
fn meeting_text(g: &Governance, id: Option<i64>) -> PlanCell {
    let Some(id) = id else { return PlanCell::Missing("none set".into()) };
    match g.meetings.iter().find(|m| m.id == id) {
        Some(m) => {
            let committee = g.committees.iter().find(|c| c.id == m.committee_id).map_or("Committee", |c| c.title.as_str());
            PlanCell::Text(format!("{committee}, {} (meeting {id})", m.date.format("%d/%m/%Y")))
        }
        None => PlanCell::Text(format!("meeting {id}")),
    }
}

impl PlanSection {
    /// Only the tables counting children (the audits): what the member pack's
    /// small-count check must see. Action counts and days are not about children.
    pub fn child_counts_only(&self) -> PlanSection {
        PlanSection {
            key: Vec::new(),
            totals: Vec::new(),
            tables: self.tables.iter().filter(|t| t.name.starts_with("plan-audit")).cloned().collect(),
            ..self.clone()
        }
    }
}

/// The section for a report or page about `period`: overdue as at its end, audits of its financial year.
pub fn section(g: &Governance, period: Period, edition: Edition) -> PlanSection {
    let as_at = period.end();
    let brag = views::brag_summary(g);
    let mut t = PlanTable::new("plan-brag", "Improvement plan actions by theme and BRAG status".into(), &["Theme", "Blue", "Green", "Amber", "Red", "Actions"]);
    for r in &brag {
        let mut row = vec![PlanCell::Text(r.theme.clone())];
        row.extend(Brag::ALL.iter().map(|b| PlanCell::count(r.count(*b))));
        row.push(PlanCell::count(r.total()));
        t.rows.push(row);
    }
    let totals: Vec<(String, usize)> = Brag::ALL.iter().map(|b| (b.label().to_string(), brag.iter().map(|r| r.count(*b)).sum())).collect();
    let mut tables = vec![t];

    let mut t = PlanTable::new(
        "plan-overdue",
        format!("Actions overdue or slipped on {}", as_at.format("%d/%m/%Y")),
        &["Action", "Theme", "Description", "Owner", "BRAG status", "Due", "Days overdue", "Days slipped"],
    );
    for f in views::overdue_and_slipped(g, as_at) {
        let a = f.action;
        let days = |d: Option<i64>| d.map_or_else(|| PlanCell::Missing("–".into()), |d| PlanCell::Number(d as f64, d.to_string()));
        t.rows.push(vec![
            PlanCell::Text(a.reference.clone()),
            PlanCell::Text(a.theme.clone().unwrap_or_else(|| views::NO_THEME.into())),
            PlanCell::Text(a.description.clone()),
            PlanCell::Text(a.owner.clone()),
            PlanCell::Text(a.status.status.label().into()),
            date(a.due),
            days(f.overdue_days),
            days(f.slipped_days),
        ]);
    }
    tables.push(t);

    let year = period.financial_year();
    let s = views::audit_summary(&g.audits, year);
    let mut t = PlanTable::new("plan-audits", format!("Practice audits, {}", year.describe()), &["Measure", "Figure"]);
    let measure = |m: &str, c: PlanCell| vec![PlanCell::Text(m.into()), c];
    let grades: Vec<f64> = s.by_grade.iter().map(|(_, n)| *n as f64).collect();
    let (grade_cells, total) = parts_and_total(&grades, s.audits as f64, edition);
    // A share times its total gives back the count behind it: where a count it
    // is made of is hidden, the share is hidden too.
    let hidden = |c: &Cell| !matches!(c, Cell::Value(_));
    let grades_hidden = grade_cells.iter().any(hidden);
    let changes_hidden = [s.moderated_up, s.moderated_down].iter().any(|&n| hidden(&Cell::count(n as f64, edition)));
    let share_unless = |withheld: bool, n: usize, d: usize| if withheld { PlanCell::Suppressed } else { PlanCell::share(n, d, edition) };
    t.rows.push(measure("Audits completed", PlanCell::children(total)));
    for ((grade, _), c) in s.by_grade.iter().zip(grade_cells) {
        t.rows.push(measure(&format!("Graded {} (after moderation)", grade.label().to_lowercase()), PlanCell::children(c)));
    }
    let count = |n: usize| PlanCell::children(Cell::count(n as f64, edition));
    t.rows.push(measure("Good or better (%)", share_unless(grades_hidden, s.good_or_better, s.audits)));
    t.rows.push(measure("Moderated", count(s.moderated)));
    t.rows.push(measure("Moderator kept the grade (%)", share_unless(changes_hidden, s.moderation_agreed, s.moderated)));
    t.rows.push(measure("Grade raised at moderation", count(s.moderated_up)));
    t.rows.push(measure("Grade lowered at moderation", count(s.moderated_down)));
    t.rows.push(measure("Safeguarding concerns escalated", count(s.safeguarding_concerns)));
    tables.push(t);
    let mut t = PlanTable::new("plan-audit-themes", format!("Themes raised by practice audits, {}", year.describe()), &["Theme", "Audits raising it"]);
    for (theme, n) in &s.themes {
        t.rows.push(vec![PlanCell::Text(theme.clone()), count(*n)]);
    }
    tables.push(t);

    let mut t = PlanTable::new(
        "plan-committee-actions",
        "Open actions by the committee they report to".into(),
        &["Committee", "Action", "Description", "Owner", "BRAG status", "Due", "Reports to"],
    );
    for c in &g.committees {
        for a in views::committee_open_actions(g, c.id) {
            t.rows.push(vec![
                PlanCell::Text(c.title.clone()),
                PlanCell::Text(a.reference.clone()),
                PlanCell::Text(a.description.clone()),
                PlanCell::Text(a.owner.clone()),
                PlanCell::Text(a.status.status.label().into()),
                date(a.due),
                meeting_text(g, a.target_meeting),
            ]);
        }
    }
    tables.push(t);
    let key = g.brag_key.iter().map(|k| format!("{} = {}", k.label, k.meaning)).collect();
    PlanSection { as_at, key, totals, tables }
}
