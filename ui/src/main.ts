// Klachtbalie's frame and daily screens: routing, log-in and lock, password change, worklist,
// settings. The start screens (first start, recovery key) are in start.ts. The intake is in intake.ts, the complaint file in complaint.ts, the
// Beheerder's screens in admin.ts. All data comes from api.ts; all rules live in Rust.
import { focusSearchOnCtrlK, searchBox } from "./search";
import { api, asCommandError, type CommandError } from "./api";
import { showOrganisation, showUsers } from "./admin";
import { showAuditLog } from "./audit_log";
import { refreshBackupNotice } from "./backup";
import { showAbout } from "./about";
import { showAccessRequests } from "./access";
import { showDestruction } from "./destruction";
import { refreshDashboard, showDashboard, type WorklistLink } from "./dashboard";
import { refreshShownComplaint, showComplaint } from "./complaint";
import { alertBox, button, clearFieldErrors, field, h, readForm, showFieldErrors } from "./dom";
import { showLetterTemplates } from "./letter_templates";
import { showReport } from "./report";
import { forgetIntakeForm, showIntake } from "./intake";
import type { AppStatus, LiveChange } from "./generated/ipc";
import { may, type Shell } from "./shell";
import { showRecovery, showRecoveryKey, showSetup, showUnreachable, useFrame } from "./start";
import { showSettings } from "./settings";
import {
  filterWorklist,
  forgetFilterChoices,
  refreshShownWorklist,
  resetWorklistFilter,
  showWorklist,
  type WorklistFrame,
} from "./worklist";

const main = document.getElementById("main") as HTMLElement;
const header = document.getElementById("app-header") as HTMLElement;
/** Reminders above every screen (the Beheerder's backup reminder). */
const notices = document.getElementById("notices") as HTMLElement;
const lock = document.getElementById("lock") as HTMLElement;
const toast = document.getElementById("toast") as HTMLElement;
// While a message is shown the page keeps room below it (styles: .message-shown); every
// place that fills or empties the message is seen here, not in each of them.
new MutationObserver(() => document.documentElement.classList.toggle("message-shown", toast.childElementCount > 0)).observe(toast, {
  childList: true,
});

let status: AppStatus | null = null;
type View =
  | "about"
  | "worklist"
  | "dashboard"
  | "intake"
  | "report"
  | "access"
  | "destruction"
  | "organisation"
  | "users"
  | "audit"
  | "letters"
  | "settings";
let currentView: View = "worklist";
/** The access request to open when the Inzageverzoeken screen is shown from the worklist. */
let accessSelected: string | undefined;
/** The window's title while the app is locked (SEC-03), kept here until it opens again. */
let titleBeforeLock: string | null = null;

function show(...content: Node[]): void {
  main.replaceChildren(...content);
  toast.replaceChildren(); // a message about the previous screen no longer applies
  // WCAG 2.4.3: the menu and the old screen are gone, so focus would fall to <body>; a new
  // screen starts at its heading instead (a screen that focuses a field itself does so after).
  const focused = document.activeElement;
  if (focused === null || focused === document.body || !focused.isConnected) {
    const heading = main.querySelector("h1");
    if (heading !== null) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }
}

/**
 * A message that belongs to no field. It sits at the bottom of the window, can be closed
 * (button or Escape), and the page gets room below its content so that the message never
 * covers a control that cannot be scrolled free. Errors stay until closed; other messages go
 * after 10 seconds.
 */
function notify(kind: "error" | "ok" | "info" | "warning", text: string): void {
  if (!lock.hidden) return; // locked: no message may show what is behind the lock
  const close = h("button", {
    type: "button",
    class: "toast__close",
    id: "toast-close",
    "aria-label": "Melding sluiten",
    title: "Melding sluiten (Esc)",
  });
  close.addEventListener("click", () => toast.replaceChildren());
  const box = alertBox(kind, text);
  box.append(close);
  toast.replaceChildren(box);
  if (kind !== "error")
    window.setTimeout(() => {
      if (toast.contains(box)) toast.replaceChildren();
    }, 10000);
}
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && toast.childElementCount > 0) toast.replaceChildren();
  if (lock.hidden) focusSearchOnCtrlK(event);
  // Alt+N: a new complaint, Alt+W: the worklist (only where the menu offers them, never behind the lock).
  if (event.altKey && !event.ctrlKey && !event.metaKey && lock.hidden) {
    const target = event.key.toLowerCase() === "n" ? "#nav-intake" : event.key.toLowerCase() === "w" ? "#nav-worklist" : null;
    const item = target ? document.querySelector<HTMLButtonElement>(target) : null;
    if (item) {
      event.preventDefault();
      item.click();
    }
  }
});
/**
 * Every data table's cells carry their column's name, which the narrow layout (reflow at 200 %
 * zoom, styles.css) shows before each value once the rows become cards. One place for every
 * table any screen renders.
 */
