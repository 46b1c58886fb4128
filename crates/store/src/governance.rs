//! The improvement plan, practice audits and scrutiny committees: the records
//! and their tables (migration 4). Everything arrives as one `GovernanceBatch`
//! written in one transaction: a batch with any refusal writes nothing.
//! Figures derived from these records live in `scrutiny-plan`.

use crate::read::Db;
use crate::StoreError;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and written to files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Reads a code or a label, in any case, with spaces, hyphens or underscores.
            pub fn parse(s: &str) -> Option<$name> {
                let norm = |t: &str| t.trim().to_ascii_lowercase().replace(['-', '_'], " ");
                let s = norm(s);
                Self::ALL.iter().copied().find(|v| norm(v.code()) == s || norm(v.label()) == s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

code_enum!(
    /// An action's BRAG status.
    Brag { Blue = "blue" / "Blue", Green = "green" / "Green", Amber = "amber" / "Amber", Red = "red" / "Red" }
);

code_enum!(
    /// An Ofsted-style grade, best first.
    Grade {
        Outstanding = "outstanding" / "Outstanding",
        Good = "good" / "Good",
        RequiresImprovement = "requires_improvement" / "Requires improvement",
        Inadequate = "inadequate" / "Inadequate",
    }
);

impl Grade {
    pub fn good_or_better(self) -> bool {
        matches!(self, Grade::Outstanding | Grade::Good)
    }
}

code_enum!(
    /// Where an action came from. All sources make the same kind of record.
    Source {
        Ofsted = "ofsted" / "Ofsted",
        PeerReview = "peer_review" / "Peer review",
        Committee = "committee" / "Committee resolution",
        Indicator = "indicator" / "Indicator exception",
        Audit = "audit" / "Audit finding",
        SelfAssessment = "self_assessment" / "Self-assessment",
    }
);

code_enum!(
    RecommendationKind { Resolution = "resolution" / "Resolution", Recommendation = "recommendation" / "Recommendation" }
);

code_enum!(
    /// Where a committee's resolution or recommendation stands.
    RecommendationStatus {
        AwaitingResponse = "awaiting_response" / "Awaiting response",
        Accepted = "accepted" / "Accepted",
        PartlyAccepted = "partly_accepted" / "Partly accepted",
        Rejected = "rejected" / "Rejected",
        Implemented = "implemented" / "Implemented",
    }
);

/// What a BRAG status means in this council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BragMeaning {
    pub status: Brag,
    pub label: String,
    pub meaning: String,
}

/// One dated BRAG status and who set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: Brag,
    pub on: NaiveDate,
    pub by: String,
}

/// An action, whatever its source (plan, resolution, exception, audit, inspection).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub reference: String,
    pub source: Source,
    /// The recommendation, resolution, indicator or audit it answers (e.g. "R3", "CP-03", "AUD-0012").
    pub source_ref: String,
    pub theme: Option<String>,
    pub description: String,
    pub owner: String,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// The first due date given; read back only (ignored when writing).
    pub original_due: Option<NaiveDate>,
    /// ModernGov id of the meeting the action reports back to.
    pub target_meeting: Option<i64>,
    /// The status as of `status_on`, set by `status_by`.
    pub status: StatusChange,
    pub evidence: String,
    /// Catalogue indicator ids: the measures that should move.
    pub indicators: Vec<String>,
    /// Every status it has had, oldest first; read back only (ignored when writing).
    pub history: Vec<StatusChange>,
}

/// The rules an action's own fields must meet, whichever way it arrives (a plan
/// file, an edit in the dashboard): each broken rule as (field, what is wrong).
/// Fields not known yet (a row with an unreadable status) are `None` and not judged.
pub fn action_rule_problems(start: Option<NaiveDate>, due: Option<NaiveDate>, status: Option<Brag>, evidence: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let (Some(s), Some(d)) = (start, due) {
        if d < s {
            out.push(("due", format!("{d} is before the start date {s}")));
        }
    }
    if status == Some(Brag::Blue) && evidence.trim().is_empty() {
        out.push(("evidence", "is empty but the status is Blue: Blue means complete with evidence of impact, so say what shows it".to_string()));
    }
    out
}

impl Action {
    /// What is wrong with the action by [`action_rule_problems`].
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        action_rule_problems(self.start, self.due, Some(self.status.status), &self.evidence)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainGrade {
    pub domain: String,
    pub grade: Grade,
}

/// A practice audit of one child's case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    pub reference: String,
    /// The child's id in the council's system (never a name).
    pub child_ref: String,
    pub team: String,
    pub auditor: String,
    pub date: NaiveDate,
    pub grades: Vec<DomainGrade>,
    pub overall: Grade,
    pub moderator: Option<String>,
    pub moderated: Option<Grade>,
    pub themes: Vec<String>,
    pub safeguarding_concern: bool,
    /// The manager a safeguarding concern was escalated to.
    pub escalated_to: Option<String>,
}

