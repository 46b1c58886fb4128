//! Annex A merged into the dataset. Annex A restates much of the CIN census
//! and SSDA903; it is used for what they lack (contacts, allocated workers,
//! last visits, return interviews, care leavers' latest contact and plan,
//! assessments, enquiries and adoptions after the latest return).
//! Where it disagrees with a statutory return about the same child, the
//! return is kept and the disagreement reported; nothing is silently replaced.

use super::*;
use crate::read::annex_a::{annex_sex, answer_code};

/// The column dating each list's event, where the list has one (an allocation starts no later).
fn event_column(list: u8) -> Option<&'static str> {
    Some(match list {
        3 => "Date of referral",
        4 => "Continuous Assessment Start Date",
        5 => "Strategy discussion initiating Section 47 Enquiry Start Date",
        6 => "CIN Start Date",
        7 => "Child Protection Plan Start Date",
        8 => "Date Started to be Looked After",
        _ => return None,
    })
}

fn answer(v: &Cell) -> Option<String> {
    v.trimmed().map(|t| answer_code(t).to_string())
}

fn yes_no(v: &Cell) -> Option<bool> {
    match answer(v)?.to_ascii_uppercase().as_str() {
        "Y" | "YES" => Some(true),
        "N" | "NO" => Some(false),
        _ => None,
    }
}

/// One fact that both a return and Annex A may give: a gap in the return is
/// filled; a difference is returned as (the return's, Annex A's), the return's kept.
fn settle<T: Copy + PartialEq>(known: &mut Option<T>, said: Option<T>) -> Option<(T, T)> {
    match (*known, said) {
        (None, Some(s)) => {
            *known = Some(s);
            None
        }
        (Some(k), Some(s)) if k != s => Some((k, s)),
        _ => None,
    }
}

fn yes_or_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// List 10's dates for one child.
struct AdoptionDates {
    decision: Option<NaiveDate>,
    placement_order: Option<NaiveDate>,
    matched: Option<NaiveDate>,
    placed: Option<NaiveDate>,
    adopted: Option<NaiveDate>,
    reversed: Option<NaiveDate>,
}

/// The child's referral open on `day`: where an assessment or enquiry Annex A adds belongs.
fn open_referral<'d>(d: &'d mut ChildDraft<'_>, day: NaiveDate) -> Option<&'d mut Referral> {
    d.referrals.range_mut(..=day).rev().map(|(_, r)| r).find(|r| r.closure_date.is_none_or(|c| c >= day))
}

impl<'a> Builder<'a> {
    fn annex_conflict(&mut self, file: &InputFile, line: u32, child: &str, field: &str, theirs: String, ours: String) {
        let place = file.part.as_deref().map_or(String::new(), |p| format!(" ({p})"));
        let message =
            format!("the statutory returns give this child's {field} as {theirs}; Annex A{place} says {ours}. The statutory return is used; correct the one that is wrong.");
        self.issues.push(super::conflict(file, line, child, field, ours, message));
    }

