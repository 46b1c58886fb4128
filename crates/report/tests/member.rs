//! The member edition, read back as a member would see it — the HTML's text,
//! the PDF's text and every cell of the workbook — shows no child's id or
//! name and no count from 1 to 5 outside a suppression marker.

use scrutiny_report::check::{child_identifiers, html_text, small_counts_outside, static_text};
use scrutiny_report::{build, html, xlsx, Comparators, Edition, Input, Narratives, Report, Snapshot};
use scrutiny_synth::{generate, Options, Size};
use std::io::Read;

fn council() -> scrutiny_synth::SyntheticCouncil {
    generate(&Options { seed: 11, size: Size::Small, years: 2, until: "2024-25".parse().unwrap(), error_rate: 0.0 })
}

fn report(c: &scrutiny_synth::SyntheticCouncil, edition: Edition) -> Report {
    report_with(c, edition, &Comparators::unavailable("not in this test"))
}

fn report_with(c: &scrutiny_synth::SyntheticCouncil, edition: Edition, comparators: &Comparators) -> Report {
    let narratives = Narratives::default();
    build(&Input {
        dataset: &c.dataset,
        council: Some(&c.council),
        period: "2024-25-Q1".parse().unwrap(),
        edition,
        generated: chrono::NaiveDate::from_ymd_opt(2024, 7, 20).unwrap(),
        snapshot: Snapshot { description: "generated in the test".into(), id: None, files: Vec::new() },
        issues: &[],
        narratives: &narratives,
        comparators,
        governance: None,
    })
    .unwrap()
}

fn assert_clean(what: &str, text: &str, r: &Report, c: &scrutiny_synth::SyntheticCouncil) {
    let ids = child_identifiers(text, &c.dataset);
    assert!(ids.is_empty(), "{what} names children: {:?}", &ids[..ids.len().min(5)]);
    let counts = small_counts_outside(text, &static_text(r));
    assert!(counts.is_empty(), "{what} shows small counts: {:?}", &counts[..counts.len().min(5)]);
}

/// Every cell of every sheet: shared strings and inline values, with each
/// numeric cell checked when its column holds counts.
fn workbook_cells(bytes: &[u8]) -> (String, Vec<(String, f64)>) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut strings).unwrap();
    let shared: Vec<String> =
        strings.split("<t").skip(1).filter_map(|s| s.split_once('>').and_then(|(_, r)| r.split_once("</t>")).map(|(t, _)| t.to_string())).collect();
    let mut numbers = Vec::new();
    let names: Vec<String> = zip.file_names().filter_map(Result::ok).filter(|n| n.starts_with("xl/worksheets/sheet")).map(|n| n.to_string()).collect();
    for name in names {
        let mut xml = String::new();
        zip.by_name(&name).unwrap().read_to_string(&mut xml).unwrap();
        // Header row: shared-string indexes of row 1, by column letter.
        let mut headers = std::collections::HashMap::new();
        let mut units = std::collections::HashMap::new();
        let mut unit_col = None;
        for cell in xml.split("<c r=\"").skip(1) {
            let (reference, rest) = cell.split_once('"').unwrap();
            let col: String = reference.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            let row: u32 = reference[col.len()..].parse().unwrap();
            let value = rest.split_once("<v>").and_then(|(_, v)| v.split_once("</v>")).map(|(v, _)| v.to_string());
            let Some(value) = value else { continue };
            let is_string = rest.split_once('>').is_some_and(|(attrs, _)| attrs.contains("t=\"s\""));
            if is_string {
                let text = shared[value.parse::<usize>().unwrap()].clone();
                if row == 1 {
                    if text == "Unit" {
                        unit_col = Some(col.clone());
                    }
                    headers.insert(col, text);
                } else if Some(&col) == unit_col.as_ref() {
                    units.insert(row, text);
                }
            } else {
                let header = headers.get(&col).cloned().unwrap_or_default();
                let count_column = ["Numerator", "Denominator", "Findings", "Count"].contains(&header.as_str())
                    || ((header == "Value" || header.ends_with(" value")) && units.get(&row).is_some_and(|u| u == "count"));
                if count_column {
                    numbers.push((format!("{name} {reference} ({header})"), value.parse().unwrap()));
                }
            }
        }
    }
    (shared.join("\n"), numbers)
}

