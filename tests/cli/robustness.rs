//! The single-desk store under mistakes, crashes and several processes at once, through the
//! klachtbalie-cli binary as an administrator or a scheduled task would use it: damaged
//! files, interrupted set-up, exports aimed at the database, SIGKILL during intake, writers
//! beside a verifier, closed pipes and Notepad files.

use crate::support::{run_to_end, start};
use serde_json::Value;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "een lang wachtwoord\n";
const ORG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/organogram-voorbeeld.json");

/// One data folder with its key file, as a scheduled task would use it.
struct Desk {
    _root: tempfile::TempDir,
    data: PathBuf,
    key: PathBuf,
}

impl Desk {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("tempdir");
        let data = root.path().join("data");
        let key = root.path().join("sleutel.txt");
        Self { _root: root, data, key }
    }

    /// Set up with the example chart and one registered complaint.
    fn ready() -> Self {
        let desk = Self::new();
        desk.ok(&["init", "--admin-username", "beheer", "--admin-name", "Fatima el Amrani"], PASSWORD);
        desk.ok(&["import-org", "--file", ORG], "");
        desk.ok(&["intake", "--json", desk.intake_file().to_str().expect("utf-8")], "");
        desk
    }

    fn root(&self) -> &Path {
        self._root.path()
    }

    fn database(&self) -> PathBuf {
        self.data.join("klachtbalie.db")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_klachtbalie-cli"));
        command.arg("--data-dir").arg(&self.data).arg("--key-file").arg(&self.key).args(args);
        command
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = start(self.command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped())).expect("spawn cli");
        child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("stdin");
        child.wait_with_output().expect("wait")
    }

    fn ok(&self, args: &[&str], stdin: &str) -> String {
        let output = self.run(args, stdin);
        assert!(output.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Runs a command that must fail, and returns what it said.
    fn refused(&self, args: &[&str]) -> String {
        let output = self.run(args, "");
        assert!(!output.status.success(), "{args:?} should have been refused");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "no panic: {stderr}");
        stderr
    }

    fn intake_file(&self) -> PathBuf {
        let path = self.root().join("klacht.json");
        if !path.exists() {
            let form = serde_json::json!({
                "received_on": "2026-11-20", "channel": "email", "complainant_name": "Ria Cliteur",
                "street_address": "Arent Krijtsstraat 1", "postcode": "1111AB", "city": "Diemen",
                "email": "ria@example.nl", "complaint_type": "bejegening", "respondent_ids": ["e1"],
                "conduct_date": "2026-11-18", "description": "De medewerker aan de balie was onvriendelijk."
            });
            std::fs::write(&path, form.to_string()).expect("write intake");
        }
        path
    }

    fn references(&self) -> Vec<String> {
        let list: Value = serde_json::from_str(&self.ok(&["list", "--json"], "")).expect("list is JSON");
        list.as_array().expect("array").iter().map(|row| row["reference"].as_str().expect("reference").to_string()).collect()
    }
}

/// A pseudo-random number from the clock, so the kill moments differ per run without a crate.
fn jitter(bound_ms: u64) -> Duration {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(7);
    Duration::from_millis(u64::from(nanos.wrapping_mul(2_654_435_761) >> 8) % bound_ms.max(1))
}

