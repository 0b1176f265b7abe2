//! Klachtbalie without the window: domain rules, encrypted store, letters and use cases.
//! Nothing here depends on tauri (ARCHITECTURE.md, invariant 1).

pub mod audit;
pub mod auth;
pub mod clock;
pub mod desk;
pub mod domain;
pub mod files;
pub mod ical;
pub mod letters;
pub mod logging;
pub mod paths;
pub mod platform;
pub mod roles;
pub mod service;
pub mod store;
