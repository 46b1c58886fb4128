//! The table the product ships (data/benchmarks), generated from DfE's files
//! by `scrutiny benchmarks import`: real comparators for the councils the
//! synthetic demo stands in for.

use scrutiny_benchmarks::{mapping, Benchmarks};

#[test]
fn shipped_table_has_its_provenance() {
    let b = Benchmarks::shipped();
    assert!(b.provenance.iter().any(|l| l.starts_with("# imported: ")));
    assert!(b.provenance.iter().any(|l| l.contains("c1_children_in_need_referrals_and_rereferrals") && l.contains("sha256=")));
    assert!(b.provenance.iter().any(|l| l.contains("bds_long") && l.contains("sha256=")));
}

#[test]
fn shipped_england_and_neighbours_are_the_published_ones() {
    let b = Benchmarks::shipped();
    let c = b.comparators("REF-03", "841", 2024).unwrap();
    assert_eq!((c.year.label.as_str(), c.england), ("2024-25", Some(22.6)));
    assert_eq!(b.council("841").unwrap().neighbours, ["390", "808", "332", "384", "888", "894", "372", "357", "840", "371"]);
    assert_eq!(b.councils().count(), 153);
    // England values from KPI-REFERENCE §5.3, 2024-25 (workforce: 30 Sep 2024).
    let england = |id: &str, fy: i32| b.comparators(id, "841", fy).and_then(|c| c.england);
    assert_eq!(england("ASM-02", 2024), Some(85.7));
    assert_eq!(england("CP-02", 2024), Some(81.4));
    assert_eq!(england("CP-05", 2024), Some(24.5));
    assert_eq!(england("CP-07", 2024), Some(40.6));
    assert_eq!(england("CIN-01", 2024), Some(330.3));
    assert_eq!(england("CLA-01", 2024), Some(67.0));
    assert_eq!(england("CLA-04", 2024), Some(10.0));
    assert_eq!(england("WF-02", 2024), Some(16.2));
    assert_eq!(england("WF-02", 2023), Some(17.9));
}

#[test]
fn the_demo_councils_get_real_comparators() {
    let b = Benchmarks::shipped();
    for la in ["841", "893", "888"] {
        for m in mapping::MEASURES {
            let c = b.comparators(m.indicator, la, 2024).unwrap_or_else(|| panic!("{la} {}", m.indicator));
            assert!(c.england.is_some(), "{la} {} England", m.indicator);
            assert!(c.region.is_some(), "{la} {} region", m.indicator);
            assert_eq!(c.neighbours.len(), 10, "{la} {}", m.indicator);
            // Small counts are suppressed (e.g. plans lasting 2 years), so some neighbours may be missing, never all.
            assert!(c.sn_count >= 2 && c.sn_mean.is_some() && c.sn_median.is_some(), "{la} {}: {} neighbours with values", m.indicator, c.sn_count);
        }
    }
}
