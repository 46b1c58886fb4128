//! DfE validation rules for the CIN census, one file per family:
//! `identity` (header, child identifiers and characteristics), `episodes`
//! (CINdetails), `assessments`, `section47`, `cpp` (child protection plans
//! and their reviews) and `cin_plans`. Codes, messages and logic follow the
//! DfE's CIN census validation rules; codes ending in Q are queries.
//!
//! Year-specific rules run only for the census years they belong to: the
//! file's collection year comes from its header's reference date.

mod assessments;
mod cin_plans;
mod cpp;
mod episodes;
mod identity;
mod section47;
#[cfg(test)]
mod synthetic;

use super::{CinFile, Rule};
use crate::issue::Severity::{Error, Query, Warning};
use crate::raw::{CinCensus, CinChild, CinEpisode, Val};
use chrono::{Datelike, Duration, Months, NaiveDate};
use scrutiny_model::{Calendar, Period};

/// Every CIN census rule, in code order (Scrutiny's own last).
pub const RULES: &[Rule] = &[
    Rule {
        code: "100",
        severity: Error,
        about: "The header's ReferenceDate is missing or not 31 March of the collection year",
        check: identity::header_reference_date,
    },
    Rule { code: "1103", severity: Error, about: "An assessment starts before the referral date", check: assessments::starts_before_referral },
    Rule {
        code: "1104",
        severity: Error,
        about: "An initial child protection conference is dated before the referral",
        check: section47::icpc_before_referral,
    },
    Rule { code: "1105", severity: Error, about: "A child protection plan starts before the referral date", check: cpp::starts_before_referral },
    Rule { code: "1510", severity: Error, about: "UPN has the wrong check letter", check: identity::upn_check_letter },
    Rule { code: "1520", severity: Error, about: "The same UPN is given to more than one child", check: identity::upn_repeated },
    Rule { code: "1530", severity: Error, about: "UPN characters 2-4 are not a recognised LA code", check: identity::upn_la_code },
    Rule { code: "1540", severity: Error, about: "UPN characters 5-12 are not all digits", check: identity::upn_digits },
    Rule { code: "1550", severity: Error, about: "UPN character 13 is not a digit or an allowed letter", check: identity::upn_last_character },
    Rule { code: "1560Q", severity: Query, about: "FormerUPN is not in the form of a UPN", check: identity::former_upn_format },
    Rule { code: "1570", severity: Error, about: "LAchildID is longer than 20 characters (from 2024-25)", check: identity::la_child_id_too_long },
    Rule {
        code: "1580",
        severity: Error,
        about: "LAchildID has characters other than letters and digits (from 2024-25)",
        check: identity::la_child_id_not_alphanumeric,
    },
    Rule {
        code: "2883",
        severity: Error,
        about: "More child protection plans start in the year than initial conferences are held",
        check: cpp::more_plans_than_conferences,
    },
    Rule {
        code: "2884",
        severity: Error,
        about: "An initial conference is recorded both on the Section 47 and on the CIN episode",
        check: episodes::icpc_recorded_twice,
    },
    Rule {
        code: "2885",
        severity: Error,
        about: "A child protection plan starts on a different day from the initial conference",
        check: cpp::start_not_on_conference_day,
    },
    Rule {
        code: "2886Q",
        severity: Query,
        about: "More than 2% of children (unborn excluded) have no sex or gender recorded",
        check: identity::many_without_sex,
    },
    Rule { code: "2887Q", severity: Query, about: "Fewer than 8 different disability codes are used in the return", check: identity::few_disability_codes },
    Rule { code: "2888Q", severity: Query, about: "No disabled child has more than one disability recorded", check: identity::one_disability_each },
    Rule { code: "2889", severity: Error, about: "A Section 47 enquiry starts before the referral date", check: section47::starts_before_referral },
    Rule {
        code: "2990",
        severity: Error,
        about: "An episode closed as RC8/RC9 (after assessment) has Section 47, conference, CIN plan or CP plan activity",
        check: episodes::activity_after_rc8_rc9,
    },
    Rule { code: "2991Q", severity: Query, about: "An episode has a Section 47 enquiry but no assessment", check: section47::no_assessment },
    Rule { code: "4000", severity: Error, about: "A CIN plan is recorded on a referral with no further action", check: cin_plans::plan_on_nfa },
    Rule { code: "4001", severity: Error, about: "A CIN plan and a child protection plan are both open on the episode", check: cin_plans::open_with_open_cpp },
    Rule { code: "4003", severity: Error, about: "A child protection review is held while a CIN plan is open", check: cin_plans::cpp_review_during_plan },
    Rule { code: "4004", severity: Error, about: "More than one open CIN plan on an episode", check: cin_plans::several_open },
    Rule { code: "4008", severity: Error, about: "A CIN plan starts after the child's death", check: cin_plans::starts_after_death },
    Rule { code: "4009Q", severity: Query, about: "A CIN plan ends after the child's death", check: cin_plans::ends_after_death },
    Rule { code: "4010", severity: Error, about: "A CIN plan start date is missing or after the reference date", check: cin_plans::start_missing_or_late },
    Rule { code: "4011", severity: Error, about: "A CIN plan ends before it starts", check: cin_plans::ends_before_start },
    Rule { code: "4012Q", severity: Query, about: "A CIN plan starts and ends on the same day", check: cin_plans::same_day },
    Rule { code: "4013", severity: Error, about: "A CIN plan end date is outside the census year", check: cin_plans::end_outside_year },
    Rule { code: "4014", severity: Error, about: "A child's CIN plans overlap", check: cin_plans::overlapping },
    Rule { code: "4015", severity: Error, about: "A CIN plan starts before the referral date", check: cin_plans::starts_before_referral },
    Rule { code: "4016", severity: Error, about: "A CIN plan starts while a child protection plan is open", check: cin_plans::starts_during_cpp },
    Rule { code: "4017", severity: Error, about: "A child protection plan starts while a CIN plan is open", check: cin_plans::cpp_starts_during_plan },
    Rule { code: "4180", severity: Error, about: "Sex (from 2024-25) or GenderCurrent (to 2023-24) is missing or not a valid code", check: identity::sex_code },
    Rule { code: "4220", severity: Error, about: "Ethnicity is missing or not a valid code", check: identity::ethnicity_code },
    Rule { code: "8500", severity: Error, about: "LAchildID is missing", check: identity::la_child_id_missing },
    Rule { code: "8510", severity: Error, about: "More than one child has the same LAchildID", check: identity::la_child_id_repeated },
    Rule { code: "8520", severity: Error, about: "Date of birth is after the reference date", check: identity::born_after_reference_date },
    Rule {
        code: "8525Q",
        severity: Query,
        about: "Neither or both of PersonBirthDate and ExpectedPersonBirthDate are given",
        check: identity::birth_or_expected_birth,
    },
    Rule {
        code: "8530Q",
        severity: Query,
        about: "Expected date of birth is not between 30 days before and 9 months after the reference date",
        check: identity::expected_birth_out_of_range,
    },
    Rule { code: "8535Q", severity: Query, about: "Date of death is before the date of birth", check: identity::death_before_birth },
    Rule { code: "8540", severity: Error, about: "Disability is missing or not a valid code", check: identity::disability_code },
    Rule { code: "8545Q", severity: Query, about: "Date of death is outside the census year", check: identity::death_outside_year },
    Rule { code: "8555Q", severity: Query, about: "A referral is dated after the child's death", check: episodes::referral_after_death },
    Rule { code: "8565", severity: Error, about: "Activity is dated after the episode's closure date", check: episodes::activity_after_closure },
    Rule { code: "8568", severity: Error, about: "ReferralNFA is missing or not true/false/1/0", check: episodes::nfa_flag },
    Rule { code: "8569Q", severity: Query, about: "A referral from before the census year is flagged as no further action", check: episodes::old_referral_nfa },
    Rule { code: "8585Q", severity: Query, about: "Closure reason RC2 (died) but no date of death", check: episodes::died_without_death_date },
    Rule { code: "8590", severity: Error, about: "A child has no CINdetails episode", check: identity::no_episode },
    Rule { code: "8600", severity: Error, about: "CINreferralDate is missing or after the reference date", check: episodes::referral_date_missing_or_late },
    Rule {
        code: "8606",
        severity: Error,
        about: "A referral is more than 280 days before the (expected) date of birth",
        check: episodes::referral_long_before_birth,
    },
    Rule { code: "8608", severity: Error, about: "An assessment is authorised before it starts", check: assessments::authorised_before_start },
    Rule { code: "8610", severity: Error, about: "PrimaryNeedCode is missing on a referral that led to further action", check: episodes::primary_need_missing },
    Rule {
        code: "8614",
        severity: Error,
        about: "Assessment factors are given for an assessment that is not completed",
        check: assessments::factors_without_authorisation,
    },
    Rule {
        code: "8615",
        severity: Error,
        about: "A Section 47 with an initial conference has no start date or starts after the conference",
        check: section47::start_missing_or_after_icpc,
    },
    Rule { code: "8620", severity: Error, about: "CINclosureDate is outside the census year", check: episodes::closure_outside_year },
    Rule { code: "8630", severity: Error, about: "CINclosureDate is before CINreferralDate", check: episodes::closure_before_referral },
    Rule { code: "8640", severity: Error, about: "ReasonForClosure is not a valid code", check: episodes::closure_reason_code },
    Rule { code: "8650", severity: Error, about: "PrimaryNeedCode is not a valid code", check: episodes::primary_need_code },
    Rule {
        code: "8670Q",
        severity: Query,
        about: "An assessment started more than 45 working days before the reference date is not completed",
        check: assessments::long_open,
    },
    Rule {
        code: "8675Q",
        severity: Query,
        about: "A Section 47 started more than 15 working days before the reference date has no initial conference",
        check: section47::long_open,
    },
    Rule { code: "8696", severity: Error, about: "An assessment authorisation date is outside the census year", check: assessments::authorised_outside_year },
    Rule { code: "8715", severity: Error, about: "A Section 47 initial conference date is outside the census year", check: section47::icpc_outside_year },
    Rule {
        code: "8720",
        severity: Error,
        about: "A child protection plan start date is missing or after the reference date",
        check: cpp::start_missing_or_late,
    },
    Rule { code: "8730", severity: Error, about: "NumberOfPreviousCPP is missing or not a whole number of zero or more", check: cpp::previous_plans },
    Rule {
        code: "8736",
        severity: Error,
        about: "An assessment not completed by the reference date starts outside the census year",
        check: assessments::open_started_outside_year,
    },
    Rule {
        code: "8740",
        severity: Error,
        about: "A Section 47 with no conference by the reference date starts outside the census year",
        check: section47::open_started_outside_year,
    },
    Rule { code: "8750", severity: Error, about: "An unborn child's sex is not U (from 2024-25) or gender not 0 (to 2023-24)", check: identity::unborn_sex },
    Rule { code: "8770Q", severity: Query, about: "A child of school age has no UPN and no valid reason for it", check: identity::upn_expected },
    Rule {
        code: "8772",
        severity: Error,
        about: "UPNunknown is UN7 (no further action) but a referral led to further action",
        check: identity::un7_with_further_action,
    },
    Rule { code: "8775Q", severity: Query, about: "The child is over 25 years old", check: identity::over_25 },
    Rule { code: "8790", severity: Error, about: "Disability NONE is given with other disabilities", check: identity::none_with_disabilities },
    Rule { code: "8794", severity: Error, about: "The same disability code is given twice", check: identity::disability_repeated },
    Rule { code: "8805", severity: Error, about: "An episode has a closure date but no reason for closure", check: episodes::closed_without_reason },
    Rule { code: "8810", severity: Error, about: "An episode has a reason for closure but no closure date", check: episodes::reason_without_closure },
    Rule { code: "8815", severity: Error, about: "More than one open episode that is not a referral with no further action", check: episodes::several_open },
    Rule { code: "8816", severity: Error, about: "An open episode (not NFA) is not the child's latest referral", check: episodes::open_not_latest },
    Rule { code: "8820", severity: Error, about: "A child's CIN episodes overlap", check: episodes::overlapping },
    Rule {
        code: "8825Q",
        severity: Query,
        about: "Closure reason RC8/RC9 (closed after assessment) but no assessment on the episode",
        check: episodes::rc8_rc9_without_assessment,
    },
    Rule {
        code: "8831",
        severity: Error,
        about: "Assessment, Section 47 or conference activity on a referral with no further action",
        check: episodes::activity_on_nfa,
    },
    Rule { code: "8832", severity: Error, about: "A child protection plan on a referral with no further action", check: cpp::plan_on_nfa },
    Rule { code: "8839", severity: Error, about: "More than one Section 47 on an episode is still open", check: section47::several_open },
    Rule { code: "8840", severity: Error, about: "A child protection plan starts and ends on the same day", check: cpp::same_day },
    Rule { code: "8841", severity: Error, about: "A child protection review is on or before the plan's start date", check: cpp::review_not_after_start },
    Rule { code: "8842Q", severity: Query, about: "A child protection plan review has no date", check: cpp::review_without_date },
    Rule { code: "8863Q", severity: Query, about: "An assessment starts while another on the episode is ongoing", check: assessments::overlapping },
    Rule { code: "8866", severity: Error, about: "ReferralSource is missing or not a valid code", check: episodes::referral_source_code },
    Rule { code: "8867", severity: Error, about: "A closed episode has an assessment that is not completed", check: assessments::incomplete_on_closed_episode },
    Rule {
        code: "8868",
        severity: Error,
        about: "A closed episode has a Section 47 neither held to conference nor marked conference not required",
        check: section47::incomplete_on_closed_episode,
    },
    Rule { code: "8869", severity: Error, about: "Assessment factor 21 (no factors) is given with other factors", check: assessments::factor_21_with_others },
    Rule { code: "8870Q", severity: Query, about: "The target date for the initial conference is a weekend", check: section47::target_on_weekend },
    Rule {
        code: "8873Q",
        severity: Query,
        about: "An episode's only assessment found no factors (21) but it was not closed as RC8/RC9",
        check: episodes::no_factors_not_rc8_rc9,
    },
    Rule { code: "8875", severity: Error, about: "The initial child protection conference is dated on a weekend", check: section47::icpc_on_weekend },
    Rule { code: "8890", severity: Error, about: "A Section 47 starts while another on the episode is ongoing", check: section47::overlapping },
    Rule { code: "8896", severity: Error, about: "More than one assessment on an episode is not completed", check: assessments::several_open },
    Rule {
        code: "8897Q",
        severity: Query,
        about: "An assessment completed in the census year has no (valid) assessment factors",
        check: assessments::factors_missing,
    },
    Rule { code: "8898", severity: Error, about: "An assessment gives the same factor twice", check: assessments::factor_repeated },
    Rule { code: "8905", severity: Error, about: "InitialCategoryOfAbuse is missing or not a valid code", check: cpp::initial_category },
    Rule { code: "8910", severity: Error, about: "LatestCategoryOfAbuse is missing or not a valid code", check: cpp::latest_category },
    Rule { code: "8915", severity: Error, about: "A child protection plan starts after the child's death", check: cpp::starts_after_death },
    Rule { code: "8920", severity: Error, about: "A child protection plan ends after the child's death", check: cpp::ends_after_death },
    Rule { code: "8925", severity: Error, about: "A child protection plan ends before it starts", check: cpp::ends_before_start },
    Rule { code: "8930", severity: Error, about: "A child protection plan end date is outside the census year", check: cpp::end_outside_year },
    Rule { code: "8935", severity: Error, about: "A child has more than one open child protection plan", check: cpp::several_open },
    Rule { code: "8940", severity: Error, about: "A child's child protection plans overlap", check: cpp::overlapping },
    Rule { code: "8945Q", severity: Query, about: "Assessment factor 18A is used; use 18B or 18C (from 2024-25)", check: assessments::factor_18a },
    Rule { code: "8950Q", severity: Query, about: "Assessment factor 19A is used; use 19B or 19C (from 2024-25)", check: assessments::factor_19a },
    Rule { code: "SCR-CIN01", severity: Warning, about: "A child has both a UPN and a reason for having no UPN", check: identity::upn_and_reason },
];

