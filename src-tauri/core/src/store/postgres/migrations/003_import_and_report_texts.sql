-- Schema 3 (issue 12): complaints imported from an earlier system (or seeded for a benchmark)
-- say where they came from and bring the facts the report needs; every complaint can record
-- that the complainant went on to the ombudsman; RP-04: the municipality's own texts of a
-- year's report (written for publication, so plain: they hold no personal data). The same
-- changes as the single desk's migration 10.
ALTER TABLE complaints ADD COLUMN origin text NOT NULL DEFAULT 'intake';
ALTER TABLE complaints ADD COLUMN previous_reference text;
ALTER TABLE complaints ADD COLUMN imported_judgement text;
ALTER TABLE complaints ADD COLUMN imported_hearing boolean NOT NULL DEFAULT false;
ALTER TABLE complaints ADD COLUMN ombudsman boolean NOT NULL DEFAULT false;
CREATE INDEX complaints_by_previous_reference ON complaints (previous_reference) WHERE previous_reference IS NOT NULL;
DROP INDEX complaints_for_report;
CREATE INDEX complaints_for_report ON complaints (received_on, complaint_type, channel, department_id, status, closed_on,
    advisory_committee, postponement_weeks, agreed_end, imported_judgement, imported_hearing, ombudsman) INCLUDE (id);
CREATE TABLE report_texts (
    year            bigint PRIMARY KEY,
    introduction    text NOT NULL DEFAULT '',
    lessons_learned text NOT NULL DEFAULT '',
    measures        text NOT NULL DEFAULT '',
    follow_up       text NOT NULL DEFAULT '',
    changed_at      text NOT NULL,
    changed_by      text NOT NULL
);
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        GRANT SELECT, INSERT, UPDATE ON report_texts TO klachtbalie_app;
    END IF;
END $$;
