//! The viewer and the printer: a PDF goes to the private viewer folder (the user's only, emptied
//! at log-out and lock, removed on exit) and from there to the PDF viewer or the default printer.

use crate::ipc::CommandError;
use crate::state::Context;
use klachtbalie_core::platform::{self, shell::PrintProblem};

type CommandResult<T> = Result<T, CommandError>;

/// Puts a PDF in the private viewer folder (platform::private_folder: the user's only,
/// emptied at log-out and lock, removed on exit) and opens it when allowed.
pub(crate) fn hand_to_viewer(context: &Context, name: &str, pdf: &[u8], open: bool) -> CommandResult<(String, bool)> {
    let safe: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let path = platform::private_folder::write_copy(&context.viewer_dir, &format!("{safe}.pdf"), pdf)
        .map_err(|error| CommandError::new("io", format!("De PDF kon niet worden klaargezet: {error}")))?;
    let opened = open && context.open_viewer && platform::shell::open_in_viewer(&path).is_ok();
    Ok((path.display().to_string(), opened))
}

/// Sends a stored PDF to the default printer (platform::shell::print).
pub(crate) fn print_file(path: &str) -> CommandResult<()> {
    match platform::shell::print(std::path::Path::new(path)) {
        Ok(()) => Ok(()),
        Err(PrintProblem::Refused(detail)) => Err(CommandError::new(
            "print",
            format!("De printer weigerde de opdracht ({detail}). Controleer de printer en probeer het opnieuw."),
        )),
        Err(PrintProblem::NoPrintProgram(detail)) => Err(CommandError::new(
            "print",
            format!("Er is geen printprogramma gevonden ({detail}). Open de brief en print vanuit de PDF-viewer."),
        )),
    }
}
