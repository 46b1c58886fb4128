//! Social worker episodes (collected from 2023-24): who the child's social
//! worker was, from when, and why they changed.

use super::*;
use chrono::Duration;
use scrutiny_model::codes::SwChangeReason;

const SW: TableKind = TableKind::SocialWorkers;

/// The year's rules edition: None before 2023-24 (no social worker table);
/// an unknown year is read under the latest rules.
fn edition(y: &Ssda903Year) -> Option<i32> {
    match start_year(y) {
        Some(s) if s < 2023 => None,
        Some(s) => Some(s),
        None => Some(i32::MAX),
    }
}

/// The first day from which SW_ID and SW_REASON are required.
fn reasons_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 4, 1).expect("date")
}

/// Each year's social worker table with its rules edition.
fn sw_tables<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = (&'c Ssda903Year<'a>, i32, &'a InputFile, &'a CsvTable)> + 'c {
    tables(ctx, SW).filter_map(|(y, file, t)| edition(y).map(|e| (y, e, file, t)))
}

pub(super) fn sw_id(ctx: &Context, f: &mut Findings) {
    for (_, _, file, t) in sw_tables(ctx) {
        let id = Col::new(t, "SW_ID");
        for row in &t.rows {
            match id.text(row) {
                None => f.report_row(file, t, row, "SW_ID", "SW_ID is blank; give the social worker's Social Work England registration number (starting SW), or XX if not known"),
                Some(v) if !(v.starts_with("SW") || v.starts_with("XX")) => {
                    f.report_row(file, t, row, "SW_ID", format!("SW_ID '{v}' does not begin with SW; use the social worker's Social Work England registration number (or XX if not known), not a local staff id"))
                }
                _ => {}
            }
        }
    }
}

pub(super) fn incomplete_2023(ctx: &Context, f: &mut Findings) {
    for (_, edition, file, t) in sw_tables(ctx) {
        if edition != 2023 {
            continue;
        }
        let cols = ["SW_ID", "SW_DECOM", "SW_REASON"].map(|n| (n, Col::new(t, n)));
        for row in &t.rows {
            let blank: Vec<&str> = cols.iter().filter(|(_, c)| c.text(row).is_none()).map(|(n, _)| *n).collect();
            if let Some(first) = blank.first() {
                f.report_row(
                    file,
                    t,
                    row,
                    first,
                    format!("the social worker episode is incomplete: {} blank; complete SW_ID, SW_DECOM and SW_REASON", blank.join(", ")),
                );
            }
        }
    }
}

pub(super) fn incomplete_2024(ctx: &Context, f: &mut Findings) {
    for (_, edition, file, t) in sw_tables(ctx) {
        if edition < 2024 {
            continue;
        }
        let (id, start, reason) = (Col::new(t, "SW_ID"), Col::new(t, "SW_DECOM"), Col::new(t, "SW_REASON"));
        for row in &t.rows {
            let Some(s) = start.text(row) else {
                f.report_row(file, t, row, "SW_DECOM", "SW_DECOM (date the social worker episode began) is blank; enter it");
                continue;
            };
            if date(s).is_some_and(|d| d >= reasons_from()) {
                let field = if id.text(row).is_none() {
                    "SW_ID"
                } else if reason.text(row).is_none() {
                    "SW_REASON"
                } else {
                    continue;
                };
                f.report_row(file, t, row, field, format!("{field} is blank on a social worker episode starting from April 2023; complete it"));
            }
        }
    }
}

pub(super) fn start_date(ctx: &Context, f: &mut Findings) {
    for (_, _, file, t) in sw_tables(ctx) {
        let col = Col::new(t, "SW_DECOM");
        for row in &t.rows {
            if col.bad_date(row) {
                f.report_row(
                    file,
                    t,
                    row,
                    "SW_DECOM",
                    format!("SW_DECOM '{}' is not a real date in the form DD/MM/YYYY; correct it", col.text(row).unwrap_or_default()),
                );
            }
        }
    }
}

pub(super) fn end_date(ctx: &Context, f: &mut Findings) {
    for (_, _, file, t) in sw_tables(ctx) {
        let col = Col::new(t, "SW_DEC");
        for row in &t.rows {
            if col.bad_date(row) {
                f.report_row(
                    file,
                    t,
                    row,
                    "SW_DEC",
                    format!("SW_DEC '{}' is not a real date in the form DD/MM/YYYY; correct it", col.text(row).unwrap_or_default()),
                );
            }
        }
    }
}

