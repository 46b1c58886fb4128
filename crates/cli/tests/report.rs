//! `scrutiny report` end to end: a pack from the store is kept as presented and
//! comes back byte for byte after a later import and new commentary; the
//! commentary file is checked; a member pack refuses commentary naming a child.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutiny")).args(args).output().expect("scrutiny runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(o.status.success(), "scrutiny {}: {}", args.join(" "), text(&o));
    text(&o)
}

fn synth(dir: &Path, seed: &str) {
    ok(&["synth", "--seed", seed, "--size", "small", "--years", "2", "--until", "2024-25", "--out", dir.to_str().unwrap()]);
}

/// The id after "Kept as presented: report ".
fn kept_id(out: &str) -> String {
    out.split("Kept as presented: report ").nth(1).and_then(|s| s.split_whitespace().next()).expect("a kept report id").to_string()
}

#[test]
fn a_pack_is_kept_as_presented_and_reproduced_exactly_after_later_imports() {
    let work = tempfile::tempdir().unwrap();
    let (first, second) = (work.path().join("first"), work.path().join("second"));
    synth(&first, "11");
    synth(&second, "12");
    let db = work.path().join("c.sqlite");
    let db = db.to_str().unwrap();
    ok(&["import", "--db", db, first.to_str().unwrap()]);

    let notes = work.path().join("q3.md");
    std::fs::write(&notes, "Period: 2024-25-Q3\n\n# Front door\nStatus: signed off by A. Head, 2025-01-20\n\nContacts rose in the autumn.\n").unwrap();
    let html = work.path().join("pack.html");
    let xlsx = work.path().join("pack.xlsx");
    let out =
        ok(&["report", "--db", db, "--period", "2024-25-Q3", "--edition", "member", "--out", html.to_str().unwrap(), "--narrative", notes.to_str().unwrap()]);
    let html_id = kept_id(&out);
    let out = ok(&["report", "--db", db, "--period", "2024-25-Q3", "--edition", "member", "--out", xlsx.to_str().unwrap()]);
    let xlsx_id = kept_id(&out);
    let presented_html = std::fs::read(&html).unwrap();
    let presented_xlsx = std::fs::read(&xlsx).unwrap();
    assert!(String::from_utf8_lossy(&presented_html).contains("Contacts rose in the autumn."));
    assert!(String::from_utf8_lossy(&presented_html).contains("Signed off"));

    // Later: new data and revised commentary.
    ok(&["import", "--db", db, second.to_str().unwrap()]);
    std::fs::write(&notes, "Period: 2024-25-Q3\n\n# Front door\nStatus: draft\n\nRevised after the audit.\n").unwrap();
    let out =
        ok(&["report", "--db", db, "--period", "2024-25-Q3", "--edition", "member", "--out", html.to_str().unwrap(), "--narrative", notes.to_str().unwrap()]);
    assert_ne!(std::fs::read(&html).unwrap(), presented_html, "the new pack reflects the new data");
    assert!(out.contains("snapshot 2"), "{out}");

    let again = work.path().join("again.html");
    let out = ok(&["report", "--db", db, "--as-presented", &html_id, "--out", again.to_str().unwrap()]);
    assert!(out.contains("matches"), "{out}");
    assert_eq!(std::fs::read(&again).unwrap(), presented_html);
    let again = work.path().join("again.xlsx");
    ok(&["report", "--db", db, "--as-presented", &xlsx_id, "--out", again.to_str().unwrap()]);
    assert_eq!(std::fs::read(&again).unwrap(), presented_xlsx);

    // Commentary saved in the store is used without the file.
    let later = work.path().join("later.html");
    ok(&["report", "--db", db, "--period", "2024-25-Q3", "--edition", "officer", "--out", later.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&later).unwrap().contains("Revised after the audit."));
}

#[test]
fn commentary_is_checked_before_a_member_pack_is_made() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("c");
    synth(&dir, "11");
    let child = std::fs::read_to_string(dir.join("2024-25/ssda903_header.csv")).unwrap().lines().nth(1).unwrap().split(',').next().unwrap().to_string();
    let notes = work.path().join("n.md");
    let out = work.path().join("p.html");
    let args = |edition: &'static str| {
        vec![
            "report".to_string(),
            "--input".into(),
            dir.to_str().unwrap().into(),
            "--period".into(),
            "2024-25-Q3".into(),
            "--edition".into(),
            edition.into(),
            "--out".into(),
            out.to_str().unwrap().into(),
            "--narrative".into(),
            notes.to_str().unwrap().into(),
        ]
    };
    std::fs::write(&notes, format!("# Adoption\nStatus: draft\n\nCase {child} was delayed.\n")).unwrap();
    let o = run(&args("member").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!o.status.success());
    assert!(text(&o).contains("commentary for adoption"), "{}", text(&o));
    assert!(!out.exists());
    // A name is found in any case, split across lines.
    let person = std::fs::read_to_string(dir.join("2024-25/ssd/ssd_person.csv")).unwrap();
    let fields: Vec<&str> = person.lines().nth(1).unwrap().split(',').collect();
    let (forename, surname) = (fields[1].to_uppercase(), fields[2].to_lowercase());
    std::fs::write(&notes, format!("# Adoption\nStatus: draft\n\nWe met {forename}\n{surname}'s carers.\n")).unwrap();
    let o = run(&args("member").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(text(&o).contains("a child's id or name"), "{}", text(&o));
    assert!(!out.exists());
    std::fs::write(&notes, "# Adoption\nStatus: draft\n\nOnly 3 children were placed.\n").unwrap();
    assert!(!run(&args("member").iter().map(String::as_str).collect::<Vec<_>>()).status.success());
    // Officers may see both.
    assert!(run(&args("officer").iter().map(String::as_str).collect::<Vec<_>>()).status.success());
    std::fs::write(&notes, "# Nowhere\nStatus: draft\n").unwrap();
    let o = run(&args("officer").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(text(&o).contains("line 1"), "{}", text(&o));
}
