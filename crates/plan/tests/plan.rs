//! Imports, refusals and derived views against hand-written files.

use scrutiny_plan::views::{audit_summary, brag_summary, briefing, committee_open_actions, due_by, is_overdue, overdue_and_slipped};
use scrutiny_plan::{import_files, Brag, FileKind, Grade};
use scrutiny_store::Store;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

const ALL: &[FileKind] = &[FileKind::Plan, FileKind::Audits, FileKind::ModernGov, FileKind::Recommendations, FileKind::WorkProgramme];

/// A store with the committee, both meetings, the plan and the audits.
fn loaded(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("s.sqlite")).unwrap();
    let meetings = ["get_committees.xml", "get_meeting_4101.xml", "get_meeting_4102.xml", "recommendations.csv", "work_programme.csv"].map(fixture);
    import_files(&mut store, &meetings, ALL).unwrap().unwrap();
    import_files(&mut store, &[fixture("plan.csv"), fixture("audits.csv")], ALL).unwrap().unwrap();
    store
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn brag_history_is_never_lost_on_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = loaded(dir.path());
    let plan = std::fs::read_to_string(fixture("plan.csv")).unwrap();
    // Amber → Green, then the same file again (no change), then Green → Red.
    let green = plan.replace("Amber,2024-07-01,A. Clerk", "Green,2024-10-01,C. Manager");
    let p = write(dir.path(), "edit.csv", &green);
    import_files(&mut store, std::slice::from_ref(&p), ALL).unwrap().unwrap();
    let again = import_files(&mut store, &[p], ALL).unwrap().unwrap();
    assert_eq!(again.applied.status_changes, 0, "an unchanged status adds nothing");
    let red = plan.replace("Amber,2024-07-01,A. Clerk", "Red,2024-11-01,D. Director").replace("Clear the backlog", "Clear all the backlog");
    import_files(&mut store, &[write(dir.path(), "red.csv", &red)], ALL).unwrap().unwrap();
    let g = store.governance().unwrap();
    let a = g.actions.iter().find(|a| a.reference == "IP-01").unwrap();
    let history: Vec<(Brag, String, &str)> = a.history.iter().map(|h| (h.status, h.on.to_string(), h.by.as_str())).collect();
    assert_eq!(
        history,
        vec![(Brag::Amber, "2024-07-01".into(), "A. Clerk"), (Brag::Green, "2024-10-01".into(), "C. Manager"), (Brag::Red, "2024-11-01".into(), "D. Director")]
    );
    assert_eq!(a.description, "Clear all the backlog of assessments over 45 working days");
    // A status dated before the last change would rewrite history: refused, nothing written.
    let back = plan
        .replace("Amber,2024-07-01,A. Clerk", "Blue,2024-08-01,E. Someone")
        .replace("4102,Blue,2024-08-01,E. Someone,,", "4102,Blue,2024-08-01,E. Someone,Backlog cleared,");
    let refused = import_files(&mut store, &[write(dir.path(), "back.csv", &back)], ALL).unwrap().unwrap_err();
    assert!(refused.problems[0].message.contains("earlier than the last recorded change"), "{refused}");
    assert_eq!(refused.problems[0].line, Some(2));
    assert_eq!(store.governance().unwrap().actions.iter().find(|a| a.reference == "IP-01").unwrap().history.len(), 3);
}

#[test]
fn an_unknown_indicator_is_refused_with_a_clear_message_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = loaded(dir.path());
    let before = store.governance().unwrap();
    let plan = std::fs::read_to_string(fixture("plan.csv")).unwrap().replace("CLA-05", "CLA-99").replace("Monthly performance", "Weekly performance");
    let refused = import_files(&mut store, &[write(dir.path(), "bad.csv", &plan)], ALL).unwrap().unwrap_err();
    assert_eq!(refused.problems.len(), 1, "{refused}");
    let p = &refused.problems[0];
    assert!(p.file.ends_with("bad.csv"));
    assert_eq!(p.line, Some(4));
    assert_eq!(p.field.as_deref(), Some("indicators"));
    assert!(p.message.contains("'CLA-99' is not an indicator in the catalogue"), "{}", p.message);
    assert_eq!(store.governance().unwrap(), before, "a rejected import changes nothing, not even the rows that were fine");
}

