//! Embedded, numbered schema migrations. `PRAGMA user_version` records the last one applied;
//! opening an older database applies the rest, each in its own transaction, losing no row.

/// Each entry is (version, SQL). Never edit a released migration: add a new one.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, MIGRATION_0001),
    (2, MIGRATION_0002),
    (3, MIGRATION_0003),
    (4, MIGRATION_0004),
    (5, MIGRATION_0005),
    (6, MIGRATION_0006),
    (7, MIGRATION_0007),
    (8, MIGRATION_0008),
    (9, MIGRATION_0009),
    (10, MIGRATION_0010),
    (11, MIGRATION_0011),
    (12, MIGRATION_0012),
    (13, include_str!("migrations/0013_seal_version.sql")),
];

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

/// The organisation chart replaces the skeleton's departments (each old manager
/// becomes an official), complaints name their respondents and handler by chart id, users
/// are linked to officials, handler notes, and the hash-chained audit log (SEC-02).
/// The complaints table is rebuilt (SQLite cannot drop a NOT NULL foreign key in place);
/// `Database::migrate` runs this with foreign keys off and checks them before committing.
const MIGRATION_0002: &str = r#"
CREATE TABLE org_departments (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    manager_id  TEXT NOT NULL,
    position    INTEGER NOT NULL
);

CREATE TABLE officials (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    function           TEXT NOT NULL,
    department_id      TEXT,
    deputy_id          TEXT,
    absent             INTEGER NOT NULL DEFAULT 0,
    loco_burgemeester  INTEGER NOT NULL DEFAULT 0,
    position           INTEGER NOT NULL
);

INSERT INTO org_departments (id, name, manager_id, position)
    SELECT 'afd-' || id, name, 'afd-' || id || '-manager', id FROM departments;
INSERT INTO officials (id, name, function, department_id, position)
    SELECT 'afd-' || id || '-manager', manager_name, 'afdelingsmanager', 'afd-' || id, id FROM departments;

CREATE TABLE complaints_v2 (
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
    -- Chart ids, plus the names as they were at intake so the complaint still reads right
    -- after the chart changes.
    department_id     TEXT,
    department_name   TEXT NOT NULL,
    respondent_ids    TEXT NOT NULL,
    respondent_names  TEXT NOT NULL,
    conduct_date      TEXT,
    description       TEXT NOT NULL,
    desired_outcome   TEXT NOT NULL,
    handler_id        TEXT NOT NULL,
    handler_name      TEXT NOT NULL,
    handler_function  TEXT NOT NULL,
    handler_reason    TEXT NOT NULL,
    status            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL
);
INSERT INTO complaints_v2
    SELECT c.id, c.reference, c.received_on, c.channel, c.complainant_name, c.street_address, c.postcode,
           c.city, c.phone, c.email, c.representative, c.complaint_type, 'afd-' || c.department_id, d.name,
           '', c.respondent_name, c.conduct_date, c.description, c.desired_outcome,
           'afd-' || c.department_id || '-manager', c.handler_name, c.handler_function, c.handler_reason,
           c.status, c.created_at, c.created_by
    FROM complaints c JOIN departments d ON d.id = c.department_id;
DROP TABLE complaints;
ALTER TABLE complaints_v2 RENAME TO complaints;
CREATE INDEX complaints_by_status ON complaints(status);
CREATE INDEX complaints_by_handler ON complaints(handler_id);
DROP TABLE departments;

ALTER TABLE users ADD COLUMN official_id TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- The handler's working notes: need-to-know (section 1: not for the KCC).
CREATE TABLE notes (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    at            TEXT NOT NULL,
    author        TEXT NOT NULL,
    text          TEXT NOT NULL
);
CREATE INDEX notes_by_complaint ON notes(complaint_id);

