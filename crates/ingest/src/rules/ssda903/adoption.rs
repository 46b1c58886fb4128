//! Adoption: the AD1 table (children adopted in the year), placed for
//! adoption (decisions to place and their reversal) and previous permanence.

use super::*;
use scrutiny_model::codes::{AdopterLegalStatus, AdopterSex, PreviousPermanenceOrder, ReasonPlacedCeased};
use std::collections::HashSet;

const AD1: TableKind = TableKind::Ad1;
const PLACED: TableKind = TableKind::PlacedAdoption;
const AD1_ITEMS: [&str; 6] = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"];

pub(super) fn date_int(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, AD1, "DATE_INT", false, "date of the decision that the child should be placed for adoption");
}

pub(super) fn date_match(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, AD1, "DATE_MATCH", false, "date the child was matched with the adopters");
}

pub(super) fn foster_care(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, AD1, "FOSTER_CARE", false, |v, _| matches!(v, "0" | "1"), "0 or 1 (1 if adopted by the child's foster carer)");
}

pub(super) fn number_of_adopters(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, AD1, "NB_ADOPTR", false, |v, _| matches!(v, "1" | "2"), "1 or 2");
}

pub(super) fn sex_of_adopters(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, AD1, "SEX_ADOPTR", false, |v, _| AdopterSex::from_code(v).is_some(), "M1, F1, MM, FF or MF");
}

pub(super) fn legal_status_of_adopters(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, AD1, "LS_ADOPTR", false, |v, _| AdopterLegalStatus::from_code(v).is_some(), "L0, L11, L12, L2, L3 or L4");
}

pub(super) fn ad1_partial(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, AD1) {
        let cols = AD1_ITEMS.map(|n| (n, Col::new(t, n)));
        for row in &t.rows {
            let blank: Vec<&str> = cols.iter().filter(|(_, c)| c.text(row).is_none()).map(|(n, _)| *n).collect();
            if !blank.is_empty() && blank.len() < cols.len() {
                f.report_row(file, t, row, blank[0], format!("the adoption items are partly given: {} blank; complete them all", blank.join(", ")));
            }
        }
    }
}

pub(super) fn matched_before_decision(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, AD1) {
        let (int, matched) = (Col::new(t, "DATE_INT"), Col::new(t, "DATE_MATCH"));
        for row in &t.rows {
            let Some(m) = matched.date(row) else { continue };
            match int.date(row) {
                None if int.text(row).is_none() => f.report_row(file, t, row, "DATE_INT", "DATE_MATCH is given but DATE_INT (decision the child should be placed for adoption) is blank; enter the decision date"),
                Some(i) if i > m => f.report_row(file, t, row, "DATE_INT", format!("the decision to place for adoption ({}) is after the match with the adopters ({}); the decision comes first, so correct one of the dates", dmy(i), dmy(m))),
                _ => {}
            }
        }
    }
}

/// Reports AD1 rows where `wrong(number of adopters, sex code, legal status code)` holds.
fn adopters(ctx: &Context, f: &mut Findings, field: &str, wrong: impl Fn(Option<&str>, Option<&str>, Option<&str>) -> Option<String>) {
    for (_, file, t) in tables(ctx, AD1) {
        let (nb, sex, ls) = (Col::new(t, "NB_ADOPTR"), Col::new(t, "SEX_ADOPTR"), Col::new(t, "LS_ADOPTR"));
        for row in &t.rows {
            if let Some(message) = wrong(nb.text(row), sex.text(row), ls.text(row)) {
                f.report_row(file, t, row, field, message);
            }
        }
    }
}

pub(super) fn two_adopters_single_sex(ctx: &Context, f: &mut Findings) {
    adopters(ctx, f, "SEX_ADOPTR", |nb, sex, _| match (nb, sex) {
        (Some("2"), Some(s @ ("M1" | "F1"))) => {
            Some(format!("two adopters are recorded but SEX_ADOPTR is {s}, a single adopter's code; use MM, FF or MF, or correct NB_ADOPTR"))
        }
        _ => None,
    });
}

