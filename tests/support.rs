//! Shared helpers for the integration tests: PDF text extraction and file scanning.

#![allow(dead_code)]

use std::path::Path;

/// The text of a PDF as pdftotext (poppler-utils) extracts it, with layout.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils); scripts/setup.sh installs it");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Number of pages according to pdfinfo.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = std::process::Command::new("pdfinfo").arg(&path).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().find_map(|line| line.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("Pages line")
}

/// Every file below `dir` whose bytes contain `needle` (as UTF-8 or UTF-16LE).
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(|unit| unit.to_le_bytes()).collect();
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap_or_default();
            let contains = |pattern: &[u8]| bytes.windows(pattern.len()).any(|window| window == pattern);
            if contains(needle.as_bytes()) || contains(&utf16) {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

/// (name, length, sha256-ish fingerprint) of every file below `dir`, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        files.push((entry.file_name().to_string_lossy().into_owned(), bytes));
    }
    files.sort();
    files
}

/// A time written as `YYYY-MM-DDTHH:MM`.
pub fn at(text: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("time")
}

type Hook = Box<dyn FnOnce() + Send>;

/// A clock that lets another desk act at the `nth` time it is read after `then_on_read` (the
/// first time after `then`): inside a use case, between its first look at the database and its
/// write. A check made outside the write transaction goes stale exactly there (issue 10).
pub struct InterleavingClock {
    time: klachtbalie_core::clock::FixedClock,
    /// How many more reads until the hook runs, and the hook.
    hook: std::sync::Mutex<Option<(usize, Hook)>>,
}

impl InterleavingClock {
    pub fn at(text: &str) -> Self {
        Self { time: klachtbalie_core::clock::FixedClock::new(at(text)), hook: Default::default() }
    }

    pub fn then(&self, hook: impl FnOnce() + Send + 'static) {
        self.then_on_read(1, hook);
    }

    pub fn then_on_read(&self, nth: usize, hook: impl FnOnce() + Send + 'static) {
        *self.hook.lock().expect("hook") = Some((nth, Box::new(hook)));
    }
}

impl klachtbalie_core::clock::Clock for InterleavingClock {
    fn now(&self) -> chrono::NaiveDateTime {
        let due = {
            let mut hook = self.hook.lock().expect("hook");
            match hook.take() {
                Some((1, due)) => Some(due),
                Some((nth, later)) => {
                    *hook = Some((nth - 1, later));
                    None
                }
                None => None,
            }
        };
        if let Some(due) = due {
            due();
        }
        self.time.now()
    }
}

/// Two desks on one database file, each with its own connection, as two processes (the app
/// and the CLI, or two workstations) would have. The first desk's clock lets the second act
/// in the middle of a use case.
pub struct TwoDesks {
    pub _dir: tempfile::TempDir,
    pub clock: std::sync::Arc<InterleavingClock>,
    pub desk: klachtbalie_core::service::Klachtbalie,
    pub other_desk: std::sync::Arc<std::sync::Mutex<klachtbalie_core::service::Klachtbalie>>,
    pub coordinator: klachtbalie_core::service::Actor,
}

/// The example chart, set up by "coord" (Beheerder and Klachtcoördinator), with a second desk.
pub fn two_desks(password: &str) -> TwoDesks {
    use klachtbalie_core::service::{self, Actor, Startup};
    use std::sync::Arc;
    let dir = tempfile::tempdir().expect("tempdir");
    let keys = klachtbalie_core::store::key::MemoryKeyStore::default();
    let clock = Arc::new(InterleavingClock::at("2026-11-23T09:00"));
    let form = setup_form("coord", password);
    let mut desk = service::set_up(dir.path(), &keys, clock.clone(), &form).expect("set up");
    let coordinator = Actor::User(desk.login("coord", password).expect("login"));
    desk.import_org_chart(&coordinator, include_str!("fixtures/organogram-voorbeeld.json")).expect("chart");
    let other_clock = Arc::new(klachtbalie_core::clock::FixedClock::new(at("2026-11-23T09:00")));
    let Startup::Ready(other_desk) = service::start(dir.path(), &keys, other_clock).expect("second desk") else {
        panic!("the second desk did not open the database")
    };
    TwoDesks { _dir: dir, clock, desk, other_desk: Arc::new(std::sync::Mutex::new(*other_desk)), coordinator }
}

/// The first-start form with the Diemen defaults and an account "Fatima el Amrani".
pub fn setup_form(username: &str, password: &str) -> klachtbalie_core::service::SetupForm {
    klachtbalie_core::service::SetupForm {
        admin_username: username.into(),
        admin_display_name: "Fatima el Amrani".into(),
        admin_password: password.into(),
        admin_password_repeat: password.into(),
        ..klachtbalie_core::service::SetupForm::diemen_defaults()
    }
}
