-- Schema 2: the annual report reads the complaints received in a year through an
-- index holding every column it needs (an index-only scan), never every complaint's row.
CREATE INDEX complaints_for_report ON complaints (received_on, complaint_type, channel, department_id, status, closed_on,
    advisory_committee, postponement_weeks, agreed_end) INCLUDE (id);
