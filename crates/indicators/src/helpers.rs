//! Facts about children and workers that many indicators share: who was
//! responsible on a date, ages and bands, who was looked after, population.

use crate::{By, Case, Subject};
use chrono::{Datelike, NaiveDate};
use scrutiny_model::{age_in_years, Allocation, Child, Dataset, Period};

/// Caseloads above this are flagged (WF-06 and the caseload exception list).
pub const CASELOAD_THRESHOLD: usize = 20;

/// The financial year whose population (mid-year estimate of its first year)
/// a period's rates use: the year the period ends in.
pub fn financial_start_year(period: Period) -> i32 {
    period.financial_year().start().year()
}

/// The allocation covering `on` (the latest started, if several).
pub fn responsible_on(child: &Child, on: NaiveDate) -> Option<&Allocation> {
    child.allocations.iter().filter(|a| a.start <= on && a.end.is_none_or(|e| e >= on)).max_by_key(|a| a.start)
}

/// The standard age bands of DfE tables: under 1, 1–4, 5–9, 10–15, 16 and over.
pub fn age_band(age: i32) -> &'static str {
    match age {
        i32::MIN..=0 => "Under 1",
        1..=4 => "1 to 4",
        5..=9 => "5 to 9",
        10..=15 => "10 to 15",
        _ => "16 and over",
    }
}

pub fn age_on(child: &Child, on: NaiveDate) -> Option<i32> {
    child.birth_date.map(|b| age_in_years(b, on))
}

/// Looked after at the end of `on` (in a care episode other than short breaks).
pub fn looked_after_on(child: &Child, on: NaiveDate) -> bool {
    child.care_episodes.iter().any(|e| !e.legal_status.is_short_break() && e.start <= on && e.end.is_none_or(|end| end > on))
}

/// Whether the span [start, end] (end open = still going) touches the period.
pub fn overlaps(period: crate::Window, start: NaiveDate, end: Option<NaiveDate>) -> bool {
    start <= period.end() && end.is_none_or(|e| e >= period.start())
}

/// Open at the end of `on`: started on or before, not ended by then.
pub fn open_on(start: NaiveDate, end: Option<NaiveDate>, on: NaiveDate) -> bool {
    start <= on && end.is_none_or(|e| e > on)
}

/// The key a case falls under for a breakdown.
pub fn group_key(dataset: &Dataset, subject: Subject, case: &Case, by: By) -> String {
    if by == By::Group {
        return case.group.clone().unwrap_or_else(|| "All".into());
    }
    match subject {
        Subject::Worker => {
            let w = dataset.worker(&case.id);
            match by {
                By::Team => w.map(|w| team_name(dataset, &w.team)).unwrap_or_else(|| "Unknown".into()),
                By::Worker => case.id.clone(),
                _ => "Not applicable".into(),
            }
        }
        Subject::Child => {
            let Some(c) = dataset.child(&case.id) else { return "Unknown".into() };
            match by {
                By::Team => responsible_on(c, case.date).map(|a| team_name(dataset, &a.team)).unwrap_or_else(|| "Unallocated".into()),
                By::Worker => responsible_on(c, case.date).map(|a| a.worker.clone()).unwrap_or_else(|| "Unallocated".into()),
                By::AgeBand => age_on(c, case.date).map(age_band).unwrap_or("Unknown").into(),
                By::Sex => c.sex.label().into(),
                By::Ethnicity => c.ethnicity.label().into(),
                By::Disability => {
                    let disabled = c.disabilities.iter().any(|d| *d != scrutiny_model::codes::Disability::None);
                    if disabled { "Disabled" } else { "Not disabled" }.into()
                }
                By::Group => unreachable!("handled above"),
            }
        }
    }
}

fn team_name(dataset: &Dataset, id: &str) -> String {
    dataset.team(id).map(|t| t.name.clone()).unwrap_or_else(|| if id.is_empty() { "Unknown".into() } else { id.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_match_dfe_tables() {
        assert_eq!(age_band(0), "Under 1");
        assert_eq!(age_band(4), "1 to 4");
        assert_eq!(age_band(15), "10 to 15");
        assert_eq!(age_band(17), "16 and over");
    }

    #[test]
    fn population_year_follows_dfe() {
        assert_eq!(financial_start_year("2024-25".parse().unwrap()), 2024);
        assert_eq!(financial_start_year("2024-25-Q4".parse().unwrap()), 2024);
        assert_eq!(financial_start_year("2025-02".parse().unwrap()), 2024);
        assert_eq!(financial_start_year("R12-2024-06".parse().unwrap()), 2024);
    }
}
