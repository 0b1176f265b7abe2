// Klachtbalie's frame and daily screens: first start, recovery key, log-in and lock, password
// change, worklist, settings. The intake is in intake.ts, the complaint file in complaint.ts, the
// Beheerder's screens in admin.ts. All data comes from api.ts; all rules live in Rust.
import { api, asCommandError, type CommandError } from "./api";
import { showAuditLog, showOrganisation, showUsers } from "./admin";
import { backupPanel, refreshBackupNotice } from "./backup";
import { showAbout } from "./about";
import { fillAccessRequestsDue, showAccessRequests } from "./access";
import { showDestruction } from "./destruction";
import { retentionPanel } from "./retention";
import { refreshDashboard, showDashboard, type WorklistLink } from "./dashboard";
import { refreshShownComplaint, showComplaint } from "./complaint";
import { alertBox, button, clearFieldErrors, field, h, readForm, rowButton, showFieldErrors } from "./dom";
import { approvalPanel, batchPrintButton, logoField, showLetterTemplates } from "./letters";
import { showReport } from "./report";
import { forgetIntakeForm, openAcknowledgement, showIntake } from "./intake";
import type {
  AppStatus,
  LiveChange,
  SettingsData,
  SetupRequest,
  SharedConnectionRequest,
  SharedConnectionView,
  WorklistFilterRequest,
  WorklistPageView,
  WorklistScopeRequest,
} from "./generated/ipc";
import { may, type Shell } from "./shell";

const main = document.getElementById("main") as HTMLElement;
const header = document.getElementById("app-header") as HTMLElement;
/** Reminders above every screen (the Beheerder's backup reminder). */
const notices = document.getElementById("notices") as HTMLElement;
const lock = document.getElementById("lock") as HTMLElement;
const toast = document.getElementById("toast") as HTMLElement;

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
let worklistScope: WorklistScopeRequest = "all";
/** The access request to open when the Inzageverzoeken screen is shown from the worklist. */
let accessSelected: string | undefined;
/** The worklist's filters survive moving to a complaint and back. */
const NO_FILTER: WorklistFilterRequest = {
  status: "",
  department_id: "",
  handler_id: "",
  complaint_type: "",
  overdue_only: false,
  due_soon_only: false,
  search: "",
};
let worklistFilter: WorklistFilterRequest = { ...NO_FILTER };
let filterChoices: { statuses: Array<[string, string]>; departments: Array<[string, string]>; handlers: Array<[string, string]> } | null =
  null;
/** Kept across views and locks, so nothing typed in the intake form is ever lost. */
const noFilter: WorklistFilterRequest = { ...worklistFilter };
/** The worklist page on screen (from 0); a new filter or scope starts at the first. */
let worklistPage = 0;
/** The window's title while the app is locked (SEC-03), kept here until it opens again. */
let titleBeforeLock: string | null = null;

function show(...content: Node[]): void {
  main.replaceChildren(...content);
  toast.replaceChildren(); // a message about the previous screen no longer applies
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
  } else if (problem.kind === "validation" && form) {
    notify("error", problem.message);
  } else {
    notify("error", problem.message);
  }
  return problem;
}

const shell: Shell = { show, notify, handleError, user: () => status?.user ?? null };

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

// ---------------------------------------------------------------- first start
/** A radio button with its label and a line of explanation. */
function choice(name: string, value: string, label: string, hint: string, checked: boolean): HTMLElement {
  const id = `f-${name}-${value}`;
  return h(
    "div",
    { class: "choice" },
    h(
      "label",
      { for: id },
      h("input", { type: "radio", name, value, id, checked, class: "utrecht-radio-button utrecht-radio-button--html-input" }),
      " ",
      h("strong", {}, label),
    ),
    h("p", { class: "field-hint" }, hint),
  );
}

function checkedValue(root: ParentNode, name: string): string {
  return root.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? "";
}

/** Where and how to reach the municipality's shared database (never the password's value). */
function connectionFields(remembered: SharedConnectionView | null): HTMLElement {
  return h(
    "div",
    { class: "form-grid" },
    field("db_host", "Server", {
      required: true,
      value: remembered?.host ?? "",
      hint: "Naam of IP-adres van de databaseserver, bijvoorbeeld db.diemen.nl.",
    }),
    field("db_port", "Poort", { required: true, value: remembered?.port ?? "5432", hint: "Meestal 5432." }),
    field("db_name", "Databasenaam", { required: true, value: remembered?.database ?? "" }),
    field("db_user", "Gebruikersnaam", { required: true, value: remembered?.user ?? "", autocomplete: "off" }),
    field("db_password", "Wachtwoord", {
      type: "password",
      required: true,
      autocomplete: "off",
      hint: "Wordt bewaard in de sleutelkluis van deze computer, nooit in een bestand.",
    }),
    field("db_ca_file", "CA-certificaat van de gemeente", {
      required: true,
      value: remembered?.ca_file ?? "",
      wide: true,
      hint: "Het volledige pad van het .pem- of .crt-bestand dat de applicatiebeheerder gaf. De verbinding is altijd versleuteld en wordt met dit certificaat gecontroleerd.",
    }),
  );
}

