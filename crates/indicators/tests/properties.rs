//! Properties that hold for any council: shares never exceed their
//! denominators, child-based measures count each child once, and figures do
//! not depend on the order files are read in.

use proptest::prelude::*;
use scrutiny_indicators::{cases, catalogue, evaluate, Ctx, Subject, Unit};
use scrutiny_model::Period;
use scrutiny_synth::{generate, write_council, Options, Size};

fn council(seed: u64) -> scrutiny_synth::SyntheticCouncil {
    generate(&Options { seed, size: Size::Small, years: 1, until: "2024-25".parse().unwrap(), error_rate: 0.0 })
}

const PERIODS: [&str; 5] = ["2024-25", "2024-25-Q1", "2024-25-Q4", "2024-11", "R12-2024-12"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn numerators_never_exceed_denominators_and_children_count_once(seed in 1u64..10_000, p in 0usize..PERIODS.len()) {
        let c = council(seed);
        let ctx = Ctx { dataset: &c.dataset, council: Some(&c.council) };
        let period: Period = PERIODS[p].parse().unwrap();
        for ind in catalogue() {
            let r = evaluate(ind, &ctx, period, &[]);
            if ind.unit == Unit::Percent {
                if let (Some(v), Some(d)) = (r.value, r.denominator) {
                    prop_assert!(r.numerator <= d + 1e-9, "{}: {} > {}", ind.id, r.numerator, d);
                    prop_assert!((0.0..=100.0 + 1e-9).contains(&v), "{}: {v}", ind.id);
                }
            }
            // Snapshot measures of children (at period end) count each child once.
            if ind.snapshot && ind.subject == Subject::Child && matches!(ind.unit, Unit::Percent | Unit::RatePer10k | Unit::Count) {
                let cases = cases(ind, &ctx, period);
                let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
                let n = ids.len();
                ids.sort();
                ids.dedup();
                prop_assert_eq!(ids.len(), n, "{} counts a child twice", ind.id);
            }
        }
    }
}

#[test]
fn figures_do_not_depend_on_the_order_files_are_read() {
    let options = Options { seed: 5, size: Size::Small, years: 2, until: "2024-25".parse().unwrap(), error_rate: 0.0 };
    let c = generate(&options);
    let dir = tempfile::tempdir().unwrap();
    write_council(&c, &options, dir.path()).unwrap();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                files.push(p)
            }
        }
    }
    files.sort();
    let figures = |paths: &[std::path::PathBuf]| {
        let inputs = scrutiny_ingest::read_paths(paths);
        let built = scrutiny_ingest::build(&inputs);
        let ctx = Ctx { dataset: &built.dataset, council: built.council.as_ref() };
        let period: Period = "2024-25".parse().unwrap();
        catalogue().iter().map(|i| evaluate(i, &ctx, period, &[])).map(|r| (r.id, r.value, r.numerator, r.denominator)).collect::<Vec<_>>()
    };
    let forward = figures(&files);
    let mut reversed = files.clone();
    reversed.reverse();
    let mut interleaved: Vec<_> = files.iter().step_by(2).chain(files.iter().skip(1).step_by(2)).cloned().collect();
    interleaved.rotate_left(7);
    assert_eq!(figures(&reversed), forward);
    assert_eq!(figures(&interleaved), forward);
}
