//! The store against real SQLite files in temporary directories.

use rusqlite::Connection;
use scrutiny_ingest::{Issue, Severity};
use scrutiny_model::{Council, Dataset};
use scrutiny_store::{FileMeta, Import, ImportOutcome, Store, StoreError};
use scrutiny_synth::{generate, Options, Size, SyntheticCouncil};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One small synthetic council shared by every test: generating it is the slow part.
fn council() -> &'static SyntheticCouncil {
    static COUNCIL: OnceLock<SyntheticCouncil> = OnceLock::new();
    COUNCIL.get_or_init(|| generate(&Options { seed: 11, size: Size::Small, years: 2, until: "2024-25".parse().unwrap(), error_rate: 0.0 }))
}

fn files(tag: &str) -> Vec<FileMeta> {
    vec![
        FileMeta { path: "returns/cin_2024-25.xml".into(), hash: format!("{tag}-cin"), bytes: 1_234_567, format: "cin-xml".into() },
        FileMeta { path: "returns/903_header.csv".into(), hash: format!("{tag}-903"), bytes: 89_012, format: "903-csv".into() },
    ]
}

fn import<'a>(files: &'a [FileMeta], council: Option<&'a Council>, dataset: &'a Dataset, issues: &'a [Issue]) -> Import<'a> {
    Import { files, council, dataset, issues }
}

fn created(outcome: ImportOutcome) -> i64 {
    match outcome {
        ImportOutcome::Created(info) => info.id,
        ImportOutcome::Unchanged(info) => panic!("expected a new snapshot, got Unchanged({})", info.id),
    }
}

fn db_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("council.scrutiny")
}

/// A new store in a temporary directory whose snapshot 1 holds the shared
/// council's first `n` children; the directory lives as long as it is held.
fn stored_children(n: usize) -> (tempfile::TempDir, PathBuf, Dataset) {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let dataset = Dataset { children: council().dataset.children[..n].to_vec(), ..Dataset::default() };
    Store::open(&path).unwrap().import(&import(&files("a"), None, &dataset, &[])).unwrap();
    (dir, path, dataset)
}

fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

fn some_issues() -> Vec<Issue> {
    vec![
        Issue {
            severity: Severity::Error,
            rule: "8500".into(),
            file: "returns/cin_2024-25.xml".into(),
            line: Some(42),
            child: Some("C000123".into()),
            field: Some("PersonBirthDate".into()),
            value: Some("2030-01-01".into()),
            message: "Date of birth is after the end of the census year: correct it in the case record.".into(),
        },
        Issue {
            severity: Severity::Warning,
            rule: "SCR-XML".into(),
            file: "returns/cin_2024-25.xml".into(),
            line: None,
            child: None,
            field: None,
            value: None,
            message: "Header LEA 'x' isn't the council's — check the file's origin (naïve café ✓)".into(),
        },
        Issue {
            severity: Severity::Query,
            rule: "103Q".into(),
            file: "returns/903_header.csv".into(),
            line: Some(u32::MAX),
            child: Some("C000999".into()),
            field: Some("ETHNIC".into()),
            value: Some(String::new()),
            message: "Ethnicity not recorded.".into(),
        },
        Issue {
            severity: Severity::Error,
            rule: "8500".into(),
            file: "returns/cin_2024-25.xml".into(),
            line: Some(1),
            child: Some("C000001".into()),
            field: None,
            value: Some("'; DROP TABLE issues; --".into()),
            message: "Second error, to check order and counts.".into(),
        },
    ]
}

#[test]
fn a_small_council_reads_back_exactly() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let files = files("a");
    let outcome = store.import(&import(&files, Some(&synthetic.council), &synthetic.dataset, &[])).unwrap();
    let info = outcome.snapshot().clone();
    assert!(matches!(outcome, ImportOutcome::Created(_)));
    assert_eq!(info.id, 1);
    assert_eq!(info.files, files);
    let dataset = &synthetic.dataset;
    assert!(dataset.children.len() > 1000, "the synthetic council should be substantial");
    assert_eq!(info.children, dataset.children.len() as u64);
    assert_eq!(info.referrals, dataset.children.iter().map(|c| c.referrals.len() as u64).sum::<u64>());
    assert_eq!(info.care_episodes, dataset.children.iter().map(|c| c.care_episodes.len() as u64).sum::<u64>());
    assert_eq!(info.workers, dataset.workers.len() as u64);
    assert_eq!((info.errors, info.warnings, info.queries), (0, 0, 0));
    assert!(chrono::DateTime::parse_from_rfc3339(&info.imported_at).is_ok(), "imported_at {} is RFC 3339", info.imported_at);

    // Read back through a fresh connection, so nothing comes from memory.
    drop(store);
    let store = Store::open(&db_path(&dir)).unwrap();
    assert_eq!(store.dataset(1).unwrap(), *dataset);
    assert_eq!(store.council(1).unwrap().as_ref(), Some(&synthetic.council));
    assert_eq!(store.latest().unwrap(), Some(info.clone()));
    assert_eq!(store.snapshots().unwrap(), vec![info]);
}