pub(super) fn single_adopter_couple_sex(ctx: &Context, f: &mut Findings) {
    adopters(ctx, f, "SEX_ADOPTR", |_, sex, ls| match (ls, sex) {
        (Some("L0"), s) if !matches!(s, Some("M1" | "F1")) => {
            Some(format!("LS_ADOPTR L0 is a single adopter, but SEX_ADOPTR is {}; use M1 or F1, or correct LS_ADOPTR", s.unwrap_or("blank")))
        }
        _ => None,
    });
}

/// A couple's legal status `code` that allows only the sex codes `sexes`.
fn couple(ctx: &Context, f: &mut Findings, code: &'static str, what: &'static str, sexes: &'static [&'static str]) {
    adopters(ctx, f, "SEX_ADOPTR", move |_, sex, ls| {
        (ls == Some(code) && !sex.is_some_and(|s| sexes.contains(&s)))
            .then(|| format!("LS_ADOPTR {code} is {what}, so SEX_ADOPTR must be {}, not {}; correct one of them", sexes.join(" or "), sex.unwrap_or("blank")))
    });
}

pub(super) fn l3_not_mf(ctx: &Context, f: &mut Findings) {
    couple(ctx, f, "L3", "an unmarried couple of different sexes", &["MF"]);
}

pub(super) fn l4_not_same_sex(ctx: &Context, f: &mut Findings) {
    couple(ctx, f, "L4", "an unmarried couple of the same sex", &["MM", "FF"]);
}

pub(super) fn l2_not_couple(ctx: &Context, f: &mut Findings) {
    couple(ctx, f, "L2", "civil partners", &["MM", "FF", "MF"]);
}

pub(super) fn l11_not_mf(ctx: &Context, f: &mut Findings) {
    couple(ctx, f, "L11", "a married couple of different sexes", &["MF"]);
}

pub(super) fn l12_not_same_sex(ctx: &Context, f: &mut Findings) {
    couple(ctx, f, "L12", "a married couple of the same sex", &["MM", "FF"]);
}

/// Episodes ending in adoption (E11/E12) within the year, by child.
fn adoptions_in_year<'a>(y: &Ssda903Year<'a>) -> Picked<'a, Ep<'a>> {
    let (start, end) = y.bounds()?;
    let (file, t) = y.table(TableKind::Episodes)?;
    let eps = episodes(y).filter(|e| matches!(e.rec, Some("E11" | "E12")) && e.dec.is_some_and(|d| start <= d && d <= end)).collect();
    Some((file, t, eps))
}

pub(super) fn adopted_without_ad1(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((efile, et, adopted)) = adoptions_in_year(y) else { continue };
        let ad1 = y.table(AD1);
        let mut rows: HashMap<&str, &CsvRow> = HashMap::new();
        if let Some((_, t)) = ad1 {
            let child = Col::new(t, "CHILD");
            for row in &t.rows {
                if let Some(id) = child.text(row) {
                    rows.entry(id).or_insert(row);
                }
            }
        }
        for e in adopted {
            match (rows.get(e.child), ad1) {
                (Some(row), Some((file, t))) => {
                    let blank: Vec<&str> = AD1_ITEMS.iter().copied().filter(|n| Col::new(t, n).text(row).is_none()).collect();
                    if let Some(first) = blank.first() {
                        f.report_row(
                            file,
                            t,
                            row,
                            first,
                            format!("child {} was adopted in the year, but the AD1 items {} are blank; complete them", e.child, blank.join(", ")),
                        );
                    }
                }
                _ => f.report_row(
                    efile,
                    et,
                    e.row,
                    "REC",
                    format!(
                        "child {} was adopted in the year ({}) but has no AD1 record; add the adoption details (dates of decision and match, adopters)",
                        e.child,
                        e.rec.unwrap_or_default()
                    ),
                ),
            }
        }
    }
}

pub(super) fn ad1_without_adoption(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, AD1) {
        let Some((_, _, adopted)) = adoptions_in_year(y) else { continue };
        let adopted: HashSet<&str> = adopted.iter().map(|e| e.child).collect();
        let child = Col::new(t, "CHILD");
        let cols = AD1_ITEMS.map(|n| Col::new(t, n));
        for row in &t.rows {
            let Some(id) = child.text(row) else { continue };
            if !adopted.contains(id) && cols.iter().any(|c| c.text(row).is_some()) {
                f.report_row(
                    file,
                    t,
                    row,
                    "CHILD",
                    format!(
                        "child {id} has an AD1 record but no episode ending in adoption (E11/E12) in the year; correct the episodes or remove the AD1 record"
                    ),
                );
            }
        }
    }
}

