//! Views made from the records: what the dashboard, the report and the CLI
//! show. Pure functions; no I/O.

use scrutiny_indicators::Polarity;
use scrutiny_model::Period;
use scrutiny_store::governance::{Action, Audit, Brag, Committee, Governance, Grade, Meeting, Recommendation, RecommendationStatus, WorkItem};
use serde::Serialize;
use std::collections::BTreeMap;

/// Label for actions without a theme.
pub const NO_THEME: &str = "No theme";

/// How many actions of a theme stand at each BRAG status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeBrag {
    pub theme: String,
    pub blue: usize,
    pub green: usize,
    pub amber: usize,
    pub red: usize,
}

impl ThemeBrag {
    pub fn total(&self) -> usize {
        self.blue + self.green + self.amber + self.red
    }

    pub fn count(&self, status: Brag) -> usize {
        match status {
            Brag::Blue => self.blue,
            Brag::Green => self.green,
            Brag::Amber => self.amber,
            Brag::Red => self.red,
        }
    }
}

/// One row per theme in plan order (themes without actions included), then "No theme" if any action has none.
pub fn brag_summary(g: &Governance) -> Vec<ThemeBrag> {
    let mut rows: Vec<ThemeBrag> = g.themes.iter().map(|t| ThemeBrag { theme: t.clone(), blue: 0, green: 0, amber: 0, red: 0 }).collect();
    for a in &g.actions {
        let theme = a.theme.as_deref().unwrap_or(NO_THEME);
        let i = match rows.iter().position(|r| r.theme == theme) {
            Some(i) => i,
            None => {
                rows.push(ThemeBrag { theme: theme.to_string(), blue: 0, green: 0, amber: 0, red: 0 });
                rows.len() - 1
            }
        };
        let r = &mut rows[i];
        match a.status.status {
            Brag::Blue => r.blue += 1,
            Brag::Green => r.green += 1,
            Brag::Amber => r.amber += 1,
            Brag::Red => r.red += 1,
        }
    }
    rows
}

/// An action that needs attention on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flagged<'a> {
    pub action: &'a Action,
    /// Days past due on the date asked about (due yesterday = 1); None if not overdue.
    pub overdue_days: Option<i64>,
    /// Days the due date has moved later than first given; None if it has not slipped.
    pub slipped_days: Option<i64>,
}

/// Overdue on `as_at`: a due date before that day and not Blue. An action due
/// on `as_at` itself is not yet overdue.
pub fn is_overdue(a: &Action, as_at: chrono::NaiveDate) -> bool {
    a.status.status != Brag::Blue && a.due.is_some_and(|d| d < as_at)
}

/// Overdue or slipped actions (never Blue ones), most overdue first.
pub fn overdue_and_slipped(g: &Governance, as_at: chrono::NaiveDate) -> Vec<Flagged<'_>> {
    let mut out: Vec<Flagged> = g
        .actions
        .iter()
        .filter(|a| a.status.status != Brag::Blue)
        .filter_map(|a| {
            let overdue_days = a.due.filter(|_| is_overdue(a, as_at)).map(|d| (as_at - d).num_days());
            let slipped_days = match (a.due, a.original_due) {
                (Some(d), Some(o)) if d > o => Some((d - o).num_days()),
                _ => None,
            };
            (overdue_days.is_some() || slipped_days.is_some()).then_some(Flagged { action: a, overdue_days, slipped_days })
        })
        .collect();
    out.sort_by(|a, b| b.overdue_days.cmp(&a.overdue_days).then(b.slipped_days.cmp(&a.slipped_days)).then(a.action.reference.cmp(&b.action.reference)));
    out
}

/// Actions not yet Blue with a due date on or before `by`, earliest first.
pub fn due_by(g: &Governance, by: chrono::NaiveDate) -> Vec<&Action> {
    let mut out: Vec<&Action> = g.actions.iter().filter(|a| a.status.status != Brag::Blue && a.due.is_some_and(|d| d <= by)).collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.reference.cmp(&b.reference)));
    out
}

/// A change of grade at moderation and how many audits had it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeChange {
    pub from: Grade,
    pub to: Grade,
    pub audits: usize,
}

/// Practice audits completed in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditSummary {
    pub period: String,
    pub audits: usize,
    /// By the grade that stands (the moderated grade where there is one), best first.
    pub by_grade: Vec<(Grade, usize)>,
    pub good_or_better: usize,
    /// None with no audits.
    pub percent_good_or_better: Option<f64>,
    pub moderated: usize,
    /// Moderated audits whose grade the moderator kept.
    pub moderation_agreed: usize,
    pub percent_moderation_agreement: Option<f64>,
    /// Grades the moderator raised and lowered.
    pub moderated_up: usize,
    pub moderated_down: usize,
    pub changes: Vec<GradeChange>,
    /// Themes by how many audits raised them, most first (ties by name).
    pub themes: Vec<(String, usize)>,
    pub safeguarding_concerns: usize,
}

