// What every screen needs from the application frame: replace the main content, show a
// message, and route a failed command to the right place (lock screen, field errors, toast).
import type { CommandError } from "./api";
import type { Abilities, UserView } from "./generated/ipc";

export interface Shell {
  show(...content: Node[]): void;
  notify(kind: "error" | "ok" | "info" | "warning", text: string): void;
  handleError(error: unknown, form?: HTMLFormElement): CommandError;
  user(): UserView | null;
}

const NOTHING: Abilities = {
  worklist: false,
  dashboard: false,
  intake: false,
  annual_report: false,
  access_requests: false,
  destruction: false,
  organisation: false,
  users: false,
  audit_log: false,
  settings: false,
  backup: false,
  all_complaints: false,
  work_on_complaints: false,
  approve_decisions: false,
  print_acknowledgements: false,
  complaint_audit: false,
};

/** What the signed-in user may do, as Rust computed it from the one permission table (nothing
 *  when no one is signed in). The window never decides this from role names. */
export function may(user: UserView | null): Abilities {
  return user?.may ?? NOTHING;
}

/** Values of the checked boxes named `name` inside `root`. */
export function checkedValues(root: ParentNode, name: string): string[] {
  return Array.from(root.querySelectorAll<HTMLInputElement>(`input[type=checkbox][name="${name}"]:checked`)).map((box) => box.value);
}

export function isChecked(root: ParentNode, name: string): boolean {
  return root.querySelector<HTMLInputElement>(`input[type=checkbox][name="${name}"]`)?.checked ?? false;
}
