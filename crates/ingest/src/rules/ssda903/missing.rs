//! Periods missing (M) or away from placement without authorisation (A).

use super::*;
use scrutiny_model::codes::MissingType;

const MISSING: TableKind = TableKind::Missing;

pub(super) fn start_date(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, MISSING, "MIS_START", true, "date the child went missing or away");
}

pub(super) fn end_date(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, MISSING, "MIS_END", false, "date the child returned");
}

pub(super) fn missing_type(ctx: &Context, f: &mut Findings) {
    check_code(ctx, f, MISSING, "MISSING", false, |v, _| MissingType::from_code(v).is_some(), "M (missing) or A (away without authorisation)");
}

pub(super) fn start_blank(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, MISSING) {
        let (kind, start) = (Col::new(t, "MISSING"), Col::new(t, "MIS_START"));
        for row in &t.rows {
            if kind.is_any(row, &["M", "A"]) && start.text(row).is_none() {
                f.report_row(file, t, row, "MIS_START", "the child was missing or away but MIS_START is blank; enter the date the period began");
            }
        }
    }
}

/// Reports rows where `field` is given but MISSING is blank.
fn without_type(ctx: &Context, f: &mut Findings, field: &str) {
    for (_, file, t) in tables(ctx, MISSING) {
        let (kind, date) = (Col::new(t, "MISSING"), Col::new(t, field));
        for row in &t.rows {
            if date.text(row).is_some() && kind.text(row).is_none() {
                f.report_row(
                    file,
                    t,
                    row,
                    "MISSING",
                    format!("{field} is given but MISSING is blank; record M (missing) or A (away from placement without authorisation)"),
                );
            }
        }
    }
}

pub(super) fn start_without_type(ctx: &Context, f: &mut Findings) {
    without_type(ctx, f, "MIS_START");
}

pub(super) fn end_without_type(ctx: &Context, f: &mut Findings) {
    without_type(ctx, f, "MIS_END");
}

pub(super) fn end_before_start(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, MISSING) {
        let (start, end) = (Col::new(t, "MIS_START"), Col::new(t, "MIS_END"));
        for row in &t.rows {
            if let (Some(s), Some(e)) = (start.date(row), end.date(row)) {
                if e < s {
                    f.report_row(file, t, row, "MIS_END", format!("the period ends ({}) before it starts ({}); correct MIS_END or MIS_START", dmy(e), dmy(s)));
                }
            }
        }
    }
}

pub(super) fn start_after_year(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, MISSING, "MIS_START", |y, col, row| {
        let (_, end) = bounds(y)?;
        let d = col.date(row)?;
        (d > end).then(|| {
            format!("the period starts on {}, after the end of the collection year ({}); correct the date or leave it for next year's return", dmy(d), dmy(end))
        })
    });
}

pub(super) fn end_outside_year(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, MISSING, "MIS_END", |y, col, row| {
        let (start, end) = bounds(y)?;
        let d = col.date(row)?;
        (d < start || d > end).then(|| format!("the period ends on {}, outside the collection year ({} to {}); periods that ended before the year are not returned, and one still open at the year end has MIS_END blank", dmy(d), dmy(start), dmy(end)))
    });
}

pub(super) fn not_looked_after(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, MISSING) {
        if y.table(TableKind::Episodes).is_none() {
            continue;
        }
        let eps = by_child(y);
        let (child, start) = (Col::new(t, "CHILD"), Col::new(t, "MIS_START"));
        for row in &t.rows {
            let (Some(id), Some(d)) = (child.text(row), start.date(row)) else { continue };
            // Children with no episodes at all are rule 1012's.
            let Some(list) = eps.get(id) else { continue };
            if !list.iter().any(|e| e.decom.is_some_and(|s| s <= d) && e.dec.is_none_or(|x| d <= x)) {
                f.report_row(
                    file,
                    t,
                    row,
                    "MIS_START",
                    format!("no episode covers {}, so the child was not looked after when the period began; check MIS_START and the episode dates", dmy(d)),
                );
            }
        }
    }
}

