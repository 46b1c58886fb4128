//! Turns what was read into the one `Dataset`: every child's records from
//! every file and year merged into a single timeline. A later collection year
//! restates an earlier one (the DfE revises history the same way), so where
//! both hold the same episode the later wins. Values that do not parse are
//! left out here; validation has already said why.

use crate::issue::{Issue, Severity};
use crate::raw::*;
use crate::read::{Content, InputFile, Inputs};
use chrono::{Datelike, NaiveDate};
use scrutiny_model::codes::*;
use scrutiny_model::*;
use std::collections::{BTreeMap, HashMap};

mod annex_a;
mod sorted;

use sorted::SortedMap;

/// The dataset, the council it belongs to, and disagreements between sources.
pub struct Built {
    pub dataset: Dataset,
    pub council: Option<Council>,
    pub issues: Vec<Issue>,
}

#[derive(Default)]
struct ChildDraft<'a> {
    child: Option<Child>,
    /// Where the birth date came from, to report disagreements.
    birth_from: Option<(&'a str, NaiveDate)>,
    referrals: SortedMap<NaiveDate, Referral>,
    episodes: SortedMap<NaiveDate, CareEpisode>,
    reviews: SortedMap<NaiveDate, ClaReview>,
    missing: SortedMap<NaiveDate, MissingEpisode>,
    outcomes: SortedMap<NaiveDate, AnnualOutcomes>,
    leavers: SortedMap<NaiveDate, CareLeaverRecord>,
    visits: SortedMap<(NaiveDate, u8), Visit>,
    contacts: SortedMap<String, Contact>,
    health: SortedMap<(NaiveDate, u8), HealthCheck>,
    peps: SortedMap<NaiveDate, Pep>,
    allocations: SortedMap<(NaiveDate, String), Allocation>,
}

impl ChildDraft<'_> {
    /// What the SSDA903 says of an adoption only through the episodes of the
    /// period of care in which it was decided: the placement order (the first
    /// E1 or D1 legal status), the move to the adopters (the first A3–A6
    /// placement) and the adoption order (the end of the episode ended E11 or E12).
    fn adoption_from_episodes(&mut self) {
        let Some(a) = self.child.as_mut().and_then(|c| c.adoption.as_mut()) else { return };
        let begun = self.episodes.values().filter(|e| e.start <= a.decision && e.reason_new == ReasonNewEpisode::Started).map(|e| e.start).next_back();
        // Returns from before the first year read are not here: a period whose start is
        // not seen may have had its order or move earlier, so only the adoption order is taken.
        let whole = begun.is_some();
        let Some(from) = begun.or_else(|| self.episodes.keys().next().copied()) else { return };
        let mut later = self.episodes.range(from..).map(|(_, e)| e);
        let period: Vec<&CareEpisode> = later.next().into_iter().chain(later.take_while(|e| e.reason_new != ReasonNewEpisode::Started)).collect();
        if whole {
            let order = period.iter().find(|e| matches!(e.legal_status, LegalStatus::PlacementOrder | LegalStatus::FreeingOrder)).map(|e| e.start);
            a.placement_order = a.placement_order.or(order);
            a.placed = a.placed.or_else(|| period.iter().find(|e| e.placement.is_placed_for_adoption()).map(|e| e.start));
        }
        a.adopted = a.adopted.or_else(|| period.iter().find(|e| e.reason_ceased.is_some_and(|r| r.is_adoption())).and_then(|e| e.end));
    }
}

/// The children being built, by LA child id. The drafts are large (840 bytes),
/// so the map holds only their places, to probe quickly and grow cheaply, and
/// each is boxed, so the list grows by moving pointers rather than copying drafts.
#[derive(Default)]
struct Drafts<'a> {
    place: HashMap<Box<str>, usize, foldhash::fast::RandomState>,
    #[allow(clippy::vec_box, reason = "boxed on purpose: see above")]
    drafts: Vec<Box<ChildDraft<'a>>>,
}

impl<'a> Drafts<'a> {
    fn get(&self, id: &str) -> Option<&ChildDraft<'a>> {
        self.place.get(id).map(|&i| &*self.drafts[i])
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut ChildDraft<'a>> {
        self.place.get(id).map(|&i| &mut *self.drafts[i])
    }

    /// The child's draft, begun if this is the first sight of them.
    fn entry(&mut self, id: &str) -> &mut ChildDraft<'a> {
        let i = match self.place.get(id) {
            Some(&i) => i,
            None => {
                self.drafts.push(Box::default());
                self.place.insert(id.into(), self.drafts.len() - 1);
                self.drafts.len() - 1
            }
        };
        &mut self.drafts[i]
    }
}

#[derive(Default)]
struct Builder<'a> {
    /// Sorted into the dataset's order at the end.
    children: Drafts<'a>,
    issues: Vec<Issue>,
    teams: BTreeMap<String, Team>,
    workers: BTreeMap<String, Worker>,
    /// SWE number -> worker id, so the workforce census joins the SSD's professionals.
    worker_by_swe: HashMap<String, String>,
    /// A worker's name in ASCII lower case -> the first id (in order) with that
    /// name, made once the returns are read, for Annex A, which names workers.
    worker_by_name: HashMap<String, String>,
    returns: BTreeMap<NaiveDate, WorkforceReturn>,
    /// Census dates at which each worker was in post, for workers whose own dates are not returned (agency staff).
    seen_at_census: HashMap<String, Vec<NaiveDate>>,
    /// SSD period-of-care id (`clae_cla_id`) -> the child's id, for the tables
    /// that name only the period of care (reviews).
    period_of_care_child: HashMap<String, String>,
    /// The last day of the latest CIN census and SSDA903 year read: Annex A is
    /// checked against a return up to then, and fills in after it.
    census_until: Option<NaiveDate>,
    ssda903_until: Option<NaiveDate>,
}

/// How many rows ahead a row's draft is fetched.
const PREFETCH_AHEAD: usize = 8;

