//! Reading snapshots back. Records come from the JSON columns, in the order
//! they were imported, so a snapshot reads back exactly as written.

use crate::batch::{Batch, RecordError, BATCH_SIZE};
use crate::{FileMeta, SnapshotInfo, StoreError};
use rusqlite::{Connection, OptionalExtension, Row};
use scrutiny_ingest::{Issue, Severity};
use scrutiny_model::{Council, Dataset};
use serde::de::DeserializeOwned;
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex};

/// A connection (or transaction) and the file it is open on, for messages.
#[derive(Clone, Copy)]
pub(crate) struct Db<'a> {
    pub conn: &'a Connection,
    pub path: &'a Path,
}

impl Db<'_> {
    pub fn sql_error(&self, source: rusqlite::Error, doing: impl Into<String>) -> StoreError {
        StoreError::Sql { path: self.path.to_path_buf(), doing: doing.into(), source }
    }

    fn corrupt(&self, snapshot: i64, what: impl Into<String>, detail: impl ToString) -> StoreError {
        StoreError::Corrupt { path: self.path.to_path_buf(), snapshot, what: what.into(), detail: detail.to_string() }
    }
}

const SNAPSHOT_COLUMNS: &str = "id, imported_at, children, referrals, care_episodes, workers, errors, warnings, queries";

fn snapshot_from_row(row: &Row<'_>) -> rusqlite::Result<SnapshotInfo> {
    Ok(SnapshotInfo {
        id: row.get(0)?,
        imported_at: row.get(1)?,
        files: Vec::new(),
        children: row.get(2)?,
        referrals: row.get(3)?,
        care_episodes: row.get(4)?,
        workers: row.get(5)?,
        errors: row.get(6)?,
        warnings: row.get(7)?,
        queries: row.get(8)?,
    })
}

fn with_files(db: &Db<'_>, mut info: SnapshotInfo) -> Result<SnapshotInfo, StoreError> {
    let doing = || format!("reading the files of snapshot {}", info.id);
    let mut statement = db
        .conn
        .prepare_cached("SELECT path, hash, bytes, format FROM snapshot_files WHERE snapshot_id = ?1 ORDER BY seq")
        .map_err(|e| db.sql_error(e, doing()))?;
    let files = statement
        .query_map([info.id], |row| Ok(FileMeta { path: row.get(0)?, hash: row.get(1)?, bytes: row.get(2)?, format: row.get(3)? }))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| db.sql_error(e, doing()))?;
    info.files = files;
    Ok(info)
}

pub(crate) fn snapshots(db: &Db<'_>) -> Result<Vec<SnapshotInfo>, StoreError> {
    let doing = "listing snapshots";
    let mut statement = db.conn.prepare(&format!("SELECT {SNAPSHOT_COLUMNS} FROM snapshots ORDER BY id")).map_err(|e| db.sql_error(e, doing))?;
    let infos = statement.query_map([], snapshot_from_row).and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()).map_err(|e| db.sql_error(e, doing))?;
    infos.into_iter().map(|info| with_files(db, info)).collect()
}

pub(crate) fn latest(db: &Db<'_>) -> Result<Option<SnapshotInfo>, StoreError> {
    let info = db
        .conn
        .query_row(&format!("SELECT {SNAPSHOT_COLUMNS} FROM snapshots ORDER BY id DESC LIMIT 1"), [], snapshot_from_row)
        .optional()
        .map_err(|e| db.sql_error(e, "reading the latest snapshot"))?;
    info.map(|info| with_files(db, info)).transpose()
}

pub(crate) fn snapshot(db: &Db<'_>, id: i64) -> Result<SnapshotInfo, StoreError> {
    let info = db
        .conn
        .query_row(&format!("SELECT {SNAPSHOT_COLUMNS} FROM snapshots WHERE id = ?1"), [id], snapshot_from_row)
        .optional()
        .map_err(|e| db.sql_error(e, format!("reading snapshot {id}")))?
        .ok_or_else(|| StoreError::NoSuchSnapshot { path: db.path.to_path_buf(), snapshot: id })?;
    with_files(db, info)
}