-- SEC-02: append-only, each entry holds the hash of the previous one.
CREATE TABLE audit_log (
    sequence       INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    workstation    TEXT NOT NULL,
    action         TEXT NOT NULL,
    object         TEXT NOT NULL,
    result         TEXT NOT NULL,
    previous_hash  TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_by_actor ON audit_log(actor, at);
CREATE INDEX audit_by_object ON audit_log(object);
CREATE TRIGGER audit_is_append_only BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'Het auditlog kan niet worden gewijzigd.'); END;
CREATE TRIGGER audit_is_never_deleted BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'Het auditlog kan niet worden verwijderd.'); END;
"#;

/// The procedure (section 4) and its deadlines (section 5): changes of term, the
/// informal contacts, hearings, decisions with their approval, open tasks, reminders already
/// given, and full-text search over the complaints (FTS5, inside the encrypted file).
const MIGRATION_0003: &str = r#"
ALTER TABLE complaints ADD COLUMN advisory_committee INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN postponement_weeks INTEGER;
ALTER TABLE complaints ADD COLUMN postponed_on TEXT;
ALTER TABLE complaints ADD COLUMN agreed_end TEXT;
ALTER TABLE complaints ADD COLUMN consent_on TEXT;
ALTER TABLE complaints ADD COLUMN copy_to_respondent_on TEXT;
ALTER TABLE complaints ADD COLUMN hearing_skip_reason TEXT;
ALTER TABLE complaints ADD COLUMN was_formal INTEGER NOT NULL DEFAULT 0;
-- The recorded reason of a closing step: satisfaction statement, Awb 9:8 ground, receiving
-- body, withdrawal note.
ALTER TABLE complaints ADD COLUMN closing_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN closed_on TEXT;

-- PR-02: every contact with the complainant.
CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    contact_on    TEXT NOT NULL,
    channel       TEXT NOT NULL,
    by_user       TEXT NOT NULL,
    summary       TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX contacts_by_complaint ON contacts(complaint_id);

-- PR-05: planned hearings and their written report.
CREATE TABLE hearings (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    starts_at     TEXT NOT NULL,
    place         TEXT NOT NULL,
    planned_by    TEXT NOT NULL,
    report        TEXT,
    reported_by   TEXT,
    reported_at   TEXT
);
CREATE INDEX hearings_by_complaint ON hearings(complaint_id);

-- PR-06/07: decision drafts; an approved one never changes (trigger).
CREATE TABLE decisions (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    findings      TEXT NOT NULL,
    judgement     TEXT NOT NULL,
    conclusions   TEXT NOT NULL,
    reasons       TEXT NOT NULL,
    drafted_by    TEXT NOT NULL,
    drafted_at    TEXT NOT NULL,
    state         TEXT NOT NULL,
    decided_by    TEXT,
    decided_at    TEXT,
    comment       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_by_complaint ON decisions(complaint_id);
CREATE TRIGGER approved_decisions_are_immutable BEFORE UPDATE ON decisions WHEN OLD.state = 'goedgekeurd'
BEGIN SELECT RAISE(ABORT, 'Een goedgekeurde beslissing kan niet worden gewijzigd.'); END;

-- Work that must still be done, e.g. the postponement letters (DL-05) until letters exist.
CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    kind          TEXT NOT NULL,
    description   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    done_at       TEXT
);
CREATE INDEX open_tasks ON tasks(complaint_id) WHERE done_at IS NULL;

-- DL-09: a notification is given once per user, complaint, deadline and level.
CREATE TABLE reminders_given (
    username      TEXT NOT NULL,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    deadline      TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    level         TEXT NOT NULL,
    given_at      TEXT NOT NULL,
    PRIMARY KEY (username, complaint_id, deadline, due_on, level)
);

