//! Assessment: children and family assessments (single assessments) after a
//! referral, and how quickly they are completed. Completion means
//! authorisation, as in the DfE CIN census (table C2).

use crate::exceptions::{for_child, Exception, ExceptionList};
use crate::helpers::open_on;
use crate::{Case, Ctx, Domain, Has, Indexed, Indicator, Open, Polarity, Subject, Unit, Window};
use chrono::NaiveDate;
use scrutiny_model::{working_days, Assessment, Calendar, Child, Period, Referral};

/// Working Together 2023: an assessment is completed within 45 working days.
const TIMESCALE_WORKING_DAYS: i32 = 45;

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "ASM-01",
        title: "Assessments completed",
        domain: Domain::Assessment,
        unit: Unit::Count,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Children and family assessments authorised (completed) in the period, one per assessment, whenever they started; a child assessed twice counts twice. Assessments not yet authorised are not counted.",
        dfe_key: Some("assessment_count"),
        statutory_basis: "DfE CIN census, table C2 (assessments completed in the year).",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: completed,
    },
    Indicator {
        id: "ASM-02",
        title: "Assessments completed within 45 working days",
        domain: Domain::Assessment,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of the assessments authorised in the period (including those started before it), the share authorised within 45 working days of the assessment start date. Working days are counted after the start day up to and including the authorisation day, leaving out weekends and England & Wales bank holidays: the same day is 0, and 45 is within timescale, 46 is not. Open assessments are not included.",
        dfe_key: Some("assessments_45_days"),
        statutory_basis: "Working Together to Safeguard Children 2023, chapter 2 (45 working days); DfE CIN census table C2 measures assessment start to authorisation.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: completed_within_timescale,
    },
    Indicator {
        id: "ASM-03",
        title: "Open assessments past 45 working days",
        domain: Domain::Assessment,
        unit: Unit::Count,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "Children with an assessment open at the end of the period (started on or before the period end, not authorised by then, in an episode of need still open at the end) that started more than 45 working days before the period end; a child with two such assessments counts once. An assessment left unauthorised in an episode closed by the period end is not counted as open.",
        dfe_key: None,
        statutory_basis: "Working Together to Safeguard Children 2023, chapter 2; DfE CIN census query 8670Q (assessment open more than 45 working days at the year end).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: open_past_timescale,
    },
];

pub const EXCEPTIONS: &[ExceptionList] = &[ExceptionList {
    name: "assessments-overdue",
    title: "Open assessments past 45 working days",
    subject: Subject::Child,
    indicator: "ASM-03",
    compute: overdue_assessments,
}];

/// Every assessment, with its child and the episode of need it belongs to.
fn assessments<'a>(ctx: &'a Indexed) -> impl Iterator<Item = (&'a Child, &'a Referral, &'a Assessment)> {
    ctx.children_with(Has::Assessments).flat_map(|c| c.referrals.iter().flat_map(move |r| r.assessments.iter().map(move |a| (c, r, a))))
}

/// Assessments authorised in the period, with their authorisation date.
fn authorised_in<'a>(ctx: &'a Indexed, period: Window) -> impl Iterator<Item = (&'a Child, &'a Assessment, NaiveDate)> {
    assessments(ctx).filter_map(move |(c, _, a)| a.authorised.filter(|d| period.contains(*d)).map(|d| (c, a, d)))
}

fn completed(ctx: &Indexed, period: Window) -> Vec<Case> {
    authorised_in(ctx, period).map(|(c, _, done)| Case::count(&c.id, done)).collect()
}

fn completed_within_timescale(ctx: &Indexed, period: Window) -> Vec<Case> {
    authorised_in(ctx, period).map(|(c, a, done)| Case::share(&c.id, done, working_days(a.start, done) <= TIMESCALE_WORKING_DAYS)).collect()
}

/// An assessment open at the end of the period and more than 45 working
/// days old by then.
struct Overdue<'a> {
    referral: &'a Referral,
    assessment: &'a Assessment,
    working_days: i32,
}

/// Children with open assessments past the timescale, each with those
/// assessments, oldest first.
fn open_overdue<'a>(ctx: &'a Indexed, period: Window) -> impl Iterator<Item = (&'a Child, Vec<Overdue<'a>>)> {
    let end = period.end();
    ctx.children_open_on(Open::Referrals, end).filter_map(move |c| {
        let mut open: Vec<Overdue> = c
            .referrals
            .iter()
            .filter(|r| open_on(r.date, r.closure_date, end))
            .flat_map(|r| {
                r.assessments.iter().filter(|a| open_on(a.start, a.authorised, end)).map(move |a| Overdue {
                    referral: r,
                    assessment: a,
                    working_days: working_days(a.start, end),
                })
            })
            .filter(|o| o.working_days > TIMESCALE_WORKING_DAYS)
            .collect();
        open.sort_by_key(|o| std::cmp::Reverse(o.working_days));
        (!open.is_empty()).then_some((c, open))
    })
}

