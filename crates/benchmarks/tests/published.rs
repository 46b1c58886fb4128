//! The importer and the comparators on real published rows (tests/data,
//! sources in tests/data/README.md). Expected means and medians are worked
//! out by hand from those rows.

use scrutiny_benchmarks::{import, Benchmarks, Published, Rank};
use std::path::Path;

fn fixture() -> Benchmarks {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/published");
    let imported = import::import(&dir, "2026-01-01").expect("fixture imports");
    let (values, neighbours) = import::render(&imported);
    Benchmarks::parse(&values, &neighbours).expect("rendered table parses")
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn darlington_rereferrals_2024_25() {
    let b = fixture();
    // 2024-25 is the financial year starting 2024.
    let c = b.comparators("REF-03", "841", 2024).expect("published");
    assert_eq!(c.year.label, "2024-25");
    assert_eq!(c.year.time_period, 2025);
    assert!(close(c.england, 22.6), "{:?}", c.england);
    assert_eq!(c.region_code.as_deref(), Some("E12000001"));
    assert!(close(c.region, 20.7));
    assert!(close(c.own.value, 13.0));
    let codes: Vec<&str> = c.neighbours.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(codes, ["390", "808", "332", "384", "888", "894", "372", "357", "840", "371"], "sn_model_2025_wide.csv order");
    // 13.9 28.8 22.5 18.5 16.3 15.8 19.6 27.7 18.7 29.4: sum 211.2 over 10.
    assert!(close(c.sn_mean, 21.12), "{:?}", c.sn_mean);
    // Sorted, the middle two are 18.7 and 19.6.
    assert!(close(c.sn_median, 19.15), "{:?}", c.sn_median);
    assert_eq!(c.sn_count, 10);
    // Lower is better: Gateshead's 13.9 is the best neighbour.
    assert_eq!(c.best_neighbour, Some(("390".to_string(), 13.9)));
    // Three of 153 councils are below 13.0, so Darlington is 4th: top quartile.
    assert_eq!(c.rank, Some(Rank { rank: 4, of: 153, quartile: 1 }));
    // The 39th lowest (ceil(153 / 4)) of the 153 values.
    assert!(close(c.top_quartile, 16.9), "{:?}", c.top_quartile);
    // A new value is placed among the other 152 councils.
    assert_eq!(c.place(30.0).map(|r| r.quartile), Some(4));
}

#[test]
fn own_history_and_year_choice() {
    let b = fixture();
    let h: Vec<(String, Option<f64>)> = b.history("REF-03", "841").into_iter().map(|(y, p)| (y.label, p.value)).collect();
    assert_eq!(h, [("2022-23".into(), Some(17.9)), ("2023-24".into(), Some(23.1)), ("2024-25".into(), Some(13.0))]);
    // A 2025-26 period (a quarter, say) is compared with the latest published year, 2024-25.
    assert_eq!(b.comparators("REF-03", "841", 2025).unwrap().year.label, "2024-25");
    let earlier = b.comparators("REF-03", "841", 2023).unwrap();
    assert_eq!(earlier.year.label, "2023-24");
    assert!(close(earlier.england, 22.4));
    assert!(b.comparators("REF-03", "841", 2019).is_none(), "nothing published that early in the fixture");
    assert!(b.comparators("CON-01", "841", 2024).is_none(), "contacts have no published comparator");
}

#[test]
fn suppressed_values_are_missing_not_zero() {
    let b = fixture();
    let c = b.comparators("CL-02", "893", 2024).expect("published");
    assert!(close(c.england, 89.0));
    assert!(close(c.region, 90.0), "West Midlands");
    let east_riding = &c.neighbours.iter().find(|(n, _)| n == "811").unwrap().1;
    assert_eq!(east_riding, &Published { value: None, symbol: Some("c".into()) });
    // 95 91 91 [c] 95 90 96 96 96 91: nine values, sum 841.
    assert_eq!(c.sn_count, 9);
    // Derived figures are kept to six decimal places.
    assert!((c.sn_mean.unwrap() - 841.0 / 9.0).abs() < 1e-6, "{:?}", c.sn_mean);
    // Sorted 90 91 91 91 95 95 96 96 96: the fifth.
    assert!(close(c.sn_median, 95.0));
    // 149 councils have a number (six are c or z); 51 beat Shropshire's 92.
    assert_eq!(c.rank, Some(Rank { rank: 52, of: 149, quartile: 2 }));
    for s in ["c", "x", "z", "k", "u", "low", ":", "-"] {
        assert_eq!(Published::parse(s).value, None, "{s}");
    }
    assert_eq!(Published::parse("0").value, Some(0.0));
}

#[test]
fn lait_rates_are_taken_as_published() {
    let b = fixture();
    let c = b.comparators("REF-02", "841", 2024).expect("published");
    // LAIT stores 519.4 and 598.70000000000005.
    assert!(close(c.england, 519.4));
    assert!(close(c.region, 598.7));
    assert!(close(c.own.value, 490.5));
    // Referral rates are context (neutral): no rank, quartile or best neighbour.
    assert_eq!(c.rank, None);
    assert_eq!(c.best_neighbour, None);
    assert_eq!(c.top_quartile, None);
    // Only Gateshead among the neighbours is in the fixture.
    assert_eq!(c.sn_count, 1);
    assert!(close(c.sn_mean, 399.1));
    // Inner London is not one of the nine regions; the three-year road-traffic row is another measure.
    let (values, _) = import::render(&import::import(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/published"), "x").unwrap());
    assert!(!values.contains("600.4") && !values.contains("13.29"));
}

#[test]
fn rendered_table_records_sources_with_hashes_and_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/published");
    let imported = import::import(&dir, "2026-01-01").unwrap();
    let (values, neighbours) = import::render(&imported);
    assert!(values.contains("# imported: 2026-01-01"));
    assert!(values.lines().any(|l| l.starts_with("# source: c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv sha256=") && l.len() > 100));
    assert!(neighbours.contains("# source: sn_model_2025_wide.csv sha256="));
    assert!(neighbours.contains("841,Darlington,E12000001,390,808,332,384,888,894,372,357,840,371"));
    // The files for other measures are absent: reported, not guessed.
    assert!(imported.missing.iter().any(|m| m.starts_with("WF-02")));
}

/// The shipped table is what importing the reference files gives, apart from the date.
/// Needs the files (../shared/reference) and the parquet reader; skipped otherwise.
#[cfg(feature = "lait-parquet")]
#[test]
fn shipped_table_is_reproducible_from_the_published_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference");
    if !dir.exists() {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let imported = import::import(&dir, "today").unwrap();
    let (values, neighbours) = import::render(&imported);
    let undated = |s: &str| s.lines().filter(|l| !l.starts_with("# imported:")).collect::<Vec<_>>().join("\n");
    assert!(undated(&values) == undated(scrutiny_benchmarks::SHIPPED_VALUES), "data/benchmarks/comparators.csv is stale: run `scrutiny benchmarks import`");
    assert_eq!(undated(&neighbours), undated(scrutiny_benchmarks::SHIPPED_NEIGHBOURS));
    assert!(imported.missing.is_empty(), "{:?}", imported.missing);
}
