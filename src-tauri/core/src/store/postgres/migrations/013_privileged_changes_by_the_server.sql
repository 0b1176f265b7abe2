-- Schema 13, SEC-07 and AVG-02 (issue 25 item 4): privileged changes are checked by the server
-- too, for a person's own login, with the matrix of roles.rs:
--   settings (the letterhead, the lock, the norms, holidays, retention terms, the logo), the
--   organisation chart and the letter templates: a Beheerder's (ManageSettings,
--   ManageOrganisation); only the worklist index's flag is anyone's (any first look refills it);
--   destruction lists and access requests: a coördinator's (ManageRetention,
--   AnswerAccessRequest), and a person proposes, confirms and answers in their own name only,
--   so four eyes are two logins: the server, not the desk, knows who confirms;
--   the log-in throttle: a desks' shared login's only (a person's password is the server's);
--   the audit log: a person appends no entry in another account's name, and only a Beheerder
--   acknowledges a damaged end.
-- A desks' shared login of before (no account of its own) and the owner (set-up, migrations,
-- its functions) are not checked here, as before.

-- Whether the caller may act in a Klachtbalie role: an active account of theirs holds it on the
-- server, or the caller is a desks' shared login. Called by the triggers below (caller's rights).
CREATE FUNCTION klachtbalie_acts_as(role_code text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT public.klachtbalie_is_desks_login()
        OR (public.klachtbalie_is_active_person()
            AND CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'klachtbalie_' || role_code)
                     THEN pg_catalog.pg_has_role(session_user, 'klachtbalie_' || role_code, 'MEMBER')
                     ELSE false END)
$$;
REVOKE ALL ON FUNCTION klachtbalie_acts_as(text) FROM PUBLIC;

-- TG_ARGV[0]: the role codes (comma-separated) whose holders may write the table; TG_ARGV[1]:
-- the refusal.
CREATE FUNCTION klachtbalie_only_for() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       OR EXISTS (SELECT 1 FROM unnest(string_to_array(TG_ARGV[0], ',')) AS code WHERE public.klachtbalie_acts_as(code)) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    -- Nested, so NEW.key is only named for settings (a record without it cannot be asked).
    IF TG_TABLE_NAME = 'settings' AND TG_OP = 'INSERT' THEN
        IF NEW.key = 'worklist_index_filled' THEN
            RETURN NEW;
        END IF;
    ELSIF TG_TABLE_NAME = 'settings' AND TG_OP = 'UPDATE' THEN
        IF NEW.key = 'worklist_index_filled' AND OLD.key = 'worklist_index_filled' THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '%', TG_ARGV[1] USING ERRCODE = 'KB006';
END $$;

CREATE TRIGGER only_a_beheerder BEFORE INSERT OR UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('beheerder', 'Alleen een Beheerder wijzigt de instellingen.');
CREATE TRIGGER only_a_beheerder BEFORE INSERT OR UPDATE OR DELETE ON org_departments
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('beheerder', 'Alleen een Beheerder wijzigt het organogram.');
CREATE TRIGGER only_a_beheerder BEFORE INSERT OR UPDATE OR DELETE ON officials
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('beheerder', 'Alleen een Beheerder wijzigt het organogram.');
CREATE TRIGGER only_a_beheerder BEFORE INSERT OR UPDATE OR DELETE ON letter_templates
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('beheerder', 'Alleen een Beheerder wijzigt de briefsjablonen.');
CREATE TRIGGER only_a_coordinator BEFORE INSERT OR UPDATE OR DELETE ON destruction_list_items
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('klachtcoordinator', 'Alleen de klachtcoördinator stelt vernietigingslijsten op.');
CREATE TRIGGER only_a_coordinator BEFORE INSERT OR UPDATE OR DELETE ON access_requests
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('klachtcoordinator', 'Alleen de klachtcoördinator behandelt inzageverzoeken.');
CREATE TRIGGER only_a_coordinator BEFORE INSERT OR UPDATE OR DELETE ON report_texts
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('klachtcoordinator', 'Alleen de klachtcoördinator schrijft de teksten van het klachtverslag.');
-- A complaint is registered by the KCC or the coördinator (an import of earlier years by the
-- Beheerder); its handler is changed by the coördinator only, and so is its destruction mark.
CREATE TRIGGER registered_by_the_kcc_or_the_coordinator BEFORE INSERT ON complaints
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('kcc_medewerker,klachtcoordinator,beheerder',
        'Een klacht registreren de KCC-medewerker en de klachtcoördinator.');
CREATE TRIGGER handed_over_by_the_coordinator BEFORE UPDATE OF handler_id ON complaints
    FOR EACH ROW WHEN (OLD.handler_id IS DISTINCT FROM NEW.handler_id)
    EXECUTE FUNCTION klachtbalie_only_for('klachtcoordinator', 'Alleen de klachtcoördinator draagt een klacht over aan een andere behandelaar.');
CREATE TRIGGER destroyed_by_the_coordinator BEFORE UPDATE OF destroyed_at ON complaints
    FOR EACH ROW WHEN (OLD.destroyed_at IS DISTINCT FROM NEW.destroyed_at)
    EXECUTE FUNCTION klachtbalie_only_for('klachtcoordinator', 'Alleen de klachtcoördinator vernietigt klachten.');
-- No role holds the throttle: only a desks' shared login (and the owner) pass.
CREATE TRIGGER only_a_desks_login BEFORE INSERT OR UPDATE OR DELETE ON login_failures
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_only_for('geen_rol', 'Het aantal mislukte aanmeldingen is niet van een persoonlijke login.');