impl Audit {
    /// The grade that stands: the moderator's where there is one.
    pub fn final_grade(&self) -> Grade {
        self.moderated.unwrap_or(self.overall)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committee {
    pub id: i64,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub decision: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub committee_id: i64,
    pub date: NaiveDate,
    pub time: String,
    pub status: String,
    pub minutes_published: bool,
    pub items: Vec<AgendaItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub reference: String,
    pub meeting_id: i64,
    pub agenda_item_id: Option<i64>,
    pub kind: RecommendationKind,
    pub text: String,
    pub to_whom: String,
    pub response: String,
    pub status: RecommendationStatus,
}

/// A future item on a committee's work programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub committee_id: i64,
    pub title: String,
    /// None until it is given a meeting.
    pub meeting_id: Option<i64>,
    pub lead: String,
}

/// Records to add or update, in one transaction.
#[derive(Debug, Clone, Default)]
pub struct GovernanceBatch {
    /// Themes to add (if new), in order, after the existing ones.
    pub themes: Vec<String>,
    /// Theme renames: (old name, new name).
    pub theme_renames: Vec<(String, String)>,
    pub brag_key: Vec<BragMeaning>,
    pub committees: Vec<Committee>,
    pub meetings: Vec<Meeting>,
    pub recommendations: Vec<Recommendation>,
    pub work_programme: Vec<WorkItem>,
    pub actions: Vec<Action>,
    pub audits: Vec<Audit>,
}

impl GovernanceBatch {
    pub fn is_empty(&self) -> bool {
        self.themes.is_empty()
            && self.theme_renames.is_empty()
            && self.brag_key.is_empty()
            && self.committees.is_empty()
            && self.meetings.is_empty()
            && self.recommendations.is_empty()
            && self.work_programme.is_empty()
            && self.actions.is_empty()
            && self.audits.is_empty()
    }
}

/// Which record of a batch a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Item {
    Action(usize),
    Recommendation(usize),
    WorkItem(usize),
    Meeting(usize),
    ThemeRename(usize),
    BragKey(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub item: Item,
    pub message: String,
}

/// What applying a batch did. With any refusal, nothing was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub refused: Vec<Refusal>,
    pub actions_added: usize,
    pub actions_updated: usize,
    pub status_changes: usize,
    pub audits: usize,
    pub meetings: usize,
    pub recommendations: usize,
}

/// Everything held, for views and exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Governance {
    /// In plan order.
    pub themes: Vec<String>,
    /// Blue, green, amber, red.
    pub brag_key: Vec<BragMeaning>,
    /// By reference.
    pub actions: Vec<Action>,
    /// By date, then reference.
    pub audits: Vec<Audit>,
    pub committees: Vec<Committee>,
    /// By date.
    pub meetings: Vec<Meeting>,
    pub recommendations: Vec<Recommendation>,
    pub work_programme: Vec<WorkItem>,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date(s: String) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

fn opt_date(s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(date).transpose()
}

fn code<T>(s: String, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(&s).ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, format!("unknown code '{s}'").into()))
}

pub(crate) fn apply(conn: &mut Connection, path: &Path, batch: &GovernanceBatch) -> Result<Applied, StoreError> {
    let sql = |doing: &'static str| move |source| StoreError::Sql { path: path.to_path_buf(), doing: doing.into(), source };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql("starting the plan import"))?;
    let mut applied = Applied::default();
    write(&tx, batch, &mut applied).map_err(sql("writing the plan, audits and meetings"))?;
    if applied.refused.is_empty() {
        tx.commit().map_err(sql("committing the plan import"))?;
    }
    // Dropping an uncommitted transaction rolls it back.
    Ok(applied)
}

