//! The demo council's improvement plan, practice audit sample and its
//! scrutiny committee's meetings, in the files a council keeps beside its
//! returns (`governance/`): ModernGov web-service XML for committees and
//! meetings, CSV for the plan, audits, recommendations and work programme.
//! Everyone named is invented; children are referred to by id only.

use crate::rng::Rng;
use crate::Options;
use chrono::{Datelike, Duration, NaiveDate};

const COMMITTEE: i64 = 301;
const COMMITTEE_TITLE: &str = "Children and Young People Scrutiny Committee";

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(header: &str, rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = format!("{header}\n");
    for r in rows {
        out.push_str(&r.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out.into_bytes()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

struct Meeting {
    id: i64,
    date: NaiveDate,
    items: Vec<(i64, &'static str, &'static str)>,
}

fn meeting_xml(m: &Meeting, published: bool) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<getmeeting>\n  <meeting>\n");
    out.push_str(&format!(
        "    <meetingid>{}</meetingid>\n    <meetingdate>{}</meetingdate>\n    <meetingtime>18:00</meetingtime>\n    <committeeid>{COMMITTEE}</committeeid>\n    <committeetitle>{COMMITTEE_TITLE}</committeetitle>\n    <meetingstatus>Confirmed</meetingstatus>\n    <minutepublished>{}</minutepublished>\n    <agendaitems>\n",
        m.id,
        m.date.format("%d/%m/%Y"),
        if published { "True" } else { "False" }
    ));
    for (n, (id, title, minutes)) in m.items.iter().enumerate() {
        out.push_str(&format!(
            "      <agendaitem>\n        <agendaitemid>{id}</agendaitemid>\n        <agendaitemnumber>{}</agendaitemnumber>\n        <agendaitemtitle>{}</agendaitemtitle>\n",
            n + 4,
            xml_escape(title)
        ));
        if published && !minutes.is_empty() {
            out.push_str(&format!("        <minutesnonemptyhtmlbody>{}</minutesnonemptyhtmlbody>\n", xml_escape(minutes)));
        }
        out.push_str("      </agendaitem>\n");
    }
    out.push_str("    </agendaitems>\n  </meeting>\n</getmeeting>\n");
    out.into_bytes()
}

/// The files, named relative to `governance/`, for the last year written.
pub(crate) fn files(options: &Options) -> Vec<(String, Vec<u8>)> {
    let start = options.until.start();
    let y = start.year();
    let mut rng = Rng::new(options.seed ^ 0x6F7E_12A5);
    let meetings = [
        Meeting {
            id: 4101,
            date: ymd(y, 9, 18),
            items: vec![
                (9001, "Children's social care performance, quarter 1", "<p>RESOLVED:</p><p>1. That the performance report be noted.</p><p>2. That a report on assessment timeliness come back to the committee in January.</p>"),
                (9002, "Ofsted focused visit: improvement plan", "<p>RESOLVED: That the committee receive the improvement plan's BRAG status at each meeting.</p>"),
            ],
        },
        Meeting {
            id: 4102,
            date: ymd(y + 1, 1, 22),
            items: vec![
                (9011, "Assessment timeliness: report back", "<p>RESOLVED: That the Cabinet Member be asked to review social worker recruitment and retention.</p>"),
                (9012, "Care leavers' accommodation", "<p>RECOMMENDED: That the Corporate Parenting Board review the supply of supported lodgings.</p>"),
            ],
        },
        Meeting { id: 4103, date: ymd(y + 1, 3, 19), items: vec![(9021, "Improvement plan: progress", ""), (9022, "Workforce: recruitment and retention", "")] },
    ];
    let mut out = Vec::new();
    out.push((
        "committees.xml".to_string(),
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<committees>\n  <committee>\n    <committeeid>{COMMITTEE}</committeeid>\n    <committeetitle>{COMMITTEE_TITLE}</committeetitle>\n  </committee>\n</committees>\n").into_bytes(),
    ));
    for m in &meetings {
        out.push((format!("meeting_{}.xml", m.id), meeting_xml(m, m.id != 4103)));
    }
    out.push((
        "recommendations.csv".to_string(),
        csv(
            "ref,meeting_id,agenda_item_id,kind,text,to_whom,response,status",
            &[
                vec![
                    "CYP-R1".into(),
                    "4101".into(),
                    "9001".into(),
                    "Resolution".into(),
                    "Report on assessment timeliness to the January meeting".into(),
                    "Director of Children's Services".into(),
                    "Report presented on 22 January".into(),
                    "Implemented".into(),
                ],
                vec![
                    "CYP-R2".into(),
                    "4102".into(),
                    "9011".into(),
                    "Resolution".into(),
                    "Review social worker recruitment and retention".into(),
                    "Cabinet Member for Children".into(),
                    String::new(),
                    "Awaiting response".into(),
                ],
                vec![
                    "CYP-R3".into(),
                    "4102".into(),
                    "9012".into(),
                    "Recommendation".into(),
                    "Review the supply of supported lodgings for care leavers".into(),
                    "Corporate Parenting Board".into(),
                    "Accepted: review under way".into(),
                    "Accepted".into(),
                ],
            ],
        ),
    ));
    out.push((
        "work_programme.csv".to_string(),
        csv(
            "committee_id,title,meeting_id,lead",
            &[
                vec![COMMITTEE.to_string(), "Improvement plan progress".into(), "4103".into(), "Director of Children's Services".into()],
                vec![COMMITTEE.to_string(), "Workforce strategy update".into(), "4103".into(), "Head of Workforce".into()],
                vec![COMMITTEE.to_string(), "Annual report of the Independent Reviewing Officers".into(), String::new(), "Head of Quality Assurance".into()],
            ],
        ),
    ));

    // Themes are the ILACS areas the store starts with.
    let leaders = "The impact of leaders on social work practice with children and families";
    let help = "The experiences and progress of children who need help and protection";
    let care = "The experiences and progress of children in care";
    let leavers = "The experiences and progress of care leavers";
    let d = |m: u32, day: u32| if m >= 4 { ymd(y, m, day) } else { ymd(y + 1, m, day) };
    // (ref, theme, description, owner, start, due, meeting, status, status date, evidence, indicators, source, source ref)
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        NaiveDate,
        NaiveDate,
        &'static str,
        &'static str,
        NaiveDate,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );
    let plan: Vec<Row> = vec![
        (
            "IP-01",
            leaders,
            "Monthly performance clinics with every team manager",
            "Service Director, Safeguarding",
            d(4, 1),
            d(7, 31),
            "",
            "Blue",
            d(8, 5),
            "Clinic notes for all teams since May; exception lists cleared faster",
            "ASM-02; CP-09",
            "Ofsted",
            "Focused visit rec 1",
        ),
        (
            "IP-02",
            leaders,
            "Recruit permanent social workers to reduce agency reliance",
            "Head of Workforce",
            d(4, 1),
            d(3, 31),
            "4103",
            "Amber",
            d(1, 10),
            "",
            "WF-02; WF-03",
            "Committee resolution",
            "CYP-R2",
        ),
        (
            "IP-03",
            leaders,
            "Caseload cap of 20 in assessment teams",
            "Head of Assessment",
            d(6, 1),
            d(12, 31),
            "",
            "Red",
            d(1, 6),
            "",
            "WF-05; WF-06",
            "Peer review",
            "PR-2",
        ),
        (
            "IP-04",
            help,
            "Clear assessments open past 45 working days",
            "Head of Assessment",
            d(4, 15),
            d(10, 31),
            "4102",
            "Green",
            d(10, 1),
            "",
            "ASM-02; ASM-03",
            "Ofsted",
            "Focused visit rec 2",
        ),
        (
            "IP-05",
            help,
            "Initial child protection conferences within 15 working days",
            "Head of Safeguarding",
            d(5, 1),
            d(11, 30),
            "4103",
            "Amber",
            d(12, 2),
            "",
            "CP-02",
            "Self-assessment",
            "SEF 2",
        ),
        (
            "IP-06",
            help,
            "Reduce re-referrals through step-down to early help",
            "Head of Early Help",
            d(6, 1),
            d(2, 28),
            "",
            "Green",
            d(11, 14),
            "",
            "REF-03",
            "Indicator exception",
            "REF-03",
        ),
        (
            "IP-07",
            care,
            "Statutory visits to children in care on time",
            "Head of Children in Care",
            d(4, 1),
            d(9, 30),
            "",
            "Blue",
            d(10, 20),
            "Visits on time rose each month since June (dashboard); audit sample confirms",
            "CLA-07",
            "Ofsted",
            "Focused visit rec 3",
        ),
        (
            "IP-08",
            care,
            "Placement sufficiency plan: more local foster carers",
            "Head of Placements",
            d(7, 1),
            d(3, 31),
            "4103",
            "Amber",
            d(1, 20),
            "",
            "CLA-05; CLA-13",
            "Peer review",
            "PR-4",
        ),
        (
            "IP-09",
            care,
            "Personal education plans completed each term",
            "Virtual School Head",
            d(9, 1),
            d(12, 15),
            "",
            "Red",
            d(12, 18),
            "",
            "CLA-10",
            "Audit finding",
            "AUD-0007",
        ),
        (
            "IP-10",
            leavers,
            "Pathway plans reviewed every six months",
            "Head of Leaving Care",
            d(5, 1),
            d(11, 30),
            "4102",
            "Green",
            d(9, 30),
            "",
            "CL-04",
            "Self-assessment",
            "SEF 5",
        ),
        (
            "IP-11",
            leavers,
            "Supported lodgings for care leavers",
            "Head of Leaving Care",
            d(2, 1),
            ymd(y + 1, 6, 30),
            "4103",
            "Green",
            d(2, 3),
            "",
            "CL-02",
            "Committee resolution",
            "CYP-R3",
        ),
    ];
    let owners_by = ["Performance Officer", "Improvement Lead", "Business Support Officer"];
    let rows: Vec<Vec<String>> = plan
        .iter()
        .map(|p| {
            vec![
                p.0.into(),
                p.1.into(),
                p.2.into(),
                p.3.into(),
                p.4.to_string(),
                p.5.to_string(),
                p.6.into(),
                p.7.into(),
                p.8.to_string(),
                rng.pick(&owners_by).to_string(),
                p.9.into(),
                p.10.into(),
                p.11.into(),
                p.12.into(),
            ]
        })
        .collect();
    out.push((
        "improvement_plan.csv".to_string(),
        csv("ref,theme,description,owner,start,due,report_to_meeting,status,status_date,status_by,evidence,indicators,source,source_ref", &rows),
    ));

    // A sample of six case audits a quarter, graded as English councils' audits typically are.
    let teams = ["Assessment 1", "Assessment 2", "Safeguarding East", "Safeguarding West", "Children in Care 1", "Leaving Care"];
    let auditors = ["Auditor Ashby", "Auditor Brook", "Auditor Carver", "Auditor Dale"];
    let moderators = ["Principal Social Worker", "Head of Quality Assurance"];
    let themes = ["voice of the child", "management oversight", "planning", "recording", "multi-agency working", "timeliness", "direct work"];
    let grades = [("Outstanding", 0.06), ("Good", 0.44), ("Requires improvement", 0.38), ("Inadequate", 0.12)];
    let domains = ["voice of the child", "assessment", "planning", "management oversight"];
    let mut rows = Vec::new();
    for n in 0..24u32 {
        let quarter_start = start + Duration::days(91 * i64::from(n / 6));
        let date = quarter_start + Duration::days(rng.between(5, 85));
        let overall = rng.weighted(&grades);
        let gi = grades.iter().position(|g| g.0 == overall).unwrap_or(1);
        let moderated = if n % 2 == 0 {
            // Moderators mostly agree; when not, usually one grade lower.
            let shift = rng.weighted(&[(0i64, 0.7), (1, 0.22), (-1, 0.08)]);
            Some(grades[(gi as i64 + shift).clamp(0, 3) as usize].0)
        } else {
            None
        };
        let concern = overall == "Inadequate" && rng.chance(0.5);
        let mut row = vec![
            format!("AUD-{:04}", n + 1),
            format!("NB{:06}", rng.between(100_000, 999_999)),
            rng.pick(&teams).to_string(),
            rng.pick(&auditors).to_string(),
            date.to_string(),
            overall.to_string(),
            moderated.map(|_| rng.pick(&moderators).to_string()).unwrap_or_default(),
            moderated.unwrap_or_default().to_string(),
            {
                let a = rng.pick(&themes);
                let b = rng.pick(&themes);
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}; {b}")
                }
            },
            if concern { "yes" } else { "no" }.to_string(),
            if concern { "Head of Safeguarding".to_string() } else { String::new() },
        ];
        for _ in domains {
            let shift = rng.weighted(&[(0i64, 0.6), (1, 0.2), (-1, 0.2)]);
            row.push(grades[(gi as i64 + shift).clamp(0, 3) as usize].0.to_string());
        }
        rows.push(row);
    }
    let header = format!(
        "ref,child_ref,team,auditor,date,overall,moderator,moderated_grade,themes,safeguarding_concern,escalated_to,{}",
        domains.iter().map(|d| format!("grade: {d}")).collect::<Vec<_>>().join(",")
    );
    out.push(("practice_audits.csv".to_string(), csv(&header, &rows)));
    out
}
