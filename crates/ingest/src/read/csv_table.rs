//! CSV returns: the table is recognised from its header, columns may come in
//! any order, and every row keeps its line.

use super::read_issue;
use crate::issue::Issue;
use crate::raw::{recognise_table, CsvTable, TableKind, TABLES};
use std::io::Read;

/// `size` is the file's length in bytes, if known (0 if not), to size the table once.
pub fn read_csv(source: impl Read, size: u64, name: &str, issues: &mut Vec<Issue>) -> Result<CsvTable, String> {
    read_csv_as(source, size, name, issues, |columns| recognise_table(columns).map(|kind| (kind, columns.to_vec())).ok_or_else(|| unrecognised(columns)))
}

/// Reads a CSV whose header `recognise` names (returning the table and its columns as they should be known).
pub(super) fn read_csv_as(
    source: impl Read,
    size: u64,
    name: &str,
    issues: &mut Vec<Issue>,
    recognise: impl Fn(&[String]) -> Result<(TableKind, Vec<String>), String>,
) -> Result<CsvTable, String> {
    // Records end at '\n' alone (a trailing '\r' is stripped below): with the
    // default CRLF handling the csv crate counts lines one short.
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).terminator(csv::Terminator::Any(b'\n')).from_reader(source);
    let header = reader.byte_headers().map_err(|e| format!("the first line is not a CSV header: {e}"))?.clone();
    let columns: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let c = String::from_utf8_lossy(c);
            let c = if i == 0 { c.trim_start_matches('\u{feff}') } else { &c };
            c.trim().to_string()
        })
        .collect();
    let (kind, columns) = recognise(&columns)?;
    check_columns(name, 1, kind, &columns, issues);
    let mut table = CsvTable::new(kind, columns);
    let mut record = csv::ByteRecord::new();
    let header_end = reader.position().byte();
    loop {
        if table.rows.len() == SAMPLE_ROWS {
            let now = reader.position().byte();
            table.reserve(rows_to_come(size, header_end, now), usize::try_from(size.saturating_sub(now)).unwrap_or(0));
        }
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as u32);
                if record.len() != table.columns.len() {
                    issues.push(read_issue(
                        name,
                        Some(line),
                        "SCR-CSV",
                        format!(
                            "this row has {} values but the header has {} columns; check for a stray comma or a missing quote",
                            record.len(),
                            table.columns.len()
                        ),
                    ));
                }
                if record.iter().all(|f| f.iter().all(|b| b.is_ascii_whitespace())) {
                    continue;
                }
                // Nearly every row is UTF-8 with a carriage return, if any, only at its end
                // (files saved on Windows): the csv crate already holds the cells back to
                // back, so they are taken as they are, less that last '\r'.
                let ends_line = |f: &[u8]| f.ends_with(b"\r");
                let last = record.len().saturating_sub(1);
                if !record.iter().take(last).any(ends_line) {
                    let whole = record.as_slice();
                    let text = &whole[..whole.len() - usize::from(record.get(last).is_some_and(ends_line))];
                    if let Ok(text) = std::str::from_utf8(text) {
                        table.push_joined(line, text, (0..record.len()).map(|i| record.range(i).map_or(0, |r| r.end).min(text.len())));
                        continue;
                    }
                }
                let fields = record.iter().map(|f| f.strip_suffix(b"\r").unwrap_or(f));
                match fields.clone().map(std::str::from_utf8).collect::<Result<Vec<&str>, _>>() {
                    Ok(cells) => table.push_row(line, cells),
                    Err(_) => {
                        issues.push(read_issue(name, Some(line), "SCR-CSV", "a value is not valid UTF-8 text; save the file as UTF-8".into()));
                        let cells: Vec<String> = fields.map(|f| String::from_utf8_lossy(f).into_owned()).collect();
                        table.push_row(line, cells.iter().map(String::as_str));
                    }
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as u32);
                issues.push(read_issue(name, Some(line), "SCR-CSV", format!("the file cannot be read past this line: {e}")));
                return Err(String::new());
            }
        }
    }
    Ok(table)
}

/// Rows read before the rest of the table is sized from them.
const SAMPLE_ROWS: usize = 64;

/// Room for the rows after the first `SAMPLE_ROWS`, at their average length
/// and an eighth more: a large table's rows grown step by step were copied,
/// and fresh memory touched, at every doubling.
fn rows_to_come(size: u64, header_end: u64, now: u64) -> usize {
    let per_row = (now.saturating_sub(header_end) / SAMPLE_ROWS as u64).max(1);
    let rest = size.saturating_sub(now) / per_row;
    usize::try_from(rest + rest / 8).unwrap_or(0)
}

