//! `scrutiny plan themes` and `scrutiny plan brag-key` end to end: listing,
//! renaming a theme and setting the BRAG key, and refusals that change nothing.

use std::path::Path;
use std::process::{Command, Output};

fn scrutiny(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutiny")).args(args).arg("--db").arg(db).output().expect("scrutiny runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A database holding a two-action plan under one theme of its own.
fn plan_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("plan.sqlite");
    let plan = dir.join("plan.csv");
    std::fs::write(
        &plan,
        "ref,theme,description,owner,status,status_date,status_by,evidence,source\n\
         X1,Front door,Answer contacts within a day,Head of MASH,Green,2024-06-01,Officer,,Ofsted\n\
         X2,Front door,Fewer repeat referrals,Head of MASH,Amber,2024-06-01,Officer,,Self-assessment\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_scrutiny")).args(["plan", "import"]).arg(&plan).arg("--db").arg(&db).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    db
}

#[test]
fn themes_are_listed_renamed_and_a_clash_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = plan_db(dir.path());
    let o = scrutiny(&["plan", "themes", "list"], &db);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("  The experiences and progress of care leavers (0)\n") && out.contains("  Front door (2)\n"), "{out}");

    let o = scrutiny(&["plan", "themes", "rename", "Front door", "The front door"], &db);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Renamed theme 'Front door' to 'The front door'."));
    let out = text(&scrutiny(&["plan", "themes", "list"], &db));
    assert!(out.contains("  The front door (2)\n") && !out.contains("  Front door"), "the actions keep their theme: {out}");

    // A name already taken, and a theme that does not exist: refused, exit 1, nothing changed.
    for (old, new, why) in [
        ("The front door", "The experiences and progress of care leavers", "there is already a theme"),
        ("No such theme", "Anything", "there is no theme 'No such theme' to rename"),
    ] {
        let o = scrutiny(&["plan", "themes", "rename", old, new], &db);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains(why) && text(&o).contains("The database was not changed."), "{}", text(&o));
    }
    assert_eq!(text(&scrutiny(&["plan", "themes", "list"], &db)), out);
    let missing = scrutiny(&["plan", "themes", "list"], &dir.path().join("none.sqlite"));
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing).contains("does not exist"));
}

#[test]
fn the_brag_key_is_listed_and_set_and_a_bad_status_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = plan_db(dir.path());
    let out = text(&scrutiny(&["plan", "brag-key", "list"], &db));
    assert!(out.contains("  blue   Blue: Complete, with evidence that it has made a difference\n"), "{out}");

    let o = scrutiny(&["plan", "brag-key", "set", "Blue", "--label", "Complete", "--meaning", "Done, and the measures show it"], &db);
    assert!(o.status.success(), "{}", text(&o));
    // Only the label: the meaning stays.
    let o = scrutiny(&["plan", "brag-key", "set", "amber", "--label", "At risk"], &db);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&scrutiny(&["plan", "brag-key", "list"], &db));
    assert!(out.contains("  blue   Complete: Done, and the measures show it\n"), "{out}");
    assert!(out.contains("  amber  At risk: At risk: may miss its due date without intervention\n"), "{out}");
    // The summary shows the council's key.
    assert!(text(&scrutiny(&["plan", "summary"], &db)).contains("Complete = Done, and the measures show it"));

    let o = scrutiny(&["plan", "brag-key", "set", "purple", "--label", "P"], &db);
    assert_eq!(o.status.code(), Some(2), "clap refuses it: {}", text(&o));
    assert!(text(&o).contains("'purple' is not a BRAG status"), "{}", text(&o));
    let o = scrutiny(&["plan", "brag-key", "set", "red", "--meaning", " "], &db);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("needs both a label and a meaning"), "{}", text(&o));
    let o = scrutiny(&["plan", "brag-key", "set", "red"], &db);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("give --label, --meaning or both"));
    assert_eq!(text(&scrutiny(&["plan", "brag-key", "list"], &db)), out);
}
