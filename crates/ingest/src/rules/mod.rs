//! Validation rules. Each family of rules is a file; each rule is a small
//! function with its DfE rule code (Scrutiny's own checks use `SCR-…`), its
//! severity and its own tests. `validate` runs them all over the inputs.

pub mod annex_a;
pub mod cin;
pub mod cross_return;
pub mod ssd;
pub mod ssda903;
pub mod structure;
#[cfg(test)]
pub(crate) mod testing;

use crate::issue::{Issue, Severity};
use crate::raw::{CinCensus, CsvRow, CsvTable, TableKind};
use crate::read::{Content, InputFile, Inputs};
use scrutiny_model::Period;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// A validation rule.
pub struct Rule {
    /// DfE rule code (e.g. "8500", "103", "8825Q") or Scrutiny's own ("SCR-…").
    pub code: &'static str,
    pub severity: Severity,
    /// What the rule checks, in a line (shown in listings of rules).
    pub about: &'static str,
    pub check: fn(&Context, &mut Findings),
}

/// One CIN census file.
pub struct CinFile<'a> {
    pub file: &'a InputFile,
    pub census: &'a CinCensus,
    /// The collection year (from the header's reference date).
    pub year: Option<Period>,
}

/// The SSDA903 tables of one collection year.
pub struct Ssda903Year<'a> {
    pub year: Option<Period>,
    pub tables: BTreeMap<TableKind, (&'a InputFile, &'a CsvTable)>,
    readings: ssda903::YearReadings<'a>,
}

impl<'a> Ssda903Year<'a> {
    pub fn table(&self, kind: TableKind) -> Option<(&'a InputFile, &'a CsvTable)> {
        self.tables.get(&kind).copied()
    }

    /// The collection year's first and last days, where known.
    pub fn bounds(&self) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        self.year.map(|y| (y.start(), y.end()))
    }
}

/// What the rules look at: every return read, grouped by year.
pub struct Context<'a> {
    pub inputs: &'a Inputs,
    pub cin: Vec<CinFile<'a>>,
    /// Oldest year first.
    pub ssda903: Vec<Ssda903Year<'a>>,
    /// Other CSV tables (SSD, workforce census), with their files.
    pub other_tables: Vec<(&'a InputFile, &'a CsvTable)>,
}

impl<'a> Context<'a> {
    pub fn new(inputs: &'a Inputs) -> Context<'a> {
        let mut cin = Vec::new();
        let mut years: BTreeMap<Option<Period>, Ssda903Year<'a>> = BTreeMap::new();
        let mut other_tables = Vec::new();
        for f in &inputs.files {
            match &f.content {
                Content::Cin(c) => cin.push(CinFile { file: f, census: c, year: f.year }),
                Content::Table(t) if t.kind.is_ssda903() => {
                    years
                        .entry(f.year)
                        .or_insert_with(|| Ssda903Year { year: f.year, tables: BTreeMap::new(), readings: Default::default() })
                        .tables
                        .insert(t.kind, (f, t));
                }
                Content::Table(t) => other_tables.push((f, t)),
                Content::Council(_) => {}
            }
        }
        Context { inputs, cin, ssda903: years.into_values().collect(), other_tables }
    }

    /// The SSDA903 year before `year`, for rules that compare with last year's return.
    pub fn previous_ssda903(&self, year: Option<Period>) -> Option<&Ssda903Year<'a>> {
        let y = year?;
        self.ssda903.iter().find(|s| s.year == Some(y.previous()))
    }

    pub fn ssda903_for(&self, year: Option<Period>) -> Option<&Ssda903Year<'a>> {
        self.ssda903.iter().find(|s| s.year == year)
    }
}

/// Collects one rule's findings.
pub struct Findings<'r> {
    rule: &'r Rule,
    pub issues: Vec<Issue>,
}

