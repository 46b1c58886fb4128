//! Episodes of need (CINdetails): referral, source, primary need, closure
//! and its reason, no further action, and how a child's episodes fit together.

use super::{at, children, day, episodes, flag, is_further_action, is_nfa, period, reference_date, working_days_before};
use crate::raw::{CinEpisode, Val};
use crate::rules::{Context, Findings};
use chrono::NaiveDate;
use scrutiny_model::codes::{AssessmentFactor, ClosureReason, PrimaryNeed, ReferralSource};
use std::collections::HashSet;

fn rc8_or_rc9(e: &CinEpisode) -> bool {
    matches!(e.closure_reason.trimmed(), Some("RC8" | "RC9"))
}

pub(super) fn referral_date_missing_or_late(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for (c, e) in episodes(cin) {
            let v = &e.referral_date;
            if !v.present() {
                f.report(cin.file, at(v, e.line), c.id(), "CINreferralDate", "", "Child referral date missing or after data collection period: this CINdetails has no CINreferralDate. Add the date the referral was received.");
            } else if let (Some(d), Some(r)) = (v.date(), reference) {
                if d > r {
                    f.report(cin.file, v.line, c.id(), "CINreferralDate", v.raw(), format!("Child referral date missing or after data collection period: {} is after the reference date {}. Correct the date; a referral received after the census year belongs in next year's census.", day(d), day(r)));
                }
            }
        }
    }
}

pub(super) fn referral_long_before_birth(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let Some(referred) = e.referral_date.date() else { continue };
            for (what, born) in [("date of birth", c.birth_date.date()), ("expected date of birth", c.expected_birth_date.date())] {
                if let Some(born) = born.filter(|b| referred < *b - chrono::Duration::days(280)) {
                    f.report(
                        cin.file,
                        e.referral_date.line,
                        c.id(),
                        "CINreferralDate",
                        e.referral_date.raw(),
                        format!(
                            "Child referral date is more than 40 weeks before DOB or expected DOB: referred {}, {what} {}. Correct whichever date is wrong.",
                            day(referred),
                            day(born)
                        ),
                    );
                    break;
                }
            }
        }
    }
}

pub(super) fn primary_need_missing(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if is_further_action(e) && !e.primary_need.present() {
                f.report(cin.file, at(&e.primary_need, e.line), c.id(), "PrimaryNeedCode", "", "Primary Need code is missing for a referral which led to further action. Record the child's main category of need (N1 to N9, or N0 if not stated).");
            }
        }
    }
}

pub(super) fn primary_need_code(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let v = &e.primary_need;
            if v.present() && v.code(PrimaryNeed::from_code).is_none() {
                f.report(
                    cin.file,
                    v.line,
                    c.id(),
                    "PrimaryNeedCode",
                    v.raw(),
                    format!(
                        "Primary Need Code invalid (see Primary Need table in CIN census code set): '{}' is not a code. Use N1 to N9, or N0 if not stated.",
                        v.raw().trim()
                    ),
                );
            }
        }
    }
}

pub(super) fn referral_source_code(ctx: &Context, f: &mut Findings) {
    let since = NaiveDate::from_ymd_opt(2013, 4, 1).expect("date");
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if e.referral_date.date().is_some_and(|d| d < since) {
                continue;
            }
            let v = &e.referral_source;
            if v.code(ReferralSource::from_code).is_none() {
                let what = if v.present() { format!("'{}' is not a referral source code", v.raw().trim()) } else { "there is no ReferralSource".to_string() };
                f.report(cin.file, at(v, e.line), c.id(), "ReferralSource", v.raw(), format!("Source of Referral is missing or an invalid code: {what}. Use one of the DfE's codes (1A-1D, 2A, 2B, 3A-3F, 4, 5A-5D, 6, 7, 8, 9 or 10)."));
            }
        }
    }
}

