//! The latest snapshot, read once, and the figures computed from it, each
//! computed on first use and kept until the next import. Figures come from
//! the indicator catalogue and the report's builder (so the dashboard and
//! the committee pack agree); comparators from the benchmarks crate.

use anyhow::{Context as _, Result};
use chrono::{Datelike, NaiveDate};
use scrutiny_benchmarks::targets::Targets;
use scrutiny_benchmarks::Benchmarks;
use scrutiny_indicators::exceptions::{self, Exception};
use scrutiny_indicators::{evaluate, By, Ctx};
use scrutiny_model::{Council, Dataset, Period};
use scrutiny_report::{Comparators, Edition, Narratives, Report};
use scrutiny_store::{SnapshotInfo, Store};
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Values computed once per key; callers asking for the same key at once
/// wait for one computation, others are not held up.
pub struct Memo<K, V> {
    cells: Mutex<HashMap<K, Arc<OnceLock<Arc<V>>>>>,
}

impl<K: Eq + Hash + Clone, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo { cells: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash + Clone, V> Memo<K, V> {
    pub fn get(&self, key: &K, compute: impl FnOnce() -> V) -> Arc<V> {
        let cell = self.cells.lock().expect("memo lock").entry(key.clone()).or_default().clone();
        cell.get_or_init(|| Arc::new(compute())).clone()
    }
}

/// Every breakdown the indicator page offers.
pub const BREAKDOWNS: [By; 7] = [By::Team, By::Worker, By::AgeBand, By::Sex, By::Ethnicity, By::Disability, By::Group];

/// How many financial years of periods the picker offers, ending with the latest.
const PICKER_YEARS: i32 = 3;

pub struct Data {
    pub db: PathBuf,
    pub info: SnapshotInfo,
    pub dataset: Dataset,
    pub council: Option<Council>,
    pub issues: Vec<scrutiny_ingest::Issue>,
    /// Newest first: quarters and years the picker offers.
    pub periods: Vec<Period>,
    pub default_period: Period,
    pub targets: Targets,
    pub targets_note: String,
    /// The improvement plan, audits and committees: as of the load, then as of the last edit.
    plan: RwLock<Arc<Plan>>,
    /// Keyed by whether it is the member edition (`Edition` has no `Hash`).
    reports: Memo<(Period, bool), std::result::Result<Report, String>>,
    results: Memo<(&'static str, Period), scrutiny_indicators::Result>,
    exceptions: Memo<(&'static str, Period), Vec<Exception>>,
    caseloads: Memo<Period, Caseloads>,
}

/// The improvement plan, audits and committees as read from the store, and the
/// figures made from them; replaced whole when an officer edits an action.
/// The scorecards do not depend on it, so an edit recomputes nothing else.
pub struct Plan {
    pub governance: scrutiny_plan::Governance,
    effects: Memo<Period, Vec<scrutiny_plan::views::ActionEffect>>,
}

impl Plan {
    fn new(governance: scrutiny_plan::Governance) -> Plan {
        Plan { governance, effects: Memo::default() }
    }
}

/// Cases held at a period end, by worker id and by team id, in the order of [`CASE_TYPES`].
#[derive(Default)]
pub struct Caseloads {
    pub by_worker: BTreeMap<String, [usize; 4]>,
    pub by_team: BTreeMap<String, [usize; 4]>,
}

pub const CASE_TYPES: [&str; 4] = ["Child protection", "Children in care", "Care leavers", "Child in need and other"];

/// Which of [`CASE_TYPES`] a child's case is at the end of `on`.
fn case_type(c: &scrutiny_model::Child, on: NaiveDate) -> usize {
    use scrutiny_indicators::helpers;
    if helpers::looked_after_on(c, on) {
        1
    } else if c.referrals.iter().flat_map(|r| &r.cp_plans).any(|p| helpers::open_on(p.start, p.end, on)) {
        0
    } else if !c.care_leaver_records.is_empty() && helpers::age_on(c, on).is_some_and(|a| a >= 17) {
        2
    } else {
        3
    }
}

/// The latest day any record in the dataset is dated: how far the returns run.
fn runs_to(d: &Dataset) -> Option<NaiveDate> {
    let child_dates = d.children.iter().flat_map(|c| {
        c.referrals
            .iter()
            .map(|r| r.date)
            .chain(c.contacts.iter().map(|x| x.date))
            .chain(c.care_episodes.iter().map(|e| e.start))
            .chain(c.visits.iter().map(|v| v.date))
    });
    child_dates.chain(d.workforce_returns.iter().map(|w| w.census_date)).max()
}

/// The quarters and years of the last few financial years up to `to`, newest
/// first, and the default: the latest quarter the data cover to its end.
fn periods_to(to: NaiveDate) -> (Vec<Period>, Period) {
    let mut quarter = Period::Quarter { start_year: Period::year_containing(to).start().year(), quarter: 1 };
    while quarter.end() < to {
        quarter = quarter.shifted(1);
    }
    // Complete quarters only, unless the data end on the quarter's last day.
    let latest = if quarter.end() == to { quarter } else { quarter.shifted(-1) };
    let year = latest.financial_year();
    let mut out = Vec::new();
    for y in 0..PICKER_YEARS {
        let fy = year.shifted(-y);
        if fy.end() <= to {
            out.push(fy);
        }
        for q in (1..=4).rev() {
            let p = Period::Quarter { start_year: fy.start().year(), quarter: q };
            if p.end() <= to || p == latest {
                out.push(p);
            }
        }
    }
    (out, latest)
}

impl Data {
    /// Reads the latest snapshot of `db`; `None` when nothing is imported yet.
    pub fn load(db: &Path) -> Result<Option<Data>> {
        let store = Store::open(db)?;
        let Some(info) = store.latest()? else { return Ok(None) };
        let dataset = store.dataset(info.id)?;
        let council = store.council(info.id)?;
        let issues = store.issues(info.id)?;
        let governance = store.governance()?;
        let to = runs_to(&dataset).context("the latest snapshot holds no dated records")?;
        let (periods, default_period) = periods_to(to);
        let targets_path = db.parent().map(|d| d.join("targets.toml")).filter(|p| p.exists());
        let (targets, targets_note) = match &targets_path {
            Some(p) => (Targets::load(p).with_context(|| format!("targets from {}", p.display()))?, format!("Targets from {}.", p.display())),
            None => (
                Targets::default(),
                "The council has set no targets (targets.toml beside the database): where England's published value is known it stands in, within 5%.".into(),
            ),
        };
        Ok(Some(Data {
            db: db.to_path_buf(),
            info,
            dataset,
            council,
            issues,
            periods,
            default_period,
            targets,
            targets_note,
            plan: RwLock::new(Arc::new(Plan::new(governance))),
            reports: Memo::default(),
            results: Memo::default(),
            exceptions: Memo::default(),
            caseloads: Memo::default(),
        }))
    }

    pub fn council_name(&self) -> String {
        self.council.as_ref().map_or_else(|| "Council".to_string(), |c| c.la_name.clone())
    }

    pub fn ctx(&self) -> Ctx<'_> {
        Ctx { dataset: &self.dataset, council: self.council.as_ref() }
    }

    /// The scorecard for a period as the edition shows it, comparators included.
    pub fn report(&self, period: Period, edition: Edition) -> Arc<std::result::Result<Report, String>> {
        self.reports.get(&(period, edition == Edition::Member), || self.build_report(period, edition))
    }

    fn build_report(&self, period: Period, edition: Edition) -> std::result::Result<Report, String> {
        let narratives = self.narratives(period).map_err(|e| format!("{e:#}"))?;
        self.build_with(period, edition, &narratives, &self.comparators(period)).map_err(|e| e.to_string())
    }

    fn build_with(
        &self,
        period: Period,
        edition: Edition,
        narratives: &Narratives,
        comparators: &Comparators,
    ) -> std::result::Result<Report, scrutiny_report::build::BuildError> {
        let snapshot = scrutiny_report::Snapshot {
            description: format!("snapshot {} of {}, imported {}", self.info.id, self.db.display(), self.info.imported_at),
            id: Some(self.info.id),
            files: self.info.files.iter().map(|f| (f.format.clone(), f.path.clone(), f.hash.chars().take(12).collect())).collect(),
        };
        scrutiny_report::build(&scrutiny_report::Input {
            dataset: &self.dataset,
            council: self.council.as_ref(),
            period,
            edition,
            generated: chrono::Local::now().date_naive(),
            snapshot,
            issues: &self.issues,
            narratives,
            comparators,
            // The plan page builds its section from `plan()` itself, which edits
            // replace; leaving it out keeps the scorecards independent of the plan.
            governance: None,
        })
    }

    fn narratives(&self, period: Period) -> Result<Narratives> {
        Narratives::from_records(Store::open(&self.db)?.narratives(&period.to_string())?).map_err(anyhow::Error::msg)
    }

    /// Target (the council's, else England's), RAG, direction of travel since
    /// the previous period, England and statistical neighbours, from the
    /// benchmarks crate's published figures. None of it is made up: what is
    /// not published stays `None` and the page says "not available".
    fn comparators(&self, period: Period) -> Comparators<'_> {
        let Some(la) = self.council.as_ref().map(|c| c.la_code.trim().to_string()) else {
            return Comparators::unavailable("Comparators are not available: the snapshot has no council.toml, so no LA code to look them up by.");
        };
        let bm = Benchmarks::shipped();
        if bm.council(&la).is_none() {
            return Comparators::unavailable(&format!("Comparators are not available: LA code {la} is not in the DfE's statistical-neighbour table."));
        }
        let fy = scrutiny_indicators::helpers::financial_start_year(period);
        let note = format!(
            "England and statistical-neighbour (mean) figures: the DfE's latest publication in or before {}. {}",
            period.financial_year(),
            self.targets_note
        );
        Comparators { judge: Some(scrutiny_report::judge::published(bm, &self.targets, Some(la), fy)), note }
    }

