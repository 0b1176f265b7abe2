// Generated from src-tauri/app/ipc/ by the `typescript_bindings_are_current` test.
// Do not edit: run `UPDATE_TS_BINDINGS=1 cargo test --lib typescript_bindings` instead.

export type Phase = "setup" | "recovery" | "login" | "ready" | "unavailable" | "unreachable";

export type AppStatus = { phase: Phase, 
/**
 * Why the recovery key is needed (phase `recovery`) or why the database cannot be
 * opened (phase `unavailable`), in Dutch.
 */
reason: string | null, municipality_name: string | null, user: UserView | null, 
/**
 * The user name of a locked session, so the lock screen can offer to resume it.
 */
locked_username: string | null, lock_minutes: number, 
/**
 * The municipality's shared database this desk works on (or is setting up), without the
 * password; `null` on a single desk.
 */
shared: SharedConnectionView | null, };

export type SharedConnectionView = { host: string, port: string, database: string, user: string, ca_file: string, 
/**
 * Every person logs in with their own login: the log-in screen asks for it, and
 * Klachtbalie keeps no password (a password is changed at the server or directory).
 */
personal_logins: boolean, };

export type SharedConnectionRequest = { host: string, port: string, database: string, user: string, password: string, 
/**
 * Path of the municipality's CA certificate (PEM).
 */
ca_file: string, };

export type SharedSetupRequest = { connection: SharedConnectionRequest, desk_user: string, desk_password: string, setup: SetupRequest, 
/**
 * SEC-07: the first account is the person's own database login (its password is the
 * server's); no desks' login is asked for or kept, and everyone signs in with their own.
 */
personal_logins: boolean, };

export type SharedJoinRequest = { connection: SharedConnectionRequest, recovery_key: string, 
/**
 * The connection's login and password are the person's own (SEC-07): the desk keeps
 * neither, and afterwards everyone signs in with their own login.
 */
personal_logins: boolean, };

export type LiveChange = { complaint_ids: Array<number>, refresh_all: boolean, };

export type Abilities = { worklist: boolean, dashboard: boolean, intake: boolean, annual_report: boolean, access_requests: boolean, destruction: boolean, organisation: boolean, users: boolean, audit_log: boolean, settings: boolean, backup: boolean, 
/**
 * Every complaint, not only the user's own (KCC and coördinator; AVG-05).
 */
all_complaints: boolean, 
/**
 * Works on complaints: deadlines, reminders, the calendar file, batch printing.
 */
work_on_complaints: boolean, approve_decisions: boolean, print_acknowledgements: boolean, complaint_audit: boolean, };

export type UserView = { username: string, display_name: string, job_title: string, roles: Array<string>, role_labels: Array<string>, 
/**
 * Set while the first account has not yet confirmed that the recovery key was saved.
 */
pending_recovery_key: string | null, 
/**
 * The official of the organisation chart this account acts as (handlers).
 */
official_id: string | null, 
/**
 * The Beheerder set the password: the user must choose their own before anything else.
 */
must_change_password: boolean, 
/**
 * Which screens and buttons the window offers.
 */
may: Abilities, };

export type SetupRequest = { municipality_name: string, postal_address: string, visiting_address: string, phone: string, website: string, admin_username: string, admin_display_name: string, admin_job_title: string, admin_password: string, admin_password_repeat: string, };

export type SettingsData = { municipality_name: string, postal_address: string, visiting_address: string, phone: string, website: string, 
/**
 * Minutes without input before the app locks (SEC-03).
 */
lock_minutes: string, 
/**
 * Internal norms in working days (DL-08, DL-09).
 */
acknowledgement_days: string, first_contact_days: string, due_soon_days: string, 
/**
 * Extra holidays by royal decree, one dd-mm-jjjj date per line (DL-04).
 */
extra_holidays: string, 
/**
 * What this municipality calls each function (RT-01), shown in the UI and letters.
 */
label_medewerker: string, label_afdelingsmanager: string, label_gemeentesecretaris: string, label_wethouder: string, label_burgemeester: string, 
/**
 * Closing lines above the signer of every letter, one per line.
 */
signature_lines: string, 
/**
 * Whether a logo is set (it is uploaded separately).
 */
has_logo: boolean, };

