//! The CIN census XML, read as a stream of events (never a whole DOM), so a
//! large census stays within modest memory. Every value keeps its line.

use super::read_issue;
use crate::issue::{Issue, Severity};
use crate::raw::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};

/// Counts the lines of everything the XML reader has consumed.
pub(super) struct LineCounter<R> {
    inner: R,
    pub(super) newlines: u32,
}

impl<R: std::io::Read> std::io::Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            self.newlines += count_newlines(&buf[..amt.min(buf.len())]);
        }
        self.inner.consume(amt);
    }
}

/// Counted in runs short enough for a byte to hold the count, which the
/// compiler turns into wide vector compares.
fn count_newlines(bytes: &[u8]) -> u32 {
    bytes.chunks(255).map(|run| u32::from(run.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')))).sum()
}

/// The names of the open elements, back to back in one buffer, so opening
/// and closing an element allocates nothing.
#[derive(Default)]
pub(super) struct OpenElements {
    names: String,
    ends: Vec<usize>,
}

impl OpenElements {
    pub(super) fn push(&mut self, name: &str) {
        self.names.push_str(name);
        self.ends.push(self.names.len());
    }

    pub(super) fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.names[start..self.ends[i]]
    }

    /// The innermost open element.
    pub(super) fn last(&self) -> Option<&str> {
        Some(self.name(self.ends.len().checked_sub(1)?))
    }

    /// Closes the innermost element, giving `close` its name and its parent's
    /// ("" at the root); `None` when nothing is open.
    pub(super) fn close<R>(&mut self, close: impl FnOnce(&str, &str) -> R) -> Option<R> {
        let innermost = self.ends.len().checked_sub(1)?;
        let parent = if innermost == 0 { "" } else { self.name(innermost - 1) };
        let closed = close(self.name(innermost), parent);
        self.ends.pop();
        self.names.truncate(self.ends.last().copied().unwrap_or(0));
        Some(closed)
    }
}

/// Elements a CIN census may hold (2023-24 to 2025-26), besides those read into fields.
const CONTAINERS: &[&str] = &[
    "Message",
    "Header",
    "CollectionDetails",
    "Source",
    "Children",
    "Child",
    "ChildIdentifiers",
    "ChildCharacteristics",
    "Disabilities",
    "CINdetails",
    "Assessments",
    "FactorsIdentifiedAtAssessment",
    "CINPlanDates",
    "Section47",
    "ChildProtectionPlans",
    "Reviews",
    "PreProceedingsandFGDM",
];
/// Header and 2025-26 pre-proceedings items, accepted and not (yet) used.
const IGNORED: &[&str] = &[
    "SourceLevel",
    "SoftwareCode",
    "Release",
    "SerialNo",
    "DateTime",
    "PPStartDate",
    "LBPSentDate",
    "FGDMMeetingOffer",
    "FGDMMeetingFac",
    "InitialPPMeetingDate",
    "ReviewMeetingsCount",
    "StepDecisionDate",
    "PPOutcome",
    "CourtAppDate",
    "LetterInitCPDate",
];

#[derive(Default)]
struct State {
    census: CinCensus,
    child: Option<CinChild>,
    episode: Option<CinEpisode>,
    assessment: Option<CinAssessment>,
    plan: Option<CinPlanDates>,
    s47: Option<CinSection47>,
    cpp: Option<CinCpPlan>,
    unknown: BTreeSet<String>,
}

impl State {
    fn start(&mut self, name: &str, line: u32) {
        match name {
            "Child" => self.child = Some(CinChild { line, ..Default::default() }),
            "CINdetails" => self.episode = Some(CinEpisode { line, ..Default::default() }),
            "Assessments" => self.assessment = Some(CinAssessment { line, ..Default::default() }),
            "CINPlanDates" => self.plan = Some(CinPlanDates { line, ..Default::default() }),
            "Section47" => self.s47 = Some(CinSection47 { line, ..Default::default() }),
            "ChildProtectionPlans" => self.cpp = Some(CinCpPlan { line, ..Default::default() }),
            _ => {}
        }
    }

    /// Closes a container, attaching it to its parent.
    fn end_container(&mut self, name: &str) {
        match name {
            "Child" => {
                if let Some(c) = self.child.take() {
                    self.census.children.push(c);
                }
            }
            "CINdetails" => {
                if let (Some(e), Some(c)) = (self.episode.take(), self.child.as_mut()) {
                    push_first_alone(&mut c.episodes, e);
                }
            }
            "Assessments" => {
                if let (Some(a), Some(e)) = (self.assessment.take(), self.episode.as_mut()) {
                    push_first_alone(&mut e.assessments, a);
                }
            }
            "CINPlanDates" => {
                if let (Some(p), Some(e)) = (self.plan.take(), self.episode.as_mut()) {
                    push_first_alone(&mut e.cin_plans, p);
                }
            }
            "Section47" => {
                if let (Some(s), Some(e)) = (self.s47.take(), self.episode.as_mut()) {
                    push_first_alone(&mut e.section47s, s);
                }
            }
            "ChildProtectionPlans" => {
                if let (Some(p), Some(e)) = (self.cpp.take(), self.episode.as_mut()) {
                    push_first_alone(&mut e.cp_plans, p);
                }
            }
            _ => {}
        }
    }

    /// Puts a leaf value into the record being read. Returns false for an unknown element.
    fn leaf(&mut self, name: &str, parent: &str, val: Val) -> bool {
        let h = &mut self.census.header;
        match (parent, name) {
            ("CollectionDetails", "Collection") => h.collection = val,
            ("CollectionDetails", "Year") => h.year = val,
            ("CollectionDetails", "ReferenceDate") => h.reference_date = val,
            ("Source", "LEA") => h.lea = val,
            ("Section47", n) => {
                let Some(s) = self.s47.as_mut() else { return true };
                match n {
                    "S47ActualStartDate" => s.start = val,
                    "InitialCPCtarget" => s.icpc_target = val,
                    "DateOfInitialCPC" => s.icpc_date = val,
                    "ICPCnotRequired" => s.icpc_not_required = val,
                    _ => return false,
                }
            }
            ("Reviews", "CPPreviewDate") => {
                if let Some(p) = self.cpp.as_mut() {
                    p.reviews.push(val);
                }
            }
            ("FactorsIdentifiedAtAssessment", "AssessmentFactors") => {
                if let Some(a) = self.assessment.as_mut() {
                    a.factors.push(val);
                }
            }
            ("Disabilities", "Disability") => {
                if let Some(c) = self.child.as_mut() {
                    push_first_alone(&mut c.disabilities, val);
                }
            }
            ("Assessments", n) => {
                let Some(a) = self.assessment.as_mut() else { return true };
                match n {
                    "AssessmentActualStartDate" => a.start = val,
                    "AssessmentInternalReviewDate" => a.internal_review = val,
                    "AssessmentAuthorisationDate" => a.authorised = val,
                    _ => return false,
                }
            }
            ("CINPlanDates", n) => {
                let Some(p) = self.plan.as_mut() else { return true };
                match n {
                    "CINPlanStartDate" => p.start = val,
                    "CINPlanEndDate" => p.end = val,
                    _ => return false,
                }
            }
            ("ChildProtectionPlans", n) => {
                let Some(p) = self.cpp.as_mut() else { return true };
                match n {
                    "CPPstartDate" => p.start = val,
                    "CPPendDate" => p.end = val,
                    "InitialCategoryOfAbuse" => p.initial_category = val,
                    "LatestCategoryOfAbuse" => p.latest_category = val,
                    "NumberOfPreviousCPP" => p.previous_plans = val,
                    _ => return false,
                }
            }
            ("CINdetails", n) => {
                let Some(e) = self.episode.as_mut() else { return true };
                match n {
                    "CINreferralDate" => e.referral_date = val,
                    "ReferralSource" => e.referral_source = val,
                    "PrimaryNeedCode" => e.primary_need = val,
                    "CINclosureDate" => e.closure_date = val,
                    "ReasonForClosure" => e.closure_reason = val,
                    "DateOfInitialCPC" => e.initial_cpc = val,
                    "ReferralNFA" => e.nfa = val,
                    _ => return false,
                }
            }
            ("ChildIdentifiers", n) => {
                let Some(c) = self.child.as_mut() else { return true };
                match n {
                    "LAchildID" => c.la_child_id = val,
                    "UPN" => c.upn = val,
                    "FormerUPN" => c.former_upn = val,
                    "UPNunknown" => c.upn_unknown = val,
                    "PersonBirthDate" => c.birth_date = val,
                    "ExpectedPersonBirthDate" => c.expected_birth_date = val,
                    "GenderCurrent" => c.gender_current = val,
                    "Sex" => c.sex = val,
                    "PersonDeathDate" => c.death_date = val,
                    _ => return false,
                }
            }
            ("ChildCharacteristics", "Ethnicity") => {
                if let Some(c) = self.child.as_mut() {
                    c.ethnicity = val;
                }
            }
            (_, n) => return IGNORED.contains(&n),
        }
        true
    }
}

/// A streaming reader over an XML file that counts its lines, text trimmed.
pub(super) fn open_xml<R: Read>(source: R) -> Reader<LineCounter<BufReader<R>>> {
    let mut reader = Reader::from_reader(LineCounter { inner: BufReader::with_capacity(1 << 16, source), newlines: 0 });
    reader.config_mut().trim_text(true);
    reader
}

/// Reads a CIN census. Not well-formed XML is an error with its line; an
/// XML file that is not a CIN census is refused.
pub fn read_cin(source: impl Read, name: &str, issues: &mut Vec<Issue>) -> Result<CinCensus, String> {
    let mut reader = open_xml(source);
    let mut buf = Vec::with_capacity(1024);
    let mut open = OpenElements::default();
    let mut text = String::new();
    let mut text_line = 0;
    let mut state = State::default();
    let mut seen_root = false;
    loop {
        let event = reader.read_event_into(&mut buf);
        let line = reader.get_ref().newlines + 1;
        match event {
            Ok(Event::Start(e)) => {
                let tag = super::text_of(e.local_name().into_inner());
                if !seen_root {
                    if tag != "Message" {
                        return Err(format!("this XML file's root element is <{tag}>, not the CIN census <Message>"));
                    }
                    seen_root = true;
                }
                state.start(&tag, line);
                open.push(&tag);
                text.clear();
            }
            Ok(Event::Empty(e)) => {
                let tag = super::text_of(e.local_name().into_inner());
                let parent = open.last().unwrap_or("");
                if !CONTAINERS.contains(&tag.as_ref()) && !state.leaf(&tag, parent, Val::absent(line)) {
                    state.unknown.insert(format!("{tag} in {parent}"));
                }
            }
            Ok(Event::Text(t)) => {
                text.clear();
                match t.unescape() {
                    Ok(s) => text.push_str(&s),
                    Err(e) => {
                        issues.push(read_issue(
                            name,
                            Some(line),
                            "SCR-XML",
                            format!("a value could not be read ({e}); check for a stray '&' and write it as &amp;"),
                        ));
                        text.push_str(&String::from_utf8_lossy(&t));
                    }
                }
                text_line = line;
            }
            Ok(Event::CData(t)) => {
                text.clear();
                text.push_str(&String::from_utf8_lossy(&t));
                text_line = line;
            }
            Ok(Event::End(_)) => {
                let closed = open.close(|tag, parent| {
                    if CONTAINERS.contains(&tag) {
                        state.end_container(tag);
                    } else {
                        let val = Val::new(&text, if text.is_empty() { line } else { text_line });
                        if !state.leaf(tag, parent, val) {
                            state.unknown.insert(format!("{tag} in {parent}"));
                        }
                    }
                });
                if closed.is_none() {
                    break;
                }
                text.clear();
            }
            Ok(Event::Eof) => {
                if !seen_root {
                    return Err("this XML file has no elements".into());
                }
                if let Some(open) = open.last() {
                    issues.push(read_issue(
                        name,
                        Some(line),
                        "SCR-XML",
                        format!("the file ends inside <{open}>: it is truncated or not well-formed. Export the census again."),
                    ));
                    return Err(String::new());
                }
                break;
            }
            Ok(_) => {}
            Err(e) => {
                issues.push(read_issue(
                    name,
                    Some(line),
                    "SCR-XML",
                    format!("the file is not well-formed XML here: {e}. Export the census again or correct the file."),
                ));
                return Err(String::new());
            }
        }
        buf.clear();
    }
    if state.census.children.is_empty() && !state.census.header.collection.present() {
        return Err("this XML file is not a CIN census: it has neither a CIN collection header nor any <Child>".into());
    }
    report_unknown(name, "CIN census", state.unknown, issues);
    Ok(state.census)
}

/// Warns of elements a return's specification does not have (they are ignored).
pub(super) fn report_unknown(name: &str, return_name: &str, unknown: BTreeSet<String>, issues: &mut Vec<Issue>) {
    for u in unknown {
        issues.push(Issue {
            severity: Severity::Warning,
            rule: "SCR-XML-UNKNOWN".into(),
            file: name.into(),
            line: None,
            child: None,
            field: Some(u.clone()),
            value: None,
            message: format!("the element {u} is not part of the {return_name} specification and was ignored"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_elements_close_innermost_first_with_their_parent() {
        let mut open = OpenElements::default();
        assert!(open.is_empty() && open.last().is_none());
        for name in ["Message", "Children", "Child", "LAchildID"] {
            open.push(name);
        }
        assert_eq!(open.close(|tag, parent| format!("{tag} in {parent}")).as_deref(), Some("LAchildID in Child"));
        assert_eq!(open.last(), Some("Child"));
        open.push("UPN");
        assert_eq!(open.close(|tag, parent| format!("{tag} in {parent}")).as_deref(), Some("UPN in Child"));
        for (tag, parent) in [("Child", "Children"), ("Children", "Message"), ("Message", "")] {
            assert_eq!(open.close(|t, p| (t.to_string(), p.to_string())), Some((tag.to_string(), parent.to_string())));
        }
        assert!(open.is_empty());
        assert_eq!(open.close(|_, _| ()), None);
    }

    #[test]
    fn newlines_are_counted_across_runs_of_any_length() {
        for length in [0, 1, 254, 255, 256, 1000, 70_000] {
            let bytes: Vec<u8> = (0..length).map(|i| if i % 3 == 0 || i % 7 == 0 { b'\n' } else { b'x' }).collect();
            assert_eq!(count_newlines(&bytes) as usize, bytes.iter().filter(|&&b| b == b'\n').count(), "{length} bytes");
        }
        assert_eq!(count_newlines(&[b'\n'; 600]), 600, "more newlines in a run than a byte holds would overflow");
    }

    fn read_str(xml: &str) -> (Result<CinCensus, String>, Vec<Issue>) {
        let mut issues = Vec::new();
        (read_cin(xml.as_bytes(), "c.xml", &mut issues), issues)
    }

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>
  <Source><SourceLevel>L</SourceLevel><LEA>893</LEA></Source></Header>
  <Children>
    <Child>
      <ChildIdentifiers>
        <LAchildID>A1</LAchildID>
        <PersonBirthDate>2015-01-02</PersonBirthDate>
        <Sex>F</Sex>
      </ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2024-05-01</CINreferralDate>
        <ReferralSource>6</ReferralSource>
        <DateOfInitialCPC>2024-05-20</DateOfInitialCPC>
        <Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors><AssessmentFactors>4B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
        <Section47><S47ActualStartDate>2024-05-03</S47ActualStartDate><DateOfInitialCPC>2024-05-21</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>
        <ReferralNFA>false</ReferralNFA>
        <ChildProtectionPlans><CPPstartDate>2024-05-21</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>2024-08-01</CPPreviewDate></Reviews></ChildProtectionPlans>
      </CINdetails>
    </Child>
  </Children>
</Message>
"#;

    #[test]
    fn reads_every_module_with_lines() {
        let (c, issues) = read_str(SMALL);
        let c = c.unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(c.header.lea.trimmed(), Some("893"));
        assert_eq!(c.header.reference_date.date().unwrap().to_string(), "2025-03-31");
        let child = &c.children[0];
        assert_eq!(child.id(), "A1");
        assert_eq!(child.la_child_id.line, 8);
        assert_eq!(child.sex.trimmed(), Some("F"));
        assert_eq!(child.disabilities.len(), 1);
        let e = &child.episodes[0];
        assert_eq!(e.referral_date.line, 14);
        assert_eq!(e.initial_cpc.trimmed(), Some("2024-05-20"), "episode-level ICPC kept apart from the S47's");
        assert_eq!(e.section47s[0].icpc_date.trimmed(), Some("2024-05-21"));
        assert_eq!(e.assessments[0].factors.len(), 2);
        assert_eq!(e.cp_plans[0].reviews.len(), 1);
        assert_eq!(e.nfa.flag(), Some(false));
    }

    #[test]
    fn lists_of_one_take_room_for_one() {
        let (c, _) = read_str(SMALL);
        let child = &c.unwrap().children[0];
        assert_eq!((child.episodes.capacity(), child.disabilities.capacity()), (1, 1));
        let e = &child.episodes[0];
        assert_eq!((e.assessments.capacity(), e.section47s.capacity(), e.cp_plans.capacity()), (1, 1, 1));
    }

    #[test]
    fn truncated_xml_is_an_error_with_a_line() {
        let cut = &SMALL[..SMALL.find("<ReferralNFA>").unwrap()];
        let (c, issues) = read_str(cut);
        assert!(c.is_err());
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].rule, "SCR-XML");
        assert!(issues[0].message.contains("truncated"), "{}", issues[0].message);
    }

    #[test]
    fn mismatched_tags_are_reported() {
        let (c, issues) = read_str("<Message><Children><Child></Children></Message>");
        assert!(c.is_err());
        assert_eq!(issues[0].rule, "SCR-XML");
    }

    #[test]
    fn other_xml_is_refused() {
        let (c, _) = read_str("<?xml version=\"1.0\"?><Workbook></Workbook>");
        assert!(c.unwrap_err().contains("<Workbook>"));
    }

    #[test]
    fn unknown_elements_are_warned_once() {
        let xml = SMALL.replace("<Sex>F</Sex>", "<Sex>F</Sex><Nickname>x</Nickname>");
        let (c, issues) = read_str(&xml);
        assert!(c.is_ok());
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].rule, "SCR-XML-UNKNOWN");
    }
}
