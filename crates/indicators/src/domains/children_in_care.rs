//! Children in care: children looked after (SSDA903 episodes), their
//! placements' stability, reviews, visits, health, education, missing
//! episodes, distance from home and permanence.
//!
//! Short breaks (V3/V4) are left out everywhere: a "period of care" here is a
//! run of other episodes joined by X1. Measures of children "over 12 months"
//! (stability, reviews, visits, health) look at the 12 months to the period
//! end, whatever the period, so a quarter's figure is a rolling year's.

use crate::exceptions::{for_child, Exception, ExceptionList};
use crate::helpers::{age_band, age_on, looked_after_on, open_on, overlaps};
use crate::{Case, Domain, Has, Indexed, Indicator, Open, Polarity, Subject, Unit, Window};
use chrono::{Duration, Months, NaiveDate};
use scrutiny_model::codes::{LegalStatus, MissingType, PlacementType, ReasonEpisodeCeased};
use scrutiny_model::{Calendar, CareEpisode, Child, HealthCheckKind, Period, PeriodOfCare, VisitKind};

/// CPPCR Regulations 2010, reg 33: the first review within 20 working days of becoming looked after.
const FIRST_REVIEW_WORKING_DAYS: u32 = 20;
/// Reg 33: the second review within 3 months of the first, later ones within 6 months of the one before.
const SECOND_REVIEW_MONTHS: u32 = 3;
const LATER_REVIEW_MONTHS: u32 = 6;
/// Reg 28: a visit within a week of a placement starting, then at most 6 weeks apart
/// in its first year; afterwards 3 months apart if the placement is long-term.
const FIRST_VISIT_DAYS: i64 = 7;
const VISIT_INTERVAL_DAYS: i64 = 42;
const LONG_TERM_VISIT_MONTHS: u32 = 3;
/// About one school term: a PEP review at least this recent is "in date".
const PEP_DAYS: i64 = 122;
/// Placements further than this from home count as distant (LAIT 87).
const DISTANT_MILES: f32 = 20.0;
/// COLLECT writes 999.9 for an unknown distance.
const UNKNOWN_MILES: f32 = 999.0;

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "CLA-01",
        title: "Children looked after per 10,000 children",
        domain: Domain::ChildrenInCare,
        unit: Unit::RatePer10k,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Children looked after at the end of the period's last day (in an episode open then), per 10,000 children aged 0 to 17 (ONS mid-year estimate for the year the period's financial year starts). Each child counts once however many episodes they have had; children looked after only under an agreed series of short breaks (V3/V4) are left out; a child whose care ended on the last day is not counted.",
        dfe_key: Some("cla_rate_per_10000"),
        statutory_basis: "Children Act 1989, section 22; DfE SSDA903 and the children looked after release (LAIT 124).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: looked_after_at_end,
    },
    Indicator {
        id: "CLA-02",
        title: "Children starting to be looked after",
        domain: Domain::ChildrenInCare,
        unit: Unit::Count,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Children who started a period of care in the period, each child once (the first start in the period, as the DfE counts), grouped by age at entry: under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over. A period of care is a run of episodes joined by X1, so a change of placement or legal status is not a new start. Short breaks (V3/V4) are left out.",
        dfe_key: Some("cla_started_count"),
        statutory_basis: "DfE SSDA903 and the children looked after release: children starting to be looked after (LAIT 376).",
        snapshot: false,
        dated: false,
        group_name: Some("age at entry"),
        compute: started,
    },
    Indicator {
        id: "CLA-03",
        title: "Children ceasing to be looked after",
        domain: Domain::ChildrenInCare,
        unit: Unit::Count,
        polarity: Polarity::Neutral,
        subject: Subject::Child,
        definition: "Children whose period of care ended in the period, each child once (the last time in the period, as the DfE counts), grouped by reason: adopted (E11, E12); special guardianship order (E45 to E48); returned home (E4A, E4B, and E13 left to live with family); child arrangements order (E41); independent living or aged 18 (E5, E6, E17 staying put); other (died, care taken over by another council, adult care, custody, remand ended, age assessed as 18 or over, moved abroad, E8, or no reason recorded). An episode ending X1 continues the period of care; short breaks (V3/V4) are left out.",
        dfe_key: Some("cla_ceased_count"),
        statutory_basis: "DfE SSDA903 and the children looked after release: children ceasing to be looked after (LAIT 392).",
        snapshot: false,
        dated: false,
        group_name: Some("reason ceased"),
        compute: ceased,
    },
    Indicator {
        id: "CLA-04",
        title: "Children with three or more placements in 12 months",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after at the period end, the share with three or more placements during the 12 months to the period end (the financial year for a year; a rolling 12 months for quarters and months), counting the placements of every period of care in those months. A placement already open when the 12 months begin counts as one, as does one starting on the last day; a new placement starts with RNE S, P or B. Not counted: temporary moves (T0 to T4; returning to the same placement afterwards continues it), placement for adoption with the child's existing foster carers (A3, A5), placements lasting less than a day, and a placement left on the first day of the 12 months. Short breaks (V3/V4) are left out.",
        dfe_key: Some("placement_stability_3_or_more_placements"),
        statutory_basis: "DfE short-term placement stability measure (SSDA903; LAIT 372 'Placement 1').",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: three_or_more_placements,
    },
    Indicator {
        id: "CLA-05",
        title: "Long-term placement stability",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after at the period end, aged under 16 then and looked after continuously for at least 2.5 years (their period of care began on or before the same date 30 months earlier), the share living in the same placement for at least 2 years (begun on or before the same date 24 months earlier), or placed for adoption (A3 to A6) where the adoptive placement and the placement before it together have lasted at least 2 years. A change of legal status, or of placement type with the same carer (RNE L, T, U), and a temporary move followed by a return do not end a placement. Short breaks (V3/V4) are left out.",
        dfe_key: Some("placement_stability_same_carer_2_years"),
        statutory_basis: "DfE long-term placement stability measure (SSDA903; LAIT 393).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: long_term_stability,
    },
    Indicator {
        id: "CLA-06",
        title: "Looked-after reviews on time",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after at the period end, the share whose reviews falling due in the 12 months to the period end were all held in time: the first within 20 working days of the start of the period of care, the second within 3 months of the first, each later one within 6 months of the one before. A review not held by a due date before the period end is late; one due on the last day is not yet late. Children with no review due in the 12 months (recent entrants) are left out. Working days exclude weekends and England and Wales bank holidays.",
        dfe_key: None,
        statutory_basis: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33; not collected by the DfE (SSDA903 Reviews hold the dates).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: reviews_on_time,
    },
    Indicator {
        id: "CLA-07",
        title: "Statutory visits on time",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after at the period end, the share whose statutory visits falling due in the 12 months to the period end, in their current period of care, were all made in time: within 7 days of each placement starting, then at most 6 weeks apart during the placement's first year, and after that at most 3 months apart if the placement is long-term (U1, U4 or placed for adoption) or 6 weeks otherwise. Only looked-after visits at which the child was seen count. A visit due before the period end and not made is late; a due date falling after the child moved placement lapses. Children with no visit yet due are left out. The more frequent visits required for placements with parents and temporarily approved connected carers are not applied.",
        dfe_key: None,
        statutory_basis: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 28; Ofsted ILACS Annex A list 8. Not collected by the DfE.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: visits_on_time,
    },
    Indicator {
        id: "CLA-08",
        title: "Health assessments up to date",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after continuously for at least 12 months at the period end (the DfE's OC2 cohort: a period of care begun on or before the first day of the 12 months to the period end and not ended before its last day; a child whose care ends on the last day stays in; short breaks left out), the share with a completed health assessment in those 12 months. Children under 5 at the period end need two, as the DfE asks. Refused assessments count as not done. Worked out from the assessments recorded, so any period can be shown, not only years to 31 March.",
        dfe_key: Some("health_assessment_percent"),
        statutory_basis: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 7 (health assessments); DfE SSDA903 OC2 HEALTH_ASSESSMENT (LAIT 3).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: health_assessments,
    },
    Indicator {
        id: "CLA-09",
        title: "Dental checks",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after continuously for at least 12 months at the period end (the CLA-08 cohort), the share with a completed dental check in those 12 months. All ages count, as in the DfE's figure (it expects even very young children to have their teeth checked); since the cohort has been looked after for a year, almost every child in it is at least 1 at the period end. Refusals count as not done.",
        dfe_key: Some("teeth_checked_percent"),
        statutory_basis: "DfE SSDA903 OC2 TEETH_CHECK (LAIT 3).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: dental_checks,
    },
    Indicator {
        id: "CLA-10",
        title: "Personal education plans in date",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after at the period end and aged 5 to 16 then, who had been in their period of care for at least 20 working days, the share with a personal education plan review dated no more than 122 days (about a school term) before the period end.",
        dfe_key: None,
        statutory_basis: "Care Planning, Placement and Case Review (England) Regulations 2010 (the PEP is part of the care plan); DfE statutory guidance 'Promoting the education of looked-after children' (2018). Not collected by the DfE.",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: peps_in_date,
    },
    Indicator {
        id: "CLA-11",
        title: "Children missing from care",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after at any time in the period (short breaks left out), the share with at least one missing incident (MISSING M, whereabouts unknown) that began while they were looked after and was open at some time in the period, including incidents already under way on its first day. Being away without authorisation (A) is not counted. Each child counts once, however many incidents they had.",
        dfe_key: Some("missing_percent"),
        statutory_basis: "DfE SSDA903 Missing table and the children looked after release (LAIT 161); statutory guidance on children who run away or go missing from home or care (2014).",
        snapshot: false,
        dated: false,
        group_name: None,
        compute: missing_children,
    },
    Indicator {
        id: "CLA-12",
        title: "Return home interviews offered",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of missing incidents (MISSING M) of looked-after children that ended in the period, one per incident, the share after which a return home interview was offered. An incident with no record of an offer counts as not offered; away-without-authorisation incidents are left out.",
        dfe_key: None,
        statutory_basis: "Statutory guidance on children who run away or go missing from home or care (2014): an independent return interview within 72 hours; Ofsted ILACS Annex A list 8. Not collected by the DfE.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: return_interviews,
    },
    Indicator {
        id: "CLA-13",
        title: "Placed more than 20 miles from home or outside the council",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "Of children looked after at the period end, the share whose placement then is more than 20 miles (straight line) from home, or in another council's area (a placement LA recorded that is not this council's code). A distance of 999.9 means unknown and counts as not distant. The DfE's measure (LAIT 87) counts only children both outside the council and more than 20 miles away, so this figure is higher and not directly comparable.",
        dfe_key: None,
        statutory_basis: "Children Act 1989, section 22C (placement within the area, near home); DfE SSDA903 placement postcodes (PL_DISTANCE, PL_LA).",
        snapshot: true,
        dated: false,
        group_name: None,
        compute: placed_far_or_out,
    },
    Indicator {
        id: "CLA-14",
        title: "Permanence decided by the second review",
        domain: Domain::ChildrenInCare,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of periods of care whose second looked-after review fell in the period, the share with evidence of a permanence decision by that review's date. The statutory data hold no permanence plan, so this is a proxy: by the second review the child had been placed in long-term foster care (U1, U4) or for adoption (A3 to A6), was under a placement or freeing order (E1, D1), had a decision that they should be placed for adoption, or had left care by adoption, special guardianship, a child arrangements order or a planned return home (E4A). Plans for return home or long-term fostering not yet carried out by then are not seen, so the figure understates.",
        dfe_key: None,
        statutory_basis: "Care Planning, Placement and Case Review (England) Regulations 2010 and statutory guidance volume 2 (a permanence plan by the second review). Not collected by the DfE.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: permanence_by_second_review,
    },
];

