//! What must never reach members: a child's id or name, or a count from 1 to
//! 5 outside a suppression marker. Used on member commentary before a build,
//! on every member pack before it is written, and by the tests.

use scrutiny_model::Dataset;

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || "()[]{}<>;=|\"'«»“”‘’·".contains(c))
        .map(|t| t.trim_matches(|c: char| ",.:;!?".contains(c)))
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_small_count(t: &str) -> bool {
    t.chars().all(|c| c.is_ascii_digit() || c == ',') && t.replace(',', "").parse::<u64>().is_ok_and(|n| (1..=5).contains(&n))
}

/// Standalone whole numbers from 1 to 5 in text. Decimals, percentages,
/// dates, periods and ids (tokens with letters, `/`, `-` or `.`) are not counts.
pub fn small_counts(text: &str) -> Vec<String> {
    tokens(text).into_iter().filter(|t| is_small_count(t)).map(str::to_string).collect()
}

/// Fixed wording a pack quotes (indicator titles and definitions, group
/// names, file formats), normalised for `small_counts_outside`.
pub fn static_text(report: &crate::Report) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for d in &report.definitions {
        parts.extend([d.title.as_str(), d.definition.as_str(), d.basis.as_str()]);
    }
    for r in report.rows() {
        parts.push(&r.title);
        if let Some(b) = &r.breakdown {
            parts.push(&b.name);
            parts.extend(b.rows.iter().map(|(k, _)| k.as_str()));
        }
    }
    for (format, name, _) in &report.snapshot.files {
        parts.extend([format.as_str(), name.as_str()]);
    }
    parts.extend(report.exceptions.iter().map(|e| e.title.as_str()));
    normalise(&parts.join(" | "))
}

/// The member pack's visible text as the small-count check reads it: the
/// plan section keeps only its audit tables, since counts of actions and
/// days are not counts of children.
pub fn counted_text(report: &crate::Report) -> String {
    let counted = crate::Report { plan: report.plan.as_ref().map(crate::plan::PlanSection::child_counts_only), ..report.clone() };
    html_text(&crate::html::render(&counted))
}

fn normalise(text: &str) -> String {
    format!(" {} ", tokens(&text.to_lowercase()).join(" "))
}

/// Small counts in text that are not part of the fixed wording: a number
/// with the word before or after it as in `static_text` (e.g. "for 2 years",
/// "List 1") is quoted wording, not a figure.
pub fn small_counts_outside(text: &str, fixed: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let toks = tokens(&lower);
    let mut found = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !is_small_count(t) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| format!(" {} {t} ", toks[j]));
        let after = toks.get(i + 1).map(|n| format!(" {t} {n} "));
        let quoted = [before, after].into_iter().flatten().any(|pair| fixed.contains(&pair));
        if !quoted {
            let from = i.saturating_sub(4);
            found.push(toks[from..(i + 4).min(toks.len())].join(" "));
        }
    }
    found
}

/// Child ids and full names from the dataset that appear in the text.
pub fn child_identifiers(text: &str, dataset: &Dataset) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for c in &dataset.children {
        if contains_word(text, &c.id) {
            found.push(c.id.clone());
        }
        if let (Some(f), Some(s)) = (&c.forename, &c.surname) {
            let name = format!("{f} {s}").to_lowercase();
            if lower.contains(&name) {
                found.push(format!("{f} {s}"));
            }
        }
    }
    found
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// The visible text of an HTML page: no tags, no style, entities for digits left alone.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let tail = &rest[open..];
        let skip_to = if tail.starts_with("<style") { tail.find("</style>").map(|i| i + 8) } else { tail.find('>').map(|i| i + 1) };
        // Attributes a screen reader speaks are text too.
        if let Some(end) = tail.find('>') {
            for attr in ["aria-label=\"", "alt=\"", "title=\""] {
                if let Some(a) = tail[..end].find(attr) {
                    let v = &tail[a + attr.len()..end];
                    out.push_str(v.split('"').next().unwrap_or(""));
                    out.push(' ');
                }
            }
        }
        match skip_to {
            Some(n) => rest = &tail[n..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_small_counts_but_not_dates_periods_ids_or_decimals() {
        assert_eq!(small_counts("3 of 20 (5) n = 4, and 2."), vec!["3", "5", "4", "2"]);
        assert!(small_counts("c of 20; 2024-25 Q1 31/03/2025 CP-03 2.5 4.0% 1,234 0 6 12 NB0000003 2026-11-25T18:02:14Z 09:05").is_empty());
    }

    #[test]
    fn numbers_in_fixed_wording_are_not_counts() {
        let fixed = normalise("Plans lasting 2 years or more | Under 1 | 1 to 4");
        assert!(small_counts_outside("Plans lasting 2 years or more: 14 of 255", &fixed).is_empty());
        assert!(small_counts_outside("Under 1 c 1 to 4 12", &fixed).is_empty());
        assert_eq!(small_counts_outside("Under 1 3 1 to 4 12", &fixed).len(), 1);
        assert_eq!(small_counts_outside("3 of 20", &fixed).len(), 1);
    }

    #[test]
    fn html_text_drops_tags_and_styles_but_keeps_spoken_attributes() {
        let t = html_text("<style>a{flex:1}</style><p aria-label=\"five is 5\">x<b>3</b></p>");
        assert_eq!(small_counts(&t), vec!["5", "3"]);
    }
}
