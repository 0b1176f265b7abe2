//! Shared helpers for the integration tests: PDF text extraction, file scanning, the two stores
//! a test runs on (`TestStore`, `on_both_stores!`) and two desks on one store.

#![allow(dead_code)]

use std::path::Path;

/// The text of a PDF as pdftotext (poppler-utils) extracts it, with layout.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdf_tool("pdftotext", pdf)
}

/// Runs poppler's `pdftotext -layout` or `pdfinfo` on the PDF and returns what it printed.
pub fn pdf_tool(tool: &str, pdf: &[u8]) -> String {
    if let Some(output) = over_the_bridge(tool, "", pdf) {
        return String::from_utf8(output).expect("utf-8");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let mut command = std::process::Command::new(tool);
    if tool == "pdftotext" {
        command.args(["-layout", "-enc", "UTF-8"]).arg(&path).arg("-");
    } else {
        command.arg(&path);
    }
    let output = command.output().unwrap_or_else(|error| panic!("{tool} must be installed (poppler-utils; scripts/setup.sh): {error}"));
    assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The Windows build's tests run under Wine, where a Linux program cannot be started from a
/// Windows one: there scripts/with-wine.sh runs the Linux tools (poppler, pg_dump, psql) on
/// their behalf. KLACHTBALIE_HOST_TOOLS_BRIDGE is a folder: the input and a request (the tool
/// and its one argument) go in, the status and the output come back. `None` elsewhere.
fn over_the_bridge(tool: &str, argument: &str, input: &[u8]) -> Option<Vec<u8>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let bridge = std::path::PathBuf::from(std::env::var_os("KLACHTBALIE_HOST_TOOLS_BRIDGE")?);
    let name = format!("{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    let file = |extension: &str| bridge.join(format!("{name}.{extension}"));
    std::fs::write(file("in"), input).expect("input for the bridge");
    // The request appears whole (renamed into place), after the input it names.
    std::fs::write(file("request-tmp"), format!("{tool}\n{argument}\n")).expect("request");
    std::fs::rename(file("request-tmp"), file("request")).expect("request");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !file("status").exists() {
        assert!(std::time::Instant::now() < deadline, "the host tools bridge did not answer (scripts/with-wine.sh runs it)");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = std::fs::read_to_string(file("status")).expect("status");
    let output = std::fs::read(file("out")).unwrap_or_default();
    let errors = std::fs::read_to_string(file("err")).unwrap_or_default();
    for extension in ["in", "status", "out", "err"] {
        let _ = std::fs::remove_file(file(extension));
    }
    assert_eq!(status.trim(), "0", "{tool} failed: {errors}");
    Some(output)
}

/// Runs `ldapadd` or `ldapmodify` as the test directory's administrator (scripts/with-postgres.sh
/// starts it) over StartTLS with `ldif` as input; under Wine through the host tools bridge.
pub fn as_directory_admin(tool: &str, ldif: &str) {
    if over_the_bridge(tool, "", ldif.as_bytes()).is_some() {
        return;
    }
    use std::io::Write;
    let setting = |name: &str| {
        std::env::var(format!("KLACHTBALIE_TEST_{name}")).unwrap_or_else(|_| {
            panic!("KLACHTBALIE_TEST_{name} is not set: run the tests through scripts/with-postgres.sh, which starts slapd")
        })
    };
    let mut child = std::process::Command::new(tool)
        .args(["-x", "-ZZ", "-H", &setting("LDAP_URI"), "-D", &setting("LDAP_ADMIN_DN"), "-y", &setting("LDAP_ADMIN_PASSWORD_FILE")])
        .env("LDAPTLS_CACERT", setting("POSTGRES_CA"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{tool} (Debian package ldap-utils): {error}"));
    child.stdin.take().expect("stdin").write_all(ldif.as_bytes()).expect("ldif");
    let output = child.wait_with_output().expect(tool);
    assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// Number of pages according to pdfinfo.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let text = pdf_tool("pdfinfo", pdf);
    text.lines().find_map(|line| line.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("Pages line")
}

/// Calls `visit` with every file below `dir` (in subfolders too) and its bytes, one file in
/// memory at a time. A live server removes temporary files and folders while we read: what
/// vanished is skipped.
pub fn for_each_file(dir: &Path, mut visit: impl FnMut(&Path, &[u8])) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                visit(&path, &std::fs::read(&path).unwrap_or_default());
            }
        }
    }
}

/// Every file below `dir` with its bytes (for small folders: a desk's data folder).
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for_each_file(dir, |path, bytes| files.push((path.display().to_string(), bytes.to_vec())));
    files
}

pub fn contains(bytes: &[u8], pattern: &[u8]) -> bool {
    bytes.windows(pattern.len()).any(|window| window == pattern)
}

/// Every file below `dir` whose bytes contain `needle` (as UTF-8 or UTF-16LE).
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(|unit| unit.to_le_bytes()).collect();
    let mut hits = Vec::new();
    for_each_file(dir, |path, bytes| {
        if contains(bytes, needle.as_bytes()) || contains(bytes, &utf16) {
            hits.push(path.display().to_string());
        }
    });
    hits
}

