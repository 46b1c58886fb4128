//! Outcomes: OC2 (children looked after continuously for 12 months at 31
//! March: health, offending, SDQ) and OC3 (care leavers around their 17th to
//! 21st birthdays).

use super::*;
use scrutiny_model::codes::{AccommodationType, CareLeaverActivity, InTouch, SdqReason};
use std::collections::{HashMap, HashSet};

const OC2: TableKind = TableKind::Oc2;
const OC3: TableKind = TableKind::Oc3;

/// The OC2 items that are 0 or 1.
const FLAGS: [&str; 8] =
    ["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"];

/// One year's OC2 or OC3 table with each row's child and date of birth (the
/// table's own DOB, else the header's), and the OC2 cohort where the
/// episodes and the year are known.
struct Outcomes<'a> {
    file: &'a InputFile,
    t: &'a CsvTable,
    rows: Vec<(&'a CsvRow, &'a str, Option<NaiveDate>)>,
    cohort: Option<HashSet<&'a str>>,
    bounds: Option<(NaiveDate, NaiveDate)>,
}

fn outcomes<'a>(y: &Ssda903Year<'a>, kind: TableKind) -> Option<Outcomes<'a>> {
    let (file, t) = y.table(kind)?;
    let people = people(y);
    let (child, dob) = (Col::new(t, "CHILD"), Col::new(t, "DOB"));
    let rows = t
        .rows
        .iter()
        .filter_map(|row| {
            let id = child.text(row)?;
            Some((row, id, dob.date(row).or_else(|| people.get(id).and_then(|p| p.dob))))
        })
        .collect();
    let cohort = match (y.table(TableKind::Episodes), y.bounds()) {
        (Some(_), Some(b)) => Some(cohort(y, b)),
        _ => None,
    };
    Some(Outcomes { file, t, rows, cohort, bounds: y.bounds() })
}

/// Children looked after continuously through the year.
fn cohort<'a>(y: &Ssda903Year<'a>, b: (NaiveDate, NaiveDate)) -> HashSet<&'a str> {
    by_child(y).iter().filter(|(_, eps)| continuously_looked_after(eps, b)).map(|(&c, _)| c).collect()
}

pub(super) fn sdq_score(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, OC2, "SDQ_SCORE", |_, col, row| {
        let v = col.text(row)?;
        (!v.parse::<u8>().is_ok_and(|n| n <= 40))
            .then(|| format!("SDQ_SCORE '{v}' is not a score from 0 to 40; give the total difficulties score, or leave it blank and give SDQ_REASON"))
    });
}

pub(super) fn flags(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, OC2) {
        let cols: Vec<(&str, Col)> = FLAGS.iter().map(|&n| (n, Col::new(t, n))).collect();
        for row in &t.rows {
            for (name, col) in &cols {
                if let Some(v) = col.text(row).filter(|v| !matches!(*v, "0" | "1")) {
                    f.report_row(file, t, row, name, format!("{name} '{v}' must be 0 (no) or 1 (yes)"));
                }
            }
        }
    }
}

/// SDQ_SCORE if given, else SDQ_REASON if given.
fn sdq_field(t: &CsvTable, row: &CsvRow) -> Option<&'static str> {
    if Col::new(t, "SDQ_SCORE").text(row).is_some() {
        Some("SDQ_SCORE")
    } else {
        Col::new(t, "SDQ_REASON").text(row).map(|_| "SDQ_REASON")
    }
}

pub(super) fn sdq_under_4(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some(o) = outcomes(y, OC2) else { continue };
        let Some((_, end)) = o.bounds else { continue };
        for (row, _, dob) in &o.rows {
            if let (Some(field), Some(d)) = (sdq_field(o.t, row), dob) {
                if add_years(*d, 4) > end {
                    f.report_row(o.file, o.t, row, field, format!("the child is under 4 at the year end ({}), so neither an SDQ score nor a reason for no score is returned; leave SDQ_SCORE and SDQ_REASON blank", dmy(end)));
                }
            }
        }
    }
}

