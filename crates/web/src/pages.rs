//! The pages. Each builds a `View` from the cached figures, shaped to the
//! viewer's role: members get the member edition's suppressed figures and
//! never a child id, managers their own teams' children, analysts every
//! child. Routes and who may reach them are in `ROUTES`.

use crate::auth::{self, Role, Viewer};
use crate::data::{Data, Plan, BREAKDOWNS};
use crate::view::{encode, svg, Cell, Table, View};
use crate::{Fail, Out, Req, Staged, StagedGovernance, LOGIN_COOKIE, SESSION_COOKIE};
use maud::{html, Markup, PreEscaped};
use scrutiny_indicators::exceptions::{self, Exception};
use scrutiny_indicators::{helpers, By, Subject};
use scrutiny_model::formats::GOVERNANCE_FOLDER;
use scrutiny_model::{Child, Period};
use scrutiny_plan::{Action, ActionEdit, Brag, Edited};
use scrutiny_report::suppress::{figure, parts_and_total};
use scrutiny_report::{html::cell_text, html::value_text, Kind, Rag, Report, Row};
use std::collections::BTreeSet;
use std::sync::Arc;

const CSS: &str = include_str!("../assets/scrutiny.css");

/// What comparator cells say when there is no figure: never a made-up value.
const NOT_AVAILABLE: &str = "not available";

pub fn stylesheet(_: &Req) -> Result<Out, Fail> {
    Ok(Out::Asset("text/css; charset=utf-8", CSS))
}

fn figure_cell(kind: Kind, c: scrutiny_report::Cell) -> Cell {
    match c {
        scrutiny_report::Cell::Value(v) => Cell::Num(v, value_text(kind, v)),
        scrutiny_report::Cell::Suppressed => Cell::Suppressed,
        scrutiny_report::Cell::Missing => Cell::Missing(cell_text(kind, c)),
    }
}

fn count_cell(c: scrutiny_report::Cell) -> Cell {
    figure_cell(Kind::Count, c)
}

fn opt_cell(kind: Kind, v: Option<f64>) -> Cell {
    v.map_or_else(|| Cell::Missing(NOT_AVAILABLE.into()), |v| Cell::Num(v, value_text(kind, v)))
}

fn with_period(path: &str, period: Period) -> String {
    format!("{path}?period={}", encode(&period.to_string()))
}

/// The data, the chosen period and the scorecard for it.
type Scorecard = (Arc<Data>, Period, Arc<Result<Report, String>>);

/// The scorecard the viewer's role may see, for the chosen period.
fn scorecard(req: &Req) -> Result<Scorecard, Fail> {
    let data = req.data()?;
    let period = req.period(&data)?;
    let report = data.report(period, req.viewer()?.role.edition());
    if let Err(e) = report.as_ref() {
        return Err(Fail::Internal(anyhow::anyhow!("building the scorecard: {e}")));
    }
    Ok((data, period, report))
}

fn report_of(r: &Result<Report, String>) -> &Report {
    r.as_ref().expect("checked by scorecard()")
}

fn rag_text(r: Option<Rag>) -> Cell {
    r.map_or_else(|| Cell::Missing(NOT_AVAILABLE.into()), |r| Cell::text(r.label()))
}

fn scorecard_table(name: &str, caption: String, rows: &[&Row], period: Period, with_domain: Option<&Report>) -> Table {
    let mut cols = vec![
        "Indicator",
        "ID",
        "Value",
        "Previous period",
        "Numerator",
        "Denominator",
        "Target",
        "RAG",
        "Direction of travel",
        "England",
        "Statistical neighbours",
    ];
    if with_domain.is_some() {
        cols.insert(1, "Domain");
    }
    let mut t = Table::new(name, caption, &cols);
    for row in rows {
        let cur = row.current();
        let prev = row.points.len().checked_sub(2).map(|i| &row.points[i]);
        let c = &row.comparison;
        let mut cells = vec![
            Cell::Link(row.title.clone(), with_period(&format!("/indicators/{}", row.id), period)),
            Cell::text(&row.id),
            figure_cell(row.kind, cur.value),
            prev.map_or_else(|| Cell::Missing(NOT_AVAILABLE.into()), |p| figure_cell(row.kind, p.value)),
            count_cell(cur.numerator),
            count_cell(cur.denominator),
            opt_cell(row.kind, c.target),
            rag_text(c.rag),
            c.travel.map_or_else(|| Cell::Missing(NOT_AVAILABLE.into()), |t| Cell::text(format!("{} {}", t.arrow(), t.label()))),
            c.england
                .as_ref()
                .map_or_else(|| Cell::Missing(NOT_AVAILABLE.into()), |e| Cell::Num(e.value, format!("{} ({})", value_text(row.kind, e.value), e.period))),
            c.neighbours
                .as_ref()
                .map_or_else(|| Cell::Missing(NOT_AVAILABLE.into()), |e| Cell::Num(e.value, format!("{} ({})", value_text(row.kind, e.value), e.period))),
        ];
        if let Some(r) = with_domain {
            let domain = r.sections.iter().find(|s| s.rows.iter().any(|x| x.id == row.id)).map_or("", |s| s.title.as_str());
            cells.insert(1, Cell::text(domain));
        }
        t.rows.push(cells);
    }
    t
}

fn narrative_html(n: Option<&scrutiny_report::Narrative>) -> Markup {
    match n {
        None => html! {},
        Some(n) => html! {
            div.govuk-inset-text {
                h2.govuk-heading-s { "Commentary (" (n.status.label()) @if let Some(by) = &n.by { ", " (by) } ")" }
                (PreEscaped(scrutiny_report::narrative::body_html(&n.body)))
            }
        },
    }
}

pub fn home(req: &Req) -> Result<Out, Fail> {
    let (data, period, report) = scorecard(req)?;
    let report = report_of(&report);
    let mut t = Table::new("domains", format!("RAG ratings by domain, {}", period.describe()), &["Domain", "Indicators", "Red", "Amber", "Green", "Not rated"]);
    let mut tiles = Vec::new();
    for s in &report.sections {
        let count = |r: Rag| s.rows.iter().filter(|x| x.comparison.rag == Some(r)).count();
        let (red, amber, green) = (count(Rag::Red), count(Rag::Amber), count(Rag::Green));
        let unrated = s.rows.len() - red - amber - green;
        let n = |v: usize| Cell::Num(v as f64, v.to_string());
        t.rows.push(vec![
            Cell::Link(s.title.clone(), with_period(&format!("/domains/{}", s.key), period)),
            n(s.rows.len()),
            n(red),
            n(amber),
            n(green),
            n(unrated),
        ]);
        tiles.push(html! {
            li.scrutiny-tile {
                h2.govuk-heading-m { a.govuk-link href=(with_period(&format!("/domains/{}", s.key), period)) { (s.title) } }
                @if red + amber + green == 0 {
                    p.govuk-body { "RAG not available: no target or published comparator for these indicators." }
                } @else {
                    ul.govuk-list.scrutiny-rag {
                        li { strong.govuk-tag.govuk-tag--red { "Red" } " " (red) }
                        li { strong.govuk-tag.govuk-tag--yellow { "Amber" } " " (amber) }
                        li { strong.govuk-tag.govuk-tag--green { "Green" } " " (green) }
                    }
                }
                p.govuk-body-s { (s.rows.len()) " indicators; " (unrated) " not rated" }
            }
        });
    }
    let before = html! {
        p.govuk-body-l { (data.council_name()) ", " (period.describe()) ". Figures from " (report.snapshot.description) "." }
        @if req.viewer()?.role == Role::Member { p.govuk-body { "Member view: counts from 1 to 5 are shown as c, as in the committee's member report." } }
        ul.scrutiny-tiles { @for tile in tiles { (tile) } }
        p.govuk-body-s { (report.comparators_note) }
    };
    Ok(Out::View(View { title: "Performance overview".into(), period: Some(period), before: Some(before), tables: vec![t], status: 200, ..View::default() }))
}

/// `/api/indicators`: every indicator's figure for the period.
pub fn all_indicators(req: &Req) -> Result<Out, Fail> {
    let (_, period, report) = scorecard(req)?;
    let report = report_of(&report);
    let rows: Vec<&Row> = report.rows().collect();
    let t = scorecard_table("indicators", format!("Every indicator, {}", period.describe()), &rows, period, Some(report));
    Ok(Out::View(View { title: "Indicators".into(), period: Some(period), tables: vec![t], status: 200, ..View::default() }))
}

