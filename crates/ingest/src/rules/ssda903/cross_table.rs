//! The tables of one return against each other: every child in a table is
//! in the header, once where the table allows only one row, with the same
//! date of birth and sex; episodes underpin the other tables.

use super::*;
use std::collections::HashSet;

/// The table's name in messages.
fn name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Ad1 => "AD1",
        TableKind::PlacedAdoption => "placed for adoption",
        TableKind::Episodes => "episodes",
        TableKind::Missing => "missing",
        TableKind::Oc2 => "OC2",
        TableKind::Oc3 => "OC3",
        TableKind::PrevPerm => "previous permanence",
        TableKind::Reviews => "reviews",
        TableKind::Uasc => "UASC",
        _ => "this",
    }
}

fn not_in_header(ctx: &Context, f: &mut Findings, kind: TableKind) {
    for (y, file, t) in tables(ctx, kind) {
        if y.table(TableKind::Header).is_none() {
            continue;
        }
        let people = people(y);
        let child = Col::new(t, "CHILD");
        let mut reported = HashSet::new();
        for row in &t.rows {
            let Some(id) = child.text(row) else { continue };
            if !people.contains_key(id) && reported.insert(id) {
                f.report_row(
                    file,
                    t,
                    row,
                    "CHILD",
                    format!("child {id} is in the {} table but not in the header; add the child's header row or correct CHILD", name(kind)),
                );
            }
        }
    }
}

fn dob_differs(ctx: &Context, f: &mut Findings, kind: TableKind) {
    for (y, file, t) in tables(ctx, kind) {
        let people = people(y);
        let (child, dob) = (Col::new(t, "CHILD"), Col::new(t, "DOB"));
        for row in &t.rows {
            let (Some(id), Some(here)) = (child.text(row), dob.text(row)) else { continue };
            let Some(p) = people.get(id) else { continue };
            let differs = match (date(here), p.dob) {
                (Some(a), Some(b)) => a != b,
                _ => p.dob_text != Some(here),
            };
            if differs {
                f.report_row(
                    file,
                    t,
                    row,
                    "DOB",
                    format!(
                        "DOB {here} in the {} table differs from the header's ({}); the same child must have one date of birth",
                        name(kind),
                        p.dob_text.unwrap_or("blank")
                    ),
                );
            }
        }
    }
}

fn duplicate(ctx: &Context, f: &mut Findings, kind: TableKind) {
    for (_, file, t) in tables(ctx, kind) {
        let child = Col::new(t, "CHILD");
        let mut first: HashMap<&str, u32> = HashMap::new();
        for row in &t.rows {
            let Some(id) = child.text(row) else { continue };
            if let Some(line) = first.get(id) {
                f.report_row(
                    file,
                    t,
                    row,
                    "CHILD",
                    format!("child {id} is already in the {} table at line {line}; a child has one row there, so remove or merge the repeat", name(kind)),
                );
            } else {
                first.insert(id, row.line);
            }
        }
    }
}

pub(super) fn ad1_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::Ad1);
}

pub(super) fn placed_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::PlacedAdoption);
}

pub(super) fn episodes_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::Episodes);
}

pub(super) fn missing_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::Missing);
}

pub(super) fn oc2_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::Oc2);
}

pub(super) fn oc3_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::Oc3);
}

pub(super) fn prev_perm_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::PrevPerm);
}

pub(super) fn reviews_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::Reviews);
}

pub(super) fn uasc_not_in_header(ctx: &Context, f: &mut Findings) {
    not_in_header(ctx, f, TableKind::Uasc);
}

pub(super) fn ad1_dob(ctx: &Context, f: &mut Findings) {
    dob_differs(ctx, f, TableKind::Ad1);
}

pub(super) fn placed_dob(ctx: &Context, f: &mut Findings) {
    dob_differs(ctx, f, TableKind::PlacedAdoption);
}

pub(super) fn missing_dob(ctx: &Context, f: &mut Findings) {
    dob_differs(ctx, f, TableKind::Missing);
}

pub(super) fn oc2_dob(ctx: &Context, f: &mut Findings) {
    dob_differs(ctx, f, TableKind::Oc2);
}

pub(super) fn oc3_dob(ctx: &Context, f: &mut Findings) {
    dob_differs(ctx, f, TableKind::Oc3);
}

pub(super) fn prev_perm_dob(ctx: &Context, f: &mut Findings) {
    dob_differs(ctx, f, TableKind::PrevPerm);
}

pub(super) fn reviews_dob(ctx: &Context, f: &mut Findings) {
    dob_differs(ctx, f, TableKind::Reviews);
}

pub(super) fn uasc_dob(ctx: &Context, f: &mut Findings) {
    dob_differs(ctx, f, TableKind::Uasc);
}