// ----- Helpers shared by the families --------------------------------------

/// The census period of a file: from the day after a year before the
/// reference date (1 April) to the reference date (31 March), inclusive.
/// Falls back on the collection year when the reference date is unusable.
pub(super) fn period(cin: &CinFile) -> Option<(NaiveDate, NaiveDate)> {
    match cin.census.header.reference_date.date() {
        Some(end) => Some((end.checked_sub_months(Months::new(12))? + Duration::days(1), end)),
        None => cin.year.map(|y| (y.start(), y.end())),
    }
}

/// The reference date (the last day of the census year).
pub(super) fn reference_date(cin: &CinFile) -> Option<NaiveDate> {
    period(cin).map(|p| p.1)
}

/// The calendar year the collection starts in (2024 for 2024-25), if known.
pub(super) fn start_year(cin: &CinFile) -> Option<i32> {
    match cin.year? {
        Period::Year { start_year } => Some(start_year),
        other => Some(other.financial_year().start().year()),
    }
}

/// Whether the file's census year is 2024-25 or later (`Sex` replaces
/// `GenderCurrent`, LAchildID rules tighten); `None` when the year is unknown.
pub(super) fn from_2024_25(cin: &CinFile) -> Option<bool> {
    start_year(cin).map(|y| y >= 2024)
}

