//! Properties every synthetic council must have, so that it can stand for a
//! council whose returns pass DfE validation.

use chrono::NaiveDate;
use scrutiny_model::{age_in_years, Period};
use scrutiny_synth::{generate, Options, Size, SyntheticCouncil};
use std::sync::OnceLock;

fn council() -> &'static SyntheticCouncil {
    static C: OnceLock<SyntheticCouncil> = OnceLock::new();
    C.get_or_init(|| generate(&Options { seed: 3, size: Size::Small, years: 3, until: "2024-25".parse::<Period>().unwrap(), error_rate: 0.0 }))
}

fn as_at() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
}

#[test]
fn nothing_is_known_after_the_last_census_date() {
    for c in &council().dataset.children {
        for r in &c.referrals {
            assert!(r.date <= as_at());
            assert!(r.closure_date.is_none_or(|d| d <= as_at()), "{}", c.id);
        }
        for e in &c.care_episodes {
            assert!(e.start <= as_at() && e.end.is_none_or(|d| d <= as_at()), "{}", c.id);
        }
    }
}

#[test]
fn episodes_of_need_are_ordered_and_do_not_overlap() {
    for c in &council().dataset.children {
        let open: Vec<_> = c.referrals.iter().filter(|r| !r.nfa).collect();
        for pair in open.windows(2) {
            let closed = pair[0].closure_date.unwrap_or_else(|| panic!("{}: an earlier episode is still open", c.id));
            assert!(closed <= pair[1].date, "{}: episode {} overlaps {}", c.id, pair[0].id, pair[1].id);
        }
        for r in &c.referrals {
            if let Some(close) = r.closure_date {
                assert!(close >= r.date, "{}: closed before referral", c.id);
                assert!(r.closure_reason.is_some(), "{}: closed without a reason", c.id);
                for p in &r.cp_plans {
                    assert!(p.start <= close && p.end.is_some_and(|e| e <= close), "{}: plan outside its episode", c.id);
                }
                for a in &r.assessments {
                    assert!(a.authorised.is_some_and(|d| d <= close), "{}: closed with an open assessment", c.id);
                }
            }
            if r.nfa {
                assert!(r.assessments.is_empty() && r.section47s.is_empty() && r.cp_plans.is_empty(), "{}: activity on an NFA referral", c.id);
            }
            for a in &r.assessments {
                assert!(a.start >= r.date && a.authorised.is_none_or(|d| d >= a.start), "{}", c.id);
            }
        }
    }
}

#[test]
fn care_episodes_are_contiguous_within_a_period_and_end_by_eighteen() {
    for c in &council().dataset.children {
        let born = c.birth_date.expect("synthetic children have birth dates");
        for pair in c.care_episodes.windows(2) {
            let end = pair[0].end.unwrap_or_else(|| panic!("{}: an episode before the last is open", c.id));
            assert!(end <= pair[1].start, "{}: episodes overlap", c.id);
        }
        for e in &c.care_episodes {
            assert!(age_in_years(born, e.start) < 18, "{}: care starts at 18 or over", c.id);
            if let Some(end) = e.end {
                assert!(end >= e.start && age_in_years(born, end) <= 18, "{}", c.id);
                assert!(e.reason_ceased.is_some(), "{}: ended without a reason", c.id);
            }
        }
        for p in c.periods_of_care() {
            assert_eq!(p.episodes[0].reason_new, scrutiny_model::codes::ReasonNewEpisode::Started, "{}: a period starts with RNE S", c.id);
        }
    }
}

#[test]
fn allocations_point_at_real_workers_in_post() {
    let ds = &council().dataset;
    let mut checked = 0;
    for c in &ds.children {
        for a in &c.allocations {
            let w = ds.worker(&a.worker).unwrap_or_else(|| panic!("unknown worker {}", a.worker));
            assert_eq!(w.team, a.team);
            assert!(w.in_post_on(a.start), "{} allocated {} before or after their employment", c.id, w.id);
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn sibling_groups_and_care_leavers_exist() {
    let ds = &council().dataset;
    let mut families = std::collections::BTreeMap::<&str, usize>::new();
    for c in &ds.children {
        *families.entry(c.family_id.as_deref().unwrap()).or_default() += 1;
    }
    assert!(families.values().filter(|n| **n >= 2).count() > 100, "sibling groups");
    assert!(ds.children.iter().filter(|c| !c.care_leaver_records.is_empty()).count() > 20, "care leavers");
    assert!(ds.children.iter().filter(|c| !c.missing_episodes.is_empty()).count() > 10, "missing episodes");
    assert!(ds.children.iter().filter(|c| c.adoption.as_ref().is_some_and(|a| a.adopted.is_some())).count() > 3, "adoptions");
    assert!(ds.workers.iter().any(|w| w.agency) && ds.workers.iter().any(|w| w.end.is_some()), "agency workers and leavers");
}

#[test]
fn upns_carry_valid_check_letters() {
    for c in &council().dataset.children {
        if let Some(upn) = &c.upn {
            assert_eq!(upn.len(), 13);
            assert_eq!(scrutiny_model::upn_check_letter(&upn[1..]), upn.chars().next(), "{upn}");
        }
    }
}

#[test]
fn police_protection_lasts_at_most_three_days() {
    use scrutiny_model::codes::LegalStatus;
    for c in &council().dataset.children {
        let mut since: Option<NaiveDate> = None;
        for e in &c.care_episodes {
            if e.legal_status != LegalStatus::PoliceProtection {
                since = None;
                continue;
            }
            let start = *since.get_or_insert(e.start);
            if let Some(end) = e.end {
                assert!((end - start).num_days() <= 3, "{}: police protection from {start} to {end}", c.id);
            }
        }
    }
}

#[test]
fn care_leaver_records_only_for_birthdays_out_of_care() {
    for c in &council().dataset.children {
        for r in &c.care_leaver_records {
            let in_care = c.care_episodes.iter().any(|e| !e.legal_status.is_short_break() && e.start <= r.birthday && e.end.is_none_or(|d| d > r.birthday));
            assert!(!in_care, "{}: care leaver record at {} while looked after", c.id, r.birthday);
        }
    }
}

#[test]
fn placements_away_from_home_are_in_another_postcode_district() {
    use scrutiny_model::codes::PlacementType;
    for c in &council().dataset.children {
        for e in c.care_episodes.iter().filter(|e| e.placement != PlacementType::WithParents && e.home_postcode.is_some()) {
            assert_ne!(e.home_postcode, e.placement_postcode, "{}: placed from {} in the home district", c.id, e.start);
        }
    }
}