fn percent(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| 100.0 * n as f64 / d as f64)
}

/// Grades run best first, so a lower position is better.
fn rank(g: Grade) -> usize {
    Grade::ALL.iter().position(|x| *x == g).unwrap_or(0)
}

pub fn audit_summary(audits: &[Audit], period: Period) -> AuditSummary {
    let ours: Vec<&Audit> = audits.iter().filter(|a| period.contains(a.date)).collect();
    let by_grade = Grade::ALL.iter().map(|g| (*g, ours.iter().filter(|a| a.final_grade() == *g).count())).collect();
    let good_or_better = ours.iter().filter(|a| a.final_grade().good_or_better()).count();
    let moderated: Vec<(Grade, Grade)> = ours.iter().filter_map(|a| a.moderated.map(|m| (a.overall, m))).collect();
    let agreed = moderated.iter().filter(|(a, m)| a == m).count();
    let mut changes: BTreeMap<(Grade, Grade), usize> = BTreeMap::new();
    for (a, m) in moderated.iter().filter(|(a, m)| a != m) {
        *changes.entry((*a, *m)).or_default() += 1;
    }
    let mut themes: BTreeMap<String, usize> = BTreeMap::new();
    for a in &ours {
        for t in &a.themes {
            *themes.entry(t.clone()).or_default() += 1;
        }
    }
    let mut themes: Vec<(String, usize)> = themes.into_iter().collect();
    themes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    AuditSummary {
        period: period.to_string(),
        audits: ours.len(),
        by_grade,
        good_or_better,
        percent_good_or_better: percent(good_or_better, ours.len()),
        moderated: moderated.len(),
        moderation_agreed: agreed,
        percent_moderation_agreement: percent(agreed, moderated.len()),
        moderated_up: moderated.iter().filter(|(a, m)| rank(*m) < rank(*a)).count(),
        moderated_down: moderated.iter().filter(|(a, m)| rank(*m) > rank(*a)).count(),
        changes: changes.into_iter().map(|((from, to), audits)| GradeChange { from, to, audits }).collect(),
        themes,
        safeguarding_concerns: ours.iter().filter(|a| a.safeguarding_concern).count(),
    }
}

/// What a committee meeting should expect: actions reporting back to it,
/// reports on its work programme, and its recommendations still awaiting a response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Briefing<'a> {
    pub committee: Option<&'a Committee>,
    pub meeting: &'a Meeting,
    pub actions_due: Vec<&'a Action>,
    pub reports_due: Vec<&'a WorkItem>,
    /// Of earlier meetings of the same committee.
    pub awaiting_response: Vec<&'a Recommendation>,
    /// Actions reporting to this committee (any meeting) that are overdue on the meeting date.
    pub overdue: Vec<&'a Action>,
}

/// The briefing for a meeting, by its ModernGov id; None if the meeting is not known.
pub fn briefing(g: &Governance, meeting_id: i64) -> Option<Briefing<'_>> {
    let meeting = g.meetings.iter().find(|m| m.id == meeting_id)?;
    let committee_meetings: Vec<&Meeting> = g.meetings.iter().filter(|m| m.committee_id == meeting.committee_id).collect();
    let of_committee = |id: Option<i64>| id.is_some_and(|id| committee_meetings.iter().any(|m| m.id == id));
    let earlier = |id: i64| committee_meetings.iter().any(|m| m.id == id && m.date < meeting.date);
    Some(Briefing {
        committee: g.committees.iter().find(|c| c.id == meeting.committee_id),
        meeting,
        actions_due: g.actions.iter().filter(|a| a.target_meeting == Some(meeting_id)).collect(),
        reports_due: g.work_programme.iter().filter(|w| w.meeting_id == Some(meeting_id)).collect(),
        awaiting_response: g.recommendations.iter().filter(|r| r.status == RecommendationStatus::AwaitingResponse && earlier(r.meeting_id)).collect(),
        overdue: g.actions.iter().filter(|a| of_committee(a.target_meeting) && is_overdue(a, meeting.date)).collect(),
    })
}

/// A committee's open actions: those reporting to any of its meetings and not yet Blue, by due date.
pub fn committee_open_actions(g: &Governance, committee_id: i64) -> Vec<&Action> {
    let ids: Vec<i64> = g.meetings.iter().filter(|m| m.committee_id == committee_id).map(|m| m.id).collect();
    let mut out: Vec<&Action> = g.actions.iter().filter(|a| a.status.status != Brag::Blue && a.target_meeting.is_some_and(|m| ids.contains(&m))).collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.reference.cmp(&b.reference)));
    out
}