#[test]
fn the_query_tables_hold_every_referral_and_care_episode() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    store.import(&import(&files("a"), Some(&synthetic.council), &synthetic.dataset, &[])).unwrap();
    store.close().unwrap();

    let conn = Connection::open(db_path(&dir)).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |row| row.get::<_, i64>(0)).unwrap() as usize;
    let children = &synthetic.dataset.children;
    assert_eq!(count("SELECT count(*) FROM children WHERE snapshot_id = 1"), children.len());
    assert_eq!(count("SELECT count(*) FROM referrals WHERE snapshot_id = 1"), children.iter().map(|c| c.referrals.len()).sum::<usize>());
    assert_eq!(count("SELECT count(*) FROM care_episodes WHERE snapshot_id = 1"), children.iter().map(|c| c.care_episodes.len()).sum::<usize>());
    assert_eq!(count("SELECT count(*) FROM workers WHERE snapshot_id = 1"), synthetic.dataset.workers.len());
    assert_eq!(count("SELECT count(*) FROM teams WHERE snapshot_id = 1"), synthetic.dataset.teams.len());
    assert_eq!(count("SELECT count(*) FROM workforce_returns WHERE snapshot_id = 1"), synthetic.dataset.workforce_returns.len());

    // An analyst's question in plain SQL matches the same question in Rust.
    let nfa_2024 = children.iter().flat_map(|c| &c.referrals).filter(|r| r.nfa && r.date.to_string().starts_with("2024")).count();
    assert_eq!(count("SELECT count(*) FROM referrals WHERE snapshot_id = 1 AND nfa = 1 AND referral_date LIKE '2024-%'"), nfa_2024);
    let open_episodes = children.iter().flat_map(|c| &c.care_episodes).filter(|e| e.end.is_none()).count();
    assert!(open_episodes > 0);
    assert_eq!(count("SELECT count(*) FROM care_episodes WHERE snapshot_id = 1 AND end_date IS NULL"), open_episodes);
    // Key columns agree with the JSON record they sit beside.
    let (id, birth): (String, Option<String>) = conn
        .query_row("SELECT child_id, birth_date FROM children WHERE snapshot_id = 1 ORDER BY position LIMIT 1 OFFSET 7", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(id, children[7].id);
    assert_eq!(birth, children[7].birth_date.map(|d| d.to_string()));
    let from_json: String =
        conn.query_row("SELECT json_extract(record, '$.id') FROM children WHERE snapshot_id = 1 AND child_id = ?1", [&children[7].id], |r| r.get(0)).unwrap();
    assert_eq!(from_json, children[7].id);
}

#[test]
fn reimporting_the_same_files_is_unchanged() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let first = files("a");
    let id = created(store.import(&import(&first, Some(&synthetic.council), &synthetic.dataset, &[])).unwrap());

    // The same set of hashes in another order, under other paths, is the same import.
    let mut again = first.clone();
    again.reverse();
    again[0].path = "elsewhere/cin.xml".into();
    let empty = Dataset::default();
    match store.import(&import(&again, None, &empty, &some_issues())).unwrap() {
        ImportOutcome::Unchanged(info) => {
            assert_eq!(info.id, id);
            assert_eq!(info.files, first, "the stored snapshot is returned as it was");
        }
        ImportOutcome::Created(info) => panic!("re-import created snapshot {}", info.id),
    }
    assert_eq!(store.snapshots().unwrap().len(), 1);
    assert_eq!(store.dataset(id).unwrap(), synthetic.dataset, "nothing of the second import was written");
    assert!(store.issues(id).unwrap().is_empty());
}

