//! ModernGov's web service (mgWebService.asmx) XML: `GetCommittees` lists
//! committees (`committee` with `committeeid`, `committeetitle`);
//! `GetMeeting` gives one meeting (`meetingid`, `meetingdate` as dd/mm/yyyy,
//! `committeeid`, `committeetitle`, `meetingstatus`, `minutepublished`) and its
//! `agendaitem`s (`agendaitemid`, `agendaitemnumber`, `agendaitemtitle`, the
//! minuted text in `minutesnonemptyhtmlbody` as escaped HTML). Element names
//! are matched without case or namespace prefix. Records keep ModernGov's ids,
//! so Scrutiny links to the published minutes rather than copying them.

use crate::row::parse_date;
use crate::Problem;
use quick_xml::events::Event;
use scrutiny_store::governance::{AgendaItem, Committee, Meeting};

/// A small element tree: enough for these flat responses.
#[derive(Debug, Default)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }

    fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            } else {
                c.descendants(name, out);
            }
        }
    }
}

fn parse(text: &str, file: &str) -> Result<Element, Problem> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![Element::default()];
    loop {
        let at = reader.buffer_position();
        let line = || Some(1 + text.as_bytes()[..(at as usize).min(text.len())].iter().filter(|b| **b == b'\n').count() as u32);
        let bad = |e: &dyn std::fmt::Display| Problem { file: file.to_string(), line: line(), field: None, message: format!("not well-formed XML: {e}") };
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                stack.push(Element { name, ..Element::default() });
            }
            Ok(Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if let Some(top) = stack.last_mut() {
                    top.children.push(Element { name, ..Element::default() });
                }
            }
            Ok(Event::Text(t)) => {
                let s = t.unescape().map_err(|e| bad(&e))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::End(_)) => {
                let done = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Err(bad(&"an end tag without its start")),
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(bad(&e)),
        }
    }
    if stack.len() != 1 {
        return Err(Problem::file(file, "not well-formed XML: the file ends inside an element".into()));
    }
    Ok(stack.pop().unwrap_or_default())
}

/// What a ModernGov response held.
#[derive(Debug, Default)]
pub struct ModernGov {
    pub committees: Vec<Committee>,
    pub meetings: Vec<Meeting>,
}

/// Whether the text looks like a mgWebService response (for routing files by content).
pub fn is_moderngov(head: &str) -> bool {
    let lower = head.to_ascii_lowercase();
    lower.contains("<committeeid>") || lower.contains("<meetingid>")
}

fn id(e: &Element, name: &str, file: &str, what: &str) -> Result<i64, Problem> {
    let v = e.text_of(name).ok_or_else(|| Problem { file: file.into(), line: None, field: Some(name.into()), message: format!("{what} has no {name}") })?;
    v.parse().map_err(|_| Problem { file: file.into(), line: None, field: Some(name.into()), message: format!("{what}: '{v}' is not a ModernGov id") })
}

/// Reads a GetCommittees or GetMeeting response.
pub fn read_moderngov(text: &str, file: &str) -> Result<ModernGov, Problem> {
    let root = parse(text, file)?;
    let mut out = ModernGov::default();
    let mut meetings = Vec::new();
    root.descendants("meeting", &mut meetings);
    for m in meetings {
        let meeting_id = id(m, "meetingid", file, "a meeting")?;
        let what = format!("meeting {meeting_id}");
        let committee_id = id(m, "committeeid", file, &what)?;
        if let Some(title) = m.text_of("committeetitle") {
            out.committees.push(Committee { id: committee_id, title: title.to_string() });
        }
        let raw = m.text_of("meetingdate").unwrap_or_default();
        let date = parse_date(raw.get(..10).unwrap_or(raw)).ok_or_else(|| Problem {
            file: file.into(),
            line: None,
            field: Some("meetingdate".into()),
            message: format!("{what}: '{raw}' is not a date (ModernGov writes dd/mm/yyyy)"),
        })?;
        let mut items = Vec::new();
        let mut elements = Vec::new();
        m.descendants("agendaitem", &mut elements);
        for item in elements {
            let item_id = id(item, "agendaitemid", file, &format!("an agenda item of {what}"))?;
            items.push(AgendaItem {
                id: item_id,
                number: item.text_of("agendaitemnumber").or(item.text_of("minutesitemnumber")).unwrap_or_default().to_string(),
                title: item.text_of("agendaitemtitle").unwrap_or_default().to_string(),
                decision: plain_text(item.text_of("minutesnonemptyhtmlbody").unwrap_or_default()),
            });
        }
        out.meetings.push(Meeting {
            id: meeting_id,
            committee_id,
            date,
            time: m.text_of("meetingtime").unwrap_or_default().to_string(),
            status: m.text_of("meetingstatus").unwrap_or_default().to_string(),
            minutes_published: m.text_of("minutepublished").or(m.text_of("isminutepublished")).is_some_and(|v| v.eq_ignore_ascii_case("true")),
            items,
        });
    }
    if out.meetings.is_empty() {
        let mut committees = Vec::new();
        root.descendants("committee", &mut committees);
        for c in committees {
            let committee_id = id(c, "committeeid", file, "a committee")?;
            let title = c.text_of("committeetitle").ok_or_else(|| Problem {
                file: file.into(),
                line: None,
                field: Some("committeetitle".into()),
                message: format!("committee {committee_id} has no title"),
            })?;
            out.committees.push(Committee { id: committee_id, title: title.to_string() });
        }
    }
    if out.committees.is_empty() && out.meetings.is_empty() {
        return Err(Problem::file(file, "no committee or meeting found: expected a ModernGov GetCommittees or GetMeeting response".into()));
    }
    Ok(out)
}

/// Minutes arrive as HTML: keep the words, one paragraph per line.
fn plain_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for ch in html.chars() {
        match ch {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let t = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                if matches!(t.as_str(), "p" | "br" | "li" | "div" | "tr") && !out.ends_with('\n') && !out.is_empty() {
                    out.push('\n');
                }
            }
            _ if in_tag => tag.push(ch),
            _ => out.push(ch),
        }
    }
    let out = out.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    out.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_html_becomes_plain_lines() {
        assert_eq!(
            plain_text("<p>RESOLVED:</p><ol><li>That the report be&nbsp;noted.</li><li>A &amp; B</li></ol>"),
            "RESOLVED:\nThat the report be noted.\nA & B"
        );
    }
}
