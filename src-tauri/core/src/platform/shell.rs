//! Handing a stored letter to the desktop: open it in the user's PDF viewer, or print it. On
//! Windows through the shell's own verbs (`ShellExecuteW` with "open" or "print", so the
//! program the user chose for PDFs does it); never through a command line or a script string,
//! which a file name could break. On Linux and macOS the desktop's opener and CUPS (`lp`).
//! `KLACHTBALIE_PRINT_COMMAND` names another print program (tests, special printers): it gets
//! the file as its one argument.

use std::path::Path;

/// Why a file could not be printed.
#[derive(Debug)]
pub enum PrintProblem {
    /// No program to print with (no `lp`, no program for PDF files on Windows).
    NoPrintProgram(String),
    /// The print program ran and refused.
    Refused(String),
}

/// Opens the file in the program the user chose for its kind, without waiting for it.
pub fn open_in_viewer(path: &Path) -> std::io::Result<()> {
    open::that_detached(path)
}

/// Sends the file to the default printer.
pub fn print(path: &Path) -> Result<(), PrintProblem> {
    if let Some(command) = std::env::var("KLACHTBALIE_PRINT_COMMAND").ok().filter(|command| !command.trim().is_empty()) {
        return run_print_program(std::process::Command::new(command.trim()).arg(path));
    }
    print_with_the_system(path)
}

#[cfg(windows)]
fn print_with_the_system(path: &Path) -> Result<(), PrintProblem> {
    super::windows_api::shell_execute("print", path).map_err(|error| match error.raw_os_error() {
        // SE_ERR_NOASSOC and ERROR_NO_ASSOCIATION: no program for PDF files prints them.
        Some(31 | 1155) => PrintProblem::NoPrintProgram(error.to_string()),
        _ => PrintProblem::Refused(error.to_string()),
    })
}

#[cfg(not(windows))]
fn print_with_the_system(path: &Path) -> Result<(), PrintProblem> {
    run_print_program(std::process::Command::new("lp").arg(path))
}

fn run_print_program(command: &mut std::process::Command) -> Result<(), PrintProblem> {
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(PrintProblem::Refused(status.to_string())),
        Err(error) => Err(PrintProblem::NoPrintProgram(error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(windows)]
    #[test]
    fn printing_goes_through_the_shell_verb_with_the_file_name_as_is() {
        // PLAT-01: a name with spaces, quotes and a dollar sign reaches the shell untouched
        // (no script string around it); Wine has no program that prints PDF files, so the
        // shell answers "no association", which becomes the message to print from the viewer.
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("Brief aan 'Renée' $args [1].pdf");
        std::fs::write(&path, b"%PDF-1.7\n").expect("write");
        match print_with_the_system(&path) {
            Err(PrintProblem::NoPrintProgram(_)) | Ok(()) => {}
            Err(PrintProblem::Refused(detail)) => panic!("the shell refused the file itself: {detail}"),
        }
        let missing = dir.path().join("bestaat niet.pdf");
        assert!(print_with_the_system(&missing).is_err(), "a missing file is not printed");
    }

    #[test]
    fn a_print_program_gets_the_file_as_one_argument() {
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("brief met spaties.pdf");
            std::fs::write(&path, b"%PDF").expect("write");
            let copy = dir.path().join("geprint.pdf");
            let script = dir.path().join("print.sh");
            std::fs::write(&script, format!("#!/bin/sh\ncp \"$1\" '{}'\n", copy.display())).expect("script");
            std::process::Command::new("chmod").arg("+x").arg(&script).status().expect("chmod");
            run_print_program(std::process::Command::new(&script).arg(&path)).expect("printed");
            assert_eq!(std::fs::read(&copy).expect("copy"), b"%PDF");
            assert!(matches!(run_print_program(&mut std::process::Command::new("false")), Err(PrintProblem::Refused(_))));
        }
        assert!(matches!(
            run_print_program(&mut std::process::Command::new("geen-printprogramma-hier")),
            Err(PrintProblem::NoPrintProgram(_))
        ));
    }
}