pub(super) fn sdq_over_17(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some(o) = outcomes(y, OC2) else { continue };
        let Some((start, _)) = o.bounds else { continue };
        for (row, _, dob) in &o.rows {
            if let (Some(field), Some(d)) = (sdq_field(o.t, row), dob) {
                if add_years(*d, 17) < start {
                    f.report_row(o.file, o.t, row, field, format!("the young person was 17 or over at the start of the year ({}), so no SDQ score or reason is returned; leave SDQ_SCORE and SDQ_REASON blank", dmy(start)));
                }
            }
        }
    }
}

pub(super) fn oc2_outside_cohort(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some(o) = outcomes(y, OC2) else { continue };
        let Some(cohort) = &o.cohort else { continue };
        let cols: Vec<(&str, Col)> = FLAGS.iter().map(|&n| (n, Col::new(o.t, n))).collect();
        for (row, id, _) in &o.rows {
            if cohort.contains(id) {
                continue;
            }
            if let Some((name, _)) = cols.iter().find(|(_, c)| c.text(row).is_some()) {
                f.report_row(o.file, o.t, row, name, format!("child {id} was not looked after continuously through the year (by the episodes), but OC2 items are given; remove the OC2 row or correct the episodes"));
            }
        }
    }
}

pub(super) fn oc2_incomplete(ctx: &Context, f: &mut Findings) {
    const NEEDED: [&str; 4] = ["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"];
    for y in &ctx.ssda903 {
        let Some(o) = outcomes(y, OC2) else { continue };
        let Some(cohort) = &o.cohort else { continue };
        let cols: Vec<(&str, Col)> = NEEDED.iter().map(|&n| (n, Col::new(o.t, n))).collect();
        for (row, id, _) in &o.rows {
            if !cohort.contains(id) {
                continue;
            }
            let blank: Vec<&str> = cols.iter().filter(|(_, c)| c.text(row).is_none()).map(|(n, _)| *n).collect();
            if let Some(first) = blank.first() {
                f.report_row(
                    o.file,
                    o.t,
                    row,
                    first,
                    format!(
                        "child {id} was looked after continuously for 12 months, but {} {} blank; record 0 or 1 for each",
                        blank.join(", "),
                        if blank.len() == 1 { "is" } else { "are" }
                    ),
                );
            }
        }
        let in_oc2: HashSet<&str> = o.rows.iter().map(|(_, id, _)| *id).collect();
        let Some((file, et)) = y.table(TableKind::Episodes) else { continue };
        let eps = ordered(y);
        for chain in eps.chunk_by(|a, b| a.child == b.child) {
            let id = chain[0].child;
            if cohort.contains(id) && !in_oc2.contains(id) {
                f.report_row(
                    file,
                    et,
                    chain[0].row,
                    "CHILD",
                    format!(
                        "child {id} was looked after continuously for 12 months at 31 March but has no OC2 row; add the child's health and offending outcomes"
                    ),
                );
            }
        }
    }
}

pub(super) fn intervention_missing(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, OC2) {
        let (misuse, received) = (Col::new(t, "SUBSTANCE_MISUSE"), Col::new(t, "INTERVENTION_RECEIVED"));
        for row in &t.rows {
            if misuse.is(row, "1") && received.text(row).is_none() {
                f.report_row(
                    file,
                    t,
                    row,
                    "INTERVENTION_RECEIVED",
                    "a substance misuse problem is recorded (SUBSTANCE_MISUSE 1) but INTERVENTION_RECEIVED is blank; record 0 or 1",
                );
            }
        }
    }
}

