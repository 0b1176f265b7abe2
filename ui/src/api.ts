// The only module that calls invoke(): one typed function per Rust command, and the one
// place that listens to the app's own window events.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type {
  FoundComplaintsView,
  AboutView,
  AccessRequestFormRequest,
  AccessRequestView,
  AccessRequestsView,
  PersonMatchView,
  DestructionProgressView,
  ChosenFile,
  OpenPurpose,
  RecipientRequest,
  RetentionPeriodsView,
  DestructionListView,
  DestructionOutcomeView,
  ExclusionRequest,
  ContactCorrectionRequest,
  PossibleDuplicateView,
  RetentionMarksView,
  BackupMadeView,
  BackupStatusView,
  ComplaintImportResult,
  DashboardView,
  ReportTextsView,
  AppStatus,
  AuditEntryView,
  AuditFilterRequest,
  AuditLogView,
  CommandError,
  ComplaintDetailView,
  ComplaintRequest,
  DepartmentSaveRequest,
  ImportResult,
  LetterView,
  NoteView,
  OfficialSaveRequest,
  OrganisationView,
  PasswordChangeRequest,
  ReassignRequest,
  RegisteredView,
  RoleOption,
  SavedFile,
  ServerChangeView,
  SettingsData,
  SetupRequest,
  SetupResponse,
  UserAccountView,
  UserSaveRequest,
  WorklistPageView,
  WorklistScopeRequest,
  WorklistFilterRequest,
  ProcedureOptions,
  StepRequest,
  DecisionRequest,
  ReminderView,
  LetterOverview,
  LetterRequest,
  LetterPreviewView,
  FinaliseResult,
  LetterSummaryView,
  SendingRequest,
  LetterDraftView,
  TemplateView,
  TemplateRequest,
  TemplateSavedView,
  SharedSetupRequest,
  SharedJoinRequest,
  SharedConnectionRequest,
  LiveChange,
  ReportView,
} from "./generated/ipc";

export type { CommandError };

