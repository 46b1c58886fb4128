//! The header, the child's identifiers (LAchildID, UPN, dates of birth and
//! death, sex or gender) and characteristics (ethnicity, disability).

use super::{at, children, day, from_2024_25, is_further_action, is_nfa, period, reference_date, start_year};
use crate::rules::{CinFile, Context, Findings};
use chrono::{Datelike, Duration, Months};
use scrutiny_model::codes::{Disability, Ethnicity};
use std::collections::{BTreeSet, HashMap};

pub(super) fn header_reference_date(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let h = &cin.census.header;
        let line = at(&h.reference_date, at(&h.year, 1));
        let year: Option<i32> = h.year.trimmed().and_then(|y| y.parse().ok());
        let Some(d) = h.reference_date.date() else {
            if !h.reference_date.present() {
                let expected = year.map(|y| format!(" (31 March {y} for this collection)")).unwrap_or_default();
                f.report(cin.file, line, "", "ReferenceDate", "", format!("Reference Date is incorrect: the header has no ReferenceDate. Add the census reference date{expected} to the header's CollectionDetails."));
            }
            continue;
        };
        let ok = match year {
            Some(y) => d.year() == y && d.month() == 3 && d.day() == 31,
            None => d.month() == 3 && d.day() == 31,
        };
        if !ok {
            let expected =
                year.map(|y| format!("31 March {y}, the end of the collection year {y}")).unwrap_or_else(|| "31 March, the end of the collection year".into());
            f.report(
                cin.file,
                line,
                "",
                "ReferenceDate",
                h.reference_date.raw(),
                format!("Reference Date is incorrect: it is {} but must be {expected}. Correct the header (and the Year beside it) before submitting.", day(d)),
            );
        }
    }
}

pub(super) fn la_child_id_missing(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            if !c.la_child_id.present() {
                f.report(
                    cin.file,
                    at(&c.la_child_id, c.line),
                    "",
                    "LAchildID",
                    "",
                    "LA Child ID missing: every child needs the council's identifier for them. Add the LAchildID from the case management system.",
                );
            }
        }
    }
}

pub(super) fn la_child_id_repeated(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let mut first: HashMap<&str, u32> = HashMap::with_capacity(cin.census.children.len());
        for c in children(cin) {
            let id = c.id();
            if id.is_empty() {
                continue;
            }
            let line = at(&c.la_child_id, c.line);
            if let Some(&earlier) = first.get(id) {
                f.report(cin.file, line, id, "LAchildID", c.la_child_id.raw(), format!("More than one child record with the same LA Child ID: {id} is also the child at line {earlier}. Each child appears once, with all their episodes inside one <Child>; merge the records or correct the identifier."));
            } else {
                first.insert(id, line);
            }
        }
    }
}

pub(super) fn la_child_id_too_long(ctx: &Context, f: &mut Findings) {
    for cin in ctx.cin.iter().filter(|c| from_2024_25(c) == Some(true)) {
        for c in children(cin) {
            let n = c.id().chars().count();
            if n > 20 {
                f.report(
                    cin.file,
                    at(&c.la_child_id, c.line),
                    c.id(),
                    "LAchildID",
                    c.la_child_id.raw(),
                    format!("LA Child ID must not be longer than 20 characters: this one has {n}. Use a shorter identifier from the case management system."),
                );
            }
        }
    }
}

pub(super) fn la_child_id_not_alphanumeric(ctx: &Context, f: &mut Findings) {
    for cin in ctx.cin.iter().filter(|c| from_2024_25(c) == Some(true)) {
        for c in children(cin) {
            let id = c.id();
            if !id.is_empty() && !id.chars().all(|ch| ch.is_ascii_alphanumeric()) {
                f.report(cin.file, at(&c.la_child_id, c.line), id, "LAchildID", c.la_child_id.raw(), format!("LA Child ID must not contain any non-alphanumeric characters: '{id}' has characters other than letters and digits. Remove spaces, hyphens and other symbols."));
            }
        }
    }
}

/// A UPN of 13 characters whose last twelve are digits: the check letter can be computed.
fn upn_of(v: &crate::raw::Val) -> Option<&str> {
    v.trimmed()
}

pub(super) fn upn_check_letter(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let Some(u) = upn_of(&c.upn) else { continue };
            if u.len() != 13 || !u.is_char_boundary(1) {
                continue;
            }
            let Some(expected) = scrutiny_model::upn_check_letter(&u[1..]) else { continue };
            if !u.starts_with(expected) {
                f.report(cin.file, c.upn.line, c.id(), "UPN", c.upn.raw(), format!("UPN invalid (wrong check letter at character 1): for these digits the check letter is {expected}. The UPN has been mistyped; copy it again from the school's records."));
            }
        }
    }
}

