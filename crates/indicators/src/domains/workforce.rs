//! Workforce: children and family social workers, from the workforce census
//! and the case allocations. Figures are taken at the period end.

use crate::exceptions::{Exception, ExceptionList};
use crate::helpers::CASELOAD_THRESHOLD;
use crate::{Case, Ctx, Domain, Indexed, Indicator, Polarity, Subject, Unit, Window};
use chrono::{Datelike, Months, NaiveDate};
use scrutiny_model::codes::OrgRole;
use scrutiny_model::{Period, Worker};

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "WF-01",
        title: "Social worker FTE",
        domain: Domain::Workforce,
        unit: Unit::Fte,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Worker,
        definition: "Full-time equivalent children and family social workers employed by the council (not agency) in post at the period end.",
        dfe_key: Some("inpost_fte"),
        statutory_basis: "DfE children's social work workforce census (at 30 September).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: la_fte,
    },
    Indicator {
        id: "WF-02",
        title: "Agency social worker rate",
        domain: Domain::Workforce,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Worker,
        definition: "Agency social worker FTE as a share of all social worker FTE (agency and employed) in post at the period end.",
        dfe_key: Some("agency_rate_fte"),
        statutory_basis: "DfE children's social work workforce census.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: agency_rate,
    },
    Indicator {
        id: "WF-03",
        title: "Social worker vacancy rate",
        domain: Domain::Workforce,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Worker,
        definition: "FTE vacancies ÷ (FTE vacancies + employed social worker FTE), using the latest workforce census vacancy count on or before the period end.",
        dfe_key: Some("vacancy_rate_fte"),
        statutory_basis: "DfE children's social work workforce census.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: vacancy_rate,
    },
    Indicator {
        id: "WF-04",
        title: "Social worker turnover",
        domain: Domain::Workforce,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Worker,
        definition: "FTE of employed social workers who left in the 12 months to the period end ÷ employed social worker FTE in post at the period end.",
        dfe_key: Some("turnover_rate_fte"),
        statutory_basis: "DfE children's social work workforce census.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: turnover,
    },
    Indicator {
        id: "WF-05",
        title: "Average caseload",
        domain: Domain::Workforce,
        unit: Unit::Ratio,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Worker,
        definition: "Cases allocated at the period end ÷ FTE of the case-holding social workers (employed and agency) who hold at least one case.",
        dfe_key: Some("caseload_fte"),
        statutory_basis: "DfE children's social work workforce census.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: caseload,
    },
    Indicator {
        id: "WF-06",
        title: "Social workers over the caseload threshold",
        domain: Domain::Workforce,
        unit: Unit::Count,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Worker,
        definition: "Case-holding social workers with more than 20 cases allocated at the period end.",
        dfe_key: None,
        statutory_basis: "Local workload standard (Social Work England and the LGA's health check).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: over_threshold,
    },
    Indicator {
        id: "WF-07",
        title: "Sickness absence",
        domain: Domain::Workforce,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Worker,
        definition: "Working days lost to sickness in the latest census year (to 30 September, on or before the period end) ÷ (employed social worker FTE × 253 working days; 254 in a leap year).",
        dfe_key: Some("absence_rate_fte"),
        statutory_basis: "DfE children's social work workforce census.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: sickness,
    },
];

pub const EXCEPTIONS: &[ExceptionList] = &[ExceptionList {
    name: "caseloads-over-threshold",
    title: "Social workers over the caseload threshold",
    subject: Subject::Worker,
    indicator: "WF-06",
    compute: workers_over_threshold,
}];

/// Social workers of any role (the census counts them all), in post at the end of `on`.
fn in_post<'a>(ctx: &Ctx<'a>, on: NaiveDate) -> impl Iterator<Item = &'a Worker> + 'a {
    let workers = &ctx.dataset.workers;
    workers.iter().filter(move |w| w.in_post_on(on))
}

fn holds_cases(w: &Worker) -> bool {
    matches!(w.role, OrgRole::CaseHolder | OrgRole::SeniorPractitioner)
}

fn worker_case(w: &Worker, on: NaiveDate, num: f64, den: f64) -> Case {
    Case { id: w.id.clone(), num, den, date: on, group: None }
}

fn la_fte(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    in_post(ctx, on).filter(|w| !w.agency).map(|w| worker_case(w, on, w.fte, 0.0)).collect()
}

fn agency_rate(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    in_post(ctx, on).map(|w| worker_case(w, on, if w.agency { w.fte } else { 0.0 }, w.fte)).collect()
}

