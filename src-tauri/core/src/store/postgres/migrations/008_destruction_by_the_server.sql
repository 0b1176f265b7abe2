-- Schema 8, AVG-02/SEC-07: a complaint's parts are deleted by the server, only for a complaint
-- on a proposed destruction list that someone other than its proposer confirms. Until now the
-- desks' login could DELETE from every complaint table, so with psql it could destroy a
-- complaint without the four-eyes list or delete the AVG art. 16/19 records (corrections,
-- recipients). Now the desks' login may delete from none of them; klachtbalie_destroy_complaint
-- (owner's rights) checks the list and then deletes the parts and writes the destruction
-- record from the list's own facts. The desk empties the complaint's sealed columns itself
-- before (only it can seal), and the function requires that done. The tables are the
-- catalogue's parts of a complaint (store::catalogue); tests/it/catalogue.rs compares.

-- The guard on letters and drafts (schema 3) fires inside the function below, whose search
-- path holds no schema a desk could write: it names its table with the schema too.
CREATE OR REPLACE FUNCTION klachtbalie_refuse_unless_destroyed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.complaints WHERE id = OLD.complaint_id AND destroyed_at IS NOT NULL) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'KB001';
END $$;

CREATE FUNCTION klachtbalie_destroy_complaint(target bigint, list bigint, confirmer text, destroyed text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    listed record;
BEGIN
    SELECT l.proposed_by, l.state, l.kind, i.reference, i.retention_class, i.closed_on,
           c.reference AS complaint_reference, c.ombudsman_case_open, c.keep_permanently INTO listed
      FROM public.destruction_list_items i JOIN public.destruction_lists l ON l.id = i.list_id
           JOIN public.complaints c ON c.id = i.complaint_id
     WHERE i.list_id = list AND i.complaint_id = target AND i.excluded_reason IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Deze klacht staat niet (meer) op deze vernietigingslijst.' USING ERRCODE = 'KB001';
    END IF;
    IF listed.state <> 'voorgesteld' THEN
        RAISE EXCEPTION 'Deze vernietigingslijst is niet meer voorgesteld.' USING ERRCODE = 'KB001';
    END IF;
    IF confirmer IS NULL OR confirmer = '' OR confirmer = listed.proposed_by THEN
        RAISE EXCEPTION 'Vier ogen: wie de vernietigingslijst voorstelde, kan haar niet zelf bevestigen.' USING ERRCODE = 'KB001';
    END IF;
    -- The holds of AVG-02 (domain::retention): no list passes an open ombudsman case; a list
    -- by retention term never takes a complaint kept permanently.
    IF listed.complaint_reference IS DISTINCT FROM listed.reference THEN
        RAISE EXCEPTION 'De klacht op de vernietigingslijst is een andere klacht.' USING ERRCODE = 'KB001';
    END IF;
    IF listed.ombudsman_case_open THEN
        RAISE EXCEPTION 'Deze klacht wordt niet vernietigd: de zaak bij de ombudsman loopt nog.' USING ERRCODE = 'KB001';
    END IF;
    IF listed.kind = 'bewaartermijn' AND listed.keep_permanently THEN
        RAISE EXCEPTION 'Deze klacht wordt blijvend bewaard.' USING ERRCODE = 'KB001';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.complaints WHERE id = target AND destroyed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'De persoonsgegevens van deze klacht zijn nog niet gewist.' USING ERRCODE = 'KB001';
    END IF;
    -- Children before parents.
    DELETE FROM public.complaint_tokens WHERE complaint_id = target;
    DELETE FROM public.recipients WHERE complaint_id = target;
    DELETE FROM public.corrections WHERE complaint_id = target;
    DELETE FROM public.letter_sendings WHERE letter_id IN (SELECT id FROM public.letters WHERE complaint_id = target);
    DELETE FROM public.letter_drafts WHERE complaint_id = target;
    DELETE FROM public.letters WHERE complaint_id = target;
    DELETE FROM public.reminders_given WHERE complaint_id = target;
    DELETE FROM public.tasks WHERE complaint_id = target;
    DELETE FROM public.decisions WHERE complaint_id = target;
    DELETE FROM public.hearings WHERE complaint_id = target;
    DELETE FROM public.contacts WHERE complaint_id = target;
    DELETE FROM public.events WHERE complaint_id = target;
    DELETE FROM public.notes WHERE complaint_id = target;
    INSERT INTO public.destruction_records (complaint_id, reference, retention_class, closed_on, destroyed_at, proposed_by,
                                     confirmed_by, list_id)
    VALUES (target, listed.reference, listed.retention_class, listed.closed_on, destroyed, listed.proposed_by, confirmer, list);
END $$;
REVOKE ALL ON FUNCTION klachtbalie_destroy_complaint(bigint, bigint, text, text) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        -- What the desks still delete: a log-in throttle after a good log-in, the chart when it
        -- is replaced whole, a complaint's search tokens when they are made again.
        REVOKE DELETE ON settings, users, reference_sequences, complaints, notes, events, contacts, hearings, decisions,
            tasks, reminders_given, letter_drafts, letter_sendings, letters, corrections, recipients FROM klachtbalie_app;
        REVOKE INSERT ON destruction_records FROM klachtbalie_app;
        GRANT EXECUTE ON FUNCTION klachtbalie_destroy_complaint(bigint, bigint, text, text) TO klachtbalie_app;
    END IF;
END $$;