/// The latest snapshot's id and fingerprint, for the unchanged-import check.
pub(crate) fn latest_fingerprint(db: &Db<'_>) -> Result<Option<(i64, String)>, StoreError> {
    db.conn
        .query_row("SELECT id, fingerprint FROM snapshots ORDER BY id DESC LIMIT 1", [], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()
        .map_err(|e| db.sql_error(e, "reading the latest snapshot"))
}

fn require_snapshot(db: &Db<'_>, id: i64) -> Result<(), StoreError> {
    let exists: bool = db
        .conn
        .query_row("SELECT EXISTS (SELECT 1 FROM snapshots WHERE id = ?1)", [id], |row| row.get(0))
        .map_err(|e| db.sql_error(e, format!("looking up snapshot {id}")))?;
    if exists {
        Ok(())
    } else {
        Err(StoreError::NoSuchSnapshot { path: db.path.to_path_buf(), snapshot: id })
    }
}

/// Most threads decoding records at once.
const MAX_DECODERS: usize = 8;

/// Decodes the JSON records a query returns as (key, record) rows, in row
/// order, naming the record (`what` and its key) if one is damaged. Decoding
/// is most of the cost of reading a snapshot, so this thread reads rows into
/// batches and other threads decode them.
fn records<T: DeserializeOwned + Send>(db: &Db<'_>, snapshot: i64, sql: &str, what: &str) -> Result<Vec<T>, StoreError> {
    let doing = || format!("reading the {what}s of snapshot {snapshot}");
    let mut statement = db.conn.prepare(sql).map_err(|e| db.sql_error(e, doing()))?;
    let mut rows = statement.query([snapshot]).map_err(|e| db.sql_error(e, doing()))?;
    let decoders = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_DECODERS);
    std::thread::scope(|scope| {
        // Bounded, so reading stays only a little ahead of decoding.
        let (send_work, work) = mpsc::sync_channel::<(usize, Batch)>(decoders * 2);
        // Shared by the decoders alone: if they all stopped, sending would fail rather than block.
        let work = Arc::new(Mutex::new(work));
        let (send_decoded, decoded) = mpsc::channel::<(usize, Result<Vec<T>, RecordError>)>();
        for _ in 0..decoders {
            let (work, send_decoded) = (Arc::clone(&work), send_decoded.clone());
            scope.spawn(move || loop {
                // The lock is held only while taking the next batch.
                let next = match work.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => return,
                };
                let Ok((number, batch)) = next else { return };
                if send_decoded.send((number, batch.decode())).is_err() {
                    return;
                }
            });
        }
        drop((work, send_decoded));

        // Keys are kept only to name a damaged record.
        let mut keys: Vec<String> = Vec::new();
        let mut batch = Batch::default();
        let mut batches = 0;
        while let Some(row) = rows.next().map_err(|e| db.sql_error(e, doing()))? {
            keys.push(row.get(0).map_err(|e| db.sql_error(e, doing()))?);
            let record = row.get_ref(1).and_then(|value| Ok(value.as_str()?)).map_err(|e| db.sql_error(e, doing()))?;
            batch.push(record);
            if batch.len() == BATCH_SIZE {
                // Sending fails only if every decoder panicked; the scope passes that on.
                if send_work.send((batches, std::mem::take(&mut batch))).is_err() {
                    break;
                }
                batches += 1;
            }
        }
        if batch.len() > 0 && send_work.send((batches, batch)).is_ok() {
            batches += 1;
        }
        drop(send_work);

        let mut in_order: Vec<Option<Vec<T>>> = (0..batches).map(|_| None).collect();
        for (number, result) in decoded {
            let values = result.map_err(|(i, e)| {
                let key = keys.get(number * BATCH_SIZE + i).map_or("?", String::as_str);
                db.corrupt(snapshot, format!("{what} '{key}'"), e)
            })?;
            in_order[number] = Some(values);
        }
        Ok(in_order.into_iter().flatten().flatten().collect())
    })
}

pub(crate) fn dataset(db: &Db<'_>, snapshot: i64) -> Result<Dataset, StoreError> {
    require_snapshot(db, snapshot)?;
    Ok(Dataset {
        children: records(db, snapshot, "SELECT child_id, record FROM children WHERE snapshot_id = ?1 ORDER BY position", "child")?,
        teams: records(db, snapshot, "SELECT team_id, record FROM teams WHERE snapshot_id = ?1 ORDER BY position", "team")?,
        workers: records(db, snapshot, "SELECT worker_id, record FROM workers WHERE snapshot_id = ?1 ORDER BY position", "worker")?,
        workforce_returns: records(
            db,
            snapshot,
            "SELECT census_date, record FROM workforce_returns WHERE snapshot_id = ?1 ORDER BY position",
            "workforce return",
        )?,
    })
}

pub(crate) fn council(db: &Db<'_>, snapshot: i64) -> Result<Option<Council>, StoreError> {
    require_snapshot(db, snapshot)?;
    let mut councils: Vec<Council> = records(db, snapshot, "SELECT la_code, record FROM snapshot_council WHERE snapshot_id = ?1", "council")?;
    Ok(councils.pop())
}

pub(crate) fn issues(db: &Db<'_>, snapshot: i64) -> Result<Vec<Issue>, StoreError> {
    require_snapshot(db, snapshot)?;
    let doing = || format!("reading the issues of snapshot {snapshot}");
    let mut statement = db
        .conn
        .prepare("SELECT severity, rule, file, line, child, field, value, message FROM issues WHERE snapshot_id = ?1 ORDER BY seq")
        .map_err(|e| db.sql_error(e, doing()))?;
    let mut rows = statement.query([snapshot]).map_err(|e| db.sql_error(e, doing()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| db.sql_error(e, doing()))? {
        let severity: String = row.get(0).map_err(|e| db.sql_error(e, doing()))?;
        let severity =
            parse_severity(&severity).ok_or_else(|| db.corrupt(snapshot, "issue severity", format!("'{severity}' is not error, warning or query")))?;
        let read = |row: &Row<'_>| -> rusqlite::Result<Issue> {
            Ok(Issue {
                severity,
                rule: row.get(1)?,
                file: row.get(2)?,
                line: row.get(3)?,
                child: row.get(4)?,
                field: row.get(5)?,
                value: row.get(6)?,
                message: row.get(7)?,
            })
        };
        out.push(read(row).map_err(|e| db.sql_error(e, doing()))?);
    }
    Ok(out)
}

pub(crate) fn severity_text(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Query => "query",
    }
}

fn parse_severity(text: &str) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Query].into_iter().find(|s| severity_text(*s) == text)
}
