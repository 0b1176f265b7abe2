-- Schema 9 (SEC-01, issue 25): seals bind more than table, column and row. A part of a
-- complaint (note, hearing, decision, letter, …) is sealed with its complaint's id, so a row
-- moved to another complaint no longer opens; a complaint's own cells are sealed with its
-- seal version, raised with every change (all its cells are sealed anew), so an older value
-- put back no longer opens. The SQL only adds the version; `klachtbalie-cli migrate-schema`
-- (with this database's key) re-seals every sealed value of schemas 1–8 in the same
-- transaction, after this file.
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS seal_version bigint NOT NULL DEFAULT 1;
