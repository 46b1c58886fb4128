//! From a dataset to a `Report`: every catalogue indicator for the period and
//! the four before it, formatted for the edition. Comparators and targets
//! come from the caller and may be absent; nothing here invents them.

use crate::narrative::{domain_key, Narratives, DOMAINS};
use crate::suppress::{figure, parts_and_total};
use crate::{Better, Breakdown, Definition, Edition, ExceptionTable, Kind, Point, Quality, QualityNote, Rag, Report, Row, Section, Snapshot, Source, Travel};
use chrono::NaiveDate;
use scrutiny_indicators::{catalogue, evaluate, evaluate_all, exceptions, By, Ctx, Indicator, Polarity, Unit};
use scrutiny_ingest::{Issue, Severity};
use scrutiny_model::{Council, Dataset, Period};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many periods before the report's the scorecard shows.
pub const HISTORY: i32 = 4;

/// Most overdue entries per exception list in the officer edition; the rest are one command away.
pub const EXCEPTION_ROWS: usize = 50;

/// A published comparator figure and the period it is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub value: f64,
    /// e.g. "2023-24".
    pub period: String,
}

/// Target, RAG, direction of travel, England and statistical neighbours for
/// one indicator; any of them may be unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub target: Option<f64>,
    pub rag: Option<Rag>,
    pub travel: Option<Travel>,
    pub england: Option<Published>,
    pub neighbours: Option<Published>,
}

/// An indicator's figures as the edition shows them (`None` where suppressed
/// or missing), for judging against targets and its past.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    pub now: Option<f64>,
    pub previous: Option<f64>,
    pub a_year_earlier: Option<f64>,
}

/// Works out an indicator's target, RAG, direction of travel and comparators
/// (the caller's: from published figures and the council's targets).
pub type Judge<'a> = dyn Fn(&Indicator, Figures) -> Comparison + Sync + 'a;

/// Where comparisons come from, and a note of it for the reader.
pub struct Comparators<'a> {
    pub judge: Option<Box<Judge<'a>>>,
    pub note: String,
}

impl Comparators<'_> {
    /// None known: every comparator column says so.
    pub fn unavailable(why: &str) -> Comparators<'static> {
        Comparators { judge: None, note: why.to_string() }
    }
}

pub struct Input<'a> {
    pub dataset: &'a Dataset,
    pub council: Option<&'a Council>,
    pub period: Period,
    pub edition: Edition,
    pub generated: NaiveDate,
    pub snapshot: Snapshot,
    pub issues: &'a [Issue],
    pub narratives: &'a Narratives,
    pub comparators: &'a Comparators<'a>,
    /// The plan, audits and committees (`Store::governance()`); None when there are none.
    pub governance: Option<&'a scrutiny_plan::Governance>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The member edition must never carry these; the officer who wrote it must change it.
    #[error("the commentary for {key} would show members {what}; rewrite it (counts from 1 to 5 as 'fewer than six') or use the officer edition")]
    NarrativeLeak { key: String, what: String },
}

fn kind(u: Unit) -> Kind {
    match u {
        Unit::Count => Kind::Count,
        Unit::Percent => Kind::Percent,
        Unit::RatePer10k => Kind::RatePer10k,
        Unit::Days => Kind::Days,
        Unit::Ratio => Kind::Ratio,
        Unit::Fte => Kind::Fte,
    }
}

fn better(p: Polarity) -> Better {
    match p {
        Polarity::HigherIsBetter => Better::Higher,
        Polarity::LowerIsBetter => Better::Lower,
        Polarity::Neutral => Better::Neither,
    }
}

