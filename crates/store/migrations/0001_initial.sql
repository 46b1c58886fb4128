-- Scrutiny store, schema version 1.
--
-- Every import is a snapshot; every other table hangs off a snapshot and is
-- deleted with it. The JSON `record` columns hold the full domain records and
-- are what the store reads back; the plain columns beside them (and the
-- referrals and care_episodes tables) exist so analysts can query with SQL.
-- Dates are ISO 8601 text (YYYY-MM-DD); booleans are 0/1; codes are DfE codes.
-- `position` / `seq` keep the order records were imported in, so a snapshot
-- reads back exactly as written.

-- Marks the file as Scrutiny's ("SCRT"), so open() can refuse other databases.
PRAGMA application_id = 1396920916;

CREATE TABLE snapshots (
    id            INTEGER PRIMARY KEY,
    imported_at   TEXT    NOT NULL,            -- UTC, RFC 3339
    fingerprint   TEXT    NOT NULL,            -- the sorted, distinct file hashes joined by ','
    children      INTEGER NOT NULL,
    referrals     INTEGER NOT NULL,
    care_episodes INTEGER NOT NULL,
    workers       INTEGER NOT NULL,
    errors        INTEGER NOT NULL,
    warnings      INTEGER NOT NULL,
    queries       INTEGER NOT NULL
);

CREATE TABLE snapshot_files (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    path        TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    bytes       INTEGER NOT NULL,
    format      TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, seq)
) WITHOUT ROWID;

CREATE TABLE snapshot_council (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
    la_code     TEXT NOT NULL,
    la_name     TEXT NOT NULL,
    region      TEXT NOT NULL,
    record      TEXT NOT NULL                      -- Council as JSON (with population)
);

CREATE TABLE children (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    child_id    TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    birth_date  TEXT,
    sex         TEXT    NOT NULL,
    ethnicity   TEXT    NOT NULL,
    record      TEXT    NOT NULL,                  -- Child as compact JSON
    PRIMARY KEY (snapshot_id, child_id),
    -- Also the index that reads a snapshot back in order without sorting
    -- every record through a temporary file.
    UNIQUE (snapshot_id, position)
);

CREATE TABLE referrals (
    snapshot_id    INTEGER NOT NULL,
    child_id       TEXT    NOT NULL,
    seq            INTEGER NOT NULL,               -- order within the child
    referral_id    TEXT    NOT NULL,
    referral_date  TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    nfa            INTEGER NOT NULL,
    closure_date   TEXT,
    closure_reason TEXT,
    team_id        TEXT,
    worker_id      TEXT,
    PRIMARY KEY (snapshot_id, child_id, seq),
    FOREIGN KEY (snapshot_id, child_id) REFERENCES children (snapshot_id, child_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE care_episodes (
    snapshot_id    INTEGER NOT NULL,
    child_id       TEXT    NOT NULL,
    seq            INTEGER NOT NULL,               -- order within the child
    start_date     TEXT    NOT NULL,
    end_date       TEXT,
    reason_new     TEXT    NOT NULL,
    legal_status   TEXT    NOT NULL,
    placement      TEXT    NOT NULL,
    provider       TEXT,
    reason_ceased  TEXT,
    PRIMARY KEY (snapshot_id, child_id, seq),
    FOREIGN KEY (snapshot_id, child_id) REFERENCES children (snapshot_id, child_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE teams (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    team_id     TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    service     TEXT    NOT NULL,                  -- its label, e.g. 'Children in care'
    record      TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, team_id)
);

CREATE TABLE workers (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    worker_id   TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    team_id     TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    agency      INTEGER NOT NULL,
    fte         REAL    NOT NULL,
    start_date  TEXT    NOT NULL,
    end_date    TEXT,
    record      TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, worker_id)
);

-- Keyed by position, not census date: a repeated year is the validator's to
-- report, not the store's to refuse.
CREATE TABLE workforce_returns (
    snapshot_id            INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position               INTEGER NOT NULL,
    census_date            TEXT    NOT NULL,
    vacancies_fte          REAL    NOT NULL,
    agency_cover_fte       REAL    NOT NULL,
    agency_cover_headcount INTEGER NOT NULL,
    record                 TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;

CREATE TABLE issues (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    severity    TEXT    NOT NULL CHECK (severity IN ('error', 'warning', 'query')),
    rule        TEXT    NOT NULL,
    file        TEXT    NOT NULL,
    line        INTEGER,
    child       TEXT,
    field       TEXT,
    value       TEXT,
    message     TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, seq)
);

-- What analysts filter on.
CREATE INDEX referrals_by_date ON referrals (snapshot_id, referral_date);
CREATE INDEX care_episodes_by_start ON care_episodes (snapshot_id, start_date);
CREATE INDEX issues_by_rule ON issues (snapshot_id, rule);