export type SetupResponse = { recovery_key: string, 
/**
 * Set when the set-up worked but something around it did not (the desk could not
 * remember the shared database's connection); the window shows it.
 */
warning: string | null, };

export type SavedFile = { path: string, 
/**
 * False when no PDF viewer could be started; the UI then shows the path.
 */
opened: boolean, };

export type FunctionOption = { code: string, label: string, };

export type OrgDepartmentView = { id: string, name: string, manager_id: string, manager_name: string, };

export type OfficialView = { id: string, name: string, function: string, function_label: string, 
/**
 * "afdelingsmanager van Burgerzaken": the position as it reads in reasons and letters.
 */
position: string, department_id: string | null, deputy_id: string | null, deputy_name: string | null, absent: boolean, loco_burgemeester: boolean, };

export type OrganisationView = { departments: Array<OrgDepartmentView>, officials: Array<OfficialView>, functions: Array<FunctionOption>, };

export type DepartmentSaveRequest = { id: string, name: string, manager_id: string, };

export type OfficialSaveRequest = { id: string, name: string, function: string, department_id: string, deputy_id: string, absent: boolean, loco_burgemeester: boolean, };

export type ImportResult = { departments: number, officials: number, };

export type ComplaintImportResult = { imported: number, 
/**
 * The first and last reference given (by year of receipt).
 */
first: string | null, last: string | null, };

export type OpenPurpose = "org_chart" | "complaints" | "logo";

export type ChosenFile = { name: string, text: string | null, bytes: Array<number> | null, };

export type ComplaintRequest = { received_on: string, channel: string, complainant_name: string, street_address: string, postcode: string, city: string, phone: string, email: string, representative: string, complaint_type: string, department_id: string, respondent_ids: Array<string>, conduct_date: string, description: string, desired_outcome: string, };

export type DeadlineView = { label: string, 
/**
 * ISO date, for sorting and tests.
 */
date: string, 
/**
 * Written out in Dutch, e.g. "maandag 4 januari 2027".
 */
date_text: string, };

export type RegisteredView = { reference: string, handler_name: string, handler_reason: string, needs_acknowledgement: boolean, deadlines: Array<DeadlineView>, };

export type Light = "on_track" | "due_soon" | "overdue";

export type WorklistRow = { reference: string, complainant_name: string, subject: string, department_name: string, handler_name: string, status: string, status_code: string, received_on: string, decision_due: string, decision_due_text: string, 
/**
 * ISO date of the next running deadline; empty when only an undated task is open.
 */
next_deadline: string, next_deadline_text: string, next_deadline_label: string, light: Light, light_label: string, needs_acknowledgement: boolean, open_tasks: number, };

export type WorklistPageView = { rows: Array<WorklistRow>, 
/**
 * How many complaints match the filter on all pages together.
 */
total: number, 
/**
 * Counted from 0.
 */
page: number, page_size: number, 
/**
 * What a search left out (the shared store stops a very common word after the newest
 * matches), to show above the list; empty when it looked at everything.
 */
search_note: string, };

export type FoundComplaintRow = { reference: string, complainant_name: string, subject: string, received_on: string, status: string, handler_name: string, destroyed: boolean, };

export type FoundComplaintsView = { rows: Array<FoundComplaintRow>, total: number, page_size: number, 
/**
 * What a search left out (a very common word), empty when it saw every match.
 */
search_note: string, };

export type ReportRowView = { label: string, values: Array<number | null>, texts: Array<string>, };

export type ReportSectionView = { id: string, title: string, chart: boolean, rows: Array<ReportRowView>, };

export type ReportTextsView = { introduction: string, lessons_learned: string, measures: string, follow_up: string, };

export type ReportView = { year: number, 
/**
 * The columns, oldest first; the last is `year`.
 */
years: Array<number>, sections: Array<ReportSectionView>, texts: ReportTextsView, 
/**
 * "Opgeslagen op 1 december 2026 om 09:14 door coord" (`None`: never saved).
 */
texts_saved: string | null, };

export type StatusCountView = { 
/**
 * The status code, as the worklist's status filter takes it.
 */
code: string, label: string, count: number, };

