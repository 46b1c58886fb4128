//! Writing an import as a snapshot: one IMMEDIATE transaction, one prepared
//! statement per table reused for every row.

use crate::batch::{Batch, RecordError, BATCH_SIZE};
use crate::read::{self, severity_text, Db};
use crate::{Import, ImportOutcome, StoreError};
use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, ToSql, TransactionBehavior};
use scrutiny_ingest::Severity;
use scrutiny_model::Child;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

pub(crate) fn import(conn: &mut Connection, path: &Path, import: &Import<'_>) -> Result<ImportOutcome, StoreError> {
    if import.files.is_empty() {
        return Err(StoreError::NoFiles { path: path.to_path_buf() });
    }
    let fingerprint = fingerprint(import.files.iter().map(|f| f.hash.as_str()));
    let journal = Journal::for_import(conn, path)?;
    let imported = import_in_one_transaction(conn, path, import, &fingerprint);
    journal.restore(conn);
    imported
}

fn import_in_one_transaction(conn: &mut Connection, path: &Path, import: &Import<'_>, fingerprint: &str) -> Result<ImportOutcome, StoreError> {
    // Declared before the transaction, so it is dropped only after the
    // transaction has ended, committed or not: see `Writeback`.
    let _writeback;
    // IMMEDIATE takes the write lock now, so the unchanged check and the
    // write cannot interleave with another process's import.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|source| StoreError::Sql {
        path: path.to_path_buf(),
        doing: "starting the import".into(),
        source,
    })?;
    let db = Db { conn: &tx, path };
    if let Some((latest, latest_fingerprint)) = read::latest_fingerprint(&db)? {
        if latest_fingerprint == fingerprint {
            // Dropping the transaction rolls back; nothing was written.
            return Ok(ImportOutcome::Unchanged(read::snapshot(&db, latest)?));
        }
    }
    _writeback = crate::writeback::Writeback::start(&pages_written_to(&db)?);
    let deferred = DeferredIndexes::drop_on_empty_tables(&db)?;
    let snapshot = write_snapshot(&db, import, fingerprint)?;
    deferred.create(&db)?;
    let info = read::snapshot(&db, snapshot)?;
    tx.commit().map_err(|source| StoreError::Sql { path: path.to_path_buf(), doing: "committing the import".into(), source })?;
    Ok(ImportOutcome::Created(info))
}

/// The journal mode an import set out in. (Another process opening the store
/// may still put it back in WAL mode before the import's transaction begins:
/// `pages_written_to` asks SQLite which it is.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Journal {
    /// Written to the WAL, then copied into the file at the checkpoint.
    Wal,
    /// Written straight into the file, the old contents of any page changed
    /// kept in a rollback journal until the commit.
    Rollback,
}

impl Journal {
    /// A first import writes a whole council's history, and almost every page
    /// it writes is new. A rollback journal holds only the few pages changed,
    /// so each new page is written once, where the WAL writes it twice (about
    /// 0.14 s of the 0.7 s a large council takes to store). Leaving WAL mode
    /// needs every other connection closed, so it is only tried while the
    /// store holds no snapshot (no dashboard has anything to show), and it
    /// fails at once, rather than waiting, when another process has the file
    /// open: that import goes through the WAL.
    fn for_import(conn: &Connection, path: &Path) -> Result<Journal, StoreError> {
        let db = Db { conn, path };
        if read::latest_fingerprint(&db)?.is_some() {
            return Ok(Journal::Wal);
        }
        match conn.pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => Ok(Journal::Rollback),
            _ => Ok(Journal::Wal),
        }
    }

    /// Back to WAL mode, so readers never wait on the next import. Killed
    /// before this, the file is left with a rollback journal, which the next
    /// open rolls back (if the import did not commit) before setting WAL again.
    fn restore(self, conn: &Connection) {
        if self == Journal::Rollback {
            // Every open sets WAL mode too, so a failure here (another process
            // reading at this moment) only delays it.
            let _ = conn.pragma_update(None, "journal_mode", "WAL");
        }
    }
}

/// The file a transaction's pages are written to before its commit: the WAL,
/// or under a rollback journal the database file itself. Asked of SQLite once
/// the transaction holds the write lock, when no other process can change the
/// journal mode: another process opening the store may have put it back in
/// WAL mode since `Journal::for_import`.
fn pages_written_to(db: &Db<'_>) -> Result<PathBuf, StoreError> {
    let mode: String = db.conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).map_err(|e| db.sql_error(e, "reading the journal mode"))?;
    Ok(if mode.eq_ignore_ascii_case("wal") { crate::writeback::wal_path(db.path) } else { db.path.to_path_buf() })
}