pub fn domain(req: &Req) -> Result<Out, Fail> {
    let (_, period, report) = scorecard(req)?;
    let report = report_of(&report);
    let s = report.sections.iter().find(|s| s.key == req.param("key")).ok_or_else(|| Fail::NotFound(format!("There is no domain '{}'.", req.param("key"))))?;
    let rows: Vec<&Row> = s.rows.iter().collect();
    let t = scorecard_table("scorecard", format!("{} scorecard, {}", s.title, period.describe()), &rows, period, None);
    let before = html! {
        (narrative_html(s.narrative.as_ref()))
        p.govuk-body-s { (report.comparators_note) }
    };
    Ok(Out::View(View { title: s.title.clone(), period: Some(period), before: Some(before), tables: vec![t], status: 200, ..View::default() }))
}

fn entitled_to_children(role: Role) -> bool {
    crate::Access::Children.allows(role)
}

pub fn indicator(req: &Req) -> Result<Out, Fail> {
    let (data, period, report) = scorecard(req)?;
    let report = report_of(&report);
    let viewer = req.viewer()?;
    let ind = scrutiny_indicators::find(req.param("id")).ok_or_else(|| Fail::NotFound(format!("There is no indicator '{}'.", req.param("id"))))?;
    let row = report.rows().find(|r| r.id == ind.id).ok_or_else(|| Fail::NotFound(format!("{} is not in the scorecard.", ind.id)))?;
    let kind = row.kind;
    let mut trend = Table::new("trend", format!("{}: the last {} periods", row.title, row.points.len()), &["Period", "Value", "Numerator", "Denominator"]);
    for p in &row.points {
        trend.rows.push(vec![Cell::text(p.period.describe()), figure_cell(kind, p.value), count_cell(p.numerator), count_cell(p.denominator)]);
    }
    let c = &row.comparison;
    let mut comp = Table::new("comparators", "Target and comparators", &["Measure", "Value"]);
    comp.rows.push(vec![Cell::text("Target"), opt_cell(kind, c.target)]);
    comp.rows.push(vec![Cell::text("RAG rating"), rag_text(c.rag)]);
    comp.rows.push(vec![Cell::text("Direction of travel"), c.travel.map_or_else(|| Cell::Missing(NOT_AVAILABLE.into()), |t| Cell::text(t.label()))]);
    for (label, p) in [("England", &c.england), ("Statistical neighbours (mean)", &c.neighbours)] {
        comp.rows.push(vec![
            Cell::text(label),
            p.as_ref().map_or_else(|| Cell::Missing(NOT_AVAILABLE.into()), |e| Cell::Num(e.value, format!("{} ({})", value_text(kind, e.value), e.period))),
        ]);
    }
    let mut tables = vec![trend, comp];
    let result = data.result(ind, period);
    let member = viewer.role == Role::Member;
    for by in BREAKDOWNS {
        // Workers are named only to officers; an indicator's own grouping only where it has one.
        if (member && by == By::Worker) || (by == By::Group && ind.group_name.is_none()) {
            continue;
        }
        let rows: Vec<_> = result.breakdown.iter().filter(|b| b.by == by.name()).collect();
        let label = if by == By::Group { ind.group_name.unwrap_or("group").to_string() } else { by.name().replace('_', " ") };
        let mut t = Table::new(
            &format!("by-{}", by.name().replace('_', "-")),
            format!("By {label}"),
            &[&label[..1].to_uppercase().chars().chain(label[1..].chars()).collect::<String>(), "Value", "Numerator", "Denominator"],
        );
        let edition = viewer.role.edition();
        // Parts shown beside their total (the trend table's): a part hidden alone could be worked
        // out, so numerators, and denominators that count cases, take the report's secondary suppression.
        let nums: Vec<f64> = rows.iter().map(|b| b.numerator).collect();
        // FTE are posts, not children: never suppressed (as in the report).
        let (num_cells, _) = if kind == Kind::Fte {
            (nums.iter().map(|&n| scrutiny_report::Cell::Value(n)).collect(), scrutiny_report::Cell::Value(result.numerator))
        } else {
            parts_and_total(&nums, result.numerator, edition)
        };
        let counts_cases = matches!(kind, Kind::Percent | Kind::Days | Kind::Ratio);
        let dens: Vec<f64> = rows.iter().map(|b| b.denominator.unwrap_or(0.0)).collect();
        let den_cells =
            if counts_cases { parts_and_total(&dens, result.denominator.unwrap_or(0.0), edition).0 } else { vec![scrutiny_report::Cell::Missing; rows.len()] };
        for ((b, nc), dc) in rows.iter().zip(num_cells).zip(den_cells) {
            let hidden = scrutiny_report::Cell::Suppressed;
            let row = if kind == Kind::Count {
                vec![Cell::text(&b.key), figure_cell(kind, nc), count_cell(nc), Cell::Missing("–".into())]
            } else {
                let (v, n, d) = figure(kind, b.value, b.numerator, b.denominator, edition);
                let n = if nc == hidden { hidden } else { n };
                let d = if dc == hidden { hidden } else { d };
                let v = if (n == hidden || d == hidden) && v != scrutiny_report::Cell::Missing { hidden } else { v };
                vec![Cell::text(&b.key), figure_cell(kind, v), count_cell(n), count_cell(d)]
            };
            t.rows.push(row);
        }
        tables.push(t);
    }
    let children = entitled_to_children(viewer.role).then(|| {
        let noun = if ind.subject == Subject::Worker { "workers" } else { "children" };
        html! {
            h2.govuk-heading-m { "The " (noun) " behind the figure" }
            ul.govuk-list {
                li { a.govuk-link href=(format!("/indicators/{}/children?set=numerator&period={}", ind.id, encode(&period.to_string()))) { "The " (noun) " in the numerator" } }
                @if matches!(kind, Kind::Percent | Kind::Days | Kind::Ratio) {
                    li { a.govuk-link href=(format!("/indicators/{}/children?set=denominator&period={}", ind.id, encode(&period.to_string()))) { "The " (noun) " in the denominator" } }
                }
            }
            @if viewer.role == Role::Manager { p.govuk-body-s { "You will see those held by your teams. Opening a list is recorded in the access log." } }
            @else { p.govuk-body-s { "Opening a list is recorded in the access log." } }
        }
    });
    let before = html! {
        p.govuk-body-l { (ind.definition) }
        dl.govuk-summary-list {
            div.govuk-summary-list__row { dt.govuk-summary-list__key { "Value" } dd.govuk-summary-list__value { (cell_text(kind, row.current().value)) } }
            div.govuk-summary-list__row { dt.govuk-summary-list__key { "Domain" } dd.govuk-summary-list__value { (ind.domain.label()) } }
            div.govuk-summary-list__row { dt.govuk-summary-list__key { "Unit" } dd.govuk-summary-list__value { (ind.unit.label()) } }
            div.govuk-summary-list__row { dt.govuk-summary-list__key { "Better" } dd.govuk-summary-list__value { (match ind.polarity { scrutiny_indicators::Polarity::HigherIsBetter => "Higher", scrutiny_indicators::Polarity::LowerIsBetter => "Lower", scrutiny_indicators::Polarity::Neutral => "Neither: a context measure" }) } }
            div.govuk-summary-list__row { dt.govuk-summary-list__key { "Statutory basis" } dd.govuk-summary-list__value { (ind.statutory_basis) } }
            div.govuk-summary-list__row { dt.govuk-summary-list__key { "DfE comparator" } dd.govuk-summary-list__value { (ind.dfe_key.unwrap_or(NOT_AVAILABLE)) } }
        }
        figure.scrutiny-chart { (svg(scrutiny_report::svg::trend(row, &data.council_name()))) figcaption.govuk-body-s { "The figures are in the trend table below." } }
        (narrative_html(row.narrative.as_ref()))
        @if let Some(c) = children { (c) }
    };
    Ok(Out::View(View { title: format!("{} ({})", ind.title, ind.id), period: Some(period), before: Some(before), tables, status: 200, ..View::default() }))
}

