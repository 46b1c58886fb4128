//! The synthetic council's files read back into the dataset it was made
//! from: every referral and care episode of the years written, as generated.

use chrono::NaiveDate;
use scrutiny_model::Period;
use scrutiny_synth::{generate, write_council, Options, Size};

#[test]
fn files_read_back_into_the_generated_timelines() {
    let options = Options { seed: 21, size: Size::Small, years: 2, until: "2024-25".parse::<Period>().unwrap(), error_rate: 0.0 };
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
    let mut compared = 0;
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
        compared += 1;
    }
    assert!(compared > 1000, "{compared}");
    // Workers and teams come back from the SSD extract and the workforce census.
    assert_eq!(built.dataset.teams.len(), council.dataset.teams.len());
    assert!(built.dataset.workers.iter().any(|w| w.agency) && built.dataset.workers.iter().all(|w| !w.team.is_empty() || w.name.is_empty()));
    assert_eq!(built.dataset.workforce_returns.len(), 2);
}
