//! Child protection plans: dates, categories of abuse, reviews, and how
//! plans fit with conferences, deaths and one another.

use super::{children, day, episodes, flag, is_nfa, period, reference_date, report_after_death, report_overlaps};
use crate::raw::{CinCpPlan, Val};
use crate::rules::{Context, Findings};
use scrutiny_model::codes::AbuseCategory;

pub(super) fn starts_before_referral(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let Some(referred) = e.referral_date.date() else { continue };
            for p in &e.cp_plans {
                if let Some(d) = p.start.date().filter(|d| *d < referred) {
                    f.report(cin.file, p.start.line, c.id(), "CPPstartDate", p.start.raw(), format!("The child protection plan start date cannot be before the referral date: the plan started {}, the referral was {}. Correct the date, or move the plan to the episode it belongs to.", day(d), day(referred)));
                }
            }
        }
    }
}

pub(super) fn more_plans_than_conferences(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        let in_year = |v: &Val| v.date().is_some_and(|d| d >= start && d <= end);
        let (mut plans, mut conferences) = (0usize, 0usize);
        for (_, e) in episodes(cin) {
            plans += e.cp_plans.iter().filter(|p| in_year(&p.start)).count();
            conferences += usize::from(in_year(&e.initial_cpc)) + e.section47s.iter().filter(|s| in_year(&s.icpc_date)).count();
        }
        if plans > conferences {
            f.report(cin.file, 0, "", "CPPstartDate", "", format!("There are more child protection plans starting than initial conferences taking place: {plans} plans start in the year but only {conferences} initial conferences are recorded. Every plan follows a conference; add the missing conference dates."));
        }
    }
}

pub(super) fn start_not_on_conference_day(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        for (c, e) in episodes(cin) {
            let enquiries: Vec<_> = e.section47s.iter().filter(|s| flag(&s.icpc_not_required) != Some(true)).collect();
            for p in &e.cp_plans {
                let Some(d) = p.start.date().filter(|d| *d >= start && *d <= end) else { continue };
                let (matched, against) = if enquiries.is_empty() {
                    (e.initial_cpc.date() == Some(d), "the episode's DateOfInitialCPC")
                } else {
                    (enquiries.iter().any(|s| s.icpc_date.date() == Some(d)), "any Section 47's DateOfInitialCPC")
                };
                if !matched {
                    f.report(cin.file, p.start.line, c.id(), "CPPstartDate", p.start.raw(), format!("Child protection plan shown as starting a different day to the initial child protection conference: the plan starts {} but that is not {against}. A plan starts on the day of the conference that decided it; correct either date or add the conference.", day(d)));
                }
            }
        }
    }
}

pub(super) fn start_missing_or_late(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for (c, e) in episodes(cin) {
            for p in &e.cp_plans {
                if !p.start.present() {
                    f.report(cin.file, p.line, c.id(), "CPPstartDate", "", "Child Protection Plan Start Date missing or out of data collection period: the plan has no CPPstartDate. Add the date of the conference that started it.");
                } else if let (Some(d), Some(r)) = (p.start.date(), reference) {
                    if d > r {
                        f.report(cin.file, p.start.line, c.id(), "CPPstartDate", p.start.raw(), format!("Child Protection Plan Start Date missing or out of data collection period: {} is after the reference date {}. Correct the date; a plan starting later belongs in next year's census.", day(d), day(r)));
                    }
                }
            }
        }
    }
}

pub(super) fn previous_plans(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for p in &e.cp_plans {
                let v = &p.previous_plans;
                let ok = v.trimmed().and_then(|t| t.parse::<i64>().ok()).is_some_and(|n| n >= 0);
                if !ok {
                    let what = if v.present() {
                        format!("'{}' is not a whole number of zero or more", v.raw().trim())
                    } else {
                        "NumberOfPreviousCPP is not given".to_string()
                    };
                    f.report(cin.file, if v.line > 0 { v.line } else { p.line }, c.id(), "NumberOfPreviousCPP", v.raw(), format!("Total Number of previous Child Protection Plans missing: {what}. Give the number of plans the child had before this one (0 if none)."));
                }
            }
        }
    }
}