/// Indexes of tables that hold no rows yet (as in a first import), dropped
/// before the snapshot is written and made again after it. Sorting a table's
/// keys once is far cheaper than placing each row's key in the index as it is
/// inserted: referrals by date arrive in no order. Inside the import's
/// transaction, so a refused or interrupted import leaves them as they were.
struct DeferredIndexes {
    /// Each index's name and the statement that made it, as the schema holds it.
    indexes: Vec<(String, String)>,
}

impl DeferredIndexes {
    fn drop_on_empty_tables(db: &Db<'_>) -> Result<DeferredIndexes, StoreError> {
        // Indexes a statement made: a key's own index (no SQL) cannot be dropped.
        let mut listed = db
            .conn
            .prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .map_err(|e| db.sql_error(e, "listing indexes"))?;
        let all: Vec<(String, String, String)> = listed
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| db.sql_error(e, "listing indexes"))?;
        let mut indexes = Vec::new();
        for (name, table, sql) in all {
            let empty: bool = db
                .conn
                .query_row(&format!("SELECT NOT EXISTS (SELECT 1 FROM \"{}\")", table.replace('"', "\"\"")), [], |row| row.get(0))
                .map_err(|e| db.sql_error(e, format!("looking into table {table}")))?;
            if empty {
                db.conn
                    .execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))
                    .map_err(|e| db.sql_error(e, format!("setting index {name} aside")))?;
                indexes.push((name, sql));
            }
        }
        Ok(DeferredIndexes { indexes })
    }

    fn create(self, db: &Db<'_>) -> Result<(), StoreError> {
        for (name, sql) in self.indexes {
            db.conn.execute_batch(&sql).map_err(|e| db.sql_error(e, format!("making index {name}")))?;
        }
        Ok(())
    }
}

/// The set of file hashes as one comparable value: sorted, distinct, joined.
/// The hashes are already digests, so joining them (rather than hashing
/// again) keeps the comparison exact.
pub(crate) fn fingerprint<'h>(hashes: impl IntoIterator<Item = &'h str>) -> String {
    let mut hashes: Vec<&str> = hashes.into_iter().collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.join(",")
}

fn write_snapshot(db: &Db<'_>, import: &Import<'_>, fingerprint: &str) -> Result<i64, StoreError> {
    let dataset = import.dataset;
    let severity_count = |severity: Severity| import.issues.iter().filter(|i| i.severity == severity).count() as u64;
    let referrals: usize = dataset.children.iter().map(|c| c.referrals.len()).sum();
    let care_episodes: usize = dataset.children.iter().map(|c| c.care_episodes.len()).sum();
    db.conn
        .execute(
            "INSERT INTO snapshots (imported_at, fingerprint, children, referrals, care_episodes, workers, errors, warnings, queries)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
                fingerprint,
                dataset.children.len() as u64,
                referrals as u64,
                care_episodes as u64,
                dataset.workers.len() as u64,
                severity_count(Severity::Error),
                severity_count(Severity::Warning),
                severity_count(Severity::Query),
            ],
        )
        .map_err(|e| db.sql_error(e, "recording the snapshot"))?;
    let snapshot = db.conn.last_insert_rowid();

    write_files(db, snapshot, import)?;
    if let Some(council) = import.council {
        db.conn
            .execute(
                "INSERT INTO snapshot_council (snapshot_id, la_code, la_name, region, record) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![snapshot, council.la_code, council.la_name, council.region, json(db, || "the council", council)?],
            )
            .map_err(|e| db.sql_error(e, "writing the council"))?;
    }
    write_children(db, snapshot, import)?;
    write_workforce(db, snapshot, import)?;
    write_issues(db, snapshot, import)?;
    Ok(snapshot)
}

