//! A child's episodes in order of start: each must follow on from the one
//! before, without gaps inside a period of care or overlaps.

use super::*;
use scrutiny_model::codes::ReasonEpisodeCeased;

/// Calls `check(previous, episode, next)` for every dated episode of each
/// year, child by child in order of DECOM.
fn walk(ctx: &Context, f: &mut Findings, mut check: impl FnMut(&mut Findings, &InputFile, &CsvTable, Option<&Ep>, &Ep, Option<&Ep>)) {
    for (y, file, t) in tables(ctx, TableKind::Episodes) {
        let eps = ordered(y);
        for chain in eps.chunk_by(|a, b| a.child == b.child) {
            for (i, e) in chain.iter().enumerate() {
                let prev = i.checked_sub(1).map(|p| &chain[p]);
                check(f, file, t, prev, e, chain.get(i + 1));
            }
        }
    }
}

pub(super) fn earlier_episode_open(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, _, e, next| {
        let Some(next) = next else { return };
        let start = next.decom.map(dmy).unwrap_or_default();
        if e.dec.is_none() {
            f.report_row(file, t, e.row, "DEC", format!("this episode has no end date (DEC) but a later episode starts on {start}; only the latest episode can be open, so give this one's DEC and REC"));
        } else if e.rec.is_none() {
            f.report_row(file, t, e.row, "REC", format!("this episode has no REC (reason ceased) but a later episode starts on {start}; give the reason it ended (X1 if a new episode began the same day)"));
        }
    });
}

pub(super) fn first_episode_not_s(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, TableKind::Episodes) {
        let Some((start, _)) = bounds(y) else { continue };
        let eps = ordered(y);
        for chain in eps.chunk_by(|a, b| a.child == b.child) {
            let first = &chain[0];
            if first.decom.is_some_and(|d| d >= start) && first.rne != Some("S") {
                let rne = first.rne.unwrap_or("blank");
                f.report_row(file, t, first.row, "RNE", format!("this is the child's first episode, starting in the year, but RNE is {rne}, not S (started to be looked after); add the episode before it if one is missing, or change RNE to S"));
            }
        }
    }
}

pub(super) fn x1_without_continuation(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, _, e, next| {
        let (Some(dec), Some(rec)) = (e.dec, e.rec) else { return };
        let next_start = next.and_then(|n| n.decom);
        if rec == "X1" && next_start != Some(dec) {
            let what = next_start.map_or_else(|| "no later episode".to_string(), |d| format!("the next episode starts on {}", dmy(d)));
            f.report_row(
                file,
                t,
                e.row,
                "REC",
                format!("REC X1 says a new episode starts the day this one ends ({}), but {what}; add the missing episode or correct REC", dmy(dec)),
            );
        } else if rec != "X1" && next_start == Some(dec) {
            f.report_row(
                file,
                t,
                e.row,
                "REC",
                format!("REC {rec} says care ended on {}, but a new episode starts that same day; use X1 if the child stayed looked after", dmy(dec)),
            );
        }
    });
}

pub(super) fn started_while_looked_after(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, prev, e, _| {
        let (Some(prev_end), Some(start)) = (prev.and_then(|p| p.dec), e.decom) else { return };
        if e.rne == Some("S") && start <= prev_end {
            f.report_row(
                file,
                t,
                e.row,
                "RNE",
                format!("RNE S says the child started to be looked after on {}, but the previous episode ended on {}; use the reason for the change (L, P, T, B or U) with REC X1 on the previous episode", dmy(start), dmy(prev_end)),
            );
        }
    });
}

pub(super) fn restart_not_s(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, prev, e, _| {
        let Some(rec) = prev.and_then(|p| p.rec).filter(|r| ReasonEpisodeCeased::from_code(r).is_some_and(|r| r.ends_care())) else {
            return;
        };
        if e.rne != Some("S") {
            let rne = e.rne.unwrap_or("blank");
            f.report_row(
                file,
                t,
                e.row,
                "RNE",
                format!("the previous episode ended care ({rec}), so this episode starts a new period of care and RNE must be S, not {rne}"),
            );
        }
    });
}

