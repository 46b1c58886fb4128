//! The children's social work workforce census (CSWW) as the COLLECT XML:
//! `Message` holding a `Header`, one `LALevelVacancies` and a `CSWWWorker`
//! per worker. It is read into the same two tables as the CSV form (with the
//! header's LEA and reference date as `LEA` and `CensusDate` columns), so both
//! forms go through one builder and give identical records.

use super::cin_xml::report_unknown;
use super::xml::{unescape, Token, Tokens};
use super::{read_issue, text_of};
use crate::issue::Issue;
use crate::raw::{CsvTable, TableKind};
use scrutiny_model::formats::{CSWW_LA, CSWW_WORKERS};
use std::collections::BTreeSet;
use std::io::Read;

/// Element names of one worker; `SocialWorker` is accepted as another name for `CSWWWorker`.
const WORKER: [&str; 2] = ["CSWWWorker", "SocialWorker"];
const HEADER_ITEMS: [&str; 6] = ["Collection", "Year", "ReferenceDate", "SourceLevel", "SoftwareCode", "DateTime"];
const CONTAINERS: [&str; 4] = ["Message", "Header", "CollectionDetails", "Source"];

/// Whether the start of an XML file is a workforce census rather than a CIN census.
pub fn is_csww_xml(head: &[u8]) -> bool {
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    has(b"<LALevelVacancies") || has(b"<CSWWWorker") || has(b"<SocialWorker") || has(b"<Collection>CSWW<")
}

#[derive(Default)]
struct Census {
    lea: String,
    reference_date: String,
    /// Line of the `LALevelVacancies` element and its values by column.
    la: Option<(u32, Vec<String>)>,
    workers: Vec<(u32, Vec<String>)>,
    unknown: BTreeSet<String>,
}

/// Reads the census into its LA-level and worker tables.
pub fn read_csww_xml(source: impl Read, name: &str, issues: &mut Vec<Issue>) -> Result<Vec<CsvTable>, String> {
    let mut tokens = Tokens::new(source);
    let mut text = String::new();
    let mut census = Census::default();
    let fail = |issues: &mut Vec<Issue>, line: u32, message: String| {
        issues.push(read_issue(name, Some(line), "SCR-XML", message));
        Err(String::new())
    };
    loop {
        let (line, token) = match tokens.next() {
            Ok(next) => next,
            Err(e) => return fail(issues, tokens.line(), format!("{e}. Export the census again or correct the file.")),
        };
        match token {
            Token::Start { name: tag, parent, empty } => {
                let (tag, parent) = (text_of(tag), text_of(parent));
                if parent.is_empty() && tag != "Message" {
                    return Err(format!("this XML file's root element is <{tag}>, not the workforce census <Message>"));
                }
                text.clear();
                if empty {
                    census.leaf(&tag, &parent, String::new());
                } else if tag == "LALevelVacancies" {
                    census.la = Some((line, vec![String::new(); CSWW_LA.len()]));
                } else if WORKER.contains(&tag.as_ref()) {
                    census.workers.push((line, vec![String::new(); CSWW_WORKERS.len()]));
                }
            }
            Token::Text(raw) => match unescape(raw) {
                Ok(s) => text = s.into_owned(),
                Err(e) => return fail(issues, line, format!("a value could not be read ({e}); check for a stray '&' and write it as &amp;")),
            },
            Token::CData(raw) => text = String::from_utf8_lossy(raw).into_owned(),
            Token::End { name: tag, parent } => census.leaf(&text_of(tag), &text_of(parent), std::mem::take(&mut text)),
            Token::Eof => break,
        }
    }
    if census.la.is_none() && census.workers.is_empty() {
        return Err("this XML file is not a workforce census: it has neither <LALevelVacancies> nor any <CSWWWorker>".into());
    }
    report_unknown(name, "workforce census", std::mem::take(&mut census.unknown), issues);
    Ok(census.into_tables())
}

