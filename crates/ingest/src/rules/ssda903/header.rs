//! The header table: the child's sex, date of birth, ethnicity, UPN and
//! whether she is a mother.

use super::*;
use scrutiny_model::codes::Ethnicity;
use std::collections::HashSet;

const HEADER: TableKind = TableKind::Header;

pub(super) fn sex(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, HEADER, "SEX", |y, col, row| {
        let year = start_year(y);
        let current = ["M", "F", "U"];
        let legacy = ["1", "2"];
        let (ok, allowed) = match year {
            Some(s) if s >= 2024 => (col.is_any(row, &current), "M (male), F (female) or U (unknown); the digits 1 and 2 were replaced from 2024-25"),
            Some(_) => (col.is_any(row, &legacy), "1 (male) or 2 (female) up to 2023-24"),
            None => (col.is_any(row, &current) || col.is_any(row, &legacy), "M, F or U (1 or 2 up to 2023-24)"),
        };
        (!ok).then(|| match col.text(row) {
            None => format!("SEX is blank; it must be {allowed}. Enter the child's sex in the case record"),
            Some(v) => format!("SEX '{v}' is not valid for {}; it must be {allowed}. Correct it in the case record", year_name(y)),
        })
    });
}

pub(super) fn dob(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, HEADER, "DOB", true, "date of birth");
}

pub(super) fn ethnicity(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, HEADER, "ETHNIC", true, |v, _| Ethnicity::from_code(v).is_some(), "the DfE ethnicity codes (WBRI, WIRI, …, REFU, NOBT)");
}

/// A UPN's form: a check letter (not I, O or S), then 12 digits, or 11
/// digits and a letter (a temporary UPN). The check letter of a permanent
/// UPN must match its digits.
fn upn_problem(upn: &str) -> Option<&'static str> {
    if upn_is_unknown_code(upn) {
        return None;
    }
    if upn.starts_with("UN") && upn.len() == 3 {
        return Some("only UN1 to UN5 may be used when a child has no UPN");
    }
    let b = upn.as_bytes();
    let letter = |c: u8| c.is_ascii_uppercase() && !matches!(c, b'I' | b'O' | b'S');
    if b.len() != 13 || !letter(b[0]) || !b[1..12].iter().all(u8::is_ascii_digit) || !(b[12].is_ascii_digit() || b[12].is_ascii_uppercase()) {
        return Some("a UPN is 13 characters: a check letter (not I, O or S), then 12 digits or 11 digits and a letter");
    }
    if b[12].is_ascii_digit() && scrutiny_model::upn_check_letter(&upn[1..]) != Some(b[0] as char) {
        return Some("its check letter does not match its digits, so it has been mistyped");
    }
    None
}

pub(super) fn upn(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, HEADER, "UPN", |_, col, row| {
        let v = col.text(row)?;
        upn_problem(v).map(|why| format!("UPN '{v}' is not valid: {why}. Take the UPN from the school's records, or use UN1-UN5 if the child has none"))
    });
}

/// Children with an episode under a legal status other than short breaks (V3/V4).
fn looked_after_children<'a>(y: &Ssda903Year<'a>) -> Option<HashSet<&'a str>> {
    y.table(TableKind::Episodes)?;
    Some(episodes(y).filter(|e| !matches!(e.ls, Some("V3" | "V4"))).map(|e| e.child).collect())
}

pub(super) fn upn_missing(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, HEADER) {
        let Some(looked_after) = looked_after_children(y) else { continue };
        let (child, upn) = (Col::new(t, "CHILD"), Col::new(t, "UPN"));
        for row in &t.rows {
            if upn.text(row).is_none() && child.text(row).is_some_and(|c| looked_after.contains(c)) {
                f.report_row(file, t, row, "UPN", "UPN is blank for a looked-after child; give the UPN, or UN1-UN5 to say why there is none");
            }
        }
    }
}

pub(super) fn mother_value(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, HEADER) {
        let (sex, mother) = (Col::new(t, "SEX"), Col::new(t, "MOTHER"));
        for row in &t.rows {
            let Some(m) = mother.text(row) else { continue };
            if !matches!(m, "0" | "1") {
                f.report_row(file, t, row, "MOTHER", format!("MOTHER '{m}' is not valid; use 1 if the girl is a mother, 0 if not"));
            } else if is_male(sex.text(row)) {
                f.report_row(file, t, row, "MOTHER", "MOTHER is given for a boy; it is recorded for girls only, so leave it blank (or correct SEX)");
            }
        }
    }
}

