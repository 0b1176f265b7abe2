//! klachtbalie-cli: the command-line front end over klachtbalie-core, for administrators,
//! scheduled tasks and tests. No rule is implemented here; every command calls the core.
//! A library too, so the Windows app can serve the same commands (`klachtbalie.exe --cli`, what the
//! installed `klachtbalie-cli.exe` starts): one copy of the core in the installer instead of two.

mod commands;
mod support;
mod users;

use clap::{Parser, Subcommand};
use klachtbalie_core::paths;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "klachtbalie-cli",
    version,
    about = "Klachtbalie op de opdrachtregel: termijnen, routering, inrichten, organogram, intake, overzicht en auditlog"
)]
pub(crate) struct Cli {
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
    /// Act as this Klachtbalie user, with their roles, as in the window: needed where a second
    /// person must act (retention confirm, retention erase) and for `user`. Their password is
    /// the first line of standard input, or of --user-password-file. Without --user a command
    /// runs as a system task named after this computer's account.
    #[arg(long, global = true)]
    user: Option<String>,
    /// The first line of this file is the password of --user (instead of standard input).
    #[arg(long, global = true)]
    user_password_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// The shared server's own record of writes (SEC-07), newest first, as JSON: who (the
    /// database login) changed which table's row when, also with psql. Not on a single desk.
    ServerChanges {
        /// Only the changes of this database login.
        #[arg(long)]
        login: Option<String>,
        /// Only the changes of this table.
        #[arg(long)]
        table: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Check the database file (SQLite integrity check) and the audit chain; exits 1 on a problem.
    Check,
    /// Copy this computer's single-desk database into an empty shared database (--database,
    /// as its owner), verify counts, the audit chain and every sealed value, and leave the
    /// local file exactly as it was. Prints what was moved as JSON.
    MigrateToShared,
    /// Bring the shared database's schema to this version (as its owner, in one transaction);
    /// says whether it was current or what it did. A newer schema is refused.
    MigrateSchema,
    /// A new recovery key for the shared database (as its owner, on a desk that holds the key
    /// or with --key-file), when the sheet was lost or destroyed: the server's wrap is replaced.
    /// The key itself stays, so desks go on working; a Beheerder is shown the new recovery key
    /// at the next log-in and saves its sheet. A sheet someone may have seen needs rotate-key.
    NewRecoveryKey,
    /// A new key for the shared database (as its owner, with the current key on this desk or
    /// --key-file; close Klachtbalie on every desk first): every sealed value, search token and
    /// audit link is taken over in one transaction. The new key goes to this desk's key store
    /// (or the key file); the new recovery key is printed once, and every other desk is joined
    /// again with it.
    RotateKey,
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
    /// Accounts and their roles (section 1), as the Beheerder manages them in the window: run
    /// with --user as a Beheerder.
    User {
        #[command(subcommand)]
        action: UserAction,
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
pub(crate) enum AccessRequestAction {
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
pub(crate) enum RetentionAction {
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

#[derive(Subcommand)]
pub(crate) enum UserAction {
    /// Every account as JSON: [{"username", "name", "function", "roles", "official", "active",
    /// "must_change_password"}] (never a password hash).
    List,
    /// Create an account. Its first password is the next line of standard input (after the
    /// password of --user); the person chooses their own at their first log-in.
    Add {
        #[arg(long)]
        username: String,
        /// The name shown in the app and on letters.
        #[arg(long)]
        name: String,
        /// The function, shown under the letters the person signs.
        #[arg(long)]
        function: String,
        /// Comma-separated: kcc_medewerker, klachtbehandelaar, klachtcoordinator, beheerder.
        #[arg(long)]
        roles: String,
        /// The official of the organisation chart this account is (handlers, managers).
        #[arg(long)]
        official: Option<String>,
    },
    /// Give an account exactly these roles (the last Beheerder keeps theirs).
    Roles {
        #[arg(long)]
        username: String,
        #[arg(long)]
        roles: String,
    },
    /// Deactivate an account (never deleted: the audit log names it).
    Disable {
        #[arg(long)]
        username: String,
    },
    /// Change the password of --user: the new one is the next line of standard input.
    Password,
}

/// The formats of `report` (RP-05).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    Json,
    Csv,
    /// On the letterhead, with the two previous years beside it; needs --out.
    Pdf,
    /// A workbook with one sheet per table and charts; needs --out.
    Xlsx,
}

/// Runs one command as the program `klachtbalie-cli` would: `args` starts with the program's name.
pub fn run_from(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = Cli::parse_from(args);
    let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
    // Only where a data folder exists already: `deadline` and `route` need none, and `init`
    // creates it.
    let _log = data_dir.is_dir().then(|| klachtbalie_core::logging::init(&data_dir, "klachtbalie-cli")).flatten();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `list --json | head` closes the pipe early: that is not an error.
        Err(message) if message == support::BROKEN_PIPE => ExitCode::SUCCESS,
        Err(message) => {
            tracing::warn!("opdracht geweigerd of mislukt");
            eprintln!("klachtbalie-cli: {message}");
            ExitCode::FAILURE
        }
    }
}
