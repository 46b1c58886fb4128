//! The indicator catalogue. Each indicator is one entry: its id, title,
//! domain, unit, polarity, plain-English definition, DfE comparator key,
//! statutory basis, and one pure function over (dataset, period) that lists
//! the cases behind it. Values, numerators, denominators, breakdowns and the
//! ids of the children (or workers) in each all follow from those cases, in
//! one place (`evaluate`). No I/O.

pub mod docs;
pub mod domains;
pub mod exceptions;
pub mod helpers;
pub mod index;
#[cfg(test)]
pub(crate) mod testing;

use chrono::NaiveDate;
use scrutiny_model::{Council, Dataset, Period};
use serde::Serialize;
use std::collections::BTreeMap;

pub use index::{Has, Indexed, Open, Window};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    FrontDoor,
    Assessment,
    ChildProtection,
    ChildrenInNeed,
    ChildrenInCare,
    CareLeavers,
    Adoption,
    Workforce,
}

impl Domain {
    pub fn label(self) -> &'static str {
        match self {
            Domain::FrontDoor => "Front door",
            Domain::Assessment => "Assessment",
            Domain::ChildProtection => "Child protection",
            Domain::ChildrenInNeed => "Children in need",
            Domain::ChildrenInCare => "Children in care",
            Domain::CareLeavers => "Care leavers",
            Domain::Adoption => "Adoption",
            Domain::Workforce => "Workforce",
        }
    }
}

/// How the cases' weights make a value: Σnum for counts and FTE; Σnum ÷ Σden
/// (× 100 for percentages) for shares, means and ratios; Σnum ÷ children
/// aged 0–17 × 10,000 for rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Percent,
    RatePer10k,
    Days,
    Ratio,
    Fte,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "%",
            Unit::RatePer10k => "per 10,000 children",
            Unit::Days => "days",
            Unit::Ratio => "ratio",
            Unit::Fte => "FTE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    /// Context, not a target (e.g. number of referrals).
    Neutral,
}

/// Who a case is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Child,
    Worker,
}

/// One thing counted: a referral, a plan, a child at the period end, a worker.
/// `num` and `den` are its weights (1/0 flags for shares, days for means, FTE
/// for workforce measures).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// Child or worker id.
    pub id: String,
    pub num: f64,
    pub den: f64,
    /// The date the case is about (referral date, plan start, period end…),
    /// used for age bands and for finding who was responsible.
    pub date: NaiveDate,
    /// Extra grouping the indicator offers (e.g. referral source group, reason ceased, age group of care leavers).
    pub group: Option<String>,
}

impl Case {
    /// A member of a share's denominator; in the numerator when `hit`.
    pub fn share(id: &str, date: NaiveDate, hit: bool) -> Case {
        Case { id: id.to_string(), num: f64::from(u8::from(hit)), den: 1.0, date, group: None }
    }

    /// One item of a count (or a rate's numerator).
    pub fn count(id: &str, date: NaiveDate) -> Case {
        Case { id: id.to_string(), num: 1.0, den: 0.0, date, group: None }
    }

    /// One value of a mean (days, caseload…).
    pub fn measure(id: &str, date: NaiveDate, value: f64) -> Case {
        Case { id: id.to_string(), num: value, den: 1.0, date, group: None }
    }

    pub fn in_group(mut self, group: impl Into<String>) -> Case {
        self.group = Some(group.into());
        self
    }
}

/// What an indicator function sees.
pub struct Ctx<'a> {
    pub dataset: &'a Dataset,
    pub council: Option<&'a Council>,
}

/// One catalogue entry.
pub struct Indicator {
    pub id: &'static str,
    pub title: &'static str,
    pub domain: Domain,
    pub unit: Unit,
    pub polarity: Polarity,
    pub subject: Subject,
    /// Plain English: what is counted, over what, and when.
    pub definition: &'static str,
    /// Key of the DfE / LAIT published measure to compare with, where one exists.
    pub dfe_key: Option<&'static str>,
    pub statutory_basis: &'static str,
    /// Whether the figure is taken at the period end (a snapshot) rather than over the period.
    pub snapshot: bool,
    /// Each case is one event dated `Case::date` and a period's cases are
    /// exactly those dated in it, whatever window they were computed over, so
    /// `evaluate_all` computes them once for all periods and splits them by date.
    pub dated: bool,
    /// Name of the indicator's own grouping (`Case::group`), if it offers one.
    pub group_name: Option<&'static str>,
    pub compute: fn(&Indexed, Window) -> Vec<Case>,
}

/// A breakdown row: one team, worker, age band, sex, ethnicity, disability or group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownRow {
    pub by: &'static str,
    pub key: String,
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: Option<f64>,
}

/// An indicator's figure for a period, traceable to the children behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Result {
    pub id: &'static str,
    pub title: &'static str,
    pub period: Period,
    /// `None` when the denominator is zero or unknown (never 0 for "no data").
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: Option<f64>,
    pub unit: Unit,
    /// Distinct child or worker ids in the numerator and in the denominator.
    pub numerator_ids: Vec<String>,
    pub denominator_ids: Vec<String>,
    pub breakdown: Vec<BreakdownRow>,
}

/// Groupings offered for every indicator, where the data allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Team,
    Worker,
    AgeBand,
    Sex,
    Ethnicity,
    Disability,
    /// The indicator's own grouping (e.g. referral source).
    Group,
}

