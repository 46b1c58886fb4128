//! Assessments: their dates, completion and the factors identified.

use super::{day, episodes, from_2024_25, period, reference_date, within, working_days_before};
use crate::raw::CinAssessment;
use crate::rules::{Context, Findings};
use scrutiny_model::codes::AssessmentFactor;
use std::collections::BTreeSet;

pub(super) fn starts_before_referral(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let Some(referred) = e.referral_date.date() else { continue };
            for a in &e.assessments {
                if let Some(d) = a.start.date().filter(|d| *d < referred) {
                    f.report(cin.file, a.start.line, c.id(), "AssessmentActualStartDate", a.start.raw(), format!("The assessment start date cannot be before the referral date: started {}, referred {}. Correct the date, or move the assessment to the episode it belongs to.", day(d), day(referred)));
                }
            }
        }
    }
}

pub(super) fn authorised_before_start(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for a in &e.assessments {
                if let (Some(start), Some(done)) = (a.start.date(), a.authorised.date()) {
                    if done < start {
                        f.report(
                            cin.file,
                            a.authorised.line,
                            c.id(),
                            "AssessmentAuthorisationDate",
                            a.authorised.raw(),
                            format!(
                                "Assessment Start Date cannot be later than its End Date: authorised {} but started {}. Correct whichever date is wrong.",
                                day(done),
                                day(start)
                            ),
                        );
                    }
                }
            }
        }
    }
}

pub(super) fn factors_without_authorisation(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for a in &e.assessments {
                if !a.authorised.present() {
                    if let Some(v) = a.factors.iter().find(|v| v.present()) {
                        f.report(cin.file, v.line, c.id(), "AssessmentFactors", v.raw(), "Parental or child factors at assessment should only be present for a completed assessment. Add the AssessmentAuthorisationDate if the assessment is complete, or remove the factors until it is.");
                    }
                }
            }
        }
    }
}

pub(super) fn long_open(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some(reference) = reference_date(cin) else { continue };
        let cutoff = working_days_before(reference, 45);
        for (c, e) in episodes(cin) {
            for a in e.assessments.iter().filter(|a| !a.authorised.present()) {
                if let Some(d) = a.start.date().filter(|d| *d < cutoff) {
                    f.report(cin.file, a.start.line, c.id(), "AssessmentActualStartDate", a.start.raw(), format!("Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date. Started {}; add the authorisation date if it was completed.", day(d)));
                }
            }
        }
    }
}

pub(super) fn authorised_outside_year(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        for (c, e) in episodes(cin) {
            for a in &e.assessments {
                if let Some(d) = a.authorised.date().filter(|d| *d < start || *d > end) {
                    f.report(cin.file, a.authorised.line, c.id(), "AssessmentAuthorisationDate", a.authorised.raw(), format!("Assessment end date must fall within the census year: {} is outside {} to {}. An assessment completed before the year is not returned; correct the date or remove the assessment.", day(d), day(start), day(end)));
                }
            }
        }
    }
}

pub(super) fn open_started_outside_year(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        for (c, e) in episodes(cin) {
            for a in e.assessments.iter().filter(|a| !a.authorised.present()) {
                if let Some(d) = a.start.date().filter(|d| *d < start || *d > end) {
                    f.report(cin.file, a.start.line, c.id(), "AssessmentActualStartDate", a.start.raw(), format!("For an Assessment that has not been completed, the start date must fall within the census year: started {}, outside {} to {}. Add the authorisation date if it was completed, or correct the start date.", day(d), day(start), day(end)));
                }
            }
        }
    }
}

pub(super) fn overlapping(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for (c, e) in episodes(cin) {
            if e.assessments.len() < 2 {
                continue;
            }
            for (i, a) in e.assessments.iter().enumerate() {
                let Some(start) = a.start.date() else { continue };
                let clash = e.assessments.iter().enumerate().find_map(|(j, b)| {
                    let other = b.start.date()?;
                    let duplicate = other == start && a.authorised.date() == b.authorised.date() && a.authorised.present() == b.authorised.present();
                    (j != i && !duplicate && within(start, other, b.authorised.date(), reference)).then_some((other, b.authorised.date()))
                });
                if let Some((other, done)) = clash {
                    let until = done.map_or("not yet completed".to_string(), |d| format!("completed {}", day(d)));
                    f.report(cin.file, a.start.line, c.id(), "AssessmentActualStartDate", a.start.raw(), format!("An Assessment is shown as starting when there is another Assessment ongoing: started {} while the assessment started {} was {until}. Check the dates, or remove a duplicate.", day(start), day(other)));
                }
            }
        }
    }
}