pub(super) fn before_birth(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, MISSING) {
        let people = people(y);
        let (child, dob, start) = (Col::new(t, "CHILD"), Col::new(t, "DOB"), Col::new(t, "MIS_START"));
        for row in &t.rows {
            let Some(s) = start.date(row) else { continue };
            let born = dob.date(row).or_else(|| people.get(child.text(row).unwrap_or_default()).and_then(|p| p.dob));
            if let Some(b) = born.filter(|b| s <= *b) {
                f.report_row(
                    file,
                    t,
                    row,
                    "MIS_START",
                    format!("the period starts on {}, not after the child's date of birth ({}); correct the dates", dmy(s), dmy(b)),
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

    fn run_missing(code: &str, rows: &[&str]) -> Vec<(String, String)> {
        let eps = csv(EPISODES_HEADER, &["A1,01/01/2024,S,C2,N1,U6,PR1,,,,,,", "A2,01/01/2024,S,C2,N1,U6,PR1,01/09/2024,E4A,,,,"]);
        found(code, &[("2024-25/missing.csv", &csv(MISSING_HEADER, rows)), ("2024-25/episodes.csv", &eps)])
    }

    #[test]
    fn codes_and_dates() {
        let rows = [
            "A1,01/01/2010,M,01/06/2024,02/06/2024",
            "A1,01/01/2010,X,01/07/2024,02/07/2024",
            "A1,01/01/2010,A,,02/08/2024",
            "A1,01/01/2010,M,31/09/2024,",
            "A1,01/01/2010,M,01/10/2024,32/10/2024",
        ];
        assert_eq!(run_missing("1006", &rows), [hit("A1", "MISSING")]);
        assert_eq!(run_missing("564", &rows), [hit("A1", "MIS_START")]);
        assert_eq!(run_missing("1004", &rows), [hit("A1", "MIS_START"), hit("A1", "MIS_START")]);
        assert_eq!(run_missing("1005", &rows), [hit("A1", "MIS_END")]);
    }

    #[test]
    fn type_needed_with_dates() {
        let rows = ["A1,01/01/2010,M,01/06/2024,02/06/2024", "A2,01/01/2010,,01/06/2024,", "A1,01/01/2010,,,02/06/2024"];
        assert_eq!(run_missing("565", &rows), [hit("A2", "MISSING")]);
        assert_eq!(run_missing("566", &rows), [hit("A1", "MISSING")]);
    }

    #[test]
    fn dates_in_order_and_in_the_year() {
        let rows = [
            "A1,01/01/2010,M,01/06/2024,02/06/2024",
            "A1,01/01/2010,M,05/06/2024,02/06/2024",
            "A1,01/01/2010,M,05/06/2025,",
            "A1,01/01/2010,M,05/03/2024,06/03/2024",
            "A2,01/01/2010,M,05/03/2025,06/04/2025",
        ];
        assert_eq!(run_missing("567", &rows), [hit("A1", "MIS_END")]);
        assert_eq!(run_missing("570", &rows), [hit("A1", "MIS_START")]);
        assert_eq!(run_missing("571", &rows), [hit("A1", "MIS_END"), hit("A2", "MIS_END")]);
    }

    #[test]
    fn missing_while_looked_after_and_after_birth() {
        let rows = [
            "A1,01/01/2010,M,01/06/2024,02/06/2024",
            "A2,01/01/2010,M,01/10/2024,02/10/2024",
            "A3,01/01/2010,M,01/10/2024,02/10/2024",
            "A1,01/06/2024,M,01/06/2024,02/06/2024",
        ];
        assert_eq!(run_missing("581", &rows), [hit("A2", "MIS_START")]);
        assert_eq!(run_missing("586", &rows), [hit("A1", "MIS_START")]);
    }
}
