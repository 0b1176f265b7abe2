//! The catalogue of tables (store/catalogue.rs) against the tables and columns of freshly
//! created databases of both stores: every table is in it, every table in it exists where it
//! should, its sealed columns and the columns that tie a part to its complaint exist, the
//! shared store's identity columns are the ones it names, and its bytea columns are exactly
//! the sealed ones, the server records the writes to every data table (SEC-07) and its
//! destruction function deletes exactly the parts of a complaint (AVG-02). The move to a shared store, the backup, the removal of a failed shared
//! schema and the destruction of a complaint take their tables from the catalogue, so this is
//! what keeps a new table from being left out of them.

use crate::support;

use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::store::catalogue::{self, Holds, PartOfComplaint, TABLES};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

const PASSWORD: &str = "een lang wachtwoord";

/// Table name → its columns, the tables whose `id` is filled from an identity sequence, and
/// (shared store) the columns of type `bytea` as `table.column` and the tables whose writes the
/// server records.
struct Schema {
    columns: BTreeMap<String, BTreeSet<String>>,
    identity: BTreeSet<String>,
    bytea: BTreeSet<String>,
    recorded: BTreeSet<String>,
    /// The tables the shared store's destruction function deletes from, in its order.
    destroyed: Vec<String>,
    /// The tables with row-level security on (the shared store's need-to-know, schema 12).
    need_to_know: BTreeSet<String>,
}

fn desk_schema() -> Schema {
    let store = support::TestStore::single_desk();
    let app =
        store.set_up(Arc::new(FixedClock::new(support::at("2026-11-23T09:00"))), &support::setup_form("beheer", PASSWORD)).expect("set up");
    let recovery_key = app.pending_recovery_key().expect("pending").expect("shown");
    drop(app);
    let connection = crate::desk_file::open(store.dir.path(), &recovery_key);
    let tables: Vec<String> = connection
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())
        .expect("tables");
    // FTS5 keeps its index in shadow tables named after the virtual table.
    let search_indexes: Vec<&str> = TABLES.iter().filter(|table| table.holds == Holds::DeskSearchIndex).map(|table| table.name).collect();
    let mut columns = BTreeMap::new();
    for table in tables.into_iter().filter(|name| !search_indexes.iter().any(|index| name.starts_with(&format!("{index}_")))) {
        let names: BTreeSet<String> = connection
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())
            .expect("columns");
        columns.insert(table, names);
    }
    Schema {
        columns,
        identity: BTreeSet::new(),
        bytea: BTreeSet::new(),
        recorded: BTreeSet::new(),
        destroyed: Vec::new(),
        need_to_know: BTreeSet::new(),
    }
}

fn shared_schema() -> Schema {
    let store = support::TestStore::shared();
    store.set_up(Arc::new(FixedClock::new(support::at("2026-11-23T09:00"))), &support::setup_form("beheer", PASSWORD)).expect("set up");
    let shared = store.shared.as_ref().expect("a shared store");
    let mut client = shared.owner.connect().expect("connect as the owner");
    let rows = client
        .query(
            "SELECT table_name::text, column_name::text, is_identity::text, data_type::text FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name IN
                    (SELECT tablename FROM pg_tables WHERE schemaname = current_schema())",
            &[],
        )
        .expect("columns");
    let recorded = client
        .query("SELECT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'record_change'", &[])
        .expect("triggers")
        .iter()
        .map(|row| row.get(0))
        .collect();
    let destroyed = client
        .query_one("SELECT pg_get_functiondef('klachtbalie_destroy_complaint'::regproc)", &[])
        .expect("the destruction function")
        .get::<_, String>(0)
        .split("DELETE FROM ")
        .skip(1)
        .map(|rest| rest.split_whitespace().next().unwrap_or_default().trim_start_matches("public.").to_string())
        .collect();
    let need_to_know = client
        .query("SELECT relname::text FROM pg_class WHERE relrowsecurity AND relnamespace = current_schema()::regnamespace", &[])
        .expect("row-level security")
        .iter()
        .map(|row| row.get(0))
        .collect();
    let mut schema =
        Schema { columns: BTreeMap::new(), identity: BTreeSet::new(), bytea: BTreeSet::new(), recorded, destroyed, need_to_know };
    for row in rows {
        let (table, column, identity, data_type): (String, String, String, String) = (row.get(0), row.get(1), row.get(2), row.get(3));
        if identity == "YES" && column == "id" {
            schema.identity.insert(table.clone());
        }
        if data_type == "bytea" {
            schema.bytea.insert(format!("{table}.{column}"));
        }
        schema.columns.entry(table).or_default().insert(column);
    }
    schema
}

