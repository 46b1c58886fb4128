-- Scrutiny store, schema version 3: dashboard users, their sessions, and the
-- append-only log of every view or download of children's records.

-- role: member (aggregates, suppressed), manager (children in `teams`),
-- analyst (all children, imports), admin (users, access log).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT    NOT NULL CHECK (role IN ('member', 'manager', 'analyst', 'admin')),
    teams         TEXT    NOT NULL DEFAULT '',     -- team ids, comma-separated (managers)
    password_hash TEXT    NOT NULL,                -- argon2id, PHC string
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,                -- UTC, RFC 3339
    updated_at    TEXT    NOT NULL
);

-- The cookie holds the session id; only its SHA-256 is kept, so a copy of
-- the database does not let anyone sign in as the user.
CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,                   -- the form token of this session
    created_at INTEGER NOT NULL,                   -- Unix seconds
    last_seen  INTEGER NOT NULL                    -- Unix seconds: for the idle timeout
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Who saw which children's records, what and when. Never changed or deleted.
CREATE TABLE access_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,                    -- UTC, RFC 3339
    user_name TEXT    NOT NULL,
    role      TEXT    NOT NULL,
    action    TEXT    NOT NULL,                    -- view, csv or api
    what      TEXT    NOT NULL,                    -- the page or file, with its query
    children  INTEGER NOT NULL,                    -- how many children's records were shown
    child_ids TEXT    NOT NULL                     -- which, comma-separated
);
CREATE TRIGGER access_log_is_append_only_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_is_append_only_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