impl Census {
    fn leaf(&mut self, tag: &str, parent: &str, text: String) {
        let put = |columns: &[&str], row: Option<&mut (u32, Vec<String>)>, unknown: &mut BTreeSet<String>| match columns.iter().position(|c| *c == tag) {
            // Items that may repeat (QualInst, ContractWeeks, absences) keep their first value, as one CSV column can.
            Some(i) => {
                if let Some((_, cells)) = row.filter(|(_, cells)| cells[i].is_empty()) {
                    cells[i] = text.clone();
                }
            }
            None => {
                unknown.insert(format!("{tag} in {parent}"));
            }
        };
        match (parent, tag) {
            ("Source", "LEA") => self.lea = text,
            ("CollectionDetails", "ReferenceDate") => self.reference_date = text,
            ("LALevelVacancies", _) => put(CSWW_LA, self.la.as_mut(), &mut self.unknown),
            (p, _) if WORKER.contains(&p) => put(CSWW_WORKERS, self.workers.last_mut(), &mut self.unknown),
            _ if CONTAINERS.contains(&tag) || WORKER.contains(&tag) || tag == "LALevelVacancies" || HEADER_ITEMS.contains(&tag) => {}
            _ => {
                self.unknown.insert(format!("{tag} in {parent}"));
            }
        }
    }

    fn into_tables(self) -> Vec<CsvTable> {
        let table = |kind: TableKind, names: &[&str], rows: Vec<(u32, Vec<String>)>| {
            let mut table = CsvTable::new(kind, ["LEA", "CensusDate"].iter().chain(names).map(|c| c.to_string()).collect());
            for (line, cells) in rows {
                table.push_row(line, [self.lea.as_str(), self.reference_date.as_str()].into_iter().chain(cells.iter().map(String::as_str)));
            }
            table
        };
        vec![table(TableKind::CswwLa, CSWW_LA, self.la.clone().into_iter().collect()), table(TableKind::CswwWorkers, CSWW_WORKERS, self.workers.clone())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Result<Vec<CsvTable>, String>, Vec<Issue>) {
        let mut issues = Vec::new();
        (read_csww_xml(text.as_bytes(), "w.xml", &mut issues), issues)
    }

    const SAMPLE: &str = "<?xml version=\"1.0\"?>\n<Message>\n<Header><CollectionDetails><Collection>CSWW</Collection><Year>2024</Year>\
<ReferenceDate>2024-09-30</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>841</LEA></Source></Header>\n\
<LALevelVacancies><NumberOfVacancies>3.50</NumberOfVacancies><NoAgencyFTE>2.00</NoAgencyFTE><NoAgencyHeadcount>2</NoAgencyHeadcount></LALevelVacancies>\n\
<CSWWWorker>\n<AgencyWorker>0</AgencyWorker><SWENo>SW0000000001</SWENo><FTE>1.000000</FTE><QualInst>Open University</QualInst><QualInst>Other</QualInst>\n</CSWWWorker>\n</Message>\n";

    #[test]
    fn both_tables_with_lines_and_the_header_as_columns() {
        let (tables, issues) = read(SAMPLE);
        let tables = tables.unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        let (la, workers) = (&tables[0], &tables[1]);
        assert_eq!(la.kind, TableKind::CswwLa);
        assert_eq!(la.get("NoAgencyHeadcount")(&la.rows[0]).trimmed(), Some("2"));
        assert_eq!(la.get("CensusDate")(&la.rows[0]).trimmed(), Some("2024-09-30"));
        assert_eq!(workers.rows.len(), 1);
        assert_eq!(workers.rows[0].line, 5);
        assert_eq!(workers.get("SWENo")(&workers.rows[0]).trimmed(), Some("SW0000000001"));
        assert_eq!(workers.get("QualInst")(&workers.rows[0]).trimmed(), Some("Open University"), "the first of repeated items");
        assert_eq!(workers.get("LEA")(&workers.rows[0]).trimmed(), Some("841"));
    }

    #[test]
    fn truncated_unknown_and_foreign_files() {
        let (r, issues) = read(&SAMPLE.replace("</Message>\n", ""));
        assert!(r.is_err());
        assert!(issues.iter().any(|i| i.rule == "SCR-XML" && i.message.contains("truncated")), "{issues:?}");
        let (r, issues) = read(&SAMPLE.replace("<FTE>1.000000</FTE>", "<Shoe>9</Shoe>"));
        assert!(r.is_ok());
        assert!(issues.iter().any(|i| i.rule == "SCR-XML-UNKNOWN" && i.field.as_deref() == Some("Shoe in CSWWWorker")), "{issues:?}");
        assert!(read("<Message><Children/></Message>").0.unwrap_err().contains("not a workforce census"));
        assert!(read("<Other/>").0.is_err());
    }

    #[test]
    fn sniffing_tells_it_from_a_cin_census() {
        assert!(is_csww_xml(SAMPLE.as_bytes()));
        assert!(!is_csww_xml(b"<?xml version=\"1.0\"?><Message><Header><CollectionDetails><Collection>CIN</Collection>"));
    }
}