pub(super) fn uasc_sex(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, TableKind::Uasc) {
        let people = people(y);
        let (child, sex) = (Col::new(t, "CHILD"), Col::new(t, "SEX"));
        for row in &t.rows {
            let (Some(id), Some(here)) = (child.text(row), sex.text(row)) else { continue };
            let Some(p) = people.get(id) else { continue };
            let differs = match (Sex::from_any_code(here), p.sex.and_then(Sex::from_any_code)) {
                (Some(a), Some(b)) => a != b,
                _ => p.sex != Some(here),
            };
            if differs {
                f.report_row(
                    file,
                    t,
                    row,
                    "SEX",
                    format!("SEX {here} in the UASC table differs from the header's ({}); correct whichever is wrong", p.sex.unwrap_or("blank")),
                );
            }
        }
    }
}

pub(super) fn ad1_duplicate(ctx: &Context, f: &mut Findings) {
    duplicate(ctx, f, TableKind::Ad1);
}

pub(super) fn oc2_duplicate(ctx: &Context, f: &mut Findings) {
    duplicate(ctx, f, TableKind::Oc2);
}

pub(super) fn oc3_duplicate(ctx: &Context, f: &mut Findings) {
    duplicate(ctx, f, TableKind::Oc3);
}

pub(super) fn prev_perm_duplicate(ctx: &Context, f: &mut Findings) {
    duplicate(ctx, f, TableKind::PrevPerm);
}

pub(super) fn uasc_duplicate(ctx: &Context, f: &mut Findings) {
    duplicate(ctx, f, TableKind::Uasc);
}

/// Children with at least one episode in the year's return.
fn with_episodes<'a>(y: &Ssda903Year<'a>) -> Option<HashSet<&'a str>> {
    y.table(TableKind::Episodes)?;
    Some(episodes(y).map(|e| e.child).collect())
}

pub(super) fn data_without_episodes(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some(looked_after) = with_episodes(y) else { continue };
        for kind in [TableKind::PlacedAdoption, TableKind::Missing, TableKind::Reviews, TableKind::Ad1, TableKind::PrevPerm, TableKind::Oc2] {
            let Some((file, t)) = y.table(kind) else { continue };
            let child = Col::new(t, "CHILD");
            for row in &t.rows {
                if let Some(id) = child.text(row).filter(|id| !looked_after.contains(id)) {
                    f.report_row(
                        file,
                        t,
                        row,
                        "CHILD",
                        format!("child {id} has no episodes in the year, so no {} data is returned for them; add the episodes or remove this row", name(kind)),
                    );
                }
            }
        }
    }
}

