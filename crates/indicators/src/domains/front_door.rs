//! Front door: contacts and referrals to children's social care.

use crate::exceptions::{for_child, Exception, ExceptionList};
use crate::{Case, Domain, Has, Indexed, Indicator, Polarity, Subject, Unit, Window};
use chrono::Months;
use scrutiny_model::{ContactOutcome, Period, Referral};

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "CON-01",
        title: "Contacts received",
        domain: Domain::FrontDoor,
        unit: Unit::Count,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Contacts to the front door in the period, one per contact (a child can have several).",
        dfe_key: None,
        statutory_basis: "Ofsted ILACS Annex A list 1; not collected by the DfE.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: contacts,
    },
    Indicator {
        id: "CON-02",
        title: "Contacts that became referrals",
        domain: Domain::FrontDoor,
        unit: Unit::Percent,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Of the contacts received in the period, the share whose outcome was a new referral to children's social care. In the SSD extract, a contact whose outcome flags record a new referral or a child protection enquiry (a contact about a child already referred does not count); in Annex A list 1, a contact on the day a referral began.",
        dfe_key: None,
        statutory_basis: "Local measure (ChAT); Working Together 2023, chapter 2.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: contacts_to_referral,
    },
    Indicator {
        id: "REF-01",
        title: "Referrals",
        domain: Domain::FrontDoor,
        unit: Unit::Count,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Referrals (episodes of need) starting in the period, including those with no further action; a child referred twice counts twice.",
        dfe_key: Some("referral_count"),
        statutory_basis: "DfE CIN census, table C1.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: referrals,
    },
    Indicator {
        id: "REF-02",
        title: "Referrals per 10,000 children",
        domain: Domain::FrontDoor,
        unit: Unit::RatePer10k,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Referrals starting in the period per 10,000 children aged 0 to 17 (ONS mid-year estimate for the year the period's financial year starts).",
        dfe_key: Some("referral_rate"),
        statutory_basis: "DfE CIN census, table C1.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: referrals,
    },
    Indicator {
        id: "REF-03",
        title: "Re-referrals within 12 months",
        domain: Domain::FrontDoor,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "Of referrals starting in the period, the share where the same child had an earlier referral in the 12 months before (on or after the same date a year earlier).",
        dfe_key: Some("rereferral_percent"),
        statutory_basis: "DfE CIN census, table C1.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: rereferrals,
    },
    Indicator {
        id: "REF-04",
        title: "Referrals with no further action",
        domain: Domain::FrontDoor,
        unit: Unit::Percent,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Of referrals starting in the period, the share recorded as no further action (ReferralNFA).",
        dfe_key: Some("no_further_action_percent"),
        statutory_basis: "DfE CIN census, table C1.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: referrals_nfa,
    },
    Indicator {
        id: "REF-05",
        title: "Referrals by source",
        domain: Domain::FrontDoor,
        unit: Unit::Count,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Referrals starting in the period by who made them: police, schools and education, health, housing, LA services, other.",
        dfe_key: Some("referral_source"),
        statutory_basis: "DfE CIN census, table C3 (sources).",
        snapshot: false,
        dated: true,
        group_name: Some("source"),
        compute: referrals_by_source,
    },
];

pub const EXCEPTIONS: &[ExceptionList] = &[ExceptionList {
    name: "re-referrals",
    title: "Children re-referred within 12 months",
    subject: Subject::Child,
    indicator: "REF-03",
    compute: re_referred_children,
}];

fn contacts(ctx: &Indexed, period: Window) -> Vec<Case> {
    ctx.children_with(Has::Contacts).flat_map(|c| c.contacts.iter().filter(|x| period.contains(x.date)).map(move |x| Case::count(&c.id, x.date))).collect()
}

fn contacts_to_referral(ctx: &Indexed, period: Window) -> Vec<Case> {
    ctx.children_with(Has::Contacts)
        .flat_map(|c| c.contacts.iter().filter(|x| period.contains(x.date)).map(move |x| Case::share(&c.id, x.date, x.outcome == ContactOutcome::Referral)))
        .collect()
}

/// Every referral starting in the period, with its child.
fn in_period<'a>(ctx: &'a Indexed, period: Window) -> impl Iterator<Item = (&'a scrutiny_model::Child, usize, &'a Referral)> {
    ctx.children_with(Has::Referrals)
        .flat_map(move |c| c.referrals.iter().enumerate().filter(move |(_, r)| period.contains(r.date)).map(move |(i, r)| (c, i, r)))
}

fn referrals(ctx: &Indexed, period: Window) -> Vec<Case> {
    in_period(ctx, period).map(|(c, _, r)| Case::count(&c.id, r.date)).collect()
}

