//! Realistic data-quality faults for testing validation, each recorded in a
//! manifest so a validator's findings can be checked against what was done.

use crate::rng::Rng;
use crate::tables::{Node, Table};
use chrono::{Duration, NaiveDate};
use scrutiny_model::Period;
use serde::Serialize;

pub const CIN_FILE: &str = "cin_census.xml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    MissingDate,
    EndBeforeStart,
    DuplicateChild,
    BadCode,
    OverlappingEpisodes,
}

/// One injected fault.
#[derive(Debug, Clone, Serialize)]
pub struct Fault {
    pub year: String,
    /// File name within the year's folder.
    pub file: String,
    pub child: String,
    pub kind: FaultKind,
    /// The element or column changed.
    pub field: String,
    /// Value before and after ("" when absent).
    pub original: String,
    pub injected: String,
}

fn shift(date: &str, days: i64, fmt: &str) -> Option<String> {
    NaiveDate::parse_from_str(date, fmt).ok().map(|d| (d + Duration::days(days)).format(fmt).to_string())
}

/// How many of `n` children to spoil at `rate` (at least one when rate > 0 and n > 0).
fn how_many(n: usize, rate: f64) -> usize {
    if n == 0 {
        0
    } else {
        ((n as f64 * rate).round() as usize).clamp(1, n)
    }
}

/// Distinct indexes, in ascending order.
fn choose(rng: &mut Rng, n: usize, k: usize) -> Vec<usize> {
    let mut picked = std::collections::BTreeSet::new();
    while picked.len() < k {
        picked.insert(rng.index(n));
    }
    picked.into_iter().collect()
}

/// Faults take turns through the return's kinds, so every kind appears once a
/// return has a handful of them. A child that does not fit the kind whose turn
/// it is gets another kind, and the turn waits for the next child.
fn next_kind(turn: &mut usize, order: &[FaultKind], fitting: &[FaultKind]) -> FaultKind {
    let want = order[*turn % order.len()];
    if fitting.contains(&want) {
        *turn += 1;
        return want;
    }
    (1..order.len()).map(|k| order[(*turn + k) % order.len()]).find(|k| fitting.contains(k)).unwrap_or(fitting[0])
}

const CIN_KINDS: [FaultKind; 4] = [FaultKind::MissingDate, FaultKind::EndBeforeStart, FaultKind::BadCode, FaultKind::DuplicateChild];
const SSDA903_KINDS: [FaultKind; 5] =
    [FaultKind::MissingDate, FaultKind::EndBeforeStart, FaultKind::BadCode, FaultKind::DuplicateChild, FaultKind::OverlappingEpisodes];

pub fn inject_cin(rng: &mut Rng, turn: &mut usize, message: &mut Node, rate: f64, year: Period) -> Vec<Fault> {
    let Some(children) = message.find_mut("Children") else { return Vec::new() };
    let n = children.children.len();
    let mut out = Vec::new();
    let mut duplicates = Vec::new();
    for i in choose(rng, n, how_many(n, rate)) {
        let child = &mut children.children[i];
        let id = child.find_mut("ChildIdentifiers").and_then(|c| c.find_mut("LAchildID")).and_then(|n| n.text.clone()).unwrap_or_default();
        let fault = |kind, field: &str, original: String, injected: String| Fault {
            year: year.to_string(),
            file: CIN_FILE.into(),
            child: id.clone(),
            kind,
            field: field.into(),
            original,
            injected,
        };
        let kind = next_kind(turn, &CIN_KINDS, &CIN_KINDS);
        let episode = child.children.iter_mut().find(|c| c.name == "CINdetails").expect("every child has an episode");
        match kind {
            FaultKind::MissingDate => {
                let pos = episode.children.iter().position(|c| c.name == "CINreferralDate").expect("referral date present");
                let removed = episode.children.remove(pos);
                out.push(fault(kind, "CINreferralDate", removed.text.unwrap_or_default(), String::new()));
            }
            FaultKind::EndBeforeStart => {
                let start = episode.find_mut("CINreferralDate").and_then(|n| n.text.clone()).unwrap_or_default();
                let bad = shift(&start, -10, "%Y-%m-%d").unwrap_or_default();
                if let Some(close) = episode.find_mut("CINclosureDate") {
                    let original = close.text.replace(bad.clone()).unwrap_or_default();
                    out.push(fault(kind, "CINclosureDate", original, bad));
                } else {
                    // No closure: put the closure before the referral instead.
                    let pos = episode.children.iter().position(|c| c.name == "ReferralSource").map_or(1, |p| p + 1);
                    let pos = episode.children.iter().position(|c| c.name == "PrimaryNeedCode").map_or(pos, |p| p + 1);
                    episode.children.insert(pos, Node::leaf("CINclosureDate", bad.clone()));
                    episode.children.insert(pos + 1, Node::leaf("ReasonForClosure", "RC7"));
                    out.push(fault(kind, "CINclosureDate", String::new(), bad));
                }
            }
            FaultKind::BadCode => {
                let source = episode.find_mut("ReferralSource").expect("source present");
                let original = source.text.replace("11".into()).unwrap_or_default();
                out.push(fault(kind, "ReferralSource", original, "11".into()));
            }
            FaultKind::DuplicateChild => {
                duplicates.push(i);
                out.push(fault(kind, "LAchildID", id.clone(), id.clone()));
            }
            FaultKind::OverlappingEpisodes => unreachable!("not drawn for the CIN census"),
        }
    }
    // Insert duplicates after their originals, from the back so indexes hold.
    for &i in duplicates.iter().rev() {
        let copy = children.children[i].clone();
        children.children.insert(i + 1, copy);
    }
    out
}