    /// An indicator's figure with every breakdown and the ids behind it.
    pub fn result(&self, ind: &'static scrutiny_indicators::Indicator, period: Period) -> Arc<scrutiny_indicators::Result> {
        self.results.get(&(ind.id, period), || evaluate(ind, &self.ctx(), period, &BREAKDOWNS))
    }

    /// An exception list for a period, most overdue first.
    pub fn exceptions(&self, list: &'static exceptions::ExceptionList, period: Period) -> Arc<Vec<Exception>> {
        self.exceptions.get(&(list.name, period), || exceptions::run(list, &self.ctx(), period))
    }

    /// Cases held at the period end (as WF-05 counts them: every allocation open that day), by type.
    pub fn caseloads(&self, period: Period) -> Arc<Caseloads> {
        self.caseloads.get(&period, || {
            let on = period.end();
            let mut out = Caseloads::default();
            for c in &self.dataset.children {
                let mut open = c.allocations.iter().filter(|a| a.start <= on && a.end.is_none_or(|e| e >= on)).peekable();
                if open.peek().is_none() {
                    continue;
                }
                let t = case_type(c, on);
                for a in open {
                    out.by_worker.entry(a.worker.clone()).or_default()[t] += 1;
                    out.by_team.entry(a.team.clone()).or_default()[t] += 1;
                }
            }
            out
        })
    }