/// The team that held a child's case at `on`, else the last to hold it before then.
fn holder(child: &Child, on: chrono::NaiveDate) -> Option<&scrutiny_model::Allocation> {
    helpers::responsible_on(child, on).or_else(|| child.allocations.iter().filter(|a| a.start <= on).max_by_key(|a| a.start))
}

pub fn children(req: &Req) -> Result<Out, Fail> {
    let data = req.data()?;
    let period = req.period(&data)?;
    let viewer = req.viewer()?;
    let ind = scrutiny_indicators::find(req.param("id")).ok_or_else(|| Fail::NotFound(format!("There is no indicator '{}'.", req.param("id"))))?;
    let set = req.q("set").unwrap_or("numerator");
    let result = data.result(ind, period);
    let ids = match set {
        "numerator" => &result.numerator_ids,
        "denominator" => &result.denominator_ids,
        other => return Err(Fail::BadRequest(format!("set must be numerator or denominator, not '{other}'"))),
    };
    let on = period.end();
    let mut shown = Vec::new();
    let table = if ind.subject == Subject::Worker {
        let mut t = Table::new("workers", format!("Workers in the {set}"), &["Worker", "Name", "Team", "Employment", "FTE"]);
        for id in ids {
            let Some(w) = data.dataset.worker(id) else { continue };
            if viewer.role == Role::Manager && !viewer.teams.contains(&w.team) {
                continue;
            }
            t.rows.push(vec![
                Cell::text(&w.id),
                Cell::text(&w.name),
                Cell::text(data.team_name(&w.team)),
                Cell::text(if w.agency { "Agency" } else { "Permanent" }),
                Cell::Num(w.fte, format!("{:.2}", w.fte)),
            ]);
            shown.push(w.id.clone());
        }
        t
    } else {
        let mut t = Table::new("children", format!("Children in the {set}"), &["Child", "Name", "Age at period end", "Sex", "Team", "Worker"]);
        for id in ids {
            let Some(c) = data.dataset.child(id) else { continue };
            let held = holder(c, on);
            if viewer.role == Role::Manager && !held.is_some_and(|a| viewer.teams.contains(&a.team)) {
                continue;
            }
            let name = [c.forename.as_deref(), c.surname.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
            t.rows.push(vec![
                Cell::text(&c.id),
                Cell::text(name),
                helpers::age_on(c, on).map_or_else(|| Cell::Missing("unknown".into()), |a| Cell::Num(a as f64, a.to_string())),
                Cell::text(format!("{:?}", c.sex)),
                held.map_or_else(|| Cell::Missing("none".into()), |a| Cell::text(data.team_name(&a.team))),
                held.map_or_else(
                    || Cell::Missing("none".into()),
                    |a| Cell::text(data.dataset.worker(&a.worker).map_or(a.worker.as_str(), |w| w.name.as_str())),
                ),
            ]);
            shown.push(c.id.clone());
        }
        t
    };
    let scope = if viewer.role == Role::Manager { "held by your teams" } else { "all teams" };
    let before = html! {
        p.govuk-body { (ind.title) ", " (period.describe()) ": " (shown.len()) " in the " (set) " (" (scope) "). "
            a.govuk-link href=(with_period(&format!("/indicators/{}", ind.id), period)) { "Back to the indicator" } }
        p.govuk-body-s { "This view is recorded in the access log: who, what and when." }
    };
    Ok(Out::View(View {
        title: format!("{} – {set}", ind.id),
        period: Some(period),
        before: Some(before),
        tables: vec![table],
        children_shown: Some(shown),
        status: 200,
        ..View::default()
    }))
}

/// Team names a manager holds.
fn team_names(data: &Data, viewer: &Viewer) -> BTreeSet<String> {
    viewer.teams.iter().map(|t| data.team_name(t)).collect()
}

fn in_scope(e: &Exception, viewer: &Viewer, names: &BTreeSet<String>) -> bool {
    viewer.role != Role::Manager || e.team.as_ref().is_some_and(|t| names.contains(t))
}

pub fn exceptions(req: &Req) -> Result<Out, Fail> {
    let data = req.data()?;
    let period = req.period(&data)?;
    let viewer = req.viewer()?;
    let names = team_names(&data, viewer);
    let lists = exceptions::lists();
    let team = req.q("team");
    let worker = req.q("worker").map(str::to_lowercase);
    let chosen = match req.q("list") {
        Some(name) => Some(exceptions::find(name).ok_or_else(|| Fail::NotFound(format!("There is no exception list '{name}'.")))?),
        None => None,
    };
    let teams: Vec<String> =
        if viewer.role == Role::Manager { names.iter().cloned().collect() } else { data.dataset.teams.iter().map(|t| t.name.clone()).collect() };
    let form = html! {
        form.scrutiny-filter method="get" action="/exceptions" {
            input type="hidden" name="period" value=(period.to_string());
            div.govuk-form-group {
                label.govuk-label for="list" { "List" }
                select.govuk-select id="list" name="list" {
                    option value="" { "All lists (counts)" }
                    @for l in &lists { option value=(l.name) selected[chosen.is_some_and(|c| c.name == l.name)] { (l.title) } }
                }
            }
            div.govuk-form-group {
                label.govuk-label for="team" { "Team" }
                select.govuk-select id="team" name="team" {
                    option value="" { "All teams" }
                    @for t in &teams { option value=(t) selected[team == Some(t.as_str())] { (t) } }
                }
            }
            div.govuk-form-group {
                label.govuk-label for="worker" { "Worker (name or id)" }
                input.govuk-input.govuk-input--width-20 id="worker" name="worker" type="text" value=(req.q("worker").unwrap_or(""));
            }
            button.govuk-button type="submit" { "Filter" }
        }
    };
    let matches = |e: &Exception| {
        in_scope(e, viewer, &names)
            && team.is_none_or(|t| e.team.as_deref() == Some(t))
            && worker.as_ref().is_none_or(|w| e.worker.as_ref().is_some_and(|x| x.to_lowercase().contains(w.as_str())))
    };
    let Some(list) = chosen else {
        let mut t = Table::new("lists", format!("Exception lists, {}", period.describe()), &["List", "Indicator", "Entries"]);
        for l in &lists {
            let n = data.exceptions(l, period).iter().filter(|e| matches(e)).count();
            let mut q = vec![("list".to_string(), l.name.to_string()), ("period".to_string(), period.to_string())];
            if let Some(t) = team {
                q.push(("team".into(), t.into()));
            }
            t.rows.push(vec![
                Cell::Link(l.title.into(), format!("/exceptions{}", crate::view::query_string(&q))),
                Cell::text(l.indicator),
                Cell::Num(n as f64, n.to_string()),
            ]);
        }
        return Ok(Out::View(View { title: "Exceptions".into(), period: Some(period), before: Some(form), tables: vec![t], status: 200, ..View::default() }));
    };
    let all = data.exceptions(list, period);
    let subject = if list.subject == Subject::Worker { "Worker" } else { "Child" };
    let mut t = Table::new("exceptions", format!("{}, most overdue first", list.title), &[subject, "Held by", "Team", "Due", "Working days overdue", "Detail"]);
    let mut shown = Vec::new();
    for e in all.iter().filter(|e| matches(e)) {
        t.rows.push(vec![
            Cell::text(&e.id),
            e.worker.as_ref().map_or_else(|| Cell::Missing("unallocated".into()), Cell::text),
            e.team.as_ref().map_or_else(|| Cell::Missing("none".into()), Cell::text),
            date_text(Some(e.due)),
            Cell::Num(f64::from(e.overdue_working_days), e.overdue_working_days.to_string()),
            Cell::text(&e.detail),
        ]);
        shown.push(e.id.clone());
    }
    let before = html! {
        (form)
        p.govuk-body { (shown.len()) " entries" @if viewer.role == Role::Manager { " in your teams" } ". This view is recorded in the access log." }
    };
    Ok(Out::View(View {
        title: list.title.into(),
        period: Some(period),
        before: Some(before),
        tables: vec![t],
        children_shown: Some(shown),
        status: 200,
        ..View::default()
    }))
}

pub fn caseloads(req: &Req) -> Result<Out, Fail> {
    let data = req.data()?;
    let period = req.period(&data)?;
    let viewer = req.viewer()?;
    let on = period.end();
    let loads = data.caseloads(period);
    let (by_worker, by_team) = (&loads.by_worker, &loads.by_team);
    let threshold = helpers::CASELOAD_THRESHOLD;
    let edition = viewer.role.edition();
    let n = |v: usize| count_cell(scrutiny_report::Cell::count(v as f64, edition));
    let mut teams = Table::new(
        "teams",
        format!("Caseloads by team at {}", on.format("%d/%m/%Y")),
        &[
            "Team",
            "Service",
            "Workers in post",
            "Permanent",
            "Agency",
            "Child protection",
            "Children in care",
            "Care leavers",
            "Child in need and other",
            "Total cases",
            "Workers over threshold",
        ],
    );
    let in_post: Vec<_> = data.dataset.workers.iter().filter(|w| w.in_post_on(on)).collect();
    for team in &data.dataset.teams {
        let members: Vec<_> = in_post.iter().filter(|w| w.team == team.id).collect();
        let agency = members.iter().filter(|w| w.agency).count();
        let counts = by_team.get(team.id.as_str()).copied().unwrap_or_default();
        let over = members.iter().filter(|w| by_worker.get(w.id.as_str()).is_some_and(|c| c.iter().sum::<usize>() > threshold)).count();
        let mut row = vec![Cell::text(&team.name), Cell::text(team.service.label()), n(members.len()), n(members.len() - agency), n(agency)];
        // The types of case beside their total: the report's secondary suppression, so a hidden one cannot be worked out.
        let parts: Vec<f64> = counts.iter().map(|&v| v as f64).collect();
        let (cells, total) = parts_and_total(&parts, parts.iter().sum(), edition);
        row.extend(cells.into_iter().map(count_cell));
        row.push(count_cell(total));
        row.push(n(over));
        teams.rows.push(row);
    }
    let mut tables = vec![teams];
    // Workers are named to officers only; managers see their own teams'.
    if viewer.role != Role::Member {
        let mut workers = Table::new(
            "workers",
            format!("Caseloads by worker at {} (threshold {threshold} cases)", on.format("%d/%m/%Y")),
            &[
                "Worker",
                "Team",
                "Employment",
                "FTE",
                "Child protection",
                "Children in care",
                "Care leavers",
                "Child in need and other",
                "Total cases",
                "Over threshold",
            ],
        );
        for w in in_post.iter().filter(|w| viewer.role != Role::Manager || viewer.teams.contains(&w.team)) {
            let counts = by_worker.get(w.id.as_str()).copied().unwrap_or_default();
            let total: usize = counts.iter().sum();
            let mut row = vec![
                Cell::text(&w.name),
                Cell::text(data.team_name(&w.team)),
                Cell::text(if w.agency { "Agency" } else { "Permanent" }),
                Cell::Num(w.fte, format!("{:.2}", w.fte)),
            ];
            row.extend(counts.iter().map(|&v| Cell::Num(v as f64, v.to_string())));
            row.push(Cell::Num(total as f64, total.to_string()));
            row.push(Cell::text(if total > threshold { "Yes" } else { "No" }));
            workers.rows.push(row);
        }
        tables.push(workers);
    }
    let before = html! {
        p.govuk-body { "Cases are children allocated to a worker at the end of " (period.describe()) ", by what the child's case was that day. A worker over " (threshold) " cases is flagged (the threshold of indicator WF-06)." }
        @if viewer.role == Role::Member { p.govuk-body-s { "Counts from 1 to 5 are shown as c. Individual workers are shown to officers only." } }
    };
    Ok(Out::View(View { title: "Caseloads".into(), period: Some(period), before: Some(before), tables, status: 200, ..View::default() }))
}

pub fn workforce(req: &Req) -> Result<Out, Fail> {
    let (data, period, report) = scorecard(req)?;
    let report = report_of(&report);
    let on = period.end();
    let mut tables = Vec::new();
    if let Some(s) = report.sections.iter().find(|s| s.key == "workforce") {
        let rows: Vec<&Row> = s.rows.iter().collect();
        tables.push(scorecard_table("scorecard", format!("Workforce scorecard, {}", period.describe()), &rows, period, None));
    }
    let mut census = Table::new(
        "census",
        "Workforce census returns (at 30 September)",
        &["Census date", "Vacancies (FTE)", "Agency workers covering vacancies (FTE)", "Agency workers covering vacancies (headcount)"],
    );
    for r in &data.dataset.workforce_returns {
        census.rows.push(vec![
            date_text(Some(r.census_date)),
            Cell::Num(r.vacancies_fte, format!("{:.1}", r.vacancies_fte)),
            Cell::Num(r.agency_cover_fte, format!("{:.1}", r.agency_cover_fte)),
            Cell::Num(f64::from(r.agency_cover_headcount), r.agency_cover_headcount.to_string()),
        ]);
    }
    tables.push(census);
    let mut staff = Table::new(
        "in-post",
        format!("Social workers in post at {}", on.format("%d/%m/%Y")),
        &["Team", "Permanent (headcount)", "Permanent (FTE)", "Agency (headcount)", "Agency (FTE)"],
    );
    for team in &data.dataset.teams {
        let ws: Vec<_> = data.dataset.workers.iter().filter(|w| w.team == team.id && w.in_post_on(on)).collect();
        let (agency, permanent): (Vec<_>, Vec<_>) = ws.iter().partition(|w| w.agency);
        let fte = |v: &[&&scrutiny_model::Worker]| v.iter().map(|w| w.fte).sum::<f64>();
        staff.rows.push(vec![
            Cell::text(&team.name),
            Cell::Num(permanent.len() as f64, permanent.len().to_string()),
            Cell::Num(fte(&permanent), format!("{:.1}", fte(&permanent))),
            Cell::Num(agency.len() as f64, agency.len().to_string()),
            Cell::Num(fte(&agency), format!("{:.1}", fte(&agency))),
        ]);
    }
    tables.push(staff);
    let before = html! { p.govuk-body-s { (report.comparators_note) } };
    Ok(Out::View(View { title: "Workforce".into(), period: Some(period), before: Some(before), tables, status: 200, ..View::default() }))
}

/// The report's plan tables as the page's: one builder, so page and pack agree.
fn plan_table(t: &scrutiny_report::plan::PlanTable) -> Table {
    use scrutiny_report::plan::PlanCell;
    let cols: Vec<&str> = t.columns.iter().map(String::as_str).collect();
    let mut out = Table::new(&t.name, t.caption.clone(), &cols);
    for row in &t.rows {
        out.rows.push(
            row.iter()
                .map(|c| match c {
                    PlanCell::Text(s) => Cell::text(s),
                    PlanCell::Number(v, s) => Cell::Num(*v, s.clone()),
                    PlanCell::Missing(s) => Cell::Missing(s.clone()),
                    PlanCell::Suppressed => Cell::Suppressed,
                })
                .collect(),
        );
    }
    out
}

fn brag_tag(status: Brag) -> &'static str {
    match status {
        Brag::Blue => "govuk-tag govuk-tag--blue",
        Brag::Green => "govuk-tag govuk-tag--green",
        Brag::Amber => "govuk-tag govuk-tag--yellow",
        Brag::Red => "govuk-tag govuk-tag--red",
    }
}

