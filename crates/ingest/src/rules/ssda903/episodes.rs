//! Episodes one at a time: codes, dates, and the combinations of placement,
//! provider and legal status the DfE allows.

use super::*;
use scrutiny_model::codes::{LegalStatus, PlacementProvider, ReasonEpisodeCeased, ReasonNewEpisode, ReasonPlaceChange};

const EPISODES: TableKind = TableKind::Episodes;

pub(super) fn decom_date(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, EPISODES, "DECOM", true, "date the episode began");
}

pub(super) fn rne_code(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, EPISODES, "RNE", true, |v, _| ReasonNewEpisode::from_code(v).is_some(), "S, L, P, T, B or U");
}

pub(super) fn ls_code(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, EPISODES, "LS", true, |v, _| LegalStatus::from_code(v).is_some(), "C1, C2, D1, E1, V2, V3, V4, L1, L2, L3, J1, J2 or J3");
}

pub(super) fn cin_code(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, EPISODES, "CIN", true, |v, _| matches!(v, "N1" | "N2" | "N3" | "N4" | "N5" | "N6" | "N7" | "N8"), "N1 to N8");
}

pub(super) fn place_code(ctx: &Context, f: &mut Findings) {
    let allowed = "a placement type code of the year (K3 from 2024-25; from 2025-26 Z11-Z14 replace Z1, and H5 and P2 are withdrawn)";
    check_code(ctx, f, EPISODES, "PLACE", true, place_valid, allowed);
}

pub(super) fn dec_date(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, EPISODES, "DEC", false, "date the episode ceased");
}

pub(super) fn dec_with_rec(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, EPISODES) {
        let (dec, rec) = (Col::new(t, "DEC"), Col::new(t, "REC"));
        for row in &t.rows {
            match (dec.text(row), rec.text(row)) {
                (Some(_), None) => f.report_row(
                    file,
                    t,
                    row,
                    "REC",
                    "the episode has a DEC (date ceased) but no REC (reason ceased); give the reason, or remove DEC if the episode is still open",
                ),
                (None, Some(_)) => f.report_row(
                    file,
                    t,
                    row,
                    "DEC",
                    "the episode has a REC (reason ceased) but no DEC (date ceased); give the date, or remove REC if the episode is still open",
                ),
                _ => {}
            }
        }
    }
}

pub(super) fn rec_code(ctx: &Context, f: &mut Findings) {
    check_code(
        ctx,
        f,
        EPISODES,
        "REC",
        false,
        |v, _| ReasonEpisodeCeased::from_code(v).is_some(),
        "X1, E11, E12, E2, E3, E4A, E4B, E13, E41, E45-E48, E5, E6, E7, E8, E9, E14, E15, E16 or E17",
    );
}

pub(super) fn provider_code(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        let (place, provider) = (Col::new(t, "PLACE"), Col::new(t, "PLACE_PROVIDER"));
        for row in &t.rows {
            let Some(p) = provider.text(row) else { continue };
            if PlacementProvider::from_code(p).is_none() {
                f.report_row(file, t, row, "PLACE_PROVIDER", format!("PLACE_PROVIDER '{p}' is not a valid code; use PR0 to PR5"));
            } else if let Some(pl) = place.text(row).filter(|pl| takes_no_provider(pl, start_year(y))) {
                f.report_row(
                    file,
                    t,
                    row,
                    "PLACE_PROVIDER",
                    format!("placement {pl} takes no provider in {}, but PLACE_PROVIDER is {p}; leave it blank", year_name(y)),
                );
            }
        }
    }
}

pub(super) fn provider_missing(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        let (place, provider) = (Col::new(t, "PLACE"), Col::new(t, "PLACE_PROVIDER"));
        for row in &t.rows {
            let Some(pl) = place.text(row) else { continue };
            if provider.text(row).is_none() && !takes_no_provider(pl, start_year(y)) {
                f.report_row(
                    file,
                    t,
                    row,
                    "PLACE_PROVIDER",
                    format!("PLACE_PROVIDER is blank for placement {pl}; record who provides the placement (PR0 to PR5)"),
                );
            }
        }
    }
}

