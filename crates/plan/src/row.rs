//! Reading one row's cells by column name, collecting every problem rather
//! than stopping at the first, so one pass tells a person all that is wrong.

use crate::table::Table;
use crate::Problem;
use chrono::NaiveDate;
use std::collections::HashMap;

pub(crate) struct Row<'a> {
    pub table: &'a Table,
    pub line: u32,
    pub cells: &'a [String],
    pub problems: &'a mut Vec<Problem>,
}

impl Row<'_> {
    pub fn problem(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(Problem { file: self.table.file.clone(), line: Some(self.line), field: Some(field.to_string()), message: message.into() });
    }

    /// The cell, or "" when the column is absent or the row short.
    pub fn get(&self, field: &str) -> &str {
        self.table.column(field).and_then(|i| self.cells.get(i)).map_or("", String::as_str)
    }

    pub fn opt(&self, field: &str) -> Option<String> {
        Some(self.get(field)).filter(|s| !s.is_empty()).map(str::to_string)
    }

    /// The required `ref`, which no earlier line of the file may use (in any case);
    /// `seen` holds the lines of those already read, `what` names the record.
    pub fn unique_ref(&mut self, seen: &mut HashMap<String, u32>, what: &str) -> Option<String> {
        let reference = self.required("ref");
        if let Some(r) = &reference {
            if let Some(first) = seen.insert(r.to_ascii_uppercase(), self.line) {
                self.problem("ref", format!("'{r}' is already used on line {first}: each {what} needs its own reference"));
            }
        }
        reference
    }

    pub fn required(&mut self, field: &str) -> Option<String> {
        let v = self.opt(field);
        if v.is_none() {
            self.problem(field, "is empty; it is required");
        }
        v
    }

    pub fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let v = self.get(field).to_string();
        if v.is_empty() {
            return None;
        }
        let parsed = parse_date(&v);
        if parsed.is_none() {
            self.problem(field, format!("'{v}' is not a date: write it as 2025-03-31 or 31/03/2025"));
        }
        parsed
    }

    pub fn required_date(&mut self, field: &str) -> Option<NaiveDate> {
        if self.get(field).is_empty() {
            self.problem(field, "is empty; a date is required");
            return None;
        }
        self.date(field)
    }

    pub fn int(&mut self, field: &str) -> Option<i64> {
        let v = self.get(field).to_string();
        if v.is_empty() {
            return None;
        }
        let parsed = v.parse().ok();
        if parsed.is_none() {
            self.problem(field, format!("'{v}' is not a whole number (a ModernGov id)"));
        }
        parsed
    }

    /// Parses a code with `parse`, listing the allowed values when it fails.
    pub fn code<T: Copy>(&mut self, field: &str, required: bool, parse: fn(&str) -> Option<T>, allowed: &[T], label: fn(T) -> &'static str) -> Option<T> {
        let v = self.get(field).to_string();
        if v.is_empty() {
            if required {
                self.problem(field, format!("is empty; use one of: {}", list(allowed, label)));
            }
            return None;
        }
        let parsed = parse(&v);
        if parsed.is_none() {
            self.problem(field, format!("'{v}' is not one of: {}", list(allowed, label)));
        }
        parsed
    }

    pub fn yes_no(&mut self, field: &str) -> Option<bool> {
        match self.get(field).to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" | "1" => Some(true),
            "" | "n" | "no" | "false" | "0" => Some(false),
            other => {
                let message = format!("'{other}' is not yes or no");
                self.problem(field, message);
                None
            }
        }
    }
}

fn list<T: Copy>(allowed: &[T], label: fn(T) -> &'static str) -> String {
    allowed.iter().map(|a| label(*a)).collect::<Vec<_>>().join(", ")
}

/// ISO (2025-03-31) or British (31/03/2025) dates.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y")).ok()
}

/// Splits a list cell ("CP-03; CLA-05") into its items.
pub fn split_list(s: &str) -> Vec<String> {
    s.split([';', ',']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// Checks the header names every required column, once per file.
pub(crate) fn require_columns(table: &Table, columns: &[&str], problems: &mut Vec<Problem>) -> bool {
    let missing: Vec<&str> = columns.iter().copied().filter(|c| !table.has(c)).collect();
    if !missing.is_empty() {
        problems.push(Problem {
            file: table.file.clone(),
            line: Some(1),
            field: None,
            message: format!("the header has no column{} {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")),
        });
    }
    missing.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_used_again_in_any_case_is_a_problem_naming_the_first_line() {
        let table = Table { file: "plan.csv".into(), headers: vec!["ref".into()], rows: Vec::new() };
        let (mut problems, mut seen) = (Vec::new(), HashMap::new());
        for (line, r) in [(2, "IP-01"), (3, "IP-02"), (4, "ip-01")] {
            let cells = [r.to_string()];
            let got = Row { table: &table, line, cells: &cells, problems: &mut problems }.unique_ref(&mut seen, "action");
            assert_eq!(got.as_deref(), Some(r), "the reference is still read");
        }
        let found: Vec<_> = problems.iter().map(|p| (p.line, p.field.as_deref(), p.message.as_str())).collect();
        assert_eq!(found, [(Some(4), Some("ref"), "'ip-01' is already used on line 2: each action needs its own reference")]);
    }
}