pub(super) fn upn_repeated(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let mut first: HashMap<&str, (&str, u32)> = HashMap::new();
        for c in children(cin) {
            let Some(u) = upn_of(&c.upn) else { continue };
            match first.get(u) {
                Some(&(other, line)) => {
                    let message = if !other.is_empty() && other == c.id() {
                        format!("More than one record with the same UPN: the record at line {line} is the same child ({other}) with the same UPN. Keep one record for the child.")
                    } else {
                        let who = if other.is_empty() { String::new() } else { format!(" ({other})") };
                        format!("More than one record with the same UPN: the child at line {line}{who} has it too. A UPN belongs to one pupil; check which child it is and correct or remove the other.")
                    };
                    f.report(cin.file, c.upn.line, c.id(), "UPN", c.upn.raw(), message);
                }
                None => {
                    first.insert(u, (c.id(), c.upn.line));
                }
            }
        }
    }
}

/// Post-April 1998 LA codes and pseudo-LA codes allowed in characters 2-4 of a UPN.
fn upn_la_code_valid(code: &str, from_2023_24: bool) -> bool {
    let Ok(n) = code.parse::<u16>() else { return false };
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    const RANGES: &[(u16, u16)] = &[
        (1, 5),
        (201, 213),
        (301, 320),
        (330, 336),
        (340, 344),
        (350, 359),
        (370, 373),
        (380, 384),
        (390, 394),
        (420, 420),
        (660, 681),
        (701, 708),
        (800, 803),
        (805, 808),
        (810, 813),
        (815, 816),
        (820, 823),
        (825, 826),
        (830, 831),
        (835, 841),
        (845, 846),
        (850, 852),
        (855, 857),
        (860, 861),
        (865, 896),
        (908, 909),
        (916, 916),
        (919, 919),
        (921, 921),
        (925, 926),
        (928, 929),
        (931, 931),
        (933, 933),
        (935, 938),
        (940, 941),
    ];
    RANGES.iter().any(|&(a, b)| (a..=b).contains(&n)) || (from_2023_24 && (942..=943).contains(&n))
}

pub(super) fn upn_la_code(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let recent = start_year(cin).is_none_or(|y| y >= 2023);
        for c in children(cin) {
            let Some(u) = upn_of(&c.upn) else { continue };
            if u.len() != 13 {
                continue;
            }
            let code = u.get(1..4).unwrap_or("");
            if !upn_la_code_valid(code, recent) {
                f.report(cin.file, c.upn.line, c.id(), "UPN", c.upn.raw(), format!("UPN invalid (characters 2-4 not a recognised LA code): '{code}' is not the number of an English local authority. Check the UPN against the school's records."));
            }
        }
    }
}

pub(super) fn upn_digits(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let Some(u) = upn_of(&c.upn) else { continue };
            let n = u.chars().count();
            let message = if n != 13 {
                format!(
                    "UPN invalid (characters 5-12 not all numeric): a UPN has 13 characters and this one has {n}. Copy the full UPN from the school's records."
                )
            } else if !u.get(4..12).is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit())) {
                "UPN invalid (characters 5-12 not all numeric): characters 5 to 12 of a UPN are digits. Copy the UPN again from the school's records."
                    .to_string()
            } else {
                continue;
            };
            f.report(cin.file, c.upn.line, c.id(), "UPN", c.upn.raw(), message);
        }
    }
}

pub(super) fn upn_last_character(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let Some(u) = upn_of(&c.upn) else { continue };
            if u.len() != 13 || !u.is_char_boundary(12) {
                continue;
            }
            let last = u[12..].chars().next().unwrap_or(' ');
            let ok = last.is_ascii_digit() || (last.is_ascii_uppercase() && !matches!(last, 'I' | 'O' | 'S'));
            if !ok {
                f.report(cin.file, c.upn.line, c.id(), "UPN", c.upn.raw(), format!("UPN invalid (character 13 not a recognised value): '{last}' must be a digit or a capital letter other than I, O and S. Check the UPN against the school's records."));
            }
        }
    }
}

pub(super) fn former_upn_format(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let Some(u) = c.former_upn.trimmed() else { continue };
            let ok = u.len() == 13 && u.as_bytes()[0].is_ascii_alphabetic() && u[1..].bytes().all(|b| b.is_ascii_digit());
            if !ok {
                f.report(cin.file, c.former_upn.line, c.id(), "FormerUPN", c.former_upn.raw(), "Please check and either amend or provide a reason: Former UPN wrongly formatted. A former UPN is a letter followed by twelve digits; correct it or remove it if it is not a former UPN.");
            }
        }
    }
}

