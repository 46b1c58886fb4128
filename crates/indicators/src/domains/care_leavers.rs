//! Care leavers: young people on their 17th to 21st birthdays (SSDA903 OC3),
//! whether the council is in touch, their accommodation and activity, and
//! whether their pathway plans are reviewed in time.

use crate::exceptions::{for_child, Exception, ExceptionList};
use crate::{Case, Domain, Has, Indexed, Indicator, Polarity, Subject, Unit, Window};
use chrono::{Datelike, Months, NaiveDate};
use scrutiny_model::codes::{AccommodationType, InTouch};
use scrutiny_model::{CareLeaverRecord, Child, Period};

/// The DfE's two age groups of care leavers, by the birthday a record is about.
const AGE_17_TO_18: &str = "17 to 18";
const AGE_19_TO_21: &str = "19 to 21";

/// Care Leavers (England) Regulations 2010: pathway plans are reviewed at least every six months.
const PATHWAY_PLAN_REVIEW_MONTHS: u32 = 6;

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "CL-01",
        title: "Care leavers in touch",
        domain: Domain::CareLeavers,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of care leavers whose 17th to 21st birthday falls in the period, the share the council was in touch with around that birthday (IN_TOUCH YES; not in touch, refusing contact and no longer requiring services are all not in touch). Cohort: young people whose 17th, 18th, 19th, 20th or 21st birthday falls in the period, one record per young person, leaving out those who have died or returned home to their parents for six months or more (DIED, RHOM) and those looked after only under short-break agreements (V3/V4). Grouped into the DfE age groups 17 to 18 and 19 to 21 by the birthday the record is about; the DfE publishes the groups separately (its headline is 19 to 21).",
        dfe_key: Some("care_leavers_in_touch"),
        statutory_basis: "Children (Leaving Care) Act 2000; Care Leavers (England) Regulations 2010; DfE SSDA903 OC3 and the children looked after release (care leavers).",
        snapshot: false,
        dated: false,
        group_name: Some("age group"),
        compute: in_touch,
    },
    Indicator {
        id: "CL-02",
        title: "Care leavers in suitable accommodation",
        domain: Domain::CareLeavers,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of care leavers whose 17th to 21st birthday falls in the period (the CL-01 cohort), leaving out those gone abroad, deported or whose residence is not known (accommodation G, H, R), the share in accommodation recorded as suitable. Those with no accommodation information stay in the denominator, as in the DfE's tables. Grouped into the DfE age groups 17 to 18 and 19 to 21.",
        dfe_key: Some("care_leavers_suitable_accommodation"),
        statutory_basis: "Care Leavers (England) Regulations 2010, regulation 9 and schedule 2 (suitability of accommodation); DfE SSDA903 OC3 ACCOM.",
        snapshot: false,
        dated: false,
        group_name: Some("age group"),
        compute: suitable_accommodation,
    },
    Indicator {
        id: "CL-03",
        title: "Care leavers in education, employment or training",
        domain: Domain::CareLeavers,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of care leavers whose 17th to 21st birthday falls in the period (the CL-01 cohort), the share in education, employment or training (activity F1, P1, F2, P2, F4, P4, F5, P5, full or part time). Those whose activity is not known stay in the denominator, as in the DfE's tables. Grouped into the DfE age groups 17 to 18 and 19 to 21.",
        dfe_key: Some("care_leavers_eet"),
        statutory_basis: "Children (Leaving Care) Act 2000; Care Leavers (England) Regulations 2010; DfE SSDA903 OC3 ACTIV.",
        snapshot: false,
        dated: false,
        group_name: Some("age group"),
        compute: education_employment_training,
    },
    Indicator {
        id: "CL-04",
        title: "Care leavers with a pathway plan in date",
        domain: Domain::CareLeavers,
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        subject: Subject::Child,
        definition: "Of care leavers whose 17th to 21st birthday falls in the period (the CL-01 cohort, also leaving out those who no longer require services, IN_TOUCH NREQ), the share whose pathway plan is in date at the period end: the latest pathway plan review recorded on any of their care-leaver records, on or before the period end, is such that the next review, due 6 calendar months later, is not before the period end. A local measure judged at the period end (not at the birthday), so it matches the pathway-plans-overdue list. Grouped into the age groups 17 to 18 and 19 to 21.",
        dfe_key: None,
        statutory_basis: "Care Leavers (England) Regulations 2010, regulation 7 (pathway plan reviewed at least every six months); Ofsted ILACS Annex A list 9 (latest pathway plan).",
        snapshot: true,
        dated: false,
        group_name: Some("age group"),
        compute: pathway_plans_in_date,
    },
];