    pub(super) fn annex_a(&mut self, file: &'a InputFile, t: &CsvTable, list: u8) {
        let g = |c: &str| t.get(c);
        // Each list's own columns are looked up once, here, not on every row.
        match list {
            1 => {
                let (date, source) = (g("Date of Contact"), g("Contact Source"));
                self.annex_rows(file, t, list, |b, r, id, _| b.annex_contact(id, date(r).date(), answer(&source(r))));
            }
            4 => {
                let authorised = g("Continuous Assessment Date of Authorisation");
                self.annex_rows(file, t, list, |b, r, id, start| b.annex_assessment(file, r.line, id, start, authorised(r).date()));
            }
            5 => {
                let (unnecessary, icpc) =
                    (g("Was an Initial Child Protection Conference deemed unnecessary?"), g("Date of Initial Child Protection Conference"));
                self.annex_rows(file, t, list, |b, r, id, start| b.annex_section47(file, r.line, id, start, icpc(r).date(), yes_no(&unnecessary(r))));
            }
            7 => {
                let (seen_alone, visit) = (g("Was the Child Seen Alone?"), g("Date of the Last Statutory Visit"));
                self.annex_rows(file, t, list, |b, r, id, start| {
                    if let Some(start) = start {
                        b.annex_cp_plan_start(file, r.line, id, start);
                    }
                    let seen_alone = yes_no(&seen_alone(r));
                    if let Some(date) = visit(r).date() {
                        b.annex_visit(file, r.line, id, VisitKind::ChildProtection, date, seen_alone);
                    }
                });
            }
            8 => {
                let visit = g("Date of Last Social Work Visit");
                let offered = g("Was the child offered a Return Interview after their last missing episode (Y/N)?");
                let accepted = g("Did the child accept a Return Interview after their last missing episode (Y/N)?");
                self.annex_rows(file, t, list, |b, r, id, start| {
                    if let Some(start) = start {
                        b.annex_care_start(file, r.line, id, start);
                    }
                    if let Some(date) = visit(r).date() {
                        b.annex_visit(file, r.line, id, VisitKind::LookedAfter, date, None);
                    }
                    b.annex_return_interview(file, r.line, id, yes_no(&offered(r)), yes_no(&accepted(r)));
                });
            }
            9 => {
                let (adviser, worker, contact, plan, in_touch) =
                    (g("Allocated Personal Advisor"), g("Allocated Worker"), g("Latest Contact"), g("Latest Pathway Plan"), g("LA in Touch"));
                self.annex_rows(file, t, list, |b, r, id, _| {
                    let adviser = adviser(r).trimmed().or(worker(r).trimmed()).map(str::to_string);
                    let facts = (contact(r).date(), plan(r).date(), adviser);
                    let in_touch = answer(&in_touch(r)).and_then(|c| InTouch::from_code(&c.to_ascii_uppercase()));
                    b.annex_care_leaver(file, r.line, id, facts, in_touch);
                });
            }
            10 => {
                let (decision, order, matched, placed, adopted, reversed) = (
                    g("Date of Decision that Child Should be Placed for Adoption"),
                    g("Date of Placement Order"),
                    g("Date of Matching Child and Prospective Adopters"),
                    g("Date Placed for Adoption"),
                    g("Date of Adoption Order"),
                    g("Date of Decision that Child Should No Longer be Placed for Adoption"),
                );
                self.annex_rows(file, t, list, |b, r, id, _| {
                    let dates = AdoptionDates {
                        decision: decision(r).date(),
                        placement_order: order(r).date(),
                        matched: matched(r).date(),
                        placed: placed(r).date(),
                        adopted: adopted(r).date(),
                        reversed: reversed(r).date(),
                    };
                    b.annex_adoption(file, r.line, id, dates);
                });
            }
            11 => {} // Adopters are not children.
            _ => self.annex_rows(file, t, list, |_, _, _, _| {}),
        }
    }

    /// What every list says of a child (identity, and the allocated worker from
    /// the list's event date), then `each` with the row, the child and that date.
    fn annex_rows(&mut self, file: &'a InputFile, t: &CsvTable, list: u8, mut each: impl FnMut(&mut Self, &CsvRow, &str, Option<NaiveDate>)) {
        let g = |c: &str| t.get(c);
        let (child_id, gender, ethnicity, dob) = (g("Child Unique ID"), g("Gender"), g("Ethnicity"), g("Date of Birth"));
        let (team, worker) = (g("Allocated Team"), g("Allocated Worker"));
        let event = event_column(list).map(g);
        for r in &t.rows {
            let Some(id) = child_id(r).into_trimmed() else { continue };
            let born = dob(r).date();
            let sex = gender(r).trimmed().and_then(annex_sex);
            let eth = answer(&ethnicity(r)).and_then(|e| Ethnicity::from_code(&e));
            self.annex_identity(file, r.line, id, born, sex, eth);
            let event_date = event.as_ref().and_then(|e| e(r).date());
            if let (Some(start), Some(worker)) = (event_date, worker(r).trimmed()) {
                self.annex_allocation(id, worker, team(r).trimmed().unwrap_or(""), start);
            }
            each(self, r, id, event_date);
        }
    }

