-- Schema 15, SEC-07 (issue 25): what the app refuses, the server refuses too, in three places
-- where it did not yet (and a Rust step: upgrade.rs seals a complaint's own cells anew for its
-- handler, so a handover on the server is found).
--
-- 1. A login made with a Beheerder's first password (schema 14) is no active person until its
--    person has chosen their own password: the app refuses every use case until then, and now
--    so do row-level security, the role checks and the account checks. The person signs in and
--    chooses a password (both audited in their own name). Whoever knows the first password (the
--    Beheerder who chose it) can only do the same in the colleague's name, which locks the
--    colleague out, so it is noticed at their first sign-in (and server_changes has the address).
-- 2. A complaint's registration (reference, date of receipt, channel, kind, department, the
--    respondents' ids, date of the conduct, origin, who registered it and when) is fixed once
--    registered: no use case changes it, so no login does either (the owner's functions
--    excepted; a destruction clears the respondents' ids). A handler could otherwise move the
--    date of receipt, and with it every deadline, of a complaint they handle.
-- 3. The Beheerder reads no complaint's contents: only the complaints of an import.

-- Whether the caller's own login still has the first password a Beheerder gave it (with the
-- owner's rights: no login reads first_passwords, which would tell whose password to guess).
CREATE FUNCTION klachtbalie_awaits_own_password() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM public.first_passwords WHERE login = session_user)
$$;
REVOKE ALL ON FUNCTION klachtbalie_awaits_own_password() FROM PUBLIC;

CREATE OR REPLACE FUNCTION klachtbalie_is_active_person() RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT pg_catalog.pg_has_role(session_user, 'klachtbalie_person', 'MEMBER')
       AND EXISTS (SELECT 1 FROM public.users WHERE username = session_user AND active)
       AND NOT public.klachtbalie_awaits_own_password()
$$;

-- A Klachtbehandelaar's complaints: only for an active person (schema 12 looked at the account
-- alone).
CREATE OR REPLACE FUNCTION klachtbalie_handled_ids() RETURNS text[]
    LANGUAGE sql STABLE AS $$
    SELECT COALESCE(pg_catalog.array_agg(handled.id), '{}')
      FROM (SELECT u.official_id AS id FROM public.users u
             WHERE u.username = session_user AND u.official_id IS NOT NULL
            UNION
            SELECT o.id FROM public.officials o JOIN public.users u ON o.deputy_id = u.official_id
             WHERE u.username = session_user AND o.absent) AS handled
     WHERE public.klachtbalie_is_active_person()
       AND pg_catalog.pg_has_role(session_user, 'klachtbalie_klachtbehandelaar', 'MEMBER')
$$;

-- Accounts and logins: a Beheerder who is an active person (schema 11 looked at the account
-- alone). klachtbalie_create_login (schema 14) and klachtbalie_set_roles ask the caller's
-- rights through here.
CREATE OR REPLACE FUNCTION klachtbalie_may_manage_accounts(login text) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT (public.klachtbalie_is_person(login) AND pg_has_role(login, 'klachtbalie_beheerder', 'MEMBER')
            AND EXISTS (SELECT 1 FROM public.users WHERE username = login AND active)
            AND NOT (login = session_user AND public.klachtbalie_awaits_own_password()))
        OR public.klachtbalie_is_desks_login_name(login)
        OR public.klachtbalie_is_owner(login)
$$;