function connectionRequest(values: Record<string, string>): SharedConnectionRequest {
  return {
    host: values.db_host ?? "",
    port: values.db_port ?? "",
    database: values.db_name ?? "",
    user: values.db_user ?? "",
    password: values.db_password ?? "",
    ca_file: values.db_ca_file ?? "",
  };
}

/** A connection problem goes next to its field (Rust names it); the rest as usual. */
function handleConnectionError(error: unknown, form: HTMLFormElement): void {
  const problem = asCommandError(error);
  const nextToField =
    problem.kind.startsWith("shared_") ||
    problem.kind === "already_set_up" ||
    problem.kind === "wrong_recovery_key" ||
    problem.kind === "key";
  if (!nextToField) {
    handleError(problem, form);
    return;
  }
  const fields =
    problem.fields.length > 0
      ? problem.fields
      : problem.kind === "wrong_recovery_key" || problem.kind === "key"
        ? [{ field: "recovery_key", message: problem.message }]
        : [];
  showFieldErrors(form, fields);
  notify("error", problem.message);
}

async function showSetup(current: AppStatus): Promise<void> {
  const defaults: SetupRequest = await api.setupDefaults();
  const remembered = current.shared;
  const storage = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "storage-choice" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Waar bewaart Klachtbalie de klachten?"),
    choice(
      "storage",
      "local",
      "Alleen deze werkplek",
      "De gegevens staan versleuteld op deze computer. Kies dit als alleen op deze computer met Klachtbalie wordt gewerkt.",
      remembered === null,
    ),
    choice(
      "storage",
      "shared",
      "Gedeelde database van de gemeente",
      "Meer werkplekken werken met dezelfde klachten. De gegevens staan versleuteld in de PostgreSQL-database van de gemeente; de applicatiebeheerder geeft u de gegevens hieronder.",
      remembered !== null,
    ),
  );
  const action = h(
    "div",
    { class: "utrecht-form-field", "data-field": "shared_action", role: "radiogroup", "aria-labelledby": "shared-action-label" },
    h("p", { class: "utrecht-form-label", id: "shared-action-label" }, h("strong", {}, "Wat wilt u doen?")),
    h("p", { class: "utrecht-form-field-error-message", hidden: true }),
    choice(
      "shared_action",
      "set_up",
      "Database inrichten",
      "Dit is de eerste werkplek: Klachtbalie richt de lege database in en maakt het eerste account. Log in als eigenaar van de database.",
      true,
    ),
    choice(
      "shared_action",
      "join",
      "Werkplek koppelen",
      "De database is al ingericht op een andere werkplek. U heeft de herstelsleutel nodig die daarbij is getoond.",
      false,
    ),
  );
  const connection = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "shared-connection" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Gedeelde database"),
    connectionFields(remembered),
    action,
  );
  // The owner's login above sets the database up; the desk then works with the
  // desks' login (rows only), and only that password is kept in the keyring.
  const deskLogin = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "setup-desk-login" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Login voor de werkplekken"),
    h(
      "p",
      { class: "field-hint" },
      "Hierboven staat de login van de eigenaar; die wordt alleen voor het inrichten gebruikt en niet bewaard. Daarna werkt deze werkplek, net als de andere, met de login voor de werkplekken (die mag gegevens lezen en schrijven, maar het schema niet wijzigen).",
    ),
    h(
      "div",
      { class: "form-grid" },
      field("desk_user", "Login voor de werkplekken", { required: true, value: "klachtbalie_app", autocomplete: "off" }),
      field("desk_password", "Wachtwoord van die login", {
        type: "password",
        required: true,
        autocomplete: "off",
        hint: "Wordt bewaard in de sleutelkluis van deze computer.",
      }),
    ),
  );
  const municipality = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "setup-municipality" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Gemeente (voor het briefpapier)"),
    h(
      "div",
      { class: "form-grid" },
      field("municipality_name", "Naam van de gemeente", { required: true, value: defaults.municipality_name }),
      field("phone", "Telefoonnummer", { value: defaults.phone }),
      field("postal_address", "Postadres", { required: true, value: defaults.postal_address, hint: "Komt als retouradres op de brieven." }),
      field("visiting_address", "Bezoekadres", { value: defaults.visiting_address }),
      field("website", "Website", { value: defaults.website }),
    ),
  );
  const account = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "setup-account" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Eerste account"),
    h("p", { class: "field-hint" }, "Dit account krijgt de rollen Beheerder en Klachtcoördinator. Meer gebruikers voegt u later toe."),
    h(
      "div",
      { class: "form-grid" },
      field("admin_display_name", "Uw naam", { required: true, autocomplete: "name" }),
      field("admin_job_title", "Uw functie", { required: true, value: defaults.admin_job_title }),
      field("admin_username", "Gebruikersnaam", { required: true, autocomplete: "username" }),
      h("div"),
      field("admin_password", "Wachtwoord", {
        type: "password",
        required: true,
        hint: "Minstens 12 tekens.",
        autocomplete: "new-password",
      }),
      field("admin_password_repeat", "Wachtwoord nogmaals", { type: "password", required: true, autocomplete: "new-password" }),
    ),
  );
  const join = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "setup-join" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Herstelsleutel"),
    field("recovery_key", "Herstelsleutel van de gedeelde database", {
      required: true,
      wide: true,
      hint: "17 groepen van 4 tekens, getoond toen de database werd ingericht. Streepjes en spaties mogen. Een verkeerde sleutel verandert niets.",
    }),
  );
  const submit = h(
    "button",
    { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "setup-submit" },
    "Klachtbalie inrichten",
  );
  const intro = h("p", { class: "utrecht-paragraph", id: "setup-intro" });
  const form = h("form", { id: "setup-form", novalidate: true }, storage, connection, deskLogin, municipality, account, join, submit);
  const update = (): void => {
    const shared = checkedValue(form, "storage") === "shared";
    const joining = shared && checkedValue(form, "shared_action") === "join";
    connection.hidden = !shared;
    deskLogin.hidden = !shared || joining;
    municipality.hidden = joining;
    account.hidden = joining;
    join.hidden = !joining;
    submit.textContent = !shared ? "Klachtbalie inrichten" : joining ? "Werkplek koppelen" : "Database inrichten";
    intro.textContent = shared
      ? "Klachtbalie wordt voor het eerst gestart op deze computer. De klachten komen versleuteld in de gedeelde database; de sleutel komt in de sleutelkluis van deze computer en gaat nooit naar de server."
      : "Klachtbalie wordt voor het eerst gestart op deze computer. Alle gegevens worden versleuteld opgeslagen; de sleutel komt in de sleutelkluis van deze computer.";
  };
  form.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === "radio") update();
  });
  update();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readForm(form);
    const shared = checkedValue(form, "storage") === "shared";
    const joining = shared && checkedValue(form, "shared_action") === "join";
    const label = submit.textContent;
    submit.disabled = true;
    if (shared) submit.textContent = "Bezig met verbinden…";
    try {
      if (!shared) {
        const response = await api.setUp(values as unknown as SetupRequest);
        await refreshStatus();
        showRecoveryKey(response.recovery_key, true);
      } else if (joining) {
        const warning = await api.joinShared({ connection: connectionRequest(values), recovery_key: values.recovery_key ?? "" });
        await route();
        notify(warning ? "warning" : "ok", warning ?? "Deze werkplek is gekoppeld aan de gedeelde database. Log in met uw eigen account.");
      } else {
        const setup: SetupRequest = {
          municipality_name: values.municipality_name ?? "",
          postal_address: values.postal_address ?? "",
          visiting_address: values.visiting_address ?? "",
          phone: values.phone ?? "",
          website: values.website ?? "",
          admin_username: values.admin_username ?? "",
          admin_display_name: values.admin_display_name ?? "",
          admin_job_title: values.admin_job_title ?? "",
          admin_password: values.admin_password ?? "",
          admin_password_repeat: values.admin_password_repeat ?? "",
        };
        const response = await api.setUpShared({
          connection: connectionRequest(values),
          desk_user: values.desk_user ?? "",
          desk_password: values.desk_password ?? "",
          setup,
        });
        await refreshStatus();
        showRecoveryKey(response.recovery_key, true);
        if (response.warning) notify("warning", response.warning);
      }
    } catch (error) {
      handleConnectionError(error, form);
    } finally {
      submit.disabled = false;
      submit.textContent = label;
    }
  });
  show(h("section", { class: "panel" }, h("h1", { class: "utrecht-heading-1" }, "Welkom bij Klachtbalie"), intro, form));
  (form.querySelector(remembered ? "#f-db_password" : "#f-admin_display_name") as HTMLElement | null)?.focus();
}

