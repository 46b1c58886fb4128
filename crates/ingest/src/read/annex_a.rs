//! Ofsted ILACS Annex A lists, as an Excel workbook (a sheet per list) or as
//! one CSV per list. Lists are told apart by their column headers, matched
//! without regard to case, spaces or punctuation, since councils' templates vary.

use super::csv_table::{check_columns, read_csv_as, Records};
use crate::issue::Issue;
use crate::raw::{trim, CsvTable, TableKind, TableSpec};
use calamine::{DataRef, Reader, Xlsx};
use scrutiny_model::formats;
use std::io::Read;
use std::path::Path;

/// The eleven lists, with Ofsted's columns.
pub const LISTS: &[TableSpec] = &[
    TableSpec { kind: TableKind::AnnexA(1), name: "Annex A List 1 contacts", columns: formats::ANNEX_A_LIST_1, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(2), name: "Annex A List 2 early help", columns: formats::ANNEX_A_LIST_2, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(3), name: "Annex A List 3 referrals", columns: formats::ANNEX_A_LIST_3, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(4), name: "Annex A List 4 assessments", columns: formats::ANNEX_A_LIST_4, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(5), name: "Annex A List 5 section 47 enquiries", columns: formats::ANNEX_A_LIST_5, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(6), name: "Annex A List 6 children in need", columns: formats::ANNEX_A_LIST_6, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(7), name: "Annex A List 7 child protection", columns: formats::ANNEX_A_LIST_7, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(8), name: "Annex A List 8 children in care", columns: formats::ANNEX_A_LIST_8, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(9), name: "Annex A List 9 care leavers", columns: formats::ANNEX_A_LIST_9, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(10), name: "Annex A List 10 adoption", columns: formats::ANNEX_A_LIST_10, key_columns: 1 },
    TableSpec { kind: TableKind::AnnexA(11), name: "Annex A List 11 adopters", columns: formats::ANNEX_A_LIST_11, key_columns: 1 },
];

/// Columns that mark each list, besides the identifier that leads it.
fn marks(kind: TableKind) -> &'static [&'static str] {
    match kind {
        TableKind::AnnexA(1) => &["Date of Contact", "Contact Source"],
        TableKind::AnnexA(2) => &["Assessment start date", "Assessment completion date"],
        TableKind::AnnexA(3) => &["Date of referral", "Referral Source"],
        TableKind::AnnexA(4) => &["Continuous Assessment Start Date"],
        TableKind::AnnexA(5) => &["Strategy discussion initiating Section 47 Enquiry Start Date"],
        TableKind::AnnexA(6) => &["CIN Start Date"],
        TableKind::AnnexA(7) => &["Child Protection Plan Start Date"],
        TableKind::AnnexA(8) => &["Date Started to be Looked After"],
        TableKind::AnnexA(9) => &["Eligibility Category"],
        TableKind::AnnexA(10) => &["Date of Decision that Child Should be Placed for Adoption"],
        TableKind::AnnexA(11) => &["Date enquiry received"],
        _ => &[],
    }
}

/// A header name reduced to lower-case letters and digits, so "Child's Legal
/// Status" matches "CHILDS LEGAL STATUS" and "Referral NFA?" matches "Referral NFA".
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    normalise_onto(name, &mut out);
    out
}

/// `normalise`, appended to `out`.
pub fn normalise_onto(name: &str, out: &mut String) {
    out.extend(name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()));
}

/// The list a header belongs to, with the header renamed to Ofsted's spelling
/// wherever a column was recognised (other columns are kept as they are).
pub fn recognise(columns: &[String]) -> Option<(TableKind, Vec<String>)> {
    let found: Vec<String> = columns.iter().map(|c| normalise(c)).collect();
    let has = |c: &str| found.contains(&normalise(c));
    let spec =
        LISTS.iter().filter(|s| has(s.columns[0]) && marks(s.kind).iter().all(|c| has(c))).max_by_key(|s| s.columns.iter().filter(|c| has(c)).count())?;
    let renamed = columns
        .iter()
        .zip(&found)
        .map(|(original, n)| spec.columns.iter().find(|c| normalise(c) == *n).map_or_else(|| original.trim().to_string(), |c| c.to_string()))
        .collect();
    Some((spec.kind, renamed))
}

