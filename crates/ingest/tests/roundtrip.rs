//! The synthetic council's files read back into the dataset it was made
//! from: every referral and care episode of the years written, as generated.

use chrono::NaiveDate;
use scrutiny_model::Period;
use scrutiny_synth::{generate, write_council, Options, Size};

#[test]
fn files_read_back_into_the_generated_timelines() {
    let options = Options { seed: 21, size: Size::Small, years: 4, until: "2024-25".parse::<Period>().unwrap(), error_rate: 0.0 };
    let council = generate(&options);
    let dir = tempfile::tempdir().unwrap();
    write_council(&council, &options, dir.path()).unwrap();
    let inputs = scrutiny_ingest::read_paths(&[dir.path().to_path_buf()]);
    assert!(inputs.unreadable.is_empty(), "{:?}", inputs.issues);
    let built = scrutiny_ingest::build(&inputs);
    assert_eq!(built.council.as_ref().map(|c| c.la_code.as_str()), Some("841"));
    assert!(built.issues.is_empty(), "{:?}", &built.issues[..built.issues.len().min(5)]);

    let first = options.output_years()[0].start();
    let last = options.until.end();
    let overlaps = |start: NaiveDate, end: Option<NaiveDate>| start <= last && end.is_none_or(|e| e >= first);
    let (mut compared, mut adoptions, mut whole_periods) = (0, 0, 0);
    let mut outcomes = std::collections::BTreeSet::new();
    for original in &council.dataset.children {
        let referrals: Vec<_> = original.referrals.iter().filter(|r| overlaps(r.date, r.closure_date)).collect();
        let episodes: Vec<_> = original.care_episodes.iter().filter(|e| overlaps(e.start, e.end)).collect();
        if referrals.is_empty() && episodes.is_empty() {
            continue;
        }
        let read = built.dataset.child(&original.id).unwrap_or_else(|| panic!("{} is in the files but was not read", original.id));
        assert_eq!(read.birth_date, original.birth_date, "{}", original.id);
        assert_eq!(read.sex, original.sex, "{}", original.id);
        assert_eq!(read.ethnicity, original.ethnicity, "{}", original.id);
        // A census holds the modules open in its year, so modules finished before
        // the first year written are not in the files.
        let still_open = |end: Option<NaiveDate>| end.is_none_or(|e| e >= first);
        let key = |r: &scrutiny_model::Referral| {
            let plans: Vec<_> = r
                .cp_plans
                .iter()
                .filter(|p| still_open(p.end))
                .map(|p| (p.start, p.end, p.initial_category, p.previous_plans, p.reviews.iter().filter(|d| **d >= first).count()))
                .collect();
            let cin_plans: Vec<_> = r.cin_plans.iter().filter(|p| still_open(p.end)).cloned().collect();
            let assessments: Vec<_> = r.assessments.iter().filter(|a| still_open(a.authorised)).map(|a| (a.start, a.authorised)).collect();
            let s47s: Vec<_> = r
                .section47s
                .iter()
                .filter(|s| still_open(s.icpc_date) && (s.icpc_date.is_some() || s.start >= first || !s.icpc_not_required))
                .cloned()
                .collect();
            (r.date, r.source, r.nfa, r.closure_date, r.closure_reason, assessments, s47s, plans, cin_plans)
        };
        let read_refs: Vec<_> = read.referrals.iter().filter(|r| overlaps(r.date, r.closure_date)).map(key).collect();
        assert_eq!(read_refs, referrals.iter().map(|r| key(r)).collect::<Vec<_>>(), "referrals of {}", original.id);
        let ep = |e: &scrutiny_model::CareEpisode| (e.start, e.end, e.reason_new, e.legal_status, e.placement, e.reason_ceased, e.reason_place_change);
        let read_eps: Vec<_> = read.care_episodes.iter().filter(|e| overlaps(e.start, e.end)).map(ep).collect();
        assert_eq!(read_eps, episodes.iter().map(|e| ep(e)).collect::<Vec<_>>(), "care episodes of {}", original.id);
        // An adoption order in the years written comes back with its decision and match (AD1) and its date (the episode's end).
        if let Some(a) = original.adoption.as_ref().filter(|a| a.adopted.is_some_and(|d| d >= first && d <= last)) {
            let b = read.adoption.as_ref().unwrap_or_else(|| panic!("{} was adopted but has no adoption record", original.id));
            let dates = |a: &scrutiny_model::Adoption| (a.decision, a.matched, a.adopted, a.by_foster_carer);
            assert_eq!(dates(b), dates(a), "{}", original.id);
            // The placement order and the move come from the episodes, when the files hold the period of care from its start.
            let began = original.care_episodes.iter().rfind(|e| e.start <= a.decision && e.reason_new == scrutiny_model::codes::ReasonNewEpisode::Started);
            if began.is_some_and(|e| e.end.is_none_or(|end| end >= first)) {
                assert_eq!((b.placement_order, b.placed), (a.placement_order, a.placed), "{}", original.id);
                whole_periods += 1;
            }
            adoptions += 1;
        }
        // Contacts come back from the SSD extract with their outcomes, read from its flags.
        for contact in original.contacts.iter().filter(|c| c.date >= first && c.date <= last) {
            let back = read.contacts.iter().find(|c| c.id == contact.id).unwrap_or_else(|| panic!("contact {} of {} was not read", contact.id, original.id));
            assert_eq!(back, contact, "{}", original.id);
            outcomes.insert(format!("{:?}", contact.outcome));
        }
        compared += 1;
    }
    assert!(compared > 1000, "{compared}");
    assert_eq!(outcomes.len(), 4, "every outcome the generator makes was read back: {outcomes:?}");
    assert!(adoptions > 3 && whole_periods > 0, "{adoptions} {whole_periods}");
    // Workers and teams come back from the SSD extract and the workforce census.
    assert_eq!(built.dataset.teams.len(), council.dataset.teams.len());
    assert!(built.dataset.workers.iter().any(|w| w.agency) && built.dataset.workers.iter().all(|w| !w.team.is_empty() || w.name.is_empty()));
    assert_eq!(built.dataset.workforce_returns.len(), 4);
}

