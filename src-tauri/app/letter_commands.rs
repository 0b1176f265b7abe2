//! The letter commands (section 6, PR-07): overview, preview, finalise, approval queue,
//! sending, opening and printing stored PDFs, templates and the logo. Each calls core on a
//! blocking thread; the viewer and the printer get a copy in the private viewer folder.

use crate::ipc::*;
use crate::state::{self, AppState};
use crate::viewer::{hand_to_viewer, print_file};
use klachtbalie_core::letters::{LetterKind, Template};
use klachtbalie_core::service::Finalised;
use tauri::State;

type CommandResult<T> = Result<T, CommandError>;

/// A rendered (not stored) letter as the screen shows it.
fn preview_view(rendered: klachtbalie_core::letters::RenderedLetter, (path, opened): (String, bool)) -> LetterPreviewView {
    LetterPreviewView {
        bytes: u32::try_from(rendered.pdf.len()).unwrap_or(u32::MAX),
        pages: u32::try_from(rendered.pages).unwrap_or(u32::MAX),
        text: rendered.text,
        missing: rendered.missing,
        path,
        opened,
    }
}

fn letter_name(letter: &LetterSummaryView) -> String {
    format!("{}-{}-{}-v{}", letter.reference, letter.kind, letter.recipient, letter.version)
}

#[tauri::command]
pub async fn letter_overview(state: State<'_, AppState>, reference: String, live: Option<bool>) -> CommandResult<LetterOverview> {
    state
        .run(move |workspace, context| {
            let (app, actor) = crate::state::signed_in_for(workspace, context, live)?;
            let letters: Vec<LetterSummaryView> = app.complaint_letters(&actor, &reference)?.into_iter().map(Into::into).collect();
            let may_make_letters = app.may_work_on(&actor, &reference)?;
            let drafts = if may_make_letters { app.complaint_drafts(&actor, &reference)? } else { Vec::new() };
            Ok(LetterOverview {
                letters,
                drafts: drafts.into_iter().map(Into::into).collect(),
                kinds: LetterKindOption::all(),
                may_make_letters,
            })
        })
        .await
}

#[tauri::command]
pub async fn preview_letter(state: State<'_, AppState>, request: LetterRequest) -> CommandResult<LetterPreviewView> {
    state
        .run(move |workspace, context| {
            let (kind, recipient) = request.kind_and_recipient()?;
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let rendered = app.preview_letter(&actor, &request.reference, kind, recipient)?;
            let name = format!("voorbeeld-{}-{}-{}", request.reference, kind.code(), recipient.code());
            let shown = hand_to_viewer(context, &name, &rendered.pdf, true)?;
            Ok(preview_view(rendered, shown))
        })
        .await
}

#[tauri::command]
pub async fn finalise_letter(state: State<'_, AppState>, request: LetterRequest) -> CommandResult<FinaliseResult> {
    state
        .run(move |workspace, context| {
            let (kind, recipient) = request.kind_and_recipient()?;
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(match app.finalise_letter(&actor, &request.reference, kind, recipient, &request.correction_reason)? {
                Finalised::Final(letter) => FinaliseResult { letter: Some(letter.into()), awaiting_approval_by: None },
                Finalised::AwaitingApproval { approver, .. } => FinaliseResult { letter: None, awaiting_approval_by: Some(approver) },
            })
        })
        .await
}

/// Opens a stored letter (the bytes as stored; never re-rendered).
#[tauri::command]
pub async fn open_letter(state: State<'_, AppState>, letter_id: i64) -> CommandResult<SavedFile> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let (summary, pdf) = app.stored_letter(&actor, letter_id)?;
            let (path, opened) = hand_to_viewer(context, &letter_name(&summary.into()), &pdf, true)?;
            Ok(SavedFile { path, opened })
        })
        .await
}

/// Prints a stored letter; the batch print calls this per letter and shows the progress.
#[tauri::command]
pub async fn print_letter(state: State<'_, AppState>, letter_id: i64) -> CommandResult<SavedFile> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let (summary, pdf) = app.stored_letter(&actor, letter_id)?;
            let (path, _) = hand_to_viewer(context, &letter_name(&summary.into()), &pdf, false)?;
            print_file(&path)?;
            Ok(SavedFile { path, opened: false })
        })
        .await
}