/// The header of a CSV, read from the start of the file.
fn csv_header(head: &[u8]) -> Vec<String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match Records::new(head).next() {
        Ok(Some(first)) => first.fields().map(|c| String::from_utf8_lossy(c).into_owned()).collect(),
        _ => Vec::new(),
    }
}

/// Whether the first line of a CSV is an Annex A list's header.
pub fn is_annex_a_csv(head: &[u8]) -> bool {
    recognise(&csv_header(head)).is_some()
}

/// Why a header that names a child (or adopter) the Annex A way is no list Scrutiny knows.
pub fn unrecognised_list(head: &[u8]) -> Option<String> {
    let columns = csv_header(head);
    let ids = [normalise("Child Unique ID"), normalise("Individual adopter identifier")];
    columns.iter().any(|c| ids.contains(&normalise(c))).then(|| NO_LIST.to_string())
}

const NO_LIST: &str = "the header has Annex A's 'Child Unique ID' but not the columns that mark a list \
    (e.g. 'Date of Contact' for List 1, 'Date of referral' for List 3, 'Child Protection Plan Start Date' for List 7, \
    'Date Started to be Looked After' for List 8); check the column names against Ofsted's template";

pub fn read_annex_a_csv(source: impl Read, size: u64, name: &str, issues: &mut Vec<Issue>) -> Result<CsvTable, String> {
    read_csv_as(source, size, name, issues, |columns| recognise(columns).ok_or_else(|| "the header is not that of an Annex A list".to_string()))
}

/// The lists of a workbook, each with its sheet's name.
pub type Sheets = Vec<(String, CsvTable)>;

/// Reads every sheet of a workbook that holds an Annex A list; returns each with its sheet name.
/// Sheets that hold no list (notes, guidance) are passed over.
pub fn read_annex_a_xlsx(path: &Path, name: &str, issues: &mut Vec<Issue>) -> Result<Sheets, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    // The workbook library is third-party code fed untrusted bytes: a panic there must not end the import.
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<_, String> {
        let mut book = Xlsx::new(std::io::BufReader::new(file))
            .map_err(|e| format!("this ZIP archive is not a readable Excel workbook ({e}); if it is Annex A, save it again as .xlsx"))?;
        let mut sheets = Vec::new();
        for sheet in book.sheet_names() {
            match SheetCells::read(&mut book, &sheet) {
                Ok(cells) => sheets.push((sheet, cells)),
                Err(e) => issues.push(super::read_issue(name, None, "SCR-XLSX", format!("sheet '{sheet}' cannot be read ({e}); it is left out"))),
            }
        }
        Ok(sheets)
    }))
    .map_err(|_| "the workbook is damaged and cannot be read; save it again from Excel".to_string())??;
    let mut lists = Vec::new();
    let mut other_sheets = Vec::new();
    for (sheet, cells) in opened {
        match cells.table() {
            Some((header_line, table)) => {
                let mut lacking = Vec::new();
                check_columns(name, header_line, table.kind, &table.columns, &mut lacking);
                issues.extend(lacking.into_iter().map(|i| Issue { message: format!("sheet '{sheet}': {}", i.message), ..i }));
                lists.push((sheet, table));
            }
            None => other_sheets.push(sheet),
        }
    }
    if lists.is_empty() {
        let sheets = if other_sheets.is_empty() { "none".to_string() } else { other_sheets.join(", ") };
        return Err(format!("no sheet of this workbook holds an Annex A list (sheets: {sheets}): {NO_LIST}"));
    }
    Ok(lists)
}

/// Rows above a list's header (titles, notes) are skipped; the header is looked for in the first few rows.
const HEADER_SEARCH_ROWS: usize = 12;

/// A sheet's cells that hold anything, as a CSV export would hold them, in one
/// text: a cell is a position and where its text ends. Read as the workbook
/// streams them, so no grid of the sheet (one value per blank cell) is made.
#[derive(Default)]
struct SheetCells {
    text: String,
    /// (row, column, end of the cell's text), both counted from 0.
    cells: Vec<(u32, u32, u32)>,
}