pub(super) fn header_without_episodes(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, TableKind::Header) {
        let Some(looked_after) = with_episodes(y) else { continue };
        let leavers: HashSet<&str> = y
            .table(TableKind::Oc3)
            .map(|(_, o)| {
                let child = Col::new(o, "CHILD");
                o.rows.iter().filter_map(|r| child.text(r)).collect()
            })
            .unwrap_or_default();
        let child = Col::new(t, "CHILD");
        for row in &t.rows {
            if let Some(id) = child.text(row).filter(|id| !looked_after.contains(id) && !leavers.contains(id)) {
                f.report_row(
                    file,
                    t,
                    row,
                    "CHILD",
                    format!("child {id} is in the header but has no episodes and no care leaver (OC3) record; add the episodes or remove the header row"),
                );
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

    const PEOPLE: &[&str] = &["A1,M,01/01/2010,WBRI,UN2,,", "A2,F,01/01/2011,WBRI,UN2,0,"];

    /// Runs `code` with the header above and a table of `kind_header` with `rows`, for 2024-25.
    fn with_header(code: &str, kind_header: &str, rows: &[&str]) -> Vec<(String, String)> {
        found(code, &[("2024-25/header.csv", &csv(HEADER_HEADER, PEOPLE)), ("2024-25/other.csv", &csv(kind_header, rows))])
    }

    #[test]
    fn children_must_be_in_the_header() {
        let cases: [(&str, &str, &str, &str); 9] = [
            ("INT01", AD1_HEADER, "A1,01/01/2010,01/02/2023,01/06/2023,0,2,MF,L11", "B9,01/01/2010,01/02/2023,01/06/2023,0,2,MF,L11"),
            ("INT02", PLACED_HEADER, "A1,01/01/2010,01/02/2023,,", "B9,01/01/2010,01/02/2023,,"),
            ("INT03", EPISODES_HEADER, "A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,", "B9,01/06/2024,S,C2,N1,U6,PR1,,,,,,"),
            ("INT04", MISSING_HEADER, "A1,01/01/2010,M,01/06/2024,02/06/2024", "B9,01/01/2010,M,01/06/2024,02/06/2024"),
            ("INT05", OC2_HEADER, "A1,01/01/2010,12,,0,,1,1,1,0,,", "B9,01/01/2010,12,,0,,1,1,1,0,,"),
            ("INT06", OC3_HEADER, "A1,01/01/2010,YES,F2,D1", "B9,01/01/2010,YES,F2,D1"),
            ("INT07", PREV_PERM_HEADER, "A1,01/01/2010,Z1,,", "B9,01/01/2010,Z1,,"),
            ("INT08", REVIEWS_HEADER, "A1,01/01/2010,01/06/2024,PN1", "B9,01/01/2010,01/06/2024,PN1"),
            ("INT09", UASC_HEADER, "A1,M,01/01/2010,", "B9,M,01/01/2010,"),
        ];
        for (code, header, good, bad) in cases {
            assert_eq!(with_header(code, header, &[good, bad, bad]), [hit("B9", "CHILD")], "{code}");
        }
    }

    #[test]
    fn dates_of_birth_agree_with_the_header() {
        let cases: [(&str, &str, &str, &str); 8] = [
            ("INT11", AD1_HEADER, "A1,01/01/2010,01/02/2023,01/06/2023,0,2,MF,L11", "A2,02/01/2011,01/02/2023,01/06/2023,0,2,MF,L11"),
            ("INT12", PLACED_HEADER, "A1,01/01/2010,01/02/2023,,", "A2,02/01/2011,01/02/2023,,"),
            ("INT13", MISSING_HEADER, "A1,2010-01-01,M,01/06/2024,02/06/2024", "A2,02/01/2011,M,01/06/2024,02/06/2024"),
            ("INT14", OC2_HEADER, "A1,01/01/2010,12,,0,,1,1,1,0,,", "A2,02/01/2011,12,,0,,1,1,1,0,,"),
            ("INT15", OC3_HEADER, "A1,01/01/2010,YES,F2,D1", "A2,02/01/2011,YES,F2,D1"),
            ("INT16", PREV_PERM_HEADER, "A1,01/01/2010,Z1,,", "A2,02/01/2011,Z1,,"),
            ("INT17", REVIEWS_HEADER, "A1,01/01/2010,01/06/2024,PN1", "A2,02/01/2011,01/06/2024,PN1"),
            ("INT18", UASC_HEADER, "A1,M,01/01/2010,", "A2,F,02/01/2011,"),
        ];
        for (code, header, good, bad) in cases {
            assert_eq!(with_header(code, header, &[good, bad]), [hit("A2", "DOB")], "{code}");
        }
    }

    #[test]
    fn uasc_sex_agrees_with_the_header() {
        assert_eq!(with_header("INT21", UASC_HEADER, &["A1,M,01/01/2010,", "A2,M,01/01/2011,"]), [hit("A2", "SEX")]);
    }

    #[test]
    fn one_row_per_child() {
        let cases: [(&str, &str, &str); 5] = [
            ("INT31", AD1_HEADER, "A1,01/01/2010,01/02/2023,01/06/2023,0,2,MF,L11"),
            ("INT33", OC2_HEADER, "A1,01/01/2010,12,,0,,1,1,1,0,,"),
            ("INT34", OC3_HEADER, "A1,01/01/2010,YES,F2,D1"),
            ("INT35", PREV_PERM_HEADER, "A1,01/01/2010,Z1,,"),
            ("INT36", UASC_HEADER, "A1,M,01/01/2010,"),
        ];
        for (code, header, row) in cases {
            let other = row.replacen("A1", "A2", 1);
            assert_eq!(with_header(code, header, &[row, &other, row]), [hit("A1", "CHILD")], "{code}");
        }
    }

    #[test]
    fn other_data_needs_episodes() {
        let eps = csv(EPISODES_HEADER, &["A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,"]);
        let reviews = csv(REVIEWS_HEADER, &["A1,01/01/2010,01/07/2024,PN1", "A2,01/01/2011,01/07/2024,PN1"]);
        let missing = csv(MISSING_HEADER, &["A2,01/01/2011,M,01/06/2024,02/06/2024"]);
        let files = [("2024-25/episodes.csv", eps.as_str()), ("2024-25/reviews.csv", reviews.as_str()), ("2024-25/missing.csv", missing.as_str())];
        assert_eq!(found("1012", &files), [hit("A2", "CHILD"), hit("A2", "CHILD")]);
    }

    #[test]
    fn header_children_have_episodes_or_care_leaver_records() {
        let h = csv(HEADER_HEADER, &["A1,M,01/01/2010,WBRI,UN2,,", "A2,F,01/01/2006,WBRI,UN2,,", "A3,M,01/01/2010,WBRI,UN2,,"]);
        let eps = csv(EPISODES_HEADER, &["A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,"]);
        let oc3 = csv(OC3_HEADER, &["A2,01/01/2006,YES,F2,D1"]);
        let files = [("2024-25/header.csv", h.as_str()), ("2024-25/episodes.csv", eps.as_str()), ("2024-25/oc3.csv", oc3.as_str())];
        assert_eq!(found("EPI", &files), [hit("A3", "CHILD")]);
    }
}
