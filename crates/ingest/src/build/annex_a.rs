//! Annex A merged into the dataset. Annex A restates much of the CIN census
//! and SSDA903; it is used for what they lack (contacts, allocated workers,
//! last visits, return interviews, care leavers' latest contact and plan).
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

impl Builder {
    fn annex_conflict(&mut self, file: &InputFile, line: u32, child: &str, field: &str, theirs: String, ours: String) {
        let place = file.part.as_deref().map_or(String::new(), |p| format!(" ({p})"));
        self.issues.push(Issue {
            severity: Severity::Warning,
            rule: "SCR-CONFLICT".into(),
            file: file.path.clone(),
            line: Some(line),
            child: Some(child.into()),
            field: Some(field.into()),
            value: Some(ours.clone()),
            message: format!(
                "the statutory returns give this child's {field} as {theirs}; Annex A{place} says {ours}. The statutory return is used; correct the one that is wrong."
            ),
        });
    }

    pub(super) fn annex_a(&mut self, file: &InputFile, t: &CsvTable, list: u8) {
        if list == 11 {
            return; // Adopters are not children.
        }
        let g = |c: &str| t.get(c);
        let (child_id, gender, ethnicity, dob) = (g("Child Unique ID"), g("Gender"), g("Ethnicity"), g("Date of Birth"));
        let (team, worker) = (g("Allocated Team"), g("Allocated Worker"));
        let event = event_column(list).map(g);
        for r in &t.rows {
            let Some(id) = child_id(r).trimmed().map(str::to_string) else { continue };
            let born = dob(r).date();
            let sex = gender(r).trimmed().and_then(annex_sex);
            let eth = answer(&ethnicity(r)).and_then(|e| Ethnicity::from_code(&e));
            self.annex_identity(file, r.line, &id, born, sex, eth);
            let event_date = event.as_ref().and_then(|e| e(r).date());
            if let (Some(start), Some(worker)) = (event_date, worker(r).trimmed()) {
                self.annex_allocation(&id, worker, team(r).trimmed().unwrap_or(""), start);
            }
            match list {
                1 => self.annex_contact(&id, g("Date of Contact")(r).date(), answer(&g("Contact Source")(r))),
                7 => {
                    if let Some(start) = event_date {
                        self.annex_cp_plan_start(file, r.line, &id, start);
                    }
                    let seen_alone = yes_no(&g("Was the Child Seen Alone?")(r));
                    if let Some(date) = g("Date of the Last Statutory Visit")(r).date() {
                        self.annex_visit(file, r.line, &id, VisitKind::ChildProtection, date, seen_alone);
                    }
                }
                8 => {
                    if let Some(start) = event_date {
                        self.annex_care_start(file, r.line, &id, start);
                    }
                    if let Some(date) = g("Date of Last Social Work Visit")(r).date() {
                        self.annex_visit(file, r.line, &id, VisitKind::LookedAfter, date, None);
                    }
                    let offered = yes_no(&g("Was the child offered a Return Interview after their last missing episode (Y/N)?")(r));
                    let accepted = yes_no(&g("Did the child accept a Return Interview after their last missing episode (Y/N)?")(r));
                    self.annex_return_interview(file, r.line, &id, offered, accepted);
                }
                9 => {
                    let adviser = g("Allocated Personal Advisor")(r).trimmed().or(worker(r).trimmed()).map(str::to_string);
                    let facts = (g("Latest Contact")(r).date(), g("Latest Pathway Plan")(r).date(), adviser);
                    let in_touch = answer(&g("LA in Touch")(r)).and_then(|c| InTouch::from_code(&c.to_ascii_uppercase()));
                    self.annex_care_leaver(file, r.line, &id, facts, in_touch);
                }
                _ => {}
            }
        }
    }

    /// The child's identity: filled where the returns left it unknown; a different date of birth is reported.
    fn annex_identity(&mut self, file: &InputFile, line: u32, id: &str, born: Option<NaiveDate>, sex: Option<Sex>, eth: Option<Ethnicity>) {
        self.ensure(id);
        let c = self.draft(id).child.as_mut().expect("ensured");
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
        let wid = match self.workers.values().find(|w| w.id == worker || w.name.eq_ignore_ascii_case(worker)) {
            Some(w) => w.id.clone(),
            None => {
                let mut w = unknown_worker(worker, "");
                w.name = worker.to_string();
                w.team = team_id.clone();
                self.workers.insert(worker.to_string(), w);
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
        let mut conflicts = Vec::new();
        for (field, known, said) in
            [("return interview offered", &mut m.return_interview_offered, offered), ("return interview accepted", &mut m.return_interview_accepted, accepted)]
        {
            match (*known, said) {
                (None, Some(s)) => *known = Some(s),
                (Some(k), Some(s)) if k != s => conflicts.push((field, k, s)),
                _ => {}
            }
        }
        let yn = |b: bool| if b { "yes" } else { "no" }.to_string();
        for (field, k, s) in conflicts {
            self.annex_conflict(file, line, id, field, yn(k), yn(s));
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
        let workers = &self.workers;
        let adviser_id =
            adviser.as_deref().map(|a| workers.values().find(|w| w.id == a || w.name.eq_ignore_ascii_case(a)).map_or(a.to_string(), |w| w.id.clone()));
        // Borrowed by field so the workers stay readable; the identity was read first, so the draft exists.
        let Some(d) = self.children.get_mut(id) else { return };
        let born = d.child.as_ref().and_then(|c| c.birth_date);
        let Some(bday) = born.zip(contact.or(plan)).and_then(|(b, a)| (17..=21).filter_map(|age| birthday(b, age)).filter(|d| *d >= a).min()) else { return };
        let Some(rec) = (match d.leavers.get_mut(&bday) {
            Some(r) => Some(r),
            None => in_touch.map(|t| {
                d.leavers.entry(bday).or_insert(CareLeaverRecord {
                    birthday: bday,
                    in_touch: t,
                    activity: None,
                    accommodation: None,
                    accommodation_suitable: None,
                    latest_contact: None,
                    pathway_plan_review: None,
                    personal_adviser: None,
                })
            }),
        }) else {
            return;
        };
        let mut conflicts = Vec::new();
        for (field, known, said) in [("latest contact", &mut rec.latest_contact, contact), ("latest pathway plan", &mut rec.pathway_plan_review, plan)] {
            match (*known, said) {
                (None, Some(s)) => *known = Some(s),
                (Some(k), Some(s)) if k != s => conflicts.push((field, k.to_string(), s.to_string())),
                _ => {}
            }
        }
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
    use crate::rules::testing::cin_census;

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
            std::fs::write(dir.path().join(name), text).unwrap();
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
