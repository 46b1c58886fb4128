//! Section 47 enquiries and initial child protection conferences.

use super::{day, episodes, flag, period, reference_date, within, working_days_before};
use crate::raw::{CinSection47, Val};
use crate::rules::{Context, Findings};
use chrono::{Datelike, Weekday};

/// ICPCnotRequired is true (or 1).
fn not_required(s: &CinSection47) -> bool {
    flag(&s.icpc_not_required) == Some(true)
}

/// Still waiting for its conference: no conference date and not marked as not required.
fn awaiting_conference(s: &CinSection47) -> bool {
    !s.icpc_date.present() && !not_required(s)
}

pub(super) fn starts_before_referral(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let Some(referred) = e.referral_date.date() else { continue };
            for s in &e.section47s {
                if let Some(d) = s.start.date().filter(|d| *d < referred) {
                    f.report(cin.file, s.start.line, c.id(), "S47ActualStartDate", s.start.raw(), format!("The S47 start date cannot be before the referral date: started {}, referred {}. Correct the date, or move the enquiry to the episode it belongs to.", day(d), day(referred)));
                }
            }
        }
    }
}

pub(super) fn icpc_before_referral(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let Some(referred) = e.referral_date.date() else { continue };
            for v in std::iter::once(&e.initial_cpc).chain(e.section47s.iter().map(|s| &s.icpc_date)) {
                if let Some(d) = v.date().filter(|d| *d < referred) {
                    f.report(cin.file, v.line, c.id(), "DateOfInitialCPC", v.raw(), format!("The date of the initial child protection conference cannot be before the referral date: conference {}, referred {}. Correct the date, or move it to the episode it belongs to.", day(d), day(referred)));
                }
            }
        }
    }
}

pub(super) fn start_missing_or_after_icpc(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for s in &e.section47s {
                let Some(conference) = s.icpc_date.date() else { continue };
                if !s.start.present() {
                    f.report(cin.file, s.line, c.id(), "S47ActualStartDate", "", format!("Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference: the enquiry has a conference on {} but no start date. Add the date the enquiry started.", day(conference)));
                } else if let Some(start) = s.start.date().filter(|d| *d > conference) {
                    f.report(cin.file, s.start.line, c.id(), "S47ActualStartDate", s.start.raw(), format!("Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference: started {}, conference {}. Correct whichever date is wrong.", day(start), day(conference)));
                }
            }
        }
    }
}

pub(super) fn long_open(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some(reference) = reference_date(cin) else { continue };
        let cutoff = working_days_before(reference, 15);
        for (c, e) in episodes(cin) {
            for s in e.section47s.iter().filter(|s| !s.icpc_date.present() && flag(&s.icpc_not_required) == Some(false)) {
                if let Some(d) = s.start.date().filter(|d| *d < cutoff) {
                    f.report(cin.file, s.start.line, c.id(), "S47ActualStartDate", s.start.raw(), format!("Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference. Started {}; add the conference date, or set ICPCnotRequired if none was needed.", day(d)));
                }
            }
        }
    }
}

pub(super) fn icpc_outside_year(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        for (c, e) in episodes(cin) {
            for s in &e.section47s {
                if let Some(d) = s.icpc_date.date().filter(|d| *d < start || *d > end) {
                    f.report(cin.file, s.icpc_date.line, c.id(), "DateOfInitialCPC", s.icpc_date.raw(), format!("Date of Initial Child Protection Conference must fall within the census year: {} is outside {} to {}. An enquiry concluded before the year is not returned; correct the date or remove the Section 47.", day(d), day(start), day(end)));
                }
            }
        }
    }
}

pub(super) fn open_started_outside_year(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        for (c, e) in episodes(cin) {
            for s in e.section47s.iter().filter(|s| !s.icpc_date.present() && flag(&s.icpc_not_required) == Some(false)) {
                if let Some(d) = s.start.date().filter(|d| *d < start || *d > end) {
                    f.report(cin.file, s.start.line, c.id(), "S47ActualStartDate", s.start.raw(), format!("For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year: started {}, outside {} to {}. Add the conference date or ICPCnotRequired, or correct the start date.", day(d), day(start), day(end)));
                }
            }
        }
    }
}

