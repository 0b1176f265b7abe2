//! `klachtbalie-cli` as installed on Windows: a console program that runs the CLI inside the app
//! beside it and returns its exit code (see lib.rs for why).

fn main() {
    let outcome = std::env::current_exe()
        .map_err(|error| format!("de map van dit programma is niet te bepalen ({error})"))
        .and_then(|launcher| klachtbalie_cli_launcher::run_app_beside(&launcher, std::env::args_os().skip(1)));
    match outcome {
        Ok(code) => std::process::exit(code),
        Err(message) => {
            eprintln!("klachtbalie-cli: {message}");
            std::process::exit(1);
        }
    }
}