pub(super) fn mother_missing(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, HEADER) {
        let Some(looked_after) = looked_after_children(y) else { continue };
        let (child, sex, mother) = (Col::new(t, "CHILD"), Col::new(t, "SEX"), Col::new(t, "MOTHER"));
        for row in &t.rows {
            if is_female(sex.text(row)) && mother.text(row).is_none() && child.text(row).is_some_and(|c| looked_after.contains(c)) {
                f.report_row(file, t, row, "MOTHER", "MOTHER is blank for a looked-after girl; record 1 if she is a mother, 0 if not (0 for young girls)");
            }
        }
    }
}

pub(super) fn mc_dob_date(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, HEADER, "MC_DOB", false, "date of birth of the mother's child");
}

pub(super) fn mc_dob_male(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, HEADER) {
        let (sex, mc_dob) = (Col::new(t, "SEX"), Col::new(t, "MC_DOB"));
        for row in &t.rows {
            if mc_dob.text(row).is_some() && is_male(sex.text(row)) {
                f.report_row(
                    file,
                    t,
                    row,
                    "MC_DOB",
                    "MC_DOB (date of birth of a mother's child) is given for a boy; remove it, or correct SEX if the child is a girl",
                );
            }
        }
    }
}

pub(super) fn born_after_year(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, HEADER, "DOB", |y, col, row| {
        let (_, end) = bounds(y)?;
        let d = col.date(row)?;
        (d > end).then(|| format!("date of birth {} is after the end of the collection year ({}); correct the date of birth", dmy(d), dmy(end)))
    });
}

pub(super) fn over_25(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, HEADER, "DOB", |y, col, row| {
        let (start, _) = bounds(y)?;
        let d = col.date(row)?;
        (add_years(d, 25) < start)
            .then(|| format!("date of birth {} makes the child over 25 at the start of the year; correct the date of birth or remove the child", dmy(d)))
    });
}

pub(super) fn mother_without_mc_dob(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, HEADER) {
        let (mother, mc_dob) = (Col::new(t, "MOTHER"), Col::new(t, "MC_DOB"));
        for row in &t.rows {
            if mother.is(row, "1") && mc_dob.text(row).is_none() {
                f.report_row(file, t, row, "MC_DOB", "MOTHER is 1 but MC_DOB (her child's date of birth) is blank; enter the date of birth of her first child");
            }
        }
    }
}

pub(super) fn mc_dob_not_mother(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, HEADER) {
        let (sex, mother, mc_dob) = (Col::new(t, "SEX"), Col::new(t, "MOTHER"), Col::new(t, "MC_DOB"));
        for row in &t.rows {
            if mc_dob.text(row).is_some() && is_female(sex.text(row)) && !mother.is(row, "1") {
                f.report_row(file, t, row, "MOTHER", "MC_DOB (her child's date of birth) is given but MOTHER is not 1; set MOTHER to 1 or remove MC_DOB");
            }
        }
    }
}

pub(super) fn mother_under_11(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, HEADER) {
        let Some((start, _)) = bounds(y) else { continue };
        let (dob, mother) = (Col::new(t, "DOB"), Col::new(t, "MOTHER"));
        for row in &t.rows {
            if let (true, Some(d)) = (mother.is(row, "1"), dob.date(row)) {
                if add_years(d, 11) > start {
                    f.report_row(
                        file,
                        t,
                        row,
                        "MOTHER",
                        format!("MOTHER is 1 but the date of birth ({}) makes her under 11 at the start of the year; check MOTHER and DOB", dmy(d)),
                    );
                }
            }
        }
    }
}

pub(super) fn mother_younger_than_child(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, HEADER) {
        let (dob, mc_dob) = (Col::new(t, "DOB"), Col::new(t, "MC_DOB"));
        for row in &t.rows {
            if let (Some(d), Some(c)) = (dob.date(row), mc_dob.date(row)) {
                if c <= d {
                    f.report_row(
                        file,
                        t,
                        row,
                        "MC_DOB",
                        format!("MC_DOB {} is not after the mother's own date of birth ({}); correct one of the dates", dmy(c), dmy(d)),
                    );
                }
            }
        }
    }
}

