-- Schema 12, SEC-07 and AVG-05 (issue 25 item 3): need-to-know by the server. With row-level
-- security a person's own login reads (and changes) only the complaint rows the app would show
-- them: a Klachtbehandelaar the complaints they handle or stand in for (their official, and
-- the absent officials whose deputy it is: domain::organisation, the same rule); a KCC employee
-- every complaint's status, handler, deadlines and timeline, but no handler's notes, contacts,
-- decision drafts or letter drafts; a coördinator everything. A Beheerder reads the complaint
-- rows (an import writes them) but no notes, contacts or drafts. A desks' shared login of before
-- (a member of klachtbalie_app that is no person) reads everything, as the desk program decides
-- there; a person without an active account reads nothing.
-- The owner, and its functions, are not bound by these policies (PostgreSQL's rule for a
-- table's owner): the server's record of writes and destruction work as before.
--
-- The tables are the catalogue's parts of a complaint (store::catalogue; tests/it/catalogue.rs
-- compares): the complaint level below, and the contents the KCC does not read.

-- The functions run with the caller's rights (every desk login reads users and officials) and
-- without a SET clause, so the planner can inline them; each is called once per statement (the
-- policies wrap it in a sub-select). Every name in them is qualified with its schema, so no
-- object a caller could make (only pg_temp, never searched for functions) stands in for one.
CREATE FUNCTION klachtbalie_is_desks_login() RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT pg_catalog.pg_has_role(session_user, 'klachtbalie_app', 'MEMBER')
       AND NOT pg_catalog.pg_has_role(session_user, 'klachtbalie_person', 'MEMBER')
$$;

-- A disabled account's login keeps its memberships (the DBA may still need it) but reads
-- nothing through them.
CREATE FUNCTION klachtbalie_is_active_person() RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT pg_catalog.pg_has_role(session_user, 'klachtbalie_person', 'MEMBER')
       AND EXISTS (SELECT 1 FROM public.users WHERE username = session_user AND active)
$$;

CREATE FUNCTION klachtbalie_reads_every_complaint() RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT public.klachtbalie_is_desks_login()
        OR (public.klachtbalie_is_active_person()
            AND (pg_catalog.pg_has_role(session_user, 'klachtbalie_klachtcoordinator', 'MEMBER')
                 OR pg_catalog.pg_has_role(session_user, 'klachtbalie_kcc_medewerker', 'MEMBER')
                 OR pg_catalog.pg_has_role(session_user, 'klachtbalie_beheerder', 'MEMBER')))
$$;

CREATE FUNCTION klachtbalie_reads_all_contents() RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT public.klachtbalie_is_desks_login()
        OR (public.klachtbalie_is_active_person() AND pg_catalog.pg_has_role(session_user, 'klachtbalie_klachtcoordinator', 'MEMBER'))
$$;

-- The handler ids whose complaints the caller handles: a Klachtbehandelaar's own official and
-- the absent officials they are the deputy of. Empty for anyone else.
CREATE FUNCTION klachtbalie_handled_ids() RETURNS text[]
    LANGUAGE sql STABLE AS $$
    SELECT COALESCE(pg_catalog.array_agg(handled.id), '{}')
      FROM (SELECT u.official_id AS id FROM public.users u
             WHERE u.username = session_user AND u.active AND u.official_id IS NOT NULL
            UNION
            SELECT o.id FROM public.officials o JOIN public.users u ON o.deputy_id = u.official_id
             WHERE u.username = session_user AND u.active AND o.absent) AS handled
     WHERE pg_catalog.pg_has_role(session_user, 'klachtbalie_person', 'MEMBER')
       AND pg_catalog.pg_has_role(session_user, 'klachtbalie_klachtbehandelaar', 'MEMBER')
$$;

-- Whether a first contact was made matters to the deadlines everyone who reads a complaint
-- sees (the KCC's and the Beheerder's too, who read no contact): the number, not the contacts,
-- for a complaint the caller reads.
CREATE FUNCTION klachtbalie_contact_count(complaint bigint) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*) FROM public.contacts x JOIN public.complaints c ON c.id = x.complaint_id
     WHERE x.complaint_id = complaint
       AND (public.klachtbalie_reads_every_complaint() OR c.handler_id IN (SELECT unnest(public.klachtbalie_handled_ids())))
$$;
REVOKE ALL ON FUNCTION klachtbalie_contact_count(bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION klachtbalie_is_desks_login(), klachtbalie_is_active_person(), klachtbalie_reads_every_complaint(),
    klachtbalie_reads_all_contents(), klachtbalie_handled_ids() FROM PUBLIC;

ALTER TABLE complaints ENABLE ROW LEVEL SECURITY;
-- WITH CHECK (true): a reassignment hands a complaint to someone else; what a person may
-- change at all is the table's grants and the rows they can see.
CREATE POLICY need_to_know ON complaints
    USING ((SELECT klachtbalie_reads_every_complaint()) OR handler_id IN (SELECT unnest(klachtbalie_handled_ids())))
    WITH CHECK (true);

DO $$
DECLARE
    part text;
BEGIN
    -- The complaint level: whoever reads the complaint reads these rows.
    FOREACH part IN ARRAY ARRAY['events', 'hearings', 'tasks', 'reminders_given', 'letters', 'corrections', 'recipients',
                                'complaint_tokens']
    LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', part);
        -- Whoever reads every complaint skips the look-up (once per statement, not per row).
        EXECUTE format('CREATE POLICY need_to_know ON public.%I
                            USING ((SELECT public.klachtbalie_reads_every_complaint())
                                   OR complaint_id IN (SELECT id FROM public.complaints))
                            WITH CHECK ((SELECT public.klachtbalie_reads_every_complaint())
                                        OR complaint_id IN (SELECT id FROM public.complaints))', part);
    END LOOP;
    -- The contents: the handler's (and the deputy's) and the coördinator's only.
    FOREACH part IN ARRAY ARRAY['notes', 'contacts', 'decisions', 'letter_drafts']
    LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('CREATE POLICY need_to_know ON public.%I
                            USING ((SELECT public.klachtbalie_reads_all_contents())
                                   OR complaint_id IN (SELECT id FROM public.complaints
                                                        WHERE handler_id IN (SELECT unnest(public.klachtbalie_handled_ids()))))', part);
    END LOOP;
END $$;

ALTER TABLE letter_sendings ENABLE ROW LEVEL SECURITY;
CREATE POLICY need_to_know ON letter_sendings
    USING ((SELECT klachtbalie_reads_every_complaint()) OR letter_id IN (SELECT id FROM public.letters))
    WITH CHECK ((SELECT klachtbalie_reads_every_complaint()) OR letter_id IN (SELECT id FROM public.letters));

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        GRANT EXECUTE ON FUNCTION klachtbalie_is_desks_login(), klachtbalie_is_active_person(), klachtbalie_reads_every_complaint(),
            klachtbalie_reads_all_contents(), klachtbalie_handled_ids(), klachtbalie_contact_count(bigint) TO klachtbalie_app;
    END IF;
END $$;
