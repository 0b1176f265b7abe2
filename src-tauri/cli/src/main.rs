//! The `klachtbalie-cli` program: the command-line front end (see lib.rs).

use std::process::ExitCode;

fn main() -> ExitCode {
    klachtbalie_cli::run_from(std::env::args_os())
}
