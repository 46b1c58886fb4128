//! Dashboard users, sessions and the access log. The store keeps what it is
//! given: password hashing, roles and session tokens are the web crate's.

use crate::read::Db;
use crate::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRecord {
    pub id: i64,
    pub name: String,
    /// "member", "manager", "analyst" or "admin".
    pub role: String,
    /// Team ids a manager holds.
    pub teams: Vec<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A live session and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: UserRecord,
    pub csrf: String,
    pub created_at: i64,
    pub last_seen: i64,
}

/// One view or download of children's records, or one edit made in the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessEntry {
    pub id: i64,
    pub at: String,
    pub user_name: String,
    pub role: String,
    /// "view", "csv", "api" or "edit".
    pub action: String,
    pub what: String,
    pub children: i64,
    pub child_ids: String,
    /// What an edit changed; empty for views and downloads.
    pub detail: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

const USER_COLUMNS: &str = "u.id, u.name, u.role, u.teams, u.password_hash, u.disabled, u.created_at, u.updated_at";

fn user_from(r: &Row<'_>) -> rusqlite::Result<UserRecord> {
    let teams: String = r.get(3)?;
    Ok(UserRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        role: r.get(2)?,
        teams: teams.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
        password_hash: r.get(4)?,
        disabled: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

pub(crate) fn add_user(db: &Db<'_>, name: &str, role: &str, teams: &[String], password_hash: &str) -> Result<i64, StoreError> {
    let at = now();
    db.conn
        .execute(
            "INSERT INTO users (name, role, teams, password_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![name, role, teams.join(","), password_hash, at],
        )
        .map_err(|e| db.sql_error(e, format!("adding user {name}")))?;
    Ok(db.conn.last_insert_rowid())
}

pub(crate) fn user_by_name(db: &Db<'_>, name: &str) -> Result<Option<UserRecord>, StoreError> {
    db.conn
        .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.name = ?1"))
        .and_then(|mut st| st.query_row([name], user_from).optional())
        .map_err(|e| db.sql_error(e, format!("reading user {name}")))
}

pub(crate) fn users(db: &Db<'_>) -> Result<Vec<UserRecord>, StoreError> {
    db.conn
        .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.name"))
        .and_then(|mut st| st.query_map([], user_from)?.collect())
        .map_err(|e| db.sql_error(e, "reading users"))
}

/// Sets a new password hash and ends the user's sessions. False if no such user.
pub(crate) fn set_password(db: &Db<'_>, name: &str, password_hash: &str) -> Result<bool, StoreError> {
    let doing = format!("resetting the password of {name}");
    let tx = db.conn.unchecked_transaction().map_err(|e| db.sql_error(e, doing.clone()))?;
    let n = tx
        .execute("UPDATE users SET password_hash = ?2, disabled = 0, updated_at = ?3 WHERE name = ?1", params![name, password_hash, now()])
        .map_err(|e| db.sql_error(e, doing.clone()))?;
    tx.execute("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = ?1)", [name]).map_err(|e| db.sql_error(e, doing.clone()))?;
    tx.commit().map_err(|e| db.sql_error(e, doing))?;
    Ok(n == 1)
}

/// Disables a user and ends their sessions. False if no such user.
pub(crate) fn disable(db: &Db<'_>, name: &str) -> Result<bool, StoreError> {
    let doing = format!("disabling {name}");
    let tx = db.conn.unchecked_transaction().map_err(|e| db.sql_error(e, doing.clone()))?;
    let n = tx.execute("UPDATE users SET disabled = 1, updated_at = ?2 WHERE name = ?1", params![name, now()]).map_err(|e| db.sql_error(e, doing.clone()))?;
    tx.execute("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = ?1)", [name]).map_err(|e| db.sql_error(e, doing.clone()))?;
    tx.commit().map_err(|e| db.sql_error(e, doing))?;
    Ok(n == 1)
}

pub(crate) fn create_session(db: &Db<'_>, id_hash: &str, user_id: i64, csrf: &str, at: i64) -> Result<(), StoreError> {
    db.conn
        .execute("INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?4)", params![id_hash, user_id, csrf, at])
        .map(|_| ())
        .map_err(|e| db.sql_error(e, "starting a session"))
}

/// The session with this id hash, if it exists and its user is not disabled.
pub(crate) fn session(db: &Db<'_>, id_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
    db.conn
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS}, s.csrf, s.created_at, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?1 AND u.disabled = 0"
        ))
        .and_then(|mut st| {
            st.query_row([id_hash], |r| Ok(SessionRecord { user: user_from(r)?, csrf: r.get(8)?, created_at: r.get(9)?, last_seen: r.get(10)? })).optional()
        })
        .map_err(|e| db.sql_error(e, "reading a session"))
}

