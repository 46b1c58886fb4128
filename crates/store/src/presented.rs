//! Officers' commentary and reports as presented. The store keeps them as
//! text: it does not need to understand a report to keep it exactly.

use crate::read::Db;
use crate::StoreError;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// One commentary, on a domain or an indicator, for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NarrativeRecord {
    pub period: String,
    /// "domain" or "indicator".
    pub scope: String,
    pub key: String,
    /// "draft", "challenged" or "signed_off".
    pub status: String,
    pub by: Option<String>,
    pub on_date: Option<String>,
    pub body: String,
}

/// A report as it was presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresentedReport {
    pub id: i64,
    pub created_at: String,
    pub snapshot_id: i64,
    pub period: String,
    pub edition: String,
    pub format: String,
    pub parameters: String,
    pub content: String,
    pub hash: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn put_narratives(db: &Db<'_>, rows: &[NarrativeRecord]) -> Result<(), StoreError> {
    let doing = "saving commentary";
    let tx = db.conn.unchecked_transaction().map_err(|e| db.sql_error(e, doing))?;
    {
        let mut st = tx
            .prepare_cached(
                "INSERT INTO narratives (period, scope, key, status, by, on_date, body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (period, scope, key) DO UPDATE SET status = excluded.status, by = excluded.by, on_date = excluded.on_date,
                 body = excluded.body, updated_at = excluded.updated_at",
            )
            .map_err(|e| db.sql_error(e, doing))?;
        let at = now();
        for r in rows {
            st.execute(params![r.period, r.scope, r.key, r.status, r.by, r.on_date, r.body, at]).map_err(|e| db.sql_error(e, doing))?;
        }
    }
    tx.commit().map_err(|e| db.sql_error(e, doing))
}

pub(crate) fn narratives(db: &Db<'_>, period: &str) -> Result<Vec<NarrativeRecord>, StoreError> {
    let doing = "reading commentary";
    let mut st = db
        .conn
        .prepare_cached("SELECT period, scope, key, status, by, on_date, body FROM narratives WHERE period = ?1 ORDER BY scope, key")
        .map_err(|e| db.sql_error(e, doing))?;
    st.query_map([period], |r| {
        Ok(NarrativeRecord { period: r.get(0)?, scope: r.get(1)?, key: r.get(2)?, status: r.get(3)?, by: r.get(4)?, on_date: r.get(5)?, body: r.get(6)? })
    })
    .and_then(|rows| rows.collect())
    .map_err(|e| db.sql_error(e, doing))
}

/// Records a report; `id` and `created_at` of the argument are ignored. Returns the new id.
pub(crate) fn record_report(db: &Db<'_>, r: &PresentedReport) -> Result<i64, StoreError> {
    let doing = "recording the report as presented";
    db.conn
        .execute(
            "INSERT INTO reports (created_at, snapshot_id, period, edition, format, parameters, content, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![now(), r.snapshot_id, r.period, r.edition, r.format, r.parameters, r.content, r.hash],
        )
        .map_err(|e| db.sql_error(e, doing))?;
    Ok(db.conn.last_insert_rowid())
}

pub(crate) fn report(db: &Db<'_>, id: i64) -> Result<Option<PresentedReport>, StoreError> {
    db.conn
        .query_row("SELECT id, created_at, snapshot_id, period, edition, format, parameters, content, hash FROM reports WHERE id = ?1", [id], |r| {
            Ok(PresentedReport {
                id: r.get(0)?,
                created_at: r.get(1)?,
                snapshot_id: r.get(2)?,
                period: r.get(3)?,
                edition: r.get(4)?,
                format: r.get(5)?,
                parameters: r.get(6)?,
                content: r.get(7)?,
                hash: r.get(8)?,
            })
        })
        .optional()
        .map_err(|e| db.sql_error(e, format!("reading report {id}")))
}

#[cfg(test)]
mod tests {
    use crate::{NarrativeRecord, PresentedReport, Store};

    #[test]
    fn commentary_is_replaced_and_reports_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("n.sqlite")).unwrap();
        let mut n = NarrativeRecord {
            period: "2024-25-Q1".into(),
            scope: "indicator".into(),
            key: "REF-03".into(),
            status: "draft".into(),
            by: None,
            on_date: None,
            body: "text".into(),
        };
        store.put_narratives(std::slice::from_ref(&n)).unwrap();
        n.status = "signed_off".into();
        n.by = Some("Head of Service".into());
        store.put_narratives(std::slice::from_ref(&n)).unwrap();
        assert_eq!(store.narratives("2024-25-Q1").unwrap(), vec![n.clone()]);
        assert!(store.narratives("2024-25-Q2").unwrap().is_empty());
        // Signed off without a name is refused by the schema.
        n.by = None;
        assert!(store.put_narratives(&[n]).is_err());
        // A report needs a snapshot that exists.
        let r = PresentedReport {
            id: 0,
            created_at: String::new(),
            snapshot_id: 99,
            period: "2024-25-Q1".into(),
            edition: "member".into(),
            format: "html".into(),
            parameters: "{}".into(),
            content: "{}".into(),
            hash: "00".into(),
        };
        assert!(store.record_report(&r).is_err());
        assert_eq!(store.report(1).unwrap(), None);
    }
}