pub(super) fn continuation_gap(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, prev, e, _| {
        let (Some(prev), Some(rne @ ("P" | "L" | "T" | "U" | "B")), Some(start)) = (prev, e.rne, e.decom) else { return };
        if prev.dec != Some(start) {
            let ended = prev.dec.map_or_else(|| "has no end date".to_string(), |d| format!("ended on {}", dmy(d)));
            f.report_row(file, t, e.row, "DECOM", format!("RNE {rne} continues the previous episode, which {ended}, but this one starts on {}; a continuing episode starts the day the previous one ends", dmy(start)));
        }
    });
}

pub(super) fn episodes_after_final_reason(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, _, e, next| {
        if let (Some(rec @ ("E2" | "E15")), Some(_)) = (e.rec, next) {
            let why = if rec == "E2" { "the child died" } else { "the young person was assessed as 18 or over" };
            f.report_row(file, t, e.row, "REC", format!("REC {rec} says {why}, but later episodes follow; correct REC or remove the later episodes"));
        }
    });
}

/// Police protection (LS L1) lasts at most 72 hours (Children Act 1989,
/// s46): a run of L1 episodes, each starting the day the one before ended,
/// may span at most 3 days. A run still open is read to the year end.
pub(super) fn police_protection_over_72_hours(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, TableKind::Episodes) {
        let year_end = bounds(y).map(|(_, end)| end);
        let eps = ordered(y);
        for chain in eps.chunk_by(|a, b| a.child == b.child) {
            let l1 = |e: &&Ep| e.ls == Some("L1");
            let runs = chain.chunk_by(|a, b| l1(&a) && l1(&b) && a.dec.is_some() && a.dec == b.decom);
            for run in runs.filter(|r| l1(&&r[0])) {
                let (Some(start), last) = (run[0].decom, &run[run.len() - 1]) else { continue };
                let Some(end) = last.dec.or(year_end) else { continue };
                let days = (end - start).num_days();
                if days > 3 {
                    let until = last.dec.map_or_else(|| format!("is still open at the year end ({})", dmy(end)), |d| format!("ended on {}", dmy(d)));
                    f.report_row(
                        file,
                        t,
                        run[0].row,
                        "LS",
                        format!(
                            "police protection (L1) began on {} and {until}, {days} days, but it can last at most 72 hours; check the dates, and record the legal status that followed (for example an emergency protection order, L2, or section 20, V2) in a new episode",
                            dmy(start)
                        ),
                    );
                }
            }
        }
    }
}

/// An episode that starts while an earlier-starting episode is still open
/// overlaps it as much as one starting before the earlier episode's DEC: the
/// episodes are walked by DECOM, so a DECOM moved back before an open
/// episode's start is caught too. (Rule 142 reports the open episode itself.)
pub(super) fn overlapping(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, prev, e, _| {
        let (Some(prev), Some(start)) = (prev, e.decom) else { return };
        match prev.dec {
            Some(prev_end) if start < prev_end => {
                f.report_row(
                    file,
                    t,
                    e.row,
                    "DECOM",
                    format!(
                        "this episode starts on {}, before the previous episode ended ({}); episodes cannot overlap, so correct DECOM or the previous DEC",
                        dmy(start),
                        dmy(prev_end)
                    ),
                );
            }
            None => {
                let from = prev.decom.map(dmy).unwrap_or_default();
                f.report_row(file, t, e.row, "DECOM", format!("this episode starts on {}, while the episode from {from} (line {}) has no end date, so the two overlap; correct this DECOM, or give that episode its DEC", dmy(start), prev.row.line));
            }
            _ => {}
        }
    });
}