pub(super) fn intervention_without_misuse(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, OC2) {
        let (misuse, received, offered) = (Col::new(t, "SUBSTANCE_MISUSE"), Col::new(t, "INTERVENTION_RECEIVED"), Col::new(t, "INTERVENTION_OFFERED"));
        for row in &t.rows {
            if misuse.is(row, "1") {
                continue;
            }
            let field = if received.text(row).is_some() {
                "INTERVENTION_RECEIVED"
            } else if offered.text(row).is_some() {
                "INTERVENTION_OFFERED"
            } else {
                continue;
            };
            f.report_row(
                file,
                t,
                row,
                field,
                "no substance misuse problem is recorded, so the intervention items must be blank; clear them or set SUBSTANCE_MISUSE to 1",
            );
        }
    }
}

pub(super) fn sdq_reason(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, OC2, "SDQ_REASON", false, |v, _| SdqReason::from_code(v).is_some(), "SDQ1 to SDQ5");
}

pub(super) fn sdq_score_and_reason(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, OC2) {
        let (score, reason) = (Col::new(t, "SDQ_SCORE"), Col::new(t, "SDQ_REASON"));
        for row in &t.rows {
            if score.text(row).is_some() && reason.text(row).is_some() {
                f.report_row(file, t, row, "SDQ_REASON", "an SDQ score is given, so no reason for a missing score is needed; clear SDQ_REASON");
            }
        }
    }
}

/// Reports OC2 rows where `wrong(age at year end, in cohort, field given)` holds for `field`.
fn by_age(ctx: &Context, f: &mut Findings, field: &str, wrong: impl Fn(NaiveDate, NaiveDate, bool, bool) -> bool, message: &str) {
    for y in &ctx.ssda903 {
        let Some(o) = outcomes(y, OC2) else { continue };
        let Some((_, end)) = o.bounds else { continue };
        let col = Col::new(o.t, field);
        for (row, id, dob) in &o.rows {
            let Some(d) = dob else { continue };
            let in_cohort = o.cohort.as_ref().is_some_and(|c| c.contains(id));
            if wrong(*d, end, in_cohort, col.text(row).is_some()) {
                f.report_row(o.file, o.t, row, field, format!("the child is {} at the year end: {message}", age(*d, end)));
            }
        }
    }
}

pub(super) fn convicted_under_10(ctx: &Context, f: &mut Findings) {
    by_age(
        ctx,
        f,
        "CONVICTED",
        |dob, end, _, given| given && add_years(dob, 10) > end,
        "conviction information is only for children aged 10 or over, so leave CONVICTED blank",
    );
}

pub(super) fn convicted_missing(ctx: &Context, f: &mut Findings) {
    by_age(
        ctx,
        f,
        "CONVICTED",
        |dob, end, cohort, given| cohort && !given && add_years(dob, 10) < end,
        "children aged 10 or over looked after for 12 months need CONVICTED (0 or 1)",
    );
}

pub(super) fn health_check_missing(ctx: &Context, f: &mut Findings) {
    by_age(
        ctx,
        f,
        "HEALTH_CHECK",
        |dob, end, cohort, given| cohort && !given && add_years(dob, 5) > end,
        "children under 5 looked after for 12 months need HEALTH_CHECK (health surveillance checks up to date, 0 or 1)",
    );
}

pub(super) fn health_check_over_5(ctx: &Context, f: &mut Findings) {
    by_age(
        ctx,
        f,
        "HEALTH_CHECK",
        |dob, end, cohort, given| cohort && given && add_years(dob, 5) <= end,
        "HEALTH_CHECK (health surveillance checks) is only for children under 5, so leave it blank; the annual health assessment goes in HEALTH_ASSESSMENT",
    );
}

pub(super) fn sdq_missing_at_4_or_17(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some(o) = outcomes(y, OC2) else { continue };
        let (Some(cohort), Some((start, end))) = (&o.cohort, o.bounds) else { continue };
        let (score, reason) = (Col::new(o.t, "SDQ_SCORE"), Col::new(o.t, "SDQ_REASON"));
        for (row, id, dob) in &o.rows {
            let Some(d) = dob else { continue };
            let Some(age) = [4, 17].into_iter().find(|&a| (start..=end).contains(&add_years(*d, a))) else { continue };
            if cohort.contains(id) && score.text(row).is_none() && reason.text(row).is_none() {
                f.report_row(
                    o.file,
                    o.t,
                    row,
                    "SDQ_REASON",
                    format!(
                        "the child turned {age} on {} and was looked after for the whole year, so an SDQ score is due; give SDQ_SCORE, or SDQ_REASON to say why there is none",
                        dmy(add_years(*d, age))
                    ),
                );
            }
        }
    }
}