/// Whether the child had another referral in the 12 months before this one.
fn is_rereferral(earlier: &[Referral], r: &Referral) -> bool {
    let year_before = r.date - Months::new(12);
    earlier.iter().any(|p| p.date >= year_before && p.date < r.date)
}

fn rereferrals(ctx: &Indexed, period: Window) -> Vec<Case> {
    in_period(ctx, period).map(|(c, i, r)| Case::share(&c.id, r.date, is_rereferral(&c.referrals[..i], r))).collect()
}

fn referrals_nfa(ctx: &Indexed, period: Window) -> Vec<Case> {
    in_period(ctx, period).map(|(c, _, r)| Case::share(&c.id, r.date, r.nfa)).collect()
}

fn referrals_by_source(ctx: &Indexed, period: Window) -> Vec<Case> {
    in_period(ctx, period).map(|(c, _, r)| Case::count(&c.id, r.date).in_group(r.source.group().label())).collect()
}

fn re_referred_children(ctx: &Indexed, period: Period) -> Vec<Exception> {
    in_period(ctx, period.into())
        .filter(|(c, i, r)| is_rereferral(&c.referrals[..*i], r))
        .map(|(c, i, r)| {
            let previous = c.referrals[..i].iter().rev().find(|p| p.date < r.date).map(|p| p.date.format("%d/%m/%Y").to_string()).unwrap_or_default();
            let mut e = for_child(ctx, c, period, r.date, format!("referred {} after a referral on {previous}", r.date.format("%d/%m/%Y")));
            // Not a task that falls due: nothing is overdue.
            e.overdue_working_days = 0;
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use scrutiny_model::codes::{ClosureReason, ReferralSource};

    #[test]
    fn referrals_count_each_episode_in_the_period_including_edges() {
        // Quarter 2024-25-Q1 is 1 April to 30 June 2024.
        let ds = dataset(vec![
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-31"), referral("2024-04-01").nfa()]),
            child("B", "2016-01-01").tap(|c| c.referrals = vec![referral("2024-06-30"), referral("2024-07-01")]),
        ]);
        let r = run("REF-01", &ds, "2024-25-Q1");
        // 31 March and 1 July fall outside; 1 April (an NFA still counts) and 30 June inside.
        assert_eq!(r.value, Some(2.0));
        assert_eq!(r.numerator_ids, vec!["A", "B"]);
        // Rate per 10,000 on a population of 10,000: the same number.
        assert_eq!(run("REF-02", &ds, "2024-25-Q1").value, Some(2.0));
    }

    #[test]
    fn a_rereferral_is_within_12_months_of_the_previous_referral_date() {
        let ds = dataset(vec![
            // 15 May 2023 → 15 May 2024: exactly 12 months, a re-referral.
            child("A", "2015-01-01")
                .tap(|c| c.referrals = vec![referral("2023-05-15").closed("2023-06-01", ClosureReason::ServicesCeased), referral("2024-05-15")]),
            // 14 May 2023 → 15 May 2024: a day over 12 months, not a re-referral.
            child("B", "2015-01-01")
                .tap(|c| c.referrals = vec![referral("2023-05-14").closed("2023-06-01", ClosureReason::ServicesCeased), referral("2024-05-15")]),
            // A first referral.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-20")]),
            // Two referrals inside the period: the second is a re-referral.
            child("D", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-04-02").nfa(), referral("2024-06-02")]),
        ]);
        let r = run("REF-03", &ds, "2024-25-Q1");
        // Five referrals in the quarter; A's and D's second are re-referrals: 2/5 = 40%.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(5.0)));
        assert_eq!(r.value, Some(40.0));
        assert_eq!(r.numerator_ids, vec!["A", "D"]);
    }

    #[test]
    fn nfa_share_and_sources() {
        let ds = dataset(vec![child("A", "2015-01-01").tap(|c| {
            c.referrals = vec![
                referral("2024-04-10").nfa(),
                referral("2024-08-01").source(ReferralSource::Schools),
                referral("2024-12-01").source(ReferralSource::HealthGp),
            ]
        })]);
        let nfa = run("REF-04", &ds, "2024-25");
        assert_eq!(nfa.numerator, 1.0);
        assert!((nfa.value.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        let by_source = run("REF-05", &ds, "2024-25");
        let groups: Vec<(String, f64)> = by_source.breakdown.iter().map(|b| (b.key.clone(), b.numerator)).collect();
        assert_eq!(groups, vec![("Health".into(), 1.0), ("Police".into(), 1.0), ("Schools and education".into(), 1.0)]);
    }

    #[test]
    fn no_referrals_gives_no_share_rather_than_zero() {
        let ds = dataset(vec![child("A", "2015-01-01")]);
        assert_eq!(run("REF-03", &ds, "2024-25").value, None);
        assert_eq!(run("REF-01", &ds, "2024-25").value, Some(0.0));
    }
}
