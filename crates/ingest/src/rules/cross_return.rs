//! Checks across returns of the same year: the CIN census and the SSDA903
//! describe the same children and must agree.

use super::{Context, Findings, Rule};
use crate::issue::Severity;
use crate::raw::TableKind;
use std::collections::{BTreeMap, BTreeSet};

pub const RULES: &[Rule] = &[
    Rule {
        code: "SCR-X01",
        severity: Severity::Query,
        about: "A child looked after in the SSDA903 is missing from the CIN census of the same year",
        check: looked_after_but_not_in_cin,
    },
    Rule {
        code: "SCR-X02",
        severity: Severity::Warning,
        about: "The CIN census and the SSDA903 give a child different dates of birth",
        check: birth_dates_disagree,
    },
];

fn looked_after_but_not_in_cin(ctx: &Context, f: &mut Findings) {
    for year in &ctx.ssda903 {
        let Some(cin) = ctx.cin.iter().find(|c| c.year.is_some() && c.year == year.year) else { continue };
        let in_cin: BTreeSet<&str> = cin.census.children.iter().map(|c| c.id()).collect();
        let Some((file, t)) = year.table(TableKind::Episodes) else { continue };
        let child = t.get("CHILD");
        let mut reported = BTreeSet::new();
        for row in &t.rows {
            let id = child(row);
            let Some(id) = id.trimmed() else { continue };
            if !in_cin.contains(id) && reported.insert(id.to_string()) {
                f.report_row(file, t, row, "CHILD", format!("child {id} is looked after in the SSDA903 but not in the CIN census of {}; every looked-after child is a child in need and belongs in both", cin.year.map(|y| y.to_string()).unwrap_or_default()));
            }
        }
    }
}

fn birth_dates_disagree(ctx: &Context, f: &mut Findings) {
    for year in &ctx.ssda903 {
        let Some(cin) = ctx.cin.iter().find(|c| c.year.is_some() && c.year == year.year) else { continue };
        let dob_in_cin: BTreeMap<&str, chrono::NaiveDate> = cin.census.children.iter().filter_map(|c| Some((c.id(), c.birth_date.date()?))).collect();
        let Some((file, t)) = year.table(TableKind::Header) else { continue };
        let (child, dob) = (t.get("CHILD"), t.get("DOB"));
        for row in &t.rows {
            let (Some(id), Some(d)) = (child(row).trimmed().map(str::to_string), dob(row).date()) else { continue };
            if let Some(other) = dob_in_cin.get(id.as_str()).filter(|o| **o != d) {
                f.report_row(
                    file,
                    t,
                    row,
                    "DOB",
                    format!(
                        "the SSDA903 gives {id} a date of birth of {}, the CIN census {}; correct whichever is wrong",
                        d.format("%d/%m/%Y"),
                        other.format("%d/%m/%Y")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn child(id: &str, dob: &str) -> String {
        format!("<Child><ChildIdentifiers><LAchildID>{id}</LAchildID><PersonBirthDate>{dob}</PersonBirthDate><Sex>M</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics><CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>false</ReferralNFA></CINdetails></Child>")
    }

    #[test]
    fn looked_after_children_must_be_in_the_cin_census() {
        let cin = cin_census(&child("A1", "2015-01-02"));
        let eps = format!(
            "{EPISODES_HEADER}\nA1,01/06/2024,S,C2,N1,U6,PR1,,,,NB1,NB2,\nB2,01/06/2024,S,C2,N1,U6,PR1,,,,NB1,NB2,\nB2,01/07/2024,P,C2,N1,U6,PR1,,,,NB1,NB2,\n"
        );
        let found = run(rule(RULES, "SCR-X01"), &[("2024-25/cin.xml", &cin), ("2024-25/episodes.csv", &eps)]);
        assert_eq!(found.len(), 1, "one finding per child");
        assert_eq!(found[0].child.as_deref(), Some("B2"));
        // A 903 of another year is not compared.
        let found = run(rule(RULES, "SCR-X01"), &[("2024-25/cin.xml", &cin), ("2023-24/episodes.csv", &eps)]);
        assert!(found.is_empty());
    }

    #[test]
    fn birth_dates_must_agree() {
        let cin = cin_census(&(child("A1", "2015-01-02") + &child("A2", "2016-01-02")));
        let header = format!("{HEADER_HEADER}\nA1,M,02/01/2015,WBRI,UN1,,\nA2,M,03/01/2016,WBRI,UN1,,\n");
        let found = run(rule(RULES, "SCR-X02"), &[("2024-25/cin.xml", &cin), ("2024-25/header.csv", &header)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].child.as_deref(), Some("A2"));
    }
}
