//! The CIN census XML, read as a stream of tokens (never a whole DOM), so a
//! large census stays within modest memory. Every value keeps its line.

use super::xml::{unescape, Token, Tokens};
use super::{read_issue, text_of};
use crate::issue::{Issue, Severity};
use crate::raw::*;
use std::collections::BTreeSet;
use std::io::Read;

/// Elements a CIN census may hold (2023-24 to 2025-26), besides those read into fields.
const CONTAINERS: &[&[u8]] = &[
    b"Message",
    b"Header",
    b"CollectionDetails",
    b"Source",
    b"Children",
    b"Child",
    b"ChildIdentifiers",
    b"ChildCharacteristics",
    b"Disabilities",
    b"CINdetails",
    b"Assessments",
    b"FactorsIdentifiedAtAssessment",
    b"CINPlanDates",
    b"Section47",
    b"ChildProtectionPlans",
    b"Reviews",
    b"PreProceedingsandFGDM",
];
/// Header and 2025-26 pre-proceedings items, accepted and not (yet) used.
const IGNORED: &[&[u8]] = &[
    b"SourceLevel",
    b"SoftwareCode",
    b"Release",
    b"SerialNo",
    b"DateTime",
    b"PPStartDate",
    b"LBPSentDate",
    b"FGDMMeetingOffer",
    b"FGDMMeetingFac",
    b"InitialPPMeetingDate",
    b"ReviewMeetingsCount",
    b"StepDecisionDate",
    b"PPOutcome",
    b"CourtAppDate",
    b"LetterInitCPDate",
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
    fn start(&mut self, name: &[u8], line: u32) {
        match name {
            b"Child" => self.child = Some(CinChild { line, ..Default::default() }),
            b"CINdetails" => self.episode = Some(CinEpisode { line, ..Default::default() }),
            b"Assessments" => self.assessment = Some(CinAssessment { line, ..Default::default() }),
            b"CINPlanDates" => self.plan = Some(CinPlanDates { line, ..Default::default() }),
            b"Section47" => self.s47 = Some(CinSection47 { line, ..Default::default() }),
            b"ChildProtectionPlans" => self.cpp = Some(CinCpPlan { line, ..Default::default() }),
            _ => {}
        }
    }

    /// Closes a container, attaching it to its parent.
    fn end_container(&mut self, name: &[u8]) {
        match name {
            b"Child" => {
                if let Some(c) = self.child.take() {
                    self.census.children.push(c);
                }
            }
            b"CINdetails" => {
                if let (Some(e), Some(c)) = (self.episode.take(), self.child.as_mut()) {
                    push_first_alone(&mut c.episodes, e);
                }
            }
            b"Assessments" => {
                if let (Some(a), Some(e)) = (self.assessment.take(), self.episode.as_mut()) {
                    push_first_alone(&mut e.assessments, a);
                }
            }
            b"CINPlanDates" => {
                if let (Some(p), Some(e)) = (self.plan.take(), self.episode.as_mut()) {
                    push_first_alone(&mut e.cin_plans, p);
                }
            }
            b"Section47" => {
                if let (Some(s), Some(e)) = (self.s47.take(), self.episode.as_mut()) {
                    push_first_alone(&mut e.section47s, s);
                }
            }
            b"ChildProtectionPlans" => {
                if let (Some(p), Some(e)) = (self.cpp.take(), self.episode.as_mut()) {
                    push_first_alone(&mut e.cp_plans, p);
                }
            }
            _ => {}
        }
    }

    /// Puts a leaf value into the record being read. Returns false for an unknown element.
    fn leaf(&mut self, name: &[u8], parent: &[u8], val: Val) -> bool {
        let h = &mut self.census.header;
        match (parent, name) {
            (b"CollectionDetails", b"Collection") => h.collection = val,
            (b"CollectionDetails", b"Year") => h.year = val,
            (b"CollectionDetails", b"ReferenceDate") => h.reference_date = val,
            (b"Source", b"LEA") => h.lea = val,
            (b"Section47", n) => {
                let Some(s) = self.s47.as_mut() else { return true };
                match n {
                    b"S47ActualStartDate" => s.start = val,
                    b"InitialCPCtarget" => s.icpc_target = val,
                    b"DateOfInitialCPC" => s.icpc_date = val,
                    b"ICPCnotRequired" => s.icpc_not_required = val,
                    _ => return false,
                }
            }
            (b"Reviews", b"CPPreviewDate") => {
                if let Some(p) = self.cpp.as_mut() {
                    p.reviews.push(val);
                }
            }
            (b"FactorsIdentifiedAtAssessment", b"AssessmentFactors") => {
                if let Some(a) = self.assessment.as_mut() {
                    a.factors.push(val);
                }
            }
            (b"Disabilities", b"Disability") => {
                if let Some(c) = self.child.as_mut() {
                    push_first_alone(&mut c.disabilities, val);
                }
            }
            (b"Assessments", n) => {
                let Some(a) = self.assessment.as_mut() else { return true };
                match n {
                    b"AssessmentActualStartDate" => a.start = val,
                    b"AssessmentInternalReviewDate" => a.internal_review = val,
                    b"AssessmentAuthorisationDate" => a.authorised = val,
                    _ => return false,
                }
            }
            (b"CINPlanDates", n) => {
                let Some(p) = self.plan.as_mut() else { return true };
                match n {
                    b"CINPlanStartDate" => p.start = val,
                    b"CINPlanEndDate" => p.end = val,
                    _ => return false,
                }
            }
            (b"ChildProtectionPlans", n) => {
                let Some(p) = self.cpp.as_mut() else { return true };
                match n {
                    b"CPPstartDate" => p.start = val,
                    b"CPPendDate" => p.end = val,
                    b"InitialCategoryOfAbuse" => p.initial_category = val,
                    b"LatestCategoryOfAbuse" => p.latest_category = val,
                    b"NumberOfPreviousCPP" => p.previous_plans = val,
                    _ => return false,
                }
            }
            (b"CINdetails", n) => {
                let Some(e) = self.episode.as_mut() else { return true };
                match n {
                    b"CINreferralDate" => e.referral_date = val,
                    b"ReferralSource" => e.referral_source = val,
                    b"PrimaryNeedCode" => e.primary_need = val,
                    b"CINclosureDate" => e.closure_date = val,
                    b"ReasonForClosure" => e.closure_reason = val,
                    b"DateOfInitialCPC" => e.initial_cpc = val,
                    b"ReferralNFA" => e.nfa = val,
                    _ => return false,
                }
            }
            (b"ChildIdentifiers", n) => {
                let Some(c) = self.child.as_mut() else { return true };
                match n {
                    b"LAchildID" => c.la_child_id = val,
                    b"UPN" => c.upn = val,
                    b"FormerUPN" => c.former_upn = val,
                    b"UPNunknown" => c.upn_unknown = val,
                    b"PersonBirthDate" => c.birth_date = val,
                    b"ExpectedPersonBirthDate" => c.expected_birth_date = val,
                    b"GenderCurrent" => c.gender_current = val,
                    b"Sex" => c.sex = val,
                    b"PersonDeathDate" => c.death_date = val,
                    _ => return false,
                }
            }
            (b"ChildCharacteristics", b"Ethnicity") => {
                if let Some(c) = self.child.as_mut() {
                    c.ethnicity = val;
                }
            }
            (_, n) => return IGNORED.contains(&n),
        }
        true
    }
}

