// Generated from src-tauri/app/ipc.rs by the `typescript_bindings_are_current` test.
// Do not edit: run `UPDATE_TS_BINDINGS=1 cargo test --lib typescript_bindings` instead.

export type Phase = "setup" | "recovery" | "login" | "ready" | "unavailable";

export type AppStatus = { phase: Phase, 
/**
 * Why the recovery key is needed (phase `recovery`) or why the database cannot be
 * opened (phase `unavailable`), in Dutch.
 */
reason: string | null, municipality_name: string | null, user: UserView | null, 
/**
 * The user name of a locked session, so the lock screen can offer to resume it.
 */
locked_username: string | null, lock_minutes: number, };

export type UserView = { username: string, display_name: string, job_title: string, roles: Array<string>, role_labels: Array<string>, 
/**
 * Set while the first account has not yet confirmed that the recovery key was saved.
 */
pending_recovery_key: string | null, };

export type SetupRequest = { municipality_name: string, postal_address: string, visiting_address: string, phone: string, website: string, admin_username: string, admin_display_name: string, admin_job_title: string, admin_password: string, admin_password_repeat: string, };

export type SettingsData = { municipality_name: string, postal_address: string, visiting_address: string, phone: string, website: string, 
/**
 * Minutes without input before the app locks (SEC-03).
 */
lock_minutes: string, 
/**
 * Extra holidays by royal decree, one dd-mm-jjjj date per line (DL-04).
 */
extra_holidays: string, };

export type SetupResponse = { recovery_key: string, };

export type SavedFile = { path: string, 
/**
 * False when no PDF viewer could be started; the UI then shows the path.
 */
opened: boolean, };

export type DepartmentView = { id: number, name: string, manager_name: string, manager_function: string, };

export type DepartmentRequest = { 
/**
 * Absent for a new department.
 */
id: number | null, name: string, manager_name: string, manager_function: string, };

export type ComplaintRequest = { received_on: string, channel: string, complainant_name: string, street_address: string, postcode: string, city: string, phone: string, email: string, representative: string, complaint_type: string, department_id: string, respondent_name: string, conduct_date: string, description: string, desired_outcome: string, };

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

export type WorklistRow = { reference: string, complainant_name: string, subject: string, department_name: string, handler_name: string, status: string, received_on: string, decision_due: string, decision_due_text: string, next_deadline: string, next_deadline_text: string, next_deadline_label: string, light: Light, light_label: string, needs_acknowledgement: boolean, };

export type LetterView = { reference: string, path: string, sha256: string, opened: boolean, newly_created: boolean, };

export type FieldProblem = { field: string, message: string, };

export type CommandError = { kind: string, message: string, fields: Array<FieldProblem>, };