pub(super) fn date_placed(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, PLACED, "DATE_PLACED", false, "date of the decision that the child should be placed for adoption");
}

pub(super) fn date_placed_ceased(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, PLACED, "DATE_PLACED_CEASED", false, "date of the decision that the child should no longer be placed for adoption");
}

pub(super) fn ceased_with_reason(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, PLACED) {
        let (ceased, reason) = (Col::new(t, "DATE_PLACED_CEASED"), Col::new(t, "REASON_PLACED_CEASED"));
        for row in &t.rows {
            match (ceased.text(row), reason.text(row)) {
                (Some(_), None) => f.report_row(
                    file,
                    t,
                    row,
                    "REASON_PLACED_CEASED",
                    "the decision to place for adoption was reversed (DATE_PLACED_CEASED) but no reason is given; record REASON_PLACED_CEASED (RD1 to RD4)",
                ),
                (None, Some(_)) => f.report_row(
                    file,
                    t,
                    row,
                    "DATE_PLACED_CEASED",
                    "a reason for reversing the decision to place for adoption is given without the date it was reversed; record DATE_PLACED_CEASED",
                ),
                _ => {}
            }
        }
    }
}

pub(super) fn reason_placed_ceased(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, PLACED, "REASON_PLACED_CEASED", false, |v, _| ReasonPlacedCeased::from_code(v).is_some(), "RD1, RD2, RD3 or RD4");
}

pub(super) fn placed_before_birth(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, PLACED) {
        let people = people(y);
        let (child, dob, placed) = (Col::new(t, "CHILD"), Col::new(t, "DOB"), Col::new(t, "DATE_PLACED"));
        for row in &t.rows {
            let Some(p) = placed.date(row) else { continue };
            let born = people.get(child.text(row).unwrap_or_default()).and_then(|x| x.dob).or_else(|| dob.date(row));
            if let Some(b) = born.filter(|b| p < *b) {
                f.report_row(
                    file,
                    t,
                    row,
                    "DATE_PLACED",
                    format!("the decision to place for adoption ({}) is before the child was born ({}); correct the date", dmy(p), dmy(b)),
                );
            }
        }
    }
}

pub(super) fn ceased_before_placed(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, PLACED) {
        let (placed, ceased) = (Col::new(t, "DATE_PLACED"), Col::new(t, "DATE_PLACED_CEASED"));
        for row in &t.rows {
            if let (Some(p), Some(c)) = (placed.date(row), ceased.date(row)) {
                if c < p {
                    f.report_row(
                        file,
                        t,
                        row,
                        "DATE_PLACED_CEASED",
                        format!("the decision was reversed ({}) before it was made ({}); correct one of the dates", dmy(c), dmy(p)),
                    );
                }
            }
        }
    }
}

pub(super) fn ceased_before_year_or_care(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, PLACED) {
        let Some((start, _)) = bounds(y) else { continue };
        // Each child's first DECOM in the return, short breaks aside.
        let mut first: HashMap<&str, NaiveDate> = HashMap::new();
        if y.table(TableKind::Episodes).is_some() {
            for e in episodes(y).filter(|e| !matches!(e.ls, Some("V3" | "V4"))) {
                if let Some(d) = e.decom {
                    first.entry(e.child).and_modify(|f| *f = (*f).min(d)).or_insert(d);
                }
            }
        }
        let (child, ceased) = (Col::new(t, "CHILD"), Col::new(t, "DATE_PLACED_CEASED"));
        for row in &t.rows {
            let Some(c) = ceased.date(row) else { continue };
            let care_start = child.text(row).and_then(|id| first.get(id)).copied();
            let message = if c < start {
                format!(
                    "the decision that the child should no longer be placed for adoption ({}) is before the collection year ({}); a decision reversed in an earlier year is not returned, so remove the row, or correct DATE_PLACED_CEASED",
                    dmy(c),
                    dmy(start)
                )
            } else if let Some(d) = care_start.filter(|d| c < *d) {
                format!(
                    "the decision that the child should no longer be placed for adoption ({}) is before the child's first episode in the return starts ({}); correct DATE_PLACED_CEASED or the episodes",
                    dmy(c),
                    dmy(d)
                )
            } else {
                continue;
            };
            f.report_row(file, t, row, "DATE_PLACED_CEASED", message);
        }
    }
}

