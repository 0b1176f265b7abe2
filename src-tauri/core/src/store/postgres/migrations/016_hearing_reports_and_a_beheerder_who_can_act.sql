-- Schema 16, SEC-07 and AVG-05 (issue 25 items 2, 3 and 4): three more places where the server
-- now refuses what the app refuses.
--
-- 1. A hearing's report is contents: the KCC may tell a caller when and where the hearing is,
--    not what was said there (service::complaints blanks it), and with a plain client its login
--    read the sealed report (and a KCC desk holds the key). Now no desk login reads the column:
--    the date, place and who reported when stay readable to whoever reads the complaint; the
--    report comes through klachtbalie_hearing_reports, which gives it to the readers of the
--    complaint's contents only (its handler, their deputy while they are absent, the
--    coördinator; the desks' shared login of before, where the desk program decides).
-- 2. The last Beheerder who can act is not taken away in favour of one whose login still has
--    the first password another Beheerder gave it (schema 14): that login opens nothing until
--    its person has chosen a password (schema 15), so if the first password never reaches them
--    only the DBA could help. The core refuses the same (service::users).
-- 3. A complaint's treatment is changed by whom the role matrix lets work on it (roles.rs,
--    WorkOnComplaint and ApproveDecision): its handler, the deputy of an absent handler, the
--    coördinator, and for the complaints of an import the Beheerder who imports them. A KCC
--    login could otherwise close any complaint, extend its terms or overwrite its sealed cells
--    with a plain client. What decides a complaint's retention (ManageRetention) and the
--    handler's function (with the handover, schema 13) are the coördinator's alone.
-- 4. A complaint's status follows the procedure (domain::procedure, section 4): only the
--    changes some step makes (domain::procedure::status_changes, which a test compares with
--    klachtbalie_status_may_follow), a closed complaint reopened by the coördinator only, a
--    decision drafted only after the hearing's report or a recorded reason not to hear (Awb
--    9:10) and approved by its handler only (PR-07), and a closing date exactly while closed. An import's complaints bring their
--    history (no steps) and are not checked.

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        -- Revoking the table's SELECT revokes the columns' too; the columns the complaint's
        -- readers keep come back one by one.
        REVOKE SELECT ON hearings FROM klachtbalie_app;
        GRANT SELECT (id, complaint_id, starts_at, place, planned_by, reported_by, reported_at) ON hearings TO klachtbalie_app;
    END IF;
END $$;

