//! The commands of a complaint: intake, duplicates, the worklist, its file, procedure steps and
//! the decision, notes, reassignment, recipients and corrections (AVG), retention marks, the
//! acknowledgement, reminders and the deadline calendar. No rule lives here.

use crate::file_dialog::{choose_export, save_export};
use crate::ipc::*;
use crate::state::{self, based_on, signed_in_for, AppState};
use klachtbalie_core::domain::procedure::Step;
use klachtbalie_core::service::{self};
use tauri::State;

type CommandResult<T> = Result<T, CommandError>;

/// Complaints of earlier years from the previous system (Beheerder), all or none.
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

/// Issue 28: every complaint the user may see, open, closed or destroyed, by reference, name,
/// address or text; `page` from 0.
#[tauri::command]
pub async fn find_complaints(state: State<'_, AppState>, text: String, page: Option<u32>) -> CommandResult<FoundComplaintsView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = signed_in_for(workspace, context, None)?;
            Ok(app.find_complaints(&actor, &text, i64::from(page.unwrap_or(0)), WORKLIST_PAGE_SIZE)?.into())
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

/// Makes (once) and opens the acknowledgement letter. The stored PDF stays encrypted in the
/// database; the viewer gets a copy in a private temporary folder that is removed on exit.
#[tauri::command]
pub async fn open_acknowledgement(state: State<'_, AppState>, reference: String) -> CommandResult<LetterView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let letter = app.acknowledgement_letter(&actor, &reference)?;
            let name = format!("{}-{}", letter.reference, letter.kind.code());
            let (path, opened) = crate::viewer::hand_to_viewer(context, &name, &letter.pdf, true)?;
            Ok(LetterView { reference: letter.reference, path, sha256: letter.sha256, opened, newly_created: letter.newly_created })
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
