//! Scrutiny's own checks on any return: values that are not dates, codes
//! with stray spaces, rows repeated word for word.

use super::{Context, Findings, Rule};
use crate::issue::Severity;
use crate::raw::{CinChild, CsvTable, TableKind, Val};
use crate::read::InputFile;
use std::collections::hash_map::{Entry, HashMap};

pub const RULES: &[Rule] = &[
    Rule { code: "SCR-DATE", severity: Severity::Error, about: "A date is not a real calendar date in a form the return allows", check: bad_dates },
    Rule { code: "SCR-SPACE", severity: Severity::Warning, about: "A value has spaces before or after it", check: stray_spaces },
    Rule { code: "SCR-DUPROW", severity: Severity::Warning, about: "A CSV row repeats an earlier row exactly", check: repeated_rows },
];

/// Date columns of the CSV tables (SSD tables: columns ending in _date, _dob or
/// _due, and the one date the SSD names otherwise, a care leaver's latest contact).
fn is_date_column(kind: TableKind, column: &str) -> bool {
    match kind {
        TableKind::Ssd(_) => {
            let c = column.to_ascii_lowercase();
            c.ends_with("_date") || c.ends_with("_dob") || c.ends_with("_due") || c == "clea_care_leaver_latest_contact"
        }
        TableKind::CswwWorkers => matches!(column, "PersonBirthDate" | "RoleStartDate" | "RoleEndDate"),
        TableKind::CswwLa => false,
        _ => matches!(
            column.to_ascii_uppercase().as_str(),
            "DOB"
                | "MC_DOB"
                | "DECOM"
                | "DEC"
                | "REVIEW"
                | "DUC"
                | "DATE_INT"
                | "DATE_MATCH"
                | "DATE_PLACED"
                | "DATE_PLACED_CEASED"
                | "MIS_START"
                | "MIS_END"
                | "SW_DECOM"
                | "SW_DEC"
        ),
    }
}

/// Every dated value of a CIN child, with its element name, in document order.
fn each_cin_date<'c>(c: &'c CinChild, mut visit: impl FnMut(&'static str, &'c Val)) {
    visit("PersonBirthDate", &c.birth_date);
    visit("ExpectedPersonBirthDate", &c.expected_birth_date);
    visit("PersonDeathDate", &c.death_date);
    for e in &c.episodes {
        visit("CINreferralDate", &e.referral_date);
        visit("CINclosureDate", &e.closure_date);
        visit("DateOfInitialCPC", &e.initial_cpc);
        for a in &e.assessments {
            visit("AssessmentActualStartDate", &a.start);
            visit("AssessmentInternalReviewDate", &a.internal_review);
            visit("AssessmentAuthorisationDate", &a.authorised);
        }
        for p in &e.cin_plans {
            visit("CINPlanStartDate", &p.start);
            visit("CINPlanEndDate", &p.end);
        }
        for s in &e.section47s {
            visit("S47ActualStartDate", &s.start);
            visit("InitialCPCtarget", &s.icpc_target);
            visit("DateOfInitialCPC", &s.icpc_date);
        }
        for p in &e.cp_plans {
            visit("CPPstartDate", &p.start);
            visit("CPPendDate", &p.end);
            for r in &p.reviews {
                visit("CPPreviewDate", r);
            }
        }
    }
}

/// Every coded value of a CIN child, with its element name, in document order.
fn each_cin_code<'c>(c: &'c CinChild, mut visit: impl FnMut(&'static str, &'c Val)) {
    visit("LAchildID", &c.la_child_id);
    visit("UPN", &c.upn);
    visit("Ethnicity", &c.ethnicity);
    visit("Sex", &c.sex);
    visit("GenderCurrent", &c.gender_current);
    for e in &c.episodes {
        visit("ReferralSource", &e.referral_source);
        visit("PrimaryNeedCode", &e.primary_need);
        visit("ReasonForClosure", &e.closure_reason);
        for p in &e.cp_plans {
            visit("InitialCategoryOfAbuse", &p.initial_category);
            visit("LatestCategoryOfAbuse", &p.latest_category);
        }
    }
}

