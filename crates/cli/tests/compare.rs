//! `scrutiny compare` and `scrutiny benchmarks show` end to end on a small
//! synthetic council, which stands in for Darlington (LA 841) and so gets
//! Darlington's real published comparators.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

fn scrutiny(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutiny")).args(args).output().expect("scrutiny runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn council() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_str().unwrap();
        let o = scrutiny(&["synth", "--seed", "5", "--size", "small", "--years", "2", "--until", "2024-25", "--out", out]);
        assert!(o.status.success(), "{}", text(&o));
        dir
    })
    .path()
}

fn compare(extra: &[&str]) -> serde_json::Value {
    let dir = council().to_str().unwrap();
    let mut args = vec!["compare", "--input", dir, "--format", "json"];
    args.extend_from_slice(extra);
    let o = scrutiny(&args);
    assert!(o.status.success(), "{}", text(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn row<'a>(rows: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    rows.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn json_rows_have_exactly_the_contract_fields() {
    let rows = compare(&["--period", "2024-25"]);
    let rows_list = rows.as_array().unwrap();
    assert!(rows_list.len() > 40, "one row per indicator");
    let want = ["dot", "england", "id", "last_year", "previous", "quartile", "rag", "region", "sn_mean", "sn_median", "target", "value"];
    for r in rows_list {
        let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, want);
    }
    // Darlington's real comparators for 2024-25: England 22.6%, North East 20.7%,
    // its ten neighbours' mean 21.12% and median 19.15%.
    let r = row(&rows, "REF-03");
    assert_eq!(r["england"], 22.6);
    assert_eq!(r["region"], 20.7);
    assert_eq!(r["sn_mean"], 21.12);
    assert_eq!(r["sn_median"], 19.15);
    assert_eq!(r["target"]["default"], true, "no targets.toml: England's value stands in, marked as a default");
    assert_eq!(r["target"]["value"], 22.6);
    // Contacts have no published comparator: null, never 0.
    let c = row(&rows, "CON-01");
    for k in ["england", "region", "sn_mean", "sn_median", "quartile", "target", "rag"] {
        assert!(c[k].is_null(), "CON-01 {k} = {}", c[k]);
    }
}

#[test]
fn a_council_target_sets_the_rag() {
    let t = tempfile::NamedTempFile::new().unwrap();
    // Impossible targets: re-referrals at most 0.5% and assessments on time at least 99.9%, no tolerance.
    std::fs::write(t.path(), "[REF-03]\ntarget = 0.5\nmatters = true\n\n[ASM-02]\ntarget = 99.9\n").unwrap();
    let rows = compare(&["--period", "2024-25", "--targets", t.path().to_str().unwrap()]);
    let r = row(&rows, "REF-03");
    assert_eq!(r["target"]["default"], false);
    assert_eq!(r["target"]["matters"], true);
    assert_eq!(r["rag"], "red");
    assert_eq!(row(&rows, "ASM-02")["rag"], "red");
}

#[test]
fn a_quarter_uses_the_financial_year_it_falls_in_and_shows_it() {
    let dir = council().to_str().unwrap();
    let o = scrutiny(&["compare", "--input", dir, "--period", "2024-25-Q4", "--format", "csv", "--id", "REF-03", "--id", "WF-02"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let year = header.iter().position(|h| *h == "comparator_year").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][0], "REF-03");
    assert_eq!(rows[0][year], "2024-25");
    assert_eq!(rows[1][0], "WF-02");
    assert_eq!(rows[1][year], "30 Sep 2024", "the workforce census inside 2024-25");
}

#[test]
fn benchmarks_show_lists_the_councils_own_history() {
    let o = scrutiny(&["benchmarks", "show", "--la", "841", "--id", "REF-03", "--period", "2024-25"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("Darlington (841), North East"), "{out}");
    assert!(out.contains("2023-24 23.1%") && out.contains("2024-25 13.0%"), "{out}");
    assert!(out.contains("4/153"), "{out}");
    let o = scrutiny(&["benchmarks", "show", "--la", "999"]);
    assert!(!o.status.success());
}

#[test]
fn targets_toml_in_the_returns_folder_is_found_and_not_read_as_a_return() {
    let dir = tempfile::tempdir().unwrap();
    let o = scrutiny(&["synth", "--seed", "6", "--size", "small", "--years", "1", "--until", "2024-25", "--out", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    std::fs::write(dir.path().join("targets.toml"), "[CP-02]\ntarget = 0.0\ntolerance = 1.0\n").unwrap();
    let o = scrutiny(&["compare", "--input", dir.path().to_str().unwrap(), "--period", "2024-25", "--format", "json", "--id", "CP-02"]);
    assert!(o.status.success(), "{}", text(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows[0]["target"]["basis"], "council");
    assert_eq!(rows[0]["rag"], "green");
}