pub(super) fn start_after_year(ctx: &Context, f: &mut Findings) {
    for (y, _, file, t) in sw_tables(ctx) {
        let Some((_, end)) = bounds(y) else { continue };
        let col = Col::new(t, "SW_DECOM");
        for row in &t.rows {
            if let Some(d) = col.date(row).filter(|d| *d > end) {
                f.report_row(
                    file,
                    t,
                    row,
                    "SW_DECOM",
                    format!(
                        "the social worker episode starts on {}, after the end of the collection year ({}); correct the date or leave it for next year",
                        dmy(d),
                        dmy(end)
                    ),
                );
            }
        }
    }
}

pub(super) fn end_outside_period(ctx: &Context, f: &mut Findings) {
    for (y, edition, file, t) in sw_tables(ctx) {
        let Some((start, end)) = bounds(y) else { continue };
        // From 2024-25 the reporting period reaches back a year before the collection year.
        let from = if edition >= 2024 { start.checked_sub_months(Months::new(12)).unwrap_or(start) } else { start };
        let col = Col::new(t, "SW_DEC");
        for row in &t.rows {
            if let Some(d) = col.date(row).filter(|d| *d < from || *d > end) {
                f.report_row(file, t, row, "SW_DEC", format!("the social worker episode ends on {}, outside the reporting period ({} to {}); correct the date, or leave SW_DEC blank if it is still open", dmy(d), dmy(from), dmy(end)));
            }
        }
    }
}

pub(super) fn same_day(ctx: &Context, f: &mut Findings) {
    for (_, _, file, t) in sw_tables(ctx) {
        let (start, end) = (Col::new(t, "SW_DECOM"), Col::new(t, "SW_DEC"));
        for row in &t.rows {
            if start.date(row).is_some() && start.date(row) == end.date(row) {
                f.report_row(file, t, row, "SW_DEC", "the social worker episode starts and ends on the same day; check the dates");
            }
        }
    }
}

pub(super) fn overlapping(ctx: &Context, f: &mut Findings) {
    for (_, edition, file, t) in sw_tables(ctx) {
        let (child, start, end, reason) = (Col::new(t, "CHILD"), Col::new(t, "SW_DECOM"), Col::new(t, "SW_DEC"), Col::new(t, "SW_REASON"));
        let mut rows: Vec<(&str, NaiveDate, Option<NaiveDate>, &CsvRow)> =
            t.rows.iter().filter_map(|r| Some((child.text(r)?, start.date(r)?, end.date(r), r))).collect();
        rows.sort_by(|a, b| (a.0, a.1, a.2.is_none(), a.2, a.3.line).cmp(&(b.0, b.1, b.2.is_none(), b.2, b.3.line)));
        for pair in rows.windows(2) {
            let ((c0, _, prev_end, _), (c1, s, _, row)) = (pair[0], pair[1]);
            if c0 != c1 || (edition >= 2024 && reason.is(row, "FCONTA")) {
                continue;
            }
            let overlap = match prev_end {
                None => true,
                Some(e) => s < e - Duration::days(7),
            };
            if overlap {
                let ended = prev_end.map_or_else(|| "is still open".to_string(), |e| format!("ended on {}", dmy(e)));
                f.report_row(file, t, row, "SW_DECOM", format!("this social worker episode starts on {}, but the previous one {ended}; a child has one social worker at a time, so end the previous episode when this one starts", dmy(s)));
            }
        }
    }
}

/// A child's social worker episodes seen from the year end: whether one is
/// open then, and the latest (by SW_DECOM).
struct SwAtYearEnd<'r> {
    open: bool,
    latest: (NaiveDate, &'r CsvRow),
}

