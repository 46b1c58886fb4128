//! DfE-style suppression for the member edition: counts from 1 to 5 become
//! "c"; a percentage, rate or mean whose numerator or denominator is 1 to 5
//! is suppressed with it; and where a total is shown beside its parts, one
//! more part is suppressed so the hidden one cannot be worked out.

use crate::{Edition, Kind};
use serde::{Deserialize, Serialize};

/// A figure as the edition may show it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    Value(f64),
    /// Shown as "c": withheld to protect children's privacy.
    Suppressed,
    /// No figure (no data, or not a count).
    Missing,
}

/// The marker DfE uses for a suppressed figure.
pub const MARK: &str = "c";

/// A count DfE would suppress: 1 to 5 (counts are whole; FTE is not a count).
pub fn is_small(n: f64) -> bool {
    (0.5..5.5).contains(&n)
}

impl Cell {
    pub fn value(self) -> Option<f64> {
        match self {
            Cell::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A count, suppressed in the member edition when small.
    pub fn count(n: f64, edition: Edition) -> Cell {
        if edition == Edition::Member && is_small(n) {
            Cell::Suppressed
        } else {
            Cell::Value(n)
        }
    }

    pub fn opt(v: Option<f64>) -> Cell {
        v.map_or(Cell::Missing, Cell::Value)
    }
}

/// Value, numerator and denominator of a figure for an edition. The numerator
/// is shown for percentages and rates, the denominator where it counts children
/// or cases (not a population, not days).
pub fn figure(kind: Kind, value: Option<f64>, numerator: f64, denominator: Option<f64>, edition: Edition) -> (Cell, Cell, Cell) {
    let member = edition == Edition::Member;
    match kind {
        Kind::Count => (Cell::count(value.unwrap_or(numerator), edition), Cell::Missing, Cell::Missing),
        // Workforce FTE are posts, not children.
        Kind::Fte => (Cell::opt(value), Cell::Missing, Cell::Missing),
        Kind::Percent => {
            let den = denominator.unwrap_or(0.0);
            if member && (is_small(numerator) || is_small(den)) {
                (Cell::Suppressed, Cell::count(numerator, edition), Cell::count(den, edition))
            } else {
                (Cell::opt(value), Cell::Value(numerator), Cell::opt(denominator))
            }
        }
        Kind::RatePer10k => {
            let value = if member && is_small(numerator) { Cell::Suppressed } else { Cell::opt(value) };
            (value, Cell::count(numerator, edition), Cell::Missing)
        }
        Kind::Days | Kind::Ratio => {
            let den = denominator.unwrap_or(0.0);
            let value = if member && is_small(den) { Cell::Suppressed } else { Cell::opt(value) };
            (value, Cell::Missing, Cell::count(den, edition))
        }
    }
}

/// Primary and secondary suppression of parts shown with their total: while
/// exactly one part is hidden (and so derivable from the total and the
/// rest), hide the smallest shown non-zero part too; if none is left, hide the total.
pub fn parts_and_total(parts: &[f64], total: f64, edition: Edition) -> (Vec<Cell>, Cell) {
    let mut cells: Vec<Cell> = parts.iter().map(|&n| Cell::count(n, edition)).collect();
    let mut total_cell = Cell::count(total, edition);
    if edition == Edition::Member && total_cell != Cell::Suppressed {
        while cells.iter().filter(|c| **c == Cell::Suppressed).count() == 1 {
            let next = cells.iter().enumerate().filter_map(|(i, c)| c.value().filter(|v| *v > 0.0).map(|v| (i, v))).min_by(|a, b| a.1.total_cmp(&b.1));
            match next {
                Some((i, _)) => cells[i] = Cell::Suppressed,
                None => {
                    total_cell = Cell::Suppressed;
                    break;
                }
            }
        }
    }
    (cells, total_cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_suppressed_for_members_only() {
        assert_eq!(Cell::count(3.0, Edition::Member), Cell::Suppressed);
        assert_eq!(Cell::count(3.0, Edition::Officer), Cell::Value(3.0));
        assert_eq!(Cell::count(0.0, Edition::Member), Cell::Value(0.0));
        assert_eq!(Cell::count(6.0, Edition::Member), Cell::Value(6.0));
        assert_eq!(Cell::count(1.0, Edition::Member), Cell::Suppressed);
    }

    #[test]
    fn a_percentage_with_a_small_numerator_or_denominator_is_hidden() {
        let (v, n, d) = figure(Kind::Percent, Some(40.0), 2.0, Some(5.0), Edition::Member);
        assert_eq!((v, n, d), (Cell::Suppressed, Cell::Suppressed, Cell::Suppressed));
        let (v, n, d) = figure(Kind::Percent, Some(10.0), 3.0, Some(30.0), Edition::Member);
        assert_eq!((v, n, d), (Cell::Suppressed, Cell::Suppressed, Cell::Value(30.0)));
        let (v, _, _) = figure(Kind::Percent, Some(50.0), 10.0, Some(20.0), Edition::Member);
        assert_eq!(v, Cell::Value(50.0));
        let (v, _, _) = figure(Kind::RatePer10k, Some(0.8), 4.0, Some(50_000.0), Edition::Member);
        assert_eq!(v, Cell::Suppressed);
        let (v, _, d) = figure(Kind::Days, Some(120.0), 480.0, Some(4.0), Edition::Member);
        assert_eq!((v, d), (Cell::Suppressed, Cell::Suppressed));
    }

    #[test]
    fn one_hidden_part_takes_the_next_smallest_with_it() {
        let (cells, total) = parts_and_total(&[3.0, 40.0, 12.0, 0.0], 55.0, Edition::Member);
        assert_eq!(cells, vec![Cell::Suppressed, Cell::Value(40.0), Cell::Suppressed, Cell::Value(0.0)]);
        assert_eq!(total, Cell::Value(55.0));
        // Two hidden already: nothing more to hide.
        let (cells, _) = parts_and_total(&[3.0, 4.0, 12.0], 19.0, Edition::Member);
        assert_eq!(cells, vec![Cell::Suppressed, Cell::Suppressed, Cell::Value(12.0)]);
        // Nothing else to hide: the total goes.
        let (cells, total) = parts_and_total(&[3.0, 0.0], 3.0, Edition::Member);
        assert_eq!((cells[0], total), (Cell::Suppressed, Cell::Suppressed));
        let (cells, total) = parts_and_total(&[2.0, 0.0, 40.0], 42.0, Edition::Member);
        assert_eq!(cells, vec![Cell::Suppressed, Cell::Value(0.0), Cell::Suppressed]);
        assert_eq!(total, Cell::Value(42.0));
        let (cells, _) = parts_and_total(&[3.0, 40.0], 43.0, Edition::Officer);
        assert_eq!(cells, vec![Cell::Value(3.0), Cell::Value(40.0)]);
    }
}