/// Calls `check(rne, same legal status, same placement details)` for each
/// episode that follows another of the same child, reporting RNE with the
/// message it returns. Placement details are PLACE, PL_POST, URN and
/// PLACE_PROVIDER.
fn changes(ctx: &Context, f: &mut Findings, check: impl Fn(&str, bool, bool) -> Option<String>) {
    for (y, file, t) in tables(ctx, TableKind::Episodes) {
        let details = ["PLACE", "PL_POST", "URN", "PLACE_PROVIDER"].map(|n| Col::new(t, n));
        let ls = Col::new(t, "LS");
        let eps = ordered(y);
        for chain in eps.chunk_by(|a, b| a.child == b.child) {
            for pair in chain.windows(2) {
                let (p, e) = (pair[0].row, pair[1].row);
                let Some(rne) = pair[1].rne else { continue };
                let same_status = ls.text(p) == ls.text(e);
                let same_placement = details.iter().all(|c| c.text(p) == c.text(e));
                if let Some(message) = check(rne, same_status, same_placement) {
                    f.report_row(file, t, e, "RNE", message);
                }
            }
        }
    }
}

pub(super) fn legal_status_change_only(ctx: &Context, f: &mut Findings) {
    changes(ctx, f, |rne, same_status, same_placement| {
        match (rne, same_status, same_placement) {
        ("L", true, _) => Some("RNE L says only the legal status changed, but LS is the same as in the previous episode; correct RNE or LS".into()),
        ("L", false, false) => Some("RNE L says only the legal status changed, but the placement details (PLACE, PL_POST, URN or PLACE_PROVIDER) changed too; use B or U, or keep the placement details the same".into()),
        _ => None,
    }
    });
}

pub(super) fn placement_change_only(ctx: &Context, f: &mut Findings) {
    changes(ctx, f, |rne, same_status, same_placement| match (rne, same_status, same_placement) {
        ("P" | "T", false, _) => Some(format!("RNE {rne} says only the placement changed, but LS changed too; use B or U, or correct LS")),
        ("P" | "T", true, true) => Some(format!(
            "RNE {rne} says the placement changed, but PLACE, PL_POST, URN and PLACE_PROVIDER are all as before; correct RNE or the placement details"
        )),
        _ => None,
    });
}

pub(super) fn status_and_placement_change(ctx: &Context, f: &mut Findings) {
    changes(ctx, f, |rne, same_status, same_placement| match rne {
        "B" | "U" if same_status => Some(format!("RNE {rne} says the legal status and placement both changed, but LS is as before; correct RNE or LS")),
        "B" | "U" if same_placement => Some(format!(
            "RNE {rne} says the legal status and placement both changed, but the placement details are as before; correct RNE or the placement details"
        )),
        _ => None,
    });
}

pub(super) fn place_change_reason_missing(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, _, e, next| {
        let Some(next) = next else { return };
        let temporary = |p: Option<&str>| p.is_some_and(|p| TEMPORARY.contains(&p));
        if e.rec == Some("X1") && e.rpc.is_none() && !temporary(e.place) && matches!(next.rne, Some("P" | "B" | "T" | "U")) && !temporary(next.place) {
            f.report_row(
                file,
                t,
                e.row,
                "REASON_PLACE_CHANGE",
                format!(
                    "the placement changed when this episode ended (next RNE {}), but REASON_PLACE_CHANGE is blank; record why the placement ended",
                    next.rne.unwrap_or_default()
                ),
            );
        }
    });
}

