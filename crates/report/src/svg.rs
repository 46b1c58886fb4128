//! Charts as SVG text, so the HTML and the PDF (printed from the same HTML)
//! show the same picture. Every chart has a title and a description; the
//! figures themselves are in the data table the HTML places beside it.
//! Lines differ by dash pattern and are named in a legend, never by colour alone.

use crate::html::esc;
use crate::{Cell, Kind, Point, Row};
use scrutiny_model::Period;
use std::fmt::Write;

const BLUE: &str = "#1d70b8";
const BLACK: &str = "#0b0c0c";
const GREY: &str = "#505a5f";
const ORANGE: &str = "#a54d00";
const GREEN: &str = "#00703c";

/// "Q1 24-25", "2024-25", "Jun 2024", "R12 Jun 2024".
pub fn short(p: Period) -> String {
    match p {
        Period::Quarter { start_year, quarter } => format!("Q{quarter} {:02}-{:02}", start_year % 100, (start_year + 1) % 100),
        Period::Year { .. } => p.to_string(),
        Period::Month { .. } => p.end().format("%b %Y").to_string(),
        Period::Rolling12 { .. } => format!("R12 {}", p.end().format("%b %Y")),
    }
}

/// A round step giving about four intervals up to `max`; counts step by ten
/// at least, so no axis label reads like a small count.
fn step_for(max: f64, kind: Kind) -> f64 {
    let raw = (max / 4.0).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    if kind == Kind::Count {
        step.max(10.0).round()
    } else {
        step
    }
}

/// An axis label: whole numbers from ten upwards, else one decimal place.
pub fn tick_label(v: f64, kind: Kind) -> String {
    let whole = (v - v.round()).abs() < 1e-9;
    let text = if v == 0.0 || (whole && v >= 10.0) || kind == Kind::Count { format!("{v:.0}") } else { format!("{v:.1}") };
    if kind == Kind::Percent {
        text + "%"
    } else {
        text
    }
}

/// A tiny line of the last five periods for a scorecard cell.
pub fn sparkline(points: &[Point], spoken: &str) -> String {
    let (w, h, pad) = (96.0, 24.0, 3.0);
    let values: Vec<Option<f64>> = points.iter().map(|p| p.value.value()).collect();
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let mut svg = format!("<svg class=\"spark\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">", esc(spoken));
    if known.len() >= 2 {
        let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let span = if hi > lo { hi - lo } else { 1.0 };
        let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / (points.len().max(2) - 1) as f64;
        let y = |v: f64| if hi > lo { h - pad - (h - 2.0 * pad) * (v - lo) / span } else { h / 2.0 };
        let _ = write!(svg, "<path d=\"{}\" fill=\"none\" stroke=\"{BLUE}\" stroke-width=\"1.5\"/>", path(&values, x, y));
        if let Some((i, v)) = values.iter().enumerate().rev().find_map(|(i, v)| v.map(|v| (i, v))) {
            let _ = write!(svg, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{BLUE}\"/>", x(i), y(v));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Line segments through the known values, broken where a value is suppressed or missing.
fn path(values: &[Option<f64>], x: impl Fn(usize) -> f64, y: impl Fn(f64) -> f64) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let _ = write!(d, "{}{:.1},{:.1} ", if pen_down { "L" } else { "M" }, x(i), y(*v));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d.trim_end().to_string()
}

/// The indicator's trend over the scorecard's periods, with England,
/// statistical neighbours and the target as labelled reference lines.
pub fn trend(row: &Row, council: &str) -> String {
    let (w, h) = (440.0, 210.0);
    let (left, right, top, bottom) = (52.0, 12.0, 14.0, 62.0);
    let values: Vec<Option<f64>> = row.points.iter().map(|p| p.value.value()).collect();
    let c = &row.comparison;
    let mut refs: Vec<(String, f64, &str, &str)> = Vec::new();
    if let Some(e) = &c.england {
        refs.push((format!("England {}", e.period), e.value, BLACK, "6 3"));
    }
    if let Some(n) = &c.neighbours {
        refs.push((format!("Statistical neighbours {}", n.period), n.value, ORANGE, "2 3"));
    }
    if let Some(t) = c.target {
        refs.push(("Target".into(), t, GREEN, "10 2 2 2"));
    }
    let max = values.iter().flatten().copied().chain(refs.iter().map(|r| r.1)).fold(0.0f64, f64::max);
    let step = step_for(if max > 0.0 { max } else { 1.0 }, row.kind);
    let top_value = (max / step).ceil().max(1.0) * step;
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let x = |i: usize| left + plot_w * (i as f64 + 0.5) / values.len().max(1) as f64;
    let y = |v: f64| top + plot_h * (1.0 - v / top_value);
    let id = format!("chart-{}", row.id.to_ascii_lowercase());
    let title = format!("{}: {} over the last {} periods", row.title, council, words(values.len()));
    let desc = describe(row);
    let mut s = format!(
        "<svg class=\"chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(&title),
        esc(&desc)
    );
    // Grid and axis labels.
    let mut v = 0.0;
    while v <= top_value + step / 2.0 {
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#b1b4b6\" stroke-width=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"{BLACK}\">{}</text>",
            w - right,
            y(v),
            y(v),
            if v == 0.0 { 1.5 } else { 0.5 },
            left - 4.0,
            y(v) + 4.0,
            tick_label(v, row.kind)
        );
        v += step;
    }
    for (i, p) in row.points.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{BLACK}\">{}</text>",
            x(i),
            h - bottom + 15.0,
            short(p.period)
        );
        if p.value == Cell::Suppressed {
            let _ = write!(s, "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{GREY}\">c</text>", x(i), y(0.0) - 4.0);
        }
    }
    for (_, value, colour, dash) in &refs {
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"/>",
            w - right,
            y(*value),
            y(*value)
        );
    }
    let _ = write!(s, "<path d=\"{}\" fill=\"none\" stroke=\"{BLUE}\" stroke-width=\"3\"/>", path(&values, x, y));
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let _ = write!(s, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{BLUE}\"/>", x(i), y(*v));
        }
    }
    // Legend: a sample of each line and its name.
    let mut lx = 8.0;
    let ly = h - 22.0;
    let mut entries = vec![(council.to_string(), BLUE, "")];
    entries.extend(refs.iter().map(|r| (r.0.clone(), r.2, r.3)));
    for (i, (name, colour, dash)) in entries.iter().enumerate() {
        let row_y = ly + 14.0 * (i / 2) as f64;
        if i % 2 == 0 {
            lx = 8.0;
        }
        let _ = write!(
            s,
            "<line x1=\"{lx}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"{}\" stroke-dasharray=\"{dash}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{BLACK}\">{}</text>",
            lx + 22.0,
            row_y,
            row_y,
            if dash.is_empty() { 3 } else { 2 },
            lx + 26.0,
            row_y + 4.0,
            esc(name)
        );
        lx += 210.0;
    }
    s.push_str("</svg>");
    s
}

