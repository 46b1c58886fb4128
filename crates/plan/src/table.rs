//! Rows of a CSV file or a workbook sheet, each with the line a person would
//! look for, so every problem can name its file, line and column.

use crate::Problem;
use std::path::Path;

/// One sheet of values as text, header first.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    /// Lower-cased, trimmed.
    pub headers: Vec<String>,
    /// (line in the file, cells).
    pub rows: Vec<(u32, Vec<String>)>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.column(name).is_some()
    }
}

pub(crate) fn is_xlsx(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Reads a CSV file, or the first sheet of an xlsx workbook (or the sheet named `sheet` if it has one).
pub fn read_table(path: &Path, sheet: &str) -> Result<Table, Problem> {
    let file = path.display().to_string();
    if is_xlsx(path) {
        read_xlsx(path, &file, sheet)
    } else {
        read_csv(path, &file)
    }
}

fn read_csv(path: &Path, file: &str) -> Result<Table, Problem> {
    let bytes = std::fs::read(path).map_err(|e| Problem::file(file, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| Problem::file(file, "the file is not UTF-8 text: save it as CSV UTF-8".into()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| Problem::file(file, format!("cannot read the header row: {e}")))?.iter().map(norm_header).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as u32);
            Problem { file: file.to_string(), line, field: None, message: format!("not valid CSV: {e}") }
        })?;
        let line = record.position().map_or(0, |p| p.line() as u32);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((line, cells));
        }
    }
    Ok(Table { file: file.to_string(), headers, rows })
}

fn read_xlsx(path: &Path, file: &str, sheet: &str) -> Result<Table, Problem> {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e| Problem::file(file, format!("cannot open the workbook: {e}")))?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(sheet))
        .or(names.first())
        .cloned()
        .ok_or_else(|| Problem::file(file, "the workbook has no sheets".into()))?;
    let range = book.worksheet_range(&name).map_err(|e| Problem::file(file, format!("cannot read sheet '{name}': {e}")))?;
    let file = format!("{file} (sheet '{name}')");
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        // Excel counts days from 1899-12-30 (its 1900 leap-year slip included).
        Data::DateTime(dt) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(dt.as_f64().floor() as i64)))
            .map_or_else(|| dt.to_string(), |d| d.format("%Y-%m-%d").to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        other => other.to_string(),
    };
    let first_row = range.start().map_or(0, |(r, _)| r);
    let mut rows_iter = range.rows();
    let headers = rows_iter.next().map(|r| r.iter().map(|c| norm_header(&text(c))).collect()).unwrap_or_default();
    let mut rows = Vec::new();
    for (i, r) in rows_iter.enumerate() {
        let cells: Vec<String> = r.iter().map(text).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            // Spreadsheet rows count from 1 and the header is the first.
            rows.push((first_row + i as u32 + 2, cells));
        }
    }
    Ok(Table { file, headers, rows })
}

/// A table of just the header, read from the start of a CSV file's text (enough to tell what the file is).
pub(crate) fn csv_header(text: &str) -> Table {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map(|h| h.iter().map(norm_header).collect()).unwrap_or_default();
    Table { file: String::new(), headers, rows: Vec::new() }
}

fn norm_header(h: &str) -> String {
    h.trim().to_ascii_lowercase()
}

/// A sheet to write: its name (for xlsx), header and rows.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Writes the first sheet as CSV, or every sheet to an xlsx workbook, by the path's extension.
pub fn write_sheets(path: &Path, sheets: &[Sheet<'_>]) -> Result<(), Problem> {
    let file = path.display().to_string();
    let fail = |e: &dyn std::fmt::Display| Problem::file(&file, format!("cannot write: {e}"));
    if is_xlsx(path) {
        let mut book = rust_xlsxwriter::Workbook::new();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for s in sheets {
            let ws = book.add_worksheet();
            ws.set_name(s.name).map_err(|e| fail(&e))?;
            for (c, h) in s.headers.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, h, &bold).map_err(|e| fail(&e))?;
            }
            for (r, row) in s.rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    ws.write_string(r as u32 + 1, c as u16, v).map_err(|e| fail(&e))?;
                }
            }
            ws.set_freeze_panes(1, 0).map_err(|e| fail(&e))?;
            ws.autofit();
        }
        book.save(path).map_err(|e| fail(&e))
    } else {
        let Some(s) = sheets.first() else { return Ok(()) };
        let mut w = csv::Writer::from_path(path).map_err(|e| fail(&e))?;
        w.write_record(&s.headers).map_err(|e| fail(&e))?;
        for row in &s.rows {
            w.write_record(row).map_err(|e| fail(&e))?;
        }
        w.flush().map_err(|e| fail(&e))
    }
}

pub(crate) fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}