pub(super) fn several_open(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let open: Vec<&CinSection47> = e.section47s.iter().filter(|s| awaiting_conference(s)).collect();
            for s in open.iter().skip(1) {
                f.report(cin.file, s.line, c.id(), "DateOfInitialCPC", "", format!("Within one CINDetails group there are 2 or more open S47 Assessments: {} enquiries on this episode have neither a conference date nor ICPCnotRequired. Complete the earlier ones or remove duplicates.", open.len()));
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
            for s in &e.section47s {
                if awaiting_conference(s) {
                    f.report(cin.file, s.line, c.id(), "DateOfInitialCPC", "", "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag. Add the conference date, or set ICPCnotRequired to true if no conference was needed.");
                } else if s.icpc_date.present() && not_required(s) {
                    f.report(cin.file, s.icpc_not_required.line, c.id(), "ICPCnotRequired", s.icpc_not_required.raw(), "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag: the enquiry has both a conference date and ICPCnotRequired true. Set ICPCnotRequired to false if the conference was held.");
                }
            }
        }
    }
}

fn weekend(v: &Val) -> Option<chrono::NaiveDate> {
    v.date().filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
}

pub(super) fn target_on_weekend(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for s in &e.section47s {
                if let Some(d) = weekend(&s.icpc_target) {
                    f.report(cin.file, s.icpc_target.line, c.id(), "InitialCPCtarget", s.icpc_target.raw(), format!("Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend. {} is a {}; the target is 15 working days after the strategy discussion.", day(d), d.format("%A")));
                }
            }
        }
    }
}

pub(super) fn icpc_on_weekend(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            for v in std::iter::once(&e.initial_cpc).chain(e.section47s.iter().map(|s| &s.icpc_date)) {
                if let Some(d) = weekend(v) {
                    f.report(
                        cin.file,
                        v.line,
                        c.id(),
                        "DateOfInitialCPC",
                        v.raw(),
                        format!(
                            "The Date of Initial Child Protection Conference cannot be a weekend: {} is a {}. Correct the date from the conference minutes.",
                            day(d),
                            d.format("%A")
                        ),
                    );
                }
            }
        }
    }
}

pub(super) fn overlapping(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for (c, e) in episodes(cin) {
            if e.section47s.len() < 2 {
                continue;
            }
            for (i, s) in e.section47s.iter().enumerate() {
                let Some(start) = s.start.date() else { continue };
                let clash = e.section47s.iter().enumerate().find_map(|(j, o)| {
                    let other = o.start.date()?;
                    let duplicate = other == start && s.icpc_date.date() == o.icpc_date.date() && s.icpc_date.present() == o.icpc_date.present();
                    let inside = match o.icpc_date.date() {
                        Some(conference) => start >= other && start <= conference,
                        None => !o.icpc_date.present() && !not_required(o) && within(start, other, None, reference),
                    };
                    (j != i && !duplicate && inside).then_some(other)
                });
                if let Some(other) = clash {
                    f.report(cin.file, s.start.line, c.id(), "S47ActualStartDate", s.start.raw(), format!("A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing: started {} while the enquiry started {} had not reached its conference. Check the dates, or remove a duplicate.", day(start), day(other)));
                }
            }
        }
    }
}