pub(super) fn none_open_at_year_end(ctx: &Context, f: &mut Findings) {
    for (y, edition, file, t) in sw_tables(ctx) {
        let (Some((_, end)), Some((efile, et)), true) = (bounds(y), y.table(TableKind::Episodes), edition >= 2025) else { continue };
        // Children looked after at 31 March: an episode open at the year end, short breaks aside.
        let mut looked_after: Vec<Ep> =
            episodes(y).filter(|e| e.dec.is_none() && e.decom.is_some_and(|d| d <= end) && !matches!(e.ls, Some("V3" | "V4"))).collect();
        looked_after.sort_by_key(|e| (e.child, e.row.line));
        looked_after.dedup_by_key(|e| e.child);
        let (child, start, stop) = (Col::new(t, "CHILD"), Col::new(t, "SW_DECOM"), Col::new(t, "SW_DEC"));
        // Each child's social worker episodes: whether one is open at the year end, and the latest.
        let mut sw: HashMap<&str, SwAtYearEnd> = HashMap::new();
        for row in &t.rows {
            let (Some(id), Some(s)) = (child.text(row), start.date(row)) else { continue };
            let entry = sw.entry(id).or_insert(SwAtYearEnd { open: false, latest: (s, row) });
            entry.open |= s <= end && stop.date(row).is_none_or(|e| e > end) && !stop.bad_date(row);
            if s >= entry.latest.0 {
                entry.latest = (s, row);
            }
        }
        for e in looked_after {
            match sw.get(e.child) {
                Some(SwAtYearEnd { open: true, .. }) => {}
                Some(SwAtYearEnd { latest: (_, row), .. }) => f.report_row(
                    file,
                    t,
                    row,
                    "SW_DEC",
                    format!(
                        "child {} is looked after at the year end ({}), but no social worker episode is open then: the latest one ended on {}; leave SW_DEC blank if that social worker still has the case, or add the episode of the social worker who took over",
                        e.child,
                        dmy(end),
                        stop.text(row).unwrap_or_default()
                    ),
                ),
                _ => f.report_row(
                    efile,
                    et,
                    e.row,
                    "DEC",
                    format!(
                        "child {} is looked after at the year end ({}) but has no social worker episode; add the child's social worker episodes, or end this episode if the child has left care",
                        e.child,
                        dmy(end)
                    ),
                ),
            }
        }
    }
}