fn action_href(reference: &str) -> String {
    format!("/plan/actions/{}", encode(reference))
}

fn date_text(d: Option<chrono::NaiveDate>) -> Cell {
    d.map_or_else(|| Cell::Missing("–".into()), |d| Cell::text(d.format("%d/%m/%Y").to_string()))
}

/// `/plan`: the improvement plan, practice audits and committees' open actions.
/// Aggregates only: audits are summarised (suppressed for members), never listed.
pub fn plan(req: &Req) -> Result<Out, Fail> {
    let data = req.data()?;
    let period = req.period(&data)?;
    let edition = req.viewer()?.role.edition();
    let plan = data.plan();
    let g = &plan.governance;
    if g.actions.is_empty() && g.audits.is_empty() && g.committees.is_empty() {
        let before = html! { p.govuk-body { "No improvement plan, practice audits or committee records have been imported. Import them with " code { "scrutiny plan import" } ", " code { "scrutiny audits import" } " and " code { "scrutiny meetings import" } "." } };
        return Ok(Out::View(View { title: "Improvement plan".into(), period: Some(period), before: Some(before), status: 200, ..View::default() }));
    }
    let section = scrutiny_report::plan::section(g, period, edition);
    let effects = data.plan_effects(&plan, period);
    let officer = crate::Access::Officer.allows(req.viewer()?.role);
    let before = html! {
        p.govuk-body-l { (data.council_name()) ": the improvement plan's actions, overdue on " (section.as_at.format("%d/%m/%Y")) ", and the practice audits of " (period.financial_year().describe()) "." }
        h2.govuk-heading-m { "Actions by BRAG status" }
        ul.govuk-list.scrutiny-rag {
            @for (label, n) in &section.totals {
                li { strong class=(Brag::parse(label).map_or("govuk-tag", brag_tag)) { (label) } " " (n) " action" @if *n != 1 { "s" } }
            }
        }
        @if !section.key.is_empty() { p.govuk-body-s { "BRAG key: " (section.key.join("; ")) "." } }
        @if edition == scrutiny_report::Edition::Member { p.govuk-body { "Member view: audit counts from 1 to 5 are shown as c." } }
        p.govuk-body {
            "Each action's page has its BRAG history, evidence and the indicators it should move."
            @if officer { " Managers and analysts update an action's status, owner, due date and evidence there." }
        }
        figure.scrutiny-chart {
            (svg(scrutiny_plan::svg::interlink_svg(g, &effects)))
            figcaption.govuk-body-s { "Each box names its status in words; the actions and their statuses are in the tables below." }
        }
    };
    let mut tables: Vec<Table> = section.tables.iter().map(plan_table).collect();
    // Action references lead to the action's page.
    for t in &mut tables {
        if let Some(col) = t.columns.iter().position(|c| c == "Action") {
            for row in &mut t.rows {
                if let Some(Cell::Text(r)) = row.get(col) {
                    let link = Cell::Link(r.clone(), action_href(r));
                    row[col] = link;
                }
            }
        }
    }
    let mut all =
        Table::new("plan-actions", "Every action and its BRAG status", &["Action", "Theme", "Description", "Owner", "BRAG status", "Status date", "Due"]);
    for a in &g.actions {
        all.rows.push(vec![
            Cell::Link(a.reference.clone(), action_href(&a.reference)),
            Cell::text(a.theme.clone().unwrap_or_else(|| scrutiny_plan::views::NO_THEME.into())),
            Cell::text(&a.description),
            Cell::text(&a.owner),
            Cell::text(a.status.status.label()),
            date_text(Some(a.status.on)),
            date_text(a.due),
        ]);
    }
    tables.insert(1.min(tables.len()), all);
    Ok(Out::View(View { title: "Improvement plan".into(), period: Some(period), before: Some(before), tables, status: 200, ..View::default() }))
}