impl By {
    pub fn name(self) -> &'static str {
        match self {
            By::Team => "team",
            By::Worker => "worker",
            By::AgeBand => "age_band",
            By::Sex => "sex",
            By::Ethnicity => "ethnicity",
            By::Disability => "disability",
            By::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<By> {
        [By::Team, By::Worker, By::AgeBand, By::Sex, By::Ethnicity, By::Disability, By::Group]
            .into_iter()
            .find(|b| b.name() == s || (s == "age" && *b == By::AgeBand))
    }
}

fn value_of(unit: Unit, num: f64, den: f64, population: Option<f64>) -> (Option<f64>, Option<f64>) {
    match unit {
        Unit::Count | Unit::Fte => (Some(num), None),
        Unit::Percent => ((den > 0.0).then(|| 100.0 * num / den), Some(den)),
        Unit::Days | Unit::Ratio => ((den > 0.0).then(|| num / den), Some(den)),
        Unit::RatePer10k => (population.filter(|p| *p > 0.0).map(|p| num * 10_000.0 / p), population),
    }
}

/// Computes an indicator for a period, with the requested breakdowns.
pub fn evaluate(ind: &Indicator, ctx: &Ctx, period: Period, by: &[By]) -> Result {
    let ctx = Indexed::new(ctx);
    let cases = (ind.compute)(&ctx, period.into());
    figure(ind, &ctx, period, &cases.iter().collect::<Vec<_>>(), by)
}

/// The cases behind an indicator for a period (what `evaluate` sums).
pub fn cases(ind: &Indicator, ctx: &Ctx, period: Period) -> Vec<Case> {
    (ind.compute)(&Indexed::new(ctx), period.into())
}

/// Computes indicators for many periods at once: the same `Result`s as
/// `evaluate` for each (indicator, period), indicator by indicator in the
/// order given, periods in the order given. The dataset's indexes are built
/// once, dated indicators are computed once over all the periods, and
/// indicators run on every core.
pub fn evaluate_all(ctx: &Ctx, indicators: &[&Indicator], periods: &[Period], by: &[By]) -> Vec<Result> {
    let ctx = Indexed::new(ctx);
    // A job per dated indicator (all its periods in one pass), else per (indicator, period).
    let jobs: Vec<(&Indicator, &[Period])> =
        indicators.iter().flat_map(|&ind| if ind.dated { vec![(ind, periods)] } else { periods.chunks(1).map(|p| (ind, p)).collect() }).collect();
    index::parallel_map(&jobs, |(ind, periods)| evaluate_periods(ind, &ctx, periods, by)).into_iter().flatten().collect()
}

fn evaluate_periods(ind: &Indicator, ctx: &Indexed, periods: &[Period], by: &[By]) -> Vec<Result> {
    let windows: Vec<Window> = periods.iter().map(|p| Window::from(*p)).collect();
    if !ind.dated || periods.len() < 2 {
        return periods.iter().zip(&windows).map(|(p, w)| figure(ind, ctx, *p, &(ind.compute)(ctx, *w).iter().collect::<Vec<_>>(), by)).collect();
    }
    let all = (ind.compute)(ctx, Window::covering(&windows));
    // Filtering keeps the cases' order, so sums come out bit for bit as computed period by period.
    let mut cases = Vec::new();
    periods
        .iter()
        .zip(&windows)
        .map(|(p, w)| {
            cases.clear();
            cases.extend(all.iter().filter(|c| w.contains(c.date)));
            figure(ind, ctx, *p, &cases, by)
        })
        .collect()
}

/// Sorted distinct ids of the cases `keep` picks, cloned once each.
fn distinct_ids(cases: &[&Case], keep: impl Fn(&Case) -> bool) -> Vec<String> {
    let mut ids: Vec<&str> = cases.iter().filter(|c| keep(c)).map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(str::to_string).collect()
}

/// A figure from its cases: value, numerator, denominator, ids and breakdowns.
fn figure(ind: &Indicator, ctx: &Ctx, period: Period, cases: &[&Case], by: &[By]) -> Result {
    let population = ctx.council.and_then(|c| c.population_for_year(helpers::financial_start_year(period))).map(f64::from);
    let (num, den) = cases.iter().fold((0.0, 0.0), |(n, d), c| (n + c.num, d + c.den));
    let (value, denominator) = value_of(ind.unit, num, den, population);
    let numerator_ids = distinct_ids(cases, |c| c.num != 0.0);
    let denominator_ids = distinct_ids(cases, |c| c.den != 0.0);
    let mut breakdown = Vec::new();
    for &b in by {
        let mut groups: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for c in cases {
            let key = helpers::group_key(ctx.dataset, ind.subject, c, b);
            let e = groups.entry(key).or_default();
            e.0 += c.num;
            e.1 += c.den;
        }
        for (key, (n, d)) in groups {
            // Rates by group have no group population; show the count behind them.
            let (value, denominator) = if ind.unit == Unit::RatePer10k { (None, None) } else { value_of(ind.unit, n, d, None) };
            breakdown.push(BreakdownRow { by: b.name(), key, value, numerator: n, denominator });
        }
    }
    Result { id: ind.id, title: ind.title, period, value, numerator: num, denominator, unit: ind.unit, numerator_ids, denominator_ids, breakdown }
}

/// Every indicator, in catalogue order.
pub fn catalogue() -> Vec<&'static Indicator> {
    domains::all()
}

pub fn find(id: &str) -> Option<&'static Indicator> {
    catalogue().into_iter().find(|i| i.id.eq_ignore_ascii_case(id))
}
