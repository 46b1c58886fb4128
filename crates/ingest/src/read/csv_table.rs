//! CSV returns: the table is recognised from its header, columns may come in
//! any order, and every row keeps its line.

use super::bytemap::MarkedBuffer;
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
    let mut records = Records::new(source);
    let header = match records.next() {
        Ok(Some(header)) => header,
        Ok(None) => return Err("the file has no header line".into()),
        Err(e) => return Err(format!("the first line cannot be read: {e}")),
    };
    let columns: Vec<String> = header
        .fields()
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
    let header_end = records.position();
    loop {
        if table.rows.len() == SAMPLE_ROWS {
            let now = records.position();
            table.reserve(rows_to_come(size, header_end, now), usize::try_from(size.saturating_sub(now)).unwrap_or(0));
        }
        let record = match records.next() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(e) => {
                issues.push(read_issue(name, Some(records.line), "SCR-CSV", format!("the file cannot be read past this line: {e}")));
                return Err(String::new());
            }
        };
        let line = record.line;
        let blank = |f: &[u8]| f.iter().all(|b| b.is_ascii_whitespace());
        if blank(record.field(0)) && record.fields().all(blank) {
            continue;
        }
        if record.len() != table.columns.len() {
            issues.push(read_issue(
                name,
                Some(line),
                "SCR-CSV",
                format!("this row has {} values but the header has {} columns; check for a stray comma or a missing quote", record.len(), table.columns.len()),
            ));
        }
        // Nearly every row is UTF-8 with a carriage return, if any, only at its end
        // (files saved on Windows): the row is taken as it lies, less that last '\r'.
        let (text, last_byte) = record.text.split_at(record.text.len().saturating_sub(1));
        if memchr::memchr(b'\r', text).is_none() {
            let text = if last_byte == b"\r" { text } else { record.text };
            if let Ok(text) = std::str::from_utf8(text) {
                table.push_joined(line, text, record.ends.iter().map(|&end| end.min(text.len())));
                continue;
            }
        }
        let fields = record.fields().map(|f| f.strip_suffix(b"\r").unwrap_or(f));
        match fields.clone().map(std::str::from_utf8).collect::<Result<Vec<&str>, _>>() {
            Ok(cells) => table.push_row(line, cells),
            Err(_) => {
                issues.push(read_issue(name, Some(line), "SCR-CSV", "a value is not valid UTF-8 text; save the file as UTF-8".into()));
                let cells: Vec<String> = fields.map(|f| String::from_utf8_lossy(f).into_owned()).collect();
                table.push_row(line, cells.iter().map(String::as_str));
            }
        }
    }
    Ok(table)
}

/// A CSV file's records, as RFC 4180 and spreadsheets write them: cells
/// separated by commas, records by '\n' (a '\r' before it is left to the
/// caller), a cell that starts with '"' quoted up to the next lone '"' (where
/// '""' is one '"', and commas and newlines are text), blank lines skipped.
/// A record without a quote, nearly every one, is cut at its commas where it
/// lies in the buffer, found from the buffer's maps of newlines, commas and
/// quotes; one with a quote is copied out of its quotes.
pub(super) struct Records<R> {
    /// Newlines, commas and quotes marked (`NEWLINES`, `COMMAS`, `QUOTES`).
    b: MarkedBuffer<R, 3>,
    /// The line of the next unread byte.
    line: u32,
    /// A quoted record's cells, out of their quotes, with a comma after each but the last.
    unquoted: Vec<u8>,
    ends: Vec<usize>,
}

const NEWLINES: usize = 0;
const COMMAS: usize = 1;
const QUOTES: usize = 2;

/// One record: its cells in `text`, each ending where `ends` says and the next starting a byte later.
pub(super) struct Record<'a> {
    line: u32,
    text: &'a [u8],
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn field(&self, i: usize) -> &'a [u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        &self.text[start..self.ends[i]]
    }

    pub(super) fn fields(&self) -> impl Iterator<Item = &'a [u8]> + Clone + '_ {
        (0..self.len()).map(|i| self.field(i))
    }
}

impl<R: Read> Records<R> {
    pub(super) fn new(source: R) -> Self {
        Records { b: MarkedBuffer::new(source, [b'\n', b',', b'"']), line: 1, unquoted: Vec::new(), ends: Vec::new() }
    }

    /// Bytes of the file read as records so far.
    fn position(&self) -> u64 {
        self.b.offset + self.b.pos as u64
    }

