//! Children's case histories. Families arrive at the front door day by day;
//! each child's career (referrals, assessments, enquiries, plans, care,
//! leaving care) is drawn in one pass, with rates set near England's.

use crate::names::{FORENAMES_F, FORENAMES_M, SURNAMES};
use crate::rng::Rng;
use crate::workforce::Roster;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use scrutiny_model::codes::*;
use scrutiny_model::*;

/// Referrals per child under 18 per year (England 2024-25: 519 per 10,000).
const REFERRAL_RATE: f64 = 0.0520;
const P_NFA: f64 = 0.065;
const P_S47: f64 = 0.385;
const P_ICPC_AFTER_S47: f64 = 0.31;
const P_PLAN_AFTER_ICPC: f64 = 0.87;
/// Chance a closed episode is followed by another referral within twelve months of it.
const P_QUICK_REREFERRAL: f64 = 0.30;
const P_LATER_REFERRAL: f64 = 0.12;

fn days(n: i64) -> Duration {
    Duration::days(n)
}

fn wd_add(d: NaiveDate, n: i64) -> NaiveDate {
    Calendar::england().add_working_days(d, n.max(0) as u32)
}

fn birthday(born: NaiveDate, age: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(born.year() + age, born.month(), born.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(born.year() + age, 3, 1).expect("1 March exists"))
}

pub struct World<'a> {
    pub rng: Rng,
    pub roster: &'a Roster,
    pub la_code: String,
    pub children: Vec<Child>,
    next_family: u32,
    next_contact: u32,
    /// Children's care histories end here (knowledge date).
    pub as_at: NaiveDate,
}

/// What a referral leads to, decided when it arrives.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Track {
    Nfa,
    ClosedAfterAssessment,
    SupportNoPlan,
    CinPlan,
    ChildProtection,
}

