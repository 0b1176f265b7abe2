//! The Tauri commands: each deserialises, calls core on a blocking thread, maps the error.
//! No rule lives here.

use crate::file_dialog::{choose_export, save_export};
use crate::ipc::*;
use crate::state::{self, AppState, Context, Session, Workspace};
use klachtbalie_core::domain::organisation::{DepartmentEntry, OfficialEntry};
use klachtbalie_core::domain::procedure::Step;
use klachtbalie_core::platform;
use klachtbalie_core::service::{self, SetupForm};
use tauri::State;

type CommandResult<T> = Result<T, CommandError>;

/// `live`: the window reloads by itself after another desk changed something, which does
/// not count as the user's activity (SEC-03).
pub(crate) fn signed_in_for<'w>(
    workspace: &'w mut Workspace,
    context: &Context,
    live: Option<bool>,
) -> CommandResult<(&'w mut service::Klachtbalie, service::Actor)> {
    if live.unwrap_or(false) {
        state::signed_in_without_activity(workspace, context.clock.now())
    } else {
        state::signed_in(workspace, context.clock.now())
    }
}

/// Issue 11 ("Optimistic concurrency"): the change the window sends is based on the `version`
/// of the complaint its form was opened from, so a complaint another desk changed since is
/// refused with who and when (kind `conflict`) and nothing is written. Called inside the
/// command's `run` closure right before the use case, so nothing runs in between.
pub(crate) fn based_on(app: &mut service::Klachtbalie, reference: &str, version: Option<u32>) {
    // Without a version the change applies to the complaint as it is, and an expectation an
    // earlier, refused command left unused is cleared.
    app.expect_version(reference, version.map(i64::from));
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    state.run(|workspace, context| state::status(workspace, context)).await
}

#[tauri::command]
pub async fn setup_defaults() -> CommandResult<SetupRequest> {
    Ok(SetupForm::diemen_defaults().into())
}

#[tauri::command]
pub async fn set_up(state: State<'_, AppState>, request: SetupRequest) -> CommandResult<SetupResponse> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::NeedsSetup) {
                return Err(service::ServiceError::AlreadySetUp.into());
            }
            if let Some(desk) = context.shared_desk() {
                return Err(CommandError::new(
                    "already_set_up",
                    format!(
                        "Deze werkplek werkt met de gedeelde database {}. Richt die in, of vraag de beheerder de werkplek \
                         opnieuw te installeren.",
                        desk.connection.database_id()
                    ),
                ));
            }
            let username = request.admin_username.clone();
            let password = request.admin_password.clone();
            let app = service::set_up(&context.data_dir, context.key_store.as_ref(), context.clock.clone(), &request.into())?;
            sign_in_first_account(workspace, context, app, &username, &password, None)
        })
        .await
}

/// After a set-up: the person who just chose the password is signed in, so they can save
/// the recovery key and go straight on.
fn sign_in_first_account(
    workspace: &mut Workspace,
    context: &Context,
    mut app: service::Klachtbalie,
    username: &str,
    password: &str,
    warning: Option<String>,
) -> CommandResult<SetupResponse> {
    let recovery_key = app.pending_recovery_key()?.unwrap_or_default();
    let user = app.login(username, password)?;
    let session = Session { user: Some(user), last_activity: Some(context.clock.now()), locked_username: None };
    *workspace = Workspace::Open { app: Box::new(app), session };
    Ok(SetupResponse { recovery_key, warning })
}

/// The connection fields, checked, with the password as typed; every problem of the form at
/// once (`extra` adds those of the rest of the form).
fn checked_connection(
    request: &SharedConnectionRequest,
    extra: Vec<klachtbalie_core::domain::complaint::FieldError>,
) -> CommandResult<klachtbalie_core::desk::SharedConnection> {
    let mut problems = Vec::new();
    let connection = request.form().parse().map_err(|found| problems.extend(found)).ok();
    if request.password.is_empty() {
        problems.push(klachtbalie_core::domain::complaint::FieldError {
            field: "db_password".into(),
            message: "Vul het wachtwoord van de database in.".into(),
        });
    }
    problems.extend(extra);
    match connection {
        Some(connection) if problems.is_empty() => Ok(connection),
        _ => Err(service::ServiceError::Validation(problems).into()),
    }
}

