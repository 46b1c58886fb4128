//! Episodes against the child's age (date of birth from the header).

use super::*;

/// Each year's episodes with the child's date of birth, where both are known.
fn with_dob<'a>(y: &Ssda903Year<'a>) -> Picked<'a, (Ep<'a>, NaiveDate)> {
    let (file, t) = y.table(TableKind::Episodes)?;
    let people = people(y);
    let eps = episodes(y).filter_map(|e| people.get(e.child).and_then(|p| p.dob).map(|d| (e, d))).collect();
    Some((file, t, eps))
}

/// Reports episodes in placement `place` that start before the child is `min_age`.
fn placement_age(ctx: &Context, f: &mut Findings, places: &[&str], min_age: i32, what: &str) {
    for y in &ctx.ssda903 {
        let Some((file, t, eps)) = with_dob(y) else { continue };
        for (e, dob) in eps {
            if let (Some(pl), Some(s)) = (e.place.filter(|p| places.contains(p)), e.decom) {
                if age(dob, s) < min_age {
                    f.report_row(file, t, e.row, "PLACE", format!("the child was {} when placement {pl} ({what}) started on {}; it is for children aged {min_age} or over, so check the placement type and the date of birth", age(dob, s), dmy(s)));
                }
            }
        }
    }
}

pub(super) fn starts_before_birth(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((file, t, eps)) = with_dob(y) else { continue };
        let mut first: HashMap<&str, (&Ep, NaiveDate)> = HashMap::new();
        for (e, dob) in &eps {
            let Some(s) = e.decom else { continue };
            let entry = first.entry(e.child).or_insert((e, *dob));
            if entry.0.decom.is_some_and(|d| s < d) {
                *entry = (e, *dob);
            }
        }
        for (e, dob) in first.into_values() {
            let s = e.decom.expect("kept only dated episodes");
            if s < dob {
                f.report_row(
                    file,
                    t,
                    e.row,
                    "DECOM",
                    format!("the first episode starts on {}, before the child's date of birth ({}); correct DECOM or DOB", dmy(s), dmy(dob)),
                );
            }
        }
    }
}

pub(super) fn started_at_18(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((file, t, eps)) = with_dob(y) else { continue };
        for (e, dob) in eps {
            if let (Some("S"), Some(s)) = (e.rne, e.decom) {
                if s >= add_years(dob, 18) {
                    f.report_row(
                        file,
                        t,
                        e.row,
                        "DECOM",
                        format!(
                            "the child started to be looked after on {}, aged 18 or over; a young person cannot start care at 18, so check DECOM, RNE and DOB",
                            dmy(s)
                        ),
                    );
                }
            }
        }
    }
}

pub(super) fn youth_justice_under_10(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((file, t, eps)) = with_dob(y) else { continue };
        for (e, dob) in eps {
            if let (Some(ls @ ("J1" | "J2" | "J3")), Some(s)) = (e.ls, e.decom) {
                if s <= add_years(dob, 10) {
                    f.report_row(file, t, e.row, "LS", format!("legal status {ls} (remand or youth justice) applies only to children aged 10 or over, but the child was {} on {}; correct LS or DOB", age(dob, s), dmy(s)));
                }
            }
        }
    }
}

pub(super) fn looked_after_past_18(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((_, end)) = bounds(y) else { continue };
        let Some((file, t, eps)) = with_dob(y) else { continue };
        for (e, dob) in eps {
            if e.dec.is_none() && e.decom.is_some() && add_years(dob, 18) < end && !(e.ls == Some("V2") && e.place == Some("K2")) {
                f.report_row(
                    file,
                    t,
                    e.row,
                    "DEC",
                    format!(
                        "the young person turned 18 on {} but the episode is still open at the year end; care ends at 18 unless accommodated under section 20(5) in a children's home (V2, K2), so close the episode (e.g. E17 or E5) or correct DOB",
                        dmy(add_years(dob, 18))
                    ),
                );
            }
        }
    }
}