-- With the owner's rights (the column), so the check is here: the complaint's contents readers'
-- rule of schema 12, the same as the policies of notes, contacts and decisions.
CREATE FUNCTION klachtbalie_hearing_reports(complaint bigint) RETURNS TABLE (hearing bigint, report bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT h.id, h.report FROM public.hearings h JOIN public.complaints c ON c.id = h.complaint_id
     WHERE h.complaint_id = complaint AND h.report IS NOT NULL
       AND (public.klachtbalie_reads_all_contents() OR c.handler_id IN (SELECT unnest(public.klachtbalie_handled_ids())))
$$;
REVOKE ALL ON FUNCTION klachtbalie_hearing_reports(bigint) FROM PUBLIC;

-- Whether an account's person can act as Beheerder now: active, a Beheerder (the server's
-- roles for a person, the account's for a desks' login of before), and not waiting to choose
-- the first password. With the owner's rights: no login reads first_passwords.
CREATE FUNCTION klachtbalie_is_acting_beheerder(account text, active boolean, roles text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT active
       AND CASE WHEN public.klachtbalie_is_person(account) THEN pg_has_role(account, 'klachtbalie_beheerder', 'MEMBER')
                ELSE 'beheerder' = ANY (string_to_array(roles, ',')) END
       AND NOT EXISTS (SELECT 1 FROM public.first_passwords WHERE login = account)
$$;
REVOKE ALL ON FUNCTION klachtbalie_is_acting_beheerder(text, boolean, text) FROM PUBLIC;

-- After the change (klachtbalie_set_roles grants and revokes before it writes the account's
-- roles, so the memberships are the new ones): if the account was a Beheerder who could act
-- and is no longer, another must remain. When no other active Beheerder remains at all, schema
-- 11's checks refuse it with their own words.
CREATE FUNCTION klachtbalie_keep_an_acting_beheerder() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.active AND 'beheerder' = ANY (string_to_array(OLD.roles, ','))
       AND NOT EXISTS (SELECT 1 FROM public.first_passwords WHERE login = OLD.username)
       AND NOT public.klachtbalie_is_acting_beheerder(NEW.username, NEW.active, NEW.roles)
       AND NOT EXISTS (SELECT 1 FROM public.users u
                        WHERE u.id <> NEW.id AND public.klachtbalie_is_acting_beheerder(u.username, u.active, u.roles))
       AND EXISTS (SELECT 1 FROM public.users u
                    WHERE u.id <> NEW.id AND u.active
                      AND CASE WHEN public.klachtbalie_is_person(u.username) THEN pg_has_role(u.username, 'klachtbalie_beheerder', 'MEMBER')
                               ELSE 'beheerder' = ANY (string_to_array(u.roles, ',')) END) THEN
        RAISE EXCEPTION 'Er moet een Beheerder blijven die nu kan werken (de andere moeten eerst hun eigen wachtwoord kiezen); het account is niet gewijzigd.'
            USING ERRCODE = 'KB006';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER an_acting_beheerder_remains AFTER UPDATE OF roles, active ON users
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_keep_an_acting_beheerder();
-- A trigger function cannot be called by itself, but nothing with the owner's rights is open
-- to PUBLIC (tests/it/privileged_changes.rs reads the catalogue); schema 14's either.
REVOKE ALL ON FUNCTION klachtbalie_keep_an_acting_beheerder(), klachtbalie_first_password_to_be_chosen() FROM PUBLIC;

-- 3. Whether the caller works on a complaint with this handler and origin (called per changed
-- row only: the triggers' WHEN clauses or the parts' few writes).
CREATE FUNCTION klachtbalie_works_on(handler text, origin text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT public.klachtbalie_acts_as('klachtcoordinator')
        OR handler = ANY (public.klachtbalie_handled_ids())
        OR (public.klachtbalie_acts_as('beheerder') AND origin <> 'intake')
$$;
REVOKE ALL ON FUNCTION klachtbalie_works_on(text, text) FROM PUBLIC;

-- The owner (set-up, migrations, re-seals, destruction's function) is not checked, as in
-- klachtbalie_only_for.
CREATE FUNCTION klachtbalie_worked_on_by_its_handler() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       OR public.klachtbalie_works_on(OLD.handler_id, OLD.origin) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Klacht %: aan de behandeling werken alleen de behandelaar (of de vervanger van een afwezige behandelaar) en de klachtcoördinator.', OLD.reference
        USING ERRCODE = 'KB006';
END $$;
-- The treatment's columns and every sealed cell (a change of cells raises seal_version, and a
-- cell written without it is checked too). The worklist's index, the version stamp and the
-- registration (fixed, schema 15) are not among them.
-- Named to fire first (a trigger of one event fires in the order of the names): who, then what.
CREATE TRIGGER by_its_handler_or_the_coordinator BEFORE UPDATE ON complaints
    FOR EACH ROW WHEN ((OLD.status, OLD.was_formal, OLD.closed_on, OLD.advisory_committee, OLD.postponement_weeks,
                        OLD.postponed_on, OLD.agreed_end, OLD.consent_on, OLD.copy_to_respondent_on, OLD.hearing_held,
                        OLD.judgement, OLD.seal_version, OLD.complainant_name, OLD.street_address, OLD.postcode, OLD.city,
                        OLD.phone, OLD.email, OLD.representative, OLD.description, OLD.desired_outcome,
                        OLD.respondent_names, OLD.handler_name, OLD.handler_reason, OLD.hearing_skip_reason,
                        OLD.closing_detail)
                       IS DISTINCT FROM
                       (NEW.status, NEW.was_formal, NEW.closed_on, NEW.advisory_committee, NEW.postponement_weeks,
                        NEW.postponed_on, NEW.agreed_end, NEW.consent_on, NEW.copy_to_respondent_on, NEW.hearing_held,
                        NEW.judgement, NEW.seal_version, NEW.complainant_name, NEW.street_address, NEW.postcode, NEW.city,
                        NEW.phone, NEW.email, NEW.representative, NEW.description, NEW.desired_outcome,
                        NEW.respondent_names, NEW.handler_name, NEW.handler_reason, NEW.hearing_skip_reason,
                        NEW.closing_detail))
    EXECUTE FUNCTION klachtbalie_worked_on_by_its_handler();
CREATE TRIGGER retention_and_handover_by_the_coordinator BEFORE UPDATE ON complaints
    FOR EACH ROW WHEN ((OLD.compensation_paid, OLD.ombudsman, OLD.ombudsman_case_open, OLD.keep_permanently, OLD.handler_function)
                       IS DISTINCT FROM
                       (NEW.compensation_paid, NEW.ombudsman, NEW.ombudsman_case_open, NEW.keep_permanently, NEW.handler_function))
    EXECUTE FUNCTION klachtbalie_only_for('klachtcoordinator',
        'Alleen de klachtcoördinator legt vast wat de bewaartermijn van een klacht bepaalt en draagt een klacht over.');

-- The parts of a complaint that only its treatment writes: hearings (planned, reported), tasks
-- (made by a step, done by a letter's sending), corrections (AVG art. 16) and recipients (art.
-- 19), all WorkOnComplaint; and the search tokens, which only a correction deletes (and
-- writes anew): a KCC login could otherwise hide a complaint from every search, an access
-- request's too. A row moved to another complaint is checked for both.
CREATE FUNCTION klachtbalie_part_worked_on_by_its_handler() RETURNS trigger
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
    FOR complaint IN SELECT c.id, c.reference, c.handler_id, c.origin FROM public.complaints c WHERE c.id = ANY (ids) LOOP
        IF NOT public.klachtbalie_works_on(complaint.handler_id, complaint.origin) THEN
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
CREATE TRIGGER worked_on_by_its_handler BEFORE INSERT OR UPDATE ON hearings
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_part_worked_on_by_its_handler();
CREATE TRIGGER worked_on_by_its_handler BEFORE INSERT OR UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_part_worked_on_by_its_handler();
CREATE TRIGGER worked_on_by_its_handler BEFORE INSERT ON corrections
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_part_worked_on_by_its_handler();
CREATE TRIGGER worked_on_by_its_handler BEFORE INSERT ON recipients
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_part_worked_on_by_its_handler();
CREATE TRIGGER worked_on_by_its_handler BEFORE DELETE ON complaint_tokens
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_part_worked_on_by_its_handler();

-- 4. The status changes the procedure's steps make.
CREATE FUNCTION klachtbalie_status_may_follow(before text, after text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
    SELECT (before, after) IN (VALUES
        ('ontvangen', 'in_behandeling'), ('ontvangen', 'formeel'), ('ontvangen', 'ingetrokken'),
        ('ontvangen', 'niet_in_behandeling'), ('ontvangen', 'doorgezonden'),
        ('in_behandeling', 'informeel_afgehandeld'), ('in_behandeling', 'formeel'), ('in_behandeling', 'ingetrokken'),
        ('in_behandeling', 'niet_in_behandeling'), ('in_behandeling', 'doorgezonden'),
        ('informeel_afgehandeld', 'in_behandeling'), ('informeel_afgehandeld', 'formeel'),
        ('formeel', 'hoorzitting'), ('formeel', 'besluit_concept'), ('formeel', 'ingetrokken'),
        ('formeel', 'niet_in_behandeling'), ('formeel', 'doorgezonden'),
        ('hoorzitting', 'besluit_concept'), ('hoorzitting', 'ingetrokken'), ('hoorzitting', 'niet_in_behandeling'),
        ('hoorzitting', 'doorgezonden'),
        ('besluit_concept', 'formeel'), ('besluit_concept', 'hoorzitting'), ('besluit_concept', 'besluit_goedgekeurd'),
        ('besluit_concept', 'ingetrokken'), ('besluit_concept', 'niet_in_behandeling'), ('besluit_concept', 'doorgezonden'),
        ('besluit_goedgekeurd', 'afgehandeld'),
        ('afgehandeld', 'in_behandeling'), ('afgehandeld', 'formeel'),
        ('ingetrokken', 'in_behandeling'), ('ingetrokken', 'formeel'),
        ('niet_in_behandeling', 'in_behandeling'), ('niet_in_behandeling', 'formeel'),
        ('doorgezonden', 'in_behandeling'), ('doorgezonden', 'formeel'))
$$;

CREATE FUNCTION klachtbalie_status_follows_the_procedure() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    closed constant text[] := ARRAY['informeel_afgehandeld', 'afgehandeld', 'ingetrokken', 'niet_in_behandeling', 'doorgezonden'];
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) OR OLD.origin <> 'intake' THEN
        RETURN NEW;
    END IF;
    IF OLD.status IS DISTINCT FROM NEW.status THEN
        IF NOT public.klachtbalie_status_may_follow(OLD.status, NEW.status) THEN
            RAISE EXCEPTION 'Klacht %: de status gaat niet van % naar %; zo verloopt de klachtprocedure niet.', OLD.reference, OLD.status, NEW.status
                USING ERRCODE = 'KB006';
        END IF;
        IF OLD.status = ANY (closed) THEN
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
    IF (NEW.status = ANY (closed)) IS DISTINCT FROM (NEW.closed_on IS NOT NULL) THEN
        RAISE EXCEPTION 'Klacht %: een gesloten klacht heeft een sluitingsdatum, een open klacht niet.', OLD.reference USING ERRCODE = 'KB006';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER status_follows_the_procedure BEFORE UPDATE ON complaints
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.closed_on IS DISTINCT FROM NEW.closed_on)
    EXECUTE FUNCTION klachtbalie_status_follows_the_procedure();

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        GRANT EXECUTE ON FUNCTION klachtbalie_hearing_reports(bigint), klachtbalie_works_on(text, text) TO klachtbalie_app;
    END IF;
END $$;
