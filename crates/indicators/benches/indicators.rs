//! `cargo bench -p scrutiny-indicators`: every indicator for every quarter of
//! five years of a large synthetic council.

use chrono::Datelike;
use scrutiny_indicators::{catalogue, evaluate, By, Ctx};
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
        figures = 0;
        for q in &quarters {
            for i in &indicators {
                let r = evaluate(i, &ctx, *q, &[]);
                std::hint::black_box(&r);
                figures += 1;
            }
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    // Where the time goes: the slowest indicators over all quarters.
    let mut per: Vec<(f64, &str)> = indicators
        .iter()
        .map(|i| {
            let t = Instant::now();
            for q in &quarters {
                std::hint::black_box(evaluate(i, &ctx, *q, &[]));
            }
            (t.elapsed().as_secs_f64(), i.id)
        })
        .collect();
    per.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest: Vec<String> = per.iter().take(6).map(|(t, id)| format!("{id} {t:.2}s")).collect();
    println!("slowest over {} quarters: {}", quarters.len(), slowest.join(", "));
    let with_teams = Instant::now();
    for i in &indicators {
        std::hint::black_box(evaluate(i, &ctx, quarters[quarters.len() - 1], &[By::Team, By::AgeBand]));
    }
    println!(
        "{} indicators x {} quarters = {figures} figures over {} children: best of 3 {best:.2}s ({:.1} ms per figure); one quarter by team and age band {:.2}s",
        indicators.len(),
        quarters.len(),
        council.dataset.children.len(),
        best * 1000.0 / figures as f64,
        with_teams.elapsed().as_secs_f64()
    );
}