/// The line of a value, or of its container when the element is absent.
pub(super) fn at(v: &Val, container: u32) -> u32 {
    if v.line > 0 {
        v.line
    } else {
        container
    }
}

/// A date for messages: "31 March 2025".
/// Reports each date taken from an episode (`dates`) that falls after the child's death.
pub(super) fn report_after_death(
    ctx: &super::Context,
    f: &mut super::Findings,
    field: &str,
    dates: fn(&CinEpisode) -> Vec<&Val>,
    message: fn(NaiveDate, NaiveDate) -> String,
) {
    for cin in &ctx.cin {
        for (c, e) in episodes(cin) {
            let Some(died) = c.death_date.date() else { continue };
            for v in dates(e) {
                if let Some(d) = v.date().filter(|d| *d > died) {
                    f.report(cin.file, v.line, c.id(), field, v.raw(), message(d, died));
                }
            }
        }
    }
}

/// Reports each plan (start, end) of a child that starts within another of the same kind.
pub(super) fn report_overlaps(
    ctx: &super::Context,
    f: &mut super::Findings,
    field: &str,
    plans: fn(&CinChild) -> Vec<(&Val, &Val)>,
    message: fn(NaiveDate, NaiveDate, String) -> String,
) {
    for cin in &ctx.cin {
        let reference = reference_date(cin);
        for c in children(cin) {
            let plans = plans(c);
            if plans.len() < 2 {
                continue;
            }
            for (i, (start_val, _)) in plans.iter().enumerate() {
                let Some(start) = start_val.date() else { continue };
                let clash = plans.iter().enumerate().find_map(|(j, (o_start, o_end))| {
                    let other = o_start.date()?;
                    (j != i && within(start, other, o_end.date(), reference)).then_some((other, o_end.date()))
                });
                if let Some((other, end)) = clash {
                    let until = end.map_or("still open".to_string(), |d| format!("ended {}", day(d)));
                    f.report(cin.file, start_val.line, c.id(), field, start_val.raw(), message(start, other, until));
                }
            }
        }
    }
}

