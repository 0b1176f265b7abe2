-- Schema 17, SEC-07 (issue 25 items 3 and 4): four places a review found where a desk login
-- could still do with a plain client what the app never does.
--
-- 1. A new complaint starts where the procedure starts. The server checked only who registers
--    one, so a KCC login could INSERT a complaint that was already closed, kept for ever,
--    marked destroyed or posing as an import. Now a registration (origin 'intake', by the KCC or
--    the coördinator) starts as the intake makes it: received, open, with no term changed and
--    nothing decided; only a Beheerder brings in complaints of an earlier system ('import') or
--    synthetic ones ('seed'), each open at 'ontvangen' or closed with its closing date, never
--    destroyed or kept. The import now writes a complaint's history with it (store::complaints),
--    so what follows is checked as for every complaint:
-- 2. an import's complaints are no longer exempt from the checks of their treatment and status
--    (schema 16 let the Beheerder and every status change through for them, for ever).
-- 3. A complaint stays on the worklist while it is open or has an open task: a KCC login could
--    otherwise take any complaint off every handler's worklist, and a coördinator reopening it
--    with a plain client leave it off. The app's one deadline function keeps the index
--    (service::worklist_index); the server checks, when the transaction commits, the part of it
--    that it can know without the holidays.
-- 4. The search tokens are written once and never changed (a correction deletes and writes
--    them anew): no desk login UPDATEs them, so a KCC login cannot move a complaint's words to
--    another and hide it from search. Nor does any desk login UPDATE the rows of a complaint
--    the app only adds: the timeline, notes, contacts, reminders given and letters sent.
-- 5. The terms change as the steps change them (one postponement, an advisory committee that
--    stays, a later agreed end with consent): a handler with a plain client could otherwise
--    postpone their own complaint twice.
-- 6. A decision is approved or returned by its handler only, once, with its text as drafted
--    (PR-07): the status check covered the complaint, not the decision's own row.
-- Still the desk's word: the earliest deadline in the worklist index (it needs the holidays; a
-- KCC login could move a complaint within the order and out of "te laat", not off the
-- worklist), and the search tokens a login adds (false hits; no complaint hidden or read).