/// Rows of a table by child.
type RowsByChild<'a> = HashMap<&'a str, Vec<&'a CsvRow>>;

/// Each child's placed-for-adoption rows, when that table was supplied.
fn placed_rows<'a>(y: &Ssda903Year<'a>) -> Option<(&'a InputFile, &'a CsvTable, RowsByChild<'a>)> {
    let (file, t) = y.table(PLACED)?;
    let child = Col::new(t, "CHILD");
    let mut out: HashMap<&str, Vec<&CsvRow>> = HashMap::new();
    for row in &t.rows {
        if let Some(id) = child.text(row) {
            out.entry(id).or_default().push(row);
        }
    }
    Some((file, t, out))
}

pub(super) fn placed_without_decision(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, TableKind::Episodes) {
        let Some((_, pt, placed)) = placed_rows(y) else { continue };
        let date = Col::new(pt, "DATE_PLACED");
        for e in episodes(y) {
            if let Some(pl @ ("A3" | "A4" | "A5" | "A6")) = e.place {
                let decided = placed.get(e.child).is_some_and(|rows| rows.iter().any(|r| date.text(r).is_some()));
                if !decided {
                    f.report_row(file, t, e.row, "PLACE", format!("the child is placed for adoption ({pl}) but there is no decision that the child should be placed for adoption (DATE_PLACED); add the placed-for-adoption record"));
                }
            }
        }
    }
}