#[tauri::command]
pub async fn record_sending(state: State<'_, AppState>, request: SendingRequest) -> CommandResult<LetterSummaryView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            crate::state::based_on(app, &request.reference, request.version);
            Ok(app.record_sending(&actor, i64::from(request.letter_id), &request.date, &request.recipient)?.into())
        })
        .await
}

#[tauri::command]
pub async fn todays_letters(state: State<'_, AppState>) -> CommandResult<Vec<LetterSummaryView>> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.letters_finalised_today(&actor)?.into_iter().map(Into::into).collect())
        })
        .await
}

#[tauri::command]
pub async fn approval_queue(state: State<'_, AppState>, live: Option<bool>) -> CommandResult<Vec<LetterDraftView>> {
    state
        .run(move |workspace, context| {
            let (app, actor) = crate::state::signed_in_for(workspace, context, live)?;
            Ok(app.approval_queue(&actor)?.into_iter().map(Into::into).collect())
        })
        .await
}

/// Opens a waiting draft's PDF: exactly the bytes that become final on approval.
#[tauri::command]
pub async fn open_letter_draft(state: State<'_, AppState>, draft_id: i64) -> CommandResult<SavedFile> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let draft = app.letter_draft(&actor, draft_id)?;
            let (path, opened) =
                hand_to_viewer(context, &format!("concept-{}-{}-{}", draft.reference, draft.kind.code(), draft.id), &draft.pdf, true)?;
            Ok(SavedFile { path, opened })
        })
        .await
}

#[tauri::command]
pub async fn approve_letter_draft(state: State<'_, AppState>, draft_id: i64) -> CommandResult<LetterSummaryView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.approve_letter_draft(&actor, draft_id)?.into())
        })
        .await
}

#[tauri::command]
pub async fn return_letter_draft(state: State<'_, AppState>, draft_id: i64, comment: String) -> CommandResult<()> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.return_letter_draft(&actor, draft_id, &comment)?)
        })
        .await
}

fn template_kind(code: &str) -> CommandResult<LetterKind> {
    LetterKind::from_code(code).ok_or_else(|| CommandError::new("validation", "Kies een soort brief."))
}

#[tauri::command]
pub async fn letter_templates(state: State<'_, AppState>) -> CommandResult<Vec<TemplateView>> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.letter_templates(&actor)?.into_iter().map(Into::into).collect())
        })
        .await
}

#[tauri::command]
pub async fn template_history(state: State<'_, AppState>, kind: String) -> CommandResult<Vec<TemplateView>> {
    state
        .run(move |workspace, context| {
            let kind = template_kind(&kind)?;
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.template_history(&actor, kind)?.into_iter().map(Into::into).collect())
        })
        .await
}

/// The live preview of the template editor: the text (and what it lacks) on every change; the
/// PDF is opened in the viewer only when asked.
#[tauri::command]
pub async fn preview_template(state: State<'_, AppState>, request: TemplateRequest, open_pdf: bool) -> CommandResult<LetterPreviewView> {
    state
        .run(move |workspace, context| {
            let kind = template_kind(&request.kind)?;
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let template = Template { subject: request.subject, body: request.body };
            let rendered = app.preview_template(&actor, kind, &template)?;
            let shown = if open_pdf {
                hand_to_viewer(context, &format!("sjabloon-{}", kind.code()), &rendered.pdf, true)?
            } else {
                (String::new(), false)
            };
            Ok(preview_view(rendered, shown))
        })
        .await
}

#[tauri::command]
pub async fn save_template(state: State<'_, AppState>, request: TemplateRequest) -> CommandResult<TemplateSavedView> {
    state
        .run(move |workspace, context| {
            let kind = template_kind(&request.kind)?;
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let saved = app.save_template(&actor, kind, &Template { subject: request.subject, body: request.body })?;
            Ok(TemplateSavedView { version: u32::try_from(saved.version).unwrap_or_default(), missing_in_sample: saved.missing_in_sample })
        })
        .await
}

/// Sets the letterhead logo from PNG bytes, or removes it with an empty list.
#[tauri::command]
pub async fn set_logo(state: State<'_, AppState>, png: Vec<u8>) -> CommandResult<()> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.set_logo(&actor, (!png.is_empty()).then_some(png.as_slice()))?)
        })
        .await
}
