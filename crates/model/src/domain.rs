//! Per-child timelines and the workforce: the one dataset every reader fills
//! and every indicator reads. Dates are calendar dates (no times).

use crate::codes::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub type Date = NaiveDate;

/// The LA's own child identifier (CIN `LAchildID`, 903 `CHILD`).
pub type ChildId = String;
pub type WorkerId = String;
pub type TeamId = String;

/// Everything known about one council's children and workforce.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Dataset {
    /// Sorted by id; one entry per child.
    pub children: Vec<Child>,
    pub teams: Vec<Team>,
    pub workers: Vec<Worker>,
    /// One workforce census return per year (snapshot at 30 September).
    pub workforce_returns: Vec<WorkforceReturn>,
}

impl Dataset {
    pub fn child(&self, id: &str) -> Option<&Child> {
        self.children.binary_search_by(|c| c.id.as_str().cmp(id)).ok().map(|i| &self.children[i])
    }

    pub fn worker(&self, id: &str) -> Option<&Worker> {
        self.workers.iter().find(|w| w.id == id)
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Child {
    pub id: ChildId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_upn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn_unknown: Option<UpnUnknown>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub birth_date: Option<Date>,
    /// For an unborn child.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub expected_birth_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub death_date: Option<Date>,
    pub sex: Sex,
    pub ethnicity: Ethnicity,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabilities: Vec<Disability>,
    /// Fictional names, for officers' views only (synthetic data, SSD person table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// Shared by siblings (SSD family id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uasc: Option<Uasc>,
    /// 903 MOTHER: the child is a mother; with the date of birth of her child.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub mother_of_child_born: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Episodes of need (CIN details), one per referral, in date order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<Referral>,
    /// 903 episodes in date order; a period of care is a run ending with a REC other than X1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub care_episodes: Vec<CareEpisode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cla_reviews: Vec<ClaReview>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visits: Vec<Visit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health_checks: Vec<HealthCheck>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peps: Vec<Pep>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_episodes: Vec<MissingEpisode>,
    /// OC2, one per collection year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annual_outcomes: Vec<AnnualOutcomes>,
    /// OC3, one per birthday from the 17th to the 21st.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub care_leaver_records: Vec<CareLeaverRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adoption: Option<Adoption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_permanence: Option<PreviousPermanence>,
    /// Allocated workers over time (SSD involvements; 903 SWEpisodes for looked-after children).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<Allocation>,
}

impl Child {
    pub fn new(id: impl Into<String>, sex: Sex, ethnicity: Ethnicity) -> Child {
        Child {
            id: id.into(),
            upn: None,
            former_upn: None,
            upn_unknown: None,
            birth_date: None,
            expected_birth_date: None,
            death_date: None,
            sex,
            ethnicity,
            disabilities: Vec::new(),
            forename: None,
            surname: None,
            family_id: None,
            uasc: None,
            mother_of_child_born: None,
            contacts: Vec::new(),
            referrals: Vec::new(),
            care_episodes: Vec::new(),
            cla_reviews: Vec::new(),
            visits: Vec::new(),
            health_checks: Vec::new(),
            peps: Vec::new(),
            missing_episodes: Vec::new(),
            annual_outcomes: Vec::new(),
            care_leaver_records: Vec::new(),
            adoption: None,
            previous_permanence: None,
            allocations: Vec::new(),
        }
    }

    /// Age in whole years on `on`, if the birth date is known.
    pub fn age_on(&self, on: Date) -> Option<i32> {
        let born = self.birth_date?;
        Some(crate::age_in_years(born, on))
    }

    /// Whether the child is looked after on `on` (inside a care episode that has started and not ended).
    pub fn is_looked_after_on(&self, on: Date) -> bool {
        self.care_episodes.iter().any(|e| e.start <= on && e.end.is_none_or(|end| end > on))
    }

    /// Periods of care: runs of episodes joined by X1 (or by an episode starting the day the last ended).
    pub fn periods_of_care(&self) -> Vec<PeriodOfCare<'_>> {
        let mut out: Vec<PeriodOfCare<'_>> = Vec::new();
        for ep in &self.care_episodes {
            match out.last_mut() {
                Some(p) if p.episodes.last().is_some_and(|last| last.end == Some(ep.start) && last.reason_ceased.is_none_or(|r| !r.ends_care())) => {
                    p.episodes.push(ep);
                }
                _ => out.push(PeriodOfCare { episodes: vec![ep] }),
            }
        }
        out
    }
}

/// A continuous period of being looked after.
#[derive(Debug, Clone)]
pub struct PeriodOfCare<'a> {
    pub episodes: Vec<&'a CareEpisode>,
}