pub(super) fn reason_code(ctx: &Context, f: &mut Findings) {
    for (_, edition, file, t) in sw_tables(ctx) {
        let (start, reason) = (Col::new(t, "SW_DECOM"), Col::new(t, "SW_REASON"));
        for row in &t.rows {
            match reason.text(row) {
                Some(v) if SwChangeReason::from_code(v).is_none() => f.report_row(
                    file,
                    t,
                    row,
                    "SW_REASON",
                    format!("SW_REASON '{v}' is not valid; use MANAGE, FCONTA, LEFTRL, ORGRST, TSPROC, ABSENC, CHCHAN, PCCHAN, SWDIED or OTHERS"),
                ),
                None if edition == 2023 || start.date(row).is_some_and(|d| d >= reasons_from()) => f.report_row(
                    file,
                    t,
                    row,
                    "SW_REASON",
                    "SW_REASON is blank; record why the social worker changed (e.g. TSPROC for a transfer as standard process)",
                ),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    fn hit(child: &str, field: &str) -> (String, String) {
        (child.to_string(), field.to_string())
    }

    fn sw(code: &str, year: &str, rows: &[&str]) -> Vec<(String, String)> {
        found(code, &[(&format!("{year}/social_workers.csv"), &csv(SW_HEADER, rows))])
    }

    #[test]
    fn social_worker_ids_begin_sw() {
        let rows = ["A1,01/01/2010,SW123456,01/06/2024,,TSPROC", "A2,01/01/2010,W00001,01/06/2024,,TSPROC", "A3,01/01/2010,XX,01/06/2024,,TSPROC"];
        assert_eq!(sw("SW02STG1", "2024-25", &rows), [hit("A2", "SW_ID")]);
        assert!(sw("SW02STG1", "2022-23", &rows).is_empty(), "no social worker table before 2023-24");
    }

    #[test]
    fn complete_episodes_by_edition() {
        let rows = ["A1,01/01/2010,SW1,01/06/2024,,TSPROC", "A2,01/01/2010,SW1,01/06/2022,,", "A3,01/01/2010,SW1,,,TSPROC", "A4,01/01/2010,SW1,01/06/2024,,"];
        assert_eq!(sw("SW03STG1", "2023-24", &rows), [hit("A2", "SW_REASON"), hit("A3", "SW_DECOM"), hit("A4", "SW_REASON")]);
        assert!(sw("SW03STG1", "2024-25", &rows).is_empty());
        assert_eq!(sw("SW01bSTG1", "2024-25", &rows), [hit("A3", "SW_DECOM"), hit("A4", "SW_REASON")]);
    }

    #[test]
    fn dates_valid_and_in_the_period() {
        let rows = [
            "A1,01/01/2010,SW1,01/06/2024,01/07/2024,TSPROC",
            "A2,01/01/2010,SW1,31/06/2024,,TSPROC",
            "A3,01/01/2010,SW1,01/06/2024,31/07/2024x,TSPROC",
            "A4,01/01/2010,SW1,01/06/2025,,TSPROC",
            "A5,01/01/2010,SW1,01/01/2022,01/02/2023,TSPROC",
            "A6,01/01/2010,SW1,01/01/2022,01/05/2023,TSPROC",
            "A7,01/01/2010,SW1,01/06/2024,01/06/2024,TSPROC",
        ];
        assert_eq!(sw("SW04STG1", "2024-25", &rows), [hit("A2", "SW_DECOM")]);
        assert_eq!(sw("SW05STG1", "2024-25", &rows), [hit("A3", "SW_DEC")]);
        assert_eq!(sw("SW06STG2", "2024-25", &rows), [hit("A4", "SW_DECOM")]);
        assert_eq!(sw("SW07STG2", "2024-25", &rows), [hit("A5", "SW_DEC")]);
        assert_eq!(sw("SW07STG2", "2023-24", &rows), [hit("A1", "SW_DEC"), hit("A5", "SW_DEC"), hit("A7", "SW_DEC")]);
        assert_eq!(sw("SW09STG2", "2024-25", &rows), [hit("A7", "SW_DEC")]);
    }

    #[test]
    fn one_social_worker_at_a_time() {
        let rows = [
            "A1,01/01/2010,SW1,01/06/2024,01/07/2024,TSPROC",
            "A1,01/01/2010,SW2,03/07/2024,,LEFTRL",
            "A2,01/01/2010,SW1,01/06/2024,01/09/2024,TSPROC",
            "A2,01/01/2010,SW2,01/07/2024,,LEFTRL",
            "A3,01/01/2010,SW1,01/06/2024,,TSPROC",
            "A3,01/01/2010,SW2,01/07/2024,,FCONTA",
        ];
        assert_eq!(sw("SW10STG2", "2024-25", &rows), [hit("A2", "SW_DECOM")]);
        assert_eq!(sw("SW10STG2", "2023-24", &rows), [hit("A2", "SW_DECOM"), hit("A3", "SW_DECOM")]);
    }

    #[test]
    fn reason_codes() {
        let rows =
            ["A1,01/01/2010,SW1,01/06/2024,,TSPROC", "A2,01/01/2010,SW1,01/06/2024,,MOVED", "A3,01/01/2010,SW1,01/06/2024,,", "A4,01/01/2010,SW1,01/06/2022,,"];
        assert_eq!(sw("SW13STG1", "2024-25", &rows), [hit("A2", "SW_REASON"), hit("A3", "SW_REASON")]);
        assert_eq!(sw("SW13STG1", "2023-24", &rows), [hit("A2", "SW_REASON"), hit("A3", "SW_REASON"), hit("A4", "SW_REASON")]);
    }

    #[test]
    fn a_social_worker_open_at_the_year_end_for_looked_after_children() {
        let rows = [
            "A1,01/01/2010,SW1,01/06/2025,,TSPROC",
            "A2,01/01/2010,SW1,01/06/2025,01/03/2026,TSPROC",
            "A3,01/01/2010,SW1,01/06/2025,01/03/2026,TSPROC",
            "A3,01/01/2010,SW2,01/03/2026,,LEFTRL",
            "A5,01/01/2010,SW1,01/06/2025,01/03/2026,TSPROC",
            "A6,01/01/2010,SW1,01/06/2025,01/03/2026,TSPROC",
            "A7,01/01/2010,SW1,01/06/2025,01/03/2026,TSPROC",
        ];
        let eps = csv(
            EPISODES_HEADER,
            &[
                "A1,01/06/2025,S,C2,N1,U6,PR1,,,,,,",
                "A2,01/06/2025,S,C2,N1,U6,PR1,,,,,,",
                "A3,01/06/2025,S,C2,N1,U6,PR1,,,,,,",
                "A4,01/06/2025,S,C2,N1,U6,PR1,,,,,,",
                // Left care on the last day, or on short breaks: not looked after at the year end.
                "A5,01/06/2025,S,C2,N1,U6,PR1,31/03/2026,E13,,,,",
                "A6,01/06/2025,S,V3,N1,U6,PR1,,,,,,",
                "A7,01/06/2025,S,C2,N1,U6,PR1,01/03/2026,X1,,,,",
                "A7,01/03/2026,L,C1,N1,U6,PR1,,,,,,",
            ],
        );
        let files = |year: &str| vec![(format!("{year}/social_workers.csv"), csv(SW_HEADER, &rows)), (format!("{year}/episodes.csv"), eps.clone())];
        let run = |year: &str| {
            let files = files(year);
            found("SW17STG2", &files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect::<Vec<_>>())
        };
        assert_eq!(run("2025-26"), [hit("A2", "SW_DEC"), hit("A4", "DEC"), hit("A7", "SW_DEC")]);
        assert!(run("2024-25").is_empty(), "a rule from 2025-26");
    }
}