pub(super) fn closure_outside_year(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        for (c, e) in episodes(cin) {
            if let Some(d) = e.closure_date.date().filter(|d| *d < start || *d > end) {
                let fix = if d < start {
                    "an episode closed before the year should not be in this census"
                } else {
                    "an episode still open at the reference date has no closure date"
                };
                f.report(
                    cin.file,
                    e.closure_date.line,
                    c.id(),
                    "CINclosureDate",
                    e.closure_date.raw(),
                    format!("CIN Closure Date present and does not fall within the Census year: {} is outside {} to {}; {fix}.", day(d), day(start), day(end)),
                );
            }
        }
    }
}

pub(super) fn closure_before_referral(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if let (Some(closed), Some(referred)) = (e.closure_date.date(), e.referral_date.date()) {
                if closed < referred {
                    f.report(cin.file, e.closure_date.line, c.id(), "CINclosureDate", e.closure_date.raw(), format!("CIN Closure Date is before CIN Referral Date for the same CIN episode: closed {} but referred {}. Correct whichever date is wrong.", day(closed), day(referred)));
                }
            }
        }
    }
}

pub(super) fn closure_reason_code(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let v = &e.closure_reason;
            if v.present() && v.code(ClosureReason::from_code).is_none() {
                f.report(
                    cin.file,
                    v.line,
                    c.id(),
                    "ReasonForClosure",
                    v.raw(),
                    format!(
                        "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set): '{}' is not a code. Use RC1 to RC9.",
                        v.raw().trim()
                    ),
                );
            }
        }
    }
}

pub(super) fn closed_without_reason(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if e.closure_date.present() && !e.closure_reason.present() {
                f.report(cin.file, e.closure_date.line, c.id(), "ReasonForClosure", "", "A CIN case cannot have a CIN closure date without a Reason for Closure. Add the reason the episode closed (RC1 to RC9), or remove the closure date if it is still open.");
            }
        }
    }
}

pub(super) fn reason_without_closure(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if e.closure_reason.present() && !e.closure_date.present() {
                f.report(cin.file, e.closure_reason.line, c.id(), "CINclosureDate", "", "A CIN case cannot have a Reason for Closure without a CIN Closure Date. Add the date the episode closed, or remove the reason if it is still open.");
            }
        }
    }
}

pub(super) fn nfa_flag(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if flag(&e.nfa).is_none() {
                let what = if e.nfa.present() { format!("'{}' is not allowed", e.nfa.raw().trim()) } else { "it is missing".to_string() };
                f.report(cin.file, at(&e.nfa, e.line), c.id(), "ReferralNFA", e.nfa.raw(), format!("RNFA flag is missing or invalid: {what}. ReferralNFA is true (or 1) when the referral led to no further action, otherwise false (or 0)."));
            }
        }
    }
}

pub(super) fn old_referral_nfa(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, _)) = period(cin) else { continue };
        let cutoff = working_days_before(start, 1);
        for (c, e) in episodes(cin) {
            if let Some(d) = e.referral_date.date().filter(|d| *d < cutoff && is_nfa(e)) {
                f.report(cin.file, at(&e.nfa, e.line), c.id(), "ReferralNFA", e.nfa.raw(), format!("A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case. Referred {}, the decision on it was made before this census year; set ReferralNFA to false or remove the episode.", day(d)));
            }
        }
    }
}

pub(super) fn died_without_death_date(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if e.closure_reason.trimmed() == Some("RC2") && c.death_date.date().is_none() {
                f.report(cin.file, e.closure_reason.line, c.id(), "ReasonForClosure", e.closure_reason.raw(), "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death. Add the PersonDeathDate or correct the reason for closure.");
            }
        }
    }
}

pub(super) fn referral_after_death(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if let (Some(referred), Some(died)) = (e.referral_date.date(), c.death_date.date()) {
                if referred > died {
                    f.report(
                        cin.file,
                        e.referral_date.line,
                        c.id(),
                        "CINreferralDate",
                        e.referral_date.raw(),
                        format!(
                            "Child cannot be referred after its recorded date of death: referred {}, died {}. Correct whichever date is wrong.",
                            day(referred),
                            day(died)
                        ),
                    );
                }
            }
        }
    }
}