/// Which way an indicator has moved since an action started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improving,
    NoChange,
    Worsening,
    /// The indicator is context, not a target, so moves are neither.
    Changed,
    /// Fewer than two values to compare.
    NoData,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::NoChange => "no change",
            Direction::Worsening => "worsening",
            Direction::Changed => "changed (context measure)",
            Direction::NoData => "not enough data",
        }
    }

    /// The RAG the diagram gives a linked indicator: its direction since the action began.
    pub fn rag(self) -> &'static str {
        match self {
            Direction::Improving => "green",
            Direction::NoChange | Direction::Changed => "amber",
            Direction::Worsening => "red",
            Direction::NoData => "none",
        }
    }
}

/// One linked indicator's trend since its action started.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorTrend {
    pub indicator: String,
    pub title: String,
    /// (period, value) from the period the action started in, in order.
    pub points: Vec<(String, Option<f64>)>,
    pub direction: Direction,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionEffect {
    pub action: String,
    pub trends: Vec<IndicatorTrend>,
}

/// The quarters from the one an action started in to `until`, in order (at most 12).
pub fn quarters_since(start: chrono::NaiveDate, until: Period) -> Vec<Period> {
    let first = Period::Quarter { start_year: Period::year_containing(start).start().year(), quarter: quarter_of(start) };
    let mut out = Vec::new();
    let mut q = first;
    while q.end() <= until.end() && out.len() < 12 {
        out.push(q);
        q = q.shifted(1);
    }
    out
}

use chrono::Datelike;

fn quarter_of(d: chrono::NaiveDate) -> u8 {
    // Financial quarters: Q1 = April–June.
    (((d.month() + 8) % 12) / 3 + 1) as u8
}

/// Direction from first to last known value, by the indicator's polarity.
pub fn direction(polarity: Polarity, points: &[(String, Option<f64>)]) -> Direction {
    let known: Vec<f64> = points.iter().filter_map(|p| p.1).collect();
    let (Some(first), Some(last)) = (known.first(), known.last()) else { return Direction::NoData };
    if known.len() < 2 {
        return Direction::NoData;
    }
    let delta = last - first;
    if delta.abs() < 1e-9 {
        return Direction::NoChange;
    }
    match polarity {
        Polarity::HigherIsBetter if delta > 0.0 => Direction::Improving,
        Polarity::LowerIsBetter if delta < 0.0 => Direction::Improving,
        Polarity::Neutral => Direction::Changed,
        _ => Direction::Worsening,
    }
}

/// Each action's linked indicators as trends since it started, from
/// indicator results the caller has computed (any periods; those at or
/// after the action's start quarter are used).
pub fn effects(g: &Governance, results: &[scrutiny_indicators::Result]) -> Vec<ActionEffect> {
    g.actions
        .iter()
        .filter(|a| !a.indicators.is_empty())
        .map(|a| ActionEffect {
            action: a.reference.clone(),
            trends: a
                .indicators
                .iter()
                .map(|id| {
                    let ind = scrutiny_indicators::find(id);
                    let mut points: Vec<(Period, Option<f64>)> =
                        results.iter().filter(|r| r.id.eq_ignore_ascii_case(id) && started_by(a.start, r.period.end())).map(|r| (r.period, r.value)).collect();
                    points.sort_by_key(|p| p.0.start());
                    let points: Vec<(String, Option<f64>)> = points.into_iter().map(|(p, v)| (p.to_string(), v)).collect();
                    IndicatorTrend {
                        indicator: id.clone(),
                        title: ind.map_or_else(String::new, |i| i.title.to_string()),
                        direction: direction(ind.map_or(Polarity::Neutral, |i| i.polarity), &points),
                        points,
                    }
                })
                .collect(),
        })
        .collect()
}

/// A period counts towards an action's trend when it ends on or after the action began.
fn started_by(start: Option<chrono::NaiveDate>, end: chrono::NaiveDate) -> bool {
    start.is_none_or(|s| s <= end)
}

/// Every quarter any linked action needs, from its start to `until`.
pub fn periods_needed(g: &Governance, until: Period) -> Vec<Period> {
    let mut all: Vec<Period> = g.actions.iter().filter(|a| !a.indicators.is_empty()).filter_map(|a| a.start).flat_map(|s| quarters_since(s, until)).collect();
    all.sort_by_key(|p| p.start());
    all.dedup();
    all
}

/// Convenience: compute the indicators the plan links to, for the quarters
/// since each action began, and return their effects.
pub fn compute_effects(g: &Governance, ctx: &scrutiny_indicators::Ctx, until: Period) -> Vec<ActionEffect> {
    let mut ids: Vec<&str> = g.actions.iter().flat_map(|a| a.indicators.iter().map(String::as_str)).collect();
    ids.sort_unstable();
    ids.dedup();
    let indicators: Vec<&scrutiny_indicators::Indicator> = ids.iter().filter_map(|id| scrutiny_indicators::find(id)).collect();
    let periods = periods_needed(g, until);
    let results = if indicators.is_empty() || periods.is_empty() { Vec::new() } else { scrutiny_indicators::evaluate_all(ctx, &indicators, &periods, &[]) };
    effects(g, &results)
}
