//! A first look at a council: headline figures per year, beside England's
//! published 2024-25 values, so a reader can see the data is plausible.

use chrono::{Datelike, Months};
use scrutiny_model::{working_days, Child, Period};
use scrutiny_synth::SyntheticCouncil;
use std::fmt::Write;

/// England 2024-25, DfE children in need and children looked after statistics.
const ENGLAND_2024_25: &[(&str, &str)] = &[
    ("Referrals per 10,000", "519.4"),
    ("Re-referrals within 12 months", "22.6%"),
    ("Assessments within 45 working days", "85.7%"),
    ("S47 enquiries per 10,000", "189.3"),
    ("ICPCs within 15 working days", "81.4%"),
    ("CP plans at 31 March per 10,000", "40.6"),
    ("Second or subsequent CP plans", "24.5%"),
    ("Children in need at 31 March per 10,000", "330.3"),
    ("Looked after at 31 March per 10,000", "67"),
    ("Started to be looked after per 10,000", "26"),
    ("Looked after with 3+ placements in the year", "10%"),
    ("Agency social workers at 30 September", "16.2%"),
];

struct Row {
    label: &'static str,
    values: Vec<String>,
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

fn per10k(n: usize, pop: u32) -> String {
    format!("{:.1}", n as f64 * 10_000.0 / pop as f64)
}

pub fn render(synth: &SyntheticCouncil) -> String {
    let children = &synth.dataset.children;
    let mut rows: Vec<Row> = ENGLAND_2024_25.iter().map(|(label, _)| Row { label, values: Vec::new() }).collect();
    let mut counts = Vec::new();
    for year in &synth.years {
        let pop = synth.council.population_for_year(year.start().format("%Y").to_string().parse().unwrap_or(0)).unwrap_or(1);
        let f = year_figures(children, *year);
        rows[0].values.push(per10k(f.referrals, pop));
        rows[1].values.push(pct(f.rereferrals, f.referrals));
        rows[2].values.push(pct(f.assessments_in_time, f.assessments));
        rows[3].values.push(per10k(f.s47, pop));
        rows[4].values.push(pct(f.icpc_in_time, f.icpc));
        rows[5].values.push(per10k(f.cp_at_end, pop));
        rows[6].values.push(pct(f.cp_subsequent, f.cp_started));
        rows[7].values.push(per10k(f.cin_at_end, pop));
        rows[8].values.push(per10k(f.cla_at_end, pop));
        rows[9].values.push(per10k(f.cla_started, pop));
        rows[10].values.push(pct(f.three_placements, f.cla_at_end));
        rows[11].values.push(agency_rate(synth, *year));
        counts.push((year, pop, f));
    }

    let mut out = String::new();
    let c = &synth.council;
    let _ = writeln!(out, "{} — LA {} ({})", c.la_name, c.la_code, c.region);
    let _ = writeln!(out, "{} children known; {} workers over time in {} teams.\n", children.len(), synth.dataset.workers.len(), synth.dataset.teams.len());
    for (year, pop, f) in &counts {
        let _ = writeln!(
            out,
            "{year}: {pop} children aged 0–17; {} referrals, {} assessments, {} S47 enquiries; at 31 March {} in need, {} on a CP plan, {} looked after.",
            f.referrals, f.assessments, f.s47, f.cin_at_end, f.cp_at_end, f.cla_at_end
        );
    }
    let width = 42;
    let _ = write!(out, "\n{:width$}", "");
    for y in &synth.years {
        let _ = write!(out, "{:>10}", y.to_string());
    }
    let _ = writeln!(out, "{:>16}", "England 24-25");
    for (row, (_, england)) in rows.iter().zip(ENGLAND_2024_25) {
        let _ = write!(out, "{:width$}", row.label);
        for v in &row.values {
            let _ = write!(out, "{v:>10}");
        }
        let _ = writeln!(out, "{england:>16}");
    }
    out
}

#[derive(Default)]
struct YearFigures {
    referrals: usize,
    rereferrals: usize,
    assessments: usize,
    assessments_in_time: usize,
    s47: usize,
    icpc: usize,
    icpc_in_time: usize,
    cp_at_end: usize,
    cp_started: usize,
    cp_subsequent: usize,
    cin_at_end: usize,
    cla_at_end: usize,
    cla_started: usize,
    three_placements: usize,
}

/// Agency FTE as a share of all social worker FTE in post at 30 September.
fn agency_rate(synth: &SyntheticCouncil, year: Period) -> String {
    let census = year.start().with_month(9).and_then(|d| d.with_day(30)).expect("30 September exists");
    let (mut agency, mut all) = (0.0, 0.0);
    for w in synth.dataset.workers.iter().filter(|w| w.in_post_on(census)) {
        all += w.fte;
        if w.agency {
            agency += w.fte;
        }
    }
    if all == 0.0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * agency / all)
    }
}

fn year_figures(children: &[Child], year: Period) -> YearFigures {
    let mut f = YearFigures::default();
    let end = year.end();
    for c in children {
        for (i, r) in c.referrals.iter().enumerate() {
            if year.contains(r.date) {
                f.referrals += 1;
                let window = r.date - Months::new(12);
                if c.referrals[..i].iter().any(|p| p.date >= window && p.date < r.date) {
                    f.rereferrals += 1;
                }
            }
            for a in &r.assessments {
                if let Some(done) = a.authorised.filter(|d| year.contains(*d)) {
                    f.assessments += 1;
                    f.assessments_in_time += usize::from(working_days(a.start, done) <= 45);
                }
            }
            for p in r.cp_plans.iter().filter(|p| year.contains(p.start)) {
                f.cp_started += 1;
                f.cp_subsequent += usize::from(p.previous_plans > 0);
            }
            for s in &r.section47s {
                f.s47 += usize::from(year.contains(s.start));
                if let Some(conf) = s.icpc_date.filter(|d| year.contains(*d)) {
                    f.icpc += 1;
                    f.icpc_in_time += usize::from(working_days(s.start, conf) <= 15);
                }
            }
        }
        let open_at_end = |start, stop: Option<_>| start <= end && stop.is_none_or(|s| s > end);
        f.cin_at_end += usize::from(c.referrals.iter().any(|r| !r.nfa && open_at_end(r.date, r.closure_date)));
        f.cp_at_end += usize::from(c.referrals.iter().flat_map(|r| &r.cp_plans).any(|p| open_at_end(p.start, p.end)));
        let looked_after = c.care_episodes.iter().any(|e| !e.legal_status.is_short_break() && open_at_end(e.start, e.end));
        f.cla_at_end += usize::from(looked_after);
        if looked_after {
            let placements = c
                .care_episodes
                .iter()
                .filter(|e| e.reason_new.is_new_placement() && !e.placement.is_temporary())
                .filter(|e| e.start <= end && e.end.is_none_or(|x| x >= year.start()))
                .count();
            f.three_placements += usize::from(placements >= 3);
        }
        f.cla_started += c.periods_of_care().iter().filter(|p| year.contains(p.start())).count();
    }
    f
}