pub(super) fn activity_after_closure(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let Some(closed) = e.closure_date.date() else { continue };
            let mut dated: Vec<(&str, &Val)> = vec![("DateOfInitialCPC", &e.initial_cpc)];
            for a in &e.assessments {
                dated.extend([("AssessmentActualStartDate", &a.start), ("AssessmentAuthorisationDate", &a.authorised)]);
            }
            for s in &e.section47s {
                dated.extend([("S47ActualStartDate", &s.start), ("DateOfInitialCPC", &s.icpc_date)]);
            }
            dated.extend(e.cp_plans.iter().map(|p| ("CPPendDate", &p.end)));
            for p in &e.cin_plans {
                dated.extend([("CINPlanStartDate", &p.start), ("CINPlanEndDate", &p.end)]);
            }
            for (field, v) in dated {
                if let Some(d) = v.date().filter(|d| *d > closed) {
                    f.report(cin.file, v.line, c.id(), field, v.raw(), format!("Activity shown after a case has been closed: {field} {} is after the episode's closure on {}. Correct the date, or the closure date if the episode closed later.", day(d), day(closed)));
                }
            }
        }
    }
}

/// Open (no closure date) and not a referral with no further action.
fn open_with_action(e: &CinEpisode) -> bool {
    !e.closure_date.present() && is_further_action(e)
}

pub(super) fn several_open(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let open: Vec<&CinEpisode> = c.episodes.iter().filter(|e| open_with_action(e)).collect();
            for e in open.iter().skip(1) {
                f.report(cin.file, at(&e.referral_date, e.line), c.id(), "CINclosureDate", "", format!("More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action. The child has {} open episodes; close the earlier ones with their closure date and reason.", open.len()));
            }
        }
    }
}

pub(super) fn open_not_latest(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let Some(latest) = c.episodes.iter().filter_map(|e| e.referral_date.date()).max() else { continue };
            for e in c.episodes.iter().filter(|e| open_with_action(e)) {
                if let Some(d) = e.referral_date.date().filter(|d| *d < latest) {
                    f.report(cin.file, e.referral_date.line, c.id(), "CINreferralDate", e.referral_date.raw(), format!("An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode. Referred {} and still open, while a later referral is dated {}; close this episode or correct the dates.", day(d), day(latest)));
                }
            }
        }
    }
}

pub(super) fn overlapping(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for c in children(cin) {
            if c.episodes.len() < 2 {
                continue;
            }
            for (i, e) in c.episodes.iter().enumerate() {
                let Some(referred) = e.referral_date.date() else { continue };
                let clash = c.episodes.iter().enumerate().filter(|(j, _)| *j != i).find_map(|(_, other)| {
                    let start = other.referral_date.date().filter(|s| referred >= *s)?;
                    let inside = match other.closure_date.date() {
                        Some(end) => referred < end,
                        None => !other.closure_date.present() && is_further_action(other) && reference.is_some_and(|r| referred < r),
                    };
                    inside.then_some((start, other.closure_date.date()))
                });
                if let Some((start, end)) = clash {
                    let other = match end {
                        Some(end) => format!("the episode referred {} and closed {}", day(start), day(end)),
                        None => format!("the episode referred {} and still open", day(start)),
                    };
                    f.report(cin.file, e.referral_date.line, c.id(), "CINreferralDate", e.referral_date.raw(), format!("The dates on the CIN episodes for this child overlap: this referral on {} falls within {other}. Episodes follow one another (one may start the day the last closed); correct the dates or merge the episodes.", day(referred)));
                }
            }
        }
    }
}

pub(super) fn rc8_rc9_without_assessment(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if rc8_or_rc9(e) && e.assessments.is_empty() {
                f.report(cin.file, e.closure_reason.line, c.id(), "ReasonForClosure", e.closure_reason.raw(), "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode. Add the assessment or use another reason.");
            }
        }
    }
}