function labelTableCells(table: HTMLTableElement, rows: Iterable<Element>): void {
  const headers = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent?.trim() ?? "");
  if (headers.length === 0) return;
  for (const row of rows) {
    Array.from(row.children).forEach((cell, index) => {
      if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", headers[index] ?? "");
    });
  }
}
/** Labels what a change added: whole tables, or rows added to a table already shown. */
function labelAddedTables(node: Node): void {
  if (!(node instanceof Element)) return;
  const table = node.closest<HTMLTableElement>("table.worklist");
  if (table) {
    const row = node.closest("tbody tr");
    labelTableCells(table, row ? [row] : table.querySelectorAll("tbody tr"));
    return;
  }
  for (const inner of Array.from(node.querySelectorAll<HTMLTableElement>("table.worklist")))
    labelTableCells(inner, inner.querySelectorAll("tbody tr"));
}
new MutationObserver((changes) => {
  for (const change of changes) change.addedNodes.forEach(labelAddedTables);
}).observe(main, { childList: true, subtree: true });
// A control that gets the focus under the message is brought up out from under it (WCAG
// 2.4.11: the focus is never hidden). Not while a mouse button or finger is down on it: the
// press focuses the control before it is released, and moving the page in between put the
// release on another element, so the click was lost (a button half under the message after
// an export; seen as a flaky e2e test). What the pointer presses is visible anyway.
let pointerDown = false;
document.addEventListener(
  "pointerdown",
  () => {
    pointerDown = true;
  },
  true,
);
for (const type of ["pointerup", "pointercancel"])
  document.addEventListener(
    type,
    () => {
      pointerDown = false;
    },
    true,
  );
document.addEventListener("focusin", (event) => {
  const target = event.target as HTMLElement | null;
  if (!target || pointerDown || toast.childElementCount === 0 || toast.contains(target)) return;
  const a = target.getBoundingClientRect();
  const b = toast.getBoundingClientRect();
  if (a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right) target.scrollIntoView({ block: "center" });
});
// Room below the page for the message, so it never hides the last controls.
new ResizeObserver(() => {
  main.style.paddingBottom = toast.childElementCount > 0 ? `${toast.offsetHeight + 24}px` : "";
}).observe(toast);

/** Every failed command comes through here: a lock shows the lock screen, the rest a message. */
function handleError(error: unknown, form?: HTMLFormElement): CommandError {
  const problem = asCommandError(error);
  if (problem.kind === "cancelled") {
    // The user closed the save dialog: nothing happened and nothing needs saying.
  } else if (problem.kind === "locked" || problem.kind === "not_logged_in") {
    const signedIn = status?.user?.username ?? null;
    void refreshStatus().then((current) => showLock(problem.message, current.locked_username ?? signedIn));
  } else if (problem.kind === "password_change_required") {
    void route();
  } else if (problem.kind === "validation" && form && problem.fields.length > 0) {
    // Where the user looks: next to each field and in a summary at the top of the form.
    toast.replaceChildren();
    showFieldErrors(form, problem.fields);
  } else if (problem.kind === "undeliverable_letter" && form) {
    // LT-03: the form shows it beside the letter, with the way to add the address.
    toast.replaceChildren();
  } else if (problem.kind === "validation" && form) {
    notify("error", problem.message);
  } else {
    notify("error", problem.message);
  }
  return problem;
}

const shell: Shell = { show, notify, handleError, user: () => status?.user ?? null };
useFrame({ show, notify, handleError, refreshStatus, route, header });

async function refreshStatus(): Promise<AppStatus> {
  status = await api.appStatus();
  return status;
}