/// Bytes of census XML per child, about: a child with identifiers, characteristics
/// and one episode takes over a kilobyte, so a file of `size` bytes holds fewer
/// than `size / BYTES_PER_CHILD` children.
const BYTES_PER_CHILD: u64 = 1024;

/// Reads a CIN census of about `size` bytes. Not well-formed XML is an error
/// with its line; an XML file that is not a CIN census is refused.
pub fn read_cin(source: impl Read, size: u64, name: &str, issues: &mut Vec<Issue>) -> Result<CinCensus, String> {
    let mut tokens = Tokens::new(source);
    let mut text = String::new();
    let mut text_line = 0;
    let mut state = State::default();
    // Room for every child at once: growing the list copies each child again
    // (hundreds of bytes) and touches new memory at every doubling. Pages
    // reserved beyond the last child are never touched.
    state.census.children.try_reserve(usize::try_from(size / BYTES_PER_CHILD).unwrap_or(0)).ok();
    let mut seen_root = false;
    loop {
        let (line, token) = match tokens.next() {
            Ok(next) => next,
            Err(e) => {
                issues.push(read_issue(name, Some(tokens.line()), "SCR-XML", format!("{e}. Export the census again or correct the file.")));
                return Err(String::new());
            }
        };
        match token {
            Token::Start { name: tag, parent, empty } => {
                if !seen_root {
                    if tag != b"Message" {
                        return Err(format!("this XML file's root element is <{}>, not the CIN census <Message>", text_of(tag)));
                    }
                    seen_root = true;
                }
                if empty {
                    if !CONTAINERS.contains(&tag) && !state.leaf(tag, parent, Val::absent(line)) {
                        state.unknown.insert(format!("{} in {}", text_of(tag), text_of(parent)));
                    }
                } else {
                    state.start(tag, line);
                }
                text.clear();
            }
            Token::Text(raw) => {
                text.clear();
                match unescape(raw) {
                    Ok(s) => text.push_str(&s),
                    Err(e) => {
                        issues.push(read_issue(
                            name,
                            Some(line),
                            "SCR-XML",
                            format!("a value could not be read ({e}); check for a stray '&' and write it as &amp;"),
                        ));
                        text.push_str(&String::from_utf8_lossy(raw));
                    }
                }
                text_line = line;
            }
            Token::CData(raw) => {
                text.clear();
                text.push_str(&String::from_utf8_lossy(raw));
                text_line = line;
            }
            Token::End { name: tag, parent } => {
                if CONTAINERS.contains(&tag) {
                    state.end_container(tag);
                } else {
                    let val = Val::new(&text, if text.is_empty() { line } else { text_line });
                    if !state.leaf(tag, parent, val) {
                        state.unknown.insert(format!("{} in {}", text_of(tag), text_of(parent)));
                    }
                }
                text.clear();
            }
            Token::Eof => break,
        }
    }
    if !seen_root {
        return Err("this XML file has no elements".into());
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

    fn read_str(xml: &str) -> (Result<CinCensus, String>, Vec<Issue>) {
        let mut issues = Vec::new();
        (read_cin(xml.as_bytes(), xml.len() as u64, "c.xml", &mut issues), issues)
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