impl PeriodOfCare<'_> {
    pub fn start(&self) -> Date {
        self.episodes[0].start
    }

    /// End date, or `None` while the child is still looked after.
    pub fn end(&self) -> Option<Date> {
        self.episodes.last().and_then(|e| e.end)
    }

    pub fn reason_ceased(&self) -> Option<ReasonEpisodeCeased> {
        self.episodes.last().and_then(|e| e.reason_ceased)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Uasc {
    /// Date UASC status ceased (903 DUC), if it has.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub ceased: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    Referral,
    EarlyHelp,
    AdviceAndInformation,
    NoFurtherAction,
    /// Any other (private fostering, another authority's plan, a child already
    /// referred), or none recorded.
    Other,
}

impl ContactOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Referral => "Referred to children's social care",
            Self::EarlyHelp => "Stepped to early help",
            Self::AdviceAndInformation => "Advice and information",
            Self::NoFurtherAction => "No further action",
            Self::Other => "Another outcome",
        }
    }
}

/// A contact to the front door (SSD contacts; Annex A list 1).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Contact {
    pub id: String,
    #[serde(with = "crate::iso_date")]
    pub date: Date,
    pub source: ReferralSource,
    pub outcome: ContactOutcome,
}

/// An episode of need (CIN census `CINdetails`), started by a referral.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Referral {
    pub id: String,
    #[serde(with = "crate::iso_date")]
    pub date: Date,
    pub source: ReferralSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_need: Option<PrimaryNeed>,
    pub nfa: bool,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub closure_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<ClosureReason>,
    /// ICPC recorded at episode level (e.g. a transfer-in), not after an S47 of this LA.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub initial_cpc_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<WorkerId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<Assessment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cin_plans: Vec<CinPlan>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub section47s: Vec<Section47>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cp_plans: Vec<CpPlan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assessment {
    #[serde(with = "crate::iso_date")]
    pub start: Date,
    /// Authorisation, which is completion for DfE.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub authorised: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<AssessmentFactor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<WorkerId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CinPlan {
    #[serde(with = "crate::iso_date")]
    pub start: Date,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub end: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Section47 {
    /// Date of the strategy discussion that started the enquiry.
    #[serde(with = "crate::iso_date")]
    pub start: Date,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub icpc_target: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub icpc_date: Option<Date>,
    pub icpc_not_required: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CpPlan {
    #[serde(with = "crate::iso_date")]
    pub start: Date,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub end: Option<Date>,
    pub initial_category: AbuseCategory,
    pub latest_category: AbuseCategory,
    /// CIN `NumberOfPreviousCPP` as recorded.
    pub previous_plans: u32,
    /// Review conference dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "crate::iso_date::list")]
    pub reviews: Vec<Date>,
}

/// A 903 episode: one legal status and placement.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CareEpisode {
    #[serde(with = "crate::iso_date")]
    pub start: Date,
    pub reason_new: ReasonNewEpisode,
    pub legal_status: LegalStatus,
    /// Category of need at the start of the period of care.
    pub need: PrimaryNeed,
    pub placement: PlacementType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<PlacementProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub end: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_ceased: Option<ReasonEpisodeCeased>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_place_change: Option<ReasonPlaceChange>,
    /// Postcode district of the home (903 HOME_POST) and of the placement (PL_POST).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_postcode: Option<String>,
    /// Ofsted URN of the placement, or "XXXXXXX" where none applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<String>,
    /// Straight-line miles home to placement (COLLECT's PL_DISTANCE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_miles: Option<f32>,
    /// LA of the placement: our own code, another LA's, or NIR/WAL/SCO/NUK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_la: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaReview {
    #[serde(with = "crate::iso_date")]
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub due: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participation: Option<ReviewParticipation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    ChildInNeed,
    ChildProtection,
    LookedAfter,
}

/// A statutory visit by the child's social worker.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Visit {
    pub kind: VisitKind,
    #[serde(with = "crate::iso_date")]
    pub date: Date,
    pub seen: bool,
    pub seen_alone: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<WorkerId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthCheckKind {
    HealthAssessment,
    DentalCheck,
    Immunisations,
}