async function route(): Promise<void> {
  const current = await refreshStatus();
  header.hidden = true;
  notices.replaceChildren();
  switch (current.phase) {
    case "setup":
      return showSetup(current);
    case "recovery":
      return showRecovery(current.reason ?? "", current.shared);
    case "unreachable":
      return showUnreachable(current);
    case "login":
      return showLogin(current);
    case "ready":
      return showApp(current);
    case "unavailable":
      return show(
        h(
          "section",
          { class: "panel narrow" },
          h("h1", { class: "utrecht-heading-1" }, "Klachtbalie kan de gegevens niet openen"),
          alertBox("error", current.reason ?? ""),
          h(
            "p",
            { class: "utrecht-paragraph" },
            "Er is niets gewijzigd. Neem contact op met de beheerder of de servicedesk en noem de melding hierboven.",
          ),
        ),
      );
  }
}

// ---------------------------------------------------------------- log in and lock
function loginForm(current: AppStatus, onSuccess: (status: AppStatus) => void): HTMLFormElement {
  const form = h(
    "form",
    { id: "login-form", novalidate: true },
    field("username", "Gebruikersnaam", { required: true, autocomplete: "username", value: current.locked_username ?? "" }),
    field("password", "Wachtwoord", { type: "password", required: true, autocomplete: "current-password" }),
    h("p", { id: "login-error", role: "alert", class: "utrecht-form-field-error-message" }),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "login-submit" }, "Inloggen"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = readForm(form);
    const error = form.querySelector("#login-error") as HTMLElement;
    error.textContent = "";
    try {
      const next = await api.logIn(values.username ?? "", values.password ?? "");
      status = next;
      onSuccess(next);
    } catch (failure) {
      error.textContent = asCommandError(failure).message;
      const password = form.querySelector("#f-password") as HTMLInputElement;
      password.value = "";
      password.focus();
    }
  });
  return form;
}

function showLogin(current: AppStatus): void {
  const form = loginForm(current, () => void route());
  show(
    h(
      "section",
      { class: "panel narrow" },
      h("h1", { class: "utrecht-heading-1" }, `Inloggen bij Klachtbalie`),
      h("p", { class: "utrecht-paragraph" }, current.municipality_name ?? ""),
      current.shared?.personal_logins
        ? h(
            "p",
            { class: "field-hint", id: "login-personal-hint" },
            "Meld u aan met uw eigen login en wachtwoord van de gemeente. Het wachtwoord controleert de server; Klachtbalie bewaart het niet.",
          )
        : null,
      form,
    ),
  );
  (form.querySelector(current.locked_username ? "#f-password" : "#f-username") as HTMLElement | null)?.focus();
}

/**
 * SEC-03 and AVG-05: locked means nothing personal on the screen and nothing in the document,
 * where a screen reader would still find it. The header and the main content are taken out
 * of the document and held here, in memory; the lock screen is opaque and holds only the
 * log-in form. Unlocking puts exactly those nodes back, so every open form keeps what was
 * typed. Code that renders while locked still reaches `main` and `header` through their
 * variables, so it never adds anything to the document either.
 */
function hideContent(): void {
  titleBeforeLock = document.title;
  document.title = "Klachtbalie (vergrendeld)";
  header.remove();
  main.remove();
  toast.replaceChildren(); // a message may name a complainant
}

function restoreContent(): void {
  if (titleBeforeLock === null) return;
  lock.before(header, main);
  document.title = titleBeforeLock;
  titleBeforeLock = null;
}

