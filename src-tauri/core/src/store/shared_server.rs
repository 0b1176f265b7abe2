//! What is asked of the shared server outside a desk's session, by login: its schema version,
//! a login's rights, the recovery key's wrap, and the owner's tasks (migrate-schema,
//! rotate-key).

use super::key::DatabaseKey;
use super::postgres::{self, PostgresStore, SharedLocation};
use super::sealing::Sealer;
use super::{StoreError, StoreResult};

/// The schema version of the shared database (`None`: not set up yet). Needs no key: this
/// is what a desk asks before it knows whether to set up or to join.
pub fn shared_schema_version(location: &SharedLocation) -> StoreResult<Option<i64>> {
    PostgresStore::open(location, None)?.schema_version()
}

/// The desks' role every desk login must be (a member of): the schema grants go to it.
pub const DESKS_ROLE: &str = "klachtbalie_app";
/// The group role of people's own logins (a member of `DESKS_ROLE`, whose grants it passes on).
pub const PERSONS_ROLE: &str = "klachtbalie_person";

/// What a login may do on the shared database: the set-up needs the owner, the desks a
/// member of the desks' role that owns nothing (least privilege).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRights {
    pub user: String,
    /// Owns the database or is a superuser.
    pub owns_database: bool,
    /// Is (a member of) `DESKS_ROLE`.
    pub desks_member: bool,
    /// Is a person's own login (a member of `PERSONS_ROLE`, schema 11), not a desks' shared one.
    pub person: bool,
}

pub fn shared_login_rights(location: &SharedLocation) -> StoreResult<LoginRights> {
    PostgresStore::open(location, None)?.login_rights()
}

/// `migrate-schema` as the owner: brings the shared database's schema to this version; from
/// before schema 9 that needs the database's `key` (the re-seal). Returns the version found
/// and the version now.
pub fn migrate_shared_schema(location: &SharedLocation, key: Option<&DatabaseKey>) -> StoreResult<(i64, i64)> {
    let store = PostgresStore::open(location, key.map(Sealer::new))?;
    if store.schema_version()?.is_none() {
        return Err(StoreError::SharedNotSetUp);
    }
    store.migrate_schema(key)
}

/// `klachtbalie-cli rotate-key` as the owner: `new_key` takes over from `key` (every sealed
/// value, blind-index token and audit link, the key check and a new recovery key) in one
/// transaction; `key` must be the database's own.
pub fn rotate_shared_key(
    location: &SharedLocation,
    key: &DatabaseKey,
    new_key: &DatabaseKey,
    stamp: &crate::audit::AuditStamp,
) -> StoreResult<postgres::RotationReport> {
    let store = PostgresStore::open(location, Some(Sealer::new(key)))?;
    if store.schema_version()? != Some(postgres::SCHEMA_VERSION) {
        return Err(StoreError::RotationRefused("het schema van de database is niet actueel; voer eerst migrate-schema uit".into()));
    }
    if store.key_check()?.as_deref() != Some(Sealer::new(key).key_check_value().as_str()) {
        return Err(StoreError::SharedWrongKey);
    }
    store.rotate_key(new_key, stamp)
}

/// The wrap of the shared store's database key under its recovery key (needs no key: a desk
/// joining with the recovery key reads it first). `None` before schema 10.
pub fn shared_recovery_wrap(location: &SharedLocation) -> StoreResult<Option<Vec<u8>>> {
    let store = PostgresStore::open(location, None)?;
    store.read_consistently(|sql| postgres::recovery::wrap_on_server(sql))
}

/// Whether the shared database holds any table (moving a desk there needs an empty one).
pub fn shared_has_tables(location: &SharedLocation) -> StoreResult<bool> {
    PostgresStore::open(location, None)?.has_tables()
}

/// Whether `key` is the key the shared store's check value was made with: after a rotation
/// whose end is not known (the connection went during its commit), it tells which key counts.
pub fn shared_key_fits(location: &SharedLocation, key: &DatabaseKey) -> StoreResult<bool> {
    let store = PostgresStore::open(location, None)?;
    Ok(store.key_check()?.as_deref() == Some(Sealer::new(key).key_check_value().as_str()))
}
