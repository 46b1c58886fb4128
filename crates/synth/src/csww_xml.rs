//! The workforce census as the COLLECT XML (a `Message` with a `Header`, one
//! `LALevelVacancies` and a `CSWWWorker` per worker), made from the same rows
//! as the CSV form so the two say exactly the same.

use crate::tables::{Node, Table};
use chrono::{Datelike, NaiveDate};

/// `tables` are the census's worker and LA-level tables, each led by `LEA` and `CensusDate` columns.
pub fn csww_xml(tables: &[Table], la_code: &str, census: NaiveDate) -> String {
    let mut message = Node::new("Message");
    let mut header = Node::new("Header");
    let mut details = Node::new("CollectionDetails");
    details
        .push(Node::leaf("Collection", "CSWW"))
        .push(Node::leaf("Year", census.year().to_string()))
        .push(Node::leaf("ReferenceDate", census.format("%Y-%m-%d").to_string()));
    let mut source = Node::new("Source");
    source.push(Node::leaf("SourceLevel", "L")).push(Node::leaf("LEA", la_code.to_string()));
    header.push(details).push(source);
    message.push(header);
    let element = |t: &Table, name: &'static str, row: &[String]| {
        let mut node = Node::new(name);
        for (column, text) in t.columns.iter().zip(row).skip(2) {
            if !text.is_empty() {
                node.push(Node::leaf(column, text.clone()));
            }
        }
        node
    };
    // The schema puts the LA-level items before the workers.
    for t in tables.iter().filter(|t| t.columns.contains(&"NumberOfVacancies")) {
        for r in &t.rows {
            message.push(element(t, "LALevelVacancies", &r.cells));
        }
    }
    for t in tables.iter().filter(|t| t.columns.contains(&"SWENo")) {
        for r in &t.rows {
            message.push(element(t, "CSWWWorker", &r.cells));
        }
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    message.write(&mut xml, 0);
    xml
}