/// 31 August of the calendar year before the collection year starts: a
/// child 4 by then started reception before the year began.
fn school_start_reference(start: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(start.year() - 1, 8, 31).expect("31 August")
}

pub(super) fn un1_school_age(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, HEADER) {
        let Some((start, _)) = bounds(y) else { continue };
        let reference = school_start_reference(start);
        let (dob, upn) = (Col::new(t, "DOB"), Col::new(t, "UPN"));
        for row in &t.rows {
            let Some(d) = dob.date(row) else { continue };
            if upn.is(row, "UN1") && add_years(d, 4) <= reference {
                f.report_row(
                    file,
                    t,
                    row,
                    "UPN",
                    format!(
                        "UPN is UN1 (not of school age), but the child (born {}) was 4 by {} and so of school age before the year began; give the UPN from the school's records, or the code that fits (UN2-UN5)",
                        dmy(d),
                        dmy(reference)
                    ),
                );
            }
        }
    }
}

/// The day from which a child can have been looked after for no more than
/// a week at the year end: 24 March.
fn last_week_from(end: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(end.year(), 3, 24).unwrap_or(end)
}

pub(super) fn un4_after_first_week(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, HEADER) {
        let (Some((_, end)), Some(_)) = (bounds(y), y.table(TableKind::Episodes)) else { continue };
        let from = last_week_from(end);
        // Each child's earliest valid DECOM in the return.
        let mut first: HashMap<&str, NaiveDate> = HashMap::new();
        for e in episodes(y) {
            if let Some(d) = e.decom {
                first.entry(e.child).and_modify(|f| *f = (*f).min(d)).or_insert(d);
            }
        }
        let (child, upn) = (Col::new(t, "CHILD"), Col::new(t, "UPN"));
        for row in &t.rows {
            let Some(d) = child.text(row).and_then(|c| first.get(c)) else { continue };
            if upn.is(row, "UN4") && *d < from {
                f.report_row(
                    file,
                    t,
                    row,
                    "UPN",
                    format!(
                        "UPN is UN4 (new to care, UPN not yet known), but the child has been looked after since {}, more than a week before the year end; get the UPN from the child's school, or use UN2, UN3 or UN5 if none can be found",
                        dmy(*d)
                    ),
                );
            }
        }
    }
}

pub(super) fn duplicate_upn(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, HEADER) {
        // A rule from 2025-26; an unknown year is read under the latest rules.
        if start_year(y).is_some_and(|s| s < 2025) {
            continue;
        }
        let (child, upn) = (Col::new(t, "CHILD"), Col::new(t, "UPN"));
        let mut holders: HashMap<&str, Vec<&str>> = HashMap::new();
        for row in &t.rows {
            if let (Some(c), Some(u)) = (child.text(row), upn.text(row)) {
                if !upn_is_unknown_code(u) {
                    let ids = holders.entry(u).or_default();
                    if !ids.contains(&c) {
                        ids.push(c);
                    }
                }
            }
        }
        for row in &t.rows {
            let (Some(c), Some(u)) = (child.text(row), upn.text(row)) else { continue };
            let Some(ids) = holders.get(u).filter(|ids| ids.len() > 1) else { continue };
            let others: Vec<&str> = ids.iter().copied().filter(|&o| o != c).collect();
            f.report_row(
                file,
                t,
                row,
                "UPN",
                format!(
                    "UPN {u} is also given for child {}; a UPN belongs to one child, so check the school's records and correct whichever is wrong",
                    others.join(", ")
                ),
            );
        }
    }
}

fn upn_is_unknown_code(upn: &str) -> bool {
    matches!(upn, "UN1" | "UN2" | "UN3" | "UN4" | "UN5")
}