/// The desks' login as typed in the set-up form: present, and not the owner's login.
fn desk_login_problems(request: &SharedSetupRequest) -> Vec<klachtbalie_core::domain::complaint::FieldError> {
    let problem =
        |field: &str, message: &str| klachtbalie_core::domain::complaint::FieldError { field: field.into(), message: message.into() };
    let mut problems = Vec::new();
    let user = request.desk_user.trim();
    if user.is_empty() {
        problems.push(problem("desk_user", "Vul de login in waarmee de werkplekken werken, meestal klachtbalie_app."));
    } else if user == request.connection.user.trim() {
        problems.push(problem(
            "desk_user",
            "Gebruik voor de werkplekken niet de login van de eigenaar: die mag het schema wijzigen. Meestal is het klachtbalie_app.",
        ));
    }
    if request.desk_password.is_empty() {
        problems.push(problem("desk_password", "Vul het wachtwoord van de login voor de werkplekken in."));
    }
    problems
}

/// Issue 11, "Database inrichten": the first desk sets the municipality's shared database up
/// (its login must own the database) and shows the recovery key, exactly as on a single desk.
#[tauri::command]
pub async fn set_up_shared(state: State<'_, AppState>, request: SharedSetupRequest) -> CommandResult<SetupResponse> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::NeedsSetup) {
                return Err(service::ServiceError::AlreadySetUp.into());
            }
            let form: SetupForm = request.setup.clone().into();
            let mut problems = form.validate().err().unwrap_or_default();
            problems.extend(desk_login_problems(&request));
            let connection = checked_connection(&request.connection, problems)?;
            let location = connection.location(Some(request.connection.password.clone()));
            let desk_connection =
                klachtbalie_core::desk::SharedConnection { user: request.desk_user.trim().to_string(), ..connection.clone() };
            let desk_location = desk_connection.location(Some(request.desk_password.clone()));
            let app = service::set_up_shared(
                &location,
                Some(&desk_location),
                context.key_store.as_ref(),
                context.clock.clone(),
                &form,
                &context.data_dir,
            )
            .map_err(|error| match error {
                service::ServiceError::AlreadySetUp => CommandError {
                    kind: "already_set_up".into(),
                    message: "Deze gedeelde database is al ingericht. Kies 'Werkplek koppelen' en vul de herstelsleutel in.".into(),
                    fields: vec![FieldProblem {
                        field: "shared_action".into(),
                        message: "De database is al ingericht: kies 'Werkplek koppelen'.".into(),
                    }],
                },
                service::ServiceError::Store(klachtbalie_core::store::StoreError::SharedForbidden(detail)) => {
                    let message = format!(
                        "De gebruiker {} mag de database niet inrichten ({detail}). Richt haar in met de login die eigenaar \
                             is van de database, of kies 'Werkplek koppelen' als een andere werkplek haar al heeft ingericht.",
                        connection.user
                    );
                    CommandError {
                        kind: "shared_forbidden".into(),
                        fields: vec![FieldProblem { field: "db_user".into(), message: message.clone() }],
                        message,
                    }
                }
                other => other.into(),
            })?;
            // The desk goes on with the desks' login; the owner's password is not kept.
            let warning = context.remember_shared(&desk_connection, &request.desk_password);
            sign_in_first_account(workspace, context, app, &request.setup.admin_username, &request.setup.admin_password, warning)
        })
        .await
}

/// Issue 11, "Werkplek koppelen": another desk joins the shared database with the recovery
/// key (a wrong key writes nothing). Returns a warning when the desk could not remember the
/// connection.
#[tauri::command]
pub async fn join_shared(state: State<'_, AppState>, request: SharedJoinRequest) -> CommandResult<Option<String>> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::NeedsSetup) {
                return Err(CommandError::new("not_needed", "Deze werkplek is al ingericht."));
            }
            let missing_key = request.recovery_key.trim().is_empty().then(|| klachtbalie_core::domain::complaint::FieldError {
                field: "recovery_key".into(),
                message: "Vul de herstelsleutel in die de eerste werkplek bij het inrichten kreeg.".into(),
            });
            let connection = checked_connection(&request.connection, missing_key.into_iter().collect())?;
            let location = connection.location(Some(request.connection.password.clone()));
            let app = service::join_shared(
                &location,
                context.key_store.as_ref(),
                context.clock.clone(),
                &request.recovery_key,
                &context.data_dir,
            )?;
            let warning = context.remember_shared(&connection, &request.connection.password);
            *workspace = Workspace::Open { app: Box::new(app), session: Session::default() };
            Ok(warning)
        })
        .await
}

