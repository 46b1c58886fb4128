//! Child protection: section 47 enquiries, initial child protection
//! conferences (ICPCs), child protection plans, their reviews and visits.
//!
//! Conventions used by every indicator here:
//! - Working days are `scrutiny_model::working_days`: the days after the start
//!   up to and including the end, skipping weekends and England & Wales bank
//!   holidays; the same day is 0, and "within 15 working days" is ≤ 15.
//! - A snapshot is taken at the end of the period's last day: a plan ending on
//!   that day is over, one starting on it is open (DfE's "at 31 March").
//! - In snapshots a young person who has turned 18 is no longer a child: plans
//!   end at 18 and rates are per children aged 0 to 17, so an unclosed plan or
//!   enquiry of an 18-year-old is not counted. Unborn children (no birth date
//!   yet) are.
//! - `dfe_key` is the column of the DfE table that carries the figure where
//!   there is one (D3, D5), otherwise LAIT's short code for it.

use crate::exceptions::{for_child, Exception, ExceptionList};
use crate::helpers::{age_on, open_on};
use crate::{Case, Domain, Has, Indexed, Indicator, Open, Polarity, Subject, Unit, Window};
use chrono::{Months, NaiveDate};
use scrutiny_model::{working_days, Calendar, Child, CpPlan, Period, Referral, Section47, VisitKind};

/// Working Together: the ICPC within 15 working days of the strategy discussion.
const ICPC_WORKING_DAYS: u32 = 15;
/// Local (ChAT) standard: a child on a plan seen at least every 10 working days.
const VISIT_WORKING_DAYS: u32 = 10;
/// DfE D5: a plan has lasted 2 years or more when more than 729 days have passed since it started.
const TWO_YEARS_IN_DAYS: i64 = 729;

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "CP-01",
        title: "Section 47 enquiries per 10,000 children",
        domain: Domain::ChildProtection,
        unit: Unit::RatePer10k,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Section 47 enquiries whose strategy discussion (the enquiry's start) falls in the period, one per enquiry (a child can have several), \
                     per 10,000 children aged 0 to 17 (ONS mid-year estimate for the year the period's financial year starts).",
        dfe_key: Some("Section_47"),
        statutory_basis: "Children Act 1989, section 47; DfE CIN census, table C4.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: s47s_started,
    },
    Indicator {
        id: "CP-02",
        title: "Initial child protection conferences within 15 working days",
        domain: Domain::ChildProtection,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition:
            "Of the initial child protection conferences (ICPCs) held in the period that followed a section 47 enquiry of this council, the share held \
             within 15 working days of the strategy discussion (working days after the discussion up to and including the conference day, skipping \
             weekends and bank holidays; the same day is 0). Left out, as by the DfE: a conference dated before its enquiry's strategy discussion, \
             and conferences recorded on the episode rather than after an enquiry of this council (a child transferring in on a plan). \
             Grouped by the DfE's duration bands.",
        dfe_key: Some("CP_conf_15days"),
        statutory_basis:
            "Working Together to Safeguard Children 2023, chapter 4 (ICPC within 15 working days of the strategy discussion); DfE CIN census, table C4.",
        snapshot: false,
        dated: true,
        group_name: Some("working days to conference"),
        compute: icpcs_within_15_days,
    },
    Indicator {
        id: "CP-03",
        title: "Section 47 enquiries that led to an initial conference",
        domain: Domain::ChildProtection,
        unit: Unit::Percent,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Of the section 47 enquiries starting in the period, the share that led to an initial child protection conference (a conference dated \
                     on or after the strategy discussion), whenever it was held: a cohort of enquiries, not conferences in the period divided by enquiries \
                     in the period. Enquiries still awaiting an outcome count as not (yet) leading to one, so the latest period's figure can rise as its \
                     last enquiries reach conference. Grouped by outcome.",
        dfe_key: None,
        statutory_basis: "Local measure (ChAT); the DfE's CIN census table C4 publishes the numbers of enquiries and conferences, not this share.",
        snapshot: false,
        dated: true,
        group_name: Some("outcome"),
        compute: s47s_to_icpc,
    },
    Indicator {
        id: "CP-04",
        title: "Child protection plans starting",
        domain: Domain::ChildProtection,
        unit: Unit::Count,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Child protection plans starting in the period, one per plan (a child with two plans starting in the period counts twice).",
        dfe_key: Some("CPP_start"),
        statutory_basis: "DfE CIN census, tables D1 and D3.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: plans_started,
    },
    Indicator {
        id: "CP-05",
        title: "Second or subsequent child protection plans (ever)",
        domain: Domain::ChildProtection,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "Of the plans starting in the period, the share where the child had been on a child protection plan before at any time, however long \
                     ago: the plan's recorded number of previous plans (NumberOfPreviousCPP) is 1 or more, or the child has an earlier plan in this \
                     council's records. Either counts: the DfE's figure rests on the recorded number, which includes plans made by other councils, while \
                     the council's own history catches a number left at 0. Each plan counts, so a child can count twice. Grouped by which evidence shows \
                     the previous plan.",
        dfe_key: Some("CPP_subsequent_percent"),
        statutory_basis: "DfE CIN census, table D3.",
        snapshot: false,
        dated: true,
        group_name: Some("evidence of a previous plan"),
        compute: plans_second_or_subsequent,
    },
    Indicator {
        id: "CP-06",
        title: "Repeat child protection plans within 2 years",
        domain: Domain::ChildProtection,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "Of the plans starting in the period, the share where the child's previous plan ended within the 2 years before the new one started \
                     (on or after the same date two years earlier, up to the new start). Only plans with an end date in this council's records count as \
                     previous plans: a recorded number of previous plans cannot show when they ended.",
        dfe_key: None,
        statutory_basis: "Local measure (Ofsted and ChAT); not published by the DfE.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: plans_repeat_within_2_years,
    },
    Indicator {
        id: "CP-07",
        title: "Children on a child protection plan per 10,000 children",
        domain: Domain::ChildProtection,
        unit: Unit::RatePer10k,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Children on a child protection plan at the end of the period's last day (started on or before it, not ended by it), each child once \
                     however many plans are open, per 10,000 children aged 0 to 17. A young person who has turned 18 is not counted even if the plan was \
                     not closed in the record; an unborn child on a plan is.",
        dfe_key: Some("CPP_rate"),
        statutory_basis: "DfE CIN census, tables D1 and D5.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: children_on_plan,
    },
    Indicator {
        id: "CP-08",
        title: "Children on a child protection plan for 2 years or more",
        domain: Domain::ChildProtection,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition:
            "Of the children on a child protection plan at the period end, the share whose plan had by then lasted 2 years or more: more than 729 days \
             from the plan's start to the period end, as the DfE counts it (so across a 29 February it is reached a day before the calendar \
             anniversary). A child with two open plans counts once, from the earlier start.",
        dfe_key: Some("2_years_or_more_percent"),
        statutory_basis: "DfE CIN census, table D5.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: children_on_plan_2_years,
    },
    Indicator {
        id: "CP-09",
        title: "Child protection plans reviewed on time",
        domain: Domain::ChildProtection,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of the children on a child protection plan at the period end who had been on it for at least 3 months, the share whose reviews were \
                     all on time: the first review conference within 3 calendar months of the plan's start, each later one within 6 months of the one \
                     before, and none overdue at the period end (a review due on the period end itself is not yet late). Reviews after the period end \
                     are not looked at.",
        dfe_key: Some("RevCP"),
        statutory_basis:
            "Working Together to Safeguard Children 2023, chapter 4 (first review within 3 months, then at most every 6 months); DfE CIN census, table D6.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: plans_reviewed_on_time,
    },
    Indicator {
        id: "CP-10",
        title: "Children on a child protection plan seen within 10 working days",
        domain: Domain::ChildProtection,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of the children on a child protection plan at the period end, the share seen on a child protection visit in the 10 working days before \
                     it: the latest such visit at which the child was seen, since the plan started, was no more than 10 working days before the period \
                     end. A child whose plan started less than 10 working days before the end is not yet due a visit and counts as seen in time. Visits \
                     where the child was not seen, and visits of other kinds, do not count.",
        dfe_key: None,
        statutory_basis:
            "Local (ChAT) standard, not statutory: Working Together 2023 sets no visiting frequency; Ofsted ILACS Annex A list 7 records the last visit.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: children_on_plan_seen,
    },
    Indicator {
        id: "CP-11",
        title: "Children awaiting an initial child protection conference",
        domain: Domain::ChildProtection,
        unit: Unit::Count,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "Children with a section 47 enquiry started by the period end that had neither an initial child protection conference by then nor a \
                     record that none is required, in an episode not closed by then; each child once. Young people who have turned 18 are left out. The \
                     awaiting-icpc list shows when each conference fell due (15 working days after the strategy discussion).",
        dfe_key: None,
        statutory_basis: "Working Together to Safeguard Children 2023, chapter 4; Ofsted ILACS Annex A list 5. Not published by the DfE.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: children_awaiting_icpc,
    },
];