-- Search over reference, names and text; kept in step by triggers.
CREATE VIRTUAL TABLE complaint_search USING fts5(
    reference, complainant_name, respondent_names, description, desired_outcome,
    content = 'complaints', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO complaint_search (rowid, reference, complainant_name, respondent_names, description, desired_outcome)
    SELECT id, reference, complainant_name, respondent_names, description, desired_outcome FROM complaints;
CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaint_search (rowid, reference, complainant_name, respondent_names, description, desired_outcome)
    VALUES (new.id, new.reference, new.complainant_name, new.respondent_names, new.description, new.desired_outcome);
END;
CREATE TRIGGER complaint_search_update AFTER UPDATE OF complainant_name, respondent_names, description, desired_outcome ON complaints BEGIN
    INSERT INTO complaint_search (complaint_search, rowid, reference, complainant_name, respondent_names, description, desired_outcome)
    VALUES ('delete', old.id, old.reference, old.complainant_name, old.respondent_names, old.description, old.desired_outcome);
    INSERT INTO complaint_search (rowid, reference, complainant_name, respondent_names, description, desired_outcome)
    VALUES (new.id, new.reference, new.complainant_name, new.respondent_names, new.description, new.desired_outcome);
END;
"#;

/// Letters (section 6, PR-07). Templates keep every saved version; a final letter
/// records its version, recipient, correction reason and approver; drafts wait in the
/// handler's approval queue; sending is recorded separately (letters never change).
const MIGRATION_0004: &str = r#"
CREATE TABLE letter_templates (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    saved_by      TEXT NOT NULL,
    saved_at      TEXT NOT NULL,
    UNIQUE (kind, version)
);
CREATE TRIGGER letter_templates_are_immutable BEFORE UPDATE ON letter_templates
BEGIN SELECT RAISE(ABORT, 'Een opgeslagen briefsjabloon kan niet worden gewijzigd; sla een nieuwe versie op.'); END;
CREATE TRIGGER letter_templates_are_never_deleted BEFORE DELETE ON letter_templates
BEGIN SELECT RAISE(ABORT, 'Een briefsjabloon kan niet worden verwijderd.'); END;

ALTER TABLE letters ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE letters ADD COLUMN recipient TEXT NOT NULL DEFAULT 'klager';
ALTER TABLE letters ADD COLUMN recipient_name TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN correction_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN template_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE letters ADD COLUMN pages INTEGER NOT NULL DEFAULT 1;
CREATE INDEX letters_by_day ON letters(created_at);

CREATE TABLE letter_drafts (
    id                INTEGER PRIMARY KEY,
    complaint_id      INTEGER NOT NULL REFERENCES complaints(id),
    kind              TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    recipient_name    TEXT NOT NULL,
    correction_reason TEXT NOT NULL DEFAULT '',
    pdf               BLOB NOT NULL,
    text              TEXT NOT NULL,
    pages             INTEGER NOT NULL,
    template_version  INTEGER NOT NULL,
    approver_id       TEXT NOT NULL,
    drafted_by        TEXT NOT NULL,
    drafted_at        TEXT NOT NULL,
    state             TEXT NOT NULL,
    decided_by        TEXT,
    decided_at        TEXT,
    comment           TEXT NOT NULL DEFAULT '',
    letter_id         INTEGER REFERENCES letters(id)
);
CREATE INDEX letter_drafts_waiting ON letter_drafts(complaint_id) WHERE state = 'ter_goedkeuring';
CREATE TRIGGER decided_letter_drafts_are_immutable BEFORE UPDATE ON letter_drafts WHEN OLD.state <> 'ter_goedkeuring'
BEGIN SELECT RAISE(ABORT, 'Over deze conceptbrief is al beslist.'); END;
CREATE TRIGGER letter_drafts_are_never_deleted BEFORE DELETE ON letter_drafts
BEGIN SELECT RAISE(ABORT, 'Een conceptbrief kan niet worden verwijderd.'); END;

CREATE TABLE letter_sendings (
    id            INTEGER PRIMARY KEY,
    letter_id     INTEGER NOT NULL REFERENCES letters(id),
    sent_on       TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX letter_sendings_by_letter ON letter_sendings(letter_id);
"#;

/// A letter version is numbered inside its INSERT; this trigger makes a second
/// version with the same number impossible even for a writer that bypasses that code. A
/// trigger rather than a unique index, so a database with an old duplicate still opens.
const MIGRATION_0005: &str = r#"
CREATE TRIGGER letters_version_is_unique BEFORE INSERT ON letters
WHEN EXISTS (SELECT 1 FROM letters l WHERE l.complaint_id = NEW.complaint_id AND l.kind = NEW.kind
             AND l.recipient = NEW.recipient AND l.version = NEW.version)
BEGIN SELECT RAISE(ABORT, 'Deze versie van de brief bestaat al; maak de brief opnieuw definitief.'); END;
"#;

/// Every change of a complaint is based on the version the user saw. The version
/// goes up with each change, which records when and by whom, so a stale save is refused
/// with "KL-… is om 10:42 gewijzigd door …" instead of silently overwriting.
const MIGRATION_0006: &str = r#"
ALTER TABLE complaints ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE complaints ADD COLUMN changed_at TEXT;
ALTER TABLE complaints ADD COLUMN changed_by TEXT;
"#;

/// The worklist reads one page, nearest deadline first, through an index instead of
/// every complaint. `next_deadline_on` is the earliest running deadline (from the one deadline
/// function, stored whenever a complaint changes); `on_worklist` is 1 while the complaint is
/// open or has an open task. The service fills both for existing complaints at first use.
const MIGRATION_0007: &str = r#"
ALTER TABLE complaints ADD COLUMN on_worklist INTEGER NOT NULL DEFAULT 1;
ALTER TABLE complaints ADD COLUMN next_deadline_on TEXT;
CREATE INDEX worklist_by_deadline ON complaints(next_deadline_on, reference) WHERE on_worklist = 1;
CREATE INDEX worklist_by_handler ON complaints(handler_id, next_deadline_on) WHERE on_worklist = 1;
"#;

/// Search covers what the shared store's blind index covers: names, reference,
/// street, city, postcode (also without its space), phone (also digits only), e-mail and the
/// text. A table of its own (inside the encrypted file) instead of external content, because
/// the postcode and phone are indexed in a normalised form too.
const MIGRATION_0008: &str = r#"
DROP TRIGGER complaint_search_insert;
DROP TRIGGER complaint_search_update;
DROP TABLE complaint_search;
CREATE VIRTUAL TABLE complaint_search USING fts5(
    reference, names, address, contact, text, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO complaint_search (rowid, reference, names, address, contact, text)
    SELECT id, reference,
           complainant_name || ' ' || representative || ' ' || respondent_names,
           street_address || ' ' || city || ' ' || postcode || ' ' || replace(postcode, ' ', ''),
           phone || ' ' || replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', '') || ' ' || email,
           description || ' ' || desired_outcome
    FROM complaints;
CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaint_search (rowid, reference, names, address, contact, text)
    VALUES (new.id, new.reference,
            new.complainant_name || ' ' || new.representative || ' ' || new.respondent_names,
            new.street_address || ' ' || new.city || ' ' || new.postcode || ' ' || replace(new.postcode, ' ', ''),
            new.phone || ' ' || replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '(', ''), ')', '') || ' ' || new.email,
            new.description || ' ' || new.desired_outcome);
END;
CREATE TRIGGER complaint_search_update AFTER UPDATE OF complainant_name, representative, respondent_names, street_address, city,
    postcode, phone, email, description, desired_outcome ON complaints BEGIN
    DELETE FROM complaint_search WHERE rowid = old.id;
    INSERT INTO complaint_search (rowid, reference, names, address, contact, text)
    VALUES (new.id, new.reference,
            new.complainant_name || ' ' || new.representative || ' ' || new.respondent_names,
            new.street_address || ' ' || new.city || ' ' || new.postcode || ' ' || replace(new.postcode, ' ', ''),
            new.phone || ' ' || replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '(', ''), ')', '') || ' ' || new.email,
            new.description || ' ' || new.desired_outcome);