/// What the edit form holds: the action as it is, or what was sent when it was refused.
struct EditForm {
    status: String,
    on: String,
    owner: String,
    due: String,
    note: String,
}

impl EditForm {
    fn of(a: &Action, today: chrono::NaiveDate) -> EditForm {
        EditForm {
            status: a.status.status.code().into(),
            on: today.to_string(),
            owner: a.owner.clone(),
            due: a.due.map(|d| d.to_string()).unwrap_or_default(),
            note: String::new(),
        }
    }

    fn sent(req: &Req, a: &Action, today: chrono::NaiveDate) -> EditForm {
        let mut f = EditForm::of(a, today);
        for (key, field) in [("status", &mut f.status), ("on", &mut f.on), ("owner", &mut f.owner), ("due", &mut f.due), ("note", &mut f.note)] {
            if let Some(v) = req.form.get(key) {
                *field = v.clone();
            }
        }
        f
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn find_action<'a>(plan: &'a Plan, reference: &str) -> Result<&'a Action, Fail> {
    plan.governance
        .actions
        .iter()
        .find(|a| a.reference == reference)
        .ok_or_else(|| Fail::NotFound(format!("There is no action '{reference}' in the improvement plan.")))
}

/// An action's page: what it is, its BRAG history, evidence and indicators; for officers the form to update it.
fn action_view(req: &Req, plan: &Plan, a: &Action, form: &EditForm, problems: &[String], status: u16) -> Result<View, Fail> {
    let viewer = req.viewer()?;
    let g = &plan.governance;
    let mut details = Table::new("action", "About this action", &["Field", "Value"]);
    let text = |s: &str| if s.trim().is_empty() { Cell::Missing("–".into()) } else { Cell::text(s) };
    let meeting = a.target_meeting.map(|m| match g.meetings.iter().find(|x| x.id == m) {
        Some(x) => format!(
            "{}, {} (ModernGov meeting {m})",
            g.committees.iter().find(|c| c.id == x.committee_id).map_or("Committee", |c| c.title.as_str()),
            x.date.format("%d/%m/%Y")
        ),
        None => format!("ModernGov meeting {m}"),
    });
    for (field, value) in [
        ("Reference", Cell::text(&a.reference)),
        ("Theme", Cell::text(a.theme.clone().unwrap_or_else(|| scrutiny_plan::views::NO_THEME.into()))),
        ("Description", Cell::text(&a.description)),
        ("Source", Cell::text(a.source.label())),
        ("Source reference", text(&a.source_ref)),
        ("Owner", Cell::text(&a.owner)),
        ("Start", date_text(a.start)),
        ("Due", date_text(a.due)),
        ("First due date", date_text(a.original_due)),
        ("Reports to", text(meeting.as_deref().unwrap_or(""))),
        ("BRAG status", Cell::text(a.status.status.label())),
        ("Status date", date_text(Some(a.status.on))),
        ("Status set by", Cell::text(&a.status.by)),
        ("Evidence", text(&a.evidence)),
    ] {
        details.rows.push(vec![Cell::text(field), value]);
    }
    let mut history = Table::new("action-history", "BRAG history, oldest first", &["Date", "BRAG status", "Set by"]);
    for h in &a.history {
        history.rows.push(vec![date_text(Some(h.on)), Cell::text(h.status.label()), Cell::text(&h.by)]);
    }
    let mut indicators = Table::new("action-indicators", "Indicators this action should move", &["Indicator", "ID"]);
    for id in &a.indicators {
        let title = scrutiny_indicators::find(id).map_or_else(|| id.clone(), |i| i.title.to_string());
        indicators.rows.push(vec![Cell::Link(title, format!("/indicators/{}", encode(id))), Cell::text(id)]);
    }
    let slipped = match (a.due, a.original_due) {
        (Some(due), Some(first)) if due > first && a.status.status != Brag::Blue => Some((due - first).num_days()),
        _ => None,
    };
    let officer = crate::Access::Officer.allows(viewer.role);
    let before = html! {
        @if !problems.is_empty() {
            div.govuk-error-summary role="alert" tabindex="-1" {
                h2.govuk-error-summary__title { "There is a problem: nothing was changed" }
                div.govuk-error-summary__body { ul.govuk-list.govuk-error-summary__list { @for p in problems { li { a href="#update" { (p) } } } } }
            }
        } @else if req.q("saved").is_some() {
            div.scrutiny-success role="status" { h2.govuk-heading-m { "Your change has been recorded" } p.govuk-body { "It is in the action's history and the access log, with your name." } }
        }
        p.govuk-body-l { (a.description) }
        p.govuk-body {
            strong class=(brag_tag(a.status.status)) { (a.status.status.label()) }
            " since " (a.status.on.format("%d/%m/%Y")) ", set by " (a.status.by) "."
            @if let Some(d) = slipped { " The due date has slipped " (d) " days from the first one given." }
        }
        p.govuk-body-s { a.govuk-link href="/plan" { "Back to the improvement plan" } }
    };
    let after = officer.then(|| {
        html! {
            h2.govuk-heading-m id="update" { "Update this action" }
            form method="post" action=(action_href(&a.reference)) {
                (csrf_input(viewer))
                div.govuk-form-group {
                    label.govuk-label for="status" { "BRAG status" }
                    div.govuk-hint id="status-hint" {
                        @for k in &g.brag_key { (k.label) ": " (k.meaning) ". " }
                        "Blue needs evidence."
                    }
                    select.govuk-select id="status" name="status" aria-describedby="status-hint" {
                        @for b in Brag::ALL { option value=(b.code()) selected[b.code() == form.status] { (b.label()) } }
                    }
                }
                div.govuk-form-group {
                    label.govuk-label for="on" { "Date of the change or note" }
                    div.govuk-hint id="on-hint" { "Today unless you are recording a change made earlier. Not in the future, and a new status not before the last change (" (a.status.on.format("%d/%m/%Y")) ")." }
                    input.govuk-input.govuk-input--width-10 id="on" name="on" type="date" value=(form.on) aria-describedby="on-hint";
                }
                div.govuk-form-group {
                    label.govuk-label for="owner" { "Owner" }
                    input.govuk-input.govuk-input--width-20 id="owner" name="owner" type="text" value=(form.owner) autocomplete="off";
                }
                div.govuk-form-group {
                    label.govuk-label for="due" { "Due date" }
                    div.govuk-hint id="due-hint" { "A later date keeps the first one given, so the action shows as slipped." }
                    input.govuk-input.govuk-input--width-10 id="due" name="due" type="date" value=(form.due) aria-describedby="due-hint";
                }
                div.govuk-form-group {
                    label.govuk-label for="note" { "Evidence note (optional)" }
                    div.govuk-hint id="note-hint" { "Added to the evidence with the date and your name. What shows the action is working?" }
                    textarea.govuk-textarea id="note" name="note" rows="3" aria-describedby="note-hint" { (form.note) }
                }
                button.govuk-button type="submit" { "Save changes" }
            }
            p.govuk-body-s { "Every change is recorded with your name: a new status is added to the history (nothing in it is ever changed) and each change is written to the access log." }
        }
    });
    Ok(View { title: format!("Action {}", a.reference), before: Some(before), tables: vec![details, history, indicators], after, status, ..View::default() })
}