pub(super) fn same_day(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for p in &e.cp_plans {
                if let (Some(s), Some(end)) = (p.start.date(), p.end.date()) {
                    if s == end {
                        f.report(
                            cin.file,
                            p.end.line,
                            c.id(),
                            "CPPendDate",
                            p.end.raw(),
                            format!(
                                "Child Protection Plan cannot start and end on the same day: both are {}. Correct the dates; if no plan was made, remove it.",
                                day(s)
                            ),
                        );
                    }
                }
            }
        }
    }
}

pub(super) fn ends_before_start(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for p in &e.cp_plans {
                if let (Some(s), Some(end)) = (p.start.date(), p.end.date()) {
                    if end < s {
                        f.report(
                            cin.file,
                            p.end.line,
                            c.id(),
                            "CPPendDate",
                            p.end.raw(),
                            format!(
                                "Child Protection Plan End Date earlier than Start Date: ended {}, started {}. Correct whichever date is wrong.",
                                day(end),
                                day(s)
                            ),
                        );
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
            for p in &e.cp_plans {
                if let Some(d) = p.end.date().filter(|d| *d < start || *d > end) {
                    f.report(cin.file, p.end.line, c.id(), "CPPendDate", p.end.raw(), format!("Child Protection Plan End Date must fall within the census year: {} is outside {} to {}. A plan that ended before the year is not returned; a plan still open at the reference date has no end date.", day(d), day(start), day(end)));
                }
            }
        }
    }
}

pub(super) fn review_not_after_start(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for p in &e.cp_plans {
                let Some(s) = p.start.date() else { continue };
                for r in &p.reviews {
                    if let Some(d) = r.date().filter(|d| *d <= s) {
                        f.report(cin.file, r.line, c.id(), "CPPreviewDate", r.raw(), format!("The review date cannot be on the same day or before the Child protection Plan start date: review {}, plan started {}. Correct the date, or move the review to the plan it belongs to.", day(d), day(s)));
                    }
                }
            }
        }
    }
}

pub(super) fn review_without_date(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for p in &e.cp_plans {
                for r in p.reviews.iter().filter(|r| !r.present()) {
                    f.report(cin.file, if r.line > 0 { r.line } else { p.line }, c.id(), "CPPreviewDate", "", "Please check and either amend or provide a reason: Review Record has a missing date. Add the date the review conference was held, or remove the empty review.");
                }
            }
        }
    }
}

fn category(ctx: &Context, f: &mut Findings, field: &str, label: &str, of: fn(&CinCpPlan) -> &Val) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for p in &e.cp_plans {
                let v = of(p);
                if v.code(AbuseCategory::from_code).is_none() {
                    let what = if v.present() { format!("'{}' is not a category", v.raw().trim()) } else { format!("there is no {field}") };
                    f.report(cin.file, if v.line > 0 { v.line } else { p.line }, c.id(), field, v.raw(), format!("{label} Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set): {what}. Use NEG, PHY, SAB, EMO or MUL."));
                }
            }
        }
    }
}

pub(super) fn initial_category(ctx: &Context, f: &mut Findings) {
    category(ctx, f, "InitialCategoryOfAbuse", "Initial", |p| &p.initial_category);
}

pub(super) fn latest_category(ctx: &Context, f: &mut Findings) {
    category(ctx, f, "LatestCategoryOfAbuse", "Latest", |p| &p.latest_category);
}

pub(super) fn starts_after_death(ctx: &Context, f: &mut Findings) {
    report_after_death(
        ctx,
        f,
        "CPPstartDate",
        |e| e.cp_plans.iter().map(|p| &p.start).collect(),
        |d, died| {
            format!("Child Protection Plan shown as starting after the child's Date of Death: the plan started {}, the child died {}. Correct whichever date is wrong.", day(d), day(died))
        },
    );
}