pub const EXCEPTIONS: &[ExceptionList] = &[
    ExceptionList {
        name: "cla-visits-overdue",
        title: "Looked-after children whose statutory visit is overdue",
        subject: Subject::Child,
        indicator: "CLA-07",
        compute: visits_overdue,
    },
    ExceptionList {
        name: "cla-reviews-overdue",
        title: "Looked-after children whose review is overdue",
        subject: Subject::Child,
        indicator: "CLA-06",
        compute: reviews_overdue,
    },
    ExceptionList {
        name: "health-overdue",
        title: "Children looked after 12 months or more without a health assessment or dental check in the last 12 months",
        subject: Subject::Child,
        indicator: "CLA-08",
        compute: health_overdue,
    },
];

// ---------------------------------------------------------------------------
// Periods of care and placements, shared with the adoption measures.

/// Periods of care without short breaks: `Child::periods_of_care` (episodes
/// joined by X1) split wherever a V3/V4 episode falls.
pub(crate) fn care_periods(child: &Child) -> Vec<PeriodOfCare<'_>> {
    let mut out = Vec::new();
    for period in child.periods_of_care() {
        let mut run = Vec::new();
        for e in period.episodes {
            if e.legal_status.is_short_break() {
                if !run.is_empty() {
                    out.push(PeriodOfCare { episodes: std::mem::take(&mut run) });
                }
            } else {
                run.push(e);
            }
        }
        if !run.is_empty() {
            out.push(PeriodOfCare { episodes: run });
        }
    }
    out
}

/// The period of care the child is in at the end of `on`.
fn current_period(child: &Child, on: NaiveDate) -> Option<PeriodOfCare<'_>> {
    // A period open on `on` has an episode open then: skip building periods for children out of care.
    if !looked_after_on(child, on) {
        return None;
    }
    care_periods(child).into_iter().find(|p| open_on(p.start(), p.end(), on))
}

/// Whether any episode other than a short break passes `f`: the cheap test
/// before working out periods of care (their starts and ends are episodes').
fn any_episode(child: &Child, f: impl Fn(&CareEpisode) -> bool) -> bool {
    child.care_episodes.iter().any(|e| !e.legal_status.is_short_break() && f(e))
}

/// One placement: a stay with the same carer, however many episodes record it.
pub(crate) struct Placement<'a> {
    pub start: NaiveDate,
    /// The day the child moved on or left care; `None` while it lasts.
    pub end: Option<NaiveDate>,
    /// Its episodes other than temporary moves, in order.
    pub episodes: Vec<&'a CareEpisode>,
}

impl Placement<'_> {
    /// The placement type recorded on `on` (the latest non-temporary episode begun by then).
    pub fn type_on(&self, on: NaiveDate) -> PlacementType {
        self.episodes.iter().rev().find(|e| e.start <= on).unwrap_or(&self.episodes[0]).placement
    }
}

/// Placed for adoption with the child's current foster carers: not a move.
fn with_current_carer(p: PlacementType) -> bool {
    matches!(p, PlacementType::AdoptionConsentWithCarer | PlacementType::AdoptionOrderWithCarer)
}

/// The same placement recorded again (a return after a temporary move).
fn same_place(a: &CareEpisode, b: &CareEpisode) -> bool {
    a.placement == b.placement && a.placement_postcode == b.placement_postcode && a.urn == b.urn && a.provider == b.provider
}

/// The placements of a period of care. A new placement starts at the period's
/// first episode and at each episode with RNE S, P or B, except placement for
/// adoption with the current foster carers (A3, A5) and a return to the same
/// placement after temporary moves (T0–T4), which are skipped.
pub(crate) fn placements<'a>(period: &PeriodOfCare<'a>) -> Vec<Placement<'a>> {
    let mut out: Vec<Placement<'a>> = Vec::new();
    let mut after_temporary = false;
    for &e in &period.episodes {
        if e.placement.is_temporary() {
            after_temporary = true;
            continue;
        }
        let continues = out.last().is_some_and(|cur| {
            let last = cur.episodes.last().expect("a placement has an episode");
            !e.reason_new.is_new_placement() || with_current_carer(e.placement) || (after_temporary && same_place(last, e))
        });
        after_temporary = false;
        if continues {
            out.last_mut().expect("checked above").episodes.push(e);
        } else {
            if let Some(cur) = out.last_mut() {
                cur.end = Some(e.start);
            }
            out.push(Placement { start: e.start, end: None, episodes: vec![e] });
        }
    }
    if let Some(cur) = out.last_mut() {
        cur.end = period.end();
    }
    out
}

/// First day of the 12 months ending on `end`.
fn year_to(end: NaiveDate) -> NaiveDate {
    (end + Duration::days(1)) - Months::new(12)
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

// ---------------------------------------------------------------------------
// Numbers looked after, starting and ceasing.

fn looked_after_at_end(ctx: &Indexed, period: Window) -> Vec<Case> {
    let end = period.end();
    ctx.children_open_on(Open::CareEpisodes, end).filter(|c| looked_after_on(c, end)).map(|c| Case::count(&c.id, end)).collect()
}

fn started(ctx: &Indexed, period: Window) -> Vec<Case> {
    let mut out = Vec::new();
    for c in ctx.children_with(Has::CareEpisodes).filter(|c| any_episode(c, |e| period.contains(e.start))) {
        if let Some(p) = care_periods(c).into_iter().find(|p| period.contains(p.start())) {
            let band = age_on(c, p.start()).map(age_band).unwrap_or("Unknown");
            out.push(Case::count(&c.id, p.start()).in_group(band));
        }
    }
    out
}

/// The groups of reasons for ceasing committees see (CLA-03).
fn ceased_group(reason: Option<ReasonEpisodeCeased>) -> &'static str {
    use ReasonEpisodeCeased::*;
    match reason {
        Some(r) if r.is_adoption() => "Adopted",
        Some(r) if r.is_special_guardianship() => "Special guardianship order",
        Some(ReturnedHomePlanned | ReturnedHomeUnplanned | LeftToLiveWithFamily) => "Returned home",
        Some(ChildArrangementsOrder) => "Child arrangements order",
        Some(IndependentWithSupport | IndependentNoSupport | StayingPut) => "Independent living or aged 18",
        _ => "Other",
    }
}

