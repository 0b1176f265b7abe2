//! The commands of the CLI, each a call into the core; the flags are defined in lib.rs.

use crate::support::{
    as_of_date, check_out_path, describe, json_problem, key_store, next_line_of_stdin, open, open_as, parse_date, print_line, read_text,
    shared_location, system_task, write_out, BROKEN_PIPE,
};
use crate::{AccessRequestAction, Cli, Command, ReportFormat, RetentionAction};
use klachtbalie_core::clock::SystemClock;
use klachtbalie_core::domain::access_request::AccessRequestForm;
use klachtbalie_core::domain::calendar::HolidayCalendar;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::domain::deadlines::{compute_deadlines, DeadlineNorms};
use klachtbalie_core::domain::function::FunctionLabels;
use klachtbalie_core::domain::organisation::{OrgChart, OrgChartFile};
use klachtbalie_core::domain::routing::{route, RoutingSubject};
use klachtbalie_core::letters::{LetterKind, Recipient};
use klachtbalie_core::paths;
use klachtbalie_core::service::{self, Finalised, ReportFile, SetupForm, WorklistScope};
use klachtbalie_core::store::ServerChangeFilter;
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;

pub(crate) fn run(cli: Cli) -> Result<(), String> {
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
            let password = next_line_of_stdin("Het wachtwoord")?;
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
            app.confirm_recovery_key_saved(&system_task()).map_err(describe)
        }
        Command::Intake { json: path, repeat } => {
            let text = read_text(path)?;
            let form: ComplaintForm = serde_json::from_str(&text).map_err(|e| json_problem(path, &e))?;
            let (mut app, actor) = open_as(&cli)?;
            for _ in 0..*repeat {
                let registered = app.register_complaint(&actor, &form).map_err(describe)?;
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
            let (mut app, actor) = open_as(&cli)?;
            let record = app.reassign(&actor, complaint.trim(), handler, reason).map_err(describe)?;
            print_line(json!({
                "reference": record.reference,
                "handler": record.handler.name,
                "handler_reason": record.handler.reason,
            }))
        }
        Command::List { json: _ } => {
            let (mut app, actor) = open_as(&cli)?;
            let rows: Vec<_> = app
                .worklist(&actor, WorklistScope::All)
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
            let (mut app, actor) = open_as(&cli)?;
            let file = match format {
                ReportFormat::Json => None,
                ReportFormat::Csv => Some(ReportFile::Csv),
                ReportFormat::Pdf => Some(ReportFile::Pdf),
                ReportFormat::Xlsx => Some(ReportFile::Xlsx),
            };
            let text = match file {
                None => {
                    serde_json::to_string_pretty(&app.annual_report(&actor, *year).map_err(describe)?).map_err(|error| error.to_string())?
                        + "\n"
                }
                Some(ReportFile::Csv) => String::from_utf8(app.annual_report_file(&actor, *year, ReportFile::Csv).map_err(describe)?)
                    .map_err(|error| error.to_string())?,
                Some(binary) => {
                    let out = out.as_ref().ok_or("een PDF of XLSX moet in een bestand: geef --out BESTAND")?;
                    let bytes = app.annual_report_file(&actor, *year, binary).map_err(describe)?;
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
            let (mut app, actor) = open_as(&cli)?;
            let references = app.import_complaints(&actor, &text).map_err(describe)?;
            if let (Some(first), Some(last)) = (references.first(), references.last()) {
                eprintln!("Geïmporteerd: {first} tot en met {last} (per jaar van ontvangst genummerd).");
            }
            print_line(json!({"imported": references.len()}))
        }
        Command::Seed { count, year, force } => {
            let (mut app, actor) = open_as(&cli)?;
            let started = std::time::Instant::now();
            let seeded = app
                .seed_complaints(&actor, *count, *year, *force, |done| {
                    eprint!("\r{done} van {count} testklachten opgeslagen ({:.0} s)", started.elapsed().as_secs_f64());
                })
                .map_err(describe)?;
            eprintln!();
            print_line(json!({"seeded": seeded, "year": year}))
        }
        Command::Backup { out, force } => {
            let (mut app, actor) = open_as(&cli)?;
            let protected: Vec<&std::path::Path> = cli.key_file.iter().map(PathBuf::as_path).collect();
            let manifest = app.make_backup(&actor, out, *force, &protected).map_err(describe)?;
            let rows: serde_json::Map<String, serde_json::Value> =
                manifest.tables.iter().map(|table| (table.table.clone(), json!(table.rows))).collect();
            print_line(json!({
                "path": out.display().to_string(), "created_at": manifest.created_at, "schema_version": manifest.schema_version,
                "bytes": manifest.database_bytes, "sha256": manifest.database_sha256, "rows": rows,
            }))
        }
        Command::Restore { from, replace, recovery_key_stdin } => {
            let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
            let recovery_key = if *recovery_key_stdin { Some(next_line_of_stdin("De herstelsleutel")?.trim().to_string()) } else { None };
            let store = key_store(&cli)?;
            let now = chrono::Local::now().naive_local();
            let report =
                service::restore_backup(from, &data_dir, store.as_ref(), recovery_key.as_deref(), *replace, now).map_err(describe)?;
            if let Some(warning) = &report.key_warning {
                eprintln!("{warning}");
            }
            let complaints = report.manifest.complaints();
            eprintln!(
                "Teruggezet: de back-up van {} ({complaints} {}) staat in {}.",
                report.manifest.created_at,
                if complaints == 1 { "klacht" } else { "klachten" },
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
        Command::User { action } => crate::users::run(&cli, action),
        Command::Retention { action: RetentionAction::Propose { as_of } } => {
            let as_of = as_of_date(as_of.as_deref())?;
            let (mut app, actor) = open_as(&cli)?;
            let list = app.propose_destruction(&actor, as_of).map_err(describe)?;
            eprintln!(
                "Vernietigingslijst {} voorgesteld; een tweede persoon bevestigt haar met `retention confirm --list {}`.",
                list.id, list.id
            );
            print_line(json!({ "list": list.id, "complaints": list.items.iter().map(|item| item.reference.clone()).collect::<Vec<_>>() }))
        }
        Command::Retention { action: RetentionAction::Erase { complaint, reason } } => {
            let (mut app, actor) = open_as(&cli)?;
            let list = app.propose_erasure(&actor, complaint.trim(), reason).map_err(describe)?;
            eprintln!(
                "Wissen op verzoek voorgesteld als lijst {}; een tweede persoon bevestigt haar met `retention confirm --list {}`.",
                list.id, list.id
            );
            print_line(json!({ "list": list.id, "complaints": [complaint.trim()] }))
        }
        Command::Retention { action: RetentionAction::Lists } => {
            let (mut app, actor) = open_as(&cli)?;
            let lists: Vec<serde_json::Value> = app
                .destruction_lists(&actor)
                .map_err(describe)?
                .into_iter()
                .map(|list| {
                    json!({
                        "list": list.id, "kind": list.kind.code(), "reason": list.reason, "as_of": list.as_of.to_string(), "state": list.state.code(), "proposed_by": list.proposed_by,
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
            let (mut app, actor) = open_as(&cli)?;
            let outcome = app
                .confirm_destruction(&actor, *list, &exclusions, |done, total| eprint!("\r{done} van {total} verwerkt"))
                .map_err(describe)?;
            eprintln!();
            print_line(json!({ "destroyed": outcome.destroyed, "excluded": outcome.excluded, "no_longer_due": outcome.no_longer_due }))
        }
        Command::Retention { action: RetentionAction::List { json: _, as_of } } => {
            let as_of = as_of_date(as_of.as_deref())?;
            let (mut app, actor) = open_as(&cli)?;
            let due: Vec<serde_json::Value> = app
                .retention_due(&actor, as_of)
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
                .map_err(|problems| format!("{} is geen geldig organogram:\n  {}", org.display(), problems.join("\n  ")))?;
            let subject = RoutingSubject { respondents: respondents.clone(), involved: involved.clone(), department: department.clone() };
            let routing = route(&chart, &labels, &subject).map_err(|error| error.to_string())?;
            print_line(json!({"handler": routing.handler, "reason": routing.reason}))
        }
        Command::ImportOrg { file } => {
            let text = read_text(file)?;
            let (mut app, actor) = open_as(&cli)?;
            let summary = app.import_org_chart(&actor, &text).map_err(describe)?;
            print_line(json!({"departments": summary.departments, "officials": summary.officials}))
        }
        Command::ExportOrg => {
            let (mut app, actor) = open_as(&cli)?;
            let chart = app.export_org_chart(&actor).map_err(describe)?;
            print_line(chart)
        }
        Command::VerifyAudit => {
            let (mut app, actor) = open_as(&cli)?;
            let verification = app.verify_audit(&actor).map_err(describe)?;
            match verification.first_broken {
                None => print_line(verification.summary()),
                Some(_) => Err(verification.summary()),
            }
        }
        Command::AcknowledgeAudit => {
            let (mut app, actor) = open_as(&cli)?;
            match app.acknowledge_audit_damage(&actor).map_err(describe)? {
                Some(problem) => print_line(format!("Bevestigd en vastgelegd in het auditlog: {problem} Er kan weer worden opgeslagen.")),
                None => print_line("Het einde van het auditlog is in orde; er was niets te bevestigen."),
            }
        }
        Command::ServerChanges { login, table, limit } => {
            let (mut app, actor) = open_as(&cli)?;
            let filter = ServerChangeFilter { login: login.clone(), table: table.clone(), limit: *limit };
            let changes = app.server_changes(&actor, &filter).map_err(describe)?.ok_or(
                "een werkplek met een eigen database heeft geen server; het auditlog legt daar elke wijziging vast (verify-audit)",
            )?;
            let changes: Vec<_> = changes
                .iter()
                .map(|change| {
                    json!({"sequence": change.sequence, "at": change.at, "login": change.login, "client": change.client,
                           "table": change.table, "operation": change.operation, "row": change.row_key,
                           "complaint": change.complaint, "columns": change.columns})
                })
                .collect();
            print_line(json!(changes))
        }
        Command::Check => {
            let (mut app, actor) = open_as(&cli)?;
            let problems = app.integrity_problems().map_err(describe)?;
            if !problems.is_empty() {
                return Err(format!("het databasebestand is beschadigd (integrity_check):\n  {}", problems.join("\n  ")));
            }
            let verification = app.verify_audit(&actor).map_err(describe)?;
            match verification.first_broken {
                None => print_line(format!("De database is in orde. {}", verification.summary())),
                Some(_) => Err(verification.summary()),
            }
        }
        Command::MigrateToShared => {
            let location = shared_location(&cli)?.ok_or("geef de gedeelde database met --database URL (of KLACHTBALIE_DATABASE_URL)")?;
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
            let location = shared_location(&cli)?.ok_or("geef de gedeelde database met --database URL (of KLACHTBALIE_DATABASE_URL)")?;
            // The re-seal of schema 9 needs this database's key: the desk's own, when it has one.
            // A key file that was given but cannot be read is said, not taken for "no key".
            let key = match key_store(&cli).and_then(|store| store.load(&location.database_id()).map_err(|error| error.to_string())) {
                Ok(key) => key,
                Err(problem) if cli.key_file.is_some() => return Err(problem),
                Err(_) => None,
            };
            match klachtbalie_core::store::migrate_shared_schema(&location, key.as_ref()).map_err(|error| describe(error.into()))? {
                (found, known) if found == known => print_line(format!("Het schema van de gedeelde database is actueel (versie {known}).")),
                (found, known) => print_line(format!("Het schema van de gedeelde database is bijgewerkt van versie {found} naar {known}.")),
            }
        }
        Command::NewRecoveryKey => {
            if shared_location(&cli)?.is_none() {
                return Err(describe(klachtbalie_core::store::StoreError::NoNewRecoveryKeyOnASingleDesk.into()));
            }
            let mut app = open(&cli)?;
            app.issue_new_recovery_key(&system_task()).map_err(describe)?;
            print_line(
                "Er is een nieuwe herstelsleutel gemaakt; de vorige koppelt geen werkplek meer. Een Beheerder ziet de nieuwe na het \
                 aanmelden en bewaart hem. Werkplekken die al gekoppeld zijn werken gewoon door. Kan iemand de vorige hebben \
                 gezien, vervang dan ook de sleutel zelf (rotate-key).",
            )
        }
        Command::RotateKey => {
            let location = shared_location(&cli)?
                .ok_or("de sleutel vervangen kan alleen op de gedeelde database: geef --database URL (of KLACHTBALIE_DATABASE_URL)")?;
            let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
            let store = key_store(&cli)?;
            let report = service::rotate_shared_key(&location, store.as_ref(), Arc::new(SystemClock), &system_task(), &data_dir)
                .map_err(describe)?;
            eprintln!(
                "De sleutel is vervangen: {} versleutelde waarden, {} klachten in de zoekindex, {} auditregels. \
                 Bewaar de nieuwe herstelsleutel hieronder; koppel elke andere werkplek opnieuw met deze herstelsleutel.",
                report.sealed_values, report.complaints_indexed, report.audit_entries
            );
            print_line(report.recovery_key)
        }
        Command::Acknowledgement { complaint, out, force } => {
            let (mut app, actor) = open_as(&cli)?;
            let letter = app.acknowledgement_letter(&actor, complaint).map_err(describe)?;
            write_out(&cli, &app, out, &letter.pdf, *force)?;
            print_line(json!({"reference": letter.reference, "sha256": letter.sha256, "path": out.display().to_string()}))
        }
        Command::Letter { complaint, kind, recipient, out, force, preview } => {
            let codes = || LetterKind::ALL.iter().map(|kind| kind.code()).collect::<Vec<_>>().join(", ");
            let kind = LetterKind::from_code(kind.trim()).ok_or_else(|| format!("onbekende briefsoort '{kind}'; kies uit: {}", codes()))?;
            let recipient = Recipient::from_code(recipient.trim())
                .ok_or_else(|| format!("onbekende ontvanger '{recipient}'; gebruik klager of beklaagde"))?;
            let (mut app, actor) = open_as(&cli)?;
            if *preview {
                let letter = app.preview_letter(&actor, complaint, kind, recipient).map_err(describe)?;
                write_out(&cli, &app, out, &letter.pdf, *force)?;
                return print_line(
                    json!({"kind": kind.code(), "preview": true, "pages": letter.pages, "bytes": letter.pdf.len(), "missing": letter.missing, "path": out.display().to_string()}),
                );
            }
            let stored = app
                .complaint_letters(&actor, complaint)
                .map_err(describe)?
                .into_iter()
                .rev()
                .find(|letter| letter.kind == kind && letter.recipient == recipient);
            let summary = match stored {
                Some(summary) => summary,
                None => match app.finalise_letter(&actor, complaint, kind, recipient, "").map_err(describe)? {
                    Finalised::Final(summary) => summary,
                    Finalised::AwaitingApproval { approver, .. } => {
                        return Err(format!(
                            "de brief wacht op goedkeuring door {approver} (PR-07: vier ogen); er is niets definitiefs geschreven"
                        ))
                    }
                },
            };
            let (summary, pdf) = app.stored_letter(&actor, summary.id).map_err(describe)?;
            write_out(&cli, &app, out, &pdf, *force)?;
            print_line(
                json!({"kind": summary.kind.code(), "recipient": summary.recipient.code(), "version": summary.version, "pages": summary.pages,
                   "bytes": pdf.len(), "sha256": summary.sha256, "path": out.display().to_string()}),
            )
        }
    }
}

/// `access-request`: the AVG-03 requests from the command line.
pub(crate) fn access_request(cli: &Cli, action: &AccessRequestAction) -> Result<(), String> {
    let (mut app, actor) = open_as(cli)?;
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
            let item = app.register_access_request(&actor, &form).map_err(describe)?;
            print_line(item_json(&item))
        }
        AccessRequestAction::List => {
            let items = app.access_requests(&actor, false).map_err(describe)?;
            print_line(serde_json::Value::Array(items.iter().map(item_json).collect()))
        }
        AccessRequestAction::Find { query } => {
            let matches: Vec<serde_json::Value> = app
                .find_person(&actor, query)
                .map_err(describe)?
                .into_iter()
                .map(|m| json!({"reference": m.reference, "complainant": m.complainant_name, "received": m.received_on.to_string(), "matched_on": m.matched_on, "exact": m.exact}))
                .collect();
            print_line(serde_json::Value::Array(matches))
        }
        AccessRequestAction::Extend { number, reason } => {
            let item = app.extend_access_request(&actor, number, reason).map_err(describe)?;
            print_line(item_json(&item))
        }
        AccessRequestAction::Answer { number, references, out, force } => {
            // Written only once the file can be: refused before the request is closed.
            check_out_path(cli, &app, out, *force)?;
            let pdf = app.answer_access_request(&actor, number, references).map_err(describe)?;
            write_out(cli, &app, out, &pdf, true)?;
            print_line(json!({"number": number, "path": out.display().to_string(), "complaints": references.len(), "bytes": pdf.len()}))
        }
    }
}