fn open_past_timescale(ctx: &Indexed, period: Window) -> Vec<Case> {
    open_overdue(ctx, period).map(|(c, _)| Case::count(&c.id, period.end())).collect()
}

/// Who is doing the assessment: its own worker, else the episode's, by name where known.
fn assessing_worker(ctx: &Ctx, r: &Referral, a: &Assessment) -> String {
    match a.worker.as_ref().or(r.worker.as_ref()) {
        Some(id) => ctx.dataset.worker(id).map(|w| w.name.clone()).unwrap_or_else(|| id.clone()),
        None => "not recorded".into(),
    }
}

/// One row per child, for the oldest open assessment.
fn overdue_assessments(ctx: &Indexed, period: Period) -> Vec<Exception> {
    open_overdue(ctx, period.into())
        .map(|(c, open)| {
            let oldest = &open[0];
            let due = Calendar::england().add_working_days(oldest.assessment.start, TIMESCALE_WORKING_DAYS as u32);
            let mut detail = format!(
                "assessment started {}, not authorised after {} working days; assessing worker: {}",
                oldest.assessment.start.format("%d/%m/%Y"),
                oldest.working_days,
                assessing_worker(ctx, oldest.referral, oldest.assessment)
            );
            match open.len() {
                1 => {}
                2 => detail.push_str("; 1 other open assessment is also past 45 working days"),
                n => detail.push_str(&format!("; {} other open assessments are also past 45 working days", n - 1)),
            }
            for_child(ctx, c, period, due, detail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::exceptions::{self, Exception};
    use crate::testing::*;
    use crate::Ctx;
    use scrutiny_model::codes::{ClosureReason, Ethnicity, OrgRole, Sex};
    use scrutiny_model::{Allocation, Dataset, Referral, Service, Team, Worker};

    /// A child with one referral on `referred` and one assessment.
    fn assessed(id: &str, referred: &str, start: &str, authorised: Option<&str>) -> scrutiny_model::Child {
        child(id, "2015-01-01").tap(|c| c.referrals = vec![referral(referred).assessment(start, authorised)])
    }

    fn overdue_list(ds: &Dataset, period: &str) -> Vec<Exception> {
        let ctx = Ctx { dataset: ds, council: None };
        exceptions::run(exceptions::find("assessments-overdue").expect("list exists"), &ctx, p(period))
    }

    #[test]
    fn completed_assessments_are_counted_by_authorisation_date_including_edges() {
        // Quarter 2024-25-Q1 is Monday 1 April to Sunday 30 June 2024.
        let ds = dataset(vec![
            // Started 20 March (before the quarter), authorised 1 April (its first day): counts.
            // A second assessment authorised on 30 June (its last day): counts too.
            child("A", "2015-01-01")
                .tap(|c| c.referrals = vec![referral("2024-03-18").assessment("2024-03-20", Some("2024-04-01")).assessment("2024-06-03", Some("2024-06-30"))]),
            // Authorised 31 March (the day before) and 1 July (the day after): neither counts.
            child("B", "2015-01-01").tap(|c| {
                c.referrals = vec![
                    referral("2024-02-26").assessment("2024-03-01", Some("2024-03-31")),
                    referral("2024-06-19").assessment("2024-06-20", Some("2024-07-01")),
                ]
            }),
            // Still open at the end of the quarter: not completed, not counted.
            assessed("C", "2024-06-10", "2024-06-10", None),
        ]);
        let r = run("ASM-01", &ds, "2024-25-Q1");
        // A's two assessments: 2 (assessments, not children).
        assert_eq!(r.value, Some(2.0));
        assert_eq!(r.numerator_ids, vec!["A"]);
    }

    #[test]
    fn within_45_working_days_counts_across_easter_and_the_may_holidays() {
        // Quarter 2024-25-Q1. Easter 2024: Good Friday 29 March, Easter Monday 1 April;
        // May holidays on Monday 6 May and Monday 27 May.
        // Working days after Thursday 28 March: 29 March to 1 April are none (holiday,
        // weekend, holiday); April 2–30 gives 21 (2–5: 4, three full weeks: 15, 29–30: 2);
        // May gives 21 (23 weekdays less the two holidays); so 42 by 31 May, and
        // 3, 4, 5, 6 June are the 43rd, 44th, 45th and 46th.
        let ds = dataset(vec![
            // 28 March → Wednesday 5 June: 45 working days, within (started before the quarter).
            assessed("A", "2024-03-27", "2024-03-28", Some("2024-06-05")),
            // 28 March → Thursday 6 June: 46, late.
            assessed("B", "2024-03-27", "2024-03-28", Some("2024-06-06")),
            // Easter Monday 1 April → Tuesday 4 June: 44, within (1 April counts the same as 28 March).
            assessed("C", "2024-04-01", "2024-04-01", Some("2024-06-04")),
            // Started and authorised on Wednesday 10 April: 0 working days, within.
            assessed("D", "2024-04-10", "2024-04-10", Some("2024-04-10")),
        ]);
        let r = run("ASM-02", &ds, "2024-25-Q1");
        // 3 of 4 within: 75%.
        assert_eq!((r.numerator, r.denominator), (3.0, Some(4.0)));
        assert_eq!(r.value, Some(75.0));
        assert_eq!(r.numerator_ids, vec!["A", "C", "D"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D"]);
    }

    #[test]
    fn christmas_and_new_year_holidays_are_not_working_days() {
        // Quarter 2024-25-Q4 is 1 January to 31 March 2025. All three started on
        // Friday 20 December 2024 and were authorised in February 2025.
        // After 20 December: 23, 24, 27, 30, 31 December (25 and 26 are holidays) = 5;
        // 2, 3 January (1 January is a holiday) = 7; 6–31 January, four full weeks = 27;
        // 3–21 February, three full weeks = 42; then 24 Feb = 43, 25 Feb = 44,
        // 26 Feb = 45, 27 Feb = 46.
        let ds = dataset(vec![
            assessed("X", "2024-12-19", "2024-12-20", Some("2025-02-25")), // 44: within
            assessed("Y", "2024-12-19", "2024-12-20", Some("2025-02-26")), // 45: within
            assessed("Z", "2024-12-19", "2024-12-20", Some("2025-02-27")), // 46: late
        ]);
        let r = run("ASM-02", &ds, "2024-25-Q4");
        // 2 of 3 within: 66.7%.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(3.0)));
        assert!((r.value.unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.numerator_ids, vec!["X", "Y"]);
    }

    #[test]
    fn a_weekend_after_the_45th_working_day_is_still_within() {
        // Quarter 2024-25-Q2 is 1 July to 30 September 2024; these started in May.
        // After Friday 3 May 2024: May 7–10 (6 May holiday) 4, 13–24 10, 28–31
        // (27 May holiday) 4 = 18; June, four full weeks = 38; 1–5 July = 43,
        // Monday 8 July = 44, Tuesday 9 July = 45, Wednesday 10 July = 46.
        // Wednesday 1 May is two working days before 3 May, so from it Friday
        // 5 July is the 45th, Saturday 6 July still 45, Monday 8 July the 46th.
        let ds = dataset(vec![
            assessed("P", "2024-05-03", "2024-05-03", Some("2024-07-09")), // 45: within
            assessed("Q", "2024-05-03", "2024-05-03", Some("2024-07-10")), // 46: late
            assessed("R", "2024-05-01", "2024-05-01", Some("2024-07-06")), // Saturday, 45: within
            assessed("S", "2024-05-01", "2024-05-01", Some("2024-07-08")), // Monday, 46: late
        ]);
        let r = run("ASM-02", &ds, "2024-25-Q2");
        assert_eq!((r.numerator, r.denominator), (2.0, Some(4.0)));
        assert_eq!(r.value, Some(50.0));
        assert_eq!(r.numerator_ids, vec!["P", "R"]);
    }

    #[test]
    fn no_completed_assessments_gives_no_share_rather_than_zero() {
        // One assessment, still open and only a few days old at the year end.
        let ds = dataset(vec![assessed("A", "2025-03-20", "2025-03-20", None)]);
        assert_eq!(run("ASM-02", &ds, "2024-25").value, None);
        assert_eq!(run("ASM-02", &ds, "2024-25").denominator, Some(0.0));
        assert_eq!(run("ASM-01", &ds, "2024-25").value, Some(0.0));
        assert_eq!(run("ASM-03", &ds, "2024-25").value, Some(0.0));
    }

    /// Quarter 2024-25-Q1 ends on Sunday 30 June 2024, so the last working day
    /// counted is Friday 28 June. Counting back: June 3–28 is 20 working days,
    /// May 21, April 2–30 21, and 29 March to 1 April none (Easter).
    fn open_at_the_end_of_june() -> Dataset {
        let mut ds = dataset(vec![
            // Started Thursday 28 March, open: 20 + 21 + 21 = 62 working days, past.
            child("A", "2015-01-01").tap(|c| {
                let mut r = referral("2024-03-27").assessment("2024-03-28", None);
                r.assessments[0].worker = Some("W1".into());
                c.referrals = vec![r];
                c.allocations =
                    vec![Allocation { worker: "W1".into(), team: "T1".into(), start: d("2024-03-27"), end: None, end_reason: None, referral_id: None }];
            }),
            // Started Tuesday 23 April, open: 24, 25, 26, 29, 30 April (5) + 21 + 20 = 46, past.
            child("B", "2015-01-01").tap(|c| {
                let mut r: Referral = referral("2024-04-22").assessment("2024-04-23", None);
                r.worker = Some("W9".into());
                c.referrals = vec![r];
            }),
            // Started Wednesday 24 April: 45 — due on Friday 28 June; the weekend after adds nothing.
            assessed("C", "2024-04-22", "2024-04-24", None),
            // Started Thursday 25 April: 44.
            assessed("D", "2024-04-22", "2024-04-25", None),
            // Started 23 April, authorised 1 July, after the quarter: open at its end, 46, past.
            assessed("E", "2024-04-22", "2024-04-23", Some("2024-07-01")),
            // Started 23 April, authorised on 30 June, the last day: not open at the end.
            assessed("F", "2024-04-22", "2024-04-23", Some("2024-06-30")),
            // Never authorised, but the episode closed on 14 June: not an open assessment.
            child("G", "2015-01-01")
                .tap(|c| c.referrals = vec![referral("2024-01-31").assessment("2024-02-01", None).closed("2024-06-14", ClosureReason::ServicesCeased)]),
            // Starts 1 July, after the quarter.
            assessed("H", "2024-07-01", "2024-07-01", None),
            // Two open assessments past the timescale (62 and 46): one child.
            child("I", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-27").assessment("2024-03-28", None).assessment("2024-04-23", None)]),
        ]);
        ds.teams = vec![Team { id: "T1".into(), name: "Assessment team 1".into(), service: Service::Assessment }];
        ds.workers = vec![Worker {
            id: "W1".into(),
            name: "Sam Example".into(),
            swe_no: "SW0001".into(),
            team: "T1".into(),
            role: OrgRole::CaseHolder,
            agency: false,
            fte: 1.0,
            birth_date: None,
            sex: Sex::Female,
            ethnicity: Ethnicity::WhiteBritish,
            qualification: None,
            start: d("2020-01-06"),
            start_origin: None,
            end: None,
            leaver_destination: None,
            leaving_reason: None,
            sickness_days: Vec::new(),
        }];
        ds
    }

    #[test]
    fn open_assessments_past_45_working_days_at_the_period_end() {
        let r = run("ASM-03", &open_at_the_end_of_june(), "2024-25-Q1");
        // A (62), B (46), E (46) and I (62 and 46, counted once); C at exactly 45
        // and D at 44 are not past the timescale.
        assert_eq!(r.value, Some(4.0));
        assert_eq!(r.numerator_ids, vec!["A", "B", "E", "I"]);
    }

    #[test]
    fn overdue_assessments_list_due_dates_and_working_days_overdue() {
        let list = overdue_list(&open_at_the_end_of_june(), "2024-25-Q1");
        let rows: Vec<(&str, chrono::NaiveDate, i32)> = list.iter().map(|e| (e.id.as_str(), e.due, e.overdue_working_days)).collect();
        assert_eq!(
            rows,
            vec![
                // 45 working days after 28 March is 5 June (see the Easter test); overdue by
                // 6, 7 June and three full weeks to 28 June: 17 (= 62 − 45).
                ("A", d("2024-06-05"), 17),
                // I's oldest assessment also started on 28 March.
                ("I", d("2024-06-05"), 17),
                // 45 working days after 23 April is Thursday 27 June; overdue by Friday 28 June: 1.
                ("B", d("2024-06-27"), 1),
                ("E", d("2024-06-27"), 1),
            ]
        );
        // A's assessing worker is named; I has none (and a second overdue assessment);
        // B's episode worker is not on the workforce list; E has none.
        assert_eq!(list[0].detail, "assessment started 28/03/2024, not authorised after 62 working days; assessing worker: Sam Example");
        assert_eq!(list[1].detail, "assessment started 28/03/2024, not authorised after 62 working days; assessing worker: not recorded; 1 other open assessment is also past 45 working days");
        assert_eq!(list[2].detail, "assessment started 23/04/2024, not authorised after 46 working days; assessing worker: W9");
        assert_eq!(list[3].detail, "assessment started 23/04/2024, not authorised after 46 working days; assessing worker: not recorded");
        // Who holds the case at the period end comes from the allocations.
        assert_eq!((list[0].worker.as_deref(), list[0].team.as_deref()), (Some("W1"), Some("Assessment team 1")));
        assert_eq!((list[2].worker.as_deref(), list[2].team.as_deref()), (None, None));
    }
}