/** `previousUser` was signed in when the lock came: only they get their open forms back. */
function showLock(message: string, previousUser: string | null): void {
  if (!status) return;
  if (!lock.hidden) return; // already locked: keep the form the user may be typing in
  hideContent();
  const form = loginForm(status, (next) => {
    lock.hidden = true;
    lock.replaceChildren();
    restoreContent();
    if (next.user?.username !== previousUser) {
      // Another user: do not show them someone else's half-typed complaint or search.
      forgetIntakeForm();
      resetWorklistFilter();
      void route();
    } else {
      markActivity();
    }
  });
  lock.replaceChildren(
    h(
      "section",
      { class: "panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "lock-title" },
      h("h1", { class: "utrecht-heading-2", id: "lock-title" }, "Klachtbalie is vergrendeld"),
      h("p", { class: "utrecht-paragraph" }, message),
      form,
    ),
  );
  lock.hidden = false;
  (form.querySelector(status.locked_username ? "#f-password" : "#f-username") as HTMLElement | null)?.focus();
}

// ---------------------------------------------------------------- inactivity lock (SEC-03)
let lastInput = Date.now();
let lastReported = 0;
function markActivity(): void {
  lastInput = Date.now();
  lastReported = Date.now();
}
for (const type of ["keydown", "mousedown", "wheel", "touchstart"]) {
  window.addEventListener(
    type,
    () => {
      if (!lock.hidden || status?.phase !== "ready") return;
      lastInput = Date.now();
      // Tell Rust at most once a minute that the user is still busy (it enforces the lock).
      if (Date.now() - lastReported > 60_000) {
        lastReported = Date.now();
        api.recordActivity().catch((error) => handleError(error));
      }
    },
    { passive: true, capture: true },
  );
}
window.setInterval(() => {
  if (status?.phase !== "ready" || !lock.hidden) return;
  if (Date.now() - lastInput > status.lock_minutes * 60_000) {
    api.recordActivity().catch((error) => handleError(error));
  }
}, 15_000);

// ---------------------------------------------------------------- own password (SEC-03)
function showPasswordChange(current: AppStatus): void {
  header.hidden = true;
  const form = h(
    "form",
    { id: "password-form", novalidate: true },
    field("current_password", "Huidig (tijdelijk) wachtwoord", { type: "password", required: true, autocomplete: "current-password" }),
    field("new_password", "Nieuw wachtwoord", {
      type: "password",
      required: true,
      hint: "Minstens 12 tekens.",
      autocomplete: "new-password",
    }),
    field("new_password_repeat", "Nieuw wachtwoord nogmaals", { type: "password", required: true, autocomplete: "new-password" }),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "password-submit" }, "Wachtwoord opslaan"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readForm(form);
    try {
      status = await api.changePassword({
        current_password: values.current_password ?? "",
        new_password: values.new_password ?? "",
        new_password_repeat: values.new_password_repeat ?? "",
      });
      await route();
      notify("ok", "Uw nieuwe wachtwoord is opgeslagen.");
    } catch (error) {
      handleError(error, form);
    }
  });
  const logout = button("Afmelden", { id: "password-logout" }, false);
  logout.addEventListener("click", async () => {
    await api.logOut();
    await route();
  });
  show(
    h(
      "section",
      { class: "panel narrow" },
      h("h1", { class: "utrecht-heading-1" }, "Kies een eigen wachtwoord"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        `Welkom, ${current.user?.display_name ?? ""}. De beheerder heeft een tijdelijk wachtwoord voor u ingesteld. Kies nu een wachtwoord dat alleen u kent.`,
      ),
      form,
      logout,
    ),
  );
  (form.querySelector("input") as HTMLElement | null)?.focus();
}