pub(super) fn upn_expected(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let (Some(reference), Some(recent)) = (reference_date(cin), from_2024_25(cin)) else { continue };
        // Born on or before this day: of school age in the census year.
        let school_age_born_by = if recent {
            reference.checked_add_months(Months::new(4)).map(|d| d + Duration::days(31)).and_then(|d| d.checked_sub_months(Months::new(72)))
        } else {
            reference.checked_sub_months(Months::new(72))
        };
        let Some(born_by) = school_age_born_by else { continue };
        for c in children(cin) {
            let Some(born) = c.birth_date.date() else { continue };
            if born > born_by || c.upn.present() || !c.episodes.iter().any(is_further_action) {
                continue;
            }
            let reason = c.upn_unknown.trimmed().unwrap_or("").to_ascii_uppercase();
            if !matches!(reason.as_str(), "UN2" | "UN3" | "UN4" | "UN5" | "UN6" | "UN7") {
                let why = if reason.is_empty() {
                    "there is neither a UPN nor a UPNunknown reason".to_string()
                } else {
                    format!("UPNunknown is '{}', which does not explain a missing UPN for a child of school age", c.upn_unknown.raw().trim())
                };
                let message = if recent {
                    format!("Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age. The child was born on {} and {why}; add the UPN from the school or the right UPNunknown code.", day(born))
                } else {
                    format!("Please check and either amend data or provide a reason: UPN or reason UPN missing expected for a child who is more than 5 years old. The child was born on {} and {why}; add the UPN from the school or the right UPNunknown code.", day(born))
                };
                f.report(cin.file, at(&c.upn_unknown, c.line), c.id(), "UPNunknown", c.upn_unknown.raw(), message);
            }
        }
    }
}

pub(super) fn un7_with_further_action(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            if c.upn_unknown.trimmed().is_some_and(|u| u.eq_ignore_ascii_case("UN7")) && c.episodes.iter().any(|e| !is_nfa(e)) {
                f.report(cin.file, c.upn_unknown.line, c.id(), "UPNunknown", c.upn_unknown.raw(), "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action. Give the child's UPN, or another UPNunknown reason.");
            }
        }
    }
}

pub(super) fn upn_and_reason(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            if c.upn.present() && c.upn_unknown.present() {
                f.report(
                    cin.file,
                    c.upn_unknown.line,
                    c.id(),
                    "UPNunknown",
                    c.upn_unknown.raw(),
                    "The child has both a UPN and a reason for having no UPN (UPNunknown). Keep the UPN and remove the UPNunknown code.",
                );
            }
        }
    }
}

pub(super) fn born_after_reference_date(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some(reference) = reference_date(cin) else { continue };
        for c in children(cin) {
            if let Some(born) = c.birth_date.date().filter(|b| *b > reference) {
                f.report(cin.file, c.birth_date.line, c.id(), "PersonBirthDate", c.birth_date.raw(), format!("Date of Birth is after data collection period (must be on or before the end of the census period): {} is after {}. Correct the date, or give an unborn child an ExpectedPersonBirthDate instead.", day(born), day(reference)));
            }
        }
    }
}

pub(super) fn birth_or_expected_birth(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let (born, expected) = (c.birth_date.present(), c.expected_birth_date.present());
            if born == expected {
                let (field, v, what) = if born {
                    ("ExpectedPersonBirthDate", &c.expected_birth_date, "both are given; remove the expected date once the child is born")
                } else {
                    ("PersonBirthDate", &c.birth_date, "neither is given; add the date of birth, or the expected date for an unborn child")
                };
                f.report(
                    cin.file,
                    at(v, c.line),
                    c.id(),
                    field,
                    v.raw(),
                    format!("Either Date of Birth or Expected Date of Birth must be provided (but not both): {what}."),
                );
            }
        }
    }
}

pub(super) fn expected_birth_out_of_range(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some(reference) = reference_date(cin) else { continue };
        let (Some(earliest), Some(latest)) = (reference.checked_sub_signed(Duration::days(30)), reference.checked_add_months(Months::new(9))) else { continue };
        for c in children(cin) {
            if let Some(d) = c.expected_birth_date.date().filter(|d| *d < earliest || *d > latest) {
                f.report(cin.file, c.expected_birth_date.line, c.id(), "ExpectedPersonBirthDate", c.expected_birth_date.raw(), format!("Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end). {} is not between {} and {}; if the child has been born, give the date of birth instead.", day(d), day(earliest), day(latest)));
            }
        }
    }
}

pub(super) fn death_before_birth(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let Some(died) = c.death_date.date() else { continue };
            let message = match c.birth_date.date() {
                Some(born) if born > died => format!("Please check and either amend data or provide a reason: Child's date of death should not be prior to the date of birth. Died {} but born {}; correct whichever date is wrong.", day(died), day(born)),
                None => "Please check and either amend data or provide a reason: Child's date of death should not be prior to the date of birth. A date of death is given without a date of birth; add the date of birth.".to_string(),
                _ => continue,
            };
            f.report(cin.file, c.death_date.line, c.id(), "PersonDeathDate", c.death_date.raw(), message);
        }
    }
}