/// Reports the columns a table's specification has and its header (on `line`) lacks.
pub(super) fn check_columns(name: &str, line: u32, kind: TableKind, columns: &[String], issues: &mut Vec<Issue>) {
    let spec = kind.spec();
    let missing: Vec<&str> = spec.columns.iter().copied().filter(|c| !columns.iter().any(|x| x.eq_ignore_ascii_case(c))).collect();
    if !missing.is_empty() {
        let mut issue =
            read_issue(name, Some(line), "SCR-COLUMNS", format!("the {} table lacks the column(s) {}; they are read as empty", spec.name, missing.join(", ")));
        // Ofsted's Annex A template gains and loses columns between inspections.
        if matches!(kind, TableKind::AnnexA(_)) {
            issue.severity = crate::issue::Severity::Warning;
        }
        issues.push(issue);
    }
}

/// Names the table the header comes closest to, and what it lacks.
fn unrecognised(columns: &[String]) -> String {
    let has = |c: &str| columns.iter().any(|x| x.eq_ignore_ascii_case(c));
    let best = TABLES.iter().max_by_key(|t| t.columns.iter().filter(|c| has(c)).count());
    match best {
        Some(t) if t.columns.iter().any(|c| has(c)) => {
            let lacking: Vec<&str> = t.columns[..t.key_columns].iter().copied().filter(|c| !has(c)).collect();
            format!("the header is not one Scrutiny knows; it looks like the {} table but lacks {}", t.name, lacking.join(", "))
        }
        _ => {
            let shown: Vec<&str> = columns.iter().take(6).map(String::as_str).collect();
            format!("the header ({}) is not that of an SSDA903, SSD or workforce census table", shown.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Result<CsvTable, String>, Vec<Issue>) {
        let mut issues = Vec::new();
        (read_csv(text.as_bytes(), text.len() as u64, "t.csv", &mut issues), issues)
    }

    #[test]
    fn columns_in_any_order_with_lines() {
        let (t, issues) = read("\u{feff}DECOM,CHILD,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n01/04/2024,A1,S,C2,N1,U6,PR1,,,,NB1,NB2,XXXXXXX\r\n");
        let t = t.unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(t.kind, TableKind::Episodes);
        let child = t.get("CHILD");
        assert_eq!(child(&t.rows[0]).trimmed(), Some("A1"));
        assert_eq!(t.rows[0].line, 2);
        assert!(t.get("DEC")(&t.rows[0]).text.is_none());
    }

    #[test]
    fn a_large_table_is_sized_once_from_its_first_rows() {
        let mut text = String::from("CHILD,DECOM,RNE,LS\n");
        for i in 0..5000 {
            text.push_str(&format!("C{i:05},01/04/2024,S,C2\n"));
        }
        let (t, issues) = read(&text);
        let t = t.unwrap();
        assert!(issues.iter().all(|i| i.rule == "SCR-COLUMNS"), "{issues:?}");
        assert_eq!(t.rows.len(), 5000);
        // Rows of one length: room for them all and an eighth more, not the next power of two.
        assert!((5000..=5000 * 9 / 8 + 1).contains(&t.rows.capacity()), "{}", t.rows.capacity());
        assert_eq!(rows_to_come(0, 20, 1000), 0, "no size known: grown as read");
    }

    #[test]
    fn a_carriage_return_is_dropped_wherever_a_cell_ends_with_one() {
        let (windows, _) = read("CHILD,DECOM,RNE,LS\r\nA1,01/04/2024,S,C2\r\nA2,,,\r\n");
        let (unix, _) = read("CHILD,DECOM,RNE,LS\nA1,01/04/2024,S,C2\nA2,,,\n");
        let (windows, unix) = (windows.unwrap(), unix.unwrap());
        let rows = |t: &CsvTable| t.rows.iter().map(|r| (r.line, t.content(r).0.to_string(), t.content(r).1.to_vec())).collect::<Vec<_>>();
        assert_eq!(rows(&windows), rows(&unix));
        assert_eq!(windows.get("LS")(&windows.rows[0]).text, Some("C2"));
        // A quoted cell ending in one, inside the row, loses it too.
        let (t, _) = read("CHILD,DECOM,RNE,LS\r\n\"A1\r\",01/04/2024,S,C2\r\n");
        let t = t.unwrap();
        assert_eq!(t.cells(&t.rows[0]).collect::<Vec<_>>(), ["A1", "01/04/2024", "S", "C2"]);
    }

    #[test]
    fn wrong_header_names_the_nearest_table() {
        let (t, _) = read("CHILD,DECOMM,RNE,LS\nA,01/01/2024,S,C2\n");
        let e = t.unwrap_err();
        assert!(e.contains("SSDA903 episodes") && e.contains("DECOM"), "{e}");
        let (t, _) = read("name,address\nx,y\n");
        assert!(t.unwrap_err().contains("name, address"));
    }

    #[test]
    fn ragged_rows_and_missing_columns_are_reported() {
        let (t, issues) = read("CHILD,DECOM,RNE,LS\nA,01/01/2024,S\n");
        assert!(t.is_ok());
        assert!(issues.iter().any(|i| i.rule == "SCR-COLUMNS"));
        assert!(issues.iter().any(|i| i.rule == "SCR-CSV" && i.line == Some(2)));
    }
}
