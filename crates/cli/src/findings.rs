//! Presenting validation findings: a summary for the terminal and the full
//! list as CSV, JSON or an Excel workbook.

use anyhow::{bail, Context, Result};
use scrutiny_ingest::{Inputs, Issue, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Csv,
    Json,
    Xlsx,
}

impl ListFormat {
    /// From the output file's extension when no format is given.
    pub fn for_path(path: &Path) -> ListFormat {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("json") => ListFormat::Json,
            Some("xlsx") => ListFormat::Xlsx,
            _ => ListFormat::Csv,
        }
    }
}

pub fn count(issues: &[Issue], severity: Severity) -> usize {
    issues.iter().filter(|i| i.severity == severity).count()
}

/// Files read, findings by severity, and the rules that fired most.
pub fn summary(inputs: &Inputs, issues: &[Issue]) -> String {
    files_read(inputs) + &findings(issues)
}

/// The files read: by year and kind when there are many, else one line each.
pub fn files_read(inputs: &Inputs) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} file(s) read:", inputs.files.len());
    if inputs.files.len() > 12 {
        // Many files: one line per collection year.
        let mut by_year: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for f in &inputs.files {
            let year = f.year.map(|y| y.to_string()).unwrap_or_else(|| "no year".into());
            use scrutiny_ingest::raw::TableKind;
            let kind = match &f.content {
                scrutiny_ingest::Content::Cin(_) => "CIN census",
                scrutiny_ingest::Content::Table(t) => match t.kind {
                    k if k.is_ssda903() => "SSDA903 tables",
                    TableKind::Ssd(_) => "SSD tables",
                    TableKind::AnnexA(_) => "Annex A lists",
                    _ => "workforce census tables",
                },
                scrutiny_ingest::Content::Council(_) => "council settings",
            };
            *by_year.entry(year).or_default().entry(kind.to_string()).or_default() += 1;
        }
        for (year, kinds) in by_year {
            let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let _ = writeln!(out, "  {year}: {}", parts.join(", "));
        }
    }
    for f in inputs.files.iter().filter(|_| inputs.files.len() <= 12) {
        let rows = match &f.content {
            scrutiny_ingest::Content::Cin(c) => format!("{} children", c.children.len()),
            scrutiny_ingest::Content::Table(t) => format!("{} rows", t.rows.len()),
            scrutiny_ingest::Content::Council(c) => c.la_name.clone(),
        };
        let year = f.year.map(|y| y.to_string()).unwrap_or_else(|| "year unknown".into());
        let _ = writeln!(out, "  {:<58} {:<36} {:>8}  {}", f.path, f.format(), year, rows);
    }
    for u in &inputs.unreadable {
        let _ = writeln!(out, "  {u:<58} NOT READ");
    }
    out
}

/// Findings by severity, and the rules that fired most with an example of each.
pub fn findings(issues: &[Issue]) -> String {
    let mut out = String::new();
    let (e, w, q) = (count(issues, Severity::Error), count(issues, Severity::Warning), count(issues, Severity::Query));
    let _ = writeln!(out, "\n{e} error(s), {w} warning(s), {q} quer{}.", if q == 1 { "y" } else { "ies" });
    let mut by_rule: BTreeMap<(Severity, &str), (usize, &str)> = BTreeMap::new();
    for i in issues {
        let entry = by_rule.entry((i.severity, i.rule.as_str())).or_insert((0, i.message.as_str()));
        entry.0 += 1;
    }
    let mut rows: Vec<_> = by_rule.into_iter().collect();
    rows.sort_by_key(|a| (a.0 .0, std::cmp::Reverse(a.1 .0)));
    if !rows.is_empty() {
        let _ = writeln!(out, "\n{:<8} {:<16} {:>7}  example", "severity", "rule", "count");
        for ((sev, rule), (n, example)) in rows.iter().take(25) {
            let example: String = example.chars().take(90).collect();
            let _ = writeln!(out, "{:<8} {:<16} {:>7}  {}", sev.to_string(), rule, n, example);
        }
        if rows.len() > 25 {
            let _ = writeln!(out, "… and {} more rules; the full list has every finding.", rows.len() - 25);
        }
    }
    out
}

const COLUMNS: [&str; 8] = ["severity", "rule", "file", "line", "child", "field", "value", "message"];

fn cells(i: &Issue) -> [String; 8] {
    [
        i.severity.to_string(),
        i.rule.clone(),
        i.file.clone(),
        i.line.map(|l| l.to_string()).unwrap_or_default(),
        i.child.clone().unwrap_or_default(),
        i.field.clone().unwrap_or_default(),
        i.value.clone().unwrap_or_default(),
        i.message.clone(),
    ]
}

/// Writes every finding to `path`, replacing it only once the whole list is written.
pub fn write_list(issues: &[Issue], format: ListFormat, path: &Path) -> Result<()> {
    let bytes = match format {
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(COLUMNS)?;
            for i in issues {
                w.write_record(cells(i))?;
            }
            w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?
        }
        ListFormat::Json => serde_json::to_vec_pretty(issues)?,
        ListFormat::Xlsx => xlsx(issues)?,
    };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        bail!("the folder {} does not exist", dir.display());
    }
    let tmp = dir.join(format!(".{}.partial", path.file_name().and_then(|n| n.to_str()).unwrap_or("findings")));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn xlsx(issues: &[Issue]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("Findings")?;
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (r, i) in issues.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, v) in cells(i).iter().enumerate() {
            if c == 3 {
                if let Some(l) = i.line {
                    sheet.write_number(row, 3, l as f64)?;
                }
            } else {
                sheet.write_string(row, c as u16, v)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, issues.len() as u32, COLUMNS.len() as u16 - 1)?;
    for (c, w) in [8.0, 12.0, 40.0, 6.0, 14.0, 24.0, 16.0, 100.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    Ok(book.save_to_buffer()?)
}