fn theme_id(tx: &Connection, name: &str) -> rusqlite::Result<i64> {
    if let Some(id) = tx.query_row("SELECT id FROM plan_themes WHERE name = ?1", [name], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    tx.execute("INSERT INTO plan_themes (name, position) VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM plan_themes))", [name])?;
    Ok(tx.last_insert_rowid())
}

fn meeting_exists(tx: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(tx.query_row("SELECT 1 FROM meetings WHERE moderngov_id = ?1", [id], |_| Ok(())).optional()?.is_some())
}

fn write(tx: &Connection, batch: &GovernanceBatch, applied: &mut Applied) -> rusqlite::Result<()> {
    for (i, (old, new)) in batch.theme_renames.iter().enumerate() {
        let refuse = |applied: &mut Applied, message: String| applied.refused.push(Refusal { item: Item::ThemeRename(i), message });
        let new = new.trim();
        if new.is_empty() {
            refuse(applied, format!("the new name for theme '{old}' is empty: a theme needs a name"));
        } else if new != old && tx.query_row("SELECT 1 FROM plan_themes WHERE name = ?1", [new], |_| Ok(())).optional()?.is_some() {
            refuse(applied, format!("there is already a theme '{new}': choose another name (themes are told apart by name)"));
        } else if tx.execute("UPDATE plan_themes SET name = ?2 WHERE name = ?1", params![old, new])? == 0 {
            refuse(applied, format!("there is no theme '{old}' to rename"));
        }
    }
    for t in &batch.themes {
        theme_id(tx, t)?;
    }
    for (i, k) in batch.brag_key.iter().enumerate() {
        if k.label.trim().is_empty() || k.meaning.trim().is_empty() {
            let message = format!("the key for {} needs both a label and a meaning", k.status.label());
            applied.refused.push(Refusal { item: Item::BragKey(i), message });
            continue;
        }
        tx.execute("UPDATE brag_key SET label = ?2, meaning = ?3 WHERE status = ?1", params![k.status.code(), k.label.trim(), k.meaning.trim()])?;
    }
    for c in &batch.committees {
        tx.execute(
            "INSERT INTO committees (moderngov_id, title) VALUES (?1, ?2) ON CONFLICT (moderngov_id) DO UPDATE SET title = excluded.title",
            params![c.id, c.title],
        )?;
    }
    for (i, m) in batch.meetings.iter().enumerate() {
        if tx.query_row("SELECT 1 FROM committees WHERE moderngov_id = ?1", [m.committee_id], |_| Ok(())).optional()?.is_none() {
            let message = format!("meeting {} belongs to committee {}, which is not known: import GetCommittees first", m.id, m.committee_id);
            applied.refused.push(Refusal { item: Item::Meeting(i), message });
            continue;
        }
        tx.execute(
            "INSERT INTO meetings (moderngov_id, committee_id, meeting_date, meeting_time, status, minutes_published) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (moderngov_id) DO UPDATE SET committee_id = excluded.committee_id, meeting_date = excluded.meeting_date,
             meeting_time = excluded.meeting_time, status = excluded.status, minutes_published = excluded.minutes_published",
            params![m.id, m.committee_id, iso(m.date), m.time, m.status, m.minutes_published],
        )?;
        for item in &m.items {
            tx.execute(
                "INSERT INTO agenda_items (meeting_id, moderngov_id, number, title, decision) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (meeting_id, moderngov_id) DO UPDATE SET number = excluded.number, title = excluded.title, decision = excluded.decision",
                params![m.id, item.id, item.number, item.title, item.decision],
            )?;
        }
        applied.meetings += 1;
    }
    for (i, r) in batch.recommendations.iter().enumerate() {
        let item_known = match r.agenda_item_id {
            Some(item) => tx
                .query_row("SELECT 1 FROM agenda_items WHERE meeting_id = ?1 AND moderngov_id = ?2", params![r.meeting_id, item], |_| Ok(()))
                .optional()?
                .is_some(),
            None => meeting_exists(tx, r.meeting_id)?,
        };
        if !item_known {
            let what = match r.agenda_item_id {
                Some(item) => format!("agenda item {item} of meeting {}", r.meeting_id),
                None => format!("meeting {}", r.meeting_id),
            };
            applied.refused.push(Refusal { item: Item::Recommendation(i), message: format!("{what} is not known: import the meeting's GetMeeting XML first") });
            continue;
        }
        tx.execute(
            "INSERT INTO recommendations (ref, meeting_id, agenda_item_id, kind, text, to_whom, response, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (ref) DO UPDATE SET meeting_id = excluded.meeting_id, agenda_item_id = excluded.agenda_item_id, kind = excluded.kind,
             text = excluded.text, to_whom = excluded.to_whom, response = excluded.response, status = excluded.status",
            params![r.reference, r.meeting_id, r.agenda_item_id, r.kind.code(), r.text, r.to_whom, r.response, r.status.code()],
        )?;
        applied.recommendations += 1;
    }
    for (i, w) in batch.work_programme.iter().enumerate() {
        if let Some(m) = w.meeting_id.filter(|m| !meeting_exists(tx, *m).unwrap_or(false)) {
            applied.refused.push(Refusal { item: Item::WorkItem(i), message: format!("meeting {m} is not known: import its GetMeeting XML first") });
            continue;
        }
        tx.execute(
            "INSERT INTO work_programme (committee_id, title, meeting_id, lead) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (committee_id, title) DO UPDATE SET meeting_id = excluded.meeting_id, lead = excluded.lead",
            params![w.committee_id, w.title, w.meeting_id, w.lead],
        )?;
    }
    for (i, a) in batch.actions.iter().enumerate() {
        write_action(tx, i, a, applied)?;
    }
    for a in &batch.audits {
        tx.execute("DELETE FROM audit_grades WHERE audit_ref = ?1", [&a.reference])?;
        tx.execute(
            "INSERT INTO audits (ref, child_ref, team, auditor, audit_date, overall, moderator, moderated_grade, themes, safeguarding_concern, escalated_to)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (ref) DO UPDATE SET child_ref = excluded.child_ref, team = excluded.team, auditor = excluded.auditor, audit_date = excluded.audit_date,
             overall = excluded.overall, moderator = excluded.moderator, moderated_grade = excluded.moderated_grade, themes = excluded.themes,
             safeguarding_concern = excluded.safeguarding_concern, escalated_to = excluded.escalated_to",
            params![
                a.reference,
                a.child_ref,
                a.team,
                a.auditor,
                iso(a.date),
                a.overall.code(),
                a.moderator,
                a.moderated.map(Grade::code),
                a.themes.join("; "),
                a.safeguarding_concern,
                a.escalated_to
            ],
        )?;
        for (position, g) in a.grades.iter().enumerate() {
            tx.execute(
                "INSERT INTO audit_grades (audit_ref, position, domain, grade) VALUES (?1, ?2, ?3, ?4)",
                params![a.reference, position as i64, g.domain, g.grade.code()],
            )?;
        }
        applied.audits += 1;
    }
    Ok(())
}

fn write_action(tx: &Connection, i: usize, a: &Action, applied: &mut Applied) -> rusqlite::Result<()> {
    let refuse = |applied: &mut Applied, message: String| applied.refused.push(Refusal { item: Item::Action(i), message });
    if let Some(m) = a.target_meeting.filter(|m| !meeting_exists(tx, *m).unwrap_or(false)) {
        refuse(applied, format!("target meeting {m} is not known: import its GetMeeting XML first"));
        return Ok(());
    }
    let problems = a.problems();
    if !problems.is_empty() {
        for (field, problem) in problems {
            refuse(applied, format!("{field} {problem}"));
        }
        return Ok(());
    }
    let theme = a.theme.as_deref().map(|t| theme_id(tx, t)).transpose()?;
    let last: Option<(String, String, i64)> = tx
        .query_row("SELECT status, on_date, seq FROM action_status_history WHERE action_ref = ?1 ORDER BY seq DESC LIMIT 1", [&a.reference], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let exists = tx.query_row("SELECT 1 FROM actions WHERE ref = ?1", [&a.reference], |_| Ok(())).optional()?.is_some();
    let on = iso(a.status.on);
    if let Some((status, last_on, _)) = &last {
        if on < *last_on {
            let message = format!(
                "status {} dated {on} is earlier than the last recorded change ({status} on {last_on}); history is never rewritten, so date the new status on or after {last_on}",
                a.status.status.code()
            );
            refuse(applied, message);
            return Ok(());
        }
    }
    let values = params![
        a.reference,
        a.source.code(),
        a.source_ref,
        theme,
        a.description,
        a.owner,
        a.start.map(iso),
        a.due.map(iso),
        a.target_meeting,
        a.status.status.code(),
        a.evidence
    ];
    if exists {
        tx.execute(
            "UPDATE actions SET source = ?2, source_ref = ?3, theme_id = ?4, description = ?5, owner = ?6, start_date = ?7, due_date = ?8,
             original_due = coalesce(original_due, ?8), target_meeting = ?9, status = ?10, evidence = ?11 WHERE ref = ?1",
            values,
        )?;
        applied.actions_updated += 1;
    } else {
        tx.execute(
            "INSERT INTO actions (ref, source, source_ref, theme_id, description, owner, start_date, due_date, original_due, target_meeting, status, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11)",
            values,
        )?;
        applied.actions_added += 1;
    }
    let changed = match &last {
        Some((status, last_on, _)) => status != a.status.status.code() || *last_on != on,
        None => true,
    };
    if changed {
        let seq = last.map_or(1, |l| l.2 + 1);
        tx.execute(
            "INSERT INTO action_status_history (action_ref, seq, status, on_date, by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.reference, seq, a.status.status.code(), on, a.status.by],
        )?;
        applied.status_changes += 1;
    }
    tx.execute("DELETE FROM action_indicators WHERE action_ref = ?1", [&a.reference])?;
    for id in &a.indicators {
        tx.execute("INSERT OR IGNORE INTO action_indicators (action_ref, indicator_id) VALUES (?1, ?2)", params![a.reference, id])?;
    }
    Ok(())
}

/// One officer's change to an action, made in the dashboard. `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionEdit {
    pub reference: String,
    /// Who makes it (the signed-in user): recorded in the BRAG history, beside the evidence note and in the access log.
    pub by: String,
    /// Their role, for the access log.
    pub role: String,
    /// The date of a new status and of the evidence note: never after today, and a
    /// status never before the action's last change (history is not rewritten).
    pub on: NaiveDate,
    pub status: Option<Brag>,
    pub owner: Option<String>,
    /// A new due date. The first due date given is kept, so a later one shows as slipped.
    pub due: Option<NaiveDate>,
    /// A line added to the action's evidence, dated `on` and signed `by`.
    pub note: Option<String>,
}

/// What an edit did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Edited {
    /// Written, with its access log entry: each change in words.
    Changed(Vec<String>),
    /// Nothing was written: why, in words.
    Refused(Vec<String>),
    NoSuchAction,
}