pub const EXCEPTIONS: &[ExceptionList] = &[
    ExceptionList {
        name: "awaiting-icpc",
        title: "Children awaiting an initial child protection conference",
        subject: Subject::Child,
        indicator: "CP-11",
        compute: awaiting_icpc_list,
    },
    ExceptionList {
        name: "cp-visits-overdue",
        title: "Children on a child protection plan not seen within 10 working days",
        subject: Subject::Child,
        indicator: "CP-10",
        compute: cp_visits_overdue_list,
    },
];

/// Every section 47 enquiry, with its child and episode.
fn section47s<'a>(ctx: &'a Indexed) -> impl Iterator<Item = (&'a Child, &'a Referral, &'a Section47)> {
    ctx.children_with(Has::Section47s).flat_map(|c| c.referrals.iter().flat_map(move |r| r.section47s.iter().map(move |s| (c, r, s))))
}

/// All of a child's plans, across episodes.
fn plans_of(child: &Child) -> impl Iterator<Item = &CpPlan> {
    child.referrals.iter().flat_map(|r| r.cp_plans.iter())
}

/// Every plan starting in the period, with its child.
fn plans_starting<'a>(ctx: &'a Indexed, period: Window) -> impl Iterator<Item = (&'a Child, &'a CpPlan)> {
    ctx.children_with(Has::CpPlans).flat_map(move |c| plans_of(c).filter(move |p| period.contains(p.start)).map(move |p| (c, p)))
}

/// The conference that followed an enquiry: a date on or after the strategy
/// discussion (the DfE leaves one dated before its enquiry out).
fn icpc_of(s: &Section47) -> Option<NaiveDate> {
    s.icpc_date.filter(|d| *d >= s.start)
}

/// Still a child on `on` (under 18, or not yet born).
fn under_18_on(child: &Child, on: NaiveDate) -> bool {
    age_on(child, on).is_none_or(|age| age < 18)
}

/// The plan the child is on at the end of `on`: of those open, the earliest
/// started (the child has been on a plan continuously since then). Ties
/// (duplicate plans) are broken on the plan's other dates, so the choice does
/// not depend on the order the records were read in.
fn current_plan(child: &Child, on: NaiveDate) -> Option<&CpPlan> {
    if !under_18_on(child, on) {
        return None;
    }
    plans_of(child).filter(|p| open_on(p.start, p.end, on)).min_by(|a, b| (a.start, a.end, &a.reviews).cmp(&(b.start, b.end, &b.reviews)))
}

/// Each child on a plan at the period end, once, with that plan.
fn on_plan_at_end<'a>(ctx: &'a Indexed, period: Window) -> impl Iterator<Item = (&'a Child, &'a CpPlan)> {
    let on = period.end();
    ctx.children_open_on(Open::CpPlans, on).filter_map(move |c| current_plan(c, on).map(|p| (c, p)))
}

fn s47s_started(ctx: &Indexed, period: Window) -> Vec<Case> {
    section47s(ctx).filter(|(_, _, s)| period.contains(s.start)).map(|(c, _, s)| Case::count(&c.id, s.start)).collect()
}

/// The DfE's C4 bands of working days from strategy discussion to conference.
fn icpc_band(days: i32) -> &'static str {
    match days {
        i32::MIN..=10 => "0-10 working days",
        11..=15 => "11-15 working days",
        16..=20 => "16-20 working days",
        _ => "21+ working days",
    }
}

fn icpcs_within_15_days(ctx: &Indexed, period: Window) -> Vec<Case> {
    // Episode-level (transfer-in) conferences, `Referral::initial_cpc_date`, are not read.
    section47s(ctx)
        .filter_map(|(c, _, s)| {
            let icpc = icpc_of(s).filter(|d| period.contains(*d))?;
            let days = working_days(s.start, icpc);
            Some(Case::share(&c.id, icpc, days <= ICPC_WORKING_DAYS as i32).in_group(icpc_band(days)))
        })
        .collect()
}

fn s47_outcome(s: &Section47) -> &'static str {
    if icpc_of(s).is_some() {
        "Initial conference held"
    } else if s.icpc_date.is_some() {
        "Conference dated before the enquiry"
    } else if s.icpc_not_required {
        "Conference not required"
    } else {
        "No outcome recorded yet"
    }
}

fn s47s_to_icpc(ctx: &Indexed, period: Window) -> Vec<Case> {
    section47s(ctx)
        .filter(|(_, _, s)| period.contains(s.start))
        .map(|(c, _, s)| Case::share(&c.id, s.start, icpc_of(s).is_some()).in_group(s47_outcome(s)))
        .collect()
}

fn plans_started(ctx: &Indexed, period: Window) -> Vec<Case> {
    plans_starting(ctx, period).map(|(c, p)| Case::count(&c.id, p.start)).collect()
}