    /// The child's identity: filled where the returns left it unknown; a different date of birth is reported.
    fn annex_identity(&mut self, file: &'a InputFile, line: u32, id: &str, born: Option<NaiveDate>, sex: Option<Sex>, eth: Option<Ethnicity>) {
        let c = self.record(id);
        let conflict = match (c.birth_date, born) {
            (Some(known), Some(b)) if known != b => Some(known),
            (None, Some(b)) => {
                c.birth_date = Some(b);
                None
            }
            _ => None,
        };
        if c.sex == Sex::Unknown {
            c.sex = sex.unwrap_or(Sex::Unknown);
        }
        if c.ethnicity == Ethnicity::NotObtained {
            c.ethnicity = eth.unwrap_or(Ethnicity::NotObtained);
        }
        if let (Some(known), Some(b)) = (conflict, born) {
            self.annex_conflict(file, line, id, "date of birth", known.to_string(), b.to_string());
        }
    }

    /// Indexes the workers by name, for `worker_meant`.
    pub(super) fn index_worker_names(&mut self) {
        self.worker_by_name.clear();
        // In order of id, so a name shared by several workers keeps the first.
        for w in self.workers.values() {
            self.worker_by_name.entry(w.name.to_ascii_lowercase()).or_insert_with(|| w.id.clone());
        }
    }