/** Normalises anything thrown by invoke into a CommandError. */
export function asCommandError(error: unknown): CommandError {
  if (typeof error === "object" && error !== null && "kind" in error && "message" in error) {
    const e = error as CommandError;
    return { kind: e.kind, message: e.message, fields: e.fields ?? [] };
  }
  return { kind: "internal", message: `Onverwachte fout: ${String(error)}`, fields: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asCommandError(error);
  }
}

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  /** The version and the bundled licences. */
  about: () => call<AboutView>("about"),
  setupDefaults: () => call<SetupRequest>("setup_defaults"),
  setUp: (request: SetupRequest) => call<SetupResponse>("set_up", { request }),
  setUpShared: (request: SharedSetupRequest) => call<SetupResponse>("set_up_shared", { request }),
  joinShared: (request: SharedJoinRequest) => call<string | null>("join_shared", { request }),
  retryStart: () => call<AppStatus>("retry_start"),
  changeConnection: (request: SharedConnectionRequest) => call<AppStatus>("change_connection", { request }),
  unlockWithRecoveryKey: (recoveryKey: string) => call<string | null>("unlock_with_recovery_key", { recoveryKey }),
  logIn: (username: string, password: string) => call<AppStatus>("log_in", { username, password }),
  logOut: () => call<void>("log_out"),
  recordActivity: () => call<void>("record_activity"),
  saveRecoveryKeyPdf: () => call<SavedFile>("save_recovery_key_pdf"),
  confirmRecoveryKeySaved: () => call<AppStatus>("confirm_recovery_key_saved"),
  listOrganisation: () => call<OrganisationView>("list_organisation"),
  importOrgChart: (json: string) => call<ImportResult>("import_org_chart", { json }),
  /** Complaints of earlier years (all or nothing). */
  importComplaints: (json: string) => call<ComplaintImportResult>("import_complaints", { json }),
  /** SEC-06: the Beheerder's backups of this desk's database. */
  backupStatus: () => call<BackupStatusView>("backup_status"),
  makeBackup: () => call<BackupMadeView>("make_backup"),
  setBackupReminderDays: (days: string) => call<BackupStatusView>("set_backup_reminder_days", { days }),
  exportOrgChart: () => call<SavedFile>("export_org_chart"),
  saveOrgDepartment: (request: DepartmentSaveRequest) => call<OrganisationView>("save_org_department", { request }),
  saveOfficial: (request: OfficialSaveRequest) => call<OrganisationView>("save_official", { request }),
  registerComplaint: (request: ComplaintRequest) => call<RegisteredView>("register_complaint", { request }),
  /** One page (from 0). `live`: reloaded by the window itself after another desk changed something (not the user's activity). */
  worklist: (scope: WorklistScopeRequest, filter: WorklistFilterRequest, page: number, live = false) =>
    call<WorklistPageView>("worklist", { scope, filter, page, live }),
  /** Issue 28: every complaint the user may see, open, closed or destroyed; one page (from 0). */
  findComplaints: (text: string, page: number) => call<FoundComplaintsView>("find_complaints", { text, page }),
  annualReport: (year: number) => call<ReportView>("annual_report", { year }),
  /** `format`: pdf, xlsx or csv. */
  exportAnnualReport: (year: number, format: "pdf" | "xlsx" | "csv") => call<SavedFile>("export_annual_report", { year, format }),
  /** RP-04: the municipality's texts of a year's report; returns the report as it is now. */
  saveReportTexts: (year: number, texts: ReportTextsView) => call<ReportView>("save_report_texts", { year, texts }),
  /** The dashboard. `live`: reloaded by the window itself (not the user's activity). */
  dashboard: (live = false) => call<DashboardView>("dashboard", { live }),
  dueReminders: (live = false) => call<ReminderView[]>("due_reminders", { live }),
  exportDeadlinesIcs: () => call<SavedFile>("export_deadlines_ics"),
  procedureOptions: () => call<ProcedureOptions>("procedure_options"),
  procedureStep: (request: StepRequest) => call<ComplaintDetailView>("procedure_step", { request }),
  draftDecision: (request: DecisionRequest) => call<ComplaintDetailView>("draft_decision", { request }),
  complaintDetail: (reference: string, live = false) => call<ComplaintDetailView>("complaint_detail", { reference, live }),
  complaintNotes: (reference: string) => call<NoteView[]>("complaint_notes", { reference }),
  addNote: (reference: string, text: string) => call<ComplaintDetailView>("add_note", { reference, text }),
  reassignComplaint: (request: ReassignRequest) => call<ComplaintDetailView>("reassign_complaint", { request }),
  /** AVG-02: the retention terms; the Beheerder changes them with a reason. */
  retentionPeriods: () => call<RetentionPeriodsView>("retention_periods"),
  saveRetentionPeriods: (periods: RetentionPeriodsView, reason: string) =>
    call<RetentionPeriodsView>("save_retention_periods", { periods, reason }),
  /** AVG-02: destruction lists with four eyes. */
  destructionLists: () => call<DestructionListView[]>("destruction_lists"),
  proposeDestruction: () => call<DestructionListView>("propose_destruction"),
  /** AVG art. 17: erase one closed complaint at the person's request (four eyes). */
  proposeErasure: (reference: string, reason: string) => call<DestructionListView>("propose_erasure", { reference, reason }),
  /** AVG-02: confirm a list; `progress` hears after each complaint how far it has come. */
  confirmDestruction: (listId: number, exclusions: ExclusionRequest[], progress: (p: DestructionProgressView) => void) => {
    const onProgress = new Channel<DestructionProgressView>();
    onProgress.onmessage = progress;
    return call<DestructionOutcomeView>("confirm_destruction", { listId, exclusions, onProgress });
  },
  /** INT-04: complaints of the last 30 days from the same complainant as the one being typed. */
  possibleDuplicates: (request: ComplaintRequest) => call<PossibleDuplicateView[]>("possible_duplicates", { request }),
  /** AVG-03: requests for access. */
  /** `openOnly`: the worklist's reminder needs the requests still to be answered only. */
  accessRequests: (openOnly: boolean) => call<AccessRequestsView>("access_requests", { openOnly }),
  registerAccessRequest: (request: AccessRequestFormRequest) => call<AccessRequestView>("register_access_request", { request }),
  extendAccessRequest: (number: string, reason: string) => call<AccessRequestView>("extend_access_request", { number, reason }),
  findPerson: (query: string) => call<PersonMatchView[]>("find_person", { query }),
  previewAccessAnswer: (number: string, references: string[]) => call<SavedFile>("preview_access_answer", { number, references }),
  answerAccessRequest: (number: string, references: string[]) => call<SavedFile>("answer_access_request", { number, references }),
  openAccessAnswer: (number: string) => call<SavedFile>("open_access_answer", { number }),
  /** AVG-06 (art. 19): records to whom the complaint's data went; returns the file anew. */
  recordRecipient: (request: RecipientRequest) => call<ComplaintDetailView>("record_recipient", { request }),
  /** AVG-04: corrects the complainant's contact data; returns the file anew. */
  correctContactData: (request: ContactCorrectionRequest) => call<ComplaintDetailView>("correct_contact_data", { request }),
  /** AVG-02: the coördinator's marks for the retention class; returns the file anew. */
  setRetentionMarks: (reference: string, marks: RetentionMarksView) =>
    call<ComplaintDetailView>("set_retention_marks", { reference, marks }),
  complaintAudit: (reference: string) => call<AuditEntryView[]>("complaint_audit", { reference }),
  listUsers: () => call<UserAccountView[]>("list_users"),
  roleOptions: () => call<RoleOption[]>("role_options"),
  saveUser: (request: UserSaveRequest) => call<UserAccountView>("save_user", { request }),
  resetUserPassword: (id: number, password: string) => call<UserAccountView>("reset_user_password", { id, password }),
  changePassword: (request: PasswordChangeRequest) => call<AppStatus>("change_password", { request }),
  auditLog: (filter: AuditFilterRequest) => call<AuditLogView>("audit_log", { filter }),
  exportAuditCsv: (filter: AuditFilterRequest) => call<SavedFile>("export_audit_csv", { filter }),
  acknowledgeAuditDamage: () => call<string>("acknowledge_audit_damage"),
  serverChanges: () => call<ServerChangeView[] | null>("server_changes"),
  openAcknowledgement: (reference: string) => call<LetterView>("open_acknowledgement", { reference }),
  letterOverview: (reference: string, live = false) => call<LetterOverview>("letter_overview", { reference, live }),
  previewLetter: (request: LetterRequest) => call<LetterPreviewView>("preview_letter", { request }),
  finaliseLetter: (request: LetterRequest) => call<FinaliseResult>("finalise_letter", { request }),
  openLetter: (letterId: number) => call<SavedFile>("open_letter", { letterId }),
  printLetter: (letterId: number) => call<SavedFile>("print_letter", { letterId }),
  recordSending: (request: SendingRequest) => call<LetterSummaryView>("record_sending", { request }),
  todaysLetters: () => call<LetterSummaryView[]>("todays_letters"),
  approvalQueue: (live = false) => call<LetterDraftView[]>("approval_queue", { live }),
  openLetterDraft: (draftId: number) => call<SavedFile>("open_letter_draft", { draftId }),
  approveLetterDraft: (draftId: number) => call<LetterSummaryView>("approve_letter_draft", { draftId }),
  returnLetterDraft: (draftId: number, comment: string) => call<void>("return_letter_draft", { draftId, comment }),
  letterTemplates: () => call<TemplateView[]>("letter_templates"),
  templateHistory: (kind: string) => call<TemplateView[]>("template_history", { kind }),
  previewTemplate: (request: TemplateRequest, openPdf: boolean) => call<LetterPreviewView>("preview_template", { request, openPdf }),
  saveTemplate: (request: TemplateRequest) => call<TemplateSavedView>("save_template", { request }),
  setLogo: (png: number[]) => call<void>("set_logo", { png }),
  /** The OS's open dialog for an import or the logo; the app reads the file. */
  chooseFile: (purpose: OpenPurpose) => call<ChosenFile>("choose_file", { purpose }),
  getSettings: () => call<SettingsData>("get_settings"),
  saveSettings: (request: SettingsData) => call<SettingsData>("save_settings", { request }),
  /** Complaints another desk changed on the shared database (the event `klachten-gewijzigd`). */
  onComplaintsChanged: (handler: (change: LiveChange) => void) =>
    listen<LiveChange>("klachten-gewijzigd", (event) => handler(event.payload)),
};
