-- Schema 3 (issue 12): complaints imported from an earlier system (or seeded for a benchmark)
-- say where they came from; the approved judgement and whether a hearing was held are kept on
-- the complaint too (by the store's writers and the import), so the report reads one index in
-- GROUP BY order; every complaint can record that the complainant went on to the ombudsman
-- (AVG-02 retention also needs whether that case still runs, whether compensation was paid,
-- and the mark to keep it permanently);
-- the dashboard reads open complaints through an index of its own; RP-04: the municipality's
-- own texts of a year's report (written for publication, so plain: they hold no personal
-- data). The same changes as the single desk's migration 10.
ALTER TABLE complaints ADD COLUMN origin text NOT NULL DEFAULT 'intake';
ALTER TABLE complaints ADD COLUMN previous_reference text;
ALTER TABLE complaints ADD COLUMN judgement text;
ALTER TABLE complaints ADD COLUMN hearing_held boolean NOT NULL DEFAULT false;
ALTER TABLE complaints ADD COLUMN ombudsman boolean NOT NULL DEFAULT false;
ALTER TABLE complaints ADD COLUMN ombudsman_case_open boolean NOT NULL DEFAULT false;
ALTER TABLE complaints ADD COLUMN compensation_paid boolean NOT NULL DEFAULT false;
ALTER TABLE complaints ADD COLUMN keep_permanently boolean NOT NULL DEFAULT false;
UPDATE complaints SET
    judgement = (SELECT d.judgement FROM decisions d WHERE d.complaint_id = complaints.id AND d.state = 'goedgekeurd'
                  ORDER BY d.id DESC LIMIT 1),
    hearing_held = EXISTS (SELECT 1 FROM hearings h WHERE h.complaint_id = complaints.id AND h.report IS NOT NULL);
CREATE INDEX complaints_by_previous_reference ON complaints (previous_reference) WHERE previous_reference IS NOT NULL;
DROP INDEX complaints_for_report;
CREATE INDEX complaints_for_report ON complaints (received_on, complaint_type, channel, department_id, status, closed_on,
    advisory_committee, postponement_weeks, agreed_end, judgement, hearing_held, ombudsman) INCLUDE (id);
CREATE INDEX worklist_for_dashboard ON complaints (status, handler_id, department_id, next_deadline_on) WHERE on_worklist = 1;
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
