//! klachtbalie-cli: the command-line front end over klachtbalie-core, for administrators,
//! scheduled tasks and tests. No rule is implemented here; every command calls the core.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use klachtbalie_core::clock::SystemClock;
use klachtbalie_core::domain::access_request::AccessRequestForm;
use klachtbalie_core::domain::calendar::HolidayCalendar;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::domain::deadlines::{compute_deadlines, DeadlineNorms};
use klachtbalie_core::domain::organisation::{FunctionLabels, OrgChart, OrgChartFile};
use klachtbalie_core::domain::routing::{route, RoutingSubject};
use klachtbalie_core::letters::{LetterKind, Recipient};
use klachtbalie_core::service::{self, Actor, Finalised, Klachtbalie, ReportFile, ServiceError, SetupForm, Startup, WorklistScope};
use klachtbalie_core::store::key::{KeyFileStore, KeyStore, OsKeyStore};
use klachtbalie_core::store::SharedLocation;
use klachtbalie_core::{files, paths};
use serde_json::json;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "klachtbalie-cli",
    version,
    about = "Klachtbalie op de opdrachtregel: termijnen, routering, inrichten, organogram, intake, overzicht en auditlog"
)]
struct Cli {
    /// Data folder (default: the app's folder, or KLACHTBALIE_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Read the database key from this file instead of the OS keyring (unattended use). Anyone
    /// who can read the file can read all complaints: see README.md.
    #[arg(long, global = true)]
    key_file: Option<PathBuf>,
    /// Work on the municipality's shared PostgreSQL database instead of this computer's file:
    /// postgres://user@host:port/dbname (or KLACHTBALIE_DATABASE_URL). `init` sets it up (as
    /// the database's owner); every other command works on it like on a single desk.
    #[arg(long, global = true)]
    database: Option<String>,
    /// The database login's password, first line of this file (unattended use; anyone who can
    /// read the file can log in to the database: see README.md). Default: the OS keyring.
    #[arg(long, global = true)]
    password_file: Option<PathBuf>,
    /// The municipality's CA certificate (PEM) that signed the database server's certificate.
    #[arg(long, global = true)]
    ca_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every term for a receipt date as JSON (Awb 9:6, 9:8, 9:11, 9:14; Atw).
    Deadline {
        /// Date of receipt, YYYY-MM-DD.
        #[arg(long)]
        received: String,
        /// Extra holiday by royal decree, YYYY-MM-DD; may be repeated.
        #[arg(long = "extra-holiday")]
        extra_holidays: Vec<String>,
    },
    /// Create the encrypted database and the first account. The password is read from the
    /// first line of standard input; the recovery key is printed once.
    Init {
        #[arg(long, default_value = "Gemeente Diemen")]
        municipality: String,
        #[arg(long)]
        admin_username: String,
        #[arg(long)]
        admin_name: String,
        #[arg(long, default_value = "Klachtcoördinator")]
        admin_function: String,
    },
    /// Register a complaint from a JSON file with the intake form's fields.
    Intake {
        #[arg(long)]
        json: PathBuf,
        /// Register the same complaint this many times, one line of output each (load tests,
        /// benchmarks; every registration is its own transaction).
        #[arg(long, default_value_t = 1)]
        repeat: u32,
    },
    /// Give a complaint another handler, with the reason (RT-05; never a respondent). Prints
    /// {"reference", "handler", "handler_reason"}.
    Reassign {
        #[arg(long)]
        complaint: String,
        /// Id of the official in the organisation chart (as in `export-org`).
        #[arg(long)]
        handler: String,
        /// Why; it goes into the timeline and the audit log.
        #[arg(long)]
        reason: String,
    },
    /// List open complaints, nearest deadline first.
    List {
        /// Print JSON (the only format for now).
        #[arg(long)]
        json: bool,
    },
    /// Decide the handler from an organisation-chart file (RT-01..06), without a database.
    /// Prints {"handler": ID, "reason": ...}.
    Route {
        /// The chart in the import format (README.md, "Organogram").
        #[arg(long)]
        org: PathBuf,
        /// Id of an official complained about; may be repeated.
        #[arg(long = "respondent")]
        respondents: Vec<String>,
        /// Id of an official involved in the conduct (may not handle it either); may be repeated.
        #[arg(long = "involved")]
        involved: Vec<String>,
        /// Id of the department, for a complaint about its service (no person named).
        #[arg(long)]
        department: Option<String>,
    },
    /// Replace the organisation chart with a JSON file; refused as a whole if anything is wrong.
    ImportOrg {
        #[arg(long)]
        file: PathBuf,
    },
    /// Print the organisation chart in the import format.
    ExportOrg,
    /// Check the hash chain of the audit log (SEC-02); exits 1 at the first broken link.
    VerifyAudit,
    /// The Beheerder acknowledges that the end of the audit log was damaged (entries cut off);
    /// one entry records what was found and writing can go on (SEC-02).
    AcknowledgeAudit,
    /// Check the database file (SQLite integrity check) and the audit chain; exits 1 on a problem.
    Check,
    /// Copy this computer's single-desk database into an empty shared database (--database,
    /// as its owner), verify counts, the audit chain and every sealed value, and leave the
    /// local file exactly as it was. Prints what was moved as JSON.
    MigrateToShared,
    /// Bring the shared database's schema to this version (as its owner, in one transaction);
    /// says whether it was current or what it did. A newer schema is refused.
    MigrateSchema,
    /// The annual complaint report (klachtverslag, RP-01..03) of the complaints received in
    /// YEAR, without personal data: JSON (to standard output without --out), CSV, PDF or XLSX.
    Report {
        #[arg(long)]
        year: i32,
        /// json, csv, pdf or xlsx.
        #[arg(long, default_value = "json")]
        format: ReportFormat,
        /// The file to write; never in the data folder, never over the key file.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace --out if it already exists.
        #[arg(long)]
        force: bool,
    },
    /// Import complaints of earlier years from the previous system: a JSON file
    /// {"complaints": [...]} with the intake form's fields and their history (README.md,
    /// "Klachten uit een vorig systeem"). Checked as a whole: with any problem nothing is
    /// imported and every problem is named. Prints {"imported": N}.
    ImportComplaints {
        #[arg(long)]
        file: PathBuf,
    },
    /// Fill the database with COUNT synthetic, clearly fake complaints received in YEAR
    /// (benchmarks, demos), through the same checks as the intake. Refused on a database with
    /// real complaints unless --force. Prints {"seeded": N, "year": YEAR}.
    Seed {
        #[arg(long)]
        count: usize,
        #[arg(long)]
        year: i32,
        /// Seed even though the database holds real complaints.
        #[arg(long)]
        force: bool,
    },
    /// SEC-06: write a backup of this computer's database (a consistent copy, still encrypted
    /// under its key, with a checksum and a manifest) to FILE, also while the app runs. Prints
    /// the manifest's summary as JSON.
    Backup {
        #[arg(long)]
        out: PathBuf,
        /// Replace --out if it already exists.
        #[arg(long)]
        force: bool,
    },
    /// SEC-06: put a backup in place as the database of --data-dir (a new folder), after
    /// checking the file, the key and every table. A folder that has a database is only
    /// replaced with --replace, and its database is first kept as a safety copy. Stop the app
    /// on that folder first.
    Restore {
        #[arg(long)]
        from: PathBuf,
        /// Replace the database that is in --data-dir (kept in veiligheidskopie-DATE/).
        #[arg(long)]
        replace: bool,
        /// Read the recovery key of the backed-up database from the first line of standard
        /// input (otherwise: --key-file or the OS keyring's key of --data-dir).
        #[arg(long)]
        recovery_key_stdin: bool,
    },
    /// AVG-03 (art. 15) requests for access: register, list, find the person, extend, answer.
    AccessRequest {
        #[command(subcommand)]
        action: AccessRequestAction,
    },
    /// AVG-02 retention of closed complaints.
    Retention {
        #[command(subcommand)]
        action: RetentionAction,
    },
    /// Write the acknowledgement letter of a complaint to a PDF file.
    Acknowledgement {
        #[arg(long)]
        complaint: String,
        /// The PDF file to write; never in the data folder, never over the key file.
        #[arg(long)]
        out: PathBuf,
        /// Replace --out if it already exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a letter of a complaint to a PDF file (section 6): the stored final version, or
    /// else it is made final now (refused with what is missing, LT-01). A decision or
    /// non-handling letter goes to the handler's approval queue instead (PR-07).
    Letter {
        #[arg(long)]
        complaint: String,
        /// ontvangstbevestiging, doorzending, niet_in_behandeling, uitnodiging_hoorzitting,
        /// verdaging, bevestiging_informele_afhandeling or beslissing.
        #[arg(long)]
        kind: String,
        /// klager (default) or beklaagde.
        #[arg(long, default_value = "klager")]
        recipient: String,
        /// The PDF file to write; never in the data folder, never over the key file.
        #[arg(long)]
        out: PathBuf,
        /// Replace --out if it already exists.
        #[arg(long)]
        force: bool,
        /// Only render it from the current file, without storing anything.
        #[arg(long)]
        preview: bool,
    },
}

#[derive(Subcommand)]
enum AccessRequestAction {
    /// Register a request: who asked (--requester, and --address for the answer), how their
    /// identity was checked (--identity legitimatie_balie | digid | bekend_adres | gemachtigde,
    /// --identity-note), and when it came in (--received dd-mm-jjjj, default today).
    /// Prints {"number", "received_on", "due_on"}.
    Register {
        #[arg(long)]
        requester: String,
        #[arg(long, default_value = "")]
        address: String,
        #[arg(long)]
        identity: String,
        #[arg(long, default_value = "")]
        identity_note: String,
        #[arg(long)]
        received: Option<String>,
    },
    /// The requests, open ones first (no names, for a scheduled task that warns):
    /// [{"number", "received_on", "due_on", "light", "extended_on", "answered_on"}].
    List,
    /// The complaints whose complainant's own data matches --query (name, address, postcode,
    /// phone or e-mail; "exact" or similar).
    Find {
        #[arg(long)]
        query: String,
    },
    /// Extend request --number once by two months, with the --reason the person is told.
    Extend {
        #[arg(long)]
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Answer request --number over the complaints that are the person's (--reference,
    /// repeatable; none: nothing was found), write the PDF to --out and close the request.
    Answer {
        #[arg(long)]
        number: String,
        #[arg(long = "reference")]
        references: Vec<String>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum RetentionAction {
    /// The complaints whose destruction date has passed on --as-of (default today), for a
    /// scheduled task that warns: [{"reference", "outcome", "closed_on", "destroy_after"}].
    List {
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
        /// The day to judge, YYYY-MM-DD.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Propose a destruction list of the complaints past their term on --as-of (default
    /// today); a second person confirms it. Prints {"list": ID, "complaints": [...]}.
    Propose {
        #[arg(long)]
        as_of: Option<String>,
    },
    /// AVG art. 17: propose to erase one closed complaint at the person's request (the reason
    /// without names); a second person confirms it like any list. Prints {"list": ID}.
    Erase {
        #[arg(long)]
        complaint: String,
        #[arg(long)]
        reason: String,
    },
    /// The destruction lists, newest first, as JSON.
    Lists,
    /// Confirm destruction list ID (four eyes: not by whoever proposed it) and destroy its
    /// complaints' personal data, texts and letters. --exclude REFERENCE=REASON keeps one off
    /// (may be repeated). Prints {"destroyed": [...], "excluded": [...], "no_longer_due": [...]}.
    Confirm {
        #[arg(long)]
        list: i64,
        #[arg(long = "exclude")]
        exclusions: Vec<String>,
    },
}

/// The formats of `report` (RP-05).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Json,
    Csv,
    /// On the letterhead, with the two previous years beside it; needs --out.
    Pdf,
    /// A workbook with one sheet per table and charts; needs --out.
    Xlsx,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
    // Only where a data folder exists already: `deadline` and `route` need none, and `init`
    // creates it.
    let _log = data_dir.is_dir().then(|| klachtbalie_core::logging::init(&data_dir, "klachtbalie-cli")).flatten();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `list --json | head` closes the pipe early: that is not an error.
        Err(message) if message == BROKEN_PIPE => ExitCode::SUCCESS,
        Err(message) => {
            tracing::warn!("opdracht geweigerd of mislukt");
            eprintln!("klachtbalie-cli: {message}");
            ExitCode::FAILURE
        }
    }
}

const BROKEN_PIPE: &str = "broken pipe";

/// Prints one line to standard output; a closed pipe ends the program quietly instead of a panic.
fn print_line(text: impl std::fmt::Display) -> Result<(), String> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").and_then(|()| stdout.flush()).map_err(|error| match error.kind() {
        std::io::ErrorKind::BrokenPipe => BROKEN_PIPE.to_string(),
        _ => format!("kan niet naar de standaarduitvoer schrijven: {error}"),
    })
}