    /// The id of the worker Annex A means by `said`, which is an id or a name:
    /// of the workers it could mean, the first in order of id.
    fn worker_meant(&self, said: &str) -> Option<&str> {
        let by_id = self.workers.get_key_value(said).map(|(id, _)| id.as_str());
        let by_name = self.worker_by_name.get(&said.to_ascii_lowercase()).map(String::as_str);
        match (by_id, by_name) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// A contact, unless the SSD already holds one on that day from that source.
    /// Annex A does not say what came of a contact: one followed by a referral the same day is counted a referral.
    fn annex_contact(&mut self, id: &str, date: Option<NaiveDate>, source: Option<String>) {
        let (Some(date), Some(source)) = (date, source.as_deref().and_then(ReferralSource::from_code)) else { return };
        let d = self.draft(id);
        if d.contacts.values().any(|c| c.date == date && c.source == source) {
            return;
        }
        let outcome = if d.referrals.contains_key(&date) { ContactOutcome::Referral } else { ContactOutcome::NoFurtherAction };
        let cid = format!("{id}-AA-{}-{}", date.format("%Y%m%d"), source.code());
        d.contacts.insert(cid.clone(), Contact { id: cid, date, source, outcome });
    }

    /// The allocated worker, named as Annex A names them (by name, or by id), matched
    /// first among the child's own allocations. A worker new to the child is allocated from the list's event.
    fn annex_allocation(&mut self, id: &str, worker: &str, team: &str, start: NaiveDate) {
        let is = |w: &str, workers: &BTreeMap<String, Worker>| w == worker || workers.get(w).is_some_and(|x| x.name.eq_ignore_ascii_case(worker));
        let workers = &self.workers;
        let own = self.children.get(id).and_then(|d| d.allocations.values().find(|a| is(&a.worker, workers)).map(|a| a.worker.clone()));
        if own.is_some() {
            return;
        }
        let team_id = self.teams.values().find(|t| t.id == team || t.name.eq_ignore_ascii_case(team)).map_or_else(|| team.to_string(), |t| t.id.clone());
        let wid = match self.worker_meant(worker) {
            Some(wid) => wid.to_string(),
            None => {
                let mut w = unknown_worker(worker, "");
                w.name = worker.to_string();
                w.team = team_id.clone();
                self.workers.insert(worker.to_string(), w);
                self.worker_by_name.insert(worker.to_ascii_lowercase(), worker.to_string());
                worker.to_string()
            }
        };
        let allocation = Allocation { worker: wid.clone(), team: team_id, start, end: None, end_reason: None, referral_id: None };
        self.draft(id).allocations.insert((start, wid), allocation);
    }

    fn annex_cp_plan_start(&mut self, file: &InputFile, line: u32, id: &str, start: NaiveDate) {
        let starts: Vec<NaiveDate> = self.draft(id).referrals.values().flat_map(|r| r.cp_plans.iter().map(|p| p.start)).collect();
        if !starts.is_empty() && !starts.contains(&start) {
            let known = starts.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ");
            self.annex_conflict(file, line, id, "child protection plan start date", known, start.to_string());
        }
    }

    fn annex_care_start(&mut self, file: &InputFile, line: u32, id: &str, start: NaiveDate) {
        // Only episodes from the first one read on are known: an earlier start cannot be checked.
        let starts: Vec<NaiveDate> = self.draft(id).episodes.keys().copied().collect();
        if starts.first().is_some_and(|first| *first <= start) && !starts.contains(&start) {
            let first = starts.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ");
            self.annex_conflict(file, line, id, "date started to be looked after", format!("one of {first}"), start.to_string());
        }
    }

    /// A last visit, unless the SSD holds it; the child is taken as seen (a statutory visit sees the child).
    fn annex_visit(&mut self, file: &InputFile, line: u32, id: &str, kind: VisitKind, date: NaiveDate, seen_alone: Option<bool>) {
        let d = self.draft(id);
        match d.visits.get(&(date, kind as u8)) {
            Some(v) => {
                if let Some(alone) = seen_alone.filter(|a| *a != v.seen_alone) {
                    let theirs = if v.seen_alone { "seen alone" } else { "not seen alone" };
                    let ours = if alone { "seen alone" } else { "not seen alone" };
                    self.annex_conflict(file, line, id, &format!("visit on {date}"), theirs.into(), ours.into());
                }
            }
            None => {
                d.visits.insert((date, kind as u8), Visit { kind, date, seen: true, seen_alone: seen_alone.unwrap_or(false), worker: None });
            }
        }
    }

    /// Return interview after the child's latest missing episode.
    fn annex_return_interview(&mut self, file: &InputFile, line: u32, id: &str, offered: Option<bool>, accepted: Option<bool>) {
        let Some(m) = self.draft(id).missing.values_mut().rev().find(|m| m.kind == MissingType::Missing) else { return };
        let conflicts: Vec<_> =
            [("return interview offered", &mut m.return_interview_offered, offered), ("return interview accepted", &mut m.return_interview_accepted, accepted)]
                .into_iter()
                .filter_map(|(field, known, said)| settle(known, said).map(|(k, s)| (field, k, s)))
                .collect();
        for (field, k, s) in conflicts {
            self.annex_conflict(file, line, id, field, yes_or_no(k), yes_or_no(s));
        }
    }

    /// An assessment: its authorisation checked against the census's assessment of
    /// the same start. One the census lacks is a disagreement up to the end of the
    /// latest census read, and after it is added to the referral then open.
    fn annex_assessment(&mut self, file: &InputFile, line: u32, id: &str, start: Option<NaiveDate>, authorised: Option<NaiveDate>) {
        let Some(start) = start else { return };
        let covered = self.census_until.is_some_and(|until| start <= until);
        let d = self.draft(id);
        let same = d.referrals.values_mut().flat_map(|r| r.assessments.iter_mut()).find(|a| a.start == start);
        let conflict = if let Some(a) = same {
            settle(&mut a.authorised, authorised).map(|(k, s)| ("assessment authorisation date", k.to_string(), s.to_string()))
        } else if covered {
            Some(("assessments", format!("none starting on {start}"), format!("one starting on {start}")))
        } else if let Some(r) = open_referral(d, start) {
            r.assessments.push(Assessment { start, authorised, factors: Vec::new(), worker: None });
            r.assessments.sort_by_key(|a| a.start);
            None
        } else {
            Some(("referrals", format!("none open on {start}"), format!("an assessment starting on {start}")))
        };
        if let Some((field, theirs, ours)) = conflict {
            self.annex_conflict(file, line, id, field, theirs, ours);
        }
    }

    /// A section 47 enquiry, by its strategy discussion's date, as `annex_assessment`.
    fn annex_section47(&mut self, file: &InputFile, line: u32, id: &str, start: Option<NaiveDate>, icpc: Option<NaiveDate>, unnecessary: Option<bool>) {
        let Some(start) = start else { return };
        let covered = self.census_until.is_some_and(|until| start <= until);
        let d = self.draft(id);
        let mut conflicts = Vec::new();
        let same = d.referrals.values_mut().flat_map(|r| r.section47s.iter_mut()).find(|s| s.start == start);
        if let Some(s) = same {
            if let Some((k, said)) = settle(&mut s.icpc_date, icpc) {
                conflicts.push(("initial child protection conference date", k.to_string(), said.to_string()));
            }
            if let Some(said) = unnecessary.filter(|u| *u != s.icpc_not_required) {
                conflicts.push(("initial conference deemed unnecessary", yes_or_no(s.icpc_not_required), yes_or_no(said)));
            }
        } else if covered {
            conflicts.push(("section 47 enquiries", format!("none starting on {start}"), format!("one starting on {start}")));
        } else if let Some(r) = open_referral(d, start) {
            let enquiry = Section47 { start, icpc_target: None, icpc_date: icpc, icpc_not_required: unnecessary.unwrap_or(false) };
            r.section47s.push(enquiry);
            r.section47s.sort_by_key(|s| s.start);
        } else {
            conflicts.push(("referrals", format!("none open on {start}"), format!("a section 47 enquiry starting on {start}")));
        }
        for (field, theirs, ours) in conflicts {
            self.annex_conflict(file, line, id, field, theirs, ours);
        }
    }

    /// The adoption's dates against the SSDA903's (AD1, placed-for-adoption and
    /// episodes). A decision the SSDA903 lacks is a disagreement up to the end of
    /// the latest SSDA903 year read, and after it is added.
    fn annex_adoption(&mut self, file: &InputFile, line: u32, id: &str, said: AdoptionDates) {
        let Some(decision) = said.decision else { return };
        let covered = self.ssda903_until.is_some_and(|until| decision <= until);
        let Some(c) = self.draft(id).child.as_mut() else { return };
        let mut conflicts = Vec::new();
        match c.adoption.as_mut() {
            None if covered => {
                conflicts.push(("decision to place for adoption", "none".to_string(), decision.to_string()));
            }
            None => {
                c.adoption = Some(Adoption {
                    placement_order: said.placement_order,
                    matched: said.matched,
                    placed: said.placed,
                    adopted: said.adopted,
                    decision_reversed: said.reversed,
                    ..Adoption::decided(decision)
                });
            }
            Some(a) => {
                if a.decision != decision {
                    conflicts.push(("decision to place for adoption", a.decision.to_string(), decision.to_string()));
                }
                let dates = [
                    ("placement order date", &mut a.placement_order, said.placement_order),
                    ("date matched with adopters", &mut a.matched, said.matched),
                    ("date placed for adoption", &mut a.placed, said.placed),
                    ("adoption order date", &mut a.adopted, said.adopted),
                    ("decision no longer to place for adoption", &mut a.decision_reversed, said.reversed),
                ];
                conflicts.extend(dates.into_iter().filter_map(|(field, known, s)| settle(known, s).map(|(k, s)| (field, k.to_string(), s.to_string()))));
            }
        }
        for (field, theirs, ours) in conflicts {
            self.annex_conflict(file, line, id, field, theirs, ours);
        }
    }

    /// The care leaver's latest contact, pathway plan and adviser, against the record of the birthday they fall before.
    fn annex_care_leaver(
        &mut self,
        file: &InputFile,
        line: u32,
        id: &str,
        facts: (Option<NaiveDate>, Option<NaiveDate>, Option<String>),
        in_touch: Option<InTouch>,
    ) {
        let (contact, plan, adviser) = facts;
        // The adviser as the returns know them: an id, or (Annex A) a name, which may be shared.
        // A worker whose name no return gives cannot be checked against a name.
        let known_as = |known: &str, said: &str, workers: &BTreeMap<String, Worker>| {
            known == said || workers.get(known).is_none_or(|w| w.name.is_empty() || w.name.eq_ignore_ascii_case(said))
        };
        let adviser_id = adviser.as_deref().map(|a| self.worker_meant(a).unwrap_or(a).to_string());
        let workers = &self.workers;
        // Borrowed by field so the workers stay readable; the identity was read first, so the draft exists.
        let Some(d) = self.children.get_mut(id) else { return };
        let born = d.child.as_ref().and_then(|c| c.birth_date);
        let Some(bday) = born.zip(contact.or(plan)).and_then(|(b, a)| (17..=21).filter_map(|age| birthday(b, age)).filter(|d| *d >= a).min()) else { return };
        let Some(rec) = (match d.leavers.get_mut(&bday) {
            Some(r) => Some(r),
            None => in_touch.map(|t| {
                d.leavers.get_or_insert(
                    bday,
                    CareLeaverRecord {
                        birthday: bday,
                        in_touch: t,
                        activity: None,
                        accommodation: None,
                        accommodation_suitable: None,
                        latest_contact: None,
                        pathway_plan_review: None,
                        personal_adviser: None,
                    },
                )
            }),
        }) else {
            return;
        };
        let mut conflicts: Vec<_> = [("latest contact", &mut rec.latest_contact, contact), ("latest pathway plan", &mut rec.pathway_plan_review, plan)]
            .into_iter()
            .filter_map(|(field, known, said)| settle(known, said).map(|(k, s)| (field, k.to_string(), s.to_string())))
            .collect();
        match (&rec.personal_adviser, adviser, adviser_id) {
            (None, _, Some(a)) => rec.personal_adviser = Some(a),
            (Some(k), Some(said), _) if !known_as(k, &said, workers) => conflicts.push(("personal adviser", k.clone(), said)),
            _ => {}
        }
        for (field, k, s) in conflicts {
            self.annex_conflict(file, line, id, field, k, s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::cin_census;

    #[test]
    fn a_worker_is_meant_by_id_or_by_name_and_the_first_in_order_of_id_wins() {
        let mut b = Builder::default();
        for (id, name) in [("W1", "Jo Bloggs"), ("W2", "Sam Smith"), ("W3", "Jo Bloggs"), ("Ann Lee", "Someone Else"), ("W9", "Ann Lee")] {
            b.workers.insert(id.to_string(), Worker { name: name.to_string(), ..unknown_worker(id, "") });
        }
        b.index_worker_names();
        assert_eq!(b.worker_meant("W2"), Some("W2"), "by id");
        assert_eq!(b.worker_meant("SAM SMITH"), Some("W2"), "by name, in any case");
        assert_eq!(b.worker_meant("jo bloggs"), Some("W1"), "a shared name means the first");
        assert_eq!(b.worker_meant("Ann Lee"), Some("Ann Lee"), "an id and another's name: the first in order of id");
        assert_eq!(b.worker_meant("Nobody"), None);
        // A worker Annex A names for the first time is meant from then on.
        b.annex_allocation("C1", "New Person", "", NaiveDate::from_ymd_opt(2024, 5, 1).unwrap());
        assert_eq!(b.worker_meant("new person"), Some("New Person"));
    }

    const CHILD: &str = "<Child><ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex></ChildIdentifiers>\
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics><CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>1A</ReferralSource>\
<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA><ChildProtectionPlans><CPPstartDate>2024-06-01</CPPstartDate>\
<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans></CINdetails></Child>";
    const LIST_7: &str = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Child Protection Plan Start Date,Date of the Last Statutory Visit,Was the Child Seen Alone?,Allocated Team,Allocated Worker\n\
C1,a) Male,a) WBRI,02/01/2015,10,01/07/2024,01/03/2025,a) Yes,Team A,Jo Bloggs\n";
    const LIST_1: &str = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source\nC2,b) Female,b) WIRI,01/01/2012,13,01/02/2025,b) 1B: Schools\n";

    fn built(files: &[(&str, &str)]) -> crate::Built {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        crate::build(&crate::read_paths(&[dir.path().to_path_buf()]))
    }

    #[test]
    fn conflicts_with_the_census_are_reported_and_the_census_kept() {
        let b = built(&[("cin.xml", &cin_census(CHILD)), ("list_7.csv", LIST_7)]);
        let fields: Vec<_> = b.issues.iter().map(|i| (i.rule.as_str(), i.field.as_deref().unwrap(), i.line)).collect();
        assert_eq!(fields, [("SCR-CONFLICT", "date of birth", Some(2)), ("SCR-CONFLICT", "child protection plan start date", Some(2))]);
        let c = b.dataset.child("C1").unwrap();
        assert_eq!(c.birth_date, chrono::NaiveDate::from_ymd_opt(2015, 1, 1), "the census date of birth is kept");
        assert_eq!(Some(c.referrals[0].cp_plans[0].start), chrono::NaiveDate::from_ymd_opt(2024, 6, 1));
    }

    const MODULES: &str = "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate>\
<AssessmentAuthorisationDate>2024-05-20</AssessmentAuthorisationDate></Assessments>\
<Section47><S47ActualStartDate>2024-05-03</S47ActualStartDate><DateOfInitialCPC>2024-06-01</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>";
    const LIST_4: &str =
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Continuous Assessment Start Date,Continuous Assessment Date of Authorisation\n";
    const LIST_5: &str = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Strategy discussion initiating Section 47 Enquiry Start Date,\