pub(super) fn duplicate_child(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, HEADER) {
        let child = Col::new(t, "CHILD");
        let mut first: HashMap<&str, u32> = HashMap::with_capacity(t.rows.len());
        for row in &t.rows {
            let Some(id) = child.text(row) else { continue };
            if let Some(line) = first.get(id) {
                f.report_row(
                    file,
                    t,
                    row,
                    "CHILD",
                    format!("child {id} is already in the header table at line {line}; each child has one header row, so remove or merge the repeat"),
                );
            } else {
                first.insert(id, row.line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    fn header(rows: &[&str]) -> String {
        csv(HEADER_HEADER, rows)
    }

    fn episodes(rows: &[&str]) -> String {
        csv(EPISODES_HEADER, rows)
    }

    #[test]
    fn sex_codes_depend_on_the_year() {
        let h = header(&["A1,M,01/02/2010,WBRI,UN2,,", "A2,1,01/02/2010,WBRI,UN2,,", "A3,,01/02/2010,WBRI,UN2,,"]);
        assert_eq!(children("101", &[("2024-25/header.csv", &h)]), ["A2", "A3"]);
        assert_eq!(children("101", &[("2023-24/header.csv", &h)]), ["A1", "A3"]);
    }

    #[test]
    fn dob_must_be_a_date() {
        let h = header(&["A1,M,01/02/2010,WBRI,UN2,,", "A2,M,31/02/2010,WBRI,UN2,,", "A3,M,,WBRI,UN2,,"]);
        assert_eq!(children("102", &[("2024-25/header.csv", &h)]), ["A2", "A3"]);
    }

    #[test]
    fn ethnicity_must_be_a_code() {
        let h = header(&["A1,M,01/02/2010,WBRI,UN2,,", "A2,M,01/02/2010,WHITE,UN2,,", "A3,M,01/02/2010,,UN2,,"]);
        assert_eq!(children("103", &[("2024-25/header.csv", &h)]), ["A2", "A3"]);
    }

    #[test]
    fn upn_form_check_letter_and_unknown_codes() {
        let good = scrutiny_synth::make_upn("841", chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap(), 12);
        let mut bad_letter = good.clone();
        bad_letter.replace_range(0..1, if good.starts_with('A') { "B" } else { "A" });
        let rows = [
            format!("A1,M,01/02/2010,WBRI,{good},,"),
            format!("A2,M,01/02/2010,WBRI,{bad_letter},,"),
            "A3,M,01/02/2010,WBRI,UN6,,".into(),
            "A4,M,01/02/2010,WBRI,X12345,,".into(),
            "A5,M,01/02/2010,WBRI,UN3,,".into(),
            "A6,M,01/02/2010,WBRI,,,".into(),
        ];
        let h = header(&rows.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(children("168", &[("2024-25/header.csv", &h)]), ["A2", "A3", "A4"]);
    }

    #[test]
    fn upn_needed_for_looked_after_children() {
        let h = header(&["A1,M,01/02/2010,WBRI,,,", "A2,M,01/02/2010,WBRI,,,", "A3,M,01/02/2010,WBRI,UN2,,"]);
        let e = episodes(&["A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,", "A2,01/06/2024,S,V3,N2,U6,PR1,,,,,,", "A3,01/06/2024,S,C2,N1,U6,PR1,,,,,,"]);
        assert_eq!(children("442", &[("2024-25/header.csv", &h), ("2024-25/episodes.csv", &e)]), ["A1"]);
    }

    #[test]
    fn mother_is_0_or_1_and_for_girls() {
        let h = header(&["A1,F,01/02/2008,WBRI,UN2,0,", "A2,F,01/02/2008,WBRI,UN2,Y,", "A3,M,01/02/2008,WBRI,UN2,0,", "A4,M,01/02/2008,WBRI,UN2,,"]);
        assert_eq!(children("165", &[("2024-25/header.csv", &h)]), ["A2", "A3"]);
    }

    #[test]
    fn looked_after_girls_need_mother() {
        let h = header(&["A1,F,01/02/2020,WBRI,UN2,,", "A2,F,01/02/2008,WBRI,UN2,0,", "A3,M,01/02/2008,WBRI,UN2,,", "A4,F,01/02/2008,WBRI,UN2,,"]);
        let e = episodes(&[
            "A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            "A3,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            "A4,01/06/2024,S,V3,N2,U6,PR1,,,,,,",
        ]);
        assert_eq!(children("393", &[("2024-25/header.csv", &h), ("2024-25/episodes.csv", &e)]), ["A1"]);
    }

    #[test]
    fn mc_dob_checks() {
        let h = header(&[
            "A1,F,01/02/2006,WBRI,UN2,1,01/01/2024",
            "A2,F,01/02/2006,WBRI,UN2,1,2024-13-01",
            "A3,M,01/02/2006,WBRI,UN2,,01/01/2024",
            "A4,F,01/02/2006,WBRI,UN2,1,",
            "A5,F,01/02/2006,WBRI,UN2,0,01/01/2024",
            "A6,F,01/02/2016,WBRI,UN2,1,01/01/2024",
            "A7,F,01/02/2006,WBRI,UN2,1,01/01/2005",
        ]);
        let files = [("2024-25/header.csv", h.as_str())];
        assert_eq!(children("171", &files), ["A2"]);
        assert_eq!(children("174", &files), ["A3"]);
        assert_eq!(children("611", &files), ["A4"]);
        assert_eq!(children("612", &files), ["A5"]);
        assert_eq!(children("620", &files), ["A6"]);
        assert_eq!(children("621", &files), ["A7"]);
    }

    #[test]
    fn dob_plausible_for_the_year() {
        let h = header(&["A1,M,01/02/2010,WBRI,UN2,,", "A2,M,01/04/2025,WBRI,UN2,,", "A3,M,01/02/1998,WBRI,UN2,,", "A4,M,01/05/1999,WBRI,UN2,,"]);
        let files = [("2024-25/header.csv", h.as_str())];
        assert_eq!(children("301", &files), ["A2"]);
        assert_eq!(children("351", &files), ["A3"]);
    }

    #[test]
    fn a_child_has_one_header_row() {
        let h = header(&["A1,M,01/02/2010,WBRI,UN2,,", "A2,M,01/02/2010,WBRI,UN2,,", "A1,M,01/02/2010,WBRI,UN2,,"]);
        assert_eq!(found("INT32", &[("2024-25/header.csv", &h)]), [("A1".to_string(), "CHILD".to_string())]);
    }

    #[test]
    fn un1_only_before_school_age() {
        // 2024-25: school age if 4 by 31/08/2023.
        let h = header(&["A1,M,31/08/2019,WBRI,UN1,,", "A2,M,01/09/2019,WBRI,UN1,,", "A3,M,01/02/2010,WBRI,UN2,,", "A4,M,,WBRI,UN1,,"]);
        assert_eq!(found("209", &[("2024-25/header.csv", &h)]), [("A1".to_string(), "UPN".to_string())]);
        assert!(children("209", &[("header.csv", &h)]).is_empty(), "the year is needed");
    }

    #[test]
    fn un4_only_in_the_first_week_of_care() {
        let h = header(&[
            "A1,M,01/02/2010,WBRI,UN4,,",
            "A2,M,01/02/2010,WBRI,UN4,,",
            "A3,M,01/02/2010,WBRI,UN4,,",
            "A4,M,01/02/2010,WBRI,UN2,,",
            "A5,M,01/02/2010,WBRI,UN4,,",
        ]);
        let e = episodes(&[
            "A1,23/03/2025,S,C2,N1,U6,PR1,,,,,,",
            "A2,24/03/2025,S,C2,N1,U6,PR1,,,,,,",
            "A3,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E11,,,,",
            "A4,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
        ]);
        // A5 has no episodes (a care leaver only): not for this rule.
        assert_eq!(children("210", &[("2024-25/header.csv", &h), ("2024-25/episodes.csv", &e)]), ["A1", "A3"]);
    }

    #[test]
    fn a_upn_belongs_to_one_child() {
        let h = header(&[
            "A1,M,01/02/2010,WBRI,A123456789012,,",
            "A2,M,01/02/2010,WBRI,A123456789012,,",
            "A3,M,01/02/2010,WBRI,UN2,,",
            "A4,M,01/02/2010,WBRI,UN2,,",
            "A5,M,01/02/2010,WBRI,B123456789012,,",
            "A5,M,01/02/2010,WBRI,B123456789012,,",
            "A6,M,01/02/2010,WBRI,,,",
            "A7,M,01/02/2010,WBRI,,,",
        ]);
        // The same child twice is INT32's concern, not a duplicate UPN.
        assert_eq!(children("444", &[("2025-26/header.csv", &h)]), ["A1", "A2"]);
        assert!(children("444", &[("2024-25/header.csv", &h)]).is_empty(), "a rule from 2025-26");
    }
}
