//! Teams and the worker roster over the whole simulated span: permanent
//! workers leave, posts fall vacant, agency workers cover some vacancies.

use crate::names::{FORENAMES_F, FORENAMES_M, SURNAMES};
use crate::rng::Rng;
use chrono::{Datelike, Duration, NaiveDate};
use scrutiny_model::codes::*;
use scrutiny_model::{Service, Team, Worker, WorkforceReturn};

/// Case-holding posts per team, by service, for a council of 60,000 children.
fn posts_per_team(service: Service) -> u32 {
    match service {
        Service::FrontDoor => 8,
        Service::Assessment => 11,
        Service::Safeguarding => 12,
        Service::ChildrenInCare => 11,
        Service::LeavingCare => 8,
        Service::Disability => 7,
        Service::Adoption => 5,
    }
}

fn team_names(service: Service, n: usize) -> Vec<String> {
    const AREAS: &[&str] = &["North", "South", "East", "West", "Central", "Riverside", "Valley", "Coast", "Moorland", "Town"];
    match service {
        Service::FrontDoor => (1..=n).map(|i| if n == 1 { "MASH and Front Door".into() } else { format!("MASH {i}") }).collect(),
        Service::Assessment => (1..=n).map(|i| format!("Assessment Team {i}")).collect(),
        Service::Safeguarding => (0..n).map(|i| format!("Family Safeguarding {}", AREAS[i % AREAS.len()])).collect(),
        Service::ChildrenInCare => (1..=n).map(|i| format!("Children in Care {i}")).collect(),
        Service::LeavingCare => (1..=n).map(|i| if n == 1 { "Care Leavers Service".into() } else { format!("Care Leavers {i}") }).collect(),
        Service::Disability => (1..=n).map(|i| if n == 1 { "Children with Disabilities".into() } else { format!("Children with Disabilities {i}") }).collect(),
        Service::Adoption => (1..=n).map(|i| if n == 1 { "Adoption and Permanence".into() } else { format!("Adoption and Permanence {i}") }).collect(),
    }
}

pub const SERVICES: [Service; 7] =
    [Service::FrontDoor, Service::Assessment, Service::Safeguarding, Service::ChildrenInCare, Service::LeavingCare, Service::Disability, Service::Adoption];

pub struct Roster {
    pub teams: Vec<Team>,
    pub workers: Vec<Worker>,
    /// Indexes into `workers` of each team's case holders, by team index.
    case_holders: Vec<Vec<usize>>,
    /// Team indexes of each service.
    service_teams: Vec<(Service, Vec<usize>)>,
    /// The census returns' LA-level vacancy figures.
    pub returns: Vec<WorkforceReturn>,
}

struct Post {
    team: usize,
    role: OrgRole,
}

impl Roster {
    pub fn generate(rng: &mut Rng, scale: f64, from: NaiveDate, to: NaiveDate) -> Roster {
        let mut teams = Vec::new();
        let mut service_teams = Vec::new();
        for service in SERVICES {
            let base = match service {
                Service::Assessment | Service::ChildrenInCare => 3.0,
                Service::Safeguarding => 5.0,
                Service::LeavingCare => 1.3,
                _ => 1.0,
            };
            let n = ((base * scale).round() as usize).max(if service == Service::Safeguarding { 2 } else { 1 });
            let mut idx = Vec::new();
            for name in team_names(service, n) {
                idx.push(teams.len());
                teams.push(Team { id: format!("T{:02}", teams.len() + 1), name, service });
            }
            service_teams.push((service, idx));
        }

        let mut posts = Vec::new();
        for (t, team) in teams.iter().enumerate() {
            posts.push(Post { team: t, role: OrgRole::FirstLineManager });
            posts.push(Post { team: t, role: OrgRole::SeniorPractitioner });
            for _ in 0..posts_per_team(team.service) - 1 {
                posts.push(Post { team: t, role: OrgRole::CaseHolder });
            }
        }
        for _ in 0..(3.0 * scale).round().max(2.0) as usize {
            posts.push(Post { team: 0, role: OrgRole::MiddleManager });
        }
        posts.push(Post { team: 0, role: OrgRole::SeniorManager });

        let mut workers: Vec<Worker> = Vec::new();
        let mut vacancies: Vec<(NaiveDate, NaiveDate, bool)> = Vec::new();
        let start = from - Duration::days(365 * 3);
        for post in &posts {
            // Fill the post over time: permanent holder, then a vacancy, often covered by agency.
            let mut t = start - Duration::days(rng.between(0, 365 * 6));
            let mut first = true;
            while t <= to {
                let tenure = Duration::days(rng.exponential(365.0 * 6.5) as i64 + 30);
                let leave = t + tenure;
                let origin = if first { None } else { Some(start_origin(rng)) };
                workers.push(new_worker(rng, &teams[post.team], post.role, false, t, leave, origin, workers.len()));
                first = false;
                let gap = Duration::days(rng.exponential(365.0 * 1.4) as i64 + 14);
                let covered = matches!(post.role, OrgRole::CaseHolder | OrgRole::SeniorPractitioner) && rng.chance(0.92);
                vacancies.push((leave + Duration::days(1), leave + gap, covered));
                if covered {
                    // Agency workers cover the vacancy in succession.
                    let mut a = leave + Duration::days(rng.between(1, 14));
                    while a < leave + gap {
                        let stint = Duration::days(rng.exponential(260.0) as i64 + 28);
                        let end = (a + stint).min(leave + gap);
                        workers.push(new_worker(rng, &teams[post.team], post.role, true, a, end, Some(StartOrigin::Agency), workers.len()));
                        a = end + Duration::days(rng.between(1, 7));
                    }
                }
                t = leave + gap + Duration::days(1);
            }
        }
        // Workers who are still in post at the end have no end date.
        for w in &mut workers {
            if w.end.is_some_and(|e| e > to) {
                w.end = None;
                w.leaver_destination = None;
                w.leaving_reason = None;
            }
        }

        let mut case_holders = vec![Vec::new(); teams.len()];
        for (i, w) in workers.iter().enumerate() {
            if matches!(w.role, OrgRole::CaseHolder | OrgRole::SeniorPractitioner) {
                let t = teams.iter().position(|t| t.id == w.team).expect("worker's team exists");
                case_holders[t].push(i);
            }
        }

        let returns = census_dates(from, to)
            .map(|census| {
                let vacant: Vec<_> = vacancies.iter().filter(|(s, e, _)| *s <= census && census <= *e).collect();
                let vacancies_fte = vacant.len() as f64;
                let covered = vacant.iter().filter(|(_, _, c)| *c).count();
                WorkforceReturn { census_date: census, vacancies_fte, agency_cover_fte: covered as f64, agency_cover_headcount: covered as u32 }
            })
            .collect();

        Roster { teams, workers, case_holders, service_teams, returns }
    }