export type WorkloadView = { 
/**
 * The handler's or department's id, as the worklist's filter takes it ("" for the total
 * or "zonder afdeling").
 */
id: string, name: string, open: number, due_soon: number, overdue: number, };

export type DashboardView = { 
/**
 * "1 december 2026".
 */
today: string, 
/**
 * Only the user's own complaints (a handler).
 */
own_only: boolean, by_status: Array<StatusCountView>, closed_with_open_task: number, total: WorkloadView, handlers: Array<WorkloadView>, departments: Array<WorkloadView>, 
/**
 * "december 2026" and "november 2026".
 */
this_month: string, last_month: string, received_this_month: number, received_last_month: number, year: number, within_term: number, decided: number, 
/**
 * Percent with one decimal; `None` before the first formal decision of the year.
 */
within_term_percent: number | null, 
/**
 * "t/m 8 december 2026": the last day counted as due soon.
 */
due_soon_until: string, };

export type BackupStatusView = { 
/**
 * This desk works on the shared database: backups are the database administrator's.
 */
shared: boolean, 
/**
 * "23 november 2026 om 09:14", or `None`: never.
 */
last: string | null, reminder_days: number, 
/**
 * The reminder is due (the last backup is older than `reminder_days`, or there is none).
 */
due: boolean, };

export type LicenceView = { 
/**
 * "Rust", "npm" or "lettertype".
 */
kind: string, name: string, version: string, 
/**
 * The SPDX expression as the package declares it.
 */
licence: string, 
/**
 * Where it is part of the program: "Linux, Windows", "Linux" or "Windows" (the npm
 * packages and the font are in every build).
 */
platforms: string, };

export type AboutView = { version: string, licence: string, 
/**
 * The platforms the list covers, in the words of `LicenceView::platforms`.
 */
platforms: string, licences: Array<LicenceView>, };

export type AccessRequestView = { number: string, requester: string, address: string, identity_check: string, identity_note: string, received_on: string, due_on: string, 
/**
 * The worklist's light of the answer term while open; `None` once answered.
 */
light: Light | null, light_label: string | null, extended_on: string | null, extension_reason: string | null, answered_on: string | null, answered_by: string | null, answer_references: Array<string>, 
/**
 * Why the term cannot be extended today (`None`: it can).
 */
extension_problem: string | null, };

export type AccessRequestFormRequest = { requester: string, address: string, identity_check: string, identity_note: string, received_on: string, };

export type IdentityCheckOption = { code: string, label: string, };

export type AccessRequestsView = { requests: Array<AccessRequestView>, identity_checks: Array<IdentityCheckOption>, };

export type PersonMatchView = { reference: string, complainant_name: string, received_on: string, matched_on: Array<string>, exact: boolean, };

export type DestructionItemView = { reference: string, class: string, closed_on: string, destroy_after: string, excluded_reason: string | null, };

export type DestructionListView = { id: number, as_of: string, proposed_by: string, 
/**
 * "voorgesteld" or "uitgevoerd".
 */
state: string, 
/**
 * Why, when the list erases a complaint at the person's request (AVG art. 17).
 */
request_reason: string | null, confirmed_by: string | null, 
/**
 * This user may confirm it (four eyes: not the one who proposed it).
 */
may_confirm: boolean, items: Array<DestructionItemView>, };

export type ExclusionRequest = { reference: string, reason: string, };

export type DestructionOutcomeView = { destroyed: Array<string>, excluded: Array<string>, no_longer_due: Array<string>, };

export type DestructionProgressView = { done: number, total: number, };

export type RetentionPeriodsView = { handled: number, compensation: number, ombudsman: number, not_handled: number, withdrawn: number, forwarded: number, };

export type BackupMadeView = { path: string, complaints: number, megabytes: number, };

export type LetterView = { reference: string, path: string, sha256: string, opened: boolean, newly_created: boolean, };

export type WorklistScopeRequest = "mine" | "all";

export type WorklistFilterRequest = { status: string, department_id: string, handler_id: string, complaint_type: string, overdue_only: boolean, due_soon_only: boolean, search: string, };

export type Choice = { code: string, label: string, };

