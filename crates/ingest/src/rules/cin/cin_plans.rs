//! CIN plans (CINPlanDates): their dates, and how they fit with the
//! episode, the child's death and child protection plans.

use super::{children, day, episodes, is_nfa, period, reference_date, report_after_death, report_overlaps, within};
use crate::raw::{CinCpPlan, CinPlanDates};
use crate::rules::{Context, Findings};
use chrono::NaiveDate;

pub(super) fn plan_on_nfa(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if let Some(p) = e.cin_plans.first().filter(|_| is_nfa(e)) {
                f.report(
                    cin.file,
                    p.line,
                    c.id(),
                    "CINPlanDates",
                    "",
                    "CIN Plan details provided for a referral with no further action. Set ReferralNFA to false, or move the plan to the episode it belongs to.",
                );
            }
        }
    }
}

pub(super) fn open_with_open_cpp(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if !e.cp_plans.iter().any(|p| !p.end.present()) {
                continue;
            }
            for p in e.cin_plans.iter().filter(|p| p.start.present() && !p.end.present()) {
                f.report(cin.file, p.start.line, c.id(), "CINPlanEndDate", "", format!("A CIN Plan cannot run concurrently with a Child Protection Plan: the CIN plan from {} and a child protection plan are both open. End the CIN plan when the child protection plan starts.", p.start.raw().trim()));
            }
        }
    }
}

pub(super) fn cpp_review_during_plan(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let plans: Vec<(NaiveDate, NaiveDate)> = e.cin_plans.iter().filter_map(|p| Some((p.start.date()?, p.end.date()?))).collect();
            if plans.is_empty() {
                continue;
            }
            for cpp in &e.cp_plans {
                for r in &cpp.reviews {
                    let Some(d) = r.date().filter(|d| Some(*d) != cpp.end.date()) else { continue };
                    if let Some((s, end)) = plans.iter().find(|(s, end)| d >= *s && d < *end) {
                        f.report(cin.file, r.line, c.id(), "CPPreviewDate", r.raw(), format!("A CPP review date is shown as being held at the same time as an open CIN Plan: review {} while the CIN plan ran from {} to {}. Correct the dates; a child is on one kind of plan at a time.", day(d), day(*s), day(*end)));
                    }
                }
            }
        }
    }
}

pub(super) fn several_open(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let open: Vec<&CinPlanDates> = e.cin_plans.iter().filter(|p| !p.end.present()).collect();
            for p in open.iter().skip(1) {
                f.report(cin.file, if p.start.line > 0 { p.start.line } else { p.line }, c.id(), "CINPlanEndDate", "", format!("This child is showing more than one open CIN Plan, i.e. with no End Date: {} CIN plans on this episode are open. Add the end dates of those that have ended.", open.len()));
            }
        }
    }
}

pub(super) fn starts_after_death(ctx: &Context, f: &mut Findings) {
    report_after_death(
        ctx,
        f,
        "CINPlanStartDate",
        |e| e.cin_plans.iter().map(|p| &p.start).collect(),
        |d, died| {
            format!(
                "CIN Plan shown as starting after the child's Date of Death: the plan started {}, the child died {}. Correct whichever date is wrong.",
                day(d),
                day(died)
            )
        },
    );
}

pub(super) fn ends_after_death(ctx: &Context, f: &mut Findings) {
    report_after_death(
        ctx,
        f,
        "CINPlanEndDate",
        |e| e.cin_plans.iter().map(|p| &p.end).collect(),
        |d, died| {
            format!(
                "CIN Plan cannot end after the child's Date of Death: the plan ended {}, the child died {}. End the plan on the date of death at the latest.",
                day(d),
                day(died)
            )
        },
    );
}

pub(super) fn start_missing_or_late(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for (c, e) in episodes(cin) {
            for p in &e.cin_plans {
                if !p.start.present() {
                    f.report(
                        cin.file,
                        p.line,
                        c.id(),
                        "CINPlanStartDate",
                        "",
                        "CIN Plan start date is missing or out of data collection period: the CIN plan has no start date. Add the date the plan started.",
                    );
                } else if let (Some(d), Some(r)) = (p.start.date(), reference) {
                    if d > r {
                        f.report(cin.file, p.start.line, c.id(), "CINPlanStartDate", p.start.raw(), format!("CIN Plan start date is missing or out of data collection period: {} is after the reference date {}. Correct the date; a plan starting later belongs in next year's census.", day(d), day(r)));
                    }
                }
            }
        }
    }
}

pub(super) fn ends_before_start(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for p in &e.cin_plans {
                if let (Some(s), Some(end)) = (p.start.date(), p.end.date()) {
                    if end < s {
                        f.report(
                            cin.file,
                            p.end.line,
                            c.id(),
                            "CINPlanEndDate",
                            p.end.raw(),
                            format!("CIN Plan End Date earlier than Start Date: ended {}, started {}. Correct whichever date is wrong.", day(end), day(s)),
                        );
                    }
                }
            }
        }
    }
}