/// Reads a text file the user named; a UTF-8 byte-order mark (Notepad) is dropped, and CRLF
/// line ends read as any other.
fn read_text(path: &std::path::Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{} kan niet worden gelezen: {e}", path.display()))?;
    Ok(files::without_bom(&text).to_string())
}

/// The first line of standard input (a password, a recovery key), as typed or piped from a
/// file written on Windows (a byte-order mark, CRLF).
fn first_line_of_stdin(what: &str) -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| format!("{what} kon niet van standaardinvoer worden gelezen: {e}"))?;
    Ok(files::without_bom(&text).lines().next().unwrap_or_default().to_string())
}

/// A JSON error with its place, in words: "line 3, column 7: ...".
fn json_problem(path: &std::path::Path, error: &serde_json::Error) -> String {
    format!("{} is not valid JSON at line {}, column {}: {error}", path.display(), error.line(), error.column())
}

fn parse_date(text: &str, what: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{what} '{text}' is not a valid date; use YYYY-MM-DD (e.g. 2026-11-23)"))?;
    match klachtbalie_core::domain::complaint::receipt_date_range_problem(date) {
        Some(problem) => Err(format!("{what} '{text}': {problem}")),
        None => Ok(date),
    }
}

/// `--as-of`: a YYYY-MM-DD day, or today.
fn as_of_date(text: Option<&str>) -> Result<NaiveDate, String> {
    match text {
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| format!("--as-of '{text}' is not a valid date; use YYYY-MM-DD (e.g. 2031-04-01)")),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn describe(error: ServiceError) -> String {
    // Store and file errors in detail in the log; what a user typed never goes there.
    if matches!(error, ServiceError::Store(_) | ServiceError::Io(_) | ServiceError::Key(_) | ServiceError::Letter(_)) {
        tracing::error!(kind = error.kind(), detail = ?error, "fout");
    } else {
        tracing::info!(kind = error.kind(), "geweigerd");
    }
    match error {
        ServiceError::Validation(problems) => {
            let lines: Vec<String> = problems.iter().map(|p| format!("  {}: {}", p.field, p.message)).collect();
            format!("de gegevens zijn niet compleet of niet juist:\n{}", lines.join("\n"))
        }
        ServiceError::IncompleteLetter { letter, missing } => {
            format!("de brief '{letter}' kan niet definitief worden (LT-01); er ontbreekt:\n  {}", missing.join("\n  "))
        }
        ServiceError::InvalidChart(problems) => {
            format!("het organogram is niet opgeslagen; er is niets gewijzigd:\n  {}", problems.join("\n  "))
        }
        other => other.to_string(),
    }
}

fn key_store(cli: &Cli) -> Result<Box<dyn KeyStore>, String> {
    match &cli.key_file {
        Some(path) => Ok(Box::new(KeyFileStore::new(path))),
        None => OsKeyStore::install()
            .map(|store| Box::new(store) as Box<dyn KeyStore>)
            .map_err(|e| format!("{e}\nGebruik --key-file voor onbeheerd gebruik (zie README.md).")),
    }
}

fn actor() -> Actor {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "onbekend".into());
    Actor::System { description: format!("klachtbalie-cli ({user})") }
}