#[test]
fn an_empty_or_cut_off_database_file_is_refused_and_left_alone() {
    // rules INT-03 and SEC-06 (defect 1): a 0-byte file was taken for a new
    // database; the next intake got KL-…-0001 again.
    let desk = Desk::ready();
    let intake = desk.intake_file();
    let original = std::fs::read(desk.database()).expect("db");

    std::fs::write(desk.database(), b"").expect("empty the file");
    for args in [vec!["list", "--json"], vec!["verify-audit"], vec!["intake", "--json", intake.to_str().expect("utf-8")]] {
        let said = desk.refused(&args);
        assert!(said.contains("leeg (0 bytes)"), "{args:?}: {said}");
    }
    assert_eq!(std::fs::metadata(desk.database()).expect("db").len(), 0, "the empty file is left exactly as it was");
    let again = desk.refused(&["init", "--admin-username", "x", "--admin-name", "y"]);
    assert!(again.contains("leeg"), "init does not build over it either: {again}");

    std::fs::write(desk.database(), &original[..original.len() - 1000]).expect("cut off");
    assert!(desk.refused(&["list", "--json"]).contains("afgekapt"));

    // Defect 8: a damaged first page is not "the wrong key" when the key is right.
    let mut damaged = original.clone();
    damaged[200..400].fill(0);
    std::fs::write(desk.database(), &damaged).expect("damage");
    let said = desk.refused(&["list", "--json"]);
    assert!(said.contains("beschadigd") && said.contains("sleutel klopt"), "{said}");

    std::fs::write(desk.database(), &original).expect("restore");
    assert_eq!(desk.references().len(), 1, "the restored file works as before");
}

#[test]
fn a_wrong_or_missing_key_file_is_named_as_such() {
    // Defect 8: these spoke of the OS keyring.
    let desk = Desk::ready();
    let other = Desk::new();
    other.ok(&["init", "--admin-username", "beheer", "--admin-name", "Iemand Anders"], PASSWORD);
    let own_key = desk.root().join("eigen-sleutel.txt");
    std::fs::copy(&desk.key, &own_key).expect("keep own key");
    std::fs::copy(&other.key, &desk.key).expect("someone else's key");
    let wrong = desk.refused(&["list", "--json"]);
    assert!(wrong.contains("sleutelbestand") && wrong.contains("past niet"), "{wrong}");
    assert!(!wrong.contains("sleutelkluis"), "{wrong}");
    // Another installation's database copied over this one (its own key-check file stays):
    // that is a key question, answered by the recovery key, not "damaged, restore a backup".
    std::fs::copy(&own_key, &desk.key).expect("own key back");
    std::fs::copy(other.database(), desk.database()).expect("foreign database");
    let foreign = desk.refused(&["list", "--json"]);
    assert!(foreign.contains("past niet") && !foreign.contains("reservekopie terug"), "{foreign}");
    std::fs::remove_file(&desk.key).expect("remove key");
    let missing = desk.refused(&["list", "--json"]);
    assert!(missing.contains("sleutelbestand") && missing.contains("bestaat niet"), "{missing}");
    assert!(!missing.contains("sleutelkluis"), "{missing}");
}

