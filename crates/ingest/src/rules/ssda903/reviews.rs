//! Looked-after reviews: dates, participation codes, and whether the child
//! was looked after when the review was held.

use super::*;
use scrutiny_model::codes::ReviewParticipation;

const REVIEWS: TableKind = TableKind::Reviews;

pub(super) fn review_date(ctx: &Context, f: &mut Findings) {
    check_date(ctx, f, REVIEWS, "REVIEW", true, "date of the review");
}

pub(super) fn review_code(ctx: &Context, f: &mut Findings) {
    for (_, file, t) in tables(ctx, REVIEWS) {
        let (date, code) = (Col::new(t, "REVIEW"), Col::new(t, "REVIEW_CODE"));
        for row in &t.rows {
            match (date.text(row), code.text(row)) {
                (Some(_), None) => f.report_row(file, t, row, "REVIEW_CODE", "REVIEW_CODE is blank; record how the child took part in the review (PN0 to PN7)"),
                (_, Some(c)) if ReviewParticipation::from_code(c).is_none() => {
                    f.report_row(file, t, row, "REVIEW_CODE", format!("REVIEW_CODE '{c}' is not valid; use PN0 to PN7"))
                }
                (None, Some(_)) => {
                    f.report_row(file, t, row, "REVIEW_CODE", "REVIEW_CODE is given without a review date; give the REVIEW date or remove the row")
                }
                _ => {}
            }
        }
    }
}

/// Each review with its date and the child's date of birth (the reviews
/// table's own DOB, else the header's).
fn dated_reviews<'a>(y: &Ssda903Year<'a>) -> Picked<'a, (&'a CsvRow, NaiveDate, NaiveDate, Option<&'a str>)> {
    let (file, t) = y.table(REVIEWS)?;
    let people = people(y);
    let (child, dob, date, code) = (Col::new(t, "CHILD"), Col::new(t, "DOB"), Col::new(t, "REVIEW"), Col::new(t, "REVIEW_CODE"));
    let rows = t
        .rows
        .iter()
        .filter_map(|row| {
            let born = dob.date(row).or_else(|| people.get(child.text(row)?).and_then(|p| p.dob))?;
            Some((row, date.date(row)?, born, code.text(row)))
        })
        .collect();
    Some((file, t, rows))
}

pub(super) fn pn0_over_4(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((file, t, rows)) = dated_reviews(y) else { continue };
        for (row, date, born, code) in rows {
            if code == Some("PN0") && date > add_years(born, 4) {
                f.report_row(
                    file,
                    t,
                    row,
                    "REVIEW_CODE",
                    format!(
                        "PN0 is for children under 4, but the child was {} at the review on {}; record how the child took part (PN1 to PN7)",
                        age(born, date),
                        dmy(date)
                    ),
                );
            }
        }
    }
}

pub(super) fn participation_under_4(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((file, t, rows)) = dated_reviews(y) else { continue };
        for (row, date, born, code) in rows {
            if let Some(c) = code.filter(|c| matches!(*c, "PN1" | "PN2" | "PN3" | "PN4" | "PN5" | "PN6" | "PN7")) {
                if date < add_years(born, 4) {
                    f.report_row(
                        file,
                        t,
                        row,
                        "REVIEW_CODE",
                        format!(
                            "the child was under 4 at the review on {}, so REVIEW_CODE must be PN0, not {c}; check the code and the date of birth",
                            dmy(date)
                        ),
                    );
                }
            }
        }
    }
}

pub(super) fn outside_year(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, REVIEWS, "REVIEW", |y, col, row| {
        let (start, end) = bounds(y)?;
        let d = col.date(row)?;
        (d < start || d > end).then(|| {
            format!(
                "the review on {} is outside the collection year ({} to {}); only reviews held in the year are returned, so correct the date or remove the row",
                dmy(d),
                dmy(start),
                dmy(end)
            )
        })
    });
}

pub(super) fn not_looked_after(ctx: &Context, f: &mut Findings) {
    for (y, file, t) in tables(ctx, REVIEWS) {
        if y.table(TableKind::Episodes).is_none() {
            continue;
        }
        let eps = by_child(y);
        let (child, date) = (Col::new(t, "CHILD"), Col::new(t, "REVIEW"));
        for row in &t.rows {
            let (Some(id), Some(d)) = (child.text(row), date.date(row)) else { continue };
            // Children with no episodes at all are rule 1012's.
            let Some(list) = eps.get(id) else { continue };
            let covered = list.iter().any(|e| e.decom.is_some_and(|s| s <= d) && e.dec.is_none_or(|x| d <= x));
            if !covered {
                f.report_row(
                    file,
                    t,
                    row,
                    "REVIEW",
                    format!(
                        "no episode covers the review date {}, so the child was not looked after then; check the review date and the episode dates",
                        dmy(d)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    fn reviews(rows: &[&str]) -> String {
        csv(REVIEWS_HEADER, rows)
    }

    #[test]
    fn review_dates_and_codes() {
        let r = reviews(&[
            "A1,01/01/2010,01/06/2024,PN1",
            "A2,01/01/2010,,PN1",
            "A3,01/01/2010,31/06/2024,PN1",
            "A4,01/01/2010,01/06/2024,",
            "A5,01/01/2010,01/06/2024,PN9",
        ]);
        let files = [("2024-25/reviews.csv", r.as_str())];
        assert_eq!(children("166", &files), ["A2", "A3"]);
        assert_eq!(children("167", &files), ["A2", "A4", "A5"]);
    }

    #[test]
    fn pn0_only_under_4() {
        let r = reviews(&["A1,01/01/2022,01/06/2024,PN0", "A2,01/01/2018,01/06/2024,PN0", "A3,01/01/2022,01/06/2024,PN1", "A4,01/01/2018,01/06/2024,PN1"]);
        let files = [("2024-25/reviews.csv", r.as_str())];
        assert_eq!(children("440", &files), ["A2"]);
        assert_eq!(children("441", &files), ["A3"]);
    }

    #[test]
    fn reviews_in_the_year_while_looked_after() {
        let r = reviews(&["A1,01/01/2010,01/06/2024,PN1", "A2,01/01/2010,01/06/2023,PN1", "A3,01/01/2010,01/09/2024,PN1", "A4,01/01/2010,01/09/2024,PN1"]);
        let e = csv(
            EPISODES_HEADER,
            &["A1,01/05/2024,S,C2,N1,U6,PR1,,,,,,", "A2,01/05/2023,S,C2,N1,U6,PR1,,,,,,", "A3,01/05/2024,S,C2,N1,U6,PR1,01/08/2024,E4A,,,,"],
        );
        let files = [("2024-25/reviews.csv", r.as_str()), ("2024-25/episodes.csv", e.as_str())];
        assert_eq!(children("SCR-R01", &files), ["A2"]);
        assert_eq!(children("SCR-R02", &files), ["A3"], "A4 has no episodes at all: rule 1012's");
    }
}