pub(super) fn supported_accommodation_age(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let (places, min): (&[&str], i32) = match start_year(y) {
            Some(s) if s <= 2022 => (&["H5"], 14),
            Some(2023) => (&["H5"], 16),
            Some(_) => (&["K3"], 16),
            None => (&["H5", "K3"], 16),
        };
        let Some((file, t, eps)) = with_dob(y) else { continue };
        for (e, dob) in eps {
            if let (Some(pl), Some(s)) = (e.place.filter(|p| places.contains(p)), e.decom) {
                if age(dob, s) < min {
                    f.report_row(
                        file,
                        t,
                        e.row,
                        "PLACE",
                        format!(
                            "the child was {} when placement {pl} (supported or semi-independent accommodation) started on {}; it is for young people aged {min} or over in {}, so check the placement type and DOB",
                            age(dob, s),
                            dmy(s),
                            year_name(y)
                        ),
                    );
                }
            }
        }
    }
}

pub(super) fn custody_age(ctx: &Context, f: &mut Findings) {
    placement_age(ctx, f, &["R5"], 10, "youth custody or prison");
}

pub(super) fn school_age(ctx: &Context, f: &mut Findings) {
    placement_age(ctx, f, &["S1"], 4, "residential school");
}

pub(super) fn employment_age(ctx: &Context, f: &mut Findings) {
    placement_age(ctx, f, &["P3"], 14, "residential employment");
}

/// Reports episodes ended for one of `reasons` where `wrong_age(dob, dec)` holds.
fn reason_age(ctx: &Context, f: &mut Findings, reasons: &[&str], wrong_age: impl Fn(NaiveDate, NaiveDate) -> bool, message: impl Fn(&str, i32) -> String) {
    for y in &ctx.ssda903 {
        let Some((file, t, eps)) = with_dob(y) else { continue };
        for (e, dob) in eps {
            if let (Some(rec), Some(d)) = (e.rec.filter(|r| reasons.contains(r)), e.dec) {
                if wrong_age(dob, d) {
                    f.report_row(file, t, e.row, "REC", message(rec, age(dob, d)));
                }
            }
        }
    }
}

pub(super) fn adopted_at_18(ctx: &Context, f: &mut Findings) {
    reason_age(
        ctx,
        f,
        &["E11", "E12"],
        |dob, dec| dec >= add_years(dob, 18),
        |rec, a| format!("the episode ended in adoption ({rec}) when the young person was {a}; adults cannot be adopted from care, so check REC, DEC and DOB"),
    );
}

pub(super) fn independent_under_14(ctx: &Context, f: &mut Findings) {
    reason_age(
        ctx,
        f,
        &["E5", "E6"],
        |dob, dec| dec < add_years(dob, 14),
        |rec, a| format!("the child moved to independent living ({rec}) aged {a}; that reason is for young people of 14 or over, so check REC and DOB"),
    );
}

pub(super) fn adult_care_under_16(ctx: &Context, f: &mut Findings) {
    reason_age(
        ctx,
        f,
        &["E7"],
        |dob, dec| dec < add_years(dob, 16),
        |rec, a| format!("the child transferred to adult social care ({rec}) aged {a}; that reason is for young people of 16 or over, so check REC and DOB"),
    );
}

pub(super) fn sgo_over_18(ctx: &Context, f: &mut Findings) {
    reason_age(
        ctx,
        f,
        &["E45", "E46", "E47", "E48"],
        |dob, dec| dec > add_years(dob, 18),
        |rec, a| format!("a special guardianship order ({rec}) ended care when the young person was {a}, after their 18th birthday; check REC, DEC and DOB"),
    );
}