#[test]
fn a_changed_file_makes_a_second_snapshot_and_keeps_the_first() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let first_files = files("a");
    assert_eq!(created(store.import(&import(&first_files, Some(&synthetic.council), &synthetic.dataset, &[])).unwrap()), 1);

    let mut second_files = first_files.clone();
    second_files[1].hash = "b-903".into();
    let mut changed = synthetic.dataset.clone();
    changed.children.truncate(changed.children.len() / 2);
    changed.children[0].forename = Some("Changed".into());
    let issues = some_issues();
    assert_eq!(created(store.import(&import(&second_files, None, &changed, &issues)).unwrap()), 2);

    drop(store);
    let store = Store::open(&db_path(&dir)).unwrap();
    let snapshots = store.snapshots().unwrap();
    assert_eq!(snapshots.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1, 2], "oldest first");
    assert_eq!(snapshots[1].files, second_files);
    assert_eq!(snapshots[1].children, changed.children.len() as u64);
    assert_eq!(store.latest().unwrap().map(|s| s.id), Some(2));
    assert_eq!(store.dataset(1).unwrap(), synthetic.dataset);
    assert_eq!(store.council(1).unwrap().as_ref(), Some(&synthetic.council));
    assert!(store.issues(1).unwrap().is_empty());
    assert_eq!(store.dataset(2).unwrap(), changed);
    assert_eq!(store.council(2).unwrap(), None);
    assert_eq!(store.issues(2).unwrap(), issues);

    // Going back to the first files is a change from the latest, so a third snapshot.
    drop(store);
    let mut store = Store::open(&db_path(&dir)).unwrap();
    assert_eq!(created(store.import(&import(&first_files, Some(&synthetic.council), &synthetic.dataset, &[])).unwrap()), 3);
}

#[test]
fn a_failed_import_leaves_the_file_byte_for_byte_as_it_was() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    store.import(&import(&files("a"), Some(&synthetic.council), &synthetic.dataset, &some_issues())).unwrap();
    store.close().unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(std::fs::metadata(wal_path(&path)).map_or(true, |m| m.len() == 0), "close leaves nothing in the WAL");

    // The last child appears twice: everything before it (snapshot row, files,
    // council, every other child, their referrals and episodes) is written
    // first, then the primary key refuses it.
    let mut broken = synthetic.dataset.clone();
    let last = broken.children.last().unwrap().clone();
    broken.children.push(last.clone());
    let mut store = Store::open(&path).unwrap();
    let error = store.import(&import(&files("b"), Some(&synthetic.council), &broken, &some_issues())).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Sql { .. }), "{error:?}");
    assert!(message.contains(&last.id) && message.contains("council.scrutiny"), "message names the child and the file: {message}");
    assert_eq!(store.snapshots().unwrap().len(), 1, "no snapshot was added");
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before, "the database file changed after a failed import");

    // The store is still usable and the next snapshot takes the next id.
    let mut store = Store::open(&path).unwrap();
    assert_eq!(created(store.import(&import(&files("b"), None, &synthetic.dataset, &[])).unwrap()), 2);
    assert_eq!(store.dataset(1).unwrap(), synthetic.dataset);
}

#[test]
fn opening_a_file_that_is_not_a_database_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let text = "This is a text file, not a database.\n".repeat(200);
    std::fs::write(&path, &text).unwrap();
    let error = Store::open(&path).err().expect("a text file must not open");
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error:?}");
    assert!(error.to_string().contains("notes.txt"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file is left untouched");

    // Another program's SQLite database is refused too, not migrated into.
    let other = dir.path().join("other.db");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE orders (id INTEGER PRIMARY KEY)").unwrap();
    let error = Store::open(&other).err().expect("someone else's database must not open");
    assert!(matches!(error, StoreError::NotScrutiny { .. }), "{error:?}");

    // A directory that does not exist.
    let error = Store::open(&dir.path().join("missing").join("council.scrutiny")).err().expect("no directory");
    assert!(matches!(error, StoreError::Open { .. }), "{error:?}");
}

#[test]
fn migrations_are_applied_once_and_reopening_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    // One per file in migrations/, however many there are.
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap().count() as i64;
    let version = |path: &Path| Connection::open(path).unwrap().pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap();
    let mut store = Store::open(&path).unwrap();
    let small = Dataset { children: council().dataset.children[..50].to_vec(), ..Dataset::default() };
    store.import(&import(&files("a"), None, &small, &[])).unwrap();
    drop(store);
    assert_eq!(version(&path), migrations);
    for _ in 0..3 {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.snapshots().unwrap().len(), 1);
        assert_eq!(store.dataset(1).unwrap(), small);
    }
    assert_eq!(version(&path), migrations);
    let mode: String = Connection::open(&path).unwrap().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal", "WAL mode persists in the file");

    // A file from a newer Scrutiny is refused rather than misread.
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let error = Store::open(&path).err().expect("newer schema");
    assert!(matches!(error, StoreError::NewerSchema { found: 99, known, .. } if known == migrations), "{error:?}");
}

