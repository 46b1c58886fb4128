//! The catalogue as a Markdown page (`docs/indicators.md`), generated so the
//! documentation can never drift from the code.

use crate::{catalogue, exceptions, Polarity};
use std::fmt::Write;

pub fn catalogue_markdown() -> String {
    let mut out = String::from("# Indicators\n\nGenerated from the catalogue in `crates/indicators` (`UPDATE_DOCS=1 cargo test -p scrutiny-indicators docs` rewrites this page); do not edit by hand.\n\n");
    out.push_str("Periods: a financial year `2024-25`, a quarter `2024-25-Q1`, a month `2024-06` or rolling twelve months `R12-2024-06`. Snapshot measures are taken at the period's last day. Rates per 10,000 use the ONS mid-year estimate of children aged 0 to 17 for the year the period's financial year starts, as the DfE does. Working days exclude weekends and England and Wales bank holidays and count the days after the start up to and including the end.\n");
    let mut domain = None;
    for i in catalogue() {
        if domain != Some(i.domain) {
            domain = Some(i.domain);
            let _ = write!(out, "\n## {}\n\n| id | indicator | unit | better | taken | DfE comparator |\n|---|---|---|---|---|---|\n", i.domain.label());
            for j in catalogue().into_iter().filter(|j| j.domain == i.domain) {
                let better = match j.polarity {
                    Polarity::HigherIsBetter => "higher",
                    Polarity::LowerIsBetter => "lower",
                    Polarity::Neutral => "neither",
                };
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    j.id,
                    j.title,
                    j.unit.label(),
                    better,
                    if j.snapshot { "at period end" } else { "over the period" },
                    j.dfe_key.map(|k| format!("`{k}`")).unwrap_or_else(|| "none".into())
                );
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "### {} {}\n\n{}\n\n*Basis:* {}{}\n",
            i.id,
            i.title,
            i.definition,
            i.statutory_basis,
            i.group_name.map(|g| format!(" *Grouped by:* {g}.")).unwrap_or_default()
        );
    }
    out.push_str("\n## Exception lists\n\n`scrutiny exceptions --input DIR --period P --list NAME`: the children (or workers) who need action, most overdue first, with who holds them.\n\n| list | what it shows | explains |\n|---|---|---|\n");
    for l in exceptions::lists() {
        let _ = writeln!(out, "| `{}` | {} | `{}` |", l.name, l.title, l.indicator);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn docs_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/indicators.md");
        let generated = super::catalogue_markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &generated).expect("write docs/indicators.md");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(committed == generated, "docs/indicators.md is stale: run `UPDATE_DOCS=1 cargo test -p scrutiny-indicators docs`");
    }

    #[test]
    fn every_indicator_is_fully_described_and_ids_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for i in crate::catalogue() {
            assert!(seen.insert(i.id), "duplicate id {}", i.id);
            assert!(i.definition.len() > 40, "{} needs a fuller definition", i.id);
            assert!(!i.statutory_basis.is_empty() && !i.title.is_empty(), "{}", i.id);
        }
        let mut lists = std::collections::HashSet::new();
        for l in crate::exceptions::lists() {
            assert!(lists.insert(l.name), "duplicate list {}", l.name);
            assert!(crate::find(l.indicator).is_some(), "list {} explains unknown indicator {}", l.name, l.indicator);
        }
    }
}
