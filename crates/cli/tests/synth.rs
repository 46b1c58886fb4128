//! The synthetic council through the `scrutiny` binary: determinism, schema
//! validity, calibration against England, and injected faults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn scrutiny() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scrutiny"))
}

fn synth_into(dir: &Path, extra: &[&str]) {
    let out = scrutiny()
        .args(["synth", "--out"])
        .arg(dir)
        .args(["--seed", "7", "--size", "medium", "--years", "3", "--until", "2024-25"])
        .args(extra)
        .output()
        .expect("scrutiny runs");
    assert!(out.status.success(), "synth failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// The acceptance council: medium, seed 7, three years to 2024-25, made once per test run.
fn medium() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        synth_into(dir.path(), &[]);
        dir
    })
    .path()
}

fn files_under(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(path.strip_prefix(root).expect("under root").to_path_buf(), std::fs::read(&path).expect("readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn same_seed_gives_byte_identical_files() {
    let again = tempfile::tempdir().unwrap();
    synth_into(again.path(), &[]);
    let (a, b) = (files_under(medium()), files_under(again.path()));
    assert!(a.len() > 60, "expected a full file set per year, got {}", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{} differs between two runs", name.display());
    }
}

#[test]
fn a_different_seed_gives_a_different_council() {
    let other = tempfile::tempdir().unwrap();
    let out =
        scrutiny().args(["synth", "--out"]).arg(other.path()).args(["--seed", "8", "--size", "small", "--years", "1", "--until", "2024-25"]).output().unwrap();
    assert!(out.status.success());
    let a = std::fs::read(medium().join("2024-25/ssda903_episodes.csv")).unwrap();
    let b = std::fs::read(other.path().join("2024-25/ssda903_episodes.csv")).unwrap();
    assert_ne!(a, b);
}

#[test]
fn cin_census_validates_against_the_relaxed_2024_schema() {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/CIN_schema_2024_relaxed.xsd");
    for year in ["2022-23", "2023-24", "2024-25"] {
        let file = medium().join(year).join("cin_census.xml");
        let out = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&xsd)
            .arg(&file)
            .output()
            .expect("xmllint must be installed (Debian package libxml2-utils); scripts/test installs it");
        assert!(out.status.success(), "{year}: {}", String::from_utf8_lossy(&out.stderr).lines().take(10).collect::<Vec<_>>().join("\n"));
    }
}

#[test]
fn sex_replaces_gender_current_from_2024_25() {
    let old = std::fs::read_to_string(medium().join("2023-24/cin_census.xml")).unwrap();
    let new = std::fs::read_to_string(medium().join("2024-25/cin_census.xml")).unwrap();
    assert!(old.contains("<GenderCurrent>") && !old.contains("<Sex>"));
    assert!(new.contains("<Sex>") && !new.contains("<GenderCurrent>"));
    let header = std::fs::read_to_string(medium().join("2024-25/ssda903_header.csv")).unwrap();
    assert!(header.lines().nth(1).unwrap().split(',').nth(1).is_some_and(|s| s == "M" || s == "F"));
}

fn read_date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y")).unwrap_or_else(|_| panic!("bad date {s}"))
}

fn within(value: f64, england: f64, what: &str) {
    let ratio = value / england;
    assert!((0.75..=1.25).contains(&ratio), "{what}: {value:.1} is not within 25% of England's {england}");
}

/// Recomputes three headline rates straight from the files with a few lines
/// of code that share nothing with the generator, and compares with England 2024-25.
#[test]
fn headline_rates_from_the_files_sit_near_englands() {
    let dir = medium();
    let council = std::fs::read_to_string(dir.join("council.toml")).unwrap();
    // DfE pairs 2024-25 with the mid-2024 estimate.
    let population: f64 = {
        let at = council.find("year = 2024").expect("2024 population present");
        let line = council[at..].lines().find(|l| l.starts_with("children_0_17")).unwrap();
        line.split('=').nth(1).unwrap().trim().parse().unwrap()
    };

    // Referrals: every CINreferralDate in the 2024-25 census within the year,
    // re-referred if the same child had a referral in the previous twelve months
    // (the earlier census covers the history before April 2024).
    let mut referrals_by_child: BTreeMap<String, Vec<chrono::NaiveDate>> = BTreeMap::new();
    for year in ["2022-23", "2023-24", "2024-25"] {
        let xml = std::fs::read_to_string(dir.join(year).join("cin_census.xml")).unwrap();
        let mut child = String::new();
        for line in xml.lines() {
            let line = line.trim();
            if let Some(id) = line.strip_prefix("<LAchildID>").and_then(|s| s.strip_suffix("</LAchildID>")) {
                child = id.to_string();
            }
            if let Some(d) = line.strip_prefix("<CINreferralDate>").and_then(|s| s.strip_suffix("</CINreferralDate>")) {
                referrals_by_child.entry(child.clone()).or_default().push(read_date(d));
            }
        }
    }
    let (start, end) = (read_date("2024-04-01"), read_date("2025-03-31"));
    let (mut referrals, mut rereferrals) = (0, 0);
    for dates in referrals_by_child.values_mut() {
        dates.sort();
        dates.dedup();
        for (i, d) in dates.iter().enumerate() {
            if *d >= start && *d <= end {
                referrals += 1;
                let year_before = *d - chrono::Months::new(12);
                if dates[..i].iter().any(|p| *p >= year_before) {
                    rereferrals += 1;
                }
            }
        }
    }
    within(referrals as f64 * 10_000.0 / population, 519.4, "referrals per 10,000");
    within(100.0 * rereferrals as f64 / referrals as f64, 22.6, "re-referrals within 12 months %");

    // Looked after at 31 March 2025: an SSDA903 episode open then, short breaks excluded.
    let mut episodes = csv::Reader::from_path(dir.join("2024-25/ssda903_episodes.csv")).unwrap();
    let cols = episodes.headers().unwrap().clone();
    let col = |name: &str| cols.iter().position(|c| c == name).unwrap();
    let (child, decom, dec, ls) = (col("CHILD"), col("DECOM"), col("DEC"), col("LS"));
    let mut looked_after = std::collections::BTreeSet::new();
    for row in episodes.records() {
        let row = row.unwrap();
        let open = read_date(&row[decom]) <= end && (row[dec].is_empty() || read_date(&row[dec]) > end);
        if open && !matches!(&row[ls], "V3" | "V4") {
            looked_after.insert(row[child].to_string());
        }
    }
    within(looked_after.len() as f64 * 10_000.0 / population, 67.0, "looked after per 10,000");
}

