//! Ofsted ILACS Annex A lists as a council would send them to inspectors at
//! the end of a year: coded answers with their letters ("a) Male"), workers
//! and teams by name, one CSV per list and the same lists as one workbook.

use crate::tables::Table;
use crate::write::dmy;
use chrono::{Datelike, Months, NaiveDate};
use scrutiny_model::codes::*;
use scrutiny_model::formats;
use scrutiny_model::*;

const COMMON: [&str; 5] = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"];
const DISABILITY: &str = "Does the Child have a Disability";

fn list(number: u8, columns: &[&'static str]) -> Table {
    Table::new(format!("annex_a/annex_a_list_{number}.csv"), columns)
}

/// A row with the common columns and the named values; columns not named stay empty.
fn put(t: &mut Table, c: &Child, on: NaiveDate, values: Vec<(&str, String)>) {
    let mut cells = vec![String::new(); t.columns.len()];
    for (name, v) in COMMON.into_iter().zip(common(c, on)).chain(values) {
        cells[t.column(name)] = v;
    }
    t.push(&c.id, cells);
}

fn opt_dmy(d: Option<NaiveDate>) -> String {
    d.map(dmy).unwrap_or_default()
}

/// "a) …", "b) …": Annex A's lettered answers, lettered by position in the list.
fn lettered(position: usize, text: &str) -> String {
    format!("{}) {text}", (b'a' + (position % 26) as u8) as char)
}

fn yes_no(b: bool) -> String {
    if b { "a) Yes" } else { "b) No" }.to_string()
}

fn position<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|y| y == x).unwrap_or(0)
}

fn common(c: &Child, on: NaiveDate) -> Vec<String> {
    let gender = match c.sex {
        Sex::Male => "a) Male",
        Sex::Female => "b) Female",
        Sex::Unknown => "c) Not stated/recorded",
    };
    vec![
        c.id.clone(),
        gender.into(),
        lettered(position(Ethnicity::ALL, &c.ethnicity), c.ethnicity.code()),
        opt_dmy(c.birth_date),
        c.age_on(on).map(|a| a.to_string()).unwrap_or_default(),
    ]
}

fn source(s: ReferralSource) -> String {
    lettered(position(ReferralSource::ALL, &s), &format!("{}: {}", s.code(), s.label()))
}

/// The child's latest allocation overlapping the look-back, by team and worker name.
fn allocated(c: &Child, dataset: &Dataset, from: NaiveDate, to: NaiveDate) -> [String; 2] {
    let Some(a) = c.allocations.iter().rev().find(|a| a.start <= to && a.end.is_none_or(|e| e >= from)) else { return [String::new(), String::new()] };
    let team = dataset.team(&a.team).map_or(a.team.clone(), |t| t.name.clone());
    let worker = dataset.worker(&a.worker).map_or(a.worker.clone(), |w| w.name.clone());
    [team, worker]
}