pub fn inject_903(rng: &mut Rng, turn: &mut usize, tables: &mut [Table], rate: f64, year: Period) -> Vec<Fault> {
    let (header_at, episodes_at) = (
        tables.iter().position(|t| t.file == "ssda903_header.csv").expect("header table"),
        tables.iter().position(|t| t.file == "ssda903_episodes.csv").expect("episodes table"),
    );
    let children: Vec<String> = {
        let mut ids: Vec<String> = tables[episodes_at].rows.iter().map(|r| r.child.clone()).collect();
        ids.dedup();
        ids
    };
    let mut out = Vec::new();
    let picked = choose(rng, children.len(), how_many(children.len(), rate));
    for i in picked {
        let child = &children[i];
        let rows: Vec<usize> = tables[episodes_at].rows.iter().enumerate().filter(|(_, r)| &r.child == child).map(|(k, _)| k).collect();
        let closed: Vec<usize> = rows.iter().copied().filter(|&k| !tables[episodes_at].rows[k].cells[tables[episodes_at].column("DEC")].is_empty()).collect();
        let mut kinds = vec![FaultKind::MissingDate, FaultKind::BadCode, FaultKind::DuplicateChild];
        if !closed.is_empty() {
            kinds.push(FaultKind::EndBeforeStart);
        }
        if closed.iter().any(|&k| rows.iter().any(|&r| r > k)) {
            kinds.push(FaultKind::OverlappingEpisodes);
        }
        let kind = next_kind(turn, &SSDA903_KINDS, &kinds);
        let t = &mut tables[episodes_at];
        let file = t.file.clone();
        let record = |field: &str, original: String, injected: String, file: &str| Fault {
            year: year.to_string(),
            file: file.to_string(),
            child: child.clone(),
            kind,
            field: field.into(),
            original,
            injected,
        };
        match kind {
            FaultKind::MissingDate => {
                let (row, col) = (rows[rng.index(rows.len())], t.column("DECOM"));
                let original = std::mem::take(&mut t.rows[row].cells[col]);
                out.push(record("DECOM", original, String::new(), &file));
            }
            FaultKind::EndBeforeStart => {
                let row = closed[rng.index(closed.len())];
                let (s, e) = (t.column("DECOM"), t.column("DEC"));
                let bad = shift(&t.rows[row].cells[s], -7, "%d/%m/%Y").expect("generated dates parse");
                let original = std::mem::replace(&mut t.rows[row].cells[e], bad.clone());
                out.push(record("DEC", original, bad, &file));
            }
            FaultKind::BadCode => {
                let row = rows[rng.index(rows.len())];
                let (field, bad) = [("PLACE", "Q9"), ("LS", "C9"), ("RNE", "Z")][rng.index(3)];
                let col = t.column(field);
                let original = std::mem::replace(&mut t.rows[row].cells[col], bad.to_string());
                out.push(record(field, original, bad.to_string(), &file));
            }
            FaultKind::OverlappingEpisodes => {
                // Start the episode after a closed one two weeks before that one ended.
                let followed: Vec<usize> = closed.iter().copied().filter(|&k| rows.iter().any(|&r| r > k)).collect();
                let first = followed[rng.index(followed.len())];
                let next = *rows.iter().find(|&&k| k > first).expect("chosen because a later episode exists");
                let (s, e) = (t.column("DECOM"), t.column("DEC"));
                let bad = shift(&t.rows[first].cells[e], -14, "%d/%m/%Y").expect("generated dates parse");
                let original = std::mem::replace(&mut t.rows[next].cells[s], bad.clone());
                out.push(record("DECOM", original, bad, &file));
            }
            FaultKind::DuplicateChild => {
                let h = &mut tables[header_at];
                if let Some(pos) = h.rows.iter().position(|r| &r.child == child) {
                    let copy = crate::tables::Row { child: child.clone(), cells: h.rows[pos].cells.clone() };
                    h.rows.insert(pos + 1, copy);
                    let file = h.file.clone();
                    out.push(record("CHILD", child.clone(), child.clone(), &file));
                }
            }
        }
    }
    out
}