pub(crate) fn edit(conn: &mut Connection, path: &Path, e: &ActionEdit, today: NaiveDate, what: &str) -> Result<Edited, StoreError> {
    let sql = |doing: &'static str| move |source| StoreError::Sql { path: path.to_path_buf(), doing: doing.into(), source };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql("starting an edit of an action"))?;
    let edited = edit_in(&tx, e, today, what).map_err(sql("editing an action"))?;
    if matches!(edited, Edited::Changed(_)) {
        tx.commit().map_err(sql("committing an edit of an action"))?;
    }
    // Dropping an uncommitted transaction rolls it back.
    Ok(edited)
}

/// The edit as the action it makes, written by `write_action` (so with every rule
/// an import meets), and its access log entry, on one transaction.
fn edit_in(tx: &Connection, e: &ActionEdit, today: NaiveDate, what: &str) -> rusqlite::Result<Edited> {
    let Some(current) = read_actions(tx, Some(&e.reference))?.pop() else { return Ok(Edited::NoSuchAction) };
    let mut refused = Vec::new();
    if e.on > today {
        refused.push(format!("the date {} is in the future: record what has happened, dated today ({today}) or earlier", e.on));
    }
    let mut next = current.clone();
    let mut changes = Vec::new();
    if let Some(status) = e.status.filter(|s| *s != current.status.status) {
        next.status = StatusChange { status, on: e.on, by: e.by.clone() };
        changes.push(format!("status {} → {} on {}", current.status.status.label(), status.label(), e.on));
    }
    if let Some(owner) = e.owner.as_deref().map(str::trim).filter(|o| *o != current.owner) {
        if owner.is_empty() {
            refused.push("the owner is empty: every action has an owner".to_string());
        }
        next.owner = owner.to_string();
        changes.push(format!("owner {} → {owner}", current.owner));
    }
    if let Some(due) = e.due.filter(|d| Some(*d) != current.due) {
        next.due = Some(due);
        changes.push(match current.due {
            Some(was) => format!("due {was} → {due}"),
            None => format!("due {due}"),
        });
    }
    // One line per note, so the evidence reads as a dated list.
    let note = e.note.as_deref().map(|n| n.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|n| !n.is_empty());
    if let Some(note) = note {
        let line = format!("{}, {}: {note}", e.on, e.by);
        next.evidence = if current.evidence.trim().is_empty() { line } else { format!("{}\n{line}", current.evidence.trim_end()) };
        changes.push(format!("evidence note added: {note}"));
    }
    if changes.is_empty() && refused.is_empty() {
        refused.push("there is nothing to record: choose a new status, owner or due date, or write an evidence note".to_string());
    }
    if !refused.is_empty() {
        return Ok(Edited::Refused(refused));
    }
    let mut applied = Applied::default();
    write_action(tx, 0, &next, &mut applied)?;
    if !applied.refused.is_empty() {
        return Ok(Edited::Refused(applied.refused.into_iter().map(|r| r.message).collect()));
    }
    crate::users::append_log(tx, &e.by, &e.role, "edit", what, &[], &changes.join("; "))?;
    Ok(Edited::Changed(changes))
}