pub(super) fn death_outside_year(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some((start, end)) = period(cin) else { continue };
        for c in children(cin) {
            if let Some(died) = c.death_date.date().filter(|d| *d < start || *d > end) {
                f.report(cin.file, c.death_date.line, c.id(), "PersonDeathDate", c.death_date.raw(), format!("Please check and either amend data or provide a reason: Child's date of death should be within the census year. {} is outside {} to {}; a child who died before the year should not be in this census.", day(died), day(start), day(end)));
            }
        }
    }
}

pub(super) fn over_25(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let Some(reference) = reference_date(cin) else { continue };
        let Some(limit) = reference.checked_sub_months(Months::new(300)) else { continue };
        for c in children(cin) {
            let Some(born) = c.birth_date.date().filter(|b| *b < limit) else { continue };
            let Some(turned_25) = born.checked_add_months(Months::new(300)) else { continue };
            if c.episodes.iter().any(|e| e.closure_date.date().is_none_or(|d| d > turned_25)) {
                f.report(cin.file, c.birth_date.line, c.id(), "PersonBirthDate", c.birth_date.raw(), format!("Please check and either amend data or provide a reason: Child is over 25 years old. Born {}, the child turned 25 on {} and still has an episode open after that; check the date of birth.", day(born), day(turned_25)));
            }
        }
    }
}

/// How the file records sex: `Sex` from 2024-25, `GenderCurrent` before; unknown years use whichever is there.
fn uses_sex(cin: &CinFile, c: &crate::raw::CinChild) -> bool {
    from_2024_25(cin).unwrap_or(c.sex.present() || !c.gender_current.present())
}

pub(super) fn sex_code(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            if uses_sex(cin, c) {
                let v = &c.sex;
                if !v.trimmed().is_some_and(|s| matches!(s, "M" | "F" | "U")) {
                    let extra = if !v.present() && c.gender_current.present() { " From 2024-25 GenderCurrent is replaced by Sex (M, F or U)." } else { "" };
                    f.report(
                        cin.file,
                        at(v, c.line),
                        c.id(),
                        "Sex",
                        v.raw(),
                        format!("Sex must be provided and equal M, F, or U.{extra} Record the child's sex as M (male), F (female) or U (unknown or unborn)."),
                    );
                }
            } else {
                let v = &c.gender_current;
                if !v.trimmed().is_some_and(|s| matches!(s, "0" | "1" | "2" | "9")) {
                    let what = if v.present() { format!("'{}' is not a gender code", v.raw().trim()) } else { "there is no GenderCurrent".to_string() };
                    f.report(
                        cin.file,
                        at(v, c.line),
                        c.id(),
                        "GenderCurrent",
                        v.raw(),
                        format!("Gender is missing: {what}. Use 1 (male), 2 (female), 0 (not known or unborn) or 9 (indeterminate)."),
                    );
                }
            }
        }
    }
}

pub(super) fn unborn_sex(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            if c.birth_date.present() || !c.expected_birth_date.present() {
                continue;
            }
            if uses_sex(cin, c) {
                if c.sex.trimmed() != Some("U") {
                    f.report(cin.file, at(&c.sex, c.line), c.id(), "Sex", c.sex.raw(), "Sex must equal U for an unborn child: the child has an expected date of birth and no date of birth. Record Sex as U, or give the date of birth if the child has been born.");
                }
            } else if c.gender_current.trimmed() != Some("0") {
                f.report(cin.file, at(&c.gender_current, c.line), c.id(), "GenderCurrent", c.gender_current.raw(), "Gender must equal 0 for an unborn child: the child has an expected date of birth and no date of birth. Record GenderCurrent as 0, or give the date of birth if the child has been born.");
            }
        }
    }
}

pub(super) fn many_without_sex(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let total = cin.census.children.len();
        if total == 0 {
            continue;
        }
        let recent = from_2024_25(cin);
        let unrecorded = children(cin)
            .filter(|c| !c.expected_birth_date.present())
            .filter(|c| {
                if recent.unwrap_or(c.sex.present() || !c.gender_current.present()) {
                    c.sex.trimmed().is_none_or(|s| s == "U")
                } else {
                    c.gender_current.trimmed().is_none_or(|s| s == "0")
                }
            })
            .count();
        if unrecorded * 50 > total {
            let (field, what) = if recent == Some(false) { ("GenderCurrent", "gender") } else { ("Sex", "sex") };
            f.report(cin.file, 0, "", field, "", format!("Please check and either amend or provide a reason: Percentage of children with no {what} recorded is more than 2% (excluding unborns). {unrecorded} of {total} children ({:.1}%) have none or 'not known'; record it where the case file shows it.", unrecorded as f64 * 100.0 / total as f64));
        }
    }
}