#[test]
fn issues_read_back_in_order_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let issues = some_issues();
    let empty = Dataset::default();
    let info = store.import(&import(&files("a"), None, &empty, &issues)).unwrap().snapshot().clone();
    assert_eq!((info.errors, info.warnings, info.queries), (2, 1, 1));
    assert_eq!(store.issues(info.id).unwrap(), issues);
    assert_eq!(store.dataset(info.id).unwrap(), empty);
}

#[test]
fn awkward_values_round_trip() {
    // Floats that need every digit, text that needs escaping, unsorted children.
    let mut dataset = council().dataset.clone();
    let looked_after = dataset.children.iter().find(|c| !c.care_episodes.is_empty()).expect("a looked-after child").clone();
    dataset.children.retain(|c| c.id != looked_after.id);
    dataset.children.truncate(19);
    dataset.children.push(looked_after);
    dataset.children.reverse();
    dataset.children[0].forename = Some("Zoë \"Quote\" O'Brien \\ 👩‍👧\n\t".into());
    let worker = &mut dataset.workers[0];
    worker.fte = 0.1 + 0.2;
    // Sums like these are what a reader computes (0.97 + 0.97 days, ...); serde_json's
    // default float parser reads 113.92920000000001 back one bit off.
    dataset.workers[1].fte = 113.92920000000001;
    let worker = &mut dataset.workers[0];
    worker.sickness_days = vec![(2023, 1.0 / 3.0), (2024, 2.0_f64.sqrt()), (2025, f64::MIN_POSITIVE), (2026, 1e300)];
    dataset.workforce_returns[0].vacancies_fte = std::f64::consts::PI * 1e-7;
    dataset.workforce_returns[0].agency_cover_fte = 123_456.789_012_345_67;
    dataset.children[0].care_episodes[0].distance_miles = Some(1.0 / 3.0);

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let id = created(store.import(&import(&files("a"), None, &dataset, &[])).unwrap());
    let back = store.dataset(id).unwrap();
    assert_eq!(back.workers[..2], dataset.workers[..2]);
    assert_eq!(back.workforce_returns[0], dataset.workforce_returns[0]);
    assert_eq!(back.children[0], dataset.children[0]);
    assert_eq!(back, dataset);
}

#[test]
fn asking_for_a_missing_snapshot_or_importing_no_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    assert_eq!(store.latest().unwrap(), None);
    assert!(store.snapshots().unwrap().is_empty());
    assert!(matches!(store.dataset(1), Err(StoreError::NoSuchSnapshot { snapshot: 1, .. })));
    assert!(matches!(store.council(7), Err(StoreError::NoSuchSnapshot { snapshot: 7, .. })));
    assert!(matches!(store.issues(7), Err(StoreError::NoSuchSnapshot { snapshot: 7, .. })));
    let empty = Dataset::default();
    assert!(matches!(store.import(&import(&[], None, &empty, &[])), Err(StoreError::NoFiles { .. })));
    assert!(store.snapshots().unwrap().is_empty());
}

