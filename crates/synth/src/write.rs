//! Writes a synthetic council as a council would hold it: one folder per
//! financial year with the CIN census XML, the SSDA903 tables, the workforce
//! census and a Standard Safeguarding Dataset extract, plus `council.toml`.

use crate::faults::{self, Fault};
use crate::rng::Rng;
use crate::tables::{Node, Table};
use crate::{Options, SyntheticCouncil};
use chrono::{Datelike, NaiveDate};
use scrutiny_model::codes::*;
use scrutiny_model::formats;
use scrutiny_model::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What was written, for the caller's summary.
#[derive(Debug, Default)]
pub struct WriteSummary {
    pub files: Vec<PathBuf>,
    pub bytes: u64,
    pub faults: Vec<Fault>,
}

/// A date as the SSDA903 and Annex A write it.
pub(crate) fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map(f).unwrap_or_default()
}

fn yn(b: bool) -> String {
    if b { "Y" } else { "N" }.to_string()
}

fn flag(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

/// Writes every year's files into `out`, replacing files of the same names.
pub fn write_council(synth: &SyntheticCouncil, options: &Options, out: &Path) -> std::io::Result<WriteSummary> {
    std::fs::create_dir_all(out)?;
    let mut summary = WriteSummary::default();
    let put = |path: PathBuf, bytes: &[u8], summary: &mut WriteSummary| -> std::io::Result<()> {
        std::fs::write(&path, bytes)?;
        summary.bytes += bytes.len() as u64;
        summary.files.push(path);
        Ok(())
    };

    let mut toml = String::from("# Synthetic council made by `scrutiny synth`: invented children and workers.\n");
    toml.push_str(&format!("# seed = {}, size = {:?}, years = {}, until = {}\n", options.seed, options.size, options.years, options.until));
    toml.push_str(&synth.council.to_toml());
    put(out.join("council.toml"), toml.as_bytes(), &mut summary)?;

    let mut fault_rng = Rng::new(options.seed ^ 0x5EED_FA17);
    let (mut cin_turn, mut ssda903_turn) = (0, 0);
    // The 903 names social workers by their Social Work England number.
    let swe_numbers: BTreeMap<String, String> = synth.dataset.workers.iter().map(|w| (w.id.clone(), w.swe_no.clone())).collect();
    for year in &synth.years {
        let dir = out.join(year.to_string());
        std::fs::create_dir_all(&dir)?;
        let view: Vec<Child> = synth.dataset.children.iter().filter_map(|c| c.as_known_on(year.end())).collect();

        let mut cin = cin_census(&view, &synth.council, *year);
        let mut ssda903 = ssda903_tables(&view, *year, &swe_numbers);
        if options.error_rate > 0.0 {
            summary.faults.extend(faults::inject_cin(&mut fault_rng, &mut cin_turn, &mut cin, options.error_rate, *year));
            summary.faults.extend(faults::inject_903(&mut fault_rng, &mut ssda903_turn, &mut ssda903, options.error_rate, *year));
        }
        let mut xml = String::with_capacity(1 << 20);
        xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        cin.write(&mut xml, 0);
        put(dir.join(faults::CIN_FILE), xml.as_bytes(), &mut summary)?;

        let csww = csww_tables(&synth.dataset, &synth.council, *year);
        let census = NaiveDate::from_ymd_opt(year.start().year(), 9, 30).expect("date");
        let csww_xml = crate::csww_xml::csww_xml(&csww, &synth.council.la_code, census);
        put(dir.join(format!("csww_{}.xml", census.year())), csww_xml.as_bytes(), &mut summary)?;
        let ssd = ssd_tables(&view, &synth.dataset, *year);
        // Annex A is asked for at an inspection: the latest year only.
        let annex_a = if synth.years.last() == Some(year) { crate::annex_a::annex_a_tables(&view, &synth.dataset, year.end()) } else { Vec::new() };
        if !annex_a.is_empty() {
            let workbook = crate::annex_a::annex_a_workbook(&annex_a, year.end()).map_err(std::io::Error::other)?;
            std::fs::create_dir_all(dir.join("annex_a"))?;
            put(dir.join("annex_a/annex_a.xlsx"), &workbook, &mut summary)?;
        }
        for t in ssda903.iter().chain(csww.iter()).chain(ssd.iter()).chain(annex_a.iter()) {
            let path = dir.join(&t.file);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            put(path, &t.to_csv(), &mut summary)?;
        }
    }
    if options.error_rate > 0.0 {
        let manifest = serde_json::to_vec_pretty(&summary.faults).expect("faults serialise");
        put(out.join("faults_manifest.json"), &manifest, &mut summary)?;
    }
    std::fs::create_dir_all(out.join(formats::GOVERNANCE_FOLDER))?;
    for (name, bytes) in crate::governance::files(options) {
        put(out.join(formats::GOVERNANCE_FOLDER).join(name), &bytes, &mut summary)?;
    }
    Ok(summary)
}

/// The CIN census as at 31 March: every child with an episode of need open at any point in the year.
fn cin_census(children: &[Child], council: &Council, year: Period) -> Node {
    let (start, end) = (year.start(), year.end());
    let uses_sex = year.start().year() >= 2024;
    let mut message = Node::new("Message");
    let mut header = Node::new("Header");
    let mut details = Node::new("CollectionDetails");
    details.push(Node::leaf("Collection", "CIN")).push(Node::leaf("Year", end.year().to_string())).push(Node::leaf("ReferenceDate", iso(end)));
    let mut source = Node::new("Source");
    source
        .push(Node::leaf("SourceLevel", "L"))
        .push(Node::leaf("LEA", council.la_code.clone()))
        .push(Node::leaf("SoftwareCode", "Scrutiny synthetic council"))
        .push(Node::leaf("Release", env!("CARGO_PKG_VERSION")))
        .push(Node::leaf("SerialNo", "001"))
        .push(Node::leaf("DateTime", format!("{}T00:00:00", iso(end))));
    header.push(details).push(source);
    message.push(header);

    let mut list = Node::new("Children");
    for c in children {
        let episodes: Vec<&Referral> = c.referrals.iter().filter(|r| r.date <= end && r.closure_date.is_none_or(|d| d >= start)).collect();
        if episodes.is_empty() {
            continue;
        }
        let mut child = Node::new("Child");
        let mut ids = Node::new("ChildIdentifiers");
        ids.push(Node::leaf("LAchildID", c.id.clone()));
        ids.opt("UPN", c.upn.clone());
        ids.opt("FormerUPN", c.former_upn.clone());
        if c.upn.is_none() {
            let all_nfa = episodes.iter().all(|r| r.nfa);
            let reason = if all_nfa { Some(UpnUnknown::Un7) } else { c.upn_unknown };
            ids.opt("UPNunknown", reason.map(|u| u.code().to_string()));
        }
        ids.opt("PersonBirthDate", c.birth_date.map(iso));
        ids.opt("ExpectedPersonBirthDate", if c.birth_date.is_none() { c.expected_birth_date.map(iso) } else { None });
        if uses_sex {
            ids.push(Node::leaf("Sex", c.sex.code()));
        } else {
            ids.push(Node::leaf("GenderCurrent", c.sex.legacy_code()));
        }
        ids.opt("PersonDeathDate", c.death_date.map(iso));
        child.push(ids);

        let mut chars = Node::new("ChildCharacteristics");
        chars.push(Node::leaf("Ethnicity", c.ethnicity.code()));
        if !c.disabilities.is_empty() {
            let mut d = Node::new("Disabilities");
            for x in &c.disabilities {
                d.push(Node::leaf("Disability", x.code()));
            }
            chars.push(d);
        }
        child.push(chars);

        for r in episodes {
            let mut e = Node::new("CINdetails");
            e.push(Node::leaf("CINreferralDate", iso(r.date)));
            e.push(Node::leaf("ReferralSource", r.source.code()));
            e.opt("PrimaryNeedCode", r.primary_need.map(|n| n.code().to_string()));
            e.opt("CINclosureDate", r.closure_date.map(iso));
            e.opt("ReasonForClosure", r.closure_reason.map(|x| x.code().to_string()));
            e.opt("DateOfInitialCPC", r.initial_cpc_date.filter(|d| *d >= start).map(iso));
            // Only modules that were open at some point in the year: the DfE
            // rejects end dates before the census year (8696, 8715, 8930, 4013).
            let in_year = |end: Option<NaiveDate>| end.is_none_or(|e| e >= start);
            for a in r.assessments.iter().filter(|a| in_year(a.authorised)) {
                let mut n = Node::new("Assessments");
                n.push(Node::leaf("AssessmentActualStartDate", iso(a.start)));
                n.opt("AssessmentAuthorisationDate", a.authorised.map(iso));
                if a.authorised.is_some() && !a.factors.is_empty() {
                    let mut f = Node::new("FactorsIdentifiedAtAssessment");
                    for x in &a.factors {
                        f.push(Node::leaf("AssessmentFactors", x.code()));
                    }
                    n.push(f);
                }
                e.push(n);
            }
            for p in r.cin_plans.iter().filter(|p| in_year(p.end)) {
                let mut n = Node::new("CINPlanDates");
                n.push(Node::leaf("CINPlanStartDate", iso(p.start)));
                n.opt("CINPlanEndDate", p.end.map(iso));
                e.push(n);
            }
            for s in r.section47s.iter().filter(|s| in_year(s.icpc_date) && (s.icpc_date.is_some() || s.start >= start || !s.icpc_not_required)) {
                let mut n = Node::new("Section47");
                n.push(Node::leaf("S47ActualStartDate", iso(s.start)));
                n.opt("InitialCPCtarget", s.icpc_target.map(iso));
                n.opt("DateOfInitialCPC", s.icpc_date.map(iso));
                n.push(Node::leaf("ICPCnotRequired", s.icpc_not_required.to_string()));
                e.push(n);
            }
            e.push(Node::leaf("ReferralNFA", r.nfa.to_string()));
            for p in r.cp_plans.iter().filter(|p| in_year(p.end)) {
                let mut n = Node::new("ChildProtectionPlans");
                n.push(Node::leaf("CPPstartDate", iso(p.start)));
                n.opt("CPPendDate", p.end.map(iso));
                n.push(Node::leaf("InitialCategoryOfAbuse", p.initial_category.code()));
                n.push(Node::leaf("LatestCategoryOfAbuse", p.latest_category.code()));
                n.push(Node::leaf("NumberOfPreviousCPP", p.previous_plans.to_string()));
                let reviews: Vec<&NaiveDate> = p.reviews.iter().filter(|d| **d >= start).collect();
                if !reviews.is_empty() {
                    let mut rv = Node::new("Reviews");
                    for d in reviews {
                        rv.push(Node::leaf("CPPreviewDate", iso(*d)));
                    }
                    n.push(rv);
                }
                e.push(n);
            }
            child.push(e);
        }
        list.push(child);
    }
    message.push(list);
    message
}

fn overlaps(start: NaiveDate, end: Option<NaiveDate>, year: Period) -> bool {
    start <= year.end() && end.is_none_or(|e| e >= year.start())
}

/// The child's social workers while looked after, one at a time: on each day
/// the case is with the most recently allocated worker still holding it, so
/// when a worker who took the case for a while (a section 47 enquiry, say)
/// finishes, it goes back to the worker still allocated; a child looked
/// after at the year end thus has an episode open then (rule SW17STG2). Each
/// episode ends when the next begins, and says why the worker changed.
fn social_worker_episodes<'c>(c: &'c Child, eps: &[&CareEpisode], year: Period) -> Vec<(&'c str, NaiveDate, Option<NaiveDate>, SwChangeReason)> {
    let in_care = |a: &Allocation| eps.iter().any(|e| e.start <= a.end.unwrap_or(year.end()) && e.end.is_none_or(|x| x >= a.start));
    let spans: Vec<&Allocation> = c.allocations.iter().filter(|a| overlaps(a.start, a.end, year) && in_care(a)).collect();
    // The days on which who holds the case can change.
    let mut days: Vec<NaiveDate> = spans.iter().flat_map(|a| std::iter::once(a.start).chain(a.end)).collect();
    days.sort();
    days.dedup();
    // Who holds the case on a day: the latest allocation begun and not yet ended (the first listed, on a tie).
    let holder = |d: NaiveDate| {
        spans
            .iter()
            .enumerate()
            .filter(|(_, a)| a.start <= d && a.end.is_none_or(|e| d < e))
            .max_by_key(|(i, a)| (a.start, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    };
    let mut out: Vec<(&str, NaiveDate, Option<NaiveDate>, SwChangeReason)> = Vec::new();
    let mut current: Option<(usize, NaiveDate, SwChangeReason)> = None;
    let mut reason = SwChangeReason::TransferProcess;
    for &d in &days {
        let now = holder(d);
        let worker = |i: Option<usize>| i.map(|i| spans[i].worker.as_str());
        if worker(now) == worker(current.map(|c| c.0)) {
            // The same worker carries on under another allocation.
            if let (Some(i), Some(c)) = (now, current.as_mut()) {
                c.0 = i;
            }
            continue;
        }
        if let Some((i, since, why)) = current.take() {
            out.push((spans[i].worker.as_str(), since, Some(d), why));
            // A worker whose allocation ends says why (e.g. they left); one handing over mid-allocation is a transfer.
            reason = if spans[i].end == Some(d) { spans[i].end_reason.unwrap_or(SwChangeReason::TransferProcess) } else { SwChangeReason::TransferProcess };
        }
        current = now.map(|i| (i, d, if out.is_empty() { SwChangeReason::TransferProcess } else { reason }));
    }
    if let Some((i, since, why)) = current {
        out.push((spans[i].worker.as_str(), since, None, why));
    }
    // Episodes ending before the year are not this return's.
    out.retain(|e| e.2.is_none_or(|end| end >= year.start()));
    out
}

/// The SSDA903 return's tables for children looked after in the year.
fn ssda903_tables(children: &[Child], year: Period, swe_numbers: &BTreeMap<String, String>) -> Vec<Table> {
    let legacy_sex = year.start().year() < 2024;
    let mut header = Table::new("ssda903_header.csv", formats::SSDA903_HEADER);
    let mut episodes = Table::new("ssda903_episodes.csv", formats::SSDA903_EPISODES);
    let mut reviews = Table::new("ssda903_reviews.csv", formats::SSDA903_REVIEWS);
    let mut uasc = Table::new("ssda903_uasc.csv", formats::SSDA903_UASC);
    let mut oc2 = Table::new("ssda903_oc2.csv", formats::SSDA903_OC2);
    let mut oc3 = Table::new("ssda903_oc3.csv", formats::SSDA903_OC3);
    let mut ad1 = Table::new("ssda903_ad1.csv", formats::SSDA903_AD1);
    let mut placed = Table::new("ssda903_placed_for_adoption.csv", formats::SSDA903_PLACED_ADOPTION);
    let mut prev = Table::new("ssda903_previous_permanence.csv", formats::SSDA903_PREV_PERM);
    let mut missing = Table::new("ssda903_missing.csv", formats::SSDA903_MISSING);
    let mut social = Table::new("ssda903_social_worker.csv", formats::SSDA903_SOCIAL_WORKERS);
    let with_sw = year.start().year() >= 2023;

    for c in children {
        let eps: Vec<&CareEpisode> = c.care_episodes.iter().filter(|e| overlaps(e.start, e.end, year)).collect();
        let leaver: Vec<&CareLeaverRecord> = c.care_leaver_records.iter().filter(|r| year.contains(r.birthday)).collect();
        if eps.is_empty() && leaver.is_empty() {
            continue;
        }
        let dob = opt(c.birth_date, dmy);
        let sex = if legacy_sex { c.sex.legacy_code() } else { c.sex.code() }.to_string();
        let mother =
            if c.sex == Sex::Female && eps.iter().any(|e| !e.legal_status.is_short_break()) { flag(c.mother_of_child_born.is_some()) } else { String::new() };
        // The SSDA903 takes UN1-UN5 only: a child under school age without a UPN is UN1 there (UN6
        // in the CIN census), and UN2 once 4 by the 31 August before the year began (rule 209).
        let school_age = c
            .birth_date
            .is_some_and(|b| NaiveDate::from_ymd_opt(year.start().year() - 1, 8, 31).is_some_and(|reference| scrutiny_model::age_in_years(b, reference) >= 4));
        let upn = c
            .upn
            .clone()
            .or_else(|| {
                c.upn_unknown
                    .map(|u| match u {
                        UpnUnknown::Un6 | UpnUnknown::Un7 if school_age => UpnUnknown::Un2,
                        UpnUnknown::Un6 | UpnUnknown::Un7 => UpnUnknown::Un1,
                        u => u,
                    })
                    .map(|u| u.code().to_string())
            })
            .unwrap_or_default();
        header.push(&c.id, vec![c.id.clone(), sex.clone(), dob.clone(), c.ethnicity.code().into(), upn, mother, opt(c.mother_of_child_born, dmy)]);
        for e in &eps {
            episodes.push(
                &c.id,
                vec![
                    c.id.clone(),
                    dmy(e.start),
                    e.reason_new.code().into(),
                    e.legal_status.code().into(),
                    e.need.code().into(),
                    e.placement.code().into(),
                    opt(e.provider.filter(|_| e.placement.needs_provider()), |p| p.code().into()),
                    opt(e.end, dmy),
                    opt(e.reason_ceased, |r| r.code().into()),
                    opt(e.reason_place_change, |r| r.code().into()),
                    e.home_postcode.clone().unwrap_or_default(),
                    e.placement_postcode.clone().unwrap_or_default(),
                    e.urn.clone().unwrap_or_default(),
                ],
            );
        }
        for r in c.cla_reviews.iter().filter(|r| year.contains(r.date)) {
            reviews.push(&c.id, vec![c.id.clone(), dob.clone(), dmy(r.date), opt(r.participation, |p| p.code().into())]);
        }
        if let Some(u) = &c.uasc {
            if !eps.is_empty() {
                uasc.push(&c.id, vec![c.id.clone(), sex.clone(), dob.clone(), opt(u.ceased, dmy)]);
            }
        }
        for o in c.annual_outcomes.iter().filter(|o| o.year_end == year.end()) {
            let b = |v: Option<bool>| opt(v, flag);
            oc2.push(
                &c.id,
                vec![
                    c.id.clone(),
                    dob.clone(),
                    opt(o.sdq_score, |s| s.to_string()),
                    opt(o.sdq_reason, |s| s.code().into()),
                    b(o.convicted),
                    b(o.health_check),
                    flag(o.immunisations),
                    flag(o.teeth_check),
                    flag(o.health_assessment),
                    flag(o.substance_misuse),
                    b(o.intervention_received),
                    b(o.intervention_offered),
                ],
            );
        }
        // No care leaver information for a child in the year's OC2 (looked after all year, rules
        // 187 and 215), nor for a 17- or 18-year-old still looked after at the year end (1007).
        let in_oc2 = c.annual_outcomes.iter().any(|o| o.year_end == year.end());
        let still_looked_after = eps.iter().any(|e| e.end.is_none_or(|d| d > year.end()))
            && c.birth_date.is_some_and(|b| (17..=18).contains(&scrutiny_model::age_in_years(b, year.end())));
        for r in leaver.into_iter().filter(|_| !in_oc2 && !still_looked_after) {
            let accom = match (r.accommodation, r.accommodation_suitable) {
                (Some(AccommodationType::NotKnown) | None, _) | (_, None) => "0".to_string(),
                (Some(t), Some(s)) => format!("{}{}", t.code(), if s { 1 } else { 2 }),
            };
            oc3.push(&c.id, vec![c.id.clone(), dob.clone(), r.in_touch.code().into(), opt(r.activity, |a| a.code().into()), accom]);
        }
        if let Some(a) = &c.adoption {
            if a.adopted.is_some_and(|d| year.contains(d)) {
                ad1.push(
                    &c.id,
                    vec![
                        c.id.clone(),
                        dob.clone(),
                        dmy(a.decision),
                        opt(a.matched, dmy),
                        flag(a.by_foster_carer),
                        opt(a.number_of_adopters, |n| n.to_string()),
                        opt(a.adopter_sex, |s| s.code().into()),
                        opt(a.adopter_legal_status, |s| s.code().into()),
                    ],
                );
            }
            // A decision reversed before the year is not returned (rule 118).
            if !eps.is_empty() && a.adopted.is_none_or(|d| d >= year.start()) && a.decision_reversed.is_none_or(|d| d >= year.start()) {
                placed
                    .push(&c.id, vec![c.id.clone(), dob.clone(), dmy(a.decision), opt(a.decision_reversed, dmy), opt(a.reversed_reason, |r| r.code().into())]);
            }
        }
        let started_in_year = c.periods_of_care().iter().any(|p| year.contains(p.start()));
        if let (true, Some(p)) = (started_in_year, &c.previous_permanence) {
            prev.push(&c.id, vec![c.id.clone(), dob.clone(), p.order.code().into(), p.la.clone().unwrap_or_default(), p.date.clone().unwrap_or_default()]);
        }
        for m in c.missing_episodes.iter().filter(|m| overlaps(m.start, m.end, year)) {
            missing.push(&c.id, vec![c.id.clone(), dob.clone(), m.kind.code().into(), dmy(m.start), opt(m.end, dmy)]);
        }
        if with_sw {
            for (worker, start, end, reason) in social_worker_episodes(c, &eps, year) {
                let swe = swe_numbers.get(worker).cloned().unwrap_or_else(|| worker.to_string());
                social.push(&c.id, vec![c.id.clone(), dob.clone(), swe, dmy(start), opt(end, dmy), reason.code().into()]);
            }
        }
    }
    let mut out = vec![header, episodes, reviews, uasc, oc2, oc3, ad1, placed, prev, missing];
    if with_sw {
        out.push(social);
    }
    out
}

/// The children's social work workforce census at 30 September in the year.
fn csww_tables(dataset: &Dataset, council: &Council, year: Period) -> Vec<Table> {
    let census = NaiveDate::from_ymd_opt(year.start().year(), 9, 30).expect("date");
    let year_start = NaiveDate::from_ymd_opt(year.start().year() - 1, 10, 1).expect("date");
    let mut cases: BTreeMap<&str, u32> = BTreeMap::new();
    for c in &dataset.children {
        for a in &c.allocations {
            if a.start <= census && a.end.is_none_or(|e| e >= census) {
                *cases.entry(a.worker.as_str()).or_default() += 1;
            }
        }
    }
    const INSTITUTIONS: &[&str] =
        &["University of Northbridge", "Northbridge Metropolitan University", "Open University", "Frontline", "Step Up to Social Work"];
    let mut workers = Table::prefixed(format!("csww_workers_{}.csv", census.year()), &["LEA", "CensusDate"], formats::CSWW_WORKERS);
    for w in &dataset.workers {
        let in_post = w.in_post_on(census);
        let started = w.start > year_start && w.start <= census;
        let left = w.end.is_some_and(|e| e >= year_start && e < census);
        if !(in_post || (!w.agency && (started || left))) {
            continue;
        }
        let fte6 = |x: f64| format!("{x:.6}");
        let days = w.sickness_days.iter().find(|(y, _)| *y == census.year()).map_or(0.0, |d| d.1);
        let inst = INSTITUTIONS[w.swe_no.bytes().map(|b| b as usize).sum::<usize>() % INSTITUTIONS.len()];
        let n_cases = cases.get(w.id.as_str()).copied().unwrap_or(0);
        workers.push(
            &w.id,
            vec![
                council.la_code.clone(),
                iso(census),
                flag(w.agency),
                w.swe_no.clone(),
                fte6(w.fte),
                if w.agency { String::new() } else { opt(w.birth_date, iso) },
                if w.agency { String::new() } else { w.sex.legacy_code().into() },
                if w.agency { String::new() } else { w.ethnicity.code().into() },
                if w.agency { String::new() } else { inst.to_string() },
                if w.agency { String::new() } else { opt(w.qualification, |q| q.code().into()) },
                if w.agency { String::new() } else { flag(inst.starts_with("Step")) },
                w.role.code().into(),
                if w.agency { String::new() } else { iso(w.start) },
                if w.agency || !started { String::new() } else { opt(w.start_origin, |o| o.code().into()) },
                if w.agency || !left { String::new() } else { opt(w.end, iso) },
                if w.agency || !left { String::new() } else { opt(w.leaver_destination, |d| d.code().into()) },
                if w.agency || !left { String::new() } else { opt(w.leaving_reason, |d| d.code().into()) },
                if in_post { fte6(w.fte) } else { String::new() },
                if in_post { n_cases.to_string() } else { String::new() },
                if w.agency { String::new() } else { format!("{days:.2}") },
                if w.agency { String::new() } else { "52.0".into() },
                if w.agency { String::new() } else { flag(inst == "Frontline") },
                if in_post && !w.agency { "0".into() } else { String::new() },
                String::new(),
                String::new(),
            ],
        );
    }
    let mut la = Table::prefixed(format!("csww_la_{}.csv", census.year()), &["LEA", "CensusDate"], formats::CSWW_LA);
    if let Some(r) = dataset.workforce_returns.iter().find(|r| r.census_date == census) {
        la.push(
            "",
            vec![
                council.la_code.clone(),
                iso(census),
                format!("{:.2}", r.vacancies_fte),
                format!("{:.2}", r.agency_cover_fte),
                r.agency_cover_headcount.to_string(),
            ],
        );
    }
    vec![workers, la]
}

/// A contact's outcome as the SSD standard gives it: every flag, "Y" or "N".
/// Early help has no flag of its own, so it is named in an `outcome` key, as
/// case management systems add their own outcomes.
fn contact_outcome_json(outcome: ContactOutcome) -> String {
    let flag = match outcome {
        ContactOutcome::Referral => "NEW_REFERRAL_FLAG",
        ContactOutcome::AdviceAndInformation => "ADVICE_FLAG",
        ContactOutcome::NoFurtherAction => "NFA_FLAG",
        ContactOutcome::EarlyHelp | ContactOutcome::Other => "OTHER_OUTCOMES_EXIST_FLAG",
    };
    let mut json = serde_json::Map::new();
    for &f in formats::SSD_CONTACT_OUTCOME_FLAGS {
        json.insert(f.into(), (if f == flag { "Y" } else { "N" }).into());
    }
    if outcome == ContactOutcome::EarlyHelp {
        json.insert("outcome".into(), serde_json::json!(outcome));
    }
    serde_json::Value::Object(json).to_string()
}

/// A Standard Safeguarding Dataset extract of the year's activity: what the
/// statutory returns lack (contacts, visits, reviews, health, allocations…).
fn ssd_tables(children: &[Child], dataset: &Dataset, year: Period) -> Vec<Table> {
    let within = |d: NaiveDate| year.contains(d);
    let mut person = Table::new("ssd/ssd_person.csv", formats::SSD_PERSON);
    let mut family = Table::new("ssd/ssd_family.csv", formats::SSD_FAMILY);
    let mut contacts = Table::new("ssd/ssd_contacts.csv", formats::SSD_CONTACTS);
    let mut cin_eps = Table::new("ssd/ssd_cin_episodes.csv", formats::SSD_CIN_EPISODES);
    let mut cin_visits = Table::new("ssd/ssd_cin_visits.csv", formats::SSD_CIN_VISITS);
    let mut cp_plans = Table::new("ssd/ssd_cp_plans.csv", formats::SSD_CP_PLANS);
    let mut cp_visits = Table::new("ssd/ssd_cp_visits.csv", formats::SSD_CP_VISITS);
    let mut cp_reviews = Table::new("ssd/ssd_cp_reviews.csv", formats::SSD_CP_REVIEWS);
    let mut cla_eps = Table::new("ssd/ssd_cla_episodes.csv", formats::SSD_CLA_EPISODES);
    let mut placements = Table::new("ssd/ssd_cla_placement.csv", formats::SSD_CLA_PLACEMENT);
    let mut cla_reviews = Table::new("ssd/ssd_cla_reviews.csv", formats::SSD_CLA_REVIEWS);
    let mut cla_visits = Table::new("ssd/ssd_cla_visits.csv", formats::SSD_CLA_VISITS);
    let mut health = Table::new("ssd/ssd_cla_health.csv", formats::SSD_CLA_HEALTH);
    let mut missing = Table::new("ssd/ssd_missing.csv", formats::SSD_MISSING);
    let mut leavers = Table::new("ssd/ssd_care_leavers.csv", formats::SSD_CARE_LEAVERS);
    let mut involvements = Table::new("ssd/ssd_involvements.csv", formats::SSD_INVOLVEMENTS);
    // The SSD has no object for personal education plans; this local table follows its naming.
    let mut peps = Table::new("ssd/local_cla_pep.csv", formats::SSD_PEP);

    for c in children {
        let active = c.contacts.iter().any(|x| within(x.date))
            || c.referrals.iter().any(|r| overlaps(r.date, r.closure_date, year))
            || c.care_episodes.iter().any(|e| overlaps(e.start, e.end, year))
            || c.care_leaver_records.iter().any(|r| within(r.birthday));
        if !active {
            continue;
        }
        person.push(
            &c.id,
            vec![
                c.id.clone(),
                c.forename.clone().unwrap_or_default(),
                c.surname.clone().unwrap_or_default(),
                c.sex.code().into(),
                String::new(),
                c.ethnicity.code().into(),
                opt(c.birth_date, iso),
                c.upn.clone().unwrap_or_default(),
                String::new(),
                opt(c.upn_unknown, |u| u.code().into()),
                String::new(),
                opt(c.expected_birth_date, iso),
                opt(c.death_date, iso),
                String::new(),
                String::new(),
            ],
        );
        if let Some(f) = &c.family_id {
            family.push(&c.id, vec![format!("{}-{}", f, c.id), f.clone(), c.id.clone()]);
        }
        for x in c.contacts.iter().filter(|x| within(x.date)) {
            let outcome = contact_outcome_json(x.outcome);
            contacts.push(&c.id, vec![x.id.clone(), c.id.clone(), iso(x.date), x.source.code().into(), x.source.label().into(), outcome]);
        }
        for r in c.referrals.iter().filter(|r| overlaps(r.date, r.closure_date, year)) {
            cin_eps.push(
                &c.id,
                vec![
                    r.id.clone(),
                    c.id.clone(),
                    iso(r.date),
                    opt(r.primary_need, |n| n.code().into()),
                    r.source.code().into(),
                    r.source.label().into(),
                    String::new(),
                    yn(r.nfa),
                    opt(r.closure_reason, |x| x.code().into()),
                    opt(r.closure_date, iso),
                    r.team.clone().unwrap_or_default(),
                    r.worker.clone().unwrap_or_default(),
                ],
            );
            for (i, p) in r.cp_plans.iter().enumerate().filter(|(_, p)| overlaps(p.start, p.end, year)) {
                let plan_id = format!("{}P{}", r.id, i + 1);
                cp_plans.push(
                    &c.id,
                    vec![
                        plan_id.clone(),
                        r.id.clone(),
                        String::new(),
                        c.id.clone(),
                        iso(p.start),
                        opt(p.end, iso),
                        p.initial_category.code().into(),
                        String::new(),
                        p.latest_category.code().into(),
                    ],
                );
                let mut due = p.start + chrono::Months::new(3);
                for (k, d) in p.reviews.iter().enumerate() {
                    if within(*d) {
                        cp_reviews.push(
                            &c.id,
                            vec![
                                format!("{plan_id}V{}", k + 1),
                                c.id.clone(),
                                plan_id.clone(),
                                iso(due),
                                iso(*d),
                                String::new(),
                                yn(p.end.is_none_or(|e| e > *d)),
                                "Y".into(),
                                String::new(),
                            ],
                        );
                    }
                    due = *d + chrono::Months::new(6);
                }
                for (k, v) in c
                    .visits
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.kind == VisitKind::ChildProtection && within(v.date) && v.date >= p.start && p.end.is_none_or(|e| v.date <= e))
                {
                    cp_visits.push(
                        &c.id,
                        vec![format!("{}-CPV{}", c.id, k + 1), c.id.clone(), plan_id.clone(), iso(v.date), yn(v.seen), yn(v.seen_alone), String::new()],
                    );
                }
            }
        }
        for (k, v) in c.visits.iter().enumerate().filter(|(_, v)| v.kind == VisitKind::ChildInNeed && within(v.date)) {
            cin_visits.push(&c.id, vec![format!("{}-CINV{}", c.id, k + 1), c.id.clone(), iso(v.date), yn(v.seen), yn(v.seen_alone), String::new()]);
        }
        for (pi, period) in c.periods_of_care().iter().enumerate() {
            if !overlaps(period.start(), period.end(), year) {
                continue;
            }
            // A system's own number for the period of care, as real extracts give
            // it: the reviews name only this, so reading them needs the episodes.
            let cla_id = format!("{}{:02}", c.id.trim_start_matches(|ch: char| !ch.is_ascii_digit()), pi + 1);
            for (ei, e) in period.episodes.iter().enumerate() {
                if !overlaps(e.start, e.end, year) {
                    continue;
                }
                let placement_id = format!("{cla_id}-E{}", ei + 1);
                cla_eps.push(
                    &c.id,
                    vec![
                        placement_id.clone(),
                        c.id.clone(),
                        iso(e.start),
                        e.reason_new.code().into(),
                        e.need.code().into(),
                        opt(e.end, iso),
                        opt(e.reason_ceased, |r| r.code().into()),
                        cla_id.clone(),
                        String::new(),
                        placement_id.clone(),
                        iso(period.start()),
                        String::new(),
                    ],
                );
                placements.push(
                    &c.id,
                    vec![
                        placement_id.clone(),
                        iso(e.start),
                        e.placement.code().into(),
                        e.urn.clone().unwrap_or_default(),
                        opt(e.distance_miles, |d| format!("{d:.1}")),
                        cla_id.clone(),
                        opt(e.provider, |p| p.code().into()),
                        e.placement_postcode.clone().unwrap_or_default(),
                        opt(e.end, iso),
                        opt(e.reason_place_change, |r| r.code().into()),
                        c.id.clone(),
                    ],
                );
            }
            let in_period = |d: NaiveDate| d >= period.start() && period.end().is_none_or(|e| d <= e);
            for (k, r) in c.cla_reviews.iter().enumerate().filter(|(_, r)| within(r.date) && in_period(r.date)) {
                cla_reviews.push(
                    &c.id,
                    vec![format!("{cla_id}-R{}", k + 1), cla_id.clone(), opt(r.due, iso), iso(r.date), "N".into(), opt(r.participation, |p| p.code().into())],
                );
            }
            for (k, v) in c.visits.iter().enumerate().filter(|(_, v)| v.kind == VisitKind::LookedAfter && within(v.date) && in_period(v.date)) {
                cla_visits.push(&c.id, vec![format!("{cla_id}-V{}", k + 1), cla_id.clone(), c.id.clone(), iso(v.date), yn(v.seen), yn(v.seen_alone)]);
            }
            for (k, p) in c.peps.iter().enumerate().filter(|(_, p)| within(p.date) && in_period(p.date)) {
                peps.push(&c.id, vec![format!("{cla_id}-PEP{}", k + 1), c.id.clone(), cla_id.clone(), iso(p.date)]);
            }
        }
        for (k, h) in c.health_checks.iter().enumerate().filter(|(_, h)| within(h.date)) {
            health.push(
                &c.id,
                vec![
                    format!("{}-H{}", c.id, k + 1),
                    c.id.clone(),
                    h.kind.label().into(),
                    iso(h.date),
                    if h.completed { "Completed".into() } else { "Refused".into() },
                ],
            );
        }
        for (k, m) in c.missing_episodes.iter().enumerate().filter(|(_, m)| overlaps(m.start, m.end, year)) {
            missing.push(
                &c.id,
                vec![
                    format!("{}-M{}", c.id, k + 1),
                    c.id.clone(),
                    iso(m.start),
                    m.kind.code().into(),
                    opt(m.end, iso),
                    opt(m.return_interview_offered, yn),
                    opt(m.return_interview_accepted, yn),
                ],
            );
        }
        for (k, r) in c.care_leaver_records.iter().enumerate().filter(|(_, r)| within(r.birthday)) {
            let team = r.personal_adviser.as_deref().and_then(|w| dataset.worker(w)).map(|w| w.team.clone()).unwrap_or_default();
            let eligibility = if c.is_looked_after_on(r.birthday) { "Relevant" } else { "Former relevant" };
            leavers.push(
                &c.id,
                vec![
                    format!("{}-L{}", c.id, k + 1),
                    c.id.clone(),
                    eligibility.into(),
                    r.in_touch.code().into(),
                    opt(r.latest_contact, iso),
                    opt(r.accommodation, |a| a.code().into()),
                    opt(r.accommodation_suitable, yn),
                    opt(r.activity, |a| a.code().into()),
                    opt(r.pathway_plan_review, iso),
                    r.personal_adviser.clone().unwrap_or_default(),
                    team,
                    r.personal_adviser.clone().unwrap_or_default(),
                ],
            );
        }
        for (k, a) in c.allocations.iter().enumerate().filter(|(_, a)| overlaps(a.start, a.end, year)) {
            involvements.push(
                &c.id,
                vec![
                    format!("{}-A{}", c.id, k + 1),
                    a.worker.clone(),
                    "Allocated Case Worker".into(),
                    a.team.clone(),
                    iso(a.start),
                    opt(a.end, iso),
                    opt(a.end_reason, |r| r.code().into()),
                    c.id.clone(),
                    a.referral_id.clone().unwrap_or_default(),
                ],
            );
        }
    }

    let mut professionals = Table::new("ssd/ssd_professionals.csv", formats::SSD_PROFESSIONALS);
    let open_at_end: BTreeMap<&str, usize> =
        children.iter().flat_map(|c| c.allocations.iter()).filter(|a| a.end.is_none()).fold(BTreeMap::new(), |mut m, a| {
            *m.entry(a.worker.as_str()).or_default() += 1;
            m
        });
    for w in dataset.workers.iter().filter(|w| w.start <= year.end() && w.end.is_none_or(|e| e >= year.start())) {
        professionals.push(
            "",
            vec![
                w.id.clone(),
                w.id.clone(),
                w.name.clone(),
                w.swe_no.clone(),
                w.role.label().into(),
                open_at_end.get(w.id.as_str()).copied().unwrap_or(0).to_string(),
                w.team.clone(),
                format!("{:.2}", w.fte),
                yn(w.agency),
            ],
        );
    }
    let mut department = Table::new("ssd/ssd_department.csv", formats::SSD_DEPARTMENT);
    for t in &dataset.teams {
        department.push("", vec![t.id.clone(), t.name.clone(), format!("{:?}", t.service).to_lowercase(), t.service.label().into()]);
    }
    vec![
        person,
        family,
        contacts,
        cin_eps,
        cin_visits,
        cp_plans,
        cp_visits,
        cp_reviews,
        cla_eps,
        placements,
        cla_reviews,
        cla_visits,
        health,
        missing,
        leavers,
        involvements,
        peps,
        professionals,
        department,
    ]
}
