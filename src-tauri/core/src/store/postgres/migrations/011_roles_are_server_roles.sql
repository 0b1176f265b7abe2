-- Schema 11, SEC-07 (issue 25 item 2): on a store where people log in with their own login, a
-- person's Klachtbalie roles are PostgreSQL roles, one per Klachtbalie role
-- (klachtbalie_kcc_medewerker, klachtbalie_klachtbehandelaar, klachtbalie_klachtcoordinator,
-- klachtbalie_beheerder); the person's login is a member of the ones they hold. Only
-- klachtbalie_set_roles (the owner's rights) changes them: it checks on the server that the
-- caller is a Beheerder and that an active Beheerder remains, keeps users.roles equal to the
-- memberships, and records who changed whose roles from what to what in role_changes.
--
-- A "person" is a login that is a member of klachtbalie_person (itself a member of
-- klachtbalie_app, whose grants it passes on); an account whose user name is a person's login is
-- that person's. A desks' shared login is a member of klachtbalie_app but not of
-- klachtbalie_person: the model of before, where the desk program decides. Accounts that are no
-- person's keep their roles in users.roles, the desks' word as before. users may be written by
-- an active Beheerder's login or by a desks' shared login: a person who is no Beheerder (or whose
-- account does not exist yet, or is disabled) changes no account, not even their own; and nobody
-- but the owner's functions changes a person's roles or user name, or gives a person's account a
-- password of Klachtbalie's.

-- The group roles are the whole server's (like klachtbalie_app): the database administrator
-- makes them once, with the owner as their administrator (README, "Gedeelde database").
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(needed, ', ') INTO missing
      FROM unnest(ARRAY['klachtbalie_person', 'klachtbalie_kcc_medewerker', 'klachtbalie_klachtbehandelaar',
                        'klachtbalie_klachtcoordinator', 'klachtbalie_beheerder']) AS needed
     WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = needed);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'De rollen % bestaan nog niet op de server. Laat de databasebeheerder als superuser uitvoeren: CREATE ROLE klachtbalie_person NOLOGIN IN ROLE klachtbalie_app; CREATE ROLE klachtbalie_kcc_medewerker NOLOGIN; CREATE ROLE klachtbalie_klachtbehandelaar NOLOGIN; CREATE ROLE klachtbalie_klachtcoordinator NOLOGIN; CREATE ROLE klachtbalie_beheerder NOLOGIN; GRANT klachtbalie_kcc_medewerker, klachtbalie_klachtbehandelaar, klachtbalie_klachtcoordinator, klachtbalie_beheerder TO % WITH ADMIN OPTION; en voer dit dan opnieuw uit (README, Gedeelde database).', missing, current_user
            USING ERRCODE = 'KB006';
    END IF;
END $$;

CREATE TABLE role_changes (
    sequence  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- session_user: the person who made the change, also inside the owner's function.
    changed_by text NOT NULL DEFAULT session_user,
    account   text NOT NULL,
    before    text NOT NULL,
    after     text NOT NULL
);
CREATE TRIGGER role_changes_are_append_only BEFORE UPDATE OR DELETE ON role_changes
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_refuse('De vastgelegde rolwijzigingen kunnen niet worden gewijzigd of verwijderd.');
CREATE TRIGGER role_changes_are_never_truncated BEFORE TRUNCATE ON role_changes
    FOR EACH STATEMENT EXECUTE FUNCTION klachtbalie_refuse('De vastgelegde rolwijzigingen kunnen niet worden geleegd.');

-- Whether a name is a person's own login (a member of klachtbalie_person).
CREATE FUNCTION klachtbalie_is_person(login text) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles r
                    WHERE r.rolname = login AND r.rolcanlogin AND NOT r.rolsuper
                      AND pg_has_role(r.oid, 'klachtbalie_person', 'MEMBER'))
$$;

-- Whether a login owns the database (or is a superuser): set-up, migrations, the DBA.
CREATE FUNCTION klachtbalie_is_owner(login text) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND pg_get_userbyid(d.datdba) = login)
        OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login AND rolsuper)
$$;

