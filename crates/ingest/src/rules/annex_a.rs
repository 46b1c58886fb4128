//! Checks on Ofsted ILACS Annex A lists: coded answers, identifiers, dates,
//! the look-back each list covers, and rows repeated under the keys Ofsted's
//! lists are de-duplicated by.

use super::{Context, Findings, Rule};
use crate::issue::Severity;
use crate::raw::{Cell, CsvRow, CsvTable, TableKind};
use crate::read::annex_a::{annex_sex, answer_code, normalise, normalise_onto, without_letter};
use crate::read::InputFile;
use chrono::{Months, NaiveDate};
use scrutiny_model::codes::*;
use std::collections::{BTreeMap, HashMap};

pub const RULES: &[Rule] = &[
    Rule { code: "AA-CODE", severity: Severity::Error, about: "An Annex A coded answer is not one the list allows", check: unknown_answers },
    Rule { code: "AA-DATE", severity: Severity::Error, about: "An Annex A date is not a real date", check: bad_dates },
    Rule {
        code: "AA-DOB",
        severity: Severity::Error,
        about: "An Annex A row's date of birth is after one of its events (beyond pre-birth work, or at all for care and adoption)",
        check: born_after_event,
    },
    Rule { code: "AA-DUP", severity: Severity::Warning, about: "An Annex A row repeats another under the list's de-duplication keys", check: duplicate_rows },
    Rule { code: "AA-ID", severity: Severity::Error, about: "An Annex A row has no Child Unique ID (List 11: adopter identifier)", check: missing_ids },
    Rule { code: "AA-LOOKBACK", severity: Severity::Warning, about: "An Annex A event falls outside the list's look-back", check: outside_look_back },
];

/// Every Annex A list read, with its file and list number.
fn lists<'a>(ctx: &'a Context) -> impl Iterator<Item = (&'a InputFile, &'a CsvTable, u8)> {
    ctx.other_tables.iter().filter_map(|(f, t)| match t.kind {
        TableKind::AnnexA(n) => Some((*f, *t, n)),
        _ => None,
    })
}

fn id_column(list: u8) -> &'static str {
    if list == 11 {
        "Individual adopter identifier"
    } else {
        "Child Unique ID"
    }
}

/// "List 3 (sheet 'Referrals')", for messages.
fn list_name(file: &InputFile, list: u8) -> String {
    match &file.part {
        Some(part) => format!("Annex A List {list} ({part})"),
        None => format!("Annex A List {list}"),
    }
}

fn report(f: &mut Findings, file: &InputFile, t: &CsvTable, row: &CsvRow, list: u8, field: &str, message: String) {
    let child = t.get(id_column(list))(row).trimmed().unwrap_or("").to_string();
    let value = t.get(field)(row).raw().to_string();
    f.report(file, row.line, &child, field, &value, format!("{}: {message}", list_name(file, list)));
}

const YES_NO: &[&str] = &[
    "Referral NFA?",
    "Does the Child have a Disability",
    "Disability",
    "Child Seen During Continuous Assessment",
    "Was the child assessed as requiring LA children's social care support?",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Was the Child Seen Alone?",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Is the (prospective) adopter fostering for adoption?",
];

/// Whether an answer is in a DfE code list, by its code or its words.
fn in_list<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str, text: &str) -> bool {
    let (c, words) = (answer_code(text), without_letter(text));
    all.iter().any(|x| code(*x).eq_ignore_ascii_case(c) || label(*x).eq_ignore_ascii_case(words))
}

/// `Some(valid)` for a coded column, `None` for free text, numbers and dates.
pub fn answer_ok(column: &str, text: &str) -> Option<bool> {
    Some(match column {
        "Gender" => annex_sex(text).is_some(),
        "Ethnicity" => in_list(Ethnicity::ALL, Ethnicity::code, Ethnicity::label, text),
        "Contact Source" | "Referral Source" => in_list(ReferralSource::ALL, ReferralSource::code, ReferralSource::label, text),
        "Primary Need Code" | "Child's Category of Need" => in_list(PrimaryNeed::ALL, PrimaryNeed::code, PrimaryNeed::label, text),
        "Initial Category of Abuse" | "Latest Category of Abuse" => in_list(AbuseCategory::ALL, AbuseCategory::code, AbuseCategory::label, text),
        "Reason for Closure" => in_list(ClosureReason::ALL, ClosureReason::code, ClosureReason::label, text),
        "Child's Legal Status" => in_list(LegalStatus::ALL, LegalStatus::code, LegalStatus::label, text),
        "Placement Type" => in_list(PlacementType::ALL, PlacementType::code, PlacementType::label, text),
        "Placement Provider" => in_list(PlacementProvider::ALL, PlacementProvider::code, PlacementProvider::label, text),
        "Reason Ceased to be Looked After" => in_list(ReasonEpisodeCeased::ALL, ReasonEpisodeCeased::code, ReasonEpisodeCeased::label, text),
        "LA in Touch" => in_list(InTouch::ALL, InTouch::code, InTouch::label, text),
        "Activity Status" => in_list(CareLeaverActivity::ALL, CareLeaverActivity::code, CareLeaverActivity::label, text),
        "Type of Accommodation" => in_list(AccommodationType::ALL, AccommodationType::code, AccommodationType::label, text),
        c if YES_NO.contains(&c) => matches!(answer_code(text).to_ascii_uppercase().as_str(), "Y" | "N" | "YES" | "NO"),
        _ => return None,
    })
}

