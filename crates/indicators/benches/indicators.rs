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
    let mut cpu = f64::MAX;
    for _ in 0..3 {
        let (started, cpu_before) = (Instant::now(), cpu_seconds());
        let results = evaluate_all(&ctx, &indicators, &quarters, &[]);
        figures = std::hint::black_box(results).len();
        best = best.min(started.elapsed().as_secs_f64());
        cpu = cpu.min(cpu_seconds() - cpu_before);
    }
    // Where the time goes: the indicators taking the most CPU time over all quarters, each on its own.
    let mut per: Vec<(f64, &str)> = indicators
        .iter()
        .map(|i| {
            let t = cpu_seconds();
            std::hint::black_box(evaluate_all(&ctx, &[i], &quarters, &[]));
            (cpu_seconds() - t, i.id)
        })
        .collect();
    per.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest: Vec<String> = per.iter().take(10).map(|(t, id)| format!("{id} {t:.2}s")).collect();
    println!("most CPU time over {} quarters: {}", quarters.len(), slowest.join(", "));
    let with_teams = Instant::now();
    std::hint::black_box(evaluate_all(&ctx, &indicators, &quarters[quarters.len() - 1..], &[By::Team, By::AgeBand]));
    let single = Instant::now();
    for i in &indicators {
        std::hint::black_box(evaluate(i, &ctx, quarters[quarters.len() - 1], &[]));
    }
    let single = single.elapsed().as_secs_f64();
    println!(
        "{} indicators x {} quarters = {figures} figures over {} children: best of 3 {best:.2}s ({:.1} ms per figure; {cpu:.2}s of CPU time over all cores); one quarter by team and age band {:.2}s; one quarter indicator by indicator with evaluate {single:.2}s",
        indicators.len(),
        quarters.len(),
        council.dataset.children.len(),
        best * 1000.0 / figures as f64,
        with_teams.elapsed().as_secs_f64()
    );
}

/// CPU time used by the process so far, all threads (Linux; 0 elsewhere): the
/// machine is shared, so wall time alone overstates under load.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th, in ticks of 1/100 s.
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
