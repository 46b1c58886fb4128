//! Working days in England: weekends and England & Wales bank holidays.
//!
//! Holidays are computed by rule (fixed days with substitutes, Easter, the
//! Monday holidays) plus the one-off proclamations, so any year can be asked
//! for without a data file. Future one-off days are unknown until proclaimed;
//! add them to `ONE_OFF` when they are.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::sync::OnceLock;

/// A bank holiday with its gov.uk name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: &'static str,
}

/// Days added by proclamation, and the years whose May holidays moved.
const ONE_OFF: &[(i32, u32, u32, &str)] = &[
    (1999, 12, 31, "Millennium Celebrations"),
    (2002, 6, 4, "Queen's Golden Jubilee"),
    (2011, 4, 29, "Royal wedding"),
    (2012, 6, 5, "Queen's Diamond Jubilee"),
    (2022, 6, 3, "Platinum Jubilee bank holiday"),
    (2022, 9, 19, "Bank Holiday for the State Funeral of Queen Elizabeth II"),
    (2023, 5, 8, "Bank holiday for the coronation of King Charles III"),
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("calendar dates are valid")
}

/// Easter Sunday in the Gregorian calendar (anonymous Gregorian computus).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).expect("every month has a Monday")
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    let next_month = if month == 12 { date(year + 1, 1, 1) } else { date(year, month + 1, 1) };
    let mut d = next_month - Duration::days(1);
    while d.weekday() != Weekday::Mon {
        d -= Duration::days(1);
    }
    d
}

fn next_weekday(mut d: NaiveDate) -> NaiveDate {
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

/// England & Wales bank holidays of one calendar year, in date order.
pub fn bank_holidays(year: i32) -> Vec<BankHoliday> {
    let mut out = Vec::with_capacity(10);
    let mut push = |date, name| out.push(BankHoliday { date, name });

    let new_year = date(year, 1, 1);
    push(next_weekday(new_year), if new_year.weekday().num_days_from_monday() >= 5 { "New Year's Day (substitute day)" } else { "New Year's Day" });

    let easter = easter_sunday(year);
    push(easter - Duration::days(2), "Good Friday");
    push(easter + Duration::days(1), "Easter Monday");

    // Early May: moved to 8 May for VE Day anniversaries.
    match year {
        1995 | 2020 => push(date(year, 5, 8), "Early May bank holiday (VE day)"),
        _ => push(first_monday(year, 5), "Early May bank holiday"),
    }
    // Spring: moved for jubilees.
    match year {
        2002 => push(date(2002, 6, 3), "Spring bank holiday"),
        2012 => push(date(2012, 6, 4), "Spring bank holiday"),
        2022 => push(date(2022, 6, 2), "Spring bank holiday"),
        _ => push(last_monday(year, 5), "Spring bank holiday"),
    }
    push(last_monday(year, 8), "Summer bank holiday");

    // Christmas and Boxing Day; a weekend day moves to the next free weekday.
    let christmas = date(year, 12, 25);
    match christmas.weekday() {
        Weekday::Sat => {
            push(date(year, 12, 27), "Christmas Day (substitute day)");
            push(date(year, 12, 28), "Boxing Day (substitute day)");
        }
        Weekday::Sun => {
            push(date(year, 12, 26), "Boxing Day");
            push(date(year, 12, 27), "Christmas Day (substitute day)");
        }
        Weekday::Fri => {
            push(christmas, "Christmas Day");
            push(date(year, 12, 28), "Boxing Day (substitute day)");
        }
        _ => {
            push(christmas, "Christmas Day");
            push(date(year, 12, 26), "Boxing Day");
        }
    }

    for &(y, m, d, name) in ONE_OFF {
        if y == year {
            push(date(y, m, d), name);
        }
    }
    out.sort();
    out
}

/// The working-day calendar for England, with a precomputed running count so
/// that `working_days` is two array reads inside the covered range.
pub struct Calendar {
    first: NaiveDate,
    /// `cumulative[i]` = working days in (first, first + i].
    cumulative: Vec<i32>,
}

/// Years held in the precomputed table; dates outside still work, more slowly.
const TABLE_YEARS: (i32, i32) = (1990, 2060);

impl Calendar {
    /// The England & Wales calendar, built once.
    pub fn england() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| Calendar::build(TABLE_YEARS.0, TABLE_YEARS.1))
    }

    fn build(first_year: i32, last_year: i32) -> Calendar {
        let first = date(first_year, 1, 1);
        let last = date(last_year, 12, 31);
        let holidays: std::collections::HashSet<NaiveDate> = (first_year..=last_year).flat_map(bank_holidays).map(|h| h.date).collect();
        let days = (last - first).num_days() as usize + 1;
        let mut cumulative = Vec::with_capacity(days);
        let mut running = 0;
        for (i, d) in first.iter_days().take(days).enumerate() {
            if i > 0 && is_working_day_by_rule(d, &holidays) {
                running += 1;
            }
            cumulative.push(running);
        }
        Calendar { first, cumulative }
    }

    fn index(&self, d: NaiveDate) -> Option<usize> {
        let i = (d - self.first).num_days();
        (i >= 0 && (i as usize) < self.cumulative.len()).then_some(i as usize)
    }

    pub fn is_bank_holiday(&self, d: NaiveDate) -> bool {
        bank_holidays(d.year()).iter().any(|h| h.date == d)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match (self.index(d), d.pred_opt().and_then(|p| self.index(p))) {
            (Some(i), Some(p)) => self.cumulative[i] > self.cumulative[p],
            _ => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_bank_holiday(d),
        }
    }

    /// Working days after `start` up to and including `end`: the same day is 0,
    /// Friday to the next Monday is 1. Negative when `end` is before `start`.
    /// This is the convention that reproduces DfE's published duration buckets.
    pub fn working_days(&self, start: NaiveDate, end: NaiveDate) -> i32 {
        if end < start {
            return -self.working_days(end, start);
        }
        match (self.index(start), self.index(end)) {
            (Some(s), Some(e)) => self.cumulative[e] - self.cumulative[s],
            _ => start.iter_days().skip(1).take_while(|d| *d <= end).filter(|d| self.is_working_day(*d)).count() as i32,
        }
    }

    /// The date `n` working days after `start` (n ≥ 0): the deadline of a
    /// "within n working days" standard.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