impl SheetCells {
    fn read<R: std::io::Read + std::io::Seek>(book: &mut Xlsx<R>, sheet: &str) -> Result<SheetCells, String> {
        let mut reader = match book.worksheet_cells_reader(sheet) {
            Ok(reader) => reader,
            // A chart sheet holds no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(SheetCells::default()),
            Err(e) => return Err(e.to_string()),
        };
        let mut sheet = SheetCells::default();
        while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
            if !matches!(cell.get_value(), DataRef::Empty) {
                let (row, column) = cell.get_position();
                push_cell_text(cell.get_value(), &mut sheet.text);
                let end = u32::try_from(sheet.text.len()).map_err(|_| "its text is over 4 GB".to_string())?;
                sheet.cells.push((row, column, end));
            }
        }
        Ok(sheet)
    }

    fn cell_text(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.cells[i - 1].2 as usize };
        &self.text[start..self.cells[i].2 as usize]
    }

    /// The list the sheet holds, with the line of its header. Rows and columns
    /// start at the sheet's first cell that holds anything, as in a CSV export.
    fn table(&self) -> Option<(u32, CsvTable)> {
        let mut order: Vec<usize> = (0..self.cells.len()).collect();
        // Workbooks list cells row by row; any that do not are put in order.
        if !self.cells.is_sorted_by_key(|&(r, c, _)| (r, c)) {
            order.sort_by_key(|&i| (self.cells[i].0, self.cells[i].1));
        }
        let first_row = self.cells.iter().map(|c| c.0).min()?;
        let first_column = self.cells.iter().map(|c| c.1).min()?;
        let width = (self.cells.iter().map(|c| c.1).max()? - first_column) as usize + 1;
        let mut next = order.into_iter().peekable();
        let mut row = vec![""; width];
        let mut header: Option<(u32, CsvTable)> = None;
        // Rows with no cells hold no header and no data, so only rows with cells are visited.
        while let Some(&first) = next.peek() {
            let r = self.cells[first].0;
            row.fill("");
            while let Some(&i) = next.peek().filter(|&&i| self.cells[i].0 == r) {
                // A repeated position keeps its last value, as the sheet would show.
                row[(self.cells[i].1 - first_column) as usize] = self.cell_text(i);
                next.next();
            }
            match &mut header {
                None if ((r - first_row) as usize) < HEADER_SEARCH_ROWS => {
                    let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
                    header = recognise(&cells).map(|(kind, columns)| (r + 1, CsvTable::new(kind, columns)));
                }
                None => return None,
                Some((_, table)) if row.iter().any(|c| !c.trim().is_empty()) => table.push_row(r + 1, row.iter().copied()),
                Some(_) => {}
            }
        }
        header
    }
}

/// A cell as the text a CSV export would hold: dates as YYYY-MM-DD, whole numbers without ".0".
fn push_cell_text(cell: &DataRef<'_>, out: &mut String) {
    use std::fmt::Write;
    match cell {
        DataRef::Empty | DataRef::Error(_) => {}
        DataRef::SharedString(s) => out.push_str(trim(s)),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => out.push_str(trim(s)),
        DataRef::Int(i) => _ = write!(out, "{i}"),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => _ = write!(out, "{}", *f as i64),
        DataRef::Float(f) => _ = write!(out, "{f}"),
        DataRef::Bool(b) => out.push(if *b { 'Y' } else { 'N' }),
        DataRef::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            _ = write!(out, "{y:04}-{m:02}-{day:02}");
        }
    }
}

/// An Annex A coded answer without its letter: "a) Male" is "Male", "b) 1B: Schools" is "1B: Schools".
pub fn without_letter(text: &str) -> &str {
    let t = trim(text);
    let b = t.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b')' {
        t[2..].trim_start()
    } else {
        t
    }
}

/// The code of an answer: the part before a colon or " - " ("1B: Schools" is "1B").
pub fn answer_code(text: &str) -> &str {
    let t = without_letter(text);
    let end = [t.find(':'), t.find(" - ")].into_iter().flatten().min().unwrap_or(t.len());
    trim(&t[..end])
}