fn vacancy_rate(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    let Some(census) = ctx.dataset.workforce_returns.iter().filter(|r| r.census_date <= on).max_by_key(|r| r.census_date) else {
        return Vec::new();
    };
    let mut cases: Vec<Case> = in_post(ctx, on).filter(|w| !w.agency).map(|w| worker_case(w, on, 0.0, w.fte)).collect();
    cases.push(Case { id: format!("vacancies at {}", census.census_date), num: census.vacancies_fte, den: census.vacancies_fte, date: on, group: None });
    cases
}

fn turnover(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    let from = on - Months::new(12);
    let mut cases: Vec<Case> = in_post(ctx, on).filter(|w| !w.agency).map(|w| worker_case(w, on, 0.0, w.fte)).collect();
    // Leavers in the 12 months: left after `from`, on or before `on`.
    cases.extend(ctx.dataset.workers.iter().filter(|w| !w.agency && w.end.is_some_and(|e| e > from && e <= on)).map(|w| worker_case(w, on, w.fte, 0.0)));
    cases
}

fn caseload(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    let cases = ctx.caseloads_on(on);
    in_post(ctx, on)
        .filter(|w| holds_cases(w))
        .filter_map(|w| {
            let n = *cases.get(w.id.as_str())?;
            (n > 0 && w.fte > 0.0).then(|| worker_case(w, on, n as f64, w.fte))
        })
        .collect()
}

fn over_threshold(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    let cases = ctx.caseloads_on(on);
    in_post(ctx, on).filter(|w| cases.get(w.id.as_str()).copied().unwrap_or(0) > CASELOAD_THRESHOLD).map(|w| worker_case(w, on, 1.0, 0.0)).collect()
}

fn sickness(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    // The census year ends on 30 September; take the latest one ended by the period end.
    let year = if (on.month(), on.day()) >= (9, 30) { on.year() } else { on.year() - 1 };
    let census = NaiveDate::from_ymd_opt(year, 9, 30).expect("30 September exists");
    let days_in_year = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() { 254.0 } else { 253.0 };
    in_post(ctx, census)
        .filter(|w| !w.agency)
        .map(|w| {
            let lost = w.sickness_days.iter().find(|(y, _)| *y == year).map_or(0.0, |d| d.1);
            worker_case(w, census, lost, w.fte * days_in_year)
        })
        .collect()
}

