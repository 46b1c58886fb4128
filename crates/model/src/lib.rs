//! Scrutiny's domain model: children's social care timelines, DfE code lists,
//! reporting periods and the England working-day calendar. No I/O.

pub mod calendar;
pub mod codes;
pub mod council;
pub mod domain;
pub mod formats;
pub mod iso_date;
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

/// The check letter of a unique pupil number whose last twelve characters
/// are `digits`: each digit times its position (2 to 13), summed, modulo 23,
/// read in the alphabet without I, O and S.
pub fn upn_check_letter(digits: &str) -> Option<char> {
    const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
    if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = digits.bytes().enumerate().map(|(i, b)| (b - b'0') as u32 * (i as u32 + 2)).sum();
    Some(LETTERS[(sum % 23) as usize] as char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upn_check_letters() {
        // 2*1 + 3*2 + ... hand-summed: digits 000000000001 -> 1 * 13 = 13 -> 'P'.
        assert_eq!(upn_check_letter("000000000001"), Some('P'));
        // All zeros -> 0 -> 'A'.
        assert_eq!(upn_check_letter("000000000000"), Some('A'));
        // 100000000000 -> 1 * 2 = 2 -> 'C'.
        assert_eq!(upn_check_letter("100000000000"), Some('C'));
        assert_eq!(upn_check_letter("12345"), None);
        assert_eq!(upn_check_letter("12345678901x"), None);
    }

    #[test]
    fn ages() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(age_in_years(d("2006-06-15"), d("2024-06-14")), 17);
        assert_eq!(age_in_years(d("2006-06-15"), d("2024-06-15")), 18);
        assert_eq!(age_in_years(d("2008-02-29"), d("2026-02-28")), 17);
        assert_eq!(age_in_years(d("2008-02-29"), d("2026-03-01")), 18);
    }
}