pub(crate) fn read(db: &Db<'_>) -> Result<Governance, StoreError> {
    read_all(db.conn).map_err(|e| db.sql_error(e, "reading the plan, audits and meetings"))
}

/// Every action, or only the one with reference `only`, with its history and indicators, by reference.
fn read_actions(conn: &Connection, only: Option<&str>) -> rusqlite::Result<Vec<Action>> {
    let mut history: BTreeMap<String, Vec<StatusChange>> = BTreeMap::new();
    let mut st =
        conn.prepare("SELECT action_ref, status, on_date, by FROM action_status_history WHERE ?1 IS NULL OR action_ref = ?1 ORDER BY action_ref, seq")?;
    let mut rows = st.query([only])?;
    while let Some(r) = rows.next()? {
        history.entry(r.get(0)?).or_default().push(StatusChange { status: code(r.get(1)?, Brag::parse)?, on: date(r.get(2)?)?, by: r.get(3)? });
    }
    let mut indicators: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut st =
        conn.prepare("SELECT action_ref, indicator_id FROM action_indicators WHERE ?1 IS NULL OR action_ref = ?1 ORDER BY action_ref, indicator_id")?;
    let mut rows = st.query([only])?;
    while let Some(r) = rows.next()? {
        indicators.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let mut st = conn.prepare(
        "SELECT a.ref, a.source, a.source_ref, t.name, a.description, a.owner, a.start_date, a.due_date, a.original_due, a.target_meeting, a.evidence
         FROM actions a LEFT JOIN plan_themes t ON t.id = a.theme_id WHERE ?1 IS NULL OR a.ref = ?1 ORDER BY a.ref",
    )?;
    let mut rows = st.query([only])?;
    let mut actions = Vec::new();
    while let Some(r) = rows.next()? {
        let reference: String = r.get(0)?;
        let history = history.remove(&reference).unwrap_or_default();
        let Some(status) = history.last().cloned() else { continue };
        actions.push(Action {
            indicators: indicators.remove(&reference).unwrap_or_default(),
            reference,
            source: code(r.get(1)?, Source::parse)?,
            source_ref: r.get(2)?,
            theme: r.get(3)?,
            description: r.get(4)?,
            owner: r.get(5)?,
            start: opt_date(r.get(6)?)?,
            due: opt_date(r.get(7)?)?,
            original_due: opt_date(r.get(8)?)?,
            target_meeting: r.get(9)?,
            evidence: r.get(10)?,
            status,
            history,
        });
    }
    Ok(actions)
}

fn read_all(conn: &Connection) -> rusqlite::Result<Governance> {
    let mut g = Governance {
        themes: conn.prepare("SELECT name FROM plan_themes ORDER BY position, id")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?,
        ..Governance::default()
    };
    g.brag_key = conn
        .prepare("SELECT status, label, meaning FROM brag_key ORDER BY position")?
        .query_map([], |r| Ok(BragMeaning { status: code(r.get(0)?, Brag::parse)?, label: r.get(1)?, meaning: r.get(2)? }))?
        .collect::<Result<_, _>>()?;

    g.actions = read_actions(conn, None)?;

    let mut grades: BTreeMap<String, Vec<DomainGrade>> = BTreeMap::new();
    let mut st = conn.prepare("SELECT audit_ref, domain, grade FROM audit_grades ORDER BY audit_ref, position")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        grades.entry(r.get(0)?).or_default().push(DomainGrade { domain: r.get(1)?, grade: code(r.get(2)?, Grade::parse)? });
    }
    let mut st = conn.prepare(
        "SELECT ref, child_ref, team, auditor, audit_date, overall, moderator, moderated_grade, themes, safeguarding_concern, escalated_to
         FROM audits ORDER BY audit_date, ref",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let reference: String = r.get(0)?;
        let themes: String = r.get(8)?;
        g.audits.push(Audit {
            grades: grades.remove(&reference).unwrap_or_default(),
            reference,
            child_ref: r.get(1)?,
            team: r.get(2)?,
            auditor: r.get(3)?,
            date: date(r.get(4)?)?,
            overall: code(r.get(5)?, Grade::parse)?,
            moderator: r.get(6)?,
            moderated: r.get::<_, Option<String>>(7)?.map(|s| code(s, Grade::parse)).transpose()?,
            themes: themes.split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect(),
            safeguarding_concern: r.get(9)?,
            escalated_to: r.get(10)?,
        });
    }

    g.committees = conn
        .prepare("SELECT moderngov_id, title FROM committees ORDER BY title, moderngov_id")?
        .query_map([], |r| Ok(Committee { id: r.get(0)?, title: r.get(1)? }))?
        .collect::<Result<_, _>>()?;
    let mut items: BTreeMap<i64, Vec<AgendaItem>> = BTreeMap::new();
    let mut st = conn.prepare("SELECT meeting_id, moderngov_id, number, title, decision FROM agenda_items ORDER BY meeting_id, moderngov_id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        items.entry(r.get(0)?).or_default().push(AgendaItem { id: r.get(1)?, number: r.get(2)?, title: r.get(3)?, decision: r.get(4)? });
    }
    let mut st = conn.prepare(
        "SELECT moderngov_id, committee_id, meeting_date, meeting_time, status, minutes_published FROM meetings ORDER BY meeting_date, moderngov_id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        g.meetings.push(Meeting {
            items: items.remove(&id).unwrap_or_default(),
            id,
            committee_id: r.get(1)?,
            date: date(r.get(2)?)?,
            time: r.get(3)?,
            status: r.get(4)?,
            minutes_published: r.get(5)?,
        });
    }
    let mut st = conn.prepare("SELECT ref, meeting_id, agenda_item_id, kind, text, to_whom, response, status FROM recommendations ORDER BY ref")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        g.recommendations.push(Recommendation {
            reference: r.get(0)?,
            meeting_id: r.get(1)?,
            agenda_item_id: r.get(2)?,
            kind: code(r.get(3)?, RecommendationKind::parse)?,
            text: r.get(4)?,
            to_whom: r.get(5)?,
            response: r.get(6)?,
            status: code(r.get(7)?, RecommendationStatus::parse)?,
        });
    }
    g.work_programme = conn
        .prepare("SELECT committee_id, title, meeting_id, lead FROM work_programme ORDER BY committee_id, title")?
        .query_map([], |r| Ok(WorkItem { committee_id: r.get(0)?, title: r.get(1)?, meeting_id: r.get(2)?, lead: r.get(3)? }))?
        .collect::<Result<_, _>>()?;
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn action(reference: &str, status: Brag, on: &str, evidence: &str) -> Action {
        Action {
            reference: reference.into(),
            source: Source::Ofsted,
            source_ref: String::new(),
            theme: Some("Leaders".into()),
            description: "d".into(),
            owner: "Owner One".into(),
            start: Some(day("2024-04-01")),
            due: Some(day("2024-09-30")),
            original_due: None,
            target_meeting: None,
            status: StatusChange { status, on: day(on), by: "importer".into() },
            evidence: evidence.into(),
            indicators: Vec::new(),
            history: Vec::new(),
        }
    }

    fn edit(on: &str) -> ActionEdit {
        ActionEdit { reference: "A1".into(), by: "Jo Officer".into(), role: "manager".into(), on: day(on), status: None, owner: None, due: None, note: None }
    }

    fn store_with_a1(dir: &Path) -> crate::Store {
        let mut store = crate::Store::open(&dir.join("e.sqlite")).unwrap();
        let applied =
            store.apply_governance(&GovernanceBatch { actions: vec![action("A1", Brag::Amber, "2024-06-01", "")], ..GovernanceBatch::default() }).unwrap();
        assert!(applied.refused.is_empty());
        store
    }

    #[test]
    fn an_edit_appends_to_history_keeps_the_first_due_date_and_is_logged() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_with_a1(dir.path());
        let today = day("2024-12-01");
        let green = ActionEdit { status: Some(Brag::Green), note: Some("Backlog down\nto 12".into()), due: Some(day("2024-12-31")), ..edit("2024-10-01") };
        let done = store.edit_action(&green, today, "/plan/actions/A1").unwrap();
        let Edited::Changed(changes) = done else { panic!("{done:?}") };
        assert_eq!(changes, ["status Amber → Green on 2024-10-01", "due 2024-09-30 → 2024-12-31", "evidence note added: Backlog down to 12"]);
        let blue = ActionEdit { status: Some(Brag::Blue), owner: Some("Owner Two".into()), ..edit("2024-11-15") };
        assert!(matches!(store.edit_action(&blue, today, "/plan/actions/A1").unwrap(), Edited::Changed(_)));
        let a = store.governance().unwrap().actions.remove(0);
        let history: Vec<(Brag, String, &str)> = a.history.iter().map(|h| (h.status, h.on.to_string(), h.by.as_str())).collect();
        assert_eq!(
            history,
            [(Brag::Amber, "2024-06-01".into(), "importer"), (Brag::Green, "2024-10-01".into(), "Jo Officer"), (Brag::Blue, "2024-11-15".into(), "Jo Officer")]
        );
        assert_eq!((a.due, a.original_due, a.owner.as_str()), (Some(day("2024-12-31")), Some(day("2024-09-30")), "Owner Two"));
        assert_eq!(a.evidence, "2024-10-01, Jo Officer: Backlog down to 12");
        let log = store.access_log(10).unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(
            (log[1].user_name.as_str(), log[1].role.as_str(), log[1].action.as_str(), log[1].what.as_str()),
            ("Jo Officer", "manager", "edit", "/plan/actions/A1")
        );
        assert!(log[1].detail.starts_with("status Amber → Green on 2024-10-01; "), "{}", log[1].detail);
        assert_eq!((log[0].children, log[0].child_ids.as_str()), (0, ""));
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_with_a1(dir.path());
        let today = day("2024-12-01");
        let before = store.governance().unwrap();
        let cases = [
            (ActionEdit { status: Some(Brag::Blue), ..edit("2024-10-01") }, "evidence is empty but the status is Blue"),
            (ActionEdit { status: Some(Brag::Green), ..edit("2024-05-01") }, "earlier than the last recorded change"),
            (ActionEdit { status: Some(Brag::Green), ..edit("2024-12-02") }, "is in the future"),
            (ActionEdit { note: Some("later".into()), ..edit("2025-01-01") }, "is in the future"),
            (ActionEdit { due: Some(day("2024-03-01")), ..edit("2024-10-01") }, "due 2024-03-01 is before the start date 2024-04-01"),
            (ActionEdit { owner: Some("  ".into()), ..edit("2024-10-01") }, "the owner is empty"),
            (ActionEdit { status: Some(Brag::Amber), owner: Some("Owner One".into()), ..edit("2024-10-01") }, "nothing to record"),
        ];
        for (e, why) in cases {
            match store.edit_action(&e, today, "/plan/actions/A1").unwrap() {
                Edited::Refused(m) => assert!(m.iter().any(|m| m.contains(why)), "{e:?}: {m:?}"),
                other => panic!("{e:?} was not refused: {other:?}"),
            }
        }
        assert_eq!(store.edit_action(&ActionEdit { reference: "NOPE".into(), ..edit("2024-10-01") }, today, "x").unwrap(), Edited::NoSuchAction);
        assert_eq!(store.governance().unwrap(), before);
        assert!(store.access_log(10).unwrap().is_empty());
        // Blue with a note is Blue with evidence.
        let blue = ActionEdit { status: Some(Brag::Blue), note: Some("Audit shows it".into()), ..edit("2024-10-01") };
        assert!(matches!(store.edit_action(&blue, today, "x").unwrap(), Edited::Changed(_)));
    }

    #[test]
    fn themes_are_renamed_and_the_brag_key_set_or_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_with_a1(dir.path());
        let first = store.governance().unwrap().themes[0].clone();
        let batch = GovernanceBatch { theme_renames: vec![("Leaders".into(), first.clone())], ..GovernanceBatch::default() };
        let applied = store.apply_governance(&batch).unwrap();
        assert!(applied.refused[0].message.contains("there is already a theme"), "{:?}", applied.refused);
        let batch = GovernanceBatch { theme_renames: vec![("Leaders".into(), " ".into())], ..GovernanceBatch::default() };
        assert!(store.apply_governance(&batch).unwrap().refused[0].message.contains("is empty"));
        let batch = GovernanceBatch {
            theme_renames: vec![("Leaders".into(), "Leadership".into())],
            brag_key: vec![BragMeaning { status: Brag::Blue, label: "Complete".into(), meaning: "Done, and shown to work".into() }],
            ..GovernanceBatch::default()
        };
        assert!(store.apply_governance(&batch).unwrap().refused.is_empty());
        let g = store.governance().unwrap();
        assert!(g.themes.contains(&"Leadership".to_string()) && !g.themes.contains(&"Leaders".to_string()));
        assert_eq!(g.actions[0].theme.as_deref(), Some("Leadership"), "the action keeps its theme under the new name");
        assert_eq!((g.brag_key[0].label.as_str(), g.brag_key[0].meaning.as_str()), ("Complete", "Done, and shown to work"));
        let batch =
            GovernanceBatch { brag_key: vec![BragMeaning { status: Brag::Red, label: "Red".into(), meaning: String::new() }], ..GovernanceBatch::default() };
        assert!(store.apply_governance(&batch).unwrap().refused[0].message.contains("needs both a label and a meaning"));
        assert_eq!(store.governance().unwrap(), g);
    }

    #[test]
    fn the_database_refuses_to_edit_or_delete_brag_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::Store::open(&dir.path().join("g.sqlite")).unwrap();
        let on = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
        let action = Action {
            reference: "A1".into(),
            source: Source::Ofsted,
            source_ref: String::new(),
            theme: None,
            description: "d".into(),
            owner: "o".into(),
            start: None,
            due: None,
            original_due: None,
            target_meeting: None,
            status: StatusChange { status: Brag::Red, on, by: "me".into() },
            evidence: String::new(),
            indicators: Vec::new(),
            history: Vec::new(),
        };
        let applied = store.apply_governance(&GovernanceBatch { actions: vec![action], ..GovernanceBatch::default() }).unwrap();
        assert_eq!(applied.status_changes, 1);
        assert!(store.conn.execute("UPDATE action_status_history SET status = 'blue'", []).is_err());
        assert!(store.conn.execute("DELETE FROM action_status_history", []).is_err());
        assert_eq!(store.governance().unwrap().actions[0].history.len(), 1);
    }
}