#[test]
fn blue_needs_evidence_and_other_row_problems_are_all_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = "ref,description,owner,status,status_date,status_by,evidence,source,due,start\n\
                X1,Thing,Owner,Blue,2024-01-01,Me,,Ofsted,,\n\
                X2,Thing,Owner,Purple,01/13/2024,Me,,Ofsted,2024-01-01,2024-02-01\n";
    let refused = scrutiny_plan::read_files(&[write(dir.path(), "p.csv", text)], ALL).unwrap_err();
    let got: Vec<(Option<u32>, Option<&str>)> = refused.problems.iter().map(|p| (p.line, p.field.as_deref())).collect();
    assert_eq!(got, vec![(Some(2), Some("evidence")), (Some(3), Some("status")), (Some(3), Some("status_date")), (Some(3), Some("due"))], "{refused}");
}

#[test]
fn overdue_turns_at_the_day_boundary() {
    let dir = tempfile::tempdir().unwrap();
    let g = loaded(dir.path()).governance().unwrap();
    let ip01 = g.actions.iter().find(|a| a.reference == "IP-01").unwrap(); // due 2024-09-30, Amber
    assert!(!is_overdue(ip01, date("2024-09-30")), "due today is not overdue");
    assert!(is_overdue(ip01, date("2024-10-01")), "the day after it is");
    let ip02 = g.actions.iter().find(|a| a.reference == "IP-02").unwrap(); // Blue, due 2024-06-30
    assert!(!is_overdue(ip02, date("2025-01-01")), "Blue is never overdue");
    let flagged: Vec<(&str, Option<i64>)> = overdue_and_slipped(&g, date("2024-10-01")).iter().map(|f| (f.action.reference.as_str(), f.overdue_days)).collect();
    assert_eq!(flagged, vec![("IP-04", Some(31)), ("IP-01", Some(1))]);
    let due: Vec<&str> = due_by(&g, date("2024-09-30")).iter().map(|a| a.reference.as_str()).collect();
    assert_eq!(due, vec!["IP-04", "IP-01"]);
}

#[test]
fn a_due_date_moved_later_shows_as_slipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = loaded(dir.path());
    let plan = std::fs::read_to_string(fixture("plan.csv")).unwrap().replace("2024-05-01,2024-12-31", "2024-05-01,2025-03-31");
    import_files(&mut store, &[write(dir.path(), "slip.csv", &plan)], ALL).unwrap().unwrap();
    let g = store.governance().unwrap();
    let f = overdue_and_slipped(&g, date("2024-10-01"));
    let ip03 = f.iter().find(|f| f.action.reference == "IP-03").unwrap();
    assert_eq!((ip03.overdue_days, ip03.slipped_days), (None, Some(90)));
}

#[test]
fn audit_summary_figures_hand_checked() {
    let dir = tempfile::tempdir().unwrap();
    let g = loaded(dir.path()).governance().unwrap();
    // Q1 2024-25 holds AUD-1..4 (AUD-5 is in July). Final grades: Good, Inadequate, RI, Outstanding.
    let s = audit_summary(&g.audits, "2024-25-Q1".parse().unwrap());
    assert_eq!(s.audits, 4);
    assert_eq!(s.good_or_better, 2);
    assert_eq!(s.percent_good_or_better, Some(50.0));
    // Moderated: AUD-1 (kept Good), AUD-2 (RI → Inadequate), AUD-3 (Good → RI): 1 of 3 agreed.
    assert_eq!((s.moderated, s.moderation_agreed, s.moderated_up, s.moderated_down), (3, 1, 0, 2));
    assert!((s.percent_moderation_agreement.unwrap() - 100.0 / 3.0).abs() < 1e-9);
    let changes: Vec<(Grade, Grade, usize)> = s.changes.iter().map(|c| (c.from, c.to, c.audits)).collect();
    assert_eq!(changes, vec![(Grade::Good, Grade::RequiresImprovement, 1), (Grade::RequiresImprovement, Grade::Inadequate, 1)]);
    // Management oversight 3, voice of the child 2, planning 1.
    assert_eq!(s.themes, vec![("management oversight".to_string(), 3), ("voice of the child".to_string(), 2), ("planning".to_string(), 1)]);
    assert_eq!(s.safeguarding_concerns, 1);
    assert_eq!(s.by_grade, vec![(Grade::Outstanding, 1), (Grade::Good, 1), (Grade::RequiresImprovement, 1), (Grade::Inadequate, 1)]);
    // The year: AUD-5 raised from Inadequate to RI.
    let y = audit_summary(&g.audits, "2024-25".parse().unwrap());
    assert_eq!((y.audits, y.good_or_better, y.moderated_up), (5, 2, 1));
    assert_eq!(y.percent_good_or_better, Some(40.0));
}

