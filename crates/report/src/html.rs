//! The pack as one self-contained, printable HTML file in the GOV.UK style:
//! our own stylesheet (GOV.UK's published colours, type scale and spacing),
//! inline SVG charts, no scripts, no external requests. The PDF is this page printed.

use crate::narrative::body_html;
use crate::suppress::{Cell, MARK};
use crate::svg::{short, sparkline, trend, words};
use crate::{Better, Edition, Kind, Narrative, Point, Rag, Report, Row, Section, Status, Travel};
use std::fmt::Write;

const CSS: &str = include_str!("report.css");

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// 12345 → "12,345".
pub fn thousands(n: f64) -> String {
    let s = format!("{:.0}", n.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < -0.5 {
        format!("-{out}")
    } else {
        out
    }
}

/// A value as the committee reads it. Days, rates and ratios keep one decimal
/// place, so only counts are ever whole numbers.
pub fn value_text(kind: Kind, v: f64) -> String {
    match kind {
        Kind::Count => thousands(v),
        Kind::Percent => format!("{v:.1}%"),
        Kind::RatePer10k | Kind::Ratio => format!("{v:.1}"),
        Kind::Days => format!("{v:.1} days"),
        Kind::Fte => format!("{v:.1} FTE"),
    }
}

pub fn cell_text(kind: Kind, c: Cell) -> String {
    match c {
        Cell::Value(v) => value_text(kind, v),
        Cell::Suppressed => MARK.to_string(),
        Cell::Missing => "no figure".to_string(),
    }
}

fn count_text(c: Cell) -> String {
    match c {
        Cell::Value(v) => thousands(v),
        Cell::Suppressed => MARK.to_string(),
        Cell::Missing => "–".to_string(),
    }
}

/// The n behind a figure: "45 of 120", "n = 31 cases", "38 children".
pub fn n_text(kind: Kind, p: &Point) -> Option<String> {
    match kind {
        Kind::Percent => Some(format!("{} of {}", count_text(p.numerator), count_text(p.denominator))),
        Kind::RatePer10k => Some(format!("{} children", count_text(p.numerator))),
        Kind::Days | Kind::Ratio => Some(format!("n = {}", count_text(p.denominator))),
        Kind::Count | Kind::Fte => None,
    }
}

fn figure_html(kind: Kind, p: &Point) -> String {
    let mut s = format!("<span class=\"fig\">{}</span>", esc(&cell_text(kind, p.value)));
    if let Some(n) = n_text(kind, p) {
        let _ = write!(s, "<br><span class=\"n\">{}</span>", esc(&n));
    }
    s
}

/// Value and n on one line, for the summary.
fn figure_line(kind: Kind, p: &Point) -> String {
    let n = n_text(kind, p).map(|n| format!(" <span class=\"n\">({})</span>", esc(&n))).unwrap_or_default();
    format!("<span class=\"fig\">{}</span>{n}", esc(&cell_text(kind, p.value)))
}

const NA: &str = "<span class=\"na\">Not available</span>";

fn rag_tag(r: Option<Rag>) -> String {
    match r {
        Some(r) => format!("<strong class=\"govuk-tag rag-{}\">{}</strong>", r.label().to_lowercase(), r.label()),
        None => NA.into(),
    }
}

fn travel_text(t: Option<Travel>) -> String {
    match t {
        Some(t) => format!("<span class=\"dot\"><span aria-hidden=\"true\">{}</span> {}</span>", t.arrow(), t.label()),
        None => NA.into(),
    }
}

fn status_tag(n: &Narrative) -> String {
    let class = match n.status {
        Status::Draft => "status-draft",
        Status::Challenged => "status-challenged",
        Status::SignedOff => "status-signed",
    };
    let mut s = format!("<strong class=\"govuk-tag {class}\">{}</strong>", n.status.label());
    if let Some(by) = &n.by {
        let verb = if n.status == Status::SignedOff { "by" } else { "—" };
        let _ = write!(s, " <span class=\"who\">{verb} {}{}</span>", esc(by), n.on.as_deref().map(|d| format!(", {}", esc(d))).unwrap_or_default());
    }
    s
}

fn narrative_html(n: Option<&Narrative>, what: &str) -> String {
    match n {
        Some(n) => format!("<div class=\"narrative\"><p class=\"status\">Commentary: {}</p>{}</div>", status_tag(n), body_html(&n.body)),
        None => format!("<div class=\"narrative none\"><p class=\"govuk-body-s\">No commentary has been written for {}.</p></div>", esc(what)),
    }
}

fn comparator_text(kind: Kind, p: Option<&crate::build::Published>) -> String {
    match p {
        Some(p) => format!("{}<br><span class=\"n\">{}</span>", esc(&value_text(kind, p.value)), esc(&p.period)),
        None => NA.into(),
    }
}

fn spoken_trend(row: &Row) -> String {
    let parts: Vec<String> = row.points.iter().map(|p| format!("{} {}", short(p.period), cell_text(row.kind, p.value))).collect();
    format!("Trend: {}", parts.join(", "))
}

fn better_text(b: Better) -> &'static str {
    match b {
        Better::Higher => "Higher is better",
        Better::Lower => "Lower is better",
        Better::Neither => "Context measure",
    }
}