pub(super) fn same_day(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for p in &e.cin_plans {
                if let (Some(s), Some(end)) = (p.start.date(), p.end.date()) {
                    if s == end {
                        f.report(cin.file, p.end.line, c.id(), "CINPlanEndDate", p.end.raw(), format!("Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day ({}). Correct the dates, or remove the plan if none was made.", day(s)));
                    }
                }
            }
        }
    }
}

pub(super) fn end_outside_year(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        for (c, e) in episodes(cin) {
            for p in &e.cin_plans {
                if let Some(d) = p.end.date().filter(|d| *d < start || *d > end) {
                    f.report(cin.file, p.end.line, c.id(), "CINPlanEndDate", p.end.raw(), format!("CIN Plan end date must fall within the census year: {} is outside {} to {}. A plan that ended before the year is not returned; a plan still open at the reference date has no end date.", day(d), day(start), day(end)));
                }
            }
        }
    }
}

pub(super) fn overlapping(ctx: &Context, f: &mut Findings) {
    report_overlaps(
        ctx,
        f,
        "CINPlanStartDate",
        |c| c.episodes.iter().flat_map(|e| &e.cin_plans).map(|p| (&p.start, &p.end)).collect(),
        |start, other, until| {
            format!("CIN Plan data contains overlapping dates: this plan starts {}, within the plan that started {} and {until}. Correct the dates or remove a duplicate.", day(start), day(other))
        },
    );
}

pub(super) fn starts_before_referral(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let Some(referred) = e.referral_date.date() else { continue };
            for p in &e.cin_plans {
                if let Some(d) = p.start.date().filter(|d| *d < referred) {
                    f.report(cin.file, p.start.line, c.id(), "CINPlanStartDate", p.start.raw(), format!("The CIN Plan start date cannot be before the referral date: the plan started {}, the referral was {}. Correct the date, or move the plan to the episode it belongs to.", day(d), day(referred)));
                }
            }
        }
    }
}

/// Whether `d` falls in the plan that ran from `start` to `end` (exclusive), or from `start` to `open_until` when open.
fn during(d: NaiveDate, start: NaiveDate, end: Option<NaiveDate>, open_until: Option<NaiveDate>) -> bool {
    match end {
        Some(end) => d >= start && d < end,
        None => within(d, start, None, open_until),
    }
}

pub(super) fn starts_during_cpp(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for c in children(cin) {
            let cpps: Vec<&CinCpPlan> = c.episodes.iter().flat_map(|e| &e.cp_plans).collect();
            if cpps.is_empty() {
                continue;
            }
            for p in c.episodes.iter().flat_map(|e| &e.cin_plans) {
                let Some(d) = p.start.date() else { continue };
                if let Some(cpp) = cpps.iter().find(|cpp| cpp.start.date().is_some_and(|s| during(d, s, cpp.end.date(), reference))) {
                    f.report(cin.file, p.start.line, c.id(), "CINPlanStartDate", p.start.raw(), format!("A CIN Plan has been reported as open at the same time as a Child Protection Plan: the CIN plan starts {} while the child protection plan from {} is open. A CIN plan may start the day a protection plan ends; correct the dates.", day(d), cpp.start.raw().trim()));
                }
            }
        }
    }
}

