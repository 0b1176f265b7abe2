//! The console of the program that started this one, for the app when it runs a CLI command
//! (`klachtbalie.exe --cli`): on Windows a window program starts without a console, and text
//! it writes to the launcher's console handles only appears once it is attached to that console.

/// Attaches to the starting program's console on Windows; elsewhere the streams are inherited
/// as they are, and there is nothing to do. Without a console (output to files or pipes) the
/// inherited handles serve as they are, so a failure here is no error.
pub fn attach_to_parent_console() {
    #[cfg(windows)]
    super::windows_api::attach_to_parent_console();
}