pub(super) fn activity_after_rc8_rc9(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if !rc8_or_rc9(e) {
                continue;
            }
            let mut found = Vec::new();
            if !e.section47s.is_empty() {
                found.push("a Section 47 enquiry");
            }
            if e.initial_cpc.present() {
                found.push("an initial child protection conference");
            }
            if !e.cin_plans.is_empty() {
                found.push("a CIN plan");
            }
            if !e.cp_plans.is_empty() {
                found.push("a child protection plan");
            }
            if !found.is_empty() {
                f.report(cin.file, e.closure_reason.line, c.id(), "ReasonForClosure", e.closure_reason.raw(), format!("Activity is recorded against a case marked as 'Case closed after assessment, no further action' or 'case closed after assessment, referred to early help'. The episode has {}; use another reason for closure (such as RC7) or remove the activity.", found.join(" and ")));
            }
        }
    }
}

pub(super) fn activity_on_nfa(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if !is_nfa(e) {
                continue;
            }
            let mut found = Vec::new();
            if e.assessments.iter().any(|a| a.start.present() || a.authorised.present()) {
                found.push("an assessment");
            }
            if e.section47s.iter().any(|s| s.start.present() || s.icpc_date.present()) {
                found.push("a Section 47 enquiry");
            }
            if e.initial_cpc.present() {
                found.push("an initial child protection conference");
            }
            if !found.is_empty() {
                f.report(cin.file, at(&e.nfa, e.line), c.id(), "ReferralNFA", e.nfa.raw(), format!("Activity is recorded against a case marked as a referral with no further action: the episode has {}. Set ReferralNFA to false, or remove the activity if it belongs to another episode.", found.join(" and ")));
            }
        }
    }
}

pub(super) fn icpc_recorded_twice(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let at_episode: HashSet<NaiveDate> = c.episodes.iter().filter_map(|e| e.initial_cpc.date()).collect();
            if at_episode.is_empty() {
                continue;
            }
            for s in c.episodes.iter().flat_map(|e| &e.section47s) {
                if let Some(d) = s.icpc_date.date().filter(|d| at_episode.contains(d)) {
                    f.report(cin.file, s.icpc_date.line, c.id(), "DateOfInitialCPC", s.icpc_date.raw(), format!("An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one. The conference on {} belongs on its Section 47; remove it from the CINdetails.", day(d)));
                }
            }
        }
    }
}