impl<'a> World<'a> {
    pub fn new(rng: Rng, roster: &'a Roster, la_code: &str, as_at: NaiveDate) -> World<'a> {
        World { rng, roster, la_code: la_code.to_string(), children: Vec::new(), next_family: 1, next_contact: 1, as_at }
    }

    /// Runs the front door from `from` to `to`, with the under-18 population of each day.
    pub fn run(&mut self, from: NaiveDate, to: NaiveDate, population: impl Fn(NaiveDate) -> f64) {
        // Expected referrals per new family: family size × referrals per child.
        let per_family = 1.50 * 1.45;
        let mut day = from;
        while day <= to {
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            let weight = if weekend { 0.25 } else { 1.0 } / (5.5 / 7.0);
            let lambda = population(day) * REFERRAL_RATE / 365.0 / per_family * weight;
            for _ in 0..self.rng.poisson(lambda) {
                self.new_family(day);
            }
            // Contacts about children who are never referred.
            for _ in 0..self.rng.poisson(lambda * per_family * 1.1) {
                self.contact_only_child(day);
            }
            // Unaccompanied asylum-seeking children arriving.
            if self.rng.chance(population(day) * 0.00022 / 365.0) {
                self.uasc_arrival(day);
            }
            day += days(1);
        }
    }

    fn new_child(&mut self, family: &str, surname: &str, ethnicity: Ethnicity, born: NaiveDate) -> usize {
        let id = format!("NB{:07}", self.children.len() + 1);
        let sex = if self.rng.chance(0.52) { Sex::Male } else { Sex::Female };
        let mut c = Child::new(id, sex, ethnicity);
        c.birth_date = Some(born);
        c.family_id = Some(family.to_string());
        c.surname = Some(surname.to_string());
        c.forename = Some(if sex == Sex::Female { self.rng.pick(FORENAMES_F) } else { self.rng.pick(FORENAMES_M) }.to_string());
        let age_now = age_in_years(born, self.as_at);
        if age_now >= 4 && self.rng.chance(0.93) {
            c.upn = Some(make_upn(&self.la_code, born, self.children.len() as u32));
        } else {
            c.upn_unknown = Some(if age_now < 6 { UpnUnknown::Un6 } else { UpnUnknown::Un2 });
        }
        if self.rng.chance(0.08) {
            let d = self.rng.weighted(&[
                (Disability::LearningDisability, 0.3),
                (Disability::Autism, 0.3),
                (Disability::Communication, 0.15),
                (Disability::Behaviour, 0.15),
                (Disability::Mobility, 0.1),
            ]);
            c.disabilities.push(d);
        } else {
            c.disabilities.push(Disability::None);
        }
        self.children.push(c);
        self.children.len() - 1
    }

    fn ethnicity(&mut self) -> Ethnicity {
        self.rng.weighted(&[
            (Ethnicity::WhiteBritish, 0.66),
            (Ethnicity::WhiteOther, 0.05),
            (Ethnicity::WhiteBlackCaribbean, 0.03),
            (Ethnicity::WhiteAsian, 0.02),
            (Ethnicity::MixedOther, 0.04),
            (Ethnicity::Pakistani, 0.04),
            (Ethnicity::Indian, 0.02),
            (Ethnicity::Bangladeshi, 0.01),
            (Ethnicity::BlackAfrican, 0.05),
            (Ethnicity::BlackCaribbean, 0.02),
            (Ethnicity::GypsyRoma, 0.01),
            (Ethnicity::Other, 0.02),
            (Ethnicity::NotObtained, 0.02),
            (Ethnicity::Refused, 0.01),
        ])
    }

    fn age_at_referral(&mut self) -> (i64, i64) {
        // (years, extra days) drawn from the age profile of referrals.
        let years = self.rng.weighted(&[
            (0, 0.12),
            (1, 0.045),
            (2, 0.045),
            (3, 0.045),
            (4, 0.045),
            (5, 0.048),
            (6, 0.048),
            (7, 0.048),
            (8, 0.048),
            (9, 0.048),
            (10, 0.055),
            (11, 0.058),
            (12, 0.062),
            (13, 0.065),
            (14, 0.066),
            (15, 0.062),
            (16, 0.055),
            (17, 0.03),
        ]);
        (years, self.rng.between(0, 364))
    }

    fn new_family(&mut self, date: NaiveDate) {
        let family = format!("F{:06}", self.next_family);
        self.next_family += 1;
        let surname = self.rng.pick(SURNAMES).to_string();
        let ethnicity = self.ethnicity();
        let size = self.rng.weighted(&[(1usize, 0.60), (2, 0.22), (3, 0.12), (4, 0.06)]);
        let (years, extra) = self.age_at_referral();
        let eldest = date - days(years * 365 + extra);
        let track = self.choose_track(years as i32, false);
        let source = referral_source(&mut self.rng);
        let area = self.rng.between(0, 1000) as u32;
        let home = format!(
            "NB{} {}{}{}",
            self.rng.between(1, 24),
            self.rng.between(1, 9),
            (b'A' + self.rng.between(0, 25) as u8) as char,
            (b'A' + self.rng.between(0, 25) as u8) as char
        );
        let mut born = eldest;
        for i in 0..size {
            if i > 0 {
                born += days(self.rng.between(330, 365 * 4));
                if born > date {
                    break;
                }
            }
            let idx = self.new_child(&family, &surname, ethnicity, born);
            // Siblings mostly share what the referral leads to.
            let age = age_in_years(born, date);
            let t = if i == 0 || self.rng.chance(0.85) { track } else { self.choose_track(age, false) };
            self.career(idx, date, source, t, area, &home);
        }
    }

    fn contact_only_child(&mut self, date: NaiveDate) {
        let family = format!("F{:06}", self.next_family);
        self.next_family += 1;
        let surname = self.rng.pick(SURNAMES).to_string();
        let ethnicity = self.ethnicity();
        let (years, extra) = self.age_at_referral();
        let idx = self.new_child(&family, &surname, ethnicity, date - days(years * 365 + extra));
        let source = referral_source(&mut self.rng);
        let outcome =
            self.rng.weighted(&[(ContactOutcome::AdviceAndInformation, 0.45), (ContactOutcome::EarlyHelp, 0.30), (ContactOutcome::NoFurtherAction, 0.25)]);
        self.add_contact(idx, date, source, outcome);
    }

    fn uasc_arrival(&mut self, date: NaiveDate) {
        let family = format!("F{:06}", self.next_family);
        self.next_family += 1;
        let years = self.rng.weighted(&[(14, 0.1), (15, 0.3), (16, 0.4), (17, 0.2)]);
        let born = date - days(years * 365 + self.rng.between(0, 300));
        let ethnicity = self.rng.weighted(&[(Ethnicity::Other, 0.4), (Ethnicity::BlackAfrican, 0.35), (Ethnicity::AsianOther, 0.25)]);
        let idx = self.new_child(&family, "", ethnicity, born);
        let c = &mut self.children[idx];
        c.sex = Sex::Male;
        c.surname = Some(self.rng.pick(SURNAMES).to_string());
        c.upn = None;
        // Never at a school in England: UN4 (new, not yet known) would be right only in their first week (rule 210).
        c.upn_unknown = Some(UpnUnknown::Un2);
        let eighteen = birthday(born, 18);
        c.uasc = Some(Uasc { ceased: Some(eighteen) });
        let source = ReferralSource::OtherLegalAgency;
        self.add_contact(idx, date, source, ContactOutcome::Referral);
        let rid = self.referral_id(idx);
        let mut r = base_referral(rid, date, source, Some(PrimaryNeed::AbsentParenting));
        r.assessments.push(Assessment {
            start: date,
            authorised: Some(wd_add(date, self.rng.between(5, 30))),
            factors: vec![AssessmentFactor::Uasc],
            worker: None,
        });
        let care_start = date;
        let end = self.care_period(idx, care_start, CareEntry::Uasc, 0, None);
        r.closure_date = Some(end.min(eighteen));
        r.closure_reason = Some(if end >= eighteen { ClosureReason::TransferredAdultServices } else { ClosureReason::ServicesCeased });
        self.children[idx].referrals.push(r);
        self.allocate_phase(idx, Service::Assessment, 0, date, Some(wd_add(date, 10)), None);
        self.leaving_care(idx);
    }

    /// What a referral leads to; children who have had a plan before are
    /// more likely to need one again.
    fn choose_track(&mut self, age: i32, had_plan: bool) -> Track {
        if self.rng.chance(P_NFA) {
            return Track::Nfa;
        }
        let repeat = if had_plan { 3.0 } else { 1.0 };
        let cp = repeat
            * P_S47
            * P_ICPC_AFTER_S47
            * P_PLAN_AFTER_ICPC
            * if age < 1 {
                1.6
            } else if age >= 16 {
                0.5
            } else {
                1.0
            };
        self.rng.weighted(&[(Track::ChildProtection, cp), (Track::ClosedAfterAssessment, 0.36), (Track::SupportNoPlan, 0.24), (Track::CinPlan, 0.40 - cp)])
    }

    fn had_plan(&self, idx: usize) -> bool {
        self.children[idx].referrals.iter().any(|r| !r.cp_plans.is_empty())
    }

    fn referral_id(&self, idx: usize) -> String {
        format!("{}R{}", self.children[idx].id, self.children[idx].referrals.len() + 1)
    }

    fn add_contact(&mut self, idx: usize, date: NaiveDate, source: ReferralSource, outcome: ContactOutcome) {
        let id = format!("CT{:08}", self.next_contact);
        self.next_contact += 1;
        self.children[idx].contacts.push(Contact { id, date, source, outcome });
    }

    /// One child's referrals from `first` on, with re-referrals.
    fn career(&mut self, idx: usize, first: NaiveDate, source: ReferralSource, first_track: Track, area: u32, home: &str) {
        let born = self.children[idx].birth_date.expect("generated children have birth dates");
        let eighteen = birthday(born, 18);
        let mut date = first;
        let mut track = first_track;
        let mut source = source;
        loop {
            if date >= eighteen || date > self.as_at + days(400) {
                break;
            }
            let closed = self.referral(idx, date, source, track, area, home, eighteen);
            let Some(closed) = closed else { break };
            // Another referral: soon (a re-referral) or much later.
            let since = (closed - date).num_days();
            let next = if since < 330 && self.rng.chance(P_QUICK_REREFERRAL) {
                closed + days(self.rng.between(7, 364 - since))
            } else if self.rng.chance(if self.had_plan(idx) { 2.5 * P_LATER_REFERRAL } else { P_LATER_REFERRAL }) {
                closed + days(365 + self.rng.exponential(500.0) as i64)
            } else {
                break;
            };
            date = next;
            let age = age_in_years(born, date);
            track = self.choose_track(age, self.had_plan(idx));
            source = referral_source(&mut self.rng);
        }
    }

    /// Builds one episode of need; returns its closure date (None while open).
    #[allow(clippy::too_many_arguments)]
    fn referral(
        &mut self,
        idx: usize,
        date: NaiveDate,
        source: ReferralSource,
        mut track: Track,
        area: u32,
        home: &str,
        eighteen: NaiveDate,
    ) -> Option<NaiveDate> {
        let born = self.children[idx].birth_date.expect("birth date");
        let age = age_in_years(born, date);
        // The contact that became this referral, and some that did not.
        let contact_day = if self.rng.chance(0.7) { date } else { date - days(1) };
        self.add_contact(idx, contact_day, source, ContactOutcome::Referral);
        for _ in 0..self.rng.poisson(0.9) {
            let d = date - days(self.rng.between(20, 700));
            let outcome =
                self.rng.weighted(&[(ContactOutcome::AdviceAndInformation, 0.5), (ContactOutcome::EarlyHelp, 0.3), (ContactOutcome::NoFurtherAction, 0.2)]);
            if d >= born {
                self.add_contact(idx, d, source, outcome);
            }
        }

        let rid = self.referral_id(idx);
        let need = primary_need(&mut self.rng, age);
        let mut r = base_referral(rid.clone(), date, source, Some(need));
        let disability = need == PrimaryNeed::ChildDisability;
        let service = if disability { Service::Disability } else { Service::Safeguarding };

        if track == Track::Nfa {
            r.nfa = true;
            r.primary_need = None;
            r.closure_date = Some(date);
            r.closure_reason = Some(ClosureReason::ServicesCeased);
            self.allocate_phase(idx, Service::FrontDoor, area, date, Some(date), Some(&rid));
            self.children[idx].referrals.push(r);
            return Some(date);
        }

        // Assessment: start within a few working days, authorised after a
        // duration whose distribution puts about 86% within 45 working days.
        let a_start = wd_add(date, self.rng.weighted(&[(0, 0.35), (1, 0.3), (2, 0.2), (3, 0.1), (5, 0.05)]));
        let mut dur = if self.rng.chance(0.03) { 0.0 } else { self.rng.normal(27.0, 11.0).max(1.0) };
        if self.rng.chance(0.11) {
            dur += self.rng.between(15, 60) as f64;
        }
        let a_end = wd_add(a_start, dur.round() as i64);
        let mut closure: Option<NaiveDate>;

        // Section 47: strategy discussion soon after the referral.
        // An episode closed after assessment (RC8/RC9) carries no S47 (DfE rule 2990).
        let s47 = track == Track::ChildProtection
            || self.rng.chance(match track {
                Track::SupportNoPlan => 0.45,
                Track::CinPlan => 0.52,
                _ => 0.0,
            });
        let mut icpc = None;
        let transfer_in = track == Track::ChildProtection && self.rng.chance(0.03);
        if transfer_in {
            r.source = ReferralSource::LaExternal;
            r.initial_cpc_date = Some(wd_add(date, self.rng.between(3, 15)));
            icpc = r.initial_cpc_date;
        } else if s47 {
            let s_start = wd_add(date, self.rng.weighted(&[(0, 0.4), (1, 0.25), (2, 0.15), (4, 0.1), (8, 0.1)]));
            let target = wd_add(s_start, 15);
            if track == Track::ChildProtection {
                let mut wd = self.rng.normal(10.5, 3.5).round().max(1.0) as i64;
                if self.rng.chance(0.16) {
                    wd += self.rng.between(5, 20);
                }
                let conf = wd_add(s_start, wd);
                icpc = Some(conf);
                r.section47s.push(Section47 { start: s_start, icpc_target: Some(target), icpc_date: Some(conf), icpc_not_required: false });
            } else {
                // An ICPC was held but no plan was needed, for some.
                let held = self.rng.chance(0.13);
                let conf = held.then(|| wd_add(s_start, self.rng.normal(11.0, 4.0).round().max(1.0) as i64));
                r.section47s.push(Section47 { start: s_start, icpc_target: Some(target), icpc_date: conf, icpc_not_required: !held });
            }
        }

        let factors = self.factors(age, track);
        r.assessments.push(Assessment { start: a_start, authorised: Some(a_end), factors, worker: None });
        self.allocate_phase(idx, Service::Assessment, area, date, Some(a_end.max(icpc.unwrap_or(a_end))), Some(&rid));

        // Entry to care, decided now with the route that leads there.
        let care_p = care_chance(track, age);
        let mut care_start = None;
        if self.rng.chance(care_p) {
            let lead = if self.rng.chance(0.15) { self.rng.between(0, 14) } else { self.rng.exponential(70.0) as i64 };
            let start = date + days(lead);
            if start < eighteen - days(30) {
                care_start = Some(start);
                if track == Track::ClosedAfterAssessment || track == Track::SupportNoPlan {
                    track = Track::CinPlan;
                }
            }
        }

        match track {
            Track::ClosedAfterAssessment => {
                let c = a_end + days(self.rng.between(0, 10));
                closure = Some(c);
                r.closure_reason =
                    Some(if self.rng.chance(0.3) { ClosureReason::ClosedAfterAssessmentEarlyHelp } else { ClosureReason::ClosedAfterAssessmentNfa });
                if self.rng.chance(0.6) {
                    r.primary_need = Some(PrimaryNeed::NotInNeed);
                }
                if let Some(f) = r.assessments.last_mut() {
                    if self.rng.chance(0.35) {
                        f.factors = vec![AssessmentFactor::NoFactors];
                    }
                }
            }
            Track::SupportNoPlan => {
                let c = a_end + days(self.rng.lognormal(120.0, 0.6) as i64);
                closure = Some(c);
                r.closure_reason = Some(ClosureReason::ServicesCeased);
                self.visits(idx, VisitKind::ChildInNeed, a_end, c, 25);
                self.allocate_phase(idx, service, area, a_end, Some(c), Some(&rid));
            }
            Track::CinPlan => {
                let start = a_end + days(self.rng.between(0, 15));
                let mut end = start + days(self.rng.lognormal(250.0, 0.6) as i64 + 30);
                if let Some(cs) = care_start {
                    end = end.max(cs);
                }
                r.cin_plans.push(CinPlan { start, end: Some(end) });
                self.visits(idx, VisitKind::ChildInNeed, start, end, 25);
                self.allocate_phase(idx, service, area, start, Some(end), Some(&rid));
                closure = Some(end + days(self.rng.between(0, 20)));
                r.closure_reason = Some(self.rng.weighted(&[
                    (ClosureReason::ServicesCeased, 0.93),
                    (ClosureReason::ChildArrangementsOrder, 0.03),
                    (ClosureReason::TransferredOtherLa, 0.04),
                ]));
            }
            Track::ChildProtection => {
                let start = icpc.unwrap_or(a_end);
                let previous = self.children[idx].referrals.iter().map(|e| e.cp_plans.len() as u32).sum::<u32>() + u32::from(self.rng.chance(0.12));
                let mut len = self.rng.lognormal(240.0, 0.55) as i64 + 40;
                if self.rng.chance(0.03) {
                    len += self.rng.between(730, 900);
                }
                let mut end = start + days(len);
                if let Some(cs) = care_start {
                    if cs > start {
                        end = cs;
                    }
                }
                let initial = self.rng.weighted(&[
                    (AbuseCategory::Neglect, 0.49),
                    (AbuseCategory::Emotional, 0.38),
                    (AbuseCategory::Physical, 0.07),
                    (AbuseCategory::Sexual, 0.04),
                    (AbuseCategory::Multiple, 0.02),
                ]);
                let latest = if self.rng.chance(0.9) { initial } else { AbuseCategory::Neglect };
                let reviews = self.cp_reviews(start, end);
                r.cp_plans.push(CpPlan { start, end: Some(end), initial_category: initial, latest_category: latest, previous_plans: previous, reviews });
                self.visits(idx, VisitKind::ChildProtection, start, end, 10);
                self.allocate_phase(idx, service, area, start, Some(end), Some(&rid));
                let mut c = end;
                if care_start.is_none() && self.rng.chance(0.5) {
                    // Step down to a child in need plan.
                    let cin_end = end + days(self.rng.lognormal(150.0, 0.5) as i64);
                    r.cin_plans.push(CinPlan { start: end, end: Some(cin_end) });
                    self.visits(idx, VisitKind::ChildInNeed, end, cin_end, 25);
                    self.allocate_phase(idx, service, area, end, Some(cin_end), Some(&rid));
                    c = cin_end;
                }
                closure = Some(c + days(self.rng.between(0, 15)));
                r.closure_reason = Some(ClosureReason::ServicesCeased);
            }
            Track::Nfa => unreachable!("handled above"),
        }

        if let Some(cs) = care_start {
            let entry = if track == Track::ChildProtection {
                CareEntry::Protection
            } else if age >= 16 {
                CareEntry::Teenager
            } else {
                CareEntry::General
            };
            let end = self.care_period(idx, cs, entry, area, home.split(' ').next());
            let reason = self.children[idx].care_episodes.last().and_then(|e| e.reason_ceased);
            let c = end + days(self.rng.between(0, 20));
            closure = Some(closure.map_or(c, |x| x.max(c)));
            r.closure_reason = Some(match reason {
                Some(rc) if rc.is_adoption() => ClosureReason::Adopted,
                Some(rc) if rc.is_special_guardianship() => ClosureReason::SpecialGuardianshipOrder,
                Some(ReasonEpisodeCeased::ChildArrangementsOrder) => ClosureReason::ChildArrangementsOrder,
                Some(ReasonEpisodeCeased::OtherLaTookOver) => ClosureReason::TransferredOtherLa,
                _ if end >= eighteen - days(1) => ClosureReason::TransferredAdultServices,
                _ => ClosureReason::ServicesCeased,
            });
        }

        // A child's episode of need closes by their 18th birthday.
        if let Some(c) = closure {
            if c >= eighteen {
                closure = Some(eighteen - days(1));
                if r.closure_reason == Some(ClosureReason::ServicesCeased) {
                    r.closure_reason = Some(ClosureReason::TransferredAdultServices);
                }
            }
        }
        let c = closure.expect("every track sets a closure date");
        clamp_referral(&mut r, c);
        r.closure_date = Some(c);
        self.children[idx].referrals.push(r);
        self.children[idx].care_episodes.iter_mut().for_each(|e| {
            if e.home_postcode.is_none() {
                e.home_postcode = Some(home.split(' ').next().unwrap_or(home).to_string());
            }
        });
        if care_start.is_some() {
            self.leaving_care(idx);
        }
        Some(c)
    }

    fn factors(&mut self, age: i32, track: Track) -> Vec<AssessmentFactor> {
        use AssessmentFactor::*;
        let n = if track == Track::ClosedAfterAssessment { self.rng.between(1, 2) } else { self.rng.between(1, 4) };
        let mut out = Vec::new();
        for _ in 0..n {
            let f = if age >= 11 && self.rng.chance(0.35) {
                self.rng.weighted(&[
                    (MentalHealthChild, 0.3),
                    (SelfHarm, 0.2),
                    (Behaviour, 0.15),
                    (CriminalExploitation, 0.1),
                    (SexualExploitation, 0.08),
                    (Missing, 0.1),
                    (DrugsChild, 0.07),
                ])
            } else {
                self.rng.weighted(&[
                    (DomesticAbuseParent, 0.28),
                    (MentalHealthParent, 0.2),
                    (EmotionalAbuse, 0.13),
                    (Neglect, 0.1),
                    (DrugsParent, 0.08),
                    (AlcoholParent, 0.06),
                    (PhysicalAbuseAdultOnChild, 0.05),
                    (Other, 0.05),
                    (DomesticAbuseChild, 0.03),
                    (LearningDisabilityParent, 0.02),
                ])
            };
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out.sort();
        out
    }

    /// Review conferences: first within three months, then six-monthly; some late.
    fn cp_reviews(&mut self, start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut due = start + chrono::Months::new(3);
        loop {
            let held = if self.rng.chance(0.91) { due - days(self.rng.between(0, 14)) } else { due + days(self.rng.between(1, 35)) };
            if held >= end {
                break;
            }
            out.push(held);
            due = held + chrono::Months::new(6);
        }
        out
    }

    /// Statutory visits every `every_wd` working days, most on time.
    fn visits(&mut self, idx: usize, kind: VisitKind, from: NaiveDate, to: NaiveDate, every_wd: i64) {
        let age_ok = |d: NaiveDate, c: &Child| c.birth_date.is_some_and(|b| age_in_years(b, d) >= 5);
        let mut d = wd_add(from, self.rng.between(1, every_wd.min(5)));
        while d < to {
            let seen = self.rng.chance(0.96);
            let alone = seen && age_ok(d, &self.children[idx]) && self.rng.chance(0.62);
            self.children[idx].visits.push(Visit { kind, date: d, seen, seen_alone: alone, worker: None });
            let gap = if self.rng.chance(0.87) { self.rng.between(every_wd / 2, every_wd) } else { every_wd + self.rng.between(1, every_wd) };
            d = wd_add(d, gap);
        }
    }

    /// Gives the child a worker from `service` for the span, replacing workers who leave.
    fn allocate_phase(&mut self, idx: usize, service: Service, area: u32, from: NaiveDate, to: Option<NaiveDate>, referral: Option<&str>) {
        let team = self.roster.team_for(service, area);
        let mut start = from;
        for _ in 0..20 {
            let Some((w, leaves)) = self.roster.pick_worker(&mut self.rng, team, start) else { return };
            let worker = &self.roster.workers[w];
            let end = match (leaves, to) {
                (Some(l), Some(t)) if l < t => Some(l),
                (Some(l), None) => Some(l),
                _ => to,
            };
            let left = end != to;
            self.children[idx].allocations.push(Allocation {
                worker: worker.id.clone(),
                team: worker.team.clone(),
                start,
                end,
                end_reason: if left { Some(SwChangeReason::LeftRole) } else { None },
                referral_id: referral.map(str::to_string),
            });
            match end {
                Some(e) if left && e < self.as_at => start = e + days(1),
                _ => return,
            }
        }
    }

    /// A period of care from `start` for a child whose home is in the postcode
    /// district `home`; returns its end date (or a date past the horizon while open).
    fn care_period(&mut self, idx: usize, start: NaiveDate, entry: CareEntry, area: u32, home: Option<&str>) -> NaiveDate {
        let born = self.children[idx].birth_date.expect("birth date");
        let age = age_in_years(born, start);
        let eighteen = birthday(born, 18);
        let horizon = self.as_at + days(365 * 3);

        // How this period ends.
        let mut route = match entry {
            CareEntry::Uasc => Route::ToEighteen,
            CareEntry::Teenager => {
                if self.rng.chance(0.7) {
                    Route::ToEighteen
                } else {
                    Route::HomeShort
                }
            }
            _ => {
                let adopt = match age {
                    0 => 0.33,
                    1..=4 => 0.15,
                    _ => 0.0,
                };
                let sgo = if age < 12 { 0.15 } else { 0.03 };
                let long = if age >= 10 { 0.45 } else { 0.25 };
                self.rng.weighted(&[
                    (Route::Adoption, adopt),
                    (Route::Sgo, sgo),
                    (Route::HomeShort, 0.35),
                    (Route::HomeLong, 0.12),
                    (Route::ToEighteen, long),
                    (Route::Cao, 0.03),
                ])
            }
        };
        let length = match route {
            Route::HomeShort => self.rng.exponential(110.0) as i64 + 3,
            Route::HomeLong => self.rng.between(365, 365 * 4),
            Route::Sgo => self.rng.between(300, 700),
            Route::Cao => self.rng.between(200, 600),
            Route::Adoption => 0, // set by the adoption timeline
            Route::ToEighteen => (eighteen - start).num_days(),
        };
        // Stop when 18 regardless of the plan.
        let mut end = (start + days(length)).min(eighteen);

        // Legal statuses over time.
        let mut statuses: Vec<(NaiveDate, LegalStatus)> = Vec::new();
        match entry {
            CareEntry::Uasc | CareEntry::Teenager => statuses.push((start, LegalStatus::Section20)),
            _ => {
                if self.rng.chance(0.08) {
                    let police = self.rng.chance(0.6);
                    statuses.push((start, if police { LegalStatus::PoliceProtection } else { LegalStatus::EmergencyProtectionOrder }));
                    // Police protection lasts at most 72 hours (rule 361); an emergency protection order up to 8 days.
                    let (shortest, longest) = if police { (1, 3) } else { (2, 8) };
                    statuses.push((start + days(self.rng.between(shortest, longest)), LegalStatus::InterimCareOrder));
                } else if matches!(route, Route::HomeShort) || self.rng.chance(0.35) {
                    statuses.push((start, LegalStatus::Section20));
                } else {
                    statuses.push((start, LegalStatus::InterimCareOrder));
                }
                if matches!(route, Route::Adoption | Route::ToEighteen | Route::HomeLong | Route::Sgo)
                    && statuses.last().map(|s| s.1) != Some(LegalStatus::Section20)
                {
                    statuses.push((start + days(self.rng.between(150, 300)), LegalStatus::FullCareOrder));
                }
            }
        }
        if matches!(route, Route::HomeShort) && age >= 14 && self.rng.chance(0.04) {
            statuses = vec![(start, LegalStatus::Remanded)];
        }

        // Adoption timeline.
        let mut adoption = None;
        if route == Route::Adoption {
            let decision = start + days(self.rng.between(120, 260));
            let order = decision + days(self.rng.between(60, 200));
            let matched = order + days(self.rng.lognormal(120.0, 0.5) as i64);
            let placed = matched + days(self.rng.between(14, 60));
            let reversed = self.rng.chance(0.08);
            // The full care order comes before the placement order.
            statuses.retain(|s| s.1 != LegalStatus::FullCareOrder || s.0 < order);
            statuses.push((order, LegalStatus::PlacementOrder));
            if reversed {
                adoption = Some(Adoption {
                    placement_order: Some(order),
                    decision_reversed: Some(order + days(self.rng.between(90, 300))),
                    reversed_reason: Some(self.rng.weighted(&[
                        (ReasonPlacedCeased::NoAdopters, 0.5),
                        (ReasonPlacedCeased::NeedsChanged, 0.3),
                        (ReasonPlacedCeased::Other, 0.2),
                    ])),
                    ..Adoption::decided(decision)
                });
                // The placement order is revoked and the child stays in care under a care order, often leaving by special guardianship.
                let reversal = adoption.as_ref().and_then(|a| a.decision_reversed).expect("set above");
                statuses.push((reversal, LegalStatus::FullCareOrder));
                route = Route::Sgo;
                end = (start + days(self.rng.between(900, 1800))).min(eighteen).max(reversal + days(30));
            } else {
                let adopted = placed + days(self.rng.between(120, 330));
                // Not on 31 March: the DfE's rules read a child leaving care that day as looked
                // after all year (OC2, rule 191), which no adopted child's return may be (rule 187).
                let adopted = if (adopted.month(), adopted.day()) == (3, 31) { adopted - days(1) } else { adopted };
                end = adopted;
                let by_carer = self.rng.chance(0.12);
                let two = self.rng.chance(0.85);
                adoption = Some(Adoption {
                    decision,
                    placement_order: Some(order),
                    matched: Some(matched),
                    placed: Some(placed),
                    adopted: Some(adopted),
                    by_foster_carer: by_carer,
                    number_of_adopters: Some(if two { 2 } else { 1 }),
                    adopter_sex: Some(if two {
                        self.rng.weighted(&[(AdopterSex::MaleFemale, 0.85), (AdopterSex::TwoMale, 0.08), (AdopterSex::TwoFemale, 0.07)])
                    } else {
                        AdopterSex::SingleFemale
                    }),
                    adopter_legal_status: None,
                    decision_reversed: None,
                    reversed_reason: None,
                });
            }
        }
        // The adopters' legal status fits their sexes (rule 520).
        if let Some(a) = adoption.as_mut().filter(|a| a.adopter_sex.is_some()) {
            a.adopter_legal_status = Some(match a.adopter_sex {
                Some(AdopterSex::MaleFemale) => {
                    if self.rng.chance(0.85) {
                        AdopterLegalStatus::MarriedDifferentSex
                    } else {
                        AdopterLegalStatus::UnmarriedDifferentSex
                    }
                }
                Some(AdopterSex::TwoMale | AdopterSex::TwoFemale) => self.rng.weighted(&[
                    (AdopterLegalStatus::MarriedSameSex, 0.6),
                    (AdopterLegalStatus::CivilPartners, 0.25),
                    (AdopterLegalStatus::UnmarriedSameSex, 0.15),
                ]),
                _ => AdopterLegalStatus::Single,
            });
        }
        statuses.retain(|(d, _)| *d < end);
        statuses.sort_by_key(|s| s.0);
        let status_on = |d: NaiveDate| statuses.iter().rev().find(|s| s.0 <= d).map(|s| s.1).unwrap_or(LegalStatus::Section20);

        // Placements: moves arrive at the child's own rate of instability.
        let moves_per_year = self.rng.weighted(&[(0.08, 0.72), (0.9, 0.23), (3.0, 0.05)]);
        let mut placements: Vec<(NaiveDate, PlacementType, Option<ReasonPlaceChange>)> = Vec::new();
        let first = self.placement_type(age, start, None);
        placements.push((start, first, None));
        let mut t = start;
        loop {
            t += days((self.rng.exponential(365.0 / moves_per_year) as i64).max(7));
            if t >= end {
                break;
            }
            let age_now = age_in_years(born, t);
            let since_start = (t - start).num_days();
            let prev = placements.last().map(|p| p.1);
            let p = self.placement_type(age_now, t, if since_start > 365 { prev } else { None });
            let reason = self.rng.weighted(&[
                (ReasonPlaceChange::CarePlan, 0.36),
                (ReasonPlaceChange::CarerRequestBehaviour, 0.18),
                (ReasonPlaceChange::CarerRequestOther, 0.1),
                (ReasonPlaceChange::LaRequest, 0.1),
                (ReasonPlaceChange::ChildRequest, 0.07),
                (ReasonPlaceChange::Standards, 0.03),
                (ReasonPlaceChange::Allegation, 0.02),
                (ReasonPlaceChange::ProvisionClosed, 0.05),
                (ReasonPlaceChange::Other, 0.09),
            ]);
            placements.push((t, p, Some(reason)));
        }
        if let Some(a) = adoption.as_ref().and_then(|a| a.placed.map(|p| (p, a.by_foster_carer))) {
            placements.retain(|(d, _, _)| *d < a.0);
            let ty = if a.1 { PlacementType::AdoptionOrderWithCarer } else { PlacementType::AdoptionOrderOther };
            placements.push((a.0, ty, Some(ReasonPlaceChange::CarePlan)));
        }
        // Unregulated placements of 16-17 year-olds (H5) ended in April 2024: those still
        // open became registered supported accommodation (K3) with the same provider.
        let k3_from = NaiveDate::from_ymd_opt(2024, 4, 1).expect("date");
        if let Some(i) = placements
            .iter()
            .position(|p| p.1 == PlacementType::SemiIndependent && p.0 < k3_from && placements.iter().find(|n| n.0 > p.0).map_or(end, |n| n.0) > k3_from)
        {
            placements.insert(i + 1, (k3_from, PlacementType::SupportedAccommodation, Some(ReasonPlaceChange::StatusOnly)));
        }
        // A child accommodated under section 20 is not "placed with parents" (rule 378).
        for p in &mut placements {
            if p.1 == PlacementType::WithParents && status_on(p.0) == LegalStatus::Section20 {
                p.1 = PlacementType::FosterOther;
            }
        }
        // Each placement keeps its own provider, URN and address for all its episodes;
        // a new placement is at a different address from the last.
        let mut details: Vec<Site> = Vec::with_capacity(placements.len());
        for p in &placements {
            if let (Some(ReasonPlaceChange::StatusOnly), Some(last)) = (p.2, details.last()) {
                // Same home, now registered: only the URN is new.
                let urn = Some(format!("SC{:06}", self.rng.between(100_000, 999_999)));
                details.push(Site { urn, ..last.clone() });
                continue;
            }
            let (provider, urn, out_of_area, distance) = self.provider(p.1);
            let mut postcode;
            loop {
                postcode = if out_of_area { format!("ZX{}", self.rng.between(1, 40)) } else { format!("NB{}", self.rng.between(1, 24)) };
                // Only a placement with parents is in the home's district (rule 392d): otherwise the next district along.
                if p.1 != PlacementType::WithParents && home == Some(postcode.as_str()) {
                    let n: i64 = postcode[2..].parse().unwrap_or(0);
                    postcode = format!("NB{}", n % 24 + 1);
                }
                if details.last().is_none_or(|d| d.postcode != postcode) {
                    break;
                }
            }
            details.push(Site { provider, urn, out_of_area, distance, postcode });
        }

        // Episodes: a new one at every change of legal status or placement.
        let mut changes: Vec<NaiveDate> = statuses.iter().map(|s| s.0).chain(placements.iter().map(|p| p.0)).collect();
        changes.sort();
        changes.dedup();
        let need = primary_need_for_care(&mut self.rng, entry);
        let mut episodes = Vec::new();
        for (i, &d) in changes.iter().enumerate() {
            let ls = status_on(d);
            let pi = placements.iter().rposition(|p| p.0 <= d).expect("first placement starts the period");
            let (pl_date, pl, _) = placements[pi];
            let status_changed = i > 0 && statuses.iter().any(|s| s.0 == d);
            let placement_changed = i > 0 && pl_date == d;
            let status_only = placement_changed && placements[pi].2 == Some(ReasonPlaceChange::StatusOnly);
            let same_carer = status_only || (placement_changed && pl.is_placed_for_adoption() && adoption.as_ref().is_some_and(|a| a.by_foster_carer));
            let rne = match (i, status_changed, placement_changed) {
                (0, _, _) => ReasonNewEpisode::Started,
                (_, true, true) if same_carer => ReasonNewEpisode::LegalStatusAndPlacementSameCarer,
                (_, true, true) => ReasonNewEpisode::LegalStatusAndPlacement,
                (_, false, true) if same_carer => ReasonNewEpisode::PlacementSameCarer,
                (_, false, true) => ReasonNewEpisode::PlacementAndCarer,
                _ => ReasonNewEpisode::LegalStatus,
            };
            let Site { provider, urn, out_of_area, distance, postcode } = details[pi].clone();
            episodes.push(CareEpisode {
                start: d,
                reason_new: rne,
                legal_status: ls,
                need,
                placement: pl,
                provider,
                end: None,
                reason_ceased: None,
                reason_place_change: None,
                home_postcode: None,
                placement_postcode: Some(postcode),
                urn,
                distance_miles: Some(distance),
                placement_la: Some(if out_of_area { "OUT".to_string() } else { self.la_code.clone() }),
            });
        }
        for i in 0..episodes.len() {
            if i + 1 < episodes.len() {
                let next = episodes[i + 1].start;
                episodes[i].end = Some(next);
                episodes[i].reason_ceased = Some(ReasonEpisodeCeased::ContinuingInCare);
                if episodes[i + 1].reason_new != ReasonNewEpisode::LegalStatus {
                    episodes[i].reason_place_change = placements.iter().find(|p| p.0 == next).and_then(|p| p.2);
                }
            }
        }
        let final_reason = self.reason_ceased(route, entry, age_in_years(born, end), end >= eighteen);
        if let Some(last) = episodes.last_mut() {
            if end < horizon {
                last.end = Some(end);
                last.reason_ceased = Some(final_reason);
            }
        }

        // Reviews, visits, health, education, missing.
        self.cla_reviews(idx, start, end, born);
        for (i, p) in placements.iter().enumerate() {
            let p_end = placements.get(i + 1).map_or(end, |n| n.0);
            self.cla_visits(
                idx,
                p.0,
                p_end,
                matches!(p.1, PlacementType::FosterLongTerm | PlacementType::FosterConnectedLongTerm) || p.1.is_placed_for_adoption(),
            );
        }
        self.health_and_education(idx, start, end, born);
        self.missing(idx, start, end, born);

        let service = if route == Route::Adoption { Service::Adoption } else { Service::ChildrenInCare };
        self.allocate_phase(idx, service, area, start, Some(end), None);

        let c = &mut self.children[idx];
        if c.previous_permanence.is_none() {
            let order = self.rng.weighted(&[
                (PreviousPermanenceOrder::None, 0.94),
                (PreviousPermanenceOrder::SpecialGuardianship, 0.025),
                (PreviousPermanenceOrder::ChildArrangements, 0.015),
                (PreviousPermanenceOrder::Adoption, 0.01),
                (PreviousPermanenceOrder::Unknown, 0.01),
            ]);
            let date = (order != PreviousPermanenceOrder::None && order != PreviousPermanenceOrder::Unknown)
                .then(|| format!("zz/{:02}/{}", self.rng.between(1, 12), start.year() as i64 - self.rng.between(1, 5)));
            c.previous_permanence = Some(PreviousPermanence { order, la: date.as_ref().map(|_| self.la_code.clone()), date });
        }
        if adoption.is_some() {
            c.adoption = adoption;
        }
        c.care_episodes.extend(episodes);
        end
    }

    fn placement_type(&mut self, age: i32, on: NaiveDate, previous: Option<PlacementType>) -> PlacementType {
        use PlacementType::*;
        if let Some(p) = previous {
            // After a year, foster placements often become long-term matches.
            if p == FosterOther && self.rng.chance(0.4) {
                return FosterLongTerm;
            }
            if p == FosterConnectedOther && self.rng.chance(0.4) {
                return FosterConnectedLongTerm;
            }
        }
        let supported = if on >= NaiveDate::from_ymd_opt(2024, 4, 1).expect("date") { SupportedAccommodation } else { SemiIndependent };
        match age {
            0 => self.rng.weighted(&[(FosterOther, 0.62), (FosterConnectedOther, 0.18), (FosterFfa, 0.06), (FamilyCentre, 0.08), (WithParents, 0.06)]),
            1..=9 => {
                self.rng.weighted(&[(FosterOther, 0.58), (FosterConnectedOther, 0.22), (WithParents, 0.08), (ChildrensHome, 0.03), (FosterLongTerm, 0.09)])
            }
            10..=15 => self.rng.weighted(&[
                (FosterOther, 0.44),
                (FosterConnectedOther, 0.12),
                (ChildrensHome, 0.24),
                (FosterLongTerm, 0.12),
                (WithParents, 0.04),
                (ResidentialSchool, 0.03),
                (SecureHome, 0.01),
            ]),
            _ => self.rng.weighted(&[
                (FosterOther, 0.3),
                (FosterConnectedOther, 0.07),
                (ChildrensHome, 0.18),
                (supported, 0.35),
                (FosterLongTerm, 0.06),
                (WithParents, 0.02),
                (YoungOffenderInstitution, 0.02),
            ]),
        }
    }

    /// Provider, URN, whether out of area, and distance in miles.
    fn provider(&mut self, p: PlacementType) -> (Option<PlacementProvider>, Option<String>, bool, f32) {
        use PlacementProvider::*;
        use PlacementType::*;
        let provider = match p {
            WithParents => Parents,
            FosterConnectedLongTerm | FosterConnectedOther | FosterConnectedFfa => OwnLa,
            FosterLongTerm | FosterOther | FosterFfa => {
                if self.rng.chance(0.6) {
                    OwnLa
                } else {
                    Private
                }
            }
            ChildrensHome | SupportedAccommodation | SemiIndependent => self.rng.weighted(&[(Private, 0.8), (OwnLa, 0.12), (Voluntary, 0.08)]),
            SecureHome => OtherLa,
            YoungOffenderInstitution => OtherPublic,
            AdoptionOrderWithCarer | AdoptionOrderOther | AdoptionConsentWithCarer | AdoptionConsentOther => {
                if self.rng.chance(0.7) {
                    OwnLa
                } else {
                    Voluntary
                }
            }
            _ => self.rng.weighted(&[(Private, 0.6), (Voluntary, 0.4)]),
        };
        let regulated = matches!(p, ChildrensHome | SecureHome | SupportedAccommodation | ResidentialSchool);
        let urn = if regulated { format!("SC{:06}", self.rng.between(100_000, 999_999)) } else { "XXXXXXX".to_string() };
        let out = match p {
            ChildrensHome | SecureHome | ResidentialSchool | YoungOffenderInstitution => self.rng.chance(0.6),
            _ if provider == Private => self.rng.chance(0.35),
            _ => self.rng.chance(0.08),
        };
        let distance = if out { 15.0 + self.rng.exponential(35.0) } else { 0.5 + self.rng.unit() * 12.0 };
        (Some(provider), Some(urn), out, (distance * 10.0).round() as f32 / 10.0)
    }

    fn reason_ceased(&mut self, route: Route, entry: CareEntry, age: i32, at_eighteen: bool) -> ReasonEpisodeCeased {
        use ReasonEpisodeCeased::*;
        if at_eighteen || age >= 18 {
            return self.rng.weighted(&[
                (StayingPut, 0.25),
                (IndependentWithSupport, 0.45),
                (IndependentNoSupport, 0.05),
                (ReturnedHomePlanned, 0.08),
                (Other, 0.12),
                (AgeAssessed18Plus, if entry == CareEntry::Uasc { 0.05 } else { 0.0 }),
            ]);
        }
        match route {
            Route::Adoption => {
                if self.rng.chance(0.8) {
                    AdoptedUnopposed
                } else {
                    AdoptedConsentDispensed
                }
            }
            Route::Sgo => self.rng.weighted(&[(SgoFormerCarerConnected, 0.55), (SgoOtherConnected, 0.3), (SgoFormerCarerOther, 0.1), (SgoOtherCarer, 0.05)]),
            Route::Cao => ChildArrangementsOrder,
            Route::HomeShort | Route::HomeLong => self.rng.weighted(&[
                (ReturnedHomePlanned, 0.72),
                (ReturnedHomeUnplanned, 0.1),
                (LeftToLiveWithFamily, 0.08),
                (OtherLaTookOver, 0.04),
                (Custody, 0.02),
                (Other, 0.04),
            ]),
            Route::ToEighteen => self.rng.weighted(&[(ReturnedHomePlanned, 0.5), (IndependentWithSupport, 0.3), (Other, 0.2)]),
        }
    }

    fn cla_reviews(&mut self, idx: usize, start: NaiveDate, end: NaiveDate, born: NaiveDate) {
        // First within 20 working days, second within three months, then six-monthly.
        let mut due = wd_add(start, 20);
        let mut n = 0;
        while due < end {
            let held = if self.rng.chance(0.92) { due - days(self.rng.between(0, 10)).min(due - start) } else { due + days(self.rng.between(1, 30)) };
            if held >= end {
                break;
            }
            let age = age_in_years(born, held);
            let participation = if age < 4 {
                ReviewParticipation::UnderFour
            } else {
                self.rng.weighted(&[
                    (ReviewParticipation::AttendsSpeaks, 0.45),
                    (ReviewParticipation::AttendsAdvocate, 0.05),
                    (ReviewParticipation::AttendsSymbolic, 0.04),
                    (ReviewParticipation::AttendsSilent, 0.04),
                    (ReviewParticipation::BriefsAdvocate, 0.17),
                    (ReviewParticipation::OtherMeans, 0.15),
                    (ReviewParticipation::NoViews, 0.10),
                ])
            };
            self.children[idx].cla_reviews.push(ClaReview { date: held, due: Some(due), participation: Some(participation) });
            n += 1;
            due = if n == 1 { held + chrono::Months::new(3) } else { held + chrono::Months::new(6) };
        }
    }

    fn cla_visits(&mut self, idx: usize, from: NaiveDate, to: NaiveDate, long_term: bool) {
        let born = self.children[idx].birth_date.expect("birth date");
        // Within a week of the placement starting, then six-weekly, three-monthly once long-term after a year.
        let mut d = from + days(if self.rng.chance(0.97) { self.rng.between(1, 7) } else { self.rng.between(8, 20) });
        while d < to {
            let seen = self.rng.chance(0.97);
            let alone = seen && age_in_years(born, d) >= 5 && self.rng.chance(0.6);
            self.children[idx].visits.push(Visit { kind: VisitKind::LookedAfter, date: d, seen, seen_alone: alone, worker: None });
            let limit = if long_term && (d - from).num_days() > 365 { 91 } else { 42 };
            let gap = if self.rng.chance(0.975) { self.rng.between(limit * 2 / 3, limit) } else { limit + self.rng.between(1, 28) };
            d += days(gap);
        }
    }

    fn health_and_education(&mut self, idx: usize, start: NaiveDate, end: NaiveDate, born: NaiveDate) {
        // Initial health assessment soon after entry, then yearly (six-monthly under 5).
        let mut d = wd_add(start, self.rng.between(10, 35));
        while d < end {
            let completed = self.rng.chance(0.93);
            self.children[idx].health_checks.push(HealthCheck { kind: HealthCheckKind::HealthAssessment, date: d, completed });
            let gap = if age_in_years(born, d) < 5 { 182 } else { 365 };
            d += days(if self.rng.chance(0.88) { self.rng.between(gap - 60, gap - 5) } else { gap + self.rng.between(10, 90) });
        }
        let mut d = start + days(self.rng.between(30, 200));
        while d < end {
            if age_in_years(born, d) >= 1 {
                let completed = self.rng.chance(0.84);
                self.children[idx].health_checks.push(HealthCheck { kind: HealthCheckKind::DentalCheck, date: d, completed });
            }
            d += days(if self.rng.chance(0.82) { self.rng.between(150, 360) } else { self.rng.between(366, 500) });
        }
        let mut d = start + days(self.rng.between(20, 90));
        while d < end {
            self.children[idx].health_checks.push(HealthCheck { kind: HealthCheckKind::Immunisations, date: d, completed: self.rng.chance(0.86) });
            d += days(365);
        }
        // Personal education plans each school term for children of school age.
        let mut year = start.year() - 1;
        while let Some(term_start) = NaiveDate::from_ymd_opt(year, 9, 1) {
            if term_start > end {
                break;
            }
            for (m, d0) in [(9, 15), (1, 15), (4, 20)] {
                let y = if m == 9 { year } else { year + 1 };
                let Some(t) = NaiveDate::from_ymd_opt(y, m, d0) else { continue };
                let date = t + days(self.rng.between(0, 60));
                let age = age_in_years(born, date);
                if date >= start && date < end && (5..=16).contains(&age) && self.rng.chance(0.92) {
                    self.children[idx].peps.push(Pep { date });
                }
            }
            year += 1;
        }
    }

    fn missing(&mut self, idx: usize, start: NaiveDate, end: NaiveDate, born: NaiveDate) {
        let age = age_in_years(born, start);
        if age < 11 || !self.rng.chance(0.24) {
            return;
        }
        let rate = self.rng.lognormal(3.0, 0.8);
        let mut d = start + days(self.rng.exponential(365.0 / rate) as i64);
        while d < end {
            let kind = if self.rng.chance(0.85) { MissingType::Missing } else { MissingType::Away };
            let back = d + days(self.rng.weighted(&[(0, 0.4), (1, 0.35), (2, 0.15), (5, 0.1)]));
            let offered = kind == MissingType::Missing && self.rng.chance(0.86);
            self.children[idx].missing_episodes.push(MissingEpisode {
                kind,
                start: d,
                end: Some(back),
                return_interview_offered: Some(offered),
                return_interview_accepted: Some(offered && self.rng.chance(0.65)),
            });
            d = back + days((self.rng.exponential(365.0 / rate) as i64).max(1));
        }
    }

    /// Care leaver records at each birthday from the 17th to the 21st, for
    /// young people looked after 13 weeks since their 14th birthday, including after 16.
    fn leaving_care(&mut self, idx: usize) {
        let c = &self.children[idx];
        let born = c.birth_date.expect("birth date");
        let (b14, b16) = (birthday(born, 14), birthday(born, 16));
        let mut after14 = 0;
        let mut after16 = false;
        for e in &c.care_episodes {
            if e.legal_status.is_short_break() {
                continue;
            }
            let end = e.end.unwrap_or(self.as_at + days(3650));
            let s = e.start.max(b14);
            if end > s {
                after14 += (end - s).num_days();
            }
            if end > b16 {
                after16 = true;
            }
        }
        if after14 < 91 || !after16 || !c.care_leaver_records.is_empty() {
            return;
        }
        let left = c.care_episodes.last().and_then(|e| e.end);
        let went_home = c
            .care_episodes
            .last()
            .and_then(|e| e.reason_ceased)
            .is_some_and(|r| matches!(r, ReasonEpisodeCeased::ReturnedHomePlanned | ReasonEpisodeCeased::ReturnedHomeUnplanned));
        let mut records = Vec::new();
        for age in 17..=21 {
            let bday = birthday(born, age);
            if bday > self.as_at + days(366) {
                break;
            }
            let in_care = left.is_none_or(|l| l > bday);
            let in_touch = if in_care {
                InTouch::Yes
            } else if went_home && age >= 19 && self.rng.chance(0.3) {
                InTouch::ReturnedHome
            } else {
                self.rng.weighted(&[(InTouch::Yes, 0.91), (InTouch::No, 0.04), (InTouch::Refused, 0.02), (InTouch::NoLongerRequires, 0.03)])
            };
            let known = in_touch == InTouch::Yes;
            let eet_p = if age <= 18 { 0.65 } else { 0.55 };
            let activity = if !known {
                CareLeaverActivity::NotKnown
            } else if self.rng.chance(eet_p) {
                self.rng.weighted(&[
                    (CareLeaverActivity::OtherEducationFull, 0.35),
                    (CareLeaverActivity::TrainingEmploymentFull, 0.25),
                    (CareLeaverActivity::TrainingEmploymentPart, 0.12),
                    (CareLeaverActivity::HigherEducationFull, 0.12),
                    (CareLeaverActivity::ApprenticeshipFull, 0.1),
                    (CareLeaverActivity::OtherEducationPart, 0.06),
                ])
            } else {
                self.rng.weighted(&[(CareLeaverActivity::NeetOther, 0.6), (CareLeaverActivity::NeetIllness, 0.25), (CareLeaverActivity::NeetParenting, 0.15)])
            };
            let (accommodation, suitable) = if !known {
                (AccommodationType::NotKnown, None)
            } else {
                let ty = if in_care {
                    self.rng.weighted(&[
                        (AccommodationType::CommunityHome, 0.3),
                        (AccommodationType::SemiIndependent, 0.4),
                        (AccommodationType::SupportedLodgings, 0.15),
                        (AccommodationType::WithParents, 0.15),
                    ])
                } else {
                    self.rng.weighted(&[
                        (AccommodationType::Independent, 0.36),
                        (AccommodationType::SemiIndependent, 0.18),
                        (AccommodationType::WithParents, 0.14),
                        (AccommodationType::FormerFosterCarers, 0.1),
                        (AccommodationType::SupportedLodgings, 0.08),
                        (AccommodationType::OrdinaryLodgings, 0.04),
                        (AccommodationType::Custody, 0.03),
                        (AccommodationType::NoFixedAbode, 0.02),
                        (AccommodationType::Emergency, 0.02),
                        (AccommodationType::BedAndBreakfast, 0.01),
                        (AccommodationType::Other, 0.02),
                    ])
                };
                let unsuitable_type = matches!(
                    ty,
                    AccommodationType::Custody | AccommodationType::NoFixedAbode | AccommodationType::Emergency | AccommodationType::BedAndBreakfast
                );
                (ty, Some(!unsuitable_type && self.rng.chance(0.95)))
            };
            let plan = known.then(|| bday - days(if self.rng.chance(0.86) { self.rng.between(5, 175) } else { self.rng.between(190, 400) }));
            let contact = known.then(|| bday - days(self.rng.between(0, 56)));
            // Care leaver information is for young people who have left care: none at a birthday
            // still in care (the draws above are kept so the rest of the simulation is unchanged).
            if in_care {
                continue;
            }
            records.push(CareLeaverRecord {
                birthday: bday,
                in_touch,
                activity: Some(activity),
                accommodation: Some(accommodation),
                accommodation_suitable: suitable,
                latest_contact: contact,
                pathway_plan_review: plan,
                personal_adviser: None,
            });
        }
        let area = self.rng.between(0, 1000) as u32;
        let b18 = birthday(born, 18);
        let b21 = birthday(born, 21);
        let from = left.map_or(b18, |l| l.min(b18)).max(birthday(born, 17) + days(180));
        self.allocate_phase(idx, Service::LeavingCare, area, from, Some(b21), None);
        let adviser = self.children[idx].allocations.iter().rev().find(|a| a.start >= from).map(|a| a.worker.clone());
        for r in &mut records {
            r.personal_adviser = adviser.clone();
        }
        self.children[idx].care_leaver_records = records;
    }
}

/// Where a placement is: provider, Ofsted URN, whether out of area, miles from home, postcode district.
#[derive(Clone)]
struct Site {
    provider: Option<PlacementProvider>,
    urn: Option<String>,
    out_of_area: bool,
    distance: f32,
    postcode: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CareEntry {
    General,
    Protection,
    Teenager,
    Uasc,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Route {
    Adoption,
    Sgo,
    Cao,
    HomeShort,
    HomeLong,
    ToEighteen,
}

/// Chance that a referral on `track` leads to care, by age; tuned so the
/// council's entry rate and the age profile of entrants sit near England's.
fn care_chance(track: Track, age: i32) -> f64 {
    let base = match track {
        Track::ChildProtection => 0.21,
        Track::CinPlan => 0.06,
        Track::SupportNoPlan | Track::ClosedAfterAssessment => 0.014,
        Track::Nfa => 0.0,
    };
    let by_age = match age {
        0 => 2.4,
        1..=4 => 0.55,
        5..=9 => 0.6,
        10..=15 => 1.0,
        _ => 1.9,
    };
    base * by_age
}

fn base_referral(id: String, date: NaiveDate, source: ReferralSource, need: Option<PrimaryNeed>) -> Referral {
    Referral {
        id,
        date,
        source,
        primary_need: need,
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

/// Keeps every module of an episode inside its closure date (an episode
/// cut short at 18 ends its assessment and enquiries then too).
fn clamp_referral(r: &mut Referral, closure: NaiveDate) {
    r.assessments.retain(|a| a.start <= closure);
    for a in &mut r.assessments {
        if a.authorised.is_none_or(|d| d > closure) {
            a.authorised = Some(closure);
        }
    }
    r.section47s.retain(|s| s.start <= closure);
    for s in &mut r.section47s {
        if s.icpc_date.is_some_and(|d| d > closure) {
            s.icpc_date = None;
            s.icpc_not_required = true;
        }
    }
    r.cp_plans.retain(|p| p.start <= closure);
    for p in &mut r.cin_plans {
        if p.end.is_none_or(|e| e > closure) {
            p.end = Some(closure.max(p.start));
        }
    }
    for p in &mut r.cp_plans {
        if p.end.is_none_or(|e| e > closure) {
            p.end = Some(closure.max(p.start));
        }
        let end = p.end.expect("set above");
        p.reviews.retain(|d| *d < end);
    }
    r.cin_plans.retain(|p| p.start <= closure);
}

fn referral_source(rng: &mut Rng) -> ReferralSource {
    use ReferralSource::*;
    rng.weighted(&[
        (Police, 0.29),
        (Schools, 0.20),
        (EducationServices, 0.02),
        (HealthGp, 0.02),
        (HealthVisitor, 0.02),
        (SchoolNurse, 0.005),
        (HealthOtherPrimary, 0.015),
        (HealthAandE, 0.03),
        (HealthOther, 0.06),
        (Housing, 0.02),
        (LaSocialCare, 0.03),
        (LaOtherInternal, 0.03),
        (LaExternal, 0.02),
        (LaEarlyHelp, 0.02),
        (IndividualFamily, 0.05),
        (IndividualAcquaintance, 0.005),
        (IndividualSelf, 0.01),
        (IndividualOther, 0.005),
        (OtherLegalAgency, 0.04),
        (Other, 0.05),
        (Anonymous, 0.015),
        (Unknown, 0.02),
    ])
}

fn primary_need(rng: &mut Rng, age: i32) -> PrimaryNeed {
    use PrimaryNeed::*;
    rng.weighted(&[
        (AbuseOrNeglect, 0.55),
        (ChildDisability, if age >= 2 { 0.06 } else { 0.01 }),
        (ParentalIllness, 0.03),
        (AcuteStress, 0.10),
        (Dysfunction, 0.14),
        (Behaviour, if age >= 10 { 0.05 } else { 0.01 }),
        (LowIncome, 0.01),
        (AbsentParenting, 0.02),
        (NotInNeed, 0.04),
    ])
}

fn primary_need_for_care(rng: &mut Rng, entry: CareEntry) -> PrimaryNeed {
    use PrimaryNeed::*;
    match entry {
        CareEntry::Uasc => AbsentParenting,
        CareEntry::Protection => AbuseOrNeglect,
        CareEntry::Teenager => rng.weighted(&[(AcuteStress, 0.3), (Dysfunction, 0.3), (Behaviour, 0.2), (AbuseOrNeglect, 0.2)]),
        CareEntry::General => rng.weighted(&[
            (AbuseOrNeglect, 0.66),
            (Dysfunction, 0.13),
            (AcuteStress, 0.08),
            (ChildDisability, 0.04),
            (ParentalIllness, 0.03),
            (AbsentParenting, 0.04),
            (Behaviour, 0.02),
        ]),
    }
}

/// A unique pupil number with a valid check letter: LA number, an
/// establishment number, the year the number was issued and a serial.
pub fn make_upn(la_code: &str, born: NaiveDate, serial: u32) -> String {
    let issued = (born.year() + 5).rem_euclid(100);
    // Establishment and serial together are unique for the first eight million children.
    let body = format!("{:0>3}{:04}{:02}{:03}", la_code, 2000 + (serial / 1000) % 8000, issued, serial % 1000);
    format!("{}{}", scrutiny_model::upn_check_letter(&body).expect("digits only"), body)
}
