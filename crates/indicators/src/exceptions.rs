//! Exception lists for managers: the children (or workers) behind a figure
//! who need action, with who holds them, when the task fell due and how many
//! working days it is overdue. Each list is defined beside its indicators.

use crate::{Ctx, Subject};
use chrono::NaiveDate;
use scrutiny_model::Period;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exception {
    /// Child id (or worker id for workforce lists).
    pub id: String,
    pub worker: Option<String>,
    pub team: Option<String>,
    /// When the task fell due.
    pub due: NaiveDate,
    /// Working days overdue at the period end (0 when due that day).
    pub overdue_working_days: i32,
    pub detail: String,
}

pub struct ExceptionList {
    /// Used on the command line: `--list assessments-overdue`.
    pub name: &'static str,
    pub title: &'static str,
    pub subject: Subject,
    /// The indicator the list explains.
    pub indicator: &'static str,
    pub compute: fn(&crate::Indexed, Period) -> Vec<Exception>,
}

/// Builds an exception for a child from who held the case on the period end.
pub fn for_child(ctx: &Ctx, child: &scrutiny_model::Child, period: Period, due: NaiveDate, detail: String) -> Exception {
    let holder = crate::helpers::responsible_on(child, period.end());
    Exception {
        id: child.id.clone(),
        worker: holder.map(|a| a.worker.clone()),
        team: holder.and_then(|a| ctx.dataset.team(&a.team)).map(|t| t.name.clone()),
        due,
        overdue_working_days: scrutiny_model::working_days(due, period.end()).max(0),
        detail,
    }
}

/// Every exception list, most overdue first within each when computed.
pub fn lists() -> Vec<&'static ExceptionList> {
    crate::domains::exception_lists()
}

pub fn find(name: &str) -> Option<&'static ExceptionList> {
    lists().into_iter().find(|l| l.name == name)
}

/// Runs a list and sorts it: most overdue first, then by id.
pub fn run(list: &ExceptionList, ctx: &Ctx, period: Period) -> Vec<Exception> {
    let mut out = (list.compute)(&crate::Indexed::new(ctx), period);
    out.sort_by(|a, b| b.overdue_working_days.cmp(&a.overdue_working_days).then_with(|| a.id.cmp(&b.id)));
    out
}