fn date_message(field: &str, raw: &str, csv: bool) -> String {
    let form = if csv { "DD/MM/YYYY (or YYYY-MM-DD)" } else { "YYYY-MM-DD" };
    format!("{field} '{raw}' is not a real date in the form {form}; correct it in the case record and export again")
}

fn csv_tables<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = (&'a InputFile, &'a CsvTable)> + 'c {
    ctx.ssda903.iter().flat_map(|y| y.tables.values().copied()).chain(ctx.other_tables.iter().copied())
}

fn bad_dates(ctx: &Context, f: &mut Findings) {
    for cin in &ctx.cin {
        for c in &cin.census.children {
            each_cin_date(c, |field, v| {
                if v.bad_iso_date() {
                    f.report(cin.file, v.line, c.id(), field, v.raw(), date_message(field, v.raw(), false));
                }
            });
        }
    }
    for (file, t) in csv_tables(ctx) {
        let cols: Vec<usize> = (0..t.columns.len()).filter(|&i| is_date_column(t.kind, &t.columns[i])).collect();
        for row in &t.rows {
            for &c in &cols {
                let text = t.cell(row, c).map_or("", crate::raw::trim);
                if !text.is_empty() && crate::raw::parse_date(text).is_none() {
                    f.report_row(file, t, row, &t.columns[c], date_message(&t.columns[c], t.cell(row, c).unwrap_or(""), true));
                }
            }
        }
    }
}

fn spaced(v: &Val) -> bool {
    v.text.as_deref().is_some_and(|t| t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace))
}

fn stray_spaces(ctx: &Context, f: &mut Findings) {
    let msg =
        |field: &str| format!("{field} has spaces around its value; they are ignored, but the DfE's validator may reject the code. Remove them at source.");
    for cin in &ctx.cin {
        for c in &cin.census.children {
            let mut check = |field: &'static str, v: &Val| {
                if spaced(v) {
                    f.report(cin.file, v.line, c.id(), field, v.raw(), msg(field));
                }
            };
            each_cin_code(c, &mut check);
            each_cin_date(c, &mut check);
        }
    }
    for (file, t) in csv_tables(ctx) {
        // Free text in SSD tables (names, descriptions, JSON) may carry spaces.
        let checked: Vec<usize> = (0..t.columns.len())
            .filter(|&i| {
                let col = &t.columns[i];
                !(matches!(t.kind, TableKind::Ssd(_)) && (col.ends_with("_desc") || col.ends_with("_json") || col.ends_with("name")))
            })
            .collect();
        for row in &t.rows {
            for &i in &checked {
                let cell = t.cell(row, i).unwrap_or("");
                let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_whitespace());
                if (edge(cell.as_bytes().first()) || edge(cell.as_bytes().last())) && !cell.trim().is_empty() {
                    f.report_row(file, t, row, &t.columns[i], msg(&t.columns[i]));
                }
            }
        }
    }
}

/// A row's cells, hashed by their text alone: where the cells end is compared
/// but not hashed, as rows with the same text and other cells are rare.
#[derive(PartialEq, Eq)]
struct RowContent<'r>((&'r str, &'r [u32]));

impl std::hash::Hash for RowContent<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write(self.0 .0.as_bytes());
    }
}

