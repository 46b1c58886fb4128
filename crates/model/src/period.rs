//! Reporting periods: financial year `2024-25`, quarter `2024-25-Q1`
//! (April to June), month `2024-06`, and rolling twelve months `R12-2024-06`
//! (July 2023 to June 2024). One type, one parser.

use chrono::{Datelike, Months, NaiveDate};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// Financial year starting 1 April of the given year.
    Year { start_year: i32 },
    /// Quarter 1–4 of the financial year (Q1 = April–June).
    Quarter { start_year: i32, quarter: u8 },
    /// A calendar month.
    Month { year: i32, month: u8 },
    /// Twelve months ending with the given month.
    Rolling12 { year: i32, month: u8 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a period: {why} (use 2024-25, 2024-25-Q1, 2024-06 or R12-2024-06)")]
pub struct PeriodError {
    pub input: String,
    pub why: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Year,
    Quarter,
    Month,
    Rolling12,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("period dates are valid")
}

fn month_start(year: i32, month: u8) -> NaiveDate {
    ymd(year, month as u32, 1)
}

fn month_end(year: i32, month: u8) -> NaiveDate {
    month_start(year, month) + Months::new(1) - chrono::Duration::days(1)
}

impl Period {
    /// The financial year that contains `date`.
    pub fn year_containing(date: NaiveDate) -> Period {
        let start_year = if date.month() >= 4 { date.year() } else { date.year() - 1 };
        Period::Year { start_year }
    }

    pub fn kind(&self) -> PeriodKind {
        match self {
            Period::Year { .. } => PeriodKind::Year,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Month { .. } => PeriodKind::Month,
            Period::Rolling12 { .. } => PeriodKind::Rolling12,
        }
    }

    /// First day of the period.
    pub fn start(&self) -> NaiveDate {
        match *self {
            Period::Year { start_year } => ymd(start_year, 4, 1),
            Period::Quarter { start_year, quarter } => ymd(start_year, 4, 1) + Months::new(3 * (quarter as u32 - 1)),
            Period::Month { year, month } => month_start(year, month),
            Period::Rolling12 { year, month } => month_start(year, month) - Months::new(11),
        }
    }

    /// Last day of the period, inclusive; snapshot measures are taken at this date.
    pub fn end(&self) -> NaiveDate {
        match *self {
            Period::Year { start_year } => ymd(start_year + 1, 3, 31),
            Period::Quarter { .. } => self.start() + Months::new(3) - chrono::Duration::days(1),
            Period::Month { year, month } | Period::Rolling12 { year, month } => month_end(year, month),
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The period of the same kind just before this one.
    pub fn previous(&self) -> Period {
        self.shifted(-1)
    }

    /// The same period a year earlier.
    pub fn a_year_earlier(&self) -> Period {
        match *self {
            Period::Year { start_year } => Period::Year { start_year: start_year - 1 },
            Period::Quarter { start_year, quarter } => Period::Quarter { start_year: start_year - 1, quarter },
            Period::Month { year, month } => Period::Month { year: year - 1, month },
            Period::Rolling12 { year, month } => Period::Rolling12 { year: year - 1, month },
        }
    }

    /// Moves by `n` periods of the same kind (negative = earlier).
    pub fn shifted(&self, n: i32) -> Period {
        fn add_months(year: i32, month: u8, n: i32) -> (i32, u8) {
            let idx = year * 12 + (month as i32 - 1) + n;
            (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u8)
        }
        match *self {
            Period::Year { start_year } => Period::Year { start_year: start_year + n },
            Period::Quarter { start_year, quarter } => {
                let idx = start_year * 4 + (quarter as i32 - 1) + n;
                Period::Quarter { start_year: idx.div_euclid(4), quarter: (idx.rem_euclid(4) + 1) as u8 }
            }
            Period::Month { year, month } => {
                let (year, month) = add_months(year, month, n);
                Period::Month { year, month }
            }
            Period::Rolling12 { year, month } => {
                let (year, month) = add_months(year, month, n);
                Period::Rolling12 { year, month }
            }
        }
    }

    /// The financial year this period ends in.
    pub fn financial_year(&self) -> Period {
        Period::year_containing(self.end())
    }

    /// A label for people: "2024-25", "Q1 2024-25 (Apr–Jun 2024)", "June 2024",
    /// "12 months to June 2024".
    pub fn describe(&self) -> String {
        match *self {
            Period::Year { .. } => format!("financial year {self}"),
            Period::Quarter { start_year, quarter } => {
                format!("Q{quarter} {} ({}–{})", Period::Year { start_year }, self.start().format("%b"), self.end().format("%b %Y"))
            }
            Period::Month { .. } => self.end().format("%B %Y").to_string(),
            Period::Rolling12 { .. } => format!("12 months to {}", self.end().format("%B %Y")),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year { start_year } => write!(f, "{}-{:02}", start_year, (start_year + 1).rem_euclid(100)),
            Period::Quarter { start_year, quarter } => write!(f, "{}-Q{}", Period::Year { start_year }, quarter),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Rolling12 { year, month } => write!(f, "R12-{year}-{month:02}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |why| PeriodError { input: input.to_string(), why };
        let s = input.trim();
        let number = |t: &str, digits: usize| -> Option<i32> { (t.len() == digits && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten() };
        let month_of = |t: &str| -> Result<u8, PeriodError> {
            match number(t, 2) {
                Some(m @ 1..=12) => Ok(m as u8),
                _ => Err(err("the month must be 01 to 12")),
            }
        };
        if let Some(rest) = s.strip_prefix("R12-") {
            let (y, m) = rest.split_once('-').ok_or_else(|| err("rolling periods look like R12-2024-06"))?;
            let year = number(y, 4).ok_or_else(|| err("the year must have four digits"))?;
            return Ok(Period::Rolling12 { year, month: month_of(m)? });
        }
        let parts: Vec<&str> = s.split('-').collect();
        match parts.as_slice() {
            [y, second] if second.len() == 2 && number(y, 4).is_some() => {
                let year = number(y, 4).unwrap();
                let n = number(second, 2).ok_or_else(|| err("expected digits"))?;
                // "2024-25" is a financial year, "2024-06" a month. For 2000-01 to
                // 2011-12 both readings fit; the financial year wins there.
                if n == (year + 1).rem_euclid(100) {
                    Ok(Period::Year { start_year: year })
                } else if (1..=12).contains(&n) {
                    Ok(Period::Month { year, month: n as u8 })
                } else {
                    Err(err("a financial year's second part must be the next year, e.g. 2024-25"))
                }
            }
            [y, second, q] if number(y, 4).is_some() && second.len() == 2 => {
                let year = number(y, 4).unwrap();
                if number(second, 2) != Some((year + 1).rem_euclid(100)) {
                    return Err(err("a financial year's second part must be the next year, e.g. 2024-25"));
                }
                let quarter = match *q {
                    "Q1" => 1,
                    "Q2" => 2,
                    "Q3" => 3,
                    "Q4" => 4,
                    _ => return Err(err("the quarter must be Q1 to Q4")),
                };
                Ok(Period::Quarter { start_year: year, quarter })
            }
            _ => Err(err("unrecognised form")),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn each_form_has_the_right_dates() {
        assert_eq!((p("2024-25").start(), p("2024-25").end()), (d("2024-04-01"), d("2025-03-31")));
        assert_eq!((p("2024-25-Q1").start(), p("2024-25-Q1").end()), (d("2024-04-01"), d("2024-06-30")));
        assert_eq!((p("2024-25-Q3").start(), p("2024-25-Q3").end()), (d("2024-10-01"), d("2024-12-31")));
        assert_eq!((p("2024-25-Q4").start(), p("2024-25-Q4").end()), (d("2025-01-01"), d("2025-03-31")));
        assert_eq!((p("2024-06").start(), p("2024-06").end()), (d("2024-06-01"), d("2024-06-30")));
        assert_eq!((p("2024-02").start(), p("2024-02").end()), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!((p("R12-2024-06").start(), p("R12-2024-06").end()), (d("2023-07-01"), d("2024-06-30")));
        assert_eq!((p("R12-2025-03").start(), p("R12-2025-03").end()), (d("2024-04-01"), d("2025-03-31")));
        assert_eq!(p("1999-00").end(), d("2000-03-31"));
    }

    #[test]
    fn display_round_trips() {
        for s in ["2024-25", "2024-25-Q1", "2024-25-Q4", "2024-06", "R12-2024-06", "2099-00", "2024-12"] {
            assert_eq!(p(s).to_string(), s);
        }
    }

    #[test]
    fn bad_periods_say_why() {
        for bad in ["2024-26", "2024-25-Q5", "2024-13", "24-25", "R12-2024", "", "2024", "2024-25-q1", "R12-2024-00"] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should fail");
        }
        let e = "2024-13".parse::<Period>().unwrap_err().to_string();
        assert!(e.contains("2024-13") && e.contains("2024-25-Q1"), "{e}");
    }

    #[test]
    fn ambiguous_year_month_reads_as_financial_year() {
        // 2011-12 could be December 2011 or the financial year 2011-12.
        assert_eq!(p("2011-12"), Period::Year { start_year: 2011 });
        assert_eq!(p("2012-12"), Period::Month { year: 2012, month: 12 });
    }

    #[test]
    fn moving_between_periods() {
        assert_eq!(p("2024-25-Q1").previous(), p("2023-24-Q4"));
        assert_eq!(p("2024-25-Q4").shifted(1), p("2025-26-Q1"));
        assert_eq!(p("2024-01").previous(), p("2023-12"));
        assert_eq!(p("R12-2024-01").shifted(-1), p("R12-2023-12"));
        assert_eq!(p("2024-25").previous(), p("2023-24"));
        assert_eq!(p("2024-25-Q2").a_year_earlier(), p("2023-24-Q2"));
        assert_eq!(p("2024-25-Q4").financial_year(), p("2024-25"));
        assert_eq!(p("2025-02").financial_year(), p("2024-25"));
        assert_eq!(Period::year_containing(d("2025-03-31")), p("2024-25"));
        assert_eq!(Period::year_containing(d("2025-04-01")), p("2025-26"));
    }

    #[test]
    fn descriptions_read_well() {
        assert_eq!(p("2024-25-Q1").describe(), "Q1 2024-25 (Apr–Jun 2024)");
        assert_eq!(p("R12-2024-06").describe(), "12 months to June 2024");
        assert_eq!(p("2024-06").describe(), "June 2024");
    }
}