pub(crate) fn touch_session(db: &Db<'_>, id_hash: &str, at: i64) -> Result<(), StoreError> {
    db.conn
        .prepare_cached("UPDATE sessions SET last_seen = ?2 WHERE id_hash = ?1")
        .and_then(|mut st| st.execute(params![id_hash, at]))
        .map(|_| ())
        .map_err(|e| db.sql_error(e, "keeping a session alive"))
}

pub(crate) fn end_session(db: &Db<'_>, id_hash: &str) -> Result<(), StoreError> {
    db.conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [id_hash]).map(|_| ()).map_err(|e| db.sql_error(e, "ending a session"))
}

/// Removes sessions idle since before `idle_before` (Unix seconds).
pub(crate) fn end_idle_sessions(db: &Db<'_>, idle_before: i64) -> Result<usize, StoreError> {
    db.conn.execute("DELETE FROM sessions WHERE last_seen < ?1", [idle_before]).map_err(|e| db.sql_error(e, "ending idle sessions"))
}

pub(crate) fn log_access(db: &Db<'_>, user_name: &str, role: &str, action: &str, what: &str, child_ids: &[&str]) -> Result<(), StoreError> {
    append_log(db.conn, user_name, role, action, what, child_ids, "").map_err(|e| db.sql_error(e, "writing the access log"))
}

/// Appends one entry to the access log (on a transaction too, so an edit and its entry are written together).
pub(crate) fn append_log(conn: &Connection, user_name: &str, role: &str, action: &str, what: &str, child_ids: &[&str], detail: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO access_log (at, user_name, role, action, what, children, child_ids, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .and_then(|mut st| st.execute(params![now(), user_name, role, action, what, child_ids.len() as i64, child_ids.join(","), detail]))
        .map(|_| ())
}

/// The newest `limit` entries, newest first.
pub(crate) fn access_log(db: &Db<'_>, limit: usize) -> Result<Vec<AccessEntry>, StoreError> {
    db.conn
        .prepare_cached("SELECT id, at, user_name, role, action, what, children, child_ids, detail FROM access_log ORDER BY id DESC LIMIT ?1")
        .and_then(|mut st| {
            st.query_map([limit as i64], |r| {
                Ok(AccessEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    user_name: r.get(2)?,
                    role: r.get(3)?,
                    action: r.get(4)?,
                    what: r.get(5)?,
                    children: r.get(6)?,
                    child_ids: r.get(7)?,
                    detail: r.get(8)?,
                })
            })?
            .collect()
        })
        .map_err(|e| db.sql_error(e, "reading the access log"))
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn users_sessions_and_an_append_only_access_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("u.sqlite")).unwrap();
        let id = store.add_user("Ann", "manager", &["T1".into(), "T2".into()], "$argon2id$x").unwrap();
        // Names are unique whatever their case; roles are checked by the schema.
        assert!(store.add_user("ann", "member", &[], "h").is_err());
        assert!(store.add_user("Bob", "superuser", &[], "h").is_err());
        let ann = store.user_by_name("ANN").unwrap().unwrap();
        assert_eq!((ann.id, ann.teams.clone(), ann.disabled), (id, vec!["T1".to_string(), "T2".to_string()], false));

        store.create_session("h1", id, "tok", 100).unwrap();
        assert_eq!(store.session("h1").unwrap().unwrap().csrf, "tok");
        store.touch_session("h1", 200).unwrap();
        assert_eq!(store.session("h1").unwrap().unwrap().last_seen, 200);
        assert_eq!(store.end_idle_sessions(150).unwrap(), 0);
        // A reset password ends every session of the user.
        assert!(store.set_password("Ann", "$argon2id$y").unwrap());
        assert!(store.session("h1").unwrap().is_none());
        store.create_session("h2", id, "tok", 300).unwrap();
        assert!(store.disable("Ann").unwrap());
        assert!(store.session("h2").unwrap().is_none());
        assert!(!store.disable("Nobody").unwrap());

        store.log_access("Ann", "manager", "view", "/exceptions?list=x", &["C1", "C2"]).unwrap();
        let log = store.access_log(10).unwrap();
        assert_eq!((log.len(), log[0].children, log[0].child_ids.as_str()), (1, 2, "C1,C2"));
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        assert!(conn.execute("DELETE FROM access_log", []).is_err());
        assert!(conn.execute("UPDATE access_log SET user_name = 'x'", []).is_err());
    }
}