fn scorecard(out: &mut String, s: &Section) {
    let _ = write!(
        out,
        "<table class=\"govuk-table scorecard\"><caption class=\"govuk-table__caption\">{} scorecard</caption><thead><tr>\
         <th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">This period</th><th scope=\"col\">Previous four periods and this one</th>\
         <th scope=\"col\" class=\"num\">Target</th><th scope=\"col\">RAG</th><th scope=\"col\">Direction of travel</th>\
         <th scope=\"col\" class=\"num\">England</th><th scope=\"col\" class=\"num\">Statistical neighbours</th></tr></thead><tbody>",
        esc(&s.title)
    );
    for r in &s.rows {
        let flag = if r.red_without_signed_off_narrative() { "<br><strong class=\"flag\">Red with no signed-off commentary</strong>" } else { "" };
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#{}\">{}</a> {}<br><span class=\"n\">{}</span>{flag}</th><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            r.id.to_lowercase(),
            esc(&r.id),
            esc(&r.title),
            better_text(r.better),
            figure_html(r.kind, r.current()),
            sparkline(&r.points, &spoken_trend(r)),
            r.comparison.target.map_or_else(|| NA.to_string(), |t| esc(&value_text(r.kind, t))),
            rag_tag(r.comparison.rag),
            travel_text(r.comparison.travel),
            comparator_text(r.kind, r.comparison.england.as_ref()),
            comparator_text(r.kind, r.comparison.neighbours.as_ref()),
        );
    }
    out.push_str("</tbody></table>");
}