/// "Opnieuw proberen" after the shared database did not answer at start.
#[tauri::command]
pub async fn retry_start(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    state
        .run(|workspace, context| {
            if !matches!(workspace, Workspace::Open { .. }) {
                *workspace = state::open_workspace(context);
            }
            state::status(workspace, context)
        })
        .await
}

/// Other connection details (a new password, a moved server or CA certificate) for a desk
/// whose shared database refused it at start; remembered only once they work.
#[tauri::command]
pub async fn change_connection(state: State<'_, AppState>, request: SharedConnectionRequest) -> CommandResult<AppStatus> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::SharedUnreachable { .. }) {
                return Err(CommandError::new("not_needed", "De verbinding met de database werkt al."));
            }
            let connection = checked_connection(&request, Vec::new())?;
            let location = connection.location(Some(request.password.clone()));
            let startup = service::start_shared(&location, context.key_store.as_ref(), context.clock.clone(), &context.data_dir)?;
            let warning = context.remember_shared(&connection, &request.password);
            *workspace = state::shared_workspace(Ok(startup), &connection);
            let mut status = state::status(workspace, context)?;
            if warning.is_some() {
                status.reason = warning;
            }
            Ok(status)
        })
        .await
}

#[tauri::command]
pub async fn unlock_with_recovery_key(state: State<'_, AppState>, recovery_key: String) -> CommandResult<Option<String>> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::NeedsRecoveryKey { .. }) {
                return Err(CommandError::new("not_needed", "De database is al geopend."));
            }
            let (app, warning) = match context.shared_desk() {
                // A desk on the shared database without its key (not joined yet, or a wiped
                // keyring): "Werkplek koppelen" with the recovery key.
                Some(desk) => (
                    service::join_shared(
                        &desk.location,
                        context.key_store.as_ref(),
                        context.clock.clone(),
                        &recovery_key,
                        &context.data_dir,
                    )?,
                    None,
                ),
                None => {
                    service::unlock_with_recovery_key(&context.data_dir, context.key_store.as_ref(), context.clock.clone(), &recovery_key)?
                }
            };
            *workspace = Workspace::Open { app: Box::new(app), session: Session::default() };
            Ok(warning)
        })
        .await
}

#[tauri::command]
pub async fn log_in(state: State<'_, AppState>, username: String, password: String) -> CommandResult<AppStatus> {
    state
        .run(move |workspace, context| {
            let Workspace::Open { app, session } = workspace else {
                return Err(CommandError::new("not_open", "De database is nog niet geopend."));
            };
            let user = app.login(&username, &password)?;
            session.user = Some(user);
            session.last_activity = Some(context.clock.now());
            session.locked_username = None;
            state::status(workspace, context)
        })
        .await
}

#[tauri::command]
pub async fn log_out(state: State<'_, AppState>) -> CommandResult<()> {
    state
        .run(|workspace, context| {
            if let Workspace::Open { session, .. } = workspace {
                *session = Session::default();
            }
            // Copies of letters handed to the viewer hold personal data: gone with the user.
            platform::private_folder::empty(&context.viewer_dir);
            Ok(())
        })
        .await
}

/// Keeps the session alive while the user types (the window calls this at most once a
/// minute); returns the `locked` error once the inactivity limit has passed.
#[tauri::command]
pub async fn record_activity(state: State<'_, AppState>) -> CommandResult<()> {
    state.run(|workspace, context| state::signed_in(workspace, context.clock.now()).map(|_| ())).await
}

