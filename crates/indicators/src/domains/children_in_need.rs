//! Children in need: children with an open episode of need (CIN census
//! `CINdetails`) at the period end, and those with a child in need plan.

use crate::exceptions::ExceptionList;
use crate::helpers::open_on;
use crate::{Case, Domain, Indexed, Indicator, Open, Polarity, Subject, Unit, Window};
use chrono::NaiveDate;
use scrutiny_model::{Child, Referral};

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "CIN-01",
        title: "Children in need per 10,000",
        domain: Domain::ChildrenInNeed,
        unit: Unit::RatePer10k,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Children with an episode of need open at the end of the period's last day (referral on or before it, closure absent or after it), leaving out referrals with no further action, per 10,000 children aged 0 to 17. A child with two open episodes counts once. Includes children on child protection plans and looked-after children who have an open episode.",
        dfe_key: Some("cin_rate"),
        statutory_basis: "Children Act 1989, section 17; DfE CIN census, table B1 (children in need at 31 March).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: children_in_need,
    },
    Indicator {
        id: "CIN-02",
        title: "Children on a child in need plan",
        domain: Domain::ChildrenInNeed,
        unit: Unit::Count,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Children in need at the period end (as in CIN-01) with a child in need plan open at the end of the period's last day (started on or before it, not ended by it) in one of their open episodes; a child counts once however many plans are open.",
        dfe_key: None,
        statutory_basis: "Children Act 1989, section 17; Working Together to Safeguard Children 2023, chapter 3; CIN census CINPlanDates.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: children_on_cin_plans,
    },
];

pub const EXCEPTIONS: &[ExceptionList] = &[];

/// The child's episodes of need open at the end of `on`, leaving out no further action.
fn open_episodes(child: &Child, on: NaiveDate) -> impl Iterator<Item = &Referral> {
    child.referrals.iter().filter(move |r| !r.nfa && open_on(r.date, r.closure_date, on))
}

fn children_in_need(ctx: &Indexed, period: Window) -> Vec<Case> {
    let end = period.end();
    ctx.children_open_on(Open::Referrals, end).filter(|c| open_episodes(c, end).next().is_some()).map(|c| Case::count(&c.id, end)).collect()
}

fn children_on_cin_plans(ctx: &Indexed, period: Window) -> Vec<Case> {
    let end = period.end();
    ctx.children_open_on(Open::Referrals, end)
        .filter(|c| open_episodes(c, end).any(|r| r.cin_plans.iter().any(|p| open_on(p.start, p.end, end))))
        .map(|c| Case::count(&c.id, end))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use crate::{evaluate, find, Ctx};
    use scrutiny_model::codes::ClosureReason;

    #[test]
    fn children_in_need_at_the_year_end_count_once_and_leave_out_nfa() {
        // Financial year 2024-25 ends on Monday 31 March 2025.
        let ds = dataset(vec![
            // Referred on the last day, still open: in need.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-03-31")]),
            // Closed on the last day: no longer open at its end.
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-01-01").closed("2025-03-31", ClosureReason::ServicesCeased)]),
            // Closed the day after the year end: open at it.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-01").closed("2025-04-01", ClosureReason::ServicesCeased)]),
            // A referral with no further action on the last day.
            child("D", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-03-31").nfa()]),
            // Two open episodes (and an earlier NFA): one child.
            child("E", "2015-01-01").tap(|c| c.referrals = vec![referral("2023-04-03").nfa(), referral("2023-05-01"), referral("2024-11-01")]),
            // Referred the day after the year end.
            child("F", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-04-01")]),
            // Marked no further action but with no closure date recorded: still left out.
            child("G", "2015-01-01").tap(|c| {
                let mut r = referral("2024-10-01");
                r.nfa = true;
                c.referrals = vec![r];
            }),
        ]);
        let r = run("CIN-01", &ds, "2024-25");
        // A, C and E: 3 children; on a population of 10,000, 3 per 10,000.
        assert_eq!(r.numerator, 3.0);
        assert_eq!(r.value, Some(3.0));
        assert_eq!(r.denominator, Some(10_000.0));
        assert_eq!(r.numerator_ids, vec!["A", "C", "E"]);
    }

    #[test]
    fn a_quarter_is_measured_on_its_last_day() {
        // Quarter 2024-25-Q1 ends on Sunday 30 June 2024.
        let ds = dataset(vec![
            // Closed 30 June: out. Closed 1 July: in. Referred 1 July: out.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-04-01").closed("2024-06-30", ClosureReason::ServicesCeased)]),
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-04-01").closed("2024-07-01", ClosureReason::ServicesCeased)]),
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-07-01")]),
        ]);
        let r = run("CIN-01", &ds, "2024-25-Q1");
        assert_eq!(r.numerator_ids, vec!["B"]);
        assert_eq!(r.value, Some(1.0));
    }

    #[test]
    fn no_population_gives_no_rate_rather_than_zero() {
        let ds = dataset(vec![child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-01")])]);
        // Without the council's population the rate cannot be worked out; the count still shows.
        let r = evaluate(find("CIN-01").unwrap(), &Ctx { dataset: &ds, council: None }, p("2024-25"), &[]);
        assert_eq!((r.value, r.numerator, r.denominator), (None, 1.0, None));
        // With a population but nobody in need: a true rate of 0.
        assert_eq!(run("CIN-01", &dataset(vec![child("Z", "2015-01-01")]), "2024-25").value, Some(0.0));
    }

    #[test]
    fn children_on_a_cin_plan_at_the_period_end() {
        // Financial year 2024-25 ends on 31 March 2025. Every episode below is open then unless said.
        let ds = dataset(vec![
            // Plan started on the last day: on a plan.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-02-03").cin_plan("2025-03-31", None)]),
            // Plan ended on the last day: not on a plan at its end.
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-01").cin_plan("2024-06-03", Some("2025-03-31"))]),
            // Plan ends 2 April 2025: on a plan.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-01").cin_plan("2024-06-03", Some("2025-04-02"))]),
            // Two open episodes, each with an open plan: one child.
            child("D", "2015-01-01")
                .tap(|c| c.referrals = vec![referral("2024-04-02").cin_plan("2024-05-01", None), referral("2024-09-02").cin_plan("2024-10-01", None)]),
            // Plan with no end date, but the episode closed on 1 March: not in need, not counted.
            child("E", "2015-01-01")
                .tap(|c| c.referrals = vec![referral("2024-05-01").cin_plan("2024-06-03", None).closed("2025-03-01", ClosureReason::ServicesCeased)]),
            // In need (assessment only), no plan.
            child("F", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-03-10").assessment("2025-03-10", None)]),
            // Plan starting 1 April 2025, after the year end.
            child("G", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-03-10").cin_plan("2025-04-01", None)]),
        ]);
        let r = run("CIN-02", &ds, "2024-25");
        // A, C and D.
        assert_eq!(r.value, Some(3.0));
        assert_eq!(r.numerator_ids, vec!["A", "C", "D"]);
        // All but E are children in need at the year end: A, B, C, D, F, G = 6.
        assert_eq!(run("CIN-01", &ds, "2024-25").numerator, 6.0);
    }
}