pub(super) fn incomplete_on_closed_episode(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if !e.closure_date.present() {
                continue;
            }
            for a in e.assessments.iter().filter(|a| !a.authorised.present()) {
                f.report(cin.file, a.line, c.id(), "AssessmentAuthorisationDate", "", format!("CIN episode is shown as closed, however Assessment is not shown as completed. The episode closed on {}; add the assessment's authorisation date.", e.closure_date.raw().trim()));
            }
        }
    }
}

fn factor_is(a: &CinAssessment, code: &str) -> bool {
    a.factors.iter().any(|v| v.trimmed() == Some(code))
}

pub(super) fn factor_21_with_others(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for a in &e.assessments {
                let others: Vec<&str> = a.factors.iter().filter_map(|v| v.trimmed()).filter(|t| *t != "21").collect();
                if let Some(v) = a.factors.iter().find(|v| v.trimmed() == Some("21")).filter(|_| !others.is_empty()) {
                    f.report(cin.file, v.line, c.id(), "AssessmentFactors", v.raw(), format!("The assessment factors code \"21\" cannot be used in conjunction with any other assessment factors. This assessment also has {}; remove 21 or the other factors.", others.join(", ")));
                }
            }
        }
    }
}

pub(super) fn several_open(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let open: Vec<&CinAssessment> = e.assessments.iter().filter(|a| !a.authorised.present()).collect();
            for a in open.iter().skip(1) {
                f.report(cin.file, a.line, c.id(), "AssessmentAuthorisationDate", "", format!("Within one CINDetails group there are 2 or more open Assessments groups: {} assessments on this episode have no authorisation date. Add the dates of those completed, or remove duplicates.", open.len()));
            }
        }
    }
}

pub(super) fn factors_missing(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, _)) = period(cin) else { continue };
        let valid = |code: &str| AssessmentFactor::from_code(code).is_some() || code == "18A" || code == "19A";
        for (c, e) in episodes(cin) {
            for a in &e.assessments {
                let Some(done) = a.authorised.date().filter(|d| *d >= start) else { continue };
                if a.factors.iter().all(|v| !v.present()) {
                    f.report(cin.file, a.authorised.line, c.id(), "AssessmentFactors", "", format!("Parental or child factors at assessment information is missing from a completed assessment: the assessment completed on {} has no factors. Record the factors identified, or 21 if there were none.", day(done)));
                }
                for v in a.factors.iter().filter(|v| v.trimmed().is_some_and(|t| !valid(t))) {
                    f.report(cin.file, v.line, c.id(), "AssessmentFactors", v.raw(), format!("Parental or child factors at assessment information is missing from a completed assessment: '{}' is not an assessment factor code. Use the DfE's codes (1A to 24A, 20 for other, 21 for none).", v.raw().trim()));
                }
            }
        }
    }
}

pub(super) fn factor_repeated(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for a in &e.assessments {
                let mut seen = BTreeSet::new();
                for v in &a.factors {
                    if let Some(code) = v.trimmed().filter(|t| !seen.insert(*t)) {
                        f.report(
                            cin.file,
                            v.line,
                            c.id(),
                            "AssessmentFactors",
                            v.raw(),
                            format!("The assessment has more than one parental or child factors with the same code: {code} is given twice. Keep one."),
                        );
                    }
                }
            }
        }
    }
}

fn retired_factor(ctx: &Context, f: &mut Findings, code: &str, instead: &str) {
    for cin in ctx.cin.iter().filter(|c| from_2024_25(c) == Some(true)) {
        for (c, e) in episodes(cin) {
            for a in e.assessments.iter().filter(|a| factor_is(a, code)) {
                for v in a.factors.iter().filter(|v| v.trimmed() == Some(code)) {
                    f.report(cin.file, v.line, c.id(), "AssessmentFactors", v.raw(), format!("Please check and either amend data or provide a reason: the assessment factors code '{code}' should not be used ('{instead}' should be used instead). Record whether the abuse was by another child or by an adult."));
                }
            }
        }
    }
}

pub(super) fn factor_18a(ctx: &Context, f: &mut Findings) {
    retired_factor(ctx, f, "18A", "18B' or '18C");
}