pub(super) fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A flag as the CIN census allows it: true, false, 1 or 0 (any case).
pub(super) fn flag(v: &Val) -> Option<bool> {
    // Compared without a lowercased copy: every episode's flags are read by several rules.
    let text = v.trimmed()?;
    if text == "1" || text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text == "0" || text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The referral led to no further action (ReferralNFA true or 1).
pub(super) fn is_nfa(e: &CinEpisode) -> bool {
    flag(&e.nfa) == Some(true)
}

/// The referral led to further action (ReferralNFA false or 0).
pub(super) fn is_further_action(e: &CinEpisode) -> bool {
    flag(&e.nfa) == Some(false)
}

/// Every child of a file.
pub(super) fn children<'a>(cin: &CinFile<'a>) -> std::slice::Iter<'a, CinChild> {
    let census: &'a CinCensus = cin.census;
    census.children.iter()
}

/// Every episode of a file, with its child.
pub(super) fn episodes<'a>(cin: &CinFile<'a>) -> impl Iterator<Item = (&'a CinChild, &'a CinEpisode)> + 'a {
    children(cin).flat_map(|c| c.episodes.iter().map(move |e| (c, e)))
}

/// The date `n` working days (England) before `d`; a weekend or bank
/// holiday `d` first rolls back to the working day before it.
pub(super) fn working_days_before(d: NaiveDate, n: u32) -> NaiveDate {
    let calendar = Calendar::england();
    let (mut d, mut left) = (d, n);
    while left > 0 {
        d -= Duration::days(1);
        if calendar.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// Whether `d` falls on `start`..=`end`, an open `end` running to `open_until`.
pub(super) fn within(d: NaiveDate, start: NaiveDate, end: Option<NaiveDate>, open_until: Option<NaiveDate>) -> bool {
    d >= start && end.or(open_until).is_some_and(|e| d <= e)
}

#[cfg(test)]
pub(super) mod fixture {
    //! Hand-written CIN census files for the rules' own tests.

    use super::RULES;
    use crate::rules::testing::{rule, run};

    /// A valid UPN for the LA 841, different for each `seed`.
    pub fn upn(seed: u32) -> String {
        let body = format!("8412015{:05}", seed % 100_000);
        format!("{}{}", scrutiny_model::upn_check_letter(&body).unwrap(), body)
    }

    fn seed_of(id: &str) -> u32 {
        id.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32))
    }

    /// Identifiers of a child born 2 January 2015 with a valid UPN, for 2024-25.
    pub fn ids(id: &str) -> String {
        format!("<LAchildID>{id}</LAchildID><UPN>{}</UPN><PersonBirthDate>2015-01-02</PersonBirthDate><Sex>M</Sex>", upn(seed_of(id)))
    }

    /// A `<Child>` with the given identifiers, characteristics and episodes.
    pub fn child_with(ids: &str, characteristics: &str, episodes: &str) -> String {
        format!("<Child><ChildIdentifiers>{ids}</ChildIdentifiers><ChildCharacteristics>{characteristics}</ChildCharacteristics>{episodes}</Child>")
    }

    /// A usual child (valid identifiers, WBRI, no disability) with the given episodes.
    pub fn child(id: &str, episodes: &str) -> String {
        child_with(&ids(id), "<Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>", episodes)
    }

    /// A CINdetails of the given elements.
    pub fn ep(inner: &str) -> String {
        format!("<CINdetails>{inner}</CINdetails>")
    }

    /// An open episode referred on `date` that led to further action, with more elements.
    pub fn open(date: &str, more: &str) -> String {
        ep(&format!("<CINreferralDate>{date}</CINreferralDate><ReferralSource>6</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>{more}"))
    }

    /// An episode referred on `date` and closed on `closed` for `reason`, with more elements.
    pub fn closed(date: &str, closed: &str, reason: &str, more: &str) -> String {
        ep(&format!("<CINreferralDate>{date}</CINreferralDate><ReferralSource>6</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>{closed}</CINclosureDate><ReasonForClosure>{reason}</ReasonForClosure><ReferralNFA>false</ReferralNFA>{more}"))
    }

    /// A CIN census whose reference date is `reference_date` around the given children.
    pub fn census_at(reference_date: &str, children: &str) -> String {
        let year = &reference_date[..4];
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n<Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{reference_date}</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>841</LEA></Source></Header>\n<Children>\n{children}\n</Children>\n</Message>\n"
        )
    }

    /// The children (LAchildID, "" for the whole return) that rule `code` reports in a census at `reference_date`.
    pub fn found_at(code: &str, reference_date: &str, children: &str) -> Vec<String> {
        let xml = census_at(reference_date, children);
        let issues = run(rule(RULES, code), &[("cin.xml", &xml)]);
        for i in &issues {
            assert_eq!(i.rule, code);
            assert!(!i.message.is_empty() && i.file.ends_with("cin.xml"));
        }
        issues.into_iter().map(|i| i.child.unwrap_or_default()).collect()
    }

    /// The children that rule `code` reports in a 2024-25 census.
    pub fn found(code: &str, children: &str) -> Vec<String> {
        found_at(code, "2025-03-31", children)
    }

    /// The issues of rule `code` in a 2024-25 census.
    pub fn issues(code: &str, children: &str) -> Vec<crate::issue::Issue> {
        run(rule(RULES, code), &[("cin.xml", &census_at("2025-03-31", children))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_in_any_case_with_spaces() {
        for (text, expected) in [
            ("true", Some(true)),
            (" TRUE ", Some(true)),
            ("True", Some(true)),
            ("1", Some(true)),
            ("false", Some(false)),
            ("FaLsE", Some(false)),
            ("0", Some(false)),
            ("yes", None),
            ("01", None),
            ("truee", None),
            ("", None),
        ] {
            assert_eq!(flag(&Val::new(text, 1)), expected, "{text:?}");
        }
        assert_eq!(flag(&Val::absent(1)), None);
    }

    #[test]
    fn codes_are_unique_and_in_order() {
        let key = |c: &str| -> (u8, u32) {
            match c.strip_prefix("SCR-") {
                Some(_) => (1, 0),
                None => (0, c.trim_end_matches('Q').parse().expect("numeric DfE code")),
            }
        };
        for w in RULES.windows(2) {
            assert!((key(w[0].code), w[0].code) < (key(w[1].code), w[1].code), "{} then {}", w[0].code, w[1].code);
        }
        for r in RULES {
            assert_eq!(r.code.ends_with('Q'), r.severity == Query, "{}: queries end in Q", r.code);
        }
        assert!(RULES.len() >= 60);
    }

    #[test]
    fn working_days_back() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Monday 31 March 2025, back one working day: Friday 28 March.
        assert_eq!(working_days_before(d("2025-03-31"), 1), d("2025-03-28"));
        // Saturday 1 April 2023 rolls back to Friday 31 March.
        assert_eq!(working_days_before(d("2023-04-01"), 1), d("2023-03-31"));
        // Over Easter 2024 (Good Friday 29 March, Easter Monday 1 April).
        assert_eq!(working_days_before(d("2024-04-02"), 1), d("2024-03-28"));
    }

    #[test]
    fn census_period_runs_from_1_april() {
        let xml = fixture::census_at("2024-03-31", "");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("c.xml"), xml).unwrap();
        let inputs = crate::read_paths(&[dir.path().to_path_buf()]);
        let ctx = crate::rules::Context::new(&inputs);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(period(&ctx.cin[0]), Some((d("2023-04-01"), d("2024-03-31"))));
        assert_eq!(from_2024_25(&ctx.cin[0]), Some(false));
    }
}
