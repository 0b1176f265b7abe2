//! Tests of the klachtbalie-cli binary: the deadline calculator, the routing calculator, and
//! the scripted journey init -> import-org -> intake -> list -> acknowledgement ->
//! verify-audit, with the key in a key file.

use crate::support;

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

pub(crate) fn cli(args: &[&str], stdin: &str) -> Output {
    let mut child = support::start(
        Command::new(env!("CARGO_BIN_EXE_klachtbalie-cli")).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()),
    )
    .expect("spawn klachtbalie-cli");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

pub(crate) fn json(output: &Output) -> Value {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn check_deadline(args: &[&str], expected: [&str; 6]) {
    let mut all = vec!["deadline"];
    all.extend_from_slice(args);
    let value = json(&cli(&all, ""));
    let object = value.as_object().expect("object");
    let keys = ["received", "acknowledgement_due", "non_handling_due", "decision_due", "advisory_due", "postponed_due"];
    assert_eq!(object.len(), keys.len(), "exactly these keys: {value}");
    for (key, want) in keys.iter().zip(expected) {
        assert_eq!(object[*key], want, "{key} for {args:?}");
    }
}

#[test]
fn deadline_prints_every_term_with_the_atw_roll_over() {
    // rules DL-01, DL-02, DL-03, DL-04, DL-05, DL-07, DL-08
    check_deadline(&["--received", "2026-11-23"], ["2026-11-23", "2026-11-30", "2026-12-21", "2027-01-04", "2027-02-01", "2027-02-01"]);
    check_deadline(&["--received", "2026-11-13"], ["2026-11-13", "2026-11-20", "2026-12-11", "2026-12-28", "2027-01-22", "2027-01-22"]);
    check_deadline(
        &["--received", "2026-11-23", "--extra-holiday", "2027-01-04", "--extra-holiday", "2027-01-05"],
        ["2026-11-23", "2026-11-30", "2026-12-21", "2027-01-06", "2027-02-01", "2027-02-01"],
    );
}

#[test]
fn a_malformed_date_exits_non_zero_with_a_clear_message() {
    for args in [
        vec!["deadline", "--received", "23-11-2026"],
        vec!["deadline", "--received", "2026-02-30"],
        vec!["deadline", "--received", "2026-11-23", "--extra-holiday", "morgen"],
    ] {
        let output = cli(&args, "");
        assert!(!output.status.success(), "{args:?} should fail");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("YYYY-MM-DD"), "message says the format: {stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn scripted_journey_with_a_key_file() {
    // rules INT-01..03 and SEC-01 (key file for unattended use; the database stays encrypted).
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let key = dir.path().join("sleutel.txt");
    let base = ["--data-dir", data.to_str().expect("utf-8"), "--key-file", key.to_str().expect("utf-8")];
    let with = |extra: &[&str]| -> Vec<String> { base.iter().chain(extra).map(|s| s.to_string()).collect() };
    let run = |extra: &[&str], stdin: &str| {
        let args = with(extra);
        cli(&args.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
    };

    let init = run(&["init", "--admin-username", "beheer", "--admin-name", "Fatima el Amrani"], "een lang wachtwoord\n");
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let recovery_key = String::from_utf8_lossy(&init.stdout).trim().to_string();
    assert_eq!(recovery_key.split('-').count(), 17, "recovery key printed once: {recovery_key}");
    assert!(key.exists());

    let again = run(&["init", "--admin-username", "x", "--admin-name", "y"], "een lang wachtwoord\n");
    assert!(!again.status.success(), "init twice is refused");

    let short = tempfile::tempdir().expect("tempdir");
    let short_init = cli(
        &[
            "--data-dir",
            short.path().join("d").to_str().expect("utf-8"),
            "--key-file",
            short.path().join("k").to_str().expect("utf-8"),
            "init",
            "--admin-username",
            "a",
            "--admin-name",
            "b",
        ],
        "kort\n",
    );
    assert!(!short_init.status.success());
    assert!(String::from_utf8_lossy(&short_init.stderr).contains("12 tekens"));

    let broken_org = dir.path().join("fout-organogram.json");
    std::fs::write(&broken_org, r#"{"departments": [{"id": "bz", "name": "Burgerzaken"}], "officials": []}"#).expect("write");
    let refused = run(&["import-org", "--file", broken_org.to_str().expect("utf-8")], "");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("heeft geen manager"), "{}", String::from_utf8_lossy(&refused.stderr));

    let imported = json(&run(&["import-org", "--file", ORG], ""));
    assert_eq!(imported["departments"], 3);
    let exported = run(&["export-org"], "");
    let exported: Value = serde_json::from_slice(&exported.stdout).expect("exported chart is JSON");
    assert_eq!(exported["officials"].as_array().map(Vec::len), Some(9));

    let form = serde_json::json!({
        "received_on": "2026-11-20", "channel": "email", "complainant_name": "Ria Cliteur",
        "street_address": "Arent Krijtsstraat 1", "postcode": "1111AB", "city": "Diemen",
        "email": "ria@example.nl", "complaint_type": "bejegening", "respondent_ids": ["e1"],
        "conduct_date": "2026-11-18",
        "description": "De medewerker aan de balie was onvriendelijk."
    });
    let intake_file = dir.path().join("klacht.json");
    std::fs::write(&intake_file, form.to_string()).expect("write");
    let registered = json(&run(&["intake", "--json", intake_file.to_str().expect("utf-8")], ""));
    let reference = registered["reference"].as_str().expect("reference").to_string();
    assert!(reference.starts_with("KL-") && reference.ends_with("-0001"), "{reference}");
    assert_eq!(registered["handler"], "Anna de Boer");
    assert_eq!(registered["decision_due"], "2027-01-04");

    let invalid_file = dir.path().join("fout.json");
    std::fs::write(&invalid_file, r#"{"channel": "brief", "complainant_name": "X"}"#).expect("write");
    let invalid = run(&["intake", "--json", invalid_file.to_str().expect("utf-8")], "");
    assert!(!invalid.status.success());
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("description"), "names the field");

    let list = json(&run(&["list", "--json"], ""));
    let rows = list.as_array().expect("array");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["complainant"], "Ria Cliteur");
    assert_eq!(rows[0]["next_deadline_label"], "ontvangstbevestiging versturen");

    let pdf_path = dir.path().join("bevestiging.pdf");
    let letter = json(&run(&["acknowledgement", "--complaint", &reference, "--out", pdf_path.to_str().expect("utf-8")], ""));
    assert_eq!(letter["sha256"].as_str().expect("hash").len(), 64);
    let pdf = std::fs::read(&pdf_path).expect("pdf written");
    assert!(pdf.starts_with(b"%PDF"));

    // Section 6 from the CLI: the acknowledgement is the stored one; a decision letter only
    // exists after approval, and the refusal says so.
    let letter_path = dir.path().join("brief.pdf");
    let stored = json(&run(
        &["letter", "--complaint", &reference, "--kind", "ontvangstbevestiging", "--out", letter_path.to_str().expect("utf-8")],
        "",
    ));
    assert_eq!(stored["sha256"], letter["sha256"], "the CLI writes the stored letter, not a new one");
    assert_eq!(stored["version"], 1);
    let decision = run(&["letter", "--complaint", &reference, "--kind", "beslissing", "--out", letter_path.to_str().expect("utf-8")], "");
    assert!(!decision.status.success());
    assert!(String::from_utf8_lossy(&decision.stderr).contains("goedkeurt"), "{}", String::from_utf8_lossy(&decision.stderr));
    let unknown = run(&["letter", "--complaint", &reference, "--kind", "brief", "--out", letter_path.to_str().expect("utf-8")], "");
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("verdaging"), "lists the kinds");
    let preview = json(&run(
        &[
            "letter",
            "--complaint",
            &reference,
            "--kind",
            "ontvangstbevestiging",
            "--preview",
            "--force",
            "--out",
            letter_path.to_str().expect("utf-8"),
        ],
        "",
    ));
    assert_eq!(preview["missing"].as_array().map(Vec::len), Some(0), "{preview}");

    // RP-01..03, RP-05: the annual report with exactly the documented keys, as
    // JSON on standard output and as CSV in a file, without personal data.
    let year = &reference[3..7];
    let report = json(&run(&["report", "--year", year], ""));
    let keys: Vec<&str> = report.as_object().expect("object").keys().map(String::as_str).collect();
    let mut documented = vec![
        "year",
        "total",
        "by_type",
        "by_channel",
        "by_department",
        "by_outcome",
        "within_term",
        "within_statutory_term",
        "handling_days",
        "formal_handling_days",
        "postponed",
        "consent_extensions",
        "advisory_committee",
        "hearings_held",
        "ombudsman",
    ];
    documented.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, documented);
    assert_eq!(
        (report["total"].as_u64(), report["by_channel"]["email"].as_u64(), report["by_outcome"]["open"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(report["by_department"], serde_json::json!({ "bz": 1, "ro": 0, "wo": 0 }));
    assert_eq!(report["within_term"], serde_json::json!({ "within": 0, "of": 0, "percent": null }));
    let csv_path = dir.path().join("klachtverslag.csv");
    let written = run(&["report", "--year", year, "--format", "csv", "--out", csv_path.to_str().expect("utf-8")], "");
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let csv = std::fs::read_to_string(&csv_path).expect("csv written");
    assert!(csv.starts_with("section,key,value\r\n") && csv.contains("by_channel,email,1\r\n"), "{csv}");
    for personal in ["Ria", "Cliteur", "Krijtsstraat", "onvriendelijk", "Anna"] {
        assert!(!csv.contains(personal) && !report.to_string().contains(personal), "{personal} in the report");
    }
    let again = run(&["report", "--year", year, "--format", "csv", "--out", csv_path.to_str().expect("utf-8")], "");
    assert!(!again.status.success(), "an existing file is not replaced without --force");
    let pdf_path = dir.path().join("klachtverslag.pdf");
    let pdf = run(&["report", "--year", year, "--format", "pdf", "--out", pdf_path.to_str().expect("utf-8")], "");
    assert!(pdf.status.success(), "{}", String::from_utf8_lossy(&pdf.stderr));
    let text = support::pdf_text(&std::fs::read(&pdf_path).expect("the report PDF"));
    assert!(text.contains(&format!("Klachtverslag {year}")) && text.contains("Totaal") && !text.contains("Cliteur"), "{text}");
    let xlsx_path = dir.path().join("klachtverslag.xlsx");
    let xlsx = run(&["report", "--year", year, "--format", "xlsx", "--out", xlsx_path.to_str().expect("utf-8")], "");
    assert!(xlsx.status.success(), "{}", String::from_utf8_lossy(&xlsx.stderr));
    assert!(std::fs::read(&xlsx_path).expect("xlsx written").starts_with(b"PK"), "an XLSX workbook (a zip)");
    let no_file = run(&["report", "--year", year, "--format", "pdf"], "");
    assert!(!no_file.status.success() && String::from_utf8_lossy(&no_file.stderr).contains("--out"));
    let bad_year = run(&["report", "--year", "12"], "");
    assert!(!bad_year.status.success());
    assert!(String::from_utf8_lossy(&bad_year.stderr).contains("1990"), "{}", String::from_utf8_lossy(&bad_year.stderr));

    // Complaints of an earlier year from the previous system, exactly this
    // interface: {"imported": N}; a file with a problem imports nothing and names it.
    let history = dir.path().join("vorig-systeem.json");
    let old_record = |reference: &str, outcome: Value, closed_on: Value| {
        serde_json::json!({
            "received_on": "2024-03-04", "channel": "telefoon", "complainant_name": "Oud Klager", "phone": "020 123 4567",
            "complaint_type": "dienstverlening", "department_id": "ro", "description": "Lang geleden.",
            "previous_reference": reference, "outcome": outcome, "closed_on": closed_on, "hearing_held": false, "ombudsman": true
        })
    };
    let bad = serde_json::json!({ "complaints": [old_record("Z-1", "gegrond".into(), Value::Null)] });
    std::fs::write(&history, bad.to_string()).expect("write");
    let refused = run(&["import-complaints", "--file", history.to_str().expect("utf-8")], "");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("niets geïmporteerd") && stderr.contains("record 1, veld closed_on"), "{stderr}");
    let good = serde_json::json!({ "complaints": [old_record("Z-1", "gegrond".into(), "2024-04-01".into()), old_record("Z-2", Value::Null, Value::Null)] });
    std::fs::write(&history, good.to_string()).expect("write");
    assert_eq!(json(&run(&["import-complaints", "--file", history.to_str().expect("utf-8")], "")), serde_json::json!({ "imported": 2 }));
    let earlier = json(&run(&["report", "--year", "2024"], ""));
    assert_eq!(
        (earlier["total"].as_u64(), earlier["by_outcome"]["gegrond"].as_u64(), earlier["ombudsman"].as_u64()),
        (Some(2), Some(1), Some(2))
    );
    assert_eq!(earlier["within_term"], serde_json::json!({ "within": 1, "of": 1, "percent": 100.0 }), "28 days");
    // AVG-02: a scheduled task asks which complaints are past their term (the one above went
    // to the ombudsman: 10 years from closing; on its last day it is still kept).
    assert_eq!(json(&run(&["retention", "list", "--json", "--as-of", "2034-04-01"], "")), serde_json::json!([]));
    assert_eq!(
        json(&run(&["retention", "list", "--json", "--as-of", "2034-04-02"], "")),
        serde_json::json!([{ "reference": "KL-2024-0001", "outcome": "gegrond", "closed_on": "2024-04-01", "destroy_after": "2034-04-01" }])
    );
    let bad_day = run(&["retention", "list", "--json", "--as-of", "1-4-2034"], "");
    assert!(!bad_day.status.success() && String::from_utf8_lossy(&bad_day.stderr).contains("YYYY-MM-DD"));
    // Synthetic complaints are refused beside real ones unless --force.
    let seed = run(&["seed", "--count", "50", "--year", "2023"], "");
    assert!(
        !seed.status.success() && String::from_utf8_lossy(&seed.stderr).contains("echte klachten"),
        "{}",
        String::from_utf8_lossy(&seed.stderr)
    );
    assert_eq!(json(&run(&["seed", "--count", "50", "--year", "2023", "--force"], "")), serde_json::json!({ "seeded": 50, "year": 2023 }));
    assert_eq!(json(&run(&["report", "--year", "2023"], ""))["total"], 50);

    // Accounts from the command line, by a Beheerder who logs in with --user (section 1): a
    // second coördinator, who replaces the first password the Beheerder chose.
    let as_person = |user: &str, stdin: &str, extra: &[&str]| run(&[&["--user", user], extra].concat(), stdin);
    let nobody = run(&["user", "list"], "");
    assert!(!nobody.status.success() && String::from_utf8_lossy(&nobody.stderr).contains("--user"), "a person manages accounts");
    let unknown_role = as_person(
        "beheer",
        "een lang wachtwoord\n",
        &["user", "add", "--username", "tweede", "--name", "T", "--function", "F", "--roles", "baas"],
    );
    assert!(String::from_utf8_lossy(&unknown_role.stderr).contains("onbekende rol 'baas'; kies uit: kcc_medewerker"));
    let added = json(&as_person(
        "beheer",
        "een lang wachtwoord\neerste wachtwoord van T\n",
        &[
            "user",
            "add",
            "--username",
            "tweede",
            "--name",
            "Tineke Tweede",
            "--function",
            "Klachtcoördinator",
            "--roles",
            "klachtcoordinator",
        ],
    ));
    assert_eq!(
        (added["roles"].clone(), added["must_change_password"].clone()),
        (serde_json::json!(["klachtcoordinator"]), serde_json::json!(true))
    );
    let changed = json(&as_person("tweede", "eerste wachtwoord van T\nmijn eigen wachtwoord\n", &["user", "password"]));
    assert_eq!(changed["must_change_password"], false);
    let tweede_password = dir.path().join("tweede.txt");
    std::fs::write(&tweede_password, "mijn eigen wachtwoord\r\n").expect("write");
    let as_tweede = |extra: &[&str]| {
        run(&[&["--user", "tweede", "--user-password-file", tweede_password.to_str().expect("utf-8")], extra].concat(), "")
    };

    // AVG-02 with four eyes from the command line. A scheduled task (no --user) may propose
    // the routine list; it is named after the process's OS account, whatever $USER says.
    let system_task = |user: &str, extra: &[&str]| {
        let args = with(extra);
        support::run_to_end(Command::new(env!("CARGO_BIN_EXE_klachtbalie-cli")).args(&args).env("USER", user).env("USERNAME", user))
            .expect("run")
    };
    // (Today: the seeded complaints of 2023 withdrawn, not handled or forwarded are past their
    // one year; a list cannot be made for a day to come.)
    let ahead = system_task("eerste", &["retention", "propose", "--as-of", "2040-01-01"]);
    assert!(!ahead.status.success() && String::from_utf8_lossy(&ahead.stderr).contains("vooruit"));
    let proposed = json(&system_task("iemand-anders", &["retention", "propose"]));
    let list = proposed["list"].to_string();
    let on_list = proposed["complaints"].as_array().expect("complaints").len();
    let first = proposed["complaints"][0].as_str().expect("a seeded complaint past its year").to_string();
    assert!(on_list > 1 && first.starts_with("KL-2023-"), "{proposed}");
    let account = whoami::username().expect("this process's account");
    assert_eq!(json(&run(&["retention", "lists"], ""))[0]["proposed_by"], format!("klachtbalie-cli ({account})"));
    // The attack of a name chosen by the process itself: refused, and nothing destroyed.
    let by_task = system_task("tweede", &["retention", "confirm", "--list", &list]);
    assert!(!by_task.status.success(), "a system task never confirms");
    assert!(String::from_utf8_lossy(&by_task.stderr).contains("geen systeemtaak"), "{}", String::from_utf8_lossy(&by_task.stderr));
    let wrong_password = as_person("tweede", "geraden wachtwoord\n", &["retention", "confirm", "--list", &list]);
    assert!(
        String::from_utf8_lossy(&wrong_password.stderr).contains("wachtwoord klopt niet"),
        "{}",
        String::from_utf8_lossy(&wrong_password.stderr)
    );
    assert_eq!(json(&run(&["retention", "lists"], ""))[0]["state"], "voorgesteld", "nothing changed");
    let exclusion = format!("{first}=loopt nog een verzoek");
    let confirmed = json(&as_tweede(&["retention", "confirm", "--list", &list, "--exclude", &exclusion]));
    assert_eq!(confirmed["excluded"], serde_json::json!([first]));
    assert_eq!(confirmed["destroyed"].as_array().map(Vec::len), Some(on_list - 1));
    assert_eq!(json(&run(&["report", "--year", "2023"], ""))["total"], 50, "the report keeps counting destroyed complaints");
    // AVG art. 17: the excluded one erased at the person's request: a person proposes, another
    // person confirms.
    let erase_args = ["retention", "erase", "--complaint", first.as_str(), "--reason", "verzoek per brief van 1 december"];
    assert!(!system_task("beheer", &erase_args).status.success(), "an erasure is a person's proposal");
    let erase = json(&as_person("beheer", "een lang wachtwoord\n", &erase_args));
    let erase_list = erase["list"].to_string();
    let own = as_person("beheer", "een lang wachtwoord\n", &["retention", "confirm", "--list", &erase_list]);
    assert!(
        !own.status.success() && String::from_utf8_lossy(&own.stderr).contains("Vier ogen"),
        "{}",
        String::from_utf8_lossy(&own.stderr)
    );
    assert_eq!(json(&as_tweede(&["retention", "confirm", "--list", &erase_list]))["destroyed"], serde_json::json!([first]));
    let lists = json(&run(&["retention", "lists"], ""));
    assert_eq!(
        (lists[0]["state"].as_str(), lists[0]["proposed_by"].as_str(), lists[0]["confirmed_by"].as_str()),
        (Some("uitgevoerd"), Some("beheer"), Some("tweede")),
        "{lists}"
    );

    // AVG-03: an access request from the command line: registered, found, answered, closed.
    let registered = json(&run(
        &[
            "access-request",
            "register",
            "--requester",
            "R. Cliteur",
            "--address",
            "Arent Krijtsstraat 1, Diemen",
            "--identity",
            "legitimatie_balie",
        ],
        "",
    ));
    let number = registered["number"].as_str().expect("a number").to_string();
    assert!(number.starts_with("IV-") && registered["due_on"].is_string(), "{registered}");
    let found = json(&run(&["access-request", "find", "--query", "Ria Cliteur"], ""));
    assert_eq!((found[0]["reference"].as_str(), found[0]["exact"].as_bool()), (Some(reference.as_str()), Some(true)), "{found}");
    let answer = dir.path().join("inzage.pdf");
    let written = json(&run(
        &["access-request", "answer", "--number", &number, "--reference", &reference, "--out", answer.to_str().expect("utf-8")],
        "",
    ));
    assert_eq!(written["complaints"], 1);
    let text = support::pdf_text(&std::fs::read(&answer).expect("the answer PDF"));
    assert!(text.contains("Ria Cliteur") && text.contains("Autoriteit Persoonsgegevens") && !text.contains("Anna de Boer"), "{text}");
    let listed = json(&run(&["access-request", "list"], ""));
    assert_eq!((listed[0]["number"].as_str(), listed[0]["light"].is_null()), (Some(number.as_str()), true), "answered: {listed}");
    assert!(!listed.to_string().contains("Cliteur"), "the list names no one: {listed}");

    // Without the key file the database cannot be opened (and the message says why).
    let other_key = dir.path().join("andere-sleutel.txt");
    std::fs::write(&other_key, "0000-0000\n").expect("write");
    let wrong = cli(&["--data-dir", data.to_str().expect("utf-8"), "--key-file", other_key.to_str().expect("utf-8"), "list", "--json"], "");
    assert!(!wrong.status.success());

    // rule SEC-02: everything above was logged, and the chain is intact.
    let verified = run(&["verify-audit"], "");
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
    assert!(String::from_utf8_lossy(&verified.stdout).contains("intact"));
}

#[test]
fn reassign_gives_a_complaint_another_handler_with_the_reason() {
    // RT-05 from the command line (the CLI acts as another desk): never a respondent,
    // a reason is required, the new handler and why are printed and kept.
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let key = dir.path().join("sleutel.txt");
    let run = |extra: &[&str]| {
        let mut args = vec!["--data-dir", data.to_str().expect("utf-8"), "--key-file", key.to_str().expect("utf-8")];
        args.extend_from_slice(extra);
        cli(&args, "een lang wachtwoord\n")
    };
    assert!(run(&["init", "--admin-username", "beheer", "--admin-name", "Fatima el Amrani"]).status.success());
    json(&run(&["import-org", "--file", ORG]));
    let form = serde_json::json!({
        "received_on": "2026-11-20", "channel": "telefoon", "complainant_name": "Ria Cliteur",
        "phone": "020 123 4567", "complaint_type": "bejegening", "respondent_ids": ["e1"],
        "description": "De medewerker aan de balie was onvriendelijk."
    });
    let intake_file = dir.path().join("klacht.json");
    std::fs::write(&intake_file, form.to_string()).expect("write");
    let reference = json(&run(&["intake", "--json", intake_file.to_str().expect("utf-8")]))["reference"].as_str().expect("ref").to_string();

    let respondent = run(&["reassign", "--complaint", &reference, "--handler", "e1", "--reason", "Kent de zaak."]);
    assert!(!respondent.status.success(), "a respondent never handles the complaint about them");
    assert!(respondent.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&respondent.stderr);
    assert!(stderr.contains("handler_id"), "names the field: {stderr}");
    let no_reason = run(&["reassign", "--complaint", &reference, "--handler", "m-ro", "--reason", " "]);
    assert!(!no_reason.status.success());
    assert!(String::from_utf8_lossy(&no_reason.stderr).contains("reason"), "{}", String::from_utf8_lossy(&no_reason.stderr));
    let unknown = run(&["reassign", "--complaint", "KL-1999-0001", "--handler", "m-ro", "--reason", "x"]);
    assert!(!unknown.status.success());

    let reassigned = json(&run(&["reassign", "--complaint", &reference, "--handler", "m-ro", "--reason", "Anna de Boer is met verlof."]));
    let mut keys: Vec<&str> = reassigned.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["handler", "handler_reason", "reference"], "{reassigned}");
    assert_eq!(reassigned["reference"], reference.as_str());
    assert_eq!(reassigned["handler"], "Piet Jansen");
    let reason = reassigned["handler_reason"].as_str().expect("reason");
    assert!(
        reason.starts_with("met de hand toegewezen door klachtbalie-cli") && reason.ends_with("Anna de Boer is met verlof."),
        "{reason}"
    );
    let list = json(&run(&["list", "--json"]));
    assert_eq!(list[0]["handler"], "Piet Jansen", "{list}");
    let verified = run(&["verify-audit"]);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
}

const ORG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/organogram-voorbeeld.json");

fn route(args: &[&str]) -> Output {
    let mut all = vec!["route", "--org", ORG];
    all.extend_from_slice(args);
    cli(&all, "")
}

#[test]
fn route_prints_the_handler_and_the_reason() {
    // rules RT-01, RT-03, RT-06 through the CLI, without a database.
    let routed = json(&route(&["--respondent", "e1"]));
    assert_eq!(routed["handler"], "m-bz");
    assert_eq!(routed["reason"], "afdelingsmanager van Burgerzaken, want de klacht gaat over een medewerker van Burgerzaken");
    assert_eq!(json(&route(&["--respondent", "e1", "--respondent", "m-bz"]))["handler"], "gs");
    assert_eq!(json(&route(&["--department", "ro"]))["handler"], "m-ro");
    assert_eq!(json(&route(&["--respondent", "bm"]))["handler"], "wh1");
    assert_eq!(json(&route(&["--respondent", "e1", "--involved", "m-bz"]))["handler"], "gs");
}

#[test]
fn route_refuses_unknown_ids_and_cases_without_a_lawful_handler() {
    for (args, expected) in [
        (vec!["--respondent", "nobody"], "nobody"),
        (vec!["--department", "xx"], "xx"),
        (vec![], "Kies over wie"),
        (vec!["--respondent", "bm", "--respondent", "wh1"], "geen wettige behandelaar"),
    ] {
        let output = route(&args);
        assert!(!output.status.success(), "{args:?} should fail");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let missing = cli(&["route", "--org", "/nonexistent/org.json", "--respondent", "e1"], "");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("kan niet worden gelezen"));
}

/// A fresh database on the test PostgreSQL server (scripts/with-postgres.sh), made over the
/// same TLS client the program uses (so it works from the Windows build under Wine too).
pub(crate) struct SharedDatabase {
    pub(crate) url_owner: String,
    pub(crate) url_app: String,
    pub(crate) name: String,
}

pub(crate) fn server(name: &str) -> String {
    std::env::var(format!("KLACHTBALIE_TEST_POSTGRES_{name}"))
        .unwrap_or_else(|_| panic!("KLACHTBALIE_TEST_POSTGRES_{name} is not set: run the tests under scripts/with-postgres.sh"))
}

pub(crate) fn psql(database: &str, sql: &str) {
    let owner = klachtbalie_core::store::SharedLocation::new(
        format!("postgres://{}@{}:{}/{database}", server("OWNER"), server("HOST"), server("PORT")),
        Some(server("OWNER_PASSWORD")),
        Some(server("CA").into()),
    );
    let mut client = owner.connect().unwrap_or_else(|error| panic!("connect as the owner: {error}"));
    client.batch_execute(sql).unwrap_or_else(|error| panic!("{sql}: {error}"));
}

impl SharedDatabase {
    pub(crate) fn create() -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("cli_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        psql("klachtbalie", &format!("CREATE DATABASE {name} OWNER {}", server("OWNER")));
        psql("klachtbalie", &format!("GRANT CONNECT ON DATABASE {name} TO {}", server("APP")));
        let url = |user: String| format!("postgres://{user}@{}:{}/{name}", server("HOST"), server("PORT"));
        Self { url_owner: url(server("OWNER")), url_app: url(server("APP")), name }
    }
}

impl Drop for SharedDatabase {
    fn drop(&mut self) {
        psql("klachtbalie", &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

#[test]
fn the_cli_works_on_the_shared_store_with_a_password_file() {
    // --database selects the shared store for every command, including init (run
    // as the database's owner); desks work as the desks' login; the password comes from a file.
    let database = SharedDatabase::create();
    let dir = tempfile::tempdir().expect("tempdir");
    let owner_password = dir.path().join("eigenaar.txt");
    let app_password = dir.path().join("app.txt");
    std::fs::write(&owner_password, format!("{}\n", server("OWNER_PASSWORD"))).expect("write");
    std::fs::write(&app_password, format!("{}\n", server("APP_PASSWORD"))).expect("write");
    let key = dir.path().join("sleutel.txt");
    let data = dir.path().join("data");
    let ca = server("CA");
    let run = |url: &str, password: &std::path::Path, extra: &[&str], stdin: &str| {
        let mut args = vec![
            "--database",
            url,
            "--password-file",
            password.to_str().expect("utf-8"),
            "--ca-file",
            &ca,
            "--key-file",
            key.to_str().expect("utf-8"),
            "--data-dir",
            data.to_str().expect("utf-8"),
        ];
        args.extend_from_slice(extra);
        cli(&args, stdin)
    };
    let init = run(
        &database.url_owner,
        &owner_password,
        &["init", "--admin-username", "beheer", "--admin-name", "Fatima"],
        "een lang wachtwoord\n",
    );
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    assert_eq!(String::from_utf8_lossy(&init.stdout).trim().split('-').count(), 17, "recovery key printed once");
    let again = run(&database.url_owner, &owner_password, &["init", "--admin-username", "x", "--admin-name", "y"], "een lang wachtwoord\n");
    assert!(!again.status.success(), "a second init is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("al"), "{}", String::from_utf8_lossy(&again.stderr));

    let imported = json(&run(&database.url_app, &app_password, &["import-org", "--file", ORG], ""));
    assert_eq!(imported["departments"], 3);
    let form = serde_json::json!({
        "received_on": "2026-11-20", "channel": "email", "complainant_name": "Ria Cliteur",
        "street_address": "Arent Krijtsstraat 1", "postcode": "1111AB", "city": "Diemen",
        "email": "ria@example.nl", "complaint_type": "bejegening", "respondent_ids": ["e1"],
        "conduct_date": "2026-11-18", "description": "De medewerker aan de balie was onvriendelijk."
    });
    let intake_file = dir.path().join("klacht.json");
    std::fs::write(&intake_file, form.to_string()).expect("write");
    let intake = run(&database.url_app, &app_password, &["intake", "--json", intake_file.to_str().expect("utf-8"), "--repeat", "3"], "");
    assert!(intake.status.success(), "{}", String::from_utf8_lossy(&intake.stderr));
    let lines: Vec<Value> =
        String::from_utf8_lossy(&intake.stdout).lines().map(|line| serde_json::from_str(line).expect("one JSON object per line")).collect();
    assert_eq!(lines.len(), 3, "one line per registration");
    let registered = &lines[0];
    assert_eq!(registered["handler"], "Anna de Boer");
    let list = json(&run(&database.url_app, &app_password, &["list", "--json"], ""));
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    assert_eq!(list[0]["complainant"], "Ria Cliteur");
    let verified = run(&database.url_app, &app_password, &["verify-audit"], "");
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
    assert!(String::from_utf8_lossy(&verified.stdout).contains("intact"));
    let checked = run(&database.url_app, &app_password, &["check"], "");
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));

    let wrong_password = dir.path().join("fout.txt");
    std::fs::write(&wrong_password, "niet-het-wachtwoord\n").expect("write");
    let refused = run(&database.url_app, &wrong_password, &["list", "--json"], "");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("weigert de aanmelding"), "{}", String::from_utf8_lossy(&refused.stderr));
    let no_tls_ca = cli(
        &[
            "--database",
            &database.url_app,
            "--password-file",
            app_password.to_str().expect("utf-8"),
            "--key-file",
            key.to_str().expect("utf-8"),
            "--data-dir",
            data.to_str().expect("utf-8"),
            "list",
            "--json",
        ],
        "",
    );
    assert!(!no_tls_ca.status.success(), "without the municipality's CA the self-signed server is not trusted");
    assert!(String::from_utf8_lossy(&no_tls_ca.stderr).contains("beveiligde verbinding"), "{}", String::from_utf8_lossy(&no_tls_ca.stderr));
}

#[test]
fn migrate_to_shared_copies_everything_verifies_it_and_leaves_the_desk_file_untouched() {
    // Item 6: every table, letters and the audit log move; counts, the chain and
    // every sealed value are checked by reading back; the source file keeps its exact bytes;
    // a non-empty target is refused.
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let key = dir.path().join("sleutel.txt");
    let local = |extra: &[&str], stdin: &str| {
        let mut args = vec!["--data-dir", data.to_str().expect("utf-8"), "--key-file", key.to_str().expect("utf-8")];
        args.extend_from_slice(extra);
        cli(&args, stdin)
    };
    assert!(local(&["init", "--admin-username", "beheer", "--admin-name", "Fatima"], "een lang wachtwoord\n").status.success());
    assert!(local(&["import-org", "--file", ORG], "").status.success());
    let form = serde_json::json!({
        "received_on": "2026-11-20", "channel": "brief", "complainant_name": "Ria Verhuisd",
        "street_address": "Arent Krijtsstraat 1", "postcode": "1111AB", "city": "Diemen",
        "complaint_type": "bejegening", "respondent_ids": ["e1"], "conduct_date": "2026-11-18",
        "description": "De medewerker aan de balie was onvriendelijk."
    });
    let intake_file = dir.path().join("klacht.json");
    std::fs::write(&intake_file, form.to_string()).expect("write");
    assert!(local(&["intake", "--json", intake_file.to_str().expect("utf-8"), "--repeat", "3"], "").status.success());
    let letter = dir.path().join("brief.pdf");
    let acknowledged = local(&["acknowledgement", "--complaint", "KL-2026-0001", "--out", letter.to_str().expect("utf-8")], "");
    assert!(acknowledged.status.success(), "{}", String::from_utf8_lossy(&acknowledged.stderr));
    let no_server = local(&["server-changes"], "");
    assert!(!no_server.status.success());
    assert!(String::from_utf8_lossy(&no_server.stderr).contains("geen server"), "{}", String::from_utf8_lossy(&no_server.stderr));
    let database_file = data.join("klachtbalie.db");
    let before = std::fs::read(&database_file).expect("database file");

    let shared = SharedDatabase::create();
    let owner_password = dir.path().join("eigenaar.txt");
    let app_password = dir.path().join("app.txt");
    std::fs::write(&owner_password, server("OWNER_PASSWORD")).expect("write");
    std::fs::write(&app_password, server("APP_PASSWORD")).expect("write");
    let ca = server("CA");
    let on_shared = |url: &str, password: &std::path::Path, extra: &[&str]| {
        let mut args = vec!["--database", url, "--password-file", password.to_str().expect("utf-8"), "--ca-file", &ca];
        args.extend_from_slice(&["--data-dir", data.to_str().expect("utf-8"), "--key-file", key.to_str().expect("utf-8")]);
        args.extend_from_slice(extra);
        cli(&args, "")
    };
    let moved = json(&on_shared(&shared.url_owner, &owner_password, &["migrate-to-shared"]));
    assert_eq!(moved["tables"]["complaints"], 3);
    assert_eq!(moved["tables"]["letters"], 1);
    assert_eq!(moved["tables"]["officials"], 9);
    assert!(moved["audit_entries"].as_u64().expect("count") > 5, "{moved}");
    assert!(moved["sealed_values_checked"].as_u64().expect("count") > 3 * 14, "{moved}");
    assert_eq!(std::fs::read(&database_file).expect("database file"), before, "the desk's file is byte for byte the same");

    let list = json(&on_shared(&shared.url_app, &app_password, &["list", "--json"]));
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    assert_eq!(list[0]["complainant"], "Ria Verhuisd");
    let verified = on_shared(&shared.url_app, &app_password, &["verify-audit"]);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
    let again = json(&on_shared(&shared.url_app, &app_password, &["intake", "--json", intake_file.to_str().expect("utf-8")]));
    assert_eq!(again["reference"], "KL-2026-0004", "numbering goes on where the desk stopped");
    // SEC-07: the server recorded the move (the owner's login) and the intake (the desks').
    let recorded = json(&on_shared(&shared.url_app, &app_password, &["server-changes", "--table", "complaints"]));
    let inserts: Vec<(&str, &str)> = recorded
        .as_array()
        .expect("a list")
        .iter()
        .filter(|change| change["operation"] == "insert")
        .map(|change| (change["complaint"].as_str().expect("reference"), change["login"].as_str().expect("login")))
        .collect();
    let (owner, app) = (server("OWNER"), server("APP"));
    assert_eq!(
        inserts,
        [
            ("KL-2026-0004", app.as_str()),
            ("KL-2026-0003", owner.as_str()),
            ("KL-2026-0002", owner.as_str()),
            ("KL-2026-0001", owner.as_str())
        ],
        "{recorded}"
    );
    let schema = on_shared(&shared.url_owner, &owner_password, &["migrate-schema"]);
    assert!(String::from_utf8_lossy(&schema.stdout).contains("actueel"), "{}", String::from_utf8_lossy(&schema.stderr));
    // From schema 8 the migration re-seals with this database's key: the desk's own (here its
    // key file), checked against the server's key-check value first.
    psql(&shared.name, &format!("{} UPDATE klachtbalie_schema SET version = 8", crate::support::BACK_TO_SCHEMA_10));
    let schema = on_shared(&shared.url_owner, &owner_password, &["migrate-schema"]);
    let said = String::from_utf8_lossy(&schema.stdout);
    assert!(said.contains("bijgewerkt van versie 8 naar"), "{said}{}", String::from_utf8_lossy(&schema.stderr));
    assert_eq!(json(&on_shared(&shared.url_app, &app_password, &["list", "--json"])).as_array().map(Vec::len), Some(4));

    // SEC-08: a new recovery key is the owner's (with the key); the desks' login is refused by
    // the server, in Dutch; a single desk's recovery key is its key and cannot be replaced.
    let by_desk = on_shared(&shared.url_app, &app_password, &["new-recovery-key"]);
    assert!(!by_desk.status.success(), "the desks' login may not write the wrap");
    let said = String::from_utf8_lossy(&by_desk.stderr);
    assert!(said.contains("geen recht op de tabel store_info") && !said.contains("permission"), "{said}");
    let renewed = on_shared(&shared.url_owner, &owner_password, &["new-recovery-key"]);
    assert!(renewed.status.success(), "{}", String::from_utf8_lossy(&renewed.stderr));
    assert!(String::from_utf8_lossy(&renewed.stdout).contains("nieuwe herstelsleutel"));
    let single = local(&["new-recovery-key"], "");
    assert!(!single.status.success());
    assert!(
        String::from_utf8_lossy(&single.stderr).contains("alleen op de gedeelde database"),
        "{}",
        String::from_utf8_lossy(&single.stderr)
    );

    let refused = on_shared(&shared.url_owner, &owner_password, &["migrate-to-shared"]);
    assert!(!refused.status.success(), "a non-empty target is refused");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("niet leeg"), "{}", String::from_utf8_lossy(&refused.stderr));

    // Last, because the single desk shares this key file: a new database key (every desk
    // closed): the key file gets it, the new recovery key is
    // printed once, and the desk goes on reading with the new key.
    let key_before = std::fs::read(&key).expect("key file");
    let rotated = on_shared(&shared.url_owner, &owner_password, &["rotate-key"]);
    assert!(rotated.status.success(), "{}", String::from_utf8_lossy(&rotated.stderr));
    let printed = String::from_utf8_lossy(&rotated.stdout).trim().to_string();
    assert_eq!(printed.split('-').count(), 17, "the new recovery key: {printed}");
    assert!(String::from_utf8_lossy(&rotated.stderr).contains("De sleutel is vervangen"));
    assert_ne!(std::fs::read(&key).expect("key file"), key_before, "the key file holds the new key");
    assert_eq!(json(&on_shared(&shared.url_app, &app_password, &["list", "--json"])).as_array().map(Vec::len), Some(4));
    let verified = on_shared(&shared.url_app, &app_password, &["verify-audit"]);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
    let single = local(&["rotate-key"], "");
    assert!(
        String::from_utf8_lossy(&single.stderr).contains("alleen op de gedeelde database"),
        "{}",
        String::from_utf8_lossy(&single.stderr)
    );
}