#[test]
fn a_backup_opens_with_the_same_snapshots() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    store.import(&import(&files("a"), Some(&synthetic.council), &synthetic.dataset, &[])).unwrap();
    let issues = some_issues();
    let half = Dataset { children: synthetic.dataset.children[..100].to_vec(), ..synthetic.dataset.clone() };
    store.import(&import(&files("b"), None, &half, &issues)).unwrap();

    let error = store.backup(&dir.path().join(".").join("council.scrutiny")).unwrap_err();
    assert!(matches!(error, StoreError::BackupOntoItself { .. }), "{error:?}");

    let copy_path = dir.path().join("backup.scrutiny");
    // Overwrites whatever was there before.
    std::fs::write(&copy_path, b"").unwrap();
    store.backup(&copy_path).unwrap();
    let snapshots = store.snapshots().unwrap();
    drop(store);

    // The copy stands alone: the original can go.
    std::fs::remove_file(db_path(&dir)).unwrap();
    let copy = Store::open(&copy_path).unwrap();
    assert_eq!(copy.snapshots().unwrap(), snapshots);
    assert_eq!(copy.dataset(1).unwrap(), synthetic.dataset);
    assert_eq!(copy.council(1).unwrap().as_ref(), Some(&synthetic.council));
    assert_eq!(copy.dataset(2).unwrap(), half);
    assert_eq!(copy.issues(2).unwrap(), issues);
}

/// A record leaves out what is not known (a third of the bytes), and a record
/// that spells it out as null or an empty list, as earlier versions stored
/// them, reads back the same.
#[test]
fn records_leave_out_the_unknown_and_older_spelled_out_records_still_read() {
    let (_dir, path, dataset) = stored_children(200);
    let plain = dataset.children.iter().position(|c| c.care_episodes.is_empty() && c.death_date.is_none()).expect("a child never in care");

    let conn = Connection::open(&path).unwrap();
    let id = &dataset.children[plain].id;
    let record: String = conn.query_row("SELECT record FROM children WHERE child_id = ?1", [id], |r| r.get(0)).unwrap();
    assert!(!record.contains("null") && !record.contains("[]"), "{record}");
    assert!(!record.contains("\"care_episodes\"") && !record.contains("\"death_date\""), "{record}");
    // What an analyst's SQL sees is the same either way.
    let death: Option<String> = conn.query_row("SELECT json_extract(record, '$.death_date') FROM children WHERE child_id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(death, None);

    let mut spelled_out = serde_json::to_value(&dataset.children[plain]).unwrap();
    let fields = spelled_out.as_object_mut().unwrap();
    fields.insert("death_date".into(), serde_json::Value::Null);
    fields.insert("care_episodes".into(), serde_json::json!([]));
    fields.insert("adoption".into(), serde_json::Value::Null);
    conn.execute("UPDATE children SET record = ?1 WHERE child_id = ?2", [spelled_out.to_string(), id.clone()]).unwrap();
    drop(conn);
    assert_eq!(Store::open(&path).unwrap().dataset(1).unwrap(), dataset);
}

#[test]
fn a_damaged_record_is_reported_by_name_not_panicked_on() {
    // Enough children for several batches, so the damaged one is not in the first.
    let (_dir, path, dataset) = stored_children(3000);
    let victim = &dataset.children[2500].id;
    Connection::open(&path).unwrap().execute("UPDATE children SET record = '{\"id\": 1' WHERE child_id = ?1", [victim]).unwrap();

    let store = Store::open(&path).unwrap();
    let error = store.dataset(1).unwrap_err();
    assert!(matches!(error, StoreError::Corrupt { snapshot: 1, .. }), "{error:?}");
    assert!(error.to_string().contains(&format!("child '{victim}'")), "{error}");
}

#[test]
fn a_store_opens_and_reads_while_another_process_is_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    let issues = some_issues();
    let empty = Dataset::default();
    store.import(&import(&files("a"), None, &empty, &issues)).unwrap();
    drop(store);

    // Another connection holds the write lock, as an import in progress does.
    let writer = Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE; DELETE FROM issues;").unwrap();
    let started = std::time::Instant::now();
    let reader = Store::open(&path).unwrap();
    assert_eq!(reader.issues(1).unwrap(), issues, "readers see the last committed state");
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "opening waited for the writer's lock");
    writer.execute_batch("ROLLBACK").unwrap();
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn journal_mode(path: &Path) -> String {
    Connection::open(path).unwrap().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap()
}