pub(super) fn cpp_starts_during_plan(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for c in children(cin) {
            let plans: Vec<&CinPlanDates> = c.episodes.iter().flat_map(|e| &e.cin_plans).collect();
            if plans.is_empty() {
                continue;
            }
            for cpp in c.episodes.iter().flat_map(|e| &e.cp_plans) {
                let Some(d) = cpp.start.date() else { continue };
                if let Some(p) = plans.iter().find(|p| p.start.date().is_some_and(|s| during(d, s, p.end.date(), reference))) {
                    f.report(cin.file, cpp.start.line, c.id(), "CPPstartDate", cpp.start.raw(), format!("A CIN Plan has been reported as open at the same time as a Child Protection Plan: the child protection plan starts {} while the CIN plan from {} is open. End the CIN plan on the day the protection plan starts.", day(d), p.start.raw().trim()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    const ASSESSMENT: &str = "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-05-30</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>";

    fn plan(start: &str, end: &str) -> String {
        let end = if end.is_empty() { String::new() } else { format!("<CINPlanEndDate>{end}</CINPlanEndDate>") };
        format!("<CINPlanDates><CINPlanStartDate>{start}</CINPlanStartDate>{end}</CINPlanDates>")
    }

    fn cpp(start: &str, end: &str, review: &str) -> String {
        let end = if end.is_empty() { String::new() } else { format!("<CPPendDate>{end}</CPPendDate>") };
        let review = if review.is_empty() { String::new() } else { format!("<Reviews><CPPreviewDate>{review}</CPPreviewDate></Reviews>") };
        format!("<Section47><S47ActualStartDate>2024-05-02</S47ActualStartDate><DateOfInitialCPC>{start}</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47><ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>{end}<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>{review}</ChildProtectionPlans>")
    }

    fn with(id: &str, more: &str) -> String {
        child(id, &open("2024-05-01", &format!("{ASSESSMENT}{more}")))
    }

    fn ok() -> String {
        with("OK", &plan("2024-05-30", ""))
    }

    #[test]
    fn plan_dates() {
        let all = ok()
            + &with("EARLY", &plan("2024-04-20", "2024-06-01"))
            + &with("BACK", &plan("2024-06-20", "2024-06-01"))
            + &with("SAME", &plan("2024-06-01", "2024-06-01"))
            + &with("LATE", &plan("2025-04-02", ""))
            + &with("NOSTART", "<CINPlanDates><CINPlanEndDate>2024-06-01</CINPlanEndDate></CINPlanDates>")
            + &with("OUTSIDE", &plan("2024-06-01", "2025-04-20"));
        assert_eq!(found("4015", &all), vec!["EARLY"]);
        assert_eq!(found("4011", &all), vec!["BACK"]);
        assert_eq!(found("4012Q", &all), vec!["SAME"]);
        assert_eq!(found("4010", &all), vec!["LATE", "NOSTART"]);
        assert_eq!(found("4013", &all), vec!["OUTSIDE"]);
    }

    #[test]
    fn r4000_no_plan_on_nfa() {
        let nfa = child(
            "NFA",
            &ep(&format!(
                "<CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>true</ReferralNFA>{}",
                plan("2024-05-30", "")
            )),
        );
        assert_eq!(found("4000", &(ok() + &nfa)), vec!["NFA"]);
    }

    #[test]
    fn open_and_overlapping_plans() {
        let two_open = with("TWO", &(plan("2024-05-30", "") + &plan("2024-07-01", "")));
        let overlap = with("OVER", &(plan("2024-05-30", "2024-08-01") + &plan("2024-07-01", "2024-09-01")));
        let follow = with("FOLLOW", &(plan("2024-05-30", "2024-07-01") + &plan("2024-07-02", "")));
        let all = ok() + &two_open + &overlap + &follow;
        assert_eq!(found("4004", &all), vec!["TWO"]);
        assert_eq!(found("4014", &all), vec!["TWO", "OVER"]);
    }

    #[test]
    fn plans_and_death() {
        let died = |id: &str, death: &str| {
            child_with(
                &format!("{}<PersonDeathDate>{death}</PersonDeathDate>", ids(id)),
                "<Ethnicity>WBRI</Ethnicity>",
                &open("2024-05-01", &format!("{ASSESSMENT}{}", plan("2024-05-30", "2024-09-01"))),
            )
        };
        let all = ok() + &died("FINE", "2024-09-01") + &died("MIDWAY", "2024-07-01") + &died("BEFORE", "2024-05-10");
        assert_eq!(found("4008", &all), vec!["BEFORE"]);
        assert_eq!(found("4009Q", &all), vec!["MIDWAY", "BEFORE"]);
    }

    #[test]
    fn cin_plans_and_protection_plans() {
        // A CIN plan, then a protection plan from the day it ends: fine.
        let handover = with("HANDOVER", &(plan("2024-05-10", "2024-05-20") + &cpp("2024-05-20", "", "2024-08-20")));
        // A protection plan, then a CIN plan from the day it ends: fine.
        let step_down = with("STEPDOWN", &(cpp("2024-05-20", "2024-09-01", "2024-08-20") + &plan("2024-09-01", "")));
        let both_open = with("BOTHOPEN", &(plan("2024-05-10", "") + &cpp("2024-05-20", "", "")));
        let cin_inside = with("CININSIDE", &(cpp("2024-05-20", "2024-09-01", "") + &plan("2024-06-01", "2024-07-01")));
        let review_inside = with("REVIEW", &(plan("2024-05-10", "2024-09-01") + &cpp("2024-05-20", "2024-06-20", "2024-06-10")));
        let all = ok() + &handover + &step_down + &both_open + &cin_inside + &review_inside;
        assert_eq!(found("4001", &all), vec!["BOTHOPEN"]);
        assert_eq!(found("4016", &all), vec!["CININSIDE"]);
        assert_eq!(found("4017", &all), vec!["BOTHOPEN", "REVIEW"]);
        assert_eq!(found("4003", &all), vec!["REVIEW"]);
    }
}