// ---------------------------------------------------------------- shared database not reachable
/** The shared database did not answer (or refused the connection) at start. */
function showUnreachable(current: AppStatus): void {
  const retry = button("Opnieuw proberen", { id: "retry-start" });
  const form = h(
    "form",
    { id: "connection-form", novalidate: true },
    connectionFields(current.shared),
    h(
      "button",
      { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "connection-submit" },
      "Opslaan en verbinden",
    ),
  );
  const again = async (work: () => Promise<AppStatus>, trigger: HTMLButtonElement): Promise<void> => {
    const label = trigger.textContent;
    trigger.disabled = true;
    trigger.textContent = "Bezig met verbinden…";
    try {
      const next = await work();
      if (next.phase === "unreachable") {
        showUnreachable(next);
        notify("error", "Er is nog steeds geen verbinding met de gedeelde database.");
      } else {
        await route();
        if (next.reason && next.phase !== "recovery") notify("warning", next.reason);
      }
    } catch (error) {
      handleConnectionError(error, form);
    } finally {
      trigger.disabled = false;
      trigger.textContent = label;
    }
  };
  retry.addEventListener("click", () => void again(() => api.retryStart(), retry));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    void again(
      () => api.changeConnection(connectionRequest(readForm(form))),
      form.querySelector("#connection-submit") as HTMLButtonElement,
    );
  });
  show(
    h(
      "section",
      { class: "panel narrow", "aria-labelledby": "unreachable-title" },
      h("h1", { class: "utrecht-heading-1", id: "unreachable-title" }, "Geen verbinding met de gedeelde database"),
      alertBox("error", current.reason ?? "De gedeelde database is niet bereikbaar.", "unreachable-reason"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Er is niets gewijzigd; wat al in de database staat, blijft bewaard. Probeer het opnieuw zodra de verbinding er weer is.",
      ),
      h("div", { class: "utrecht-button-group" }, retry),
      h(
        "details",
        { id: "connection-details" },
        h("summary", {}, "Verbindingsgegevens aanpassen (nieuw wachtwoord, andere server of certificaat)"),
        h("p", { class: "field-hint" }, "Vul ook het wachtwoord in. De nieuwe gegevens worden pas bewaard als de verbinding ermee lukt."),
        form,
      ),
    ),
  );
  retry.focus();
}

