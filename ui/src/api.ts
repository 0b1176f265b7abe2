// The only module that calls invoke(): one typed function per Rust command.
import { invoke } from "@tauri-apps/api/core";
import type {
  AppStatus, CommandError, ComplaintRequest, DepartmentRequest, DepartmentView, LetterView,
  RegisteredView, SavedFile, SettingsData, SetupRequest, SetupResponse, WorklistRow,
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
  setupDefaults: () => call<SetupRequest>("setup_defaults"),
  setUp: (request: SetupRequest) => call<SetupResponse>("set_up", { request }),
  unlockWithRecoveryKey: (recoveryKey: string) => call<string | null>("unlock_with_recovery_key", { recoveryKey }),
  logIn: (username: string, password: string) => call<AppStatus>("log_in", { username, password }),
  logOut: () => call<void>("log_out"),
  recordActivity: () => call<void>("record_activity"),
  saveRecoveryKeyPdf: () => call<SavedFile>("save_recovery_key_pdf"),
  confirmRecoveryKeySaved: () => call<AppStatus>("confirm_recovery_key_saved"),
  listDepartments: () => call<DepartmentView[]>("list_departments"),
  saveDepartment: (request: DepartmentRequest) => call<DepartmentView>("save_department", { request }),
  registerComplaint: (request: ComplaintRequest) => call<RegisteredView>("register_complaint", { request }),
  worklist: () => call<WorklistRow[]>("worklist"),
  openAcknowledgement: (reference: string) => call<LetterView>("open_acknowledgement", { reference }),
  getSettings: () => call<SettingsData>("get_settings"),
  saveSettings: (request: SettingsData) => call<SettingsData>("save_settings", { request }),
};