fn written(seed: u64, years: u32) -> (tempfile::TempDir, scrutiny_synth::SyntheticCouncil) {
    let options = Options { seed, size: Size::Small, years, until: "2024-25".parse::<Period>().unwrap(), error_rate: 0.0 };
    let council = generate(&options);
    let dir = tempfile::tempdir().unwrap();
    write_council(&council, &options, dir.path()).unwrap();
    (dir, council)
}

fn files_matching(dir: &std::path::Path, keep: impl Fn(&str) -> bool) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        if keep(&entry.to_string_lossy()) {
            out.push(entry);
        }
    }
    out.sort();
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p)
            } else {
                vec![p]
            }
        })
        .collect()
}

#[test]
fn workforce_census_xml_and_csv_give_the_same_records() {
    let (dir, _) = written(5, 1);
    let csv = files_matching(dir.path(), |p| p.ends_with(".csv") && p.contains("csww_"));
    let xml = files_matching(dir.path(), |p| p.ends_with(".xml") && p.contains("csww_"));
    assert_eq!((csv.len(), xml.len()), (2, 1));
    let from_csv = scrutiny_ingest::build(&scrutiny_ingest::read_paths(&csv)).dataset;
    let read_xml = scrutiny_ingest::read_paths(&xml);
    assert!(read_xml.issues.is_empty(), "{:?}", read_xml.issues);
    assert_eq!(read_xml.files.iter().map(|f| f.format()).collect::<Vec<_>>(), ["workforce census LA level (XML)", "workforce census workers (XML)"]);
    let from_xml = scrutiny_ingest::build(&read_xml).dataset;
    assert!(from_csv.workers.len() > 50, "{}", from_csv.workers.len());
    assert_eq!(from_xml.workers, from_csv.workers);
    assert_eq!(from_xml.workforce_returns, from_csv.workforce_returns);
    assert_eq!(scrutiny_ingest::validate(&read_xml).len(), 0);
}