/// What the chart shows, in words, for the description.
fn describe(row: &Row) -> String {
    let first = row.points.first().map(|p| short(p.period)).unwrap_or_default();
    let last = row.points.last().map(|p| short(p.period)).unwrap_or_default();
    let mut d = format!("Line chart of {} from {first} to {last}.", row.title.to_lowercase());
    if row.comparison.england.is_some() || row.comparison.neighbours.is_some() || row.comparison.target.is_some() {
        d.push_str(" Reference lines show the comparators named in the legend.");
    } else {
        d.push_str(" No England, statistical neighbour or target figures are available to draw.");
    }
    if row.points.iter().any(|p| p.value == Cell::Suppressed) {
        d.push_str(" Periods marked c are suppressed to protect children's privacy.");
    }
    d.push_str(" The figures are in the table that follows.");
    d
}

/// Small whole numbers as words, so prose never reads like a count.
pub fn words(n: usize) -> String {
    match n {
        0 => "none".into(),
        1 => "one".into(),
        2 => "two".into(),
        3 => "three".into(),
        4 => "four".into(),
        5 => "five".into(),
        6 => "six".into(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels_never_read_as_small_counts() {
        for max in [0.4, 3.0, 7.0, 12.0, 55.0, 99.9, 340.0, 2600.0] {
            for kind in [Kind::Count, Kind::Days, Kind::RatePer10k, Kind::Ratio, Kind::Fte] {
                let step = step_for(max, kind);
                let mut v = 0.0;
                while v <= max + step {
                    assert!(crate::check::small_counts(&tick_label(v, kind)).is_empty(), "{max} {kind:?} {v}");
                    v += step;
                }
            }
        }
        assert_eq!(step_for(3.0, Kind::Count), 10.0);
        assert_eq!(step_for(340.0, Kind::Count), 100.0);
        assert_eq!(tick_label(2.5, Kind::Days), "2.5");
        assert_eq!(tick_label(20.0, Kind::Percent), "20%");
    }

    #[test]
    fn suppressed_points_break_the_line() {
        let d = path(&[Some(1.0), None, Some(2.0), Some(3.0)], |i| i as f64, |v| v);
        assert_eq!(d, "M0.0,1.0 M2.0,2.0 L3.0,3.0");
        assert_eq!(short(Period::Quarter { start_year: 2024, quarter: 1 }), "Q1 24-25");
    }
}