pub(super) fn ends_after_death(ctx: &Context, f: &mut Findings) {
    report_after_death(
        ctx,
        f,
        "CPPendDate",
        |e| e.cp_plans.iter().map(|p| &p.end).collect(),
        |d, died| {
            format!("Child Protection Plan cannot end after the child's Date of Death: the plan ended {}, the child died {}. End the plan on the date of death at the latest.", day(d), day(died))
        },
    );
}

pub(super) fn several_open(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let open: Vec<&CinCpPlan> = c.episodes.iter().flat_map(|e| &e.cp_plans).filter(|p| !p.end.present()).collect();
            for p in open.iter().skip(1) {
                f.report(cin.file, if p.start.line > 0 { p.start.line } else { p.line }, c.id(), "CPPendDate", "", format!("This child is showing more than one open Child Protection plan, i.e. with no End Date: {} plans are open. Add the end date of the plans that have ended.", open.len()));
            }
        }
    }
}

pub(super) fn overlapping(ctx: &Context, f: &mut Findings) {
    report_overlaps(
        ctx,
        f,
        "CPPstartDate",
        |c| c.episodes.iter().flat_map(|e| &e.cp_plans).map(|p| (&p.start, &p.end)).collect(),
        |start, other, until| {
            format!("Child Protection Plan data contains overlapping dates: this plan starts {}, within the plan that started {} and {until}. A child has one plan at a time; correct the dates or remove a duplicate.", day(start), day(other))
        },
    );
}

