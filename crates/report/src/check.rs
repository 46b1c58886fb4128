//! What must never reach members: a child's id or name, or a count from 1 to
//! 5 outside a suppression marker. Used on member commentary before a build,
//! on every member pack before it is written, and by the tests.

use scrutiny_model::Dataset;
use std::collections::HashMap;

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

/// What a member pack shows that it must not: children's ids and names in
/// its visible text, and counts from 1 to 5 outside the fixed wording. Empty
/// for a pack fit to write; checked on every member pack before it is written.
pub fn member_pack_leaks(report: &crate::Report, dataset: &Dataset) -> Vec<String> {
    let text = html_text(&crate::html::render(report));
    let mut found = child_identifiers(&text, dataset);
    found.extend(small_counts_outside(&counted_text(report), &static_text(report)));
    found
}

/// Child ids and full names from the dataset that appear in the text. An id
/// counts where its words stand together as typed (case and all), so `NB0001`
/// is not found inside `NB00012`; a name where its words stand together in any
/// case, across line breaks and punctuation. The text's words are indexed once
/// and each child looked up in them: searching the whole text once for each
/// child took seconds for a large council's pack.
pub fn child_identifiers(text: &str, dataset: &Dataset) -> Vec<String> {
    let as_typed = TextWords::of(text);
    let lower = text.to_lowercase();
    let any_case = TextWords::of(&lower);
    let mut found = Vec::new();
    for c in &dataset.children {
        if as_typed.has_run(&c.id) {
            found.push(c.id.clone());
        }
        let (Some(forename), Some(surname)) = (&c.forename, &c.surname) else { continue };
        // Most children's surnames are not in the text at all: asked first,
        // before the whole name is made.
        let surname_word = words(surname).next().map(str::to_lowercase).unwrap_or_default();
        if any_case.at.contains_key(surname_word.as_str()) {
            let name = format!("{forename} {surname}");
            if any_case.has_run(&name.to_lowercase()) {
                found.push(name);
            }
        }
    }
    found
}

/// Runs of letters and digits: what is left once spaces and punctuation are taken out.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A text's words, with where each stands, to find a run of words quickly.
struct TextWords<'t> {
    words: Vec<&'t str>,
    at: HashMap<&'t str, Vec<usize>>,
}

impl<'t> TextWords<'t> {
    fn of(text: &'t str) -> TextWords<'t> {
        let words: Vec<&str> = words(text).collect();
        let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            at.entry(w).or_default().push(i);
        }
        TextWords { words, at }
    }

    /// Whether the words of `run` stand one after another in the text.
    fn has_run(&self, run: &str) -> bool {
        let Some(first) = words(run).next() else { return false };
        let Some(starts) = self.at.get(first) else { return false };
        starts.iter().any(|&i| words(run).skip(1).enumerate().all(|(k, w)| self.words.get(i + 1 + k) == Some(&w)))
    }
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

    fn dataset(children: &[(&str, Option<(&str, &str)>)]) -> Dataset {
        use scrutiny_model::codes::{Ethnicity, Sex};
        let children = children
            .iter()
            .map(|&(id, name)| {
                let mut c = scrutiny_model::Child::new(id, Sex::Unknown, Ethnicity::NotObtained);
                (c.forename, c.surname) = (name.map(|n| n.0.to_string()), name.map(|n| n.1.to_string()));
                c
            })
            .collect();
        Dataset { children, ..Dataset::default() }
    }

    #[test]
    fn ids_are_found_as_whole_words_as_typed() {
        let d = dataset(&[("NB0001", None), ("NB00012", None), ("AB-12/3", None), ("77", None)]);
        assert_eq!(child_identifiers("Child NB0001, then (NB0001) again.", &d), vec!["NB0001"], "once, however often it appears");
        assert!(child_identifiers("XNB0001 NB00011 nb0001 NB0001a", &d).is_empty(), "inside a longer word, or in another case");
        assert_eq!(child_identifiers("NB00012: AB-12/3 and 77%", &d), vec!["NB00012", "AB-12/3", "77"]);
        assert!(child_identifiers("AB-12 then 3; 12/3 AB; 770 7.7", &d).is_empty(), "an id of several words is found only with all of them, in order");
        assert!(child_identifiers("", &d).is_empty());
        assert!(child_identifiers("NB0001", &dataset(&[])).is_empty());
    }

    #[test]
    fn names_are_found_in_any_case_across_spaces_breaks_and_punctuation() {
        let d = dataset(&[("C1", Some(("Mary-Jane", "O'Neil"))), ("C2", Some(("Yusuf", "Cox"))), ("C3", Some(("Zoë", "Ünal"))), ("C4", Some(("", "")))]);
        assert_eq!(child_identifiers("seen: MARY-JANE O'NEIL", &d), vec!["Mary-Jane O'Neil"]);
        assert_eq!(child_identifiers("Yusuf\n   Cox's plan; zoë ünal.", &d), vec!["Yusuf Cox", "Zoë Ünal"]);
        assert!(
            child_identifiers("Yusuf Coxon, Ayusuf Cox, Cox Yusuf, Yusuf, Mary Jane", &d).is_empty(),
            "part of a word, the other order, one name alone, or part of a name"
        );
    }

    #[test]
    fn html_text_drops_tags_and_styles_but_keeps_spoken_attributes() {
        let t = html_text("<style>a{flex:1}</style><p aria-label=\"five is 5\">x<b>3</b></p>");
        assert_eq!(small_counts(&t), vec!["5", "3"]);
    }
}