fn unknown_answers(ctx: &Context, f: &mut Findings) {
    for (file, t, list) in lists(ctx) {
        for row in &t.rows {
            for (column, text) in t.columns.iter().zip(t.cells(row)) {
                let text = crate::raw::trim(text);
                if !text.is_empty() && answer_ok(column, text) == Some(false) {
                    report(
                        f,
                        file,
                        t,
                        row,
                        list,
                        column,
                        format!("'{text}' is not an answer {column} allows; use one of the list's coded answers (e.g. \"a) ...\" as in Ofsted's template)"),
                    );
                }
            }
        }
    }
}

fn missing_ids(ctx: &Context, f: &mut Findings) {
    for (file, t, list) in lists(ctx) {
        let id = t.get(id_column(list));
        for row in &t.rows {
            if !id(row).present() {
                report(f, file, t, row, list, id_column(list), format!("this row has no {}; every row must say whose it is", id_column(list)));
            }
        }
    }
}

/// Columns holding dates: Ofsted names them "Date …", "… date", or (List 9, 2024) "Latest …".
fn is_date_column(column: &str) -> bool {
    let n = normalise(column);
    (n.contains("date") && !n.starts_with("was") && !n.starts_with("is")) || n == "latestpathwayplan" || n == "latestcontact"
}

fn bad_dates(ctx: &Context, f: &mut Findings) {
    for (file, t, list) in lists(ctx) {
        let columns: Vec<usize> = (0..t.columns.len()).filter(|&i| is_date_column(&t.columns[i])).collect();
        for row in &t.rows {
            for &c in &columns {
                let v = t.val(row, Some(c));
                if v.bad_date() {
                    report(
                        f,
                        file,
                        t,
                        row,
                        list,
                        &t.columns[c],
                        format!("{} '{}' is not a real date; write it as DD/MM/YYYY or YYYY-MM-DD", t.columns[c], v.raw()),
                    );
                }
            }
        }
    }
}

/// Days before birth that pre-birth work can begin (a full-term pregnancy).
const PREGNANCY_DAYS: u64 = 280;

fn born_after_event(ctx: &Context, f: &mut Findings) {
    for (file, t, list) in lists(ctx) {
        let dob = t.get("Date of Birth");
        let events: Vec<usize> = (0..t.columns.len()).filter(|&i| is_date_column(&t.columns[i]) && t.columns[i] != "Date of Birth").collect();
        // Work before birth is real for Lists 1–7 (pre-birth contacts, assessments, plans), but not
        // more than a pregnancy before; no child is looked after or adopted before birth.
        let allowed_before_birth = if list <= 7 { chrono::Days::new(PREGNANCY_DAYS) } else { chrono::Days::new(0) };
        for row in &t.rows {
            let Some(born) = dob(row).date() else { continue };
            let earliest = events.iter().filter_map(|&c| t.val(row, Some(c)).date().map(|d| (d, c))).min();
            if let Some((date, c)) = earliest.filter(|(d, _)| d.checked_add_days(allowed_before_birth).is_some_and(|x| x < born)) {
                report(
                    f,
                    file,
                    t,
                    row,
                    list,
                    "Date of Birth",
                    format!("the date of birth {born} is after the {} ({date}); one of them is wrong", t.columns[c]),
                );
            }
        }
    }
}

/// Ofsted's de-duplication keys for each list (after the identifier).
fn dedup_keys(list: u8) -> &'static [&'static str] {
    match list {
        1 => &["Date of Contact", "Contact Source"],
        2 => &["Assessment start date"],
        3 => &["Date of referral", "Referral Source"],
        4 => &["Continuous Assessment Start Date"],
        5 => &["Strategy discussion initiating Section 47 Enquiry Start Date"],
        6 => &["CIN Start Date"],
        7 => &["Child Protection Plan Start Date"],
        8 => &["Date Started to be Looked After", "Child's Legal Status", "Placement Type", "Placement Provider", "Placement postcode"],
        10 => &["Date of Decision that Child Should be Placed for Adoption"],
        11 => &["Date enquiry received"],
        _ => &[],
    }
}