pub const EXCEPTIONS: &[ExceptionList] = &[ExceptionList {
    name: "pathway-plans-overdue",
    title: "Care leavers whose pathway plan review is overdue",
    subject: Subject::Child,
    indicator: "CL-04",
    compute: pathway_plans_overdue,
}];

/// One young person of the cohort, with the record about their birthday in the period.
struct Leaver<'a> {
    child: &'a Child,
    record: &'a CareLeaverRecord,
    /// Which birthday (17 to 21) the record is about.
    nth: i32,
}

impl Leaver<'_> {
    fn group(&self) -> &'static str {
        if self.nth <= 18 {
            AGE_17_TO_18
        } else {
            AGE_19_TO_21
        }
    }

    /// A case about the record's birthday, in its age group.
    fn share(&self, hit: bool) -> Case {
        Case::share(&self.child.id, self.record.birthday, hit).in_group(self.group())
    }
}

/// Which birthday a record is about: the year of the birthday less the year
/// of birth, so a 29 February birthday recorded on 28 February still counts.
fn nth_birthday(child: &Child, record: &CareLeaverRecord) -> Option<i32> {
    child.birth_date.map(|born| record.birthday.year() - born.year())
}

/// Looked after only under an agreed series of short breaks (V3/V4).
fn short_breaks_only(child: &Child) -> bool {
    !child.care_episodes.is_empty() && child.care_episodes.iter().all(|e| e.legal_status.is_short_break())
}

/// The cohort behind every care-leaver measure: a record about a 17th to 21st
/// birthday in the period, not for a young person who died (DIED) or returned
/// home for six months or more (RHOM), nor for one looked after only under
/// short breaks (V3/V4). A young person
/// with several records for birthdays in the period (duplicates) counts once,
/// using the latest birthday's record (the last listed, for the same birthday).
fn cohort<'a>(ctx: &'a Indexed, period: Window) -> Vec<Leaver<'a>> {
    ctx.children_with(Has::CareLeaverRecords)
        .filter(|c| !short_breaks_only(c))
        .filter_map(|c| {
            c.care_leaver_records
                .iter()
                .filter(|r| period.contains(r.birthday))
                .filter_map(|r| nth_birthday(c, r).filter(|n| (17..=21).contains(n)).map(|nth| Leaver { child: c, record: r, nth }))
                .max_by_key(|l| l.record.birthday)
        })
        .filter(|l| !matches!(l.record.in_touch, InTouch::Died | InTouch::ReturnedHome))
        .collect()
}

fn in_touch(ctx: &Indexed, period: Window) -> Vec<Case> {
    cohort(ctx, period).iter().map(|l| l.share(l.record.in_touch == InTouch::Yes)).collect()
}

fn suitable_accommodation(ctx: &Indexed, period: Window) -> Vec<Case> {
    cohort(ctx, period)
        .iter()
        .filter(|l| !matches!(l.record.accommodation, Some(AccommodationType::GoneAbroad | AccommodationType::Deported | AccommodationType::NotKnown)))
        .map(|l| l.share(l.record.accommodation.is_some() && l.record.accommodation_suitable == Some(true)))
        .collect()
}

fn education_employment_training(ctx: &Indexed, period: Window) -> Vec<Case> {
    cohort(ctx, period).iter().map(|l| l.share(l.record.activity.is_some_and(|a| a.is_eet()))).collect()
}