fn panel(out: &mut String, r: &Row, council: &str) {
    let _ = write!(
        out,
        "<div class=\"panel\" id=\"{}\"><h3 class=\"govuk-heading-s\">{} {}</h3><div class=\"panel-grid\"><div>",
        r.id.to_lowercase(),
        esc(&r.id),
        esc(&r.title)
    );
    out.push_str(&trend(r, council));
    out.push_str("</div><div>");
    let _ = write!(
        out,
        "<table class=\"govuk-table data\"><caption class=\"govuk-visually-hidden\">Figures behind the {} chart</caption><thead><tr><th scope=\"col\">Period</th><th scope=\"col\" class=\"num\">Value</th><th scope=\"col\" class=\"num\">Out of</th></tr></thead><tbody>",
        esc(&r.title)
    );
    for p in &r.points {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><span aria-hidden=\"true\">{}</span><span class=\"govuk-visually-hidden\">{}</span></th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&short(p.period)),
            esc(&p.period.describe()),
            esc(&cell_text(r.kind, p.value)),
            esc(&n_text(r.kind, p).unwrap_or_else(|| "–".into()))
        );
    }
    out.push_str("</tbody></table>");
    if let Some(b) = &r.breakdown {
        let _ = write!(
            out,
            "<table class=\"govuk-table data\"><caption class=\"govuk-table__caption govuk-table__caption--s\">{} by {}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">Count</th></tr></thead><tbody>",
            esc(&r.title),
            esc(&b.name),
            esc(&capitalise(&b.name))
        );
        for (k, c) in &b.rows {
            let _ = write!(out, "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>", esc(k), count_text(*c));
        }
        let _ = write!(out, "<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\">{}</td></tr></tbody></table>", count_text(b.total));
    }
    out.push_str("</div><div>");
    if r.red_without_signed_off_narrative() {
        out.push_str("<div class=\"warning\"><strong>Red with no signed-off commentary.</strong> The committee may wish to ask for one.</div>");
    }
    out.push_str(&narrative_html(r.narrative.as_ref(), &format!("{} this period", r.id)));
    out.push_str("</div></div></div>");
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn cover(out: &mut String, r: &Report) {
    let _ = write!(
        out,
        "<section class=\"cover\" aria-labelledby=\"title\"><span class=\"govuk-caption-xl\">{}</span><h1 class=\"govuk-heading-xl\" id=\"title\">Children's social care performance report</h1>\
         <p class=\"govuk-body-l\">{}</p><p><strong class=\"govuk-tag edition\">{}</strong></p><dl class=\"govuk-summary-list\">",
        esc(&r.council),
        esc(&r.period.describe()),
        r.edition.label()
    );
    let mut item = |k: &str, v: String| {
        let _ = write!(
            out,
            "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{k}</dt><dd class=\"govuk-summary-list__value\">{v}</dd></div>"
        );
    };
    item("Council", format!("{}{}", esc(&r.council), r.la_code.as_deref().map(|c| format!(" (LA {})", esc(c))).unwrap_or_default()));
    item("Period", format!("{} ({} to {})", esc(&r.period.to_string()), date(r.period.start()), date(r.period.end())));
    item("Edition", r.edition.label().to_string());
    item("Produced", date(r.generated));
    let listed = if r.snapshot.files.is_empty() { "" } else { " Its files and their SHA-256 are listed under <a href=\"#quality\">Data quality</a>." };
    item("Data snapshot", format!("{}.{listed}", esc(&r.snapshot.description)));
    item("Comparators and targets", esc(&r.comparators_note));
    let sources: Vec<String> = r
        .sources
        .iter()
        .map(|s| format!("<li>{}: {}</li>", esc(&s.name), s.runs_to.map_or_else(|| "no records".to_string(), |d| format!("data to {}", date(d)))))
        .collect();
    item("Sources", format!("<ul class=\"govuk-list\">{}</ul>", sources.join("")));
    out.push_str("</dl>");
    if r.edition == Edition::Member {
        out.push_str(
            "<div class=\"govuk-inset-text\">This edition is for elected members. It names no child. Following the Department for Education's practice, \
             counts from one to five are shown as <strong>c</strong>, as are percentages, rates and averages built on them, and where a total would \
             reveal a hidden count one more figure is hidden too.</div>",
        );
    } else {
        out.push_str("<div class=\"govuk-warning-text\"><strong>Officer edition: contains the names and ids of children and workers. Do not circulate to members or the public.</strong></div>");
    }
    out.push_str("</section>");
}

fn contents(out: &mut String, r: &Report) {
    out.push_str("<nav class=\"contents\" aria-labelledby=\"contents\"><h2 class=\"govuk-heading-m\" id=\"contents\">Contents</h2><ul class=\"govuk-list\"><li><a href=\"#summary\">Summary</a></li>");
    for s in &r.sections {
        let _ = write!(out, "<li><a href=\"#{}\">{}</a></li>", s.key, esc(&s.title));
    }
    if r.plan.is_some() {
        out.push_str("<li><a href=\"#plan\">Improvement plan and scrutiny actions</a></li>");
    }
    out.push_str("<li><a href=\"#definitions\">Definitions</a></li><li><a href=\"#quality\">Data quality</a></li>");
    if !r.exceptions.is_empty() {
        out.push_str("<li><a href=\"#exceptions\">Exception lists</a></li>");
    }
    out.push_str("</ul></nav>");
}