END;
"#;

/// The annual report reads the complaints received in a year through an index that
/// holds every column it needs, so it reads (and SQLCipher decrypts) the index's pages, not
/// every complaint's whole row with its texts. The same index is the shared store's schema 2.
pub const MIGRATION_0009: &str = r#"
CREATE INDEX complaints_for_report ON complaints(received_on, complaint_type, channel, department_id, status, closed_on,
    advisory_committee, postponement_weeks, agreed_end);
"#;

/// Complaints imported from an earlier system (or seeded for a benchmark) say where
/// they came from. The facts the report needs from other tables (the approved judgement,
/// whether a hearing was held) are kept on the complaint too, by the store's writers of those
/// tables (and by the import), so that the report reads one index in GROUP BY order instead of
/// two lookups per complaint; every complaint can record that the complainant went on to the
/// ombudsman (AVG-02 retention also needs whether that case still runs, whether compensation
/// was paid, and the coördinator's mark to keep it permanently). The dashboard reads the open complaints through an index of its own. RP-04: the
/// municipality's own texts of a year's report (written for publication, so they hold no
/// personal data). AVG-02: destruction lists (proposed, then confirmed by a second person),
/// the destruction records kept permanently, and letters and drafts that may be deleted only
/// once their complaint is marked destroyed. AVG-04 (art. 16): a corrected contact value's previous value is kept only
/// in the correction history (sealed on the shared store), never in the audit log. The same
/// changes are the shared store's schema 3.
pub const MIGRATION_0010: &str = r#"
ALTER TABLE complaints ADD COLUMN origin TEXT NOT NULL DEFAULT 'intake';
ALTER TABLE complaints ADD COLUMN previous_reference TEXT;
ALTER TABLE complaints ADD COLUMN judgement TEXT;
ALTER TABLE complaints ADD COLUMN hearing_held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN ombudsman INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN ombudsman_case_open INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN compensation_paid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN keep_permanently INTEGER NOT NULL DEFAULT 0;
UPDATE complaints SET
    judgement = (SELECT d.judgement FROM decisions d WHERE d.complaint_id = complaints.id AND d.state = 'goedgekeurd'
                  ORDER BY d.id DESC LIMIT 1),
    hearing_held = EXISTS (SELECT 1 FROM hearings h WHERE h.complaint_id = complaints.id AND h.report IS NOT NULL);
