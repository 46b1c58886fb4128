//! The "Improvement plan and scrutiny actions" section: present with the
//! plan's BRAG counts when governance records are given, absent without, and
//! the member pack still names no child.

use scrutiny_plan::{import_files, views, Brag, FileKind};
use scrutiny_report::check::{child_identifiers, counted_text, html_text, small_counts_outside, static_text};
use scrutiny_report::plan::PlanCell;
use scrutiny_report::{build, html, xlsx, Comparators, Edition, Input, Narratives, Snapshot};
use scrutiny_synth::{generate, write_council, Options, Size};

#[test]
fn the_plan_section_shows_brag_counts_when_governance_is_given() {
    let options = Options { seed: 3, size: Size::Small, years: 2, until: "2024-25".parse().unwrap(), error_rate: 0.0 };
    let c = generate(&options);
    let dir = tempfile::tempdir().unwrap();
    write_council(&c, &options, dir.path()).unwrap();
    let mut store = scrutiny_store::Store::open(&dir.path().join("s.sqlite")).unwrap();
    let kinds = [FileKind::ModernGov, FileKind::Recommendations, FileKind::WorkProgramme, FileKind::Plan, FileKind::Audits];
    import_files(&mut store, &[dir.path().join("governance")], &kinds).unwrap().unwrap();
    let g = store.governance().unwrap();
    let narratives = Narratives::default();
    let comparators = Comparators::unavailable("not in this test");
    let input = |edition, governance| Input {
        dataset: &c.dataset,
        council: Some(&c.council),
        period: "2024-25-Q4".parse().unwrap(),
        edition,
        generated: chrono::NaiveDate::from_ymd_opt(2025, 4, 20).unwrap(),
        snapshot: Snapshot { description: "generated in the test".into(), id: None, files: Vec::new() },
        issues: &[],
        narratives: &narratives,
        comparators: &comparators,
        governance,
    };
    let without = build(&input(Edition::Officer, None)).unwrap();
    assert!(without.plan.is_none());
    assert!(!html::render(&without).contains("Improvement plan and scrutiny actions"));

    let summary = views::brag_summary(&g);
    for edition in [Edition::Officer, Edition::Member] {
        let r = build(&input(edition, Some(&g))).unwrap();
        let plan = r.plan.as_ref().expect("the plan section");
        for b in Brag::ALL {
            let want: usize = summary.iter().map(|t| t.count(*b)).sum();
            assert!(want > 0, "{b:?}");
            assert!(plan.totals.contains(&(b.label().to_string(), want)), "{edition:?} {b:?}");
        }
        let page = html::render(&r);
        assert!(page.contains("id=\"plan-h\">Improvement plan and scrutiny actions</h2>"));
        for b in Brag::ALL {
            let want: usize = summary.iter().map(|t| t.count(*b)).sum();
            assert!(page.contains(&format!("<strong>{}</strong>: {want} action", b.label())), "{b:?}");
        }
        let bytes = xlsx::render(&r).unwrap();
        let mut book = String::new();
        std::io::Read::read_to_string(&mut zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap().by_name("xl/workbook.xml").unwrap(), &mut book).unwrap();
        assert!(book.contains("name=\"Improvement plan\""), "the workbook has the plan sheet");
        if edition == Edition::Member {
            let text = html_text(&page);
            assert!(child_identifiers(&text, &c.dataset).is_empty(), "the member pack names children");
            let counts = small_counts_outside(&counted_text(&r), &static_text(&r));
            assert!(counts.is_empty(), "member pack shows small counts: {:?}", &counts[..counts.len().min(5)]);
            // A shown share of a shown total would give back a hidden grade count.
            let audits = plan.tables.iter().find(|t| t.name == "plan-audits").expect("the audit table");
            let row = |label: &str| audits.rows.iter().find(|r| matches!(&r[0], PlanCell::Text(t) if t.starts_with(label))).map(|r| r[1].clone());
            let grade_hidden = audits.rows.iter().any(|r| matches!(&r[0], PlanCell::Text(t) if t.starts_with("Graded")) && r[1] == PlanCell::Suppressed);
            assert!(grade_hidden, "the synthetic sample has a grade given to 1 to 5 audits");
            assert_eq!(row("Good or better"), Some(PlanCell::Suppressed), "good or better is withheld when a grade count is");
        }
    }
}