fn ceased(ctx: &Indexed, period: Window) -> Vec<Case> {
    let mut out = Vec::new();
    for c in ctx.children_with(Has::CareEpisodes).filter(|c| any_episode(c, |e| e.end.is_some_and(|end| period.contains(end)))) {
        let last = care_periods(c).into_iter().rfind(|p| p.end().is_some_and(|e| period.contains(e)) && p.reason_ceased().is_none_or(|r| r.ends_care()));
        if let Some(p) = last {
            let end = p.end().expect("filtered on an end");
            out.push(Case::count(&c.id, end).in_group(ceased_group(p.reason_ceased())));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Placement stability.

fn three_or_more_placements(ctx: &Indexed, period: Window) -> Vec<Case> {
    let (start, end) = (year_to(period.end()), period.end());
    ctx.children_open_on(Open::CareEpisodes, end)
        .filter(|c| looked_after_on(c, end))
        .map(|c| {
            let periods = care_periods(c);
            let n = periods.iter().flat_map(placements).filter(|p| p.end != Some(p.start) && p.start <= end && p.end.is_none_or(|e| e > start)).count();
            Case::share(&c.id, end, n >= 3)
        })
        .collect()
}

fn long_term_stability(ctx: &Indexed, period: Window) -> Vec<Case> {
    let end = period.end();
    let (two_and_a_half_years, two_years) = (end - Months::new(30), end - Months::new(24));
    let mut out = Vec::new();
    for c in ctx.children_open_on(Open::CareEpisodes, end) {
        let Some(p) = current_period(c, end) else { continue };
        if age_on(c, end).is_none_or(|a| a >= 16) || p.start() > two_and_a_half_years {
            continue;
        }
        let places = placements(&p);
        let Some(i) = places.iter().rposition(|pl| pl.start <= end) else { continue };
        let current = &places[i];
        let adoptive_with_previous = current.type_on(end).is_placed_for_adoption()
            && i > 0
            && (places[i - 1].end.unwrap_or(current.start) - places[i - 1].start) + (end - current.start) >= end - two_years;
        out.push(Case::share(&c.id, end, current.start <= two_years || adoptive_with_previous));
    }
    out
}

// ---------------------------------------------------------------------------
// Reviews and visits: a schedule of due dates, each met (or not) by a date.

/// A statutory deadline and the date that met it, if any yet.
struct Deadline {
    due: NaiveDate,
    met: Option<NaiveDate>,
}

/// Whether any deadline falling due in [from, to] can be judged yet, and
/// whether all those were met in time. A deadline due on `to` and not yet met
/// is not judged (it is due that day).
fn judge(deadlines: &[Deadline], from: NaiveDate, to: NaiveDate) -> Option<bool> {
    let mut judged = None;
    for dl in deadlines.iter().filter(|dl| dl.due >= from && dl.due <= to) {
        let late = match dl.met {
            Some(m) => m > dl.due,
            None if dl.due < to => true,
            None => continue,
        };
        judged = Some(judged.unwrap_or(true) && !late);
    }
    judged
}

/// Review deadlines of a period of care that began on `entry`, from the
/// reviews held up to `until`; the last is the next review, not yet held.
fn review_deadlines(child: &Child, entry: NaiveDate, until: NaiveDate) -> Vec<Deadline> {
    let mut held: Vec<NaiveDate> = child.cla_reviews.iter().map(|r| r.date).filter(|d| *d >= entry && *d <= until).collect();
    held.sort();
    held.dedup();
    let mut out = Vec::with_capacity(held.len() + 1);
    let mut due = Calendar::england().add_working_days(entry, FIRST_REVIEW_WORKING_DAYS);
    for (k, &date) in held.iter().enumerate() {
        out.push(Deadline { due, met: Some(date) });
        due = date + Months::new(if k == 0 { SECOND_REVIEW_MONTHS } else { LATER_REVIEW_MONTHS });
    }
    out.push(Deadline { due, met: None });
    out
}

fn reviews_on_time(ctx: &Indexed, period: Window) -> Vec<Case> {
    let (start, end) = (year_to(period.end()), period.end());
    let mut out = Vec::new();
    for c in ctx.children_open_on(Open::CareEpisodes, end) {
        let Some(p) = current_period(c, end) else { continue };
        if let Some(on_time) = judge(&review_deadlines(c, p.start(), end), start, end) {
            out.push(Case::share(&c.id, end, on_time));
        }
    }
    out
}

fn reviews_overdue(ctx: &Indexed, period: Period) -> Vec<Exception> {
    let end = period.end();
    let mut out = Vec::new();
    for c in ctx.children_open_on(Open::CareEpisodes, end) {
        let Some(p) = current_period(c, end) else { continue };
        let deadlines = review_deadlines(c, p.start(), end);
        let next = deadlines.last().expect("there is always a next review");
        if next.due < end {
            let detail = match deadlines.len() {
                1 => format!("first review due 20 working days after becoming looked after on {}; none held", dmy(p.start())),
                2 => format!("second review due 3 months after the first, held {}", dmy(deadlines[0].met.expect("held"))),
                n => format!("review due 6 months after the last, held {}", dmy(deadlines[n - 2].met.expect("held"))),
            };
            out.push(for_child(ctx, c, period, next.due, detail));
        }
    }
    out
}

/// Long-term placements, visited three-monthly after their first year.
fn long_term(p: PlacementType) -> bool {
    matches!(p, PlacementType::FosterConnectedLongTerm | PlacementType::FosterLongTerm) || p.is_placed_for_adoption()
}

/// When the visit after one on `visit` falls due.
fn next_visit_due(place: &Placement, visit: NaiveDate) -> NaiveDate {
    if visit >= place.start + Months::new(12) && long_term(place.type_on(visit)) {
        visit + Months::new(LONG_TERM_VISIT_MONTHS)
    } else {
        visit + Duration::days(VISIT_INTERVAL_DAYS)
    }
}

/// Visit deadlines of one placement from the visits (child seen) made up to
/// `until`; the last, if the child is still there when it falls due, is the
/// next visit, not yet made.
fn visit_deadlines(child: &Child, place: &Placement, until: NaiveDate) -> Vec<Deadline> {
    let mut seen: Vec<NaiveDate> = child
        .visits
        .iter()
        .filter(|v| v.kind == VisitKind::LookedAfter && v.seen && v.date >= place.start && v.date <= until && place.end.is_none_or(|e| v.date < e))
        .map(|v| v.date)
        .collect();
    seen.sort();
    seen.dedup();
    let mut out = Vec::with_capacity(seen.len() + 1);
    let mut due = place.start + Duration::days(FIRST_VISIT_DAYS);
    for &date in &seen {
        out.push(Deadline { due, met: Some(date) });
        due = next_visit_due(place, date);
    }
    if place.end.is_none_or(|e| due < e) {
        out.push(Deadline { due, met: None });
    }
    out
}

fn visits_on_time(ctx: &Indexed, period: Window) -> Vec<Case> {
    let (start, end) = (year_to(period.end()), period.end());
    let mut out = Vec::new();
    for c in ctx.children_open_on(Open::CareEpisodes, end) {
        let Some(p) = current_period(c, end) else { continue };
        let deadlines: Vec<Deadline> = placements(&p).iter().filter(|pl| pl.start <= end).flat_map(|pl| visit_deadlines(c, pl, end)).collect();
        if let Some(on_time) = judge(&deadlines, start, end) {
            out.push(Case::share(&c.id, end, on_time));
        }
    }
    out
}

fn visits_overdue(ctx: &Indexed, period: Period) -> Vec<Exception> {
    let end = period.end();
    let mut out = Vec::new();
    for c in ctx.children_open_on(Open::CareEpisodes, end) {
        let Some(p) = current_period(c, end) else { continue };
        let places = placements(&p);
        let Some(place) = places.iter().rev().find(|pl| pl.start <= end) else { continue };
        let deadlines = visit_deadlines(c, place, end);
        let Some(next) = deadlines.last().filter(|dl| dl.met.is_none() && dl.due < end) else { continue };
        let detail = match deadlines.len() {
            1 => format!("no visit since the placement began on {}; due within 7 days", dmy(place.start)),
            n => format!("last visit with the child seen on {}", dmy(deadlines[n - 2].met.expect("met"))),
        };
        out.push(for_child(ctx, c, period, next.due, detail));
    }
    out
}

// ---------------------------------------------------------------------------
// Health (the OC2 cohort) and education.

/// The period of care of a child looked after continuously for the 12 months
/// to `end` (as the DfE's OC2 cohort: care ending on `end` itself still counts).
fn looked_after_a_year(child: &Child, end: NaiveDate) -> Option<PeriodOfCare<'_>> {
    // Such a period has an episode in care on its last day.
    if !in_care_on(child, end) {
        return None;
    }
    let start = year_to(end);
    care_periods(child).into_iter().find(|p| p.start() <= start && p.end().is_none_or(|e| e >= end))
}

/// How many checks of a kind the 12 months need: two health assessments under 5.
fn checks_needed(child: &Child, kind: HealthCheckKind, end: NaiveDate) -> usize {
    if kind == HealthCheckKind::HealthAssessment && age_on(child, end).is_some_and(|a| a < 5) {
        2
    } else {
        1
    }
}

/// Completed checks of a kind from `from` to `to`, in date order.
fn completed(child: &Child, kind: HealthCheckKind, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> =
        child.health_checks.iter().filter(|h| h.kind == kind && h.completed && h.date >= from && h.date <= to).map(|h| h.date).collect();
    dates.sort();
    dates
}

fn checks_up_to_date(ctx: &Indexed, period: Window, kind: HealthCheckKind) -> Vec<Case> {
    let end = period.end();
    ctx.children_open_on(Open::CareEpisodes, end)
        .filter(|c| looked_after_a_year(c, end).is_some())
        .map(|c| Case::share(&c.id, end, completed(c, kind, year_to(end), end).len() >= checks_needed(c, kind, end)))
        .collect()
}

fn health_assessments(ctx: &Indexed, period: Window) -> Vec<Case> {
    checks_up_to_date(ctx, period, HealthCheckKind::HealthAssessment)
}

fn dental_checks(ctx: &Indexed, period: Window) -> Vec<Case> {
    checks_up_to_date(ctx, period, HealthCheckKind::DentalCheck)
}

fn health_overdue(ctx: &Indexed, period: Period) -> Vec<Exception> {
    let end = period.end();
    let mut out = Vec::new();
    for c in ctx.children_open_on(Open::CareEpisodes, end).filter(|c| looked_after_on(c, end)) {
        let Some(p) = looked_after_a_year(c, end) else { continue };
        for (kind, what) in [(HealthCheckKind::HealthAssessment, "health assessment"), (HealthCheckKind::DentalCheck, "dental check")] {
            let needed = checks_needed(c, kind, end);
            if completed(c, kind, year_to(end), end).len() >= needed {
                continue;
            }
            // Due 12 months after the check that would have to fall in the last 12 months (the
            // latest, or the second latest for the two assessments a year under 5), or after entry.
            let since_entry = completed(c, kind, p.start(), end);
            let due = match since_entry.len().checked_sub(needed) {
                Some(i) => since_entry[i] + Months::new(12),
                None => p.start() + Months::new(12),
            };
            let mut detail = match since_entry.last() {
                Some(last) => format!("{what} not up to date: last completed on {}", dmy(*last)),
                None => format!("no {what} completed since becoming looked after on {}", dmy(p.start())),
            };
            if needed == 2 {
                detail.push_str(" (two a year are needed under 5)");
            }
            out.push(for_child(ctx, c, period, due, detail));
        }
    }
    out
}

fn peps_in_date(ctx: &Indexed, period: Window) -> Vec<Case> {
    let end = period.end();
    let since = end - Duration::days(PEP_DAYS);
    let mut out = Vec::new();
    for c in ctx.children_open_on(Open::CareEpisodes, end) {
        let Some(p) = current_period(c, end) else { continue };
        let school_age = age_on(c, end).is_some_and(|a| (5..=16).contains(&a));
        if !school_age || Calendar::england().add_working_days(p.start(), FIRST_REVIEW_WORKING_DAYS) > end {
            continue;
        }
        out.push(Case::share(&c.id, end, c.peps.iter().any(|x| x.date >= since && x.date <= end)));
    }
    out
}

// ---------------------------------------------------------------------------
// Missing from care.

/// Looked after (other than on short breaks) at some time on `on`.
fn in_care_on(child: &Child, on: NaiveDate) -> bool {
    any_episode(child, |e| e.start <= on && e.end.is_none_or(|end| end >= on))
}

fn missing_children(ctx: &Indexed, period: Window) -> Vec<Case> {
    let mut out = Vec::new();
    for c in ctx.children_with(Has::CareEpisodes).filter(|c| any_episode(c, |e| overlaps(period, e.start, e.end))) {
        let Some(last) = care_periods(c).into_iter().rfind(|p| overlaps(period, p.start(), p.end())) else { continue };
        let date = last.end().map_or(period.end(), |e| e.min(period.end()));
        let missing = c.missing_episodes.iter().any(|m| m.kind == MissingType::Missing && overlaps(period, m.start, m.end) && in_care_on(c, m.start));
        out.push(Case::share(&c.id, date, missing));
    }
    out
}

fn return_interviews(ctx: &Indexed, period: Window) -> Vec<Case> {
    ctx.children_with(Has::CareEpisodes)
        .flat_map(|c| {
            c.missing_episodes
                .iter()
                .filter(move |m| m.kind == MissingType::Missing && m.end.is_some_and(|e| period.contains(e)) && in_care_on(c, m.start))
                .map(move |m| Case::share(&c.id, m.end.expect("filtered on an end"), m.return_interview_offered == Some(true)))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Distance and permanence.

fn placed_far_or_out(ctx: &Indexed, period: Window) -> Vec<Case> {
    let end = period.end();
    let own = ctx.council.map(|c| c.la_code.as_str());
    let mut out = Vec::new();
    for c in ctx.children_open_on(Open::CareEpisodes, end) {
        let Some(e) = c.care_episodes.iter().rev().find(|e| !e.legal_status.is_short_break() && open_on(e.start, e.end, end)) else { continue };
        let far = e.distance_miles.is_some_and(|m| m > DISTANT_MILES && m < UNKNOWN_MILES);
        let outside = matches!((e.placement_la.as_deref(), own), (Some(la), Some(own)) if !la.trim().is_empty() && la.trim() != own);
        out.push(Case::share(&c.id, end, far || outside));
    }
    out
}

/// Leaving care in a way that settles permanence.
fn permanent_exit(r: ReasonEpisodeCeased) -> bool {
    r.is_adoption() || r.is_special_guardianship() || matches!(r, ReasonEpisodeCeased::ChildArrangementsOrder | ReasonEpisodeCeased::ReturnedHomePlanned)
}

fn permanence_by_second_review(ctx: &Indexed, period: Window) -> Vec<Case> {
    let mut out = Vec::new();
    for c in ctx.children_with(Has::CareEpisodes) {
        for p in care_periods(c) {
            let mut reviews: Vec<NaiveDate> = c.cla_reviews.iter().map(|r| r.date).filter(|d| *d >= p.start() && p.end().is_none_or(|e| *d <= e)).collect();
            reviews.sort();
            reviews.dedup();
            let Some(&second) = reviews.get(1).filter(|d| period.contains(**d)) else { continue };
            let placed = p
                .episodes
                .iter()
                .any(|e| e.start <= second && (long_term(e.placement) || matches!(e.legal_status, LegalStatus::PlacementOrder | LegalStatus::FreeingOrder)));
            let decided = c.adoption.as_ref().is_some_and(|a| a.decision >= p.start() && a.decision <= second);
            let left = p.end().is_some_and(|e| e <= second) && p.reason_ceased().is_some_and(permanent_exit);
            out.push(Case::share(&c.id, second, placed || decided || left));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use chrono::NaiveDate;
    use scrutiny_model::codes::*;
    use scrutiny_model::*;

    // Codes as the 903 writes them, so timelines read like the return.
    const C1: LegalStatus = LegalStatus::InterimCareOrder;
    const C2: LegalStatus = LegalStatus::FullCareOrder;
    const E1: LegalStatus = LegalStatus::PlacementOrder;
    const V3: LegalStatus = LegalStatus::ShortBreakEpisodes;
    const V4: LegalStatus = LegalStatus::ShortBreakAgreement;
    const V2: LegalStatus = LegalStatus::Section20;
    const U4: PlacementType = PlacementType::FosterLongTerm;
    const U6: PlacementType = PlacementType::FosterOther;
    const K2: PlacementType = PlacementType::ChildrensHome;
    const T2: PlacementType = PlacementType::TemporaryHoliday;
    const T3: PlacementType = PlacementType::TemporaryCarerHoliday;
    const A5: PlacementType = PlacementType::AdoptionOrderWithCarer;
    const A6: PlacementType = PlacementType::AdoptionOrderOther;
    const S: ReasonNewEpisode = ReasonNewEpisode::Started;
    const L: ReasonNewEpisode = ReasonNewEpisode::LegalStatus;
    const P: ReasonNewEpisode = ReasonNewEpisode::PlacementAndCarer;
    const T: ReasonNewEpisode = ReasonNewEpisode::PlacementSameCarer;
    const B: ReasonNewEpisode = ReasonNewEpisode::LegalStatusAndPlacement;
    const X1: ReasonEpisodeCeased = ReasonEpisodeCeased::ContinuingInCare;
    const E11: ReasonEpisodeCeased = ReasonEpisodeCeased::AdoptedUnopposed;
    const E4A: ReasonEpisodeCeased = ReasonEpisodeCeased::ReturnedHomePlanned;
    const E4B: ReasonEpisodeCeased = ReasonEpisodeCeased::ReturnedHomeUnplanned;
    const E13: ReasonEpisodeCeased = ReasonEpisodeCeased::LeftToLiveWithFamily;
    const E17: ReasonEpisodeCeased = ReasonEpisodeCeased::StayingPut;
    const E41: ReasonEpisodeCeased = ReasonEpisodeCeased::ChildArrangementsOrder;
    const E45: ReasonEpisodeCeased = ReasonEpisodeCeased::SgoFormerCarerConnected;
    const E5: ReasonEpisodeCeased = ReasonEpisodeCeased::IndependentWithSupport;
    const E8: ReasonEpisodeCeased = ReasonEpisodeCeased::Other;
    const E9: ReasonEpisodeCeased = ReasonEpisodeCeased::Custody;

    /// A child in one open episode (C2, ordinary foster care) since `since`.
    fn in_care(id: &str, born: &str, since: &str) -> Child {
        child(id, born).tap(|c| c.care_episodes = vec![episode(since, None, C2, U6, S)])
    }

    fn review(date: &str) -> ClaReview {
        ClaReview { date: d(date), due: None, participation: None }
    }

    fn visit(date: &str) -> Visit {
        Visit { kind: VisitKind::LookedAfter, date: d(date), seen: true, seen_alone: false, worker: None }
    }

    fn check(kind: HealthCheckKind, date: &str, completed: bool) -> HealthCheck {
        HealthCheck { kind, date: d(date), completed }
    }

    fn missing(kind: MissingType, start: &str, end: Option<&str>, offered: Option<bool>) -> MissingEpisode {
        MissingEpisode { kind, start: d(start), end: end.map(d), return_interview_offered: offered, return_interview_accepted: None }
    }

    /// A placement's details changed (a different home), as recorded on its episode.
    fn at(mut e: CareEpisode, miles: f32, la: Option<&str>) -> CareEpisode {
        e.distance_miles = Some(miles);
        e.placement_la = la.map(String::from);
        e
    }

    /// Runs an exception list: (child, due date, working days overdue), most overdue first.
    fn list(name: &str, ds: &Dataset, period: &str) -> Vec<(String, NaiveDate, i32)> {
        let council = council();
        let ctx = crate::Ctx { dataset: ds, council: Some(&council) };
        let l = crate::exceptions::find(name).unwrap_or_else(|| panic!("no list {name}"));
        crate::exceptions::run(l, &ctx, p(period)).into_iter().map(|e| (e.id, e.due, e.overdue_working_days)).collect()
    }

    fn groups(r: &crate::Result) -> Vec<(String, f64)> {
        r.breakdown.iter().map(|b| (b.key.clone(), b.numerator)).collect()
    }

    fn assert_share(r: &crate::Result, num: f64, den: f64) {
        assert_eq!((r.numerator, r.denominator), (num, Some(den)), "{}", r.id);
        let v = r.value.expect("a share with a denominator has a value");
        assert!((v - 100.0 * num / den).abs() < 1e-9, "{}: {v}", r.id);
    }

    #[test]
    fn cla_01_counts_each_child_looked_after_at_the_end_once() {
        // Year 2024-25 ends on Monday 31 March 2025.
        let ds = dataset(vec![
            // Two episodes joined by X1 (a change of legal status): one child, counted once.
            child("A", "2015-01-01")
                .tap(|c| c.care_episodes = vec![episode("2024-01-10", Some(("2024-09-01", X1)), C1, U6, S), episode("2024-09-01", None, C2, U6, L)]),
            // Short breaks only (V3): not counted.
            child("B", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2024-05-01", None, V3, U6, S)]),
            // Went home on the last day: not looked after at the end of 31 March.
            child("C", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2023-05-01", Some(("2025-03-31", E4A)), C2, U6, S)]),
            // Came into care on the last day: counted.
            in_care("D", "2015-01-01", "2025-03-31"),
            // Turned 18 on 1 March 2025 and care ended that day: not counted.
            child("E", "2007-03-01").tap(|c| c.care_episodes = vec![episode("2020-01-01", Some(("2025-03-01", E17)), C2, U6, S)]),
            // Leaves the day after the period: still counted.
            child("F", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2023-05-01", Some(("2025-04-01", E4A)), C2, U6, S)]),
        ]);
        let r = run("CLA-01", &ds, "2024-25");
        // A, D and F: 3 children on a population of 10,000 is 3 per 10,000.
        assert_eq!(r.value, Some(3.0));
        assert_eq!(r.numerator_ids, vec!["A", "D", "F"]);
    }

    #[test]
    fn cla_02_counts_each_child_starting_once_by_age_at_entry() {
        let ds = dataset(vec![
            // Started on the first day of the year, aged 11 weeks: under 1.
            in_care("A", "2024-01-15", "2024-04-01"),
            // Started on the last day, their 5th birthday: 5 to 9.
            in_care("B", "2020-03-31", "2025-03-31"),
            // Started the day before the year; the change of placement (X1, then RNE P) in June is not a new start.
            child("C", "2015-01-01")
                .tap(|c| c.care_episodes = vec![episode("2024-03-31", Some(("2024-06-01", X1)), C2, U6, S), episode("2024-06-01", None, C2, K2, P)]),
            // Short breaks (V3): not a start.
            child("D", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2024-05-01", None, V3, U6, S)]),
            // Two periods of care in the year: counted once, at the first (1 May 2024, aged 13): 10 to 15.
            child("E", "2010-06-15")
                .tap(|c| c.care_episodes = vec![episode("2024-05-01", Some(("2024-06-01", E4A)), C2, U6, S), episode("2024-09-01", None, C2, U6, S)]),
            // Started on their 16th birthday: 16 and over.
            in_care("F", "2008-07-01", "2024-07-01"),
            // Aged 2 at entry: 1 to 4.
            in_care("H", "2022-01-01", "2024-10-10"),
        ]);
        let r = run("CLA-02", &ds, "2024-25");
        assert_eq!(r.value, Some(5.0));
        assert_eq!(r.numerator_ids, vec!["A", "B", "E", "F", "H"]);
        let one = |k: &str| (k.to_string(), 1.0);
        assert_eq!(groups(&r), vec![one("1 to 4"), one("10 to 15"), one("16 and over"), one("5 to 9"), one("Under 1")]);
    }

    #[test]
    fn cla_03_counts_each_child_ceasing_once_by_reason() {
        let ds = dataset(vec![
            // Adopted.
            child("A", "2020-01-01").tap(|c| c.care_episodes = vec![episode("2022-01-01", Some(("2024-10-01", E11)), E1, A6, S)]),
            // Special guardianship on the first day of the year.
            child("B", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2022-01-01", Some(("2024-04-01", E45)), C2, U6, S)]),
            // Returned home on the last day.
            child("C", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2024-01-01", Some(("2025-03-31", E4A)), C2, U6, S)]),
            // Child arrangements order.
            child("D", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2023-01-01", Some(("2024-06-01", E41)), C2, U6, S)]),
            // Turned 18 on 5 December 2024 and stayed put with the carers: care ended.
            child("E", "2006-12-05").tap(|c| c.care_episodes = vec![episode("2020-01-01", Some(("2024-12-05", E17)), C2, U6, S)]),
            // Left twice in the year: counted once, by the last reason (E13, to live with family).
            child("F", "2012-01-01").tap(|c| {
                c.care_episodes = vec![episode("2024-01-01", Some(("2024-05-01", E4B)), V2, U6, S), episode("2024-07-01", Some(("2024-11-01", E13)), V2, U6, S)]
            }),
            // An X1 is not leaving care.
            child("G", "2015-01-01")
                .tap(|c| c.care_episodes = vec![episode("2023-01-01", Some(("2024-09-01", X1)), C1, U6, S), episode("2024-09-01", None, C2, U6, L)]),
            // Left the day before the year.
            child("H", "2006-01-01").tap(|c| c.care_episodes = vec![episode("2022-01-01", Some(("2024-03-31", E5)), C2, U6, S)]),
            // Short breaks ending: not counted.
            child("I", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2024-05-01", Some(("2024-06-01", E8)), V3, U6, S)]),
            // Sentenced to custody: other.
            child("J", "2008-01-01").tap(|c| c.care_episodes = vec![episode("2024-02-01", Some(("2024-08-01", E9)), C2, K2, S)]),
        ]);
        let r = run("CLA-03", &ds, "2024-25");
        assert_eq!(r.value, Some(7.0));
        assert_eq!(r.numerator_ids, vec!["A", "B", "C", "D", "E", "F", "J"]);
        let g = |k: &str, n: f64| (k.to_string(), n);
        assert_eq!(
            groups(&r),
            vec![
                g("Adopted", 1.0),
                g("Child arrangements order", 1.0),
                g("Independent living or aged 18", 1.0),
                g("Other", 1.0),
                g("Returned home", 2.0),
                g("Special guardianship order", 1.0)
            ]
        );
    }

    #[test]
    fn cla_04_counts_placements_in_the_12_months_leaving_out_temporary_and_adoption_by_carers() {
        // The 12 months are 1 April 2024 to 31 March 2025.
        let ds = dataset(vec![
            // Open on 1 April (1), a move in June (2), a move on the last day (3): three.
            child("A", "2012-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2023-06-01", Some(("2024-06-01", X1)), C2, U6, S),
                    episode("2024-06-01", Some(("2025-03-31", X1)), C2, U6, P),
                    episode("2025-03-31", None, C2, K2, P),
                ]
            }),
            // A fortnight with another carer while the foster carer was on holiday (T3), back to the same
            // home, then a move to long-term foster care: the original placement (1) and U4 (2). Two.
            child("B", "2012-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2023-06-01", Some(("2024-07-01", X1)), C2, U6, S),
                    episode("2024-07-01", Some(("2024-07-15", X1)), C2, T3, P),
                    episode("2024-07-15", Some(("2024-11-01", X1)), C2, U6, P),
                    episode("2024-11-01", None, C2, U4, P),
                ]
            }),
            // Open on 1 April (1), a move in May (2), then placed for adoption with those same foster carers (A5),
            // recorded as RNE P: not a move. Two.
            child("C", "2022-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2023-05-01", Some(("2024-05-01", X1)), C2, U6, S),
                    episode("2024-05-01", Some(("2024-09-01", X1)), C2, U6, P),
                    episode("2024-09-01", None, E1, A5, P),
                ]
            }),
            // Moved on 1 April itself: the old placement ended as the 12 months began and is not counted;
            // the April and October placements are. Two.
            child("D", "2012-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2023-01-01", Some(("2024-04-01", X1)), C2, U6, S),
                    episode("2024-04-01", Some(("2024-10-01", X1)), C2, U6, P),
                    episode("2024-10-01", None, C2, U6, P),
                ]
            }),
            // Went home in June and came back in September: every placement in the 12 months counts,
            // across both periods of care. Three.
            child("E", "2012-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2024-02-01", Some(("2024-06-01", E4A)), V2, U6, S),
                    episode("2024-09-01", Some(("2024-12-01", X1)), C2, U6, S),
                    episode("2024-12-01", None, C2, K2, P),
                ]
            }),
            // Three placements but not looked after at the end: not in the cohort.
            child("F", "2012-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2024-01-01", Some(("2024-05-01", X1)), C2, U6, S),
                    episode("2024-05-01", Some(("2024-08-01", X1)), C2, U6, P),
                    episode("2024-08-01", Some(("2025-02-01", E4A)), C2, K2, P),
                ]
            }),
            // A children's home for less than a day (in and out on 1 May): not a placement. Two.
            child("G", "2012-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2023-01-01", Some(("2024-05-01", X1)), C2, U6, S),
                    episode("2024-05-01", Some(("2024-05-01", X1)), C2, K2, P),
                    episode("2024-05-01", None, C2, U6, P),
                ]
            }),
            // Short breaks only: not looked after.
            child("H", "2012-01-01").tap(|c| c.care_episodes = vec![episode("2024-01-01", None, V4, U6, S)]),
        ]);
        let r = run("CLA-04", &ds, "2024-25");
        // A and E of A, B, C, D, E, G: 2 of 6.
        assert_share(&r, 2.0, 6.0);
        assert_eq!(r.numerator_ids, vec!["A", "E"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D", "E", "G"]);
    }

    #[test]
    fn cla_05_long_term_stability_at_the_boundaries() {
        // At 31 March 2025: in care since 30 September 2022 or earlier (2.5 years), the same placement
        // since 31 March 2023 or earlier (2 years), under 16.
        let ds = dataset(vec![
            // In care exactly 2.5 years, one placement throughout: yes.
            child("A", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2022-09-30", None, C2, U4, S)]),
            // A day short of 2.5 years: not in the cohort.
            child("B", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2022-10-01", None, C2, U4, S)]),
            // Moved to the current placement exactly 2 years before: yes.
            child("C", "2015-01-01")
                .tap(|c| c.care_episodes = vec![episode("2020-01-01", Some(("2023-03-31", X1)), C2, U6, S), episode("2023-03-31", None, C2, U4, P)]),
            // Moved a day later: no.
            child("D", "2015-01-01")
                .tap(|c| c.care_episodes = vec![episode("2020-01-01", Some(("2023-04-01", X1)), C2, U6, S), episode("2023-04-01", None, C2, U4, P)]),
            // Same carers since 2020 through a change of legal status (X1, L) and becoming long-term foster
            // care with them (RNE T): yes.
            child("E", "2015-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2020-01-01", Some(("2021-05-01", X1)), C1, U6, S),
                    episode("2021-05-01", Some(("2024-01-01", X1)), C2, U6, L),
                    episode("2024-01-01", None, C2, U4, T),
                ]
            }),
            // Placed for adoption with new carers on 1 September 2024; with the placement before (from
            // 1 June 2022) that is 2 years and 10 months: yes.
            child("F", "2015-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2020-01-01", Some(("2022-06-01", X1)), C2, U6, S),
                    episode("2022-06-01", Some(("2024-09-01", X1)), C2, U6, P),
                    episode("2024-09-01", None, E1, A6, B),
                ]
            }),
            // The same, but the placement before began on 1 June 2023: 22 months together. No.
            child("G", "2015-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2020-01-01", Some(("2023-06-01", X1)), C2, U6, S),
                    episode("2023-06-01", Some(("2024-09-01", X1)), C2, U6, P),
                    episode("2024-09-01", None, E1, A6, B),
                ]
            }),
            // Turned 16 on 31 March 2025: not under 16, not in the cohort.
            child("H", "2009-03-31").tap(|c| c.care_episodes = vec![episode("2015-01-01", None, C2, U4, S)]),
            // Turns 16 the day after: still 15, in the cohort, settled: yes.
            child("I", "2009-04-01").tap(|c| c.care_episodes = vec![episode("2015-01-01", None, C2, U4, S)]),
            // Back in care since January 2023 after an earlier period: not continuously 2.5 years.
            child("K", "2015-01-01")
                .tap(|c| c.care_episodes = vec![episode("2019-01-01", Some(("2021-01-01", E4B)), C2, U4, S), episode("2023-01-01", None, C2, U4, S)]),
            // A holiday placement (T2) and back to the same carers: the placement goes on. Yes.
            child("L", "2015-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2020-01-01", Some(("2024-08-01", X1)), C2, U4, S),
                    episode("2024-08-01", Some(("2024-08-10", X1)), C2, T2, P),
                    episode("2024-08-10", None, C2, U4, P),
                ]
            }),
        ]);
        let r = run("CLA-05", &ds, "2024-25");
        // Cohort A, C, D, E, F, G, I, L; settled A, C, E, F, I, L: 6 of 8 = 75%.
        assert_share(&r, 6.0, 8.0);
        assert_eq!(r.value, Some(75.0));
        assert_eq!(r.denominator_ids, vec!["A", "C", "D", "E", "F", "G", "I", "L"]);
        assert_eq!(r.numerator_ids, vec!["A", "C", "E", "F", "I", "L"]);
    }

    #[test]
    fn cla_06_first_review_counts_working_days_over_easter() {
        // Thursday 28 March 2024: Good Friday (29th) and Easter Monday (1 April) follow, so the 20th
        // working day is Monday 29 April (2-5 April, 8-12, 15-19, 22-26, 29 = 4+5+5+5+1), not Thursday 25 April.
        let ds = dataset(vec![
            // First review on the 20th working day, second exactly 3 months later, third exactly 6 months after
            // that; the next is due 29 July 2025. All on time.
            in_care("A", "2015-01-01", "2024-03-28").tap(|c| c.cla_reviews = vec![review("2024-04-29"), review("2024-07-29"), review("2025-01-29")]),
            // First review on the 21st working day: late, though the rest were on time.
            in_care("B", "2015-01-01", "2024-03-28").tap(|c| c.cla_reviews = vec![review("2024-04-30"), review("2024-07-30"), review("2025-01-30")]),
            // In care since Thursday 5 January 2023 (first due Thursday 2 February 2023); reviews on time until
            // 12 April 2024, so the next was due 12 October 2024 and has not been held: late.
            in_care("C", "2015-01-01", "2023-01-05")
                .tap(|c| c.cla_reviews = vec![review("2023-01-30"), review("2023-04-28"), review("2023-10-20"), review("2024-04-12")]),
            // Came into care on 20 March 2025: the first review is not due until April. Left out.
            in_care("D", "2015-01-01", "2025-03-20"),
            // In care since Monday 2 December 2024: first due Thursday 2 January 2025 (Christmas, Boxing Day and
            // New Year's Day skipped), held 31 December; the second is due 31 March 2025, the last day, and is not
            // yet late. On time.
            in_care("E", "2015-01-01", "2024-12-02").tap(|c| c.cla_reviews = vec![review("2024-12-31")]),
            // Short breaks only: left out.
            child("F", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2023-01-01", None, V4, U6, S)]),
            // Not looked after at the end: left out.
            child("G", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2023-01-01", Some(("2025-01-01", E4A)), C2, U6, S)]),
        ]);
        let r = run("CLA-06", &ds, "2024-25");
        // A and E of A, B, C, E.
        assert_share(&r, 2.0, 4.0);
        assert_eq!(r.numerator_ids, vec!["A", "E"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "E"]);
    }

    #[test]
    fn cla_reviews_overdue_lists_the_next_review_due_before_the_end() {
        // March 2025 ends on Monday 31 March.
        let ds = dataset(vec![
            // In care since Thursday 6 March 2025: first review due Thursday 3 April. Not overdue.
            in_care("X", "2015-01-01", "2025-03-06"),
            // In care since Monday 3 February 2025: first review due Monday 3 March, none held. Overdue by
            // 4 + 5 + 5 + 5 + 1 = 20 working days (4-7, 10-14, 17-21, 24-28 and 31 March).
            in_care("Y", "2015-01-01", "2025-02-03"),
            // Reviews 27 June 2024 (first due 1 July) and 27 September 2024; the third was due Thursday 27 March
            // 2025: overdue by 2 working days (Friday 28 and Monday 31).
            in_care("Z", "2015-01-01", "2024-06-03").tap(|c| c.cla_reviews = vec![review("2024-06-27"), review("2024-09-27")]),
            // Second review due on 31 March itself: due, not overdue.
            in_care("W", "2015-01-01", "2024-12-02").tap(|c| c.cla_reviews = vec![review("2024-12-31")]),
        ]);
        assert_eq!(list("cla-reviews-overdue", &ds, "2025-03"), vec![("Y".to_string(), d("2025-03-03"), 20), ("Z".to_string(), d("2025-03-27"), 2)]);
    }

    #[test]
    fn cla_07_visits_within_a_week_of_each_placement_then_six_weekly_or_three_monthly() {
        let ds = dataset(vec![
            // Placed 1 January 2024, first visit 5 January, then exactly every 6 weeks (42 days); the placement's
            // first year ends in January 2025 but U6 is not long-term, so 6 weeks still. All on time.
            in_care("A", "2015-01-01", "2024-01-01").tap(|c| {
                c.visits = [
                    "2024-01-05",
                    "2024-02-16",
                    "2024-03-29",
                    "2024-05-10",
                    "2024-06-21",
                    "2024-08-02",
                    "2024-09-13",
                    "2024-10-25",
                    "2024-12-06",
                    "2025-01-17",
                    "2025-02-28",
                ]
                .into_iter()
                .map(visit)
                .collect()
            }),
            // Long-term foster care (U4) since 2020: three-monthly visits are enough. On time.
            child("B", "2015-01-01").tap(|c| {
                c.care_episodes = vec![episode("2020-01-01", None, C2, U4, S)];
                c.visits = ["2024-01-15", "2024-04-15", "2024-07-15", "2024-10-15", "2025-01-15"].into_iter().map(visit).collect();
            }),
            // The same visits in ordinary foster care (U6): the visit due 27 May 2024 came on 15 July. Late.
            in_care("C", "2015-01-01", "2020-01-01")
                .tap(|c| c.visits = ["2024-01-15", "2024-04-15", "2024-07-15", "2024-10-15", "2025-01-15"].into_iter().map(visit).collect()),
            // Placed Monday 3 March 2025, visited on the 7th day after. On time.
            in_care("D", "2015-01-01", "2025-03-03").tap(|c| c.visits = vec![visit("2025-03-10")]),
            // Visited on the 8th day: late.
            in_care("E", "2015-01-01", "2025-03-03").tap(|c| c.visits = vec![visit("2025-03-11")]),
            // Placed 24 March 2025, first visit due 31 March (the last day) and not yet made: nothing late yet. Left out.
            in_care("G", "2015-01-01", "2025-03-24"),
            // Visited 10 January; moved 1 February (before the next visit fell due on 21 February) and visited that
            // same day, then on 14 March (due 15 March). On time.
            child("H", "2015-01-01").tap(|c| {
                c.care_episodes = vec![episode("2025-01-06", Some(("2025-02-01", X1)), C2, U6, S), episode("2025-02-01", None, C2, U6, P)];
                c.visits = vec![visit("2025-01-10"), visit("2025-02-01"), visit("2025-03-14")];
            }),
            // Visited on 5 March without the child being seen, then seen on 12 March: the first visit (due 10 March) was late.
            in_care("I", "2015-01-01", "2025-03-03").tap(|c| {
                let mut unseen = visit("2025-03-05");
                unseen.seen = false;
                c.visits = vec![unseen, visit("2025-03-12")];
            }),
            // Moved to long-term foster care (U4) on 3 June 2024 and visited 7 June, then three-monthly: but in a
            // placement's first year visits are 6-weekly even when it is long-term (the one due 19 July came
            // 6 September). Late.
            child("J", "2015-01-01").tap(|c| {
                c.care_episodes = vec![episode("2020-01-01", Some(("2024-06-03", X1)), C2, U6, S), episode("2024-06-03", None, C2, U4, P)];
                c.visits = ["2024-06-07", "2024-09-06", "2024-12-06", "2025-03-06"].into_iter().map(visit).collect();
            }),
            // Long-term (U4) from 1 June 2023: 6-weekly to the first anniversary (visits 19 April and 31 May 2024,
            // the day before it, so the next is due 12 July), then three-monthly (12 July, 11 October, 10 January,
            // each within 3 months of the one before). On time.
            child("K", "2015-01-01").tap(|c| {
                c.care_episodes = vec![episode("2023-06-01", None, C2, U4, S)];
                c.visits = ["2024-04-19", "2024-05-31", "2024-07-12", "2024-10-11", "2025-01-10"].into_iter().map(visit).collect();
            }),
        ]);
        let r = run("CLA-07", &ds, "2024-25");
        // A, B, D, H and K of A, B, C, D, E, H, I, J, K: 5 of 9.
        assert_share(&r, 5.0, 9.0);
        assert_eq!(r.numerator_ids, vec!["A", "B", "D", "H", "K"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D", "E", "H", "I", "J", "K"]);
    }

    #[test]
    fn cla_visits_overdue_lists_the_next_visit_due_before_the_end() {
        let ds = dataset(vec![
            // Placed Monday 3 March 2025, never visited: due Monday 10 March, overdue 4 + 5 + 5 + 1 = 15 working days.
            in_care("P", "2015-01-01", "2025-03-03"),
            // Long-term (U4) since 2020, last seen 20 December 2024: due Thursday 20 March 2025, overdue 7 working
            // days (21, 24-28 and 31 March).
            child("Q", "2015-01-01").tap(|c| {
                c.care_episodes = vec![episode("2020-01-01", None, C2, U4, S)];
                c.visits = vec![visit("2024-12-20")];
            }),
            // Ordinary foster care, last seen 17 February 2025: due 31 March, the last day. Not overdue.
            in_care("R", "2015-01-01", "2020-01-01").tap(|c| c.visits = vec![visit("2025-02-17")]),
            // Short breaks: no statutory looked-after visits listed.
            child("S", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2024-01-01", None, V4, U6, S)]),
        ]);
        assert_eq!(list("cla-visits-overdue", &ds, "2025-03"), vec![("P".to_string(), d("2025-03-10"), 15), ("Q".to_string(), d("2025-03-20"), 7)]);
    }

    /// The OC2 cohort of 2024-25: looked after continuously from 1 April 2024 (or earlier) to 31 March 2025.
    fn health_dataset() -> Dataset {
        use HealthCheckKind::{DentalCheck as Dental, HealthAssessment as Health};
        dataset(vec![
            // In care from 1 April 2024, exactly 12 months: assessment in May, teeth checked on the last day.
            in_care("A", "2016-06-01", "2024-04-01").tap(|c| c.health_checks = vec![check(Health, "2024-05-01", true), check(Dental, "2025-03-31", true)]),
            // In care from 2 April 2024: a day short, not in the cohort.
            in_care("B", "2016-06-01", "2024-04-02").tap(|c| c.health_checks = vec![check(Health, "2024-05-01", true)]),
            // Assessment the day before the 12 months (missed); dental check on their first day (counts).
            in_care("C", "2014-01-01", "2020-01-01").tap(|c| c.health_checks = vec![check(Health, "2024-03-31", true), check(Dental, "2024-04-01", true)]),
            // Refused the assessment (not done), no dental check.
            in_care("D", "2014-01-01", "2024-03-01").tap(|c| c.health_checks = vec![check(Health, "2024-10-01", false)]),
            // Aged 3: two assessments in the year, as under-5s need; dental check.
            in_care("E", "2021-06-01", "2022-01-01")
                .tap(|c| c.health_checks = vec![check(Health, "2024-05-01", true), check(Health, "2024-11-01", true), check(Dental, "2024-06-01", true)]),
            // Aged 3: only one assessment in the year (the other was in February 2024): not up to date. Dental check.
            in_care("F", "2021-06-01", "2022-01-01")
                .tap(|c| c.health_checks = vec![check(Health, "2024-02-15", true), check(Health, "2024-12-01", true), check(Dental, "2024-12-01", true)]),
            // Went home on 31 March 2025: still in the cohort (as the DfE's OC2 rule reads it). Assessment yes;
            // dental check in March 2024, before the 12 months.
            child("G", "2014-01-01").tap(|c| {
                c.care_episodes = vec![episode("2020-01-01", Some(("2025-03-31", E4A)), C2, U6, S)];
                c.health_checks = vec![check(Health, "2024-06-01", true), check(Dental, "2024-03-15", true)];
            }),
            // Short breaks since 2020: not in the cohort.
            child("H", "2014-01-01").tap(|c| c.care_episodes = vec![episode("2020-01-01", None, V4, U6, S)]),
            // Interim care order to full care order in September (X1): continuous. Both checks.
            child("I", "2012-06-01").tap(|c| {
                c.care_episodes = vec![episode("2023-06-01", Some(("2024-09-01", X1)), C1, U6, S), episode("2024-09-01", None, C2, U6, L)];
                c.health_checks = vec![check(Health, "2024-09-10", true), check(Dental, "2024-09-10", true)];
            }),
        ])
    }

    #[test]
    fn cla_08_health_assessments_in_the_12_months_two_under_5() {
        let r = run("CLA-08", &health_dataset(), "2024-25");
        // Cohort A, C, D, E, F, G, I; up to date A, E, G, I: 4 of 7.
        assert_share(&r, 4.0, 7.0);
        assert_eq!(r.denominator_ids, vec!["A", "C", "D", "E", "F", "G", "I"]);
        assert_eq!(r.numerator_ids, vec!["A", "E", "G", "I"]);
    }

    #[test]
    fn cla_09_dental_checks_in_the_12_months() {
        let r = run("CLA-09", &health_dataset(), "2024-25");
        // Same cohort; checked A, C, E, F, I: 5 of 7.
        assert_share(&r, 5.0, 7.0);
        assert_eq!(r.numerator_ids, vec!["A", "C", "E", "F", "I"]);
    }

    #[test]
    fn health_overdue_lists_each_missing_check_from_when_it_fell_due() {
        let rows = list("health-overdue", &health_dataset(), "2024-25");
        assert_eq!(
            rows,
            vec![
                // F (under 5): two assessments needed, the second latest was 15 February 2024, so one was due by
                // Saturday 15 February 2025: 31 working days to 31 March (17 Feb to 28 Mar is 6 weeks, plus the 31st).
                ("F".to_string(), d("2025-02-15"), 31),
                // D: nothing completed since coming into care on 1 March 2024, so both fell due on Saturday 1 March
                // 2025: 21 working days (3-7, 10-14, 17-21, 24-28 and 31 March).
                ("D".to_string(), d("2025-03-01"), 21),
                ("D".to_string(), d("2025-03-01"), 21),
                // C: last assessment 31 March 2024, due again 31 March 2025: due today, 0 days overdue.
                ("C".to_string(), d("2025-03-31"), 0),
                // G left care on 31 March and is not listed; A, E and I are up to date.
            ]
        );
    }

    #[test]
    fn cla_10_pep_reviewed_within_a_term() {
        // 122 days before 31 March 2025 is 29 November 2024.
        let ds = dataset(vec![
            // Aged 10, PEP on 29 November 2024: in date.
            in_care("A", "2014-05-01", "2020-01-01").tap(|c| c.peps = vec![Pep { date: d("2024-11-29") }]),
            // A day earlier: out of date.
            in_care("B", "2014-05-01", "2020-01-01").tap(|c| c.peps = vec![Pep { date: d("2024-11-28") }]),
            // Aged 4: not of school age.
            in_care("C", "2020-06-01", "2021-01-01"),
            // Aged 16, PEP on the last day: in date.
            in_care("D", "2008-06-01", "2020-01-01").tap(|c| c.peps = vec![Pep { date: d("2025-03-31") }]),
            // Aged 17: left out.
            in_care("E", "2007-06-01", "2020-01-01"),
            // Turned 5 on 31 March 2025: in the cohort, no PEP.
            in_care("F", "2020-03-31", "2021-01-01"),
            // Came into care on 10 March 2025: 20 working days not yet passed (they end 7 April). Left out.
            in_care("G", "2014-05-01", "2025-03-10"),
        ]);
        let r = run("CLA-10", &ds, "2024-25");
        // A and D of A, B, D, F.
        assert_share(&r, 2.0, 4.0);
        assert_eq!(r.denominator_ids, vec!["A", "B", "D", "F"]);
    }

    #[test]
    fn cla_11_children_missing_while_looked_after() {
        let m = MissingType::Missing;
        let ds = dataset(vec![
            // Missing in June: yes.
            in_care("A", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2024-06-01", Some("2024-06-02"), Some(true))]),
            // Away without authorisation only: not missing.
            in_care("B", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(MissingType::Away, "2024-06-01", Some("2024-06-01"), None)]),
            // Missing since 30 March 2024, back 2 April: open on 1 April, so counted.
            in_care("C", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2024-03-30", Some("2024-04-02"), Some(true))]),
            // Missing and back in March 2024, before the year: no.
            in_care("D", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2024-03-01", Some("2024-03-05"), Some(true))]),
            // Left care on 1 May, missing from home in September: not missing from care (but in the cohort).
            child("E", "2010-01-01").tap(|c| {
                c.care_episodes = vec![episode("2020-01-01", Some(("2024-05-01", E4A)), C2, U6, S)];
                c.missing_episodes = vec![missing(m, "2024-09-01", Some("2024-09-02"), None)];
            }),
            // Came into care on the last day and went missing that day: yes.
            in_care("F", "2010-01-01", "2025-03-31").tap(|c| c.missing_episodes = vec![missing(m, "2025-03-31", Some("2025-03-31"), None)]),
            // Short breaks: not in the cohort.
            child("G", "2010-01-01").tap(|c| {
                c.care_episodes = vec![episode("2020-01-01", None, V3, U6, S)];
                c.missing_episodes = vec![missing(m, "2024-06-01", Some("2024-06-02"), None)];
            }),
            // Missing twice: one child.
            in_care("H", "2010-01-01", "2020-01-01").tap(|c| {
                c.missing_episodes = vec![missing(m, "2024-05-01", Some("2024-05-02"), Some(true)), missing(m, "2024-07-01", Some("2024-07-01"), Some(true))]
            }),
        ]);
        let r = run("CLA-11", &ds, "2024-25");
        // A, C, F, H of A, B, C, D, E, F, H: 4 of 7.
        assert_share(&r, 4.0, 7.0);
        assert_eq!(r.numerator_ids, vec!["A", "C", "F", "H"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "D", "E", "F", "H"]);
    }

    #[test]
    fn cla_12_return_interviews_per_missing_incident_ending_in_the_period() {
        let m = MissingType::Missing;
        let ds = dataset(vec![
            // Offered: yes.
            in_care("A", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2024-06-01", Some("2024-06-02"), Some(true))]),
            // Ended on the first day, not offered: counted, no.
            in_care("B", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2024-03-30", Some("2024-04-01"), Some(false))]),
            // Back on 1 April 2025, after the year: not counted.
            in_care("C", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2025-03-31", Some("2025-04-01"), Some(true))]),
            // Away, not missing: not counted.
            in_care("D", "2010-01-01", "2020-01-01")
                .tap(|c| c.missing_episodes = vec![missing(MissingType::Away, "2024-07-01", Some("2024-07-01"), Some(true))]),
            // Still missing: not counted.
            in_care("E", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2025-03-01", None, None)]),
            // Back on the last day, offer not recorded: counted, no.
            in_care("F", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2025-03-30", Some("2025-03-31"), None)]),
            // Missing and back the same day, offered: yes.
            in_care("G", "2010-01-01", "2020-01-01").tap(|c| c.missing_episodes = vec![missing(m, "2024-08-01", Some("2024-08-01"), Some(true))]),
        ]);
        let r = run("CLA-12", &ds, "2024-25");
        // Incidents of A, B, F, G; offered A, G: 2 of 4.
        assert_share(&r, 2.0, 4.0);
        assert_eq!(r.numerator_ids, vec!["A", "G"]);
    }

    #[test]
    fn cla_13_distance_or_another_council_at_the_period_end() {
        // The test council's code is 999.
        let placed = |id: &str, miles: f32, la: Option<&str>| {
            child(id, "2012-01-01").tap(|c| c.care_episodes = vec![at(episode("2020-01-01", None, C2, U6, S), miles, la)])
        };
        let ds = dataset(vec![
            placed("A", 3.0, None),
            // More than 20 miles: yes.
            placed("B", 25.0, None),
            // Exactly 20 miles: not more than 20.
            placed("C", 20.0, None),
            // Close, but in another council's area: yes.
            placed("D", 5.0, Some("888")),
            // In our own area: no.
            placed("E", 5.0, Some("999")),
            // Distance unknown (999.9): no.
            placed("F", 999.9, None),
            // 30 miles away until the last day, then moved 2 miles from home: the placement at the end counts. No.
            child("G", "2012-01-01").tap(|c| {
                c.care_episodes =
                    vec![at(episode("2020-01-01", Some(("2025-03-31", X1)), C2, U6, S), 30.0, None), at(episode("2025-03-31", None, C2, U6, P), 2.0, None)]
            }),
            // Short breaks 40 miles away: not in the cohort.
            child("H", "2012-01-01").tap(|c| c.care_episodes = vec![at(episode("2020-01-01", None, V4, U6, S), 40.0, None)]),
        ]);
        let r = run("CLA-13", &ds, "2024-25");
        // B and D of A to G: 2 of 7.
        assert_share(&r, 2.0, 7.0);
        assert_eq!(r.numerator_ids, vec!["B", "D"]);
    }

    #[test]
    fn cla_14_permanence_evidence_by_the_second_review() {
        let ds = dataset(vec![
            // Became long-term foster care with the same carers (U4, RNE T) on 15 April, before the second review on 1 May.
            child("A", "2015-01-01").tap(|c| {
                c.care_episodes = vec![episode("2024-01-10", Some(("2024-04-15", X1)), C2, U6, S), episode("2024-04-15", None, C2, U4, T)];
                c.cla_reviews = vec![review("2024-02-05"), review("2024-05-01")];
            }),
            // Decision to place for adoption on the day of the second review: yes.
            in_care("B", "2022-01-01", "2024-01-10").tap(|c| {
                c.cla_reviews = vec![review("2024-02-05"), review("2024-05-01")];
                c.adoption = Some(adoption_decided("2024-05-01"));
            }),
            // Decision the day after: no.
            in_care("C", "2022-01-01", "2024-01-10").tap(|c| {
                c.cla_reviews = vec![review("2024-02-05"), review("2024-05-01")];
                c.adoption = Some(adoption_decided("2024-05-02"));
            }),
            // Second review before the year: not counted.
            in_care("D", "2015-01-01", "2023-12-01").tap(|c| c.cla_reviews = vec![review("2023-12-20"), review("2024-03-28"), review("2024-09-20")]),
            // Second review on the last day, ordinary foster care throughout: no.
            in_care("E", "2015-01-01", "2024-12-02").tap(|c| c.cla_reviews = vec![review("2024-12-20"), review("2025-03-31")]),
            // Special guardianship order made the day of the second review, ending care: yes.
            child("F", "2015-01-01").tap(|c| {
                c.care_episodes = vec![episode("2024-05-01", Some(("2024-09-02", E45)), C2, U6, S)];
                c.cla_reviews = vec![review("2024-05-29"), review("2024-09-02")];
            }),
        ]);
        let r = run("CLA-14", &ds, "2024-25");
        // A, B, F of A, B, C, E, F: 3 of 5.
        assert_share(&r, 3.0, 5.0);
        assert_eq!(r.numerator_ids, vec!["A", "B", "F"]);
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "E", "F"]);
    }

    fn adoption_decided(date: &str) -> Adoption {
        Adoption::decided(d(date))
    }

    #[test]
    fn shares_are_none_not_zero_when_no_one_is_in_the_cohort() {
        // One child, on short breaks only: nobody is looked after.
        let ds = dataset(vec![child("A", "2015-01-01").tap(|c| c.care_episodes = vec![episode("2020-01-01", None, V3, U6, S)])]);
        for id in ["CLA-04", "CLA-05", "CLA-06", "CLA-07", "CLA-08", "CLA-09", "CLA-10", "CLA-11", "CLA-12", "CLA-13", "CLA-14"] {
            let r = run(id, &ds, "2024-25");
            assert_eq!((r.value, r.denominator), (None, Some(0.0)), "{id}");
        }
        // Counts are 0, not None.
        assert_eq!(run("CLA-01", &ds, "2024-25").value, Some(0.0));
        assert_eq!(run("CLA-02", &ds, "2024-25").value, Some(0.0));
        assert_eq!(run("CLA-03", &ds, "2024-25").value, Some(0.0));
    }

    #[test]
    fn a_quarter_looks_back_a_rolling_12_months() {
        // Quarter 1 of 2024-25 ends 30 June 2024; its 12 months begin 1 July 2023.
        let ds = dataset(vec![
            // Placements from 1 June 2023 (open on 1 July 2023), 1 September 2023 and 1 June 2024: three.
            child("A", "2012-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2023-06-01", Some(("2023-09-01", X1)), C2, U6, S),
                    episode("2023-09-01", Some(("2024-06-01", X1)), C2, U6, P),
                    episode("2024-06-01", None, C2, U6, P),
                ]
            }),
            // Moves on 1 July 2023 and 1 June 2024: the first placement ended as the 12 months began. Two.
            child("B", "2012-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2023-01-01", Some(("2023-07-01", X1)), C2, U6, S),
                    episode("2023-07-01", Some(("2024-06-01", X1)), C2, U6, P),
                    episode("2024-06-01", None, C2, U6, P),
                ]
            }),
        ]);
        let r = run("CLA-04", &ds, "2024-25-Q1");
        assert_share(&r, 1.0, 2.0);
        assert_eq!(r.numerator_ids, vec!["A"]);
    }

    #[test]
    fn catalogue_entries_are_complete() {
        let ids: Vec<&str> = super::INDICATORS.iter().map(|i| i.id).collect();
        assert_eq!(ids, (1..=14).map(|n| format!("CLA-{n:02}")).collect::<Vec<_>>());
        for i in super::INDICATORS {
            assert_eq!(i.domain, crate::Domain::ChildrenInCare);
            assert!(!i.definition.is_empty() && !i.statutory_basis.is_empty(), "{}", i.id);
        }
        let lists: Vec<&str> = super::EXCEPTIONS.iter().map(|l| l.name).collect();
        assert_eq!(lists, vec!["cla-visits-overdue", "cla-reviews-overdue", "health-overdue"]);
    }
}