#[tauri::command]
pub async fn save_recovery_key_pdf<R: tauri::Runtime>(handle: tauri::AppHandle<R>, state: State<'_, AppState>) -> CommandResult<SavedFile> {
    let today = state.context.clock.now().date();
    let target = choose_export(&handle, &state.context, &format!("Klachtbalie-herstelsleutel-{today}"), "pdf", "PDF-document").await?;
    state
        .run(move |workspace, context| {
            let (app, _) = state::signed_in(workspace, context.clock.now())?;
            let pdf = app.recovery_key_sheet()?;
            save_export(context, &target, &pdf)?;
            let opened = context.open_viewer && platform::shell::open_in_viewer(&target.path).is_ok();
            Ok(SavedFile { path: target.path.display().to_string(), opened })
        })
        .await
}

#[tauri::command]
pub async fn confirm_recovery_key_saved(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let is_admin = matches!(&actor, service::Actor::User(user) if user.roles.contains(&klachtbalie_core::roles::Role::Beheerder));
            if !is_admin {
                return Err(CommandError::new("forbidden", "Alleen de beheerder bevestigt de herstelsleutel."));
            }
            app.confirm_recovery_key_saved()?;
            state::status(workspace, context)
        })
        .await
}

#[tauri::command]
pub async fn list_organisation(state: State<'_, AppState>) -> CommandResult<OrganisationView> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let (chart, labels) = app.organisation(&actor)?;
            Ok(OrganisationView::new(&chart, &labels))
        })
        .await
}

#[tauri::command]
pub async fn import_org_chart(state: State<'_, AppState>, json: String) -> CommandResult<ImportResult> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let summary = app.import_org_chart(&actor, &json)?;
            Ok(ImportResult {
                departments: u32::try_from(summary.departments).unwrap_or(u32::MAX),
                officials: u32::try_from(summary.officials).unwrap_or(u32::MAX),
            })
        })
        .await
}

/// Issue 12: complaints of earlier years from the previous system (Beheerder), all or none.
#[tauri::command]
pub async fn import_complaints(state: State<'_, AppState>, json: String) -> CommandResult<ComplaintImportResult> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let references = app.import_complaints(&actor, &json)?;
            Ok(ComplaintImportResult {
                imported: u32::try_from(references.len()).unwrap_or(u32::MAX),
                first: references.first().cloned(),
                last: references.last().cloned(),
            })
        })
        .await
}

/// AVG-06 (art. 19): records to whom the complaint's data went; returns the file anew.
#[tauri::command]
pub async fn record_recipient(state: State<'_, AppState>, request: RecipientRequest) -> CommandResult<ComplaintDetailView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            based_on(app, &request.reference, request.version);
            let form = klachtbalie_core::domain::recipient::RecipientForm {
                kind: request.kind.clone(),
                recipient: request.recipient.clone(),
                what: request.what.clone(),
                sent_on: request.sent_on.clone(),
            };
            app.record_recipient(&actor, &request.reference, &form)?;
            Ok(app.complaint_detail(&actor, &request.reference)?.into())
        })
        .await
}

/// AVG-04 (art. 16): corrects the complainant's contact data; returns the file anew.
#[tauri::command]
pub async fn correct_contact_data(state: State<'_, AppState>, request: ContactCorrectionRequest) -> CommandResult<ComplaintDetailView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            based_on(app, &request.reference, request.version);
            app.correct_contact_data(&actor, &request.reference, &(&request).into())?;
            Ok(app.complaint_detail(&actor, &request.reference)?.into())
        })
        .await
}

/// AVG-02: the coördinator's marks for a complaint's retention class; returns the file anew.
#[tauri::command]
pub async fn set_retention_marks(
    state: State<'_, AppState>,
    reference: String,
    marks: RetentionMarksView,
) -> CommandResult<ComplaintDetailView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            app.set_retention_marks(&actor, &reference, marks.into())?;
            Ok(ComplaintDetailView::from(app.complaint_detail(&actor, &reference)?))
        })
        .await
}