/// Writes an export the user asked for: never into the data folder or over the key file, and
/// never over an existing file without --force.
/// Refuses an --out path before work that cannot be undone, for the reasons `write_out` would.
fn check_out_path(cli: &Cli, app: &Klachtbalie, out: &std::path::Path, force: bool) -> Result<(), String> {
    let protected: Vec<&std::path::Path> = cli.key_file.iter().map(PathBuf::as_path).collect();
    klachtbalie_core::files::export_target(out, force, app.data_dir(), &protected).map(drop)
}

fn write_out(cli: &Cli, app: &Klachtbalie, out: &std::path::Path, contents: &[u8], force: bool) -> Result<(), String> {
    let protected: Vec<&std::path::Path> = cli.key_file.iter().map(PathBuf::as_path).collect();
    klachtbalie_core::files::write_export(out, contents, force, app.data_dir(), &protected)
}

/// The shared database chosen with --database or KLACHTBALIE_DATABASE_URL, if any.
fn shared_location(cli: &Cli) -> Result<Option<SharedLocation>, String> {
    let Some(url) = cli.database.clone().or_else(|| std::env::var("KLACHTBALIE_DATABASE_URL").ok()).filter(|url| !url.trim().is_empty())
    else {
        return Ok(None);
    };
    let location = SharedLocation::new(url.trim(), None, cli.ca_file.clone());
    let password = match &cli.password_file {
        Some(path) => {
            let text = read_text(path)?;
            text.lines().next().unwrap_or_default().to_string()
        }
        None => OsKeyStore::install()
            .and_then(|store| store.load_database_password(&location.database_id()))
            .map_err(|e| format!("{e}\nGebruik --password-file voor onbeheerd gebruik (zie README.md)."))?
            .ok_or_else(|| {
                format!(
                    "er staat geen wachtwoord voor {} in de sleutelkluis; gebruik --password-file (zie README.md)",
                    location.database_id()
                )
            })?,
    };
    Ok(Some(SharedLocation::new(url.trim(), Some(password), cli.ca_file.clone())))
}