/// Lists 1, 3–10 as at `on` (the end of the latest year), each covering its look-back.
pub fn annex_a_tables(children: &[Child], dataset: &Dataset, on: NaiveDate) -> Vec<Table> {
    let from = on.checked_sub_months(Months::new(6)).expect("a date six months back");
    let year_ago = on.checked_sub_months(Months::new(12)).expect("a date a year back");
    let recent = |d: NaiveDate| d >= from && d <= on;
    let (mut contacts, mut referrals, mut in_need) = (list(1, formats::ANNEX_A_LIST_1), list(3, formats::ANNEX_A_LIST_3), list(6, formats::ANNEX_A_LIST_6));
    let (mut protection, mut in_care, mut leavers) = (list(7, formats::ANNEX_A_LIST_7), list(8, formats::ANNEX_A_LIST_8), list(9, formats::ANNEX_A_LIST_9));
    let (mut assessments, mut enquiries, mut adoptions) =
        (list(4, formats::ANNEX_A_LIST_4), list(5, formats::ANNEX_A_LIST_5), list(10, formats::ANNEX_A_LIST_10));
    for c in children {
        let disabled = yes_no(c.disabilities.iter().any(|d| *d != Disability::None));
        // One row a day and source: the list's keys, which Ofsted reads a second row under as a copy.
        let mut listed = std::collections::BTreeSet::new();
        for x in c.contacts.iter().filter(|x| recent(x.date) && listed.insert((x.date, x.source.code()))) {
            put(&mut contacts, c, on, vec![("Date of Contact", dmy(x.date)), ("Contact Source", source(x.source))]);
        }
        for r in c.referrals.iter().filter(|r| recent(r.date)) {
            let in_year = c.referrals.iter().filter(|x| x.date > year_ago && x.date <= on).count();
            let [team, worker] = allocated(c, dataset, r.date, on);
            let values = vec![
                ("Date of referral", dmy(r.date)),
                ("Referral Source", source(r.source)),
                ("Referral NFA?", yes_no(r.nfa)),
                ("Number of Referrals in Last 12 Months", in_year.to_string()),
                ("Allocated Team", team),
                ("Allocated Worker", worker),
            ];
            put(&mut referrals, c, on, values);
        }
        // Assessments authorised in the look-back or still open, with what followed them.
        for r in c.referrals.iter().filter(|r| r.date <= on) {
            for a in r.assessments.iter().filter(|a| a.start <= on && a.authorised.is_none_or(recent)) {
                let needs_support = a.authorised.map(|_| {
                    let after = |d: NaiveDate| d >= a.start && d <= on;
                    yes_no(r.cin_plans.iter().any(|p| after(p.start)) || r.cp_plans.iter().any(|p| after(p.start)))
                });
                let seen = c.visits.iter().any(|v| v.seen && v.date >= a.start && v.date <= a.authorised.unwrap_or(on));
                let [team, worker] = allocated(c, dataset, a.start, on);
                let values = vec![
                    (DISABILITY, disabled.clone()),
                    ("Continuous Assessment Start Date", dmy(a.start)),
                    ("Child Seen During Continuous Assessment", yes_no(seen)),
                    ("Continuous Assessment Date of Authorisation", opt_dmy(a.authorised)),
                    ("Was the child assessed as requiring LA children's social care support?", needs_support.unwrap_or_default()),
                    ("Allocated Team", team),
                    ("Allocated Worker", worker),
                ];
                put(&mut assessments, c, on, values);
            }
            // Enquiries whose strategy discussion was in the look-back.
            for s in r.section47s.iter().filter(|s| recent(s.start)) {
                let in_year = |d: NaiveDate| d > year_ago && d <= on;
                let enquiries_in_year = c.referrals.iter().flat_map(|r| &r.section47s).filter(|x| in_year(x.start)).count();
                let icpcs_in_year = c.referrals.iter().flat_map(|r| &r.section47s).filter_map(|x| x.icpc_date).filter(|d| in_year(*d)).count();
                let plan = s.icpc_date.map(|d| yes_no(r.cp_plans.iter().any(|p| p.start == d)));
                let [team, worker] = allocated(c, dataset, s.start, on);
                let values = vec![
                    (DISABILITY, disabled.clone()),
                    ("Strategy discussion initiating Section 47 Enquiry Start Date", dmy(s.start)),
                    ("Was an Initial Child Protection Conference deemed unnecessary?", yes_no(s.icpc_not_required)),
                    ("Date of Initial Child Protection Conference", opt_dmy(s.icpc_date)),
                    ("Did the Initial Child Protection Conference Result in a Child Protection Plan", plan.unwrap_or_default()),
                    ("Number of Section 47 Enquiries in the last 12 months", enquiries_in_year.to_string()),
                    ("Number of ICPCs in the last 12 months", icpcs_in_year.to_string()),
                    ("Allocated Team", team),
                    ("Allocated Worker", worker),
                ];
                put(&mut enquiries, c, on, values);
            }
        }
        // Adoptions decided, made or given up in the twelve-month look-back.
        if let Some(a) =
            c.adoption.as_ref().filter(|a| [Some(a.decision), a.adopted, a.decision_reversed].into_iter().flatten().any(|d| d > year_ago && d <= on))
        {
            let entered = c.periods_of_care().iter().rfind(|p| p.start() <= a.decision).map(|p| p.start());
            let values = vec![
                ("Family identifier", c.family_id.clone().unwrap_or_default()),
                (DISABILITY, disabled.clone()),
                ("Date the Child Entered Care", opt_dmy(entered)),
                ("Date of Decision that Child Should be Placed for Adoption", dmy(a.decision)),
                ("Date of Placement Order", opt_dmy(a.placement_order)),
                ("Date of Matching Child and Prospective Adopters", opt_dmy(a.matched)),
                ("Date Placed for Adoption", opt_dmy(a.placed)),
                ("Date of Adoption Order", opt_dmy(a.adopted)),
                ("Date of Decision that Child Should No Longer be Placed for Adoption", opt_dmy(a.decision_reversed)),
                ("Reason Why Child No Longer Placed for Adoption", a.reversed_reason.map(|r| r.code().to_string()).unwrap_or_default()),
            ];
            put(&mut adoptions, c, on, values);
        }
        for r in c.referrals.iter().filter(|r| r.date <= on && r.closure_date.is_none_or(recent) && !r.nfa) {
            let status = if c.is_looked_after_on(on) {
                "a) Looked after child"
            } else if r.cp_plans.iter().any(|p| p.end.is_none()) {
                "b) Child Protection plan"
            } else if r.cin_plans.iter().any(|p| p.end.is_none()) {
                "c) CIN plan"
            } else if r.closure_date.is_some() {
                "e) Closed episode"
            } else {
                "d) Open assessment"
            };
            let [team, worker] = allocated(c, dataset, from, on);
            let seen = c.visits.iter().filter(|v| v.seen && v.date <= on && v.date >= r.date).map(|v| v.date).max();
            let values = vec![
                (DISABILITY, disabled.clone()),
                ("CIN Start Date", dmy(r.date)),
                ("Primary Need Code", r.primary_need.map(|n| format!("{} - {}", n.code(), n.label())).unwrap_or_default()),
                ("Date Child Was Last Seen", opt_dmy(seen)),
                ("CIN Closure Date", opt_dmy(r.closure_date)),
                ("Reason for Closure", r.closure_reason.map(|x| x.code().to_string()).unwrap_or_default()),
                ("Case Status", status.into()),
                ("Allocated Team", team),
                ("Allocated Worker", worker),
            ];
            put(&mut in_need, c, on, values);
        }
        for p in c.referrals.iter().flat_map(|r| &r.cp_plans).filter(|p| p.start <= on && p.end.is_none_or(recent)) {
            let until = p.end.unwrap_or(on);
            let last = c.visits.iter().rfind(|v| v.kind == VisitKind::ChildProtection && v.seen && v.date >= p.start && v.date <= until);
            let [team, worker] = allocated(c, dataset, from, on);
            let category = |a: AbuseCategory| lettered(position(AbuseCategory::ALL, &a), a.label());
            let values = vec![
                (DISABILITY, disabled.clone()),
                ("Child Protection Plan Start Date", dmy(p.start)),
                ("Initial Category of Abuse", category(p.initial_category)),
                ("Latest Category of Abuse", category(p.latest_category)),
                ("Date of the Last Statutory Visit", opt_dmy(last.map(|v| v.date))),
                ("Was the Child Seen Alone?", last.map(|v| yes_no(v.seen_alone)).unwrap_or_default()),
                ("Date of latest review conference", opt_dmy(p.reviews.iter().copied().filter(|d| *d <= until).max())),
                ("Child Protection Plan End Date", opt_dmy(p.end)),
                ("Number of Previous Child Protection Plans", p.previous_plans.to_string()),
                ("Allocated Team", team),
                ("Allocated Worker", worker),
            ];
            put(&mut protection, c, on, values);
        }
        for period in c.periods_of_care().iter().filter(|p| p.start() <= on && p.end().is_none_or(recent)) {
            let Some(latest) = period.episodes.last() else { continue };
            let until = period.end().unwrap_or(on);
            let last_of = |dates: &mut dyn Iterator<Item = NaiveDate>| opt_dmy(dates.filter(|d| *d >= period.start() && *d <= until).max());
            let health = |kind: HealthCheckKind| last_of(&mut c.health_checks.iter().filter(|h| h.kind == kind && h.completed).map(|h| h.date));
            // Return interviews are given for the latest missing episode, when it falls in the look-back.
            let missing = c.missing_episodes.iter().rfind(|m| m.kind == MissingType::Missing && m.start <= on).filter(|m| recent(m.start));
            let rhi = |x: Option<Option<bool>>| x.flatten().map(yes_no).unwrap_or_default();
            let count = |kind: MissingType| c.missing_episodes.iter().filter(|m| m.kind == kind && m.start > year_ago && m.start <= on).count().to_string();
            let [team, worker] = allocated(c, dataset, from, on);
            let values = vec![
                (DISABILITY, disabled.clone()),
                ("Date Started to be Looked After", dmy(period.start())),
                ("Child's Category of Need", latest.need.code().into()),
                ("Child's Legal Status", latest.legal_status.code().into()),
                ("Date of Latest Statutory Review", last_of(&mut c.cla_reviews.iter().map(|r| r.date))),
                ("Date of Last Social Work Visit", last_of(&mut c.visits.iter().filter(|v| v.kind == VisitKind::LookedAfter).map(|v| v.date))),
                ("Date of Last Health Assessment", health(HealthCheckKind::HealthAssessment)),
                ("Date of Last Dental Check", health(HealthCheckKind::DentalCheck)),
                ("Date Ceased to be Looked After", opt_dmy(period.end())),
                ("Reason Ceased to be Looked After", period.reason_ceased().map(|r| r.code().to_string()).unwrap_or_default()),
                ("Start Date of Most Recent Placement", dmy(latest.start)),
                ("Placement Type", latest.placement.code().into()),
                ("Placement Provider", latest.provider.map(|p| p.code().to_string()).unwrap_or_default()),
                ("Placement postcode", latest.placement_postcode.clone().unwrap_or_default()),
                ("URN of Placement", latest.urn.clone().unwrap_or_default()),
                ("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months", count(MissingType::Missing)),
                ("Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months", count(MissingType::Away)),
                ("Was the child offered a Return Interview after their last missing episode (Y/N)?", rhi(missing.map(|m| m.return_interview_offered))),
                ("Did the child accept a Return Interview after their last missing episode (Y/N)?", rhi(missing.map(|m| m.return_interview_accepted))),
                ("Allocated Team", team),
                ("Allocated Worker", worker),
            ];
            put(&mut in_care, c, on, values);
        }
        // The care leaver's record for the birthday in the year to `on`, as the SSD extract holds it.
        if let Some(r) = c.care_leaver_records.iter().rfind(|r| r.birthday > year_ago && r.birthday <= on) {
            let adviser = r.personal_adviser.as_deref().map(|w| dataset.worker(w).map_or(w.to_string(), |x| x.name.clone())).unwrap_or_default();
            let values = vec![
                (DISABILITY, disabled.clone()),
                ("Eligibility Category", if c.is_looked_after_on(r.birthday) { "a) Relevant" } else { "b) Former relevant" }.into()),
                ("LA in Touch", lettered(position(InTouch::ALL, &r.in_touch), r.in_touch.code())),
                ("Type of Accommodation", r.accommodation.map(|a| a.code().to_string()).unwrap_or_default()),
                (
                    "Suitability of Accommodation",
                    r.accommodation_suitable.map(|s| if s { "a) Suitable" } else { "b) Unsuitable" }.to_string()).unwrap_or_default(),
                ),
                ("Activity Status", r.activity.map(|a| a.code().to_string()).unwrap_or_default()),
                ("Allocated Personal Advisor", adviser),
                ("Latest Pathway Plan", opt_dmy(r.pathway_plan_review)),
                ("Latest Contact", opt_dmy(r.latest_contact)),
            ];
            put(&mut leavers, c, on, values);
        }
    }
    vec![contacts, referrals, assessments, enquiries, in_need, protection, in_care, leavers, adoptions]
}