fn summary(out: &mut String, r: &Report) {
    out.push_str(
        "<section class=\"page\" id=\"summary\" aria-labelledby=\"summary-h\"><h2 class=\"govuk-heading-l\" id=\"summary-h\">Summary</h2><div class=\"tiles\">",
    );
    for s in &r.sections {
        let count = |rag: Rag| s.rows.iter().filter(|x| x.comparison.rag == Some(rag)).count();
        let rated = s.rows.iter().filter(|x| x.comparison.rag.is_some()).count();
        let (class, body) = if rated == 0 {
            ("tile-none", format!("RAG not available for its {} indicators", words(s.rows.len())))
        } else {
            let class = if count(Rag::Red) > 0 {
                "tile-red"
            } else if count(Rag::Amber) > 0 {
                "tile-amber"
            } else {
                "tile-green"
            };
            (class, format!("Red: {} · Amber: {} · Green: {}", words(count(Rag::Red)), words(count(Rag::Amber)), words(count(Rag::Green))))
        };
        let flagged = s.rows.iter().filter(|x| x.red_without_signed_off_narrative()).count();
        let flag = if flagged > 0 { format!("<br><strong>{} red, not signed off</strong>", words(flagged)) } else { String::new() };
        let _ = write!(
            out,
            "<div class=\"tile {class}\"><h3 class=\"govuk-heading-s\"><a href=\"#{}\">{}</a></h3><p class=\"govuk-body-s\">{body}{flag}</p></div>",
            s.key,
            esc(&s.title)
        );
    }
    out.push_str("</div>");
    if r.rows().all(|x| x.comparison.travel.is_none()) {
        let _ = write!(
            out,
            "<h3 class=\"govuk-heading-m\">What improved and what worsened</h3><p class=\"govuk-body-s\">Direction of travel is not available. {}</p>",
            esc(&r.comparators_note)
        );
    } else {
        out.push_str("<div class=\"two\">");
        for (heading, want) in [("What improved", Travel::Improving), ("What worsened", Travel::Worsening)] {
            let rows: Vec<&Row> = r.rows().filter(|x| x.comparison.travel == Some(want)).collect();
            let _ = write!(out, "<div><h3 class=\"govuk-heading-m\">{heading}</h3>");
            if rows.is_empty() {
                out.push_str("<p class=\"govuk-body-s\">None this period.</p>");
            } else {
                out.push_str("<ul class=\"govuk-list govuk-list--bullet compact\">");
                for x in rows {
                    let _ = write!(
                        out,
                        "<li><a href=\"#{}\">{} {}</a>: {}</li>",
                        x.id.to_lowercase(),
                        esc(&x.id),
                        esc(&x.title),
                        esc(&cell_text(x.kind, x.current().value))
                    );
                }
                out.push_str("</ul>");
            }
            out.push_str("</div>");
        }
        out.push_str("</div>");
    }
    out.push_str(
        "<h3 class=\"govuk-heading-m\">Measures that matter <span class=\"n\">(indicators with a Department for Education comparator and a better direction)</span></h3>\
         <table class=\"govuk-table compact\"><caption class=\"govuk-visually-hidden\">Measures that matter</caption><thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">This period</th>\
         <th scope=\"col\" class=\"num\">Previous period</th><th scope=\"col\">RAG</th><th scope=\"col\">Direction of travel</th><th scope=\"col\" class=\"num\">England</th></tr></thead><tbody>",
    );
    for x in r.rows().filter(|x| x.better != Better::Neither && r.definitions.iter().any(|d| d.id == x.id && d.comparator.is_some())) {
        let prev = &x.points[x.points.len().saturating_sub(2)];
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#{}\">{} {}</a></th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            x.id.to_lowercase(),
            esc(&x.id),
            esc(&x.title),
            figure_line(x.kind, x.current()),
            figure_line(x.kind, prev),
            rag_tag(x.comparison.rag),
            travel_text(x.comparison.travel),
            comparator_text(x.kind, x.comparison.england.as_ref())
        );
    }
    out.push_str("</tbody></table>");
    out.push_str("</section>");
}

fn domain(out: &mut String, s: &Section, council: &str) {
    let _ = write!(
        out,
        "<section class=\"page\" id=\"{}\" aria-labelledby=\"{}-h\"><h2 class=\"govuk-heading-l\" id=\"{}-h\">{}</h2>",
        s.key,
        s.key,
        s.key,
        esc(&s.title)
    );
    out.push_str("<h3 class=\"govuk-heading-m\">The work behind the data</h3>");
    out.push_str(&narrative_html(s.narrative.as_ref(), &format!("{} this period", s.title.to_lowercase())));
    scorecard(out, s);
    for r in &s.rows {
        panel(out, r, council);
    }
    out.push_str("</section>");
}