CREATE OR REPLACE FUNCTION klachtbalie_create_login(login text, verifier text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    caller text := session_user;
BEGIN
    -- One change of accounts at a time (as klachtbalie_set_roles).
    PERFORM pg_advisory_xact_lock(hashtext('klachtbalie:accounts'));
    IF NOT public.klachtbalie_is_owner(caller)
       AND NOT (public.klachtbalie_is_person(caller) AND public.klachtbalie_may_manage_accounts(caller)) THEN
        RAISE EXCEPTION 'Alleen een Beheerder maakt de login van een medewerker.' USING ERRCODE = 'KB006';
    END IF;
    -- An account without a login of its own (the first Beheerder's, or one from the days of a
    -- desks' shared login) is never given one here: that would make its history someone else's.
    IF EXISTS (SELECT 1 FROM public.users WHERE lower(username) = lower(login)) THEN
        RAISE EXCEPTION 'Er bestaat al een account %; een login voor een bestaand account maakt de databasebeheerder.', login
            USING ERRCODE = 'KB006';
    END IF;
    -- PostgreSQL keeps 63 bytes of a name: a longer one would be cut, and be no one's login.
    IF octet_length(login) > 63 THEN
        RAISE EXCEPTION 'Een login op de server is hoogstens 63 tekens lang; kies een kortere gebruikersnaam.' USING ERRCODE = 'KB006';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE lower(rolname) = lower(login)) THEN
        IF public.klachtbalie_is_person(login) THEN
            RETURN false;
        END IF;
        RAISE EXCEPTION 'Op de server bestaat al een login % die geen medewerkerslogin is; kies een andere gebruikersnaam.', login
            USING ERRCODE = 'KB006';
    END IF;
    PERFORM public.klachtbalie_require_scram_verifier(login, verifier);
    IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'De server laat Klachtbalie geen logins maken (de eigenaar % heeft geen CREATEROLE). Laat de databasebeheerder de login % maken (README, Gedeelde database) en maak dan het account.', current_user, login
            USING ERRCODE = 'KB006';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE klachtbalie_person', login, verifier);
    INSERT INTO public.first_passwords (login) VALUES (login);
    RETURN true;
END $$;

-- The audit log (schema 13): a person whose login still has its first password writes the
-- entries of signing in and of choosing a password, in their own name, and nothing else.
CREATE OR REPLACE FUNCTION klachtbalie_entry_in_one_s_own_name() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF public.klachtbalie_is_desks_login() OR public.klachtbalie_is_owner(session_user) THEN
        RETURN NEW;
    END IF;
    -- A person without an active account writes only the refusal of their own sign-in.
    IF NOT public.klachtbalie_is_active_person() AND NOT (NEW.action = 'inloggen' AND NEW.result = 'mislukt')
       AND NOT (public.klachtbalie_awaits_own_password() AND NEW.action IN ('inloggen', 'eigen wachtwoord wijzigen')
                AND EXISTS (SELECT 1 FROM public.users WHERE username = session_user AND active)) THEN
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

-- 2. The registration of a complaint is fixed (an import writes its origin with it). Its owner
-- (and so the owner's functions) is not checked: set-up, migrations and re-seals run as it.
CREATE FUNCTION klachtbalie_registration_is_fixed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF (OLD.reference, OLD.received_on, OLD.channel, OLD.complaint_type, OLD.department_id, OLD.department_name,
        OLD.conduct_date, OLD.origin, OLD.previous_reference, OLD.created_at, OLD.created_by)
       IS DISTINCT FROM
       (NEW.reference, NEW.received_on, NEW.channel, NEW.complaint_type, NEW.department_id, NEW.department_name,
        NEW.conduct_date, NEW.origin, NEW.previous_reference, NEW.created_at, NEW.created_by)
       -- A destruction (the coördinator's login, store::destruction) clears the officials' ids
       -- with its mark.
       OR (OLD.respondent_ids IS DISTINCT FROM NEW.respondent_ids AND NOT (NEW.respondent_ids = '' AND NEW.destroyed_at IS NOT NULL)) THEN
        RAISE EXCEPTION 'Klacht %: de registratie (kenmerk, ontvangstdatum, kanaal, soort, afdeling, betrokkenen, datum van de gedraging, herkomst, geregistreerd door en op) verandert niet meer na de registratie.', OLD.reference
            USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER registration_is_fixed BEFORE UPDATE ON complaints
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_registration_is_fixed();

-- 3. The Beheerder reads no complaint's contents (issue 25 item 3): of the complaints only
-- those an import brought (origin other than intake: typed over from the previous system by the
-- Beheerder, or synthetic; the import writes the origin with the complaint). What the
-- Beheerder's work needs of every complaint, the server answers without contents: whether the
-- database holds real complaints (before a seed), and which officials the open complaints
-- refer to (before a chart is replaced).
CREATE OR REPLACE FUNCTION klachtbalie_reads_every_complaint() RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT public.klachtbalie_is_desks_login()
        OR (public.klachtbalie_is_active_person()
            AND (pg_catalog.pg_has_role(session_user, 'klachtbalie_klachtcoordinator', 'MEMBER')
                 OR pg_catalog.pg_has_role(session_user, 'klachtbalie_kcc_medewerker', 'MEMBER')))
$$;
DROP POLICY need_to_know ON complaints;
CREATE POLICY need_to_know ON complaints
    USING ((SELECT klachtbalie_reads_every_complaint()) OR handler_id IN (SELECT unnest(klachtbalie_handled_ids()))
           OR ((SELECT klachtbalie_acts_as('beheerder')) AND origin <> 'intake'))
    WITH CHECK (true);

CREATE FUNCTION klachtbalie_real_complaint_count() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*) FROM public.complaints
     WHERE origin <> 'seed' AND (public.klachtbalie_acts_as('beheerder') OR public.klachtbalie_reads_every_complaint())
$$;
REVOKE ALL ON FUNCTION klachtbalie_real_complaint_count() FROM PUBLIC;

-- Open: on the worklist (on_worklist, which the app's one deadline function keeps: not closed,
-- or with an open task).
CREATE FUNCTION klachtbalie_open_complaint_officials()
RETURNS TABLE (reference text, handler_id text, respondent_ids text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF NOT (public.klachtbalie_acts_as('beheerder') OR public.klachtbalie_reads_every_complaint()) THEN
        RAISE EXCEPTION 'Alleen een Beheerder of de klachtcoördinator vraagt welke functionarissen open klachten noemen.'
            USING ERRCODE = 'KB006';
    END IF;
    RETURN QUERY
        SELECT c.reference, c.handler_id, c.respondent_ids FROM public.complaints c
         WHERE c.on_worklist = 1
         ORDER BY c.reference;
END $$;
REVOKE ALL ON FUNCTION klachtbalie_open_complaint_officials() FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        GRANT EXECUTE ON FUNCTION klachtbalie_real_complaint_count(), klachtbalie_open_complaint_officials() TO klachtbalie_app;
        GRANT EXECUTE ON FUNCTION klachtbalie_awaits_own_password() TO klachtbalie_app;
    END IF;
END $$;
