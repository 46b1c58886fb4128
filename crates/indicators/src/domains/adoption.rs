//! Adoption: how long children adopted in the period waited, as the DfE's
//! adoption scorecard measures A1 and A2 (SSDA903 AD1 and episodes).

use super::children_in_care::{care_periods, placements};
use crate::exceptions::ExceptionList;
use crate::{Case, Domain, Has, Indexed, Indicator, Polarity, Subject, Unit, Window};
use chrono::NaiveDate;
use scrutiny_model::codes::LegalStatus;
use scrutiny_model::{Adoption, Child, PeriodOfCare};

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "ADP-01",
        title: "Adoption A1: days from entering care to moving in with the adoptive family",
        domain: Domain::Adoption,
        unit: Unit::Days,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "For children adopted in the period (adoption order date), the mean number of days from the start of their latest period of care to moving in with their adoptive family (the date placed for adoption). For children adopted by their own foster carers, the date they moved in with those carers: the start of the placement they were adopted from (as the DfE's A10 adjusts A1). Children with no date of moving in recorded are left out. The DfE's scorecard threshold is 14 months (426 days); its published figures average three years, this is the figure for the period chosen.",
        dfe_key: Some("adoption_scorecard_a1"),
        statutory_basis: "DfE adoption scorecards, measure A1 (and A10 for adoptions by foster carers); SSDA903 AD1 and episodes.",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: entry_to_moving_in,
    },
    Indicator {
        id: "ADP-02",
        title: "Adoption A2: days from placement order to match",
        domain: Domain::Adoption,
        unit: Unit::Days,
        polarity: Polarity::LowerIsBetter,
        subject: Subject::Child,
        definition: "For children adopted in the period (adoption order date) who had a placement order and a date matched with their adopters, the mean number of days from the placement order to the match; 0 when the match came before the order. Where no placement order date is recorded, the start of the first placement or freeing order legal status (E1, D1) in the period of care is used; children placed with consent and no order are left out. The DfE's scorecard threshold is 4 months (121 days); its published figures average three years, this is the figure for the period chosen.",
        dfe_key: Some("adoption_scorecard_a2"),
        statutory_basis: "DfE adoption scorecards, measure A2; SSDA903 AD1 (DATE_MATCH) and episodes (LS E1/D1).",
        snapshot: false,
        dated: true,
        group_name: None,
        compute: order_to_match,
    },
];

pub const EXCEPTIONS: &[ExceptionList] = &[];

/// Children adopted in the period, with their adoption record, adoption
/// date and the period of care that ended with it (the latest begun by then).
fn adopted_in<'a>(ctx: &'a Indexed, period: Window) -> Vec<(&'a Child, &'a Adoption, NaiveDate, Option<PeriodOfCare<'a>>)> {
    ctx.children_with(Has::Adoption)
        .filter_map(|c| {
            let a = c.adoption.as_ref()?;
            let adopted = a.adopted.filter(|d| period.contains(*d))?;
            let care = care_periods(c).into_iter().rfind(|p| p.start() <= adopted);
            Some((c, a, adopted, care))
        })
        .collect()
}

fn entry_to_moving_in(ctx: &Indexed, period: Window) -> Vec<Case> {
    let mut out = Vec::new();
    for (c, a, adopted, care) in adopted_in(ctx, period) {
        let Some(care) = care else { continue };
        let moved_in = if a.by_foster_carer {
            placements(&care).iter().rfind(|pl| pl.start <= adopted).map(|pl| pl.start).or(a.placed)
        } else {
            a.placed.or_else(|| care.episodes.iter().find(|e| e.placement.is_placed_for_adoption()).map(|e| e.start))
        };
        let Some(moved_in) = moved_in else { continue };
        out.push(Case::measure(&c.id, adopted, (moved_in - care.start()).num_days().max(0) as f64));
    }
    out
}