-- Whether a login is a desks' shared login: a member of the desks' role, not a person.
CREATE FUNCTION klachtbalie_is_desks_login_name(login text) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles r
                    WHERE r.rolname = login AND pg_has_role(r.oid, 'klachtbalie_app', 'MEMBER')
                      AND NOT pg_has_role(r.oid, 'klachtbalie_person', 'MEMBER'))
$$;

-- A person's roles as the server holds them, in the order of roles.rs (Role::ALL).
CREATE FUNCTION klachtbalie_roles_of(login text) RETURNS text
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT COALESCE(string_agg(code, ',' ORDER BY position), '')
      FROM (VALUES (1, 'kcc_medewerker'), (2, 'klachtbehandelaar'), (3, 'klachtcoordinator'), (4, 'beheerder')) AS c (position, code)
     WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login)
       AND pg_has_role(login, 'klachtbalie_' || code, 'MEMBER')
$$;

-- Who may write accounts: an active Beheerder's own login, or a desks' shared login (no account
-- of its own: the model of before, where the desk program decides). A disabled account's login
-- keeps its memberships but no rights through them.
CREATE FUNCTION klachtbalie_may_manage_accounts(login text) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT (public.klachtbalie_is_person(login) AND pg_has_role(login, 'klachtbalie_beheerder', 'MEMBER')
            AND EXISTS (SELECT 1 FROM public.users WHERE username = login AND active))
        OR public.klachtbalie_is_desks_login_name(login)
        OR public.klachtbalie_is_owner(login)
$$;

CREATE FUNCTION klachtbalie_guard_accounts() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- The server checks a person's password: no account of theirs holds one of Klachtbalie's
    -- (also not the first account, which the owner writes at set-up).
    IF TG_OP = 'INSERT' AND public.klachtbalie_is_person(NEW.username) THEN
        NEW.password_hash := '';
        NEW.must_change_password := false;
    END IF;
    -- The owner, and its functions (klachtbalie_set_roles), are trusted here.
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF NOT public.klachtbalie_may_manage_accounts(session_user) THEN
        RAISE EXCEPTION 'Alleen een Beheerder wijzigt accounts.' USING ERRCODE = 'KB006';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.username IS DISTINCT FROM OLD.username THEN
        RAISE EXCEPTION 'De gebruikersnaam van een account verandert niet.' USING ERRCODE = 'KB006';
    END IF;
    IF public.klachtbalie_is_person(NEW.username) THEN
        -- The server checks a person's password, and their roles are its roles.
        IF TG_OP = 'INSERT' THEN
            NEW.roles := public.klachtbalie_roles_of(NEW.username);
        ELSIF NEW.roles IS DISTINCT FROM OLD.roles THEN
            RAISE EXCEPTION 'De rollen van % wijst alleen een Beheerder toe, met klachtbalie_set_roles.', NEW.username
                USING ERRCODE = 'KB006';
        ELSIF NEW.password_hash IS DISTINCT FROM OLD.password_hash AND NEW.password_hash <> '' THEN
            RAISE EXCEPTION 'Het wachtwoord van % controleert de server; Klachtbalie bewaart het niet.', NEW.username
                USING ERRCODE = 'KB006';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER accounts_are_guarded BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_guard_accounts();

CREATE FUNCTION klachtbalie_set_roles(target text, codes text[]) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    caller text := session_user;
    account record;
    before text;
    after text;
    code text;