#[test]
fn the_member_edition_names_no_child_and_shows_no_small_count() {
    let c = council();
    let r = report(&c, Edition::Member);
    // The figures are there to be hidden: the test would prove nothing on a council with no small counts.
    assert!(r.rows().flat_map(|x| &x.points).any(|p| p.value == scrutiny_report::Cell::Suppressed), "no suppressed figure in the test council");
    let page = html::render(&r);
    assert_clean("the member HTML", &html_text(&page), &r, &c);
    assert!(!page.contains("Exception lists"));

    let book = xlsx::render(&r).unwrap();
    let (strings, numbers) = workbook_cells(&book);
    assert_clean("the member workbook's text", &strings, &r, &c);
    assert!(!numbers.is_empty(), "the workbook scan found no count columns");
    let small: Vec<_> = numbers.iter().filter(|(_, v)| scrutiny_report::suppress::is_small(*v)).collect();
    assert!(small.is_empty(), "the member workbook holds small counts: {:?}", &small[..small.len().min(5)]);

    // The PDF: printed by Chromium, read back by pdftotext (both installed by scripts/test).
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("member.pdf");
    scrutiny_report::pdf::print(&page, &pdf).expect("printing the PDF (scripts/test installs chromium)");
    let out = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (Debian poppler-utils; scripts/test installs it)");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Children's social care performance report"), "the PDF has no text layer");
    assert_clean("the member PDF", &text, &r, &c);
}

#[test]
fn the_officer_edition_has_the_children_behind_the_figures() {
    let c = council();
    let r = report(&c, Edition::Officer);
    assert!(!r.exceptions.is_empty());
    let page = html::render(&r);
    assert!(!child_identifiers(&html_text(&page), &c.dataset).is_empty());
    assert!(page.contains("Officer edition"));
}

#[test]
fn a_report_renders_the_same_after_a_round_trip_through_the_store_format() {
    let c = council();
    let r = report(&c, Edition::Member);
    let kept: Report = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(html::render(&kept), html::render(&r));
    assert!(xlsx::render(&kept).unwrap() == xlsx::render(&r).unwrap(), "the workbook differs after the round trip");
}

#[test]
fn judged_rows_carry_words_and_red_rows_without_signed_off_commentary_are_marked() {
    use scrutiny_report::{Comparison, Rag, Travel};
    let c = council();
    // A judge that rates every figure it is shown red and worsening.
    let judge = |_: &scrutiny_indicators::Indicator, f: scrutiny_report::build::Figures| Comparison {
        rag: f.now.map(|_| Rag::Red),
        travel: f.now.and(f.previous).map(|_| Travel::Worsening),
        ..Comparison::default()
    };
    let comparators = Comparators { judge: Some(Box::new(judge)), note: "test judge".into() };
    let r = report_with(&c, Edition::Member, &comparators);
    let rows: Vec<_> = r.rows().collect();
    assert!(rows.iter().any(|x| x.red_without_signed_off_narrative()));
    // Suppressed figures are never rated: a rating would hint at them.
    for x in &rows {
        if x.current().value == scrutiny_report::Cell::Suppressed {
            assert_eq!((x.comparison.rag, x.comparison.travel), (None, None), "{}", x.id);
        }
    }
    let page = html::render(&r);
    assert!(page.contains(">Red</strong>") && page.contains("Worsening") && page.contains("Red with no signed-off commentary"));
    assert_clean("the judged member HTML", &html_text(&page), &r, &c);
}