export type ProcedureOptions = { statuses: Array<Choice>, channels: Array<Choice>, non_handling_grounds: Array<Choice>, hearing_skip_reasons: Array<Choice>, judgements: Array<Choice>, 
/**
 * The channels of a written complaint (Awb 9:4), and the intake fields it then needs.
 */
written_channels: Array<string>, required_when_written: Array<string>, };

export type StepRequest = { reference: string, step: string, date: string, time: string, choice: string, text: string, weeks: string, 
/**
 * The complaint's `version` the form was opened from: a step on a complaint
 * changed since is refused with kind `conflict`. Null: on the complaint as it is.
 */
version: number | null, };

export type DecisionRequest = { reference: string, findings: string, judgement: string, conclusions: string, reasons: string, 
/**
 * As `StepRequest::version`.
 */
version: number | null, };

export type RunningDeadlineView = { kind: string, label: string, date: string, date_text: string, light: Light, light_label: string, };

export type ContactView = { date: string, channel: string, by: string, summary: string, };

export type HearingView = { when: string, place: string, 
/**
 * Null when there is no report yet, or the user may not read it (KCC).
 */
report: string | null, };

export type DecisionView = { state: string, judgement: string, findings: string, conclusions: string, reasons: string, drafted_by: string, drafted_at: string, decided_by: string | null, comment: string, };

export type ReminderView = { reference: string, text: string, light: Light, };

export type TimelineEntry = { at: string, actor: string, kind: string, detail: string, };

export type NoteView = { at: string, author: string, text: string, };

export type RetentionMarksView = { compensation_paid: boolean, ombudsman: boolean, ombudsman_case_open: boolean, keep_permanently: boolean, };

export type ContactCorrectionRequest = { reference: string, 
/**
 * As `StepRequest::version`.
 */
version: number | null, complainant_name: string, street_address: string, postcode: string, city: string, phone: string, email: string, representative: string, };

export type RecipientView = { kind: string, recipient: string, what: string, sent_on: string, };

export type RecipientRequest = { reference: string, 
/**
 * As `StepRequest::version`.
 */
version: number | null, kind: string, recipient: string, what: string, sent_on: string, };

export type PossibleDuplicateView = { reference: string, received_on: string, complainant_name: string, subject: string, status: string, 
/**
 * What it has in common with what was typed: "naam", "telefoon", "e-mail", "postcode en huisnummer".
 */
shared: Array<string>, };

export type ComplaintDetailView = { 
/**
 * The complaint's number in the database: live updates name complaints by it.
 */
id: number, reference: string, 
/**
 * Raised by every step and reassignment; the forms send it back, so a change based on
 * what another desk has changed since is refused.
 */
version: number, status: string, received_on: string, channel: string, complainant_name: string, address: string, phone: string, email: string, representative: string, complaint_type: string, department_name: string, respondent_names: string, respondent_ids: Array<string>, conduct_date: string, description: string, desired_outcome: string, handler_id: string, handler_name: string, handler_function: string, handler_reason: string, acknowledged: boolean, status_code: string, 
/**
 * What changed the decision term (advisory committee, postponement, agreed delay).
 */
term_notes: Array<string>, 
/**
 * Every deadline still running, earliest first, with its light (DL-10).
 */
running: Array<RunningDeadlineView>, decision_due_text: string, timeline: Array<TimelineEntry>, notes: Array<NoteView> | null, contacts: Array<ContactView> | null, hearings: Array<HearingView>, decisions: Array<DecisionView> | null, open_tasks: Array<string>, 
/**
 * The steps this user can take now.
 */
steps: Array<Choice>, closing_detail: string, may_reassign: boolean, may_add_note: boolean, 
/**
 * AVG-02: "Bewaren tot en met 1 maart 2031 (Selectielijst 13.1, afgehandeld)", or why not.
 */
retention: string | null, 
/**
 * The marks that decide the retention class; `None` when this user may not change them.
 */
retention_marks: RetentionMarksView | null, 
/**
 * The earlier system's reference of an imported complaint.
 */
previous_reference: string | null, 
/**
 * AVG-04: the contact data as stored, for the correction form; `None` when this user may
 * not correct it.
 */
contact: ContactCorrectionRequest | null, 
/**
 * AVG-02: "Vernietigd op … (Selectielijst …; voorgesteld door …, bevestigd door …)".
 */
destroyed: string | null, 
/**
 * AVG-06 (art. 19): to whom the data went; `None` for those who may not see it.
 */
recipients: Array<RecipientView> | null, 
/**
 * The kinds of recipient the form offers.
 */
recipient_kinds: Array<Choice>, };