pub(super) fn no_factors_not_rc8_rc9(ctx: &Context, f: &mut Findings) {
    let none = AssessmentFactor::NoFactors.code();
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let [a] = e.assessments.as_slice() else { continue };
            if a.factors.iter().any(|v| v.trimmed() == Some(none)) && !rc8_or_rc9(e) {
                let now =
                    if e.closure_reason.present() { format!("it was closed as {}", e.closure_reason.raw().trim()) } else { "it is still open".to_string() };
                f.report(cin.file, at(&e.closure_reason, e.line), c.id(), "ReasonForClosure", e.closure_reason.raw(), format!("Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code \"21 No factors identified\" has been used for the completed assessment, the reason for closure 'RC8' or 'RC9' should be used. Here {now}."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    fn ok() -> String {
        child("OK", &open("2024-05-01", ""))
    }

    #[test]
    fn r8600_referral_date_missing_or_late() {
        let missing = child("MISSING", &ep("<ReferralSource>6</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>"));
        let late = child("LATE", &open("2025-04-02", ""));
        assert_eq!(found("8600", &(ok() + &missing + &late)), vec!["MISSING", "LATE"]);
        let i = issues("8600", &missing);
        assert_eq!((i[0].field.as_deref(), i[0].line.is_some()), (Some("CINreferralDate"), true));
    }

    #[test]
    fn r8606_referral_long_before_birth() {
        let early = child("EARLY", &open("2014-01-01", "<CINclosureDate>2024-06-01</CINclosureDate>"));
        let soon = child("SOON", &open("2014-05-01", "<CINclosureDate>2024-06-01</CINclosureDate>"));
        assert_eq!(found("8606", &(ok() + &early + &soon)), vec!["EARLY"]);
    }

    #[test]
    fn r8610_r8650_primary_need() {
        let missing = child("MISSING", &ep("<CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>false</ReferralNFA>"));
        let nfa = child("NFA", &ep("<CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>true</ReferralNFA>"));
        let bad = child("BAD", &open("2024-05-01", "").replace("N1", "N10"));
        let all = ok() + &missing + &nfa + &bad;
        assert_eq!(found("8610", &all), vec!["MISSING"]);
        assert_eq!(found("8650", &all), vec!["BAD"]);
    }

    #[test]
    fn r8866_referral_source() {
        let bad = child("BAD", &open("2024-05-01", "").replace("<ReferralSource>6", "<ReferralSource>11"));
        let missing = child("MISSING", &open("2024-05-01", "").replace("<ReferralSource>6</ReferralSource>", ""));
        let early_help = child("5D", &open("2024-05-01", "").replace("<ReferralSource>6", "<ReferralSource>5D"));
        assert_eq!(found("8866", &(ok() + &bad + &missing + &early_help)), vec!["BAD", "MISSING"]);
        assert_eq!(issues("8866", &bad)[0].value.as_deref(), Some("11"));
    }

    #[test]
    fn closure_dates_and_reasons() {
        let before = child("BEFORE", &closed("2024-05-01", "2024-04-21", "RC7", ""));
        let outside = child("OUTSIDE", &closed("2023-05-01", "2024-03-01", "RC7", ""));
        let no_reason = child("NOREASON", &open("2024-05-01", "<CINclosureDate>2024-06-01</CINclosureDate>"));
        let no_date = child("NODATE", &open("2024-05-01", "<ReasonForClosure>RC7</ReasonForClosure>"));
        let bad_reason = child("BADREASON", &closed("2024-05-01", "2024-06-01", "RC10", ""));
        let fine = child("FINE", &closed("2024-05-01", "2024-06-01", "RC7", ""));
        let all = ok() + &before + &outside + &no_reason + &no_date + &bad_reason + &fine;
        assert_eq!(found("8630", &all), vec!["BEFORE"]);
        assert_eq!(issues("8630", &before)[0].field.as_deref(), Some("CINclosureDate"));
        assert_eq!(found("8620", &all), vec!["OUTSIDE"]);
        assert_eq!(found("8805", &all), vec!["NOREASON"]);
        assert_eq!(found("8810", &all), vec!["NODATE"]);
        assert_eq!(found("8640", &all), vec!["BADREASON"]);
    }

    #[test]
    fn r8568_nfa_flag() {
        let bad = child("BAD", &open("2024-05-01", "").replace("<ReferralNFA>false", "<ReferralNFA>no"));
        let missing = child("MISSING", &open("2024-05-01", "").replace("<ReferralNFA>false</ReferralNFA>", ""));
        let upper = child("UPPER", &open("2024-05-01", "").replace("<ReferralNFA>false", "<ReferralNFA>FALSE"));
        assert_eq!(found("8568", &(ok() + &bad + &missing + &upper)), vec!["BAD", "MISSING"]);
    }

    #[test]
    fn r8569q_old_referral_flagged_nfa() {
        let nfa = |id: &str, date: &str| {
            child(id, &ep(&format!("<CINreferralDate>{date}</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>true</ReferralNFA>")))
        };
        // 1 April 2024 is Easter Monday: one working day before is Thursday 28 March.
        let all = ok() + &nfa("OLD", "2024-03-27") + &nfa("EDGE", "2024-03-28");
        assert_eq!(found("8569Q", &all), vec!["OLD"]);
    }

    #[test]
    fn death_and_closure_reason() {
        let died = |id: &str, death: &str| {
            child_with(
                &format!("{}<PersonDeathDate>{death}</PersonDeathDate>", ids(id)),
                "<Ethnicity>WBRI</Ethnicity>",
                &closed("2024-05-01", "2024-06-01", "RC2", ""),
            )
        };
        let rc2 = child("RC2", &closed("2024-05-01", "2024-06-01", "RC2", ""));
        let all = ok() + &died("DIED", "2024-06-01") + &rc2 + &died("EARLY", "2024-04-20");
        assert_eq!(found("8585Q", &all), vec!["RC2"]);
        assert_eq!(found("8555Q", &all), vec!["EARLY"]);
    }

    #[test]
    fn r8565_activity_after_closure() {
        let late = child("LATE", &closed("2024-05-01", "2024-06-01", "RC7", "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-06-10</AssessmentAuthorisationDate></Assessments>"));
        let fine = child("FINE", &closed("2024-05-01", "2024-06-01", "RC7", "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-06-01</AssessmentAuthorisationDate></Assessments>"));
        assert_eq!(found("8565", &(ok() + &late + &fine)), vec!["LATE"]);
        assert_eq!(issues("8565", &late)[0].field.as_deref(), Some("AssessmentAuthorisationDate"));
    }

    #[test]
    fn open_episodes() {
        let nfa_open = ep("<CINreferralDate>2024-07-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>true</ReferralNFA>");
        let two_open = child("TWO", &(open("2024-05-01", "") + &open("2024-06-01", "")));
        let with_nfa = child("NFA", &(open("2024-05-01", "") + &nfa_open));
        let sequence = child("SEQ", &(closed("2024-04-10", "2024-05-01", "RC7", "") + &open("2024-05-01", "")));
        let all = ok() + &two_open + &with_nfa + &sequence;
        assert_eq!(found("8815", &all), vec!["TWO"]);
        // An open episode must be the latest referral; an NFA referral after it counts.
        assert_eq!(found("8816", &all), vec!["TWO", "NFA"]);
        // A referral (even one with no further action) cannot fall inside an open episode.
        assert_eq!(found("8820", &all), vec!["TWO", "NFA"]);
        let overlap = child("OVER", &(closed("2024-04-10", "2024-06-01", "RC7", "") + &closed("2024-05-01", "2024-07-01", "RC7", "")));
        assert_eq!(found("8820", &(sequence + &overlap)), vec!["OVER"]);
    }

    #[test]
    fn rc8_and_rc9() {
        let assessment = "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-05-20</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>";
        let fine = child("FINE", &closed("2024-05-01", "2024-05-21", "RC8", assessment));
        let bare = child("BARE", &closed("2024-05-01", "2024-05-21", "RC9", ""));
        let s47 = "<Section47><S47ActualStartDate>2024-05-03</S47ActualStartDate><ICPCnotRequired>true</ICPCnotRequired></Section47>";
        let busy = child("BUSY", &closed("2024-05-01", "2024-05-21", "RC8", &format!("{assessment}{s47}")));
        let rc7 = child("RC7", &closed("2024-05-01", "2024-05-21", "RC7", assessment));
        let open21 = child("OPEN", &open("2024-05-01", assessment));
        let all = ok() + &fine + &bare + &busy + &rc7 + &open21;
        assert_eq!(found("8825Q", &all), vec!["BARE"]);
        assert_eq!(found("2990", &all), vec!["BUSY"]);
        assert_eq!(found("8873Q", &all), vec!["RC7", "OPEN"]);
    }

    #[test]
    fn r8831_activity_on_nfa() {
        let nfa = |id: &str, more: &str| {
            child(id, &ep(&format!("<CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><CINclosureDate>2024-05-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>1</ReferralNFA>{more}")))
        };
        let all = ok()
            + &nfa("FINE", "")
            + &nfa("BUSY", "<Assessments><AssessmentActualStartDate>2024-05-01</AssessmentActualStartDate></Assessments>")
            + &nfa("ICPC", "<DateOfInitialCPC>2024-05-01</DateOfInitialCPC>");
        assert_eq!(found("8831", &all), vec!["BUSY", "ICPC"]);
    }

    #[test]
    fn r2884_icpc_on_both_levels() {
        let s47 = "<Section47><S47ActualStartDate>2024-05-03</S47ActualStartDate><DateOfInitialCPC>2024-05-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>";
        let both = child("BOTH", &open("2024-05-01", &format!("<DateOfInitialCPC>2024-05-20</DateOfInitialCPC>{s47}")));
        let s47_only = child("S47", &open("2024-05-01", s47));
        let episode_only = child("EP", &open("2024-05-01", "<DateOfInitialCPC>2024-05-20</DateOfInitialCPC>"));
        assert_eq!(found("2884", &(ok() + &both + &s47_only + &episode_only)), vec!["BOTH"]);
    }
}