    /// The team of `service` a child belongs to (children keep their area).
    pub fn team_for(&self, service: Service, area: u32) -> usize {
        let teams = &self.service_teams.iter().find(|(s, _)| *s == service).expect("every service has teams").1;
        teams[area as usize % teams.len()]
    }

    /// A case holder of `team` in post on `date`, and when they leave.
    pub fn pick_worker(&self, rng: &mut Rng, team: usize, date: NaiveDate) -> Option<(usize, Option<NaiveDate>)> {
        let in_post: Vec<usize> = self.case_holders[team].iter().copied().filter(|&i| self.workers[i].in_post_on(date)).collect();
        if in_post.is_empty() {
            return None;
        }
        let i = *rng.pick(&in_post);
        Some((i, self.workers[i].end))
    }
}

/// 30 September of each year in the span.
pub fn census_dates(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    (from.year()..=to.year()).filter_map(|y| NaiveDate::from_ymd_opt(y, 9, 30)).filter(move |d| *d >= from && *d <= to)
}

fn start_origin(rng: &mut Rng) -> StartOrigin {
    rng.weighted(&[
        (StartOrigin::NewlyQualified, 0.30),
        (StartOrigin::OtherLaEngland, 0.30),
        (StartOrigin::Agency, 0.15),
        (StartOrigin::NonLaSocialWork, 0.08),
        (StartOrigin::OutsideEngland, 0.03),
        (StartOrigin::OtherSocialCare, 0.05),
        (StartOrigin::Other, 0.04),
        (StartOrigin::NotKnown, 0.05),
    ])
}

#[allow(clippy::too_many_arguments)]
fn new_worker(rng: &mut Rng, team: &Team, role: OrgRole, agency: bool, start: NaiveDate, end: NaiveDate, origin: Option<StartOrigin>, n: usize) -> Worker {
    let sex = if rng.chance(0.85) { Sex::Female } else { Sex::Male };
    let forename = if sex == Sex::Female { rng.pick(FORENAMES_F) } else { rng.pick(FORENAMES_M) };
    let name = format!("{} {}", forename, rng.pick(SURNAMES));
    let fte = if rng.chance(0.8) { 1.0 } else { [0.6, 0.8, 0.9][rng.index(3)] };
    let age_at_start = rng.between(23, 55);
    let birth_date = start - Duration::days(age_at_start * 365 + rng.between(0, 364));
    let mut sickness_days = Vec::new();
    for year in start.year()..=end.year() + 1 {
        let days = if rng.chance(0.5) { 0.0 } else { (rng.exponential(16.0) * fte * 2.0).round() / 2.0 };
        sickness_days.push((year, days.min(200.0)));
    }
    Worker {
        id: format!("W{:05}", n + 1),
        name,
        swe_no: format!("SW{:010}", 1_000_000 + n as u64 * 7919 % 9_000_000),
        team: team.id.clone(),
        role,
        agency,
        fte,
        birth_date: Some(birth_date),
        sex,
        ethnicity: rng.weighted(&[
            (Ethnicity::WhiteBritish, 0.68),
            (Ethnicity::WhiteOther, 0.06),
            (Ethnicity::BlackAfrican, 0.10),
            (Ethnicity::BlackCaribbean, 0.04),
            (Ethnicity::Indian, 0.03),
            (Ethnicity::Pakistani, 0.03),
            (Ethnicity::WhiteBlackCaribbean, 0.02),
            (Ethnicity::Refused, 0.04),
        ]),
        qualification: Some(rng.weighted(&[
            (QualificationLevel::Undergraduate, 0.55),
            (QualificationLevel::Postgraduate, 0.40),
            (QualificationLevel::Other, 0.05),
        ])),
        start,
        start_origin: origin,
        end: Some(end),
        leaver_destination: Some(if agency {
            LeaverDestination::Agency
        } else {
            rng.weighted(&[
                (LeaverDestination::OtherLaEngland, 0.30),
                (LeaverDestination::Agency, 0.15),
                (LeaverDestination::NonLaSocialWork, 0.10),
                (LeaverDestination::NonSocialCare, 0.15),
                (LeaverDestination::Other, 0.05),
                (LeaverDestination::NotKnown, 0.25),
            ])
        }),
        leaving_reason: Some(if agency {
            LeavingReason::Other
        } else {
            rng.weighted(&[
                (LeavingReason::Resignation, 0.70),
                (LeavingReason::Retired, 0.12),
                (LeavingReason::Dismissed, 0.03),
                (LeavingReason::MovedWithinLa, 0.05),
                (LeavingReason::NotKnown, 0.10),
            ])
        }),
        sickness_days,
    }
}
