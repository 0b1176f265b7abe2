//! The CLI's integration tests as one test program: the journey through every command, and the
//! store under mistakes, crashes and several processes at once, through the klachtbalie-cli
//! program as an administrator or a scheduled task uses it.

#[path = "../support.rs"]
#[macro_use]
mod support;

mod journey;
mod personal;
mod robustness;
