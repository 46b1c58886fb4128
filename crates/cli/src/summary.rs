//! A first look at a council: headline indicators per year, beside England's
//! published 2024-25 values, so a reader can see the data is plausible. The
//! figures come from the indicator catalogue, so they agree with every other view.

use crate::figures::show;
use scrutiny_indicators::{evaluate_all, find, Ctx, Result as Figure, Unit};
use scrutiny_model::Period;
use scrutiny_synth::SyntheticCouncil;
use std::fmt::Write;

/// Indicator, label, England 2024-25 (DfE children in need, looked after and workforce statistics).
const HEADLINES: &[(&str, &str, &str)] = &[
    ("REF-02", "Referrals per 10,000", "519.4"),
    ("REF-03", "Re-referrals within 12 months", "22.6%"),
    ("ASM-02", "Assessments within 45 working days", "85.7%"),
    ("CP-01", "S47 enquiries per 10,000", "189.3"),
    ("CP-02", "ICPCs within 15 working days", "81.4%"),
    ("CP-07", "CP plans at 31 March per 10,000", "40.6"),
    ("CP-05", "Second or subsequent CP plans", "24.5%"),
    ("CIN-01", "Children in need at 31 March per 10,000", "330.3"),
    ("CLA-01", "Looked after at 31 March per 10,000", "67"),
    ("CLA-02", "Started to be looked after per 10,000", "26"),
    ("CLA-04", "Looked after with 3+ placements in 12 months", "10%"),
    ("WF-02", "Agency social workers at 30 September", "16.2%"),
];

pub fn render(synth: &SyntheticCouncil) -> String {
    let ctx = Ctx { dataset: &synth.dataset, council: Some(&synth.council) };
    // Every figure the summary shows, computed in one batch: the years, and 30 September for workforce.
    let mut ids: Vec<&str> = ["REF-01", "ASM-01", "CIN-01", "CLA-01"].into_iter().chain(HEADLINES.iter().map(|h| h.0)).collect();
    ids.sort_unstable();
    ids.dedup();
    let indicators: Vec<_> = ids.iter().map(|id| find(id).expect("headline indicators are in the catalogue")).collect();
    let periods: Vec<Period> = synth.years.iter().flat_map(|y| [*y, census_month(*y)]).collect();
    let figures = evaluate_all(&ctx, &indicators, &periods, &[]);
    let figure = |id: &str, period: Period| -> &Figure { figures.iter().find(|f| f.id == id && f.period == period).expect("computed above") };

    let mut out = String::new();
    let c = &synth.council;
    let _ = writeln!(out, "{} — LA {} ({})", c.la_name, c.la_code, c.region);
    let _ = writeln!(
        out,
        "{} children known; {} workers over time in {} teams.\n",
        synth.dataset.children.len(),
        synth.dataset.workers.len(),
        synth.dataset.teams.len()
    );
    for &year in &synth.years {
        let n = |id: &str| figure(id, year).numerator;
        let population = figure("REF-02", year).denominator.unwrap_or(0.0);
        let _ = writeln!(
            out,
            "{year}: {population:.0} children aged 0–17; {:.0} referrals, {:.0} assessments, {:.0} S47 enquiries; at 31 March {:.0} in need, {:.0} on a CP plan, {:.0} looked after.",
            n("REF-01"),
            n("ASM-01"),
            n("CP-01"),
            n("CIN-01"),
            n("CP-07"),
            n("CLA-01")
        );
    }

    let width = 46;
    let _ = write!(out, "\n{:width$}", "");
    for y in &synth.years {
        let _ = write!(out, "{:>10}", y.to_string());
    }
    let _ = writeln!(out, "{:>16}", "England 24-25");
    for &(id, label, england) in HEADLINES {
        let _ = write!(out, "{label:width$}");
        for &year in &synth.years {
            let period = if id.starts_with("WF-") { census_month(year) } else { year };
            let f = figure(id, period);
            let value = match id {
                // A count of starters, shown as a rate like the DfE's.
                "CLA-02" => figure("REF-02", year).denominator.filter(|p| *p > 0.0).map(|p| f.numerator * 10_000.0 / p),
                _ => f.value,
            };
            let unit = if id == "CLA-02" { Unit::RatePer10k } else { f.unit };
            let _ = write!(out, "{:>10}", show(unit, value));
        }
        let _ = writeln!(out, "{england:>16}");
    }
    out
}

/// September of the year: workforce figures are taken at the census date, 30 September.
fn census_month(year: Period) -> Period {
    Period::Month { year: chrono::Datelike::year(&year.start()), month: 9 }
}