    /// The improvement plan as held now.
    pub fn plan(&self) -> Arc<Plan> {
        self.plan.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Holds the plan as just read from the store (after an edit).
    pub fn set_governance(&self, governance: scrutiny_plan::Governance) {
        *self.plan.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Plan::new(governance));
    }

    /// The plan's linked indicators' trends since each action began, up to `until`.
    pub fn plan_effects(&self, plan: &Plan, until: Period) -> Arc<Vec<scrutiny_plan::views::ActionEffect>> {
        plan.effects.get(&until, || scrutiny_plan::views::compute_effects(&plan.governance, &self.ctx(), until))
    }

    pub fn team_name(&self, id: &str) -> String {
        self.dataset.team(id).map_or_else(|| id.to_string(), |t| t.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picker_offers_complete_quarters_and_years() {
        let to = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        let (periods, latest) = periods_to(to);
        assert_eq!(latest.to_string(), "2024-25-Q4");
        assert_eq!(periods[0].to_string(), "2024-25");
        assert_eq!(periods[1].to_string(), "2024-25-Q4");
        assert_eq!(periods.len(), 15);
        let (_, latest) = periods_to(NaiveDate::from_ymd_opt(2025, 5, 2).unwrap());
        assert_eq!(latest.to_string(), "2024-25-Q4");
    }
}