#[test]
fn a_first_import_writes_its_pages_once_and_later_ones_go_through_the_wal() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    store.import(&import(&files("a"), Some(&synthetic.council), &synthetic.dataset, &some_issues())).unwrap();
    // Still open, so nothing has been checkpointed: the snapshot went straight into the file.
    assert!(file_len(&path) > 1_000_000, "the file holds the snapshot: {} bytes", file_len(&path));
    assert!(file_len(&wal_path(&path)) < 200_000, "the WAL holds no copy of it: {} bytes", file_len(&wal_path(&path)));
    assert_eq!(journal_mode(&path), "wal", "back in WAL mode for the dashboard's readers");

    store.import(&import(&files("b"), Some(&synthetic.council), &synthetic.dataset, &[])).unwrap();
    assert!(file_len(&wal_path(&path)) > 1_000_000, "with a snapshot held, an import goes through the WAL");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.snapshots().unwrap().len(), 2);
    assert_eq!(store.dataset(1).unwrap(), synthetic.dataset);
    assert_eq!(store.dataset(2).unwrap(), synthetic.dataset);
}

#[test]
fn a_first_import_while_another_process_has_the_file_open_goes_through_the_wal() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    let dashboard = Store::open(&path).unwrap();
    assert!(dashboard.snapshots().unwrap().is_empty());
    store.import(&import(&files("a"), None, &synthetic.dataset, &[])).unwrap();
    assert!(file_len(&wal_path(&path)) > 1_000_000, "the import could not leave WAL mode, so it wrote the WAL");
    assert_eq!(dashboard.snapshots().unwrap().len(), 1, "the other connection sees the snapshot");
    assert_eq!(dashboard.dataset(1).unwrap(), synthetic.dataset);
}

#[test]
fn a_failed_first_import_leaves_an_empty_store_in_wal_mode() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    Store::open(&path).unwrap().close().unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut broken = synthetic.dataset.clone();
    broken.children.push(broken.children[0].clone());
    let mut store = Store::open(&path).unwrap();
    assert!(store.import(&import(&files("a"), None, &broken, &[])).is_err());
    assert!(store.snapshots().unwrap().is_empty());
    drop(store);
    assert_eq!(journal_mode(&path), "wal");
    assert!(!Path::new(&format!("{}-journal", path.display())).exists(), "no rollback journal is left");
    // Leaving WAL mode and coming back each count as a change in the header's
    // change counter (and its copy); every other byte is as it was.
    let without_counters = |mut bytes: Vec<u8>| {
        bytes[24..28].fill(0);
        bytes[92..96].fill(0);
        bytes
    };
    assert_eq!(without_counters(std::fs::read(&path).unwrap()), without_counters(before), "the file changed after a failed first import");
}

#[test]
fn indexes_set_aside_for_a_first_import_are_made_again_as_they_were() {
    let synthetic = council();
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let indexes = |path: &Path| -> Vec<(String, String, Option<String>)> {
        let conn = Connection::open(path).unwrap();
        let mut query = conn.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").unwrap();
        let rows = query.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let uses_index = |path: &Path, sql: &str, index: &str| -> bool {
        let conn = Connection::open(path).unwrap();
        let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details: Vec<String> = plan.query_map([], |r| r.get(3)).unwrap().collect::<Result<_, _>>().unwrap();
        details.iter().any(|d| d.contains(index))
    };
    Store::open(&path).unwrap().close().unwrap();
    let fresh = indexes(&path);
    assert!(fresh.iter().any(|(name, ..)| name == "referrals_by_date"), "{fresh:?}");

    let mut store = Store::open(&path).unwrap();
    store.import(&import(&files("a"), Some(&synthetic.council), &synthetic.dataset, &some_issues())).unwrap();
    drop(store);
    assert_eq!(indexes(&path), fresh, "every index is back, made by the same statement");
    let by_date = "SELECT child_id FROM referrals WHERE snapshot_id = 1 AND referral_date >= '2024-04-01'";
    assert!(uses_index(&path, by_date, "referrals_by_date"));
    let conn = Connection::open(&path).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok", "each index holds every row of its table");
    let (indexed, all): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM referrals INDEXED BY referrals_by_date WHERE snapshot_id = 1 AND referral_date > ''), (SELECT count(*) FROM referrals)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(all > 0);
    assert_eq!(indexed, all);
    drop(conn);

    // A later import finds the tables full and leaves their indexes be.
    let mut store = Store::open(&path).unwrap();
    created(store.import(&import(&files("b"), None, &synthetic.dataset, &[])).unwrap());
    drop(store);
    assert_eq!(indexes(&path), fresh);
    assert!(uses_index(&path, &by_date.replace("= 1", "= 2"), "referrals_by_date"));
}