/// `/plan/actions/{ref}`: one action, for every signed-in role.
pub fn plan_action(req: &Req) -> Result<Out, Fail> {
    let data = req.data()?;
    let plan = data.plan();
    let a = find_action(&plan, req.param("ref"))?;
    Ok(Out::View(action_view(req, &plan, a, &EditForm::of(a, today()), &[], 200)?))
}

/// `POST /plan/actions/{ref}`: an officer's update, through the store's rules;
/// refused, the page says why (422) and nothing is changed.
pub fn edit_plan_action(req: &Req) -> Result<Out, Fail> {
    let viewer = req.viewer()?;
    let data = req.data()?;
    let plan = data.plan();
    let a = find_action(&plan, req.param("ref"))?;
    let today = today();
    let form = EditForm::sent(req, a, today);
    let mut problems = Vec::new();
    let date = |field: &str, label: &str, problems: &mut Vec<String>| {
        let v = req.form.get(field).map_or("", |v| v.trim());
        if v.is_empty() {
            return None;
        }
        let d = scrutiny_plan::parse_date(v);
        if d.is_none() {
            problems.push(format!("the {label} '{v}' is not a date: write it as 2025-03-31 or 31/03/2025"));
        }
        d
    };
    let on = date("on", "date", &mut problems).unwrap_or(today);
    let due = date("due", "due date", &mut problems);
    let status = match req.form.get("status").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let b = Brag::parse(s);
            if b.is_none() {
                problems.push(format!("'{s}' is not a BRAG status: choose Blue, Green, Amber or Red"));
            }
            b
        }
    };
    if !problems.is_empty() {
        return Ok(Out::View(action_view(req, &plan, a, &form, &problems, 422)?));
    }
    let edit = ActionEdit {
        reference: a.reference.clone(),
        by: viewer.name.clone(),
        role: viewer.role.name().into(),
        on,
        status,
        owner: req.form.get("owner").cloned(),
        due,
        note: req.form.get("note").cloned(),
    };
    let edited = {
        // Held from the edit until the plan is re-read, so two edits cannot leave the older plan showing.
        let mut store = req.app.store();
        let edited = store.edit_action(&edit, today, &req.path)?;
        if matches!(edited, Edited::Changed(_)) {
            req.app.set_governance(store.governance()?);
        }
        edited
    };
    match edited {
        Edited::Changed(_) => Ok(Out::Redirect(format!("{}?saved=1", action_href(&a.reference)), Vec::new())),
        Edited::Refused(problems) => Ok(Out::View(action_view(req, &plan, a, &form, &problems, 422)?)),
        Edited::NoSuchAction => Err(Fail::NotFound(format!("There is no action '{}' in the improvement plan.", a.reference))),
    }
}

// ---- Imports (analysts) ----

fn csrf_input(v: &Viewer) -> Markup {
    html! { input type="hidden" name="csrf" value=(v.csrf); }
}

pub fn imports(req: &Req) -> Result<Out, Fail> {
    let viewer = req.viewer()?;
    let snapshots = req.app.store().snapshots()?;
    let mut t = Table::new(
        "snapshots",
        "Imported snapshots, newest first",
        &["Snapshot", "Imported", "Files", "Children", "Referrals", "Care episodes", "Workers", "Errors", "Warnings", "Queries"],
    );
    let num = |v: u64| Cell::Num(v as f64, v.to_string());
    for s in snapshots.iter().rev() {
        t.rows.push(vec![
            Cell::text(s.id.to_string()),
            Cell::text(&s.imported_at),
            num(s.files.len() as u64),
            num(s.children),
            num(s.referrals),
            num(s.care_episodes),
            num(s.workers),
            num(s.errors),
            num(s.warnings),
            num(s.queries),
        ]);
    }
    let staged: Vec<(String, Arc<Staged>)> = req.app.staging.lock().expect("staging lock").iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut waiting = Table::new("waiting", "Uploads waiting for a decision", &["Upload", "Uploaded by", "Files", "Errors"]);
    for (token, s) in &staged {
        let errors = s.issues.iter().filter(|i| i.severity == scrutiny_ingest::Severity::Error).count();
        waiting.rows.push(vec![
            Cell::Link(format!("Upload {}", &token[..8]), format!("/imports/{token}")),
            Cell::text(&s.by),
            Cell::text(s.names.join(", ")),
            Cell::Num(errors as f64, errors.to_string()),
        ]);
    }
    let after = html! {
        h2.govuk-heading-m { "Upload returns" }
        form method="post" action="/imports" enctype="multipart/form-data" {
            (csrf_input(viewer))
            div.govuk-form-group {
                label.govuk-label for="files" { "CIN census XML, SSDA903 and safeguarding CSVs, workforce census files and council.toml" }
                div.govuk-hint id="files-hint" { "Choose every file of the returns at once. They are validated before anything is imported." }
                input.govuk-file-upload id="files" name="files" type="file" multiple aria-describedby="files-hint";
            }
            button.govuk-button type="submit" { "Upload and validate" }
        }
    };
    Ok(Out::View(View { title: "Imports".into(), tables: vec![t, waiting], after: Some(after), status: 200, ..View::default() }))
}

/// The rule named beside problems found in an uploaded plan, audit or committee file.
const PLAN_FILE_RULE: &str = "SCR-PLAN";

pub fn upload(req: &Req) -> Result<Out, Fail> {
    let viewer = req.viewer()?;
    let Some((dir, names)) = &req.uploads else { return Err(Fail::BadRequest("Choose the files to upload.".into())) };
    if names.is_empty() {
        return Err(Fail::BadRequest("Choose the files to upload.".into()));
    }
    // Move the files out of the request: the staging area owns them until a decision.
    // The plan, audit and committee files go to a folder of their own, which the returns' reader passes by.
    let staged_dir = tempfile::Builder::new().prefix("scrutiny-staged-").tempdir()?;
    let governance_dir = staged_dir.path().join(GOVERNANCE_FOLDER);
    for (i, n) in names.iter().enumerate() {
        let from = dir.path().join(n);
        let in_folder = n.split('/').any(|part| part == GOVERNANCE_FOLDER);
        let to = if in_folder || scrutiny_plan::kind_of_file(&from).is_some() {
            // Numbered: files of the same name from different folders must not overwrite each other.
            governance_dir.join(format!("{i:03}-{}", n.rsplit('/').next().unwrap_or(n)))
        } else {
            staged_dir.path().join(n)
        };
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, to)?;
    }
    let governance = governance_dir.is_dir().then(|| match scrutiny_plan::read_files(std::slice::from_ref(&governance_dir), &scrutiny_plan::FileKind::ALL) {
        Ok(read) => StagedGovernance { dir: governance_dir.clone(), files: read.files, problems: Vec::new() },
        Err(rejected) => StagedGovernance { dir: governance_dir.clone(), files: Vec::new(), problems: rejected.problems },
    });
    let only_governance = governance.is_some() && std::fs::read_dir(staged_dir.path())?.count() == 1;
    let inputs = if only_governance { scrutiny_ingest::Inputs::default() } else { scrutiny_ingest::read_paths(&[staged_dir.path().to_path_buf()]) };
    let issues = scrutiny_ingest::validate(&inputs);
    let token = auth::random_token();
    let names = names.iter().map(|n| n.rsplit('/').next().unwrap_or(n).to_string()).collect();
    let staged = Staged { dir: staged_dir, by: viewer.name.clone(), names, inputs, issues, governance };
    req.app.staging.lock().expect("staging lock").insert(token.clone(), Arc::new(staged));
    Ok(Out::Redirect(format!("/imports/{token}"), Vec::new()))
}