    pub(super) fn next(&mut self) -> std::io::Result<Option<Record<'_>>> {
        let b = &mut self.b;
        loop {
            if b.pos == b.end && !b.fill()? {
                return Ok(None);
            }
            if b.buf[b.pos] != b'\n' {
                break;
            }
            b.pos += 1;
            self.line += 1;
        }
        // Where the search for the newline ends, counted from the record's start.
        let mut searched = 0;
        let newline = loop {
            let at = b.first(NEWLINES, b.pos + searched, b.end);
            if at < b.end {
                break Some(at);
            }
            searched = b.end - b.pos;
            if !b.fill()? {
                break None;
            }
        };
        let (start, stop) = (b.pos, newline.unwrap_or(b.end));
        let line = self.line;
        if b.first(QUOTES, start, stop) < stop {
            return self.quoted().map(Some);
        }
        let b = &mut self.b;
        self.ends.clear();
        let ends = &mut self.ends;
        b.each(COMMAS, start, stop, |at| ends.push(at - start));
        ends.push(stop - start);
        b.pos = newline.map_or(b.end, |n| n + 1);
        self.line += u32::from(newline.is_some());
        Ok(Some(Record { line, text: &b.buf[start..stop], ends: &self.ends }))
    }

    /// A record with a quote in it, read on past newlines inside quotes.
    fn quoted(&mut self) -> std::io::Result<Record<'_>> {
        let line = self.line;
        loop {
            if let Some((length, newlines)) = self.unquote() {
                self.b.pos += length;
                self.line += newlines;
                return Ok(Record { line, text: &self.unquoted, ends: &self.ends });
            }
            // The record goes on past what has been read.
            self.b.fill()?;
        }
    }

    /// Copies the record at `pos` out of its quotes; its length in the file and
    /// the newlines it holds, or `None` if more of the file is needed to tell where it ends.
    fn unquote(&mut self) -> Option<(usize, u32)> {
        self.unquoted.clear();
        self.ends.clear();
        let bytes = self.b.unread();
        let eof = self.b.at_end();
        let (mut i, mut newlines, mut cell_start, mut in_quotes) = (0, 0, true, false);
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            if in_quotes {
                match (b, bytes.get(i)) {
                    (b'"', Some(b'"')) => {
                        self.unquoted.push(b'"');
                        i += 1;
                    }
                    (b'"', None) if !eof => return None,
                    (b'"', _) => in_quotes = false,
                    (b, _) => {
                        newlines += u32::from(b == b'\n');
                        self.unquoted.push(b);
                    }
                }
                continue;
            }
            match b {
                b'"' if cell_start => in_quotes = true,
                b',' => {
                    self.ends.push(self.unquoted.len());
                    self.unquoted.push(b',');
                    cell_start = true;
                    continue;
                }
                b'\n' => {
                    self.ends.push(self.unquoted.len());
                    return Some((i, newlines + 1));
                }
                b => self.unquoted.push(b),
            }
            cell_start = false;
        }
        if !eof {
            return None;
        }
        self.ends.push(self.unquoted.len());
        Some((bytes.len(), newlines))
    }
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

    /// Every record as its line and cells, reading `chunk` bytes at a time.
    fn records(csv: &str, chunk: usize) -> Vec<(u32, Vec<String>)> {
        let mut records = Records::new(super::super::Trickle(csv.as_bytes(), chunk));
        let mut out = Vec::new();
        while let Some(r) = records.next().unwrap() {
            out.push((r.line, r.fields().map(|f| String::from_utf8_lossy(f).into_owned()).collect()));
        }
        out
    }

    #[test]
    fn records_with_quotes_blank_lines_and_newlines_in_cells() {
        let csv = "a,b,c\n\n\"x, y\",\"say \"\"hi\"\"\",z\n\"two\nlines\",,\"q\"after\n1,mid\"quote,3\r\n\n,,\n\"open, to the end\n";
        let whole = records(csv, usize::MAX);
        let cells = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            whole,
            [
                (1, cells(&["a", "b", "c"])),
                (3, cells(&["x, y", "say \"hi\"", "z"])),
                (4, cells(&["two\nlines", "", "qafter"])),
                (6, cells(&["1", "mid\"quote", "3\r"])),
                (8, cells(&["", "", ""])),
                (9, cells(&["open, to the end\n"])),
            ]
        );
        for chunk in [1, 2, 3, 5, 64] {
            assert_eq!(records(csv, chunk), whole, "read {chunk} bytes at a time");
        }
        assert_eq!(records("a,b", 1), [(1, cells(&["a", "b"]))], "no newline at the end");
        assert!(records("\n\n", 1).is_empty());
    }

    /// The csv crate (with '\n' alone ending a record) splits any bytes into the
    /// same cells. Lines are not compared: it gives a record after a blank line
    /// the blank line's number, where this reader gives the record's own.
    #[test]
    fn records_are_split_as_the_csv_crate_splits_them() {
        let seed = "CHILD,DECOM,\"NOTE\"\r\nA1,01/04/2024,\"a, \"\"b\"\"\"\r\n\nA2,,\"two\nlines\"x\r\n,\"\",\n";
        let mut state: u64 = 5;
        let mut random = move |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        for case in 0..20_000 {
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..1 + random(4) {
                let at = random(bytes.len() + 1);
                match random(3) {
                    0 => bytes.insert(at, b"\",\n\r x"[random(6)]),
                    1 if at < bytes.len() => drop(bytes.remove(at)),
                    _ => bytes.truncate(at),
                }
            }
            let mut theirs = Vec::new();
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).terminator(csv::Terminator::Any(b'\n')).from_reader(&bytes[..]);
            for record in reader.byte_records() {
                theirs.push(record.unwrap().iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect::<Vec<_>>());
            }
            let text = String::from_utf8(bytes.clone()).unwrap();
            let ours: Vec<Vec<String>> = records(&text, 3).into_iter().map(|(_, cells)| cells).collect();
            assert_eq!(ours, theirs, "case {case}: {text:?}");
        }
    }

    #[test]
    fn a_record_longer_than_the_first_buffer_spans_reads() {
        let long = "x".repeat(700_000);
        let csv = format!("a,b\n{long},\"{long}\"\n1,2\n");
        let got = records(&csv, 4096);
        assert_eq!(got[1], (2, vec![long.clone(), long]));
        assert_eq!(got[2], (3, vec!["1".to_string(), "2".to_string()]));
    }

    #[test]
    fn blank_rows_are_skipped_without_a_message() {
        let (t, issues) = read("CHILD,DECOM,RNE,LS\r\n\r\nA1,01/04/2024,S,C2\r\n  \r\n,,,\r\n");
        assert!(issues.iter().all(|i| i.rule == "SCR-COLUMNS"), "{issues:?}");
        assert_eq!(t.unwrap().rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3]);
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
