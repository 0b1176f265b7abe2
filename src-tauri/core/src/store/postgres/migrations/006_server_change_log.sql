-- Schema 6, SEC-07: the server records every write of the municipality's data itself, so a
-- change made with psql (not through a desk) is on record too, with the login that made it.
-- A row names the table, the operation, the row's key, its complaint and the names of the
-- columns an update changed: never a value (the values are sealed anyway). The desks' role may
-- read the record and nothing else: rows are written only by the trigger function below,
-- which runs with the owner's rights; the trigger can be dropped or disabled only by the owner.
-- The desk's own audit log (audit_log) is not recorded here: it is its own record, and it
-- stays the record of who read what.

-- Since PostgreSQL 15 the default; stated for servers that were upgraded from an older one.
-- Where the schema public belongs to another role (an older server) this only warns, so the
-- check below refuses to go on while the desks' role could still create objects there: the
-- functions with the owner's rights below must not find a look-alike of theirs.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app')
       AND has_schema_privilege('klachtbalie_app', 'public', 'CREATE') THEN
        RAISE EXCEPTION 'De rol klachtbalie_app mag objecten maken in het schema public. Laat de databasebeheerder als superuser uitvoeren: REVOKE CREATE ON SCHEMA public FROM PUBLIC, klachtbalie_app; en voer dit dan opnieuw uit.'
            USING ERRCODE = 'KB005';
    END IF;
END $$;

CREATE TABLE server_changes (
    sequence      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- session_user: the login that connected, also inside the owner's function.
    login         text NOT NULL DEFAULT session_user,
    client        text DEFAULT host(inet_client_addr()),
    table_name    text NOT NULL,
    operation     text NOT NULL CHECK (operation IN ('insert', 'update', 'delete', 'truncate')),
    row_key       text,
    complaint_id  bigint,
    columns       text[]
);
CREATE INDEX server_changes_by_complaint ON server_changes (complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX server_changes_by_login ON server_changes (login, at);
CREATE TRIGGER server_changes_are_append_only BEFORE UPDATE OR DELETE ON server_changes
    FOR EACH ROW EXECUTE FUNCTION klachtbalie_refuse('De wijzigingen die de server vastlegde, kunnen niet worden gewijzigd of verwijderd.');
CREATE TRIGGER server_changes_are_never_truncated BEFORE TRUNCATE ON server_changes
    FOR EACH STATEMENT EXECUTE FUNCTION klachtbalie_refuse('De wijzigingen die de server vastlegde, kunnen niet worden geleegd.');

-- TG_ARGV[0]: the column that names the row's complaint ('' if none); the rest: the columns
-- of the primary key, joined with '/' into row_key. Like every function with the owner's
-- rights, its search path holds no schema another role can write (pg_temp last; tables are
-- named with their schema), so no look-alike function or table is ever used.
CREATE FUNCTION klachtbalie_record_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
    written jsonb := COALESCE(new_row, old_row);
    key_parts text[] := '{}';
    changed text[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO public.server_changes (table_name, operation) VALUES (TG_TABLE_NAME, 'truncate');
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.key ORDER BY n.key) INTO changed
          FROM jsonb_each(new_row) n WHERE old_row -> n.key IS DISTINCT FROM n.value;
        IF changed IS NULL THEN
            RETURN NULL;  -- an update that changed nothing (a row taken as a lock) is no change
        END IF;
    END IF;
    FOR i IN 1 .. TG_NARGS - 1 LOOP
        key_parts := key_parts || (written ->> TG_ARGV[i]);
    END LOOP;
    INSERT INTO public.server_changes (table_name, operation, row_key, complaint_id, columns)
    VALUES (TG_TABLE_NAME, lower(TG_OP), array_to_string(key_parts, '/'),
            (written ->> NULLIF(TG_ARGV[0], ''))::bigint, changed);
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION klachtbalie_record_change() FROM PUBLIC;

-- Every table of the municipality's data (the catalogue's Data tables; a test compares) and
-- the key check. Not the search tokens: keyed hashes made again from the complaint, many rows
-- per complaint, and written with it.
DO $$
DECLARE
    recorded text;
    complaint_column text;
    key_columns text;
BEGIN
    FOREACH recorded IN ARRAY ARRAY[
        'settings', 'users', 'login_failures', 'reference_sequences', 'org_departments', 'officials',
        'complaints', 'notes', 'events', 'contacts', 'hearings', 'decisions', 'tasks', 'reminders_given',
        'letter_templates', 'letters', 'letter_drafts', 'letter_sendings', 'report_texts', 'corrections',
        'recipients', 'destruction_lists', 'destruction_list_items', 'destruction_records',
        'access_requests', 'store_info']
    LOOP
        complaint_column := CASE
            WHEN recorded = 'complaints' THEN 'id'
            WHEN EXISTS (SELECT 1 FROM information_schema.columns
                          WHERE table_schema = 'public' AND table_name = recorded AND column_name = 'complaint_id')
                THEN 'complaint_id'
            ELSE '' END;
        SELECT string_agg(quote_literal(a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum))
          INTO key_columns
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
         WHERE i.indrelid = format('public.%I', recorded)::regclass AND i.indisprimary;
        EXECUTE format('CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON public.%I
                            FOR EACH ROW EXECUTE FUNCTION klachtbalie_record_change(%L, %s)',
                       recorded, complaint_column, key_columns);
        EXECUTE format('CREATE TRIGGER record_truncate AFTER TRUNCATE ON public.%I
                            FOR EACH STATEMENT EXECUTE FUNCTION klachtbalie_record_change()', recorded);
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klachtbalie_app') THEN
        GRANT SELECT ON server_changes TO klachtbalie_app;
    END IF;
END $$;