fn staged_upload(req: &Req) -> Result<Arc<Staged>, Fail> {
    req.app
        .staging
        .lock()
        .expect("staging lock")
        .get(req.param("token"))
        .cloned()
        .ok_or_else(|| Fail::NotFound("There is no such upload waiting (it may have been accepted or rejected).".into()))
}

pub fn staged(req: &Req) -> Result<Out, Fail> {
    let viewer = req.viewer()?;
    let s = staged_upload(req)?;
    let count = |sev| s.issues.iter().filter(|i| i.severity == sev).count();
    let (warnings, queries) = (count(scrutiny_ingest::Severity::Warning), count(scrutiny_ingest::Severity::Query));
    let mut files = Table::new("files", "Files read", &["File", "Format", "Bytes"]);
    for f in &s.inputs.files {
        files.rows.push(vec![Cell::text(f.path.rsplit('/').next().unwrap_or(&f.path)), Cell::text(f.format()), Cell::Num(f.bytes as f64, f.bytes.to_string())]);
    }
    for u in &s.inputs.unreadable {
        files.rows.push(vec![Cell::text(u.rsplit('/').next().unwrap_or(u)), Cell::Missing("could not be read".into()), Cell::Missing("–".into())]);
    }
    for (name, kind) in s.governance.iter().flat_map(|g| &g.files) {
        let bytes = std::fs::metadata(name).map_or(0, |m| m.len());
        files.rows.push(vec![Cell::text(crate::uploaded_name(name)), Cell::text(kind.label()), Cell::Num(bytes as f64, bytes.to_string())]);
    }
    let mut findings = Table::new("findings", "Validation findings", &["Severity", "Rule", "File", "Line", "Child", "Field", "Value", "Message"]);
    let mut shown = BTreeSet::new();
    for i in &s.issues {
        if let Some(c) = &i.child {
            shown.insert(c.clone());
        }
        findings.rows.push(vec![
            Cell::text(format!("{:?}", i.severity)),
            Cell::text(&i.rule),
            Cell::text(i.file.rsplit('/').next().unwrap_or(&i.file)),
            i.line.map_or_else(|| Cell::Missing("–".into()), |l| Cell::Num(f64::from(l), l.to_string())),
            Cell::text(i.child.clone().unwrap_or_default()),
            Cell::text(i.field.clone().unwrap_or_default()),
            Cell::text(i.value.clone().unwrap_or_default()),
            Cell::text(&i.message),
        ]);
    }
    for p in s.governance.iter().flat_map(|g| &g.problems) {
        findings.rows.push(vec![
            Cell::text("Error"),
            Cell::text(PLAN_FILE_RULE),
            Cell::text(crate::uploaded_name(&p.file)),
            p.line.map_or_else(|| Cell::Missing("–".into()), |l| Cell::Num(f64::from(l), l.to_string())),
            Cell::text(""),
            Cell::text(p.field.clone().unwrap_or_default()),
            Cell::text(""),
            Cell::text(&p.message),
        ]);
    }
    let token = req.param("token");
    let refusal = s.refusal();
    let errors = s.errors();
    let before = html! {
        p.govuk-body { "Uploaded by " (s.by) ": " (errors) " errors, " (warnings) " warnings, " (queries) " queries." }
        @if let Some(why) = &refusal {
            div.govuk-warning-text { strong.govuk-warning-text__text { (why) } }
        } @else {
            form.scrutiny-inline method="post" action=(format!("/imports/{token}/accept")) { (csrf_input(viewer)) button.govuk-button type="submit" { "Accept and import" } }
        }
        form.scrutiny-inline method="post" action=(format!("/imports/{token}/reject")) { (csrf_input(viewer)) button.govuk-button.govuk-button--warning type="submit" { "Reject" } }
    };
    Ok(Out::View(View {
        title: "Validation results".into(),
        before: Some(before),
        tables: vec![files, findings],
        children_shown: Some(shown.into_iter().collect()),
        status: 200,
        ..View::default()
    }))
}

pub fn accept(req: &Req) -> Result<Out, Fail> {
    let s = staged_upload(req)?;
    if let Some(why) = s.refusal() {
        return Err(Fail::BadRequest(why));
    }
    // Its own connection: an import can take a while, and sessions must not wait for it.
    let mut store = scrutiny_store::Store::open(&req.app.db)?;
    // The plan first: it can still be refused by what is stored (a status dated before the last),
    // and then neither it nor the returns are imported.
    if let Some(g) = &s.governance {
        let refused = match scrutiny_plan::read_files(std::slice::from_ref(&g.dir), &scrutiny_plan::FileKind::ALL) {
            Ok(read) => read.apply(&mut store)?.err(),
            Err(rejected) => Some(rejected),
        };
        if let Some(rejected) = refused {
            let problems: Vec<String> = rejected.problems.iter().map(|p| p.to_string().replace(&format!("{}/", g.dir.display()), "")).collect();
            return Err(Fail::BadRequest(format!("Nothing was imported: {}", problems.join("; "))));
        }
    }
    if !s.inputs.files.is_empty() {
        import_returns(&s, &mut store)?;
    }
    drop(store);
    req.app.staging.lock().expect("staging lock").remove(req.param("token"));
    req.app.reload()?;
    Ok(Out::Redirect("/imports".into(), Vec::new()))
}

fn import_returns(s: &Staged, store: &mut scrutiny_store::Store) -> Result<(), Fail> {
    let built = scrutiny_ingest::build(&s.inputs);
    let mut issues = s.issues.clone();
    issues.extend(built.issues);
    let files: Vec<scrutiny_store::FileMeta> = s
        .inputs
        .files
        .iter()
        .map(|f| scrutiny_store::FileMeta {
            path: f.path.rsplit('/').next().unwrap_or(&f.path).to_string(),
            hash: f.hash.clone(),
            bytes: f.bytes,
            format: f.format(),
        })
        .collect();
    store.import(&scrutiny_store::Import { files: &files, council: built.council.as_ref(), dataset: &built.dataset, issues: &issues })?;
    Ok(())
}

pub fn reject(req: &Req) -> Result<Out, Fail> {
    staged_upload(req)?;
    req.app.staging.lock().expect("staging lock").remove(req.param("token"));
    Ok(Out::Redirect("/imports".into(), Vec::new()))
}

// ---- Users and the access log (admins) ----

pub fn users(req: &Req) -> Result<Out, Fail> {
    let viewer = req.viewer()?;
    let list = req.app.store().users()?;
    let mut t = Table::new("users", "Users", &["Name", "Role", "Teams", "Status", "Created", "Changed"]);
    for u in &list {
        t.rows.push(vec![
            Cell::text(&u.name),
            Cell::text(&u.role),
            Cell::text(u.teams.join(", ")),
            Cell::text(if u.disabled { "Disabled" } else { "Active" }),
            Cell::text(&u.created_at),
            Cell::text(&u.updated_at),
        ]);
    }
    let after = html! {
        h2.govuk-heading-m { "Add a user" }
        form method="post" action="/users" {
            (csrf_input(viewer))
            div.govuk-form-group { label.govuk-label for="name" { "Name" } input.govuk-input.govuk-input--width-20 id="name" name="name" type="text" autocomplete="off" required; }
            div.govuk-form-group {
                label.govuk-label for="role" { "Role" }
                select.govuk-select id="role" name="role" { @for r in Role::ALL { option value=(r.name()) { (r.name()) } } }
            }
            div.govuk-form-group {
                label.govuk-label for="teams" { "Teams (managers: team ids, separated by commas)" }
                input.govuk-input.govuk-input--width-20 id="teams" name="teams" type="text";
            }
            p.govuk-body-s { "A password is generated and shown once." }
            button.govuk-button type="submit" { "Add user" }
        }
        h2.govuk-heading-m { "Disable a user or reset a password" }
        @for u in list.iter().filter(|u| !u.disabled) {
            div.scrutiny-user {
                span.govuk-body { (u.name) " " }
                form.scrutiny-inline method="post" action=(format!("/users/{}/reset", encode(&u.name))) { (csrf_input(viewer)) button.govuk-button.govuk-button--secondary type="submit" { "Reset password" span.govuk-visually-hidden { " of " (u.name) } } }
                @if u.name != viewer.name {
                    form.scrutiny-inline method="post" action=(format!("/users/{}/disable", encode(&u.name))) { (csrf_input(viewer)) button.govuk-button.govuk-button--warning type="submit" { "Disable" span.govuk-visually-hidden { " " (u.name) } } }
                }
            }
        }
    };
    Ok(Out::View(View { title: "Users".into(), tables: vec![t], after: Some(after), status: 200, ..View::default() }))
}