#[test]
fn an_interrupted_init_never_blocks_a_clean_retry() {
    // Defect 2: a killed init left a database without an account, or a key file
    // without a database, and a second init was refused or failed with "File exists".
    // First, deterministically, every kind of leftover a kill can leave (the temporary
    // database, its key-check file, and the hidden temporary file of a key-check file being
    // written: the last was once missed and failed CI one run in many).
    let planted = Desk::new();
    std::fs::create_dir_all(&planted.data).expect("data dir");
    let leftovers = [
        "klachtbalie.db.inrichten-99999",
        "klachtbalie.db.inrichten-99999.sleutelcontrole",
        ".klachtbalie.db.inrichten-99999.sleutelcontrole.99999.tmp",
    ];
    for name in leftovers {
        std::fs::write(planted.data.join(name), b"half").expect("plant leftover");
    }
    planted.ok(&["init", "--admin-username", "beheer", "--admin-name", "Fatima el Amrani"], PASSWORD);
    for name in leftovers {
        assert!(!planted.data.join(name).exists(), "{name} was left behind");
    }
    for round in 0..12u64 {
        let desk = Desk::new();
        let mut child = start(
            desk.command(&["init", "--admin-username", "beheer", "--admin-name", "Fatima el Amrani"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .expect("spawn init");
        child.stdin.take().expect("stdin").write_all(PASSWORD.as_bytes()).expect("password");
        std::thread::sleep(Duration::from_millis(round * 60) + jitter(60));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        if desk.database().exists() {
            // The set-up had completed: the database is whole.
            desk.ok(&["check"], "");
            assert!(desk.refused(&["init", "--admin-username", "b", "--admin-name", "c"]).contains("al ingericht"));
        } else {
            let retry = desk.run(&["init", "--admin-username", "beheer", "--admin-name", "Fatima el Amrani"], PASSWORD);
            assert!(retry.status.success(), "round {round}: retry failed: {}", String::from_utf8_lossy(&retry.stderr));
            desk.ok(&["check"], "");
        }
        let leftovers: Vec<_> = std::fs::read_dir(&desk.data)
            .expect("data")
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("inrichten") || name.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

#[test]
fn a_half_set_up_folder_of_an_older_version_is_set_aside_and_set_up_again() {
    // Defect 2: schema but no account (old set-up killed half-way), with its key file.
    let desk = Desk::new();
    std::fs::create_dir_all(&desk.data).expect("data dir");
    let key = klachtbalie_core::store::key::DatabaseKey::generate();
    std::fs::write(&desk.key, format!("{}\n", key.recovery_key())).expect("key file");
    let half = klachtbalie_core::store::Database::create(&desk.database(), &key).expect("schema only");
    half.close().expect("close");

    let recovery_key = desk.ok(&["init", "--admin-username", "beheer", "--admin-name", "Fatima el Amrani"], PASSWORD);
    assert_eq!(recovery_key.trim(), key.recovery_key(), "the key already in the key file is used again");
    desk.ok(&["check"], "");
    let aside: Vec<_> = std::fs::read_dir(&desk.data)
        .expect("data")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains(".onvolledig-"))
        .collect();
    assert_eq!(aside.len(), 1, "the half-finished file is kept aside, never deleted");
}

#[test]
fn exports_never_overwrite_the_database_the_key_file_or_an_existing_file() {
    // Defect 3: `acknowledgement --out <data-dir>/klachtbalie.db` destroyed the database.
    let desk = Desk::ready();
    let reference = desk.references().remove(0);
    for target in [desk.database(), desk.data.join("brief.pdf"), desk.key.clone()] {
        let said = desk.refused(&["acknowledgement", "--complaint", &reference, "--out", target.to_str().expect("utf-8"), "--force"]);
        assert!(said.contains("map met de database") || said.contains("sleutelbestand"), "{said}");
    }
    assert!(std::fs::read(desk.database()).expect("db").len() > 4096, "the database was not replaced by a PDF");
    desk.ok(&["check"], "");
    assert_eq!(desk.references(), vec![reference.clone()], "the database still opens");

    let letter = desk.root().join("brief.pdf");
    std::fs::write(&letter, b"mijn eigen bestand").expect("existing file");
    let said = desk.refused(&["acknowledgement", "--complaint", &reference, "--out", letter.to_str().expect("utf-8")]);
    assert!(said.contains("--force"), "{said}");
    assert_eq!(std::fs::read(&letter).expect("file"), b"mijn eigen bestand");
    desk.ok(&["acknowledgement", "--complaint", &reference, "--out", letter.to_str().expect("utf-8"), "--force"], "");
    assert!(std::fs::read(&letter).expect("pdf").starts_with(b"%PDF"));
}

#[test]
fn writers_queue_and_a_verifier_beside_them_never_raises_a_false_alarm() {
    // Defects 4 and 5 (SEC-02): verify-audit reported tampering in a third of its
    // runs while another process wrote, and about 0.5% of concurrent intakes failed with
    // "database disk image is malformed".
    let desk = Desk::ready();
    let intake = desk.intake_file();
    let intake = intake.to_str().expect("utf-8");
    // Writers are started again (a round at a time) until the verifier has run at least three
    // times while they wrote: how many intakes fit in one verification depends on the machine
    // (a fixed number of intakes once finished within a single verification on a fast one).
    const EACH: usize = 300;
    let repeat = EACH.to_string();
    let started = Instant::now();
    let (mut verifications, mut rounds) = (0, 0);
    let mut outputs = Vec::new();
    while verifications < 3 {
        assert!(rounds < 10, "the verifier ran only {verifications} times beside {rounds} rounds of writers");
        rounds += 1;
        let mut writers: Vec<Option<Child>> = (0..3)
            .map(|_| {
                Some(
                    start(desk.command(&["intake", "--json", intake, "--repeat", &repeat]).stdout(Stdio::piped()).stderr(Stdio::piped()))
                        .expect("writer"),
                )
            })
            .collect();
        while writers.iter().any(Option::is_some) {
            let output = desk.run(&["verify-audit"], "");
            assert!(
                output.status.success(),
                "false alarm while others write: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            let mut still_writing = false;
            for slot in writers.iter_mut() {
                if let Some(child) = slot.as_mut() {
                    if child.try_wait().expect("try_wait").is_some() {
                        outputs.push(slot.take().expect("child").wait_with_output().expect("output"));
                    } else {
                        still_writing = true;
                    }
                }
            }
            // Counted only when a writer was still at work after it: it ran beside them.
            if still_writing {
                verifications += 1;
            }
            assert!(started.elapsed() < Duration::from_secs(300), "bounded in time");
        }
    }
    for output in &outputs {
        assert!(output.status.success(), "a writer failed instead of waiting: {}", String::from_utf8_lossy(&output.stderr));
    }
    let references = desk.references();
    let unique: HashSet<_> = references.iter().collect();
    assert_eq!(references.len(), 1 + rounds * 3 * EACH, "every intake is there");
    assert_eq!(unique.len(), references.len(), "no reference twice (INT-03)");
    desk.ok(&["check"], "");
}

#[test]
fn an_intake_loop_killed_at_random_moments_loses_nothing_it_acknowledged() {
    // Crash test (INT-03, SEC-02): SIGKILL at random moments, 20 times; every
    // reference the child printed (printed only after commit) must be there, the file sound,
    // the audit chain intact, no reference twice.
    let desk = Desk::ready();
    let intake = desk.intake_file();
    let mut acknowledged: Vec<String> = desk.references();
    let started = Instant::now();
    for round in 0..20 {
        let mut child = start(
            desk.command(&["intake", "--json", intake.to_str().expect("utf-8"), "--repeat", "100000"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| serde_json::from_str::<Value>(&line).ok())
                .filter_map(|value| value["reference"].as_str().map(str::to_string))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(40) + jitter(250));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        acknowledged.extend(reader.join().expect("reader"));

        desk.ok(&["check"], "");
        let present: HashSet<String> = desk.references().into_iter().collect();
        let missing: Vec<_> = acknowledged.iter().filter(|reference| !present.contains(*reference)).collect();
        assert!(missing.is_empty(), "round {round}: acknowledged but lost: {missing:?}");
        let unique: HashSet<_> = acknowledged.iter().collect();
        assert_eq!(unique.len(), acknowledged.len(), "round {round}: a reference was handed out twice");
    }
    assert!(acknowledged.len() > 20, "the child did register complaints between the kills ({})", acknowledged.len());
    assert!(started.elapsed() < Duration::from_secs(180), "bounded: {:?}", started.elapsed());
}

#[test]
fn a_closed_pipe_notepad_files_and_impossible_dates_get_plain_answers() {
    // Defects 8 and 9.
    let desk = Desk::ready();
    let mut child = start(desk.command(&["list", "--json"]).stdout(Stdio::piped()).stderr(Stdio::piped())).expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked") && output.status.code() != Some(101), "`list --json | head` must not panic: {stderr}");

    let chart = std::fs::read_to_string(ORG).expect("chart");
    let with_bom = desk.root().join("organogram-kladblok.json");
    std::fs::write(&with_bom, format!("\u{feff}{chart}")).expect("write");
    desk.ok(&["import-org", "--file", with_bom.to_str().expect("utf-8")], "");
    let intake_with_bom = desk.root().join("klacht-kladblok.json");
    std::fs::write(&intake_with_bom, format!("\u{feff}{}", std::fs::read_to_string(desk.intake_file()).expect("intake"))).expect("write");
    desk.ok(&["intake", "--json", intake_with_bom.to_str().expect("utf-8")], "");

    let broken = desk.root().join("kapot.json");
    std::fs::write(&broken, "{\n  \"received_on\": \"2026-11-20\",\n  \"channel\": \n}").expect("write");
    let said = desk.refused(&["intake", "--json", broken.to_str().expect("utf-8")]);
    assert!(said.contains("line 4") && said.contains("column"), "{said}");

    for year in ["0000-01-01", "-0001-01-01", "1900-01-01"] {
        let output = run_to_end(Command::new(env!("CARGO_BIN_EXE_klachtbalie-cli")).args(["deadline", "--received", year])).expect("run");
        assert!(!output.status.success(), "{year} must be refused");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn the_log_file_records_errors_but_never_personal_data() {
    // Hygiene (SEC-02, AVG): a log in the data folder without names or complaint text.
    let desk = Desk::ready();
    let unique = "Wilhelmina Zwanenburg-Oosterhout";
    let form = std::fs::read_to_string(desk.intake_file()).expect("intake").replace("Ria Cliteur", unique);
    let file = desk.root().join("uniek.json");
    std::fs::write(&file, form).expect("write");
    desk.ok(&["intake", "--json", file.to_str().expect("utf-8")], "");
    std::fs::write(desk.database(), b"").expect("damage");
    desk.refused(&["list", "--json"]);

    let logs = desk.data.join("logs");
    let text: String = std::fs::read_dir(&logs)
        .expect("a logs folder in the data folder")
        .filter_map(Result::ok)
        .map(|entry| std::fs::read_to_string(entry.path()).unwrap_or_default())
        .collect();
    assert!(text.contains("gestart"), "{text}");
    assert!(text.contains("Damaged"), "the store error is logged in detail: {text}");
    for secret in [unique, "Zwanenburg", "Arent Krijtsstraat", "onvriendelijk", "wachtwoord"] {
        assert!(!text.contains(secret), "the log holds '{secret}'");
    }
}

#[test]
fn a_data_folder_with_an_accented_name_and_a_stray_wal_file_work() {
    // Review of the immutable key check percent-encoded "André" byte by byte into
    // a path that does not exist; a WAL left without its database was read into a new one.
    let root = tempfile::tempdir().expect("tempdir");
    let desk = Desk { data: root.path().join("gegevens André"), key: root.path().join("sleutel é.txt"), _root: root };
    std::fs::create_dir_all(&desk.data).expect("data");
    std::fs::write(desk.data.join("klachtbalie.db-wal"), vec![7u8; 5000]).expect("stray wal");
    desk.ok(&["init", "--admin-username", "beheer", "--admin-name", "Fatima el Amrani"], PASSWORD);
    desk.ok(&["check"], "");
    let aside = std::fs::read_dir(&desk.data)
        .expect("data")
        .filter_map(Result::ok)
        .any(|entry| entry.file_name().to_string_lossy().starts_with("klachtbalie.db-wal.onvolledig-"));
    assert!(aside, "the stray WAL is set aside, not deleted");
    let other = Desk::new();
    other.ok(&["init", "--admin-username", "beheer", "--admin-name", "Iemand Anders"], PASSWORD);
    std::fs::copy(&other.key, &desk.key).expect("wrong key");
    let wrong = desk.refused(&["list", "--json"]);
    assert!(wrong.contains("past niet"), "{wrong}");
}