BEGIN
    -- One change of accounts at a time, so two Beheerders cannot each remove the other.
    PERFORM pg_advisory_xact_lock(hashtext('klachtbalie:accounts'));
    IF NOT public.klachtbalie_may_manage_accounts(caller) THEN
        RAISE EXCEPTION 'Alleen een Beheerder wijst rollen toe.' USING ERRCODE = 'KB006';
    END IF;
    IF codes IS NULL OR cardinality(codes) = 0 OR EXISTS (
        SELECT 1 FROM unnest(codes) AS given
         WHERE given NOT IN ('kcc_medewerker', 'klachtbehandelaar', 'klachtcoordinator', 'beheerder')) THEN
        RAISE EXCEPTION 'Kies een of meer bekende rollen.' USING ERRCODE = 'KB006';
    END IF;
    SELECT id, username, roles INTO account FROM public.users WHERE lower(username) = lower(target) FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Er is geen account %.', target USING ERRCODE = 'KB006';
    END IF;
    SELECT string_agg(c.code, ',' ORDER BY c.position) INTO after
      FROM (VALUES (1, 'kcc_medewerker'), (2, 'klachtbehandelaar'), (3, 'klachtcoordinator'), (4, 'beheerder')) AS c (position, code)
     WHERE c.code = ANY (codes);
    IF public.klachtbalie_is_person(account.username) THEN
        before := public.klachtbalie_roles_of(account.username);
        FOREACH code IN ARRAY ARRAY['kcc_medewerker', 'klachtbehandelaar', 'klachtcoordinator', 'beheerder'] LOOP
            IF code = ANY (codes) AND NOT pg_has_role(account.username, 'klachtbalie_' || code, 'MEMBER') THEN
                EXECUTE format('GRANT %I TO %I', 'klachtbalie_' || code, account.username);
            ELSIF NOT code = ANY (codes) AND pg_has_role(account.username, 'klachtbalie_' || code, 'MEMBER') THEN
                EXECUTE format('REVOKE %I FROM %I', 'klachtbalie_' || code, account.username);
            END IF;
        END LOOP;
    ELSE
        before := account.roles;
    END IF;
    -- The same roles in another order are no change (roles.rs keeps the order they were given).
    IF NOT (string_to_array(account.roles, ',') @> codes AND string_to_array(account.roles, ',') <@ codes) THEN
        UPDATE public.users SET roles = after WHERE id = account.id;
    END IF;
    -- SEC-05: an active Beheerder always remains (the core says so first, in Dutch).
    IF NOT EXISTS (
        SELECT 1 FROM public.users u
         WHERE u.active
           AND CASE WHEN public.klachtbalie_is_person(u.username) THEN pg_has_role(u.username, 'klachtbalie_beheerder', 'MEMBER')
                    ELSE 'beheerder' = ANY (string_to_array(u.roles, ',')) END) THEN
        RAISE EXCEPTION 'Er moet een actieve Beheerder blijven; de rollen zijn niet gewijzigd.' USING ERRCODE = 'KB006';
    END IF;
    IF NOT (string_to_array(before, ',') @> codes AND string_to_array(before, ',') <@ codes) THEN
        INSERT INTO public.role_changes (account, before, after) VALUES (account.username, before, after);
    END IF;
    RETURN after;
END $$;
REVOKE ALL ON FUNCTION klachtbalie_set_roles(text, text[]) FROM PUBLIC;

-- An account made active again or disabled changes who the Beheerders are too.
CREATE FUNCTION klachtbalie_keep_a_beheerder() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM public.users u
         WHERE u.active
           AND CASE WHEN public.klachtbalie_is_person(u.username) THEN pg_has_role(u.username, 'klachtbalie_beheerder', 'MEMBER')
                    ELSE 'beheerder' = ANY (string_to_array(u.roles, ',')) END) THEN
        RAISE EXCEPTION 'Er moet een actieve Beheerder blijven; het account is niet gewijzigd.' USING ERRCODE = 'KB006';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER a_beheerder_remains AFTER UPDATE OF active ON users
    FOR EACH ROW WHEN (OLD.active AND NOT NEW.active) EXECUTE FUNCTION klachtbalie_keep_a_beheerder();

-- Persons' accounts of before: their roles are the server's from now on.
UPDATE users SET roles = klachtbalie_roles_of(username), password_hash = '', must_change_password = false
 WHERE klachtbalie_is_person(username);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        GRANT SELECT ON role_changes TO klachtbalie_app;
        GRANT EXECUTE ON FUNCTION klachtbalie_is_owner(text) TO klachtbalie_app;
        GRANT EXECUTE ON FUNCTION klachtbalie_set_roles(text, text[]) TO klachtbalie_app;
    END IF;
END $$;