#[test]
fn every_file_set_is_present_for_each_year() {
    for year in ["2022-23", "2023-24", "2024-25"] {
        let dir = medium().join(year);
        for f in [
            "cin_census.xml",
            "ssda903_header.csv",
            "ssda903_episodes.csv",
            "ssda903_reviews.csv",
            "ssda903_uasc.csv",
            "ssda903_oc2.csv",
            "ssda903_oc3.csv",
            "ssda903_ad1.csv",
            "ssda903_placed_for_adoption.csv",
            "ssda903_previous_permanence.csv",
            "ssda903_missing.csv",
            "ssd/ssd_contacts.csv",
            "ssd/ssd_cla_visits.csv",
            "ssd/ssd_cp_visits.csv",
            "ssd/ssd_cla_reviews.csv",
            "ssd/ssd_cla_health.csv",
            "ssd/ssd_care_leavers.csv",
            "ssd/ssd_involvements.csv",
            "ssd/local_cla_pep.csv",
        ] {
            let text = std::fs::read_to_string(dir.join(f)).unwrap_or_else(|_| panic!("{year}/{f} missing"));
            assert!(text.lines().count() > 1, "{year}/{f} has no rows");
        }
        let csww = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().starts_with("csww_workers_")).count();
        assert_eq!(csww, 1, "{year}: one workforce census");
    }
    // Social worker episodes are collected from 2023-24.
    assert!(!medium().join("2022-23/ssda903_social_worker.csv").exists());
    assert!(medium().join("2023-24/ssda903_social_worker.csv").exists());
    let toml = std::fs::read_to_string(medium().join("council.toml")).unwrap();
    assert!(toml.contains("la_code = \"893\"") && toml.contains("region = \"West Midlands\""));
}

#[test]
fn injected_faults_are_listed_and_present_in_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = scrutiny()
        .args(["synth", "--out"])
        .arg(dir.path())
        .args(["--seed", "7", "--size", "small", "--years", "2", "--until", "2024-25", "--errors", "0.03"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("faults_manifest.json")).unwrap()).unwrap();
    let faults = manifest.as_array().unwrap();
    assert!(faults.len() > 10, "2% of a small council's children: {}", faults.len());
    let kinds: std::collections::BTreeSet<&str> = faults.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    for k in ["missing_date", "end_before_start", "duplicate_child", "bad_code", "overlapping_episodes"] {
        assert!(kinds.contains(k), "no {k} fault among {kinds:?}");
    }
    for f in faults {
        let text = std::fs::read_to_string(dir.path().join(f["year"].as_str().unwrap()).join(f["file"].as_str().unwrap())).unwrap();
        let child = f["child"].as_str().unwrap();
        assert!(text.contains(child), "faulty child {child} is in its file");
        let injected = f["injected"].as_str().unwrap();
        if f["kind"] == "duplicate_child" {
            let needle = if text.starts_with("<?xml") { format!("<LAchildID>{child}</LAchildID>") } else { format!("\n{child},") };
            assert!(text.matches(&needle).count() >= 2, "{child} appears twice");
        } else if !injected.is_empty() {
            assert!(text.contains(injected), "injected value {injected} for {child} is in the file");
        }
    }
    // The clean run of the same seed has no manifest and the CIN file validates; the faulty one does not.
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/CIN_schema_2024_relaxed.xsd");
    let bad = Command::new("xmllint").args(["--noout", "--schema"]).arg(&xsd).arg(dir.path().join("2024-25/cin_census.xml")).output().expect("xmllint");
    assert!(!bad.status.success(), "a census with injected faults should not validate");
}

#[test]
fn bad_arguments_are_refused_clearly() {
    let out = scrutiny().args(["synth", "--out", "/tmp/x", "--size", "huge"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("small, medium or large"));
    let out = scrutiny().args(["synth", "--out", "/tmp/x", "--until", "2024-25-Q1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("financial year"));
    let out = scrutiny().args(["synth", "--out", "/tmp/x", "--until", "2024-26"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = scrutiny().args(["synth", "--out", "/tmp/x", "--errors", "0.9"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 to 0.5"));
}