/// The same lists as one workbook, a sheet per list, dates as Excel dates.
pub fn annex_a_workbook(tables: &[Table], on: NaiveDate) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    // A fixed creation time keeps the file the same for the same seed.
    let created = ExcelDateTime::from_ymd(on.year() as u16, on.month() as u8, on.day() as u8)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for t in tables {
        let list = t.file.trim_end_matches(".csv").rsplit('_').next().unwrap_or("");
        let sheet = book.add_worksheet();
        sheet.set_name(format!("List {list}"))?;
        for (col, name) in t.columns.iter().enumerate() {
            sheet.write_string(0, col as u16, *name)?;
        }
        for (i, row) in t.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (col, text) in row.cells.iter().enumerate() {
                let col = col as u16;
                match (NaiveDate::parse_from_str(text, "%d/%m/%Y"), text.parse::<f64>()) {
                    (Ok(d), _) => {
                        let when = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                        sheet.write_datetime_with_format(r, col, &when, &date_format)?;
                    }
                    (_, Ok(n)) if !text.starts_with('0') || text == "0" => {
                        sheet.write_number(r, col, n)?;
                    }
                    _ if !text.is_empty() => {
                        sheet.write_string(r, col, text)?;
                    }
                    _ => {}
                }
            }
        }
    }
    book.save_to_buffer()
}