-- A person proposes and confirms a destruction list in their own name, and never their own.
CREATE FUNCTION klachtbalie_guard_destruction_list() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       OR public.klachtbalie_is_desks_login() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF NOT public.klachtbalie_acts_as('klachtcoordinator') OR TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Alleen de klachtcoördinator stelt vernietigingslijsten op.' USING ERRCODE = 'KB006';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.proposed_by IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION 'Een vernietigingslijst stelt u voor in uw eigen naam (%).', session_user USING ERRCODE = 'KB006';
    END IF;
    IF TG_OP = 'INSERT' AND (NEW.confirmed_by IS NOT NULL OR NEW.confirmed_at IS NOT NULL OR NEW.state <> 'voorgesteld') THEN
        RAISE EXCEPTION 'Een nieuwe vernietigingslijst is voorgesteld, nog niet bevestigd.' USING ERRCODE = 'KB006';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.proposed_by IS DISTINCT FROM OLD.proposed_by THEN
        RAISE EXCEPTION 'Wie een vernietigingslijst voorstelde, verandert niet.' USING ERRCODE = 'KB006';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.confirmed_by IS DISTINCT FROM OLD.confirmed_by
       AND (NEW.confirmed_by IS DISTINCT FROM session_user::text OR lower(NEW.confirmed_by) = lower(NEW.proposed_by)) THEN
        RAISE EXCEPTION 'Vier ogen: een ander dan de voorsteller bevestigt de vernietigingslijst, in eigen naam.' USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER proposed_and_confirmed_in_one_s_own_name BEFORE INSERT OR UPDATE OR DELETE ON destruction_lists
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_guard_destruction_list();

-- The destruction itself (schema 8): for a person only a coördinator, in their own name, and
-- never the proposer (also not in other letters' case); the rest as in schema 8.
CREATE OR REPLACE FUNCTION klachtbalie_destroy_complaint(target bigint, list bigint, confirmer text, destroyed text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    listed record;
BEGIN
    IF NOT public.klachtbalie_is_desks_login() AND NOT public.klachtbalie_is_owner(session_user)
       AND (NOT public.klachtbalie_acts_as('klachtcoordinator') OR confirmer IS DISTINCT FROM session_user::text) THEN
        RAISE EXCEPTION 'Vier ogen: alleen een klachtcoördinator vernietigt, in eigen naam.' USING ERRCODE = 'KB001';
    END IF;
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
    IF confirmer IS NULL OR confirmer = '' OR lower(confirmer) = lower(listed.proposed_by) THEN
        RAISE EXCEPTION 'Vier ogen: wie de vernietigingslijst voorstelde, kan haar niet zelf bevestigen.' USING ERRCODE = 'KB001';
    END IF;
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

-- The destruction's record names the caller for a person (the function above checks it first).
CREATE FUNCTION klachtbalie_confirmer_is_the_caller() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- Inside klachtbalie_destroy_complaint current_user is the owner; session_user is the caller.
    IF NOT public.klachtbalie_is_desks_login() AND NOT public.klachtbalie_is_owner(session_user)
       AND NEW.confirmed_by IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION 'Vier ogen: de vernietiging bevestigt u in uw eigen naam (%).', session_user USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER confirmed_by_the_caller BEFORE INSERT ON destruction_records
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_confirmer_is_the_caller();

-- An access request is answered in one's own name.
CREATE FUNCTION klachtbalie_answered_by_the_caller() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF public.klachtbalie_is_desks_login()
       OR current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN NEW;
    END IF;
    -- A new request is not answered yet; an answer names the caller.
    IF TG_OP = 'INSERT' AND (NEW.answered_by IS NOT NULL OR NEW.answered_on IS NOT NULL) THEN
        RAISE EXCEPTION 'Een nieuw inzageverzoek is nog niet beantwoord.' USING ERRCODE = 'KB006';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.answered_by IS NOT NULL AND NEW.answered_by IS DISTINCT FROM OLD.answered_by
       AND NEW.answered_by IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION 'Een inzageverzoek beantwoordt u in uw eigen naam (%).', session_user USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER answered_by_the_caller BEFORE INSERT OR UPDATE ON access_requests
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_answered_by_the_caller();

-- The audit log: a person writes no entry in the name of another account, and only a
-- Beheerder's login acknowledges a damaged end. Checked before klachtbalie_append_audit's own
-- checks, which insert the entry as the owner (so session_user, not current_user, is the caller).
CREATE FUNCTION klachtbalie_entry_in_one_s_own_name() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF public.klachtbalie_is_desks_login() OR public.klachtbalie_is_owner(session_user) THEN
        RETURN NEW;
    END IF;
    -- A person without an active account writes only the refusal of their own sign-in.
    IF NOT public.klachtbalie_is_active_person() AND NOT (NEW.action = 'inloggen' AND NEW.result = 'mislukt') THEN
        RAISE EXCEPTION 'Zonder actief account schrijft u geen auditregels.' USING ERRCODE = 'KB006';
    END IF;
    IF lower(NEW.actor) IS DISTINCT FROM lower(session_user)
       AND EXISTS (SELECT 1 FROM public.users WHERE lower(username) = lower(NEW.actor)) THEN
        RAISE EXCEPTION 'Een auditregel schrijft u in uw eigen naam (%), niet in die van %.', session_user, NEW.actor
            USING ERRCODE = 'KB006';
    END IF;
    IF NEW.action = 'aantasting auditlog bevestigd' AND NOT public.klachtbalie_acts_as('beheerder') THEN
        RAISE EXCEPTION 'Alleen een Beheerder bevestigt een aangetast auditlog.' USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER entries_in_one_s_own_name BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_entry_in_one_s_own_name();

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        GRANT EXECUTE ON FUNCTION klachtbalie_acts_as(text) TO klachtbalie_app;
    END IF;
END $$;