fn repeated_rows(ctx: &Context, f: &mut Findings) {
    for (file, t) in csv_tables(ctx) {
        // The line each distinct row was first met on.
        let mut first_seen: HashMap<RowContent, u32, foldhash::fast::RandomState> = HashMap::with_capacity_and_hasher(t.rows.len(), Default::default());
        for row in &t.rows {
            match first_seen.entry(RowContent(t.content(row))) {
                Entry::Occupied(first) => f.report_row(file, t, row, "", format!("this row repeats line {} exactly; remove the copy", first.get())),
                Entry::Vacant(new) => {
                    new.insert(row.line);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn impossible_and_malformed_dates_are_errors() {
        let csv = format!("{EPISODES_HEADER}\nA1,31/02/2024,S,C2,N1,U6,PR1,,,,NB1,NB2,\nA2,2024-02-01,S,C2,N1,U6,PR1,01.03.2024,E4A,,NB1,NB2,\nA3,01/02/2024,S,C2,N1,U6,PR1,,,,NB1,NB2,\n");
        let found = run(rule(RULES, "SCR-DATE"), &[("2024-25/episodes.csv", &csv)]);
        let got: Vec<(Option<&str>, Option<&str>, Option<u32>)> = found.iter().map(|i| (i.child.as_deref(), i.field.as_deref(), i.line)).collect();
        assert_eq!(got, vec![(Some("A1"), Some("DECOM"), Some(2)), (Some("A2"), Some("DEC"), Some(3))]);
        assert!(found[0].message.contains("31/02/2024"));
    }

    #[test]
    fn an_ssd_care_leavers_latest_contact_is_checked_as_a_date() {
        let header = scrutiny_model::formats::SSD_CARE_LEAVERS.join(",");
        let row = |contact: &str| {
            scrutiny_model::formats::SSD_CARE_LEAVERS
                .iter()
                .map(|c| match *c {
                    "clea_person_id" => "P1",
                    "clea_care_leaver_latest_contact" => contact,
                    _ => "",
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        let csv = format!("{header}\n{}\n{}\n", row("2024-02-30"), row("2024-02-29"));
        let found = run(rule(RULES, "SCR-DATE"), &[("2024-25/ssd/ssd_care_leavers.csv", &csv)]);
        let got: Vec<(Option<&str>, Option<u32>)> = found.iter().map(|i| (i.field.as_deref(), i.line)).collect();
        assert_eq!(got, vec![(Some("clea_care_leaver_latest_contact"), Some(2))]);
    }

    #[test]
    fn cin_dates_must_be_iso() {
        let xml = cin_census("<Child><ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>02/01/2015</PersonBirthDate><Sex>M</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics><CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>false</ReferralNFA></CINdetails></Child>");
        let found = run(rule(RULES, "SCR-DATE"), &[("cin.xml", &xml)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field.as_deref(), Some("PersonBirthDate"));
    }

    #[test]
    fn codes_with_trailing_spaces_are_warned() {
        let csv = format!("{EPISODES_HEADER}\nA1,01/02/2024,S,C2 ,N1,U6,PR1,,,,NB1,NB2,\n");
        let found = run(rule(RULES, "SCR-SPACE"), &[("2024-25/episodes.csv", &csv)]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].field.as_deref(), found[0].value.as_deref()), (Some("LS"), Some("C2 ")));
    }

    /// The XML reader trims text, so spaces reach a census value only inside CDATA
    /// or as a character reference; a no-break space counts too.
    #[test]
    fn census_values_with_spaces_are_warned() {
        let xml = cin_census("<Child><ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-01-02</PersonBirthDate><Sex>M</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity><![CDATA[WBRI ]]></Ethnicity></ChildCharacteristics><CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>&#160;6</ReferralSource><ReferralNFA>false</ReferralNFA></CINdetails></Child>");
        let found = run(rule(RULES, "SCR-SPACE"), &[("cin.xml", &xml)]);
        let fields: Vec<_> = found.iter().map(|f| (f.field.as_deref(), f.value.as_deref())).collect();
        assert_eq!(fields, [(Some("Ethnicity"), Some("WBRI ")), (Some("ReferralSource"), Some("\u{a0}6"))]);
    }

    #[test]
    fn rows_with_the_same_text_in_other_cells_are_not_repeats() {
        let csv = format!("{HEADER_HEADER}\nA1,M,01/02/2010,WBRI,UN1,,\nA1,M,01/02/2010,WBRI,UN,1,\n");
        assert!(run(rule(RULES, "SCR-DUPROW"), &[("2024-25/header.csv", &csv)]).is_empty());
    }

    #[test]
    fn repeated_rows_are_warned_with_the_first_line() {
        let csv = format!("{HEADER_HEADER}\nA1,M,01/02/2010,WBRI,UN1,,\nA1,M,01/02/2010,WBRI,UN1,,\nA2,F,01/02/2011,WBRI,UN1,,\n");
        let found = run(rule(RULES, "SCR-DUPROW"), &[("2024-25/header.csv", &csv)]);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("line 2") && found[0].line == Some(3));
    }
}
