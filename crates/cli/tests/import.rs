//! `scrutiny validate` and `scrutiny import` end to end: exit codes, clear
//! messages for bad input, atomic imports that survive being killed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn scrutiny() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scrutiny"))
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    let mut c = scrutiny();
    c.args(args);
    for p in paths {
        c.arg(p);
    }
    c.output().expect("scrutiny runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A small clean council, two years, made once.
fn small() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o = run(&["synth", "--seed", "11", "--size", "small", "--years", "2", "--until", "2024-25", "--out"], &[dir.path()]);
        assert!(o.status.success(), "{}", text(&o));
        dir
    })
    .path()
}

fn db_bytes(db: &Path) -> (Vec<u8>, bool) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (std::fs::read(db).unwrap(), wal.exists() && std::fs::metadata(&wal).unwrap().len() > 0)
}

#[test]
fn clean_synthetic_returns_validate_and_import_once() {
    let out = tempfile::tempdir().unwrap();
    let list = out.path().join("findings.json");
    let o = run(&["validate", "--out", list.to_str().unwrap()], &[small()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("0 error(s)"));
    let findings: serde_json::Value = serde_json::from_slice(&std::fs::read(&list).unwrap()).unwrap();
    assert!(findings.as_array().unwrap().iter().all(|f| f["severity"] != "error"));

    let db = out.path().join("council.sqlite");
    let o = run(&["import", "--db", db.to_str().unwrap()], &[small()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Imported snapshot 1"), "{}", text(&o));
    let before = db_bytes(&db);
    let o = run(&["import", "--db", db.to_str().unwrap()], &[small()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).contains("already snapshot 1"), "{}", text(&o));
    assert_eq!(db_bytes(&db), before, "re-importing the same files changes nothing");

    let o = run(&["snapshots", "--json", "--db", db.to_str().unwrap()], &[]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0]["children"].as_u64().unwrap() > 1000);
    assert_eq!(list[0]["files"][0]["hash"].as_str().unwrap().len(), 64);
}

#[test]
fn files_already_imported_are_known_by_their_contents_not_their_sizes() {
    let out = tempfile::tempdir().unwrap();
    let council = out.path().join("council");
    copy_dir(small(), &council);
    let db = out.path().join("c.sqlite");
    assert!(run(&["import", "--db", db.to_str().unwrap()], &[&council]).status.success());

    // Unchanged: told from sizes and hashes, without reading the returns again.
    let o = run(&["import", "--db", db.to_str().unwrap()], &[&council]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("byte for byte those of snapshot 1") && text(&o).contains("already snapshot 1"), "{}", text(&o));

    // One date's year changed by one: every size is as before, but it is a new import.
    let eps = council.join("2024-25/ssda903_episodes.csv");
    let mut csv = std::fs::read(&eps).unwrap();
    let row = csv.iter().position(|&b| b == b'\n').unwrap() + 1;
    let decom = row + csv[row..].iter().position(|&b| b == b',').unwrap() + 1;
    let year_end = decom + "DD/MM/YYYY".len() - 1;
    assert!(csv[year_end].is_ascii_digit());
    csv[year_end] = b'0' + (csv[year_end] - b'0' + 1) % 10;
    std::fs::write(&eps, csv).unwrap();
    let o = run(&["import", "--max-errors", "1000", "--db", db.to_str().unwrap()], &[&council]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Imported snapshot 2"), "{}", text(&o));
}

#[test]
fn a_rejected_import_leaves_the_database_byte_for_byte() {
    let out = tempfile::tempdir().unwrap();
    let db = out.path().join("c.sqlite");
    assert!(run(&["import", "--db", db.to_str().unwrap()], &[small()]).status.success());
    let before = db_bytes(&db);

    // The same council with one impossible date.
    let bad = out.path().join("bad");
    copy_dir(small(), &bad);
    let eps = bad.join("2024-25/ssda903_episodes.csv");
    let csv = std::fs::read_to_string(&eps).unwrap();
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[1] = "31/02/2024".into();
    lines[1] = cells.join(",");
    std::fs::write(&eps, lines.join("\n") + "\n").unwrap();

    let o = run(&["import", "--db", db.to_str().unwrap()], &[&bad]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("Import refused") && text(&o).contains("31/02/2024"), "{}", text(&o));
    assert_eq!(db_bytes(&db), before);

    // Allowed through with --max-errors, it becomes snapshot 2.
    // The impossible date makes a few errors (the date itself and the episode rules that need it).
    let errors: usize =
        text(&o).lines().find(|l| l.contains(" error(s), ")).and_then(|l| l.split(' ').next()?.parse().ok()).expect("the summary counts errors");
    assert!((1..=20).contains(&errors), "{errors}");
    let o = run(&["import", "--max-errors", &(errors - 1).to_string(), "--db", db.to_str().unwrap()], &[&bad]);
    assert_eq!(o.status.code(), Some(1), "one error over the limit still refuses");
    assert_eq!(db_bytes(&db), before);
    let o = run(&["import", "--max-errors", &errors.to_string(), "--db", db.to_str().unwrap()], &[&bad]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("snapshot 2"));

    // The same files again are already snapshot 2: their findings come from the
    // store, and the limit still holds for them.
    let second = db_bytes(&db);
    let list = out.path().join("again.csv");
    let o = run(&["import", "--db", db.to_str().unwrap(), "--findings", list.to_str().unwrap()], &[&bad]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("Import refused") && text(&o).contains(&format!("{errors} error(s)")), "{}", text(&o));
    assert!(std::fs::read_to_string(&list).unwrap().contains("31/02/2024"));
    assert_eq!(db_bytes(&db), second);
    let o = run(&["import", "--max-errors", &errors.to_string(), "--db", db.to_str().unwrap()], &[&bad]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("already snapshot 2") && text(&o).contains("31/02/2024"), "{}", text(&o));
    assert_eq!(db_bytes(&db), second);

    // A refused import into a database that does not exist yet creates nothing.
    let fresh = out.path().join("fresh.sqlite");
    let o = run(&["import", "--db", fresh.to_str().unwrap()], &[&bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!fresh.exists());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Kills imports at many moments; whatever the moment, the database opens
/// and holds the earlier snapshot intact, and at most one new one.
#[test]
fn an_import_killed_part_way_leaves_only_whole_snapshots() {
    let out = tempfile::tempdir().unwrap();
    let big = out.path().join("medium");
    let o = run(&["synth", "--seed", "5", "--size", "medium", "--years", "2", "--until", "2024-25", "--out"], &[&big]);
    assert!(o.status.success());
    let db = out.path().join("c.sqlite");
    assert!(run(&["import", "--db", db.to_str().unwrap()], &[small()]).status.success());
    let mut completed = 0;
    let mut killed = 0;
    for delay_ms in (150..3000).step_by(170) {
        let mut child = scrutiny()
            .args(["import", "--db", db.to_str().unwrap()])
            .arg(&big)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        match child.try_wait().unwrap() {
            Some(_) => completed += 1,
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                killed += 1;
            }
        }
        let o = run(&["snapshots", "--json", "--db", db.to_str().unwrap()], &[]);
        assert!(o.status.success(), "after a kill at {delay_ms} ms the database must open: {}", text(&o));
        let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let n = list.as_array().unwrap().len();
        assert!(n == 1 || n == 2, "only whole snapshots: {n}");
        assert!(list[0]["children"].as_u64().unwrap() > 1000, "the first snapshot is intact");
        if n == 2 {
            break;
        }
    }
    assert!(killed > 0, "at least one import was killed part-way (completed {completed})");
    let store = Command::new("sqlite3").arg(&db).arg("PRAGMA integrity_check;").output();
    if let Ok(o) = store {
        if o.status.success() {
            assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "ok");
        }
    }
}

/// A first import writes straight into the file with a rollback journal beside
/// it. Killed while that journal exists, the import leaves a store that opens
/// with no snapshot, back in WAL mode, and takes the import again.
#[test]
fn a_first_import_killed_while_writing_leaves_an_empty_store() {
    let out = tempfile::tempdir().unwrap();
    let db = out.path().join("first.sqlite");
    let journal = PathBuf::from(format!("{}-journal", db.display()));
    let mut killed_while_writing = false;
    for _attempt in 0..10 {
        let _ = std::fs::remove_file(&db);
        let mut child = scrutiny()
            .args(["import", "--db", db.to_str().unwrap()])
            .arg(small())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        while child.try_wait().unwrap().is_none() && !journal.exists() {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            killed_while_writing = journal.exists();
        }
        if killed_while_writing {
            break;
        }
    }
    assert!(killed_while_writing, "no import was caught while writing");
    let o = run(&["snapshots", "--json", "--db", db.to_str().unwrap()], &[]);
    assert!(o.status.success(), "the database opens: {}", text(&o));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0, "no part of the killed import is kept");
    assert!(!journal.exists(), "opening rolled the journal back");
    if let Ok(o) = Command::new("sqlite3").arg(&db).arg("PRAGMA integrity_check; PRAGMA journal_mode;").output() {
        if o.status.success() {
            assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "ok\nwal");
        }
    }
    let o = run(&["import", "--db", db.to_str().unwrap()], &[small()]);
    assert!(text(&o).contains("Imported snapshot 1"), "{}", text(&o));
}

#[test]
fn bad_inputs_get_clear_messages_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let xml = std::fs::read_to_string(small().join("2024-25/cin_census.xml")).unwrap();
    let workbook = std::fs::read(small().join("2024-25/annex_a/annex_a.xlsx")).unwrap();
    let csww = std::fs::read(small().join("2024-25/csww_2024.xml")).unwrap();
    let no_lists = {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().set_name("Budget").unwrap().write_string(0, 0, "Cost centre").unwrap();
        book.save_to_buffer().unwrap()
    };
    let annex_a_bad_code =
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source\nA1,z) Boy,a) WBRI,01/02/2015,10,01/02/2025,1A\n"
            .to_string();
    let cases: Vec<(&str, Vec<u8>, i32, &str)> = vec![
        ("truncated.xml", xml.as_bytes()[..xml.len() / 2].to_vec(), 2, "truncated"),
        ("wrong_header.csv", b"CHILD,DECOMM,RNE,LS\nA,01/01/2024,S,C2\n".to_vec(), 2, "looks like the SSDA903 episodes table"),
        ("binary.csv", vec![0u8, 159, 146, 150, 0, 1, 2], 2, "binary data"),
        ("empty.csv", Vec::new(), 2, "empty"),
        (
            "impossible_date.csv",
            format!(
                "{}\nA1,31/02/2024,S,C2,N1,U6,PR1,,,,NB1,NB2,XXXXXXX\n",
                "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
            )
            .into_bytes(),
            1,
            "'31/02/2024' is not a real date",
        ),
        ("spaces.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,M,01/02/2010,WBRI ,UN1,,\n".as_bytes().to_vec(), 0, "spaces around"),
        ("truncated.xlsx", workbook[..workbook.len() / 2].to_vec(), 2, "not a readable Excel workbook"),
        ("no_lists.xlsx", no_lists, 2, "no sheet of this workbook holds an Annex A list (sheets: Budget)"),
        (
            "wrong_header_annex_a.csv",
            b"Child Unique ID,Gender,Date of Contct,Contact Source\nA1,a) Male,01/02/2025,1A\n".to_vec(),
            2,
            "not the columns that mark a list",
        ),
        ("annex_a_bad_code.csv", annex_a_bad_code.into_bytes(), 1, "is not an answer Gender allows"),
        ("truncated_csww.xml", csww[..csww.len() / 2].to_vec(), 2, "truncated or not well-formed"),
    ];
    for (name, bytes, code, needle) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = run(&["validate"], &[&p]);
        assert_eq!(o.status.code(), Some(code), "{name}: {}", text(&o));
        assert!(text(&o).contains(needle), "{name}: expected '{needle}' in {}", text(&o));
        assert!(!text(&o).contains("panicked"), "{name}");
    }
    // A 2 GB file is refused without reading it (sparse, so it costs no disk).
    let huge = dir.path().join("huge.csv");
    std::fs::File::create(&huge).unwrap().set_len(2 << 30).unwrap();
    let o = run(&["validate"], &[&huge]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("1 GB"), "{}", text(&o));
    // A path that does not exist, and usage errors.
    let o = run(&["validate"], &[&dir.path().join("nope.xml")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("cannot open"));
    assert_eq!(run(&["validate"], &[]).status.code(), Some(2));
    assert_eq!(run(&["import", "--db"], &[]).status.code(), Some(2));
}