impl HealthCheckKind {
    /// The wording councils' systems and SSD extracts use.
    pub fn label(self) -> &'static str {
        match self {
            Self::HealthAssessment => "Health Assessment",
            Self::DentalCheck => "Dental Check",
            Self::Immunisations => "Immunisations",
        }
    }

    pub fn from_label(s: &str) -> Option<Self> {
        [Self::HealthAssessment, Self::DentalCheck, Self::Immunisations].into_iter().find(|k| k.label().eq_ignore_ascii_case(s))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HealthCheck {
    pub kind: HealthCheckKind,
    #[serde(with = "crate::iso_date")]
    pub date: Date,
    /// Completed, or offered and refused.
    pub completed: bool,
}

/// A personal education plan review (school-age looked-after children).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Pep {
    #[serde(with = "crate::iso_date")]
    pub date: Date,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MissingEpisode {
    pub kind: MissingType,
    #[serde(with = "crate::iso_date")]
    pub start: Date,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub end: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_interview_offered: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_interview_accepted: Option<bool>,
}

/// 903 OC2: outcomes for children looked after 12 months or more at 31 March.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AnnualOutcomes {
    /// 31 March of the collection year.
    #[serde(with = "crate::iso_date")]
    pub year_end: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdq_score: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdq_reason: Option<SdqReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convicted: Option<bool>,
    /// HEALTH_CHECK: health promotion / surveillance checks up to date; under-5s only (DfE rule 546).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<bool>,
    pub immunisations: bool,
    pub teeth_check: bool,
    /// HEALTH_ASSESSMENT: the annual health assessment is up to date (every child in the cohort, rule 191).
    pub health_assessment: bool,
    pub substance_misuse: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervention_received: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervention_offered: Option<bool>,
}

/// 903 OC3 and the SSD care-leaver record for one birthday.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CareLeaverRecord {
    /// The 17th to 21st birthday the information is about.
    #[serde(with = "crate::iso_date")]
    pub birthday: Date,
    pub in_touch: InTouch,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<CareLeaverActivity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accommodation: Option<AccommodationType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accommodation_suitable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub latest_contact: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub pathway_plan_review: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_adviser: Option<WorkerId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Adoption {
    /// Decision that the child should be placed for adoption (903 DATE_INT / PlacedAdoption DATE_PLACED).
    #[serde(with = "crate::iso_date")]
    pub decision: Date,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub placement_order: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub matched: Option<Date>,
    /// Moved in with the adopters.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub placed: Option<Date>,
    /// Adoption order (end of care with REC E11/E12).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub adopted: Option<Date>,
    pub by_foster_carer: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_adopters: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopter_sex: Option<AdopterSex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopter_legal_status: Option<AdopterLegalStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub decision_reversed: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reversed_reason: Option<ReasonPlacedCeased>,
}

impl Adoption {
    /// A decision to place for adoption, with nothing yet known of what followed.
    pub fn decided(decision: Date) -> Adoption {
        Adoption {
            decision,
            placement_order: None,
            matched: None,
            placed: None,
            adopted: None,
            by_foster_carer: false,
            number_of_adopters: None,
            adopter_sex: None,
            adopter_legal_status: None,
            decision_reversed: None,
            reversed_reason: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PreviousPermanence {
    pub order: PreviousPermanenceOrder,
    /// LA that made the previous order (code), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub la: Option<String>,
    /// As recorded; may be part-known ("zz/06/2019").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A worker responsible for a child's case over a span of time.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Allocation {
    pub worker: WorkerId,
    pub team: TeamId,
    #[serde(with = "crate::iso_date")]
    pub start: Date,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub end: Option<Date>,
    /// Why the worker changed at the end of this allocation (903 SW_REASON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<SwChangeReason>,
    /// The referral the allocation belongs to, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    FrontDoor,
    Assessment,
    Safeguarding,
    ChildrenInCare,
    LeavingCare,
    Disability,
    Adoption,
}

impl Service {
    pub fn label(self) -> &'static str {
        match self {
            Self::FrontDoor => "Front door",
            Self::Assessment => "Assessment",
            Self::Safeguarding => "Safeguarding and family support",
            Self::ChildrenInCare => "Children in care",
            Self::LeavingCare => "Leaving care",
            Self::Disability => "Children with disabilities",
            Self::Adoption => "Adoption and permanence",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub service: Service,
}

/// A children and family social worker (or manager) of the council or an agency.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Worker {
    pub id: WorkerId,
    pub name: String,
    /// Social Work England registration number.
    pub swe_no: String,
    pub team: TeamId,
    pub role: OrgRole,
    pub agency: bool,
    /// Contracted FTE, 0 < fte ≤ 1.
    pub fte: f64,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub birth_date: Option<Date>,
    pub sex: Sex,
    pub ethnicity: Ethnicity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<QualificationLevel>,
    #[serde(with = "crate::iso_date")]
    pub start: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_origin: Option<StartOrigin>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
    pub end: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaver_destination: Option<LeaverDestination>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaving_reason: Option<LeavingReason>,
    /// Working days lost to sickness in each census year (year to 30 September).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sickness_days: Vec<(i32, f64)>,
}

impl Worker {
    pub fn in_post_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e >= on)
    }
}

/// LA-level items of the workforce census for one year (at 30 September).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WorkforceReturn {
    /// The census date, 30 September.
    #[serde(with = "crate::iso_date")]
    pub census_date: Date,
    /// FTE vacancies (NumberOfVacancies).
    pub vacancies_fte: f64,
    /// Agency FTE covering vacancies (NoAgencyFTE).
    pub agency_cover_fte: f64,
    pub agency_cover_headcount: u32,
}