fn order_to_match(ctx: &Indexed, period: Window) -> Vec<Case> {
    let mut out = Vec::new();
    for (c, a, adopted, care) in adopted_in(ctx, period) {
        let from_episodes =
            || care.as_ref()?.episodes.iter().find(|e| matches!(e.legal_status, LegalStatus::PlacementOrder | LegalStatus::FreeingOrder)).map(|e| e.start);
        let (Some(order), Some(matched)) = (a.placement_order.or_else(from_episodes), a.matched) else { continue };
        out.push(Case::measure(&c.id, adopted, (matched - order).num_days().max(0) as f64));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use scrutiny_model::codes::*;
    use scrutiny_model::*;

    const C2: LegalStatus = LegalStatus::FullCareOrder;
    const E1: LegalStatus = LegalStatus::PlacementOrder;
    const V2: LegalStatus = LegalStatus::Section20;
    const U6: PlacementType = PlacementType::FosterOther;
    const A4: PlacementType = PlacementType::AdoptionConsentOther;
    const A5: PlacementType = PlacementType::AdoptionOrderWithCarer;
    const A6: PlacementType = PlacementType::AdoptionOrderOther;
    const S: ReasonNewEpisode = ReasonNewEpisode::Started;
    const P: ReasonNewEpisode = ReasonNewEpisode::PlacementAndCarer;
    const L: ReasonNewEpisode = ReasonNewEpisode::LegalStatus;
    const U: ReasonNewEpisode = ReasonNewEpisode::LegalStatusAndPlacementSameCarer;
    const B: ReasonNewEpisode = ReasonNewEpisode::LegalStatusAndPlacement;
    const X1: ReasonEpisodeCeased = ReasonEpisodeCeased::ContinuingInCare;
    const E11: ReasonEpisodeCeased = ReasonEpisodeCeased::AdoptedUnopposed;
    const E4A: ReasonEpisodeCeased = ReasonEpisodeCeased::ReturnedHomePlanned;

    /// An adoption record: placement order, match, moving in and adoption order dates.
    fn adoption(order: Option<&str>, matched: &str, placed: &str, adopted: &str, by_foster_carer: bool) -> Adoption {
        Adoption {
            decision: d("2020-01-01"),
            placement_order: order.map(d),
            matched: Some(d(matched)),
            placed: Some(d(placed)),
            adopted: Some(d(adopted)),
            by_foster_carer,
            number_of_adopters: Some(2),
            adopter_sex: None,
            adopter_legal_status: None,
            decision_reversed: None,
            reversed_reason: None,
        }
    }

    fn adopted_children() -> Dataset {
        dataset(vec![
            // In care 1 January 2022, placed with the adopters 1 March 2023 (an X1 into A6), adopted 1 June 2024.
            // A1: 365 (2022) + 31 + 28 = 424 days. A2: order 1 September 2022 to match 10 January 2023 is
            // 30 + 31 + 30 + 31 + 9 = 131 days.
            child("A", "2021-06-01").tap(|c| {
                c.care_episodes = vec![episode("2022-01-01", Some(("2023-03-01", X1)), C2, U6, S), episode("2023-03-01", Some(("2024-06-01", E11)), E1, A6, B)];
                c.adoption = Some(adoption(Some("2022-09-01"), "2023-01-10", "2023-03-01", "2024-06-01", false));
            }),
            // An earlier period of care (2019) does not count: the latest began 1 June 2022; placed 1 June 2023,
            // 365 days; adopted on the last day of the year. Matched 1 April 2023, before the order of 1 May: A2 = 0.
            child("B", "2018-01-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2019-01-01", Some(("2020-01-01", E4A)), V2, U6, S),
                    episode("2022-06-01", Some(("2023-06-01", X1)), C2, U6, S),
                    episode("2023-06-01", Some(("2025-03-31", E11)), E1, A6, B),
                ];
                c.adoption = Some(adoption(Some("2023-05-01"), "2023-04-01", "2023-06-01", "2025-03-31", false));
            }),
            // Adopted by the foster carers they moved to on 1 July 2021 (placed for adoption with them, A5, on
            // 1 January 2023): A1 runs from entry, 1 January 2021, to 1 July 2021: 31+28+31+30+31+30 = 181 days.
            // A2: order 1 October 2022 to match 1 December 2022: 31 + 30 = 61 days.
            child("C", "2020-06-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2021-01-01", Some(("2021-07-01", X1)), C2, U6, S),
                    episode("2021-07-01", Some(("2023-01-01", X1)), C2, U6, P),
                    episode("2023-01-01", Some(("2024-10-01", E11)), E1, A5, U),
                ];
                c.adoption = Some(adoption(Some("2022-10-01"), "2022-12-01", "2023-01-01", "2024-10-01", true));
            }),
            // Adopted on 31 March 2024, the day before the year: left out.
            child("D", "2020-06-01").tap(|c| {
                c.care_episodes = vec![episode("2021-01-01", Some(("2024-03-31", E11)), E1, A6, S)];
                c.adoption = Some(adoption(Some("2021-06-01"), "2021-09-01", "2021-10-01", "2024-03-31", false));
            }),
            // No placement order date recorded, but placement order legal status from 1 November 2023; matched
            // 1 December 2023: A2 = 30 days. A1: 1 September 2023 to 1 January 2024 = 30 + 31 + 30 + 31 = 122 days.
            child("E", "2022-06-01").tap(|c| {
                c.care_episodes = vec![
                    episode("2023-09-01", Some(("2023-11-01", X1)), C2, U6, S),
                    episode("2023-11-01", Some(("2024-01-01", X1)), E1, U6, L),
                    episode("2024-01-01", Some(("2024-09-01", E11)), E1, A6, P),
                ];
                c.adoption = Some(adoption(None, "2023-12-01", "2024-01-01", "2024-09-01", false));
            }),
            // Placed with consent (A4), no placement order: no A2. A1: 1 October 2023 to 1 February 2024 =
            // 31 + 30 + 31 + 31 = 123 days.
            child("F", "2022-06-01").tap(|c| {
                c.care_episodes = vec![episode("2023-10-01", Some(("2024-02-01", X1)), V2, U6, S), episode("2024-02-01", Some(("2024-10-01", E11)), V2, A4, P)];
                c.adoption = Some(adoption(None, "2024-01-10", "2024-02-01", "2024-10-01", false));
            }),
        ])
    }

    #[test]
    fn adp_01_mean_days_from_entry_to_moving_in() {
        let r = run("ADP-01", &adopted_children(), "2024-25");
        // (424 + 365 + 181 + 122 + 123) / 5 = 1215 / 5 = 243.
        assert_eq!((r.numerator, r.denominator), (1215.0, Some(5.0)));
        assert_eq!(r.value, Some(243.0));
        assert_eq!(r.numerator_ids, vec!["A", "B", "C", "E", "F"]);
    }

    #[test]
    fn adp_02_mean_days_from_placement_order_to_match() {
        let r = run("ADP-02", &adopted_children(), "2024-25");
        // (131 + 0 + 61 + 30) / 4 = 222 / 4 = 55.5; B's 0 is in the denominator, F has no order.
        assert_eq!((r.numerator, r.denominator), (222.0, Some(4.0)));
        assert_eq!(r.value, Some(55.5));
        assert_eq!(r.denominator_ids, vec!["A", "B", "C", "E"]);
    }

    #[test]
    fn the_period_picks_the_adoptions_and_none_gives_no_mean() {
        let r = run("ADP-01", &adopted_children(), "2023-24");
        // D was adopted on 31 March 2024, in 2023-24: 1 October 2021 - 1 January 2021 = 273 days.
        assert_eq!(r.value, Some(273.0));
        let none = dataset(vec![child("Z", "2020-01-01")]);
        assert_eq!(run("ADP-01", &none, "2024-25").value, None);
        assert_eq!(run("ADP-02", &none, "2024-25").value, None);
    }
}