#[test]
fn a_safeguarding_concern_must_name_the_manager() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("audits.csv")).unwrap().replace("yes,Head of Safeguarding", "yes,");
    let refused = scrutiny_plan::read_files(&[write(dir.path(), "a.csv", &text)], ALL).unwrap_err();
    assert_eq!(refused.problems.len(), 1);
    assert_eq!((refused.problems[0].line, refused.problems[0].field.as_deref()), (Some(3), Some("escalated_to")));
}

#[test]
fn brag_summary_briefing_and_committee_actions() {
    let dir = tempfile::tempdir().unwrap();
    let g = loaded(dir.path()).governance().unwrap();
    let rows: Vec<(usize, usize, usize, usize)> = brag_summary(&g).iter().map(|r| (r.blue, r.green, r.amber, r.red)).collect();
    assert_eq!(rows, vec![(1, 0, 0, 0), (0, 0, 1, 0), (0, 1, 0, 0), (0, 0, 0, 1)]);
    let b = briefing(&g, 4102).unwrap();
    assert_eq!(b.committee.unwrap().title, "Children and Young People Scrutiny Committee");
    assert_eq!(b.actions_due.iter().map(|a| a.reference.as_str()).collect::<Vec<_>>(), vec!["IP-01"]);
    assert_eq!(b.reports_due.iter().map(|w| w.title.as_str()).collect::<Vec<_>>(), vec!["Assessment timeliness report"]);
    assert_eq!(b.awaiting_response.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), vec!["CYP-R1"]);
    assert_eq!(b.overdue.len(), 1, "IP-01 was due 30 September, before the 14 November meeting");
    assert_eq!(committee_open_actions(&g, 301).len(), 1);
    let m = g.meetings.iter().find(|m| m.id == 4101).unwrap();
    assert_eq!(m.items[0].decision, "RESOLVED:\nThat a report on assessment timeliness come back to the next meeting.");
    assert!(m.minutes_published);
}

#[test]
fn an_action_reporting_to_an_unknown_meeting_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
    let refused = import_files(&mut store, &[fixture("plan.csv")], ALL).unwrap().unwrap_err();
    assert_eq!(refused.problems.len(), 1);
    assert_eq!((refused.problems[0].line, refused.problems[0].field.as_deref()), (Some(2), Some("report_to_meeting")));
    assert!(store.governance().unwrap().actions.is_empty());
}

#[test]
fn export_then_import_changes_nothing_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = loaded(dir.path());
    let before = store.governance().unwrap();
    for ext in ["csv", "xlsx"] {
        let plan = dir.path().join(format!("plan-out.{ext}"));
        let audits = dir.path().join(format!("audits-out.{ext}"));
        scrutiny_plan::write_sheets(&plan, &scrutiny_plan::plan_sheets(&before)).unwrap();
        scrutiny_plan::write_sheets(&audits, &scrutiny_plan::audit_sheets(&before)).unwrap();
        let done = import_files(&mut store, &[plan, audits], ALL).unwrap().unwrap();
        assert_eq!(done.applied.status_changes, 0, "{ext}");
        assert_eq!(store.governance().unwrap(), before, "{ext}");
    }
}

#[test]
fn the_diagram_names_every_status_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let g = loaded(dir.path()).governance().unwrap();
    let svg = scrutiny_plan::svg::interlink_svg(&g, &[]);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(svg.contains("<title id=\"plan-title\">") && svg.contains("<desc id=\"plan-desc\">"));
    for word in ["Blue", "Green", "Amber", "Red", "ASM-01 · not enough data"] {
        assert!(svg.contains(word), "{word}");
    }
}

#[test]
fn the_synthetic_council_governance_files_import_with_every_brag_state() {
    let dir = tempfile::tempdir().unwrap();
    let options = scrutiny_synth::Options { seed: 3, size: scrutiny_synth::Size::Small, years: 1, until: "2024-25".parse().unwrap(), error_rate: 0.0 };
    let council = scrutiny_synth::generate(&options);
    scrutiny_synth::write_council(&council, &options, dir.path()).unwrap();
    let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
    import_files(&mut store, &[dir.path().join("governance")], ALL).unwrap().unwrap();
    let g = store.governance().unwrap();
    for b in Brag::ALL {
        assert!(g.actions.iter().any(|a| a.status.status == *b), "{b:?}");
    }
    assert_eq!(g.meetings.len(), 3);
    assert_eq!(audit_summary(&g.audits, "2024-25".parse().unwrap()).audits, 24);
    assert!(!committee_open_actions(&g, 301).is_empty());
}