/// Writes the chart in the import format to the Downloads folder.
#[tauri::command]
pub async fn export_org_chart<R: tauri::Runtime>(handle: tauri::AppHandle<R>, state: State<'_, AppState>) -> CommandResult<SavedFile> {
    let today = state.context.clock.now().date();
    let target = choose_export(&handle, &state.context, &format!("Klachtbalie-organogram-{today}"), "json", "JSON-bestand").await?;
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let json = app.export_org_chart(&actor)?;
            save_export(context, &target, json.as_bytes())?;
            Ok(SavedFile { path: target.path.display().to_string(), opened: false })
        })
        .await
}

#[tauri::command]
pub async fn save_org_department(state: State<'_, AppState>, request: DepartmentSaveRequest) -> CommandResult<OrganisationView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let entry = DepartmentEntry { id: request.id, name: request.name, manager: Some(request.manager_id) };
            app.save_department(&actor, entry)?;
            let (chart, labels) = app.organisation(&actor)?;
            Ok(OrganisationView::new(&chart, &labels))
        })
        .await
}

#[tauri::command]
pub async fn save_official(state: State<'_, AppState>, request: OfficialSaveRequest) -> CommandResult<OrganisationView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let entry = OfficialEntry {
                id: request.id,
                name: request.name,
                function: request.function,
                department: Some(request.department_id),
                deputy: Some(request.deputy_id),
                absent: request.absent,
                loco_burgemeester: request.loco_burgemeester,
            };
            app.save_official(&actor, entry)?;
            let (chart, labels) = app.organisation(&actor)?;
            Ok(OrganisationView::new(&chart, &labels))
        })
        .await
}

#[tauri::command]
pub async fn register_complaint(state: State<'_, AppState>, request: ComplaintRequest) -> CommandResult<RegisteredView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.register_complaint(&actor, &request.into())?.into())
        })
        .await
}

/// INT-04: the possible duplicates of the complaint as typed so far (the intake form asks
/// while the KCC types; empty until enough is typed).
#[tauri::command]
pub async fn possible_duplicates(state: State<'_, AppState>, request: ComplaintRequest) -> CommandResult<Vec<PossibleDuplicateView>> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.possible_duplicates(&actor, &request.into())?.into_iter().map(PossibleDuplicateView::from).collect())
        })
        .await
}

/// One page of the worklist (`page` from 0; a page past the end gives no rows and the total).
#[tauri::command]
pub async fn worklist(
    state: State<'_, AppState>,
    scope: WorklistScopeRequest,
    filter: Option<WorklistFilterRequest>,
    page: Option<u32>,
    live: Option<bool>,
) -> CommandResult<WorklistPageView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = signed_in_for(workspace, context, live)?;
            let filter = filter.unwrap_or_default().into();
            Ok(app.worklist_page(&actor, scope.into(), &filter, i64::from(page.unwrap_or(0)), WORKLIST_PAGE_SIZE)?.into())
        })
        .await
}

#[tauri::command]
pub async fn procedure_options() -> CommandResult<ProcedureOptions> {
    Ok(crate::ipc::procedure_options())
}

/// Every procedure step but the decision draft: the step's code picks the use case.
#[tauri::command]
pub async fn procedure_step(state: State<'_, AppState>, request: StepRequest) -> CommandResult<ComplaintDetailView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let step: Step = serde_json::from_value(serde_json::Value::String(request.step.clone()))
                .map_err(|_| CommandError::new("invalid", format!("Onbekende stap '{}'.", request.step)))?;
            let (reference, form) = (request.reference.as_str(), request.form());
            based_on(app, reference, request.version);
            match step {
                Step::LogContact => app.log_contact(&actor, reference, &form),
                Step::ResolveInformally => app.resolve_informally(&actor, reference, &form.text),
                Step::ContinueFormally => app.continue_formally(&actor, reference, &form.text),
                Step::SendCopyToRespondent => app.record_copy_to_respondent(&actor, reference, &form.date),
                Step::PlanHearing => app.plan_hearing(&actor, reference, &form),
                Step::ReportHearing => app.report_hearing(&actor, reference, &form.text),
                Step::SkipHearing => app.skip_hearing(&actor, reference, &form.choice),
                Step::Postpone => app.postpone(&actor, reference, &form.weeks),
                Step::RecordFurtherDelay => app.record_further_delay(&actor, reference, &form),
                Step::ReferToAdvisoryCommittee => app.refer_to_advisory_committee(&actor, reference),
                Step::ApproveDecision => app.approve_decision(&actor, reference),
                Step::ReturnDecision => app.return_decision(&actor, reference, &form.text),
                Step::Withdraw => app.withdraw(&actor, reference, &form.text),
                Step::NotHandle => app.not_handle(&actor, reference, &form.choice),
                Step::Forward => app.forward(&actor, reference, &form.choice),
                Step::Reopen => app.reopen(&actor, reference, &form.text),
                Step::DraftDecision => {
                    return Err(CommandError::new("invalid", "Een conceptbeslissing gaat via het beslissingsformulier."))
                }
                Step::SendDecision => return Err(CommandError::new("invalid", "Leg bij de beslissingsbrief vast dat hij is verzonden.")),
            }?;
            Ok(app.complaint_detail(&actor, reference)?.into())
        })
        .await
}

