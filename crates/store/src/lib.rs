//! Scrutiny's SQLite store. Each import of a council's returns becomes a
//! snapshot: the full records as JSON (what the store reads back, exactly),
//! beside plain key columns and query tables for analysts who use SQL.
//!
//! One database file per council. WAL journal mode, so readers never block the
//! importer; every import is one transaction, so a failed import leaves the
//! file as it was. (A first import, into a store no other process has open,
//! goes under a rollback journal instead, and the file is in WAL mode again
//! once it ends: see `write::Journal`.)

mod batch;
mod error;
pub mod governance;
mod presented;
mod read;
mod users;
mod write;
mod writeback;

pub use error::StoreError;
pub use presented::{NarrativeRecord, PresentedReport};
pub use users::{AccessEntry, SessionRecord, UserRecord};

use rusqlite::{Connection, ErrorCode, TransactionBehavior};
use scrutiny_ingest::Issue;
use scrutiny_model::{Council, Dataset};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Schema migrations, applied in order; `PRAGMA user_version` counts those applied.
/// Never edit one that has shipped: add the next.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_narrative_and_reports.sql"),
    include_str!("../migrations/0003_users_sessions_access_log.sql"),
    include_str!("../migrations/0004_plan_audits_scrutiny.sql"),
    include_str!("../migrations/0005_access_log_edits.sql"),
];

/// `PRAGMA application_id` of a Scrutiny store: "SCRT".
const APPLICATION_ID: i64 = 0x5343_5254;

/// Page size of a new file. Child records average about 1.4 KB of JSON: on
/// 4 KB pages only two fit a page, so a large import wrote 15% more and took
/// about 30% more CPU time than on 64 KB pages.
const PAGE_SIZE: i64 = 65_536;

/// Page cache per connection, in KiB (negative `cache_size` means KiB): room
/// for the pages an import keeps returning to, so they are not spilled to the
/// WAL and read back.
const CACHE_KIB: i64 = 16 * 1024;

/// How long to wait for another process's lock (a backup, a second import)
/// before giving up with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// One input file of an import, as the caller found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileMeta {
    /// As given on the command line.
    pub path: String,
    /// Hex digest of the contents, computed by the caller.
    pub hash: String,
    pub bytes: u64,
    /// e.g. "cin-xml", "903-csv".
    pub format: String,
}

/// Everything one import writes.
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    pub files: &'a [FileMeta],
    pub council: Option<&'a Council>,
    pub dataset: &'a Dataset,
    pub issues: &'a [Issue],
}

/// A stored snapshot, without its records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnapshotInfo {
    pub id: i64,
    /// UTC, RFC 3339.
    pub imported_at: String,
    /// In the order the import gave them.
    pub files: Vec<FileMeta>,
    pub children: u64,
    pub referrals: u64,
    pub care_episodes: u64,
    pub workers: u64,
    pub errors: u64,
    pub warnings: u64,
    pub queries: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Created(SnapshotInfo),
    /// The files were the latest snapshot's; nothing was written.
    Unchanged(SnapshotInfo),
}

impl ImportOutcome {
    pub fn snapshot(&self) -> &SnapshotInfo {
        match self {
            ImportOutcome::Created(s) | ImportOutcome::Unchanged(s) => s,
        }
    }
}