impl Child {
    /// The record as it stood at the end of `on`: later events dropped, later
    /// end dates open again. `None` when nothing about the child was known yet.
    pub fn as_known_on(&self, on: Date) -> Option<Child> {
        let known = |d: &Date| *d <= on;
        let open = |d: &mut Option<Date>| {
            if d.is_some_and(|x| x > on) {
                *d = None;
            }
        };
        let mut c = self.clone();
        c.contacts.retain(|x| known(&x.date));
        c.referrals.retain(|r| known(&r.date));
        for r in &mut c.referrals {
            if r.closure_date.is_some_and(|x| x > on) {
                r.closure_date = None;
                r.closure_reason = None;
            }
            open(&mut r.initial_cpc_date);
            r.assessments.retain(|a| known(&a.start));
            for a in &mut r.assessments {
                if a.authorised.is_some_and(|x| x > on) {
                    a.authorised = None;
                    a.factors.clear();
                }
            }
            r.cin_plans.retain(|p| known(&p.start));
            r.cin_plans.iter_mut().for_each(|p| open(&mut p.end));
            r.section47s.retain(|s| known(&s.start));
            for s in &mut r.section47s {
                if s.icpc_date.is_some_and(|x| x > on) {
                    s.icpc_date = None;
                    s.icpc_not_required = false;
                }
            }
            r.cp_plans.retain(|p| known(&p.start));
            for p in &mut r.cp_plans {
                open(&mut p.end);
                p.reviews.retain(known);
            }
        }
        c.care_episodes.retain(|e| known(&e.start));
        for e in &mut c.care_episodes {
            if e.end.is_some_and(|x| x > on) {
                e.end = None;
                e.reason_ceased = None;
                e.reason_place_change = None;
            }
        }
        c.cla_reviews.retain(|x| known(&x.date));
        c.visits.retain(|x| known(&x.date));
        c.health_checks.retain(|x| known(&x.date));
        c.peps.retain(|x| known(&x.date));
        c.missing_episodes.retain(|x| known(&x.start));
        for m in &mut c.missing_episodes {
            if m.end.is_some_and(|x| x > on) {
                m.end = None;
                m.return_interview_offered = None;
                m.return_interview_accepted = None;
            }
        }
        c.annual_outcomes.retain(|x| known(&x.year_end));
        c.care_leaver_records.retain(|x| known(&x.birthday));
        if let Some(a) = &mut c.adoption {
            if a.decision > on {
                c.adoption = None;
            } else {
                open(&mut a.placement_order);
                open(&mut a.matched);
                open(&mut a.placed);
                open(&mut a.adopted);
                if a.decision_reversed.is_some_and(|x| x > on) {
                    a.decision_reversed = None;
                    a.reversed_reason = None;
                }
            }
        }
        if c.care_episodes.is_empty() {
            c.previous_permanence = None;
        }
        if let Some(u) = &mut c.uasc {
            open(&mut u.ceased);
        }
        c.allocations.retain(|a| known(&a.start));
        for a in &mut c.allocations {
            if a.end.is_some_and(|x| x > on) {
                a.end = None;
                a.end_reason = None;
            }
        }
        let anything = !(c.contacts.is_empty() && c.referrals.is_empty() && c.care_episodes.is_empty() && c.care_leaver_records.is_empty());
        anything.then_some(c)
    }
}
