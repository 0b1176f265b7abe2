//! The few Windows API calls Klachtbalie makes itself: the shell's verbs (print), the
//! Windows version for the log, and the starting program's console for the CLI in the app. The only place in the workspace with `unsafe` code: each
//! call passes buffers that live across the call, as the API documents.
#![allow(unsafe_code)]

use std::os::windows::ffi::OsStrExt;
use std::path::Path;

fn wide(text: &std::ffi::OsStr) -> Vec<u16> {
    text.encode_wide().chain(std::iter::once(0)).collect()
}

/// `ShellExecuteW(verb, file)` without a window of its own; the error is the shell's code.
pub fn shell_execute(verb: &str, file: &Path) -> std::io::Result<()> {
    use windows_sys::Win32::UI::Shell::ShellExecuteW;
    use windows_sys::Win32::UI::WindowsAndMessaging::SW_HIDE;
    let verb = wide(std::ffi::OsStr::new(verb));
    let file = wide(file.as_os_str());
    // SAFETY: both strings are NUL-terminated UTF-16 buffers that outlive the call; the
    // window handle, parameters and folder may be null.
    let result = unsafe { ShellExecuteW(std::ptr::null_mut(), verb.as_ptr(), file.as_ptr(), std::ptr::null(), std::ptr::null(), SW_HIDE) };
    // Above 32 is success; at or below, the value is the error (SE_ERR_*).
    let code = result as isize;
    if code > 32 {
        Ok(())
    } else {
        Err(std::io::Error::from_raw_os_error(i32::try_from(code).unwrap_or(0)))
    }
}

/// The real Windows version (major, minor, build), which `GetVersionEx` hides from programs
/// without a manifest.
pub fn windows_version() -> Option<(u32, u32, u32)> {
    use windows_sys::Wdk::System::SystemServices::RtlGetVersion;
    use windows_sys::Win32::System::SystemInformation::OSVERSIONINFOW;
    // SAFETY: OSVERSIONINFOW is plain data; zeroed with its size set is the documented input.
    let mut info: OSVERSIONINFOW = unsafe { std::mem::zeroed() };
    info.dwOSVersionInfoSize = u32::try_from(std::mem::size_of::<OSVERSIONINFOW>()).ok()?;
    // SAFETY: `info` is a valid, writable OSVERSIONINFOW for the call's duration.
    let status = unsafe { RtlGetVersion(&mut info) };
    (status == 0).then_some((info.dwMajorVersion, info.dwMinorVersion, info.dwBuildNumber))
}

/// A plain Windows message box, for the one error that has no window to show it in: the app
/// could not start (a release build has no console for its error).
pub fn message_box(title: &str, text: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONERROR, MB_OK};
    let title = wide(std::ffi::OsStr::new(title));
    let text = wide(std::ffi::OsStr::new(text));
    // SAFETY: both strings are NUL-terminated UTF-16 buffers that outlive the call; no owner window.
    unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), MB_OK | MB_ICONERROR) };
}

/// `AttachConsole(ATTACH_PARENT_PROCESS)`: fails harmlessly when the starting program has no
/// console (a scheduled task writing to files) or this one has one already.
pub fn attach_to_parent_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    // SAFETY: no pointers; the call only changes which console this process is attached to.
    unsafe { AttachConsole(ATTACH_PARENT_PROCESS) };
}
