//! Scrutiny's domain model: children's social care timelines, DfE code lists,
//! reporting periods and the England working-day calendar. No I/O.

pub mod calendar;
pub mod codes;
pub mod council;
pub mod domain;
pub mod period;

pub use calendar::{working_days, Calendar};
pub use council::{Council, PopulationEstimate};
pub use domain::*;
pub use period::{Period, PeriodKind};

use chrono::{Datelike, NaiveDate};

/// Completed years between `born` and `on` (a birthday on 29 February is
/// reached on 1 March in other years).
pub fn age_in_years(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(age_in_years(d("2006-06-15"), d("2024-06-14")), 17);
        assert_eq!(age_in_years(d("2006-06-15"), d("2024-06-15")), 18);
        assert_eq!(age_in_years(d("2008-02-29"), d("2026-02-28")), 17);
        assert_eq!(age_in_years(d("2008-02-29"), d("2026-03-01")), 18);
    }
}