/// Annex A gender: "a) Male", "b) Female", "c) Not stated/recorded", "d) Neither" (by letter or words).
pub fn annex_sex(text: &str) -> Option<scrutiny_model::codes::Sex> {
    use scrutiny_model::codes::Sex;
    let t = trim(text);
    let letter = (t.len() > 1 && t.as_bytes()[1] == b')').then(|| t.as_bytes()[0].to_ascii_lowercase());
    match (letter, answer_code(t).to_ascii_lowercase().as_str()) {
        (_, "male" | "m") => Some(Sex::Male),
        (_, "female" | "f") => Some(Sex::Female),
        (_, "not stated/recorded" | "not stated" | "not recorded" | "neither" | "unknown" | "u") | (Some(b'c' | b'd'), _) => Some(Sex::Unknown),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_the_case_spacing_or_punctuation() {
        let cols = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        let (kind, renamed) = recognise(&cols("CHILD UNIQUE ID,gender,Date  of  contact,contact source,Extra")).unwrap();
        assert_eq!(kind, TableKind::AnnexA(1));
        assert_eq!(renamed, ["Child Unique ID", "Gender", "Date of Contact", "Contact Source", "Extra"]);
        let (kind, _) = recognise(&cols("Child Unique ID,Child Protection Plan Start Date,Was the Child Seen Alone")).unwrap();
        assert_eq!(kind, TableKind::AnnexA(7));
        assert_eq!(recognise(&cols("Child Unique ID,Gender")), None, "the common columns alone name no list");
        assert_eq!(recognise(&cols("CHILD,DECOM,RNE,LS")), None);
    }

    #[test]
    fn every_list_is_recognised_by_its_own_columns() {
        for spec in LISTS {
            let header: Vec<String> = spec.columns.iter().map(|c| c.to_uppercase()).collect();
            assert_eq!(recognise(&header).map(|x| x.0), Some(spec.kind), "{}", spec.name);
        }
    }

    #[test]
    fn coded_answers_lose_their_letter() {
        assert_eq!(answer_code("a) Male"), "Male");
        assert_eq!(answer_code("a) WBRI"), "WBRI");
        assert_eq!(answer_code("b) 1B: Schools"), "1B");
        assert_eq!(answer_code("N1 - Abuse or neglect"), "N1");
        assert_eq!(answer_code("  WBRI "), "WBRI");
        assert_eq!(answer_code("é)x"), "é)x", "no panic on non-ASCII");
        assert_eq!(annex_sex("a) Male"), Some(scrutiny_model::codes::Sex::Male));
        assert_eq!(annex_sex("d) Neither"), Some(scrutiny_model::codes::Sex::Unknown));
        assert_eq!(annex_sex("Boy"), None);
    }

    #[test]
    fn csv_headers_are_sniffed() {
        assert!(is_annex_a_csv(b"\xEF\xBB\xBFChild Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source\r\nA,"));
        assert!(!is_annex_a_csv(b"CHILD,SEX,DOB\n"));
        assert!(!is_annex_a_csv(b""));
    }

    fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, rows) in sheets {
            let sheet = book.add_worksheet();
            sheet.set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    sheet.write_string(r as u32, c as u16, *text).unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    fn read_xlsx(bytes: &[u8]) -> (Result<Sheets, String>, Vec<Issue>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.xlsx");
        std::fs::write(&p, bytes).unwrap();
        let mut issues = Vec::new();
        (read_annex_a_xlsx(&p, "a.xlsx", &mut issues), issues)
    }

    const L1: &[&str] = &["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact", "Contact Source"];

    #[test]
    fn workbook_sheets_are_lists_found_below_their_titles() {
        let bytes = workbook(&[
            ("Notes", &[&["Read me"]]),
            ("Contacts", &[&["List 1: Contacts"], &[], L1, &["A1", "a) Male", "a) WBRI", "01/02/2015", "9", "01/02/2025", "1A"]]),
        ]);
        let (lists, issues) = read_xlsx(&bytes);
        let lists = lists.unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(lists.len(), 1);
        let (sheet, t) = &lists[0];
        assert_eq!((sheet.as_str(), t.kind, t.rows.len(), t.rows[0].line), ("Contacts", TableKind::AnnexA(1), 1, 4));
        assert_eq!(t.get("Contact Source")(&t.rows[0]).trimmed(), Some("1A"));
    }

    #[test]
    fn broken_and_foreign_workbooks_are_refused_clearly() {
        let good = workbook(&[("List 1", &[L1])]);
        let (r, _) = read_xlsx(&good[..good.len() / 2]);
        assert!(r.unwrap_err().contains("not a readable Excel workbook"));
        let (r, _) = read_xlsx(&workbook(&[("Budget", &[&["Cost centre", "Amount"]])]));
        let e = r.unwrap_err();
        assert!(e.contains("no sheet") && e.contains("Budget") && e.contains("Child Unique ID"), "{e}");
        let without_age: Vec<&str> = L1.iter().copied().filter(|c| !c.starts_with("Age")).collect();
        let (r, issues) = read_xlsx(&workbook(&[("List 1", &[&without_age])]));
        assert!(r.is_ok());
        let lacks_age = |i: &Issue| i.rule == "SCR-COLUMNS" && i.message.starts_with("sheet 'List 1'") && i.message.contains("Age of Child");
        assert!(issues.iter().any(|i| lacks_age(i) && i.severity == crate::Severity::Warning), "{issues:?}");
        assert!(unrecognised_list(b"Child Unique ID,Gender,Date of Contct\n").is_some());
        assert!(unrecognised_list(b"CHILD,DECOM\n").is_none());
    }

    #[test]
    fn cells_read_as_a_csv_would_hold_them() {
        let text = |cell: DataRef<'_>| {
            let mut out = String::new();
            push_cell_text(&cell, &mut out);
            out
        };
        assert_eq!(text(DataRef::Float(12345.0)), "12345");
        assert_eq!(text(DataRef::Float(0.5)), "0.5");
        assert_eq!(text(DataRef::Int(-7)), "-7");
        assert_eq!(text(DataRef::String(" a) Male ".into())), "a) Male");
        assert_eq!(text(DataRef::SharedString(" 1A ")), "1A");
        assert_eq!(text(DataRef::Bool(true)), "Y");
        assert_eq!(text(DataRef::Empty), "");
    }

    #[test]
    fn a_list_placed_anywhere_on_its_sheet_keeps_its_columns_lines_and_gaps() {
        // The list starts in column C, row 3, under a title in column B; a blank
        // row and a row of spaces inside it are dropped, missing cells read as empty,
        // and numbers and dates read as a CSV export would write them.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 1, "List 1: Contacts").unwrap();
        for (c, name) in L1.iter().enumerate() {
            sheet.write_string(2, 2 + c as u16, *name).unwrap();
        }
        sheet.write_string(3, 2, "A1").unwrap();
        sheet.write_number(3, 6, 9.0).unwrap();
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 2, 1).unwrap();
        sheet.write_datetime_with_format(3, 7, &day, &rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy")).unwrap();
        sheet.write_string(4, 3, "   ").unwrap();
        sheet.write_string(6, 2, "B2").unwrap();
        sheet.write_string(6, 8, "1A").unwrap();
        let (lists, issues) = read_xlsx(&book.save_to_buffer().unwrap());
        assert!(issues.is_empty(), "{issues:?}");
        let (_, t) = &lists.unwrap()[0];
        // Columns count from the sheet's first used column (the title's), as a CSV export's would.
        assert_eq!(t.columns.len(), L1.len() + 1);
        let lines: Vec<u32> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 7]);
        let first: Vec<&str> = t.cells(&t.rows[0]).collect();
        assert_eq!(first, ["", "A1", "", "", "", "9", "2025-02-01", ""]);
        let second: Vec<&str> = t.cells(&t.rows[1]).collect();
        assert_eq!(second, ["", "B2", "", "", "", "", "", "1A"]);
        assert_eq!(t.get("Contact Source")(&t.rows[1]).trimmed(), Some("1A"));
        assert_eq!(t.get("Date of Contact")(&t.rows[0]).trimmed(), Some("2025-02-01"));
    }
}