pub(super) fn no_assessment(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            if let Some(s) = e.section47s.first().filter(|_| e.assessments.is_empty()) {
                f.report(cin.file, s.line, c.id(), "Section47", "", "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode. Add the assessment that accompanied the enquiry.");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    const ASSESSMENT: &str = "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-05-30</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>";

    /// A Section 47 (with the usual assessment) on an open episode referred 1 May 2024.
    fn s47(start: &str, icpc: &str, not_required: &str) -> String {
        let icpc = if icpc.is_empty() { String::new() } else { format!("<DateOfInitialCPC>{icpc}</DateOfInitialCPC>") };
        format!("<Section47><S47ActualStartDate>{start}</S47ActualStartDate>{icpc}<ICPCnotRequired>{not_required}</ICPCnotRequired></Section47>")
    }

    fn with(id: &str, section47s: &str) -> String {
        child(id, &open("2024-05-01", &format!("{ASSESSMENT}{section47s}")))
    }

    fn ok() -> String {
        with("OK", &s47("2024-05-02", "2024-05-20", "false"))
    }

    #[test]
    fn section47_dates() {
        let all = ok()
            + &with("EARLY", &s47("2024-04-20", "2024-05-20", "false"))
            + &with("ICPC", &s47("2024-04-20", "2024-04-25", "false"))
            + &with("AFTER", &s47("2024-05-22", "2024-05-20", "false"))
            + &with("NOSTART", "<Section47><DateOfInitialCPC>2024-05-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>")
            + &with("WEEKEND", &s47("2024-05-02", "2024-05-18", "false"))
            + &with("LONG", &s47("2024-05-02", "", "false"))
            + &with("NOTREQ", &s47("2024-05-02", "", "true"));
        assert_eq!(found("2889", &all), vec!["EARLY", "ICPC"]);
        assert_eq!(found("1104", &all), vec!["ICPC"]);
        assert_eq!(found("8615", &all), vec!["AFTER", "NOSTART"]);
        assert_eq!(found("8875", &all), vec!["WEEKEND"]);
        assert_eq!(found("8675Q", &all), vec!["LONG"]);
        let old = child("OLD", &open("2023-05-01", &format!("{ASSESSMENT}{}", s47("2023-05-02", "2023-05-20", "false") + &s47("2024-03-01", "", "false"))));
        assert_eq!(found("8715", &(all.clone() + &old)), vec!["OLD"]);
        assert_eq!(found("8740", &(all + &old)), vec!["OLD"]);
    }

    #[test]
    fn r8870q_target_on_weekend() {
        let target = with("SAT", "<Section47><S47ActualStartDate>2024-05-02</S47ActualStartDate><InitialCPCtarget>2024-05-25</InitialCPCtarget><ICPCnotRequired>true</ICPCnotRequired></Section47>");
        let weekday = with("FRI", "<Section47><S47ActualStartDate>2024-05-02</S47ActualStartDate><InitialCPCtarget>2024-05-24</InitialCPCtarget><ICPCnotRequired>true</ICPCnotRequired></Section47>");
        assert_eq!(found("8870Q", &(ok() + &target + &weekday)), vec!["SAT"]);
    }

    #[test]
    fn open_and_overlapping_enquiries() {
        let two_open = with("TWO", &(s47("2024-05-02", "", "false") + &s47("2024-06-02", "", "false")));
        let overlap = with("OVER", &(s47("2024-05-02", "2024-05-20", "false") + &s47("2024-05-10", "2024-05-30", "false")));
        let follow = with("FOLLOW", &(s47("2024-05-02", "2024-05-20", "false") + &s47("2024-05-21", "", "true")));
        let all = ok() + &two_open + &overlap + &follow;
        assert_eq!(found("8839", &all), vec!["TWO"]);
        assert_eq!(found("8890", &all), vec!["TWO", "OVER"]);
    }

    #[test]
    fn r8868_closed_episode_needs_concluded_enquiries() {
        let closed_with = |id: &str, s: &str| child(id, &closed("2024-05-01", "2024-06-30", "RC7", &format!("{ASSESSMENT}{s}")));
        let all = ok()
            + &closed_with("FINE", &s47("2024-05-02", "2024-05-20", "false"))
            + &closed_with("OPEN", &s47("2024-05-02", "", "false"))
            + &closed_with("BOTH", &s47("2024-05-02", "2024-05-20", "true"));
        assert_eq!(found("8868", &all), vec!["OPEN", "BOTH"]);
    }

    #[test]
    fn r2991q_enquiry_without_assessment() {
        let bare = child("BARE", &open("2024-05-01", &s47("2024-05-02", "2024-05-20", "false")));
        assert_eq!(found("2991Q", &(ok() + &bare)), vec!["BARE"]);
    }
}