Was an Initial Child Protection Conference deemed unnecessary?,Date of Initial Child Protection Conference\n";
    const LIST_10: &str = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Decision that Child Should be Placed for Adoption,\
Date of Placement Order,Date of Matching Child and Prospective Adopters,Date Placed for Adoption,Date of Adoption Order\n";
    const C1: &str = "C1,a) Male,a) WBRI,01/01/2015,10";

    fn census_with_modules() -> String {
        cin_census(&CHILD.replace("<ChildProtectionPlans>", &format!("{MODULES}<ChildProtectionPlans>")))
    }

    fn conflicts(b: &crate::Built) -> Vec<(String, String)> {
        b.issues.iter().filter(|i| i.rule == "SCR-CONFLICT").map(|i| (i.field.clone().unwrap(), i.message.clone())).collect()
    }

    #[test]
    fn assessments_and_enquiries_are_checked_against_the_census_and_added_after_it() {
        let list_4 = format!("{LIST_4}{C1},02/05/2024,21/05/2024\n{C1},01/03/2025,\n{C1},10/04/2025,30/04/2025\n");
        let list_5 = format!("{LIST_5}{C1},03/05/2024,b) No,02/06/2024\n{C1},12/04/2025,a) Yes,\n");
        let b = built(&[("cin.xml", &census_with_modules()), ("list_4.csv", &list_4), ("list_5.csv", &list_5)]);
        let found = conflicts(&b);
        let fields: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        // The authorisation and the conference differ; an assessment in the census's year that it lacks is reported, not added.
        assert_eq!(fields, ["assessment authorisation date", "assessments", "initial child protection conference date"], "{found:?}");
        assert!(found[1].1.contains("none starting on 2025-03-01") && found[1].1.contains("The statutory return is used"), "{}", found[1].1);
        let r = &b.dataset.child("C1").unwrap().referrals[0];
        let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        // After the census's year, Annex A adds to the open referral.
        let assessed: Vec<_> = r.assessments.iter().map(|a| (a.start, a.authorised)).collect();
        assert_eq!(assessed, [(day("2024-05-02"), Some(day("2024-05-20"))), (day("2025-04-10"), Some(day("2025-04-30")))]);
        let enquiries: Vec<_> = r.section47s.iter().map(|s| (s.start, s.icpc_date, s.icpc_not_required)).collect();
        assert_eq!(enquiries, [(day("2024-05-03"), Some(day("2024-06-01")), false), (day("2025-04-12"), None, true)]);
    }

    #[test]
    fn an_enquiry_or_assessment_with_no_referral_to_belong_to_is_reported() {
        let list_4 = format!("{LIST_4}C9,a) Male,a) WBRI,01/01/2015,10,10/04/2025,\n");
        let b = built(&[("cin.xml", &census_with_modules()), ("list_4.csv", &list_4)]);
        let found = conflicts(&b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("referrals as none open on 2025-04-10"), "{}", found[0].1);
        assert!(b.dataset.child("C9").unwrap().referrals.is_empty());
    }

    #[test]
    fn adoptions_are_checked_against_the_ssda903_and_added_after_it() {
        let ad1 = "CHILD,DOB,SEX,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\nC1,01/01/2015,1,01/06/2024,01/09/2024,0,2,MF,L0\n";
        let list_10 = format!("{LIST_10}{C1},01/06/2024,15/07/2024,02/09/2024,01/10/2024,\nC2,b) Female,b) WIRI,01/01/2020,5,01/04/2025,,,,\nC3,b) Female,b) WIRI,01/01/2020,5,01/03/2025,,,,\n");
        let b = built(&[("2024-25/ad1.csv", ad1), ("2024-25/list_10.csv", &list_10)]);
        let found = conflicts(&b);
        let fields: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["date matched with adopters", "decision to place for adoption"], "{found:?}");
        let day = |s: &str| s.parse::<chrono::NaiveDate>().ok();
        let a = b.dataset.child("C1").unwrap().adoption.as_ref().unwrap();
        // The AD1's match is kept; the placement order and move, which the SSDA903 did not give, are taken.
        assert_eq!((a.decision, a.matched, a.placement_order, a.placed), (day("2024-06-01").unwrap(), day("2024-09-01"), day("2024-07-15"), day("2024-10-01")));
        // After the SSDA903's year a decision is added; within it, one the SSDA903 lacks is only reported.
        assert_eq!(b.dataset.child("C2").unwrap().adoption.as_ref().map(|a| a.decision), day("2025-04-01"));
        assert!(b.dataset.child("C3").unwrap().adoption.is_none());
    }

    #[test]
    fn annex_a_adds_visits_allocations_and_contacts() {
        let b = built(&[
            ("cin.xml", &cin_census(CHILD)),
            ("list_7.csv", &LIST_7.replace("02/01/2015", "01/01/2015").replace("01/07/2024", "01/06/2024")),
            ("list_1.csv", LIST_1),
        ]);
        assert!(b.issues.is_empty(), "{:?}", b.issues);
        let c = b.dataset.child("C1").unwrap();
        assert_eq!(c.visits.len(), 1);
        assert!(c.visits[0].seen_alone && c.visits[0].kind == scrutiny_model::VisitKind::ChildProtection);
        assert_eq!(c.allocations.len(), 1);
        assert_eq!((c.allocations[0].worker.as_str(), c.allocations[0].team.as_str()), ("Jo Bloggs", "Team A"));
        assert!(b.dataset.workers.iter().any(|w| w.name == "Jo Bloggs" && w.team == "Team A"));
        let c2 = b.dataset.child("C2").unwrap();
        assert_eq!(c2.contacts.len(), 1);
        assert_eq!(c2.contacts[0].source, scrutiny_model::codes::ReferralSource::from_code("1B").unwrap());
        assert_eq!((c2.sex, c2.ethnicity), (scrutiny_model::codes::Sex::Female, scrutiny_model::codes::Ethnicity::from_code("WIRI").unwrap()));
    }
}