fn write_files(db: &Db<'_>, snapshot: i64, import: &Import<'_>) -> Result<(), StoreError> {
    let mut insert = db
        .conn
        .prepare("INSERT INTO snapshot_files (snapshot_id, seq, path, hash, bytes, format) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .map_err(|e| db.sql_error(e, "preparing to write files"))?;
    for (seq, file) in import.files.iter().enumerate() {
        insert
            .execute(params![snapshot, seq as i64, file.path, file.hash, file.bytes, file.format])
            .map_err(|e| db.sql_error(e, format!("recording file {}", file.path)))?;
    }
    Ok(())
}

/// Writes the children with their referrals and care episodes. Encoding the
/// JSON records takes about as long as SQLite takes to store them, so a
/// second thread encodes the next batch while this one inserts.
fn write_children(db: &Db<'_>, snapshot: i64, import: &Import<'_>) -> Result<(), StoreError> {
    let children = &import.dataset.children;
    std::thread::scope(|scope| {
        // Bounded, so the encoder stays only a few batches ahead.
        let (send_batch, batches) = mpsc::sync_channel::<Result<Batch, RecordError>>(4);
        // Used batches go back to the encoder: reusing their buffers saves an
        // allocation per record and the cost of freeing across threads.
        let (send_spare, spares) = mpsc::channel::<Batch>();
        scope.spawn(move || {
            for (number, chunk) in children.chunks(BATCH_SIZE).enumerate() {
                let mut batch = spares.try_recv().unwrap_or_default();
                let encoded = batch.encode(chunk).map(|()| batch).map_err(|(i, e)| (number * BATCH_SIZE + i, e));
                let failed = encoded.is_err();
                // A closed channel means the import failed on the other side: stop.
                if send_batch.send(encoded).is_err() || failed {
                    return;
                }
            }
        });
        let mut rows = ChildRows::prepare(db, snapshot)?;
        for (chunk, batch) in children.chunks(BATCH_SIZE).zip(batches) {
            let batch = batch.map_err(|(position, source)| StoreError::Encode {
                path: db.path.to_path_buf(),
                what: format!("child '{}'", children.get(position).map_or("?", |c| c.id.as_str())),
                source,
            })?;
            for (child, record) in chunk.iter().zip(batch.records()) {
                rows.write(db, child, record)?;
            }
            // The encoder may have finished already; then the batch is just dropped.
            let _ = send_spare.send(batch);
        }
        // Every batch arrived: the encoder only stops early on an error, handled
        // above, or by panicking, which the scope passes on rather than commit.
        Ok(())
    })
}

/// The prepared inserts for a child and its query-table rows.
struct ChildRows<'c> {
    snapshot: i64,
    written: usize,
    child: rusqlite::Statement<'c>,
    referral: rusqlite::Statement<'c>,
    episode: rusqlite::Statement<'c>,
}