// ---------------------------------------------------------------- recovery key (shown once)
function showRecoveryKey(recoveryKey: string, afterSetup: boolean): void {
  header.hidden = true;
  const confirm = h("input", { type: "checkbox", id: "recovery-confirm", class: "utrecht-checkbox utrecht-checkbox--html-input" });
  const next = button(afterSetup ? "Verder naar Klachtbalie" : "Verder", { id: "recovery-continue", disabled: true });
  const saveResult = h("div", { id: "recovery-save-result" });
  confirm.addEventListener("change", () => {
    next.disabled = !confirm.checked;
  });
  const save = button("Opslaan als PDF", { id: "recovery-save" }, false);
  save.addEventListener("click", async () => {
    try {
      const saved = await api.saveRecoveryKeyPdf();
      saveResult.replaceChildren(
        alertBox(
          "ok",
          saved.opened
            ? `De herstelsleutel is opgeslagen in ${saved.path} en geopend. Print hem en bewaar hem veilig.`
            : `De herstelsleutel is opgeslagen in ${saved.path}. Print hem en bewaar hem veilig.`,
        ),
      );
    } catch (error) {
      handleError(error);
    }
  });
  next.addEventListener("click", async () => {
    try {
      await api.confirmRecoveryKeySaved();
      await route();
    } catch (error) {
      handleError(error);
    }
  });
  show(
    h(
      "section",
      { class: "panel narrow", "aria-labelledby": "recovery-title" },
      h("h1", { class: "utrecht-heading-1", id: "recovery-title" }, "Bewaar uw herstelsleutel"),
      alertBox(
        "warning",
        "Deze sleutel ziet u maar één keer. Zonder deze sleutel zijn de klachten onleesbaar als de sleutelkluis van deze computer verloren gaat (nieuwe computer, nieuw account). Bewaar hem niet op deze computer.",
      ),
      h(
        "p",
        { class: "recovery-key", id: "recovery-key", tabindex: "0", "aria-label": "Herstelsleutel" },
        // <wbr> lets the key wrap only between groups; copying it yields the plain key.
        ...recoveryKey.split("-").flatMap((group, index) => (index === 0 ? [group] : ["-", h("wbr"), group])),
      ),
      h("div", { class: "utrecht-button-group" }, save),
      saveResult,
      h(
        "p",
        { class: "utrecht-paragraph" },
        h(
          "label",
          { for: "recovery-confirm" },
          confirm,
          " Ik heb de herstelsleutel veilig bewaard (geprint of in de wachtwoordkluis van de gemeente).",
        ),
      ),
      next,
    ),
  );
  save.focus();
}

// ---------------------------------------------------------------- unlock with recovery key
function showRecovery(reason: string, shared: SharedConnectionView | null): void {
  const form = h(
    "form",
    { id: "recovery-form", novalidate: true },
    field("recovery_key", "Herstelsleutel", {
      required: true,
      hint: "17 groepen van 4 tekens, bijvoorbeeld 1A2B-3C4D-… Streepjes en spaties mogen.",
      wide: true,
    }),
    h(
      "button",
      { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "recovery-submit" },
      shared ? "Werkplek koppelen" : "Database openen",
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const key = (form.querySelector("#f-recovery_key") as HTMLInputElement).value;
    try {
      const warning = await api.unlockWithRecoveryKey(key);
      if (warning) notify("warning", warning);
      else notify("ok", "De database is geopend en de sleutel staat weer in de sleutelkluis.");
      await route();
    } catch (error) {
      const problem = asCommandError(error);
      showFieldErrors(form, [{ field: "recovery_key", message: problem.message }]);
    }
  });
  show(
    h(
      "section",
      { class: "panel narrow" },
      h("h1", { class: "utrecht-heading-1" }, shared ? "Werkplek koppelen" : "Herstelsleutel nodig"),
      alertBox("warning", reason),
      h(
        "p",
        { class: "utrecht-paragraph" },
        shared
          ? `Deze werkplek werkt met de gedeelde database ${shared.database} op ${shared.host}. Vul de herstelsleutel in die werd getoond toen de database werd ingericht. Een verkeerde sleutel verandert niets.`
          : "Vul de herstelsleutel in die bij de installatie is getoond. Een verkeerde sleutel verandert niets aan de database.",
      ),
      form,
    ),
  );
  (form.querySelector("input") as HTMLElement | null)?.focus();
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
      worklistFilter = { ...noFilter };
      worklistPage = 0;
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
      showApp(current);
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
    h("span", { class: "brand" }, `Klachtbalie · ${current.municipality_name ?? ""}`),
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
      filterChoices = null;
    });
  else if (currentView === "users") void showUsers(shell);
  else if (currentView === "audit") void showAuditLog(shell);
  else if (currentView === "settings") void showSettings();
  else if (currentView === "report") void showReport(shell);
  else if (currentView === "about") void showAbout(shell);
  else if (currentView === "access") {
    void showAccessRequests(shell, accessSelected);
    accessSelected = undefined;
  } else if (currentView === "destruction")
    void showDestruction(shell, (reference) => void showComplaint(shell, reference, () => showApp(current)));
  else if (currentView === "dashboard") void showDashboard(shell, (link) => openWorklistWith(current, link));
  else if (currentView === "letters") void showLetterTemplates(shell);
  else void showWorklist();
}