/// Which evidence shows that the child had a plan before this one, if any.
fn previous_plan_evidence(child: &Child, plan: &CpPlan) -> Option<&'static str> {
    if plans_of(child).any(|p| p.start < plan.start) {
        Some("Earlier plan in the council's records")
    } else if plan.previous_plans >= 1 {
        Some("Recorded number of previous plans only")
    } else {
        None
    }
}

fn plans_second_or_subsequent(ctx: &Indexed, period: Window) -> Vec<Case> {
    plans_starting(ctx, period)
        .map(|(c, p)| {
            let evidence = previous_plan_evidence(c, p);
            Case::share(&c.id, p.start, evidence.is_some()).in_group(evidence.unwrap_or("First plan"))
        })
        .collect()
}

/// When the child's latest plan to end before (or on the day) this one started ended.
fn previous_plan_end(child: &Child, plan: &CpPlan) -> Option<NaiveDate> {
    plans_of(child).filter(|p| p.start < plan.start).filter_map(|p| p.end).filter(|e| *e <= plan.start).max()
}

fn is_repeat_within_2_years(child: &Child, plan: &CpPlan) -> bool {
    let two_years_before = plan.start - Months::new(24);
    previous_plan_end(child, plan).is_some_and(|e| e >= two_years_before)
}

fn plans_repeat_within_2_years(ctx: &Indexed, period: Window) -> Vec<Case> {
    plans_starting(ctx, period).map(|(c, p)| Case::share(&c.id, p.start, is_repeat_within_2_years(c, p))).collect()
}

fn children_on_plan(ctx: &Indexed, period: Window) -> Vec<Case> {
    on_plan_at_end(ctx, period).map(|(c, _)| Case::count(&c.id, period.end())).collect()
}

fn children_on_plan_2_years(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    on_plan_at_end(ctx, period).map(|(c, p)| Case::share(&c.id, on, (on - p.start).num_days() > TWO_YEARS_IN_DAYS)).collect()
}

/// Whether the plan's reviews up to `on` were all on time and none is overdue
/// on `on`: the first within 3 months of the start, then each within 6 months
/// of the one before.
fn reviews_on_time(plan: &CpPlan, on: NaiveDate) -> bool {
    let mut reviews: Vec<NaiveDate> = plan.reviews.iter().copied().filter(|r| *r >= plan.start && *r <= on).collect();
    reviews.sort();
    reviews.dedup();
    let mut due = plan.start + Months::new(3);
    for review in reviews {
        if review > due {
            return false;
        }
        due = review + Months::new(6);
    }
    on <= due
}

fn plans_reviewed_on_time(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    on_plan_at_end(ctx, period).filter(|(_, p)| p.start + Months::new(3) <= on).map(|(c, p)| Case::share(&c.id, on, reviews_on_time(p, on))).collect()
}

/// The latest child protection visit at which the child was seen, from the
/// plan's start up to `on`.
fn last_seen(child: &Child, plan: &CpPlan, on: NaiveDate) -> Option<NaiveDate> {
    child.visits.iter().filter(|v| v.kind == VisitKind::ChildProtection && v.seen && v.date >= plan.start && v.date <= on).map(|v| v.date).max()
}

/// Whether the child on this plan was seen within 10 working days before `on`
/// (or the plan is too new for a visit to be due).
fn seen_in_time(child: &Child, plan: &CpPlan, on: NaiveDate) -> bool {
    let from = last_seen(child, plan, on).unwrap_or(plan.start);
    working_days(from, on) <= VISIT_WORKING_DAYS as i32
}

fn children_on_plan_seen(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    on_plan_at_end(ctx, period).map(|(c, p)| Case::share(&c.id, on, seen_in_time(c, p, on))).collect()
}

/// The child's enquiries awaiting a conference at the end of `on`. A record
/// that no conference is required carries no date, so it is taken as decided.
fn awaiting_icpc(child: &Child, on: NaiveDate) -> Vec<&Section47> {
    if !under_18_on(child, on) {
        return Vec::new();
    }
    child
        .referrals
        .iter()
        .filter(|r| r.date <= on && r.closure_date.is_none_or(|closed| closed > on))
        .flat_map(|r| r.section47s.iter())
        .filter(|s| s.start <= on && !s.icpc_not_required && s.icpc_date.is_none_or(|icpc| icpc > on))
        .collect()
}

fn children_awaiting_icpc(ctx: &Indexed, period: Window) -> Vec<Case> {
    let on = period.end();
    ctx.children_open_on(Open::Referrals, on).filter(|c| !awaiting_icpc(c, on).is_empty()).map(|c| Case::count(&c.id, on)).collect()
}

fn awaiting_icpc_list(ctx: &Indexed, period: Period) -> Vec<Exception> {
    let on = period.end();
    ctx.children_open_on(Open::Referrals, on)
        .filter_map(|c| {
            let waiting = awaiting_icpc(c, on);
            let first = waiting.iter().min_by_key(|s| s.start)?;
            let due = Calendar::england().add_working_days(first.start, ICPC_WORKING_DAYS);
            let more = match waiting.len() - 1 {
                0 => String::new(),
                1 => " (and 1 more enquiry awaiting one)".to_string(),
                n => format!(" (and {n} more enquiries awaiting one)"),
            };
            let detail = format!("section 47 strategy discussion on {}, no initial conference yet{more}", first.start.format("%d/%m/%Y"));
            Some(for_child(ctx, c, period, due, detail))
        })
        .collect()
}

