-- Scrutiny store, schema version 2: officers' commentary and reports as presented.

-- Commentary per period on a domain (key = domain key, e.g. front_door) or an
-- indicator (key = its id). One current text per period, scope and key; a
-- signed-off text records who signed it off and when.
CREATE TABLE narratives (
    period        TEXT NOT NULL,               -- e.g. 2024-25-Q1
    scope         TEXT NOT NULL CHECK (scope IN ('domain', 'indicator')),
    key           TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'challenged', 'signed_off')),
    by            TEXT,                        -- who signed off (or challenged)
    on_date       TEXT,                        -- when, as written
    body          TEXT NOT NULL,               -- Markdown
    updated_at    TEXT NOT NULL,               -- UTC, RFC 3339
    CHECK (status <> 'signed_off' OR by IS NOT NULL),
    PRIMARY KEY (period, scope, key)
) WITHOUT ROWID;

-- Every report produced from a snapshot, kept as presented: the parameters,
-- the full report content (figures as shown, commentary as it stood) and the
-- SHA-256 of the output, so the pack a committee saw can be produced again
-- byte for byte after later imports. A snapshot a committee saw cannot be deleted.
CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    created_at    TEXT    NOT NULL,            -- UTC, RFC 3339
    snapshot_id   INTEGER NOT NULL REFERENCES snapshots (id),
    period        TEXT    NOT NULL,
    edition       TEXT    NOT NULL,
    format        TEXT    NOT NULL,            -- html, pdf or xlsx
    parameters    TEXT    NOT NULL,            -- JSON
    content       TEXT    NOT NULL,            -- JSON: the report as rendered
    hash          TEXT    NOT NULL             -- SHA-256 of what was checked (see parameters)
);
CREATE INDEX reports_snapshot ON reports (snapshot_id);