#[tauri::command]
pub async fn draft_decision(state: State<'_, AppState>, request: DecisionRequest) -> CommandResult<ComplaintDetailView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let form = service::DecisionForm {
                findings: request.findings,
                judgement: request.judgement,
                conclusions: request.conclusions,
                reasons: request.reasons,
            };
            based_on(app, &request.reference, request.version);
            app.draft_decision(&actor, &request.reference, &form)?;
            Ok(app.complaint_detail(&actor, &request.reference)?.into())
        })
        .await
}

#[tauri::command]
pub async fn complaint_detail(state: State<'_, AppState>, reference: String, live: Option<bool>) -> CommandResult<ComplaintDetailView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = signed_in_for(workspace, context, live)?;
            Ok(app.complaint_detail(&actor, &reference)?.into())
        })
        .await
}

#[tauri::command]
pub async fn complaint_notes(state: State<'_, AppState>, reference: String) -> CommandResult<Vec<NoteView>> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.notes(&actor, &reference)?.into_iter().map(note_view).collect())
        })
        .await
}

#[tauri::command]
pub async fn add_note(state: State<'_, AppState>, reference: String, text: String) -> CommandResult<ComplaintDetailView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            app.add_note(&actor, &reference, &text)?;
            Ok(app.complaint_detail(&actor, &reference)?.into())
        })
        .await
}

#[tauri::command]
pub async fn reassign_complaint(state: State<'_, AppState>, request: ReassignRequest) -> CommandResult<ComplaintDetailView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            based_on(app, &request.reference, request.version);
            app.reassign(&actor, &request.reference, &request.handler_id, &request.reason)?;
            Ok(app.complaint_detail(&actor, &request.reference)?.into())
        })
        .await
}

#[tauri::command]
pub async fn complaint_audit(state: State<'_, AppState>, reference: String) -> CommandResult<Vec<AuditEntryView>> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.complaint_audit(&actor, &reference)?.into_iter().map(AuditEntryView::from).collect())
        })
        .await
}

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> CommandResult<Vec<UserAccountView>> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.users(&actor)?.into_iter().map(UserAccountView::from).collect())
        })
        .await
}

#[tauri::command]
pub async fn role_options() -> CommandResult<Vec<RoleOption>> {
    Ok(crate::ipc::role_options())
}

/// Creates an account (no id) or changes one.
#[tauri::command]
pub async fn save_user(state: State<'_, AppState>, request: UserSaveRequest) -> CommandResult<UserAccountView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let id = request.id;
            let form = request.into();
            let saved = match id {
                None => app.create_user(&actor, &form)?,
                Some(id) => app.update_user(&actor, i64::from(id), &form)?,
            };
            Ok(saved.into())
        })
        .await
}

#[tauri::command]
pub async fn reset_user_password(state: State<'_, AppState>, id: u32, password: String) -> CommandResult<UserAccountView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.reset_password(&actor, i64::from(id), &password)?.into())
        })
        .await
}

/// The user's own password change; the one command allowed while a change is required.
#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, request: PasswordChangeRequest) -> CommandResult<AppStatus> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let service::Actor::User(user) = actor else {
                return Err(CommandError::new("not_logged_in", "U bent niet ingelogd."));
            };
            let updated = app.change_password(&user, &request.current_password, &request.new_password, &request.new_password_repeat)?;
            if let Workspace::Open { session, .. } = workspace {
                session.user = Some(updated);
            }
            state::status(workspace, context)
        })
        .await
}

