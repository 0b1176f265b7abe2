-- Schema 7, SEC-02/SEC-07: the server keeps the audit log's end. Until now the desks' login
-- inserted entries and wrote the recorded head (the setting audit_head) itself, so with psql
-- it could delete the head (every desk stops writing) or set it anywhere. Now the desks append
-- only through klachtbalie_append_audit, which runs with the owner's rights: an entry must
-- follow the last one (number and link), the log's end must be the recorded one (unless the
-- entry is the Beheerder's acknowledgement of a damaged end, which the desk checks and the
-- chain keeps visible), and the head is written in the same statement, in a table no desk
-- login may write. The entry's keyed MAC is still made on the desk (the server has no key):
-- an entry with a wrong MAC is found by every desk's verification.

CREATE TABLE audit_head (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    sequence  bigint NOT NULL,
    hash      text NOT NULL
);
-- A malformed value is not moved (the desks then report a missing head, which the Beheerder
-- acknowledges) rather than stopping the whole upgrade.
INSERT INTO audit_head (sequence, hash)
    SELECT split_part(value, ':', 1)::bigint, split_part(value, ':', 2) FROM settings
     WHERE key = 'audit_head' AND value ~ '^[0-9]{1,18}:[0-9a-f]+$';
DELETE FROM settings WHERE key = 'audit_head';

CREATE FUNCTION klachtbalie_append_audit(
    entry_sequence bigint, entry_at text, entry_actor text, entry_workstation text, entry_action text,
    entry_object text, entry_result text, entry_previous_hash text, entry_hash text, acknowledges_damage boolean
) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    last_sequence bigint;
    last_hash text;
    head_sequence bigint;
    head_hash text;
BEGIN
    -- One appender at a time, as the desks' own lock (store::audit_log) already queues them.
    PERFORM pg_advisory_xact_lock(hashtext('audit_log:head'));
    SELECT sequence, hash INTO last_sequence, last_hash FROM public.audit_log ORDER BY sequence DESC LIMIT 1;
    SELECT sequence, hash INTO head_sequence, head_hash FROM public.audit_head;
    IF entry_sequence IS DISTINCT FROM COALESCE(last_sequence, 0) + 1
       OR entry_previous_hash IS DISTINCT FROM COALESCE(last_hash, repeat('0', 64)) THEN
        RAISE EXCEPTION 'Een auditregel moet aansluiten op de laatste regel van het log.' USING ERRCODE = 'KB003';
    END IF;
    -- Only the acknowledgement's own entry may follow a damaged end (store::audit_log).
    IF COALESCE(acknowledges_damage, false) AND entry_action IS DISTINCT FROM 'aantasting auditlog bevestigd' THEN
        RAISE EXCEPTION 'Alleen de bevestiging van een aangetast auditlog mag volgen op een beschadigd einde.' USING ERRCODE = 'KB003';
    END IF;
    IF NOT COALESCE(acknowledges_damage, false)
       AND (head_sequence IS DISTINCT FROM last_sequence OR head_hash IS DISTINCT FROM last_hash) THEN
        RAISE EXCEPTION 'Het einde van het auditlog is niet het vastgelegde einde.' USING ERRCODE = 'KB003';
    END IF;
    INSERT INTO public.audit_log (sequence, at, actor, workstation, action, object, result, previous_hash, hash)
    VALUES (entry_sequence, entry_at, entry_actor, entry_workstation, entry_action, entry_object, entry_result,
            entry_previous_hash, entry_hash);
    INSERT INTO public.audit_head (only_row, sequence, hash) VALUES (true, entry_sequence, entry_hash)
        ON CONFLICT (only_row) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash;
END $$;
REVOKE ALL ON FUNCTION klachtbalie_append_audit(bigint, text, text, text, text, text, text, text, text, boolean) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        REVOKE INSERT ON audit_log FROM klachtbalie_app;
        GRANT SELECT ON audit_head TO klachtbalie_app;
        GRANT EXECUTE ON FUNCTION klachtbalie_append_audit(bigint, text, text, text, text, text, text, text, text, boolean)
            TO klachtbalie_app;
    END IF;
END $$;