fn cp_visits_overdue_list(ctx: &Indexed, period: Period) -> Vec<Exception> {
    let on = period.end();
    on_plan_at_end(ctx, period.into())
        .filter(|(c, p)| !seen_in_time(c, p, on))
        .map(|(c, p)| {
            let seen = last_seen(c, p, on);
            let due = Calendar::england().add_working_days(seen.unwrap_or(p.start), VISIT_WORKING_DAYS);
            let detail = match seen {
                Some(v) => format!("last seen on a child protection visit on {}", v.format("%d/%m/%Y")),
                None => format!("not seen on a child protection visit since the plan started on {}", p.start.format("%d/%m/%Y")),
            };
            for_child(ctx, c, period, due, detail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::exceptions::Exception;
    use crate::testing::*;
    use chrono::NaiveDate;
    use scrutiny_model::codes::ClosureReason;
    use scrutiny_model::{Allocation, Dataset, Referral, Service, Team, Visit, VisitKind};

    /// A child protection visit at which the child was seen.
    fn seen(date: &str) -> Visit {
        Visit { kind: VisitKind::ChildProtection, date: d(date), seen: true, seen_alone: true, worker: None }
    }

    /// A child protection visit at which the child was not seen.
    fn not_seen(date: &str) -> Visit {
        Visit { kind: VisitKind::ChildProtection, date: d(date), seen: false, seen_alone: false, worker: None }
    }

    /// A child in need visit (not a child protection visit) at which the child was seen.
    fn cin_visit(date: &str) -> Visit {
        Visit { kind: VisitKind::ChildInNeed, date: d(date), seen: true, seen_alone: true, worker: None }
    }

    /// The referral's last enquiry ended with a decision that no conference was needed.
    fn no_icpc_needed(mut r: Referral) -> Referral {
        r.section47s.last_mut().expect("an enquiry").icpc_not_required = true;
        r
    }

    /// A conference recorded on the episode (a child transferring in on a plan), not after an enquiry.
    fn transfer_in_icpc(mut r: Referral, date: &str) -> Referral {
        r.initial_cpc_date = Some(d(date));
        r
    }

    fn run_list(name: &str, ds: &Dataset, period: &str) -> Vec<Exception> {
        let council = council();
        let ctx = crate::Ctx { dataset: ds, council: Some(&council) };
        let list = crate::exceptions::find(name).unwrap_or_else(|| panic!("no list {name}"));
        crate::exceptions::run(list, &ctx, p(period))
    }

    fn groups(r: &crate::Result) -> Vec<(String, f64, Option<f64>)> {
        r.breakdown.iter().map(|b| (b.key.clone(), b.numerator, b.denominator)).collect()
    }

    #[test]
    fn the_catalogue_holds_every_child_protection_indicator_and_list() {
        let ids: Vec<&str> = super::INDICATORS.iter().map(|i| i.id).collect();
        assert_eq!(ids, ["CP-01", "CP-02", "CP-03", "CP-04", "CP-05", "CP-06", "CP-07", "CP-08", "CP-09", "CP-10", "CP-11"]);
        for i in super::INDICATORS {
            assert_eq!(i.domain, crate::Domain::ChildProtection, "{}", i.id);
            assert!(crate::find(i.id).is_some_and(|found| found.id == i.id), "{}", i.id);
            assert!(!i.title.is_empty() && !i.definition.is_empty() && !i.statutory_basis.is_empty(), "{}", i.id);
            // Snapshots are the five "at the period end" measures.
            assert_eq!(i.snapshot, ["CP-07", "CP-08", "CP-09", "CP-10", "CP-11"].contains(&i.id), "{}", i.id);
        }
        let lists: Vec<(&str, &str)> = super::EXCEPTIONS.iter().map(|l| (l.name, l.indicator)).collect();
        assert_eq!(lists, [("awaiting-icpc", "CP-11"), ("cp-visits-overdue", "CP-10")]);
        assert!(crate::exceptions::find("awaiting-icpc").is_some() && crate::exceptions::find("cp-visits-overdue").is_some());
    }

    #[test]
    fn s47s_count_each_enquiry_starting_in_the_period_including_edges() {
        // Quarter 2024-25-Q1 is 1 April to 30 June 2024.
        let ds = dataset(vec![
            // 31 March falls outside; 1 April (Easter Monday: a bank holiday, but the date still counts) inside.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-20").s47("2024-03-31", None).s47("2024-04-01", None)]),
            // 30 June (a Sunday, the last day) inside; 1 July outside.
            child("B", "2016-01-01")
                .tap(|c| c.referrals = vec![referral("2024-06-30").s47("2024-06-30", None), referral("2024-07-01").s47("2024-07-01", None)]),
            // Two enquiries in the quarter count twice.
            child("C", "2017-01-01").tap(|c| c.referrals = vec![referral("2024-04-08").s47("2024-04-10", Some("2024-04-24")).s47("2024-05-20", None)]),
            // No enquiry.
            child("D", "2018-01-01").tap(|c| c.referrals = vec![referral("2024-05-01")]),
        ]);
        let r = run("CP-01", &ds, "2024-25-Q1");
        // A 1 + B 1 + C 2 = 4 enquiries; on a population of 10,000 that is 4 per 10,000.
        assert_eq!(r.numerator, 4.0);
        assert_eq!(r.value, Some(4.0));
        assert_eq!(r.numerator_ids, vec!["A", "B", "C"]);
    }

    #[test]
    fn icpcs_within_15_working_days_of_the_strategy_discussion() {
        // Quarter 2024-25-Q1 is 1 April to 30 June 2024.
        let ds = dataset(vec![
            // Strategy discussion and conference on Wednesday 8 May: 0 working days. Within.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-07").s47("2024-05-08", Some("2024-05-08"))]),
            // Thursday 28 March to Monday 22 April: Good Friday (29 March) and Easter Monday (1 April) are
            // skipped, so 2–5 April (4), 8–12 (5), 15–19 (5), 22 (1) = exactly 15. Within. The enquiry
            // started before the quarter; the conference was held in it.
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-27").s47("2024-03-28", Some("2024-04-22"))]),
            // Wednesday 24 April to Friday 17 May, across the early May bank holiday (Monday 6 May):
            // 25, 26, 29, 30 April (4), 1–3 May (3), 7–10 (4), 13–17 (5) = 16. Not within.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-04-23").s47("2024-04-24", Some("2024-05-17"))]),
            // A child transferring in on a plan: the conference is recorded on the episode, with no enquiry
            // of this council. Left out, as by the DfE.
            child("D", "2015-01-01").tap(|c| c.referrals = vec![transfer_in_icpc(referral("2024-05-01"), "2024-05-10")]),
            // A conference dated before its strategy discussion (a recording error): left out.
            child("E", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-03").s47("2024-06-10", Some("2024-06-05"))]),
            // Friday 14 June to Sunday 30 June, the quarter's last day: 17–21 (5), 24–28 (5), and the
            // weekend adds nothing = 10. Within.
            child("F", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-13").s47("2024-06-14", Some("2024-06-30"))]),
            // Conference on 1 July, after the quarter: not in this quarter's figure.
            child("G", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-20").s47("2024-06-21", Some("2024-07-01"))]),
            // No conference needed: nothing to time.
            child("H", "2015-01-01").tap(|c| c.referrals = vec![no_icpc_needed(referral("2024-05-01").s47("2024-05-02", None))]),
        ]);
        let r = run("CP-02", &ds, "2024-25-Q1");
        // Conferences in the quarter after an enquiry: A, B, C, F. Within 15: A, B, F = 3/4 = 75%.
        assert_eq!((r.numerator, r.denominator), (3.0, Some(4.0)));
        assert_eq!(r.value, Some(75.0));
        assert_eq!(r.numerator_ids, vec!["A", "B", "F"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "F"]);
        // DfE's C4 bands: A (0) and F (10) in 0–10, B (15) in 11–15, C (16) in 16–20.
        assert_eq!(
            groups(&r),
            vec![("0-10 working days".into(), 2.0, Some(2.0)), ("11-15 working days".into(), 1.0, Some(1.0)), ("16-20 working days".into(), 0.0, Some(1.0))]
        );
    }

    #[test]
    fn icpc_timeliness_skips_christmas_new_year_and_weekends() {
        // Quarter 2024-25-Q4 is 1 January to 31 March 2025.
        let ds = dataset(vec![
            // Friday 13 December 2024 to Wednesday 8 January 2025: 16–20 Dec (5), 23, 24, 27, 30, 31 Dec (5;
            // 25 and 26 Dec are bank holidays), 2, 3, 6, 7, 8 Jan (5; 1 Jan is a bank holiday) = 15. Within.
            child("X", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-12-12").s47("2024-12-13", Some("2025-01-08"))]),
            // The same enquiry date, conference on Thursday 9 January: 16. Not within.
            child("Y", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-12-12").s47("2024-12-13", Some("2025-01-09"))]),
            // Friday 7 March to Monday 10 March 2025: the weekend is skipped, 1 working day. Within.
            child("Z", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-03-06").s47("2025-03-07", Some("2025-03-10"))]),
        ]);
        let r = run("CP-02", &ds, "2024-25-Q4");
        // X and Z within, of 3.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(3.0)));
        assert_eq!(r.numerator_ids, vec!["X", "Z"]);
        assert!((r.value.unwrap() - 200.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn s47_to_icpc_follows_the_enquiries_starting_in_the_period() {
        // Quarter 2024-25-Q1 is 1 April to 30 June 2024.
        let ds = dataset(vec![
            // Enquiry on the first day; conference 22 April. Led to a conference.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-30").s47("2024-04-01", Some("2024-04-22"))]),
            // Enquiry on the last day; conference 10 July, after the quarter: it still led to one.
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-28").s47("2024-06-30", Some("2024-07-10"))]),
            // No conference needed.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![no_icpc_needed(referral("2024-05-14").s47("2024-05-15", None))]),
            // Still waiting: in the cohort, not (yet) led to a conference.
            child("D", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-18").s47("2024-06-20", None)]),
            // Enquiry before the quarter, conference inside it: not in this quarter's cohort.
            child("E", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-27").s47("2024-03-28", Some("2024-04-22"))]),
            // A transfer-in conference with no enquiry: nothing to count.
            child("F", "2015-01-01").tap(|c| c.referrals = vec![transfer_in_icpc(referral("2024-05-01"), "2024-05-10")]),
        ]);
        let r = run("CP-03", &ds, "2024-25-Q1");
        // Enquiries starting in the quarter: A, B, C, D. Led to a conference: A, B = 2/4 = 50%.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(4.0)));
        assert_eq!(r.value, Some(50.0));
        assert_eq!(r.numerator_ids, vec!["A", "B"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D"]);
        assert_eq!(
            groups(&r),
            vec![
                ("Conference not required".into(), 0.0, Some(1.0)),
                ("Initial conference held".into(), 2.0, Some(2.0)),
                ("No outcome recorded yet".into(), 0.0, Some(1.0)),
            ]
        );
    }

    #[test]
    fn plans_starting_count_each_plan_including_edges() {
        // 2024-25 is 1 April 2024 to 31 March 2025.
        let ds = dataset(vec![
            // A plan starting 31 March 2024 (outside), then one on 31 March 2025, the last day (inside).
            child("A", "2015-01-01").tap(|c| {
                c.referrals =
                    vec![referral("2024-03-01").cp_plan("2024-03-31", Some("2024-04-20"), 0, &[]), referral("2025-03-20").cp_plan("2025-03-31", None, 1, &[])]
            }),
            // Plans starting on 1 April, the first day, and on 1 February: two plans, counted twice.
            child("B", "2016-01-01").tap(|c| {
                c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-01", Some("2024-09-01"), 0, &["2024-06-20"]).cp_plan("2025-02-01", None, 1, &[])]
            }),
            // A plan starting on 1 April 2025, the day after the year: outside.
            child("C", "2017-01-01").tap(|c| c.referrals = vec![referral("2025-03-25").cp_plan("2025-04-01", None, 0, &[])]),
        ]);
        let r = run("CP-04", &ds, "2024-25");
        // A 1 + B 2 = 3.
        assert_eq!(r.value, Some(3.0));
        assert_eq!(r.numerator_ids, vec!["A", "B"]);
    }

    #[test]
    fn second_or_subsequent_plans_use_the_recorded_number_or_the_councils_own_history() {
        // 2024-25 is 1 April 2024 to 31 March 2025.
        let ds = dataset(vec![
            // Recorded as having had 1 previous plan (made by another council); none in our records. Second.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-01").cp_plan("2024-05-10", None, 1, &[])]),
            // An earlier plan in our records, nine years before, but the new plan's number was left at 0.
            // Second: "regardless of how long ago".
            child("B", "2012-01-01").tap(|c| {
                c.referrals = vec![
                    referral("2014-12-01").cp_plan("2015-01-01", Some("2016-01-01"), 0, &["2015-03-20"]).closed("2016-02-01", ClosureReason::ServicesCeased),
                    referral("2024-05-20").cp_plan("2024-06-01", None, 0, &[]),
                ]
            }),
            // A first plan.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-07-01").cp_plan("2024-07-15", None, 0, &[])]),
            // Two plans in the year: 1 April (the first day) is a first plan; 31 March (the last day) a second.
            child("D", "2015-01-01").tap(|c| {
                c.referrals =
                    vec![referral("2024-03-20").cp_plan("2024-04-01", Some("2024-07-01"), 0, &[]), referral("2025-03-01").cp_plan("2025-03-31", None, 1, &[])]
            }),
        ]);
        let r = run("CP-05", &ds, "2024-25");
        // Five plans (D counts twice); second or subsequent: A, B, D's second = 3/5 = 60%.
        assert_eq!((r.numerator, r.denominator), (3.0, Some(5.0)));
        assert_eq!(r.value, Some(60.0));
        assert_eq!(r.numerator_ids, vec!["A", "B", "D"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D"]);
        // Which evidence shows it: B and D's second from our records, A from the recorded number alone.
        assert_eq!(
            groups(&r),
            vec![
                ("Earlier plan in the council's records".into(), 2.0, Some(2.0)),
                ("First plan".into(), 0.0, Some(2.0)),
                ("Recorded number of previous plans only".into(), 1.0, Some(1.0)),
            ]
        );
    }

    #[test]
    fn a_repeat_plan_is_one_whose_previous_plan_ended_within_2_years() {
        // 2024-25 is 1 April 2024 to 31 March 2025.
        let ds = dataset(vec![
            // Previous plan ended 15 May 2022; new plan 15 May 2024: exactly 2 years. A repeat within 2 years.
            child("A", "2012-01-01").tap(|c| {
                c.referrals =
                    vec![referral("2021-01-04").cp_plan("2021-02-01", Some("2022-05-15"), 0, &[]), referral("2024-05-01").cp_plan("2024-05-15", None, 1, &[])]
            }),
            // Previous plan ended 14 May 2022: 2 years and a day before. Not within (but still a second plan).
            child("B", "2012-01-01").tap(|c| {
                c.referrals =
                    vec![referral("2021-01-04").cp_plan("2021-02-01", Some("2022-05-14"), 0, &[]), referral("2024-05-01").cp_plan("2024-05-15", None, 1, &[])]
            }),
            // Recorded as having had 2 previous plans, none in our records: no end date to show it.
            child("C", "2012-01-01").tap(|c| c.referrals = vec![referral("2024-08-01").cp_plan("2024-08-05", None, 2, &[])]),
            // Two earlier plans; the later ended 1 December 2023, 9 months before the new plan. Within.
            child("D", "2012-01-01").tap(|c| {
                c.referrals = vec![
                    referral("2018-01-01").cp_plan("2018-02-01", Some("2019-02-01"), 0, &[]),
                    referral("2023-06-01").cp_plan("2023-06-05", Some("2023-12-01"), 1, &[]),
                    referral("2024-08-20").cp_plan("2024-09-01", None, 2, &[]),
                ]
            }),
            // A first plan.
            child("E", "2012-01-01").tap(|c| c.referrals = vec![referral("2025-01-10").cp_plan("2025-01-14", None, 0, &[])]),
        ]);
        let r = run("CP-06", &ds, "2024-25");
        // Five plans starting in the year; within 2 years of the last one ending: A and D = 2/5 = 40%.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(5.0)));
        assert_eq!(r.value, Some(40.0));
        assert_eq!(r.numerator_ids, vec!["A", "D"]);
        // All but E are second or subsequent plans (ever): 4/5 = 80%.
        assert_eq!(run("CP-05", &ds, "2024-25").value, Some(80.0));
    }

    #[test]
    fn children_on_a_plan_at_the_period_end_count_once() {
        // 2024-25 ends on Monday 31 March 2025.
        let ds = dataset(vec![
            // Two open plans in overlapping episodes: one child.
            child("A", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-01-05").cp_plan("2024-01-10", None, 0, &[]), referral("2025-01-20").cp_plan("2025-02-01", None, 1, &[])]
            }),
            // Plan ended on 31 March: no longer on a plan at the end of that day.
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-09-01").cp_plan("2024-09-10", Some("2025-03-31"), 0, &[])]),
            // Plan started on 31 March: on a plan.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-03-25").cp_plan("2025-03-31", None, 0, &[])]),
            // Plan starts on 1 April 2025: not yet.
            child("D", "2015-01-01").tap(|c| c.referrals = vec![referral("2025-03-25").cp_plan("2025-04-01", None, 0, &[])]),
            // Born 31 March 2007: 18 on 31 March 2025, plan never closed in the record. Not a child: left out.
            child("E", "2007-03-31").tap(|c| c.referrals = vec![referral("2024-06-01").cp_plan("2024-06-10", None, 0, &[])]),
            // Born 1 April 2007: still 17 on 31 March (18 the next day). Counted.
            child("F", "2007-04-01").tap(|c| c.referrals = vec![referral("2024-06-01").cp_plan("2024-06-10", None, 0, &[])]),
            // Unborn (due 1 May 2025) on a pre-birth plan. Counted.
            child("G", "2015-01-01").tap(|c| {
                c.birth_date = None;
                c.expected_birth_date = Some(d("2025-05-01"));
                c.referrals = vec![referral("2025-01-20").cp_plan("2025-02-10", None, 0, &[])];
            }),
            // Plan ended on 1 April 2025: still on it at the end of 31 March.
            child("H", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-09-01").cp_plan("2024-09-10", Some("2025-04-01"), 0, &[])]),
        ]);
        let r = run("CP-07", &ds, "2024-25");
        // A, C, F, G, H = 5 children (6 if A's two plans counted twice); 5 per 10,000.
        assert_eq!(r.numerator, 5.0);
        assert_eq!(r.value, Some(5.0));
        assert_eq!(r.numerator_ids, vec!["A", "C", "F", "G", "H"]);
    }

    #[test]
    fn plans_of_2_years_or_more_are_more_than_729_days_old_at_the_period_end() {
        // 2025-26 ends on 31 March 2026; no 29 February between 31 March 2024 and then.
        let ds = dataset(vec![
            // 31 March 2024 → 31 March 2026: 365 + 365 = 730 days, exactly 2 years. Counts.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-20").cp_plan("2024-03-31", None, 0, &[])]),
            // 1 April 2024: 729 days, 2 years less a day. Does not.
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-20").cp_plan("2024-04-01", None, 0, &[])]),
            // 30 March 2024: 731 days, 2 years and a day. Counts.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-20").cp_plan("2024-03-30", None, 0, &[])]),
            // A long plan that ended in 2021, and the current one from 1 October 2025 (181 days). Does not.
            child("D", "2015-01-01").tap(|c| {
                c.referrals =
                    vec![referral("2018-12-01").cp_plan("2019-01-01", Some("2021-01-01"), 0, &[]), referral("2025-09-20").cp_plan("2025-10-01", None, 1, &[])]
            }),
            // Two open plans, from 1 June 2023 and 1 December 2025: one child, timed from the earlier. Counts.
            child("E", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2023-05-20").cp_plan("2023-06-01", None, 0, &[]), referral("2025-11-20").cp_plan("2025-12-01", None, 1, &[])]
            }),
        ]);
        let r = run("CP-08", &ds, "2025-26");
        // A, C, E of 5 children = 60%.
        assert_eq!((r.numerator, r.denominator), (3.0, Some(5.0)));
        assert_eq!(r.value, Some(60.0));
        assert_eq!(r.numerator_ids, vec!["A", "C", "E"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D", "E"]);
    }

    #[test]
    fn two_years_on_a_plan_is_counted_in_days_across_a_leap_day() {
        // 2024-25 ends on 31 March 2025.
        let ds = dataset(vec![
            // 1 April 2023 → 1 April 2024 is 366 days (29 February 2024), → 31 March 2025 another 364:
            // 730 > 729, so 2 years in DfE's days, though the calendar anniversary is 1 April 2025.
            child("F", "2015-01-01").tap(|c| c.referrals = vec![referral("2023-03-20").cp_plan("2023-04-01", None, 0, &[])]),
            // 2 April 2023: 729 days. Not yet.
            child("G", "2015-01-01").tap(|c| c.referrals = vec![referral("2023-03-20").cp_plan("2023-04-02", None, 0, &[])]),
        ]);
        let r = run("CP-08", &ds, "2024-25");
        assert_eq!((r.numerator, r.denominator), (1.0, Some(2.0)));
        assert_eq!(r.numerator_ids, vec!["F"]);
    }

    #[test]
    fn reviews_on_time_first_within_3_months_then_every_6_months() {
        // 2024-25 ends on 31 March 2025; the cohort is children on a plan then that started by 31 December 2024.
        let ds = dataset(vec![
            // Plan 10 June 2024; reviews 10 September (exactly 3 months) and 10 March 2025 (exactly 6 months
            // later); next due 10 September 2025. On time.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-01").cp_plan("2024-06-10", None, 0, &["2024-09-10", "2025-03-10"])]),
            // Plan 10 June 2024; first review 11 September, 3 months and a day. Late, whatever follows.
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-01").cp_plan("2024-06-10", None, 0, &["2024-09-11", "2025-03-01"])]),
            // Plan 15 January 2024; first review 15 April (on the day due), second 16 October, 6 months and a day
            // after it (due 15 October). Late.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-01-02").cp_plan("2024-01-15", None, 0, &["2024-04-15", "2024-10-16"])]),
            // Plan 1 March 2024; reviews 20 May (due 1 June) and 1 November (due 20 November); next due
            // 1 May 2025, after the period end. On time.
            child("D", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-02-20").cp_plan("2024-03-01", None, 0, &["2024-05-20", "2024-11-01"])]),
            // Plan 1 March 2024; review 31 May (due 1 June), then none: the next fell due on 30 November 2024
            // (31 May + 6 months, in a 30-day month). Overdue at the period end.
            child("E", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-02-20").cp_plan("2024-03-01", None, 0, &["2024-05-31"])]),
            // Plan 31 December 2024: exactly 3 months at 31 March, so in the cohort. First review due
            // 31 March 2025, the period end, and not yet held: not late yet. On time.
            child("F", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-12-20").cp_plan("2024-12-31", None, 0, &[])]),
            // Plan 1 January 2025: under 3 months at 31 March. Not in the cohort.
            child("G", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-12-20").cp_plan("2025-01-01", None, 0, &[])]),
            // Plan ended 1 March 2025 with no review ever: not on a plan at the end, not in the cohort.
            child("H", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-20").cp_plan("2024-04-01", Some("2025-03-01"), 0, &[])]),
        ]);
        let r = run("CP-09", &ds, "2024-25");
        // Cohort A–F (6); on time A, D, F = 3/6 = 50%.
        assert_eq!((r.numerator, r.denominator), (3.0, Some(6.0)));
        assert_eq!(r.value, Some(50.0));
        assert_eq!(r.numerator_ids, vec!["A", "D", "F"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D", "E", "F"]);
    }

    #[test]
    fn cp_visits_within_10_working_days_of_the_period_end() {
        // Quarter 2024-25-Q1 ends on Sunday 30 June 2024.
        let ds = dataset(vec![
            // Seen Friday 14 June: 17–21 (5), 24–28 (5), the weekend nothing = 10. Within.
            child("A", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", None, 0, &[])];
                c.visits = vec![seen("2024-05-30"), seen("2024-06-14")];
            }),
            // Seen Thursday 13 June: 11. A visit on 25 June where the child was not seen does not count. Not within.
            child("B", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", None, 0, &[])];
                c.visits = vec![seen("2024-06-13"), not_seen("2024-06-25")];
            }),
            // Seen on Sunday 30 June, the last day: 0. Within.
            child("C", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", None, 0, &[])];
                c.visits = vec![seen("2024-06-30")];
            }),
            // Plan started Wednesday 26 June, not seen yet: 27 and 28 June = 2 working days, a visit is not due
            // until 10 July. Within.
            child("D", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-20").cp_plan("2024-06-26", None, 0, &[])]),
            // Plan started 1 May; seen only on 20 April, before the plan: the clock runs from 1 May. Not within.
            child("E", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-04-15").cp_plan("2024-05-01", None, 0, &[])];
                c.visits = vec![seen("2024-04-20")];
            }),
            // Seen on a child in need visit on 27 June (not a CP visit); last CP visit Monday 3 June:
            // 4–7 (4), 10–14 (5), 17–21 (5), 24–28 (5) = 19. Not within.
            child("F", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", None, 0, &[])];
                c.visits = vec![seen("2024-06-03"), cin_visit("2024-06-27")];
            }),
            // Plan ended 20 June: not on a plan at the end.
            child("G", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", Some("2024-06-20"), 0, &[])]),
            // Born 30 June 2006: 18 on the last day, plan never closed. Left out.
            child("H", "2006-06-30").tap(|c| c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", None, 0, &[])]),
        ]);
        let r = run("CP-10", &ds, "2024-25-Q1");
        // On a plan: A–F (6); within: A, C, D = 3/6 = 50%.
        assert_eq!((r.numerator, r.denominator), (3.0, Some(6.0)));
        assert_eq!(r.value, Some(50.0));
        assert_eq!(r.numerator_ids, vec!["A", "C", "D"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D", "E", "F"]);
    }

    /// May 2024 ends on Friday 31 May; Monday 27 May is the spring bank holiday.
    fn may_2024_visits() -> Dataset {
        let mut ds = dataset(vec![
            // Seen Thursday 16 May: 17, 20–24, 28–31 = 10 (27 May skipped; 11 without the holiday). Within.
            child("P", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", None, 0, &[])];
                c.visits = vec![seen("2024-05-16")];
            }),
            // Seen Wednesday 15 May: 11. Not within.
            child("Q", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", None, 0, &[])];
                c.visits = vec![seen("2024-05-15")];
                c.allocations =
                    vec![Allocation { worker: "W1".into(), team: "T1".into(), start: d("2024-04-02"), end: None, end_reason: None, referral_id: None }];
            }),
            // Plan started Tuesday 2 April, never seen (a visit on 30 May did not see the child). Not within.
            child("R", "2015-01-01").tap(|c| {
                c.referrals = vec![referral("2024-03-25").cp_plan("2024-04-02", None, 0, &[])];
                c.visits = vec![not_seen("2024-05-30")];
            }),
            // Plan started Friday 24 May, not seen yet: 28–31 May = 4 working days. Not yet due: within.
            child("S", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-20").cp_plan("2024-05-24", None, 0, &[])]),
        ]);
        ds.teams = vec![Team { id: "T1".into(), name: "Safeguarding East".into(), service: Service::Safeguarding }];
        ds
    }

    #[test]
    fn cp_visits_count_working_days_across_a_bank_holiday() {
        let r = run("CP-10", &may_2024_visits(), "2024-05");
        // P and S within, Q and R not: 2/4 = 50%.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(4.0)));
        assert_eq!(r.numerator_ids, vec!["P", "S"]);
    }

    #[test]
    fn cp_visits_overdue_lists_children_not_seen_in_time_with_due_dates() {
        let list = run_list("cp-visits-overdue", &may_2024_visits(), "2024-05");
        let rows: Vec<(&str, NaiveDate, i32)> = list.iter().map(|e| (e.id.as_str(), e.due, e.overdue_working_days)).collect();
        assert_eq!(
            rows,
            vec![
                // R: never seen, so due 10 working days after the plan's start on Tuesday 2 April: 3–5, 8–12,
                // 15, 16 April → 16 April. Overdue at 31 May: 17–19 Apr (3), 22–26 (5), 29–30 (2), 1–3 May (3),
                // 7–10 (4; 6 May holiday), 13–17 (5), 20–24 (5), 28–31 (4; 27 May holiday) = 31.
                ("R", d("2024-04-16"), 31),
                // Q: seen 15 May, so due 16, 17, 20–24, 28, 29, 30 May → Thursday 30 May; 1 working day overdue.
                ("Q", d("2024-05-30"), 1),
            ]
        );
        // P (seen in time) and S (not yet due, 10 June) are not listed.
        assert_eq!(list[0].detail, "not seen on a child protection visit since the plan started on 02/04/2024");
        assert_eq!(list[1].detail, "last seen on a child protection visit on 15/05/2024");
        // Who holds them on 31 May.
        assert_eq!((list[1].worker.as_deref(), list[1].team.as_deref()), (Some("W1"), Some("Safeguarding East")));
        assert_eq!((list[0].worker.as_deref(), list[0].team.as_deref()), (None, None));
    }

    /// Quarter 2024-25-Q1 ends on Sunday 30 June 2024.
    fn awaiting_at_june_2024() -> Dataset {
        dataset(vec![
            // Strategy discussion Friday 7 June, nothing since: awaiting.
            child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-06").s47("2024-06-07", None)]),
            // Strategy discussion Thursday 28 March, nothing since: awaiting.
            child("B", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-03-27").s47("2024-03-28", None)]),
            // Strategy discussion Monday 3 June, conference on 2 July: at 30 June still awaiting.
            child("C", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-31").s47("2024-06-03", Some("2024-07-02"))]),
            // Conference held 20 June: not awaiting.
            child("D", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-31").s47("2024-06-03", Some("2024-06-20"))]),
            // No conference needed: not awaiting.
            child("E", "2015-01-01").tap(|c| c.referrals = vec![no_icpc_needed(referral("2024-06-07").s47("2024-06-10", None))]),
            // Strategy discussion on Sunday 30 June, the last day: awaiting.
            child("F", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-28").s47("2024-06-30", None)]),
            // Strategy discussion on 1 July: after the period end.
            child("G", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-28").s47("2024-07-01", None)]),
            // The episode closed on 31 May without an outcome recorded: nothing open to await.
            child("H", "2015-01-01")
                .tap(|c| c.referrals = vec![referral("2024-04-25").s47("2024-05-01", None).closed("2024-05-31", ClosureReason::ServicesCeased)]),
            // Born 15 June 2006: 18 by the period end. Left out.
            child("I", "2006-06-15").tap(|c| c.referrals = vec![referral("2024-05-31").s47("2024-06-03", None)]),
            // The episode closed on Sunday 30 June, the last day: closed by the end of it, so not awaiting.
            child("K", "2015-01-01")
                .tap(|c| c.referrals = vec![referral("2024-06-03").s47("2024-06-05", None).closed("2024-06-30", ClosureReason::ServicesCeased)]),
            // Two enquiries awaiting in one episode: one child.
            child("J", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-06-14").s47("2024-06-17", None).s47("2024-06-24", None)]),
        ])
    }

    #[test]
    fn children_awaiting_an_icpc_at_the_period_end() {
        let r = run("CP-11", &awaiting_at_june_2024(), "2024-25-Q1");
        // A, B, C, F, J: 5 children (J once for two enquiries).
        assert_eq!(r.value, Some(5.0));
        assert_eq!(r.numerator_ids, vec!["A", "B", "C", "F", "J"]);
    }

    #[test]
    fn awaiting_icpc_lists_each_child_with_the_conference_due_date() {
        let list = run_list("awaiting-icpc", &awaiting_at_june_2024(), "2024-25-Q1");
        let rows: Vec<(&str, NaiveDate, i32)> = list.iter().map(|e| (e.id.as_str(), e.due, e.overdue_working_days)).collect();
        assert_eq!(
            rows,
            vec![
                // B: 15 working days after Thursday 28 March is Monday 22 April (Easter skipped: 2–5, 8–12,
                // 15–19, 22 April). Overdue at 30 June: 23–26 Apr (4), 29–30 (2), 1–3 May (3), 7–10 (4),
                // 13–17 (5), 20–24 (5), 28–31 (4), 3–7 Jun (5), 10–14 (5), 17–21 (5), 24–28 (5) = 47.
                ("B", d("2024-04-22"), 47),
                // C: due 4–7, 10–14, 17–21, 24 June → Monday 24 June; overdue 25–28 June = 4.
                ("C", d("2024-06-24"), 4),
                // A: due 10–14, 17–21, 24–28 June → Friday 28 June; the weekend after adds nothing: 0.
                ("A", d("2024-06-28"), 0),
                // F: due 1–5, 8–12, 15–19 July → Friday 19 July; not yet due: 0.
                ("F", d("2024-07-19"), 0),
                // J: the earlier enquiry (17 June) is due 18–21, 24–28 June, 1–5, 8 July → Monday 8 July: 0.
                ("J", d("2024-07-08"), 0),
            ]
        );
        assert_eq!(list[0].detail, "section 47 strategy discussion on 28/03/2024, no initial conference yet");
        assert_eq!(list[4].detail, "section 47 strategy discussion on 17/06/2024, no initial conference yet (and 1 more enquiry awaiting one)");
    }

    #[test]
    fn no_cases_give_no_share_rather_than_zero() {
        // A referral with no enquiry and no plan.
        let ds = dataset(vec![child("A", "2015-01-01").tap(|c| c.referrals = vec![referral("2024-05-01")])]);
        for id in ["CP-02", "CP-03", "CP-05", "CP-06", "CP-08", "CP-09", "CP-10"] {
            assert_eq!(run(id, &ds, "2024-25").value, None, "{id}");
        }
        for id in ["CP-01", "CP-04", "CP-07", "CP-11"] {
            assert_eq!(run(id, &ds, "2024-25").value, Some(0.0), "{id}");
        }
        assert!(run_list("awaiting-icpc", &ds, "2024-25").is_empty());
        assert!(run_list("cp-visits-overdue", &ds, "2024-25").is_empty());

        // On a plan at 31 March 2025 since 15 January: under 3 months, so no one to judge reviews on, while
        // the other snapshot measures have their child (not 2 years; seen 28 March, 1 working day before).
        let ds = dataset(vec![child("B", "2015-01-01").tap(|c| {
            c.referrals = vec![referral("2025-01-10").cp_plan("2025-01-15", None, 0, &[])];
            c.visits = vec![seen("2025-03-28")];
        })]);
        assert_eq!(run("CP-09", &ds, "2024-25").value, None);
        assert_eq!(run("CP-07", &ds, "2024-25").value, Some(1.0));
        assert_eq!(run("CP-08", &ds, "2024-25").value, Some(0.0));
        assert_eq!(run("CP-10", &ds, "2024-25").value, Some(100.0));
    }
}
