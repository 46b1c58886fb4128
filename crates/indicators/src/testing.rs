//! Building small, readable timelines for indicator tests.

#![allow(dead_code)]

use chrono::NaiveDate;
use scrutiny_model::codes::*;
use scrutiny_model::*;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| panic!("bad test date {s}"))
}

pub fn p(s: &str) -> Period {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

/// A council of exactly 10,000 children, so a count of n is a rate of n per 10,000.
pub fn council() -> Council {
    Council {
        la_code: "999".into(),
        la_name: "Testshire".into(),
        region: "Test".into(),
        population: (2015..=2030).map(|year| PopulationEstimate { year, children_0_17: 10_000 }).collect(),
    }
}

pub fn child(id: &str, born: &str) -> Child {
    let mut c = Child::new(id, Sex::Female, Ethnicity::WhiteBritish);
    c.birth_date = Some(d(born));
    c
}

pub fn referral(date: &str) -> Referral {
    Referral {
        id: format!("R-{date}"),
        date: d(date),
        source: ReferralSource::Police,
        primary_need: Some(PrimaryNeed::AbuseOrNeglect),
        nfa: false,
        closure_date: None,
        closure_reason: None,
        initial_cpc_date: None,
        team: None,
        worker: None,
        assessments: Vec::new(),
        cin_plans: Vec::new(),
        section47s: Vec::new(),
        cp_plans: Vec::new(),
    }
}

/// Builder methods on referrals, for tests.
pub trait ReferralExt {
    fn source(self, s: ReferralSource) -> Self;
    fn nfa(self) -> Self;
    fn closed(self, date: &str, reason: ClosureReason) -> Self;
    fn assessment(self, start: &str, authorised: Option<&str>) -> Self;
    fn s47(self, start: &str, icpc: Option<&str>) -> Self;
    fn cp_plan(self, start: &str, end: Option<&str>, previous: u32, reviews: &[&str]) -> Self;
    fn cin_plan(self, start: &str, end: Option<&str>) -> Self;
}
impl ReferralExt for Referral {
    fn source(mut self, s: ReferralSource) -> Self {
        self.source = s;
        self
    }
    fn nfa(mut self) -> Self {
        self.nfa = true;
        self.closure_date = Some(self.date);
        self.closure_reason = Some(ClosureReason::ServicesCeased);
        self
    }
    fn closed(mut self, date: &str, reason: ClosureReason) -> Self {
        self.closure_date = Some(d(date));
        self.closure_reason = Some(reason);
        self
    }
    fn assessment(mut self, start: &str, authorised: Option<&str>) -> Self {
        self.assessments.push(Assessment { start: d(start), authorised: authorised.map(d), factors: Vec::new(), worker: None });
        self
    }
    fn s47(mut self, start: &str, icpc: Option<&str>) -> Self {
        self.section47s.push(Section47 { start: d(start), icpc_target: None, icpc_date: icpc.map(d), icpc_not_required: false });
        self
    }
    fn cp_plan(mut self, start: &str, end: Option<&str>, previous: u32, reviews: &[&str]) -> Self {
        self.cp_plans.push(CpPlan {
            start: d(start),
            end: end.map(d),
            initial_category: AbuseCategory::Neglect,
            latest_category: AbuseCategory::Neglect,
            previous_plans: previous,
            reviews: reviews.iter().map(|r| d(r)).collect(),
        });
        self
    }
    fn cin_plan(mut self, start: &str, end: Option<&str>) -> Self {
        self.cin_plans.push(CinPlan { start: d(start), end: end.map(d) });
        self
    }
}

/// A care episode; `end` with a reason when it ends.
pub fn episode(start: &str, end: Option<(&str, ReasonEpisodeCeased)>, ls: LegalStatus, place: PlacementType, rne: ReasonNewEpisode) -> CareEpisode {
    CareEpisode {
        start: d(start),
        reason_new: rne,
        legal_status: ls,
        need: PrimaryNeed::AbuseOrNeglect,
        placement: place,
        provider: Some(PlacementProvider::OwnLa),
        end: end.map(|e| d(e.0)),
        reason_ceased: end.map(|e| e.1),
        reason_place_change: None,
        home_postcode: Some("NB1".into()),
        placement_postcode: Some("NB2".into()),
        urn: None,
        distance_miles: Some(3.0),
        placement_la: None,
    }
}

pub fn dataset(mut children: Vec<Child>) -> Dataset {
    children.sort_by(|a, b| a.id.cmp(&b.id));
    Dataset { children, ..Default::default() }
}

/// Runs one indicator over the children for the period.
pub fn run(id: &str, ds: &Dataset, period: &str) -> crate::Result {
    let council = council();
    let ctx = crate::Ctx { dataset: ds, council: Some(&council) };
    let ind = crate::find(id).unwrap_or_else(|| panic!("no indicator {id}"));
    let period = p(period);
    let r = crate::evaluate(ind, &ctx, period, &[crate::By::Group]);
    // The batch path gives the same figure among other periods.
    let batch = crate::evaluate_all(&ctx, &[ind], &[period.a_year_earlier(), period, period.previous()], &[crate::By::Group]);
    assert_eq!(batch[1], r, "{id} for {period}: evaluate_all differs from evaluate");
    r
}

/// `child(..).tap(|c| ...)`: set up a child inline.
pub trait Tap: Sized {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}
impl Tap for Child {}
