-- Schema 10 (SEC-08, issue 25 item 7): the recovery key is no longer the database key but a
-- secret of its own that wraps it. Nothing in the tables changes: after this file,
-- `klachtbalie-cli migrate-schema` (with this database's key) writes the wrap and the new
-- recovery key, sealed under the database key, into store_info for the Beheerder to save.
SELECT 1;