fn password_shown(title: &str, name: &str, password: &str) -> Out {
    let before = html! {
        div.govuk-panel.govuk-panel--confirmation { h2.govuk-panel__title { (title) } }
        p.govuk-body { "The password for " strong { (name) } " is:" }
        p.govuk-body-l { code { (password) } }
        p.govuk-body { "It is shown only now. Give it to them in person or by another secure route." }
        p.govuk-body { a.govuk-link href="/users" { "Back to users" } }
    };
    Out::View(View { title: title.into(), before: Some(before), status: 200, ..View::default() })
}

pub fn add_user(req: &Req) -> Result<Out, Fail> {
    let name = req.form.get("name").map(|s| s.trim()).unwrap_or_default();
    let role = req.form.get("role").and_then(|r| Role::parse(r)).ok_or_else(|| Fail::BadRequest("Choose a role.".into()))?;
    let teams: Vec<String> = req.form.get("teams").map(|t| t.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()).unwrap_or_default();
    let password = auth::random_password();
    auth::add_user(&req.app.store(), name, role, &teams, &password).map_err(|e| Fail::BadRequest(format!("{e:#}")))?;
    Ok(password_shown("User added", name, &password))
}

pub fn disable_user(req: &Req) -> Result<Out, Fail> {
    let name = req.param("name");
    if name.eq_ignore_ascii_case(&req.viewer()?.name) {
        return Err(Fail::BadRequest("You cannot disable yourself.".into()));
    }
    if !req.app.store().disable(name)? {
        return Err(Fail::NotFound(format!("There is no user '{name}'.")));
    }
    Ok(Out::Redirect("/users".into(), Vec::new()))
}

pub fn reset_user(req: &Req) -> Result<Out, Fail> {
    let name = req.param("name");
    let password = auth::random_password();
    if !auth::reset_password(&req.app.store(), name, &password)? {
        return Err(Fail::NotFound(format!("There is no user '{name}'.")));
    }
    Ok(password_shown("Password reset", name, &password))
}

/// How many entries the page shows; the store keeps them all.
const ACCESS_LOG_ROWS: usize = 500;

pub fn access_log(req: &Req) -> Result<Out, Fail> {
    let entries = req.app.store().access_log(ACCESS_LOG_ROWS)?;
    // The log names the records seen; the page shows how many, so it does not itself show children's ids.
    let mut t = Table::new(
        "access-log",
        format!("The latest {ACCESS_LOG_ROWS} views of children's records and edits, newest first"),
        &["When", "Who", "Role", "How", "What", "Records", "Changed"],
    );
    for e in &entries {
        t.rows.push(vec![
            Cell::text(&e.at),
            Cell::text(&e.user_name),
            Cell::text(&e.role),
            Cell::text(&e.action),
            Cell::text(&e.what),
            Cell::Num(e.children as f64, e.children.to_string()),
            if e.detail.is_empty() { Cell::Missing("–".into()) } else { Cell::text(&e.detail) },
        ]);
    }
    let before = html! { p.govuk-body { "Every view or download of children's (or workers') records, and every edit of the improvement plan, is written here: who, what and when. The log cannot be changed or deleted." } };
    Ok(Out::View(View { title: "Access log".into(), before: Some(before), tables: vec![t], status: 200, ..View::default() }))
}

// ---- Signing in and out ----

fn login_view(req: &Req, token: &str, error: Option<&str>, status: u16) -> View {
    let next = req.q("next").or(req.form.get("next").map(String::as_str)).unwrap_or("/");
    let before = html! {
        @if let Some(e) = error {
            div.govuk-error-summary role="alert" tabindex="-1" {
                h2.govuk-error-summary__title { "There is a problem" }
                div.govuk-error-summary__body { ul.govuk-list.govuk-error-summary__list { li { a href="#name" { (e) } } } }
            }
        }
        form method="post" action="/login" {
            input type="hidden" name="csrf" value=(token);
            input type="hidden" name="next" value=(next);
            div.govuk-form-group { label.govuk-label for="name" { "Name" } input.govuk-input.govuk-input--width-20 id="name" name="name" type="text" autocomplete="username" spellcheck="false" required; }
            div.govuk-form-group { label.govuk-label for="password" { "Password" } input.govuk-input.govuk-input--width-20 id="password" name="password" type="password" autocomplete="current-password" required; }
            button.govuk-button type="submit" { "Sign in" }
        }
    };
    View { title: "Sign in".into(), before: Some(before), status, ..View::default() }
}

pub fn login_form(req: &Req) -> Result<Out, Fail> {
    let token = auth::random_token();
    let cookie = req.app.cookie(LOGIN_COOKIE, &req.app.signer.sign(&token), "/login", Some(3600));
    Ok(Out::ViewWithCookies(login_view(req, &token, None, 200), vec![cookie]))
}

pub fn login(req: &Req) -> Result<Out, Fail> {
    let app = &req.app;
    // The sign-in form's own token: the cookie set with the form must come back with it.
    let expected = req.cookies.get(LOGIN_COOKIE).and_then(|c| app.signer.verify(c));
    let given = req.form.get("csrf").map(String::as_str).unwrap_or_default();
    if !expected.is_some_and(|e| auth::same(e, given)) {
        return Err(Fail::Forbidden("The sign-in form has expired. Go back, reload the page and sign in again.".into()));
    }
    let name = req.form.get("name").map(|s| s.trim()).unwrap_or_default();
    let password = req.form.get("password").map(String::as_str).unwrap_or_default();
    if !app.limiter.allowed(name, req.client_ip) {
        return Ok(Out::View(login_view(req, given, Some("Too many failed attempts. Wait 15 minutes and try again."), 429)));
    }
    let user = app.store().user_by_name(name)?;
    let hash = user.as_ref().map_or(app.dummy_hash.as_str(), |u| u.password_hash.as_str());
    let ok = auth::verify_password(hash, password) && user.as_ref().is_some_and(|u| !u.disabled);
    let Some(user) = user.filter(|_| ok) else {
        app.limiter.failed(name, req.client_ip);
        return Ok(Out::View(login_view(req, given, Some("The name or password is not right."), 401)));
    };
    app.limiter.succeeded(name);
    let id = auth::random_token();
    let now = chrono::Utc::now().timestamp();
    {
        let store = app.store();
        store.end_idle_sessions(now - app.options.idle_timeout.as_secs() as i64)?;
        store.create_session(&auth::sha256_hex(&id), user.id, &auth::random_token(), now)?;
    }
    let next = req.form.get("next").filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\')).cloned().unwrap_or_else(|| "/".into());
    let session = app.cookie(SESSION_COOKIE, &app.signer.sign(&id), "/", None);
    let clear = app.cookie(LOGIN_COOKIE, "", "/login", Some(0));
    Ok(Out::Redirect(next, vec![session, clear]))
}

pub fn logout(req: &Req) -> Result<Out, Fail> {
    if let Some(id) = req.cookies.get(SESSION_COOKIE).and_then(|c| req.app.signer.verify(c)) {
        req.app.store().end_session(&auth::sha256_hex(id))?;
    }
    Ok(Out::Redirect("/login".into(), vec![req.app.cookie(SESSION_COOKIE, "", "/", Some(0))]))
}