/** A figure on the dashboard: the worklist with only its filter, every complaint the user may see. */
function openWorklistWith(current: AppStatus, link: WorklistLink): void {
  worklistFilter = { ...NO_FILTER, ...link };
  worklistScope = "all";
  worklistPage = 0;
  currentView = "worklist";
  showApp(current);
}

/** Reads the shown worklist page again (after a draft above it was approved, say). */
async function refreshWorklistRows(): Promise<void> {
  const worklist = shownWorklist;
  if (!worklist || !worklist.body.isConnected) return;
  try {
    fillWorklist(worklist, await api.worklist(worklist.scope, worklistFilter, worklistPage));
  } catch (error) {
    handleError(error);
  }
}

async function showWorklist(): Promise<void> {
  const user = status?.user ?? null;
  // KCC and coördinator may see every complaint; a handler only their own (Rust enforces it).
  const seesAll = may(user).all_complaints;
  const hasOwn = Boolean(user?.official_id);
  const scope: WorklistScopeRequest = !seesAll ? "mine" : hasOwn ? worklistScope : "all";
  const table = h(
    "table",
    { class: "worklist", id: "worklist", "data-scope": scope },
    h("caption", { class: "muted" }, "Open klachten, eerstvolgende termijn bovenaan; daarna afgesloten klachten met een open taak"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...["Status", "Kenmerk", "Klager", "Onderwerp", "Behandelaar", "Beslistermijn", "Eerstvolgende termijn", ""].map((text) =>
          h("th", { scope: "col" }, text),
        ),
      ),
    ),
  );
  const body = h("tbody");
  table.append(body);
  const pager = h("nav", { class: "pager", id: "worklist-pager", "aria-label": "Pagina's van de werkvoorraad" });
  const reminders = h("div", { id: "reminders" });
  const approvals = h("div", { id: "approvals" });
  const accessDue = h("div", { id: "access-due" });
  shownWorklist = { body, pager, scope, reminders, approvals };
  const tabs = h("div", { class: "utrecht-button-group", role: "group", "aria-label": "Welke klachten" });
  if (seesAll && hasOwn) {
    for (const [value, label] of [
      ["mine", "Mijn klachten"],
      ["all", "Alle klachten"],
    ] as Array<[WorklistScopeRequest, string]>) {
      const tab = button(label, { id: `scope-${value}`, "aria-pressed": String(value === scope) }, value === scope);
      tab.addEventListener("click", () => {
        worklistScope = value;
        worklistPage = 0;
        void showWorklist();
      });
      tabs.append(tab);
    }
  }
  if (!filterChoices) {
    try {
      const [procedure, organisation] = await Promise.all([api.procedureOptions(), api.listOrganisation()]);
      filterChoices = {
        statuses: procedure.statuses.map((c): [string, string] => [c.code, c.label]),
        departments: organisation.departments.map((d): [string, string] => [d.id, d.name]),
        handlers: organisation.officials.filter((o) => o.function !== "medewerker").map((o): [string, string] => [o.id, o.name]),
      };
    } catch (error) {
      handleError(error);
      return;
    }
  }
  const filters = h(
    "form",
    { id: "worklist-filter", class: "filters", role: "search", novalidate: true },
    field("search", "Zoeken", { value: worklistFilter.search, hint: "Kenmerk, naam of tekst." }),
    field("status", "Status", { type: "select", options: [["", "Alle"], ...filterChoices.statuses], value: worklistFilter.status }),
    field("department_id", "Afdeling", {
      type: "select",
      options: [["", "Alle"], ...filterChoices.departments],
      value: worklistFilter.department_id,
    }),
    field("handler_id", "Behandelaar", {
      type: "select",
      options: [["", "Alle"], ...filterChoices.handlers],
      value: worklistFilter.handler_id,
    }),
    field("complaint_type", "Soort", {
      type: "select",
      options: [
        ["", "Alle"],
        ["bejegening", "Bejegening"],
        ["dienstverlening", "Dienstverlening"],
      ],
      value: worklistFilter.complaint_type,
    }),
    h(
      "label",
      { class: "overdue" },
      h("input", { type: "checkbox", id: "f-overdue_only", name: "overdue_only", checked: worklistFilter.overdue_only }),
      " Alleen te laat",
    ),
    h(
      "label",
      { class: "overdue" },
      h("input", { type: "checkbox", id: "f-due_soon_only", name: "due_soon_only", checked: worklistFilter.due_soon_only }),
      " Alleen binnenkort",
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "filter-submit" }, "Filteren"),
  );
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = readForm(filters);
    worklistFilter = {
      search: values.search ?? "",
      status: values.status ?? "",
      department_id: values.department_id ?? "",
      handler_id: values.handler_id ?? "",
      complaint_type: values.complaint_type ?? "",
      overdue_only: (filters.querySelector("#f-overdue_only") as HTMLInputElement).checked,
      due_soon_only: (filters.querySelector("#f-due_soon_only") as HTMLInputElement).checked,
    };
    worklistPage = 0;
    void showWorklist();
  });
  const watchesDeadlines = may(user).work_on_complaints;
  if (watchesDeadlines) {
    const ics = button("Termijnen naar agenda (Outlook)", { id: "export-ics" }, false);
    ics.addEventListener("click", async () => {
      try {
        const saved = await api.exportDeadlinesIcs();
        notify("ok", `De termijnen zijn opgeslagen in ${saved.path}. Open dit bestand in Outlook om ze in uw agenda te zetten.`);
      } catch (error) {
        handleError(error);
      }
    });
    tabs.append(ics);
  }
  const printing = h("div", { id: "print-status" });
  if (may(user).work_on_complaints) tabs.append(batchPrintButton(shell, printing));
  const firstSteps = may(user).organisation && filterChoices.departments.length === 0 ? firstStepsPanel() : null;
  show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, scope === "mine" ? "Mijn klachten" : "Werkvoorraad"),
      firstSteps,
      approvals,
      accessDue,
      reminders,
      tabs,
      printing,
      filters,
      table,
      pager,
    ),
  );
  if (may(user).approve_decisions) void approvalPanel(shell, approvals, openFromWorklist, () => void refreshWorklistRows());
  if (watchesDeadlines) fillReminders(reminders, false);
  if (may(user).access_requests && status) {
    const current = status;
    void fillAccessRequestsDue(accessDue, (number) => {
      accessSelected = number;
      currentView = "access";
      showApp(current);
    });
  }
  try {
    fillWorklist(shownWorklist, await api.worklist(scope, worklistFilter, worklistPage));
  } catch (error) {
    handleError(error);
  }
}