pub(super) fn factor_19a(ctx: &Context, f: &mut Findings) {
    retired_factor(ctx, f, "19A", "19B' or '19C");
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    fn ok() -> String {
        child("OK", &open("2024-05-01", &assessment("2024-05-02", "2024-05-20", &["3B"])))
    }

    fn assessment(start: &str, done: &str, factors: &[&str]) -> String {
        let done = if done.is_empty() { String::new() } else { format!("<AssessmentAuthorisationDate>{done}</AssessmentAuthorisationDate>") };
        let factors = if factors.is_empty() {
            String::new()
        } else {
            format!(
                "<FactorsIdentifiedAtAssessment>{}</FactorsIdentifiedAtAssessment>",
                factors.iter().map(|f| format!("<AssessmentFactors>{f}</AssessmentFactors>")).collect::<String>()
            )
        };
        format!("<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate>{done}{factors}</Assessments>")
    }

    fn with(id: &str, assessments: &str) -> String {
        child(id, &open("2024-05-01", assessments))
    }

    #[test]
    fn assessment_dates() {
        let all = ok()
            + &with("EARLY", &assessment("2024-04-20", "2024-05-20", &["3B"]))
            + &with("BACKWARDS", &assessment("2024-05-20", "2024-05-02", &["3B"]))
            + &with("LONG", &assessment("2024-05-02", "", &[]))
            + &with("RECENT", &assessment("2025-03-01", "", &[]));
        assert_eq!(found("1103", &all), vec!["EARLY"]);
        assert_eq!(found("8608", &all), vec!["BACKWARDS"]);
        assert_eq!(found("8670Q", &all), vec!["LONG"]);
        let old = child("OLD", &open("2023-01-01", &(assessment("2023-01-02", "2023-02-01", &["3B"]) + &assessment("2023-03-02", "", &[]))));
        assert_eq!(found("8696", &(all.clone() + &old)), vec!["OLD"]);
        assert_eq!(found("8736", &(all + &old)), vec!["OLD"]);
    }

    #[test]
    fn r8614_factors_need_authorisation() {
        let all = ok() + &with("BAD", &assessment("2024-05-02", "", &["3B"]));
        assert_eq!(found("8614", &all), vec!["BAD"]);
    }

    #[test]
    fn r8863q_r8896_overlapping_and_open_assessments() {
        let overlap = with("OVER", &(assessment("2024-05-02", "2024-06-20", &["3B"]) + &assessment("2024-06-01", "2024-06-25", &["3B"])));
        let follow = with("FOLLOW", &(assessment("2024-05-02", "2024-06-20", &["3B"]) + &assessment("2024-06-21", "2024-06-25", &["3B"])));
        let dup = with("DUP", &(assessment("2024-05-02", "2024-06-20", &["3B"]) + &assessment("2024-05-02", "2024-06-20", &["3B"])));
        let two_open = with("TWO", &(assessment("2024-05-02", "", &[]) + &assessment("2025-03-02", "", &[])));
        let all = ok() + &overlap + &follow + &dup + &two_open;
        assert_eq!(found("8863Q", &all), vec!["OVER", "TWO"]);
        assert_eq!(found("8896", &all), vec!["TWO"]);
    }

    #[test]
    fn r8867_closed_episode_needs_completed_assessments() {
        let bad = child("BAD", &closed("2024-05-01", "2024-06-01", "RC7", &assessment("2024-05-02", "", &[])));
        let fine = child("FINE", &closed("2024-05-01", "2024-06-01", "RC7", &assessment("2024-05-02", "2024-05-30", &["3B"])));
        assert_eq!(found("8867", &(ok() + &bad + &fine)), vec!["BAD"]);
    }

    #[test]
    fn factors() {
        let all = ok()
            + &with("MIXED", &assessment("2024-05-02", "2024-05-20", &["21", "3B"]))
            + &with("NONE", &assessment("2024-05-02", "2024-05-20", &[]))
            + &with("INVALID", &assessment("2024-05-02", "2024-05-20", &["3D"]))
            + &with("TWICE", &assessment("2024-05-02", "2024-05-20", &["3B", "3B"]))
            + &with("18A", &assessment("2024-05-02", "2024-05-20", &["18A"]))
            + &with("19A", &assessment("2024-05-02", "2024-05-20", &["19A"]))
            + &with("NOFACTORS", &assessment("2024-05-02", "2024-05-20", &["21"]));
        assert_eq!(found("8869", &all), vec!["MIXED"]);
        assert_eq!(found("8897Q", &all), vec!["NONE", "INVALID"]);
        assert_eq!(found("8898", &all), vec!["TWICE"]);
        assert_eq!(found("8945Q", &all), vec!["18A"]);
        assert_eq!(found("8950Q", &all), vec!["19A"]);
        // 18A and 19A are queried from 2024-25 only.
        let before = all.replace("2024-0", "2023-0").replace("<Sex>M</Sex>", "<GenderCurrent>1</GenderCurrent>");
        assert!(found_at("8945Q", "2024-03-31", &before).is_empty());
    }
}