fn duplicate_rows(ctx: &Context, f: &mut Findings) {
    for (file, t, list) in lists(ctx) {
        let id = t.get(id_column(list));
        let key_columns: Vec<_> = dedup_keys(list).iter().map(|c| t.get(c)).collect();
        let mut first_seen: HashMap<String, u32, foldhash::fast::RandomState> = HashMap::default();
        let mut key = String::new();
        // Values normalised to letters and digits, so '|' keeps them apart.
        let add = |value: Cell, key: &mut String| {
            if let Some(text) = value.trimmed() {
                normalise_onto(answer_code(text), key);
            }
        };
        for row in &t.rows {
            key.clear();
            add(id(row), &mut key);
            if key.is_empty() {
                continue;
            }
            for value in &key_columns {
                key.push('|');
                add(value(row), &mut key);
            }
            match first_seen.get(key.as_str()) {
                Some(line) => report(
                    f,
                    file,
                    t,
                    row,
                    list,
                    id_column(list),
                    format!("this row repeats row {line} under the list's keys ({}); remove one", dedup_keys(list).join(", ")),
                ),
                None => {
                    first_seen.insert(key.clone(), row.line);
                }
            }
        }
    }
}

/// The date each list's look-back is judged by (Ofsted's index dates); List 9 has none.
fn index_columns(list: u8) -> &'static [&'static str] {
    match list {
        1 => &["Date of Contact"],
        2 => &["Assessment completion date"],
        3 => &["Date of referral"],
        4 => &["Continuous Assessment Date of Authorisation"],
        5 => &["Strategy discussion initiating Section 47 Enquiry Start Date"],
        6 => &["CIN Closure Date"],
        7 => &["Child Protection Plan End Date"],
        8 => &["Date Ceased to be Looked After"],
        10 => &[
            "Date of Decision that Child Should be Placed for Adoption",
            "Date of Adoption Order",
            "Date of Decision that Child Should No Longer be Placed for Adoption",
        ],
        _ => &[],
    }
}

/// A row's latest index date (an open case has none and is always in scope).
/// An adopter is in scope when any stage of theirs falls in the look-back.
fn index_date(t: &CsvTable, row: &CsvRow, list: u8) -> Option<NaiveDate> {
    if list == 11 {
        return (0..t.columns.len()).filter(|&c| is_date_column(&t.columns[c])).filter_map(|c| t.val(row, Some(c)).date()).max();
    }
    index_columns(list).iter().filter_map(|c| t.get(c)(row).date()).max()
}