pub fn build(input: &Input) -> Result<Report, BuildError> {
    let ctx = Ctx { dataset: input.dataset, council: input.council };
    let periods: Vec<Period> = (-HISTORY..=0).map(|n| input.period.shifted(n)).collect();
    let indicators = catalogue();
    let flat = evaluate_all(&ctx, &indicators, &periods, &[]);
    // results[period][indicator], from evaluate_all's indicator-major order.
    let results: Vec<Vec<&scrutiny_indicators::Result>> =
        (0..periods.len()).map(|pi| (0..indicators.len()).map(|ii| &flat[ii * periods.len() + pi]).collect()).collect();
    let edition = input.edition;
    if edition == Edition::Member {
        check_narratives(input)?;
    }
    let mut sections = Vec::new();
    for domain in DOMAINS {
        let key = domain_key(domain);
        let mut rows = Vec::new();
        for (idx, ind) in indicators.iter().enumerate().filter(|(_, i)| i.domain == domain) {
            let points: Vec<Point> = periods
                .iter()
                .enumerate()
                .map(|(pi, &period)| {
                    let r = &results[pi][idx];
                    let (value, numerator, denominator) = figure(kind(ind.unit), r.value, r.numerator, r.denominator, edition);
                    Point { period, value, numerator, denominator }
                })
                .collect();
            let comparison = compare(input, ind, &points);
            rows.push(Row {
                id: ind.id.to_string(),
                title: ind.title.to_string(),
                kind: kind(ind.unit),
                better: better(ind.polarity),
                points,
                comparison,
                breakdown: breakdown(ind, &ctx, input.period, edition),
                narrative: input.narratives.indicators.get(ind.id).cloned(),
            });
        }
        sections.push(Section { title: domain.label().to_string(), narrative: input.narratives.domains.get(&key).cloned(), key, rows });
    }
    Ok(Report {
        council: input.council.map_or_else(|| "Council".to_string(), |c| c.la_name.clone()),
        la_code: input.council.map(|c| c.la_code.clone()),
        period: input.period,
        edition,
        generated: input.generated,
        snapshot: input.snapshot.clone(),
        sources: sources(input.dataset),
        comparators_note: input.comparators.note.clone(),
        sections,
        quality: quality(input.issues, edition),
        exceptions: if edition == Edition::Officer { exception_tables(&ctx, input.period) } else { Vec::new() },
        definitions: indicators.iter().map(|i| definition(i)).collect(),
        plan: input
            .governance
            .filter(|g| !(g.actions.is_empty() && g.audits.is_empty() && g.committees.is_empty()))
            .map(|g| crate::plan::section(g, input.period, edition)),
    })
}

/// The caller's judgement of a row. A RAG or direction of travel on a
/// suppressed figure would hint at it, so members see neither there.
fn compare(input: &Input, ind: &Indicator, points: &[Point]) -> Comparison {
    let Some(judge) = &input.comparators.judge else { return Comparison::default() };
    let n = points.len();
    let raw = |i: usize| match points[i].value {
        crate::Cell::Value(v) => Some(v),
        _ => None,
    };
    let mut c = judge(ind, Figures { now: raw(n - 1), previous: n.checked_sub(2).and_then(raw), a_year_earlier: (n == 5).then(|| raw(0)).flatten() });
    if points[n - 1].value == crate::Cell::Suppressed {
        c.rag = None;
        c.travel = None;
    }
    c
}

/// A count's own grouping (referral source, age at entry…) for the report's period.
fn breakdown(ind: &Indicator, ctx: &Ctx, period: Period, edition: Edition) -> Option<Breakdown> {
    let name = ind.group_name.filter(|_| ind.unit == Unit::Count)?;
    let r = evaluate(ind, ctx, period, &[By::Group]);
    let rows: Vec<_> = r.breakdown.iter().filter(|b| b.by == By::Group.name()).collect();
    if rows.is_empty() {
        return None;
    }
    let parts: Vec<f64> = rows.iter().map(|b| b.numerator).collect();
    let (cells, total) = parts_and_total(&parts, r.numerator, edition);
    Some(Breakdown { name: name.to_string(), rows: rows.iter().zip(cells).map(|(b, c)| (b.key.clone(), c)).collect(), total })
}

/// The latest date each source holds a record for.
fn sources(ds: &Dataset) -> Vec<Source> {
    let latest = |f: &dyn Fn(&scrutiny_model::Child) -> Option<NaiveDate>| ds.children.iter().filter_map(f).max();
    let referrals = latest(&|c| {
        c.referrals
            .iter()
            .flat_map(|r| [Some(r.date), r.closure_date].into_iter().chain(r.assessments.iter().flat_map(|a| [Some(a.start), a.authorised])))
            .flatten()
            .max()
    });
    let episodes = latest(&|c| c.care_episodes.iter().flat_map(|e| [Some(e.start), e.end]).flatten().max());
    let contacts = latest(&|c| c.contacts.iter().map(|x| x.date).chain(c.visits.iter().map(|v| v.date)).max());
    let census = ds.workforce_returns.iter().map(|w| w.census_date).max();
    vec![
        Source { name: "Children in need census (referrals, assessments, plans)".into(), runs_to: referrals },
        Source { name: "SSDA903 children looked after return".into(), runs_to: episodes },
        Source { name: "Safeguarding extract (contacts, visits)".into(), runs_to: contacts },
        Source { name: "Social work workforce census".into(), runs_to: census },
    ]
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Query => "Query",
    }
}