#[test]
fn annex_a_lists_read_cleanly_and_agree_with_the_returns() {
    let (dir, council) = written(9, 2);
    let inputs = scrutiny_ingest::read_paths(&[dir.path().to_path_buf()]);
    assert!(inputs.unreadable.is_empty(), "{:?}", inputs.issues);
    let annex: Vec<_> = inputs.files.iter().filter(|f| f.path.contains("annex_a")).collect();
    let sheets: Vec<_> = annex.iter().filter_map(|f| f.part.clone()).collect();
    assert_eq!(sheets, [1, 3, 4, 5, 6, 7, 8, 9, 10].map(|n| format!("sheet 'List {n}'")));
    // Each sheet holds what its CSV holds, dates read as dates.
    for sheet in annex.iter().filter(|f| f.part.is_some()) {
        let scrutiny_ingest::Content::Table(t) = &sheet.content else { panic!() };
        let csv =
            annex.iter().find(|f| f.part.is_none() && matches!(&f.content, scrutiny_ingest::Content::Table(c) if c.kind == t.kind)).expect("a CSV per sheet");
        let scrutiny_ingest::Content::Table(c) = &csv.content else { panic!() };
        assert!(!t.rows.is_empty(), "{:?}", t.kind);
        assert_eq!(t.rows.len(), c.rows.len());
        for (a, b) in t.rows.iter().zip(&c.rows) {
            assert_eq!(a.line, b.line);
            let dates = |table: &scrutiny_ingest::raw::CsvTable, r| {
                table.cells(r).map(|x| scrutiny_ingest::raw::parse_date(x).map_or(x.to_string(), |d| d.to_string())).collect::<Vec<_>>()
            };
            assert_eq!(dates(t, a), dates(c, b));
        }
    }
    let findings: Vec<_> = scrutiny_ingest::validate(&inputs).into_iter().filter(|i| i.rule.starts_with("AA-") || i.file.contains("annex_a")).collect();
    assert!(findings.is_empty(), "{:?}", &findings[..findings.len().min(5)]);
    // Annex A restates what the returns and the SSD extract already hold, and agrees with them.
    // The one thing it adds is a match with adopters the SSDA903 holds only once the child is adopted (AD1).
    let with = scrutiny_ingest::build(&inputs);
    assert!(with.issues.is_empty(), "{:?}", &with.issues[..with.issues.len().min(5)]);
    let others = files_matching(dir.path(), |p| !p.contains("annex_a"));
    let without = scrutiny_ingest::build(&scrutiny_ingest::read_paths(&others));
    assert_eq!(with.dataset.children.len(), without.dataset.children.len());
    for (a, b) in with.dataset.children.iter().zip(&without.dataset.children) {
        let (Some(x), Some(y)) = (&a.adoption, &b.adoption) else { continue };
        if x.matched.is_some() && y.matched.is_none() {
            let truth = council.dataset.child(&a.id).and_then(|c| c.adoption.as_ref()).and_then(|t| t.matched);
            assert_eq!(x.matched, truth, "{}: Annex A's match is the generated one", a.id);
        }
    }
    let same_but_matches = |a: &scrutiny_model::Child, b: &scrutiny_model::Child| {
        let mut a = a.clone();
        if let (Some(x), Some(y)) = (a.adoption.as_mut(), &b.adoption) {
            x.matched = x.matched.filter(|_| y.matched.is_some());
        }
        a == *b
    };
    let differ: Vec<_> =
        with.dataset.children.iter().zip(&without.dataset.children).filter(|(a, b)| !same_but_matches(a, b)).map(|(a, _)| a.id.clone()).collect();
    assert!(differ.is_empty(), "{} children differ, e.g. {:?}", differ.len(), &differ[..differ.len().min(3)]);
}
