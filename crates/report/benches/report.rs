//! `cargo bench -p scrutiny-report`: the member and officer HTML packs (and the
//! workbook) for a quarter of a large synthetic council, from its dataset to
//! the finished file, with the check `scrutiny report` makes of every member
//! pack before writing it. Target: under two seconds for the HTML.

use scrutiny_report::{build, check, html, xlsx, Comparators, Edition, Input, Narratives, Snapshot};
use scrutiny_synth::{generate, Options, Size};
use std::time::Instant;

fn main() {
    let options = Options { seed: 7, size: Size::Large, years: 2, until: "2024-25".parse().expect("period"), error_rate: 0.0 };
    let council = generate(&options);
    let narratives = Narratives::default();
    let comparators = Comparators::unavailable("not in the benchmark");
    for edition in [Edition::Member, Edition::Officer] {
        let input = Input {
            dataset: &council.dataset,
            council: Some(&council.council),
            period: "2024-25-Q3".parse().expect("period"),
            edition,
            generated: chrono::NaiveDate::from_ymd_opt(2025, 1, 20).expect("date"),
            snapshot: Snapshot { description: "benchmark".into(), id: None, files: Vec::new() },
            issues: &[],
            narratives: &narratives,
            comparators: &comparators,
            governance: None,
        };
        let (mut best_build, mut best_html, mut best_check, mut best_xlsx) = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
        let mut bytes = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let report = build(&input).expect("report");
            best_build = best_build.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            let page = html::render(&report);
            best_html = best_html.min(t.elapsed().as_secs_f64());
            bytes = page.len();
            if edition == Edition::Member {
                let t = Instant::now();
                let leaks = check::member_pack_leaks(&report, &council.dataset);
                assert!(leaks.is_empty(), "the member pack shows {leaks:?}");
                best_check = best_check.min(t.elapsed().as_secs_f64());
            }
            let t = Instant::now();
            std::hint::black_box(xlsx::render(&report).expect("xlsx"));
            best_xlsx = best_xlsx.min(t.elapsed().as_secs_f64());
        }
        // Only member packs are checked.
        let best_check = if edition == Edition::Member { best_check } else { 0.0 };
        println!(
            "{} for {} children, five quarters: figures {best_build:.2}s + HTML {best_html:.3}s + check {best_check:.3}s = {:.2}s ({:.1} MB); xlsx {best_xlsx:.3}s (best of 3)",
            edition.label(),
            council.dataset.children.len(),
            best_build + best_html + best_check,
            bytes as f64 / 1e6
        );
    }
}