/// An open store. Dropping it checkpoints the WAL into the main file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens or creates the database file and brings its schema up to date.
    /// A file that is not a Scrutiny store is refused, and left untouched.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| open_error(path, source))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|source| open_error(path, source))?;
        // Identify the file before anything writes to it.
        let version = check_identity(&conn, path)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: version, known: MIGRATIONS.len() as i64 });
        }
        if version == 0 {
            // Only takes effect on a new, empty file (and must precede WAL mode).
            conn.pragma_update(None, "page_size", PAGE_SIZE).map_err(|source| open_error(path, source))?;
        }
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)).map_err(|source| open_error(path, source))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::JournalMode { path: path.to_path_buf(), mode });
        }
        conn.pragma_update(None, "foreign_keys", true).map_err(|source| open_error(path, source))?;
        // In WAL mode NORMAL still never corrupts; a power cut may lose only the last import.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(|source| open_error(path, source))?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB).map_err(|source| open_error(path, source))?;
        let mut store = Store { conn, path: path.to_path_buf() };
        // Up to date is the usual case: then take no write lock, so opening
        // never waits for an import running in another process.
        if version < MIGRATIONS.len() as i64 {
            store.migrate()?;
        }
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Checkpoints the WAL so the main file holds everything, then closes.
    /// Dropping does the same but cannot report a failure.
    pub fn close(self) -> Result<(), StoreError> {
        self.checkpoint()
    }

    /// Writes one import as a new snapshot, in one transaction. If its set of
    /// file hashes equals the latest snapshot's, nothing is written and that
    /// snapshot is returned as `Unchanged`.
    pub fn import(&mut self, import: &Import<'_>) -> Result<ImportOutcome, StoreError> {
        write::import(&mut self.conn, &self.path, import)
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        read::snapshots(&self.db())
    }

    pub fn latest(&self) -> Result<Option<SnapshotInfo>, StoreError> {
        read::latest(&self.db())
    }

    /// The latest snapshot, if it was imported from files with exactly these
    /// contents (their SHA-256 hashes, in any order, repeats allowed):
    /// importing them again would change nothing.
    pub fn latest_from<'h>(&self, hashes: impl IntoIterator<Item = &'h str>) -> Result<Option<SnapshotInfo>, StoreError> {
        let db = self.db();
        match read::latest_fingerprint(&db)? {
            Some((id, fingerprint)) if fingerprint == write::fingerprint(hashes) => Ok(Some(read::snapshot(&db, id)?)),
            _ => Ok(None),
        }
    }

    /// The dataset exactly as imported in `snapshot`.
    pub fn dataset(&self, snapshot: i64) -> Result<Dataset, StoreError> {
        read::dataset(&self.db(), snapshot)
    }

    /// The council the snapshot was imported for, if the import named one.
    pub fn council(&self, snapshot: i64) -> Result<Option<Council>, StoreError> {
        read::council(&self.db(), snapshot)
    }

    /// The validation issues found in the snapshot's files, in import order.
    pub fn issues(&self, snapshot: i64) -> Result<Vec<Issue>, StoreError> {
        read::issues(&self.db(), snapshot)
    }

    /// Online backup to `to` (created or overwritten) with SQLite's backup
    /// API, copying a batch of pages at a time so other readers and writers
    /// are not held up for the whole copy.
    pub fn backup(&self, to: &Path) -> Result<(), StoreError> {
        let fail = |source| StoreError::Backup { path: self.path.clone(), to: to.to_path_buf(), source };
        if same_file(&self.path, to) {
            return Err(StoreError::BackupOntoItself { path: self.path.clone() });
        }
        let mut target = Connection::open(to).map_err(fail)?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut target).map_err(fail)?;
            backup.run_to_completion(1024, Duration::from_millis(5), None).map_err(fail)?;
        }
        // Leave one self-contained file: fold in any WAL the copy has.
        target.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).map_err(fail)?;
        target.close().map_err(|(_, source)| fail(source))
    }

    /// Saves commentary, replacing any for the same period, scope and key.
    pub fn put_narratives(&self, rows: &[NarrativeRecord]) -> Result<(), StoreError> {
        presented::put_narratives(&self.db(), rows)
    }

    /// A period's commentary (e.g. "2024-25-Q1").
    pub fn narratives(&self, period: &str) -> Result<Vec<NarrativeRecord>, StoreError> {
        presented::narratives(&self.db(), period)
    }

    /// Keeps a report as presented; returns its id.
    pub fn record_report(&self, report: &PresentedReport) -> Result<i64, StoreError> {
        presented::record_report(&self.db(), report)
    }

    pub fn report(&self, id: i64) -> Result<Option<PresentedReport>, StoreError> {
        presented::report(&self.db(), id)
    }

    /// Adds or updates plan actions, audits, meetings and recommendations in
    /// one transaction; with any refusal nothing is written.
    pub fn apply_governance(&mut self, batch: &governance::GovernanceBatch) -> Result<governance::Applied, StoreError> {
        governance::apply(&mut self.conn, &self.path, batch)
    }

    /// Changes one action as an officer asks (status, owner, due date, an
    /// evidence note) under the rules an import meets, and writes the change to
    /// the access log as `what`, in one transaction: all of it or, refused, nothing.
    /// `today` bounds the date of the change.
    pub fn edit_action(&mut self, edit: &governance::ActionEdit, today: chrono::NaiveDate, what: &str) -> Result<governance::Edited, StoreError> {
        governance::edit(&mut self.conn, &self.path, edit, today, what)
    }

    /// The improvement plan, audits and committees' records as held.
    pub fn governance(&self) -> Result<governance::Governance, StoreError> {
        governance::read(&self.db())
    }

    /// Adds a dashboard user; returns the id. `password_hash` is a PHC string.
    pub fn add_user(&self, name: &str, role: &str, teams: &[String], password_hash: &str) -> Result<i64, StoreError> {
        users::add_user(&self.db(), name, role, teams, password_hash)
    }

    /// A user by name (names are unique, ignoring case).
    pub fn user_by_name(&self, name: &str) -> Result<Option<UserRecord>, StoreError> {
        users::user_by_name(&self.db(), name)
    }

    pub fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        users::users(&self.db())
    }

    /// New password hash; enables the user and ends their sessions. False if no such user.
    pub fn set_password(&self, name: &str, password_hash: &str) -> Result<bool, StoreError> {
        users::set_password(&self.db(), name, password_hash)
    }

    /// Disables a user and ends their sessions. False if no such user.
    pub fn disable(&self, name: &str) -> Result<bool, StoreError> {
        users::disable(&self.db(), name)
    }

    /// Starts a session (times in Unix seconds).
    pub fn create_session(&self, id_hash: &str, user_id: i64, csrf: &str, at: i64) -> Result<(), StoreError> {
        users::create_session(&self.db(), id_hash, user_id, csrf, at)
    }

    /// A live session of an enabled user.
    pub fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        users::session(&self.db(), id_hash)
    }

    pub fn touch_session(&self, id_hash: &str, at: i64) -> Result<(), StoreError> {
        users::touch_session(&self.db(), id_hash, at)
    }

    pub fn end_session(&self, id_hash: &str) -> Result<(), StoreError> {
        users::end_session(&self.db(), id_hash)
    }

    /// Ends sessions last seen before `idle_before` (Unix seconds); returns how many.
    pub fn end_idle_sessions(&self, idle_before: i64) -> Result<usize, StoreError> {
        users::end_idle_sessions(&self.db(), idle_before)
    }

    /// Appends to the access log: who saw which children's records, how, and where.
    pub fn log_access(&self, user_name: &str, role: &str, action: &str, what: &str, child_ids: &[&str]) -> Result<(), StoreError> {
        users::log_access(&self.db(), user_name, role, action, what, child_ids)
    }

    /// The newest entries of the access log, newest first.
    pub fn access_log(&self, limit: usize) -> Result<Vec<AccessEntry>, StoreError> {
        users::access_log(&self.db(), limit)
    }

    fn db(&self) -> read::Db<'_> {
        read::Db { conn: &self.conn, path: &self.path }
    }

    /// Applies the migrations not yet applied. Each runs in an IMMEDIATE
    /// transaction that re-reads the version, so two processes opening a new
    /// file at once cannot both apply the same migration.
    fn migrate(&mut self) -> Result<(), StoreError> {
        loop {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|source| StoreError::Sql {
                path: self.path.clone(),
                doing: "starting a schema migration".into(),
                source,
            })?;
            let applied: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(|source| StoreError::Sql {
                path: self.path.clone(),
                doing: "reading the schema version".into(),
                source,
            })?;
            let Some(sql) = usize::try_from(applied).ok().and_then(|i| MIGRATIONS.get(i)) else {
                return Ok(());
            };
            let version = applied + 1;
            let failed = |source| StoreError::Migration { path: self.path.clone(), version, source };
            tx.execute_batch(sql).map_err(failed)?;
            tx.pragma_update(None, "user_version", version).map_err(failed)?;
            tx.commit().map_err(failed)?;
        }
    }

    fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).map_err(|source| StoreError::Sql {
            path: self.path.clone(),
            doing: "checkpointing the WAL".into(),
            source,
        })
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Best effort: if it fails (another process reading), SQLite folds the
        // WAL in when the last connection closes.
        let _ = self.checkpoint();
    }
}