fn outside_look_back(ctx: &Context, f: &mut Findings) {
    // The inspection date: the end of the file's collection year, else the latest event in the file.
    let mut latest: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for (file, t, list) in lists(ctx) {
        for row in &t.rows {
            if let Some(d) = index_date(t, row, list) {
                let e = latest.entry(file.path.as_str()).or_insert(d);
                *e = (*e).max(d);
            }
        }
    }
    for (file, t, list) in lists(ctx) {
        let Some(asked) = file.year.map(|y| y.end()).or_else(|| latest.get(file.path.as_str()).copied()) else { continue };
        let months = if list >= 10 { 12 } else { 6 };
        let Some(from) = asked.checked_sub_months(Months::new(months)) else { continue };
        for row in &t.rows {
            if let Some(d) = index_date(t, row, list).filter(|d| *d < from) {
                let column = t.columns.iter().find(|c| is_date_column(c) && t.get(c)(row).date() == Some(d)).map_or("", String::as_str);
                report(
                    f,
                    file,
                    t,
                    row,
                    list,
                    column,
                    format!("{d} is before the list's {months}-month look-back (from {from} to {asked}); leave the row out or check the date"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{rule, run};

    const L1: &str = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source";

    fn list1(rows: &[&str]) -> String {
        format!("{L1}\n{}\n", rows.join("\n"))
    }

    fn findings(code: &str, files: &[(&str, &str)]) -> Vec<crate::Issue> {
        run(rule(RULES, code), files)
    }

    #[test]
    fn unknown_coded_answers() {
        let text = list1(&["A1,a) Male,a) WBRI,01/01/2015,9,01/02/2025,a) 1A: Individual", "A2,z) Boy,WXYZ,01/01/2015,9,01/02/2025,9Z"]);
        let found = findings("AA-CODE", &[("2024-25/annex_a_list_1.csv", &text)]);
        let fields: Vec<_> = found.iter().map(|i| (i.child.as_deref().unwrap(), i.field.as_deref().unwrap(), i.line)).collect();
        assert_eq!(fields, [("A2", "Gender", Some(3)), ("A2", "Ethnicity", Some(3)), ("A2", "Contact Source", Some(3))]);
        assert!(found[0].message.starts_with("Annex A List 1: 'z) Boy'"), "{}", found[0].message);
        assert_eq!(answer_ok("Was the Child Seen Alone?", "b) No"), Some(true));
        assert_eq!(answer_ok("Child's Legal Status", "C2"), Some(true));
        assert_eq!(answer_ok("Allocated Worker", "anything"), None);
    }

    #[test]
    fn missing_child_id() {
        let found = findings("AA-ID", &[("l1.csv", &list1(&["A1,a) Male,a) WBRI,01/01/2015,9,01/02/2025,1A", ",a) Male,a) WBRI,01/01/2015,9,01/02/2025,1A"]))]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].field.as_deref()), (Some(3), Some("Child Unique ID")));
    }

    #[test]
    fn dates_that_are_not_dates() {
        let found = findings("AA-DATE", &[("l1.csv", &list1(&["A1,a) Male,a) WBRI,31/02/2015,9,01/02/2025,1A", "A2,a) Male,a) WBRI,2015-01-01,9,soon,1A"]))]);
        let fields: Vec<_> = found.iter().map(|i| (i.child.as_deref().unwrap(), i.field.as_deref().unwrap())).collect();
        assert_eq!(fields, [("A1", "Date of Birth"), ("A2", "Date of Contact")]);
    }

    #[test]
    fn born_after_the_event() {
        let rows =
            ["A1,a) Male,a) WBRI,01/03/2025,0,01/02/2024,1A", "A2,a) Male,a) WBRI,01/01/2025,0,01/02/2025,1A", "A3,a) Male,a) WBRI,01/03/2025,0,01/02/2025,1A"];
        let found = findings("AA-DOB", &[("l1.csv", &list1(&rows))]);
        assert_eq!(found.iter().map(|i| i.child.as_deref().unwrap()).collect::<Vec<_>>(), ["A1"], "a contact a month before birth is pre-birth work");
        assert!(found[0].message.contains("Date of Contact"), "{}", found[0].message);
        let l8 = "Child Unique ID,Date of Birth,Date Started to be Looked After\nB1,01/03/2025,01/02/2025\n";
        assert_eq!(findings("AA-DOB", &[("l8.csv", l8)]).len(), 1, "no child is looked after before birth");
    }

    #[test]
    fn events_before_the_look_back() {
        let rows = ["A1,a) Male,a) WBRI,01/01/2015,9,01/02/2025,1A", "A2,a) Male,a) WBRI,01/01/2015,9,01/08/2024,1A"];
        let found = findings("AA-LOOKBACK", &[("2024-25/l1.csv", &list1(&rows))]);
        assert_eq!(found.iter().map(|i| i.child.as_deref().unwrap()).collect::<Vec<_>>(), ["A2"], "look-back from 30/09/2024 to 31/03/2025");
        // Adoption (List 10) looks back twelve months; without a year the latest event stands for the inspection date.
        let l10 = "Child Unique ID,Date of Birth,Date of Decision that Child Should be Placed for Adoption\nB1,01/01/2020,01/05/2024\nB2,01/01/2020,01/03/2025\nB3,01/01/2020,01/02/2024\n";
        let found = findings("AA-LOOKBACK", &[("l10.csv", l10)]);
        assert_eq!(found.iter().map(|i| i.child.as_deref().unwrap()).collect::<Vec<_>>(), ["B3"]);
    }

    #[test]
    fn duplicates_by_the_lists_keys() {
        let rows = [
            "A1,a) Male,a) WBRI,01/01/2015,9,01/02/2025,a) 1A: Individual",
            "A1,a) Male,a) WBRI,01/01/2015,10,01/02/2025,1A",
            "A1,a) Male,a) WBRI,01/01/2015,9,02/02/2025,1A",
        ];
        let found = findings("AA-DUP", &[("l1.csv", &list1(&rows))]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(3));
        assert!(found[0].message.contains("row 2"), "{}", found[0].message);
    }

    /// Run together, "01/02/20251" then "1A" and "01/02/2025" then "11A" would read the same.
    #[test]
    fn keys_that_would_run_together_are_kept_apart() {
        let rows = ["A1,a) Male,a) WBRI,01/01/2015,9,01/02/20251,1A", "A1,a) Male,a) WBRI,01/01/2015,9,01/02/2025,11A", ",a) Male,a) WBRI,01/01/2015,9,,"];
        assert!(findings("AA-DUP", &[("l1.csv", &list1(&rows))]).is_empty());
    }
}
