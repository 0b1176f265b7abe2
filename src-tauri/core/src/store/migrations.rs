//! Embedded, numbered schema migrations. `PRAGMA user_version` records the last one applied;
//! opening an older database applies the rest, each in its own transaction, losing no row.

/// Each entry is (version, SQL). Never edit a released migration: add a new one.
pub const MIGRATIONS: &[(i64, &str)] = &[(1, MIGRATION_0001)];

const MIGRATION_0001: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name   TEXT NOT NULL,
    job_title      TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    roles          TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL
);

-- Consecutive failed log-ins per typed user name (also for names that do not exist, so the
-- delay does not reveal which accounts exist).
CREATE TABLE login_failures (
    username              TEXT PRIMARY KEY COLLATE NOCASE,
    consecutive_failures  INTEGER NOT NULL,
    last_failure_at       TEXT NOT NULL
);

CREATE TABLE departments (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    manager_name      TEXT NOT NULL,
    manager_function  TEXT NOT NULL
);

-- INT-03: the last number handed out per year; numbers are never reused.
CREATE TABLE reference_sequences (
    year         INTEGER PRIMARY KEY,
    last_number  INTEGER NOT NULL
);

CREATE TABLE complaints (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    received_on       TEXT NOT NULL,
    channel           TEXT NOT NULL,
    complainant_name  TEXT NOT NULL,
    street_address    TEXT NOT NULL,
    postcode          TEXT NOT NULL,
    city              TEXT NOT NULL,
    phone             TEXT NOT NULL,
    email             TEXT NOT NULL,
    representative    TEXT NOT NULL,
    complaint_type    TEXT NOT NULL,
    department_id     INTEGER NOT NULL REFERENCES departments(id),
    respondent_name   TEXT NOT NULL,
    conduct_date      TEXT,
    description       TEXT NOT NULL,
    desired_outcome   TEXT NOT NULL,
    handler_name      TEXT NOT NULL,
    handler_function  TEXT NOT NULL,
    handler_reason    TEXT NOT NULL,
    status            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL
);
CREATE INDEX complaints_by_status ON complaints(status);

-- Section 6: a generated letter is stored with its hash and never changes.
CREATE TABLE letters (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    kind          TEXT NOT NULL,
    pdf           BLOB NOT NULL,
    sha256        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);
CREATE INDEX letters_by_complaint ON letters(complaint_id, kind);
CREATE TRIGGER letters_are_immutable BEFORE UPDATE ON letters
BEGIN SELECT RAISE(ABORT, 'Een opgeslagen brief kan niet worden gewijzigd.'); END;
CREATE TRIGGER letters_are_never_deleted BEFORE DELETE ON letters
BEGIN SELECT RAISE(ABORT, 'Een opgeslagen brief kan niet worden verwijderd.'); END;

-- PR-08: the complaint's timeline.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX events_by_complaint ON events(complaint_id, at);
"#;
