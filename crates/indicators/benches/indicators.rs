//! `cargo bench -p scrutiny-indicators`: every indicator for every quarter of
//! five years of a large synthetic council, through `evaluate_all`.

use chrono::Datelike;
use scrutiny_indicators::{catalogue, evaluate, evaluate_all, By, Ctx};
use scrutiny_model::Period;
use scrutiny_synth::{generate, Options, Size};
use std::time::Instant;

fn main() {
    let options = Options { seed: 7, size: Size::Large, years: 5, until: "2024-25".parse().expect("period"), error_rate: 0.0 };
    let council = generate(&options);
    let ctx = Ctx { dataset: &council.dataset, council: Some(&council.council) };
    let quarters: Vec<Period> =
        options.output_years().iter().flat_map(|y| (1..=4).map(move |quarter| Period::Quarter { start_year: y.start().year(), quarter })).collect();
    let indicators = catalogue();
    let mut best = f64::MAX;
    let mut figures = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let results = evaluate_all(&ctx, &indicators, &quarters, &[]);
        figures = std::hint::black_box(results).len();
        best = best.min(started.elapsed().as_secs_f64());
    }
    // Where the time goes: the slowest indicators over all quarters, each on its own.
    let mut per: Vec<(f64, &str)> = indicators
        .iter()
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(evaluate_all(&ctx, &[i], &quarters, &[]));
            (t.elapsed().as_secs_f64(), i.id)
        })
        .collect();
    per.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest: Vec<String> = per.iter().take(6).map(|(t, id)| format!("{id} {t:.2}s")).collect();
    println!("slowest over {} quarters: {}", quarters.len(), slowest.join(", "));
    let with_teams = Instant::now();
    std::hint::black_box(evaluate_all(&ctx, &indicators, &quarters[quarters.len() - 1..], &[By::Team, By::AgeBand]));
    let single = Instant::now();
    for i in &indicators {
        std::hint::black_box(evaluate(i, &ctx, quarters[quarters.len() - 1], &[]));
    }
    let single = single.elapsed().as_secs_f64();
    println!(
        "{} indicators x {} quarters = {figures} figures over {} children: best of 3 {best:.2}s ({:.1} ms per figure); one quarter by team and age band {:.2}s; one quarter indicator by indicator with evaluate {single:.2}s",
        indicators.len(),
        quarters.len(),
        council.dataset.children.len(),
        best * 1000.0 / figures as f64,
        with_teams.elapsed().as_secs_f64()
    );
}