pub(super) fn place_change_reason_not_required(ctx: &Context, f: &mut Findings) {
    walk(ctx, f, |f, file, t, prev, e, _| {
        let Some(pl) = e.place.filter(|p| TEMPORARY.contains(p)) else { return };
        if e.rpc.is_some() {
            f.report_row(
                file,
                t,
                e.row,
                "REASON_PLACE_CHANGE",
                format!("a reason for placement change is not recorded for a temporary placement ({pl}); leave REASON_PLACE_CHANGE blank"),
            );
        }
        if let Some(p) = prev.filter(|p| p.rpc.is_some()) {
            f.report_row(
                file,
                t,
                p.row,
                "REASON_PLACE_CHANGE",
                format!("the next episode is a temporary placement ({pl}), which does not end this placement; leave REASON_PLACE_CHANGE blank"),
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    fn in_2024(code: &str, rows: &[&str]) -> Vec<(String, String)> {
        found(code, &[("2024-25/episodes.csv", &csv(EPISODES_HEADER, rows))])
    }

    fn hit(child: &str, field: &str) -> (String, String) {
        (child.to_string(), field.to_string())
    }

    #[test]
    fn only_the_latest_episode_may_be_open() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A1,01/07/2024,P,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            "A2,01/07/2024,P,C2,N1,U6,PR1,,,,,,",
        ];
        assert_eq!(in_2024("142", &rows), [hit("A2", "DEC")]);
    }

    #[test]
    fn first_episode_in_the_year_starts_care() {
        let rows = ["A1,01/06/2024,S,C2,N1,U6,PR1,,,,,,", "A2,01/06/2024,P,C2,N1,U6,PR1,,,,,,", "A3,01/06/2023,P,C2,N1,U6,PR1,,,,,,"];
        assert_eq!(in_2024("357", &rows), [hit("A2", "RNE")]);
    }

    #[test]
    fn x1_needs_an_episode_the_same_day() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A1,01/07/2024,P,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A3,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A3,05/07/2024,P,C2,N1,U6,PR1,,,,,,",
            "A4,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E4A,,,,",
            "A4,01/07/2024,P,C2,N1,U6,PR1,,,,,,",
        ];
        assert_eq!(in_2024("388", &rows), [hit("A2", "REC"), hit("A3", "REC"), hit("A4", "REC")]);
    }

    #[test]
    fn new_periods_of_care_and_continuations() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A1,01/07/2024,P,C2,N1,U6,PR1,01/08/2024,E4A,,,,",
            "A1,01/09/2024,S,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,,,,",
            "A2,01/07/2024,S,C2,N1,U6,PR1,,,,,,",
            "A3,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E4A,,,,",
            "A3,01/09/2024,P,C2,N1,U6,PR1,,,,,,",
        ];
        assert_eq!(in_2024("431", &rows), [hit("A2", "RNE")]);
        assert_eq!(in_2024("432", &rows), [hit("A3", "RNE")]);
        assert_eq!(in_2024("433", &rows), [hit("A3", "DECOM")]);
    }

    #[test]
    fn nothing_follows_death() {
        let rows = ["A1,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E2,,,,", "A1,01/08/2024,S,C2,N1,U6,PR1,,,,,,", "A2,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,E2,,,,"];
        assert_eq!(in_2024("437", &rows), [hit("A1", "REC")]);
    }

    #[test]
    fn overlapping_episodes() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A1,17/06/2024,P,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A2,01/07/2024,P,C2,N1,U6,PR1,,,,,,",
        ];
        assert_eq!(in_2024("501", &rows), [hit("A1", "DECOM")]);
    }

    #[test]
    fn an_episode_starting_inside_an_open_one_overlaps_it() {
        // A continuing episode's DECOM moved back before a short first episode began.
        let rows = ["A1,01/06/2024,S,L1,N1,U6,PR1,05/06/2024,X1,,,,", "A1,22/05/2024,L,C1,N1,U6,PR1,,,,,,"];
        assert_eq!(in_2024("501", &rows), [hit("A1", "DECOM")]);
        assert_eq!(in_2024("142", &rows), [hit("A1", "DEC")]);
    }

    #[test]
    fn reason_for_new_episode_matches_what_changed() {
        let rows = [
            "A1,01/06/2024,S,C1,N1,U6,PR1,01/07/2024,X1,,NB1,NB2,XXXXXXX",
            "A1,01/07/2024,L,C2,N1,U6,PR1,01/08/2024,X1,CARPL,NB1,NB2,XXXXXXX",
            "A1,01/08/2024,P,C2,N1,U4,PR1,01/09/2024,X1,,NB1,NB3,XXXXXXX",
            "A1,01/09/2024,B,E1,N1,A6,PR1,,,,NB1,NB4,XXXXXXX",
            "A2,01/06/2024,S,C1,N1,U6,PR1,01/07/2024,X1,,NB1,NB2,XXXXXXX",
            "A2,01/07/2024,L,C2,N1,U6,PR4,01/08/2024,X1,,NB1,NB2,XXXXXXX",
            "A2,01/08/2024,P,C2,N1,U6,PR4,01/09/2024,X1,,NB1,NB2,XXXXXXX",
            "A2,01/09/2024,U,C2,N1,A5,PR1,,,,NB1,NB2,XXXXXXX",
        ];
        assert_eq!(in_2024("434", &rows), [hit("A2", "RNE")]);
        assert_eq!(in_2024("435", &rows), [hit("A2", "RNE")]);
        assert_eq!(in_2024("436", &rows), [hit("A2", "RNE")]);
    }

    #[test]
    fn reason_for_placement_change() {
        let rows = [
            "A1,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A1,01/07/2024,P,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,,,,",
            "A2,01/07/2024,P,C2,N1,U6,PR1,,,,,,",
            "A3,01/06/2024,S,C1,N1,U6,PR1,01/07/2024,X1,,,,",
            "A3,01/07/2024,L,C2,N1,U6,PR1,,,,,,",
            "A4,01/06/2024,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A4,01/07/2024,P,C2,N1,T2,,08/07/2024,X1,,,,",
            "A4,08/07/2024,P,C2,N1,U6,PR1,,,,,,",
        ];
        assert_eq!(in_2024("225", &rows), [hit("A2", "REASON_PLACE_CHANGE")]);
        assert_eq!(in_2024("226", &rows), [hit("A4", "REASON_PLACE_CHANGE")]);
    }

    #[test]
    fn police_protection_lasts_at_most_72_hours() {
        let rows = [
            // Three days: allowed.
            "A1,01/06/2024,S,L1,N1,U6,PR1,04/06/2024,X1,,,,",
            "A1,04/06/2024,L,C1,N1,U6,PR1,,,,,,",
            // Four days.
            "A2,01/06/2024,S,L1,N1,U6,PR1,05/06/2024,X1,,,,",
            "A2,05/06/2024,L,C1,N1,U6,PR1,,,,,,",
            // Two L1 episodes (a placement change) adding up to four days.
            "A3,01/06/2024,S,L1,N1,U6,PR1,03/06/2024,X1,,,,",
            "A3,03/06/2024,P,L1,N1,U4,PR1,05/06/2024,X1,,,,",
            "A3,05/06/2024,L,C1,N1,U4,PR1,,,,,,",
            // Two separate spells of two days each.
            "A4,01/06/2024,S,L1,N1,U6,PR1,03/06/2024,E13,,,,",
            "A4,01/09/2024,S,L1,N1,U6,PR1,03/09/2024,E13,,,,",
            // Still open at the year end, or open three days before it.
            "A5,01/03/2025,S,L1,N1,U6,PR1,,,,,,",
            "A6,28/03/2025,S,L1,N1,U6,PR1,,,,,,",
        ];
        assert_eq!(in_2024("361", &rows), [hit("A2", "LS"), hit("A3", "LS"), hit("A5", "LS")]);
        let open = ["A5,01/03/2025,S,L1,N1,U6,PR1,,,,,,"];
        assert!(found("361", &[("episodes.csv", &csv(EPISODES_HEADER, &open))]).is_empty(), "an open episode needs the year end");
    }
}
