//! Checks within the Standard Safeguarding Dataset extract: rows the dataset
//! cannot place, which would otherwise be left out without a word.

use super::{Context, Findings, Rule};
use crate::issue::Severity;
use crate::raw::{SsdTable, TableKind};
use std::collections::HashSet;

pub const RULES: &[Rule] = &[
    Rule {
        code: "SCR-SSD01",
        severity: Severity::Warning,
        about: "An SSD CLA review names a period of care that no CLA episode of the extract gives",
        check: review_of_unknown_period,
    },
    Rule { code: "SCR-SSD02", severity: Severity::Warning, about: "An SSD row about a person gives no person id", check: row_without_person },
];

/// Every SSD table about people has a `…_person_id` column; a row without one
/// cannot be given to anybody.
fn row_without_person(ctx: &Context, f: &mut Findings) {
    for (file, t) in ctx.other_tables.iter().filter(|(_, t)| matches!(t.kind, TableKind::Ssd(_))) {
        let Some(column) = t.person_column() else { continue };
        for row in &t.rows {
            if t.val(row, Some(column)).trimmed().is_none() {
                let name = &t.columns[column];
                f.report_row(
                    file,
                    t,
                    row,
                    name,
                    format!("this row gives no {name}, so it is not known whose it is and it is left out; fill in the person's id"),
                );
            }
        }
    }
}

/// Reviews name only their period of care; the child comes from the CLA
/// episodes of any year of the extract that give the same period.
fn review_of_unknown_period(ctx: &Context, f: &mut Findings) {
    let tables = |kind: SsdTable| ctx.other_tables.iter().filter(move |(_, t)| t.kind == TableKind::Ssd(kind));
    let periods: HashSet<&str> = tables(SsdTable::ClaEpisodes)
        .flat_map(|(_, t)| {
            let period = t.get("clae_cla_id");
            t.rows.iter().filter_map(move |r| period(r).into_trimmed())
        })
        .collect();
    for (file, t) in tables(SsdTable::ClaReviews) {
        let period = t.get("clar_cla_id");
        for row in &t.rows {
            let Some(id) = period(row).into_trimmed() else { continue };
            if !periods.contains(id) {
                f.report_row(
                    file,
                    t,
                    row,
                    "clar_cla_id",
                    format!("this review is of period of care {id}, which no row of ssd_cla_episodes gives, so it is not known whose it is and it is left out; extract the episodes of that period too"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;
    use scrutiny_model::formats::{SSD_CLA_EPISODES, SSD_CLA_REVIEWS};

    /// A CSV of `columns` with one row per entry of `rows`, each given as (column, value) pairs.
    fn csv(columns: &[&str], rows: &[&[(&str, &str)]]) -> String {
        let mut out = columns.join(",");
        for row in rows {
            let cells: Vec<&str> = columns.iter().map(|c| row.iter().find(|(k, _)| k == c).map_or("", |(_, v)| v)).collect();
            out.push('\n');
            out.push_str(&cells.join(","));
        }
        out + "\n"
    }

    #[test]
    fn rows_without_a_person_are_warned() {
        use scrutiny_model::formats::SSD_CONTACTS;
        let contacts = csv(
            SSD_CONTACTS,
            &[&[("cont_contact_id", "K1"), ("cont_person_id", "P1")], &[("cont_contact_id", "K2"), ("cont_person_id", " ")], &[("cont_contact_id", "K3")]],
        );
        let found = run(rule(RULES, "SCR-SSD02"), &[("2024-25/ssd/ssd_contacts.csv", &contacts)]);
        let got: Vec<(Option<u32>, Option<&str>)> = found.iter().map(|i| (i.line, i.field.as_deref())).collect();
        assert_eq!(got, vec![(Some(3), Some("cont_person_id")), (Some(4), Some("cont_person_id"))]);
        // Tables not about a person (reviews name their period of care) are not asked.
        let reviews = csv(SSD_CLA_REVIEWS, &[&[("clar_cla_id", "501"), ("clar_cla_review_date", "2024-05-01")]]);
        assert!(run(rule(RULES, "SCR-SSD02"), &[("2024-25/ssd/ssd_cla_reviews.csv", &reviews)]).is_empty());
    }

    #[test]
    fn reviews_of_periods_no_episode_gives_are_warned() {
        let episodes = csv(SSD_CLA_EPISODES, &[&[("clae_person_id", "P1"), ("clae_cla_id", "501"), ("clae_cla_episode_start_date", "2023-05-01")]]);
        let reviews = csv(
            SSD_CLA_REVIEWS,
            &[
                &[("clar_cla_id", "501"), ("clar_cla_review_date", "2024-05-01")],
                &[("clar_cla_id", "777"), ("clar_cla_review_date", "2024-06-01")],
                &[("clar_cla_review_date", "2024-07-01")],
            ],
        );
        // The episodes may come from an earlier year's extract.
        let found = run(rule(RULES, "SCR-SSD01"), &[("2023-24/ssd/ssd_cla_episodes.csv", &episodes), ("2024-25/ssd/ssd_cla_reviews.csv", &reviews)]);
        let got: Vec<(Option<u32>, Option<&str>)> = found.iter().map(|i| (i.line, i.value.as_deref())).collect();
        assert_eq!(got, vec![(Some(3), Some("777"))]);
        assert!(found[0].message.contains("period of care 777"));
    }
}
