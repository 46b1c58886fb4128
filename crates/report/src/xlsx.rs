//! The pack as a workbook for analysts: a summary sheet, one sheet per
//! domain (the scorecard), the raw indicator table, definitions and data
//! quality, and in the officer edition the exception lists. Suppressed cells
//! hold the text "c"; the bytes are the same each time for the same report.

use crate::html::cell_text;
use crate::suppress::{Cell, MARK};
use crate::svg::short;
use crate::{Better, Kind, Report};
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

fn unit(kind: Kind) -> &'static str {
    match kind {
        Kind::Count => "count",
        Kind::Percent => "%",
        Kind::RatePer10k => "per 10,000 children",
        Kind::Days => "days",
        Kind::Ratio => "ratio",
        Kind::Fte => "FTE",
    }
}

fn put(ws: &mut Worksheet, row: u32, col: u16, c: Cell, number: &Format) -> Result<(), XlsxError> {
    match c {
        Cell::Value(v) => ws.write_number_with_format(row, col, v, number).map(|_| ()),
        Cell::Suppressed => ws.write_string(row, col, MARK).map(|_| ()),
        Cell::Missing => Ok(()),
    }
}

fn header(ws: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (i, n) in names.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *n, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

pub fn render(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let d = r.generated;
    // The production date, not the clock: the same report gives the same bytes.
    let created = ExcelDateTime::from_ymd(u16::try_from(d.year()).unwrap_or(2000), d.month() as u8, d.day() as u8)?;
    wb.set_properties(
        &DocProperties::new().set_title(format!("{} children's social care performance {}", r.council, r.period)).set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let number = Format::new().set_num_format("#,##0.0");
    let whole = Format::new().set_num_format("#,##0");
    let wrap = Format::new().set_text_wrap();

    let ws = wb.add_worksheet().set_name("Summary")?;
    let lines: Vec<(String, String)> = vec![
        ("Council".into(), r.council.clone()),
        ("Period".into(), r.period.describe()),
        ("Edition".into(), r.edition.label().into()),
        ("Produced".into(), r.generated.format("%d/%m/%Y").to_string()),
        ("Data snapshot".into(), r.snapshot.description.clone()),
        ("Targets and comparators".into(), r.comparators_note.clone()),
        ("Suppression".into(), "In the member edition, counts from one to five and the figures built on them are shown as c.".into()),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, k, &bold)?;
        ws.write_string(i as u32, 1, v)?;
    }
    let mut row = lines.len() as u32 + 1;
    ws.write_string_with_format(row, 0, "Source", &bold)?;
    ws.write_string_with_format(row, 1, "Data to", &bold)?;
    for s in &r.sources {
        row += 1;
        ws.write_string(row, 0, &s.name)?;
        ws.write_string(row, 1, s.runs_to.map_or_else(|| "no records".to_string(), |d| d.format("%d/%m/%Y").to_string()))?;
    }
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 90)?;

    let periods: Vec<String> =
        r.sections.first().and_then(|s| s.rows.first()).map(|x| x.points.iter().map(|p| format!("{} value", short(p.period))).collect()).unwrap_or_default();
    for s in &r.sections {
        let ws = wb.add_worksheet().set_name(&s.title)?;
        let mut names: Vec<&str> = vec!["Id", "Indicator", "Unit", "Better"];
        names.extend(periods.iter().map(String::as_str));
        names.extend([
            "Numerator",
            "Denominator",
            "Target",
            "RAG",
            "Direction of travel",
            "England",
            "England period",
            "Statistical neighbours",
            "Neighbours period",
            "Commentary status",
            "Signed off by",
            "Commentary",
        ]);
        header(ws, &names, &bold)?;
        for (i, x) in s.rows.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, &x.id)?;
            ws.write_string(row, 1, &x.title)?;
            ws.write_string(row, 2, unit(x.kind))?;
            ws.write_string(
                row,
                3,
                match x.better {
                    Better::Higher => "higher",
                    Better::Lower => "lower",
                    Better::Neither => "neither",
                },
            )?;
            let mut col = 4u16;
            for p in &x.points {
                put(ws, row, col, p.value, if x.kind == Kind::Count { &whole } else { &number })?;
                col += 1;
            }
            put(ws, row, col, x.current().numerator, &whole)?;
            put(ws, row, col + 1, x.current().denominator, &whole)?;
            let c = &x.comparison;
            let na = "not available";
            match c.target {
                Some(t) => ws.write_number_with_format(row, col + 2, t, &number).map(|_| ())?,
                None => ws.write_string(row, col + 2, na).map(|_| ())?,
            }
            ws.write_string(row, col + 3, c.rag.map_or(na, |r| r.label()))?;
            ws.write_string(row, col + 4, c.travel.map_or(na, |t| t.label()))?;
            for (k, p) in [(col + 5, &c.england), (col + 7, &c.neighbours)] {
                match p {
                    Some(p) => {
                        ws.write_number_with_format(row, k, p.value, &number)?;
                        ws.write_string(row, k + 1, &p.period)?;
                    }
                    None => {
                        ws.write_string(row, k, na)?;
                    }
                }
            }
            if let Some(n) = &x.narrative {
                ws.write_string(row, col + 9, n.status.label())?;
                ws.write_string(row, col + 10, n.by.as_deref().unwrap_or(""))?;
                ws.write_string_with_format(row, col + 11, &n.body, &wrap)?;
            }
        }
        ws.set_column_width(1, 48)?;
        ws.set_column_width(4 + periods.len() as u16 + 11, 60)?;
    }

    let ws = wb.add_worksheet().set_name("Indicators")?;
    header(ws, &["Id", "Indicator", "Domain", "Period", "Unit", "Value", "Shown as", "Numerator", "Denominator"], &bold)?;
    let mut row = 0u32;
    for s in &r.sections {
        for x in &s.rows {
            for p in &x.points {
                row += 1;
                ws.write_string(row, 0, &x.id)?;
                ws.write_string(row, 1, &x.title)?;
                ws.write_string(row, 2, &s.title)?;
                ws.write_string(row, 3, p.period.to_string())?;
                ws.write_string(row, 4, unit(x.kind))?;
                put(ws, row, 5, p.value, &number)?;
                ws.write_string(row, 6, cell_text(x.kind, p.value))?;
                put(ws, row, 7, p.numerator, &whole)?;
                put(ws, row, 8, p.denominator, &whole)?;
            }
        }
    }
    ws.set_column_width(1, 48)?;

    let ws = wb.add_worksheet().set_name("Definitions")?;
    header(ws, &["Id", "Indicator", "Domain", "Unit", "Better", "Definition", "Statutory basis", "DfE comparator"], &bold)?;
    for (i, d) in r.definitions.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, v) in [&d.id, &d.title, &d.domain, &d.unit, &d.better, &d.definition, &d.basis].into_iter().enumerate() {
            ws.write_string(row, col as u16, v)?;
        }
        ws.write_string(row, 7, d.comparator.as_deref().unwrap_or(""))?;
    }
    ws.set_column_width(5, 80)?;

    let ws = wb.add_worksheet().set_name("Data quality")?;
    header(ws, &["Rule", "Severity", "Findings", "Example"], &bold)?;
    for (i, n) in r.quality.notes.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &n.rule)?;
        ws.write_string(row, 1, &n.severity)?;
        put(ws, row, 2, n.findings, &whole)?;
        ws.write_string(row, 3, &n.message)?;
    }

    if !r.exceptions.is_empty() {
        let ws = wb.add_worksheet().set_name("Exceptions")?;
        header(ws, &["List", "Explains", "Id", "Name", "Worker", "Team", "Due", "Working days overdue", "Detail"], &bold)?;
        let mut row = 0u32;
        for t in &r.exceptions {
            for e in &t.rows {
                row += 1;
                ws.write_string(row, 0, &t.title)?;
                ws.write_string(row, 1, &t.indicator)?;
                for (i, v) in e.iter().enumerate() {
                    if i == 5 {
                        ws.write_number(row, 7, v.parse::<f64>().unwrap_or(0.0))?;
                    } else {
                        ws.write_string(row, if i < 5 { 2 + i as u16 } else { 8 }, v)?;
                    }
                }
            }
        }
    }
    if let Some(plan) = &r.plan {
        // One sheet, the section's tables one under another, each with its caption.
        let ws = wb.add_worksheet().set_name("Improvement plan")?;
        let mut row = 0u32;
        ws.write_string_with_format(row, 0, "Improvement plan and scrutiny actions", &bold)?;
        for k in &plan.key {
            row += 1;
            ws.write_string(row, 0, k)?;
        }
        for t in &plan.tables {
            row += 2;
            ws.write_string_with_format(row, 0, &t.caption, &bold)?;
            row += 1;
            for (i, c) in t.columns.iter().enumerate() {
                ws.write_string_with_format(row, i as u16, c, &bold)?;
            }
            for cells in &t.rows {
                row += 1;
                for (i, c) in cells.iter().enumerate() {
                    match c {
                        crate::plan::PlanCell::Number(v, _) => {
                            ws.write_number_with_format(row, i as u16, *v, if v.fract() == 0.0 { &whole } else { &number })?
                        }
                        other => ws.write_string(row, i as u16, other.text())?,
                    };
                }
            }
        }
        ws.set_column_width(0, 40)?;
        ws.set_column_width(2, 60)?;
    }
    wb.save_to_buffer()
}