/// Asks for the memory at `value` to be brought into the cache, without waiting.
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it reads nothing and cannot fault.
    unsafe {
        let start = (value as *const T).cast::<i8>();
        for line in (0..std::mem::size_of::<T>()).step_by(64) {
            std::arch::x86_64::_mm_prefetch(start.add(line), std::arch::x86_64::_MM_HINT_T0);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// A child first met outside the census and header tables, whose identity later files may give.
fn unidentified(id: &str) -> Child {
    Child::new(id, Sex::Unknown, Ethnicity::NotObtained)
}

fn code<T, S: AsRef<str>>(v: &Val<S>, f: fn(&str) -> Option<T>) -> Option<T> {
    v.code(f)
}

impl<'a> Builder<'a> {
    fn draft(&mut self, id: &str) -> &mut ChildDraft<'a> {
        self.children.entry(id)
    }

    /// The child's identity, created on first sight and refined by later files.
    fn identity(&mut self, id: &str, file: &'a InputFile, line: u32, birth: Option<NaiveDate>, sex: Option<Sex>, ethnicity: Option<Ethnicity>) -> &mut Child {
        let d = self.children.entry(id);
        if let (Some(now), Some((from, prev))) = (birth, d.birth_from) {
            if prev != now && from != file.path {
                let message =
                    format!("{from} gives this child's date of birth as {prev}; this file says {now}. The later file is used; correct the one that is wrong.");
                self.issues.push(conflict(file, line, id, "date of birth", now.to_string(), message));
            }
        }
        if let Some(b) = birth {
            d.birth_from = Some((&file.path, b));
        }
        let child = d.child.get_or_insert_with(|| Child::new(id, sex.unwrap_or(Sex::Unknown), ethnicity.unwrap_or(Ethnicity::NotObtained)));
        if birth.is_some() {
            child.birth_date = birth;
        }
        if let Some(s) = sex {
            child.sex = s;
        }
        if let Some(e) = ethnicity {
            child.ethnicity = e;
        }
        child
    }

    fn cin(&mut self, file: &'a InputFile, census: &CinCensus) {
        self.census_until = self.census_until.max(file.year.map(|y| y.end()));
        for c in &census.children {
            let id = c.id();
            if id.is_empty() {
                continue;
            }
            let sex = c.sex.trimmed().or(c.gender_current.trimmed()).and_then(Sex::from_any_code);
            let child = self.identity(id, file, c.la_child_id.line, c.birth_date.date(), sex, code(&c.ethnicity, Ethnicity::from_code));
            child.upn = c.upn.trimmed().map(str::to_string).or(child.upn.take());
            child.former_upn = c.former_upn.trimmed().map(str::to_string).or(child.former_upn.take());
            child.upn_unknown = code(&c.upn_unknown, UpnUnknown::from_code).or(child.upn_unknown);
            child.expected_birth_date = c.expected_birth_date.date().or(child.expected_birth_date);
            child.death_date = c.death_date.date().or(child.death_date);
            let disabilities: Vec<Disability> = c.disabilities.iter().filter_map(|d| code(d, Disability::from_code)).collect();
            if !disabilities.is_empty() {
                child.disabilities = disabilities;
            }
            for e in &c.episodes {
                let Some(date) = e.referral_date.date() else { continue };
                let Some(source) = code(&e.referral_source, ReferralSource::from_code) else { continue };
                let referral = Referral {
                    id: format!("{id}-{:04}{:02}{:02}", date.year(), date.month(), date.day()),
                    date,
                    source,
                    primary_need: code(&e.primary_need, PrimaryNeed::from_code),
                    nfa: e.nfa.flag().unwrap_or(false),
                    closure_date: e.closure_date.date(),
                    closure_reason: code(&e.closure_reason, ClosureReason::from_code),
                    initial_cpc_date: e.initial_cpc.date(),
                    team: None,
                    worker: None,
                    assessments: e
                        .assessments
                        .iter()
                        .filter_map(|a| {
                            Some(Assessment {
                                start: a.start.date()?,
                                authorised: a.authorised.date(),
                                factors: a.factors.iter().filter_map(|f| code(f, AssessmentFactor::from_code)).collect(),
                                worker: None,
                            })
                        })
                        .collect(),
                    cin_plans: e.cin_plans.iter().filter_map(|p| Some(CinPlan { start: p.start.date()?, end: p.end.date() })).collect(),
                    section47s: e
                        .section47s
                        .iter()
                        .filter_map(|s| {
                            Some(Section47 {
                                start: s.start.date()?,
                                icpc_target: s.icpc_target.date(),
                                icpc_date: s.icpc_date.date(),
                                icpc_not_required: s.icpc_not_required.flag().unwrap_or(false),
                            })
                        })
                        .collect(),
                    cp_plans: e
                        .cp_plans
                        .iter()
                        .filter_map(|p| {
                            Some(CpPlan {
                                start: p.start.date()?,
                                end: p.end.date(),
                                initial_category: code(&p.initial_category, AbuseCategory::from_code)?,
                                latest_category: code(&p.latest_category, AbuseCategory::from_code).or(code(&p.initial_category, AbuseCategory::from_code))?,
                                previous_plans: p.previous_plans.trimmed().and_then(|t| t.parse().ok()).unwrap_or(0),
                                reviews: p.reviews.iter().filter_map(Val::date).collect(),
                            })
                        })
                        .collect(),
                };
                let d = self.draft(id);
                let merged = match d.referrals.remove(&date) {
                    Some(earlier) => merge_referral(earlier, referral),
                    None => referral,
                };
                d.referrals.insert(date, merged);
            }
        }
    }

    fn table(&mut self, file: &'a InputFile, t: &CsvTable) {
        let child_column = t.column("CHILD");
        let child_col = |r: &CsvRow| t.val(r, child_column);
        let year_end = file.year.map(|y| y.end());
        if t.kind.is_ssda903() {
            self.ssda903_until = self.ssda903_until.max(year_end);
        }
        match t.kind {
            TableKind::Header => {
                let (sex, dob, eth, upn, mother, mc_dob) = (t.get("SEX"), t.get("DOB"), t.get("ETHNIC"), t.get("UPN"), t.get("MOTHER"), t.get("MC_DOB"));
                for r in &t.rows {
                    let Some(id) = child_col(r).into_trimmed() else { continue };
                    let sex = sex(r).trimmed().and_then(Sex::from_any_code);
                    let child = self.identity(id, file, r.line, dob(r).date(), sex, code(&eth(r), Ethnicity::from_code));
                    let u = upn(r);
                    match u.trimmed() {
                        Some(t) if t.starts_with("UN") => child.upn_unknown = UpnUnknown::from_code(t).or(child.upn_unknown),
                        Some(t) => child.upn = Some(t.to_string()),
                        None => {}
                    }
                    if mother(r).flag() == Some(true) {
                        child.mother_of_child_born = mc_dob(r).date();
                    }
                }
            }
            TableKind::Episodes => {
                let cols = ["DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]
                    .map(|c| t.column(c));
                let places = self.places(t, child_column);
                for (k, r) in t.rows.iter().enumerate() {
                    let Some(id) = child_col(r).into_trimmed() else { continue };
                    let v = |i: usize| t.val(r, cols[i]);
                    let (Some(start), Some(rne), Some(ls), Some(need), Some(place)) = (
                        v(0).date(),
                        code(&v(1), ReasonNewEpisode::from_code),
                        code(&v(2), LegalStatus::from_code),
                        code(&v(3), PrimaryNeed::from_code),
                        code(&v(4), PlacementType::from_code),
                    ) else {
                        continue;
                    };
                    let text = |i: usize| v(i).trimmed().map(str::to_string);
                    let ep = CareEpisode {
                        start,
                        reason_new: rne,
                        legal_status: ls,
                        need,
                        placement: place,
                        provider: code(&v(5), PlacementProvider::from_code),
                        end: v(6).date(),
                        reason_ceased: code(&v(7), ReasonEpisodeCeased::from_code),
                        reason_place_change: code(&v(8), ReasonPlaceChange::from_code),
                        home_postcode: text(9),
                        placement_postcode: text(10),
                        urn: text(11),
                        distance_miles: None,
                        placement_la: None,
                    };
                    let d = self.child_at(&places, k, id);
                    // Keep a distance the SSD placement table supplied for the same episode.
                    let distance = d.episodes.get(&start).and_then(|e| e.distance_miles);
                    d.episodes.insert(start, CareEpisode { distance_miles: distance, ..ep });
                }
            }
            TableKind::Reviews => {
                let (date, code_col) = (t.get("REVIEW"), t.get("REVIEW_CODE"));
                let places = self.places(t, child_column);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(date)) = (child_col(r).into_trimmed(), date(r).date()) else { continue };
                    let reviews = &mut self.child_at(&places, k, id).reviews;
                    let due = reviews.get(&date).and_then(|x| x.due);
                    reviews.insert(date, ClaReview { date, due, participation: code(&code_col(r), ReviewParticipation::from_code) });
                }
            }
            TableKind::Uasc => {
                let duc = t.get("DUC");
                let places = self.places(t, child_column);
                for (k, r) in t.rows.iter().enumerate() {
                    let Some(id) = child_col(r).into_trimmed() else { continue };
                    self.record_at(&places, k, id).uasc = Some(Uasc { ceased: duc(r).date() });
                }
            }
            TableKind::Oc2 => {
                let Some(year_end) = year_end else { return };
                let g = |c: &str| t.get(c);
                let (sdq, reason, conv, hc, imm, teeth, ha, sm, ir, io) = (
                    g("SDQ_SCORE"),
                    g("SDQ_REASON"),
                    g("CONVICTED"),
                    g("HEALTH_CHECK"),
                    g("IMMUNISATIONS"),
                    g("TEETH_CHECK"),
                    g("HEALTH_ASSESSMENT"),
                    g("SUBSTANCE_MISUSE"),
                    g("INTERVENTION_RECEIVED"),
                    g("INTERVENTION_OFFERED"),
                );
                let places = self.places(t, child_column);
                for (k, r) in t.rows.iter().enumerate() {
                    let Some(id) = child_col(r).into_trimmed() else { continue };
                    self.child_at(&places, k, id).outcomes.insert(
                        year_end,
                        AnnualOutcomes {
                            year_end,
                            sdq_score: sdq(r).trimmed().and_then(|s| s.parse().ok()),
                            sdq_reason: code(&reason(r), SdqReason::from_code),
                            convicted: conv(r).flag(),
                            health_check: hc(r).flag(),
                            immunisations: imm(r).flag() == Some(true),
                            teeth_check: teeth(r).flag() == Some(true),
                            health_assessment: ha(r).flag() == Some(true),
                            substance_misuse: sm(r).flag() == Some(true),
                            intervention_received: ir(r).flag(),
                            intervention_offered: io(r).flag(),
                        },
                    );
                }
            }
            TableKind::Oc3 => {
                let Some(year) = file.year else { return };
                let (dob, touch, activ, accom) = (t.get("DOB"), t.get("IN_TOUCH"), t.get("ACTIV"), t.get("ACCOM"));
                let places = self.places(t, child_column);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(born)) = (child_col(r).into_trimmed(), dob(r).date()) else { continue };
                    let Some(in_touch) = code(&touch(r), InTouch::from_code) else { continue };
                    // The birthday (17th to 21st) that falls in the collection year.
                    let Some(birthday) = (17..=21).filter_map(|a| birthday(born, a)).find(|b| year.contains(*b)) else { continue };
                    let a = accom(r);
                    let a = a.trimmed().unwrap_or("0");
                    // A type letter then a suitability digit; anything else is "not known".
                    let (ty, suitable) = match (a.get(..1), a.get(1..)) {
                        (Some(letter), Some(digit)) if a != "0" => (
                            AccommodationType::from_code(letter),
                            match digit {
                                "1" => Some(true),
                                "2" => Some(false),
                                _ => None,
                            },
                        ),
                        _ => (None, None),
                    };
                    let d = self.child_at(&places, k, id);
                    let prev = d.leavers.remove(&birthday);
                    d.leavers.insert(
                        birthday,
                        CareLeaverRecord {
                            birthday,
                            in_touch,
                            activity: code(&activ(r), CareLeaverActivity::from_code),
                            accommodation: ty,
                            accommodation_suitable: suitable,
                            latest_contact: prev.as_ref().and_then(|p| p.latest_contact),
                            pathway_plan_review: prev.as_ref().and_then(|p| p.pathway_plan_review),
                            personal_adviser: prev.and_then(|p| p.personal_adviser),
                        },
                    );
                }
            }
            TableKind::Ad1 | TableKind::PlacedAdoption => self.adoption(t),
            TableKind::PrevPerm => {
                let (perm, la, date) = (t.get("PREV_PERM"), t.get("LA_PERM"), t.get("DATE_PERM"));
                let places = self.places(t, child_column);
                for (k, r) in t.rows.iter().enumerate() {
                    let Some(id) = child_col(r).into_trimmed() else { continue };
                    let Some(order) = code(&perm(r), PreviousPermanenceOrder::from_code) else { continue };
                    self.record_at(&places, k, id).previous_permanence =
                        Some(PreviousPermanence { order, la: la(r).trimmed().map(str::to_string), date: date(r).trimmed().map(str::to_string) });
                }
            }
            TableKind::Missing => {
                let (kind, start, end) = (t.get("MISSING"), t.get("MIS_START"), t.get("MIS_END"));
                let places = self.places(t, child_column);
                for (row, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(s), Some(k)) = (child_col(r).into_trimmed(), start(r).date(), code(&kind(r), MissingType::from_code)) else {
                        continue;
                    };
                    let d = self.child_at(&places, row, id);
                    let prev = d.missing.remove(&s);
                    d.missing.insert(
                        s,
                        MissingEpisode {
                            kind: k,
                            start: s,
                            end: end(r).date(),
                            return_interview_offered: prev.as_ref().and_then(|p| p.return_interview_offered),
                            return_interview_accepted: prev.and_then(|p| p.return_interview_accepted),
                        },
                    );
                }
            }
            TableKind::SocialWorkers => {
                let (sw, start, end, reason) = (t.get("SW_ID"), t.get("SW_DECOM"), t.get("SW_DEC"), t.get("SW_REASON"));
                let places = self.places(t, child_column);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(w), Some(s)) = (child_col(r).into_trimmed(), sw(r).trimmed().map(str::to_string), start(r).date()) else {
                        continue;
                    };
                    let d = self.child_at(&places, k, id);
                    let team = d.allocations.get(&(s, w.clone())).map(|a| a.team.clone()).unwrap_or_default();
                    d.allocations.insert(
                        (s, w.clone()),
                        Allocation {
                            worker: w,
                            team,
                            start: s,
                            end: end(r).date(),
                            end_reason: code(&reason(r), SwChangeReason::from_code),
                            referral_id: None,
                        },
                    );
                }
            }
            TableKind::CswwWorkers => self.csww_workers(file, t),
            TableKind::CswwLa => {
                let (date, vac, fte, head) = (t.get("CensusDate"), t.get("NumberOfVacancies"), t.get("NoAgencyFTE"), t.get("NoAgencyHeadcount"));
                for r in &t.rows {
                    let census = date(r).date().or_else(|| file.year.and_then(|y| NaiveDate::from_ymd_opt(y.start().year(), 9, 30)));
                    let Some(census) = census else { continue };
                    let num = |v: Cell| v.trimmed().and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
                    self.returns.insert(
                        census,
                        WorkforceReturn {
                            census_date: census,
                            vacancies_fte: num(vac(r)),
                            agency_cover_fte: num(fte(r)),
                            agency_cover_headcount: num(head(r)) as u32,
                        },
                    );
                }
            }
            TableKind::Ssd(s) => self.ssd(s, t, file.year),
            TableKind::AnnexA(list) => self.annex_a(file, t, list),
        }
    }

    /// The child's draft, given an identity to refine later if this is the
    /// first sight of them (outside the census and header tables).
    fn child(&mut self, id: &str) -> &mut ChildDraft<'a> {
        // With no places known, the child is looked up by id.
        self.child_at(&[], 0, id)
    }

    /// Where each row's child is among the drafts, for a whole table, looked
    /// up in one tight loop before any row is worked on: the lookups then wait
    /// on memory together instead of one row at a time.
    fn places(&self, t: &CsvTable, person: Option<usize>) -> Vec<Option<u32>> {
        t.rows.iter().map(|r| t.val(r, person).into_trimmed().and_then(|id| self.children.place.get(id)).map(|&i| i as u32)).collect()
    }

    /// As `child`, for row `k` of a table whose `places` are known; the draft a
    /// few rows on is asked for from memory now, so it is there when its turn comes.
    fn child_at(&mut self, places: &[Option<u32>], k: usize, id: &str) -> &mut ChildDraft<'a> {
        if let Some(&Some(ahead)) = places.get(k + PREFETCH_AHEAD) {
            prefetch(&*self.children.drafts[ahead as usize]);
        }
        let d = match places.get(k).copied().flatten() {
            Some(i) => &mut *self.children.drafts[i as usize],
            None => self.children.entry(id),
        };
        d.child.get_or_insert_with(|| unidentified(id));
        d
    }

    /// As `record`, for row `k` of a table whose `places` are known.
    fn record_at(&mut self, places: &[Option<u32>], k: usize, id: &str) -> &mut Child {
        self.child_at(places, k, id).child.get_or_insert_with(|| unidentified(id))
    }

    /// The child's own record, begun as `child` begins it.
    fn record(&mut self, id: &str) -> &mut Child {
        self.record_at(&[], 0, id)
    }

    fn adoption(&mut self, t: &CsvTable) {
        let child_col = t.get("CHILD");
        let g = |c: &str| t.get(c);
        let (int, matched, foster, nb, sex, ls, placed, ceased, reason) = (
            g("DATE_INT"),
            g("DATE_MATCH"),
            g("FOSTER_CARE"),
            g("NB_ADOPTR"),
            g("SEX_ADOPTR"),
            g("LS_ADOPTR"),
            g("DATE_PLACED"),
            g("DATE_PLACED_CEASED"),
            g("REASON_PLACED_CEASED"),
        );
        for r in &t.rows {
            let Some(id) = child_col(r).into_trimmed() else { continue };
            let decision = if t.kind == TableKind::Ad1 { int(r).date() } else { placed(r).date() };
            let Some(decision) = decision else { continue };
            let a = self.record(id).adoption.get_or_insert(Adoption::decided(decision));
            if t.kind == TableKind::Ad1 {
                a.decision = decision;
                a.matched = matched(r).date().or(a.matched);
                a.by_foster_carer = foster(r).flag() == Some(true);
                a.number_of_adopters = nb(r).trimmed().and_then(|s| s.parse().ok());
                a.adopter_sex = code(&sex(r), AdopterSex::from_code);
                a.adopter_legal_status = code(&ls(r), AdopterLegalStatus::from_code);
            } else {
                a.decision_reversed = ceased(r).date().or(a.decision_reversed);
                a.reversed_reason = code(&reason(r), ReasonPlacedCeased::from_code).or(a.reversed_reason);
            }
        }
    }

    fn csww_workers(&mut self, file: &InputFile, t: &CsvTable) {
        let g = |c: &str| t.get(c);
        let (agency, swe, fte, dob, sex, eth, qual, role, start, origin, end, dest, reason, lost, census) = (
            g("AgencyWorker"),
            g("SWENo"),
            g("FTE"),
            g("PersonBirthDate"),
            g("GenderCurrent"),
            g("Ethnicity"),
            g("QualLevel"),
            g("OrgRole"),
            g("RoleStartDate"),
            g("StartOrigin"),
            g("RoleEndDate"),
            g("LeaverDestination"),
            g("ReasonLeave"),
            g("WorkingDaysLost"),
            g("CensusDate"),
        );
        let fte30 = g("FTE30");
        for r in &t.rows {
            let Some(swe_no) = swe(r).trimmed().map(str::to_string) else { continue };
            let id = self.worker_by_swe.get(&swe_no).cloned().unwrap_or_else(|| swe_no.clone());
            let census_date = census(r).date().or_else(|| file.year.and_then(|y| NaiveDate::from_ymd_opt(y.start().year(), 9, 30)));
            let census_year = census_date.map(|d| d.year());
            let in_post_at_census = fte30(r).present();
            if let (Some(c), true) = (census_date, in_post_at_census) {
                self.seen_at_census.entry(id.clone()).or_default().push(c);
            }
            let w = self.workers.entry(id.clone()).or_insert_with(|| unknown_worker(&id, &swe_no));
            w.agency = agency(r).flag() == Some(true);
            if let Some(x) = fte(r).trimmed().and_then(|s| s.parse().ok()) {
                w.fte = x;
            }
            w.birth_date = dob(r).date().or(w.birth_date);
            if let Some(s) = sex(r).trimmed().and_then(Sex::from_any_code) {
                w.sex = s;
            }
            w.ethnicity = code(&eth(r), Ethnicity::from_code).unwrap_or(w.ethnicity);
            w.qualification = code(&qual(r), QualificationLevel::from_code).or(w.qualification);
            w.role = code(&role(r), OrgRole::from_code).unwrap_or(w.role);
            if let Some(s) = start(r).date() {
                w.start = s;
            }
            w.start_origin = code(&origin(r), StartOrigin::from_code).or(w.start_origin);
            w.end = end(r).date().or(w.end);
            w.leaver_destination = code(&dest(r), LeaverDestination::from_code).or(w.leaver_destination);
            w.leaving_reason = code(&reason(r), LeavingReason::from_code).or(w.leaving_reason);
            if let (Some(y), Some(days)) = (census_year, lost(r).trimmed().and_then(|s| s.parse::<f64>().ok())) {
                w.sickness_days.retain(|(yy, _)| *yy != y);
                w.sickness_days.push((y, days));
                w.sickness_days.sort_by_key(|x| x.0);
            }
        }
    }

    /// An SSD table of the extract for `year` (when its folder says which).
    fn ssd(&mut self, table: SsdTable, t: &CsvTable, year: Option<Period>) {
        let g = |c: &str| t.get(c);
        let yes = |v: Cell| v.flag() == Some(true);
        let person = t.person_column();
        let pid = |r| t.val(r, person).into_trimmed();
        // Columns are looked up once per table, outside the row loops.
        match table {
            SsdTable::Person => {
                let (fore, sur, sex, eth, dob) = (g("pers_forename"), g("pers_surname"), g("pers_sex"), g("pers_ethnicity"), g("pers_dob"));
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let Some(id) = pid(r) else { continue };
                    let sex = sex(r).trimmed().and_then(Sex::from_any_code);
                    let eth = code(&eth(r), Ethnicity::from_code);
                    let born = dob(r).date();
                    let c = self.record_at(&places, k, id);
                    c.forename = fore(r).trimmed().map(str::to_string).or(c.forename.take());
                    c.surname = sur(r).trimmed().map(str::to_string).or(c.surname.take());
                    if c.birth_date.is_none() {
                        c.birth_date = born;
                    }
                    if c.sex == Sex::Unknown {
                        c.sex = sex.unwrap_or(Sex::Unknown);
                    }
                    if c.ethnicity == Ethnicity::NotObtained {
                        c.ethnicity = eth.unwrap_or(Ethnicity::NotObtained);
                    }
                }
            }
            SsdTable::Family => {
                let family = g("fami_family_id");
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(fam)) = (pid(r), family(r).trimmed().map(str::to_string)) else { continue };
                    self.record_at(&places, k, id).family_id = Some(fam);
                }
            }
            SsdTable::Contacts => {
                let (contact, date, source, outcome) =
                    (g("cont_contact_id"), g("cont_contact_date"), g("cont_contact_source_code"), g("cont_contact_outcome_json"));
                let places = self.places(t, person);
                // A table's outcome dictionaries are a handful of texts, each repeated
                // thousands of times: each is read once.
                let mut outcomes: HashMap<&str, ContactOutcome, foldhash::fast::RandomState> = HashMap::default();
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(cid), Some(date)) = (pid(r), contact(r).trimmed().map(str::to_string), date(r).date()) else {
                        continue;
                    };
                    // Systems extract their own source codes (POLICE, a lookup id): the
                    // contact still counts, its source unknown unless a CIN census code.
                    let source = code(&source(r), ReferralSource::from_code).unwrap_or(ReferralSource::Unknown);
                    let text = outcome(r).text.unwrap_or("");
                    let outcome = *outcomes.entry(text).or_insert_with(|| contact_outcome(text));
                    self.child_at(&places, k, id).contacts.insert(cid.clone(), Contact { id: cid, date, source, outcome });
                }
            }
            SsdTable::CinVisits | SsdTable::CpVisits | SsdTable::ClaVisits => {
                let (prefix, kind) = match table {
                    SsdTable::CinVisits => ("cinv_cin", VisitKind::ChildInNeed),
                    SsdTable::CpVisits => ("cppv_cp", VisitKind::ChildProtection),
                    _ => ("clav_cla", VisitKind::LookedAfter),
                };
                let (date, seen, alone) = (g(&format!("{prefix}_visit_date")), g(&format!("{prefix}_visit_seen")), g(&format!("{prefix}_visit_seen_alone")));
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(date)) = (pid(r), date(r).date()) else { continue };
                    let visit = Visit { kind, date, seen: yes(seen(r)), seen_alone: yes(alone(r)), worker: None };
                    self.child_at(&places, k, id).visits.insert((date, kind as u8), visit);
                }
            }
            SsdTable::ClaReviews => {
                let (cla, date, due, cancelled, participation) = (
                    g("clar_cla_id"),
                    g("clar_cla_review_date"),
                    g("clar_cla_review_due_date"),
                    g("clar_cla_review_cancelled"),
                    g("clar_cla_review_participation"),
                );
                for r in &t.rows {
                    // A review names its period of care, whose child the CLA episodes give.
                    let Some(id) = cla(r).into_trimmed().and_then(|c| self.period_of_care_child.get(c)).cloned() else { continue };
                    let Some(date) = date(r).date() else { continue };
                    // A cancelled review was not held.
                    if yes(cancelled(r)) {
                        continue;
                    }
                    let d = self.child(&id);
                    let participation = d.reviews.get(&date).and_then(|x| x.participation).or(code(&participation(r), ReviewParticipation::from_code));
                    d.reviews.insert(date, ClaReview { date, due: due(r).date(), participation });
                }
            }
            SsdTable::ClaHealth => {
                let (date, kind, status) = (g("clah_health_check_date"), g("clah_health_check_type"), g("clah_health_check_status"));
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(date)) = (pid(r), date(r).date()) else { continue };
                    let Some(kind) = health_check_kind(kind(r).raw()) else { continue };
                    // The SSD's statuses are Planned, Refused, Cancelled and Completed.
                    let completed = status(r).trimmed().is_some_and(|s| ["completed", "complete", "y", "yes"].iter().any(|w| s.eq_ignore_ascii_case(w)));
                    self.child_at(&places, k, id).health.insert((date, kind as u8), HealthCheck { kind, date, completed });
                }
            }
            SsdTable::Missing => {
                let (start, kind, end, offered, accepted) = (
                    g("miss_missing_episode_start_date"),
                    g("miss_missing_episode_type"),
                    g("miss_missing_episode_end_date"),
                    g("miss_missing_rhi_offered"),
                    g("miss_missing_rhi_accepted"),
                );
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(start)) = (pid(r), start(r).date()) else { continue };
                    let kind = kind(r).trimmed().and_then(missing_type).unwrap_or(MissingType::Missing);
                    let (offered, accepted) = (offered(r), accepted(r));
                    let d = self.child_at(&places, k, id);
                    let m = d.missing.get_or_insert(
                        start,
                        MissingEpisode { kind, start, end: end(r).date(), return_interview_offered: None, return_interview_accepted: None },
                    );
                    // The SSD allows NA and NULL as well as Y and N: those say nothing.
                    let answered = |v: &Cell| v.trimmed().is_some_and(|t| !["NA", "N/A", "NULL"].iter().any(|w| t.eq_ignore_ascii_case(w)));
                    m.return_interview_offered = answered(&offered).then(|| yes(offered));
                    m.return_interview_accepted = answered(&accepted).then(|| yes(accepted));
                }
            }
            SsdTable::CareLeavers => {
                let (contact, plan, adviser, in_touch, activity, accommodation, suitable) = (
                    g("clea_care_leaver_latest_contact"),
                    g("clea_pathway_plan_review_date"),
                    g("clea_care_leaver_personal_advisor"),
                    g("clea_care_leaver_in_touch"),
                    g("clea_care_leaver_activity"),
                    g("clea_care_leaver_accommodation"),
                    g("clea_care_leaver_accom_suitable"),
                );
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let Some(id) = pid(r) else { continue };
                    let (contact, plan, adviser) = (contact(r).date(), plan(r).date(), adviser(r).trimmed().map(str::to_string));
                    let in_touch = code(&in_touch(r), InTouch::from_code);
                    let d = self.child_at(&places, k, id);
                    let Some(bday) = d.child.as_ref().and_then(|c| c.birth_date).and_then(|born| leaver_birthday(born, year, contact.or(plan))) else {
                        continue;
                    };
                    let rec = d.leavers.get_or_insert(
                        bday,
                        CareLeaverRecord {
                            birthday: bday,
                            // The latest contact is left blank when the council is not in touch.
                            in_touch: in_touch.unwrap_or(if contact.is_some() { InTouch::Yes } else { InTouch::No }),
                            activity: code(&activity(r), CareLeaverActivity::from_code),
                            accommodation: code(&accommodation(r), AccommodationType::from_code),
                            accommodation_suitable: suitable(r).present().then(|| yes(suitable(r))),
                            latest_contact: None,
                            pathway_plan_review: None,
                            personal_adviser: None,
                        },
                    );
                    rec.latest_contact = contact;
                    rec.pathway_plan_review = plan;
                    rec.personal_adviser = adviser;
                }
            }
            SsdTable::Involvements => {
                let (worker, role, start, team, referral, end, reason) = (
                    g("invo_professional_id"),
                    g("invo_professional_role_id"),
                    g("invo_involvement_start_date"),
                    g("invo_professional_team"),
                    g("invo_referral_id"),
                    g("invo_involvement_end_date"),
                    g("invo_worker_change_reason"),
                );
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(worker), Some(start)) = (pid(r), worker(r).trimmed().map(str::to_string), start(r).date()) else {
                        continue;
                    };
                    if reviews_rather_than_holds(role(r).raw()) {
                        continue;
                    }
                    let allocation = Allocation {
                        worker: worker.clone(),
                        team: team(r).trimmed().unwrap_or("").to_string(),
                        start,
                        end: end(r).date(),
                        end_reason: code(&reason(r), SwChangeReason::from_code),
                        referral_id: referral(r).trimmed().map(str::to_string),
                    };
                    self.child_at(&places, k, id).allocations.insert((start, worker), allocation);
                }
            }
            SsdTable::Pep => {
                let date = g("pep_review_date");
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(date)) = (pid(r), date(r).date()) else { continue };
                    self.child_at(&places, k, id).peps.insert(date, Pep { date });
                }
            }
            SsdTable::Professionals => {
                let (id, swe_no, title, name, department, agency, fte) = (
                    g("prof_professional_id"),
                    g("prof_social_worker_registration_no"),
                    g("prof_professional_job_title"),
                    g("prof_professional_name"),
                    g("prof_professional_department"),
                    g("prof_agency_worker_flag"),
                    g("prof_full_time_equivalency"),
                );
                for r in &t.rows {
                    let Some(wid) = id(r).trimmed().map(str::to_string) else { continue };
                    let swe = swe_no(r).trimmed().unwrap_or("").to_string();
                    if !swe.is_empty() {
                        self.worker_by_swe.insert(swe.clone(), wid.clone());
                    }
                    let role = role_of_title(title(r).raw());
                    let w = self.workers.entry(wid.clone()).or_insert_with(|| unknown_worker(&wid, &swe));
                    w.name = name(r).trimmed().unwrap_or(&w.name).to_string();
                    w.team = department(r).trimmed().unwrap_or(&w.team).to_string();
                    w.role = role.unwrap_or(w.role);
                    w.agency = yes(agency(r));
                    if let Some(f) = fte(r).trimmed().and_then(|s| s.parse().ok()) {
                        w.fte = f;
                    }
                }
            }
            SsdTable::Department => {
                let (id, parent_id, parent_name, name) = (g("dept_team_id"), g("dept_team_parent_id"), g("dept_team_parent_name"), g("dept_team_name"));
                for r in &t.rows {
                    let Some(tid) = id(r).trimmed().map(str::to_string) else { continue };
                    let service = service_of(parent_id(r).raw(), parent_name(r).raw());
                    let name = name(r).trimmed().unwrap_or(&tid).to_string();
                    self.teams.insert(tid.clone(), Team { id: tid, name, service });
                }
            }
            // Plans, reviews and episodes restate the CIN census and SSDA903, which are read from there.
            SsdTable::ClaEpisodes => {
                let cla = g("clae_cla_id");
                for r in &t.rows {
                    if let (Some(id), Some(period)) = (pid(r), cla(r).into_trimmed()) {
                        self.period_of_care_child.insert(period.to_string(), id.to_string());
                    }
                }
            }
            SsdTable::CinEpisodes | SsdTable::CpPlans | SsdTable::CpReviews => {}
            SsdTable::ClaPlacement => {
                let (start, distance) = (g("clap_cla_placement_start_date"), g("clap_cla_placement_distance"));
                let places = self.places(t, person);
                for (k, r) in t.rows.iter().enumerate() {
                    let (Some(id), Some(start)) = (pid(r), start(r).date()) else { continue };
                    let distance = distance(r).trimmed().and_then(|s| s.parse::<f32>().ok());
                    if let Some(e) = self.child_at(&places, k, id).episodes.get_mut(&start) {
                        e.distance_miles = distance.or(e.distance_miles);
                    }
                }
            }
        }
    }

    /// Agency workers' dates are not collected, and the SSD lists every worker
    /// active in a year without dates. Where a worker's own dates are missing,
    /// take them from the censuses they appear in and the cases they held:
    /// in post from the first sighting, gone after the last unless still seen.
    fn date_workers(&mut self, children: &[Child]) {
        let latest = self.returns.keys().copied().chain(self.seen_at_census.values().flatten().copied()).max();
        let mut spans: HashMap<&str, (NaiveDate, Option<NaiveDate>)> = HashMap::new();
        for a in children.iter().flat_map(|c| &c.allocations) {
            let e = spans.entry(a.worker.as_str()).or_insert((a.start, a.end));
            e.0 = e.0.min(a.start);
            e.1 = match (e.1, a.end) {
                (Some(x), Some(y)) => Some(x.max(y)),
                _ => None,
            };
        }
        for w in self.workers.values_mut() {
            let seen = self.seen_at_census.get(&w.id);
            let first_seen = seen.and_then(|s| s.iter().min().copied());
            let last_seen = seen.and_then(|s| s.iter().max().copied());
            let cases = spans.get(w.id.as_str());
            if w.start == NaiveDate::MIN {
                if let Some(first) = [first_seen, cases.map(|c| c.0)].into_iter().flatten().min() {
                    w.start = first;
                }
            }
            let still_seen = last_seen.is_some() && last_seen == latest;
            let holds_open_case = cases.is_some_and(|c| c.1.is_none());
            if w.end.is_none() && !still_seen && !holds_open_case {
                w.end = [last_seen, cases.and_then(|c| c.1)].into_iter().flatten().max();
            }
        }
    }

    fn finish(mut self, council: Option<Council>) -> Built {
        let drafts = in_order_of_id(std::mem::take(&mut self.children).drafts);
        // Each half is made into children on its own core: by now the rules are
        // usually done, and the other core would wait for the dataset.
        let mut first = drafts;
        let second = first.split_off(first.len() / 2);
        let workers = &self.workers;
        let room = first.len() + second.len();
        let (mut children, rest) = std::thread::scope(|s| {
            let other = s.spawn(|| children_of(second, workers, 0));
            let first = children_of(first, workers, room);
            (first, other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        children.extend(rest);
        self.date_workers(&children);
        let dataset = Dataset {
            children,
            teams: self.teams.into_values().collect(),
            workers: self.workers.into_values().collect(),
            workforce_returns: self.returns.into_values().collect(),
        };
        Built { dataset, council, issues: self.issues }
    }
}

/// The drafts of identified children, in order of child id. Sorted as small keys
/// (an id's first 16 bytes, then the whole id on a tie) and moved as pointers:
/// sorting the finished children would move 550 bytes at every step.
#[allow(clippy::vec_box, reason = "the drafts as the builder holds them")]
fn in_order_of_id(drafts: Vec<Box<ChildDraft<'_>>>) -> Vec<Box<ChildDraft<'_>>> {
    fn prefix(id: &str) -> u128 {
        let mut bytes = [0u8; 16];
        let n = id.len().min(16);
        bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
        u128::from_be_bytes(bytes)
    }
    let mut order: Vec<(u128, &str, usize)> =
        drafts.iter().enumerate().filter_map(|(i, d)| d.child.as_ref().map(|c| (prefix(&c.id), c.id.as_str(), i))).collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let order: Vec<usize> = order.into_iter().map(|(_, _, i)| i).collect();
    let mut slots: Vec<Option<Box<ChildDraft>>> = drafts.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The children of these drafts, in the drafts' order, in a list with room for `room` (at least these).
#[allow(clippy::vec_box, reason = "the drafts as the builder holds them")]
fn children_of(drafts: Vec<Box<ChildDraft<'_>>>, workers: &BTreeMap<String, Worker>, room: usize) -> Vec<Child> {
    let mut children = Vec::with_capacity(room.max(drafts.len()));
    for d in drafts {
        let d = *d;
        let Some(mut c) = d.child else { continue };
        c.referrals = d.referrals.into_values().collect();
        c.care_episodes = d.episodes.into_values().collect();
        c.cla_reviews = d.reviews.into_values().collect();
        c.missing_episodes = d.missing.into_values().collect();
        c.annual_outcomes = d.outcomes.into_values().collect();
        c.care_leaver_records = d.leavers.into_values().collect();
        c.visits = d.visits.into_values().collect();
        c.contacts = d.contacts.into_values().collect();
        c.contacts.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        c.health_checks = d.health.into_values().collect();
        c.peps = d.peps.into_values().collect();
        c.allocations = d.allocations.into_values().collect();
        // An allocation's team, where only the worker was given.
        for a in &mut c.allocations {
            if a.team.is_empty() {
                if let Some(w) = workers.get(&a.worker) {
                    a.team = w.team.clone();
                }
            }
        }
        for r in &mut c.referrals {
            if let Some(a) = c.allocations.iter().rev().find(|a| a.start <= r.closure_date.unwrap_or(NaiveDate::MAX) && a.end.is_none_or(|e| e >= r.date)) {
                r.worker = Some(a.worker.clone());
                r.team = (!a.team.is_empty()).then(|| a.team.clone());
            }
        }
        children.push(c);
    }
    children
}

/// Two sources disagree on a fact about a child: a warning that says which was kept.
fn conflict(file: &InputFile, line: u32, child: &str, field: &str, value: String, message: String) -> Issue {
    Issue {
        severity: Severity::Warning,
        rule: "SCR-CONFLICT".into(),
        file: file.path.clone(),
        line: Some(line),
        child: Some(child.into()),
        field: Some(field.into()),
        value: Some(value),
        message,
    }
}

/// Each census holds only the modules open in its year, so an episode seen in
/// several years is the union of its modules; where both years hold the same
/// module (same start), the later year's version wins.
fn merge_referral(earlier: Referral, later: Referral) -> Referral {
    fn union<T>(old: Vec<T>, new: Vec<T>, key: impl Fn(&T) -> NaiveDate) -> Vec<T> {
        let mut by_start: BTreeMap<NaiveDate, T> = old.into_iter().map(|x| (key(&x), x)).collect();
        for x in new {
            by_start.insert(key(&x), x);
        }
        by_start.into_values().collect()
    }
    let mut cp_plans = earlier.cp_plans;
    for plan in later.cp_plans {
        match cp_plans.iter_mut().find(|p| p.start == plan.start) {
            Some(p) => {
                let mut reviews = std::mem::take(&mut p.reviews);
                reviews.extend(plan.reviews.iter().copied());
                reviews.sort();
                reviews.dedup();
                *p = CpPlan { reviews, ..plan };
            }
            None => cp_plans.push(plan),
        }
    }
    cp_plans.sort_by_key(|p| p.start);
    Referral {
        assessments: union(earlier.assessments, later.assessments, |a| a.start),
        cin_plans: union(earlier.cin_plans, later.cin_plans, |p| p.start),
        section47s: union(earlier.section47s, later.section47s, |s| s.start),
        cp_plans,
        initial_cpc_date: later.initial_cpc_date.or(earlier.initial_cpc_date),
        ..later
    }
}

fn birthday(born: NaiveDate, age: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(born.year() + age, born.month(), born.day()).or_else(|| NaiveDate::from_ymd_opt(born.year() + age, 3, 1))
}

/// A worker known only by id and registration number until the returns say more.
fn unknown_worker(id: &str, swe_no: &str) -> Worker {
    Worker {
        id: id.to_string(),
        name: String::new(),
        swe_no: swe_no.to_string(),
        team: String::new(),
        role: OrgRole::CaseHolder,
        agency: false,
        fte: 1.0,
        birth_date: None,
        sex: Sex::Unknown,
        ethnicity: Ethnicity::NotObtained,
        qualification: None,
        start: NaiveDate::MIN,
        start_origin: None,
        end: None,
        leaver_destination: None,
        leaving_reason: None,
        sickness_days: Vec::new(),
    }
}

/// The 17th to 21st birthday an SSD care leaver's row is about: the one in the
/// extract's year, as the SSDA903 asks about the birthday in the year (a row
/// is kept whether or not it has a date: the latest contact is left blank for
/// a young person the council is not in touch with). Without a year, the
/// birthday nearest the latest contact or plan review.
fn leaver_birthday(born: NaiveDate, year: Option<Period>, dated: Option<NaiveDate>) -> Option<NaiveDate> {
    let birthdays = (17..=21).filter_map(|age| birthday(born, age));
    match year {
        Some(year) => birthdays.into_iter().find(|b| year.contains(*b)),
        None => {
            let on = dated?;
            birthdays.min_by_key(|b| (*b - on).num_days().abs())
        }
    }
}

/// A role in SSD involvements that reviews a child's case rather than holding
/// it (independent reviewing officers, conference chairs): such a worker is
/// not the child's allocated worker and their reviews are not caseload.
fn reviews_rather_than_holds(role: &str) -> bool {
    let r = role.to_ascii_lowercase();
    r.contains("reviewing") || r.contains("chair") || r.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == "iro")
}

/// A worker's organisational role from an SSD job title, which the standard
/// leaves as text: the workforce census's own labels, or the titles councils
/// use ("Team Manager", "Senior Social Worker"). `None` when the title does not say.
fn role_of_title(title: &str) -> Option<OrgRole> {
    let t = title.trim().to_ascii_lowercase();
    if let Some(role) = OrgRole::ALL.iter().copied().find(|o| o.label().eq_ignore_ascii_case(&t)) {
        return Some(role);
    }
    let has = |w: &str| t.contains(w);
    if has("director") {
        Some(OrgRole::SeniorManager)
    } else if has("head of") || has("service manager") || has("group manager") || has("area manager") {
        Some(OrgRole::MiddleManager)
    } else if has("manager") || has("supervisor") {
        Some(OrgRole::FirstLineManager)
    } else if has("senior practitioner") || has("advanced practitioner") || has("consultant social worker") {
        Some(OrgRole::SeniorPractitioner)
    } else if has("social worker") {
        Some(OrgRole::CaseHolder)
    } else {
        None
    }
}

/// An SSD health check's type, which the standard leaves as text ("e.g.
/// Health Assessment, Dental Check"): systems write "Health check", "Dental".
fn health_check_kind(text: &str) -> Option<HealthCheckKind> {
    let t = text.trim().to_ascii_lowercase();
    if t.contains("dental") || t.contains("dentist") {
        Some(HealthCheckKind::DentalCheck)
    } else if t.contains("immunis") || t.contains("immuniz") || t.contains("vaccin") {
        Some(HealthCheckKind::Immunisations)
    } else if t.contains("health") {
        Some(HealthCheckKind::HealthAssessment)
    } else {
        None
    }
}

/// An SSD missing episode's type: the 903 code (M, A) or the words (Missing,
/// Away, Absent); `None` for anything else.
fn missing_type(text: &str) -> Option<MissingType> {
    MissingType::from_code(text).or_else(|| {
        let t = text.to_ascii_lowercase();
        if t.starts_with("miss") {
            Some(MissingType::Missing)
        } else if t.starts_with("away") || t.starts_with("absent") {
            Some(MissingType::Away)
        } else {
            None
        }
    })
}

/// A contact's outcome from SSD `cont_contact_outcome_json`. The SSD standard
/// gives all its flags whether set or not (`{"NEW_REFERRAL_FLAG": "Y",
/// "EXISTING_REFERRAL_FLAG": "N", "CP_ENQUIRY_FLAG": "N", "NFA_FLAG": "N", …}`),
/// so the flags are read, not the words: every contact names the referral
/// flag. A contact led to a referral when a new referral or a child protection
/// enquiry came of it; one about a child already referred did not. An
/// `outcome` key, which some extracts add, names any other outcome in words,
/// as does a plain value that is not a dictionary.
fn contact_outcome(text: &str) -> ContactOutcome {
    if !text.trim_start().starts_with('{') {
        return outcome_in_words(text);
    }
    let fields = dictionary(text);
    let value = |key: &str| fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|&(_, v)| v);
    let set = |key: &str| Cell::borrowed(value(key), 0).flag() == Some(true);
    if set("NEW_REFERRAL_FLAG") || set("CP_ENQUIRY_FLAG") {
        ContactOutcome::Referral
    } else if let Some(words) = value("outcome").filter(|v| !v.trim().is_empty() && !v.eq_ignore_ascii_case("null")) {
        outcome_in_words(words)
    } else if set("ADVICE_FLAG") {
        ContactOutcome::AdviceAndInformation
    } else if set("NFA_FLAG") {
        ContactOutcome::NoFurtherAction
    } else {
        ContactOutcome::Other
    }
}

/// An outcome written in words ("No further action", "early_help", "Referred to CSC").
fn outcome_in_words(text: &str) -> ContactOutcome {
    let words = text.to_ascii_lowercase().replace(['_', '-'], " ");
    let has = |w: &str| words.contains(w);
    if has("no further action") || words.split_whitespace().any(|w| w == "nfa") {
        ContactOutcome::NoFurtherAction
    } else if has("advice") {
        ContactOutcome::AdviceAndInformation
    } else if has("early help") {
        ContactOutcome::EarlyHelp
    } else if has("referral") || has("referred") {
        ContactOutcome::Referral
    } else {
        ContactOutcome::Other
    }
}

/// The keys and values of a flat dictionary as JSON writes it, or as the SSD
/// guidance does, with keys bare. Values are quoted (returned without their
/// quotes, escapes left as written) or bare (`true`, `1`, `null`). Empty when
/// the text is no such dictionary; what comes after anything unreadable is left.
fn dictionary(text: &str) -> Vec<(&str, &str)> {
    let Some(body) = text.trim().strip_prefix('{').and_then(|t| t.strip_suffix('}')) else { return Vec::new() };
    let mut fields = Vec::new();
    let mut rest = body;
    // A quoted string or a bare word at the start of `rest` (spaces skipped): it and what follows.
    fn item(rest: &str) -> Option<(&str, &str)> {
        let rest = rest.trim_start();
        match rest.strip_prefix('"') {
            Some(quoted) => {
                // The closing quote: the first not escaped by an odd run of backslashes.
                let mut from = 0;
                loop {
                    let at = from + quoted[from..].find('"')?;
                    let backslashes = quoted.as_bytes()[..at].iter().rev().take_while(|&&b| b == b'\\').count();
                    if backslashes % 2 == 0 {
                        return Some((&quoted[..at], &quoted[at + 1..]));
                    }
                    from = at + 1;
                }
            }
            None => {
                let end = rest.find([':', ',', '}']).unwrap_or(rest.len());
                Some((rest[..end].trim_end(), &rest[end..]))
            }
        }
    }
    while let Some((key, after)) = item(rest) {
        let Some(after) = after.trim_start().strip_prefix(':') else { break };
        let Some((value, after)) = item(after) else { break };
        fields.push((key, value));
        match after.trim_start().strip_prefix(',') {
            Some(next) => rest = next,
            None => break,
        }
    }
    fields
}

fn service_of(parent_id: &str, parent_name: &str) -> Service {
    let text = format!("{parent_id} {parent_name}").to_ascii_lowercase();
    let has = |w: &str| text.contains(w);
    if has("front") || has("mash") {
        Service::FrontDoor
    } else if has("assessment") {
        Service::Assessment
    } else if has("leaving") || has("leaver") {
        Service::LeavingCare
    } else if has("children in care") || has("childrenincare") || has("looked after") {
        Service::ChildrenInCare
    } else if has("disab") {
        Service::Disability
    } else if has("adoption") || has("permanence") {
        Service::Adoption
    } else {
        Service::Safeguarding
    }
}

/// Builds the dataset from everything read, oldest collection year first.
pub fn build(inputs: &Inputs) -> Built {
    let mut b = Builder::default();
    let mut order: Vec<&InputFile> = inputs.files.iter().collect();
    // Oldest year first; within a year, departments and professionals before the
    // tables that refer to them, and the 903 episodes before SSD placements.
    let rank = |f: &InputFile| match &f.content {
        Content::Table(t) => match t.kind {
            TableKind::Ssd(SsdTable::Department) => 0,
            TableKind::Ssd(SsdTable::Professionals) => 1,
            TableKind::CswwWorkers | TableKind::CswwLa => 2,
            TableKind::Header => 3,
            TableKind::Ssd(SsdTable::Person) => 5,
            // Before the reviews, which name only the period of care.
            TableKind::Ssd(SsdTable::ClaEpisodes) => 5,
            TableKind::Ssd(_) => 6,
            _ => 4,
        },
        Content::Cin(_) => 3,
        Content::Council(_) => 9,
    };
    // Annex A last: it fills gaps in the returns and is checked against them.
    let annex_a = |f: &InputFile| matches!(&f.content, Content::Table(t) if matches!(t.kind, TableKind::AnnexA(_)));
    order.sort_by_key(|f| (f.year.map(|y| y.start()), rank(f)));
    let (annex, returns): (Vec<&InputFile>, Vec<&InputFile>) = order.into_iter().partition(|f| annex_a(f));
    for f in returns {
        match &f.content {
            Content::Cin(c) => b.cin(f, c),
            Content::Table(t) => b.table(f, t),
            Content::Council(_) => {}
        }
    }
    for d in &mut b.children.drafts {
        d.adoption_from_episodes();
    }
    b.index_worker_names();
    for f in annex {
        if let Content::Table(t) = &f.content {
            b.table(f, t);
        }
    }
    b.finish(inputs.council().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_come_out_in_order_of_id_however_long_their_ids() {
        let ids = ["B", "AAAAAAAAAAAAAAAAZ", "A", "AAAAAAAAAAAAAAAAA", "A\u{0}", "AAAAAAAAAAAAAAAA", "AB"];
        let mut drafts: Vec<Box<ChildDraft>> = ids.iter().map(|id| Box::new(ChildDraft { child: Some(unidentified(id)), ..Default::default() })).collect();
        // A draft never identified (only ever looked up) is left out.
        drafts.insert(3, Box::default());
        let got: Vec<String> = in_order_of_id(drafts).into_iter().filter_map(|d| d.child.map(|c| c.id)).collect();
        let mut want: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(got.len(), ids.len());
    }

    #[test]
    fn rows_join_the_children_already_drafted_and_draft_the_new_ones_once() {
        let mut b = Builder::default();
        b.child("P1");
        let mut contacts = CsvTable::new(
            TableKind::Ssd(SsdTable::Contacts),
            ["cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_source_code", "cont_contact_outcome_json"].map(String::from).to_vec(),
        );
        // More rows than are fetched ahead, so fetching both finds drafts and runs off the end.
        let people = ["P2", "P1", "", "P3", " P1 "];
        let rows: Vec<(String, &str)> = (0..4 * PREFETCH_AHEAD).map(|i| (format!("K{i:02}"), people[i % people.len()])).collect();
        for (line, (contact, person)) in rows.iter().enumerate() {
            contacts.push_row(line as u32 + 2, [contact.as_str(), person, "2024-05-01", "1A", ""]);
        }
        b.ssd(SsdTable::Contacts, &contacts, None);
        let contacts_of = |id: &str| b.children.get(id).map(|d| d.contacts.keys().cloned().collect::<Vec<String>>()).unwrap_or_default();
        let named = |want: &[&str]| rows.iter().filter(|(_, p)| want.contains(p)).map(|(k, _)| k.clone()).collect::<Vec<String>>();
        assert_eq!(contacts_of("P1"), named(&["P1", " P1 "]));
        assert_eq!(contacts_of("P2"), named(&["P2"]));
        assert_eq!(contacts_of("P3"), named(&["P3"]));
        assert_eq!(b.children.drafts.len(), 3, "one draft per child, none for the rows without one");
        assert!(b.children.drafts.iter().all(|d| d.child.is_some()));
    }

    #[test]
    fn contact_outcomes_are_read_from_the_ssd_flags_not_from_the_words_of_the_keys() {
        let flags = |set: &[&str]| {
            let pairs: Vec<String> = scrutiny_model::formats::SSD_CONTACT_OUTCOME_FLAGS
                .iter()
                .map(|k| format!("\"{k}\": \"{}\"", if set.contains(k) { "Y" } else { "N" }))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        };
        use ContactOutcome::*;
        assert_eq!(contact_outcome(&flags(&[])), Other, "no flag set: every key still names a referral");
        assert_eq!(contact_outcome(&flags(&["NEW_REFERRAL_FLAG"])), Referral);
        assert_eq!(contact_outcome(&flags(&["CP_ENQUIRY_FLAG", "NEW_REFERRAL_FLAG"])), Referral);
        assert_eq!(contact_outcome(&flags(&["CP_ENQUIRY_FLAG"])), Referral);
        assert_eq!(contact_outcome(&flags(&["EXISTING_REFERRAL_FLAG"])), Other, "a child already referred is no new referral");
        assert_eq!(contact_outcome(&flags(&["NFA_FLAG"])), NoFurtherAction);
        assert_eq!(contact_outcome(&flags(&["ADVICE_FLAG", "NFA_FLAG"])), AdviceAndInformation);
        assert_eq!(contact_outcome(&flags(&["PRIVATE_FOSTERING_FLAG"])), Other);
        // Keys bare, as the SSD guidance writes them; other spellings of yes; values with commas.
        assert_eq!(contact_outcome(r#"{ NEW_REFERRAL_FLAG: "", NFA_FLAG: "yes", note: "a, b: c" }"#), NoFurtherAction);
        assert_eq!(contact_outcome(r#"{"new_referral_flag": true, "ADVICE_FLAG": 1}"#), Referral);
        assert_eq!(contact_outcome(r#"{"ADVICE_FLAG": "1", "label": "say \"no\", thanks"}"#), AdviceAndInformation);
        assert_eq!(contact_outcome(r#"{"note": "C:\\", "NFA_FLAG": "Y"}"#), NoFurtherAction, "an escaped backslash ends no string");
        // An outcome in words, as a key some extracts add or as the whole value.
        assert_eq!(contact_outcome(r#"{"OTHER_OUTCOMES_EXIST_FLAG": "Y", "outcome": "early_help"}"#), EarlyHelp);
        assert_eq!(contact_outcome(r#"{"outcome":"referral","label":"Referred to children's social care"}"#), Referral);
        assert_eq!(contact_outcome(r#"{"outcome": null, "NFA_FLAG": "Y"}"#), NoFurtherAction);
        assert_eq!(contact_outcome("No further action - no referral needed"), NoFurtherAction);
        assert_eq!(contact_outcome("Referred to early help"), EarlyHelp);
        assert_eq!(contact_outcome("Referral to CSC"), Referral);
        assert_eq!(contact_outcome("NFA"), NoFurtherAction);
        assert_eq!(contact_outcome(""), Other);
        assert_eq!(contact_outcome("{"), Other);
        assert_eq!(contact_outcome(r#"{"NEW_REFERRAL_FLAG" "Y"}"#), Other, "unreadable: nothing taken from it");
    }

    /// An SSD table of the given columns and rows, first row on line 2.
    fn ssd_table(table: SsdTable, columns: &[&str], rows: &[&[&str]]) -> CsvTable {
        let mut t = CsvTable::new(TableKind::Ssd(table), columns.iter().map(|c| c.to_string()).collect());
        for (i, row) in rows.iter().enumerate() {
            t.push_row(i as u32 + 2, row.iter().copied());
        }
        t
    }

    #[test]
    fn ssd_rows_are_read_as_real_extracts_write_them() {
        let mut b = Builder::default();
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Reviews name only the period of care, a system's number; the episodes say whose it is.
        b.ssd(SsdTable::ClaEpisodes, &ssd_table(SsdTable::ClaEpisodes, &["clae_person_id", "clae_cla_id"], &[&["P1", "50211"], &["P2", "50212"]]), None);
        let reviews = ssd_table(
            SsdTable::ClaReviews,
            &["clar_cla_id", "clar_cla_review_date", "clar_cla_review_due_date", "clar_cla_review_cancelled", "clar_cla_review_participation"],
            &[
                &["50211", "2024-05-01", "2024-05-03", "N", "PN1"],
                &["50211", "2024-06-01", "", "Y", ""],
                &["50212", "2024-07-01", "", "", ""],
                &["99999", "2024-07-02", "", "N", ""],
            ],
        );
        b.ssd(SsdTable::ClaReviews, &reviews, None);
        let reviews_of = |b: &Builder, id: &str| b.children.get(id).map(|d| d.reviews.keys().copied().collect::<Vec<_>>()).unwrap_or_default();
        assert_eq!(reviews_of(&b, "P1"), [date("2024-05-01")], "the cancelled review was not held");
        assert_eq!(reviews_of(&b, "P2"), [date("2024-07-01")]);
        assert_eq!(b.children.drafts.len(), 2, "a review of a period no episode names is nobody's");
        // A contact with the system's own source code still counts, its source unknown.
        let contacts = ssd_table(
            SsdTable::Contacts,
            &["cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_source_code", "cont_contact_outcome_json"],
            &[&["K1", "P1", "2024-05-01", "POLICE", r#"{"NEW_REFERRAL_FLAG":"Y"}"#], &["K2", "P1", "2024-05-02", "6", "{}"]],
        );
        b.ssd(SsdTable::Contacts, &contacts, None);
        let sources: Vec<_> = b.children.get("P1").unwrap().contacts.values().map(|c| (c.source, c.outcome)).collect();
        assert_eq!(sources, [(ReferralSource::Unknown, ContactOutcome::Referral), (ReferralSource::Police, ContactOutcome::Other)]);
        // Health checks by their words and the SSD's statuses; missing episodes by code or word.
        let health = ssd_table(
            SsdTable::ClaHealth,
            &["clah_person_id", "clah_health_check_date", "clah_health_check_type", "clah_health_check_status"],
            &[&["P1", "2024-05-01", "Health check", "COMPLETE"], &["P1", "2024-05-02", "Dental", "Refused"], &["P1", "2024-05-03", "Eye test", "Completed"]],
        );
        b.ssd(SsdTable::ClaHealth, &health, None);
        let checks: Vec<_> = b.children.get("P1").unwrap().health.values().map(|h| (h.kind, h.completed)).collect();
        assert_eq!(checks, [(HealthCheckKind::HealthAssessment, true), (HealthCheckKind::DentalCheck, false)]);
        let missing = ssd_table(
            SsdTable::Missing,
            &["miss_person_id", "miss_missing_episode_start_date", "miss_missing_episode_type", "miss_missing_rhi_offered"],
            &[
                &["P2", "2024-05-01", "Away", "NA"],
                &["P2", "2024-05-02", "Absent", "N"],
                &["P2", "2024-05-03", "M", "Y"],
                &["P2", "2024-05-04", "Missing", "NULL"],
            ],
        );
        b.ssd(SsdTable::Missing, &missing, None);
        let kinds: Vec<_> = b.children.get("P2").unwrap().missing.values().map(|m| (m.kind, m.return_interview_offered)).collect();
        let (away, missing) = (MissingType::Away, MissingType::Missing);
        assert_eq!(kinds, [(away, None), (away, Some(false)), (missing, Some(true)), (missing, None)]);
    }

    #[test]
    fn job_titles_give_roles_and_reviewing_officers_hold_no_cases() {
        let roles: Vec<_> = [
            "Case holder",
            "Senior Social Worker",
            "Newly Qualified Social Worker",
            "Team Manager",
            "Deputy Team Manager",
            "Head of Service",
            "Assistant Director",
            "Advanced Practitioner",
            "Family Support Worker",
            "",
        ]
        .iter()
        .map(|t| role_of_title(t))
        .collect();
        use OrgRole::*;
        let want = [
            Some(CaseHolder),
            Some(CaseHolder),
            Some(CaseHolder),
            Some(FirstLineManager),
            Some(FirstLineManager),
            Some(MiddleManager),
            Some(SeniorManager),
            Some(SeniorPractitioner),
            None,
            None,
        ];
        assert_eq!(roles, want);
        for role in ["Independent Reviewing Officer", "IRO", "CP Conference Chair", "Reviewing officer (LAC)"] {
            assert!(reviews_rather_than_holds(role), "{role}");
        }
        for role in ["Allocated Case Worker", "Social Worker", "Personal Adviser", "Key worker", "", "Mirror worker"] {
            assert!(!reviews_rather_than_holds(role), "{role}");
        }
        let mut b = Builder::default();
        let involvements = ssd_table(
            SsdTable::Involvements,
            &["invo_person_id", "invo_professional_id", "invo_professional_role_id", "invo_involvement_start_date"],
            &[&["P1", "W1", "Allocated Case Worker", "2024-05-01"], &["P1", "W2", "IRO", "2024-05-02"], &["P1", "W3", "", "2024-05-03"]],
        );
        b.ssd(SsdTable::Involvements, &involvements, None);
        let workers: Vec<_> = b.children.get("P1").unwrap().allocations.values().map(|a| a.worker.as_str()).collect();
        assert_eq!(workers, ["W1", "W3"]);
    }

    #[test]
    fn a_care_leavers_row_is_about_the_birthday_in_its_extracts_year_dated_or_not() {
        let mut b = Builder::default();
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let people = [&["L1", "2005-06-10"][..], &["L2", "2004-09-01"], &["L3", "2006-01-20"]];
        b.ssd(SsdTable::Person, &ssd_table(SsdTable::Person, &["pers_person_id", "pers_dob"], &people), None);
        let leavers = ssd_table(
            SsdTable::CareLeavers,
            &["clea_person_id", "clea_care_leaver_latest_contact", "clea_pathway_plan_review_date", "clea_care_leaver_in_touch"],
            // Seen three weeks after the 19th birthday; not in touch, so no date; no date and no answer.
            &[&["L1", "2024-07-01", "", "YES"], &["L2", "", "", "NO"], &["L3", "", "", ""]],
        );
        b.ssd(SsdTable::CareLeavers, &leavers, Some("2024-25".parse().unwrap()));
        let record = |id: &str| b.children.get(id).unwrap().leavers.values().map(|r| (r.birthday, r.in_touch)).collect::<Vec<_>>();
        assert_eq!(record("L1"), [(date("2024-06-10"), InTouch::Yes)]);
        assert_eq!(record("L2"), [(date("2024-09-01"), InTouch::No)]);
        assert_eq!(record("L3"), [(date("2025-01-20"), InTouch::No)], "no contact recorded: not in touch");
        // Without a year, the birthday nearest the date.
        assert_eq!(leaver_birthday(date("2005-06-10"), None, Some(date("2024-07-01"))), Some(date("2024-06-10")));
        assert_eq!(leaver_birthday(date("2005-06-10"), None, Some(date("2024-05-01"))), Some(date("2024-06-10")));
        assert_eq!(leaver_birthday(date("2005-06-10"), None, None), None);
        assert_eq!(leaver_birthday(date("2015-06-10"), Some("2024-25".parse().unwrap()), None), None, "not of care-leaving age");
    }

    #[test]
    fn every_draft_becomes_a_child_in_the_order_given() {
        let drafts: Vec<Box<ChildDraft>> =
            ["C2", "C1", "C3"].iter().map(|id| Box::new(ChildDraft { child: Some(unidentified(id)), ..Default::default() })).collect();
        let children = children_of(drafts, &BTreeMap::new(), 10);
        assert_eq!(children.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["C2", "C1", "C3"]);
        assert!(children.capacity() >= 10, "room for the other half");
    }
}