/** A fresh set-up: what the Beheerder does first, in order, each a step away. */
function firstStepsPanel(): HTMLElement {
  const go = (view: View) => () => {
    if (status) {
      currentView = view;
      showApp(status);
    }
  };
  const steps: Array<[string, string, View]> = [
    [
      "Voer het organogram in: afdelingen, managers en medewerkers. Zonder organogram kan geen klacht worden toegewezen.",
      "Naar Organisatie",
      "organisation",
    ],
    ["Maak accounts voor het KCC, de klachtbehandelaars en de klachtcoördinator.", "Naar Gebruikers", "users"],
    ["Controleer het briefpapier, het logo en de termijnen.", "Naar Instellingen", "settings"],
    ["Maak een eerste back-up.", "Naar Instellingen", "settings"],
  ];
  return h(
    "section",
    { class: "utrecht-alert utrecht-alert--info first-steps", id: "first-steps", "aria-labelledby": "first-steps-title" },
    h("h2", { class: "utrecht-heading-2", id: "first-steps-title" }, "Eerste stappen"),
    h(
      "ol",
      {},
      ...steps.map(([text, label, view], index) => {
        const link = button(label, { "data-first-step": String(index + 1) }, index === 0);
        link.addEventListener("click", go(view));
        return h("li", {}, `${text} `, link);
      }),
    ),
  );
}

/** Back from a complaint opened at the intake (a possible duplicate) to the form as typed. */
function backToIntake(): void {
  currentView = "intake";
  void showIntake(shell, backToIntake);
}

function openFromWorklist(reference: string): void {
  void showComplaint(shell, reference, () => void showWorklist());
}

/** The deadlines that need attention (DL-09), above the worklist. */
function fillReminders(holder: HTMLElement, live: boolean): void {
  api
    .dueReminders(live)
    .then((due) => {
      if (due.length === 0) {
        holder.replaceChildren();
        return;
      }
      const list = h(
        "ul",
        {},
        ...due.slice(0, 10).map((reminder) => h("li", {}, h("span", { class: `light light--${reminder.light}` }), ` ${reminder.text}`)),
      );
      const more = due.length > 10 ? h("p", { class: "muted" }, `En nog ${due.length - 10} meer; zie de lijst hieronder.`) : null;
      holder.replaceChildren(
        h(
          "div",
          { class: "utrecht-alert utrecht-alert--warning", role: "status" },
          h("p", { class: "utrecht-paragraph" }, h("strong", {}, "Termijnen die aandacht vragen")),
          list,
          more,
        ),
      );
    })
    .catch((error) => handleError(error));
}