// ----- OC3 ------------------------------------------------------------------

pub(super) fn in_touch(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, OC3, "IN_TOUCH", true, |v, _| InTouch::from_code(v).is_some(), "YES, NO, DIED, REFU, NREQ or RHOM");
}

pub(super) fn activity(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, OC3, "ACTIV", true, |v, _| CareLeaverActivity::from_code(v).is_some(), "F1, P1, F2, P2, F4, P4, F5, P5, G4, G5, G6 or 0 (not known)");
}

/// ACCOM is 0 (not known) or a type letter and 1 (suitable) or 2 (not
/// suitable); no fixed abode (S) and custody (X) are never suitable.
fn accommodation_valid(v: &str) -> bool {
    if v == "0" {
        return true;
    }
    let Some(split) = v.char_indices().nth(1).map(|(i, _)| i) else { return false };
    let (letter, suitability) = v.split_at(split);
    AccommodationType::from_code(letter).is_some() && (suitability == "2" || (suitability == "1" && !matches!(letter, "S" | "X")))
}

pub(super) fn accommodation(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, OC3, "ACCOM", true, |v, _| accommodation_valid(v), "0 (not known) or an accommodation letter (B, C, D, E, G, H, K, R, S, T, U, V, W, X, Y, Z) followed by 1 (suitable) or 2 (not suitable); S and X are never suitable");
}

pub(super) fn oc3_partial(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, OC3) {
        let cols = ["IN_TOUCH", "ACTIV", "ACCOM"].map(|n| (n, Col::new(t, n)));
        for row in &t.rows {
            let blank: Vec<&str> = cols.iter().filter(|(_, c)| c.text(row).is_none()).map(|(n, _)| *n).collect();
            if !blank.is_empty() && blank.len() < cols.len() {
                f.report_row(
                    file,
                    t,
                    row,
                    blank[0],
                    format!(
                        "{} {} blank while other care leaver items are given; complete all three or none",
                        blank.join(" and "),
                        if blank.len() == 1 { "is" } else { "are" }
                    ),
                );
            }
        }
    }
}

pub(super) fn died_or_home_with_details(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, OC3) {
        let (touch, activ, accom) = (Col::new(t, "IN_TOUCH"), Col::new(t, "ACTIV"), Col::new(t, "ACCOM"));
        for row in &t.rows {
            let Some(status @ ("DIED" | "RHOM")) = touch.text(row) else { continue };
            let field = if activ.text(row).is_some_and(|v| v != "0") {
                "ACTIV"
            } else if accom.text(row).is_some_and(|v| v != "0") {
                "ACCOM"
            } else {
                continue;
            };
            f.report_row(file, t, row, field, format!("IN_TOUCH is {status}, so activity and accommodation are not known: ACTIV and ACCOM must be 0"));
        }
    }
}

pub(super) fn in_touch_without_details(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, OC3) {
        let (touch, activ, accom) = (Col::new(t, "IN_TOUCH"), Col::new(t, "ACTIV"), Col::new(t, "ACCOM"));
        for row in &t.rows {
            if !touch.is(row, "YES") {
                continue;
            }
            let field = if activ.is(row, "0") {
                "ACTIV"
            } else if accom.is(row, "0") {
                "ACCOM"
            } else {
                continue;
            };
            f.report_row(
                file,
                t,
                row,
                field,
                format!("the council is in touch with the young person (YES), so {field} should be known, not 0; record their activity and accommodation"),
            );
        }
    }
}