pub(super) fn plan_on_nfa(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if let Some(p) = e.cp_plans.first().filter(|_| is_nfa(e)) {
                f.report(cin.file, p.line, c.id(), "ChildProtectionPlans", "", "Child Protection details provided for a referral with no further action. Set ReferralNFA to false, or move the plan to the episode it belongs to.");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    const ASSESSMENT: &str = "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-05-30</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>";

    fn s47(icpc: &str) -> String {
        format!("<Section47><S47ActualStartDate>2024-05-02</S47ActualStartDate><DateOfInitialCPC>{icpc}</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>")
    }

    fn plan(start: &str, end: &str, reviews: &[&str]) -> String {
        let end = if end.is_empty() { String::new() } else { format!("<CPPendDate>{end}</CPPendDate>") };
        let reviews = if reviews.is_empty() {
            String::new()
        } else {
            format!("<Reviews>{}</Reviews>", reviews.iter().map(|r| format!("<CPPreviewDate>{r}</CPPreviewDate>")).collect::<String>())
        };
        format!("<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>{end}<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>{reviews}</ChildProtectionPlans>")
    }

    /// An open episode referred 1 May 2024 with an assessment, a Section 47 and conference on 20 May, and `plans`.
    fn with(id: &str, plans: &str) -> String {
        child(id, &open("2024-05-01", &format!("{ASSESSMENT}{}{plans}", s47("2024-05-20"))))
    }

    fn ok() -> String {
        with("OK", &plan("2024-05-20", "", &["2024-08-20"]))
    }

    #[test]
    fn plan_dates() {
        let all = ok()
            + &with("EARLY", &plan("2024-04-20", "2024-05-01", &[]))
            + &with("SAME", &plan("2024-05-20", "2024-05-20", &[]))
            + &with("BACK", &plan("2024-05-20", "2024-05-10", &[]))
            + &with("LATE", &plan("2025-04-20", "", &[]))
            + &with("OLD", &plan("2024-05-20", "2024-03-10", &[]))
            + &with("NOSTART", "<ChildProtectionPlans><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>");
        assert_eq!(found("1105", &all), vec!["EARLY"]);
        assert_eq!(found("8840", &all), vec!["SAME"]);
        assert_eq!(found("8925", &all), vec!["BACK", "OLD"]);
        assert_eq!(found("8720", &all), vec!["LATE", "NOSTART"]);
        assert_eq!(found("8930", &all), vec!["OLD"]);
    }

    #[test]
    fn r2885_plan_starts_on_conference_day() {
        let other_day = with("OTHER", &plan("2024-05-21", "", &[]));
        let episode_level =
            child("EPISODE", &open("2024-05-01", &format!("<DateOfInitialCPC>2024-05-20</DateOfInitialCPC>{ASSESSMENT}{}", plan("2024-05-20", "", &[]))));
        let no_conference = child("NONE", &open("2024-05-01", &format!("{ASSESSMENT}{}", plan("2024-05-20", "", &[]))));
        assert_eq!(found("2885", &(ok() + &other_day + &episode_level + &no_conference)), vec!["OTHER", "NONE"]);
    }

    #[test]
    fn r2883_more_plans_than_conferences() {
        let no_conference = child("NONE", &open("2024-05-01", &format!("{ASSESSMENT}{}", plan("2024-05-20", "", &[]))));
        assert!(found("2883", &ok()).is_empty());
        assert_eq!(found("2883", &(ok() + &no_conference)), vec![""]);
    }

    #[test]
    fn plan_items() {
        let bad = |id: &str, from: &str, to: &str| ok().replace(">OK<", &format!(">{id}<")).replace(from, to);
        let all = ok()
            + &bad("NOPREV", "<NumberOfPreviousCPP>0</NumberOfPreviousCPP>", "")
            + &bad("NEGPREV", "<NumberOfPreviousCPP>0", "<NumberOfPreviousCPP>-1")
            + &bad("INITIAL", "<InitialCategoryOfAbuse>NEG", "<InitialCategoryOfAbuse>NEGL")
            + &bad("LATEST", "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>", "")
            + &bad("EARLYREVIEW", "2024-08-20", "2024-05-20")
            + &bad("EMPTYREVIEW", "<CPPreviewDate>2024-08-20</CPPreviewDate>", "<CPPreviewDate></CPPreviewDate>");
        assert_eq!(found("8730", &all), vec!["NOPREV", "NEGPREV"]);
        assert_eq!(found("8905", &all), vec!["INITIAL"]);
        assert_eq!(found("8910", &all), vec!["LATEST"]);
        assert_eq!(found("8841", &all), vec!["EARLYREVIEW"]);
        assert_eq!(found("8842Q", &all), vec!["EMPTYREVIEW"]);
    }

    #[test]
    fn plans_and_death() {
        let died = |id: &str, death: &str, plans: &str| {
            child_with(
                &format!("{}<PersonDeathDate>{death}</PersonDeathDate>", ids(id)),
                "<Ethnicity>WBRI</Ethnicity>",
                &open("2024-05-01", &format!("{ASSESSMENT}{}{plans}", s47("2024-05-20"))),
            )
        };
        let all =
            ok() + &died("FINE", "2024-09-01", &plan("2024-05-20", "2024-09-01", &[])) + &died("AFTER", "2024-05-10", &plan("2024-05-20", "2024-09-01", &[]));
        assert_eq!(found("8915", &all), vec!["AFTER"]);
        assert_eq!(found("8920", &all), vec!["AFTER"]);
    }

    #[test]
    fn open_and_overlapping_plans() {
        let two_open = with("TWO", &(plan("2024-05-20", "", &[]) + &plan("2024-07-01", "", &[])));
        let overlap = with("OVER", &(plan("2024-05-20", "2024-08-01", &[]) + &plan("2024-07-01", "2024-09-01", &[])));
        let follow = with("FOLLOW", &(plan("2024-05-20", "2024-07-01", &[]) + &plan("2024-07-02", "", &[])));
        let all = ok() + &two_open + &overlap + &follow;
        assert_eq!(found("8935", &all), vec!["TWO"]);
        assert_eq!(found("8940", &all), vec!["TWO", "OVER"]);
    }

    #[test]
    fn r8832_no_plan_on_nfa() {
        let nfa = child(
            "NFA",
            &ep(&format!(
                "<CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>true</ReferralNFA>{}",
                plan("2024-05-20", "", &[])
            )),
        );
        assert_eq!(found("8832", &(ok() + &nfa)), vec!["NFA"]);
    }
}