fn workers_over_threshold(ctx: &Indexed, period: Period) -> Vec<Exception> {
    let on = period.end();
    let cases = ctx.caseloads_on(on);
    in_post(ctx, on)
        .filter_map(|w| {
            let n = cases.get(w.id.as_str()).copied().unwrap_or(0);
            (n > CASELOAD_THRESHOLD).then(|| Exception {
                id: w.id.clone(),
                worker: Some(w.name.clone()),
                team: ctx.dataset.team(&w.team).map(|t| t.name.clone()),
                due: on,
                overdue_working_days: 0,
                detail: format!("{n} cases allocated (threshold {CASELOAD_THRESHOLD}){}", if w.agency { "; agency worker" } else { "" }),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use scrutiny_model::codes::{Ethnicity, OrgRole, Sex};
    use scrutiny_model::{Allocation, Dataset, Team, Worker, WorkforceReturn};

    fn worker(id: &str, agency: bool, fte: f64, start: &str, end: Option<&str>) -> Worker {
        Worker {
            id: id.into(),
            name: format!("Worker {id}"),
            swe_no: format!("SW{id}"),
            team: "T1".into(),
            role: OrgRole::CaseHolder,
            agency,
            fte,
            birth_date: None,
            sex: Sex::Female,
            ethnicity: Ethnicity::WhiteBritish,
            qualification: None,
            start: d(start),
            start_origin: None,
            end: end.map(d),
            leaver_destination: None,
            leaving_reason: None,
            sickness_days: vec![(2024, 10.0)],
        }
    }

    fn allocated(child_id: &str, worker: &str, start: &str, end: Option<&str>) -> scrutiny_model::Child {
        let mut c = child(child_id, "2015-01-01");
        c.allocations.push(Allocation { worker: worker.into(), team: "T1".into(), start: d(start), end: end.map(d), end_reason: None, referral_id: None });
        c
    }

    /// Three employed (1.0, 1.0, 0.5 FTE), one agency (1.0) in post at 30 September 2024;
    /// one employed worker left on 31 December 2023 and one starts on 1 October 2024.
    fn staff() -> Dataset {
        let mut ds = dataset(vec![]);
        ds.teams = vec![Team { id: "T1".into(), name: "Team One".into(), service: scrutiny_model::Service::Safeguarding }];
        ds.workers = vec![
            worker("A", false, 1.0, "2020-01-01", None),
            worker("B", false, 1.0, "2020-01-01", None),
            worker("C", false, 0.5, "2022-01-01", None),
            worker("D", true, 1.0, "2024-06-01", None),
            worker("E", false, 1.0, "2019-01-01", Some("2023-12-31")),
            worker("F", false, 1.0, "2024-10-01", None),
        ];
        ds.workforce_returns = vec![WorkforceReturn { census_date: d("2024-09-30"), vacancies_fte: 0.5, agency_cover_fte: 0.5, agency_cover_headcount: 1 }];
        ds
    }

    #[test]
    fn fte_agency_and_vacancy_rates_at_30_september() {
        let ds = staff();
        // Employed in post on 30/09/2024: A, B, C = 2.5 FTE (F starts the next day, E left).
        assert_eq!(run("WF-01", &ds, "2024-09").value, Some(2.5));
        // Agency: D 1.0 of 3.5 FTE in post = 28.571…%.
        let agency = run("WF-02", &ds, "2024-09");
        assert!((agency.value.unwrap() - 100.0 / 3.5).abs() < 1e-9);
        assert_eq!(agency.numerator_ids, vec!["D"]);
        // Vacancies 0.5 ÷ (0.5 + 2.5) = 16.67%.
        assert!((run("WF-03", &ds, "2024-09").value.unwrap() - 100.0 / 6.0).abs() < 1e-9);
        // Before any census there is no vacancy figure at all.
        assert_eq!(run("WF-03", &ds, "2024-06").value, None);
    }

    #[test]
    fn turnover_counts_leavers_in_the_12_months_to_the_period_end() {
        let ds = staff();
        // E left on 31/12/2023, inside the 12 months to 30/09/2024: 1.0 ÷ 2.5 = 40%.
        assert_eq!(run("WF-04", &ds, "2024-09").value, Some(40.0));
        // By 31 January 2025 the window starts 31/01/2024: E is outside; F is now in post (3.5 FTE): 0%.
        assert_eq!(run("WF-04", &ds, "2025-01").value, Some(0.0));
    }

    #[test]
    fn caseload_is_cases_over_fte_of_workers_holding_cases() {
        let mut ds = staff();
        // A holds 3 cases, C (0.5 FTE) holds 2; one of A's ended on 30/09 itself (still held that day),
        // one started on 1 October (not yet). B holds none and is left out.
        ds.children = vec![
            allocated("K1", "A", "2024-01-01", None),
            allocated("K2", "A", "2024-01-01", Some("2024-09-30")),
            allocated("K3", "A", "2024-02-01", None),
            allocated("K4", "A", "2024-10-01", None),
            allocated("K5", "C", "2024-03-01", None),
            allocated("K6", "C", "2024-03-01", None),
        ];
        ds.children.sort_by(|a, b| a.id.cmp(&b.id));
        // (3 + 2) cases ÷ (1.0 + 0.5) FTE = 3.33.
        let r = run("WF-05", &ds, "2024-09");
        assert!((r.value.unwrap() - 5.0 / 1.5).abs() < 1e-9);
        assert_eq!(r.denominator_ids, vec!["A", "C"]);
        assert_eq!(run("WF-06", &ds, "2024-09").value, Some(0.0));
    }

    #[test]
    fn workers_over_twenty_cases_are_listed() {
        let mut ds = staff();
        ds.children = (0..21)
            .map(|i| allocated(&format!("K{i:02}"), "B", "2024-01-01", None))
            .chain((0..20).map(|i| allocated(&format!("L{i:02}"), "A", "2024-01-01", None)))
            .collect();
        ds.children.sort_by(|a, b| a.id.cmp(&b.id));
        // B has 21 (over 20); A has exactly 20 (not over).
        assert_eq!(run("WF-06", &ds, "2024-09").value, Some(1.0));
        let council = council();
        let ctx = crate::Ctx { dataset: &ds, council: Some(&council) };
        let list = crate::exceptions::run(crate::exceptions::find("caseloads-over-threshold").unwrap(), &ctx, p("2024-09"));
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].id.as_str(), list[0].team.as_deref()), ("B", Some("Team One")));
        assert!(list[0].detail.starts_with("21 cases"));
    }

    #[test]
    fn sickness_uses_the_census_year_to_30_september() {
        let ds = staff();
        // Census year to 30/09/2024 (2024 is a leap year: 254 days). Employed then: A, B, C with 10 days each.
        // 30 ÷ (2.5 × 254) = 4.724%.
        let r = run("WF-07", &ds, "2024-25-Q3");
        assert!((r.value.unwrap() - 100.0 * 30.0 / (2.5 * 254.0)).abs() < 1e-9);
        // A quarter ending 30 June 2024 uses the census year to 30/09/2023: 253 days; A, B, C, E in post then,
        // with no days recorded for 2023: 0%.
        assert_eq!(run("WF-07", &ds, "2024-25-Q1").value, Some(0.0));
    }
}
