//! The interlink diagram: themes → actions → indicators, as SVG made on the
//! server so the dashboard, the HTML report and the PDF show one picture.
//! Every box says its status in words (colour is never the only signal), and
//! the drawing has a title and a description for screen readers.

use crate::views::{ActionEffect, Direction};
use scrutiny_store::governance::{Brag, Governance};
use std::fmt::Write;

const ROW: f64 = 40.0;
const BOX_H: f64 = 30.0;
const COL_W: f64 = 300.0;
const GAP: f64 = 90.0;
const TOP: f64 = 50.0;

/// GOV.UK palette colours, with a text colour that keeps 4.5:1 contrast.
fn brag_colours(b: Brag) -> (&'static str, &'static str) {
    match b {
        Brag::Blue => ("#1d70b8", "#ffffff"),
        Brag::Green => ("#00703c", "#ffffff"),
        Brag::Amber => ("#ffdd00", "#0b0c0c"),
        Brag::Red => ("#d4351c", "#ffffff"),
    }
}

fn rag_colours(rag: &str) -> (&'static str, &'static str) {
    match rag {
        "green" => ("#00703c", "#ffffff"),
        "amber" => ("#ffdd00", "#0b0c0c"),
        "red" => ("#d4351c", "#ffffff"),
        _ => ("#f3f2f1", "#0b0c0c"),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// Keeps both ends of a long name: Ofsted's theme names differ only at the end
/// ("The experiences and progress of children in care" / "… of care leavers").
fn clip_middle(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return s.to_string();
    }
    let head = (n - 1) * 2 / 5;
    let tail = n - 1 - head;
    format!("{}…{}", chars[..head].iter().collect::<String>().trim_end(), chars[chars.len() - tail..].iter().collect::<String>().trim_start())
}

fn node(out: &mut String, x: f64, y: f64, fill: &str, ink: &str, label: &str, full: &str) {
    let _ = write!(
        out,
        r##"<g><title>{}</title><rect x="{x}" y="{y}" width="{COL_W}" height="{BOX_H}" rx="3" fill="{fill}" stroke="#0b0c0c"/><text x="{}" y="{}" fill="{ink}" font-size="13" font-family="Arial, sans-serif">{}</text></g>"##,
        esc(full),
        x + 8.0,
        y + 20.0,
        esc(label)
    );
}

/// The diagram for the whole plan. `effects` (from `views::effects`) give the
/// linked indicators' directions; an indicator without one is drawn as "no data".
pub fn interlink_svg(g: &Governance, effects: &[ActionEffect]) -> String {
    let themes: Vec<String> = {
        let mut t: Vec<String> = g.themes.iter().filter(|t| g.actions.iter().any(|a| a.theme.as_deref() == Some(t.as_str()))).cloned().collect();
        if g.actions.iter().any(|a| a.theme.is_none()) {
            t.push(crate::views::NO_THEME.to_string());
        }
        t
    };
    // Actions grouped by theme, in theme order, so lines cross little.
    let actions: Vec<&scrutiny_store::governance::Action> =
        themes.iter().flat_map(|t| g.actions.iter().filter(move |a| a.theme.as_deref().unwrap_or(crate::views::NO_THEME) == t)).collect();
    let mut indicators: Vec<String> = Vec::new();
    for a in &actions {
        for i in &a.indicators {
            if !indicators.contains(i) {
                indicators.push(i.clone());
            }
        }
    }
    let direction_of = |action: &str, ind: &str| {
        effects.iter().find(|e| e.action == action).and_then(|e| e.trends.iter().find(|t| t.indicator == ind)).map_or(Direction::NoData, |t| t.direction)
    };
    // An indicator linked to several actions shows its trend since the earliest of them (the first listed).
    let ind_direction =
        |ind: &str| actions.iter().find(|a| a.indicators.iter().any(|i| i == ind)).map_or(Direction::NoData, |a| direction_of(&a.reference, ind));

    let rows = themes.len().max(actions.len()).max(indicators.len()).max(1);
    let width = 3.0 * COL_W + 2.0 * GAP + 20.0;
    let height = TOP + rows as f64 * ROW + 20.0;
    let xs = [10.0, 10.0 + COL_W + GAP, 10.0 + 2.0 * (COL_W + GAP)];
    let y = |i: usize| TOP + i as f64 * ROW;

    let counts = crate::views::brag_summary(g);
    let desc = format!(
        "{} themes, {} actions and {} linked indicators. Actions: {} Blue, {} Green, {} Amber, {} Red.",
        themes.len(),
        actions.len(),
        indicators.len(),
        counts.iter().map(|c| c.blue).sum::<usize>(),
        counts.iter().map(|c| c.green).sum::<usize>(),
        counts.iter().map(|c| c.amber).sum::<usize>(),
        counts.iter().map(|c| c.red).sum::<usize>()
    );
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="plan-title plan-desc"><title id="plan-title">Improvement plan: themes, actions and the indicators they should move</title><desc id="plan-desc">{}</desc>"##,
        esc(&desc)
    );
    for (i, h) in ["Theme", "Action (BRAG status)", "Indicator (trend since action began)"].iter().enumerate() {
        let _ = write!(out, r##"<text x="{}" y="30" font-size="14" font-weight="bold" font-family="Arial, sans-serif" fill="#0b0c0c">{h}</text>"##, xs[i]);
    }
    // Lines first, so boxes sit on top.
    out.push_str(r##"<g stroke="#505a5f" stroke-width="1.5" fill="none">"##);
    for (ai, a) in actions.iter().enumerate() {
        let theme = a.theme.as_deref().unwrap_or(crate::views::NO_THEME);
        if let Some(ti) = themes.iter().position(|t| t == theme) {
            let _ = write!(out, r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#, xs[0] + COL_W, y(ti) + BOX_H / 2.0, xs[1], y(ai) + BOX_H / 2.0);
        }
        for ind in &a.indicators {
            if let Some(ii) = indicators.iter().position(|x| x == ind) {
                let _ = write!(out, r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#, xs[1] + COL_W, y(ai) + BOX_H / 2.0, xs[2], y(ii) + BOX_H / 2.0);
            }
        }
    }
    out.push_str("</g>");
    for (i, t) in themes.iter().enumerate() {
        let c = counts.iter().find(|c| &c.theme == t);
        let n = c.map_or(0, |c| c.total());
        node(&mut out, xs[0], y(i), "#f3f2f1", "#0b0c0c", &format!("{} ({n})", clip_middle(t, 34)), &format!("Theme: {t}; {n} actions"));
    }
    for (i, a) in actions.iter().enumerate() {
        let (fill, ink) = brag_colours(a.status.status);
        let label = format!("{} · {} · {}", a.reference, a.status.status.label(), clip(&a.description, 22));
        let full = format!(
            "Action {}: {}. Status {} since {} ({}). Owner {}.",
            a.reference,
            a.description,
            a.status.status.label(),
            a.status.on,
            a.status.by,
            a.owner
        );
        node(&mut out, xs[1], y(i), fill, ink, &label, &full);
    }
    for (i, ind) in indicators.iter().enumerate() {
        let d = ind_direction(ind);
        let (fill, ink) = rag_colours(d.rag());
        let title = scrutiny_indicators::find(ind).map_or("", |x| x.title);
        node(&mut out, xs[2], y(i), fill, ink, &format!("{ind} · {}", d.label()), &format!("Indicator {ind} {title}: {}", d.label()));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::clip_middle;

    #[test]
    fn long_theme_names_keep_the_words_that_tell_them_apart() {
        let a = clip_middle("The experiences and progress of children in care", 34);
        let b = clip_middle("The experiences and progress of care leavers", 34);
        assert!(a.starts_with("The exp") && a.ends_with("of children in care") && a.chars().count() <= 34, "{a}");
        assert!(b.ends_with("of care leavers") && b.chars().count() <= 34, "{b}");
        assert_eq!(clip_middle("Leadership", 34), "Leadership");
    }
}
