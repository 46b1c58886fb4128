//! The batch path (`evaluate_all`) gives exactly the figures of the
//! single-period path (`evaluate`): values, numerators, denominators, ids and
//! breakdowns, for every indicator and every quarter of two years.

use chrono::Datelike;
use scrutiny_indicators::{catalogue, evaluate, evaluate_all, By, Ctx};
use scrutiny_model::Period;
use scrutiny_synth::{generate, Options, Size};

#[test]
fn evaluate_all_matches_evaluate_for_every_indicator_and_quarter() {
    let options = Options { seed: 11, size: Size::Medium, years: 2, until: "2024-25".parse().unwrap(), error_rate: 0.0 };
    let council = generate(&options);
    let ctx = Ctx { dataset: &council.dataset, council: Some(&council.council) };
    let mut periods: Vec<Period> =
        options.output_years().iter().flat_map(|y| (1..=4).map(move |quarter| Period::Quarter { start_year: y.start().year(), quarter })).collect();
    // A year and a month among the quarters: windows of other lengths, overlapping.
    periods.extend(["2024-25", "2023-11"].map(|p| p.parse::<Period>().unwrap()));
    let indicators = catalogue();
    let by = [By::Team, By::AgeBand, By::Group];
    let batch = evaluate_all(&ctx, &indicators, &periods, &by);
    assert_eq!(batch.len(), indicators.len() * periods.len());
    let mut batch = batch.into_iter();
    for ind in &indicators {
        for &period in &periods {
            let one = evaluate(ind, &ctx, period, &by);
            assert_eq!(batch.next().as_ref(), Some(&one), "{} for {period}", ind.id);
        }
    }
}
