//! This year's return against last year's: the child's details stay the
//! same, and an episode open at the end of last year carries on this year.

use super::*;
use std::collections::HashSet;

/// This year's table of `kind` with last year's return and its table, for each year that has both.
#[allow(clippy::type_complexity, reason = "a tuple read once, by destructuring")]
fn with_last<'c, 'a>(
    ctx: &'c Context<'a>,
    kind: TableKind,
) -> impl Iterator<Item = (&'c Ssda903Year<'a>, &'a InputFile, &'a CsvTable, &'c Ssda903Year<'a>, &'a CsvTable)> + 'c {
    tables(ctx, kind).filter_map(move |(y, file, t)| {
        let before = ctx.previous_ssda903(y.year)?;
        let (_, last) = before.table(kind)?;
        Some((y, file, t, before, last))
    })
}

/// Each child's first header row.
fn first_rows(t: &CsvTable) -> HashMap<&str, &CsvRow> {
    let child = Col::new(t, "CHILD");
    let mut out = HashMap::with_capacity(t.rows.len());
    for row in &t.rows {
        if let Some(id) = child.text(row) {
            out.entry(id).or_insert(row);
        }
    }
    out
}

/// Reports header rows whose `field` disagrees with last year's by `differs(now, last)`.
fn header_changed(ctx: &Context, f: &mut Findings, field: &str, differs: impl Fn(Option<&str>, Option<&str>) -> bool, what: &str) {
    for (_, file, t, _, last) in with_last(ctx, TableKind::Header) {
        let before = first_rows(last);
        let (child, now, then) = (Col::new(t, "CHILD"), Col::new(t, field), Col::new(last, field));
        for row in &t.rows {
            let Some(prev) = child.text(row).and_then(|id| before.get(id)) else { continue };
            if differs(now.text(row), then.text(prev)) {
                let was = then.text(prev).unwrap_or("blank");
                f.report_row(file, t, row, field, format!("{field} {} differs from last year's return ({was}); {what}", now.text(row).unwrap_or("blank")));
            }
        }
    }
}

pub(super) fn sex_changed(ctx: &Context, f: &mut Findings) {
    // 1/2 up to 2023-24 and M/F from 2024-25 mean the same.
    let differs = |a: Option<&str>, b: Option<&str>| match (a.and_then(Sex::from_any_code), b.and_then(Sex::from_any_code)) {
        (Some(x), Some(y)) => x != y,
        _ => a != b,
    };
    header_changed(ctx, f, "SEX", differs, "a child's recorded sex should not change between returns, so correct whichever is wrong");
}

pub(super) fn dob_changed(ctx: &Context, f: &mut Findings) {
    let differs = |a: Option<&str>, b: Option<&str>| match (a.and_then(date), b.and_then(date)) {
        (Some(x), Some(y)) => x != y,
        _ => a != b,
    };
    header_changed(ctx, f, "DOB", differs, "correct whichever is wrong; the DfE updates earlier years from the latest return");
}

pub(super) fn ethnicity_changed(ctx: &Context, f: &mut Findings) {
    let differs = |a: Option<&str>, b: Option<&str>| a.map(str::to_ascii_uppercase) != b.map(str::to_ascii_uppercase);
    header_changed(ctx, f, "ETHNIC", differs, "check the child's ethnicity and correct whichever is wrong");
}

pub(super) fn upn_changed(ctx: &Context, f: &mut Findings) {
    let differs = |now: Option<&str>, last: Option<&str>| {
        let (now, last) = (now.map(str::to_ascii_uppercase), last.map(str::to_ascii_uppercase));
        let unknown = |u: &Option<String>| u.as_deref().is_none_or(|u| matches!(u, "UN1" | "UN2" | "UN3" | "UN4" | "UN5"));
        if now == last {
            return false;
        }
        // A UPN found for a child who had none, or a more precise reason for having none.
        let found = unknown(&last) && !unknown(&now);
        let refined = matches!(last.as_deref(), None | Some("UN1")) && matches!(now.as_deref(), Some("UN1" | "UN2" | "UN3" | "UN4" | "UN5"));
        !(found || refined)
    };
    header_changed(ctx, f, "UPN", differs, "a child's UPN does not change once known; check the school's records and correct whichever is wrong");
}

/// The first episode of each child this year, by DECOM.
fn firsts<'a>(eps: &'a [Ep<'a>]) -> HashMap<&'a str, &'a Ep<'a>> {
    eps.chunk_by(|a, b| a.child == b.child).map(|c| (c[0].child, &c[0])).collect()
}

/// Last year's episodes still open at its end: each child's latest episode, when it has no DEC.
fn open_last_year<'a>(eps: &'a [Ep<'a>]) -> Vec<&'a Ep<'a>> {
    eps.chunk_by(|a, b| a.child == b.child).filter_map(|c| c.last().filter(|e| e.dec.is_none())).collect()
}

pub(super) fn open_episode_not_continued(ctx: &Context, f: &mut Findings) {
    for (y, file, t, before, _) in with_last(ctx, TableKind::Episodes) {
        let (now, before) = (ordered(y), ordered(before));
        let first = firsts(now);
        for open in open_last_year(before) {
            let started = open.decom.expect("ordered episodes have a DECOM");
            match first.get(open.child) {
                Some(e) if e.decom != Some(started) => {
                    f.report_row(
                        file,
                        t,
                        e.row,
                        "DECOM",
                        format!(
                            "last year's return ended with child {}'s episode from {} still open, but this year's first episode starts on {}; the open episode carries on, so re-state it with the same DECOM",
                            open.child,
                            dmy(started),
                            e.decom.map(dmy).unwrap_or_default()
                        ),
                    );
                }
                Some(_) => {}
                None => f.report(
                    file,
                    0,
                    open.child,
                    "DECOM",
                    "",
                    format!("last year's return ended with child {}'s episode from {} still open, but {} has no (dated) episodes for the child; re-state the episode and close it if care ended", open.child, dmy(started), year_name(y)),
                ),
            }
        }
    }
}

/// Reports this year's first episode where `field` differs from last year's open episode.
fn first_differs(ctx: &Context, f: &mut Findings, field: &str, allowed: impl Fn(Option<i32>, &str, &str) -> bool) {
    for (y, file, t, before, last) in with_last(ctx, TableKind::Episodes) {
        let (now, before) = (ordered(y), ordered(before));
        let first = firsts(now);
        let (here, there) = (Col::new(t, field), Col::new(last, field));
        for open in open_last_year(before) {
            let Some(e) = first.get(open.child) else { continue };
            let (a, b) = (here.text(e.row).unwrap_or(""), there.text(open.row).unwrap_or(""));
            if a != b && !allowed(start_year(y), a, b) {
                f.report_row(
                    file,
                    t,
                    e.row,
                    field,
                    format!(
                        "the first episode's {field} is {}, but the episode open at the end of last year had {}; the open episode carries on unchanged, so correct one of them (a change starts a new episode)",
                        if a.is_empty() { "blank" } else { a },
                        if b.is_empty() { "blank" } else { b }
                    ),
                );
            }
        }
    }
}

pub(super) fn rne_differs(ctx: &Context, f: &mut Findings) {
    first_differs(ctx, f, "RNE", |_, _, _| false);
}

pub(super) fn ls_differs(ctx: &Context, f: &mut Findings) {
    first_differs(ctx, f, "LS", |_, _, _| false);
}

pub(super) fn cin_differs(ctx: &Context, f: &mut Findings) {
    first_differs(ctx, f, "CIN", |_, _, _| false);
}

pub(super) fn place_differs(ctx: &Context, f: &mut Findings) {
    // Recoded placement types: H5 to K3 from 2024-25, Z1 to Z11-Z14 from 2025-26.
    first_differs(ctx, f, "PLACE", |year, now, last| {
        let year = year.unwrap_or(i32::MAX);
        (year >= 2024 && now == "K3" && last == "H5") || (year >= 2025 && last == "Z1" && Z1_SPLIT.contains(&now))
    });
}

pub(super) fn provider_differs(ctx: &Context, f: &mut Findings) {
    first_differs(ctx, f, "PLACE_PROVIDER", |_, _, _| false);
}

pub(super) fn no_episodes_last_year(ctx: &Context, f: &mut Findings) {
    for (y, file, t, before, _) in with_last(ctx, TableKind::Episodes) {
        let Some((start, _)) = bounds(y) else { continue };
        let before: HashSet<&str> = episodes(before).map(|e| e.child).collect();
        let mut reported = HashSet::new();
        for e in episodes(y) {
            if e.decom.is_some_and(|d| d < start) && !before.contains(e.child) && reported.insert(e.child) {
                f.report_row(
                    file,
                    t,
                    e.row,
                    "DECOM",
                    format!(
                        "this episode started before the year ({}), but last year's return has no episodes for child {}; check last year's return or the dates",
                        e.decom.map(dmy).unwrap_or_default(),
                        e.child
                    ),
                );
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

    fn headers(code: &str, last: &[&str], now: &[&str]) -> Vec<(String, String)> {
        found(code, &[("2023-24/header.csv", &csv(HEADER_HEADER, last)), ("2024-25/header.csv", &csv(HEADER_HEADER, now))])
    }

    #[test]
    fn child_details_stay_the_same() {
        let last = [
            "A1,1,01/01/2010,WBRI,UN2,,",
            "A2,2,01/01/2011,WBRI,UN2,0,",
            "A3,1,01/01/2012,WBRI,UN1,,",
            "A4,1,01/01/2013,WBRI,UN2,,",
            "A5,1,01/01/2013,WBRI,UN2,,",
        ];
        let now = [
            "A1,M,01/01/2010,WBRI,UN2,,",
            "A2,M,02/01/2011,WIRI,UN2,0,",
            "A3,M,01/01/2012,WBRI,UN3,,",
            "A4,M,01/01/2013,WBRI,UN3,,",
            "B1,M,01/01/2013,WBRI,UN2,,",
        ];
        assert_eq!(headers("202", &last, &now), [hit("A2", "SEX")]);
        assert_eq!(headers("203", &last, &now), [hit("A2", "DOB")]);
        assert_eq!(headers("204", &last, &now), [hit("A2", "ETHNIC")]);
        assert_eq!(headers("208", &last, &now), [hit("A4", "UPN")]);
    }

    fn eps(code: &str, last: &[&str], now: &[&str]) -> Vec<(String, String)> {
        found(code, &[("2023-24/episodes.csv", &csv(EPISODES_HEADER, last)), ("2024-25/episodes.csv", &csv(EPISODES_HEADER, now))])
    }

    #[test]
    fn open_episodes_carry_on() {
        let last = [
            "A1,01/06/2023,S,C2,N1,U6,PR1,,,,,,",
            "A2,01/06/2023,S,C2,N1,U6,PR1,,,,,,",
            "A3,01/06/2023,S,C2,N1,U6,PR1,,,,,,",
            "A4,01/06/2023,S,C2,N1,U6,PR1,01/07/2023,E4A,,,,",
        ];
        let now = [
            "A1,01/06/2023,S,C2,N1,U6,PR1,01/07/2024,X1,CARPL,,,",
            "A1,01/07/2024,P,C2,N1,U6,PR1,,,,,,",
            "A2,01/07/2023,S,C2,N1,U6,PR1,,,,,,",
            "A5,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
        ];
        assert_eq!(eps("502", &last, &now), [hit("A2", "DECOM"), hit("A3", "DECOM")]);
    }

    #[test]
    fn first_episode_matches_last_years_open_episode() {
        let last = ["A1,01/06/2023,S,C2,N1,U6,PR1,,,,,,", "A2,01/06/2023,S,C2,N1,H5,PR4,,,,,,", "A3,01/06/2023,S,C2,N1,U6,PR1,,,,,,"];
        let now = ["A1,01/06/2023,S,C2,N1,U6,PR1,,,,,,", "A2,01/06/2023,S,C2,N1,K3,PR4,,,,,,", "A3,01/06/2023,P,C1,N2,U4,PR4,,,,,,"];
        assert_eq!(eps("503A", &last, &now), [hit("A3", "RNE")]);
        assert_eq!(eps("503B", &last, &now), [hit("A3", "LS")]);
        assert_eq!(eps("503C", &last, &now), [hit("A3", "CIN")]);
        assert_eq!(eps("503D", &last, &now), [hit("A3", "PLACE")], "H5 to K3 is the 2024-25 recoding");
        assert_eq!(eps("503E", &last, &now), [hit("A3", "PLACE_PROVIDER")]);
    }

    #[test]
    fn episodes_before_the_year_were_in_last_years_return() {
        let last = ["A1,01/06/2023,S,C2,N1,U6,PR1,,,,,,"];
        let now = ["A1,01/06/2023,S,C2,N1,U6,PR1,,,,,,", "A2,01/06/2023,S,C2,N1,U6,PR1,,,,,,", "A3,01/06/2024,S,C2,N1,U6,PR1,,,,,,"];
        assert_eq!(eps("NoE", &last, &now), [hit("A2", "DECOM")]);
    }
}