fn definitions(out: &mut String, r: &Report) {
    out.push_str("<section class=\"page\" id=\"definitions\" aria-labelledby=\"definitions-h\"><h2 class=\"govuk-heading-l\" id=\"definitions-h\">Definitions</h2><p class=\"govuk-body\">Generated from Scrutiny's indicator catalogue.</p><dl class=\"defs\">");
    for d in &r.definitions {
        let _ = write!(
            out,
            "<dt>{} {}</dt><dd><p class=\"govuk-body-s\">{}</p><p class=\"govuk-body-s meta\">{} · unit: {} · {} · basis: {}{}</p></dd>",
            esc(&d.id),
            esc(&d.title),
            esc(&d.definition),
            esc(&d.domain),
            esc(&d.unit),
            esc(&d.better),
            esc(&d.basis),
            d.comparator.as_deref().map(|c| format!(" · DfE comparator: {}", esc(c))).unwrap_or_default()
        );
    }
    out.push_str("</dl></section>");
}

fn quality(out: &mut String, r: &Report) {
    let q = &r.quality;
    let _ = write!(
        out,
        "<section class=\"page\" id=\"quality\" aria-labelledby=\"quality-h\"><h2 class=\"govuk-heading-l\" id=\"quality-h\">Data quality</h2>\
         <p class=\"govuk-body\">Findings of the Department for Education's validation rules and Scrutiny's own checks on the returns behind this report.</p>\
         <table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Findings by severity</caption><thead><tr><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Findings</th></tr></thead><tbody>\
         <tr><th scope=\"row\">Errors</th><td class=\"num\">{}</td></tr><tr><th scope=\"row\">Warnings</th><td class=\"num\">{}</td></tr><tr><th scope=\"row\">Queries</th><td class=\"num\">{}</td></tr>\
         <tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\">{}</td></tr></tbody></table>",
        count_text(q.errors),
        count_text(q.warnings),
        count_text(q.queries),
        count_text(q.total)
    );
    if !q.notes.is_empty() {
        out.push_str("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Findings by rule</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Findings</th><th scope=\"col\">Example</th></tr></thead><tbody>");
        for n in &q.notes {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&n.rule),
                esc(&n.severity),
                count_text(n.findings),
                esc(&n.message)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("<h3 class=\"govuk-heading-m\">Sources</h3><ul class=\"govuk-list govuk-list--bullet\">");
    for s in &r.sources {
        let _ =
            write!(out, "<li>{}: {}</li>", esc(&s.name), s.runs_to.map_or_else(|| "no records".to_string(), |d| format!("latest record dated {}", date(d))));
    }
    out.push_str("</ul>");
    if !r.snapshot.files.is_empty() {
        out.push_str("<h3 class=\"govuk-heading-m\">Files in the data snapshot</h3><ul class=\"govuk-list files\">");
        for (format, name, hash) in &r.snapshot.files {
            let _ = write!(out, "<li><code>{}</code> · {} · <span class=\"n\">SHA-256 {}</span></li>", esc(name), esc(format), esc(hash));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn exceptions(out: &mut String, r: &Report) {
    if r.exceptions.is_empty() {
        return;
    }
    out.push_str("<section class=\"page\" id=\"exceptions\" aria-labelledby=\"exceptions-h\"><h2 class=\"govuk-heading-l\" id=\"exceptions-h\">Exception lists</h2><p class=\"govuk-body\">Children and workers behind the figures who need action, most overdue first.</p>");
    for t in &r.exceptions {
        let _ = write!(
            out,
            "<table class=\"govuk-table exc\"><caption class=\"govuk-table__caption govuk-table__caption--s\">{} — {}, explains {}</caption><thead><tr>\
             <th scope=\"col\">Id</th><th scope=\"col\">Name</th><th scope=\"col\">Worker</th><th scope=\"col\">Team</th><th scope=\"col\">Due</th><th scope=\"col\" class=\"num\">Working days overdue</th><th scope=\"col\">Detail</th></tr></thead><tbody>",
            esc(&t.title),
            esc(&t.domain),
            esc(&t.indicator)
        );
        if t.rows.is_empty() {
            out.push_str("<tr><td colspan=\"7\">None.</td></tr>");
        }
        for row in &t.rows {
            out.push_str("<tr>");
            for (i, c) in row.iter().enumerate() {
                let _ = write!(
                    out,
                    "<{} {}>{}</{}>",
                    if i == 0 { "th scope=\"row\"" } else { "td" },
                    if i == 5 { "class=\"num\"" } else { "" },
                    esc(c),
                    if i == 0 { "th" } else { "td" }
                );
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
}

fn plan(out: &mut String, r: &Report) {
    let Some(p) = &r.plan else { return };
    out.push_str(
        "<section class=\"page\" id=\"plan\" aria-labelledby=\"plan-h\"><h2 class=\"govuk-heading-l\" id=\"plan-h\">Improvement plan and scrutiny actions</h2>",
    );
    // Each status as a word with its count: colour is never the only signal.
    out.push_str("<ul class=\"govuk-list\">");
    for (label, n) in &p.totals {
        let _ = write!(out, "<li><strong>{}</strong>: {n} action{}</li>", esc(label), if *n == 1 { "" } else { "s" });
    }
    out.push_str("</ul>");
    if !p.key.is_empty() {
        let _ = write!(out, "<p class=\"govuk-body-s\">BRAG key: {}.</p>", esc(&p.key.join("; ")));
    }
    for t in &p.tables {
        let _ = write!(
            out,
            "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">{}</caption><thead><tr>",
            esc(&t.caption)
        );
        for (i, c) in t.columns.iter().enumerate() {
            let numeric = t.rows.first().and_then(|r| r.get(i)).is_some_and(|c| matches!(c, crate::plan::PlanCell::Number(..)));
            let _ = write!(out, "<th scope=\"col\"{}>{}</th>", if numeric { " class=\"num\"" } else { "" }, esc(c));
        }
        out.push_str("</tr></thead><tbody>");
        if t.rows.is_empty() {
            let _ = write!(out, "<tr><td colspan=\"{}\">None.</td></tr>", t.columns.len());
        }
        for row in &t.rows {
            out.push_str("<tr>");
            for (i, c) in row.iter().enumerate() {
                let num = matches!(c, crate::plan::PlanCell::Number(..));
                let (open, close) = if i == 0 { ("th scope=\"row\"", "th") } else { ("td", "td") };
                let num = num || matches!(c, crate::plan::PlanCell::Suppressed);
                let _ = write!(out, "<{open}{}>{}</{close}>", if num { " class=\"num\"" } else { "" }, esc(c.text()));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
}

/// The whole pack.
pub fn render(r: &Report) -> String {
    let mut out = String::with_capacity(1 << 20);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — children's social care performance, {} — {}</title><style>{CSS}</style></head><body>\
         <a href=\"#main\" class=\"govuk-skip-link\">Skip to main content</a>\
         <header class=\"govuk-header\"><div class=\"govuk-width-container\"><span class=\"govuk-header__logotype\">{}</span> \
         <span class=\"govuk-header__service\">Children's social care performance</span></div></header>\
         <div class=\"govuk-width-container\"><main class=\"govuk-main-wrapper\" id=\"main\">",
        esc(&r.council),
        esc(&r.period.to_string()),
        r.edition.label(),
        esc(&r.council)
    );
    cover(&mut out, r);
    contents(&mut out, r);
    summary(&mut out, r);
    for s in &r.sections {
        domain(&mut out, s, &r.council);
    }
    plan(&mut out, r);
    definitions(&mut out, r);
    quality(&mut out, r);
    exceptions(&mut out, r);
    let _ = write!(
        out,
        "</main></div><footer class=\"govuk-footer\"><div class=\"govuk-width-container\"><p class=\"govuk-body-s\">{} · {} · {} · produced {} by Scrutiny from {}</p></div></footer></body></html>",
        esc(&r.council),
        esc(&r.period.describe()),
        r.edition.label(),
        date(r.generated),
        esc(&r.snapshot.description)
    );
    out
}
