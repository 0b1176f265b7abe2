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

-- TG_ARGV[0]: the role code whose holders may write the table; TG_ARGV[1]: the refusal.
CREATE FUNCTION klachtbalie_only_for() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       OR public.klachtbalie_acts_as(TG_ARGV[0]) THEN
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
    IF TG_OP = 'INSERT' AND lower(NEW.proposed_by) IS DISTINCT FROM lower(session_user) THEN
        RAISE EXCEPTION 'Een vernietigingslijst stelt u voor in uw eigen naam (%).', session_user USING ERRCODE = 'KB006';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.proposed_by IS DISTINCT FROM OLD.proposed_by THEN
        RAISE EXCEPTION 'Wie een vernietigingslijst voorstelde, verandert niet.' USING ERRCODE = 'KB006';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.confirmed_by IS DISTINCT FROM OLD.confirmed_by
       AND (lower(NEW.confirmed_by) IS DISTINCT FROM lower(session_user) OR lower(NEW.confirmed_by) = lower(NEW.proposed_by)) THEN
        RAISE EXCEPTION 'Vier ogen: een ander dan de voorsteller bevestigt de vernietigingslijst, in eigen naam.' USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER proposed_and_confirmed_in_one_s_own_name BEFORE INSERT OR UPDATE OR DELETE ON destruction_lists
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_guard_destruction_list();

-- The destruction itself (schema 8) takes the confirmer from the login for a person.
CREATE FUNCTION klachtbalie_confirmer_is_the_caller() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- Inside klachtbalie_destroy_complaint current_user is the owner; session_user is the caller.
    IF NOT public.klachtbalie_is_desks_login() AND lower(NEW.confirmed_by) IS DISTINCT FROM lower(session_user) THEN
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
    IF NOT public.klachtbalie_is_desks_login()
       AND current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       AND NEW.answered_by IS NOT NULL AND NEW.answered_by IS DISTINCT FROM OLD.answered_by
       AND lower(NEW.answered_by) IS DISTINCT FROM lower(session_user) THEN
        RAISE EXCEPTION 'Een inzageverzoek beantwoordt u in uw eigen naam (%).', session_user USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER answered_by_the_caller BEFORE UPDATE ON access_requests
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_answered_by_the_caller();

-- The audit log: a person writes no entry in the name of another account, and only a
-- Beheerder's login acknowledges a damaged end. Checked before klachtbalie_append_audit's own
-- checks, which insert the entry as the owner (so session_user, not current_user, is the caller).
CREATE FUNCTION klachtbalie_entry_in_one_s_own_name() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF public.klachtbalie_is_desks_login() THEN
        RETURN NEW;
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
