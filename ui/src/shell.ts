// What every screen needs from the application frame: replace the main content, show a
// message, and route a failed command to the right place (lock screen, field errors, toast).
import type { CommandError } from "./api";
import type { UserView } from "./generated/ipc";

export interface Shell {
  show(...content: Node[]): void;
  notify(kind: "error" | "ok" | "info" | "warning", text: string): void;
  handleError(error: unknown, form?: HTMLFormElement): CommandError;
  user(): UserView | null;
}

export function hasRole(user: UserView | null, ...roles: string[]): boolean {
  return user !== null && roles.some((role) => user.roles.includes(role));
}

/** Values of the checked boxes named `name` inside `root`. */
export function checkedValues(root: ParentNode, name: string): string[] {
  return Array.from(root.querySelectorAll<HTMLInputElement>(`input[type=checkbox][name="${name}"]:checked`)).map((box) => box.value);
}

export function isChecked(root: ParentNode, name: string): boolean {
  return root.querySelector<HTMLInputElement>(`input[type=checkbox][name="${name}"]`)?.checked ?? false;
}
