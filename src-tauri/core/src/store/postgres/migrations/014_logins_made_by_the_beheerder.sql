-- Schema 14, SEC-07 (issue 25 items 1 and 9): a Beheerder makes a new colleague's own login
-- with the account, in Klachtbalie (Beheer, Gebruikers; or `klachtbalie-cli … user add`), so the
-- database administrator is not needed for every new employee. The desk sends only a SCRAM
-- verifier of the first password (made on the desk; PostgreSQL stores it as it is), never the
-- password itself, so neither the server's log nor pg_stat_activity ever shows it.
--
-- The login is made by klachtbalie_create_login with the owner's rights, which checks on the
-- server that the caller is an active Beheerder's own login (or the owner at set-up); its only
-- memberships are klachtbalie_person, and the Klachtbalie roles that klachtbalie_set_roles then
-- grants. The colleague chooses their own password at their first sign-in (as on a single
-- desk), through klachtbalie_choose_own_password; until then first_passwords names the login.
-- A login the DBA made already (for the directory, or before this schema) is left as it
-- is: the account is made for it, and the first password is not used. The owner needs
-- CREATEROLE for this, the DBA's choice (README, "Gedeelde database": on PostgreSQL 15 and
-- older it is nearly a superuser's right); without it the function says so in Dutch and the DBA
-- keeps making the logins.

-- The logins whose password a Beheerder chose, until their person has chosen their own: that
-- person must choose one at their first sign-in (users.must_change_password, as for the accounts
-- of a single desk), through klachtbalie_choose_own_password. Written by the owner's functions
-- only.
CREATE TABLE first_passwords (
    login    text PRIMARY KEY,
    made_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    made_by  text NOT NULL DEFAULT session_user
);

-- A login that is the owner (or a superuser) is never a person, also where the owner holds
-- klachtbalie_person with ADMIN OPTION to make logins in it (PostgreSQL 16 and later).
CREATE OR REPLACE FUNCTION klachtbalie_is_person(login text) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles r
                    WHERE r.rolname = login AND r.rolcanlogin AND NOT r.rolsuper
                      AND pg_has_role(r.oid, 'klachtbalie_person', 'MEMBER'))
       AND NOT public.klachtbalie_is_owner(login)
$$;

-- A verifier only, in exactly the form PostgreSQL reads as one (an iteration count, a salt, and
-- two 32-byte keys in base64): anything else it would take for a password in the clear, which
-- the statement (and so the server's log) would show.
CREATE FUNCTION klachtbalie_require_scram_verifier(login text, verifier text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF verifier IS NULL
       OR verifier !~ '^SCRAM-SHA-256\$[1-9][0-9]{0,9}:[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$' THEN
        RAISE EXCEPTION 'De login van % krijgt alleen een SCRAM-verificatie van het wachtwoord, nooit het wachtwoord zelf.', login
            USING ERRCODE = 'KB006';
    END IF;
END $$;

-- Returns true when it made the login, false when the person's login was there already.
CREATE FUNCTION klachtbalie_create_login(login text, verifier text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    caller text := session_user;
BEGIN
    -- One change of accounts at a time (as klachtbalie_set_roles).
    PERFORM pg_advisory_xact_lock(hashtext('klachtbalie:accounts'));
    IF NOT public.klachtbalie_is_owner(caller)
       AND NOT (public.klachtbalie_is_person(caller) AND pg_has_role(caller, 'klachtbalie_beheerder', 'MEMBER')
                AND EXISTS (SELECT 1 FROM public.users WHERE username = caller AND active)) THEN
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
REVOKE ALL ON FUNCTION klachtbalie_create_login(text, text) FROM PUBLIC;

-- The account of a login made with a Beheerder's first password starts with the duty to choose
-- one's own (schema 11's guard, which runs first, cleared it for every person's account).
CREATE FUNCTION klachtbalie_first_password_to_be_chosen() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF public.klachtbalie_is_person(NEW.username) THEN
        NEW.must_change_password := EXISTS (SELECT 1 FROM public.first_passwords WHERE login = NEW.username);
    END IF;
    RETURN NEW;
END $$;
-- After accounts_are_guarded: triggers of one event fire in the order of their names.
CREATE TRIGGER first_password_to_be_chosen BEFORE INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_first_password_to_be_chosen();

-- A person replaces the first password of their own login (the server's; Klachtbalie keeps
-- none): only their own, only from a SCRAM verifier, and only while it is the Beheerder's. A
-- login the DBA made (SCRAM or the directory's) is changed where it was made.
CREATE FUNCTION klachtbalie_choose_own_password(verifier text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    caller text := session_user;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.first_passwords WHERE login = caller) OR NOT public.klachtbalie_is_person(caller) THEN
        RAISE EXCEPTION 'Het wachtwoord van % wijzigt u bij de server of de directory van de gemeente, niet in Klachtbalie.', caller
            USING ERRCODE = 'KB006';
    END IF;
    PERFORM public.klachtbalie_require_scram_verifier(caller, verifier);
    EXECUTE format('ALTER ROLE %I PASSWORD %L', caller, verifier);
    DELETE FROM public.first_passwords WHERE login = caller;
    UPDATE public.users SET must_change_password = false WHERE username = caller;
END $$;
REVOKE ALL ON FUNCTION klachtbalie_choose_own_password(text) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        GRANT EXECUTE ON FUNCTION klachtbalie_create_login(text, text), klachtbalie_choose_own_password(text) TO klachtbalie_app;
    END IF;
END $$;