/**
 * The worklist's rows and its pager; a live update replaces only these, never the filters
 * being typed in. A page that emptied (the last complaint on it closed) falls back a page.
 */
function fillWorklist(shown: ShownWorklist, page: WorklistPageView): void {
  const { body, pager } = shown;
  const user = status?.user ?? null;
  if (page.rows.length === 0 && page.page > 0) {
    worklistPage = Math.max(0, Math.ceil(page.total / page.page_size) - 1);
    void api
      .worklist(shown.scope, worklistFilter, worklistPage, true)
      .then((previous) => fillWorklist(shown, previous))
      .catch(handleError);
    return;
  }
  body.replaceChildren();
  if (page.rows.length === 0) {
    body.append(h("tr", {}, h("td", { colspan: "8" }, "Geen klachten voor dit overzicht.")));
  }
  const first = page.page * page.page_size + 1;
  const last = page.page * page.page_size + page.rows.length;
  const pages = Math.max(1, Math.ceil(page.total / page.page_size));
  const go = (to: number) => (): void => {
    worklistPage = to;
    void api
      .worklist(shown.scope, worklistFilter, to)
      .then((next) => {
        fillWorklist(shown, next);
        (pager.querySelector("#pager-summary") as HTMLElement | null)?.focus();
      })
      .catch(handleError);
  };
  const previous = button("Vorige pagina", { id: "pager-previous" }, false);
  previous.disabled = page.page === 0;
  previous.addEventListener("click", go(page.page - 1));
  const next = button("Volgende pagina", { id: "pager-next" }, false);
  next.disabled = last >= page.total;
  next.addEventListener("click", go(page.page + 1));
  pager.replaceChildren(
    h(
      "p",
      { id: "pager-summary", class: "muted", tabindex: "-1", "aria-live": "polite", "data-total": String(page.total) },
      page.total === 0
        ? "Geen klachten"
        : page.total === 1
          ? "1 klacht"
          : pages === 1
            ? `${page.total} klachten`
            : `Klacht ${first} tot en met ${last} van ${page.total} · pagina ${page.page + 1} van ${pages}`,
    ),
    h("div", { class: "utrecht-button-group", hidden: pages === 1 }, previous, next),
  );
  // A closed complaint with an open task (a letter not yet registered as sent) has no running
  // term: it is listed apart, after the open complaints, with what is still to do.
  const openRows = page.rows.filter((row) => row.next_deadline !== "" || row.open_tasks === 0);
  const taskRows = page.rows.filter((row) => row.next_deadline === "" && row.open_tasks > 0);
  for (const row of [...openRows, ...taskRows]) {
    const onlyTask = taskRows.includes(row);
    if (onlyTask && row === taskRows[0]) {
      body.append(
        h(
          "tr",
          { class: "group-row", id: "worklist-task-group" },
          h("th", { colspan: "8", scope: "colgroup" }, "Afgesloten klachten met een open taak"),
        ),
      );
    }
    const open = rowButton("Openen", row.reference, { "data-open": row.reference });
    open.addEventListener("click", () => void showComplaint(shell, row.reference, () => void showWorklist()));
    const actions = h("td", {}, h("div", { class: "utrecht-button-group" }, open));
    if (row.needs_acknowledgement && may(user).print_acknowledgements) {
      // The soft hyphen lets the long word break in a narrow column (1024 px, zoom).
      const ack = rowButton("Ontvangst\u00ADbevestiging", `maken voor ${row.reference}`, { "data-ack": row.reference });
      ack.addEventListener("click", () => void openAcknowledgement(shell, row.reference, ack));
      actions.firstElementChild?.append(ack);
    }
    body.append(
      h(
        "tr",
        { "data-reference": row.reference },
        h(
          "td",
          {},
          onlyTask
            ? h("span", { class: "light light--task", "data-light": "task" }, "open taak")
            : h("span", { class: `light light--${row.light}`, "data-light": row.light }, row.light_label),
          h("div", { class: "muted", "data-status": row.status_code }, row.status),
        ),
        h("td", {}, h("strong", {}, row.reference), h("div", { class: "muted" }, `ontvangen ${row.received_on}`)),
        h("td", {}, row.complainant_name),
        h("td", {}, row.subject, h("div", { class: "muted" }, row.department_name)),
        h("td", {}, row.handler_name),
        h("td", { "data-decision-due": row.decision_due }, row.decision_due_text),
        h(
          "td",
          {},
          ...(onlyTask
            ? [
                h(
                  "span",
                  { "data-open-task": row.reference },
                  row.open_tasks === 1 ? "Nog te doen: 1 taak (zie het dossier)" : `Nog te doen: ${row.open_tasks} taken (zie het dossier)`,
                ),
              ]
            : [row.next_deadline_text, h("div", { class: "muted" }, row.next_deadline_label)]),
        ),
        actions,
      ),
    );
  }
}

