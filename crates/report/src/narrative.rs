//! Officers' commentary, "the work behind the data": one Markdown file per
//! period, a `#` heading per domain and a `##` heading per indicator id, each
//! followed by a status line and the text.
//!
//! ```text
//! Period: 2024-25-Q1
//!
//! # Front door
//! Status: signed off by Sam Patel, Head of Service, 2024-07-18
//!
//! Contacts rose after the schools' autumn term began.
//!
//! ## REF-03
//! Status: draft
//!
//! - Re-referrals are being audited.
//! ```

use scrutiny_indicators::Domain;
use scrutiny_model::Period;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Challenged,
    SignedOff,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Challenged => "Challenged",
            Status::SignedOff => "Signed off",
        }
    }

    /// The store's spelling.
    pub fn key(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Challenged => "challenged",
            Status::SignedOff => "signed_off",
        }
    }

    pub fn from_key(s: &str) -> Option<Status> {
        [Status::Draft, Status::Challenged, Status::SignedOff].into_iter().find(|k| k.key() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    pub status: Status,
    /// Who signed it off (or challenged it), as written.
    pub by: Option<String>,
    /// When, as written (e.g. 2024-07-18).
    pub on: Option<String>,
    /// Markdown: paragraphs and "- " lists.
    pub body: String,
}

/// A period's commentary: by domain key (`front_door`) and by indicator id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Narratives {
    pub domains: BTreeMap<String, Narrative>,
    pub indicators: BTreeMap<String, Narrative>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("narrative line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

pub const DOMAINS: [Domain; 8] = [
    Domain::FrontDoor,
    Domain::Assessment,
    Domain::ChildProtection,
    Domain::ChildrenInNeed,
    Domain::ChildrenInCare,
    Domain::CareLeavers,
    Domain::Adoption,
    Domain::Workforce,
];

/// `front_door` for Domain::FrontDoor (the catalogue's serde name).
pub fn domain_key(d: Domain) -> String {
    d.label().to_ascii_lowercase().replace(' ', "_")
}

fn find_domain(s: &str) -> Option<Domain> {
    let s = s.trim();
    DOMAINS.into_iter().find(|d| d.label().eq_ignore_ascii_case(s) || domain_key(*d) == s)
}

fn parse_status(s: &str, line: usize) -> Result<(Status, Option<String>, Option<String>), ParseError> {
    let lower = s.trim().to_ascii_lowercase();
    let (status, rest) = if let Some(r) = lower.strip_prefix("signed off") {
        (Status::SignedOff, &s.trim()[s.trim().len() - r.len()..])
    } else if let Some(r) = lower.strip_prefix("challenged") {
        (Status::Challenged, &s.trim()[s.trim().len() - r.len()..])
    } else if let Some(r) = lower.strip_prefix("draft") {
        (Status::Draft, &s.trim()[s.trim().len() - r.len()..])
    } else {
        return Err(ParseError { line, message: format!("status '{}' is not draft, challenged or signed off", s.trim()) });
    };
    let rest = rest.trim();
    let rest = rest.strip_prefix("by ").or_else(|| rest.strip_prefix("by\t")).unwrap_or(rest).trim();
    if rest.is_empty() {
        if status == Status::SignedOff {
            return Err(ParseError { line, message: "signed off needs who signed it off: 'Status: signed off by NAME, DATE'".into() });
        }
        return Ok((status, None, None));
    }
    // A trailing ISO date after the last comma is the date.
    match rest.rsplit_once(',') {
        Some((who, date)) if chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_ok() => {
            Ok((status, Some(who.trim().to_string()), Some(date.trim().to_string())))
        }
        _ => Ok((status, Some(rest.to_string()), None)),
    }
}

impl Narratives {
    /// The commentary as the store keeps it, one record per domain or indicator.
    pub fn to_records(&self, period: Period) -> Vec<scrutiny_store::NarrativeRecord> {
        let record = |scope: &str, key: &String, x: &Narrative| scrutiny_store::NarrativeRecord {
            period: period.to_string(),
            scope: scope.into(),
            key: key.clone(),
            status: x.status.key().into(),
            by: x.by.clone(),
            on_date: x.on.clone(),
            body: x.body.clone(),
        };
        self.domains.iter().map(|(k, x)| record("domain", k, x)).chain(self.indicators.iter().map(|(k, x)| record("indicator", k, x))).collect()
    }

    /// Commentary read back from the store; a status it does not know is an error, named.
    pub fn from_records(rows: Vec<scrutiny_store::NarrativeRecord>) -> Result<Narratives, String> {
        let mut n = Narratives::default();
        for r in rows {
            let Some(status) = Status::from_key(&r.status) else {
                return Err(format!("stored commentary for {} has an unknown status '{}'", r.key, r.status));
            };
            let x = Narrative { status, by: r.by, on: r.on_date, body: r.body };
            if r.scope == "domain" {
                n.domains.insert(r.key, x);
            } else {
                n.indicators.insert(r.key, x);
            }
        }
        Ok(n)
    }

    /// Reads a narrative file for `period` (a `Period:` line, if present, must match).
    pub fn parse(text: &str, period: Period) -> Result<Narratives, ParseError> {
        enum Target {
            None,
            Domain(String),
            Indicator(String),
        }
        let mut out = Narratives::default();
        let mut target = Target::None;
        let mut status: Option<(Status, Option<String>, Option<String>)> = None;
        let mut body = String::new();
        let mut flush = |target: &Target, status: &mut Option<(Status, Option<String>, Option<String>)>, body: &mut String, line: usize| {
            let text = std::mem::take(body).trim().to_string();
            let key = match target {
                Target::None => return Ok(()),
                Target::Domain(k) | Target::Indicator(k) => k.clone(),
            };
            let Some((st, by, on)) = status.take() else {
                return Err(ParseError { line, message: format!("'{key}' has no 'Status:' line") });
            };
            let n = Narrative { status: st, by, on, body: text };
            let map = if matches!(target, Target::Domain(_)) { &mut out.domains } else { &mut out.indicators };
            if map.insert(key.clone(), n).is_some() {
                return Err(ParseError { line, message: format!("'{key}' has two commentaries") });
            }
            Ok(())
        };
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let t = raw.trim_end();
            if let Some(h) = t.strip_prefix("## ") {
                flush(&target, &mut status, &mut body, line)?;
                let id = h.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                if scrutiny_indicators::find(&id).is_none() {
                    return Err(ParseError { line, message: format!("'{id}' is not an indicator id") });
                }
                target = Target::Indicator(id);
            } else if let Some(h) = t.strip_prefix("# ") {
                flush(&target, &mut status, &mut body, line)?;
                let d = find_domain(h).ok_or_else(|| ParseError { line, message: format!("'{}' is not a domain", h.trim()) })?;
                target = Target::Domain(domain_key(d));
            } else if let Some(p) = t.strip_prefix("Period:").filter(|_| matches!(target, Target::None)) {
                let p: Period = p.trim().parse().map_err(|e: scrutiny_model::period::PeriodError| ParseError { line, message: e.to_string() })?;
                if p != period {
                    return Err(ParseError { line, message: format!("this commentary is for {p}, not {period}") });
                }
            } else if let Some(s) = t.strip_prefix("Status:").filter(|_| status.is_none() && body.trim().is_empty() && !matches!(target, Target::None)) {
                status = Some(parse_status(s, line)?);
            } else if !matches!(target, Target::None) {
                body.push_str(t);
                body.push('\n');
            } else if !t.trim().is_empty() {
                return Err(ParseError { line, message: "text before the first heading".into() });
            }
        }
        flush(&target, &mut status, &mut body, text.lines().count())?;
        Ok(out)
    }
}

/// The commentary's text as HTML: paragraphs and "- " bullet lists, everything escaped.
pub fn body_html(body: &str) -> String {
    let mut out = String::new();
    for block in body.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let lines: Vec<&str> = block.lines().map(str::trim).collect();
        if lines.iter().all(|l| l.starts_with("- ") || l.starts_with("* ")) {
            out.push_str("<ul class=\"govuk-list govuk-list--bullet\">");
            for l in lines {
                out.push_str(&format!("<li>{}</li>", crate::html::esc(&l[2..])));
            }
            out.push_str("</ul>");
        } else {
            out.push_str(&format!("<p class=\"govuk-body\">{}</p>", crate::html::esc(&lines.join(" "))));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q1: Period = Period::Quarter { start_year: 2024, quarter: 1 };

    #[test]
    fn reads_domains_indicators_statuses_and_who_signed_off() {
        let text = "Period: 2024-25-Q1\n\n# Front door\nStatus: signed off by Sam Patel, Head of Service, 2024-07-18\n\nContacts rose.\n\nSecond paragraph.\n\n## REF-03 Re-referrals\nStatus: challenged by Cllr Jones\n\n- audit\n- training\n";
        let n = Narratives::parse(text, Q1).unwrap();
        let fd = &n.domains["front_door"];
        assert_eq!(fd.status, Status::SignedOff);
        assert_eq!(fd.by.as_deref(), Some("Sam Patel, Head of Service"));
        assert_eq!(fd.on.as_deref(), Some("2024-07-18"));
        assert_eq!(fd.body, "Contacts rose.\n\nSecond paragraph.");
        let r = &n.indicators["REF-03"];
        assert_eq!((r.status, r.by.as_deref()), (Status::Challenged, Some("Cllr Jones")));
        assert!(body_html(&r.body).contains("<li>audit</li>"));
    }

    #[test]
    fn commentary_comes_back_from_the_store_records_as_it_went_in() {
        let text = "# Front door\nStatus: signed off by Sam Patel, 2024-07-18\n\nContacts rose.\n\n## REF-03\nStatus: draft\n\n- audit\n";
        let n = Narratives::parse(text, Q1).unwrap();
        let records = n.to_records(Q1);
        assert_eq!(records.len(), 2);
        assert!(records.iter().all(|r| r.period == "2024-25-Q1"));
        assert_eq!(Narratives::from_records(records.clone()).unwrap(), n);
        let mut bad = records;
        bad[0].status = "approved".into();
        let err = Narratives::from_records(bad).unwrap_err();
        assert!(err.contains("unknown status 'approved'"), "{err}");
    }

    #[test]
    fn refuses_what_it_cannot_place() {
        assert_eq!(Narratives::parse("# Nowhere\nStatus: draft\n", Q1).unwrap_err().line, 1);
        assert!(Narratives::parse("## XX-99\nStatus: draft\n", Q1).is_err());
        assert!(Narratives::parse("# Adoption\nno status\n", Q1).is_err());
        assert!(Narratives::parse("# Adoption\nStatus: signed off\n", Q1).is_err());
        assert!(Narratives::parse("Period: 2024-25-Q2\n# Adoption\nStatus: draft\n", Q1).is_err());
        assert!(Narratives::parse("stray\n# Adoption\nStatus: draft\n", Q1).is_err());
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(body_html("a <b> & c"), "<p class=\"govuk-body\">a &lt;b&gt; &amp; c</p>");
    }
}