/// (needle, file) for every needle found in a file below `dir`; each file is read once, so a
/// large folder (a database server's data directory) is scanned for many needles quickly.
pub fn files_containing_any(dir: &Path, needles: &[&str]) -> Vec<(String, String)> {
    let mut hits = Vec::new();
    for_each_file(dir, |path, bytes| {
        for needle in needles {
            if contains(bytes, needle.as_bytes()) {
                hits.push((needle.to_string(), path.display().to_string()));
            }
        }
    });
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
/// write. A check made outside the write transaction goes stale exactly there.
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

/// Two desks on one store, each with its own connection, as two processes (the app and the
/// CLI, or two workstations) would have: on the single-desk store two connections to one
/// database file, on the shared store two connections to one PostgreSQL database. The first
/// desk's clock lets the second act in the middle of a use case.
pub struct TwoDesks {
    /// The store [`two_desks`] made for itself (`None` from [`two_desks_on`], whose caller owns
    /// it). Destructuring with `..` drops it at once; bind it to keep it for the whole test.
    pub _store: Option<TestStore>,
    pub clock: std::sync::Arc<InterleavingClock>,
    pub desk: klachtbalie_core::service::Klachtbalie,
    pub other_desk: std::sync::Arc<std::sync::Mutex<klachtbalie_core::service::Klachtbalie>>,
    pub coordinator: klachtbalie_core::service::Actor,
}

/// The example chart, set up by "coord" (Beheerder and Klachtcoördinator), with a second desk,
/// on a single-desk database of its own.
pub fn two_desks(password: &str) -> TwoDesks {
    let store = TestStore::single_desk();
    let desks = two_desks_on(&store, password);
    TwoDesks { _store: Some(store), ..desks }
}

/// As [`two_desks`], on `store` (which must outlive both desks): the second desk is a second
/// connection to the same store.
pub fn two_desks_on(store: &TestStore, password: &str) -> TwoDesks {
    use klachtbalie_core::service::Actor;
    use std::sync::Arc;
    let clock = Arc::new(InterleavingClock::at("2026-11-23T09:00"));
    let form = setup_form("coord", password);
    let mut desk = store.set_up(clock.clone(), &form).expect("set up");
    let coordinator = Actor::User(desk.login("coord", password).expect("login"));
    desk.import_org_chart(&coordinator, include_str!("fixtures/organogram-voorbeeld.json")).expect("chart");
    let other_desk = store.open(Arc::new(klachtbalie_core::clock::FixedClock::new(at("2026-11-23T09:00"))));
    TwoDesks { _store: None, clock, desk, other_desk: Arc::new(std::sync::Mutex::new(other_desk)), coordinator }
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

/// pg_dump 15.14+ writes a random \restrict key per dump; it is not data.
fn without_restrict_lines(dump: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(dump)
        .lines()
        .filter(|line| !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

/// A fresh database on the test PostgreSQL server that `scripts/with-postgres.sh` started
/// (owned by the owner role; the desks' role may connect), dropped when the test ends.
pub struct SharedTestDatabase {
    pub name: String,
    /// The owner's login: sets the schema up.
    pub owner: klachtbalie_core::store::SharedLocation,
    /// The desks' login (klachtbalie_app): rows only, no schema rights.
    pub app: klachtbalie_core::store::SharedLocation,
    admin: klachtbalie_core::store::SharedLocation,
}

fn server_setting(name: &str) -> String {
    std::env::var(format!("KLACHTBALIE_TEST_POSTGRES_{name}")).unwrap_or_else(|_| {
        panic!(
            "KLACHTBALIE_TEST_POSTGRES_{name} is not set: the shared-store tests need the test PostgreSQL server. \
             Run them as `bash scripts/with-postgres.sh cargo test` (scripts/test.sh does this)."
        )
    })
}

fn location(user: &str, password: String, database: &str) -> klachtbalie_core::store::SharedLocation {
    klachtbalie_core::store::SharedLocation::new(
        format!("postgres://{user}@{}:{}/{database}", server_setting("HOST"), server_setting("PORT")),
        Some(password),
        Some(server_setting("CA").into()),
    )
}

impl SharedTestDatabase {
    pub fn create() -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("t_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let owner_name = server_setting("OWNER");
        let app_name = server_setting("APP");
        let admin = location(&owner_name, server_setting("OWNER_PASSWORD"), "klachtbalie");
        let mut client = admin.connect().expect("connect to the test server as the owner");
        // One statement per call: CREATE DATABASE refuses to run inside a (multi-statement) transaction.
        client.batch_execute(&format!("CREATE DATABASE {name} OWNER {owner_name}")).expect("create a test database");
        client.batch_execute(&format!("GRANT CONNECT ON DATABASE {name} TO {app_name}")).expect("grant connect");
        Self {
            owner: location(&owner_name, server_setting("OWNER_PASSWORD"), &name),
            app: location(&app_name, server_setting("APP_PASSWORD"), &name),
            name,
            admin,
        }
    }

    /// `pg_dump` of this database as text (the dump scan of SEC-01).
    pub fn dump(&self) -> Vec<u8> {
        if let Some(dump) = over_the_bridge("pg_dump", &self.name, b"") {
            return without_restrict_lines(&dump);
        }
        let output = std::process::Command::new(std::path::Path::new(&server_setting("BIN")).join("pg_dump"))
            .args(["--host", &server_setting("HOST"), "--port", &server_setting("PORT"), "--username", &server_setting("OWNER")])
            .args(["--dbname", &self.name])
            .env("PGPASSWORD", server_setting("OWNER_PASSWORD"))
            .env("PGSSLMODE", "verify-full")
            .env("PGSSLROOTCERT", server_setting("CA"))
            .output()
            .expect("pg_dump");
        assert!(output.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&output.stderr));
        without_restrict_lines(&output.stdout)
    }

    /// Loads a `pg_dump` text into this (new, empty) database with psql as the owner, the way
    /// README.md tells a database administrator to restore a backup (SEC-06).
    pub fn restore_dump(&self, dump: &[u8]) {
        use std::io::Write;
        if over_the_bridge("psql", &self.name, dump).is_some() {
            return;
        }
        let mut psql = std::process::Command::new(std::path::Path::new(&server_setting("BIN")).join("psql"))
            .args(["--host", &server_setting("HOST"), "--port", &server_setting("PORT"), "--username", &server_setting("OWNER")])
            .args(["--dbname", &self.name, "--quiet", "--set", "ON_ERROR_STOP=1", "--file", "-"])
            .env("PGPASSWORD", server_setting("OWNER_PASSWORD"))
            .env("PGSSLMODE", "verify-full")
            .env("PGSSLROOTCERT", server_setting("CA"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("psql");
        psql.stdin.take().expect("stdin").write_all(dump).expect("feed the dump");
        let output = psql.wait_with_output().expect("psql");
        assert!(output.status.success(), "restoring the dump failed: {}", String::from_utf8_lossy(&output.stderr));
    }

    /// The server's data directory (every file the server wrote, WAL included).
    pub fn data_directory() -> std::path::PathBuf {
        server_setting("DATA").into()
    }

    /// Runs SQL as the owner (a test playing a database administrator).
    pub fn as_owner(&self, sql: &str) -> Result<(), String> {
        let mut client = self.owner.connect().map_err(|error| error.to_string())?;
        client.batch_execute(sql).map_err(|error| error.as_db_error().map_or_else(|| error.to_string(), |db| db.message().to_string()))
    }

    /// Runs SQL as the desks' login.
    pub fn as_app(&self, sql: &str) -> Result<(), String> {
        let mut client = self.app.connect().map_err(|error| error.to_string())?;
        client.batch_execute(sql).map_err(|error| error.as_db_error().map_or_else(|| error.to_string(), |db| db.message().to_string()))
    }
}

impl Drop for SharedTestDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = self.admin.connect() {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// Where a test's data lives: a single-desk data folder, or that plus a shared database
/// (the folder then holds only what a desk keeps locally).
pub struct TestStore {
    pub dir: tempfile::TempDir,
    pub keys: klachtbalie_core::store::key::MemoryKeyStore,
    pub shared: Option<SharedTestDatabase>,
}

impl TestStore {
    pub fn single_desk() -> Self {
        Self { dir: tempfile::tempdir().expect("tempdir"), keys: Default::default(), shared: None }
    }

    pub fn shared() -> Self {
        Self { dir: tempfile::tempdir().expect("tempdir"), keys: Default::default(), shared: Some(SharedTestDatabase::create()) }
    }

    pub fn is_shared(&self) -> bool {
        self.shared.is_some()
    }

    /// A fresh, empty store of the same kind (for a test that needs more than one database).
    pub fn another(&self) -> Self {
        if self.is_shared() {
            Self::shared()
        } else {
            Self::single_desk()
        }
    }

    /// First start. On the shared store the owner sets the database up and the desk then
    /// works as the desks' login, as a municipality would run it.
    pub fn set_up(
        &self,
        clock: std::sync::Arc<dyn klachtbalie_core::clock::Clock>,
        form: &klachtbalie_core::service::SetupForm,
    ) -> klachtbalie_core::service::ServiceResult<klachtbalie_core::service::Klachtbalie> {
        use klachtbalie_core::service;
        match &self.shared {
            None => service::set_up(self.dir.path(), &self.keys, clock, form),
            Some(shared) => service::set_up_shared(&shared.owner, Some(&shared.app), &self.keys, clock, form, self.dir.path()),
        }
    }

    /// A later start of this desk (or a second desk with the same key store).
    pub fn start(
        &self,
        clock: std::sync::Arc<dyn klachtbalie_core::clock::Clock>,
    ) -> klachtbalie_core::service::ServiceResult<klachtbalie_core::service::Startup> {
        use klachtbalie_core::service;
        match &self.shared {
            None => service::start(self.dir.path(), &self.keys, clock),
            Some(shared) => service::start_shared(&shared.app, &self.keys, clock, self.dir.path()),
        }
    }

    /// Opens the store and expects it ready.
    pub fn open(&self, clock: std::sync::Arc<dyn klachtbalie_core::clock::Clock>) -> klachtbalie_core::service::Klachtbalie {
        match self.start(clock).expect("start") {
            klachtbalie_core::service::Startup::Ready(app) => *app,
            _ => panic!("expected the database to open with the stored key"),
        }
    }
}

/// Runs each named test body (a `fn(TestStore)`) twice: on a single-desk SQLCipher database
/// and on a fresh database of the test PostgreSQL server. Written once, both stores proven.
#[allow(unused_macros)]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod on_single_desk {
            $( #[test] fn $name() { super::$name(super::support::TestStore::single_desk()) } )*
        }
        mod on_shared_store {
            $( #[test] fn $name() { super::$name(super::support::TestStore::shared()) } )*
        }
    };
}

/// The SQL of `BACK_TO_SCHEMA_14`, for `concat!`.
macro_rules! back_to_schema_14 {
    () => {
        "DROP TRIGGER registered_where_the_procedure_starts ON complaints; DROP TRIGGER stays_on_the_worklist_while_open ON complaints;
         DROP TRIGGER keeps_its_complaint_on_the_worklist ON tasks; DROP TRIGGER takes_its_complaint_off_the_worklist ON tasks; DROP TRIGGER terms_change_as_the_awb_allows ON complaints;
         DROP TRIGGER decided_by_its_handler ON decisions;
         DROP FUNCTION klachtbalie_registered_where_the_procedure_starts(), klachtbalie_stays_on_the_worklist_while_open(),
             klachtbalie_terms_change_as_the_awb_allows(), klachtbalie_decided_by_its_handler();
         GRANT UPDATE ON complaint_tokens, events, notes, contacts, reminders_given, letter_sendings TO klachtbalie_app;
         DROP TRIGGER an_acting_beheerder_remains ON users;
         DROP TRIGGER by_its_handler_or_the_coordinator ON complaints; DROP TRIGGER retention_and_handover_by_the_coordinator ON complaints;
         DROP TRIGGER status_follows_the_procedure ON complaints;
         DROP FUNCTION klachtbalie_status_follows_the_procedure(), klachtbalie_status_may_follow(text, text), klachtbalie_is_closed(text);
         DROP TRIGGER worked_on_by_its_handler ON hearings; DROP TRIGGER worked_on_by_its_handler ON tasks;
         DROP TRIGGER worked_on_by_its_handler ON corrections; DROP TRIGGER worked_on_by_its_handler ON recipients;
         DROP TRIGGER worked_on_by_its_handler ON complaint_tokens;
         DROP FUNCTION klachtbalie_keep_an_acting_beheerder(), klachtbalie_is_acting_beheerder(text, boolean, text),
             klachtbalie_hearing_reports(bigint), klachtbalie_worked_on_by_its_handler(),
             klachtbalie_part_worked_on_by_its_handler(), klachtbalie_works_on(text);
         GRANT SELECT ON hearings TO klachtbalie_app;
         DROP TRIGGER registration_is_fixed ON complaints;
         DROP FUNCTION klachtbalie_registration_is_fixed(), klachtbalie_awaits_own_password(),
             klachtbalie_real_complaint_count(), klachtbalie_open_complaint_officials();
         DROP POLICY need_to_know ON complaints;
         CREATE POLICY need_to_know ON complaints
             USING ((SELECT klachtbalie_reads_every_complaint()) OR handler_id IN (SELECT unnest(klachtbalie_handled_ids())))
             WITH CHECK (true);
         DO $$ DECLARE c record; BEGIN
             FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'complaints'::regclass AND conname LIKE '%\\_sealed' LOOP
                 EXECUTE format('ALTER TABLE complaints DROP CONSTRAINT %I', c.conname);
             END LOOP;
         END $$;"
    };
}

/// SQL that takes a shared store of schema 17 back to schema 14 (schema 17's checks of a new
/// complaint, the worklist index, the terms and decisions, and its revoked updates; schema 16's hearing reports,
/// acting Beheerder, treatment by the handler and the procedure's order; schema 15's fixed
/// registration, its check of a first password, the Beheerder's reach; the functions it
/// replaced are replaced again by the upgrade), for the tests that upgrade an older store.
pub const BACK_TO_SCHEMA_14: &str = back_to_schema_14!();

/// SQL that takes a shared store of schema 17 back to schema 10 (the fixed registration, the Beheerder's logins, its
/// checks of privileged changes, its need-to-know policies and its roles on the server), for the tests that upgrade
/// an older store: the upgrade makes these again.
pub const BACK_TO_SCHEMA_10: &str = concat!(
    back_to_schema_14!(),
    " DROP TRIGGER first_password_to_be_chosen ON users; DROP TABLE first_passwords;
     DROP FUNCTION klachtbalie_create_login(text, text), klachtbalie_choose_own_password(text), klachtbalie_require_scram_verifier(text, text),
         klachtbalie_first_password_to_be_chosen();
     DROP TRIGGER only_a_beheerder ON settings; DROP TRIGGER only_a_beheerder ON org_departments;
     DROP TRIGGER only_a_beheerder ON officials; DROP TRIGGER only_a_beheerder ON letter_templates;
     DROP TRIGGER only_a_coordinator ON destruction_list_items; DROP TRIGGER only_a_coordinator ON access_requests;
     DROP TRIGGER only_a_desks_login ON login_failures; DROP TRIGGER proposed_and_confirmed_in_one_s_own_name ON destruction_lists;
     DROP TRIGGER confirmed_by_the_caller ON destruction_records; DROP TRIGGER answered_by_the_caller ON access_requests;
     DROP TRIGGER entries_in_one_s_own_name ON audit_log; DROP TRIGGER only_a_coordinator ON report_texts;
     DROP TRIGGER registered_by_the_kcc_or_the_coordinator ON complaints; DROP TRIGGER handed_over_by_the_coordinator ON complaints;
     DROP TRIGGER destroyed_by_the_coordinator ON complaints;
     DROP FUNCTION klachtbalie_only_for(), klachtbalie_guard_destruction_list(), klachtbalie_confirmer_is_the_caller(),
         klachtbalie_answered_by_the_caller(), klachtbalie_entry_in_one_s_own_name(), klachtbalie_acts_as(text);
     DO $$
     DECLARE part text;
     BEGIN
         FOREACH part IN ARRAY ARRAY['complaints', 'events', 'hearings', 'tasks', 'reminders_given', 'letters', 'corrections',
                                     'recipients', 'complaint_tokens', 'notes', 'contacts', 'decisions', 'letter_drafts',
                                     'letter_sendings'] LOOP
             EXECUTE format('DROP POLICY need_to_know ON %I', part);
             EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', part);
         END LOOP;
     END $$;
     DROP FUNCTION klachtbalie_contact_count(bigint), klachtbalie_reads_every_complaint(), klachtbalie_reads_all_contents(), klachtbalie_handled_ids(),
         klachtbalie_is_desks_login(), klachtbalie_is_active_person();
     DROP TRIGGER accounts_are_guarded ON users; DROP TRIGGER a_beheerder_remains ON users;
     DROP TABLE role_changes; DROP FUNCTION klachtbalie_set_roles(text, text[]), klachtbalie_guard_accounts(),
     klachtbalie_keep_a_beheerder(), klachtbalie_may_manage_accounts(text), klachtbalie_roles_of(text), klachtbalie_is_person(text),
     klachtbalie_is_desks_login_name(text), klachtbalie_is_owner(text);"
);

/// A database login name no other test of this run uses (roles are the whole server's).
pub fn unique_login(what: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{what}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst))
}

/// Starts a program as `Command::spawn` does, but tries again (three times in all) where Wine
/// failed to start it. Under Wine, `CreateProcess` fails with ERROR_INTERNAL_ERROR (1359) when
/// the new process ends before it has set itself up (ntdll's NtCreateUserProcess: the
/// wineserver reports "no success, no exit code"), which a rare Wine start-up under load does
/// (seen once in CI, among the hundreds of processes of
/// robustness::writers_queue_and_a_verifier_beside_them_never_raises_a_false_alarm). Such a
/// process never reached the program's `main`, so starting it again repeats nothing. Windows
/// itself does not fail a start so; every other error is returned at once.
pub fn start(command: &mut std::process::Command) -> std::io::Result<std::process::Child> {
    const WINE_START_FAILED: i32 = 1359;
    let mut attempt = 1;
    loop {
        match command.spawn() {
            Err(error) if cfg!(windows) && error.raw_os_error() == Some(WINE_START_FAILED) && attempt < 3 => {
                eprintln!("Wine could not start {:?} (attempt {attempt}: {error}); starting it again", command.get_program());
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            result => return result,
        }
    }
}

/// `Command::output` through `start`: no standard input, standard output and error captured.
pub fn run_to_end(command: &mut std::process::Command) -> std::io::Result<std::process::Output> {
    use std::process::Stdio;
    start(command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()))?.wait_with_output()
}