pub(super) fn staying_put_under_18(ctx: &Context, f: &mut Findings) {
    reason_age(
        ctx,
        f,
        &["E17"],
        |dob, dec| dec < add_years(dob, 18),
        |rec, a| format!("reason {rec} (stayed with carers at 18 or over) is given for a child aged {a}; use another reason or check DEC and DOB"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    /// Runs `code` over a header with the given people and the given episodes, for 2024-25.
    fn run_with(code: &str, people: &[&str], eps: &[&str]) -> Vec<String> {
        let (h, e) = (csv(HEADER_HEADER, people), csv(EPISODES_HEADER, eps));
        children(code, &[("2024-25/header.csv", &h), ("2024-25/episodes.csv", &e)])
    }

    const PEOPLE: &[&str] = &["A1,M,01/01/2010,WBRI,UN2,,", "A2,M,01/01/2016,WBRI,UN2,,", "A3,M,01/01/2006,WBRI,UN2,,", "A4,M,01/01/2022,WBRI,UN2,,"];

    #[test]
    fn first_episode_after_birth() {
        assert_eq!(
            run_with(
                "302",
                PEOPLE,
                &["A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,", "A4,01/06/2021,S,C2,N1,U6,PR1,01/06/2022,X1,,,,", "A4,01/06/2022,P,C2,N1,U6,PR1,,,,,,"]
            ),
            ["A4"]
        );
    }

    #[test]
    fn starting_care_at_18() {
        assert_eq!(
            run_with("352", PEOPLE, &["A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,", "A3,01/06/2024,S,V2,N1,U6,PR1,,,,,,", "A3,01/07/2024,P,V2,N1,U6,PR1,,,,,,"]),
            ["A3"]
        );
    }

    #[test]
    fn youth_justice_statuses_from_10() {
        assert_eq!(run_with("358", PEOPLE, &["A1,01/06/2024,S,J1,N6,K2,PR4,,,,,,", "A2,01/06/2024,S,J1,N6,K2,PR4,,,,,,"]), ["A2"]);
    }

    #[test]
    fn open_episode_past_18() {
        let eps = ["A3,01/06/2023,S,C2,N1,U6,PR1,,,,,,", "A3,01/06/2023,S,V2,N1,K2,PR4,,,,,,", "A1,01/06/2023,S,C2,N1,U6,PR1,,,,,,"];
        assert_eq!(run_with("359", PEOPLE, &eps), ["A3"]);
    }

    #[test]
    fn placement_ages() {
        let eps = [
            "A1,01/06/2024,S,V2,N1,K3,PR4,,,,,,",
            "A2,01/06/2024,S,V2,N1,R5,PR3,,,,,,",
            "A4,01/06/2024,S,V2,N1,S1,PR4,,,,,,",
            "A2,01/08/2024,P,V2,N1,P3,PR4,,,,,,",
            "A3,01/06/2024,S,V2,N1,K3,PR4,,,,,,",
        ];
        assert_eq!(run_with("371", PEOPLE, &eps), ["A1"]);
        assert_eq!(run_with("372", PEOPLE, &eps), ["A2"]);
        assert_eq!(run_with("373", PEOPLE, &eps), ["A4"]);
        assert_eq!(run_with("374", PEOPLE, &eps), ["A2"]);
        // In 2023-24 the age limit applied to H5, not K3.
        let (h, e) = (csv(HEADER_HEADER, PEOPLE), csv(EPISODES_HEADER, &["A1,01/06/2023,S,V2,N1,H5,PR4,,,,,,", "A3,01/06/2023,S,V2,N1,H5,PR4,,,,,,"]));
        assert_eq!(children("371", &[("2023-24/header.csv", &h), ("2023-24/episodes.csv", &e)]), ["A1"]);
    }

    #[test]
    fn reasons_ceased_against_age() {
        let eps = [
            "A3,01/06/2022,S,E1,N1,A5,PR1,01/06/2024,E11,,,,",
            "A4,01/06/2022,S,E1,N1,A5,PR1,01/06/2024,E11,,,,",
            "A2,01/06/2022,S,C2,N1,U6,PR1,01/06/2024,E5,,,,",
            "A1,01/06/2022,S,C2,N1,U6,PR1,01/06/2024,E6,,,,",
            "A1,01/07/2024,S,C2,N1,U6,PR1,01/08/2024,E7,,,,",
            "A3,01/09/2024,S,C2,N1,U6,PR1,01/10/2024,E45,,,,",
            "A1,01/09/2024,S,C2,N1,U6,PR1,01/10/2024,E17,,,,",
            "A3,01/11/2024,S,C2,N1,U6,PR1,01/12/2024,E17,,,,",
        ];
        assert_eq!(run_with("386", PEOPLE, &eps), ["A3"]);
        assert_eq!(run_with("387", PEOPLE, &eps), ["A2"]);
        assert_eq!(run_with("389", PEOPLE, &eps), ["A1"]);
        assert_eq!(run_with("407", PEOPLE, &eps), ["A3"]);
        assert_eq!(run_with("460", PEOPLE, &eps), ["A1"]);
    }
}
