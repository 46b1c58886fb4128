//! What a page is: some prose and a few tables. The same `View` renders as
//! an HTML page, as CSV (one table) or as JSON (the API), so every table can
//! be downloaded and the API serves exactly what the page shows.

use crate::auth::{Role, Viewer};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use scrutiny_model::Period;
use serde_json::{json, Map, Value};

/// One table cell.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    /// A figure and how it reads.
    Num(f64, String),
    /// Withheld to protect children's privacy (shown as "c", as DfE does).
    Suppressed,
    /// No figure; the text says why (e.g. "not available").
    Missing(String),
    /// Text linking elsewhere in the dashboard.
    Link(String, String),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn plain(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Num(_, s) | Cell::Missing(s) | Cell::Link(s, _) => s.clone(),
            Cell::Suppressed => scrutiny_report::suppress::MARK.into(),
        }
    }

    /// As a CSV field: text a spreadsheet would run as a formula is quoted with an apostrophe.
    fn csv(&self) -> String {
        let s = self.plain();
        match self {
            Cell::Num(..) | Cell::Suppressed => s,
            _ if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{s}"),
            _ => s,
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) | Cell::Link(s, _) => json!(s),
            Cell::Num(v, _) => json!(v),
            Cell::Suppressed => json!(scrutiny_report::suppress::MARK),
            Cell::Missing(_) => Value::Null,
        }
    }

    fn numeric(&self) -> bool {
        matches!(self, Cell::Num(..) | Cell::Suppressed)
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    /// For `?table=` in downloads and the API.
    pub name: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: &str, caption: impl Into<String>, columns: &[&str]) -> Table {
        Table { name: name.into(), caption: caption.into(), columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
    }
}

/// A page's content.
#[derive(Default)]
pub struct View {
    pub title: String,
    /// Whether the page has a period picker.
    pub period: Option<Period>,
    /// Prose and charts above the tables (HTML only).
    pub before: Option<Markup>,
    pub tables: Vec<Table>,
    /// Forms and prose below the tables (HTML only).
    pub after: Option<Markup>,
    /// Children (or workers) whose records the page shows, for the access log;
    /// `Some` on every page that shows child-level records, even an empty list.
    pub children_shown: Option<Vec<String>>,
    /// HTTP status (200 unless set).
    pub status: u16,
}

/// What the layout needs besides the view.
pub struct Chrome<'a> {
    pub viewer: Option<&'a Viewer>,
    pub council: &'a str,
    pub path: &'a str,
    /// The query without `period`, `format` and `table`.
    pub query: &'a [(String, String)],
    pub periods: &'a [Period],
}

const NAV: &[(&str, &str, Option<Role>)] = &[
    ("/", "Home", None),
    ("/workforce", "Workforce", None),
    ("/caseloads", "Caseloads", None),
    ("/plan", "Improvement plan", None),
    ("/exceptions", "Exceptions", Some(Role::Manager)),
    ("/imports", "Imports", Some(Role::Analyst)),
    ("/users", "Users", Some(Role::Admin)),
    ("/access-log", "Access log", Some(Role::Admin)),
];

/// Which navigation entries a role sees. The server refuses the rest whatever is shown.
fn nav_for(role: Role) -> impl Iterator<Item = (&'static str, &'static str)> {
    NAV.iter()
        .filter(move |(_, _, need)| match need {
            None => true,
            Some(Role::Manager) => matches!(role, Role::Manager | Role::Analyst),
            Some(r) => *r == role,
        })
        .map(|(h, l, _)| (*h, *l))
}

pub fn query_string(pairs: &[(String, String)]) -> String {
    let mut s = String::new();
    for (k, v) in pairs {
        s.push(if s.is_empty() { '?' } else { '&' });
        s.push_str(&encode(k));
        s.push('=');
        s.push_str(&encode(v));
    }
    s
}

/// Percent-encodes a query component.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn csv_href(chrome: &Chrome, period: Option<Period>, table: &str) -> String {
    let mut q: Vec<(String, String)> = chrome.query.to_vec();
    if let Some(p) = period {
        q.push(("period".into(), p.to_string()));
    }
    q.push(("format".into(), "csv".into()));
    q.push(("table".into(), table.into()));
    format!("{}{}", chrome.path, query_string(&q))
}

fn table_html(t: &Table, href: &str) -> Markup {
    html! {
        table.govuk-table id=(format!("table-{}", t.name)) {
            caption.govuk-table__caption.govuk-table__caption--m { (t.caption) }
            thead.govuk-table__head { tr.govuk-table__row {
                @for (i, c) in t.columns.iter().enumerate() {
                    @let numeric = t.rows.first().and_then(|r| r.get(i)).is_some_and(Cell::numeric);
                    th.govuk-table__header.govuk-table__header--numeric[numeric] scope="col" { (c) }
                }
            } }
            tbody.govuk-table__body {
                @if t.rows.is_empty() {
                    tr.govuk-table__row { td.govuk-table__cell colspan=(t.columns.len()) { "None." } }
                }
                @for row in &t.rows { tr.govuk-table__row {
                    @for (i, c) in row.iter().enumerate() {
                        @let body = match c {
                            Cell::Link(text, to) => html! { a.govuk-link href=(to) { (text) } },
                            Cell::Suppressed => html! { abbr title="Withheld to protect children's privacy (a count from 1 to 5)" { "c" } },
                            Cell::Missing(why) => html! { span.scrutiny-missing { (why) } },
                            other => html! { (other.plain()) },
                        };
                        @if i == 0 {
                            th.govuk-table__header scope="row" { (body) }
                        } @else {
                            td.govuk-table__cell.govuk-table__cell--numeric[c.numeric()] { (body) }
                        }
                    }
                } }
            }
        }
        p.govuk-body-s { a.govuk-link href=(href) download { "Download this table as CSV" span.govuk-visually-hidden { " (" (t.caption) ")" } } }
    }
}