pub(super) fn provider_not_required(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        let (place, provider) = (Col::new(t, "PLACE"), Col::new(t, "PLACE_PROVIDER"));
        let late = start_year(y).is_some_and(|s| s >= 2025);
        for row in &t.rows {
            let Some(pl) = place.text(row) else { continue };
            let temporary = TEMPORARY.contains(&pl) || (late && Z1_SPLIT.contains(&pl));
            if temporary && provider.text(row).is_some() {
                f.report_row(file, t, row, "PLACE_PROVIDER", format!("a provider is not recorded for placement {pl}; leave PLACE_PROVIDER blank"));
            }
        }
    }
}

/// Reports episodes whose provider is `provider` and placement one of `places`.
fn provider_with(ctx: &Context, f: &mut Findings, provider: &str, places: &[&str], what: &str) {
    for (_, file, t) in tables(ctx, EPISODES) {
        let (place, prov) = (Col::new(t, "PLACE"), Col::new(t, "PLACE_PROVIDER"));
        for row in &t.rows {
            if prov.is(row, provider) && place.is_any(row, places) {
                let pl = place.text(row).unwrap_or_default();
                f.report_row(
                    file,
                    t,
                    row,
                    "PLACE_PROVIDER",
                    format!("provider {provider} ({what}) cannot provide placement {pl}; correct the provider or the placement type"),
                );
            }
        }
    }
}

pub(super) fn pr1_placement(ctx: &Context, f: &mut Findings) {
    provider_with(ctx, f, "PR1", &["P1", "R2", "R5"], "the council's own provision");
}

pub(super) fn pr2_placement(ctx: &Context, f: &mut Findings) {
    provider_with(ctx, f, "PR2", &["P1", "R2", "R5"], "another council");
}

pub(super) fn pr3_placement(ctx: &Context, f: &mut Findings) {
    provider_with(ctx, f, "PR3", &["P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6"], "other public provision");
}

pub(super) fn pr4_placement(ctx: &Context, f: &mut Findings) {
    provider_with(ctx, f, "PR4", &["P1"], "private provision");
}

pub(super) fn pr5_placement(ctx: &Context, f: &mut Findings) {
    provider_with(ctx, f, "PR5", &["P1"], "voluntary provision");
}

pub(super) fn pr0_placement(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, EPISODES) {
        let (place, prov) = (Col::new(t, "PLACE"), Col::new(t, "PLACE_PROVIDER"));
        for row in &t.rows {
            if prov.is(row, "PR0") && !place.is(row, "P1") {
                let pl = place.text(row).unwrap_or("blank");
                f.report_row(
                    file,
                    t,
                    row,
                    "PLACE_PROVIDER",
                    format!("provider PR0 (parents) goes only with placement P1 (placed with parents), but PLACE is {pl}; correct one of them"),
                );
            }
        }
    }
}

pub(super) fn place_change_code(ctx: &Context, f: &mut Findings) {
    check_code(
        ctx,
        f,
        EPISODES,
        "REASON_PLACE_CHANGE",
        false,
        |v, _| ReasonPlaceChange::from_code(v).is_some(),
        "CARPL, CLOSE, ALLEG, STAND, APPRR, CREQB, CREQO, CHILD, LAREQ, PLACE, CUSTOD or OTHER",
    );
}

pub(super) fn decom_before_1991(ctx: &Context, f: &mut Findings) {
    let first = NaiveDate::from_ymd_opt(1991, 10, 14).expect("date");
    each_row(ctx, f, EPISODES, "DECOM", |_, col, row| {
        let d = col.date(row)?;
        (d < first)
            .then(|| format!("the episode starts on {}, before 14 October 1991 (the Children Act); no episode may start that early, so correct DECOM", dmy(d)))
    });
}