fn is_working_day_by_rule(d: NaiveDate, holidays: &std::collections::HashSet<NaiveDate>) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// `Calendar::england().working_days(start, end)`.
pub fn working_days(start: NaiveDate, end: NaiveDate) -> i32 {
    Calendar::england().working_days(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// gov.uk's published England & Wales list for 2018–2027 (a copy of the
    /// reference file, so the product does not read it at run time).
    const PUBLISHED_2018_2027: &str = include_str!("../tests/data/bank_holidays_england_wales_2018_2027.csv");

    #[test]
    fn every_published_holiday_2018_2027_is_computed_and_no_other() {
        let published: Vec<NaiveDate> = PUBLISHED_2018_2027.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| d(l.split(',').next().unwrap())).collect();
        assert_eq!(published.len(), 83);
        let computed: Vec<NaiveDate> = (2018..=2027).flat_map(bank_holidays).map(|h| h.date).collect();
        assert_eq!(computed, published);
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2010), d("2010-04-04"));
        assert_eq!(easter_sunday(2019), d("2019-04-21"));
        assert_eq!(easter_sunday(2024), d("2024-03-31"));
        assert_eq!(easter_sunday(2035), d("2035-03-25"));
    }

    #[test]
    fn one_off_and_moved_days_outside_the_reference_file() {
        let h2012: Vec<_> = bank_holidays(2012).iter().map(|h| h.date).collect();
        assert!(h2012.contains(&d("2012-06-04")) && h2012.contains(&d("2012-06-05")));
        assert!(!h2012.contains(&d("2012-05-28")), "spring holiday moved for the jubilee");
        assert!(bank_holidays(2011).iter().any(|h| h.date == d("2011-04-29")));
        // Christmas on Saturday in 2010 and 2032: both holidays move to Mon/Tue.
        let h2010: Vec<_> = bank_holidays(2010).iter().map(|h| h.date).collect();
        assert!(h2010.contains(&d("2010-12-27")) && h2010.contains(&d("2010-12-28")));
        assert_eq!(bank_holidays(2035).len(), 8);
        for y in 2010..=2035 {
            assert!(bank_holidays(y).len() >= 8, "{y}");
        }
    }

    /// Ten hand-checked cases. Convention: days after start, up to and including end.
    #[test]
    fn working_days_hand_checked() {
        let cases = [
            // same day
            ("2024-06-12", "2024-06-12", 0, "same day is 0"),
            // Wed -> Thu
            ("2024-06-12", "2024-06-13", 1, "next weekday"),
            // Fri -> Mon: Sat, Sun skipped
            ("2024-06-14", "2024-06-17", 1, "over a weekend"),
            // Sat -> Sun: nothing
            ("2024-06-15", "2024-06-16", 0, "weekend only"),
            // Mon 3 Jun -> Mon 17 Jun: two full weeks
            ("2024-06-03", "2024-06-17", 10, "two weeks"),
            // Fri 20 Dec 2024 -> Fri 3 Jan 2025: 23,24,27,30,31 Dec, 2,3 Jan (25,26 Dec, 1 Jan are holidays)
            ("2024-12-20", "2025-01-03", 7, "Christmas and New Year"),
            // Thu 28 Mar 2024 -> Tue 2 Apr 2024: Good Friday 29 Mar and Easter Monday 1 Apr skipped
            ("2024-03-28", "2024-04-02", 1, "Easter 2024"),
            // Thu 17 Apr 2025 -> Wed 23 Apr 2025: Good Friday 18, Easter Monday 21 -> 22, 23
            ("2025-04-17", "2025-04-23", 2, "Easter 2025"),
            // Fri 24 Dec 2021 -> Wed 29 Dec 2021: 27 and 28 Dec are substitute days -> only 29
            ("2021-12-24", "2021-12-29", 1, "substitute days 2021"),
            // Easter Monday 1 Apr 2024 -> Wed 5 Jun 2024: 24 days in April and 1-3 May,
            // 6 May and 27 May are holidays, so 4 + 5 + 5 + 5 + 2 + 3 + 4 + 5 + 5 + 4 + 3 = 45
            ("2024-04-01", "2024-06-05", 45, "45 working days across two May holidays"),
            // Coronation: Fri 5 May 2023 -> Tue 9 May 2023: Mon 8 May holiday -> 9 only
            ("2023-05-05", "2023-05-09", 1, "coronation 2023"),
        ];
        for (s, e, expected, why) in cases {
            assert_eq!(working_days(d(s), d(e)), expected, "{why}: {s} -> {e}");
        }
        assert_eq!(working_days(d("2024-06-17"), d("2024-06-14")), -1, "reversed dates are negative");
    }

    #[test]
    fn add_working_days_is_the_inverse() {
        let cal = Calendar::england();
        assert_eq!(cal.add_working_days(d("2024-04-01"), 45), d("2024-06-05"));
        assert_eq!(cal.add_working_days(d("2024-12-20"), 7), d("2025-01-03"));
        for offset in 0..400 {
            let start = d("2023-01-01") + Duration::days(offset);
            for n in [0u32, 1, 10, 15, 45] {
                assert_eq!(cal.working_days(start, cal.add_working_days(start, n)), n as i32);
            }
        }
    }

    #[test]
    fn slow_path_outside_the_table_agrees_with_rules() {
        let cal = Calendar::england();
        // 2070: outside the precomputed table. 2 Jan 2070 is a Thursday.
        assert_eq!(cal.working_days(d("2070-01-01"), d("2070-01-06")), 3);
        assert!(!cal.is_working_day(d("2070-01-01")));
        assert!(cal.is_working_day(d("2024-06-12")));
        assert!(!cal.is_working_day(d("2024-05-27")));
    }
}