fn period_picker(chrome: &Chrome, period: Period) -> Markup {
    html! {
        form.scrutiny-period method="get" action=(chrome.path) {
            @for (k, v) in chrome.query { input type="hidden" name=(k) value=(v); }
            div.govuk-form-group {
                label.govuk-label for="period" { "Period" }
                select.govuk-select id="period" name="period" {
                    @for p in chrome.periods {
                        option value=(p.to_string()) selected[*p == period] { (p.describe()) }
                    }
                }
                " "
                button.govuk-button.govuk-button--secondary type="submit" { "Show" }
            }
        }
    }
}

pub fn layout(view: &View, chrome: &Chrome) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" class="govuk-template" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (view.title) " – " (chrome.council) " – Scrutiny" }
                link rel="stylesheet" href="/assets/scrutiny.css";
            }
            body.govuk-template__body {
                a.govuk-skip-link href="#main-content" { "Skip to main content" }
                header.govuk-header role="banner" {
                    div.govuk-header__container.govuk-width-container {
                        div.govuk-header__logo { a.govuk-header__link.govuk-header__service-name href="/" { "Scrutiny" } }
                        div.govuk-header__content { span.govuk-header__council { (chrome.council) } }
                        @if let Some(v) = chrome.viewer {
                            nav.govuk-header__navigation aria-label="Menu" {
                                ul.govuk-header__navigation-list {
                                    @for (href, label) in nav_for(v.role) {
                                        li.govuk-header__navigation-item.govuk-header__navigation-item--active[chrome.path == href] {
                                            a.govuk-header__link href=(href) aria-current=[(chrome.path == href).then_some("page")] { (label) }
                                        }
                                    }
                                    li.govuk-header__navigation-item {
                                        form method="post" action="/logout" {
                                            input type="hidden" name="csrf" value=(v.csrf);
                                            button.scrutiny-linkbutton type="submit" { "Sign out " span.govuk-visually-hidden { (v.name) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                div.govuk-width-container {
                    @if let Some(v) = chrome.viewer {
                        p.govuk-body-s.scrutiny-who { "Signed in as " strong { (v.name) } " (" (v.role.name()) ")" }
                    }
                    main.govuk-main-wrapper id="main-content" role="main" {
                        h1.govuk-heading-l { (view.title) }
                        @if let Some(p) = view.period { (period_picker(chrome, p)) }
                        @if let Some(b) = &view.before { (b) }
                        @for t in &view.tables { (table_html(t, &csv_href(chrome, view.period, &t.name))) }
                        @if let Some(a) = &view.after { (a) }
                    }
                }
                footer.govuk-footer role="contentinfo" {
                    div.govuk-width-container {
                        p.govuk-body-s { "Scrutiny – children's social care performance. Figures marked c are withheld to protect children's privacy." }
                    }
                }
            }
        }
    };
    page.into_string()
}

/// The table named (or the first) as CSV.
pub fn csv(view: &View, table: Option<&str>) -> Option<(String, Vec<u8>)> {
    let t = match table {
        Some(name) => view.tables.iter().find(|t| t.name == name)?,
        None => view.tables.first()?,
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&t.columns).ok()?;
    for row in &t.rows {
        w.write_record(row.iter().map(Cell::csv)).ok()?;
    }
    let name = match view.period {
        Some(p) => format!("{}-{p}.csv", t.name),
        None => format!("{}.csv", t.name),
    };
    Some((name, w.into_inner().ok()?))
}

/// Every table as JSON records keyed by column.
pub fn json(view: &View) -> Value {
    let tables: Vec<Value> = view
        .tables
        .iter()
        .map(|t| {
            let rows: Vec<Value> = t
                .rows
                .iter()
                .map(|r| {
                    let m: Map<String, Value> = t.columns.iter().zip(r).map(|(c, v)| (c.clone(), v.json())).collect();
                    Value::Object(m)
                })
                .collect();
            json!({ "name": t.name, "caption": t.caption, "columns": t.columns, "rows": rows })
        })
        .collect();
    json!({ "title": view.title, "period": view.period.map(|p| p.to_string()), "tables": tables })
}

/// Inline SVG made by the report crate (already escaped there).
pub fn svg(s: String) -> Markup {
    PreEscaped(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_text_never_starts_a_formula() {
        let mut t = Table::new("t", "T", &["a", "b"]);
        t.rows.push(vec![Cell::text("=HYPERLINK(\"x\")"), Cell::Num(-3.0, "-3".into())]);
        let v = View { tables: vec![t], ..View::default() };
        let (_, bytes) = csv(&v, None).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "a,b\n\"'=HYPERLINK(\"\"x\"\")\",-3\n");
    }
}