pub(super) fn decom_after_year(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, EPISODES, "DECOM", |y, col, row| {
        let (_, end) = bounds(y)?;
        let d = col.date(row)?;
        (d > end).then(|| {
            format!(
                "the episode starts on {}, after the end of the collection year ({}); correct DECOM or leave the episode for next year's return",
                dmy(d),
                dmy(end)
            )
        })
    });
}

pub(super) fn dec_after_year(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, EPISODES, "DEC", |y, col, row| {
        let (_, end) = bounds(y)?;
        let d = col.date(row)?;
        (d > end).then(|| {
            format!(
                "the episode ends on {}, after the end of the collection year ({}); an episode still open on {} is returned with DEC and REC blank",
                dmy(d),
                dmy(end),
                dmy(end)
            )
        })
    });
}

pub(super) fn same_day(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if e.decom.is_some() && e.decom == e.dec {
                f.report_row(file, t, e.row, "DEC", "the episode starts and ends on the same day, so lasted less than 24 hours; check the dates, and remove the episode if the child was not looked after overnight");
            }
        }
    }
}

pub(super) fn dec_before_decom(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if let (Some(s), Some(d)) = (e.decom, e.dec) {
                if d < s {
                    f.report_row(file, t, e.row, "DEC", format!("the episode ends ({}) before it starts ({}); correct DEC or DECOM", dmy(d), dmy(s)));
                }
            }
        }
    }
}

pub(super) fn p1_with_v2(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if e.place == Some("P1") && e.ls == Some("V2") {
                f.report_row(
                    file,
                    t,
                    e.row,
                    "LS",
                    "a child placed with parents (P1) cannot be accommodated under section 20 (V2); correct the legal status or the placement type",
                );
            }
        }
    }
}

pub(super) fn same_home_and_placement_postcode(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        let (home, placed) = (Col::new(t, "HOME_POST"), Col::new(t, "PL_POST"));
        for e in episodes(y) {
            let (Some(h), Some(p)) = (home.text(e.row), placed.text(e.row)) else { continue };
            let same = h.replace(' ', "").eq_ignore_ascii_case(&p.replace(' ', ""));
            if same && e.place.is_some_and(|pl| pl != "P1") {
                f.report_row(
                    file,
                    t,
                    e.row,
                    "PL_POST",
                    format!(
                        "the placement postcode is the same as the home postcode ({h}), which only a placement with parents (P1) can have; check PL_POST (the placement's address) and HOME_POST (the address the child was living at when they started to be looked after)"
                    ),
                );
            }
        }
    }
}

pub(super) fn temporary_start(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if let Some(pl) = e.place.filter(|p| TEMPORARY.contains(p)) {
                if !matches!(e.rne, Some("P" | "B")) {
                    let rne = e.rne.unwrap_or("blank");
                    f.report_row(file, t, e.row, "RNE", format!("temporary placement {pl} starts with RNE {rne}; a temporary placement is a move away from the usual placement (RNE P or B) and a period of care cannot start with one"));
                }
            }
        }
    }
}

pub(super) fn temporary_end(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if let (Some(pl), Some(rec)) = (e.place.filter(|p| TEMPORARY.contains(p)), e.rec.filter(|r| *r != "X1")) {
                f.report_row(file, t, e.row, "REC", format!("care ends ({rec}) during temporary placement {pl}; a period of care cannot end in a temporary placement, so record the usual placement"));
            }
        }
    }
}

pub(super) fn respite_temporary(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if let (Some(ls @ ("V3" | "V4")), Some(pl)) = (e.ls, e.place.filter(|p| TEMPORARY.contains(p))) {
                f.report_row(
                    file,
                    t,
                    e.row,
                    "PLACE",
                    format!("a child on short breaks ({ls}) cannot be in a temporary placement ({pl}); record the short-break placement itself"),
                );
            }
        }
    }
}

pub(super) fn respite_long_term_foster(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if let (Some(ls @ ("V3" | "V4")), Some(pl @ ("U1" | "U4"))) = (e.ls, e.place) {
                f.report_row(file, t, e.row, "PLACE", format!("a child on short breaks ({ls}) cannot be in a long-term foster placement ({pl}); use U3 or U6"));
            }
        }
    }
}