impl<'r> Findings<'r> {
    pub fn new(rule: &'r Rule) -> Findings<'r> {
        Findings { rule, issues: Vec::new() }
    }

    /// Records a finding. `value` is the offending value as in the file.
    pub fn report(&mut self, file: &InputFile, line: u32, child: &str, field: &str, value: &str, message: impl Into<String>) {
        self.issues.push(Issue {
            severity: self.rule.severity,
            rule: self.rule.code.to_string(),
            file: file.path.clone(),
            line: (line > 0).then_some(line),
            child: (!child.is_empty()).then(|| child.to_string()),
            field: (!field.is_empty()).then(|| field.to_string()),
            value: (!value.is_empty()).then(|| value.to_string()),
            message: message.into(),
        });
    }

    /// A finding about a CSV row: the child is the row's CHILD (or person id) column.
    pub fn report_row(&mut self, file: &InputFile, table: &CsvTable, row: &CsvRow, field: &str, message: impl Into<String>) {
        let child = child_of(table, row);
        let value = table.val(row, table.column(field));
        self.report(file, row.line, &child, field, value.raw(), message);
    }
}

/// The child a CSV row is about (SSDA903 CHILD, SSD person id).
pub fn child_of(table: &CsvTable, row: &CsvRow) -> String {
    let col = table.column("CHILD").or_else(|| table.person_column());
    table.val(row, col).trimmed().unwrap_or("").to_string()
}

/// Every rule Scrutiny knows, in code order within each family.
pub fn all() -> Vec<&'static Rule> {
    structure::RULES.iter().chain(cin::RULES).chain(ssda903::RULES).chain(cross_return::RULES).chain(ssd::RULES).chain(annex_a::RULES).collect()
}

/// Runs every rule; returns reading problems and findings, ordered by file and line.
pub fn validate(inputs: &Inputs) -> Vec<Issue> {
    let validation = Validation::new(inputs);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(|| validation.help());
        }
        validation.help();
    });
    validation.finish()
}

/// Every rule as a queue that threads work through together, one rule at a
/// time: a thread done with other work (building the dataset) can join in,
/// and no thread waits while another has a long list left.
pub struct Validation<'a> {
    ctx: Context<'a>,
    rules: Vec<&'static Rule>,
    next: AtomicUsize,
    /// Each rule's findings, with the rule's place in `rules`.
    found: Mutex<Vec<(usize, Vec<Issue>)>>,
}

impl<'a> Validation<'a> {
    pub fn new(inputs: &'a Inputs) -> Validation<'a> {
        let rules = all();
        Validation { ctx: Context::new(inputs), found: Mutex::new(Vec::with_capacity(rules.len())), rules, next: AtomicUsize::new(0) }
    }

    /// Runs rules until none is left to start.
    pub fn help(&self) {
        loop {
            let place = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(&rule) = self.rules.get(place) else { return };
            let started = std::time::Instant::now();
            let mut f = Findings::new(rule);
            (rule.check)(&self.ctx, &mut f);
            tracing::debug!(rule = rule.code, findings = f.issues.len(), ms = started.elapsed().as_secs_f64() * 1e3, "rule ran");
            self.found.lock().unwrap_or_else(PoisonError::into_inner).push((place, f.issues));
        }
    }

    /// Reading problems and every rule's findings, ordered by file and line.
    /// Runs whatever rules no thread has started; call it once the threads helping have returned.
    pub fn finish(self) -> Vec<Issue> {
        self.help();
        let mut found = self.found.into_inner().unwrap_or_else(PoisonError::into_inner);
        found.sort_by_key(|(place, _)| *place);
        let mut issues = self.ctx.inputs.issues.clone();
        issues.extend(found.into_iter().flat_map(|(_, f)| f));
        issues.sort_by(|a, b| {
            (a.file.as_str(), a.line, a.rule.as_str(), a.child.as_deref()).cmp(&(b.file.as_str(), b.line, b.rule.as_str(), b.child.as_deref()))
        });
        issues
    }
}

#[cfg(test)]
mod queue_tests {
    use super::*;
    use scrutiny_synth::{generate, write_council, Options, Size};

    /// However the rules are shared out (one thread through `finish`, several
    /// from the start, one joining part-way), the findings and their order are the same.
    #[test]
    fn the_findings_do_not_depend_on_which_thread_ran_a_rule() {
        let options = Options { seed: 29, size: Size::Small, years: 2, until: "2024-25".parse().unwrap(), error_rate: 0.05 };
        let dir = tempfile::tempdir().unwrap();
        write_council(&generate(&options), &options, dir.path()).unwrap();
        let inputs = crate::read_paths(&[dir.path().to_path_buf()]);

        let alone = Validation::new(&inputs).finish();
        assert!(alone.iter().filter(|i| i.severity == Severity::Error).count() > 20, "the faults are found");
        assert_eq!(validate(&inputs), alone);

        let validation = Validation::new(&inputs);
        std::thread::scope(|s| {
            s.spawn(|| validation.help());
            let late = s.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(5));
                validation.help();
            });
            late.join().unwrap();
        });
        assert_eq!(validation.finish(), alone);
    }
}