fn quality(issues: &[Issue], edition: Edition) -> Quality {
    let mut by_rule: BTreeMap<(String, &'static str), (f64, String)> = BTreeMap::new();
    let mut by_severity = [0.0f64; 3];
    for i in issues {
        let sev = severity_label(i.severity);
        by_severity[match sev {
            "Error" => 0,
            "Warning" => 1,
            _ => 2,
        }] += 1.0;
        let e = by_rule.entry((i.rule.clone(), sev)).or_insert((0.0, String::new()));
        e.0 += 1.0;
        if e.1.is_empty() {
            // The member edition names the field, never a finding's text (it can quote a child's record).
            e.1 = match edition {
                Edition::Officer => i.message.clone(),
                Edition::Member => i.field.as_ref().map_or_else(|| "See the officer edition for detail.".to_string(), |f| format!("Field: {f}")),
            };
        }
    }
    let total = issues.len() as f64;
    let (sev, total_cell) = parts_and_total(&by_severity, total, edition);
    let counts: Vec<f64> = by_rule.values().map(|v| v.0).collect();
    let (rule_cells, _) = parts_and_total(&counts, total, edition);
    let notes = by_rule
        .into_iter()
        .zip(rule_cells)
        .map(|(((rule, severity), (_, message)), findings)| QualityNote { rule, severity: severity.to_string(), findings, message })
        .collect();
    Quality { errors: sev[0], warnings: sev[1], queries: sev[2], total: total_cell, notes }
}

fn exception_tables(ctx: &Ctx, period: Period) -> Vec<ExceptionTable> {
    exceptions::lists()
        .into_iter()
        .map(|list| {
            let rows = exceptions::run(list, ctx, period);
            let domain = scrutiny_indicators::find(list.indicator).map(|i| i.domain.label().to_string()).unwrap_or_default();
            let shown = rows
                .iter()
                .take(EXCEPTION_ROWS)
                .map(|e| {
                    let name = ctx
                        .dataset
                        .child(&e.id)
                        .map(|c| [c.forename.as_deref(), c.surname.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "))
                        .or_else(|| ctx.dataset.worker(&e.id).map(|w| w.name.clone()))
                        .unwrap_or_default();
                    let worker =
                        e.worker.as_deref().map(|w| ctx.dataset.worker(w).map_or_else(|| w.to_string(), |x| format!("{} ({w})", x.name))).unwrap_or_default();
                    [
                        e.id.clone(),
                        name,
                        worker,
                        e.team.clone().unwrap_or_default(),
                        e.due.format("%d/%m/%Y").to_string(),
                        e.overdue_working_days.to_string(),
                        e.detail.clone(),
                    ]
                })
                .collect();
            let more = rows.len().saturating_sub(EXCEPTION_ROWS);
            let title = if more > 0 { format!("{} ({} most overdue of {})", list.title, EXCEPTION_ROWS, rows.len()) } else { list.title.to_string() };
            ExceptionTable { title, indicator: list.indicator.to_string(), domain, rows: shown }
        })
        .collect()
}

fn definition(i: &Indicator) -> Definition {
    Definition {
        id: i.id.to_string(),
        title: i.title.to_string(),
        domain: i.domain.label().to_string(),
        unit: i.unit.label().to_string(),
        better: match i.polarity {
            Polarity::HigherIsBetter => "Higher is better",
            Polarity::LowerIsBetter => "Lower is better",
            Polarity::Neutral => "Context: neither higher nor lower is better",
        }
        .to_string(),
        definition: i.definition.to_string(),
        basis: i.statutory_basis.to_string(),
        comparator: i.dfe_key.map(str::to_string),
    }
}

/// Member commentary must name no child and quote no small count.
fn check_narratives(input: &Input) -> Result<(), BuildError> {
    let all = input.narratives.domains.iter().chain(input.narratives.indicators.iter());
    for (key, n) in all {
        let text = format!("{} {} {}", n.body, n.by.as_deref().unwrap_or(""), n.on.as_deref().unwrap_or(""));
        if let Some(found) = crate::check::small_counts(&text).first() {
            return Err(BuildError::NarrativeLeak { key: key.clone(), what: format!("the count '{found}'") });
        }
        if let Some(found) = crate::check::child_identifiers(&text, input.dataset).first() {
            return Err(BuildError::NarrativeLeak { key: key.clone(), what: format!("a child's id or name ('{found}')") });
        }
    }
    Ok(())
}
