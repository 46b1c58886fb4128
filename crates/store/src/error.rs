//! What can go wrong, always naming the database file.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: not a SQLite database (is this the right file?)", path.display())]
    NotADatabase { path: PathBuf },

    #[error("{}: a SQLite database, but not a Scrutiny store", path.display())]
    NotScrutiny { path: PathBuf },

    #[error("{}: written by a newer Scrutiny (schema version {found}; this version knows up to {known}); upgrade Scrutiny to open it", path.display())]
    NewerSchema { path: PathBuf, found: i64, known: i64 },

    #[error("{}: cannot open the database: {source}", path.display())]
    Open { path: PathBuf, source: rusqlite::Error },

    #[error("{}: cannot use WAL journal mode (got '{mode}'); is the file on a network drive?", path.display())]
    JournalMode { path: PathBuf, mode: String },

    #[error("{}: applying schema migration {version} failed: {source}", path.display())]
    Migration { path: PathBuf, version: i64, source: rusqlite::Error },

    #[error("{}: {doing}: {source}", path.display())]
    Sql { path: PathBuf, doing: String, source: rusqlite::Error },

    #[error("{}: nothing to import: an import needs at least one file", path.display())]
    NoFiles { path: PathBuf },

    #[error("{}: snapshot {snapshot} does not exist", path.display())]
    NoSuchSnapshot { path: PathBuf, snapshot: i64 },

    #[error("{}: cannot encode {what} for storage: {source}", path.display())]
    Encode { path: PathBuf, what: String, source: serde_json::Error },

    #[error("{}: the stored {what} in snapshot {snapshot} is unreadable (damaged database?): {detail}", path.display())]
    Corrupt { path: PathBuf, snapshot: i64, what: String, detail: String },

    #[error("{}: cannot back up a database onto itself", path.display())]
    BackupOntoItself { path: PathBuf },

    #[error("{}: backing up to {}: {source}", path.display(), to.display())]
    Backup { path: PathBuf, to: PathBuf, source: rusqlite::Error },
}