fn open(cli: &Cli) -> Result<Klachtbalie, String> {
    let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
    let store = key_store(cli)?;
    let shared = shared_location(cli)?;
    let startup = match &shared {
        None => service::start(&data_dir, store.as_ref(), Arc::new(SystemClock)),
        Some(location) => service::start_shared(location, store.as_ref(), Arc::new(SystemClock), &data_dir),
    };
    match startup.map_err(describe)? {
        Startup::Ready(app) => Ok(*app),
        Startup::NeedsSetup if shared.is_some() => {
            Err("de gedeelde database is nog niet ingericht; voer eerst `klachtbalie-cli --database URL init` uit als eigenaar".into())
        }
        Startup::NeedsSetup => Err(format!("er is nog geen database in {}; voer eerst `klachtbalie-cli init` uit", data_dir.display())),
        Startup::NeedsRecoveryKey { reason } => Err(format!("de database kan niet worden geopend: {reason}")),
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match &cli.command {
        Command::Deadline { received, extra_holidays } => {
            let received = parse_date(received, "--received")?;
            let extra = extra_holidays.iter().map(|text| parse_date(text, "--extra-holiday")).collect::<Result<Vec<_>, _>>()?;
            let d = compute_deadlines(received, &HolidayCalendar::with_extra_holidays(extra), &DeadlineNorms::default());
            print_line(json!({
                "received": d.received.to_string(),
                "acknowledgement_due": d.acknowledgement_due.to_string(),
                "non_handling_due": d.non_handling_due.to_string(),
                "decision_due": d.decision_due.to_string(),
                "advisory_due": d.advisory_due.to_string(),
                "postponed_due": d.postponed_due.to_string(),
            }))
        }
        Command::Init { municipality, admin_username, admin_name, admin_function } => {
            let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
            let password = first_line_of_stdin("Het wachtwoord")?;
            let form = SetupForm {
                municipality_name: municipality.clone(),
                admin_username: admin_username.clone(),
                admin_display_name: admin_name.clone(),
                admin_job_title: admin_function.clone(),
                admin_password: password.clone(),
                admin_password_repeat: password,
                ..SetupForm::diemen_defaults()
            };
            let store = key_store(&cli)?;
            let (mut app, place) = match shared_location(&cli)? {
                None => (
                    service::set_up(&data_dir, store.as_ref(), Arc::new(SystemClock), &form).map_err(describe)?,
                    data_dir.display().to_string(),
                ),
                Some(location) => (
                    service::set_up_shared(&location, None, store.as_ref(), Arc::new(SystemClock), &form, &data_dir).map_err(describe)?,
                    location.database_id(),
                ),
            };
            let recovery_key = app.pending_recovery_key().map_err(describe)?.unwrap_or_default();
            eprintln!("Database gemaakt in {place}. Bewaar de herstelsleutel hieronder veilig; hij wordt niet opnieuw getoond.");
            // Marked as saved only once it was really written out; a closed pipe is an error here.
            print_line(recovery_key).map_err(|error| {
                if error == BROKEN_PIPE {
                    "de herstelsleutel kon niet naar de standaarduitvoer worden geschreven; de app toont hem bij de volgende start opnieuw"
                        .to_string()
                } else {
                    error
                }
            })?;
            app.confirm_recovery_key_saved().map_err(describe)
        }
        Command::Intake { json: path, repeat } => {
            let text = read_text(path)?;
            let form: ComplaintForm = serde_json::from_str(&text).map_err(|e| json_problem(path, &e))?;
            let mut app = open(&cli)?;
            for _ in 0..*repeat {
                let registered = app.register_complaint(&actor(), &form).map_err(describe)?;
                // Printed only after the transaction committed: a printed reference is saved.
                print_line(json!({
                    "reference": registered.reference,
                    "handler": registered.handler_name,
                    "handler_reason": registered.handler_reason,
                    "decision_due": registered.deadlines.decision_due.to_string(),
                }))?;
            }
            Ok(())
        }
        Command::Reassign { complaint, handler, reason } => {
            let mut app = open(&cli)?;
            let record = app.reassign(&actor(), complaint.trim(), handler, reason).map_err(describe)?;
            print_line(json!({
                "reference": record.reference,
                "handler": record.handler.name,
                "handler_reason": record.handler.reason,
            }))
        }
        Command::List { json: _ } => {
            let mut app = open(&cli)?;
            let rows: Vec<_> = app
                .worklist(&actor(), WorklistScope::All)
                .map_err(describe)?
                .into_iter()
                .map(|item| {
                    json!({
                        "reference": item.reference,
                        "complainant": item.complainant_name,
                        "subject": item.subject,
                        "department": item.department_name,
                        "handler": item.handler_name,
                        "status": item.status.code(),
                        "received": item.received_on.to_string(),
                        "decision_due": item.decision_due.to_string(),
                        "next_deadline": item.next_deadline.map(|deadline| deadline.due.to_string()),
                        "next_deadline_label": item.next_deadline.map(|deadline| deadline.kind.dutch_label()),
                        "light": item.light,
                    })
                })
                .collect();
            print_line(serde_json::Value::Array(rows))
        }
        Command::Report { year, format, out, force } => {
            let mut app = open(&cli)?;
            let file = match format {
                ReportFormat::Json => None,
                ReportFormat::Csv => Some(ReportFile::Csv),
                ReportFormat::Pdf => Some(ReportFile::Pdf),
                ReportFormat::Xlsx => Some(ReportFile::Xlsx),
            };
            let text = match file {
                None => {
                    serde_json::to_string_pretty(&app.annual_report(&actor(), *year).map_err(describe)?)
                        .map_err(|error| error.to_string())?
                        + "\n"
                }
                Some(ReportFile::Csv) => String::from_utf8(app.annual_report_file(&actor(), *year, ReportFile::Csv).map_err(describe)?)
                    .map_err(|error| error.to_string())?,
                Some(binary) => {
                    let out = out.as_ref().ok_or("a PDF or XLSX needs a file: give --out FILE")?;
                    let bytes = app.annual_report_file(&actor(), *year, binary).map_err(describe)?;
                    return write_out(&cli, &app, out, &bytes, *force);
                }
            };
            match out {
                Some(out) => write_out(&cli, &app, out, text.as_bytes(), *force),
                None => print_line(text.trim_end()),
            }
        }
        Command::ImportComplaints { file } => {
            let text = read_text(file)?;
            let mut app = open(&cli)?;
            let references = app.import_complaints(&actor(), &text).map_err(describe)?;
            if let (Some(first), Some(last)) = (references.first(), references.last()) {
                eprintln!("Geïmporteerd: {first} tot en met {last} (per jaar van ontvangst genummerd).");
            }
            print_line(json!({"imported": references.len()}))
        }
        Command::Seed { count, year, force } => {
            let mut app = open(&cli)?;
            let started = std::time::Instant::now();
            let seeded = app
                .seed_complaints(&actor(), *count, *year, *force, |done| {
                    eprint!("\r{done} van {count} testklachten opgeslagen ({:.0} s)", started.elapsed().as_secs_f64());
                })
                .map_err(describe)?;
            eprintln!();
            print_line(json!({"seeded": seeded, "year": year}))
        }
        Command::Backup { out, force } => {
            let mut app = open(&cli)?;
            let protected: Vec<&std::path::Path> = cli.key_file.iter().map(PathBuf::as_path).collect();
            let manifest = app.make_backup(&actor(), out, *force, &protected).map_err(describe)?;
            let rows: serde_json::Map<String, serde_json::Value> =
                manifest.tables.iter().map(|table| (table.table.clone(), json!(table.rows))).collect();
            print_line(json!({
                "path": out.display().to_string(), "created_at": manifest.created_at, "schema_version": manifest.schema_version,
                "bytes": manifest.database_bytes, "sha256": manifest.database_sha256, "rows": rows,
            }))
        }
        Command::Restore { from, replace, recovery_key_stdin } => {
            let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
            let recovery_key = if *recovery_key_stdin { Some(first_line_of_stdin("De herstelsleutel")?.trim().to_string()) } else { None };
            let store = key_store(&cli)?;
            let now = chrono::Local::now().naive_local();
            let report =
                service::restore_backup(from, &data_dir, store.as_ref(), recovery_key.as_deref(), *replace, now).map_err(describe)?;
            if let Some(warning) = &report.key_warning {
                eprintln!("{warning}");
            }
            eprintln!(
                "Teruggezet: de back-up van {} ({} klachten) staat in {}.",
                report.manifest.created_at,
                report.manifest.complaints(),
                report.database.display()
            );
            let rows: serde_json::Map<String, serde_json::Value> =
                report.manifest.tables.iter().map(|table| (table.table.clone(), json!(table.rows))).collect();
            print_line(json!({
                "restored": report.database.display().to_string(), "created_at": report.manifest.created_at,
                "safety_copy": report.safety_copy.map(|path| path.display().to_string()), "rows": rows,
            }))
        }
        Command::AccessRequest { action } => access_request(&cli, action),
        Command::Retention { action: RetentionAction::Propose { as_of } } => {
            let as_of = as_of_date(as_of.as_deref())?;
            let mut app = open(&cli)?;
            let list = app.propose_destruction(&actor(), as_of).map_err(describe)?;
            eprintln!(
                "Vernietigingslijst {} voorgesteld; een tweede persoon bevestigt haar met `retention confirm --list {}`.",
                list.id, list.id
            );
            print_line(json!({ "list": list.id, "complaints": list.items.iter().map(|item| item.reference.clone()).collect::<Vec<_>>() }))
        }
        Command::Retention { action: RetentionAction::Erase { complaint, reason } } => {
            let mut app = open(&cli)?;
            let list = app.propose_erasure(&actor(), complaint.trim(), reason).map_err(describe)?;
            eprintln!(
                "Wissen op verzoek voorgesteld als lijst {}; een tweede persoon bevestigt haar met `retention confirm --list {}`.",
                list.id, list.id
            );
            print_line(json!({ "list": list.id, "complaints": [complaint.trim()] }))
        }
        Command::Retention { action: RetentionAction::Lists } => {
            let mut app = open(&cli)?;
            let lists: Vec<serde_json::Value> = app
                .destruction_lists(&actor())
                .map_err(describe)?
                .into_iter()
                .map(|list| {
                    json!({
                        "list": list.id, "kind": list.kind, "reason": list.reason, "as_of": list.as_of.to_string(), "state": list.state, "proposed_by": list.proposed_by,
                        "proposed_at": list.proposed_at, "confirmed_by": list.confirmed_by, "confirmed_at": list.confirmed_at,
                        "complaints": list.items.iter().map(|item| json!({
                            "reference": item.reference, "class": item.retention_class, "closed_on": item.closed_on.to_string(),
                            "destroy_after": item.destroy_after.to_string(), "excluded_reason": item.excluded_reason,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            print_line(serde_json::Value::Array(lists))
        }
        Command::Retention { action: RetentionAction::Confirm { list, exclusions } } => {
            let exclusions = exclusions
                .iter()
                .map(|text| {
                    text.split_once('=')
                        .map(|(reference, reason)| (reference.trim().to_string(), reason.trim().to_string()))
                        .ok_or_else(|| format!("--exclude '{text}': use REFERENCE=REASON, e.g. KL-2019-0002=\"loopt een verzoek\""))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut app = open(&cli)?;
            let outcome = app
                .confirm_destruction(&actor(), *list, &exclusions, |done, total| eprint!("\r{done} van {total} verwerkt"))
                .map_err(describe)?;
            eprintln!();
            print_line(json!({ "destroyed": outcome.destroyed, "excluded": outcome.excluded, "no_longer_due": outcome.no_longer_due }))
        }
        Command::Retention { action: RetentionAction::List { json: _, as_of } } => {
            let as_of = as_of_date(as_of.as_deref())?;
            let mut app = open(&cli)?;
            let due: Vec<serde_json::Value> = app
                .retention_due(&actor(), as_of)
                .map_err(describe)?
                .into_iter()
                .map(|item| {
                    json!({
                        "reference": item.reference,
                        "outcome": item.outcome.code(),
                        "closed_on": item.closed_on.to_string(),
                        "destroy_after": item.destroy_after.to_string(),
                    })
                })
                .collect();
            print_line(serde_json::Value::Array(due))
        }
        Command::Route { org, respondents, involved, department } => {
            let text = read_text(org)?;
            let labels = FunctionLabels::default();
            let chart = OrgChartFile::from_json(&text)
                .and_then(|file| OrgChart::validate_replacement(&file, &labels, &OrgChartFile::default()))
                .map_err(|problems| format!("{} is not a valid organisation chart:\n  {}", org.display(), problems.join("\n  ")))?;
            let subject = RoutingSubject { respondents: respondents.clone(), involved: involved.clone(), department: department.clone() };
            let routing = route(&chart, &labels, &subject).map_err(|error| error.to_string())?;
            print_line(json!({"handler": routing.handler, "reason": routing.reason}))
        }
        Command::ImportOrg { file } => {
            let text = read_text(file)?;
            let mut app = open(&cli)?;
            let summary = app.import_org_chart(&actor(), &text).map_err(describe)?;
            print_line(json!({"departments": summary.departments, "officials": summary.officials}))
        }
        Command::ExportOrg => {
            let mut app = open(&cli)?;
            let chart = app.export_org_chart(&actor()).map_err(describe)?;
            print_line(chart)
        }
        Command::VerifyAudit => {
            let mut app = open(&cli)?;
            let verification = app.verify_audit(&actor()).map_err(describe)?;
            match verification.first_broken {
                None => print_line(verification.summary()),
                Some(_) => Err(verification.summary()),
            }
        }
        Command::AcknowledgeAudit => {
            let mut app = open(&cli)?;
            match app.acknowledge_audit_damage(&actor()).map_err(describe)? {
                Some(problem) => print_line(format!("Bevestigd en vastgelegd in het auditlog: {problem} Er kan weer worden opgeslagen.")),
                None => print_line("Het einde van het auditlog is in orde; er was niets te bevestigen."),
            }
        }
        Command::Check => {
            let mut app = open(&cli)?;
            let problems = app.integrity_problems().map_err(describe)?;
            if !problems.is_empty() {
                return Err(format!("het databasebestand is beschadigd (integrity_check):\n  {}", problems.join("\n  ")));
            }
            let verification = app.verify_audit(&actor()).map_err(describe)?;
            match verification.first_broken {
                None => print_line(format!("De database is in orde. {}", verification.summary())),
                Some(_) => Err(verification.summary()),
            }
        }
        Command::MigrateToShared => {
            let location = shared_location(&cli)?.ok_or("give the shared database with --database URL (or KLACHTBALIE_DATABASE_URL)")?;
            let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
            let store = key_store(&cli)?;
            let report = service::migrate_to_shared(&data_dir, store.as_ref(), &location, Arc::new(SystemClock)).map_err(describe)?;
            let tables: serde_json::Map<String, serde_json::Value> =
                report.rows.iter().map(|(table, rows)| (table.clone(), json!(rows))).collect();
            eprintln!("Overgezet en gecontroleerd; de database op deze werkplek is niet gewijzigd.");
            print_line(
                json!({"tables": tables, "audit_entries": report.audit_entries, "sealed_values_checked": report.sealed_values_checked}),
            )
        }
        Command::MigrateSchema => {
            let location = shared_location(&cli)?.ok_or("give the shared database with --database URL (or KLACHTBALIE_DATABASE_URL)")?;
            match klachtbalie_core::store::migrate_shared_schema(&location).map_err(|error| describe(error.into()))? {
                (found, known) if found == known => print_line(format!("Het schema van de gedeelde database is actueel (versie {known}).")),
                (found, known) => print_line(format!("Het schema van de gedeelde database is bijgewerkt van versie {found} naar {known}.")),
            }
        }
        Command::Acknowledgement { complaint, out, force } => {
            let mut app = open(&cli)?;
            let letter = app.acknowledgement_letter(&actor(), complaint).map_err(describe)?;
            write_out(&cli, &app, out, &letter.pdf, *force)?;
            print_line(json!({"reference": letter.reference, "sha256": letter.sha256, "path": out.display().to_string()}))
        }
        Command::Letter { complaint, kind, recipient, out, force, preview } => {
            let codes = || LetterKind::ALL.iter().map(|kind| kind.code()).collect::<Vec<_>>().join(", ");
            let kind = LetterKind::from_code(kind.trim()).ok_or_else(|| format!("onbekende briefsoort '{kind}'; kies uit: {}", codes()))?;
            let recipient = Recipient::from_code(recipient.trim())
                .ok_or_else(|| format!("onbekende ontvanger '{recipient}'; gebruik klager of beklaagde"))?;
            let mut app = open(&cli)?;
            if *preview {
                let letter = app.preview_letter(&actor(), complaint, kind, recipient).map_err(describe)?;
                write_out(&cli, &app, out, &letter.pdf, *force)?;
                return print_line(
                    json!({"kind": kind.code(), "preview": true, "pages": letter.pages, "bytes": letter.pdf.len(), "missing": letter.missing, "path": out.display().to_string()}),
                );
            }
            let stored = app
                .complaint_letters(&actor(), complaint)
                .map_err(describe)?
                .into_iter()
                .rev()
                .find(|letter| letter.kind == kind.code() && letter.recipient == recipient.code());
            let summary = match stored {
                Some(summary) => summary,
                None => match app.finalise_letter(&actor(), complaint, kind, recipient, "").map_err(describe)? {
                    Finalised::Final(summary) => summary,
                    Finalised::AwaitingApproval { approver, .. } => {
                        return Err(format!(
                            "de brief wacht op goedkeuring door {approver} (PR-07: vier ogen); er is niets definitiefs geschreven"
                        ))
                    }
                },
            };
            let (summary, pdf) = app.stored_letter(&actor(), summary.id).map_err(describe)?;
            write_out(&cli, &app, out, &pdf, *force)?;
            print_line(json!({"kind": summary.kind, "recipient": summary.recipient, "version": summary.version, "pages": summary.pages,
                   "bytes": pdf.len(), "sha256": summary.sha256, "path": out.display().to_string()}))
        }
    }
}

/// `access-request`: the AVG-03 requests from the command line.
fn access_request(cli: &Cli, action: &AccessRequestAction) -> Result<(), String> {
    let mut app = open(cli)?;
    let item_json = |item: &service::AccessRequestItem| {
        let r = &item.request;
        json!({
            "number": r.number, "received_on": r.received_on.to_string(), "due_on": r.due_on.to_string(),
            "light": item.light.map(|light| light.dutch_label()), "extended_on": r.extended_on.map(|d| d.to_string()),
            "answered_on": r.answered_on.map(|d| d.to_string()),
        })
    };
    match action {
        AccessRequestAction::Register { requester, address, identity, identity_note, received } => {
            let form = AccessRequestForm {
                requester: requester.clone(),
                address: address.clone(),
                identity_check: identity.clone(),
                identity_note: identity_note.clone(),
                received_on: received.clone().unwrap_or_else(|| app.today().to_string()),
            };
            let item = app.register_access_request(&actor(), &form).map_err(describe)?;
            print_line(item_json(&item))
        }
        AccessRequestAction::List => {
            let items = app.access_requests(&actor(), false).map_err(describe)?;
            print_line(serde_json::Value::Array(items.iter().map(item_json).collect()))
        }
        AccessRequestAction::Find { query } => {
            let matches: Vec<serde_json::Value> = app
                .find_person(&actor(), query)
                .map_err(describe)?
                .into_iter()
                .map(|m| json!({"reference": m.reference, "complainant": m.complainant_name, "received": m.received_on.to_string(), "matched_on": m.matched_on, "exact": m.exact}))
                .collect();
            print_line(serde_json::Value::Array(matches))
        }
        AccessRequestAction::Extend { number, reason } => {
            let item = app.extend_access_request(&actor(), number, reason).map_err(describe)?;
            print_line(item_json(&item))
        }
        AccessRequestAction::Answer { number, references, out, force } => {
            // Written only once the file can be: refused before the request is closed.
            check_out_path(cli, &app, out, *force)?;
            let pdf = app.answer_access_request(&actor(), number, references).map_err(describe)?;
            write_out(cli, &app, out, &pdf, true)?;
            print_line(json!({"number": number, "path": out.display().to_string(), "complaints": references.len(), "bytes": pdf.len()}))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_must_be_iso() {
        assert!(super::parse_date("2026-11-23", "x").is_ok());
        assert!(super::parse_date("23-11-2026", "x").expect_err("Dutch order is refused").contains("YYYY-MM-DD"));
        // The intake form accepts the Dutch form too; the CLI flags are strict ISO.
        assert!(klachtbalie_core::domain::complaint::parse_dutch_or_iso_date("23-11-2026").is_some());
    }
}
