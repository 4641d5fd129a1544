-- duban schema, version 1 (PostgreSQL). Keep in step with ../sqlite/0001_init.sql.
-- Text columns the store sorts by are COLLATE "C" (byte order), as SQLite sorts, so
-- both backends list rows in the same order whatever the database's locale.
-- Extracted facts (reports .. tasks) are written by ingest and never edited by people;
-- the ledger columns of tasks, task_notes, task_evidence.confirmed_* and users are what
-- people change, and every such change leaves a row in audit_log.

CREATE TABLE reports (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region        TEXT COLLATE "C",
    level         TEXT,
    year          INTEGER,
    review_year   INTEGER,
    plan_period   TEXT,
    title         TEXT,
    source        TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    text          TEXT NOT NULL,
    meta_json     TEXT NOT NULL,
    diagnostics_json TEXT NOT NULL DEFAULT '[]',
    ingested_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX reports_region_year ON reports (region, year);

CREATE TABLE sections (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id   BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    parent_id   BIGINT REFERENCES sections (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    heading     TEXT NOT NULL,
    role        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL
);
CREATE INDEX sections_report ON sections (report_id);

-- Spans are byte offsets into reports.text; sentence holds the sentence's text.
CREATE TABLE indicators (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id     BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,
    metric        TEXT COLLATE "C",
    metric_text   TEXT NOT NULL,
    measure       TEXT COLLATE "C" NOT NULL,
    value         DOUBLE PRECISION,
    low           DOUBLE PRECISION,
    high          DOUBLE PRECISION,
    unit          TEXT NOT NULL,
    qualifier     TEXT,
    role          TEXT NOT NULL,
    period_start  INTEGER,
    period_end    INTEGER,
    base          TEXT,
    scope         TEXT,
    from_value    DOUBLE PRECISION,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end  INTEGER NOT NULL,
    sentence      TEXT NOT NULL
);
CREATE INDEX indicators_report ON indicators (report_id);
CREATE INDEX indicators_metric ON indicators (metric, role);

CREATE TABLE targets (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id     BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,
    metric        TEXT COLLATE "C",
    metric_text   TEXT NOT NULL,
    measure       TEXT COLLATE "C" NOT NULL,
    value         DOUBLE PRECISION,
    low           DOUBLE PRECISION,
    high          DOUBLE PRECISION,
    unit          TEXT NOT NULL,
    qualifier     TEXT,
    role          TEXT NOT NULL,
    period_start  INTEGER,
    period_end    INTEGER,
    base          TEXT,
    scope         TEXT,
    from_value    DOUBLE PRECISION,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end  INTEGER NOT NULL,
    sentence      TEXT NOT NULL,
    hardness      TEXT NOT NULL
);
CREATE INDEX targets_report ON targets (report_id);
CREATE INDEX targets_metric ON targets (metric);

-- One row per target, recomputed after each ingest of the region.
CREATE TABLE outcome_links (
    target_id          BIGINT PRIMARY KEY REFERENCES targets (id) ON DELETE CASCADE,
    outcome_report_id  BIGINT REFERENCES reports (id) ON DELETE SET NULL,
    outcome_id         BIGINT REFERENCES indicators (id) ON DELETE SET NULL,
    reference_id       BIGINT REFERENCES indicators (id) ON DELETE SET NULL,
    verdict            TEXT NOT NULL CHECK (verdict IN ('met', 'exceeded', 'missed', 'no_data', 'not_comparable')),
    rule               TEXT NOT NULL,
    computed_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    password_hash  TEXT,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A task row holds the extracted commitment and the ledger (台账) fields people fill in.
CREATE TABLE tasks (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id        BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    task_key         TEXT NOT NULL,
    ord              INTEGER NOT NULL,
    area             TEXT NOT NULL,
    action           TEXT,
    object           TEXT,
    text             TEXT NOT NULL,
    deadline_text    TEXT,
    deadline_year    INTEGER,
    deadline_month   INTEGER,
    span_start       INTEGER NOT NULL,
    span_end         INTEGER NOT NULL,
    lead_unit        TEXT,
    supporting_units TEXT,
    due_date         DATE,
    status           TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'in_progress', 'done', 'not_done', 'dropped')),
    version          INTEGER NOT NULL DEFAULT 1,
    updated_at       TIMESTAMPTZ,
    UNIQUE (report_id, task_key)
);
CREATE INDEX tasks_report ON tasks (report_id);

CREATE TABLE task_notes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id     BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    noted_on    DATE NOT NULL,
    note        TEXT NOT NULL,
    author_id   BIGINT REFERENCES users (id),
    author      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX task_notes_task ON task_notes (task_id);

-- Candidate evidence from the next year's review; a reviewer confirms it.
CREATE TABLE task_evidence (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id        BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    report_id      BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    rank           INTEGER NOT NULL,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    sentence       TEXT NOT NULL,
    score          DOUBLE PRECISION NOT NULL,
    confirmed      TEXT CHECK (confirmed IN ('done', 'not_done', 'irrelevant')),
    confirmed_by   TEXT,
    confirmed_at   TIMESTAMPTZ
);
CREATE INDEX task_evidence_task ON task_evidence (task_id);

CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    user_id     BIGINT REFERENCES users (id),
    actor       TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    row_id      INTEGER NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT
);
CREATE INDEX audit_log_row ON audit_log (table_name, row_id);
