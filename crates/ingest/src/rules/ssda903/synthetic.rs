//! The SSDA903 rules against the synthetic council: its clean returns raise
//! no errors, and every fault
//! injected into a 903 return is found by the right rule.

use super::RULES;
use crate::issue::{Issue, Severity};
use crate::rules::testing::{faults_in, reported, Fault};
use crate::rules::{Context, Findings};
use scrutiny_synth::{Options, Size, SyntheticCouncil};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

fn options(error_rate: f64) -> Options {
    Options { seed: 7, size: Size::Small, years: 3, until: "2024-25".parse().unwrap(), error_rate }
}

/// Generated once for both tests: the council does not depend on the error rate.
fn council() -> &'static SyntheticCouncil {
    static COUNCIL: OnceLock<SyntheticCouncil> = OnceLock::new();
    COUNCIL.get_or_init(|| scrutiny_synth::generate(&options(0.0)))
}

/// Writes the council at `error_rate` and runs every SSDA903 rule over what was written.
fn validate(error_rate: f64, dir: &Path) -> Vec<Issue> {
    scrutiny_synth::write_council(council(), &options(error_rate), dir).expect("write the synthetic council");
    let inputs = crate::read_paths(&[dir.to_path_buf()]);
    assert!(inputs.issues.iter().all(|i| i.severity != Severity::Error), "the synthetic files read cleanly: {:?}", inputs.issues);
    let ctx = Context::new(&inputs);
    assert_eq!(ctx.ssda903.len(), 3, "one SSDA903 return a year");
    let mut issues = Vec::new();
    for rule in RULES {
        let mut f = Findings::new(rule);
        (rule.check)(&ctx, &mut f);
        issues.extend(f.issues);
    }
    issues
}

fn tally(issues: &[&Issue]) -> BTreeMap<String, usize> {
    let mut by_rule = BTreeMap::new();
    for i in issues {
        *by_rule.entry(i.rule.clone()).or_insert(0) += 1;
    }
    by_rule
}

#[test]
fn clean_synthetic_returns_have_no_errors() {
    let dir = tempfile::tempdir().unwrap();
    let issues = validate(0.0, dir.path());
    let of = |sev: Severity| issues.iter().filter(|i| i.severity == sev).collect::<Vec<&Issue>>();
    let (errors, warnings, queries) = (of(Severity::Error), of(Severity::Warning), of(Severity::Query));
    for i in errors.iter().chain(warnings.iter()).take(5) {
        eprintln!("  {} {} line {:?} child {:?} {:?}={:?}: {}", i.rule, i.file, i.line, i.child, i.field, i.value, i.message);
    }
    assert!(errors.is_empty(), "errors on clean data, by rule: {:?}", tally(&errors));
    assert!(warnings.is_empty(), "warnings on clean data, by rule: {:?}", tally(&warnings));
    assert!(queries.len() < 50, "too many queries on clean data: {:?}", tally(&queries));
}

/// Writes the council with faults at `error_rate` and checks each 903 fault
/// is reported by its rule, for its child and field, in its file; returns
/// the kinds injected.
fn check_faults(error_rate: f64) -> std::collections::BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let issues = validate(error_rate, dir.path());
    let faults = faults_in(dir.path());
    let ours: Vec<&Fault> = faults.iter().filter(|f| f.file.starts_with("ssda903_")).collect();
    let kinds: std::collections::BTreeSet<String> = ours.iter().map(|f| f.kind.clone()).collect();
    eprintln!("error rate {error_rate}: {} faults injected into the 903 returns, of kinds {kinds:?}", ours.len());
    let mut missed = Vec::new();
    for fault in &ours {
        let rule = match (fault.kind.as_str(), fault.field.as_str()) {
            ("missing_date", _) => "141",
            ("end_before_start", _) => "356",
            ("bad_code", "PLACE") => "146",
            ("bad_code", "LS") => "144",
            ("bad_code", "RNE") => "143",
            ("duplicate_child", _) => "INT32",
            ("overlapping_episodes", _) => "501",
            (kind, field) => panic!("unexpected 903 fault {kind} on {field}"),
        };
        if !reported(&issues, fault, rule) {
            missed.push(format!("{} {} {} {} (expected rule {rule})", fault.year, fault.child, fault.kind, fault.field));
        }
    }
    assert!(missed.is_empty(), "{} of {} 903 faults not reported at error rate {error_rate}: {missed:#?}", missed.len(), ours.len());
    kinds
}

#[test]
fn every_injected_903_fault_is_found() {
    let kinds = check_faults(0.03);
    assert!(kinds.len() >= 4, "most kinds of 903 fault are injected: {kinds:?}");
    // A higher rate brings every kind, overlapping episodes included.
    let kinds: std::collections::BTreeSet<String> = kinds.into_iter().chain(check_faults(0.15)).collect();
    assert_eq!(kinds.len(), 5, "every kind of 903 fault is injected: {kinds:?}");
}

/// The rules that start in 2025-26 (an open social worker episode for each
/// child looked after at 31 March; one child to a UPN) hold for a council
/// whose latest year is 2025-26.
#[test]
fn a_2025_26_synthetic_return_meets_the_rules_new_that_year() {
    let options = Options { seed: 11, size: Size::Small, years: 1, until: "2025-26".parse().unwrap(), error_rate: 0.0 };
    let dir = tempfile::tempdir().unwrap();
    scrutiny_synth::write_council(&scrutiny_synth::generate(&options), &options, dir.path()).expect("write the synthetic council");
    let inputs = crate::read_paths(&[dir.path().to_path_buf()]);
    let ctx = Context::new(&inputs);
    for code in ["SW17STG2", "444"] {
        let rule = RULES.iter().find(|r| r.code == code).expect("rule");
        let mut f = Findings::new(rule);
        (rule.check)(&ctx, &mut f);
        assert!(f.issues.is_empty(), "{code} on clean 2025-26 data: {:?}", f.issues.iter().take(3).map(|i| &i.message).collect::<Vec<_>>());
    }
    let looked_after_at_end = std::fs::read_to_string(dir.path().join("2025-26/ssda903_episodes.csv")).unwrap().lines().filter(|l| l.contains(",,,")).count();
    assert!(looked_after_at_end > 0, "the rule had children to check");
}