#[tauri::command]
pub async fn audit_log(state: State<'_, AppState>, filter: AuditFilterRequest) -> CommandResult<AuditLogView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let (entries, verification) = app.audit_log(&actor, &filter.parse()?)?;
            Ok(AuditLogView {
                intact: verification.first_broken.is_none(),
                summary: verification.summary(),
                entries: entries.into_iter().rev().map(AuditEntryView::from).collect(),
            })
        })
        .await
}

/// SEC-02: the Beheerder acknowledges a damaged end of the audit log, so writing can go on.
/// Returns what was acknowledged, for the screen.
#[tauri::command]
pub async fn acknowledge_audit_damage(state: State<'_, AppState>) -> CommandResult<String> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(match app.acknowledge_audit_damage(&actor)? {
                Some(problem) => format!("Bevestigd en vastgelegd in het auditlog: {problem} Er kan weer worden opgeslagen."),
                None => "Het einde van het auditlog is in orde; er was niets te bevestigen.".into(),
            })
        })
        .await
}

/// Writes the filtered audit log as CSV to the Downloads folder.
#[tauri::command]
pub async fn export_audit_csv<R: tauri::Runtime>(
    handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    filter: AuditFilterRequest,
) -> CommandResult<SavedFile> {
    let today = state.context.clock.now().date();
    let target = choose_export(&handle, &state.context, &format!("Klachtbalie-auditlog-{today}"), "csv", "CSV-bestand").await?;
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let csv = app.audit_csv(&actor, &filter.parse()?)?;
            save_export(context, &target, csv.as_bytes())?;
            Ok(SavedFile { path: target.path.display().to_string(), opened: false })
        })
        .await
}

/// Makes (once) and opens the acknowledgement letter. The stored PDF stays encrypted in the
/// database; the viewer gets a copy in a private temporary folder that is removed on exit.
#[tauri::command]
pub async fn open_acknowledgement(state: State<'_, AppState>, reference: String) -> CommandResult<LetterView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let letter = app.acknowledgement_letter(&actor, &reference)?;
            let name = format!("{}-{}", letter.reference, letter.kind.code());
            let (path, opened) = crate::letter_commands::hand_to_viewer(context, &name, &letter.pdf, true)?;
            Ok(LetterView { reference: letter.reference, path, sha256: letter.sha256, opened, newly_created: letter.newly_created })
        })
        .await
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> CommandResult<SettingsData> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let mut settings: SettingsData = app.settings_for(&actor)?.into();
            settings.has_logo = app.has_logo()?;
            Ok(settings)
        })
        .await
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, request: SettingsData) -> CommandResult<SettingsData> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let mut settings: SettingsData = app.update_settings(&actor, &request.into())?.into();
            settings.has_logo = app.has_logo()?;
            Ok(settings)
        })
        .await
}

/// DL-09: what is due soon or overdue for the signed-in user (the summary after log-in).
#[tauri::command]
pub async fn due_reminders(state: State<'_, AppState>, live: Option<bool>) -> CommandResult<Vec<ReminderView>> {
    state
        .run(move |workspace, context| {
            let (app, actor) = signed_in_for(workspace, context, live)?;
            Ok(app.reminders(&actor)?.into_iter().map(ReminderView::from).collect())
        })
        .await
}

/// DL-09: the user's deadlines as an iCalendar file in the Downloads folder, for Outlook.
#[tauri::command]
pub async fn export_deadlines_ics<R: tauri::Runtime>(handle: tauri::AppHandle<R>, state: State<'_, AppState>) -> CommandResult<SavedFile> {
    let today = state.context.clock.now().date();
    let target = choose_export(&handle, &state.context, &format!("Klachtbalie-termijnen-{today}"), "ics", "Agendabestand").await?;
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let calendar = app.deadlines_calendar(&actor)?;
            save_export(context, &target, calendar.as_bytes())?;
            Ok(SavedFile { path: target.path.display().to_string(), opened: false })
        })
        .await
}