pub(super) fn placement_order_without_decision(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, TableKind::Episodes) {
        let Some((pfile, pt, placed)) = placed_rows(y) else { continue };
        let (ceased, reason) = (Col::new(pt, "DATE_PLACED_CEASED"), Col::new(pt, "REASON_PLACED_CEASED"));
        let mut reported = HashSet::new();
        for e in episodes(y).filter(|e| e.ls == Some("E1")) {
            match placed.get(e.child) {
                None => f.report_row(file, t, e.row, "LS", "a placement order (LS E1) is recorded but there is no decision that the child should be placed for adoption; add the placed-for-adoption record"),
                Some(rows) if e.dec.is_none() => {
                    for row in rows.iter().filter(|r| ceased.text(r).is_some() || reason.text(r).is_some()) {
                        if reported.insert(row.line) {
                            f.report_row(pfile, pt, row, "DATE_PLACED_CEASED", "the placement order (E1) is still open, yet the decision to place for adoption is recorded as reversed; check the legal status and the reversal");
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

pub(super) fn previous_permanence(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, TableKind::PrevPerm, "PREV_PERM", false, |v, _| PreviousPermanenceOrder::from_code(v).is_some(), "P1, P2, P3, P4 or Z1");
}

pub(super) fn z1_with_details(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, TableKind::PrevPerm) {
        let (perm, la, date) = (Col::new(t, "PREV_PERM"), Col::new(t, "LA_PERM"), Col::new(t, "DATE_PERM"));
        for row in &t.rows {
            if perm.is(row, "Z1") {
                let field = if date.text(row).is_some() {
                    "DATE_PERM"
                } else if la.text(row).is_some() {
                    "LA_PERM"
                } else {
                    continue;
                };
                f.report_row(file, t, row, field, "PREV_PERM Z1 says the child had no previous permanence order, so the date and LA of an order must be blank; clear them or correct PREV_PERM");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    fn hit(child: &str, field: &str) -> (String, String) {
        (child.to_string(), field.to_string())
    }

    fn ad1_run(code: &str, rows: &[&str]) -> Vec<(String, String)> {
        found(code, &[("2024-25/ad1.csv", &csv(AD1_HEADER, rows))])
    }

    #[test]
    fn ad1_codes_and_dates() {
        let rows = [
            "A1,01/01/2022,01/02/2023,01/06/2023,0,2,MF,L11",
            "A2,01/01/2022,2023-02-30,01/06/2023,0,2,MF,L11",
            "A3,01/01/2022,01/02/2023,01/13/2023,0,2,MF,L11",
            "A4,01/01/2022,01/02/2023,01/06/2023,2,3,XY,L9",
        ];
        assert_eq!(ad1_run("112", &rows), [hit("A2", "DATE_INT")]);
        assert_eq!(ad1_run("113", &rows), [hit("A3", "DATE_MATCH")]);
        assert_eq!(ad1_run("114", &rows), [hit("A4", "FOSTER_CARE")]);
        assert_eq!(ad1_run("175", &rows), [hit("A4", "NB_ADOPTR")]);
        assert_eq!(ad1_run("176", &rows), [hit("A4", "SEX_ADOPTR")]);
        assert_eq!(ad1_run("177", &rows), [hit("A4", "LS_ADOPTR")]);
    }

    #[test]
    fn ad1_complete_and_in_order() {
        let rows = [
            "A1,01/01/2022,01/02/2023,01/06/2023,0,2,MF,L11",
            "A2,01/01/2022,01/02/2023,,0,2,MF,L11",
            "A3,01/01/2022,01/08/2023,01/06/2023,0,2,MF,L11",
            "A4,01/01/2022,,01/06/2023,,,,",
        ];
        assert_eq!(ad1_run("151", &rows), [hit("A2", "DATE_MATCH"), hit("A4", "DATE_INT")]);
        assert_eq!(ad1_run("333", &rows), [hit("A3", "DATE_INT"), hit("A4", "DATE_INT")]);
    }

    #[test]
    fn adopters_sex_and_legal_status_agree() {
        let rows = [
            "A1,01/01/2022,01/02/2023,01/06/2023,0,2,MF,L11",
            "A2,01/01/2022,01/02/2023,01/06/2023,0,2,M1,L11",
            "A3,01/01/2022,01/02/2023,01/06/2023,0,1,MF,L0",
            "A4,01/01/2022,01/02/2023,01/06/2023,0,2,MM,L3",
            "A5,01/01/2022,01/02/2023,01/06/2023,0,2,MF,L4",
            "A6,01/01/2022,01/02/2023,01/06/2023,0,1,F1,L2",
            "A7,01/01/2022,01/02/2023,01/06/2023,0,2,MF,L12",
            "A8,01/01/2022,01/02/2023,01/06/2023,0,2,FF,L12",
            "A9,01/01/2022,01/02/2023,01/06/2023,0,1,F1,L0",
        ];
        assert_eq!(ad1_run("511", &rows), [hit("A2", "SEX_ADOPTR")]);
        assert_eq!(ad1_run("514", &rows), [hit("A3", "SEX_ADOPTR")]);
        assert_eq!(ad1_run("517", &rows), [hit("A4", "SEX_ADOPTR")]);
        assert_eq!(ad1_run("518", &rows), [hit("A5", "SEX_ADOPTR")]);
        assert_eq!(ad1_run("519", &rows), [hit("A6", "SEX_ADOPTR")]);
        assert_eq!(ad1_run("520", &rows), [hit("A2", "SEX_ADOPTR")]);
        assert_eq!(ad1_run("524", &rows), [hit("A7", "SEX_ADOPTR")]);
    }

    #[test]
    fn adoptions_and_ad1_records_match() {
        let eps = csv(
            EPISODES_HEADER,
            &[
                "A1,01/06/2023,S,E1,N1,A6,PR1,01/06/2024,E11,,,,",
                "A2,01/06/2023,S,E1,N1,A6,PR1,01/07/2024,E12,,,,",
                "A3,01/06/2023,S,E1,N1,A6,PR1,01/07/2024,E11,,,,",
                "A4,01/06/2023,S,C2,N1,U6,PR1,,,,,,",
            ],
        );
        let ad1 = csv(
            AD1_HEADER,
            &["A1,01/01/2022,01/02/2023,01/06/2023,0,2,MF,L11", "A3,01/01/2022,01/02/2023,,0,2,MF,L11", "A4,01/01/2022,01/02/2023,01/06/2023,0,2,MF,L11"],
        );
        let files = [("2024-25/episodes.csv", eps.as_str()), ("2024-25/ad1.csv", ad1.as_str())];
        assert_eq!(found("601", &files), [hit("A2", "REC"), hit("A3", "DATE_MATCH")]);
        assert_eq!(found("602", &files), [hit("A4", "CHILD")]);
    }

    #[test]
    fn placed_for_adoption_records() {
        let rows = [
            "A1,01/01/2022,01/02/2023,,",
            "A2,01/01/2022,31/02/2023,,",
            "A3,01/01/2022,01/02/2023,2023/06/01,RD1",
            "A4,01/01/2022,01/02/2023,01/06/2023,",
            "A5,01/01/2022,01/02/2023,,RD9",
            "A6,01/01/2022,01/02/2021,,",
            "A7,01/01/2022,01/02/2023,01/01/2023,RD1",
        ];
        let files = [("2024-25/placed.csv", csv(PLACED_HEADER, &rows))];
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(found("115", &files), [hit("A2", "DATE_PLACED")]);
        assert_eq!(found("116", &files), [hit("A3", "DATE_PLACED_CEASED")]);
        assert_eq!(found("119", &files), [hit("A4", "REASON_PLACED_CEASED"), hit("A5", "DATE_PLACED_CEASED")]);
        assert_eq!(found("120", &files), [hit("A5", "REASON_PLACED_CEASED")]);
        assert_eq!(found("184", &files), [hit("A6", "DATE_PLACED")]);
        assert_eq!(found("522", &files), [hit("A7", "DATE_PLACED_CEASED")]);
    }

    #[test]
    fn placements_for_adoption_need_a_decision() {
        let eps = csv(
            EPISODES_HEADER,
            &[
                "A1,01/06/2024,S,E1,N1,A6,PR1,,,,,,",
                "A2,01/06/2024,S,E1,N1,A6,PR1,,,,,,",
                "A3,01/06/2024,S,E1,N1,U6,PR1,,,,,,",
                "A4,01/06/2024,S,C2,N1,A4,PR1,,,,,,",
            ],
        );
        let placed = csv(PLACED_HEADER, &["A1,01/01/2022,01/02/2023,,", "A3,01/01/2022,01/02/2023,01/03/2024,RD1"]);
        let files = [("2024-25/episodes.csv", eps.as_str()), ("2024-25/placed.csv", placed.as_str())];
        assert_eq!(found("551", &files), [hit("A2", "PLACE"), hit("A4", "PLACE")]);
        assert_eq!(found("553", &files), [hit("A2", "LS"), hit("A3", "DATE_PLACED_CEASED")]);
    }

    #[test]
    fn previous_permanence() {
        let rows = ["A1,01/01/2015,Z1,,", "A2,01/01/2015,P9,,", "A3,01/01/2015,Z1,893,zz/05/2020", "A4,01/01/2015,P2,893,zz/05/2020"];
        let files = [("2024-25/prev.csv", csv(PREV_PERM_HEADER, &rows))];
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(found("631", &files), [hit("A2", "PREV_PERM")]);
        assert_eq!(found("635", &files), [hit("A3", "DATE_PERM")]);
    }

    #[test]
    fn reversal_within_the_year_and_care() {
        let rows = [
            "A1,01/01/2022,01/02/2023,01/04/2024,RD1",
            "A2,01/01/2022,01/02/2023,31/03/2024,RD1",
            "A3,01/01/2022,01/02/2023,01/05/2024,RD1",
            "A4,01/01/2022,01/02/2023,,",
            "A5,01/01/2022,01/02/2023,01/07/2024,RD1",
        ];
        let eps = csv(
            EPISODES_HEADER,
            &[
                "A1,01/06/2023,S,E1,N1,A5,PR1,,,,,,",
                "A3,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
                "A5,01/05/2024,S,V3,N1,U6,PR1,02/05/2024,E13,,,,",
                "A5,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            ],
        );
        let placed = csv(PLACED_HEADER, &rows);
        let files = [("2024-25/placed.csv", placed.as_str()), ("2024-25/episodes.csv", eps.as_str())];
        assert_eq!(found("118", &files), [hit("A2", "DATE_PLACED_CEASED"), hit("A3", "DATE_PLACED_CEASED")]);
        assert!(found("118", &[("placed.csv", placed.as_str())]).is_empty(), "the year is needed");
    }
}