CREATE INDEX complaints_by_previous_reference ON complaints(previous_reference) WHERE previous_reference IS NOT NULL;
DROP INDEX complaints_for_report;
CREATE INDEX complaints_for_report ON complaints(received_on, complaint_type, channel, department_id, status, closed_on,
    advisory_committee, postponement_weeks, agreed_end, judgement, hearing_held, ombudsman);
CREATE INDEX worklist_for_dashboard ON complaints(status, handler_id, department_id, next_deadline_on) WHERE on_worklist = 1;
CREATE TABLE corrections (
    id             INTEGER PRIMARY KEY,
    complaint_id   INTEGER NOT NULL REFERENCES complaints(id),
    at             TEXT NOT NULL,
    by_user        TEXT NOT NULL,
    field          TEXT NOT NULL,
    previous_value TEXT NOT NULL
);
CREATE INDEX corrections_by_complaint ON corrections(complaint_id);
CREATE TABLE recipients (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    kind         TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    what         TEXT NOT NULL,
    sent_on      TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX recipients_by_complaint ON recipients(complaint_id);
ALTER TABLE complaints ADD COLUMN destroyed_at TEXT;
CREATE TABLE destruction_lists (
    id           INTEGER PRIMARY KEY,
    as_of        TEXT NOT NULL,
    proposed_at  TEXT NOT NULL,
    proposed_by  TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'voorgesteld',
    kind         TEXT NOT NULL DEFAULT 'bewaartermijn',
    reason       TEXT,
    confirmed_at TEXT,
    confirmed_by TEXT
);
CREATE TABLE destruction_list_items (
    id              INTEGER PRIMARY KEY,
    list_id         INTEGER NOT NULL REFERENCES destruction_lists(id),
    complaint_id    INTEGER NOT NULL REFERENCES complaints(id),
    reference       TEXT NOT NULL,
    retention_class TEXT NOT NULL,
    closed_on       TEXT NOT NULL,
    destroy_after   TEXT NOT NULL,
    excluded_reason TEXT,
    UNIQUE (list_id, complaint_id)
);
CREATE TABLE destruction_records (
    id              INTEGER PRIMARY KEY,
    complaint_id    INTEGER NOT NULL UNIQUE REFERENCES complaints(id),
    reference       TEXT NOT NULL,
    retention_class TEXT NOT NULL,
    closed_on       TEXT NOT NULL,
    destroyed_at    TEXT NOT NULL,
    proposed_by     TEXT NOT NULL,
    confirmed_by    TEXT NOT NULL,
    list_id         INTEGER REFERENCES destruction_lists(id)
);
CREATE TRIGGER destruction_records_are_immutable BEFORE UPDATE ON destruction_records
BEGIN SELECT RAISE(ABORT, 'Een vernietigingsverklaring kan niet worden gewijzigd.'); END;
CREATE TRIGGER destruction_records_are_never_deleted BEFORE DELETE ON destruction_records
BEGIN SELECT RAISE(ABORT, 'Een vernietigingsverklaring wordt blijvend bewaard.'); END;
DROP TRIGGER letters_are_never_deleted;
CREATE TRIGGER letters_are_never_deleted BEFORE DELETE ON letters
WHEN NOT EXISTS (SELECT 1 FROM complaints WHERE id = OLD.complaint_id AND destroyed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'Een opgeslagen brief kan niet worden verwijderd.'); END;
DROP TRIGGER letter_drafts_are_never_deleted;
CREATE TRIGGER letter_drafts_are_never_deleted BEFORE DELETE ON letter_drafts
WHEN NOT EXISTS (SELECT 1 FROM complaints WHERE id = OLD.complaint_id AND destroyed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'Een conceptbrief kan niet worden verwijderd.'); END;
CREATE TABLE report_texts (
    year            INTEGER PRIMARY KEY,
    introduction    TEXT NOT NULL DEFAULT '',
    lessons_learned TEXT NOT NULL DEFAULT '',
    measures        TEXT NOT NULL DEFAULT '',
    follow_up       TEXT NOT NULL DEFAULT '',
    changed_at      TEXT NOT NULL,
    changed_by      TEXT NOT NULL
);
"#;

/// AVG-03 (art. 15): requests for access, with who asked (and where the answer goes),
/// how their identity was checked, the answer term and its one extension, and the answer as
/// sent (the PDF and the complaints found to be theirs). The same table is the shared store's
/// schema 4, where the personal columns are sealed.
pub const MIGRATION_0011: &str = r#"
CREATE TABLE access_requests (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    requester         TEXT NOT NULL,
    address           TEXT NOT NULL,
    identity_check    TEXT NOT NULL,
    identity_note     TEXT NOT NULL,
    received_on       TEXT NOT NULL,
    due_on            TEXT NOT NULL,
    extended_on       TEXT,
    extension_reason  TEXT,
    answered_on       TEXT,
    answered_by       TEXT,
    answer_references TEXT,
    answer_pdf        BLOB,
    registered_at     TEXT NOT NULL,
    registered_by     TEXT NOT NULL
);
CREATE INDEX open_access_requests ON access_requests(due_on) WHERE answered_on IS NULL;
CREATE TRIGGER access_answers_are_kept BEFORE UPDATE ON access_requests
WHEN OLD.answered_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Een beantwoord inzageverzoek kan niet worden gewijzigd.'); END;
"#;

/// From migration 12 on, each migration is a file in `migrations/` (as the shared store's), so this file stays small.
pub const MIGRATION_0012: &str = include_str!("migrations/0012_contact_channel_codes.sql");