pub(super) fn adopted_not_placed(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if let Some(rec @ ("E11" | "E12")) = e.rec {
                if !matches!(e.place, Some("A3" | "A4" | "A5" | "A6")) {
                    let pl = e.place.unwrap_or("blank");
                    f.report_row(file, t, e.row, "PLACE", format!("the child was adopted ({rec}) from placement {pl}; an adopted child must first be placed for adoption (A3 to A6), so check the placement history"));
                }
            }
        }
    }
}

pub(super) fn placement_order_missing(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if let Some(pl @ ("A5" | "A6")) = e.place {
                if e.ls != Some("E1") {
                    let ls = e.ls.unwrap_or("blank");
                    f.report_row(file, t, e.row, "LS", format!("placement {pl} (placed for adoption with a placement order) needs legal status E1 (placement order), but LS is {ls}; correct the legal status or use A3/A4"));
                }
            }
        }
    }
}

pub(super) fn adoption_with_carer_rne(ctx: &Context, f: &mut Findings) {
    let from = NaiveDate::from_ymd_opt(2015, 4, 1).expect("date");
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if let (Some(pl @ ("A3" | "A5")), true) = (e.place, e.decom.is_some_and(|d| d >= from)) {
                if !matches!(e.rne, Some("S" | "T" | "U")) {
                    let rne = e.rne.unwrap_or("blank");
                    f.report_row(
                        file,
                        t,
                        e.row,
                        "RNE",
                        format!("placement {pl} is with the current foster carer, so the carer does not change: RNE must be S, T or U, not {rne}"),
                    );
                }
            }
        }
    }
}

pub(super) fn d1_after_2005(ctx: &Context, f: &mut Findings) {
    let last = NaiveDate::from_ymd_opt(2005, 12, 31).expect("date");
    for (y, file, t) in tables(ctx, EPISODES) {
        if start_year(y).is_some_and(|s| s >= 2024) {
            continue;
        }
        for e in episodes(y) {
            if e.ls == Some("D1") && e.decom.is_some_and(|d| d > last) {
                f.report_row(file, t, e.row, "LS", "legal status D1 (freeing order) cannot start after December 2005, when freeing orders were replaced by placement orders (E1); correct the legal status");
            }
        }
    }
}