pub(super) fn ethnicity_code(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let v = &c.ethnicity;
            if v.code(Ethnicity::from_code).is_none() {
                let what = if v.present() { format!("'{}' is not an ethnicity code", v.raw().trim()) } else { "there is no Ethnicity".to_string() };
                f.report(cin.file, at(v, c.line), c.id(), "Ethnicity", v.raw(), format!("Ethnicity is missing or invalid (see Ethnicity table): {what}. Use one of the DfE's codes (e.g. WBRI, MWBC, AIND), REFU if refused or NOBT if not yet obtained."));
            }
        }
    }
}

pub(super) fn disability_code(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            if !c.birth_date.present() || !c.episodes.iter().any(is_further_action) {
                continue;
            }
            if c.disabilities.is_empty() {
                f.report(cin.file, c.line, c.id(), "Disability", "", "Child's disability is missing or invalid (see Disability table): a born child whose referral led to further action needs at least one Disability. Record the child's disabilities, or NONE.");
            }
            for v in c.disabilities.iter().filter(|v| v.code(Disability::from_code).is_none()) {
                let what = if v.present() { format!("'{}' is not a disability code", v.raw().trim()) } else { "a Disability is empty".to_string() };
                f.report(cin.file, v.line, c.id(), "Disability", v.raw(), format!("Child's disability is missing or invalid (see Disability table): {what}. Use NONE, MOB, HAND, PC, INC, COMM, LD, HEAR, VIS, BEH, CON, AUT or DDA."));
            }
        }
    }
}

pub(super) fn none_with_disabilities(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let none = c.disabilities.iter().any(|v| v.trimmed() == Some("NONE"));
            if let Some(other) = c.disabilities.iter().find(|v| v.present() && v.trimmed() != Some("NONE")).filter(|_| none) {
                f.report(cin.file, other.line, c.id(), "Disability", other.raw(), format!("Disability information includes both None and other values: NONE is given with {}. Remove NONE if the child has a disability, or the other codes if not.", other.raw().trim()));
            }
        }
    }
}

pub(super) fn disability_repeated(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            let mut seen = BTreeSet::new();
            for v in &c.disabilities {
                if let Some(code) = v.trimmed() {
                    if !seen.insert(code) {
                        f.report(
                            cin.file,
                            v.line,
                            c.id(),
                            "Disability",
                            v.raw(),
                            format!("Child has two or more disabilities with the same code: {code} is given more than once. Keep one."),
                        );
                    }
                }
            }
        }
    }
}

pub(super) fn few_disability_codes(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        if cin.census.children.is_empty() {
            continue;
        }
        let used: BTreeSet<Disability> =
            children(cin).flat_map(|c| c.disabilities.iter()).filter_map(|v| v.code(Disability::from_code)).filter(|d| *d != Disability::None).collect();
        if used.len() <= 7 {
            let list: Vec<&str> = used.iter().map(|d| d.code()).collect();
            let list = if list.is_empty() { "none".to_string() } else { list.join(", ") };
            f.report(cin.file, 0, "", "Disability", "", format!("Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return. Only {} are used ({list}); check that children's disabilities are recorded in full.", used.len()));
        }
    }
}

pub(super) fn one_disability_each(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        let counts: Vec<(&str, usize)> = children(cin)
            .map(|c| (c.id(), c.disabilities.iter().filter(|v| v.present() && v.trimmed() != Some("NONE")).count()))
            .filter(|&(_, n)| n > 0)
            .collect();
        if !counts.is_empty() && counts.iter().all(|&(_, n)| n == 1) {
            // Children, not <Child> elements: a child listed twice is counted once.
            let disabled = counts.iter().map(|&(id, _)| id).collect::<std::collections::HashSet<&str>>().len();
            f.report(cin.file, 0, "", "Disability", "", format!("Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible. None of the {disabled} disabled children has more than one; check that every disability is recorded."));
        }
    }
}