// ---------------------------------------------------------------- live updates
/** The worklist on screen, if any: a live update refreshes its rows. */
type ShownWorklist = { body: HTMLElement; pager: HTMLElement; scope: WorklistScopeRequest; reminders: HTMLElement; approvals: HTMLElement };
let shownWorklist: ShownWorklist | null = null;
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
    const worklist = shownWorklist;
    if (!worklist || !worklist.body.isConnected) return;
    const page = await api.worklist(worklist.scope, worklistFilter, worklistPage, true);
    if (!worklist.body.isConnected || !lock.hidden) return;
    fillWorklist(worklist, page);
    // The panels above the list change with the complaints too; an approval being read
    // (its buttons open) is left alone.
    const user = status?.user ?? null;
    if (may(user).work_on_complaints) fillReminders(worklist.reminders, true);
    if (may(user).approve_decisions && !worklist.approvals.querySelector("#draft-approve")) {
      void approvalPanel(shell, worklist.approvals, openFromWorklist, () => void refreshWorklistRows(), true);
    }
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

async function showSettings(): Promise<void> {
  let settings: SettingsData;
  try {
    settings = await api.getSettings();
  } catch (error) {
    handleError(error);
    return;
  }
  const form = h(
    "form",
    { id: "settings-form", novalidate: true },
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Briefpapier"),
      h(
        "div",
        { class: "form-grid" },
        field("municipality_name", "Naam van de gemeente", { required: true, value: settings.municipality_name }),
        field("phone", "Telefoonnummer", { value: settings.phone }),
        field("postal_address", "Postadres (retouradres)", { required: true, value: settings.postal_address }),
        field("visiting_address", "Bezoekadres", { value: settings.visiting_address }),
        field("website", "Website", { value: settings.website }),
        field("signature_lines", "Afsluiting boven de ondertekening", {
          type: "textarea",
          value: settings.signature_lines,
          wide: true,
          hint: "Elke regel hier wordt een regel in de brief, bijvoorbeeld 'Met vriendelijke groet,' en 'namens het college van burgemeester en wethouders van Diemen,'. Daaronder komen naam en functie van de behandelaar.",
        }),
        logoField(shell, settings.has_logo),
      ),
    ),
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Beveiliging en termijnen"),
      h(
        "div",
        { class: "form-grid" },
        field("lock_minutes", "Vergrendelen na … minuten zonder activiteit", {
          required: true,
          value: settings.lock_minutes,
          hint: "Van 1 tot en met 120; standaard 15.",
        }),
        field("acknowledgement_days", "Ontvangstbevestiging binnen … werkdagen", {
          required: true,
          value: settings.acknowledgement_days,
          hint: "Interne norm; standaard 5.",
        }),
        field("first_contact_days", "Eerste contact met de klager binnen … werkdagen", {
          required: true,
          value: settings.first_contact_days,
          hint: "Interne norm; standaard 5.",
        }),
        field("due_soon_days", "'Binnenkort' vanaf … werkdagen voor een termijn", {
          required: true,
          value: settings.due_soon_days,
          hint: "Oranje in de werkvoorraad; standaard 5.",
        }),
        field("extra_holidays", "Extra feestdagen bij koninklijk besluit", {
          type: "textarea",
          value: settings.extra_holidays,
          hint: "Eén datum per regel, bijvoorbeeld 15-05-2026. Termijnen die op zo'n dag eindigen, schuiven door (Algemene termijnenwet).",
        }),
      ),
    ),
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Namen van functies"),
      h(
        "p",
        { class: "field-hint" },
        "Zoals uw gemeente ze noemt; ze staan in het scherm en in de brieven. Diemen zegt bijvoorbeeld teamleider en directeur. Wie een klacht behandelt, verandert hierdoor niet.",
      ),
      h(
        "div",
        { class: "form-grid" },
        field("label_medewerker", "Medewerker", { required: true, value: settings.label_medewerker }),
        field("label_afdelingsmanager", "Afdelingsmanager", { required: true, value: settings.label_afdelingsmanager }),
        field("label_gemeentesecretaris", "Gemeentesecretaris", { required: true, value: settings.label_gemeentesecretaris }),
        field("label_wethouder", "Wethouder", { required: true, value: settings.label_wethouder }),
        field("label_burgemeester", "Burgemeester", { required: true, value: settings.label_burgemeester }),
      ),
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "settings-submit" }, "Instellingen opslaan"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      await api.saveSettings(readForm(form) as unknown as SettingsData);
      status = await refreshStatus();
      notify("ok", "De instellingen zijn opgeslagen.");
    } catch (error) {
      handleError(error, form);
    }
  });
  const current = status;
  const backup = await backupPanel(shell, () => {
    if (current) void refreshBackupNotice(notices, () => showApp(current));
  });
  const retention = await retentionPanel(shell);
  show(h("section", { class: "panel" }, h("h1", { class: "utrecht-heading-1" }, "Instellingen"), form), backup, retention);
}

route().catch((error) => {
  show(alertBox("error", `Klachtbalie kon niet starten: ${asCommandError(error).message}`));
});
