//! Tests of the CLI launcher (the installed `klachtbalie-cli.exe` on Windows) against a
//! stand-in app beside it: the switch and every argument reach the app unchanged, the standard
//! streams are the launcher's own, the exit code comes back, and a missing app is said in Dutch.
//! The real app behind it is tested in tests/commands.rs (Linux) and by the Windows installer
//! journey under Wine (scripts/test-windows-installer.sh).
#![cfg(unix)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

/// Held by each test while it writes programs and starts them. A program file still open for
/// writing in one test while the other test starts a process is inherited by that child until
/// it execs, and starting the file then fails with "Text file busy" (ETXTBSY).
static WRITING_PROGRAMS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The launcher copied into a fresh folder, with a stand-in app beside it when `app` is given.
fn launcher_in_folder(app: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let launcher = folder.path().join("klachtbalie-cli");
    std::fs::copy(env!("CARGO_BIN_EXE_klachtbalie-cli-launcher"), &launcher).expect("copy the launcher");
    if let Some(script) = app {
        let path = folder.path().join(klachtbalie_cli_launcher::APP_FILE_NAME);
        std::fs::write(&path, script).expect("write the stand-in app");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("make it executable");
    }
    (folder, launcher)
}

fn run(launcher: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(launcher)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the launcher");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait for the launcher")
}

#[test]
fn the_app_gets_the_switch_every_argument_and_the_streams_and_its_exit_code_comes_back() {
    let _alone = WRITING_PROGRAMS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let app = format!(
        "#!/bin/sh\n[ \"$1\" = {} ] || exit 9\nshift\nprintf '%s|' \"$@\"\nread line\necho \"invoer:$line\"\necho 'op stderr' >&2\nexit 3\n",
        klachtbalie_cli_launcher::APP_SWITCH
    );
    let (_folder, launcher) = launcher_in_folder(Some(&app));
    let output = run(&launcher, &["intake", "--json", "C:\\Users\\Renée d'Hondt\\klacht 1.json"], "geheim wachtwoord\n");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "intake|--json|C:\\Users\\Renée d'Hondt\\klacht 1.json|invoer:geheim wachtwoord\n");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "op stderr\n");
    assert_eq!(output.status.code(), Some(3), "the app's exit code, unchanged");

    let (_folder, launcher) = launcher_in_folder(Some("#!/bin/sh\nexit 0\n"));
    assert_eq!(run(&launcher, &["list"], "").status.code(), Some(0));
}

#[test]
fn a_missing_app_is_said_in_dutch_and_fails() {
    let _alone = WRITING_PROGRAMS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let (_folder, launcher) = launcher_in_folder(None);
    let output = run(&launcher, &["list"], "");
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(message.starts_with("klachtbalie-cli: ") && message.contains("kan niet worden gestart (het bestand ontbreekt)"), "{message}");
    assert!(output.stdout.is_empty());
}
