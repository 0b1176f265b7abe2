//! The shared store's schema and its numbered migrations: a new database gets schema 1 and
//! then every later version in the same transaction, so a fresh and a migrated database are
//! built by the same SQL; two versions also have a step in Rust (9's re-seal, 10's recovery key).

use super::{reseal, Session, Statements};
use crate::store::key::DatabaseKey;
use crate::store::sealing::Sealer;
use crate::store::sql::Sql;
use crate::store::{StoreError, StoreResult};
use std::cell::RefCell;

/// The schema version this build knows; the server's `klachtbalie_schema` row must match.
pub const SCHEMA_VERSION: i64 = 17;
/// Schema 1, as the first desks set it up.
pub(super) const SCHEMA: &str = include_str!("schema.sql");
/// Each later version's changes, in order. A new database gets schema 1 and then all of them
/// in the same transaction, so a fresh and a migrated database are built by the same SQL.
const MIGRATIONS: &[(i64, &str)] = &[
    (2, include_str!("migrations/002_report_index.sql")),
    (3, include_str!("migrations/003_import_and_report_texts.sql")),
    (4, include_str!("migrations/004_access_requests.sql")),
    (5, include_str!("migrations/005_contact_channel_codes.sql")),
    (6, include_str!("migrations/006_server_change_log.sql")),
    (7, include_str!("migrations/007_audit_append_by_the_server.sql")),
    (8, include_str!("migrations/008_destruction_by_the_server.sql")),
    (9, include_str!("migrations/009_seals_bind_complaint_and_version.sql")),
    (10, include_str!("migrations/010_recovery_key_wraps_the_key.sql")),
    (11, include_str!("migrations/011_roles_are_server_roles.sql")),
    (12, include_str!("migrations/012_need_to_know_by_the_server.sql")),
    (13, include_str!("migrations/013_privileged_changes_by_the_server.sql")),
    (14, include_str!("migrations/014_logins_made_by_the_beheerder.sql")),
    (15, include_str!("migrations/015_the_server_refuses_as_the_app_does.sql")),
    (16, include_str!("migrations/016_hearing_reports_and_a_beheerder_who_can_act.sql")),
    (17, include_str!("migrations/017_a_complaint_starts_where_the_procedure_starts.sql")),
];
/// Drops every function of ours (they all start so), whichever schema version made it: for a
/// failed move to a new shared store, after its tables.
pub(super) const DROP_OUR_FUNCTIONS: &str = "DO $$
    DECLARE
        ours regprocedure;
    BEGIN
        FOR ours IN SELECT oid::regprocedure FROM pg_proc
                     WHERE pronamespace = current_schema()::regnamespace AND proname LIKE 'klachtbalie\\_%'
        LOOP
            EXECUTE format('DROP FUNCTION %s CASCADE', ours);
        END LOOP;
    END $$;";
/// The schema from which the recovery key wraps the database key (issue 25 item 7).
const RECOVERY_KEY_WRAPS_IN: i64 = 10;

/// Runs every migration after version `from` and records the version reached. Schema 9's SQL
/// is followed by the re-seal of every value sealed before it, schema 10's by the first
/// recovery key of its own and schema 15's by the complaints' cells sealed for their handler,
/// in the same transaction.
pub(super) fn apply_migrations(
    transaction: &mut postgres::Transaction<'_>,
    from: i64,
    statements: &Statements,
    sealer: Option<&Sealer>,
    key: Option<&DatabaseKey>,
    sealed_store: bool,
) -> StoreResult<()> {
    for (version, sql) in MIGRATIONS.iter().filter(|(version, _)| *version > from) {
        transaction.batch_execute(sql)?;
        if *version == reseal::RESEALED_IN {
            reseal::reseal(transaction, statements, sealer, sealed_store)?;
        }
        if *version == RECOVERY_KEY_WRAPS_IN && sealed_store {
            issue_first_wrapping_recovery_key(transaction, statements, sealer, key)?;
        }
        if *version == reseal::BOUND_TO_HANDLER_IN && sealed_store {
            reseal::bind_complaints_to_their_handler(transaction, statements, sealer)?;
        }
        transaction.execute("UPDATE klachtbalie_schema SET version = $1", &[version])?;
    }
    Ok(())
}

/// Schema 10: a store without a recovery key's wrap gets one (a new store, or one whose
/// recovery key was the database key itself). An existing store's Beheerder is then shown the
/// new recovery key at the next log-in; the old sheet, which held the database key, no longer
/// joins a desk.
fn issue_first_wrapping_recovery_key(
    transaction: &mut postgres::Transaction<'_>,
    statements: &Statements,
    sealer: Option<&Sealer>,
    key: Option<&DatabaseKey>,
) -> StoreResult<()> {
    let session = Session { transaction: RefCell::new(transaction.transaction()?), statements, sealer };
    if super::recovery::wrap_on_server(&session)?.is_none() {
        let key = key.ok_or(StoreError::NewRecoveryKeyNeedsKey)?;
        super::recovery::issue_on_server(&session, key)?;
        // A store in use has settings; a new one gets its first rows after the schema.
        if !session.query("SELECT 1 FROM settings LIMIT 1", &[])?.is_empty() {
            session.execute(
                "INSERT INTO settings (key, value) VALUES ('recovery_key_confirmed', '0') \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[],
            )?;
        }
    }
    session.transaction.into_inner().commit()?;
    Ok(())
}