// ---------------------------------------------------------------- the app
function showApp(current: AppStatus): void {
  const user = current.user;
  if (!user) return showLogin(current);
  if (user.must_change_password) return showPasswordChange(current);
  if (user.pending_recovery_key) return showRecoveryKey(user.pending_recovery_key, false);
  markActivity();
  const views: Array<[View, string, boolean]> = [
    ["worklist", "Werkvoorraad", may(user).worklist],
    ["dashboard", "Overzicht", may(user).dashboard],
    ["intake", "Klacht registreren", may(user).intake],
    ["report", "Klachtverslag", may(user).annual_report],
    ["access", "Inzageverzoeken", may(user).access_requests],
    ["destruction", "Vernietiging", may(user).destruction],
    ["organisation", "Organisatie", may(user).organisation],
    ["users", "Gebruikers", may(user).users],
    ["audit", "Auditlog", may(user).audit_log],
    ["letters", "Briefsjablonen", may(user).settings],
    ["settings", "Instellingen", may(user).settings],
    ["about", "Over Klachtbalie", true],
  ];
  const allowed = views.filter(([, , ok]) => ok);
  if (!allowed.some(([view]) => view === currentView)) currentView = allowed[0]?.[0] ?? "worklist";
  const nav = h("nav", { "aria-label": "Hoofdmenu" });
  for (const [view, label] of allowed) {
    const item = h("button", { type: "button", id: `nav-${view}`, "aria-current": view === currentView ? "page" : undefined }, label);
    item.addEventListener("click", () => {
      currentView = view;
      showApp(status ?? current); // the newest status: a name changed in Instellingen shows
    });
    nav.append(item);
  }
  const logout = h("button", { type: "button", id: "logout" }, "Afmelden");
  logout.addEventListener("click", async () => {
    await api.logOut();
    forgetIntakeForm();
    await route();
  });
  header.replaceChildren(
    h("span", { class: "brand", id: "brand" }, `Klachtbalie · ${current.municipality_name ?? ""}`),
    may(user).worklist ? searchBox(shell) : "",
    nav,
    h("span", { class: "user" }, h("span", { id: "current-user" }, `${user.display_name} (${user.role_labels.join(", ")})`), logout),
  );
  header.hidden = false;
  const openSettings = () => {
    currentView = "settings";
    showApp(current);
  };
  if (may(user).backup) void refreshBackupNotice(notices, openSettings);
  else notices.replaceChildren();
  if (currentView === "intake") void showIntake(shell, backToIntake);
  else if (currentView === "organisation")
    void showOrganisation(shell, () => {
      forgetIntakeForm();
      forgetFilterChoices();
    });
  else if (currentView === "users") void showUsers(shell);
  else if (currentView === "audit") void showAuditLog(shell);
  else if (currentView === "settings")
    void showSettings(
      shell,
      async () => {
        status = await refreshStatus();
        const brand = header.querySelector("#brand");
        if (brand !== null) brand.textContent = `Klachtbalie · ${status.municipality_name ?? ""}`;
      },
      () => void refreshBackupNotice(notices, () => showApp(current)),
    );
  else if (currentView === "report") void showReport(shell);
  else if (currentView === "about") void showAbout(shell);
  else if (currentView === "access") {
    void showAccessRequests(shell, accessSelected);
    accessSelected = undefined;
  } else if (currentView === "destruction")
    void showDestruction(shell, (reference) => void showComplaint(shell, reference, () => showApp(current)));
  else if (currentView === "dashboard") void showDashboard(shell, (link) => openWorklistWith(current, link));
  else if (currentView === "letters") void showLetterTemplates(shell);
  else void showWorklist(worklistFrame(current));
}

/** How the worklist opens the frame's other screens. */
function worklistFrame(current: AppStatus): WorklistFrame {
  return {
    shell,
    go: (view, accessRequest) => {
      accessSelected = accessRequest;
      currentView = view;
      showApp(current);
    },
  };
}

/** A figure on the dashboard: the worklist with only its filter, every complaint the user may see. */
function openWorklistWith(current: AppStatus, link: WorklistLink): void {
  filterWorklist(link);
  currentView = "worklist";
  showApp(current);
}

/** Back from a complaint opened at the intake (a possible duplicate) to the form as typed. */
function backToIntake(): void {
  currentView = "intake";
  void showIntake(shell, backToIntake);
}

// ---------------------------------------------------------------- live updates
/** Changes heard while a refresh runs are merged and handled right after it. */
let liveBusy = false;
let livePending: LiveChange | null = null;

/**
 * Another desk changed complaints on the shared database: refresh what is on screen (the
 * worklist's rows, or the open complaint file) without a reload and without touching a form
 * the user is typing in. Nothing refreshes behind the lock (SEC-03).
 */
async function liveUpdate(change: LiveChange): Promise<void> {
  if (liveBusy) {
    livePending = livePending
      ? {
          complaint_ids: [...livePending.complaint_ids, ...change.complaint_ids],
          refresh_all: livePending.refresh_all || change.refresh_all,
        }
      : change;
    return;
  }
  liveBusy = true;
  try {
    if (status?.phase !== "ready" || !lock.hidden) return;
    if (await refreshShownComplaint(change)) return;
    if (await refreshDashboard()) return;
    await refreshShownWorklist(() => lock.hidden);
  } catch (error) {
    handleError(error);
  } finally {
    liveBusy = false;
    const next = livePending;
    livePending = null;
    if (next) void liveUpdate(next);
  }
}

api
  .onComplaintsChanged((change) => void liveUpdate(change))
  .catch((error) => {
    // Without the event the window still works; it only refreshes when the user navigates.
    console.warn("Klachtbalie: geen live-updates", error);
  });

route().catch((error) => {
  show(alertBox("error", `Klachtbalie kon niet starten: ${asCommandError(error).message}`));
});
