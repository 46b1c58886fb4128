-- Scrutiny store, schema version 4: the improvement plan, practice audits and
-- scrutiny committees' meetings, recommendations and actions.
--
-- Committees, meetings and agenda items are keyed by their ModernGov ids so a
-- record links to the published minutes rather than retyping them. Actions are
-- one table whatever their source. Dates are ISO 8601 text; statuses and
-- grades are lower-case codes (see the CHECKs).

-- What each BRAG status means in this council (councils define Blue differently).
CREATE TABLE brag_key (
    status   TEXT    PRIMARY KEY CHECK (status IN ('blue', 'green', 'amber', 'red')),
    label    TEXT    NOT NULL,
    meaning  TEXT    NOT NULL,
    position INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO brag_key (status, label, meaning, position) VALUES
    ('blue',  'Blue',  'Complete, with evidence that it has made a difference', 0),
    ('green', 'Green', 'On track to be completed by its due date', 1),
    ('amber', 'Amber', 'At risk: may miss its due date without intervention', 2),
    ('red',   'Red',   'Off track: overdue or not started; needs escalation', 3);

-- Improvement plan themes; the defaults are the Ofsted ILACS judgement areas.
CREATE TABLE plan_themes (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL UNIQUE,
    position INTEGER NOT NULL
);
INSERT INTO plan_themes (name, position) VALUES
    ('The impact of leaders on social work practice with children and families', 0),
    ('The experiences and progress of children who need help and protection', 1),
    ('The experiences and progress of children in care', 2),
    ('The experiences and progress of care leavers', 3);

CREATE TABLE committees (
    moderngov_id INTEGER PRIMARY KEY,
    title        TEXT NOT NULL
);

CREATE TABLE meetings (
    moderngov_id      INTEGER PRIMARY KEY,
    committee_id      INTEGER NOT NULL REFERENCES committees (moderngov_id),
    meeting_date      TEXT    NOT NULL,
    meeting_time      TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL DEFAULT '',
    minutes_published INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meetings_committee ON meetings (committee_id, meeting_date);

CREATE TABLE agenda_items (
    meeting_id   INTEGER NOT NULL REFERENCES meetings (moderngov_id),
    moderngov_id INTEGER NOT NULL,
    number       TEXT    NOT NULL DEFAULT '',
    title        TEXT    NOT NULL,
    decision     TEXT    NOT NULL DEFAULT '',     -- the minuted text, as plain text
    PRIMARY KEY (meeting_id, moderngov_id)
) WITHOUT ROWID;

-- What a committee resolved or recommended, to whom, and the response.
CREATE TABLE recommendations (
    ref            TEXT    PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (moderngov_id),
    agenda_item_id INTEGER,
    kind           TEXT    NOT NULL CHECK (kind IN ('resolution', 'recommendation')),
    text           TEXT    NOT NULL,
    to_whom        TEXT    NOT NULL,
    response       TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL CHECK (status IN ('awaiting_response', 'accepted', 'partly_accepted', 'rejected', 'implemented')),
    FOREIGN KEY (meeting_id, agenda_item_id) REFERENCES agenda_items (meeting_id, moderngov_id)
) WITHOUT ROWID;

-- Future items a committee plans to take; meeting_id NULL until scheduled.
CREATE TABLE work_programme (
    committee_id INTEGER NOT NULL REFERENCES committees (moderngov_id),
    title        TEXT    NOT NULL,
    meeting_id   INTEGER REFERENCES meetings (moderngov_id),
    lead         TEXT    NOT NULL,
    PRIMARY KEY (committee_id, title)
) WITHOUT ROWID;

-- Every action, whatever its source. `status` is the latest entry of its
-- history; `original_due` is the first due date given, so slippage shows.
CREATE TABLE actions (
    ref            TEXT    PRIMARY KEY,
    source         TEXT    NOT NULL CHECK (source IN ('ofsted', 'peer_review', 'committee', 'indicator', 'audit', 'self_assessment')),
    source_ref     TEXT    NOT NULL DEFAULT '',
    theme_id       INTEGER REFERENCES plan_themes (id),
    description    TEXT    NOT NULL,
    owner          TEXT    NOT NULL,
    start_date     TEXT,
    due_date       TEXT,
    original_due   TEXT,
    target_meeting INTEGER REFERENCES meetings (moderngov_id),
    status         TEXT    NOT NULL CHECK (status IN ('blue', 'green', 'amber', 'red')),
    evidence       TEXT    NOT NULL DEFAULT '',
    CHECK (status <> 'blue' OR evidence <> '')
) WITHOUT ROWID;

-- Every BRAG status an action has had, dated, with who set it. Append only.
CREATE TABLE action_status_history (
    action_ref TEXT    NOT NULL REFERENCES actions (ref),
    seq        INTEGER NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('blue', 'green', 'amber', 'red')),
    on_date    TEXT    NOT NULL,
    by         TEXT    NOT NULL,
    PRIMARY KEY (action_ref, seq)
) WITHOUT ROWID;
CREATE TRIGGER action_status_history_no_update BEFORE UPDATE ON action_status_history
BEGIN SELECT RAISE(ABORT, 'BRAG history is kept as written: record a new status instead'); END;
CREATE TRIGGER action_status_history_no_delete BEFORE DELETE ON action_status_history
BEGIN SELECT RAISE(ABORT, 'BRAG history is kept as written: record a new status instead'); END;

-- The measures that matter: catalogue indicator ids an action should move.
CREATE TABLE action_indicators (
    action_ref   TEXT NOT NULL REFERENCES actions (ref),
    indicator_id TEXT NOT NULL,
    PRIMARY KEY (action_ref, indicator_id)
) WITHOUT ROWID;

-- Practice audits of a child's case. Grades are outstanding, good,
-- requires_improvement or inadequate. A safeguarding concern names the manager it went to.
CREATE TABLE audits (
    ref                  TEXT    PRIMARY KEY,
    child_ref            TEXT    NOT NULL,
    team                 TEXT    NOT NULL DEFAULT '',
    auditor              TEXT    NOT NULL,
    audit_date           TEXT    NOT NULL,
    overall              TEXT    NOT NULL CHECK (overall IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    moderator            TEXT,
    moderated_grade      TEXT CHECK (moderated_grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    themes               TEXT    NOT NULL DEFAULT '',   -- '; '-separated
    safeguarding_concern INTEGER NOT NULL CHECK (safeguarding_concern IN (0, 1)),
    escalated_to         TEXT,
    CHECK (safeguarding_concern = 0 OR coalesce(escalated_to, '') <> ''),
    CHECK ((moderator IS NULL) = (moderated_grade IS NULL))
) WITHOUT ROWID;

CREATE TABLE audit_grades (
    audit_ref TEXT    NOT NULL REFERENCES audits (ref) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    domain    TEXT    NOT NULL,
    grade     TEXT    NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    PRIMARY KEY (audit_ref, position)
) WITHOUT ROWID;
