//! A synthetic council: invented children and workers whose case histories
//! follow England's published rates, written out in the statutory formats
//! (CIN census XML, SSDA903 CSV, workforce census, Standard Safeguarding
//! Dataset extract) so that the same readers serve councils and tests.

mod annex_a;
mod csww_xml;
mod faults;
mod governance;
mod names;
mod rng;
mod sim;
mod tables;
mod workforce;
mod write;

pub use faults::{Fault, FaultKind};
pub use sim::make_upn;
pub use write::{write_council, WriteSummary};

use chrono::{Datelike, NaiveDate};
use scrutiny_model::{AnnualOutcomes, Child, Council, Dataset, HealthCheckKind, Period, PopulationEstimate};

/// How big a council to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// About 20,000 children.
    Small,
    /// About 60,000 children.
    Medium,
    /// About 250,000 children.
    Large,
}

impl Size {
    pub fn children(self) -> u32 {
        match self {
            Size::Small => 20_000,
            Size::Medium => 60_000,
            Size::Large => 250_000,
        }
    }

    /// A real council of about this size whose LA number, region and
    /// statistical neighbours the synthetic council borrows for comparison.
    fn stands_in_for(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Size::Small => ("841", "Darlington", "North East"),
            Size::Medium => ("893", "Shropshire", "West Midlands"),
            Size::Large => ("888", "Lancashire", "North West"),
        }
    }
}

impl std::str::FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "small" => Ok(Size::Small),
            "medium" => Ok(Size::Medium),
            "large" => Ok(Size::Large),
            other => Err(format!("unknown size '{other}': use small, medium or large")),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    pub size: Size,
    /// Financial years written, ending with `until`.
    pub years: u32,
    /// The last financial year written.
    pub until: Period,
    /// Share of children in each return given a data-quality fault (0 = clean).
    pub error_rate: f64,
}

impl Options {
    /// The latest complete financial year on `today`.
    pub fn latest_complete_year(today: NaiveDate) -> Period {
        Period::year_containing(today).previous()
    }

    /// The financial years written, oldest first.
    pub fn output_years(&self) -> Vec<Period> {
        (0..self.years as i32).rev().map(|i| self.until.shifted(-i)).collect()
    }
}

/// Years simulated before the first written year, so that histories
/// (earlier referrals, plans, long periods of care) exist.
const WARM_UP_YEARS: i32 = 10;

pub struct SyntheticCouncil {
    pub council: Council,
    /// Everything known at the end of the last written year.
    pub dataset: Dataset,
    pub years: Vec<Period>,
}

/// Generates the council. Same options, same council.
pub fn generate(options: &Options) -> SyntheticCouncil {
    let years = options.output_years();
    let first = years.first().expect("at least one year").start();
    let as_at = options.until.end();
    let sim_start = NaiveDate::from_ymd_opt(first.year() - WARM_UP_YEARS, 4, 1).expect("date");

    let (la_code, stands_for, region) = options.size.stands_in_for();
    let base = options.size.children() as f64;
    // Gentle growth in the child population, 0.3% a year, ending at the nominal size.
    let population_in = |year: i32| base * (1.0 + 0.003 * (year - as_at.year()) as f64);
    let population: Vec<PopulationEstimate> =
        (sim_start.year()..=as_at.year()).map(|y| PopulationEstimate { year: y, children_0_17: population_in(y).round() as u32 }).collect();

    let mut rng = rng::Rng::new(options.seed);
    let scale = base / 60_000.0;
    let roster = workforce::Roster::generate(&mut rng.fork(1), scale, sim_start, as_at);
    let mut world = sim::World::new(rng.fork(2), &roster, la_code, as_at);
    world.run(sim_start, as_at, |d| population_in(d.year()));

    let mut children: Vec<Child> = world.children.iter().filter_map(|c| c.as_known_on(as_at)).collect();
    for c in &mut children {
        c.annual_outcomes = years.iter().filter_map(|y| annual_outcomes(c, y.end())).collect();
        c.referrals.iter_mut().for_each(|r| {
            // The episode's lead worker is whoever held it last.
            if let Some(a) = c.allocations.iter().rev().find(|a| a.referral_id.as_deref() == Some(r.id.as_str())) {
                r.worker = Some(a.worker.clone());
                r.team = Some(a.team.clone());
            }
        });
    }
    children.sort_by(|a, b| a.id.cmp(&b.id));

    let council = Council {
        la_code: la_code.to_string(),
        la_name: format!("Northbridge (synthetic, benchmarked as {stands_for})"),
        region: region.to_string(),
        population,
    };
    let dataset = Dataset { children, teams: roster.teams.clone(), workers: roster.workers.clone(), workforce_returns: roster.returns.clone() };
    SyntheticCouncil { council, dataset, years }
}

/// OC2 for a child looked after continuously for 12 months at `year_end`
/// (short breaks excluded), from the checks recorded in the year.
fn annual_outcomes(child: &Child, year_end: NaiveDate) -> Option<AnnualOutcomes> {
    let year_start = Period::year_containing(year_end).start();
    let periods = child.periods_of_care();
    // A period ending on 31 March itself still counts, as the DfE's validator reads it (rule 191).
    let current = periods.iter().find(|p| p.start() <= year_start && p.end().is_none_or(|e| e >= year_end))?;
    if current.episodes.iter().all(|e| e.legal_status.is_short_break()) {
        return None;
    }
    let age = child.age_on(year_end)?;
    let done = |kind: HealthCheckKind| child.health_checks.iter().any(|h| h.kind == kind && h.completed && h.date >= year_start && h.date <= year_end);
    // Stable per-child draws, so the same child keeps the same answers.
    let hash = child.id.bytes().fold(year_end.year() as u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
    // No SDQ items under 4 (rule 188) or for those 17 before the year began (189); a score or a
    // reason between, including for one turning 17 on its first day (197B).
    let seventeen_before_year = child.age_on(year_start - chrono::Days::new(1))? >= 17;
    let (sdq_score, sdq_reason) = if age < 4 || seventeen_before_year {
        (None, None)
    } else if age <= 16 {
        if hash % 100 < 78 {
            (Some((8 + hash % 15) as u8), None)
        } else {
            (None, Some(scrutiny_model::codes::SdqReason::CarerRefused))
        }
    } else {
        (None, Some(scrutiny_model::codes::SdqReason::AgeOutOfRange))
    };
    let substance_misuse = hash % 33 == 0;
    Some(AnnualOutcomes {
        year_end,
        sdq_score,
        sdq_reason,
        convicted: (age >= 10).then_some(hash % 50 == 0),
        health_check: (age < 5).then_some(hash % 9 != 0),
        immunisations: done(HealthCheckKind::Immunisations),
        teeth_check: done(HealthCheckKind::DentalCheck),
        health_assessment: done(HealthCheckKind::HealthAssessment),
        substance_misuse,
        intervention_received: substance_misuse.then_some(hash % 3 != 0),
        intervention_offered: substance_misuse.then_some(true),
    })
}
