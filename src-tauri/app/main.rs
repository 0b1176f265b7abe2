//! Entry point of the Klachtbalie desktop app, and of the CLI inside it (`klachtbalie --cli …`,
//! what the installed `klachtbalie-cli.exe` starts on Windows).

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|first| first == klachtbalie_cli_launcher::APP_SWITCH) {
        // A window program has no console of its own: it writes to and reads from the one of
        // the launcher that started it.
        klachtbalie_core::platform::console::attach_to_parent_console();
        let cli_args = std::iter::once(OsString::from("klachtbalie-cli")).chain(args.into_iter().skip(2));
        return klachtbalie_cli::run_from(cli_args);
    }
    klachtbalie_app::run();
    ExitCode::SUCCESS
}