/// The first care leaver item given in an OC3 row.
fn oc3_given(t: &CsvTable, row: &CsvRow) -> Option<&'static str> {
    ["IN_TOUCH", "ACTIV", "ACCOM"].into_iter().find(|n| Col::new(t, n).text(row).is_some())
}

pub(super) fn oc3_while_looked_after(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some(o) = outcomes(y, OC3) else { continue };
        let (Some((_, end)), Some(_)) = (o.bounds, y.table(TableKind::Episodes)) else { continue };
        // Each child's latest episode, open ones last.
        let eps = ordered(y);
        let latest: HashMap<&str, &Ep> = eps.chunk_by(|a, b| a.child == b.child).map(|c| (c[0].child, &c[c.len() - 1])).collect();
        for (row, id, dob) in &o.rows {
            let (Some(d), Some(e)) = (dob, latest.get(id)) else { continue };
            let aged_17_or_18 = add_years(*d, 17) <= end && add_years(*d, 19) > end;
            let open = e.dec.is_none() || e.rec.is_none();
            if let (true, true, Some(field)) = (aged_17_or_18, open, oc3_given(o.t, row)) {
                let since = e.decom.map(dmy).unwrap_or_default();
                f.report_row(
                    o.file,
                    o.t,
                    row,
                    field,
                    format!(
                        "the young person is {} at the year end and still looked after (the episode from {since} has no end), so no care leaver information is returned; leave IN_TOUCH, ACTIV and ACCOM blank, or end the episode if they have left care",
                        age(*d, end)
                    ),
                );
            }
        }
    }
}

pub(super) fn oc3_with_oc2(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let (Some(o3), Some((_, t2))) = (outcomes(y, OC3), y.table(OC2)) else { continue };
        let (child, cols) = (Col::new(t2, "CHILD"), FLAGS.map(|n| (n, Col::new(t2, n))));
        let mut with_oc2: HashMap<&str, &str> = HashMap::new();
        for row in &t2.rows {
            if let (Some(id), Some((name, _))) = (child.text(row), cols.iter().find(|(_, c)| c.text(row).is_some())) {
                with_oc2.entry(id).or_insert(name);
            }
        }
        for (row, id, _) in &o3.rows {
            if let (Some(item), Some(field)) = (with_oc2.get(id), oc3_given(o3.t, row)) {
                f.report_row(
                    o3.file,
                    o3.t,
                    row,
                    field,
                    format!("child {id} has care leaver information, but also OC2 items (such as {item}) for children looked after for 12 months; a child is one or the other, so remove whichever does not apply"),
                );
            }
        }
    }
}

pub(super) fn oc3_or_ad1_in_oc2_cohort(ctx: &Context, f: &mut Findings) {
    const AD1: [&str; 6] = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"];
    for y in &ctx.ssda903 {
        let (Some(_), Some(b)) = (y.table(TableKind::Episodes), y.bounds()) else { continue };
        let cohort = cohort(y, b);
        for (kind, fields, what) in [(OC3, &["IN_TOUCH", "ACTIV", "ACCOM"][..], "care leaver (OC3)"), (TableKind::Ad1, &AD1[..], "adoption (AD1)")] {
            let Some((file, t)) = y.table(kind) else { continue };
            let child = Col::new(t, "CHILD");
            let cols: Vec<(&str, Col)> = fields.iter().map(|&n| (n, Col::new(t, n))).collect();
            for row in &t.rows {
                let Some(id) = child.text(row).filter(|id| cohort.contains(id)) else { continue };
                if let Some((field, _)) = cols.iter().find(|(_, c)| c.text(row).is_some()) {
                    f.report_row(
                        file,
                        t,
                        row,
                        field,
                        format!("child {id} was looked after continuously through the year (by the episodes), so no {what} information is returned; remove it, or correct the episodes if the child left care or was adopted"),
                    );
                }
            }
        }
    }
}