pub(super) fn no_episode(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in children(cin) {
            if c.episodes.is_empty() {
                f.report(cin.file, c.line, c.id(), "CINdetails", "", "Child does not have a recorded CIN episode. Every child in the census needs at least one CINdetails with the referral; add it or remove the child.");
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

    /// A child with the given identifiers (and the usual characteristics and episode).
    fn with_ids(ids: &str) -> String {
        child_with(ids, "<Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>", &open("2024-05-01", ""))
    }

    #[test]
    fn r100_reference_date_is_31_march_of_the_year() {
        assert!(found("100", &ok()).is_empty());
        let bad = census_at("2025-03-31", &ok()).replace("<ReferenceDate>2025-03-31", "<ReferenceDate>2025-03-30");
        let found = crate::rules::testing::run(crate::rules::testing::rule(super::super::RULES, "100"), &[("cin.xml", &bad)]);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("31 March 2025"), "{}", found[0].message);
    }

    #[test]
    fn r8500_la_child_id_must_be_present() {
        let bad = with_ids("<PersonBirthDate>2015-01-02</PersonBirthDate><Sex>M</Sex>");
        assert_eq!(found("8500", &(ok() + &bad)), vec![""]);
    }

    #[test]
    fn r8510_duplicate_children() {
        let twice = child("B1", &open("2024-05-01", ""));
        assert_eq!(found("8510", &(ok() + &twice + &twice)), vec!["B1"]);
        let i = issues("8510", &(twice.clone() + &twice));
        assert_eq!(i[0].field.as_deref(), Some("LAchildID"));
    }

    #[test]
    fn r1570_r1580_la_child_id_form_from_2024_25() {
        let long = child("ABCDEFGHIJKLMNOPQRSTU", &open("2024-05-01", ""));
        let symbol = child("AB-12", &open("2024-05-01", ""));
        assert_eq!(found("1570", &(ok() + &long + &symbol)), vec!["ABCDEFGHIJKLMNOPQRSTU"]);
        assert_eq!(found("1580", &(ok() + &long + &symbol)), vec!["AB-12"]);
        // Not checked before 2024-25.
        assert!(found_at("1580", "2024-03-31", &symbol).is_empty());
    }

    #[test]
    fn r1510_check_letter() {
        let good = upn(1);
        let wrong = format!("{}{}", if good.starts_with('A') { 'B' } else { 'A' }, &good[1..]);
        let bad = with_ids(&format!("<LAchildID>B1</LAchildID><UPN>{wrong}</UPN><PersonBirthDate>2015-01-02</PersonBirthDate><Sex>M</Sex>"));
        assert_eq!(found("1510", &(ok() + &bad)), vec!["B1"]);
    }

    #[test]
    fn r1520_upn_shared() {
        let a = with_ids(&format!("<LAchildID>A1</LAchildID><UPN>{}</UPN><PersonBirthDate>2015-01-02</PersonBirthDate><Sex>M</Sex>", upn(5)));
        let b = a.replace("A1", "B1");
        assert_eq!(found("1520", &(ok() + &a + &b)), vec!["B1"]);
    }

    #[test]
    fn r1530_r1540_r1550_upn_form() {
        let body = "999201500001";
        let not_la = format!("{}{body}", scrutiny_model::upn_check_letter(body).unwrap());
        let ids = |id: &str, u: &str| with_ids(&format!("<LAchildID>{id}</LAchildID><UPN>{u}</UPN><PersonBirthDate>2015-01-02</PersonBirthDate><Sex>M</Sex>"));
        let all = ok() + &ids("LA", &not_la) + &ids("SHORT", "A84120150") + &ids("ALPHA", "A8412015X001A") + &ids("LAST", "A84120150000S");
        assert_eq!(found("1530", &all), vec!["LA"]);
        assert_eq!(found("1540", &all), vec!["SHORT", "ALPHA"]);
        assert_eq!(found("1550", &all), vec!["LAST"]);
        // 942 and 943 are LA codes from 2023-24 only.
        let new_la = format!("A942{}", &upn(1)[4..]);
        assert!(found("1530", &ids("N", &new_la)).is_empty());
        assert_eq!(found_at("1530", "2023-03-31", &ids("N", &new_la).replace("<Sex>M</Sex>", "<GenderCurrent>1</GenderCurrent>")), vec!["N"]);
    }

    #[test]
    fn r1560q_former_upn() {
        let former = |id: &str, u: &str| with_ids(&format!("{}<FormerUPN>{u}</FormerUPN>", super::super::fixture::ids(id)));
        assert_eq!(found("1560Q", &(ok() + &former("G", "A123456789012") + &former("B", "1234567890123"))), vec!["B"]);
    }

    #[test]
    fn r8770q_upn_expected_for_school_age() {
        let no_upn =
            |id: &str, born: &str, reason: &str| with_ids(&format!("<LAchildID>{id}</LAchildID>{reason}<PersonBirthDate>{born}</PersonBirthDate><Sex>M</Sex>"));
        let all = ok()
            + &no_upn("OLD", "2015-01-02", "")
            + &no_upn("UN1", "2015-01-02", "<UPNunknown>UN1</UPNunknown>")
            + &no_upn("UN2", "2015-01-02", "<UPNunknown>UN2</UPNunknown>")
            + &no_upn("YOUNG", "2022-01-02", "");
        assert_eq!(found("8770Q", &all), vec!["OLD", "UN1"]);
        // 2024-25: born by 31 August 2019 counts as school age; before, six years before the reference date.
        assert_eq!(found("8770Q", &no_upn("AUG", "2019-08-31", "")), vec!["AUG"]);
        assert!(found_at("8770Q", "2024-03-31", &no_upn("AUG", "2018-08-31", "").replace("<Sex>M</Sex>", "<GenderCurrent>1</GenderCurrent>")).is_empty());
    }

    #[test]
    fn r8772_un7_only_for_nfa() {
        let nfa = ep("<CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><CINclosureDate>2024-05-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>true</ReferralNFA>");
        let ids = |id: &str| format!("<LAchildID>{id}</LAchildID><UPNunknown>UN7</UPNunknown><PersonBirthDate>2015-01-02</PersonBirthDate><Sex>M</Sex>");
        let chars = "<Ethnicity>WBRI</Ethnicity>";
        let all = child_with(&ids("G"), chars, &nfa) + &child_with(&ids("B"), chars, &(nfa.clone() + &open("2024-06-01", "")));
        assert_eq!(found("8772", &all), vec!["B"]);
    }

    #[test]
    fn scr_cin01_upn_and_reason() {
        let both = with_ids(&format!("{}<UPNunknown>UN2</UPNunknown>", super::super::fixture::ids("B")));
        assert_eq!(found("SCR-CIN01", &(ok() + &both)), vec!["B"]);
    }

    #[test]
    fn birth_dates() {
        let ids = |id: &str, dates: &str| with_ids(&format!("<LAchildID>{id}</LAchildID><UPN>{}</UPN>{dates}<Sex>M</Sex>", upn(id.len() as u32)));
        let late = ids("LATE", "<PersonBirthDate>2025-04-02</PersonBirthDate>");
        let both = ids("BOTH", "<PersonBirthDate>2015-01-02</PersonBirthDate><ExpectedPersonBirthDate>2025-05-01</ExpectedPersonBirthDate>");
        let neither = ids("NEITHER", "");
        let far = ids("FAR", "<ExpectedPersonBirthDate>2026-01-15</ExpectedPersonBirthDate>").replace("<Sex>M", "<Sex>U");
        let near = ids("NEAR", "<ExpectedPersonBirthDate>2025-06-15</ExpectedPersonBirthDate>").replace("<Sex>M", "<Sex>U");
        let all = ok() + &late + &both + &neither + &far + &near;
        assert_eq!(found("8520", &all), vec!["LATE"]);
        assert_eq!(found("8525Q", &all), vec!["BOTH", "NEITHER"]);
        assert_eq!(found("8530Q", &all), vec!["FAR"]);
    }

    #[test]
    fn death_dates() {
        let died = |id: &str, born: &str, died: &str| {
            with_ids(&format!(
                "<LAchildID>{id}</LAchildID><UPN>{}</UPN><PersonBirthDate>{born}</PersonBirthDate><Sex>M</Sex><PersonDeathDate>{died}</PersonDeathDate>",
                upn(id.len() as u32 * 7)
            ))
        };
        let all =
            ok() + &died("EARLY", "2015-01-02", "2014-01-01") + &died("INYEAR", "2015-01-02", "2024-09-01") + &died("LASTYEAR", "2015-01-02", "2024-03-01");
        assert_eq!(found("8535Q", &all), vec!["EARLY"]);
        assert_eq!(found("8545Q", &all), vec!["EARLY", "LASTYEAR"]);
    }

    #[test]
    fn r8775q_over_25() {
        let old = with_ids("<LAchildID>OLD</LAchildID><PersonBirthDate>1990-01-02</PersonBirthDate><Sex>M</Sex>");
        let old_closed = child_with(
            "<LAchildID>GONE</LAchildID><PersonBirthDate>1999-06-02</PersonBirthDate><Sex>M</Sex>",
            "<Ethnicity>WBRI</Ethnicity>",
            &closed("2024-01-01", "2024-05-01", "RC7", ""),
        );
        assert_eq!(found("8775Q", &(ok() + &old + &old_closed)), vec!["OLD"]);
    }

    #[test]
    fn r4180_sex_or_gender_by_year() {
        let sex = |id: &str, s: &str| with_ids(&format!("<LAchildID>{id}</LAchildID><PersonBirthDate>2015-01-02</PersonBirthDate>{s}"));
        let all = ok() + &sex("F", "<Sex>F</Sex>") + &sex("BAD", "<Sex>1</Sex>") + &sex("NONE", "") + &sex("OLD", "<GenderCurrent>1</GenderCurrent>");
        assert_eq!(found("4180", &all), vec!["BAD", "NONE", "OLD"]);
        let before = sex("G1", "<GenderCurrent>1</GenderCurrent>")
            + &sex("G9", "<GenderCurrent>9</GenderCurrent>")
            + &sex("GM", "<GenderCurrent>M</GenderCurrent>")
            + &sex("S", "<Sex>F</Sex>");
        assert_eq!(found_at("4180", "2024-03-31", &before), vec!["GM", "S"]);
    }

    #[test]
    fn r8750_unborn_sex_by_year() {
        let unborn = |id: &str, s: &str| with_ids(&format!("<LAchildID>{id}</LAchildID><ExpectedPersonBirthDate>2025-05-01</ExpectedPersonBirthDate>{s}"));
        assert_eq!(found("8750", &(ok() + &unborn("U", "<Sex>U</Sex>") + &unborn("F", "<Sex>F</Sex>"))), vec!["F"]);
        let before = unborn("G0", "<GenderCurrent>0</GenderCurrent>") + &unborn("G2", "<GenderCurrent>2</GenderCurrent>");
        assert_eq!(found_at("8750", "2024-03-31", &before.replace("2025-05-01", "2024-05-01")), vec!["G2"]);
    }

    #[test]
    fn r2886q_share_without_sex() {
        let many: String = (0..49).map(|i| child(&format!("C{i}"), &open("2024-05-01", ""))).collect();
        let unknown = |id: &str| with_ids(&format!("<LAchildID>{id}</LAchildID><PersonBirthDate>2015-01-02</PersonBirthDate><Sex>U</Sex>"));
        assert!(found("2886Q", &(many.clone() + &unknown("X1"))).is_empty(), "1 in 50 is 2%, allowed");
        assert_eq!(found("2886Q", &(many + &unknown("X1") + &unknown("X2"))), vec![""]);
    }

    #[test]
    fn r4220_ethnicity() {
        let eth = |id: &str, e: &str| child_with(&super::super::fixture::ids(id), e, &open("2024-05-01", ""));
        let all = ok() + &eth("BAD", "<Ethnicity>WHIT</Ethnicity>") + &eth("NONE", "");
        assert_eq!(found("4220", &all), vec!["BAD", "NONE"]);
    }

    #[test]
    fn disabilities() {
        let dis = |id: &str, codes: &[&str]| {
            let list: String = codes.iter().map(|c| format!("<Disability>{c}</Disability>")).collect();
            let chars = if codes.is_empty() {
                "<Ethnicity>WBRI</Ethnicity>".to_string()
            } else {
                format!("<Ethnicity>WBRI</Ethnicity><Disabilities>{list}</Disabilities>")
            };
            child_with(&super::super::fixture::ids(id), &chars, &open("2024-05-01", ""))
        };
        let all =
            ok() + &dis("MISSING", &[]) + &dis("BAD", &["XYZ"]) + &dis("BOTH", &["NONE", "AUT"]) + &dis("TWICE", &["AUT", "AUT"]) + &dis("TWO", &["AUT", "LD"]);
        assert_eq!(found("8540", &all), vec!["MISSING", "BAD"]);
        assert_eq!(found("8790", &all), vec!["BOTH"]);
        assert_eq!(found("8794", &all), vec!["TWICE"]);
        // A referral with no further action needs no disability.
        let nfa = child_with(
            &super::super::fixture::ids("NFA"),
            "<Ethnicity>WBRI</Ethnicity>",
            &ep("<CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>true</ReferralNFA>"),
        );
        assert!(found("8540", &nfa).is_empty());
        // Return-level queries.
        assert_eq!(found("2887Q", &all), vec![""]);
        assert!(found("2888Q", &all).is_empty(), "TWO has two disabilities");
        assert_eq!(found("2888Q", &(ok() + &dis("ONE", &["AUT"]))), vec![""]);
        // A child listed twice is one disabled child.
        let twice = ok() + &dis("ONE", &["AUT"]) + &dis("ONE", &["AUT"]) + &dis("OTHER", &["LD"]);
        let issues = crate::rules::testing::run(crate::rules::testing::rule(super::super::RULES, "2888Q"), &[("cin.xml", &census_at("2025-03-31", &twice))]);
        assert_eq!(issues.len(), 1);
        assert!(issues[0].message.contains("None of the 2 disabled children"), "{}", issues[0].message);
        let eight: String = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"].iter().map(|c| dis(&format!("D{c}"), &[*c])).collect();
        assert!(found("2887Q", &eight).is_empty());
    }

    #[test]
    fn r8590_every_child_has_an_episode() {
        let none = child("NONE", "");
        assert_eq!(found("8590", &(ok() + &none)), vec!["NONE"]);
    }
}
