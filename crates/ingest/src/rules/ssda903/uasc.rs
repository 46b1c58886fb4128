//! Unaccompanied asylum-seeking children: the date UASC status ceased (DUC).

use super::*;

const UASC: TableKind = TableKind::Uasc;

/// Each UASC row with its DUC and the child's date of birth (the table's own
/// DOB, else the header's).
fn rows<'a>(y: &Ssda903Year<'a>) -> Picked<'a, (&'a CsvRow, NaiveDate, Option<NaiveDate>)> {
    let (file, t) = y.table(UASC)?;
    let people = people(y);
    let (child, dob, duc) = (Col::new(t, "CHILD"), Col::new(t, "DOB"), Col::new(t, "DUC"));
    let rows =
        t.rows.iter().filter_map(|row| Some((row, duc.date(row)?, dob.date(row).or_else(|| people.get(child.text(row)?).and_then(|p| p.dob))))).collect();
    Some((file, t, rows))
}

pub(super) fn duc_date(ctx: &Context, f: &mut Findings) {
    each_row(ctx, f, UASC, "DUC", |y, col, row| {
        let v = col.text(row)?;
        match (date(v), bounds(y)) {
            (None, _) => Some(format!("DUC (date UASC status ceased) '{v}' is not a real date in the form DD/MM/YYYY; correct it")),
            (Some(d), Some((start, _))) if d < start => Some(format!(
                "DUC {} is before the collection year began ({}); a child whose UASC status ended earlier is not returned as UASC, so check the date",
                dmy(d),
                dmy(start)
            )),
            _ => None,
        }
    });
}

pub(super) fn duc_after_18(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((file, t, rows)) = rows(y) else { continue };
        for (row, duc, dob) in rows {
            if let Some(b) = dob.filter(|b| duc > add_years(*b, 18)) {
                f.report_row(
                    file,
                    t,
                    row,
                    "DUC",
                    format!("DUC {} is after the child's 18th birthday ({}); UASC status ends by 18, so correct DUC or DOB", dmy(duc), dmy(add_years(b, 18))),
                );
            }
        }
    }
}

pub(super) fn duc_out_of_range(ctx: &Context, f: &mut Findings) {
    for y in &ctx.ssda903 {
        let Some((file, t, rows)) = rows(y) else { continue };
        let end = bounds(y).map(|b| b.1);
        for (row, duc, dob) in rows {
            if let Some(e) = end.filter(|e| duc > *e) {
                f.report_row(
                    file,
                    t,
                    row,
                    "DUC",
                    format!("DUC {} is after the end of the collection year ({}); a date still to come is not returned, so leave DUC blank", dmy(duc), dmy(e)),
                );
            } else if let Some(b) = dob.filter(|b| duc <= *b) {
                f.report_row(file, t, row, "DUC", format!("DUC {} is not after the child's date of birth ({}); correct one of the dates", dmy(duc), dmy(b)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn date_uasc_status_ceased() {
        let rows = [
            "A1,M,01/01/2008,01/01/2026",
            "A2,M,01/01/2008,01/13/2024",
            "A3,M,01/01/2008,01/01/2024",
            "A4,M,01/01/2007,01/06/2025",
            "A5,M,01/07/2006,01/08/2024",
            "A6,M,01/01/2008,",
            "A7,M,01/10/2024,01/09/2024",
        ];
        let u = csv(UASC_HEADER, &rows);
        let files = [("2024-25/uasc.csv", u.as_str())];
        assert_eq!(children("104", &files), ["A2", "A3"]);
        assert_eq!(children("304", &files), ["A4", "A5"]);
        assert_eq!(children("SCR-U01", &files), ["A1", "A4", "A7"]);
    }
}