/// What is wrong between the catalogue's `expected` tables and a store's `schema`.
fn problems(store: &str, expected: &BTreeSet<&str>, schema: &Schema) -> Vec<String> {
    let found: BTreeSet<&str> = schema.columns.keys().map(String::as_str).collect();
    let mut problems: Vec<String> =
        found.difference(expected).map(|table| format!("{store}: table {table} is not in the catalogue")).collect();
    problems.extend(expected.difference(&found).map(|table| format!("{store}: the catalogue's table {table} does not exist")));
    for table in TABLES.iter().filter(|table| found.contains(table.name)) {
        let columns = &schema.columns[table.name];
        for column in table.sealed.iter().filter(|column| !columns.contains(column.name)) {
            problems.push(format!("{store}: sealed column {}.{} does not exist", table.name, column.name));
        }
        let link = match table.part_of_complaint {
            PartOfComplaint::No => None,
            PartOfComplaint::Directly => Some("complaint_id"),
            PartOfComplaint::ThroughLetter => Some("letter_id"),
        };
        if let Some(link) = link.filter(|link| !columns.contains(*link)) {
            problems.push(format!("{store}: {} is a part of a complaint but has no {link}", table.name));
        }
    }
    problems
}

#[test]
fn the_catalogue_names_every_table_of_both_stores_and_their_columns() {
    // Rules AVG-02 (destruction takes every part), SEC-01 (sealed columns), and the backup's
    // and the move's completeness: all from the one catalogue.
    let desk = desk_schema();
    let shared = shared_schema();
    let mut problems = problems("desk", &catalogue::desk_tables().collect(), &desk);
    problems.extend(problems_of_shared(&shared));
    assert!(problems.is_empty(), "{problems:#?}");
    // Sanity: the comparison saw the real schemas.
    assert!(desk.columns.contains_key("complaints") && shared.columns.contains_key("complaint_tokens"));
}

fn problems_of_shared(shared: &Schema) -> Vec<String> {
    let mut problems = problems("shared store", &catalogue::shared_store_tables().collect(), shared);
    let identity: BTreeSet<&str> = catalogue::data_tables().filter(|table| table.identity).map(|table| table.name).collect();
    let found: BTreeSet<&str> = shared.identity.iter().map(String::as_str).collect();
    if identity != found {
        problems.push(format!("shared store: identity tables {found:?}, the catalogue says {identity:?}"));
    }
    // A sealed column cannot be written plain: the server takes only bytes there, and every
    // column that takes bytes is one the store seals (SEC-01).
    let sealed: BTreeSet<String> =
        TABLES.iter().flat_map(|table| table.sealed).map(|column| format!("{}.{}", column.table, column.name)).collect();
    for column in sealed.difference(&shared.bytea) {
        problems.push(format!("shared store: sealed column {column} is not bytea, so a plain value could be written"));
    }
    for column in shared.bytea.difference(&sealed) {
        problems.push(format!("shared store: {column} holds bytes but the catalogue does not seal it"));
    }
    // AVG-02 on the shared store: the server's destruction function deletes exactly the
    // catalogue's parts of a complaint, children first.
    let parts: Vec<&str> = catalogue::complaint_parts(true).map(|table| table.name).collect();
    if shared.destroyed != parts {
        problems.push(format!(
            "shared store: klachtbalie_destroy_complaint deletes from {:?}, the catalogue's parts are {parts:?}",
            shared.destroyed
        ));
    }
    // SEC-07/AVG-05 (schema 12): the server decides who reads a complaint and every part of it.
    let parts: BTreeSet<String> =
        catalogue::complaint_parts(true).map(|table| table.name.to_string()).chain(["complaints".into()]).collect();
    if shared.need_to_know != parts {
        problems.push(format!(
            "shared store: row-level security on {:?}, the catalogue's complaints and parts are {parts:?}",
            shared.need_to_know
        ));
    }
    // SEC-07: the server records every write of the municipality's data, with its login.
    for table in catalogue::data_tables().filter(|table| !shared.recorded.contains(table.name)) {
        problems.push(format!("shared store: writes to {} are not recorded by the server (trigger record_change)", table.name));
    }
    problems
}

#[test]
fn a_failed_move_s_schema_is_dropped_whole_so_the_move_can_run_again() {
    // migrate-to-shared leaves an empty database after a failure half-way: every table of the
    // catalogue and every function of every schema version go, so a new set-up starts clean.
    let database = support::SharedTestDatabase::create();
    let key = klachtbalie_core::store::key::DatabaseKey::generate();
    let store = klachtbalie_core::store::Database::create_shared(&database.owner, &key).expect("schema");
    store.drop_shared_schema().expect("dropped");
    let mut client = database.owner.connect().expect("owner");
    let left: i64 = client
        .query_one(
            "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())
                  + (SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace AND proname LIKE 'klachtbalie%')",
            &[],
        )
        .expect("count")
        .get(0);
    assert_eq!(left, 0, "no table or function of ours is left");
    drop(store);
    klachtbalie_core::store::Database::create_shared(&database.owner, &key).expect("set up again on the emptied database");
}
