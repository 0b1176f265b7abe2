//! The core's integration tests as one test program, one module per journey (as rust-analyzer
//! keeps them): one link instead of twelve, which on 2 cores, and for Windows under Wine, is
//! most of their build time. Helpers shared by every module are in tests/support.rs.

#[path = "../support.rs"]
#[macro_use]
mod support;

mod access_and_audit;
mod backup_journey;
mod catalogue;
mod complaint_on_the_server;
mod complaint_start_and_terms;
mod core_journey;
mod desk_file;
mod directory_login;
mod import_journey;
mod input_validation;
mod insider;
mod key_rotation;
mod letters_journey;
mod need_to_know;
mod people;
mod personal_login;
mod privileged_changes;
mod procedure_journey;
mod recovery_key;
mod report_journey;
mod sealed_places;
mod server_roles;
mod shared_store;
mod store_robustness;
mod tidy;
mod worklist_scale;