/// The cohort for pathway plans, each with their latest review on or before
/// the period end (from any of their records) and when the next falls due.
fn pathway_plans<'a>(ctx: &'a Indexed, period: Window) -> impl Iterator<Item = (Leaver<'a>, Option<NaiveDate>, NaiveDate)> {
    let end = period.end();
    cohort(ctx, period).into_iter().filter(|l| l.record.in_touch != InTouch::NoLongerRequires).map(move |l| {
        let last = l.child.care_leaver_records.iter().filter_map(|r| r.pathway_plan_review).filter(|d| *d <= end).max();
        // With no review, the plan was due by the birthday the record is about.
        let due = last.map(|d| d + Months::new(PATHWAY_PLAN_REVIEW_MONTHS)).unwrap_or(l.record.birthday);
        (l, last, due)
    })
}

fn pathway_plans_in_date(ctx: &Indexed, period: Window) -> Vec<Case> {
    let end = period.end();
    pathway_plans(ctx, period).map(|(l, last, due)| Case::share(&l.child.id, end, last.is_some() && due >= end).in_group(l.group())).collect()
}

fn ordinal(n: i32) -> String {
    match n {
        21 => "21st".into(),
        n => format!("{n}th"),
    }
}

fn pathway_plans_overdue(ctx: &Indexed, period: Period) -> Vec<Exception> {
    let end = period.end();
    pathway_plans(ctx, period.into())
        .filter(|(_, last, due)| last.is_none() || *due < end)
        .map(|(l, last, due)| {
            let mut detail = match last {
                Some(d) => format!("pathway plan last reviewed {}, next review due {}", d.format("%d/%m/%Y"), due.format("%d/%m/%Y")),
                None => "no pathway plan review recorded".to_string(),
            };
            detail.push_str(&format!("; {} birthday {}", ordinal(l.nth), l.record.birthday.format("%d/%m/%Y")));
            if let Some(pa) = &l.record.personal_adviser {
                let name = ctx.dataset.worker(pa).map(|w| w.name.clone()).unwrap_or_else(|| pa.clone());
                detail.push_str(&format!("; personal adviser: {name}"));
            }
            for_child(ctx, l.child, period, due, detail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::exceptions::{self, Exception};
    use crate::testing::*;
    use crate::Ctx;
    use scrutiny_model::codes::{AccommodationType as Accom, CareLeaverActivity as Activ, InTouch, LegalStatus, PlacementType, ReasonNewEpisode};
    use scrutiny_model::{CareLeaverRecord, Child, Dataset};

    /// A record for one birthday: in touch, in full-time work, living
    /// independently in suitable accommodation, no pathway plan review.
    fn record(birthday: &str, edit: impl FnOnce(&mut CareLeaverRecord)) -> CareLeaverRecord {
        let mut r = CareLeaverRecord {
            birthday: d(birthday),
            in_touch: InTouch::Yes,
            activity: Some(Activ::TrainingEmploymentFull),
            accommodation: Some(Accom::Independent),
            accommodation_suitable: Some(true),
            latest_contact: None,
            pathway_plan_review: None,
            personal_adviser: None,
        };
        edit(&mut r);
        r
    }

    /// A young person born on `born` with one record for the birthday `birthday`.
    fn leaver(id: &str, born: &str, birthday: &str, edit: impl FnOnce(&mut CareLeaverRecord)) -> Child {
        child(id, born).tap(|c| c.care_leaver_records = vec![record(birthday, edit)])
    }

    fn groups(r: &crate::Result) -> Vec<(String, f64, Option<f64>)> {
        r.breakdown.iter().map(|b| (b.key.clone(), b.numerator, b.denominator)).collect()
    }

    #[test]
    fn in_touch_cohort_is_birthdays_in_the_period_in_two_age_groups() {
        // Financial year 2024-25: 1 April 2024 to 31 March 2025.
        let ds = dataset(vec![
            // 18th birthday on the first day, in touch; the record is there twice: counted once.
            child("A", "2006-04-01").tap(|c| c.care_leaver_records = vec![record("2024-04-01", |_| {}), record("2024-04-01", |_| {})]),
            // 19th birthday, not in touch.
            leaver("B", "2005-09-10", "2024-09-10", |r| r.in_touch = InTouch::No),
            // 21st birthday on the last day, refuses contact: not in touch.
            leaver("C", "2004-03-31", "2025-03-31", |r| r.in_touch = InTouch::Refused),
            // Died: left out.
            leaver("D", "2004-12-25", "2024-12-25", |r| r.in_touch = InTouch::Died),
            // Returned home for six months or more: left out.
            leaver("E", "2005-06-01", "2024-06-01", |r| r.in_touch = InTouch::ReturnedHome),
            // 17th birthday, no longer requires services: in the cohort, not in touch.
            leaver("F", "2007-05-05", "2024-05-05", |r| r.in_touch = InTouch::NoLongerRequires),
            // 18th birthday the day before the year starts: outside.
            leaver("G", "2006-03-31", "2024-03-31", |_| {}),
            // A record on a 16th birthday is not a care-leaver birthday.
            leaver("H", "2008-07-01", "2024-07-01", |_| {}),
            // Same day, a year apart: J turns 18 (17 to 18), K turns 19 (19 to 21); both in touch.
            leaver("J", "2006-06-15", "2024-06-15", |_| {}),
            leaver("K", "2005-06-15", "2024-06-15", |_| {}),
            // Looked after only under short breaks (V3): left out.
            leaver("L", "2006-08-01", "2024-08-01", |_| {}).tap(|c| {
                c.care_episodes = vec![episode("2015-01-05", None, LegalStatus::ShortBreakEpisodes, PlacementType::ChildrensHome, ReasonNewEpisode::Started)]
            }),
        ]);
        let r = run("CL-01", &ds, "2024-25");
        // Cohort A, B, C, F, J, K = 6; in touch A, J, K = 3: 50%.
        assert_eq!((r.numerator, r.denominator), (3.0, Some(6.0)));
        assert_eq!(r.value, Some(50.0));
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "F", "J", "K"]);
        // 17 to 18: A, F, J (2 in touch); 19 to 21: B, C, K (1 in touch).
        assert_eq!(groups(&r), vec![("17 to 18".into(), 2.0, Some(3.0)), ("19 to 21".into(), 1.0, Some(3.0))]);

        // The first quarter (1 April to 30 June 2024) holds A (1 April), F (5 May),
        // J and K (15 June); E (1 June) is left out. In touch A, J, K: 3 of 4.
        let q1 = run("CL-01", &ds, "2024-25-Q1");
        assert_eq!((q1.numerator, q1.denominator), (3.0, Some(4.0)));
        assert_eq!(q1.value, Some(75.0));
    }

    #[test]
    fn a_29_february_birthday_recorded_on_28_february_is_still_the_19th() {
        // Born 29 February 2004; the 19th birthday, in 2023, is recorded on 28 February.
        // Age in completed years that day is 18, but the record is about the 19th: 19 to 21.
        let ds = dataset(vec![leaver("M", "2004-02-29", "2023-02-28", |_| {})]);
        let r = run("CL-01", &ds, "2022-23");
        assert_eq!(groups(&r), vec![("19 to 21".into(), 1.0, Some(1.0))]);
    }

    #[test]
    fn suitable_accommodation_leaves_out_gone_abroad_deported_and_not_known() {
        // Financial year 2024-25; all 19th birthdays in June 2024 unless said.
        let ds = dataset(vec![
            // Independent, suitable: yes.
            leaver("A", "2005-06-03", "2024-06-03", |_| {}),
            // No fixed abode, unsuitable: no.
            leaver("B", "2005-06-04", "2024-06-04", |r| (r.accommodation, r.accommodation_suitable) = (Some(Accom::NoFixedAbode), Some(false))),
            // Gone abroad (G): left out.
            leaver("C", "2005-06-05", "2024-06-05", |r| r.accommodation = Some(Accom::GoneAbroad)),
            // Deported (H): left out.
            leaver("D", "2005-06-06", "2024-06-06", |r| r.accommodation = Some(Accom::Deported)),
            // Residence not known (R): left out.
            leaver("E", "2005-06-07", "2024-06-07", |r| r.accommodation = Some(Accom::NotKnown)),
            // No accommodation information: in the denominator (as the DfE's "no information"), no.
            leaver("F", "2005-06-10", "2024-06-10", |r| (r.accommodation, r.accommodation_suitable) = (None, None)),
            // With former foster carers, suitability not recorded: no.
            leaver("G", "2005-06-11", "2024-06-11", |r| (r.accommodation, r.accommodation_suitable) = (Some(Accom::FormerFosterCarers), None)),
            // Died: left out whatever the accommodation.
            leaver("H", "2005-06-12", "2024-06-12", |r| r.in_touch = InTouch::Died),
            // 18th birthday, with former foster carers, suitable: yes.
            leaver("K", "2006-06-13", "2024-06-13", |r| r.accommodation = Some(Accom::FormerFosterCarers)),
        ]);
        let r = run("CL-02", &ds, "2024-25");
        // Cohort A, B, F, G, K = 5; suitable A, K = 2: 40%.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(5.0)));
        assert_eq!(r.value, Some(40.0));
        assert_eq!(r.numerator_ids, vec!["A", "K"]);
        // 17 to 18: K (1 of 1); 19 to 21: A, B, F, G (1 of 4).
        assert_eq!(groups(&r), vec![("17 to 18".into(), 1.0, Some(1.0)), ("19 to 21".into(), 1.0, Some(4.0))]);

        // Only people gone abroad, deported or not known: no denominator, no value.
        let none = dataset(vec![leaver("C", "2005-06-05", "2024-06-05", |r| r.accommodation = Some(Accom::GoneAbroad))]);
        assert_eq!(run("CL-02", &none, "2024-25").value, None);
    }

    #[test]
    fn education_employment_or_training_counts_full_and_part_time() {
        // Financial year 2024-25; 20th birthdays in October 2024.
        let ds = dataset(vec![
            // F1: yes.
            leaver("A", "2004-10-01", "2024-10-01", |r| r.activity = Some(Activ::HigherEducationFull)),
            // P5: yes.
            leaver("B", "2004-10-02", "2024-10-02", |r| r.activity = Some(Activ::TrainingEmploymentPart)),
            // G5: no.
            leaver("C", "2004-10-03", "2024-10-03", |r| r.activity = Some(Activ::NeetOther)),
            // G6: no.
            leaver("D", "2004-10-04", "2024-10-04", |r| r.activity = Some(Activ::NeetParenting)),
            // 0, information not known: in the denominator, no.
            leaver("E", "2004-10-07", "2024-10-07", |r| r.activity = Some(Activ::NotKnown)),
            // Not recorded at all: in the denominator, no.
            leaver("F", "2004-10-08", "2024-10-08", |r| r.activity = None),
            // Died (though recorded in higher education): left out.
            leaver("G", "2004-10-09", "2024-10-09", |r| (r.in_touch, r.activity) = (InTouch::Died, Some(Activ::HigherEducationFull))),
            // Returned home (though in higher education): left out.
            leaver("H", "2004-10-10", "2024-10-10", |r| (r.in_touch, r.activity) = (InTouch::ReturnedHome, Some(Activ::HigherEducationPart))),
        ]);
        let r = run("CL-03", &ds, "2024-25");
        // Cohort A–F = 6; EET A, B = 2: 33.3%.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(6.0)));
        assert!((r.value.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.numerator_ids, vec!["A", "B"]);
    }

    #[test]
    fn no_care_leavers_gives_no_share_rather_than_zero() {
        // A child with no care-leaver records, and one whose only birthday record is outside the year.
        let ds = dataset(vec![child("A", "2015-01-01"), leaver("B", "2005-06-01", "2024-06-01", |_| {})]);
        for id in ["CL-01", "CL-02", "CL-03", "CL-04"] {
            let r = run(id, &ds, "2025-26");
            assert_eq!((r.value, r.denominator), (None, Some(0.0)), "{id}");
        }
    }

    /// Financial year 2024-25 ends on Monday 31 March 2025.
    fn pathway_plans() -> Dataset {
        dataset(vec![
            // Reviewed 30 September 2024: next due Sunday 30 March 2025, before the end: overdue.
            leaver("A", "2005-05-12", "2024-05-12", |r| (r.pathway_plan_review, r.personal_adviser) = (Some(d("2024-09-30")), Some("PA7".into()))),
            // Reviewed 1 October 2024: next due 1 April 2025, after the end: in date.
            leaver("B", "2006-07-01", "2024-07-01", |r| r.pathway_plan_review = Some(d("2024-10-01"))),
            // Never reviewed: overdue since the 21st birthday, Monday 3 March 2025.
            leaver("C", "2004-03-03", "2025-03-03", |_| {}),
            // Reviewed on the period end: in date.
            leaver("D", "2005-11-20", "2024-11-20", |r| r.pathway_plan_review = Some(d("2025-03-31"))),
            // The 20th-birthday record has no review; the 19th's has 1 May 2023: next due 1 November 2023.
            child("E", "2004-05-10").tap(|c| {
                c.care_leaver_records = vec![record("2023-05-10", |r| r.pathway_plan_review = Some(d("2023-05-01"))), record("2024-05-10", |_| {})];
            }),
            // Only a review after the period end (7 April 2025): none by then; due at the 19th birthday.
            leaver("F", "2005-08-08", "2024-08-08", |r| r.pathway_plan_review = Some(d("2025-04-07"))),
            // Reviewed 31 August 2024: six months on is 28 February 2025: overdue.
            leaver("J", "2006-01-31", "2025-01-31", |r| r.pathway_plan_review = Some(d("2024-08-31"))),
            // Returned home, no longer requires services, died: left out.
            leaver("G", "2005-09-01", "2024-09-01", |r| r.in_touch = InTouch::ReturnedHome),
            leaver("H", "2005-09-02", "2024-09-02", |r| r.in_touch = InTouch::NoLongerRequires),
            leaver("I", "2005-09-03", "2024-09-03", |r| r.in_touch = InTouch::Died),
        ])
    }

    #[test]
    fn pathway_plans_in_date_at_the_period_end() {
        let r = run("CL-04", &pathway_plans(), "2024-25");
        // Cohort A, B, C, D, E, F, J = 7; in date B and D = 2: 28.6%.
        assert_eq!((r.numerator, r.denominator), (2.0, Some(7.0)));
        assert!((r.value.unwrap() - 200.0 / 7.0).abs() < 1e-9);
        assert_eq!(r.numerator_ids, vec!["B", "D"]);
        // Only B's record is about an 18th birthday (17 to 18, in date); A, D, F and J
        // (born January 2006, 2025 birthday) are 19th, E the 20th, C the 21st: 19 to 21,
        // with D in date.
        assert_eq!(groups(&r), vec![("17 to 18".into(), 1.0, Some(1.0)), ("19 to 21".into(), 1.0, Some(6.0))]);
    }

    #[test]
    fn overdue_pathway_plans_are_listed_most_overdue_first() {
        let ds = pathway_plans();
        let ctx = Ctx { dataset: &ds, council: None };
        let list: Vec<Exception> = exceptions::run(exceptions::find("pathway-plans-overdue").expect("list exists"), &ctx, p("2024-25"));
        let rows: Vec<(&str, chrono::NaiveDate)> = list.iter().map(|e| (e.id.as_str(), e.due)).collect();
        // E (due 1 November 2023) and F (due 8 August 2024) are the longest overdue;
        // J, C and A are worked out below.
        assert_eq!(rows, vec![("E", d("2023-11-01")), ("F", d("2024-08-08")), ("J", d("2025-02-28")), ("C", d("2025-03-03")), ("A", d("2025-03-30"))]);
        let overdue: Vec<i32> = list.iter().map(|e| e.overdue_working_days).collect();
        // J: after Friday 28 February, March's four full weeks (3–28) and Monday 31 March: 21.
        // C: after Monday 3 March, 4–7 March (4), three full weeks (15) and 31 March: 20.
        // A: after Sunday 30 March, Monday 31 March: 1.
        assert_eq!(&overdue[2..], &[21, 20, 1]);
        assert!(overdue[0] > overdue[1] && overdue[1] > 21);
        assert_eq!(list[4].detail, "pathway plan last reviewed 30/09/2024, next review due 30/03/2025; 19th birthday 12/05/2024; personal adviser: PA7");
        assert_eq!(list[3].detail, "no pathway plan review recorded; 21st birthday 03/03/2025");
        assert_eq!(list[0].detail, "pathway plan last reviewed 01/05/2023, next review due 01/11/2023; 20th birthday 10/05/2024");
    }
}