impl<'c> ChildRows<'c> {
    fn prepare(db: &Db<'c>, snapshot: i64) -> Result<ChildRows<'c>, StoreError> {
        let prepare = |sql: &str| db.conn.prepare(sql).map_err(|e| db.sql_error(e, "preparing to write children"));
        Ok(ChildRows {
            snapshot,
            written: 0,
            child: prepare("INSERT INTO children (snapshot_id, child_id, position, birth_date, sex, ethnicity, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?,
            referral: prepare(
                "INSERT INTO referrals (snapshot_id, child_id, seq, referral_id, referral_date, source, nfa, closure_date, closure_reason, team_id, worker_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            episode: prepare(
                "INSERT INTO care_episodes (snapshot_id, child_id, seq, start_date, end_date, reason_new, legal_status, placement, provider, reason_ceased)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
        })
    }

    fn write(&mut self, db: &Db<'_>, child: &Child, record: &str) -> Result<(), StoreError> {
        let snapshot = self.snapshot;
        self.child
            .execute(params![snapshot, child.id, self.written as i64, child.birth_date.map(SqlDate::new), child.sex.code(), child.ethnicity.code(), record,])
            .map_err(|e| db.sql_error(e, format!("writing child '{}'", child.id)))?;
        for (seq, r) in child.referrals.iter().enumerate() {
            self.referral
                .execute(params![
                    snapshot,
                    child.id,
                    seq as i64,
                    r.id,
                    SqlDate::new(r.date),
                    r.source.code(),
                    r.nfa,
                    r.closure_date.map(SqlDate::new),
                    r.closure_reason.map(|c| c.code()),
                    r.team,
                    r.worker,
                ])
                .map_err(|e| db.sql_error(e, format!("writing referral '{}' of child '{}'", r.id, child.id)))?;
        }
        for (seq, e) in child.care_episodes.iter().enumerate() {
            self.episode
                .execute(params![
                    snapshot,
                    child.id,
                    seq as i64,
                    SqlDate::new(e.start),
                    e.end.map(SqlDate::new),
                    e.reason_new.code(),
                    e.legal_status.code(),
                    e.placement.code(),
                    e.provider.map(|p| p.code()),
                    e.reason_ceased.map(|r| r.code()),
                ])
                .map_err(|err| db.sql_error(err, format!("writing the care episode starting {} of child '{}'", e.start, child.id)))?;
        }
        self.written += 1;
        Ok(())
    }
}

fn write_workforce(db: &Db<'_>, snapshot: i64, import: &Import<'_>) -> Result<(), StoreError> {
    let dataset = import.dataset;
    let prepare = |sql: &str| db.conn.prepare(sql).map_err(|e| db.sql_error(e, "preparing to write the workforce"));
    let mut insert_team = prepare("INSERT INTO teams (snapshot_id, team_id, position, name, service, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for (position, team) in dataset.teams.iter().enumerate() {
        let record = json(db, || format!("team '{}'", team.id), team)?;
        insert_team
            .execute(params![snapshot, team.id, position as i64, team.name, team.service.label(), record])
            .map_err(|e| db.sql_error(e, format!("writing team '{}'", team.id)))?;
    }
    let mut insert_worker = prepare(
        "INSERT INTO workers (snapshot_id, worker_id, position, team_id, role, agency, fte, start_date, end_date, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, worker) in dataset.workers.iter().enumerate() {
        let record = json(db, || format!("worker '{}'", worker.id), worker)?;
        insert_worker
            .execute(params![
                snapshot,
                worker.id,
                position as i64,
                worker.team,
                worker.role.code(),
                worker.agency,
                worker.fte,
                SqlDate::new(worker.start),
                worker.end.map(SqlDate::new),
                record,
            ])
            .map_err(|e| db.sql_error(e, format!("writing worker '{}'", worker.id)))?;
    }
    let mut insert_return = prepare(
        "INSERT INTO workforce_returns (snapshot_id, position, census_date, vacancies_fte, agency_cover_fte, agency_cover_headcount, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, r) in dataset.workforce_returns.iter().enumerate() {
        let record = json(db, || format!("the workforce return of {}", r.census_date), r)?;
        insert_return
            .execute(params![snapshot, position as i64, SqlDate::new(r.census_date), r.vacancies_fte, r.agency_cover_fte, r.agency_cover_headcount, record])
            .map_err(|e| db.sql_error(e, format!("writing the workforce return of {}", r.census_date)))?;
    }
    Ok(())
}

fn write_issues(db: &Db<'_>, snapshot: i64, import: &Import<'_>) -> Result<(), StoreError> {
    let mut insert = db
        .conn
        .prepare(
            "INSERT INTO issues (snapshot_id, seq, severity, rule, file, line, child, field, value, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .map_err(|e| db.sql_error(e, "preparing to write issues"))?;
    for (seq, issue) in import.issues.iter().enumerate() {
        insert
            .execute(params![
                snapshot,
                seq as i64,
                severity_text(issue.severity),
                issue.rule,
                issue.file,
                issue.line,
                issue.child,
                issue.field,
                issue.value,
                issue.message,
            ])
            .map_err(|e| db.sql_error(e, format!("writing issue {} ({} in {})", seq + 1, issue.rule, issue.file)))?;
    }
    Ok(())
}

/// Compact JSON of a record; `what` names it if encoding fails.
fn json<W: Into<String>>(db: &Db<'_>, what: impl FnOnce() -> W, value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|source| StoreError::Encode { path: db.path.to_path_buf(), what: what().into(), source })
}

/// A date as ISO 8601 text, formatted without allocating: there are about
/// three dates per child to write.
enum SqlDate {
    Short([u8; 10]),
    /// Years outside 0..=9999, which chrono writes with a sign.
    Long(String),
}

impl SqlDate {
    fn new(date: NaiveDate) -> SqlDate {
        scrutiny_model::iso_date::ascii(date).map_or_else(|| SqlDate::Long(date.to_string()), SqlDate::Short)
    }
}

impl ToSql for SqlDate {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            SqlDate::Short(bytes) => ToSqlOutput::Borrowed(ValueRef::Text(bytes)),
            SqlDate::Long(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_written_to_the_file_the_journal_mode_of_the_moment_says() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let conn = Connection::open(&path).unwrap();
        let db = Db { conn: &conn, path: &path };
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        assert_eq!(pages_written_to(&db).unwrap(), path);
        // As another process opening the store would do.
        Connection::open(&path).unwrap().pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        assert_eq!(pages_written_to(&db).unwrap(), crate::writeback::wal_path(&path));
        conn.execute_batch("ROLLBACK").unwrap();
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [(2024, 3, 31), (1999, 12, 1), (5, 1, 9), (0, 1, 1), (9999, 12, 31), (10000, 1, 1), (-1, 6, 15)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let text = match SqlDate::new(date) {
                SqlDate::Short(bytes) => String::from_utf8(bytes.to_vec()).unwrap(),
                SqlDate::Long(text) => text,
            };
            assert_eq!(text, date.to_string(), "{y}-{m}-{d}");
        }
    }
}