-- The closed statuses, as domain::procedure::Status::is_closed (a test compares them).
CREATE FUNCTION klachtbalie_is_closed(status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
    SELECT status IN ('informeel_afgehandeld', 'afgehandeld', 'ingetrokken', 'niet_in_behandeling', 'doorgezonden')
$$;

-- 1. The owner (set-up, migrate-to-shared, re-seals) is not checked, as in klachtbalie_only_for.
CREATE FUNCTION klachtbalie_registered_where_the_procedure_starts() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF NOT public.klachtbalie_is_desks_login() AND lower(NEW.created_by) IS DISTINCT FROM lower(session_user) THEN
        RAISE EXCEPTION 'Klacht %: u registreert een klacht in uw eigen naam (%), niet in die van %.', NEW.reference, session_user, NEW.created_by
            USING ERRCODE = 'KB006';
    END IF;
    IF NEW.origin = 'intake' THEN
        IF NOT (public.klachtbalie_acts_as('kcc_medewerker') OR public.klachtbalie_acts_as('klachtcoordinator')) THEN
            RAISE EXCEPTION 'Alleen de KCC-medewerker en de klachtcoördinator registreren een klacht; een Beheerder importeert alleen klachten uit een vorig systeem.'
                USING ERRCODE = 'KB006';
        END IF;
        IF (NEW.status, NEW.was_formal, NEW.closed_on, NEW.judgement, NEW.hearing_held, NEW.ombudsman, NEW.previous_reference)
           IS DISTINCT FROM ('ontvangen'::text, false, NULL::text, NULL::text, false, false, NULL::text) THEN
            RAISE EXCEPTION 'Klacht %: een nieuwe klacht begint als ontvangen en open: nog niet formeel, niet gehoord, zonder oordeel, ombudsman of eerder kenmerk.', NEW.reference
                USING ERRCODE = 'KB006';
        END IF;
        IF (NEW.advisory_committee, NEW.postponement_weeks, NEW.postponed_on, NEW.agreed_end, NEW.consent_on) IS DISTINCT FROM
           (false, NULL::bigint, NULL::text, NULL::text, NULL::text) THEN
            RAISE EXCEPTION 'Klacht %: een nieuwe klacht heeft nog geen gewijzigde termijn.', NEW.reference USING ERRCODE = 'KB006';
        END IF;
    ELSIF NEW.origin IN ('import', 'seed') THEN
        IF NOT public.klachtbalie_acts_as('beheerder') THEN
            RAISE EXCEPTION 'Alleen een Beheerder importeert klachten uit een vorig systeem of maakt testklachten.' USING ERRCODE = 'KB006';
        END IF;
        IF NOT (NEW.status = 'ontvangen' OR public.klachtbalie_is_closed(NEW.status))
           OR public.klachtbalie_is_closed(NEW.status) IS DISTINCT FROM (NEW.closed_on IS NOT NULL)
           OR (NEW.status = 'ontvangen' AND (NEW.was_formal OR NEW.judgement IS NOT NULL)) THEN
            RAISE EXCEPTION 'Klacht %: een geïmporteerde klacht is open (ontvangen, nog niet formeel en zonder oordeel) of gesloten met haar sluitingsdatum.', NEW.reference
                USING ERRCODE = 'KB006';
        END IF;
        IF (NEW.postponed_on, NEW.consent_on) IS DISTINCT FROM (NULL::text, NULL::text) THEN
            RAISE EXCEPTION 'Klacht %: een geïmporteerde klacht brengt geen datum van verdagen of van instemming mee.', NEW.reference
                USING ERRCODE = 'KB006';
        END IF;
    ELSE
        RAISE EXCEPTION 'Klacht %: een klacht komt uit de registratie, een import of een test, niet uit "%".', NEW.reference, NEW.origin
            USING ERRCODE = 'KB006';
    END IF;
    -- Awb 9:7: the routing never makes someone the handler of a complaint about themselves.
    IF NEW.handler_id = ANY (string_to_array(NEW.respondent_ids, ',')) THEN
        RAISE EXCEPTION 'Klacht %: wie bij de gedraging betrokken was, behandelt de klacht niet (Awb 9:7).', NEW.reference USING ERRCODE = 'KB006';
    END IF;
    -- What no registration or import sets: the steps of treatment and retention set these.
    IF (NEW.copy_to_respondent_on, NEW.hearing_skip_reason, NEW.compensation_paid, NEW.ombudsman_case_open,
        NEW.keep_permanently, NEW.destroyed_at)
       IS DISTINCT FROM (NULL::text, NULL::bytea, false, false, false, NULL::text) THEN
        RAISE EXCEPTION 'Klacht %: bij de registratie of import is er nog geen afschrift aan de betrokkene, reden om niet te horen, vergoeding, lopende ombudszaak, blijvende bewaring of vernietiging.', NEW.reference
            USING ERRCODE = 'KB006';
    END IF;
    -- The app writes the worklist index when the transaction ends (service::worklist_index).
    IF NEW.on_worklist <> 1 THEN
        RAISE EXCEPTION 'Klacht %: een nieuwe klacht staat op de werkvoorraad tot de app haar plaats berekent.', NEW.reference USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER registered_where_the_procedure_starts BEFORE INSERT ON complaints
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_registered_where_the_procedure_starts();

-- 2. Whether the caller works on a complaint with this handler (called per changed row only).
DROP FUNCTION klachtbalie_works_on(text, text);
CREATE FUNCTION klachtbalie_works_on(handler text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT public.klachtbalie_acts_as('klachtcoordinator') OR handler = ANY (public.klachtbalie_handled_ids())
$$;
REVOKE ALL ON FUNCTION klachtbalie_works_on(text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION klachtbalie_worked_on_by_its_handler() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       OR public.klachtbalie_works_on(OLD.handler_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Klacht %: aan de behandeling werken alleen de behandelaar (of de vervanger van een afwezige behandelaar) en de klachtcoördinator.', OLD.reference
        USING ERRCODE = 'KB006';
END $$;

CREATE OR REPLACE FUNCTION klachtbalie_part_worked_on_by_its_handler() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ids bigint[];
    complaint record;
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        ids := ARRAY[NEW.complaint_id, OLD.complaint_id];
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY[OLD.complaint_id];
    ELSE
        ids := ARRAY[NEW.complaint_id];
    END IF;
    -- The complaints' row-level security applies: a complaint the caller cannot read is not
    -- found, and so not worked on either.
    FOR complaint IN SELECT c.id, c.reference, c.handler_id FROM public.complaints c WHERE c.id = ANY (ids) LOOP
        IF NOT public.klachtbalie_works_on(complaint.handler_id) THEN
            RAISE EXCEPTION 'Klacht %: aan de behandeling werken alleen de behandelaar (of de vervanger van een afwezige behandelaar) en de klachtcoördinator.', complaint.reference
                USING ERRCODE = 'KB006';
        END IF;
        ids := array_remove(ids, complaint.id);
    END LOOP;
    IF cardinality(ids) > 0 THEN
        RAISE EXCEPTION 'Deze klacht kunt u niet lezen, en er dus ook niet aan werken.' USING ERRCODE = 'KB006';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE FUNCTION klachtbalie_status_follows_the_procedure() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF OLD.status IS DISTINCT FROM NEW.status THEN
        IF NOT public.klachtbalie_status_may_follow(OLD.status, NEW.status) THEN
            RAISE EXCEPTION 'Klacht %: de status gaat niet van % naar %; zo verloopt de klachtprocedure niet.', OLD.reference, OLD.status, NEW.status
                USING ERRCODE = 'KB006';
        END IF;
        IF public.klachtbalie_is_closed(OLD.status) THEN
            IF NOT public.klachtbalie_acts_as('klachtcoordinator') THEN
                RAISE EXCEPTION 'Klacht %: alleen de klachtcoördinator heropent een gesloten klacht.', OLD.reference USING ERRCODE = 'KB006';
            END IF;
            IF (NEW.status = 'formeel') IS DISTINCT FROM OLD.was_formal THEN
                RAISE EXCEPTION 'Klacht %: een heropende klacht gaat terug naar de behandeling die zij had (formeel of informeel).', OLD.reference
                    USING ERRCODE = 'KB006';
            END IF;
        END IF;
        -- PR-07: the responsible handler (or the deputy of an absent one) approves, never
        -- someone else, also not the coördinator.
        IF NEW.status = 'besluit_goedgekeurd'
           AND NOT (public.klachtbalie_is_desks_login() OR OLD.handler_id = ANY (public.klachtbalie_handled_ids())) THEN
            RAISE EXCEPTION 'Klacht %: alleen de behandelaar (of de vervanger van een afwezige behandelaar) keurt de beslissing goed.', OLD.reference
                USING ERRCODE = 'KB006';
        END IF;
        IF NEW.status = 'besluit_concept' AND NEW.hearing_skip_reason IS NULL
           AND NOT EXISTS (SELECT 1 FROM public.hearings h WHERE h.complaint_id = OLD.id AND h.reported_at IS NOT NULL) THEN
            RAISE EXCEPTION 'Klacht %: een conceptbeslissing volgt pas na het verslag van de hoorzitting of de vastgelegde reden om niet te horen (Awb 9:10).', OLD.reference
                USING ERRCODE = 'KB006';
        END IF;
    END IF;
    IF public.klachtbalie_is_closed(NEW.status) IS DISTINCT FROM (NEW.closed_on IS NOT NULL) THEN
        RAISE EXCEPTION 'Klacht %: een gesloten klacht heeft een sluitingsdatum, een open klacht niet.', OLD.reference USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;

-- 3. Checked when the transaction commits, on the complaint as it is then: a step first
-- changes the status or a task and the app computes the index after it (service::worklist_index),
-- and a coördinator's reopening or a handler's task written with a plain client must not leave a
-- complaint off the worklist either. With the owner's rights, so the check sees the complaint and
-- its tasks whoever caused it (a handover may have taken the complaint out of the caller's sight
-- by then); it reads and changes nothing else.
CREATE FUNCTION klachtbalie_stays_on_the_worklist_while_open() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target bigint;
    complaint record;
BEGIN
    -- Apart, so NEW.complaint_id is only named for a task (a complaint's row has none).
    IF TG_TABLE_NAME = 'complaints' THEN
        target := NEW.id;
    ELSE
        target := NEW.complaint_id;
    END IF;
    SELECT c.reference, c.status, c.on_worklist,
           EXISTS (SELECT 1 FROM public.tasks t WHERE t.complaint_id = c.id AND t.done_at IS NULL) AS open_task
      INTO complaint FROM public.complaints c
     WHERE c.id = target;
    IF FOUND AND (complaint.on_worklist = 1) IS DISTINCT FROM (NOT public.klachtbalie_is_closed(complaint.status) OR complaint.open_task) THEN
        RAISE EXCEPTION 'Klacht %: een klacht staat op de werkvoorraad zolang zij open is of een open taak heeft, en anders niet; er is niets opgeslagen.', complaint.reference
            USING ERRCODE = 'KB006';
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION klachtbalie_stays_on_the_worklist_while_open() FROM PUBLIC;
-- Only for a change (a rebuild of the whole index that finds it right queues nothing).
CREATE CONSTRAINT TRIGGER stays_on_the_worklist_while_open AFTER UPDATE OF status, on_worklist ON complaints
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.status, OLD.on_worklist) IS DISTINCT FROM (NEW.status, NEW.on_worklist))
    EXECUTE FUNCTION klachtbalie_stays_on_the_worklist_while_open();
-- A task written done (migrate-to-shared copies them all, with the index as the single desk
-- last computed it) changes nothing on the worklist.
CREATE CONSTRAINT TRIGGER keeps_its_complaint_on_the_worklist AFTER INSERT ON tasks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.done_at IS NULL)
    EXECUTE FUNCTION klachtbalie_stays_on_the_worklist_while_open();
CREATE CONSTRAINT TRIGGER takes_its_complaint_off_the_worklist AFTER UPDATE OF done_at, complaint_id ON tasks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION klachtbalie_stays_on_the_worklist_while_open();

-- 5. The terms change as the Awb allows (DL-05, DL-06, Awb 9:14), as the steps change them
-- (service::procedure): one postponement of 1 to 4 weeks, recorded on the day it is made and
-- never changed; an advisory committee once involved stays; an agreed end date only with the
-- complainant's written consent, and a later one only after it. Whether the postponement came
-- before the term ended needs the holidays, and stays the app's.
CREATE FUNCTION klachtbalie_terms_change_as_the_awb_allows() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF (OLD.postponement_weeks IS NOT NULL AND (NEW.postponement_weeks, NEW.postponed_on) IS DISTINCT FROM (OLD.postponement_weeks, OLD.postponed_on))
       OR (NEW.postponement_weeks IS NOT NULL AND NOT NEW.postponement_weeks BETWEEN 1 AND 4)
       OR ((NEW.postponement_weeks IS NULL) IS DISTINCT FROM (NEW.postponed_on IS NULL) AND NEW.origin = 'intake') THEN
        RAISE EXCEPTION 'Klacht %: een klacht wordt één keer verdaagd, met 1 tot en met 4 weken; de datum van verdagen wordt vastgelegd en verandert niet (Awb 9:11 lid 2).', OLD.reference
            USING ERRCODE = 'KB006';
    END IF;
    IF OLD.advisory_committee AND NOT NEW.advisory_committee THEN
        RAISE EXCEPTION 'Klacht %: een klacht die de adviescommissie behandelt, blijft bij haar (Awb 9:14).', OLD.reference USING ERRCODE = 'KB006';
    END IF;
    -- The consent is recorded with the end date it agrees to, not apart.
    IF (NEW.agreed_end IS DISTINCT FROM OLD.agreed_end
        AND (NEW.agreed_end IS NULL OR NEW.agreed_end <= OLD.agreed_end OR NEW.consent_on IS NULL))
       OR (NEW.consent_on IS DISTINCT FROM OLD.consent_on AND NEW.agreed_end IS NOT DISTINCT FROM OLD.agreed_end) THEN
        RAISE EXCEPTION 'Klacht %: een afgesproken einddatum vraagt de schriftelijke instemming van de klager en ligt na de vorige.', OLD.reference
            USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER terms_change_as_the_awb_allows BEFORE UPDATE ON complaints
    FOR EACH ROW WHEN ((OLD.postponement_weeks, OLD.postponed_on, OLD.advisory_committee, OLD.agreed_end, OLD.consent_on)
                       IS DISTINCT FROM
                       (NEW.postponement_weeks, NEW.postponed_on, NEW.advisory_committee, NEW.agreed_end, NEW.consent_on))
    EXECUTE FUNCTION klachtbalie_terms_change_as_the_awb_allows();

-- 6. A decision is drafted as a concept and then approved or returned once, by the complaint's
-- handler (or the deputy of an absent one), never by someone else, also not the coördinator
-- (PR-07), with its text as drafted: the status check of schema 16 covered the complaint, not
-- the decision's own row, so a coördinator could mark their own draft approved.
CREATE FUNCTION klachtbalie_decided_by_its_handler() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    complaint record;
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF (NEW.state, NEW.decided_by, NEW.decided_at) IS DISTINCT FROM ('concept'::text, NULL::text, NULL::text) THEN
            RAISE EXCEPTION 'Een beslissing begint als concept; de behandelaar keurt haar daarna goed of stuurt haar terug (PR-07).'
                USING ERRCODE = 'KB006';
        END IF;
        RETURN NEW;
    END IF;
    IF (OLD.id, OLD.complaint_id, OLD.findings, OLD.judgement, OLD.conclusions, OLD.reasons, OLD.drafted_by, OLD.drafted_at)
       IS DISTINCT FROM (NEW.id, NEW.complaint_id, NEW.findings, NEW.judgement, NEW.conclusions, NEW.reasons, NEW.drafted_by, NEW.drafted_at)
       OR OLD.state <> 'concept' OR NEW.state NOT IN ('goedgekeurd', 'teruggestuurd') THEN
        RAISE EXCEPTION 'De tekst van een beslissing verandert niet; alleen een concept wordt één keer goedgekeurd of teruggestuurd (PR-07).'
            USING ERRCODE = 'KB006';
    END IF;
    SELECT c.reference, c.handler_id INTO complaint FROM public.complaints c WHERE c.id = OLD.complaint_id;
    IF (public.klachtbalie_is_desks_login() OR complaint.handler_id = ANY (public.klachtbalie_handled_ids())) IS NOT TRUE THEN
        RAISE EXCEPTION 'Klacht %: alleen de behandelaar (of de vervanger van een afwezige behandelaar) keurt de beslissing goed of stuurt haar terug.', complaint.reference
            USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER decided_by_its_handler BEFORE INSERT OR UPDATE ON decisions
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_decided_by_its_handler();

-- 4.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        REVOKE UPDATE ON complaint_tokens, events, notes, contacts, reminders_given, letter_sendings FROM klachtbalie_app;
        GRANT EXECUTE ON FUNCTION klachtbalie_works_on(text) TO klachtbalie_app;
    END IF;
END $$;