export type ReassignRequest = { reference: string, handler_id: string, reason: string, 
/**
 * As `StepRequest::version`.
 */
version: number | null, };

export type UserAccountView = { id: number, username: string, display_name: string, job_title: string, roles: Array<string>, role_labels: Array<string>, official_id: string | null, active: boolean, must_change_password: boolean, };

export type RoleOption = { code: string, label: string, };

export type UserSaveRequest = { 
/**
 * Absent for a new account.
 */
id: number | null, username: string, display_name: string, job_title: string, official_id: string, roles: Array<string>, active: boolean, 
/**
 * The first password of a new account (ignored when changing one).
 */
password: string, };

export type PasswordChangeRequest = { current_password: string, new_password: string, new_password_repeat: string, };

export type AuditEntryView = { sequence: number, at: string, actor: string, workstation: string, action: string, object: string, result: string, };

export type AuditLogView = { entries: Array<AuditEntryView>, 
/**
 * Whether the whole chain verified (SEC-02).
 */
intact: boolean, summary: string, };

export type ServerChangeView = { at: string, 
/**
 * The database login that made it.
 */
login: string, client: string, table: string, 
/**
 * "toegevoegd", "gewijzigd", "verwijderd" or "geleegd".
 */
operation: string, row: string, complaint: string, 
/**
 * The columns an update changed, comma-separated.
 */
columns: string, };

export type AuditFilterRequest = { actor: string, from: string, until: string, };

export type LetterKindOption = { kind: string, label: string, 
/**
 * (code, label) of each possible recipient.
 */
recipients: Array<Choice>, needs_four_eyes: boolean, };

export type LetterSummaryView = { id: number, reference: string, kind: string, kind_label: string, version: number, recipient: string, recipient_name: string, sha256: string, bytes: number, pages: number, created_at: string, created_by: string, approved_by: string, correction_reason: string, 
/**
 * "24 november 2026 aan Ria Cliteur" for each recorded sending.
 */
sendings: Array<string>, };

export type LetterDraftView = { id: number, reference: string, kind_label: string, recipient_name: string, drafted_by: string, drafted_at: string, correction_reason: string, pages: number, 
/**
 * The letter's text as it will read, so the handler can read it in the app too.
 */
text: string, };

export type LetterOverview = { letters: Array<LetterSummaryView>, drafts: Array<LetterDraftView>, kinds: Array<LetterKindOption>, 
/**
 * False for the front desk: only the acknowledgement.
 */
may_make_letters: boolean, };

export type LetterRequest = { reference: string, kind: string, recipient: string, 
/**
 * Required for a second version (a correction).
 */
correction_reason: string, };

export type LetterPreviewView = { text: string, missing: Array<string>, pages: number, bytes: number, 
/**
 * The PDF in the private viewer folder, opened in the system viewer when possible.
 */
path: string, opened: boolean, };

export type FinaliseResult = { letter: LetterSummaryView | null, 
/**
 * Set when the letter went to the handler's approval queue instead.
 */
awaiting_approval_by: string | null, };

export type SendingRequest = { letter_id: number, date: string, recipient: string, 
/**
 * The letter's complaint and the `version` of its file the form was opened from: sending
 * the decision is a step (it completes the complaint), refused as a `conflict` when the
 * complaint changed since.
 */
reference: string, version: number | null, };

export type PlaceholderView = { name: string, description: string, };

export type TemplateView = { kind: string, label: string, subject: string, body: string, 
/**
 * 0: the built-in text.
 */
version: number, saved_by: string, saved_at: string, placeholders: Array<PlaceholderView>, };

export type TemplateRequest = { kind: string, subject: string, body: string, };

export type TemplateSavedView = { version: number, 
/**
 * What a letter with this text would lack (it cannot be finalised until fixed).
 */
missing_in_sample: Array<string>, };

export type FieldProblem = { field: string, message: string, };

export type CommandError = { kind: string, message: string, fields: Array<FieldProblem>, };