pub(super) fn e1_before_2005(ctx: &Context, f: &mut Findings) {
    let first = NaiveDate::from_ymd_opt(2005, 12, 1).expect("date");
    for (y, file, t) in tables(ctx, EPISODES) {
        for e in episodes(y) {
            if e.ls == Some("E1") && e.decom.is_some_and(|d| d < first) {
                f.report_row(file, t, e.row, "LS", "legal status E1 (placement order) did not exist before December 2005; correct the legal status or DECOM");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    fn eps(rows: &[&str]) -> String {
        csv(EPISODES_HEADER, rows)
    }

    fn in_2024(code: &str, rows: &[&str]) -> Vec<String> {
        children(code, &[("2024-25/episodes.csv", &eps(rows))])
    }

    #[test]
    fn decom_missing_or_invalid() {
        assert_eq!(in_2024("141", &["A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,", "A2,,S,C2,N1,U6,PR1,,,,,,", "A3,32/06/2024,S,C2,N1,U6,PR1,,,,,,"]), ["A2", "A3"]);
    }

    #[test]
    fn episode_codes() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2024,Z,C2,N1,U6,PR1,,,,,,",
            "A3,01/06/2024,S,C9,N1,U6,PR1,,,,,,",
            "A4,01/06/2024,S,C2,N9,U6,PR1,,,,,,",
            "A5,01/06/2024,S,C2,N1,Q9,PR1,,,,,,",
            "A6,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E99,,,,",
            "A7,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E4A,MOVED,,,",
        ];
        assert_eq!(in_2024("143", &rows), ["A2"]);
        assert_eq!(in_2024("144", &rows), ["A3"]);
        assert_eq!(in_2024("145", &rows), ["A4"]);
        assert_eq!(in_2024("146", &rows), ["A5"]);
        assert_eq!(in_2024("149", &rows), ["A6"]);
        assert_eq!(in_2024("1009", &rows), ["A7"]);
    }

    #[test]
    fn k3_only_from_2024_and_z1_split_from_2025() {
        let rows = eps(&["A1,01/06/2023,S,V2,N1,K3,PR4,,,,,,", "A2,01/06/2023,S,C2,N1,Z1,,,,,,,", "A3,01/06/2023,S,C2,N1,Z12,,,,,,,"]);
        assert_eq!(children("146", &[("2023-24/episodes.csv", &rows)]), ["A1", "A3"]);
        assert_eq!(children("146", &[("2024-25/episodes.csv", &rows)]), ["A3"]);
        assert_eq!(children("146", &[("2025-26/episodes.csv", &rows)]), ["A2"]);
    }

    #[test]
    fn dec_date_and_rec_together() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E4A,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR1,01/13/2024,E4A,,,,",
            "A3,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,,,,,",
            "A4,01/06/2024,S,C2,N1,U6,PR1,,E4A,,,,",
            "A5,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
        ];
        assert_eq!(in_2024("147", &rows), ["A2"]);
        assert_eq!(found("148", &[("2024-25/episodes.csv", &eps(&rows))]), [("A3".to_string(), "REC".to_string()), ("A4".to_string(), "DEC".to_string())]);
    }

    #[test]
    fn providers() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR9,,,,,,",
            "A3,01/06/2024,S,C2,N1,T1,PR1,,,,,,",
            "A4,01/06/2024,S,C2,N1,U6,,,,,,,",
            "A5,01/06/2024,S,C2,N1,T1,,,,,,,",
            "A6,01/06/2024,S,C2,N1,Z1,PR4,,,,,,",
        ];
        assert_eq!(in_2024("178", &rows), ["A2", "A3", "A6"]);
        assert_eq!(in_2024("526", &rows), ["A4"]);
        assert_eq!(in_2024("213", &rows), ["A3"]);
        // T4 needs a provider from 2025-26.
        let later = eps(&["B1,01/06/2025,S,C2,N1,T4,,,,,,,", "B2,01/06/2025,S,C2,N1,T4,PR1,,,,,,"]);
        assert_eq!(children("526", &[("2025-26/episodes.csv", &later)]), ["B1"]);
        assert_eq!(children("526", &[("2024-25/episodes.csv", &later)]), Vec::<String>::new());
    }

    #[test]
    fn provider_and_placement_combinations() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,P1,PR0,,,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR0,,,,,,",
            "A3,01/06/2024,S,C2,N1,R5,PR1,,,,,,",
            "A4,01/06/2024,S,C2,N1,P1,PR2,,,,,,",
            "A5,01/06/2024,S,C2,N1,K2,PR3,,,,,,",
            "A6,01/06/2024,S,C2,N1,P1,PR4,,,,,,",
            "A7,01/06/2024,S,C2,N1,P1,PR5,,,,,,",
            "A8,01/06/2024,S,C2,N1,R5,PR3,,,,,,",
        ];
        assert_eq!(in_2024("550", &rows), ["A2"]);
        assert_eq!(in_2024("527", &rows), ["A3"]);
        assert_eq!(in_2024("528", &rows), ["A4"]);
        assert_eq!(in_2024("529", &rows), ["A5"]);
        assert_eq!(in_2024("530", &rows), ["A6"]);
        assert_eq!(in_2024("531", &rows), ["A7"]);
    }

    #[test]
    fn episode_dates_against_the_year() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E4A,,,,",
            "A2,01/06/1990,S,C2,N1,U6,PR1,,,,,,",
            "A3,01/06/2025,S,C2,N1,U6,PR1,,,,,,",
            "A4,01/06/2024,S,C2,N1,U6,PR1,01/06/2025,E4A,,,,",
            "A5,01/06/2024,S,C2,N1,U6,PR1,01/06/2024,E4A,,,,",
            "A6,01/06/2024,S,C2,N1,U6,PR1,25/05/2024,E4A,,,,",
        ];
        assert_eq!(in_2024("353", &rows), ["A2"]);
        assert_eq!(in_2024("354", &rows), ["A3"]);
        assert_eq!(in_2024("385", &rows), ["A4"]);
        assert_eq!(in_2024("355", &rows), ["A5"]);
        assert_eq!(found("356", &[("2024-25/episodes.csv", &eps(&rows))]), [("A6".to_string(), "DEC".to_string())]);
    }

    #[test]
    fn legal_status_and_placement_combinations() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,P1,PR0,,,,,,",
            "A2,01/06/2024,S,V2,N1,P1,PR0,,,,,,",
            "A3,01/06/2024,S,V3,N2,T1,,,,,,,",
            "A4,01/06/2024,S,V4,N2,U4,PR1,,,,,,",
            "A5,01/06/2024,S,C2,N1,A5,PR1,,,,,,",
            "A6,01/06/2024,S,E1,N1,A6,PR1,01/12/2024,E11,,,,",
            "A7,01/06/2024,S,E1,N1,U6,PR1,01/12/2024,E12,,,,",
        ];
        assert_eq!(in_2024("378", &rows), ["A2"]);
        assert_eq!(in_2024("382", &rows), ["A3"]);
        assert_eq!(in_2024("384", &rows), ["A4"]);
        assert_eq!(in_2024("408", &rows), ["A5"]);
        assert_eq!(in_2024("390", &rows), ["A7"]);
    }

    #[test]
    fn temporary_placements_start_and_end() {
        let rows = ["A1,01/06/2024,P,C2,N1,T2,,08/06/2024,X1,,,,", "A2,01/06/2024,S,C2,N1,T1,,,,,,,", "A3,01/06/2024,P,C2,N1,T3,,08/06/2024,E4A,,,,"];
        assert_eq!(in_2024("380", &rows), ["A2"]);
        assert_eq!(in_2024("381", &rows), ["A3"]);
    }

    #[test]
    fn adoption_with_current_carer_keeps_the_carer() {
        let rows = ["A1,01/06/2024,T,E1,N1,A5,PR1,,,,,,", "A2,01/06/2024,P,E1,N1,A5,PR1,,,,,,", "A3,01/06/2024,P,E1,N1,A6,PR1,,,,,,"];
        assert_eq!(in_2024("217", &rows), ["A2"]);
    }

    #[test]
    fn freeing_and_placement_order_dates() {
        let rows = ["A1,01/06/2023,L,D1,N1,U6,PR1,,,,,,", "A2,01/06/2004,L,E1,N1,U6,PR1,,,,,,", "A3,01/06/2023,L,E1,N1,U6,PR1,,,,,,"];
        assert_eq!(children("445", &[("2023-24/episodes.csv", &eps(&rows))]), ["A1"]);
        assert_eq!(children("445", &[("2024-25/episodes.csv", &eps(&rows))]), Vec::<String>::new(), "445 was withdrawn in 2024-25");
        assert_eq!(children("446", &[("2023-24/episodes.csv", &eps(&rows))]), ["A2"]);
    }

    #[test]
    fn home_and_placement_postcodes_differ_unless_p1() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,,,,NB1 2AB,NB1 2AB,",
            "A2,01/06/2024,S,C2,N1,P1,PR0,,,,NB1 2AB,NB1 2AB,",
            "A3,01/06/2024,S,C2,N1,U6,PR1,,,,NB1 2AB,NB1 2AC,",
            "A4,01/06/2024,S,C2,N1,U6,PR1,,,,nb12ab,NB1 2AB,",
            "A5,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            "A6,01/06/2024,S,C2,N1,,PR1,,,,NB1,NB1,",
        ];
        assert_eq!(in_2024("392d", &rows), ["A1", "A4"]);
    }
}