/// The rule each injected fault must be reported under, by file kind and field.
fn expected_rule(kind: &str, field: &str) -> &'static str {
    match (kind, field) {
        ("missing_date", "CINreferralDate") => "8600",
        ("missing_date", "DECOM") => "141",
        ("end_before_start", "CINclosureDate") => "8630",
        ("end_before_start", "DEC") => "356",
        ("bad_code", "ReferralSource") => "8866",
        ("bad_code", "PLACE") => "146",
        ("bad_code", "LS") => "144",
        ("bad_code", "RNE") => "143",
        ("duplicate_child", "LAchildID") => "8510",
        ("duplicate_child", "CHILD") => "INT32",
        ("overlapping_episodes", "DECOM") => "433",
        other => panic!("no expected rule for {other:?}"),
    }
}

/// Every fault the generator injects is found under the right rule for the
/// right child and field; every other error concerns a child with a fault
/// (a consequence of it, such as last year's bad code carried forward).
#[test]
fn every_injected_fault_is_found_and_nothing_else_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("faulty");
    let o = run(&["synth", "--seed", "7", "--size", "small", "--years", "3", "--until", "2024-25", "--errors", "0.02", "--out"], &[&data]);
    assert!(o.status.success());
    let list = dir.path().join("findings.json");
    let o = run(&["validate", "--out", list.to_str().unwrap()], &[&data]);
    assert_eq!(o.status.code(), Some(1), "faults are errors");
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(&list).unwrap()).unwrap();
    let faults: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(data.join("faults_manifest.json")).unwrap()).unwrap();
    assert!(faults.len() >= 50, "{}", faults.len());
    let errors: Vec<&serde_json::Value> = findings.iter().filter(|f| f["severity"] == "error").collect();
    for fault in &faults {
        let file = data.join(fault["year"].as_str().unwrap()).join(fault["file"].as_str().unwrap());
        let rule = expected_rule(fault["kind"].as_str().unwrap(), fault["field"].as_str().unwrap());
        let found =
            errors.iter().any(|e| e["file"].as_str() == file.to_str() && e["child"] == fault["child"] && e["field"] == fault["field"] && e["rule"] == rule);
        assert!(found, "fault not reported under rule {rule}: {fault}");
    }
    let faulty: std::collections::BTreeSet<&str> = faults.iter().map(|f| f["child"].as_str().unwrap()).collect();
    for e in &errors {
        let child = e["child"].as_str().unwrap_or("");
        assert!(faulty.contains(child), "an error on a child with no injected fault: {e}");
    }
}