/// Returns the applied schema version, after making sure the file is either
/// new or a Scrutiny store.
fn check_identity(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    // One statement, so one consistent view even while another process is
    // creating the schema.
    let (version, application_id, objects): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT application_id FROM pragma_application_id),
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .map_err(|source| open_error(path, source))?;
    let scrutiny = if version == 0 {
        // Not migrated yet: fine if empty, someone else's if it already has tables.
        objects == 0 && (application_id == 0 || application_id == APPLICATION_ID)
    } else {
        application_id == APPLICATION_ID
    };
    if scrutiny {
        Ok(version)
    } else {
        Err(StoreError::NotScrutiny { path: path.to_path_buf() })
    }
}

/// Whether both paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn open_error(path: &Path, source: rusqlite::Error) -> StoreError {
    if source.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        StoreError::NotADatabase { path: path.to_path_buf() }
    } else {
        StoreError::Open { path: path.to_path_buf(), source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_can_cross_threads_and_be_boxed() {
        // What anyhow and callers on other threads need.
        fn usable<T: std::error::Error + Send + Sync + 'static>() {}
        usable::<StoreError>();
        fn sendable<T: Send>() {}
        sendable::<Store>();
    }

    #[test]
    fn the_schema_version_is_the_number_of_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.scrutiny");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        let application_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
        let page_size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        assert_eq!(application_id, APPLICATION_ID);
        assert_eq!(page_size, PAGE_SIZE);
    }
}
