// The Werkvoorraad: the complaints a user works on or watches, nearest deadline first, with its
// filters, pages and the panels above it (first steps, approvals, access requests due,
// reminders). The filters survive moving to a complaint and back; the frame (main.ts) opens the
// other screens.
import { api } from "./api";
import { fillAccessRequestsDue } from "./access";
import type { WorklistLink } from "./dashboard";
import { showComplaint } from "./complaint";
import { button, field, h, readForm, rowButton } from "./dom";
import { approvalPanel, batchPrintButton } from "./letters";
import { openAcknowledgement } from "./intake";
import type { WorklistFilterRequest, WorklistPageView, WorklistScopeRequest } from "./generated/ipc";
import { may, type Shell } from "./shell";

/** The frame's screens the worklist opens. */
export type FrameView = "access" | "organisation" | "users" | "settings";

/** What the worklist needs from the frame. */
export interface WorklistFrame {
  shell: Shell;
  /** Shows another screen of the frame; `accessRequest`: the request the Inzageverzoeken screen opens. */
  go(view: FrameView, accessRequest?: string): void;
}

let frame: WorklistFrame;
const shell: Shell = {
  show: (...content: Node[]) => frame.shell.show(...content),
  notify: (kind, text) => frame.shell.notify(kind, text),
  handleError: (error, form) => frame.shell.handleError(error, form),
  user: () => frame.shell.user(),
};
const { show, notify, handleError } = shell;

let worklistScope: WorklistScopeRequest = "all";

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

/** The worklist page on screen (from 0); a new filter or scope starts at the first. */
let worklistPage = 0;

/** The worklist on screen, if any: a live update refreshes its rows. */
type ShownWorklist = { body: HTMLElement; pager: HTMLElement; scope: WorklistScopeRequest; reminders: HTMLElement; approvals: HTMLElement };
let shownWorklist: ShownWorklist | null = null;

/** Another user signed in: the filters start empty again. */
export function resetWorklistFilter(): void {
  worklistFilter = { ...NO_FILTER };
  worklistPage = 0;
}

/** The chart changed: the filters' departments and handlers are read again. */
export function forgetFilterChoices(): void {
  filterChoices = null;
}

/** A figure on the dashboard: the worklist with only its filter, every complaint the user may see. */
export function filterWorklist(link: WorklistLink): void {
  worklistFilter = { ...NO_FILTER, ...link };
  worklistScope = "all";
  worklistPage = 0;
}

/**
 * A live update: reads the shown worklist page again, and the panels above it that change with
 * the complaints (an approval being read, its buttons open, is left alone). `unlocked`: asked
 * again after the read, since nothing may refresh behind the lock (SEC-03).
 */
export async function refreshShownWorklist(unlocked: () => boolean): Promise<void> {
  const worklist = shownWorklist;
  if (!worklist || !worklist.body.isConnected) return;
  const page = await api.worklist(worklist.scope, worklistFilter, worklistPage, true);
  if (!worklist.body.isConnected || !unlocked()) return;
  fillWorklist(worklist, page);
  const user = shell.user();
  if (may(user).work_on_complaints) fillReminders(worklist.reminders, true);
  if (may(user).approve_decisions && !worklist.approvals.querySelector("#draft-approve")) {
    void approvalPanel(shell, worklist.approvals, openFromWorklist, () => void refreshWorklistRows(), true);
  }
}

/** Reads the shown worklist page again (after a draft above it was approved, say). */
export async function refreshWorklistRows(): Promise<void> {
  const worklist = shownWorklist;
  if (!worklist || !worklist.body.isConnected) return;
  try {
    fillWorklist(worklist, await api.worklist(worklist.scope, worklistFilter, worklistPage));
  } catch (error) {
    handleError(error);
  }
}

export async function showWorklist(given?: WorklistFrame): Promise<void> {
  if (given) frame = given;
  const user = frame.shell.user();
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
  if (may(user).access_requests) void fillAccessRequestsDue(accessDue, (number) => frame.go("access", number));
  try {
    fillWorklist(shownWorklist, await api.worklist(scope, worklistFilter, worklistPage));
  } catch (error) {
    handleError(error);
  }
}

/** A fresh set-up: what the Beheerder does first, in order, each a step away. */
function firstStepsPanel(): HTMLElement {
  const go = (view: FrameView) => () => frame.go(view);
  const steps: Array<[string, string, FrameView]> = [
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

function openFromWorklist(reference: string): void {
  void showComplaint(shell, reference, () => void showWorklist());
}

/** More reminders than this fold the panel to its heading line. */
const FOLD_REMINDERS_ABOVE = 3;
/** Whether the user opened or closed the reminder panel (null: not yet, so by its length). */
let remindersOpen: boolean | null = null;

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
      // A few reminders are shown; a backlog folds to one line with its count, so the
      // worklist stays in view; the user's own choice is kept over live updates.
      const panel = h(
        "details",
        { class: "reminders-panel", id: "reminders-panel" },
        h("summary", {}, h("strong", {}, `Termijnen die aandacht vragen (${due.length})`)),
        list,
        more,
      ) as HTMLDetailsElement;
      panel.open = remindersOpen ?? due.length <= FOLD_REMINDERS_ABOVE;
      panel.addEventListener("toggle", () => {
        remindersOpen = panel.open;
      });
      holder.replaceChildren(h("div", { class: "utrecht-alert utrecht-alert--warning", role: "status" }, panel));
    })
    .catch((error) => handleError(error));
}

/**
 * The worklist's rows and its pager; a live update replaces only these, never the filters
 * being typed in. A page that emptied (the last complaint on it closed) falls back a page.
 */
function fillWorklist(shown: ShownWorklist, page: WorklistPageView): void {
  const { body, pager } = shown;
  const user = frame.shell.user();
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
    // A search for a word most complaints share says what it left out (shared store).
    h(
      "p",
      { class: "utrecht-alert utrecht-alert--warning", role: "status", id: "search-note", hidden: page.search_note === "" },
      page.search_note,
    ),
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