pub(super) fn oc3_age(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some(o) = outcomes(y, OC3) else { continue };
        let Some((start, end)) = o.bounds else { continue };
        let cols = ["IN_TOUCH", "ACTIV", "ACCOM"].map(|n| Col::new(o.t, n));
        for (row, _, dob) in &o.rows {
            let Some(d) = dob else { continue };
            let too_young = add_years(*d, 17) > end;
            let too_old = add_years(*d, 22) <= start;
            if (too_young || too_old) && cols.iter().any(|c| c.text(row).is_some()) {
                f.report_row(
                    o.file,
                    o.t,
                    row,
                    "DOB",
                    format!(
                        "the young person (born {}) was not 17 to 21 during the year, so no care leaver information is returned; check DOB or remove the row",
                        dmy(*d)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    fn oc2_run(code: &str, oc2: &[&str], eps: &[&str]) -> Vec<(String, String)> {
        let (o, e) = (csv(OC2_HEADER, oc2), csv(EPISODES_HEADER, eps));
        found(code, &[("2024-25/oc2.csv", &o), ("2024-25/episodes.csv", &e)])
    }

    fn hit(child: &str, field: &str) -> (String, String) {
        (child.to_string(), field.to_string())
    }

    /// Episodes keeping A1-A4 looked after all year, and A5 entering in June.
    const EPS: &[&str] = &[
        "A1,01/01/2023,S,C2,N1,U6,PR1,,,,,,",
        "A2,01/01/2023,S,C2,N1,U6,PR1,,,,,,",
        "A3,01/01/2023,S,C2,N1,U6,PR1,,,,,,",
        "A4,01/01/2023,S,C2,N1,U6,PR1,,,,,,",
        "A5,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
    ];

    #[test]
    fn sdq_scores_and_reasons() {
        let oc2 =
            ["A1,01/01/2012,12,,0,,1,1,1,0,,", "A2,01/01/2012,41,,0,,1,1,1,0,,", "A3,01/01/2012,,SDQ9,0,,1,1,1,0,,", "A4,01/01/2012,10,SDQ2,0,,1,1,1,0,,"];
        assert_eq!(oc2_run("180", &oc2, EPS), [hit("A2", "SDQ_SCORE")]);
        assert_eq!(oc2_run("196", &oc2, EPS), [hit("A3", "SDQ_REASON")]);
        assert_eq!(oc2_run("197a", &oc2, EPS), [hit("A4", "SDQ_REASON")]);
    }

    #[test]
    fn sdq_ages() {
        let oc2 = ["A1,01/01/2012,12,,0,,1,1,1,0,,", "A2,01/01/2022,,SDQ1,,1,1,1,1,0,,", "A3,01/01/2007,,SDQ1,0,,1,1,1,0,,", "A4,01/06/2021,,,,1,1,1,1,0,,"];
        assert_eq!(oc2_run("188", &oc2, EPS), [hit("A2", "SDQ_REASON")]);
        assert_eq!(oc2_run("189", &oc2, EPS), [hit("A3", "SDQ_REASON")]);
    }

    #[test]
    fn flags_are_0_or_1() {
        let oc2 = ["A1,01/01/2012,12,,0,,1,1,1,0,,", "A2,01/01/2012,12,,0,,Y,1,1,0,,"];
        assert_eq!(oc2_run("181", &oc2, EPS), [hit("A2", "IMMUNISATIONS")]);
    }

    #[test]
    fn oc2_cohort() {
        let oc2 = ["A1,01/01/2012,12,,0,,1,1,1,0,,", "A2,01/01/2012,12,,0,,1,,1,0,,", "A5,01/01/2012,12,,0,,1,1,1,0,,"];
        assert_eq!(oc2_run("190", &oc2, EPS), [hit("A5", "CONVICTED")]);
        assert_eq!(oc2_run("191", &oc2, EPS), [hit("A2", "TEETH_CHECK"), hit("A3", "CHILD"), hit("A4", "CHILD")]);
    }

    #[test]
    fn substance_misuse_interventions() {
        let oc2 = ["A1,01/01/2012,12,,0,,1,1,1,1,1,", "A2,01/01/2012,12,,0,,1,1,1,1,,", "A3,01/01/2012,12,,0,,1,1,1,0,,1", "A4,01/01/2012,12,,0,,1,1,1,0,,"];
        assert_eq!(oc2_run("192", &oc2, EPS), [hit("A2", "INTERVENTION_RECEIVED")]);
        assert_eq!(oc2_run("193", &oc2, EPS), [hit("A3", "INTERVENTION_OFFERED")]);
    }

    #[test]
    fn conviction_and_health_check_by_age() {
        let oc2 = ["A1,01/01/2012,12,,0,,1,1,1,0,,", "A2,01/01/2016,12,,0,,1,1,1,0,,", "A3,01/01/2012,12,,,,1,1,1,0,,", "A4,01/01/2022,,,,,1,1,1,0,,"];
        assert_eq!(oc2_run("542", &oc2, EPS), [hit("A2", "CONVICTED")]);
        assert_eq!(oc2_run("543", &oc2, EPS), [hit("A3", "CONVICTED")]);
        assert_eq!(oc2_run("545", &oc2, EPS), [hit("A4", "HEALTH_CHECK")]);
        let older = ["A1,01/01/2012,12,,0,1,1,1,1,0,,", "A2,01/01/2022,,,,1,1,1,1,0,,"];
        assert_eq!(oc2_run("546", &older, EPS), [hit("A1", "HEALTH_CHECK")]);
    }

    fn oc3_run(code: &str, rows: &[&str]) -> Vec<(String, String)> {
        found(code, &[("2024-25/oc3.csv", &csv(OC3_HEADER, rows))])
    }

    #[test]
    fn care_leaver_codes() {
        let rows = [
            "A1,01/06/2006,YES,F2,D1",
            "A2,01/06/2006,MAYBE,F2,D1",
            "A3,01/06/2006,YES,F3,D1",
            "A4,01/06/2006,YES,F2,S1",
            "A5,01/06/2006,YES,F2,Q1",
            "A6,01/06/2006,NO,0,0",
        ];
        assert_eq!(oc3_run("131", &rows), [hit("A2", "IN_TOUCH")]);
        assert_eq!(oc3_run("132", &rows), [hit("A3", "ACTIV")]);
        assert_eq!(oc3_run("133", &rows), [hit("A4", "ACCOM"), hit("A5", "ACCOM")]);
    }

    #[test]
    fn care_leaver_combinations() {
        let rows = [
            "A1,01/06/2006,YES,F2,D1",
            "A2,01/06/2006,YES,F2,",
            "A3,01/06/2006,DIED,G5,0",
            "A4,01/06/2006,RHOM,0,0",
            "A5,01/06/2006,YES,0,U1",
            "A6,01/06/2012,YES,F2,D1",
            "A7,01/06/2001,YES,F2,D1",
            "A8,01/06/2003,YES,F2,D1",
        ];
        assert_eq!(oc3_run("153", &rows), [hit("A2", "ACCOM")]);
        assert_eq!(oc3_run("344", &rows), [hit("A3", "ACTIV")]);
        assert_eq!(oc3_run("345", &rows), [hit("A5", "ACTIV")]);
        assert_eq!(oc3_run("391", &rows), [hit("A6", "DOB"), hit("A7", "DOB")]);
    }

    #[test]
    fn sdq_due_in_the_year_of_the_4th_or_17th_birthday() {
        let oc2 = [
            // 17 on the first day of the year, and on the last.
            "A1,01/04/2007,,,0,,1,1,1,0,,",
            "A2,31/03/2008,,,0,,1,1,1,0,,",
            // 17 the day after the year ends; 4 in the year, with a reason given.
            "A3,01/04/2008,,,0,,1,1,1,0,,",
            "A4,15/06/2020,,SDQ1,,1,1,1,1,0,,",
            // 4 in the year but not looked after all year.
            "A5,15/06/2020,,,,1,1,1,1,0,,",
        ];
        assert_eq!(oc2_run("197B", &oc2, EPS), [hit("A1", "SDQ_REASON"), hit("A2", "SDQ_REASON")]);
        let due_at_4 = ["A4,15/06/2020,,,,1,1,1,1,0,,", "A3,01/04/2021,,,,1,1,1,1,0,,"];
        assert_eq!(oc2_run("197B", &due_at_4, EPS), [hit("A4", "SDQ_REASON")]);
    }

    #[test]
    fn no_care_leaver_information_while_still_looked_after_at_17_or_18() {
        let oc3 = [
            "B1,31/03/2008,YES,F4,E1",
            "B2,01/04/2008,YES,F4,E1",
            "B3,01/04/2006,YES,F4,E1",
            "B4,31/03/2006,YES,F4,E1",
            "B5,01/06/2007,YES,F4,E1",
            "B6,01/06/2007,YES,F4,E1",
            "B7,01/06/2007,,,",
            "B8,01/06/2007,NO,0,0",
        ];
        let eps = [
            "B1,01/06/2023,S,C2,N1,U6,PR1,,,,,,",
            "B2,01/06/2023,S,C2,N1,U6,PR1,,,,,,",
            "B3,01/06/2023,S,V2,N1,K2,PR1,,,,,,",
            "B4,01/06/2023,S,V2,N1,K2,PR1,,,,,,",
            "B5,01/06/2023,S,C2,N1,U6,PR1,01/06/2024,E8,,,,",
            "B6,01/06/2023,S,C2,N1,U6,PR1,01/06/2024,,,,,",
            "B7,01/06/2023,S,C2,N1,U6,PR1,,,,,,",
            "B8,01/06/2023,S,C2,N1,U6,PR1,01/06/2024,X1,,,,",
            "B8,01/06/2024,P,C2,N1,U4,PR1,,,,,,",
        ];
        let files = [("2024-25/oc3.csv", csv(OC3_HEADER, &oc3)), ("2024-25/episodes.csv", csv(EPISODES_HEADER, &eps))];
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(found("1007", &files), [hit("B1", "IN_TOUCH"), hit("B3", "IN_TOUCH"), hit("B6", "IN_TOUCH"), hit("B8", "IN_TOUCH")]);
    }

    #[test]
    fn care_leaver_information_and_oc2_items_exclude_each_other() {
        let oc3 = ["C1,01/06/2006,YES,F4,E1", "C2,01/06/2006,YES,F4,E1", "C3,01/06/2006,,,", "C4,01/06/2006,YES,F4,E1"];
        let oc2 = ["C1,01/06/2006,,,0,,1,1,1,0,,", "C2,01/06/2006,,SDQ5,,,,,,,,", "C3,01/06/2006,,,0,,1,1,1,0,,"];
        let files = [("2024-25/oc3.csv", csv(OC3_HEADER, &oc3)), ("2024-25/oc2.csv", csv(OC2_HEADER, &oc2))];
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(found("215", &files), [hit("C1", "IN_TOUCH")]);
    }

    #[test]
    fn no_care_leaver_or_adoption_information_for_the_oc2_cohort() {
        let oc3 = ["A1,01/06/2007,YES,F4,E1", "A2,01/06/2007,,,", "A5,01/06/2007,YES,F4,E1"];
        let ad1 = ["A3,01/06/2020,01/01/2024,01/02/2024,0,2,MF,L11", "A4,01/06/2020,,,,,,", "A5,01/06/2020,01/01/2024,,,,,"];
        let files =
            [("2024-25/oc3.csv", csv(OC3_HEADER, &oc3)), ("2024-25/ad1.csv", csv(AD1_HEADER, &ad1)), ("2024-25/episodes.csv", csv(EPISODES_HEADER, EPS))];
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(found("187", &files), [hit("A1", "IN_TOUCH"), hit("A3", "DATE_INT")]);
    }
}
